//! Stable identifiers.
//!
//! Identifiers are derived from what the minutes say, never from insertion
//! order, so they survive re-parsing and new versions of a document:
//!
//! | thing | identifier | example |
//! |---|---|---|
//! | authority | slug of its name, or `unknown-authority` | `epping-forest-district-council` |
//! | committee | authority `/` slug of its name, or `unknown-committee` | `…/overview-and-scrutiny-committee` |
//! | meeting | committee `/` date (`undated-` + 12 hex digits of the SHA-256 when the date is unknown) | `…/2020-01-28` |
//! | item | meeting `/` slug of the minute number, or `_` + position (1-based) when unnumbered | `…/2020-01-28/49`, `…/_3` |
//! | resolution | item `/r-` + slug of its label, or `/r` + position when unlabelled | `…/49/r-a`, `…/49/r1` |
//! | action | item `/a` + position | `…/49/a1` |
//! | person | authority `/` slug of the name | `…/cllr-d-stocker` |
//!
//! Slugs are lower-case ASCII letters and digits joined by `-` (`&` reads
//! `and`; other characters are dropped or separate words). When two items
//! (or resolutions) of one meeting would get the same identifier, the later
//! ones get `~2`, `~3`, … in document order.

use minutebook_record::{Item, Meeting};
use std::collections::HashSet;

/// Placeholder slug for a meeting whose authority is unknown.
pub const UNKNOWN_AUTHORITY: &str = "unknown-authority";
/// Placeholder slug for a meeting whose committee is unknown.
pub const UNKNOWN_COMMITTEE: &str = "unknown-committee";
/// Longest slug kept (longer ones are cut at a word boundary).
const MAX_SLUG: usize = 80;

/// A slug: lower-case ASCII words joined by `-`; empty if `s` has none.
pub fn slug(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut gap = false;
    let s = s.replace('&', " and ");
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            if gap && !out.is_empty() {
                out.push('-');
            }
            gap = false;
            out.push(c.to_ascii_lowercase());
        } else if c != '\'' && c != '\u{2019}' && c != '.' {
            gap = true;
        }
    }
    cut(out)
}

fn cut(mut s: String) -> String {
    if s.len() > MAX_SLUG {
        let end = s[..MAX_SLUG].rfind('-').unwrap_or(MAX_SLUG);
        s.truncate(end);
    }
    s
}

fn slug_or(s: Option<&str>, placeholder: &str) -> String {
    let s = s.map(slug).unwrap_or_default();
    if s.is_empty() {
        placeholder.to_owned()
    } else {
        s
    }
}

/// The identifier of an authority name (or the placeholder).
pub fn authority_id(name: Option<&str>) -> String {
    slug_or(name, UNKNOWN_AUTHORITY)
}

/// The identifier of a committee of an authority.
pub fn committee_id(authority_id: &str, name: Option<&str>) -> String {
    format!("{authority_id}/{}", slug_or(name, UNKNOWN_COMMITTEE))
}

/// The identifier of a person of an authority.
pub fn person_id(authority_id: &str, name: &str) -> String {
    format!("{authority_id}/{}", slug_or(Some(name), "unnamed"))
}

/// The identifier of a meeting. `sha256` (of its document) names undated
/// meetings, which therefore never merge.
pub fn meeting_id(meeting: &Meeting, sha256: &str) -> String {
    let authority = authority_id(meeting.authority.as_deref());
    let committee = committee_id(&authority, meeting.committee.as_deref());
    match meeting.date.as_deref().filter(|d| is_iso_date(d)) {
        Some(date) => format!("{committee}/{date}"),
        None => format!("{committee}/undated-{}", sha256.get(..12).unwrap_or(sha256)),
    }
}

fn is_iso_date(d: &str) -> bool {
    let b = d.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// The identifiers of everything in one meeting, in record order.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct MeetingIds {
    /// The meeting.
    pub meeting: String,
    /// Its items, in order.
    pub items: Vec<ItemIds>,
}

