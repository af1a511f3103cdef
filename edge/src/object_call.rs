//! The one way the Worker calls a Durable Object: the call (a `Call` enum of the object's) as
//! JSON in a `POST`, to which the object answers with JSON. Each object's client reads the
//! answer into the type its call names.

use serde::Serialize;
use serde::de::DeserializeOwned;
use worker::{Headers, Method, Request, RequestInit, Response, Stub};

use crate::http::error::ApiError;

/// The call a request to an object carries. Read by serde_json from the body's text, not by
/// the runtime's `JSON.parse`, whose numbers are doubles: a bound like `i64::MIN` would not
/// come through.
pub(crate) async fn read<T: DeserializeOwned>(req: &mut Request) -> Result<T, ApiError> {
    let text = req.text().await?;
    serde_json::from_str(&text).map_err(|e| ApiError::MalformedJson(e.to_string()))
}

/// An object's reply to a call: `value` as JSON.
pub(crate) fn reply(value: &impl Serialize) -> Result<Response, ApiError> {
    Ok(Response::from_json(value)?)
}

/// Send `call` to the object behind `stub`, with `headers` besides the JSON content type.
pub(crate) async fn post(
    stub: &Stub,
    call: &impl Serialize,
    headers: &[(&str, &str)],
) -> Result<Response, ApiError> {
    let body = serde_json::to_string(call).map_err(|e| ApiError::Internal(e.to_string()))?;
    let sent = Headers::new();
    sent.set("Content-Type", "application/json")?;
    for (name, value) in headers {
        sent.set(name, value)?;
    }
    let mut init = RequestInit::new();
    init.with_method(Method::Post)
        .with_headers(sent)
        .with_body(Some(body.into()));
    // Durable Objects are addressed by their stub; the URL only has to be one.
    let request = Request::new_with_init("https://durable-object/", &init)?;
    Ok(stub.fetch_with_request(request).await?)
}
