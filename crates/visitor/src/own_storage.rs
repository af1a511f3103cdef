//! Every cookie and browser-storage key Samtycke itself sets, in one place: the edge and the
//! app set them by these names, and `samtycke scan` knows them as necessary by the same ones.

pub use crate::cookie::CONSENT_COOKIE;

/// The patient's session (sealed), set by the edge after an e-ID login.
pub const SESSION_COOKIE: &str = "__Host-samtycke-session";

/// The login in progress (sealed `state`, `nonce` and PKCE verifier), set by the edge for the
/// round trip to the e-ID provider.
pub const LOGIN_COOKIE: &str = "__Host-samtycke-login";

/// The one blocked embed a visitor asked to see once, for the next page view only; set by
/// the edge when the placeholder's "show once" is pressed.
pub const SHOWN_ONCE_COOKIE: &str = "__Host-samtycke-once";

/// How long the "show once" request waits for the page it was made for.
pub const SHOWN_ONCE_SECS: i64 = 120;

/// Every cookie Samtycke sets.
pub const COOKIES: [&str; 4] = [
    CONSENT_COOKIE,
    SESSION_COOKIE,
    LOGIN_COOKIE,
    SHOWN_ONCE_COOKIE,
];

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

/// Where one of Samtycke's own items is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A cookie.
    Cookie,
    /// A `localStorage` key.
    LocalStorage,
}

/// How long one of Samtycke's own items lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lifetime {
    /// As long as the site configuration's `cookie_lifetime_days`.
    ConsentCookie,
    /// At most this many seconds.
    Seconds(i64),
    /// Until the visitor clears the site's storage (the browser keeps it).
    UntilCleared,
}

/// One cookie or storage key Samtycke sets, for the notice's cookie table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Item {
    /// Its name.
    pub name: &'static str,
    /// Cookie or storage key.
    pub kind: Kind,
    /// How long it lives.
    pub lifetime: Lifetime,
    /// Where Samtycke sets it.
    pub used: Used,
}

/// Where one of Samtycke's own items is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Used {
    /// Wherever the banner runs.
    Everywhere,
    /// Only on Samtycke's own host: the patient login.
    OwnHost,
    /// Only on a site Samtycke sits in front of (edge mode).
    SiteBehindEdge,
}

impl Item {
    /// Whether it is set on the site `config` configures (one with a `site` block is served
    /// through the edge; one without is Samtycke's own host).
    pub fn used_by(&self, config: &crate::SiteConfig) -> bool {
        match self.used {
            Used::Everywhere => true,
            Used::OwnHost => config.site.is_none(),
            Used::SiteBehindEdge => config.site.is_some(),
        }
    }
}

/// How many items [`ITEMS`] has: the text catalogue states a purpose for each
/// ([`crate::texts::Labels::own_storage`]), so one without is a build error.
pub const ITEM_COUNT: usize = 9;

/// How long a patient's session cookie lives without a request, in seconds: the session
/// itself ends then too (`samtycke_auth::session::IDLE_TIMEOUT_SECS` is this).
pub const SESSION_IDLE_SECS: i64 = 15 * 60;

/// How long the cookie of a login in progress lives, in seconds: the login itself ends then
/// too (`samtycke_auth::oidc::LOGIN_TIMEOUT_SECS` is this).
pub const LOGIN_SECS: i64 = 10 * 60;

/// Every cookie and storage key Samtycke sets, with how long it lives: the notices' cookie
/// table lists these from here, so it cannot drift from what is set.
pub const ITEMS: [Item; ITEM_COUNT] = [
    Item {
        name: CONSENT_COOKIE,
        kind: Kind::Cookie,
        lifetime: Lifetime::ConsentCookie,
        used: Used::Everywhere,
    },
    Item {
        name: SESSION_COOKIE,
        kind: Kind::Cookie,
        lifetime: Lifetime::Seconds(SESSION_IDLE_SECS),
        used: Used::OwnHost,
    },
    Item {
        name: LOGIN_COOKIE,
        kind: Kind::Cookie,
        lifetime: Lifetime::Seconds(LOGIN_SECS),
        used: Used::OwnHost,
    },
    Item {
        name: SHOWN_ONCE_COOKIE,
        kind: Kind::Cookie,
        lifetime: Lifetime::Seconds(SHOWN_ONCE_SECS),
        used: Used::SiteBehindEdge,
    },
    Item {
        name: DECISION_KEY,
        kind: Kind::LocalStorage,
        lifetime: Lifetime::UntilCleared,
        used: Used::Everywhere,
    },
    Item {
        name: VISITOR_KEY,
        kind: Kind::LocalStorage,
        lifetime: Lifetime::UntilCleared,
        used: Used::Everywhere,
    },
    Item {
        name: RECEIPTS_KEY,
        kind: Kind::LocalStorage,
        lifetime: Lifetime::UntilCleared,
        used: Used::Everywhere,
    },
    Item {
        name: LANGUAGE_KEY,
        kind: Kind::LocalStorage,
        lifetime: Lifetime::UntilCleared,
        used: Used::Everywhere,
    },
    Item {
        name: OUTBOX_KEY,
        kind: Kind::LocalStorage,
        lifetime: Lifetime::UntilCleared,
        used: Used::Everywhere,
    },
];

/// Whether a cookie called `name` is one of Samtycke's own.
pub fn is_own_cookie(name: &str) -> bool {
    COOKIES.contains(&name)
}

/// Whether a storage key is one of Samtycke's own.
pub fn is_own_storage_key(key: &str) -> bool {
    STORAGE_KEYS.contains(&key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_holds_every_cookie_and_key_exactly_once() {
        let cookies: Vec<&str> = ITEMS
            .iter()
            .filter(|i| i.kind == Kind::Cookie)
            .map(|i| i.name)
            .collect();
        let keys: Vec<&str> = ITEMS
            .iter()
            .filter(|i| i.kind == Kind::LocalStorage)
            .map(|i| i.name)
            .collect();
        assert_eq!(cookies, COOKIES);
        assert_eq!(keys, STORAGE_KEYS);
    }
}
