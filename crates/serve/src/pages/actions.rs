//! The actions tracker: every action the committees asked for, with the
//! status the scrutiny tracker gave it (or a user set), filtered by a GET
//! form and paged; and one page per action with its evidence and its status
//! history. The views here are shared by the committee, home and meeting
//! pages.

use super::meetings::StatusView;
use super::{Alternate, Layout, Link, home_crumb};
use crate::error::{AppError, PageError};
use crate::links::{self, Resource};
use crate::state::AppState;
use crate::text::{self, Seg};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use minutebook_store::tracking::{
    ActionFilter, ActionStatus, ActionStatusTag, StatusEvent, TrackedAction,
};
use serde::Deserialize;
use std::collections::HashMap;
use utoipa::IntoParams;

/// Actions per page of the tracker.
pub const PAGE_SIZE: u32 = 50;
/// The most actions in one CSV download.
pub const MAX_DOWNLOAD: u32 = 20_000;

/// The filters of the actions tracker, shared by its page, its feeds and
/// the API's list. Empty values (a form's "any") are no filter.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ActionParams {
    /// Only these statuses, separated by commas: `open`, `due`, `overdue`,
    /// `addressed`, `moved`, `dropped`.
    pub status: Option<String>,
    /// Only this committee's actions (the identifier of the committee or of
    /// any committee it was before a rename).
    pub committee: Option<String>,
    /// Only this authority's actions (its identifier).
    pub authority: Option<String>,
    /// Only actions whose owner contains this (any case).
    pub owner: Option<String>,
}

fn given(v: Option<&String>) -> Option<String> {
    v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

impl ActionParams {
    /// The store's filter, checked.
    pub fn filter(&self) -> Result<ActionFilter, AppError> {
        let mut statuses = Vec::new();
        for s in given(self.status.as_ref())
            .iter()
            .flat_map(|s| s.split(','))
        {
            let s = s.trim();
            if s.is_empty() {
                continue;
            }
            statuses.push(ActionStatus::parse(s).ok_or_else(|| {
                AppError::BadRequest(format!(
                    "status must be one of open, due, overdue, addressed, moved, dropped (not {s:?})"
                ))
            })?);
        }
        Ok(ActionFilter {
            statuses,
            committee_id: given(self.committee.as_ref()),
            authority_id: given(self.authority.as_ref()),
            owner: given(self.owner.as_ref()),
            ..ActionFilter::default()
        })
    }

    /// The filters given, as query pairs, in a fixed order.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        [
            ("status", &self.status),
            ("committee", &self.committee),
            ("authority", &self.authority),
            ("owner", &self.owner),
        ]
        .into_iter()
        .filter_map(|(k, v)| given(v.as_ref()).map(|v| (k, v)))
        .collect()
    }

    /// `path` with the filters (and `extra`) as its query string.
    pub fn url(&self, path: &str, extra: &[(&'static str, String)]) -> String {
        let q: Vec<String> = self
            .pairs()
            .into_iter()
            .chain(extra.iter().cloned())
            .map(|(k, v)| format!("{k}={}", links::query_value(&v)))
            .collect();
        if q.is_empty() {
            path.to_owned()
        } else {
            format!("{path}?{}", q.join("&"))
        }
    }
}

/// "Overdue".
pub fn status_label(s: ActionStatus) -> &'static str {
    match s {
        ActionStatus::Open => "Open",
        ActionStatus::Due => "Due",
        ActionStatus::Overdue => "Overdue",
        ActionStatus::Addressed => "Addressed",
        ActionStatus::Moved => "Moved",
        ActionStatus::Dropped => "Dropped",
    }
}

/// What each status means, for readers.
pub fn status_meaning(s: ActionStatus) -> &'static str {
    match s {
        ActionStatus::Open => "not yet due",
        ActionStatus::Due => "due at a meeting that is not in this archive yet",
        ActionStatus::Overdue => "its meeting or date has passed and nothing addressed it",
        ActionStatus::Addressed => "a later meeting dealt with it",
        ActionStatus::Moved => "deferred to a later meeting",
        ActionStatus::Dropped => "removed from the work programme",
    }
}

/// The order statuses are shown in: what needs attention first.
pub const SHOWN_ORDER: [ActionStatus; 6] = [
    ActionStatus::Overdue,
    ActionStatus::Due,
    ActionStatus::Open,
    ActionStatus::Moved,
    ActionStatus::Addressed,
    ActionStatus::Dropped,
];

/// An action's status, linked to its page.
pub fn status_view(a: &TrackedAction) -> StatusView {
    tag_view(&a.id, a.status, a.manual)
}

/// The status tag of a meeting or item page's action.
pub fn status_tag_view(a: &ActionStatusTag) -> StatusView {
    tag_view(&a.id, a.status, a.manual)
}

