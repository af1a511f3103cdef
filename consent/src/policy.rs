//! Privacy notices (GDPR Art. 12–14) and personal-data-breach notices (Art. 34) as data:
//! parsed from TOML files the site owner maintains, validated with errors that name the file
//! and the field, and versioned by a hash of their content.

use serde::{Deserialize, Serialize};

#[cfg(feature = "jcs")]
use crate::canonical::{sha256_tagged, to_canonical_string};
use crate::config::Language;

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
}

fn is_false(value: &bool) -> bool {
    !*value
}

/// One purpose of processing and the legal ground it rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Purpose {
    /// Which of the code's purposes this is ([`crate::processing::PurposeFact::id`]), so that
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
}

/// How long one kind of data is kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Retention {
    /// Which of the code's kinds of kept data this is (the ids of
    /// [`crate::processing::retention`]).
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
    /// ([`crate::care_network::Recipient::id`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Who.
    pub name: String,
    /// `processor` (acts on our behalf) or `recipient`.
    pub role: String,
    /// Why they get the data.
    pub reason: String,
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
/// ([`crate::processing::data_categories`]).
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

/// [`Audience::id`] of the patients of the certificate service: the audience
/// `samtycke-check` holds against the code.
pub const PATIENTS: &str = "patients";

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
    /// Purposes with legal bases.
    pub purposes: Vec<Purpose>,
    /// Retention per kind of data.
    pub retention: Vec<Retention>,
    /// Processors and recipients.
    #[serde(default)]
    pub recipients: Vec<Recipient>,
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

/// A right and how to use it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Right {
    /// One of [`REQUIRED_RIGHTS`].
    pub right: String,
    /// Heading.
    pub title: String,
    /// What it means here (Markdown).
    pub text: String,
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
    /// Per group of people.
    pub audiences: Vec<Audience>,
    /// Transfers outside the EU/EEA, or that there are none (Markdown).
    pub transfers: String,
    /// Every right in [`REQUIRED_RIGHTS`].
    pub rights: Vec<Right>,
    /// How to complain to the supervisory authority, IMY (Markdown).
    pub complaint: String,
    /// Whether to add the cookie section generated from the site configuration.
    #[serde(default)]
    pub cookies_section: bool,
}

/// A notice to the people affected by a personal-data breach (GDPR Art. 34).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BreachNotice {
    /// URL segment.
    pub slug: String,
    /// Language of the text.
    pub language: Language,
    /// Page title.
    pub title: String,
    /// Published, `YYYY-MM-DD`.
    pub published: String,
    /// Who is responsible.
    pub controller: PolicyController,
    /// What happened (Markdown).
    pub what_happened: String,
    /// Whose data was affected (Markdown).
    pub who_is_affected: String,
    /// Which data was involved.
    pub data_involved: Vec<String>,
    /// Likely consequences (Markdown).
    pub consequences: String,
    /// What the controller has done and will do (Markdown).
    pub measures: String,
    /// What the reader can do (Markdown).
    pub what_you_can_do: String,
    /// Where to ask (Markdown).
    pub contact: String,
}

/// Why a policy or breach-notice file is unusable.
pub type PolicyError = crate::file_error::FileError;

/// Whether a file holds a breach notice rather than a privacy notice: its name starts with
/// `incident-`.
pub fn is_breach_file(path: &str) -> bool {
    path.rsplit('/')
        .next()
        .unwrap_or(path)
        .starts_with("incident-")
}

fn syntax(file: &str, e: impl std::fmt::Display) -> PolicyError {
    PolicyError::Syntax {
        file: file.to_owned(),
        message: e.to_string().trim().to_owned(),
    }
}

struct Check<'a> {
    file: &'a str,
}

