//! The home page: what the archive holds, its latest meetings, overdue
//! actions and councils, and (once search is merged) the search box.

use super::actions::{ActionLine, committee_names};
use super::authorities::AuthorityLine;
use super::{Layout, MeetingLine};
use crate::error::PageError;
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use minutebook_store::browse::{MeetingQuery, Totals};
use minutebook_store::tracking::{ActionFilter, ActionStatus};

/// Meetings listed on the home page.
const LATEST: u32 = 15;
/// Overdue actions listed on the home page.
const OVERDUE: u32 = 10;
/// Councils listed on the home page before "all councils".
const COUNCILS: u32 = 50;

/// The home page.
#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
pub struct HomePage {
    layout: Layout,
    search: bool,
    totals: Totals,
    latest: Vec<MeetingLine>,
    overdue: Vec<ActionLine>,
    more_overdue: bool,
    authorities: Vec<AuthorityLine>,
    more_authorities: bool,
}

/// `GET /`.
pub async fn show(State(state): State<AppState>) -> Result<HomePage, PageError> {
    let latest = state
        .archive
        .meeting_rows(&MeetingQuery {
            limit: Some(LATEST),
            ..MeetingQuery::default()
        })
        .await?;
    let authorities = state.archive.authorities(None, COUNCILS + 1).await?;
    let totals = state.archive.totals().await?;
    let overdue = state
        .archive
        .actions(&ActionFilter {
            statuses: vec![ActionStatus::Overdue],
            limit: Some(OVERDUE + 1),
            ..ActionFilter::default()
        })
        .await?;
    let names = committee_names(&state, &overdue).await?;
    Ok(HomePage {
        layout: Layout::new("Council minutes", Vec::new()),
        search: state.features.search,
        totals,
        latest: latest.iter().map(MeetingLine::from).collect(),
        more_overdue: overdue.len() > OVERDUE as usize,
        overdue: overdue
            .iter()
            .take(OVERDUE as usize)
            .map(|a| ActionLine::new(&state, a, &names))
            .collect(),
        more_authorities: authorities.len() > COUNCILS as usize,
        authorities: authorities
            .iter()
            .take(COUNCILS as usize)
            .map(AuthorityLine::from)
            .collect(),
    })
}
