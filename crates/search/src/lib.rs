//! Search: ranked full-text search over the archive, with filters, facets,
//! snippets and the sector's glossary.
//!
//! This crate owns the search index (tantivy, in a directory of its own),
//! the query language ([`query`]), snippets ([`Snippet`]), facet counts and
//! the glossary ([`glossary()`]). It must not parse documents or write
//! archive records: it reads the archive through [`Archive`] (the
//! [`SearchSource`](minutebook_store::search_source::SearchSource) role
//! for bulk reads) and follows its change feed.
//!
//! **Always in step with the archive.** The index records, in the payload
//! of each of its commits, the position in the archive's change feed it has
//! dealt with. Before answering a query the [`Searcher`] compares that with
//! [`Store::last_change`] and, if the archive has moved on, indexes the
//! changed meetings first (cheap when nothing changed: one small query). A
//! crash between an archive commit and an index commit is therefore
//! repaired on the next search, and each machine sharing a PostgreSQL
//! archive keeps its own index and answers the same (docs/search.md).
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use minutebook_search::{Query, Searcher};
//! use std::sync::Arc;
//!
//! let dir = std::env::temp_dir().join(format!("minutebook-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&dir)?;
//! let db = dir.join("minutebook.db");
//! let archive = minutebook_store_sqlite::open(db.to_str().unwrap_or_default()).await?;
//! let searcher = Searcher::open(Arc::new(archive), dir.join("minutebook.db.search")).await?;
//!
//! let results = searcher.search(&Query::new("\"statutory timescales\" committee:scrutiny")).await?;
//! for hit in &results.hits {
//!     println!("{} {} {}", hit.date.as_deref().unwrap_or(""), hit.item_title, hit.snippet.render_plain(false));
//! }
//! assert_eq!(results.total, 0); // an empty archive
//!
//! let g = minutebook_search::glossary();
//! assert_eq!(g.lookup("EHCP").and_then(|e| e.expansion()), Some("Education, Health and Care Plan"));
//! # std::fs::remove_dir_all(&dir)?;
//! # Ok(()) }
//! ```

mod cache;
mod columns;
mod compile;
mod facets;
pub mod glossary;
mod index;
pub mod query;
mod snippet;
mod stem;

pub use glossary::{Entry, Found, Glossary, glossary};
pub use index::{Opened, beside_sqlite, default_for_server, index_dir_for};
pub use query::{HitType, QueryError};
pub use snippet::{Segment, Snippet};

use cache::NameKind;
use compile::{Compiler, Resolved};
use minutebook_store::search_source::HitText;
use minutebook_store::{Archive, StoreError};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use tantivy::DocAddress;
use tantivy::collector::TopDocs;
use tantivy::query::{Query as TQuery, RangeQuery};

/// The most hits one query returns.
pub const MAX_LIMIT: usize = 100;
/// The furthest into the results one may page.
pub const MAX_OFFSET: usize = 1_000;
/// The longest filter value accepted (committee, authority, person), in bytes.
pub const MAX_FILTER_BYTES: usize = 200;
/// Distinct searches whose results a [`Searcher`] keeps by default (a few
/// megabytes at most: a result page holds at most [`MAX_LIMIT`] snippets).
pub const DEFAULT_RESULT_CACHE: usize = 256;
/// Meetings read from the archive per step of a catch-up.
const CATCH_UP_BATCH: u32 = 500;

/// Why a search, an update or a reindex failed.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The query was refused (show the message to the user).
    #[error(transparent)]
    Query(#[from] QueryError),
    /// The archive failed.
    #[error("reading the archive: {0}")]
    Store(#[from] StoreError),
    /// The index failed.
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
    /// The index directory could not be read or written.
    #[error("search index directory {0}: {1}")]
    Io(PathBuf, #[source] std::io::Error),
}

/// A search: the query text (see [`query`] for the language) and filters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Query {
    /// The query text.
    pub text: String,
    /// Authority identifier or name (part of it is enough).
    pub authority: Option<String>,
    /// Committee identifier, or any name the committee has had.
    pub committee: Option<String>,
    /// A person named in the attendance.
    pub person: Option<String>,
    /// Meetings on or after this date (`YYYY-MM-DD`).
    pub since: Option<String>,
    /// Meetings on or before this date (`YYYY-MM-DD`).
    pub until: Option<String>,
    /// Item kind (`substantive`, `work-programme`, …).
    pub kind: Option<String>,
    /// Only hits of this type.
    pub hit_type: Option<HitType>,
    /// Hits to return (at most [`MAX_LIMIT`]).
    pub limit: usize,
    /// Hits to skip (at most [`MAX_OFFSET`]).
    pub offset: usize,
    /// Entries per facet (the largest counts).
    pub facet_limit: usize,
    /// Newest meetings first instead of best first (feeds of a search).
    pub newest_first: bool,
}

impl Query {
    /// A query for `text` with no filters, the top 20 hits and 20 entries
    /// per facet.
    pub fn new(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            authority: None,
            committee: None,
            person: None,
            since: None,
            until: None,
            kind: None,
            hit_type: None,
            limit: 20,
            offset: 0,
            facet_limit: 20,
            newest_first: false,
        }
    }
}

