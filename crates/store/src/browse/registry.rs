//! The API registry (table `api_objects`), derived from the change feed:
//! for each changed meeting, its committee, authority and people are
//! touched (first and last written), its item keys are kept, and the keys
//! a new version dropped become deleted items.

use super::{REGISTRY_CONSUMER, SyncReport, text};
use crate::Result;
use crate::rows::{Kind, Value};
use crate::sql::{
    SqlBackend, SqlStore, SqlTx, Stmt, fetch_in, in_chunks, inserts, int_at, now, text_at, texts,
};
use std::collections::{HashMap, HashSet};

/// One meeting of a sync batch.
struct Changed {
    id: String,
    committee_id: String,
    authority_id: String,
    changed_at: String,
}

/// Upserts registry rows of `kind`, keeping the first `created` and the
/// latest `modified`.
fn touch(kind: &str, rows: HashMap<String, (String, String)>, max: usize) -> Vec<Stmt> {
    let rows = rows
        .into_iter()
        .map(|(id, (created, modified))| {
            vec![
                text(kind),
                text(&id),
                text(&created),
                text(&modified),
                Value::Bool(Some(false)),
            ]
        })
        .collect();
    inserts(
        "api_objects",
        &["kind", "id", "created", "modified", "deleted"],
        rows,
        " ON CONFLICT (kind, id) DO UPDATE SET \
         modified = CASE WHEN excluded.modified > api_objects.modified THEN excluded.modified ELSE api_objects.modified END",
        max,
    )
}

/// Widens `(created, modified)` of `id` in `map` to include `at`.
fn widen(map: &mut HashMap<String, (String, String)>, id: &str, at: &str) {
    let e = map
        .entry(id.to_owned())
        .or_insert_with(|| (at.to_owned(), at.to_owned()));
    if at < e.0.as_str() {
        e.0 = at.to_owned();
    }
    if at > e.1.as_str() {
        e.1 = at.to_owned();
    }
}

