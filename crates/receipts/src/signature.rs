//! Ed25519 signatures over canonical receipt JSON, and the JWK key sets that verify them.
//!
//! A signed document is a JSON object with a `signature` member
//! (`{"alg":"EdDSA","kid":…,"value":…}`); the signature covers the canonical JSON of
//! every other member, so adding, removing or changing any field breaks it. Canonical means
//! RFC 8785 (JCS): any JCS library can rebuild the signed bytes.
//!
//! A key that was rotated out carries `retired_at`; it verifies only documents whose
//! `issued_at` is before that instant, so a leaked old key cannot sign new receipts that pass.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use ed25519_dalek::Signer;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use thiserror::Error;

use time::OffsetDateTime;

use crate::canonical::{parse_strict, to_canonical_string};

/// The only algorithm receipts are signed with (RFC 8037).
pub const ALGORITHM: &str = "EdDSA";

/// A public key as a JSON Web Key (RFC 8037, `OKP` / `Ed25519`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Jwk {
    /// Key type, `OKP`.
    pub kty: String,
    /// Curve, `Ed25519`.
    pub crv: String,
    /// The public key, base64url.
    pub x: String,
    /// Key id, cited by signatures.
    pub kid: String,
    /// Algorithm, `EdDSA`.
    #[serde(default = "eddsa")]
    pub alg: String,
    /// Intended use, `sig`.
    #[serde(rename = "use", default = "sig")]
    pub use_: String,
    /// When the key was rotated out; it verifies only documents issued before then.
    #[serde(
        default,
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub retired_at: Option<OffsetDateTime>,
}

fn eddsa() -> String {
    ALGORITHM.to_owned()
}

fn sig() -> String {
    "sig".to_owned()
}

/// The published keys (`/.well-known/samtycke/keys.json`); old keys stay listed after rotation.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct KeySet {
    /// Every key a valid receipt may cite.
    pub keys: Vec<Jwk>,
}

/// A signature as embedded in a signed document; any other member makes it malformed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signature {
    /// Always [`ALGORITHM`].
    pub alg: String,
    /// Id of the key that made it.
    pub kid: String,
    /// The 64 signature bytes, base64url.
    pub value: String,
}

/// Why a key could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum KeyError {
    /// Not JSON of a private OKP JWK.
    #[error("the signing key must be a private Ed25519 JWK with `kid`, `x` and `d`: {0}")]
    Malformed(String),
    /// `x` does not belong to `d`.
    #[error("the public part `x` does not match the private part `d`")]
    Mismatch,
}

/// Why a document does not verify.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum VerifyError {
    /// Not a JSON object.
    #[error("not a JSON object")]
    NotAnObject,
    /// Not JSON, or JSON that names a member twice in one object.
    #[error("not strict JSON: {0}")]
    NotStrictJson(String),
    /// No `signature` member, or not of the expected shape.
    #[error("no signature, or a signature of the wrong shape")]
    MissingSignature,
    /// Signed with an algorithm other than EdDSA.
    #[error("unsupported algorithm `{0}`")]
    UnsupportedAlgorithm(String),
    /// The cited key is not in the key set.
    #[error("key `{0}` is not in the key set")]
    UnknownKey(String),
    /// The key in the key set is not a valid Ed25519 public key.
    #[error("key `{0}` in the key set is malformed")]
    MalformedKey(String),
    /// The signature value is not 64 base64url bytes.
    #[error("the signature value is malformed")]
    MalformedSignature,
    /// The signature does not match the content: something was changed.
    #[error("the signature does not match the content")]
    Mismatch,
    /// Signed by a retired key, but not dated before its retirement (or not dated at all).
    #[error("key `{0}` was retired before this document's `issued_at`")]
    IssuedAfterRetirement(String),
}

/// The edge's private signing key with its id.
pub struct SigningKey {
    kid: String,
    key: ed25519_dalek::SigningKey,
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKey")
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

#[derive(Deserialize)]
struct PrivateJwk {
    kty: String,
    crv: String,
    kid: String,
    x: String,
    d: String,
}

impl SigningKey {
    /// A key from its 32-byte seed.
    pub fn from_seed(kid: impl Into<String>, seed: [u8; 32]) -> Self {
        Self {
            kid: kid.into(),
            key: ed25519_dalek::SigningKey::from_bytes(&seed),
        }
    }

    /// A key from a private JWK (`{"kty":"OKP","crv":"Ed25519","kid":…,"x":…,"d":…}`),
    /// the form `make keys` writes and `wrangler secret put` stores.
    pub fn from_jwk_json(text: &str) -> Result<Self, KeyError> {
        let jwk: PrivateJwk =
            serde_json::from_str(text).map_err(|e| KeyError::Malformed(e.to_string()))?;
        if jwk.kty != "OKP" || jwk.crv != "Ed25519" || jwk.kid.is_empty() {
            return Err(KeyError::Malformed(
                "kty must be OKP, crv Ed25519, kid set".into(),
            ));
        }
        let seed: [u8; 32] = B64
            .decode(jwk.d.as_bytes())
            .ok()
            .and_then(|d| d.try_into().ok())
            .ok_or_else(|| KeyError::Malformed("`d` is not 32 base64url bytes".into()))?;
        let key = Self::from_seed(jwk.kid, seed);
        if key.public_jwk().x != jwk.x {
            return Err(KeyError::Mismatch);
        }
        Ok(key)
    }

