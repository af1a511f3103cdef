//! API errors and their JSON form: `{"error":{"code","message"}}` with the matching status.

use samtycke_care::patient::TransitionError;
use samtycke_receipts::ReceiptError;
use serde_json::json;
use thiserror::Error;
use worker::Response;

/// Everything a handler can answer with instead of success.
#[derive(Debug, Error)]
pub(crate) enum ApiError {
    /// The body is not JSON of the expected shape.
    #[error("{0}")]
    MalformedJson(String),
    /// A malformed header or query parameter.
    #[error("{message}")]
    BadRequest {
        /// Machine-readable code.
        code: &'static str,
        /// What to fix.
        message: String,
    },
    /// The request did not say it carries JSON.
    #[error("send the body as application/json")]
    UnsupportedMediaType,
    /// The body is over the size cap.
    #[error("the body is larger than {0} bytes")]
    PayloadTooLarge(usize),
    /// Well-formed, but the consent rules refuse it.
    #[error(transparent)]
    Unprocessable(#[from] ReceiptError),
    /// No or a wrong admin token.
    #[error("this needs the admin token as `Authorization: Bearer …`")]
    Unauthorized,
    /// Reading a visitor's receipts without that visitor's key.
    #[error("send the visitor key as `Authorization: Bearer vk_…`; a subject alone opens nothing")]
    VisitorKeyRequired,
    /// No patient session, or one that ended or was tampered with.
    #[error("log in with e-legitimation first ({0})")]
    LoginRequired(String),
    /// A state-changing request from another origin (or without `Origin`).
    #[error("this request must come from this site's own pages")]
    CrossOrigin,
    /// The patient has not (or no longer) given consent, so nothing about them is shown.
    #[error("the patient has not given consent; nothing is shown or processed without it")]
    ConsentRequired,
    /// A consent transition the state machine does not have.
    #[error(transparent)]
    Conflict(#[from] TransitionError),
    /// The e-ID provider could not be reached or answered nonsense.
    #[error("the e-ID provider is unavailable: {0}")]
    IdentityProvider(String),
    /// Too many writes from one client.
    #[error("too many requests; try again in a minute")]
    TooManyRequests,
    /// No such resource.
    #[error("{0}")]
    NotFound(String),
    /// The deployment's settings forbid this (e.g. patient data without a jurisdiction).
    #[error("{0}")]
    Misconfigured(String),
    /// A signed request (RFC 9421) whose signature is missing, wrong or expired.
    #[error(transparent)]
    Signature(#[from] samtycke_auth::http_signature::HttpSignatureError),
    /// A signed request seen before (same key and nonce).
    #[error("this signed request was already received; sign every request with a new nonce")]
    Replayed,
    /// A certificate that breaks the certificate rules.
    #[error("the certificate is invalid: {0}")]
    InvalidCertificate(#[from] samtycke_care::certificate::CertificateError),
    /// The request conflicts with what is stored (a stale version, no consent to hold data).
    #[error("{message}")]
    StateConflict {
        /// Machine-readable code.
        code: &'static str,
        /// What happened and what to do.
        message: String,
    },
    /// An error another part of Samtycke (a Durable Object) answered with, passed on as is.
    #[error("{message}")]
    Relayed {
        /// HTTP status.
        status: u16,
        /// Machine-readable code.
        code: String,
        /// Message.
        message: String,
    },
    /// A runtime failure (storage, bindings): logged without personal data.
    #[error("the service could not complete the request; nothing was recorded")]
    Internal(String),
}

impl ApiError {
    fn status(&self) -> u16 {
        match self {
            Self::MalformedJson(_) | Self::BadRequest { .. } => 400,
            Self::Unauthorized
            | Self::VisitorKeyRequired
            | Self::LoginRequired(_)
            | Self::Signature(_)
            | Self::Replayed => 401,
            Self::StateConflict { .. } => 409,
            Self::InvalidCertificate(_) => 422,
            Self::Relayed { status, .. } => *status,
            Self::CrossOrigin | Self::ConsentRequired => 403,
            Self::Conflict(_) => 409,
            Self::IdentityProvider(_) => 502,
            Self::NotFound(_) => 404,
            Self::PayloadTooLarge(_) => 413,
            Self::UnsupportedMediaType => 415,
            Self::Unprocessable(_) => 422,
            Self::TooManyRequests => 429,
            Self::Internal(_) => 500,
            Self::Misconfigured(_) => 503,
        }
    }

    fn code(&self) -> &str {
        match self {
            Self::Signature(e) => e.code(),
            Self::Replayed => "request_replayed",
            Self::InvalidCertificate(_) => "invalid_certificate",
            Self::StateConflict { code, .. } => code,
            Self::Relayed { code, .. } => code,
            Self::MalformedJson(_) => "malformed_json",
            Self::BadRequest { code, .. } => code,
            Self::TooManyRequests => "too_many_requests",
            Self::Unauthorized => "unauthorized",
            Self::VisitorKeyRequired => "visitor_key_required",
            Self::LoginRequired(_) => "login_required",
            Self::CrossOrigin => "cross_origin_request",
            Self::ConsentRequired => "consent_required",
            Self::Conflict(TransitionError::AlreadyGiven) => "consent_already_given",
            Self::Conflict(TransitionError::NotGiven) => "consent_not_given",
            Self::IdentityProvider(_) => "identity_provider_unavailable",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::PayloadTooLarge(_) => "payload_too_large",
            Self::Unprocessable(e) => match e {
                ReceiptError::InvalidVisitorKey => "invalid_visitor_key",
                ReceiptError::InvalidSubject(_) => "invalid_subject",
                ReceiptError::UnknownCategory(_) => "unknown_category",
                ReceiptError::MissingCategory(_) => "missing_category",
                ReceiptError::RequiredDenied(_) => "required_category_denied",
                ReceiptError::StaleRevision { .. } => "stale_revision",
                ReceiptError::UnknownPrevious => "unknown_previous_receipt",
                ReceiptError::PatientMethod => "patient_method",
            },
            Self::NotFound(_) => "not_found",
            Self::Internal(_) => "internal",
            Self::Misconfigured(_) => "misconfigured",
        }
    }

    /// The JSON response for this error.
    pub(crate) fn into_response(self) -> Response {
        if let Self::Internal(detail) = &self {
            worker::console_error!("internal error: {detail}");
        }
        let body = json!({ "error": { "code": self.code(), "message": self.to_string() } });
        let status = self.status();
        let mut response = Response::from_json(&body)
            .or_else(|_| Response::error(self.to_string(), status))
            .unwrap_or_else(|_| Response::builder().empty())
            .with_status(status);
        if status == 429 {
            let _ = response.headers_mut().set("Retry-After", "60");
        }
        if status == 401 {
            let _ = response.headers_mut().set("WWW-Authenticate", "Bearer");
        }
        response
    }
}

impl From<askama::Error> for ApiError {
    fn from(e: askama::Error) -> Self {
        Self::Internal(format!("rendering a page: {e}"))
    }
}

impl From<samtycke_auth::oidc::OidcError> for ApiError {
    /// A login (or Access token) the OpenID Connect checks refuse.
    fn from(e: samtycke_auth::oidc::OidcError) -> Self {
        let code = match e {
            samtycke_auth::oidc::OidcError::WrongAssuranceLevel(_) => "assurance_too_low",
            _ => "login_refused",
        };
        Self::BadRequest {
            code,
            message: e.to_string(),
        }
    }
}

impl From<samtycke_care::retention::RetentionError> for ApiError {
    /// A retention setting that is not a number of days: the deployment's fault, and nothing
    /// is deleted by another period instead.
    fn from(e: samtycke_care::retention::RetentionError) -> Self {
        Self::Internal(e.to_string())
    }
}

impl From<worker::Error> for ApiError {
    fn from(e: worker::Error) -> Self {
        Self::Internal(e.to_string())
    }
}

/// Turn a handler's outcome into a response.
pub(crate) fn respond(result: Result<Response, ApiError>) -> worker::Result<Response> {
    Ok(result.unwrap_or_else(ApiError::into_response))
}
