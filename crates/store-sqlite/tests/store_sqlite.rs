//! Integration tests of the SQLite backend: the shared conformance suite,
//! plus what only SQLite has (WAL, the readable views).

use std::path::PathBuf;

/// A fresh database file in a fresh directory, removed on drop.
struct TempDb {
    dir: PathBuf,
}

impl TempDb {
    fn new(tag: &str) -> Self {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        let dir = std::env::temp_dir().join(format!(
            "minutebook-sqlite-{tag}-{}-{nanos}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).expect("temp dir");
        Self { dir }
    }
    fn url(&self) -> String {
        format!("sqlite:{}", self.dir.join("archive.db").display())
    }
}

impl Drop for TempDb {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

mod conformance {
    use super::TempDb;

    #[tokio::test]
    async fn suite() {
        let db = TempDb::new("conformance");
        let store = minutebook_store_sqlite::open(&db.url())
            .await
            .expect("open");
        minutebook_store::conformance::run_all(&store).await;
    }

    /// An in-memory archive has no file for the plain read connections to
    /// open: its reads go through sqlx's pool, and must pass the same suite.
    #[tokio::test]
    async fn in_memory_suite() {
        let store = minutebook_store_sqlite::open("sqlite::memory:")
            .await
            .expect("open");
        minutebook_store::conformance::run_all(&store).await;
    }

    #[tokio::test]
    async fn browse_suite() {
        let db = TempDb::new("browse");
        let store = minutebook_store_sqlite::open(&db.url())
            .await
            .expect("open");
        minutebook_store::conformance::browse::run_all(&store).await;
    }
}

mod sqlite_only {
    use super::TempDb;
    use minutebook_record::MinutesStatus;
    use minutebook_store::Store;
    use minutebook_store::conformance::{document, rich_meeting};
    use minutebook_store_sqlite::SqliteStore;
    use sqlx::Row;

    /// The archive `db`, opened, with one rich meeting of `committee`
    /// written; and that meeting's identifier.
    async fn with_meeting(db: &TempDb, committee: &str) -> (SqliteStore, String) {
        let store = minutebook_store_sqlite::open(&db.url())
            .await
            .expect("open");
        let m = rich_meeting(committee, "2024-06-13", MinutesStatus::Final);
        let written = store
            .write_batch(&[document(committee, m)])
            .await
            .expect("write");
        let id = written[0].meeting_id.clone().expect("a meeting");
        (store, id)
    }

    #[tokio::test]
    async fn journal_is_wal_and_views_read() {
        let db = TempDb::new("views");
        let (store, _) = with_meeting(&db, "View Committee").await;
        let pool = store.backend_ref().pool();
        let mode: String = sqlx::query("PRAGMA journal_mode")
            .fetch_one(pool)
            .await
            .expect("pragma")
            .get(0);
        assert_eq!(mode, "wal");
        for (view, rows) in [
            ("meetings_v", 1),
            ("items_v", 3),
            ("resolutions_v", 3),
            ("actions_v", 1),
            ("attendance_v", 6),
            ("versions_v", 1),
        ] {
            let n: i64 = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {view}")))
                .fetch_one(pool)
                .await
                .expect("view")
                .get(0);
            assert_eq!(n, rows, "{view}");
        }
    }

    /// After an ingest the write-ahead log was sometimes left beside the
    /// file (connections still open when the process exited): a copy of
    /// the file alone missed the last writes.
    #[tokio::test]
    async fn closing_leaves_everything_in_the_file() {
        let db = TempDb::new("close");
        let (store, id) = with_meeting(&db, "Close Committee").await;
        assert!(store.meeting(&id).await.expect("read").is_some());
        store.close().await;
        let wal = db.dir.join("archive.db-wal");
        assert!(!wal.exists(), "{} is left", wal.display());
        let copy = TempDb::new("close-copy");
        std::fs::copy(db.dir.join("archive.db"), copy.dir.join("archive.db")).expect("copy");
        let reopened = minutebook_store_sqlite::open(&copy.url())
            .await
            .expect("open the copy");
        assert!(
            reopened.meeting(&id).await.expect("read").is_some(),
            "the copy of the file alone holds the meeting"
        );
    }

    #[tokio::test]
    async fn reopening_does_not_migrate_again() {
        let db = TempDb::new("reopen");
        drop(with_meeting(&db, "Reopen Committee").await);
        let store = minutebook_store_sqlite::open(&db.url())
            .await
            .expect("reopen");
        assert_eq!(store.counts().await.expect("counts").meetings, 1);
    }

    /// The last migration before the tables were rebuilt WITHOUT ROWID.
    const BEFORE_COMPACT: i64 = 20261201220000;

    /// The record's tables in the order their foreign keys allow, then the
    /// API registry.
    const TABLES: [&str; 18] = [
        "authorities",
        "committees",
        "committee_names",
        "people",
        "compression_dictionaries",
        "sources",
        "meeting_versions",
        "meetings",
        "items",
        "documents",
        "attendance",
        "resolutions",
        "recorded_votes",
        "actions",
        "minute_references",
        "declarations",
        "changes",
        "api_objects",
    ];

    async fn count(conn: &mut sqlx::SqliteConnection, sql: String) -> i64 {
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_one(conn)
            .await
            .expect("count")
            .get(0)
    }

    /// Archives deployed before the compaction migration must come through
    /// it with every row: the rebuilt tables are copied, not recreated empty.
    #[tokio::test]
    async fn compaction_keeps_every_row() {
        use sqlx::ConnectOptions;
        let written = TempDb::new("compact-src");
        let store = minutebook_store_sqlite::open(&written.url())
            .await
            .expect("open");
        let m = rich_meeting("Compact Committee", "2024-06-13", MinutesStatus::Final);
        store
            .write_batch(&[document("compact", m)])
            .await
            .expect("write");
        minutebook_store::browse::Browse::sync_registry(&store, 100)
            .await
            .expect("registry");
        let old = TempDb::new("compact-old");
        let mut conn = minutebook_store_sqlite::options(&old.url())
            .expect("options")
            .connect()
            .await
            .expect("connect");
        minutebook_store_sqlite::MIGRATOR
            .run_to(BEFORE_COMPACT, &mut conn)
            .await
            .expect("old schema");
        sqlx::query("ATTACH DATABASE ? AS written")
            .bind(written.dir.join("archive.db").display().to_string())
            .execute(&mut conn)
            .await
            .expect("attach");
        for t in TABLES {
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "INSERT INTO main.{t} SELECT * FROM written.{t}"
            )))
            .execute(&mut conn)
            .await
            .expect("copy");
        }
        minutebook_store_sqlite::MIGRATOR
            .run(&mut conn)
            .await
            .expect("compaction");
        for t in TABLES {
            let rows = count(&mut conn, format!("SELECT COUNT(*) FROM main.{t}")).await;
            let expected = count(&mut conn, format!("SELECT COUNT(*) FROM written.{t}")).await;
            assert_eq!(rows, expected, "{t}");
            let differing = count(
                &mut conn,
                format!(
                    "SELECT COUNT(*) FROM (SELECT * FROM main.{t} EXCEPT SELECT * FROM written.{t})"
                ),
            )
            .await;
            assert_eq!(differing, 0, "{t}");
        }
        for t in [
            "meeting_versions",
            "committee_names",
            "documents",
            "api_objects",
        ] {
            assert!(
                count(&mut conn, format!("SELECT COUNT(*) FROM main.{t}")).await > 0,
                "{t}"
            );
        }
        // A WITHOUT ROWID table has no automatic index for its key.
        let autoindexes = count(
            &mut conn,
            "SELECT COUNT(*) FROM main.sqlite_schema WHERE name IN \
             ('sqlite_autoindex_meeting_versions_1', 'sqlite_autoindex_api_objects_1')"
                .to_owned(),
        )
        .await;
        assert_eq!(autoindexes, 0);
        let views = count(&mut conn, "SELECT COUNT(*) FROM main.versions_v".to_owned()).await;
        assert_eq!(views, 1);
    }

    #[test]
    fn plain_paths_and_sqlite_urls_are_accepted() {
        assert!(minutebook_store_sqlite::accepts("minutebook.db"));
        assert!(minutebook_store_sqlite::accepts("sqlite:minutebook.db"));
        assert!(!minutebook_store_sqlite::accepts("postgres://h/db"));
    }
}
