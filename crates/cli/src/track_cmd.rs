//! The tracker commands: `actions`, `action`, `committees` and
//! `work-programme`. A thin shell over `minutebook-track`: every command
//! first brings the tracker up to date with the archive (so an interrupted
//! ingest is repaired), then reads or writes.

use crate::archive_cmd::{DbArg, ListFormat, emit, runtime, with_archive, write_table};
use anyhow::{Context, Result, bail};
use clap::{Subcommand, ValueEnum};
use minutebook_store::Archive;
use minutebook_store::tracking::{ActionFilter, ActionStatus, TrackedAction};
use minutebook_track::{AliasesFile, export};
use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// Brings the tracker up to date; says so on stderr when it did something.
pub(crate) async fn refresh(archive: &dyn Archive) -> Result<()> {
    let started = std::time::Instant::now();
    let done = minutebook_track::catch_up(archive, today())
        .await
        .context("updating the tracker")?;
    if !done.authorities.is_empty() {
        eprintln!(
            "tracker: {} changed meetings, {} authorities recomputed in {:.1}s",
            done.meetings,
            done.authorities.len(),
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

fn parse_status(s: &str) -> Result<ActionStatus, String> {
    ActionStatus::parse(s).ok_or_else(|| {
        format!("unknown status {s:?} (open, due, overdue, addressed, moved, dropped)")
    })
}

/// List tracked actions and their statuses.
///
/// Statuses: open (not yet due), due (due at a meeting not in the archive),
/// overdue (its due meeting or date has passed and nothing addressed it),
/// addressed, moved (deferred; the chain goes on in another action),
/// dropped. A status set by hand (`minutebook action ID --set-status`) wins
/// and is marked.
///
/// Examples:
///   minutebook actions --status overdue
///   minutebook actions --committee scrutiny --owner director --format json
///   minutebook actions --committee safeguarding --rag > tracker.csv
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct ActionsArgs {
    #[command(flatten)]
    db: DbArg,
    /// Tracker committee: identifier or any of its names (former ones too).
    #[arg(long)]
    committee: Option<String>,
    /// Only these statuses (repeat, or separate with commas).
    #[arg(long, value_delimiter = ',', value_parser = parse_status)]
    status: Vec<ActionStatus>,
    /// Owner (who must act), any part.
    #[arg(long)]
    owner: Option<String>,
    /// Authority identifier, any part.
    #[arg(long)]
    authority: Option<String>,
    /// Raised on or after (YYYY-MM-DD).
    #[arg(long)]
    from: Option<String>,
    /// Raised on or before (YYYY-MM-DD).
    #[arg(long)]
    to: Option<String>,
    /// At most this many.
    #[arg(long)]
    limit: Option<u32>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    format: ListFormat,
    /// CSV in the shape of councils' hand-kept trackers: reference,
    /// committee, meeting date, minute, action, officer, due, RAG, status,
    /// update.
    #[arg(long, conflicts_with = "format")]
    rag: bool,
}

async fn committee_names(archive: &dyn Archive) -> Result<HashMap<String, String>> {
    let rows = archive.tracker_committees(&Default::default()).await?;
    Ok(rows
        .into_iter()
        .filter(|c| c.committee_id == c.group_id)
        .map(|c| (c.group_id, c.name))
        .collect())
}

/// Run `minutebook actions`.
pub fn run_actions(args: &ActionsArgs) -> Result<ExitCode> {
    let filter = ActionFilter {
        authority: args.authority.clone(),
        committee: args.committee.clone(),
        statuses: args.status.clone(),
        owner: args.owner.clone(),
        from: args.from.clone(),
        to: args.to.clone(),
        limit: args.limit,
        ..ActionFilter::default()
    };
    let (actions, names) = runtime()?.block_on(with_archive(&args.db.db, async |archive| {
        refresh(archive).await?;
        let actions = archive.actions(&filter).await?;
        anyhow::Ok((actions, committee_names(archive).await?))
    }))?;
    let out = if args.rag {
        export::rag_csv(&actions, &names).into_bytes()
    } else {
        match args.format {
            ListFormat::Csv => export::csv(&actions, &names).into_bytes(),
            ListFormat::Json => {
                let mut v = serde_json::to_vec_pretty(&actions)?;
                v.push(b'\n');
                v
            }
            ListFormat::Table => actions_table(&actions)?,
        }
    };
    emit(&out)
}

fn actions_table(actions: &[TrackedAction]) -> Result<Vec<u8>> {
    let header = [
        "reference",
        "status",
        "raised",
        "minute",
        "due",
        "action",
        "id",
    ]
    .map(str::to_owned);
    let rows: Vec<Vec<String>> = actions
        .iter()
        .map(|a| {
            let status = if a.manual {
                format!("{} (manual)", a.status.as_str())
            } else {
                a.status.as_str().to_owned()
            };
            vec![
                a.reference.clone(),
                status,
                a.raised_date.clone().unwrap_or_default(),
                a.minute.clone().unwrap_or_default(),
                a.due_date
                    .clone()
                    .or_else(|| a.due_text.clone())
                    .unwrap_or_default(),
                short(&a.text, 70),
                a.id.clone(),
            ]
        })
        .collect();
    let mut out = Vec::new();
    write_table(&mut out, &header, &rows)?;
    Ok(out)
}

fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_owned()
    } else {
        format!("{}…", s.chars().take(n - 1).collect::<String>())
    }
}

/// Show one action with its evidence and status history, or set its
/// status by hand.
///
/// A manual status is kept in the audit history with the reason, who and
/// when; it survives recomputation and re-parsing. `--set-status auto`
/// hands the action back to the tracker (also recorded).
///
/// Examples:
///   minutebook action sefton-council/overview-and-scrutiny-committee/2023-01-31/42/a1
///   minutebook action ID --set-status addressed --reason "report circulated by e-mail" --by "J. Clerk"
///   minutebook action ID --set-status auto --reason "e-mail was a draft" --by "J. Clerk"
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct ActionArgs {
    #[command(flatten)]
    db: DbArg,
    /// The action's identifier (see `minutebook actions`).
    id: String,
    /// Set the status by hand: open, due, overdue, addressed, moved,
    /// dropped, or auto (back to the tracker).
    #[arg(long, value_name = "STATUS", requires_all = ["reason", "by"])]
    set_status: Option<String>,
    /// Why (with --set-status).
    #[arg(long)]
    reason: Option<String>,
    /// Who (with --set-status).
    #[arg(long)]
    by: Option<String>,
    /// Output: readable text or JSON.
    #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
    format: ShowFormat,
}

/// Output formats for one thing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    /// Readable text.
    Text,
    /// JSON.
    Json,
}

