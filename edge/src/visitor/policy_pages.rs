//! `/integritet`, `/integritet/:slug`, `/incident/:slug` (English under `/en/…`): the privacy
//! and breach notices as HTML, or as JSON with a `.json` suffix. They are rendered at build
//! time (`render-static`, into `dist/notices/` at the same paths); here they get their
//! version as `ETag` (from the table the pages crate builds, so no notice is parsed here),
//! a `304` for a browser that has that version, and their security and cache headers.

use samtycke_visitor::Language;
use worker::{Request, Response, RouteContext};

use crate::http::error::{ApiError, respond};

/// Server-rendered pages need only their own stylesheet: no script at all.
pub(crate) const PAGE_CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; \
                        form-action 'none'; frame-ancestors 'none'";

fn language(req: &Request) -> Language {
    match req.path().starts_with("/en/") {
        true => Language::EN,
        false => Language::SV,
    }
}

/// `GET /integritet`, `GET /en/integritet`.
pub(crate) async fn index(req: Request, ctx: RouteContext<()>) -> worker::Result<Response> {
    respond(serve(&req, &ctx, None).await)
}

/// `GET /integritet/:slug` (HTML) and `/integritet/:slug.json`.
pub(crate) async fn policy(req: Request, ctx: RouteContext<()>) -> worker::Result<Response> {
    respond(document(&req, &ctx, "integritet").await)
}

/// `GET /incident/:slug` (HTML) and `/incident/:slug.json`.
pub(crate) async fn breach(req: Request, ctx: RouteContext<()>) -> worker::Result<Response> {
    respond(document(&req, &ctx, "incident").await)
}

/// One document: `404` if unknown, `304` if the browser has this version, else the page.
async fn document(req: &Request, ctx: &RouteContext<()>, kind: &str) -> Result<Response, ApiError> {
    let raw = ctx.param("slug").map(String::as_str).unwrap_or("");
    let slug = raw.strip_suffix(".json").unwrap_or(raw);
    let version = pages::notice_version(kind, slug, language(req))
        .ok_or_else(|| ApiError::NotFound(format!("no document `{slug}`")))?;
    let tag = etag(version);
    let has_it = req
        .headers()
        .get("If-None-Match")?
        .is_some_and(|v| v.split(',').any(|t| t.trim() == tag));
    if has_it {
        let mut response = Response::empty()?.with_status(304);
        response.headers_mut().set("ETag", &tag)?;
        return Ok(response);
    }
    serve(req, ctx, Some(&tag)).await
}

/// The rendered file at this path under `/notices`, with the page's headers.
async fn serve(
    req: &Request,
    ctx: &RouteContext<()>,
    tag: Option<&str>,
) -> Result<Response, ApiError> {
    let mut url = req.url()?;
    let path = format!("/notices{}", url.path());
    url.set_path(&path);
    url.set_query(None);
    let asset = ctx
        .env
        .assets("ASSETS")?
        .fetch(url.to_string(), None)
        .await?;
    let content_type = asset.headers().get("Content-Type")?.unwrap_or_default();
    let is_json = path.ends_with(".json");
    // The assets answer unknown paths with the app's page: a notice missing from the build.
    if asset.status_code() != 200 || is_json != content_type.starts_with("application/json") {
        return Err(ApiError::Internal(format!(
            "{path} is not in the build: run scripts/build.sh"
        )));
    }
    let mut response = Response::from_body(asset.body().clone())?;
    let headers = response.headers_mut();
    headers.set("Content-Type", &content_type)?;
    if !is_json {
        headers.set("Content-Security-Policy", PAGE_CSP)?;
    }
    headers.set("Cache-Control", "public, max-age=300")?;
    if let Some(tag) = tag {
        headers.set("ETag", tag)?;
    }
    Ok(response)
}

fn etag(version: &str) -> String {
    format!("\"{version}\"")
}
