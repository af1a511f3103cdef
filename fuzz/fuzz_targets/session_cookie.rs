//! Fuzz target: opening a session or login cookie (sent by anyone) must never panic, and no
//! arbitrary value opens.
#![no_main]

use libfuzzer_sys::fuzz_target;
use samtycke_auth::oidc::PendingLogin;
use samtycke_auth::session::{Session, SessionKey};

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