fn tag_view(id: &str, status: ActionStatus, manual: bool) -> StatusView {
    StatusView {
        label: if manual {
            format!("{} (set by hand)", status_label(status))
        } else {
            status_label(status).to_owned()
        },
        class: status.as_str(),
        href: Some(links::page(Resource::Action, id)),
    }
}

/// An action in a list.
#[derive(Debug, Clone)]
pub struct ActionLine {
    /// Its page.
    pub href: String,
    /// Its tracker reference.
    pub reference: String,
    /// What was asked.
    pub text: Vec<Seg>,
    /// Its committee, linked.
    pub committee: Link,
    /// The meeting that asked, linked.
    pub raised: Link,
    /// Who must act.
    pub owner: Option<String>,
    /// When.
    pub due: Option<String>,
    /// Its status.
    pub status: StatusView,
}

/// The names of the tracker committees of `actions`, by identifier.
pub async fn committee_names<'a>(
    state: &AppState,
    actions: impl IntoIterator<Item = &'a TrackedAction>,
) -> Result<HashMap<String, String>, AppError> {
    let groups: Vec<String> = actions.into_iter().map(|a| a.group_id.clone()).collect();
    Ok(state.archive.tracker_committee_names(&groups).await?)
}

fn due(a: &TrackedAction) -> Option<String> {
    a.due_date
        .as_deref()
        .map(text::date)
        .or_else(|| a.due_text.clone())
}

impl ActionLine {
    /// The line of `a`; `names` names its committee.
    pub fn new(state: &AppState, a: &TrackedAction, names: &HashMap<String, String>) -> Self {
        Self {
            href: links::page(Resource::Action, &a.id),
            reference: a.reference.clone(),
            text: text::sentence(text::abbreviate(&a.text, &state.glossary)),
            committee: Link::new(
                links::page(Resource::Committee, &a.group_id),
                names
                    .get(&a.group_id)
                    .cloned()
                    .unwrap_or_else(|| a.group_id.clone()),
            ),
            raised: Link::new(
                links::page(Resource::Meeting, &a.meeting_id),
                a.raised_date
                    .as_deref()
                    .map_or_else(|| "Undated meeting".into(), text::date),
            ),
            owner: a.owner.clone(),
            due: due(a),
            status: status_view(a),
        }
    }
}

/// An option of a filter.
#[derive(Debug, Clone)]
pub struct Choice {
    /// Its value.
    pub value: String,
    /// What it says.
    pub label: String,
    /// Whether it is chosen.
    pub selected: bool,
}

/// The actions tracker page.
#[derive(Template, WebTemplate)]
#[template(path = "actions.html")]
pub struct ActionsPage {
    layout: Layout,
    statuses: Vec<Choice>,
    committees: Vec<Choice>,
    authorities: Vec<Choice>,
    owner: String,
    filtered: bool,
    actions: Vec<ActionLine>,
    page: u32,
    prev: Option<String>,
    next: Option<String>,
    atom: String,
    csv: String,
    api: String,
}

/// Which page of the tracker.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PageNumber {
    /// From 1.
    pub page: Option<String>,
}

