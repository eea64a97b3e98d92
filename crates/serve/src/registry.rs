//! Following the archive's change feed: keeping the API registry
//! (created/modified times, deleted items; see `minutebook_store::browse`)
//! up to date on start, after an upload and every few seconds for ingests
//! by other processes, and dropping what the committee index holds of
//! changed committees.

use crate::state::AppState;
use minutebook_store::Archive;
use minutebook_store::StoreError;

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

/// Every `registry_interval`, until the runtime stops: brings the
/// registry up to date and drops the committee index's entries of the
/// committees whose meetings changed. Failures are logged and tried again
/// next time.
pub fn follow(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let archive = state.archive.as_ref();
        let mut seen = archive.last_change().await.unwrap_or(0);
        loop {
            tokio::time::sleep(state.config.registry_interval).await;
            match catch_up(archive).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(changes = n, "API registry caught up"),
                Err(e) => tracing::warn!(error = %e, "API registry could not catch up"),
            }
            match forget_changed(&state, seen).await {
                Ok(s) => seen = s,
                Err(e) => tracing::warn!(error = %e, "could not read the change feed"),
            }
        }
    })
}

/// Drops the committee index's entries changed after `seen`; returns the
/// feed's position reached.
async fn forget_changed(state: &AppState, mut seen: i64) -> Result<i64, StoreError> {
    loop {
        let changes = state.archive.changes_since(seen, BATCH).await?;
        let Some(last) = changes.last() else {
            return Ok(seen);
        };
        seen = last.seq;
        for c in &changes {
            state.committees.forget(&c.committee_id);
        }
    }
}
