//! Every string the banner, the settings dialog and the edge-injected banner show, in Swedish and English.

use crate::config::Language;

/// The UI texts of one language.
pub struct Texts {
    /// Banner heading.
    pub banner_title: &'static str,
    /// Banner body before the policy link.
    pub banner_body: &'static str,
    /// Policy link text.
    pub policy_link: &'static str,
    /// Note shown when the browser sends Global Privacy Control.
    pub gpc_note: &'static str,
    /// "Accept all".
    pub accept_all: &'static str,
    /// "Only necessary".
    pub reject_all: &'static str,
    /// "Settings".
    pub settings: &'static str,
    /// Label of the control that switches to the other language.
    pub other_language: &'static str,
    /// The reopen control on every page.
    pub reopen: &'static str,
    /// Settings dialog heading.
    pub dialog_title: &'static str,
    /// Settings dialog introduction.
    pub dialog_intro: &'static str,
    /// Shown beside a required category.
    pub always_on: &'static str,
    /// Summary of a category's service list.
    pub services: &'static str,
    /// "cookie" before a cookie's name.
    pub cookie: &'static str,
    /// Lifetime, after the number of days.
    pub days: &'static str,
    /// "Save my choices".
    pub save: &'static str,
    /// "Close".
    pub close: &'static str,
    /// Heading of the receipts part of the dialog.
    pub receipts_title: &'static str,
    /// Explains receipts.
    pub receipts_intro: &'static str,
    /// When no receipt is recorded yet.
    pub receipts_none: &'static str,
    /// Download button.
    pub receipts_download: &'static str,
    /// Current state line, before the list of granted categories.
    pub current_choice: &'static str,
    /// Shown while a receipt waits to be delivered.
    pub receipts_pending: &'static str,
    /// The link from the settings page back to the page the visitor came from.
    pub back: &'static str,
    /// The choice before any decision, on the settings page.
    pub no_choice_yet: &'static str,
}

const SV: Texts = Texts {
    banner_title: "Kakor på den här webbplatsen",
    banner_body: "Vi använder nödvändiga kakor för att webbplatsen ska fungera. Med ditt samtycke använder vi även kakor för statistik, så att vi kan förbättra webbplatsen. Du kan ändra eller återkalla ditt val när som helst under ”Cookie-inställningar” längst ned på varje sida. ",
    policy_link: "Läs mer i vår integritetspolicy",
    gpc_note: "Din webbläsare skickar signalen Global Privacy Control. Vi tolkar den som ”Endast nödvändiga” tills du själv väljer något annat.",
    accept_all: "Godkänn alla",
    reject_all: "Endast nödvändiga",
    settings: "Inställningar",
    other_language: "In English",
    reopen: "Cookie-inställningar",
    dialog_title: "Inställningar för kakor",
    dialog_intro: "Välj vilka ändamål du samtycker till. Nödvändiga kakor behövs för att webbplatsen ska fungera och kräver inget samtycke.",
    always_on: "Alltid på",
    services: "Tjänster och kakor",
    cookie: "kaka",
    days: "dagar",
    save: "Spara mina val",
    close: "Stäng",
    receipts_title: "Dina samtyckeskvitton",
    receipts_intro: "Varje val du gör sparas som ett signerat kvitto som du kan ladda ned och kontrollera.",
    receipts_none: "Inga kvitton ännu.",
    receipts_download: "Ladda ned mina kvitton (JSON)",
    current_choice: "Ditt nuvarande val:",
    receipts_pending: "Ett kvitto väntar på att skickas och skickas så snart anslutningen fungerar.",
    back: "Tillbaka till sidan du kom från",
    no_choice_yet: "Du har inte valt något ännu.",
};

const EN: Texts = Texts {
    banner_title: "Cookies on this website",
    banner_body: "We use necessary cookies to make the website work. With your consent we also use cookies for statistics, so that we can improve the website. You can change or withdraw your choice at any time under “Cookie settings” at the bottom of every page. ",
    policy_link: "Read more in our privacy policy",
    gpc_note: "Your browser sends the Global Privacy Control signal. We treat it as “Only necessary” until you choose otherwise.",
    accept_all: "Accept all",
    reject_all: "Only necessary",
    settings: "Settings",
    other_language: "På svenska",
    reopen: "Cookie settings",
    dialog_title: "Cookie settings",
    dialog_intro: "Choose the purposes you consent to. Necessary cookies are needed for the website to work and need no consent.",
    always_on: "Always on",
    services: "Services and cookies",
    cookie: "cookie",
    days: "days",
    save: "Save my choices",
    close: "Close",
    receipts_title: "Your consent receipts",
    receipts_intro: "Every choice you make is kept as a signed receipt that you can download and check.",
    receipts_none: "No receipts yet.",
    receipts_download: "Download my receipts (JSON)",
    current_choice: "Your current choice:",
    receipts_pending: "A receipt is waiting to be sent and will be sent as soon as the connection works.",
    back: "Back to the page you came from",
    no_choice_yet: "You have not chosen anything yet.",
};

/// The texts in `lang`.
pub fn texts(lang: Language) -> &'static Texts {
    match lang {
        Language::Sv => &SV,
        Language::En => &EN,
    }
}
