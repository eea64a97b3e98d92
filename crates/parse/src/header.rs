//! The meeting's particulars: committee, date, start time, venue, contact,
//! draft or final.

use crate::dates::{find_dates, find_time, first_date, iso, next_working_day};
use crate::doc::is_upper;
use crate::segment::Piece;
use chrono::{Datelike, NaiveDate, Weekday};
use regex::Regex;
use std::sync::LazyLock;

/// What the header of the page says.
#[derive(Debug, Clone, Default)]
pub struct Header {
    /// Committee name.
    pub committee: Option<String>,
    /// Meeting date.
    pub date: Option<NaiveDate>,
    /// Start time, `HH:MM`.
    pub start_time: Option<String>,
    /// Venue.
    pub venue: Option<String>,
    /// Contact officer.
    pub contact: Option<String>,
    /// The page says the minutes are draft.
    pub draft: bool,
    /// A date printed only in figures, used when nothing surer is found.
    pub numeric_date: Option<NaiveDate>,
}

const BODY_WORDS: &[&str] = &[
    "committee",
    "board",
    "panel",
    "council",
    "forum",
    "cabinet",
    "group",
    "commission",
    "authority",
    "sub-committee",
    "partnership",
    "executive",
    "assembly",
    "scrutiny",
];

static WEEKDAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(mon|tues|wednes|thurs|fri|satur|sun)day(?-u:\b)")
        .expect("static regex")
});
static DASH_WEEKDAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(.+?)\s+[-–—]\s+((?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?\d{1,2}(?:st|nd|rd|th)?\s+\w+,?\s+\d{4}.*)$")
        .expect("static regex")
});
static LABELLED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(venue|contact|location|date|time|meeting name|meeting date|decision maker|decided at meeting|date of decision|meeting commenced|meeting|place)\s*:\s*(.*)$")
        .expect("static regex")
});
static MEETING_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:meeting|decided at meeting|decision maker|date of decision)\s*:")
        .expect("static regex")
});
static HELD_AT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:meeting held at|held at|met at|held in|meeting held in)\s+(.+?)(?:\s+on\s+.*|[.,]?\s*$)")
        .expect("static regex")
});
static IN_THIS_CASE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)working day before the meeting\s*\(in this case ([^)]+)\)")
        .expect("static regex")
});
static MINUTES_OF_BODY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)minutes of the (?:meeting of the |proceedings of the )?((?:(?-i:[A-Z])[\w&’',\-]*\s+(?:[\w&’',\-]+\s+)*?)?(?-i:Committee|Board|Panel|Forum|Cabinet|Group|Commission|Authority|Council|Sub-Committee))(?: meeting)? held on")
        .expect("static regex")
});
/// A body's name, and the kinds of body the minutes call "the …".
const BODY: &str = "Sub-Committee|Committee|Board|Panel|Forum|Cabinet|Commission|Authority|Council|Group|Partnership|Executive";
static THIS_MEETING_OF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?-u:\b)this\s+(?:[a-z]+\s+)?meeting\s+of\s+(?:the\s+)?(?P<name>(?:[A-Z][\w&’'-]*\s+(?:(?:and|of|for|&)\s+)?)*?(?:{BODY}))(?:[^\w-]|$)"
    ))
    .expect("static regex")
});
/// A meeting calls itself "the Committee", "the Board", …; "the Council",
/// "the Cabinet" and "the Authority" are usually other bodies.
static THE_BODY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?-u:\b)[Tt]he\s+(Sub-Committee|Committee|Board|Panel|Forum|Commission)(?:[^\w-]|$)",
    )
    .expect("static regex")
});
static NAMED_BODY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:^|[^\w’'-])(?P<name>[A-Z][\w&’'-]*(?:\s+(?:and|of|for|&|[A-Z][\w&’'-]*))*\s+(?P<body>{BODY}))(?:(?P<more>\s+[A-Z])|[^\w-]|$)"
    ))
    .expect("static regex")
});
static WILL_MEET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)will meet on\s+(?P<when>.+?)\s+at\s+(?P<time>\d{1,2}(?:[.:]\d{2})?\s*(?:a\.?m|p\.?m)\.?)(?:\s+(?:in|at)\s+(?:the\s+)?(?P<venue>.+))?$")
        .expect("static regex")
});
static CONTACT_VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)contact\s+(?:the\s+)?(?P<who>(?:[A-Z][\w’'-]*\s+){1,6}?[A-Z][\w’'-]*)\s*(?:\(?0\d|on\s+\(?0\d|[,.;]|(?i:tel|telephone|phone|e-?mail)(?-u:\b)|$)")
        .expect("static regex")
});
static CONTACT_CUT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s*(?:,|(?-u:\b)tel(?-u:\b)|(?-u:\b)telephone(?-u:\b)|(?-u:\b)phone(?-u:\b)|(?-u:\b)e-?mail(?-u:\b)|\(?\d{3,}|\s-\s|\s{2,}|(?-u:\b)on\s+\d)").expect("static regex")
});
const CONTACT_ROLE_WORDS: &[&str] = &[
    "committee",
    "democratic",
    "officer",
    "officers",
    "overview",
    "scrutiny",
    "manager",
    "administrator",
    "clerk",
    "governance",
    "deputy",
    "senior",
    "principal",
    "team",
    "services",
    "support",
    "advisor",
    "adviser",
];

