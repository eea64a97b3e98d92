//! Renderers: a true record in, a document and the record a careful reader
//! of that document could produce out.
//!
//! Each format first derives its *view* of the truth (what the document
//! carries: a web page has no attendance block, a PDF has no file sizes, a
//! truncated item shows only its opening), then draws the document from that
//! view, so the expected record and the bytes cannot disagree.

mod html;
mod pdf;
mod pdftext;
mod text;

use chrono::NaiveDate;
use minutebook_record::{Attendance, Item, ItemKind, Meeting, MinutesStatus, Role};
use rand::SeedableRng;
use rand::rngs::StdRng;

use crate::Format;
use crate::util::{Choose, DateStyle, TIME_STYLES, TimeStyle, mix};

pub use html::escape;
pub use pdf::PdfWriter;

/// Top-level bullet glyphs councils' pages use.
const BULLETS: [&str; 3] = ["·", "-", "•"];

/// A rendered document with its expected record.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The document's bytes (UTF-8 text, HTML, or PDF).
    pub bytes: Vec<u8>,
    /// What a careful reader of exactly this document can know.
    pub expected: Meeting,
    /// A file name for the document: `<date>.<ext>`.
    pub name: String,
}

/// Presentation choices for one rendering; drawn from the style seed so the
/// same seed gives the same bytes.
#[derive(Debug, Clone)]
pub(crate) struct Style {
    /// "Committee - date time" on one line, or committee and date on two.
    pub one_line_heading: bool,
    pub date_style: DateStyle,
    pub time_style: TimeStyle,
    pub print_venue: bool,
    pub print_contact: bool,
    /// Seed 002 layout ("Minutes:" label) rather than seed 000 layout
    /// ("Additional documents:" before every item's minutes).
    pub minutes_label: bool,
    /// Bullet glyph for top-level list items.
    pub bullet: &'static str,
    /// Items whose minutes the web page cuts short.
    pub truncate: Vec<usize>,
    /// PDF: the start time is printed after the date.
    pub pdf_time: bool,
    /// PDF: "Mr." rather than "Mr".
    pub dotted_honorifics: bool,
    /// PDF text: lines per page before the running header repeats.
    pub page_lines: usize,
}

impl Style {
    fn draw(meeting: &Meeting, format: Format, seed: u64) -> Self {
        let mut rng = StdRng::seed_from_u64(mix(seed, format as u64, 11));
        let web = matches!(format, Format::ModernGovText | Format::Html);
        let truncate = if web {
            meeting
                .items
                .iter()
                .enumerate()
                .filter(|(_, it)| truncatable(it))
                .filter(|_| rng.chance(0.3))
                .map(|(i, _)| i)
                .collect()
        } else {
            Vec::new()
        };
        Style {
            one_line_heading: rng.chance(0.6),
            date_style: *rng.pick(&[DateStyle::DayOrdinal, DateStyle::DayPlain]),
            time_style: *rng.pick(&TIME_STYLES),
            print_venue: rng.chance(0.85),
            print_contact: rng.chance(0.7),
            minutes_label: rng.chance(0.5),
            bullet: BULLETS[rng.between(0, 2) as usize],
            truncate,
            pdf_time: rng.chance(0.5),
            dotted_honorifics: rng.chance(0.5),
            page_lines: rng.between(40, 50) as usize,
        }
    }
}

fn truncatable(it: &Item) -> bool {
    matches!(it.kind, ItemKind::Substantive | ItemKind::WorkProgramme)
        && it.minutes_text.as_deref().is_some_and(|t| t.len() > 250)
}

/// Renders `meeting` (a full true record, e.g. from [`crate::meetings`]) as
/// `format`, with presentation choices drawn from `style_seed`.
pub fn render(meeting: &Meeting, format: Format, style_seed: u64) -> Rendered {
    let style = Style::draw(meeting, format, style_seed);
    let expected = view(meeting, format, &style);
    let bytes = match format {
        Format::ModernGovText => text::render(&expected, &style).into_bytes(),
        Format::PdfText => pdftext::render(&expected, &style).into_bytes(),
        Format::Html => html::render(&expected, &style).into_bytes(),
        Format::Pdf => pdf::render(&expected, &style),
    };
    let date = meeting
        .date
        .clone()
        .unwrap_or_else(|| "undated".to_string());
    Rendered {
        bytes,
        expected,
        name: format!("{date}.{}", format.extension()),
    }
}

