//! The patient pages' texts: login, consent, certificates, sending, consents and history.

/// The patient pages' texts in one language.
pub struct PatientTexts {
    /// Service name, the pages' main heading.
    pub service: &'static str,
    /// Shown while loading.
    pub loading: &'static str,
    /// The page's description (`<meta name="description">`).
    pub description: &'static str,
    /// Shown without JavaScript, which the patient pages need.
    pub needs_javascript: &'static str,
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
    /// Certificate view: field labels in `certificate_view` (the patient app) order.
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
    /// Before the time a queued send's next attempt is due at the latest.
    pub send_next_attempt: &'static str,
    /// A corrected certificate whose earlier version was sent: `{old}`, `{recipient}` and
    /// `{new}` are filled in.
    pub corrected_after_send: &'static str,
    /// Before the list of what changed since the copy that was sent.
    pub changed_since: &'static str,
    /// Before a recipient's name, on the button that sends the corrected version.
    pub send_corrected: &'static str,
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
