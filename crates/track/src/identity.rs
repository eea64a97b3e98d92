//! Committee identity: which archive committees are one committee under
//! several names, and the aliases file users keep.
//!
//! A committee renamed to a new slug is a new archive committee. Two archive
//! committees of one authority are the same tracker committee when
//! - a user merged them, or gave one the other's name as an alias; or
//! - their dates follow each other (the older one's last meeting before the
//!   newer one's first, within 400 days) and either the newer one's early
//!   minutes name the older one ("Minutes of the Safeguarding Overview and
//!   Scrutiny Committee meeting held on 18 April 2024"), or their names are
//!   alike (half their words shared) and so are their members (half of the
//!   smaller membership, three people at least);
//!
//! and a user has not split them. Later decisions win over earlier ones.

use crate::text::{self, fold, jaccard};
use crate::{TrackError, people};
use minutebook_record::ItemKind;
use minutebook_store::ids;
use minutebook_store::tracking::{ArchivedMeeting, CommitteeDecision, TrackerCommittee};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// An archive committee as the tracker sees it.
#[derive(Debug, Clone)]
struct Info {
    id: String,
    name: String,
    first: Option<String>,
    last: Option<String>,
    members: HashSet<String>,
    /// Folded text of the previous-minutes items of its first two meetings.
    early_minutes: String,
}

/// A tracker committee: archive committees and their meetings, by date.
#[derive(Debug, Clone)]
pub struct Group<'a> {
    /// Its identifier: its latest archive committee.
    pub id: String,
    /// Its latest name.
    pub name: String,
    /// Its meetings, by date (undated last).
    pub meetings: Vec<&'a ArchivedMeeting>,
    /// How each archive committee belongs.
    pub members: Vec<TrackerCommittee>,
}

/// Groups an authority's meetings into tracker committees.
pub fn group<'a>(
    authority_id: &str,
    meetings: &'a [ArchivedMeeting],
    decisions: &[CommitteeDecision],
) -> Vec<Group<'a>> {
    let infos = infos(meetings);
    let (merges, splits, aliases) = decided(decisions);
    let mut uf = UnionFind::new(infos.keys().cloned());
    let mut how: HashMap<String, (String, String)> = HashMap::new();
    for (a, b) in &merges {
        if infos.contains_key(a) && infos.contains_key(b) {
            uf.union(a, b);
            how.insert(
                b.clone(),
                ("merged".into(), format!("merged with {a} by a user")),
            );
        }
    }
    for (target, name) in &aliases {
        let slug = ids::committee_id(authority_id, Some(name));
        if infos.contains_key(target) && infos.contains_key(&slug) && &slug != target {
            uf.union(target, &slug);
            how.insert(
                slug,
                ("alias".into(), format!("{name:?} is an alias of {target}")),
            );
        }
    }
    for (old, new, why) in renames(&infos) {
        let pair = (old.clone(), new.clone());
        let rev = (new.clone(), old.clone());
        if splits.contains(&pair) || splits.contains(&rev) {
            continue;
        }
        uf.union(&old, &new);
        how.entry(old).or_insert(("renamed".into(), why));
    }
    let mut sets: BTreeMap<String, Vec<&Info>> = BTreeMap::new();
    for info in infos.values() {
        sets.entry(uf.find(&info.id)).or_default().push(info);
    }
    sets.into_values()
        .map(|members| build(authority_id, members, meetings, &how))
        .collect()
}

fn build<'a>(
    authority_id: &str,
    mut members: Vec<&Info>,
    meetings: &'a [ArchivedMeeting],
    how: &HashMap<String, (String, String)>,
) -> Group<'a> {
    members.sort_by(|a, b| a.last.cmp(&b.last).then_with(|| a.id.cmp(&b.id)));
    let head = members.last().map(|i| (i.id.clone(), i.name.clone()));
    let (id, name) = head.unwrap_or_default();
    let ids: HashSet<&str> = members.iter().map(|i| i.id.as_str()).collect();
    let mut ms: Vec<&ArchivedMeeting> = meetings
        .iter()
        .filter(|m| ids.contains(m.committee_id.as_str()))
        .collect();
    ms.sort_by(|a, b| date_key(a).cmp(&date_key(b)).then_with(|| a.id.cmp(&b.id)));
    let rows = members
        .iter()
        .map(|i| {
            let (h, e) = if i.id == id {
                ("itself".to_owned(), None)
            } else {
                how.get(&i.id)
                    .map_or(("merged".to_owned(), None), |(h, e)| {
                        (h.clone(), Some(e.clone()))
                    })
            };
            TrackerCommittee {
                committee_id: i.id.clone(),
                authority_id: authority_id.to_owned(),
                group_id: id.clone(),
                name: i.name.clone(),
                first_date: i.first.clone(),
                last_date: i.last.clone(),
                how: h,
                evidence: e,
            }
        })
        .collect();
    Group {
        id,
        name,
        meetings: ms,
        members: rows,
    }
}

