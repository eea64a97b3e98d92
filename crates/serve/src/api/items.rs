//! Agenda items (OParl's "AgendaItem"), with their minutes, resolutions,
//! actions and references. Items dropped by a later version of the minutes
//! stay listed with `deleted: true`.

use super::{Common, Json, List, ListQuery, Pagination, Q};
use crate::error::{ApiError, AppError, ErrorBody};
use crate::links::{self, API, Resource};
use crate::state::AppState;
use axum::extract::{Path, State};
use minutebook_record as record;
use minutebook_store::browse::{ItemRow, MeetingQuery, MeetingRow};
use minutebook_store::ids::ItemIds;
use minutebook_store::rows::enum_name;
use serde::Serialize;
use utoipa::ToSchema;

/// An agenda item, in a list (or deleted).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AgendaItemSummary {
    /// The fields every object has.
    #[serde(flatten)]
    pub common: Common,
    /// Its meeting.
    pub meeting: String,
    /// Number as printed ("22", "51/23"); `null` when deleted or unnumbered.
    pub number: Option<String>,
    /// Its title; `null` when deleted.
    pub name: Option<String>,
    /// `apologies`, `declarations`, `previous-minutes`, `public-participation`,
    /// `substantive`, `work-programme`, `exclusion` or `other`; `null` when deleted.
    pub kind: Option<String>,
}

/// An agenda item with everything the minutes say about it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AgendaItem {
    /// The fields of the list entry.
    #[serde(flatten)]
    pub summary: AgendaItemSummary,
    /// The agenda's description.
    pub agenda_text: Option<String>,
    /// The minuted text.
    pub minutes_text: Option<String>,
    /// The published page showed only the start of the minutes.
    pub minutes_truncated: bool,
    /// Attached documents.
    pub documents: Vec<Document>,
    /// Officers and guests attending for this item.
    pub in_attendance: Vec<PersonRef>,
    /// What was resolved.
    pub resolutions: Vec<Resolution>,
    /// What was asked for.
    pub actions: Vec<Action>,
    /// Earlier minutes cited.
    pub references: Vec<Reference>,
}

/// A document attached to an item.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Document {
    /// Its title.
    pub title: String,
    /// "PDF", …
    pub format: Option<String>,
    /// Size in kilobytes, as printed.
    pub size_kb: Option<u32>,
}

/// A person named in the minutes.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PersonRef {
    /// The person's object.
    pub person: String,
    /// Name, without honorifics.
    pub name: String,
    /// "Councillor", …
    pub honorific: Option<String>,
    /// `chair`, `vice-chair`, `member`, `substitute`, `co-opted`,
    /// `cabinet-member`, `officer` or `representative`.
    pub role: Option<String>,
    /// For a substitute: the member replaced.
    pub substitute_for: Option<String>,
    /// Description as written.
    pub description: Option<String>,
}

/// A resolution.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Resolution {
    /// Its identifier.
    pub identifier: String,
    /// "(1)", "a)", … or `null`.
    pub label: Option<String>,
    /// The substance, without "RESOLVED: That".
    pub text: String,
    /// The vote, when recorded.
    pub vote: Option<Vote>,
}

/// A recorded vote.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Vote {
    /// Votes for.
    #[serde(rename = "for")]
    pub for_: Option<u32>,
    /// Votes against.
    pub against: Option<u32>,
    /// Abstentions.
    pub abstain: Option<u32>,
    /// `carried` or `lost`.
    pub outcome: Option<String>,
    /// Decided by the chair's casting vote.
    pub casting_vote: bool,
    /// Named votes.
    pub recorded: Vec<RecordedVote>,
}

/// One member's recorded vote.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecordedVote {
    /// The member.
    pub name: String,
    /// `for`, `against` or `abstain`.
    pub vote: String,
}

/// Something the meeting asked for.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Action {
    /// Its identifier.
    pub identifier: String,
    /// What is to be done.
    pub text: String,
    /// Who must act.
    pub owner: Option<String>,
    /// ISO due date.
    pub due_date: Option<String>,
    /// The due phrase as written.
    pub due_text: Option<String>,
    /// `report`, `work-programme`, `meeting`, `request`, `recommendation` or `other`.
    pub kind: Option<String>,
    /// Label of the resolution it comes from.
    pub from_resolution: Option<String>,
}

/// A citation of earlier minutes.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Reference {
    /// The minute cited.
    pub minute: Option<String>,
    /// Date of the meeting cited.
    pub meeting_date: Option<String>,
    /// The citing words.
    pub text: String,
}

/// A person named in the minutes, as an API reference.
pub fn person_ref(state: &AppState, authority_id: &str, p: &record::Person) -> PersonRef {
    PersonRef {
        person: state.absolute(&links::api(
            Resource::Person,
            &minutebook_store::ids::person_id(authority_id, &p.name),
        )),
        name: p.name.clone(),
        honorific: p.honorific.clone(),
        role: p.role.as_ref().and_then(enum_name),
        substitute_for: p.substitute_for.clone(),
        description: p.description.clone(),
    }
}

