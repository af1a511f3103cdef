//! Every binding, secret and variable the Worker reads, read in this one place.

use std::sync::OnceLock;

use consent::{KeySet, SigningKey, SiteConfig};
use worker::{D1Database, Env, RateLimiter};

use crate::error::ApiError;

/// The receipts database.
pub(crate) fn db(env: &Env) -> Result<D1Database, ApiError> {
    Ok(env.d1("DB")?)
}

/// The limiter for writes (`[[ratelimits]] WRITE_LIMIT`).
pub(crate) fn write_limiter(env: &Env) -> Result<RateLimiter, ApiError> {
    Ok(env.rate_limiter("WRITE_LIMIT")?)
}

/// The site configuration compiled into this build, parsed once per isolate.
pub(crate) fn config() -> Result<&'static SiteConfig, ApiError> {
    SiteConfig::shared().map_err(|e| ApiError::Internal(e.to_string()))
}

/// Content hash of the privacy notice the configuration links to (its Swedish original).
pub(crate) fn policy_version() -> Result<&'static str, ApiError> {
    let config = config()?;
    let slug = config.policy_url.rsplit('/').next().unwrap_or_default();
    let library = pages::library().map_err(|e| ApiError::Internal(e.to_string()))?;
    library
        .policy(slug, consent::Language::Sv)
        .map(|(_, version)| version.as_str())
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
/// (a JSON key set), so receipts signed before a rotation still verify.
pub(crate) fn key_set(env: &Env) -> Result<KeySet, ApiError> {
    let mut keys = match env.var("RECEIPT_RETIRED_KEYS") {
        Ok(text) => serde_json::from_str::<KeySet>(&text.to_string())
            .map_err(|e| ApiError::Internal(format!("RECEIPT_RETIRED_KEYS: {e}")))?,
        Err(_) => KeySet::default(),
    };
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
