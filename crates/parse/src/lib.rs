//! The minutes parser: one published minutes document in, one meeting
//! record (`minutebook.meeting/1`) out.
//!
//! This crate owns reading the genre — ModernGov "Agenda and minutes" web
//! pages (as text or saved HTML), PDF minutes (as extracted text or the PDF
//! itself) and plain text — into [`minutebook_record::Meeting`]s. It must
//! not store, index or serve records; it does no I/O beyond the bytes it is
//! given (`minutebook-extract` turns bytes into text).
//!
//! ```
//! let text = "Agenda and minutes\n\nAudit Committee - Tuesday 4th March 2025 2.00 pm\n\n\
//!             Items\nNo. Item\n\n12.\n\nMinutes\n\nMinutes:\n\n\
//!             RESOLVED: That the minutes of the meeting held on 14 January 2025 be approved.\n";
//! let meeting = minutebook_parse::parse_text(text).unwrap();
//! assert_eq!(meeting.committee.as_deref(), Some("Audit Committee"));
//! assert_eq!(meeting.date.as_deref(), Some("2025-03-04"));
//! assert_eq!(meeting.items[0].resolutions[0].text,
//!            "the minutes of the meeting held on 14 January 2025 be approved.");
//! assert_eq!(meeting.previous_minutes.unwrap().date.as_deref(), Some("2025-01-14"));
//! ```

mod actions;
mod attendance;
mod blocks;
mod dates;
mod declarations;
mod doc;
mod header;
mod keywords;
mod kinds;
mod norm;
mod people;
mod refs;
mod resolutions;
mod segment;

use minutebook_extract::Container;
pub use minutebook_extract::Limits;
use minutebook_record::{
    Attendance, Document, Item, ItemKind, Meeting, MinutesStatus, Person, PreviousMinutes, Source,
};
use regex::Regex;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::LazyLock;

/// The parser's version, stored with every record so archives know which
/// records a newer parser should re-read.
pub const PARSER_VERSION: &str = env!("CARGO_PKG_VERSION");

/// How to parse.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Input limits (size).
    pub limits: Limits,
    /// The path to record in `source.path`.
    pub path: Option<String>,
}

/// Why a document could not be parsed.
#[derive(Debug, thiserror::Error)]
pub enum ParseError {
    /// The document's text could not be had.
    #[error(transparent)]
    Extract(#[from] minutebook_extract::ExtractError),
    /// The text has none of the marks of minutes or an agenda.
    #[error("not minutes: no committee, date, agenda item, attendance or resolution found")]
    NotMinutes,
}

/// Parse one document (any supported format, detected from the bytes).
pub fn parse_bytes(bytes: &[u8], opts: &Options) -> Result<Meeting, ParseError> {
    let extracted = minutebook_extract::extract(bytes, &opts.limits)?;
    let mut meeting = parse_text(&extracted.text)?;
    let format = match extracted.container {
        Container::Pdf => "pdf".to_owned(),
        Container::Html => "moderngov-html".to_owned(),
        Container::Text => meeting
            .source
            .format
            .take()
            .unwrap_or_else(|| "text".to_owned()),
    };
    meeting.source = Source {
        path: opts.path.clone(),
        sha256: Some(hex(&Sha256::digest(bytes))),
        format: Some(format),
    };
    Ok(meeting)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

static MODERNGOV_MARKS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^(?:Minutes:|Additional documents:|Decision:|No\. Item|No\. \| Item|Agenda and (?:draft )?minutes|Issue - meetings|Decision details|Agenda item)\s*$|pdf icon PDF|view the full minutes text")
        .expect("static regex")
});

/// ModernGov web-page text, PDF-extracted text, or other text (`doc` is
/// `text` read into lines).
fn text_format(text: &str, doc: &doc::Doc) -> &'static str {
    if MODERNGOV_MARKS.is_match(text) {
        "moderngov-text"
    } else if text.contains('\u{c}') || doc.page_headers_removed > 0 || text.contains("PRESENT:") {
        "pdf-text"
    } else {
        "text"
    }
}