/// Dated meetings first, by date.
fn date_key(m: &ArchivedMeeting) -> (bool, String) {
    match &m.meeting.date {
        Some(d) => (false, d.clone()),
        None => (true, String::new()),
    }
}

fn infos(meetings: &[ArchivedMeeting]) -> BTreeMap<String, Info> {
    let mut by: BTreeMap<String, Vec<&ArchivedMeeting>> = BTreeMap::new();
    for m in meetings {
        by.entry(m.committee_id.clone()).or_default().push(m);
    }
    by.into_iter()
        .map(|(id, mut ms)| {
            ms.sort_by_key(|m| date_key(m));
            let dates: Vec<&String> = ms.iter().filter_map(|m| m.meeting.date.as_ref()).collect();
            let name = ms
                .iter()
                .rev()
                .find_map(|m| m.meeting.committee.clone())
                .unwrap_or_else(|| id.clone());
            let members = ms
                .iter()
                .flat_map(|m| people::members(&m.meeting))
                .map(|n| people::key(&n))
                .collect();
            let early_minutes = ms
                .iter()
                .take(2)
                .flat_map(|m| &m.meeting.items)
                .filter(|i| i.kind == ItemKind::PreviousMinutes)
                .map(|i| format!("{} {}", i.title, i.minutes_text.as_deref().unwrap_or("")))
                .map(|t| fold(&t))
                .collect::<Vec<_>>()
                .join(" ");
            let info = Info {
                first: dates.first().map(|d| (*d).clone()),
                last: dates.last().map(|d| (*d).clone()),
                id: id.clone(),
                name,
                members,
                early_minutes,
            };
            (id, info)
        })
        .collect()
}

/// The users' decisions, later ones winning: merged pairs, split pairs and
/// aliases (committee, name).
type Decided = (
    Vec<(String, String)>,
    HashSet<(String, String)>,
    Vec<(String, String)>,
);

fn decided(decisions: &[CommitteeDecision]) -> Decided {
    let mut pairs: BTreeMap<(String, String), bool> = BTreeMap::new();
    let mut aliases = Vec::new();
    let mut sorted: Vec<&CommitteeDecision> = decisions.iter().collect();
    sorted.sort_by_key(|d| d.seq);
    for d in sorted {
        let key = if d.committee_id <= d.other {
            (d.committee_id.clone(), d.other.clone())
        } else {
            (d.other.clone(), d.committee_id.clone())
        };
        match d.kind.as_str() {
            "merge" => {
                pairs.insert(key, true);
            }
            "split" => {
                pairs.insert(key, false);
            }
            "alias" => aliases.push((d.committee_id.clone(), d.other.clone())),
            _ => {}
        }
    }
    let merges = pairs
        .iter()
        .filter(|(_, m)| **m)
        .map(|(k, _)| k.clone())
        .collect();
    let splits = pairs
        .iter()
        .filter(|(_, m)| !**m)
        .map(|(k, _)| k.clone())
        .collect();
    (merges, splits, aliases)
}

/// Renames: (older, newer, evidence), at most one successor per committee
/// and one predecessor.
fn renames(infos: &BTreeMap<String, Info>) -> Vec<(String, String, String)> {
    let mut scored = Vec::new();
    for old in infos.values() {
        for new in infos.values() {
            if let Some((score, why)) = rename_score(old, new) {
                scored.push((score, old.id.clone(), new.id.clone(), why));
            }
        }
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let (mut has_next, mut has_prev) = (HashSet::new(), HashSet::new());
    let mut out = Vec::new();
    for (_, old, new, why) in scored {
        if has_next.contains(&old) || has_prev.contains(&new) {
            continue;
        }
        has_next.insert(old.clone());
        has_prev.insert(new.clone());
        out.push((old, new, why));
    }
    out
}

fn rename_score(old: &Info, new: &Info) -> Option<(f64, String)> {
    let (last, first) = (
        text::date(old.last.as_deref()?)?,
        text::date(new.first.as_deref()?)?,
    );
    let gap = (first - last).num_days();
    if old.id == new.id || gap <= 0 || gap > 400 {
        return None;
    }
    let folded_old = fold(&old.name);
    if folded_old.split(' ').count() >= 2 && new.early_minutes.contains(&folded_old) {
        let why = format!(
            "the first minutes of {:?} approve minutes of {:?} ({} → {})",
            new.name,
            old.name,
            old.last.as_deref().unwrap_or("?"),
            new.first.as_deref().unwrap_or("?")
        );
        return Some((2.0, why));
    }
    let names = jaccard(&words(&old.name), &words(&new.name));
    let shared = old.members.intersection(&new.members).count();
    let smaller = old.members.len().min(new.members.len());
    let members = if smaller == 0 {
        0.0
    } else {
        shared as f64 / smaller as f64
    };
    (names >= 0.5 && shared >= 3 && members >= 0.5).then(|| {
        let why = format!(
            "similar names ({:?} → {:?}), successive dates, {shared} members in common",
            old.name, new.name
        );
        (names + members, why)
    })
}

fn words(name: &str) -> BTreeSet<String> {
    fold(name)
        .split(' ')
        .filter(|w| !["and", "of", "the"].contains(w))
        .map(str::to_owned)
        .collect()
}

struct UnionFind {
    parent: HashMap<String, String>,
}

impl UnionFind {
    fn new(ids: impl Iterator<Item = String>) -> Self {
        Self {
            parent: ids.map(|i| (i.clone(), i)).collect(),
        }
    }
    fn find(&mut self, x: &str) -> String {
        let mut root = x.to_owned();
        while let Some(p) = self.parent.get(&root).filter(|p| **p != root) {
            root = p.clone();
        }
        let mut cur = x.to_owned();
        while cur != root {
            let next = self
                .parent
                .insert(cur.clone(), root.clone())
                .unwrap_or(root.clone());
            cur = next;
        }
        root
    }
    fn union(&mut self, a: &str, b: &str) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.parent.insert(hi, lo);
        }
    }
}

