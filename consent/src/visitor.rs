//! Visitor keys and the subject ids derived from them.
//!
//! A visitor's browser keeps a random *visitor key* in first-party storage and sends it
//! only to record a receipt or to read its own history. Receipts carry the *subject*, a
//! one-way hash of the key, so anyone holding a receipt (or reading one by its id) learns
//! the subject but can neither read that visitor's history nor add to it.
//!
//! Subjects of visitors start `v_` and subjects of patients `p_`
//! ([`crate::patient::subject_id`]); neither kind can be issued as the other.

use sha2::{Digest, Sha256};

/// Prefix of every visitor key.
const KEY_PREFIX: &str = "vk_";

/// Prefix of every visitor subject.
const SUBJECT_PREFIX: &str = "v_";

/// Domain separation for the key → subject hash.
const SUBJECT_CONTEXT: &[u8] = b"samtycke/visitor-subject/1\0";

/// A fresh visitor key from a random (version 4) UUID: `vk_` and its 32 hex digits,
/// 122 random bits.
pub fn key_from_uuid(uuid: &str) -> String {
    format!("{KEY_PREFIX}{}", uuid.replace('-', "").to_ascii_lowercase())
}

/// Whether `key` has the form of a visitor key: `vk_` and 32–64 letters, digits, `-`, `_`.
pub fn is_key(key: &str) -> bool {
    key.strip_prefix(KEY_PREFIX).is_some_and(|rest| {
        (32..=64).contains(&rest.len())
            && rest
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    })
}

/// The subject id receipts of the holder of `key` carry: `v_` and 32 hex digits of a
/// SHA-256 of the key. Without the key it cannot be turned back or extended.
pub fn subject_for(key: &str) -> String {
    let digest = Sha256::new()
        .chain_update(SUBJECT_CONTEXT)
        .chain_update(key.as_bytes())
        .finalize();
    format!(
        "{SUBJECT_PREFIX}{}",
        crate::canonical::lower_hex(&digest[..16])
    )
}

/// Whether `id` has the form of a visitor subject: `v_` and 32 lowercase hex digits
/// (never a patient's `p_…`).
pub fn is_subject(id: &str) -> bool {
    id.strip_prefix(SUBJECT_PREFIX).is_some_and(|rest| {
        rest.len() == 32
            && rest
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_from_uuids_are_valid_and_their_subjects_are_visitor_subjects() {
        let key = key_from_uuid("0B5E7C1E-8f1a-4c7e-9a53-2d9f1f0a6b11");
        assert_eq!(key, "vk_0b5e7c1e8f1a4c7e9a532d9f1f0a6b11");
        assert!(is_key(&key));
        let subject = subject_for(&key);
        assert!(is_subject(&subject), "{subject}");
        assert_eq!(subject, subject_for(&key), "stable");
        assert_ne!(subject, subject_for("vk_0b5e7c1e8f1a4c7e9a532d9f1f0a6b12"));
        assert!(
            !subject.contains("0b5e7c1e"),
            "the key does not show through"
        );
    }

    #[test]
    fn malformed_keys_and_subjects_are_refused() {
        for key in [
            "",
            "vk_short",
            "v_0b5e7c1e8f1a4c7e9a532d9f1f0a6b11",
            "vk_has space 0123456789abcdef0123",
        ] {
            assert!(!is_key(key), "{key}");
        }
        let patient = "p_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcd";
        assert!(!is_subject(patient));
        assert!(!is_subject("v_0123456789ABCDEF0123456789abcdef"));
        assert!(!is_subject("v_0123456789abcdef"));
        assert!(is_subject("v_0123456789abcdef0123456789abcdef"));
    }
}
