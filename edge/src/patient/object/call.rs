//! What the Worker asks of a patient's object: one [`Call`] variant per operation, sent as JSON
//! to the object, and one typed method of [`Client`](super::Client) per variant that sends it
//! and reads its answer. A call is followed from its caller to the object by its variant:
//! `Client::put_certificate` sends `Call::PutCertificate`, which `PatientConsent::answer`
//! hands to `put_certificate`.

use serde::{Deserialize, Serialize};

use super::Transition;
use super::certificates::{Put, Which};
use super::sends::{Claim, Done, Order};

/// One operation of a patient's object, with what it needs. Sent as serde's default form
/// (`"status"`, `{"certificate": {"key": …}}`): a tag and content of their own made the
/// Worker's upload 16 KB larger.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Call {
    /// End every session of the patient so far.
    Logout,
    /// Where the patient's consent stands.
    Status,
    /// The whole history, oldest first.
    History,
    /// The care providers that have sent the patient a certificate.
    Sources,
    /// Grant or withdraw consent.
    Transition(Transition),
    /// Every certificate held, newest first (consent required).
    Certificates,
    /// One certificate (consent required).
    Certificate(Which),
    /// Record a send the patient confirmed (consent required).
    Send(Order),
    /// The whole history, for the Worker's own use (a care system's export).
    SystemHistory,
    /// Hold a certificate from a care provider's system, if consent is in force.
    PutCertificate(Box<Put>),
    /// The send queue claims a send's next delivery attempt.
    ClaimSend(Claim),
    /// The send queue reports a delivery attempt's outcome.
    SendDone(Done),
    /// The sweep after a material change of the notice.
    Lapse,
}

impl Call {
    /// Whether the Worker makes the call itself (intake, send queue, sweeps) rather than on a
    /// patient's behalf: only those are made without the patient's session.
    pub(crate) fn is_system(&self) -> bool {
        matches!(
            self,
            Self::SystemHistory
                | Self::PutCertificate(_)
                | Self::ClaimSend(_)
                | Self::SendDone(_)
                | Self::Lapse
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_call_travels_as_its_name_and_what_it_needs() {
        let call = Call::Certificate(Which { key: "p~c1".into() });
        let json = serde_json::to_value(&call).expect("serialises");
        assert_eq!(json, serde_json::json!({"certificate": {"key": "p~c1"}}));
        let back: Call = serde_json::from_value(json).expect("reads back");
        assert!(matches!(back, Call::Certificate(Which { key }) if key == "p~c1"));
        let lapse: Call = serde_json::from_str(r#""lapse""#).expect("a call with nothing more");
        assert!(lapse.is_system());
        assert!(!Call::Status.is_system());
    }
}
