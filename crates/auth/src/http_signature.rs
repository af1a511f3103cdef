//! Signed HTTP requests between Samtycke and the systems around it (care providers' record
//! systems, recipients such as Försäkringskassan): RFC 9421 HTTP Message Signatures with
//! Ed25519, over the method, the full target URI, the content type and an RFC 9530
//! `Content-Digest` of the body.
//!
//! Every signature must carry `created`, `keyid` and a `nonce`; a verifier accepts it for
//! [`MAX_AGE_SECS`] and must remember `(keyid, nonce)` that long to refuse a replay (the
//! adapter keeps that store; this module says what to remember and until when).

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::Signer;
use sfv::{BareItem, Dictionary, FieldType, InnerList, Item, ListEntry, Parser};
use sha2::{Digest, Sha256};
use thiserror::Error;

use samtycke_receipts::signature::{KeySet, SigningKey};

/// The label every signature Samtycke makes carries (a verifier reads the first one).
pub const LABEL: &str = "sig1";

/// The components every signature must cover, in this order.
pub const COVERED: [&str; 4] = ["@method", "@target-uri", "content-type", "content-digest"];

/// How long after `created` a signature is accepted (and its nonce must be remembered).
pub const MAX_AGE_SECS: i64 = 300;

/// How far a signer's clock may run ahead of the verifier's.
pub const MAX_SKEW_SECS: i64 = 60;

/// Longest nonce accepted (the store keeps each one for [`MAX_AGE_SECS`]).
pub const MAX_NONCE_LEN: usize = 128;

/// The request as far as the signature is concerned.
#[derive(Debug, Clone, Copy)]
pub struct SignedRequest<'a> {
    /// `POST`, `GET`, …
    pub method: &'a str,
    /// The full URL the request was sent to.
    pub target_uri: &'a str,
    /// The `Content-Type` header, if any.
    pub content_type: Option<&'a str>,
    /// The `Content-Digest` header, if any.
    pub content_digest: Option<&'a str>,
    /// The `Signature-Input` header, if any.
    pub signature_input: Option<&'a str>,
    /// The `Signature` header, if any.
    pub signature: Option<&'a str>,
    /// The body's bytes.
    pub body: &'a [u8],
}

/// The headers a signed request carries (besides `Content-Type`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureHeaders {
    /// `Content-Digest`.
    pub content_digest: String,
    /// `Signature-Input`.
    pub signature_input: String,
    /// `Signature`.
    pub signature: String,
}

/// What a valid signature vouches for; the caller refuses a `(keyid, nonce)` seen before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// The key that signed.
    pub keyid: String,
    /// The signer's one-time value.
    pub nonce: String,
    /// When it was signed (Unix seconds).
    pub created: i64,
}

impl Verified {
    /// Until when (Unix seconds) the nonce must be remembered: after that the signature is
    /// refused as expired anyway.
    pub fn remember_until(&self) -> i64 {
        self.created + MAX_AGE_SECS
    }
}

/// Why a request's signature is refused; each has its own code for the JSON error.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum HttpSignatureError {
    /// No `Signature-Input`, `Signature` or `Content-Digest` header.
    #[error(
        "the request is not signed: send Signature-Input, Signature and Content-Digest (RFC 9421, RFC 9530)"
    )]
    Missing,
    /// A header that does not parse, or a signature without a required part.
    #[error("malformed signature: {0}")]
    Malformed(String),
    /// `Content-Digest` does not match the body.
    #[error("Content-Digest does not match the body")]
    DigestMismatch,
    /// Signed too long ago, or in the future.
    #[error("the signature's `created` is outside the accepted window of {MAX_AGE_SECS} s")]
    Expired,
    /// The key id is not registered.
    #[error("key `{0}` is not registered")]
    UnknownKey(String),
    /// The signature does not match the request.
    #[error("the signature does not match the request")]
    Invalid,
}

impl HttpSignatureError {
    /// The machine-readable code of the JSON error.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Missing => "signature_missing",
            Self::Malformed(_) | Self::Invalid => "signature_invalid",
            Self::DigestMismatch => "digest_mismatch",
            Self::Expired => "signature_expired",
            Self::UnknownKey(_) => "unknown_key",
        }
    }
}

