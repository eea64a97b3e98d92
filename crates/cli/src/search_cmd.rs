//! The search commands: `search` and `reindex`, and the index update after
//! `ingest` and `reparse`. A thin shell over `minutebook-search`.

use crate::archive_cmd::{DbArg, runtime, with_shared_archive};
use anyhow::{Context, Result};
use clap::ValueEnum;
use minutebook_search::{HitType, Opened, Query, Results, Searcher};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

/// The index's location, shared by the search commands.
#[derive(Debug, Clone, clap::Args)]
pub struct IndexArg {
    /// The search index directory. Default: beside an SQLite archive
    /// (`minutebook.db.search/`); for PostgreSQL, a directory of this
    /// machine's (`~/.local/share/minutebook/search/HOST-PORT-DB`).
    #[arg(long, env = "MINUTEBOOK_INDEX", value_name = "DIR")]
    index: Option<PathBuf>,
}

/// Output formats for `search`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SearchFormat {
    /// Date, committee, item title and snippet, fitted to the terminal.
    Table,
    /// Everything: hits with identifiers, scores and snippet segments, the
    /// total and the facets.
    Json,
}

/// What `--type` accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TypeArg {
    /// Agenda items.
    Item,
    /// Resolutions.
    Resolution,
    /// Actions.
    Action,
}

/// Search the archive: ranked, with filters, snippets and facets.
///
/// The query language: words (all must match), "exact phrases", OR, NOT or
/// -word, prefixes (assess*), (grouping), and fields: title:, person:,
/// committee:, authority:, kind: (item kind) and type: (item, resolution,
/// action). Acronyms of the sector expand both ways (EHCP finds "Education,
/// Health and Care Plan" and "EHC Plan", and the other way round).
/// Committee filters match the committee's identifier or any name it has
/// had. The index is brought up to date with the archive first.
///
/// Examples:
///   minutebook search '"statutory timescales" EHCP'
///   minutebook search 'agency social workers' --committee scrutiny --since 2023-01-01
///   minutebook search 'fostering OR adoption -budget' --format json
///   minutebook search 'person:"June Burns" type:action'
///   minutebook search transport --db postgres://minutebook@db/minutebook --index /var/lib/minutebook/search
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct SearchArgs {
    /// The query (several words are joined with spaces).
    #[arg(required = true, value_name = "QUERY")]
    query: Vec<String>,
    #[command(flatten)]
    db: DbArg,
    #[command(flatten)]
    index: IndexArg,
    /// Committee identifier or any of its names, old or new.
    #[arg(long)]
    committee: Option<String>,
    /// Authority identifier or name.
    #[arg(long)]
    authority: Option<String>,
    /// A person named in the attendance.
    #[arg(long)]
    person: Option<String>,
    /// Meetings on or after this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    since: Option<String>,
    /// Meetings on or before this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    until: Option<String>,
    /// Item kind: apologies, declarations, previous-minutes,
    /// public-participation, substantive, work-programme, exclusion, other.
    #[arg(long)]
    kind: Option<String>,
    /// Only items, resolutions or actions.
    #[arg(long = "type", value_enum, value_name = "TYPE")]
    hit_type: Option<TypeArg>,
    /// Hits to show (at most 100).
    #[arg(long, value_name = "N", default_value_t = 20)]
    limit: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = SearchFormat::Table)]
    format: SearchFormat,
}

/// Rebuild the search index from the archive.
///
/// Searches keep using the old index until the new one is committed. Not
/// needed in normal use (the index follows the archive by itself); useful
/// after restoring an archive from a backup or to compact the index.
///
/// Examples:
///   minutebook reindex
///   minutebook reindex --db postgres://minutebook@db/minutebook --index /var/lib/minutebook/search
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct ReindexArgs {
    #[command(flatten)]
    db: DbArg,
    #[command(flatten)]
    index: IndexArg,
}

fn index_dir(db: &str, index: &IndexArg) -> PathBuf {
    index
        .index
        .clone()
        .unwrap_or_else(|| minutebook_search::index_dir_for(db))
}

/// Opens the archive and its search index (saying on stderr when the index
/// is new or was replaced), runs `work` on them and closes the archive
/// whatever `work` returned (as `with_archive`).
async fn with_searcher<T>(
    db: &str,
    index: &IndexArg,
    work: impl AsyncFnOnce(&Searcher) -> Result<T>,
) -> Result<T> {
    with_shared_archive(db, async move |archive| {
        work(&open_index(archive, db, index).await?).await
    })
    .await
}

