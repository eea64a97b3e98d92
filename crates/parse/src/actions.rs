//! Actions: what the meeting asked someone to do.
//!
//! From resolutions: "the Assistant Director be requested to submit a report
//! to the next meeting", items added to the work programme, items put back
//! to a later meeting, meetings to be arranged, answers to be supplied,
//! recommendations to the executive. From the discussion: "Members
//! requested …", "a request for …", "X was asked to …", "The Clerk would …",
//! "… would be followed up", "it was agreed to …", "ACTION: …".
//! Offers and expectations ("could be submitted", "It was anticipated …")
//! are not actions.

use crate::blocks::Block;
use crate::dates::{find_dates, iso};
use crate::keywords::{Mentions, Word, has_word};
use crate::norm::Norm;
use crate::resolutions::Found as FoundResolution;
use chrono::NaiveDate;
use minutebook_record::{Action, ActionKind};
use regex::Regex;
use std::sync::LazyLock;

static REQUESTED_TO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<owner>.{3,120}?)\s+(?:be|is|are)\s+(?:requested|asked|invited|instructed|required|tasked|authorised)\s+to\s+(?P<what>.+)$")
        .expect("static regex")
});
static OWNER_VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<owner>(?i:officers)|(?i:the)\s+(?:[A-Z][\w’'&,-]*\s?){1,8})\s+(?:to\s+|should\s+|will\s+)?(?:draft|prepare|provide|submit|bring|circulate|report|write|investigate|arrange|produce|present|review|update|liaise|contact|explore|seek)(?-u:\b)")
        .expect("static regex")
});
static WORK_PROGRAMME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)work ?programme").expect("static regex"));
static ADDED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)be (?:added|included|scheduled|programmed|placed)(?-u:\b)")
        .expect("static regex")
});
static MOVED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)be (?:put back|deferred|moved|rescheduled|brought forward|postponed|carried forward|re-scheduled)(?-u:\b)")
        .expect("static regex")
});
static ARRANGED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:meeting|session|visit|workshop|briefing|seminar)(?-u:\b).*(?-u:\b)be (?:arranged|organised|held|convened|set up)(?-u:\b)")
        .expect("static regex")
});
static SUPPLIED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)be (?:supplied|provided|sent|circulated|forwarded|shared|given|reported back|brought back|submitted to (?:a|the) (?:future|next|following) meeting)(?-u:\b)")
        .expect("static regex")
});
static RECOMMEND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:recommends?|be recommended)\s+to\s+(?P<to>(?:the\s+)?(?:Cabinet|Council|Executive|Full Council|Leader|Cabinet Member[\w ,]*?))(?-u:\b)")
        .expect("static regex")
});
static MEMBERS_REQUESTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:Members|Councillors|[Tt]he (?:Committee|Panel|Board|Commission|Sub-Committee|Forum)|[Tt]hey|Councillor [A-Z][\w'-]+)\s+(?:also\s+|further\s+)?requested\s+(?:that\s+|for\s+|to\s+)?")
        .expect("static regex")
});
static IT_WAS_REQUESTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)it was (?:also |further )?(?:requested|asked) that\s+")
        .expect("static regex")
});
static BE_RECOMMENDED_TO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<owner>.{3,80}?)\s+be\s+recommended\s+to\s+(?P<what>.+)$")
        .expect("static regex")
});
static A_REQUEST_FOR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?-u:\b)a request (?:for|that)\s+").expect("static regex"));
static WAS_ASKED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<owner>(?:[Tt]he\s+)?[A-Z][\w’']*(?:\s+(?:[A-Z][\w’']*|of|and|for|the))*?)\s+(?:was|were)\s+(?:asked|requested|instructed)\s+to\s+")
        .expect("static regex")
});
static WOULD_DO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<owner>(?:[Tt]he\s+)?(?:Clerk|Chair|Chairman|Chairperson|Vice-Chair|Vice-Chairman|(?:[A-Z][\w’']*\s+)?(?:Head|Director) of(?:\s+(?:and\s+|&\s+)?[A-Z][\w’']*)+|[A-Z][\w’']*(?:\s+[A-Z][\w’']*)*\s+(?:Officer|Director|Manager|Clerk|Team|Lead|Adviser|Advisor))|Officers)\s+(?:would|agreed to|undertook to)\s+(?:meet|circulate|provide|report|write|send|arrange|investigate|look into|follow up|liaise|contact|update|share|confirm|check|bring)(?-u:\b)")
        .expect("static regex")
});
static WOULD_BE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)would be (?:followed up|circulated|provided|sent|shared|brought back|reported back|discussed at the next meeting|considered at the next meeting|added to the work ?programme|included (?:in|on) the work ?programme|investigated|looked into|presented to the next meeting)(?-u:\b)")
        .expect("static regex")
});
static REPORTED_THAT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<owner>(?:[Aa]n?|[Tt]he)\s+[\w’' ]{3,80}?)\s+(?:reported|advised|confirmed|agreed|undertook|explained|stated|said)\s+(?:that\s+)?")
        .expect("static regex")
});
static AGREED_TO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)it was (?:also |further )?agreed (?:that )?to (?:seek|write|invite|arrange|request|ask|provide|circulate|bring|report|add|include|hold|organise|establish|set up|defer|review|contact)(?-u:\b)")
        .expect("static regex")
});
static ACTION_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^ACTIONS?\s*[:–—-]\s*(?P<what>.+)$").expect("static regex"));
static DUE_MEETING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:to|at|for|by|before|until|in time for|from \w+ to)\s+(?P<due>(?:the|a|its|their)\s+(?:(?:next|following|future|subsequent|january|february|march|april|may|june|july|august|september|october|november|december)\s+)meeting(?:\s+of\s+the\s+(?:(?-i:[A-Z])[\w’']*\s?)+)?(?:\s*(?:on|in|,)\s+(?:\w+day\s+)?\d{1,2}(?:st|nd|rd|th)?\s+\w+\s+\d{4})?)")
        .expect("static regex")
});
static DUE_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:by|before|on|no later than|in)\s+(?P<due>(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:january|february|march|april|may|june|july|august|september|october|november|december)\s+\d{4})")
        .expect("static regex")
});
/// A request in the discussion has one of these words.
const REQUEST_WORDS: &[Word] = &[
    Word::Request,
    Word::Asked,
    Word::Would,
    Word::Agreed,
    Word::Undertook,
];
const NOT_ACTIONS: &[&str] = &[
    "an explanation",
    "clarification",
    "explanation",
    "details of what",
    "confirmation of whether",
];

