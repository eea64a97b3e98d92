//! The tracker's role in the archive: what `minutebook-track` computes
//! (tracker committees, people, action statuses, evidence, reference links,
//! work programmes), stored per authority, and what users decide (committee
//! merges, splits and aliases; manual statuses), kept for ever.
//!
//! The tracker replaces an authority's derived rows in one transaction
//! ([`Tracking::replace_tracking`]). That transaction also applies the
//! users' manual statuses (the latest one for an action wins over the
//! computed one) and appends a history event for every action whose computed
//! status changed, so the audit history is never rewritten.

use crate::ids::MeetingIds;
use crate::rows::{Kind, Value};
use crate::sql::{
    Filter, SqlBackend, SqlStore, Stmt, fetch_in, inserts, int_at, int_opt, like, now, text_at,
    texts,
};
use crate::{ListFilter, Result, Store, ids};
use minutebook_record::Meeting;
use serde::Serialize;
use std::collections::HashMap;

/// The status of a tracked action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ActionStatus {
    /// Not yet due.
    Open,
    /// Due at a meeting not (yet) in the archive.
    Due,
    /// Its due meeting or date has passed and nothing addressed it.
    Overdue,
    /// A later item addressed it.
    Addressed,
    /// Deferred to a later meeting (the chain goes on in another action).
    Moved,
    /// Removed from the work programme.
    Dropped,
}

impl ActionStatus {
    /// Every status.
    pub const ALL: [ActionStatus; 6] = [
        Self::Open,
        Self::Due,
        Self::Overdue,
        Self::Addressed,
        Self::Moved,
        Self::Dropped,
    ];

    /// Its name (`overdue`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Due => "due",
            Self::Overdue => "overdue",
            Self::Addressed => "addressed",
            Self::Moved => "moved",
            Self::Dropped => "dropped",
        }
    }

    /// The status with this name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// A meeting as the tracker reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct ArchivedMeeting {
    /// Its identifier.
    pub id: String,
    /// Its archive committee.
    pub committee_id: String,
    /// The identifiers of its items and actions.
    pub ids: MeetingIds,
    /// The record.
    pub meeting: Meeting,
}

/// An archive committee's place in a tracker committee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrackerCommittee {
    /// The archive committee.
    pub committee_id: String,
    /// Its authority.
    pub authority_id: String,
    /// The tracker committee (the id of its latest archive committee).
    pub group_id: String,
    /// The archive committee's latest name.
    pub name: String,
    /// Its first meeting.
    pub first_date: Option<String>,
    /// Its last meeting.
    pub last_date: Option<String>,
    /// `itself`, `renamed` (a former name), `merged` (by a user) or `alias`.
    pub how: String,
    /// Why.
    pub evidence: Option<String>,
}

/// One spelling of a person, and who it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonAlias {
    /// The tracker committee in which the spelling was identified.
    pub group_id: String,
    /// The archive person of this spelling.
    pub person_id: String,
    /// Its authority.
    pub authority_id: String,
    /// The spelling.
    pub name: String,
    /// The person it is (the archive person of the fullest spelling).
    pub canonical_id: String,
    /// The fullest spelling.
    pub canonical_name: String,
    /// Why.
    pub evidence: Option<String>,
}

/// Just an action's status: what a meeting page shows beside each action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionStatusTag {
    /// The action's identifier.
    pub id: String,
    /// A user's status when one is set, else the tracker's.
    pub status: ActionStatus,
    /// Whether a user set it.
    pub manual: bool,
}

/// A tracked action with its status.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrackedAction {
    /// The action's identifier (`…/42/a1`).
    pub id: String,
    /// Its authority.
    pub authority_id: String,
    /// Its tracker committee.
    pub group_id: String,
    /// The meeting that raised it.
    pub meeting_id: String,
    /// The item that raised it.
    pub item_id: String,
    /// The date it was raised.
    pub raised_date: Option<String>,
    /// The minute ("42 (4)").
    pub minute: Option<String>,
    /// `report`, `request`, `recommendation`, …
    pub kind: Option<String>,
    /// What was asked.
    pub text: String,
    /// Who must act.
    pub owner: Option<String>,
    /// The due phrase as written.
    pub due_text: Option<String>,
    /// The resolved due date.
    pub due_date: Option<String>,
    /// The due meeting, when it is in the archive.
    pub due_meeting_id: Option<String>,
    /// `archive`, `gap` (known meeting not in the archive), `upcoming`
    /// (the next meeting, not yet in the archive) or `deadline`.
    pub due_state: Option<String>,
    /// The tracker's status.
    pub computed_status: ActionStatus,
    /// The status: a user's manual one when set, else the tracker's.
    pub status: ActionStatus,
    /// Whether `status` was set by a user.
    pub manual: bool,
    /// Confidence (percent) of what decided the status.
    pub confidence: Option<i64>,
    /// The tracker reference: committee, municipal year, number.
    pub reference: String,
    /// The action this one carries on (after a deferral).
    pub moved_from: Option<String>,
    /// The action that carries this one on.
    pub moved_to: Option<String>,
    /// One line on what happened.
    pub summary: Option<String>,
    /// When the tracker first recorded it (RFC 3339; set on read, `None`
    /// in a snapshot).
    pub created: Option<String>,
    /// When it last changed: its text, due date, status or evidence summary
    /// (RFC 3339; set on read, `None` in a snapshot). A recomputation that
    /// changes nothing keeps it.
    pub modified: Option<String>,
}

