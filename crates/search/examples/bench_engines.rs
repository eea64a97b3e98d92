//! The search benchmark (`scripts/bench-search`): tantivy, the product
//! engine, side by side with SQLite FTS5 on the same archive and the same 50
//! queries, top 20 with snippets and facet counts.
//!
//! ```sh
//! cargo run --release -p minutebook-search --example bench_engines -- \
//!     --db archive.db --index archive.db.search --fts fts5.db --runs 5 [--reuse-tantivy] [--reuse-fts]
//! ```
//!
//! Builds both indexes from the archive (timing each), then runs every
//! query `--runs` times on each engine after one warm-up run and prints
//! p50/p99 over all runs, per-query medians and the index sizes.

use anyhow::{Context, Result};
use clap::Parser;
use minutebook_search::{Query, Searcher, glossary};
use minutebook_store::Store;
use minutebook_store::search_source::SearchSource;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool, SqlitePoolOptions};
use sqlx::{AssertSqlSafe, Row};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Parser)]
struct Args {
    /// The SQLite archive (already ingested).
    #[arg(long)]
    db: String,
    /// Where to build the tantivy index.
    #[arg(long)]
    index: PathBuf,
    /// Where to build the FTS5 database.
    #[arg(long)]
    fts: PathBuf,
    /// Timed runs per query and engine.
    #[arg(long, default_value_t = 5)]
    runs: usize,
    /// Use the tantivy index as it is (built by `minutebook reindex`).
    #[arg(long)]
    reuse_tantivy: bool,
    /// Use the FTS5 database from an earlier run.
    #[arg(long)]
    reuse_fts: bool,
    /// Run only tantivy (for profiling).
    #[arg(long)]
    tantivy_only: bool,
}

/// One benchmark query, in both languages.
struct Bench {
    group: &'static str,
    /// The query in minutebook's language.
    text: &'static str,
    committee: Option<&'static str>,
    since: Option<&'static str>,
    kind: Option<&'static str>,
}

const fn q(group: &'static str, text: &'static str) -> Bench {
    Bench {
        group,
        text,
        committee: None,
        since: None,
        kind: None,
    }
}