/// Read the header from the preamble, falling back to the whole text
/// (`all_lines`) for the labelled lines of issue and decision pages.
pub fn header(preamble: &[Piece], all_lines: &[&str], all_text: &str) -> Header {
    let lines: Vec<&str> = preamble.iter().map(|p| p.norm.text.as_str()).collect();
    let mut h = Header {
        draft: is_draft(&lines, all_text),
        ..Header::default()
    };
    let meeting_lines: Vec<&str> = all_lines
        .iter()
        .copied()
        .filter(|l| MEETING_LABEL.is_match(l))
        .collect();
    labelled_fields(&meeting_lines, &mut h);
    labelled_fields(&lines, &mut h);
    notice_of_meeting(&lines, &mut h);
    committee_and_date(&lines, &mut h);
    if h.venue.is_none() {
        h.venue = lines.iter().find_map(|l| held_at(l));
    }
    if h.date.is_none() {
        h.date = IN_THIS_CASE
            .captures(all_text)
            .and_then(|c| c.get(1))
            .and_then(|m| first_date(m.as_str()))
            .and_then(next_working_day);
    }
    if h.date.is_none() {
        h.date = h.numeric_date;
    }
    if h.committee.is_none() {
        h.committee = MINUTES_OF_BODY
            .captures(all_text)
            .and_then(|c| c.get(1))
            .map(|m| m.as_str().trim().to_owned())
            .filter(|c| c.split_whitespace().count() <= 10);
    }
    if h.committee.is_none() {
        h.committee = committee_in_minutes(all_text);
    }
    if h.contact.is_none() {
        h.contact = contact_in_text(&lines.join(" "));
    }
    h
}

/// A notice of meeting: "… will meet on THURSDAY 9 JULY 2009 at 7.30pm in
/// the Council Chamber, Town Hall", often one phrase a line.
fn notice_of_meeting(lines: &[&str], h: &mut Header) {
    let Some(at) = lines
        .iter()
        .position(|l| l.to_ascii_lowercase().contains("will meet on"))
    else {
        return;
    };
    // The phrase runs on until a line of another kind ("TO: MEMBERS …").
    let end = (at + 1..lines.len().min(at + 9))
        .find(|&k| lines[k].contains(':') || lines[k].len() > 80)
        .unwrap_or(lines.len().min(at + 9));
    let phrase = lines[at..end].join(" ");
    let Some(c) = WILL_MEET.captures(&phrase) else {
        return;
    };
    if let Some(d) = c.name("when").and_then(|m| first_date(m.as_str())) {
        h.date.get_or_insert(d);
    }
    if h.start_time.is_none() {
        h.start_time = c
            .name("time")
            .and_then(|m| find_time(m.as_str()))
            .map(|t| t.1);
    }
    if h.venue.is_none()
        && let Some(v) = c.name("venue")
    {
        let v = v.as_str().trim().trim_end_matches(['.', ',']);
        h.venue = (!v.is_empty() && v.split_whitespace().count() <= 16).then(|| v.to_owned());
    }
}

