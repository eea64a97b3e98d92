//! Integration tests of the web site and API, through the real router on a
//! real archive: SQLite always, PostgreSQL when `MINUTEBOOK_TEST_PG_URL` is
//! set (`scripts/with-postgres`; without it the PostgreSQL tests say they
//! were skipped and pass, except under CI, where they fail).
//!
//! API responses and the OpenAPI document are snapshot-tested (insta); the
//! SQLite and PostgreSQL runs of a story share their snapshots, so the two
//! backends must answer byte for byte alike.

mod support {
    use axum::body::Body;
    use axum::http::{HeaderMap, Request, StatusCode};
    use http_body_util::BodyExt;
    use minutebook_record::{Meeting, MinutesStatus, Reference};
    use minutebook_serve::text::Glossary;
    use minutebook_serve::{AppState, Config, Features, Limits};
    use minutebook_store::Archive;
    use minutebook_store::conformance::{document, rich_meeting};
    use std::path::PathBuf;
    use std::sync::Arc;
    use tower::ServiceExt;

    pub const BASE: &str = "http://minutebook.test";
    pub const TOKEN: &str = "a-long-enough-test-token";
    pub const COMMITTEE: &str = "testshire-county-council/scrutiny-committee";
    pub const JAN: &str = "testshire-county-council/scrutiny-committee/2024-01-10";
    pub const MAR: &str = "testshire-county-council/scrutiny-committee/2024-03-10";

    /// A temporary directory, removed on drop.
    pub struct TempDir(pub PathBuf);

    impl TempDir {
        pub fn new(tag: &str) -> Self {
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or_default();
            let dir = std::env::temp_dir().join(format!(
                "minutebook-serve-{tag}-{}-{nanos}",
                std::process::id()
            ));
            std::fs::create_dir_all(&dir).expect("temp dir");
            Self(dir)
        }
        pub fn sqlite_url(&self) -> String {
            format!("sqlite:{}", self.0.join("archive.db").display())
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    /// Opens either backend.
    pub async fn open(url: &str) -> Arc<dyn Archive> {
        if minutebook_store_postgres::accepts(url) {
            Arc::new(
                minutebook_store_postgres::open(url)
                    .await
                    .expect("open postgres"),
            )
        } else {
            Arc::new(
                minutebook_store_sqlite::open(url)
                    .await
                    .expect("open sqlite"),
            )
        }
    }

    /// Runs `story` against a fresh SQLite archive.
    pub async fn on_sqlite<F, Fut>(tag: &str, story: F)
    where
        F: FnOnce(Arc<dyn Archive>) -> Fut,
        Fut: std::future::Future<Output = ()>,
    {
        let dir = TempDir::new(tag);
        story(open(&dir.sqlite_url()).await).await;
    }

    /// Runs `story` against a fresh PostgreSQL database, if there is a server.
    pub async fn on_postgres<F, Fut>(tag: &str, story: F)
    where
        F: FnOnce(Arc<dyn Archive>) -> Fut,
        Fut: std::future::Future<Output = ()>,
    {
        let Some(server) = minutebook_store_postgres::scratch::test_server() else {
            return;
        };
        let db = minutebook_store_postgres::scratch::ScratchDb::create(&server, tag)
            .await
            .expect("create database");
        story(open(&db.url).await).await;
        db.drop_db().await.expect("drop database");
    }

    /// The server's state over `archive`, with a token and a glossary.
    pub fn state(archive: Arc<dyn Archive>) -> AppState {
        state_with(archive, Limits::default(), Some(TOKEN))
    }

    pub fn state_with(archive: Arc<dyn Archive>, limits: Limits, token: Option<&str>) -> AppState {
        let config = Config {
            base_url: BASE.into(),
            token: token.map(str::to_owned),
            limits,
            ..Config::default()
        };
        let glossary = Glossary::new([(
            "EHCP".to_owned(),
            "Education, Health and Care Plan".to_owned(),
        )]);
        AppState::with(archive, config, glossary, Features::default())
    }

    /// The server's state over `archive` with search (its index in `dir`),
    /// the sector's glossary and `limits`.
    pub async fn searching_with(
        archive: Arc<dyn Archive>,
        dir: &TempDir,
        limits: Limits,
    ) -> AppState {
        let config = Config {
            base_url: BASE.into(),
            token: Some(TOKEN.into()),
            limits,
            ..Config::default()
        };
        let searcher = minutebook_search::Searcher::open(archive.clone(), dir.0.join("index"))
            .await
            .expect("open the index");
        AppState::with_search(archive, config, Glossary::sector(), Arc::new(searcher))
    }

    /// [`searching_with`] the default limits.
    pub async fn searching(archive: Arc<dyn Archive>, dir: &TempDir) -> AppState {
        searching_with(archive, dir, Limits::default()).await
    }

    /// Three meetings of two committees, one citing another, in one batch;
    /// the registry brought up to date.
    pub async fn seed(archive: &dyn Archive) {
        let mut jan = rich_meeting("Scrutiny Committee", "2024-01-10", MinutesStatus::Final);
        jan.items[1].title = "EHCP timescales & Budget".into();
        let mut mar = rich_meeting("Scrutiny Committee", "2024-03-10", MinutesStatus::Draft);
        mar.previous_minutes.as_mut().expect("previous").date = Some("2024-01-10".into());
        mar.items[1].references = vec![
            Reference {
                minute: Some("5/24".into()),
                meeting_date: Some("2024-01-10".into()),
                text: "Further to Minute 5/24 of 10 January 2024".into(),
                span: None,
            },
            Reference {
                minute: None,
                meeting_date: Some("2023-12-01".into()),
                text: "At its meeting on 1 December 2023".into(),
                span: None,
            },
        ];
        let mut panel = rich_meeting("Audit Panel", "2024-02-10", MinutesStatus::Final);
        // A deadline, not a meeting: overdue once it has passed.
        panel.items[1].actions[0].due_text = Some("by 30 June 2024".into());
        panel.items[1].actions[0].due_date = Some("2024-06-30".into());
        archive
            .write_batch(&[
                document("seed jan", jan),
                document("seed mar", mar),
                document("seed panel", panel),
            ])
            .await
            .expect("write");
        minutebook_serve::registry::catch_up(archive)
            .await
            .expect("registry");
        track(archive).await;
    }

    /// The day the tracker is run on in tests (statuses depend on it).
    pub fn today() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2024, 10, 1).expect("date")
    }

    /// Brings the scrutiny tracker up to date, as `minutebook ingest` does.
    pub async fn track(archive: &dyn Archive) {
        minutebook_track::catch_up(archive, today())
            .await
            .expect("tracker");
    }

    /// A response: status, headers, body.
    pub struct Got {
        pub status: StatusCode,
        pub headers: HeaderMap,
        pub body: String,
    }

    impl Got {
        pub fn json(&self) -> serde_json::Value {
            serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
        }
        pub fn header(&self, name: &str) -> &str {
            self.headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
        }
    }

