//! Committees (OParl's "Organization").

use super::{Common, Json, List, ListQuery, Pagination, Q};
use crate::error::{ApiError, AppError, ErrorBody};
use crate::links::{self, API, Resource};
use crate::state::AppState;
use axum::extract::{Path, State};
use minutebook_store::browse::CommitteeRow;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// A committee, in a list.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CommitteeSummary {
    /// The fields every object has.
    #[serde(flatten)]
    pub common: Common,
    /// Its name at its latest meeting.
    pub name: String,
    /// Its authority.
    pub authority: String,
    /// Its meetings (a list URL).
    pub meetings: String,
    /// Meetings stored.
    pub meeting_count: i64,
    /// Earliest meeting date.
    pub first_date: Option<String>,
    /// Latest meeting date.
    pub last_date: Option<String>,
}

/// A committee with its names and members.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Committee {
    /// The fields of the list entry.
    #[serde(flatten)]
    pub summary: CommitteeSummary,
    /// Every name it was recorded under, oldest first.
    pub names: Vec<CommitteeName>,
    /// People recorded as present, giving apologies or absent.
    pub members: Vec<Member>,
}

/// A name a committee was recorded under.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CommitteeName {
    /// The name.
    pub name: String,
    /// First meeting under it.
    pub first_date: Option<String>,
    /// Last meeting under it.
    pub last_date: Option<String>,
}

/// A person's attendance at a committee's meetings.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Member {
    /// The person.
    pub person: String,
    /// Name as last recorded.
    pub name: String,
    /// Roles recorded.
    pub roles: Vec<String>,
    /// Meetings present.
    pub present: i64,
    /// Of which as a substitute.
    pub substitute: i64,
    /// Apologies.
    pub apologies: i64,
    /// Absent.
    pub absent: i64,
}

/// Filters of the committee list.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CommitteeFilter {
    /// Only this authority's committees (its identifier).
    pub authority: Option<String>,
}

fn summary(state: &AppState, c: &CommitteeRow) -> CommitteeSummary {
    CommitteeSummary {
        common: Common::new(
            state,
            Resource::Committee,
            "Committee",
            &c.id,
            c.times.clone().map(|t| (t.created, t.modified)),
        ),
        name: c.name.clone(),
        authority: state.absolute(&links::api(Resource::Authority, &c.authority_id)),
        meetings: state.absolute(&format!(
            "{API}/meetings?committee={}",
            links::query_value(&c.id)
        )),
        meeting_count: c.meetings,
        first_date: c.first_date.clone(),
        last_date: c.last_date.clone(),
    }
}

/// Committees, in the order they last changed.
#[utoipa::path(
    get,
    path = "/api/v1/committees",
    tag = "committees",
    params(ListQuery, CommitteeFilter),
    responses(
        (status = 200, description = "A page of committees", body = List<CommitteeSummary>),
        (status = 400, description = "Bad parameters", body = ErrorBody)
    )
)]
pub async fn index(
    State(state): State<AppState>,
    Q(q): Q<ListQuery>,
    Q(f): Q<CommitteeFilter>,
) -> Result<Json<List<CommitteeSummary>>, ApiError> {
    let (paging, limit) = q.paging()?;
    let rows = state
        .archive
        .committee_rows(f.authority.as_deref(), Some(&paging), limit)
        .await?;
    let extra: Vec<(&str, &str)> = f
        .authority
        .as_deref()
        .map(|a| ("authority", a))
        .into_iter()
        .collect();
    let links = q.links(
        &state,
        &format!("{API}/committees"),
        &extra,
        &rows,
        limit,
        |c| {
            (
                c.times
                    .as_ref()
                    .map(|t| t.modified.clone())
                    .unwrap_or_default(),
                c.id.clone(),
            )
        },
    );
    Ok(Json(List {
        data: rows.iter().map(|c| summary(&state, c)).collect(),
        pagination: Pagination {
            elements_per_page: limit,
        },
        links,
    }))
}

/// One committee, with its names and members' attendance.
#[utoipa::path(
    get,
    path = "/api/v1/committees/{authority}/{committee}",
    tag = "committees",
    params(
        ("authority" = String, Path, description = "The authority's identifier"),
        ("committee" = String, Path, description = "The committee's slug")
    ),
    responses(
        (status = 200, description = "The committee", body = Committee),
        (status = 404, description = "No such committee", body = ErrorBody)
    )
)]
pub async fn show(
    State(state): State<AppState>,
    Path((a, c)): Path<(String, String)>,
) -> Result<Json<Committee>, ApiError> {
    let d = state
        .archive
        .committee(&format!("{a}/{c}"))
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Json(Committee {
        summary: summary(&state, &d.committee),
        names: d
            .names
            .iter()
            .map(|n| CommitteeName {
                name: n.name.clone(),
                first_date: n.first_date.clone(),
                last_date: n.last_date.clone(),
            })
            .collect(),
        members: d
            .members
            .iter()
            .map(|m| Member {
                person: state.absolute(&links::api(Resource::Person, &m.person_id)),
                name: m.name.clone(),
                roles: m.roles.clone(),
                present: m.present,
                substitute: m.substitute,
                apologies: m.apologies,
                absent: m.absent,
            })
            .collect(),
    }))
}
