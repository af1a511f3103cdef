//! Talking to the e-ID provider: its discovery document and signing keys (cached per isolate,
//! keys refetched when a token names an unknown one) and the code-for-token exchange.

use std::cell::RefCell;

use consent::oidc::{self, Jwks, ProviderMetadata, TokenResponse};
use serde::de::DeserializeOwned;
use worker::{Fetch, Headers, Method, Request, RequestInit, Url};

use crate::bindings::OidcSettings;
use crate::error::ApiError;

thread_local! {
    static DISCOVERED: RefCell<Option<ProviderMetadata>> = const { RefCell::new(None) };
    static KEYS: RefCell<Option<(String, Jwks)>> = const { RefCell::new(None) };
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

/// The provider's signing keys; `refresh` fetches them again (after a key rotation).
pub(crate) async fn keys(meta: &ProviderMetadata, refresh: bool) -> Result<Jwks, ApiError> {
    if !refresh
        && let Some((uri, jwks)) = KEYS.with_borrow(|k| k.clone())
        && uri == meta.jwks_uri
    {
        return Ok(jwks);
    }
    let jwks: Jwks = get_json(&meta.jwks_uri, "signing keys").await?;
    KEYS.set(Some((meta.jwks_uri.clone(), jwks.clone())));
    Ok(jwks)
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
