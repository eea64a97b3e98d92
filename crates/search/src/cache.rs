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
