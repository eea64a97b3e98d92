//! Resolutions: "RESOLVED: That …", "Resolved – that …", "RESOLVED" with
//! labelled parts ((1), a), (i)) on the lines below, a stem that either
//! names the resolving body (dropped) or carries substance (kept with each
//! part), nested parts folded into their parent, and votes where recorded.

use crate::blocks::{Block, label_of};
use crate::keywords::Word;
use crate::norm::Norm;
use minutebook_record::{RecordedVote, Resolution, Vote, VoteChoice, VoteOutcome};
use regex::Regex;
use std::sync::LazyLock;

/// A resolution as found, with what the tracker needs to read actions.
#[derive(Debug, Clone)]
pub struct Found {
    /// The record's resolution.
    pub resolution: Resolution,
    /// The text as tidied (for actions), and its nested parts.
    pub text: Norm,
    /// Nested parts ((a), (b) inside (2)), each as its own text.
    pub subparts: Vec<Norm>,
    /// Index of the block where the resolution was found.
    pub block: usize,
}

static KEYWORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|(?P<pre>(?-u:\b)(?:and|(?P<subject>[Ii]t was|(?:[Tt]he\s+)?(?:Committee|Sub-Committee|Panel|Board|Cabinet|Council|Forum|Commission)|Members)|was)\s*[–—-]?\s*|[–—-]\s*))(?P<kw>(?:(?i:unanimously|further)\s+)?(?:RESOLVED|Resolved|resolved|AGREED|Agreed)(?-u:\b)(?:\s+(?i:unanimously))?)\s*(?P<paren>\([^)]{1,80}\))?\s*(?:[:–—,-]+\s*)?")
        .expect("static regex")
});
static THAT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?i:that)(?-u:\b)[:,]?\s*").expect("static regex"));
static COUNTS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\(?\s*(\d{1,3})\s*[:–—-]\s*(\d{1,3})(?:\s*[:–—-]\s*(\d{1,3}))?")
        .expect("static regex")
});
static FOR_N: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:(?-u:\b)(\d{1,3})\s+(?:votes?\s+)?(?:for|in favour)(?-u:\b)|(?-u:\b)(?:for|in favour)\s*[:\-–]?\s*(\d{1,3})(?-u:\b))").expect("static regex")
});
static AGAINST_N: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:(?-u:\b)(\d{1,3})\s+(?:votes?\s+)?against(?-u:\b)|(?-u:\b)against\s*[:\-–]?\s*(\d{1,3})(?-u:\b)|(?-u:\b)votes? to (\d{1,3})(?-u:\b))").expect("static regex")
});
static ABSTAIN_N: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:(?-u:\b)(\d{1,3})\s+abstentions?(?-u:\b)|(?-u:\b)abstentions?\s*[:\-–]?\s*(\d{1,3})(?-u:\b)|(?-u:\b)abstain(?:ed)?\s*[:\-–]?\s*(\d{1,3})(?-u:\b)|with (\d{1,3}) abstention)").expect("static regex")
});
static BY_VOTES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)by\s+(\d{1,3})\s+votes?\s+to\s+(\d{1,3})").expect("static regex")
});
static RECORDED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(for|against|abstained|abstaining|abstention)s?(?: the (?:motion|recommendation))?\s*:\s*(?:councillors?\s+)?([^.;]+)").expect("static regex")
});

/// Find the resolutions among an item's blocks.
pub fn resolutions(blocks: &[Block]) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    let mut i = 0;
    while i < blocks.len() {
        let Some((content_at, paren)) = keyword_in(&blocks[i]) else {
            i += 1;
            continue;
        };
        let content = strip_that(&blocks[i].norm.slice(content_at, blocks[i].norm.text.len()));
        let vote = vote_for(paren.as_deref(), blocks, i);
        let (found, next) = read_resolution(blocks, i, content);
        for mut f in found {
            if f.resolution.text.is_empty() {
                continue;
            }
            if out.iter().any(|o| o.resolution.text == f.resolution.text) {
                continue;
            }
            f.resolution.vote.clone_from(&vote);
            out.push(f);
        }
        i = next;
    }
    out
}