/// Parse the text of a document.
pub fn parse_text(text: &str) -> Result<Meeting, ParseError> {
    let doc = doc::Doc::new(text);
    let seg = segment::segment(&doc);
    let all_lines: Vec<&str> = doc.lines.iter().map(doc::Line::text).collect();
    let h = header::header(&seg.preamble, &all_lines, text);
    let mut meeting = Meeting {
        committee: h.committee.clone(),
        date: header::iso_date(&h),
        start_time: h.start_time.clone(),
        venue: h.venue.clone(),
        contact: h.contact.clone(),
        minutes_status: Some(if h.draft {
            MinutesStatus::Draft
        } else {
            MinutesStatus::Final
        }),
        source: Source {
            format: Some(text_format(text, &doc).to_owned()),
            ..Source::default()
        },
        ..Meeting::default()
    };
    attendance::from_preamble(&seg.preamble, &mut meeting.attendance);
    let preamble_blocks = blocks::blocks(&seg.preamble);
    for b in &preamble_blocks {
        meeting.declarations.extend(declarations::declarations(b));
    }
    attendance::from_minutes(
        &preamble_blocks,
        attendance::Place::Preamble,
        &mut meeting.attendance,
    );
    let cut = cut_off_at(text);
    for raw in &seg.items {
        let item = read_item(raw, h.date, cut, &mut meeting);
        // An item the page shows no title for is kept only for what it
        // decided: its words alone are in the archive's text already.
        // A title the text breaks off in, with nothing under it, is not
        // one a reader can see.
        let title_cut = raw.agenda.is_empty()
            && raw.minutes.is_empty()
            && runs_to(item.span, cut)
            && item.resolutions.is_empty();
        let shown = !item.title.is_empty() && !title_cut;
        if shown || !item.resolutions.is_empty() || !item.actions.is_empty() {
            meeting.items.push(item);
        }
    }
    infer_numbers(&mut meeting.items);
    meeting.previous_minutes = previous_minutes(&meeting, &seg, text);
    borrow_honorifics(&mut meeting, text);
    let minuted = seg.items.iter().any(|i| i.minuted || !i.minutes.is_empty());
    if is_empty(&meeting) && !minuted {
        return Err(ParseError::NotMinutes);
    }
    Ok(meeting)
}

/// Where the text stops, if it stops in mid-sentence: the document was cut
/// off there (a page extract, a truncated export). A list entry needs no
/// full stop, so text ending in one is taken as whole.
fn cut_off_at(text: &str) -> Option<usize> {
    let t = text.trim_end();
    let ended = t.ends_with(['.', '!', '?', ';', ':', ')', ']', '"', '”', '’', '|']);
    let last_line = t.rsplit('\n').next().unwrap_or(t).trim();
    let entry = blocks::label_of(last_line).is_some() || segment::is_bullet(last_line);
    (!ended && !entry).then_some(t.len())
}

/// Whether `span` reaches the point `cut` where the text breaks off.
fn runs_to(span: Option<minutebook_record::Span>, cut: Option<usize>) -> bool {
    matches!((span, cut), (Some([_, end]), Some(cut)) if end >= cut)
}

fn read_item(
    raw: &segment::RawItem,
    date: Option<chrono::NaiveDate>,
    cut: Option<usize>,
    meeting: &mut Meeting,
) -> Item {
    let title = tidy_title(&raw.title.text);
    let agenda = blocks::blocks(&raw.agenda);
    let minutes = blocks::blocks(&raw.minutes);
    let kind = if title.is_empty() {
        raw.agenda
            .first()
            .map_or(ItemKind::Other, |p| kinds::kind(&p.norm.text))
    } else {
        kinds::kind(&title)
    };
    let mut item = Item::new(
        raw.number.clone().or_else(|| raw.truncated.clone()),
        title.clone(),
        kind,
    );
    item.documents = raw
        .docs
        .iter()
        .map(|&kb| Document {
            title: title.clone(),
            format: Some("PDF".to_owned()),
            size_kb: Some(kb),
        })
        .collect();
    item.agenda_text = (!agenda.is_empty()).then(|| blocks::render(&agenda));
    item.minutes_text = (!minutes.is_empty()).then(|| blocks::render(&minutes));
    item.minutes_truncated = raw.truncated.is_some();
    item.in_attendance = attendance::in_attendance(&minutes);
    let mut found = resolutions::resolutions(&minutes);
    // A resolution the text breaks off in says too little to record.
    found.retain(|f| !runs_to(f.resolution.span, cut));
    item.actions = actions::actions(&minutes, &found, date);
    item.resolutions = found.into_iter().map(|f| f.resolution).collect();
    if kind != ItemKind::PreviousMinutes {
        for b in &minutes {
            item.references.extend(refs::references(b, date));
        }
    }
    let place = attendance::Place::Item {
        apologies: kind == ItemKind::Apologies,
    };
    attendance::from_minutes(&minutes, place, &mut meeting.attendance);
    for b in &minutes {
        for d in declarations::declarations(b) {
            if !meeting.declarations.iter().any(|x| x.member == d.member) {
                meeting.declarations.push(d);
            }
        }
    }
    item.span = item_span(raw);
    item
}

