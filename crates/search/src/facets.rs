//! Facet counts over every match, per committee and per year, from one
//! fast-field column holding both (one read per match); a committee's
//! identifier starts with its authority's, so authority counts are sums of
//! committee counts.

use std::collections::HashMap;
use std::sync::Arc;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Cardinality, ColumnValues, StrColumn};
use tantivy::{DocId, Score, SegmentReader};

/// Matches per committee identifier and per year (0: undated).
#[derive(Debug, Default)]
pub(crate) struct Counts {
    pub(crate) committees: HashMap<String, u64>,
    pub(crate) years: HashMap<u64, u64>,
}

pub(crate) struct FacetCollector;

pub(crate) struct SegmentFacets {
    /// The `facet` column (committee and year) and its term ordinals.
    column: Option<(StrColumn, Arc<dyn ColumnValues<u64>>)>,
    /// Matches per term ordinal of this segment.
    counts: Vec<u32>,
    ords: Vec<u64>,
}

impl Collector for FacetCollector {
    type Fruit = Counts;
    type Child = SegmentFacets;

    fn for_segment(&self, _: u32, reader: &SegmentReader) -> tantivy::Result<SegmentFacets> {
        let column = reader.fast_fields().str("facet")?.map(|c| {
            // Every document has one value, so the values can be read by
            // document directly (the general wrapper goes through the
            // column index for each read).
            let ords = match c.ords().get_cardinality() {
                Cardinality::Full => c.ords().values.clone(),
                _ => c.ords().clone().first_or_default_col(0),
            };
            (c, ords)
        });
        let terms = column.as_ref().map_or(0, |c| c.0.num_terms());
        Ok(SegmentFacets {
            column,
            counts: vec![0; terms],
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
        let Some((_, ords)) = &self.column else {
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
        let mut out = Counts::default();
        let Some((column, _)) = &self.column else {
            return out;
        };
        let ords: Vec<u64> = (0..self.counts.len() as u64)
            .filter(|&o| self.counts[o as usize] > 0)
            .collect();
        let mut values = Vec::with_capacity(ords.len());
        let _ = column.dictionary().sorted_ords_to_term_cb(&ords, |bytes| {
            values.push(String::from_utf8_lossy(bytes).into_owned());
        });
        for (o, value) in ords.iter().zip(values) {
            let n = u64::from(self.counts[*o as usize]);
            let (committee, year) = value.rsplit_once('\t').unwrap_or((value.as_str(), "0"));
            *out.committees.entry(committee.to_owned()).or_default() += n;
            *out.years.entry(year.parse().unwrap_or(0)).or_default() += n;
        }
        out
    }
}
