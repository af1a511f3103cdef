//! Talking to the edge's receipts API.

use samtycke_wire::{Receipt, ReceiptRequest};
use thiserror::Error;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{RequestInit, Response};

/// Why a call to the edge failed.
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

/// Where Samtycke's own routes are: `data-api` on `#samtycke` (`/_samtycke` on a site the edge
/// serves), or the page's own origin on Samtycke's own site.
pub fn base() -> String {
    crate::banner_root()
        .and_then(|root| root.get_attribute("data-api"))
        .unwrap_or_default()
}

/// The published site the banner belongs to (`data-site`), empty on Samtycke's own site.
fn site_id() -> String {
    crate::banner_root()
        .and_then(|root| root.get_attribute("data-site"))
        .unwrap_or_default()
}

fn js_error(e: JsValue) -> ApiError {
    ApiError::Network(format!("{e:?}"))
}

/// Fetch `url` and return the body text of a 2xx answer.
pub(crate) async fn fetch_text(url: &str, init: &RequestInit) -> Result<String, ApiError> {
    let window = web_sys::window().ok_or_else(|| ApiError::Network("no window".into()))?;
    let response: Response = JsFuture::from(window.fetch_with_str_and_init(url, init))
        .await
        .map_err(js_error)?
        .dyn_into()
        .map_err(js_error)?;
    let text = JsFuture::from(response.text().map_err(js_error)?)
        .await
        .map_err(js_error)?
        .as_string()
        .unwrap_or_default();
    if response.ok() {
        Ok(text)
    } else {
        Err(ApiError::Status {
            status: response.status(),
            body: text,
        })
    }
}

/// POST a receipt request with an idempotency key; the edge answers with the receipt.
pub async fn post_receipt(request: &ReceiptRequest, key: &str) -> Result<Receipt, ApiError> {
    let body = serde_json::to_string(request).map_err(|e| ApiError::Decode(e.to_string()))?;
    let headers = web_sys::Headers::new().map_err(js_error)?;
    headers
        .set("Content-Type", "application/json")
        .map_err(js_error)?;
    headers.set("Idempotency-Key", key).map_err(js_error)?;
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_body(&JsValue::from_str(&body));
    init.set_headers(&headers);
    let text = fetch_text(&format!("{}/api/receipts", base()), &init).await?;
    serde_json::from_str(&text).map_err(|e| ApiError::Decode(e.to_string()))
}

/// Every signed receipt of the holder of `visitor_key`, oldest first, as
/// `{"subject":…,"receipts":[…]}`: the edge's pages fetched until the last.
pub async fn receipts_json(visitor_key: &str) -> Result<String, ApiError> {
    let headers = web_sys::Headers::new().map_err(js_error)?;
    headers
        .set("Authorization", &format!("Bearer {visitor_key}"))
        .map_err(js_error)?;
    let init = RequestInit::new();
    init.set_method("GET");
    init.set_headers(&headers);
    let mut receipts = Vec::new();
    let mut after: Option<String> = None;
    let subject = loop {
        let url = match &after {
            Some(id) => format!("{}/api/receipts?after={id}", base()),
            None => format!("{}/api/receipts", base()),
        };
        let page: serde_json::Value = serde_json::from_str(&fetch_text(&url, &init).await?)
            .map_err(|e| ApiError::Decode(e.to_string()))?;
        if let Some(items) = page["receipts"].as_array() {
            receipts.extend(items.iter().cloned());
        }
        match page["next_after"].as_str() {
            Some(id) if samtycke_wire::receipt::is_receipt_id(id) => after = Some(id.to_owned()),
            _ => break page["subject"].clone(),
        }
    };
    serde_json::to_string_pretty(&serde_json::json!({ "subject": subject, "receipts": receipts }))
        .map_err(|e| ApiError::Decode(e.to_string()))
}

/// The site's configuration as the edge publishes it (`{base}/config.json`).
pub async fn site_config(base: &str) -> Result<samtycke_visitor::SiteConfig, ApiError> {
    let init = RequestInit::new();
    init.set_method("GET");
    let site = site_id();
    let url = if site.is_empty() {
        format!("{base}/config.json")
    } else {
        format!("{base}/config.json?site={site}")
    };
    let text = fetch_text(&url, &init).await?;
    samtycke_visitor::SiteConfig::parse("config.json", &text)
        .map_err(|e| ApiError::Decode(e.to_string()))
}
