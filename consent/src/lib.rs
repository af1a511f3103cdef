//! The consent rules of Samtycke, shared by the browser app and the edge Worker.
//!
//! Everything here is pure: no I/O, no clock, no randomness. Adapters pass in the
//! current time and fresh identifiers, which keeps every rule testable natively.

pub mod admin;
pub mod canonical;
pub mod care_network;
pub mod certificate;
pub mod client_key;
pub mod config;
pub mod consent_csp;
pub mod consent_form;
pub mod consent_mode;
pub mod cookie;
#[cfg(feature = "scan")]
pub mod cookie_db;
pub mod counts;
pub mod csp;
pub mod csp_report;
pub mod decision;
#[cfg(feature = "jcs")]
pub mod disclosure;
#[cfg(feature = "jcs")]
pub mod fhir;
pub mod file_error;
pub mod gate;
#[cfg(feature = "jcs")]
pub mod http_signature;
pub mod instant;
pub mod language;
pub mod local_time;
pub mod log_text;
pub mod notice_check;
pub mod oidc;
pub mod own_storage;
pub mod patient;
pub mod personnummer;
pub mod placement;
pub mod policy;
pub mod processing;
pub mod receipt;
pub mod retention;
pub mod same_site;
#[cfg(feature = "scan")]
pub mod scan;
pub mod session;
pub mod shard;
pub mod signature;
pub mod site_texts;
pub mod statistics;
pub mod texts;
pub mod visitor;

pub use config::{Category, ConfigError, Language, SiteConfig};
pub use decision::{Choices, Decision, Method};
pub use receipt::{Receipt, ReceiptError, ReceiptRequest, SignedReceipt};
pub use signature::{KeySet, SigningKey, VerifyError};
#[cfg(feature = "jcs")]
pub use signature::{verify, verify_json};
