//! A visitor's decision about each category, and how it is stored and read back.
//!
//! Reading is forgiving: anything missing, unparseable, made under an older
//! configuration revision or past its lifetime means "ask again", never an error.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

use crate::config::{Language, SiteConfig};

/// Granted (`true`) or denied (`false`) per category id.
pub type Choices = BTreeMap<String, bool>;

/// `pairs` as [`Choices`], built by insertion. (`collect` into a `BTreeMap` sorts first, and
/// each iterator type brings its own copy of the sort into the banner's wasm: five of them.)
pub fn choices(pairs: impl IntoIterator<Item = (String, bool)>) -> Choices {
    let mut choices = Choices::new();
    choices.extend(pairs);
    choices
}

/// How the decision was made; recorded in receipts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Method {
    /// "Accept all" on the banner or in the settings.
    AcceptAll,
    /// "Only necessary" on the banner or in the settings.
    RejectAll,
    /// Categories chosen one by one in the settings.
    Custom,
    /// The browser's Global Privacy Control signal, treated as "only necessary".
    Gpc,
    /// The banner's plain HTML form, with JavaScript off.
    NoJs,
    /// A patient logged in with e-legitimation (patient consent only; never a cookie decision).
    EId,
}

/// A decision as stored on the visitor's device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// Granted or denied, for every category of the configuration.
    pub choices: Choices,
    /// How it was made.
    pub method: Method,
    /// Language the visitor saw.
    pub language: Language,
    /// Configuration revision it was made under.
    pub revision: u32,
    /// Material revision of the privacy notice it was made under.
    #[serde(default)]
    pub policy_revision: u32,
    /// When it was made.
    #[serde(with = "time::serde::rfc3339")]
    pub decided_at: OffsetDateTime,
}

impl Decision {
    /// Every category granted.
    pub fn accept_all(config: &SiteConfig, language: Language, now: OffsetDateTime) -> Self {
        Self::with(config, Method::AcceptAll, language, now, |_| true)
    }

    /// Only the required categories granted.
    pub fn reject_all(config: &SiteConfig, language: Language, now: OffsetDateTime) -> Self {
        Self::with(config, Method::RejectAll, language, now, |_| false)
    }

    /// What a browser sending Global Privacy Control asks for: only the required categories,
    /// recorded with method `gpc` until the visitor chooses otherwise.
    pub fn gpc(config: &SiteConfig, language: Language, now: OffsetDateTime) -> Self {
        Self::with(config, Method::Gpc, language, now, |_| false)
    }

    /// The given categories granted (plus the required ones), the rest denied.
    pub fn custom(
        config: &SiteConfig,
        granted: &[&str],
        language: Language,
        now: OffsetDateTime,
    ) -> Self {
        Self::with(config, Method::Custom, language, now, |id| {
            granted.contains(&id)
        })
    }

    fn with(
        config: &SiteConfig,
        method: Method,
        language: Language,
        now: OffsetDateTime,
        grant: impl Fn(&str) -> bool,
    ) -> Self {
        let choices = choices(
            config
                .categories
                .iter()
                .map(|c| (c.id.clone(), c.required || grant(&c.id))),
        );
        Self {
            choices,
            method,
            language,
            revision: config.revision,
            policy_revision: config.policy_revision,
            decided_at: now,
        }
    }

    /// Whether the category is granted; unknown categories are not.
    pub fn allows(&self, category: &str) -> bool {
        self.choices.get(category).copied().unwrap_or(false)
    }

    /// When the decision stops being valid.
    pub fn expires_at(&self, config: &SiteConfig) -> OffsetDateTime {
        self.decided_at + Duration::days(i64::from(config.consent_lifetime_days))
    }

    /// Whether the decision still answers the current configuration at `now`.
    ///
    /// It does not when it was made under another revision, has expired, was made
    /// in the future (clock trouble), or lacks or misstates a category.
    pub fn is_current(&self, config: &SiteConfig, now: OffsetDateTime) -> bool {
        self.revision == config.revision
            && self.policy_revision == config.policy_revision
            && self.decided_at <= now + Duration::minutes(5)
            && now < self.expires_at(config)
            && self.choices.len() == config.categories.len()
            && config
                .categories
                .iter()
                .all(|c| match self.choices.get(&c.id) {
                    Some(granted) => !c.required || *granted,
                    None => false,
                })
    }

    /// The later of the device's own copy of the decision and the consent cookie's (which a
    /// form without JavaScript, a placeholder's "always allow" or another tab may have set
    /// since): the visitor's last word counts. The cookie keeps whole seconds, so within one
    /// second the cookie wins: it is what the edge follows.
    pub fn latest(device: Option<Self>, cookie: Option<Self>) -> Option<Self> {
        match (device, cookie) {
            (Some(device), Some(cookie))
                if device.decided_at.unix_timestamp() > cookie.decided_at.unix_timestamp() =>
            {
                Some(device)
            }
            (device, cookie) => cookie.or(device),
        }
    }

