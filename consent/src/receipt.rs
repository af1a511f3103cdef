//! Consent receipts: what a visitor asks the edge to record, and the record it issues.
//!
//! Field names follow the Kantara Consent Receipt 1.1 and ISO/IEC TS 27560 records:
//! who decided what, for which purposes, under which policy and configuration, when.

use serde::{Deserialize, Serialize};
use thiserror::Error;
use time::{Duration, OffsetDateTime};

#[cfg(feature = "jcs")]
use serde_json::Value;

use crate::config::{Controller, Language, SiteConfig};
use crate::decision::{Choices, Method};
use crate::signature::Signature;
#[cfg(feature = "jcs")]
use crate::signature::{SigningKey, VerifyError};
use crate::visitor;

/// Version tag carried by every receipt this crate issues.
pub const RECEIPT_SCHEMA: &str = "samtycke-receipt/1";

/// Legal basis of every category that needs consent.
pub const CONSENT_BASIS: &str = "GDPR Art. 6(1)(a)";

/// Basis of the strictly necessary category, which needs no consent.
pub const NECESSARY_BASIS: &str = "ePrivacy Art. 5(3), strictly necessary";

/// What the browser sends to `POST /api/receipts`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReceiptRequest {
    /// The visitor's secret key ([`crate::visitor`]); the receipt carries only the subject
    /// derived from it, so only the key's holder can add to that subject's history.
    pub visitor_key: String,
    /// Granted or denied per category.
    pub choices: Choices,
    /// How the decision was made.
    pub method: Method,
    /// Language the visitor saw.
    pub language: Language,
    /// Configuration revision the visitor saw.
    pub revision: u32,
    /// The visitor's latest receipt, if any, to chain their history.
    #[serde(default)]
    pub previous_receipt_id: Option<String>,
}

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

impl ReceiptRequest {
    /// Check the request against the configuration.
    pub fn validate(&self, config: &SiteConfig) -> Result<(), ReceiptError> {
        if !visitor::is_key(&self.visitor_key) {
            return Err(ReceiptError::InvalidVisitorKey);
        }
        if self
            .previous_receipt_id
            .as_deref()
            .is_some_and(|id| !is_receipt_id(id))
        {
            return Err(ReceiptError::UnknownPrevious);
        }
        if self.method == Method::EId {
            return Err(ReceiptError::PatientMethod);
        }
        if self.revision != config.revision {
            return Err(ReceiptError::StaleRevision {
                sent: self.revision,
                current: config.revision,
            });
        }
        if let Some(unknown) = self.choices.keys().find(|id| config.category(id).is_none()) {
            return Err(ReceiptError::UnknownCategory(unknown.clone()));
        }
        for category in &config.categories {
            match self.choices.get(&category.id) {
                None => return Err(ReceiptError::MissingCategory(category.id.clone())),
                Some(false) if category.required => {
                    return Err(ReceiptError::RequiredDenied(category.id.clone()));
                }
                Some(_) => {}
            }
        }
        Ok(())
    }
}

/// Receipts issued before this instant are past a retention of `days` days at `now`.
pub fn retention_cutoff(now: OffsetDateTime, days: u32) -> OffsetDateTime {
    now - Duration::days(i64::from(days))
}

/// Whether `id` has the form of a receipt id (a UUID in lowercase hex).
pub fn is_receipt_id(id: &str) -> bool {
    id.len() == 36
        && id.bytes().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_digit() || (b'a'..=b'f').contains(&b),
        })
}

/// The policy a receipt was given under.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyRef {
    /// Where the policy is published.
    pub url: String,
    /// Content hash of the policy document the visitor could read, when the issuer knows it.
    pub version: Option<String>,
    /// Its material revision.
    pub material_revision: u32,
}

/// The configuration a receipt was given under.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfigRef {
    /// Revision number.
    pub revision: u32,
    /// [`SiteConfig::content_hash`] of the configuration.
    pub hash: String,
}

/// The answer for one purpose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurposeConsent {
    /// Category id from the configuration.
    pub category: String,
    /// W3C DPV purpose term.
    pub dpv_purpose: String,
    /// Legal basis the processing rests on.
    pub legal_basis: String,
    /// Whether the visitor agreed.
    pub granted: bool,
}

