//! Privacy notices (GDPR Art. 12–14 and 26) and personal-data-breach notices (Art. 34) as data:
//! parsed from TOML files the site owner maintains (or from the JSON the build makes of them),
//! validated with errors that name the file and the field, and versioned by a hash of their
//! content.
//!
//! The privacy notice and its parts live in `notice`, the breach notice in `breach`, the
//! countries and safeguards of transfers outside the EU/EEA in `transfer`; the rules are in
//! `check` (the field checks both kinds share) and `validate` (a privacy notice's rules). All
//! are re-exported here.

use serde::{Deserialize, Serialize};

use samtycke_receipts::canonical::{sha256_tagged, to_canonical_string};

mod breach;
mod check;
mod notice;
mod transfer;
mod validate;

pub mod notice_check;

pub use breach::{BreachNotice, BreachReport, Question};
pub use notice::{
    AgeLimit, Audience, AutomatedActivity, AutomatedDecisions, Change, Children, DataCategory,
    IdentifiedCategory, JointController, OPTIONAL_RIGHTS, PATIENTS, PolicyDocument, Purpose,
    REQUIRED_RIGHTS, Recipient, Requirement, RequirementKind, Retention, Right, Source, VISITORS,
};
pub use transfer::{COUNTRY_CODES, EU_EEA, Safeguard, SafeguardKind, is_country, is_eu_eea};

/// Who is responsible for the processing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyController {
    /// Legal name.
    pub name: String,
    /// Swedish organisation number (`NNNNNN-NNNN`).
    pub organisation_number: String,
    /// Postal address.
    pub address: String,
    /// E-mail for questions about personal data.
    pub email: String,
    /// Telephone, if any.
    #[serde(default)]
    pub phone: Option<String>,
    /// Data protection officer's contact, if one is appointed.
    #[serde(default)]
    pub dpo: Option<String>,
    /// A named person or function to ask about personal data (`[controller.contact_point]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_point: Option<ContactPoint>,
}

/// Someone to ask: the data protection officer or another contact point (GDPR Art. 13(1)(b),
/// 33(3)(b)), with at least one of e-mail and telephone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactPoint {
    /// A person's name or a function, e.g. `Dataskyddsombudet`.
    pub name: String,
    /// Whether this is the data protection officer (GDPR Art. 37–39).
    #[serde(default, skip_serializing_if = "is_false")]
    pub dpo: bool,
    /// E-mail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Telephone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

/// Why a policy or breach-notice file is unusable.
pub type PolicyError = samtycke_visitor::file_error::FileError;

/// Whether a file holds a breach notice rather than a privacy notice: its name starts with
/// `incident-`.
pub fn is_breach_file(path: &str) -> bool {
    path.rsplit('/')
        .next()
        .unwrap_or(path)
        .starts_with("incident-")
}

fn is_false(value: &bool) -> bool {
    !*value
}

fn syntax(file: &str, e: impl std::fmt::Display) -> PolicyError {
    PolicyError::Syntax {
        file: file.to_owned(),
        message: e.to_string().trim().to_owned(),
    }
}

fn content_hash<T: Serialize>(doc: &T) -> String {
    let value = serde_json::to_value(doc).unwrap_or_default();
    sha256_tagged(to_canonical_string(&value).as_bytes())
}
