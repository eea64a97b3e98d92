//! Bulk reads for the search index (`minutebook-search`): the searchable
//! text of many meetings at once, to build the index, and the text of a
//! few items, to make snippets for the top hits (the index keeps no text).

use crate::Result;
use crate::rows::{Kind, Value};
use crate::sql::{SqlBackend, SqlStore, SqlTx, Stmt, fetch_in, int_at, text_at};
use crate::{Store, sql};
use std::collections::HashMap;
use std::fmt::Write as _;

/// A meeting's searchable parts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IndexMeeting {
    /// The meeting's identifier.
    pub id: String,
    /// Its authority's identifier.
    pub authority_id: String,
    /// Its committee's identifier.
    pub committee_id: String,
    /// `YYYY-MM-DD`, if known.
    pub date: Option<String>,
    /// Everyone recorded for the whole meeting (present, apologies, …).
    pub people: Vec<String>,
    /// Its items, in order.
    pub items: Vec<IndexItem>,
}

/// An item's searchable parts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IndexItem {
    /// Position in the meeting (0-based).
    pub position: i64,
    /// The item kind's record name (`substantive`, `apologies`, …).
    pub kind: String,
    /// The heading.
    pub title: String,
    /// The agenda's description.
    pub agenda_text: Option<String>,
    /// The minuted text.
    pub minutes_text: Option<String>,
    /// Officers and guests in attendance for this item.
    pub people: Vec<String>,
    /// Resolutions: position and text.
    pub resolutions: Vec<(i64, String)>,
    /// Actions: position and text.
    pub actions: Vec<(i64, String)>,
}

/// An item, for showing it as a search hit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HitText {
    /// The meeting's identifier.
    pub meeting_id: String,
    /// The item's position (0-based).
    pub position: i64,
    /// The item's identifier.
    pub item_id: String,
    /// The heading.
    pub title: String,
    /// The agenda's description.
    pub agenda_text: Option<String>,
    /// The minuted text.
    pub minutes_text: Option<String>,
    /// `YYYY-MM-DD`, if known.
    pub date: Option<String>,
    /// The committee's name as the minutes give it.
    pub committee: Option<String>,
    /// The committee's identifier.
    pub committee_id: String,
    /// The authority's name, if known.
    pub authority: Option<String>,
    /// The authority's identifier.
    pub authority_id: String,
    /// Resolutions: position, identifier, text.
    pub resolutions: Vec<(i64, String, String)>,
    /// Actions: position, identifier, text.
    pub actions: Vec<(i64, String, String)>,
}

/// Reads for the search index.
#[async_trait::async_trait]
pub trait SearchSource: Store {
    /// The searchable parts of the meetings `ids` (those that exist), in
    /// no particular order.
    async fn index_meetings(&self, ids: &[String]) -> Result<Vec<IndexMeeting>>;

    /// The items at `(meeting id, position)`, with their resolutions and
    /// actions (those that exist), in no particular order.
    async fn hit_texts(&self, keys: &[(String, i64)]) -> Result<Vec<HitText>>;

    /// The committees whose identifier or any recorded name contains
    /// `text` (case-insensitively), and those the tracker groups with them
    /// (renamed, merged, aliased): the committee filter, resolved when a
    /// query runs so that renames and merges need no reindex.
    async fn committees_named(&self, text: &str) -> Result<Vec<String>>;

    /// The authorities whose identifier or name contains `text`.
    async fn authorities_named(&self, text: &str) -> Result<Vec<String>>;

    /// A counter that moves whenever the tracker's grouping of committees
    /// is rewritten, which changes what [`SearchSource::committees_named`]
    /// answers without the change feed moving. With
    /// [`Store::last_change`](crate::Store::last_change), it says how long
    /// a resolved filter may be kept.
    async fn committee_groups_generation(&self) -> Result<i64>;

    /// The latest names of the committees `ids`.
    async fn committee_labels(&self, ids: &[String]) -> Result<HashMap<String, String>>;

