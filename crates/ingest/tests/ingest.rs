//! Integration tests of ingest, against both backends: the kill-during-
//! ingest test, the concurrent-reader test and the ingest story (versions,
//! unchanged, failures, reparse).
//!
//! The kill test needs an ingest in another process that it can SIGKILL.
//! A library crate has no binary for `CARGO_BIN_EXE_…`, so this test binary
//! runs itself as the child: `kill::child_ingest_process` does nothing
//! unless `MINUTEBOOK_CHILD_DB` is set, in which case it runs the same
//! library ingest that `minutebook ingest` runs.
//!
//! PostgreSQL legs use `MINUTEBOOK_TEST_PG_URL` (see `scripts/with-postgres`);
//! without it they print "skipped: MINUTEBOOK_TEST_PG_URL not set" and pass,
//! except under CI, where they fail.

mod support {
    use chrono::{Datelike, Duration, NaiveDate};
    use minutebook_ingest::{AuthorityHint, Input, Options};
    use minutebook_record::Meeting;
    use minutebook_store::{NewDocument, Store};
    use std::collections::HashMap;
    use std::path::{Path, PathBuf};

    /// A temporary directory, removed on drop.
    pub struct TempDir(pub PathBuf);

    impl TempDir {
        pub fn new(tag: &str) -> Self {
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or_default();
            let dir = std::env::temp_dir().join(format!(
                "minutebook-ingest-{tag}-{}-{nanos}",
                std::process::id()
            ));
            std::fs::create_dir_all(&dir).expect("temp dir");
            Self(dir)
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    const COMMITTEES: [&str; 6] = [
        "Audit and Governance Committee",
        "Planning Committee",
        "Overview and Scrutiny Committee",
        "Licensing Sub-Committee",
        "Health and Wellbeing Board",
        "Cabinet",
    ];
    const COUNCILS: [&str; 2] = ["northshire-council", "southvale-borough-council"];
    const MEMBERS: [&str; 5] = [
        "Ann Smith",
        "Bob Jones",
        "Cy Brown",
        "Dee Patel",
        "Ed Owusu",
    ];
    const TOPICS: [&str; 5] = [
        "Internal Audit Progress Report",
        "Work Programme",
        "Local Plan Update",
        "Budget Monitoring",
        "Community Safety Partnership",
    ];

    fn ordinal(d: u32) -> &'static str {
        match (d % 10, d % 100) {
            (1, n) if n != 11 => "st",
            (2, n) if n != 12 => "nd",
            (3, n) if n != 13 => "rd",
            _ => "th",
        }
    }

    /// ModernGov-style minutes text for one meeting.
    pub fn minutes(committee: &str, date: NaiveDate, items: usize, variant: &str) -> String {
        let mut t = format!(
            "Agenda and minutes\n\n{committee} - {} {}{} {} {} 7.00 pm\n\n\
             Venue: Council Chamber, Town Hall\n\nContact: Sam Clerk\n\nAttendance\n\n\
             P  {}\n\nP  {}\n\nA  {}\n\nP: Present\n\nA: Apologies for absence submitted\n\n\
             Items\nNo. Item\n\n",
            date.format("%A"),
            date.day(),
            ordinal(date.day()),
            date.format("%B"),
            date.year(),
            MEMBERS[date.day() as usize % MEMBERS.len()],
            MEMBERS[(date.day() as usize + 1) % MEMBERS.len()],
            MEMBERS[(date.day() as usize + 2) % MEMBERS.len()],
        );
        for n in 0..items {
            let number = 10 + n;
            let topic = TOPICS[(n + date.day() as usize) % TOPICS.len()];
            t.push_str(&format!(
                "{number}.\n\n{topic}\n\nMinutes:\n\nThe committee considered the {} report{variant}.\n\n\
                 RESOLVED: That the {} report be noted.\n\n\
                 ACTION: The Clerk to circulate the report by the next meeting.\n\n",
                topic.to_lowercase(),
                topic.to_lowercase()
            ));
        }
        t
    }

