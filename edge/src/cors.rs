//! Cross-origin access to the API, for the configured origins only.

use worker::{Env, Request, Response, RouteContext};

use crate::bindings;

/// Add CORS headers when the request's `Origin` is one of `ALLOWED_ORIGINS`.
pub(crate) fn allow(origin: Option<&str>, env: &Env, mut response: Response) -> Response {
    let Some(origin) = origin else {
        return response;
    };
    if bindings::allowed_origins(env).iter().any(|o| o == origin) {
        let headers = response.headers_mut();
        let _ = headers.set("Access-Control-Allow-Origin", origin);
        let _ = headers.append("Vary", "Origin");
    }
    response
}

/// `OPTIONS /api/*`: answer preflights from allowed origins; others get no CORS headers.
pub(crate) fn preflight(req: Request, ctx: RouteContext<()>) -> worker::Result<Response> {
    let origin = req.headers().get("Origin")?;
    let mut response = Response::empty()?.with_status(204);
    if origin
        .as_deref()
        .is_some_and(|o| bindings::allowed_origins(&ctx.env).iter().any(|a| a == o))
    {
        let headers = response.headers_mut();
        headers.set("Access-Control-Allow-Methods", "GET, POST")?;
        headers.set(
            "Access-Control-Allow-Headers",
            "Content-Type, Idempotency-Key",
        )?;
        headers.set("Access-Control-Max-Age", "600")?;
    }
    Ok(response)
}
