//! Talking to the e-ID provider: its discovery document and signing keys (cached per isolate
//! for at most an hour; a token naming an unknown key makes the keys be fetched again, at
//! most once a minute) and the code-for-token exchange.

use std::cell::RefCell;
use std::collections::HashMap;

use samtycke_auth::oidc::{self, Jwks, ProviderMetadata, TokenResponse};
use serde::de::DeserializeOwned;
use worker::{Fetch, Headers, Method, Request, RequestInit, Url};

use crate::bindings::OidcSettings;
use crate::http::error::ApiError;
use crate::runtime;

/// Keys from one `jwks_uri` with when they were fetched, and when an unknown `kid` last
/// forced a fetch.
#[derive(Clone)]
struct CachedKeys {
    jwks: Jwks,
    fetched_at: i64,
    forced_at: Option<i64>,
}

thread_local! {
    static DISCOVERED: RefCell<Option<(ProviderMetadata, i64)>> = const { RefCell::new(None) };
    static KEYS: RefCell<HashMap<String, CachedKeys>> = RefCell::new(HashMap::new());
}

fn unavailable(what: &str, detail: impl std::fmt::Display) -> ApiError {
    ApiError::IdentityProvider(format!("{what}: {detail}"))
}

async fn get_json<T: DeserializeOwned>(url: &str, what: &str) -> Result<T, ApiError> {
    let url = Url::parse(url).map_err(|e| unavailable(what, e))?;
    let mut response = Fetch::Url(url)
        .send()
        .await
        .map_err(|e| unavailable(what, e))?;
    if response.status_code() != 200 {
        return Err(unavailable(
            what,
            format!("status {}", response.status_code()),
        ));
    }
    response.json().await.map_err(|e| unavailable(what, e))
}

/// The provider's discovery document, checked to be for the configured issuer.
pub(crate) async fn metadata(settings: &OidcSettings) -> Result<ProviderMetadata, ApiError> {
    let now = runtime::now_secs();
    if let Some((meta, fetched_at)) = DISCOVERED.with_borrow(|m| m.clone())
        && meta.issuer == settings.issuer
        && oidc::keys_fresh(fetched_at, now)
    {
        return Ok(meta);
    }
    let url = format!(
        "{}/.well-known/openid-configuration",
        settings.issuer.trim_end_matches('/')
    );
    let meta: ProviderMetadata = get_json(&url, "discovery").await?;
    if meta.issuer != settings.issuer {
        return Err(unavailable("discovery", "it names another issuer"));
    }
    DISCOVERED.set(Some((meta.clone(), now)));
    Ok(meta)
}

/// The signing keys published at `uri` (the provider's `jwks_uri`, or a Cloudflare Access
/// team's certs), fetched again when older than an hour. With `unknown_kid`, fetched again
/// now (after a key rotation) unless an unknown key already forced that within the minute;
/// `None` then, as nothing new can be learned.
async fn keys(uri: &str, unknown_kid: bool) -> Result<Option<Jwks>, ApiError> {
    let now = runtime::now_secs();
    let cached = KEYS.with_borrow(|k| k.get(uri).cloned());
    let forced_at = cached.as_ref().and_then(|c| c.forced_at);
    match cached {
        Some(c) if !unknown_kid && oidc::keys_fresh(c.fetched_at, now) => return Ok(Some(c.jwks)),
        Some(_) if unknown_kid && !oidc::may_refetch_for_unknown_kid(forced_at, now) => {
            return Ok(None);
        }
        _ => {}
    }
    let jwks: Jwks = get_json(uri, "signing keys").await?;
    let entry = CachedKeys {
        jwks: jwks.clone(),
        fetched_at: now,
        forced_at: if unknown_kid { Some(now) } else { forced_at },
    };
    KEYS.with_borrow_mut(|k| k.insert(uri.to_owned(), entry));
    Ok(Some(jwks))
}

/// Verify a JWT against the keys at `uri`, fetching them again (at most once a minute) if
/// the token names a key not yet known.
pub(crate) async fn verify(
    token: &str,
    uri: &str,
    expected: &oidc::Expected<'_>,
) -> Result<serde_json::Map<String, serde_json::Value>, ApiError> {
    let known = keys(uri, false).await?.unwrap_or_default();
    let jwks = match oidc::read_token(token, &known) {
        Err(oidc::OidcError::UnknownKey) => {
            keys(uri, true).await?.ok_or(oidc::OidcError::UnknownKey)?
        }
        _ => known,
    };
    let signed = oidc::read_token(token, &jwks)?;
    let rs256_verified = match signed.rs256()? {
        Some(input) => runtime::rs256_verifies(&input).await?,
        None => false,
    };
    Ok(signed.claims(rs256_verified, expected)?)
}

/// Exchange an authorization code (with its PKCE verifier) for the ID token.
pub(crate) async fn exchange_code(
    settings: &OidcSettings,
    meta: &ProviderMetadata,
    code: &str,
    redirect_uri: &str,
    verifier: &str,
) -> Result<String, ApiError> {
    let headers = Headers::new();
    headers.set("Content-Type", "application/x-www-form-urlencoded")?;
    headers.set("Accept", "application/json")?;
    headers.set(
        "Authorization",
        &oidc::client_basic_auth(&settings.client_id, &settings.client_secret),
    )?;
    let body = oidc::token_request_body(code, redirect_uri, verifier);
    let mut init = RequestInit::new();
    init.with_method(Method::Post)
        .with_headers(headers)
        .with_body(Some(body.into()));
    let request = Request::new_with_init(&meta.token_endpoint, &init)?;
    let mut response = Fetch::Request(request)
        .send()
        .await
        .map_err(|e| unavailable("token", e))?;
    if response.status_code() != 200 {
        // The provider's error body names the reason (e.g. `invalid_grant`), never a person.
        let detail = response.text().await.unwrap_or_default();
        return Err(unavailable(
            "token",
            format!("status {}: {detail}", response.status_code()),
        ));
    }
    let tokens: TokenResponse = response.json().await.map_err(|e| unavailable("token", e))?;
    Ok(tokens.id_token)
}
