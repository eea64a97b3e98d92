//! The document as lines: tidied, with platform artefacts taken out and
//! repeated page headers removed.
//!
//! ModernGov pages carry artefacts on the lines themselves ("pdf icon PDF
//! 177 KB", "...  view the full minutes text for item 3.", "View
//! directions"); what they tell us (a document and its size, a truncated
//! item and its number) is kept on the line, and the words are removed.

use crate::keywords::has_word;
use crate::norm::Norm;
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

/// A document attached to a line ("pdf icon PDF 177 KB").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocSize {
    /// Size in KB (MB are converted).
    pub size_kb: u32,
}

/// One line of the document.
#[derive(Debug, Clone, Default)]
pub struct Line {
    /// The tidied text, artefacts removed.
    pub norm: Norm,
    /// Documents this line announced.
    pub docs: Vec<DocSize>,
    /// "view the full minutes text for item N": the item number it proves.
    pub truncated_item: Option<String>,
    /// The line only held artefacts or white space.
    pub blank: bool,
    /// A page break (form feed or removed page header) came just before.
    pub page_break_before: bool,
    /// The line ended a table row (a trailing `|` in flattened pages).
    pub row_end: bool,
    /// Where in the tidied text a document marker stood, if mid-line.
    pub doc_at: Option<usize>,
}

impl Line {
    /// The tidied text.
    pub fn text(&self) -> &str {
        &self.norm.text
    }
}

static DOC_SIZE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s*(?:pdf icon\s+)?(?-u:\b)PDF\s+(\d+(?:\.\d+)?)\s*(KB|MB)(?-u:\b)")
        .expect("static regex")
});
static TRUNCATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s*(?:\.\.\.|…)?\s*view the full (?:minutes|decision) text for item\s+([\w/().]+?)\.?\s*$")
        .expect("static regex")
});
static VIEW_DIRECTIONS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\.?\s*View directions\s*$").expect("static regex"));
static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:page\s+\d+(?:\s+of\s+\d+)?|-\s*\d+\s*-|\d+\s+of\s+\d+)$")
        .expect("static regex")
});

/// The document, line by line.
#[derive(Debug, Clone, Default)]
pub struct Doc {
    /// The lines, in order.
    pub lines: Vec<Line>,
    /// Page headers removed.
    pub page_headers_removed: usize,
}

impl Doc {
    /// Read `text` into lines, taking out artefacts and page headers.
    pub fn new(text: &str) -> Self {
        let unflattened;
        let text = if is_flattened(text) {
            unflattened = unflatten(text);
            unflattened.as_str()
        } else {
            text
        };
        let mut lines = Vec::with_capacity(text.bytes().filter(|&b| b == b'\n').count() + 1);
        let mut offset = 0;
        let mut page_break = false;
        for raw in text.split('\n') {
            let start = offset;
            offset += raw.len() + 1;
            if raw.contains('\u{c}') {
                page_break = true;
                let rest: String = raw.replace('\u{c}', " ");
                if rest.trim().is_empty() {
                    continue;
                }
            }
            let mut line = clean_line(raw, start);
            line.page_break_before = std::mem::take(&mut page_break);
            lines.push(line);
        }
        let mut doc = Doc {
            lines,
            page_headers_removed: 0,
        };
        doc.remove_page_headers();
        doc
    }

