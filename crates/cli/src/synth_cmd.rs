//! `minutebook synth`: synthetic councils' minutes with known truth.

use anyhow::{Context, Result};
use minutebook_synth::{Format, SynthConfig, write_corpus};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// Generate realistic minutes of invented councils, with the true record
/// of each document beside it.
///
/// Deterministic: the same options give byte-identical output. Documents
/// are written to OUT/<council>/<committee>/<date>.<ext> with
/// <date>.expected.json beside each, and a history.json per committee
/// recording which later meeting addressed which action.
///
/// Examples:
///   minutebook synth --out demo
///   minutebook synth --councils 40 --years 5 --seed 7 --out corpus --formats text,pdf-text,html,pdf
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// How many councils.
    #[arg(long, default_value_t = 3)]
    councils: usize,
    /// How many years of meetings per committee.
    #[arg(long, default_value_t = 2)]
    years: u32,
    /// Seed of the generator.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// First year of meetings.
    #[arg(long, default_value_t = 2022)]
    start_year: i32,
    /// Where to write the corpus (created if missing).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Formats to render, comma-separated: text (ModernGov web-page text),
    /// pdf-text (text as extracted from PDF minutes), html (ModernGov
    /// page), pdf.
    #[arg(long, value_delimiter = ',', default_value = "text")]
    formats: Vec<String>,
}

/// Run `minutebook synth`.
pub fn run(args: &Args) -> Result<ExitCode> {
    let formats = args
        .formats
        .iter()
        .map(|f| {
            f.parse::<Format>()
                .map_err(|e| anyhow::anyhow!("--formats: {e}"))
        })
        .collect::<Result<Vec<_>>>()?;
    let cfg = SynthConfig {
        councils: args.councils,
        years: args.years,
        seed: args.seed,
        formats,
        start_year: args.start_year,
    };
    let started = Instant::now();
    let summary =
        write_corpus(&cfg, &args.out).with_context(|| format!("writing {}", args.out.display()))?;
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "{} meetings ({} documents, {} actions) of {} committees in {} councils written to {} in {secs:.1} s ({:.0} meetings/s)",
        summary.meetings,
        summary.documents,
        summary.actions,
        summary.committees,
        summary.councils,
        args.out.display(),
        summary.meetings as f64 / secs.max(1e-9),
    );
    Ok(ExitCode::SUCCESS)
}
