//! Cutting the document into its preamble and agenda items.
//!
//! Councils lay items out in a handful of ways, and one page may mix them:
//! - a number on its own line and the title on the next ("7." / "Apologies"),
//!   as ModernGov pages print their number cells;
//! - number and title on one line ("38. APOLOGIES FOR ABSENCE", "233  MINUTES –
//!   Resolved – …", "(a) Appointment of Chairman", "1.0 Minutes");
//! - no numbers at all, where ModernGov's "Additional documents:" and
//!   "Minutes:" markers show where an item's minutes start, and the title is
//!   the line above its agenda text;
//! - a flattened table, one item a row, rows ending in "|";
//! - single-item pages ("Agenda item", "Issue - meetings", "Decision details").
//!
//! Numbered headings are told from numbered lists inside the minutes by
//! their style (the same style throughout) and by their order (they rise).

use crate::doc::{Doc, Line, is_upper};
use crate::norm::Norm;
use regex::Regex;
use std::borrow::Cow;
use std::sync::LazyLock;

/// A tidied line, or part of one.
#[derive(Debug, Clone, Default)]
pub struct Piece<'a> {
    /// The text: the line's own, or a part cut from it.
    pub norm: Cow<'a, Norm>,
    /// A page break came just before it.
    pub page_break_before: bool,
    /// A blank line came just before it.
    pub blank_before: bool,
}

#[cfg(test)]
impl Piece<'static> {
    /// Test input: one piece per line, each after a blank line if `blank`.
    pub fn lines(lines: &[&str], blank: bool) -> Vec<Piece<'static>> {
        lines
            .iter()
            .map(|l| Piece {
                norm: Cow::Owned(Norm::from_source(l, 0)),
                blank_before: blank,
                ..Piece::default()
            })
            .collect()
    }
}

/// An agenda item as found on the page, before its text is read.
#[derive(Debug, Clone, Default)]
pub struct RawItem<'a> {
    /// The number as printed.
    pub number: Option<String>,
    /// The title (empty when the page does not show one).
    pub title: Norm,
    /// The agenda's text for the item.
    pub agenda: Vec<Piece<'a>>,
    /// The minuted text (and decision text) of the item.
    pub minutes: Vec<Piece<'a>>,
    /// Sizes in KB of the documents listed with the item.
    pub docs: Vec<u32>,
    /// The page cut the minutes short ("view the full minutes text for item N").
    pub truncated: Option<String>,
    /// A "Minutes:" or "Decision:" marker was seen.
    pub minuted: bool,
}

/// What sort of page this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    /// A meeting's agenda and minutes.
    Meeting,
    /// One agenda item ("Agenda item").
    Item,
    /// An issue's history across meetings ("Issue - meetings").
    Issue,
    /// One decision ("Decision details").
    Decision,
}

/// The document cut into parts.
#[derive(Debug, Clone)]
pub struct Segmented<'a> {
    /// Lines before the first item: headings, meeting details, attendance.
    pub preamble: Vec<Piece<'a>>,
    /// The items in order.
    pub items: Vec<RawItem<'a>>,
}

static NUMBER_ALONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(\d{1,4}[a-z]?|\d{1,4}/\d{2,4}|\d{1,2}\.\d{1,2}|\(\d{1,4}\)|\([a-z]\)|[a-z]\))\.?$",
    )
    .expect("static regex")
});
static NUMBER_INLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(\d{1,4}[a-z]?|\d{1,4}/\d{2,4}|\d{1,2}\.\d{1,2}|\(\d{1,3}\)|\([a-z]\))(\.?)\s+(\S.*)$",
    )
    .expect("static regex")
});
static PREFIX_ALONE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-Z]{2,5}$").expect("static regex"));
static LISTING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:note\s+)?no\.?\s*(?:\|\s*)?item(?-u:\b)|^items$").expect("static regex")
});
static FLATTENED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^no\.?\s*\|\s*item").expect("static regex"));
static INLINE_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:additional documents|supporting documents|minutes|decision):")
        .expect("static regex")
});
static PART_DIVIDER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^part\s+(?:i{1,2}|[12]|one|two|a|b)(?-u:\b)").expect("static regex")
});
static ISSUE_MEETING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^Meeting:\s*\d{1,2}/\d{1,2}/\d{4}\s*-\s*.+?\(Item\s+([\w/.]+)\)\s*$")
        .expect("static regex")
});

/// A marker line: what it says about the lines that follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    Minutes,
    Decision,
    Documents,
}