    pub async fn send(state: &AppState, req: Request<Body>) -> Got {
        let response = minutebook_serve::router(state.clone())
            .oneshot(req)
            .await
            .expect("infallible");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        Got {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    pub async fn get(state: &AppState, path: &str) -> Got {
        send(
            state,
            Request::get(path).body(Body::empty()).expect("request"),
        )
        .await
    }

    pub async fn post(state: &AppState, path: &str, token: Option<&str>, body: Vec<u8>) -> Got {
        let mut req = Request::post(path);
        if let Some(t) = token {
            req = req.header("authorization", format!("Bearer {t}"));
        }
        send(state, req.body(Body::from(body)).expect("request")).await
    }

    /// Times differ from run to run; everything else must not.
    pub fn settings() -> insta::Settings {
        let mut s = insta::Settings::clone_current();
        s.set_snapshot_path("snapshots");
        s.set_prepend_module_to_snapshot(false);
        s
    }

    /// A document full of markup and script, as a record.
    pub fn hostile() -> Meeting {
        let evil = r#"<script>alert(1)</script> "><img src=x onerror=alert(2)> <a href="javascript:alert(3)">click</a> javascript:alert(4)"#;
        let mut m = rich_meeting("Hostile Committee", "2024-05-05", MinutesStatus::Final);
        m.venue = Some(format!("Room {evil}"));
        m.contact = Some(evil.into());
        m.attendance.present[0].description = Some(evil.into());
        m.items[1].title = format!("Budget {evil}");
        m.items[1].agenda_text = Some(evil.into());
        m.items[1].minutes_text = Some(format!(
            "Discussion {evil}\n\n- point {evil}\n\nRESOLVED: {evil}"
        ));
        m.items[1].documents[0].title = evil.into();
        m.items[1].actions[0].text = evil.into();
        m.items[1].actions[0].owner = Some(evil.into());
        m.items[1].resolutions[0].text = evil.into();
        m.items[1].references[0].text = evil.into();
        m.declarations[0].text = Some(evil.into());
        m
    }
}

mod pages {
    use super::support::*;
    use minutebook_store::Archive;
    use std::sync::Arc;

    async fn every_page_type(archive: Arc<dyn Archive>) {
        seed(archive.as_ref()).await;
        let s = state(archive);
        let home = get(&s, "/").await;
        assert_eq!(home.status, 200);
        assert!(
            home.body
                .contains("3 meetings of 2 committees in 1 council"),
            "{}",
            home.body
        );
        assert!(home.body.contains(&format!("href=\"/meetings/{MAR}\"")));
        assert!(
            !home.body.contains("action=\"/search\""),
            "no search box without search"
        );

        let council = get(&s, "/authorities/testshire-county-council").await;
        assert_eq!(council.status, 200);
        assert!(council.body.contains("<h1>Testshire County Council</h1>"));
        assert!(council.body.contains("Audit Panel"));
        assert_eq!(get(&s, "/authorities").await.status, 200);

        let c = get(&s, &format!("/committees/{COMMITTEE}")).await;
        assert_eq!(c.status, 200);
        assert!(c.body.contains("<h3>2024</h3>"));
        assert!(
            c.body
                .contains("href=\"/people/testshire-county-council/june-burns\"")
        );
        assert!(
            c.body.contains("Bring a report to the next meeting"),
            "actions listed"
        );
        assert!(c.body.contains("meetings.atom") && c.body.contains("meetings.ics"));

        let m = get(&s, &format!("/meetings/{MAR}")).await;
        assert_eq!(m.status, 200);
        let b = &m.body;
        assert_eq!(b.matches("<h1").count(), 1, "one h1");
        assert!(b.contains("Sunday 10 March 2024, 10am"));
        assert!(b.contains("Council Chamber") && b.contains("Jo Clerk"));
        assert!(b.contains("tag-draft"), "draft minutes are marked");
        assert!(
            b.contains(&format!(
                "href=\"/meetings/{JAN}#item-5-24\">Minute 5/24 of 10 January 2024</a>"
            )),
            "a reference links to the cited minute"
        );
        assert!(b.contains("(not in this archive)"), "a gap is said");
        assert!(b.contains(&format!(
            "href=\"/meetings/{JAN}\">Minutes of 10 January 2024 confirmed"
        )));
        assert!(
            b.contains("class=\"decision\""),
            "resolutions are highlighted"
        );
        assert!(
            b.contains("Director of Finance") && b.contains("1 September 2024"),
            "actions"
        );
        assert!(
            b.contains("substitute for <a href=\"/people/testshire-county-council/bob-smith\">")
        );
        assert!(b.contains("Disclosable pecuniary interest"));
        assert!(b.contains("Carried: 7 for, 2 against."));
        assert!(
            b.contains("rel=\"prev\""),
            "previous meeting of the committee"
        );

        let jan = get(&s, &format!("/meetings/{JAN}")).await;
        assert!(
            jan.body
                .contains("<abbr title=\"Education, Health and Care Plan\">EHCP</abbr>"),
            "acronyms explained"
        );

        let item = get(&s, &format!("/items/{MAR}/5-24")).await;
        assert_eq!(item.status, 200);
        assert!(
            item.body
                .contains("<h1><span class=\"item-number\">5/24</span> Budget &#38; Plans</h1>"),
            "{}",
            item.body
        );
        assert!(
            item.body.contains(&format!("href=\"/items/{MAR}/4\"")),
            "previous item"
        );

        let p = get(&s, "/people/testshire-county-council/june-burns").await;
        assert_eq!(p.status, 200);
        assert!(p.body.contains("<h1>Councillor June Burns</h1>"));
        assert!(p.body.contains("Owns land nearby"), "declarations");
        assert!(p.body.contains("Chair"));

        assert_eq!(get(&s, "/about").await.status, 200);
        let css = get(&s, "/static/site.css").await;
        assert_eq!(css.header("content-type"), "text/css; charset=utf-8");
    }

    #[tokio::test]
    async fn every_page_type_sqlite() {
        on_sqlite("pages", every_page_type).await;
    }

    #[tokio::test]
    async fn every_page_type_postgres() {
        on_postgres("pages", every_page_type).await;
    }

    #[tokio::test]
    async fn links_follow_ingests_by_other_processes() {
        on_sqlite("follow", |archive| async move {
            use minutebook_record::MinutesStatus;
            use minutebook_store::conformance::{document, rich_meeting};
            seed(archive.as_ref()).await;
            let config = minutebook_serve::Config {
                base_url: BASE.into(),
                registry_interval: std::time::Duration::from_millis(20),
                ..minutebook_serve::Config::default()
            };
            let s = minutebook_serve::AppState::new(archive.clone(), config);
            let follower = minutebook_serve::registry::follow(s.clone());
            let before = get(&s, &format!("/meetings/{MAR}")).await.body;
            assert!(!before.contains("rel=\"next\""), "March is the latest");
            let april = rich_meeting("Scrutiny Committee", "2024-04-10", MinutesStatus::Final);
            archive
                .write_batch(&[document("april", april)])
                .await
                .expect("write");
            let mut linked = false;
            for _ in 0..100 {
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                let page = get(&s, &format!("/meetings/{MAR}")).await.body;
                if page.contains(&format!(
                    "href=\"/meetings/{COMMITTEE}/2024-04-10\" rel=\"next\""
                )) {
                    linked = true;
                    break;
                }
            }
            follower.abort();
            assert!(linked, "the new meeting becomes the next one");
            let api = get(&s, &format!("/api/v1/committees/{COMMITTEE}"))
                .await
                .json();
            assert_eq!(api["meetingCount"], 3);
        })
        .await;
    }

    #[tokio::test]
    async fn missing_pages_are_404_pages() {
        on_sqlite("missing", |archive| async move {
            seed(archive.as_ref()).await;
            let s = state(archive);
            for path in [
                "/nowhere",
                "/meetings/a/b/c",
                "/committees/a/b",
                "/people/a/b",
                "/authorities/a",
                &format!("/items/{JAN}/99"),
            ] {
                let got = get(&s, path).await;
                assert_eq!(got.status, 404, "{path}");
                assert!(got.body.contains("<h1>Page not found</h1>"), "{path}");
                assert!(got.header("content-type").starts_with("text/html"));
            }
        })
        .await;
    }

    #[tokio::test]
    async fn items_dropped_by_a_new_version_are_gone() {
        on_sqlite("gone", |archive| async move {
            use minutebook_record::MinutesStatus;
            use minutebook_store::conformance::{document, rich_meeting};
            let v1 = rich_meeting("Scrutiny Committee", "2024-01-10", MinutesStatus::Draft);
            archive
                .write_batch(&[document("v1", v1.clone())])
                .await
                .expect("v1");
            minutebook_serve::registry::catch_up(archive.as_ref())
                .await
                .expect("sync");
            let mut v2 = v1;
            v2.minutes_status = Some(MinutesStatus::Final);
            v2.items.pop();
            archive
                .write_batch(&[document("v2", v2)])
                .await
                .expect("v2");
            minutebook_serve::registry::catch_up(archive.as_ref())
                .await
                .expect("sync");
            let s = state(archive);
            let got = get(&s, &format!("/items/{JAN}/_3")).await;
            assert_eq!(got.status, 410);
            assert!(got.body.contains("no longer has this item"));
            assert!(got.body.contains(&format!("href=\"/meetings/{JAN}\"")));
            let api = get(&s, &format!("/api/v1/items/{JAN}/_3")).await;
            assert_eq!(api.status, 200);
            assert_eq!(api.json()["deleted"], true);
            let list = get(&s, "/api/v1/items").await.json();
            let dead: Vec<_> = list["data"]
                .as_array()
                .expect("data")
                .iter()
                .filter(|i| i["deleted"] == true)
                .collect();
            assert_eq!(dead.len(), 1);
        })
        .await;
    }
}

mod api {
    use super::support::*;
    use minutebook_store::Archive;
    use std::sync::Arc;

    fn snapshot(name: &str, value: &serde_json::Value) {
        settings().bind(|| {
            insta::assert_json_snapshot!(name, value, {
                ".**.created" => "[time]",
                ".**.modified" => "[time]",
                ".**.at" => "[time]",
                ".links.next" => insta::dynamic_redaction(|v, _| untimed_cursor(&v)),
            });
        });
    }

    /// A next-page link with its cursor's time replaced.
    fn untimed_cursor(v: &insta::internals::Content) -> String {
        let s = v.as_str().unwrap_or_default();
        match (s.find("cursor="), s.find('~')) {
            (Some(a), Some(b)) if b > a => format!("{}[time]{}", &s[..a + 7], &s[b..]),
            _ => s.to_owned(),
        }
    }

    async fn responses(archive: Arc<dyn Archive>) {
        seed(archive.as_ref()).await;
        let s = state(archive);
        for (name, path) in [
            ("api_system", "/api/v1".to_owned()),
            ("api_meeting", format!("/api/v1/meetings/{MAR}")),
            ("api_item", format!("/api/v1/items/{JAN}/5-24")),
            ("api_committee", format!("/api/v1/committees/{COMMITTEE}")),
            (
                "api_person",
                "/api/v1/people/testshire-county-council/june-burns".to_owned(),
            ),
            (
                "api_authority",
                "/api/v1/authorities/testshire-county-council".to_owned(),
            ),
            ("api_committees", "/api/v1/committees".to_owned()),
            ("api_meetings_page", "/api/v1/meetings?limit=2".to_owned()),
            ("api_actions_page", "/api/v1/actions?limit=2".to_owned()),
            ("api_action", format!("/api/v1/actions/{JAN}/5-24/a1")),
        ] {
            let got = get(&s, &path).await;
            assert_eq!(got.status, 200, "{path}: {}", got.body);
            assert_eq!(got.header("content-type"), "application/json", "{path}");
            snapshot(name, &got.json());
        }
    }

    #[tokio::test]
    async fn responses_sqlite() {
        on_sqlite("api", responses).await;
    }

    #[tokio::test]
    async fn responses_postgres() {
        on_postgres("api", responses).await;
    }

    #[test]
    fn openapi_document() {
        let doc = serde_json::to_value(minutebook_serve::api::openapi()).expect("json");
        settings().bind(|| insta::assert_json_snapshot!("openapi", doc));
    }

    #[tokio::test]
    async fn served_openapi_is_the_document() {
        on_sqlite("openapi", |archive| async move {
            let s = state(archive);
            let got = get(&s, "/api/v1/openapi.json").await;
            let served = got.json();
            let built = serde_json::to_value(minutebook_serve::api::openapi()).expect("json");
            assert_eq!(served, built);
            let paths = served["paths"].as_object().expect("paths");
            for p in [
                "/api/v1/meetings",
                "/api/v1/items/{authority}/{committee}/{date}/{item}",
                "/api/v1/documents",
                "/api/v1/search",
            ] {
                assert!(paths.contains_key(p), "{p}");
            }
        })
        .await;
    }

    async fn paging_and_modified_since(archive: Arc<dyn Archive>) {
        seed(archive.as_ref()).await;
        let s = state(archive);
        let mut url = "/api/v1/items?limit=4".to_owned();
        let mut ids = Vec::new();
        loop {
            let page = get(&s, &url).await.json();
            for i in page["data"].as_array().expect("data") {
                ids.push(i["identifier"].as_str().expect("identifier").to_owned());
            }
            match page["links"]["next"].as_str() {
                Some(next) => url = next.strip_prefix(BASE).expect("absolute").to_owned(),
                None => break,
            }
        }
        assert_eq!(
            ids.len(),
            9,
            "three items in each of three meetings: {ids:?}"
        );
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 9, "each once");

        let future = get(&s, "/api/v1/meetings?modified_since=2999-01-01")
            .await
            .json();
        assert_eq!(future["data"].as_array().map(Vec::len), Some(0));
        let past = get(
            &s,
            "/api/v1/meetings?modified_since=2000-01-01T00:00:00%2B01:00",
        )
        .await
        .json();
        assert_eq!(past["data"].as_array().map(Vec::len), Some(3));
        let by_committee = get(&s, &format!("/api/v1/meetings?committee={COMMITTEE}"))
            .await
            .json();
        assert_eq!(by_committee["data"].as_array().map(Vec::len), Some(2));
        for path in [
            "/api/v1/people",
            "/api/v1/authorities",
            "/api/v1/committees?authority=testshire-county-council",
        ] {
            let list = get(&s, path).await.json();
            assert!(!list["data"].as_array().expect("data").is_empty(), "{path}");
            assert!(
                list["data"][0]["modified"].is_string(),
                "{path}: registry times"
            );
        }
        for bad in [
            "/api/v1/meetings?limit=0",
            "/api/v1/meetings?limit=abc",
            "/api/v1/meetings?modified_since=yesterday",
            "/api/v1/items?cursor=garbage",
        ] {
            let got = get(&s, bad).await;
            assert_eq!(got.status, 400, "{bad}");
            assert!(got.json()["errors"][0]["detail"].is_string(), "{bad}");
        }
        let missing = get(&s, "/api/v1/meetings/a/b/c").await;
        assert_eq!(missing.status, 404);
        assert_eq!(missing.json()["errors"][0]["status"], 404);
    }

    #[tokio::test]
    async fn paging_and_modified_since_sqlite() {
        on_sqlite("paging", paging_and_modified_since).await;
    }

    #[tokio::test]
    async fn paging_and_modified_since_postgres() {
        on_postgres("paging", paging_and_modified_since).await;
    }
}

mod uploads {
    use super::support::*;
    use minutebook_serve::Limits;
    use minutebook_store::Archive;
    use std::sync::Arc;

