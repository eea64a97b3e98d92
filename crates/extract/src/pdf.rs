//! PDF text extraction with `pdf-extract`, page by page, with its panics
//! contained and its output tidied.
//!
//! # Panics inside pdf-extract
//!
//! `pdf-extract` and `lopdf` panic on some malformed files. Each call into
//! them runs under [`std::panic::catch_unwind`], so a bad PDF becomes
//! [`ExtractError::Pdf`]. To keep such expected panics from printing a
//! backtrace-style message to stderr, a panic hook is installed once per
//! process that *wraps* whatever hook was there before: it stays silent only
//! for panics raised on a thread that is currently inside one of our guarded
//! calls (a thread-local flag), and forwards every other panic to the previous
//! hook unchanged. Swapping the global hook in and out around each call was
//! rejected because it would race with other threads and could swallow their
//! panics. If the binary is built with `panic = "abort"`, nothing can be
//! caught and a pdf-extract panic aborts the process.

use std::any::Any;
use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

use pdf_extract::{Document, PlainTextOutput};

use crate::ExtractError;
use crate::text::{is_stray_control, normalise_newlines};

/// Page separator in the extracted text: a form feed on a line of its own.
pub const PAGE_BREAK: &str = "\n\u{c}\n";

thread_local! {
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

static QUIET_HOOK: Once = Once::new();

/// Extract the text of a PDF, pages joined by [`PAGE_BREAK`].
pub(crate) fn extract(bytes: &[u8]) -> Result<String, ExtractError> {
    let doc = guarded(|| Document::load_mem(bytes))
        .map_err(|panic| ExtractError::Pdf(format!("parser crashed: {panic}")))?
        .map_err(|e| ExtractError::Pdf(e.to_string()))?;
    let doc = decrypt_if_needed(doc)?;
    let pages = extract_pages(&doc)?;
    classify(&pages)?;
    Ok(pages.join(PAGE_BREAK) + "\n")
}

/// Documents encrypted with an empty user password (common for "no copying"
/// flags) are readable; anything else is reported as malformed for our needs.
fn decrypt_if_needed(mut doc: Document) -> Result<Document, ExtractError> {
    if !doc.is_encrypted() {
        return Ok(doc);
    }
    match guarded(|| doc.decrypt("")) {
        Ok(Ok(())) => Ok(doc),
        Ok(Err(e)) => Err(ExtractError::Pdf(format!(
            "encrypted and cannot be opened: {e}"
        ))),
        Err(panic) => Err(ExtractError::Pdf(format!("decryption crashed: {panic}"))),
    }
}

/// Text of every page in page order. A page that fails or panics becomes
/// empty so one bad page does not lose the rest; if every page fails, the
/// first failure is the error.
fn extract_pages(doc: &Document) -> Result<Vec<String>, ExtractError> {
    let numbers: Vec<u32> = guarded(|| doc.get_pages().into_keys().collect())
        .map_err(|panic| ExtractError::Pdf(format!("page tree crashed: {panic}")))?;
    if numbers.is_empty() {
        return Err(ExtractError::Pdf("no pages".to_owned()));
    }
    let mut pages = Vec::with_capacity(numbers.len());
    let mut first_failure = None;
    let mut failures = 0;
    for n in numbers {
        match page_text(doc, n) {
            Ok(text) => pages.push(tidy_page(&text)),
            Err(msg) => {
                failures += 1;
                first_failure.get_or_insert(format!("page {n}: {msg}"));
                pages.push(String::new());
            }
        }
    }
    match first_failure {
        Some(msg) if failures == pages.len() => Err(ExtractError::Pdf(msg)),
        _ => Ok(pages),
    }
}

fn page_text(doc: &Document, page: u32) -> Result<String, String> {
    let mut text = String::new();
    let outcome = guarded(|| {
        let mut out = PlainTextOutput::new(&mut text);
        pdf_extract::output_doc_page(doc, &mut out, page)
    });
    match outcome {
        Ok(Ok(())) => Ok(text),
        Ok(Err(e)) => Err(e.to_string()),
        Err(panic) => Err(format!("crashed: {panic}")),
    }
}

/// Tidy one page of pdf-extract output: LF line ends, no trailing spaces, no
/// stray form feeds (they are reserved for page breaks), runs of blank lines
/// folded to one, and no blank lines at either end.
pub(crate) fn tidy_page(raw: &str) -> String {
    let text = normalise_newlines(raw).replace('\u{c}', "\n");
    let mut out = String::with_capacity(text.len());
    let mut blank_run = false;
    for line in text.lines() {
        let line = line.trim_end();
        if line.trim().is_empty() {
            blank_run = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_run { "\n\n" } else { "\n" });
        }
        blank_run = false;
        out.push_str(line);
    }
    out
}

/// Decide whether the text layer is usable: none at all means a scan, and a
/// layer of replacement, private-use or control characters (or no letters)
/// means fonts without a usable character map.
fn classify(pages: &[String]) -> Result<(), ExtractError> {
    let (mut visible, mut junk, mut letters) = (0usize, 0usize, 0usize);
    for ch in pages.iter().flat_map(|p| p.chars()) {
        if ch.is_whitespace() && !is_stray_control(ch) {
            continue;
        }
        visible += 1;
        if is_junk(ch) {
            junk += 1;
        } else if ch.is_alphabetic() {
            letters += 1;
        }
    }
    if visible == 0 {
        return Err(ExtractError::NoTextLayer);
    }
    if letters == 0 || junk * 2 > visible {
        return Err(ExtractError::UnreadableText);
    }
    Ok(())
}

fn is_junk(ch: char) -> bool {
    ch == char::REPLACEMENT_CHARACTER
        || is_stray_control(ch)
        || matches!(ch, '\u{E000}'..='\u{F8FF}' | '\u{F0000}'..='\u{10FFFF}')
}

/// Run `f`, turning a panic into `Err(message)` without printing it.
fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    install_quiet_hook();
    let was_quiet = QUIET.with(|q| q.replace(true));
    let outcome = panic::catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(was_quiet));
    outcome.map_err(|payload| panic_message(payload.as_ref()))
}

fn install_quiet_hook() {
    QUIET_HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
}

fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic with a non-text payload".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_folds_blank_runs_and_trailing_spaces() {
        let raw = "\n\n  Title  \n\n\n\nBody line one \nline two\n\n";
        assert_eq!(tidy_page(raw), "  Title\n\nBody line one\nline two");
    }

    #[test]
    fn guarded_reports_panics_quietly() {
        let r: Result<(), String> = guarded(|| panic!("boom"));
        assert_eq!(r, Err("boom".to_owned()));
    }

    #[test]
    fn private_use_text_is_unreadable() {
        let pages = vec!["\u{E001}\u{E002}\u{E003} a".to_owned()];
        assert!(matches!(
            classify(&pages),
            Err(ExtractError::UnreadableText)
        ));
    }
}
