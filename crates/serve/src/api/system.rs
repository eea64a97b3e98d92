//! `GET /api/v1`: the entry point (OParl's "System"): where the lists and
//! the OpenAPI document are.

use super::Json;
use crate::error::ApiError;
use crate::links::API;
use crate::state::AppState;
use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;

/// The API's entry point.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct System {
    /// This object's URL.
    pub id: String,
    /// Always `System`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// "minutebook".
    pub name: &'static str,
    /// The web site.
    pub website: String,
    /// The OpenAPI document.
    pub openapi: String,
    /// List of authorities.
    pub authorities: String,
    /// List of committees.
    pub committees: String,
    /// List of meetings.
    pub meetings: String,
    /// List of agenda items.
    pub items: String,
    /// List of people.
    pub people: String,
    /// List of tracked actions.
    pub actions: String,
    /// Meetings in the archive.
    pub meeting_count: i64,
    /// Whether this server accepts uploads (a token is configured).
    pub writable: bool,
}

/// The API's entry point.
#[utoipa::path(
    get,
    path = "/api/v1",
    tag = "system",
    responses((status = 200, description = "The entry point", body = System))
)]
pub async fn show(State(state): State<AppState>) -> Result<Json<System>, ApiError> {
    let totals = state.archive.totals().await?;
    let url = |p: &str| state.absolute(&format!("{API}{p}"));
    Ok(Json(System {
        id: url(""),
        kind: "System",
        name: "minutebook",
        website: state.absolute("/"),
        openapi: url("/openapi.json"),
        authorities: url("/authorities"),
        committees: url("/committees"),
        meetings: url("/meetings"),
        items: url("/items"),
        people: url("/people"),
        actions: url("/actions"),
        meeting_count: totals.meetings,
        writable: state.config.token.is_some(),
    }))
}
