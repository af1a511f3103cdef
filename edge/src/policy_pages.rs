//! `/integritet`, `/integritet/:slug`, `/incident/:slug` (English under `/en/…`): the privacy
//! and breach notices as server-rendered HTML, or as JSON with a `.json` suffix.

use consent::Language;
use pages::Library;
use serde::Serialize;
use serde_json::json;
use worker::{Request, Response, RouteContext};

use crate::bindings;
use crate::error::{ApiError, respond};

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
pub(crate) fn index(req: Request, _ctx: RouteContext<()>) -> worker::Result<Response> {
    respond((|| {
        let library = pages::library().map_err(|e| ApiError::Internal(e.to_string()))?;
        let html = pages::render_index(library, language(&req))
            .map_err(|e| ApiError::Internal(e.to_string()))?;
        page(html, None)
    })())
}

/// `GET /integritet/:slug` (HTML) and `/integritet/:slug.json`.
pub(crate) fn policy(req: Request, ctx: RouteContext<()>) -> worker::Result<Response> {
    respond(document(
        &req,
        &ctx,
        |library, slug, lang| library.policy(slug, lang),
        |doc, version| Ok(pages::render_policy(doc, version, bindings::config()?)?),
    ))
}

/// `GET /incident/:slug` (HTML) and `/incident/:slug.json`.
pub(crate) fn breach(req: Request, ctx: RouteContext<()>) -> worker::Result<Response> {
    respond(document(
        &req,
        &ctx,
        |library, slug, lang| library.breach(slug, lang),
        |doc, version| Ok(pages::render_breach(doc, version)?),
    ))
}

/// One document: `404` if unknown, `304` if the browser has this version, else JSON or HTML.
fn document<'a, D: Serialize + 'a>(
    req: &Request,
    ctx: &RouteContext<()>,
    find: impl FnOnce(&'a Library, &str, Language) -> Option<&'a (D, String)>,
    render: impl FnOnce(&D, &str) -> Result<String, ApiError>,
) -> Result<Response, ApiError> {
    let (slug, as_json) = slug(ctx);
    let library = pages::library().map_err(|e| ApiError::Internal(e.to_string()))?;
    let (doc, version) = find(library, slug, language(req))
        .ok_or_else(|| ApiError::NotFound(format!("no document `{slug}`")))?;
    if let Some(response) = not_modified(req, version)? {
        return Ok(response);
    }
    if as_json {
        return json_page(json!({ "version": version, "document": doc }), version);
    }
    page(render(doc, version)?, Some(version))
}

fn slug(ctx: &RouteContext<()>) -> (&str, bool) {
    let raw = ctx.param("slug").map(String::as_str).unwrap_or("");
    match raw.strip_suffix(".json") {
        Some(slug) => (slug, true),
        None => (raw, false),
    }
}

fn etag(version: &str) -> String {
    format!("\"{version}\"")
}

/// `304` when the browser already has this version.
fn not_modified(req: &Request, version: &str) -> Result<Option<Response>, ApiError> {
    let tag = etag(version);
    let matches = req
        .headers()
        .get("If-None-Match")?
        .is_some_and(|v| v.split(',').any(|t| t.trim() == tag));
    if !matches {
        return Ok(None);
    }
    let mut response = Response::empty()?.with_status(304);
    response.headers_mut().set("ETag", &tag)?;
    Ok(Some(response))
}

fn cache_headers(response: &mut Response, version: Option<&str>) -> Result<(), ApiError> {
    let headers = response.headers_mut();
    headers.set("Cache-Control", "public, max-age=300")?;
    if let Some(version) = version {
        headers.set("ETag", &etag(version))?;
    }
    Ok(())
}

fn page(html: String, version: Option<&str>) -> Result<Response, ApiError> {
    let mut response = Response::from_html(html)?;
    response
        .headers_mut()
        .set("Content-Security-Policy", PAGE_CSP)?;
    cache_headers(&mut response, version)?;
    Ok(response)
}

fn json_page(body: serde_json::Value, version: &str) -> Result<Response, ApiError> {
    let mut response = Response::from_json(&body)?;
    cache_headers(&mut response, Some(version))?;
    Ok(response)
}
