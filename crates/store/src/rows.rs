//! The normalised tables as data: a meeting record flattened into rows, and
//! rows assembled back into the record. Pure data, no SQL.

use crate::ids::{self, MeetingIds};
use crate::{Result, StoreError};
use minutebook_record::{
    Action, Attendance, Declaration, Document, Item, Meeting, Person, PreviousMinutes,
    RecordedVote, Reference, Resolution, Source, Span, Vote,
};
use serde::{Serialize, de::DeserializeOwned};
use std::collections::HashMap;

/// A value bound to, or read from, a column.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// TEXT.
    Text(Option<String>),
    /// INTEGER / BIGINT.
    Int(Option<i64>),
    /// BOOLEAN.
    Bool(Option<bool>),
    /// BLOB / BYTEA.
    Bytes(Vec<u8>),
}

/// The type of a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// TEXT.
    Text,
    /// INTEGER / BIGINT.
    Int,
    /// BOOLEAN.
    Bool,
    /// BLOB / BYTEA.
    Bytes,
}

/// A table: its name and columns.
#[derive(Debug)]
pub struct Table {
    /// Table name.
    pub name: &'static str,
    /// Columns in insertion order.
    pub columns: &'static [(&'static str, Kind)],
    /// `ORDER BY` that returns rows in record order.
    pub order: &'static str,
}

impl Table {
    /// The column kinds, in order.
    pub fn kinds(&self) -> Vec<Kind> {
        self.columns.iter().map(|c| c.1).collect()
    }

    /// The column names joined by `, `.
    pub fn column_list(&self) -> String {
        let names: Vec<&str> = self.columns.iter().map(|c| c.0).collect();
        names.join(", ")
    }

    fn index(&self, column: &str) -> Result<usize> {
        self.columns
            .iter()
            .position(|c| c.0 == column)
            .ok_or_else(|| StoreError::Corrupt(format!("no column {}.{column}", self.name)))
    }
}

use Kind::{Bool as B, Int as I, Text as T};

/// One row per meeting: the current version's scalar fields.
pub static MEETINGS: Table = Table {
    name: "meetings",
    columns: &[
        ("id", T),
        ("authority_id", T),
        ("committee_id", T),
        ("authority", T),
        ("committee", T),
        ("date", T),
        ("start_time", T),
        ("venue", T),
        ("contact", T),
        ("minutes_status", T),
        ("public_count", I),
        ("has_previous_minutes", B),
        ("previous_minutes_date", T),
        ("previous_minutes_approved", B),
        ("source_sha256", T),
        ("updated_at", T),
    ],
    order: "id",
};

/// Agenda items. Children of a meeting are keyed by the meeting's integer
/// `pk` and positions; their stable identifiers are the meeting's `id` plus
/// `key` (see [`crate::ids`]).
pub static ITEMS: Table = Table {
    name: "items",
    columns: &[
        ("meeting_pk", I),
        ("position", I),
        ("key", T),
        ("number", T),
        ("title", T),
        ("kind", T),
        ("agenda_text", T),
        ("minutes_text", T),
        ("minutes_truncated", B),
        ("span_start", I),
        ("span_end", I),
    ],
    order: "position",
};

/// Documents attached to items.
pub static DOCUMENTS: Table = Table {
    name: "documents",
    columns: &[
        ("meeting_pk", I),
        ("item_position", I),
        ("position", I),
        ("title", T),
        ("format", T),
        ("size_kb", I),
    ],
    order: "item_position, position",
};

/// Attendance: present, apologies, absent, also present (meeting-wide) and
/// in attendance (per item).
pub static ATTENDANCE: Table = Table {
    name: "attendance",
    columns: &[
        ("meeting_pk", I),
        ("item_position", I),
        ("status", T),
        ("position", I),
        ("person_id", T),
        ("name", T),
        ("honorific", T),
        ("role", T),
        ("substitute_for", T),
        ("description", T),
        ("span_start", I),
        ("span_end", I),
    ],
    order: "status, item_position, position",
};

