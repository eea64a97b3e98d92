//! Normalised text that remembers where every byte came from.
//!
//! The parser reads lines of the document text and works on tidied copies of
//! them (single-spaced, artefacts removed, lines joined into paragraphs).
//! Every tidied string keeps the source offset of its text, so any field can
//! carry a `span` into the original text.
//!
//! Tidying copies the source byte for byte except where white space is
//! collapsed or text is cut out, so the offsets are kept as runs: each run
//! says where a stretch of copied bytes starts in the tidied text and in the
//! source. A line typically has one run, however long it is.

use minutebook_record::Span;

/// A tidied string and where its bytes came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Norm {
    /// The tidied text.
    pub text: String,
    /// `(position in text, source offset)` where each run of copied bytes
    /// starts, in order; the first starts at 0. A space in the text is not
    /// copied (it stands for white space that was collapsed, or a join): it
    /// maps where the byte after it came from.
    runs: Runs,
}

/// A run: where it starts in the tidied text, and in the source.
type Run = (usize, usize);

/// The runs of a string, the first kept inline: most strings have only
/// one, and then cloning or slicing allocates nothing for them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Runs {
    first: Option<Run>,
    rest: Vec<Run>,
}

impl Runs {
    fn last(&self) -> Option<Run> {
        self.rest.last().copied().or(self.first)
    }

    fn push(&mut self, run: Run) {
        if self.first.is_none() {
            self.first = Some(run);
        } else {
            self.rest.push(run);
        }
    }

    /// Append `run` unless the last run already maps it.
    fn extend_with(&mut self, run: Run) {
        let (here, at) = run;
        let continues = self.last().is_some_and(|(t, s)| s + (here - t) == at);
        if !continues {
            self.push(run);
        }
    }

    fn iter(&self) -> impl Iterator<Item = Run> + '_ {
        self.first.into_iter().chain(self.rest.iter().copied())
    }

    /// Index of the run holding text position `k` (the first starts at 0).
    fn index_at(&self, k: usize) -> usize {
        self.rest.partition_point(|&(t, _)| t <= k)
    }

    fn get(&self, i: usize) -> Option<Run> {
        match i.checked_sub(1) {
            None => self.first,
            Some(r) => self.rest.get(r).copied(),
        }
    }
}

/// Characters that count as a space when tidying.
fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{a0}' | '\u{200b}' | '\u{feff}')
}

/// The length of the white-space character at byte `i` of `src`, if one
/// starts there.
fn space_len(src: &str, i: usize) -> Option<usize> {
    let b = *src.as_bytes().get(i)?;
    if b.is_ascii() {
        return (b as char).is_whitespace().then_some(1);
    }
    let c = src.get(i..)?.chars().next()?;
    is_space(c).then(|| c.len_utf8())
}

/// The length of the character at byte `i` of `src` (1 past the end).
fn char_len(src: &str, i: usize) -> usize {
    if src.as_bytes().get(i).is_some_and(u8::is_ascii) {
        return 1;
    }
    src.get(i..)
        .and_then(|s| s.chars().next())
        .map_or(1, char::len_utf8)
}

impl Norm {
    /// Tidy `src` (which starts at byte `start` of the document): runs of
    /// white space become one space, and the ends are trimmed.
    pub fn from_source(src: &str, start: usize) -> Self {
        let mut out = Norm::default();
        out.push_source(src, start);
        out
    }