fn item_span(raw: &segment::RawItem) -> Option<minutebook_record::Span> {
    let first = raw
        .title
        .span()
        .or_else(|| raw.agenda.first().and_then(|p| p.norm.span()));
    let last = raw
        .minutes
        .last()
        .or(raw.agenda.last())
        .and_then(|p| p.norm.span())
        .or(first);
    match (first, last) {
        (Some(a), Some(b)) => Some([a[0], b[1].max(a[1])]),
        _ => None,
    }
}

/// Titles printed in capitals read better in title case.
fn tidy_title(title: &str) -> String {
    let t = title.trim();
    if doc::is_upper(t) && t.split_whitespace().count() > 1 {
        header::title_case(t)
    } else {
        t.to_owned()
    }
}

/// Where a page proves some item numbers ("view the full minutes text for
/// item 3") and the rest follow in order, the others are certain too.
fn infer_numbers(items: &mut [Item]) {
    let known: Vec<(usize, i64)> = items
        .iter()
        .enumerate()
        .filter_map(|(i, it)| {
            it.number
                .as_deref()?
                .parse::<i64>()
                .ok()
                .map(|n| (i, n - i as i64))
        })
        .collect();
    let Some(&(_, offset)) = known.first() else {
        return;
    };
    if known.len() == items.len() || known.iter().any(|&(_, o)| o != offset) {
        return;
    }
    for (i, it) in items.iter_mut().enumerate() {
        if it.number.is_none() && !it.title.is_empty() {
            it.number = Some((i as i64 + offset).to_string());
        }
    }
}

fn previous_minutes(
    meeting: &Meeting,
    seg: &segment::Segmented,
    text: &str,
) -> Option<PreviousMinutes> {
    let committee = meeting.committee.as_deref();
    let date = meeting
        .date
        .as_deref()
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let prev_items: Vec<String> = meeting
        .items
        .iter()
        .filter(|i| i.kind == ItemKind::PreviousMinutes)
        .map(|i| {
            [
                Some(i.title.as_str()),
                i.agenda_text.as_deref(),
                i.minutes_text.as_deref(),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(". ")
        })
        .collect();
    let found = prev_items
        .iter()
        .filter_map(|t| refs::previous_minutes_date(t, committee, date))
        .max_by_key(|(d, approved)| (*approved, *d))
        .or_else(|| {
            let minutes: String = seg
                .items
                .iter()
                .flat_map(|i| i.minutes.iter().map(|p| p.norm.text.as_str()))
                .collect::<Vec<_>>()
                .join(" ");
            refs::previous_minutes_date(&minutes, committee, date).filter(|(_, approved)| *approved)
        });
    let _ = text;
    found.map(|(d, approved)| PreviousMinutes {
        date: Some(dates::iso(d)),
        approved: approved.then_some(true),
    })
}

static HONORIFIC_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(Mr|Mrs|Ms|Miss|Dr)\.?\s+(?:[A-Z][\w'’-]+\s+)?([A-Z][\w'’-]+)")
        .expect("static regex")
});

/// An honorific printed elsewhere in the document ("Mr. Boyce") is used
/// where a person's own mention omits it.
fn borrow_honorifics(meeting: &mut Meeting, text: &str) {
    let mut by_surname: HashMap<&str, &str> = HashMap::new();
    for c in HONORIFIC_NAME.captures_iter(text) {
        if let (Some(h), Some(s)) = (c.get(1), c.get(2)) {
            by_surname.entry(s.as_str()).or_insert(h.as_str());
        }
    }
    let fill = |p: &mut Person| {
        if p.honorific.is_none()
            && let Some(h) = p.name.rsplit(' ').next().and_then(|s| by_surname.get(s))
        {
            p.honorific = Some((*h).to_owned());
        }
    };
    for item in &mut meeting.items {
        item.in_attendance.iter_mut().for_each(fill);
    }
    let Attendance {
        present,
        apologies,
        also_present,
        ..
    } = &mut meeting.attendance;
    present
        .iter_mut()
        .chain(apologies.iter_mut())
        .chain(also_present.iter_mut())
        .for_each(fill);
}

fn is_empty(m: &Meeting) -> bool {
    m.committee.is_none()
        && m.date.is_none()
        && m.items.is_empty()
        && m.attendance.present.is_empty()
        && m.attendance.apologies.is_empty()
        && m.declarations.is_empty()
}
