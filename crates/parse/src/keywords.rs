//! The genre's keywords, found in one pass over a block of text.
//!
//! Most readers look for a few words before trying their (dearer) patterns:
//! no "apolog" means no apologies, no "interest" or "declar" no
//! declaration. A block is scanned once for all of them, and each reader
//! asks whether its words are there.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use std::sync::LazyLock;

/// The keywords, each with the text it stands for: the enum, the list of
/// all (the scanner's pattern ids, in order) and each one's text from one
/// table.
macro_rules! keywords {
    ($($word:ident => $text:literal,)*) => {
        /// A keyword (matched ignoring ASCII case, anywhere in the text).
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Word {
            $(#[doc = $text] $word,)*
        }

        impl Word {
            /// Every keyword, in declaration order.
            const ALL: &[Word] = &[$(Word::$word,)*];

            fn text(self) -> &'static str {
                match self {
                    $(Word::$word => $text,)*
                }
            }
        }
    };
}

keywords! {
    Apolog => "apolog",
    Substitut => "substitut",
    SubstituteColon => "substitute:",
    SubstitutesColon => "substitutes:",
    Present => "present",
    Attendance => "attendance",
    For => " for ",
    PlaceOf => "place of",
    CouncillorsColon => "councillors:",
    Absent => "absent",
    Interest => "interest",
    Declar => "declar",
    Disclos => "disclos",
    Personal => "personal",
    Prejudicial => "prejudicial",
    Pecuniary => "pecuniary",
    Resolved => "resolved",
    Agreed => "agreed",
    That => "that ",
    Request => "request",
    Asked => "asked",
    Would => "would",
    Undertook => "undertook",
    Minute => "minute",
    Meeting => "meeting",
}

impl Word {
    fn bit(self) -> u32 {
        1 << self as u32
    }
}

static SCANNER: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::Standard)
        // A few hundred states: the full table is small and the fastest.
        .kind(Some(AhoCorasickKind::DFA))
        .build(Word::ALL.iter().map(|w| w.text()))
        .expect("static keywords")
});

/// The keywords a text mentions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Mentions(u32);

impl Mentions {
    /// Scan `text` once for every keyword.
    pub fn of(text: &str) -> Self {
        let mut found = 0;
        for m in SCANNER.find_overlapping_iter(text) {
            if let Some(w) = Word::ALL.get(m.pattern().as_usize()) {
                found |= w.bit();
            }
        }
        Mentions(found)
    }

    /// Whether any of `words` is mentioned.
    pub fn any(self, words: &[Word]) -> bool {
        words.iter().any(|w| self.0 & w.bit() != 0)
    }
}

/// Whether `h` contains the keyword `n` (lower-case ASCII), ignoring ASCII
/// case: one word in short text, where the automaton's set-up would cost
/// more than the search. Jumps between occurrences of the first byte with
/// `memchr`.
pub fn has_word(h: &[u8], n: &[u8]) -> bool {
    let Some((&first, rest)) = n.split_first() else {
        return true;
    };
    let mut from = 0;
    while let Some(at) = h
        .get(from..)
        .and_then(|tail| memchr::memchr2(first, first.to_ascii_uppercase(), tail))
    {
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
    fn pattern_ids_are_the_words() {
        assert!(Word::ALL.len() <= 32, "one bit each in a u32");
        for (i, w) in Word::ALL.iter().enumerate() {
            assert_eq!(*w as usize, i);
        }
    }

    #[test]
    fn mentions_ignore_case_and_overlap() {
        let m = Mentions::of("RESOLVED: That the Substitutes: were agreed");
        assert!(m.any(&[Word::Resolved]));
        assert!(m.any(&[Word::That]));
        assert!(m.any(&[Word::Substitut]) && m.any(&[Word::SubstitutesColon]));
        assert!(!m.any(&[Word::SubstituteColon]));
        assert!(m.any(&[Word::Apolog, Word::Agreed]));
        assert!(!Mentions::of("agree").any(&[Word::Agreed]));
        assert!(Mentions::of("résumé RESOLVED").any(&[Word::Resolved]));
        assert!(!Mentions::of("noted").any(&[Word::Resolved, Word::Agreed]));
    }

    #[test]
    fn one_word_ignoring_case() {
        assert!(has_word(b"Budget PDF 12 KB", b"pdf"));
        assert!(has_word(b"the next Meeting", b"meeting"));
        assert!(!has_word(b"the next meetin", b"meeting"));
        assert!(!has_word(b"", b"pdf") && has_word(b"x", b""));
    }
}