fn marker(line: &Line) -> Option<Marker> {
    let t = line.text().strip_suffix(':')?.trim_end_matches(':').trim();
    let is = |word: &str| t.eq_ignore_ascii_case(word);
    if is("minutes") {
        Some(Marker::Minutes)
    } else if is("decision") {
        Some(Marker::Decision)
    } else if is("additional documents") || is("supporting documents") || is("documents") {
        Some(Marker::Documents)
    } else {
        None
    }
}

/// Cut `doc` into preamble and items.
pub fn segment(doc: &Doc) -> Segmented<'_> {
    let lines = &doc.lines;
    let page = page_kind(lines);
    let marked = lines
        .iter()
        .any(|l| matches!(marker(l), Some(Marker::Minutes | Marker::Decision)))
        || lines.iter().any(|l| l.text().contains("Minutes: "));
    let listing = lines.iter().position(|l| LISTING.is_match(l.text()));
    let flattened = lines.iter().position(|l| FLATTENED.is_match(l.text()));
    let heads = if page == PageKind::Issue {
        issue_heads(lines)
    } else if let Some(at) = flattened {
        return flattened_items(lines, at);
    } else {
        let numbered = if page == PageKind::Item {
            Vec::new()
        } else {
            numbered_heads(lines, listing.map_or(0, |i| i + 1), marked)
        };
        if page == PageKind::Item
            && lines
                .iter()
                .any(|l| l.text().eq_ignore_ascii_case("agenda item"))
        {
            item_page_head(lines)
        } else if page == PageKind::Decision {
            Vec::new()
        } else if !numbered.is_empty() {
            numbered
        } else if marked || lines.iter().any(|l| marker(l).is_some()) {
            marker_heads(lines, listing.map_or(0, |i| i + 1))
        } else if page == PageKind::Item {
            item_page_head(lines)
        } else {
            Vec::new()
        }
    };
    build(lines, heads, page, marked || page == PageKind::Decision)
}

fn page_kind(lines: &[Line]) -> PageKind {
    for l in lines.iter().filter(|l| !l.blank).take(4) {
        match l.text().to_ascii_lowercase().as_str() {
            "issue - meetings" => return PageKind::Issue,
            "decision details" => return PageKind::Decision,
            "agenda item" => return PageKind::Item,
            _ => {}
        }
    }
    PageKind::Meeting
}

/// Where an item starts and how its head reads.
#[derive(Debug, Clone)]
struct Head {
    /// First line of the head.
    line: usize,
    /// First line of the body.
    body: usize,
    number: Option<String>,
    title: Norm,
    /// Text on the title line after the title ("233 MINUTES – Resolved …").
    inline: Option<Norm>,
    /// Lines between title and marker that are agenda text.
    agenda_lines: Vec<usize>,
    docs: Vec<u32>,
}

fn next_nonblank(lines: &[Line], from: usize) -> Option<usize> {
    (from..lines.len()).find(|&i| !lines[i].blank)
}

fn prev_nonblank(lines: &[Line], before: usize) -> Option<usize> {
    (0..before).rev().find(|&i| !lines[i].blank)
}

/// How a numbered heading is written; headings of one document share one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Style {
    kind: u8,
    dot: bool,
    alone: bool,
}

struct Candidate {
    line: usize,
    style: Style,
    value: u32,
    number: String,
    title_line: Option<usize>,
    rest: Option<Norm>,
}

fn number_value(n: &str) -> (u8, u32) {
    let inner = n.trim_matches(|c| c == '(' || c == ')');
    if let Some((a, _)) = inner.split_once('/') {
        return (2, a.parse().unwrap_or(0));
    }
    if let Some((a, _)) = inner.split_once('.') {
        return (3, a.parse().unwrap_or(0));
    }
    let digits: String = inner.chars().take_while(char::is_ascii_digit).collect();
    if !digits.is_empty() {
        let kind = if n.starts_with('(') { 4 } else { 1 };
        return (kind, digits.parse().unwrap_or(0));
    }
    let letter = inner
        .chars()
        .next()
        .map_or(0, |c| (c as u32).saturating_sub('a' as u32) + 1);
    (if n.starts_with('(') { 5 } else { 6 }, letter)
}

