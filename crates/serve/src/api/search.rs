//! Search (`/api/v1/search`): ranked hits with snippets, facet counts and
//! numbered pages. Unlike the other lists it is ordered by relevance, so it
//! is paged by number (OParl's `totalElements`, `currentPage`, …) rather
//! than by a cursor; the first 1,000 hits can be paged through.

use super::{Json, Q};
use crate::error::{ApiError, AppError, ErrorBody};
use crate::links::{self, API, Resource};
use crate::search::{self, SearchParams};
use crate::state::AppState;
use axum::extract::State;
use minutebook_search::{FacetCount, HitType};
use serde::Serialize;
use utoipa::ToSchema;

/// A page of search results.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SearchResults {
    /// The hits, best first.
    pub data: Vec<SearchHit>,
    /// About this page.
    pub pagination: SearchPagination,
    /// The other pages (with the same query and filters).
    pub links: SearchLinks,
    /// Counts of all matches, each with the search narrowed to it.
    pub facets: SearchFacets,
}

/// One hit: an agenda item, or one of its resolutions or actions.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SearchHit {
    /// Always `SearchHit`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// `item`, `resolution` or `action`.
    pub hit_type: &'static str,
    /// The item's API object.
    pub item: String,
    /// The meeting's API object.
    pub meeting: String,
    /// The item's page on the web site.
    pub web: String,
    /// The item's identifier.
    pub item_identifier: String,
    /// The resolution's identifier, when the hit is one.
    pub resolution: Option<String>,
    /// The action's identifier, when the hit is one.
    pub action: Option<String>,
    /// The meeting's date (ISO).
    pub date: Option<String>,
    /// The item's title.
    pub title: String,
    /// The committee's API object.
    pub committee: String,
    /// The committee's name as these minutes give it.
    pub committee_name: String,
    /// The authority's API object.
    pub authority: String,
    /// The authority's name.
    pub authority_name: String,
    /// BM25 relevance (higher is better; only comparable within one
    /// search).
    pub score: f32,
    /// The passage that matched.
    pub snippet: SearchSnippet,
}

/// The passage of a hit that matched.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SearchSnippet {
    /// The passage as plain text.
    pub text: String,
    /// The passage in pieces, the matched words marked. Plain text: escape
    /// it before putting it in HTML.
    pub segments: Vec<SnippetSegment>,
}

/// A piece of a snippet.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SnippetSegment {
    /// The text.
    pub text: String,
    /// Whether it is a matched word.
    pub highlighted: bool,
}

/// About a page of search results.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SearchPagination {
    /// Matches in all.
    pub total_elements: u64,
    /// The most hits a page holds.
    pub elements_per_page: usize,
    /// This page's number, from 1.
    pub current_page: usize,
    /// The last page that can be asked for.
    pub total_pages: usize,
}

/// Links between pages of search results.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SearchLinks {
    /// The first page.
    pub first: String,
    /// The previous page; absent on the first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prev: Option<String>,
    /// The next page; absent on the last.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    /// The last page.
    pub last: String,
    /// The newest meetings matching, as an Atom feed.
    pub feed: String,
}

/// Counts of all matches by authority, committee and year.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SearchFacets {
    /// By authority, largest first.
    pub authority: Vec<Facet>,
    /// By committee, largest first.
    pub committee: Vec<Facet>,
    /// By year, newest first.
    pub year: Vec<Facet>,
}

/// One facet entry.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Facet {
    /// The value to filter by (an identifier, or the year).
    pub value: String,
    /// What to show.
    pub label: String,
    /// Matches with this value.
    pub count: u64,
    /// This search narrowed to the value.
    pub filter: String,
}

fn hit_type(t: HitType) -> &'static str {
    match t {
        HitType::Item => "item",
        HitType::Resolution => "resolution",
        HitType::Action => "action",
    }
}

