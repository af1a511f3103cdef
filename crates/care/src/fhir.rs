//! A patient's consent history as HL7 FHIR R4 `Consent` resources, following IHE Privacy
//! Consent on FHIR (PCF), Basic Consent: what a region's or Inera's systems read to learn
//! whether, since when and under which notice a patient consents.
//!
//! Each consent or withdrawal in the history is one resource (a withdrawal is a `deny`), the
//! latest one `active` while it holds and every earlier one `inactive`; each carries its signed
//! receipt as `sourceAttachment` (the exact canonical JSON, verifiable with `verify-receipt`),
//! and permits or denies each purpose under consent by its W3C DPV term. The resources come in
//! one `collection` Bundle, oldest first.

use base64::Engine as _;
use serde_json::{Value, json};

use samtycke_receipts::canonical::to_canonical_string;
use samtycke_receipts::receipt::SignedReceipt;

/// The IHE PCF Basic Consent profile the resources claim.
pub const PCF_BASIC_PROFILE: &str =
    "https://profiles.ihe.net/ITI/PCF/StructureDefinition/IHE.PCF.consent";

/// The identifier system of Swedish personal identity numbers (personnummer).
pub const PERSONNUMMER_SYSTEM: &str = "urn:oid:1.2.752.129.2.1.3.1";

/// W3C Data Privacy Vocabulary, whose terms name the purposes.
pub const DPV_SYSTEM: &str = "https://w3id.org/dpv";

/// Who the resources are about, as the reader may learn it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatientIds<'a> {
    /// The patient's subject id (a keyed hash, never the number).
    pub subject: &'a str,
    /// The personal identity number, for the patient's own export or a care system that asked
    /// by it.
    pub identity_number: Option<&'a str>,
}

/// Where the deployment is reached (`https://intyg.example`): notice URLs are made absolute
/// with it, and the subject ids' identifier system lives under it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Origin<'a>(pub &'a str);

impl Origin<'_> {
    fn absolute(&self, url: &str) -> String {
        if url.starts_with("https://") || url.starts_with("http://") {
            url.to_owned()
        } else {
            format!("{}{url}", self.0.trim_end_matches('/'))
        }
    }

    /// The identifier system of this deployment's patient subject ids.
    pub fn subject_system(&self) -> String {
        format!(
            "{}/fhir/identifier/patient-subject",
            self.0.trim_end_matches('/')
        )
    }
}

/// One consent entry of the history: its signed receipt, as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct ConsentEntry<'a> {
    /// The signed receipt (the stored JSON).
    pub signed: &'a Value,
    /// Parsed.
    pub receipt: &'a SignedReceipt,
}

