//! The HTML site, one module per resource. Handlers read the archive,
//! build a view (plain strings, already in reading order) and hand it to
//! an askama template in `templates/`, which escapes every value. Pages
//! work without JavaScript; the site has none.

pub mod about;
pub mod actions;
pub mod authorities;
pub mod committees;
pub mod home;
pub mod items;
pub mod meetings;
pub mod people;
pub mod search;

use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::http::StatusCode;
use axum::response::Html;
use axum::routing::get;

/// A link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// Where it goes.
    pub href: String,
    /// What it says.
    pub text: String,
}

impl Link {
    /// A link to `href` reading `text`.
    pub fn new(href: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            href: href.into(),
            text: text.into(),
        }
    }
}

/// A feed or download offered for a page (`<link rel="alternate">`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alternate {
    /// Its URL.
    pub href: String,
    /// Its media type.
    pub media_type: &'static str,
    /// Its title.
    pub title: String,
}

/// What the shared layout (`templates/base.html`) needs.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    /// The page's title (the site's name is added).
    pub title: String,
    /// Breadcrumbs above the page, from the home page down (the page itself
    /// is not one).
    pub crumbs: Vec<Link>,
    /// Feeds and downloads.
    pub alternates: Vec<Alternate>,
}

impl Layout {
    /// A layout with a title and breadcrumbs.
    pub fn new(title: impl Into<String>, crumbs: Vec<Link>) -> Self {
        Self {
            title: title.into(),
            crumbs,
            alternates: Vec::new(),
        }
    }
}

/// The site's name.
pub const SITE: &str = "minutebook";

/// The HTML pages.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home::show))
        .route("/about", get(about::show))
        .route("/authorities", get(authorities::index))
        .route("/authorities/{authority}", get(authorities::show))
        .route("/committees/{authority}/{committee}", get(committees::show))
        .route(
            "/meetings/{authority}/{committee}/{date}",
            get(meetings::show),
        )
        .route(
            "/items/{authority}/{committee}/{date}/{item}",
            get(items::show),
        )
        .route("/people/{authority}/{person}", get(people::show))
        .route("/actions", get(actions::index))
        .route(
            "/actions/{authority}/{committee}/{date}/{item}/{action}",
            get(actions::show),
        )
        .route("/static/site.css", get(stylesheet))
}

async fn stylesheet() -> impl axum::response::IntoResponse {
    (
        [
            (axum::http::header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (axum::http::header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../static/site.css"),
    )
}

/// The error page.
#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    layout: Layout,
    heading: String,
    detail: String,
    link: Option<String>,
}

/// An error page for `status`, saying `detail`.
pub fn error_page(status: StatusCode, detail: &str, link: Option<String>) -> Html<String> {
    let heading = match status {
        StatusCode::NOT_FOUND => "Page not found".to_owned(),
        StatusCode::GONE => "This item is no longer in the minutes".to_owned(),
        StatusCode::TOO_MANY_REQUESTS => "Too many requests".to_owned(),
        s if s.is_server_error() => "Sorry, there is a problem with the service".to_owned(),
        s => s.canonical_reason().unwrap_or("Error").to_owned(),
    };
    let page = ErrorPage {
        layout: Layout::new(heading.clone(), vec![Link::new("/", "Home")]),
        heading,
        detail: capitalise(detail),
        link,
    };
    Html(page.render().unwrap_or_else(|_| "Error".to_owned()))
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

/// The home crumb.
pub fn home_crumb() -> Link {
    Link::new("/", "Home")
}

/// A meeting in a list.
#[derive(Debug, Clone)]
pub struct MeetingLine {
    /// Its page.
    pub href: String,
    /// "Tuesday 1 February 2022" (or "Undated").
    pub date: String,
    /// "1 Feb 2022", for tables.
    pub short_date: String,
    /// "6:30pm".
    pub time: Option<String>,
    /// The committee, linked.
    pub committee: Link,
    /// The council, linked.
    pub authority: Link,
    /// Draft minutes.
    pub draft: bool,
    /// Number of items.
    pub items: i64,
}

impl From<&minutebook_store::browse::MeetingRow> for MeetingLine {
    fn from(m: &minutebook_store::browse::MeetingRow) -> Self {
        use crate::links::{Resource, page};
        use crate::text;
        Self {
            href: page(Resource::Meeting, &m.id),
            date: m
                .date
                .as_deref()
                .map_or_else(|| "Undated".into(), text::long_date),
            short_date: m
                .date
                .as_deref()
                .map_or_else(|| "Undated".into(), text::short_date),
            time: m.start_time.as_deref().map(text::time),
            committee: Link::new(
                page(Resource::Committee, &m.committee_id),
                m.committee.clone(),
            ),
            authority: Link::new(
                page(Resource::Authority, &m.authority_id),
                text::authority_name(&m.authority_id, m.authority.as_deref()),
            ),
            draft: m.minutes_status == Some(minutebook_record::MinutesStatus::Draft),
            items: m.items,
        }
    }
}

/// "2022 to 2024", "2024", or nothing.
pub fn years(first: Option<&str>, last: Option<&str>) -> Option<String> {
    let year = |d: Option<&str>| d.and_then(|d| d.get(..4)).map(str::to_owned);
    match (year(first), year(last)) {
        (Some(a), Some(b)) if a == b => Some(a),
        (Some(a), Some(b)) => Some(format!("{a} to {b}")),
        (a, b) => a.or(b),
    }
}
