//! Small shared helpers: random choice, slugs, English lists, British dates
//! and times in the styles councils print.

use chrono::{Datelike, NaiveDate, Weekday};
use rand::Rng;
use rand::rngs::StdRng;

/// Random choices over constant vocabularies. Every list passed in is a
/// non-empty constant, so indexing cannot fail.
pub(crate) trait Choose {
    /// One element of `xs` (which must not be empty).
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T;
    /// True with probability `p`.
    fn chance(&mut self, p: f64) -> bool;
    /// A number in `lo..=hi`.
    fn between(&mut self, lo: u32, hi: u32) -> u32;
}

impl Choose for StdRng {
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.random_range(0..xs.len())]
    }
    fn chance(&mut self, p: f64) -> bool {
        self.random_bool(p.clamp(0.0, 1.0))
    }
    fn between(&mut self, lo: u32, hi: u32) -> u32 {
        self.random_range(lo..=hi)
    }
}

/// Mixes seeds so that every council, committee and rendering gets an
/// independent stream whatever the thread that produces it.
pub(crate) fn mix(seed: u64, a: u64, b: u64) -> u64 {
    // SplitMix64 finaliser over the combined input.
    let mut z =
        seed ^ a.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ b.wrapping_mul(0xC2B2_AE3D_27D4_EB4F);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// "Safeguarding & Education Committee" → "safeguarding-education-committee".
pub(crate) fn slugify(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if c == '’' || c == '\'' {
            // "Children's" → "childrens", not "children-s".
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// "A", "A and B", "A, B and C".
pub(crate) fn and_list<S: AsRef<str>>(xs: &[S]) -> String {
    let mut out = String::new();
    for (i, x) in xs.iter().enumerate() {
        if i > 0 {
            out.push_str(if i + 1 == xs.len() { " and " } else { ", " });
        }
        out.push_str(x.as_ref());
    }
    out
}

/// How a date is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateStyle {
    /// "15 May 2018"
    Plain,
    /// "13th June 2024"
    Ordinal,
    /// "Thursday 13th June 2024"
    DayOrdinal,
    /// "Thursday 15 January 2026"
    DayPlain,
    /// "TUESDAY 31ST JANUARY, 2023"
    UpperComma,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The English name of a month of `d`.
pub(crate) fn month_name(d: NaiveDate) -> &'static str {
    MONTHS[d.month0() as usize]
}

fn weekday_name(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

fn ordinal_suffix(day: u32) -> &'static str {
    match (day % 10, day % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    }
}

/// `d` printed in `style`.
pub(crate) fn fmt_date(d: NaiveDate, style: DateStyle) -> String {
    let (day, month, year) = (d.day(), month_name(d), d.year());
    let wd = weekday_name(d.weekday());
    let sfx = ordinal_suffix(day);
    match style {
        DateStyle::Plain => format!("{day} {month} {year}"),
        DateStyle::Ordinal => format!("{day}{sfx} {month} {year}"),
        DateStyle::DayOrdinal => format!("{wd} {day}{sfx} {month} {year}"),
        DateStyle::DayPlain => format!("{wd} {day} {month} {year}"),
        DateStyle::UpperComma => format!("{wd} {day}{sfx} {month}, {year}").to_uppercase(),
    }
}

/// How a time of day is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TimeStyle {
    /// "10:00am"
    ColonTight,
    /// "6.00 pm"
    DotSpaced,
    /// "2.30pm"
    DotTight,
    /// "7:30 pm"
    ColonSpaced,
    /// "10.00 AM"
    DotUpper,
}

/// All time styles, for random choice.
pub(crate) const TIME_STYLES: [TimeStyle; 5] = [
    TimeStyle::ColonTight,
    TimeStyle::DotSpaced,
    TimeStyle::DotTight,
    TimeStyle::ColonSpaced,
    TimeStyle::DotUpper,
];

/// `(hour, minute)` on the 24-hour clock printed in `style`.
pub(crate) fn fmt_time((h, m): (u32, u32), style: TimeStyle) -> String {
    let (h12, ampm) = match h {
        0 => (12, "am"),
        1..=11 => (h, "am"),
        12 => (12, "pm"),
        _ => (h - 12, "pm"),
    };
    match style {
        TimeStyle::ColonTight => format!("{h12}:{m:02}{ampm}"),
        TimeStyle::DotSpaced => format!("{h12}.{m:02} {ampm}"),
        TimeStyle::DotTight => format!("{h12}.{m:02}{ampm}"),
        TimeStyle::ColonSpaced => format!("{h12}:{m:02} {ampm}"),
        TimeStyle::DotUpper => format!("{h12}.{m:02} {}", ampm.to_uppercase()),
    }
}

/// `HH:MM` for the record.
pub(crate) fn iso_time((h, m): (u32, u32)) -> String {
    format!("{h:02}:{m:02}")
}

/// Upper-cases the first letter.
pub(crate) fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_every_style() {
        let d = NaiveDate::from_ymd_opt(2023, 1, 31).expect("valid");
        assert_eq!(
            fmt_date(d, DateStyle::UpperComma),
            "TUESDAY 31ST JANUARY, 2023"
        );
        assert_eq!(
            fmt_date(d, DateStyle::DayOrdinal),
            "Tuesday 31st January 2023"
        );
        assert_eq!(fmt_date(d, DateStyle::Plain), "31 January 2023");
        let d = NaiveDate::from_ymd_opt(2024, 6, 13).expect("valid");
        assert_eq!(fmt_date(d, DateStyle::Ordinal), "13th June 2024");
    }

    #[test]
    fn times_and_lists() {
        assert_eq!(fmt_time((18, 0), TimeStyle::DotSpaced), "6.00 pm");
        assert_eq!(fmt_time((10, 0), TimeStyle::ColonTight), "10:00am");
        assert_eq!(fmt_time((12, 30), TimeStyle::DotUpper), "12.30 PM");
        assert_eq!(and_list(&["a", "b", "c"]), "a, b and c");
        assert_eq!(
            slugify("Children’s Services, Education & Skills"),
            "childrens-services-education-skills"
        );
    }
}
