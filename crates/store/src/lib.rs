//! The archive: where parsed meetings live for years.
//!
//! This crate owns the [`Store`] trait that every backend implements, the
//! types that cross it, its typed errors ([`StoreError`]) and the stable
//! identifiers of meetings, items, resolutions and actions ([`ids`]). It has
//! no database driver: `minutebook-store-sqlite` and
//! `minutebook-store-postgres` supply one each.
//!
//! Both backends share one schema (normalised tables, see `docs/archive.md`)
//! and one implementation of the archive's logic, [`sql::SqlStore`], written
//! in the portable subset of SQL that SQLite and PostgreSQL both accept. A
//! backend only supplies an executor ([`sql::SqlBackend`]): connections,
//! transactions, small reads outside a transaction, migrations, the binding
//! of [`rows::Value`]s and the one spelling the two dialects do not share
//! (rows aggregated as JSON). The conformance suite (feature `conformance`)
//! is run by both backends' tests.

pub mod browse;
pub mod compress;
#[cfg(feature = "conformance")]
pub mod conformance;
pub mod ids;
pub mod rows;
pub mod search_source;
pub mod sql;
pub mod tracking;

use minutebook_record::{Meeting, MinutesStatus};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::HashSet;

/// Why the archive could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database refused or failed.
    #[error("database: {0}")]
    Database(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// The schema could not be brought up to date.
    #[error("migrating the database: {0}")]
    Migrate(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// The database URL is not one this backend understands.
    #[error("database URL {url:?}: {reason}")]
    Url {
        /// The URL as given.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A stored original could not be compressed or decompressed.
    #[error("compression: {0}")]
    Compression(#[source] std::io::Error),
    /// The database holds something the archive did not write.
    #[error("corrupt archive: {0}")]
    Corrupt(String),
}

/// A `Result` with a [`StoreError`].
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// A parsed document ready to be written: its original bytes (compressed)
/// and the meeting parsed from them.
#[derive(Debug, Clone)]
pub struct NewDocument {
    /// SHA-256 of the original bytes, lower-case hex: the source's key.
    pub sha256: String,
    /// Size of the original in bytes.
    pub size: u64,
    /// The original bytes, compressed (see [`compress`]).
    pub original: Vec<u8>,
    /// The dictionary they were compressed with, if any.
    pub dictionary_id: Option<i64>,
    /// The path the document was read from.
    pub path: Option<String>,
    /// The detected format (`moderngov-text`, `pdf`, …).
    pub format: String,
    /// The parser version that produced `meeting`.
    pub parser_version: String,
    /// The meeting parsed from the bytes.
    pub meeting: Meeting,
}

impl NewDocument {
    /// Hashes and compresses `bytes` and pairs them with their meeting.
    /// The meeting's `source.sha256` is set to the hash.
    pub fn new(
        bytes: &[u8],
        mut meeting: Meeting,
        parser_version: &str,
        packer: &mut compress::Packer,
    ) -> Result<Self> {
        let sha256 = sha256_hex(bytes);
        meeting.source.sha256 = Some(sha256.clone());
        Ok(Self {
            size: bytes.len() as u64,
            original: packer.pack(bytes)?,
            dictionary_id: packer.dictionary_id(),
            path: meeting.source.path.clone(),
            format: meeting
                .source
                .format
                .clone()
                .unwrap_or_else(|| "text".into()),
            parser_version: parser_version.to_owned(),
            sha256,
            meeting,
        })
    }
}

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// What writing one document did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// A meeting the archive did not have.
    New,
    /// A new version of a meeting the archive had; it is now current.
    Updated,
    /// These exact bytes were already stored; nothing changed.
    Unchanged,
}

/// The result of writing one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The document's SHA-256.
    pub sha256: String,
    /// The meeting it belongs to (for unchanged documents: as stored).
    pub meeting_id: Option<String>,
    /// What happened.
    pub outcome: Outcome,
}

/// One stored version of a meeting's document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionInfo {
    /// 1 for the first document stored for the meeting, then 2, 3, …
    pub version: i64,
    /// The document's SHA-256 (the key of its stored original).
    pub sha256: String,
    /// When it was ingested (RFC 3339, UTC).
    pub ingested_at: String,
    /// Draft or final, as parsed at ingest.
    pub minutes_status: Option<MinutesStatus>,
    /// The document's format.
    pub format: Option<String>,
    /// The path it was first ingested from.
    pub path: Option<String>,
    /// The parser version that last read it.
    pub parser_version: Option<String>,
    /// Whether this is the meeting's current version.
    pub current: bool,
}

