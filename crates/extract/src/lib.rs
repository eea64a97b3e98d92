//! Document bytes in, text out.
//!
//! This crate owns the step from a downloaded file to the text that
//! `minutebook-parse` reads: it detects the container from the content (not
//! the file name), decodes plain text in any common encoding, renders
//! ModernGov and other HTML pages into the text layout a browser copy gives,
//! and pulls the text layer out of PDFs in pure Rust. It rejects input it
//! cannot turn into readable text with a typed [`ExtractError`].
//!
//! It must not interpret minutes: it knows nothing of items, resolutions,
//! attendance or dates. It only preserves the structure (paragraphs, list
//! items, table rows, page breaks) the parser needs to do that.
//!
//! Output conventions:
//! - line ends are always `\n`;
//! - plain text is otherwise byte-faithful (no-break spaces and the like
//!   stay; the parser normalises);
//! - HTML and PDF text has paragraphs separated by one blank line and no
//!   trailing spaces;
//! - PDF page breaks are a form feed on a line of its own ([`PAGE_BREAK`]).

mod html;
mod pdf;
mod text;

pub use pdf::PAGE_BREAK;

/// How far into a file a `%PDF-` header may start (as PDF readers allow).
const PDF_HEADER_WINDOW: usize = 1024;

/// How far into a file the HTML sniffer looks for tell-tale tags.
const HTML_SNIFF_CHARS: usize = 1024;

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

/// Why a document's text could not be had. Each message reads well after a
/// file name, as in `FILE: message`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExtractError {
    /// The file has no bytes, or nothing but whitespace.
    #[error("empty file (no bytes, or only whitespace)")]
    Empty,
    /// The file is bigger than [`Limits::max_bytes`].
    #[error("file too large: {size} bytes, the limit is {max} bytes")]
    TooLarge {
        /// Size of the input in bytes.
        size: usize,
        /// The limit that was exceeded.
        max: usize,
    },
    /// The bytes are not text (NUL bytes or many control characters), e.g. an
    /// image or archive saved under a text name.
    #[error("binary data, not text (an image or archive with a text name?)")]
    Binary,
    /// The bytes decode only to replacement characters or symbol soup.
    #[error("text is mis-encoded: it does not decode as UTF-8, UTF-16 (with BOM) or Windows-1252")]
    MisEncoded,
    /// A PDF with no text at all, typically a scan.
    #[error("PDF has no text layer; it looks scanned and needs OCR")]
    NoTextLayer,
    /// A PDF whose text layer is garbage (fonts without a usable character map).
    #[error("PDF text layer is unreadable (garbled or symbol-only characters); it needs OCR")]
    UnreadableText,
    /// A malformed PDF, including one that crashed the PDF library.
    #[error("malformed PDF: {0}")]
    Pdf(String),
    /// An HTML page with nothing usable in it.
    #[error("unusable HTML: {0}")]
    Html(String),
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
///
/// The size limit is checked before anything else; then the container is
/// detected from the content (see [`detect`]) and the matching extractor runs.
pub fn extract(bytes: &[u8], limits: &Limits) -> Result<Extracted, ExtractError> {
    if bytes.len() > limits.max_bytes {
        return Err(ExtractError::TooLarge {
            size: bytes.len(),
            max: limits.max_bytes,
        });
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ExtractError::Empty);
    }
    if is_pdf(bytes) {
        let text = pdf::extract(bytes)?;
        return Ok(Extracted {
            text,
            container: Container::Pdf,
        });
    }
    let decoded = text::decode(bytes)?;
    if looks_like_html(&decoded) {
        let text = html::to_text(&decoded)?;
        return Ok(Extracted {
            text,
            container: Container::Html,
        });
    }
    Ok(Extracted {
        text: decoded,
        container: Container::Text,
    })
}

/// Detect the container from the content alone.
///
/// `%PDF-` within the first KiB means PDF; a document that starts with markup
/// and shows an HTML tag near the start means HTML; anything else is text.
/// Undecodable bytes count as text here (extraction will say why they fail).
pub fn detect(bytes: &[u8]) -> Container {
    if is_pdf(bytes) {
        return Container::Pdf;
    }
    match text::decode(bytes) {
        Ok(s) if looks_like_html(&s) => Container::Html,
        _ => Container::Text,
    }
}

fn is_pdf(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(PDF_HEADER_WINDOW)];
    head.windows(5).any(|w| w == b"%PDF-")
}

/// Markup first (after any BOM, whitespace or comments), and an HTML
/// structural tag within the first KiB.
fn looks_like_html(text: &str) -> bool {
    let start = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if !start.starts_with('<') {
        return false;
    }
    let head: String = start
        .chars()
        .take(HTML_SNIFF_CHARS)
        .collect::<String>()
        .to_ascii_lowercase();
    const TAGS: [&str; 6] = [
        "<!doctype html",
        "<html",
        "<head",
        "<body",
        "<div",
        "<table",
    ];
    TAGS.iter().any(|tag| head.contains(tag))
}
