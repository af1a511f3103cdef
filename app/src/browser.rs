//! The browser's clock, CSPRNG and page: small wrappers the rest of the app uses.

use consent::Language;
use time::OffsetDateTime;
use wasm_bindgen::JsValue;

/// The browser's current time.
pub fn now() -> OffsetDateTime {
    consent::instant::from_unix_millis(js_sys::Date::now())
}

/// A random UUID from the browser's CSPRNG.
pub fn random_uuid() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_default()
}

/// Whether the browser sends Global Privacy Control (`navigator.globalPrivacyControl`).
pub fn global_privacy_control() -> bool {
    web_sys::window()
        .and_then(|w| {
            js_sys::Reflect::get(&w.navigator(), &JsValue::from_str("globalPrivacyControl")).ok()
        })
        .is_some_and(|v| v.is_truthy())
}

/// The language of the page (`<html lang>`): English for `en…`, else Swedish.
pub fn page_language() -> Language {
    let lang = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|e| e.get_attribute("lang"))
        .unwrap_or_default();
    if lang.starts_with("en") {
        Language::En
    } else {
        Language::Sv
    }
}

/// The page's host name.
pub fn host() -> String {
    web_sys::window()
        .and_then(|w| w.location().hostname().ok())
        .unwrap_or_default()
}
