//! Meetings (OParl's "Meeting"), each with its attendance, declarations and
//! agenda items.

use super::items::{AgendaItem, PersonRef, item_object, meeting_row, person_ref};
use super::{Common, Json, List, ListQuery, Pagination, Q};
use crate::error::{ApiError, AppError, ErrorBody};
use crate::links::{self, API, Resource};
use crate::state::AppState;
use axum::extract::{Path, State};
use minutebook_store::browse::{MeetingOrder, MeetingQuery, MeetingRow};
use minutebook_store::rows::enum_name;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// A meeting, in a list.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MeetingSummary {
    /// The fields every object has.
    #[serde(flatten)]
    pub common: Common,
    /// "Audit Committee, 13 June 2024".
    pub name: String,
    /// ISO date.
    pub date: Option<String>,
    /// Start time, `HH:MM`, UK time.
    pub start_time: Option<String>,
    /// Where it was held.
    pub location: Option<String>,
    /// Its authority.
    pub authority: String,
    /// Its committee.
    pub committee: String,
    /// `draft` or `final`.
    pub minutes_status: Option<String>,
    /// Number of agenda items.
    pub item_count: i64,
}

/// A meeting with everything its minutes record.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Meeting {
    /// The fields of the list entry.
    #[serde(flatten)]
    pub summary: MeetingSummary,
    /// The named clerk or officer.
    pub contact: Option<String>,
    /// Who was there.
    pub attendance: Attendance,
    /// The previous minutes, when the meeting dealt with them.
    pub previous_minutes: Option<PreviousMinutes>,
    /// Agenda items in order.
    pub agenda_item: Vec<AgendaItem>,
    /// Declarations of interest.
    pub declarations: Vec<Declaration>,
    /// Versions of the minutes stored.
    pub versions: usize,
}

/// Who was there.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Attendance {
    /// Present (substitutes included).
    pub present: Vec<PersonRef>,
    /// Apologies.
    pub apologies: Vec<PersonRef>,
    /// Absent.
    pub absent: Vec<PersonRef>,
    /// Non-members present for the whole meeting.
    pub also_present: Vec<PersonRef>,
    /// Members of the public.
    pub public_count: Option<u32>,
}

/// The previous minutes.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PreviousMinutes {
    /// Date of the meeting whose minutes were considered.
    pub date: Option<String>,
    /// Whether they were confirmed.
    pub approved: Option<bool>,
}

/// A declaration of interest.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Declaration {
    /// The member declaring.
    pub member: String,
    /// Their person object.
    pub person: String,
    /// The item, as written.
    pub item: Option<String>,
    /// `pecuniary`, `other-disclosable`, `personal`, `prejudicial` or `other`.
    pub kind: Option<String>,
    /// Its words.
    pub text: Option<String>,
}

/// Filters of the meeting list.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MeetingFilter {
    /// Only this committee's meetings (its identifier).
    pub committee: Option<String>,
    /// Only this authority's meetings (its identifier).
    pub authority: Option<String>,
}

fn summary(state: &AppState, m: &MeetingRow) -> MeetingSummary {
    let name = match &m.date {
        Some(d) => format!("{}, {}", m.committee, crate::text::date(d)),
        None => m.committee.clone(),
    };
    MeetingSummary {
        common: Common::new(
            state,
            Resource::Meeting,
            "Meeting",
            &m.id,
            Some((m.created.clone(), m.modified.clone())),
        ),
        name,
        date: m.date.clone(),
        start_time: m.start_time.clone(),
        location: m.venue.clone(),
        authority: state.absolute(&links::api(Resource::Authority, &m.authority_id)),
        committee: state.absolute(&links::api(Resource::Committee, &m.committee_id)),
        minutes_status: m.minutes_status.as_ref().and_then(enum_name),
        item_count: m.items,
    }
}

/// Meetings, in the order they were last written.
#[utoipa::path(
    get,
    path = "/api/v1/meetings",
    tag = "meetings",
    params(ListQuery, MeetingFilter),
    responses(
        (status = 200, description = "A page of meetings", body = List<MeetingSummary>),
        (status = 400, description = "Bad parameters", body = ErrorBody)
    )
)]
pub async fn index(
    State(state): State<AppState>,
    Q(q): Q<ListQuery>,
    Q(f): Q<MeetingFilter>,
) -> Result<Json<List<MeetingSummary>>, ApiError> {
    let (paging, limit) = q.paging()?;
    let rows = state
        .archive
        .meeting_rows(&MeetingQuery {
            committee_id: f.committee.clone(),
            authority_id: f.authority.clone(),
            order: MeetingOrder::Modified(paging),
            limit: Some(limit),
            ..MeetingQuery::default()
        })
        .await?;
    let extra: Vec<(&str, &str)> = [("committee", &f.committee), ("authority", &f.authority)]
        .into_iter()
        .filter_map(|(k, v)| v.as_deref().map(|v| (k, v)))
        .collect();
    let links = q.links(
        &state,
        &format!("{API}/meetings"),
        &extra,
        &rows,
        limit,
        |m| (m.modified.clone(), m.id.clone()),
    );
    Ok(Json(List {
        data: rows.iter().map(|m| summary(&state, m)).collect(),
        pagination: Pagination {
            elements_per_page: limit,
        },
        links,
    }))
}

/// One meeting with its attendance, declarations and agenda items.
#[utoipa::path(
    get,
    path = "/api/v1/meetings/{authority}/{committee}/{date}",
    tag = "meetings",
    params(
        ("authority" = String, Path, description = "The authority's identifier"),
        ("committee" = String, Path, description = "The committee's slug"),
        ("date" = String, Path, description = "The meeting's date (or undated-…)")
    ),
    responses(
        (status = 200, description = "The meeting", body = Meeting),
        (status = 404, description = "No such meeting", body = ErrorBody)
    )
)]
pub async fn show(
    State(state): State<AppState>,
    Path((a, c, d)): Path<(String, String, String)>,
) -> Result<Json<Meeting>, ApiError> {
    let id = format!("{a}/{c}/{d}");
    let stored = state
        .archive
        .meeting(&id)
        .await?
        .ok_or(AppError::NotFound)?;
    let row = meeting_row(&state, &id).await?;
    let m = &stored.meeting;
    let people = |ps: &[minutebook_record::Person]| {
        ps.iter()
            .map(|p| person_ref(&state, &row.authority_id, p))
            .collect()
    };
    let at = &m.attendance;
    Ok(Json(Meeting {
        summary: summary(&state, &row),
        contact: m.contact.clone(),
        attendance: Attendance {
            present: people(&at.present),
            apologies: people(&at.apologies),
            absent: people(&at.absent),
            also_present: people(&at.also_present),
            public_count: at.public_count,
        },
        previous_minutes: m.previous_minutes.as_ref().map(|p| PreviousMinutes {
            date: p.date.clone(),
            approved: p.approved,
        }),
        agenda_item: m
            .items
            .iter()
            .zip(&stored.ids.items)
            .map(|(item, ids)| item_object(&state, &row, item, ids))
            .collect(),
        declarations: m
            .declarations
            .iter()
            .map(|x| Declaration {
                member: x.member.clone(),
                person: state.absolute(&links::api(
                    Resource::Person,
                    &minutebook_store::ids::person_id(&row.authority_id, &x.member),
                )),
                item: x.item.clone(),
                kind: x.kind.as_ref().and_then(enum_name),
                text: x.text.clone(),
            })
            .collect(),
        versions: stored.versions.len(),
    }))
}