/// Resolutions, with their votes.
pub static RESOLUTIONS: Table = Table {
    name: "resolutions",
    columns: &[
        ("meeting_pk", I),
        ("item_position", I),
        ("position", I),
        ("key", T),
        ("label", T),
        ("text", T),
        ("has_vote", B),
        ("vote_for", I),
        ("vote_against", I),
        ("vote_abstain", I),
        ("vote_outcome", T),
        ("casting_vote", B),
        ("span_start", I),
        ("span_end", I),
    ],
    order: "item_position, position",
};

/// Named votes.
pub static RECORDED_VOTES: Table = Table {
    name: "recorded_votes",
    columns: &[
        ("meeting_pk", I),
        ("item_position", I),
        ("resolution_position", I),
        ("position", I),
        ("name", T),
        ("vote", T),
    ],
    order: "item_position, resolution_position, position",
};

/// Actions (identifier: item's `/a` + position + 1).
pub static ACTIONS: Table = Table {
    name: "actions",
    columns: &[
        ("meeting_pk", I),
        ("item_position", I),
        ("position", I),
        ("text", T),
        ("owner", T),
        ("due_date", T),
        ("due_text", T),
        ("kind", T),
        ("from_resolution", T),
        ("span_start", I),
        ("span_end", I),
    ],
    order: "item_position, position",
};

/// Citations of earlier minutes (`references` is an SQL keyword).
pub static REFERENCES: Table = Table {
    name: "minute_references",
    columns: &[
        ("meeting_pk", I),
        ("item_position", I),
        ("position", I),
        ("minute", T),
        ("meeting_date", T),
        ("text", T),
        ("span_start", I),
        ("span_end", I),
    ],
    order: "item_position, position",
};

/// Declarations of interest.
pub static DECLARATIONS: Table = Table {
    name: "declarations",
    columns: &[
        ("meeting_pk", I),
        ("position", I),
        ("member", T),
        ("item", T),
        ("kind", T),
        ("text", T),
        ("span_start", I),
        ("span_end", I),
    ],
    order: "position",
};

/// Every table holding a meeting's parts (deleted and rewritten together).
pub static CHILD_TABLES: [&Table; 8] = [
    &ITEMS,
    &DOCUMENTS,
    &ATTENDANCE,
    &RESOLUTIONS,
    &RECORDED_VOTES,
    &ACTIONS,
    &REFERENCES,
    &DECLARATIONS,
];

/// Rows, keyed by table name.
pub type RowSet = HashMap<&'static str, Vec<Vec<Value>>>;

fn text(s: &str) -> Value {
    Value::Text(Some(s.to_owned()))
}
fn opt(s: Option<&str>) -> Value {
    Value::Text(s.map(str::to_owned))
}
fn int(n: usize) -> Value {
    Value::Int(Some(i64::try_from(n).unwrap_or(i64::MAX)))
}
fn opt_u32(n: Option<u32>) -> Value {
    Value::Int(n.map(i64::from))
}
fn span(s: Option<Span>) -> [Value; 2] {
    match s {
        Some([a, b]) => [int(a), int(b)],
        None => [Value::Int(None), Value::Int(None)],
    }
}

/// The kebab-case name of a record enum.
pub fn enum_name<E: Serialize>(e: &E) -> Option<String> {
    match serde_json::to_value(e) {
        Ok(serde_json::Value::String(s)) => Some(s),
        _ => None,
    }
}

fn enum_opt<E: Serialize>(e: Option<&E>) -> Value {
    Value::Text(e.and_then(enum_name))
}