/// Actions of an item, from its resolutions and its discussion.
pub fn actions(
    blocks: &[Block],
    resolutions: &[FoundResolution],
    meeting: Option<NaiveDate>,
) -> Vec<Action> {
    let mut out = Vec::new();
    for r in resolutions {
        out.extend(from_resolution(r, meeting));
    }
    let resolution_blocks: Vec<usize> = resolutions.iter().map(|r| r.block).collect();
    let resolved: Vec<Vec<String>> = out.iter().map(|a| words(&a.text)).collect();
    for k in 0..blocks.len() {
        if resolution_blocks.contains(&k) {
            continue;
        }
        for a in from_discussion(blocks, k, meeting) {
            if !repeats_a_resolution(&resolved, &a) && !out.iter().any(|o| o.text == a.text) {
                out.push(a);
            }
        }
    }
    out
}

fn from_resolution(r: &FoundResolution, meeting: Option<NaiveDate>) -> Vec<Action> {
    let label = r.resolution.label.clone();
    let text = &r.text;
    let noted = text.text.contains(" be noted");
    if WORK_PROGRAMME.is_match(&text.text) && ADDED.is_match(&text.text) && !r.subparts.is_empty() {
        return r
            .subparts
            .iter()
            .filter_map(|sub| {
                clause_action(sub, meeting)
                    .or_else(|| Some(plain(sub, ActionKind::WorkProgramme, meeting)))
            })
            .map(|mut a| {
                a.kind = Some(ActionKind::WorkProgramme);
                a.from_resolution.clone_from(&label);
                a
            })
            .collect();
    }
    let mut action = clause_action(text, meeting);
    if action.is_none()
        && let Some(c) = BE_RECOMMENDED_TO.captures(&text.text)
        && let (Some(owner), Some(what)) = (c.name("owner"), c.name("what"))
    {
        let mut a = plain(
            &text.slice(what.start(), what.end()),
            ActionKind::Recommendation,
            meeting,
        );
        a.owner = Some(strip_the(owner.as_str()));
        action = Some(a);
    }
    if action.is_none() {
        action = if MOVED.is_match(&text.text)
            || !noted && WORK_PROGRAMME.is_match(&text.text) && ADDED.is_match(&text.text)
        {
            Some(plain(text, ActionKind::WorkProgramme, meeting))
        } else if ARRANGED.is_match(&text.text) {
            Some(plain(text, ActionKind::Meeting, meeting))
        } else if let Some(c) = RECOMMEND.captures(&text.text) {
            let mut a = plain(text, ActionKind::Recommendation, meeting);
            a.owner = c.name("to").map(|m| strip_the(m.as_str()));
            Some(a)
        } else if SUPPLIED.is_match(&text.text) {
            Some(plain(
                text,
                kind_of(&text.text, ActionKind::Request),
                meeting,
            ))
        } else if let Some(c) = OWNER_VERB.captures(&text.text) {
            let mut a = plain(text, kind_of(&text.text, ActionKind::Other), meeting);
            a.owner = c.name("owner").map(|m| strip_the(m.as_str()));
            Some(a)
        } else {
            None
        };
    }
    action
        .map(|mut a| {
            a.from_resolution.clone_from(&label);
            a
        })
        .into_iter()
        .collect()
}

