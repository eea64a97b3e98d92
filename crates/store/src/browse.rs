//! Browsing the archive: the queries behind the web site and its JSON API
//! (`minutebook-serve`), for both backends.
//!
//! [`Browse`] reads lists and detail views in the shapes pages need (a
//! committee with its members' attendance, a person with every meeting they
//! were recorded at, …) and keeps the API's registry (table `api_objects`):
//! when each committee, person and authority was first and last written, and
//! the items that a new version of the minutes dropped, so that deleted
//! objects stay visible as deleted. The registry is derived from the change
//! feed by [`Browse::sync_registry`]; the web server runs it on start and
//! every few seconds. It never writes the archive's own tables.

mod registry;

use crate::rows::{Kind, Value};
use crate::sql::{Filter, SqlBackend, SqlStore, SqlTx, Stmt, fetch_in, int_at, text_at, texts};
use crate::{Result, Store};
use minutebook_record::MinutesStatus;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A meeting in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MeetingRow {
    /// Stable identifier.
    pub id: String,
    /// ISO date.
    pub date: Option<String>,
    /// Start time, `HH:MM`.
    pub start_time: Option<String>,
    /// Where it was held.
    pub venue: Option<String>,
    /// Its authority.
    pub authority_id: String,
    /// The authority's name as recorded.
    pub authority: Option<String>,
    /// Its committee.
    pub committee_id: String,
    /// The committee's name as this meeting's minutes give it.
    pub committee: String,
    /// Draft or final.
    pub minutes_status: Option<MinutesStatus>,
    /// Number of items.
    pub items: i64,
    /// When its first version was stored (RFC 3339, UTC).
    pub created: String,
    /// When its current record was last written (RFC 3339, UTC).
    pub modified: String,
}

/// Which meetings to list.
#[derive(Debug, Clone, Default)]
pub struct MeetingQuery {
    /// Only this authority's (exact identifier).
    pub authority_id: Option<String>,
    /// Only this committee's (exact identifier).
    pub committee_id: Option<String>,
    /// Only this meeting (exact identifier).
    pub id: Option<String>,
    /// Order and paging.
    pub order: MeetingOrder,
    /// At most this many.
    pub limit: Option<u32>,
}

/// The order of a meeting list.
#[derive(Debug, Clone, Default)]
pub enum MeetingOrder {
    /// Latest date first.
    #[default]
    Newest,
    /// Newest to the archive first (by first version stored).
    NewestStored,
    /// By last write, oldest first, for harvesting: the API's order.
    Modified(Paging),
}

/// Keyset paging by last write: objects written at or after `since`, after
/// the `after` cursor, in (`modified`, `id`) order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Paging {
    /// Only objects written at or after this time (RFC 3339, UTC, as stored).
    pub since: Option<String>,
    /// Only objects after this one, in (`modified`, `id`) order.
    pub after: Option<Cursor>,
}

/// A position in a list ordered by (`modified`, `id`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    /// The last object's `modified`.
    pub modified: String,
    /// The last object's identifier.
    pub id: String,
}

/// An authority.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuthorityRow {
    /// Stable identifier.
    pub id: String,
    /// Name as recorded.
    pub name: Option<String>,
    /// Committees stored.
    pub committees: i64,
    /// Earliest meeting date.
    pub first_date: Option<String>,
    /// Latest meeting date.
    pub last_date: Option<String>,
    /// Registry times (see [`Browse::sync_registry`]).
    pub times: Option<Times>,
}

/// When an object was first and last written, from the registry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Times {
    /// First written (RFC 3339, UTC).
    pub created: String,
    /// Last written (RFC 3339, UTC).
    pub modified: String,
}

/// A meeting in a committee's index (see [`Browse::committee_index`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexedMeeting {
    /// The last part of its identifier (after the committee's): its date,
    /// or `undated-…`.
    pub key: String,
    /// Its date.
    pub date: Option<String>,
}

/// A committee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommitteeRow {
    /// Stable identifier.
    pub id: String,
    /// Its authority.
    pub authority_id: String,
    /// The authority's name as recorded.
    pub authority: Option<String>,
    /// Its name at its latest meeting.
    pub name: String,
    /// Meetings stored.
    pub meetings: i64,
    /// Earliest meeting date.
    pub first_date: Option<String>,
    /// Latest meeting date.
    pub last_date: Option<String>,
    /// Registry times.
    pub times: Option<Times>,
}

/// A name a committee was recorded under, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NameSpan {
    /// The name as written.
    pub name: String,
    /// First meeting under it.
    pub first_date: Option<String>,
    /// Last meeting under it.
    pub last_date: Option<String>,
}

