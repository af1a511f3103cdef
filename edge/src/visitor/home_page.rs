//! `GET /`: the demo page from the assets, marked as decided when the consent cookie holds a
//! current decision, so the banner stays hidden even with JavaScript off.

use samtycke_visitor::Decision;
use worker::{Request, Response, RouteContext};

use crate::http::assets;
use crate::{bindings, runtime};

/// Serve `/index.html` (or its variant in the visitor's language) from the assets; add `class="sc-decided"` to `<html>` after a decision.
pub(crate) async fn show(req: Request, ctx: RouteContext<()>) -> worker::Result<Response> {
    let cookies = req.headers().get("Cookie")?.unwrap_or_default();
    let path = assets::in_visitor_language(&req, "home", "/");
    let page = match assets::own_page(&req, &ctx.env, &path).await? {
        Ok(page) => page,
        Err(missing) => return Ok(missing),
    };
    let decided = bindings::config()
        .is_ok_and(|config| Decision::from_cookies(&cookies, config, runtime::now()).is_some());
    let headers = page.headers();
    // The page differs by the consent cookie: never let a cache serve one visitor's to another.
    headers.set("Cache-Control", "private, no-cache")?;
    headers.set("Vary", "Cookie, Accept-Language")?;
    let html = if decided {
        page.html
            .replacen("<html ", "<html class=\"sc-decided\" ", 1)
    } else {
        page.html.clone()
    };
    Ok(Response::ok(html)?.with_headers(headers))
}
