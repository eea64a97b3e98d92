//! The search page: a query box and filters (a plain GET form), results
//! with highlighted snippets linking to their meetings and items, counts
//! by council, committee and year that narrow the search, and pages.
//!
//! Snippets come from the search crate as segments of plain text; the
//! template escapes each one and wraps the matched words in `<mark>`, so no
//! document text can become markup.

use super::{Alternate, Layout, Link, home_crumb};
use crate::error::{AppError, PageError};
use crate::links::{self, Resource};
use crate::search::{self, PAGE_SIZE, SearchParams};
use crate::state::AppState;
use crate::text;
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use minutebook_search::{FacetCount, HitType, Results, Segment};

/// Entries shown per facet.
const FACET_ENTRIES: usize = 10;
/// Page links shown either side of the current page.
const PAGE_WINDOW: usize = 4;

/// The search form's values, as the reader gave them.
#[derive(Debug, Clone, Default)]
pub struct FormView {
    /// The query.
    pub q: String,
    /// Authority.
    pub authority: String,
    /// Committee.
    pub committee: String,
    /// From date.
    pub since: String,
    /// To date.
    pub until: String,
    /// Person.
    pub person: String,
    /// Item kinds for the select.
    pub kinds: Vec<KindOption>,
    /// The same search without filters, when a filter is set (the filters
    /// are then shown open).
    pub clear: Option<String>,
}

/// An option of the item kind select.
#[derive(Debug, Clone)]
pub struct KindOption {
    /// Its value (`work-programme`).
    pub value: String,
    /// What it says ("Work programme").
    pub label: String,
    /// Whether it is chosen.
    pub selected: bool,
}

/// One result.
#[derive(Debug, Clone)]
pub struct HitView {
    /// The item's page, by its title.
    pub item: Link,
    /// "Resolution" or "Action" when the hit is one.
    pub kind: Option<&'static str>,
    /// The meeting (at the item), by committee and date.
    pub meeting: Link,
    /// The council's name.
    pub authority: String,
    /// The passage that matched.
    pub snippet: Vec<Segment>,
}

/// One facet entry: a link narrowing the search.
#[derive(Debug, Clone)]
pub struct FacetLink {
    /// The search with this filter added.
    pub href: String,
    /// What to show.
    pub label: String,
    /// Matches.
    pub count: u64,
    /// Whether the search is already narrowed to it.
    pub current: bool,
}

/// Counts by one property.
#[derive(Debug, Clone)]
pub struct FacetGroup {
    /// "Council", "Committee", "Year".
    pub heading: &'static str,
    /// Its heading's id.
    pub id: &'static str,
    /// The entries, largest (or newest) first.
    pub entries: Vec<FacetLink>,
}

/// A numbered page link.
#[derive(Debug, Clone)]
pub struct PageLink {
    /// The page's number.
    pub number: usize,
    /// Its address.
    pub href: String,
    /// Whether it is this page.
    pub current: bool,
}

/// What was found.
#[derive(Debug, Clone)]
pub struct ResultsView {
    /// "23 results for “ehcp”".
    pub summary: String,
    /// "Showing 21 to 23".
    pub range: Option<String>,
    /// The results of this page, numbered from `first`.
    pub hits: Vec<HitView>,
    /// The first result's number.
    pub first: usize,
    /// Facets.
    pub facets: Vec<FacetGroup>,
    /// The previous page.
    pub prev: Option<String>,
    /// The next page.
    pub next: Option<String>,
    /// Numbered pages around this one (empty when there is one page).
    pub pages: Vec<PageLink>,
    /// The Atom feed of this search.
    pub feed: String,
}

/// The search page.
#[derive(Template)]
#[template(path = "search.html")]
pub struct SearchPage {
    layout: Layout,
    form: FormView,
    /// Why there are no results to show (empty query, nothing found, a
    /// query that cannot be understood).
    message: Option<String>,
    /// Whether the message is an error with the query.
    error: bool,
    results: Option<ResultsView>,
}

impl IntoResponse for SearchPage {
    fn into_response(self) -> Response {
        let status = if self.error {
            StatusCode::BAD_REQUEST
        } else {
            StatusCode::OK
        };
        match self.render() {
            Ok(html) => (status, Html(html)).into_response(),
            Err(e) => PageError(AppError::Internal(Box::new(e))).into_response(),
        }
    }
}