/// "the Director be requested to submit …": owner and verb phrase.
fn clause_action(text: &Norm, meeting: Option<NaiveDate>) -> Option<Action> {
    let c = REQUESTED_TO.captures(&text.text)?;
    let (owner, what) = (c.name("owner")?, c.name("what")?);
    let owner_text = owner.as_str();
    if owner_text.split_whitespace().count() > 14 || owner_text.contains(" be ") {
        return None;
    }
    let what_norm = text.slice(what.start(), what.end());
    let mut a = plain(
        &what_norm,
        kind_of(what.as_str(), ActionKind::Request),
        meeting,
    );
    a.owner = Some(strip_the(owner_text));
    Some(a)
}

fn strip_the(s: &str) -> String {
    let s = s
        .trim()
        .trim_start_matches("that ")
        .trim_start_matches("That ");
    s.strip_prefix("the ")
        .or_else(|| s.strip_prefix("The "))
        .unwrap_or(s)
        .trim()
        .to_owned()
}

fn kind_of(text: &str, otherwise: ActionKind) -> ActionKind {
    let lower = text.to_lowercase();
    if [
        "report",
        "update",
        "briefing",
        "figures",
        "information",
        "data",
        "presentation",
    ]
    .iter()
    .any(|w| lower.contains(w))
    {
        ActionKind::Report
    } else {
        otherwise
    }
}

/// An action whose text is the clause as written.
fn plain(text: &Norm, kind: ActionKind, meeting: Option<NaiveDate>) -> Action {
    let t = text.text.trim_end_matches(['.', ';', ',']).trim_end();
    let t = t.strip_suffix(" and").unwrap_or(t);
    let (due_text, due_date) = due(t, meeting);
    Action {
        text: t.to_owned(),
        owner: None,
        due_date,
        due_text,
        kind: Some(kind),
        from_resolution: None,
        span: text.span_of(0, t.len()),
    }
}

/// When an action is due: "the next meeting of the Committee on 6 March
/// 2023" (a date printed is certain), "the April meeting", "by 1 May 2025".
pub fn due(text: &str, meeting: Option<NaiveDate>) -> (Option<String>, Option<String>) {
    if has_word(text.as_bytes(), b"meeting")
        && let Some(m) = DUE_MEETING.captures(text).and_then(|c| c.name("due"))
    {
        let phrase = m.as_str().trim_end_matches([',', '.']).to_owned();
        let date = find_dates(&phrase, meeting.map(|d| chrono::Datelike::year(&d)))
            .into_iter()
            .find(|d| d.year_printed)
            .map(|d| iso(d.date));
        return (Some(phrase), date);
    }
    // a date due has a year in figures
    let figures = text.bytes().any(|b| b.is_ascii_digit())
        || !text.is_ascii() && text.chars().any(char::is_numeric);
    if figures && let Some(m) = DUE_DATE.captures(text).and_then(|c| c.name("due")) {
        let date = find_dates(m.as_str(), None)
            .into_iter()
            .next()
            .map(|d| iso(d.date));
        return (Some(m.as_str().to_owned()), date);
    }
    (None, None)
}

/// Whether a request in the discussion repeats an action of a resolution
/// (`resolved`: the words of each).
fn repeats_a_resolution(resolved: &[Vec<String>], discussed: &Action) -> bool {
    if resolved.is_empty() {
        return false;
    }
    let w = words(&discussed.text);
    resolved.iter().any(|r| jaccard(r, &w) >= 0.3)
}

/// The distinct words of `s` longer than two bytes, in small letters, sorted.
fn words(s: &str) -> Vec<String> {
    let mut out: Vec<String> = s
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() > 2)
        .map(str::to_owned)
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Jaccard similarity of two sorted sets of words.
fn jaccard(a: &[String], b: &[String]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut inter) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                inter += 1;
                i += 1;
                j += 1;
            }
        }
    }
    inter as f64 / (a.len() + b.len() - inter) as f64
}

