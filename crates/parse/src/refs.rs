//! Citations of earlier minutes, and the previous minutes approved.
//!
//! "Further to Minute No. 34 (3) of 20 December 2022", "further to Minutes
//! numbered 42 (4) and 44 (2) above" (this meeting's own minutes), "at
//! their meeting of 18th April 2024". Only citations of a past meeting, by
//! number or by date, count; future meetings and other bodies' plans do not.

use crate::blocks::Block;
use crate::dates::{find_dates, first_date, iso};
use crate::keywords::Word;
use chrono::{Datelike, NaiveDate};
use minutebook_record::Reference;
use regex::Regex;
use std::sync::LazyLock;

const MINUTE: &str = r"\d{1,4}(?:/\d{2,4})?(?:\s*\([0-9a-z]{1,4}\))*";

static MINUTE_CITE: LazyLock<Regex> = LazyLock::new(|| {
    let re = format!(
        r"(?i)(?-u:\b)(?:further to\s+)?minutes?\s+(?:no\.?s?\s*|numbers?\s+|numbered\s+)?(?P<list>{MINUTE}(?:\s*(?:,|and|&)\s*{MINUTE})*)\s*(?:of\s+(?:the\s+(?:meeting|committee)\s+(?:held\s+)?(?:on\s+)?)?(?P<date>(?:\w+day,?\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s+\w+,?\s+\d{{4}})|(?P<above>above))"
    );
    Regex::new(&re).expect("static regex")
});
static ONE_MINUTE: LazyLock<Regex> = LazyLock::new(|| Regex::new(MINUTE).expect("static regex"));
static MEETING_OF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:at|during|to)\s+(?:its|their|the committee's|the panel's|the board's|the last|the previous)\s+meeting\s+(?:of|on|held on)\s+(?P<date>(?:\w+day,?\s+)?\d{1,2}(?:st|nd|rd|th)?\s+\w+,?\s+\d{4})")
        .expect("static regex")
});
static MINUTE_REFERS: LazyLock<Regex> = LazyLock::new(|| {
    let re = format!(
        r"(?i)(?-u:\b)(?:at|by|to) (?:the|its|their) (?:last |previous )?meeting (?:held )?on (?P<date>(?:\w+day,?\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s+\w+,?\s+\d{{4}})\s*\((?:minute|min\.?)\s+(?:no\.?\s*)?(?P<minute>{MINUTE})\s+refers\)"
    );
    Regex::new(&re).expect("static regex")
});
static APPROVAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:approved|confirmed|agreed|signed|correct record|accurate record|adopted|accepted as a)(?-u:\b)").expect("static regex")
});
static HELD_ON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:minutes|notes)(?-u:\b)[^.]{0,160}?(?-u:\b)held on(?-u:\b)")
        .expect("static regex")
});

/// The references in one item's text.
pub fn references(block: &Block, meeting: Option<NaiveDate>) -> Vec<Reference> {
    let mut out = Vec::new();
    if !block.mentions.any(&[Word::Minute, Word::Meeting]) {
        return out;
    }
    let text = &block.norm;
    for c in MINUTE_CITE.captures_iter(&text.text) {
        let (Some(all), Some(list)) = (c.get(0), c.name("list")) else {
            continue;
        };
        let date = match (c.name("date"), c.name("above")) {
            (Some(d), _) => first_date(d.as_str()),
            (None, Some(_)) => meeting,
            _ => None,
        };
        if date.zip(meeting).is_some_and(|(d, m)| d > m) {
            continue;
        }
        let phrase = text.slice(all.start(), all.end());
        for m in ONE_MINUTE.find_iter(list.as_str()) {
            out.push(Reference {
                minute: Some(tidy_minute(m.as_str())),
                meeting_date: date.map(iso),
                text: phrase.text.clone(),
                span: phrase.span(),
            });
        }
    }
    for c in MINUTE_REFERS.captures_iter(&text.text) {
        let (Some(all), Some(d), Some(minute)) = (c.get(0), c.name("date"), c.name("minute"))
        else {
            continue;
        };
        let Some(date) = first_date(d.as_str()).filter(|d| meeting.is_none_or(|m| *d < m)) else {
            continue;
        };
        let phrase = text.slice(all.start(), all.end());
        out.push(Reference {
            minute: Some(tidy_minute(minute.as_str())),
            meeting_date: Some(iso(date)),
            text: phrase.text.clone(),
            span: phrase.span(),
        });
    }
    for c in MEETING_OF.captures_iter(&text.text) {
        if out.iter().any(|r| {
            c.get(0).is_some_and(|m| {
                r.text.contains(
                    m.as_str()
                        .trim_start_matches(|ch: char| ch.is_alphabetic())
                        .trim(),
                )
            })
        }) {
            continue;
        }
        let (Some(all), Some(d)) = (c.get(0), c.name("date")) else {
            continue;
        };
        let Some(date) = first_date(d.as_str()) else {
            continue;
        };
        if meeting.is_some_and(|m| date >= m) {
            continue;
        }
        let skip = all.as_str().find(' ').map_or(0, |i| i + 1);
        let start = if all.as_str().to_lowercase().starts_with("at ") {
            all.start()
        } else {
            all.start() + skip
        };
        let phrase = text.slice(start, all.end());
        out.push(Reference {
            minute: None,
            meeting_date: Some(iso(date)),
            text: phrase.text.clone(),
            span: phrase.span(),
        });
    }
    out
}