/// The item `item` of meeting `m` (whose list row is `row`).
pub fn item_object(
    state: &AppState,
    row: &MeetingRow,
    item: &record::Item,
    ids: &ItemIds,
) -> AgendaItem {
    let times = Some((row.created.clone(), row.modified.clone()));
    AgendaItem {
        summary: AgendaItemSummary {
            common: Common::new(state, Resource::Item, "AgendaItem", &ids.id, times),
            meeting: state.absolute(&links::api(Resource::Meeting, &row.id)),
            number: item.number.clone(),
            name: Some(item.title.clone()),
            kind: enum_name(&item.kind),
        },
        agenda_text: item.agenda_text.clone(),
        minutes_text: item.minutes_text.clone(),
        minutes_truncated: item.minutes_truncated,
        documents: item
            .documents
            .iter()
            .map(|d| Document {
                title: d.title.clone(),
                format: d.format.clone(),
                size_kb: d.size_kb,
            })
            .collect(),
        in_attendance: item
            .in_attendance
            .iter()
            .map(|p| person_ref(state, &row.authority_id, p))
            .collect(),
        resolutions: item
            .resolutions
            .iter()
            .zip(&ids.resolutions)
            .map(|(r, id)| Resolution {
                identifier: id.clone(),
                label: r.label.clone(),
                text: r.text.clone(),
                vote: r.vote.as_ref().map(|v| Vote {
                    for_: v.for_,
                    against: v.against,
                    abstain: v.abstain,
                    outcome: v.outcome.as_ref().and_then(enum_name),
                    casting_vote: v.casting_vote,
                    recorded: v
                        .recorded
                        .iter()
                        .map(|rv| RecordedVote {
                            name: rv.name.clone(),
                            vote: enum_name(&rv.vote).unwrap_or_default(),
                        })
                        .collect(),
                }),
            })
            .collect(),
        actions: item
            .actions
            .iter()
            .zip(&ids.actions)
            .map(|(a, id)| Action {
                identifier: id.clone(),
                text: a.text.clone(),
                owner: a.owner.clone(),
                due_date: a.due_date.clone(),
                due_text: a.due_text.clone(),
                kind: a.kind.as_ref().and_then(enum_name),
                from_resolution: a.from_resolution.clone(),
            })
            .collect(),
        references: item
            .references
            .iter()
            .map(|r| Reference {
                minute: r.minute.clone(),
                meeting_date: r.meeting_date.clone(),
                text: r.text.clone(),
            })
            .collect(),
    }
}

fn summary(state: &AppState, r: &ItemRow) -> AgendaItemSummary {
    let mut common = Common::new(
        state,
        Resource::Item,
        "AgendaItem",
        &r.id,
        Some((r.created.clone(), r.modified.clone())),
    );
    common.deleted = r.deleted;
    AgendaItemSummary {
        common,
        meeting: state.absolute(&links::api(Resource::Meeting, &r.meeting_id)),
        number: r.number.clone(),
        name: r.title.clone(),
        kind: r.kind.clone(),
    }
}

/// Agenda items, live and deleted, in the order they last changed.
#[utoipa::path(
    get,
    path = "/api/v1/items",
    tag = "items",
    params(ListQuery),
    responses(
        (status = 200, description = "A page of agenda items", body = List<AgendaItemSummary>),
        (status = 400, description = "Bad parameters", body = ErrorBody)
    )
)]
pub async fn index(
    State(state): State<AppState>,
    Q(q): Q<ListQuery>,
) -> Result<Json<List<AgendaItemSummary>>, ApiError> {
    let (paging, limit) = q.paging()?;
    let rows = state.archive.item_rows(&paging, limit).await?;
    let links = q.links(&state, &format!("{API}/items"), &[], &rows, limit, |r| {
        (r.modified.clone(), r.id.clone())
    });
    Ok(Json(List {
        data: rows.iter().map(|r| summary(&state, r)).collect(),
        pagination: Pagination {
            elements_per_page: limit,
        },
        links,
    }))
}

/// One agenda item; a deleted one is answered with `deleted: true`.
#[utoipa::path(
    get,
    path = "/api/v1/items/{authority}/{committee}/{date}/{item}",
    tag = "items",
    params(
        ("authority" = String, Path, description = "The authority's identifier"),
        ("committee" = String, Path, description = "The committee's slug"),
        ("date" = String, Path, description = "The meeting's date (or undated-…)"),
        ("item" = String, Path, description = "The item's key (its minute number's slug, or _N)")
    ),
    responses(
        (status = 200, description = "The agenda item (or, deleted, its summary)", body = AgendaItem),
        (status = 404, description = "No such item", body = ErrorBody)
    )
)]
pub async fn show(
    State(state): State<AppState>,
    Path((a, c, d, i)): Path<(String, String, String, String)>,
) -> Result<axum::response::Response, ApiError> {
    use axum::response::IntoResponse;
    let meeting_id = format!("{a}/{c}/{d}");
    let id = format!("{meeting_id}/{i}");
    if let Some(stored) = state.archive.meeting(&meeting_id).await? {
        let row = meeting_row(&state, &meeting_id).await?;
        let found = stored
            .meeting
            .items
            .iter()
            .zip(&stored.ids.items)
            .find(|(_, ids)| ids.id == id);
        if let Some((item, ids)) = found {
            return Ok(Json(item_object(&state, &row, item, ids)).into_response());
        }
    }
    let gone = state
        .archive
        .deleted_item(&id)
        .await?
        .ok_or(AppError::NotFound)?;
    let row = ItemRow {
        id: gone.id,
        meeting_id: gone.meeting_id,
        number: None,
        title: None,
        kind: None,
        created: gone.created,
        modified: gone.modified,
        deleted: true,
    };
    Ok(Json(summary(&state, &row)).into_response())
}

/// The list row (times, names) of a stored meeting.
pub async fn meeting_row(state: &AppState, id: &str) -> Result<MeetingRow, AppError> {
    state
        .archive
        .meeting_rows(&MeetingQuery {
            id: Some(id.to_owned()),
            ..MeetingQuery::default()
        })
        .await?
        .into_iter()
        .next()
        .ok_or(AppError::NotFound)
}
