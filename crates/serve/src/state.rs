//! The server's configuration and the state every handler shares.

use crate::index::CommitteeIndex;
use crate::security::RateLimiter;
use crate::text::Glossary;
use minutebook_search::Searcher;
use minutebook_store::Archive;
use std::sync::Arc;
use std::time::Duration;

/// How the server behaves. [`Config::default`] suits a server on
/// localhost.
#[derive(Debug, Clone)]
pub struct Config {
    /// The public base URL (scheme, host, port), used for the absolute URLs
    /// of API objects and feeds. Configured, never taken from the request's
    /// `Host` header, which a client controls.
    pub base_url: String,
    /// The bearer token that allows writes; `None` disables them.
    pub token: Option<String>,
    /// Input sizes and rates.
    pub limits: Limits,
    /// How often the API registry catches up with the archive's change
    /// feed (for ingests by other processes).
    pub registry_interval: Duration,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            base_url: "http://127.0.0.1:8080".into(),
            token: None,
            limits: Limits::default(),
            registry_interval: Duration::from_secs(5),
        }
    }
}

/// Bounds on what a client may send and how often.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest document accepted by the upload endpoint, in bytes.
    pub max_upload_bytes: usize,
    /// Largest body of any other request, in bytes.
    pub max_body_bytes: usize,
    /// Longest path and query string, in bytes.
    pub max_uri_bytes: usize,
    /// API and search requests per second allowed per client address,
    /// sustained.
    pub api_per_second: f64,
    /// API and search requests a client may make in a burst.
    pub api_burst: f64,
    /// Longest time a request may take.
    pub request_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_upload_bytes: 20 * 1024 * 1024,
            max_body_bytes: 16 * 1024,
            max_uri_bytes: 2048,
            api_per_second: 20.0,
            api_burst: 100.0,
            request_timeout: Duration::from_secs(30),
        }
    }
}

/// Optional parts of the site, switched on as their resources are added.
#[derive(Debug, Clone, Copy, Default)]
pub struct Features {
    /// A `/search` page exists (the search crate's resource): pages show
    /// the search box.
    pub search: bool,
}

/// What every handler shares (cheap to clone).
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

/// The shared state's contents.
pub struct Inner {
    /// The archive.
    pub archive: Arc<dyn Archive>,
    /// The configuration.
    pub config: Config,
    /// Acronyms to explain.
    pub glossary: Glossary,
    /// Optional parts of the site.
    pub features: Features,
    /// The rate limit of the API and the search page.
    pub limiter: RateLimiter,
    /// Committees' meetings, for the links of meeting pages.
    pub committees: CommitteeIndex,
    /// The search index (`/search`, `/api/v1/search`), when the server has
    /// one.
    pub searcher: Option<Arc<Searcher>>,
}

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl AppState {
    /// The state for `archive` under `config`, with the sector's glossary
    /// ([`Glossary::sector`]) and without search.
    pub fn new(archive: Arc<dyn Archive>, config: Config) -> Self {
        Self::with(archive, config, Glossary::sector(), Features::default())
    }

    /// The state with a glossary and optional features.
    pub fn with(
        archive: Arc<dyn Archive>,
        config: Config,
        glossary: Glossary,
        features: Features,
    ) -> Self {
        Self::build(archive, config, glossary, features, None)
    }

    /// The state with a glossary and search over `searcher` (which must
    /// index `archive`): the `/search` page, its feed and the API search,
    /// and the search box on the home page.
    pub fn with_search(
        archive: Arc<dyn Archive>,
        config: Config,
        glossary: Glossary,
        searcher: Arc<Searcher>,
    ) -> Self {
        let features = Features { search: true };
        Self::build(archive, config, glossary, features, Some(searcher))
    }

    fn build(
        archive: Arc<dyn Archive>,
        config: Config,
        glossary: Glossary,
        features: Features,
        searcher: Option<Arc<Searcher>>,
    ) -> Self {
        let limiter = RateLimiter::new(config.limits.api_per_second, config.limits.api_burst);
        Self(Arc::new(Inner {
            archive,
            config,
            glossary,
            features,
            limiter,
            committees: CommitteeIndex::default(),
            searcher,
        }))
    }

    /// `path` as an absolute URL on the public base.
    pub fn absolute(&self, path: &str) -> String {
        crate::links::absolute(&self.config.base_url, path)
    }
}