/// Where the page heading does not name the meeting, its minutes do:
/// "this virtual meeting of the Schools Forum", or the body they call
/// "the Sub-Committee" named in full somewhere ("a Licensing
/// Sub-Committee").
fn committee_in_minutes(text: &str) -> Option<String> {
    if let Some(m) = THIS_MEETING_OF.captures(text).and_then(|c| c.name("name")) {
        return Some(single_spaced(m.as_str()));
    }
    let mut kinds: Vec<(&str, usize)> = Vec::new();
    for c in THE_BODY.captures_iter(text) {
        let Some(kind) = c.get(1).map(|m| m.as_str()) else {
            continue;
        };
        match kinds.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, n)) => *n += 1,
            None => kinds.push((kind, 1)),
        }
    }
    // the first of the most mentioned
    let (kind, _) = kinds.iter().rev().max_by_key(|(_, n)| *n)?;
    let mut names: Vec<(String, usize)> = Vec::new();
    for c in NAMED_BODY.captures_iter(text) {
        let (Some(name), Some(body)) = (c.name("name"), c.name("body")) else {
            continue;
        };
        // "Committee Officer", "Council Chamber": not a body's name
        let more = c.name("more").is_some();
        let name = single_spaced(name.as_str());
        if body.as_str() != *kind || more || name.starts_with("The ") || name.starts_with("This ") {
            continue;
        }
        match names.iter_mut().find(|(n, _)| *n == name) {
            Some((_, k)) => *k += 1,
            None => names.push((name, 1)),
        }
    }
    let (name, _) = names.into_iter().rev().max_by_key(|(_, n)| *n)?;
    Some(name)
}

