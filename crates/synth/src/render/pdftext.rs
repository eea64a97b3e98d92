//! Text as extracted from a minutes PDF (seed 001): capitalised headings, a
//! PRESENT / ALSO PRESENT block, numbered capitalised item headings, and a
//! running page header after every page break.

use std::fmt::Write;

use minutebook_record::{Meeting, Person, Role};

use super::{Line, Style, blocks, meeting_date, meeting_time};
use crate::util::{DateStyle, TimeStyle, and_list, fmt_date, fmt_time};

/// A line of the document body; `heading` lines are set in bold in the PDF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BodyLine {
    pub text: String,
    pub heading: bool,
}

impl BodyLine {
    fn plain(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            heading: false,
        }
    }
    fn heading(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            heading: true,
        }
    }
    fn blank() -> Self {
        Self::plain("")
    }
}

/// The running header: "COMMITTEE - TUESDAY 31ST JANUARY, 2023".
pub(crate) fn running_header(m: &Meeting) -> String {
    let committee = m.committee.as_deref().unwrap_or_default().to_uppercase();
    format!(
        "{committee} - {}",
        fmt_date(meeting_date(m), DateStyle::UpperComma)
    )
}

/// The body of the minutes, line by line, without page furniture.
pub(crate) fn body(m: &Meeting, style: &Style) -> Vec<BodyLine> {
    let mut out = Vec::new();
    for line in wrap_heading(&m.committee.as_deref().unwrap_or_default().to_uppercase()) {
        out.push(BodyLine::heading(line));
    }
    out.push(BodyLine::blank());
    let venue = m.venue.as_deref().unwrap_or_default().to_uppercase();
    out.push(BodyLine::heading(format!("MEETING HELD AT {venue}")));
    let mut on = format!("ON {}", fmt_date(meeting_date(m), DateStyle::UpperComma));
    if let Some(t) = meeting_time(m).filter(|_| style.pdf_time) {
        let _ = write!(on, " AT {}", fmt_time(t, TimeStyle::DotUpper));
    }
    out.push(BodyLine::heading(on));
    out.push(BodyLine::blank());
    present_block(&mut out, m, style);
    for item in &m.items {
        let number = item.number.as_deref().unwrap_or_default();
        out.push(BodyLine::heading(format!(
            "{number}. {}",
            item.title.to_uppercase()
        )));
        out.push(BodyLine::blank());
        for (b, block) in blocks(item.minutes_text.as_deref().unwrap_or_default())
            .iter()
            .enumerate()
        {
            if b > 0 {
                out.push(BodyLine::blank());
            }
            for line in block {
                out.push(BodyLine::plain(match line {
                    Line::Para(t) => t.to_string(),
                    Line::Bullet {
                        text,
                        nested: false,
                    } => format!("- {text}"),
                    Line::Bullet { text, nested: true } => format!("o {text}"),
                }));
            }
        }
        out.push(BodyLine::blank());
    }
    out
}

/// Seed 001 breaks a long committee name before its bracket.
fn wrap_heading(s: &str) -> Vec<String> {
    match s.find(" (") {
        Some(p) if s.len() > 40 => vec![s[..p].to_string(), s[p + 1..].to_string()],
        _ => vec![s.to_string()],
    }
}

fn present_block(out: &mut Vec<BodyLine>, m: &Meeting, style: &Style) {
    let a = &m.attendance;
    let mut lines = Vec::new();
    let by_role = |role: Role| a.present.iter().filter(move |p| p.role == Some(role));
    for p in by_role(Role::Chair) {
        lines.push(format!("{} (in the Chair)", named(p, style)));
    }
    for p in by_role(Role::ViceChair) {
        lines.push(format!("{} (Vice-Chair)", named(p, style)));
    }
    let members: Vec<&Person> = by_role(Role::Member).collect();
    let common = members
        .first()
        .and_then(|p| p.honorific.clone())
        .unwrap_or_default();
    let (plain, other): (Vec<&Person>, Vec<&Person>) = members
        .into_iter()
        .partition(|p| p.honorific.as_deref() == Some(common.as_str()));
    match plain.len() {
        0 => {}
        1 => lines.push(named(plain[0], style)),
        _ => {
            let names: Vec<&str> = plain.iter().map(|p| p.name.as_str()).collect();
            lines.push(format!("{common}s {}", and_list(&names)));
        }
    }
    lines.extend(other.iter().map(|p| named(p, style)));
    for p in by_role(Role::Substitute) {
        let absent = p.substitute_for.as_deref().unwrap_or_default();
        let hon = a
            .apologies
            .iter()
            .find(|x| x.name == absent)
            .and_then(|x| x.honorific.clone());
        let absent = hon.map_or_else(|| absent.to_string(), |h| format!("{h} {absent}"));
        lines.push(format!("{} (substitute for {absent})", named(p, style)));
    }
    push_block(out, "PRESENT: ", lines);
    let mut also: Vec<String> = a
        .also_present
        .iter()
        .map(|p| match &p.description {
            Some(d) => format!("{}, {d}", named(p, style)),
            None => named(p, style),
        })
        .collect();
    if let Some(n) = a.public_count {
        also.push(if n == 1 {
            "1 member of the public".to_string()
        } else {
            format!("{n} members of the public")
        });
    }
    push_block(out, "ALSO PRESENT: ", also);
}

fn push_block(out: &mut Vec<BodyLine>, label: &str, lines: Vec<String>) {
    if lines.is_empty() {
        return;
    }
    for (i, l) in lines.into_iter().enumerate() {
        out.push(BodyLine::plain(if i == 0 {
            format!("{label}{l}")
        } else {
            l
        }));
    }
    out.push(BodyLine::blank());
}

/// "Councillor June Burns", "Mr. M. Byrne".
fn named(p: &Person, style: &Style) -> String {
    match p.honorific.as_deref() {
        Some(h @ ("Mr" | "Mrs" | "Ms" | "Dr")) if style.dotted_honorifics => {
            format!("{h}. {}", p.name)
        }
        Some(h) => format!("{h} {}", p.name),
        None => p.name.clone(),
    }
}

/// The extracted text: leading blank lines, the body, and after roughly
/// every `page_lines` lines a form feed and the running header. A long
/// paragraph at a page end is split mid-sentence, as pages split them.
pub(crate) fn render(m: &Meeting, style: &Style) -> String {
    let header = running_header(m);
    let mut out = String::from("\n\n\n\n");
    let mut used = 0usize;
    for line in body(m, style) {
        let height = 1 + line.text.len() / 100;
        if used + height > style.page_lines && !line.text.is_empty() {
            let split = (line.text.len() > 200)
                .then(|| split_point(&line.text))
                .flatten();
            match split {
                Some(p) => {
                    out.push_str(&line.text[..p]);
                    let _ = write!(out, "\n\n\u{c}\n{header}\n\n");
                    out.push_str(&line.text[p + 1..]);
                }
                None => {
                    let _ = write!(out, "\n\u{c}\n{header}\n\n");
                    out.push_str(&line.text);
                }
            }
            out.push('\n');
            used = height / 2;
            continue;
        }
        out.push_str(&line.text);
        out.push('\n');
        used += height;
    }
    out
}

/// A space near the middle of a long line.
fn split_point(s: &str) -> Option<usize> {
    let mut mid = s.len() / 2;
    while !s.is_char_boundary(mid) {
        mid -= 1;
    }
    s[..mid].rfind(' ')
}
