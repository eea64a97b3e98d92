//! What the search page, its Atom feed and the API search share: the
//! parameters a client sends, checked and turned into a
//! [`minutebook_search::Query`], the page arithmetic, and query strings
//! for links that change one parameter.
//!
//! The search itself is `minutebook_search`'s: it keeps its index in step
//! with the archive before every query, so uploads and ingests by other
//! processes show up at once.

use crate::error::AppError;
use crate::links;
use crate::state::AppState;
use minutebook_search::{Query, Results, SearchError};
use serde::Deserialize;
use utoipa::IntoParams;

/// The longest query text accepted, in characters (the search box's
/// `maxlength`; the search crate's own bound is larger).
pub const MAX_QUERY_CHARS: usize = 256;
/// Hits per page of the HTML search page, and the API's default.
pub const PAGE_SIZE: usize = 20;

/// The parameters of a search, as a client sends them (all optional and
/// all text, so that a wrong one gets a helpful 400 rather than a
/// deserialiser's message).
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// The query: words (all must match), "phrases", OR, NOT or -word,
    /// prefixes (`assess*`), parentheses, and the fields `title:`,
    /// `person:`, `committee:`, `authority:`, `kind:` and `type:`
    /// (docs/search.md). At most 256 characters.
    pub q: Option<String>,
    /// Authority identifier or name (part of it is enough).
    pub authority: Option<String>,
    /// Committee identifier, or any name the committee has had.
    pub committee: Option<String>,
    /// Meetings on or after this date (`YYYY-MM-DD`).
    pub since: Option<String>,
    /// Meetings on or before this date (`YYYY-MM-DD`).
    pub until: Option<String>,
    /// Item kind: `apologies`, `declarations`, `previous-minutes`,
    /// `public-participation`, `substantive`, `work-programme`,
    /// `exclusion`, `other`.
    pub kind: Option<String>,
    /// A person named in the attendance.
    pub person: Option<String>,
    /// The page of results, from 1.
    pub page: Option<String>,
    /// Hits per page (1 to 100; default 20). API only.
    pub limit: Option<String>,
}

/// The filters by name, in the order links carry them.
const FILTERS: [&str; 7] = [
    "q",
    "authority",
    "committee",
    "since",
    "until",
    "kind",
    "person",
];

fn present(s: Option<&String>) -> Option<&str> {
    s.map(|s| s.trim()).filter(|s| !s.is_empty())
}

impl SearchParams {
    /// The value of filter `name` (one of [`FILTERS`]), if given.
    pub fn filter(&self, name: &str) -> Option<&str> {
        present(match name {
            "q" => self.q.as_ref(),
            "authority" => self.authority.as_ref(),
            "committee" => self.committee.as_ref(),
            "since" => self.since.as_ref(),
            "until" => self.until.as_ref(),
            "kind" => self.kind.as_ref(),
            "person" => self.person.as_ref(),
            _ => None,
        })
    }

    /// Whether there is anything to search for (text or a filter).
    pub fn is_empty(&self) -> bool {
        FILTERS.iter().all(|f| self.filter(f).is_none())
    }

    /// The page asked for (from 1).
    pub fn page(&self) -> Result<usize, AppError> {
        number(self.page.as_deref(), "page", 1, usize::MAX, 1)
    }

    /// The page size asked for (the API's `limit`).
    pub fn limit(&self) -> Result<usize, AppError> {
        number(
            self.limit.as_deref(),
            "limit",
            1,
            minutebook_search::MAX_LIMIT,
            PAGE_SIZE,
        )
    }

    /// The search for page `page` of `per_page` hits, checked.
    pub fn query(&self, page: usize, per_page: usize) -> Result<Query, AppError> {
        let text = self.filter("q").unwrap_or("");
        if text.chars().count() > MAX_QUERY_CHARS {
            return Err(AppError::BadRequest(format!(
                "the query is too long: at most {MAX_QUERY_CHARS} characters"
            )));
        }
        let offset = (page - 1).saturating_mul(per_page);
        if offset > minutebook_search::MAX_OFFSET {
            return Err(AppError::BadRequest(format!(
                "only the first {} results can be paged through; narrow the search",
                minutebook_search::MAX_OFFSET
            )));
        }
        let own = |name| self.filter(name).map(str::to_owned);
        let mut q = Query::new(text);
        q.authority = own("authority");
        q.committee = own("committee");
        q.since = own("since");
        q.until = own("until");
        q.kind = own("kind");
        q.person = own("person");
        q.limit = per_page;
        q.offset = offset;
        Ok(q)
    }

