//! `minutebook parse`: documents in, meeting records out.

use anyhow::Result;
use clap::ValueEnum;
use minutebook_parse::{Limits, Options};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Parse minutes documents into meeting records.
///
/// Each FILE may be ModernGov web-page text, text extracted from PDF
/// minutes, a saved ModernGov HTML page, or a PDF; the format is detected
/// from the content. Text may be UTF-8 (with or without BOM), UTF-16 with
/// BOM or Windows-1252.
///
/// One file prints one JSON record (minutebook.meeting/1); several print
/// one record per line (JSON Lines). A file that cannot be parsed gets a
/// one-line error on stderr naming it; the others are still parsed, and the
/// exit status is 1.
///
/// When the document does not name its council, the gazetteer of local
/// authorities names it if the venue or the minutes make it certain.
///
/// Examples:
///   minutebook parse minutes.txt
///   minutebook parse --format text 2024-06-13.html
///   minutebook parse pages/*.txt > records.jsonl
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Documents to parse.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Output: JSON records, or a readable summary.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    format: Format,
    /// Refuse files larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = 50 * 1024 * 1024)]
    max_bytes: usize,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// JSON (one record, or JSON Lines for several files).
    Json,
    /// A readable summary.
    Text,
}

/// Run `minutebook parse`.
pub fn run(args: &Args) -> Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut failed = 0usize;
    let single = args.files.len() == 1;
    for path in &args.files {
        match parse_one(path, args.max_bytes) {
            Ok(meeting) => {
                match args.format {
                    Format::Json if single => serde_json::to_writer_pretty(&mut out, &meeting)?,
                    Format::Json => serde_json::to_writer(&mut out, &meeting)?,
                    Format::Text => out.write_all(crate::summary::summary(&meeting).as_bytes())?,
                }
                writeln!(out)?;
            }
            Err(err) => {
                failed += 1;
                eprintln!("{}: {err:#}", path.display());
            }
        }
    }
    out.flush()?;
    Ok(if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn parse_one(path: &std::path::Path, max_bytes: usize) -> Result<minutebook_record::Meeting> {
    let size = std::fs::metadata(path)?.len();
    if size > max_bytes as u64 {
        anyhow::bail!("file is {size} bytes, over the limit of {max_bytes} (see --max-bytes)");
    }
    let bytes = std::fs::read(path)?;
    let opts = Options {
        limits: Limits { max_bytes },
        path: Some(path.display().to_string()),
    };
    let mut meeting = minutebook_parse::parse_bytes(&bytes, &opts)?;
    minutebook_ingest::recognise_authority(&mut meeting);
    Ok(meeting)
}
