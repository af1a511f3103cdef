//! The server-rendered pages' fixed words: the privacy notices' and breach notices' headings
//! and captions, the index, the cookie table.

/// Headings and captions of one language.
pub struct Labels {
    /// Value of `<html lang>`.
    pub lang: &'static str,
    /// Index page title.
    pub index_title: &'static str,
    /// Index page introduction.
    pub index_intro: &'static str,
    /// Heading of the breach notices on the index.
    pub incidents: &'static str,
    /// "Contents".
    pub contents: &'static str,
    /// "Controller".
    pub controller: &'static str,
    /// "Organisation number".
    pub organisation_number: &'static str,
    /// "Data protection officer".
    pub dpo: &'static str,
    /// "Which data".
    pub data: &'static str,
    /// "Purposes and legal basis".
    pub purposes: &'static str,
    /// "Legal basis".
    pub legal_basis: &'static str,
    /// "For health data".
    pub special_category: &'static str,
    /// "How long we keep it".
    pub retention: &'static str,
    /// "Who receives it".
    pub recipients: &'static str,
    /// "processes it on our behalf".
    pub processor: &'static str,
    /// "receives it".
    pub recipient: &'static str,
    /// "Transfers outside the EU/EEA".
    pub transfers: &'static str,
    /// "Your rights".
    pub rights: &'static str,
    /// "Complaints".
    pub complaint: &'static str,
    /// "Cookies".
    pub cookies: &'static str,
    /// Introduction of the cookie table.
    pub cookies_intro: &'static str,
    /// Column "Purpose".
    pub cookie_category: &'static str,
    /// Column "Service".
    pub cookie_service: &'static str,
    /// Column "Cookie".
    pub cookie_name: &'static str,
    /// Column "Lifetime".
    pub cookie_lifetime: &'static str,
    /// "days".
    pub days: &'static str,
    /// "needs your consent" / "always on".
    pub needs_consent: &'static str,
    /// "always on".
    pub always_on: &'static str,
    /// "Last updated".
    pub updated: &'static str,
    /// "Published".
    pub published: &'static str,
    /// "Version".
    pub version: &'static str,
    /// "What happened".
    pub what_happened: &'static str,
    /// "Who is affected".
    pub who_is_affected: &'static str,
    /// "Which data was involved".
    pub data_involved: &'static str,
    /// "Likely consequences".
    pub consequences: &'static str,
    /// "What we have done".
    pub measures: &'static str,
    /// "What you can do".
    pub what_you_can_do: &'static str,
    /// "Contact".
    pub contact: &'static str,
    /// Link to the other language.
    pub other_language: &'static str,
    /// "All privacy notices".
    pub all_notices: &'static str,
    /// The control that reopens the cookie settings.
    pub cookie_settings: &'static str,
    /// Path prefix of this language (`` or `/en`).
    pub prefix: &'static str,
    /// The skip link to the main content.
    pub skip_to_content: &'static str,
    /// Accessible name of the language links.
    pub language_nav: &'static str,
}
