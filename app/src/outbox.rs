//! The receipt outbox: decisions wait in localStorage until the edge has recorded them,
//! retried with backoff and an idempotency key, so nothing decided offline is lost.

use std::cell::Cell;

use gloo_storage::{LocalStorage, Storage};
use leptos::task::spawn_local;
use samtycke_wire::ReceiptRequest;
use serde::{Deserialize, Serialize};

use crate::api::{self, ApiError};
use crate::{browser, storage};

/// localStorage key of the queue.
pub use samtycke_visitor::own_storage::OUTBOX_KEY;

/// Longest wait between retries.
const MAX_BACKOFF_MS: u32 = 60_000;

/// One decision waiting for its receipt.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Pending {
    /// Sent as `Idempotency-Key`, so a retry never records twice.
    pub key: String,
    /// The request to send; its chain link is filled in when it is sent.
    pub request: ReceiptRequest,
}

thread_local! {
    static FLUSHING: Cell<bool> = const { Cell::new(false) };
    static ATTEMPT: Cell<u32> = const { Cell::new(0) };
}

/// The queue, oldest first.
pub fn pending() -> Vec<Pending> {
    LocalStorage::get(OUTBOX_KEY).unwrap_or_default()
}

fn save(queue: &[Pending]) {
    let _ = LocalStorage::set(OUTBOX_KEY, queue);
}

/// Queue a request and start delivering.
pub fn enqueue(request: ReceiptRequest) {
    let mut queue = pending();
    queue.push(Pending {
        key: browser::random_uuid(),
        request,
    });
    save(&queue);
    flush();
}

/// Deliver the queue in order unless a delivery is already under way.
pub fn flush() {
    if FLUSHING.with(|f| f.replace(true)) {
        return;
    }
    spawn_local(async {
        let retry = deliver_all().await;
        FLUSHING.with(|f| f.set(false));
        if retry {
            let attempt = ATTEMPT.with(|a| {
                let n = a.get().saturating_add(1);
                a.set(n);
                n
            });
            let delay = 1_000u32
                .saturating_mul(1 << attempt.min(6))
                .min(MAX_BACKOFF_MS);
            gloo_timers::future::TimeoutFuture::new(delay).await;
            flush();
        } else {
            ATTEMPT.with(|a| a.set(0));
        }
    });
}

/// Send until the queue is empty (`false`) or the edge is unreachable (`true`: retry later).
async fn deliver_all() -> bool {
    loop {
        let Some(mut first) = pending().into_iter().next() else {
            return false;
        };
        first.request.previous_receipt_id = storage::last_receipt();
        match api::post_receipt(&first.request, &first.key).await {
            Ok(receipt_id) => storage::remember_receipt(&receipt_id),
            Err(ApiError::Status { status, body })
                if (400..500).contains(&status) && status != 429 =>
            {
                // The edge refuses it for good (e.g. the configuration changed): drop it.
                leptos::logging::warn!("samtycke: receipt refused ({status}): {body}");
            }
            Err(e) => {
                leptos::logging::warn!("samtycke: receipt not delivered yet: {e}");
                return true;
            }
        }
        // Re-read: another tab may have changed the queue meanwhile.
        let mut queue = pending();
        queue.retain(|p| p.key != first.key);
        save(&queue);
    }
}