/// Run `minutebook action`.
pub fn run_action(args: &ActionArgs) -> Result<ExitCode> {
    let status = match args.set_status.as_deref() {
        None => None,
        Some("auto") => Some(None),
        Some(s) => Some(Some(parse_status(s).map_err(anyhow::Error::msg)?)),
    };
    let detail = runtime()?.block_on(with_archive(&args.db.db, async |archive| {
        refresh(archive).await?;
        if let Some(status) = status {
            minutebook_track::set_status(
                archive,
                &args.id,
                status,
                args.reason.as_deref().unwrap_or(""),
                args.by.as_deref().unwrap_or(""),
            )
            .await?;
        }
        anyhow::Ok(archive.action(&args.id).await?)
    }))?;
    let Some(d) = detail else {
        bail!(
            "no action {:?} in the archive (see `minutebook actions`)",
            args.id
        );
    };
    let out = match args.format {
        ShowFormat::Json => {
            let mut v = serde_json::to_vec_pretty(&d)?;
            v.push(b'\n');
            v
        }
        ShowFormat::Text => action_text(&d).into_bytes(),
    };
    emit(&out)
}

fn action_text(d: &minutebook_store::tracking::ActionDetail) -> String {
    let a = &d.action;
    let mut s = String::new();
    let (rag, words) = export::rag(a.status);
    let manual = if a.manual { " (set by hand)" } else { "" };
    s.push_str(&format!("{}  {}\n", a.reference, a.id));
    s.push_str(&format!(
        "status: {}{manual} — {} ({words})\n",
        a.status.as_str(),
        rag.as_str()
    ));
    if a.manual {
        s.push_str(&format!(
            "tracker's status: {}\n",
            a.computed_status.as_str()
        ));
    }
    s.push_str(&format!(
        "raised: {} minute {}\n",
        a.raised_date.as_deref().unwrap_or("undated"),
        a.minute.as_deref().unwrap_or("-")
    ));
    s.push_str(&format!("action: {}\n", a.text));
    if let Some(o) = &a.owner {
        s.push_str(&format!("owner: {o}\n"));
    }
    if let Some(t) = &a.due_text {
        s.push_str(&format!("due: {t}\n"));
    }
    if let Some(x) = &a.summary {
        s.push_str(&format!("why: {x}\n"));
    }
    if !d.links.is_empty() {
        s.push_str("evidence:\n");
        for l in &d.links {
            let conf = l.confidence.map(|c| format!(" [{c}%]")).unwrap_or_default();
            let at = l
                .item_id
                .clone()
                .or_else(|| l.meeting_id.clone())
                .or_else(|| l.date.clone())
                .unwrap_or_default();
            s.push_str(&format!("  {}{conf} {at}: {}\n", l.kind, l.evidence));
        }
    }
    if !d.history.is_empty() {
        s.push_str("history:\n");
        for e in &d.history {
            let status = e
                .status
                .map_or("auto (back to the tracker)", |x| x.as_str());
            let who = match (&e.by, &e.reason) {
                (Some(b), Some(r)) => format!(" by {b}: {r}"),
                _ => e
                    .evidence
                    .as_ref()
                    .map(|x| format!(": {x}"))
                    .unwrap_or_default(),
            };
            s.push_str(&format!("  {} {} {status}{who}\n", e.at, e.source));
        }
    }
    s
}

