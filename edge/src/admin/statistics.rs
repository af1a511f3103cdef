//! `/api/admin/statistics` (JSON) and `/admin/statistics` (table and chart): sick-leave
//! statistics of the patients whose consent is in force. A month is published the first time
//! it is asked for after it has ended, once for all (`statistics_published`): only cells with
//! at least [`samtycke_care::statistics::MIN_PERSONS`] distinct patients, counted by their
//! pseudonymous subject. Admin only.

use samtycke_care::statistics::{
    Cell, Contribution, Published, month_of, publish_month, published,
};
use serde::Deserialize;
use wasm_bindgen::JsValue;
use worker::{D1Database, Request, Response, RouteContext};

use crate::http::error::{ApiError, respond};
use crate::{bindings, runtime};

#[derive(Deserialize)]
struct CellRow {
    month: String,
    chapter: String,
    degree: f64,
    duration: String,
    n: f64,
}

#[derive(Deserialize)]
struct MonthRow {
    month: String,
}

/// Publish the months that have ended (Stockholm time) and are not published yet, then read
/// everything published.
async fn read_published(db: &D1Database) -> Result<Published, ApiError> {
    let today = samtycke_visitor::local_time::in_stockholm(runtime::now()).date();
    let due: Vec<MonthRow> = db
        .prepare(
            "SELECT DISTINCT month FROM certificate_statistics \
             WHERE month < ?1 AND month NOT IN (SELECT month FROM statistics_months)",
        )
        .bind(&[JsValue::from(month_of(today))])?
        .all()
        .await?
        .results()?;
    for due in due {
        publish(db, &due.month).await?;
    }
    let cells: Vec<CellRow> = db
        .prepare("SELECT month, chapter, degree, duration, patients AS n FROM statistics_published")
        .all()
        .await?
        .results()?;
    let months: Vec<MonthRow> = db
        .prepare("SELECT month FROM statistics_months")
        .all()
        .await?
        .results()?;
    Ok(published(
        cells
            .into_iter()
            .map(|r| Cell {
                month: r.month,
                chapter: r.chapter,
                degree: r.degree as u8,
                duration: r.duration,
                patients: r.n as u64,
            })
            .collect(),
        months.into_iter().map(|m| m.month).collect(),
    ))
}

/// Publish `month`: count its distinct patients per cell, keep the cells that reach the
/// threshold, and mark the month published, in one transaction that does nothing when a
/// concurrent reading published it first.
async fn publish(db: &D1Database, month: &str) -> Result<(), ApiError> {
    let rows: Vec<CellRow> = db
        .prepare(
            "SELECT month, chapter, degree, duration, COUNT(DISTINCT subject) AS n \
             FROM certificate_statistics WHERE month = ?1 \
             GROUP BY month, chapter, degree, duration",
        )
        .bind(&[JsValue::from(month)])?
        .all()
        .await?
        .results()?;
    let cells = publish_month(rows.into_iter().map(|r| {
        (
            Contribution {
                month: r.month,
                chapter: r.chapter,
                degree: r.degree as u8,
                duration: r.duration,
            },
            r.n as u64,
        )
    }));
    let mut batch = Vec::with_capacity(cells.len() + 1);
    for cell in cells {
        batch.push(
            db.prepare(
                "INSERT OR IGNORE INTO statistics_published \
                 (month, chapter, degree, duration, patients) \
                 SELECT ?1, ?2, ?3, ?4, ?5 \
                 WHERE NOT EXISTS (SELECT 1 FROM statistics_months WHERE month = ?1)",
            )
            .bind(&[
                cell.month.into(),
                cell.chapter.into(),
                f64::from(cell.degree).into(),
                cell.duration.into(),
                (cell.patients as f64).into(),
            ])?,
        );
    }
    batch.push(
        db.prepare("INSERT OR IGNORE INTO statistics_months (month, published_at) VALUES (?1, ?2)")
            .bind(&[
                JsValue::from(month),
                JsValue::from(runtime::now().unix_timestamp() as f64),
            ])?,
    );
    db.batch(batch).await?;
    Ok(())
}

/// `GET /api/admin/statistics`.
pub(crate) async fn json(req: Request, ctx: RouteContext<()>) -> worker::Result<Response> {
    respond(
        async {
            crate::admin::authorize(&req, &ctx).await?;
            let db = bindings::db(&ctx.env)?;
            let mut response = Response::from_json(&read_published(&db).await?)?;
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
            let db = bindings::db(&ctx.env)?;
            let html = pages::statistics::render_statistics(&read_published(&db).await?)?;
            crate::admin::admin_page(html)
        }
        .await,
    )
}