/// The identifiers of one item and its parts.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ItemIds {
    /// The item.
    pub id: String,
    /// Its resolutions, in order.
    pub resolutions: Vec<String>,
    /// Its actions, in order.
    pub actions: Vec<String>,
}

/// Assigns identifiers to a meeting's items, resolutions and actions.
pub fn assign(meeting_id: &str, meeting: &Meeting) -> MeetingIds {
    let mut used = HashSet::new();
    let items = meeting
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let base = match item.number.as_deref().map(slug).filter(|s| !s.is_empty()) {
                Some(n) => format!("{meeting_id}/{n}"),
                None => format!("{meeting_id}/_{}", i + 1),
            };
            let id = unique(base, &mut used);
            item_ids(id, item)
        })
        .collect();
    MeetingIds {
        meeting: meeting_id.to_owned(),
        items,
    }
}

fn item_ids(id: String, item: &Item) -> ItemIds {
    let mut used = HashSet::new();
    let resolutions = item
        .resolutions
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let base = match r.label.as_deref().map(slug).filter(|s| !s.is_empty()) {
                Some(l) => format!("{id}/r-{l}"),
                None => format!("{id}/r{}", i + 1),
            };
            unique(base, &mut used)
        })
        .collect();
    let actions = (1..=item.actions.len())
        .map(|i| format!("{id}/a{i}"))
        .collect();
    ItemIds {
        id,
        resolutions,
        actions,
    }
}

fn unique(base: String, used: &mut HashSet<String>) -> String {
    let mut id = base.clone();
    let mut n = 1;
    while !used.insert(id.clone()) {
        n += 1;
        id = format!("{base}~{n}");
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;
    use minutebook_record::{ItemKind, Resolution};

    #[test]
    fn slugs_are_readable() {
        assert_eq!(
            slug("Overview & Scrutiny Committee"),
            "overview-and-scrutiny-committee"
        );
        assert_eq!(
            slug("  Children's Services (Scrutiny) "),
            "childrens-services-scrutiny"
        );
        assert_eq!(slug("51/23"), "51-23");
        assert_eq!(slug("4."), "4");
        assert_eq!(slug("—"), "");
    }

    #[test]
    fn meeting_ids_come_from_authority_committee_and_date() {
        let mut m = Meeting {
            authority: Some("Staffordshire County Council".into()),
            committee: Some("Safeguarding Overview and Scrutiny Committee".into()),
            date: Some("2024-06-13".into()),
            ..Meeting::default()
        };
        assert_eq!(
            meeting_id(&m, "ab"),
            "staffordshire-county-council/safeguarding-overview-and-scrutiny-committee/2024-06-13"
        );
        m.authority = None;
        m.date = None;
        assert_eq!(
            meeting_id(&m, "0123456789abcdef"),
            "unknown-authority/safeguarding-overview-and-scrutiny-committee/undated-0123456789ab"
        );
    }

    #[test]
    fn duplicate_numbers_and_labels_get_suffixes() {
        let mut m = Meeting::default();
        let mut a = Item::new(Some("5".into()), "A", ItemKind::Other);
        a.resolutions = vec![
            Resolution {
                label: Some("(a)".into()),
                ..Resolution::default()
            },
            Resolution {
                label: Some("a)".into()),
                ..Resolution::default()
            },
            Resolution::default(),
        ];
        m.items = vec![
            a,
            Item::new(Some("5".into()), "B", ItemKind::Other),
            Item::new(None, "C", ItemKind::Other),
        ];
        let ids = assign("m", &m);
        assert_eq!(ids.items[0].id, "m/5");
        assert_eq!(ids.items[1].id, "m/5~2");
        assert_eq!(ids.items[2].id, "m/_3");
        assert_eq!(ids.items[0].resolutions, ["m/5/r-a", "m/5/r-a~2", "m/5/r3"]);
    }
}
