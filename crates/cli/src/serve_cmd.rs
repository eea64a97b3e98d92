//! `minutebook serve`: the web site and JSON API over the archive.

use crate::archive_cmd::{DbArg, with_shared_archive};
use anyhow::{Context, Result, bail};
use minutebook_serve::{AppState, Config, Limits};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

/// Serve the archive as a public web site and JSON API.
///
/// Pages are read-only and need no JavaScript. /search and
/// /api/v1/search use the same search index as `minutebook search` (beside
/// an SQLite archive; --index for PostgreSQL), built on start if missing
/// and kept in step with the archive. The only write is
/// `POST /api/v1/documents` (upload a document to ingest), allowed only
/// with the bearer token from --token-file or the MINUTEBOOK_TOKEN
/// environment variable; without one, writes are disabled.
///
/// Examples:
///   minutebook serve --db demo/minutebook.db
///   minutebook serve --bind 127.0.0.1:0 --url-file /tmp/url
///   minutebook serve --db postgres://minutebook@db/minutebook --index /var/lib/minutebook/search
///   MINUTEBOOK_TOKEN=s3cret minutebook serve --base-url https://minutes.example.org
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    #[command(flatten)]
    db: DbArg,
    #[command(flatten)]
    index: crate::search_cmd::IndexArg,
    /// Serve without search (no index is opened or built).
    #[arg(long)]
    no_search: bool,
    /// Distinct searches whose results are kept for repeats (the next page
    /// and back, a feed reader polling a search); each is used only until
    /// the archive changes. 0 keeps none.
    #[arg(long, value_name = "ENTRIES", default_value_t = minutebook_search::DEFAULT_RESULT_CACHE)]
    search_cache: usize,
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    bind: SocketAddr,
    /// Public base URL for absolute links in the API and feeds (default:
    /// http:// and the address listened on).
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// File holding the bearer token that allows uploads (or set
    /// MINUTEBOOK_TOKEN).
    #[arg(long, value_name = "PATH")]
    token_file: Option<PathBuf>,
    /// Largest upload accepted, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = Limits::default().max_upload_bytes)]
    max_upload_bytes: usize,
    /// API and search requests per second allowed per client address.
    #[arg(long, value_name = "N", default_value_t = Limits::default().api_per_second)]
    api_rate: f64,
    /// API and search requests a client may make in a burst.
    #[arg(long, value_name = "N", default_value_t = Limits::default().api_burst)]
    api_burst: f64,
    /// Write the server's URL to this file once it is listening (for
    /// scripts).
    #[arg(long, value_name = "PATH")]
    url_file: Option<PathBuf>,
}

/// The smallest token accepted: shorter ones are guessable.
const MIN_TOKEN: usize = 16;

fn token(args: &Args) -> Result<Option<String>> {
    let from_env = std::env::var("MINUTEBOOK_TOKEN")
        .ok()
        .filter(|t| !t.is_empty());
    let token = match (&args.token_file, from_env) {
        (Some(_), Some(_)) => bail!("give the token by --token-file or MINUTEBOOK_TOKEN, not both"),
        (Some(path), None) => Some(
            std::fs::read_to_string(path)
                .with_context(|| format!("reading the token file {}", path.display()))?
                .trim()
                .to_owned(),
        ),
        (None, env) => env,
    };
    match token {
        Some(t) if t.len() < MIN_TOKEN => {
            bail!("the token must be at least {MIN_TOKEN} characters")
        }
        t => Ok(t),
    }
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}

/// Run `minutebook serve`.
pub fn run(args: &Args) -> Result<ExitCode> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("MINUTEBOOK_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let token = token(args)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    // Closed once the server has stopped, or failed to start, so that
    // uploads' writes end up in the file itself.
    runtime.block_on(with_shared_archive(&args.db.db, async |archive| {
        serve_archive(archive, args, token).await
    }))
}

/// Serves `archive` until a shutdown signal.
async fn serve_archive(
    archive: Arc<dyn minutebook_store::Archive>,
    args: &Args,
    token: Option<String>,
) -> Result<ExitCode> {
    let listener = tokio::net::TcpListener::bind(args.bind)
        .await
        .with_context(|| format!("listening on {}", args.bind))?;
    let addr = listener.local_addr().context("reading the address")?;
    let url = args
        .base_url
        .clone()
        .unwrap_or_else(|| format!("http://{addr}"));
    let writable = token.is_some();
    let config = Config {
        base_url: url.clone(),
        token,
        limits: Limits {
            max_upload_bytes: args.max_upload_bytes,
            api_per_second: args.api_rate,
            api_burst: args.api_burst,
            ..Limits::default()
        },
        ..Config::default()
    };
    let glossary = minutebook_serve::text::Glossary::sector();
    let state = if args.no_search {
        AppState::with(
            archive,
            config,
            glossary,
            minutebook_serve::Features::default(),
        )
    } else {
        let searcher = crate::search_cmd::open_index(archive.clone(), &args.db.db, &args.index)
            .await?
            .with_result_cache(args.search_cache);
        // Before saying the server is ready, as for the registry below:
        // the first search would otherwise build the index.
        let done = searcher
            .update()
            .await
            .context("bringing the search index up to date")?;
        if done.meetings > 0 {
            eprintln!(
                "minutebook: search index: {} meetings indexed",
                done.meetings
            );
        }
        AppState::with_search(archive, config, glossary, Arc::new(searcher))
    };
    // Before saying the server is ready, so that scripts waiting for
    // --url-file measure a caught-up server.
    match minutebook_serve::registry::catch_up(state.archive.as_ref()).await {
        Ok(0) => {}
        Ok(n) => eprintln!("minutebook: API registry brought up to date ({n} changed meetings)"),
        Err(e) => eprintln!("minutebook: warning: the API registry could not catch up: {e:#}"),
    }
    let meetings = state.archive.totals().await?.meetings;
    eprintln!(
        "minutebook: serving {meetings} meetings at http://{addr}/ (uploads {}; Ctrl-C to stop)",
        if writable { "enabled" } else { "disabled" }
    );
    if let Some(path) = &args.url_file {
        std::fs::write(path, format!("http://{addr}\n"))
            .with_context(|| format!("writing {}", path.display()))?;
    }
    let served = minutebook_serve::serve(listener, state, shutdown())
        .await
        .context("serving");
    served.map(|()| ExitCode::SUCCESS)
}
