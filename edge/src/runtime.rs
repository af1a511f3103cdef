//! The few things the Worker runtime provides that the domain must not reach for itself:
//! the clock and fresh random identifiers.

use time::OffsetDateTime;
use wasm_bindgen::JsCast;

/// The current time, from the runtime's clock.
pub(crate) fn now() -> OffsetDateTime {
    consent::instant::from_unix_millis(js_sys::Date::now())
}

/// A random UUID (v4) from the runtime's CSPRNG.
pub(crate) fn random_uuid() -> String {
    js_sys::global()
        .unchecked_into::<web_sys::WorkerGlobalScope>()
        .crypto()
        .map(|c| c.random_uuid())
        .unwrap_or_default()
}