/// `GET /actions`.
pub async fn index(
    State(state): State<AppState>,
    Query(params): Query<ActionParams>,
    Query(number): Query<PageNumber>,
) -> Result<ActionsPage, PageError> {
    let page = number
        .page
        .as_deref()
        .map_or(Ok(1), |p| p.trim().parse::<u32>())
        .ok()
        .filter(|p| (1..=100_000).contains(p))
        .ok_or_else(|| AppError::BadRequest("page must be a number from 1".into()))?;
    let mut filter = params.filter()?;
    filter.offset = Some((page - 1) * PAGE_SIZE);
    filter.limit = Some(PAGE_SIZE + 1);
    let mut rows = state.archive.actions(&filter).await?;
    let more = rows.len() > PAGE_SIZE as usize;
    rows.truncate(PAGE_SIZE as usize);
    let names = committee_names(&state, &rows).await?;
    let chosen: Vec<ActionStatus> = filter.statuses.clone();
    let statuses = SHOWN_ORDER
        .iter()
        .map(|s| Choice {
            value: s.as_str().to_owned(),
            label: status_label(*s).to_owned(),
            selected: chosen.len() == 1 && chosen[0] == *s,
        })
        .collect();
    let committee = filter.committee_id.clone().unwrap_or_default();
    let mut committees: Vec<Choice> = names
        .iter()
        .map(|(id, name)| Choice {
            value: id.clone(),
            label: format!(
                "{name} ({})",
                text::authority_name(id.split('/').next().unwrap_or(id), None)
            ),
            selected: *id == committee,
        })
        .collect();
    committees.sort_by(|a, b| a.label.cmp(&b.label));
    let authority = filter.authority_id.clone().unwrap_or_default();
    let authorities = state
        .archive
        .authorities(None, 1000)
        .await?
        .iter()
        .map(|a| Choice {
            value: a.id.clone(),
            label: text::authority_name(&a.id, a.name.as_deref()),
            selected: a.id == authority,
        })
        .collect();
    let at = |p: u32| {
        let extra = if p > 1 {
            vec![("page", p.to_string())]
        } else {
            Vec::new()
        };
        params.url("/actions", &extra)
    };
    let title = if page > 1 {
        format!("Actions (page {page})")
    } else {
        "Actions".to_owned()
    };
    let mut layout = Layout::new(title, vec![home_crumb()]);
    let atom = params.url("/actions.atom", &[]);
    let csv = params.url("/actions.csv", &[]);
    layout.alternates = vec![
        Alternate {
            href: atom.clone(),
            media_type: "application/atom+xml",
            title: "Action status changes (Atom)".into(),
        },
        Alternate {
            href: csv.clone(),
            media_type: "text/csv",
            title: "Actions (CSV)".into(),
        },
    ];
    Ok(ActionsPage {
        layout,
        statuses,
        committees,
        authorities,
        owner: filter.owner.clone().unwrap_or_default(),
        filtered: !params.pairs().is_empty(),
        actions: rows
            .iter()
            .map(|a| ActionLine::new(&state, a, &names))
            .collect(),
        page,
        prev: (page > 1).then(|| at(page - 1)),
        next: more.then(|| at(page + 1)),
        atom,
        csv,
        api: params.url(&format!("{}/actions", links::API), &[]),
    })
}

/// A piece of evidence.
#[derive(Debug, Clone)]
pub struct EvidenceView {
    /// "Addressed by".
    pub kind: &'static str,
    /// The item or meeting, when in the archive.
    pub link: Option<Link>,
    /// The date, when no link.
    pub date: Option<String>,
    /// The evidence, in words.
    pub text: String,
    /// "95%".
    pub confidence: Option<String>,
}

/// One event of the history.
#[derive(Debug, Clone)]
pub struct EventView {
    /// "13 June 2024, 10:00 UTC".
    pub when: String,
    /// The status set, `None` when handed back to the tracker.
    pub status: Option<StatusView>,
    /// "The tracker" or "Set by J. Clerk".
    pub who: String,
    /// The reason given, or the tracker's evidence.
    pub why: Option<String>,
}

/// The action page.
#[derive(Template, WebTemplate)]
#[template(path = "action.html")]
pub struct ActionPage {
    layout: Layout,
    reference: String,
    text: Vec<Seg>,
    kind: Option<&'static str>,
    owner: Option<String>,
    due: Option<String>,
    due_meeting: Option<Link>,
    status: StatusView,
    meaning: &'static str,
    manual: Option<EventView>,
    computed: Option<String>,
    summary: Option<String>,
    confidence: Option<String>,
    committee: Link,
    meeting: Link,
    item: Link,
    decisions: Vec<Decision>,
    moved_from: Option<Link>,
    moved_to: Option<Link>,
    evidence: Vec<EvidenceView>,
    history: Vec<EventView>,
    api: String,
}

fn evidence_kind(kind: &str) -> &'static str {
    match kind {
        "addressed-by" => "Addressed by",
        "moved-to" => "Moved to",
        "moved-from" => "Carries on",
        "dropped-by" => "Dropped by",
        "due-at" => "Due at",
        "gap" => "Not in the archive",
        "response" => "Response",
        _ => "Evidence",
    }
}

/// "13 June 2024, 10:00 UTC" for a stored time.
pub fn when(at: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(at).map_or_else(
        |_| at.to_owned(),
        |t| {
            t.with_timezone(&chrono::Utc)
                .format("%-d %B %Y, %H:%M UTC")
                .to_string()
        },
    )
}

fn event_view(e: &StatusEvent) -> EventView {
    let manual = e.source == "manual";
    EventView {
        when: when(&e.at),
        status: e.status.map(|s| StatusView {
            label: status_label(s).to_owned(),
            class: s.as_str(),
            href: None,
        }),
        who: if manual {
            format!("Set by {}", e.by.as_deref().unwrap_or("a user"))
        } else {
            "The tracker".to_owned()
        },
        why: if manual {
            e.reason.clone()
        } else {
            e.evidence.clone()
        }
        .filter(|w| !w.trim().is_empty()),
    }
}

/// A resolution of the item that asked.
#[derive(Debug, Clone)]
pub struct Decision {
    /// "(a)".
    pub label: Option<String>,
    /// What was resolved.
    pub text: Vec<Seg>,
}

