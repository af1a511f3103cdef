//! The wire contract: the types that travel between the browser app and the Worker as JSON,
//! defined once for both: receipts and their requests, certificates, and the patient API's
//! requests and answers (`patient_api`). The rules that make, check and sign them belong to the
//! domain crates (`samtycke-receipts`, `samtycke-care`), which re-export these types. (What the
//! Worker says to its own Durable Objects never leaves the Worker: each object's `Call` enum is
//! beside the object, in `edge/src`.)
//!
//! Depends only on `samtycke-visitor` (for the visitor's own types a request carries) and
//! must not depend on any crate with keys or cryptography: the browser app links it.

pub mod certificate;
pub mod patient;
pub mod patient_api;
pub mod receipt;

pub use certificate::{Certificate, CertificateType};
pub use patient::PatientConsentState;
pub use receipt::{Receipt, ReceiptRequest};
