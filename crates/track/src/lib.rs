//! The scrutiny tracker: every action a committee asks for, followed from
//! meeting to meeting, from the minutes alone.
//!
//! This crate owns the tracker's logic, as pure functions over archived
//! meeting records: committee identity across renames ([`identity`]),
//! people across spellings ([`people`]), citations resolved to the archive
//! (or a gap), the action lifecycle (open, due, overdue, addressed, moved,
//! dropped; manual statuses win and are kept in an audit history), the
//! two-month clock for recommendations to the executive, the
//! Red/Amber/Green export ([`export`]) and work programmes. [`compute`]
//! turns one authority's meetings into a [`TrackingSnapshot`]; [`catch_up`]
//! follows the archive's change feed and stores snapshots through the
//! `Tracking` role of the archive (`minutebook_store::tracking`). It must not hold SQL (the store does)
//! or print (the CLI does).
//!
//! ```
//! use minutebook_record::{Action, ActionKind, Item, ItemKind, Meeting, Reference};
//! use minutebook_store::ids;
//! use minutebook_store::tracking::{ActionStatus, ArchivedMeeting};
//!
//! let meeting = |date: &str, item: Item| {
//!     let m = Meeting {
//!         authority: Some("Northmoor County Council".into()),
//!         committee: Some("Health Scrutiny Committee".into()),
//!         date: Some(date.into()),
//!         items: vec![item],
//!         ..Meeting::default()
//!     };
//!     let id = ids::meeting_id(&m, "");
//!     ArchivedMeeting {
//!         committee_id: "northmoor-county-council/health-scrutiny-committee".into(),
//!         ids: ids::assign(&id, &m),
//!         id,
//!         meeting: m,
//!     }
//! };
//! let mut ask = Item::new(Some("12".into()), "GP Access", ItemKind::Substantive);
//! ask.actions.push(Action {
//!     text: "report back on GP access to the next meeting".into(),
//!     due_text: Some("the next meeting".into()),
//!     kind: Some(ActionKind::Report),
//!     ..Action::default()
//! });
//! let mut back = Item::new(Some("20".into()), "GP Access – Update", ItemKind::Substantive);
//! back.references.push(Reference {
//!     minute: Some("12".into()),
//!     meeting_date: Some("2024-01-10".into()),
//!     text: "Further to Minute No. 12 of 10 January 2024".into(),
//!     span: None,
//! });
//! let meetings = [meeting("2024-01-10", ask), meeting("2024-03-06", back)];
//! let today = chrono::NaiveDate::from_ymd_opt(2024, 6, 1).unwrap();
//! let snap = minutebook_track::compute("northmoor-county-council", &meetings, &[], today);
//! assert_eq!(snap.actions[0].status, ActionStatus::Addressed);
//! assert_eq!(snap.actions[0].confidence, Some(95));
//! ```

pub mod eval;
pub mod export;
pub mod identity;
mod lifecycle;
pub mod people;
mod programme;
mod references;
mod text;

use chrono::NaiveDate;
use minutebook_store::tracking::{
    ActionStatus, ArchivedMeeting, CommitteeDecision, TrackingSnapshot,
};
use minutebook_store::{Archive, StoreError};
use std::collections::BTreeSet;

pub use identity::AliasesFile;

/// The change-feed consumer name of the tracker.
pub const CURSOR: &str = "tracker";
/// Longest reason or name accepted with a manual status.
pub const MAX_NOTE: usize = 2000;

/// Why the tracker could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum TrackError {
    /// The archive failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The aliases file is not valid.
    #[error("aliases file: {0}")]
    Aliases(String),
    /// No such action.
    #[error("no action {0:?} in the archive")]
    NoAction(String),
    /// No such committee.
    #[error("no committee {0:?} in the archive (see `minutebook committees list`)")]
    NoCommittee(String),
    /// A manual status needs a reason and a name, within limits.
    #[error("{0}")]
    Manual(String),
}

/// Everything the tracker derives from one authority's meetings. Pure:
/// the same meetings, decisions and day give the same snapshot.
pub fn compute(
    authority_id: &str,
    meetings: &[ArchivedMeeting],
    decisions: &[CommitteeDecision],
    today: NaiveDate,
) -> TrackingSnapshot {
    let mut snap = TrackingSnapshot {
        authority_id: authority_id.to_owned(),
        ..TrackingSnapshot::default()
    };
    for group in identity::group(authority_id, meetings, decisions) {
        let records: Vec<&minutebook_record::Meeting> =
            group.meetings.iter().map(|m| &m.meeting).collect();
        snap.people
            .extend(people::identify(&group.id, authority_id, &records));
        let mut life = lifecycle::track(&group, meetings, today);
        for a in &mut life.actions {
            a.authority_id = authority_id.to_owned();
        }
        snap.work_programme
            .extend(programme::programme(&group.id, &life));
        snap.actions.append(&mut life.actions);
        snap.links.append(&mut life.links);
        snap.references.append(&mut life.references);
        snap.committees.extend(group.members);
    }
    snap
}

