//! Integration tests of the PostgreSQL backend: the shared conformance
//! suite, on a uniquely named database created for the run and dropped
//! after. The server comes from `MINUTEBOOK_TEST_PG_URL`
//! (`scripts/with-postgres` starts one); without it the tests say they were
//! skipped and pass, except under CI (`CI` set), where they fail.

use minutebook_store_postgres::scratch::ScratchDb;

/// The test server, or `None` (after saying so; a failure under CI).
fn server() -> Option<String> {
    minutebook_store_postgres::scratch::test_server()
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

    #[test]
    fn passwords_are_not_shown() {
        assert_eq!(
            minutebook_store_postgres::redact("postgres://u:secret@h:5432/db"),
            "postgres://u:***@h:5432/db"
        );
        assert_eq!(
            minutebook_store_postgres::redact("postgres://u@h/db"),
            "postgres://u@h/db"
        );
    }

    #[tokio::test]
    async fn a_bad_url_is_refused_without_its_password() {
        let e = minutebook_store_postgres::open("postgres://u:secret@h:notaport/db")
            .await
            .expect_err("a bad port");
        let shown = e.to_string();
        assert!(!shown.contains("secret"), "{shown}");
        assert!(shown.contains("u:***@h"), "{shown}");
    }
}