    /// A query string (`?q=…&committee=…`, or empty) of these filters with
    /// `changes` applied (`None` removes one), without the page.
    pub fn query_string(&self, changes: &[(&str, Option<&str>)]) -> String {
        let mut pairs: Vec<(String, String)> = FILTERS
            .iter()
            .filter_map(|f| Some(((*f).to_owned(), self.filter(f)?.to_owned())))
            .collect();
        for (name, value) in changes {
            pairs.retain(|(k, _)| k != name);
            if let Some(v) = value {
                pairs.push(((*name).to_owned(), (*v).to_owned()));
            }
        }
        if pairs.is_empty() {
            return String::new();
        }
        let q: Vec<String> = pairs
            .iter()
            .map(|(k, v)| format!("{k}={}", links::query_value(v)))
            .collect();
        format!("?{}", q.join("&"))
    }
}

fn number(
    s: Option<&str>,
    name: &str,
    min: usize,
    max: usize,
    default: usize,
) -> Result<usize, AppError> {
    let Some(s) = s.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(default);
    };
    s.parse::<usize>()
        .ok()
        .filter(|n| (min..=max).contains(n))
        .ok_or_else(|| {
            AppError::BadRequest(if max == usize::MAX {
                format!("{name} must be a whole number from {min}")
            } else {
                format!("{name} must be a whole number from {min} to {max}")
            })
        })
}

/// The last page one may ask for, given `total` hits of `per_page`.
pub fn last_page(total: u64, per_page: usize) -> usize {
    let pages = usize::try_from(total)
        .unwrap_or(usize::MAX)
        .div_ceil(per_page.max(1));
    pages.clamp(1, minutebook_search::MAX_OFFSET / per_page.max(1) + 1)
}

/// The search page and its feed, behind the same rate limit as the API
/// (each search costs far more than a page).
pub fn routes(state: &AppState) -> axum::Router<AppState> {
    use axum::routing::get;
    axum::Router::new()
        .route("/search", get(crate::pages::search::show))
        .route("/search.atom", get(crate::feeds::search_atom))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::security::rate_limit,
        ))
}

/// Runs `q` on the server's index (404 when the server has none).
pub async fn run(state: &AppState, q: &Query) -> Result<Results, AppError> {
    let searcher = state.searcher.as_ref().ok_or(AppError::NotFound)?;
    searcher.search(q).await.map_err(|e| match e {
        // What the user typed: say what is wrong with it.
        SearchError::Query(q) => AppError::BadRequest(q.to_string()),
        other => AppError::Internal(Box::new(other)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_checked_and_links_keep_the_filters() {
        let p = SearchParams {
            q: Some(" ehcp  ".into()),
            committee: Some("a/b".into()),
            kind: Some(String::new()),
            page: Some("3".into()),
            ..SearchParams::default()
        };
        assert_eq!(p.page().ok(), Some(3));
        let q = p.query(3, 20).expect("query");
        assert_eq!((q.text.as_str(), q.offset, q.kind), ("ehcp", 40, None));
        assert_eq!(p.query_string(&[]), "?q=ehcp&committee=a%2Fb");
        assert_eq!(
            p.query_string(&[("committee", None), ("since", Some("2024-01-01"))]),
            "?q=ehcp&since=2024-01-01"
        );
        assert!(SearchParams::default().is_empty());
        assert_eq!(SearchParams::default().query_string(&[]), "");
        for bad in ["0", "-1", "x", "1.5"] {
            let p = SearchParams {
                page: Some(bad.into()),
                ..SearchParams::default()
            };
            assert!(p.page().is_err(), "{bad}");
        }
        let long = SearchParams {
            q: Some("é".repeat(MAX_QUERY_CHARS + 1)),
            ..SearchParams::default()
        };
        assert!(long.query(1, 20).is_err());
        assert!(p.query(1000, 20).is_err(), "beyond the offset bound");
        assert_eq!(last_page(0, 20), 1);
        assert_eq!(last_page(41, 20), 3);
        assert_eq!(last_page(1_000_000, 20), 51);
    }
}
