//! Tracked actions: what committees asked for, with the status the
//! scrutiny tracker gave them from later minutes (or a user set, with a
//! reason), their evidence and their status history; and the one write
//! besides uploads, setting a manual status.

use super::documents::Writer;
use super::{Common, Json, List, ListQuery, Pagination, Q};
use crate::error::{ApiError, AppError, ErrorBody};
use crate::links::{self, API, Resource};
use crate::pages::actions::ActionParams;
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use minutebook_store::tracking::{ActionDetail, ActionStatus, TrackedAction as StoredAction};
use minutebook_track::TrackError;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// When an action is due.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ActionDue {
    /// As the minutes put it ("the next meeting").
    pub text: Option<String>,
    /// The date it resolves to.
    pub date: Option<String>,
    /// The meeting it is due at, when in the archive.
    pub meeting: Option<String>,
    /// `archive`, `gap` (a known meeting not in the archive), `upcoming` or
    /// `deadline`.
    pub state: Option<String>,
}

/// A tracked action, in a list.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TrackedActionSummary {
    /// The fields every object has.
    #[serde(flatten)]
    pub common: Common,
    /// The tracker reference (committee initials, municipal year, number).
    pub reference: String,
    /// What was asked.
    pub text: String,
    /// `report`, `request`, `recommendation`, `work-programme`, `meeting`
    /// or `other`.
    pub kind: Option<String>,
    /// Who must act.
    pub owner: Option<String>,
    /// When.
    pub due: ActionDue,
    /// `open`, `due`, `overdue`, `addressed`, `moved` or `dropped`: a
    /// user's status when one is set, else the tracker's.
    pub status: String,
    /// The tracker's own status.
    pub computed_status: String,
    /// Whether `status` was set by a user.
    pub manual: bool,
    /// Confidence (percent) of what decided the tracker's status.
    pub confidence: Option<i64>,
    /// One line on what happened.
    pub summary: Option<String>,
    /// The authority.
    pub authority: String,
    /// The committee (its latest identity, after renames).
    pub committee: String,
    /// The meeting that asked.
    pub meeting: String,
    /// The agenda item that asked.
    pub item: String,
    /// The minute ("42 (4)").
    pub minute: Option<String>,
    /// The date it was asked.
    pub raised: Option<String>,
    /// The action this one carries on, after a deferral.
    pub moved_from: Option<String>,
    /// The action that carries this one on.
    pub moved_to: Option<String>,
}

/// A tracked action with its evidence and history.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TrackedAction {
    /// The fields of the list entry.
    #[serde(flatten)]
    pub summary: TrackedActionSummary,
    /// What the tracker found: later items that addressed, moved or
    /// dropped it, where it is due, gaps in the archive.
    pub evidence: Vec<ActionEvidence>,
    /// Every status change, oldest first (only ever added to).
    pub history: Vec<ActionStatusChange>,
}

/// A piece of evidence.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ActionEvidence {
    /// `addressed-by`, `moved-to`, `moved-from`, `dropped-by`, `due-at`,
    /// `gap` or `response`.
    pub kind: String,
    /// The meeting, when in the archive.
    pub meeting: Option<String>,
    /// The agenda item.
    pub item: Option<String>,
    /// The date.
    pub date: Option<String>,
    /// Confidence, percent.
    pub confidence: Option<i64>,
    /// The evidence, in words.
    pub text: String,
}

/// A status change.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ActionStatusChange {
    /// The status; `null` when a user handed the action back to the
    /// tracker.
    pub status: Option<String>,
    /// `tracker` or `manual`.
    pub source: String,
    /// Who (manual).
    pub by: Option<String>,
    /// Why (manual).
    pub reason: Option<String>,
    /// The tracker's evidence.
    pub evidence: Option<String>,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// A manual status.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionStatusRequest {
    /// `open`, `due`, `overdue`, `addressed`, `moved` or `dropped`; `null`
    /// hands the action back to the tracker.
    pub status: Option<String>,
    /// Why (required, at most 2000 characters).
    pub reason: String,
    /// Who is setting it (required, at most 2000 characters).
    pub by: String,
}

