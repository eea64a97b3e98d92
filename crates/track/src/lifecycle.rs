//! The action lifecycle: for every action a committee raised, when it is
//! due and what became of it.
//!
//! Meetings are read in date order and the first decisive event wins:
//! - **addressed**, by an explicit citation of the minute that raised it
//!   (confidence 95 when the cited item or resolution singles it out, 85 when
//!   its subject does, 75 for a dated citation without a minute), or, at the
//!   meeting it was due at, by an item whose title says it brings it back
//!   ("… – Update", "Progress Report on …") and names its subject (60);
//! - **moved**, by a later work-programme decision that puts its subject
//!   back to another meeting: the new action carries it on (80);
//! - **dropped**, by a decision removing its subject from the work
//!   programme (80);
//! - a **recommendation to the executive** is due two months after the
//!   meeting (the statutory time for a response) and is addressed by a later
//!   item, in any committee of the authority, that records the executive's
//!   response to it (75 when it cites the meeting, 65 on its subject).
//!
//! Without such an event an action is **open** when nothing says when it
//! is due (or its deadline has not passed), **due** when it is due at a
//! meeting that is not in the archive (yet, or at all: a gap) and
//! **overdue** when its due meeting is in the archive or its deadline has
//! passed.

use crate::export;
use crate::identity::Group;
use crate::references::{self, Resolved};
use crate::text::{self, covered, long_date, meeting_month, subject, two_months_after};
use chrono::{Datelike, NaiveDate};
use minutebook_record::{Action, ActionKind, Item, ItemKind};
use minutebook_store::tracking::{
    ActionLink, ActionStatus, ArchivedMeeting, ReferenceLink, TrackedAction,
};
use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

static DEFERRED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)be (?:put back|deferred|postponed|moved|rescheduled|carried forward|re-?scheduled)(?-u:\b)")
        .expect("static regex")
});
static DROPPED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)be (?:removed|deleted|withdrawn|taken off|dropped) from the (?:\w+ )?(?:forward )?work programme|(?-u:\b)no longer (?:be )?required(?-u:\b)")
        .expect("static regex")
});
static ITEM_ON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)item (?:on|about|regarding|concerning|relating to) (?:the )?(?P<s>.+?) be (?:put back|deferred|postponed|moved|rescheduled|carried forward|removed|deleted|withdrawn|taken off|dropped)(?-u:\b)")
        .expect("static regex")
});
static RETURN_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:update|progress|further report|follow[- ]up|report back|as requested|review of)(?-u:\b)")
        .expect("static regex")
});
static EXECUTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:cabinet|executive|leader|mayor)(?-u:\b)").expect("static regex")
});
static RESPONSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:response|responses|responded|respond|reply|replied)(?-u:\b)")
        .expect("static regex")
});

/// When an action is due.
#[derive(Debug, Clone, PartialEq)]
enum Due {
    /// Nothing says.
    None,
    /// At this meeting of the group (index), which is in the archive.
    Meeting(usize),
    /// At a meeting not in the archive: its date when known, and words.
    Missing {
        date: Option<String>,
        label: String,
        evidence: String,
    },
    /// By a date.
    Deadline(NaiveDate, String),
}

/// What decided an action's status.
#[derive(Debug, Clone)]
struct Event {
    status: ActionStatus,
    link: &'static str,
    at: Place,
    confidence: i64,
    evidence: String,
    /// For a move: the action that carries it on.
    to: Option<usize>,
}

/// One action being tracked.
struct Tracked<'a> {
    mi: usize,
    ii: usize,
    id: String,
    item_id: String,
    meeting: &'a ArchivedMeeting,
    item: &'a Item,
    action: &'a Action,
    date: Option<NaiveDate>,
    /// Subject words of the action's own text.
    core: BTreeSet<String>,
    /// Subject words of the raising item's title (a substantive item's).
    topic: BTreeSet<String>,
    /// Both.
    subject: BTreeSet<String>,
    executive: bool,
    due: Due,
    event: Option<Event>,
    moved_from: Option<usize>,
}

