//! Document text made ready for templates: minutes split into paragraphs
//! and lists, decisions marked, acronyms explained with `<abbr>`, dates and
//! labels in plain English.
//!
//! Nothing here produces HTML: templates receive plain strings and escape
//! them, so no document text can become markup.

use std::collections::HashMap;

/// Acronyms and what they stand for, shown with `<abbr title="…">`.
///
/// The server uses [`Glossary::sector`], built from the search crate's
/// glossary of local-government terms.
#[derive(Debug, Clone, Default)]
pub struct Glossary {
    terms: HashMap<String, String>,
    /// The ASCII first letters of the terms, as bits: most words of a page
    /// start with a letter no term starts with and need no hash lookup.
    first_ascii: u128,
}

impl Glossary {
    /// A glossary of `(term, expansion)` pairs. Terms match whole words,
    /// case-sensitively ("SEND" but not "send").
    pub fn new(entries: impl IntoIterator<Item = (String, String)>) -> Self {
        let terms: HashMap<String, String> = entries.into_iter().collect();
        let first_ascii = terms
            .keys()
            .filter_map(|t| t.bytes().next())
            .fold(0u128, |bits, b| bits | first_bit(b));
        Self { terms, first_ascii }
    }

    /// The sector's glossary (the search crate's `data/glossary.toml`):
    /// each one-word short form ("EHCP", "C&YP") with its main expansion,
    /// or its definition when it has none. Longer forms ("EHC Plan") are
    /// left out: [`abbreviate`] matches single words.
    pub fn sector() -> Self {
        let entries = minutebook_search::glossary().entries().iter();
        Self::new(entries.flat_map(|e| {
            let title = e.expansion().unwrap_or(&e.definition).to_owned();
            e.short_forms()
                .filter(|f| !f.is_empty() && f.chars().all(is_word_char))
                .map(move |f| (f.to_owned(), title.clone()))
        }))
    }

    /// The expansion of `term`.
    pub fn get(&self, term: &str) -> Option<&str> {
        let first = term.bytes().next()?;
        if first.is_ascii() && self.first_ascii & first_bit(first) == 0 {
            return None;
        }
        self.terms.get(term).map(String::as_str)
    }
}

/// The bit of an ASCII byte in a 128-bit set; none for other bytes (their
/// words are always looked up).
fn first_bit(b: u8) -> u128 {
    if b.is_ascii() { 1u128 << b } else { 0 }
}

/// A run of text: plain, or an acronym with its expansion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seg {
    /// The text as written.
    pub text: String,
    /// For an acronym: what it stands for (`<abbr title>`).
    pub title: Option<String>,
}

impl Seg {
    fn plain(text: String) -> Self {
        Self { text, title: None }
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '&'
}

/// Splits `text` into plain runs and acronyms found in `glossary` (a plural
/// "EHCPs" is the acronym "EHCP" and a plain "s").
pub fn abbreviate(text: &str, glossary: &Glossary) -> Vec<Seg> {
    let mut out = Vec::new();
    let mut plain = String::new();
    let mut rest = text;
    while let Some(start) = rest.find(is_word_char) {
        let (before, from) = rest.split_at(start);
        plain.push_str(before);
        let end = from.find(|c| !is_word_char(c)).unwrap_or(from.len());
        let (word, after) = from.split_at(end);
        rest = after;
        let (stem, tail) = match glossary.get(word) {
            Some(_) => (word, ""),
            None => match word.strip_suffix('s') {
                Some(stem) if glossary.get(stem).is_some() => (stem, "s"),
                _ => {
                    plain.push_str(word);
                    continue;
                }
            },
        };
        if !plain.is_empty() {
            out.push(Seg::plain(std::mem::take(&mut plain)));
        }
        out.push(Seg {
            text: stem.to_owned(),
            title: glossary.get(stem).map(str::to_owned),
        });
        plain.push_str(tail);
    }
    plain.push_str(rest);
    if !plain.is_empty() {
        out.push(Seg::plain(plain));
    }
    out
}

/// `segs` with the first letter capitalised: extracted phrases ("report
/// back to …") read as sentences.
pub fn sentence(mut segs: Vec<Seg>) -> Vec<Seg> {
    if let Some(first) = segs.first_mut().filter(|s| s.title.is_none()) {
        let mut c = first.text.chars();
        if let Some(f) = c.next() {
            first.text = f.to_uppercase().chain(c).collect();
        }
    }
    segs
}

/// A block of minutes text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// A paragraph (one run) or a bulleted list (one run per bullet).
    pub lines: Vec<Vec<Seg>>,
    /// Whether it is a list.
    pub list: bool,
    /// Whether it records a decision ("RESOLVED …", or a resolution's
    /// words), to be highlighted.
    pub decision: bool,
}

