//! The archive's logic, once for every backend, in the SQL that SQLite and
//! PostgreSQL both accept (`$n` placeholders, `ON CONFLICT`, `CASE`,
//! `lower(…) LIKE`). A backend supplies an executor, [`SqlBackend`]; this
//! module supplies the statements and [`SqlStore`], the [`Store`].

use crate::ids;
use crate::rows::{self, CHILD_TABLES, Kind, MEETINGS, RowSet, Table, Value};
use crate::{
    Change, CommitteeSummary, Counts, ListFilter, MeetingSummary, NewDocument, Outcome,
    PersonSummary, Reparsed, Result, Store, StoreError, StoredMeeting, StoredSource, VersionInfo,
    Written, compress,
};
use minutebook_record::Meeting;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

/// One SQL statement and its parameters. Placeholders are `$1`, `$2`, …,
/// in order, each used once (so a backend may bind them positionally).
#[derive(Debug, Clone, PartialEq)]
pub struct Stmt {
    /// The SQL text.
    pub sql: String,
    /// The parameters, in placeholder order.
    pub params: Vec<Value>,
}

impl Stmt {
    /// A statement.
    pub fn new(sql: impl Into<String>, params: Vec<Value>) -> Self {
        Self {
            sql: sql.into(),
            params,
        }
    }
}

/// A transaction on a backend.
#[async_trait::async_trait]
pub trait SqlTx: Send {
    /// Runs a statement; returns the number of rows affected.
    async fn execute(&mut self, stmt: &Stmt) -> Result<u64>;
    /// Runs a query; decodes each row's columns as `kinds`.
    async fn fetch(&mut self, stmt: &Stmt, kinds: &[Kind]) -> Result<Vec<Vec<Value>>>;
    /// Commits. Dropping a transaction without committing rolls it back.
    async fn commit(self: Box<Self>) -> Result<()>;
}

/// What a database backend supplies.
#[async_trait::async_trait]
pub trait SqlBackend: Send + Sync {
    /// `sqlite` or `postgres`.
    fn name(&self) -> &'static str;
    /// A write transaction. Writers are serialised: a backend takes its
    /// write lock at the start (SQLite `BEGIN IMMEDIATE`, PostgreSQL an
    /// advisory lock), so what a batch reads stays true until it commits.
    async fn begin_write(&self) -> Result<Box<dyn SqlTx + '_>>;
    /// A read-only transaction that sees one snapshot throughout.
    async fn begin_read(&self) -> Result<Box<dyn SqlTx + '_>>;
    /// Runs one small query outside any transaction (one statement sees
    /// one snapshot by itself; `BEGIN` and `COMMIT` would be two more round
    /// trips to the database). A backend may run it on the calling thread:
    /// callers send only reads by key here, and larger ones through
    /// [`SqlBackend::begin_read`].
    async fn fetch(&self, stmt: &Stmt, kinds: &[Kind]) -> Result<Vec<Vec<Value>>>;
    /// An aggregate expression that turns the rows of a `SELECT` into one
    /// JSON text, an array of arrays of `columns` ordered by `order`, for
    /// [`rows::from_json`]; `[]` when there are none.
    fn json_rows(&self, columns: &str, order: &str) -> String;
    /// Closes every connection and waits until they are closed.
    async fn close(&self);
    /// The most parameters one statement may carry.
    fn max_params(&self) -> usize {
        30_000
    }
}

/// The [`Store`] over a [`SqlBackend`].
#[derive(Debug)]
pub struct SqlStore<B> {
    pub(crate) backend: B,
    /// Compression dictionaries read so far (they never change).
    dictionaries: std::sync::Mutex<HashMap<i64, std::sync::Arc<Vec<u8>>>>,
    /// The statements that read a meeting, and an authority's meetings,
    /// whole, spelled for the backend.
    meeting_sql: std::sync::OnceLock<String>,
    authority_sql: std::sync::OnceLock<String>,
}

impl<B: SqlBackend> SqlStore<B> {
    /// Wraps a backend (already migrated).
    pub fn new(backend: B) -> Self {
        Self {
            backend,
            dictionaries: std::sync::Mutex::default(),
            meeting_sql: std::sync::OnceLock::new(),
            authority_sql: std::sync::OnceLock::new(),
        }
    }

    /// The dictionary `id`, from the cache or the archive.
    async fn dictionary_bytes(&self, id: i64) -> Result<std::sync::Arc<Vec<u8>>> {
        if let Some(d) = self.cached(id) {
            return Ok(d);
        }
        let stmt = Stmt::new(
            "SELECT bytes FROM compression_dictionaries WHERE id = $1",
            vec![Value::Int(Some(id))],
        );
        let rows = self.read(stmt, &[Kind::Bytes]).await?;
        let bytes = rows
            .first()
            .map(|r| std::sync::Arc::new(bytes_at(r, 0).to_vec()))
            .ok_or_else(|| StoreError::Corrupt(format!("no compression dictionary {id}")))?;
        if let Ok(mut cache) = self.dictionaries.lock() {
            cache.insert(id, bytes.clone());
        }
        Ok(bytes)
    }

    fn cached(&self, id: i64) -> Option<std::sync::Arc<Vec<u8>>> {
        self.dictionaries.lock().ok()?.get(&id).cloned()
    }

    /// Decompresses a stored original packed with dictionary `dict` (if any).
    async fn unpack(&self, bytes: &[u8], dict: Option<i64>) -> Result<Vec<u8>> {
        match dict {
            Some(id) => {
                let d = self.dictionary_bytes(id).await?;
                compress::decompress(bytes, Some(&d))
            }
            None => compress::decompress(bytes, None),
        }
    }

    /// The backend.
    pub fn backend_ref(&self) -> &B {
        &self.backend
    }
}

pub(crate) fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// `$first, $first+1, …` (`n` placeholders).
pub(crate) fn placeholders(first: usize, n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        if i > 0 {
            s.push_str(", ");
        }
        let _ = write!(s, "${}", first + i);
    }
    s
}

pub(crate) fn texts(values: impl IntoIterator<Item = String>) -> Vec<Value> {
    values.into_iter().map(|s| Value::Text(Some(s))).collect()
}

/// At most this many rows per multi-row `INSERT`.
const MAX_INSERT_ROWS: usize = 128;

