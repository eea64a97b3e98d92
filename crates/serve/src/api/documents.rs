//! `POST /api/v1/documents`: the one write. A client with the server's
//! bearer token uploads a minutes document (ModernGov text or HTML, PDF),
//! which is parsed and stored exactly as `minutebook ingest` would (the
//! API registry and the scrutiny tracker are brought up to date with it).

use super::{Json, Q};
use crate::error::{ApiError, AppError, ErrorBody};
use crate::links::{self, Resource};
use crate::security::authorize;
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRequestParts, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use minutebook_ingest::{FileResult, Upload, ingest_upload};
use minutebook_store::Outcome;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Proof that the request carries the write token. An extractor, so the
/// check runs before the body is read.
#[derive(Debug)]
pub struct Writer;

impl FromRequestParts<AppState> for Writer {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        authorize(state, &parts.headers)?;
        Ok(Self)
    }
}

/// About the uploaded document.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UploadQuery {
    /// A name for the document (its file name), kept as its source.
    pub name: Option<String>,
    /// The authority, for a document that does not name its council.
    pub authority: Option<String>,
}

/// What the upload did.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UploadResult {
    /// `new`, `updated` (a new version of a stored meeting) or `unchanged`.
    pub outcome: String,
    /// The meeting's object.
    pub meeting: Option<String>,
    /// The meeting's identifier.
    pub identifier: Option<String>,
}

/// Longest document name kept.
const MAX_NAME: usize = 200;

/// Uploads a minutes document to ingest.
#[utoipa::path(
    post,
    path = "/api/v1/documents",
    tag = "documents",
    params(UploadQuery),
    request_body(content = Vec<u8>, description = "The document's bytes", content_type = "application/octet-stream"),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Stored as a new meeting or a new version", body = UploadResult),
        (status = 200, description = "These bytes were already stored", body = UploadResult),
        (status = 401, description = "No valid bearer token", body = ErrorBody),
        (status = 403, description = "Writes are disabled on this server", body = ErrorBody),
        (status = 413, description = "The document is too large", body = ErrorBody),
        (status = 422, description = "The document could not be read as minutes", body = ErrorBody)
    )
)]
pub async fn upload(
    State(state): State<AppState>,
    _writer: Writer,
    Q(q): Q<UploadQuery>,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<UploadResult>), ApiError> {
    let max = state.config.limits.max_upload_bytes;
    let bytes = body.map_err(|e| match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE => {
            AppError::TooLarge(format!("the document is larger than {max} bytes"))
        }
        _ => AppError::BadRequest("the document could not be read".into()),
    })?;
    if bytes.is_empty() {
        return Err(AppError::BadRequest("the document is empty".into()).into());
    }
    let name: String = q
        .name
        .unwrap_or_else(|| "upload".into())
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_NAME)
        .collect();
    let upload = Upload {
        name,
        bytes: bytes.to_vec(),
        authority: q.authority.filter(|a| !a.trim().is_empty()),
    };
    let limits = minutebook_parse::Limits { max_bytes: max };
    let result = ingest_upload(state.archive.as_ref(), upload, limits).await?;
    let (outcome, meeting_id) = match result {
        FileResult::Stored {
            outcome,
            meeting_id,
        } => (outcome, meeting_id),
        FileResult::Failed(reason) => return Err(AppError::Unprocessable(reason).into()),
    };
    if let Some(id) = &meeting_id {
        let committee: Vec<&str> = id.split('/').take(2).collect();
        state.committees.forget(&committee.join("/"));
    }
    if let Err(e) = crate::registry::catch_up(state.archive.as_ref()).await {
        tracing::warn!(error = %e, "API registry not brought up to date after an upload");
    }
    // The tracker follows the same change feed; an upload that answered
    // an action shows on the tracker at once.
    let today = chrono::Local::now().date_naive();
    if let Err(e) = minutebook_track::catch_up(state.archive.as_ref(), today).await {
        tracing::warn!(error = %e, "tracker not brought up to date after an upload");
    }
    let status = match outcome {
        Outcome::Unchanged => StatusCode::OK,
        Outcome::New | Outcome::Updated => StatusCode::CREATED,
    };
    Ok((
        status,
        Json(UploadResult {
            outcome: minutebook_store::rows::enum_name(&outcome).unwrap_or_default(),
            meeting: meeting_id
                .as_deref()
                .map(|id| state.absolute(&links::api(Resource::Meeting, id))),
            identifier: meeting_id,
        }),
    ))
}