/// "34(3)" and "34 (3)" are the same minute.
fn tidy_minute(m: &str) -> String {
    let mut out = String::new();
    for (i, part) in m.split('(').enumerate() {
        if i == 0 {
            out.push_str(part.trim());
        } else {
            out.push_str(" (");
            out.push_str(part.trim());
        }
    }
    out
}

/// The date of the previous minutes dealt with in `text`: a date in a
/// sentence approving minutes; among several, the one printed after the
/// committee's own name, else the latest.
pub fn previous_minutes_date(
    text: &str,
    committee: Option<&str>,
    meeting: Option<NaiveDate>,
) -> Option<(NaiveDate, bool)> {
    let mut approved_dates = Vec::new();
    let mut own = Vec::new();
    let mut any = Vec::new();
    for sentence in text.split(". ") {
        if !HELD_ON.is_match(sentence) {
            continue;
        }
        let year = meeting.map(|m| m.year());
        let dates: Vec<_> = find_dates(sentence, year)
            .into_iter()
            .filter(|d| meeting.is_none_or(|m| d.date < m))
            .collect();
        let approves = APPROVAL.is_match(sentence);
        for d in &dates {
            any.push(d.date);
            if approves {
                approved_dates.push(d.date);
            }
        }
        if let (Some(name), true) = (committee, approves) {
            // the dates that follow the committee's name, before another body is named
            if let Some(after) = find_ignoring_case(sentence, name) {
                let tail = after.get(name.len()..).unwrap_or("");
                let stop = tail.find(" the ").map_or(after.len(), |s| s + name.len());
                own.extend(
                    find_dates(after.get(..stop).unwrap_or(after), year)
                        .into_iter()
                        .map(|d| d.date),
                );
            }
        }
    }
    if let Some(d) = own.iter().max() {
        return Some((*d, true));
    }
    if let Some(d) = approved_dates.iter().max() {
        return Some((*d, true));
    }
    any.iter().max().map(|d| (*d, false))
}

/// The rest of `haystack` from where `needle` occurs, ignoring ASCII case.
fn find_ignoring_case<'a>(haystack: &'a str, needle: &str) -> Option<&'a str> {
    let n = needle.len();
    (0..haystack.len().saturating_sub(n) + 1)
        .filter(|&i| haystack.is_char_boundary(i))
        .find(|&i| {
            haystack
                .get(i..i + n)
                .is_some_and(|w| w.eq_ignore_ascii_case(needle))
        })
        .and_then(|i| haystack.get(i..))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn minute_citations() {
        let t = Block::of_text(
            "Further to Minute No. 12 (4) of 3 October 2024, the Committee considered …",
        );
        let r = references(&t, Some(d(2025, 1, 9)));
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].minute.as_deref(), Some("12 (4)"));
        assert_eq!(r[0].meeting_date.as_deref(), Some("2024-10-03"));
        assert_eq!(r[0].text, "Further to Minute No. 12 (4) of 3 October 2024");
        let t =
            Block::of_text("(2) further to Minutes numbered 7 (2) and 9 (1) above, the following");
        let r = references(&t, Some(d(2025, 1, 9)));
        assert_eq!(r.len(), 2);
        assert_eq!(r[1].minute.as_deref(), Some("9 (1)"));
        assert_eq!(r[1].meeting_date.as_deref(), Some("2025-01-09"));
    }

    #[test]
    fn dated_meetings_past_not_future() {
        let t = Block::of_text(
            "The Panel had considered the plan at their meeting of 5th March 2025. Cabinet at their meeting of 20 June 2025 will decide.",
        );
        let r = references(&t, Some(d(2025, 6, 2)));
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].meeting_date.as_deref(), Some("2025-03-05"));
        assert_eq!(r[0].text, "at their meeting of 5th March 2025");
    }

    #[test]
    fn previous_minutes_dates() {
        let t = "RESOLVED that the minutes of the Scrutiny Committee held on 14 April 2024 and 8 May 2024 be agreed as correct records.";
        assert_eq!(
            previous_minutes_date(t, None, None),
            Some((d(2024, 5, 8), true))
        );
        let t = "That the Minutes of the Licensing Committee meeting held on 17 September 2024 and the Minutes of the Licensing Sub-Committee meeting held on 10 December 2024 be confirmed.";
        assert_eq!(
            previous_minutes_date(t, Some("Licensing Committee"), None),
            Some((d(2024, 9, 17), true))
        );
    }
}