/// `GET /api/v1/search`.
#[utoipa::path(
    get,
    path = "/api/v1/search",
    tag = "search",
    params(SearchParams),
    responses(
        (status = 200, description = "A page of search results", body = SearchResults),
        (status = 400, description = "An empty or malformed query, or bad parameters", body = ErrorBody),
        (status = 404, description = "This server has no search index", body = ErrorBody)
    )
)]
pub async fn search(
    State(state): State<AppState>,
    Q(p): Q<SearchParams>,
) -> Result<Json<SearchResults>, ApiError> {
    if p.is_empty() {
        return Err(AppError::BadRequest(
            "give a query (q) or a filter (authority, committee, since, until, kind, person)"
                .into(),
        )
        .into());
    }
    let (page, limit) = (p.page()?, p.limit()?);
    let r = search::run(&state, &p.query(page, limit)?).await?;
    let path = format!("{API}/search");
    // Every link keeps the query and the filters, and the page size when
    // one was asked for.
    let url = |changes: &[(&str, Option<&str>)], n: usize| {
        let mut qs = p.query_string(changes);
        let mut add = |k: &str, v: String| {
            qs.push(if qs.is_empty() { '?' } else { '&' });
            qs.push_str(&format!("{k}={v}"));
        };
        if p.limit.is_some() {
            add("limit", limit.to_string());
        }
        if n > 1 {
            add("page", n.to_string());
        }
        state.absolute(&format!("{path}{qs}"))
    };
    let last = search::last_page(r.total, limit);
    let facet = |name: &'static str, v: &[FacetCount]| -> Vec<Facet> {
        v.iter()
            .map(|f| {
                let filter = if name == "year" {
                    let (since, until) =
                        (format!("{}-01-01", f.value), format!("{}-12-31", f.value));
                    url(&[("since", Some(&since)), ("until", Some(&until))], 1)
                } else {
                    url(&[(name, Some(&f.value))], 1)
                };
                Facet {
                    value: f.value.clone(),
                    label: if name == "authority" {
                        crate::text::authority_name(&f.value, Some(&f.label))
                    } else {
                        f.label.clone()
                    },
                    count: f.count,
                    filter,
                }
            })
            .collect()
    };
    let data = r
        .hits
        .iter()
        .map(|h| SearchHit {
            kind: "SearchHit",
            hit_type: hit_type(h.hit_type),
            item: state.absolute(&links::api(Resource::Item, &h.item_id)),
            meeting: state.absolute(&links::api(Resource::Meeting, &h.meeting_id)),
            web: state.absolute(&links::page(Resource::Item, &h.item_id)),
            item_identifier: h.item_id.clone(),
            resolution: h.resolution_id.clone(),
            action: h.action_id.clone(),
            date: h.date.clone(),
            title: h.item_title.clone(),
            committee: state.absolute(&links::api(Resource::Committee, &h.committee_id)),
            committee_name: h.committee.clone(),
            authority: state.absolute(&links::api(Resource::Authority, &h.authority_id)),
            authority_name: crate::text::authority_name(&h.authority_id, Some(&h.authority)),
            score: h.score,
            snippet: SearchSnippet {
                text: h.snippet.text(),
                segments: h
                    .snippet
                    .segments
                    .iter()
                    .map(|s| SnippetSegment {
                        text: s.text.clone(),
                        highlighted: s.highlighted,
                    })
                    .collect(),
            },
        })
        .collect();
    Ok(Json(SearchResults {
        data,
        pagination: SearchPagination {
            total_elements: r.total,
            elements_per_page: limit,
            current_page: page,
            total_pages: last,
        },
        links: SearchLinks {
            first: url(&[], 1),
            prev: (page > 1).then(|| url(&[], page - 1)),
            next: (page < last).then(|| url(&[], page + 1)),
            last: url(&[], last),
            feed: state.absolute(&format!("/search.atom{}", p.query_string(&[]))),
        },
        facets: SearchFacets {
            authority: facet("authority", &r.facets.authority),
            committee: facet("committee", &r.facets.committee),
            year: facet("year", &r.facets.year),
        },
    }))
}
