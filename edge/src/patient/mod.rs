//! Mina intyg: a patient's login with e-legitimation and session, the patient API and pages,
//! the care providers' intake, the send queue to recipients, the FHIR export, the sweep after a
//! material change, and the patient's own Durable Object (`object`) that holds it all.

pub(crate) mod api;
pub(crate) mod care_providers;
pub(crate) mod fhir;
pub(crate) mod identity_provider;
pub(crate) mod intake;
pub(crate) mod lapse_sweep;
pub(crate) mod login;
pub(crate) mod object;
pub(crate) mod pages;
pub(crate) mod send_queue;
pub(crate) mod session;
pub(crate) mod signed_fetch;