/// A recorded consent decision, as issued by the edge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    /// Unique id assigned by the edge.
    pub receipt_id: String,
    /// Always [`RECEIPT_SCHEMA`].
    pub schema: String,
    /// When the edge recorded it.
    #[serde(with = "time::serde::rfc3339")]
    pub issued_at: OffsetDateTime,
    /// Legal jurisdiction, `SE`.
    pub jurisdiction: String,
    /// Who is responsible for the processing.
    pub controller: Controller,
    /// The policy the visitor could read.
    pub policy: PolicyRef,
    /// The configuration the visitor answered.
    pub config: ConfigRef,
    /// The visitor id.
    pub subject: String,
    /// One entry per category.
    pub purposes: Vec<PurposeConsent>,
    /// How the decision was made.
    pub method: Method,
    /// Language the visitor saw.
    pub language: Language,
    /// When the consent lapses; `None` for consent that holds until withdrawn.
    #[serde(with = "time::serde::rfc3339::option")]
    pub expires_at: Option<OffsetDateTime>,
    /// The subject's previous receipt, chaining their history.
    pub previous_receipt_id: Option<String>,
    /// Kantara Consent Receipt 1.1 `sensitive`: the purposes involve special categories of
    /// personal data (a patient's health data). Left out when false, so a cookie receipt,
    /// and every receipt signed before the field existed, keeps its exact signed form.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sensitive: bool,
    /// Kantara 1.1 `spiCat`: which special categories (`health`); left out when empty.
    #[serde(default, rename = "spiCat", skip_serializing_if = "Vec::is_empty")]
    pub spi_cat: Vec<String>,
}

/// Kantara 1.1 `spiCat` of health data (GDPR Art. 9(1)).
pub const SPI_HEALTH: &str = "health";

impl Receipt {
    /// Validate `request` and issue its receipt with the edge-assigned id and time.
    #[cfg(feature = "jcs")]
    pub fn issue(
        request: &ReceiptRequest,
        config: &SiteConfig,
        receipt_id: String,
        issued_at: OffsetDateTime,
    ) -> Result<Self, ReceiptError> {
        request.validate(config)?;
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
        Ok(Self {
            purposes,
            expires_at: Some(issued_at + Duration::days(i64::from(config.consent_lifetime_days))),
            previous_receipt_id: request.previous_receipt_id.clone(),
            ..Self::envelope(
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
    #[cfg(feature = "jcs")]
    pub(crate) fn envelope(
        config: &SiteConfig,
        receipt_id: String,
        issued_at: OffsetDateTime,
        subject: String,
        method: Method,
        language: Language,
    ) -> Self {
        Self {
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
                hash: config.content_hash().to_owned(),
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

    /// The same receipt citing the exact version (content hash) of its policy document.
    pub fn with_policy_version(mut self, version: impl Into<String>) -> Self {
        self.policy.version = Some(version.into());
        self
    }

    /// The receipt as JSON with an Ed25519 signature by `key`.
    #[cfg(feature = "jcs")]
    pub fn sign(&self, key: &SigningKey) -> Result<Value, VerifyError> {
        key.sign(serde_json::to_value(self).map_err(|_| VerifyError::NotAnObject)?)
    }
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

#[cfg(all(test, feature = "jcs"))]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn config() -> SiteConfig {
        SiteConfig::bundled().expect("bundled config")
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
        let r = Receipt::issue(&request(), &config(), "r1".into(), now).expect("issues");
        assert_eq!(r.jurisdiction, "SE");
        assert_eq!(r.purposes.len(), 2);
        assert!(r.purposes[0].granted);
        assert_eq!(r.purposes[1].legal_basis, CONSENT_BASIS);
        assert!(!r.purposes[1].granted);
        assert_eq!(r.expires_at, Some(now + Duration::days(182)));
        assert_eq!(r.config.hash, config().content_hash());
    }

    #[test]
    fn malformed_previous_receipt_id_is_refused() {
        let mut req = request();
        req.previous_receipt_id = Some("not-a-receipt".into());
        assert_eq!(req.validate(&config()), Err(ReceiptError::UnknownPrevious));
        req.previous_receipt_id = Some("0b5e7c1e-8f1a-4c7e-9a53-2d9f1f0a6b11".into());
        assert_eq!(req.validate(&config()), Ok(()));
    }

    #[test]
    fn the_receipt_carries_the_subject_of_the_key_never_the_key() {
        let now = datetime!(2026-11-23 12:00 UTC);
        let r = Receipt::issue(&request(), &config(), "r1".into(), now).expect("issues");
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

    #[test]
    fn unknown_category_is_refused() {
        let mut req = request();
        req.choices.insert("marketing".into(), true);
        assert_eq!(
            req.validate(&config()),
            Err(ReceiptError::UnknownCategory("marketing".into()))
        );
    }

    #[test]
    fn missing_category_and_denied_necessary_are_refused() {
        let mut req = request();
        req.choices.remove("analytics");
        assert_eq!(
            req.validate(&config()),
            Err(ReceiptError::MissingCategory("analytics".into()))
        );
        let mut req = request();
        req.choices.insert("necessary".into(), false);
        assert_eq!(
            req.validate(&config()),
            Err(ReceiptError::RequiredDenied("necessary".into()))
        );
    }

    #[test]
    fn stale_revision_is_refused() {
        let mut req = request();
        req.revision = 0;
        assert_eq!(
            req.validate(&config()),
            Err(ReceiptError::StaleRevision {
                sent: 0,
                current: 1
            })
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
                req.validate(&config()),
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
