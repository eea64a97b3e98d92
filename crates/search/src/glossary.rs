//! The glossary of the sector's terms (`data/glossary.toml`): acronyms of
//! English local government and of children's and adults' services, with
//! what they stand for and a one-sentence definition.
//!
//! Search uses it to expand queries both ways ([`crate::Query`]); the web
//! site uses [`Glossary::lookup`] and [`Glossary::find_in`] to explain
//! abbreviations.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::LazyLock;

/// One glossary entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The term as usually written (`EHCP`).
    pub term: String,
    /// What it stands for; the first is the main one.
    #[serde(default)]
    pub expansions: Vec<String>,
    /// Other short spellings (`EHC Plan`).
    #[serde(default)]
    pub variants: Vec<String>,
    /// One sentence saying what it is.
    pub definition: String,
    /// A broad area (`send`, `children`, `adults`, `finance`, …).
    #[serde(default)]
    pub category: Option<String>,
    /// The term spells an ordinary word (`SEND`, `MASH`): it and its
    /// variants match only when written exactly so.
    #[serde(default)]
    pub exact_case: bool,
}

impl Entry {
    /// The main expansion, if any.
    pub fn expansion(&self) -> Option<&str> {
        self.expansions.first().map(String::as_str)
    }

    /// The short forms: the term and its variants.
    pub fn short_forms(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.term.as_str()).chain(self.variants.iter().map(String::as_str))
    }

    /// Every form: the short forms and the expansions.
    pub fn forms(&self) -> impl Iterator<Item = &str> {
        self.short_forms()
            .chain(self.expansions.iter().map(String::as_str))
    }
}

/// A glossary term found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found<'g> {
    /// Byte offset of the start of the match in the text.
    pub start: usize,
    /// Byte offset just past its end.
    pub end: usize,
    /// The entry it belongs to.
    pub entry: &'g Entry,
}

/// Why a glossary file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum GlossaryError {
    /// The TOML is malformed or has the wrong fields.
    #[error("glossary: {0}")]
    Toml(#[from] toml::de::Error),
    /// An entry lacks something it needs.
    #[error("glossary entry {term:?}: {reason}")]
    Entry {
        /// The entry's term.
        term: String,
        /// What is wrong.
        reason: String,
    },
}

#[derive(Deserialize)]
struct File {
    entry: Vec<Entry>,
}

/// The glossary: entries and an index of their forms by words.
#[derive(Debug)]
pub struct Glossary {
    entries: Vec<Entry>,
    /// Forms that match whatever the case, by lower-cased key.
    folded: HashMap<String, Vec<usize>>,
    /// Short forms of `exact_case` entries, by key as written.
    exact: HashMap<String, Vec<usize>>,
    /// Short forms as written, for [`Glossary::find_in`].
    written: HashMap<String, usize>,
    /// The most words in any form.
    max_words: usize,
}

static BUILTIN: LazyLock<Glossary> = LazyLock::new(|| {
    Glossary::parse(include_str!("../data/glossary.toml"))
        .expect("the built-in glossary parses (see the glossary tests)")
});

/// The built-in glossary (`data/glossary.toml`).
pub fn glossary() -> &'static Glossary {
    &BUILTIN
}

/// A word of a text: its byte range and the word as written, without
/// apostrophes (`&` alone reads `and`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Word {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) text: String,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '&' | '+' | '\'' | '\u{2019}')
}

/// The words of `s`, split on anything but letters, digits, `&`, `+` and
/// apostrophes.
pub(crate) fn words(s: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices().chain(std::iter::once((s.len(), ' '))) {
        match (is_word_char(c), start) {
            (true, None) => start = Some(i),
            (false, Some(b)) => {
                start = None;
                let text: String = s[b..i]
                    .chars()
                    .filter(|c| !matches!(c, '\'' | '\u{2019}'))
                    .collect();
                let text = if text == "&" { "and".to_owned() } else { text };
                if !text.is_empty() {
                    out.push(Word {
                        start: b,
                        end: i,
                        text,
                    });
                }
            }
            _ => {}
        }
    }
    out
}

fn key<'a>(words: impl Iterator<Item = &'a str>) -> String {
    words.collect::<Vec<_>>().join(" ")
}

