//! The meeting page: the familiar "agenda and minutes" layout (venue,
//! contact, attendance, declarations, then each item with its documents,
//! minutes, decisions highlighted, actions and references), and the views
//! of items that the item page shares.

use super::{Alternate, Layout, Link, home_crumb};
use crate::error::{AppError, PageError};
use crate::links::{self, Resource};
use crate::state::AppState;
use crate::text::{self, Block, Glossary, Seg};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use minutebook_record::{Item, MinutesStatus, Person, Reference, Vote};
use minutebook_store::StoredMeeting;
use minutebook_store::ids::{self, ItemIds};
use minutebook_store::tracking::ActionStatusTag;
use std::collections::{HashMap, HashSet};

/// A person named in the minutes, linked to their page.
#[derive(Debug, Clone)]
pub struct PersonView {
    /// "Councillor June Burns".
    pub name: String,
    /// Their page.
    pub href: String,
    /// Role and notes: "Chair", "Healthwatch representative".
    pub notes: Vec<String>,
    /// For a substitute: the member they replaced.
    pub substitute_for: Option<Link>,
}

fn person_view(authority_id: &str, p: &Person) -> PersonView {
    let mut notes = Vec::new();
    if let Some(name) = p.role.as_ref().and_then(minutebook_store::rows::enum_name)
        && name != "member"
        && name != "substitute"
    {
        notes.push(text::role(&name).to_owned());
    }
    notes.extend(p.description.clone());
    PersonView {
        name: text::full_name(p.honorific.as_deref(), &p.name),
        href: links::page(Resource::Person, &ids::person_id(authority_id, &p.name)),
        notes,
        substitute_for: p.substitute_for.as_ref().map(|s| {
            Link::new(
                links::page(Resource::Person, &ids::person_id(authority_id, s)),
                s.clone(),
            )
        }),
    }
}

/// Who was there.
#[derive(Debug, Clone, Default)]
pub struct AttendanceView {
    /// Members present (with substitutes).
    pub present: Vec<PersonView>,
    /// Apologies.
    pub apologies: Vec<PersonView>,
    /// Absent.
    pub absent: Vec<PersonView>,
    /// Others present for the whole meeting.
    pub also_present: Vec<PersonView>,
    /// Members of the public.
    pub public_count: Option<u32>,
}

impl AttendanceView {
    /// Whether the minutes record any attendance.
    pub fn is_empty(&self) -> bool {
        self.present.is_empty()
            && self.apologies.is_empty()
            && self.absent.is_empty()
            && self.also_present.is_empty()
            && self.public_count.is_none()
    }
}

/// A declaration of interest.
#[derive(Debug, Clone)]
pub struct DeclarationView {
    /// The member, linked.
    pub member: Link,
    /// The item it concerns.
    pub item: Option<String>,
    /// The kind of interest.
    pub kind: String,
    /// Its words.
    pub text: Vec<Seg>,
}

/// A document attached to an item.
#[derive(Debug, Clone)]
pub struct DocumentView {
    /// Its title.
    pub title: Vec<Seg>,
    /// "PDF, 572 KB".
    pub meta: Option<String>,
}

/// A recorded vote.
#[derive(Debug, Clone)]
pub struct VoteView {
    /// The resolution's label.
    pub label: Option<String>,
    /// "Carried: 7 for, 2 against."
    pub summary: String,
    /// Named votes: "June Burns: for".
    pub recorded: Vec<String>,
}

/// An action's tracked status (from the scrutiny tracker; none until the
/// tracker has seen the meeting).
#[derive(Debug, Clone)]
pub struct StatusView {
    /// "Overdue".
    pub label: String,
    /// CSS modifier: `open`, `due`, `overdue`, `addressed`, `moved`, `dropped`.
    pub class: &'static str,
    /// Its history.
    pub href: Option<String>,
}

/// Something the meeting asked for.
#[derive(Debug, Clone)]
pub struct ActionView {
    /// Its identifier (an anchor on the page).
    pub anchor: String,
    /// What is to be done.
    pub text: Vec<Seg>,
    /// Who must act.
    pub owner: Option<String>,
    /// When: "13 June 2024" or "the next meeting".
    pub due: Option<String>,
    /// The kind ("Report", …).
    pub kind: Option<&'static str>,
    /// The tracked status.
    pub status: Option<StatusView>,
}

