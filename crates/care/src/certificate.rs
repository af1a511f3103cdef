//! A medical certificate as a care provider's record system sends it and the patient sees it:
//! the sick-leave certificate ("läkarintyg för sjukpenning"), validated field by field.
//!
//! Certificates are identified by the provider and the provider's own id; a correction comes
//! as the same id with a higher `version` and replaces the earlier one.

use thiserror::Error;
use time::{Date, OffsetDateTime};

use crate::personnummer::IdentityNumber;
pub use samtycke_wire::certificate::{
    Certificate, CertificatePatient, CertificateType, Diagnosis, Issuer, SickLeavePeriod,
};

/// Longest free text a certificate field may hold.
pub const MAX_TEXT: usize = 2_000;

/// Most diagnoses one certificate states.
pub const MAX_DIAGNOSES: usize = 3;

/// Most sick-leave periods one certificate states.
pub const MAX_PERIODS: usize = 4;

/// The sick-leave degrees Swedish sickness benefit knows (per cent of full time).
pub const DEGREES: [u8; 4] = [25, 50, 75, 100];

/// The kinds of personal data a certificate carries, by id: what the privacy notice must name
/// (`samtycke-check` compares). Each id with the fields that hold it.
pub const DATA_CATEGORIES: [(&str, &str); 7] = [
    ("identity", "patient.name, patient.personal_identity_number"),
    ("address", "patient.address"),
    ("diagnosis", "diagnoses, course"),
    (
        "functional_assessment",
        "impairment, activity_limitation, work_capacity_assessed_against",
    ),
    ("sick_leave", "sick_leave, prognosis"),
    ("treatment", "recommendations, planned_treatment"),
    ("care_contacts", "issuer, basis"),
];

/// Why a certificate is refused: the field and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("field `{field}`: {problem}")]
pub struct CertificateError {
    /// Path of the field, e.g. `sick_leave[1].degree`.
    pub field: String,
    /// What is wrong.
    pub problem: String,
}

fn invalid(field: impl Into<String>, problem: impl Into<String>) -> CertificateError {
    CertificateError {
        field: field.into(),
        problem: problem.into(),
    }
}

fn text(field: &str, value: &str) -> Result<(), CertificateError> {
    if value.trim().is_empty() {
        return Err(invalid(field, "must not be empty"));
    }
    if value.chars().count() > MAX_TEXT {
        return Err(invalid(
            field,
            format!("must be at most {MAX_TEXT} characters"),
        ));
    }
    if value.chars().any(|c| c.is_control() && c != '\n') {
        return Err(invalid(field, "must not hold control characters"));
    }
    Ok(())
}

/// Whether `id` can name a certificate: 1–64 of `A–Z a–z 0–9 . _ -`.
pub fn is_certificate_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

fn date(field: &str, value: &str) -> Result<Date, CertificateError> {
    samtycke_visitor::instant::parse_date(value)
        .ok_or_else(|| invalid(field, "must be a date, YYYY-MM-DD"))
}

/// A certificate that passed [`CertificateRules::validate`], with what was read from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidCertificate {
    /// The certificate.
    pub certificate: Certificate,
    /// Its patient's number.
    pub patient: IdentityNumber,
    /// When it was signed.
    pub issued_at: OffsetDateTime,
}

/// The rules a certificate from a care system is held to, and what is read from it.
pub trait CertificateRules {
    /// Check every field; the first problem found is returned, naming its field.
    fn validate(self) -> Result<ValidCertificate, CertificateError>;

    /// The content hash a disclosure receipt names: SHA-256 of the RFC 8785 canonical JSON.
    fn content_hash(&self) -> String;

    /// The first and last day of sick leave, if the periods are readable.
    fn sick_leave_span(&self) -> Option<(Date, Date)>;
}