/// Opens the search index of `archive` (opened from `db`), saying on
/// stderr when the index is new or was replaced.
pub async fn open_index(
    archive: Arc<dyn minutebook_store::Archive>,
    db: &str,
    index: &IndexArg,
) -> Result<Searcher> {
    let dir = index_dir(db, index);
    let s = Searcher::open(archive, &dir)
        .await
        .with_context(|| format!("opening the search index in {}", dir.display()))?;
    match s.opened() {
        Opened::Existing => {}
        Opened::Created => eprintln!("minutebook: building the search index in {}", dir.display()),
        Opened::Replaced { reason } => eprintln!(
            "minutebook: the search index in {} could not be used ({reason}); rebuilding it",
            dir.display()
        ),
    }
    Ok(s)
}

/// Run `minutebook search`.
pub fn run_search(args: &SearchArgs) -> Result<ExitCode> {
    let mut q = Query::new(args.query.join(" "));
    q.committee.clone_from(&args.committee);
    q.authority.clone_from(&args.authority);
    q.person.clone_from(&args.person);
    q.since.clone_from(&args.since);
    q.until.clone_from(&args.until);
    q.kind.clone_from(&args.kind);
    q.hit_type = args.hit_type.map(|t| match t {
        TypeArg::Item => HitType::Item,
        TypeArg::Resolution => HitType::Resolution,
        TypeArg::Action => HitType::Action,
    });
    q.limit = args.limit;
    let results = runtime()?.block_on(with_searcher(&args.db.db, &args.index, async |s| {
        s.search(&q).await.context("searching")
    }))?;
    let mut out = Vec::new();
    match args.format {
        SearchFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &results)?;
            writeln!(out)?;
        }
        SearchFormat::Table => {
            let ansi = std::io::stdout().is_terminal();
            write_table(&mut out, &results, terminal_width(), ansi)?;
        }
    }
    crate::archive_cmd::emit(&out)
}

/// Run `minutebook reindex`.
pub fn run_reindex(args: &ReindexArgs) -> Result<ExitCode> {
    let started = std::time::Instant::now();
    let done = runtime()?.block_on(with_searcher(&args.db.db, &args.index, async |s| {
        s.reindex().await.context("rebuilding the search index")
    }))?;
    let secs = started.elapsed().as_secs_f64().max(1e-3);
    println!(
        "reindex: {} meetings in {secs:.1}s ({:.0} meetings/s)",
        done.meetings,
        done.meetings as f64 / secs
    );
    Ok(ExitCode::SUCCESS)
}

/// After `ingest` or `reparse`: brings the search index (`MINUTEBOOK_INDEX`
/// or the default) up to date, if the archive is SQLite (whose index lives
/// beside it) or this machine has an index for it. Failure is reported but
/// not fatal: the next search catches up anyway. Blocking, with a runtime
/// of its own, so that it can run on a thread beside the tracker's update.
pub fn update_after_write(db: &str) {
    let index = IndexArg {
        index: std::env::var_os("MINUTEBOOK_INDEX").map(PathBuf::from),
    };
    if minutebook_search::beside_sqlite(db).is_none() && !index_dir(db, &index).exists() {
        return;
    }
    let result = runtime().and_then(|rt| {
        rt.block_on(with_searcher(db, &index, async |s| {
            s.update().await.context("updating the search index")
        }))
    });
    match result {
        Ok(u) if u.meetings > 0 => eprintln!("search index: {} meetings updated", u.meetings),
        Ok(_) => {}
        Err(e) => eprintln!("minutebook: {e:#} (the next search will catch up)"),
    }
}

fn terminal_width() -> usize {
    console::Term::stdout()
        .size_checked()
        .map(|(_, w)| usize::from(w))
        .or_else(|| std::env::var("COLUMNS").ok()?.parse().ok())
        .unwrap_or(100)
        .max(60)
}