/// Sentences of a block, as byte ranges.
fn sentences(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for i in 0..bytes.len() {
        let end_here = matches!(bytes[i], b'.' | b'?' | b'!')
            && (i + 1 == bytes.len() || bytes[i + 1] == b' ');
        if end_here && !abbreviation_before(text, i) {
            out.push((start, i + 1));
            start = i + 1;
        }
    }
    if start < text.len() {
        out.push((start, text.len()));
    }
    out
}

fn abbreviation_before(text: &str, dot: usize) -> bool {
    let word = text[..dot].rsplit(' ').next().unwrap_or("");
    word.len() <= 2 && word.chars().next().is_some_and(char::is_uppercase)
        || [
            "Mr", "Mrs", "Ms", "Dr", "No", "Cllr", "St", "e.g", "i.e", "etc",
        ]
        .contains(&word)
}

fn from_discussion(blocks: &[Block], k: usize, meeting: Option<NaiveDate>) -> Vec<Action> {
    let block = &blocks[k];
    let text = &block.norm;
    if text.text.starts_with("ACTION")
        && let Some(c) = ACTION_LINE.captures(&text.text)
        && let Some(what) = c.name("what")
    {
        return vec![plain(
            &text.slice(what.start(), what.end()),
            ActionKind::Request,
            meeting,
        )];
    }
    let mut out = Vec::new();
    if !block.mentions.any(REQUEST_WORDS) {
        return out;
    }
    for (s, e) in sentences(&text.text) {
        let sentence = text.slice(s, e);
        if let Some(a) = discussion_sentence(&sentence, blocks, k, meeting) {
            out.push(a);
        }
    }
    out
}

fn discussion_sentence(
    sentence: &Norm,
    blocks: &[Block],
    k: usize,
    meeting: Option<NaiveDate>,
) -> Option<Action> {
    let t = sentence.text.as_str();
    if !Mentions::of(t).any(REQUEST_WORDS) {
        return None;
    }
    let lower = t.to_lowercase();
    if [
        "it was anticipated",
        "it was hoped",
        "it was expected",
        "it was likely",
    ]
    .iter()
    .any(|p| lower.starts_with(p))
        || lower.contains(" could ")
    {
        return None;
    }
    if let Some(m) = MEMBERS_REQUESTED.find(t) {
        let what = cut_dash(&sentence.slice(m.end(), t.len()));
        if NOT_ACTIONS
            .iter()
            .any(|n| what.text.to_lowercase().starts_with(n))
            || what.text.split_whitespace().count() < 3
        {
            return None;
        }
        let what = with_sublist(what, blocks, k);
        return Some(plain(&what, ActionKind::Request, meeting));
    }
    if let Some(m) = IT_WAS_REQUESTED.find(t) {
        let what = cut_dash(&sentence.slice(m.end(), t.len()));
        return Some(plain(&what, ActionKind::Request, meeting));
    }
    if let Some(m) = A_REQUEST_FOR.find(t) {
        let what = cut_dash(&sentence.slice(m.end(), t.len()));
        return Some(plain(&what, ActionKind::Request, meeting));
    }
    if let Some(c) = WAS_ASKED.captures(t)
        && let Some(owner) = c.name("owner")
        && !is_the_meeting(owner.as_str())
    {
        let mut a = plain(
            &sentence.slice(owner.start(), t.len()),
            ActionKind::Request,
            meeting,
        );
        a.owner = Some(strip_the(owner.as_str()));
        return Some(a);
    }
    if let Some(c) = WOULD_DO.captures(t)
        && let Some(owner) = c.name("owner")
    {
        let mut a = plain(
            &sentence.slice(owner.start(), t.len()),
            ActionKind::Request,
            meeting,
        );
        a.owner = Some(owner.as_str().to_owned());
        return Some(a);
    }
    if WOULD_BE.is_match(t) && !lower.contains("it was noted") {
        let (start, owner) = match REPORTED_THAT.captures(t) {
            Some(c) => (
                c.get(0).map_or(0, |m| m.end()),
                c.name("owner").map(|o| o.as_str().to_owned()),
            ),
            None => (0, None),
        };
        let mut a = plain(
            &sentence.slice(start, t.len()),
            ActionKind::Request,
            meeting,
        );
        a.owner = owner;
        return Some(a);
    }
    if let Some(m) = AGREED_TO.find(t) {
        let from = t[..m.start()].len();
        return Some(plain(
            &sentence.slice(from, t.len()),
            ActionKind::Request,
            meeting,
        ));
    }
    None
}

