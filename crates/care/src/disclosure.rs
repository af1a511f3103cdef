//! Signed entries of a patient's history besides consent itself: a **disclosure receipt** when
//! a certificate was delivered to a recipient at the patient's own request, and an **erasure
//! entry** when the patient's certificates were deleted because consent was withdrawn. Both
//! are signed like consent receipts and verify offline with `verify-receipt`.

use crate::certificate::CertificateRules;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::certificate::Certificate;
use samtycke_receipts::signature::{SigningKey, VerifyError};
use samtycke_visitor::instant::to_rfc3339;

/// Schema of a disclosure receipt.
pub const DISCLOSURE_SCHEMA: &str = "samtycke-disclosure/1";

/// Schema of an erasure entry.
pub const ERASURE_SCHEMA: &str = "samtycke-erasure/1";

/// A certificate as a signed entry names it: which, which version, and its content hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateRef {
    /// The care provider that issued it.
    pub provider: String,
    /// The provider's id.
    pub id: String,
    /// Its version.
    pub version: u32,
    /// SHA-256 of its canonical JSON: exactly what was held or sent.
    pub content_hash: String,
}

impl CertificateRef {
    /// The reference to `certificate` from `provider`.
    pub fn to(provider: &str, certificate: &Certificate) -> Self {
        Self {
            provider: provider.to_owned(),
            id: certificate.id.clone(),
            version: certificate.version,
            content_hash: certificate.content_hash(),
        }
    }
}

/// An earlier delivery that a delivery replaces: the same certificate, a lower version, sent
/// to the same recipient before the care provider corrected it. The recipient is told, in the
/// signed delivery of the new version, and the disclosure receipt records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Superseded {
    /// The earlier send's id (the `Idempotency-Key` the recipient received it with).
    pub send_id: String,
    /// The version it carried.
    pub version: u32,
    /// Its content hash.
    pub content_hash: String,
    /// The recipient's reference for it, if it gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient_reference: Option<String>,
}

/// Who received it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecipientRef {
    /// Recipient id from configuration.
    pub id: String,
    /// Its name.
    pub name: String,
}

/// A certificate delivered to a recipient because the patient asked for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Disclosure {
    /// [`DISCLOSURE_SCHEMA`].
    pub schema: String,
    /// Unique id of this receipt.
    pub receipt_id: String,
    /// When the receipt was made (UTC, RFC 3339).
    pub issued_at: String,
    /// The patient's subject id.
    pub subject: String,
    /// Always `sent_at_patients_request`: nothing is sent on without the patient's action.
    pub action: String,
    /// The send's id (the recipient's idempotency key).
    pub send_id: String,
    /// What was sent.
    pub certificate: CertificateRef,
    /// To whom.
    pub recipient: RecipientRef,
    /// When the patient confirmed the send (UTC, RFC 3339).
    pub requested_at: String,
    /// When the recipient accepted it (UTC, RFC 3339).
    pub delivered_at: String,
    /// The recipient's reference for it, if it gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient_reference: Option<String>,
    /// The earlier delivery this one replaces, if it carried a corrected version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supersedes: Option<Superseded>,
}

/// The patient's certificates deleted after consent was withdrawn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Erasure {
    /// [`ERASURE_SCHEMA`].
    pub schema: String,
    /// Unique id of this entry.
    pub receipt_id: String,
    /// When they were deleted (UTC, RFC 3339).
    pub issued_at: String,
    /// The patient's subject id.
    pub subject: String,
    /// `consent_withdrawn`, or `consent_lapsed` (consent given under a notice that has since
    /// changed materially no longer covers processing).
    pub reason: String,
    /// The receipt of the entry that ended processing: the withdrawal, or the consent that
    /// lapsed.
    pub withdrawal_receipt_id: String,
    /// Every certificate deleted.
    pub certificates: Vec<CertificateRef>,
}

/// What a send consists of, as [`disclosure`] records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery<'a> {
    /// The send's id.
    pub send_id: &'a str,
    /// The certificate sent.
    pub certificate: CertificateRef,
    /// The recipient.
    pub recipient: RecipientRef,
    /// When the patient confirmed.
    pub requested_at: OffsetDateTime,
    /// The recipient's reference, if any.
    pub reference: Option<String>,
    /// The earlier delivery it replaces, if any.
    pub supersedes: Option<Superseded>,
}

/// The disclosure receipt for `delivery` to `subject`, delivered at `now`.
pub fn disclosure(
    subject: &str,
    receipt_id: String,
    now: OffsetDateTime,
    delivery: Delivery<'_>,
) -> Disclosure {
    Disclosure {
        schema: DISCLOSURE_SCHEMA.to_owned(),
        receipt_id,
        issued_at: to_rfc3339(now),
        subject: subject.to_owned(),
        action: "sent_at_patients_request".to_owned(),
        send_id: delivery.send_id.to_owned(),
        certificate: delivery.certificate,
        recipient: delivery.recipient,
        requested_at: to_rfc3339(delivery.requested_at),
        delivered_at: to_rfc3339(now),
        recipient_reference: delivery.reference,
        supersedes: delivery.supersedes,
    }
}