fn api_of(state: &AppState, r: Resource, id: &str) -> String {
    state.absolute(&links::api(r, id))
}

/// The list entry of `a`.
pub fn summary(state: &AppState, a: &StoredAction) -> TrackedActionSummary {
    let times = a.created.clone().zip(a.modified.clone());
    TrackedActionSummary {
        common: Common::new(state, Resource::Action, "Action", &a.id, times),
        reference: a.reference.clone(),
        text: a.text.clone(),
        kind: a.kind.clone(),
        owner: a.owner.clone(),
        due: ActionDue {
            text: a.due_text.clone(),
            date: a.due_date.clone(),
            meeting: a
                .due_meeting_id
                .as_deref()
                .map(|m| api_of(state, Resource::Meeting, m)),
            state: a.due_state.clone(),
        },
        status: a.status.as_str().to_owned(),
        computed_status: a.computed_status.as_str().to_owned(),
        manual: a.manual,
        confidence: a.confidence,
        summary: a.summary.clone(),
        authority: api_of(state, Resource::Authority, &a.authority_id),
        committee: api_of(state, Resource::Committee, &a.group_id),
        meeting: api_of(state, Resource::Meeting, &a.meeting_id),
        item: api_of(state, Resource::Item, &a.item_id),
        minute: a.minute.clone(),
        raised: a.raised_date.clone(),
        moved_from: a
            .moved_from
            .as_deref()
            .map(|m| api_of(state, Resource::Action, m)),
        moved_to: a
            .moved_to
            .as_deref()
            .map(|m| api_of(state, Resource::Action, m)),
    }
}

fn detail(state: &AppState, d: &ActionDetail) -> TrackedAction {
    TrackedAction {
        summary: summary(state, &d.action),
        evidence: d
            .links
            .iter()
            .map(|l| ActionEvidence {
                kind: l.kind.clone(),
                meeting: l
                    .meeting_id
                    .as_deref()
                    .map(|m| api_of(state, Resource::Meeting, m)),
                item: l
                    .item_id
                    .as_deref()
                    .map(|i| api_of(state, Resource::Item, i)),
                date: l.date.clone(),
                confidence: l.confidence,
                text: l.evidence.clone(),
            })
            .collect(),
        history: d
            .history
            .iter()
            .map(|e| ActionStatusChange {
                status: e.status.map(|s| s.as_str().to_owned()),
                source: e.source.clone(),
                by: e.by.clone(),
                reason: e.reason.clone(),
                evidence: e.evidence.clone(),
                at: e.at.clone(),
            })
            .collect(),
    }
}

/// Tracked actions, in the order they last changed.
#[utoipa::path(
    get,
    path = "/api/v1/actions",
    tag = "actions",
    params(ListQuery, ActionParams),
    responses(
        (status = 200, description = "A page of actions", body = List<TrackedActionSummary>),
        (status = 400, description = "Bad parameters", body = ErrorBody)
    )
)]
pub async fn index(
    State(state): State<AppState>,
    Q(q): Q<ListQuery>,
    Q(f): Q<ActionParams>,
) -> Result<Json<List<TrackedActionSummary>>, ApiError> {
    let (paging, limit) = q.paging()?;
    let mut filter = f.filter()?;
    filter.paging = Some(paging);
    filter.limit = Some(limit);
    let rows = state.archive.actions(&filter).await?;
    let pairs = f.pairs();
    let extra: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let links = q.links(
        &state,
        &format!("{API}/actions"),
        &extra,
        &rows,
        limit,
        |a| (a.modified.clone().unwrap_or_default(), a.id.clone()),
    );
    Ok(Json(List {
        data: rows.iter().map(|a| summary(&state, a)).collect(),
        pagination: Pagination {
            elements_per_page: limit,
        },
        links,
    }))
}

