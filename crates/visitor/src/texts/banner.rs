//! The banner's and the settings dialog's texts (the app's, the edge-injected banner's and the
//! no-JavaScript settings page's), and a site's own wording laid over them.

use crate::config::{SiteConfig, Texts};
use crate::language::Language;

text_set! {
    /// The banner's and the settings dialog's texts in one language.
    BannerTexts, BannerView {
    /// Banner heading.
    banner_title,
    /// Banner body before the policy link.
    banner_body,
    /// Policy link text.
    policy_link,
    /// Note shown when the browser sends Global Privacy Control.
    gpc_note,
    /// "Accept all".
    accept_all,
    /// "Only necessary".
    reject_all,
    /// "Settings".
    settings,
    /// The reopen control on every page.
    reopen,
    /// Settings dialog heading.
    dialog_title,
    /// Settings dialog introduction.
    dialog_intro,
    /// Shown beside a required category.
    always_on,
    /// Summary of a category's service list.
    services,
    /// "cookie" before a cookie's name.
    cookie,
    /// Lifetime, after the number 1 ("day").
    day,
    /// Lifetime, after any other number of days.
    days,
    /// "Save my choices".
    save,
    /// "Close".
    close,
    /// Heading of the receipts part of the dialog.
    receipts_title,
    /// Explains receipts.
    receipts_intro,
    /// When no receipt is recorded yet.
    receipts_none,
    /// Download button.
    receipts_download,
    /// Current state line, before the list of granted categories.
    current_choice,
    /// Shown while a receipt waits to be delivered.
    receipts_pending,
    /// The link from the settings page back to the page the visitor came from.
    back,
    /// The choice before any decision, on the settings page.
    no_choice_yet,
    /// Accessible name of the language switch.
    languages,
    }
}