impl Check<'_> {
    fn fail(&self, field: impl Into<String>, problem: &str) -> PolicyError {
        PolicyError::Invalid {
            file: self.file.to_owned(),
            field: field.into(),
            problem: problem.to_owned(),
        }
    }

    fn text(&self, field: &str, value: &str) -> Result<(), PolicyError> {
        if value.trim().is_empty() {
            Err(self.fail(field, "must not be empty"))
        } else {
            Ok(())
        }
    }

    fn slug(&self, value: &str) -> Result<(), PolicyError> {
        let ok = (1..=64).contains(&value.len())
            && value
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if ok {
            Ok(())
        } else {
            Err(self.fail("slug", "must be 1–64 lowercase letters, digits or `-`"))
        }
    }

    fn date(&self, field: &str, value: &str) -> Result<(), PolicyError> {
        let format = time::macros::format_description!("[year]-[month]-[day]");
        time::Date::parse(value, format)
            .map(|_| ())
            .map_err(|_| self.fail(field, "must be a date written YYYY-MM-DD"))
    }

    fn controller(&self, c: &PolicyController) -> Result<(), PolicyError> {
        self.text("controller.name", &c.name)?;
        self.text("controller.address", &c.address)?;
        let org = c.organisation_number.as_bytes();
        let org_ok = org.len() == 11
            && org[6] == b'-'
            && org
                .iter()
                .enumerate()
                .all(|(i, b)| i == 6 || b.is_ascii_digit());
        if !org_ok {
            return Err(self.fail(
                "controller.organisation_number",
                "must be written NNNNNN-NNNN",
            ));
        }
        if !c.email.contains('@') {
            return Err(self.fail("controller.email", "must be an e-mail address"));
        }
        Ok(())
    }
}

/// `GDPR Art. 6(1)(a)` … `(f)`.
fn is_art6_basis(basis: &str) -> bool {
    basis
        .strip_prefix("GDPR Art. 6(1)(")
        .and_then(|rest| rest.strip_suffix(')'))
        .is_some_and(|letter| matches!(letter, "a" | "b" | "c" | "d" | "e" | "f"))
}

impl PolicyDocument {
    /// Parse and validate a notice as its owner writes it (TOML); `file` names it in errors.
    pub fn parse(file: &str, text: &str) -> Result<Self, PolicyError> {
        Self::validated(file, toml::from_str(text).map_err(|e| syntax(file, e))?)
    }

    /// Parse and validate a notice from its JSON form (the same fields), as the build bundles
    /// it for the Worker, which then needs no TOML parser.
    pub fn from_json(file: &str, text: &str) -> Result<Self, PolicyError> {
        Self::validated(
            file,
            serde_json::from_str(text).map_err(|e| syntax(file, e))?,
        )
    }

    fn validated(file: &str, doc: Self) -> Result<Self, PolicyError> {
        let check = Check { file };
        check.slug(&doc.slug)?;
        check.text("title", &doc.title)?;
        check.date("updated", &doc.updated)?;
        check.controller(&doc.controller)?;
        if doc.audiences.is_empty() {
            return Err(check.fail("audiences", "must list at least one group of people"));
        }
        for (a, audience) in doc.audiences.iter().enumerate() {
            let at = |name: &str| format!("audiences[{a}].{name}");
            check.text(&at("name"), &audience.name)?;
            if audience.data_categories.is_empty() {
                return Err(check.fail(at("data_categories"), "must not be empty"));
            }
            for (c, category) in audience.data_categories.iter().enumerate() {
                if category.id().is_some_and(|id| id.trim().is_empty()) {
                    return Err(
                        check.fail(at(&format!("data_categories[{c}].id")), "must not be empty")
                    );
                }
                check.text(&at(&format!("data_categories[{c}]")), category.text())?;
            }
            if audience.purposes.is_empty() {
                return Err(check.fail(at("purposes"), "must not be empty"));
            }
            for (p, purpose) in audience.purposes.iter().enumerate() {
                if !is_art6_basis(&purpose.legal_basis) {
                    return Err(check.fail(
                        at(&format!("purposes[{p}].legal_basis")),
                        "must be a GDPR Art. 6(1) basis, written `GDPR Art. 6(1)(a)` … `(f)`",
                    ));
                }
                if let Some(art9) = &purpose.special_category_basis
                    && !art9.starts_with("GDPR Art. 9(2)(")
                {
                    return Err(check.fail(
                        at(&format!("purposes[{p}].special_category_basis")),
                        "must be a GDPR Art. 9(2) exception, written `GDPR Art. 9(2)(h)`",
                    ));
                }
            }
            if audience.retention.is_empty() {
                return Err(check.fail(at("retention"), "must say how long data is kept"));
            }
            for (r, retention) in audience.retention.iter().enumerate() {
                if retention.days.is_some() && retention.while_consent {
                    return Err(check.fail(
                        at(&format!("retention[{r}].days")),
                        "cannot stand beside `while_consent = true`: state one of them",
                    ));
                }
            }
            for (r, recipient) in audience.recipients.iter().enumerate() {
                if recipient.role != "processor" && recipient.role != "recipient" {
                    return Err(check.fail(
                        at(&format!("recipients[{r}].role")),
                        "must be `processor` or `recipient`",
                    ));
                }
            }
        }
        for (i, right) in doc.rights.iter().enumerate() {
            if !REQUIRED_RIGHTS.contains(&right.right.as_str()) {
                return Err(check.fail(
                    format!("rights[{i}].right"),
                    "is not a right this notice type knows",
                ));
            }
        }
        if let Some(missing) = REQUIRED_RIGHTS
            .iter()
            .find(|r| !doc.rights.iter().any(|x| x.right == **r))
        {
            return Err(check.fail("rights", &format!("must explain the right `{missing}`")));
        }
        check.text("transfers", &doc.transfers)?;
        if !doc.complaint.contains("IMY") && !doc.complaint.contains("Integritetsskyddsmyndigheten")
        {
            return Err(check.fail("complaint", "must tell how to complain to IMY"));
        }
        Ok(doc)
    }

