//! The browser's clock, CSPRNG and page: small wrappers the rest of the app uses.

use samtycke_visitor::Language;
use time::OffsetDateTime;
use wasm_bindgen::{JsCast, JsValue};

/// The browser's current time.
pub fn now() -> OffsetDateTime {
    samtycke_visitor::instant::from_unix_millis(js_sys::Date::now())
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

/// The language to show among `offered`: the visitor's own earlier choice, else the first of
/// the browser's languages (`navigator.languages`) on offer, else the page's `<html lang>`,
/// else `default`.
pub fn initial_language(
    chosen: Option<Language>,
    offered: &[Language],
    default: Language,
) -> Language {
    if let Some(chosen) = chosen.filter(|l| offered.contains(l)) {
        return chosen;
    }
    let window = web_sys::window();
    let mut preferences: Vec<String> = window
        .as_ref()
        .map(|w| {
            w.navigator()
                .languages()
                .iter()
                .filter_map(|v| v.as_string())
                .collect()
        })
        .unwrap_or_default();
    if let Some(page) = window
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|e| e.get_attribute("lang"))
    {
        preferences.push(page);
    }
    samtycke_visitor::language::choose(preferences.iter().map(String::as_str), offered, default)
}

/// The page's path and query (where the no-JavaScript form returns to).
pub fn path_and_query() -> String {
    web_sys::window()
        .map(|w| {
            let location = w.location();
            format!(
                "{}{}",
                location.pathname().unwrap_or_else(|_| "/".into()),
                location.search().unwrap_or_default()
            )
        })
        .unwrap_or_else(|| "/".into())
}

/// Load the page again (a decision the page's policy predates takes effect).
pub fn reload() {
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}

/// The page's host name.
pub fn host() -> String {
    web_sys::window()
        .and_then(|w| w.location().hostname().ok())
        .unwrap_or_default()
}

/// Let the browser save `content` as a file named `filename` of media type `mime`.
pub fn offer_download(content: &str, filename: &str, mime: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let parts = js_sys::Array::of1(&content.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Ok(a) = document.create_element("a")
        && let Ok(a) = a.dyn_into::<web_sys::HtmlAnchorElement>()
    {
        a.set_href(&url);
        a.set_download(filename);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// The elements a `query_selector_all` found (none if the selector was refused), as a list.
pub fn elements(found: Result<web_sys::NodeList, JsValue>) -> Vec<web_sys::Element> {
    let Ok(list) = found else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|node| node.dyn_into().ok())
        .collect()
}