/// One piece of evidence or one link of an action.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActionLink {
    /// The action.
    pub action_id: String,
    /// Order among the action's links.
    pub position: i64,
    /// `addressed-by`, `moved-to`, `moved-from`, `dropped-by`, `due-at`,
    /// `gap` or `response`.
    pub kind: String,
    /// The meeting linked to, when in the archive.
    pub meeting_id: Option<String>,
    /// The item linked to.
    pub item_id: Option<String>,
    /// The date linked to.
    pub date: Option<String>,
    /// Confidence, percent.
    pub confidence: Option<i64>,
    /// The evidence, in words.
    pub evidence: String,
}

/// One event of an action's status history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusEvent {
    /// Order of events (only grows).
    pub seq: i64,
    /// The action.
    pub action_id: String,
    /// The status (`None`: a user handed the action back to the tracker).
    pub status: Option<ActionStatus>,
    /// `tracker` or `manual`.
    pub source: String,
    /// Who (manual).
    pub by: Option<String>,
    /// Why (manual).
    pub reason: Option<String>,
    /// When (RFC 3339).
    pub at: String,
    /// The evidence (tracker).
    pub evidence: Option<String>,
}

/// An action with its evidence and history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActionDetail {
    /// The action.
    pub action: TrackedAction,
    /// Its links and evidence.
    pub links: Vec<ActionLink>,
    /// Its status history, oldest first.
    pub history: Vec<StatusEvent>,
}

/// A citation of earlier minutes, resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReferenceLink {
    /// The citing item.
    pub item_id: String,
    /// Order among the item's references.
    pub position: i64,
    /// The citing meeting.
    pub meeting_id: String,
    /// The citing phrase.
    pub text: String,
    /// The minute cited.
    pub minute: Option<String>,
    /// The date cited.
    pub date: Option<String>,
    /// The meeting cited, when in the archive.
    pub target_meeting_id: Option<String>,
    /// The item cited, when found.
    pub target_item_id: Option<String>,
    /// `item`, `meeting` (found, item not) or `gap` (not in the archive).
    pub state: String,
}

/// One line of a committee's work programme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WorkProgrammeEntry {
    /// The tracker committee.
    pub group_id: String,
    /// Order (by meeting date).
    pub position: i64,
    /// The meeting's date, when known.
    pub date: Option<String>,
    /// The meeting, when in the archive.
    pub meeting_id: Option<String>,
    /// "13 June 2024", "the next meeting", "the April meeting".
    pub label: String,
    /// `held` (in the archive), `gap` (known, not in the archive) or
    /// `upcoming`.
    pub state: String,
    /// The action due.
    pub action_id: String,
    /// `arrived`, `not-arrived`, `moved`, `dropped` or `pending`.
    pub outcome: String,
    /// The evidence.
    pub evidence: Option<String>,
}

/// Everything the tracker derives for one authority.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TrackingSnapshot {
    /// The authority.
    pub authority_id: String,
    /// Its archive committees and their tracker committees.
    pub committees: Vec<TrackerCommittee>,
    /// People identified across spellings.
    pub people: Vec<PersonAlias>,
    /// Tracked actions (their `status` and `manual` are set on write).
    pub actions: Vec<TrackedAction>,
    /// Their links.
    pub links: Vec<ActionLink>,
    /// Resolved references.
    pub references: Vec<ReferenceLink>,
    /// Work programmes.
    pub work_programme: Vec<WorkProgrammeEntry>,
}

/// A user's decision about committee identity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommitteeDecision {
    /// Order (only grows; later decisions win).
    pub seq: i64,
    /// The authority.
    pub authority_id: String,
    /// `merge`, `split` or `alias`.
    pub kind: String,
    /// The committee.
    pub committee_id: String,
    /// The other committee (merge, split) or the alias name.
    pub other: String,
    /// Who.
    pub by: Option<String>,
    /// Why.
    pub reason: Option<String>,
    /// When.
    pub at: String,
}

/// A status change of an action, with the action as it is now.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatusChange {
    /// The change.
    pub event: StatusEvent,
    /// The action.
    pub action: TrackedAction,
}

/// Filters for [`Tracking::actions`]. Text filters match case-insensitively
/// anywhere.
#[derive(Debug, Clone, Default)]
pub struct ActionFilter {
    /// Authority identifier.
    pub authority: Option<String>,
    /// Tracker committee: identifier or any of its names.
    pub committee: Option<String>,
    /// Any of these statuses.
    pub statuses: Vec<ActionStatus>,
    /// Owner.
    pub owner: Option<String>,
    /// Exactly this authority.
    pub authority_id: Option<String>,
    /// Exactly this tracker committee (its identifier, or the identifier
    /// of any archive committee in it).
    pub committee_id: Option<String>,
    /// Raised at exactly this meeting.
    pub meeting_id: Option<String>,
    /// Raised on or after.
    pub from: Option<String>,
    /// Raised on or before.
    pub to: Option<String>,
    /// Keyset paging by last change: with it, actions come in
    /// (`modified`, `id`) order instead of by committee and date.
    pub paging: Option<crate::browse::Paging>,
    /// Skip this many (pages of the committee-and-date order).
    pub offset: Option<u32>,
    /// At most this many.
    pub limit: Option<u32>,
}

