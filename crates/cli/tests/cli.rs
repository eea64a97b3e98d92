//! The command line end to end: the built binary, run as a user runs it, on
//! a corpus it generates itself.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A scratch directory, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(tag: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("minutebook-cli-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch dir");
        Self(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `minutebook ARGS` in `dir`, without the caller's environment choosing
/// another archive or index.
fn minutebook(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_minutebook"))
        .args(args)
        .current_dir(dir)
        .env_remove("MINUTEBOOK_DB")
        .env_remove("MINUTEBOOK_INDEX")
        .output()
        .expect("run minutebook")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A small synthetic corpus in `dir/docs`.
fn corpus(dir: &Path) {
    let out = minutebook(
        dir,
        &[
            "synth",
            "--councils",
            "1",
            "--years",
            "1",
            "--seed",
            "5",
            "--out",
            "docs",
        ],
    );
    assert!(out.status.success(), "synth: {}", stderr(&out));
}

/// `minutebook ingest` of `dir/docs` into `dir/a.db`.
fn ingest(dir: &Path) -> Output {
    minutebook(
        dir,
        &["ingest", "docs", "--authority-from-dir", "--db", "a.db"],
    )
}

mod ingest {
    use super::*;

    /// After the tracker and the search index were brought up to date side
    /// by side, the write-ahead log was sometimes left beside the file.
    #[test]
    fn ingest_leaves_the_file_whole_and_the_index_caught_up() {
        let s = Scratch::new("ingest");
        corpus(&s.0);
        let out = ingest(&s.0);
        let log = stderr(&out);
        assert!(out.status.success(), "ingest: {log}");
        assert!(log.contains("tracker: "), "{log}");
        assert!(log.contains("search index: "), "{log}");
        assert!(
            !s.0.join("a.db-wal").exists(),
            "the log is left beside the file"
        );
        assert!(s.0.join("a.db.search").join("meta.json").exists());

        // The index was caught up by the ingest: a search has nothing to add.
        let out = minutebook(
            &s.0,
            &["search", "--db", "a.db", "--format", "json", "minutes"],
        );
        let log = stderr(&out);
        assert!(out.status.success(), "search: {log}");
        assert!(
            !log.contains("search index"),
            "the search had to update: {log}"
        );
        let found: serde_json::Value =
            serde_json::from_slice(&out.stdout).expect("search --format json");
        assert!(found.to_string().contains("meeting"), "{found}");

        // The tracker ran: its actions are listed.
        let out = minutebook(&s.0, &["actions", "--db", "a.db", "--format", "json"]);
        assert!(out.status.success(), "actions: {}", stderr(&out));
        let actions: serde_json::Value =
            serde_json::from_slice(&out.stdout).expect("actions --format json");
        assert!(
            actions.as_array().is_some_and(|a| !a.is_empty()),
            "{actions}"
        );
    }

    #[test]
    fn a_bad_file_fails_the_ingest_and_the_rest_goes_in() {
        let s = Scratch::new("bad");
        corpus(&s.0);
        std::fs::write(s.0.join("docs").join("broken.pdf"), b"%PDF-1.7 not really").expect("write");
        let out = ingest(&s.0);
        let log = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{log}");
        assert!(
            log.contains("broken.pdf"),
            "the failure names the file: {log}"
        );
        let out = minutebook(
            &s.0,
            &["list", "meetings", "--db", "a.db", "--format", "json"],
        );
        assert!(out.status.success(), "list: {}", stderr(&out));
        let listed: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        assert!(listed.as_array().is_some_and(|a| a.len() > 3), "{listed}");
        assert!(!s.0.join("a.db-wal").exists());
    }
}

mod read {
    use super::*;

    /// `list` ended the process with its connections open, and the
    /// write-ahead log was left beside the file one run in a few (CI).
    #[test]
    fn reads_close_the_archive_and_leave_no_log() {
        let s = Scratch::new("read");
        corpus(&s.0);
        let out = ingest(&s.0);
        assert!(out.status.success(), "ingest: {}", stderr(&out));
        let first = |args: &[&str], key: &str| {
            let out = minutebook(&s.0, args);
            let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
            v[0][key].as_str().expect(key).to_owned()
        };
        let meeting = first(
            &["list", "meetings", "--db", "a.db", "--format", "json"],
            "id",
        );
        let action = first(&["actions", "--db", "a.db", "--format", "json"], "id");
        let committee = first(&["actions", "--db", "a.db", "--format", "json"], "group_id");
        let left_no_log = |args: &[&str]| {
            assert!(
                !s.0.join("a.db-wal").exists(),
                "{args:?} left the log beside the file"
            );
        };
        let reads: [&[&str]; 9] = [
            &["list", "committees", "--db", "a.db"],
            &["list", "people", "--db", "a.db"],
            &["show", &meeting, "--db", "a.db"],
            &["search", "--db", "a.db", "report"],
            &["actions", "--db", "a.db"],
            &["action", &action, "--db", "a.db"],
            &["committees", "list", "--db", "a.db"],
            &["work-programme", "--committee", &committee, "--db", "a.db"],
            &["reindex", "--db", "a.db"],
        ];
        for _ in 0..3 {
            for args in reads {
                let out = minutebook(&s.0, args);
                assert!(out.status.success(), "{args:?}: {}", stderr(&out));
                left_no_log(args);
            }
        }
        // Failing after the archive was opened closes it too.
        let fails: [&[&str]; 2] = [
            &[
                "work-programme",
                "--committee",
                "no such committee",
                "--db",
                "a.db",
            ],
            &["show", "no/such/meeting", "--db", "a.db"],
        ];
        for args in fails {
            let out = minutebook(&s.0, args);
            assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
            left_no_log(args);
        }
        // A server that cannot start (its port is taken) says why and
        // leaves the file as it found it.
        let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = taken.local_addr().expect("address").to_string();
        let args = ["serve", "--db", "a.db", "--bind", &port];
        let out = minutebook(&s.0, &args);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert!(stderr(&out).contains(&port), "{}", stderr(&out));
        left_no_log(&args);
    }
}