fn numbered_heads(lines: &[Line], from: usize, marked: bool) -> Vec<Head> {
    let mut cands = Vec::new();
    let mut i = from;
    // A numbered list under a line ending in ":" is not a run of items.
    let mut list: Option<(Style, u32)> = None;
    while i < lines.len() {
        if let Some(c) = candidate_at(lines, i) {
            i = c.title_line.unwrap_or(c.line) + 1;
            let after_colon =
                prev_nonblank(lines, c.line).is_some_and(|p| lines[p].text().ends_with(':'));
            let continues = list.is_some_and(|(s, v)| s == c.style && c.value == v + 1);
            if !c.style.alone && (after_colon || continues) {
                list = Some((c.style, c.value));
                continue;
            }
            list = None;
            cands.push(c);
        } else {
            i += 1;
        }
    }
    let Some(chain) = best_chain(&cands, marked) else {
        return Vec::new();
    };
    chain
        .into_iter()
        .map(|c| head_from_candidate(lines, c))
        .collect()
}

fn candidate_at(lines: &[Line], i: usize) -> Option<Candidate> {
    let line = &lines[i];
    if line.blank {
        return None;
    }
    let text = line.text();
    // Numbers start with a digit, "(" or a letter and a ")"; prefixes are
    // short capitals.
    let first = text.as_bytes().first().copied().unwrap_or(b' ');
    if !(first.is_ascii_digit()
        || first == b'('
        || first.is_ascii_lowercase()
        || !first.is_ascii()
        || first.is_ascii_uppercase() && text.len() <= 5)
    {
        return None;
    }
    // "PAR" then "1": a prefixed number on two lines.
    if PREFIX_ALONE.is_match(text)
        && ![
            "NO", "ITEM", "PAGE", "WARD", "PART", "REF", "AGENDA", "MINUTE",
        ]
        .contains(&text)
        && let Some(n) = next_nonblank(lines, i + 1)
        && NUMBER_ALONE.is_match(lines[n].text())
        && let Some(t) = next_nonblank(lines, n + 1)
        && title_like(lines[t].text())
    {
        let num = lines[n].text().trim_end_matches('.');
        let (kind, value) = number_value(num);
        let style = Style {
            kind: kind + 10,
            dot: false,
            alone: true,
        };
        return Some(Candidate {
            line: i,
            style,
            value,
            number: format!("{text} {num}"),
            title_line: Some(t),
            rest: None,
        });
    }
    if NUMBER_ALONE.is_match(text) {
        let t = next_nonblank(lines, i + 1)?;
        if marker(&lines[t]).is_some() || NUMBER_ALONE.is_match(lines[t].text()) {
            return None;
        }
        let num = text.trim_end_matches('.');
        let (kind, value) = number_value(num);
        let style = Style {
            kind,
            dot: text.ends_with('.'),
            alone: true,
        };
        return Some(Candidate {
            line: i,
            style,
            value,
            number: num.to_owned(),
            title_line: Some(t),
            rest: None,
        });
    }
    let c = NUMBER_INLINE.captures(text)?;
    let (num, dot, rest) = (c.get(1)?, c.get(2)?, c.get(3)?);
    let rest_text = rest.as_str();
    if !inline_heading_ok(lines, i, rest_text) {
        return None;
    }
    let (kind, value) = number_value(num.as_str());
    let style = Style {
        kind,
        dot: !dot.as_str().is_empty(),
        alone: false,
    };
    Some(Candidate {
        line: i,
        style,
        value,
        number: num.as_str().to_owned(),
        title_line: None,
        rest: Some(line.norm.slice(rest.start(), rest.end())),
    })
}

/// Whether "N. rest" reads as an item heading rather than a list entry.
fn inline_heading_ok(lines: &[Line], i: usize, rest: &str) -> bool {
    let first = rest.chars().next().unwrap_or(' ');
    if !(first.is_uppercase() || first.is_ascii_digit() || "'‘\"“(".contains(first)) {
        return false;
    }
    if upper_run_words(rest) >= 2 {
        return true;
    }
    let _ = (lines, i);
    title_like(rest) && !rest.ends_with('.')
}

/// How many leading words of `text` are in capitals.
fn upper_run_words(text: &str) -> usize {
    text.split_whitespace()
        .take_while(|w| is_upper_word(w))
        .count()
}

/// A word of a heading in capitals: no small letters ("2022/23" counts).
fn is_upper_word(w: &str) -> bool {
    !w.chars().any(char::is_lowercase)
}