/// A committee with its names, meetings and members.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommitteeDetail {
    /// The committee.
    pub committee: CommitteeRow,
    /// Every name it was recorded under, oldest first.
    pub names: Vec<NameSpan>,
    /// Its meetings, latest first.
    pub meetings: Vec<MeetingRow>,
    /// People recorded as present, giving apologies or absent, by name.
    pub members: Vec<MemberAttendance>,
}

/// One person's attendance at one committee's meetings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MemberAttendance {
    /// The person.
    pub person_id: String,
    /// Their name as last recorded.
    pub name: String,
    /// Meetings recorded present (substitutes included).
    pub present: i64,
    /// Of which as a substitute.
    pub substitute: i64,
    /// Meetings they sent apologies to.
    pub apologies: i64,
    /// Meetings recorded absent.
    pub absent: i64,
    /// Roles recorded (`chair`, `member`, …), sorted.
    pub roles: Vec<String>,
    /// Latest meeting they are recorded at.
    pub last_date: Option<String>,
}

/// A person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonRow {
    /// Stable identifier.
    pub id: String,
    /// Name.
    pub name: String,
    /// Their authority.
    pub authority_id: String,
    /// The authority's name as recorded.
    pub authority: Option<String>,
    /// Registry times.
    pub times: Option<Times>,
}

/// A person with their record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonDetail {
    /// The person.
    pub person: PersonRow,
    /// Every attendance record, latest meeting first.
    pub attendance: Vec<AttendanceRow>,
    /// Declarations of interest made under their name, latest first.
    pub declarations: Vec<DeclarationRow>,
}

/// One attendance record with its meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttendanceRow {
    /// The meeting.
    pub meeting_id: String,
    /// Its date.
    pub date: Option<String>,
    /// Its committee.
    pub committee_id: String,
    /// The committee's name as the minutes give it.
    pub committee: String,
    /// `present`, `apologies`, `absent`, `also-present` or `in-attendance`.
    pub status: String,
    /// The person.
    pub person_id: String,
    /// Name as written.
    pub name: String,
    /// "Councillor", …
    pub honorific: Option<String>,
    /// Role (`chair`, `substitute`, …).
    pub role: Option<String>,
    /// For a substitute: whom they replaced.
    pub substitute_for: Option<String>,
    /// "Healthwatch Representative", …
    pub description: Option<String>,
    /// For `in-attendance`: the item's identifier.
    pub item_id: Option<String>,
    /// … and its title.
    pub item_title: Option<String>,
}

/// Whose attendance records to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttendanceOf {
    /// One meeting's.
    Meeting(String),
    /// Every meeting of one committee.
    Committee(String),
    /// One person's.
    Person(String),
}

/// A declaration of interest with its meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeclarationRow {
    /// The meeting.
    pub meeting_id: String,
    /// Its date.
    pub date: Option<String>,
    /// Its committee's name as the minutes give it.
    pub committee: String,
    /// The item it concerns, as written.
    pub item: Option<String>,
    /// `pecuniary`, `personal`, …
    pub kind: Option<String>,
    /// Its words.
    pub text: Option<String>,
}

/// An item in a list (the API's items list), live or deleted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemRow {
    /// Stable identifier.
    pub id: String,
    /// Its meeting.
    pub meeting_id: String,
    /// Number as printed (`None` when deleted).
    pub number: Option<String>,
    /// Title (`None` when deleted).
    pub title: Option<String>,
    /// Kind (`None` when deleted).
    pub kind: Option<String>,
    /// Live items: when their meeting was first stored; deleted items:
    /// when the registry first saw them go.
    pub created: String,
    /// Live items: when their meeting was last written; deleted items:
    /// when they were dropped.
    pub modified: String,
    /// Dropped by a later version of the minutes.
    pub deleted: bool,
}

/// An item that a later version of its meeting's minutes no longer has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeletedItem {
    /// Its identifier.
    pub id: String,
    /// Its meeting.
    pub meeting_id: String,
    /// When the registry first recorded it as dropped.
    pub created: String,
    /// When it was (last) dropped.
    pub modified: String,
}

/// What one [`Browse::sync_registry`] call did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// Change-feed entries dealt with (0: the registry is up to date).
    pub changes: usize,
    /// Items newly recorded as deleted.
    pub deleted_items: usize,
}

/// How much the archive holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    /// Meetings.
    pub meetings: i64,
    /// Committees.
    pub committees: i64,
    /// Authorities.
    pub authorities: i64,
}

/// The registry's consumer name in `cursors`.
pub const REGISTRY_CONSUMER: &str = "api-registry";

/// Queries for the web site and the API.
#[async_trait::async_trait]
pub trait Browse: Store {
    /// How many meetings, committees and authorities there are.
    async fn totals(&self) -> Result<Totals>;

    /// Meetings, as asked.
    async fn meeting_rows(&self, q: &MeetingQuery) -> Result<Vec<MeetingRow>>;

