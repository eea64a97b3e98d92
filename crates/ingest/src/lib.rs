//! Ingest: minutes documents in, archive rows out.
//!
//! [`collect`] expands files, directories (recursively) and globs into a
//! sorted list of documents. [`ingest`] parses them in parallel on all cores
//! (one thread per core), puts the results back in input order and writes
//! them through the [`Store`] in batches, one transaction per batch, so a
//! killed ingest leaves every document wholly stored or not at all and the
//! same command run again completes it. [`reparse`] reads the stored
//! originals again with the current parser.
//!
//! Progress is reported through a callback ([`Event`]); this crate prints
//! nothing.

mod paths;
mod upload;

pub use paths::{Input, collect};
pub use upload::{Upload, ingest_upload};

use minutebook_record::Meeting;
use minutebook_store::compress::{Dictionary, Packer};
use minutebook_store::{NewDocument, Outcome, Reparsed, Store, StoreError, StoredSource};
use std::collections::{BTreeMap, HashSet};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Why an ingest stopped (per-document problems are not errors: they are
/// reported as [`FileResult::Failed`] and the ingest goes on).
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The archive failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A worker thread could not be started or stopped.
    #[error("worker thread: {0}")]
    Worker(String),
}

/// Where a meeting's authority comes from when the document does not say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum AuthorityHint {
    /// Nowhere: the gazetteer names the council when the minutes make it
    /// certain; other meetings are filed under `unknown-authority`.
    #[default]
    None,
    /// This authority, for every document.
    Fixed(String),
    /// The first directory below each directory given (the layout
    /// `minutebook synth` writes: `OUT/<authority>/<committee>/<date>.txt`).
    FromDirectory,
}

/// How to ingest.
#[derive(Debug, Clone)]
pub struct Options {
    /// Input limits (documents larger than `max_bytes` fail).
    pub limits: minutebook_parse::Limits,
    /// Documents per transaction.
    pub batch_size: usize,
    /// Parser threads; 0 means one per core.
    pub threads: usize,
    /// Commit at least this often, even with a part-filled batch.
    pub max_batch_delay: Duration,
    /// Authority for documents that name none.
    pub authority: AuthorityHint,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            limits: minutebook_parse::Limits::default(),
            batch_size: 500,
            threads: 0,
            max_batch_delay: Duration::from_secs(2),
            authority: AuthorityHint::None,
        }
    }
}

impl Options {
    fn thread_count(&self) -> usize {
        if self.threads > 0 {
            self.threads
        } else {
            std::thread::available_parallelism().map_or(2, usize::from)
        }
    }
}

/// What became of one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileResult {
    /// Stored (or found already stored).
    Stored {
        /// New, updated or unchanged.
        outcome: Outcome,
        /// The meeting it belongs to (unknown for files skipped as
        /// unchanged before parsing).
        meeting_id: Option<String>,
    },
    /// Not stored, and why (one line).
    Failed(String),
}

/// Progress, reported as it happens.
#[derive(Debug)]
pub enum Event<'a> {
    /// Work is about to start on `total` documents.
    Started {
        /// Documents to do.
        total: usize,
    },
    /// A document is done: committed, found unchanged, or failed.
    Done {
        /// The document.
        path: &'a Path,
        /// What became of it.
        result: &'a FileResult,
    },
}

/// One failed document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The document.
    pub path: PathBuf,
    /// Why, in one line.
    pub reason: String,
}

/// What an ingest (or re-parse) did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// New meetings.
    pub new: usize,
    /// New versions of stored meetings (or, for a re-parse, documents read
    /// again).
    pub updated: usize,
    /// Documents already stored.
    pub unchanged: usize,
    /// Documents that failed.
    pub failed: Vec<Failure>,
}

impl Summary {
    fn count(&mut self, path: &Path, result: &FileResult) {
        match result {
            FileResult::Stored { outcome, .. } => match outcome {
                Outcome::New => self.new += 1,
                Outcome::Updated => self.updated += 1,
                Outcome::Unchanged => self.unchanged += 1,
            },
            FileResult::Failed(reason) => self.failed.push(Failure {
                path: path.to_owned(),
                reason: reason.clone(),
            }),
        }
    }

    /// Documents done, of every outcome.
    pub fn total(&self) -> usize {
        self.new + self.updated + self.unchanged + self.failed.len()
    }
}

/// A document after the parser threads.
enum Prepared {
    Doc(Box<NewDocument>),
    Known,
    Failed(String),
}

