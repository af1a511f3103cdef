//! The subject ids receipts carry for visitors, derived from their visitor keys
//! ([`samtycke_visitor::visitor_key`]).
//!
//! A visitor's browser keeps a random *visitor key* in first-party storage and sends it
//! only to record a receipt or to read its own history. Receipts carry the *subject*, a
//! one-way hash of the key, so anyone holding a receipt (or reading one by its id) learns
//! the subject but can neither read that visitor's history nor add to it.
//!
//! Subjects of visitors start `v_` and subjects of patients `p_`
//! (`samtycke_care::patient::subject_id`); neither kind can be issued as the other.

use sha2::{Digest, Sha256};

/// Prefix of every visitor subject.
const SUBJECT_PREFIX: &str = "v_";

/// Domain separation for the key → subject hash.
const SUBJECT_CONTEXT: &[u8] = b"samtycke/visitor-subject/1\0";

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
    use samtycke_visitor::visitor_key::{is_key, key_from_uuid};

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
