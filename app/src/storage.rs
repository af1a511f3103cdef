//! What the app keeps on the visitor's device: the decision, the visitor id and receipt ids.

use consent::{Decision, SiteConfig};
use gloo_storage::{LocalStorage, Storage};
use time::OffsetDateTime;

/// localStorage key of the current decision.
pub const DECISION_KEY: &str = "samtycke.decision";
/// localStorage key of the random visitor id used as receipt subject.
pub const VISITOR_KEY: &str = "samtycke.visitor";
/// localStorage key of the ids of receipts the edge issued to this visitor, newest last.
pub const RECEIPTS_KEY: &str = "samtycke.receipts";

/// The stored decision if it still answers the configuration; `None` means ask.
pub fn load_decision(config: &SiteConfig, now: OffsetDateTime) -> Option<Decision> {
    let raw: String = LocalStorage::raw().get_item(DECISION_KEY).ok().flatten()?;
    Decision::from_stored(&raw, config, now)
}

/// Store the decision.
pub fn save_decision(decision: &Decision) -> Result<(), gloo_storage::errors::StorageError> {
    LocalStorage::set(DECISION_KEY, decision)
}

/// The visitor id, created on first use.
pub fn visitor_id() -> String {
    if let Ok(id) = LocalStorage::get::<String>(VISITOR_KEY)
        && consent::receipt::is_visitor_id(&id)
    {
        return id;
    }
    let id = format!("v_{}", crate::api::random_uuid().replace('-', ""));
    let _ = LocalStorage::set(VISITOR_KEY, &id);
    id
}

/// The newest receipt the edge issued to this visitor, to chain the next one to.
pub fn last_receipt() -> Option<String> {
    LocalStorage::get::<Vec<String>>(RECEIPTS_KEY)
        .ok()
        .and_then(|ids| ids.last().cloned())
}

/// Remember a receipt id the edge issued.
pub fn remember_receipt(id: &str) {
    let mut ids: Vec<String> = LocalStorage::get(RECEIPTS_KEY).unwrap_or_default();
    ids.push(id.to_owned());
    let _ = LocalStorage::set(RECEIPTS_KEY, &ids);
}