/// The tracker's queries.
#[async_trait::async_trait]
pub trait Tracking: Store {
    /// Every meeting of an authority, with its committee, in id order.
    async fn authority_meetings(&self, authority_id: &str) -> Result<Vec<ArchivedMeeting>>;

    /// The authorities whose tracker rows involve these meetings (a
    /// re-parse may move a meeting to another authority).
    async fn tracked_authorities(&self, meeting_ids: &[String]) -> Result<Vec<String>>;

    /// Replaces an authority's derived rows, applying manual statuses and
    /// recording changed statuses in the history, in one transaction.
    async fn replace_tracking(&self, snapshot: TrackingSnapshot) -> Result<()>;

    /// Records a user's decision about committee identity.
    async fn add_committee_decision(
        &self,
        authority_id: &str,
        kind: &str,
        committee_id: &str,
        other: &str,
        by: Option<&str>,
        reason: Option<&str>,
    ) -> Result<()>;

    /// Users' committee decisions, oldest first (all authorities if `None`).
    async fn committee_decisions(
        &self,
        authority_id: Option<&str>,
    ) -> Result<Vec<CommitteeDecision>>;

    /// Tracker committees matching the filter (authority, committee).
    async fn tracker_committees(&self, filter: &ListFilter) -> Result<Vec<TrackerCommittee>>;

    /// The names of the tracker committees `group_ids`, by identifier
    /// (those that exist): a page's links, read by key rather than by
    /// listing every committee.
    async fn tracker_committee_names(
        &self,
        group_ids: &[String],
    ) -> Result<HashMap<String, String>>;

    /// Tracked actions matching the filter, by committee and date.
    async fn actions(&self, filter: &ActionFilter) -> Result<Vec<TrackedAction>>;

    /// The statuses of one meeting's tracked actions: a light read for
    /// every meeting and item page.
    async fn action_statuses(&self, meeting_id: &str) -> Result<Vec<ActionStatusTag>>;

    /// The latest status changes (tracker and manual) of the actions
    /// matching the filter (its `limit` counts changes), newest first.
    async fn status_changes(&self, filter: &ActionFilter) -> Result<Vec<StatusChange>>;

    /// One action with its evidence and history.
    async fn action(&self, id: &str) -> Result<Option<ActionDetail>>;

    /// Sets (or, with `None`, clears) a manual status; the event goes into
    /// the history. Returns `false` if there is no such action.
    async fn set_action_status(
        &self,
        id: &str,
        status: Option<ActionStatus>,
        by: &str,
        reason: &str,
    ) -> Result<bool>;

    /// The work programme of the tracker committee that `committee` (a
    /// tracker or archive committee id) belongs to.
    async fn work_programme(&self, committee: &str) -> Result<Vec<WorkProgrammeEntry>>;

    /// Every spelling of the person `person_id` is, in any committee.
    async fn person_identity(&self, person_id: &str) -> Result<Vec<PersonAlias>>;

    /// The resolved references of a meeting's items.
    async fn reference_links(&self, meeting_id: &str) -> Result<Vec<ReferenceLink>>;
}

const DERIVED: [&str; 6] = [
    "tracker_committees",
    "tracker_people",
    "tracked_actions",
    "action_links",
    "reference_links",
    "work_programme",
];

/// The columns of an action, of `tracked_actions` aliased `t`. Created is
/// its first history event (there is one from its first recomputation).
const ACTION_COLS: &str = "t.id, t.authority_id, t.group_id, t.meeting_id, t.item_id, t.raised_date, t.minute, t.kind, \
     t.text, t.owner, t.due_text, t.due_date, t.due_meeting_id, t.due_state, t.computed_status, t.status, t.manual, \
     t.confidence, t.reference, t.moved_from, t.moved_to, t.summary, \
     (SELECT MIN(h.at) FROM action_history h WHERE h.action_id = t.id), t.updated_at";

fn action_kinds() -> Vec<Kind> {
    let mut k = vec![Kind::Text; 16];
    k.extend([Kind::Bool, Kind::Int]);
    k.extend([Kind::Text; 6]);
    k
}

fn status_at(r: &[Value], i: usize) -> ActionStatus {
    text_at(r, i)
        .and_then(|s| ActionStatus::parse(&s))
        .unwrap_or(ActionStatus::Open)
}

fn action_from(r: &[Value]) -> TrackedAction {
    let t = |i| text_at(r, i);
    TrackedAction {
        id: t(0).unwrap_or_default(),
        authority_id: t(1).unwrap_or_default(),
        group_id: t(2).unwrap_or_default(),
        meeting_id: t(3).unwrap_or_default(),
        item_id: t(4).unwrap_or_default(),
        raised_date: t(5),
        minute: t(6),
        kind: t(7),
        text: t(8).unwrap_or_default(),
        owner: t(9),
        due_text: t(10),
        due_date: t(11),
        due_meeting_id: t(12),
        due_state: t(13),
        computed_status: status_at(r, 14),
        status: status_at(r, 15),
        manual: int_at(r, 16) != 0,
        confidence: int_opt(r, 17),
        reference: t(18).unwrap_or_default(),
        moved_from: t(19),
        moved_to: t(20),
        summary: t(21),
        created: t(22),
        modified: t(23),
    }
}