/// The title of item `item_id` of meeting `meeting_id`, and its decisions.
async fn source(
    state: &AppState,
    meeting_id: &str,
    item_id: &str,
) -> Result<(String, Vec<Decision>), AppError> {
    let Some(stored) = state.archive.meeting(meeting_id).await? else {
        return Ok((String::new(), Vec::new()));
    };
    let found = stored
        .ids
        .items
        .iter()
        .position(|i| i.id == item_id)
        .and_then(|at| stored.meeting.items.get(at));
    Ok(found.map_or_else(
        || (String::new(), Vec::new()),
        |item| {
            (
                item.title.clone(),
                item.resolutions
                    .iter()
                    .map(|r| Decision {
                        label: r.label.clone(),
                        text: text::sentence(text::abbreviate(&r.text, &state.glossary)),
                    })
                    .collect(),
            )
        },
    ))
}

/// `GET /actions/{authority}/{committee}/{date}/{item}/{action}`.
pub async fn show(
    State(state): State<AppState>,
    Path((a, c, d, i, n)): Path<(String, String, String, String, String)>,
) -> Result<ActionPage, PageError> {
    let id = format!("{a}/{c}/{d}/{i}/{n}");
    let detail = state.archive.action(&id).await?.ok_or(AppError::NotFound)?;
    let x = &detail.action;
    let names = committee_names(&state, [x]).await?;
    let line = ActionLine::new(&state, x, &names);
    let (item_title, decisions) = source(&state, &x.meeting_id, &x.item_id).await?;
    let item_text = match (&x.minute, item_title.is_empty()) {
        (Some(m), false) => format!("Minute {m}: {item_title}"),
        (None, false) => item_title,
        (Some(m), true) => format!("Minute {m}"),
        (None, true) => "The item".to_owned(),
    };
    let action_link = |other: &Option<String>, words: &str| {
        other
            .as_ref()
            .map(|o| Link::new(links::page(Resource::Action, o), words))
    };
    let evidence = detail
        .links
        .iter()
        .map(|l| {
            let link = match (&l.item_id, &l.meeting_id) {
                (Some(item), _) => Some(Link::new(
                    links::page(Resource::Item, item),
                    l.date.as_deref().map_or_else(
                        || "The item".into(),
                        |d| format!("Item of {}", text::date(d)),
                    ),
                )),
                (None, Some(m)) => Some(Link::new(
                    links::page(Resource::Meeting, m),
                    l.date.as_deref().map_or_else(
                        || "The meeting".into(),
                        |d| format!("Meeting of {}", text::date(d)),
                    ),
                )),
                (None, None) => None,
            };
            EvidenceView {
                kind: evidence_kind(&l.kind),
                date: link
                    .is_none()
                    .then(|| l.date.as_deref().map(text::date))
                    .flatten(),
                link,
                text: l.evidence.clone(),
                confidence: l.confidence.map(|c| format!("{c}%")),
            }
        })
        .collect();
    let manual = if x.manual {
        detail
            .history
            .iter()
            .rev()
            .find(|e| e.source == "manual")
            .map(event_view)
    } else {
        None
    };
    let mut layout = Layout::new(
        format!("Action {}", x.reference),
        vec![
            home_crumb(),
            Link::new("/actions", "Actions"),
            line.committee.clone(),
        ],
    );
    layout.alternates.push(Alternate {
        href: format!(
            "/actions.atom?committee={}",
            links::query_value(&x.group_id)
        ),
        media_type: "application/atom+xml",
        title: format!("Action status changes: {}", line.committee.text),
    });
    Ok(ActionPage {
        layout,
        reference: x.reference.clone(),
        text: line.text,
        kind: x
            .kind
            .as_deref()
            .and_then(|k| serde_json::from_value(serde_json::Value::String(k.to_owned())).ok())
            .map(super::meetings::action_kind),
        owner: x.owner.clone(),
        due: line.due,
        due_meeting: x.due_meeting_id.as_ref().map(|m| {
            Link::new(
                links::page(Resource::Meeting, m),
                m.rsplit('/').next().map_or_else(|| m.clone(), text::date),
            )
        }),
        meaning: status_meaning(x.status),
        status: line.status,
        computed: x.manual.then(|| status_label(x.computed_status).to_owned()),
        manual,
        summary: x.summary.clone(),
        confidence: x.confidence.map(|c| format!("{c}%")),
        committee: line.committee,
        meeting: line.raised,
        item: Link::new(links::page(Resource::Item, &x.item_id), item_text),
        decisions,
        moved_from: action_link(&x.moved_from, "The action it carries on"),
        moved_to: action_link(&x.moved_to, "The action that carries it on"),
        evidence,
        history: detail.history.iter().map(event_view).collect(),
        api: links::api(Resource::Action, &id),
    })
}