    /// ModernGov web-page text for one meeting.
    pub fn minutes() -> Vec<u8> {
        "Agenda and minutes\n\nPlanning Committee - Thursday 13th June 2024 7.00 pm\n\n\
         Venue: Council Chamber, Town Hall\n\nContact: Sam Clerk\n\nItems\nNo. Item\n\n\
         10.\n\nLocal Plan Update\n\nMinutes:\n\nThe committee considered the report.\n\n\
         RESOLVED: That the report be noted.\n\n"
            .as_bytes()
            .to_vec()
    }

    async fn upload_story(archive: Arc<dyn Archive>) {
        let s = state(archive.clone());
        let url = "/api/v1/documents?name=planning.txt&authority=Northshire%20Council";
        let none = post(&s, url, None, minutes()).await;
        assert_eq!(none.status, 401);
        assert_eq!(none.header("www-authenticate"), "Bearer");
        let wrong = post(&s, url, Some("not-the-token-at-all"), minutes()).await;
        assert_eq!(wrong.status, 401);
        let ok = post(&s, url, Some(TOKEN), minutes()).await;
        assert_eq!(ok.status, 201, "{}", ok.body);
        let id = "northshire-council/planning-committee/2024-06-13";
        assert_eq!(ok.json()["identifier"], id);
        assert_eq!(ok.json()["outcome"], "new");
        let page = get(&s, &format!("/meetings/{id}")).await;
        assert!(page.body.contains("Local Plan Update"));
        let api = get(
            &s,
            "/api/v1/committees/northshire-council/planning-committee",
        )
        .await;
        assert!(
            api.json()["created"].is_string(),
            "the registry caught up after the upload"
        );
        let again = post(&s, url, Some(TOKEN), minutes()).await;
        assert_eq!(
            (again.status.as_u16(), again.json()["outcome"].as_str()),
            (200, Some("unchanged"))
        );
        let junk = post(&s, url, Some(TOKEN), b"a shopping list".to_vec()).await;
        assert_eq!(junk.status, 422, "{}", junk.body);
        let empty = post(&s, url, Some(TOKEN), Vec::new()).await;
        assert_eq!(empty.status, 400);
        assert_eq!(archive.counts().await.expect("counts").sources, 1);
    }

