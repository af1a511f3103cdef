//! Samtycke's Cloudflare Worker: wires routes to handlers; each resource lives in its own module.

mod error;
mod health;
mod patient;
mod receipts;
mod runtime;
mod security;

use worker::{Context, Env, Request, Response, Result, Router, event};

pub use patient::PatientConsent;

#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    let response = Router::new()
        .get("/api/health", health::show)
        .post_async("/api/receipts", receipts::create)
        .get_async("/api/receipts/:id", receipts::show)
        .or_else_any_method("/api/*rest", |_, _| {
            Ok(error::ApiError::NotFound("no such API route".into()).into_response())
        })
        .run(req, env)
        .await?;
    Ok(security::with_headers(response))
}
