//! `/api/patient/*`: the logged-in patient's consent and certificates.
//!
//! Every answer needs a session (401 `login_required`); certificates also need consent that is
//! given right now (403 `consent_required`), asked of the patient's object on every request,
//! so a withdrawal takes effect for the very next one. Writes check `Origin`.

use consent::Language;
use consent::patient::{PatientAction, PatientConsentState};
use consent::session::Session;
use serde::Deserialize;
use serde_json::json;
use worker::{D1Database, Request, Response, RouteContext};

use crate::error::{ApiError, respond};
use crate::patient::{Client, HistoryEntry};
use crate::{bindings, body, session};

/// Run `handler` for the logged-in patient and renew the session's idle timer on success.
async fn with_patient<F, Fut>(
    req: Request,
    ctx: RouteContext<()>,
    handler: F,
) -> worker::Result<Response>
where
    F: FnOnce(Request, RouteContext<()>, Session) -> Fut,
    Fut: Future<Output = Result<Response, ApiError>>,
{
    let outcome = async {
        let patient = session::require(&req, &ctx.env)?;
        let key = bindings::session_key(&ctx.env)?;
        let response = handler(req, ctx, patient.clone()).await?;
        session::renewed(response, patient, &key)
    };
    respond(outcome.await)
}

/// `GET /api/patient/consent`: who is logged in, the consent's state, and the notice it
/// refers to (the app asks again when `policy_revision` changed since consent was given).
pub(crate) async fn show(req: Request, ctx: RouteContext<()>) -> worker::Result<Response> {
    with_patient(req, ctx, |_, ctx, patient| async move {
        let status = Client::new(&ctx.env, &patient)?.status().await?;
        let config = bindings::config()?;
        let renewal_due = consent::patient::renewal_due(
            status.state,
            status.policy_revision,
            config.policy_revision,
        );
        Ok(Response::from_json(&json!({
            "name": patient.name,
            "state": status.state,
            "renewal_due": renewal_due,
            "since": status.since,
            "policy_url": config.policy_url,
            "policy_revision": config.policy_revision,
            "session_expires_in": patient.max_age(crate::runtime::now_secs()),
        }))?)
    })
    .await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ActionBody {
    #[serde(default)]
    language: Language,
}

async fn act(
    req: Request,
    ctx: RouteContext<()>,
    action: PatientAction,
) -> worker::Result<Response> {
    with_patient(req, ctx, move |mut req, ctx, patient| async move {
        session::require_same_origin(&req)?;
        let body: ActionBody = body::read_json(&mut req).await?;
        let entry = Client::new(&ctx.env, &patient)?
            .apply(action, body.language)
            .await?;
        count_for_dashboard(&ctx, &entry).await;
        Ok(Response::from_json(&entry)?.with_status(201))
    })
    .await
}

/// Count the transition for the dashboard (day and state only). The transition is already
/// recorded in the patient's object; a failed count is logged, never turned into an error.
async fn count_for_dashboard(ctx: &RouteContext<()>, entry: &HistoryEntry) {
    let day = entry.at.get(..10).unwrap_or_default().to_owned();
    // Transitions end in `given` or `withdrawn`, the two states the table counts.
    if entry.state == PatientConsentState::None {
        return;
    }
    let state = entry.state.as_str();
    let counted = async {
        bindings::db(&ctx.env)?
            .prepare(
                "INSERT INTO patient_consent_days (day, state, n) VALUES (?1, ?2, 1) \
                 ON CONFLICT (day, state) DO UPDATE SET n = n + 1",
            )
            .bind(&[day.into(), state.into()])?
            .run()
            .await?;
        Ok::<(), ApiError>(())
    };
    if let Err(e) = counted.await {
        worker::console_error!("counting a patient transition: {e}");
    }
}

/// `POST /api/patient/consent`: give consent ("Jag ger mitt samtycke"), first time or again.
pub(crate) async fn grant(req: Request, ctx: RouteContext<()>) -> worker::Result<Response> {
    act(req, ctx, PatientAction::Grant).await
}

/// `POST /api/patient/consent/withdraw`: withdraw consent.
pub(crate) async fn withdraw(req: Request, ctx: RouteContext<()>) -> worker::Result<Response> {
    act(req, ctx, PatientAction::Withdraw).await
}

/// `GET /api/patient/consent/history`: every transition with its signed receipt.
pub(crate) async fn history(req: Request, ctx: RouteContext<()>) -> worker::Result<Response> {
    with_patient(req, ctx, |_, ctx, patient| async move {
        let history = Client::new(&ctx.env, &patient)?.history().await?;
        Ok(Response::from_json(&json!({ "history": history }))?)
    })
    .await
}

/// 403 unless the patient's consent is given at this moment.
async fn require_consent(
    ctx: &RouteContext<()>,
    patient: &Session,
) -> Result<D1Database, ApiError> {
    let status = Client::new(&ctx.env, patient)?.status().await?;
    let current = bindings::config()?.policy_revision;
    if !consent::patient::processing_allowed(status.state, status.policy_revision, current) {
        return Err(ApiError::ConsentRequired);
    }
    bindings::db(&ctx.env)
}

#[derive(Deserialize)]
struct CertificateRow {
    body: String,
}

fn certificate_json(row: &CertificateRow) -> Result<serde_json::Value, ApiError> {
    serde_json::from_str(&row.body)
        .map_err(|e| ApiError::Internal(format!("stored certificate: {e}")))
}

/// `GET /api/patient/certificates`: the patient's certificates, newest first.
pub(crate) async fn certificates(req: Request, ctx: RouteContext<()>) -> worker::Result<Response> {
    with_patient(req, ctx, |_, ctx, patient| async move {
        let db = require_consent(&ctx, &patient).await?;
        let rows: Vec<CertificateRow> = db
            .prepare("SELECT body FROM certificates WHERE subject = ?1 ORDER BY issued_on DESC, id")
            .bind(&[patient.subject.as_str().into()])?
            .all()
            .await?
            .results()?;
        let list = rows
            .iter()
            .map(certificate_json)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Response::from_json(&json!({ "certificates": list }))?)
    })
    .await
}

/// `GET /api/patient/certificates/:id`: one of the patient's own certificates (404 for any
/// other id, including another patient's).
pub(crate) async fn certificate(req: Request, ctx: RouteContext<()>) -> worker::Result<Response> {
    let id = ctx.param("id").cloned().unwrap_or_default();
    with_patient(req, ctx, |_, ctx, patient| async move {
        let db = require_consent(&ctx, &patient).await?;
        let row: Option<CertificateRow> = db
            .prepare("SELECT body FROM certificates WHERE subject = ?1 AND id = ?2")
            .bind(&[patient.subject.as_str().into(), id.as_str().into()])?
            .first(None)
            .await?;
        let row = row.ok_or_else(|| ApiError::NotFound("no such certificate".into()))?;
        Ok(Response::from_json(&certificate_json(&row)?)?)
    })
    .await
}
