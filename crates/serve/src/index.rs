//! Each committee's meetings in date order, with their items, kept in
//! memory for what every meeting page links to: the previous and next
//! meeting and the cited meetings and items. Reading them from the archive
//! for each page cost a quarter of its database round trips.
//!
//! A committee's entry is loaded on first use and dropped whenever the
//! change feed says one of its meetings changed (the registry follower
//! checks every few seconds; an upload drops its committee at once), so a
//! link may lag an ingest by another process by that interval.

use minutebook_store::browse::IndexedMeeting;
use minutebook_store::{Archive, StoreError};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Committees kept before the index starts again (each holds a few
/// kilobytes: its meetings' identifiers and item keys).
const MAX_COMMITTEES: usize = 2000;

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
    /// The previous meeting.
    pub prev: Option<&'a str>,
    /// The next meeting.
    pub next: Option<&'a str>,
    /// Meetings of the committee by identifier, with their items.
    pub meetings: HashMap<&'a str, &'a [String]>,
}

/// The neighbours of the meeting on `date` among `meetings` (in date
/// order), and all of them by identifier.
pub fn around<'a>(meetings: &'a [IndexedMeeting], date: Option<&str>) -> Around<'a> {
    let dated = meetings.iter().filter(|m| m.date.is_some());
    let (mut prev, mut next) = (None, None);
    if let Some(date) = date {
        for m in dated {
            match m.date.as_deref() {
                Some(d) if d < date => prev = Some(m.id.as_str()),
                Some(d) if d > date && next.is_none() => next = Some(m.id.as_str()),
                _ => {}
            }
        }
    }
    Around {
        prev,
        next,
        meetings: meetings
            .iter()
            .map(|m| (m.id.as_str(), m.items.as_slice()))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(id: &str, date: Option<&str>) -> IndexedMeeting {
        IndexedMeeting {
            id: id.into(),
            date: date.map(str::to_owned),
            items: vec![format!("{id}/1")],
        }
    }

    #[test]
    fn neighbours_are_the_nearest_dated_meetings() {
        let list = [
            m("c/2024-01-01", Some("2024-01-01")),
            m("c/2024-02-01", Some("2024-02-01")),
            m("c/2024-03-01", Some("2024-03-01")),
            m("c/undated-x", None),
        ];
        let a = around(&list, Some("2024-02-01"));
        assert_eq!(
            (a.prev, a.next),
            (Some("c/2024-01-01"), Some("c/2024-03-01"))
        );
        let first = around(&list, Some("2024-01-01"));
        assert_eq!((first.prev, first.next), (None, Some("c/2024-02-01")));
        let undated = around(&list, None);
        assert_eq!((undated.prev, undated.next), (None, None));
        assert_eq!(
            undated.meetings["c/2024-03-01"],
            ["c/2024-03-01/1".to_owned()]
        );
    }
}
