//! Words and dates: the small vocabulary the tracker matches on.

use chrono::{Datelike, Months, NaiveDate};
use std::collections::BTreeSet;

/// Words that say nothing about a subject.
const STOP: &[&str] = &[
    "a",
    "about",
    "added",
    "all",
    "also",
    "an",
    "and",
    "any",
    "are",
    "arranged",
    "as",
    "at",
    "back",
    "be",
    "been",
    "being",
    "brought",
    "by",
    "circulated",
    "committee",
    "committees",
    "consider",
    "considered",
    "council",
    "deferred",
    "details",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "in",
    "into",
    "is",
    "it",
    "item",
    "items",
    "its",
    "meeting",
    "meetings",
    "members",
    "moved",
    "next",
    "noted",
    "of",
    "on",
    "or",
    "postponed",
    "programme",
    "progress",
    "provide",
    "put",
    "receive",
    "received",
    "relation",
    "removed",
    "report",
    "reports",
    "requested",
    "rescheduled",
    "scrutiny",
    "submit",
    "that",
    "the",
    "their",
    "there",
    "this",
    "to",
    "update",
    "updates",
    "was",
    "were",
    "which",
    "will",
    "with",
    "work",
    "would",
];

/// Lower-cased words of `s` that carry its subject (two letters or more,
/// not stop words, not month names).
pub(crate) fn subject(s: &str) -> BTreeSet<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() > 1)
        .map(str::to_lowercase)
        .filter(|w| !STOP.contains(&w.as_str()) && month(w).is_none())
        .collect()
}

/// The share of `a`'s subject words found in `b` (0 when `a` has none).
pub(crate) fn covered(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    if a.is_empty() {
        return 0.0;
    }
    a.intersection(b).count() as f64 / a.len() as f64
}

/// Jaccard similarity of two word sets.
pub(crate) fn jaccard(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    let union = a.union(b).count();
    if union == 0 {
        return 0.0;
    }
    a.intersection(b).count() as f64 / union as f64
}

/// Lower case, `&` as `and`, punctuation as single spaces.
pub(crate) fn fold(s: &str) -> String {
    s.replace('&', " and ")
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// 1–12 for a month name (or its three-letter form).
pub(crate) fn month(word: &str) -> Option<u32> {
    let w = word.to_lowercase();
    MONTHS
        .iter()
        .position(|m| *m == w || (w.len() == 3 && m.starts_with(&w)))
        .and_then(|i| u32::try_from(i + 1).ok())
}

/// The month named by a due phrase such as "the April meeting".
pub(crate) fn meeting_month(phrase: &str) -> Option<u32> {
    let words: Vec<&str> = phrase.split_whitespace().collect();
    words
        .windows(2)
        .find(|w| w[1].to_lowercase().starts_with("meeting"))
        .and_then(|w| month(w[0].trim_matches(|c: char| !c.is_alphanumeric())))
}

/// An ISO date.
pub(crate) fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// "2023/24": the municipal year (May to April) of a date.
pub(crate) fn municipal_year(d: NaiveDate) -> String {
    let start = if d.month() >= 5 {
        d.year()
    } else {
        d.year() - 1
    };
    format!("{start}/{:02}", (start + 1).rem_euclid(100))
}

/// Two calendar months after `d` (the statutory time for the executive to
/// respond to scrutiny recommendations).
pub(crate) fn two_months_after(d: NaiveDate) -> NaiveDate {
    d.checked_add_months(Months::new(2)).unwrap_or(d)
}

/// "13 June 2024".
pub(crate) fn long_date(iso: &str) -> String {
    date(iso).map_or_else(|| iso.to_owned(), |d| d.format("%-d %B %Y").to_string())
}

/// "SOSC": the initials of a committee name's significant words.
pub(crate) fn initials(name: &str) -> String {
    let s: String = fold(name)
        .split(' ')
        .filter(|w| !["and", "of", "the", "for", "on", "in"].contains(w))
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_uppercase)
        .collect();
    if s.is_empty() { "C".into() } else { s }
}
