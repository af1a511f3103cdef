//! Requests Samtycke sends to the systems around it (care providers, recipients), signed with
//! RFC 9421 HTTP Message Signatures under `REQUEST_SIGNING_KEY`, so the receiver can tell
//! them from anyone else's and refuse a replay.

use samtycke_auth::http_signature::{nonce, sign_request};
use worker::{Env, Fetch, Headers, Method, Request, RequestInit};

use crate::http::error::ApiError;
use crate::{bindings, runtime};

/// What the other side answered.
pub(crate) struct Answer {
    /// HTTP status.
    pub(crate) status: u16,
    /// The body as text.
    pub(crate) body: String,
}

/// POST `body` (JSON) to `url`, signed; `idempotency_key`, when given, goes in the
/// `Idempotency-Key` header. A network failure is an error; any HTTP status is an answer.
pub(crate) async fn post_json(
    env: &Env,
    url: &str,
    body: &str,
    idempotency_key: Option<&str>,
) -> Result<Answer, ApiError> {
    let key = bindings::request_signing_key(env)?;
    let signed = sign_request(
        key,
        "POST",
        url,
        "application/json",
        body.as_bytes(),
        runtime::now_secs(),
        &nonce(&runtime::random_bytes::<16>()?),
    );
    let headers = Headers::new();
    headers.set("Content-Type", "application/json")?;
    headers.set("Content-Digest", &signed.content_digest)?;
    headers.set("Signature-Input", &signed.signature_input)?;
    headers.set("Signature", &signed.signature)?;
    if let Some(key) = idempotency_key {
        headers.set("Idempotency-Key", key)?;
    }
    let mut init = RequestInit::new();
    init.with_method(Method::Post)
        .with_headers(headers)
        .with_body(Some(body.to_owned().into()));
    let request = Request::new_with_init(url, &init)?;
    let mut response = Fetch::Request(request).send().await?;
    Ok(Answer {
        status: response.status_code(),
        body: response.text().await.unwrap_or_default(),
    })
}