/// What the document in `format` carries of `truth`.
fn view(truth: &Meeting, format: Format, style: &Style) -> Meeting {
    let mut m = truth.clone();
    m.source = Default::default();
    m.source.format = Some(format.tag().to_string());
    let web = matches!(format, Format::ModernGovText | Format::Html);
    if web {
        // The page names the council only in the site banner of the HTML.
        if format == Format::ModernGovText {
            m.authority = None;
        }
        if !style.print_venue {
            m.venue = None;
        }
        if !style.print_contact {
            m.contact = None;
        }
        m.attendance = web_attendance(&truth.attendance);
        for &i in &style.truncate {
            if let Some(item) = m.items.get_mut(i) {
                truncate_item(item, i);
            }
        }
    } else {
        m.authority = None;
        m.contact = None;
        // PDF minutes carry no draft marking (C19).
        m.minutes_status = Some(MinutesStatus::Final);
        if !style.pdf_time {
            m.start_time = None;
        }
        for item in &mut m.items {
            item.documents.clear();
            item.agenda_text = None;
        }
    }
    m
}

/// A web page has no attendance block: only the apologies item tells who
/// sent apologies, who was absent and who substituted for whom.
fn web_attendance(a: &Attendance) -> Attendance {
    Attendance {
        present: a
            .present
            .iter()
            .filter(|p| p.role == Some(Role::Substitute))
            .cloned()
            .collect(),
        apologies: a.apologies.clone(),
        absent: a.absent.clone(),
        also_present: Vec::new(),
        public_count: None,
    }
}

/// Cuts an item's minutes at a word boundary, keeping only the structure a
/// reader can still see (C6; 002-7; 003-4).
fn truncate_item(item: &mut Item, index: usize) {
    let Some(full) = item.minutes_text.clone() else {
        return;
    };
    let mut rng = StdRng::seed_from_u64(mix(full.len() as u64, index as u64, 3));
    let lo = full.len() * 3 / 10;
    let hi = full.len() * 9 / 10;
    let mut target = lo + rng.between(0, (hi - lo) as u32) as usize;
    while !full.is_char_boundary(target) {
        target -= 1;
    }
    let cut = full[..target].rfind(' ').unwrap_or(target);
    let visible = full[..cut].trim_end().to_string();
    let cut = visible.len();
    let mut cursor = 0;
    let resolutions = std::mem::take(&mut item.resolutions);
    for mut r in resolutions {
        let needle = r.text.trim_end_matches('.');
        let Some(start) = full[cursor..].find(needle).map(|p| p + cursor) else {
            continue;
        };
        cursor = start + needle.len();
        if cursor <= cut {
            item.resolutions.push(r);
        } else if start < cut {
            let shown = visible[start..]
                .trim_end_matches([';', ',', ' '])
                .trim_end_matches(" and")
                .trim();
            if !shown.is_empty() {
                r.text = shown.to_string();
                item.resolutions.push(r);
            }
        }
    }
    let fits = |t: &str| full.find(t).is_some_and(|p| p + t.len() <= cut);
    item.actions
        .retain(|a| fits(&a.text) && a.due_text.as_deref().is_none_or(fits));
    item.references.retain(|r| fits(&r.text));
    if full.find(']').is_none_or(|p| p >= cut) {
        item.in_attendance.clear();
    }
    item.minutes_text = Some(visible);
    item.minutes_truncated = true;
}

/// One display line of minutes, with its kind for the renderer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Line<'a> {
    /// A paragraph (or a labelled list line, which keeps its label).
    Para(&'a str),
    /// A bullet; `nested` for points under a bullet ending with ":".
    Bullet { text: &'a str, nested: bool },
}

/// Splits minutes text into blocks of display lines.
pub(crate) fn blocks(minutes: &str) -> Vec<Vec<Line<'_>>> {
    minutes
        .split("\n\n")
        .map(|block| {
            let mut nested = false;
            block
                .split('\n')
                .map(|line| match line.strip_prefix("- ") {
                    Some(text) => {
                        let l = Line::Bullet { text, nested };
                        if text.ends_with(':') {
                            nested = true;
                        }
                        l
                    }
                    None => Line::Para(line),
                })
                .collect()
        })
        .collect()
}

/// The meeting's date, or the epoch when a record lacks one (renderers only
/// see generated records, which always have a date).
pub(crate) fn meeting_date(m: &Meeting) -> NaiveDate {
    m.date
        .as_deref()
        .and_then(|d| d.parse().ok())
        .unwrap_or_default()
}

/// The start time as `(hour, minute)`, when known.
pub(crate) fn meeting_time(m: &Meeting) -> Option<(u32, u32)> {
    let t = m.start_time.as_deref()?;
    let (h, mm) = t.split_once(':')?;
    Some((h.parse().ok()?, mm.parse().ok()?))
}

/// "Agenda and minutes" or "Agenda and draft minutes".
pub(crate) fn page_title(m: &Meeting) -> &'static str {
    if m.minutes_status == Some(MinutesStatus::Draft) {
        "Agenda and draft minutes"
    } else {
        "Agenda and minutes"
    }
}
