//! Talking to the edge: posting receipts, and the browser's clock and CSPRNG.

use consent::{Receipt, ReceiptRequest};
use thiserror::Error;
use time::OffsetDateTime;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{RequestInit, Response};

/// Why posting to the edge failed.
#[derive(Debug, Error)]
pub enum ApiError {
    /// The edge could not be reached.
    #[error("network error: {0}")]
    Network(String),
    /// The edge answered with an error status.
    #[error("the edge answered {status}: {body}")]
    Status {
        /// HTTP status.
        status: u16,
        /// Response body (the JSON error).
        body: String,
    },
    /// The answer was not the expected JSON.
    #[error("unexpected answer: {0}")]
    Decode(String),
}

fn js_error(e: JsValue) -> ApiError {
    ApiError::Network(format!("{e:?}"))
}

/// POST a receipt request; the edge answers with the issued receipt.
pub async fn post_receipt(request: &ReceiptRequest) -> Result<Receipt, ApiError> {
    let body = serde_json::to_string(request).map_err(|e| ApiError::Decode(e.to_string()))?;
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_body(&JsValue::from_str(&body));
    let headers = web_sys::Headers::new().map_err(js_error)?;
    headers
        .set("Content-Type", "application/json")
        .map_err(js_error)?;
    init.set_headers(&headers);
    let window = web_sys::window().ok_or_else(|| ApiError::Network("no window".into()))?;
    let response: Response = JsFuture::from(window.fetch_with_str_and_init("/api/receipts", &init))
        .await
        .map_err(js_error)?
        .dyn_into()
        .map_err(js_error)?;
    let text = JsFuture::from(response.text().map_err(js_error)?)
        .await
        .map_err(js_error)?
        .as_string()
        .unwrap_or_default();
    if !response.ok() {
        return Err(ApiError::Status {
            status: response.status(),
            body: text,
        });
    }
    serde_json::from_str(&text).map_err(|e| ApiError::Decode(e.to_string()))
}

/// The browser's current time.
pub fn now() -> OffsetDateTime {
    let millis = js_sys::Date::now() as i128;
    OffsetDateTime::from_unix_timestamp_nanos(millis * 1_000_000)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// A random UUID from the browser's CSPRNG.
pub fn random_uuid() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_default()
}