/// The longest rising run of headings of one style.
fn best_chain(cands: &[Candidate], marked: bool) -> Option<Vec<&Candidate>> {
    let mut styles: Vec<Style> = cands.iter().map(|c| c.style).collect();
    styles.sort_by_key(|s| (s.kind, s.dot, s.alone));
    styles.dedup();
    let mut best: Option<Vec<&Candidate>> = None;
    for style in styles {
        let of_style: Vec<&Candidate> = cands.iter().filter(|c| c.style == style).collect();
        let chain = rising(&of_style);
        let score =
            |ch: &[&Candidate]| ch.len() * 2 + usize::from(style.alone) + usize::from(style.dot);
        if best.as_ref().is_none_or(|b| score(&chain) > score(b)) {
            best = Some(chain);
        }
    }
    let best = best?;
    let single_ok = best.first().is_some_and(|c| {
        c.style.alone && (marked || c.style.dot)
            || c.rest
                .as_ref()
                .is_some_and(|r| upper_run_words(&r.text) >= 2)
    });
    (best.len() >= 2 || single_ok).then_some(best)
}

/// The longest strictly rising subsequence (by number), in page order.
fn rising<'a>(cands: &[&'a Candidate]) -> Vec<&'a Candidate> {
    let n = cands.len();
    let mut len = vec![1usize; n];
    let mut prev = vec![usize::MAX; n];
    for i in 0..n {
        for j in 0..i {
            if cands[j].value < cands[i].value && len[j] + 1 > len[i] {
                len[i] = len[j] + 1;
                prev[i] = j;
            }
        }
    }
    let Some((mut at, _)) = len
        .iter()
        .enumerate()
        .max_by_key(|(i, l)| (**l, usize::MAX - i))
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    while at != usize::MAX {
        out.push(cands[at]);
        at = prev[at];
    }
    out.reverse();
    out
}

fn head_from_candidate(lines: &[Line], c: &Candidate) -> Head {
    if let Some(t) = c.title_line {
        return Head {
            line: c.line,
            body: t + 1,
            number: Some(c.number.clone()),
            title: lines[t].norm.clone(),
            inline: None,
            agenda_lines: Vec::new(),
            docs: lines[t].docs.iter().map(|d| d.size_kb).collect(),
        };
    }
    let rest = c.rest.clone().unwrap_or_default();
    let (mut title, inline) = split_upper_title(&rest);
    let mut body = c.line + 1;
    // A heading in capitals wrapped onto the next line(s) continues there.
    if inline.is_none() && is_upper(&title.text) {
        while let Some(next) = lines
            .get(body)
            .filter(|l| !l.blank && is_upper_word(l.text()) && l.text().len() < 120)
        {
            let year = next.text().len() == 4
                && next
                    .text()
                    .parse::<u32>()
                    .is_ok_and(|y| (1900..2100).contains(&y));
            if NUMBER_INLINE.is_match(next.text()) || NUMBER_ALONE.is_match(next.text()) && !year {
                break;
            }
            title.push_spaced(&next.norm);
            body += 1;
        }
    }
    Head {
        line: c.line,
        body,
        number: Some(c.number.clone()),
        title,
        inline,
        agenda_lines: Vec::new(),
        docs: lines[c.line].docs.iter().map(|d| d.size_kb).collect(),
    }
}

/// "SICKNESS ABSENCE – The Chairman summarised …": a title in capitals
/// followed by text on the same line.
fn split_upper_title(rest: &Norm) -> (Norm, Option<Norm>) {
    let words = upper_run_words(&rest.text);
    if words < 2 && !is_upper(&rest.text) {
        return (rest.clone(), None);
    }
    let mut end = 0;
    for (n, w) in rest.text.split_whitespace().enumerate() {
        if n >= words {
            break;
        }
        let at = rest.text[end..].find(w).map_or(end, |p| end + p);
        end = at + w.len();
    }
    let title = rest.slice(0, end);
    let title = trim_title_dashes(&title);
    let after = rest.slice(end, rest.text.len());
    let skip = after.text.len()
        - after
            .text
            .trim_start_matches(['–', '-', '—', ':', ' '])
            .len();
    let after = after.slice(skip, after.text.len());
    (title, (!after.is_empty()).then_some(after))
}

fn trim_title_dashes(title: &Norm) -> Norm {
    let t = title.text.trim_end_matches(['–', '-', '—', ':', ' ']);
    title.slice(0, t.len())
}

/// Whether a line could be an item title.
pub fn title_like(text: &str) -> bool {
    let words = text.split_whitespace().count();
    let first = text.chars().next().unwrap_or(' ');
    words > 0
        && words <= 25
        && !text.ends_with([';', ','])
        && (first.is_uppercase() || first.is_ascii_digit() || "'‘\"“(".contains(first))
        && !is_bullet(text)
}

/// Whether a line starts with a bullet glyph.
pub fn is_bullet(text: &str) -> bool {
    let mut chars = text.chars();
    let (Some(c), second) = (chars.next(), chars.next()) else {
        return false;
    };
    matches!(c, '·' | '•' | '▪' | '◦' | '●' | '\u{f0b7}' | '*')
        || (matches!(c, '-' | '–' | 'o') && second == Some(' '))
}