    /// Writes `n` documents as `DIR/<council>/<committee>/<date>.txt`, plus
    /// `versions` second versions (`<date>.v2.txt`) and `bad` files
    /// that are not minutes. Returns the directory.
    pub fn fixtures(dir: &Path, n: usize, versions: usize, bad: usize) -> PathBuf {
        let root = dir.join("docs");
        let start = NaiveDate::from_ymd_opt(2023, 1, 2).expect("date");
        for i in 0..n {
            let council = COUNCILS[i % COUNCILS.len()];
            let committee = COMMITTEES[(i / COUNCILS.len()) % COMMITTEES.len()];
            let date = start + Duration::days((i / (COUNCILS.len() * COMMITTEES.len())) as i64 * 7);
            let folder = root
                .join(council)
                .join(minutebook_store::ids::slug(committee));
            std::fs::create_dir_all(&folder).expect("mkdir");
            let items = 2 + i % 5;
            let name = date.format("%Y-%m-%d").to_string();
            std::fs::write(
                folder.join(format!("{name}.txt")),
                minutes(committee, date, items, ""),
            )
            .expect("write");
            if i < versions {
                let text = minutes(committee, date, items + 1, ", as amended");
                std::fs::write(folder.join(format!("{name}.v2.txt")), text).expect("write");
            }
        }
        let junk = root.join("northshire-council").join("junk");
        std::fs::create_dir_all(&junk).expect("mkdir");
        for i in 0..bad {
            std::fs::write(
                junk.join(format!("notes-{i}.txt")),
                format!("shopping list {i}\n- eggs\n"),
            )
            .expect("write");
        }
        root
    }

    pub fn options() -> Options {
        Options {
            batch_size: 25,
            threads: 2,
            authority: AuthorityHint::FromDirectory,
            ..Options::default()
        }
    }

    /// What every stored source should read as: SHA-256 → record, computed
    /// the way ingest does.
    pub fn expected(inputs: &[Input]) -> HashMap<String, Meeting> {
        inputs
            .iter()
            .filter_map(|input| {
                let bytes = std::fs::read(&input.path).ok()?;
                let opts = minutebook_parse::Options {
                    path: Some(input.path.display().to_string()),
                    ..minutebook_parse::Options::default()
                };
                let mut m = minutebook_parse::parse_bytes(&bytes, &opts).ok()?;
                m.authority = m.authority.or_else(|| input.authority_dir.clone());
                let mut packer = minutebook_store::compress::Packer::plain().ok()?;
                let doc = NewDocument::new(&bytes, m, "x", &mut packer).ok()?;
                Some((doc.sha256, doc.meeting))
            })
            .collect()
    }

    /// Checks that every stored meeting is exactly the record of its
    /// current source (no half-written meeting); returns how many.
    pub async fn check_whole(store: &dyn Store, expected: &HashMap<String, Meeting>) -> usize {
        let all = store
            .meetings(&minutebook_store::ListFilter::default())
            .await
            .expect("list");
        for m in &all {
            let stored = store
                .meeting(&m.id)
                .await
                .expect("read")
                .expect("listed meeting");
            check_one(&stored, expected);
        }
        all.len()
    }

    pub fn check_one(
        stored: &minutebook_store::StoredMeeting,
        expected: &HashMap<String, Meeting>,
    ) {
        let sha = stored.meeting.source.sha256.clone().expect("sha");
        let want = expected.get(&sha).expect("a source we wrote");
        assert_eq!(&stored.meeting, want, "meeting {} is not whole", stored.id);
        let current: Vec<_> = stored.versions.iter().filter(|v| v.current).collect();
        assert_eq!(current.len(), 1, "one current version of {}", stored.id);
        assert_eq!(current[0].sha256, sha);
    }

    /// The test server, or `None` (after saying so; a failure under CI).
    pub fn pg_server() -> Option<String> {
        minutebook_store_postgres::scratch::test_server()
    }

    /// Opens either backend.
    pub async fn open(url: &str) -> Box<dyn Store> {
        if minutebook_store_postgres::accepts(url) {
            Box::new(
                minutebook_store_postgres::open(url)
                    .await
                    .expect("open postgres"),
            )
        } else {
            Box::new(
                minutebook_store_sqlite::open(url)
                    .await
                    .expect("open sqlite"),
            )
        }
    }

