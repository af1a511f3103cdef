//! Every string of the patient pages, in Swedish and English. Written for this project.

use consent::Language;

/// The patient pages' texts in one language.
pub struct PatientTexts {
    /// Service name, the pages' main heading.
    pub service: &'static str,
    /// Shown while loading.
    pub loading: &'static str,
    /// Label of the language switch.
    pub other_language: &'static str,
    /// Login page introduction.
    pub login_intro: &'static str,
    /// The login link.
    pub login: &'static str,
    /// Login cancelled at the provider.
    pub login_cancelled: &'static str,
    /// Login took too long or the answer did not match.
    pub login_expired: &'static str,
    /// Provider unavailable.
    pub login_unavailable: &'static str,
    /// The e-ID used is below the assurance level health data needs.
    pub login_assurance_too_low: &'static str,
    /// Too many login attempts from this network.
    pub login_too_many: &'static str,
    /// Any other login failure.
    pub login_failed: &'static str,
    /// "Logged in as".
    pub logged_in_as: &'static str,
    /// Log out.
    pub logout: &'static str,
    /// Navigation: certificates.
    pub nav_certificates: &'static str,
    /// Navigation: my consents.
    pub nav_consents: &'static str,
    /// Navigation landmark label.
    pub nav_label: &'static str,
    /// Consent page heading.
    pub consent_title: &'static str,
    /// Consent page: why consent is needed.
    pub consent_intro: &'static str,
    /// Heading before the data list.
    pub consent_data_heading: &'static str,
    /// The data categories processed.
    pub consent_data: [&'static str; 12],
    /// Heading before the purposes.
    pub consent_purpose_heading: &'static str,
    /// Purposes: the certificates themselves, and statistics.
    pub consent_purposes: [&'static str; 2],
    /// Who is responsible, before the controller's name.
    pub consent_controller: &'static str,
    /// Withdrawal: any time, how, and what happens.
    pub consent_withdraw_info: &'static str,
    /// Policy link text.
    pub consent_policy_link: &'static str,
    /// Shown above the consent text after a withdrawal.
    pub consent_withdrawn_note: &'static str,
    /// Shown above the consent text after a material change of the privacy notice.
    pub consent_renewal_note: &'static str,
    /// The button.
    pub consent_button: &'static str,
    /// Certificates heading.
    pub certificates_title: &'static str,
    /// No certificates.
    pub certificates_none: &'static str,
    /// Column headings: kind, issued, issuer.
    pub certificates_columns: [&'static str; 3],
    /// Certificate view: field labels in [`crate::patient::certificate_view`] order.
    pub certificate_fields: [&'static str; 16],
    /// Name of the sick-leave certificate type.
    pub kind_sjukpenning: &'static str,
    /// Sending heading.
    pub send_title: &'static str,
    /// When sending to Försäkringskassan is needed.
    pub send_explain: &'static str,
    /// Button to prepare a send, before the recipient's name.
    pub send_to: &'static str,
    /// Above the preview, before the recipient's name.
    pub send_preview: &'static str,
    /// Confirm the send.
    pub send_confirm: &'static str,
    /// Cancel the send.
    pub send_cancel: &'static str,
    /// Send states: queued, delivered, failed, cancelled.
    pub send_states: [&'static str; 4],
    /// History entry kinds: disclosure, erasure.
    pub history_kinds: [&'static str; 2],
    /// Print.
    pub print: &'static str,
    /// Save as a file.
    pub save: &'static str,
    /// Back to the list.
    pub back: &'static str,
    /// No such certificate.
    pub not_found: &'static str,
    /// My consents heading.
    pub consents_title: &'static str,
    /// Current state, before the state.
    pub consents_current: &'static str,
    /// State names: none, given, withdrawn.
    pub states: [&'static str; 3],
    /// History heading.
    pub history_title: &'static str,
    /// History columns: when, what, receipt.
    pub history_columns: [&'static str; 3],
    /// Download receipts.
    pub history_download: &'static str,
    /// Explains the receipts.
    pub history_intro: &'static str,
    /// Withdraw heading.
    pub withdraw_title: &'static str,
    /// What withdrawing means.
    pub withdraw_info: &'static str,
    /// The withdraw button.
    pub withdraw_button: &'static str,
    /// Confirmation after withdrawing.
    pub withdrawn_done: &'static str,
    /// Consent again after a withdrawal.
    pub reactivate_info: &'static str,
    /// Something went wrong.
    pub error: &'static str,
}

const SV: PatientTexts = PatientTexts {
    service: "Mina intyg",
    loading: "Hämtar …",
    other_language: "In English",
    login_intro: "Här kan du läsa, skriva ut och spara dina läkarintyg. Logga in med din e-legitimation för att komma vidare.",
    login: "Logga in med e-legitimation",
    login_cancelled: "Inloggningen avbröts. Du kan försöka igen.",
    login_expired: "Inloggningen tog för lång tid eller kunde inte kontrolleras. Logga in igen.",
    login_unavailable: "Tjänsten för e-legitimation svarar inte just nu. Försök igen om en stund.",
    login_assurance_too_low: "Den e-legitimation du använde har för låg säkerhetsnivå för hälsouppgifter. Logga in med till exempel BankID eller Freja+.",
    login_too_many: "Det har gjorts för många inloggningsförsök härifrån. Vänta en minut och försök sedan igen.",
    login_failed: "Inloggningen kunde inte slutföras. Försök igen.",
    logged_in_as: "Inloggad som",
    logout: "Logga ut",
    nav_certificates: "Mina intyg",
    nav_consents: "Mina samtycken",
    nav_label: "Mina intyg, meny",
    consent_title: "Samtycke till att visa dina intyg",
    consent_intro: "Innan vi kan visa dina intyg behöver vi ditt samtycke till att uppgifterna i dem behandlas i den här tjänsten. Samtycket är frivilligt. Utan det visas inga intyg och vi behandlar inga uppgifter om dig här.",
    consent_data_heading: "Uppgifter som behandlas",
    consent_data: [
        "namn",
        "personnummer eller samordningsnummer",
        "adress",
        "diagnos",
        "sjukdomsförlopp",
        "funktionsnedsättning",
        "aktivitetsbegränsning",
        "rekommendationer",
        "planerad eller pågående behandling",
        "arbetsförmåga",
        "prognos",
        "vårdkontakter",
    ],
    consent_purpose_heading: "Varför",
    consent_purposes: [
        "Så att dina egna intyg kan visas här och du kan läsa, skriva ut och spara dem. Inget intyg lämnas till någon annan om inte du själv väljer att skicka det.",
        "För statistik om sjukskrivningar, sammanställd så att ingen enskild kan urskiljas. Tar du tillbaka samtycket räknas dina intyg inte längre med.",
    ],
    consent_controller: "Personuppgiftsansvarig:",
    consent_withdraw_info: "Du kan när som helst återkalla samtycket under ”Mina samtycken”. Då raderas kopiorna av dina intyg här och inget visas eller behandlas längre. Vårdgivaren har kvar journalen. Ger du samtycket igen hämtas intygen på nytt från vårdgivaren.",
    consent_policy_link: "Läs hela integritetspolicyn",
    consent_withdrawn_note: "Du har återkallat ditt samtycke. Vill du använda tjänsten igen ger du samtycket på nytt nedan.",
    consent_renewal_note: "Vi har ändrat hur dina uppgifter behandlas sedan du gav ditt samtycke. Läs igenom informationen och ge ditt samtycke igen för att se dina intyg.",
    consent_button: "Jag ger mitt samtycke",
    certificates_title: "Dina intyg",
    certificates_none: "Du har inga intyg ännu.",
    certificates_columns: ["Intyg", "Utfärdat", "Utfärdare"],
    certificate_fields: [
        "Utfärdat",
        "Läkare",
        "Vårdenhet",
        "Namn",
        "Personnummer",
        "Adress",
        "Diagnos",
        "Intyget grundar sig på",
        "Sjukdomsförlopp",
        "Funktionsnedsättning",
        "Aktivitetsbegränsning",
        "Arbetsförmågan bedömd mot",
        "Sjukskrivning",
        "Rekommendationer",
        "Planerad eller pågående behandling",
        "Prognos",
    ],
    kind_sjukpenning: "Läkarintyg för sjukpenning",
    send_title: "Skicka intyget",
    send_explain: "Är du sjuk längre än 14 dagar behöver Försäkringskassan ditt läkarintyg för att pröva sjukpenning. Är du arbetslös, studerar, är föräldraledig eller har egen firma behövs det redan från början. Du väljer själv om och när intyget skickas; inget skickas utan att du bekräftar.",
    send_to: "Skicka till",
    send_preview: "Så här ser det ut som skickas till",
    send_confirm: "Bekräfta och skicka",
    send_cancel: "Avbryt",
    send_states: [
        "Skickas till",
        "Skickat till",
        "Kunde inte skickas till",
        "Stoppat, skickades inte till",
    ],
    history_kinds: ["Intyg skickat", "Intyg raderade"],
    print: "Skriv ut",
    save: "Spara intyget",
    back: "Tillbaka till dina intyg",
    not_found: "Intyget finns inte.",
    consents_title: "Mina samtycken",
    consents_current: "Ditt samtycke:",
    states: ["inte lämnat", "lämnat", "återkallat"],
    history_title: "Historik",
    history_columns: ["När", "Vad", "Kvitto"],
    history_download: "Ladda ned kvittona (JSON)",
    history_intro: "Varje gång du ger eller återkallar ditt samtycke får du ett signerat kvitto som du kan spara och kontrollera.",
    withdraw_title: "Återkalla samtycket",
    withdraw_info: "Om du återkallar samtycket visas dina intyg inte längre och vi slutar behandla uppgifterna i den här tjänsten. Intygen finns kvar i vårdens journal.",
    withdraw_button: "Återkalla mitt samtycke",
    withdrawn_done: "Ditt samtycke är återkallat. Inga intyg visas längre.",
    reactivate_info: "Du kan börja använda tjänsten igen genom att ge ditt samtycke på nytt.",
    error: "Något gick fel. Försök igen om en stund.",
};

const EN: PatientTexts = PatientTexts {
    service: "My certificates",
    loading: "Loading …",
    other_language: "På svenska",
    login_intro: "Here you can read, print and save your medical certificates. Log in with your e-ID to continue.",
    login: "Log in with e-ID",
    login_cancelled: "The login was cancelled. You can try again.",
    login_expired: "The login took too long or could not be checked. Please log in again.",
    login_unavailable: "The e-ID service is not answering right now. Please try again shortly.",
    login_assurance_too_low: "The e-ID you used has too low an assurance level for health data. Log in with, for example, BankID or Freja+.",
    login_too_many: "There have been too many login attempts from here. Wait a minute, then try again.",
    login_failed: "The login could not be completed. Please try again.",
    logged_in_as: "Logged in as",
    logout: "Log out",
    nav_certificates: "My certificates",
    nav_consents: "My consents",
    nav_label: "My certificates, menu",
    consent_title: "Consent to showing your certificates",
    consent_intro: "Before we can show your certificates we need your consent to processing the information in them in this service. Consent is voluntary. Without it no certificates are shown and we process no information about you here.",
    consent_data_heading: "Information processed",
    consent_data: [
        "name",
        "personal identity number or coordination number",
        "address",
        "diagnosis",
        "course of illness",
        "functional impairment",
        "activity limitation",
        "recommendations",
        "planned or ongoing treatment",
        "work capacity",
        "prognosis",
        "care visits",
    ],
    consent_purpose_heading: "Why",
    consent_purposes: [
        "So that your own certificates can be shown here and you can read, print and save them. No certificate is given to anyone unless you yourself choose to send it.",
        "For statistics on sick leave, compiled so that no individual can be singled out. If you withdraw your consent, your certificates no longer count.",
    ],
    consent_controller: "Controller:",
    consent_withdraw_info: "You can withdraw your consent at any time under “My consents”. The copies of your certificates here are then erased and nothing is shown or processed any more. Your care provider keeps the record. If you consent again, the certificates are fetched anew from the care provider.",
    consent_policy_link: "Read the full privacy policy",
    consent_withdrawn_note: "You have withdrawn your consent. To use the service again, give your consent anew below.",
    consent_renewal_note: "We have changed how your information is processed since you gave your consent. Please read the information and give your consent again to see your certificates.",
    consent_button: "I give my consent",
    certificates_title: "Your certificates",
    certificates_none: "You have no certificates yet.",
    certificates_columns: ["Certificate", "Issued", "Issued by"],
    certificate_fields: [
        "Issued",
        "Doctor",
        "Care unit",
        "Name",
        "Personal identity number",
        "Address",
        "Diagnosis",
        "The certificate is based on",
        "Course of illness",
        "Functional impairment",
        "Activity limitation",
        "Work capacity assessed against",
        "Sick leave",
        "Recommendations",
        "Planned or ongoing treatment",
        "Prognosis",
    ],
    kind_sjukpenning: "Medical certificate for sickness benefit",
    send_title: "Send the certificate",
    send_explain: "If you are ill for more than 14 days, Försäkringskassan needs your medical certificate to decide on sickness benefit. If you are unemployed, a student, on parental leave or self-employed, it is needed from the first day. You decide whether and when it is sent; nothing is sent unless you confirm.",
    send_to: "Send to",
    send_preview: "This is what will be sent to",
    send_confirm: "Confirm and send",
    send_cancel: "Cancel",
    send_states: [
        "Being sent to",
        "Sent to",
        "Could not be sent to",
        "Stopped, not sent to",
    ],
    history_kinds: ["Certificate sent", "Certificates erased"],
    print: "Print",
    save: "Save the certificate",
    back: "Back to your certificates",
    not_found: "There is no such certificate.",
    consents_title: "My consents",
    consents_current: "Your consent:",
    states: ["not given", "given", "withdrawn"],
    history_title: "History",
    history_columns: ["When", "What", "Receipt"],
    history_download: "Download the receipts (JSON)",
    history_intro: "Each time you give or withdraw your consent you get a signed receipt that you can keep and check.",
    withdraw_title: "Withdraw consent",
    withdraw_info: "If you withdraw your consent your certificates are no longer shown and we stop processing the information in this service. The certificates remain in your medical records.",
    withdraw_button: "Withdraw my consent",
    withdrawn_done: "Your consent is withdrawn. No certificates are shown any more.",
    reactivate_info: "You can start using the service again by giving your consent anew.",
    error: "Something went wrong. Please try again shortly.",
};

/// The patient texts in `lang`.
pub fn patient_texts(lang: Language) -> &'static PatientTexts {
    match lang {
        Language::Sv => &SV,
        Language::En => &EN,
    }
}
