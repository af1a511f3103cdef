//! Patient consent as FHIR R4 `Consent` resources (IHE PCF Basic, [`samtycke_care::fhir`]):
//! `GET /api/patient/consent.fhir` gives the logged-in patient their own history, and
//! `POST /api/admin/patient-consent.fhir {"personal_identity_number"}` gives a care system
//! (with the admin credentials) one patient's, asked by number in the body, never in a URL.

use samtycke_care::fhir::{ConsentEntry, Origin, PatientIds, consent_bundle};
use samtycke_care::patient::{PatientConsentState, processing_allowed};
use samtycke_care::personnummer::IdentityNumber;
use samtycke_receipts::receipt::SignedReceipt;
use serde::Deserialize;
use worker::{Request, Response, RouteContext};

use crate::http::error::{ApiError, respond};
use samtycke_wire::patient_api::HistoryEntry;

use crate::patient::object::Client;
use crate::{admin, bindings, http::body, patient::session};

/// The media type of FHIR's JSON.
const FHIR_JSON: &str = "application/fhir+json";

/// `GET /api/patient/consent.fhir`: the patient's own consent history as a FHIR Bundle.
pub(crate) async fn own(req: Request, ctx: RouteContext<()>) -> worker::Result<Response> {
    let outcome = async {
        let patient = session::require(&req, &ctx.env)?;
        let history = Client::new(&ctx.env, &patient)?.history().await?;
        let number = patient.identity_number.clone();
        let response = bundle_response(&req, &patient.subject, Some(&number), &history)?;
        session::renewed(response, patient, &bindings::session_key(&ctx.env)?)
    };
    respond(outcome.await)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Asked {
    personal_identity_number: String,
}

/// `POST /api/admin/patient-consent.fhir`: one patient's consent history, for a care system.
pub(crate) async fn for_care_system(
    mut req: Request,
    ctx: RouteContext<()>,
) -> worker::Result<Response> {
    let outcome = async {
        admin::authorize(&req, &ctx).await?;
        let asked: Asked = body::read_json(&mut req).await?;
        let number = IdentityNumber::parse(&asked.personal_identity_number).map_err(|e| {
            ApiError::BadRequest {
                code: "invalid_identity_number",
                message: e.to_string(),
            }
        })?;
        let subject = samtycke_care::patient::subject_id(
            bindings::identity_pepper(&ctx.env)?.as_bytes(),
            &number,
        );
        let history = Client::system(&ctx.env, &subject)?.system_history().await?;
        bundle_response(&req, &subject, Some(number.as_str()), &history)
    };
    respond(outcome.await)
}

/// The Bundle of `history`'s consent entries, as `application/fhir+json`.
fn bundle_response(
    req: &Request,
    subject: &str,
    identity_number: Option<&str>,
    history: &[HistoryEntry],
) -> Result<Response, ApiError> {
    let parsed: Vec<(&HistoryEntry, SignedReceipt)> = history
        .iter()
        .filter(|h| h.kind == "consent")
        .map(|h| {
            serde_json::from_value(h.receipt.clone())
                .map(|r| (h, r))
                .map_err(|e| ApiError::Internal(format!("stored receipt: {e}")))
        })
        .collect::<Result<_, _>>()?;
    let entries: Vec<ConsentEntry<'_>> = parsed
        .iter()
        .map(|(h, receipt)| ConsentEntry {
            signed: &h.receipt,
            receipt,
        })
        .collect();
    // A withdrawal holds as long as it is the latest word; a consent while the notice it was
    // given under is the one in force.
    let current = bindings::config()?.policy_revision;
    let latest_in_force = parsed.last().is_some_and(|(h, r)| {
        h.state == PatientConsentState::Withdrawn
            || processing_allowed(h.state, Some(r.receipt.policy.material_revision), current)
    });
    let url = req.url()?;
    let origin = url.origin().ascii_serialization();
    let patient = PatientIds {
        subject,
        identity_number,
    };
    let bundle = consent_bundle(Origin(&origin), &patient, &entries, latest_in_force);
    let mut response = Response::ok(bundle.to_string())?;
    response.headers_mut().set("Content-Type", FHIR_JSON)?;
    Ok(response)
}
