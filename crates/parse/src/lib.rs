//! The minutes parser. (Being written: the API below is stable.)

pub use minutebook_extract::Limits;
use minutebook_record::Meeting;

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
}

/// Parse one document (any supported format, detected from the bytes).
pub fn parse_bytes(bytes: &[u8], opts: &Options) -> Result<Meeting, ParseError> {
    let extracted = minutebook_extract::extract(bytes, &opts.limits)?;
    let _ = extracted;
    Ok(Meeting::default())
}