    #[tokio::test]
    async fn upload_story_sqlite() {
        on_sqlite("upload", upload_story).await;
    }

    #[tokio::test]
    async fn upload_story_postgres() {
        on_postgres("upload", upload_story).await;
    }

    #[tokio::test]
    async fn writes_are_disabled_without_a_token() {
        on_sqlite("no-token", |archive| async move {
            let s = state_with(archive, Limits::default(), None);
            let got = post(&s, "/api/v1/documents", Some(TOKEN), minutes()).await;
            assert_eq!(got.status, 403);
            assert!(got.body.contains("writes are disabled"));
            assert_eq!(get(&s, "/api/v1").await.json()["writable"], false);
        })
        .await;
    }

    #[tokio::test]
    async fn uploads_over_the_limit_are_refused() {
        on_sqlite("too-big", |archive| async move {
            let limits = Limits {
                max_upload_bytes: 100,
                ..Limits::default()
            };
            let s = state_with(archive.clone(), limits, Some(TOKEN));
            let got = post(&s, "/api/v1/documents", Some(TOKEN), minutes()).await;
            assert_eq!(got.status, 413, "{}", got.body);
            assert!(
                got.json()["errors"][0]["detail"]
                    .as_str()
                    .is_some_and(|d| d.contains("100 bytes"))
            );
            assert_eq!(archive.counts().await.expect("counts").sources, 0);
        })
        .await;
    }
}

mod feeds {
    use super::support::*;

    #[tokio::test]
    async fn atom_ical_and_csv() {
        on_sqlite("feeds", |archive| async move {
            seed(archive.as_ref()).await;
            let s = state(archive);
            let atom = get(&s, &format!("/committees/{COMMITTEE}/meetings.atom")).await;
            assert_eq!(atom.status, 200);
            assert_eq!(atom.header("content-type"), "application/atom+xml; charset=utf-8");
            let feed: atom_syndication::Feed = atom.body.parse().expect("valid Atom");
            assert_eq!(feed.entries.len(), 2);
            assert_eq!(feed.title.value, "New meetings: Scrutiny Committee");
            assert!(feed.entries.iter().any(|e| e.id == format!("{BASE}/meetings/{MAR}")));

            let ics = get(&s, &format!("/committees/{COMMITTEE}/meetings.ics")).await;
            assert_eq!(ics.header("content-type"), "text/calendar; charset=utf-8");
            let body = ics.body.replace("\r\n ", "");
            assert!(body.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/London"));
            assert!(body.contains("DTSTART;TZID=Europe/London:20240310T100000"), "{body}");
            assert!(body.contains(&format!("UID:{MAR}@minutebook")));
            assert!(body.contains("LOCATION:Council Chamber"));
            assert_eq!(body.matches("BEGIN:VEVENT").count(), 2);

            let csv = get(&s, &format!("/committees/{COMMITTEE}/attendance.csv")).await;
            assert_eq!(csv.header("content-type"), "text/csv; charset=utf-8");
            let mut lines = csv.body.lines();
            assert_eq!(
                lines.next(),
                Some("meeting,date,committee,status,name,honorific,role,substitute_for,description,person,item")
            );
            assert_eq!(lines.count(), 12, "six records at each of two meetings");
            assert!(csv.body.contains("2024-01-10,Scrutiny Committee,present,June Burns,Councillor,chair"));
            let one = get(&s, &format!("/meetings/{MAR}/attendance.csv")).await;
            assert_eq!(one.body.lines().count(), 7);
            assert_eq!(get(&s, "/committees/no/such/meetings.atom").await.status, 404);
            assert_eq!(get(&s, "/meetings/no/such/day/attendance.csv").await.status, 404);
        })
        .await;
    }
}

mod security {
    use super::support::*;
    use minutebook_serve::Limits;
    use minutebook_store::conformance::document;

    /// Markup in a document must come out as text everywhere.
    pub fn assert_inert(what: &str, body: &str) {
        let lower = body.to_lowercase();
        for bad in [
            "<script",
            "<img",
            "href=\"javascript:",
            "<svg",
            "<a href=\"javascript",
        ] {
            assert!(!lower.contains(bad), "{what} contains {bad}");
        }
    }

    #[tokio::test]
    async fn document_text_is_escaped_everywhere() {
        on_sqlite("xss", |archive| async move {
            archive.write_batch(&[document("hostile", hostile())]).await.expect("write");
            minutebook_serve::registry::catch_up(archive.as_ref()).await.expect("sync");
            // The same, through the parser: an uploaded text document.
            let s = state(archive);
            let text = "Agenda and minutes\n\nPlanning Committee - Thursday 13th June 2024 7.00 pm\n\n\
                Venue: <script>alert(1)</script>\n\nItems\nNo. Item\n\n10.\n\n\"><img src=x onerror=alert(2)>\n\n\
                Minutes:\n\n<a href=\"javascript:alert(3)\">click</a> javascript:alert(4)\n\nRESOLVED: That <script>x</script> be noted.\n\n";
            let up = post(&s, "/api/v1/documents?name=hostile.txt&authority=Northshire", Some(TOKEN), text.as_bytes().to_vec()).await;
            assert_eq!(up.status, 201, "{}", up.body);
            let c = "testshire-county-council/hostile-committee";
            let m = format!("{c}/2024-05-05");
            let uploaded = "northshire/planning-committee/2024-06-13";
            let pages = [
                "/".to_owned(),
                format!("/meetings/{m}"),
                format!("/items/{m}/5-24"),
                format!("/committees/{c}"),
                "/people/testshire-county-council/june-burns".to_owned(),
                format!("/committees/{c}/meetings.atom"),
                format!("/meetings/{uploaded}"),
                format!("/items/{uploaded}/10"),
                "/committees/northshire/planning-committee/meetings.atom".to_owned(),
                "/actions".to_owned(),
                format!("/actions/{m}/5-24/a1"),
                format!("/actions.atom?committee={c}"),
            ];
            for p in &pages {
                let got = get(&s, p).await;
                assert_eq!(got.status, 200, "{p}");
                assert_inert(p, &got.body);
            }
            // A calendar has no markup at all: no tag can even start.
            let ics = get(&s, &format!("/committees/{c}/meetings.ics")).await.body;
            assert!(ics.contains("‹script›") && !ics.contains('<'), "{ics}");
            // CSV is data for spreadsheets: served as such (never sniffed as
            // HTML), the text kept, formulas defused.
            for p in [format!("/committees/{c}/attendance.csv"), format!("/meetings/{m}/attendance.csv"), "/actions.csv".to_owned()] {
                let got = get(&s, &p).await;
                assert_eq!(got.header("content-type"), "text/csv; charset=utf-8", "{p}");
                assert_eq!(got.header("x-content-type-options"), "nosniff", "{p}");
                assert!(got.body.contains("<script>alert(1)</script>"), "{p}: data kept");
            }
            let page = get(&s, &format!("/meetings/{m}")).await.body;
            assert!(page.contains("&#60;script&#62;alert(1)&#60;/script&#62;"), "shown, as text");
            let action = get(&s, &format!("/actions/{m}/5-24/a1")).await.body;
            assert!(action.contains("&#60;script&#62;alert(1)&#60;/script&#62;"), "the tracked action, as text");
            assert!(page.contains("javascript:alert(4)"), "shown, as text, never as a link");
            let item = get(&s, &format!("/items/{uploaded}/10")).await.body;
            assert!(item.contains("&#60;img src=x onerror=alert(2)&#62;"), "{item}");
            // JSON is data: served as such, never sniffed as HTML.
            let api = get(&s, &format!("/api/v1/meetings/{m}")).await;
            assert_eq!(api.header("content-type"), "application/json");
            assert_eq!(api.header("x-content-type-options"), "nosniff");
        })
        .await;
    }

