//! A committee's work programme: for every meeting something was due at
//! (held, missing from the archive, or still to come), what was due, and
//! whether it arrived there.

use crate::lifecycle::Lifecycle;
use minutebook_store::tracking::{ActionStatus, WorkProgrammeEntry};

/// The work programme of one tracker committee.
pub(crate) fn programme(group_id: &str, life: &Lifecycle) -> Vec<WorkProgrammeEntry> {
    let mut rows: Vec<WorkProgrammeEntry> = life
        .actions
        .iter()
        .zip(&life.due)
        .zip(&life.addressed_at)
        .filter_map(|((a, due), at)| {
            let (date, label, state, meeting_id) = due.clone()?;
            let (outcome, evidence) = match a.computed_status {
                ActionStatus::Addressed if at.is_some() && *at == meeting_id => {
                    ("arrived", a.summary.clone())
                }
                ActionStatus::Addressed => ("arrived-elsewhere", a.summary.clone()),
                ActionStatus::Moved => ("moved", a.summary.clone()),
                ActionStatus::Dropped => ("dropped", a.summary.clone()),
                _ if state == "held" => ("not-arrived", None),
                _ => ("pending", a.summary.clone()),
            };
            Some(WorkProgrammeEntry {
                group_id: group_id.to_owned(),
                position: 0,
                date,
                meeting_id,
                label,
                state,
                action_id: a.id.clone(),
                outcome: outcome.to_owned(),
                evidence,
            })
        })
        .collect();
    rows.sort_by(|a, b| {
        (a.date.is_none(), &a.date, &a.label, &a.action_id).cmp(&(
            b.date.is_none(),
            &b.date,
            &b.label,
            &b.action_id,
        ))
    });
    for (i, r) in rows.iter_mut().enumerate() {
        r.position = i64::try_from(i).unwrap_or(0);
    }
    rows
}