    /// The Ed25519 key itself, for signatures over other bytes than a document's (RFC 9421
    /// requests: [`crate::http_signature`]).
    pub fn ed25519(&self) -> &ed25519_dalek::SigningKey {
        &self.key
    }

    /// The key id.
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// The public half, to publish.
    pub fn public_jwk(&self) -> Jwk {
        Jwk {
            kty: "OKP".into(),
            crv: "Ed25519".into(),
            x: B64.encode(self.key.verifying_key().as_bytes()),
            kid: self.kid.clone(),
            alg: eddsa(),
            use_: sig(),
            retired_at: None,
        }
    }

    /// Sign `document` (an object without a `signature` member) and return it with one.
    pub fn sign(&self, mut document: Value) -> Result<Value, VerifyError> {
        let map = document.as_object_mut().ok_or(VerifyError::NotAnObject)?;
        map.remove("signature");
        let bytes = to_canonical_string(&Value::Object(map.clone())).into_bytes();
        let signature = Signature {
            alg: ALGORITHM.into(),
            kid: self.kid.clone(),
            value: B64.encode(self.key.sign(&bytes).to_bytes()),
        };
        map.insert(
            "signature".into(),
            serde_json::to_value(signature).map_err(|_| VerifyError::MissingSignature)?,
        );
        Ok(document)
    }
}

/// The Ed25519 public key a JWK carries.
pub fn verifying_key(jwk: &Jwk) -> Result<ed25519_dalek::VerifyingKey, VerifyError> {
    B64.decode(jwk.x.as_bytes())
        .ok()
        .and_then(|x| <[u8; 32]>::try_from(x).ok())
        .filter(|_| jwk.kty == "OKP" && jwk.crv == "Ed25519")
        .and_then(|x| ed25519_dalek::VerifyingKey::from_bytes(&x).ok())
        .ok_or_else(|| VerifyError::MalformedKey(jwk.kid.clone()))
}

/// Verify a signed document given as text: parsed strictly (a member named twice is
/// refused), then checked as [`verify`] does. Verifiers of stored or received bytes use this.
pub fn verify_json(text: &str, keys: &KeySet) -> Result<String, VerifyError> {
    let document = parse_strict(text).map_err(|e| VerifyError::NotStrictJson(e.to_string()))?;
    verify(&document, keys)
}

/// Verify a signed document against a key set; returns the id of the key that signed it.
pub fn verify(document: &Value, keys: &KeySet) -> Result<String, VerifyError> {
    let mut map = document
        .as_object()
        .ok_or(VerifyError::NotAnObject)?
        .clone();
    let signature: Signature = map
        .remove("signature")
        .and_then(|s| serde_json::from_value(s).ok())
        .ok_or(VerifyError::MissingSignature)?;
    if signature.alg != ALGORITHM {
        return Err(VerifyError::UnsupportedAlgorithm(signature.alg));
    }
    let jwk = keys
        .keys
        .iter()
        .find(|k| k.kid == signature.kid)
        .ok_or_else(|| VerifyError::UnknownKey(signature.kid.clone()))?;
    let public = verifying_key(jwk)?;
    let bytes: [u8; 64] = B64
        .decode(signature.value.as_bytes())
        .ok()
        .and_then(|s| s.try_into().ok())
        .ok_or(VerifyError::MalformedSignature)?;
    if let Some(retired_at) = jwk.retired_at {
        let issued_at = map.get("issued_at").and_then(Value::as_str).and_then(|t| {
            OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339).ok()
        });
        if issued_at.is_none_or(|issued| issued >= retired_at) {
            return Err(VerifyError::IssuedAfterRetirement(jwk.kid.clone()));
        }
    }
    let canonical = to_canonical_string(&Value::Object(map));
    // Strict: refuses the weak keys and non-canonical signatures plain `verify` lets through.
    public
        .verify_strict(
            canonical.as_bytes(),
            &ed25519_dalek::Signature::from_bytes(&bytes),
        )
        .map_err(|_| VerifyError::Mismatch)?;
    Ok(signature.kid)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn key() -> SigningKey {
        SigningKey::from_seed("k1", [7; 32])
    }

    fn keys() -> KeySet {
        KeySet {
            keys: vec![key().public_jwk()],
        }
    }

    #[test]
    fn signed_document_verifies_with_the_published_key() {
        let signed = key().sign(json!({"a": 1, "b": "two"})).unwrap();
        assert_eq!(verify(&signed, &keys()), Ok("k1".into()));
    }