/// Committee identity: which archive committees are one committee.
///
/// The tracker links a committee to its former names by itself (successive
/// dates and the new committee approving the old one's minutes, or similar
/// names and members). These commands correct it; decisions are kept and
/// applied on every recomputation, later ones winning.
///
/// Examples:
///   minutebook committees list --authority staffordshire
///   minutebook committees merge northshire-council/scrutiny-panel northshire-council/scrutiny-committee --reason "renamed"
///   minutebook committees split northshire-council/audit-committee northshire-council/audit-and-risk-committee
///   minutebook committees alias northshire-council/scrutiny-committee "Overview and Scrutiny Board"
///   minutebook committees export > aliases.toml; minutebook committees load aliases.toml
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct CommitteesArgs {
    #[command(flatten)]
    db: DbArg,
    #[command(subcommand)]
    what: CommitteesCommand,
}

/// What to do with committees.
#[derive(Debug, Subcommand)]
pub enum CommitteesCommand {
    /// Tracker committees and the archive committees (former names) in each.
    List {
        /// Authority identifier, any part.
        #[arg(long)]
        authority: Option<String>,
        /// Committee identifier or name, any part.
        #[arg(long)]
        committee: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
    },
    /// Make two archive committees one.
    Merge(PairArgs),
    /// Keep two archive committees apart, whatever their names.
    Split(PairArgs),
    /// Another name a committee is known by (meetings filed under that name
    /// join it).
    Alias {
        /// The archive committee (authority/committee).
        committee: String,
        /// The other name.
        name: String,
        /// Why.
        #[arg(long)]
        reason: Option<String>,
        /// Who.
        #[arg(long)]
        by: Option<String>,
    },
    /// Apply an aliases file (TOML: [[merge]], [[split]], [[alias]]).
    Load {
        /// The file.
        file: PathBuf,
        /// Who.
        #[arg(long)]
        by: Option<String>,
    },
    /// Print the decisions so far as an aliases file.
    Export,
}