/// A meeting as stored: its record (from the normalised tables), its
/// identifier and its versions.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredMeeting {
    /// The meeting's stable identifier.
    pub id: String,
    /// The identifiers of its items, resolutions and actions.
    pub ids: ids::MeetingIds,
    /// The meeting record of the current version.
    pub meeting: Meeting,
    /// Every version, oldest first.
    pub versions: Vec<VersionInfo>,
}

/// A stored original, for re-parsing.
#[derive(Debug, Clone)]
pub struct StoredSource {
    /// Its SHA-256.
    pub sha256: String,
    /// The original bytes (decompressed).
    pub bytes: Vec<u8>,
    /// The path it was first ingested from.
    pub path: Option<String>,
    /// The parser version that last read it.
    pub parser_version: String,
    /// The meeting it was filed under.
    pub meeting_id: Option<String>,
    /// Whether it is that meeting's current version.
    pub current: bool,
    /// The authority recorded at ingest (from the document or given by the
    /// user), to apply again when the parser finds none.
    pub authority: Option<String>,
}

/// A stored original read again by the current parser.
#[derive(Debug, Clone)]
pub struct Reparsed {
    /// The source's SHA-256.
    pub sha256: String,
    /// The meeting it is filed under; kept, so identifiers survive.
    pub meeting_id: String,
    /// Whether it is the meeting's current version (only then are the
    /// normalised rows rebuilt).
    pub current: bool,
    /// The parser version that produced `meeting`.
    pub parser_version: String,
    /// The new record.
    pub meeting: Meeting,
}

/// Filters for the list queries. Text filters match case-insensitively
/// anywhere in the name or identifier.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    /// Authority identifier or name.
    pub authority: Option<String>,
    /// Committee identifier or name.
    pub committee: Option<String>,
    /// Person name (people list; meetings attended by them).
    pub person: Option<String>,
    /// Earliest meeting date, `YYYY-MM-DD`.
    pub from: Option<String>,
    /// Latest meeting date, `YYYY-MM-DD`.
    pub to: Option<String>,
    /// At most this many rows.
    pub limit: Option<u32>,
}

/// A committee, for `list committees`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommitteeSummary {
    /// Stable identifier.
    pub id: String,
    /// Its authority's identifier.
    pub authority_id: String,
    /// Its latest name.
    pub name: String,
    /// Every name it has been recorded under, oldest first.
    pub names: Vec<String>,
    /// Meetings stored.
    pub meetings: i64,
    /// Earliest meeting date.
    pub first_date: Option<String>,
    /// Latest meeting date.
    pub last_date: Option<String>,
}

/// A meeting, for `list meetings`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MeetingSummary {
    /// Stable identifier.
    pub id: String,
    /// Date.
    pub date: Option<String>,
    /// Authority identifier.
    pub authority_id: String,
    /// Committee name as written.
    pub committee: Option<String>,
    /// Draft or final.
    pub minutes_status: Option<MinutesStatus>,
    /// Number of items.
    pub items: i64,
    /// Number of stored versions.
    pub versions: i64,
}

/// A person, for `list people`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonSummary {
    /// Stable identifier (authority and name).
    pub id: String,
    /// Name.
    pub name: String,
    /// Meetings at which they are recorded (present, apologies, …).
    pub meetings: i64,
    /// Earliest such meeting.
    pub first_date: Option<String>,
    /// Latest such meeting.
    pub last_date: Option<String>,
}

/// One entry of the change feed: a meeting whose current record was
/// (re)written by an ingest or a reparse.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Position in the feed; only grows. Each meeting appears once, at the
    /// position of its latest write.
    pub seq: i64,
    /// The meeting's identifier.
    pub meeting_id: String,
    /// Its committee's identifier.
    pub committee_id: String,
    /// When it was written (RFC 3339, UTC).
    pub changed_at: String,
}