/// A citation of earlier minutes, linked when the archive has them.
#[derive(Debug, Clone)]
pub struct ReferenceView {
    /// The citing words.
    pub text: String,
    /// The meeting or item cited, when in the archive.
    pub link: Option<Link>,
}

/// One item.
#[derive(Debug, Clone)]
pub struct ItemView {
    /// Its anchor on the meeting page.
    pub anchor: String,
    /// Its page.
    pub href: String,
    /// "22".
    pub number: Option<String>,
    /// Its title.
    pub title: Vec<Seg>,
    /// Its title as plain text.
    pub plain_title: String,
    /// Attached documents.
    pub documents: Vec<DocumentView>,
    /// The agenda's description.
    pub agenda: Vec<Block>,
    /// The minutes.
    pub minutes: Vec<Block>,
    /// Whether the published page shows only the start of the minutes.
    pub truncated: bool,
    /// Officers and guests attending for the item.
    pub in_attendance: Vec<PersonView>,
    /// Recorded votes.
    pub votes: Vec<VoteView>,
    /// What was asked for.
    pub actions: Vec<ActionView>,
    /// Earlier minutes cited.
    pub references: Vec<ReferenceView>,
}

/// A whole meeting, for its page (and the item page's header).
#[derive(Debug, Clone)]
pub struct MeetingView {
    /// Identifier.
    pub id: String,
    /// Its page.
    pub href: String,
    /// "Tuesday 1 February 2022".
    pub date: String,
    /// "6:30pm".
    pub time: Option<String>,
    /// The committee, linked.
    pub committee: Link,
    /// The council, linked.
    pub authority: Link,
    /// Draft minutes.
    pub draft: bool,
    /// Venue.
    pub venue: Option<String>,
    /// Clerk.
    pub contact: Option<String>,
    /// Previous minutes: which, confirmed or not, linked when stored.
    pub previous_minutes: Option<ReferenceView>,
    /// The committee's previous meeting.
    pub prev: Option<Link>,
    /// The committee's next meeting.
    pub next: Option<Link>,
    /// Attendance.
    pub attendance: AttendanceView,
    /// Declarations.
    pub declarations: Vec<DeclarationView>,
    /// Items.
    pub items: Vec<ItemView>,
    /// Stored versions.
    pub versions: usize,
    /// Attendance as CSV.
    pub csv: String,
    /// The API object.
    pub api: String,
}

/// The meeting page.
#[derive(Template, WebTemplate)]
#[template(path = "meeting.html")]
pub struct MeetingPage {
    layout: Layout,
    m: MeetingView,
}

/// `GET /meetings/{authority}/{committee}/{date}`.
pub async fn show(
    State(state): State<AppState>,
    Path((a, c, d)): Path<(String, String, String)>,
) -> Result<MeetingPage, PageError> {
    let id = format!("{a}/{c}/{d}");
    let (_, m) = load(&state, &id).await?.ok_or(AppError::NotFound)?;
    let mut layout = Layout::new(
        format!("{}, {}", m.committee.text, m.date),
        vec![home_crumb(), m.authority.clone(), m.committee.clone()],
    );
    layout.alternates.push(Alternate {
        href: m.csv.clone(),
        media_type: "text/csv",
        title: "Attendance (CSV)".into(),
    });
    Ok(MeetingPage { layout, m })
}

/// Reads meeting `id` and builds its view.
pub async fn load(
    state: &AppState,
    id: &str,
) -> Result<Option<(StoredMeeting, MeetingView)>, AppError> {
    let Some(stored) = state.archive.meeting(id).await? else {
        return Ok(None);
    };
    let m = &stored.meeting;
    let authority_id = ids::authority_id(m.authority.as_deref());
    let committee_id = ids::committee_id(&authority_id, m.committee.as_deref());
    let index = state
        .committees
        .get(state.archive.as_ref(), &committee_id)
        .await?;
    let around = crate::index::around(&index, m.date.as_deref());
    let tracked: HashMap<String, ActionStatusTag> = state
        .archive
        .action_statuses(id)
        .await?
        .into_iter()
        .map(|a| (a.id.clone(), a))
        .collect();
    let ctx = Context {
        tracked: &tracked,
        authority_id: &authority_id,
        committee_id: &committee_id,
        meetings: &around.keys,
        glossary: &state.glossary,
    };
    let view = meeting_view(&stored, &ctx, around.prev, around.next);
    Ok(Some((stored, view)))
}

