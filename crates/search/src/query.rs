//! The query language, parsed into a tree ([`Node`]).
//!
//! ```text
//! statutory timescales          both words (AND is implied)
//! "statutory timescales"        the phrase
//! fostering OR adoption         either
//! budget -capital               budget, not capital (also: budget NOT capital)
//! assess*                       words starting with "assess"
//! (ehcp OR send) timescales     grouping
//! title:transport               in the item's title
//! person:"june burns"           someone named in the attendance
//! committee:scrutiny            committee id or any name it has had
//! authority:northshire          authority id or name
//! kind:substantive              item kind (apologies, declarations, previous-minutes,
//!                               public-participation, substantive, work-programme,
//!                               exclusion, other)
//! type:resolution               only items, resolutions or actions
//! ```
//!
//! Operators are written in capitals; a lower-case "or" is a word. The parser
//! never fails on unbalanced quotes or parentheses (an open quote runs to the
//! end), but bounds the query's length, its number of clauses and its
//! nesting, and returns a [`QueryError`] past them.

/// The longest query accepted, in bytes.
pub const MAX_QUERY_BYTES: usize = 1024;
/// The most words, phrases and filters in one query.
pub const MAX_CLAUSES: usize = 64;
/// The deepest nesting of parentheses and negations.
pub const MAX_DEPTH: usize = 8;

/// The field names of `field:value` (anything else before a colon is a word).
const FIELDS: [&str; 11] = [
    "title",
    "person",
    "people",
    "member",
    "text",
    "body",
    "committee",
    "authority",
    "council",
    "kind",
    "type",
];

/// The item kinds `kind:` accepts (the record's names).
pub const ITEM_KINDS: [&str; 8] = [
    "apologies",
    "declarations",
    "previous-minutes",
    "public-participation",
    "substantive",
    "work-programme",
    "exclusion",
    "other",
];

/// Why a query was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// Nothing to search for and no filter.
    #[error("the query is empty")]
    Empty,
    /// Longer than [`MAX_QUERY_BYTES`].
    #[error("the query is {0} bytes long; at most {MAX_QUERY_BYTES} are allowed")]
    TooLong(usize),
    /// More than [`MAX_CLAUSES`] words, phrases and filters.
    #[error("the query has more than {MAX_CLAUSES} words, phrases and filters")]
    TooManyClauses,
    /// Nested deeper than [`MAX_DEPTH`].
    #[error("the query nests parentheses or negations more than {MAX_DEPTH} deep")]
    TooDeep,
    /// A `kind:` that is not an item kind.
    #[error("unknown item kind {0:?} (one of: {kinds})", kinds = ITEM_KINDS.join(", "))]
    UnknownKind(String),
    /// A `type:` that is not item, resolution or action.
    #[error("unknown type {0:?} (one of: item, resolution, action)")]
    UnknownType(String),
    /// A prefix too short to be useful (`a*`).
    #[error("prefix {0:?} is too short: give at least 2 letters before the *")]
    ShortPrefix(String),
    /// A date that is not `YYYY-MM-DD`.
    #[error("date {0:?} is not YYYY-MM-DD")]
    BadDate(String),
}

/// What a hit is: an item, or one of its resolutions or actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum HitType {
    /// An agenda item (title, agenda text, minutes).
    Item,
    /// A resolution of an item.
    Resolution,
    /// An action asked of someone under an item.
    Action,
}

impl HitType {
    /// The name used in the index and in `type:`.
    pub fn name(self) -> &'static str {
        match self {
            HitType::Item => "item",
            HitType::Resolution => "resolution",
            HitType::Action => "action",
        }
    }

    pub(crate) fn parse(s: &str) -> Result<Self, QueryError> {
        match s.to_lowercase().trim_end_matches('s') {
            "item" => Ok(HitType::Item),
            "resolution" => Ok(HitType::Resolution),
            "action" => Ok(HitType::Action),
            _ => Err(QueryError::UnknownType(s.to_owned())),
        }
    }
}

