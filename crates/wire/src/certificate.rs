//! A medical certificate as a care provider's record system sends it and the patient app
//! shows it. Its validation is `samtycke-care`'s (`certificate::CertificateRules`).

use serde::{Deserialize, Serialize};

/// Kinds of certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CertificateType {
    /// Medical certificate for sickness benefit (läkarintyg för sjukpenning).
    Sjukpenning,
}

impl CertificateType {
    /// The type's id, as configuration names it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sjukpenning => "sjukpenning",
        }
    }

    /// The type an id names.
    pub fn parse(id: &str) -> Option<Self> {
        [Self::Sjukpenning].into_iter().find(|t| t.as_str() == id)
    }
}

/// Who issued the certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Issuer {
    /// The doctor who signed it.
    pub doctor: String,
    /// Care unit (vårdenhet).
    pub care_unit: String,
    /// The care unit's HSA id.
    pub care_unit_id: String,
    /// Care provider (vårdgivare), e.g. a region.
    pub care_provider: String,
}

/// Who the certificate is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CertificatePatient {
    /// Personal identity number, twelve digits.
    pub personal_identity_number: String,
    /// Full name.
    pub name: String,
    /// Postal address.
    pub address: String,
}

/// A diagnosis: an ICD-10 code and its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Diagnosis {
    /// ICD-10(-SE) code, e.g. `L20.9`.
    pub code: String,
    /// What the code means, in the doctor's words.
    pub text: String,
}

/// One stretch of sick leave at one degree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SickLeavePeriod {
    /// Per cent of full working time: one of `DEGREES` (`samtycke-care`).
    pub degree: u8,
    /// First day, `YYYY-MM-DD`.
    pub from: String,
    /// Last day, `YYYY-MM-DD`.
    pub to: String,
}

/// One certificate, as the care provider's system sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Certificate {
    /// The provider's own id for it.
    pub id: String,
    /// 1 for the first issue; a correction has a higher one.
    pub version: u32,
    /// What kind of certificate.
    #[serde(rename = "type")]
    pub kind: CertificateType,
    /// When the doctor signed it (RFC 3339).
    pub issued_at: String,
    /// Who issued it.
    pub issuer: Issuer,
    /// Who it is about.
    pub patient: CertificatePatient,
    /// Diagnoses, the main one first.
    pub diagnoses: Vec<Diagnosis>,
    /// What the assessment rests on (examinations, visits, records).
    pub basis: String,
    /// Course of the illness.
    pub course: String,
    /// Functional impairment.
    pub impairment: String,
    /// Activity limitation.
    pub activity_limitation: String,
    /// What work the capacity was assessed against.
    pub work_capacity_assessed_against: String,
    /// Sick-leave periods, in order, not overlapping.
    pub sick_leave: Vec<SickLeavePeriod>,
    /// Recommendations.
    pub recommendations: String,
    /// Planned or ongoing treatment.
    pub planned_treatment: String,
    /// Prognosis.
    pub prognosis: String,
}
