//! Fuzz target: opening a session or login cookie (sent by anyone) must never panic, and no
//! arbitrary value opens.
#![no_main]

use consent::oidc::PendingLogin;
use consent::session::{Session, SessionKey};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(key) = SessionKey::from_secret("fuzzing-key-fuzzing-key-fuzzing-key") else {
        return;
    };
    assert!(
        Session::open(&key, "__Host-samtycke-session", text, 1_800_000_000).is_err(),
        "an arbitrary session cookie opened"
    );
    assert!(
        key.open::<PendingLogin>("__Host-samtycke-login", text)
            .is_err(),
        "an arbitrary login cookie opened"
    );
});