fn ends_sentence(text: &str) -> bool {
    text.ends_with(['.', '!', '?', ';', ':', ',']) || text.ends_with(".)") || text.ends_with(".”")
}

/// Unnumbered items: each run of minutes starts at a marker, and its title
/// is the line above the agenda text that precedes the marker.
fn marker_heads(lines: &[Line], from: usize) -> Vec<Head> {
    let mut heads: Vec<Head> = Vec::new();
    let mut content_since_marker = true;
    let mut boundary = from;
    for i in from..lines.len() {
        let line = &lines[i];
        if line.blank {
            continue;
        }
        if marker(line).is_none() {
            content_since_marker = true;
            if line.truncated_item.is_some()
                || ends_sentence(line.text())
                || is_bullet(line.text())
                || PART_DIVIDER.is_match(line.text())
            {
                boundary = i + 1;
            }
            continue;
        }
        if !content_since_marker {
            continue;
        }
        content_since_marker = false;
        heads.push(head_above_marker(
            lines,
            i,
            boundary,
            heads.is_empty(),
            from,
        ));
        boundary = i + 1;
    }
    heads
}

fn head_above_marker(lines: &[Line], m: usize, boundary: usize, first: bool, from: usize) -> Head {
    let collected: Vec<usize> = (boundary..m)
        .filter(|&i| !lines[i].blank)
        .rev()
        .take(4)
        .collect::<Vec<_>>();
    let mut collected = collected;
    collected.reverse();
    let pick = collected
        .iter()
        .position(|&i| !lines[i].docs.is_empty())
        .or_else(|| (!collected.is_empty()).then_some(0));
    if let Some(p) = pick.filter(|&p| title_like(lines[collected[p]].text())) {
        let t = collected[p];
        return Head {
            line: t,
            body: m,
            number: None,
            title: lines[t].norm.clone(),
            inline: None,
            agenda_lines: collected[p + 1..].to_vec(),
            docs: lines[t].docs.iter().map(|d| d.size_kb).collect(),
        };
    }
    // The line above the marker ends a sentence: it is agenda text, and the
    // title may be just above it.
    let above = prev_nonblank(lines, m).filter(|&a| a >= from);
    let above2 = above
        .and_then(|a| prev_nonblank(lines, a))
        .filter(|&a| a >= from);
    if let (Some(a), Some(t)) = (above, above2)
        && (!lines[t].docs.is_empty()
            || (title_like(lines[t].text()) && !ends_sentence(lines[t].text())))
        && !is_bullet(lines[a].text())
    {
        return Head {
            line: t,
            body: m,
            number: None,
            title: lines[t].norm.clone(),
            inline: None,
            agenda_lines: vec![a],
            docs: lines[t].docs.iter().map(|d| d.size_kb).collect(),
        };
    }
    let agenda_lines = if first {
        (from..m).filter(|&i| !lines[i].blank).collect()
    } else {
        Vec::new()
    };
    let line = agenda_lines.first().copied().unwrap_or(m);
    Head {
        line,
        body: m,
        number: None,
        title: Norm::default(),
        inline: None,
        agenda_lines,
        docs: Vec::new(),
    }
}

/// "Agenda item" pages: the title is the first line, when it reads as one.
fn item_page_head(lines: &[Line]) -> Vec<Head> {
    let Some(h) = lines
        .iter()
        .position(|l| l.text().eq_ignore_ascii_case("agenda item"))
    else {
        return Vec::new();
    };
    let Some(t) = next_nonblank(lines, h + 1) else {
        return Vec::new();
    };
    let text = lines[t].text();
    let titled = title_like(text) && !ends_sentence(text) && text.split_whitespace().count() <= 16;
    let (title, body) = if titled {
        (lines[t].norm.clone(), t + 1)
    } else {
        (Norm::default(), t)
    };
    vec![Head {
        line: t,
        body,
        number: None,
        title,
        inline: None,
        agenda_lines: Vec::new(),
        docs: lines[t].docs.iter().map(|d| d.size_kb).collect(),
    }]
}