    /// Append tidied `src`, separated from what is there by one space.
    pub fn push_source(&mut self, src: &str, start: usize) {
        self.text.reserve(src.len());
        let mut pending_space = !self.text.is_empty();
        let bytes = src.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            // The longest stretch that needs no tidying: words with single
            // ASCII spaces between them.
            let from = i;
            while i < bytes.len() {
                // ASCII letters, figures, punctuation, and single spaces
                // before them: the common case, decided on the byte.
                let b = bytes[i];
                if b.is_ascii_graphic() {
                    i += 1;
                    continue;
                }
                if b == b' ' && i > from && bytes.get(i + 1).is_some_and(u8::is_ascii_graphic) {
                    i += 2;
                    continue;
                }
                match space_len(src, i) {
                    None => i += char_len(src, i),
                    Some(1)
                        if bytes[i] == b' '
                            && i > from
                            && i + 1 < bytes.len()
                            && space_len(src, i + 1).is_none() =>
                    {
                        i += 1
                    }
                    Some(_) => break,
                }
            }
            if i > from {
                if pending_space {
                    self.text.push(' ');
                    pending_space = false;
                }
                self.copied(&src[from..i], start + from);
            } else {
                i += space_len(src, i).unwrap_or(1);
                pending_space = !self.text.is_empty();
            }
        }
    }

    /// Append bytes copied from source offset `at`.
    fn copied(&mut self, piece: &str, at: usize) {
        self.runs.extend_with((self.text.len(), at));
        self.text.push_str(piece);
    }

    /// Append another tidied string after one space.
    pub fn push_spaced(&mut self, other: &Norm) {
        if other.text.is_empty() {
            return;
        }
        if !self.text.is_empty() {
            self.text.push(' ');
        }
        let shift = self.text.len();
        for (t, s) in other.runs.iter() {
            self.runs.extend_with((shift + t, s));
        }
        self.text.push_str(&other.text);
    }

    /// Whether there is no text.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The source offset of text byte `k` (`k` < text length).
    fn source_of(&self, k: usize) -> Option<usize> {
        // A space maps where the byte after it came from.
        let k = if self.text.as_bytes().get(k) == Some(&b' ') {
            k + 1
        } else {
            k
        };
        let (t, s) = self.runs.get(self.runs.index_at(k))?;
        Some(s + k.checked_sub(t)?)
    }

    /// The part of this string in the byte range `a..b` (char boundaries
    /// are adjusted inwards), trimmed.
    pub fn slice(&self, a: usize, b: usize) -> Norm {
        let len = self.text.len();
        let mut a = a.min(len);
        while a < len && !self.text.is_char_boundary(a) {
            a += 1;
        }
        let mut b = b.min(len);
        while b > 0 && !self.text.is_char_boundary(b) {
            b -= 1;
        }
        if b <= a {
            return Norm::default();
        }
        let piece = &self.text[a..b];
        let lead = piece.len() - piece.trim_start().len();
        let trail = piece.len() - piece.trim_end().len();
        let (a, b) = (a + lead, b - trail);
        if b <= a {
            return Norm::default();
        }
        let first = self.runs.index_at(a);
        let mut runs = Runs::default();
        for (i, (t, s)) in self.runs.iter().enumerate().skip(first) {
            if t >= b {
                break;
            }
            runs.push(if i == first {
                (0, s + (a - t))
            } else {
                (t - a, s)
            });
        }
        Norm {
            text: self.text[a..b].to_owned(),
            runs,
        }
    }

    /// The source span of the byte range `a..b` of this string.
    pub fn span_of(&self, a: usize, b: usize) -> Option<Span> {
        if a >= b || b > self.text.len() {
            return None;
        }
        Some([self.source_of(a)?, self.source_of(b - 1)? + 1])
    }

    /// The source span of the whole string.
    pub fn span(&self) -> Option<Span> {
        self.span_of(0, self.text.len())
    }

    /// Remove the byte range `a..b`, joining what is either side with at
    /// most one space.
    pub fn cut(&self, a: usize, b: usize) -> Norm {
        let mut out = self.slice(0, a);
        out.push_spaced(&self.slice(b, self.text.len()));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidies_and_keeps_offsets() {
        let src = "  RESOLVED:\u{a0}\u{a0}That   the report";
        let n = Norm::from_source(src, 100);
        assert_eq!(n.text, "RESOLVED: That the report");
        let at = n.text.find("That").unwrap();
        let span = n.span_of(at, at + 4).unwrap();
        assert_eq!(&src[span[0] - 100..span[1] - 100], "That");
    }

    #[test]
    fn joins_lines_with_one_space() {
        let mut n = Norm::from_source("the role of the", 0);
        n.push_spaced(&Norm::from_source("Improvement Board", 40));
        assert_eq!(n.text, "the role of the Improvement Board");
        assert_eq!(n.span(), Some([0, 57]));
    }

    #[test]
    fn slices_inside_a_character_are_safe() {
        let n = Norm::from_source("a’b", 0);
        assert_eq!(n.slice(2, 3).text, "");
        assert_eq!(n.slice(0, 2).text, "a");
        assert_eq!(n.slice(2, 5).text, "b");
        assert!(n.span_of(3, 1).is_none());
    }

    /// The offsets of every tidied byte, kept the plain way: each byte of
    /// a character maps to where the character starts, a space to where
    /// the next character starts.
    fn reference(src: &str, start: usize) -> (String, Vec<usize>) {
        let (mut text, mut offs) = (String::new(), Vec::new());
        let mut pending = false;
        for (i, c) in src.char_indices() {
            if is_space(c) {
                pending = !text.is_empty();
                continue;
            }
            if pending {
                text.push(' ');
                offs.push(start + i);
                pending = false;
            }
            text.push(c);
            offs.extend(std::iter::repeat_n(start + i, c.len_utf8()));
        }
        (text, offs)
    }

    proptest::proptest! {
        #[test]
        fn runs_give_the_same_spans_as_per_byte_offsets(
            a in "[ab é’\t\n\u{a0}\u{1}.]{0,40}",
            b in "[ab é’\t\u{a0}.]{0,20}",
            cut in 0usize..60,
        ) {
            let mut n = Norm::from_source(&a, 7);
            n.push_spaced(&Norm::from_source(&b, 100));
            let (mut text, mut offs) = reference(&a, 7);
            let (t2, o2) = reference(&b, 100);
            if !t2.is_empty() {
                if !text.is_empty() {
                    text.push(' ');
                    offs.push(o2[0]);
                }
                text.push_str(&t2);
                offs.extend(o2);
            }
            proptest::prop_assert_eq!(&n.text, &text);
            let spans = |n: &Norm, text: &str, offs: &[usize]| {
                for (x, _) in text.char_indices() {
                    for (y, c) in text[x..].char_indices() {
                        let y = x + y + c.len_utf8();
                        let want = [offs[x], offs[y - 1] + text[..y].chars().next_back().map_or(1, char::len_utf8)];
                        assert_eq!(n.span_of(x, y), Some(want), "{text:?} {x}..{y}");
                    }
                }
            };
            spans(&n, &text, &offs);
            let tail = n.slice(cut, n.text.len());
            let skipped = n.text.len() - tail.text.len();
            spans(&tail, &text[skipped..], &offs[skipped..]);
        }
    }

    #[test]
    fn slice_and_cut() {
        let n = Norm::from_source("Minutes pdf icon PDF 234 KB", 0);
        let at = n.text.find(" pdf icon").unwrap();
        assert_eq!(n.slice(0, at).text, "Minutes");
        assert_eq!(n.cut(at, n.text.len()).text, "Minutes");
    }
}
