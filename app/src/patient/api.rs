//! The patient API of the edge (`/api/patient/*`), as the patient pages call it.

use samtycke_visitor::Language;
use samtycke_wire::certificate::Certificate;
use samtycke_wire::patient::PatientConsentState;
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

/// One entry in the patient's history.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct HistoryEntry {
    /// `consent`, `disclosure` or `erasure`.
    #[serde(default)]
    pub kind: String,
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

/// POST `body` as JSON to `url` and read the JSON answer.
async fn post<T: DeserializeOwned>(url: &str, body: &Value) -> Result<T, Failure> {
    let headers = web_sys::Headers::new().map_err(|e| Failure::Other(format!("{e:?}")))?;
    headers
        .set("Content-Type", "application/json")
        .map_err(|e| Failure::Other(format!("{e:?}")))?;
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_headers(&headers);
    init.set_body(&JsValue::from_str(&body.to_string()));
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
    post(url, &serde_json::json!({ "language": language })).await
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

/// A send of a certificate, as the pages show it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Send {
    /// Recipient id.
    pub recipient_id: String,
    /// Recipient name.
    pub recipient_name: String,
    /// When the patient confirmed it.
    pub requested_at: String,
    /// `queued`, `delivered`, `failed` or `cancelled`.
    pub status: String,
    /// When the recipient accepted it.
    pub delivered_at: Option<String>,
    /// While queued: when the next attempt is due at the latest.
    #[serde(default)]
    pub next_attempt_at: Option<String>,
    /// The version of the certificate it carries.
    #[serde(default)]
    pub certificate_version: u32,
}

/// A copy delivered before the certificate was corrected.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SentCopy {
    /// Recipient id.
    pub recipient_id: String,
    /// Recipient name.
    pub recipient_name: String,
    /// The certificate as delivered.
    pub certificate: Certificate,
}

/// A certificate held for the patient.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Held {
    /// Its key (provider `~` id).
    pub key: String,
    /// Content hash (what a send names).
    pub content_hash: String,
    /// The certificate.
    pub certificate: Certificate,
    /// Its sends.
    pub sends: Vec<Send>,
    /// Copies of older versions delivered before it was corrected.
    #[serde(default)]
    pub sent_copies: Vec<SentCopy>,
}

/// Someone the certificate can be sent to.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct RecipientChoice {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
}

/// A certificate with where it can be sent.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Listed {
    /// The certificate.
    pub held: Held,
    /// Recipients that accept it.
    pub recipients: Vec<RecipientChoice>,
}

/// Exactly what a send delivers, and to whom.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Preview {
    /// The recipient.
    pub recipient: RecipientChoice,
    /// The content hash the confirmation names.
    pub content_hash: String,
    /// The certificate as it will be sent.
    pub certificate: Certificate,
}

fn encoded(text: &str) -> String {
    js_sys::encode_uri_component(text).into()
}

/// The patient's certificates.
pub async fn certificates() -> Result<Vec<Listed>, Failure> {
    #[derive(Deserialize)]
    struct List {
        certificates: Vec<Listed>,
    }
    Ok(get::<List>("/api/patient/certificates").await?.certificates)
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
pub async fn send(key: &str, recipient: &str, content_hash: &str) -> Result<Send, Failure> {
    let url = format!(
        "/api/patient/certificates/{}/send/{}",
        encoded(key),
        encoded(recipient)
    );
    post(&url, &serde_json::json!({ "content_hash": content_hash })).await
}
