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
    sources: "Var uppgifterna kommer ifrån",
    sources_caption: "Uppgifter som vi inte får från dig själv",
    source_data: "Uppgifter",
    source: "Källa",
    source_public: "Allmänt tillgänglig källa",
    yes: "Ja",
    no: "Nej",
    data_used: "Uppgifter som används",
    legitimate_interest: "Vårt berättigade intresse",
    requirement_kinds: [
        "Uppgifterna krävs enligt lag",
        "Uppgifterna krävs enligt avtal",
        "Uppgifterna krävs för att ingå avtal",
        "Det är frivilligt att lämna uppgifterna",
    ],
    obliged: "och du är skyldig att lämna dem",
    not_obliged: "men du är inte skyldig att lämna dem",
    if_not_provided: "Om du inte lämnar dem",
    automated: "Automatiserade beslut och profilering",
    logic: "Hur det går till",
    significance: "Betydelse för dig",
    envisaged_consequences: "Förväntade följder",
    solely_automated: "Beslutet fattas helt automatiskt, med stöd av",
    not_solely_automated: "Inga beslut fattas enbart automatiskt.",
    country: "Land",
    in_eea: "inom EU/EES",
    outside_eea: "utanför EU/EES",
    safeguard: "Skyddsåtgärd",
    safeguard_kinds: [
        "beslut om adekvat skyddsnivå",
        "rättsligt bindande instrument mellan myndigheter",
        "bindande företagsbestämmelser",
        "standardavtalsklausuler",
        "uppförandekod",
        "certifiering",
        "avtalsklausuler godkända av tillsynsmyndigheten",
        "undantag för en särskild situation",
    ],
    safeguard_copy: "Kopia av skyddsåtgärderna",
    no_transfers: "Vi för inte över personuppgifter till länder utanför EU/EES.",
    security: "Så skyddar vi uppgifterna",
    joint_controllers: "Gemensamt personuppgiftsansvar",
    contact_point: "Kontaktpunkt",
    children: "Barn och vårdnadshavare",
    age_under: "Under",
    years: "år",
    changes: "Ändringar i meddelandet",
    changes_caption: "Ändringar, de senaste först",
    date: "Datum",
    change: "Ändring",
    material: "Väsentlig",
    reports: "Anmälningar",
    reports_caption: "Anmälningar av incidenten till myndigheter",
    report_to: "Till",
    report_reference: "Diarienummer",
    report_planned: "ska göras",
    questions: "Frågor och svar",
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
    sources: "Where the data comes from",
    sources_caption: "Data we do not get from you",
    source_data: "Data",
    source: "Source",
    source_public: "Publicly accessible source",
    yes: "Yes",
    no: "No",
    data_used: "Data used",
    legitimate_interest: "Our legitimate interest",
    requirement_kinds: [
        "The data is required by law",
        "The data is required by contract",
        "The data is needed to enter into a contract",
        "Providing the data is voluntary",
    ],
    obliged: "and you are obliged to provide it",
    not_obliged: "but you are not obliged to provide it",
    if_not_provided: "If you do not provide it",
    automated: "Automated decisions and profiling",
    logic: "The logic involved",
    significance: "Significance for you",
    envisaged_consequences: "Envisaged consequences",
    solely_automated: "The decision is made by automated means only, under",
    not_solely_automated: "No decision is made by automated means only.",
    country: "Country",
    in_eea: "in the EU/EEA",
    outside_eea: "outside the EU/EEA",
    safeguard: "Safeguard",
    safeguard_kinds: [
        "adequacy decision",
        "legally binding instrument between public authorities",
        "binding corporate rules",
        "standard contractual clauses",
        "code of conduct",
        "certification",
        "contractual clauses authorised by the supervisory authority",
        "derogation for a specific situation",
    ],
    safeguard_copy: "Copy of the safeguards",
    no_transfers: "We transfer no personal data to countries outside the EU/EEA.",
    security: "How we protect the data",
    joint_controllers: "Joint controllers",
    contact_point: "Contact point",
    children: "Children and guardians",
    age_under: "Under",
    years: "years",
    changes: "Changes to this notice",
    changes_caption: "Changes, newest first",
    date: "Date",
    change: "Change",
    material: "Material",
    reports: "Reports",
    reports_caption: "Reports of the breach to authorities",
    report_to: "To",
    report_reference: "Reference",
    report_planned: "to be made",
    questions: "Questions and answers",
};

/// The labels in `lang`.
pub fn labels(lang: Language) -> &'static Labels {
    match lang {
        Language::Sv => &SV,
        Language::En => &EN,
    }
}
