//! Expanding the paths given to `ingest` into documents.

use crate::Failure;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Extensions taken from directories (files named explicitly are always
/// taken; the format is detected from the content).
const EXTENSIONS: [&str; 6] = ["txt", "text", "htm", "html", "xhtml", "pdf"];

/// One document to ingest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// Its path.
    pub path: PathBuf,
    /// For a file found under a directory given: the name of the first
    /// directory below it (see [`crate::AuthorityHint::FromDirectory`]).
    pub authority_dir: Option<String>,
}

fn is_glob(s: &str) -> bool {
    s.contains(['*', '?', '['])
}

fn wanted(path: &Path) -> bool {
    let hidden = path
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'));
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    !hidden && ext.is_some_and(|e| EXTENSIONS.contains(&e.as_str()))
}

/// Expands files, directories (recursively; hidden entries skipped; files
/// with a minutes extension: txt, text, htm, html, xhtml, pdf) and glob
/// patterns into documents, each once, sorted within each argument. Paths
/// that do not exist and patterns that match nothing are returned as
/// failures.
pub fn collect(args: &[PathBuf]) -> (Vec<Input>, Vec<Failure>) {
    let mut inputs = Vec::new();
    let mut failures = Vec::new();
    let mut seen = HashSet::new();
    for arg in args {
        let mut found = Vec::new();
        let text = arg.to_string_lossy();
        if arg.is_dir() {
            walk(arg, &mut found, &mut failures);
        } else if arg.exists() {
            found.push(Input {
                path: arg.clone(),
                authority_dir: None,
            });
        } else if is_glob(&text) {
            glob_into(&text, arg, &mut found, &mut failures);
        } else {
            failures.push(Failure {
                path: arg.clone(),
                reason: "no such file or directory".into(),
            });
        }
        found.sort_by(|a, b| a.path.cmp(&b.path));
        inputs.extend(found.into_iter().filter(|i| seen.insert(i.path.clone())));
    }
    (inputs, failures)
}

fn walk(root: &Path, found: &mut Vec<Input>, failures: &mut Vec<Failure>) {
    let entries = walkdir::WalkDir::new(root)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in entries {
        match entry {
            Ok(e) if e.file_type().is_file() && wanted(e.path()) => {
                let authority_dir = e
                    .path()
                    .strip_prefix(root)
                    .ok()
                    .and_then(|rel| {
                        let mut parts = rel.components();
                        let first = parts.next()?;
                        parts.next()?;
                        Some(first.as_os_str().to_string_lossy().into_owned())
                    })
                    .or_else(|| {
                        root.canonicalize()
                            .ok()?
                            .file_name()
                            .map(|n| n.to_string_lossy().into_owned())
                    });
                found.push(Input {
                    path: e.into_path(),
                    authority_dir,
                });
            }
            Ok(_) => {}
            Err(err) => failures.push(Failure {
                path: err.path().map_or_else(|| root.to_owned(), Path::to_owned),
                reason: err.to_string(),
            }),
        }
    }
}

fn glob_into(pattern: &str, arg: &Path, found: &mut Vec<Input>, failures: &mut Vec<Failure>) {
    let paths = match glob::glob(pattern) {
        Ok(p) => p,
        Err(e) => {
            failures.push(Failure {
                path: arg.to_owned(),
                reason: format!("bad pattern: {e}"),
            });
            return;
        }
    };
    let before = found.len();
    for p in paths {
        match p {
            Ok(path) if path.is_dir() => walk(&path, found, failures),
            Ok(path) => found.push(Input {
                path,
                authority_dir: None,
            }),
            Err(e) => failures.push(Failure {
                path: e.path().to_owned(),
                reason: e.error().to_string(),
            }),
        }
    }
    if found.len() == before {
        failures.push(Failure {
            path: arg.to_owned(),
            reason: "no files match this pattern".into(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directories_keep_minutes_files_only() {
        assert!(wanted(Path::new("a/2024-01-01.txt")));
        assert!(wanted(Path::new("a/page.HTML")));
        assert!(!wanted(Path::new("a/2024-01-01.expected.json")));
        assert!(!wanted(Path::new("a/.hidden.txt")));
    }
}