/// One hit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// An item, a resolution or an action.
    #[serde(rename = "type")]
    pub hit_type: HitType,
    /// BM25 score (0 when the query only filters or asks for the newest
    /// first).
    pub score: f32,
    /// The meeting's identifier (link: the meeting page).
    pub meeting_id: String,
    /// The item's identifier.
    pub item_id: String,
    /// The resolution's identifier, when the hit is one.
    pub resolution_id: Option<String>,
    /// The action's identifier, when the hit is one.
    pub action_id: Option<String>,
    /// Meeting date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The committee's name as these minutes give it.
    pub committee: String,
    /// The committee's identifier.
    pub committee_id: String,
    /// The authority's name (its identifier when the minutes named none).
    pub authority: String,
    /// The authority's identifier.
    pub authority_id: String,
    /// The item's title.
    pub item_title: String,
    /// The passage that matched, with the matched words highlighted.
    pub snippet: Snippet,
}

/// One facet entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FacetCount {
    /// The value to filter by (identifier, or the year).
    pub value: String,
    /// What to show.
    pub label: String,
    /// Matches with this value.
    pub count: u64,
}

/// Counts of all matches by authority, committee and year.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Facets {
    /// By authority, largest first.
    pub authority: Vec<FacetCount>,
    /// By committee, largest first.
    pub committee: Vec<FacetCount>,
    /// By year, newest first.
    pub year: Vec<FacetCount>,
}

/// The results of a search.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Results {
    /// The hits, best first (newest first when the query only filters or
    /// asks for that).
    pub hits: Vec<Hit>,
    /// How many documents matched in all.
    pub total: u64,
    /// Counts of all matches.
    pub facets: Facets,
}

/// What an update or a reindex did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Update {
    /// Meetings (re)indexed.
    pub meetings: usize,
    /// The feed position the index is now at.
    pub seq: i64,
}

/// Parses and compiles `text` as [`Searcher::search`] would, without an
/// index or an archive: whether the query would be accepted (for forms that
/// check as the user types, and for fuzzing the parser).
pub fn check_query(text: &str) -> Result<(), QueryError> {
    let node = query::parse(text)?.map(|n| compile::expand(n, glossary()));
    if node.is_none() {
        return Err(QueryError::Empty);
    }
    let fields = index::fields();
    let resolved = Resolved::default();
    let _ = Compiler::new(&fields, &resolved).compile(node.as_ref(), &[], Vec::new());
    Ok(())
}

/// Searches an archive, keeping its index in step with it.
pub struct Searcher {
    archive: Arc<dyn Archive>,
    index: index::Index,
    opened: Opened,
    /// The feed position of the index the reader sees.
    position: AtomicI64,
    /// One catch-up at a time in this process (tantivy's lock file keeps
    /// other processes out).
    updating: tokio::sync::Mutex<()>,
    labels: std::sync::Mutex<Labels>,
    columns: columns::ColumnCache,
    results: cache::ResultCache,
    names: cache::Resolutions,
}

impl std::fmt::Debug for Searcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Searcher")
            .field("dir", &self.index.dir())
            .field("position", &self.position())
            .finish_non_exhaustive()
    }
}

