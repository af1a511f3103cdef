//! A patient's consent to having their medical certificates shown and processed: the state
//! machine (none → given → withdrawn → given …), the subject id that stands in for the
//! personal identity number, and the receipt each transition is recorded with.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use thiserror::Error;
use time::OffsetDateTime;

use crate::personnummer::IdentityNumber;
use samtycke_receipts::receipt::{PurposeConsent, Receipt, ReceiptError};
use samtycke_visitor::config::{Language, SiteConfig};
use samtycke_visitor::decision::Method;
pub use samtycke_wire::patient::PatientConsentState;

/// Legal basis of the patient's consent as receipts state it: consent, and explicit consent
/// for health data (from [`crate::processing`]).
pub const PATIENT_BASIS: &str = "GDPR Art. 6(1)(a), Art. 9(2)(a)";

/// What the patient does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PatientAction {
    /// "Jag ger mitt samtycke" (first time or re-activation).
    Grant,
    /// Withdraw the consent.
    Withdraw,
}

/// A transition the state machine does not have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum TransitionError {
    /// Granting while consent is already given.
    #[error("consent is already given")]
    AlreadyGiven,
    /// Withdrawing while no consent is given.
    #[error("there is no given consent to withdraw")]
    NotGiven,
}

/// The patient's consent as a state machine: which action leads where from each state.
pub trait Transitions: Sized {
    /// The state after `action`, if the action is possible now.
    fn apply(self, action: PatientAction) -> Result<Self, TransitionError>;

    /// Like [`Self::apply`], knowing the `material_revision` of the privacy notice the current
    /// consent was given under (`given_under`) and the notice's revision now: after a material
    /// change, granting again while consent is given renews it under the new notice.
    fn apply_under(
        self,
        action: PatientAction,
        given_under: Option<u32>,
        current_revision: u32,
    ) -> Result<Self, TransitionError>;
}

impl Transitions for PatientConsentState {
    fn apply(self, action: PatientAction) -> Result<Self, TransitionError> {
        match (self, action) {
            (Self::Given, PatientAction::Grant) => Err(TransitionError::AlreadyGiven),
            (_, PatientAction::Grant) => Ok(Self::Given),
            (Self::Given, PatientAction::Withdraw) => Ok(Self::Withdrawn),
            (_, PatientAction::Withdraw) => Err(TransitionError::NotGiven),
        }
    }

    fn apply_under(
        self,
        action: PatientAction,
        given_under: Option<u32>,
        current_revision: u32,
    ) -> Result<Self, TransitionError> {
        match (self, action) {
            (Self::Given, PatientAction::Grant)
                if renewal_due(self, given_under, current_revision) =>
            {
                Ok(Self::Given)
            }
            _ => self.apply(action),
        }
    }
}

/// Whether consent is given but under an earlier material revision of the privacy notice, so
/// the patient must read the changed notice and consent again before anything is shown.
pub fn renewal_due(
    state: PatientConsentState,
    given_under: Option<u32>,
    current_revision: u32,
) -> bool {
    state.allows_processing() && given_under.is_none_or(|r| r < current_revision)
}

/// Whether the patient's data may be shown and processed now: consent is given, under the
/// current material revision of the privacy notice.
pub fn processing_allowed(
    state: PatientConsentState,
    given_under: Option<u32>,
    current_revision: u32,
) -> bool {
    state.allows_processing() && !renewal_due(state, given_under, current_revision)
}

/// The patient's subject id: `p_` and a keyed hash (HMAC-SHA-256 with the secret `pepper`)
/// of the personal identity number. Stable per patient, but without the pepper it reveals
/// nothing and cannot be guessed by trying the few million possible numbers.
pub fn subject_id(pepper: &[u8], number: &IdentityNumber) -> String {
    // HMAC takes keys of any length.
    let mut mac = Hmac::<Sha256>::new_from_slice(pepper).unwrap_or_else(|_| unreachable!());
    mac.update(number.as_str().as_bytes());
    format!("p_{}", URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes()))
}