/// Where an action is due, for the work programme: (date, label, state
/// `held` | `gap` | `upcoming`, meeting id).
pub(crate) type DueAt = (Option<String>, String, String, Option<String>);

/// What the lifecycle works out for one group.
pub(crate) struct Lifecycle {
    pub(crate) actions: Vec<TrackedAction>,
    pub(crate) links: Vec<ActionLink>,
    pub(crate) references: Vec<ReferenceLink>,
    /// For the work programme, per action: where it is due.
    pub(crate) due: Vec<Option<DueAt>>,
    /// Where each action was addressed (meeting id).
    pub(crate) addressed_at: Vec<Option<String>>,
}

/// Tracks every action of a group.
pub(crate) fn track(group: &Group<'_>, all: &[ArchivedMeeting], today: NaiveDate) -> Lifecycle {
    let (references, resolved) = references::resolve(group);
    let mut tracked = collect(group);
    let known = known_dates(group);
    for t in tracked.iter_mut() {
        t.due = due(t, group, &known, today);
    }
    for mi in 0..group.meetings.len() {
        // Citations of a minute number are surest; work-programme decisions
        // name the subject they move or drop; citations of a date alone are
        // resolved among what is left.
        cited(&mut tracked, group, &resolved, mi, true);
        deferred(&mut tracked, group, mi);
        dropped(&mut tracked, group, mi);
        cited(&mut tracked, group, &resolved, mi, false);
        returned(&mut tracked, group, mi);
    }
    responses(&mut tracked, all);
    finish(group, tracked, references, today)
}

fn collect<'a>(group: &Group<'a>) -> Vec<Tracked<'a>> {
    let executive_group = EXECUTIVE.is_match(&group.name) && !group.name.contains("Scrutiny");
    let mut out = Vec::new();
    for (mi, m) in group.meetings.iter().enumerate() {
        for (ii, item) in m.meeting.items.iter().enumerate() {
            let Some(ids) = m.ids.items.get(ii) else {
                continue;
            };
            for (ai, action) in item.actions.iter().enumerate() {
                let Some(id) = ids.actions.get(ai) else {
                    continue;
                };
                let core = subject(&action.text);
                let topic = if item.kind == ItemKind::Substantive {
                    subject(&item.title)
                } else {
                    BTreeSet::new()
                };
                let subj = core.union(&topic).cloned().collect();
                let to_executive = action.kind == Some(ActionKind::Recommendation)
                    && EXECUTIVE.is_match(&format!(
                        "{} {}",
                        action.owner.as_deref().unwrap_or(""),
                        action.text
                    ));
                out.push(Tracked {
                    mi,
                    ii,
                    id: id.clone(),
                    item_id: ids.id.clone(),
                    meeting: m,
                    item,
                    action,
                    date: m.meeting.date.as_deref().and_then(text::date),
                    core,
                    topic,
                    subject: subj,
                    executive: to_executive && !executive_group,
                    due: Due::None,
                    event: None,
                    moved_from: None,
                });
            }
        }
    }
    out
}

/// Meetings the group's minutes mention that are not in the archive
/// (previous minutes, citations): date → where mentioned.
fn known_dates(group: &Group<'_>) -> BTreeMap<String, String> {
    let held: BTreeSet<&str> = group
        .meetings
        .iter()
        .filter_map(|m| m.meeting.date.as_deref())
        .collect();
    let mut out = BTreeMap::new();
    for m in &group.meetings {
        let Some(at) = m.meeting.date.as_deref() else {
            continue;
        };
        let prev = m
            .meeting
            .previous_minutes
            .as_ref()
            .and_then(|p| p.date.clone());
        let cited = m
            .meeting
            .items
            .iter()
            .flat_map(|i| &i.references)
            .filter_map(|r| r.meeting_date.clone());
        for d in prev.into_iter().chain(cited) {
            if !held.contains(d.as_str()) && d.as_str() < at {
                out.entry(d)
                    .or_insert_with(|| format!("mentioned in the minutes of {}", long_date(at)));
            }
        }
    }
    out
}