impl Searcher {
    /// Opens the index in `dir` for `archive`, creating it if missing and
    /// replacing it if unreadable ([`Searcher::opened`] says which). It is
    /// filled or brought up to date on the first search, or by
    /// [`Searcher::update`].
    pub async fn open(
        archive: Arc<dyn Archive>,
        dir: impl AsRef<Path>,
    ) -> Result<Self, SearchError> {
        let (index, opened) = index::Index::open(dir.as_ref())?;
        let position = index.committed_seq()?;
        Ok(Self {
            archive,
            index,
            opened,
            position: AtomicI64::new(position),
            updating: tokio::sync::Mutex::new(()),
            labels: std::sync::Mutex::default(),
            columns: columns::ColumnCache::default(),
            results: cache::ResultCache::new(DEFAULT_RESULT_CACHE),
            names: cache::Resolutions::default(),
        })
    }

    /// Keeps the results of the last `entries` distinct searches (default
    /// [`DEFAULT_RESULT_CACHE`]; 0 keeps none), each used only while the
    /// archive has not changed.
    #[must_use]
    pub fn with_result_cache(mut self, entries: usize) -> Self {
        self.results = cache::ResultCache::new(entries);
        self
    }

    /// How the index was found when opened.
    pub fn opened(&self) -> &Opened {
        &self.opened
    }

    /// The index directory.
    pub fn dir(&self) -> &Path {
        self.index.dir()
    }

    /// The archive's change-feed position the index reflects.
    pub fn position(&self) -> i64 {
        self.position.load(Ordering::SeqCst)
    }

    /// Brings the index up to date with the archive's change feed.
    pub async fn update(&self) -> Result<Update, SearchError> {
        self.catch_up(false).await
    }

    /// Rebuilds the index from the whole archive (one commit: searches see
    /// the old index until it is done).
    pub async fn reindex(&self) -> Result<Update, SearchError> {
        self.catch_up(true).await
    }

    async fn catch_up(&self, rebuild: bool) -> Result<Update, SearchError> {
        let _one = self.updating.lock().await;
        let last = self.archive.last_change().await?;
        let on_disk = self.index.committed_seq()?;
        if !rebuild && on_disk == last {
            // Another process may have caught up for us.
            self.index.reader.reload()?;
            self.position.store(on_disk, Ordering::SeqCst);
            return Ok(Update {
                meetings: 0,
                seq: on_disk,
            });
        }
        let big = rebuild || on_disk == 0;
        let threads = if big {
            std::thread::available_parallelism().map_or(1, |n| n.get().min(4))
        } else {
            1
        };
        let writer = self.index.writer(threads).await?;
        // Read both again under the lock: the holder before us may have
        // caught up past the `last` read above.
        let last = self.archive.last_change().await?;
        let mut pos = self.index.committed_seq()?;
        // An index ahead of the archive was made from another archive.
        if rebuild || pos > last {
            writer.delete_all_documents()?;
            pos = 0;
        }
        let mut meetings = 0;
        loop {
            let changes = self.archive.changes_since(pos, CATCH_UP_BATCH).await?;
            let Some(end) = changes.last().map(|c| c.seq) else {
                break;
            };
            let ids: Vec<String> = changes.into_iter().map(|c| c.meeting_id).collect();
            let found = self.archive.index_meetings(&ids).await?;
            let present: HashSet<&str> = found.iter().map(|m| m.id.as_str()).collect();
            let gone: Vec<String> = ids
                .iter()
                .filter(|id| !present.contains(id.as_str()))
                .cloned()
                .collect();
            self.index.apply(&writer, &found, &gone)?;
            meetings += ids.len();
            pos = end;
        }
        self.index.commit(writer, pos)?;
        self.position.store(pos, Ordering::SeqCst);
        Ok(Update { meetings, seq: pos })
    }

