//! Dates and times in every form councils write them.
//!
//! "Thursday 13th June 2024", "TUESDAY 31ST JANUARY, 2023", "15 May 2018",
//! "18 and 19 April" (the first day), "20/09/2017" (day first, British),
//! "January 16, 2018" (North American), and times such as "10:00am",
//! "6.00 pm", "4:30 PM".

use chrono::{Datelike, NaiveDate, Weekday};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

const MONTHS: &str = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";

static DAY_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    let re = format!(
        r"(?i)(?-u:\b)(\d{{1,2}})(?:st|nd|rd|th)?(?:\s*(?:and|&|-|–|to)\s*\d{{1,2}}(?:st|nd|rd|th)?)?\s+(?:of\s+)?({MONTHS})(?-u:\b)\.?(?:,?\s*(\d{{4}})(?-u:\b))?"
    );
    Regex::new(&re).expect("static regex")
});

static MONTH_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    let re =
        format!(r"(?i)(?-u:\b)({MONTHS})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})(?-u:\b)");
    Regex::new(&re).expect("static regex")
});

static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?-u:\b)").expect("static regex")
});

static TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(\d{1,2})(?:[.:](\d{2}))?\s*(a\.?m\.?|p\.?m\.?|noon)(?:\W|$)|(?-u:\b)(\d{1,2}):(\d{2})(?-u:\b)",
    )
    .expect("static regex")
});

/// A date found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDate {
    /// Where it is (byte range of the text searched).
    pub range: Range<usize>,
    /// The date.
    pub date: NaiveDate,
    /// Whether the year was printed (else it was taken from context).
    pub year_printed: bool,
}

fn month_number(name: &str) -> Option<u32> {
    let m = name.get(..3)?.to_ascii_lowercase();
    let n = match m.as_str() {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    Some(n)
}

fn year_of(s: &str) -> Option<i32> {
    let y: i32 = s.parse().ok()?;
    Some(if s.len() == 2 { 2000 + y } else { y })
}

/// Every date in `text`, in order. A date printed without its year takes
/// the year of the next dated mention within the same sentence ("17 March
/// and 7 April 2015"), else `default_year`.
pub fn find_dates(text: &str, default_year: Option<i32>) -> Vec<FoundDate> {
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return Vec::new();
    }
    let mut raw: Vec<(Range<usize>, u32, u32, Option<i32>)> = Vec::new();
    for c in DAY_FIRST.captures_iter(text) {
        let (Some(all), Some(d), Some(m)) = (c.get(0), c.get(1), c.get(2)) else {
            continue;
        };
        let (Ok(day), Some(month)) = (d.as_str().parse::<u32>(), month_number(m.as_str())) else {
            continue;
        };
        // "may" and "march" are also ordinary words: without a year, a
        // bare "5 may" is only a date when followed by nothing wordy.
        let year = c.get(3).and_then(|y| year_of(y.as_str()));
        if year.is_none() && m.as_str().len() == 3 && m.as_str().eq_ignore_ascii_case("may") {
            continue;
        }
        raw.push((all.range(), day, month, year));
    }
    for c in MONTH_FIRST.captures_iter(text) {
        let (Some(all), Some(m), Some(d), Some(y)) = (c.get(0), c.get(1), c.get(2), c.get(3))
        else {
            continue;
        };
        if raw.iter().any(|r| overlaps(&r.0, &all.range())) {
            continue;
        }
        let (Ok(day), Some(month), Some(year)) = (
            d.as_str().parse::<u32>(),
            month_number(m.as_str()),
            year_of(y.as_str()),
        ) else {
            continue;
        };
        raw.push((all.range(), day, month, Some(year)));
    }
    for c in NUMERIC.captures_iter(text) {
        let (Some(all), Some(d), Some(m), Some(y)) = (c.get(0), c.get(1), c.get(2), c.get(3))
        else {
            continue;
        };
        let (Ok(day), Ok(month), Some(year)) = (
            d.as_str().parse::<u32>(),
            m.as_str().parse::<u32>(),
            year_of(y.as_str()),
        ) else {
            continue;
        };
        raw.push((all.range(), day, month, Some(year)));
    }
    raw.sort_by_key(|r| r.0.start);
    let mut out = Vec::new();
    for (i, (range, day, month, year)) in raw.iter().enumerate() {
        let (year, printed) = match year {
            Some(y) => (Some(*y), true),
            None => (
                later_year_in_sentence(text, &raw[i + 1..], range.end).or(default_year),
                false,
            ),
        };
        let Some(year) = year else { continue };
        if let Some(date) = NaiveDate::from_ymd_opt(year, *month, *day) {
            out.push(FoundDate {
                range: range.clone(),
                date,
                year_printed: printed,
            });
        }
    }
    out
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

fn later_year_in_sentence(
    text: &str,
    later: &[(Range<usize>, u32, u32, Option<i32>)],
    from: usize,
) -> Option<i32> {
    let next = later.iter().find(|r| r.3.is_some())?;
    let between = text.get(from..next.0.start)?;
    if between.contains(". ") || between.len() > 80 {
        return None;
    }
    next.3
}

/// The first date in `text` whose year is printed.
pub fn first_date(text: &str) -> Option<NaiveDate> {
    find_dates(text, None)
        .into_iter()
        .find(|d| d.year_printed)
        .map(|d| d.date)
}

/// The first clock time in `text`, as `HH:MM` (24-hour).
pub fn find_time(text: &str) -> Option<(Range<usize>, String)> {
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    for c in TIME.captures_iter(text) {
        let Some(all) = c.get(0) else { continue };
        let (h, m, suffix) = if let Some(h) = c.get(1) {
            (
                h.as_str(),
                c.get(2).map_or("00", |m| m.as_str()),
                c.get(3).map(|s| s.as_str()),
            )
        } else {
            match (c.get(4), c.get(5)) {
                (Some(h), Some(m)) => (h.as_str(), m.as_str(), None),
                _ => continue,
            }
        };
        let (Ok(mut hour), Ok(minute)) = (h.parse::<u32>(), m.parse::<u32>()) else {
            continue;
        };
        if minute > 59 {
            continue;
        }
        match suffix.map(|s| s.to_ascii_lowercase().replace('.', "")) {
            Some(s) if s == "pm" && hour < 12 => hour += 12,
            Some(s) if s == "am" && hour == 12 => hour = 0,
            Some(s) if s == "noon" => hour = 12,
            _ => {}
        }
        if hour > 23 {
            continue;
        }
        return Some((all.range(), format!("{hour:02}:{minute:02}")));
    }
    None
}

/// The working day before `date` (Monday–Friday; bank holidays are not
/// known here).
pub fn next_working_day(date: NaiveDate) -> Option<NaiveDate> {
    let mut d = date.succ_opt()?;
    while matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
        d = d.succ_opt()?;
    }
    Some(d)
}

