//! The few things the Worker runtime provides that the domain must not reach for itself:
//! the clock and fresh random identifiers.

use time::OffsetDateTime;
use wasm_bindgen::JsCast;

/// The current time, from the runtime's clock.
pub(crate) fn now() -> OffsetDateTime {
    let millis = js_sys::Date::now() as i128;
    OffsetDateTime::from_unix_timestamp_nanos(millis * 1_000_000)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// A random UUID (v4) from the runtime's CSPRNG.
pub(crate) fn random_uuid() -> String {
    js_sys::global()
        .unchecked_into::<web_sys::WorkerGlobalScope>()
        .crypto()
        .map(|c| c.random_uuid())
        .unwrap_or_default()
}

/// Milliseconds since the Unix epoch, as stored in D1.
pub(crate) fn unix_millis(at: OffsetDateTime) -> f64 {
    (at.unix_timestamp_nanos() / 1_000_000) as f64
}
