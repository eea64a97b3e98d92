//! Minutes text as paragraphs and list entries.
//!
//! Hard-wrapped lines (PDF text) are joined into paragraphs; a page break in
//! mid-sentence joins the halves. Bullets ("·", "•", "-", "o") become "- ";
//! labelled entries ("a.", "(1)", "(i)") keep their label.

use crate::keywords::Mentions;
use crate::norm::Norm;
use crate::segment::{Piece, is_bullet};
use regex::Regex;
use std::sync::LazyLock;

/// A paragraph or a list entry.
#[derive(Debug, Clone)]
pub struct Block {
    /// The text, without its bullet glyph (labels are kept).
    pub norm: Norm,
    /// The bullet glyph it was printed with, if any.
    pub bullet: Option<char>,
    /// Its label ("(1)", "a)", "b.", "(ii)"), if it starts with one.
    pub label: Option<String>,
    /// The keywords it mentions.
    pub mentions: Mentions,
}

impl Block {
    /// A block of `norm`, its keywords found.
    pub fn new(norm: Norm, bullet: Option<char>, label: Option<String>) -> Self {
        let mentions = Mentions::of(&norm.text);
        Block {
            norm,
            bullet,
            label,
            mentions,
        }
    }

    /// A paragraph of `text` (test input).
    #[cfg(test)]
    pub fn of_text(text: &str) -> Self {
        Block::new(Norm::from_source(text, 0), None, None)
    }

    /// The text.
    pub fn text(&self) -> &str {
        &self.norm.text
    }

    /// Whether the block is a list entry.
    pub fn is_entry(&self) -> bool {
        self.bullet.is_some() || self.label.is_some()
    }

    /// The text after its label.
    pub fn body(&self) -> Norm {
        match &self.label {
            Some(l) => self.norm.slice(l.len(), self.norm.text.len()),
            None => self.norm.clone(),
        }
    }
}

static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\((?:\d{1,2}|[a-z]|[ivx]{1,5})\)|(?:\d{1,2}|[a-z]|[ivx]{1,5})[.)])(?:\s|$)")
        .expect("static regex")
});

/// The label at the start of `text`, if any.
pub fn label_of(text: &str) -> Option<String> {
    // Every label closes with "." or ")" within its first seven bytes.
    let head = text.as_bytes().get(..7).unwrap_or(text.as_bytes());
    if !head.iter().any(|&b| b == b'.' || b == b')') {
        return None;
    }
    LABEL
        .captures(text)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().to_owned())
        .filter(|l| l.len() < text.len() || l.starts_with('(') || l.ends_with(')'))
}

fn ends_sentence(text: &str) -> bool {
    let t = text.trim_end_matches(['"', '”', '’', ')', ']']);
    t.ends_with(['.', '!', '?', ';', ':'])
}

fn starts_lower(text: &str) -> bool {
    text.chars().next().is_some_and(char::is_lowercase)
}

/// Build blocks from the pieces of an item's text.
pub fn blocks(pieces: &[Piece]) -> Vec<Block> {
    let mut out: Vec<(Norm, Option<char>, Option<String>)> = Vec::new();
    for piece in pieces {
        let text = piece.norm.text.as_str();
        let bullet = is_bullet(text).then(|| text.chars().next()).flatten();
        let norm = if bullet.is_some() {
            strip_bullet(&piece.norm)
        } else {
            piece.norm.clone().into_owned()
        };
        let label = label_of(&norm.text);
        if let Some((last, _, _)) = out.last_mut()
            && joins(&last.text, piece, bullet.is_some() || label.is_some())
        {
            last.push_spaced(&norm);
            continue;
        }
        out.push((norm, bullet, label));
    }
    out.into_iter()
        .map(|(norm, bullet, label)| Block::new(norm, bullet, label))
        .collect()
}

/// Whether `piece` continues the paragraph (or entry) whose text is `last`.
fn joins(last: &str, piece: &Piece, entry: bool) -> bool {
    if entry {
        return false;
    }
    let text = piece.norm.text.as_str();
    if piece.page_break_before {
        return !ends_sentence(last) || starts_lower(text);
    }
    if piece.blank_before {
        return false;
    }
    !ends_sentence(last) || starts_lower(text)
}

fn strip_bullet(norm: &Norm) -> Norm {
    let skip = norm
        .text
        .char_indices()
        .nth(1)
        .map_or(norm.text.len(), |(i, _)| i);
    norm.slice(skip, norm.text.len())
}

/// The blocks as minutes text: paragraphs apart by a blank line, list
/// entries one to a line.
pub fn render(blocks: &[Block]) -> String {
    let mut out = String::new();
    let mut prev_entry = false;
    for (i, b) in blocks.iter().enumerate() {
        if i > 0 {
            out.push_str(if prev_entry && b.is_entry() {
                "\n"
            } else {
                "\n\n"
            });
        }
        if b.bullet.is_some() {
            out.push_str("- ");
        }
        out.push_str(b.text());
        prev_entry = b.is_entry();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn piece(t: &str, blank: bool) -> Piece<'static> {
        Piece {
            norm: std::borrow::Cow::Owned(Norm::from_source(t, 0)),
            page_break_before: false,
            blank_before: blank,
        }
    }

    #[test]
    fn wrapped_lines_join_and_bullets_list() {
        let ps = vec![
            piece("RESOLVED that the procedures for", false),
            piece("drivers be approved.", false),
            piece("Members raised:", true),
            piece("·  staffing", true),
            piece("·  budgets", true),
            piece("a. the first", true),
        ];
        let bs = blocks(&ps);
        assert_eq!(
            bs[0].text(),
            "RESOLVED that the procedures for drivers be approved."
        );
        assert_eq!(
            render(&bs),
            "RESOLVED that the procedures for drivers be approved.\n\nMembers raised:\n\n- staffing\n- budgets\na. the first"
        );
        assert_eq!(bs[4].label.as_deref(), Some("a."));
    }

    #[test]
    fn a_page_break_mid_sentence_joins() {
        let mut p = piece("Improvement Board in Sefton.", true);
        p.page_break_before = true;
        let bs = blocks(&[piece("the role of the", false), p]);
        assert_eq!(bs.len(), 1);
        assert_eq!(bs[0].text(), "the role of the Improvement Board in Sefton.");
    }
}
