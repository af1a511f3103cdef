//! Every cookie and browser-storage key Samtycke itself sets, in one place: the edge and the
//! app set them by these names, and `samtycke scan` knows them as necessary by the same ones.

pub use crate::cookie::CONSENT_COOKIE;

/// The patient's session (sealed), set by the edge after an e-ID login.
pub const SESSION_COOKIE: &str = "__Host-samtycke-session";

/// The login in progress (sealed `state`, `nonce` and PKCE verifier), set by the edge for the
/// round trip to the e-ID provider.
pub const LOGIN_COOKIE: &str = "__Host-samtycke-login";

/// Every cookie Samtycke sets.
pub const COOKIES: [&str; 3] = [CONSENT_COOKIE, SESSION_COOKIE, LOGIN_COOKIE];

/// The visitor's decision, as the app stores it (`localStorage`).
pub const DECISION_KEY: &str = "samtycke.decision";
/// The visitor's random key, which the receipts' subject is derived from (`localStorage`).
pub const VISITOR_KEY: &str = "samtycke.visitor-key";
/// The ids of the visitor's receipts (`localStorage`).
pub const RECEIPTS_KEY: &str = "samtycke.receipts";
/// The language the visitor chose in the banner (`localStorage`).
pub const LANGUAGE_KEY: &str = "samtycke.lang";
/// Decisions not yet recorded by the server, sent again later (`localStorage`).
pub const OUTBOX_KEY: &str = "samtycke.outbox";

/// Every `localStorage` key Samtycke sets.
pub const STORAGE_KEYS: [&str; 5] = [
    DECISION_KEY,
    VISITOR_KEY,
    RECEIPTS_KEY,
    LANGUAGE_KEY,
    OUTBOX_KEY,
];

/// Whether a cookie called `name` is one of Samtycke's own.
pub fn is_own_cookie(name: &str) -> bool {
    COOKIES.contains(&name)
}

/// Whether a storage key is one of Samtycke's own.
pub fn is_own_storage_key(key: &str) -> bool {
    STORAGE_KEYS.contains(&key)
}
