//! Talking to the edge's receipts API.

use samtycke_wire::ReceiptRequest;
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

/// The one field of the edge's answer (a whole [`samtycke_wire::Receipt`]) the banner keeps:
/// the receipt's id. Reading only it keeps the receipt's full decoder out of the banner's wasm.
#[derive(serde::Deserialize)]
struct Recorded {
    receipt_id: String,
}

/// POST a receipt request with an idempotency key; the edge answers with the receipt, of which
/// this returns the id.
pub async fn post_receipt(request: &ReceiptRequest, key: &str) -> Result<String, ApiError> {
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
    let recorded: Recorded =
        serde_json::from_str(&text).map_err(|e| ApiError::Decode(e.to_string()))?;
    if samtycke_wire::receipt::is_receipt_id(&recorded.receipt_id) {
        Ok(recorded.receipt_id)
    } else {
        Err(ApiError::Decode(format!(
            "not a receipt id: {:?}",
            recorded.receipt_id
        )))
    }
}

/// Every signed receipt of the holder of `visitor_key`, oldest first, as
/// `{"subject":…,"receipts":[…]}`: the edge's pages fetched until the last. The receipts pass
/// through as the browser parsed them (`JSON`), untouched and without a Rust copy of their
/// shape, and are written out indented.
pub async fn receipts_json(visitor_key: &str) -> Result<String, ApiError> {
    let headers = web_sys::Headers::new().map_err(js_error)?;
    headers
        .set("Authorization", &format!("Bearer {visitor_key}"))
        .map_err(js_error)?;
    let init = RequestInit::new();
    init.set_method("GET");
    init.set_headers(&headers);
    let field = |object: &JsValue, name: &str| {
        js_sys::Reflect::get(object, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
    };
    let receipts = js_sys::Array::new();
    let mut after: Option<String> = None;
    let subject = loop {
        let url = match &after {
            Some(id) => format!("{}/api/receipts?after={id}", base()),
            None => format!("{}/api/receipts", base()),
        };
        let page = js_sys::JSON::parse(&fetch_text(&url, &init).await?)
            .map_err(|_| ApiError::Decode("the receipts page is not JSON".into()))?;
        if let Ok(items) = field(&page, "receipts").dyn_into::<js_sys::Array>() {
            for item in items.iter() {
                receipts.push(&item);
            }
        }
        match field(&page, "next_after").as_string() {
            Some(id) if samtycke_wire::receipt::is_receipt_id(&id) => after = Some(id),
            _ => break field(&page, "subject"),
        }
    };
    let download = js_sys::Object::new();
    js_sys::Reflect::set(&download, &JsValue::from_str("subject"), &subject).map_err(js_error)?;
    js_sys::Reflect::set(&download, &JsValue::from_str("receipts"), &receipts).map_err(js_error)?;
    js_sys::JSON::stringify_with_replacer_and_space(&download, &JsValue::NULL, &JsValue::from(2))
        .map(String::from)
        .map_err(js_error)
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
    // The edge parsed and validated the configuration it serves.
    samtycke_visitor::SiteConfig::read_validated("config.json", &text)
        .map_err(|e| ApiError::Decode(e.to_string()))
}
