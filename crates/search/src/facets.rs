//! Facet counts over every match: per committee and year, read from the
//! index's fast fields (a committee's identifier starts with its
//! authority's, so authority counts are sums of committee counts).

use std::collections::HashMap;
use std::sync::Arc;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{ColumnValues, StrColumn};
use tantivy::{DocId, Score, SegmentReader};

/// Matches per (committee identifier, year); year 0 is "undated".
pub(crate) type Counts = HashMap<(String, u64), u64>;

pub(crate) struct FacetCollector;

pub(crate) struct SegmentFacets {
    committees: Option<StrColumn>,
    ords: Option<Arc<dyn ColumnValues<u64>>>,
    years: Arc<dyn ColumnValues<u64>>,
    first_year: u64,
    span: usize,
    counts: Vec<u32>,
}

impl Collector for FacetCollector {
    type Fruit = Counts;
    type Child = SegmentFacets;

    fn for_segment(&self, _: u32, reader: &SegmentReader) -> tantivy::Result<SegmentFacets> {
        let ff = reader.fast_fields();
        let committees = ff.str("committee")?;
        let ords = committees
            .as_ref()
            .map(|c| c.ords().clone().first_or_default_col(0));
        let years = ff.u64("year")?.first_or_default_col(0);
        let terms = committees.as_ref().map_or(0, |c| c.num_terms());
        let (first_year, last_year) = (years.min_value(), years.max_value());
        let span = usize::try_from(last_year.saturating_sub(first_year) + 1).unwrap_or(1);
        Ok(SegmentFacets {
            counts: vec![0; terms.max(1) * span],
            committees,
            ords,
            years,
            first_year,
            span,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Counts>) -> tantivy::Result<Counts> {
        let mut all = Counts::new();
        for f in fruits {
            for (k, n) in f {
                *all.entry(k).or_default() += n;
            }
        }
        Ok(all)
    }
}

impl SegmentFacets {
    fn add(&mut self, doc: DocId) {
        let Some(ords) = &self.ords else {
            return;
        };
        if ords.num_vals() <= doc {
            return;
        }
        let ord = ords.get_val(doc) as usize;
        let year = self.years.get_val(doc).saturating_sub(self.first_year) as usize;
        if let Some(c) = self.counts.get_mut(ord * self.span + year) {
            *c += 1;
        }
    }
}

impl SegmentCollector for SegmentFacets {
    type Fruit = Counts;

    fn collect(&mut self, doc: DocId, _: Score) {
        self.add(doc);
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        for &doc in docs {
            self.add(doc);
        }
    }

    fn harvest(self) -> Counts {
        let mut out = Counts::new();
        let Some(committees) = &self.committees else {
            return out;
        };
        let mut name = String::new();
        for (i, &n) in self.counts.iter().enumerate() {
            if n == 0 {
                continue;
            }
            name.clear();
            let ord = (i / self.span) as u64;
            if committees.ord_to_str(ord, &mut name).unwrap_or(false) {
                let year = self.first_year + (i % self.span) as u64;
                out.insert((name.clone(), year), u64::from(n));
            }
        }
        out
    }
}