    /// Lines repeated on every page (a running header or footer) are not
    /// part of the minutes. A line counts when it recurs three or more
    /// times (twice where the text marks page breaks) and is not an
    /// ordinary minutes phrase.
    fn remove_page_headers(&mut self) {
        let breaks = self.lines.iter().filter(|l| l.page_break_before).count();
        let min = if breaks > 0 { 2 } else { 3 };
        let mut counts: HashMap<String, (usize, &str)> = HashMap::new();
        // A running header names the meeting, so it has a date (digits) or
        // is in capitals: only such lines are counted.
        for l in self
            .lines
            .iter()
            .filter(|l| could_be_running_header(l.text()))
        {
            counts
                .entry(l.text().to_lowercase())
                .or_insert((0, l.text()))
                .0 += 1;
        }
        // Only the repeated lines need the (dearer) look at their words.
        let headers: Vec<String> = counts
            .into_iter()
            .filter(|(_, (n, original))| *n >= min && looks_like_running_header(original))
            .map(|(lower, _)| lower)
            .collect();
        let mut removed = 0;
        for i in 0..self.lines.len() {
            let text = self.lines[i].text();
            let repeated = text.len() >= 12 && !headers.is_empty() && is_one_of(&headers, text);
            let page_number = text.len() < 16
                && text.bytes().any(|b| b.is_ascii_digit())
                && PAGE_NUMBER.is_match(text);
            if repeated || page_number {
                self.lines[i] = Line {
                    blank: true,
                    ..Line::default()
                };
                if let Some(next) = self.lines[i + 1..].iter_mut().find(|l| !l.blank) {
                    next.page_break_before = true;
                }
                removed += usize::from(repeated);
            }
        }
        self.page_headers_removed = removed;
    }
}

/// Whether `text` is one of `lower` (in small letters) but for case.
fn is_one_of(lower: &[String], text: &str) -> bool {
    if text.is_ascii() {
        lower
            .iter()
            .any(|h| h.len() == text.len() && h.eq_ignore_ascii_case(text))
    } else {
        lower.contains(&text.to_lowercase())
    }
}

/// The cheap half of [`looks_like_running_header`].
fn could_be_running_header(text: &str) -> bool {
    text.len() >= 12 && (text.bytes().any(|b| b.is_ascii_digit()) || is_upper(text))
}

fn looks_like_running_header(text: &str) -> bool {
    if text.len() < 12 || text.ends_with(':') {
        return false;
    }
    let lower = text.to_lowercase();
    let known_marker = [
        "additional documents",
        "minutes:",
        "decision:",
        "supporting documents",
    ];
    if known_marker.iter().any(|m| lower.starts_with(m)) {
        return false;
    }
    // A running header names the meeting: a date, or capitals, or both.
    crate::dates::first_date(text).is_some() || is_upper(text)
}

/// A page whose layout was flattened onto a few very long lines.
fn is_flattened(text: &str) -> bool {
    if text.len() <= 1500 {
        return false;
    }
    // Counting stops at 12 lines: a page of more is not flattened.
    let lines = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(12)
        .count();
    lines > 0 && text.len() / lines > 800 && lines < 12
}

static BREAK_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\s(?:(Minutes:|Additional documents:|Decision:|Venue:|Contact:|RESOLVED(?-u:\b)|Resolved:|PRESENT:|Present:|Apologies:)|(\d{1,3}\.)\s+(?:[A-Z][a-z]|[A-Z]{2}))").expect("static regex")
});

/// Put the structure back: a line break before each marker and each
/// numbered heading. Offsets shift by the breaks only where a space stood,
/// so spans still point at the right words (the break replaces the space).
fn unflatten(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for m in BREAK_BEFORE.find_iter(text) {
        let space = text[m.start()..].chars().next().map_or(1, char::len_utf8);
        out.push_str(&text[last..m.start()]);
        // keep every later byte where it was: the break plus padding
        // takes exactly the space's bytes
        out.push('\n');
        out.extend(std::iter::repeat_n(' ', space - 1));
        last = m.start() + space;
    }
    out.push_str(&text[last..]);
    out
}

/// Whether the letters of `text` are all capitals (and there are some).
pub fn is_upper(text: &str) -> bool {
    let mut letters = 0;
    for c in text.chars() {
        if c.is_lowercase() {
            return false;
        }
        if c.is_uppercase() {
            letters += 1;
        }
    }
    letters >= 2
}

/// Which platform artefacts a line may carry.
#[derive(Debug, Default)]
struct Artefacts {
    /// "view the full": a cut-short item.
    truncated: bool,
    /// "pdf": a document and its size.
    document: bool,
    /// "directions": a "View directions" link.
    directions: bool,
}

impl Artefacts {
    fn of(text: &str) -> Self {
        let t = text.as_bytes();
        Artefacts {
            truncated: has_word(t, b"view the full"),
            document: has_word(t, b"pdf"),
            directions: has_word(t, b"directions"),
        }
    }
}

