//! Normalised text that remembers where every byte came from.
//!
//! The parser reads lines of the document text and works on tidied copies of
//! them (single-spaced, artefacts removed, lines joined into paragraphs).
//! Every tidied string keeps, for each of its bytes, the offset of the source
//! byte it came from, so any field can carry a `span` into the original text.

use minutebook_record::Span;

/// A tidied string and the source offset of each of its bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Norm {
    /// The tidied text.
    pub text: String,
    offs: Vec<usize>,
}

/// Characters that count as a space when tidying.
fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{a0}' | '\u{200b}' | '\u{feff}')
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
        self.offs.reserve(src.len());
        let mut pending_space = !self.text.is_empty();
        let bytes = src.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            // Most minutes are ASCII: take it a byte at a time, without
            // decoding characters.
            let (c, len) = if b.is_ascii() {
                (b as char, 1)
            } else {
                match src[i..].chars().next() {
                    Some(c) => (c, c.len_utf8()),
                    None => break,
                }
            };
            if is_space(c) {
                pending_space = !self.text.is_empty();
            } else {
                if pending_space {
                    self.text.push(' ');
                    self.offs.push(start + i);
                    pending_space = false;
                }
                self.text.push_str(&src[i..i + len]);
                self.offs.extend(std::iter::repeat_n(start + i, len));
            }
            i += len;
        }
    }

    /// Append another tidied string after `sep`.
    pub fn push_norm(&mut self, sep: &str, other: &Norm) {
        if other.text.is_empty() {
            return;
        }
        if !self.text.is_empty() {
            let at = other.offs.first().copied().unwrap_or(0);
            self.text.push_str(sep);
            self.offs.extend(std::iter::repeat_n(at, sep.len()));
        }
        self.text.push_str(&other.text);
        self.offs.extend_from_slice(&other.offs);
    }

    /// Whether there is no text.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
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
        Norm {
            text: self.text[a..b].to_owned(),
            offs: self.offs[a..b].to_vec(),
        }
    }

    /// The source span of the byte range `a..b` of this string.
    pub fn span_of(&self, a: usize, b: usize) -> Option<Span> {
        if a >= b || b > self.offs.len() {
            return None;
        }
        let start = self.offs[a];
        let last = self.offs[b - 1];
        let last_len = self
            .text
            .get(..b)
            .and_then(|t| t.chars().next_back())
            .map_or(1, char::len_utf8);
        Some([start, last + last_len])
    }

    /// The source span of the whole string.
    pub fn span(&self) -> Option<Span> {
        self.span_of(0, self.text.len())
    }

    /// Remove the byte range `a..b`, joining what is either side with at
    /// most one space.
    pub fn cut(&self, a: usize, b: usize) -> Norm {
        let mut out = self.slice(0, a);
        let rest = self.slice(b, self.text.len());
        out.push_norm(" ", &rest);
        out
    }
}

/// Whether `haystack` contains any of `needles` (lower-case ASCII),
/// ignoring ASCII case: a cheap test before a dearer regex.
pub fn mentions(haystack: &str, needles: &[&str]) -> bool {
    needles
        .iter()
        .any(|n| contains_ignore_ascii_case(haystack.as_bytes(), n.as_bytes()))
}

/// Whether `h` contains `n` (lower-case ASCII), ignoring ASCII case. Jumps
/// between occurrences of the needle's first byte with `memchr`.
fn contains_ignore_ascii_case(h: &[u8], n: &[u8]) -> bool {
    let Some((&first, rest)) = n.split_first() else {
        return true;
    };
    let mut from = 0;
    while let Some(at) = memchr::memchr2(first, first.to_ascii_uppercase(), &h[from..]) {
        let at = from + at + 1;
        if h.get(at..at + rest.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(rest))
        {
            return true;
        }
        from = at;
    }
    false
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
        n.push_norm(" ", &Norm::from_source("Improvement Board", 40));
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

    #[test]
    fn mentions_ignores_case() {
        assert!(mentions("RESOLVED: That", &["resolved"]));
        assert!(!mentions("noted", &["resolved", "agreed"]));
        assert!(mentions("the Agreed minutes", &["agreed", "x"]));
        assert!(!mentions("agree", &["agreed"]));
        assert!(mentions("résumé RESOLVED", &["resolved"]));
    }

    #[test]
    fn slice_and_cut() {
        let n = Norm::from_source("Minutes pdf icon PDF 234 KB", 0);
        let at = n.text.find(" pdf icon").unwrap();
        assert_eq!(n.slice(0, at).text, "Minutes");
        assert_eq!(n.cut(at, n.text.len()).text, "Minutes");
    }
}
