//! The tracker's export: statuses as the Red/Amber/Green of councils'
//! hand-kept action trackers, a reference per action, and CSV.
//!
//! | status | RAG | tracker wording |
//! |---|---|---|
//! | addressed | Green | Complete |
//! | dropped | Green | Closed – removed from the work programme |
//! | open | Amber | In progress |
//! | due | Amber | Due |
//! | moved | Amber | Deferred |
//! | overdue | Red | Overdue |
//!
//! The reference is the initials of the committee's name when it raised
//! the action, the municipal year (May to April) and the action's number in
//! that year: `SOSC/2023-24/004`.

use crate::text::{self, initials, municipal_year};
use chrono::NaiveDate;
use minutebook_store::tracking::{ActionStatus, TrackedAction};
use std::collections::HashMap;

/// A Red/Amber/Green rating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Rag {
    /// Needs attention.
    Red,
    /// In hand.
    Amber,
    /// Done or closed.
    Green,
}

impl Rag {
    /// "Red", "Amber", "Green".
    pub fn as_str(self) -> &'static str {
        match self {
            Rag::Red => "Red",
            Rag::Amber => "Amber",
            Rag::Green => "Green",
        }
    }
}

/// The rating and tracker wording of a status.
pub fn rag(status: ActionStatus) -> (Rag, &'static str) {
    match status {
        ActionStatus::Addressed => (Rag::Green, "Complete"),
        ActionStatus::Dropped => (Rag::Green, "Closed – removed from the work programme"),
        ActionStatus::Open => (Rag::Amber, "In progress"),
        ActionStatus::Due => (Rag::Amber, "Due"),
        ActionStatus::Moved => (Rag::Amber, "Deferred"),
        ActionStatus::Overdue => (Rag::Red, "Overdue"),
    }
}

/// References for actions given in date order as (committee name when
/// raised, date raised).
pub(crate) fn numbers(actions: impl Iterator<Item = (String, Option<NaiveDate>)>) -> Vec<String> {
    let mut counts: HashMap<(String, String), usize> = HashMap::new();
    actions
        .map(|(name, date)| {
            let code = initials(&name);
            let year = date.map_or_else(
                || "undated".to_owned(),
                |d| municipal_year(d).replace('/', "-"),
            );
            let n = counts.entry((code.clone(), year.clone())).or_default();
            *n += 1;
            format!("{code}/{year}/{:03}", *n)
        })
        .collect()
}

/// The columns of the RAG tracker CSV.
pub const RAG_COLUMNS: [&str; 10] = [
    "Ref",
    "Committee",
    "Meeting date",
    "Minute",
    "Action",
    "Responsible officer",
    "Due",
    "RAG",
    "Status",
    "Update",
];

/// The columns of the full CSV.
pub const CSV_COLUMNS: [&str; 14] = [
    "id",
    "reference",
    "committee",
    "raised",
    "minute",
    "kind",
    "text",
    "owner",
    "due",
    "due_date",
    "status",
    "manual",
    "confidence",
    "summary",
];

/// The actions as councils' trackers lay them out (dates `dd/mm/yyyy`);
/// `names` gives each tracker committee's name.
pub fn rag_csv(actions: &[TrackedAction], names: &HashMap<String, String>) -> String {
    let mut out = line(&RAG_COLUMNS.map(str::to_owned));
    for a in actions {
        let (r, words) = rag(a.status);
        let due = match (&a.due_date, &a.due_text) {
            (Some(d), _) => uk_date(d),
            (None, Some(t)) => t.clone(),
            (None, None) => String::new(),
        };
        let status = if a.manual {
            format!("{words} (set by hand)")
        } else {
            words.to_owned()
        };
        out.push_str(&line(&[
            a.reference.clone(),
            names
                .get(&a.group_id)
                .cloned()
                .unwrap_or_else(|| a.group_id.clone()),
            a.raised_date.as_deref().map(uk_date).unwrap_or_default(),
            a.minute.clone().unwrap_or_default(),
            a.text.clone(),
            a.owner.clone().unwrap_or_default(),
            due,
            r.as_str().to_owned(),
            status,
            a.summary.clone().unwrap_or_default(),
        ]));
    }
    out
}

/// Every field of the actions, one row each.
pub fn csv(actions: &[TrackedAction], names: &HashMap<String, String>) -> String {
    let mut out = line(&CSV_COLUMNS.map(str::to_owned));
    for a in actions {
        out.push_str(&line(&[
            a.id.clone(),
            a.reference.clone(),
            names
                .get(&a.group_id)
                .cloned()
                .unwrap_or_else(|| a.group_id.clone()),
            a.raised_date.clone().unwrap_or_default(),
            a.minute.clone().unwrap_or_default(),
            a.kind.clone().unwrap_or_default(),
            a.text.clone(),
            a.owner.clone().unwrap_or_default(),
            a.due_text.clone().unwrap_or_default(),
            a.due_date.clone().unwrap_or_default(),
            a.status.as_str().to_owned(),
            a.manual.to_string(),
            a.confidence.map(|c| c.to_string()).unwrap_or_default(),
            a.summary.clone().unwrap_or_default(),
        ]));
    }
    out
}

fn uk_date(iso: &str) -> String {
    text::date(iso).map_or_else(|| iso.to_owned(), |d| d.format("%d/%m/%Y").to_string())
}

/// One CSV line (RFC 4180 quoting). A field a spreadsheet would read as a
/// formula (`=`, `+`, `-`, `@` first) gets a leading `'`.
fn line(fields: &[String]) -> String {
    let cells: Vec<String> = fields
        .iter()
        .map(|f| {
            let f = if f.starts_with(['=', '+', '-', '@']) {
                format!("'{f}")
            } else {
                f.clone()
            };
            if f.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", f.replace('"', "\"\""))
            } else {
                f
            }
        })
        .collect();
    format!("{}\r\n", cells.join(","))
}