/// What building a view needs besides the meeting.
struct Context<'a> {
    authority_id: &'a str,
    committee_id: &'a str,
    /// The keys (dates) of the committee's meetings.
    meetings: &'a HashSet<&'a str>,
    glossary: &'a Glossary,
    /// The meeting's tracked actions, by identifier.
    tracked: &'a HashMap<String, ActionStatusTag>,
}

/// The item a minute number names ("34 (3)" is item 34).
fn minute_key(minute: &str) -> String {
    let head = minute
        .split(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or(minute);
    ids::slug(head)
}

/// A citation, linked to the cited meeting when the archive has it (at the
/// cited minute's place on its page, when the minute is given).
fn reference_view(ctx: &Context<'_>, r: &Reference) -> ReferenceView {
    let link = r
        .meeting_date
        .as_deref()
        .filter(|date| ctx.meetings.contains(date))
        .map(|date| {
            let page = links::page(Resource::Meeting, &format!("{}/{date}", ctx.committee_id));
            match r.minute.as_deref() {
                Some(n) => Link::new(
                    format!("{page}#item-{}", minute_key(n)),
                    format!("Minute {n} of {}", text::date(date)),
                ),
                None => Link::new(page, format!("Meeting of {}", text::date(date))),
            }
        });
    ReferenceView {
        text: r.text.clone(),
        link,
    }
}

fn meeting_view(
    stored: &StoredMeeting,
    ctx: &Context<'_>,
    prev: Option<&str>,
    next: Option<&str>,
) -> MeetingView {
    let m = &stored.meeting;
    let aid = ctx.authority_id;
    let people = |ps: &[Person]| ps.iter().map(|p| person_view(aid, p)).collect();
    let a = &m.attendance;
    let neighbour = |key: Option<&str>| {
        key.map(|key| {
            let id = format!("{}/{key}", ctx.committee_id);
            Link::new(links::page(Resource::Meeting, &id), text::date(key))
        })
    };
    let previous_minutes = m.previous_minutes.as_ref().map(|p| {
        let done = match p.approved {
            Some(true) => "confirmed",
            Some(false) => "not confirmed",
            None => "considered",
        };
        let words = match p.date.as_deref() {
            Some(d) => format!("Minutes of {} {done}", text::date(d)),
            None => format!("Previous minutes {done}"),
        };
        let cite = Reference {
            meeting_date: p.date.clone(),
            text: words,
            ..Reference::default()
        };
        reference_view(ctx, &cite)
    });
    MeetingView {
        id: stored.id.clone(),
        href: links::page(Resource::Meeting, &stored.id),
        date: m
            .date
            .as_deref()
            .map_or_else(|| "Undated meeting".into(), text::long_date),
        time: m.start_time.as_deref().map(text::time),
        committee: Link::new(
            links::page(Resource::Committee, ctx.committee_id),
            m.committee
                .clone()
                .unwrap_or_else(|| "Unknown committee".into()),
        ),
        authority: Link::new(
            links::page(Resource::Authority, aid),
            text::authority_name(aid, m.authority.as_deref()),
        ),
        draft: m.minutes_status == Some(MinutesStatus::Draft),
        venue: m.venue.clone(),
        contact: m.contact.clone(),
        previous_minutes,
        prev: neighbour(prev),
        next: neighbour(next),
        attendance: AttendanceView {
            present: people(&a.present),
            apologies: people(&a.apologies),
            absent: people(&a.absent),
            also_present: people(&a.also_present),
            public_count: a.public_count,
        },
        declarations: m
            .declarations
            .iter()
            .map(|d| DeclarationView {
                member: Link::new(
                    links::page(Resource::Person, &ids::person_id(aid, &d.member)),
                    d.member.clone(),
                ),
                item: d.item.clone(),
                kind: text::interest(
                    &d.kind
                        .as_ref()
                        .and_then(minutebook_store::rows::enum_name)
                        .unwrap_or_default(),
                )
                .to_owned(),
                text: text::abbreviate(d.text.as_deref().unwrap_or(""), ctx.glossary),
            })
            .collect(),
        items: m
            .items
            .iter()
            .zip(&stored.ids.items)
            .map(|(item, iids)| item_view(ctx, item, iids))
            .collect(),
        versions: stored.versions.len(),
        csv: links::file(Resource::Meeting, &stored.id, "attendance.csv"),
        api: links::api(Resource::Meeting, &stored.id),
    }
}

fn item_view(ctx: &Context<'_>, item: &Item, iids: &ItemIds) -> ItemView {
    let g = ctx.glossary;
    let resolutions: Vec<&str> = item.resolutions.iter().map(|r| r.text.as_str()).collect();
    let key = iids.id.rsplit('/').next().unwrap_or("");
    ItemView {
        anchor: format!("item-{key}"),
        href: links::page(Resource::Item, &iids.id),
        number: item.number.clone(),
        title: text::abbreviate(&item.title, g),
        plain_title: item.title.clone(),
        documents: item
            .documents
            .iter()
            .map(|d| DocumentView {
                title: text::abbreviate(&d.title, g),
                meta: match (&d.format, d.size_kb) {
                    (Some(f), Some(kb)) => Some(format!("{f}, {kb} KB")),
                    (Some(f), None) => Some(f.clone()),
                    (None, Some(kb)) => Some(format!("{kb} KB")),
                    (None, None) => None,
                },
            })
            .collect(),
        agenda: text::prose(item.agenda_text.as_deref().unwrap_or(""), &[], g),
        minutes: text::prose(item.minutes_text.as_deref().unwrap_or(""), &resolutions, g),
        truncated: item.minutes_truncated,
        in_attendance: item
            .in_attendance
            .iter()
            .map(|p| person_view(ctx.authority_id, p))
            .collect(),
        votes: item
            .resolutions
            .iter()
            .filter_map(|r| {
                r.vote.as_ref().map(|v| VoteView {
                    label: r.label.clone(),
                    summary: vote_summary(v),
                    recorded: v
                        .recorded
                        .iter()
                        .map(|rv| {
                            let how =
                                minutebook_store::rows::enum_name(&rv.vote).unwrap_or_default();
                            format!("{}: {how}", rv.name)
                        })
                        .collect(),
                })
            })
            .collect(),
        actions: item
            .actions
            .iter()
            .zip(&iids.actions)
            .map(|(a, id)| ActionView {
                anchor: format!(
                    "action-{}",
                    id.rsplit('/').take(2).collect::<Vec<_>>().join("-")
                ),
                text: text::sentence(text::abbreviate(&a.text, g)),
                owner: a.owner.clone(),
                due: a
                    .due_date
                    .as_deref()
                    .map(text::date)
                    .or_else(|| a.due_text.clone()),
                kind: a.kind.map(action_kind),
                status: ctx.tracked.get(id).map(super::actions::status_tag_view),
            })
            .collect(),
        references: item
            .references
            .iter()
            .map(|r| reference_view(ctx, r))
            .collect(),
    }
}

/// "Report", "Work programme", ….
pub(crate) fn action_kind(k: minutebook_record::ActionKind) -> &'static str {
    use minutebook_record::ActionKind as K;
    match k {
        K::Report => "Report",
        K::WorkProgramme => "Work programme",
        K::Meeting => "Meeting",
        K::Request => "Request",
        K::Recommendation => "Recommendation",
        K::Other => "Action",
    }
}

