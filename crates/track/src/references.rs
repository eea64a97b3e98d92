//! Citations of earlier minutes ("Further to Minute No. 34 (3) of 20
//! December 2022", "at their meeting of 18th April 2024") resolved to the
//! meeting and item in the archive, or recorded as a gap.
//!
//! A citation is looked up in the citing committee, former names included
//! (minutes cite the committee's own earlier minutes). The item is the one
//! whose number is the minute's number ("34" of "34 (3)"; "61/22").

use crate::identity::Group;
use crate::text::long_date;
use minutebook_store::ids::slug;
use minutebook_store::tracking::{ArchivedMeeting, ReferenceLink};

/// A resolved citation, for the lifecycle.
#[derive(Debug, Clone)]
pub(crate) struct Resolved<'a> {
    /// The citing meeting and item (indices into the group's meetings and
    /// that meeting's items).
    pub(crate) meeting: usize,
    pub(crate) item: usize,
    /// The cited meeting, when in the archive.
    pub(crate) target: Option<&'a ArchivedMeeting>,
    /// The cited item's index, when found.
    pub(crate) target_item: Option<usize>,
    /// The resolution label of the minute ("(3)"), if any.
    pub(crate) label: Option<String>,
    /// Whether a minute number was cited.
    pub(crate) has_minute: bool,
    /// The citing phrase.
    pub(crate) text: String,
}

/// Resolves every citation in a group's meetings.
pub(crate) fn resolve<'a>(group: &Group<'a>) -> (Vec<ReferenceLink>, Vec<Resolved<'a>>) {
    let mut links = Vec::new();
    let mut resolved = Vec::new();
    for (mi, m) in group.meetings.iter().enumerate() {
        for (ii, item) in m.meeting.items.iter().enumerate() {
            let Some(item_id) = m.ids.items.get(ii).map(|i| i.id.clone()) else {
                continue;
            };
            for (pos, r) in item.references.iter().enumerate() {
                let target = r
                    .meeting_date
                    .as_deref()
                    .and_then(|d| find_meeting(group, d));
                let (number, label) = split_minute(r.minute.as_deref());
                let target_item = target.and_then(|t| find_item(t, number.as_deref()));
                let state = match (target, target_item) {
                    (Some(_), Some(_)) => "item",
                    (Some(_), None) => "meeting",
                    (None, _) => "gap",
                };
                links.push(ReferenceLink {
                    item_id: item_id.clone(),
                    position: i64::try_from(pos).unwrap_or(0),
                    meeting_id: m.id.clone(),
                    text: r.text.clone(),
                    minute: r.minute.clone(),
                    date: r.meeting_date.clone(),
                    target_meeting_id: target.map(|t| t.id.clone()),
                    target_item_id: target
                        .zip(target_item)
                        .and_then(|(t, i)| t.ids.items.get(i).map(|x| x.id.clone())),
                    state: state.into(),
                });
                resolved.push(Resolved {
                    meeting: mi,
                    item: ii,
                    target,
                    target_item,
                    label,
                    has_minute: number.is_some(),
                    text: r.text.clone(),
                });
            }
        }
    }
    (links, resolved)
}

/// The group's meeting on `date`.
fn find_meeting<'a>(group: &Group<'a>, date: &str) -> Option<&'a ArchivedMeeting> {
    group
        .meetings
        .iter()
        .find(|m| m.meeting.date.as_deref() == Some(date))
        .copied()
}

fn find_item(m: &ArchivedMeeting, number: Option<&str>) -> Option<usize> {
    let want = slug(number?);
    m.meeting
        .items
        .iter()
        .position(|i| i.number.as_deref().map(slug).as_deref() == Some(want.as_str()))
}

/// "34 (3)" → ("34", "(3)"); "61/22" → ("61/22", none); "42(4)" too.
pub(crate) fn split_minute(minute: Option<&str>) -> (Option<String>, Option<String>) {
    let Some(m) = minute.map(str::trim).filter(|m| !m.is_empty()) else {
        return (None, None);
    };
    match m.find('(') {
        Some(i) => {
            let label: String = m[i..].split_whitespace().collect();
            (Some(m[..i].trim().to_owned()), Some(label))
        }
        None => (Some(m.to_owned()), None),
    }
}

/// "the 18 April 2024 meeting is not in the archive".
pub(crate) fn gap_words(date: &str) -> String {
    format!("the meeting of {} is not in the archive", long_date(date))
}
