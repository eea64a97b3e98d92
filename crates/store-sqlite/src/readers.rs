//! Small reads on the calling thread.
//!
//! sqlx runs each SQLite connection on a worker thread of its own and sends
//! it every statement and every row over channels. For the pages' reads by
//! key (tens of microseconds of SQLite work) the thread hand-offs cost more
//! than the query: on 2 cores half of the worker threads' time went to
//! switching tasks. A [`Readers`] keeps a few plain connections to the same
//! file and runs such a read where it is asked for, so a meeting page costs
//! no hand-off at all. Writes, transactions and the reads whose cost grows
//! with the archive stay on sqlx's pool (see `SqlStore::read_many`); a
//! connection here refuses to write (`query_only`).
//!
//! A read here blocks its thread for as long as SQLite takes, so it must
//! not wait for locks: a WAL reader is refused only in rare moments (WAL
//! recovery after a crash, another process closing the file), and then
//! [`Readers::fetch`] says so after [`BUSY_TIMEOUT`] and the caller asks the
//! pool, whose connections wait on their own threads.

use minutebook_store::rows::{Kind, Value};
use minutebook_store::{Result, StoreError};
use rusqlite::types::{Value as SqlValue, ValueRef};
use rusqlite::{Connection, ErrorCode, OpenFlags};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

/// Idle connections kept for reuse (more are opened when several threads
/// read at once, and closed after).
const MAX_IDLE: usize = 8;

/// Prepared statements kept per connection.
const STATEMENT_CACHE: usize = 128;

/// How long a read here waits for SQLite's locks before handing over.
const BUSY_TIMEOUT: Duration = Duration::from_millis(100);

/// Plain connections to one database file, for small reads.
#[derive(Debug)]
pub(crate) struct Readers {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
    /// Set by [`Readers::close`]: reads hand over to the (closed) pool.
    closed: AtomicBool,
}

impl Readers {
    /// Readers of the file at `path` (which the pool has created and
    /// migrated).
    pub(crate) fn new(path: &Path) -> Self {
        Self {
            path: path.to_owned(),
            idle: Mutex::default(),
            closed: AtomicBool::new(false),
        }
    }

    /// Closes the idle connections; those in use close when their read is
    /// done, and later reads hand over to the pool, which has closed too.
    pub(crate) fn close(&self) {
        self.closed.store(true, Ordering::SeqCst);
        self.lock().clear();
    }

    /// Runs the query `sql` (with `?` placeholders) with `params`, and
    /// decodes each row's columns as `kinds`; `None` if SQLite was busy.
    pub(crate) fn fetch(
        &self,
        sql: &str,
        params: &[Value],
        kinds: &[Kind],
    ) -> Result<Option<Vec<Vec<Value>>>> {
        if self.closed.load(Ordering::SeqCst) {
            return Ok(None);
        }
        let conn = match self.lock().pop() {
            Some(conn) => conn,
            None => self.open()?,
        };
        let rows = run(&conn, sql, params, kinds);
        let mut idle = self.lock();
        if idle.len() < MAX_IDLE && !self.closed.load(Ordering::SeqCst) {
            idle.push(conn);
        }
        match rows {
            Ok(rows) => Ok(Some(rows)),
            Err(Failure::Busy) => Ok(None),
            Err(Failure::Store(e)) => Err(e),
        }
    }

    fn open(&self) -> Result<Connection> {
        let opened = || -> rusqlite::Result<Connection> {
            // Read-write only so that SQLite opens WAL's shared memory as
            // for any reader; `query_only` refuses every write.
            let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            let conn = Connection::open_with_flags(&self.path, flags)?;
            conn.busy_timeout(BUSY_TIMEOUT)?;
            conn.pragma_update(None, "query_only", true)?;
            conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
            Ok(conn)
        };
        opened().map_err(|e| {
            StoreError::Database(format!("opening {} to read: {e}", self.path.display()).into())
        })
    }

    fn lock(&self) -> MutexGuard<'_, Vec<Connection>> {
        // A panic while holding the lock leaves a list of whole connections.
        self.idle.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Why a read failed: SQLite was busy (ask the pool), or anything else.
enum Failure {
    Busy,
    Store(StoreError),
}

impl From<rusqlite::Error> for Failure {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => Failure::Busy,
            _ => Failure::Store(StoreError::Database(Box::new(e))),
        }
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        Failure::Store(e)
    }
}

fn run(
    conn: &Connection,
    sql: &str,
    params: &[Value],
    kinds: &[Kind],
) -> std::result::Result<Vec<Vec<Value>>, Failure> {
    let mut prepared = conn.prepare_cached(sql)?;
    let mut rows = prepared.query(rusqlite::params_from_iter(params.iter().map(param)))?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let mut values = Vec::with_capacity(kinds.len());
        for (i, kind) in kinds.iter().enumerate() {
            let value = decode(row.get_ref(i)?, *kind).map_err(|what| {
                let name = row.as_ref().column_name(i).unwrap_or("?");
                StoreError::Corrupt(format!("column {i} ({name}): {what}"))
            })?;
            values.push(value);
        }
        out.push(values);
    }
    Ok(out)
}

fn param(v: &Value) -> SqlValue {
    match v {
        Value::Text(Some(s)) => SqlValue::Text(s.clone()),
        Value::Int(Some(n)) => SqlValue::Integer(*n),
        Value::Bool(Some(b)) => SqlValue::Integer(i64::from(*b)),
        Value::Bytes(b) => SqlValue::Blob(b.clone()),
        Value::Text(None) | Value::Int(None) | Value::Bool(None) => SqlValue::Null,
    }
}