fn due(
    t: &Tracked<'_>,
    group: &Group<'_>,
    known: &BTreeMap<String, String>,
    today: NaiveDate,
) -> Due {
    let raised = t.meeting.meeting.date.as_deref().unwrap_or("");
    if t.executive
        && let Some(d) = t.date
    {
        return Due::Deadline(
            two_months_after(d),
            "two months (the executive's statutory time to respond)".into(),
        );
    }
    // "… be recommended to approve X at its next meeting": another body's
    // meeting, not this committee's.
    if t.action.kind == Some(ActionKind::Recommendation) && t.action.due_date.is_none() {
        return Due::None;
    }
    let phrase = t.action.due_text.as_deref().unwrap_or("");
    let lower = phrase.to_lowercase();
    let held = |date: &str| {
        group
            .meetings
            .iter()
            .position(|m| m.meeting.date.as_deref() == Some(date))
    };
    let latest = group
        .meetings
        .iter()
        .filter_map(|m| m.meeting.date.as_deref())
        .max();
    let missing = |date: Option<String>, label: String, why: Option<&String>| {
        let past = date.as_deref().is_some_and(|d| {
            latest.is_some_and(|l| d <= l) || text::date(d).is_some_and(|d| d <= today)
        });
        let evidence = match (&date, why) {
            (Some(d), Some(w)) => format!("{}, {w}, is not in the archive", long_date(d)),
            (Some(d), None) if past => references::gap_words(d),
            (Some(d), None) => format!("the meeting of {} is not in the archive yet", long_date(d)),
            (None, _) => format!("{label} is not in the archive yet"),
        };
        Due::Missing {
            date,
            label,
            evidence,
        }
    };
    if let Some(d) = t.action.due_date.as_deref() {
        if let Some(j) = held(d) {
            return Due::Meeting(j);
        }
        if lower.contains("meeting") || phrase.is_empty() {
            return missing(Some(d.to_owned()), label_or(phrase, d), known.get(d));
        }
        if let Some(nd) = text::date(d) {
            return Due::Deadline(nd, phrase.to_owned());
        }
    }
    if lower.contains("next meeting") {
        let next_held = group
            .meetings
            .iter()
            .enumerate()
            .skip(t.mi + 1)
            .find(|(_, m)| m.meeting.date.as_deref().is_some_and(|d| d > raised));
        let next_known = known
            .range(raised.to_owned()..)
            .find(|(d, _)| d.as_str() > raised);
        return match (next_held, next_known) {
            (Some((_, m)), Some((d, why)))
                if m.meeting.date.as_deref().is_some_and(|md| d.as_str() < md) =>
            {
                missing(Some(d.clone()), "the next meeting".into(), Some(why))
            }
            (Some((j, _)), _) => Due::Meeting(j),
            (None, Some((d, why))) => {
                missing(Some(d.clone()), "the next meeting".into(), Some(why))
            }
            (None, None) => missing(None, "the next meeting".into(), None),
        };
    }
    if let (Some(month), Some(d)) = (meeting_month(phrase), t.date) {
        let in_month = |date: &str| {
            text::date(date)
                .is_some_and(|x| x > d && x.month() == month && (x - d).num_days() <= 366)
        };
        if let Some(j) = group
            .meetings
            .iter()
            .position(|m| m.meeting.date.as_deref().is_some_and(in_month))
        {
            return Due::Meeting(j);
        }
        if let Some((date, why)) = known.iter().find(|(k, _)| in_month(k)) {
            return missing(Some(date.clone()), phrase.to_owned(), Some(why));
        }
        return missing(None, phrase.to_owned(), None);
    }
    Due::None
}