    /// `sha256:` hash of the canonical content: shown on the page and cited by receipts.
    #[cfg(feature = "jcs")]
    pub fn version(&self) -> String {
        content_hash(self)
    }
}

impl BreachNotice {
    /// Parse and validate a breach notice (TOML); `file` names it in errors.
    pub fn parse(file: &str, text: &str) -> Result<Self, PolicyError> {
        Self::validated(file, toml::from_str(text).map_err(|e| syntax(file, e))?)
    }

    /// Parse and validate a breach notice from its JSON form, like
    /// [`PolicyDocument::from_json`].
    pub fn from_json(file: &str, text: &str) -> Result<Self, PolicyError> {
        Self::validated(
            file,
            serde_json::from_str(text).map_err(|e| syntax(file, e))?,
        )
    }

    fn validated(file: &str, doc: Self) -> Result<Self, PolicyError> {
        let check = Check { file };
        check.slug(&doc.slug)?;
        check.text("title", &doc.title)?;
        check.date("published", &doc.published)?;
        check.controller(&doc.controller)?;
        for (field, value) in [
            ("what_happened", &doc.what_happened),
            ("who_is_affected", &doc.who_is_affected),
            ("consequences", &doc.consequences),
            ("measures", &doc.measures),
            ("what_you_can_do", &doc.what_you_can_do),
            ("contact", &doc.contact),
        ] {
            check.text(field, value)?;
        }
        if doc.data_involved.is_empty() {
            return Err(check.fail("data_involved", "must list the data involved"));
        }
        Ok(doc)
    }

    /// `sha256:` hash of the canonical content.
    #[cfg(feature = "jcs")]
    pub fn version(&self) -> String {
        content_hash(self)
    }
}

#[cfg(feature = "jcs")]
fn content_hash<T: Serialize>(doc: &T) -> String {
    let value = serde_json::to_value(doc).unwrap_or_default();
    sha256_tagged(to_canonical_string(&value).as_bytes())
}

#[cfg(all(test, feature = "jcs"))]
mod tests {
    use super::*;

    const GOOD: &str = include_str!("../../policies/intygstjansten.sv.toml");
    const BREACH: &str = include_str!("../../policies/incident-2026-10.sv.toml");

    fn invalid(text: &str) -> (String, String) {
        match PolicyDocument::parse("p.toml", text) {
            Err(PolicyError::Invalid { field, problem, .. }) => (field, problem),
            other => panic!("expected a field error, got {other:?}"),
        }
    }

    #[test]
    fn bundled_example_validates() {
        let doc = PolicyDocument::parse("p.toml", GOOD).unwrap();
        assert_eq!(doc.rights.len(), REQUIRED_RIGHTS.len());
        assert!(doc.version().starts_with("sha256:"));
        BreachNotice::parse("b.toml", BREACH).unwrap();
    }

    #[test]
    fn a_missing_right_is_named() {
        let text = GOOD.replace("right = \"portability\"", "right = \"access\"");
        assert_eq!(
            invalid(&text),
            (
                "rights".into(),
                "must explain the right `portability`".into()
            )
        );
    }