/// Two archive committees, and who decided why.
#[derive(Debug, clap::Args)]
pub struct PairArgs {
    /// An archive committee (authority/committee).
    a: String,
    /// The other.
    b: String,
    /// Why.
    #[arg(long)]
    reason: Option<String>,
    /// Who.
    #[arg(long)]
    by: Option<String>,
}

/// The largest aliases file read.
const MAX_ALIASES_BYTES: u64 = 1024 * 1024;

/// Run `minutebook committees`.
pub fn run_committees(args: &CommitteesArgs) -> Result<ExitCode> {
    let file = match &args.what {
        CommitteesCommand::Load { file, .. } => {
            let size = std::fs::metadata(file)
                .with_context(|| format!("reading {}", file.display()))?
                .len();
            if size > MAX_ALIASES_BYTES {
                bail!(
                    "{}: {size} bytes, over the limit of {MAX_ALIASES_BYTES} for an aliases file",
                    file.display()
                );
            }
            let text = std::fs::read_to_string(file)
                .with_context(|| format!("reading {}", file.display()))?;
            Some(AliasesFile::parse(&text).with_context(|| format!("{}", file.display()))?)
        }
        _ => None,
    };
    let out = runtime()?.block_on(with_archive(&args.db.db, async |archive| {
        let a = archive;
        refresh(a).await?;
        let decide = |kind: &'static str,
                      x: String,
                      y: String,
                      by: Option<String>,
                      why: Option<String>| async move {
            minutebook_track::decide_committees(
                a,
                kind,
                &x,
                &y,
                by.as_deref(),
                why.as_deref(),
                today(),
            )
            .await?;
            anyhow::Ok(format!("{kind}: {x} {y}\n").into_bytes())
        };
        match &args.what {
            CommitteesCommand::List {
                authority,
                committee,
                format,
            } => {
                let filter = minutebook_store::ListFilter {
                    authority: authority.clone(),
                    committee: committee.clone(),
                    ..Default::default()
                };
                let rows = a.tracker_committees(&filter).await?;
                Ok(match format {
                    ShowFormat::Json => serde_json::to_vec_pretty(&rows)?,
                    ShowFormat::Text => committees_text(&rows).into_bytes(),
                })
            }
            CommitteesCommand::Merge(p) => {
                decide(
                    "merge",
                    p.a.clone(),
                    p.b.clone(),
                    p.by.clone(),
                    p.reason.clone(),
                )
                .await
            }
            CommitteesCommand::Split(p) => {
                decide(
                    "split",
                    p.a.clone(),
                    p.b.clone(),
                    p.by.clone(),
                    p.reason.clone(),
                )
                .await
            }
            CommitteesCommand::Alias {
                committee,
                name,
                reason,
                by,
            } => {
                decide(
                    "alias",
                    committee.clone(),
                    name.clone(),
                    by.clone(),
                    reason.clone(),
                )
                .await
            }
            CommitteesCommand::Load { by, .. } => {
                let file = file.unwrap_or_default();
                let n = minutebook_track::load_aliases(a, &file, by.as_deref(), today()).await?;
                Ok(format!("{n} decisions applied\n").into_bytes())
            }
            CommitteesCommand::Export => {
                let d = a.committee_decisions(None).await?;
                Ok(AliasesFile::from_decisions(&d).to_toml().into_bytes())
            }
        }
    }))?;
    emit(&out)
}

fn committees_text(rows: &[minutebook_store::tracking::TrackerCommittee]) -> String {
    let mut s = String::new();
    let mut last = "";
    for r in rows {
        if r.group_id != last {
            s.push_str(&format!("{}\n", r.group_id));
            last = &r.group_id;
        }
        let dates = format!(
            "{} – {}",
            r.first_date.as_deref().unwrap_or("?"),
            r.last_date.as_deref().unwrap_or("?")
        );
        let why = r
            .evidence
            .as_ref()
            .map(|e| format!(": {e}"))
            .unwrap_or_default();
        s.push_str(&format!("  {} ({dates}) {}{why}\n", r.name, r.how));
    }
    s
}

