//! The privacy notice (GDPR Art. 12–14 and 26) and its parts, as the owner writes them. The
//! fields added after notices were first published are left out of the serialised form when
//! unset, so a notice that does not use them keeps its content hash.

use serde::{Deserialize, Serialize};

use super::{PolicyController, is_false, transfer::Safeguard};
use samtycke_visitor::config::Language;

/// Whether providing data for a purpose is a requirement (GDPR Art. 13(2)(e)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequirementKind {
    /// A law requires it.
    Statutory,
    /// A contract with the person requires it.
    Contractual,
    /// It is needed to enter into a contract.
    ContractPrecondition,
    /// The person may choose.
    Voluntary,
}

/// Whether the person must provide the data of a purpose, and what follows if they do not
/// (GDPR Art. 13(2)(e)).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    /// Statutory, contractual, a precondition of a contract, or voluntary.
    pub kind: RequirementKind,
    /// Whether the person is obliged to provide it (never when voluntary).
    pub obliged: bool,
    /// What happens if they do not.
    pub consequence: String,
}

/// One purpose of processing and the legal ground it rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Purpose {
    /// Which of the code's purposes this is ([`samtycke_care::processing::PurposeFact::id`]), so that
    /// `samtycke-check` can hold the stated bases against the code's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// What the data is used for (Markdown).
    pub purpose: String,
    /// GDPR Art. 6 basis, e.g. `GDPR Art. 6(1)(c)`.
    pub legal_basis: String,
    /// For health data: the Art. 9(2) exception, e.g. `GDPR Art. 9(2)(h)`.
    #[serde(default)]
    pub special_category_basis: Option<String>,
    /// The legitimate interest pursued: required exactly when the basis is `GDPR Art.
    /// 6(1)(f)` (Art. 13(1)(d)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legitimate_interest: Option<String>,
    /// Which of the audience's data categories the purpose uses, each by its id or its text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data_categories: Vec<String>,
    /// Whether the data must be provided, and what follows if it is not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requirement: Option<Requirement>,
    /// For a purpose that publishes figures: the rule, machine-readable, which
    /// `samtycke-check` holds against the code's ([`samtycke_care::processing::Publication`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publication: Option<samtycke_care::processing::Publication>,
}

/// How long one kind of data is kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Retention {
    /// Which of the code's kinds of kept data this is (the ids of
    /// [`samtycke_care::processing::retention`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Which data.
    pub data: String,
    /// For how long, and why (Markdown).
    pub period: String,
    /// Machine-readable `period`: kept this many days after each entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<u32>,
    /// Machine-readable `period`: kept while the consent is in force, erased when it is
    /// withdrawn.
    #[serde(default, skip_serializing_if = "is_false")]
    pub while_consent: bool,
}

/// Someone who receives the data: a processor or an independent recipient.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recipient {
    /// For role `recipient`: the configured recipient this is
    /// ([`samtycke_care::care_network::Recipient::id`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Who.
    pub name: String,
    /// `processor` (acts on our behalf) or `recipient`.
    pub role: String,
    /// Why they get the data.
    pub reason: String,
    /// Where the data goes: ISO 3166-1 alpha-2 code, e.g. `SE` or `US`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// The ground for the transfer: required when `country` is outside the EU/EEA, and only
    /// then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub safeguard: Option<Safeguard>,
}

/// A kind of personal data, as the notice states it: plain text, or text with the id the
/// code names that kind of data by (`{ id = "diagnosis", text = "…" }`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    untagged,
    expecting = "a text, or a table `{ id = \"…\", text = \"…\" }` with nothing else"
)]
pub enum DataCategory {
    /// Text only.
    Text(String),
    /// Text with the code's id.
    Identified(IdentifiedCategory),
}

/// A kind of personal data with the id the code names it by
/// ([`samtycke_care::processing::data_categories`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdentifiedCategory {
    /// The code's id, e.g. `diagnosis`.
    pub id: String,
    /// What the reader sees.
    pub text: String,
}

impl DataCategory {
    /// What the reader sees.
    pub fn text(&self) -> &str {
        match self {
            Self::Text(text) => text,
            Self::Identified(category) => &category.text,
        }
    }

    /// The code's id, if the notice gives one.
    pub fn id(&self) -> Option<&str> {
        match self {
            Self::Text(_) => None,
            Self::Identified(category) => Some(&category.id),
        }
    }
}

/// Personal data not collected from the person, and where it comes from (GDPR Art. 14(2)(f)).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Which data.
    pub data: String,
    /// From whom or where.
    pub source: String,
    /// Whether the source is publicly accessible.
    pub publicly_accessible: bool,
}

/// An automated decision or profiling (GDPR Art. 13(2)(f), 22).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AutomatedActivity {
    /// What is decided or profiled.
    pub what: String,
    /// The logic involved (Markdown).
    pub logic: String,
    /// Its significance for the person (Markdown).
    pub significance: String,
    /// Its envisaged consequences for the person (Markdown).
    pub consequences: String,
    /// Whether a decision with legal or similarly significant effect is made by automated
    /// means only (Art. 22(1)); then the notice must explain the right `automated_decision`.
    pub solely_automated: bool,
    /// For a decision made by automated means only: the Art. 22(2) exception it rests on,
    /// written `GDPR Art. 22(2)(a)` … `(c)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exception: Option<String>,
}

/// What a notice says about automated decisions and profiling for one group of people: that
/// there are none, or each that there is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AutomatedDecisions {
    /// That no automated decisions or profiling happen, in words (Markdown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub none: Option<String>,
    /// Each automated decision or profiling.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub activities: Vec<AutomatedActivity>,
}