    /// Runs `q`: brings the index up to date if the archive has changed,
    /// then returns the top hits with snippets, the total and the facets.
    pub async fn search(&self, q: &Query) -> Result<Results, SearchError> {
        let node = query::parse(&q.text)?.map(|n| compile::expand(n, glossary()));
        let filters = filter_nodes(q)?;
        if node.is_none() && filters.is_empty() && q.since.is_none() && q.until.is_none() {
            return Err(QueryError::Empty.into());
        }
        if self.archive.last_change().await? != self.position() {
            self.update().await?;
        }
        let resolved = self.resolve(node.as_ref(), &filters).await?;
        let position = self.position();
        let key = cache::Key::new(q, &resolved);
        if let Some(results) = self.results.get(position, &key) {
            return Ok(results);
        }
        let mut extra: Vec<Box<dyn TQuery>> = Vec::new();
        if let Some(range) = self.date_range(q)? {
            extra.push(range);
        }
        let compiled =
            Compiler::new(&self.index.fields, &resolved).compile(node.as_ref(), &filters, extra);
        let searcher = self.index.reader.searcher();
        self.columns.retain(&searcher);
        let limit = q.limit.clamp(1, MAX_LIMIT);
        let offset = q.offset.min(MAX_OFFSET);
        let top_docs = TopDocs::with_limit(limit).and_offset(offset);
        let facets = facets::FacetCollector(&self.columns);
        let (top, counts): (Vec<(f32, DocAddress)>, facets::Counts) =
            if q.newest_first || !compiled.has_text {
                let newest = top_docs.order_by_fast_field::<i64>("day", tantivy::Order::Desc);
                let (by_date, counts) = searcher.search(&*compiled.query, &(newest, facets))?;
                (by_date.into_iter().map(|(_, a)| (0.0, a)).collect(), counts)
            } else if compiled.prunable {
                let top = searcher.search(&*compiled.query, &top_docs.order_by_score())?;
                (top, searcher.search(&*compiled.query, &facets)?)
            } else {
                searcher.search(&*compiled.query, &(top_docs.order_by_score(), facets))?
            };
        let total = counts.committees.values().sum();
        let refs = self.hit_refs(&searcher, &top)?;
        let highlight = snippet::Highlight {
            terms: &compiled.terms,
            prefixes: &compiled.prefixes,
        };
        let hits = self.hits(refs, &highlight).await?;
        let facets = self.facets(&counts, q.facet_limit).await?;
        let results = Results {
            hits,
            total,
            facets,
        };
        self.results.put(position, key, &results);
        Ok(results)
    }

    /// Committee and authority filter values as identifiers. Committees
    /// match on their identifier or any name in `committee_names`, and the
    /// tracker's groups, read now (or kept from a search since which none
    /// of them changed), so renames need no reindex.
    async fn resolve(
        &self,
        node: Option<&query::Node>,
        filters: &[query::Node],
    ) -> Result<Resolved, SearchError> {
        let (mut committees, mut authorities) = (Vec::new(), Vec::new());
        for n in node.into_iter().chain(filters) {
            n.names(&mut committees, &mut authorities);
        }
        let mut r = Resolved::default();
        if committees.is_empty() && authorities.is_empty() {
            return Ok(r);
        }
        let stamp = (
            self.position(),
            self.archive.committee_groups_generation().await?,
        );
        for c in committees {
            let ids = self.resolve_one(stamp, NameKind::Committee, &c).await?;
            r.committees.insert(c, ids);
        }
        for a in authorities {
            let ids = self.resolve_one(stamp, NameKind::Authority, &a).await?;
            r.authorities.insert(a, ids);
        }
        Ok(r)
    }

    async fn resolve_one(
        &self,
        stamp: (i64, i64),
        kind: NameKind,
        name: &str,
    ) -> Result<Vec<String>, SearchError> {
        if let Some(ids) = self.names.get(stamp, kind, name) {
            return Ok(ids);
        }
        let ids = match kind {
            NameKind::Committee => self.archive.committees_named(name).await?,
            NameKind::Authority => {
                let mut ids = self.archive.authorities_named(name).await?;
                let slug = minutebook_store::ids::slug(name);
                ids.extend(self.archive.authorities_named(&slug).await?);
                ids
            }
        };
        self.names.put(stamp, kind, name, &ids);
        Ok(ids)
    }

    fn date_range(&self, q: &Query) -> Result<Option<Box<dyn TQuery>>, QueryError> {
        let field = self.index.fields.day;
        let bound = |d: &Option<String>| -> Result<Bound<tantivy::Term>, QueryError> {
            Ok(match d {
                Some(d) => {
                    Bound::Included(tantivy::Term::from_field_i64(field, query::day_number(d)?))
                }
                None => Bound::Unbounded,
            })
        };
        if q.since.is_none() && q.until.is_none() {
            return Ok(None);
        }
        Ok(Some(Box::new(RangeQuery::new(
            bound(&q.since)?,
            bound(&q.until)?,
        ))))
    }