fn single_spaced(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// "… or contact the Panel Administrator Andrew Scott (01628) 796028".
fn contact_in_text(text: &str) -> Option<String> {
    let who = CONTACT_VERB.captures(text)?.name("who")?.as_str();
    let words: Vec<&str> = who.split_whitespace().collect();
    // the role before the name ("Panel Administrator")
    let skip = words
        .iter()
        .take_while(|w| {
            let lower = w.to_lowercase();
            CONTACT_ROLE_WORDS.contains(&lower.as_str())
                || BODY_WORDS.contains(&lower.as_str())
                || lower == "administrator"
        })
        .count();
    let name = words.get(skip..)?.join(" ");
    let n = name.split_whitespace().count();
    ((2..=4).contains(&n) && crate::people::is_name(&name)).then_some(name)
}

fn is_draft(lines: &[&str], all_text: &str) -> bool {
    let head: String = all_text
        .chars()
        .take(600)
        .collect::<String>()
        .to_lowercase();
    head.contains("draft minutes")
        || lines
            .iter()
            .take(6)
            .any(|l| l.to_lowercase().contains("draft minutes"))
}

fn labelled_fields(lines: &[&str], h: &mut Header) {
    for (i, line) in lines.iter().enumerate() {
        let Some(c) = LABELLED.captures(line) else {
            continue;
        };
        let (Some(key), Some(val)) = (c.get(1), c.get(2)) else {
            continue;
        };
        let mut value = val.as_str().trim().to_owned();
        if value.is_empty()
            && let Some(next) = lines.get(i + 1)
            && !LABELLED.is_match(next)
            && !next.ends_with(':')
        {
            value = (*next).to_owned();
        }
        match key.as_str().to_ascii_lowercase().as_str() {
            "venue" | "location" | "place" => {
                let v = value.trim_end_matches('.').trim();
                if !v.is_empty() {
                    h.venue.get_or_insert_with(|| v.to_owned());
                }
            }
            "contact" if h.contact.is_none() => h.contact = contact_name(&value),
            "date" | "meeting date" | "date of decision" => {
                // A numeric date ("07/09/2009") may be American; a date in
                // words elsewhere in the header is surer.
                let worded = find_dates(&value, None)
                    .into_iter()
                    .any(|d| !value[d.range.clone()].contains('/'));
                if h.date.is_none()
                    && (worded || key.as_str().eq_ignore_ascii_case("date of decision"))
                {
                    h.date = first_date(&value);
                } else if h.numeric_date.is_none() {
                    h.numeric_date = first_date(&value);
                }
            }
            "time" | "meeting commenced" if h.start_time.is_none() => {
                h.start_time = find_time(&value).map(|t| t.1);
            }
            "meeting name" | "decision maker" if !value.is_empty() => {
                h.committee.get_or_insert(value);
            }
            "meeting" | "decided at meeting" => issue_meeting(&value, h),
            _ => {}
        }
    }
}

/// "20/09/2017 - Council (Item 52)".
fn issue_meeting(value: &str, h: &mut Header) {
    let Some((date, rest)) = value.split_once(" - ") else {
        return;
    };
    if let Some(d) = first_date(date) {
        h.date.get_or_insert(d);
    }
    let name = rest.split(" (Item").next().unwrap_or(rest).trim();
    if !name.is_empty() {
        h.committee.get_or_insert_with(|| name.to_owned());
    }
}

fn has_body_word(line: &str) -> bool {
    let lower = line.to_lowercase();
    lower
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .any(|w| BODY_WORDS.contains(&w))
}

fn committee_and_date(lines: &[&str], h: &mut Header) {
    // "Committee - Thursday 13th June 2024 10:00am"
    for line in lines {
        if let Some(c) = DASH_WEEKDAY.captures(line)
            && let (Some(name), Some(when)) = (c.get(1), c.get(2))
            && let Some(date) = first_date(when.as_str())
        {
            h.committee
                .get_or_insert_with(|| tidy_committee(name.as_str()));
            h.date.get_or_insert(date);
            if h.start_time.is_none() {
                h.start_time = find_time(when.as_str()).map(|t| t.1);
            }
            return;
        }
    }
    // A dated line (weekday and year), with the committee above it.
    let dated = lines.iter().position(|l| {
        WEEKDAY.is_match(l) && first_date(l).is_some() && !LABELLED.is_match(l) || meeting_dated(l)
    });
    if let Some(d) = dated {
        if h.date.is_none() {
            h.date = checked_date(lines[d]);
        }
        if h.start_time.is_none() {
            h.start_time = time_near(lines, d);
        }
        if h.committee.is_none() {
            h.committee = committee_above(lines, d);
        }
    }
    if h.committee.is_none() {
        h.committee = lines
            .iter()
            .take(30)
            .find(|l| {
                has_body_word(l)
                    && title_line(l)
                    && !l.contains(':')
                    && !l.to_lowercase().starts_with("minutes of")
            })
            .map(|l| tidy_committee(strip_trailing_date(l)));
    }
    if h.date.is_none() {
        h.date = lines.iter().take(30).find_map(|l| {
            let lower = l.to_lowercase();
            (lower.contains("meeting held on") || lower.contains("minutes of") || has_body_word(l))
                .then(|| checked_date(l))
                .flatten()
        });
    }
}

fn meeting_dated(line: &str) -> bool {
    let lower = line.to_lowercase();
    (lower.starts_with("on ") || lower.contains("meeting held on")) && first_date(line).is_some()
}

/// A date whose printed weekday (if any) agrees with it.
fn checked_date(line: &str) -> Option<NaiveDate> {
    let found = find_dates(line, None);
    let first = found.iter().find(|d| d.year_printed)?;
    if let Some(w) = WEEKDAY.captures(line).and_then(|c| c.get(0)) {
        let named = weekday_of(w.as_str());
        if named.is_some_and(|n| n != first.date.weekday()) {
            return found
                .iter()
                .find(|d| Some(d.date.weekday()) == named)
                .map(|d| d.date)
                .or(Some(first.date));
        }
    }
    Some(first.date)
}

fn weekday_of(name: &str) -> Option<Weekday> {
    let lower = name.to_ascii_lowercase();
    let day = match lower.get(..3)? {
        "mon" => Weekday::Mon,
        "tue" => Weekday::Tue,
        "wed" => Weekday::Wed,
        "thu" => Weekday::Thu,
        "fri" => Weekday::Fri,
        "sat" => Weekday::Sat,
        "sun" => Weekday::Sun,
        _ => return None,
    };
    Some(day)
}

fn time_near(lines: &[&str], d: usize) -> Option<String> {
    if let Some(t) = find_time(lines[d]) {
        return Some(t.1);
    }
    lines.iter().skip(d + 1).take(4).find_map(|l| {
        let lower = l.to_lowercase();
        let plausible = l.len() < 40 || lower.contains("commenced") || lower.contains("start");
        plausible.then(|| find_time(l).map(|t| t.1)).flatten()
    })
}

/// The committee's name printed above its date: the nearest line with a
/// body word ("Committee", "Board", …), with the lines it wraps onto.
fn committee_above(lines: &[&str], d: usize) -> Option<String> {
    let from = d.saturating_sub(6);
    let stop = |l: &str| {
        let lower = l.to_lowercase();
        lower.starts_with("agenda")
            || lower.starts_with("minutes") && !has_body_word(l)
            || lower == "top"
    };
    let mut at = None;
    for k in (from..d).rev() {
        if stop(lines[k]) {
            break;
        }
        if has_body_word(lines[k])
            && title_line(lines[k])
            && !lines[k].to_lowercase().contains("meeting held")
        {
            at = Some(k);
            break;
        }
    }
    let at = at?;
    let mut first = at;
    while first > from
        && is_upper(lines[first - 1])
        && title_line(lines[first - 1])
        && !stop(lines[first - 1])
    {
        first -= 1;
    }
    let mut last = at;
    while last + 1 < d
        && title_line(lines[last + 1])
        && (lines[last + 1].starts_with('(') || is_upper(lines[last + 1]) && is_upper(lines[at]))
        && !lines[last + 1].to_lowercase().contains("meeting held")
        && !lines[last + 1].to_lowercase().starts_with("on ")
    {
        last += 1;
    }
    let joined = lines[first..=last].join(" ");
    Some(tidy_committee(strip_trailing_date(&joined)))
}

fn title_line(l: &str) -> bool {
    let words = l.split_whitespace().count();
    (1..=14).contains(&words) && !l.ends_with(['.', ':', ';', ',']) && !l.contains("http")
}

fn strip_trailing_date(line: &str) -> &str {
    let found = find_dates(line, None);
    match found.first() {
        Some(d) if d.range.start > 0 => line[..d.range.start]
            .trim_end_matches([' ', '-', '–', '—', ','])
            .trim(),
        _ => line.trim(),
    }
}

/// Capitals become title case ("OVERVIEW AND SCRUTINY COMMITTEE" →
/// "Overview and Scrutiny Committee"); other names stay as printed.
pub fn tidy_committee(name: &str) -> String {
    let name = name.trim().trim_end_matches([',', '.', ':']).trim();
    if !is_upper(name) {
        return name.to_owned();
    }
    title_case(name)
}

/// Title case for a heading printed in capitals.
pub fn title_case(text: &str) -> String {
    const SMALL: &[&str] = &[
        "and", "of", "the", "for", "to", "in", "on", "a", "an", "at", "by", "with", "or",
    ];
    let mut out = Vec::new();
    for (i, word) in text.split(' ').enumerate() {
        let lower = word.to_lowercase();
        let bare = lower.trim_matches(|c: char| !c.is_alphanumeric());
        if i > 0 && SMALL.contains(&bare) {
            out.push(lower);
            continue;
        }
        if is_acronym(word) {
            out.push(word.to_owned());
            continue;
        }
        out.push(capitalise(&lower));
    }
    out.join(" ")
}

fn is_acronym(word: &str) -> bool {
    let bare: String = word.chars().filter(|c| c.is_alphabetic()).collect();
    let inner = word.trim_matches(|c: char| !c.is_alphanumeric());
    (2..=5).contains(&bare.len()) && word.starts_with('(') && word.ends_with(')')
        || (bare.len() <= 4
            && !["and", "of", "the", "for"].contains(&inner.to_lowercase().as_str())
            && ["SEND", "NHS", "CQC", "DFE", "LGA", "KCC", "IT"].contains(&inner))
}

fn capitalise(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    // "10th" stays "10th": only a word that starts with a letter is capitalised.
    let mut up = word
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '(' || c == '\'' || c == '‘');
    for c in word.chars() {
        if up && c.is_alphabetic() {
            out.extend(c.to_uppercase());
            up = false;
        } else {
            out.push(c);
        }
        if c == '-' || c == '(' || c == '/' {
            up = true;
        }
    }
    out
}