    #[test]
    fn legal_basis_must_be_an_article_6_ground() {
        let text = GOOD.replacen(
            "legal_basis = \"GDPR Art. 6(1)(a)\"",
            "legal_basis = \"samtycke\"",
            1,
        );
        assert_eq!(invalid(&text).0, "audiences[0].purposes[0].legal_basis");
        let text = GOOD.replacen("GDPR Art. 9(2)(a)", "Art 9", 1);
        assert_eq!(
            invalid(&text).0,
            "audiences[0].purposes[0].special_category_basis"
        );
    }

    #[test]
    fn dates_numbers_and_complaints_are_checked() {
        assert_eq!(
            invalid(&GOOD.replace("2026-11-29", "29 nov 2026")).0,
            "updated"
        );
        assert_eq!(
            invalid(&GOOD.replace("559999-0000", "5599990000")).0,
            "controller.organisation_number"
        );
        let no_imy = GOOD.replace("Integritetsskyddsmyndigheten (IMY)", "myndigheten");
        assert_eq!(invalid(&no_imy).0, "complaint");
    }

    #[test]
    fn syntax_errors_and_unknown_fields_name_the_file() {
        let err = PolicyDocument::parse("p.toml", "slug = ").unwrap_err();
        assert!(err.to_string().starts_with("p.toml: "), "{err}");
        let err = PolicyDocument::parse("p.toml", &format!("{GOOD}\nextra = 1\n")).unwrap_err();
        assert!(err.to_string().contains("extra"), "{err}");
    }

    #[test]
    fn version_follows_content() {
        let a = PolicyDocument::parse("p.toml", GOOD).unwrap();
        let b = PolicyDocument::parse(
            "p.toml",
            &GOOD.replace("material_revision = 1", "material_revision = 2"),
        )
        .unwrap();
        assert_ne!(a.version(), b.version());
        assert_eq!(
            a.version(),
            PolicyDocument::parse("p.toml", GOOD).unwrap().version()
        );
    }

    #[test]
    fn data_categories_are_text_or_text_with_an_id() {
        let doc = PolicyDocument::parse("p.toml", GOOD).unwrap();
        let patients = &doc.audiences[0];
        assert_eq!(patients.id.as_deref(), Some(PATIENTS));
        assert_eq!(patients.data_categories[0].id(), Some("identity"));
        assert_eq!(patients.data_categories[0].text(), "Namn och personnummer");
        let visitors = &doc.audiences[1];
        assert_eq!(visitors.data_categories[0].id(), None);
        assert!(
            visitors.data_categories[0]
                .text()
                .starts_with("Ditt val om kakor")
        );

        let extra = GOOD.replace(
            "{ id = \"address\", text = \"Adress\" }",
            "{ id = \"address\", text = \"Adress\", note = \"x\" }",
        );
        let err = PolicyDocument::parse("p.toml", &extra).unwrap_err();
        assert!(err.to_string().contains("{ id = "), "{err}");
        let empty = GOOD.replace("{ id = \"address\", text = \"Adress\" }", "\"  \"");
        assert_eq!(invalid(&empty).0, "audiences[0].data_categories[1]");
    }

    #[test]
    fn a_retention_states_days_or_while_consent_not_both() {
        let both = GOOD.replace("days = 3650", "days = 3650\nwhile_consent = true");
        assert_eq!(invalid(&both).0, "audiences[0].retention[2].days");
    }

    #[test]
    fn notices_without_the_new_fields_keep_their_version() {
        // The machine-readable fields are left out of the content hash when unset, so a notice
        // that does not use them keeps the version its receipts cite.
        let text = include_str!("../../policies/hudkliniken.sv.toml");
        let doc = PolicyDocument::parse("h.toml", text).unwrap();
        let json = serde_json::to_string(&doc).unwrap();
        for field in ["\"id\"", "\"days\"", "\"while_consent\""] {
            assert!(!json.contains(field), "{field} in {json}");
        }
    }

    #[test]
    fn breach_notice_needs_the_data_involved() {
        let text = BREACH.replace(
            "data_involved = [\"Namn\", \"E-postadress\", \"Datum och tid för bokat besök\", \"Mottagningens namn\"]",
            "data_involved = []",
        );
        assert!(matches!(
            BreachNotice::parse("b.toml", &text),
            Err(PolicyError::Invalid { ref field, .. }) if field == "data_involved"
        ));
    }
}
