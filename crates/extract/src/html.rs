//! HTML to text, laid out the way ModernGov meeting pages read when copied
//! from a browser, so one parser reads both.
//!
//! The walk is iterative (html5ever builds arbitrarily deep trees and a
//! recursive walk would overflow the stack on hostile input). Output is built
//! as a list of lines; blocks are separated by one blank line, `<br>` and
//! table rows by a single newline.

use ego_tree::NodeRef;
use ego_tree::iter::Edge;
use scraper::{ElementRef, Html, Node, Selector};

use crate::ExtractError;

/// Bullet put before items of unordered lists, as browsers copy them.
const BULLET: &str = "·  ";

/// Deepest element nesting accepted. Real council pages stay under a few
/// hundred levels; html5ever's tree builder is quadratic in nesting depth, so
/// a hostile page of 50,000 nested `<div>`s would take minutes to parse.
const MAX_NESTING: usize = 1000;

/// Convert an HTML page to clean paragraph text.
pub(crate) fn to_text(source: &str) -> Result<String, ExtractError> {
    let depth = estimated_depth(source);
    if depth > MAX_NESTING {
        return Err(ExtractError::Html(format!(
            "elements nested about {depth} deep (the limit is {MAX_NESTING})"
        )));
    }
    let doc = Html::parse_document(source);
    let mut walker = Walker::default();
    for root in content_roots(&doc) {
        walker.walk(root);
    }
    let text = walker.finish();
    if text.trim().is_empty() {
        return Err(ExtractError::Html(
            "the page has no visible text".to_owned(),
        ));
    }
    Ok(text)
}

/// The elements whose content counts: ModernGov's `#modgov`, else a
/// WordPress-style `.entry-content`, else `main`/`article`, else `body`.
fn content_roots(doc: &Html) -> Vec<NodeRef<'_, Node>> {
    const CANDIDATES: [&str; 6] = [
        "#modgov",
        ".entry-content",
        "main",
        "[role=main]",
        "article",
        "body",
    ];
    for css in CANDIDATES {
        let Ok(selector) = Selector::parse(css) else {
            continue;
        };
        let found: Vec<ElementRef<'_>> = doc.select(&selector).collect();
        if found.is_empty() {
            continue;
        }
        // A nested match (an `article` inside an `article`) is already
        // covered by its ancestor; walking it twice would duplicate text.
        let outermost = found
            .iter()
            .filter(|el| {
                !el.ancestors()
                    .any(|a| found.iter().any(|f| f.id() == a.id()))
            })
            .map(|el| **el)
            .collect();
        return outermost;
    }
    vec![doc.tree.root()]
}

/// Tags whose content is never text for a reader.
fn is_dropped_tag(tag: &str) -> bool {
    matches!(
        tag,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "head"
            | "title"
            | "iframe"
            | "object"
            | "embed"
            | "svg"
            | "math"
            | "canvas"
            | "video"
            | "audio"
            | "map"
            | "select"
            | "button"
            | "input"
            | "textarea"
            | "label"
            | "nav"
            | "header"
            | "footer"
            | "aside"
    )
}

/// Class tokens of page chrome and visually hidden text.
fn is_dropped_class(class: &str) -> bool {
    const EXACT: [&str; 12] = [
        "mgHide",
        "mgLinks",
        "mgHelpLine",
        "mgFooter",
        "mgBreadCrumbs",
        "sr-only",
        "screen-reader-text",
        "visually-hidden",
        "visuallyhidden",
        "skip-link",
        "hidden",
        "is-hidden",
    ];
    if EXACT.contains(&class) {
        return true;
    }
    let lower = class.to_ascii_lowercase();
    lower.starts_with("mgside") || lower.contains("breadcrumb") || lower.contains("cookie")
}

/// Whether an element (and everything inside it) is chrome or hidden.
fn is_dropped(el: &scraper::node::Element) -> bool {
    if is_dropped_tag(el.name()) || el.attr("hidden").is_some() {
        return true;
    }
    if el.attr("aria-hidden") == Some("true") {
        return true;
    }
    if let Some(style) = el.attr("style") {
        let style: String = style.chars().filter(|c| !c.is_whitespace()).collect();
        let style = style.to_ascii_lowercase();
        if style.contains("display:none") || style.contains("visibility:hidden") {
            return true;
        }
    }
    if let Some(id) = el.id() {
        let id = id.to_ascii_lowercase();
        if id.contains("cookie") || id.contains("breadcrumb") {
            return true;
        }
    }
    el.classes().any(is_dropped_class)
}

