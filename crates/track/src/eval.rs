//! The tracker measured against known truth: the synthetic generator
//! (`minutebook-synth`) knows what became of every action it raised
//! (addressed, deferred, dropped, or still open) and where. [`truth`]
//! collects that, [`records`] files the generated records as the archive
//! would, and [`score`] compares the tracker's statuses and `addressed`
//! links with the truth.
//!
//! Truth statuses map to the tracker's: `addressed` → addressed,
//! `deferred` → moved, `dropped` → dropped, `open` → open, due or overdue
//! (the *coarse* comparison). The *fine* one also splits `open`: overdue
//! when its due meeting is in the corpus, due when it was due at a meeting
//! the corpus does not have ("the next meeting" after the last), open when
//! nothing said when.

use minutebook_record::Meeting;
use minutebook_store::ids;
use minutebook_store::tracking::{ActionLink, ActionStatus, ArchivedMeeting, TrackedAction};
use minutebook_synth::{GeneratedMeeting, Outcome};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

/// One action of the truth.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TruthAction {
    /// `authority/date/item`: the item both sides share.
    pub key: String,
    /// What was asked (to pair actions within an item).
    pub text: String,
    /// The synthetic id.
    pub id: String,
    /// `open`, `addressed`, `deferred` or `dropped`.
    pub status: String,
    /// The status the tracker should give.
    pub expected: ActionStatus,
    /// Where it was addressed: (date, item number slug).
    pub addressed: Option<(String, String)>,
}

/// The truth of generated meetings (all of a corpus, in the generator's
/// order): every action raised, and what became of it.
pub fn truth(generated: &[GeneratedMeeting]) -> Vec<TruthAction> {
    let mut last: HashMap<(&str, &str), &str> = HashMap::new();
    for g in generated {
        if let Some(d) = g.meeting.date.as_deref() {
            let e = last
                .entry((&g.council_slug, &g.committee_slug))
                .or_insert(d);
            *e = (*e).max(d);
        }
    }
    let mut fate: HashMap<&str, (&Outcome, String, String)> = HashMap::new();
    for g in generated {
        for f in &g.follow_ups {
            let number = g
                .meeting
                .items
                .get(f.item)
                .and_then(|i| i.number.as_deref())
                .unwrap_or("");
            let date = g.meeting.date.clone().unwrap_or_default();
            fate.entry(&f.action_id)
                .or_insert((&f.outcome, date, ids::slug(number)));
        }
    }
    let mut out = Vec::new();
    for g in generated {
        let date = g.meeting.date.as_deref().unwrap_or("");
        let later = last
            .get(&(g.council_slug.as_str(), g.committee_slug.as_str()))
            .is_some_and(|l| *l > date);
        for a in &g.actions {
            let Some(item) = g.meeting.items.get(a.item) else {
                continue;
            };
            let Some(action) = item.actions.get(a.action) else {
                continue;
            };
            let number = ids::slug(item.number.as_deref().unwrap_or(""));
            let (status, expected, addressed) = match fate.get(a.id.as_str()) {
                Some((Outcome::Addressed, d, i)) => (
                    "addressed",
                    ActionStatus::Addressed,
                    Some((d.clone(), i.clone())),
                ),
                Some((Outcome::Deferred { .. }, _, _)) => ("deferred", ActionStatus::Moved, None),
                Some((Outcome::Dropped, _, _)) => ("dropped", ActionStatus::Dropped, None),
                None if action.due_text.is_none() => ("open", ActionStatus::Open, None),
                None if later => ("open", ActionStatus::Overdue, None),
                None => ("open", ActionStatus::Due, None),
            };
            out.push(TruthAction {
                key: format!("{}/{date}/{number}", g.council_slug),
                text: action.text.clone(),
                id: a.id.clone(),
                status: status.to_owned(),
                expected,
                addressed,
            });
        }
    }
    out
}

/// The generated meetings' full records, by authority, as the archive
/// would file them (the council named, as `ingest --authority-from-dir`
/// names it).
pub fn records(generated: &[GeneratedMeeting]) -> BTreeMap<String, Vec<ArchivedMeeting>> {
    let mut out: BTreeMap<String, Vec<ArchivedMeeting>> = BTreeMap::new();
    for g in generated {
        let mut m = g.meeting.clone();
        m.authority = Some(g.council_slug.clone());
        out.entry(g.council_slug.clone())
            .or_default()
            .push(archived(m));
    }
    out
}

/// The tracker's actions and links over the generated records, computed
/// as of `today`.
pub fn track_records(
    generated: &[GeneratedMeeting],
    today: chrono::NaiveDate,
) -> (Vec<TrackedAction>, Vec<ActionLink>) {
    let mut actions = Vec::new();
    let mut links = Vec::new();
    for (authority, meetings) in records(generated) {
        let snap = crate::compute(&authority, &meetings, &[], today);
        actions.extend(snap.actions);
        links.extend(snap.links);
    }
    (actions, links)
}

/// A record as the archive would file it.
pub fn archived(meeting: Meeting) -> ArchivedMeeting {
    let id = ids::meeting_id(&meeting, meeting.source.sha256.as_deref().unwrap_or(""));
    let authority = ids::authority_id(meeting.authority.as_deref());
    ArchivedMeeting {
        committee_id: ids::committee_id(&authority, meeting.committee.as_deref()),
        ids: ids::assign(&id, &meeting),
        id,
        meeting,
    }
}