/// The `meetings` row of a meeting.
pub fn meeting_row(id: &str, meeting: &Meeting, sha256: &str, updated_at: &str) -> Vec<Value> {
    let authority_id = ids::authority_id(meeting.authority.as_deref());
    let committee_id = ids::committee_id(&authority_id, meeting.committee.as_deref());
    let prev = meeting.previous_minutes.as_ref();
    vec![
        text(id),
        text(&authority_id),
        text(&committee_id),
        opt(meeting.authority.as_deref()),
        opt(meeting.committee.as_deref()),
        opt(meeting.date.as_deref()),
        opt(meeting.start_time.as_deref()),
        opt(meeting.venue.as_deref()),
        opt(meeting.contact.as_deref()),
        enum_opt(meeting.minutes_status.as_ref()),
        opt_u32(meeting.attendance.public_count),
        Value::Bool(Some(prev.is_some())),
        opt(prev.and_then(|p| p.date.as_deref())),
        Value::Bool(prev.and_then(|p| p.approved)),
        text(sha256),
        text(updated_at),
    ]
}

/// The part of `id` after `prefix` and `/`.
fn key_of<'a>(id: &'a str, prefix: &str) -> &'a str {
    id.strip_prefix(prefix)
        .and_then(|rest| rest.strip_prefix('/'))
        .unwrap_or(id)
}

/// Flattens a meeting's parts into rows of [`CHILD_TABLES`] for the meeting
/// row `pk`, appending to `out`.
pub fn child_rows(pk: i64, ids: &MeetingIds, meeting: &Meeting, out: &mut RowSet) {
    let authority = ids::authority_id(meeting.authority.as_deref());
    let a = &meeting.attendance;
    for (status, people) in [
        ("present", &a.present),
        ("apologies", &a.apologies),
        ("absent", &a.absent),
        ("also-present", &a.also_present),
    ] {
        for (i, p) in people.iter().enumerate() {
            push(
                out,
                &ATTENDANCE,
                person_row(pk, None, status, i, p, &authority),
            );
        }
    }
    for (i, item) in meeting.items.iter().enumerate() {
        let Some(iid) = ids.items.get(i) else {
            continue;
        };
        item_rows(pk, &ids.meeting, iid, i, item, &authority, out);
    }
    for (i, d) in meeting.declarations.iter().enumerate() {
        let [s, e] = span(d.span);
        push(
            out,
            &DECLARATIONS,
            vec![
                Value::Int(Some(pk)),
                int(i),
                text(&d.member),
                opt(d.item.as_deref()),
                enum_opt(d.kind.as_ref()),
                opt(d.text.as_deref()),
                s,
                e,
            ],
        );
    }
}

fn push(out: &mut RowSet, table: &Table, row: Vec<Value>) {
    out.entry(table.name).or_default().push(row);
}

fn person_row(
    pk: i64,
    item: Option<usize>,
    status: &str,
    i: usize,
    p: &Person,
    authority: &str,
) -> Vec<Value> {
    let [s, e] = span(p.span);
    vec![
        Value::Int(Some(pk)),
        item.map_or(Value::Int(None), int),
        text(status),
        int(i),
        text(&ids::person_id(authority, &p.name)),
        text(&p.name),
        opt(p.honorific.as_deref()),
        enum_opt(p.role.as_ref()),
        opt(p.substitute_for.as_deref()),
        opt(p.description.as_deref()),
        s,
        e,
    ]
}