fn is_block_tag(tag: &str) -> bool {
    matches!(
        tag,
        "address"
            | "article"
            | "blockquote"
            | "center"
            | "dd"
            | "details"
            | "dialog"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "hr"
            | "legend"
            | "main"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "ul"
            | "body"
            | "html"
    )
}

/// Accumulates output lines with HTML whitespace rules.
#[derive(Debug, Default)]
struct Sink {
    lines: Vec<String>,
    current: String,
    space_pending: bool,
    /// Text to put before the next character on a fresh line (a bullet).
    prefix: Option<String>,
}

impl Sink {
    fn push_text(&mut self, text: &str, keep_newlines: bool) {
        for ch in text.chars() {
            if keep_newlines && ch == '\n' {
                self.line_break();
            } else if ch.is_ascii_whitespace() {
                self.space_pending = !self.current.is_empty();
            } else {
                self.push_char(ch);
            }
        }
    }

    fn push_char(&mut self, ch: char) {
        if self.current.is_empty() {
            if let Some(prefix) = self.prefix.take() {
                self.current.push_str(&prefix);
            }
        } else if self.space_pending {
            self.current.push(' ');
        }
        self.space_pending = false;
        self.current.push(ch);
    }

    /// End the current line (a `<br>`, or a table row).
    fn line_break(&mut self) {
        let line = std::mem::take(&mut self.current);
        self.lines.push(line.trim().to_owned());
        self.space_pending = false;
    }

    /// End the current paragraph: the next text starts after a blank line.
    fn para_break(&mut self) {
        if !self.current.trim().is_empty() {
            self.line_break();
        }
        self.current.clear();
        self.space_pending = false;
        self.lines.push(String::new());
    }

    /// End the current line unless it is empty (no blank line is made).
    fn soft_line_break(&mut self) {
        if !self.current.trim().is_empty() {
            self.line_break();
        }
    }

    /// Append finished lines verbatim (text rendered by a nested sink),
    /// after whatever is already on the current line.
    fn push_lines(&mut self, text: &str) {
        self.soft_line_break();
        for line in text.lines() {
            self.lines.push(line.to_owned());
        }
    }