    /// The (meeting, item, sub-position, type, score) of each top doc.
    fn hit_refs(
        &self,
        searcher: &tantivy::Searcher,
        top: &[(f32, DocAddress)],
    ) -> Result<Vec<HitRef>, SearchError> {
        let mut out = Vec::with_capacity(top.len());
        for &(score, addr) in top {
            let columns = self
                .columns
                .get(searcher.segment_reader(addr.segment_ord))?;
            let Some(doc) = columns
                .doc(addr.doc_id)
                .map_err(|e| SearchError::Io(self.dir().to_owned(), e))?
            else {
                continue;
            };
            out.push(HitRef {
                score,
                meeting_id: doc.meeting,
                item: i64::try_from(doc.item).unwrap_or(0),
                sub: i64::try_from(doc.sub).unwrap_or(0),
                hit_type: match doc.hit {
                    1 => HitType::Resolution,
                    2 => HitType::Action,
                    _ => HitType::Item,
                },
            });
        }
        Ok(out)
    }

    async fn hits(
        &self,
        refs: Vec<HitRef>,
        highlight: &snippet::Highlight<'_>,
    ) -> Result<Vec<Hit>, SearchError> {
        let keys: Vec<(String, i64)> = refs
            .iter()
            .map(|r| (r.meeting_id.clone(), r.item))
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        let texts: HashMap<(String, i64), HitText> = self
            .archive
            .hit_texts(&keys)
            .await?
            .into_iter()
            .map(|t| ((t.meeting_id.clone(), t.position), t))
            .collect();
        let mut hits = Vec::with_capacity(refs.len());
        for r in refs {
            // A meeting rewritten since the index saw it may lack the item.
            let Some(t) = texts.get(&(r.meeting_id.clone(), r.item)) else {
                continue;
            };
            let part = |parts: &[(i64, String, String)]| {
                parts
                    .iter()
                    .find(|p| p.0 == r.sub)
                    .map(|p| (p.1.clone(), p.2.clone()))
            };
            let (resolution_id, action_id, text) = match r.hit_type {
                HitType::Item => (None, None, item_body(t)),
                HitType::Resolution => {
                    let Some((id, text)) = part(&t.resolutions) else {
                        continue;
                    };
                    (Some(id), None, text)
                }
                HitType::Action => {
                    let Some((id, text)) = part(&t.actions) else {
                        continue;
                    };
                    (None, Some(id), text)
                }
            };
            hits.push(Hit {
                hit_type: r.hit_type,
                score: r.score,
                meeting_id: r.meeting_id,
                item_id: t.item_id.clone(),
                resolution_id,
                action_id,
                date: t.date.clone(),
                committee: t
                    .committee
                    .clone()
                    .unwrap_or_else(|| t.committee_id.clone()),
                committee_id: t.committee_id.clone(),
                authority: t
                    .authority
                    .clone()
                    .unwrap_or_else(|| t.authority_id.clone()),
                authority_id: t.authority_id.clone(),
                item_title: t.title.clone(),
                snippet: snippet::make(&text, highlight),
            });
        }
        Ok(hits)
    }

    async fn facets(&self, counts: &facets::Counts, limit: usize) -> Result<Facets, SearchError> {
        let mut authorities: HashMap<&str, u64> = HashMap::new();
        for (committee, &n) in &counts.committees {
            let authority = committee.split_once('/').map_or(&**committee, |p| p.0);
            *authorities.entry(authority).or_default() += n;
        }
        let committees = counts.committees.iter().map(|(k, &n)| (&**k, n)).collect();
        let committee = largest(committees, limit);
        let authority = largest(authorities, limit);
        let (committee_names, authority_names) = self.labels(&committee, &authority).await?;
        let label = |v: Vec<(String, u64)>, names: &HashMap<String, String>| {
            v.into_iter()
                .map(|(value, count)| FacetCount {
                    label: names.get(&value).cloned().unwrap_or_else(|| value.clone()),
                    value,
                    count,
                })
                .collect()
        };
        let mut year: Vec<(u64, u64)> = counts
            .years
            .iter()
            .filter(|(y, _)| **y > 0)
            .map(|(y, n)| (*y, *n))
            .collect();
        year.sort_unstable_by_key(|y| std::cmp::Reverse(y.0));
        Ok(Facets {
            authority: label(authority, &authority_names),
            committee: label(committee, &committee_names),
            year: year
                .into_iter()
                .take(limit)
                .map(|(y, count)| FacetCount {
                    value: y.to_string(),
                    label: y.to_string(),
                    count,
                })
                .collect(),
        })
    }

