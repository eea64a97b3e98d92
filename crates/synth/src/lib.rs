//! Synthetic councils: realistic minutes with known truth.
//!
//! This crate owns the invention of councils, committees, people and
//! meetings (with actions that live across meetings), and the rendering of
//! a meeting record as the documents councils publish: ModernGov web-page
//! text, PDF-extracted text, ModernGov-style HTML and real PDF files. Every
//! rendering comes with the record a careful reader of exactly that document
//! could produce, so parsers can be scored against exact ground truth.
//!
//! It must not parse: it only writes documents, never reads them. Parsing is
//! `minutebook-parse`'s job, and the round-trip tests hold the two together.
//!
//! ```
//! use minutebook_synth::{Format, SynthConfig, meetings, render};
//!
//! let cfg = SynthConfig { councils: 1, years: 1, ..SynthConfig::default() };
//! let first = meetings(&cfg).next().expect("a meeting");
//! let page = render(&first.meeting, Format::ModernGovText, first.style_seed);
//! assert!(String::from_utf8_lossy(&page.bytes).contains("No. Item"));
//! ```

mod corpus;
mod council;
mod generate;
mod render;
mod util;
mod words;

use std::str::FromStr;
use std::sync::Arc;

pub use corpus::{Summary, write_corpus};
pub use generate::{ActionId, FollowUp, GeneratedMeeting, Outcome};
pub use render::{PdfWriter, Rendered, escape, render};

/// A document format councils publish minutes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// ModernGov web-page text ("text").
    ModernGovText,
    /// Text extracted from a minutes PDF ("pdf-text").
    PdfText,
    /// ModernGov-style HTML ("html").
    Html,
    /// A PDF file ("pdf").
    Pdf,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 4] = [
        Format::ModernGovText,
        Format::PdfText,
        Format::Html,
        Format::Pdf,
    ];

    /// The record's `source.format` value.
    pub fn tag(self) -> &'static str {
        match self {
            Format::ModernGovText => "moderngov-text",
            Format::PdfText => "pdf-text",
            Format::Html => "moderngov-html",
            Format::Pdf => "pdf",
        }
    }

    /// The short name used on command lines and in multi-format file names.
    pub fn short(self) -> &'static str {
        match self {
            Format::ModernGovText => "text",
            Format::PdfText => "pdf-text",
            Format::Html => "html",
            Format::Pdf => "pdf",
        }
    }

    /// The file extension of the document.
    pub fn extension(self) -> &'static str {
        match self {
            Format::ModernGovText | Format::PdfText => "txt",
            Format::Html => "html",
            Format::Pdf => "pdf",
        }
    }
}

impl FromStr for Format {
    type Err = SynthError;

    fn from_str(s: &str) -> Result<Self, SynthError> {
        Format::ALL
            .into_iter()
            .find(|f| f.short() == s || f.tag() == s)
            .ok_or_else(|| {
                SynthError::Config(format!("unknown format {s:?} (text, pdf-text, html, pdf)"))
            })
    }
}

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynthConfig {
    /// Number of councils.
    pub councils: usize,
    /// Number of calendar years of meetings.
    pub years: u32,
    /// The seed: the same seed gives byte-identical output.
    pub seed: u64,
    /// Formats to render each meeting in.
    pub formats: Vec<Format>,
    /// The first calendar year.
    pub start_year: i32,
}

impl Default for SynthConfig {
    fn default() -> Self {
        Self {
            councils: 3,
            years: 2,
            seed: 1,
            formats: vec![Format::ModernGovText],
            start_year: 2022,
        }
    }
}

impl SynthConfig {
    fn check(&self) -> Result<(), SynthError> {
        if self.councils > council::COUNCIL_CAPACITY {
            return Err(SynthError::Config(format!(
                "at most {} councils",
                council::COUNCIL_CAPACITY
            )));
        }
        if self.years == 0 || self.years > 100 {
            return Err(SynthError::Config("years must be 1 to 100".into()));
        }
        if self.formats.is_empty() {
            return Err(SynthError::Config("no formats".into()));
        }
        Ok(())
    }
}

/// Why a corpus could not be written.
#[derive(Debug, thiserror::Error)]
pub enum SynthError {
    /// The configuration is unusable.
    #[error("bad configuration: {0}")]
    Config(String),
    /// A file could not be written.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The path being written.
        path: String,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A record could not be serialised.
    #[error("cannot serialise: {0}")]
    Json(#[from] serde_json::Error),
}

/// Every generated meeting of the corpus `cfg` describes, council by
/// council and committee by committee, each committee's in date order.
/// Lazy: only one committee's state is held at a time.
pub fn meetings(cfg: &SynthConfig) -> impl Iterator<Item = GeneratedMeeting> + use<> {
    let SynthConfig {
        councils,
        years,
        seed,
        start_year,
        ..
    } = *cfg;
    let councils = councils.min(council::COUNCIL_CAPACITY);
    (0..councils).flat_map(move |i| council_meetings(seed, i, start_year, years))
}

/// The meetings of council `index`, with each committee's history side file
/// available through [`corpus`].
fn council_meetings(
    seed: u64,
    index: usize,
    start_year: i32,
    years: u32,
) -> impl Iterator<Item = GeneratedMeeting> {
    let c = Arc::new(council::council(seed, index, start_year, years));
    (0..c.committees.len())
        .flat_map(move |k| generate::CommitteeRun::new(Arc::clone(&c), k, start_year, years))
}
