//! Throwaway databases for tests: one uniquely named database per test run,
//! created on a server given by URL and dropped afterwards.

use minutebook_store::{Result, StoreError};
use sqlx::{AssertSqlSafe, Connection, PgConnection};
use std::time::{SystemTime, UNIX_EPOCH};

/// A database created for one test run.
#[derive(Debug)]
pub struct ScratchDb {
    admin_url: String,
    name: String,
    /// The URL of the new database.
    pub url: String,
}

fn db(e: sqlx::Error) -> StoreError {
    StoreError::Database(Box::new(e))
}

/// `url` with its database name replaced by `name`.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (url, String::new()),
    };
    let authority_end = base
        .find("://")
        .map(|i| i + 3)
        .and_then(|start| base[start..].find('/').map(|j| start + j));
    let root = authority_end.map_or(base, |end| &base[..end]);
    format!("{root}/{name}{query}")
}

impl ScratchDb {
    /// Creates a database named `minutebook_test_<tag>_<pid>_<nanos>` on the
    /// server of `admin_url`.
    pub async fn create(admin_url: &str, tag: &str) -> Result<Self> {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        let name = format!("minutebook_test_{tag}_{}_{nanos}", std::process::id());
        let mut conn = PgConnection::connect(admin_url).await.map_err(db)?;
        sqlx::query(AssertSqlSafe(format!("CREATE DATABASE \"{name}\"")))
            .execute(&mut conn)
            .await
            .map_err(db)?;
        conn.close().await.map_err(db)?;
        Ok(Self {
            url: with_database(admin_url, &name),
            admin_url: admin_url.to_owned(),
            name,
        })
    }

    /// Drops the database (closing other connections to it first).
    pub async fn drop_db(self) -> Result<()> {
        let mut conn = PgConnection::connect(&self.admin_url).await.map_err(db)?;
        sqlx::query(AssertSqlSafe(format!(
            "DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)",
            self.name
        )))
        .execute(&mut conn)
        .await
        .map_err(db)?;
        conn.close().await.map_err(db)
    }
}

/// The test server's URL from `MINUTEBOOK_TEST_PG_URL`, or `None` after
/// saying "skipped" on stderr. Under CI (`CI` set) a missing server is a
/// failure, not a skip.
pub fn test_server() -> Option<String> {
    match std::env::var("MINUTEBOOK_TEST_PG_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            assert!(
                std::env::var_os("CI").is_none(),
                "MINUTEBOOK_TEST_PG_URL must be set under CI (see scripts/with-postgres)"
            );
            // Straight to stderr: the test harness captures `eprintln!`.
            use std::io::Write as _;
            let _ = writeln!(std::io::stderr(), "skipped: MINUTEBOOK_TEST_PG_URL not set");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn database_name_is_replaced() {
        assert_eq!(
            with_database("postgres://postgres@127.0.0.1:54329/postgres", "x"),
            "postgres://postgres@127.0.0.1:54329/x"
        );
        assert_eq!(
            with_database("postgres://u:p@h/db?sslmode=disable", "x"),
            "postgres://u:p@h/x?sslmode=disable"
        );
        assert_eq!(
            with_database("postgres://h:5432", "x"),
            "postgres://h:5432/x"
        );
    }
}