/// Whether a phrase names the meeting itself ("The Committee", "Members").
fn is_the_meeting(owner: &str) -> bool {
    let lower = owner.to_lowercase();
    let lower = lower.trim_start_matches("the ");
    [
        "committee",
        "members",
        "panel",
        "board",
        "sub-committee",
        "commission",
        "forum",
        "councillors",
        "meeting",
    ]
    .iter()
    .any(|w| lower == *w || lower.ends_with(&format!(" {w}")))
}

/// "… – it was recognised …": the request ends at a dash.
fn cut_dash(n: &Norm) -> Norm {
    match n.text.find(" – ").or_else(|| n.text.find(" - ")) {
        Some(at) => n.slice(0, at),
        None => n.clone(),
    }
}

/// "requested an update on the following:" takes the list below it.
fn with_sublist(mut what: Norm, blocks: &[Block], k: usize) -> Norm {
    if !what.text.trim_end().ends_with(':') {
        return what;
    }
    let own = blocks[k].bullet;
    for b in &blocks[k + 1..] {
        let nested = match own {
            Some(glyph) => b.is_entry() && b.bullet != Some(glyph),
            None => b.is_entry(),
        };
        if !nested {
            break;
        }
        what.push_spaced(&b.norm);
    }
    what
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blocks::blocks;
    use crate::resolutions::resolutions;
    use crate::segment::Piece;

    fn run(lines: &[&str]) -> Vec<Action> {
        let ps = Piece::lines(lines, true);
        let bs = blocks(&ps);
        let rs = resolutions(&bs);
        actions(&bs, &rs, NaiveDate::from_ymd_opt(2025, 1, 14))
    }

    #[test]
    fn requested_to_report_to_the_next_meeting() {
        let got = run(&[
            "RESOLVED: That",
            "(1) the report be noted; and",
            "(2) the Head of Housing be requested to submit a report on voids to the next meeting of the Committee on 11 March 2025.",
        ]);
        assert_eq!(got.len(), 1);
        let a = &got[0];
        assert_eq!(a.owner.as_deref(), Some("Head of Housing"));
        assert_eq!(
            a.text,
            "submit a report on voids to the next meeting of the Committee on 11 March 2025"
        );
        assert_eq!(a.due_date.as_deref(), Some("2025-03-11"));
        assert_eq!(
            a.due_text.as_deref(),
            Some("the next meeting of the Committee on 11 March 2025")
        );
        assert_eq!(a.kind, Some(ActionKind::Report));
        assert_eq!(a.from_resolution.as_deref(), Some("(2)"));
    }

    #[test]
    fn deferrals_and_meetings_to_arrange() {
        let got = run(&[
            "Resolved: That the item on libraries be put back from March to the May meeting.",
        ]);
        assert_eq!(got[0].kind, Some(ActionKind::WorkProgramme));
        assert_eq!(got[0].due_text.as_deref(), Some("the May meeting"));
        assert_eq!(got[0].due_date, None);
        let got = run(&["Resolved: That a site visit be arranged."]);
        assert_eq!(got[0].kind, Some(ActionKind::Meeting));
    }

    #[test]
    fn undertakings_by_the_chair_and_by_heads_of_service() {
        let got = run(&[
            "The Chair agreed to write to the water company about the flooding. The Head of Parks and Leisure undertook to circulate the survey results. Members agreed to note the update.",
        ]);
        let owners: Vec<_> = got.iter().map(|a| a.owner.as_deref()).collect();
        assert_eq!(
            owners,
            vec![Some("The Chair"), Some("The Head of Parks and Leisure")]
        );
        assert_eq!(
            got[1].text,
            "The Head of Parks and Leisure undertook to circulate the survey results"
        );
    }

    #[test]
    fn discussion_requests_but_not_offers() {
        let got = run(&[
            "Members requested a breakdown of exclusions by school – this might need a private session. It was noted the service could report again.",
        ]);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].text, "a breakdown of exclusions by school");
        assert_eq!(got[0].kind, Some(ActionKind::Request));
        assert!(run(&["Members requested an explanation of the delay."]).is_empty());
    }

    #[test]
    fn a_request_repeated_in_a_resolution_is_one_action() {
        let got = run(&[
            "A report on waiting lists for the next meeting was requested by Members. Members requested a report on waiting lists at the next meeting.",
            "RESOLVED: That the Director be requested to submit a report on waiting lists to the next meeting.",
        ]);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].owner.as_deref(), Some("Director"));
    }
}
