//! Visitor keys: the random secret a visitor's browser keeps in first-party storage and sends
//! only to record a receipt or read its own history. What receipts carry instead is the
//! subject derived from it (`samtycke-receipts`' `visitor` module).

/// Prefix of every visitor key.
const KEY_PREFIX: &str = "vk_";

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
