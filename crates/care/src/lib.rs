//! Mina intyg's rules: a patient's consent and its state machine, medical certificates and
//! who may send them (the care network), the disclosure receipts of sending one on, the
//! published statistics, how long each kind of data is kept, and personal identity numbers.
//! `processing` states what is done with patients' data once, for the code and for the
//! notice check.
//!
//! Depends on `samtycke-visitor`, `samtycke-wire` and `samtycke-receipts`; never on auth or
//! policy. Pure: no I/O, no clock.

pub mod care_network;
pub mod certificate;
pub mod disclosure;
pub mod fhir;
pub mod patient;
pub mod personnummer;
pub mod processing;
pub mod retention;
pub mod statistics;

pub use certificate::{Certificate, CertificateRules, ValidCertificate};
pub use patient::{PatientAction, PatientConsentState, Transitions};
pub use personnummer::IdentityNumber;