    /// Runs an ingest to the end, ignoring progress.
    pub async fn ingest(store: &dyn Store, root: &Path) -> minutebook_ingest::Summary {
        let (inputs, failures) = minutebook_ingest::collect(&[root.to_owned()]);
        assert!(failures.is_empty(), "{failures:?}");
        minutebook_ingest::ingest(store, inputs, &options(), &mut |_| {})
            .await
            .expect("ingest")
    }
}

mod story {
    use super::support::*;

    async fn ingest_story(url: &str) {
        let dir = TempDir::new("story");
        let root = fixtures(&dir.0, 40, 5, 2);
        let store = open(url).await;
        let s = ingest(store.as_ref(), &root).await;
        assert_eq!(
            (s.new, s.updated, s.unchanged, s.failed.len()),
            (40, 5, 0, 2),
            "{s:?}"
        );
        assert!(
            s.failed
                .iter()
                .all(|f| f.path.to_string_lossy().contains("notes-"))
        );
        let (inputs, _) = minutebook_ingest::collect(std::slice::from_ref(&root));
        let expected = expected(&inputs);
        assert_eq!(check_whole(store.as_ref(), &expected).await, 40);
        let again = ingest(store.as_ref(), &root).await;
        assert_eq!((again.new, again.updated, again.unchanged), (0, 0, 45));
        let c = store.counts().await.expect("counts");
        assert_eq!((c.sources, c.meetings, c.versions), (45, 40, 45));
        let id = "northshire-council/audit-and-governance-committee/2023-01-02";
        let m = store.meeting(id).await.expect("read").expect("stored");
        assert_eq!(m.versions.len(), 2, "draft and approved");
        assert_eq!(m.ids.items[0].id, format!("{id}/10"));
        assert_eq!(m.ids.items[0].resolutions[0], format!("{id}/10/r1"));
        // Re-parse from the stored originals only: identifiers survive.
        drop(dir);
        let opts = minutebook_ingest::ReparseOptions {
            all: true,
            ..minutebook_ingest::ReparseOptions::default()
        };
        let r = minutebook_ingest::reparse(store.as_ref(), &opts, &mut |_| {})
            .await
            .expect("reparse");
        assert_eq!((r.updated, r.failed.len()), (45, 0));
        let after = store.meeting(id).await.expect("read").expect("stored");
        assert_eq!(after.ids, m.ids);
        assert_eq!(after.meeting, m.meeting);
        assert_eq!(check_whole(store.as_ref(), &expected).await, 40);
    }

    #[tokio::test]
    async fn sqlite() {
        let db = TempDir::new("story-db");
        ingest_story(&format!("sqlite:{}", db.0.join("a.db").display())).await;
    }

    #[tokio::test]
    async fn postgres() {
        let Some(server) = pg_server() else { return };
        let db = minutebook_store_postgres::scratch::ScratchDb::create(&server, "story")
            .await
            .expect("create database");
        ingest_story(&db.url).await;
        db.drop_db().await.expect("drop database");
    }
}

mod kill {
    use super::support::*;

    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};

    /// The child: runs an ingest when asked to by the parent test.
    #[tokio::test]
    async fn child_ingest_process() {
        let (Ok(url), Ok(root)) = (
            std::env::var("MINUTEBOOK_CHILD_DB"),
            std::env::var("MINUTEBOOK_CHILD_ROOT"),
        ) else {
            return;
        };
        let store = open(&url).await;
        ingest(store.as_ref(), std::path::Path::new(&root)).await;
    }

    fn spawn_child(url: &str, root: &std::path::Path) -> std::process::Child {
        Command::new(std::env::current_exe().expect("test binary"))
            .args([
                "kill::child_ingest_process",
                "--exact",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("MINUTEBOOK_CHILD_DB", url)
            .env("MINUTEBOOK_CHILD_ROOT", root)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn child ingest")
    }

    /// A small deterministic pseudo-random sequence (xorshift).
    fn delays(seed: u64, n: usize, max_ms: u64) -> Vec<u64> {
        let mut x = seed | 1;
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x % max_ms.max(1)
            })
            .collect()
    }

