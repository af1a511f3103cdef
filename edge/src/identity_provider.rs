//! Talking to the e-ID provider: its discovery document and signing keys (cached per isolate,
//! keys refetched when a token names an unknown one) and the code-for-token exchange.

use std::cell::RefCell;
use std::collections::HashMap;

use consent::oidc::{self, Jwks, ProviderMetadata, TokenResponse};
use serde::de::DeserializeOwned;
use worker::{Fetch, Headers, Method, Request, RequestInit, Url};

use crate::bindings::OidcSettings;
use crate::error::ApiError;

thread_local! {
    static DISCOVERED: RefCell<Option<ProviderMetadata>> = const { RefCell::new(None) };
    static KEYS: RefCell<HashMap<String, Jwks>> = RefCell::new(HashMap::new());
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
    if let Some(meta) = DISCOVERED.with_borrow(|m| m.clone())
        && meta.issuer == settings.issuer
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
    DISCOVERED.set(Some(meta.clone()));
    Ok(meta)
}

/// The signing keys published at `uri` (the provider's `jwks_uri`, or a Cloudflare Access
/// team's certs); `refresh` fetches them again (after a key rotation).
pub(crate) async fn keys(uri: &str, refresh: bool) -> Result<Jwks, ApiError> {
    if !refresh && let Some(jwks) = KEYS.with_borrow(|k| k.get(uri).cloned()) {
        return Ok(jwks);
    }
    let jwks: Jwks = get_json(uri, "signing keys").await?;
    KEYS.with_borrow_mut(|k| k.insert(uri.to_owned(), jwks.clone()));
    Ok(jwks)
}

/// Verify a JWT against the keys at `uri`, fetching them again once if the token names a
/// key not yet known.
pub(crate) async fn verify(
    token: &str,
    uri: &str,
    expected: &oidc::Expected<'_>,
) -> Result<serde_json::Map<String, serde_json::Value>, ApiError> {
    match oidc::verify_id_token(token, &keys(uri, false).await?, expected) {
        Err(oidc::OidcError::UnknownKey) => Ok(oidc::verify_id_token(
            token,
            &keys(uri, true).await?,
            expected,
        )?),
        other => Ok(other?),
    }
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