    /// A committee's meetings in date order (undated last): what a meeting
    /// page links to (the previous and next meeting, cited meetings).
    async fn committee_index(&self, committee_id: &str) -> Result<Vec<IndexedMeeting>>;

    /// Of `meeting_ids`, those in the archive, each with its items'
    /// identifiers (to link references only to what exists).
    async fn known_meetings(&self, meeting_ids: &[String]) -> Result<HashMap<String, Vec<String>>>;

    /// Every authority, by identifier.
    async fn authorities(&self, paging: Option<&Paging>, limit: u32) -> Result<Vec<AuthorityRow>>;

    /// One authority.
    async fn authority(&self, id: &str) -> Result<Option<AuthorityRow>>;

    /// Committees: of one authority (by identifier) or, with `paging`, all
    /// in (`modified`, `id`) order.
    async fn committee_rows(
        &self,
        authority_id: Option<&str>,
        paging: Option<&Paging>,
        limit: u32,
    ) -> Result<Vec<CommitteeRow>>;

    /// One committee's row.
    async fn committee_row(&self, id: &str) -> Result<Option<CommitteeRow>>;

    /// One committee with its names, meetings and members.
    async fn committee(&self, id: &str) -> Result<Option<CommitteeDetail>>;

    /// People in (`modified`, `id`) order.
    async fn person_rows(&self, paging: &Paging, limit: u32) -> Result<Vec<PersonRow>>;

    /// One person with their attendance and declarations.
    async fn person(&self, id: &str) -> Result<Option<PersonDetail>>;

    /// Attendance records, in meeting order.
    async fn attendance(&self, of: &AttendanceOf) -> Result<Vec<AttendanceRow>>;

    /// Items, live and deleted, in (`modified`, `id`) order.
    async fn item_rows(&self, paging: &Paging, limit: u32) -> Result<Vec<ItemRow>>;

    /// An item that a later version of its minutes dropped, if `id` is one.
    async fn deleted_item(&self, id: &str) -> Result<Option<DeletedItem>>;

    /// Brings the registry up to date with at most `limit` entries of the
    /// change feed, in one write transaction (so servers sharing a
    /// PostgreSQL archive may all run it). Call until it reports 0 changes.
    async fn sync_registry(&self, limit: u32) -> Result<SyncReport>;
}

// ------------------------------------------------------------------ helpers

fn text(s: &str) -> Value {
    Value::Text(Some(s.to_owned()))
}

fn status(s: Option<String>) -> Option<MinutesStatus> {
    s.and_then(|s| serde_json::from_value(serde_json::Value::String(s)).ok())
}

/// Adds "written since, after the cursor" for columns `modified`, `id`.
pub(crate) fn keyset(filter: &mut Filter, modified: &str, id: &str, paging: &Paging) {
    // A lower bound even without `since`: it lets the databases walk the
    // index in order and stop at the limit, instead of sorting everything.
    filter.add(
        &format!("{modified} >= ?"),
        text(paging.since.as_deref().unwrap_or("")),
    );
    if let Some(c) = &paging.after {
        // The first condition lets both databases use the index's range.
        filter.add(&format!("{modified} >= ?"), text(&c.modified));
        let n = filter.params.len();
        filter.clauses.push(format!(
            "({modified} > ${} OR ({modified} = ${} AND {id} > ${}))",
            n + 1,
            n + 2,
            n + 3
        ));
        filter
            .params
            .extend([text(&c.modified), text(&c.modified), text(&c.id)]);
    }
}

/// The registry's (`modified`, `id`) order when paging (only registered
/// objects), else `plain`.
fn registry_order(filter: &mut Filter, paging: Option<&Paging>, id: &str, plain: &str) -> String {
    match paging {
        Some(p) => {
            filter.clauses.push("o.id IS NOT NULL".into());
            keyset(filter, "o.modified", id, p);
            format!("o.modified, {id}")
        }
        None => plain.to_owned(),
    }
}

fn times(row: &[Value], at: usize) -> Option<Times> {
    Some(Times {
        created: text_at(row, at)?,
        modified: text_at(row, at + 1)?,
    })
}

const MEETING_COLUMNS: &str = "m.id, m.date, m.start_time, m.venue, m.authority_id, a.name, \
     m.committee_id, COALESCE(m.committee, c.name), m.minutes_status, \
     (SELECT COUNT(*) FROM items i WHERE i.meeting_pk = m.pk), \
     (SELECT MIN(v.ingested_at) FROM meeting_versions v WHERE v.meeting_id = m.id), m.updated_at \
     FROM meetings m JOIN authorities a ON a.id = m.authority_id JOIN committees c ON c.id = m.committee_id";

const MEETING_KINDS: [Kind; 12] = [
    Kind::Text,
    Kind::Text,
    Kind::Text,
    Kind::Text,
    Kind::Text,
    Kind::Text,
    Kind::Text,
    Kind::Text,
    Kind::Text,
    Kind::Int,
    Kind::Text,
    Kind::Text,
];

