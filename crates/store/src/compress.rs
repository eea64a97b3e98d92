//! Compression of stored originals: zstd (level 3), with a dictionary
//! trained on the archive's own documents when there is one.
//!
//! Minutes share a lot of boilerplate, and most are small: on synthetic
//! ModernGov text of about 2.5 kB a document, plain zstd keeps about 45% of
//! the bytes, zstd with a 64 KiB trained dictionary about 15% (see
//! `docs/archive.md`). A dictionary is stored once, in the archive; each
//! source records which one (if any) it was compressed with.

use crate::{Result, StoreError};
use std::io::Read;

/// The name stored in `sources.compression`.
pub const METHOD: &str = "zstd";

/// The zstd level used. Level 3 is zstd's default; higher levels gained
/// little on minutes text and cost ingest speed.
pub const LEVEL: i32 = 3;

/// The size of trained dictionaries.
pub const DICTIONARY_SIZE: usize = 64 * 1024;

/// A stored compression dictionary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dictionary {
    /// Its identifier in the archive.
    pub id: i64,
    /// The zstd dictionary.
    pub bytes: Vec<u8>,
}

/// Compresses originals (one per thread: it keeps zstd's state).
pub struct Packer {
    dictionary_id: Option<i64>,
    inner: zstd::bulk::Compressor<'static>,
}

impl std::fmt::Debug for Packer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Packer")
            .field("dictionary_id", &self.dictionary_id)
            .finish_non_exhaustive()
    }
}

impl Packer {
    /// Compresses with `dictionary`, or plain zstd without one.
    pub fn new(dictionary: Option<&Dictionary>) -> Result<Self> {
        let inner = match dictionary {
            Some(d) => zstd::bulk::Compressor::with_dictionary(LEVEL, &d.bytes),
            None => zstd::bulk::Compressor::new(LEVEL),
        }
        .map_err(StoreError::Compression)?;
        Ok(Self {
            dictionary_id: dictionary.map(|d| d.id),
            inner,
        })
    }

    /// Plain zstd.
    pub fn plain() -> Result<Self> {
        Self::new(None)
    }

    /// The dictionary this packer uses.
    pub fn dictionary_id(&self) -> Option<i64> {
        self.dictionary_id
    }

    /// Compresses an original.
    pub fn pack(&mut self, bytes: &[u8]) -> Result<Vec<u8>> {
        self.inner.compress(bytes).map_err(StoreError::Compression)
    }
}

/// Compresses an original with plain zstd.
pub fn compress(bytes: &[u8]) -> Result<Vec<u8>> {
    zstd::bulk::compress(bytes, LEVEL).map_err(StoreError::Compression)
}

/// Decompresses an original, with the dictionary it was packed with.
pub fn decompress(bytes: &[u8], dictionary: Option<&[u8]>) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    match dictionary {
        Some(d) => zstd::stream::Decoder::with_dictionary(bytes, d)
            .and_then(|mut r| r.read_to_end(&mut out))
            .map_err(StoreError::Compression)?,
        None => zstd::stream::Decoder::new(bytes)
            .and_then(|mut r| r.read_to_end(&mut out))
            .map_err(StoreError::Compression)?,
    };
    Ok(out)
}

/// Trains a dictionary on sample documents; `None` when zstd finds too
/// little to learn from.
pub fn train(samples: &[Vec<u8>]) -> Option<Vec<u8>> {
    zstd::dict::from_samples(samples, DICTIONARY_SIZE).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() -> Result<()> {
        let text = "Minutes of the Audit Committee\n".repeat(100);
        let packed = compress(text.as_bytes())?;
        assert!(packed.len() < text.len() / 4);
        assert_eq!(decompress(&packed, None)?, text.as_bytes());
        Ok(())
    }

    #[test]
    fn dictionaries_shrink_small_documents() -> Result<()> {
        let doc = |i: usize| {
            format!(
                "Agenda and minutes\n\nCommittee {i} - Monday {} May 2024\n\nVenue: Council Chamber\n\n\
                 RESOLVED: That the report on item {} be noted and the work programme agreed.\n",
                i % 28 + 1,
                i * 7
            )
            .into_bytes()
        };
        let samples: Vec<Vec<u8>> = (0..400).map(doc).collect();
        let Some(bytes) = train(&samples) else {
            panic!("training failed")
        };
        let dict = Dictionary { id: 1, bytes };
        let mut packer = Packer::new(Some(&dict))?;
        let original = doc(1000);
        let packed = packer.pack(&original)?;
        assert!(packed.len() < compress(&original)?.len());
        assert_eq!(decompress(&packed, Some(&dict.bytes))?, original);
        Ok(())
    }
}