fn item_rows(
    pk: i64,
    meeting_id: &str,
    iid: &ids::ItemIds,
    i: usize,
    item: &Item,
    authority: &str,
    out: &mut RowSet,
) {
    let m = Value::Int(Some(pk));
    let [s, e] = span(item.span);
    push(
        out,
        &ITEMS,
        vec![
            m.clone(),
            int(i),
            text(key_of(&iid.id, meeting_id)),
            opt(item.number.as_deref()),
            text(&item.title),
            enum_opt(Some(&item.kind)),
            opt(item.agenda_text.as_deref()),
            opt(item.minutes_text.as_deref()),
            Value::Bool(Some(item.minutes_truncated)),
            s,
            e,
        ],
    );
    for (j, d) in item.documents.iter().enumerate() {
        let row = vec![
            m.clone(),
            int(i),
            int(j),
            text(&d.title),
            opt(d.format.as_deref()),
            opt_u32(d.size_kb),
        ];
        push(out, &DOCUMENTS, row);
    }
    for (j, p) in item.in_attendance.iter().enumerate() {
        let row = person_row(pk, Some(i), "in-attendance", j, p, authority);
        push(out, &ATTENDANCE, row);
    }
    for (j, r) in item.resolutions.iter().enumerate() {
        let rid = iid.resolutions.get(j).map_or("", String::as_str);
        resolution_rows(pk, i, j, key_of(rid, &iid.id), r, out);
    }
    for (j, a) in item.actions.iter().enumerate() {
        let [s, e] = span(a.span);
        let row = vec![
            m.clone(),
            int(i),
            int(j),
            text(&a.text),
            opt(a.owner.as_deref()),
            opt(a.due_date.as_deref()),
            opt(a.due_text.as_deref()),
            enum_opt(a.kind.as_ref()),
            opt(a.from_resolution.as_deref()),
            s,
            e,
        ];
        push(out, &ACTIONS, row);
    }
    for (j, r) in item.references.iter().enumerate() {
        let [s, e] = span(r.span);
        let row = vec![
            m.clone(),
            int(i),
            int(j),
            opt(r.minute.as_deref()),
            opt(r.meeting_date.as_deref()),
            text(&r.text),
            s,
            e,
        ];
        push(out, &REFERENCES, row);
    }
}

fn resolution_rows(pk: i64, i: usize, j: usize, key: &str, r: &Resolution, out: &mut RowSet) {
    let [s, e] = span(r.span);
    let v = r.vote.as_ref();
    push(
        out,
        &RESOLUTIONS,
        vec![
            Value::Int(Some(pk)),
            int(i),
            int(j),
            text(key),
            opt(r.label.as_deref()),
            text(&r.text),
            Value::Bool(Some(v.is_some())),
            opt_u32(v.and_then(|v| v.for_)),
            opt_u32(v.and_then(|v| v.against)),
            opt_u32(v.and_then(|v| v.abstain)),
            enum_opt(v.and_then(|v| v.outcome.as_ref())),
            Value::Bool(Some(v.is_some_and(|v| v.casting_vote))),
            s,
            e,
        ],
    );
    for (k, rv) in v.map_or(&[][..], |v| &v.recorded[..]).iter().enumerate() {
        let row = vec![
            Value::Int(Some(pk)),
            int(i),
            int(j),
            int(k),
            text(&rv.name),
            enum_opt(Some(&rv.vote)),
        ];
        push(out, &RECORDED_VOTES, row);
    }
}

// ---------------------------------------------------------------- assembly

/// A row of a known table, read by column name.
struct Row<'a> {
    table: &'static Table,
    values: &'a [Value],
}

impl Row<'_> {
    fn value(&self, col: &str) -> Result<&Value> {
        let i = self.table.index(col)?;
        self.values
            .get(i)
            .ok_or_else(|| StoreError::Corrupt(format!("short row in {}", self.table.name)))
    }
    fn opt(&self, col: &str) -> Result<Option<String>> {
        match self.value(col)? {
            Value::Text(s) => Ok(s.clone()),
            other => Err(StoreError::Corrupt(format!("{col}: {other:?} is not text"))),
        }
    }
    fn text(&self, col: &str) -> Result<String> {
        Ok(self.opt(col)?.unwrap_or_default())
    }
    fn int(&self, col: &str) -> Result<Option<i64>> {
        match self.value(col)? {
            Value::Int(n) => Ok(*n),
            other => Err(StoreError::Corrupt(format!(
                "{col}: {other:?} is not an integer"
            ))),
        }
    }
    fn u32(&self, col: &str) -> Result<Option<u32>> {
        Ok(self.int(col)?.and_then(|n| u32::try_from(n).ok()))
    }
    fn bool(&self, col: &str) -> Result<Option<bool>> {
        match self.value(col)? {
            Value::Bool(b) => Ok(*b),
            Value::Int(n) => Ok(n.map(|n| n != 0)),
            other => Err(StoreError::Corrupt(format!(
                "{col}: {other:?} is not a boolean"
            ))),
        }
    }
    fn span(&self) -> Result<Option<Span>> {
        let s = self
            .int("span_start")?
            .and_then(|n| usize::try_from(n).ok());
        let e = self.int("span_end")?.and_then(|n| usize::try_from(n).ok());
        Ok(s.zip(e).map(|(s, e)| [s, e]))
    }
    fn enum_of<E: DeserializeOwned>(&self, col: &str) -> Result<Option<E>> {
        self.opt(col)?
            .map(|s| {
                serde_json::from_value(serde_json::Value::String(s.clone()))
                    .map_err(|_| StoreError::Corrupt(format!("{col}: unknown value {s:?}")))
            })
            .transpose()
    }
}

