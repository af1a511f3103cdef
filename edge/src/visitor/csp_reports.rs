//! `POST /_samtycke/csp-reports` on a site's host: the consent policy's violation reports.
//! What no service of the site's configuration claims is counted per site, day, refused
//! origin and directive (never a page address, path, query or anything about the visitor),
//! so the dashboard lists drift within a day. Rate-limited, capped in size, and bounded per
//! site and day.

use samtycke_visitor::csp_report::{self, CspReportError};
use wasm_bindgen::JsValue;
use worker::{Request, Response, RouteContext};

use crate::http::body::read_capped;
use crate::http::error::{ApiError, respond};
use crate::http::rate_limit::{Budget, spend_for};
use crate::{bindings, runtime, sites};

/// Largest report body accepted.
const MAX_REPORT_BYTES: usize = 8 * 1024;

/// Most distinct (origin, directive) rows one site keeps per day.
const MAX_ROWS_PER_SITE_DAY: u32 = 200;

/// Receive one report body.
pub(crate) async fn receive(mut req: Request, ctx: RouteContext<()>) -> worker::Result<Response> {
    respond(receive_inner(&mut req, &ctx).await)
}

async fn receive_inner(req: &mut Request, ctx: &RouteContext<()>) -> Result<Response, ApiError> {
    let published = sites::published_for(req, &ctx.env).await?;
    let Some((site, site_id)) = published.and_then(|site| {
        let id = site.site.as_ref()?.id.clone();
        Some((site, id))
    }) else {
        return Err(ApiError::NotFound("no site is served on this host".into()));
    };
    spend_for(req, &ctx.env, Budget::Writes).await?;
    let media = req
        .headers()
        .get("Content-Type")?
        .unwrap_or_default()
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let media = match media.as_str() {
        "application/csp-report" | "application/reports+json" | "application/json" => media,
        _ => return Err(ApiError::UnsupportedMediaType),
    };
    let bytes = read_capped(req, &media, MAX_REPORT_BYTES).await?;
    let text = String::from_utf8_lossy(&bytes);
    let host = sites::request_host(req)?;
    let drift = csp_report::drift(&text, &site, &host).map_err(|e| match e {
        CspReportError::Malformed(_) => ApiError::BadRequest {
            code: "malformed_report",
            message: e.to_string(),
        },
    })?;
    let day = runtime::now().date().to_string();
    let db = bindings::db(&ctx.env)?;
    for refusal in drift {
        db.prepare(
            "INSERT INTO csp_drift (site_id, day, origin, directive, reports) \
             SELECT ?1, ?2, ?3, ?4, 1 \
             WHERE (SELECT COUNT(*) FROM csp_drift WHERE site_id = ?1 AND day = ?2) < ?5 \
                OR EXISTS (SELECT 1 FROM csp_drift WHERE site_id = ?1 AND day = ?2 AND origin = ?3 AND directive = ?4) \
             ON CONFLICT (site_id, day, origin, directive) DO UPDATE SET reports = reports + 1",
        )
        .bind(&[
            JsValue::from(site_id.as_str()),
            JsValue::from(day.as_str()),
            JsValue::from(refusal.origin.as_str()),
            JsValue::from(refusal.directive.as_str()),
            JsValue::from(MAX_ROWS_PER_SITE_DAY),
        ])?
        .run()
        .await?;
    }
    Ok(Response::empty()?.with_status(204))
}
