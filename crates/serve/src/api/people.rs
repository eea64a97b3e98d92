//! People named in the minutes.

use super::{Common, Json, List, ListQuery, Pagination, Q};
use crate::error::{ApiError, AppError, ErrorBody};
use crate::links::{self, API, Resource};
use crate::state::AppState;
use axum::extract::{Path, State};
use minutebook_store::browse::PersonRow;
use serde::Serialize;
use utoipa::ToSchema;

/// A person, in a list.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PersonSummary {
    /// The fields every object has.
    #[serde(flatten)]
    pub common: Common,
    /// Name, without honorifics.
    pub name: String,
    /// Their authority.
    pub authority: String,
}

/// A person with their record.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Person {
    /// The fields of the list entry.
    #[serde(flatten)]
    pub summary: PersonSummary,
    /// Every attendance record, latest meeting first.
    pub attendance: Vec<AttendanceRecord>,
    /// Declarations of interest under their name, latest first.
    pub declarations: Vec<PersonDeclaration>,
}

/// One attendance record.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AttendanceRecord {
    /// The meeting.
    pub meeting: String,
    /// Its date.
    pub date: Option<String>,
    /// Its committee.
    pub committee: String,
    /// `present`, `apologies`, `absent`, `also-present` or `in-attendance`.
    pub status: String,
    /// Name as written.
    pub name: String,
    /// "Councillor", …
    pub honorific: Option<String>,
    /// `chair`, `substitute`, …
    pub role: Option<String>,
    /// For a substitute: whom they replaced.
    pub substitute_for: Option<String>,
    /// Description as written.
    pub description: Option<String>,
    /// For `in-attendance`: the item.
    pub item: Option<String>,
}

/// A declaration of interest.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PersonDeclaration {
    /// The meeting.
    pub meeting: String,
    /// Its date.
    pub date: Option<String>,
    /// The item, as written.
    pub item: Option<String>,
    /// `pecuniary`, `personal`, …
    pub kind: Option<String>,
    /// Its words.
    pub text: Option<String>,
}

fn summary(state: &AppState, p: &PersonRow) -> PersonSummary {
    PersonSummary {
        common: Common::new(
            state,
            Resource::Person,
            "Person",
            &p.id,
            p.times.clone().map(|t| (t.created, t.modified)),
        ),
        name: p.name.clone(),
        authority: state.absolute(&links::api(Resource::Authority, &p.authority_id)),
    }
}

/// People, in the order they last changed (a person changes when a
/// meeting they are recorded at does).
#[utoipa::path(
    get,
    path = "/api/v1/people",
    tag = "people",
    params(ListQuery),
    responses(
        (status = 200, description = "A page of people", body = List<PersonSummary>),
        (status = 400, description = "Bad parameters", body = ErrorBody)
    )
)]
pub async fn index(
    State(state): State<AppState>,
    Q(q): Q<ListQuery>,
) -> Result<Json<List<PersonSummary>>, ApiError> {
    let (paging, limit) = q.paging()?;
    let rows = state.archive.person_rows(&paging, limit).await?;
    let links = q.links(&state, &format!("{API}/people"), &[], &rows, limit, |p| {
        (
            p.times
                .as_ref()
                .map(|t| t.modified.clone())
                .unwrap_or_default(),
            p.id.clone(),
        )
    });
    Ok(Json(List {
        data: rows.iter().map(|p| summary(&state, p)).collect(),
        pagination: Pagination {
            elements_per_page: limit,
        },
        links,
    }))
}

/// One person, with every meeting they are recorded at.
#[utoipa::path(
    get,
    path = "/api/v1/people/{authority}/{person}",
    tag = "people",
    params(
        ("authority" = String, Path, description = "The authority's identifier"),
        ("person" = String, Path, description = "The person's slug")
    ),
    responses(
        (status = 200, description = "The person", body = Person),
        (status = 404, description = "No such person", body = ErrorBody)
    )
)]
pub async fn show(
    State(state): State<AppState>,
    Path((a, p)): Path<(String, String)>,
) -> Result<Json<Person>, ApiError> {
    let d = state
        .archive
        .person(&format!("{a}/{p}"))
        .await?
        .ok_or(AppError::NotFound)?;
    let url = |r, id: &str| state.absolute(&links::api(r, id));
    Ok(Json(Person {
        summary: summary(&state, &d.person),
        attendance: d
            .attendance
            .iter()
            .map(|r| AttendanceRecord {
                meeting: url(Resource::Meeting, &r.meeting_id),
                date: r.date.clone(),
                committee: url(Resource::Committee, &r.committee_id),
                status: r.status.clone(),
                name: r.name.clone(),
                honorific: r.honorific.clone(),
                role: r.role.clone(),
                substitute_for: r.substitute_for.clone(),
                description: r.description.clone(),
                item: r.item_id.as_deref().map(|i| url(Resource::Item, i)),
            })
            .collect(),
        declarations: d
            .declarations
            .iter()
            .map(|x| PersonDeclaration {
                meeting: url(Resource::Meeting, &x.meeting_id),
                date: x.date.clone(),
                item: x.item.clone(),
                kind: x.kind.clone(),
                text: x.text.clone(),
            })
            .collect(),
    }))
}
