//! Feeds and downloads: an Atom feed of each committee's new meetings, an
//! Atom feed of the newest meetings matching a search, an iCalendar of a
//! committee's meetings (UK time), attendance as CSV for a committee or a
//! meeting, and for the actions tracker (with its filters) an Atom feed of
//! status changes and the actions as CSV. Every value is escaped by its
//! format's writer;
//! CSV cells that a spreadsheet would read as a formula are defused.

use crate::error::{AppError, PageError};
use crate::links::{self, Resource};
use crate::pages::actions::{ActionParams, MAX_DOWNLOAD, committee_names, status_label};
use crate::state::AppState;
use atom_syndication as atom;
use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use icalendar::{Calendar, CalendarDateTime, Component, Event, EventLike};
use minutebook_store::browse::{AttendanceOf, AttendanceRow, MeetingOrder, MeetingQuery};

/// Entries in a committee's Atom feed.
const FEED_ENTRIES: u32 = 50;
/// Hits read for a search's Atom feed (several may share a meeting).
const SEARCH_FEED_HITS: usize = 100;

/// The feeds' routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/committees/{authority}/{committee}/meetings.atom",
            get(committee_atom),
        )
        .route(
            "/committees/{authority}/{committee}/meetings.ics",
            get(committee_ics),
        )
        .route(
            "/committees/{authority}/{committee}/attendance.csv",
            get(committee_csv),
        )
        .route(
            "/meetings/{authority}/{committee}/{date}/attendance.csv",
            get(meeting_csv),
        )
        .route("/actions.atom", get(actions_atom))
        .route("/actions.csv", get(actions_csv))
}

fn file(content_type: &'static str, name: &str, body: String) -> Response {
    let disposition = format!("inline; filename=\"{name}\"");
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response()
}

fn stored_time(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap_or_else(|_| DateTime::<Utc>::UNIX_EPOCH.fixed_offset())
}

