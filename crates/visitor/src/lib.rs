//! The rules a website's visitors meet: the site's configuration and its languages and texts,
//! a visitor's decision and how it is stored (cookie, visitor key), the gate that holds back
//! what needs consent, Google Consent Mode's signals, and the Content-Security-Policy that
//! makes the browser enforce the decision.
//!
//! This is the only domain crate the banner app links, so it holds no keys and does no
//! cryptography: it must not depend on any other Samtycke crate. Everything here is pure (no
//! I/O, no clock, no randomness); adapters pass in the time and fresh identifiers.

pub mod client_key;
pub mod config;
pub mod consent_csp;
pub mod consent_form;
pub mod consent_mode;
pub mod cookie;
pub mod csp;
pub mod csp_report;
pub mod decision;
pub mod file_error;
pub mod gate;
pub mod instant;
pub mod language;
pub mod local_time;
pub mod log_text;
pub mod own_storage;
pub mod same_site;
pub mod site_texts;
pub mod texts;
pub mod visitor_key;

pub use config::{Category, ConfigError, Language, SiteConfig};
pub use decision::{Choices, Decision, Method};
