//! Consent receipts: what a visitor asks the edge to record, and the record it issues.
//!
//! Field names follow the Kantara Consent Receipt 1.1 and ISO/IEC TS 27560 records:
//! who decided what, for which purposes, under which policy and configuration, when.

use serde::{Deserialize, Serialize};
use thiserror::Error;
use time::{Duration, OffsetDateTime};

use serde_json::Value;

use crate::signature::Signature;
use crate::signature::{SigningKey, VerifyError};
use crate::visitor;
use samtycke_visitor::config::{Language, SiteConfig};
use samtycke_visitor::decision::Method;
use samtycke_visitor::visitor_key;
pub use samtycke_wire::receipt::{
    ConfigRef, PolicyRef, PurposeConsent, RECEIPT_SCHEMA, Receipt, ReceiptRequest, is_receipt_id,
};

/// Legal basis of every category that needs consent.
pub const CONSENT_BASIS: &str = "GDPR Art. 6(1)(a)";

/// Basis of the strictly necessary category, which needs no consent.
pub const NECESSARY_BASIS: &str = "ePrivacy Art. 5(3), strictly necessary";

/// Why a receipt request cannot be recorded.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ReceiptError {
    /// The visitor key is not of the form this system hands out.
    #[error("visitor_key must be `vk_` and 32–64 letters, digits, `-` or `_`")]
    InvalidVisitorKey,
    /// A subject of the wrong kind (a patient's for a visitor's receipt, or the reverse).
    #[error("subject is not a {0} subject")]
    InvalidSubject(&'static str),
    /// A category the configuration does not have.
    #[error("unknown category `{0}`")]
    UnknownCategory(String),
    /// A category of the configuration the request left out.
    #[error("category `{0}` is missing; every category needs an answer")]
    MissingCategory(String),
    /// A required category marked as denied.
    #[error("category `{0}` is always on and cannot be denied")]
    RequiredDenied(String),
    /// `previous_receipt_id` is not a receipt id of this visitor.
    #[error("previous_receipt_id is not a receipt of this subject")]
    UnknownPrevious,
    /// `e-id` is the method of patient consent, recorded by the edge only.
    #[error("method `e-id` is recorded for logged-in patients only")]
    PatientMethod,
    /// The decision was made under another configuration revision.
    #[error("revision {sent} is not the current revision {current}; ask the visitor again")]
    StaleRevision {
        /// Revision in the request.
        sent: u32,
        /// Revision of the configuration.
        current: u32,
    },
}

