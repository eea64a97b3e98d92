//! Recent searches' results, for the searches people repeat: the next page
//! and back, a popular word, feed readers polling a search's Atom feed,
//! and the page and the API asking the same. An entry is only ever used
//! at the change-feed position it was computed at, with the same committee
//! and authority names resolved, so a cached answer is the answer a fresh
//! search would give; the whole cache is dropped when the index moves on.

use crate::compile::Resolved;
use crate::{Query, Results};
use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

/// What a search's results depend on besides the index at `position`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Key {
    query: Query,
    /// Filter names and the identifiers they resolved to, sorted.
    resolved: Vec<(String, Vec<String>)>,
}

impl Key {
    pub(crate) fn new(query: &Query, resolved: &Resolved) -> Self {
        let mut names: Vec<(String, Vec<String>)> = resolved
            .committees
            .iter()
            .map(|(k, v)| (format!("c:{k}"), v.clone()))
            .chain(
                resolved
                    .authorities
                    .iter()
                    .map(|(k, v)| (format!("a:{k}"), v.clone())),
            )
            .collect();
        names.sort_unstable();
        Self {
            query: query.clone(),
            resolved: names,
        }
    }
}

#[derive(Default)]
struct Entries {
    /// The feed position every entry was computed at.
    position: i64,
    /// Results and when each was last used (a counter).
    map: HashMap<Key, (u64, Results)>,
    tick: u64,
}

/// At most `capacity` results, the least recently used dropped first.
pub(crate) struct ResultCache {
    capacity: usize,
    entries: Mutex<Entries>,
}

impl ResultCache {
    pub(crate) fn new(capacity: usize) -> Self {
        Self {
            capacity,
            entries: Mutex::default(),
        }
    }

    /// The results cached for `key` at `position`.
    pub(crate) fn get(&self, position: i64, key: &Key) -> Option<Results> {
        if self.capacity == 0 {
            return None;
        }
        let mut e = self.lock();
        if e.position != position {
            return None;
        }
        e.tick += 1;
        let tick = e.tick;
        let (used, results) = e.map.get_mut(key)?;
        *used = tick;
        Some(results.clone())
    }

    /// Keeps `results` for `key` at `position`.
    pub(crate) fn put(&self, position: i64, key: Key, results: &Results) {
        if self.capacity == 0 {
            return;
        }
        let mut e = self.lock();
        if e.position != position {
            if position < e.position {
                return;
            }
            e.map.clear();
            e.position = position;
        }
        if e.map.len() >= self.capacity && !e.map.contains_key(&key) {
            // A scan of a few hundred entries costs far less than a search.
            let oldest = e
                .map
                .iter()
                .min_by_key(|(_, v)| v.0)
                .map(|(k, _)| k.clone());
            if let Some(k) = oldest {
                e.map.remove(&k);
            }
        }
        e.tick += 1;
        let tick = e.tick;
        e.map.insert(key, (tick, results.clone()));
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Entries> {
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// What filter names resolved to, kept while nothing they are read from
/// changes: the archive's change feed (committees, their names,
/// authorities) and the tracker's grouping of committees (its own
/// counter). A free-text committee name is matched against every
/// committee, name and group, which costs far more than the search.
#[derive(Default)]
pub(crate) struct Resolutions(Mutex<Names>);

#[derive(Default)]
struct Names {
    /// (feed position, committee groups counter) of every entry.
    stamp: (i64, i64),
    committees: HashMap<String, Vec<String>>,
    authorities: HashMap<String, Vec<String>>,
}

/// Names kept per kind before the cache starts again.
const MAX_NAMES: usize = 1_024;

/// Committee filters, or authority filters.
#[derive(Clone, Copy)]
pub(crate) enum NameKind {
    Committee,
    Authority,
}

impl Resolutions {
    /// What `name` resolved to at `stamp`.
    pub(crate) fn get(&self, stamp: (i64, i64), kind: NameKind, name: &str) -> Option<Vec<String>> {
        let names = self.lock();
        if names.stamp != stamp {
            return None;
        }
        names.map(kind).get(name).cloned()
    }

    /// Keeps what `name` resolved to at `stamp`.
    pub(crate) fn put(&self, stamp: (i64, i64), kind: NameKind, name: &str, ids: &[String]) {
        let mut names = self.lock();
        if names.stamp != stamp {
            *names = Names {
                stamp,
                ..Names::default()
            };
        }
        let map = names.map_mut(kind);
        if map.len() >= MAX_NAMES {
            map.clear();
        }
        map.insert(name.to_owned(), ids.to_vec());
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Names> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Names {
    fn map(&self, kind: NameKind) -> &HashMap<String, Vec<String>> {
        match kind {
            NameKind::Committee => &self.committees,
            NameKind::Authority => &self.authorities,
        }
    }

    fn map_mut(&mut self, kind: NameKind) -> &mut HashMap<String, Vec<String>> {
        match kind {
            NameKind::Committee => &mut self.committees,
            NameKind::Authority => &mut self.authorities,
        }
    }
}
