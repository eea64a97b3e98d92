//! Each index segment's fast-field columns, opened once and kept while the
//! segment lives. Opening a column parses its codec header and allocates;
//! done per hit and per search (five columns for each of twenty hits, and
//! the facet dictionary decoded again for every query), that cost more
//! than the reads themselves. Segments never change once written, so the
//! cache is keyed by segment id and pruned of the segments merges remove.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use tantivy::columnar::{Cardinality, Column, ColumnValues, StrColumn};
use tantivy::index::SegmentId;
use tantivy::{DocId, SegmentReader};

/// One segment's columns.
pub(crate) struct SegmentColumns {
    /// Meeting identifiers.
    meeting: Option<StrColumn>,
    item: Option<Column<u64>>,
    sub: Option<Column<u64>>,
    hit: Option<Column<u64>>,
    /// The facet term ordinal of every document, read by document.
    pub(crate) facet_ords: Option<Arc<dyn ColumnValues<u64>>>,
    /// Per facet term ordinal: its committee (an index into `committees`)
    /// and its year (0: undated).
    pub(crate) facet_terms: Vec<(usize, u64)>,
    /// The committee identifiers of this segment's facet terms.
    pub(crate) committees: Vec<Arc<str>>,
}

/// What the index holds about one matching document.
pub(crate) struct DocRef {
    pub(crate) meeting: String,
    pub(crate) item: u64,
    pub(crate) sub: u64,
    pub(crate) hit: u64,
}

impl SegmentColumns {
    fn open(reader: &SegmentReader) -> tantivy::Result<Self> {
        let ff = reader.fast_fields();
        let (facet_ords, facet_terms, committees) = match ff.str("facet")? {
            Some(column) => {
                let (terms, committees) = facet_terms(&column)?;
                // Every document has one value, so the values can be read
                // by document directly (the general wrapper goes through
                // the column index for each read).
                let ords = match column.ords().get_cardinality() {
                    Cardinality::Full => column.ords().values.clone(),
                    _ => column.ords().clone().first_or_default_col(0),
                };
                (Some(ords), terms, committees)
            }
            None => (None, Vec::new(), Vec::new()),
        };
        Ok(Self {
            meeting: ff.str("meeting")?,
            item: ff.u64("item").ok(),
            sub: ff.u64("sub").ok(),
            hit: ff.u64("hit").ok(),
            facet_ords,
            facet_terms,
            committees,
        })
    }

    /// The meeting, item, sub-position and hit type of `doc`, or `None` if
    /// the segment has no meeting for it.
    pub(crate) fn doc(&self, doc: DocId) -> std::io::Result<Option<DocRef>> {
        let Some(meetings) = &self.meeting else {
            return Ok(None);
        };
        let ord = meetings.ords().first(doc).unwrap_or(0);
        let mut meeting = String::new();
        if !meetings.ord_to_str(ord, &mut meeting)? {
            return Ok(None);
        }
        let value = |c: &Option<Column<u64>>| c.as_ref().and_then(|c| c.first(doc)).unwrap_or(0);
        Ok(Some(DocRef {
            meeting,
            item: value(&self.item),
            sub: value(&self.sub),
            hit: value(&self.hit),
        }))
    }
}

/// Per facet term ordinal, its committee (an index) and year; and the
/// committees.
type FacetTerms = (Vec<(usize, u64)>, Vec<Arc<str>>);

/// Every facet term of a segment split into committee and year, the
/// committees interned.
fn facet_terms(column: &StrColumn) -> std::io::Result<FacetTerms> {
    let mut terms = Vec::with_capacity(column.num_terms());
    let mut committees: Vec<Arc<str>> = Vec::new();
    let mut index: HashMap<Arc<str>, usize> = HashMap::new();
    let mut stream = column.dictionary().stream()?;
    while stream.advance() {
        let value = String::from_utf8_lossy(stream.key());
        let (committee, year) = value.rsplit_once('\t').unwrap_or((&value, "0"));
        let at = match index.get(committee) {
            Some(&at) => at,
            None => {
                let name: Arc<str> = Arc::from(committee);
                committees.push(name.clone());
                index.insert(name, committees.len() - 1);
                committees.len() - 1
            }
        };
        terms.push((at, year.parse().unwrap_or(0)));
    }
    Ok((terms, committees))
}

/// The columns of the segments in use.
#[derive(Default)]
pub(crate) struct ColumnCache(Mutex<HashMap<SegmentId, Arc<SegmentColumns>>>);

impl ColumnCache {
    /// The columns of `reader`'s segment, opened on first use.
    pub(crate) fn get(&self, reader: &SegmentReader) -> tantivy::Result<Arc<SegmentColumns>> {
        let id = reader.segment_id();
        if let Some(c) = self.lock().get(&id) {
            return Ok(c.clone());
        }
        // Opened outside the lock: two searches may both open a new
        // segment's columns, and one of the two copies is kept.
        let columns = Arc::new(SegmentColumns::open(reader)?);
        Ok(self.lock().entry(id).or_insert(columns).clone())
    }

    /// Forgets the segments `searcher` no longer has (merged away).
    pub(crate) fn retain(&self, searcher: &tantivy::Searcher) {
        let live: Vec<SegmentId> = searcher
            .segment_readers()
            .iter()
            .map(SegmentReader::segment_id)
            .collect();
        let mut cache = self.lock();
        if cache.len() > live.len() || cache.keys().any(|id| !live.contains(id)) {
            cache.retain(|id, _| live.contains(id));
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<SegmentId, Arc<SegmentColumns>>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
