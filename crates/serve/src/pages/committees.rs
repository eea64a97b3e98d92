//! The committee page: its meetings by year, the names it has had, its
//! members' attendance, its work programme and actions by status (from the
//! scrutiny tracker), and its feeds.

use super::actions::{ActionLine, SHOWN_ORDER, committee_names, status_label};
use super::{Alternate, Layout, Link, MeetingLine, home_crumb, years};
use crate::error::{AppError, PageError};
use crate::links::{self, Resource};
use crate::state::AppState;
use crate::text;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use minutebook_store::tracking::{ActionFilter, TrackedAction};
use std::collections::HashMap;

/// Actions of each status shown on the committee page.
const ACTIONS_SHOWN: usize = 25;
/// Meetings of the work programme shown (the latest).
const PROGRAMME_MEETINGS: usize = 12;

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

/// The committee's actions of one status.
#[derive(Debug, Clone)]
pub struct StatusGroup {
    /// "Overdue".
    pub label: &'static str,
    /// Its anchor and CSS modifier (`overdue`).
    pub class: &'static str,
    /// How many there are.
    pub count: usize,
    /// The first of them.
    pub actions: Vec<ActionLine>,
    /// All of them on the tracker, when not all are shown.
    pub more: Option<String>,
}

/// An action due at a meeting of the work programme.
#[derive(Debug, Clone)]
pub struct ProgrammeLine {
    /// The action's page.
    pub href: String,
    /// What was asked.
    pub text: Vec<text::Seg>,
    /// "Arrived", "Did not arrive", ….
    pub outcome: &'static str,
    /// CSS modifier of the outcome.
    pub class: &'static str,
    /// The evidence.
    pub evidence: Option<String>,
}

/// One meeting of the work programme: what was due and what arrived.
#[derive(Debug, Clone)]
pub struct ProgrammeMeeting {
    /// "13 June 2024", "the next meeting".
    pub label: String,
    /// Its page, when in the archive.
    pub href: Option<String>,
    /// "not in this archive", "upcoming".
    pub note: Option<&'static str>,
    /// What was due.
    pub lines: Vec<ProgrammeLine>,
}

fn outcome(o: &str) -> (&'static str, &'static str) {
    match o {
        "arrived" => ("Arrived", "addressed"),
        "not-arrived" => ("Did not arrive", "overdue"),
        "moved" => ("Moved to a later meeting", "moved"),
        "dropped" => ("Dropped", "dropped"),
        _ => ("Pending", "open"),
    }
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
    statuses: Vec<StatusGroup>,
    programme: Vec<ProgrammeMeeting>,
    tracker: String,
    actions_atom: String,
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
    let tracked = state
        .archive
        .actions(&ActionFilter {
            committee_id: Some(id.clone()),
            ..ActionFilter::default()
        })
        .await?;
    let entries = state.archive.work_programme(&id).await?;
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
    let names = committee_names(&state, &tracked).await?;
    let statuses = SHOWN_ORDER
        .iter()
        .filter_map(|st| {
            let all: Vec<&TrackedAction> = tracked.iter().filter(|a| a.status == *st).collect();
            (!all.is_empty()).then(|| StatusGroup {
                label: status_label(*st),
                class: st.as_str(),
                count: all.len(),
                more: (all.len() > ACTIONS_SHOWN).then(|| {
                    format!(
                        "/actions?status={}&committee={}",
                        st.as_str(),
                        links::query_value(&id)
                    )
                }),
                // The latest first: what a reader is most likely after.
                actions: all
                    .iter()
                    .rev()
                    .take(ACTIONS_SHOWN)
                    .map(|a| ActionLine::new(&state, a, &names))
                    .collect(),
            })
        })
        .collect();
    let by_id: HashMap<&str, &TrackedAction> = tracked.iter().map(|a| (a.id.as_str(), a)).collect();
    let mut programme: Vec<ProgrammeMeeting> = Vec::new();
    for e in &entries {
        let (label, class) = outcome(&e.outcome);
        let line = ProgrammeLine {
            href: links::page(Resource::Action, &e.action_id),
            text: text::sentence(text::abbreviate(
                by_id
                    .get(e.action_id.as_str())
                    .map_or(e.action_id.as_str(), |a| a.text.as_str()),
                &state.glossary,
            )),
            outcome: label,
            class,
            evidence: e.evidence.clone(),
        };
        let heading = e
            .date
            .as_deref()
            .map_or_else(|| e.label.clone(), text::date);
        match programme.last_mut() {
            Some(p) if p.label == heading => p.lines.push(line),
            _ => programme.push(ProgrammeMeeting {
                label: heading,
                href: e
                    .meeting_id
                    .as_deref()
                    .map(|m| links::page(Resource::Meeting, m)),
                note: match e.state.as_str() {
                    "gap" => Some("not in this archive"),
                    "upcoming" => Some("upcoming"),
                    _ => None,
                },
                lines: vec![line],
            }),
        }
    }
    let skip = programme.len().saturating_sub(PROGRAMME_MEETINGS);
    programme.drain(..skip);
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
        statuses,
        programme,
        tracker: format!("/actions?committee={}", links::query_value(&id)),
        actions_atom: format!("/actions.atom?committee={}", links::query_value(&id)),
        atom,
        ics,
        csv: links::file(Resource::Committee, &id, "attendance.csv"),
        api: links::api(Resource::Committee, &id),
    })
}
