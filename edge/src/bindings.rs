//! Every binding, secret and variable the Worker reads, read in this one place.

use std::sync::OnceLock;

use samtycke_auth::session::SessionKey;
use samtycke_care::care_network::{Provider, Recipient};
use samtycke_care::retention::RetentionError;
use samtycke_receipts::placement::Jurisdiction;
use samtycke_receipts::{KeySet, SigningKey};
use samtycke_visitor::SiteConfig;
use wasm_bindgen::JsCast;
use worker::{D1Database, Env, ObjectNamespace};

use crate::http::error::ApiError;

/// The receipts database.
pub(crate) fn db(env: &Env) -> Result<D1Database, ApiError> {
    Ok(env.d1("DB")?)
}

/// The site configuration compiled into this build, parsed and hashed once per isolate.
pub(crate) fn config() -> Result<&'static SiteConfig, ApiError> {
    static CONFIG: OnceLock<SiteConfig> = OnceLock::new();
    if let Some(config) = CONFIG.get() {
        return Ok(config);
    }
    let config =
        samtycke_deployment::site_config().map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(CONFIG.get_or_init(|| samtycke_receipts::receipt::hashed(config)))
}

/// Content hash of the privacy notice the configuration links to (its Swedish original).
pub(crate) fn policy_version() -> Result<&'static str, ApiError> {
    let config = config()?;
    let slug = config.policy_url.rsplit('/').next().unwrap_or_default();
    pages::notice_version("integritet", slug, samtycke_visitor::Language::SV)
        .ok_or_else(|| ApiError::Internal(format!("policy_url names no bundled notice `{slug}`")))
}

static SIGNING_KEY: OnceLock<SigningKey> = OnceLock::new();

/// The receipt-signing key from the `RECEIPT_SIGNING_KEY` secret (a private Ed25519 JWK).
pub(crate) fn signing_key(env: &Env) -> Result<&'static SigningKey, ApiError> {
    if let Some(key) = SIGNING_KEY.get() {
        return Ok(key);
    }
    let text = env
        .secret("RECEIPT_SIGNING_KEY")
        .map_err(|_| ApiError::Internal("secret RECEIPT_SIGNING_KEY is not set".into()))?
        .to_string();
    let key = SigningKey::from_jwk_json(&text)
        .map_err(|e| ApiError::Internal(format!("RECEIPT_SIGNING_KEY: {e}")))?;
    Ok(SIGNING_KEY.get_or_init(|| key))
}

/// The published key set: the current key plus retired ones from `RECEIPT_RETIRED_KEYS`
/// (a JSON key set), so receipts signed before a rotation still verify. Every retired key
/// must say when it was retired (`retired_at`), and verifies only receipts issued before.
pub(crate) fn key_set(env: &Env) -> Result<KeySet, ApiError> {
    let mut keys = match env.var("RECEIPT_RETIRED_KEYS") {
        Ok(text) => serde_json::from_str::<KeySet>(&text.to_string())
            .map_err(|e| ApiError::Internal(format!("RECEIPT_RETIRED_KEYS: {e}")))?,
        Err(_) => KeySet::default(),
    };
    if let Some(open) = keys.keys.iter().find(|k| k.retired_at.is_none()) {
        return Err(ApiError::Internal(format!(
            "RECEIPT_RETIRED_KEYS: key `{}` has no `retired_at`",
            open.kid
        )));
    }
    let current = signing_key(env)?.public_jwk();
    keys.keys.retain(|k| k.kid != current.kid);
    keys.keys.insert(0, current);
    Ok(keys)
}

