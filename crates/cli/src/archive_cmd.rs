//! The archive commands: `ingest`, `reparse`, `list` and `show`.
//!
//! A thin shell over `minutebook-ingest` and the store crates: arguments,
//! the progress bar (or plain log lines when stderr is not a terminal), and
//! output formats.

use anyhow::{Context, Result, bail};
use clap::ValueEnum;
use indicatif::{ProgressBar, ProgressStyle};
use minutebook_ingest::{AuthorityHint, Event, FileResult, Summary};
use minutebook_store::{Archive, ListFilter, Store, StoredMeeting};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The archive's location, shared by every archive command.
#[derive(Debug, Clone, clap::Args)]
pub struct DbArg {
    /// The archive: a file path or `sqlite:PATH` (SQLite, created if
    /// missing), or `postgres://USER@HOST:PORT/DBNAME` (PostgreSQL).
    #[arg(
        long,
        env = "MINUTEBOOK_DB",
        default_value = "minutebook.db",
        value_name = "URL",
        global = true
    )]
    pub(crate) db: String,
}

/// Store minutes documents in the archive.
///
/// Each PATH may be a file, a directory (searched recursively for .txt,
/// .html, .htm, .xhtml and .pdf files) or a glob pattern (quote it). Parsing
/// runs on all cores; documents are written in batches, one transaction
/// each, so an interrupted ingest can simply be run again. The same bytes
/// again change nothing; new bytes for a stored meeting (same authority,
/// committee and date) become its current version, and the old one stays.
///
/// Prints a summary (new, updated, unchanged, failed) and every failure
/// with its reason; the exit status is 1 if any document failed.
///
/// Examples:
///   minutebook ingest minutes/
///   minutebook ingest --db postgres://minutebook@db.example/minutebook 'pages/*.html'
///   minutebook ingest --authority-from-dir synth-out/
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct IngestArgs {
    /// Files, directories and glob patterns.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    db: DbArg,
    /// Authority of documents that do not name theirs.
    #[arg(long, value_name = "NAME", conflicts_with = "authority_from_dir")]
    authority: Option<String>,
    /// Take the authority of documents that do not name theirs from the
    /// first directory below each directory given (`DIR/<authority>/…`).
    #[arg(long)]
    authority_from_dir: bool,
    /// Documents per transaction.
    #[arg(long, value_name = "N", default_value_t = 500)]
    batch_size: usize,
    /// Parser threads (default: one per core).
    #[arg(long, value_name = "N", default_value_t = 0)]
    threads: usize,
    /// Refuse documents larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = 50 * 1024 * 1024)]
    max_bytes: usize,
}

/// Re-parse the stored originals with this version of the parser.
///
/// Needs no original files: the archive keeps every document's bytes.
/// Identifiers are kept. By default only documents last read by another
/// parser version are re-parsed.
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct ReparseArgs {
    #[command(flatten)]
    db: DbArg,
    /// Re-parse every stored document.
    #[arg(long)]
    all: bool,
    /// Parser threads (default: one per core).
    #[arg(long, value_name = "N", default_value_t = 0)]
    threads: usize,
}

/// What to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListWhat {
    /// Committees, with their names over time.
    Committees,
    /// Meetings, newest first.
    Meetings,
    /// People recorded at meetings.
    People,
}

/// Output formats for `list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// Aligned columns.
    Table,
    /// A JSON array.
    Json,
    /// CSV with a header row.
    Csv,
}