    async fn sqlite_integrity(url: &str) {
        if minutebook_store_postgres::accepts(url) {
            return;
        }
        let pool = sqlx::SqlitePool::connect(url).await.expect("connect");
        let rows: Vec<(String,)> = sqlx::query_as("PRAGMA integrity_check")
            .fetch_all(&pool)
            .await
            .expect("integrity_check");
        assert_eq!(rows, [("ok".to_owned(),)]);
        let fk: Vec<(String,)> = sqlx::query_as("SELECT \"table\" FROM pragma_foreign_key_check")
            .fetch_all(&pool)
            .await
            .expect("foreign_key_check");
        assert!(fk.is_empty(), "{fk:?}");
        pool.close().await;
    }

    /// SIGKILL an ingest at several points; every time the database must be
    /// consistent, and running the same ingest again must complete it with
    /// the same result as a clean ingest.
    async fn killed_ingest_completes(clean_url: &str, url: &str) {
        let dir = TempDir::new("kill");
        let root = fixtures(&dir.0, 300, 30, 3);
        let (inputs, _) = minutebook_ingest::collect(std::slice::from_ref(&root));
        let expected = expected(&inputs);

        let clean = open(clean_url).await;
        let t = Instant::now();
        ingest(clean.as_ref(), &root).await;
        let clean_ms = u64::try_from(t.elapsed().as_millis()).unwrap_or(u64::MAX);
        let want = clean.counts().await.expect("counts");

        open(url).await; // migrate before the first kill
        let mut partial_seen = false;
        for (k, delay) in delays(0x5eed, 5, clean_ms + 300).into_iter().enumerate() {
            let mut child = spawn_child(url, &root);
            std::thread::sleep(Duration::from_millis(delay));
            let _ = child.kill(); // SIGKILL
            let _ = child.wait();
            sqlite_integrity(url).await;
            let store = open(url).await;
            let n = check_whole(store.as_ref(), &expected).await;
            let got = store.counts().await.expect("counts");
            eprintln!("kill {k} after {delay} ms: {n} meetings, {got:?}");
            partial_seen |= got.sources > 0 && got != want;
        }
        let status = spawn_child(url, &root).wait().expect("final run");
        assert!(status.success());
        sqlite_integrity(url).await;
        let store = open(url).await;
        assert_eq!(store.counts().await.expect("counts"), want);
        assert_eq!(check_whole(store.as_ref(), &expected).await, 300);
        if !partial_seen {
            eprintln!("note: no kill landed mid-ingest this time");
        }
    }

    #[tokio::test]
    async fn sqlite() {
        let db = TempDir::new("kill-db");
        killed_ingest_completes(
            &format!("sqlite:{}", db.0.join("clean.db").display()),
            &format!("sqlite:{}", db.0.join("killed.db").display()),
        )
        .await;
    }

    #[tokio::test]
    async fn postgres() {
        let Some(server) = pg_server() else { return };
        use minutebook_store_postgres::scratch::ScratchDb;
        let clean = ScratchDb::create(&server, "kill_clean")
            .await
            .expect("create database");
        let killed = ScratchDb::create(&server, "kill")
            .await
            .expect("create database");
        killed_ingest_completes(&clean.url, &killed.url).await;
        clean.drop_db().await.expect("drop database");
        killed.drop_db().await.expect("drop database");
    }
}

mod readers {
    use super::support::*;
    use minutebook_store::ListFilter;
    use std::sync::atomic::{AtomicBool, Ordering};