/// Row counts, for tests and summaries.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Stored originals.
    pub sources: i64,
    /// Meetings.
    pub meetings: i64,
    /// Versions (rows of `meeting_versions`).
    pub versions: i64,
    /// Items.
    pub items: i64,
    /// Resolutions.
    pub resolutions: i64,
    /// Actions.
    pub actions: i64,
    /// Attendance rows.
    pub attendance: i64,
}

/// The archive. Implemented once, for every backend, by [`sql::SqlStore`].
///
/// Every write is one transaction: a document is wholly stored or not at
/// all. Reads of one meeting see one consistent snapshot.
#[async_trait::async_trait]
pub trait Store: Send + Sync {
    /// `sqlite` or `postgres`.
    fn backend(&self) -> &'static str;

    /// Closes the archive's connections, waiting for the pool's. `ingest`,
    /// `reparse` and `serve` call it when they are done: SQLite moves the
    /// write-ahead log into the database file when its last connection
    /// closes, so that the file alone holds everything (a process that
    /// exits with connections open may leave the last writes in `-wal`
    /// beside it: safe, but a copy of the file alone would miss them).
    /// Using the archive afterwards fails.
    async fn close(&self);

    /// The SHA-256 of every stored original (to skip unchanged files early).
    async fn known_sources(&self) -> Result<HashSet<String>>;

    /// Writes documents in one transaction, in order. Same bytes again are
    /// [`Outcome::Unchanged`]; new bytes for a stored meeting become its
    /// current version ([`Outcome::Updated`]).
    async fn write_batch(&self, docs: &[NewDocument]) -> Result<Vec<Written>>;

    /// One meeting by identifier, or `None`.
    async fn meeting(&self, id: &str) -> Result<Option<StoredMeeting>>;

    /// The stored original with this SHA-256 (decompressed), or `None`.
    async fn original(&self, sha256: &str) -> Result<Option<Vec<u8>>>;

    /// Stored originals in SHA-256 order after `after`, at most `limit`;
    /// with `stale_for`, only those last read by another parser version.
    async fn sources_page(
        &self,
        after: Option<&str>,
        limit: u32,
        stale_for: Option<&str>,
    ) -> Result<Vec<StoredSource>>;

    /// Stores re-parsed records in one transaction, keeping identifiers.
    async fn apply_reparse(&self, batch: Vec<Reparsed>) -> Result<()>;

    /// Committees matching the filter.
    async fn committees(&self, filter: &ListFilter) -> Result<Vec<CommitteeSummary>>;

    /// Meetings matching the filter, newest first.
    async fn meetings(&self, filter: &ListFilter) -> Result<Vec<MeetingSummary>>;

    /// People matching the filter.
    async fn people(&self, filter: &ListFilter) -> Result<Vec<PersonSummary>>;

    /// Row counts.
    async fn counts(&self) -> Result<Counts>;

    /// The newest compression dictionary, if one has been stored.
    async fn dictionary(&self) -> Result<Option<compress::Dictionary>>;

    /// Stores a compression dictionary; returns its identifier.
    async fn add_dictionary(&self, bytes: &[u8]) -> Result<i64>;

    /// The change feed after position `after`, in order, at most `limit`
    /// entries. Consumers that derive data from the archive (the search
    /// index, the tracker) read it to catch up.
    async fn changes_since(&self, after: i64, limit: u32) -> Result<Vec<Change>>;

    /// The feed's latest position (0 for an empty archive).
    async fn last_change(&self) -> Result<i64>;

    /// Where `consumer` has got to in the feed (0 if it has never said).
    async fn cursor(&self, consumer: &str) -> Result<i64>;

    /// Records that `consumer` has dealt with the feed up to `seq`.
    async fn set_cursor(&self, consumer: &str, seq: i64) -> Result<()>;
}

/// Everything an archive offers: the [`Store`] and the role traits built on
/// it. Commands and the web server hold a `Box<dyn Archive>`.
pub trait Archive:
    Store + browse::Browse + search_source::SearchSource + tracking::Tracking
{
}

impl<T: Store + browse::Browse + search_source::SearchSource + tracking::Tracking + ?Sized> Archive
    for T
{
}