/// How much of a resolution's text must appear in a line to mark it.
const RESOLUTION_PREFIX: usize = 40;

fn bullet(line: &str) -> Option<&str> {
    ["- ", "• ", "•\t", "* "]
        .iter()
        .find_map(|b| line.strip_prefix(b))
        .map(str::trim_start)
}

fn is_decision(line: &str, resolutions: &[String]) -> bool {
    let lower = line.to_lowercase();
    lower.trim_start().starts_with("resolved")
        || lower.contains(" resolved that")
        || lower.contains(" resolved:")
        || resolutions
            .iter()
            .any(|r| !r.is_empty() && lower.contains(r.as_str()))
}

/// Splits minutes text into paragraphs (one per line) and bulleted lists,
/// marking those that record a decision: lines starting "Resolved" or
/// containing the start of one of `resolutions`.
pub fn prose(text: &str, resolutions: &[&str], glossary: &Glossary) -> Vec<Block> {
    let resolutions: Vec<String> = resolutions
        .iter()
        .map(|r| {
            let r = r.trim().to_lowercase();
            let end = r
                .char_indices()
                .nth(RESOLUTION_PREFIX)
                .map_or(r.len(), |(i, _)| i);
            r[..end].to_owned()
        })
        .collect();
    let mut blocks: Vec<Block> = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let decision = is_decision(line, &resolutions);
        match bullet(line) {
            Some(item) => {
                let segs = abbreviate(item, glossary);
                match blocks.last_mut() {
                    Some(b) if b.list => {
                        b.lines.push(segs);
                        b.decision |= decision;
                    }
                    _ => blocks.push(Block {
                        lines: vec![segs],
                        list: true,
                        decision,
                    }),
                }
            }
            None => blocks.push(Block {
                lines: vec![abbreviate(line, glossary)],
                list: false,
                decision,
            }),
        }
    }
    blocks
}

fn civil(date: &str) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()
}

/// "Thursday 13 June 2024" (or the text as given when it is not a date).
pub fn long_date(date: &str) -> String {
    match civil(date) {
        Some(d) => d.format("%A %-d %B %Y").to_string(),
        None => date.to_owned(),
    }
}

/// "13 June 2024".
pub fn date(date: &str) -> String {
    match civil(date) {
        Some(d) => d.format("%-d %B %Y").to_string(),
        None => date.to_owned(),
    }
}

/// "13 Jun 2024", for tables.
pub fn short_date(date: &str) -> String {
    match civil(date) {
        Some(d) => d.format("%-d %b %Y").to_string(),
        None => date.to_owned(),
    }
}

/// "6:30pm", "10am" (GOV.UK style) for `HH:MM`.
pub fn time(hhmm: &str) -> String {
    let Some((h, m)) = hhmm.split_once(':') else {
        return hhmm.to_owned();
    };
    let (Ok(h), Ok(m)) = (h.parse::<u32>(), m.parse::<u32>()) else {
        return hhmm.to_owned();
    };
    let suffix = if h >= 12 { "pm" } else { "am" };
    let h12 = match h % 12 {
        0 => 12,
        n => n,
    };
    match m {
        0 => format!("{h12}{suffix}"),
        m => format!("{h12}:{m:02}{suffix}"),
    }
}

/// "Westford County Council" for an authority recorded only by its
/// identifier (as `ingest --authority-from-dir` records it).
pub fn authority_name(id: &str, name: Option<&str>) -> String {
    match name {
        Some(n) if n != id && !n.is_empty() => n.to_owned(),
        _ => title_words(id),
    }
}