/// Multi-row `INSERT`s of `rows` into `table`/`columns`, each statement
/// under `max_params`, followed by `tail` (e.g. an `ON CONFLICT` clause).
///
/// Statements carry a power of two of rows, at most [`MAX_INSERT_ROWS`]
/// (37 rows: 32, 4 and 1), so that a table has a handful of distinct
/// statements, which the drivers prepare once and cache, rather than one
/// per batch size: preparing an `INSERT` with thousands of parameters took
/// 4% of an ingest's CPU (BENCHMARKS.md "Ingest").
pub(crate) fn inserts(
    table: &str,
    columns: &[&str],
    rows: Vec<Vec<Value>>,
    tail: &str,
    max_params: usize,
) -> Vec<Stmt> {
    let most = (max_params / columns.len().max(1)).clamp(1, MAX_INSERT_ROWS);
    let mut out = Vec::new();
    let mut rows = rows.into_iter();
    for per in power_of_two_chunks(rows.len(), most) {
        let chunk: Vec<Vec<Value>> = rows.by_ref().take(per).collect();
        let mut sql = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
        let mut params = Vec::with_capacity(chunk.len() * columns.len());
        for (i, row) in chunk.into_iter().enumerate() {
            if i > 0 {
                sql.push_str(", ");
            }
            let _ = write!(sql, "({})", placeholders(params.len() + 1, row.len()));
            params.extend(row);
        }
        sql.push_str(tail);
        out.push(Stmt::new(sql, params));
    }
    out
}

fn table_inserts(table: &Table, rows: Vec<Vec<Value>>, tail: &str, max: usize) -> Vec<Stmt> {
    let cols: Vec<&str> = table.columns.iter().map(|c| c.0).collect();
    inserts(table.name, &cols, rows, tail, max)
}

/// Sizes of the chunks that cover `n` things: powers of two, at most
/// `most` (rounded down to a power of two), largest first (37 things, at
/// most 32: 32, 4 and 1).
fn power_of_two_chunks(mut n: usize, most: usize) -> impl Iterator<Item = usize> {
    let most = 1 << most.max(1).ilog2();
    std::iter::from_fn(move || {
        (n > 0).then(|| {
            let per = most.min(1 << n.ilog2());
            n -= per;
            per
        })
    })
}

/// At most this many keys per `IN (…)` list.
const MAX_IN_KEYS: usize = 1024;

/// `sql` with `IN (…)` over `keys`, in chunks; `{in}` marks the list.
///
/// Lists are padded to a power of two of keys by repeating the last one
/// (which `IN` ignores), so that a read by keys (a page of search results,
/// say) has a few statements to prepare and cache, not one per number of
/// keys, and still takes one statement up to the chunk size.
pub(crate) fn in_chunks(sql: &str, keys: &[String], max: usize) -> Vec<Stmt> {
    let most = 1 << max.clamp(1, MAX_IN_KEYS).ilog2();
    keys.chunks(most)
        .map(|chunk| {
            let size = chunk.len().next_power_of_two();
            let padding = chunk.iter().rev().take(1).cycle().take(size - chunk.len());
            let list = placeholders(1, size);
            Stmt::new(
                sql.replace("{in}", &list),
                texts(chunk.iter().chain(padding).cloned()),
            )
        })
        .collect()
}

pub(crate) async fn fetch_in(
    tx: &mut (dyn SqlTx + '_),
    sql: &str,
    keys: &[String],
    kinds: &[Kind],
    max: usize,
) -> Result<Vec<Vec<Value>>> {
    let mut out = Vec::new();
    for stmt in in_chunks(sql, keys, max) {
        out.extend(tx.fetch(&stmt, kinds).await?);
    }
    Ok(out)
}

pub(crate) fn text_at(row: &[Value], i: usize) -> Option<String> {
    match row.get(i) {
        Some(Value::Text(s)) => s.clone(),
        _ => None,
    }
}

pub(crate) fn int_at(row: &[Value], i: usize) -> i64 {
    match row.get(i) {
        Some(Value::Int(Some(n))) => *n,
        Some(Value::Bool(Some(b))) => i64::from(*b),
        _ => 0,
    }
}

pub(crate) fn int_opt(row: &[Value], i: usize) -> Option<i64> {
    match row.get(i) {
        Some(Value::Int(n)) => *n,
        _ => None,
    }
}

pub(crate) fn bytes_at(row: &[Value], i: usize) -> &[u8] {
    match row.get(i) {
        Some(Value::Bytes(b)) => b,
        _ => &[],
    }
}

// ------------------------------------------------------------------ writes

/// The current version of a meeting, to be written to the normalised
/// tables.
struct Current<'a> {
    id: &'a str,
    meeting: &'a Meeting,
    sha256: &'a str,
}

