//! The archive in one embedded SQLite file (the default: no server to run).
//!
//! [`open`] creates the file if needed, turns on WAL (readers keep working
//! while an ingest writes), applies the migrations in `migrations/` and
//! returns the [`Store`]. Writers take the write lock at the start of each
//! transaction (`BEGIN IMMEDIATE`), so a batch commits whole or not at all,
//! even if the process is killed. This crate owns the file's settings, its
//! migrations and its connections: sqlx's pool for writes, transactions and
//! large reads, and a few plain connections for small reads on the calling
//! thread (`readers`). The archive's statements are `minutebook_store::sql`'s.
//!
//! ```no_run
//! # async fn demo() -> Result<(), minutebook_store::StoreError> {
//! use minutebook_store::Store;
//! let store = minutebook_store_sqlite::open("sqlite:minutebook.db").await?;
//! println!("{} meetings", store.counts().await?.meetings);
//! # Ok(()) }
//! ```

use minutebook_store::rows::{Kind, Value};
use minutebook_store::sql::{SqlBackend, SqlStore, SqlTx, Stmt};
use minutebook_store::{Result, StoreError};
use sqlx::sqlite::{
    SqliteArguments, SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions,
    SqliteRow, SqliteSynchronous,
};
use sqlx::{AssertSqlSafe, Row, Sqlite, Transaction};
use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

mod readers;
use readers::Readers;

pub use minutebook_store::Store;

/// The store on SQLite.
pub type SqliteStore = SqlStore<SqliteBackend>;

/// The embedded migrations.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// How long the pool's connections wait for another writer's lock before
/// failing (the plain read connections hand over much sooner, see
/// [`readers`]).
const BUSY_TIMEOUT: Duration = Duration::from_secs(60);

/// Whether `url` names an SQLite database (`sqlite:…`, or a plain path).
pub fn accepts(url: &str) -> bool {
    !url.contains("://") || url.starts_with("sqlite:")
}

/// Connection options for `url`: `sqlite:PATH`, `sqlite://PATH` or a path.
pub fn options(url: &str) -> Result<SqliteConnectOptions> {
    let opts = if url.starts_with("sqlite:") {
        SqliteConnectOptions::from_str(url).map_err(|e| StoreError::Url {
            url: url.to_owned(),
            reason: e.to_string(),
        })?
    } else {
        SqliteConnectOptions::new().filename(url)
    };
    Ok(opts
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(BUSY_TIMEOUT)
        // The ingest's multi-row inserts come in eight sizes per table
        // (`inserts`): room for all of them beside the readers' statements.
        .statement_cache_capacity(256))
}

/// Opens (creating and migrating as needed) the database at `url`.
pub async fn open(url: &str) -> Result<SqliteStore> {
    let opts = options(url)?;
    let pool = SqlitePoolOptions::new()
        .max_connections(4)
        .connect_with(opts.clone())
        .await
        .map_err(db)?;
    MIGRATOR
        .run(&pool)
        .await
        .map_err(|e| StoreError::Migrate(Box::new(e)))?;
    // SQLite itself says which file the pool opened (the URL's options,
    // `mode=memory` among them, are sqlx's to interpret); an in-memory
    // database has none and exists only in the pool's connections, so its
    // reads stay there.
    let file: String =
        sqlx::query_scalar("SELECT file FROM pragma_database_list WHERE name = 'main'")
            .fetch_one(&pool)
            .await
            .map_err(db)?;
    let readers = (!file.is_empty()).then(|| Arc::new(Readers::new(Path::new(&file))));
    Ok(SqlStore::new(SqliteBackend { pool, readers }))
}

fn db(e: sqlx::Error) -> StoreError {
    StoreError::Database(Box::new(e))
}

/// The SQLite executor behind [`SqliteStore`].
#[derive(Debug, Clone)]
pub struct SqliteBackend {
    pool: SqlitePool,
    /// One-statement reads off the pool (none for an in-memory database).
    readers: Option<Arc<Readers>>,
}

impl SqliteBackend {
    /// The connection pool (for diagnostics and tests).
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }
}

struct Tx(Transaction<'static, Sqlite>);

/// `sql` with `$1`, `$2`, … turned into anonymous `?` placeholders.
///
/// SQLite looks numbered and named placeholders up in a list, linearly, when
/// preparing and again when binding: quadratic in their number, seconds for
/// a multi-row insert of 16,000 values. Anonymous ones are bound by
/// position. [`Stmt`] guarantees the `$n` are in order and each used once;
/// the portable SQL has no `$` anywhere else.
fn positional(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '$' && chars.peek().is_some_and(char::is_ascii_digit) {
            out.push('?');
            while chars.peek().is_some_and(char::is_ascii_digit) {
                chars.next();
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn query(stmt: &Stmt) -> sqlx::query::Query<'static, Sqlite, SqliteArguments> {
    let mut q = sqlx::query(AssertSqlSafe(positional(&stmt.sql)));
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

fn decode(row: &SqliteRow, kinds: &[Kind]) -> Result<Vec<Value>> {
    kinds
        .iter()
        .enumerate()
        .map(|(i, k)| {
            Ok(match k {
                Kind::Text => Value::Text(row.try_get(i).map_err(db)?),
                Kind::Int => Value::Int(row.try_get(i).map_err(db)?),
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

/// Runs `stmt` on a connection, the pool or a transaction, and decodes
/// its rows as `kinds`.
async fn fetch_on<'c>(
    on: impl sqlx::Executor<'c, Database = Sqlite>,
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
impl SqlBackend for SqliteBackend {
    fn name(&self) -> &'static str {
        "sqlite"
    }

    async fn close(&self) {
        if let Some(readers) = &self.readers {
            readers.close();
        }
        self.pool.close().await;
    }

    async fn begin_write(&self) -> Result<Box<dyn SqlTx + '_>> {
        let tx = self.pool.begin_with("BEGIN IMMEDIATE").await.map_err(db)?;
        Ok(Box::new(Tx(tx)))
    }

    async fn begin_read(&self) -> Result<Box<dyn SqlTx + '_>> {
        let tx = self.pool.begin().await.map_err(db)?;
        Ok(Box::new(Tx(tx)))
    }

    async fn fetch(&self, stmt: &Stmt, kinds: &[Kind]) -> Result<Vec<Vec<Value>>> {
        if let Some(readers) = &self.readers
            && let Some(rows) = readers.fetch(&positional(&stmt.sql), &stmt.params, kinds)?
        {
            return Ok(rows);
        }
        fetch_on(&self.pool, stmt, kinds).await
    }

    fn json_rows(&self, columns: &str, order: &str) -> String {
        format!("json_group_array(json_array({columns}) ORDER BY {order})")
    }
}

#[cfg(test)]
mod tests {
    use super::positional;

    #[test]
    fn placeholders_become_positional() {
        assert_eq!(
            positional("INSERT INTO t (a, b) VALUES ($1, $2), ($3, $10)"),
            "INSERT INTO t (a, b) VALUES (?, ?), (?, ?)"
        );
        assert_eq!(positional("SELECT '$' || x"), "SELECT '$' || x");
    }
}