fn meeting_row(r: &[Value]) -> MeetingRow {
    MeetingRow {
        id: text_at(r, 0).unwrap_or_default(),
        date: text_at(r, 1),
        start_time: text_at(r, 2),
        venue: text_at(r, 3),
        authority_id: text_at(r, 4).unwrap_or_default(),
        authority: text_at(r, 5),
        committee_id: text_at(r, 6).unwrap_or_default(),
        committee: text_at(r, 7).unwrap_or_default(),
        minutes_status: status(text_at(r, 8)),
        items: int_at(r, 9),
        created: text_at(r, 10).unwrap_or_default(),
        modified: text_at(r, 11).unwrap_or_default(),
    }
}

const COMMITTEE_COLUMNS: &str = "c.id, c.authority_id, a.name, c.name, \
     (SELECT COUNT(*) FROM meetings m WHERE m.committee_id = c.id), c.first_date, c.last_date, o.created, o.modified \
     FROM committees c JOIN authorities a ON a.id = c.authority_id \
     LEFT JOIN api_objects o ON o.kind = 'committee' AND o.id = c.id";

const COMMITTEE_KINDS: [Kind; 9] = [
    Kind::Text,
    Kind::Text,
    Kind::Text,
    Kind::Text,
    Kind::Int,
    Kind::Text,
    Kind::Text,
    Kind::Text,
    Kind::Text,
];

fn committee_row(r: &[Value]) -> CommitteeRow {
    CommitteeRow {
        id: text_at(r, 0).unwrap_or_default(),
        authority_id: text_at(r, 1).unwrap_or_default(),
        authority: text_at(r, 2),
        name: text_at(r, 3).unwrap_or_default(),
        meetings: int_at(r, 4),
        first_date: text_at(r, 5),
        last_date: text_at(r, 6),
        times: times(r, 7),
    }
}

const AUTHORITY_COLUMNS: &str = "a.id, a.name, \
     (SELECT COUNT(*) FROM committees c WHERE c.authority_id = a.id), \
     (SELECT MIN(c.first_date) FROM committees c WHERE c.authority_id = a.id), \
     (SELECT MAX(c.last_date) FROM committees c WHERE c.authority_id = a.id), o.created, o.modified \
     FROM authorities a LEFT JOIN api_objects o ON o.kind = 'authority' AND o.id = a.id";

const AUTHORITY_KINDS: [Kind; 7] = [
    Kind::Text,
    Kind::Text,
    Kind::Int,
    Kind::Text,
    Kind::Text,
    Kind::Text,
    Kind::Text,
];

fn authority_row(r: &[Value]) -> AuthorityRow {
    AuthorityRow {
        id: text_at(r, 0).unwrap_or_default(),
        name: text_at(r, 1),
        committees: int_at(r, 2),
        first_date: text_at(r, 3),
        last_date: text_at(r, 4),
        times: times(r, 5),
    }
}

const PERSON_COLUMNS: &str = "p.id, p.name, p.authority_id, a.name, o.created, o.modified \
     FROM people p JOIN authorities a ON a.id = p.authority_id";

fn person_row(r: &[Value]) -> PersonRow {
    PersonRow {
        id: text_at(r, 0).unwrap_or_default(),
        name: text_at(r, 1).unwrap_or_default(),
        authority_id: text_at(r, 2).unwrap_or_default(),
        authority: text_at(r, 3),
        times: times(r, 4),
    }
}

const PERSON_KINDS: [Kind; 6] = [Kind::Text; 6];

const ATTENDANCE_COLUMNS: &str = "m.id, m.date, m.committee_id, COALESCE(m.committee, c.name), at.status, \
     at.person_id, at.name, at.honorific, at.role, at.substitute_for, at.description, i.key, i.title \
     FROM attendance at JOIN meetings m ON m.pk = at.meeting_pk JOIN committees c ON c.id = m.committee_id \
     LEFT JOIN items i ON i.meeting_pk = at.meeting_pk AND i.position = at.item_position";

fn attendance_row(r: &[Value]) -> AttendanceRow {
    let meeting_id = text_at(r, 0).unwrap_or_default();
    AttendanceRow {
        item_id: text_at(r, 11).map(|k| format!("{meeting_id}/{k}")),
        item_title: text_at(r, 12),
        meeting_id,
        date: text_at(r, 1),
        committee_id: text_at(r, 2).unwrap_or_default(),
        committee: text_at(r, 3).unwrap_or_default(),
        status: text_at(r, 4).unwrap_or_default(),
        person_id: text_at(r, 5).unwrap_or_default(),
        name: text_at(r, 6).unwrap_or_default(),
        honorific: text_at(r, 7),
        role: text_at(r, 8),
        substitute_for: text_at(r, 9),
        description: text_at(r, 10),
    }
}