fn rows<'a>(set: &'a RowSet, table: &'static Table) -> impl Iterator<Item = Row<'a>> {
    set.get(table.name)
        .into_iter()
        .flatten()
        .map(move |values| Row { table, values })
}

/// Assembles a meeting from its `meetings` row (followed by the source's
/// `path` and `format`) and its child rows (in each table's `order`).
pub fn assemble(meeting_row: &[Value], children: &RowSet) -> Result<Meeting> {
    let m = Row {
        table: &MEETINGS,
        values: meeting_row,
    };
    let n = MEETINGS.columns.len();
    let extra = |i: usize| match meeting_row.get(n + i) {
        Some(Value::Text(s)) => s.clone(),
        _ => None,
    };
    let previous_minutes = if m.bool("has_previous_minutes")?.unwrap_or(false) {
        Some(PreviousMinutes {
            date: m.opt("previous_minutes_date")?,
            approved: m.bool("previous_minutes_approved")?,
        })
    } else {
        None
    };
    let mut meeting = Meeting {
        source: Source {
            path: extra(0),
            sha256: m.opt("source_sha256")?,
            format: extra(1),
        },
        authority: m.opt("authority")?,
        committee: m.opt("committee")?,
        date: m.opt("date")?,
        start_time: m.opt("start_time")?,
        venue: m.opt("venue")?,
        contact: m.opt("contact")?,
        minutes_status: m.enum_of("minutes_status")?,
        previous_minutes,
        ..Meeting::default()
    };
    meeting.attendance.public_count = m.u32("public_count")?;
    let mut item_index = HashMap::new();
    for r in rows(children, &ITEMS) {
        item_index.insert(r.int("position")?.unwrap_or(-1), meeting.items.len());
        meeting.items.push(item(&r)?);
    }
    attach_children(&mut meeting, &item_index, children)?;
    Ok(meeting)
}

fn item(r: &Row<'_>) -> Result<Item> {
    let mut item = Item::new(
        r.opt("number")?,
        r.text("title")?,
        r.enum_of("kind")?.unwrap_or_default(),
    );
    item.agenda_text = r.opt("agenda_text")?;
    item.minutes_text = r.opt("minutes_text")?;
    item.minutes_truncated = r.bool("minutes_truncated")?.unwrap_or(false);
    item.span = r.span()?;
    Ok(item)
}