    #[tokio::test]
    async fn every_response_has_a_strict_policy() {
        on_sqlite("headers", |archive| async move {
            seed(archive.as_ref()).await;
            let s = state(archive);
            for p in [
                "/",
                &format!("/meetings/{MAR}"),
                "/api/v1",
                "/nowhere",
                "/static/site.css",
            ] {
                let got = get(&s, p).await;
                let csp = got.header("content-security-policy");
                assert!(csp.contains("default-src 'none'"), "{p}: {csp}");
                assert!(
                    !csp.contains("unsafe-inline") && !csp.contains("script-src"),
                    "{p}"
                );
                assert_eq!(got.header("x-frame-options"), "DENY");
                assert_eq!(got.header("x-content-type-options"), "nosniff");
            }
            let page = get(&s, &format!("/meetings/{MAR}")).await.body;
            assert!(!page.contains("<script"), "no script at all");
            assert!(!page.contains(" style=\""), "no inline styles");
        })
        .await;
    }

    #[tokio::test]
    async fn long_uris_are_refused() {
        on_sqlite("uri", |archive| async move {
            let s = state(archive);
            let long = format!("/api/v1/meetings?modified_since={}", "9".repeat(5000));
            let got = get(&s, &long).await;
            assert_eq!(got.status, 414);
            assert!(got.json()["errors"].is_array());
            let page = get(&s, &format!("/meetings/{}", "a".repeat(5000))).await;
            assert_eq!(page.status, 414);
            assert!(page.header("content-type").starts_with("text/html"));
        })
        .await;
    }

    #[tokio::test]
    async fn the_api_is_rate_limited() {
        on_sqlite("rate", |archive| async move {
            let limits = Limits {
                api_per_second: 0.01,
                api_burst: 3.0,
                ..Limits::default()
            };
            let s = state_with(archive, limits, Some(TOKEN));
            for _ in 0..3 {
                assert_eq!(get(&s, "/api/v1").await.status, 200);
            }
            let got = get(&s, "/api/v1").await;
            assert_eq!(got.status, 429);
            assert!(
                got.header("retry-after")
                    .parse::<u64>()
                    .is_ok_and(|n| n >= 1)
            );
            assert_eq!(get(&s, "/").await.status, 200, "pages are not limited");
        })
        .await;
    }

    #[tokio::test]
    async fn internal_errors_tell_nothing() {
        let dir = TempDir::new("broken");
        let url = dir.sqlite_url();
        let archive = open(&url).await;
        seed(archive.as_ref()).await;
        let s = state(archive);
        let other = minutebook_store_sqlite::open(&url).await.expect("open");
        sqlx::query("DROP TABLE committee_names")
            .execute(other.backend_ref().pool())
            .await
            .expect("drop");
        let page = get(&s, &format!("/committees/{COMMITTEE}")).await;
        assert_eq!(page.status, 500);
        assert!(page.body.contains("reference"), "{}", page.body);
        for leak in [
            "committee_names",
            "no such table",
            "sqlite",
            "SELECT",
            "panicked",
        ] {
            assert!(!page.body.contains(leak), "the page tells {leak}");
        }
        let api = get(&s, &format!("/api/v1/committees/{COMMITTEE}")).await;
        assert_eq!(api.status, 500);
        let detail = api.json()["errors"][0]["detail"]
            .as_str()
            .unwrap_or("")
            .to_owned();
        assert!(
            detail.starts_with("something went wrong on our side (reference "),
            "{detail}"
        );
    }
}

mod actions {
    use super::support::*;
    use minutebook_store::Archive;
    use std::sync::Arc;

    const PANEL: &str = "testshire-county-council/audit-panel/2024-02-10/5-24/a1";

    fn jan() -> String {
        format!("{JAN}/5-24/a1")
    }

    fn mar() -> String {
        format!("{MAR}/5-24/a1")
    }

    fn body(v: serde_json::Value) -> Vec<u8> {
        v.to_string().into_bytes()
    }

    fn href(id: &str) -> String {
        format!("href=\"/actions/{id}\"")
    }

    /// Every page of a cursor-paged API list, following `links.next`.
    async fn all_pages(s: &minutebook_serve::AppState, first: &str) -> Vec<serde_json::Value> {
        let mut out = Vec::new();
        let mut next = Some(first.to_owned());
        while let Some(url) = next {
            let page = get(s, url.trim_start_matches(BASE)).await;
            assert_eq!(page.status, 200, "{url}: {}", page.body);
            let page = page.json();
            out.extend(page["data"].as_array().cloned().unwrap_or_default());
            next = page["links"]["next"].as_str().map(str::to_owned);
            assert!(out.len() < 100, "paging ends");
        }
        out
    }

