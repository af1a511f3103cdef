//! `POST /api/intake/certificates`: certificates from care providers' record systems.
//!
//! Every request must be signed by a registered provider (RFC 9421, [`samtycke_auth::http_signature`])
//! and is accepted once: its `(keyid, nonce)` is spent in D1, so a replay is a 401. The
//! certificate is validated by the domain, then offered to the patient's object, which holds it
//! only while the patient's consent is in force: otherwise the answer is 409
//! `patient_consent_missing` and the provider keeps it (Samtycke asks for it again when the
//! patient consents).

use samtycke_auth::http_signature::{SignedRequest, Verified, verify_request};
use samtycke_care::CertificateRules;
use samtycke_care::certificate::Certificate;
use samtycke_care::patient::subject_id;
use samtycke_receipts::signature::KeySet;
use worker::{Request, Response, RouteContext};

use crate::http::error::{ApiError, respond};
use crate::patient::object::Client;
use crate::patient::object::certificates::Put;
use crate::{bindings, http::body, runtime};

/// Largest certificate accepted, in bytes.
pub(crate) const MAX_CERTIFICATE_BYTES: usize = 64 * 1024;

/// `POST /api/intake/certificates`.
pub(crate) async fn receive(req: Request, ctx: RouteContext<()>) -> worker::Result<Response> {
    respond(receive_inner(req, &ctx).await)
}

async fn receive_inner(mut req: Request, ctx: &RouteContext<()>) -> Result<Response, ApiError> {
    let bytes = body::read_capped(&mut req, "application/json", MAX_CERTIFICATE_BYTES).await?;
    let providers = bindings::care_providers(&ctx.env)?;
    let all_keys = KeySet {
        keys: providers.iter().flat_map(|p| p.keys.clone()).collect(),
    };
    let header = |name: &str| req.headers().get(name).ok().flatten();
    let (content_type, digest, input, signature) = (
        header("Content-Type"),
        header("Content-Digest"),
        header("Signature-Input"),
        header("Signature"),
    );
    let url = req.url()?.to_string();
    let verified = verify_request(
        &SignedRequest {
            method: "POST",
            target_uri: &url,
            content_type: content_type.as_deref(),
            content_digest: digest.as_deref(),
            signature_input: input.as_deref(),
            signature: signature.as_deref(),
            body: &bytes,
        },
        &all_keys,
        runtime::now_secs(),
    )?;
    spend_nonce(ctx, &verified).await?;
    let provider = samtycke_care::care_network::provider_for_key(&providers, &verified.keyid)
        .map(|(p, _)| p.id.clone())
        .ok_or_else(|| ApiError::Internal("verified key without a provider".into()))?;

    // From text, as the patient's object and the Worker parse certificates everywhere else:
    // one deserializer for the type in the bundle.
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| ApiError::MalformedJson("the body is not UTF-8".into()))?;
    let certificate: Certificate =
        serde_json::from_str(text).map_err(|e| ApiError::MalformedJson(e.to_string()))?;
    let valid = certificate.validate()?;
    let pepper = bindings::identity_pepper(&ctx.env)?;
    let subject = subject_id(pepper.as_bytes(), &valid.patient);
    let client = Client::system(&ctx.env, &subject)?;
    let put = Put {
        subject,
        provider,
        certificate: valid.certificate,
    };
    let stored = client.put_certificate(put).await?;
    let status = if stored.status == "stored" { 201 } else { 200 };
    Ok(Response::from_json(&stored)?.with_status(status))
}

/// Spend the signature's nonce; a nonce already spent is a replay.
async fn spend_nonce(ctx: &RouteContext<()>, verified: &Verified) -> Result<(), ApiError> {
    let result = bindings::db(&ctx.env)?
        .prepare(
            "INSERT INTO spent_request_nonces (keyid, nonce, expires) VALUES (?1, ?2, ?3) \
             ON CONFLICT (keyid, nonce) DO NOTHING",
        )
        .bind(&[
            verified.keyid.as_str().into(),
            verified.nonce.as_str().into(),
            (verified.remember_until() as f64).into(),
        ])?
        .run()
        .await?;
    if result.meta()?.and_then(|m| m.changes).unwrap_or(0) == 0 {
        return Err(ApiError::Replayed);
    }
    Ok(())
}