    /// Names of the facets' committees and authorities, from a cache that
    /// is emptied whenever the index moves along the feed (names change
    /// only with archive writes).
    async fn labels(
        &self,
        committees: &[(String, u64)],
        authorities: &[(String, u64)],
    ) -> Result<(HashMap<String, String>, HashMap<String, String>), SearchError> {
        let position = self.position();
        let missing = |cached: &HashMap<String, String>, v: &[(String, u64)]| {
            v.iter()
                .filter(|p| !cached.contains_key(&p.0))
                .map(|p| p.0.clone())
                .collect::<Vec<_>>()
        };
        let (need_c, need_a) = {
            let mut cache = self
                .labels
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if cache.position != position {
                *cache = Labels {
                    position,
                    ..Labels::default()
                };
            }
            (
                missing(&cache.committees, committees),
                missing(&cache.authorities, authorities),
            )
        };
        let found_c = if need_c.is_empty() {
            HashMap::new()
        } else {
            self.archive.committee_labels(&need_c).await?
        };
        let found_a = if need_a.is_empty() {
            HashMap::new()
        } else {
            self.archive.authority_labels(&need_a).await?
        };
        let mut cache = self
            .labels
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        // Remember misses too (authorities the minutes never named).
        for id in need_a {
            let name = found_a.get(&id).cloned().unwrap_or_else(|| id.clone());
            cache.authorities.insert(id, name);
        }
        cache.committees.extend(found_c);
        let pick = |cached: &HashMap<String, String>, v: &[(String, u64)]| {
            v.iter()
                .filter_map(|p| Some((p.0.clone(), cached.get(&p.0)?.clone())))
                .collect()
        };
        Ok((
            pick(&cache.committees, committees),
            pick(&cache.authorities, authorities),
        ))
    }
}

/// Cached facet labels, valid at one feed position.
#[derive(Debug, Default)]
struct Labels {
    position: i64,
    committees: HashMap<String, String>,
    authorities: HashMap<String, String>,
}

struct HitRef {
    score: f32,
    meeting_id: String,
    item: i64,
    sub: i64,
    hit_type: HitType,
}

/// The `limit` largest counts, largest first (ties by value).
fn largest(counts: HashMap<&str, u64>, limit: usize) -> Vec<(String, u64)> {
    let mut v: Vec<(String, u64)> = counts.into_iter().map(|(k, n)| (k.to_owned(), n)).collect();
    v.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v.truncate(limit);
    v
}

/// The text an item hit's snippet is taken from: agenda text and minutes
/// (the title is shown beside it).
fn item_body(t: &HitText) -> String {
    let parts: Vec<&str> = [t.agenda_text.as_deref(), t.minutes_text.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    if parts.is_empty() {
        t.title.clone()
    } else {
        parts.join("\n")
    }
}

fn present(s: &Option<String>) -> Option<&str> {
    s.as_deref().filter(|s| !s.trim().is_empty())
}

/// The query's API filters as query nodes (checked and bounded).
fn filter_nodes(q: &Query) -> Result<Vec<query::Node>, QueryError> {
    let mut out = Vec::new();
    let bounded = |s: &str| {
        if s.len() > MAX_FILTER_BYTES {
            Err(QueryError::TooLong(s.len()))
        } else {
            Ok(s.trim().to_owned())
        }
    };
    if let Some(c) = present(&q.committee) {
        out.push(query::Node::Committee(bounded(c)?));
    }
    if let Some(a) = present(&q.authority) {
        out.push(query::Node::Authority(bounded(a)?));
    }
    if let Some(p) = present(&q.person) {
        out.push(query::Node::Phrase {
            field: query::TextField::Person,
            text: bounded(p)?,
        });
    }
    if let Some(k) = present(&q.kind) {
        out.push(query::Node::Kind(query::item_kind(k)?));
    }
    if let Some(t) = q.hit_type {
        out.push(query::Node::Type(t));
    }
    for d in [&q.since, &q.until].into_iter().flatten() {
        query::day_number(d)?;
    }
    Ok(out)
}