    /// Readers query continuously while an ingest runs: never an error,
    /// never a partial meeting.
    async fn readers_see_whole_meetings(url: &str) {
        let dir = TempDir::new("readers");
        let root = fixtures(&dir.0, 200, 40, 0);
        let (inputs, _) = minutebook_ingest::collect(std::slice::from_ref(&root));
        let expected = expected(&inputs);
        let writer = open(url).await;
        let reader = open(url).await;
        let done = AtomicBool::new(false);
        let ingest = async {
            let s = ingest(writer.as_ref(), &root).await;
            done.store(true, Ordering::SeqCst);
            s
        };
        let read = async {
            let mut reads = 0usize;
            let mut sizes = std::collections::BTreeSet::new();
            while !done.load(Ordering::SeqCst) {
                let list = reader
                    .meetings(&ListFilter::default())
                    .await
                    .expect("list while ingesting");
                sizes.insert(list.len());
                for m in list.iter().rev().take(10) {
                    let stored = reader.meeting(&m.id).await.expect("read while ingesting");
                    check_one(&stored.expect("listed meeting exists"), &expected);
                    reads += 1;
                }
                tokio::task::yield_now().await;
            }
            (reads, sizes.len())
        };
        let (summary, (reads, snapshots)) = tokio::join!(ingest, read);
        assert_eq!((summary.new, summary.updated), (200, 40));
        assert!(reads > 0, "the readers read");
        eprintln!("{reads} meeting reads over {snapshots} distinct list sizes");
        assert_eq!(check_whole(reader.as_ref(), &expected).await, 200);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        let db = TempDir::new("readers-db");
        readers_see_whole_meetings(&format!("sqlite:{}", db.0.join("r.db").display())).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        let Some(server) = pg_server() else { return };
        let db = minutebook_store_postgres::scratch::ScratchDb::create(&server, "readers")
            .await
            .expect("create database");
        readers_see_whole_meetings(&db.url).await;
        db.drop_db().await.expect("drop database");
    }
}

mod upload {
    use super::support::*;
    use minutebook_ingest::{FileResult, Upload, ingest_upload};
    use minutebook_store::Outcome;

    async fn upload_story(url: &str) {
        let store = open(url).await;
        let date = chrono::NaiveDate::from_ymd_opt(2024, 6, 13).expect("date");
        let bytes = minutes("Planning Committee", date, 3, "").into_bytes();
        let up = |bytes: Vec<u8>| Upload {
            name: "upload.txt".into(),
            bytes,
            authority: Some("Northshire Council".into()),
        };
        let limits = minutebook_parse::Limits::default();
        let id = "northshire-council/planning-committee/2024-06-13";
        let first = ingest_upload(store.as_ref(), up(bytes.clone()), limits)
            .await
            .expect("upload");
        assert_eq!(
            first,
            FileResult::Stored {
                outcome: Outcome::New,
                meeting_id: Some(id.into())
            }
        );
        let m = store.meeting(id).await.expect("read").expect("stored");
        assert_eq!(m.meeting.items.len(), 3);
        assert_eq!(m.meeting.source.path.as_deref(), Some("upload.txt"));
        let again = ingest_upload(store.as_ref(), up(bytes.clone()), limits)
            .await
            .expect("upload");
        assert!(
            matches!(
                again,
                FileResult::Stored {
                    outcome: Outcome::Unchanged,
                    ..
                }
            ),
            "{again:?}"
        );
        let junk = ingest_upload(store.as_ref(), up(b"a shopping list\n".to_vec()), limits)
            .await
            .expect("upload");
        assert!(matches!(junk, FileResult::Failed(_)), "{junk:?}");
        let small = minutebook_parse::Limits { max_bytes: 10 };
        let big = ingest_upload(store.as_ref(), up(bytes), small)
            .await
            .expect("upload");
        assert!(
            matches!(&big, FileResult::Failed(r) if r.contains("limit")),
            "{big:?}"
        );
        assert_eq!(store.counts().await.expect("counts").sources, 1);
    }

    #[tokio::test]
    async fn sqlite() {
        let db = TempDir::new("upload-db");
        upload_story(&format!("sqlite:{}", db.0.join("a.db").display())).await;
    }

    #[tokio::test]
    async fn postgres() {
        let Some(server) = pg_server() else { return };
        let db = minutebook_store_postgres::scratch::ScratchDb::create(&server, "upload")
            .await
            .expect("create database");
        upload_story(&db.url).await;
        db.drop_db().await.expect("drop database");
    }
}
