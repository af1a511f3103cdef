//! Fuzz target: the RFC 9421 signature headers of an intake request (sent by anyone, before
//! any key is known to match) are parsed and checked without panicking, and nothing unsigned
//! by the trusted key is ever accepted.
#![no_main]

use libfuzzer_sys::fuzz_target;
use samtycke_auth::http_signature::{SignedRequest, content_digest, verify_request};
use samtycke_receipts::signature::{KeySet, SigningKey};

fuzz_target!(|data: &[u8]| {
    // Content-Digest, Signature-Input and Signature, one per line; the rest is the body. An
    // odd first byte gets the body's true digest, so the signature parsing is reached.
    let text = String::from_utf8_lossy(data);
    let mut parts = text.splitn(4, '\n');
    let (digest, input, signature) = (parts.next(), parts.next(), parts.next());
    let body = parts.next().unwrap_or_default().as_bytes();
    let true_digest = content_digest(body);
    let digest = match data.first() {
        Some(b) if b % 2 == 1 => Some(true_digest.as_str()),
        _ => digest,
    };
    let request = SignedRequest {
        method: "POST",
        target_uri: "https://intyg.example/api/intake/certificates",
        content_type: Some("application/json"),
        content_digest: digest,
        signature_input: input,
        signature,
        body,
    };
    let keys = KeySet {
        keys: vec![SigningKey::from_seed("care-1", [3; 32]).public_jwk()],
    };
    assert!(verify_request(&request, &keys, 1_800_000_000).is_err());
});
