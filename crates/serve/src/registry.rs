//! Keeping the API registry (created/modified times, deleted items; see
//! `minutebook_store::browse`) up to date with the archive's change feed:
//! on start, after an upload, and every few seconds for ingests by other
//! processes.

use minutebook_store::Archive;
use minutebook_store::StoreError;
use std::sync::Arc;
use std::time::Duration;

/// Change-feed entries per registry transaction.
const BATCH: u32 = 500;

/// Brings the registry up to date; returns the entries dealt with.
pub async fn catch_up(archive: &dyn Archive) -> Result<usize, StoreError> {
    let mut total = 0;
    loop {
        let r = archive.sync_registry(BATCH).await?;
        if r.changes == 0 {
            return Ok(total);
        }
        total += r.changes;
    }
}

/// Catches up every `interval`, until the runtime stops. Failures are
/// logged and tried again next time.
pub fn follow(archive: Arc<dyn Archive>, interval: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(interval).await;
            match catch_up(archive.as_ref()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(changes = n, "API registry caught up"),
                Err(e) => tracing::warn!(error = %e, "API registry could not catch up"),
            }
        }
    })
}
