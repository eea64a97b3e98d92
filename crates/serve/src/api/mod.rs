//! The JSON API under `/api/v1`, one module per resource, modelled on
//! OParl: every object carries its stable URL (`id`), its `type`, its
//! page on the site (`web`), `created` and `modified` times and `deleted`;
//! lists are paged by a cursor, in the order objects were last written,
//! and accept `modified_since`; items dropped by a later version of the
//! minutes stay listed, with `deleted: true`. The OpenAPI document is built
//! from the handlers' annotations ([`openapi`]) and served at
//! `/api/v1/openapi.json`.
//!
//! Harvesters should ask again with `modified_since` set a little before
//! their previous harvest (a minute is plenty): an ingest that commits
//! after a harvest can carry times from just before it.

pub mod actions;
pub mod authorities;
pub mod committees;
pub mod documents;
pub mod items;
pub mod meetings;
pub mod people;
pub mod search;
pub mod system;

use crate::error::{AppError, ErrorBody};
use crate::links;
use crate::state::AppState;
use axum::Router;
use minutebook_store::browse::{Cursor, Paging};
use serde::{Deserialize, Serialize};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{IntoParams, Modify, OpenApi, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The OpenAPI document's fixed parts.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "minutebook API",
        version = "1",
        description = "Council committee minutes as linked data: authorities, committees, meetings, agenda items, people and the actions committees asked for, tracked from meeting to meeting. Modelled on OParl: stable URLs, created/modified times, `modified_since`, cursor paging, deleted objects kept visible.",
        license(name = "MIT OR Apache-2.0")
    ),
    components(schemas(ErrorBody)),
    modifiers(&BearerAuth)
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        if let Some(components) = openapi.components.as_mut() {
            components.add_security_scheme(
                "bearer",
                SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
            );
        }
    }
}

fn api_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(system::show))
        .routes(routes!(authorities::index))
        .routes(routes!(authorities::show))
        .routes(routes!(committees::index))
        .routes(routes!(committees::show))
        .routes(routes!(meetings::index))
        .routes(routes!(meetings::show))
        .routes(routes!(items::index))
        .routes(routes!(items::show))
        .routes(routes!(people::index))
        .routes(routes!(people::show))
        .routes(routes!(documents::upload))
        .routes(routes!(actions::index))
        .routes(routes!(actions::show))
        .routes(routes!(actions::set_status))
        .routes(routes!(search::search))
}

/// The OpenAPI 3 document of the API.
pub fn openapi() -> utoipa::openapi::OpenApi {
    api_router().split_for_parts().1
}

/// The API's routes, with the OpenAPI document at `/api/v1/openapi.json`.
pub fn routes() -> Router<AppState> {
    let (router, doc) = api_router().split_for_parts();
    let json = std::sync::Arc::new(doc.to_pretty_json().unwrap_or_default());
    router.route(
        "/api/v1/openapi.json",
        axum::routing::get(move || {
            let json = json.clone();
            async move {
                (
                    [(axum::http::header::CONTENT_TYPE, "application/json")],
                    json.as_str().to_owned(),
                )
            }
        }),
    )
}

/// What every object carries.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Common {
    /// The object's URL (stable).
    pub id: String,
    /// `Authority`, `Committee`, `Meeting`, `AgendaItem`, `Person` or
    /// `Action`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The archive's identifier (the URL's path after the resource).
    pub identifier: String,
    /// The object's page on the web site.
    pub web: String,
    /// When the archive first stored it (RFC 3339, UTC). `null` only for
    /// a few seconds after an ingest by another process.
    pub created: Option<String>,
    /// When it last changed (RFC 3339, UTC); see `created`.
    pub modified: Option<String>,
    /// Whether it was removed (only agenda items ever are, when a later
    /// version of the minutes drops them).
    pub deleted: bool,
}

impl Common {
    /// The common part of object `id` of resource `r`.
    pub fn new(
        state: &AppState,
        r: links::Resource,
        kind: &'static str,
        id: &str,
        times: Option<(String, String)>,
    ) -> Self {
        let (created, modified) = times.map_or((None, None), |(c, m)| (Some(c), Some(m)));
        Self {
            id: state.absolute(&links::api(r, id)),
            kind,
            identifier: id.to_owned(),
            web: state.absolute(&links::page(r, id)),
            created,
            modified,
            deleted: false,
        }
    }
}

/// A page of a list.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct List<T> {
    /// The objects, in (`modified`, `identifier`) order.
    pub data: Vec<T>,
    /// About this page.
    pub pagination: Pagination,
    /// Where the other pages are.
    pub links: ListLinks,
}

/// About a page.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Pagination {
    /// The most objects a page holds.
    pub elements_per_page: u32,
}