fn form_view(p: &SearchParams) -> FormView {
    let value = |name| p.filter(name).unwrap_or("").to_owned();
    let kind = p.filter("kind");
    let mut kinds = vec![KindOption {
        value: String::new(),
        label: "Any".to_owned(),
        selected: kind.is_none(),
    }];
    kinds.extend(
        minutebook_search::query::ITEM_KINDS
            .iter()
            .map(|k| KindOption {
                value: (*k).to_owned(),
                label: super::capitalise(&k.replace('-', " ")),
                selected: kind == Some(*k),
            }),
    );
    let filters = ["authority", "committee", "since", "until", "kind", "person"];
    FormView {
        q: value("q"),
        authority: value("authority"),
        committee: value("committee"),
        since: value("since"),
        until: value("until"),
        person: value("person"),
        kinds,
        clear: filters.iter().any(|f| p.filter(f).is_some()).then(|| {
            let none: Vec<(&str, Option<&str>)> = filters.iter().map(|f| (*f, None)).collect();
            format!("/search{}", p.query_string(&none))
        }),
    }
}

/// The hit's item and meeting links.
pub fn hit_links(h: &minutebook_search::Hit) -> (Link, Link) {
    let key = h.item_id.rsplit('/').next().unwrap_or("");
    let date = h
        .date
        .as_deref()
        .map_or_else(|| "undated".into(), text::date);
    (
        Link::new(
            links::page(Resource::Item, &h.item_id),
            h.item_title.clone(),
        ),
        Link::new(
            format!(
                "{}#item-{key}",
                links::page(Resource::Meeting, &h.meeting_id)
            ),
            format!("{}, {date}", h.committee),
        ),
    )
}

fn facet_group(
    heading: &'static str,
    id: &'static str,
    entries: &[FacetCount],
    link: impl Fn(&FacetCount) -> (String, bool),
) -> FacetGroup {
    FacetGroup {
        heading,
        id,
        entries: entries
            .iter()
            .take(FACET_ENTRIES)
            .map(|f| {
                let (query, current) = link(f);
                FacetLink {
                    href: format!("/search{query}"),
                    label: f.label.clone(),
                    count: f.count,
                    current,
                }
            })
            .collect(),
    }
}

/// Committee facet entries, those whose names are shared by committees of
/// other councils ("Cabinet") followed by their council's name.
fn committee_labels(committees: &[FacetCount], authorities: &[FacetCount]) -> Vec<FacetCount> {
    let shared = |label: &str| committees.iter().filter(|c| c.label == label).count() > 1;
    committees
        .iter()
        .map(|c| {
            if !shared(&c.label) {
                return c.clone();
            }
            let authority = c.value.split('/').next().unwrap_or_default();
            let name = authorities
                .iter()
                .find(|a| a.value == authority)
                .map_or_else(
                    || text::authority_name(authority, None),
                    |a| a.label.clone(),
                );
            FacetCount {
                label: format!("{} ({name})", c.label),
                ..c.clone()
            }
        })
        .collect()
}