impl CertificateRules for Certificate {
    fn validate(self) -> Result<ValidCertificate, CertificateError> {
        if !is_certificate_id(&self.id) {
            return Err(invalid("id", "must be 1–64 of A–Z a–z 0–9 . _ -"));
        }
        if self.version == 0 {
            return Err(invalid("version", "starts at 1"));
        }
        let issued_at = OffsetDateTime::parse(
            &self.issued_at,
            &time::format_description::well_known::Rfc3339,
        )
        .map_err(|_| invalid("issued_at", "must be an RFC 3339 time"))?;
        for (field, value) in [
            ("issuer.doctor", &self.issuer.doctor),
            ("issuer.care_unit", &self.issuer.care_unit),
            ("issuer.care_unit_id", &self.issuer.care_unit_id),
            ("issuer.care_provider", &self.issuer.care_provider),
            ("patient.name", &self.patient.name),
            ("patient.address", &self.patient.address),
            ("basis", &self.basis),
            ("course", &self.course),
            ("impairment", &self.impairment),
            ("activity_limitation", &self.activity_limitation),
            (
                "work_capacity_assessed_against",
                &self.work_capacity_assessed_against,
            ),
            ("recommendations", &self.recommendations),
            ("planned_treatment", &self.planned_treatment),
            ("prognosis", &self.prognosis),
        ] {
            text(field, value)?;
        }
        let patient = IdentityNumber::parse(&self.patient.personal_identity_number)
            .map_err(|e| invalid("patient.personal_identity_number", e.to_string()))?;
        if self.diagnoses.is_empty() || self.diagnoses.len() > MAX_DIAGNOSES {
            return Err(invalid(
                "diagnoses",
                format!("must hold 1 to {MAX_DIAGNOSES} diagnoses"),
            ));
        }
        for (i, d) in self.diagnoses.iter().enumerate() {
            if icd10_chapter(&d.code).is_none() {
                return Err(invalid(
                    format!("diagnoses[{i}].code"),
                    "must be an ICD-10 code such as L20.9",
                ));
            }
            text(&format!("diagnoses[{i}].text"), &d.text)?;
        }
        if self.sick_leave.is_empty() || self.sick_leave.len() > MAX_PERIODS {
            return Err(invalid(
                "sick_leave",
                format!("must hold 1 to {MAX_PERIODS} periods"),
            ));
        }
        let mut previous_end: Option<Date> = None;
        for (i, p) in self.sick_leave.iter().enumerate() {
            if !DEGREES.contains(&p.degree) {
                return Err(invalid(
                    format!("sick_leave[{i}].degree"),
                    "must be 25, 50, 75 or 100",
                ));
            }
            let from = date(&format!("sick_leave[{i}].from"), &p.from)?;
            let to = date(&format!("sick_leave[{i}].to"), &p.to)?;
            if to < from {
                return Err(invalid(
                    format!("sick_leave[{i}].to"),
                    "must not be before `from`",
                ));
            }
            if previous_end.is_some_and(|end| from <= end) {
                return Err(invalid(
                    format!("sick_leave[{i}].from"),
                    "periods must be in order and must not overlap",
                ));
            }
            previous_end = Some(to);
        }
        Ok(ValidCertificate {
            certificate: self,
            patient,
            issued_at,
        })
    }

    fn content_hash(&self) -> String {
        let value = serde_json::to_value(self).unwrap_or_default();
        samtycke_receipts::canonical::sha256_tagged(
            samtycke_receipts::canonical::to_canonical_string(&value).as_bytes(),
        )
    }

    fn sick_leave_span(&self) -> Option<(Date, Date)> {
        let first = self.sick_leave.first()?;
        let last = self.sick_leave.last()?;
        Some((
            samtycke_visitor::instant::parse_date(&first.from)?,
            samtycke_visitor::instant::parse_date(&last.to)?,
        ))
    }
}

/// How a certificate is addressed in Samtycke: the provider's id and the certificate's,
/// joined by `~` (neither may contain it).
pub fn certificate_key(provider: &str, id: &str) -> String {
    format!("{provider}~{id}")
}

/// An ICD-10 chapter: its number and the range of codes it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chapter {
    /// Roman numeral, e.g. `XII`.
    pub number: &'static str,
    /// Codes, e.g. `L00–L99`.
    pub range: &'static str,
}

/// The chapters of ICD-10 by their first code, in code order.
const CHAPTERS: [(&str, &str, &str); 22] = [
    ("A00", "I", "A00–B99"),
    ("C00", "II", "C00–D48"),
    ("D50", "III", "D50–D89"),
    ("E00", "IV", "E00–E90"),
    ("F00", "V", "F00–F99"),
    ("G00", "VI", "G00–G99"),
    ("H00", "VII", "H00–H59"),
    ("H60", "VIII", "H60–H95"),
    ("I00", "IX", "I00–I99"),
    ("J00", "X", "J00–J99"),
    ("K00", "XI", "K00–K93"),
    ("L00", "XII", "L00–L99"),
    ("M00", "XIII", "M00–M99"),
    ("N00", "XIV", "N00–N99"),
    ("O00", "XV", "O00–O99"),
    ("P00", "XVI", "P00–P96"),
    ("Q00", "XVII", "Q00–Q99"),
    ("R00", "XVIII", "R00–R99"),
    ("S00", "XIX", "S00–T98"),
    ("U00", "XXII", "U00–U99"),
    ("V01", "XX", "V01–Y98"),
    ("Z00", "XXI", "Z00–Z99"),
];