/// Folds a committee's attendance counts into one row per person.
fn members(rows: &[Vec<Value>]) -> Vec<MemberAttendance> {
    let mut by: BTreeMap<String, (MemberAttendance, BTreeSet<String>)> = BTreeMap::new();
    for r in rows {
        let Some(pid) = text_at(r, 0) else { continue };
        let (m, roles) = by.entry(pid.clone()).or_insert_with(|| {
            (
                MemberAttendance {
                    person_id: pid,
                    ..MemberAttendance::default()
                },
                BTreeSet::new(),
            )
        });
        let date = text_at(r, 5);
        if m.name.is_empty() || date >= m.last_date {
            m.name = text_at(r, 1).unwrap_or_default();
        }
        m.last_date = m.last_date.take().max(date);
        let role = text_at(r, 3);
        let n = int_at(r, 4);
        match text_at(r, 2).as_deref() {
            Some("present") => {
                m.present += n;
                if role.as_deref() == Some("substitute") {
                    m.substitute += n;
                }
            }
            Some("apologies") => m.apologies += n,
            Some("absent") => m.absent += n,
            _ => {}
        }
        roles.extend(role);
    }
    let mut out: Vec<MemberAttendance> = by
        .into_values()
        .map(|(mut m, roles)| {
            m.roles = roles.into_iter().collect();
            m
        })
        .collect();
    out.sort_by(|a, b| {
        a.name
            .cmp(&b.name)
            .then_with(|| a.person_id.cmp(&b.person_id))
    });
    out
}

/// Keeps the `limit` smallest of two lists sorted by (`modified`, `id`).
fn merge_items(a: Vec<ItemRow>, b: Vec<ItemRow>, limit: usize) -> Vec<ItemRow> {
    let mut all: Vec<ItemRow> = a.into_iter().chain(b).collect();
    all.sort_by(|x, y| x.modified.cmp(&y.modified).then_with(|| x.id.cmp(&y.id)));
    all.truncate(limit);
    all
}

impl<B: SqlBackend> SqlStore<B> {
    /// `SELECT columns` (with their `FROM`) under `filter`, in `order`, each
    /// row read by `row`.
    async fn select<T>(
        &self,
        columns: &str,
        mut filter: Filter,
        order: &str,
        limit: Option<u32>,
        kinds: &[Kind],
        row: fn(&[Value]) -> T,
    ) -> Result<Vec<T>> {
        let where_ = filter.sql();
        let limit = filter.limit(limit);
        let stmt = Stmt::new(
            format!("SELECT {columns}{where_} ORDER BY {order}{limit}"),
            filter.params,
        );
        Ok(self
            .read_many(stmt, kinds)
            .await?
            .iter()
            .map(|r| row(r))
            .collect())
    }

    /// Of `ids`, the stored meetings with their items' identifiers.
    async fn known_in(
        tx: &mut (dyn SqlTx + '_),
        ids: &[String],
        max: usize,
    ) -> Result<HashMap<String, Vec<String>>> {
        let rows = fetch_in(
            tx,
            "SELECT m.id, i.key FROM meetings m LEFT JOIN items i ON i.meeting_pk = m.pk WHERE m.id IN ({in}) \
             ORDER BY m.id, i.position",
            ids,
            &[Kind::Text, Kind::Text],
            max,
        )
        .await?;
        let mut out: HashMap<String, Vec<String>> = HashMap::new();
        for r in rows {
            let Some(id) = text_at(&r, 0) else { continue };
            let items = out.entry(id.clone()).or_default();
            if let Some(key) = text_at(&r, 1) {
                items.push(format!("{id}/{key}"));
            }
        }
        Ok(out)
    }
}

#[async_trait::async_trait]
impl<B: SqlBackend> Browse for SqlStore<B> {
    async fn totals(&self) -> Result<Totals> {
        let stmt = Stmt::new(
            "SELECT (SELECT COUNT(*) FROM meetings), (SELECT COUNT(*) FROM committees), \
             (SELECT COUNT(*) FROM authorities)",
            vec![],
        );
        let rows = self.read_many(stmt, &[Kind::Int; 3]).await?;
        Ok(rows.first().map_or_else(Totals::default, |r| Totals {
            meetings: int_at(r, 0),
            committees: int_at(r, 1),
            authorities: int_at(r, 2),
        }))
    }