/// Whether `id` has the form of [`subject_id`]'s output.
pub fn is_patient_subject(id: &str) -> bool {
    id.len() == 45
        && id.starts_with("p_")
        && id[2..]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The receipt recording `action` by patient `subject` (state after it: `state`); refused
/// for anything but a patient subject, so a visitor's id can never carry a patient receipt.
pub fn patient_receipt(
    config: &SiteConfig,
    subject: &str,
    state: PatientConsentState,
    language: Language,
    receipt_id: String,
    issued_at: OffsetDateTime,
    previous_receipt_id: Option<String>,
) -> Result<Receipt, ReceiptError> {
    if !is_patient_subject(subject) {
        return Err(ReceiptError::InvalidSubject("patient"));
    }
    Ok(Receipt {
        purposes: crate::processing::PURPOSES
            .iter()
            .filter(|p| p.by_consent)
            .map(|p| PurposeConsent {
                category: p.id.to_owned(),
                dpv_purpose: p.dpv_purpose.to_owned(),
                legal_basis: crate::processing::receipt_basis(p),
                granted: state.allows_processing(),
            })
            .collect(),
        // Valid until withdrawn: no expiry.
        previous_receipt_id,
        // What the patient consents to is the processing of health data.
        sensitive: true,
        spi_cat: vec![samtycke_receipts::receipt::SPI_HEALTH.to_owned()],
        ..samtycke_receipts::receipt::envelope(
            config,
            receipt_id,
            issued_at,
            subject.to_owned(),
            Method::EId,
            language,
        )
    })
}

/// Most consent changes one patient may make in an hour: a session cannot grow its history
/// (and the store behind it) without bound.
pub const MAX_CHANGES_PER_HOUR: usize = 20;

/// Whether a patient whose history is `marks` may make another change at `now`.
pub fn change_allowed(marks: &[HistoryMark], now: OffsetDateTime) -> bool {
    let hour_ago = now - time::Duration::hours(1);
    marks
        .iter()
        .filter(|m| m.is_consent && m.at > hour_ago)
        .count()
        < MAX_CHANGES_PER_HOUR
}

/// One entry of a patient's history, as retention sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HistoryMark {
    /// Position in the history.
    pub seq: i64,
    /// When it was recorded.
    pub at: OffsetDateTime,
    /// State after it.
    pub state: PatientConsentState,
    /// Whether it records a consent or withdrawal (not a disclosure or erasure).
    pub is_consent: bool,
}

/// Entries of a history (oldest first) past a retention of `days` at `now`: every entry
/// recorded before the cutoff, except the latest one while consent is given, since the
/// current processing rests on it. A withdrawn history ages out completely.
pub fn expired_history(history: &[HistoryMark], now: OffsetDateTime, days: u32) -> Vec<i64> {
    let cutoff = samtycke_receipts::receipt::retention_cutoff(now, days);
    deletable(history)
        .filter(|m| m.at < cutoff)
        .map(|m| m.seq)
        .collect()
}

/// When the next entry of `history` becomes due for deletion, if any will.
pub fn next_expiry(history: &[HistoryMark], days: u32) -> Option<OffsetDateTime> {
    deletable(history)
        .map(|m| m.at + time::Duration::days(i64::from(days)))
        .min()
}