fn held_at(line: &str) -> Option<String> {
    let c = HELD_AT.captures(line)?;
    let v = c.get(1)?.as_str().trim().trim_end_matches(['.', ',']);
    let v = v
        .strip_prefix("THE ")
        .or_else(|| v.strip_prefix("the "))
        .unwrap_or(v);
    (!v.is_empty() && v.split_whitespace().count() <= 12).then(|| {
        if is_upper(v) {
            title_case(v)
        } else {
            v.to_owned()
        }
    })
}

/// "Helen Phillips  Email:" → "Helen Phillips"; "Katy Brown Committee
/// Officer" → "Katy Brown".
pub fn contact_name(value: &str) -> Option<String> {
    let cut = CONTACT_CUT.find(value).map_or(value.len(), |m| m.start());
    let mut name = value[..cut]
        .trim()
        .trim_end_matches([',', '.', '-', ':'])
        .trim()
        .to_owned();
    let words: Vec<&str> = name.split_whitespace().collect();
    if let Some(k) = words
        .iter()
        .position(|w| CONTACT_ROLE_WORDS.contains(&w.to_lowercase().as_str()))
        && k >= 2
    {
        name = words[..k].join(" ");
    }
    let lower = name.to_lowercase();
    if name.is_empty() || lower.starts_with("email") || lower.starts_with("tel") {
        return None;
    }
    Some(name)
}

