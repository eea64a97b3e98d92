//! One document given as bytes rather than a path: an upload through the
//! web API. Parsed and stored exactly as [`crate::ingest`] would a file.

use crate::{FileResult, IngestError, document, write_all_or_each};
use minutebook_store::Store;
use minutebook_store::compress::Packer;

/// A document uploaded for ingest.
#[derive(Debug, Clone)]
pub struct Upload {
    /// A name for it (a file name), recorded as the source's path.
    pub name: String,
    /// The document's bytes.
    pub bytes: Vec<u8>,
    /// Authority for a meeting whose document names none.
    pub authority: Option<String>,
}

/// Parses `upload` (on a blocking thread: parsing is CPU work) and stores
/// it in one transaction. A document that cannot be parsed, or is larger
/// than `limits.max_bytes`, is [`FileResult::Failed`] with a one-line
/// reason; only a failing archive is an error.
pub async fn ingest_upload(
    store: &dyn Store,
    upload: Upload,
    limits: minutebook_parse::Limits,
) -> Result<FileResult, IngestError> {
    if upload.bytes.len() > limits.max_bytes {
        return Ok(FileResult::Failed(format!(
            "larger than the limit of {} bytes ({} bytes)",
            limits.max_bytes,
            upload.bytes.len()
        )));
    }
    let dictionary = store.dictionary().await?;
    let parsed = tokio::task::spawn_blocking(move || {
        let mut packer = Packer::new(dictionary.as_ref())?;
        Ok::<_, IngestError>(document(
            &upload.bytes,
            &upload.name,
            upload.authority.as_deref(),
            limits,
            &mut packer,
        ))
    })
    .await
    .map_err(|e| IngestError::Worker(e.to_string()))??;
    match parsed {
        Ok(doc) => Ok(write_all_or_each(store, vec![doc])
            .await?
            .pop()
            .unwrap_or_else(|| FileResult::Failed("not written".into()))),
        Err(reason) => Ok(FileResult::Failed(reason)),
    }
}