    async fn meeting_rows(&self, q: &MeetingQuery) -> Result<Vec<MeetingRow>> {
        let mut filter = Filter::default();
        if let Some(a) = &q.authority_id {
            filter.add("m.authority_id = ?", text(a));
        }
        if let Some(c) = &q.committee_id {
            filter.add("m.committee_id = ?", text(c));
        }
        if let Some(id) = &q.id {
            filter.add("m.id = ?", text(id));
        }
        let order = match &q.order {
            MeetingOrder::Newest => "m.date DESC NULLS LAST, m.id",
            MeetingOrder::NewestStored => "11 DESC, m.id",
            MeetingOrder::Modified(p) => {
                keyset(&mut filter, "m.updated_at", "m.id", p);
                "m.updated_at, m.id"
            }
        };
        self.select(
            MEETING_COLUMNS,
            filter,
            order,
            q.limit,
            &MEETING_KINDS,
            meeting_row,
        )
        .await
    }

    async fn committee_index(&self, committee_id: &str) -> Result<Vec<IndexedMeeting>> {
        let stmt = Stmt::new(
            "SELECT id, date FROM meetings WHERE committee_id = $1 ORDER BY date NULLS LAST, id",
            texts([committee_id.to_owned()]),
        );
        let rows = self.read(stmt, &[Kind::Text; 2]).await?;
        let prefix = format!("{committee_id}/");
        Ok(rows
            .iter()
            .filter_map(|r| {
                let id = text_at(r, 0)?;
                Some(IndexedMeeting {
                    key: id.strip_prefix(&prefix).unwrap_or(&id).to_owned(),
                    date: text_at(r, 1),
                })
            })
            .collect())
    }

    async fn known_meetings(&self, meeting_ids: &[String]) -> Result<HashMap<String, Vec<String>>> {
        let mut tx = self.backend.begin_read().await?;
        let known = Self::known_in(&mut *tx, meeting_ids, self.backend.max_params()).await?;
        tx.commit().await?;
        Ok(known)
    }

    async fn authorities(&self, paging: Option<&Paging>, limit: u32) -> Result<Vec<AuthorityRow>> {
        let mut filter = Filter::default();
        let order = registry_order(&mut filter, paging, "a.id", "a.id");
        self.select(
            AUTHORITY_COLUMNS,
            filter,
            &order,
            Some(limit),
            &AUTHORITY_KINDS,
            authority_row,
        )
        .await
    }

    async fn authority(&self, id: &str) -> Result<Option<AuthorityRow>> {
        let mut filter = Filter::default();
        filter.add("a.id = ?", text(id));
        let rows = self
            .select(
                AUTHORITY_COLUMNS,
                filter,
                "a.id",
                None,
                &AUTHORITY_KINDS,
                authority_row,
            )
            .await?;
        Ok(rows.into_iter().next())
    }

    async fn committee_rows(
        &self,
        authority_id: Option<&str>,
        paging: Option<&Paging>,
        limit: u32,
    ) -> Result<Vec<CommitteeRow>> {
        let mut filter = Filter::default();
        if let Some(a) = authority_id {
            filter.add("c.authority_id = ?", text(a));
        }
        let order = registry_order(&mut filter, paging, "c.id", "c.name, c.id");
        self.select(
            COMMITTEE_COLUMNS,
            filter,
            &order,
            Some(limit),
            &COMMITTEE_KINDS,
            committee_row,
        )
        .await
    }

    async fn committee_row(&self, id: &str) -> Result<Option<CommitteeRow>> {
        let mut filter = Filter::default();
        filter.add("c.id = ?", text(id));
        let rows = self
            .select(
                COMMITTEE_COLUMNS,
                filter,
                "c.id",
                None,
                &COMMITTEE_KINDS,
                committee_row,
            )
            .await?;
        Ok(rows.into_iter().next())
    }

    async fn committee(&self, id: &str) -> Result<Option<CommitteeDetail>> {
        let mut tx = self.backend.begin_read().await?;
        let stmt = Stmt::new(
            format!("SELECT {COMMITTEE_COLUMNS} WHERE c.id = $1"),
            texts([id.to_owned()]),
        );
        let Some(committee) = tx
            .fetch(&stmt, &COMMITTEE_KINDS)
            .await?
            .first()
            .map(|r| committee_row(r))
        else {
            return Ok(None);
        };
        use Kind::{Int, Text};
        let stmt = Stmt::new(
            "SELECT name, first_date, last_date FROM committee_names WHERE committee_id = $1 ORDER BY first_date, name",
            texts([id.to_owned()]),
        );
        let names = tx
            .fetch(&stmt, &[Text, Text, Text])
            .await?
            .iter()
            .map(|r| NameSpan {
                name: text_at(r, 0).unwrap_or_default(),
                first_date: text_at(r, 1),
                last_date: text_at(r, 2),
            })
            .collect();
        let stmt = Stmt::new(
            format!(
                "SELECT {MEETING_COLUMNS} WHERE m.committee_id = $1 ORDER BY m.date DESC NULLS LAST, m.id"
            ),
            texts([id.to_owned()]),
        );
        let meetings = tx
            .fetch(&stmt, &MEETING_KINDS)
            .await?
            .iter()
            .map(|r| meeting_row(r))
            .collect();
        let stmt = Stmt::new(
            "SELECT at.person_id, at.name, at.status, at.role, COUNT(*), MAX(m.date) \
             FROM attendance at JOIN meetings m ON m.pk = at.meeting_pk \
             WHERE m.committee_id = $1 AND at.item_position IS NULL AND at.status IN ('present', 'apologies', 'absent') \
             GROUP BY at.person_id, at.name, at.status, at.role",
            texts([id.to_owned()]),
        );
        let counts = tx
            .fetch(&stmt, &[Text, Text, Text, Text, Int, Text])
            .await?;
        tx.commit().await?;
        Ok(Some(CommitteeDetail {
            committee,
            names,
            meetings,
            members: members(&counts),
        }))
    }