fn action_row(a: &TrackedAction, modified: &str) -> Vec<Value> {
    let s = |v: &str| Value::Text(Some(v.to_owned()));
    let o = |v: &Option<String>| Value::Text(v.clone());
    vec![
        s(&a.id),
        s(&a.authority_id),
        s(&a.group_id),
        s(&a.meeting_id),
        s(&a.item_id),
        o(&a.raised_date),
        o(&a.minute),
        o(&a.kind),
        s(&a.text),
        o(&a.owner),
        o(&a.due_text),
        o(&a.due_date),
        o(&a.due_meeting_id),
        o(&a.due_state),
        s(a.computed_status.as_str()),
        s(a.status.as_str()),
        Value::Bool(Some(a.manual)),
        Value::Int(a.confidence),
        s(&a.reference),
        o(&a.moved_from),
        o(&a.moved_to),
        o(&a.summary),
        s(modified),
    ]
}

/// The `WHERE` conditions of an action filter, on `tracked_actions t`.
fn action_where(f: &ActionFilter) -> Filter {
    let mut filter = Filter::default();
    if let Some(a) = &f.authority {
        filter.add("lower(t.authority_id) LIKE ?", like(a));
    }
    if let Some(c) = &f.committee {
        filter.add(
            "t.group_id IN (SELECT group_id FROM tracker_committees WHERE lower(committee_id) LIKE ? OR lower(name) LIKE ? \
             OR committee_id IN (SELECT committee_id FROM committee_names WHERE lower(name) LIKE ?))",
            like(c),
        );
    }
    if !f.statuses.is_empty() {
        let mut parts = Vec::new();
        for st in &f.statuses {
            filter.params.push(text(st.as_str()));
            parts.push(format!("t.status = ${}", filter.params.len()));
        }
        filter.clauses.push(format!("({})", parts.join(" OR ")));
    }
    if let Some(o) = &f.owner {
        filter.add("lower(COALESCE(t.owner, '')) LIKE ?", like(o));
    }
    if let Some(a) = &f.authority_id {
        filter.add("t.authority_id = ?", text(a));
    }
    if let Some(c) = &f.committee_id {
        filter.add(
            "t.group_id IN (SELECT group_id FROM tracker_committees WHERE committee_id = ? OR group_id = ?)",
            text(c),
        );
    }
    if let Some(m) = &f.meeting_id {
        filter.add("t.meeting_id = ?", text(m));
    }
    if let Some(d) = &f.from {
        filter.add("t.raised_date >= ?", text(d));
    }
    if let Some(d) = &f.to {
        filter.add("t.raised_date <= ?", text(d));
    }
    if let Some(p) = &f.paging {
        crate::browse::keyset(&mut filter, "t.updated_at", "t.id", p);
    }
    filter
}

fn event_from(r: &[Value]) -> StatusEvent {
    StatusEvent {
        seq: int_at(r, 0),
        action_id: text_at(r, 1).unwrap_or_default(),
        status: text_at(r, 2).and_then(|s| ActionStatus::parse(&s)),
        source: text_at(r, 3).unwrap_or_default(),
        by: text_at(r, 4),
        reason: text_at(r, 5),
        at: text_at(r, 6).unwrap_or_default(),
        evidence: text_at(r, 7),
    }
}

const EVENT_COLS: &str = "seq, action_id, status, source, by_name, reason, at, evidence";
const EVENT_KINDS: [Kind; 8] = [
    Kind::Int,
    Kind::Text,
    Kind::Text,
    Kind::Text,
    Kind::Text,
    Kind::Text,
    Kind::Text,
    Kind::Text,
];

fn text(s: &str) -> Value {
    Value::Text(Some(s.to_owned()))
}

impl<B: SqlBackend> SqlStore<B> {
    /// Latest manual status per action of an authority (`None`: cleared).
    async fn manual_in(
        tx: &mut (dyn crate::sql::SqlTx + '_),
        authority_id: &str,
    ) -> Result<HashMap<String, Option<ActionStatus>>> {
        let stmt = Stmt::new(
            "SELECT action_id, status FROM action_history WHERE authority_id = $1 AND source = 'manual' ORDER BY seq",
            vec![text(authority_id)],
        );
        let mut out = HashMap::new();
        for r in tx.fetch(&stmt, &[Kind::Text, Kind::Text]).await? {
            if let Some(id) = text_at(&r, 0) {
                out.insert(id, text_at(&r, 1).and_then(|s| ActionStatus::parse(&s)));
            }
        }
        Ok(out)
    }
}

#[async_trait::async_trait]
impl<B: SqlBackend> Tracking for SqlStore<B> {
    async fn authority_meetings(&self, authority_id: &str) -> Result<Vec<ArchivedMeeting>> {
        let stmt = Stmt::new(self.authority_statement(), vec![text(authority_id)]);
        let (kinds, scalars) = Self::whole_kinds(false);
        self.read_many(stmt, &kinds)
            .await?
            .iter()
            .map(|row| {
                let id = text_at(row, 0).unwrap_or_default();
                let (meeting, _) = Self::whole_meeting(row, scalars, &id)?;
                Ok(ArchivedMeeting {
                    ids: ids::assign(&id, &meeting),
                    committee_id: text_at(row, 2).unwrap_or_default(),
                    id,
                    meeting,
                })
            })
            .collect()
    }

