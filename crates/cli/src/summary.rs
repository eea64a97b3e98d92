//! The readable summary of a meeting record (`--format text`).

use minutebook_record::{Meeting, Person};
use std::fmt::Write;

fn name(p: &Person) -> String {
    let mut s = match &p.honorific {
        Some(h) => format!("{h} {}", p.name),
        None => p.name.clone(),
    };
    if let Some(role) = p
        .role
        .filter(|r| !matches!(r, minutebook_record::Role::Member))
    {
        let role = serde_json::to_value(role)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        let _ = write!(s, " ({role}");
        if let Some(f) = &p.substitute_for {
            let _ = write!(s, " for {f}");
        }
        s.push(')');
    }
    s
}

fn list(people: &[Person]) -> String {
    people.iter().map(name).collect::<Vec<_>>().join(", ")
}

/// A few lines a person can read: the meeting, who came, and each item
/// with what was resolved and asked.
pub fn summary(m: &Meeting) -> String {
    let mut s = String::new();
    let or = |o: &Option<String>| o.clone().unwrap_or_else(|| "?".to_owned());
    let _ = writeln!(
        s,
        "{} — {} {}",
        or(&m.committee),
        or(&m.date),
        m.start_time.clone().unwrap_or_default()
    );
    if let Some(v) = &m.venue {
        let _ = writeln!(s, "Venue: {v}");
    }
    let a = &m.attendance;
    for (label, people) in [
        ("Present", &a.present),
        ("Apologies", &a.apologies),
        ("Absent", &a.absent),
        ("Also present", &a.also_present),
    ] {
        if !people.is_empty() {
            let _ = writeln!(s, "{label}: {}", list(people));
        }
    }
    for d in &m.declarations {
        let _ = writeln!(
            s,
            "Declaration: {} (item {})",
            d.member,
            d.item.clone().unwrap_or_else(|| "?".into())
        );
    }
    for it in &m.items {
        let _ = writeln!(
            s,
            "\n{} {}",
            it.number.clone().unwrap_or_else(|| "–".into()),
            it.title
        );
        for r in &it.resolutions {
            let _ = writeln!(
                s,
                "  Resolved {}{}",
                r.label
                    .as_deref()
                    .map(|l| format!("{l} "))
                    .unwrap_or_default(),
                r.text
            );
        }
        for act in &it.actions {
            let owner = act
                .owner
                .as_deref()
                .map(|o| format!(" [{o}]"))
                .unwrap_or_default();
            let due = act
                .due_date
                .as_deref()
                .or(act.due_text.as_deref())
                .map(|d| format!(" (due {d})"))
                .unwrap_or_default();
            let _ = writeln!(s, "  Action{owner}: {}{due}", act.text);
        }
    }
    s
}