    async fn tracker(archive: Arc<dyn Archive>) {
        seed(archive.as_ref()).await;
        let s = state(archive.clone());

        // The tracker page: a labelled GET form, every action linked.
        let all = get(&s, "/actions").await;
        assert_eq!(all.status, 200);
        for f in ["f-status", "f-committee", "f-authority", "f-owner"] {
            assert!(
                all.body.contains(&format!("<label for=\"{f}\"")),
                "{f} labelled"
            );
        }
        assert!(
            all.body
                .contains("<form class=\"filters\" action=\"/actions\" method=\"get\">")
        );
        for id in [PANEL.to_owned(), jan(), mar()] {
            assert!(all.body.contains(&href(&id)), "{id} listed");
        }
        assert!(
            all.body.contains("href=\"/actions.atom\"")
                && all.body.contains("href=\"/actions.csv\"")
        );
        let overdue = get(&s, "/actions?status=overdue").await.body;
        assert!(
            overdue.contains(&href(PANEL)) && !overdue.contains(&href(&jan())),
            "by status"
        );
        assert!(
            overdue.contains("<option value=\"overdue\" selected>"),
            "the choice is kept"
        );
        assert!(
            overdue.contains("href=\"/actions.csv?status=overdue\""),
            "feeds keep the filters"
        );
        let by_committee = get(&s, &format!("/actions?committee={COMMITTEE}&status="))
            .await
            .body;
        assert!(by_committee.contains(&href(&jan())) && by_committee.contains(&href(&mar())));
        assert!(!by_committee.contains(&href(PANEL)), "by committee");
        assert!(
            get(&s, "/actions?owner=FINANCE")
                .await
                .body
                .contains(&href(PANEL)),
            "by owner, any case"
        );
        assert!(
            get(&s, "/actions?owner=nobody")
                .await
                .body
                .contains("No actions match")
        );
        assert!(
            get(&s, "/actions?authority=testshire-county-council")
                .await
                .body
                .contains(&href(PANEL))
        );
        assert!(
            !get(&s, "/actions?authority=testshire")
                .await
                .body
                .contains(&href(PANEL)),
            "authorities match exactly"
        );
        assert_eq!(get(&s, "/actions?status=lost").await.status, 400);
        assert_eq!(get(&s, "/actions?page=0").await.status, 400);

        // Other pages link actions and show them by status.
        let meeting = get(&s, &format!("/meetings/{MAR}")).await.body;
        assert!(
            meeting.contains(&format!(
                "<a class=\"tag tag-due\" href=\"/actions/{}\">Due</a>",
                mar()
            )),
            "meeting links its actions"
        );
        let item = get(&s, &format!("/items/{JAN}/5-24")).await.body;
        assert!(item.contains(&format!(
            "<a class=\"tag tag-addressed\" href=\"/actions/{}\">Addressed</a>",
            jan()
        )));
        let home = get(&s, "/").await.body;
        assert!(
            home.contains("<h2 id=\"overdue-h\">Overdue actions</h2>")
                && home.contains(&href(PANEL))
        );
        let c = get(&s, &format!("/committees/{COMMITTEE}")).await.body;
        assert!(
            c.contains("<h2 id=\"programme-h\">Work programme</h2>"),
            "work programme"
        );
        assert!(
            c.contains("1 September 2024 <span class=\"meta\">(not in this archive)</span>"),
            "{c}"
        );
        assert!(c.contains("<h3 id=\"actions-due\">Due <span class=\"meta\">(1)</span></h3>"));
        assert!(c.contains(
            "<h3 id=\"actions-addressed\">Addressed <span class=\"meta\">(1)</span></h3>"
        ));
        assert!(
            !c.contains("actions-overdue"),
            "only this committee's actions"
        );

        // The action page: source, evidence, history.
        let page = get(&s, &format!("/actions/{}", jan())).await;
        assert_eq!(page.status, 200);
        let b = &page.body;
        assert_eq!(b.matches("<h1").count(), 1);
        assert!(b.contains("tag-addressed") && b.contains("Director of Finance"));
        assert!(
            b.contains(&format!("<a href=\"/meetings/{JAN}\">10 January 2024</a>")),
            "source meeting"
        );
        assert!(
            b.contains(&format!(
                "<a href=\"/items/{JAN}/5-24\">Minute 5/24 (b): EHCP timescales &#38; Budget</a>"
            )),
            "source item"
        );
        assert!(
            b.contains("<span class=\"label\">(a)</span> The budget be noted</p>"),
            "the resolutions"
        );
        assert!(
            b.contains(&format!(
                "<strong>Addressed by</strong>: <a href=\"/items/{MAR}/5-24\">"
            )),
            "evidence links the later item"
        );
        assert!(b.contains("<td>The tracker</td>"), "history");
        assert_eq!(
            get(&s, &format!("/actions/{JAN}/5-24/a9")).await.status,
            404
        );

        // Setting a status takes the write token.
        let url = format!("/api/v1/actions/{}/status", mar());
        let set = body(
            serde_json::json!({"status": "addressed", "reason": "Report sent by e-mail <b>bold</b>", "by": "J. Clerk"}),
        );
        let none = post(&s, &url, None, set.clone()).await;
        assert_eq!(none.status, 401);
        assert_eq!(none.header("www-authenticate"), "Bearer");
        assert_eq!(
            post(&s, &url, Some("not-the-token-at-all"), set.clone())
                .await
                .status,
            401
        );
        let closed = state_with(archive.clone(), minutebook_serve::Limits::default(), None);
        assert_eq!(
            post(&closed, &url, Some(TOKEN), set.clone()).await.status,
            403,
            "writes disabled"
        );
        for bad in [
            serde_json::json!({"status": "done", "reason": "x", "by": "y"}),
            serde_json::json!({"status": "addressed", "reason": " ", "by": "y"}),
            serde_json::json!({"status": "addressed", "by": "y"}),
            serde_json::json!({"status": "addressed", "reason": "x", "by": "y", "extra": 1}),
        ] {
            let got = post(&s, &url, Some(TOKEN), body(bad.clone())).await;
            assert_eq!(got.status, 400, "{bad}: {}", got.body);
            assert_eq!(got.header("content-type"), "application/json");
        }
        let long = "x".repeat(minutebook_track::MAX_NOTE + 1);
        let got = post(
            &s,
            &url,
            Some(TOKEN),
            body(serde_json::json!({"status": "addressed", "reason": long, "by": "y"})),
        )
        .await;
        assert_eq!(got.status, 400, "{}", got.body);
        let missing = format!("/api/v1/actions/{JAN}/5-24/a9/status");
        assert_eq!(
            post(&s, &missing, Some(TOKEN), set.clone()).await.status,
            404
        );
        let done = post(&s, &url, Some(TOKEN), set).await;
        assert_eq!(done.status, 200, "{}", done.body);
        let d = done.json();
        assert_eq!(
            (
                d["status"].as_str(),
                d["computedStatus"].as_str(),
                d["manual"].as_bool()
            ),
            (Some("addressed"), Some("due"), Some(true))
        );
        assert_eq!(d["history"][1]["source"], "manual");
        assert_eq!(d["history"][1]["by"], "J. Clerk");

        // A manual status survives the tracker's recomputation.
        minutebook_track::refresh_authority(archive.as_ref(), "testshire-county-council", today())
            .await
            .expect("recompute");
        let again = get(&s, &format!("/api/v1/actions/{}", mar())).await.json();
        assert_eq!(
            (again["status"].as_str(), again["manual"].as_bool()),
            (Some("addressed"), Some(true))
        );
        assert_eq!(again["history"].as_array().map(Vec::len), Some(2));
        let page = get(&s, &format!("/actions/{}", mar())).await.body;
        assert!(page.contains("Addressed (set by hand)"), "{page}");
        assert!(page.contains("<strong>Set by J. Clerk</strong>"));
        assert!(page.contains("the tracker's own reading is <strong>Due</strong>"));
        assert!(
            page.contains("Reason: Report sent by e-mail &#60;b&#62;bold&#60;/b&#62;"),
            "reasons are text"
        );
        assert!(page.contains("<td>Set by J. Clerk</td>"), "in the history");
        assert!(
            get(&s, "/actions?status=addressed")
                .await
                .body
                .contains(&href(&mar()))
        );

        // Handing it back to the tracker.
        let back = post(
            &s,
            &url,
            Some(TOKEN),
            body(serde_json::json!({"status": null, "reason": "set by mistake", "by": "J. Clerk"})),
        )
        .await;
        assert_eq!(back.status, 200, "{}", back.body);
        let b = back.json();
        assert_eq!(
            (b["status"].as_str(), b["manual"].as_bool()),
            (Some("due"), Some(false))
        );
        assert_eq!(b["history"][2]["status"], serde_json::Value::Null);

        // The API list: filters, cursor paging, modified_since.
        let ids: Vec<String> = all_pages(&s, "/api/v1/actions?limit=1")
            .await
            .iter()
            .filter_map(|a| a["identifier"].as_str().map(str::to_owned))
            .collect();
        let mut sorted = ids.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted, [PANEL.to_owned(), jan(), mar()], "each once");
        assert_eq!(ids.last(), Some(&mar()), "the latest change last");
        let scrutiny = all_pages(
            &s,
            &format!("/api/v1/actions?committee={COMMITTEE}&limit=1"),
        )
        .await;
        assert_eq!(scrutiny.len(), 2, "filters survive paging");
        let over = get(&s, "/api/v1/actions?status=overdue,due").await.json();
        assert_eq!(over["data"].as_array().map(Vec::len), Some(2));
        let owner = get(
            &s,
            "/api/v1/actions?owner=finance&authority=testshire-county-council",
        )
        .await
        .json();
        assert_eq!(owner["data"].as_array().map(Vec::len), Some(3));
        let since = again["modified"].as_str().expect("modified");
        let recent = get(&s, &format!("/api/v1/actions?modified_since={since}"))
            .await
            .json();
        assert_eq!(
            recent["data"][0]["identifier"].as_str(),
            Some(mar().as_str()),
            "only what changed since"
        );
        assert_eq!(recent["data"].as_array().map(Vec::len), Some(1), "{recent}");
        let bad = get(&s, "/api/v1/actions?status=lost").await;
        assert_eq!(bad.status, 400);
        assert!(
            bad.json()["errors"][0]["detail"]
                .as_str()
                .unwrap_or("")
                .contains("status must be one of")
        );
        assert_eq!(
            get(&s, &format!("/api/v1/actions/{JAN}/5-24/a9"))
                .await
                .status,
            404
        );

        // The Atom feed of status changes, by committee.
        let atom = get(&s, &format!("/actions.atom?committee={COMMITTEE}")).await;
        assert_eq!(
            atom.header("content-type"),
            "application/atom+xml; charset=utf-8"
        );
        let feed: atom_syndication::Feed = atom.body.parse().expect("valid Atom");
        assert_eq!(feed.entries.len(), 4, "two by the tracker, two by hand");
        assert!(
            feed.entries
                .iter()
                .all(|e| e.links[0].href.contains("/scrutiny-committee/"))
        );
        assert!(
            feed.entries[0]
                .title
                .value
                .starts_with("Handed back to the tracker: Bring a report")
        );
        let summary = feed.entries[1]
            .summary
            .as_ref()
            .map(|t| t.value.clone())
            .unwrap_or_default();
        assert!(
            summary.starts_with("Addressed, set by J. Clerk. Report sent by e-mail"),
            "{summary}"
        );
        let ids: std::collections::HashSet<&str> =
            feed.entries.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids.len(), 4, "entry ids are unique");

        // The CSV, with the same filters.
        let csv = get(&s, &format!("/actions.csv?committee={COMMITTEE}")).await;
        assert_eq!(csv.header("content-type"), "text/csv; charset=utf-8");
        let mut reader = csv::Reader::from_reader(csv.body.as_bytes());
        let header: Vec<String> = reader
            .headers()
            .expect("header")
            .iter()
            .map(str::to_owned)
            .collect();
        assert_eq!(header, minutebook_track::export::CSV_COLUMNS);
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(&rows[0][0], jan().as_str());
        assert_eq!(
            &rows[0][13],
            "item 5/24 (Budget & Plans) of 10 March 2024 cites it: \"Further to Minute 5/24 of 10 January 2024\"",
            "quotes and commas survive"
        );
    }

