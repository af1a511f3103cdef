//! The patient API of the edge (`/api/patient/*`), as the patient pages call it: the
//! requests and answers are `samtycke_wire::patient_api`'s, the Worker's own types.

use samtycke_visitor::Language;
use samtycke_wire::patient_api::{CertificateList, ConsentChange, History, SendRequest};
pub use samtycke_wire::patient_api::{ConsentStatus, HistoryEntry, Listed, Preview, SendView};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsValue;
use web_sys::RequestInit;

use crate::api::{ApiError, fetch_text};

/// What a patient call can end in, as the pages tell the patient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// No session, or it ended (401).
    LoggedOut,
    /// Consent is not given (403 `consent_required`).
    ConsentRequired,
    /// No such certificate (404).
    NotFound,
    /// Anything else: the network or the service.
    Other(String),
}

impl From<ApiError> for Failure {
    fn from(e: ApiError) -> Self {
        match e {
            ApiError::Status { status: 401, .. } => Self::LoggedOut,
            ApiError::Status { status: 403, body } if body.contains("consent_required") => {
                Self::ConsentRequired
            }
            ApiError::Status { status: 404, .. } => Self::NotFound,
            other => Self::Other(other.to_string()),
        }
    }
}

async fn get<T: DeserializeOwned>(url: &str) -> Result<T, Failure> {
    let init = RequestInit::new();
    init.set_method("GET");
    let text = fetch_text(url, &init).await?;
    serde_json::from_str(&text).map_err(|e| Failure::Other(e.to_string()))
}

/// POST `body` as JSON to `url` and read the JSON answer.
async fn post<T: DeserializeOwned>(url: &str, body: &impl Serialize) -> Result<T, Failure> {
    let body = serde_json::to_string(body).map_err(|e| Failure::Other(e.to_string()))?;
    let headers = web_sys::Headers::new().map_err(|e| Failure::Other(format!("{e:?}")))?;
    headers
        .set("Content-Type", "application/json")
        .map_err(|e| Failure::Other(format!("{e:?}")))?;
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_headers(&headers);
    init.set_body(&JsValue::from_str(&body));
    let text = fetch_text(url, &init).await?;
    serde_json::from_str(&text).map_err(|e| Failure::Other(e.to_string()))
}

/// Who is logged in and where their consent stands.
pub async fn status() -> Result<ConsentStatus, Failure> {
    get("/api/patient/consent").await
}

/// Give (`withdraw == false`) or withdraw consent.
pub async fn change(withdraw: bool, language: Language) -> Result<HistoryEntry, Failure> {
    let url = if withdraw {
        "/api/patient/consent/withdraw"
    } else {
        "/api/patient/consent"
    };
    post(url, &ConsentChange { language }).await
}

/// The whole consent history.
pub async fn history() -> Result<Vec<HistoryEntry>, Failure> {
    Ok(get::<History>("/api/patient/consent/history")
        .await?
        .history)
}

fn encoded(text: &str) -> String {
    js_sys::encode_uri_component(text).into()
}

/// The patient's certificates.
pub async fn certificates() -> Result<Vec<Listed>, Failure> {
    Ok(get::<CertificateList>("/api/patient/certificates")
        .await?
        .certificates)
}

/// One certificate.
pub async fn certificate(key: &str) -> Result<Listed, Failure> {
    get(&format!("/api/patient/certificates/{}", encoded(key))).await
}

/// What sending certificate `key` to `recipient` would deliver.
pub async fn preview(key: &str, recipient: &str) -> Result<Preview, Failure> {
    get(&format!(
        "/api/patient/certificates/{}/send/{}",
        encoded(key),
        encoded(recipient)
    ))
    .await
}

/// Confirm sending certificate `key` (as previewed, `content_hash`) to `recipient`.
pub async fn send(key: &str, recipient: &str, content_hash: &str) -> Result<SendView, Failure> {
    let url = format!(
        "/api/patient/certificates/{}/send/{}",
        encoded(key),
        encoded(recipient)
    );
    let confirmation = SendRequest {
        content_hash: content_hash.to_owned(),
    };
    post(&url, &confirmation).await
}