/// Parses one document with the current parser, catching panics.
fn parse_guarded(bytes: &[u8], opts: &minutebook_parse::Options) -> Result<Meeting, String> {
    match std::panic::catch_unwind(AssertUnwindSafe(|| {
        minutebook_parse::parse_bytes(bytes, opts)
    })) {
        Ok(Ok(m)) => Ok(m),
        Ok(Err(e)) => Err(one_line(&e.to_string())),
        Err(_) => Err("the parser panicked on this document".into()),
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn prepare(
    input: &Input,
    opts: &Options,
    known: &HashSet<String>,
    packer: &mut Packer,
) -> Prepared {
    let bytes = match read_limited(&input.path, opts.limits.max_bytes) {
        Ok(b) => b,
        Err(e) => return Prepared::Failed(e),
    };
    if known.contains(&minutebook_store::sha256_hex(&bytes)) {
        return Prepared::Known;
    }
    let authority = match &opts.authority {
        AuthorityHint::None => None,
        AuthorityHint::Fixed(a) => Some(a.as_str()),
        AuthorityHint::FromDirectory => input.authority_dir.as_deref(),
    };
    let label = input.path.display().to_string();
    match document(&bytes, &label, authority, opts.limits, packer) {
        Ok(doc) => Prepared::Doc(Box::new(doc)),
        Err(e) => Prepared::Failed(e),
    }
}

/// Parses `bytes` (read from `label`) into a document to store, with
/// `authority` for a meeting whose document names none.
fn document(
    bytes: &[u8],
    label: &str,
    authority: Option<&str>,
    limits: minutebook_parse::Limits,
    packer: &mut Packer,
) -> Result<NewDocument, String> {
    let popts = minutebook_parse::Options {
        limits,
        path: Some(label.to_owned()),
    };
    let mut meeting = parse_guarded(bytes, &popts)?;
    if meeting.authority.is_none() {
        meeting.authority = authority.map(str::to_owned);
    }
    recognise_authority(&mut meeting);
    NewDocument::new(bytes, meeting, minutebook_parse::PARSER_VERSION, packer)
        .map_err(|e| one_line(&e.to_string()))
}

/// When neither the parser nor the user named the council, the gazetteer
/// names it if the minutes make it certain.
pub fn recognise_authority(meeting: &mut Meeting) {
    if meeting.authority.is_none() {
        meeting.authority = minutebook_gazetteer::Gazetteer::builtin()
            .recognise(meeting)
            .map(|r| r.name);
    }
}

fn read_limited(path: &Path, max: usize) -> Result<Vec<u8>, String> {
    let len = std::fs::metadata(path).map_err(|e| e.to_string())?.len();
    if usize::try_from(len).map_or(true, |l| l > max) {
        return Err(format!(
            "larger than the limit of {max} bytes ({len} bytes)"
        ));
    }
    std::fs::read(path).map_err(|e| e.to_string())
}

type Parsed = (usize, Prepared);

/// Starts the parser threads; they send `(index, result)` in any order.
fn spawn_parsers(
    inputs: Arc<Vec<Input>>,
    opts: &Options,
    known: Arc<HashSet<String>>,
    dictionary: Option<Arc<Dictionary>>,
    tx: tokio::sync::mpsc::Sender<Parsed>,
) -> Result<Vec<std::thread::JoinHandle<()>>, IngestError> {
    let next = Arc::new(AtomicUsize::new(0));
    (0..opts.thread_count())
        .map(|n| {
            let (inputs, known, next, tx) =
                (inputs.clone(), known.clone(), next.clone(), tx.clone());
            let opts = opts.clone();
            let mut packer = Packer::new(dictionary.as_deref())?;
            std::thread::Builder::new()
                .name(format!("minutebook-parse-{n}"))
                .spawn(move || {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(input) = inputs.get(i) else { break };
                        let p = prepare(input, &opts, &known, &mut packer);
                        if tx.blocking_send((i, p)).is_err() {
                            break;
                        }
                    }
                })
                .map_err(|e| IngestError::Worker(e.to_string()))
        })
        .collect()
}

/// Parses `inputs` in parallel and writes them through `store` in batches,
/// in input order. Reports each document through `on_event` once it is
/// committed (or has failed).
pub async fn ingest(
    store: &dyn Store,
    inputs: Vec<Input>,
    opts: &Options,
    on_event: &mut (dyn FnMut(Event<'_>) + Send),
) -> Result<Summary, IngestError> {
    on_event(Event::Started {
        total: inputs.len(),
    });
    let known = Arc::new(store.known_sources().await?);
    let dictionary = dictionary(store, &inputs).await?.map(Arc::new);
    let inputs = Arc::new(inputs);
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Parsed>(opts.batch_size.max(1) * 2);
    let workers = spawn_parsers(inputs.clone(), opts, known, dictionary, tx)?;
    let mut writer = Writer {
        store,
        inputs: &inputs,
        opts,
        summary: Summary::default(),
        pending: Vec::new(),
        last_flush: Instant::now(),
    };
    let mut reorder: BTreeMap<usize, Prepared> = BTreeMap::new();
    let mut next = 0;
    while let Some((i, p)) = rx.recv().await {
        reorder.insert(i, p);
        while let Some(p) = reorder.remove(&next) {
            writer.pending.push((next, p));
            next += 1;
        }
        if writer.due() {
            writer.flush(on_event).await?;
        }
    }
    writer.flush(on_event).await?;
    for w in workers {
        w.join()
            .map_err(|_| IngestError::Worker("a parser thread panicked".into()))?;
    }
    Ok(writer.summary)
}

/// Documents needed before a compression dictionary is trained.
const TRAIN_MIN: usize = 200;
/// Documents sampled, at most, to train it.
const TRAIN_SAMPLES: usize = 2000;
/// Bytes taken, at most, from each sample.
const TRAIN_SAMPLE_BYTES: usize = 64 * 1024;

/// The archive's compression dictionary. An archive without one gets one
/// trained on a sample of this ingest's new documents, when there are
/// enough; until then originals are compressed without.
async fn dictionary(
    store: &dyn Store,
    inputs: &[Input],
) -> Result<Option<Dictionary>, IngestError> {
    if let Some(d) = store.dictionary().await? {
        return Ok(Some(d));
    }
    if inputs.len() < TRAIN_MIN {
        return Ok(None);
    }
    let step = (inputs.len() / TRAIN_SAMPLES).max(1);
    let paths: Vec<PathBuf> = inputs
        .iter()
        .step_by(step)
        .map(|i| i.path.clone())
        .collect();
    let trained = tokio::task::spawn_blocking(move || {
        let samples: Vec<Vec<u8>> = paths
            .iter()
            .filter_map(|p| std::fs::read(p).ok())
            .map(|mut b| {
                b.truncate(TRAIN_SAMPLE_BYTES);
                b
            })
            .collect();
        (samples.len() >= TRAIN_MIN)
            .then(|| minutebook_store::compress::train(&samples))
            .flatten()
    })
    .await
    .map_err(|e| IngestError::Worker(e.to_string()))?;
    let Some(bytes) = trained else {
        return Ok(None);
    };
    let id = store.add_dictionary(&bytes).await?;
    Ok(Some(Dictionary { id, bytes }))
}

/// Collects ordered results and commits them in batches.
struct Writer<'a> {
    store: &'a dyn Store,
    inputs: &'a [Input],
    opts: &'a Options,
    summary: Summary,
    pending: Vec<(usize, Prepared)>,
    last_flush: Instant,
}

impl Writer<'_> {
    fn due(&self) -> bool {
        let docs = self
            .pending
            .iter()
            .filter(|(_, p)| matches!(p, Prepared::Doc(_)))
            .count();
        docs >= self.opts.batch_size
            || (!self.pending.is_empty() && self.last_flush.elapsed() >= self.opts.max_batch_delay)
    }

    async fn flush(
        &mut self,
        on_event: &mut (dyn FnMut(Event<'_>) + Send),
    ) -> Result<(), IngestError> {
        self.last_flush = Instant::now();
        if self.pending.is_empty() {
            return Ok(());
        }
        let pending = std::mem::take(&mut self.pending);
        let mut results: Vec<(usize, FileResult)> = Vec::with_capacity(pending.len());
        let mut docs = Vec::new();
        let mut slots = Vec::new();
        for (i, p) in pending {
            let r = match p {
                Prepared::Doc(d) => {
                    slots.push(results.len());
                    docs.push(*d);
                    FileResult::Failed("not written".into())
                }
                Prepared::Known => FileResult::Stored {
                    outcome: Outcome::Unchanged,
                    meeting_id: None,
                },
                Prepared::Failed(e) => FileResult::Failed(e),
            };
            results.push((i, r));
        }
        let written = write_all_or_each(self.store, docs).await?;
        for (slot, r) in slots.into_iter().zip(written) {
            results[slot].1 = r;
        }
        for (i, r) in &results {
            let path = self
                .inputs
                .get(*i)
                .map_or(Path::new(""), |x| x.path.as_path());
            self.summary.count(path, r);
            on_event(Event::Done { path, result: r });
        }
        Ok(())
    }
}

/// Writes a batch in one transaction. If the database refuses it, writes
/// the documents one by one so that only the offending ones fail; if every
/// one fails, the database itself is at fault and the error is returned.
async fn write_all_or_each(
    store: &dyn Store,
    docs: Vec<NewDocument>,
) -> Result<Vec<FileResult>, IngestError> {
    if docs.is_empty() {
        return Ok(Vec::new());
    }
    let stored = |w: minutebook_store::Written| FileResult::Stored {
        outcome: w.outcome,
        meeting_id: w.meeting_id,
    };
    let first_error = match store.write_batch(&docs).await {
        Ok(written) => return Ok(written.into_iter().map(stored).collect()),
        Err(e) => e,
    };
    if docs.len() == 1 {
        return Err(first_error.into());
    }
    let mut out = Vec::with_capacity(docs.len());
    let mut any_ok = false;
    for doc in docs.chunks(1) {
        match store.write_batch(doc).await {
            Ok(mut w) => {
                any_ok = true;
                out.push(
                    w.pop()
                        .map_or(FileResult::Failed("not written".into()), stored),
                );
            }
            Err(e) => out.push(FileResult::Failed(one_line(&e.to_string()))),
        }
    }
    if any_ok {
        Ok(out)
    } else {
        Err(first_error.into())
    }
}

/// How to re-parse.
#[derive(Debug, Clone)]
pub struct ReparseOptions {
    /// Re-parse every stored original, not only those read by another
    /// parser version.
    pub all: bool,
    /// Originals per transaction.
    pub batch_size: u32,
    /// Parser threads; 0 means one per core.
    pub threads: usize,
}

impl Default for ReparseOptions {
    fn default() -> Self {
        Self {
            all: false,
            batch_size: 200,
            threads: 0,
        }
    }
}

/// Re-parses stored originals with the current parser, keeping every
/// identifier: the rows of each meeting's current version are rebuilt; older
/// versions only have their parser version updated. A document the parser
/// now rejects keeps its rows and is reported as failed. Counts re-parsed
/// documents as `updated`.
pub async fn reparse(
    store: &dyn Store,
    opts: &ReparseOptions,
    on_event: &mut (dyn FnMut(Event<'_>) + Send),
) -> Result<Summary, IngestError> {
    let total = usize::try_from(store.counts().await?.sources).unwrap_or(0);
    on_event(Event::Started { total });
    let stale = (!opts.all).then_some(minutebook_parse::PARSER_VERSION);
    let threads = Options {
        threads: opts.threads,
        ..Options::default()
    }
    .thread_count();
    let mut summary = Summary::default();
    let mut after: Option<String> = None;
    loop {
        let page = store
            .sources_page(after.as_deref(), opts.batch_size.max(1), stale)
            .await?;
        let Some(last) = page.last() else { break };
        after = Some(last.sha256.clone());
        let results = tokio::task::spawn_blocking(move || reparse_page(page, threads))
            .await
            .map_err(|e| IngestError::Worker(e.to_string()))?;
        let batch: Vec<Reparsed> = results.iter().filter_map(|r| r.1.clone().ok()).collect();
        store.apply_reparse(batch).await?;
        for (path, r) in &results {
            let result = match r {
                Ok(rp) => FileResult::Stored {
                    outcome: Outcome::Updated,
                    meeting_id: Some(rp.meeting_id.clone()),
                },
                Err(e) => FileResult::Failed(e.clone()),
            };
            summary.count(path, &result);
            on_event(Event::Done {
                path,
                result: &result,
            });
        }
    }
    Ok(summary)
}

type ReparseResult = (PathBuf, Result<Reparsed, String>);

fn reparse_page(page: Vec<StoredSource>, threads: usize) -> Vec<ReparseResult> {
    let next = AtomicUsize::new(0);
    let mut out: Vec<(usize, ReparseResult)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads.max(1))
            .map(|_| {
                s.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(src) = page.get(i) else { break };
                        mine.push((i, reparse_one(src)));
                    }
                    mine
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    out.sort_by_key(|(i, _)| *i);
    out.into_iter().map(|(_, r)| r).collect()
}

fn reparse_one(src: &StoredSource) -> ReparseResult {
    let label = src
        .path
        .clone()
        .unwrap_or_else(|| format!("sha256:{}", src.sha256));
    let path = PathBuf::from(&label);
    let Some(meeting_id) = src.meeting_id.clone() else {
        return (path, Err("stored original without a meeting".into()));
    };
    let mut limits = minutebook_parse::Limits::default();
    limits.max_bytes = limits.max_bytes.max(src.bytes.len());
    let opts = minutebook_parse::Options {
        limits,
        path: src.path.clone(),
    };
    let result = parse_guarded(&src.bytes, &opts).map(|mut meeting| {
        if meeting.authority.is_none() {
            meeting.authority.clone_from(&src.authority);
        }
        recognise_authority(&mut meeting);
        meeting.source.sha256 = Some(src.sha256.clone());
        Reparsed {
            sha256: src.sha256.clone(),
            meeting_id,
            current: src.current,
            parser_version: minutebook_parse::PARSER_VERSION.to_owned(),
            meeting,
        }
    });
    (path, result)
}