/// `GET /committees/{authority}/{committee}/meetings.atom`: the meetings
/// most recently added to the archive.
pub async fn committee_atom(
    State(state): State<AppState>,
    Path((a, c)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let id = format!("{a}/{c}");
    let committee = state
        .archive
        .committee_row(&id)
        .await?
        .ok_or(AppError::NotFound)?;
    let meetings = state
        .archive
        .meeting_rows(&MeetingQuery {
            committee_id: Some(id.clone()),
            order: MeetingOrder::NewestStored,
            limit: Some(FEED_ENTRIES),
            ..MeetingQuery::default()
        })
        .await?;
    let page = state.absolute(&links::page(Resource::Committee, &id));
    let entries: Vec<atom::Entry> = meetings
        .iter()
        .map(|m| {
            let href = state.absolute(&links::page(Resource::Meeting, &m.id));
            let when = m
                .date
                .as_deref()
                .map_or_else(|| "undated".into(), crate::text::date);
            let mut summary = format!("{} item{}.", m.items, if m.items == 1 { "" } else { "s" });
            if let Some(v) = &m.venue {
                summary.push_str(&format!(" {v}."));
            }
            atom::Entry {
                title: atom::Text::plain(format!("{}, {when}", m.committee)),
                id: href.clone(),
                updated: stored_time(&m.modified),
                published: Some(stored_time(&m.created)),
                links: vec![link(href, "alternate", "text/html")],
                summary: Some(atom::Text::plain(summary)),
                ..atom::Entry::default()
            }
        })
        .collect();
    let self_href = state.absolute(&links::file(Resource::Committee, &id, "meetings.atom"));
    Ok(atom_file(
        format!("New meetings: {}", committee.name),
        page,
        self_href,
        entries,
        "meetings.atom",
    ))
}

/// `GET /search.atom?q=…` (and the search page's filters): the newest
/// meetings matching, one entry per meeting listing its matching items.
/// Entries are dated by the meeting's date (the index holds no storage
/// times), so a reader sees meetings in the order they were held.
pub async fn search_atom(
    State(state): State<AppState>,
    params: Result<axum::extract::Query<crate::search::SearchParams>, QueryRejection>,
) -> Result<Response, PageError> {
    let p = params.map_err(|e| AppError::BadRequest(e.body_text()))?.0;
    if p.is_empty() {
        return Err(AppError::BadRequest("give a query (q) or a filter".into()).into());
    }
    let mut q = p.query(1, SEARCH_FEED_HITS)?;
    q.newest_first = true;
    q.facet_limit = 0;
    let results = crate::search::run(&state, &q).await?;
    let mut entries: Vec<atom::Entry> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for h in &results.hits {
        let (item, _) = crate::pages::search::hit_links(h);
        if let Some(i) = seen.iter().position(|m| *m == h.meeting_id) {
            if let Some(summary) = entries.get_mut(i).and_then(|e| e.summary.as_mut()) {
                summary.value.push_str(&format!("; {}", item.text));
            }
            continue;
        }
        if entries.len() >= FEED_ENTRIES as usize {
            break;
        }
        seen.push(&h.meeting_id);
        let href = state.absolute(&links::page(Resource::Meeting, &h.meeting_id));
        let when = h
            .date
            .as_deref()
            .map_or_else(|| "undated".into(), crate::text::date);
        let day = h
            .date
            .as_deref()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .map_or_else(
                || stored_time(""),
                |d| d.and_time(NaiveTime::MIN).and_utc().fixed_offset(),
            );
        entries.push(atom::Entry {
            title: atom::Text::plain(format!("{}, {when}", h.committee)),
            id: href.clone(),
            updated: day,
            published: Some(day),
            links: vec![link(href, "alternate", "text/html")],
            summary: Some(atom::Text::plain(format!(
                "{}. Matching: {}",
                h.authority, item.text
            ))),
            ..atom::Entry::default()
        });
    }
    let query = p.query_string(&[]);
    let page = state.absolute(&format!("/search{query}"));
    let what = p.filter("q").unwrap_or("filtered search");
    let self_href = state.absolute(&format!("/search.atom{query}"));
    Ok(atom_file(
        format!("Meetings matching “{what}”"),
        page,
        self_href,
        entries,
        "search.atom",
    ))
}

/// A link to `href` of relation `rel` and type `mime`.
fn link(href: String, rel: &str, mime: &str) -> atom::Link {
    atom::Link {
        href,
        rel: rel.into(),
        mime_type: Some(mime.into()),
        ..atom::Link::default()
    }
}

/// An Atom feed (with its `self` and `alternate` links) as a download
/// named `name`.
fn atom_file(
    title: String,
    page: String,
    self_href: String,
    entries: Vec<atom::Entry>,
    name: &str,
) -> Response {
    // The newest entry; a feed with none is dated like an unknown time.
    let updated = entries
        .iter()
        .map(|e| e.updated)
        .max()
        .unwrap_or_else(|| stored_time(""));
    let feed = atom::Feed {
        title: atom::Text::plain(title),
        id: page.clone(),
        updated,
        links: vec![
            link(self_href, "self", "application/atom+xml"),
            link(page, "alternate", "text/html"),
        ],
        entries,
        ..atom::Feed::default()
    };
    file(
        "application/atom+xml; charset=utf-8",
        name,
        feed.to_string(),
    )
}

/// Europe/London, for calendars that do not know it by name (RFC 5545
/// requires the definition of every `TZID` used).
const LONDON: &str = "BEGIN:VTIMEZONE\r\nTZID:Europe/London\r\n\
BEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0000\r\nTZOFFSETTO:+0100\r\nTZNAME:BST\r\nDTSTART:19700329T010000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\n\
BEGIN:STANDARD\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0000\r\nTZNAME:GMT\r\nDTSTART:19701025T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\n\
END:VTIMEZONE\r\n";

/// Text for a calendar: some calendar programs render HTML in event text,
/// so angle brackets become look-alikes that cannot form a tag.
fn calendar_text(s: &str) -> String {
    s.replace('<', "‹").replace('>', "›")
}

/// `GET /committees/{authority}/{committee}/meetings.ics`: every dated
/// meeting, at its start time in UK time (all day when none is recorded).
pub async fn committee_ics(
    State(state): State<AppState>,
    Path((a, c)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let id = format!("{a}/{c}");
    let detail = state
        .archive
        .committee(&id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut cal = Calendar::new();
    cal.name(&calendar_text(&detail.committee.name))
        .timezone("Europe/London");
    for m in &detail.meetings {
        let Some(date) = m
            .date
            .as_deref()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        else {
            continue;
        };
        let mut event = Event::new();
        event
            .uid(&format!("{}@minutebook", m.id))
            .summary(&calendar_text(&m.committee))
            .url(&state.absolute(&links::page(Resource::Meeting, &m.id)))
            .timestamp(stored_time(&m.modified).with_timezone(&Utc));
        match m
            .start_time
            .as_deref()
            .and_then(|t| NaiveTime::parse_from_str(t, "%H:%M").ok())
        {
            Some(t) => {
                event.starts(CalendarDateTime::WithTimezone {
                    date_time: NaiveDateTime::new(date, t),
                    tzid: "Europe/London".into(),
                });
            }
            None => {
                event.all_day(date);
            }
        }
        if let Some(v) = &m.venue {
            event.location(&calendar_text(v));
        }
        cal.push(event.done());
    }
    let mut body = cal.done().to_string();
    if let Some(at) = body.rfind("END:VCALENDAR") {
        body.insert_str(at, LONDON);
    }
    Ok(file("text/calendar; charset=utf-8", "meetings.ics", body))
}

/// Cells a spreadsheet would take for a formula start with one of these.
const FORMULA: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// `value`, with a leading apostrophe if a spreadsheet would run it.
fn defuse(value: &str) -> String {
    if value.starts_with(FORMULA) {
        format!("'{value}")
    } else {
        value.to_owned()
    }
}

fn attendance_csv(state: &AppState, rows: &[AttendanceRow]) -> Result<String, AppError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let internal = |e: csv::Error| AppError::Internal(Box::new(e));
    w.write_record([
        "meeting",
        "date",
        "committee",
        "status",
        "name",
        "honorific",
        "role",
        "substitute_for",
        "description",
        "person",
        "item",
    ])
    .map_err(internal)?;
    for r in rows {
        let cells = [
            state.absolute(&links::page(Resource::Meeting, &r.meeting_id)),
            r.date.clone().unwrap_or_default(),
            r.committee.clone(),
            r.status.clone(),
            r.name.clone(),
            r.honorific.clone().unwrap_or_default(),
            r.role.clone().unwrap_or_default(),
            r.substitute_for.clone().unwrap_or_default(),
            r.description.clone().unwrap_or_default(),
            state.absolute(&links::page(Resource::Person, &r.person_id)),
            r.item_title.clone().unwrap_or_default(),
        ];
        w.write_record(cells.iter().map(|c| defuse(c)))
            .map_err(internal)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| AppError::Internal(Box::new(e.into_error())))?;
    String::from_utf8(bytes).map_err(|e| AppError::Internal(Box::new(e)))
}

/// `GET /committees/{authority}/{committee}/attendance.csv`.
pub async fn committee_csv(
    State(state): State<AppState>,
    Path((a, c)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let id = format!("{a}/{c}");
    if state.archive.committee_row(&id).await?.is_none() {
        return Err(AppError::NotFound.into());
    }
    let rows = state
        .archive
        .attendance(&AttendanceOf::Committee(id))
        .await?;
    Ok(file(
        "text/csv; charset=utf-8",
        "attendance.csv",
        attendance_csv(&state, &rows)?,
    ))
}

/// `GET /meetings/{authority}/{committee}/{date}/attendance.csv`.
pub async fn meeting_csv(
    State(state): State<AppState>,
    Path((a, c, d)): Path<(String, String, String)>,
) -> Result<Response, PageError> {
    let id = format!("{a}/{c}/{d}");
    if state
        .archive
        .known_meetings(std::slice::from_ref(&id))
        .await?
        .is_empty()
    {
        return Err(AppError::NotFound.into());
    }
    let rows = state.archive.attendance(&AttendanceOf::Meeting(id)).await?;
    Ok(file(
        "text/csv; charset=utf-8",
        "attendance.csv",
        attendance_csv(&state, &rows)?,
    ))
}

/// `GET /actions.atom`: the latest status changes of the actions matching
/// the tracker's filters, by the tracker or by hand.
pub async fn actions_atom(
    State(state): State<AppState>,
    Query(params): Query<ActionParams>,
) -> Result<Response, PageError> {
    let mut filter = params.filter()?;
    filter.limit = Some(FEED_ENTRIES);
    let changes = state.archive.status_changes(&filter).await?;
    let entries: Vec<atom::Entry> = changes
        .iter()
        .map(|c| {
            let (e, a) = (&c.event, &c.action);
            let href = state.absolute(&links::page(Resource::Action, &a.id));
            let what = e.status.map_or("Handed back to the tracker", status_label);
            let mut summary = match (&e.source[..], &e.by) {
                ("manual", Some(by)) => format!("{what}, set by {by}."),
                _ => format!("{what}, by the tracker."),
            };
            for note in [&e.reason, &e.evidence].into_iter().flatten() {
                summary.push(' ');
                summary.push_str(note);
            }
            atom::Entry {
                title: atom::Text::plain(format!("{what}: {} ({})", a.text, a.reference)),
                id: format!("{href}#change-{}", e.seq),
                updated: stored_time(&e.at),
                links: vec![link(href, "alternate", "text/html")],
                summary: Some(atom::Text::plain(summary)),
                ..atom::Entry::default()
            }
        })
        .collect();
    let page = state.absolute(&params.url("/actions", &[]));
    let self_href = state.absolute(&params.url("/actions.atom", &[]));
    Ok(atom_file(
        "Action status changes – minutebook".to_owned(),
        page,
        self_href,
        entries,
        "actions.atom",
    ))
}

/// `GET /actions.csv`: the actions matching the tracker's filters, with
/// every field (`minutebook actions --format csv` has the same columns).
pub async fn actions_csv(
    State(state): State<AppState>,
    Query(params): Query<ActionParams>,
) -> Result<Response, PageError> {
    let mut filter = params.filter()?;
    filter.limit = Some(MAX_DOWNLOAD);
    let actions = state.archive.actions(&filter).await?;
    let names = committee_names(&state, &actions).await?;
    Ok(file(
        "text/csv; charset=utf-8",
        "actions.csv",
        minutebook_track::export::csv(&actions, &names),
    ))
}

#[cfg(test)]
mod tests {
    use super::defuse;

    #[test]
    fn formulas_are_defused() {
        assert_eq!(defuse("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(defuse("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(defuse("June Burns"), "June Burns");
    }

    #[test]
    fn calendar_text_cannot_form_tags() {
        assert_eq!(super::calendar_text("<b>Room</b>"), "‹b›Room‹/b›");
    }
}
