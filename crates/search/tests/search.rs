//! Integration tests of search, on both archive backends: the query
//! language, filters (with former committee names), facets, snippets, the
//! index following ingest, new versions, reparse and reindex, catch-up
//! after a crash, several servers over one archive, the glossary, and
//! hostile queries.
//!
//! PostgreSQL legs use `MINUTEBOOK_TEST_PG_URL` (see `scripts/with-postgres`);
//! without it they print "skipped: MINUTEBOOK_TEST_PG_URL not set" and pass,
//! except under CI, where they fail.

mod support {
    use minutebook_record::{Action, Item, ItemKind, Meeting, Person, Resolution};
    use minutebook_search::{Query, Results, Searcher};
    use minutebook_store::{Archive, NewDocument, compress::Packer};
    use minutebook_store_postgres::scratch::ScratchDb;
    use std::path::PathBuf;
    use std::sync::Arc;

    /// A temporary directory, removed on drop.
    pub struct TempDir(pub PathBuf);

    impl TempDir {
        pub fn new(tag: &str) -> Self {
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or_default();
            let dir = std::env::temp_dir().join(format!(
                "minutebook-search-{tag}-{}-{nanos}",
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

    /// An archive on one backend, with a directory for indexes.
    pub struct Env {
        pub archive: Arc<dyn Archive>,
        pub url: String,
        pub dir: TempDir,
        pg: Option<ScratchDb>,
    }

    impl Env {
        pub async fn sqlite(tag: &str) -> Env {
            let dir = TempDir::new(tag);
            let url = format!("sqlite:{}", dir.0.join("minutebook.db").display());
            let archive = open(&url).await;
            Env {
                archive,
                url,
                dir,
                pg: None,
            }
        }

        pub async fn postgres(tag: &str) -> Option<Env> {
            let server = match std::env::var("MINUTEBOOK_TEST_PG_URL") {
                Ok(url) if !url.is_empty() => url,
                _ => {
                    assert!(
                        std::env::var_os("CI").is_none(),
                        "MINUTEBOOK_TEST_PG_URL must be set under CI (see scripts/with-postgres)"
                    );
                    use std::io::Write as _;
                    let _ = writeln!(std::io::stderr(), "skipped: MINUTEBOOK_TEST_PG_URL not set");
                    return None;
                }
            };
            let db = ScratchDb::create(&server, tag)
                .await
                .expect("create database");
            let archive = open(&db.url).await;
            Some(Env {
                archive,
                url: db.url.clone(),
                dir: TempDir::new(tag),
                pg: Some(db),
            })
        }

        /// A searcher with its own index directory `name`.
        pub async fn searcher(&self, name: &str) -> Searcher {
            Searcher::open(self.archive.clone(), self.dir.0.join(name))
                .await
                .expect("open searcher")
        }

        pub async fn finish(self) {
            drop(self.archive);
            if let Some(db) = self.pg {
                db.drop_db().await.expect("drop database");
            }
        }
    }

    /// Opens the archive at `url` (a second connection, as another machine
    /// would have).
    pub async fn open(url: &str) -> Arc<dyn Archive> {
        if minutebook_store_postgres::accepts(url) {
            Arc::new(minutebook_store_postgres::open(url).await.expect("open"))
        } else {
            Arc::new(minutebook_store_sqlite::open(url).await.expect("open"))
        }
    }

    pub fn item(title: &str, kind: ItemKind, minutes: &str) -> Item {
        let mut i = Item::new(None, title, kind);
        i.minutes_text = Some(minutes.to_owned());
        i
    }

    pub fn meeting(authority: &str, committee: &str, date: &str, items: Vec<Item>) -> Meeting {
        Meeting {
            authority: Some(authority.to_owned()),
            committee: Some(committee.to_owned()),
            date: Some(date.to_owned()),
            items,
            ..Meeting::default()
        }
    }

    pub fn person(name: &str) -> Person {
        Person::named(name)
    }

    pub const NORTH: &str = "Northshire Council";
    pub const SOUTH: &str = "Southvale Borough Council";
    pub const CHILDREN_2023: &str = "Children's Services Overview and Scrutiny Committee";
    pub const CHILDREN_2024: &str = "Childrens Services Overview & Scrutiny Committee";

    /// The test council: five meetings whose text the tests search.
    pub fn fixture() -> Vec<Meeting> {
        let mut ehcp = item(
            "SEND Sufficiency and EHCP Timeliness",
            ItemKind::Substantive,
            "The Committee considered the report on statutory timescales for Education, Health and Care Plan assessments. \
             Members noted that only 40% of EHC needs assessments met the statutory timescales. \
             The Head of SEND agreed to assess the backlog.",
        );
        ehcp.resolutions.push(Resolution {
            text: "That the report on statutory timescales be noted.".into(),
            ..Resolution::default()
        });
        ehcp.actions.push(Action {
            text: "The Head of SEND to provide a further report on EHCP timeliness.".into(),
            ..Action::default()
        });
        ehcp.in_attendance.push(person("Dr Wendy Oates"));
        let mut m1 = meeting(
            NORTH,
            CHILDREN_2023,
            "2023-03-01",
            vec![
                item(
                    "Apologies",
                    ItemKind::Apologies,
                    "Apologies were received from Councillor Ann Smith.",
                ),
                ehcp,
                item(
                    "Work Programme",
                    ItemKind::WorkProgramme,
                    "The work programme was agreed.",
                ),
            ],
        );
        m1.attendance.present = vec![
            person("Councillor June Burns"),
            person("Councillor Ravi Patel"),
        ];
        let m2 = meeting(
            NORTH,
            CHILDREN_2024,
            "2024-03-01",
            vec![
                item(
                    "Multi-Agency Safeguarding Hub Update",
                    ItemKind::Substantive,
                    "The LADO annual report and the MASH performance were discussed. \
                     Timescales for a statutory assessment were mentioned separately.",
                ),
                item(
                    "Fostering",
                    ItemKind::Substantive,
                    "The fostering service recruited twelve new carers. Assessments of carers were completed.",
                ),
            ],
        );
        let m3 = meeting(
            NORTH,
            "Audit Committee",
            "2023-06-01",
            vec![item(
                "Internal Audit Report",
                ItemKind::Substantive,
                "The internal audit report on council budgets was presented.",
            )],
        );
        let m4 = meeting(
            NORTH,
            "Audit Committee",
            "2024-06-01",
            vec![item(
                "Budget Monitoring",
                ItemKind::Substantive,
                "Spending on fostering placements was above budget. Evil \u{1b}[31mred\u{1b}[0m text.",
            )],
        );
        let mut m5 = meeting(
            SOUTH,
            "Cabinet",
            "2024-02-01",
            vec![item(
                "Home to School Transport",
                ItemKind::Substantive,
                "The Cabinet approved the Home to School Transport policy for pupils with an EHC Plan.",
            )],
        );
        m5.attendance.present = vec![person("Councillor June Burns")];
        vec![m1, m2, m3, m4, m5]
    }

    /// Stores `meetings`, each with original bytes `tag`+index, as read by
    /// parser version `parser`.
    pub async fn store(archive: &dyn Archive, meetings: Vec<Meeting>, tag: &str, parser: &str) {
        let mut packer = Packer::plain().expect("zstd");
        let docs: Vec<NewDocument> = meetings
            .into_iter()
            .enumerate()
            .map(|(i, m)| {
                let bytes = format!("{tag}-{i}");
                NewDocument::new(bytes.as_bytes(), m, parser, &mut packer).expect("document")
            })
            .collect();
        archive.write_batch(&docs).await.expect("write");
    }

    pub async fn search(s: &Searcher, text: &str) -> Results {
        s.search(&Query::new(text)).await.expect("search")
    }

    /// The item identifiers of the hits, in order (with the hit type).
    pub fn ids(r: &Results) -> Vec<String> {
        r.hits
            .iter()
            .map(|h| {
                h.resolution_id
                    .clone()
                    .or_else(|| h.action_id.clone())
                    .unwrap_or_else(|| h.item_id.clone())
            })
            .collect()
    }

    pub fn titles(r: &Results) -> Vec<String> {
        let mut t: Vec<String> = r.hits.iter().map(|h| h.item_title.clone()).collect();
        t.sort();
        t.dedup();
        t
    }
}

/// `backend_tests!(story)` runs `async fn story(env: &Env)` on both backends.
macro_rules! backend_tests {
    ($($story:ident),* $(,)?) => {
        $(
            mod $story {
                use super::*;
                #[tokio::test]
                async fn sqlite() {
                    let env = support::Env::sqlite(stringify!($story)).await;
                    super::$story(&env).await;
                    env.finish().await;
                }
                #[tokio::test]
                async fn postgres() {
                    let Some(env) = support::Env::postgres(stringify!($story)).await else { return };
                    super::$story(&env).await;
                    env.finish().await;
                }
            }
        )*
    };
}

use minutebook_record::ItemKind;
use minutebook_search::{HitType, Opened, Query, QueryError, SearchError};
use support::*;

backend_tests!(
    query_language,
    filters,
    former_committee_names,
    facets,
    snippets,
    new_versions,
    reparse,
    reindex,
    crash_catch_up,
    corrupt_index,
    several_servers,
    glossary_expansion,
    hostile_queries,
    synthetic_archive,
    repeated_searches,
    facets_across_many_segments,
);

async fn query_language(env: &support::Env) {
    store(env.archive.as_ref(), fixture(), "fixture", "test").await;
    let s = env.searcher("index").await;

    // Ranking: the item titled "Fostering" beats a passing mention.
    let r = search(&s, "fostering").await;
    assert_eq!(r.hits[0].item_title, "Fostering");
    assert_eq!(titles(&r), vec!["Budget Monitoring", "Fostering"]);
    assert!(r.hits[0].score > r.hits[1].score);

    // Phrase: only adjacent words; without quotes, both words anywhere.
    let phrase = search(&s, "\"statutory timescales\"").await;
    assert_eq!(
        titles(&phrase),
        vec!["SEND Sufficiency and EHCP Timeliness"]
    );
    assert_eq!(phrase.total, 2, "the item and its resolution");
    let words = search(&s, "statutory timescales").await;
    assert_eq!(
        titles(&words),
        vec![
            "Multi-Agency Safeguarding Hub Update",
            "SEND Sufficiency and EHCP Timeliness"
        ]
    );

    // Boolean.
    let or = search(&s, "fostering OR LADO").await;
    assert_eq!(
        titles(&or),
        vec![
            "Budget Monitoring",
            "Fostering",
            "Multi-Agency Safeguarding Hub Update"
        ]
    );
    for q in [
        "fostering -budget",
        "fostering NOT budget",
        "fostering AND NOT budget",
    ] {
        assert_eq!(titles(&search(&s, q).await), vec!["Fostering"], "{q}");
    }
    let grouped = search(&s, "(fostering OR lado) -carers").await;
    assert_eq!(
        titles(&grouped),
        vec!["Budget Monitoring", "Multi-Agency Safeguarding Hub Update"]
    );
    assert_eq!(search(&s, "fostering AND lado").await.total, 0);

    // Prefix: "safegu" is no word, "safegu*" finds "Safeguarding".
    assert_eq!(search(&s, "safegu").await.total, 0);
    assert_eq!(
        titles(&search(&s, "safegu*").await),
        vec!["Multi-Agency Safeguarding Hub Update"]
    );

    // Fields.
    assert_eq!(
        titles(&search(&s, "title:fostering").await),
        vec!["Fostering"]
    );
    let oates = search(&s, "person:oates").await;
    assert_eq!(titles(&oates), vec!["SEND Sufficiency and EHCP Timeliness"]);
    let burns = search(&s, "person:\"June Burns\"").await;
    assert_eq!(
        burns.total, 6,
        "m1: three items, a resolution, an action; m5: one item"
    );
    let wp = search(&s, "kind:work-programme").await;
    assert_eq!(titles(&wp), vec!["Work Programme"]);
    let audit = search(&s, "report committee:audit").await;
    assert_eq!(titles(&audit), vec!["Internal Audit Report"]);
    let actions = search(&s, "report type:action").await;
    assert_eq!(actions.total, 1);
    assert_eq!(actions.hits[0].hit_type, HitType::Action);
    let res = search(&s, "noted type:resolution").await;
    assert_eq!(res.hits[0].hit_type, HitType::Resolution);
    let south = search(&s, "transport authority:southvale").await;
    assert_eq!(titles(&south), vec!["Home to School Transport"]);
    assert_eq!(search(&s, "transport authority:northshire").await.total, 0);
}

async fn filters(env: &support::Env) {
    store(env.archive.as_ref(), fixture(), "fixture", "test").await;
    let s = env.searcher("index").await;
    let q = |f: &dyn Fn(&mut Query)| {
        let mut q = Query::new("report OR fostering OR transport");
        f(&mut q);
        q
    };
    let all = s.search(&q(&|_| {})).await.expect("search");
    assert!(all.total >= 6);

    let run = |q: Query| {
        let s = &s;
        async move { s.search(&q).await.expect("search") }
    };
    let r = run(q(&|q| q.authority = Some("Southvale Borough".into()))).await;
    assert_eq!(titles(&r), vec!["Home to School Transport"]);
    let r = run(q(&|q| q.committee = Some("audit committee".into()))).await;
    assert_eq!(
        titles(&r),
        vec!["Budget Monitoring", "Internal Audit Report"]
    );
    let r = run(q(&|q| q.since = Some("2024-01-01".into()))).await;
    assert!(
        r.hits
            .iter()
            .all(|h| h.date.as_deref() >= Some("2024-01-01"))
    );
    assert_eq!(
        titles(&r),
        vec![
            "Budget Monitoring",
            "Fostering",
            "Home to School Transport",
            "Multi-Agency Safeguarding Hub Update"
        ]
    );
    let r = run(q(&|q| {
        q.since = Some("2023-01-01".into());
        q.until = Some("2023-12-31".into());
    }))
    .await;
    assert_eq!(
        titles(&r),
        vec![
            "Internal Audit Report",
            "SEND Sufficiency and EHCP Timeliness"
        ]
    );
    let r = run(q(&|q| q.kind = Some("substantive".into()))).await;
    assert_eq!(r.total, all.total, "every match is substantive");
    let r = run(q(&|q| q.kind = Some("apologies".into()))).await;
    assert_eq!(r.total, 0);
    let r = run(q(&|q| q.person = Some("June Burns".into()))).await;
    assert_eq!(
        titles(&r),
        vec![
            "Home to School Transport",
            "SEND Sufficiency and EHCP Timeliness"
        ]
    );
    let r = run(q(&|q| q.hit_type = Some(HitType::Resolution))).await;
    assert!(r.hits.iter().all(|h| h.resolution_id.is_some()));
    assert_eq!(r.total, 1);

    // Filters alone list matches, newest first.
    let mut only = Query::new("");
    only.committee = Some("audit".into());
    let r = s.search(&only).await.expect("search");
    let dates: Vec<_> = r.hits.iter().map(|h| h.date.clone()).collect();
    assert_eq!(
        dates,
        vec![Some("2024-06-01".into()), Some("2023-06-01".into())]
    );
    // So does a text query that asks for the newest first.
    let mut newest = Query::new("report");
    newest.newest_first = true;
    let r = s.search(&newest).await.expect("search");
    let dates: Vec<_> = r.hits.iter().map(|h| h.date.clone()).collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert!(dates.len() > 1, "{dates:?}");
    assert_eq!(dates, sorted);
    assert_eq!(
        r.total,
        s.search(&Query::new("report")).await.expect("search").total
    );

    // Bad filter values are typed errors.
    let mut bad = Query::new("report");
    bad.since = Some("1st May".into());
    assert!(matches!(
        s.search(&bad).await,
        Err(SearchError::Query(QueryError::BadDate(_)))
    ));
    let mut bad = Query::new("report");
    bad.kind = Some("lunch".into());
    assert!(matches!(
        s.search(&bad).await,
        Err(SearchError::Query(QueryError::UnknownKind(_)))
    ));
}

async fn former_committee_names(env: &support::Env) {
    // The 2023 meeting is indexed before the committee's new spelling
    // exists; the filter still finds both meetings under either name,
    // because names are resolved against the archive at query time.
    let all = fixture();
    store(env.archive.as_ref(), vec![all[0].clone()], "first", "test").await;
    let s = env.searcher("index").await;
    let old = |name: &str| {
        let mut q = Query::new("report OR lado");
        q.committee = Some(name.into());
        q
    };
    assert_eq!(
        s.search(&old(CHILDREN_2023)).await.expect("search").total,
        3
    );
    store(env.archive.as_ref(), vec![all[1].clone()], "second", "test").await;
    for name in [
        CHILDREN_2023,
        CHILDREN_2024,
        "childrens-services-overview-and-scrutiny",
    ] {
        let r = s.search(&old(name)).await.expect("search");
        assert_eq!(
            titles(&r),
            vec![
                "Multi-Agency Safeguarding Hub Update",
                "SEND Sufficiency and EHCP Timeliness"
            ],
            "{name}"
        );
        assert!(r.hits.iter().any(|h| h.committee == CHILDREN_2023));
        assert!(r.hits.iter().any(|h| h.committee == CHILDREN_2024));
    }
    // The in-query form, with a quoted former name.
    let r = search(&s, "lado committee:\"Children's Services Overview\"").await;
    assert_eq!(r.total, 1);
}

async fn facets(env: &support::Env) {
    store(env.archive.as_ref(), fixture(), "fixture", "test").await;
    let s = env.searcher("index").await;
    let r = search(&s, "report").await;
    // report: m1 item + resolution + action, m2 item, m3 item.
    assert_eq!(r.total, 5);
    let sum = |v: &[minutebook_search::FacetCount]| v.iter().map(|f| f.count).sum::<u64>();
    assert_eq!(sum(&r.facets.authority), r.total);
    assert_eq!(sum(&r.facets.committee), r.total);
    assert_eq!(sum(&r.facets.year), r.total);
    let by = |v: &[minutebook_search::FacetCount]| {
        v.iter()
            .map(|f| (f.value.clone(), f.count))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        by(&r.facets.committee),
        vec![
            (
                "northshire-council/childrens-services-overview-and-scrutiny-committee".into(),
                4
            ),
            ("northshire-council/audit-committee".into(), 1),
        ]
    );
    assert_eq!(r.facets.committee[1].label, "Audit Committee");
    assert_eq!(r.facets.authority[0].label, NORTH);
    assert_eq!(
        by(&r.facets.year),
        vec![("2024".into(), 1), ("2023".into(), 4)]
    );
    // Facets count every match, not only the page.
    let mut page = Query::new("report");
    page.limit = 1;
    let p = s.search(&page).await.expect("search");
    assert_eq!(p.hits.len(), 1);
    assert_eq!(p.facets, r.facets);
}

async fn snippets(env: &support::Env) {
    store(env.archive.as_ref(), fixture(), "fixture", "test").await;
    let s = env.searcher("index").await;
    let r = search(&s, "\"statutory timescales\" type:item").await;
    let hit = &r.hits[0];
    assert_eq!(hit.item_title, "SEND Sufficiency and EHCP Timeliness");
    assert_eq!(
        hit.meeting_id,
        "northshire-council/childrens-services-overview-and-scrutiny-committee/2023-03-01"
    );
    assert_eq!(hit.item_id, format!("{}/_2", hit.meeting_id));
    assert_eq!(hit.date.as_deref(), Some("2023-03-01"));
    assert_eq!(hit.committee, CHILDREN_2023);
    assert_eq!(hit.authority, NORTH);
    let marked: Vec<&str> = hit
        .snippet
        .segments
        .iter()
        .filter(|s| s.highlighted)
        .map(|s| s.text.as_str())
        .collect();
    assert!(
        marked.contains(&"statutory") && marked.contains(&"timescales"),
        "{marked:?}"
    );
    let plain = hit.snippet.render_plain(false);
    assert!(plain.contains("[statutory] [timescales]"), "{plain}");
    assert!(
        hit.snippet
            .render_plain(true)
            .contains("\u{1b}[1mstatutory\u{1b}[0m")
    );
    assert_eq!(plain.replace(['[', ']'], ""), hit.snippet.text());

    // A resolution hit carries its identifier and its own text.
    let r = search(&s, "noted type:resolution").await;
    let res = &r.hits[0];
    assert_eq!(
        res.resolution_id.as_deref(),
        Some(format!("{}/r1", res.item_id).as_str())
    );
    assert_eq!(
        res.snippet.text(),
        "That the report on statutory timescales be noted."
    );

    // Prefix matches are highlighted too, and escape sequences in the
    // document never reach the terminal.
    let r = search(&s, "assessm*").await;
    assert!(r.total >= 3);
    for hit in &r.hits {
        let marked: Vec<String> = hit
            .snippet
            .segments
            .iter()
            .filter(|s| s.highlighted)
            .map(|s| s.text.to_lowercase())
            .collect();
        assert!(
            !marked.is_empty() && marked.iter().all(|m| m.starts_with("assessm")),
            "{marked:?}"
        );
    }
    let r = search(&s, "spending").await;
    let plain = r.hits[0].snippet.render_plain(false);
    assert!(plain.contains("[Spending]"));
    assert!(!plain.contains('\u{1b}'), "{plain:?}");
}

async fn new_versions(env: &support::Env) {
    store(env.archive.as_ref(), fixture(), "fixture", "test").await;
    let s = env.searcher("index").await;
    assert_eq!(search(&s, "presented").await.total, 1);
    // New bytes for the audit meeting of 2023-06-01: a new version.
    let mut m3 = fixture().remove(2);
    m3.items[0].minutes_text =
        Some("The zebra crossing outside the civic centre was discussed.".into());
    store(env.archive.as_ref(), vec![m3], "version-2", "test").await;
    assert_eq!(
        search(&s, "presented").await.total,
        0,
        "the old version's text is gone"
    );
    let r = search(&s, "zebra").await;
    assert_eq!(titles(&r), vec!["Internal Audit Report"]);
    assert_eq!(
        r.hits[0].meeting_id,
        "northshire-council/audit-committee/2023-06-01"
    );
    assert_eq!(s.position(), env.archive.last_change().await.expect("feed"));
}

async fn reparse(env: &support::Env) {
    // The stored original says something else than the stored record (as
    // after a parser upgrade): reparse rebuilds the record from it.
    let record = meeting(
        NORTH,
        "Audit Committee",
        "2024-09-12",
        vec![item(
            "Old Parse",
            ItemKind::Substantive,
            "The quagga was mentioned.",
        )],
    );
    let truth = meeting(
        NORTH,
        "Audit Committee",
        "2024-09-12",
        vec![
            item(
                "Apologies",
                ItemKind::Apologies,
                "Apologies were received from Councillor Ann Smith.",
            ),
            item(
                "Treasury Management Review",
                ItemKind::Substantive,
                "The Committee considered the treasury management mid-year review and the okapi risk.",
            ),
        ],
    );
    let page = minutebook_synth::render(&truth, minutebook_synth::Format::ModernGovText, 7);
    let mut packer = minutebook_store::compress::Packer::plain().expect("zstd");
    let doc = minutebook_store::NewDocument::new(&page.bytes, record, "0.0.0-old", &mut packer)
        .expect("document");
    env.archive.write_batch(&[doc]).await.expect("write");
    let s = env.searcher("index").await;
    assert_eq!(search(&s, "quagga").await.total, 1);
    let summary = minutebook_ingest::reparse(
        env.archive.as_ref(),
        &minutebook_ingest::ReparseOptions::default(),
        &mut |_| {},
    )
    .await
    .expect("reparse");
    assert_eq!(summary.updated, 1);
    assert_eq!(search(&s, "quagga").await.total, 0);
    let r = search(&s, "okapi").await;
    assert_eq!(titles(&r), vec!["Treasury Management Review"]);
}

async fn reindex(env: &support::Env) {
    store(env.archive.as_ref(), fixture(), "fixture", "test").await;
    let s = env.searcher("index").await;
    let queries = [
        "report",
        "fostering OR lado",
        "\"statutory timescales\"",
        "person:burns",
    ];
    // Hits with equal scores may come in another order after a rebuild.
    let sorted = |r: &minutebook_search::Results| {
        let mut v = ids(r);
        v.sort();
        (v, r.hits.iter().map(|h| h.score).collect::<Vec<_>>())
    };
    let mut before = Vec::new();
    for q in queries {
        before.push(sorted(&search(&s, q).await));
    }
    let done = s.reindex().await.expect("reindex");
    assert_eq!(done.meetings, 5);
    assert_eq!(done.seq, env.archive.last_change().await.expect("feed"));
    for (q, b) in queries.iter().zip(before) {
        assert_eq!(sorted(&search(&s, q).await), b, "{q}");
    }
}

async fn crash_catch_up(env: &support::Env) {
    let all = fixture();
    store(env.archive.as_ref(), all[..3].to_vec(), "first", "test").await;
    let s = env.searcher("index").await;
    assert_eq!(search(&s, "transport").await.total, 0);
    let indexed_at = s.position();
    drop(s);
    // The archive commits, then the process dies before the index commits.
    store(env.archive.as_ref(), all[3..].to_vec(), "second", "test").await;
    let s = env.searcher("index").await;
    assert_eq!(s.opened(), &Opened::Existing);
    assert_eq!(
        s.position(),
        indexed_at,
        "the index has not seen the new meetings"
    );
    let r = search(&s, "transport").await;
    assert_eq!(titles(&r), vec!["Home to School Transport"]);
    assert_eq!(s.position(), env.archive.last_change().await.expect("feed"));
    // A missing index is rebuilt from the archive.
    drop(s);
    std::fs::remove_dir_all(env.dir.0.join("index")).expect("remove index");
    let s = env.searcher("index").await;
    assert_eq!(s.opened(), &Opened::Created);
    assert_eq!(
        titles(&search(&s, "transport").await),
        vec!["Home to School Transport"]
    );
}

async fn corrupt_index(env: &support::Env) {
    store(env.archive.as_ref(), fixture(), "fixture", "test").await;
    let s = env.searcher("index").await;
    assert_eq!(search(&s, "fostering").await.total, 2);
    drop(s);
    std::fs::write(env.dir.0.join("index/meta.json"), b"{ not json").expect("damage");
    let s = env.searcher("index").await;
    assert!(
        matches!(s.opened(), Opened::Replaced { .. }),
        "{:?}",
        s.opened()
    );
    assert_eq!(search(&s, "fostering").await.total, 2);
}

async fn several_servers(env: &support::Env) {
    // Two servers, each with its own index, over one archive; a third
    // connection ingests, as a separate machine would.
    let a = env.searcher("server-a").await;
    let b = minutebook_search::Searcher::open(open(&env.url).await, env.dir.0.join("server-b"))
        .await
        .expect("open b");
    for s in [&a, &b] {
        assert!(matches!(s.search(&Query::new("fostering")).await, Ok(r) if r.total == 0));
    }
    let writer = open(&env.url).await;
    store(writer.as_ref(), fixture(), "fixture", "test").await;
    let ra = search(&a, "fostering OR transport").await;
    let rb = search(&b, "fostering OR transport").await;
    assert_eq!(ra.total, 3);
    assert_eq!(ids(&ra), ids(&rb));
    assert_eq!(ra.facets, rb.facets);
    let mut m = fixture().remove(4);
    m.items[0].minutes_text = Some("The Cabinet deferred the decision.".into());
    store(writer.as_ref(), vec![m], "again", "test").await;
    for s in [&a, &b] {
        assert_eq!(
            titles(&search(s, "fostering OR transport").await),
            vec!["Budget Monitoring", "Fostering", "Home to School Transport"]
        );
        assert_eq!(search(s, "deferred").await.total, 1);
        assert_eq!(search(s, "pupils").await.total, 0);
    }
}

async fn glossary_expansion(env: &support::Env) {
    store(env.archive.as_ref(), fixture(), "fixture", "test").await;
    let s = env.searcher("index").await;
    // The acronym finds its expansion and its variant ("EHC Plan").
    let r = search(&s, "EHCP").await;
    assert!(
        titles(&r).contains(&"Home to School Transport".to_owned()),
        "{:?}",
        titles(&r)
    );
    assert!(titles(&r).contains(&"SEND Sufficiency and EHCP Timeliness".to_owned()));
    // The expansion finds the acronym: the action says only "EHCP".
    for q in [
        "Education, Health and Care Plan",
        "\"education health and care plan\"",
    ] {
        let r = search(&s, q).await;
        assert!(
            r.hits.iter().any(|h| h.hit_type == HitType::Action),
            "{q}: {:?}",
            ids(&r)
        );
        assert!(
            titles(&r).contains(&"Home to School Transport".to_owned()),
            "{q}"
        );
    }
    // LADO and its expansion, inside a longer query.
    let r = search(&s, "local authority designated officer annual").await;
    assert_eq!(titles(&r), vec!["Multi-Agency Safeguarding Hub Update"]);
    let r = search(&s, "LADO").await;
    assert_eq!(titles(&r), vec!["Multi-Agency Safeguarding Hub Update"]);
    // "Multi-Agency Safeguarding Hub" finds MASH and the other way round.
    assert_eq!(search(&s, "MASH performance").await.total, 1);

    let g = minutebook_search::glossary();
    assert_eq!(g.lookup("ehcp").map(|e| e.term.as_str()), Some("EHCP"));
    assert_eq!(g.lookup("EHC plan").map(|e| e.term.as_str()), Some("EHCP"));
    assert_eq!(g.lookup("send"), None, "SEND matches only in capitals");
    assert_eq!(g.lookup("SEND").map(|e| e.term.as_str()), Some("SEND"));
    let text = "The LADO and the MASH reviewed the EHC Plan; send it on.";
    let found: Vec<(&str, &str)> = g
        .find_in(text)
        .iter()
        .map(|f| (&text[f.start..f.end], f.entry.term.as_str()))
        .collect();
    assert_eq!(
        found,
        vec![("LADO", "LADO"), ("MASH", "MASH"), ("EHC Plan", "EHCP")]
    );
}

async fn hostile_queries(env: &support::Env) {
    store(env.archive.as_ref(), fixture(), "fixture", "test").await;
    let s = env.searcher("index").await;
    // Lenient: an open quote runs to the end; unbalanced parentheses close.
    assert_eq!(search(&s, "\"statutory timescales").await.total, 2);
    assert_eq!(search(&s, "((fostering").await.total, 2);
    assert_eq!(search(&s, "fostering))").await.total, 2);
    let err = |q: String| {
        let s = &s;
        async move { s.search(&Query::new(q)).await.err() }
    };
    assert!(matches!(
        err("x".repeat(5000)).await,
        Some(SearchError::Query(QueryError::TooLong(5000)))
    ));
    let many = (0..70)
        .map(|i| format!("w{i}"))
        .collect::<Vec<_>>()
        .join(" ");
    assert!(matches!(
        err(many).await,
        Some(SearchError::Query(QueryError::TooManyClauses))
    ));
    let deep = format!("{}x{}", "(".repeat(20), ")".repeat(20));
    assert!(matches!(
        err(deep).await,
        Some(SearchError::Query(QueryError::TooDeep))
    ));
    let nots = format!("{}x", "NOT ".repeat(10));
    assert!(matches!(
        err(nots).await,
        Some(SearchError::Query(QueryError::TooDeep))
    ));
    assert!(matches!(
        err("a*".into()).await,
        Some(SearchError::Query(QueryError::ShortPrefix(_)))
    ));
    assert!(matches!(
        err(")))".into()).await,
        Some(SearchError::Query(QueryError::Empty))
    ));
    for q in [
        "*",
        "-",
        "--",
        "\"",
        "\"\"",
        "OR",
        "AND NOT",
        "NOT",
        "title:",
        "committee:",
        "type:foo",
        "kind:nonsense",
        "\u{0}",
        "ö*",
        "💥💥",
        "-(-(-x))",
        "a OR OR b",
        ":::",
        "title:\"",
        "\"(\"",
        "person:",
        "*fostering",
        "fost**",
        "x:y:z",
        "committee:\"\"",
        "-\"\"",
        "( )",
        "report -report",
        "-report",
        "NOT report",
        "\\",
        "%",
        "_",
        "'; DROP TABLE items; --",
        "committee:%",
    ] {
        match s.search(&Query::new(q)).await {
            Ok(_) | Err(SearchError::Query(_)) => {}
            Err(e) => panic!("{q:?}: {e}"),
        }
    }
    // A pure negation matches everything else.
    let not = search(&s, "-report").await;
    let mut all = Query::new("");
    all.authority = Some("council".into());
    let everything = s.search(&all).await.expect("search");
    assert_eq!(not.total + 5, everything.total);
}

/// The result cache answers a repeat exactly as a fresh search would, and
/// never after the archive has changed.
async fn repeated_searches(env: &support::Env) {
    store(env.archive.as_ref(), fixture(), "fixture", "test").await;
    let cached = env.searcher("cached").await;
    let uncached = env.searcher("uncached").await.with_result_cache(0);
    let mut second = Query::new("report");
    second.limit = 2;
    second.offset = 2;
    for _ in 0..2 {
        for q in [Query::new("report"), second.clone()] {
            let (a, b) = (
                cached.search(&q).await.expect("cached"),
                uncached.search(&q).await.expect("uncached"),
            );
            assert_eq!(ids(&a), ids(&b), "{q:?}");
            assert_eq!((a.total, &a.facets), (b.total, &b.facets));
        }
    }
    assert_ne!(
        ids(&search(&cached, "report").await)[..2],
        ids(&cached.search(&second).await.expect("page 2"))[..],
        "a page is its own entry"
    );
    // A new meeting after the answer was cached: the repeat finds it.
    let m = meeting(
        SOUTH,
        "Cabinet",
        "2024-05-01",
        vec![item(
            "Budget Report",
            ItemKind::Substantive,
            "The report on the budget was noted.",
        )],
    );
    store(env.archive.as_ref(), vec![m], "later", "test").await;
    let r = search(&cached, "report").await;
    assert_eq!(r.total, 6, "{:?}", ids(&r));
    assert!(
        r.hits
            .iter()
            .any(|h| h.date.as_deref() == Some("2024-05-01"))
    );
}

/// Facet counts and hits stay right while writes add index segments and
/// merges replace them (the searcher keeps each segment's columns).
async fn facets_across_many_segments(env: &support::Env) {
    let s = env.searcher("index").await;
    let mut stored = 0;
    for (i, m) in fixture().into_iter().cycle().take(15).enumerate() {
        let mut m = m;
        // A distinct date per copy: a meeting of its own, not a version.
        m.date = Some(format!("20{:02}-01-{:02}", 10 + i, 1 + i));
        stored += m.items.len();
        store(env.archive.as_ref(), vec![m], &format!("copy-{i}"), "test").await;
        let mut q = Query::new("");
        q.since = Some("1900-01-01".into());
        q.hit_type = Some(HitType::Item);
        let r = s.search(&q).await.expect("search");
        assert_eq!(r.total, stored as u64, "after {} writes", i + 1);
        let years: u64 = r.facets.year.iter().map(|f| f.count).sum();
        assert_eq!(years, r.total);
        assert_eq!(
            r.facets.committee.iter().map(|f| f.count).sum::<u64>(),
            r.total
        );
    }
    let fresh = env.searcher("fresh").await.with_result_cache(0);
    let r = search(&s, "fostering").await;
    let f = search(&fresh, "fostering").await;
    assert_eq!((r.total, &r.facets), (f.total, &f.facets));
    // Equal scores may come in another order from other segments.
    let sorted = |r: &minutebook_search::Results| {
        let mut v = ids(r);
        v.sort();
        v
    };
    assert_eq!(sorted(&r), sorted(&f));
}

async fn synthetic_archive(env: &support::Env) {
    // A generated council ingested through the real ingest path.
    let corpus = TempDir::new("synth");
    let cfg = minutebook_synth::SynthConfig {
        councils: 1,
        years: 1,
        seed: 3,
        ..minutebook_synth::SynthConfig::default()
    };
    minutebook_synth::write_corpus(&cfg, &corpus.0).expect("synth");
    let (inputs, failures) = minutebook_ingest::collect(std::slice::from_ref(&corpus.0));
    assert!(failures.is_empty());
    let opts = minutebook_ingest::Options {
        authority: minutebook_ingest::AuthorityHint::FromDirectory,
        ..minutebook_ingest::Options::default()
    };
    let summary = minutebook_ingest::ingest(env.archive.as_ref(), inputs, &opts, &mut |_| {})
        .await
        .expect("ingest");
    assert!(summary.failed.is_empty());
    let s = env.searcher("index").await;
    let r = search(&s, "report").await;
    assert!(r.total > 50, "{}", r.total);
    assert_eq!(r.hits.len(), 20);
    assert!(r.hits.windows(2).all(|w| w[0].score >= w[1].score));
    let counts = env.archive.counts().await.expect("counts");
    let everything = s
        .search(&{
            let mut q = Query::new("");
            q.since = Some("1900-01-01".into());
            q
        })
        .await
        .expect("search");
    assert_eq!(
        everything.total,
        u64::try_from(counts.items + counts.resolutions + counts.actions).unwrap_or(0),
        "one document per item, resolution and action"
    );
    // Every hit's title is in the archive, and "title:" finds it again.
    let title = r.hits[0].item_title.clone();
    let again = search(&s, &format!("title:\"{title}\"")).await;
    assert!(again.hits.iter().any(|h| h.item_title == title));
    let words: Vec<String> = title.split_whitespace().map(str::to_lowercase).collect();
    assert!(again.hits.iter().all(|h| {
        let t = h.item_title.to_lowercase();
        words.iter().all(|w| t.contains(w.trim_end_matches('s')))
    }));
}

mod glossary {
    use minutebook_search::{Glossary, glossary};
    use std::collections::HashSet;

    #[test]
    fn has_at_least_150_entries() {
        assert!(
            glossary().entries().len() >= 150,
            "{}",
            glossary().entries().len()
        );
    }

    #[test]
    fn terms_are_unique() {
        let mut seen = HashSet::new();
        for e in glossary().entries() {
            assert!(
                seen.insert(e.term.to_lowercase()),
                "duplicate term {}",
                e.term
            );
        }
    }

    #[test]
    fn entries_are_well_formed() {
        for e in glossary().entries() {
            assert!(!e.term.trim().is_empty());
            assert!(!e.expansions.is_empty(), "{} has no expansion", e.term);
            let d = e.definition.trim();
            assert!(d.ends_with('.') && d.len() > 20, "{}: {d:?}", e.term);
            assert!(e.category.is_some(), "{} has no category", e.term);
            // Every form finds its own entry (or one sharing that form).
            for form in e.forms() {
                let found = glossary()
                    .lookup(form)
                    .map(|f| f.forms().any(|x| x == form));
                assert_eq!(found, Some(true), "{}: {form:?}", e.term);
            }
        }
    }

    #[test]
    fn the_named_acronyms_are_there() {
        for t in [
            "SEND", "EHCP", "EHCNA", "LADO", "MASH", "ILACS", "CIN", "LAC", "C&YP", "CAMHS",
            "MACE", "SAR", "LSCP", "SSCB", "ePEP", "DfE", "CQC", "Ofsted", "NQSW",
        ] {
            assert!(glossary().lookup(t).is_some(), "{t}");
        }
    }

    #[test]
    fn malformed_glossaries_are_refused() {
        let no_expansion = "[[entry]]\nterm = \"X\"\ndefinition = \"An x.\"\n";
        assert!(Glossary::parse(no_expansion).is_err());
        let two_sentences =
            "[[entry]]\nterm = \"X\"\nexpansions = [\"Ex\"]\ndefinition = \"An x\"\n";
        assert!(Glossary::parse(two_sentences).is_err());
        assert!(Glossary::parse("not toml [[").is_err());
    }
}

mod query_parser {
    use minutebook_search::{QueryError, check_query, query};

    /// A small deterministic generator (no extra dependency).
    fn next(seed: &mut u64) -> u64 {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        *seed
    }

    #[test]
    fn random_queries_never_panic() {
        let pieces = [
            "\"",
            "(",
            ")",
            "-",
            "*",
            ":",
            "OR",
            "AND",
            "NOT",
            "title:",
            "person:",
            "committee:",
            "kind:",
            "type:",
            "ehcp",
            "send",
            "SEND",
            "Education, Health and Care Plan",
            "a",
            "é",
            "💥",
            "\u{0}",
            "\\",
            "%",
            " ",
            "  ",
            "assess*",
            "C&YP",
            "A&E",
            "'",
            "\u{201C}",
            "x:y",
        ];
        let mut seed = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..5_000 {
            let n = next(&mut seed) % 24;
            let q: String = (0..n)
                .map(|_| pieces[(next(&mut seed) % pieces.len() as u64) as usize])
                .collect::<Vec<_>>()
                .join(if next(&mut seed).is_multiple_of(2) {
                    " "
                } else {
                    ""
                });
            let _ = check_query(&q);
        }
    }

    #[test]
    fn bounds_are_typed_errors() {
        let long = "x ".repeat(query::MAX_QUERY_BYTES);
        assert_eq!(check_query(&long), Err(QueryError::TooLong(long.len())));
        assert_eq!(check_query("   "), Err(QueryError::Empty));
        assert_eq!(check_query("report"), Ok(()));
        assert_eq!(
            check_query("kind:lunch"),
            Err(QueryError::UnknownKind("lunch".into()))
        );
        assert_eq!(
            check_query("type:meeting"),
            Err(QueryError::UnknownType("meeting".into()))
        );
    }
}

mod api {
    use minutebook_search::{Query, Results, SearchError, Searcher};

    /// Compiles only if a search can run on a multi-threaded server (axum
    /// handlers need `Send` futures).
    fn search_is_send<'a>(
        s: &'a Searcher,
        q: &'a Query,
    ) -> impl std::future::Future<Output = Result<Results, SearchError>> + Send + 'a {
        s.search(q)
    }

    fn shared<T: Send + Sync>() {}

    #[test]
    fn a_searcher_can_be_shared_between_threads() {
        shared::<Searcher>();
        let _ = search_is_send;
    }
}

mod tracker_groups {
    use super::support::*;
    use minutebook_search::Query;

