//! Fuzz target: everything that parses receipts, requests and stored decisions must never
//! panic, and nothing arbitrary may verify as signed.
#![no_main]

use libfuzzer_sys::fuzz_target;
use samtycke_receipts::{KeySet, ReceiptRequest, SignedReceipt, SigningKey, receipt, verify};
use samtycke_visitor::Decision;
use time::OffsetDateTime;

fuzz_target!(|data: &[u8]| {
    let Ok(config) = samtycke_deployment::site_config() else {
        return;
    };
    if let Ok(request) = serde_json::from_slice::<ReceiptRequest>(data) {
        let _ = receipt::validate(&request, &config);
    }
    let _ = serde_json::from_slice::<SignedReceipt>(data);
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = Decision::from_stored(text, &config, OffsetDateTime::UNIX_EPOCH);
    }
    if let Ok(value) = serde_json::from_slice::<serde_json::Value>(data) {
        let keys = KeySet {
            keys: vec![SigningKey::from_seed("fuzz", [1; 32]).public_jwk()],
        };
        assert!(
            verify(&value, &keys).is_err(),
            "an arbitrary document verified"
        );
    }
});