/// `s` cut to `width` characters (with "…" when cut), padded to it.
fn cell(s: &str, width: usize) -> String {
    let clean: String = s.chars().filter(|c| !c.is_control()).collect();
    if clean.chars().count() <= width {
        format!("{clean:<width$}")
    } else {
        let cut: String = clean.chars().take(width.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

fn write_table(out: &mut impl Write, r: &Results, width: usize, ansi: bool) -> Result<()> {
    let shown = r.hits.len();
    writeln!(out, "{} matches (showing {shown})", r.total)?;
    if shown == 0 {
        return Ok(());
    }
    // date | committee | title | snippet, the snippet taking what is left.
    let (date_w, committee_w, title_w) = (10, (width / 5).clamp(12, 30), (width / 4).clamp(14, 40));
    let snippet_w = width.saturating_sub(date_w + committee_w + title_w + 6);
    for h in &r.hits {
        let title = match h.hit_type {
            HitType::Item => h.item_title.clone(),
            HitType::Resolution => format!("{} (resolution)", h.item_title),
            HitType::Action => format!("{} (action)", h.item_title),
        };
        let snippet = fit_snippet(&h.snippet, snippet_w, ansi);
        writeln!(
            out,
            "{}  {}  {}  {snippet}",
            cell(h.date.as_deref().unwrap_or("undated"), date_w),
            cell(&h.committee, committee_w),
            cell(&title, title_w),
        )?;
    }
    let facet = |name: &str, v: &[minutebook_search::FacetCount]| {
        let parts: Vec<String> = v
            .iter()
            .take(5)
            .map(|f| format!("{} ({})", f.label, f.count))
            .collect();
        format!("{name}: {}", parts.join(", "))
    };
    writeln!(out)?;
    for line in [
        facet("authorities", &r.facets.authority),
        facet("committees", &r.facets.committee),
        facet("years", &r.facets.year),
    ] {
        writeln!(out, "{}", cell(&line, width).trim_end())?;
    }
    Ok(())
}

/// The snippet cut to `width` visible characters, highlights marked.
fn fit_snippet(s: &minutebook_search::Snippet, width: usize, ansi: bool) -> String {
    let mut left = width;
    let mut segments = Vec::new();
    for seg in &s.segments {
        // Brackets take room on a plain terminal; bold does not.
        let marks = if seg.highlighted && !ansi { 2 } else { 0 };
        let len = seg.text.chars().count();
        let text = if len + marks <= left {
            left -= len + marks;
            seg.text.clone()
        } else {
            let room = left.saturating_sub(marks);
            left = 0;
            if room == 0 {
                break;
            }
            seg.text.chars().take(room - 1).collect::<String>() + "…"
        };
        segments.push(minutebook_search::Segment {
            text,
            highlighted: seg.highlighted,
        });
        if left == 0 {
            break;
        }
    }
    minutebook_search::Snippet { segments }.render_plain(ansi)
}

#[cfg(test)]
mod tests {
    use super::*;
    use minutebook_search::{Facets, Hit, Segment, Snippet};

    fn hit(title: &str, snippet: &str) -> Hit {
        Hit {
            hit_type: HitType::Item,
            score: 1.0,
            meeting_id: "a/b/2024-01-01".into(),
            item_id: "a/b/2024-01-01/1".into(),
            resolution_id: None,
            action_id: None,
            date: Some("2024-01-01".into()),
            committee: "Children and Young People Overview and Scrutiny Committee".into(),
            committee_id: "a/b".into(),
            authority: "A".into(),
            authority_id: "a".into(),
            item_title: title.into(),
            snippet: Snippet {
                segments: vec![
                    Segment {
                        text: snippet.into(),
                        highlighted: false,
                    },
                    Segment {
                        text: "timescales".into(),
                        highlighted: true,
                    },
                    Segment {
                        text: " \u{1b}[31m and more text ".repeat(20),
                        highlighted: false,
                    },
                ],
            },
        }
    }

    #[test]
    fn the_table_fits_the_terminal() {
        let results = Results {
            hits: vec![
                hit(&"Long title ".repeat(10), "statutory "),
                hit("Short", "x "),
            ],
            total: 2,
            facets: Facets::default(),
        };
        for width in [60, 80, 120, 200] {
            let mut out = Vec::new();
            write_table(&mut out, &results, width, false).expect("table");
            let text = String::from_utf8(out).expect("utf-8");
            for line in text.lines() {
                assert!(line.chars().count() <= width, "{width}: {line:?}");
                assert!(!line.contains('\u{1b}'), "{line:?}");
            }
            assert!(text.contains("[timescales]"));
        }
    }
}
