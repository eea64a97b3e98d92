//! Writing a corpus to disk: one worker per core over councils, each
//! committee generated, written and dropped in turn so memory stays bounded.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::council;
use crate::generate::CommitteeRun;
use crate::render::render;
use crate::{SynthConfig, SynthError};

/// Counts of what [`write_corpus`] wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Councils generated.
    pub councils: usize,
    /// Committees generated.
    pub committees: usize,
    /// Committees renamed during the span.
    pub renamed_committees: usize,
    /// Meetings generated.
    pub meetings: usize,
    /// Documents written (meetings × formats).
    pub documents: usize,
    /// Actions raised.
    pub actions: usize,
    /// Bytes of documents written (expected records and histories excluded).
    pub document_bytes: u64,
    /// Bytes of everything written.
    pub total_bytes: u64,
}

impl Summary {
    fn add(&mut self, o: &Summary) {
        self.councils += o.councils;
        self.committees += o.committees;
        self.renamed_committees += o.renamed_committees;
        self.meetings += o.meetings;
        self.documents += o.documents;
        self.actions += o.actions;
        self.document_bytes += o.document_bytes;
        self.total_bytes += o.total_bytes;
    }
}

/// Writes the corpus `cfg` describes under `out`:
///
/// ```text
/// out/<council-slug>/<committee-slug>/<NAME>.<ext>            the document
/// out/<council-slug>/<committee-slug>/<NAME>.expected.json    its true record
/// out/<council-slug>/<committee-slug>/history.json            actions across meetings
/// ```
///
/// `NAME` is the meeting date (`2023-01-31`) when one format is asked for,
/// and `<date>-<format>` (`2023-01-31-pdf-text`) when several are, so every
/// expected record pairs with exactly one document. Output is identical for
/// the same configuration whatever the number of cores.
pub fn write_corpus(cfg: &SynthConfig, out: &Path) -> Result<Summary, SynthError> {
    cfg.check()?;
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(cfg.councils.max(1));
    let next = AtomicUsize::new(0);
    let results: Vec<Result<Summary, SynthError>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                s.spawn(|| {
                    let mut total = Summary::default();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= cfg.councils {
                            return Ok(total);
                        }
                        total.add(&write_council(cfg, i, out)?);
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(SynthError::Config("a worker panicked".into())))
            })
            .collect()
    });
    let mut total = Summary::default();
    for r in results {
        total.add(&r?);
    }
    Ok(total)
}

fn write_council(cfg: &SynthConfig, index: usize, out: &Path) -> Result<Summary, SynthError> {
    let c = Arc::new(council::council(cfg.seed, index, cfg.start_year, cfg.years));
    let mut sum = Summary {
        councils: 1,
        ..Summary::default()
    };
    for k in 0..c.committees.len() {
        let dir = out.join(&c.slug).join(&c.committees[k].slug);
        fs::create_dir_all(&dir).map_err(|e| io(&dir, e))?;
        sum.committees += 1;
        sum.renamed_committees += usize::from(c.committees[k].names.len() > 1);
        let mut run = CommitteeRun::new(Arc::clone(&c), k, cfg.start_year, cfg.years);
        for g in run.by_ref() {
            sum.meetings += 1;
            sum.actions += g.actions.len();
            for &format in &cfg.formats {
                let r = render(&g.meeting, format, g.style_seed);
                let date = g.meeting.date.as_deref().unwrap_or("undated");
                let name = if cfg.formats.len() == 1 {
                    date.to_string()
                } else {
                    format!("{date}-{}", format.short())
                };
                let doc = dir.join(format!("{name}.{}", format.extension()));
                let mut expected = r.expected;
                expected.source.path = Some(relative(out, &doc));
                // Compact: expected records are most of the bytes written at scale.
                let json = serde_json::to_vec(&expected)?;
                write(&doc, &r.bytes)?;
                write(&dir.join(format!("{name}.expected.json")), &json)?;
                sum.documents += 1;
                sum.document_bytes += r.bytes.len() as u64;
                sum.total_bytes += (r.bytes.len() + json.len()) as u64;
            }
        }
        let history = serde_json::to_vec_pretty(&run.history())?;
        write(&dir.join("history.json"), &history)?;
        sum.total_bytes += history.len() as u64;
    }
    Ok(sum)
}

fn relative(root: &Path, p: &Path) -> String {
    p.strip_prefix(root)
        .unwrap_or(p)
        .to_string_lossy()
        .into_owned()
}

fn write(path: &PathBuf, bytes: &[u8]) -> Result<(), SynthError> {
    fs::write(path, bytes).map_err(|e| io(path, e))
}

fn io(path: &Path, source: std::io::Error) -> SynthError {
    SynthError::Io {
        path: path.display().to_string(),
        source,
    }
}