/// Links between pages.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ListLinks {
    /// The first page (with the same filters).
    pub first: String,
    /// The next page; absent on the last.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

/// Objects per page unless `limit` says otherwise.
pub const DEFAULT_LIMIT: u32 = 100;
/// The most objects per page.
pub const MAX_LIMIT: u32 = 500;

/// The paging parameters of every list.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Only objects modified at or after this time (RFC 3339, or a date
    /// `YYYY-MM-DD` for its start in UTC).
    pub modified_since: Option<String>,
    /// Objects per page (1 to 500; default 100).
    pub limit: Option<u32>,
    /// The cursor from the previous page's `links.next`.
    pub cursor: Option<String>,
}

impl ListQuery {
    /// The paging and page size asked for, checked.
    pub fn paging(&self) -> Result<(Paging, u32), AppError> {
        let limit = self.limit.unwrap_or(DEFAULT_LIMIT);
        if !(1..=MAX_LIMIT).contains(&limit) {
            return Err(AppError::BadRequest(format!(
                "limit must be between 1 and {MAX_LIMIT}"
            )));
        }
        let since = self.modified_since.as_deref().map(timestamp).transpose()?;
        let after = self.cursor.as_deref().map(cursor).transpose()?;
        Ok((Paging { since, after }, limit))
    }

    /// This list's first page and, when `page` is full, the next.
    pub fn links<T>(
        &self,
        state: &AppState,
        path: &str,
        extra: &[(&str, &str)],
        page: &[T],
        limit: u32,
        last: impl Fn(&T) -> (String, String),
    ) -> ListLinks {
        let mut base: Vec<(String, String)> = extra
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        if let Some(s) = &self.modified_since {
            base.push(("modified_since".into(), s.clone()));
        }
        if self.limit.is_some() {
            base.push(("limit".into(), limit.to_string()));
        }
        let url = |pairs: &[(String, String)]| {
            let q: Vec<String> = pairs
                .iter()
                .map(|(k, v)| format!("{k}={}", links::query_value(v)))
                .collect();
            let sep = if q.is_empty() { "" } else { "?" };
            state.absolute(&format!("{path}{sep}{}", q.join("&")))
        };
        let next = (page.len() >= limit as usize)
            .then(|| page.last())
            .flatten()
            .map(|x| {
                let (modified, id) = last(x);
                let mut pairs = base.clone();
                pairs.push(("cursor".into(), format!("{modified}~{id}")));
                url(&pairs)
            });
        ListLinks {
            first: url(&base),
            next,
        }
    }
}

/// A client's time as the archive stores times (RFC 3339, UTC, ms).
fn timestamp(s: &str) -> Result<String, AppError> {
    let parsed = chrono::DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&chrono::Utc))
        .or_else(|_| {
            chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map(|d| d.and_time(chrono::NaiveTime::MIN).and_utc())
        })
        .map_err(|_| {
            AppError::BadRequest(
                "modified_since must be an RFC 3339 time (2024-06-13T10:00:00Z) or a date (2024-06-13)"
                    .into(),
            )
        })?;
    Ok(parsed.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
}

fn cursor(s: &str) -> Result<Cursor, AppError> {
    let bad = || AppError::BadRequest("cursor: use the one given in links.next".into());
    let (modified, id) = s.split_once('~').ok_or_else(bad)?;
    if id.is_empty() || chrono::DateTime::parse_from_rfc3339(modified).is_err() {
        return Err(bad());
    }
    Ok(Cursor {
        modified: modified.to_owned(),
        id: id.to_owned(),
    })
}

pub use axum::Json;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_normalised_and_cursors_checked() {
        assert_eq!(
            timestamp("2024-06-13T11:00:00+01:00").ok().as_deref(),
            Some("2024-06-13T10:00:00.000Z")
        );
        assert_eq!(
            timestamp("2024-06-13").ok().as_deref(),
            Some("2024-06-13T00:00:00.000Z")
        );
        assert!(timestamp("yesterday").is_err());
        let c = cursor("2024-06-13T10:00:00.000Z~a/b/c~2").expect("cursor");
        assert_eq!(
            (c.modified.as_str(), c.id.as_str()),
            ("2024-06-13T10:00:00.000Z", "a/b/c~2")
        );
        assert!(cursor("nonsense").is_err());
        assert!(cursor("2024-06-13T10:00:00.000Z~").is_err());
    }
}

/// `Query<T>` whose rejection is an [`ApiError`](crate::error::ApiError)
/// (a JSON 400 saying which parameter is wrong), not axum's plain text.
#[derive(Debug, Clone, Copy, Default)]
pub struct Q<T>(pub T);

impl<T, S> axum::extract::FromRequestParts<S> for Q<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = crate::error::ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|q| Self(q.0))
            .map_err(|e| AppError::BadRequest(e.body_text()).into())
    }
}
