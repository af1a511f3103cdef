//! Samtycke's Cloudflare Worker: wires routes to handlers; each resource lives in its own module.

mod admin;
mod assets;
mod bindings;
mod body;
mod care_providers;
mod consent_fhir;
mod consent_form;
mod cors;
mod csp_reports;
mod embed;
mod error;
mod health;
mod home_page;
mod identity_provider;
mod intake;
mod keys;
mod lapse_sweep;
mod login;
mod object_schema;
mod page_stream;
mod patient;
mod patient_api;
mod patient_pages;
mod policy_pages;
mod rate_limit;
mod receipt_shard;
mod receipt_store;
mod receipts;
mod retention;
mod runtime;
mod security;
mod send_queue;
mod session;
mod settings_page;
mod show_once;
mod signed_fetch;
mod site_proxy;
mod sites;
mod statistics;

use wasm_bindgen::JsCast;
use worker::{Context, Env, Request, Response, Result, Router, event};

pub use patient::PatientConsent;

/// The send queue's consumer (`SEND_QUEUE`).
#[event(queue)]
async fn queue(
    batch: worker::MessageBatch<send_queue::SendJob>,
    env: Env,
    _ctx: Context,
) -> Result<()> {
    send_queue::consume(batch, env).await
}

#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    let path = req.path();
    let published = match sites::published_for(&req, &env).await {
        Ok(site) => site,
        Err(e) => return Ok(security::with_headers(e.into_response())),
    };
    // Samtycke's own routes, under one reserved prefix on any site it serves.
    if let Some(rest) = path.strip_prefix(sites::OWN_PREFIX)
        && (rest.is_empty() || rest.starts_with('/'))
    {
        let rest = if rest.is_empty() { "/" } else { rest };
        if published.is_none() {
            return route(own_request(&req, rest)?, env).await;
        }
        // On a site's own host only what its visitors use answers: admin, patient, login and
        // intake live on Samtycke's own host, so no site's origin or pages ever see their
        // credentials, and HSTS is the site's own business.
        let response = if worker_owns(rest) && !serves_visitors(rest) {
            security::with_headers(
                error::ApiError::NotFound("no such route on this site".into()).into_response(),
            )
        } else {
            route(own_request(&req, rest)?, env).await?
        };
        return without_hsts(response);
    }
    match published {
        // Edge mode: everything else is the site's own.
        Some(site) if site.site.as_ref().is_some_and(|s| s.origin.is_some()) => {
            site_proxy::pass(req, site).await
        }
        _ if worker_owns(&path) => route(req, env).await,
        _ => assets::serve(req, &env).await,
    }
}

/// The same request at `path` (the prefix taken off), keeping method, headers and body.
fn own_request(req: &Request, path: &str) -> Result<Request> {
    let mut url = req.url()?;
    url.set_path(path);
    let init: &web_sys::RequestInit = req.inner().unchecked_ref();
    let inner = web_sys::Request::new_with_str_and_init(url.as_str(), init)
        .map_err(|_| worker::Error::RustError("re-addressing the request".into()))?;
    Ok(Request::from(inner))
}

/// Paths the Worker answers itself on its own host; every other path is a static asset.
fn worker_owns(path: &str) -> bool {
    const EXACT: [&str; 10] = [
        "/",
        "/csp-reports",
        "/show-once",
        "/intyg",
        "/admin",
        "/admin/statistics",
        "/consent",
        "/installningar",
        "/config.json",
        "/embed/banner",
    ];
    const PREFIXES: [&str; 8] = [
        "/api/",
        "/auth/",
        "/intyg/",
        "/integritet",
        "/incident/",
        "/en/",
        "/.well-known/",
        "/__scheduled",
    ];
    EXACT.contains(&path) || PREFIXES.iter().any(|p| path.starts_with(p))
}

/// `response` without `Strict-Transport-Security` (a copy: assets' headers are immutable).
fn without_hsts(response: Response) -> Result<Response> {
    if !response.headers().has("Strict-Transport-Security")? {
        return Ok(response);
    }
    let headers = worker::Headers::new();
    for (name, value) in response.headers().entries() {
        if !name.eq_ignore_ascii_case("strict-transport-security") {
            headers.append(&name, &value)?;
        }
    }
    Ok(response.with_headers(headers))
}