const QUERIES: [Bench; 50] = [
    // Common words: most documents match.
    q("common", "report"),
    q("common", "council"),
    q("common", "committee"),
    q("common", "members"),
    q("common", "noted"),
    q("common", "resolved"),
    q("common", "meeting"),
    q("common", "minutes"),
    q("common", "agreed"),
    q("common", "scrutiny"),
    // Rarer words.
    q("rare", "fostering"),
    q("rare", "ambulance"),
    q("rare", "dental"),
    q("rare", "treasury"),
    q("rare", "licensing"),
    q("rare", "carers"),
    q("rare", "slavery"),
    q("rare", "exclusions"),
    q("rare", "recommissioning"),
    q("rare", "psychologist"),
    // Phrases.
    q("phrase", "\"further report\""),
    q("phrase", "\"work programme\""),
    q("phrase", "\"true record\""),
    q("phrase", "\"declarations of interest\""),
    q("phrase", "\"mental health\""),
    q("phrase", "\"home to school transport\""),
    q("phrase", "\"early help\""),
    q("phrase", "\"domestic abuse\""),
    q("phrase", "\"local plan\""),
    q("phrase", "\"medium term financial strategy\""),
    // Acronyms, expanded through the glossary.
    q("acronym", "SEND"),
    q("acronym", "EHCP"),
    q("acronym", "LADO"),
    q("acronym", "MASH"),
    q("acronym", "CAMHS"),
    q("acronym", "NHS"),
    q("acronym", "GP"),
    q("acronym", "MTFS"),
    q("acronym", "DoLS"),
    q("acronym", "ICB"),
    // Filters, booleans, prefixes.
    Bench {
        committee: Some("scrutiny"),
        ..q("filtered", "report")
    },
    Bench {
        since: Some("2024-01-01"),
        ..q("filtered", "council")
    },
    Bench {
        kind: Some("substantive"),
        ..q("filtered", "fostering")
    },
    Bench {
        committee: Some("audit"),
        since: Some("2023-01-01"),
        ..q("filtered", "\"internal audit\"")
    },
    q("boolean", "report budget"),
    q("boolean", "fostering OR adoption"),
    q("boolean", "budget -capital"),
    q("prefix", "assess*"),
    q("prefix", "safeguard*"),
    q("filtered", "report type:action"),
];

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<()> {
    let args = Args::parse();
    let store = Arc::new(minutebook_store_sqlite::open(&args.db).await?);
    let meetings = store.counts().await?.meetings;
    println!(
        "# {meetings} meetings, {} items, {} cores",
        store.counts().await?.items,
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    // Every run computes every query afresh: the engines are measured, not
    // the server's cache of repeated searches.
    let searcher = Searcher::open(store.clone(), &args.index)
        .await?
        .with_result_cache(0);
    if !args.reuse_tantivy {
        let t = Instant::now();
        let done = searcher.reindex().await?;
        let secs = t.elapsed().as_secs_f64();
        println!(
            "tantivy build: {} meetings in {secs:.1}s = {:.0} meetings/s; index {:.1} MB",
            done.meetings,
            done.meetings as f64 / secs,
            dir_size(&args.index) as f64 / 1e6
        );
    }
    let fts = Fts::open(&args.fts, !args.reuse_fts).await?;
    if !args.reuse_fts && !args.tantivy_only {
        let t = Instant::now();
        let n = fts.build(store.as_ref()).await?;
        let secs = t.elapsed().as_secs_f64();
        let size = ["", "-wal", "-shm"]
            .iter()
            .filter_map(|s| std::fs::metadata(format!("{}{s}", args.fts.display())).ok())
            .map(|m| m.len())
            .sum::<u64>();
        println!(
            "fts5 build: {n} meetings in {secs:.1}s = {:.0} meetings/s; database {:.1} MB",
            n as f64 / secs,
            size as f64 / 1e6
        );
    }
    let mut samples: HashMap<&str, Vec<Duration>> = HashMap::new();
    println!("\n| group | query | matches | tantivy median ms | fts5 matches | fts5 median ms |");
    println!("|---|---|---:|---:|---:|---:|");
    for b in &QUERIES {
        let query = Query {
            committee: b.committee.map(str::to_owned),
            since: b.since.map(str::to_owned),
            kind: b.kind.map(str::to_owned),
            ..Query::new(b.text)
        };
        let mut t_runs = Vec::new();
        let mut total = 0;
        for i in 0..=args.runs {
            let t = Instant::now();
            let r = searcher.search(&query).await?;
            if i > 0 {
                t_runs.push(t.elapsed());
            }
            total = r.total;
        }
        let filter = fts.filter(store.as_ref(), b).await?;
        let fq = fts_query(b.text);
        let mut f_runs = Vec::new();
        let mut f_total = 0;
        for i in (0..=args.runs).filter(|_| !args.tantivy_only) {
            let t = Instant::now();
            f_total = fts.search(store.as_ref(), &fq, &filter).await?;
            if i > 0 {
                f_runs.push(t.elapsed());
            }
        }
        println!(
            "| {} | `{}`{} | {total} | {:.2} | {f_total} | {:.2} |",
            b.group,
            b.text,
            filters_label(b),
            ms(median(&mut t_runs.clone())),
            ms(median(&mut f_runs.clone())),
        );
        samples.entry("tantivy").or_default().extend(t_runs);
        samples.entry("fts5").or_default().extend(f_runs);
    }
    println!("\n| engine | queries × runs | p50 ms | p99 ms | max ms |");
    println!("|---|---:|---:|---:|---:|");
    for engine in ["tantivy", "fts5"] {
        let mut v = samples.remove(engine).unwrap_or_default();
        v.sort();
        println!(
            "| {engine} | {} | {:.2} | {:.2} | {:.2} |",
            v.len(),
            ms(pct(&v, 0.50)),
            ms(pct(&v, 0.99)),
            ms(v.last().copied().unwrap_or_default())
        );
    }
    Ok(())
}

fn filters_label(b: &Bench) -> String {
    let mut s = String::new();
    for (name, v) in [
        ("committee", b.committee),
        ("since", b.since),
        ("kind", b.kind),
    ] {
        if let Some(v) = v {
            s.push_str(&format!(" --{name} {v}"));
        }
    }
    s
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn median(v: &mut [Duration]) -> Duration {
    v.sort();
    pct(v, 0.5)
}

fn pct(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i]
}

fn dir_size(dir: &std::path::Path) -> u64 {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}

/// The query in FTS5's language: the same words, phrases and operators;
/// glossary terms expanded to their forms, as minutebook expands them;
/// `type:` becomes a filter (see [`Fts::filter`]).
fn fts_query(text: &str) -> String {
    let mut parts = Vec::new();
    for word in text.split_whitespace() {
        if word.starts_with("type:") {
            continue;
        }
        if let Some(neg) = word.strip_prefix('-') {
            parts.push(format!("NOT {neg}"));
        } else if let Some(e) = glossary().lookup(word).filter(|_| !word.starts_with('"')) {
            let forms: Vec<String> = std::iter::once(word.to_owned())
                .chain(
                    e.forms()
                        .filter(|f| !e.exact_case || e.expansions.iter().any(|x| x == f))
                        .map(str::to_owned),
                )
                .map(|f| format!("\"{}\"", f.replace(|c: char| !c.is_alphanumeric(), " ")))
                .collect();
            parts.push(format!("({})", forms.join(" OR ")));
        } else {
            parts.push(word.to_owned());
        }
    }
    parts.join(" ")
}

/// SQLite FTS5 over the same documents: one row per item, resolution and
/// action in an FTS5 table (porter stemming, content stored for snippets)
/// with the metadata in an ordinary table under the same rowid. Only the
/// body is searched, as minutebook searches it by default.
struct Fts {
    pool: SqlitePool,
}

/// Metadata conditions for one benchmark query.
struct Filter {
    sql: String,
}

impl Fts {
    async fn open(path: &std::path::Path, fresh: bool) -> Result<Self> {
        if fresh {
            for s in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{s}", path.display()));
            }
        }
        let opts = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal);
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(opts)
            .await?;
        Ok(Self { pool })
    }

    async fn build(&self, store: &dyn SearchSource) -> Result<usize> {
        sqlx::raw_sql(
            "CREATE VIRTUAL TABLE docs USING fts5(title UNINDEXED, body, person UNINDEXED, tokenize = 'porter unicode61 remove_diacritics 2');
             CREATE TABLE meta (rowid INTEGER PRIMARY KEY, committee TEXT, type TEXT, kind TEXT, day INTEGER, year INTEGER, meeting TEXT, item INTEGER, sub INTEGER);
             CREATE INDEX meta_committee ON meta (committee);",
        )
        .execute(&self.pool)
        .await?;
        let mut after = 0;
        let mut n = 0;
        let mut rowid: i64 = 0;
        loop {
            let changes = store.changes_since(after, 500).await?;
            let Some(last) = changes.last().map(|c| c.seq) else {
                break;
            };
            after = last;
            let ids: Vec<String> = changes.into_iter().map(|c| c.meeting_id).collect();
            n += ids.len();
            let mut tx = self.pool.begin().await?;
            for m in store.index_meetings(&ids).await? {
                let day: i64 = m
                    .date
                    .as_deref()
                    .map(|d| d.replace('-', ""))
                    .and_then(|d| d.parse().ok())
                    .unwrap_or(0);
                for item in &m.items {
                    let people: Vec<&str> = m
                        .people
                        .iter()
                        .chain(&item.people)
                        .map(String::as_str)
                        .collect();
                    let people = people.join("; ");
                    let body: Vec<&str> = std::iter::once(item.title.as_str())
                        .chain(item.agenda_text.as_deref())
                        .chain(item.minutes_text.as_deref())
                        .collect();
                    let mut rows = vec![("item", 0, body.join("\n"))];
                    rows.extend(
                        item.resolutions
                            .iter()
                            .map(|(p, t)| ("resolution", *p, t.clone())),
                    );
                    rows.extend(item.actions.iter().map(|(p, t)| ("action", *p, t.clone())));
                    for (kind, sub, text) in rows {
                        rowid += 1;
                        sqlx::query(
                            "INSERT INTO docs (rowid, title, body, person) VALUES (?, ?, ?, ?)",
                        )
                        .bind(rowid)
                        .bind(&item.title)
                        .bind(text)
                        .bind(&people)
                        .execute(&mut *tx)
                        .await?;
                        sqlx::query("INSERT INTO meta VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                            .bind(rowid)
                            .bind(&m.committee_id)
                            .bind(kind)
                            .bind(&item.kind)
                            .bind(day)
                            .bind(day / 10_000)
                            .bind(&m.id)
                            .bind(item.position)
                            .bind(sub)
                            .execute(&mut *tx)
                            .await?;
                    }
                }
            }
            tx.commit().await?;
        }
        sqlx::raw_sql("INSERT INTO docs (docs) VALUES ('optimize'); ANALYZE;")
            .execute(&self.pool)
            .await?;
        Ok(n)
    }

    /// The query's filters as SQL on `meta m`, committees resolved as
    /// minutebook resolves them (identifier or any name).
    async fn filter(&self, store: &dyn Store, b: &Bench) -> Result<Filter> {
        let mut sql = String::new();
        if let Some(c) = b.committee {
            let f = minutebook_store::ListFilter {
                committee: Some(c.to_owned()),
                ..Default::default()
            };
            let ids: Vec<String> = store
                .committees(&f)
                .await?
                .into_iter()
                .map(|c| format!("'{}'", c.id.replace('\'', "''")))
                .collect();
            sql.push_str(&format!(" AND m.committee IN ({})", ids.join(", ")));
        }
        if let Some(d) = b.since {
            sql.push_str(&format!(" AND m.day >= {}", d.replace('-', "")));
        }
        if let Some(k) = b.kind {
            sql.push_str(&format!(" AND m.kind = '{k}'"));
        }
        if let Some(t) = b
            .text
            .split_whitespace()
            .find_map(|w| w.strip_prefix("type:"))
        {
            sql.push_str(&format!(" AND m.type = '{t}'"));
        }
        Ok(Filter { sql })
    }

    /// Top 20 by BM25 with snippets, and facet counts over all matches;
    /// returns the number of matches.
    async fn search(&self, store: &dyn SearchSource, q: &str, f: &Filter) -> Result<u64> {
        let top = format!(
            "SELECT m.meeting, m.item, m.sub, m.type, bm25(docs), snippet(docs, 1, '[', ']', '…', 24) \
             FROM docs JOIN meta m ON m.rowid = docs.rowid WHERE docs MATCH ?1{} ORDER BY bm25(docs) LIMIT 20",
            f.sql
        );
        let rows = sqlx::query(AssertSqlSafe(top))
            .bind(q)
            .fetch_all(&self.pool)
            .await
            .with_context(|| format!("fts5 {q:?}"))?;
        let keys: Vec<(String, i64)> = rows
            .iter()
            .map(|r| (r.get::<String, _>(0), r.get::<i64, _>(1)))
            .collect();
        // The same per-hit archive read as minutebook's (titles, names).
        store.hit_texts(&keys).await?;
        let facets = format!(
            "SELECT m.committee, m.year, COUNT(*) FROM docs JOIN meta m ON m.rowid = docs.rowid \
             WHERE docs MATCH ?1{} GROUP BY m.committee, m.year",
            f.sql
        );
        let rows = sqlx::query(AssertSqlSafe(facets))
            .bind(q)
            .fetch_all(&self.pool)
            .await?;
        let mut committees: HashMap<String, i64> = HashMap::new();
        let mut total = 0;
        for r in &rows {
            let n: i64 = r.get(2);
            total += n;
            *committees.entry(r.get(0)).or_default() += n;
        }
        let mut top: Vec<(String, i64)> = committees.into_iter().collect();
        top.sort_by_key(|c| std::cmp::Reverse(c.1));
        top.truncate(20);
        let ids: Vec<String> = top.into_iter().map(|c| c.0).collect();
        let authorities: Vec<String> = ids
            .iter()
            .filter_map(|c| c.split_once('/').map(|p| p.0.to_owned()))
            .collect();
        store.committee_labels(&ids).await?;
        store.authority_labels(&authorities).await?;
        Ok(u64::try_from(total).unwrap_or(0))
    }
}
