//! The committee page: its meetings by year, the names it has had, its
//! members' attendance, the actions it asked for, and its feeds.

use super::meetings::StatusView;
use super::{Alternate, Layout, Link, MeetingLine, home_crumb, years};
use crate::error::{AppError, PageError};
use crate::links::{self, Resource};
use crate::state::AppState;
use crate::text::{self, Seg};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};

/// Actions shown on the committee page.
const ACTIONS_SHOWN: u32 = 25;

/// A former (or other) name.
#[derive(Debug, Clone)]
pub struct NameView {
    /// The name.
    pub name: String,
    /// "from 3 March 2020 to 5 June 2023".
    pub span: Option<String>,
}

/// A year of meetings.
#[derive(Debug, Clone)]
pub struct YearView {
    /// "2024" (or "Undated").
    pub year: String,
    /// Its meetings, latest first.
    pub meetings: Vec<MeetingLine>,
}

/// One member's attendance.
#[derive(Debug, Clone)]
pub struct MemberView {
    /// The person, linked.
    pub person: Link,
    /// "Chair, Member".
    pub roles: String,
    /// Meetings present.
    pub present: i64,
    /// … of which as a substitute.
    pub substitute: i64,
    /// Apologies.
    pub apologies: i64,
    /// Absent.
    pub absent: i64,
}

/// An action in the committee's list.
#[derive(Debug, Clone)]
pub struct ActionLine {
    /// The item, at the action.
    pub href: String,
    /// Meeting date.
    pub date: String,
    /// The item's title.
    pub item_title: String,
    /// What was asked.
    pub text: Vec<Seg>,
    /// Who must act.
    pub owner: Option<String>,
    /// When.
    pub due: Option<String>,
    /// Its tracked status (from the tracker, once merged).
    pub status: Option<StatusView>,
}

/// The committee page.
#[derive(Template, WebTemplate)]
#[template(path = "committee.html")]
pub struct CommitteePage {
    layout: Layout,
    name: String,
    authority: Link,
    meetings: i64,
    span: Option<String>,
    other_names: Vec<NameView>,
    years: Vec<YearView>,
    members: Vec<MemberView>,
    actions: Vec<ActionLine>,
    tracked: bool,
    atom: String,
    ics: String,
    csv: String,
    api: String,
}

fn span(first: Option<&str>, last: Option<&str>) -> Option<String> {
    match (first, last) {
        (Some(a), Some(b)) if a == b => Some(format!("on {}", text::date(a))),
        (Some(a), Some(b)) => Some(format!("from {} to {}", text::date(a), text::date(b))),
        (Some(a), None) | (None, Some(a)) => Some(format!("on {}", text::date(a))),
        (None, None) => None,
    }
}

/// `GET /committees/{authority}/{committee}`.
pub async fn show(
    State(state): State<AppState>,
    Path((a, c)): Path<(String, String)>,
) -> Result<CommitteePage, PageError> {
    let id = format!("{a}/{c}");
    let detail = state
        .archive
        .committee(&id)
        .await?
        .ok_or(AppError::NotFound)?;
    let actions = state.archive.committee_actions(&id, ACTIONS_SHOWN).await?;
    let cm = &detail.committee;
    let authority = Link::new(
        links::page(Resource::Authority, &cm.authority_id),
        text::authority_name(&cm.authority_id, cm.authority.as_deref()),
    );
    let mut by_year: Vec<YearView> = Vec::new();
    for m in &detail.meetings {
        let year = m
            .date
            .as_deref()
            .and_then(|d| d.get(..4))
            .unwrap_or("Undated")
            .to_owned();
        match by_year.last_mut() {
            Some(y) if y.year == year => y.meetings.push(m.into()),
            _ => by_year.push(YearView {
                year,
                meetings: vec![m.into()],
            }),
        }
    }
    let members = detail
        .members
        .iter()
        .map(|m| MemberView {
            person: Link::new(links::page(Resource::Person, &m.person_id), m.name.clone()),
            roles: m
                .roles
                .iter()
                .map(|r| text::role(r))
                .collect::<Vec<_>>()
                .join(", "),
            present: m.present,
            substitute: m.substitute,
            apologies: m.apologies,
            absent: m.absent,
        })
        .collect();
    let actions: Vec<ActionLine> = actions
        .iter()
        .map(|a| {
            let key = a.id.rsplit('/').take(2).collect::<Vec<_>>().join("-");
            ActionLine {
                href: format!("{}#action-{key}", links::page(Resource::Item, &a.item_id)),
                date: a.date.as_deref().map_or_else(String::new, text::short_date),
                item_title: a.item_title.clone(),
                text: text::sentence(text::abbreviate(&a.text, &state.glossary)),
                owner: a.owner.clone(),
                due: a
                    .due_date
                    .as_deref()
                    .map(text::date)
                    .or_else(|| a.due_text.clone()),
                status: None,
            }
        })
        .collect();
    let mut layout = Layout::new(cm.name.clone(), vec![home_crumb(), authority.clone()]);
    let atom = links::file(Resource::Committee, &id, "meetings.atom");
    let ics = links::file(Resource::Committee, &id, "meetings.ics");
    layout.alternates = vec![
        Alternate {
            href: atom.clone(),
            media_type: "application/atom+xml",
            title: format!("New meetings of {}", cm.name),
        },
        Alternate {
            href: ics.clone(),
            media_type: "text/calendar",
            title: format!("Meetings of {} (iCalendar)", cm.name),
        },
    ];
    Ok(CommitteePage {
        layout,
        name: cm.name.clone(),
        authority,
        meetings: cm.meetings,
        span: years(cm.first_date.as_deref(), cm.last_date.as_deref()),
        other_names: detail
            .names
            .iter()
            .filter(|n| n.name != cm.name)
            .map(|n| NameView {
                name: n.name.clone(),
                span: span(n.first_date.as_deref(), n.last_date.as_deref()),
            })
            .collect(),
        years: by_year,
        members,
        tracked: actions.iter().any(|a| a.status.is_some()),
        actions,
        atom,
        ics,
        csv: links::file(Resource::Committee, &id, "attendance.csv"),
        api: links::api(Resource::Committee, &id),
    })
}