    async fn person_rows(&self, paging: &Paging, limit: u32) -> Result<Vec<PersonRow>> {
        let mut filter = Filter::default();
        keyset(&mut filter, "o.modified", "p.id", paging);
        let from =
            format!("{PERSON_COLUMNS} JOIN api_objects o ON o.kind = 'person' AND o.id = p.id");
        self.select(
            &from,
            filter,
            "o.modified, p.id",
            Some(limit),
            &PERSON_KINDS,
            person_row,
        )
        .await
    }

    async fn person(&self, id: &str) -> Result<Option<PersonDetail>> {
        let mut tx = self.backend.begin_read().await?;
        let stmt = Stmt::new(
            format!(
                "SELECT {PERSON_COLUMNS} LEFT JOIN api_objects o ON o.kind = 'person' AND o.id = p.id WHERE p.id = $1"
            ),
            texts([id.to_owned()]),
        );
        let Some(person) = tx
            .fetch(&stmt, &PERSON_KINDS)
            .await?
            .first()
            .map(|r| person_row(r))
        else {
            return Ok(None);
        };
        let stmt = Stmt::new(
            format!(
                "SELECT {ATTENDANCE_COLUMNS} WHERE at.person_id = $1 ORDER BY m.date DESC NULLS LAST, m.id, at.item_position"
            ),
            texts([id.to_owned()]),
        );
        let attendance = tx
            .fetch(&stmt, &[Kind::Text; 13])
            .await?
            .iter()
            .map(|r| attendance_row(r))
            .collect();
        // Declarations name the member as written; people are keyed by
        // name within an authority.
        let stmt = Stmt::new(
            "SELECT m.id, m.date, COALESCE(m.committee, c.name), d.item, d.kind, d.text \
             FROM declarations d JOIN meetings m ON m.pk = d.meeting_pk JOIN committees c ON c.id = m.committee_id \
             WHERE m.authority_id = $1 AND lower(d.member) = lower($2) \
             ORDER BY m.date DESC NULLS LAST, m.id, d.position",
            texts([person.authority_id.clone(), person.name.clone()]),
        );
        let declarations = tx
            .fetch(&stmt, &[Kind::Text; 6])
            .await?
            .iter()
            .map(|r| DeclarationRow {
                meeting_id: text_at(r, 0).unwrap_or_default(),
                date: text_at(r, 1),
                committee: text_at(r, 2).unwrap_or_default(),
                item: text_at(r, 3),
                kind: text_at(r, 4),
                text: text_at(r, 5),
            })
            .collect();
        tx.commit().await?;
        Ok(Some(PersonDetail {
            person,
            attendance,
            declarations,
        }))
    }

    async fn attendance(&self, of: &AttendanceOf) -> Result<Vec<AttendanceRow>> {
        let (column, id) = match of {
            AttendanceOf::Meeting(id) => ("m.id", id),
            AttendanceOf::Committee(id) => ("m.committee_id", id),
            AttendanceOf::Person(id) => ("at.person_id", id),
        };
        let stmt = Stmt::new(
            format!(
                "SELECT {ATTENDANCE_COLUMNS} WHERE {column} = $1 \
                 ORDER BY m.date NULLS LAST, m.id, at.status, at.item_position, at.position"
            ),
            texts([id.clone()]),
        );
        let rows = self.read_many(stmt, &[Kind::Text; 13]).await?;
        Ok(rows.iter().map(|r| attendance_row(r)).collect())
    }

