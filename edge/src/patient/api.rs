//! `/api/patient/*`: the logged-in patient's consent and certificates.
//!
//! Every answer needs a session (401 `login_required`); certificates also need consent that is
//! given right now (403 `consent_required`), checked by the patient's object itself on every
//! request, so a withdrawal takes effect for the very next one. Writes check `Origin`.
//! Giving consent asks the care providers to send the patient's certificates in again.

use samtycke_auth::session::Session;
use samtycke_care::certificate::CertificateType;
use samtycke_care::disclosure::RecipientRef;
use samtycke_care::patient::{PatientAction, PatientConsentState};
use samtycke_wire::patient_api::{
    CertificateList, ConsentChange, ConsentStatus, Held, History, HistoryEntry, Listed, Preview,
    RecipientChoice, SendRequest,
};
use worker::{Request, Response, RouteContext};

use crate::http::error::{ApiError, respond};
use crate::patient::object::Client;
use crate::patient::object::sends::Order;
use crate::{bindings, http::body, patient::session, runtime};

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
        let renewal_due = samtycke_care::patient::renewal_due(
            status.state,
            status.policy_revision,
            config.policy_revision,
        );
        Ok(Response::from_json(&ConsentStatus {
            session_expires_in: patient.max_age(crate::runtime::now_secs()),
            name: patient.name,
            state: status.state,
            renewal_due,
            since: status.since,
            policy_url: config.policy_url.clone(),
            policy_revision: config.policy_revision,
        })?)
    })
    .await
}

async fn act(
    req: Request,
    ctx: RouteContext<()>,
    action: PatientAction,
) -> worker::Result<Response> {
    with_patient(req, ctx, move |mut req, ctx, patient| async move {
        session::require_same_origin(&req)?;
        let body: ConsentChange = body::read_json(&mut req).await?;
        let client = Client::new(&ctx.env, &patient)?;
        let entry = client.apply(action, body.language).await?;
        count_for_dashboard(&ctx, &entry).await;
        if entry.state.allows_processing() {
            // Consent (again): the providers that sent the patient certificates send them anew.
            match client.certificate_sources().await {
                Ok(sources) => {
                    crate::patient::care_providers::ask_for_certificates(
                        &ctx.env,
                        &patient.identity_number,
                        &sources,
                    )
                    .await;
                }
                Err(e) => worker::console_error!("certificate sources: {e}"),
            }
        }
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
        Ok(Response::from_json(&History { history })?)
    })
    .await
}

/// The recipients that accept `kind`, as the pages offer them.
fn recipients_for(
    ctx: &RouteContext<()>,
    kind: CertificateType,
) -> Result<Vec<RecipientChoice>, ApiError> {
    Ok(bindings::recipients(&ctx.env)?
        .into_iter()
        .filter(|r| r.accepts.contains(&kind))
        .map(|r| RecipientChoice {
            id: r.id,
            name: r.name,
        })
        .collect())
}

/// The held certificate `key` with the recipients that accept it.
async fn held(ctx: &RouteContext<()>, patient: &Session, key: &str) -> Result<Held, ApiError> {
    Client::new(&ctx.env, patient)?.certificate(key).await
}

/// `GET /api/patient/certificates`: the patient's certificates, newest first, each with the
/// recipients it can be sent to. Asked of the patient's object, which refuses (403) unless
/// consent is in force at this moment.
pub(crate) async fn certificates(req: Request, ctx: RouteContext<()>) -> worker::Result<Response> {
    with_patient(req, ctx, |_, ctx, patient| async move {
        let items = Client::new(&ctx.env, &patient)?
            .certificates()
            .await?
            .into_iter()
            .map(|held| {
                let recipients = recipients_for(&ctx, held.certificate.kind)?;
                Ok(Listed { held, recipients })
            })
            .collect::<Result<Vec<_>, ApiError>>()?;
        Ok(Response::from_json(&CertificateList {
            certificates: items,
        })?)
    })
    .await
}

/// `GET /api/patient/certificates/:key`: one of the patient's own certificates (404 for any
/// other key, including another patient's).
pub(crate) async fn certificate(req: Request, ctx: RouteContext<()>) -> worker::Result<Response> {
    let key = ctx.param("key").cloned().unwrap_or_default();
    with_patient(req, ctx, |_, ctx, patient| async move {
        let held = held(&ctx, &patient, &key).await?;
        let recipients = recipients_for(&ctx, held.certificate.kind)?;
        Ok(Response::from_json(&Listed { held, recipients })?)
    })
    .await
}

/// The recipient `id`, if it accepts `kind`.
fn recipient(
    ctx: &RouteContext<()>,
    id: &str,
    kind: CertificateType,
) -> Result<samtycke_care::care_network::Recipient, ApiError> {
    bindings::recipients(&ctx.env)?
        .into_iter()
        .find(|r| r.id == id && r.accepts.contains(&kind))
        .ok_or_else(|| ApiError::NotFound("no such recipient for this certificate".into()))
}

/// `GET /api/patient/certificates/:key/send/:recipient`: exactly what a send would deliver,
/// and to whom, for the patient to look at before confirming.
pub(crate) async fn send_preview(req: Request, ctx: RouteContext<()>) -> worker::Result<Response> {
    let key = ctx.param("key").cloned().unwrap_or_default();
    let to = ctx.param("recipient").cloned().unwrap_or_default();
    with_patient(req, ctx, |_, ctx, patient| async move {
        let held = held(&ctx, &patient, &key).await?;
        let recipient = recipient(&ctx, &to, held.certificate.kind)?;
        Ok(Response::from_json(&Preview {
            recipient: RecipientChoice {
                id: recipient.id,
                name: recipient.name,
            },
            content_hash: held.content_hash,
            certificate: held.certificate,
        })?)
    })
    .await
}

/// `POST /api/patient/certificates/:key/send/:recipient`: the patient confirms; the send is
/// recorded in the patient's object and queued for delivery (`202`).
pub(crate) async fn send(req: Request, ctx: RouteContext<()>) -> worker::Result<Response> {
    let key = ctx.param("key").cloned().unwrap_or_default();
    let to = ctx.param("recipient").cloned().unwrap_or_default();
    with_patient(req, ctx, |mut req, ctx, patient| async move {
        session::require_same_origin(&req)?;
        let body: SendRequest = body::read_json(&mut req).await?;
        let held = held(&ctx, &patient, &key).await?;
        let recipient = recipient(&ctx, &to, held.certificate.kind)?;
        let client = Client::new(&ctx.env, &patient)?;
        let order = Order {
            subject: client.subject().to_owned(),
            send_id: runtime::random_uuid(),
            certificate_key: key,
            content_hash: body.content_hash,
            recipient: RecipientRef {
                id: recipient.id,
                name: recipient.name,
            },
            accepts: recipient.accepts,
        };
        let view = client.send(order).await?;
        crate::patient::send_queue::enqueue(&ctx.env, client.subject(), &view.id).await?;
        Ok(Response::from_json(&view)?.with_status(202))
    })
    .await
}