/// List committees, meetings or people in the archive.
///
/// Text filters match case-insensitively anywhere in a name or identifier.
///
/// Examples:
///   minutebook list committees --authority staffordshire
///   minutebook list meetings --committee audit --from 2024-01-01 --format csv
///   minutebook list people --person burns --format json
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct ListArgs {
    /// committees, meetings or people.
    #[arg(value_enum)]
    what: ListWhat,
    #[command(flatten)]
    db: DbArg,
    /// Authority identifier or name.
    #[arg(long)]
    authority: Option<String>,
    /// Committee identifier or name.
    #[arg(long)]
    committee: Option<String>,
    /// Person's name (meetings they attended; people so named).
    #[arg(long)]
    person: Option<String>,
    /// Meetings on or after this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    from: Option<String>,
    /// Meetings on or before this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    to: Option<String>,
    /// At most this many rows.
    #[arg(long, value_name = "N")]
    limit: Option<u32>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    format: ListFormat,
}

/// Output formats for `show`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    /// A readable summary with identifiers and versions.
    Text,
    /// The meeting record (minutebook.meeting/1).
    Json,
}

/// Show one meeting from the archive.
///
/// MEETING_ID is as `list meetings` prints it, e.g.
/// `staffordshire-county-council/audit-committee/2024-06-13`.
/// With --version, shows that stored version (re-read from its original by
/// this parser) instead of the current one.
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct ShowArgs {
    /// The meeting's identifier.
    #[arg(value_name = "MEETING_ID")]
    id: String,
    #[command(flatten)]
    db: DbArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
    format: ShowFormat,
    /// Show this version (1 = the first stored).
    #[arg(long, value_name = "N")]
    version: Option<i64>,
}

pub(crate) fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")
}

/// Opens the archive named by `url` (SQLite or PostgreSQL).
pub(crate) async fn open(url: &str) -> Result<Box<dyn Archive>> {
    if minutebook_store_postgres::accepts(url) {
        let store = minutebook_store_postgres::open(url)
            .await
            .with_context(|| {
                format!(
                    "opening the archive at {}",
                    minutebook_store_postgres::redact(url)
                )
            })?;
        Ok(Box::new(store))
    } else if minutebook_store_sqlite::accepts(url) {
        let store = minutebook_store_sqlite::open(url)
            .await
            .with_context(|| format!("opening the archive at {url}"))?;
        Ok(Box::new(store))
    } else {
        bail!("--db {url:?}: expected a file path, sqlite:PATH or postgres://…")
    }
}

/// Opens the archive named by `url`, runs `work` on it and closes it
/// whatever `work` returned, so that SQLite folds its write-ahead log into
/// the file before the process ends (see `Store::close`).
pub(crate) async fn with_archive<T>(
    url: &str,
    work: impl AsyncFnOnce(&dyn Archive) -> Result<T>,
) -> Result<T> {
    with_shared_archive(url, async move |archive| work(archive.as_ref()).await).await
}

/// As [`with_archive`], for work that keeps the archive beside other owners
/// (a search index, a server).
pub(crate) async fn with_shared_archive<T>(
    url: &str,
    work: impl AsyncFnOnce(Arc<dyn Archive>) -> Result<T>,
) -> Result<T> {
    let archive: Arc<dyn Archive> = Arc::from(open(url).await?);
    let result = work(archive.clone()).await;
    archive.close().await;
    result
}

// ------------------------------------------------------------------ progress

/// Shows progress: a bar on a terminal, else a log line every few seconds.
struct Progress {
    bar: Option<ProgressBar>,
    started: Instant,
    last_log: Instant,
    verb: &'static str,
    total: usize,
    done: usize,
    meetings: usize,
    failed: usize,
}

impl Progress {
    fn new(verb: &'static str) -> Self {
        Self {
            bar: None,
            started: Instant::now(),
            last_log: Instant::now(),
            verb,
            total: 0,
            done: 0,
            meetings: 0,
            failed: 0,
        }
    }

    fn rate(&self) -> f64 {
        let secs = self.started.elapsed().as_secs_f64().max(1e-3);
        self.meetings as f64 / secs
    }

    fn event(&mut self, e: Event<'_>) {
        match e {
            Event::Started { total } => self.start(total),
            Event::Done { result, .. } => {
                self.done += 1;
                match result {
                    FileResult::Stored { .. } => self.meetings += 1,
                    FileResult::Failed(_) => self.failed += 1,
                }
                self.tick();
            }
        }
    }