/// Worker routes that a site's visitors use on the site's own host (under `/_samtycke/`):
/// receipts, keys, the no-JavaScript form and settings, the configuration, the embed banner,
/// the notices and the consent policy's reports. Everything else of the Worker's answers only
/// on Samtycke's own host; static assets answer everywhere.
fn serves_visitors(path: &str) -> bool {
    const EXACT: [&str; 9] = [
        "/api/receipts",
        "/api/health",
        "/consent",
        "/show-once",
        "/installningar",
        "/config.json",
        "/embed/banner",
        "/csp-reports",
        "/integritet",
    ];
    const PREFIXES: [&str; 6] = [
        "/api/receipts/",
        "/.well-known/samtycke/",
        "/integritet/",
        "/en/integritet",
        "/incident/",
        "/en/incident/",
    ];
    EXACT.contains(&path) || PREFIXES.iter().any(|p| path.starts_with(p))
}

/// Routes that reach a patient's consent object (login creates it).
fn touches_patient_data(path: &str) -> bool {
    path.starts_with("/auth/")
        || path.starts_with("/api/patient/")
        || path.starts_with("/api/intake/")
        || path.starts_with("/api/admin/patient-consent")
}

async fn route(req: Request, env: Env) -> Result<Response> {
    let origin = req.headers().get("Origin")?;
    let owned = worker_owns(&req.path());
    if !owned {
        return assets::serve(req, &env).await;
    }
    if touches_patient_data(&req.path()) {
        let host = req.url()?.host_str().unwrap_or_default().to_owned();
        if let Err(e) = bindings::patient_jurisdiction(&env, &host) {
            return Ok(security::with_headers(e.into_response()));
        }
    }
    let response = Router::new()
        .get_async("/", home_page::show)
        .get("/api/health", health::show)
        .get_async("/api/admin/receipts", admin::export)
        .get_async("/api/admin/report", admin::report)
        .post_async("/api/admin/move-receipts", admin::move_receipts)
        .get_async("/admin", admin::dashboard)
        .get_async("/api/receipts", receipts::list)
        .post_async("/api/receipts", receipts::create)
        .get_async("/api/receipts/:id", receipts::show)
        .get_async("/api/patient/consent", patient_api::show)
        .post_async("/api/patient/consent", patient_api::grant)
        .post_async("/api/patient/consent/withdraw", patient_api::withdraw)
        .get_async("/api/patient/consent/history", patient_api::history)
        .get_async("/api/patient/consent.fhir", consent_fhir::own)
        .post_async(
            "/api/admin/patient-consent.fhir",
            consent_fhir::for_care_system,
        )
        .get_async("/api/patient/certificates", patient_api::certificates)
        .get_async("/api/patient/certificates/:key", patient_api::certificate)
        .get_async(
            "/api/patient/certificates/:key/send/:recipient",
            patient_api::send_preview,
        )
        .post_async(
            "/api/patient/certificates/:key/send/:recipient",
            patient_api::send,
        )
        .post_async("/api/intake/certificates", intake::receive)
        .get_async("/api/admin/statistics", statistics::json)
        .get_async("/admin/statistics", statistics::page)
        .get_async("/auth/login", login::start)
        .get_async("/auth/callback", login::callback)
        .post_async("/auth/logout", login::logout)
        .get_async("/intyg", patient_pages::shell)
        .get_async("/intyg/*path", patient_pages::shell)
        .options_async("/api/*path", cors::preflight)
        .options_async("/config.json", cors::preflight)
        .options_async("/embed/banner", cors::preflight)
        .post_async("/consent", consent_form::submit)
        .post_async("/show-once", show_once::submit)
        .post_async("/csp-reports", csp_reports::receive)
        .get_async("/installningar", settings_page::show)
        .get_async("/config.json", settings_page::config)
        .get_async("/embed/banner", embed::banner)
        .get("/.well-known/samtycke/keys.json", keys::show)
        .get("/.well-known/samtycke/http-keys.json", keys::show_http)
        .get_async("/integritet", policy_pages::index)
        .get_async("/en/integritet", policy_pages::index)
        .get_async("/integritet/:slug", policy_pages::policy)
        .get_async("/en/integritet/:slug", policy_pages::policy)
        .get_async("/incident/:slug", policy_pages::breach)
        .get_async("/en/incident/:slug", policy_pages::breach)
        .or_else_any_method("/api/*path", |_, _| {
            Ok(error::ApiError::NotFound("no such API route".into()).into_response())
        })
        .run(req, env.clone())
        .await?;
    let allowed = match origin.as_deref() {
        Some(origin) => cors::is_allowed(origin, &env).await,
        None => false,
    };
    Ok(security::with_headers(cors::allow(
        origin.as_deref(),
        allowed,
        response,
    )))
}