    /// The names of the authorities `ids` (those the minutes named).
    async fn authority_labels(&self, ids: &[String]) -> Result<HashMap<String, String>>;
}

const IN_MEETINGS: &str = "meeting_pk IN (SELECT pk FROM meetings WHERE id IN ({in}))";

#[async_trait::async_trait]
impl<B: SqlBackend> SearchSource for SqlStore<B> {
    async fn index_meetings(&self, ids: &[String]) -> Result<Vec<IndexMeeting>> {
        use Kind::{Int, Text};
        let max = self.backend.max_params();
        let mut read = self.backend.begin_read().await?;
        let tx: &mut (dyn SqlTx + '_) = &mut *read;
        let meetings = fetch_in(
            tx,
            "SELECT pk, id, authority_id, committee_id, date FROM meetings WHERE id IN ({in})",
            ids,
            &[Int, Text, Text, Text, Text],
            max,
        )
        .await?;
        let mut by_pk: HashMap<i64, IndexMeeting> = meetings
            .iter()
            .map(|r| {
                let m = IndexMeeting {
                    id: text_at(r, 1).unwrap_or_default(),
                    authority_id: text_at(r, 2).unwrap_or_default(),
                    committee_id: text_at(r, 3).unwrap_or_default(),
                    date: text_at(r, 4),
                    ..IndexMeeting::default()
                };
                (int_at(r, 0), m)
            })
            .collect();
        let sql = format!(
            "SELECT meeting_pk, position, kind, title, agenda_text, minutes_text FROM items WHERE {IN_MEETINGS} ORDER BY meeting_pk, position"
        );
        for r in fetch_in(tx, &sql, ids, &[Int, Int, Text, Text, Text, Text], max).await? {
            if let Some(m) = by_pk.get_mut(&int_at(&r, 0)) {
                m.items.push(IndexItem {
                    position: int_at(&r, 1),
                    kind: text_at(&r, 2).unwrap_or_default(),
                    title: text_at(&r, 3).unwrap_or_default(),
                    agenda_text: text_at(&r, 4),
                    minutes_text: text_at(&r, 5),
                    ..IndexItem::default()
                });
            }
        }
        let sql = format!(
            "SELECT meeting_pk, item_position, name FROM attendance WHERE {IN_MEETINGS} ORDER BY meeting_pk, status, item_position, position"
        );
        for r in fetch_in(tx, &sql, ids, &[Int, Int, Text], max).await? {
            let (Some(m), Some(name)) = (by_pk.get_mut(&int_at(&r, 0)), text_at(&r, 2)) else {
                continue;
            };
            match sql::int_opt(&r, 1) {
                Some(p) => {
                    if let Some(item) = item_at(m, p) {
                        item.people.push(name);
                    }
                }
                None => m.people.push(name),
            }
        }
        for (table, resolutions) in [("resolutions", true), ("actions", false)] {
            let sql = format!(
                "SELECT meeting_pk, item_position, position, text FROM {table} WHERE {IN_MEETINGS} ORDER BY meeting_pk, item_position, position"
            );
            for r in fetch_in(tx, &sql, ids, &[Int, Int, Int, Text], max).await? {
                let Some(item) = by_pk
                    .get_mut(&int_at(&r, 0))
                    .and_then(|m| item_at(m, int_at(&r, 1)))
                else {
                    continue;
                };
                let part = (int_at(&r, 2), text_at(&r, 3).unwrap_or_default());
                if resolutions {
                    item.resolutions.push(part);
                } else {
                    item.actions.push(part);
                }
            }
        }
        read.commit().await?;
        Ok(by_pk.into_values().collect())
    }

    async fn hit_texts(&self, keys: &[(String, i64)]) -> Result<Vec<HitText>> {
        use Kind::{Int, Text};
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        let max = self.backend.max_params();
        let mut read = self.backend.begin_read().await?;
        let tx: &mut (dyn SqlTx + '_) = &mut *read;
        let mut ids: Vec<String> = keys.iter().map(|k| k.0.clone()).collect();
        ids.sort_unstable();
        ids.dedup();
        let meetings = fetch_in(
            tx,
            "SELECT pk, id, date, committee, committee_id, authority, authority_id FROM meetings WHERE id IN ({in})",
            &ids,
            &[Int, Text, Text, Text, Text, Text, Text],
            max,
        )
        .await?;
        let pk_of: HashMap<String, i64> = meetings
            .iter()
            .filter_map(|r| Some((text_at(r, 1)?, int_at(r, 0))))
            .collect();
        let meeting_of: HashMap<i64, &Vec<Value>> =
            meetings.iter().map(|r| (int_at(r, 0), r)).collect();
        // Lookups by primary key, `(meeting_pk, position) OR …` on one
        // table, which both databases answer from the index.
        let pairs: Vec<(i64, i64)> = keys
            .iter()
            .filter_map(|(id, pos)| Some((*pk_of.get(id)?, *pos)))
            .collect();
        // Items, resolutions and actions in one statement (fewer round
        // trips to the database), each part looked up by primary key.
        let mut params = Vec::new();
        let mut sql = String::new();
        for (i, (select, position)) in [
            ("SELECT 0, meeting_pk, position, 0, key, title, agenda_text, minutes_text FROM items", "position"),
            ("SELECT 1, meeting_pk, item_position, position, key, text, NULL, NULL FROM resolutions", "item_position"),
            ("SELECT 2, meeting_pk, item_position, position, NULL, text, NULL, NULL FROM actions", "item_position"),
        ]
        .into_iter()
        .enumerate()
        {
            if i > 0 {
                sql.push_str(" UNION ALL ");
            }
            sql.push_str(select);
            sql.push_str(" WHERE ");
            pairs_clause(&mut sql, &mut params, position, &pairs);
        }
        let rows = tx
            .fetch(
                &Stmt::new(sql, params),
                &[Int, Int, Int, Int, Text, Text, Text, Text],
            )
            .await?;
        read.commit().await?;
        let mut hits: HashMap<(i64, i64), HitText> = HashMap::new();
        for r in rows.iter().filter(|r| int_at(r, 0) == 0) {
            let (pk, position) = (int_at(r, 1), int_at(r, 2));
            let Some(m) = meeting_of.get(&pk) else {
                continue;
            };
            let meeting_id = text_at(m, 1).unwrap_or_default();
            let key = text_at(r, 4).unwrap_or_default();
            let hit = HitText {
                item_id: format!("{meeting_id}/{key}"),
                meeting_id,
                position,
                title: text_at(r, 5).unwrap_or_default(),
                agenda_text: text_at(r, 6),
                minutes_text: text_at(r, 7),
                date: text_at(m, 2),
                committee: text_at(m, 3),
                committee_id: text_at(m, 4).unwrap_or_default(),
                authority: text_at(m, 5),
                authority_id: text_at(m, 6).unwrap_or_default(),
                ..HitText::default()
            };
            hits.insert((pk, position), hit);
        }
        for r in rows.iter().filter(|r| int_at(r, 0) != 0) {
            let Some(hit) = hits.get_mut(&(int_at(r, 1), int_at(r, 2))) else {
                continue;
            };
            let position = int_at(r, 3);
            let text = text_at(r, 5).unwrap_or_default();
            if int_at(r, 0) == 1 {
                let id = format!("{}/{}", hit.item_id, text_at(r, 4).unwrap_or_default());
                hit.resolutions.push((position, id, text));
            } else {
                let id = format!("{}/a{}", hit.item_id, position + 1);
                hit.actions.push((position, id, text));
            }
        }
        Ok(hits.into_values().collect())
    }

    async fn committees_named(&self, text: &str) -> Result<Vec<String>> {
        // Also every committee the tracker groups with a match (a rename to
        // a new identifier, a user's merge or alias: `tracker_committees`).
        let stmt = Stmt::new(
            "SELECT id FROM committees WHERE lower(id) LIKE $1 \
             UNION SELECT committee_id FROM committee_names WHERE lower(name) LIKE $2 \
             UNION SELECT t.committee_id FROM tracker_committees t WHERE t.group_id IN ( \
                 SELECT g.group_id FROM tracker_committees g \
                 WHERE lower(g.name) LIKE $3 OR lower(g.committee_id) LIKE $4 \
                 OR g.committee_id IN (SELECT committee_id FROM committee_names WHERE lower(name) LIKE $5))",
            vec![sql::like(text); 5],
        );
        let rows = self.read_many(stmt, &[Kind::Text]).await?;
        Ok(rows.iter().filter_map(|r| text_at(r, 0)).collect())
    }

    async fn committee_groups_generation(&self) -> Result<i64> {
        let stmt = Stmt::new(
            "SELECT value FROM generations WHERE name = 'tracker_committees'",
            vec![],
        );
        let rows = self.read(stmt, &[Kind::Int]).await?;
        Ok(rows.first().map_or(0, |r| int_at(r, 0)))
    }

    async fn authorities_named(&self, text: &str) -> Result<Vec<String>> {
        let stmt = Stmt::new(
            "SELECT id FROM authorities WHERE lower(id) LIKE $1 OR lower(COALESCE(name, '')) LIKE $2",
            vec![sql::like(text), sql::like(text)],
        );
        let rows = self.read_many(stmt, &[Kind::Text]).await?;
        Ok(rows.iter().filter_map(|r| text_at(r, 0)).collect())
    }

    async fn committee_labels(&self, ids: &[String]) -> Result<HashMap<String, String>> {
        self.labels("SELECT id, name FROM committees WHERE id IN ({in})", ids)
            .await
    }

    async fn authority_labels(&self, ids: &[String]) -> Result<HashMap<String, String>> {
        self.labels(
            "SELECT id, name FROM authorities WHERE name IS NOT NULL AND id IN ({in})",
            ids,
        )
        .await
    }
}

impl<B: SqlBackend> SqlStore<B> {
    async fn labels(&self, sql: &str, ids: &[String]) -> Result<HashMap<String, String>> {
        let mut tx = self.backend.begin_read().await?;
        let rows = fetch_in(
            &mut *tx,
            sql,
            ids,
            &[Kind::Text, Kind::Text],
            self.backend.max_params(),
        )
        .await?;
        tx.commit().await?;
        Ok(rows
            .iter()
            .filter_map(|r| Some((text_at(r, 0)?, text_at(r, 1)?)))
            .collect())
    }
}

fn item_at(m: &mut IndexMeeting, position: i64) -> Option<&mut IndexItem> {
    // Items arrive in position order, so the position is usually the index.
    let i = usize::try_from(position).ok()?;
    if m.items.get(i).is_some_and(|it| it.position == position) {
        return m.items.get_mut(i);
    }
    m.items.iter_mut().find(|it| it.position == position)
}

/// Appends `(meeting_pk = $n AND {position} = $n+1) OR …` over `pairs`
/// (or a false condition when there are none), numbering placeholders on
/// from `params`.
fn pairs_clause(sql: &mut String, params: &mut Vec<Value>, position: &str, pairs: &[(i64, i64)]) {
    if pairs.is_empty() {
        sql.push_str("1 = 0");
    }
    for (i, (pk, pos)) in pairs.iter().enumerate() {
        if i > 0 {
            sql.push_str(" OR ");
        }
        let n = params.len();
        let _ = write!(sql, "(meeting_pk = ${} AND {position} = ${})", n + 1, n + 2);
        params.push(Value::Int(Some(*pk)));
        params.push(Value::Int(Some(*pos)));
    }
}