/// `authority/date/item` of an archive action id
/// (`authority/committee/date/item/aN`).
fn key_of(id: &str) -> Option<String> {
    let parts: Vec<&str> = id.split('/').collect();
    let [authority, _, date, item, _] = parts.as_slice() else {
        return None;
    };
    Some(format!("{authority}/{date}/{item}"))
}

/// Pairs truth actions with the tracker's, item by item, by their words
/// (a parser may list an item's actions in another order).
fn pair<'a>(truth: &[TruthAction], actions: &'a [TrackedAction]) -> Vec<Option<&'a TrackedAction>> {
    let mut by_item: HashMap<String, Vec<&'a TrackedAction>> = HashMap::new();
    for a in actions {
        if let Some(k) = key_of(&a.id) {
            by_item.entry(k).or_default().push(a);
        }
    }
    let mut used: std::collections::HashSet<&str> = std::collections::HashSet::new();
    truth
        .iter()
        .map(|t| {
            let words = crate::text::subject(&t.text);
            let cands = by_item.get(&t.key)?;
            let best = cands
                .iter()
                .filter(|a| !used.contains(a.id.as_str()))
                .map(|a| {
                    (
                        crate::text::jaccard(&words, &crate::text::subject(&a.text)),
                        *a,
                    )
                })
                .max_by(|x, y| x.0.total_cmp(&y.0))?;
            (best.0 > 0.3 || t.text == best.1.text).then(|| {
                used.insert(&best.1.id);
                best.1
            })
        })
        .collect()
}

/// The comparison.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scores {
    /// Actions in the truth.
    pub truth: usize,
    /// Of those, found among the tracker's actions.
    pub matched: usize,
    /// Matched actions whose coarse status is right.
    pub coarse_correct: usize,
    /// Matched actions whose fine status is right.
    pub fine_correct: usize,
    /// `addressed` links the tracker made (on matched actions).
    pub addressed_predicted: usize,
    /// `addressed` links in the truth.
    pub addressed_truth: usize,
    /// Links made to the right meeting and item.
    pub addressed_correct: usize,
    /// (expected, given) → count, fine statuses.
    pub confusion: BTreeMap<(String, String), usize>,
}

impl Scores {
    fn ratio(a: usize, b: usize) -> f64 {
        if b == 0 { 1.0 } else { a as f64 / b as f64 }
    }
    /// Precision of `addressed` links.
    pub fn precision(&self) -> f64 {
        Self::ratio(self.addressed_correct, self.addressed_predicted)
    }
    /// Recall of `addressed` links.
    pub fn recall(&self) -> f64 {
        Self::ratio(self.addressed_correct, self.addressed_truth)
    }
    /// Coarse status accuracy over the truth's actions (unmatched ones count
    /// as wrong).
    pub fn coarse_accuracy(&self) -> f64 {
        Self::ratio(self.coarse_correct, self.truth)
    }
    /// Fine status accuracy over the truth's actions.
    pub fn fine_accuracy(&self) -> f64 {
        Self::ratio(self.fine_correct, self.truth)
    }
    /// The figures, readable.
    pub fn report(&self) -> String {
        let mut s = format!(
            "actions {} (matched {}), addressed links: precision {:.3} ({}/{}), recall {:.3} ({}/{})\n\
             status accuracy: coarse {:.3}, fine {:.3}\n",
            self.truth,
            self.matched,
            self.precision(),
            self.addressed_correct,
            self.addressed_predicted,
            self.recall(),
            self.addressed_correct,
            self.addressed_truth,
            self.coarse_accuracy(),
            self.fine_accuracy()
        );
        for ((e, g), n) in &self.confusion {
            if e != g {
                let _ = writeln!(s, "  expected {e}, got {g}: {n}");
            }
        }
        s
    }
}

fn coarse(s: ActionStatus) -> ActionStatus {
    match s {
        ActionStatus::Due | ActionStatus::Overdue => ActionStatus::Open,
        other => other,
    }
}

/// Scores the tracker's actions and links against the truth.
pub fn score(truth: &[TruthAction], actions: &[TrackedAction], links: &[ActionLink]) -> Scores {
    let paired = pair(truth, actions);
    let mut addressed_by: HashMap<&str, (String, String)> = HashMap::new();
    for l in links.iter().filter(|l| l.kind == "addressed-by") {
        let item = l
            .item_id
            .as_deref()
            .and_then(|i| i.rsplit('/').next())
            .unwrap_or_default();
        addressed_by.insert(
            &l.action_id,
            (l.date.clone().unwrap_or_default(), item.to_owned()),
        );
    }
    let mut s = Scores {
        truth: truth.len(),
        ..Scores::default()
    };
    for (t, a) in truth.iter().zip(paired) {
        s.addressed_truth += usize::from(t.addressed.is_some());
        let Some(a) = a else {
            *s.confusion
                .entry((t.expected.as_str().into(), "missing".into()))
                .or_default() += 1;
            continue;
        };
        s.matched += 1;
        let given = a.computed_status;
        s.coarse_correct += usize::from(coarse(given) == coarse(t.expected));
        s.fine_correct += usize::from(given == t.expected);
        *s.confusion
            .entry((t.expected.as_str().into(), given.as_str().into()))
            .or_default() += 1;
        if given == ActionStatus::Addressed
            && let Some(link) = addressed_by.get(a.id.as_str())
        {
            s.addressed_predicted += 1;
            s.addressed_correct += usize::from(t.addressed.as_ref() == Some(link));
        }
    }
    s
}