/// Origins allowed to call the API from another site (`ALLOWED_ORIGINS`, comma-separated).
pub(crate) fn allowed_origins(env: &Env) -> Vec<String> {
    env.var("ALLOWED_ORIGINS")
        .map(|v| {
            v.to_string()
                .split(',')
                .map(|o| o.trim().to_owned())
                .filter(|o| !o.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// The deployed build, for `/api/health`.
pub(crate) fn build_version(env: &Env) -> String {
    env.var("BUILD_VERSION")
        .map(|v| v.to_string())
        .unwrap_or_else(|_| "unknown".into())
}

/// A required secret's value.
fn secret(env: &Env, name: &str) -> Result<String, ApiError> {
    env.secret(name)
        .map(|s| s.to_string())
        .map_err(|_| ApiError::Internal(format!("secret {name} is not set")))
}

/// A variable's value, or `default` when unset.
fn var_or(env: &Env, name: &str, default: &str) -> String {
    env.var(name)
        .map(|v| v.to_string())
        .unwrap_or_else(|_| default.to_owned())
}

/// The key that signs session cookies (`SESSION_KEY`, at least 32 characters).
pub(crate) fn session_key(env: &Env) -> Result<SessionKey, ApiError> {
    SessionKey::from_secret(&secret(env, "SESSION_KEY")?)
        .map_err(|e| ApiError::Internal(format!("SESSION_KEY: {e}")))
}

/// The pepper of the patients' subject ids (`IDENTITY_PEPPER`). Changing it orphans every
/// patient's consent history, so it is set once.
pub(crate) fn identity_pepper(env: &Env) -> Result<String, ApiError> {
    let pepper = secret(env, "IDENTITY_PEPPER")?;
    if pepper.len() < 32 {
        return Err(ApiError::Internal(
            "IDENTITY_PEPPER: at least 32 characters".into(),
        ));
    }
    Ok(pepper)
}

/// How the edge logs patients in with their e-ID provider.
pub(crate) struct OidcSettings {
    /// `OIDC_ISSUER`: the provider's issuer identifier.
    pub(crate) issuer: String,
    /// `OIDC_CLIENT_ID`.
    pub(crate) client_id: String,
    /// `OIDC_CLIENT_SECRET` (secret).
    pub(crate) client_secret: String,
    /// `OIDC_IDENTITY_CLAIM`: the claim with the personal identity number.
    pub(crate) identity_claim: String,
    /// `OIDC_REQUIRED_ACR`: the assurance level every login must reach (LoA3 unless set;
    /// empty asks for none).
    pub(crate) required_acr: Option<String>,
}

/// The e-ID provider settings.
pub(crate) fn oidc(env: &Env) -> Result<OidcSettings, ApiError> {
    let issuer = var_or(env, "OIDC_ISSUER", "");
    let client_id = var_or(env, "OIDC_CLIENT_ID", "");
    if issuer.is_empty() || client_id.is_empty() {
        return Err(ApiError::Internal(
            "OIDC_ISSUER and OIDC_CLIENT_ID must be set".into(),
        ));
    }
    Ok(OidcSettings {
        issuer,
        client_id,
        client_secret: secret(env, "OIDC_CLIENT_SECRET")?,
        identity_claim: var_or(
            env,
            "OIDC_IDENTITY_CLAIM",
            samtycke_auth::oidc::DEFAULT_IDENTITY_CLAIM,
        ),
        required_acr: Some(var_or(env, "OIDC_REQUIRED_ACR", samtycke_auth::oidc::LOA3))
            .filter(|acr| !acr.trim().is_empty()),
    })
}

/// The jurisdiction patients' consent objects are created in (`PATIENT_JURISDICTION`, `eu`
/// as shipped), for a request to `host`; refused when unset outside local development.
pub(crate) fn patient_jurisdiction(
    env: &Env,
    host: &str,
) -> Result<Option<Jurisdiction>, ApiError> {
    let setting = var_or(env, "PATIENT_JURISDICTION", "");
    samtycke_receipts::placement::jurisdiction(
        &setting,
        samtycke_receipts::placement::required(host),
    )
    .map_err(|e| ApiError::Misconfigured(e.to_string()))
}

/// The patients' consent objects, in the jurisdiction `PATIENT_JURISDICTION` names (`eu`);
/// without one only in local development (checked per request by [`patient_jurisdiction`]
/// before any patient route runs).
pub(crate) fn patient_consent(env: &Env) -> Result<ObjectNamespace, ApiError> {
    let namespace = env.durable_object("PATIENT_CONSENT")?;
    let setting = var_or(env, "PATIENT_JURISDICTION", "");
    if setting.trim().is_empty() {
        return Ok(namespace);
    }
    let jurisdiction = Jurisdiction::parse(&setting)
        .map_err(|e| ApiError::Misconfigured(format!("PATIENT_JURISDICTION: {e}")))?;
    in_jurisdiction(namespace, jurisdiction)
}

/// `namespace` restricted to `jurisdiction`: the objects it names are created, run and
/// stored there (<https://developers.cloudflare.com/durable-objects/reference/data-location/>).
pub(crate) fn in_jurisdiction(
    namespace: ObjectNamespace,
    jurisdiction: Jurisdiction,
) -> Result<ObjectNamespace, ApiError> {
    // workers-rs has no wrapper for `DurableObjectNamespace.jurisdiction()` yet.
    let method = js_sys::Reflect::get(namespace.as_ref(), &"jurisdiction".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .ok_or_else(|| {
            ApiError::Internal("this runtime has no Durable Object jurisdictions".into())
        })?;
    let scoped = method
        .call1(namespace.as_ref(), &jurisdiction.as_str().into())
        .map_err(|e| {
            ApiError::Internal(format!(
                "Durable Object jurisdiction `{}`: {e:?}",
                jurisdiction.as_str()
            ))
        })?;
    Ok(ObjectNamespace::unchecked_from_js(scoped))
}

/// Days a patient's consent history is kept (`PATIENT_HISTORY_RETENTION_DAYS`, default ten
/// years); the entry a given consent rests on is kept while it is in force.
pub(crate) fn patient_history_retention_days(env: &Env) -> Result<u32, RetentionError> {
    retention_days(
        env,
        "PATIENT_HISTORY_RETENTION_DAYS",
        samtycke_care::retention::DEFAULT_PATIENT_HISTORY_DAYS,
    )
}

/// Days a cookie-consent receipt is kept (`RECEIPT_RETENTION_DAYS`, default three years).
pub(crate) fn receipt_retention_days(env: &Env) -> Result<u32, RetentionError> {
    retention_days(
        env,
        "RECEIPT_RETENTION_DAYS",
        samtycke_care::retention::DEFAULT_RECEIPT_DAYS,
    )
}

fn retention_days(env: &Env, name: &'static str, default: u32) -> Result<u32, RetentionError> {
    let value = env.var(name).ok().map(|v| v.to_string());
    samtycke_care::retention::days(name, value.as_deref(), default)
}

/// A Cloudflare Access application guarding the admin pages.
pub(crate) struct AccessSettings {
    /// `ACCESS_TEAM_DOMAIN`, e.g. `https://samtycke.cloudflareaccess.com` (the tokens' issuer).
    pub(crate) team_domain: String,
    /// `ACCESS_AUD`: the application's audience tag.
    pub(crate) audience: String,
}

/// The Access settings, when both are set (otherwise only the admin token is accepted).
pub(crate) fn access(env: &Env) -> Option<AccessSettings> {
    let team_domain = var_or(env, "ACCESS_TEAM_DOMAIN", "");
    let audience = var_or(env, "ACCESS_AUD", "");
    (!team_domain.is_empty() && !audience.is_empty()).then_some(AccessSettings {
        team_domain,
        audience,
    })
}

/// The published site configurations (`SITES`, a KV namespace), when bound.
pub(crate) fn sites(env: &Env) -> Option<worker::kv::KvStore> {
    env.kv("SITES").ok()
}

/// Seconds an isolate keeps a published site configuration (`SITE_CONFIG_TTL_SECONDS`).
pub(crate) fn site_config_ttl_seconds(env: &Env) -> Option<f64> {
    env.var("SITE_CONFIG_TTL_SECONDS")
        .ok()
        .and_then(|v| v.to_string().parse().ok())
}

/// The care providers whose record systems may send certificates (`CARE_PROVIDERS`, JSON).
pub(crate) fn care_providers(env: &Env) -> Result<Vec<Provider>, ApiError> {
    samtycke_care::care_network::parse_providers(
        "CARE_PROVIDERS",
        &var_or(env, "CARE_PROVIDERS", "[]"),
    )
    .map_err(|e| ApiError::Misconfigured(e.to_string()))
}

/// Who patients may send certificates to (`CERTIFICATE_RECIPIENTS`, JSON).
pub(crate) fn recipients(env: &Env) -> Result<Vec<Recipient>, ApiError> {
    samtycke_care::care_network::parse_recipients(
        "CERTIFICATE_RECIPIENTS",
        &var_or(env, "CERTIFICATE_RECIPIENTS", "[]"),
    )
    .map_err(|e| ApiError::Misconfigured(e.to_string()))
}

static REQUEST_KEY: OnceLock<SigningKey> = OnceLock::new();

/// The key Samtycke signs its own requests with (`REQUEST_SIGNING_KEY`, a private Ed25519
/// JWK): deliveries to recipients and requests to care providers. Kept apart from the
/// receipt key, so neither can stand in for the other.
pub(crate) fn request_signing_key(env: &Env) -> Result<&'static SigningKey, ApiError> {
    if let Some(key) = REQUEST_KEY.get() {
        return Ok(key);
    }
    let key = SigningKey::from_jwk_json(&secret(env, "REQUEST_SIGNING_KEY")?)
        .map_err(|e| ApiError::Internal(format!("REQUEST_SIGNING_KEY: {e}")))?;
    Ok(REQUEST_KEY.get_or_init(|| key))
}

/// The queue certificate sends go through (`SEND_QUEUE`).
pub(crate) fn send_queue(env: &Env) -> Result<worker::Queue, ApiError> {
    Ok(env.queue("SEND_QUEUE")?)
}

/// How a failed delivery is retried: the first delay in seconds (`SEND_RETRY_BASE_SECONDS`,
/// doubled each time up to an hour) and the most attempts (`SEND_MAX_ATTEMPTS`).
pub(crate) fn send_retry(env: &Env) -> (u32, u32) {
    let number = |name: &str, default: u32| {
        var_or(env, name, "")
            .parse()
            .ok()
            .filter(|n| *n > 0)
            .unwrap_or(default)
    };
    (
        number("SEND_RETRY_BASE_SECONDS", 30),
        number("SEND_MAX_ATTEMPTS", 12),
    )
}