    async fn tracked_authorities(&self, meeting_ids: &[String]) -> Result<Vec<String>> {
        let mut tx = self.backend.begin_read().await?;
        let rows = fetch_in(
            &mut *tx,
            "SELECT DISTINCT authority_id FROM tracked_actions WHERE meeting_id IN ({in})",
            meeting_ids,
            &[Kind::Text],
            self.backend.max_params(),
        )
        .await?;
        tx.commit().await?;
        let mut out: Vec<String> = rows.iter().filter_map(|r| text_at(r, 0)).collect();
        out.sort();
        out.dedup();
        Ok(out)
    }

    async fn replace_tracking(&self, snap: TrackingSnapshot) -> Result<()> {
        let max = self.backend.max_params();
        let now = now();
        let aid = snap.authority_id.as_str();
        let mut tx = self.backend.begin_write().await?;
        let manual = Self::manual_in(&mut *tx, aid).await?;
        // The actions as they were: an action the recomputation leaves as it
        // was keeps its modified time, so harvesters see only real changes.
        let before: HashMap<String, TrackedAction> = tx
            .fetch(
                &Stmt::new(
                    format!(
                        "SELECT {ACTION_COLS} FROM tracked_actions t WHERE t.authority_id = $1"
                    ),
                    vec![text(aid)],
                ),
                &action_kinds(),
            )
            .await?
            .iter()
            .map(|r| {
                let a = action_from(r);
                (a.id.clone(), a)
            })
            .collect();
        for t in DERIVED {
            tx.execute(&Stmt::new(
                format!("DELETE FROM {t} WHERE authority_id = $1"),
                vec![text(aid)],
            ))
            .await?;
        }
        let mut events = Vec::new();
        let mut action_rows = Vec::new();
        for a in &snap.actions {
            let mut a = a.clone();
            match manual.get(&a.id) {
                Some(Some(s)) => {
                    a.status = *s;
                    a.manual = true;
                }
                _ => {
                    a.status = a.computed_status;
                    a.manual = false;
                }
            }
            let old = before.get(&a.id);
            if old.map(|o| o.computed_status) != Some(a.computed_status) {
                events.push(vec![
                    text(&a.id),
                    text(aid),
                    text(a.computed_status.as_str()),
                    text("tracker"),
                    text(&now),
                    Value::Text(a.summary.clone()),
                ]);
            }
            let unchanged = old.filter(|o| {
                TrackedAction {
                    created: None,
                    modified: None,
                    ..(*o).clone()
                } == TrackedAction {
                    created: None,
                    modified: None,
                    ..a.clone()
                }
            });
            let modified = unchanged
                .and_then(|o| o.modified.as_deref())
                .unwrap_or(&now);
            action_rows.push(action_row(&a, modified));
        }
        let mut stmts = Vec::new();
        let o = |v: &Option<String>| Value::Text(v.clone());
        stmts.extend(inserts(
            "tracker_committees",
            &[
                "committee_id",
                "authority_id",
                "group_id",
                "name",
                "first_date",
                "last_date",
                "how",
                "evidence",
            ],
            snap.committees
                .iter()
                .map(|c| {
                    vec![
                        text(&c.committee_id),
                        text(aid),
                        text(&c.group_id),
                        text(&c.name),
                        o(&c.first_date),
                        o(&c.last_date),
                        text(&c.how),
                        o(&c.evidence),
                    ]
                })
                .collect(),
            "",
            max,
        ));
        stmts.extend(inserts(
            "tracker_people",
            &[
                "group_id",
                "person_id",
                "authority_id",
                "name",
                "canonical_id",
                "canonical_name",
                "evidence",
            ],
            snap.people
                .iter()
                .map(|p| {
                    vec![
                        text(&p.group_id),
                        text(&p.person_id),
                        text(aid),
                        text(&p.name),
                        text(&p.canonical_id),
                        text(&p.canonical_name),
                        o(&p.evidence),
                    ]
                })
                .collect(),
            "",
            max,
        ));
        stmts.extend(inserts(
            "tracked_actions",
            &[
                "id",
                "authority_id",
                "group_id",
                "meeting_id",
                "item_id",
                "raised_date",
                "minute",
                "kind",
                "text",
                "owner",
                "due_text",
                "due_date",
                "due_meeting_id",
                "due_state",
                "computed_status",
                "status",
                "manual",
                "confidence",
                "reference",
                "moved_from",
                "moved_to",
                "summary",
                "updated_at",
            ],
            action_rows,
            "",
            max,
        ));
        stmts.extend(inserts(
            "action_links",
            &[
                "action_id",
                "position",
                "authority_id",
                "kind",
                "meeting_id",
                "item_id",
                "date",
                "confidence",
                "evidence",
            ],
            snap.links
                .iter()
                .map(|l| {
                    vec![
                        text(&l.action_id),
                        Value::Int(Some(l.position)),
                        text(aid),
                        text(&l.kind),
                        o(&l.meeting_id),
                        o(&l.item_id),
                        o(&l.date),
                        Value::Int(l.confidence),
                        text(&l.evidence),
                    ]
                })
                .collect(),
            "",
            max,
        ));
        stmts.extend(inserts(
            "reference_links",
            &[
                "item_id",
                "position",
                "authority_id",
                "meeting_id",
                "text",
                "minute",
                "date",
                "target_meeting_id",
                "target_item_id",
                "state",
            ],
            snap.references
                .iter()
                .map(|r| {
                    vec![
                        text(&r.item_id),
                        Value::Int(Some(r.position)),
                        text(aid),
                        text(&r.meeting_id),
                        text(&r.text),
                        o(&r.minute),
                        o(&r.date),
                        o(&r.target_meeting_id),
                        o(&r.target_item_id),
                        text(&r.state),
                    ]
                })
                .collect(),
            "",
            max,
        ));
        stmts.extend(inserts(
            "work_programme",
            &[
                "group_id",
                "position",
                "authority_id",
                "date",
                "meeting_id",
                "label",
                "state",
                "action_id",
                "outcome",
                "evidence",
            ],
            snap.work_programme
                .iter()
                .map(|w| {
                    vec![
                        text(&w.group_id),
                        Value::Int(Some(w.position)),
                        text(aid),
                        o(&w.date),
                        o(&w.meeting_id),
                        text(&w.label),
                        text(&w.state),
                        text(&w.action_id),
                        text(&w.outcome),
                        o(&w.evidence),
                    ]
                })
                .collect(),
            "",
            max,
        ));
        stmts.extend(inserts(
            "action_history",
            &[
                "action_id",
                "authority_id",
                "status",
                "source",
                "at",
                "evidence",
            ],
            events,
            "",
            max,
        ));
        for stmt in &stmts {
            tx.execute(stmt).await?;
        }
        tx.commit().await
    }

