//! The person page: every meeting a person is recorded at (present,
//! apologies, absent, in attendance for an item), their roles, and the
//! interests they declared.

use super::{Layout, Link, home_crumb};
use crate::error::{AppError, PageError};
use crate::links::{self, Resource};
use crate::state::AppState;
use crate::text::{self, Seg};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use minutebook_store::browse::AttendanceRow;
use std::collections::{BTreeMap, BTreeSet};

/// One attendance record.
#[derive(Debug, Clone)]
pub struct RecordLine {
    /// The meeting, linked by its date.
    pub meeting: Link,
    /// The committee, linked.
    pub committee: Link,
    /// "Present", "Apologies", …
    pub status: String,
    /// "Chair", "Substitute for J. Smith", "For item 5: Budget", …
    pub notes: Vec<String>,
}

/// One declaration.
#[derive(Debug, Clone)]
pub struct DeclarationLine {
    /// The meeting, linked by its date.
    pub meeting: Link,
    /// The committee's name.
    pub committee: String,
    /// The item, as written.
    pub item: Option<String>,
    /// The kind of interest.
    pub kind: String,
    /// Its words.
    pub text: Vec<Seg>,
}

/// Attendance at one committee.
#[derive(Debug, Clone, Default)]
pub struct CommitteeTally {
    /// The committee, linked.
    pub committee: Option<Link>,
    /// Present.
    pub present: usize,
    /// Apologies.
    pub apologies: usize,
    /// Absent.
    pub absent: usize,
    /// Other records (in attendance, also present).
    pub other: usize,
}

/// The person page.
#[derive(Template, WebTemplate)]
#[template(path = "person.html")]
pub struct PersonPage {
    layout: Layout,
    name: String,
    authority: Link,
    roles: String,
    meetings: usize,
    tallies: Vec<CommitteeTally>,
    records: Vec<RecordLine>,
    declarations: Vec<DeclarationLine>,
    api: String,
}

fn record_line(r: &AttendanceRow) -> RecordLine {
    let mut notes: Vec<String> = r
        .role
        .as_deref()
        .filter(|role| *role != "member" && *role != "substitute")
        .map(|role| text::role(role).to_owned())
        .into_iter()
        .collect();
    if let Some(s) = &r.substitute_for {
        notes.push(format!("Substitute for {s}"));
    }
    notes.extend(r.description.clone());
    if let Some(t) = &r.item_title {
        notes.push(format!("For the item “{t}”"));
    }
    RecordLine {
        meeting: Link::new(
            match &r.item_id {
                Some(i) => links::page(Resource::Item, i),
                None => links::page(Resource::Meeting, &r.meeting_id),
            },
            r.date
                .as_deref()
                .map_or_else(|| "Undated".into(), text::short_date),
        ),
        committee: Link::new(
            links::page(Resource::Committee, &r.committee_id),
            r.committee.clone(),
        ),
        status: text::attendance_status(&r.status).to_owned(),
        notes,
    }
}

/// `GET /people/{authority}/{person}`.
pub async fn show(
    State(state): State<AppState>,
    Path((a, p)): Path<(String, String)>,
) -> Result<PersonPage, PageError> {
    let id = format!("{a}/{p}");
    let detail = state.archive.person(&id).await?.ok_or(AppError::NotFound)?;
    let person = &detail.person;
    let authority = Link::new(
        links::page(Resource::Authority, &person.authority_id),
        text::authority_name(&person.authority_id, person.authority.as_deref()),
    );
    let mut tallies: BTreeMap<String, CommitteeTally> = BTreeMap::new();
    let mut roles = BTreeSet::new();
    for r in &detail.attendance {
        let t = tallies.entry(r.committee.clone()).or_default();
        t.committee.get_or_insert_with(|| {
            Link::new(
                links::page(Resource::Committee, &r.committee_id),
                r.committee.clone(),
            )
        });
        match r.status.as_str() {
            "present" => t.present += 1,
            "apologies" => t.apologies += 1,
            "absent" => t.absent += 1,
            _ => t.other += 1,
        }
        roles.extend(r.role.as_deref().map(|x| text::role(x).to_owned()));
    }
    let latest_name = detail
        .attendance
        .first()
        .map(|r| text::full_name(r.honorific.as_deref(), &r.name))
        .unwrap_or_else(|| person.name.clone());
    Ok(PersonPage {
        layout: Layout::new(latest_name.clone(), vec![home_crumb(), authority.clone()]),
        name: latest_name,
        authority,
        roles: roles.into_iter().collect::<Vec<_>>().join(", "),
        meetings: detail
            .attendance
            .iter()
            .map(|r| &r.meeting_id)
            .collect::<BTreeSet<_>>()
            .len(),
        tallies: tallies.into_values().collect(),
        records: detail.attendance.iter().map(record_line).collect(),
        declarations: detail
            .declarations
            .iter()
            .map(|d| DeclarationLine {
                meeting: Link::new(
                    links::page(Resource::Meeting, &d.meeting_id),
                    d.date
                        .as_deref()
                        .map_or_else(|| "Undated".into(), text::short_date),
                ),
                committee: d.committee.clone(),
                item: d.item.clone(),
                kind: text::interest(d.kind.as_deref().unwrap_or("")).to_owned(),
                text: text::abbreviate(d.text.as_deref().unwrap_or(""), &state.glossary),
            })
            .collect(),
        api: links::api(Resource::Person, &id),
    })
}
