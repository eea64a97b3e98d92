//! The archive on PostgreSQL, for deployments that serve many users from
//! several machines: `--db postgres://user@host/dbname`.
//!
//! [`open`] connects, applies the migrations in `migrations/` and returns
//! the [`Store`]. Writers serialise on a transaction-scoped advisory lock,
//! so concurrent ingests (even from several machines) never interleave a
//! batch; multi-statement reads use `REPEATABLE READ` snapshots and a
//! meeting is read in one statement, so readers never see half a meeting.
//!
//! ```no_run
//! # async fn demo() -> Result<(), minutebook_store::StoreError> {
//! use minutebook_store::Store;
//! let store = minutebook_store_postgres::open("postgres://postgres@127.0.0.1/minutebook").await?;
//! println!("{} meetings", store.counts().await?.meetings);
//! # Ok(()) }
//! ```

use minutebook_store::rows::{Kind, Value};
use minutebook_store::sql::{SqlBackend, SqlStore, SqlTx, Stmt};
use minutebook_store::{Result, StoreError};
use sqlx::postgres::{PgArguments, PgConnectOptions, PgPool, PgPoolOptions, PgRow};
use sqlx::{AssertSqlSafe, Postgres, Row, Transaction};
use std::str::FromStr;

pub use minutebook_store::Store;

/// The store on PostgreSQL.
pub type PostgresStore = SqlStore<PostgresBackend>;

/// The embedded migrations.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// The advisory lock key that serialises writers ("minutebk").
const WRITE_LOCK: i64 = 0x6d69_6e75_7465_626b;

/// Whether `url` names a PostgreSQL database.
pub fn accepts(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

/// Connects to `url` and applies the migrations.
pub async fn open(url: &str) -> Result<PostgresStore> {
    if !accepts(url) {
        return Err(StoreError::Url {
            url: url.to_owned(),
            reason: "expected postgres://…".into(),
        });
    }
    let opts = PgConnectOptions::from_str(url)
        .map_err(|e| StoreError::Url {
            url: redact(url),
            reason: e.to_string(),
        })?
        // The ingest's multi-row inserts come in eight sizes per table
        // (`inserts`): room for all of them beside the reads.
        .statement_cache_capacity(256);
    let pool = PgPoolOptions::new()
        .max_connections(8)
        .connect_with(opts)
        .await
        .map_err(db)?;
    MIGRATOR
        .run(&pool)
        .await
        .map_err(|e| StoreError::Migrate(Box::new(e)))?;
    Ok(SqlStore::new(PostgresBackend { pool }))
}

/// `url` without its password, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.find('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

fn db(e: sqlx::Error) -> StoreError {
    StoreError::Database(Box::new(e))
}

/// The PostgreSQL executor behind [`PostgresStore`].
#[derive(Debug, Clone)]
pub struct PostgresBackend {
    pool: PgPool,
}

impl PostgresBackend {
    /// The connection pool (for diagnostics and tests).
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }
}

struct Tx(Transaction<'static, Postgres>);

fn query(stmt: &Stmt) -> sqlx::query::Query<'static, Postgres, PgArguments> {
    let mut q = sqlx::query(AssertSqlSafe(stmt.sql.clone()));
    for p in &stmt.params {
        q = match p {
            Value::Text(s) => q.bind(s.clone()),
            Value::Int(n) => q.bind(*n),
            Value::Bool(b) => q.bind(*b),
            Value::Bytes(b) => q.bind(b.clone()),
        };
    }
    q
}

fn decode(row: &PgRow, kinds: &[Kind]) -> Result<Vec<Value>> {
    kinds
        .iter()
        .enumerate()
        .map(|(i, k)| {
            Ok(match k {
                Kind::Text => Value::Text(row.try_get(i).map_err(db)?),
                Kind::Int => Value::Int(int(row, i)?),
                Kind::Bool => Value::Bool(row.try_get(i).map_err(db)?),
                Kind::Bytes => Value::Bytes(
                    row.try_get::<Option<Vec<u8>>, _>(i)
                        .map_err(db)?
                        .unwrap_or_default(),
                ),
            })
        })
        .collect()
}

/// An integer column: BIGINT, or INTEGER for literals such as `CASE … 1`.
fn int(row: &PgRow, i: usize) -> Result<Option<i64>> {
    match row.try_get::<Option<i64>, _>(i) {
        Ok(n) => Ok(n),
        Err(_) => Ok(row.try_get::<Option<i32>, _>(i).map_err(db)?.map(i64::from)),
    }
}

/// Runs `stmt` on a connection, the pool or a transaction, and decodes
/// its rows as `kinds`.
async fn fetch_on<'c>(
    on: impl sqlx::Executor<'c, Database = Postgres>,
    stmt: &Stmt,
    kinds: &[Kind],
) -> Result<Vec<Vec<Value>>> {
    let rows = query(stmt).fetch_all(on).await.map_err(db)?;
    rows.iter().map(|r| decode(r, kinds)).collect()
}

#[async_trait::async_trait]
impl SqlTx for Tx {
    async fn execute(&mut self, stmt: &Stmt) -> Result<u64> {
        let done = query(stmt).execute(&mut *self.0).await.map_err(db)?;
        Ok(done.rows_affected())
    }

    async fn fetch(&mut self, stmt: &Stmt, kinds: &[Kind]) -> Result<Vec<Vec<Value>>> {
        fetch_on(&mut *self.0, stmt, kinds).await
    }

    async fn commit(self: Box<Self>) -> Result<()> {
        self.0.commit().await.map_err(db)
    }
}

#[async_trait::async_trait]
impl SqlBackend for PostgresBackend {
    fn name(&self) -> &'static str {
        "postgres"
    }

    async fn close(&self) {
        self.pool.close().await;
    }

    async fn begin_write(&self) -> Result<Box<dyn SqlTx + '_>> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(WRITE_LOCK)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        Ok(Box::new(Tx(tx)))
    }

    async fn begin_read(&self) -> Result<Box<dyn SqlTx + '_>> {
        let tx = self
            .pool
            .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            .await
            .map_err(db)?;
        Ok(Box::new(Tx(tx)))
    }

    async fn fetch(&self, stmt: &Stmt, kinds: &[Kind]) -> Result<Vec<Vec<Value>>> {
        fetch_on(&self.pool, stmt, kinds).await
    }

    fn json_rows(&self, columns: &str, order: &str) -> String {
        format!("COALESCE(json_agg(json_build_array({columns}) ORDER BY {order})::text, '[]')")
    }

    fn max_params(&self) -> usize {
        60_000
    }
}

pub mod scratch;
