//! A medical certificate as the patient sees it: the data categories the patient's consent
//! covers, in one record.

use serde::{Deserialize, Serialize};

/// Who the certificate is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificatePatient {
    /// Full name.
    pub name: String,
    /// Personal identity number, twelve digits.
    pub personal_identity_number: String,
    /// Postal address.
    pub address: String,
}

/// One certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certificate {
    /// Identifier, unique per patient.
    pub id: String,
    /// Kind, e.g. a certificate for sickness benefit.
    pub kind: String,
    /// Date issued, `YYYY-MM-DD`.
    pub issued_on: String,
    /// Issuing care unit.
    pub issuer: String,
    /// Issuing doctor.
    pub doctor: String,
    /// The patient.
    pub patient: CertificatePatient,
    /// Diagnosis (with ICD-10 code).
    pub diagnosis: String,
    /// Course of illness.
    pub course: String,
    /// Functional impairment.
    pub impairment: String,
    /// Activity limitation.
    pub limitation: String,
    /// Recommendations.
    pub recommendations: String,
    /// Planned or ongoing treatment.
    pub treatment: String,
    /// Work capacity and period.
    pub work_capacity: String,
    /// Prognosis.
    pub prognosis: String,
    /// Care visits the certificate rests on.
    pub visits: String,
}
