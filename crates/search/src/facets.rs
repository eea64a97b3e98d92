//! Facet counts over every match, per committee and per year, read from the
//! index's fast fields in one pass (a committee's identifier starts with its
//! authority's, so authority counts are sums of committee counts).

use std::collections::HashMap;
use std::sync::Arc;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{ColumnValues, StrColumn};
use tantivy::{DocId, Score, SegmentReader};

/// Matches per committee identifier and per year (0: undated).
#[derive(Debug, Default)]
pub(crate) struct Counts {
    pub(crate) committees: HashMap<String, u64>,
    pub(crate) years: HashMap<u64, u64>,
}

pub(crate) struct FacetCollector;

pub(crate) struct SegmentFacets {
    committees: Option<(StrColumn, Arc<dyn ColumnValues<u64>>)>,
    years: Arc<dyn ColumnValues<u64>>,
    first_year: u64,
    /// Per committee term ordinal of this segment.
    by_committee: Vec<u32>,
    /// Per year from `first_year`.
    by_year: Vec<u32>,
    ords: Vec<u64>,
    ys: Vec<u64>,
}

impl Collector for FacetCollector {
    type Fruit = Counts;
    type Child = SegmentFacets;

    fn for_segment(&self, _: u32, reader: &SegmentReader) -> tantivy::Result<SegmentFacets> {
        let ff = reader.fast_fields();
        let committees = ff.str("committee")?.map(|c| {
            let ords = c.ords().clone().first_or_default_col(0);
            (c, ords)
        });
        let years = ff.u64("year")?.first_or_default_col(0);
        let terms = committees.as_ref().map_or(0, |c| c.0.num_terms());
        let first_year = years.min_value();
        let span = usize::try_from(years.max_value().saturating_sub(first_year) + 1).unwrap_or(1);
        Ok(SegmentFacets {
            committees,
            years,
            first_year,
            by_committee: vec![0; terms],
            by_year: vec![0; span],
            ords: Vec::new(),
            ys: Vec::new(),
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
        let Some((_, ords)) = &self.committees else {
            return;
        };
        let docs: &[DocId] = match docs.iter().position(|&d| d >= ords.num_vals()) {
            Some(end) => &docs[..end],
            None => docs,
        };
        self.ords.resize(docs.len(), 0);
        self.ys.resize(docs.len(), 0);
        ords.get_vals(docs, &mut self.ords);
        self.years.get_vals(docs, &mut self.ys);
        for &o in &self.ords {
            if let Some(c) = self.by_committee.get_mut(o as usize) {
                *c += 1;
            }
        }
        for &y in &self.ys {
            let i = y.saturating_sub(self.first_year) as usize;
            if let Some(c) = self.by_year.get_mut(i) {
                *c += 1;
            }
        }
    }

    fn harvest(self) -> Counts {
        let mut out = Counts::default();
        for (i, &n) in self.by_year.iter().enumerate() {
            if n > 0 {
                out.years.insert(self.first_year + i as u64, u64::from(n));
            }
        }
        let Some((column, _)) = &self.committees else {
            return out;
        };
        let ords: Vec<u64> = (0..self.by_committee.len() as u64)
            .filter(|&o| self.by_committee[o as usize] > 0)
            .collect();
        let mut names = Vec::with_capacity(ords.len());
        let _ = column
            .dictionary()
            .sorted_ords_to_term_cb(&ords, |bytes| {
                names.push(String::from_utf8_lossy(bytes).into_owned());
            });
        for (o, name) in ords.iter().zip(names) {
            out.committees
                .insert(name, u64::from(self.by_committee[*o as usize]));
        }
        out
    }
}
