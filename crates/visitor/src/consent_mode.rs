//! Google Consent Mode v2: which signals a decision grants.

use std::collections::BTreeMap;

use crate::config::SiteConfig;
use crate::decision::Decision;

/// The four Consent Mode v2 signals; all start as `denied`.
pub const SIGNALS: [&str; 4] = [
    "ad_storage",
    "ad_user_data",
    "ad_personalization",
    "analytics_storage",
];

/// Every signal as `granted` or `denied`: granted when a granted category lists it.
/// With no decision every signal is denied (the default before consent).
pub fn signals(
    decision: Option<&Decision>,
    config: &SiteConfig,
) -> BTreeMap<&'static str, &'static str> {
    // Built by insertion: `collect` would sort first, and bring a sort into the banner's wasm.
    let mut signals = BTreeMap::new();
    signals.extend(SIGNALS.iter().map(|signal| {
        let granted = decision.is_some_and(|d| {
            config
                .categories
                .iter()
                .any(|c| d.allows(&c.id) && c.consent_mode.iter().any(|s| s == signal))
        });
        (*signal, if granted { "granted" } else { "denied" })
    }));
    signals
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Language;
    use time::macros::datetime;

    #[test]
    fn nothing_is_granted_before_or_after_reject_and_analytics_after_accept() {
        let config = SiteConfig::bundled().unwrap();
        let now = datetime!(2026-11-23 12:00 UTC);
        assert!(signals(None, &config).values().all(|v| *v == "denied"));
        let rejected = Decision::reject_all(&config, Language::SV, now);
        assert!(
            signals(Some(&rejected), &config)
                .values()
                .all(|v| *v == "denied")
        );
        let accepted = Decision::accept_all(&config, Language::SV, now);
        let s = signals(Some(&accepted), &config);
        assert_eq!(s["analytics_storage"], "granted");
        assert_eq!(s["ad_storage"], "denied");
    }
}