    /// Read a stored decision; `None` means the visitor must be asked again.
    pub fn from_stored(raw: &str, config: &SiteConfig, now: OffsetDateTime) -> Option<Self> {
        serde_json::from_str::<Self>(raw)
            .ok()
            .filter(|d| d.is_current(config, now))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn config() -> SiteConfig {
        SiteConfig::bundled().expect("bundled config")
    }

    const NOW: OffsetDateTime = datetime!(2026-11-23 12:00 UTC);

    #[test]
    fn the_later_decision_wins_whichever_store_holds_it() {
        let config = SiteConfig::bundled().expect("bundled");
        let t0 = time::macros::datetime!(2026-12-01 12:00:00.400 UTC);
        let earlier = Decision::reject_all(&config, Language::SV, t0);
        let later = Decision::accept_all(&config, Language::SV, t0 + Duration::seconds(30));
        assert_eq!(
            Decision::latest(Some(earlier.clone()), Some(later.clone())),
            Some(later.clone())
        );
        assert_eq!(
            Decision::latest(Some(later.clone()), Some(earlier.clone())),
            Some(later.clone())
        );
        // The cookie's copy has whole seconds: within one second it is taken.
        let in_cookie =
            Decision::accept_all(&config, Language::SV, t0 - Duration::milliseconds(300));
        assert_eq!(
            Decision::latest(Some(earlier.clone()), Some(in_cookie.clone())),
            Some(in_cookie)
        );
        assert_eq!(
            Decision::latest(None, Some(earlier.clone())),
            Some(earlier.clone())
        );
        assert_eq!(Decision::latest(Some(earlier.clone()), None), Some(earlier));
        assert_eq!(Decision::latest(None, None), None);
    }

    #[test]
    fn reject_all_keeps_necessary_only() {
        let d = Decision::reject_all(&config(), Language::SV, NOW);
        assert!(d.allows("necessary"));
        assert!(!d.allows("analytics"));
        assert_eq!(d.method, Method::RejectAll);
    }

    #[test]
    fn global_privacy_control_keeps_necessary_only_and_says_so() {
        let d = Decision::gpc(&config(), Language::SV, NOW);
        assert!(d.allows("necessary") && !d.allows("analytics"));
        assert_eq!(d.method, Method::Gpc);
        let back =
            Decision::from_cookie_value(&d.to_cookie_value(), &config(), NOW).expect("reads");
        assert_eq!(back.method, Method::Gpc);
    }

    #[test]
    fn custom_cannot_deny_necessary() {
        let d = Decision::custom(&config(), &[], Language::EN, NOW);
        assert!(d.allows("necessary"));
        assert!(!d.allows("analytics"));
        let d = Decision::custom(&config(), &["analytics"], Language::EN, NOW);
        assert!(d.allows("analytics"));
    }

    #[test]
    fn stored_decision_round_trips_while_current() {
        let config = config();
        let d = Decision::accept_all(&config, Language::SV, NOW);
        let raw = serde_json::to_string(&d).expect("serializes");
        let later = NOW + Duration::days(30);
        assert_eq!(Decision::from_stored(&raw, &config, later), Some(d));
    }

    #[test]
    fn garbage_or_partial_storage_means_ask_again() {
        let config = config();
        for raw in ["", "null", "{", "[]", "{\"choices\":{}}", "\u{0}\u{ffff}"] {
            assert_eq!(Decision::from_stored(raw, &config, NOW), None, "{raw:?}");
        }
    }

    #[test]
    fn expired_decision_means_ask_again() {
        let config = config();
        let d = Decision::accept_all(&config, Language::SV, NOW);
        let raw = serde_json::to_string(&d).expect("serializes");
        let expiry = NOW + Duration::days(i64::from(config.consent_lifetime_days));
        assert!(Decision::from_stored(&raw, &config, expiry - Duration::seconds(1)).is_some());
        assert_eq!(Decision::from_stored(&raw, &config, expiry), None);
    }

    #[test]
    fn revision_bump_means_ask_again() {
        let mut config = config();
        let d = Decision::accept_all(&config, Language::SV, NOW);
        let raw = serde_json::to_string(&d).expect("serializes");
        config.revision += 1;
        assert_eq!(Decision::from_stored(&raw, &config, NOW), None);
    }

    #[test]
    fn material_policy_change_means_ask_again() {
        let mut config = config();
        let d = Decision::accept_all(&config, Language::SV, NOW);
        let raw = serde_json::to_string(&d).expect("serializes");
        assert!(Decision::from_stored(&raw, &config, NOW).is_some());
        config.policy_revision += 1;
        assert_eq!(Decision::from_stored(&raw, &config, NOW), None);
    }

    #[test]
    fn tampered_necessary_denial_means_ask_again() {
        let config = config();
        let mut d = Decision::accept_all(&config, Language::SV, NOW);
        d.choices.insert("necessary".into(), false);
        let raw = serde_json::to_string(&d).expect("serializes");
        assert_eq!(Decision::from_stored(&raw, &config, NOW), None);
    }
}