/// Why a patient's certificates were erased.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErasureReason {
    /// The patient withdrew consent.
    ConsentWithdrawn,
    /// Consent no longer covers processing: it was given under a notice that has since changed
    /// materially, and the patient has not consented to the new one.
    ConsentLapsed,
}

impl ErasureReason {
    /// As the entry states it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ConsentWithdrawn => "consent_withdrawn",
            Self::ConsentLapsed => "consent_lapsed",
        }
    }
}

/// The erasure entry for `certificates` of `subject`, deleted at `now` for `reason`, after
/// the history entry with receipt `ended_by` (the withdrawal, or the consent that lapsed).
pub fn erasure(
    subject: &str,
    receipt_id: String,
    now: OffsetDateTime,
    reason: ErasureReason,
    ended_by: &str,
    certificates: Vec<CertificateRef>,
) -> Erasure {
    Erasure {
        schema: ERASURE_SCHEMA.to_owned(),
        receipt_id,
        issued_at: to_rfc3339(now),
        subject: subject.to_owned(),
        reason: reason.as_str().to_owned(),
        withdrawal_receipt_id: ended_by.to_owned(),
        certificates,
    }
}

/// Sign any history entry.
pub fn sign<T: Serialize>(entry: &T, key: &SigningKey) -> Result<serde_json::Value, VerifyError> {
    key.sign(serde_json::to_value(entry).map_err(|_| VerifyError::NotAnObject)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use samtycke_receipts::signature::KeySet;
    use time::macros::datetime;

    fn forsakringskassan() -> RecipientRef {
        RecipientRef {
            id: "forsakringskassan".into(),
            name: "Försäkringskassan".into(),
        }
    }

    /// The receipt of delivering `certificate` to Försäkringskassan as send `send_id`,
    /// requested at 11:59 and delivered at 12:00 on 23 November 2026.
    fn delivered(
        send_id: &'static str,
        certificate: &crate::certificate::Certificate,
        supersedes: Option<Superseded>,
    ) -> Disclosure {
        disclosure(
            "p_subject",
            format!("r-{send_id}"),
            datetime!(2026-11-23 12:00 UTC),
            Delivery {
                send_id,
                certificate: CertificateRef::to("region", certificate),
                recipient: forsakringskassan(),
                requested_at: datetime!(2026-11-23 11:59 UTC),
                reference: Some(format!("FK-{send_id}")),
                supersedes,
            },
        )
    }

    /// Whether `signed` verifies under `key` only while unchanged: a change of `edit` breaks it.
    fn verifies_until_changed(
        signed: &serde_json::Value,
        key: &SigningKey,
        edit: impl FnOnce(&mut serde_json::Value),
    ) {
        let keys = KeySet {
            keys: vec![key.public_jwk()],
        };
        assert_eq!(samtycke_receipts::verify(signed, &keys), Ok("k1".into()));
        let mut forged = signed.clone();
        edit(&mut forged);
        assert_eq!(
            samtycke_receipts::verify(&forged, &keys),
            Err(samtycke_receipts::VerifyError::Mismatch)
        );
    }

    #[test]
    fn a_disclosure_receipt_verifies_and_names_what_went_where() {
        let key = SigningKey::from_seed("k1", [9; 32]);
        let certificate = crate::certificate::tests::sample();
        let receipt = delivered("s-1", &certificate, None);
        let signed = sign(&receipt, &key).unwrap();
        // A first delivery says nothing about replacing one.
        assert!(signed.get("supersedes").is_none());
        assert_eq!(
            signed["certificate"]["content_hash"],
            certificate.content_hash()
        );
        assert_eq!(signed["requested_at"], "2026-11-23T11:59:00Z");
        verifies_until_changed(&signed, &key, |r| r["recipient"]["id"] = "employer".into());
    }

    #[test]
    fn a_corrected_versions_receipt_names_the_delivery_it_replaces() {
        let key = SigningKey::from_seed("k1", [9; 32]);
        let mut certificate = crate::certificate::tests::sample();
        let first = CertificateRef::to("region", &certificate);
        certificate.version = 2;
        certificate.prognosis = "Rättad prognos.".into();
        let supersedes = Superseded {
            send_id: "s-1".into(),
            version: first.version,
            content_hash: first.content_hash.clone(),
            recipient_reference: Some("FK-1".into()),
        };
        let receipt = delivered("s-2", &certificate, Some(supersedes));
        let signed = sign(&receipt, &key).unwrap();
        assert_eq!(signed["supersedes"]["send_id"], "s-1");
        assert_eq!(signed["supersedes"]["version"], 1);
        assert_eq!(signed["certificate"]["version"], 2);
        verifies_until_changed(&signed, &key, |r| r["supersedes"]["version"] = 2.into());
    }
}
