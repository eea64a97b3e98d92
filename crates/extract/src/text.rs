//! Plain-text decoding: BOMs, UTF-8, UTF-16, the Windows-1252 fallback, and the
//! checks that turn binary or mis-encoded input into typed errors.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, WINDOWS_1252};

use crate::ExtractError;

/// How far into a file we look for an HTML `charset=` declaration.
const CHARSET_SNIFF_BYTES: usize = 1024;

/// Decode document bytes to a `String`, with CRLF/CR normalised to LF.
///
/// Fails with [`ExtractError::Binary`] or [`ExtractError::MisEncoded`] when
/// the bytes are not text a person could read, and [`ExtractError::Empty`]
/// when nothing but whitespace remains.
pub(crate) fn decode(bytes: &[u8]) -> Result<String, ExtractError> {
    let (decoded, guessed) = decode_raw(bytes)?;
    let text = normalise_newlines(&decoded);
    check_readable(&text, guessed)?;
    if text.trim().is_empty() {
        return Err(ExtractError::Empty);
    }
    Ok(text)
}

/// Decode, reporting whether the encoding was a guess (the 8-bit fallback)
/// rather than known from a BOM or from the bytes being valid UTF-8.
fn decode_raw(bytes: &[u8]) -> Result<(String, bool), ExtractError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return Ok((String::from_utf8_lossy(rest).into_owned(), false));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return Ok((decode_utf16(rest, UTF_16LE)?, false));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return Ok((decode_utf16(rest, UTF_16BE)?, false));
    }
    // A NUL never appears in real 8-bit text; it is the clearest sign of an
    // image, archive or BOM-less UTF-16 file saved under a text name.
    if bytes.contains(&0) {
        return Err(ExtractError::Binary);
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok((s.to_owned(), false));
    }
    let encoding = declared_charset(bytes).unwrap_or(WINDOWS_1252);
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    Ok((text.into_owned(), true))
}

fn decode_utf16(bytes: &[u8], encoding: &'static Encoding) -> Result<String, ExtractError> {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    if had_errors && replacement_share(&text) > 0.1 {
        return Err(ExtractError::MisEncoded);
    }
    Ok(text.into_owned())
}

/// An 8-bit encoding named by an HTML `<meta charset>` near the start, so a
/// page saved as ISO-8859-15 or similar is not forced through Windows-1252.
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(CHARSET_SNIFF_BYTES)];
    let lower = head.to_ascii_lowercase();
    let key = b"charset=";
    let at = lower.windows(key.len()).position(|w| w == key)? + key.len();
    let label: Vec<u8> = lower[at..]
        .iter()
        .copied()
        .skip_while(|b| *b == b'"' || *b == b'\'')
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
        .collect();
    let encoding = Encoding::for_label(&label)?;
    // UTF-8 was already tried and failed; UTF-16 cannot be declared in-band.
    let usable = encoding != encoding_rs::UTF_8
        && encoding != UTF_16LE
        && encoding != UTF_16BE
        && encoding != encoding_rs::REPLACEMENT;
    usable.then_some(encoding)
}

/// CRLF and lone CR become LF; nothing else changes.
pub(crate) fn normalise_newlines(s: &str) -> String {
    if !s.contains('\r') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

/// Counts used to judge whether decoded text is readable.
#[derive(Debug, Default)]
struct Census {
    /// Characters that are not whitespace.
    visible: usize,
    /// Control characters other than tab, newline and form feed.
    controls: usize,
    /// U+FFFD replacement characters.
    replacements: usize,
    /// Non-ASCII characters, of which real English minutes have very few.
    non_ascii: usize,
}

impl Census {
    fn of(text: &str) -> Self {
        let mut c = Census::default();
        for ch in text.chars() {
            if is_stray_control(ch) {
                c.controls += 1;
                c.visible += 1;
                continue;
            }
            if ch.is_whitespace() {
                continue;
            }
            c.visible += 1;
            if ch == char::REPLACEMENT_CHARACTER {
                c.replacements += 1;
            }
            if !ch.is_ascii() {
                c.non_ascii += 1;
            }
        }
        c
    }

    fn share(&self, n: usize) -> f64 {
        if self.visible == 0 {
            0.0
        } else {
            n as f64 / self.visible as f64
        }
    }
}

/// Control characters that do not belong in text. Tab, LF, CR, FF and
/// vertical tab are layout; DOS's Ctrl-Z end-of-file marker is tolerated too.
pub(crate) fn is_stray_control(ch: char) -> bool {
    ch.is_control() && !matches!(ch, '\t' | '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{1a}')
}

fn replacement_share(text: &str) -> f64 {
    let census = Census::of(text);
    census.share(census.replacements)
}

/// Reject decoded text that is really binary data or the wrong encoding.
fn check_readable(text: &str, guessed: bool) -> Result<(), ExtractError> {
    let census = Census::of(text);
    if census.controls > 0 && census.share(census.controls) > 0.05 {
        return Err(ExtractError::Binary);
    }
    if census.share(census.replacements) > 0.2 {
        return Err(ExtractError::MisEncoded);
    }
    // Bytes forced through Windows-1252 that were really another encoding (or
    // noise without NULs) come out as a soup of accented letters and symbols;
    // real English minutes in Windows-1252 are overwhelmingly ASCII.
    if guessed && census.visible >= 8 && census.share(census.non_ascii) > 0.3 {
        return Err(ExtractError::MisEncoded);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lone_cr_and_crlf_become_lf() {
        assert_eq!(normalise_newlines("a\r\nb\rc\n"), "a\nb\nc\n");
    }

    #[test]
    fn declared_latin9_is_honoured() {
        let enc = declared_charset(b"<meta charset=\"iso-8859-15\">");
        assert_eq!(enc.map(Encoding::name), Some("ISO-8859-15"));
    }
}
