//! `minutebook`: the command line. A thin shell over the library crates:
//! it reads arguments, calls them, prints, and turns errors into an exit
//! status with the whole error chain.

mod archive_cmd;
mod parse_cmd;
mod search_cmd;
mod serve_cmd;
mod summary;
mod synth_cmd;
mod track_cmd;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

// Memory moves between threads all the time (parsed records to the writer,
// rows from sqlx's worker, documents to tantivy); glibc's malloc spent a
// tenth of an ingest's CPU on its locks (BENCHMARKS.md "Ingest").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// minutebook turns published council minutes into a structured,
/// searchable, linked public record.
#[derive(Debug, Parser)]
#[command(name = "minutebook", version, about, long_about = None, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Parse(parse_cmd::Args),
    Synth(synth_cmd::Args),
    Ingest(archive_cmd::IngestArgs),
    Reparse(archive_cmd::ReparseArgs),
    List(archive_cmd::ListArgs),
    // `show --version N` picks a stored version; the program's version is
    // `minutebook --version`.
    #[command(disable_version_flag = true)]
    Show(archive_cmd::ShowArgs),
    Serve(serve_cmd::Args),
    Search(search_cmd::SearchArgs),
    Reindex(search_cmd::ReindexArgs),
    Actions(track_cmd::ActionsArgs),
    Action(track_cmd::ActionArgs),
    Committees(track_cmd::CommitteesArgs),
    WorkProgramme(track_cmd::WorkProgrammeArgs),
    #[command(hide = true)]
    EvalTracker(track_cmd::EvalArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Parse(args) => parse_cmd::run(&args),
        Command::Synth(args) => synth_cmd::run(&args),
        Command::Ingest(args) => archive_cmd::run_ingest(&args),
        Command::Reparse(args) => archive_cmd::run_reparse(&args),
        Command::List(args) => archive_cmd::run_list(&args),
        Command::Show(args) => archive_cmd::run_show(&args),
        Command::Serve(args) => serve_cmd::run(&args),
        Command::Search(args) => search_cmd::run_search(&args),
        Command::Reindex(args) => search_cmd::run_reindex(&args),
        Command::Actions(args) => track_cmd::run_actions(&args),
        Command::Action(args) => track_cmd::run_action(&args),
        Command::Committees(args) => track_cmd::run_committees(&args),
        Command::WorkProgramme(args) => track_cmd::run_work_programme(&args),
        Command::EvalTracker(args) => track_cmd::run_eval(&args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("minutebook: {err:#}");
            ExitCode::FAILURE
        }
    }
}