/// "Issue - meetings" pages: "Meeting: 20/09/2017 - Council (Item 52)", then
/// "52 Title" (or the title alone, or agenda text under the issue's title).
fn issue_heads(lines: &[Line]) -> Vec<Head> {
    let Some((m, number)) = lines.iter().enumerate().find_map(|(i, l)| {
        ISSUE_MEETING
            .captures(l.text())
            .and_then(|c| c.get(1))
            .map(|n| (i, n.as_str().to_owned()))
    }) else {
        return Vec::new();
    };
    let issue_title = prev_nonblank(lines, m)
        .filter(|&p| !lines[p].text().eq_ignore_ascii_case("issue - meetings"));
    let next = next_nonblank(lines, m + 1);
    let mut head = Head {
        line: m,
        body: m + 1,
        number: Some(number.clone()),
        title: Norm::default(),
        inline: None,
        agenda_lines: Vec::new(),
        docs: Vec::new(),
    };
    if let Some(n) = next {
        let text = lines[n].text();
        let prefix = format!("{number} ");
        if let Some(stripped) = text.strip_prefix(&prefix) {
            head.title = lines[n].norm.slice(text.len() - stripped.len(), text.len());
            head.body = n + 1;
            head.docs = lines[n].docs.iter().map(|d| d.size_kb).collect();
            return vec![head];
        }
        if !(text.starts_with("To ") && issue_title.is_some()) && marker(&lines[n]).is_none() {
            head.title = lines[n].norm.clone();
            head.body = n + 1;
            head.docs = lines[n].docs.iter().map(|d| d.size_kb).collect();
            return vec![head];
        }
    }
    if let Some(t) = issue_title {
        head.title = lines[t].norm.clone();
    }
    vec![head]
}

/// Flattened tables: one item a row, rows ending in "|"; the title and agenda
/// text run into the "Minutes:" marker on the row's first line.
fn flattened_items(lines: &[Line], header: usize) -> Segmented<'_> {
    let preamble = pieces(lines, 0, header);
    let mut items = Vec::new();
    let mut start = header + 1;
    let mut in_minutes = false;
    for i in header + 1..lines.len() {
        // A row ends at "|", or where a line brings its own title before a
        // "Minutes:" marker while the current row is already in its minutes.
        let marker_at = INLINE_MARKER.find(lines[i].text()).map(|m| m.start());
        if in_minutes && i > start && marker_at.is_some_and(|at| at > 0) {
            items.extend(row_item(lines, start, i));
            start = i;
            in_minutes = false;
        }
        if lines[i].text().contains("Minutes:") || lines[i].text().contains("Decision:") {
            in_minutes = true;
        }
        if lines[i].row_end || i + 1 == lines.len() {
            items.extend(row_item(lines, start, i + 1));
            start = i + 1;
            in_minutes = false;
        }
    }
    Segmented { preamble, items }
}

fn row_item(lines: &[Line], from: usize, to: usize) -> Option<RawItem<'_>> {
    let mut item = RawItem::default();
    let mut in_minutes = false;
    let mut first = true;
    for line in lines.get(from..to).unwrap_or_default() {
        if line.blank {
            continue;
        }
        item.docs.extend(line.docs.iter().map(|d| d.size_kb));
        if line.truncated_item.is_some() {
            item.truncated.clone_from(&line.truncated_item);
        }
        let mut rest = line.norm.clone();
        if first {
            first = false;
            let cut = INLINE_MARKER
                .find(&rest.text)
                .map_or(rest.text.len(), |m| m.start());
            let lead = rest.slice(0, cut);
            let (title, agenda) = split_row_title(&lead, line.doc_at);
            item.title = title;
            if let Some(a) = agenda {
                item.agenda.push(Piece {
                    norm: Cow::Owned(a),
                    ..Piece::default()
                });
            }
            rest = rest.slice(cut, rest.text.len());
        }
        while !rest.is_empty() {
            let Some(m) = INLINE_MARKER.find(&rest.text) else {
                push_piece(&mut item, in_minutes, rest, line);
                break;
            };
            let before = rest.slice(0, m.start());
            if !before.is_empty() {
                push_piece(&mut item, in_minutes, before, line);
            }
            let word = m.as_str().to_ascii_lowercase();
            if word.starts_with("minutes") || word.starts_with("decision") {
                in_minutes = true;
                item.minuted = true;
            }
            rest = rest.slice(m.end(), rest.text.len());
        }
    }
    (!item.title.is_empty() || !item.minutes.is_empty() || !item.agenda.is_empty()).then_some(item)
}

fn push_piece(item: &mut RawItem<'_>, in_minutes: bool, norm: Norm, line: &Line) {
    let piece = Piece {
        norm: Cow::Owned(norm),
        page_break_before: line.page_break_before,
        blank_before: true,
    };
    if in_minutes {
        item.minutes.push(piece)
    } else {
        item.agenda.push(piece)
    }
}

