//! The item page: one agenda item with its minutes, decisions, actions and
//! references, under its meeting's heading. An item that a later version
//! of the minutes dropped answers 410 Gone, pointing to its meeting.

use super::meetings::{ItemView, MeetingView, load};
use super::{Layout, Link, home_crumb};
use crate::error::{AppError, PageError};
use crate::links::{self, Resource};
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};

/// The item page.
#[derive(Template, WebTemplate)]
#[template(path = "item.html")]
pub struct ItemPage {
    layout: Layout,
    m: MeetingView,
    item: ItemView,
    prev: Option<Link>,
    next: Option<Link>,
}

/// `GET /items/{authority}/{committee}/{date}/{item}`.
pub async fn show(
    State(state): State<AppState>,
    Path((a, c, d, i)): Path<(String, String, String, String)>,
) -> Result<ItemPage, PageError> {
    let meeting_id = format!("{a}/{c}/{d}");
    let id = format!("{meeting_id}/{i}");
    let found = load(&state, &meeting_id)
        .await?
        .and_then(|(stored, mut m)| {
            let at = stored.ids.items.iter().position(|x| x.id == id)?;
            let link = |j: usize| {
                m.items
                    .get(j)
                    .map(|it| Link::new(it.href.clone(), item_heading(it)))
            };
            let prev = at.checked_sub(1).and_then(link);
            let next = link(at + 1);
            let item = m.items.swap_remove(at);
            m.items.clear();
            Some((m, item, prev, next))
        });
    let Some((m, item, prev, next)) = found else {
        return Err(gone_or_missing(&state, &id, &meeting_id).await);
    };
    let layout = Layout::new(
        format!("{} – {}, {}", item_heading(&item), m.committee.text, m.date),
        vec![
            home_crumb(),
            m.authority.clone(),
            m.committee.clone(),
            Link::new(m.href.clone(), m.date.clone()),
        ],
    );
    Ok(ItemPage {
        layout,
        m,
        item,
        prev,
        next,
    })
}

/// "22. Multi-Agency Safeguarding Hub".
fn item_heading(item: &ItemView) -> String {
    match &item.number {
        Some(n) => format!("{}. {}", n.trim_end_matches('.'), item.plain_title),
        None => item.plain_title.clone(),
    }
}

async fn gone_or_missing(state: &AppState, id: &str, meeting_id: &str) -> PageError {
    match state.archive.deleted_item(id).await {
        Ok(Some(d)) => PageError(AppError::Gone {
            detail: format!(
                "a later version of the minutes of this meeting no longer has this item (recorded on {})",
                crate::text::date(d.modified.get(..10).unwrap_or(&d.modified))
            ),
            link: Some(links::page(Resource::Meeting, meeting_id)),
        }),
        Ok(None) => PageError(AppError::NotFound),
        Err(e) => PageError(e.into()),
    }
}