/// Check `request` against the configuration.
pub fn validate(request: &ReceiptRequest, config: &SiteConfig) -> Result<(), ReceiptError> {
    if !visitor_key::is_key(&request.visitor_key) {
        return Err(ReceiptError::InvalidVisitorKey);
    }
    if request
        .previous_receipt_id
        .as_deref()
        .is_some_and(|id| !is_receipt_id(id))
    {
        return Err(ReceiptError::UnknownPrevious);
    }
    if request.method == Method::EId {
        return Err(ReceiptError::PatientMethod);
    }
    if request.revision != config.revision {
        return Err(ReceiptError::StaleRevision {
            sent: request.revision,
            current: config.revision,
        });
    }
    if let Some(unknown) = request
        .choices
        .keys()
        .find(|id| config.category(id).is_none())
    {
        return Err(ReceiptError::UnknownCategory(unknown.clone()));
    }
    for category in &config.categories {
        match request.choices.get(&category.id) {
            None => return Err(ReceiptError::MissingCategory(category.id.clone())),
            Some(false) if category.required => {
                return Err(ReceiptError::RequiredDenied(category.id.clone()));
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// Receipts issued before this instant are past a retention of `days` days at `now`.
pub fn retention_cutoff(now: OffsetDateTime, days: u32) -> OffsetDateTime {
    now - Duration::days(i64::from(days))
}

/// `sha256:` and the hex digest of `config`'s RFC 8785 canonical JSON: the hash a receipt
/// issued under it cites.
pub fn config_hash(config: &SiteConfig) -> String {
    let value = serde_json::to_value(config).unwrap_or_default();
    crate::canonical::sha256_tagged(crate::canonical::to_canonical_string(&value).as_bytes())
}

/// `config` with its [`config_hash`] recorded in it, so that issuing receipts under it does
/// not hash it again each time.
pub fn hashed(mut config: SiteConfig) -> SiteConfig {
    config.set_content_hash(config_hash(&config));
    config
}

/// Kantara 1.1 `spiCat` of health data (GDPR Art. 9(1)).
pub const SPI_HEALTH: &str = "health";

/// Validate `request` and issue its receipt with the edge-assigned id and time.
pub fn issue(
    request: &ReceiptRequest,
    config: &SiteConfig,
    receipt_id: String,
    issued_at: OffsetDateTime,
) -> Result<Receipt, ReceiptError> {
    validate(request, config)?;
    let purposes = config
        .categories
        .iter()
        .map(|c| PurposeConsent {
            category: c.id.clone(),
            dpv_purpose: c.dpv_purpose.clone(),
            legal_basis: if c.required {
                NECESSARY_BASIS
            } else {
                CONSENT_BASIS
            }
            .to_owned(),
            granted: request.choices.get(&c.id).copied().unwrap_or(false),
        })
        .collect();
    Ok(Receipt {
        purposes,
        expires_at: Some(issued_at + Duration::days(i64::from(config.consent_lifetime_days))),
        previous_receipt_id: request.previous_receipt_id.clone(),
        ..envelope(
            config,
            receipt_id,
            issued_at,
            visitor::subject_for(&request.visitor_key),
            request.method,
            request.language,
        )
    })
}

/// A receipt issued under `config`: id, schema, time, jurisdiction, controller, policy and
/// configuration filled in, with no purposes, no expiry and no previous receipt; the
/// issuer sets those.
pub fn envelope(
    config: &SiteConfig,
    receipt_id: String,
    issued_at: OffsetDateTime,
    subject: String,
    method: Method,
    language: Language,
) -> Receipt {
    Receipt {
        receipt_id,
        schema: RECEIPT_SCHEMA.to_owned(),
        issued_at,
        jurisdiction: "SE".to_owned(),
        controller: config.controller.clone(),
        policy: PolicyRef {
            url: config.policy_url.clone(),
            version: None,
            material_revision: config.policy_revision,
        },
        config: ConfigRef {
            revision: config.revision,
            hash: match config.content_hash() {
                "" => config_hash(config),
                recorded => recorded.to_owned(),
            },
        },
        subject,
        purposes: Vec::new(),
        method,
        language,
        expires_at: None,
        previous_receipt_id: None,
        sensitive: false,
        spi_cat: Vec::new(),
    }
}

/// The receipt as JSON with an Ed25519 signature by `key`.
pub fn sign(receipt: &Receipt, key: &SigningKey) -> Result<Value, VerifyError> {
    key.sign(serde_json::to_value(receipt).map_err(|_| VerifyError::NotAnObject)?)
}

/// A receipt with its signature, as stored and served by the edge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedReceipt {
    /// The receipt.
    #[serde(flatten)]
    pub receipt: Receipt,
    /// The edge's signature over every other member.
    pub signature: Signature,
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn config() -> SiteConfig {
        samtycke_deployment::site_config().expect("bundled config")
    }

    fn request() -> ReceiptRequest {
        ReceiptRequest {
            visitor_key: "vk_0123456789abcdef0123456789abcdef".into(),
            choices: [
                ("necessary".to_owned(), true),
                ("analytics".to_owned(), false),
            ]
            .into_iter()
            .collect(),
            method: Method::RejectAll,
            language: Language::SV,
            revision: 1,
            previous_receipt_id: None,
        }
    }

    #[test]
    fn valid_request_issues_receipt_with_every_purpose() {
        let now = datetime!(2026-11-23 12:00 UTC);
        let r = issue(&request(), &config(), "r1".into(), now).expect("issues");
        assert_eq!(r.jurisdiction, "SE");
        assert_eq!(r.purposes.len(), 2);
        assert!(r.purposes[0].granted);
        assert_eq!(r.purposes[1].legal_basis, CONSENT_BASIS);
        assert!(!r.purposes[1].granted);
        assert_eq!(r.expires_at, Some(now + Duration::days(182)));
        assert!(r.config.hash.starts_with("sha256:"), "{}", r.config.hash);
        assert_eq!(
            r.config.hash,
            hashed(config()).content_hash(),
            "hashed once or each time"
        );
        let hashed_first = issue(&request(), &hashed(config()), "r2".into(), now).expect("issues");
        assert_eq!(hashed_first.config.hash, r.config.hash);
    }

    #[test]
    fn malformed_previous_receipt_id_is_refused() {
        let mut req = request();
        req.previous_receipt_id = Some("not-a-receipt".into());
        assert_eq!(
            validate(&req, &config()),
            Err(ReceiptError::UnknownPrevious)
        );
        req.previous_receipt_id = Some("0b5e7c1e-8f1a-4c7e-9a53-2d9f1f0a6b11".into());
        assert_eq!(validate(&req, &config()), Ok(()));
    }

    #[test]
    fn the_receipt_carries_the_subject_of_the_key_never_the_key() {
        let now = datetime!(2026-11-23 12:00 UTC);
        let r = issue(&request(), &config(), "r1".into(), now).expect("issues");
        assert_eq!(r.subject, visitor::subject_for(&request().visitor_key));
        assert!(visitor::is_subject(&r.subject));
        let json = serde_json::to_string(&r).unwrap();
        assert!(!json.contains(&request().visitor_key), "{json}");
    }

    #[test]
    fn retention_cutoff_is_days_before_now() {
        let now = datetime!(2026-11-23 12:00 UTC);
        assert_eq!(retention_cutoff(now, 1095), datetime!(2023-11-24 12:00 UTC));
    }

    /// `request()` changed by `edit` is refused with `error`.
    fn refused(edit: impl FnOnce(&mut ReceiptRequest), error: ReceiptError) {
        let mut req = request();
        edit(&mut req);
        assert_eq!(validate(&req, &config()), Err(error));
    }

    #[test]
    fn unknown_missing_and_denied_necessary_categories_are_refused() {
        refused(
            |r| {
                r.choices.insert("marketing".into(), true);
            },
            ReceiptError::UnknownCategory("marketing".into()),
        );
        refused(
            |r| {
                r.choices.remove("analytics");
            },
            ReceiptError::MissingCategory("analytics".into()),
        );
        refused(
            |r| {
                r.choices.insert("necessary".into(), false);
            },
            ReceiptError::RequiredDenied("necessary".into()),
        );
    }

    #[test]
    fn stale_revision_is_refused() {
        refused(
            |r| r.revision = 0,
            ReceiptError::StaleRevision {
                sent: 0,
                current: 1,
            },
        );
    }

    #[test]
    fn visitor_key_must_have_the_visitor_form() {
        let patient_subject = "p_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcd";
        for key in [
            "",
            "short",
            "vk_has space in it 0123456789abcdef",
            &"x".repeat(65),
            patient_subject,
        ] {
            let mut req = request();
            req.visitor_key = key.into();
            assert_eq!(
                validate(&req, &config()),
                Err(ReceiptError::InvalidVisitorKey)
            );
        }
    }

    #[test]
    fn unknown_request_fields_are_refused() {
        let json = r#"{"visitor_key":"vk_0123456789abcdef0123456789abcdef","choices":{},"method":"custom","language":"sv","revision":1,"ip":"1.2.3.4"}"#;
        let refused = serde_json::from_str::<ReceiptRequest>(json).unwrap_err();
        assert!(
            refused.to_string().contains("unknown field `ip`"),
            "{refused}"
        );
        // The request names no subject: a caller cannot choose whose history it writes to.
        let json = r#"{"visitor_key":"vk_0123456789abcdef0123456789abcdef","subject":"v_0123456789abcdef0123456789abcdef","choices":{},"method":"custom","language":"sv","revision":1}"#;
        let refused = serde_json::from_str::<ReceiptRequest>(json).unwrap_err();
        assert!(
            refused.to_string().contains("unknown field `subject`"),
            "{refused}"
        );
    }
}