static AGENDA_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\s(?:To|The|This|Members|Minutes|Report|Any|Officer|Please|A|An|Councillors|Members')\s+[a-z]")
        .expect("static regex")
});

/// Split "Matters Arising To discuss any matters arising." into title and
/// agenda text.
fn split_row_title(lead: &Norm, doc_at: Option<usize>) -> (Norm, Option<Norm>) {
    let text = lead.text.as_str();
    if text.is_empty() {
        return (Norm::default(), None);
    }
    // "To approve the minutes of …" is the agenda's wording: a title only
    // when it is printed as one (short, no full stop).
    if text.starts_with("To ") && doc_at.is_none() {
        let titled = !text.ends_with('.') && text.split_whitespace().count() <= 16;
        return if titled {
            (lead.clone(), None)
        } else {
            (Norm::default(), Some(lead.clone()))
        };
    }
    let cut = if let Some(at) = doc_at.filter(|&a| a <= text.len()) {
        Some(at)
    } else if upper_run_words(text) >= 2 {
        let (title, rest) = split_upper_title(lead);
        return (title, rest);
    } else {
        AGENDA_START.find(text).map(|m| m.start())
    };
    let (title, agenda) = match cut {
        Some(c) => (lead.slice(0, c), Some(lead.slice(c, text.len()))),
        None => (lead.clone(), None),
    };
    let agenda_only = title.text.starts_with("To ") && title.text.ends_with('.');
    if agenda_only || !title_like(&title.text) {
        return (Norm::default(), Some(lead.clone()));
    }
    (title, agenda.filter(|a| !a.is_empty()))
}

fn pieces(lines: &[Line], from: usize, to: usize) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut blank_before = false;
    for line in &lines[from..to.min(lines.len())] {
        if line.blank {
            blank_before = true;
            continue;
        }
        out.push(Piece {
            norm: Cow::Borrowed(&line.norm),
            page_break_before: line.page_break_before,
            blank_before,
        });
        blank_before = false;
    }
    out
}

/// Read each head's body into agenda and minutes.
fn build(lines: &[Line], heads: Vec<Head>, page: PageKind, marked: bool) -> Segmented<'_> {
    let first = heads.first().map_or(lines.len(), |h| h.line);
    let mut preamble = pieces(lines, 0, first);
    if heads.is_empty() && page != PageKind::Meeting {
        // A page with no visible item still has minutes: keep them as one.
        let item = body_item(lines, 0, lines.len(), marked, None);
        let keep = !item.minutes.is_empty();
        return Segmented {
            preamble: Vec::new(),
            items: if keep { vec![item] } else { Vec::new() },
        };
    }
    if heads.is_empty() {
        let from = lines
            .iter()
            .position(|l| LISTING.is_match(l.text()))
            .map_or(lines.len(), |i| i + 1);
        let item = body_item(lines, from, lines.len(), marked, None);
        let items = if item.minutes.is_empty() {
            Vec::new()
        } else {
            vec![item]
        };
        return Segmented {
            preamble: pieces(lines, 0, from),
            items,
        };
    }
    let mut items = Vec::new();
    for (k, head) in heads.iter().enumerate() {
        let end = heads.get(k + 1).map_or(lines.len(), |h| h.line);
        let mut item = body_item(lines, head.body, end, marked, Some(head));
        item.number.clone_from(&head.number);
        item.title = head.title.clone();
        item.docs.splice(0..0, head.docs.iter().copied());
        items.push(item);
    }
    if items.is_empty() {
        preamble = pieces(lines, 0, lines.len());
    }
    Segmented { preamble, items }
}

fn body_item<'a>(
    lines: &'a [Line],
    from: usize,
    to: usize,
    marked: bool,
    head: Option<&Head>,
) -> RawItem<'a> {
    let mut item = RawItem::default();
    let has_minutes_marker =
        (from..to).any(|i| matches!(marker(&lines[i]), Some(Marker::Minutes | Marker::Decision)));
    let mut in_minutes = !marked;
    if let Some(h) = head {
        for &a in &h.agenda_lines {
            item.agenda.push(Piece {
                norm: Cow::Borrowed(&lines[a].norm),
                ..Piece::default()
            });
        }
        if !h.agenda_lines.is_empty() || h.body > h.line + 1 {
            // agenda lines were taken by the head; the body starts at the marker
        }
        if let Some(inline) = &h.inline {
            item.minutes.push(Piece {
                norm: Cow::Owned(inline.clone()),
                ..Piece::default()
            });
            in_minutes = true;
        }
    }
    let mut blank_before = false;
    for (i, line) in lines.iter().enumerate().take(to).skip(from) {
        if head.is_some_and(|h| h.agenda_lines.contains(&i)) {
            continue;
        }
        if line.truncated_item.is_some() {
            item.truncated.clone_from(&line.truncated_item);
        }
        if line.blank {
            blank_before = true;
            continue;
        }
        match marker(line) {
            Some(Marker::Minutes | Marker::Decision) => {
                in_minutes = true;
                item.minuted = true;
                blank_before = true;
                continue;
            }
            Some(Marker::Documents) => {
                item.docs.extend(line.docs.iter().map(|d| d.size_kb));
                if !has_minutes_marker {
                    in_minutes = true;
                }
                blank_before = true;
                continue;
            }
            None => {}
        }
        let piece = Piece {
            norm: Cow::Borrowed(&line.norm),
            page_break_before: line.page_break_before,
            blank_before,
        };
        blank_before = false;
        if in_minutes {
            item.minutes.push(piece)
        } else {
            item.agenda.push(piece)
        }
    }
    item
}

