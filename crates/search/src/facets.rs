//! Facet counts over every match, per committee and per year, from one
//! fast-field column holding both (one read per match); a committee's
//! identifier starts with its authority's, so authority counts are sums of
//! committee counts.

use crate::columns::{ColumnCache, SegmentColumns};
use std::collections::HashMap;
use std::sync::Arc;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::{DocId, Score, SegmentReader};

/// Matches per committee identifier and per year (0: undated).
#[derive(Debug, Default)]
pub(crate) struct Counts {
    pub(crate) committees: HashMap<Arc<str>, u64>,
    pub(crate) years: HashMap<u64, u64>,
}

/// Counts facets with the segments' cached columns.
pub(crate) struct FacetCollector<'a>(pub(crate) &'a ColumnCache);

pub(crate) struct SegmentFacets {
    columns: Arc<SegmentColumns>,
    /// Matches per term ordinal of this segment.
    counts: Vec<u32>,
    ords: Vec<u64>,
}

impl Collector for FacetCollector<'_> {
    type Fruit = Counts;
    type Child = SegmentFacets;

    fn for_segment(&self, _: u32, reader: &SegmentReader) -> tantivy::Result<SegmentFacets> {
        let columns = self.0.get(reader)?;
        Ok(SegmentFacets {
            counts: vec![0; columns.facet_terms.len()],
            columns,
            ords: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Counts>) -> tantivy::Result<Counts> {
        let mut all = Counts::default();
        for f in fruits {
            for (k, n) in f.committees {
                *all.committees.entry(k).or_default() += n;
            }
            for (k, n) in f.years {
                *all.years.entry(k).or_default() += n;
            }
        }
        Ok(all)
    }
}

impl SegmentCollector for SegmentFacets {
    type Fruit = Counts;

    fn collect(&mut self, doc: DocId, _: Score) {
        self.collect_block(&[doc]);
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        let Some(ords) = &self.columns.facet_ords else {
            return;
        };
        let docs: &[DocId] = match docs.iter().position(|&d| d >= ords.num_vals()) {
            Some(end) => &docs[..end],
            None => docs,
        };
        self.ords.resize(docs.len(), 0);
        ords.get_vals(docs, &mut self.ords);
        for &o in &self.ords {
            if let Some(c) = self.counts.get_mut(o as usize) {
                *c += 1;
            }
        }
    }

    fn harvest(self) -> Counts {
        let mut committees = vec![0u64; self.columns.committees.len()];
        let mut out = Counts::default();
        for (&n, &(committee, year)) in self.counts.iter().zip(&self.columns.facet_terms) {
            if n > 0 {
                committees[committee] += u64::from(n);
                *out.years.entry(year).or_default() += u64::from(n);
            }
        }
        out.committees = committees
            .into_iter()
            .zip(&self.columns.committees)
            .filter(|(n, _)| *n > 0)
            .map(|(n, name)| (name.clone(), n))
            .collect();
        out
    }
}