static BARE_THAT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^That\s+[^.]{0,400}?(?-u:\b)be\s+(?:noted|approved|agreed|received|adopted|endorsed|confirmed|accepted|recommended|deferred|refused|granted|supported|requested|asked|authorised|delegated|referred|established|excluded)(?-u:\b)")
        .expect("static regex")
});

fn keyword_in(block: &Block) -> Option<(usize, Option<String>)> {
    if !block
        .mentions
        .any(&[Word::Resolved, Word::Agreed, Word::That])
    {
        return None;
    }
    // "That the report be noted." standing alone is a resolution whose
    // "RESOLVED" heading the page did not keep.
    if block.label.is_none() && BARE_THAT.is_match(&block.norm.text) {
        return Some((0, None));
    }
    let body = block.body();
    let offset = block.norm.text.len() - body.text.len();
    KEYWORD
        .captures_iter(&body.text)
        .find_map(|c| keyword_at(&body.text, &c))
        .map(|(at, paren)| (offset + at, paren))
}

/// Whether the keyword `c` found in `body` opens a resolution: where its
/// text starts, and its parenthesis.
fn keyword_at(body: &str, c: &regex::Captures) -> Option<(usize, Option<String>)> {
    let kw = c.name("kw")?;
    let all = c.get(0)?;
    let rest = &body[all.end()..];
    // "The Committee resolved that …", "It was resolved to …": in small
    // letters only after the body resolving, and before what it resolved.
    if kw.as_str().contains("resolved") {
        let what = rest.starts_with("that ") || rest.starts_with("to ");
        return (c.name("subject").is_some() && what)
            .then(|| (all.end(), c.name("paren").map(|p| p.as_str().to_owned())));
    }
    let at_start = kw.start() == 0 || c.name("pre").is_some() && c.get(0)?.start() == 0;
    let upper = kw.as_str().contains("RESOLVED") || kw.as_str().contains("AGREED");
    let introduced = c.name("pre").is_some();
    if !(at_start || upper || introduced) {
        return None;
    }
    if kw.as_str().contains("AGREED") && !kw.as_str().starts_with("AGREED") {
        return None;
    }
    // "Agreed" in ordinary case opens a paragraph: "Agreed that …", "Agreed: …".
    if kw.as_str().starts_with("Agreed") {
        let after = body.get(kw.end()..).unwrap_or("");
        let opens = kw.start() == 0
            && (after.starts_with(':')
                || after.starts_with(" –")
                || after.starts_with(" -")
                || after.starts_with(" that")
                || after.starts_with(" to "));
        if !opens {
            return None;
        }
    }
    // "Resolved" as an ordinary word ("issues were Resolved by …").
    if !at_start && !upper && !rest.to_lowercase().starts_with("that") {
        return None;
    }
    Some((all.end(), c.name("paren").map(|p| p.as_str().to_owned())))
}

fn strip_that(n: &Norm) -> Norm {
    match THAT.find(&n.text) {
        Some(m) => n.slice(m.end(), n.text.len()),
        None => n.clone(),
    }
}

