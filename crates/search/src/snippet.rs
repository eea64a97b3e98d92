//! Snippets: the passage of a hit's text with the most query words, as
//! segments of plain text, some marked as highlighted. This crate never
//! builds HTML: the web layer escapes each segment itself.

use crate::index::text_analyzer;
use serde::Serialize;
use std::collections::HashSet;

/// About how many characters a snippet shows.
const WIDTH: usize = 220;
/// Characters of context kept before the first highlighted word.
const LEAD: usize = 60;
/// Only this much of a text is searched for the passage.
const SCAN: usize = 100_000;

/// A piece of a snippet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Segment {
    /// The text (whitespace runs folded to one space; may start or end
    /// with "…").
    pub text: String,
    /// Whether it is a matched word.
    pub highlighted: bool,
}

/// A passage of a hit with its matched words marked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Snippet {
    /// The passage, in order.
    pub segments: Vec<Segment>,
}

impl Snippet {
    /// The passage as plain text for a terminal: highlighted words in bold
    /// (`ansi`) or between `[` and `]`. Control characters from the
    /// document are dropped, so a document cannot send escape sequences.
    pub fn render_plain(&self, ansi: bool) -> String {
        let mut out = String::new();
        for s in &self.segments {
            let text: String = s.text.chars().filter(|c| !c.is_control()).collect();
            match (s.highlighted, ansi) {
                (true, true) => {
                    out.push_str("\x1b[1m");
                    out.push_str(&text);
                    out.push_str("\x1b[0m");
                }
                (true, false) => {
                    out.push('[');
                    out.push_str(&text);
                    out.push(']');
                }
                (false, _) => out.push_str(&text),
            }
        }
        out
    }

    /// The passage without marks.
    pub fn text(&self) -> String {
        self.segments.iter().map(|s| s.text.as_str()).collect()
    }
}

/// What to highlight: analysed terms and unstemmed prefixes.
pub(crate) struct Highlight<'a> {
    pub(crate) terms: &'a HashSet<String>,
    pub(crate) prefixes: &'a [String],
}

impl Highlight<'_> {
    /// Byte ranges of the matched words of `text`, and their terms.
    fn matches(&self, text: &str) -> Vec<(usize, usize, String)> {
        let mut analyzer = text_analyzer();
        let mut out = Vec::new();
        let mut stream = analyzer.token_stream(text);
        while stream.advance() {
            let t = stream.token();
            let surface = text
                .get(t.offset_from..t.offset_to)
                .unwrap_or_default()
                .to_lowercase();
            let hit = self.terms.contains(&t.text)
                || self
                    .prefixes
                    .iter()
                    .any(|p| surface.starts_with(p.as_str()));
            if hit {
                out.push((t.offset_from, t.offset_to, t.text.clone()));
            }
        }
        out
    }
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The best passage of `text` for `h`, or its start when nothing matches.
pub(crate) fn make(text: &str, h: &Highlight<'_>) -> Snippet {
    let text = &text[..floor_boundary(text, SCAN)];
    let found = h.matches(text);
    // The window starting at each match that holds the most distinct terms.
    let mut best = (0usize, 0usize, 0usize); // (distinct, count, index)
    for i in 0..found.len() {
        let end = found[i].0 + WIDTH - LEAD;
        let inside: Vec<&(usize, usize, String)> =
            found[i..].iter().take_while(|m| m.1 <= end).collect();
        let distinct: HashSet<&str> = inside.iter().map(|m| m.2.as_str()).collect();
        let score = (distinct.len(), inside.len(), usize::MAX - i);
        if (score.0, score.1) > (best.0, best.1) {
            best = (score.0, score.1, i);
        }
    }
    let start = match found.get(best.2) {
        Some(m) if best.0 > 0 => word_start(text, m.0.saturating_sub(LEAD)),
        _ => 0,
    };
    let end = word_end(text, start + WIDTH);
    let mut segments = Vec::new();
    let mut at = start;
    let mut push = |s: &str, highlighted: bool| {
        let t = fold_spaces(s);
        if !t.is_empty() {
            segments.push(Segment {
                text: t,
                highlighted,
            });
        }
    };
    if start > 0 {
        push("… ", false);
    }
    for m in found.iter().filter(|m| m.0 >= start && m.1 <= end) {
        push(&text[at..m.0], false);
        push(&text[m.0..m.1], true);
        at = m.1;
    }
    push(&text[at..end], false);
    if end < text.len() {
        push(" …", false);
    }
    if let Some(first) = segments.first_mut() {
        first.text = first.text.trim_start().to_owned();
    }
    if let Some(last) = segments.last_mut() {
        last.text = last.text.trim_end().to_owned();
    }
    segments.retain(|s| !s.text.is_empty());
    Snippet { segments }
}

/// The start of the word at or after byte `i` (or `i` at a space).
fn word_start(s: &str, i: usize) -> usize {
    let i = floor_boundary(s, i);
    if i == 0 {
        return 0;
    }
    match s[i..].find(char::is_whitespace) {
        Some(j) if j < LEAD => i + j + 1,
        _ => i,
    }
}

/// The end of the word at byte `i` (or the text's end).
fn word_end(s: &str, i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    let i = floor_boundary(s, i);
    match s[i..].find(char::is_whitespace) {
        Some(j) if j < 30 => i + j,
        _ => i,
    }
}

fn fold_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            if !space {
                out.push(' ');
            }
            space = true;
        } else {
            space = false;
            out.push(c);
        }
    }
    out
}
