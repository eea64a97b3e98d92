//! Each committee's meetings in date order, kept in memory for what every
//! meeting page links to: the previous and next meeting and the cited
//! meetings. Reading them from the archive for each page cost a quarter of
//! its database round trips.
//!
//! A committee's entry is loaded on first use and dropped whenever the
//! change feed says one of its meetings changed (the registry follower
//! checks every few seconds; an upload drops its committee at once), so a
//! link may lag an ingest by another process by that interval.

use minutebook_store::browse::IndexedMeeting;
use minutebook_store::{Archive, StoreError};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

/// Committees kept before the index starts again (each holds a few
/// kilobytes: its meetings' dates).
const MAX_COMMITTEES: usize = 20_000;

/// The committees' meetings, as far as loaded.
#[derive(Debug, Default)]
pub struct CommitteeIndex {
    committees: Mutex<HashMap<String, Arc<Vec<IndexedMeeting>>>>,
}

impl CommitteeIndex {
    /// The meetings of `committee_id`, from memory or the archive.
    pub async fn get(
        &self,
        archive: &dyn Archive,
        committee_id: &str,
    ) -> Result<Arc<Vec<IndexedMeeting>>, StoreError> {
        if let Some(found) = self.lock().get(committee_id) {
            return Ok(found.clone());
        }
        let loaded = Arc::new(archive.committee_index(committee_id).await?);
        let mut map = self.lock();
        if map.len() >= MAX_COMMITTEES {
            map.clear();
        }
        map.insert(committee_id.to_owned(), loaded.clone());
        Ok(loaded)
    }

    /// Drops `committee_id`'s entry (one of its meetings changed).
    pub fn forget(&self, committee_id: &str) {
        self.lock().remove(committee_id);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<Vec<IndexedMeeting>>>> {
        // A panic while holding the lock leaves a map that is still whole.
        self.committees
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// What a meeting page links to, from its committee's meetings.
#[derive(Debug, Default)]
pub struct Around<'a> {
    /// The previous meeting's key (its date).
    pub prev: Option<&'a str>,
    /// The next meeting's key.
    pub next: Option<&'a str>,
    /// The keys of all the committee's meetings.
    pub keys: HashSet<&'a str>,
}

/// The neighbours of the meeting on `date` among `meetings` (in date
/// order), and all their keys.
pub fn around<'a>(meetings: &'a [IndexedMeeting], date: Option<&str>) -> Around<'a> {
    let (mut prev, mut next) = (None, None);
    if let Some(date) = date {
        for m in meetings {
            match m.date.as_deref() {
                Some(d) if d < date => prev = Some(m.key.as_str()),
                Some(d) if d > date && next.is_none() => next = Some(m.key.as_str()),
                _ => {}
            }
        }
    }
    Around {
        prev,
        next,
        keys: meetings.iter().map(|m| m.key.as_str()).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(date: Option<&str>) -> IndexedMeeting {
        IndexedMeeting {
            key: date.unwrap_or("undated-x").into(),
            date: date.map(str::to_owned),
        }
    }

    #[test]
    fn neighbours_are_the_nearest_dated_meetings() {
        let list = [
            m(Some("2024-01-01")),
            m(Some("2024-02-01")),
            m(Some("2024-03-01")),
            m(None),
        ];
        let a = around(&list, Some("2024-02-01"));
        assert_eq!((a.prev, a.next), (Some("2024-01-01"), Some("2024-03-01")));
        let first = around(&list, Some("2024-01-01"));
        assert_eq!((first.prev, first.next), (None, Some("2024-02-01")));
        let undated = around(&list, None);
        assert_eq!((undated.prev, undated.next), (None, None));
        assert!(undated.keys.contains("undated-x"));
    }
}