    async fn add_committee_decision(
        &self,
        authority_id: &str,
        kind: &str,
        committee_id: &str,
        other: &str,
        by: Option<&str>,
        reason: Option<&str>,
    ) -> Result<()> {
        let stmt = Stmt::new(
            "INSERT INTO committee_decisions (authority_id, kind, committee_id, other, by_name, reason, at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
            vec![
                text(authority_id),
                text(kind),
                text(committee_id),
                text(other),
                Value::Text(by.map(str::to_owned)),
                Value::Text(reason.map(str::to_owned)),
                text(&now()),
            ],
        );
        let mut tx = self.backend.begin_write().await?;
        tx.execute(&stmt).await?;
        tx.commit().await
    }

    async fn committee_decisions(
        &self,
        authority_id: Option<&str>,
    ) -> Result<Vec<CommitteeDecision>> {
        let mut filter = Filter::default();
        if let Some(a) = authority_id {
            filter.add("authority_id = ?", text(a));
        }
        let stmt = Stmt::new(
            format!(
                "SELECT seq, authority_id, kind, committee_id, other, by_name, reason, at FROM committee_decisions{} ORDER BY seq",
                filter.sql()
            ),
            filter.params,
        );
        let mut kinds = vec![Kind::Int];
        kinds.extend([Kind::Text; 7]);
        let rows = self.read(stmt, &kinds).await?;
        Ok(rows
            .iter()
            .map(|r| CommitteeDecision {
                seq: int_at(r, 0),
                authority_id: text_at(r, 1).unwrap_or_default(),
                kind: text_at(r, 2).unwrap_or_default(),
                committee_id: text_at(r, 3).unwrap_or_default(),
                other: text_at(r, 4).unwrap_or_default(),
                by: text_at(r, 5),
                reason: text_at(r, 6),
                at: text_at(r, 7).unwrap_or_default(),
            })
            .collect())
    }

    async fn tracker_committee_names(
        &self,
        group_ids: &[String],
    ) -> Result<HashMap<String, String>> {
        let mut ids = group_ids.to_vec();
        ids.sort_unstable();
        ids.dedup();
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let mut read = self.backend.begin_read().await?;
        let rows = fetch_in(
            &mut *read,
            "SELECT group_id, name FROM tracker_committees \
             WHERE committee_id IN ({in}) AND committee_id = group_id",
            &ids,
            &[Kind::Text, Kind::Text],
            self.backend.max_params(),
        )
        .await?;
        read.commit().await?;
        Ok(rows
            .iter()
            .filter_map(|r| Some((text_at(r, 0)?, text_at(r, 1)?)))
            .collect())
    }

