//! `/api/admin/statistics` (JSON) and `/admin/statistics` (table and chart): sick-leave
//! statistics from the certificates held, that is only of patients whose consent is in force,
//! with every cell under [`consent::statistics::MIN_CELL`] suppressed. Admin only.

use consent::statistics::{Contribution, Published, publish};
use serde::Deserialize;
use worker::{Request, Response, RouteContext};

use crate::bindings;
use crate::error::{ApiError, respond};

#[derive(Deserialize)]
struct CellRow {
    month: String,
    chapter: String,
    degree: f64,
    duration: String,
    n: f64,
}

/// Count the held certificates per cell (in SQL) and publish the counts.
async fn published(ctx: &RouteContext<()>) -> Result<Published, ApiError> {
    let rows: Vec<CellRow> = bindings::db(&ctx.env)?
        .prepare(
            "SELECT month, chapter, degree, duration, COUNT(*) AS n FROM certificate_statistics \
             GROUP BY month, chapter, degree, duration",
        )
        .all()
        .await?
        .results()?;
    Ok(publish(rows.into_iter().map(|r| {
        (
            Contribution {
                month: r.month,
                chapter: r.chapter,
                degree: r.degree as u8,
                duration: r.duration,
            },
            r.n as u64,
        )
    })))
}

/// `GET /api/admin/statistics`.
pub(crate) async fn json(req: Request, ctx: RouteContext<()>) -> worker::Result<Response> {
    respond(
        async {
            crate::admin::authorize(&req, &ctx).await?;
            let mut response = Response::from_json(&published(&ctx).await?)?;
            response.headers_mut().set("Cache-Control", "no-store")?;
            Ok(response)
        }
        .await,
    )
}

/// `GET /admin/statistics`.
pub(crate) async fn page(req: Request, ctx: RouteContext<()>) -> worker::Result<Response> {
    crate::admin::respond_page(
        async {
            crate::admin::authorize(&req, &ctx).await?;
            let html = pages::statistics::render_statistics(&published(&ctx).await?)?;
            let mut response = Response::from_html(html)?;
            let headers = response.headers_mut();
            headers.set("Content-Security-Policy", crate::policy_pages::PAGE_CSP)?;
            headers.set("Cache-Control", "no-store")?;
            Ok(response)
        }
        .await,
    )
}
