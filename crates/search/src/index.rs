//! The tantivy index: its schema, where it lives, how it is opened (and
//! rebuilt when missing or unreadable), and how archive meetings become
//! index documents.
//!
//! The index keeps no text: only the terms (with positions, for phrases)
//! and, as fast fields, the identifiers needed to fetch the top hits' text
//! from the archive and to count facets. Its position in the archive's
//! change feed is the payload of its last commit, so the two commit
//! together or not at all.

use crate::SearchError;
use crate::query::HitType;
use minutebook_store::search_source::{IndexItem, IndexMeeting};
use std::path::{Path, PathBuf};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
};
use tantivy::{IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

/// Bumped whenever the schema or the analysis changes: an index of another
/// format is rebuilt.
const FORMAT: u32 = 2;
/// Tokenizer of text fields: words, lower-cased, accents folded, plurals
/// made singular ([`crate::stem`]).
pub(crate) const TEXT: &str = "minutebook_text";
/// Tokenizer of names (and of prefixes): as [`TEXT`] without the plurals.
pub(crate) const NAME: &str = "minutebook_name";

/// The index's fields.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    /// Title, agenda text and minutes of an item; a resolution's or
    /// action's text.
    pub(crate) body: Field,
    /// The item's title.
    pub(crate) title: Field,
    /// People named for the meeting and the item.
    pub(crate) person: Field,
    /// Meeting identifier (for deletion and to fetch the hit).
    pub(crate) meeting: Field,
    /// Committee identifier (filter).
    pub(crate) committee: Field,
    /// Committee identifier and year, for the facets in one column read
    /// ([`facet_value`]).
    pub(crate) facet: Field,
    /// Authority identifier (filter, facet).
    pub(crate) authority: Field,
    /// Item kind.
    pub(crate) kind: Field,
    /// `item`, `resolution` or `action`.
    pub(crate) doc_type: Field,
    /// Date as the number YYYYMMDD (0 when unknown).
    pub(crate) day: Field,
    /// Item position in the meeting.
    pub(crate) item: Field,
    /// Resolution or action position in the item (0 for items).
    pub(crate) sub: Field,
    /// [`HitType`] as a number.
    pub(crate) hit: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = |tokenizer: &str| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
    };
    let fields = Fields {
        body: b.add_text_field("body", text(TEXT)),
        title: b.add_text_field("title", text(TEXT)),
        person: b.add_text_field("person", text(NAME)),
        meeting: b.add_text_field("meeting", STRING | FAST),
        committee: b.add_text_field("committee", STRING),
        facet: b.add_text_field("facet", FAST),
        authority: b.add_text_field("authority", STRING),
        kind: b.add_text_field("kind", STRING),
        doc_type: b.add_text_field("type", STRING),
        day: b.add_i64_field("day", INDEXED | FAST),
        item: b.add_u64_field("item", FAST),
        sub: b.add_u64_field("sub", FAST),
        hit: b.add_u64_field("hit", FAST),
    };
    (b.build(), fields)
}

/// The fields of the schema (for compiling queries without an index).
pub(crate) fn fields() -> Fields {
    schema().1
}

pub(crate) fn text_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(crate::stem::Plurals)
        .build()
}

pub(crate) fn name_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// The tokens `analyzer` makes of `text`.
pub(crate) fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

/// How [`Index::open`] found the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Opened {
    /// An index was there and is usable.
    Existing,
    /// There was none; an empty one was created (it fills on first use).
    Created,
    /// There was one but it could not be used; it was replaced by an empty
    /// one (which fills on first use).
    Replaced {
        /// Why the old one was discarded.
        reason: String,
    },
}

/// An open index.
pub(crate) struct Index {
    pub(crate) index: tantivy::Index,
    pub(crate) fields: Fields,
    pub(crate) reader: IndexReader,
    dir: PathBuf,
}

