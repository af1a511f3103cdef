//! `POST /show-once`: a placeholder's "show once". The embed's URL goes into a short-lived
//! cookie of Samtycke's (never forwarded to the origin), and the visitor goes back to the
//! page, where the edge lets that one frame through once (see `site_proxy`). Nothing is
//! recorded: showing once is not a consent.

use rewrite::shown_once::{ShownOnce, ShownOnceError};
use worker::{Headers, Request, Response, RouteContext};

use crate::http::error::{ApiError, respond};
use crate::visitor::consent_form::require_own_page;
use crate::{http::body, sites};

/// Handle the form: `url` (the held embed's) and `return` (a local path).
pub(crate) async fn submit(req: Request, ctx: RouteContext<()>) -> worker::Result<Response> {
    respond(submit_inner(req, ctx).await)
}

async fn submit_inner(mut req: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    require_own_page(&req)?;
    let config = sites::for_request(&req, &ctx.env).await?;
    let form = body::read_form(&mut req).await?;
    let field = |name: &str| samtycke_visitor::consent_form::field(&form, name);
    let once = ShownOnce::request(field("url").unwrap_or_default(), &config).map_err(|e| {
        ApiError::BadRequest {
            code: match e {
                ShownOnceError::NotHttp => "invalid_url",
                ShownOnceError::NotAService => "unknown_service",
            },
            message: e.to_string(),
        }
    })?;
    let headers = Headers::new();
    headers.set(
        "Location",
        &samtycke_visitor::consent_form::local_path(field("return")),
    )?;
    headers.set("Set-Cookie", &once.cookie_assignment())?;
    headers.set("Cache-Control", "no-store")?;
    Ok(Response::empty()?.with_status(303).with_headers(headers))
}