async fn changed_batch(
    tx: &mut (dyn SqlTx + '_),
    after: i64,
    limit: u32,
) -> Result<Vec<(i64, Changed)>> {
    let stmt = Stmt::new(
        "SELECT c.seq, m.id, m.committee_id, m.authority_id, m.updated_at FROM changes c \
         JOIN meetings m ON m.pk = c.meeting_pk WHERE c.seq > $1 ORDER BY c.seq LIMIT $2",
        vec![Value::Int(Some(after)), Value::Int(Some(i64::from(limit)))],
    );
    use Kind::{Int, Text};
    let rows = tx.fetch(&stmt, &[Int, Text, Text, Text, Text]).await?;
    Ok(rows
        .iter()
        .map(|r| {
            (
                int_at(r, 0),
                Changed {
                    id: text_at(r, 1).unwrap_or_default(),
                    committee_id: text_at(r, 2).unwrap_or_default(),
                    authority_id: text_at(r, 3).unwrap_or_default(),
                    changed_at: text_at(r, 4).unwrap_or_default(),
                },
            )
        })
        .collect())
}

/// The item keys (in order) and the people of the changed meetings, by
/// meeting identifier.
async fn parts_of(
    tx: &mut (dyn SqlTx + '_),
    ids: &[String],
    max: usize,
) -> Result<(HashMap<String, Vec<String>>, HashMap<String, Vec<String>>)> {
    let mut out = [HashMap::new(), HashMap::new()];
    let queries = [
        "SELECT m.id, i.key FROM items i JOIN meetings m ON m.pk = i.meeting_pk WHERE m.id IN ({in}) ORDER BY m.id, i.position",
        "SELECT DISTINCT m.id, at.person_id FROM attendance at JOIN meetings m ON m.pk = at.meeting_pk WHERE m.id IN ({in})",
    ];
    for (sql, map) in queries.iter().zip(out.iter_mut()) {
        for r in fetch_in(tx, sql, ids, &[Kind::Text, Kind::Text], max).await? {
            if let (Some(id), Some(part)) = (text_at(&r, 0), text_at(&r, 1)) {
                map.entry(id).or_insert_with(Vec::new).push(part);
            }
        }
    }
    let [keys, people] = out;
    Ok((keys, people))
}

pub(super) async fn sync<B: SqlBackend>(store: &SqlStore<B>, limit: u32) -> Result<SyncReport> {
    let max = store.backend.max_params();
    let mut tx = store.backend.begin_write().await?;
    let stmt = Stmt::new(
        "SELECT seq FROM cursors WHERE consumer = $1",
        texts([REGISTRY_CONSUMER.to_owned()]),
    );
    let after = tx
        .fetch(&stmt, &[Kind::Int])
        .await?
        .first()
        .map_or(0, |r| int_at(r, 0));
    let batch = changed_batch(&mut *tx, after, limit).await?;
    let Some(last) = batch.last().map(|b| b.0) else {
        return Ok(SyncReport::default());
    };
    let changed: Vec<Changed> = batch.into_iter().map(|b| b.1).collect();
    let ids: Vec<String> = changed.iter().map(|c| c.id.clone()).collect();
    let (keys, people) = parts_of(&mut *tx, &ids, max).await?;
    let before: HashMap<String, String> = fetch_in(
        &mut *tx,
        "SELECT id, parts FROM api_objects WHERE kind = 'meeting' AND id IN ({in})",
        &ids,
        &[Kind::Text, Kind::Text],
        max,
    )
    .await?
    .iter()
    .filter_map(|r| Some((text_at(r, 0)?, text_at(r, 1).unwrap_or_default())))
    .collect();
    let now = now();
    let mut report = SyncReport {
        changes: changed.len(),
        deleted_items: 0,
    };
    let mut meetings = Vec::new();
    let mut dropped = Vec::new();
    let mut present: Vec<String> = Vec::new();
    let (mut committees, mut authorities, mut persons) =
        (HashMap::new(), HashMap::new(), HashMap::new());
    for c in &changed {
        let current = keys.get(&c.id).cloned().unwrap_or_default();
        let now_set: HashSet<&str> = current.iter().map(String::as_str).collect();
        for old in before.get(&c.id).map_or("", String::as_str).lines() {
            if !old.is_empty() && !now_set.contains(old) {
                dropped.push(vec![
                    text("item"),
                    text(&format!("{}/{old}", c.id)),
                    text(&c.id),
                    text(&now),
                    text(&c.changed_at),
                    Value::Bool(Some(true)),
                ]);
            }
        }
        present.extend(current.iter().map(|k| format!("{}/{k}", c.id)));
        meetings.push(vec![
            text("meeting"),
            text(&c.id),
            text(&c.changed_at),
            text(&c.changed_at),
            Value::Bool(Some(false)),
            text(&current.join("\n")),
        ]);
        widen(&mut committees, &c.committee_id, &c.changed_at);
        widen(&mut authorities, &c.authority_id, &c.changed_at);
        for p in people.get(&c.id).into_iter().flatten() {
            widen(&mut persons, p, &c.changed_at);
        }
    }
    report.deleted_items = dropped.len();
    let mut stmts = undelete(&present, max);
    stmts.extend(inserts(
        "api_objects",
        &["kind", "id", "parent", "created", "modified", "deleted"],
        dropped,
        " ON CONFLICT (kind, id) DO UPDATE SET modified = excluded.modified, deleted = excluded.deleted",
        max,
    ));
    stmts.extend(inserts(
        "api_objects",
        &["kind", "id", "created", "modified", "deleted", "parts"],
        meetings,
        " ON CONFLICT (kind, id) DO UPDATE SET modified = excluded.modified, parts = excluded.parts",
        max,
    ));
    stmts.extend(touch("committee", committees, max));
    stmts.extend(touch("authority", authorities, max));
    stmts.extend(touch("person", persons, max));
    stmts.push(Stmt::new(
        "INSERT INTO cursors (consumer, seq, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (consumer) DO UPDATE SET seq = excluded.seq, updated_at = excluded.updated_at",
        vec![text(REGISTRY_CONSUMER), Value::Int(Some(last)), text(&now)],
    ));
    for stmt in &stmts {
        tx.execute(stmt).await?;
    }
    tx.commit().await?;
    Ok(report)
}

/// Items that are back (a later version has them again) are no longer
/// deleted.
fn undelete(present: &[String], max: usize) -> Vec<Stmt> {
    in_chunks(
        "DELETE FROM api_objects WHERE kind = 'item' AND id IN ({in})",
        present,
        max,
    )
}
