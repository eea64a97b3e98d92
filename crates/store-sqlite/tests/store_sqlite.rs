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
    use sqlx::Row;

    #[tokio::test]
    async fn journal_is_wal_and_views_read() {
        let db = TempDb::new("views");
        let store = minutebook_store_sqlite::open(&db.url())
            .await
            .expect("open");
        let m = rich_meeting("View Committee", "2024-06-13", MinutesStatus::Final);
        store
            .write_batch(&[document("views", m)])
            .await
            .expect("write");
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

    #[tokio::test]
    async fn reopening_does_not_migrate_again() {
        let db = TempDb::new("reopen");
        let m = rich_meeting("Reopen Committee", "2024-06-13", MinutesStatus::Final);
        {
            let store = minutebook_store_sqlite::open(&db.url())
                .await
                .expect("open");
            store
                .write_batch(&[document("reopen", m)])
                .await
                .expect("write");
        }
        let store = minutebook_store_sqlite::open(&db.url())
            .await
            .expect("reopen");
        assert_eq!(store.counts().await.expect("counts").meetings, 1);
    }

    #[test]
    fn plain_paths_and_sqlite_urls_are_accepted() {
        assert!(minutebook_store_sqlite::accepts("minutebook.db"));
        assert!(minutebook_store_sqlite::accepts("sqlite:minutebook.db"));
        assert!(!minutebook_store_sqlite::accepts("postgres://h/db"));
    }
}
