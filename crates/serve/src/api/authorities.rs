//! Authorities (councils; OParl's "Body").

use super::{Common, Json, List, ListQuery, Pagination, Q};
use crate::error::{ApiError, AppError, ErrorBody};
use crate::links::{self, API, Resource};
use crate::state::AppState;
use axum::extract::{Path, State};
use minutebook_store::browse::AuthorityRow;
use serde::Serialize;
use utoipa::ToSchema;

/// A council.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Authority {
    /// The fields every object has.
    #[serde(flatten)]
    pub common: Common,
    /// Its name.
    pub name: String,
    /// Its committees (a list URL).
    pub committees: String,
    /// Committees stored.
    pub committee_count: i64,
    /// Earliest meeting date.
    pub first_date: Option<String>,
    /// Latest meeting date.
    pub last_date: Option<String>,
}

fn object(state: &AppState, a: &AuthorityRow) -> Authority {
    Authority {
        common: Common::new(
            state,
            Resource::Authority,
            "Authority",
            &a.id,
            a.times.clone().map(|t| (t.created, t.modified)),
        ),
        name: crate::text::authority_name(&a.id, a.name.as_deref()),
        committees: state.absolute(&format!(
            "{API}/committees?authority={}",
            links::query_value(&a.id)
        )),
        committee_count: a.committees,
        first_date: a.first_date.clone(),
        last_date: a.last_date.clone(),
    }
}

/// Authorities, in the order they last changed.
#[utoipa::path(
    get,
    path = "/api/v1/authorities",
    tag = "authorities",
    params(ListQuery),
    responses(
        (status = 200, description = "A page of authorities", body = List<Authority>),
        (status = 400, description = "Bad parameters", body = ErrorBody)
    )
)]
pub async fn index(
    State(state): State<AppState>,
    Q(q): Q<ListQuery>,
) -> Result<Json<List<Authority>>, ApiError> {
    let (paging, limit) = q.paging()?;
    let rows = state.archive.authorities(Some(&paging), limit).await?;
    let links = q.links(
        &state,
        &format!("{API}/authorities"),
        &[],
        &rows,
        limit,
        |a| {
            (
                a.times
                    .as_ref()
                    .map(|t| t.modified.clone())
                    .unwrap_or_default(),
                a.id.clone(),
            )
        },
    );
    Ok(Json(List {
        data: rows.iter().map(|a| object(&state, a)).collect(),
        pagination: Pagination {
            elements_per_page: limit,
        },
        links,
    }))
}

/// One authority.
#[utoipa::path(
    get,
    path = "/api/v1/authorities/{authority}",
    tag = "authorities",
    params(("authority" = String, Path, description = "The authority's identifier")),
    responses(
        (status = 200, description = "The authority", body = Authority),
        (status = 404, description = "No such authority", body = ErrorBody)
    )
)]
pub async fn show(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Authority>, ApiError> {
    let a = state
        .archive
        .authority(&id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Json(object(&state, &a)))
}