/// Tidy one source line (starting at byte `start` of the text).
fn clean_line(raw: &str, start: usize) -> Line {
    let mut norm = Norm::from_source(raw, start);
    let mut docs = Vec::new();
    let mut truncated_item = None;
    let artefacts = Artefacts::of(&norm.text);
    if artefacts.truncated
        && let Some(c) = TRUNCATED.captures(&norm.text)
        && let (Some(all), Some(n)) = (c.get(0), c.get(1))
    {
        truncated_item = Some(n.as_str().trim_end_matches('.').to_owned());
        norm = norm.slice(0, all.start());
    }
    let mut doc_at = None;
    while artefacts.document
        && let Some(c) = DOC_SIZE.captures(&norm.text)
    {
        let (Some(all), Some(n), Some(unit)) = (c.get(0), c.get(1), c.get(2)) else {
            break;
        };
        doc_at.get_or_insert(all.start());
        let size: f64 = n.as_str().parse().unwrap_or(0.0);
        let kb = if unit.as_str().eq_ignore_ascii_case("MB") {
            size * 1024.0
        } else {
            size
        };
        docs.push(DocSize {
            size_kb: kb.round() as u32,
        });
        norm = norm.cut(all.start(), all.end());
    }
    if artefacts.directions
        && let Some(m) = VIEW_DIRECTIONS.find(&norm.text)
    {
        norm = norm.slice(0, m.start());
    }
    let trimmed = norm.text.trim_end_matches(['|', ' ']).len();
    let row_end = trimmed < norm.text.len() && norm.text.ends_with('|');
    if trimmed < norm.text.len() {
        norm = norm.slice(0, trimmed);
    }
    let doc_at = doc_at.filter(|&at| at < norm.text.len());
    let blank = norm.is_empty() && truncated_item.is_none();
    Line {
        norm,
        docs,
        truncated_item,
        blank,
        page_break_before: false,
        row_end,
        doc_at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_flattened_onto_one_line_gets_its_lines_back() {
        let filler =
            "The Committee discussed the matter at length and noted the position. ".repeat(30);
        let text = format!(
            "Agenda and minutes Venue:\u{a0}Town Hall Contact: Ann Bell 4. Apologies Minutes: None. 5. Budget Report Minutes: {filler} RESOLVED: That the report be noted."
        );
        let doc = Doc::new(&text);
        let texts: Vec<&str> = doc.lines.iter().map(Line::text).collect();
        assert!(texts.contains(&"Venue: Town Hall"), "{texts:?}");
        assert!(texts.contains(&"5. Budget Report"));
        assert!(texts.contains(&"RESOLVED: That the report be noted."));
        let venue = doc
            .lines
            .iter()
            .find(|l| l.text() == "Venue: Town Hall")
            .unwrap();
        let [a, b] = venue.norm.span().unwrap();
        assert_eq!(&text[a..b], "Venue:\u{a0}Town Hall");
    }

    #[test]
    fn document_sizes_and_truncation_are_read_and_removed() {
        let doc = Doc::new(
            "Budget Report pdf icon PDF 177 KB\nThe  ...  view the full minutes text for item 3.\n",
        );
        assert_eq!(doc.lines[0].text(), "Budget Report");
        assert_eq!(doc.lines[0].docs, vec![DocSize { size_kb: 177 }]);
        assert_eq!(doc.lines[1].text(), "The");
        assert_eq!(doc.lines[1].truncated_item.as_deref(), Some("3"));
    }

    #[test]
    fn running_headers_vanish() {
        let header = "AUDIT COMMITTEE - MONDAY 3RD MARCH, 2025";
        let text = format!(
            "{header}\n\n1. MINUTES\n\nsome text\n\n{header}\n\nmore text\n\n{header}\n\nend"
        );
        let doc = Doc::new(&text);
        assert_eq!(doc.page_headers_removed, 3);
        assert!(doc.lines.iter().all(|l| l.text() != header));
        let more = doc.lines.iter().find(|l| l.text() == "more text").unwrap();
        assert!(more.page_break_before);
    }
}