/// ISO form of a date.
pub fn iso(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn british_forms() {
        assert_eq!(
            first_date("Thursday 13th June 2024 10:00am"),
            Some(d(2024, 6, 13))
        );
        assert_eq!(
            first_date("ON TUESDAY 31ST JANUARY, 2023"),
            Some(d(2023, 1, 31))
        );
        assert_eq!(
            first_date("Thursday, 6th December, 2012 6.00 pm"),
            Some(d(2012, 12, 6))
        );
        assert_eq!(first_date("held on 15 May 2018."), Some(d(2018, 5, 15)));
        assert_eq!(
            first_date("Meeting: 20/09/2017 - Council"),
            Some(d(2017, 9, 20))
        );
        assert_eq!(
            first_date("Minutes of March 24, 2020"),
            Some(d(2020, 3, 24))
        );
    }

    #[test]
    fn a_range_gives_its_first_day_and_a_missing_year_is_borrowed() {
        let found = find_dates("on 18 and 19 April", Some(2018));
        assert_eq!(found[0].date, d(2018, 4, 18));
        let found = find_dates("held on 17 March and 7 April 2015", None);
        assert_eq!(found[0].date, d(2015, 3, 17));
        assert_eq!(found[1].date, d(2015, 4, 7));
    }

    #[test]
    fn may_the_verb_is_not_a_month() {
        assert!(find_dates("it was agreed that 2 may attend", None).is_empty());
    }

    #[test]
    fn times() {
        assert_eq!(
            find_time("Thursday 13th June 2024 10:00am").unwrap().1,
            "10:00"
        );
        assert_eq!(find_time("12th March 2020 6.00 pm").unwrap().1, "18:00");
        assert_eq!(find_time("Time: 4:30 PM").unwrap().1, "16:30");
        assert_eq!(find_time("Commenced: 2.30pm").unwrap().1, "14:30");
        assert_eq!(find_time("at 7pm").unwrap().1, "19:00");
        assert!(find_time("item 6.00 was").is_none());
    }

    #[test]
    fn working_days() {
        assert_eq!(next_working_day(d(2018, 5, 15)), Some(d(2018, 5, 16)));
        assert_eq!(next_working_day(d(2024, 6, 14)), Some(d(2024, 6, 17)));
    }
}