    async fn item_rows(&self, paging: &Paging, limit: u32) -> Result<Vec<ItemRow>> {
        let mut live = Filter::default();
        keyset(&mut live, "m.updated_at", "m.id || '/' || i.key", paging);
        let where_ = live.sql();
        let lim = live.limit(Some(limit));
        let stmt = Stmt::new(
            format!(
                "SELECT m.id || '/' || i.key, m.id, i.number, i.title, i.kind, \
                 (SELECT MIN(v.ingested_at) FROM meeting_versions v WHERE v.meeting_id = m.id), m.updated_at \
                 FROM items i JOIN meetings m ON m.pk = i.meeting_pk{where_} ORDER BY m.updated_at, 1{lim}"
            ),
            live.params,
        );
        let mut tx = self.backend.begin_read().await?;
        let rows = tx.fetch(&stmt, &[Kind::Text; 7]).await?;
        let live_rows = rows
            .iter()
            .map(|r| ItemRow {
                id: text_at(r, 0).unwrap_or_default(),
                meeting_id: text_at(r, 1).unwrap_or_default(),
                number: text_at(r, 2),
                title: text_at(r, 3),
                kind: text_at(r, 4),
                created: text_at(r, 5).unwrap_or_default(),
                modified: text_at(r, 6).unwrap_or_default(),
                deleted: false,
            })
            .collect();
        let mut gone = Filter::default();
        gone.add("o.kind = ?", text("item"));
        gone.add("o.deleted = ?", Value::Bool(Some(true)));
        keyset(&mut gone, "o.modified", "o.id", paging);
        let where_ = gone.sql();
        let lim = gone.limit(Some(limit));
        let stmt = Stmt::new(
            format!(
                "SELECT o.id, o.parent, o.created, o.modified FROM api_objects o{where_} ORDER BY o.modified, o.id{lim}"
            ),
            gone.params,
        );
        let rows = tx.fetch(&stmt, &[Kind::Text; 4]).await?;
        tx.commit().await?;
        let deleted = rows
            .iter()
            .map(|r| ItemRow {
                id: text_at(r, 0).unwrap_or_default(),
                meeting_id: text_at(r, 1).unwrap_or_default(),
                number: None,
                title: None,
                kind: None,
                created: text_at(r, 2).unwrap_or_default(),
                modified: text_at(r, 3).unwrap_or_default(),
                deleted: true,
            })
            .collect();
        Ok(merge_items(
            live_rows,
            deleted,
            usize::try_from(limit).unwrap_or(usize::MAX),
        ))
    }

    async fn deleted_item(&self, id: &str) -> Result<Option<DeletedItem>> {
        let stmt = Stmt::new(
            "SELECT id, parent, created, modified FROM api_objects WHERE kind = 'item' AND id = $1 AND deleted = $2",
            vec![text(id), Value::Bool(Some(true))],
        );
        let rows = self.read(stmt, &[Kind::Text; 4]).await?;
        Ok(rows.first().map(|r| DeletedItem {
            id: text_at(r, 0).unwrap_or_default(),
            meeting_id: text_at(r, 1).unwrap_or_default(),
            created: text_at(r, 2).unwrap_or_default(),
            modified: text_at(r, 3).unwrap_or_default(),
        }))
    }

    async fn sync_registry(&self, limit: u32) -> Result<SyncReport> {
        registry::sync(self, limit).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(pid: &str, name: &str, status: &str, role: &str, n: i64, date: &str) -> Vec<Value> {
        vec![
            text(pid),
            text(name),
            text(status),
            text(role),
            Value::Int(Some(n)),
            text(date),
        ]
    }

    #[test]
    fn members_fold_statuses_and_take_the_latest_name() {
        let rows = vec![
            counts(
                "a/j-burns",
                "J. Burns",
                "present",
                "member",
                3,
                "2024-01-01",
            ),
            counts(
                "a/j-burns",
                "June Burns",
                "present",
                "substitute",
                1,
                "2024-05-01",
            ),
            counts(
                "a/j-burns",
                "J. Burns",
                "apologies",
                "member",
                2,
                "2023-01-01",
            ),
            counts("a/b-smith", "B. Smith", "absent", "member", 1, "2022-01-01"),
        ];
        let m = members(&rows);
        assert_eq!(m.len(), 2);
        assert_eq!(m[0].name, "B. Smith");
        let j = &m[1];
        assert_eq!((j.present, j.substitute, j.apologies), (4, 1, 2));
        assert_eq!(j.name, "June Burns");
        assert_eq!(j.roles, ["member", "substitute"]);
    }

    #[test]
    fn keyset_numbers_placeholders_in_order() {
        let mut f = Filter::default();
        f.add("x = ?", text("1"));
        keyset(
            &mut f,
            "m",
            "i",
            &Paging {
                since: Some("s".into()),
                after: Some(Cursor {
                    modified: "t".into(),
                    id: "k".into(),
                }),
            },
        );
        assert_eq!(
            f.sql(),
            " WHERE x = $1 AND m >= $2 AND m >= $3 AND (m > $4 OR (m = $5 AND i > $6))"
        );
        assert_eq!(f.params.len(), 6);
        let mut g = Filter::default();
        keyset(&mut g, "m", "i", &Paging::default());
        assert_eq!(g.sql(), " WHERE m >= $1", "always bounded below");
    }
}