/// The text fields a word or phrase may be searched in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TextField {
    /// Title, agenda text, minutes, resolution or action text.
    Body,
    /// The item's title.
    Title,
    /// People named in the attendance.
    Person,
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Node {
    /// A word (`prefix`: written with a trailing `*`).
    Word {
        field: TextField,
        text: String,
        prefix: bool,
    },
    /// A quoted phrase.
    Phrase { field: TextField, text: String },
    /// `committee:…`, resolved against the archive's committee names.
    Committee(String),
    /// `authority:…`.
    Authority(String),
    /// `kind:…`, an item kind.
    Kind(String),
    /// `type:…`.
    Type(HitType),
    /// Everything except the inner query.
    Not(Box<Node>),
    /// All of these.
    And(Vec<Node>),
    /// Any of these.
    Or(Vec<Node>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Word(String),
    Phrase(String),
    Field(String),
    Open,
    Close,
    Or,
    And,
    Not,
}

fn lex(q: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut chars = q.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            c if c.is_whitespace() => {}
            '"' | '\u{201C}' | '\u{201D}' => {
                let mut text = String::new();
                for (_, c) in chars.by_ref() {
                    if matches!(c, '"' | '\u{201C}' | '\u{201D}') {
                        break;
                    }
                    text.push(c);
                }
                out.push(Tok::Phrase(text));
            }
            '(' => out.push(Tok::Open),
            ')' => out.push(Tok::Close),
            '-' if out_allows_negation(q, i) => out.push(Tok::Not),
            _ => {
                let mut end = i + c.len_utf8();
                while let Some(&(j, d)) = chars.peek() {
                    if d.is_whitespace() || matches!(d, '"' | '(' | ')' | '\u{201C}' | '\u{201D}') {
                        break;
                    }
                    end = j + d.len_utf8();
                    chars.next();
                    if d == ':' {
                        break;
                    }
                }
                let word = &q[i..end];
                out.push(match word {
                    "OR" | "|" => Tok::Or,
                    "AND" | "&&" => Tok::And,
                    "NOT" => Tok::Not,
                    w if w.ends_with(':')
                        && FIELDS.contains(&w.trim_end_matches(':').to_lowercase().as_str()) =>
                    {
                        Tok::Field(w.trim_end_matches(':').to_lowercase())
                    }
                    w => Tok::Word(w.to_owned()),
                });
            }
        }
    }
    out
}

/// A `-` negates when it starts a word (not inside `multi-agency`) and is
/// followed by something to negate.
fn out_allows_negation(q: &str, i: usize) -> bool {
    let before = q[..i].chars().next_back();
    let after = q[i + 1..].chars().next();
    before.is_none_or(|c| c.is_whitespace() || c == '(')
        && after.is_some_and(|c| !c.is_whitespace())
}

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
    clauses: usize,
}

/// Parses `q`. Returns `None` for a query with nothing in it (only spaces
/// or operators).
pub(crate) fn parse(q: &str) -> Result<Option<Node>, QueryError> {
    if q.len() > MAX_QUERY_BYTES {
        return Err(QueryError::TooLong(q.len()));
    }
    let mut p = Parser {
        toks: lex(q),
        pos: 0,
        clauses: 0,
    };
    let mut parts = Vec::new();
    while p.pos < p.toks.len() {
        // A stray `)` at the top level is ignored.
        if let Some(node) = p.or(0)? {
            parts.push(node);
        } else {
            p.pos += 1;
        }
    }
    Ok(match parts.len() {
        0 => None,
        1 => parts.pop(),
        _ => Some(Node::And(parts)),
    })
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }

    fn or(&mut self, depth: usize) -> Result<Option<Node>, QueryError> {
        let mut alts = Vec::new();
        loop {
            if let Some(n) = self.and(depth)? {
                alts.push(n);
            }
            if self.peek() == Some(&Tok::Or) {
                self.pos += 1;
            } else {
                break;
            }
        }
        Ok(match alts.len() {
            0 => None,
            1 => alts.pop(),
            _ => Some(Node::Or(alts)),
        })
    }

    fn and(&mut self, depth: usize) -> Result<Option<Node>, QueryError> {
        let mut all = Vec::new();
        while let Some(t) = self.peek() {
            match t {
                Tok::Or | Tok::Close => break,
                Tok::And => self.pos += 1,
                _ => {
                    if let Some(n) = self.unary(depth)? {
                        all.push(n);
                    }
                }
            }
        }
        Ok(match all.len() {
            0 => None,
            1 => all.pop(),
            _ => Some(Node::And(all)),
        })
    }

    fn unary(&mut self, depth: usize) -> Result<Option<Node>, QueryError> {
        if depth >= MAX_DEPTH {
            return Err(QueryError::TooDeep);
        }
        let Some(tok) = self.toks.get(self.pos).cloned() else {
            return Ok(None);
        };
        self.pos += 1;
        match tok {
            Tok::Not => Ok(self.unary(depth + 1)?.map(|n| Node::Not(Box::new(n)))),
            Tok::Open => {
                let inner = self.or(depth + 1)?;
                if self.peek() == Some(&Tok::Close) {
                    self.pos += 1;
                }
                Ok(inner)
            }
            Tok::Word(w) => self.clause(word(TextField::Body, &w)),
            Tok::Phrase(p) => self.clause(Ok(phrase(TextField::Body, &p))),
            Tok::Field(f) => {
                let value = match self.toks.get(self.pos).cloned() {
                    Some(Tok::Word(w)) => Value::Word(w),
                    Some(Tok::Phrase(p)) => Value::Phrase(p),
                    // `title:` with nothing after it is the word "title:".
                    _ => return self.clause(word(TextField::Body, &f)),
                };
                self.pos += 1;
                self.clause(field(&f, value))
            }
            Tok::Or | Tok::And | Tok::Close => Ok(None),
        }
    }

    fn clause(
        &mut self,
        node: Result<Option<Node>, QueryError>,
    ) -> Result<Option<Node>, QueryError> {
        let node = node?;
        if node.is_some() {
            self.clauses += 1;
            if self.clauses > MAX_CLAUSES {
                return Err(QueryError::TooManyClauses);
            }
        }
        Ok(node)
    }
}