    fn start(&mut self, total: usize) {
        self.total = total;
        self.started = Instant::now();
        if std::io::stderr().is_terminal() {
            let bar = ProgressBar::new(total as u64);
            let style = ProgressStyle::with_template(
                "{spinner} {msg} [{bar:30}] {pos}/{len} files, {elapsed_precise} (eta {eta})",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
            bar.set_style(style);
            bar.enable_steady_tick(Duration::from_millis(200));
            self.bar = Some(bar);
        } else {
            eprintln!("{}: {total} documents", self.verb);
        }
    }

    fn tick(&mut self) {
        let msg = format!("{:.0} meetings/s, {} errors", self.rate(), self.failed);
        if let Some(bar) = &self.bar {
            bar.set_position(self.done as u64);
            bar.set_message(msg);
        } else if self.last_log.elapsed() >= Duration::from_secs(5) || self.done == self.total {
            self.last_log = Instant::now();
            eprintln!("{}: {}/{} files, {msg}", self.verb, self.done, self.total);
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

fn print_summary(verb: &str, s: &Summary, elapsed: Duration) -> Result<ExitCode> {
    let secs = elapsed.as_secs_f64().max(1e-3);
    let done = s.total() - s.failed.len();
    let counts = if verb == "reparse" {
        format!("{} re-parsed, {} failed", s.updated, s.failed.len())
    } else {
        format!(
            "{} new, {} updated, {} unchanged, {} failed",
            s.new,
            s.updated,
            s.unchanged,
            s.failed.len()
        )
    };
    println!(
        "{verb}: {counts} in {secs:.1}s ({:.0} meetings/s)",
        done as f64 / secs
    );
    std::io::stdout().flush()?;
    for f in &s.failed {
        eprintln!("{}: {}", f.path.display(), f.reason);
    }
    Ok(if s.failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

// -------------------------------------------------------------------- ingest

/// Run `minutebook ingest`.
pub fn run_ingest(args: &IngestArgs) -> Result<ExitCode> {
    let (inputs, failures) = minutebook_ingest::collect(&args.paths);
    let mut opts = minutebook_ingest::Options {
        batch_size: args.batch_size.max(1),
        threads: args.threads,
        ..minutebook_ingest::Options::default()
    };
    opts.limits.max_bytes = args.max_bytes;
    opts.authority = match (&args.authority, args.authority_from_dir) {
        (Some(a), _) => AuthorityHint::Fixed(a.clone()),
        (None, true) => AuthorityHint::FromDirectory,
        (None, false) => AuthorityHint::None,
    };
    let started = Instant::now();
    let mut progress = Progress::new("ingest");
    let summary = runtime()?.block_on(with_archive(&args.db.db, async |store| {
        let mut on_event = |e: Event<'_>| progress.event(e);
        let written = minutebook_ingest::ingest(store, inputs, &opts, &mut on_event)
            .await
            .context("ingesting");
        progress.finish();
        finish_write(store, &args.db.db, written).await
    }));
    progress.finish(); // if opening the archive failed
    let mut summary = summary?;
    summary.failed.extend(failures);
    print_summary("ingest", &summary, started.elapsed())
}

/// After an ingest or a reparse (`written`): if it succeeded, brings the
/// tracker and the search index up to date side by side. The two updates
/// read the same meetings and write different things (the tracker its
/// tables, the index its directory and cursor), so on two cores the pair
/// takes about as long as the longer of the two.
async fn finish_write(store: &dyn Archive, db: &str, written: Result<Summary>) -> Result<Summary> {
    let summary = written?;
    update_derived(store, db).await?;
    Ok(summary)
}

async fn update_derived(store: &dyn Archive, db: &str) -> Result<()> {
    let db = db.to_owned();
    let search = std::thread::Builder::new()
        .name("search-index".into())
        .spawn(move || crate::search_cmd::update_after_write(&db))
        .context("starting the search index's update")?;
    let tracked = crate::track_cmd::refresh(store).await;
    // The update reports its own failures (not fatal: the next search
    // catches up); a panic is a bug, and says so in the exit status.
    let searched = search.join().map_err(|_| {
        anyhow::anyhow!("the search index's update panicked (the next search will catch up)")
    });
    tracked.and(searched)
}

// ------------------------------------------------------------------- reparse

/// Run `minutebook reparse`.
pub fn run_reparse(args: &ReparseArgs) -> Result<ExitCode> {
    let opts = minutebook_ingest::ReparseOptions {
        all: args.all,
        threads: args.threads,
        ..minutebook_ingest::ReparseOptions::default()
    };
    let started = Instant::now();
    let mut progress = Progress::new("reparse");
    let summary = runtime()?.block_on(with_archive(&args.db.db, async |store| {
        let mut on_event = |e: Event<'_>| progress.event(e);
        let written = minutebook_ingest::reparse(store, &opts, &mut on_event)
            .await
            .context("re-parsing");
        progress.finish();
        finish_write(store, &args.db.db, written).await
    }));
    progress.finish(); // if opening the archive failed
    let summary = summary?;
    print_summary("reparse", &summary, started.elapsed())
}

// ---------------------------------------------------------------------- list

/// Run `minutebook list`.
pub fn run_list(args: &ListArgs) -> Result<ExitCode> {
    let filter = ListFilter {
        authority: args.authority.clone(),
        committee: args.committee.clone(),
        person: args.person.clone(),
        from: args.from.clone(),
        to: args.to.clone(),
        limit: args.limit,
    };
    let (header, rows, json) = runtime()?.block_on(with_archive(&args.db.db, async |store| {
        list_rows(store, args.what, &filter).await
    }))?;
    let mut out = Vec::new();
    match args.format {
        ListFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &json)?;
            writeln!(out)?;
        }
        ListFormat::Csv => {
            for row in std::iter::once(&header).chain(&rows) {
                let cells: Vec<String> = row.iter().map(|c| csv_cell(c)).collect();
                writeln!(out, "{}", cells.join(","))?;
            }
        }
        ListFormat::Table => write_table(&mut out, &header, &rows)?,
    }
    emit(&out)
}

/// Writes `bytes` to stdout; a reader that went away (`| head`) is fine.
pub(crate) fn emit(bytes: &[u8]) -> Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(ExitCode::SUCCESS),
    }
}

type Listing = (Vec<String>, Vec<Vec<String>>, serde_json::Value);

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

async fn list_rows(store: &dyn Store, what: ListWhat, f: &ListFilter) -> Result<Listing> {
    let strings = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    Ok(match what {
        ListWhat::Committees => {
            let list = store.committees(f).await?;
            let rows = list
                .iter()
                .map(|c| {
                    vec![
                        c.id.clone(),
                        c.name.clone(),
                        c.meetings.to_string(),
                        opt(&c.first_date),
                        opt(&c.last_date),
                        c.names.join("; "),
                    ]
                })
                .collect();
            let header = strings(&["id", "name", "meetings", "first", "last", "names"]);
            (header, rows, serde_json::to_value(&list)?)
        }
        ListWhat::Meetings => {
            let list = store.meetings(f).await?;
            let rows = list
                .iter()
                .map(|m| {
                    let status = m
                        .minutes_status
                        .as_ref()
                        .and_then(minutebook_store::rows::enum_name);
                    vec![
                        m.id.clone(),
                        opt(&m.date),
                        opt(&m.committee),
                        status.unwrap_or_default(),
                        m.items.to_string(),
                        m.versions.to_string(),
                    ]
                })
                .collect();
            let header = strings(&["id", "date", "committee", "status", "items", "versions"]);
            (header, rows, serde_json::to_value(&list)?)
        }
        ListWhat::People => {
            let list = store.people(f).await?;
            let rows = list
                .iter()
                .map(|p| {
                    vec![
                        p.id.clone(),
                        p.name.clone(),
                        p.meetings.to_string(),
                        opt(&p.first_date),
                        opt(&p.last_date),
                    ]
                })
                .collect();
            let header = strings(&["id", "name", "meetings", "first", "last"]);
            (header, rows, serde_json::to_value(&list)?)
        }
    })
}

/// A CSV field, quoted when it needs to be (RFC 4180).
fn csv_cell(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

pub(crate) fn write_table(
    out: &mut impl Write,
    header: &[String],
    rows: &[Vec<String>],
) -> Result<()> {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    for row in std::iter::once(header).chain(rows.iter().map(Vec::as_slice)) {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        writeln!(out, "{}", cells.join("  ").trim_end())?;
    }
    Ok(())
}

// ---------------------------------------------------------------------- show

/// Run `minutebook show`.
pub fn run_show(args: &ShowArgs) -> Result<ExitCode> {
    let found = runtime()?.block_on(with_archive(&args.db.db, async |store| {
        let Some(mut stored) = store.meeting(&args.id).await? else {
            return Ok(None);
        };
        if let Some(n) = args.version {
            stored.meeting = version_record(store, &stored, n).await?;
        }
        anyhow::Ok(Some(stored))
    }))?;
    let Some(stored) = found else {
        eprintln!("minutebook: no meeting {:?} in the archive", args.id);
        return Ok(ExitCode::FAILURE);
    };
    let out = match args.format {
        ShowFormat::Json => {
            let mut json = serde_json::to_vec_pretty(&stored.meeting)?;
            json.push(b'\n');
            json
        }
        ShowFormat::Text => show_text(&stored).into_bytes(),
    };
    emit(&out)
}

/// The record of stored version `n`, re-read from its original.
async fn version_record(
    store: &dyn Store,
    stored: &StoredMeeting,
    n: i64,
) -> Result<minutebook_record::Meeting> {
    let v = stored
        .versions
        .iter()
        .find(|v| v.version == n)
        .with_context(|| format!("{} has no version {n}", stored.id))?;
    let bytes = store
        .original(&v.sha256)
        .await?
        .with_context(|| format!("the original of version {n} is missing"))?;
    let mut limits = minutebook_parse::Limits::default();
    limits.max_bytes = limits.max_bytes.max(bytes.len());
    let opts = minutebook_parse::Options {
        limits,
        path: v.path.clone(),
    };
    let mut meeting = minutebook_parse::parse_bytes(&bytes, &opts)
        .with_context(|| format!("parsing version {n}"))?;
    if meeting.authority.is_none() {
        meeting.authority.clone_from(&stored.meeting.authority);
    }
    Ok(meeting)
}

fn show_text(s: &StoredMeeting) -> String {
    use std::fmt::Write as _;
    let mut t = format!("{}\n\n", s.id);
    t.push_str(&crate::summary::summary(&s.meeting));
    t.push_str("\nIdentifiers:\n");
    for (item, ids) in s.meeting.items.iter().zip(&s.ids.items) {
        let _ = writeln!(t, "  {}  {}", ids.id, item.title);
        for r in &ids.resolutions {
            let _ = writeln!(t, "    {r}");
        }
        for a in &ids.actions {
            let _ = writeln!(t, "    {a}");
        }
    }
    t.push_str("\nVersions:\n");
    for v in &s.versions {
        let status = v
            .minutes_status
            .as_ref()
            .and_then(minutebook_store::rows::enum_name)
            .unwrap_or_default();
        let _ = writeln!(
            t,
            "  {}{} {} {} sha256:{} {}",
            v.version,
            if v.current { "*" } else { " " },
            v.ingested_at,
            status,
            v.sha256,
            v.path.as_deref().unwrap_or("")
        );
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_quoted_when_needed() {
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell("a, b"), "\"a, b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