/// [`Audience::id`] of the patients of the certificate service: the audience
/// `samtycke-check` holds against the code.
pub const PATIENTS: &str = "patients";

/// [`Audience::id`] of a site's visitors: `samtycke-check` holds how long their choice and
/// its receipts are kept against the site's and the Worker's configuration.
pub const VISITORS: &str = "visitors";

/// One group of people whose data is processed (patients, website visitors, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Audience {
    /// Which group this is, e.g. [`PATIENTS`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Heading, e.g. "Patienter".
    pub name: String,
    /// The kinds of personal data processed.
    pub data_categories: Vec<DataCategory>,
    /// Where data comes from when not from the person.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
    /// Purposes with legal bases.
    pub purposes: Vec<Purpose>,
    /// Automated decisions and profiling, or that there are none.
    pub automated_decisions: AutomatedDecisions,
    /// Retention per kind of data.
    pub retention: Vec<Retention>,
    /// Processors and recipients.
    #[serde(default)]
    pub recipients: Vec<Recipient>,
}

impl Audience {
    /// The data category with id or text `key`, as a purpose names it.
    pub fn category(&self, key: &str) -> Option<&DataCategory> {
        self.data_categories
            .iter()
            .find(|c| c.id() == Some(key))
            .or_else(|| self.data_categories.iter().find(|c| c.text() == key))
    }
}

/// The rights every notice must explain (GDPR Art. 13(2)(b)–(d)).
pub const REQUIRED_RIGHTS: [&str; 7] = [
    "access",
    "rectification",
    "erasure",
    "restriction",
    "objection",
    "portability",
    "withdraw_consent",
];

/// Rights a notice may explain besides [`REQUIRED_RIGHTS`]: that recipients are told of a
/// rectification, erasure or restriction (Art. 19), and not to be subject to a decision made
/// by automated means only (Art. 22; required when an audience has one).
pub const OPTIONAL_RIGHTS: [&str; 2] = ["notification", "automated_decision"];

/// A right and how to use it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Right {
    /// One of [`REQUIRED_RIGHTS`] or [`OPTIONAL_RIGHTS`].
    pub right: String,
    /// Heading.
    pub title: String,
    /// What it means here (Markdown).
    pub text: String,
}

/// A controller jointly responsible with [`PolicyDocument::controller`] (GDPR Art. 26).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JointController {
    /// Legal name.
    pub name: String,
    /// Organisation number: `NNNNNN-NNNN` for a Swedish one.
    pub organisation_number: String,
    /// Where it is registered, if not in Sweden (ISO 3166-1 alpha-2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// How to reach it.
    pub contact: String,
    /// The essence of the arrangement: who is responsible for what (Markdown, Art. 26(2)).
    pub arrangement: String,
    /// Whether it is the contact point for the people whose data is processed (Art. 26(1));
    /// when none is, [`PolicyDocument::controller`] is.
    #[serde(default, skip_serializing_if = "is_false")]
    pub contact_point: bool,
}

/// An age limit of a rule about children's data: the rule applies from the limit before it
/// (or from birth) up to this one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgeLimit {
    /// The rule applies to children younger than this (1–18), and as old as the limit before.
    pub below: u8,
    /// The rule, e.g. who consents or who reads the record (Markdown).
    pub rule: String,
}

/// How children's data is handled and when a guardian acts for the child.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Children {
    /// How children's data is handled (Markdown).
    pub text: String,
    /// When a guardian acts for the child, and when the child acts alone (Markdown).
    pub guardians: String,
    /// Rules by age, youngest first: each applies from the limit before it up to its own.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub age_limits: Vec<AgeLimit>,
}

/// One entry of a notice's change log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Change {
    /// When, `YYYY-MM-DD`.
    pub date: String,
    /// What changed.
    pub summary: String,
    /// Whether the change was material (people were asked for consent again).
    pub material: bool,
}

/// A privacy notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyDocument {
    /// URL segment, e.g. `webbplatsen`.
    pub slug: String,
    /// Language of the text.
    pub language: Language,
    /// Page title.
    pub title: String,
    /// Introduction (Markdown).
    pub summary: String,
    /// Last updated, `YYYY-MM-DD`.
    pub updated: String,
    /// Bumped by the owner when a change is material: people are asked for consent again.
    pub material_revision: u32,
    /// Who is responsible.
    pub controller: PolicyController,
    /// Controllers jointly responsible with `controller` (Art. 26).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub joint_controllers: Vec<JointController>,
    /// Per group of people.
    pub audiences: Vec<Audience>,
    /// Transfers outside the EU/EEA, or that there are none (Markdown). May be left out when
    /// every recipient states its country: the page then says it from those.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transfers: Option<String>,
    /// The security measures, in short (Art. 32).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub security: Vec<String>,
    /// Children's data and guardians.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub children: Option<Children>,
    /// Every right in [`REQUIRED_RIGHTS`], and any of [`OPTIONAL_RIGHTS`].
    pub rights: Vec<Right>,
    /// How to complain to the supervisory authority, IMY (Markdown).
    pub complaint: String,
    /// Whether to add the cookie section generated from the site configuration.
    #[serde(default)]
    pub cookies_section: bool,
    /// The site the notice is published for (`config/sites/<site>.json`), whose configuration
    /// the cookie section lists; without it, the deployment's own (`config/site.json`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<String>,
    /// Words about cookies shown in the cookie section, e.g. a link to a cookie policy
    /// (Markdown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cookie_notice: Option<String>,
    /// What changed and when, newest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<Change>,
}