fn title_words(slug: &str) -> String {
    const SMALL: [&str; 6] = ["and", "of", "the", "upon", "on", "in"];
    slug.split('-')
        .enumerate()
        .map(|(i, w)| {
            if i > 0 && SMALL.contains(&w) {
                w.to_owned()
            } else {
                let mut c = w.chars();
                c.next().map_or_else(String::new, |f| {
                    f.to_uppercase().chain(c).collect::<String>()
                })
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A person's role in plain English.
pub fn role(role: &str) -> &str {
    match role {
        "chair" => "Chair",
        "vice-chair" => "Vice-chair",
        "member" => "Member",
        "substitute" => "Substitute",
        "co-opted" => "Co-opted member",
        "cabinet-member" => "Cabinet member",
        "officer" => "Officer",
        "representative" => "Representative",
        other => other,
    }
}

/// An attendance status in plain English.
pub fn attendance_status(status: &str) -> &str {
    match status {
        "present" => "Present",
        "apologies" => "Apologies",
        "absent" => "Absent",
        "also-present" => "Also present",
        "in-attendance" => "In attendance for an item",
        other => other,
    }
}

/// A kind of declared interest in plain English.
pub fn interest(kind: &str) -> &str {
    match kind {
        "pecuniary" => "Disclosable pecuniary interest",
        "other-disclosable" => "Other registrable interest",
        "personal" => "Personal interest",
        "prejudicial" => "Prejudicial interest",
        _ => "Interest",
    }
}

/// "12,345".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// "Councillor June Burns".
pub fn full_name(honorific: Option<&str>, name: &str) -> String {
    match honorific {
        Some(h) if !h.is_empty() => format!("{h} {name}"),
        _ => name.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glossary() -> Glossary {
        Glossary::new([
            ("EHCP".into(), "Education, Health and Care Plan".into()),
            ("C&YP".into(), "Children and Young People".into()),
        ])
    }

    #[test]
    fn acronyms_become_abbr_segments_whole_words_only() {
        let segs = abbreviate("Two EHCPs for C&YP, not EHCPX or ehcp.", &glossary());
        assert_eq!(
            segs,
            [
                Seg::plain("Two ".into()),
                Seg {
                    text: "EHCP".into(),
                    title: Some("Education, Health and Care Plan".into())
                },
                Seg::plain("s for ".into()),
                Seg {
                    text: "C&YP".into(),
                    title: Some("Children and Young People".into())
                },
                Seg::plain(", not EHCPX or ehcp.".into()),
            ]
        );
        assert_eq!(
            sentence(abbreviate("report back", &Glossary::default()))[0].text,
            "Report back"
        );
        assert_eq!(
            abbreviate("plain", &Glossary::default()),
            [Seg::plain("plain".into())]
        );
    }

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn the_sector_glossary_explains_the_usual_acronyms() {
        let g = Glossary::sector();
        assert_eq!(g.get("EHCP"), Some("Education, Health and Care Plan"));
        assert!(g.get("C&YP").is_some(), "a one-word variant");
        assert!(g.get("SEND").is_some());
        assert_eq!(g.get("send"), None, "case matters");
        assert_eq!(g.get("EHC Plan"), None, "several words never match");
        let segs = abbreviate("The LADO and CAMHS.", &g);
        assert_eq!(segs.iter().filter(|s| s.title.is_some()).count(), 2);
    }

    #[test]
    fn prose_keeps_lists_and_marks_decisions() {
        let text = "The report was presented.\n\nMembers raised:\n\n- cost\n- timing\n\nResolved: That\n\na) the report be noted; and\nb) a briefing be arranged.";
        let blocks = prose(
            text,
            &["the report be noted", "a briefing be arranged."],
            &glossary(),
        );
        let shape: Vec<(bool, usize, bool)> = blocks
            .iter()
            .map(|b| (b.list, b.lines.len(), b.decision))
            .collect();
        assert_eq!(
            shape,
            [
                (false, 1, false),
                (false, 1, false),
                (true, 2, false),
                (false, 1, true),
                (false, 1, true),
                (false, 1, true),
            ]
        );
    }

    #[test]
    fn dates_times_and_names_read_plainly() {
        assert_eq!(long_date("2024-06-13"), "Thursday 13 June 2024");
        assert_eq!(short_date("2024-06-03"), "3 Jun 2024");
        assert_eq!(date("undated"), "undated");
        assert_eq!(time("18:30"), "6:30pm");
        assert_eq!(time("10:00"), "10am");
        assert_eq!(time("12:05"), "12:05pm");
        assert_eq!(
            authority_name("stoke-upon-trent-council", None),
            "Stoke upon Trent Council"
        );
        assert_eq!(
            authority_name("x", Some("Staffordshire County Council")),
            "Staffordshire County Council"
        );
        assert_eq!(
            full_name(Some("Councillor"), "J. Burns"),
            "Councillor J. Burns"
        );
    }
}
