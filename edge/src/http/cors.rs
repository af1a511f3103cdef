//! Cross-origin access to the API: for the configured origins (`ALLOWED_ORIGINS`) and for the
//! pages of each published site that embeds the banner (its `embed_origins`).

use worker::{Env, Request, Response, RouteContext};

use crate::{bindings, sites};

/// Whether a page at `origin` may call the API.
pub(crate) async fn is_allowed(origin: &str, env: &Env) -> bool {
    bindings::allowed_origins(env).iter().any(|o| o == origin)
        || matches!(sites::published_by_origin(env, origin).await, Ok(Some(_)))
}

/// Add CORS headers when the request's `Origin` may call the API.
pub(crate) fn allow(origin: Option<&str>, allowed: bool, mut response: Response) -> Response {
    let Some(origin) = origin else {
        return response;
    };
    if allowed {
        let headers = response.headers_mut();
        let _ = headers.set("Access-Control-Allow-Origin", origin);
        let _ = headers.append("Vary", "Origin");
    }
    response
}

/// `OPTIONS /api/*`: answer preflights from allowed origins; others get no CORS headers.
pub(crate) async fn preflight(req: Request, ctx: RouteContext<()>) -> worker::Result<Response> {
    let origin = req.headers().get("Origin")?;
    let mut response = Response::empty()?.with_status(204);
    if let Some(origin) = origin.as_deref()
        && is_allowed(origin, &ctx.env).await
    {
        let headers = response.headers_mut();
        headers.set("Access-Control-Allow-Methods", "GET, POST")?;
        headers.set(
            "Access-Control-Allow-Headers",
            "Authorization, Content-Type, Idempotency-Key",
        )?;
        headers.set("Access-Control-Max-Age", "600")?;
    }
    Ok(response)
}