fn vote_summary(v: &Vote) -> String {
    let mut parts = Vec::new();
    if let Some(n) = v.for_ {
        parts.push(format!("{n} for"));
    }
    if let Some(n) = v.against {
        parts.push(format!("{n} against"));
    }
    if let Some(n) = v.abstain {
        parts.push(format!("{n} abstaining"));
    }
    let outcome = match v.outcome {
        Some(minutebook_record::VoteOutcome::Carried) => "Carried",
        Some(minutebook_record::VoteOutcome::Lost) => "Lost",
        None => "Vote",
    };
    let mut s = if parts.is_empty() {
        format!("{outcome}.")
    } else {
        format!("{outcome}: {}.", parts.join(", "))
    };
    if v.casting_vote {
        s.push_str(" Decided by the chair's casting vote.");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minute_numbers_name_items() {
        assert_eq!(minute_key("34 (3)"), "34");
        assert_eq!(minute_key("51/23"), "51-23");
        assert_eq!(minute_key("15"), "15");
    }

    #[test]
    fn votes_read_as_sentences() {
        let v = Vote {
            for_: Some(7),
            against: Some(2),
            outcome: Some(minutebook_record::VoteOutcome::Carried),
            casting_vote: true,
            ..Vote::default()
        };
        assert_eq!(
            vote_summary(&v),
            "Carried: 7 for, 2 against. Decided by the chair's casting vote."
        );
    }
}
