//! A minimal English stemmer: plurals only ("assessments" → "assessment",
//! "authorities" → "authority"), after Harman's S-stemmer.
//!
//! Why not Porter: Porter cuts words to stems that are not prefixes of
//! their forms ("assessment" → "assess"), so a prefix query (`assessm*`)
//! would miss them, or the index would need a second, unstemmed copy of
//! every word. Folding plurals keeps every term a prefix of its forms, so
//! one field serves words, phrases and prefixes.

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// The token filter.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Plurals;

impl TokenFilter for Plurals {
    type Tokenizer<T: Tokenizer> = PluralsFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> PluralsFilter<T> {
        PluralsFilter(tokenizer)
    }
}

#[derive(Clone)]
pub(crate) struct PluralsFilter<T>(T);

impl<T: Tokenizer> Tokenizer for PluralsFilter<T> {
    type TokenStream<'a> = PluralsStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        PluralsStream(self.0.token_stream(text))
    }
}

pub(crate) struct PluralsStream<T>(T);

impl<T: TokenStream> TokenStream for PluralsStream<T> {
    fn advance(&mut self) -> bool {
        if !self.0.advance() {
            return false;
        }
        singular(&mut self.0.token_mut().text);
        true
    }

    fn token(&self) -> &Token {
        self.0.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.0.token_mut()
    }
}

/// `word` (lower case) without its plural ending.
pub(crate) fn singular(word: &mut String) {
    let b = word.as_bytes();
    let n = b.len();
    if n < 4 || b[n - 1] != b's' || !word.is_ascii() {
        return;
    }
    match b[n - 2] {
        // "status", "business", "process": not plurals.
        b'u' | b's' | b'i' => {}
        b'e' if b[n - 3] == b'i' && !matches!(b[n - 4], b'a' | b'e') => {
            // "authorities" → "authority"
            word.truncate(n - 3);
            word.push('y');
        }
        // "shoes", "agrees", "goes": leave.
        b'e' if matches!(b[n - 3], b'i' | b'a' | b'o' | b'e') => {}
        _ => word.truncate(n - 1),
    }
}

#[cfg(test)]
mod tests {
    use super::singular;

    #[test]
    fn plurals_become_singular_and_other_words_stay() {
        for (word, want) in [
            ("assessments", "assessment"),
            ("authorities", "authority"),
            ("reports", "report"),
            ("councillors", "councillor"),
            ("status", "status"),
            ("business", "business"),
            ("analysis", "analysis"),
            ("goes", "goes"),
            ("bus", "bus"),
            ("services", "service"),
            ("policies", "policy"),
            ("fostering", "fostering"),
        ] {
            let mut w = word.to_owned();
            singular(&mut w);
            assert_eq!(w, want, "{word}");
        }
    }
}