#[cfg(test)]
mod tests {
    use super::*;

    fn titles(text: &str) -> Vec<(Option<String>, String)> {
        let doc = Doc::new(text);
        segment(&doc)
            .items
            .iter()
            .map(|i| (i.number.clone(), i.title.text.clone()))
            .collect()
    }

    #[test]
    fn number_cells_then_titles() {
        let text = "Items\nNo. Item\n\n4.\n\nApologies\n\nTo receive apologies.\n\nMinutes:\n\nNone.\n\n5.\n\nMinutes pdf icon PDF 12 KB\n\nMinutes:\n\nRESOLVED: That the minutes be approved.\n";
        assert_eq!(
            titles(text),
            vec![
                (Some("4".into()), "Apologies".into()),
                (Some("5".into()), "Minutes".into())
            ]
        );
    }

    #[test]
    fn capitalised_inline_headings_and_a_numbered_list_inside() {
        let text = "PRESENT: Councillor Ames\n\n12. APOLOGIES FOR ABSENCE\n\nNone.\n\n13. PLANNING APPLICATION – The Committee considered:\n\n1. Standard time\n2. Approved plans\n\n14. WORK PROGRAMME\n\nNoted.";
        assert_eq!(
            titles(text),
            vec![
                (Some("12".into()), "APOLOGIES FOR ABSENCE".into()),
                (Some("13".into()), "PLANNING APPLICATION".into()),
                (Some("14".into()), "WORK PROGRAMME".into()),
            ]
        );
    }

    #[test]
    fn unnumbered_items_are_found_from_their_markers() {
        let text = "No. Item\n\nDeclarations of Interest\n\nAdditional documents:\n\nThere were none.\n\nBudget Update pdf icon PDF 80 KB\n\nReport of the Treasurer\n\nAdditional documents:\n\nThe report was noted.";
        assert_eq!(
            titles(text),
            vec![
                (None, "Declarations of Interest".into()),
                (None, "Budget Update".into())
            ]
        );
        let doc = Doc::new(text);
        let seg = segment(&doc);
        assert_eq!(seg.items[1].agenda[0].norm.text, "Report of the Treasurer");
        assert_eq!(seg.items[1].docs, vec![80]);
    }

    #[test]
    fn a_capitalised_heading_wrapped_onto_two_lines_is_one_title() {
        let text = "4. MINUTES OF THE MEETING HELD ON 10TH FEBRUARY\n2022\n\nRESOLVED: That the minutes be approved.\n\n5. WORK PROGRAMME\n\nNoted.";
        assert_eq!(
            titles(text),
            vec![
                (
                    Some("4".into()),
                    "MINUTES OF THE MEETING HELD ON 10TH FEBRUARY 2022".into()
                ),
                (Some("5".into()), "WORK PROGRAMME".into()),
            ]
        );
    }

    #[test]
    fn a_part_divider_is_not_a_title() {
        let text = "No. Item\n\nMinutes\n\nAdditional documents:\n\nApproved.\n\nPART II\n\nContract Award\n\nAdditional documents:\n\nAgreed.";
        assert_eq!(
            titles(text),
            vec![(None, "Minutes".into()), (None, "Contract Award".into())]
        );
    }

    #[test]
    fn flattened_rows() {
        let text = "No. | Item |\nMatters Arising To discuss any matters arising. Minutes: None. |\nBudget Report Additional documents:\nMinutes: Noted.\nRESOLVED that the report be noted. |";
        assert_eq!(
            titles(text),
            vec![
                (None, "Matters Arising".into()),
                (None, "Budget Report".into())
            ]
        );
    }
}
