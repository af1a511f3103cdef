//! Fuzz target: site configuration parsing and validation must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(config) = samtycke_visitor::SiteConfig::parse("fuzz.json", text) {
            // A configuration that validates has a necessary category first and a hash.
            assert_eq!(config.categories[0].id, "necessary");
            assert!(config.content_hash().starts_with("sha256:"));
        }
    }
});