impl Glossary {
    /// Reads a glossary from TOML (`[[entry]]` tables).
    pub fn parse(toml_text: &str) -> Result<Self, GlossaryError> {
        let file: File = toml::from_str(toml_text)?;
        let mut g = Glossary {
            entries: Vec::with_capacity(file.entry.len()),
            folded: HashMap::new(),
            exact: HashMap::new(),
            written: HashMap::new(),
            max_words: 1,
        };
        for entry in file.entry {
            check(&entry)?;
            let i = g.entries.len();
            for (n, form) in entry.forms().enumerate() {
                let short = n <= entry.variants.len();
                let ws = words(form);
                g.max_words = g.max_words.max(ws.len());
                let as_written = key(ws.iter().map(|w| w.text.as_str()));
                if short {
                    g.written.entry(as_written.clone()).or_insert(i);
                }
                if short && entry.exact_case {
                    g.exact.entry(as_written).or_default().push(i);
                } else {
                    g.folded
                        .entry(as_written.to_lowercase())
                        .or_default()
                        .push(i);
                }
            }
            g.entries.push(entry);
        }
        Ok(g)
    }

    /// Every entry, in file order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entry that `term` names: a term, variant or expansion, matched
    /// without regard to case or punctuation (except the short forms of
    /// `exact_case` entries, which must match as written).
    pub fn lookup(&self, term: &str) -> Option<&Entry> {
        let ws = words(term);
        self.forms_at(&ws)
            .filter(|(n, _)| *n == ws.len())
            .and_then(|(_, forms)| forms.first().copied())
            .and_then(|e| self.entries.get(e))
    }

    /// Every short form (term or variant) in `text`, as written, with its
    /// byte offsets: the abbreviations a reader may need explained. Longest
    /// match first; matches do not overlap.
    pub fn find_in(&self, text: &str) -> Vec<Found<'_>> {
        let ws = words(text);
        let mut out = Vec::new();
        let mut i = 0;
        while i < ws.len() {
            let longest = (1..=self.max_words.min(ws.len() - i)).rev().find_map(|n| {
                let k = key(ws[i..i + n].iter().map(|w| w.text.as_str()));
                self.written.get(&k).map(|&e| (n, e))
            });
            match longest.and_then(|(n, e)| Some((n, self.entries.get(e)?))) {
                Some((n, entry)) => {
                    out.push(Found {
                        start: ws[i].start,
                        end: ws[i + n - 1].end,
                        entry,
                    });
                    i += n;
                }
                None => i += 1,
            }
        }
        out
    }

    /// The longest form starting at `ws[0]`: how many words it covers and
    /// the entries it belongs to.
    fn forms_at(&self, ws: &[Word]) -> Option<(usize, Vec<usize>)> {
        (1..=self.max_words.min(ws.len())).rev().find_map(|n| {
            let k = key(ws[..n].iter().map(|w| w.text.as_str()));
            let mut forms: Vec<usize> = self.exact.get(&k).cloned().unwrap_or_default();
            forms.extend(self.folded.get(&k.to_lowercase()).into_iter().flatten());
            (!forms.is_empty()).then_some((n, forms))
        })
    }

    /// For query expansion: the longest glossary form starting at `ws[0]`,
    /// as (words covered, the other forms to search for). Short forms of
    /// `exact_case` entries are left out of the alternatives, because the
    /// index folds case and would match the ordinary word.
    pub(crate) fn alternatives(&self, ws: &[Word]) -> Option<(usize, Vec<&str>)> {
        let (n, forms) = self.forms_at(ws)?;
        let typed = key(ws[..n].iter().map(|w| w.text.as_str())).to_lowercase();
        let mut alts: Vec<&str> = Vec::new();
        for &e in &forms {
            let Some(entry) = self.entries.get(e) else {
                continue;
            };
            let shorts = entry.short_forms().filter(|_| !entry.exact_case);
            for form in shorts.chain(entry.expansions.iter().map(String::as_str)) {
                let k = key(words(form).iter().map(|w| w.text.as_str())).to_lowercase();
                if k != typed && !alts.iter().any(|a| same_key(a, &k)) {
                    alts.push(form);
                }
            }
        }
        Some((n, alts))
    }
}

fn same_key(form: &str, k: &str) -> bool {
    key(words(form).iter().map(|w| w.text.as_str())).to_lowercase() == k
}

fn check(e: &Entry) -> Result<(), GlossaryError> {
    let bad = |reason: &str| GlossaryError::Entry {
        term: e.term.clone(),
        reason: reason.to_owned(),
    };
    if words(&e.term).is_empty() {
        return Err(bad("the term has no letters or digits"));
    }
    if e.expansions.is_empty() {
        return Err(bad("no expansion"));
    }
    if e.forms().any(|f| words(f).is_empty()) {
        return Err(bad("an empty expansion or variant"));
    }
    let d = e.definition.trim();
    if d.is_empty() || !d.ends_with('.') || d.contains('\n') {
        return Err(bad(
            "the definition must be one sentence ending in a full stop",
        ));
    }
    Ok(())
}