enum Value {
    Word(String),
    Phrase(String),
}

impl Value {
    fn text(&self) -> &str {
        match self {
            Value::Word(s) | Value::Phrase(s) => s,
        }
    }
}

fn word(field: TextField, w: &str) -> Result<Option<Node>, QueryError> {
    let (text, prefix) = match w.strip_suffix('*') {
        Some(stem) => (stem.trim_end_matches('*'), true),
        None => (w, false),
    };
    if !text.chars().any(char::is_alphanumeric) {
        return Ok(None);
    }
    if prefix && text.chars().filter(|c| c.is_alphanumeric()).count() < 2 {
        return Err(QueryError::ShortPrefix(w.to_owned()));
    }
    Ok(Some(Node::Word {
        field,
        text: text.to_owned(),
        prefix,
    }))
}

fn phrase(field: TextField, p: &str) -> Option<Node> {
    p.chars().any(char::is_alphanumeric).then(|| Node::Phrase {
        field,
        text: p.to_owned(),
    })
}

fn field(name: &str, value: Value) -> Result<Option<Node>, QueryError> {
    let text_field = match name {
        "title" => Some(TextField::Title),
        "person" | "people" | "member" => Some(TextField::Person),
        "text" | "body" => Some(TextField::Body),
        _ => None,
    };
    if let Some(f) = text_field {
        return match value {
            Value::Word(w) => word(f, &w),
            Value::Phrase(p) => Ok(phrase(f, &p)),
        };
    }
    let v = value.text().trim();
    if v.is_empty() {
        return Ok(None);
    }
    Ok(Some(match name {
        "committee" => Node::Committee(v.to_owned()),
        "authority" | "council" => Node::Authority(v.to_owned()),
        "kind" => Node::Kind(item_kind(v)?),
        _ => Node::Type(HitType::parse(v)?),
    }))
}

/// The record name of an item kind written by a user (`Work Programme`).
pub(crate) fn item_kind(v: &str) -> Result<String, QueryError> {
    let k = v.trim().to_lowercase().replace([' ', '_'], "-");
    ITEM_KINDS
        .iter()
        .find(|&&kind| kind == k)
        .map(|k| (*k).to_owned())
        .ok_or_else(|| QueryError::UnknownKind(v.to_owned()))
}

/// Checks a `YYYY-MM-DD` date and returns it as the number `YYYYMMDD`.
pub(crate) fn day_number(d: &str) -> Result<i64, QueryError> {
    let bad = || QueryError::BadDate(d.to_owned());
    let parts: Vec<&str> = d.trim().split('-').collect();
    let [y, m, dd] = parts.as_slice() else {
        return Err(bad());
    };
    let num = |s: &str, len: usize| {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<i64>().ok())
            .flatten()
    };
    match (num(y, 4), num(m, 2), num(dd, 2)) {
        (Some(y), Some(m @ 1..=12), Some(dd @ 1..=31)) => Ok(y * 10_000 + m * 100 + dd),
        _ => Err(bad()),
    }
}

impl Node {
    /// Every `committee:` and `authority:` value, to resolve before
    /// compiling.
    pub(crate) fn names(&self, committees: &mut Vec<String>, authorities: &mut Vec<String>) {
        match self {
            Node::Committee(c) => committees.push(c.clone()),
            Node::Authority(a) => authorities.push(a.clone()),
            Node::Not(n) => n.names(committees, authorities),
            Node::And(ns) | Node::Or(ns) => {
                for n in ns {
                    n.names(committees, authorities);
                }
            }
            _ => {}
        }
    }
}
