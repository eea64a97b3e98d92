//! ModernGov web-page text, as a browser's "save as text" gives it (seeds
//! 000, 002, 003 and 004).

use std::fmt::Write;

use minutebook_record::Meeting;

use super::{Line, Style, blocks, meeting_date, meeting_time, page_title};
use crate::util::{fmt_date, fmt_time};

/// The page text of `m` (already the format's view).
pub(crate) fn render(m: &Meeting, style: &Style) -> String {
    let mut out = String::new();
    header(&mut out, m, style);
    // Seed 000 puts two blank lines between blocks, seed 002 one.
    let gap = if style.minutes_label {
        "\n\n"
    } else {
        "\n\n\n"
    };
    for item in &m.items {
        let number = item.number.as_deref().unwrap_or_default();
        out.push_str(gap);
        let _ = write!(out, "{number}.\n\n{}", item.title);
        for doc in &item.documents {
            let _ = write!(out, " pdf icon PDF {} KB", doc.size_kb.unwrap_or(0));
        }
        if let Some(agenda) = &item.agenda_text {
            let _ = write!(out, "\n\n{agenda}");
        }
        if style.minutes_label {
            out.push_str("\n\nMinutes:\n\n");
        } else {
            out.push_str("\n\nAdditional documents:");
            out.push_str(gap);
        }
        let minutes = item.minutes_text.as_deref().unwrap_or_default();
        out.push_str(&minutes_text(minutes, style, gap));
        if item.minutes_truncated {
            let _ = write!(out, "  ...  view the full minutes text for item {number}.");
        }
        if style.minutes_label {
            out.push_str("\n\n\u{a0}");
        }
    }
    out.push('\n');
    out
}

fn header(out: &mut String, m: &Meeting, style: &Style) {
    let committee = m.committee.as_deref().unwrap_or_default();
    let date = fmt_date(meeting_date(m), style.date_style);
    let when = match meeting_time(m) {
        Some(t) => format!("{date} {}", fmt_time(t, style.time_style)),
        None => date,
    };
    let _ = write!(out, "{}\n\n", page_title(m));
    if style.one_line_heading {
        let _ = write!(out, "{committee} - {when}\n\n");
    } else {
        let _ = write!(out, "{committee}\n{when}\n\n");
    }
    if let Some(venue) = &m.venue {
        let _ = write!(out, "Venue: {venue}. View directions\n\n");
    }
    if let Some(contact) = &m.contact {
        let _ = write!(out, "Contact: {contact}\u{a0} Email:\n\n");
    }
    out.push_str(if style.minutes_label {
        "Items\nNo. Item"
    } else {
        "\nNo. Item"
    });
}

/// Minutes blocks with bullets drawn as glyphs, each line its own paragraph
/// as on the web page.
pub(crate) fn minutes_text(minutes: &str, style: &Style, gap: &str) -> String {
    let mut out = String::new();
    for (b, block) in blocks(minutes).iter().enumerate() {
        if b > 0 {
            out.push_str(gap);
        }
        for (l, line) in block.iter().enumerate() {
            if l > 0 {
                out.push_str("\n\n");
            }
            match line {
                Line::Para(t) => out.push_str(t),
                Line::Bullet {
                    text,
                    nested: false,
                } => {
                    let _ = write!(out, "{}\u{a0}\u{a0}{text}", style.bullet);
                }
                Line::Bullet { text, nested: true } => {
                    let _ = write!(out, "o\u{a0}\u{a0}{text}");
                }
            }
        }
    }
    out
}