fn results_view(p: &SearchParams, r: &Results, page: usize) -> ResultsView {
    let q = p.filter("q");
    let s = if r.total == 1 { "" } else { "s" };
    let summary = match q {
        Some(q) => format!("{} result{s} for “{q}”", text::thousands(r.total)),
        None => format!("{} result{s}", text::thousands(r.total)),
    };
    let first = (page - 1) * PAGE_SIZE + 1;
    let range = (!r.hits.is_empty() && r.total > PAGE_SIZE as u64)
        .then(|| format!("Showing {first} to {}", first + r.hits.len() - 1));
    let hits = r
        .hits
        .iter()
        .map(|h| {
            let (item, meeting) = hit_links(h);
            HitView {
                item,
                kind: match h.hit_type {
                    HitType::Item => None,
                    HitType::Resolution => Some("Resolution"),
                    HitType::Action => Some("Action"),
                },
                meeting,
                authority: text::authority_name(&h.authority_id, Some(&h.authority)),
                snippet: h.snippet.segments.clone(),
            }
        })
        .collect();
    let same = |name: &str, v: &str| p.filter(name) == Some(v);
    let authorities: Vec<FacetCount> = r
        .facets
        .authority
        .iter()
        .map(|f| FacetCount {
            label: text::authority_name(&f.value, Some(&f.label)),
            ..f.clone()
        })
        .collect();
    let committees = committee_labels(&r.facets.committee, &authorities);
    let facets = vec![
        facet_group("Council", "facet-authority", &authorities, |f| {
            (
                p.query_string(&[("authority", Some(&f.value))]),
                same("authority", &f.value),
            )
        }),
        facet_group("Committee", "facet-committee", &committees, |f| {
            (
                p.query_string(&[("committee", Some(&f.value))]),
                same("committee", &f.value),
            )
        }),
        facet_group("Year", "facet-year", &r.facets.year, |f| {
            let (since, until) = (format!("{}-01-01", f.value), format!("{}-12-31", f.value));
            (
                p.query_string(&[("since", Some(&since)), ("until", Some(&until))]),
                same("since", &since) && same("until", &until),
            )
        }),
    ]
    .into_iter()
    .filter(|g| !g.entries.is_empty())
    .collect();
    let last = search::last_page(r.total, PAGE_SIZE);
    let base = p.query_string(&[]);
    let at = |n: usize| {
        if n == 1 {
            format!("/search{base}")
        } else {
            format!("/search{base}&page={n}")
        }
    };
    let pages = if last > 1 {
        (page.saturating_sub(PAGE_WINDOW).max(1)..=(page + PAGE_WINDOW).min(last))
            .map(|n| PageLink {
                number: n,
                href: at(n),
                current: n == page,
            })
            .collect()
    } else {
        Vec::new()
    };
    ResultsView {
        summary,
        range,
        hits,
        first,
        facets,
        prev: (page > 1).then(|| at(page - 1)),
        next: (page < last).then(|| at(page + 1)),
        pages,
        feed: format!("/search.atom{base}"),
    }
}

/// `GET /search?q=…&authority=…&committee=…&since=…&until=…&kind=…&person=…&page=…`.
pub async fn show(
    State(state): State<AppState>,
    params: Result<Query<SearchParams>, QueryRejection>,
) -> Result<SearchPage, PageError> {
    if state.searcher.is_none() {
        return Err(AppError::NotFound.into());
    }
    let p = params.map_err(|e| AppError::BadRequest(e.body_text()))?.0;
    let form = form_view(&p);
    let title = p
        .filter("q")
        .map_or_else(|| "Search".to_owned(), |q| format!("Search: {q}"));
    let mut page = SearchPage {
        layout: Layout::new(title, vec![home_crumb()]),
        form,
        message: None,
        error: false,
        results: None,
    };
    if p.is_empty() {
        page.message = Some("Enter a word or phrase to search for, or choose a filter.".to_owned());
        return Ok(page);
    }
    let outcome = async {
        let n = p.page()?;
        let mut q = p.query(n, PAGE_SIZE)?;
        q.facet_limit = FACET_ENTRIES;
        let results = search::run(&state, &q).await?;
        Ok::<_, AppError>((n, results))
    }
    .await;
    match outcome {
        Ok((n, results)) => {
            let view = results_view(&p, &results, n);
            page.layout.alternates.push(Alternate {
                href: view.feed.clone(),
                media_type: "application/atom+xml",
                title: format!(
                    "Newest meetings matching this search ({})",
                    page.layout.title
                ),
            });
            if results.total == 0 {
                page.message = Some(
                    "Nothing matched. Check the spelling, use fewer words, or remove a filter."
                        .to_owned(),
                );
            } else if results.hits.is_empty() {
                page.message = Some("There are no more results.".to_owned());
            }
            page.results = Some(view);
            Ok(page)
        }
        Err(AppError::BadRequest(detail)) => {
            page.message = Some(format!("Your search could not be understood: {detail}."));
            page.error = true;
            Ok(page)
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facet(value: &str, label: &str) -> FacetCount {
        FacetCount {
            value: value.into(),
            label: label.into(),
            count: 1,
        }
    }

    #[test]
    fn shared_committee_names_say_their_council() {
        let committees = [
            facet("oakmoor/cabinet", "Cabinet"),
            facet("elmford/cabinet", "Cabinet"),
            facet("elmford/audit", "Audit"),
        ];
        let authorities = [facet("oakmoor", "Oakmoor Council")];
        let labels: Vec<String> = committee_labels(&committees, &authorities)
            .into_iter()
            .map(|f| f.label)
            .collect();
        assert_eq!(
            labels,
            ["Cabinet (Oakmoor Council)", "Cabinet (Elmford)", "Audit"]
        );
    }
}