    #[test]
    fn changed_added_or_removed_fields_break_the_signature() {
        let signed = key().sign(json!({"a": 1, "b": "two"})).unwrap();
        let mut changed = signed.clone();
        changed["a"] = json!(2);
        assert_eq!(verify(&changed, &keys()), Err(VerifyError::Mismatch));
        let mut added = signed.clone();
        added["c"] = json!(null);
        assert_eq!(verify(&added, &keys()), Err(VerifyError::Mismatch));
        let mut removed = signed;
        removed.as_object_mut().unwrap().remove("b");
        assert_eq!(verify(&removed, &keys()), Err(VerifyError::Mismatch));
    }

    #[test]
    fn unknown_key_and_other_algorithms_are_refused() {
        let signed = SigningKey::from_seed("other", [9; 32])
            .sign(json!({"a": 1}))
            .unwrap();
        assert_eq!(
            verify(&signed, &keys()),
            Err(VerifyError::UnknownKey("other".into()))
        );
        let mut none = key().sign(json!({"a": 1})).unwrap();
        none["signature"]["alg"] = json!("none");
        assert_eq!(
            verify(&none, &keys()),
            Err(VerifyError::UnsupportedAlgorithm("none".into()))
        );
        assert_eq!(
            verify(&json!({"a": 1}), &keys()),
            Err(VerifyError::MissingSignature)
        );
    }

    #[test]
    fn a_receipt_signed_before_jcs_still_verifies() {
        let receipt = include_str!("../tests/fixtures/receipt-before-jcs.json");
        let keys: KeySet =
            serde_json::from_str(include_str!("../tests/fixtures/keys-before-jcs.json")).unwrap();
        assert_eq!(
            verify_json(receipt, &keys),
            Ok("samtycke-2026-11-fixture".into())
        );
        let changed = receipt.replace("\"accept-all\"", "\"reject-all\"");
        assert_eq!(verify_json(&changed, &keys), Err(VerifyError::Mismatch));
    }

    #[test]
    fn a_member_named_twice_or_an_unknown_signature_member_is_refused() {
        let signed = key().sign(json!({"a": 1, "b": "two"})).unwrap();
        let text = serde_json::to_string(&signed).unwrap();
        assert_eq!(verify_json(&text, &keys()), Ok("k1".into()));
        // A second `a` that a last-wins parser would read and a first-wins one would not.
        let doubled = text.replacen("{", "{\"a\":2,", 1);
        assert!(matches!(
            verify_json(&doubled, &keys()),
            Err(VerifyError::NotStrictJson(_))
        ));
        let mut extra = signed;
        extra["signature"]["note"] = json!("unsigned text");
        assert_eq!(verify(&extra, &keys()), Err(VerifyError::MissingSignature));
    }

    #[test]
    fn a_retired_key_verifies_only_what_was_issued_before_its_retirement() {
        let mut retired = key().public_jwk();
        retired.retired_at = Some(time::macros::datetime!(2026-11-01 00:00 UTC));
        let keys = KeySet {
            keys: vec![retired],
        };
        let before = key()
            .sign(json!({"issued_at": "2026-10-31T23:59:59.999Z"}))
            .unwrap();
        assert_eq!(verify(&before, &keys), Ok("k1".into()));
        for issued_at in [
            json!("2026-11-01T00:00:00Z"),
            json!("2027-01-01T00:00:00Z"),
            json!(null),
            json!("yesterday"),
        ] {
            let after = key().sign(json!({ "issued_at": issued_at })).unwrap();
            assert_eq!(
                verify(&after, &keys),
                Err(VerifyError::IssuedAfterRetirement("k1".into())),
                "{issued_at}"
            );
        }
        // Published keys round-trip with their retirement time.
        let text = serde_json::to_string(&keys).unwrap();
        assert!(
            text.contains("\"retired_at\":\"2026-11-01T00:00:00Z\""),
            "{text}"
        );
        assert_eq!(serde_json::from_str::<KeySet>(&text).unwrap(), keys);
    }

    #[test]
    fn private_jwk_round_trips_and_mismatched_halves_are_refused() {
        let k = key();
        let public = k.public_jwk();
        let d = B64.encode([7u8; 32]);
        let text = format!(
            r#"{{"kty":"OKP","crv":"Ed25519","kid":"k1","x":"{}","d":"{d}"}}"#,
            public.x
        );
        let parsed = SigningKey::from_jwk_json(&text).unwrap();
        assert_eq!(parsed.public_jwk(), public);

        let other_x = SigningKey::from_seed("k2", [8; 32]).public_jwk().x;
        let text =
            format!(r#"{{"kty":"OKP","crv":"Ed25519","kid":"k1","x":"{other_x}","d":"{d}"}}"#);
        assert_eq!(
            SigningKey::from_jwk_json(&text).unwrap_err(),
            KeyError::Mismatch
        );
        assert!(matches!(
            SigningKey::from_jwk_json("{}"),
            Err(KeyError::Malformed(_))
        ));
    }
}
