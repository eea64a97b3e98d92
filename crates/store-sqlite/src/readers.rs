//! One-statement reads on the calling thread.
//!
//! sqlx runs each SQLite connection on a worker thread of its own and sends
//! it every statement and every row over channels. For the pages' small
//! reads (tens of microseconds of SQLite work) the two thread hand-offs per
//! statement cost more than the query: on 2 cores half of the worker
//! threads' time went to switching tasks. A [`Readers`] keeps a few plain
//! connections to the same file and runs a read where it is asked for, so a
//! meeting page costs no hand-off at all. Writes and transactions stay on
//! sqlx's pool; a connection here refuses to write (`query_only`).
//!
//! A read blocks the thread it runs on for as long as SQLite takes; the
//! archive's reads are index lookups and bounded pages, so that is the
//! cheaper trade on a small machine.

use minutebook_store::rows::{Kind, Value};
use minutebook_store::{Result, StoreError};
use rusqlite::types::{Value as SqlValue, ValueRef};
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

/// Idle connections kept for reuse (more are opened when several threads
/// read at once, and closed after).
const MAX_IDLE: usize = 8;

/// Prepared statements kept per connection.
const STATEMENT_CACHE: usize = 128;

/// Plain connections to one database file, for reads.
#[derive(Debug)]
pub(crate) struct Readers {
    path: PathBuf,
    busy_timeout: Duration,
    idle: Mutex<Vec<Connection>>,
}

impl Readers {
    /// Readers of the file at `path` (which the pool has created and
    /// migrated).
    pub(crate) fn new(path: &Path, busy_timeout: Duration) -> Self {
        Self {
            path: path.to_owned(),
            busy_timeout,
            idle: Mutex::default(),
        }
    }

    /// Runs the query `sql` (with `?` placeholders) with `params`, and
    /// decodes each row's columns as `kinds`.
    pub(crate) fn fetch(
        &self,
        sql: &str,
        params: &[Value],
        kinds: &[Kind],
    ) -> Result<Vec<Vec<Value>>> {
        let conn = match self.lock().pop() {
            Some(conn) => conn,
            None => self.open()?,
        };
        let rows = run(&conn, sql, params, kinds);
        let mut idle = self.lock();
        if idle.len() < MAX_IDLE {
            idle.push(conn);
        }
        rows
    }

    fn open(&self) -> Result<Connection> {
        // Read-write so that WAL's shared memory can be set up as for any
        // reader; read-only when the file allows no more (an archive served
        // from read-only storage).
        let open =
            |mode| Connection::open_with_flags(&self.path, mode | OpenFlags::SQLITE_OPEN_NO_MUTEX);
        let conn = open(OpenFlags::SQLITE_OPEN_READ_WRITE)
            .or_else(|_| open(OpenFlags::SQLITE_OPEN_READ_ONLY))
            .map_err(db)?;
        conn.busy_timeout(self.busy_timeout).map_err(db)?;
        conn.pragma_update(None, "query_only", true).map_err(db)?;
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        Ok(conn)
    }

    fn lock(&self) -> MutexGuard<'_, Vec<Connection>> {
        // A panic while holding the lock leaves a list of whole connections.
        self.idle.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

fn db(e: rusqlite::Error) -> StoreError {
    StoreError::Database(Box::new(e))
}

fn run(conn: &Connection, sql: &str, params: &[Value], kinds: &[Kind]) -> Result<Vec<Vec<Value>>> {
    let mut prepared = conn.prepare_cached(sql).map_err(db)?;
    let params = rusqlite::params_from_iter(params.iter().map(param));
    let mut rows = prepared.query(params).map_err(db)?;
    let mut out = Vec::new();
    while let Some(row) = rows.next().map_err(db)? {
        let values = (0..kinds.len())
            .map(|i| decode(row.get_ref(i).map_err(db)?, kinds[i]))
            .collect::<Result<Vec<_>>>()?;
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
fn decode(v: ValueRef<'_>, kind: Kind) -> Result<Value> {
    let mismatch = || StoreError::Corrupt(format!("a {} column read as {kind:?}", v.data_type()));
    Ok(match (kind, v) {
        (Kind::Text, ValueRef::Null) => Value::Text(None),
        (Kind::Text, ValueRef::Text(t)) => Value::Text(Some(
            String::from_utf8(t.to_vec())
                .map_err(|_| StoreError::Corrupt("text not UTF-8".into()))?,
        )),
        (Kind::Text, ValueRef::Integer(n)) => Value::Text(Some(n.to_string())),
        (Kind::Int, ValueRef::Null) => Value::Int(None),
        (Kind::Int, ValueRef::Integer(n)) => Value::Int(Some(n)),
        (Kind::Bool, ValueRef::Null) => Value::Bool(None),
        (Kind::Bool, ValueRef::Integer(n)) => Value::Bool(Some(n != 0)),
        (Kind::Bytes, ValueRef::Null) => Value::Bytes(Vec::new()),
        (Kind::Bytes, ValueRef::Blob(b) | ValueRef::Text(b)) => Value::Bytes(b.to_vec()),
        _ => return Err(mismatch()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_file(tag: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("minutebook-readers-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("t.db");
        let conn = Connection::open(&path).expect("open");
        conn.execute_batch(
            "CREATE TABLE t (n INTEGER, s TEXT, b BOOLEAN, x BLOB);
             INSERT INTO t VALUES (1, 'one', 1, x'00ff'), (2, NULL, 0, NULL);",
        )
        .expect("create");
        path
    }

    #[test]
    fn rows_decode_as_the_pool_decodes_them() {
        let readers = Readers::new(&temp_file("decode"), Duration::from_secs(1));
        let kinds = [Kind::Int, Kind::Text, Kind::Bool, Kind::Bytes, Kind::Text];
        let rows = readers
            .fetch(
                "SELECT n, s, b, x, n FROM t WHERE n >= ? ORDER BY n",
                &[Value::Int(Some(1))],
                &kinds,
            )
            .expect("read");
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
        assert!(matches!(
            readers.fetch("SELECT s FROM t WHERE n = 1", &[], &[Kind::Int]),
            Err(StoreError::Corrupt(_))
        ));
    }

    #[test]
    fn readers_refuse_to_write() {
        let path = temp_file("write");
        let readers = Readers::new(&path, Duration::from_secs(1));
        let insert = readers.fetch(
            "INSERT INTO t (n) VALUES (3) RETURNING n",
            &[],
            &[Kind::Int],
        );
        assert!(matches!(insert, Err(StoreError::Database(_))), "{insert:?}");
        let count = readers
            .fetch("SELECT count(*) FROM t", &[], &[Kind::Int])
            .expect("count");
        assert_eq!(count, vec![vec![Value::Int(Some(2))]]);
        // The connection went back to the idle list and is reused.
        assert_eq!(readers.lock().len(), 1);
    }
}
