//! The fixed words of the pages (headings, captions), in Swedish and English.

use consent::Language;

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
}

const SV: Labels = Labels {
    lang: "sv",
    index_title: "Integritet och personuppgifter",
    index_intro: "Här finns våra integritetsmeddelanden och, när något har hänt, meddelanden om personuppgiftsincidenter.",
    incidents: "Personuppgiftsincidenter",
    contents: "Innehåll",
    controller: "Personuppgiftsansvarig",
    organisation_number: "Organisationsnummer",
    dpo: "Dataskyddsombud",
    data: "Vilka uppgifter vi behandlar",
    purposes: "Ändamål och rättslig grund",
    legal_basis: "Rättslig grund",
    special_category: "För hälsouppgifter",
    retention: "Hur länge vi sparar uppgifterna",
    recipients: "Vilka som får ta del av uppgifterna",
    processor: "personuppgiftsbiträde",
    recipient: "mottagare",
    transfers: "Överföring utanför EU/EES",
    rights: "Dina rättigheter",
    complaint: "Klagomål",
    cookies: "Kakor",
    cookies_intro: "Webbplatsen använder de här kakorna. Kakor som kräver samtycke används bara om du har godkänt dem, och du kan ändra ditt val under ”Cookie-inställningar” på varje sida.",
    cookie_category: "Ändamål",
    cookie_service: "Tjänst",
    cookie_name: "Kaka",
    cookie_lifetime: "Livslängd",
    days: "dagar",
    needs_consent: "kräver samtycke",
    always_on: "alltid på",
    updated: "Senast uppdaterad",
    published: "Publicerad",
    version: "Version",
    what_happened: "Vad har hänt?",
    who_is_affected: "Vem berörs?",
    data_involved: "Vilka uppgifter gäller det?",
    consequences: "Vilka följder kan det få?",
    measures: "Vad har vi gjort?",
    what_you_can_do: "Vad kan du göra?",
    contact: "Kontakt",
    other_language: "In English",
    all_notices: "Alla integritetsmeddelanden",
    cookie_settings: "Cookie-inställningar",
    prefix: "",
};

const EN: Labels = Labels {
    lang: "en",
    index_title: "Privacy and personal data",
    index_intro: "Here are our privacy notices and, when something has happened, notices of personal data breaches.",
    incidents: "Personal data breaches",
    contents: "Contents",
    controller: "Controller",
    organisation_number: "Organisation number",
    dpo: "Data protection officer",
    data: "Which data we process",
    purposes: "Purposes and legal basis",
    legal_basis: "Legal basis",
    special_category: "For health data",
    retention: "How long we keep the data",
    recipients: "Who receives the data",
    processor: "processor",
    recipient: "recipient",
    transfers: "Transfers outside the EU/EEA",
    rights: "Your rights",
    complaint: "Complaints",
    cookies: "Cookies",
    cookies_intro: "The website uses these cookies. Cookies that need consent are used only if you accepted them, and you can change your choice under “Cookie settings” on every page.",
    cookie_category: "Purpose",
    cookie_service: "Service",
    cookie_name: "Cookie",
    cookie_lifetime: "Lifetime",
    days: "days",
    needs_consent: "needs consent",
    always_on: "always on",
    updated: "Last updated",
    published: "Published",
    version: "Version",
    what_happened: "What happened?",
    who_is_affected: "Who is affected?",
    data_involved: "Which data is involved?",
    consequences: "What can the consequences be?",
    measures: "What have we done?",
    what_you_can_do: "What can you do?",
    contact: "Contact",
    other_language: "På svenska",
    all_notices: "All privacy notices",
    cookie_settings: "Cookie settings",
    prefix: "/en",
};

/// The labels in `lang`.
pub fn labels(lang: Language) -> &'static Labels {
    match lang {
        Language::Sv => &SV,
        Language::En => &EN,
    }
}