impl Index {
    /// Opens the index in `dir`, creating it if there is none and replacing
    /// it if it is unreadable or of another format.
    pub(crate) fn open(dir: &Path) -> Result<(Self, Opened), SearchError> {
        let (schema, fields) = schema();
        let io = |e| SearchError::Io(dir.to_owned(), e);
        let exists = dir.join("meta.json").exists();
        let (index, opened) = if exists {
            match open_existing(dir, &schema) {
                Ok(index) => (index, Opened::Existing),
                Err(reason) => {
                    std::fs::remove_dir_all(dir).map_err(io)?;
                    (create(dir, schema)?, Opened::Replaced { reason })
                }
            }
        } else {
            (create(dir, schema)?, Opened::Created)
        };
        index.tokenizers().register(TEXT, text_analyzer());
        index.tokenizers().register(NAME, name_analyzer());
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok((
            Index {
                index,
                fields,
                reader,
                dir: dir.to_owned(),
            },
            opened,
        ))
    }

    /// The feed position of the last commit on disk.
    pub(crate) fn committed_seq(&self) -> Result<i64, SearchError> {
        let meta = self.index.load_metas()?;
        Ok(meta
            .payload
            .as_deref()
            .and_then(parse_payload)
            .map_or(0, |p| p.1))
    }

