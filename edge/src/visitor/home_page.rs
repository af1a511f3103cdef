//! `GET /`: the demo page from the assets, marked as decided when the consent cookie holds a
//! current decision, so the banner stays hidden even with JavaScript off.

use samtycke_visitor::Decision;
use worker::{Request, Response, RouteContext};

use crate::{bindings, runtime};

/// Serve `/index.html` (or its variant in the visitor's language) from the assets; add `class="sc-decided"` to `<html>` after a decision.
pub(crate) async fn show(req: Request, ctx: RouteContext<()>) -> worker::Result<Response> {
    let cookies = req.headers().get("Cookie")?.unwrap_or_default();
    // A plain fetch, without the browser's conditional headers: the page differs by cookie,
    // so the asset's own ETag must not answer 304 for it.
    let page = crate::http::assets::in_visitor_language(&req, "home", "/")?;
    let mut asset = ctx.env.assets("ASSETS")?.fetch(page, None).await?;
    let decided = bindings::config()
        .is_ok_and(|config| Decision::from_cookies(&cookies, config, runtime::now()).is_some());
    let headers = asset.headers().clone();
    // The page differs by the consent cookie: never let a cache serve one visitor's to another.
    headers.set("Cache-Control", "private, no-cache")?;
    headers.set("Vary", "Cookie, Accept-Language")?;
    headers.delete("ETag")?;
    if !decided || asset.status_code() != 200 {
        return Ok(asset.with_headers(headers));
    }
    let html = asset
        .text()
        .await?
        .replacen("<html ", "<html class=\"sc-decided\" ", 1);
    headers.delete("Content-Length")?;
    Ok(Response::ok(html)?.with_headers(headers))
}
