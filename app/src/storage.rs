//! What the app keeps on the visitor's device: the decision (localStorage and the consent
//! cookie the edge reads), the visitor key, receipt ids and the language preference.

use gloo_storage::{LocalStorage, Storage};
use samtycke_visitor::{Decision, Language, SiteConfig};
use time::OffsetDateTime;
use wasm_bindgen::JsCast;

/// The localStorage keys: the current decision; the visitor's secret key
/// ([`samtycke_visitor::visitor_key`]), which records receipts and reads their history (receipts carry
/// only the subject derived from it); the ids of the receipts the edge issued to this
/// visitor, oldest first; the visitor's language choice. Named in [`samtycke_visitor::own_storage`]
/// with Samtycke's other cookies and keys, so that the scanner knows them too.
pub use samtycke_visitor::own_storage::{DECISION_KEY, LANGUAGE_KEY, RECEIPTS_KEY, VISITOR_KEY};

/// The stored decision if it still answers the configuration; `None` means ask. The later
/// of localStorage's and the cookie's (which the no-JavaScript form, a placeholder's "always
/// allow" or another tab may have set).
pub fn load_decision(config: &SiteConfig, now: OffsetDateTime) -> Option<Decision> {
    let from_local = LocalStorage::raw()
        .get_item(DECISION_KEY)
        .ok()
        .flatten()
        .and_then(|raw| Decision::from_stored(&raw, config, now));
    let from_cookie = html_document()
        .and_then(|d| d.cookie().ok())
        .and_then(|cookies| Decision::from_cookies(&cookies, config, now));
    Decision::latest(from_local, from_cookie)
}

/// Store the decision in localStorage and in the consent cookie.
pub fn save_decision(decision: &Decision, config: &SiteConfig) {
    if let Err(e) = LocalStorage::set(DECISION_KEY, decision) {
        leptos::logging::warn!("samtycke: could not store the decision: {e}");
    }
    set_cookie(&decision.cookie_assignment(config, crate::browser::now()));
}

/// The visitor key, created on first use.
pub fn visitor_key() -> String {
    if let Some(key) = existing_visitor_key() {
        return key;
    }
    let key = samtycke_visitor::visitor_key::key_from_uuid(&crate::browser::random_uuid());
    let _ = LocalStorage::set(VISITOR_KEY, &key);
    key
}

/// The visitor key if one was created.
pub fn existing_visitor_key() -> Option<String> {
    LocalStorage::get::<String>(VISITOR_KEY)
        .ok()
        .filter(|key| samtycke_visitor::visitor_key::is_key(key))
}

/// Ids of the receipts the edge issued to this visitor, oldest first.
pub fn receipts() -> Vec<String> {
    LocalStorage::get(RECEIPTS_KEY).unwrap_or_default()
}

/// The newest receipt the edge issued to this visitor, to chain the next one to.
pub fn last_receipt() -> Option<String> {
    receipts().pop()
}

/// Remember a receipt id the edge issued.
pub fn remember_receipt(id: &str) {
    let mut ids = receipts();
    if !ids.iter().any(|known| known == id) {
        ids.push(id.to_owned());
    }
    let _ = LocalStorage::set(RECEIPTS_KEY, &ids);
}

/// The language the visitor chose with the switch, if any.
pub fn language_choice() -> Option<Language> {
    LocalStorage::get(LANGUAGE_KEY).ok()
}

/// Remember the language the visitor chose.
pub fn save_language(language: Language) {
    let _ = LocalStorage::set(LANGUAGE_KEY, language);
}

fn html_document() -> Option<web_sys::HtmlDocument> {
    web_sys::window()?.document()?.dyn_into().ok()
}

/// Every cookie name visible to this page.
pub fn cookie_names() -> Vec<String> {
    let cookies = html_document()
        .and_then(|d| d.cookie().ok())
        .unwrap_or_default();
    samtycke_visitor::cookie::cookie_names(&cookies)
        .into_iter()
        .map(str::to_owned)
        .collect()
}

/// Write one `document.cookie` assignment.
pub fn set_cookie(assignment: &str) {
    if let Some(document) = html_document() {
        let _ = document.set_cookie(assignment);
    }
}