    /// A writer, waiting while another process holds the directory's lock
    /// (it is catching up; tantivy allows one writer per index).
    pub(crate) async fn writer(&self, threads: usize) -> Result<IndexWriter, SearchError> {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(300);
        loop {
            let heap = 64_000_000 * threads.max(1);
            match self.index.writer_with_num_threads(threads.max(1), heap) {
                Ok(w) => return Ok(w),
                Err(tantivy::TantivyError::LockFailure(
                    tantivy::directory::error::LockError::LockBusy,
                    _,
                )) if std::time::Instant::now() < deadline => {
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                }
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// Commits `writer` at feed position `seq` and waits for its merges.
    pub(crate) fn commit(&self, mut writer: IndexWriter, seq: i64) -> Result<(), SearchError> {
        let mut prepared = writer.prepare_commit()?;
        prepared.set_payload(&payload(seq));
        prepared.commit()?;
        writer.wait_merging_threads()?;
        self.reader.reload()?;
        Ok(())
    }

    /// Replaces the documents of `meetings` (deleting those of `gone`,
    /// meetings no longer in the archive).
    pub(crate) fn apply(
        &self,
        writer: &IndexWriter,
        meetings: &[IndexMeeting],
        gone: &[String],
    ) -> Result<(), SearchError> {
        let f = &self.fields;
        for id in gone.iter().chain(meetings.iter().map(|m| &m.id)) {
            writer.delete_term(Term::from_field_text(f.meeting, id));
        }
        for m in meetings {
            for doc in documents(f, m) {
                writer.add_document(doc)?;
            }
        }
        Ok(())
    }

    /// The directory the index is in.
    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }
}

fn open_existing(dir: &Path, schema: &Schema) -> Result<tantivy::Index, String> {
    let index = tantivy::Index::open_in_dir(dir).map_err(|e| format!("unreadable: {e}"))?;
    if index.schema() != *schema {
        return Err("it was made by another version of minutebook".into());
    }
    let meta = index.load_metas().map_err(|e| format!("unreadable: {e}"))?;
    match meta.payload.as_deref().and_then(parse_payload) {
        Some((format, _)) if format == FORMAT => {}
        None if meta.segments.is_empty() => {}
        _ => return Err("it was made by another version of minutebook".into()),
    }
    // Open every segment now, so a damaged file is found here rather than
    // in the middle of a search.
    let reader: IndexReader = index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()
        .map_err(|e| format!("unreadable: {e}"))?;
    drop(reader);
    Ok(index)
}

fn create(dir: &Path, schema: Schema) -> Result<tantivy::Index, SearchError> {
    std::fs::create_dir_all(dir).map_err(|e| SearchError::Io(dir.to_owned(), e))?;
    Ok(tantivy::Index::create_in_dir(dir, schema)?)
}

fn payload(seq: i64) -> String {
    format!("minutebook-search format={FORMAT} seq={seq}")
}

fn parse_payload(p: &str) -> Option<(u32, i64)> {
    let rest = p.strip_prefix("minutebook-search format=")?;
    let (format, seq) = rest.split_once(" seq=")?;
    Some((format.parse().ok()?, seq.parse().ok()?))
}

/// The facet column's value: committee identifier, a tab, the year (0
/// when undated). Identifiers are slugs, so they hold no tab.
pub(crate) fn facet_value(committee_id: &str, year: i64) -> String {
    format!("{committee_id}\t{year}")
}

/// `YYYY-MM-DD` as the number YYYYMMDD (0 when absent or malformed).
fn day(date: Option<&str>) -> i64 {
    date.and_then(|d| crate::query::day_number(d).ok())
        .unwrap_or(0)
}

fn to_u64(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

/// The index documents of a meeting: one per item, resolution and action.
fn documents(f: &Fields, m: &IndexMeeting) -> Vec<TantivyDocument> {
    let day = day(m.date.as_deref());
    let mut out = Vec::new();
    for item in &m.items {
        let base = |hit: HitType, sub: i64| {
            let mut d = TantivyDocument::new();
            d.add_text(f.meeting, &m.id);
            d.add_text(f.committee, &m.committee_id);
            d.add_text(f.authority, &m.authority_id);
            d.add_text(f.kind, &item.kind);
            d.add_text(f.doc_type, hit.name());
            d.add_i64(f.day, day);
            d.add_text(f.facet, facet_value(&m.committee_id, day / 10_000));
            d.add_u64(f.item, to_u64(item.position));
            d.add_u64(f.sub, to_u64(sub));
            d.add_u64(f.hit, hit as u64);
            d.add_text(f.title, &item.title);
            for p in m.people.iter().chain(&item.people) {
                d.add_text(f.person, p);
            }
            d
        };
        let mut d = base(HitType::Item, 0);
        for text in item_texts(item) {
            d.add_text(f.body, text);
        }
        out.push(d);
        for (hit, parts) in [
            (HitType::Resolution, &item.resolutions),
            (HitType::Action, &item.actions),
        ] {
            for (pos, text) in parts {
                let mut d = base(hit, *pos);
                d.add_text(f.body, text);
                out.push(d);
            }
        }
    }
    out
}

/// An item's body: its title, agenda text and minutes.
fn item_texts(item: &IndexItem) -> impl Iterator<Item = &str> {
    std::iter::once(item.title.as_str())
        .chain(item.agenda_text.as_deref())
        .chain(item.minutes_text.as_deref())
}

/// The index directory for an SQLite archive at `db` (a path or
/// `sqlite:PATH`): `PATH.search` beside it. `None` for other URLs.
pub fn beside_sqlite(db: &str) -> Option<PathBuf> {
    if db.contains("://") && !db.starts_with("sqlite://") {
        return None;
    }
    let path = db
        .strip_prefix("sqlite://")
        .or_else(|| db.strip_prefix("sqlite:"))
        .unwrap_or(db);
    let path = path.split('?').next().unwrap_or(path);
    (!path.is_empty() && path != ":memory:").then(|| PathBuf::from(format!("{path}.search")))
}

/// The default index directory for a server archive at `url`:
/// `$XDG_DATA_HOME/minutebook/search/<host-port-database>` (or under
/// `~/.local/share`), so each machine keeps its own.
pub fn default_for_server(url: &str) -> PathBuf {
    let base = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .unwrap_or_else(|| PathBuf::from("."));
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host_db = rest.rsplit_once('@').map_or(rest, |(_, r)| r);
    let host_db = host_db.split('?').next().unwrap_or(host_db);
    let name = minutebook_store::ids::slug(host_db);
    base.join("minutebook/search").join(if name.is_empty() {
        "default".to_owned()
    } else {
        name
    })
}

/// The index directory for the archive at `db`: beside an SQLite file, or
/// [`default_for_server`].
pub fn index_dir_for(db: &str) -> PathBuf {
    beside_sqlite(db).unwrap_or_else(|| default_for_server(db))
}
