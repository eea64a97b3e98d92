//! Integration tests of the PostgreSQL backend: the shared conformance
//! suite, on a uniquely named database created for the run and dropped
//! after. The server comes from `MINUTEBOOK_TEST_PG_URL`
//! (`scripts/with-postgres` starts one); without it the tests say they were
//! skipped and pass, except under CI (`CI` set), where they fail.

use minutebook_store_postgres::scratch::ScratchDb;

/// The test server's URL, or `None` (after saying so) when there is none.
fn server() -> Option<String> {
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

mod conformance {
    use super::*;

    #[tokio::test]
    async fn suite() {
        let Some(url) = server() else { return };
        let db = ScratchDb::create(&url, "conformance")
            .await
            .expect("create database");
        let store = minutebook_store_postgres::open(&db.url)
            .await
            .expect("open");
        minutebook_store::conformance::run_all(&store).await;
        drop(store);
        db.drop_db().await.expect("drop database");
    }

    #[tokio::test]
    async fn browse_suite() {
        let Some(url) = server() else { return };
        let db = ScratchDb::create(&url, "browse")
            .await
            .expect("create database");
        let store = minutebook_store_postgres::open(&db.url)
            .await
            .expect("open");
        minutebook_store::conformance::browse::run_all(&store).await;
        drop(store);
        db.drop_db().await.expect("drop database");
    }
}

mod postgres_only {
    use super::*;
    use minutebook_store::Store;

    #[tokio::test]
    async fn opening_twice_migrates_once() {
        let Some(url) = server() else { return };
        let db = ScratchDb::create(&url, "reopen")
            .await
            .expect("create database");
        let a = minutebook_store_postgres::open(&db.url)
            .await
            .expect("open");
        let b = minutebook_store_postgres::open(&db.url)
            .await
            .expect("open again");
        assert_eq!(b.counts().await.expect("counts").meetings, 0);
        drop((a, b));
        db.drop_db().await.expect("drop database");
    }

    #[test]
    fn only_postgres_urls_are_accepted() {
        assert!(minutebook_store_postgres::accepts("postgres://h/db"));
        assert!(minutebook_store_postgres::accepts("postgresql://h/db"));
        assert!(!minutebook_store_postgres::accepts("sqlite:x.db"));
    }
}