/// Replaces the normalised rows of `current` meetings (`existing` of them
/// already have rows), upserting the authorities, committees, committee
/// names and people they name.
async fn write_current(
    tx: &mut (dyn SqlTx + '_),
    current: &[Current<'_>],
    existing: &[String],
    now: &str,
    max: usize,
) -> Result<()> {
    let mut stmts = Vec::new();
    for t in CHILD_TABLES.iter().rev() {
        let sql = format!(
            "DELETE FROM {} WHERE meeting_pk IN (SELECT pk FROM meetings WHERE id IN ({{in}}))",
            t.name
        );
        stmts.extend(in_chunks(&sql, existing, max));
    }
    stmts.extend(dimension_rows(current, max));
    for stmt in &stmts {
        tx.execute(stmt).await?;
    }
    let meeting_rows = current
        .iter()
        .map(|c| rows::meeting_row(c.id, c.meeting, c.sha256, now))
        .collect();
    let updates: Vec<String> = MEETINGS.columns[1..]
        .iter()
        .map(|(c, _)| format!("{c} = excluded.{c}"))
        .collect();
    let tail = format!(
        " ON CONFLICT (id) DO UPDATE SET {} RETURNING id, pk",
        updates.join(", ")
    );
    let mut pks: HashMap<String, i64> = HashMap::new();
    for stmt in table_inserts(&MEETINGS, meeting_rows, &tail, max) {
        for r in tx.fetch(&stmt, &[Kind::Text, Kind::Int]).await? {
            if let Some(id) = text_at(&r, 0) {
                pks.insert(id, int_at(&r, 1));
            }
        }
    }
    let mut children = RowSet::new();
    for c in current {
        let pk = pks
            .get(c.id)
            .copied()
            .ok_or_else(|| StoreError::Corrupt(format!("meeting {} not written", c.id)))?;
        rows::child_rows(pk, &ids::assign(c.id, c.meeting), c.meeting, &mut children);
    }
    for t in CHILD_TABLES {
        let rows = children.remove(t.name).unwrap_or_default();
        for stmt in table_inserts(t, rows, "", max) {
            tx.execute(&stmt).await?;
        }
    }
    let order: Vec<i64> = current
        .iter()
        .filter_map(|c| pks.get(c.id).copied())
        .collect();
    for stmt in feed_rows(&order, max) {
        tx.execute(&stmt).await?;
    }
    Ok(())
}

/// Moves the meetings `pks` to the end of the change feed, in order.
fn feed_rows(pks: &[i64], max: usize) -> Vec<Stmt> {
    let mut stmts: Vec<Stmt> = pks
        .chunks(max.max(1))
        .map(|chunk| {
            Stmt::new(
                format!(
                    "DELETE FROM changes WHERE meeting_pk IN ({})",
                    placeholders(1, chunk.len())
                ),
                chunk.iter().map(|pk| Value::Int(Some(*pk))).collect(),
            )
        })
        .collect();
    let rows = pks.iter().map(|pk| vec![Value::Int(Some(*pk))]).collect();
    stmts.extend(inserts("changes", &["meeting_pk"], rows, "", max));
    stmts
}

/// Keeps the earlier of two optional dates.
fn earlier(a: Option<String>, b: Option<String>) -> Option<String> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

#[derive(Default)]
struct Span {
    name: String,
    first: Option<String>,
    last: Option<String>,
}

impl Span {
    fn add(&mut self, name: &str, date: Option<&str>) {
        let date = date.map(str::to_owned);
        if self.name.is_empty() || (date.is_some() && date >= self.last) {
            self.name = name.to_owned();
        }
        self.first = earlier(self.first.take(), date.clone());
        self.last = self.last.take().max(date);
    }
}

const DATE_MERGE: &str = "first_date = CASE WHEN {t}.first_date IS NULL OR excluded.first_date < {t}.first_date THEN excluded.first_date ELSE {t}.first_date END, \
     last_date = CASE WHEN {t}.last_date IS NULL OR excluded.last_date > {t}.last_date THEN excluded.last_date ELSE {t}.last_date END";

fn dimension_rows(current: &[Current<'_>], max: usize) -> Vec<Stmt> {
    let mut authorities: HashMap<String, Option<String>> = HashMap::new();
    let mut committees: HashMap<String, (String, Span)> = HashMap::new();
    let mut names: HashMap<(String, String), Span> = HashMap::new();
    let mut people: HashMap<String, (String, String)> = HashMap::new();
    for c in current {
        let m = c.meeting;
        let aid = ids::authority_id(m.authority.as_deref());
        let cid = ids::committee_id(&aid, m.committee.as_deref());
        let slot = authorities.entry(aid.clone()).or_default();
        if slot.is_none() {
            slot.clone_from(&m.authority);
        }
        let cname = m.committee.as_deref().unwrap_or("(unknown committee)");
        let date = m.date.as_deref();
        let entry = committees
            .entry(cid.clone())
            .or_insert_with(|| (aid.clone(), Span::default()));
        entry.1.add(cname, date);
        names
            .entry((cid.clone(), cname.to_owned()))
            .or_default()
            .add(cname, date);
        for p in all_people(m) {
            let pid = ids::person_id(&aid, &p.name);
            people
                .entry(pid)
                .or_insert_with(|| (aid.clone(), p.name.clone()));
        }
    }
    let mut out = Vec::new();
    let rows = authorities
        .into_iter()
        .map(|(id, name)| vec![Value::Text(Some(id)), Value::Text(name)])
        .collect();
    out.extend(inserts(
        "authorities",
        &["id", "name"],
        rows,
        " ON CONFLICT (id) DO UPDATE SET name = COALESCE(authorities.name, excluded.name)",
        max,
    ));
    let rows = committees
        .into_iter()
        .map(|(id, (aid, s))| texts_opt([Some(id), Some(aid), Some(s.name), s.first, s.last]))
        .collect();
    let tail = format!(
        " ON CONFLICT (id) DO UPDATE SET name = CASE WHEN committees.last_date IS NULL OR excluded.last_date >= committees.last_date THEN excluded.name ELSE committees.name END, {}",
        DATE_MERGE.replace("{t}", "committees")
    );
    out.extend(inserts(
        "committees",
        &["id", "authority_id", "name", "first_date", "last_date"],
        rows,
        &tail,
        max,
    ));
    let rows = names
        .into_iter()
        .map(|((cid, name), s)| texts_opt([Some(cid), Some(name), s.first, s.last]))
        .collect();
    let tail = format!(
        " ON CONFLICT (committee_id, name) DO UPDATE SET {}",
        DATE_MERGE.replace("{t}", "committee_names")
    );
    out.extend(inserts(
        "committee_names",
        &["committee_id", "name", "first_date", "last_date"],
        rows,
        &tail,
        max,
    ));
    let rows = people
        .into_iter()
        .map(|(id, (aid, name))| texts([id, aid, name]))
        .collect();
    out.extend(inserts(
        "people",
        &["id", "authority_id", "name"],
        rows,
        " ON CONFLICT (id) DO NOTHING",
        max,
    ));
    out
}

fn texts_opt<const N: usize>(v: [Option<String>; N]) -> Vec<Value> {
    v.into_iter().map(Value::Text).collect()
}

/// Everyone a meeting's record names: members present, apologies, absent,
/// also present and in attendance for items.
pub fn all_people(m: &Meeting) -> impl Iterator<Item = &minutebook_record::Person> {
    let a = &m.attendance;
    a.present
        .iter()
        .chain(&a.apologies)
        .chain(&a.absent)
        .chain(&a.also_present)
        .chain(m.items.iter().flat_map(|i| &i.in_attendance))
}

/// What the archive already holds for a batch.
struct Known {
    /// Stored sources: SHA-256 → meeting id.
    sources: HashMap<String, Option<String>>,
    /// Meetings with rows: id → latest version number.
    versions: HashMap<String, i64>,
}

async fn known_for(
    tx: &mut (dyn SqlTx + '_),
    docs: &[(String, &NewDocument)],
    max: usize,
) -> Result<Known> {
    let shas: Vec<String> = docs.iter().map(|d| d.1.sha256.clone()).collect();
    let rows = fetch_in(
        tx,
        "SELECT sha256, meeting_id FROM sources WHERE sha256 IN ({in})",
        &shas,
        &[Kind::Text, Kind::Text],
        max,
    )
    .await?;
    let sources = rows
        .iter()
        .filter_map(|r| Some((text_at(r, 0)?, text_at(r, 1))))
        .collect();
    let ids: Vec<String> = docs
        .iter()
        .map(|d| d.0.clone())
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let rows = fetch_in(
        tx,
        "SELECT meeting_id, MAX(version) FROM meeting_versions WHERE meeting_id IN ({in}) GROUP BY meeting_id",
        &ids,
        &[Kind::Text, Kind::Int],
        max,
    )
    .await?;
    let versions = rows
        .iter()
        .filter_map(|r| Some((text_at(r, 0)?, int_at(r, 1))))
        .collect();
    Ok(Known { sources, versions })
}

/// A classified batch: outcomes, the statements that store the new sources
/// and versions, and which documents become current (in order).
struct Plan {
    written: Vec<Written>,
    stmts: Vec<Stmt>,
    current: Vec<usize>,
    existing: Vec<String>,
}

/// Classifies a batch.
fn plan_batch(docs: &[(String, &NewDocument)], mut known: Known, now: &str, max: usize) -> Plan {
    let mut written = Vec::with_capacity(docs.len());
    let mut sources = Vec::new();
    let mut versions = Vec::new();
    let mut current: HashMap<&str, usize> = HashMap::new();
    let before: HashSet<String> = known.versions.keys().cloned().collect();
    for (i, (id, doc)) in docs.iter().enumerate() {
        if let Some(mid) = known.sources.get(&doc.sha256) {
            written.push(Written {
                sha256: doc.sha256.clone(),
                meeting_id: mid.clone(),
                outcome: Outcome::Unchanged,
            });
            continue;
        }
        known.sources.insert(doc.sha256.clone(), Some(id.clone()));
        let version = known.versions.get(id).map_or(1, |v| v + 1);
        known.versions.insert(id.clone(), version);
        sources.push(source_row(id, doc, now));
        versions.push(vec![
            Value::Text(Some(id.clone())),
            Value::Int(Some(version)),
            Value::Text(Some(doc.sha256.clone())),
            Value::Text(Some(now.to_owned())),
            Value::Text(
                doc.meeting
                    .minutes_status
                    .as_ref()
                    .and_then(rows::enum_name),
            ),
        ]);
        current.insert(id, i);
        written.push(Written {
            sha256: doc.sha256.clone(),
            meeting_id: Some(id.clone()),
            outcome: if version == 1 {
                Outcome::New
            } else {
                Outcome::Updated
            },
        });
    }
    let mut stmts = inserts(
        "sources",
        &SOURCE_COLUMNS,
        sources,
        " ON CONFLICT (sha256) DO NOTHING",
        max,
    );
    stmts.extend(inserts(
        "meeting_versions",
        &[
            "meeting_id",
            "version",
            "sha256",
            "ingested_at",
            "minutes_status",
        ],
        versions,
        "",
        max,
    ));
    let existing: Vec<String> = current
        .keys()
        .filter(|id| before.contains(**id))
        .map(|id| (*id).to_owned())
        .collect();
    let mut order: Vec<usize> = current.into_values().collect();
    order.sort_unstable();
    Plan {
        written,
        stmts,
        current: order,
        existing,
    }
}

const SOURCE_COLUMNS: [&str; 11] = [
    "sha256",
    "meeting_id",
    "size",
    "format",
    "parser_version",
    "authority",
    "path",
    "ingested_at",
    "compression",
    "dictionary_id",
    "original",
];

fn source_row(id: &str, doc: &NewDocument, now: &str) -> Vec<Value> {
    vec![
        Value::Text(Some(doc.sha256.clone())),
        Value::Text(Some(id.to_owned())),
        Value::Int(Some(i64::try_from(doc.size).unwrap_or(i64::MAX))),
        Value::Text(Some(doc.format.clone())),
        Value::Text(Some(doc.parser_version.clone())),
        Value::Text(doc.meeting.authority.clone()),
        Value::Text(doc.path.clone()),
        Value::Text(Some(now.to_owned())),
        Value::Text(Some(compress::METHOD.to_owned())),
        Value::Int(doc.dictionary_id),
        Value::Bytes(doc.original.clone()),
    ]
}

// ------------------------------------------------------------------- reads

pub(crate) fn like(s: &str) -> Value {
    Value::Text(Some(format!("%{}%", s.to_lowercase())))
}

/// A `WHERE` clause built from optional conditions.
#[derive(Default)]
pub(crate) struct Filter {
    pub(crate) clauses: Vec<String>,
    pub(crate) params: Vec<Value>,
}

impl Filter {
    /// Adds `template` with each `?` replaced by the next placeholder, all
    /// bound to `value`. (Placeholders are numbered in order and each used
    /// once, which lets SQLite bind them positionally.)
    pub(crate) fn add(&mut self, template: &str, value: Value) {
        let mut clause = String::with_capacity(template.len() + 8);
        for (i, part) in template.split('?').enumerate() {
            if i > 0 {
                self.params.push(value.clone());
                let _ = write!(clause, "${}", self.params.len());
            }
            clause.push_str(part);
        }
        self.clauses.push(clause);
    }
    pub(crate) fn sql(&self) -> String {
        if self.clauses.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.clauses.join(" AND "))
        }
    }
    pub(crate) fn limit(&mut self, limit: Option<u32>) -> String {
        match limit {
            Some(l) => {
                self.params.push(Value::Int(Some(i64::from(l))));
                format!(" LIMIT ${}", self.params.len())
            }
            None => String::new(),
        }
    }
}

pub(crate) fn common_filters(f: &ListFilter, filter: &mut Filter, m: &str) {
    if let Some(a) = &f.authority {
        filter.add(
            &format!(
                "(lower({m}.authority_id) LIKE ? OR lower(COALESCE({m}.authority, '')) LIKE ?)"
            ),
            like(a),
        );
    }
    if let Some(c) = &f.committee {
        filter.add(
            &format!(
                "(lower({m}.committee_id) LIKE ? OR lower(COALESCE({m}.committee, '')) LIKE ?)"
            ),
            like(c),
        );
    }
    if let Some(d) = &f.from {
        filter.add(&format!("{m}.date >= ?"), Value::Text(Some(d.clone())));
    }
    if let Some(d) = &f.to {
        filter.add(&format!("{m}.date <= ?"), Value::Text(Some(d.clone())));
    }
}

impl<B: SqlBackend> SqlStore<B> {
    /// A small read (a row or a bounded handful, by key): one statement on
    /// its own, which a backend may run on the calling thread.
    pub(crate) async fn read(&self, stmt: Stmt, kinds: &[Kind]) -> Result<Vec<Vec<Value>>> {
        self.backend.fetch(&stmt, kinds).await
    }

    /// A read whose cost grows with the archive (lists, counts, scans,
    /// originals): in a read transaction, which the drivers run off the
    /// caller's thread, so a long one does not hold up the server's others.
    pub(crate) async fn read_many(&self, stmt: Stmt, kinds: &[Kind]) -> Result<Vec<Vec<Value>>> {
        let mut tx = self.backend.begin_read().await?;
        let rows = tx.fetch(&stmt, kinds).await?;
        tx.commit().await?;
        Ok(rows)
    }

    /// The statement that reads meeting `$1` whole: its row, its source's
    /// path and format, then each of [`CHILD_TABLES`] and its versions
    /// aggregated as JSON — one round trip for a meeting page.
    fn meeting_statement(&self) -> &str {
        self.meeting_sql
            .get_or_init(|| self.whole_meetings("m.id = $1", true))
    }

    /// The statement that reads authority `$1`'s meetings whole, by
    /// identifier, without their versions: the tracker's input. One row per
    /// meeting rather than one per child row (a tenth as many rows to step
    /// and hand over; see BENCHMARKS.md "Ingest").
    pub(crate) fn authority_statement(&self) -> &str {
        self.authority_sql
            .get_or_init(|| self.whole_meetings("m.authority_id = $1 ORDER BY m.id", false))
    }

    /// `SELECT` of whole meetings (as [`Self::whole_meeting`] decodes them)
    /// `WHERE` the condition, with or without the versions' column.
    fn whole_meetings(&self, condition: &str, versions: bool) -> String {
        let mut sql = String::from("SELECT ");
        for c in MEETINGS.columns {
            let _ = write!(sql, "m.{}, ", c.0);
        }
        sql.push_str("s.path, s.format");
        for t in CHILD_TABLES {
            let cols: Vec<String> = t.columns.iter().map(|c| format!("c.{}", c.0)).collect();
            // The order's names are the child table's: a subquery's own
            // table comes first when a name is resolved.
            let _ = write!(
                sql,
                ", (SELECT {} FROM {} c WHERE c.meeting_pk = m.pk)",
                self.backend.json_rows(&cols.join(", "), t.order),
                t.name
            );
        }
        if versions {
            let _ = write!(
                sql,
                ", (SELECT {} FROM meeting_versions v JOIN sources vs ON vs.sha256 = v.sha256 \
                 WHERE v.meeting_id = m.id)",
                self.backend.json_rows(VERSION_COLUMNS, "v.version")
            );
        }
        let _ = write!(
            sql,
            " FROM meetings m JOIN sources s ON s.sha256 = m.source_sha256 WHERE {condition}"
        );
        sql
    }

    /// The columns' kinds of [`Self::whole_meetings`], and how many of them
    /// are the scalars before the JSON columns.
    pub(crate) fn whole_kinds(versions: bool) -> (Vec<Kind>, usize) {
        let mut kinds = MEETINGS.kinds();
        kinds.extend([Kind::Text, Kind::Text]);
        let scalars = kinds.len();
        kinds.extend(std::iter::repeat_n(
            Kind::Text,
            CHILD_TABLES.len() + usize::from(versions),
        ));
        (kinds, scalars)
    }

    /// Decodes a row of [`Self::whole_meetings`]: the meeting, and the JSON
    /// column after its child tables' (the versions, when selected).
    pub(crate) fn whole_meeting(
        row: &[Value],
        scalars: usize,
        id: &str,
    ) -> Result<(Meeting, Option<String>)> {
        let json = |i: usize| text_at(row, scalars + i).unwrap_or_else(|| "[]".into());
        let mut children = RowSet::new();
        for (i, t) in CHILD_TABLES.iter().enumerate() {
            let what = format!("meeting {id}, {}", t.name);
            children.insert(t.name, rows::from_json(&json(i), &t.kinds(), &what)?);
        }
        let meeting = rows::assemble(&row[..scalars], &children)?;
        Ok((meeting, text_at(row, scalars + CHILD_TABLES.len())))
    }
}

/// A version's columns, of `meeting_versions v`, its source `vs` and its
/// meeting `m`.
const VERSION_COLUMNS: &str = "v.version, v.sha256, v.ingested_at, v.minutes_status, vs.format, \
     vs.path, vs.parser_version, CASE WHEN m.source_sha256 = v.sha256 THEN 1 ELSE 0 END";

fn version_info(r: &[Value]) -> VersionInfo {
    VersionInfo {
        version: int_at(r, 0),
        sha256: text_at(r, 1).unwrap_or_default(),
        ingested_at: text_at(r, 2).unwrap_or_default(),
        minutes_status: text_at(r, 3)
            .and_then(|s| serde_json::from_value(serde_json::Value::String(s)).ok()),
        format: text_at(r, 4),
        path: text_at(r, 5),
        parser_version: text_at(r, 6),
        current: int_at(r, 7) != 0,
    }
}

#[async_trait::async_trait]
impl<B: SqlBackend> Store for SqlStore<B> {
    fn backend(&self) -> &'static str {
        self.backend.name()
    }

    async fn close(&self) {
        self.backend.close().await;
    }

    async fn known_sources(&self) -> Result<HashSet<String>> {
        let rows = self
            .read_many(
                Stmt::new("SELECT sha256 FROM sources", vec![]),
                &[Kind::Text],
            )
            .await?;
        Ok(rows.iter().filter_map(|r| text_at(r, 0)).collect())
    }

    async fn write_batch(&self, docs: &[NewDocument]) -> Result<Vec<Written>> {
        if docs.is_empty() {
            return Ok(Vec::new());
        }
        let max = self.backend.max_params();
        let docs: Vec<(String, &NewDocument)> = docs
            .iter()
            .map(|d| (ids::meeting_id(&d.meeting, &d.sha256), d))
            .collect();
        let now = now();
        let mut tx = self.backend.begin_write().await?;
        let known = known_for(&mut *tx, &docs, max).await?;
        let plan = plan_batch(&docs, known, &now, max);
        for stmt in &plan.stmts {
            tx.execute(stmt).await?;
        }
        let current: Vec<Current<'_>> = plan
            .current
            .iter()
            .map(|&i| Current {
                id: &docs[i].0,
                meeting: &docs[i].1.meeting,
                sha256: &docs[i].1.sha256,
            })
            .collect();
        write_current(&mut *tx, &current, &plan.existing, &now, max).await?;
        tx.commit().await?;
        Ok(plan.written)
    }

    async fn meeting(&self, id: &str) -> Result<Option<StoredMeeting>> {
        let stmt = Stmt::new(self.meeting_statement(), texts([id.to_owned()]));
        let (kinds, scalars) = Self::whole_kinds(true);
        let Some(row) = self.read(stmt, &kinds).await?.into_iter().next() else {
            return Ok(None);
        };
        let (meeting, versions) = Self::whole_meeting(&row, scalars, id)?;
        use Kind::{Int, Text};
        let versions = rows::from_json(
            versions.as_deref().unwrap_or("[]"),
            &[Int, Text, Text, Text, Text, Text, Text, Int],
            &format!("meeting {id}, versions"),
        )?;
        Ok(Some(StoredMeeting {
            id: id.to_owned(),
            ids: ids::assign(id, &meeting),
            meeting,
            versions: versions.iter().map(|r| version_info(r)).collect(),
        }))
    }

    async fn original(&self, sha256: &str) -> Result<Option<Vec<u8>>> {
        let stmt = Stmt::new(
            "SELECT original, dictionary_id FROM sources WHERE sha256 = $1",
            texts([sha256.to_owned()]),
        );
        let rows = self.read(stmt, &[Kind::Bytes, Kind::Int]).await?;
        match rows.first() {
            Some(r) => Ok(Some(self.unpack(bytes_at(r, 0), int_opt(r, 1)).await?)),
            None => Ok(None),
        }
    }

    async fn sources_page(
        &self,
        after: Option<&str>,
        limit: u32,
        stale_for: Option<&str>,
    ) -> Result<Vec<StoredSource>> {
        let mut filter = Filter::default();
        filter.add(
            "s.sha256 > ?",
            Value::Text(Some(after.unwrap_or("").to_owned())),
        );
        if let Some(v) = stale_for {
            filter.add("s.parser_version <> ?", Value::Text(Some(v.to_owned())));
        }
        let where_ = filter.sql();
        let limit = filter.limit(Some(limit));
        let stmt = Stmt::new(
            format!(
                "SELECT s.sha256, s.original, s.path, s.parser_version, s.meeting_id, \
                 CASE WHEN m.source_sha256 = s.sha256 THEN 1 ELSE 0 END, s.authority, s.dictionary_id \
                 FROM sources s LEFT JOIN meetings m ON m.id = s.meeting_id{where_} ORDER BY s.sha256{limit}"
            ),
            filter.params,
        );
        use Kind::{Bytes, Int, Text};
        let rows = self
            .read_many(stmt, &[Text, Bytes, Text, Text, Text, Int, Text, Int])
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            out.push(StoredSource {
                sha256: text_at(r, 0).unwrap_or_default(),
                bytes: self.unpack(bytes_at(r, 1), int_opt(r, 7)).await?,
                path: text_at(r, 2),
                parser_version: text_at(r, 3).unwrap_or_default(),
                meeting_id: text_at(r, 4),
                current: int_at(r, 5) != 0,
                authority: text_at(r, 6),
            });
        }
        Ok(out)
    }

    async fn apply_reparse(&self, batch: Vec<Reparsed>) -> Result<()> {
        let max = self.backend.max_params();
        let now = now();
        let mut stmts = Vec::new();
        for r in &batch {
            stmts.push(Stmt::new(
                "UPDATE sources SET parser_version = $1, format = COALESCE($2, format) WHERE sha256 = $3",
                vec![
                    Value::Text(Some(r.parser_version.clone())),
                    Value::Text(r.meeting.source.format.clone()),
                    Value::Text(Some(r.sha256.clone())),
                ],
            ));
        }
        let current: Vec<Current<'_>> = batch
            .iter()
            .filter(|r| r.current)
            .map(|r| Current {
                id: &r.meeting_id,
                meeting: &r.meeting,
                sha256: &r.sha256,
            })
            .collect();
        let existing: Vec<String> = current.iter().map(|c| c.id.to_owned()).collect();
        let mut tx = self.backend.begin_write().await?;
        for stmt in &stmts {
            tx.execute(stmt).await?;
        }
        write_current(&mut *tx, &current, &existing, &now, max).await?;
        tx.commit().await
    }

    async fn committees(&self, f: &ListFilter) -> Result<Vec<CommitteeSummary>> {
        let mut filter = Filter::default();
        if let Some(a) = &f.authority {
            filter.add("lower(c.authority_id) LIKE ?", like(a));
        }
        if let Some(c) = &f.committee {
            filter.add(
                "(lower(c.id) LIKE ? OR c.id IN (SELECT committee_id FROM committee_names WHERE lower(name) LIKE ?))",
                like(c),
            );
        }
        let where_ = filter.sql();
        let limit = filter.limit(f.limit);
        let stmt = Stmt::new(
            format!(
                "SELECT c.id, c.authority_id, c.name, COUNT(m.id), MIN(m.date), MAX(m.date) \
                 FROM committees c LEFT JOIN meetings m ON m.committee_id = c.id{where_} \
                 GROUP BY c.id, c.authority_id, c.name ORDER BY c.id{limit}"
            ),
            filter.params,
        );
        use Kind::{Int, Text};
        let mut tx = self.backend.begin_read().await?;
        let rows = tx
            .fetch(&stmt, &[Text, Text, Text, Int, Text, Text])
            .await?;
        let ids: Vec<String> = rows.iter().filter_map(|r| text_at(r, 0)).collect();
        let names = fetch_in(
            &mut *tx,
            "SELECT committee_id, name FROM committee_names WHERE committee_id IN ({in}) ORDER BY committee_id, first_date, name",
            &ids,
            &[Text, Text],
            self.backend.max_params(),
        )
        .await?;
        tx.commit().await?;
        let mut by_id: HashMap<String, Vec<String>> = HashMap::new();
        for r in &names {
            if let (Some(id), Some(name)) = (text_at(r, 0), text_at(r, 1)) {
                by_id.entry(id).or_default().push(name);
            }
        }
        Ok(rows
            .iter()
            .map(|r| {
                let id = text_at(r, 0).unwrap_or_default();
                CommitteeSummary {
                    names: by_id.remove(&id).unwrap_or_default(),
                    id,
                    authority_id: text_at(r, 1).unwrap_or_default(),
                    name: text_at(r, 2).unwrap_or_default(),
                    meetings: int_at(r, 3),
                    first_date: text_at(r, 4),
                    last_date: text_at(r, 5),
                }
            })
            .collect())
    }

    async fn meetings(&self, f: &ListFilter) -> Result<Vec<MeetingSummary>> {
        let mut filter = Filter::default();
        common_filters(f, &mut filter, "m");
        if let Some(p) = &f.person {
            filter.add(
                "m.pk IN (SELECT meeting_pk FROM attendance WHERE lower(name) LIKE ?)",
                like(p),
            );
        }
        let where_ = filter.sql();
        let limit = filter.limit(f.limit);
        let stmt = Stmt::new(
            format!(
                "SELECT m.id, m.date, m.authority_id, m.committee, m.minutes_status, \
                 (SELECT COUNT(*) FROM items i WHERE i.meeting_pk = m.pk), \
                 (SELECT COUNT(*) FROM meeting_versions v WHERE v.meeting_id = m.id) \
                 FROM meetings m{where_} ORDER BY (m.date IS NULL), m.date DESC, m.id{limit}"
            ),
            filter.params,
        );
        use Kind::{Int, Text};
        let rows = self
            .read_many(stmt, &[Text, Text, Text, Text, Text, Int, Int])
            .await?;
        Ok(rows
            .iter()
            .map(|r| MeetingSummary {
                id: text_at(r, 0).unwrap_or_default(),
                date: text_at(r, 1),
                authority_id: text_at(r, 2).unwrap_or_default(),
                committee: text_at(r, 3),
                minutes_status: text_at(r, 4)
                    .and_then(|s| serde_json::from_value(serde_json::Value::String(s)).ok()),
                items: int_at(r, 5),
                versions: int_at(r, 6),
            })
            .collect())
    }

    async fn people(&self, f: &ListFilter) -> Result<Vec<PersonSummary>> {
        let mut filter = Filter::default();
        common_filters(f, &mut filter, "m");
        if let Some(p) = &f.person {
            filter.add("lower(p.name) LIKE ?", like(p));
        }
        let where_ = filter.sql();
        let limit = filter.limit(f.limit);
        let stmt = Stmt::new(
            format!(
                "SELECT p.id, p.name, COUNT(DISTINCT a.meeting_pk), MIN(m.date), MAX(m.date) \
                 FROM people p JOIN attendance a ON a.person_id = p.id JOIN meetings m ON m.pk = a.meeting_pk{where_} \
                 GROUP BY p.id, p.name ORDER BY p.name, p.id{limit}"
            ),
            filter.params,
        );
        use Kind::{Int, Text};
        let rows = self.read_many(stmt, &[Text, Text, Int, Text, Text]).await?;
        Ok(rows
            .iter()
            .map(|r| PersonSummary {
                id: text_at(r, 0).unwrap_or_default(),
                name: text_at(r, 1).unwrap_or_default(),
                meetings: int_at(r, 2),
                first_date: text_at(r, 3),
                last_date: text_at(r, 4),
            })
            .collect())
    }

    async fn dictionary(&self) -> Result<Option<compress::Dictionary>> {
        let stmt = Stmt::new(
            "SELECT id, bytes FROM compression_dictionaries ORDER BY id DESC LIMIT 1",
            vec![],
        );
        let rows = self.read(stmt, &[Kind::Int, Kind::Bytes]).await?;
        Ok(rows.first().map(|r| compress::Dictionary {
            id: int_at(r, 0),
            bytes: bytes_at(r, 1).to_vec(),
        }))
    }

    async fn add_dictionary(&self, bytes: &[u8]) -> Result<i64> {
        let stmt = Stmt::new(
            "INSERT INTO compression_dictionaries (created_at, bytes) VALUES ($1, $2) RETURNING id",
            vec![Value::Text(Some(now())), Value::Bytes(bytes.to_vec())],
        );
        let mut tx = self.backend.begin_write().await?;
        let rows = tx.fetch(&stmt, &[Kind::Int]).await?;
        tx.commit().await?;
        rows.first()
            .map(|r| int_at(r, 0))
            .ok_or_else(|| StoreError::Corrupt("dictionary not stored".into()))
    }

    async fn changes_since(&self, after: i64, limit: u32) -> Result<Vec<Change>> {
        let stmt = Stmt::new(
            "SELECT c.seq, m.id, m.committee_id, m.updated_at FROM changes c \
             JOIN meetings m ON m.pk = c.meeting_pk WHERE c.seq > $1 ORDER BY c.seq LIMIT $2",
            vec![Value::Int(Some(after)), Value::Int(Some(i64::from(limit)))],
        );
        use Kind::{Int, Text};
        let rows = self.read_many(stmt, &[Int, Text, Text, Text]).await?;
        Ok(rows
            .iter()
            .map(|r| Change {
                seq: int_at(r, 0),
                meeting_id: text_at(r, 1).unwrap_or_default(),
                committee_id: text_at(r, 2).unwrap_or_default(),
                changed_at: text_at(r, 3).unwrap_or_default(),
            })
            .collect())
    }

    async fn last_change(&self) -> Result<i64> {
        let stmt = Stmt::new("SELECT MAX(seq) FROM changes", vec![]);
        let rows = self.read(stmt, &[Kind::Int]).await?;
        Ok(rows.first().map_or(0, |r| int_at(r, 0)))
    }

    async fn cursor(&self, consumer: &str) -> Result<i64> {
        let stmt = Stmt::new(
            "SELECT seq FROM cursors WHERE consumer = $1",
            texts([consumer.to_owned()]),
        );
        let rows = self.read(stmt, &[Kind::Int]).await?;
        Ok(rows.first().map_or(0, |r| int_at(r, 0)))
    }

    async fn set_cursor(&self, consumer: &str, seq: i64) -> Result<()> {
        let stmt = Stmt::new(
            "INSERT INTO cursors (consumer, seq, updated_at) VALUES ($1, $2, $3) \
             ON CONFLICT (consumer) DO UPDATE SET seq = excluded.seq, updated_at = excluded.updated_at",
            vec![
                Value::Text(Some(consumer.to_owned())),
                Value::Int(Some(seq)),
                Value::Text(Some(now())),
            ],
        );
        let mut tx = self.backend.begin_write().await?;
        tx.execute(&stmt).await?;
        tx.commit().await
    }

    async fn counts(&self) -> Result<Counts> {
        let tables = [
            "sources",
            "meetings",
            "meeting_versions",
            "items",
            "resolutions",
            "actions",
            "attendance",
        ];
        let parts: Vec<String> = tables
            .iter()
            .map(|t| format!("(SELECT COUNT(*) FROM {t})"))
            .collect();
        let stmt = Stmt::new(format!("SELECT {}", parts.join(", ")), vec![]);
        let rows = self.read_many(stmt, &[Kind::Int; 7]).await?;
        let r = rows
            .first()
            .ok_or_else(|| StoreError::Corrupt("no counts".into()))?;
        Ok(Counts {
            sources: int_at(r, 0),
            meetings: int_at(r, 1),
            versions: int_at(r, 2),
            items: int_at(r, 3),
            resolutions: int_at(r, 4),
            actions: int_at(r, 5),
            attendance: int_at(r, 6),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inserts_are_chunked_under_the_parameter_limit() {
        let rows = (0..5)
            .map(|i| vec![Value::Int(Some(i)), Value::Int(Some(i))])
            .collect();
        let stmts = inserts("t", &["a", "b"], rows, " ON CONFLICT DO NOTHING", 4);
        assert_eq!(stmts.len(), 3);
        assert_eq!(
            stmts[0].sql,
            "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4) ON CONFLICT DO NOTHING"
        );
        assert_eq!(stmts[2].params.len(), 2);
    }

    #[test]
    fn inserts_come_in_few_sizes_so_that_they_are_prepared_once() {
        let row = |i| vec![Value::Int(Some(i))];
        let sizes = |n: i64| -> Vec<usize> {
            inserts("t", &["a"], (0..n).map(row).collect(), "", 30_000)
                .iter()
                .map(|s| s.params.len())
                .collect()
        };
        assert_eq!(sizes(37), [32, 4, 1]);
        assert_eq!(sizes(300), [128, 128, 32, 8, 4]);
        assert!(sizes(0).is_empty());
        let every: std::collections::BTreeSet<usize> = (1..1000).flat_map(sizes).collect();
        assert_eq!(every.len(), 8, "{every:?}");
        let kept: Vec<i64> = inserts("t", &["a"], (0..300).map(row).collect(), "", 30_000)
            .into_iter()
            .flat_map(|s| s.params)
            .map(|v| match v {
                Value::Int(Some(n)) => n,
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(kept, (0..300).collect::<Vec<_>>(), "every row, in order");
    }

    #[test]
    fn in_lists_come_in_few_sizes_so_that_they_are_prepared_once() {
        let keys = |n: usize| (0..n).map(|i| i.to_string()).collect::<Vec<_>>();
        let stmts = in_chunks("SELECT x FROM t WHERE k IN ({in})", &keys(5), 30_000);
        assert_eq!(stmts.len(), 1, "one statement up to the chunk size");
        assert_eq!(
            stmts[0].sql,
            "SELECT x FROM t WHERE k IN ($1, $2, $3, $4, $5, $6, $7, $8)"
        );
        assert_eq!(
            stmts[0].params[4..],
            texts(["4", "4", "4", "4"].map(String::from))
        );
        let sqls: std::collections::BTreeSet<String> = (1..3000)
            .flat_map(|n| in_chunks("{in}", &keys(n), 30_000))
            .map(|s| s.sql)
            .collect();
        assert_eq!(sqls.len(), 11, "1, 2, 4, … 1024 keys");
        // Every key, in order, each once but for the padding at the end of
        // a chunk; under any limit, a power of two or not.
        for (n, max) in [(2500, 30_000), (9, 3), (9, 4), (1, 1), (7, 0)] {
            let stmts = in_chunks("{in}", &keys(n), max);
            assert!(
                stmts.iter().all(|s| s.params.len() <= max.max(1)),
                "{n} {max}"
            );
            let mut kept: Vec<Value> = stmts.into_iter().flat_map(|s| s.params).collect();
            kept.dedup();
            assert_eq!(kept, texts(keys(n)), "{n} keys, at most {max}");
        }
        assert!(in_chunks("{in}", &[], 8).is_empty());
    }

    #[test]
    fn committee_name_follows_the_latest_date() {
        let mut s = Span::default();
        s.add("Scrutiny Panel", Some("2024-01-01"));
        s.add("Scrutiny Committee", Some("2025-01-01"));
        s.add("Old Name", Some("2020-01-01"));
        assert_eq!(s.name, "Scrutiny Committee");
        assert_eq!(s.first.as_deref(), Some("2020-01-01"));
        assert_eq!(s.last.as_deref(), Some("2025-01-01"));
    }
}
