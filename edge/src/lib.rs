//! Samtycke's Cloudflare Worker: its entry points (fetch, the crons, the send queue), with the
//! routes declared once in `routes`; each resource lives in its own module.

mod admin;
mod bindings;
mod http;
mod object_call;
mod object_schema;
mod object_sql;
mod patient;
mod receipts;
mod routes;
mod runtime;
mod sites;
mod visitor;

use wasm_bindgen::JsCast;

use crate::http::{assets, cors, error, security};
use crate::patient::{lapse_sweep, send_queue};
use crate::receipts::retention;
use crate::sites::proxy;
use worker::{Context, Env, Request, Response, Result, ScheduleContext, ScheduledEvent, event};

pub use patient::object::PatientConsent;

/// The crons (`[triggers]` in wrangler.toml): the lapse sweep, and the retention job.
#[event(scheduled)]
async fn scheduled(event: ScheduledEvent, env: Env, _ctx: ScheduleContext) {
    if event.cron() == lapse_sweep::CRON {
        match lapse_sweep::run(&env).await {
            Ok(0) => {}
            Ok(n) => worker::console_log!("lapse sweep: visited {n} patients' objects"),
            Err(e) => worker::console_error!("lapse sweep: failed: {e}"),
        }
    } else {
        retention::run(&event, &env).await;
    }
}

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
async fn fetch(req: Request, env: Env, ctx: Context) -> Result<Response> {
    let path = req.path();
    let published = match sites::published_for_event(&req, &env, &ctx).await {
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
        let response = if routes::for_path(rest).is_some_and(|route| !route.on_sites) {
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
            proxy::pass(req, site).await
        }
        // A path no route names is a static asset: `route` serves it.
        _ => route(req, env).await,
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

async fn route(req: Request, env: Env) -> Result<Response> {
    let origin = req.headers().get("Origin")?;
    let Some(route) = routes::for_path(&req.path()) else {
        return assets::serve(req, &env).await;
    };
    if route.patient_data {
        let host = req.url()?.host_str().unwrap_or_default().to_owned();
        if let Err(e) = bindings::patient_jurisdiction(&env, &host) {
            return Ok(security::with_headers(e.into_response()));
        }
    }
    let response = routes::router().run(req, env.clone()).await?;
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