/// The chapter of an ICD-10 code (`L20.9`, `F32`, `U07.1`), or `None` if it is not one.
pub fn icd10_chapter(code: &str) -> Option<Chapter> {
    let bytes = code.as_bytes();
    let well_formed = match bytes {
        [l, d1, d2, rest @ ..] => {
            l.is_ascii_uppercase()
                && d1.is_ascii_digit()
                && d2.is_ascii_digit()
                && match rest {
                    [] => true,
                    [b'.', tail @ ..] => {
                        (1..=2).contains(&tail.len())
                            && tail
                                .iter()
                                .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
                    }
                    _ => false,
                }
        }
        _ => false,
    };
    if !well_formed {
        return None;
    }
    let head = &code[..3];
    CHAPTERS
        .iter()
        .rev()
        .find(|(first, _, _)| *first <= head)
        .map(|(_, number, range)| Chapter { number, range })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A valid certificate to vary.
    pub(crate) fn sample() -> Certificate {
        Certificate {
            id: "lisjp-1".into(),
            version: 1,
            kind: CertificateType::Sjukpenning,
            issued_at: "2026-10-02T09:14:00Z".into(),
            issuer: Issuer {
                doctor: "Agnes Exempel".into(),
                care_unit: "Hudkliniken".into(),
                care_unit_id: "SE2321000016-1003".into(),
                care_provider: "Region Exempel".into(),
            },
            patient: CertificatePatient {
                personal_identity_number: "191212121212".into(),
                name: "Tolvan Tolvansson".into(),
                address: "Testgatan 12".into(),
            },
            diagnoses: vec![Diagnosis {
                code: "L20.9".into(),
                text: "Atopiskt eksem".into(),
            }],
            basis: "Besök".into(),
            course: "Försämring".into(),
            impairment: "Nedsatt greppförmåga".into(),
            activity_limitation: "Kan inte arbeta i vått".into(),
            work_capacity_assessed_against: "Nuvarande arbete".into(),
            sick_leave: vec![
                SickLeavePeriod {
                    degree: 100,
                    from: "2026-10-02".into(),
                    to: "2026-10-15".into(),
                },
                SickLeavePeriod {
                    degree: 50,
                    from: "2026-10-16".into(),
                    to: "2026-10-30".into(),
                },
            ],
            recommendations: "Undvik vått arbete".into(),
            planned_treatment: "Ljusbehandling".into(),
            prognosis: "God".into(),
        }
    }

    fn field_of(c: Certificate) -> String {
        c.validate().expect_err("invalid").field
    }

    #[test]
    fn a_complete_certificate_is_valid() {
        let valid = sample().validate().unwrap();
        assert_eq!(valid.patient.as_str(), "191212121212");
        assert_eq!(
            sample().sick_leave_span(),
            Some((
                time::macros::date!(2026 - 10 - 02),
                time::macros::date!(2026 - 10 - 30)
            ))
        );
    }

    #[test]
    fn each_rule_names_its_field() {
        let mut c = sample();
        c.sick_leave[1].degree = 40;
        assert_eq!(field_of(c), "sick_leave[1].degree");
        let mut c = sample();
        c.sick_leave[1].from = "2026-10-15".into();
        assert_eq!(field_of(c), "sick_leave[1].from");
        let mut c = sample();
        c.sick_leave[0].to = "2026-10-01".into();
        assert_eq!(field_of(c), "sick_leave[0].to");
        let mut c = sample();
        c.sick_leave.clear();
        assert_eq!(field_of(c), "sick_leave");
        let mut c = sample();
        c.diagnoses[0].code = "L2".into();
        assert_eq!(field_of(c), "diagnoses[0].code");
        let mut c = sample();
        c.patient.personal_identity_number = "191212121213".into();
        assert_eq!(field_of(c), "patient.personal_identity_number");
        let mut c = sample();
        c.prognosis = " ".into();
        assert_eq!(field_of(c), "prognosis");
        let mut c = sample();
        c.id = "a~b".into();
        assert_eq!(field_of(c), "id");
        let mut c = sample();
        c.version = 0;
        assert_eq!(field_of(c), "version");
        let mut c = sample();
        c.issued_at = "2026-10-02".into();
        assert_eq!(field_of(c), "issued_at");
        let mut c = sample();
        c.course = "x".repeat(MAX_TEXT + 1);
        assert_eq!(field_of(c), "course");
    }

    #[test]
    fn unknown_fields_are_refused() {
        let mut json = serde_json::to_value(sample()).unwrap();
        json["ssn"] = "x".into();
        let refused = serde_json::from_value::<Certificate>(json).unwrap_err();
        assert!(
            refused.to_string().contains("unknown field `ssn`"),
            "{refused}"
        );
    }

    #[test]
    fn icd10_codes_map_to_their_chapters() {
        let chapter = |c| icd10_chapter(c).map(|ch| ch.number);
        assert_eq!(chapter("L20.9"), Some("XII"));
        assert_eq!(chapter("F32"), Some("V"));
        assert_eq!(chapter("F43.8A"), Some("V"));
        assert_eq!(chapter("F43.8"), Some("V"));
        assert_eq!(chapter("D48.9"), Some("II"));
        assert_eq!(chapter("D50.0"), Some("III"));
        assert_eq!(chapter("H60"), Some("VIII"));
        assert_eq!(chapter("T14.9"), Some("XIX"));
        assert_eq!(chapter("U07.1"), Some("XXII"));
        assert_eq!(chapter("Z73.0"), Some("XXI"));
        assert_eq!(chapter("M54.50"), Some("XIII"));
        for bad in ["", "l20.9", "L2", "L20.", "L20.123", "L209x", "20.9"] {
            assert_eq!(icd10_chapter(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_content_hash_changes_with_any_field() {
        let a = sample().content_hash();
        assert!(a.starts_with("sha256:"), "{a}");
        let mut b = sample();
        b.prognosis.push('.');
        assert_ne!(a, b.content_hash());
        assert_eq!(a, sample().content_hash());
    }
}