/// The aliases file: committee decisions users keep in TOML.
///
/// ```toml
/// [[merge]]
/// committees = ["northshire-council/scrutiny-panel", "northshire-council/scrutiny-committee"]
/// reason = "renamed in May 2024"
///
/// [[split]]
/// committees = ["northshire-council/audit-committee", "northshire-council/audit-and-risk-committee"]
///
/// [[alias]]
/// committee = "northshire-council/scrutiny-committee"
/// names = ["Overview and Scrutiny Board"]
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AliasesFile {
    /// Committees that are one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub merge: Vec<Pair>,
    /// Committees that are not one, whatever their names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub split: Vec<Pair>,
    /// Other names a committee is known by.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alias: Vec<Alias>,
}

/// Two or more committees, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pair {
    /// Archive committee identifiers (`authority/committee`).
    pub committees: Vec<String>,
    /// Why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// Names a committee is known by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Alias {
    /// The archive committee.
    pub committee: String,
    /// Its other names.
    pub names: Vec<String>,
    /// Why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// One decision, ready to store: (kind, committee, other, reason).
pub type Decision = (String, String, String, Option<String>);

impl AliasesFile {
    /// Reads the TOML form.
    pub fn parse(toml_text: &str) -> Result<Self, TrackError> {
        let file: Self =
            toml::from_str(toml_text).map_err(|e| TrackError::Aliases(e.to_string()))?;
        for p in file.merge.iter().chain(&file.split) {
            if p.committees.len() < 2 {
                return Err(TrackError::Aliases(format!(
                    "{:?}: a merge or split needs two committees or more",
                    p.committees
                )));
            }
        }
        for id in file.committee_ids() {
            check_committee_id(id)?;
        }
        Ok(file)
    }

    /// The TOML form.
    pub fn to_toml(&self) -> String {
        toml::to_string(self).unwrap_or_default()
    }

    fn committee_ids(&self) -> impl Iterator<Item = &String> {
        self.merge
            .iter()
            .chain(&self.split)
            .flat_map(|p| &p.committees)
            .chain(self.alias.iter().map(|a| &a.committee))
    }

    /// The decisions the file makes, in file order.
    pub fn decisions(&self) -> Vec<Decision> {
        let mut out = Vec::new();
        for (kind, pairs) in [("merge", &self.merge), ("split", &self.split)] {
            for p in pairs {
                for other in &p.committees[1..] {
                    out.push((
                        kind.to_owned(),
                        p.committees[0].clone(),
                        other.clone(),
                        p.reason.clone(),
                    ));
                }
            }
        }
        for a in &self.alias {
            for n in &a.names {
                out.push((
                    "alias".into(),
                    a.committee.clone(),
                    n.clone(),
                    a.reason.clone(),
                ));
            }
        }
        out
    }

    /// The file that the decisions so far amount to (later ones win).
    pub fn from_decisions(decisions: &[CommitteeDecision]) -> Self {
        let (merges, splits, aliases) = decided(decisions);
        let pair = |(a, b): (String, String)| Pair {
            committees: vec![a, b],
            reason: None,
        };
        let mut by: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (c, n) in aliases {
            by.entry(c).or_default().push(n);
        }
        let mut splits: Vec<(String, String)> = splits.into_iter().collect();
        splits.sort();
        Self {
            merge: merges.into_iter().map(pair).collect(),
            split: splits.into_iter().map(pair).collect(),
            alias: by
                .into_iter()
                .map(|(committee, names)| Alias {
                    committee,
                    names,
                    reason: None,
                })
                .collect(),
        }
    }
}

/// An archive committee identifier is `authority/committee`.
pub fn check_committee_id(id: &str) -> Result<(), TrackError> {
    match id.split_once('/') {
        Some((a, c)) if !a.is_empty() && !c.is_empty() && !c.contains('/') => Ok(()),
        _ => Err(TrackError::Aliases(format!(
            "{id:?} is not a committee identifier (authority/committee)"
        ))),
    }
}

/// The authority of a committee identifier.
pub fn authority_of(committee_id: &str) -> &str {
    committee_id.split('/').next().unwrap_or(committee_id)
}