    async fn tracker_committees(&self, f: &ListFilter) -> Result<Vec<TrackerCommittee>> {
        let mut filter = Filter::default();
        if let Some(a) = &f.authority {
            filter.add("lower(authority_id) LIKE ?", like(a));
        }
        if let Some(c) = &f.committee {
            filter.add(
                "group_id IN (SELECT group_id FROM tracker_committees WHERE lower(committee_id) LIKE ? OR lower(name) LIKE ?)",
                like(c),
            );
        }
        let where_ = filter.sql();
        let limit = filter.limit(f.limit);
        let stmt = Stmt::new(
            format!(
                "SELECT committee_id, authority_id, group_id, name, first_date, last_date, how, evidence \
                 FROM tracker_committees{where_} ORDER BY group_id, first_date, committee_id{limit}"
            ),
            filter.params,
        );
        let rows = self.read_many(stmt, &[Kind::Text; 8]).await?;
        Ok(rows
            .iter()
            .map(|r| TrackerCommittee {
                committee_id: text_at(r, 0).unwrap_or_default(),
                authority_id: text_at(r, 1).unwrap_or_default(),
                group_id: text_at(r, 2).unwrap_or_default(),
                name: text_at(r, 3).unwrap_or_default(),
                first_date: text_at(r, 4),
                last_date: text_at(r, 5),
                how: text_at(r, 6).unwrap_or_default(),
                evidence: text_at(r, 7),
            })
            .collect())
    }

    async fn actions(&self, f: &ActionFilter) -> Result<Vec<TrackedAction>> {
        let mut filter = action_where(f);
        let where_ = filter.sql();
        let order = if f.paging.is_some() {
            "t.updated_at, t.id"
        } else {
            "t.group_id, t.raised_date, t.id"
        };
        let limit = filter.limit(f.limit);
        let offset = match f.offset {
            Some(n) if n > 0 => {
                filter.params.push(Value::Int(Some(i64::from(n))));
                // SQLite needs a LIMIT before an OFFSET; -1 is "no limit".
                let all = if limit.is_empty() { " LIMIT -1" } else { "" };
                format!("{all} OFFSET ${}", filter.params.len())
            }
            _ => String::new(),
        };
        let stmt = Stmt::new(
            format!(
                "SELECT {ACTION_COLS} FROM tracked_actions t{where_} ORDER BY {order}{limit}{offset}"
            ),
            filter.params,
        );
        let rows = self.read_many(stmt, &action_kinds()).await?;
        Ok(rows.iter().map(|r| action_from(r)).collect())
    }

    async fn status_changes(&self, f: &ActionFilter) -> Result<Vec<StatusChange>> {
        let mut filter = action_where(&ActionFilter {
            limit: None,
            offset: None,
            ..f.clone()
        });
        let where_ = filter.sql();
        let limit = filter.limit(f.limit);
        let cols: String = EVENT_COLS
            .split(", ")
            .map(|c| format!("e.{c}"))
            .collect::<Vec<_>>()
            .join(", ");
        let stmt = Stmt::new(
            format!(
                "SELECT {cols}, {ACTION_COLS} FROM action_history e JOIN tracked_actions t ON t.id = e.action_id\
                 {where_} ORDER BY e.seq DESC{limit}"
            ),
            filter.params,
        );
        let mut kinds = EVENT_KINDS.to_vec();
        kinds.extend(action_kinds());
        let rows = self.read_many(stmt, &kinds).await?;
        Ok(rows
            .iter()
            .map(|r| StatusChange {
                event: event_from(r),
                action: action_from(r.get(EVENT_KINDS.len()..).unwrap_or_default()),
            })
            .collect())
    }

    async fn action(&self, id: &str) -> Result<Option<ActionDetail>> {
        let mut tx = self.backend.begin_read().await?;
        let rows = tx
            .fetch(
                &Stmt::new(
                    format!("SELECT {ACTION_COLS} FROM tracked_actions t WHERE t.id = $1"),
                    vec![text(id)],
                ),
                &action_kinds(),
            )
            .await?;
        let Some(action) = rows.first().map(|r| action_from(r)) else {
            tx.commit().await?;
            return Ok(None);
        };
        let links = tx
            .fetch(
                &Stmt::new(
                    "SELECT action_id, position, kind, meeting_id, item_id, date, confidence, evidence \
                     FROM action_links WHERE action_id = $1 ORDER BY position",
                    vec![text(id)],
                ),
                &[Kind::Text, Kind::Int, Kind::Text, Kind::Text, Kind::Text, Kind::Text, Kind::Int, Kind::Text],
            )
            .await?
            .iter()
            .map(|r| ActionLink {
                action_id: text_at(r, 0).unwrap_or_default(),
                position: int_at(r, 1),
                kind: text_at(r, 2).unwrap_or_default(),
                meeting_id: text_at(r, 3),
                item_id: text_at(r, 4),
                date: text_at(r, 5),
                confidence: int_opt(r, 6),
                evidence: text_at(r, 7).unwrap_or_default(),
            })
            .collect();
        let history = tx
            .fetch(
                &Stmt::new(
                    format!(
                        "SELECT {EVENT_COLS} FROM action_history WHERE action_id = $1 ORDER BY seq"
                    ),
                    vec![text(id)],
                ),
                &EVENT_KINDS,
            )
            .await?
            .iter()
            .map(|r| event_from(r))
            .collect();
        tx.commit().await?;
        Ok(Some(ActionDetail {
            action,
            links,
            history,
        }))
    }