/// The Bundle of `entries` (consent entries only, oldest first) about `patient`;
/// `latest_in_force` says whether the latest entry still holds (a consent given under the
/// notice in force, or a withdrawal).
pub fn consent_bundle(
    origin: Origin<'_>,
    patient: &PatientIds<'_>,
    entries: &[ConsentEntry<'_>],
    latest_in_force: bool,
) -> Value {
    let last = entries.len().saturating_sub(1);
    let resources: Vec<Value> = entries
        .iter()
        .enumerate()
        .map(|(i, entry)| {
            let active = i == last && latest_in_force;
            json!({
                "fullUrl": format!("urn:uuid:{}", entry.receipt.receipt.receipt_id),
                "resource": consent_resource(origin, patient, entry, active),
            })
        })
        .collect();
    json!({
        "resourceType": "Bundle",
        "type": "collection",
        "total": resources.len(),
        "entry": resources,
    })
}

fn consent_resource(
    origin: Origin<'_>,
    patient: &PatientIds<'_>,
    entry: &ConsentEntry<'_>,
    active: bool,
) -> Value {
    let receipt = &entry.receipt.receipt;
    let granted = receipt.purposes.iter().any(|p| p.granted);
    let at = samtycke_visitor::instant::to_rfc3339(receipt.issued_at);
    // The number when the reader may have it; otherwise the subject id only.
    let identifier = match patient.identity_number {
        Some(number) => json!({ "system": PERSONNUMMER_SYSTEM, "value": number }),
        None => json!({ "system": origin.subject_system(), "value": patient.subject }),
    };
    let purposes: Vec<Value> = receipt
        .purposes
        .iter()
        .map(|p| {
            json!({
                "type": if p.granted { "permit" } else { "deny" },
                "purpose": [{
                    "system": DPV_SYSTEM,
                    "code": p.dpv_purpose.trim_start_matches("dpv:"),
                    "display": p.category,
                }],
            })
        })
        .collect();
    let attachment = to_canonical_string(entry.signed);
    json!({
        "resourceType": "Consent",
        "id": receipt.receipt_id,
        "meta": { "profile": [PCF_BASIC_PROFILE] },
        "identifier": [{ "system": "urn:ietf:rfc:3986", "value": format!("urn:uuid:{}", receipt.receipt_id) }],
        "status": if active { "active" } else { "inactive" },
        "scope": { "coding": [{
            "system": "http://terminology.hl7.org/CodeSystem/consentscope",
            "code": "patient-privacy",
            "display": "Privacy Consent",
        }] },
        "category": [{ "coding": [{
            "system": "http://loinc.org",
            "code": "59284-0",
            "display": "Patient Consent",
        }] }],
        "patient": { "identifier": identifier },
        "dateTime": at,
        "organization": [{ "display": receipt.controller.name }],
        "sourceAttachment": {
            "contentType": "application/json",
            "data": base64::engine::general_purpose::STANDARD.encode(attachment.as_bytes()),
            "title": "Signed consent receipt (Kantara Consent Receipt 1.1, Ed25519 JWS)",
            "creation": at,
        },
        "policy": [{ "uri": origin.absolute(&receipt.policy.url) }],
        "provision": {
            "type": if granted { "permit" } else { "deny" },
            "period": { "start": at },
            "provision": purposes,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patient::{PatientConsentState, patient_receipt};
    use samtycke_receipts::signature::{KeySet, SigningKey};
    use samtycke_visitor::language::Language;
    use time::macros::datetime;

    const SUBJECT: &str = "p_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG";

    /// given → withdrawn → given, signed.
    fn history() -> Vec<(Value, SignedReceipt)> {
        let config = samtycke_deployment::site_config().expect("bundled config");
        let key = SigningKey::from_seed("k1", [7; 32]);
        let states = [
            PatientConsentState::Given,
            PatientConsentState::Withdrawn,
            PatientConsentState::Given,
        ];
        states
            .iter()
            .enumerate()
            .map(|(i, state)| {
                let at = datetime!(2026-12-01 10:00 UTC) + time::Duration::hours(i as i64);
                let receipt = patient_receipt(
                    &config,
                    SUBJECT,
                    *state,
                    Language::SV,
                    format!("00000000-0000-4000-8000-00000000000{i}"),
                    at,
                    None,
                )
                .expect("a patient receipt");
                let signed = samtycke_receipts::receipt::sign(&receipt, &key).expect("signed");
                let parsed: SignedReceipt = serde_json::from_value(signed.clone()).unwrap();
                (signed, parsed)
            })
            .collect()
    }

    #[test]
    fn a_history_is_one_resource_per_entry_and_only_the_latest_is_active() {
        let history = history();
        let entries: Vec<_> = history
            .iter()
            .map(|(signed, receipt)| ConsentEntry { signed, receipt })
            .collect();
        let patient = PatientIds {
            subject: SUBJECT,
            identity_number: Some("191212121212"),
        };
        let bundle = consent_bundle(Origin("https://intyg.example"), &patient, &entries, true);
        let resources: Vec<&Value> = bundle["entry"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| &e["resource"])
            .collect();
        assert_eq!(resources.len(), 3);
        let statuses: Vec<&str> = resources
            .iter()
            .map(|r| r["status"].as_str().unwrap())
            .collect();
        assert_eq!(statuses, ["inactive", "inactive", "active"]);
        let types: Vec<&str> = resources
            .iter()
            .map(|r| r["provision"]["type"].as_str().unwrap())
            .collect();
        assert_eq!(types, ["permit", "deny", "permit"]);
        assert_eq!(
            resources[0]["patient"]["identifier"]["value"],
            "191212121212"
        );
        assert_eq!(
            resources[1]["provision"]["provision"][0]["purpose"][0]["code"],
            "ServiceProvision"
        );
        assert_eq!(
            resources[0]["policy"][0]["uri"],
            "https://intyg.example/integritet/intygstjansten"
        );
        // The attachment is the signed receipt itself, which still verifies.
        let data = resources[2]["sourceAttachment"]["data"].as_str().unwrap();
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(data)
            .unwrap();
        let receipt: Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(receipt, history[2].0);
        let keys = KeySet {
            keys: vec![SigningKey::from_seed("k1", [7; 32]).public_jwk()],
        };
        assert_eq!(samtycke_receipts::verify(&receipt, &keys), Ok("k1".into()));
    }

    #[test]
    fn without_the_number_the_patient_is_named_by_subject_id_and_a_lapsed_consent_is_inactive() {
        let history = history();
        let entries = [ConsentEntry {
            signed: &history[0].0,
            receipt: &history[0].1,
        }];
        let patient = PatientIds {
            subject: SUBJECT,
            identity_number: None,
        };
        let bundle = consent_bundle(Origin("https://intyg.example/"), &patient, &entries, false);
        let resource = &bundle["entry"][0]["resource"];
        assert_eq!(resource["status"], "inactive");
        assert_eq!(
            resource["patient"]["identifier"],
            json!({ "system": "https://intyg.example/fhir/identifier/patient-subject", "value": SUBJECT })
        );
        assert!(!bundle.to_string().contains("191212121212"));
    }
}
