//! Consent receipts on the wire: what a visitor's browser asks the edge to record, and the
//! record the edge issues and serves back. The rules that validate, issue and sign them are
//! `samtycke-receipts`'; field names follow the Kantara Consent Receipt 1.1 and ISO/IEC TS 27560.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use samtycke_visitor::config::{Controller, Language};
use samtycke_visitor::decision::{Choices, Method};

/// Version tag carried by every receipt this crate issues.
pub const RECEIPT_SCHEMA: &str = "samtycke-receipt/1";

/// What the browser sends to `POST /api/receipts`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReceiptRequest {
    /// The visitor's secret key ([`samtycke_visitor::visitor_key`]); the receipt carries only the subject
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

impl Receipt {
    /// The same receipt citing the exact version (content hash) of its policy document.
    pub fn with_policy_version(mut self, version: impl Into<String>) -> Self {
        self.policy.version = Some(version.into());
        self
    }
}

/// Whether `id` has the form of a receipt id (a UUID in lowercase hex).
pub fn is_receipt_id(id: &str) -> bool {
    id.len() == 36
        && id.bytes().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_digit() || (b'a'..=b'f').contains(&b),
        })
}