/// Read the resolution that starts in block `i` (its text after the
/// keyword is `content`); return it (or its parts) and the next block.
fn read_resolution(blocks: &[Block], i: usize, content: Norm) -> (Vec<Found>, usize) {
    let mut j = i + 1;
    // "RESOLVED:" alone: the text is below.
    let mut stem = content;
    let mut stem_block = i;
    if stem.is_empty() {
        match blocks.get(j) {
            Some(b) if b.label.is_some() => {}
            Some(b) if !b.is_entry() => {
                stem = strip_that(&b.norm);
                stem_block = j;
                j += 1;
            }
            _ => return (Vec::new(), j),
        }
    }
    if let Some(label) = label_of(&stem.text) {
        // "Resolved: that (1) the … ; (2) …" — the first part is inline.
        let first = Block::new(stem.clone(), None, Some(label));
        let mut entries = vec![first];
        while let Some(b) = blocks.get(j).filter(|b| b.label.is_some()) {
            entries.push(b.clone());
            j += 1;
        }
        return (parts(&entries, None, stem_block), j);
    }
    let entries: Vec<Block> = blocks[j..]
        .iter()
        .take_while(|b| b.label.is_some())
        .cloned()
        .collect();
    if !entries.is_empty() && stem.is_empty() {
        let n = entries.len();
        return (parts(&entries, None, j), j + n);
    }
    if !entries.is_empty() && stem.text.ends_with(':') {
        let n = entries.len();
        if names_body(&stem.text) {
            return (parts(&entries, None, j), j + n);
        }
        // "… to:" / "… that:" — each part completes the stem's sentence;
        // otherwise ("subject to the following conditions:") the list
        // belongs to one resolution.
        let lower = stem.text.to_lowercase();
        if lower.ends_with(" to:") || lower.ends_with(" that:") {
            return (parts(&entries, Some(&stem), j), j + n);
        }
        let mut whole = stem.clone();
        for e in &entries {
            whole.push_spaced(&e.norm);
        }
        let text = tidy(&whole);
        let resolution = Resolution {
            label: None,
            text: text.text.clone(),
            vote: None,
            span: text.span(),
        };
        return (
            vec![Found {
                resolution,
                text,
                subparts: Vec::new(),
                block: stem_block,
            }],
            j + n,
        );
    }
    let text = tidy(&stem);
    let resolution = Resolution {
        label: None,
        text: text.text.clone(),
        vote: None,
        span: text.span(),
    };
    (
        vec![Found {
            resolution,
            text,
            subparts: Vec::new(),
            block: stem_block,
        }],
        j,
    )
}