    /// A committee renamed to a new identifier, which the tracker groups
    /// with the old one after indexing: the filter finds both meetings
    /// under either name, with no reindex.
    #[tokio::test]
    async fn renamed_committees_are_found_under_either_name() {
        let env = Env::sqlite("tracker-groups").await;
        let old = meeting(
            NORTH,
            "Corporate Parenting Panel",
            "2023-01-10",
            vec![item(
                "Fostering",
                minutebook_record::ItemKind::Substantive,
                "Fostering sufficiency.",
            )],
        );
        let new = meeting(
            NORTH,
            "Children in Care Board",
            "2024-01-10",
            vec![item(
                "Fostering",
                minutebook_record::ItemKind::Substantive,
                "Fostering recruitment.",
            )],
        );
        store(env.archive.as_ref(), vec![old, new], "renamed", "test").await;
        let s = env.searcher("index").await;
        let by = |name: &str| {
            let mut q = Query::new("fostering");
            q.committee = Some(name.into());
            q
        };
        assert_eq!(
            s.search(&by("Corporate Parenting"))
                .await
                .expect("search")
                .total,
            1
        );
        let pool = sqlx::SqlitePool::connect(&env.url).await.expect("pool");
        for (id, how) in [
            ("northshire-council/corporate-parenting-panel", "renamed"),
            ("northshire-council/children-in-care-board", "itself"),
        ] {
            sqlx::query(
                "INSERT INTO tracker_committees (committee_id, authority_id, group_id, name, how) \
                 VALUES (?, 'northshire-council', 'northshire-council/children-in-care-board', ?, ?)",
            )
            .bind(id)
            .bind(id.rsplit('/').next().unwrap_or_default())
            .bind(how)
            .execute(&pool)
            .await
            .expect("group");
        }
        for name in ["Corporate Parenting", "Children in Care Board"] {
            let r = s.search(&by(name)).await.expect("search");
            assert_eq!(r.total, 2, "{name}");
        }
        pool.close().await;
        env.finish().await;
    }
}