/// The entries retention may delete: all but the latest consent entry while it is a given
/// consent (disclosures and erasures after it age out on their own).
fn deletable(history: &[HistoryMark]) -> impl Iterator<Item = &HistoryMark> {
    let in_force = history
        .iter()
        .rev()
        .find(|m| m.is_consent)
        .filter(|m| m.state.allows_processing())
        .map(|m| m.seq);
    history.iter().filter(move |m| Some(m.seq) != in_force)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn number(text: &str) -> IdentityNumber {
        IdentityNumber::parse(text).expect("valid number")
    }

    #[test]
    fn state_machine_goes_none_given_withdrawn_given() {
        use PatientAction::*;
        use PatientConsentState as S;
        let given = S::None.apply(Grant).expect("first consent");
        assert_eq!(given, S::Given);
        assert!(given.allows_processing());
        let withdrawn = given.apply(Withdraw).expect("withdraw");
        assert!(!withdrawn.allows_processing());
        assert_eq!(withdrawn.apply(Grant), Ok(S::Given));
        assert_eq!(S::Given.apply(Grant), Err(TransitionError::AlreadyGiven));
        assert_eq!(S::None.apply(Withdraw), Err(TransitionError::NotGiven));
        assert_eq!(S::Withdrawn.apply(Withdraw), Err(TransitionError::NotGiven));
        assert!(!S::None.allows_processing());
    }

    #[test]
    fn a_material_change_of_the_notice_asks_for_consent_again() {
        use PatientAction::*;
        use PatientConsentState as S;
        assert!(processing_allowed(S::Given, Some(2), 2));
        assert!(!processing_allowed(S::Given, Some(1), 2));
        assert!(renewal_due(S::Given, Some(1), 2));
        assert!(!renewal_due(S::Withdrawn, Some(1), 2));
        assert!(!processing_allowed(S::Withdrawn, Some(2), 2));
        // Renewing is a grant while given, allowed only when due.
        assert_eq!(S::Given.apply_under(Grant, Some(1), 2), Ok(S::Given));
        assert_eq!(
            S::Given.apply_under(Grant, Some(2), 2),
            Err(TransitionError::AlreadyGiven)
        );
        assert_eq!(S::Given.apply_under(Withdraw, Some(1), 2), Ok(S::Withdrawn));
        assert_eq!(S::None.apply_under(Grant, None, 2), Ok(S::Given));
    }

    #[test]
    fn retention_keeps_the_given_consent_in_force_and_ages_out_the_rest() {
        use PatientConsentState::{Given, Withdrawn};
        let day = |d: i64| datetime!(2020-01-01 0:00 UTC) + time::Duration::days(d);
        let mark = |seq, d, state| HistoryMark {
            seq,
            at: day(d),
            state,
            is_consent: true,
        };
        let history = [
            mark(1, 0, Given),
            mark(2, 10, Withdrawn),
            mark(3, 20, Given),
        ];
        // Day 1000 with 365 days' retention: all three are old, but consent 3 is in force.
        assert_eq!(expired_history(&history, day(1000), 365), vec![1, 2]);
        // Day 370: only the first is past the cutoff.
        assert_eq!(expired_history(&history, day(370), 365), vec![1]);
        assert_eq!(next_expiry(&history, 365), Some(day(365)));
        // A withdrawn history ages out completely.
        let withdrawn = [mark(1, 0, Given), mark(2, 10, Withdrawn)];
        assert_eq!(expired_history(&withdrawn, day(1000), 365), vec![1, 2]);
        assert_eq!(next_expiry(&[mark(3, 20, Given)], 365), None);
        assert!(expired_history(&[], day(1000), 365).is_empty());
        // A disclosure after the consent in force ages out; the consent stays.
        let disclosure = HistoryMark {
            is_consent: false,
            ..mark(4, 30, Given)
        };
        let with_disclosure = [mark(3, 20, Given), disclosure];
        assert_eq!(expired_history(&with_disclosure, day(1000), 365), vec![4]);
    }

    #[test]
    fn state_text_is_its_json_form() {
        use PatientConsentState as S;
        for state in [S::None, S::Given, S::Withdrawn] {
            assert_eq!(
                serde_json::to_value(state).expect("json"),
                serde_json::Value::from(state.as_str())
            );
            assert_eq!(S::parse(state.as_str()), Some(state));
        }
        assert_eq!(S::parse("granted"), None);
    }

    #[test]
    fn subject_depends_on_number_and_pepper_only() {
        let a = subject_id(b"pepper-one", &number("191212121212"));
        assert_eq!(a, subject_id(b"pepper-one", &number("19121212-1212")));
        assert_ne!(a, subject_id(b"pepper-two", &number("191212121212")));
        assert_ne!(a, subject_id(b"pepper-one", &number("198112289874")));
        assert!(is_patient_subject(&a), "{a}");
        assert!(!a.contains("121212"));
    }

    #[test]
    fn receipt_records_both_purposes_and_the_state() {
        let config = samtycke_deployment::site_config().expect("config");
        let at = datetime!(2026-11-23 12:00 UTC);
        let subject = subject_id(b"pepper", &number("191212121212"));
        let given = patient_receipt(
            &config,
            &subject,
            PatientConsentState::Given,
            Language::SV,
            "r1".into(),
            at,
            None,
        )
        .unwrap();
        assert_eq!(given.method, Method::EId);
        assert_eq!(given.expires_at, None);
        assert!(
            given
                .purposes
                .iter()
                .all(|p| p.granted && p.legal_basis == PATIENT_BASIS)
        );
        let ids: Vec<_> = given.purposes.iter().map(|p| p.category.as_str()).collect();
        assert_eq!(ids, ["certificates", "statistics"]);
        let withdrawn = patient_receipt(
            &config,
            &subject,
            PatientConsentState::Withdrawn,
            Language::SV,
            "r2".into(),
            at,
            Some("r1".into()),
        )
        .unwrap();
        assert!(withdrawn.purposes.iter().all(|p| !p.granted));
        assert_eq!(withdrawn.previous_receipt_id.as_deref(), Some("r1"));
        // Kantara 1.1: health data, said in the signed form itself.
        let json = serde_json::to_value(&given).expect("json");
        assert_eq!(json["sensitive"], serde_json::json!(true));
        assert_eq!(json["spiCat"], serde_json::json!(["health"]));
    }

    #[test]
    fn a_cookie_receipt_keeps_its_signed_form_without_the_sensitive_fields() {
        let config = samtycke_deployment::site_config().expect("config");
        let mut receipt = patient_receipt(
            &config,
            &subject_id(b"pepper", &number("191212121212")),
            PatientConsentState::Given,
            Language::SV,
            "r1".into(),
            datetime!(2026-11-23 12:00 UTC),
            None,
        )
        .unwrap();
        receipt.sensitive = false;
        receipt.spi_cat.clear();
        let json = serde_json::to_string(&receipt).expect("json");
        assert!(
            !json.contains("sensitive") && !json.contains("spiCat"),
            "{json}"
        );
        let back: samtycke_receipts::receipt::Receipt = serde_json::from_str(&json).expect("reads");
        assert_eq!(back, receipt);
    }

    #[test]
    fn changes_are_limited_per_hour() {
        let now = datetime!(2026-11-23 12:00 UTC);
        let mark = |minutes_ago: i64, seq: i64| HistoryMark {
            seq,
            at: now - time::Duration::minutes(minutes_ago),
            state: PatientConsentState::Given,
            is_consent: true,
        };
        let recent: Vec<_> = (0..MAX_CHANGES_PER_HOUR as i64 - 1)
            .map(|i| mark(i, i))
            .collect();
        assert!(change_allowed(&recent, now));
        let mut full = recent.clone();
        full.push(mark(59, 99));
        assert!(!change_allowed(&full, now));
        // An hour later the oldest ones no longer count.
        let mut old = recent;
        old.push(mark(61, 99));
        assert!(change_allowed(&old, now));
    }

    #[test]
    fn a_visitor_subject_cannot_carry_a_patient_receipt() {
        let config = samtycke_deployment::site_config().expect("config");
        let visitor =
            samtycke_receipts::visitor::subject_for("vk_0123456789abcdef0123456789abcdef");
        let refused = patient_receipt(
            &config,
            &visitor,
            PatientConsentState::Given,
            Language::SV,
            "r1".into(),
            datetime!(2026-11-23 12:00 UTC),
            None,
        );
        assert_eq!(refused, Err(ReceiptError::InvalidSubject("patient")));
    }
}