/// A column as `kind`, as sqlx decodes it: NULL is `None` (an empty blob
/// for bytes), a number read as text is its decimal form.
fn decode(v: ValueRef<'_>, kind: Kind) -> std::result::Result<Value, String> {
    Ok(match (kind, v) {
        (Kind::Text, ValueRef::Null) => Value::Text(None),
        (Kind::Text, ValueRef::Text(t)) => Value::Text(Some(
            String::from_utf8(t.to_vec()).map_err(|_| "text that is not UTF-8".to_owned())?,
        )),
        (Kind::Text, ValueRef::Integer(n)) => Value::Text(Some(n.to_string())),
        (Kind::Int, ValueRef::Null) => Value::Int(None),
        (Kind::Int, ValueRef::Integer(n)) => Value::Int(Some(n)),
        (Kind::Bool, ValueRef::Null) => Value::Bool(None),
        (Kind::Bool, ValueRef::Integer(n)) => Value::Bool(Some(n != 0)),
        (Kind::Bytes, ValueRef::Null) => Value::Bytes(Vec::new()),
        (Kind::Bytes, ValueRef::Blob(b) | ValueRef::Text(b)) => Value::Bytes(b.to_vec()),
        (kind, v) => return Err(format!("{} read as {kind:?}", v.data_type())),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A scratch directory holding a small database `t.db`, removed when
    /// dropped.
    struct Scratch(PathBuf);

    impl Scratch {
        fn db(&self) -> PathBuf {
            self.0.join("t.db")
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn temp_file(tag: &str) -> Scratch {
        let dir =
            std::env::temp_dir().join(format!("minutebook-readers-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        let scratch = Scratch(dir);
        let conn = Connection::open(scratch.db()).expect("open");
        conn.execute_batch(
            "CREATE TABLE t (n INTEGER, s TEXT, b BOOLEAN, x BLOB);
             INSERT INTO t VALUES (1, 'one', 1, x'00ff'), (2, NULL, 0, NULL);",
        )
        .expect("create");
        scratch
    }

    #[test]
    fn rows_decode_as_the_pool_decodes_them() {
        let scratch = temp_file("decode");
        let readers = Readers::new(&scratch.db());
        let kinds = [Kind::Int, Kind::Text, Kind::Bool, Kind::Bytes, Kind::Text];
        let rows = readers
            .fetch(
                "SELECT n, s, b, x, n FROM t WHERE n >= ? ORDER BY n",
                &[Value::Int(Some(1))],
                &kinds,
            )
            .expect("read")
            .expect("not busy");
        assert_eq!(
            rows,
            vec![
                vec![
                    Value::Int(Some(1)),
                    Value::Text(Some("one".into())),
                    Value::Bool(Some(true)),
                    Value::Bytes(vec![0, 255]),
                    Value::Text(Some("1".into())),
                ],
                vec![
                    Value::Int(Some(2)),
                    Value::Text(None),
                    Value::Bool(Some(false)),
                    Value::Bytes(Vec::new()),
                    Value::Text(Some("2".into())),
                ],
            ]
        );
        match readers.fetch("SELECT s AS name FROM t WHERE n = 1", &[], &[Kind::Int]) {
            Err(StoreError::Corrupt(why)) => assert!(why.contains("column 0 (name)"), "{why}"),
            other => panic!("expected a corrupt column, got {other:?}"),
        }
    }

    #[test]
    fn readers_refuse_to_write() {
        let scratch = temp_file("write");
        let path = scratch.db();
        let readers = Readers::new(&path);
        let insert = readers.fetch(
            "INSERT INTO t (n) VALUES (3) RETURNING n",
            &[],
            &[Kind::Int],
        );
        assert!(matches!(insert, Err(StoreError::Database(_))), "{insert:?}");
        let count = readers
            .fetch("SELECT count(*) FROM t", &[], &[Kind::Int])
            .expect("count")
            .expect("not busy");
        assert_eq!(count, vec![vec![Value::Int(Some(2))]]);
        // The connection went back to the idle list and is reused.
        assert_eq!(readers.lock().len(), 1);
    }

    #[test]
    fn busy_reads_hand_over_instead_of_waiting() {
        let scratch = temp_file("busy");
        let path = scratch.db();
        let readers = Readers::new(&path);
        // The file is in rollback-journal mode here, where a writer's
        // exclusive lock shuts readers out (WAL readers meet this only in
        // rare moments).
        let writer = Connection::open(&path).expect("open");
        writer.execute_batch("BEGIN EXCLUSIVE").expect("lock");
        let started = std::time::Instant::now();
        let read = readers.fetch("SELECT count(*) FROM t", &[], &[Kind::Int]);
        assert!(matches!(read, Ok(None)), "{read:?}");
        assert!(started.elapsed() < Duration::from_secs(5));
        writer.execute_batch("COMMIT").expect("unlock");
        let read = readers.fetch("SELECT count(*) FROM t", &[], &[Kind::Int]);
        assert_eq!(read.expect("read"), Some(vec![vec![Value::Int(Some(2))]]));
    }

    #[test]
    fn closed_readers_hand_over_and_keep_no_connection() {
        let scratch = temp_file("closed");
        let readers = Readers::new(&scratch.db());
        let count = || readers.fetch("SELECT count(*) FROM t", &[], &[Kind::Int]);
        assert!(matches!(count(), Ok(Some(_))));
        assert_eq!(readers.lock().len(), 1);
        readers.close();
        assert_eq!(readers.lock().len(), 0);
        assert!(matches!(count(), Ok(None)), "hands over to the pool");
        assert_eq!(readers.lock().len(), 0);
    }
}
