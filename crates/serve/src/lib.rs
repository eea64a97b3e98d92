//! The public web site and JSON API over the archive: `minutebook serve`.
//!
//! This crate owns the HTTP surface: HTML pages (server-rendered, no
//! JavaScript), the JSON API under `/api/v1` with its OpenAPI document,
//! feeds and downloads, and the server's defences (escaping by templates,
//! a strict Content-Security-Policy, size and rate limits, the write
//! token). It reads the archive only through `minutebook_store::Archive`
//! and writes only through `minutebook_ingest` (uploads), the API
//! registry (`Browse::sync_registry`) and `minutebook_track` (the tracker's
//! catch-up after an upload, manual statuses). It must not parse minutes or hold
//! SQL.
//!
//! # Routes
//!
//! Identifiers contain `/`; each of their parts is a path segment (see
//! [`links`]).
//!
//! | route | what |
//! |---|---|
//! | `GET /` | home: latest meetings, overdue actions, councils |
//! | `GET /about` | about and help |
//! | `GET /authorities`, `/authorities/{authority}` | councils |
//! | `GET /committees/{authority}/{committee}` | committee: meetings by year, names, members, work programme, actions by status |
//! | `GET /committees/{a}/{c}/meetings.atom`, `meetings.ics`, `attendance.csv` | its feeds |
//! | `GET /meetings/{authority}/{committee}/{date}` | meeting: agenda and minutes |
//! | `GET /meetings/{a}/{c}/{date}/attendance.csv` | its attendance |
//! | `GET /items/{authority}/{committee}/{date}/{item}` | one item (410 once dropped) |
//! | `GET /people/{authority}/{person}` | person |
//! | `GET /actions`, `/actions.atom`, `/actions.csv` | the actions tracker (filters `status`, `committee`, `authority`, `owner`), its status changes, its CSV |
//! | `GET /actions/{authority}/{committee}/{date}/{item}/{action}` | one action: evidence and history |
//! | `GET /search?q=&authority=&committee=&since=&until=&kind=&person=&page=` | search (rate-limited; with a search index) |
//! | `GET /search.atom?q=…` | the newest meetings matching a search (Atom) |
//! | `GET /api/v1`, `/api/v1/openapi.json` | the API's entry point and description |
//! | `GET /api/v1/{authorities,committees,meetings,items,people}[/{id…}]` | API lists and objects |
//! | `GET /api/v1/search?q=…` | search: hits, facets, numbered pages |
//! | `POST /api/v1/documents` | upload a document to ingest (bearer token) |
//! | `GET /api/v1/actions[/{id…}]` | tracked actions; one with evidence and history |
//! | `POST /api/v1/actions/{id…}/status` | set an action's status by hand (bearer token) |
//!
//! # Example
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use minutebook_serve::{AppState, Config, router};
//! use std::sync::Arc;
//! let archive = minutebook_store_sqlite::open("sqlite:minutebook.db").await?;
//! let state = AppState::new(Arc::new(archive), Config::default());
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! minutebook_serve::serve(listener, state, std::future::pending()).await?;
//! # Ok(()) }
//! ```

pub mod api;
pub mod error;
pub mod feeds;
pub mod index;
pub mod links;
pub mod pages;
pub mod registry;
pub mod search;
pub mod security;
pub mod state;
pub mod text;

pub use state::{AppState, Config, Features, Limits};

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::response::IntoResponse;
use error::{AppError, respond};
use std::net::SocketAddr;

/// The whole site: pages, feeds and the API, with the defences around
/// them.
pub fn router(state: AppState) -> Router {
    let api = api::routes().layer(axum::middleware::from_fn_with_state(
        state.clone(),
        security::rate_limit,
    ));
    Router::new()
        .merge(pages::routes())
        .merge(feeds::routes())
        .merge(search::routes(&state))
        .merge(api)
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(state.config.limits.max_upload_bytes))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            security::bounds,
        ))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(panicked))
        .layer(tower_http::compression::CompressionLayer::new())
        .layer(axum::middleware::from_fn(security::headers))
        .with_state(state)
}

async fn not_found(uri: axum::http::Uri) -> axum::response::Response {
    respond(uri.path(), AppError::NotFound)
}

fn panicked(_: Box<dyn std::any::Any + Send + 'static>) -> axum::response::Response {
    tracing::error!("a request handler panicked");
    (
        axum::http::StatusCode::INTERNAL_SERVER_ERROR,
        pages::error_page(
            axum::http::StatusCode::INTERNAL_SERVER_ERROR,
            "something went wrong on our side",
            None,
        ),
    )
        .into_response()
}

/// Brings the API registry up to date, then serves `state` on `listener`
/// (following the archive's change feed meanwhile) until `shutdown`
/// completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    if let Err(e) = registry::catch_up(state.archive.as_ref()).await {
        tracing::warn!(error = %e, "API registry could not catch up; serving anyway");
    }
    let follower = registry::follow(state.clone());
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    let result = axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await;
    // Waited for, so that nothing reads the archive once this returns
    // (the caller may close it).
    follower.abort();
    let _ = follower.await;
    result
}
