//! Document bytes in, text out. (Being written.)

/// What kind of container the bytes were.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    /// Plain text (any supported encoding).
    Text,
    /// An HTML page.
    Html,
    /// A PDF file.
    Pdf,
}

/// The text of a document, ready for the parser.
#[derive(Debug, Clone)]
pub struct Extracted {
    /// The decoded text; PDF page breaks are `\u{c}` (form feed) on a line of its own.
    pub text: String,
    /// What the bytes were.
    pub container: Container,
}

/// Why a document's text could not be had.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    /// The file has no bytes.
    #[error("empty file")]
    Empty,
}

/// Limits on input.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The largest document accepted, in bytes.
    pub max_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_bytes: 50 * 1024 * 1024,
        }
    }
}

/// Extract the text of a document.
pub fn extract(bytes: &[u8], _limits: &Limits) -> Result<Extracted, ExtractError> {
    if bytes.is_empty() {
        return Err(ExtractError::Empty);
    }
    Ok(Extracted {
        text: String::from_utf8_lossy(bytes).into_owned(),
        container: Container::Text,
    })
}