fn attach_children(
    meeting: &mut Meeting,
    item_index: &HashMap<i64, usize>,
    children: &RowSet,
) -> Result<()> {
    let item_of = |r: &Row<'_>| -> Result<usize> {
        let at = r.int("item_position")?.unwrap_or(-1);
        item_index
            .get(&at)
            .copied()
            .ok_or_else(|| StoreError::Corrupt(format!("row for missing item {at}")))
    };
    for r in rows(children, &DOCUMENTS) {
        let doc = Document {
            title: r.text("title")?,
            format: r.opt("format")?,
            size_kb: r.u32("size_kb")?,
        };
        meeting.items[item_of(&r)?].documents.push(doc);
    }
    attach_attendance(meeting, &item_of, children)?;
    let mut resolution_index = HashMap::new();
    for r in rows(children, &RESOLUTIONS) {
        let i = item_of(&r)?;
        let res = resolution(&r)?;
        let list = &mut meeting.items[i].resolutions;
        let at = (r.int("item_position")?, r.int("position")?);
        resolution_index.insert(at, (i, list.len()));
        list.push(res);
    }
    for r in rows(children, &RECORDED_VOTES) {
        let at = (r.int("item_position")?, r.int("resolution_position")?);
        let &(i, j) = resolution_index
            .get(&at)
            .ok_or_else(|| StoreError::Corrupt(format!("vote for missing resolution {at:?}")))?;
        let vote = r
            .enum_of("vote")?
            .ok_or_else(|| StoreError::Corrupt("recorded vote without a vote".into()))?;
        let rv = RecordedVote {
            name: r.text("name")?,
            vote,
        };
        if let Some(v) = meeting.items[i].resolutions[j].vote.as_mut() {
            v.recorded.push(rv);
        }
    }
    for r in rows(children, &ACTIONS) {
        let a = Action {
            text: r.text("text")?,
            owner: r.opt("owner")?,
            due_date: r.opt("due_date")?,
            due_text: r.opt("due_text")?,
            kind: r.enum_of("kind")?,
            from_resolution: r.opt("from_resolution")?,
            span: r.span()?,
        };
        meeting.items[item_of(&r)?].actions.push(a);
    }
    for r in rows(children, &REFERENCES) {
        let reference = Reference {
            minute: r.opt("minute")?,
            meeting_date: r.opt("meeting_date")?,
            text: r.text("text")?,
            span: r.span()?,
        };
        meeting.items[item_of(&r)?].references.push(reference);
    }
    for r in rows(children, &DECLARATIONS) {
        meeting.declarations.push(Declaration {
            member: r.text("member")?,
            item: r.opt("item")?,
            kind: r.enum_of("kind")?,
            text: r.opt("text")?,
            span: r.span()?,
        });
    }
    Ok(())
}

fn resolution(r: &Row<'_>) -> Result<Resolution> {
    let vote = if r.bool("has_vote")?.unwrap_or(false) {
        Some(Vote {
            for_: r.u32("vote_for")?,
            against: r.u32("vote_against")?,
            abstain: r.u32("vote_abstain")?,
            outcome: r.enum_of("vote_outcome")?,
            casting_vote: r.bool("casting_vote")?.unwrap_or(false),
            recorded: Vec::new(),
        })
    } else {
        None
    };
    Ok(Resolution {
        label: r.opt("label")?,
        text: r.text("text")?,
        vote,
        span: r.span()?,
    })
}