/// The header date as ISO.
pub fn iso_date(h: &Header) -> Option<String> {
    h.date.map(iso)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pre(lines: &[&str]) -> Vec<Piece<'static>> {
        Piece::lines(lines, false)
    }

    #[test]
    fn moderngov_heading_line() {
        let p = pre(&[
            "Agenda and draft minutes",
            "Audit and Governance Committee - Thursday 13th June 2024 10:00am",
            "Venue: Council Chamber, Guildhall, Exeford",
            "Contact: Priya Shah, Democratic Services Officer  Tel: 01234 567890",
        ]);
        let h = header(&p, &[], "Agenda and draft minutes");
        assert_eq!(
            h.committee.as_deref(),
            Some("Audit and Governance Committee")
        );
        assert_eq!(h.date.map(iso).as_deref(), Some("2024-06-13"));
        assert_eq!(h.start_time.as_deref(), Some("10:00"));
        assert_eq!(
            h.venue.as_deref(),
            Some("Council Chamber, Guildhall, Exeford")
        );
        assert_eq!(h.contact.as_deref(), Some("Priya Shah"));
        assert!(h.draft);
    }

    #[test]
    fn pdf_heading_in_capitals() {
        let p = pre(&[
            "HEALTH SCRUTINY PANEL",
            "(ADULT SOCIAL CARE)",
            "MEETING HELD AT THE CIVIC CENTRE, MARLOW BAY",
            "ON WEDNESDAY 5TH MARCH, 2025",
        ]);
        let h = header(&p, &[], "");
        assert_eq!(
            h.committee.as_deref(),
            Some("Health Scrutiny Panel (Adult Social Care)")
        );
        assert_eq!(h.venue.as_deref(), Some("Civic Centre, Marlow Bay"));
        assert_eq!(h.date.map(iso).as_deref(), Some("2025-03-05"));
    }

    #[test]
    fn a_notice_of_meeting_phrase_wrapped_over_lines() {
        let p = pre(&[
            "NOTICE OF MEETING",
            "PARKS AND OPEN SPACES PANEL",
            "will meet on",
            "TUESDAY 14 OCTOBER 2031",
            "at",
            "6.45pm",
            "in the",
            "PAVILION ROOM, RIVERSIDE HALL,",
            "MILL LANE, OAKBRIDGE",
            "TO: MEMBERS OF THE PANEL",
            "For details please contact the Panel Clerk Nadia Fenwick (01234) 567123",
        ]);
        let h = header(&p, &[], "");
        assert_eq!(h.date.map(iso).as_deref(), Some("2031-10-14"));
        assert_eq!(h.start_time.as_deref(), Some("18:45"));
        assert_eq!(
            h.venue.as_deref(),
            Some("PAVILION ROOM, RIVERSIDE HALL, MILL LANE, OAKBRIDGE")
        );
        assert_eq!(h.contact.as_deref(), Some("Nadia Fenwick"));
    }

    #[test]
    fn the_committee_named_by_its_minutes() {
        let text = "Minutes:\nThe Chair welcomed everyone to this remote meeting of the Allotments Forum and noted the agenda.";
        let h = header(&[], &[], text);
        assert_eq!(h.committee.as_deref(), Some("Allotments Forum"));
        // called "the Sub-Committee" throughout, named in full once
        let text = "A note on how a Taxi Licensing Sub-Committee hearing runs is attached.\nMinutes:\nThe Sub-Committee heard the driver. The Sub-Committee retired. Contact the Committee Officer for papers.";
        let h = header(&[], &[], text);
        assert_eq!(h.committee.as_deref(), Some("Taxi Licensing Sub-Committee"));
        // a single-word body after "the meeting of the"
        let text = "Resolved that the minutes of the meeting of the Council held on 3 May 2030 be approved.";
        let h = header(&[], &[], text);
        assert_eq!(h.committee.as_deref(), Some("Council"));
    }

    #[test]
    fn contact_names() {
        assert_eq!(
            contact_name("Helen Phillips  Email:").as_deref(),
            Some("Helen Phillips")
        );
        assert_eq!(
            contact_name("Katy Brown Committee Officer").as_deref(),
            Some("Katy Brown")
        );
        assert_eq!(
            contact_name("Democratic Services - 637292").as_deref(),
            Some("Democratic Services")
        );
        assert_eq!(contact_name("Email:"), None);
        assert_eq!(
            contact_name("G. Woodhall Tel: (01992) 564243").as_deref(),
            Some("G. Woodhall")
        );
    }
}