    #[tokio::test]
    async fn tracker_sqlite() {
        on_sqlite("tracker", tracker).await;
    }

    #[tokio::test]
    async fn tracker_postgres() {
        on_postgres("tracker", tracker).await;
    }

    #[tokio::test]
    async fn the_tracker_is_paged() {
        on_sqlite("tracker-pages", |archive| async move {
            use minutebook_record::MinutesStatus;
            use minutebook_store::conformance::{document, rich_meeting};
            let mut m = rich_meeting("Busy Committee", "2024-01-10", MinutesStatus::Final);
            let one = m.items[1].actions[0].clone();
            m.items[1].actions = (1..=55)
                .map(|n| minutebook_record::Action {
                    text: format!("Task number {n:02}"),
                    ..one.clone()
                })
                .collect();
            archive
                .write_batch(&[document("busy", m)])
                .await
                .expect("write");
            track(archive.as_ref()).await;
            let s = state(archive);
            let first = get(&s, "/actions").await.body;
            assert_eq!(
                first.matches("<li>\n    <p class=\"action-text\">").count(),
                50
            );
            assert!(first.contains("href=\"/actions?page=2\" rel=\"next\""));
            assert!(!first.contains("rel=\"prev\""));
            let second = get(&s, "/actions?page=2").await.body;
            assert_eq!(
                second
                    .matches("<li>\n    <p class=\"action-text\">")
                    .count(),
                5
            );
            assert!(second.contains("href=\"/actions\" rel=\"prev\""));
            assert!(!second.contains("rel=\"next\""));
            assert!(second.contains("Task number 55"));
            assert!(!second.contains("Task number 01"), "no overlap");
        })
        .await;
    }

    #[tokio::test]
    async fn csv_cells_are_quoted_and_defused() {
        on_sqlite("tracker-csv", |archive| async move {
            use minutebook_store::conformance::document;
            let mut h = hostile();
            let owner = "=HYPERLINK(\"http://evil.test\", \"click, here\")";
            h.items[1].actions[0].owner = Some(owner.into());
            archive
                .write_batch(&[document("hostile", h)])
                .await
                .expect("write");
            track(archive.as_ref()).await;
            let s = state(archive);
            let got = get(&s, "/actions.csv").await;
            assert_eq!(got.header("x-content-type-options"), "nosniff");
            let mut reader = csv::Reader::from_reader(got.body.as_bytes());
            let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
            assert_eq!(rows.len(), 1);
            assert_eq!(
                &rows[0][7],
                format!("'{owner}").as_str(),
                "a formula is defused, the text kept"
            );
            assert!(
                rows[0][6].contains("<script>alert(1)</script>"),
                "data is kept as it is"
            );
        })
        .await;
    }
}

mod search {
    use super::support::*;
    use minutebook_serve::Limits;
    use minutebook_store::Archive;
    use minutebook_store::conformance::document;
    use std::sync::Arc;

    const PANEL: &str = "testshire-county-council/audit-panel";

    /// Each hit of an API search: item, resolution, action.
    fn hits(v: &serde_json::Value) -> Vec<String> {
        v["data"]
            .as_array()
            .expect("data")
            .iter()
            .map(|h| {
                format!(
                    "{} {} {}",
                    h["itemIdentifier"], h["resolution"], h["action"]
                )
            })
            .collect()
    }

    /// The hits' item identifiers of an API search.
    fn items(v: &serde_json::Value) -> Vec<String> {
        v["data"]
            .as_array()
            .expect("data")
            .iter()
            .map(|h| h["itemIdentifier"].as_str().expect("item").to_owned())
            .collect()
    }

    async fn api(s: &minutebook_serve::AppState, query: &str) -> serde_json::Value {
        let got = get(s, &format!("/api/v1/search?{query}")).await;
        assert_eq!(got.status, 200, "{query}: {}", got.body);
        got.json()
    }

