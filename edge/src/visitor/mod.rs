//! A website visitor's pages and forms: the demo page, the no-JavaScript consent form and
//! settings page, the embed banner, the one-time embed, the consent policy's reports and the
//! privacy and breach notices.

pub(crate) mod consent_form;
pub(crate) mod csp_reports;
pub(crate) mod embed;
pub(crate) mod home_page;
pub(crate) mod policy_pages;
pub(crate) mod settings_page;
pub(crate) mod show_once;
