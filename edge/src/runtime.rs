//! The few things the Worker runtime provides that the domain must not reach for itself:
//! the clock and fresh random identifiers.

use time::OffsetDateTime;
use wasm_bindgen::JsCast;

/// The current time, from the runtime's clock.
pub(crate) fn now() -> OffsetDateTime {
    samtycke_visitor::instant::from_unix_millis(js_sys::Date::now())
}

/// A random UUID (v4) from the runtime's CSPRNG.
pub(crate) fn random_uuid() -> String {
    js_sys::global()
        .unchecked_into::<web_sys::WorkerGlobalScope>()
        .crypto()
        .map(|c| c.random_uuid())
        .unwrap_or_default()
}

/// The current time in Unix milliseconds.
pub(crate) fn now_millis() -> i64 {
    js_sys::Date::now() as i64
}

/// The current time in Unix seconds.
pub(crate) fn now_secs() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// `N` random bytes from the runtime's CSPRNG.
pub(crate) fn random_bytes<const N: usize>() -> Result<[u8; N], crate::error::ApiError> {
    let mut bytes = [0u8; N];
    js_sys::global()
        .unchecked_into::<web_sys::WorkerGlobalScope>()
        .crypto()
        .and_then(|c| c.get_random_values_with_u8_array(&mut bytes))
        .map_err(|_| {
            crate::error::ApiError::Internal("no random numbers from the runtime".into())
        })?;
    Ok(bytes)
}
