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
    /// "day", after the number 1.
    pub day: &'static str,
    /// "days", after any other number.
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
    /// Heading "Where the data comes from" (GDPR Art. 14(2)(f)).
    pub sources: &'static str,
    /// Caption of the table of sources.
    pub sources_caption: &'static str,
    /// Column "Data".
    pub source_data: &'static str,
    /// Column "Source".
    pub source: &'static str,
    /// Column "Publicly accessible source".
    pub source_public: &'static str,
    /// "Yes".
    pub yes: &'static str,
    /// "No".
    pub no: &'static str,
    /// "Data used" (before a purpose's data categories).
    pub data_used: &'static str,
    /// "Our legitimate interest".
    pub legitimate_interest: &'static str,
    /// Whether data must be provided: statutory, contractual, contract precondition,
    /// voluntary (the order of `RequirementKind`).
    pub requirement_kinds: [&'static str; 4],
    /// "and you are obliged to provide it".
    pub obliged: &'static str,
    /// "but you are not obliged to provide it".
    pub not_obliged: &'static str,
    /// "If you do not provide it".
    pub if_not_provided: &'static str,
    /// Heading "Automated decisions and profiling".
    pub automated: &'static str,
    /// "The logic".
    pub logic: &'static str,
    /// "Significance".
    pub significance: &'static str,
    /// "Envisaged consequences".
    pub envisaged_consequences: &'static str,
    /// "Made by automated means only, under".
    pub solely_automated: &'static str,
    /// "No decision is made by automated means only."
    pub not_solely_automated: &'static str,
    /// "Country".
    pub country: &'static str,
    /// "in the EU/EEA".
    pub in_eea: &'static str,
    /// "outside the EU/EEA".
    pub outside_eea: &'static str,
    /// "Safeguard".
    pub safeguard: &'static str,
    /// Names of the transfer grounds, in the order of `SafeguardKind`.
    pub safeguard_kinds: [&'static str; 8],
    /// "Copy of the safeguards".
    pub safeguard_copy: &'static str,
    /// "We transfer no personal data outside the EU/EEA."
    pub no_transfers: &'static str,
    /// Heading "How we protect the data" (GDPR Art. 32).
    pub security: &'static str,
    /// Heading "Joint controllers" (GDPR Art. 26).
    pub joint_controllers: &'static str,
    /// "Contact point".
    pub contact_point: &'static str,
    /// Heading "Children and guardians".
    pub children: &'static str,
    /// "Under" (before an age).
    pub age_under: &'static str,
    /// "years" (after an age).
    pub years: &'static str,
    /// Heading "Changes to this notice".
    pub changes: &'static str,
    /// Caption of the change log.
    pub changes_caption: &'static str,
    /// Column "Date".
    pub date: &'static str,
    /// Column "Change".
    pub change: &'static str,
    /// Column "Material change".
    pub material: &'static str,
    /// Heading "Reports to authorities".
    pub reports: &'static str,
    /// Caption of the table of reports.
    pub reports_caption: &'static str,
    /// Column "To".
    pub report_to: &'static str,
    /// Column "Reference".
    pub report_reference: &'static str,
    /// "to be made" (a report without a date).
    pub report_planned: &'static str,
    /// Heading "Questions and answers".
    pub questions: &'static str,
    /// Why Samtycke keeps each of its own cookies and storage keys, in the order of
    /// [`crate::own_storage::ITEMS`].
    pub own_storage: [&'static str; crate::own_storage::ITEM_COUNT],
    /// "browser storage (localStorage)" after a storage key's name.
    pub local_storage: &'static str,
    /// "minutes".
    pub minutes: &'static str,
    /// "until you clear the site's data in your browser".
    pub until_cleared: &'static str,
}