    async fn set_action_status(
        &self,
        id: &str,
        status: Option<ActionStatus>,
        by: &str,
        reason: &str,
    ) -> Result<bool> {
        let at = now();
        let mut tx = self.backend.begin_write().await?;
        let rows = tx
            .fetch(
                &Stmt::new(
                    "SELECT authority_id, computed_status FROM tracked_actions WHERE id = $1",
                    vec![text(id)],
                ),
                &[Kind::Text, Kind::Text],
            )
            .await?;
        let Some(row) = rows.first() else {
            return Ok(false);
        };
        let authority = text_at(row, 0).unwrap_or_default();
        let computed = text_at(row, 1).unwrap_or_else(|| "open".into());
        let name = status.map(|s| s.as_str().to_owned());
        tx.execute(&Stmt::new(
            "INSERT INTO action_history (action_id, authority_id, status, source, by_name, reason, at) \
             VALUES ($1, $2, $3, 'manual', $4, $5, $6)",
            vec![
                text(id),
                text(&authority),
                Value::Text(name.clone()),
                text(by),
                text(reason),
                text(&at),
            ],
        ))
        .await?;
        tx.execute(&Stmt::new(
            "UPDATE tracked_actions SET status = $1, manual = $2, updated_at = $3 WHERE id = $4",
            vec![
                text(name.as_deref().unwrap_or(&computed)),
                Value::Bool(Some(status.is_some())),
                text(&at),
                text(id),
            ],
        ))
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn work_programme(&self, committee: &str) -> Result<Vec<WorkProgrammeEntry>> {
        let stmt = Stmt::new(
            "SELECT group_id, position, date, meeting_id, label, state, action_id, outcome, evidence \
             FROM work_programme WHERE group_id IN \
             (SELECT group_id FROM tracker_committees WHERE committee_id = $1 OR group_id = $2) ORDER BY position",
            texts([committee.to_owned(), committee.to_owned()]),
        );
        let mut kinds = vec![Kind::Text, Kind::Int];
        kinds.extend([Kind::Text; 7]);
        let rows = self.read(stmt, &kinds).await?;
        Ok(rows
            .iter()
            .map(|r| WorkProgrammeEntry {
                group_id: text_at(r, 0).unwrap_or_default(),
                position: int_at(r, 1),
                date: text_at(r, 2),
                meeting_id: text_at(r, 3),
                label: text_at(r, 4).unwrap_or_default(),
                state: text_at(r, 5).unwrap_or_default(),
                action_id: text_at(r, 6).unwrap_or_default(),
                outcome: text_at(r, 7).unwrap_or_default(),
                evidence: text_at(r, 8),
            })
            .collect())
    }

    async fn person_identity(&self, person_id: &str) -> Result<Vec<PersonAlias>> {
        let stmt = Stmt::new(
            "SELECT p.group_id, p.person_id, p.authority_id, p.name, p.canonical_id, p.canonical_name, p.evidence \
             FROM tracker_people p WHERE p.canonical_id IN \
             (SELECT canonical_id FROM tracker_people WHERE person_id = $1 OR canonical_id = $2) \
             ORDER BY p.group_id, p.name",
            texts([person_id.to_owned(), person_id.to_owned()]),
        );
        let rows = self.read(stmt, &[Kind::Text; 7]).await?;
        Ok(rows
            .iter()
            .map(|r| PersonAlias {
                group_id: text_at(r, 0).unwrap_or_default(),
                person_id: text_at(r, 1).unwrap_or_default(),
                authority_id: text_at(r, 2).unwrap_or_default(),
                name: text_at(r, 3).unwrap_or_default(),
                canonical_id: text_at(r, 4).unwrap_or_default(),
                canonical_name: text_at(r, 5).unwrap_or_default(),
                evidence: text_at(r, 6),
            })
            .collect())
    }

    async fn action_statuses(&self, meeting_id: &str) -> Result<Vec<ActionStatusTag>> {
        let stmt = Stmt::new(
            "SELECT id, status, manual FROM tracked_actions WHERE meeting_id = $1 ORDER BY id",
            vec![text(meeting_id)],
        );
        let kinds = [Kind::Text, Kind::Text, action_kinds()[16]];
        let rows = self.read(stmt, &kinds).await?;
        Ok(rows
            .iter()
            .map(|r| ActionStatusTag {
                id: text_at(r, 0).unwrap_or_default(),
                status: status_at(r, 1),
                manual: int_at(r, 2) != 0,
            })
            .collect())
    }

    async fn reference_links(&self, meeting_id: &str) -> Result<Vec<ReferenceLink>> {
        let stmt = Stmt::new(
            "SELECT item_id, position, meeting_id, text, minute, date, target_meeting_id, target_item_id, state \
             FROM reference_links WHERE meeting_id = $1 ORDER BY item_id, position",
            vec![text(meeting_id)],
        );
        let mut kinds = vec![Kind::Text, Kind::Int];
        kinds.extend([Kind::Text; 7]);
        let rows = self.read(stmt, &kinds).await?;
        Ok(rows
            .iter()
            .map(|r| ReferenceLink {
                item_id: text_at(r, 0).unwrap_or_default(),
                position: int_at(r, 1),
                meeting_id: text_at(r, 2).unwrap_or_default(),
                text: text_at(r, 3).unwrap_or_default(),
                minute: text_at(r, 4),
                date: text_at(r, 5),
                target_meeting_id: text_at(r, 6),
                target_item_id: text_at(r, 7),
                state: text_at(r, 8).unwrap_or_default(),
            })
            .collect())
    }
}
