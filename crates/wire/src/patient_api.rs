//! The patient API (`/api/patient/*`) as both ends see it: the requests the patient pages
//! send and the answers the Worker gives, one type each. The Worker serialises these and the
//! patient pages deserialise the same types, so a field cannot be renamed on one side only.

use samtycke_visitor::Language;
use serde::{Deserialize, Serialize};

use crate::certificate::Certificate;
use crate::patient::PatientConsentState;

/// History entry kind of a consent given or withdrawn.
pub const KIND_CONSENT: &str = "consent";
/// History entry kind of a certificate disclosed to a recipient.
pub const KIND_DISCLOSURE: &str = "disclosure";
/// History entry kind of certificates erased.
pub const KIND_ERASURE: &str = "erasure";

/// `GET /api/patient/consent`: who is logged in and where their consent stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentStatus {
    /// Name from the e-ID.
    pub name: String,
    /// Where consent stands.
    pub state: PatientConsentState,
    /// Since when (RFC 3339).
    pub since: Option<String>,
    /// Consent is given, but under an earlier version of the privacy notice that has since
    /// changed materially: the patient must consent again before anything is shown.
    #[serde(default)]
    pub renewal_due: bool,
    /// The privacy notice the consent refers to.
    pub policy_url: String,
    /// Its material revision now.
    pub policy_revision: u32,
    /// Seconds until the session ends (idle or absolute limit, whichever is first).
    pub session_expires_in: i64,
}

/// Body of `POST /api/patient/consent` (give) and `POST /api/patient/consent/withdraw`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsentChange {
    /// The language the patient saw the text in.
    #[serde(default)]
    pub language: Language,
}

/// One entry of the patient's history; the answer to a consent change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// [`KIND_CONSENT`], [`KIND_DISCLOSURE`] or [`KIND_ERASURE`].
    #[serde(default = "consent_kind")]
    pub kind: String,
    /// State of consent after the entry.
    pub state: PatientConsentState,
    /// When (RFC 3339).
    pub at: String,
    /// The signed receipt, verifiable with the published keys, as it was signed.
    pub receipt: serde_json::Value,
}

fn consent_kind() -> String {
    KIND_CONSENT.to_owned()
}

/// `GET /api/patient/consent/history`: every entry, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct History {
    /// The entries.
    pub history: Vec<HistoryEntry>,
}

/// A send of a certificate, as the patient sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SendView {
    /// The send's id.
    pub id: String,
    /// Recipient id.
    pub recipient_id: String,
    /// Recipient name.
    pub recipient_name: String,
    /// When the patient confirmed it (UTC, RFC 3339).
    pub requested_at: String,
    /// `queued`, `delivered`, `failed` or `cancelled`.
    pub status: String,
    /// Delivery attempts so far.
    pub attempts: u32,
    /// When the recipient accepted it.
    pub delivered_at: Option<String>,
    /// The recipient's reference.
    pub reference: Option<String>,
    /// While queued: when the next attempt is due at the latest (UTC, RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_attempt_at: Option<String>,
    /// The version of the certificate it carries.
    pub certificate_version: u32,
    /// The earlier delivery (send id) it replaces, if it carries a corrected version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supersedes: Option<String>,
}

/// A copy delivered before the certificate was corrected: what the recipient holds, so the
/// page can show what changed since.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentCopy {
    /// The send.
    pub send_id: String,
    /// Recipient id.
    pub recipient_id: String,
    /// Recipient name.
    pub recipient_name: String,
    /// The certificate as delivered.
    pub certificate: Certificate,
}

/// A certificate held for the patient.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Held {
    /// Its key (provider `~` id).
    pub key: String,
    /// The provider that sent it.
    pub provider: String,
    /// When Samtycke received this version (UTC, RFC 3339).
    pub received_at: String,
    /// SHA-256 of its canonical JSON: what a send names.
    pub content_hash: String,
    /// The certificate.
    pub certificate: Certificate,
    /// Sends of it, oldest first.
    pub sends: Vec<SendView>,
    /// Copies delivered before it was corrected (older versions), oldest first.
    #[serde(default)]
    pub sent_copies: Vec<SentCopy>,
}

/// Someone a certificate can be sent to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecipientChoice {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
}

/// `GET /api/patient/certificates/:key`: a certificate with the recipients that accept it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Listed {
    /// The certificate.
    pub held: Held,
    /// Recipients that accept it.
    pub recipients: Vec<RecipientChoice>,
}

/// `GET /api/patient/certificates`: the patient's certificates, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateList {
    /// The certificates.
    pub certificates: Vec<Listed>,
}

/// `GET /api/patient/certificates/:key/send/:recipient`: exactly what a send delivers, and to
/// whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preview {
    /// The recipient.
    pub recipient: RecipientChoice,
    /// The content hash the confirmation names.
    pub content_hash: String,
    /// The certificate as it will be sent.
    pub certificate: Certificate,
}

/// Body of `POST /api/patient/certificates/:key/send/:recipient`: the patient confirms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SendRequest {
    /// The content hash the patient was shown (from the preview).
    pub content_hash: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_history_entry_without_a_kind_is_a_consent() {
        let entry: HistoryEntry =
            serde_json::from_str(r#"{"state":"given","at":"2026-12-04T10:00:00Z","receipt":{}}"#)
                .expect("entry");
        assert_eq!(entry.kind, KIND_CONSENT);
    }

    #[test]
    fn request_bodies_refuse_fields_they_do_not_know() {
        assert!(serde_json::from_str::<ConsentChange>(r#"{"language":"sv","x":1}"#).is_err());
        assert!(serde_json::from_str::<SendRequest>(r#"{"content_hash":"a","to":"b"}"#).is_err());
        assert_eq!(
            serde_json::from_str::<ConsentChange>("{}")
                .expect("empty")
                .language,
            Language::default()
        );
    }
}