    /// The text with blank-line runs folded and no blank lines at the ends.
    fn finish(mut self) -> String {
        if !self.current.trim().is_empty() {
            self.line_break();
        }
        let mut out = String::new();
        let mut blank_run = false;
        for line in &self.lines {
            let line = line.trim();
            if line.is_empty() {
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
}

/// A table being read: rows of rendered cells.
#[derive(Debug, Default)]
struct Table {
    /// ModernGov's agenda-item table, laid out as numbered items.
    items: bool,
    row: Vec<Cell>,
}

#[derive(Debug)]
struct Cell {
    text: String,
}

/// An open list: ordered lists count their items.
#[derive(Debug)]
struct List {
    next_number: Option<i64>,
}

/// What closing an element must undo.
#[derive(Debug)]
enum Frame {
    Nothing,
    Block,
    LineEnd,
    ListItem,
    List,
    Table,
    Row,
    Cell,
    ItemCaption,
    Pre,
}

/// The iterative renderer.
#[derive(Debug, Default)]
struct Walker {
    sinks: Vec<Sink>,
    done: Sink,
    tables: Vec<Table>,
    lists: Vec<List>,
    frames: Vec<Frame>,
    pre_depth: usize,
}

impl Walker {
    fn sink(&mut self) -> &mut Sink {
        self.sinks.last_mut().unwrap_or(&mut self.done)
    }

    fn finish(self) -> String {
        let mut text = self.done.finish();
        if !text.is_empty() {
            text.push('\n');
        }
        text
    }

    fn walk(&mut self, root: NodeRef<'_, Node>) {
        // While inside a dropped element, everything up to its close is skipped.
        let mut skipping: Option<ego_tree::NodeId> = None;
        for edge in root.traverse() {
            match edge {
                Edge::Open(node) => {
                    if skipping.is_some() {
                        continue;
                    }
                    match node.value() {
                        Node::Text(t) => {
                            let keep = self.pre_depth > 0;
                            self.sink().push_text(t, keep);
                        }
                        Node::Element(el) => {
                            if is_dropped(el) {
                                skipping = Some(node.id());
                                continue;
                            }
                            if ElementRef::wrap(node).is_some_and(|el| self.open(el)) {
                                skipping = Some(node.id());
                            }
                        }
                        _ => {}
                    }
                }
                Edge::Close(node) => {
                    if let Some(id) = skipping {
                        if id == node.id() {
                            skipping = None;
                        }
                        continue;
                    }
                    if node.value().is_element() {
                        self.close();
                    }
                }
            }
        }
        // Unbalanced frames cannot happen with a parsed tree, but never leave
        // text stranded in a nested sink.
        while !self.frames.is_empty() {
            self.close();
        }
    }

    /// Handle an opening tag. Returns true when the element was fully
    /// rendered here and its subtree must be skipped.
    fn open(&mut self, el: ElementRef<'_>) -> bool {
        let tag = el.value().name();
        let frame = match tag {
            "br" => {
                self.sink().line_break();
                return true;
            }
            "img" => return true,
            "span" if el.value().has_class("mgFileSize", CASE) => {
                let label = file_icon_label(el);
                self.sink().push_text(&format!(" {label} "), false);
                Frame::Nothing
            }
            "li" => self.open_list_item(el),
            "ul" | "ol" => {
                self.sink().para_break();
                let next_number = (tag == "ol").then(|| {
                    el.value()
                        .attr("start")
                        .and_then(|s| s.trim().parse().ok())
                        .unwrap_or(1)
                });
                self.lists.push(List { next_number });
                Frame::List
            }
            "table" => {
                self.sink().para_break();
                let items = el.value().has_class("mgItemTable", CASE);
                self.tables.push(Table {
                    items,
                    row: Vec::new(),
                });
                Frame::Table
            }
            "caption" if self.in_item_table() => {
                self.sink().para_break();
                Frame::ItemCaption
            }
            "tr" => {
                if self.in_item_table() && is_header_row(el) {
                    let heads: Vec<String> = el
                        .child_elements()
                        .map(|c| collapse(&c.text().collect::<String>()))
                        .collect();
                    let line = heads.join(" ");
                    self.sink().push_text(&line, false);
                    self.sink().line_break();
                    return true;
                }
                if let Some(t) = self.tables.last_mut() {
                    t.row.clear();
                }
                Frame::Row
            }
            "td" | "th" => {
                self.sinks.push(Sink::default());
                Frame::Cell
            }
            "pre" => {
                self.sink().para_break();
                self.pre_depth += 1;
                Frame::Pre
            }
            _ if is_block_tag(tag) => {
                self.sink().para_break();
                Frame::Block
            }
            _ => Frame::Nothing,
        };
        self.frames.push(frame);
        false
    }

    fn open_list_item(&mut self, el: ElementRef<'_>) -> Frame {
        // ModernGov lists linked documents as list items; each is a plain
        // "<title> pdf icon PDF N KB" line, without a bullet.
        if has_file_size(el) {
            self.sink().soft_line_break();
            return Frame::LineEnd;
        }
        self.sink().para_break();
        let prefix = match self.lists.last_mut() {
            Some(List {
                next_number: Some(n),
            }) => {
                let p = format!("{n}. ");
                *n = n.saturating_add(1);
                p
            }
            _ => BULLET.to_owned(),
        };
        self.sink().prefix = Some(prefix);
        Frame::ListItem
    }

    fn in_item_table(&self) -> bool {
        self.tables.last().is_some_and(|t| t.items)
    }

    fn close(&mut self) {
        let Some(frame) = self.frames.pop() else {
            return;
        };
        match frame {
            Frame::Nothing => {}
            Frame::Block => self.sink().para_break(),
            Frame::LineEnd => self.sink().soft_line_break(),
            Frame::ListItem => {
                let sink = self.sink();
                sink.prefix = None;
                sink.para_break();
            }
            Frame::List => {
                self.lists.pop();
                self.sink().para_break();
            }
            Frame::Table => {
                self.tables.pop();
                self.sink().para_break();
            }
            Frame::ItemCaption => self.sink().line_break(),
            Frame::Pre => {
                self.pre_depth = self.pre_depth.saturating_sub(1);
                self.sink().para_break();
            }
            Frame::Cell => {
                let text = self.sinks.pop().map(Sink::finish).unwrap_or_default();
                match self.tables.last_mut() {
                    Some(t) => t.row.push(Cell { text }),
                    None => self.sink().push_lines(&text),
                }
            }
            Frame::Row => self.close_row(),
        }
    }

    /// A row of one-line cells reads as "a | b | c"; a row holding whole
    /// paragraphs (layout tables, ModernGov items) reads cell after cell.
    fn close_row(&mut self) {
        let Some(table) = self.tables.last_mut() else {
            return;
        };
        let items = table.items;
        let cells = std::mem::take(&mut table.row);
        if cells.iter().all(|c| c.text.is_empty()) {
            return;
        }
        let multi_line = cells.iter().any(|c| c.text.contains('\n'));
        let sink = self.sink();
        if items || multi_line {
            // Empty cells would only add blank lines here.
            for cell in cells.iter().filter(|c| !c.text.is_empty()) {
                sink.para_break();
                sink.push_lines(&cell.text);
                sink.para_break();
            }
        } else {
            // Empty cells stay so the columns still line up with the header.
            let line: Vec<&str> = cells.iter().map(|c| c.text.as_str()).collect();
            sink.push_lines(&line.join(" | "));
        }
    }
}

/// An upper estimate of how deep the parser's element stack will get,
/// from a cheap scan of the tags. Elements that close themselves (void
/// elements, and those a following sibling closes, like `p` and `li`) are not
/// counted, and an end tag only counts when its element is open, so stray
/// end tags cannot hide real depth.
fn estimated_depth(source: &str) -> usize {
    let mut open: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut rest = source;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        let closing = rest.starts_with('/');
        let name: String = rest
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .take(16)
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() || self_closing(&name) {
            continue;
        }
        if closing {
            if let Some(n) = open.get_mut(&name).filter(|n| **n > 0) {
                *n -= 1;
                depth -= 1;
            }
        } else {
            *open.entry(name).or_default() += 1;
            depth += 1;
            deepest = deepest.max(depth);
        }
    }
    deepest
}

fn self_closing(tag: &str) -> bool {
    matches!(
        tag,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
            | "p"
            | "li"
            | "dt"
            | "dd"
            | "tr"
            | "td"
            | "th"
            | "option"
            | "optgroup"
            | "thead"
            | "tbody"
            | "tfoot"
            | "colgroup"
            | "caption"
            | "rb"
            | "rt"
            | "rp"
            | "rtc"
    )
}

const CASE: scraper::CaseSensitivity = scraper::CaseSensitivity::AsciiCaseInsensitive;

fn is_header_row(row: ElementRef<'_>) -> bool {
    let mut cells = row.child_elements().peekable();
    cells.peek().is_some() && cells.all(|c| c.value().name() == "th")
}

fn has_file_size(el: ElementRef<'_>) -> bool {
    el.descendent_elements()
        .any(|d| d.value().has_class("mgFileSize", CASE))
}

/// The icon text a browser copies for a ModernGov file-size badge: the
/// image's alt text, or "pdf icon" built from the file type when the alt is
/// empty (as in the page's action list).
fn file_icon_label(el: ElementRef<'_>) -> String {
    let alt = el
        .descendent_elements()
        .find(|d| d.value().name() == "img")
        .and_then(|img| img.value().attr("alt"))
        .map(collapse)
        .unwrap_or_default();
    if !alt.is_empty() {
        return alt;
    }
    let text = collapse(&el.text().collect::<String>());
    match text.split_whitespace().next() {
        Some(kind) => format!("{} icon", kind.to_lowercase()),
        None => String::new(),
    }
}

/// Collapse ASCII whitespace runs to one space and trim.
fn collapse(s: &str) -> String {
    s.split_ascii_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(html: &str) -> String {
        to_text(html).unwrap_or_else(|e| format!("ERR {e}"))
    }

    #[test]
    fn br_is_a_line_break_and_p_a_paragraph() {
        assert_eq!(text("<body><p>a<br>b</p><p>c</p></body>"), "a\nb\n\nc\n");
    }

    #[test]
    fn inline_elements_do_not_break_lines() {
        assert_eq!(
            text("<body><p>The <b>Chair</b>  <i>welcomed</i>\n all.</p></body>"),
            "The Chair welcomed all.\n"
        );
    }

    #[test]
    fn nested_lists_get_bullets_and_ordered_lists_numbers() {
        let got = text(
            "<body><ul><li>one<ul><li>inner</li></ul></li></ul><ol start=3><li>x</li><li>y</li></ol></body>",
        );
        assert_eq!(got, "·  one\n\n·  inner\n\n3. x\n\n4. y\n");
    }

    #[test]
    fn table_rows_join_cells() {
        let got = text(
            "<body><table><tr><th>Name</th><th>Vote</th></tr><tr><td>Smith</td><td>For</td></tr></table></body>",
        );
        assert_eq!(got, "Name | Vote\nSmith | For\n");
    }

    #[test]
    fn moderate_nesting_is_walked_without_recursion() {
        let html = "<div>".repeat(900) + "deep";
        assert_eq!(text(&html), "deep\n");
    }

    #[test]
    fn hostile_nesting_is_refused_before_parsing() {
        let html = "<div>".repeat(50_000) + "deep";
        assert!(text(&html).starts_with("ERR unusable HTML: elements nested"));
    }

    #[test]
    fn stray_end_tags_do_not_hide_depth() {
        let html = "<div></span>".repeat(2_000);
        assert!(estimated_depth(&html) >= 2_000);
    }
}