/// One action, with its evidence and status history.
#[utoipa::path(
    get,
    path = "/api/v1/actions/{authority}/{committee}/{date}/{item}/{action}",
    tag = "actions",
    params(
        ("authority" = String, Path, description = "The authority's identifier"),
        ("committee" = String, Path, description = "The committee's slug"),
        ("date" = String, Path, description = "The meeting's date (or key)"),
        ("item" = String, Path, description = "The item's key"),
        ("action" = String, Path, description = "The action's key (`a1`, …)")
    ),
    responses(
        (status = 200, description = "The action", body = TrackedAction),
        (status = 404, description = "No such action", body = ErrorBody)
    )
)]
pub async fn show(
    State(state): State<AppState>,
    Path((a, c, d, i, n)): Path<(String, String, String, String, String)>,
) -> Result<Json<TrackedAction>, ApiError> {
    let found = state
        .archive
        .action(&format!("{a}/{c}/{d}/{i}/{n}"))
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Json(detail(&state, &found)))
}

/// Sets a manual status (or hands the action back to the tracker). The
/// tracker's later recomputations keep it; every change stays in the
/// history.
#[utoipa::path(
    post,
    path = "/api/v1/actions/{authority}/{committee}/{date}/{item}/{action}/status",
    tag = "actions",
    params(
        ("authority" = String, Path, description = "The authority's identifier"),
        ("committee" = String, Path, description = "The committee's slug"),
        ("date" = String, Path, description = "The meeting's date (or key)"),
        ("item" = String, Path, description = "The item's key"),
        ("action" = String, Path, description = "The action's key (`a1`, …)")
    ),
    request_body(content = ActionStatusRequest, content_type = "application/json"),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The action, with its new status", body = TrackedAction),
        (status = 400, description = "A bad status, or no reason or name", body = ErrorBody),
        (status = 401, description = "No valid bearer token", body = ErrorBody),
        (status = 403, description = "Writes are disabled on this server", body = ErrorBody),
        (status = 404, description = "No such action", body = ErrorBody),
        (status = 413, description = "The body is too large", body = ErrorBody)
    )
)]
pub async fn set_status(
    State(state): State<AppState>,
    _writer: Writer,
    Path((a, c, d, i, n)): Path<(String, String, String, String, String)>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<TrackedAction>, ApiError> {
    let max = state.config.limits.max_body_bytes;
    let bytes = body.map_err(|_| AppError::BadRequest("the body could not be read".into()))?;
    if bytes.len() > max {
        return Err(AppError::TooLarge(format!("the body is larger than {max} bytes")).into());
    }
    let req: ActionStatusRequest = serde_json::from_slice(&bytes).map_err(|e| {
        AppError::BadRequest(format!(
            "the body must be JSON {{\"status\", \"reason\", \"by\"}}: {e}"
        ))
    })?;
    let status = req
        .status
        .as_deref()
        .map(|s| {
            ActionStatus::parse(s).ok_or_else(|| {
                AppError::BadRequest(format!(
                    "status must be one of open, due, overdue, addressed, moved, dropped or null (not {s:?})"
                ))
            })
        })
        .transpose()?;
    if req.reason.trim().is_empty() || req.by.trim().is_empty() {
        return Err(AppError::BadRequest(
            "a manual status needs a reason and who set it (by)".into(),
        )
        .into());
    }
    let id = format!("{a}/{c}/{d}/{i}/{n}");
    minutebook_track::set_status(state.archive.as_ref(), &id, status, &req.reason, &req.by)
        .await
        .map_err(|e| match e {
            TrackError::NoAction(_) => AppError::NotFound,
            TrackError::Manual(m) => AppError::BadRequest(m),
            other => AppError::Internal(Box::new(other)),
        })?;
    let found = state.archive.action(&id).await?.ok_or(AppError::NotFound)?;
    Ok(Json(detail(&state, &found)))
}
