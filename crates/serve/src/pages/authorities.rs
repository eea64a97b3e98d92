//! The councils: a list of all, and each council's committees and latest
//! meetings.

use super::{Layout, Link, MeetingLine, home_crumb, years};
use crate::error::{AppError, PageError};
use crate::links::{self, Resource};
use crate::state::AppState;
use crate::text;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use minutebook_store::browse::{AuthorityRow, MeetingQuery};

/// Latest meetings shown on a council's page.
const LATEST: u32 = 10;

/// A council in a list.
#[derive(Debug, Clone)]
pub struct AuthorityLine {
    /// The council, linked.
    pub link: Link,
    /// Committees stored.
    pub committees: i64,
    /// "2022 to 2024".
    pub years: Option<String>,
}

impl From<&AuthorityRow> for AuthorityLine {
    fn from(a: &AuthorityRow) -> Self {
        Self {
            link: Link::new(
                links::page(Resource::Authority, &a.id),
                text::authority_name(&a.id, a.name.as_deref()),
            ),
            committees: a.committees,
            years: years(a.first_date.as_deref(), a.last_date.as_deref()),
        }
    }
}

/// A committee in a council's list.
#[derive(Debug, Clone)]
pub struct CommitteeLine {
    /// The committee, linked.
    pub link: Link,
    /// Meetings stored.
    pub meetings: i64,
    /// "2022 to 2024".
    pub years: Option<String>,
}

/// Councils shown, at most (the list is for browsing, not harvesting).
const MAX_AUTHORITIES: u32 = 1000;

/// The list of councils.
#[derive(Template, WebTemplate)]
#[template(path = "authorities.html")]
pub struct AuthoritiesPage {
    layout: Layout,
    authorities: Vec<AuthorityLine>,
}

/// `GET /authorities`.
pub async fn index(State(state): State<AppState>) -> Result<AuthoritiesPage, PageError> {
    let rows = state.archive.authorities(None, MAX_AUTHORITIES).await?;
    Ok(AuthoritiesPage {
        layout: Layout::new("Councils", vec![home_crumb()]),
        authorities: rows.iter().map(AuthorityLine::from).collect(),
    })
}

/// A council's page.
#[derive(Template, WebTemplate)]
#[template(path = "authority.html")]
pub struct AuthorityPage {
    layout: Layout,
    name: String,
    years: Option<String>,
    committees: Vec<CommitteeLine>,
    latest: Vec<MeetingLine>,
    api: String,
}

/// `GET /authorities/{authority}`.
pub async fn show(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<AuthorityPage, PageError> {
    let a = state
        .archive
        .authority(&id)
        .await?
        .ok_or(AppError::NotFound)?;
    let committees = state
        .archive
        .committee_rows(Some(&id), None, MAX_AUTHORITIES)
        .await?;
    let latest = state
        .archive
        .meeting_rows(&MeetingQuery {
            authority_id: Some(id.clone()),
            limit: Some(LATEST),
            ..MeetingQuery::default()
        })
        .await?;
    let name = text::authority_name(&a.id, a.name.as_deref());
    Ok(AuthorityPage {
        layout: Layout::new(
            name.clone(),
            vec![home_crumb(), Link::new("/authorities", "Councils")],
        ),
        name,
        years: years(a.first_date.as_deref(), a.last_date.as_deref()),
        committees: committees
            .iter()
            .map(|c| CommitteeLine {
                link: Link::new(links::page(Resource::Committee, &c.id), c.name.clone()),
                meetings: c.meetings,
                years: years(c.first_date.as_deref(), c.last_date.as_deref()),
            })
            .collect(),
        latest: latest.iter().map(MeetingLine::from).collect(),
        api: links::api(Resource::Authority, &a.id),
    })
}
