//! The patient API of the edge (`/api/patient/*`), as the patient pages call it.

use consent::Language;
use consent::certificate::Certificate;
use consent::patient::PatientConsentState;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
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

/// The logged-in patient and their consent (`GET /api/patient/consent`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ConsentStatus {
    /// Name from the e-ID.
    pub name: String,
    /// Where consent stands.
    pub state: PatientConsentState,
    /// Since when.
    pub since: Option<String>,
    /// Consent is given, but under an earlier version of the privacy notice that has since
    /// changed materially: the patient must consent again before anything is shown.
    #[serde(default)]
    pub renewal_due: bool,
    /// The privacy notice the consent refers to.
    pub policy_url: String,
}

/// One transition in the patient's history.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct HistoryEntry {
    /// State after it.
    pub state: PatientConsentState,
    /// When.
    pub at: String,
    /// Its signed receipt.
    pub receipt: Value,
}

async fn get<T: DeserializeOwned>(url: &str) -> Result<T, Failure> {
    let init = RequestInit::new();
    init.set_method("GET");
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
    let headers = web_sys::Headers::new().map_err(|e| Failure::Other(format!("{e:?}")))?;
    headers
        .set("Content-Type", "application/json")
        .map_err(|e| Failure::Other(format!("{e:?}")))?;
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_headers(&headers);
    let body = serde_json::json!({ "language": language }).to_string();
    init.set_body(&JsValue::from_str(&body));
    let text = fetch_text(url, &init).await?;
    serde_json::from_str(&text).map_err(|e| Failure::Other(e.to_string()))
}

/// The whole consent history.
pub async fn history() -> Result<Vec<HistoryEntry>, Failure> {
    #[derive(Deserialize)]
    struct History {
        history: Vec<HistoryEntry>,
    }
    Ok(get::<History>("/api/patient/consent/history")
        .await?
        .history)
}

/// The patient's certificates.
pub async fn certificates() -> Result<Vec<Certificate>, Failure> {
    #[derive(Deserialize)]
    struct List {
        certificates: Vec<Certificate>,
    }
    Ok(get::<List>("/api/patient/certificates").await?.certificates)
}

/// One certificate.
pub async fn certificate(id: &str) -> Result<Certificate, Failure> {
    let id: String = js_sys::encode_uri_component(id).into();
    get(&format!("/api/patient/certificates/{id}")).await
}