/// A committee's work programme: what was due at each meeting (held, not in
/// the archive, or still to come) and whether it arrived.
///
/// Examples:
///   minutebook work-programme --committee staffordshire-county-council/safeguarding-and-education-overview-and-scrutiny-committee
///   minutebook work-programme --committee "audit" --format json
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct WorkProgrammeArgs {
    #[command(flatten)]
    db: DbArg,
    /// Tracker or archive committee identifier, or a name (any part; it
    /// must pick one committee).
    #[arg(long)]
    committee: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
    format: ShowFormat,
}

/// Run `minutebook work-programme`.
pub fn run_work_programme(args: &WorkProgrammeArgs) -> Result<ExitCode> {
    let rows = runtime()?.block_on(with_archive(&args.db.db, async |archive| {
        refresh(archive).await?;
        let filter = minutebook_store::ListFilter {
            committee: Some(args.committee.clone()),
            ..Default::default()
        };
        let mut groups: Vec<String> = archive
            .tracker_committees(&filter)
            .await?
            .into_iter()
            .map(|c| c.group_id)
            .collect();
        groups.dedup();
        match groups.as_slice() {
            [one] => anyhow::Ok(archive.work_programme(one).await?),
            [] => bail!(
                "no committee matches {:?} (see `minutebook committees list`)",
                args.committee
            ),
            many => bail!(
                "{:?} matches {} committees: {}",
                args.committee,
                many.len(),
                many.join(", ")
            ),
        }
    }))?;
    let out = match args.format {
        ShowFormat::Json => serde_json::to_vec_pretty(&rows)?,
        ShowFormat::Text => {
            let header = ["meeting", "state", "outcome", "action"].map(str::to_owned);
            let body: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    vec![
                        r.label.clone(),
                        r.state.clone(),
                        r.outcome.clone(),
                        r.action_id.clone(),
                    ]
                })
                .collect();
            let mut out = Vec::new();
            write_table(&mut out, &header, &body)?;
            out
        }
    };
    emit(&out)
}

/// Measure the tracker against synthetic truth and print the figures.
///
/// Without --db: the generator's own records. With --db: the archive's
/// actions (ingest `minutebook synth --formats pdf-text` output with
/// --authority-from-dir first, with the same --councils/--years/--seed).
#[derive(Debug, clap::Args)]
pub struct EvalArgs {
    /// Councils.
    #[arg(long, default_value_t = 6)]
    councils: usize,
    /// Years.
    #[arg(long, default_value_t = 2)]
    years: u32,
    /// Seed.
    #[arg(long, default_value_t = 11)]
    seed: u64,
    /// An archive holding the same corpus, parsed.
    #[arg(long)]
    db: Option<String>,
    /// Fail below this precision, recall or fine status accuracy.
    #[arg(long, default_value_t = 0.0)]
    bar: f64,
}

/// Run `minutebook eval-tracker`.
pub fn run_eval(args: &EvalArgs) -> Result<ExitCode> {
    use minutebook_track::eval;
    let cfg = minutebook_synth::SynthConfig {
        councils: args.councils,
        years: args.years,
        seed: args.seed,
        ..Default::default()
    };
    let generated: Vec<_> = minutebook_synth::meetings(&cfg).collect();
    let truth = eval::truth(&generated);
    let (actions, links) = match &args.db {
        None => eval::track_records(&generated, today()),
        Some(db) => runtime()?.block_on(with_archive(db, async |archive| {
            refresh(archive).await?;
            let actions = archive.actions(&ActionFilter::default()).await?;
            let mut links = Vec::new();
            for a in &actions {
                if let Some(d) = archive.action(&a.id).await? {
                    links.extend(d.links);
                }
            }
            anyhow::Ok((actions, links))
        }))?,
    };
    let s = eval::score(&truth, &actions, &links);
    let mut out = std::io::stdout().lock();
    write!(out, "{}", s.report())?;
    let worst = s.precision().min(s.recall()).min(s.fine_accuracy());
    Ok(if worst < args.bar {
        writeln!(out, "FAIL: below the bar of {}", args.bar)?;
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