fn label_or(phrase: &str, date: &str) -> String {
    if phrase.is_empty() {
        format!("the meeting of {}", long_date(date))
    } else {
        phrase.to_owned()
    }
}

fn decide(t: &mut Tracked<'_>, e: Event) {
    if t.event.is_none() {
        t.event = Some(e);
    }
}

fn item_words(item: &Item) -> BTreeSet<String> {
    let mut s = subject(&item.title);
    s.extend(subject(item.minutes_text.as_deref().unwrap_or("")));
    s
}

/// Where a link points: meeting, item and date, each when known.
type Place = (Option<String>, Option<String>, Option<String>);

fn place(m: &ArchivedMeeting, ii: usize) -> Place {
    (
        Some(m.id.clone()),
        m.ids.items.get(ii).map(|i| i.id.clone()),
        m.meeting.date.clone(),
    )
}

fn where_words(m: &ArchivedMeeting, item: &Item) -> String {
    let date = m
        .meeting
        .date
        .as_deref()
        .map_or_else(|| "an undated meeting".into(), long_date);
    match &item.number {
        Some(n) => format!("item {n} ({}) of {date}", item.title),
        None => format!("{:?} of {date}", item.title),
    }
}

/// Explicit citations at meeting `mi` of earlier minutes: those with a
/// minute number, or those of a date alone.
fn cited(
    tracked: &mut [Tracked<'_>],
    group: &Group<'_>,
    resolved: &[Resolved<'_>],
    mi: usize,
    numbered: bool,
) {
    let m = group.meetings[mi];
    for r in resolved
        .iter()
        .filter(|r| r.meeting == mi && r.has_minute == numbered)
    {
        let Some(target) = r.target else { continue };
        let Some(item) = m.meeting.items.get(r.item) else {
            continue;
        };
        let open: Vec<usize> = (0..tracked.len())
            .filter(|&i| {
                let t = &tracked[i];
                t.event.is_none()
                    && t.mi < mi
                    && t.meeting.id == target.id
                    && r.target_item.is_none_or(|ti| ti == t.ii)
            })
            .collect();
        let labelled: Vec<usize> = open
            .iter()
            .copied()
            .filter(|&i| {
                r.label.as_ref().is_some_and(|l| {
                    tracked[i].action.from_resolution.as_deref().map(strip) == Some(strip(l))
                })
            })
            .collect();
        let words = item_words(item);
        let (pick, confidence) = if labelled.len() == 1 {
            (Some(labelled[0]), 95)
        } else if open.len() == 1 && r.target_item.is_some() {
            (Some(open[0]), 95)
        } else {
            // The action's own words decide; its item's title breaks ties.
            let best = best_by(&open, |i| {
                let t = &tracked[i];
                covered(&t.core, &words).max(covered(&t.topic, &words))
                    + 0.01 * covered(&t.subject, &words)
            });
            match best {
                Some((i, s)) if s >= 0.5 => (Some(i), if r.has_minute { 85 } else { 75 }),
                _ => (None, 0),
            }
        };
        let Some(i) = pick else { continue };
        let evidence = format!("{} cites it: {:?}", where_words(m, item), r.text);
        decide(
            &mut tracked[i],
            Event {
                status: ActionStatus::Addressed,
                link: "addressed-by",
                at: place(m, r.item),
                confidence,
                evidence,
                to: None,
            },
        );
    }
}

fn strip(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// The best candidate by score (the earliest of equals).
fn best_by(cands: &[usize], score: impl Fn(usize) -> f64) -> Option<(usize, f64)> {
    cands.iter().fold(None, |best, &i| {
        let s = score(i);
        match best {
            Some((_, b)) if b >= s => best,
            _ => Some((i, s)),
        }
    })
}

/// "the item on the X be put back …" → the subject words of X.
fn decision_subject(text: &str) -> BTreeSet<String> {
    match ITEM_ON.captures(text).and_then(|c| c.name("s")) {
        Some(s) => subject(s.as_str()),
        None => subject(text.split(" be ").next().unwrap_or(text)),
    }
}

/// The earlier action a work-programme decision at meeting `mi` is about:
/// its subject, not a request, undecided; those already due first, then the
/// oldest.
fn decided_about(
    tracked: &[Tracked<'_>],
    mi: usize,
    about: &BTreeSet<String>,
    not: Option<usize>,
) -> Option<usize> {
    let cands: Vec<usize> = (0..tracked.len())
        .filter(|&i| {
            let t = &tracked[i];
            Some(i) != not
                && t.event.is_none()
                && t.mi < mi
                && t.action.kind != Some(ActionKind::Request)
                && covered(about, &t.subject) >= 0.5
        })
        .collect();
    let due_now = |i: &usize| matches!(tracked[*i].due, Due::Meeting(j) if j <= mi);
    cands
        .iter()
        .copied()
        .find(due_now)
        .or_else(|| cands.first().copied())
}

/// Deferrals at meeting `mi`: a new action that puts an earlier one back.
fn deferred(tracked: &mut [Tracked<'_>], group: &Group<'_>, mi: usize) {
    let m = group.meetings[mi];
    for d in 0..tracked.len() {
        if tracked[d].mi != mi || !DEFERRED.is_match(&tracked[d].action.text) {
            continue;
        }
        let about = decision_subject(&tracked[d].action.text);
        let Some(i) = decided_about(tracked, mi, &about, Some(d)) else {
            continue;
        };
        let when = tracked[d]
            .action
            .due_text
            .clone()
            .unwrap_or_else(|| "a later meeting".into());
        let evidence = format!(
            "{} put it back to {when}: {:?}",
            where_words(m, tracked[d].item),
            tracked[d].action.text
        );
        let at = place(m, tracked[d].ii);
        decide(
            &mut tracked[i],
            Event {
                status: ActionStatus::Moved,
                link: "moved-to",
                at,
                confidence: 80,
                evidence,
                to: Some(d),
            },
        );
        tracked[d].moved_from = Some(i);
    }
}

/// Decisions at meeting `mi` removing a subject from the work programme.
fn dropped(tracked: &mut [Tracked<'_>], group: &Group<'_>, mi: usize) {
    let m = group.meetings[mi];
    for (ii, item) in m.meeting.items.iter().enumerate() {
        let texts = item
            .resolutions
            .iter()
            .map(|r| r.text.as_str())
            .chain(item.actions.iter().map(|a| a.text.as_str()));
        for text in texts.filter(|t| DROPPED.is_match(t)) {
            let about = decision_subject(text);
            let Some(i) = decided_about(tracked, mi, &about, None) else {
                continue;
            };
            let evidence = format!("{} removed it: {text:?}", where_words(m, item));
            decide(
                &mut tracked[i],
                Event {
                    status: ActionStatus::Dropped,
                    link: "dropped-by",
                    at: place(m, ii),
                    confidence: 80,
                    evidence,
                    to: None,
                },
            );
        }
    }
}

/// At the meeting an action is due at, an item whose title brings it back.
fn returned(tracked: &mut [Tracked<'_>], group: &Group<'_>, mi: usize) {
    let m = group.meetings[mi];
    for t in tracked.iter_mut() {
        if t.event.is_some() || t.due != Due::Meeting(mi) || t.mi >= mi {
            continue;
        }
        // An item that cites earlier minutes brings back what it cites.
        let hit = m.meeting.items.iter().enumerate().find(|(_, item)| {
            item.kind == ItemKind::Substantive
                && item.references.is_empty()
                && RETURN_CUE.is_match(&item.title)
                && !RETURN_CUE.is_match(&t.item.title)
                && covered(&subject(&item.title), &t.subject) >= 0.6
        });
        if let Some((ii, item)) = hit {
            let evidence = format!(
                "{} brings back its subject at the meeting it was due",
                where_words(m, item)
            );
            decide(
                t,
                Event {
                    status: ActionStatus::Addressed,
                    link: "addressed-by",
                    at: place(m, ii),
                    confidence: 60,
                    evidence,
                    to: None,
                },
            );
        }
    }
}

/// Recommendations to the executive: the first later item, in any
/// committee, recording the executive's response.
fn responses(tracked: &mut [Tracked<'_>], all: &[ArchivedMeeting]) {
    let mut later: Vec<&ArchivedMeeting> =
        all.iter().filter(|m| m.meeting.date.is_some()).collect();
    later.sort_by(|a, b| a.meeting.date.cmp(&b.meeting.date));
    for t in tracked
        .iter_mut()
        .filter(|t| t.executive && t.event.is_none())
    {
        let raised = t.meeting.meeting.date.clone();
        let hit = later
            .iter()
            .filter(|m| m.meeting.date > raised)
            .flat_map(|m| {
                m.meeting
                    .items
                    .iter()
                    .enumerate()
                    .map(move |(ii, i)| (*m, ii, i))
            })
            .find_map(|(m, ii, item)| {
                let body = format!(
                    "{} {}",
                    item.title,
                    item.minutes_text.as_deref().unwrap_or("")
                );
                if !RESPONSE.is_match(&body) || !EXECUTIVE.is_match(&body) {
                    return None;
                }
                let cites = item.references.iter().any(|r| r.meeting_date == raised);
                let on_subject = covered(&t.subject, &item_words(item)) >= 0.5;
                (cites || on_subject).then_some((m, ii, item, if cites { 75 } else { 65 }))
            });
        if let Some((m, ii, item, confidence)) = hit {
            let evidence = format!("{} records the executive's response", where_words(m, item));
            decide(
                t,
                Event {
                    status: ActionStatus::Addressed,
                    link: "response",
                    at: place(m, ii),
                    confidence,
                    evidence,
                    to: None,
                },
            );
        }
    }
}

fn finish(
    group: &Group<'_>,
    tracked: Vec<Tracked<'_>>,
    references: Vec<ReferenceLink>,
    today: NaiveDate,
) -> Lifecycle {
    let mut actions = Vec::new();
    let mut links = Vec::new();
    let mut due_out = Vec::new();
    let mut addressed_at = Vec::new();
    let numbers = export::numbers(tracked.iter().map(|t| {
        (
            t.meeting
                .meeting
                .committee
                .clone()
                .unwrap_or_else(|| group.name.clone()),
            t.date,
        )
    }));
    for (i, t) in tracked.iter().enumerate() {
        let mut own = Vec::new();
        let mut link = |kind: &str, at: Place, confidence: Option<i64>, evidence: String| {
            let (meeting_id, item_id, date) = at;
            own.push(ActionLink {
                action_id: t.id.clone(),
                position: i64::try_from(own.len()).unwrap_or(0),
                kind: kind.to_owned(),
                meeting_id,
                item_id,
                date,
                confidence,
                evidence,
            });
        };
        let (due_date, due_meeting, due_state, due_entry) = match &t.due {
            Due::None => (None, None, None, None),
            Due::Meeting(j) => {
                let m = group.meetings[*j];
                let label = m
                    .meeting
                    .date
                    .as_deref()
                    .map_or_else(|| m.id.clone(), long_date);
                let at = (Some(m.id.clone()), None, m.meeting.date.clone());
                link("due-at", at, None, format!("due at {label}"));
                let entry = (
                    m.meeting.date.clone(),
                    label,
                    "held".to_owned(),
                    Some(m.id.clone()),
                );
                (
                    m.meeting.date.clone(),
                    Some(m.id.clone()),
                    Some("archive"),
                    Some(entry),
                )
            }
            Due::Missing {
                date,
                label,
                evidence,
            } => {
                let past = date
                    .as_deref()
                    .and_then(text::date)
                    .is_some_and(|d| d <= today);
                let state = if past { "gap" } else { "upcoming" };
                link("gap", (None, None, date.clone()), None, evidence.clone());
                let entry = (date.clone(), label.clone(), state.to_owned(), None);
                (date.clone(), None, Some(state), Some(entry))
            }
            Due::Deadline(d, words) => {
                let iso = d.to_string();
                let label = format!("by {}", long_date(&iso));
                link(
                    "due-at",
                    (None, None, Some(iso.clone())),
                    None,
                    format!("due {label} ({words})"),
                );
                let state = if *d <= today { "gap" } else { "upcoming" };
                let entry = (Some(iso.clone()), label, state.to_owned(), None);
                (Some(iso), None, Some("deadline"), Some(entry))
            }
        };
        if let Some(from) = t.moved_from {
            let f = &tracked[from];
            let at = (
                Some(f.meeting.id.clone()),
                Some(f.item_id.clone()),
                f.meeting.meeting.date.clone(),
            );
            link(
                "moved-from",
                at,
                None,
                format!("carries on {}: {:?}", f.id, f.action.text),
            );
        }
        let (status, confidence, summary, moved_to) = match &t.event {
            Some(e) => {
                link(e.link, e.at.clone(), Some(e.confidence), e.evidence.clone());
                let to = e.to.map(|d| tracked[d].id.clone());
                (e.status, Some(e.confidence), e.evidence.clone(), to)
            }
            None => {
                let (s, why) = undecided(&t.due, today);
                (s, None, why, None)
            }
        };
        links.extend(own);
        addressed_at.push(
            t.event
                .as_ref()
                .filter(|e| e.status == ActionStatus::Addressed)
                .and_then(|e| e.at.0.clone()),
        );
        due_out.push(due_entry);
        actions.push(TrackedAction {
            id: t.id.clone(),
            authority_id: String::new(),
            group_id: group.id.clone(),
            meeting_id: t.meeting.id.clone(),
            item_id: t.item_id.clone(),
            raised_date: t.meeting.meeting.date.clone(),
            minute: minute(t),
            kind: t
                .action
                .kind
                .and_then(|k| minutebook_store::rows::enum_name(&k)),
            text: t.action.text.clone(),
            owner: t.action.owner.clone(),
            due_text: t.action.due_text.clone(),
            due_date,
            due_meeting_id: due_meeting,
            due_state: due_state.map(str::to_owned),
            computed_status: status,
            status,
            manual: false,
            confidence,
            reference: numbers[i].clone(),
            moved_from: t.moved_from.map(|f| tracked[f].id.clone()),
            moved_to,
            summary: Some(summary),
            created: None,
            modified: None,
        });
    }
    Lifecycle {
        actions,
        links,
        references,
        due: due_out,
        addressed_at,
    }
}

fn undecided(due: &Due, today: NaiveDate) -> (ActionStatus, String) {
    match due {
        Due::None => (
            ActionStatus::Open,
            "open: nothing says when it is due".into(),
        ),
        Due::Meeting(_) => (
            ActionStatus::Overdue,
            "overdue: its due meeting is in the archive and nothing has addressed it".into(),
        ),
        Due::Missing {
            label, evidence, ..
        } => (ActionStatus::Due, format!("due at {label}: {evidence}")),
        Due::Deadline(d, words) if *d < today => (
            ActionStatus::Overdue,
            format!("overdue: due by {} ({words})", long_date(&d.to_string())),
        ),
        Due::Deadline(d, words) => (
            ActionStatus::Open,
            format!("open: due by {} ({words})", long_date(&d.to_string())),
        ),
    }
}

/// "42 (4)": the item number and the resolution label.
fn minute(t: &Tracked<'_>) -> Option<String> {
    let n = t.item.number.clone()?;
    Some(match &t.action.from_resolution {
        Some(l) => format!("{n} {l}"),
        None => n,
    })
}