/// A nonce from 16 random bytes (base64url).
pub fn nonce(random: &[u8; 16]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(random)
}

/// The RFC 9530 `Content-Digest` of `body` (SHA-256).
pub fn content_digest(body: &[u8]) -> String {
    format!("sha-256=:{}:", STANDARD.encode(Sha256::digest(body)))
}

/// The serialized signature parameters, in the order Samtycke writes them.
fn signature_params(created: i64, keyid: &str, nonce: &str) -> String {
    let components = COVERED
        .iter()
        .map(|c| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(" ");
    format!("({components});created={created};keyid=\"{keyid}\";alg=\"ed25519\";nonce=\"{nonce}\"")
}

/// The RFC 9421 signature base (§2.5) over [`COVERED`], ending with `params`.
fn signature_base(
    method: &str,
    target_uri: &str,
    content_type: &str,
    digest: &str,
    params: &str,
) -> String {
    format!(
        "\"@method\": {method}\n\"@target-uri\": {target_uri}\n\"content-type\": {content_type}\n\
         \"content-digest\": {digest}\n\"@signature-params\": {params}"
    )
}

/// Sign a request: `created` is the current Unix time, `nonce` fresh random text
/// (base64url, at most [`MAX_NONCE_LEN`] characters).
pub fn sign_request(
    key: &SigningKey,
    method: &str,
    target_uri: &str,
    content_type: &str,
    body: &[u8],
    created: i64,
    nonce: &str,
) -> SignatureHeaders {
    let digest = content_digest(body);
    let params = signature_params(created, key.kid(), nonce);
    let base = signature_base(method, target_uri, content_type, &digest, &params);
    let signature = key.ed25519().sign(base.as_bytes());
    SignatureHeaders {
        content_digest: digest,
        signature_input: format!("{LABEL}={params}"),
        signature: format!("{LABEL}=:{}:", STANDARD.encode(signature.to_bytes())),
    }
}

fn malformed(what: impl Into<String>) -> HttpSignatureError {
    HttpSignatureError::Malformed(what.into())
}

fn string_param(list: &InnerList, name: &str) -> Result<String, HttpSignatureError> {
    match list.params.get(name) {
        Some(BareItem::String(s)) => Ok(s.as_str().to_owned()),
        _ => Err(malformed(format!(
            "the `{name}` parameter (a string) is required"
        ))),
    }
}

/// The SHA-256 digest a `Content-Digest` header states, if it states one.
fn stated_sha256(header: &str) -> Result<Vec<u8>, HttpSignatureError> {
    let dict: Dictionary = Parser::new(header)
        .parse()
        .map_err(|e| malformed(format!("Content-Digest: {e}")))?;
    match dict.get("sha-256") {
        Some(ListEntry::Item(Item {
            bare_item: BareItem::ByteSequence(bytes),
            ..
        })) => Ok(bytes.clone()),
        _ => Err(malformed(
            "Content-Digest must carry a sha-256 byte sequence",
        )),
    }
}

/// Verify a request's signature at `now` (Unix seconds) against `keys`. The caller must then
/// refuse the request if it has seen [`Verified::nonce`] for [`Verified::keyid`] before.
pub fn verify_request(
    request: &SignedRequest<'_>,
    keys: &KeySet,
    now: i64,
) -> Result<Verified, HttpSignatureError> {
    let (Some(input), Some(signature), Some(digest)) = (
        request.signature_input,
        request.signature,
        request.content_digest,
    ) else {
        return Err(HttpSignatureError::Missing);
    };
    let stated = stated_sha256(digest)?;
    if stated.as_slice() != Sha256::digest(request.body).as_slice() {
        return Err(HttpSignatureError::DigestMismatch);
    }

    let inputs: Dictionary = Parser::new(input)
        .parse()
        .map_err(|e| malformed(format!("Signature-Input: {e}")))?;
    let (label, list) = match inputs.first() {
        Some((label, ListEntry::InnerList(list))) => (label.as_str().to_owned(), list),
        _ => return Err(malformed("Signature-Input names no signature")),
    };
    let components: Vec<&str> = list
        .items
        .iter()
        .map(|item| match &item.bare_item {
            BareItem::String(s) if item.params.is_empty() => Ok(s.as_str()),
            _ => Err(malformed("covered components must be plain strings")),
        })
        .collect::<Result<_, _>>()?;
    if components != COVERED {
        return Err(malformed(format!(
            "the signature must cover exactly {}",
            COVERED.join(" ")
        )));
    }
    let created = match list.params.get("created") {
        Some(BareItem::Integer(n)) => i64::from(*n),
        _ => {
            return Err(malformed(
                "the `created` parameter (an integer) is required",
            ));
        }
    };
    if created > now + MAX_SKEW_SECS || created + MAX_AGE_SECS < now {
        return Err(HttpSignatureError::Expired);
    }
    if let Some(BareItem::Integer(expires)) = list.params.get("expires")
        && i64::from(*expires) < now
    {
        return Err(HttpSignatureError::Expired);
    }
    let keyid = string_param(list, "keyid")?;
    let nonce = string_param(list, "nonce")?;
    if nonce.is_empty() || nonce.len() > MAX_NONCE_LEN {
        return Err(malformed(format!(
            "the nonce must be 1 to {MAX_NONCE_LEN} characters"
        )));
    }
    match list.params.get("alg") {
        None => {}
        Some(BareItem::String(alg)) if alg.as_str() == "ed25519" => {}
        Some(_) => return Err(malformed("only alg=\"ed25519\" is accepted")),
    }

    let signatures: Dictionary = Parser::new(signature)
        .parse()
        .map_err(|e| malformed(format!("Signature: {e}")))?;
    let bytes: [u8; 64] = match signatures.get(label.as_str()) {
        Some(ListEntry::Item(Item {
            bare_item: BareItem::ByteSequence(bytes),
            ..
        })) => bytes
            .as_slice()
            .try_into()
            .map_err(|_| malformed("an Ed25519 signature is 64 bytes"))?,
        _ => return Err(malformed(format!("Signature has no `{label}`"))),
    };

    let jwk = keys
        .keys
        .iter()
        .find(|k| k.kid == keyid)
        .ok_or_else(|| HttpSignatureError::UnknownKey(keyid.clone()))?;
    let public = samtycke_receipts::signature::verifying_key(jwk)
        .map_err(|_| HttpSignatureError::UnknownKey(keyid.clone()))?;

    // The parameters exactly as the signer serialized them (RFC 9421 §2.3).
    let params = InnerListField(list.clone())
        .serialize()
        .ok_or_else(|| malformed("empty signature parameters"))?;
    let base = signature_base(
        request.method,
        request.target_uri,
        request.content_type.unwrap_or_default(),
        digest,
        &params,
    );
    public
        .verify_strict(
            base.as_bytes(),
            &ed25519_dalek::Signature::from_bytes(&bytes),
        )
        .map_err(|_| HttpSignatureError::Invalid)?;
    Ok(Verified {
        keyid,
        nonce,
        created,
    })
}

/// An inner list serialized on its own: a one-member structured list.
struct InnerListField(InnerList);

impl InnerListField {
    fn serialize(self) -> Option<String> {
        let list: sfv::List = vec![ListEntry::InnerList(self.0)];
        list.serialize()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> SigningKey {
        SigningKey::from_seed("care-1", [7; 32])
    }

    fn keys() -> KeySet {
        KeySet {
            keys: vec![key().public_jwk()],
        }
    }

    const URL: &str = "https://samtycke.example/api/intake/certificates";
    const NOW: i64 = 1_767_225_600;

    fn signed(body: &[u8]) -> SignatureHeaders {
        sign_request(&key(), "POST", URL, "application/json", body, NOW, "n-1")
    }

    fn request<'a>(headers: &'a SignatureHeaders, body: &'a [u8]) -> SignedRequest<'a> {
        SignedRequest {
            method: "POST",
            target_uri: URL,
            content_type: Some("application/json"),
            content_digest: Some(&headers.content_digest),
            signature_input: Some(&headers.signature_input),
            signature: Some(&headers.signature),
            body,
        }
    }

    #[test]
    fn a_signed_request_verifies_and_names_its_key_and_nonce() {
        let body = br#"{"id":"a"}"#;
        let headers = signed(body);
        let verified = verify_request(&request(&headers, body), &keys(), NOW + 10).unwrap();
        assert_eq!(verified.keyid, "care-1");
        assert_eq!(verified.nonce, "n-1");
        assert_eq!(verified.remember_until(), NOW + MAX_AGE_SECS);
    }

    #[test]
    fn any_change_is_refused() {
        let body = br#"{"id":"a"}"#;
        let headers = signed(body);
        // Another body under the old digest.
        let other = br#"{"id":"b"}"#;
        assert_eq!(
            verify_request(&request(&headers, other), &keys(), NOW),
            Err(HttpSignatureError::DigestMismatch)
        );
        // Another body with its own digest, under the old signature.
        let mut forged = headers.clone();
        forged.content_digest = content_digest(other);
        assert_eq!(
            verify_request(&request(&forged, other), &keys(), NOW),
            Err(HttpSignatureError::Invalid)
        );
        // Another target.
        let mut elsewhere = request(&headers, body);
        elsewhere.target_uri = "https://samtycke.example/api/other";
        assert_eq!(
            verify_request(&elsewhere, &keys(), NOW),
            Err(HttpSignatureError::Invalid)
        );
        // Another key of the same id.
        let impostor = SigningKey::from_seed("care-1", [8; 32]);
        let headers = sign_request(&impostor, "POST", URL, "application/json", body, NOW, "n");
        assert_eq!(
            verify_request(&request(&headers, body), &keys(), NOW),
            Err(HttpSignatureError::Invalid)
        );
    }

    #[test]
    fn unsigned_old_future_and_unknown_are_refused() {
        let body = b"{}";
        let headers = signed(body);
        let mut unsigned = request(&headers, body);
        unsigned.signature = None;
        assert_eq!(
            verify_request(&unsigned, &keys(), NOW),
            Err(HttpSignatureError::Missing)
        );
        assert_eq!(
            verify_request(&request(&headers, body), &keys(), NOW + MAX_AGE_SECS + 1),
            Err(HttpSignatureError::Expired)
        );
        assert_eq!(
            verify_request(&request(&headers, body), &keys(), NOW - MAX_SKEW_SECS - 1),
            Err(HttpSignatureError::Expired)
        );
        assert_eq!(
            verify_request(&request(&headers, body), &KeySet::default(), NOW),
            Err(HttpSignatureError::UnknownKey("care-1".into()))
        );
    }

    #[test]
    fn a_signature_must_cover_everything_and_carry_a_nonce() {
        let body = b"{}";
        let mut headers = signed(body);
        headers.signature_input = headers.signature_input.replace(" \"content-digest\"", "");
        assert!(matches!(
            verify_request(&request(&headers, body), &keys(), NOW),
            Err(HttpSignatureError::Malformed(_))
        ));
        let mut headers = signed(body);
        headers.signature_input = headers.signature_input.replace(";nonce=\"n-1\"", "");
        assert!(matches!(
            verify_request(&request(&headers, body), &keys(), NOW),
            Err(HttpSignatureError::Malformed(_))
        ));
        let mut headers = signed(body);
        headers.signature = "sig1=:AAAA:".into();
        assert!(matches!(
            verify_request(&request(&headers, body), &keys(), NOW),
            Err(HttpSignatureError::Malformed(_))
        ));
    }

    /// A request signed by the Node stand-ins (npm `http-message-signatures`) verifies here:
    /// both sides build the same RFC 9421 signature base.
    #[test]
    fn the_stand_ins_signatures_verify() {
        #[derive(serde::Deserialize)]
        struct Vector {
            method: String,
            url: String,
            body: String,
            headers: std::collections::BTreeMap<String, String>,
            public_jwk: samtycke_receipts::signature::Jwk,
        }
        let text = include_str!("../../../tests/fixtures/http-signature-vector.json");
        let vector: Vector = serde_json::from_str(text).unwrap();
        let header = |name: &str| vector.headers.get(name).map(String::as_str);
        let request = SignedRequest {
            method: &vector.method,
            target_uri: &vector.url,
            content_type: header("content-type"),
            content_digest: header("content-digest"),
            signature_input: header("signature-input"),
            signature: header("signature"),
            body: vector.body.as_bytes(),
        };
        let keys = KeySet {
            keys: vec![vector.public_jwk],
        };
        let verified = verify_request(&request, &keys, 1_767_225_600).unwrap();
        assert_eq!(verified.nonce, "bm9uY2Utdm9yLXRlc3Q");
    }
}