    async fn search_story(archive: Arc<dyn Archive>) {
        seed(archive.as_ref()).await;
        let dir = TempDir::new("search-index");
        let s = searching(archive.clone(), &dir).await;

        let home = get(&s, "/").await.body;
        assert!(
            home.contains("action=\"/search\""),
            "the home page's search box"
        );
        let empty = get(&s, "/search").await;
        assert_eq!(empty.status, 200);
        assert!(
            empty.body.contains("Enter a word or phrase"),
            "{}",
            empty.body
        );
        assert!(
            empty.body.contains("<label for=\"q\">"),
            "a labelled query box"
        );

        // Results: every meeting's budget item, highlighted, linked.
        let page = get(&s, "/search?q=budget").await;
        assert_eq!(page.status, 200, "{}", page.body);
        let b = &page.body;
        assert!(b.contains("<mark>budget</mark>"), "{b}");
        assert!(b.contains("results for “budget”"), "{b}");
        assert!(b.contains(&format!("href=\"/items/{JAN}/5-24\"")));
        assert!(b.contains(&format!("href=\"/meetings/{JAN}#item-5-24\"")));
        assert!(b.contains(&format!("href=\"/items/{PANEL}/2024-02-10/5-24\"")));
        assert!(
            b.contains("<link rel=\"alternate\" type=\"application/atom+xml\" href=\"/search.atom?q=budget\""),
            "{b}"
        );
        assert!(
            b.contains(
                "href=\"/search?q=budget&#38;committee=testshire-county-council%2Faudit-panel\""
            ),
            "a committee facet narrows the search: {b}"
        );
        assert!(b.contains("href=\"/search?q=budget&#38;since=2024-01-01&#38;until=2024-12-31\""));

        // The API: the same hits, facets counted over all of them.
        let all = api(&s, "q=budget").await;
        let total = all["pagination"]["totalElements"].as_u64().expect("total");
        assert_eq!(total as usize, items(&all).len(), "one page holds them all");
        for facet in ["authority", "committee", "year"] {
            let sum: u64 = all["facets"][facet]
                .as_array()
                .expect("facet")
                .iter()
                .map(|f| f["count"].as_u64().expect("count"))
                .sum();
            assert_eq!(sum, total, "{facet}");
        }
        let committees = &all["facets"]["committee"];
        assert_eq!(committees[0]["value"], COMMITTEE, "two meetings");
        assert_eq!(
            committees[0]["count"].as_u64(),
            committees[1]["count"].as_u64().map(|n| n * 2),
            "the scrutiny committee has twice the panel's matches"
        );
        assert_eq!(committees[1]["label"], "Audit Panel");
        let hit = &all["data"][0];
        assert_eq!(hit["type"], "SearchHit");
        assert!(
            hit["item"]
                .as_str()
                .is_some_and(|u| u.starts_with(&format!("{BASE}/api/v1/items/")))
        );
        assert!(
            hit["meeting"]
                .as_str()
                .is_some_and(|u| u.starts_with(&format!("{BASE}/api/v1/meetings/")))
        );
        // Equal scores may come in either order (the backends feed the
        // index in different orders): the snapshot is of a single hit.
        insta_snapshot(&api(&s, "q=EHCP").await);

        // Filters.
        let panel = api(&s, &format!("q=budget&committee={PANEL}")).await;
        assert!(!items(&panel).is_empty());
        assert!(
            items(&panel).iter().all(|i| i.starts_with(PANEL)),
            "{panel}"
        );
        let by_name = api(&s, "q=budget&committee=audit%20panel").await;
        assert_eq!(items(&by_name), items(&panel), "by the committee's name");
        let later = api(&s, "q=budget&since=2024-02-01").await;
        assert!(!items(&later).is_empty());
        assert!(items(&later).iter().all(|i| !i.starts_with(JAN)), "{later}");
        let until = api(&s, "q=budget&until=2024-01-31").await;
        assert!(items(&until).iter().all(|i| i.starts_with(JAN)), "{until}");
        let kind = api(&s, "q=minutes&kind=previous-minutes").await;
        assert!(!items(&kind).is_empty());
        assert!(items(&kind).iter().all(|i| i.ends_with("/4")), "{kind}");
        let person = api(&s, "q=budget&person=June%20Burns").await;
        assert_eq!(
            person["pagination"]["totalElements"], total,
            "she attended all three"
        );
        let nobody = api(&s, "q=budget&person=Nobody%20Atall").await;
        assert_eq!(nobody["pagination"]["totalElements"], 0);
        let authority = api(&s, "q=budget&authority=testshire").await;
        assert_eq!(authority["pagination"]["totalElements"], total);
        // The glossary expands acronyms: EHCP is only in January's title.
        let ehcp = api(&s, "q=EHCP").await;
        assert_eq!(items(&ehcp), vec![format!("{JAN}/5-24")]);
        let filtered = get(&s, &format!("/search?q=budget&committee={PANEL}"))
            .await
            .body;
        assert!(
            !filtered.contains(&format!("href=\"/items/{JAN}")),
            "the page filters too"
        );
        assert!(filtered.contains("Clear filters"));

        // Pages.
        let first = api(&s, "q=budget&limit=2").await;
        assert_eq!(items(&first).len(), 2);
        let next = first["links"]["next"].as_str().expect("next").to_owned();
        assert_eq!(
            next,
            format!("{BASE}/api/v1/search?q=budget&limit=2&page=2")
        );
        assert!(first["links"].get("prev").is_none());
        let second = get(&s, next.strip_prefix(BASE).expect("ours")).await.json();
        assert_eq!(second["pagination"]["currentPage"], 2);
        assert!(second["links"]["prev"].is_string());
        let mut seen = hits(&first);
        seen.extend(hits(&second));
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), 4, "pages do not overlap");
        let paged = get(&s, "/search?q=budget&page=2").await;
        assert_eq!(paged.status, 200);
        assert!(
            paged.body.contains("There are no more results"),
            "{}",
            paged.body
        );

        // Nothing found, and queries that cannot be run.
        let none = get(&s, "/search?q=zebra").await;
        assert_eq!(none.status, 200);
        assert!(none.body.contains("Nothing matched"));
        for bad in [
            "q=a*".to_owned(),
            "q=kind:lunch".to_owned(),
            "q=budget&since=yesterday".to_owned(),
            "q=budget&kind=lunch".to_owned(),
            "q=budget&page=0".to_owned(),
            "q=budget&page=x".to_owned(),
            "q=budget&page=999".to_owned(),
            format!("q={}", "word+".repeat(60)),
        ] {
            let page = get(&s, &format!("/search?{bad}")).await;
            assert_eq!(page.status, 400, "{bad}");
            assert!(page.body.contains("could not be understood"), "{bad}");
            assert!(page.body.contains("<form"), "{bad}: the form stays");
            let api = get(&s, &format!("/api/v1/search?{bad}")).await;
            assert_eq!(api.status, 400, "{bad}");
            assert!(api.json()["errors"][0]["detail"].is_string(), "{bad}");
        }
        assert_eq!(
            get(&s, "/api/v1/search").await.status,
            400,
            "an empty query"
        );
        assert_eq!(
            get(&s, "/api/v1/search?q=budget&limit=101").await.status,
            400
        );

        // The feed: newest meetings first, one entry each.
        let atom = get(&s, "/search.atom?q=budget").await;
        assert_eq!(atom.status, 200);
        assert_eq!(
            atom.header("content-type"),
            "application/atom+xml; charset=utf-8"
        );
        let feed: atom_syndication::Feed = atom.body.parse().expect("valid Atom");
        let ids: Vec<&str> = feed.entries.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(
            ids,
            vec![
                format!("{BASE}/meetings/{MAR}"),
                format!("{BASE}/meetings/{PANEL}/2024-02-10"),
                format!("{BASE}/meetings/{JAN}"),
            ]
        );
        assert_eq!(get(&s, "/search.atom").await.status, 400);

        // Acronyms on the meeting pages come from the sector's glossary.
        let jan = get(&s, &format!("/meetings/{JAN}")).await.body;
        assert!(jan.contains("<abbr title=\"Education, Health and Care Plan\">EHCP</abbr>"));

        // The index follows the archive: an upload, and a write by another
        // process, are found by the next search.
        let up = post(
            &s,
            "/api/v1/documents?name=planning.txt&authority=Northshire%20Council",
            Some(TOKEN),
            super::uploads::minutes(),
        )
        .await;
        assert_eq!(up.status, 201, "{}", up.body);
        let plan = api(&s, "q=%22local%20plan%22").await;
        assert_eq!(
            items(&plan),
            vec!["northshire-council/planning-committee/2024-06-13/10".to_owned()]
        );
        let mut april = minutebook_store::conformance::rich_meeting(
            "Scrutiny Committee",
            "2024-04-10",
            minutebook_record::MinutesStatus::Final,
        );
        april.items[1].title = "Zebra crossings".into();
        archive
            .write_batch(&[document("april", april)])
            .await
            .expect("write");
        let zebra = api(&s, "q=zebra").await;
        assert_eq!(items(&zebra), vec![format!("{COMMITTEE}/2024-04-10/5-24")]);
    }

    fn insta_snapshot(v: &serde_json::Value) {
        settings().bind(|| {
            insta::assert_json_snapshot!("api_search", v, {
                ".data[].score" => "[score]",
            });
        });
    }

    #[tokio::test]
    async fn search_story_sqlite() {
        on_sqlite("search", search_story).await;
    }

    #[tokio::test]
    async fn search_story_postgres() {
        on_postgres("search", search_story).await;
    }

    #[tokio::test]
    async fn snippets_never_carry_document_markup() {
        on_sqlite("search-xss", |archive| async move {
            archive
                .write_batch(&[document("hostile", hostile())])
                .await
                .expect("write");
            let dir = TempDir::new("search-xss-index");
            let s = searching(archive, &dir).await;
            for q in ["alert", "script", "onerror", "javascript"] {
                let page = get(&s, &format!("/search?q={q}")).await;
                assert_eq!(page.status, 200, "{q}");
                assert!(page.body.contains("<mark>"), "{q}: {}", page.body);
                super::security::assert_inert(q, &page.body);
                let feed = get(&s, &format!("/search.atom?q={q}")).await;
                assert_eq!(feed.status, 200, "{q}");
                super::security::assert_inert(q, &feed.body);
            }
            let page = get(&s, "/search?q=alert").await.body;
            assert!(page.contains("&#60;script&#62;"), "shown, as text: {page}");
            // The query itself is shown back escaped.
            let echo = get(&s, "/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E").await;
            super::security::assert_inert("echo", &echo.body);
            assert!(
                echo.body.contains("&#60;script&#62;alert(1)"),
                "{}",
                echo.body
            );
        })
        .await;
    }

    #[tokio::test]
    async fn search_is_rate_limited() {
        on_sqlite("search-rate", |archive| async move {
            seed(archive.as_ref()).await;
            let dir = TempDir::new("search-rate-index");
            let limits = Limits {
                api_per_second: 0.01,
                api_burst: 3.0,
                ..Limits::default()
            };
            let s = searching_with(archive, &dir, limits).await;
            assert_eq!(get(&s, "/search?q=budget").await.status, 200);
            assert_eq!(get(&s, "/search.atom?q=budget").await.status, 200);
            assert_eq!(get(&s, "/api/v1/search?q=budget").await.status, 200);
            for path in [
                "/search?q=budget",
                "/search.atom?q=budget",
                "/api/v1/search?q=budget",
            ] {
                let got = get(&s, path).await;
                assert_eq!(got.status, 429, "{path}");
                assert!(got.header("retry-after").parse::<u64>().is_ok(), "{path}");
            }
            assert_eq!(get(&s, "/").await.status, 200, "pages are not limited");
        })
        .await;
    }

    #[tokio::test]
    async fn without_an_index_there_is_no_search() {
        on_sqlite("no-search", |archive| async move {
            let s = state(archive);
            assert_eq!(get(&s, "/search?q=budget").await.status, 404);
            assert_eq!(get(&s, "/search.atom?q=budget").await.status, 404);
            assert_eq!(get(&s, "/api/v1/search?q=budget").await.status, 404);
        })
        .await;
    }
}