/// Whether a stem only names the body resolving ("The Children's
/// Services Scrutiny Board:").
fn names_body(stem: &str) -> bool {
    let last = stem
        .trim_end_matches(':')
        .split_whitespace()
        .last()
        .unwrap_or("")
        .to_lowercase();
    [
        "board",
        "committee",
        "panel",
        "commission",
        "cabinet",
        "council",
        "group",
        "forum",
        "sub-committee",
    ]
    .contains(&last.as_str())
        && stem.split_whitespace().count() <= 14
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LabelStyle {
    ParenNumber,
    Number,
    ParenLetter,
    Letter,
    Roman,
}

fn style(label: &str) -> LabelStyle {
    let inner = label.trim_matches(|c| matches!(c, '(' | ')' | '.'));
    let paren = label.starts_with('(');
    if inner.chars().all(|c| c.is_ascii_digit()) {
        return if paren {
            LabelStyle::ParenNumber
        } else {
            LabelStyle::Number
        };
    }
    if inner.len() > 1 && inner.chars().all(|c| matches!(c, 'i' | 'v' | 'x')) || inner == "i" {
        return LabelStyle::Roman;
    }
    if paren {
        LabelStyle::ParenLetter
    } else {
        LabelStyle::Letter
    }
}

/// Labelled parts: entries of the first entry's style are parts; entries of
/// another style nest inside the part before them.
fn parts(entries: &[Block], stem: Option<&Norm>, first_block: usize) -> Vec<Found> {
    let Some(top) = entries.first().and_then(|e| e.label.as_deref()).map(style) else {
        return Vec::new();
    };
    let mut out: Vec<Found> = Vec::new();
    for (k, e) in entries.iter().enumerate() {
        let Some(label) = e.label.clone() else {
            continue;
        };
        let body = strip_that(&e.body());
        if body.is_empty() {
            // a part cut off before its text ("b)" at the end of a page)
            continue;
        }
        if style(&label) != top
            && let Some(parent) = out.last_mut()
        {
            parent.subparts.push(tidy(&body));
            parent.text.push_spaced(&e.norm);
            continue;
        }
        let text = match stem {
            Some(s) => {
                let mut t = s.clone();
                t.push_spaced(&body);
                t
            }
            None => body,
        };
        let span = text.span();
        out.push(Found {
            resolution: Resolution {
                label: Some(label),
                text: text.text.clone(),
                vote: None,
                span,
            },
            text,
            subparts: Vec::new(),
            block: first_block + k,
        });
    }
    for f in &mut out {
        let t = tidy(&f.text);
        f.resolution.text = t.text.clone();
        f.text = t;
    }
    out
}

/// Drop list connectors at the end ("; and", ";", ",") but keep a full stop.
pub fn tidy(n: &Norm) -> Norm {
    let t = n.text.as_str();
    let mut end = t.len();
    loop {
        let s = t[..end].trim_end();
        let s2 = s
            .strip_suffix("; and")
            .or_else(|| s.strip_suffix(", and"))
            .or_else(|| s.strip_suffix("; or"))
            .or_else(|| s.strip_suffix(';'))
            .or_else(|| s.strip_suffix(','))
            .or_else(|| s.strip_suffix(" and"));
        match s2 {
            Some(x) => end = x.len(),
            None => {
                end = s.len();
                break;
            }
        }
    }
    n.slice(0, end)
}

/// The vote recorded with a resolution: in its parenthesis ("(7:7 and on
/// the chairs casting vote)") or in the block before it.
fn vote_for(paren: Option<&str>, blocks: &[Block], i: usize) -> Option<Vote> {
    if let Some(p) = paren
        && let Some(v) = read_vote(p)
    {
        return Some(v);
    }
    let here = read_vote(&blocks[i].norm.text);
    if here.is_some() {
        return here;
    }
    let prev = i.checked_sub(1).and_then(|k| blocks.get(k))?;
    let lower = prev.norm.text.to_lowercase();
    if lower.contains("vote") || lower.contains("voting") {
        return read_vote(&prev.norm.text);
    }
    None
}

fn number_in(re: &Regex, text: &str) -> Option<u32> {
    let c = re.captures(text)?;
    c.iter().skip(1).flatten().next()?.as_str().parse().ok()
}

/// Read a vote from text; `None` when nothing is recorded.
pub fn read_vote(text: &str) -> Option<Vote> {
    // A vote is recorded in figures, as "For: names", or as a casting vote.
    let figures = text.bytes().any(|b| b.is_ascii_digit());
    let named = text.contains(':');
    let casting = text
        .as_bytes()
        .windows(12)
        .any(|w| w.eq_ignore_ascii_case(b"casting vote"));
    if !(figures || named || casting) {
        return None;
    }
    let lower = text.to_lowercase();
    let mut v = Vote {
        casting_vote: lower.contains("casting vote"),
        ..Vote::default()
    };
    if !figures {
        // no counts to read
    } else if let Some(c) = COUNTS.captures(text.trim()) {
        v.for_ = c.get(1).and_then(|m| m.as_str().parse().ok());
        v.against = c.get(2).and_then(|m| m.as_str().parse().ok());
        v.abstain = c.get(3).and_then(|m| m.as_str().parse().ok());
    } else if let Some(c) = BY_VOTES.captures(text) {
        v.for_ = c.get(1).and_then(|m| m.as_str().parse().ok());
        v.against = c.get(2).and_then(|m| m.as_str().parse().ok());
        v.abstain = number_in(&ABSTAIN_N, text);
    } else {
        v.for_ = number_in(&FOR_N, text);
        v.against = number_in(&AGAINST_N, text);
        v.abstain = number_in(&ABSTAIN_N, text);
    }
    if lower.contains("carried") {
        v.outcome = Some(VoteOutcome::Carried);
    } else if lower.contains(" lost") || lower.contains(" fell") || lower.contains("was defeated") {
        v.outcome = Some(VoteOutcome::Lost);
    }
    for c in RECORDED.captures_iter(text).take_while(|_| named) {
        let (Some(how), Some(who)) = (c.get(1), c.get(2)) else {
            continue;
        };
        let choice = match how.as_str().to_lowercase().as_str() {
            "for" => VoteChoice::For,
            "against" => VoteChoice::Against,
            _ => VoteChoice::Abstain,
        };
        for name in who
            .as_str()
            .split([',', '&'])
            .flat_map(|s| s.split(" and "))
        {
            let name = name.trim();
            if crate::people::is_name(name) {
                v.recorded.push(RecordedVote {
                    name: name.to_owned(),
                    vote: choice,
                });
            }
        }
    }
    let any = v.for_.is_some() || v.against.is_some() || v.casting_vote || !v.recorded.is_empty();
    any.then_some(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blocks::blocks;
    use crate::segment::Piece;

    fn texts(lines: &[&str]) -> Vec<(Option<String>, String)> {
        let ps = Piece::lines(lines, true);
        resolutions(&blocks(&ps))
            .into_iter()
            .map(|f| (f.resolution.label, f.resolution.text))
            .collect()
    }

    #[test]
    fn one_line_and_next_paragraph() {
        assert_eq!(
            texts(&["RESOLVED: That the report be noted."]),
            vec![(None, "the report be noted.".into())]
        );
        assert_eq!(
            texts(&["RESOLVED:", "That the minutes be confirmed."]),
            vec![(None, "the minutes be confirmed.".into())]
        );
        assert_eq!(
            texts(&["Resolved to refuse the application."]),
            vec![(None, "to refuse the application.".into())]
        );
    }

    #[test]
    fn labelled_parts_and_nesting() {
        let got = texts(&[
            "RESOLVED: That",
            "- (1) the update be noted;",
            "- (2) the following be added to the work programme:",
            " - (a) a report on waiting times; and",
            " - (b) a site visit;",
            "- (3) the forward plan be noted.",
            "The meeting closed.",
        ]);
        assert_eq!(got.len(), 3);
        assert_eq!(got[0], (Some("(1)".into()), "the update be noted".into()));
        assert_eq!(
            got[1],
            (Some("(2)".into()), "the following be added to the work programme: (a) a report on waiting times; and (b) a site visit".into())
        );
        assert_eq!(
            got[2],
            (Some("(3)".into()), "the forward plan be noted.".into())
        );
    }

    #[test]
    fn a_stem_naming_the_body_is_dropped_and_a_substantive_one_kept() {
        let got = texts(&[
            "RESOLVED",
            "The Health Scrutiny Board:",
            "(i) Noted the report.",
        ]);
        assert_eq!(got, vec![(Some("(i)".into()), "Noted the report.".into())]);
        let got = texts(&[
            "Resolved: That the Committee supports the proposals to:",
            "a) open two homes;",
        ]);
        assert_eq!(
            got,
            vec![(
                Some("a)".into()),
                "the Committee supports the proposals to: open two homes".into()
            )]
        );
    }

    #[test]
    fn votes() {
        let ps = vec![Piece {
            norm: std::borrow::Cow::Owned(Norm::from_source(
                "Resolved (5:5 and on the Chair's casting vote) – that the application be approved.",
                0,
            )),
            ..Piece::default()
        }];
        let found = resolutions(&blocks(&ps));
        let vote = found[0].resolution.vote.clone().unwrap();
        assert_eq!(
            (vote.for_, vote.against, vote.casting_vote),
            (Some(5), Some(5), true)
        );
        assert_eq!(found[0].resolution.text, "the application be approved.");
        let v = read_vote("The motion was carried by 9 votes to 3 with 1 abstention.").unwrap();
        assert_eq!(
            (v.for_, v.against, v.abstain, v.outcome),
            (Some(9), Some(3), Some(1), Some(VoteOutcome::Carried))
        );
    }

    #[test]
    fn resolved_as_an_ordinary_word_is_not_a_resolution() {
        assert!(texts(&["The issues were resolved by the service."]).is_empty());
        assert!(texts(&["The complaint was resolved to the satisfaction of all."]).is_empty());
    }

    #[test]
    fn resolved_in_small_letters_after_the_body_resolving() {
        assert_eq!(
            texts(&["After debate the Panel resolved that the grant be renewed."]),
            vec![(None, "the grant be renewed.".into())]
        );
        assert_eq!(
            texts(&["It was resolved to defer the item."]),
            vec![(None, "to defer the item.".into())]
        );
        // a keyword in ordinary use does not hide the resolution after it
        assert_eq!(
            texts(&[
                "The leak was resolved last week. The Board resolved that the pump be replaced."
            ]),
            vec![(None, "the pump be replaced.".into())]
        );
    }
}