/// Recomputes one authority from the archive and stores the result.
pub async fn refresh_authority(
    archive: &dyn Archive,
    authority_id: &str,
    today: NaiveDate,
) -> Result<(), TrackError> {
    let meetings = archive.authority_meetings(authority_id).await?;
    let decisions = archive.committee_decisions(Some(authority_id)).await?;
    archive
        .replace_tracking(compute(authority_id, &meetings, &decisions, today))
        .await?;
    Ok(())
}

/// What [`catch_up`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaughtUp {
    /// Meetings changed since the tracker last looked.
    pub meetings: usize,
    /// Authorities recomputed.
    pub authorities: Vec<String>,
}

/// Brings the tracker up to date with the archive: every authority with a
/// meeting written since the tracker's cursor (or an open action whose
/// deadline has passed) is recomputed, then the cursor moves on. A run that
/// is killed leaves the cursor behind, so the next one redoes the work.
pub async fn catch_up(archive: &dyn Archive, today: NaiveDate) -> Result<CaughtUp, TrackError> {
    let start = archive.cursor(CURSOR).await?;
    let mut seq = start;
    let mut authorities = BTreeSet::new();
    let mut meetings = Vec::new();
    loop {
        let page = archive.changes_since(seq, 5000).await?;
        let Some(last) = page.last() else { break };
        seq = last.seq;
        for c in &page {
            authorities.insert(identity::authority_of(&c.committee_id).to_owned());
            meetings.push(c.meeting_id.clone());
        }
    }
    authorities.extend(archive.tracked_authorities(&meetings).await?);
    let open = archive
        .actions(&minutebook_store::tracking::ActionFilter {
            statuses: vec![ActionStatus::Open],
            ..Default::default()
        })
        .await?;
    let today_iso = today.to_string();
    authorities.extend(
        open.into_iter()
            .filter(|a| a.due_state.as_deref() == Some("deadline"))
            .filter(|a| {
                a.due_date
                    .as_deref()
                    .is_some_and(|d| d < today_iso.as_str())
            })
            .map(|a| a.authority_id),
    );
    for a in &authorities {
        refresh_authority(archive, a, today).await?;
    }
    if seq > start {
        archive.set_cursor(CURSOR, seq).await?;
    }
    Ok(CaughtUp {
        meetings: meetings.len(),
        authorities: authorities.into_iter().collect(),
    })
}

/// Sets a manual status (`None` hands the action back to the tracker), with
/// the reason and who: both required, at most [`MAX_NOTE`] characters.
pub async fn set_status(
    archive: &dyn Archive,
    action_id: &str,
    status: Option<ActionStatus>,
    reason: &str,
    by: &str,
) -> Result<(), TrackError> {
    let (reason, by) = (reason.trim(), by.trim());
    if reason.is_empty() || by.is_empty() {
        return Err(TrackError::Manual(
            "a manual status needs a reason (--reason) and who set it (--by)".into(),
        ));
    }
    if reason.chars().count() > MAX_NOTE || by.chars().count() > MAX_NOTE {
        return Err(TrackError::Manual(format!(
            "the reason and the name must be at most {MAX_NOTE} characters"
        )));
    }
    if archive
        .set_action_status(action_id, status, by, reason)
        .await?
    {
        Ok(())
    } else {
        Err(TrackError::NoAction(action_id.to_owned()))
    }
}

/// Records a user's committee decision (`merge`, `split` or `alias`) and
/// recomputes the authority.
pub async fn decide_committees(
    archive: &dyn Archive,
    kind: &str,
    committee_id: &str,
    other: &str,
    by: Option<&str>,
    reason: Option<&str>,
    today: NaiveDate,
) -> Result<(), TrackError> {
    identity::check_committee_id(committee_id)?;
    if kind != "alias" {
        identity::check_committee_id(other)?;
    }
    let notes = [Some(other), by, reason];
    if notes.iter().flatten().any(|n| n.chars().count() > MAX_NOTE) {
        return Err(TrackError::Manual(format!(
            "names, reasons and aliases must be at most {MAX_NOTE} characters"
        )));
    }
    let authority = identity::authority_of(committee_id);
    let known = archive
        .committees(&minutebook_store::ListFilter {
            authority: Some(authority.to_owned()),
            ..Default::default()
        })
        .await?;
    for id in [committee_id]
        .into_iter()
        .chain((kind != "alias").then_some(other))
    {
        if !known.iter().any(|c| c.id == id) {
            return Err(TrackError::NoCommittee(id.to_owned()));
        }
    }
    archive
        .add_committee_decision(authority, kind, committee_id, other, by, reason)
        .await?;
    refresh_authority(archive, authority, today).await
}

/// Records every decision of an aliases file; returns how many.
pub async fn load_aliases(
    archive: &dyn Archive,
    file: &AliasesFile,
    by: Option<&str>,
    today: NaiveDate,
) -> Result<usize, TrackError> {
    let decisions = file.decisions();
    for (kind, committee, other, reason) in &decisions {
        decide_committees(
            archive,
            kind,
            committee,
            other,
            by,
            reason.as_deref(),
            today,
        )
        .await?;
    }
    Ok(decisions.len())
}
