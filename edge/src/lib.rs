//! Samtycke's Cloudflare Worker: wires routes to handlers; each resource lives in its own module.

mod admin;
mod bindings;
mod body;
mod consent_form;
mod cors;
mod error;
mod health;
mod home_page;
mod identity_provider;
mod keys;
mod login;
mod patient;
mod patient_api;
mod patient_pages;
mod policy_pages;
mod receipts;
mod retention;
mod runtime;
mod security;
mod session;

use worker::{Context, Env, Request, Response, Result, Router, event};

pub use patient::PatientConsent;

#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    let origin = req.headers().get("Origin")?;
    let response = Router::new()
        .get_async("/", home_page::show)
        .get("/api/health", health::show)
        .get_async("/api/admin/receipts", admin::export)
        .get_async("/api/admin/report", admin::report)
        .get_async("/admin", admin::dashboard)
        .get_async("/api/receipts", receipts::list)
        .post_async("/api/receipts", receipts::create)
        .get_async("/api/receipts/:id", receipts::show)
        .get_async("/api/patient/consent", patient_api::show)
        .post_async("/api/patient/consent", patient_api::grant)
        .post_async("/api/patient/consent/withdraw", patient_api::withdraw)
        .get_async("/api/patient/consent/history", patient_api::history)
        .get_async("/api/patient/certificates", patient_api::certificates)
        .get_async("/api/patient/certificates/:id", patient_api::certificate)
        .get_async("/auth/login", login::start)
        .get_async("/auth/callback", login::callback)
        .post_async("/auth/logout", login::logout)
        .get_async("/intyg/*path", patient_pages::shell)
        .options("/api/*path", cors::preflight)
        .post_async("/consent", consent_form::submit)
        .get("/.well-known/samtycke/keys.json", keys::show)
        .get("/integritet", policy_pages::index)
        .get("/en/integritet", policy_pages::index)
        .get("/integritet/:slug", policy_pages::policy)
        .get("/en/integritet/:slug", policy_pages::policy)
        .get("/incident/:slug", policy_pages::breach)
        .get("/en/incident/:slug", policy_pages::breach)
        .or_else_any_method("/api/*path", |_, _| {
            Ok(error::ApiError::NotFound("no such API route".into()).into_response())
        })
        .run(req, env.clone())
        .await?;
    Ok(security::with_headers(cors::allow(
        origin.as_deref(),
        &env,
        response,
    )))
}
