//! Errors, and which type to use where.
//!
//! - **[`AppError`]** says what went wrong, once, for the whole server.
//!   Library errors (`StoreError`, `IngestError`) become
//!   [`AppError::Internal`] with `?`.
//! - **HTML handlers** (`pages::*`, `feeds::*`) return
//!   `Result<_, PageError>`: the client gets an error page in the site's
//!   layout.
//! - **API handlers** (`api::*`) return `Result<_, ApiError>`: the client
//!   gets JSON, `{"errors": [{"status": 404, "detail": "…"}]}`, as
//!   crates.io's API does.
//! - **Middleware** (rate limit, size limits, time-outs, panics, unknown
//!   routes) calls [`respond`], which picks the form by path (`/api/…` gets
//!   JSON).
//!
//! Clients never see a stack trace, an SQL message or a library's error
//! text: an internal error is logged with its whole chain under a reference
//! number, and the client is shown only the reference.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::sync::atomic::{AtomicU64, Ordering};

/// What went wrong.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// No such page or object.
    #[error("not found")]
    NotFound,
    /// The object existed and was removed (an item a later version of the
    /// minutes dropped).
    #[error("{detail}")]
    Gone {
        /// What happened, for the reader.
        detail: String,
        /// Where to go instead (the meeting's page).
        link: Option<String>,
    },
    /// The request is malformed (the message says how).
    #[error("{0}")]
    BadRequest(String),
    /// A write without a valid bearer token.
    #[error("a valid bearer token is required")]
    Unauthorized,
    /// A write to a server configured without a token.
    #[error("writes are disabled on this server (it has no token configured)")]
    WritesDisabled,
    /// The body is larger than allowed.
    #[error("{0}")]
    TooLarge(String),
    /// The URI (path and query) is longer than allowed.
    #[error("the address is too long")]
    UriTooLong,
    /// The client has used up its allowance.
    #[error("too many requests: try again in {retry_after} s")]
    RateLimited {
        /// Seconds until a request will be accepted.
        retry_after: u64,
    },
    /// An uploaded document could not be read as minutes.
    #[error("{0}")]
    Unprocessable(String),
    /// The request took too long.
    #[error("the request took too long")]
    Timeout,
    /// Anything else: a bug or a failing database. Never shown.
    #[error("internal error")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl From<minutebook_store::StoreError> for AppError {
    fn from(e: minutebook_store::StoreError) -> Self {
        Self::Internal(Box::new(e))
    }
}

impl From<minutebook_ingest::IngestError> for AppError {
    fn from(e: minutebook_ingest::IngestError) -> Self {
        Self::Internal(Box::new(e))
    }
}

impl AppError {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Gone { .. } => StatusCode::GONE,
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::WritesDisabled => StatusCode::FORBIDDEN,
            Self::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UriTooLong => StatusCode::URI_TOO_LONG,
            Self::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Timeout => StatusCode::REQUEST_TIMEOUT,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// What the client is told. Internal errors are logged here, with
    /// their chain, under the reference the client is given.
    pub fn public_detail(&self) -> String {
        match self {
            Self::Internal(e) => {
                let reference = reference();
                let mut chain = e.to_string();
                let mut source = e.source();
                while let Some(s) = source {
                    chain.push_str(": ");
                    chain.push_str(&s.to_string());
                    source = s.source();
                }
                tracing::error!(reference, error = %chain, "internal error");
                format!("something went wrong on our side (reference {reference})")
            }
            Self::NotFound => "there is nothing at this address".into(),
            other => other.to_string(),
        }
    }

    fn headers(&self, response: &mut Response) {
        let h = response.headers_mut();
        match self {
            Self::Unauthorized => {
                h.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            Self::RateLimited { retry_after } => {
                if let Ok(v) = HeaderValue::from_str(&retry_after.to_string()) {
                    h.insert(header::RETRY_AFTER, v);
                }
            }
            _ => {}
        }
    }
}

/// A short reference for an internal error, to find it in the log.
fn reference() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let t = chrono::Utc::now().timestamp();
    format!("{t:x}-{n}")
}

/// An error answered with an HTML page.
#[derive(Debug)]
pub struct PageError(pub AppError);

impl<E: Into<AppError>> From<E> for PageError {
    fn from(e: E) -> Self {
        Self(e.into())
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let err = self.0;
        let link = match &err {
            AppError::Gone { link, .. } => link.clone(),
            _ => None,
        };
        let mut response = (
            err.status(),
            crate::pages::error_page(err.status(), &err.public_detail(), link),
        )
            .into_response();
        err.headers(&mut response);
        response
    }
}

/// An error answered with JSON.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl<E: Into<AppError>> From<E> for ApiError {
    fn from(e: E) -> Self {
        Self(e.into())
    }
}

/// The JSON body of an API error.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// One entry per problem (there is always one).
    pub errors: Vec<ErrorDetail>,
}

/// One problem.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// The HTTP status.
    pub status: u16,
    /// What went wrong, for people.
    pub detail: String,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let err = self.0;
        let body = ErrorBody {
            errors: vec![ErrorDetail {
                status: err.status().as_u16(),
                detail: err.public_detail(),
            }],
        };
        let mut response = (err.status(), axum::Json(body)).into_response();
        err.headers(&mut response);
        response
    }
}

/// Answers `err` for a request to `path`: JSON under the API, else a page.
pub fn respond(path: &str, err: AppError) -> Response {
    if path == crate::links::API || path.starts_with(&format!("{}/", crate::links::API)) {
        ApiError(err).into_response()
    } else {
        PageError(err).into_response()
    }
}