fn attach_attendance(
    meeting: &mut Meeting,
    item_of: &dyn Fn(&Row<'_>) -> Result<usize>,
    children: &RowSet,
) -> Result<()> {
    // Rows come ordered by status, item and position.
    for r in rows(children, &ATTENDANCE) {
        let p = Person {
            name: r.text("name")?,
            honorific: r.opt("honorific")?,
            role: r.enum_of("role")?,
            substitute_for: r.opt("substitute_for")?,
            description: r.opt("description")?,
            span: r.span()?,
        };
        let a: &mut Attendance = &mut meeting.attendance;
        match r.text("status")?.as_str() {
            "present" => a.present.push(p),
            "apologies" => a.apologies.push(p),
            "absent" => a.absent.push(p),
            "also-present" => a.also_present.push(p),
            "in-attendance" => meeting.items[item_of(&r)?].in_attendance.push(p),
            other => return Err(StoreError::Corrupt(format!("attendance status {other:?}"))),
        }
    }
    Ok(())
}

/// Rows that the database aggregated into one JSON array of arrays (see
/// [`crate::sql::SqlBackend::json_rows`]), decoded as `kinds`; `what` names
/// them in errors.
///
/// One statement can then carry a meeting with all its parts: a page costs
/// one round trip to the database instead of one per table. Booleans come
/// as `true`/`false` (PostgreSQL) or `0`/`1` (SQLite). JSON holds no bytes:
/// only tables without [`Kind::Bytes`] columns can be read this way.
pub fn from_json(json: &str, kinds: &[Kind], what: &str) -> Result<Vec<Vec<Value>>> {
    let corrupt = |why: String| StoreError::Corrupt(format!("{what}: {why}"));
    let rows: Vec<Vec<serde_json::Value>> =
        serde_json::from_str(json).map_err(|e| corrupt(format!("aggregated rows: {e}")))?;
    rows.into_iter()
        .map(|row| {
            if row.len() != kinds.len() {
                return Err(corrupt(format!(
                    "aggregated row of {} columns, expected {}",
                    row.len(),
                    kinds.len()
                )));
            }
            row.into_iter()
                .zip(kinds)
                .map(|(v, k)| json_value(v, *k).map_err(&corrupt))
                .collect()
        })
        .collect()
}

fn json_value(v: serde_json::Value, kind: Kind) -> std::result::Result<Value, String> {
    use serde_json::Value as J;
    let bad = |v: &J| format!("aggregated value {v} is not {kind:?}");
    Ok(match (kind, v) {
        (Kind::Text, J::Null) => Value::Text(None),
        (Kind::Text, J::String(s)) => Value::Text(Some(s)),
        // A number in a column without TEXT affinity.
        (Kind::Text, J::Number(n)) => Value::Text(Some(n.to_string())),
        (Kind::Int, J::Null) => Value::Int(None),
        (Kind::Int, J::Number(n)) => {
            Value::Int(Some(n.as_i64().ok_or_else(|| bad(&J::Number(n)))?))
        }
        (Kind::Bool, J::Null) => Value::Bool(None),
        (Kind::Bool, J::Bool(b)) => Value::Bool(Some(b)),
        (Kind::Bool, J::Number(n)) => Value::Bool(Some(n.as_i64().is_some_and(|n| n != 0))),
        (_, v) => return Err(bad(&v)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aggregated_rows_decode_from_either_backend() {
        let kinds = [Kind::Int, Kind::Text, Kind::Bool, Kind::Text];
        let sqlite = r#"[[1,"a",1,null],[2,"b\"c",0,"x"]]"#;
        let postgres = r#"[[1,"a",true,null],[2,"b\"c",false,"x"]]"#;
        let expected = vec![
            vec![
                Value::Int(Some(1)),
                Value::Text(Some("a".into())),
                Value::Bool(Some(true)),
                Value::Text(None),
            ],
            vec![
                Value::Int(Some(2)),
                Value::Text(Some("b\"c".into())),
                Value::Bool(Some(false)),
                Value::Text(Some("x".into())),
            ],
        ];
        assert_eq!(from_json(sqlite, &kinds, "t").unwrap(), expected);
        assert_eq!(from_json(postgres, &kinds, "t").unwrap(), expected);
        assert_eq!(
            from_json("[]", &kinds, "t").unwrap(),
            Vec::<Vec<Value>>::new()
        );
    }

    /// A meeting is read in one statement with its child tables as JSON
    /// (`SqlStore::meeting`): JSON has no bytes, and PostgreSQL's
    /// `json_build_array` takes at most 100 arguments.
    #[test]
    fn child_tables_can_be_aggregated_as_json() {
        for t in CHILD_TABLES {
            assert!(t.columns.len() < 100, "{} has too many columns", t.name);
            assert!(
                t.columns.iter().all(|c| c.1 != Kind::Bytes),
                "{} has a bytes column",
                t.name
            );
        }
    }

    #[test]
    fn aggregated_rows_of_the_wrong_shape_are_corrupt() {
        let kinds = [Kind::Int, Kind::Text];
        for bad in [
            r#"[[1]]"#,
            r#"[["one","a"]]"#,
            r#"[[1.5,"a"]]"#,
            "not json",
            "{}",
        ] {
            match from_json(bad, &kinds, "meeting x, items") {
                Err(StoreError::Corrupt(why)) => {
                    assert!(why.starts_with("meeting x, items: "), "{why}")
                }
                other => panic!("{bad}: {other:?}"),
            }
        }
    }

    #[test]
    fn enum_names_are_kebab_case() {
        assert_eq!(
            enum_name(&minutebook_record::ItemKind::PreviousMinutes).as_deref(),
            Some("previous-minutes")
        );
    }
}
