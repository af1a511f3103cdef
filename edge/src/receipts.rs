//! `/api/receipts`: records consent receipts in D1 and reads them back.

use consent::{Receipt, ReceiptRequest, SiteConfig};
use serde::Deserialize;
use wasm_bindgen::JsValue;
use worker::{D1Database, Request, Response, RouteContext};

use crate::error::{ApiError, respond};
use crate::runtime;

/// Largest request body accepted, in bytes.
pub(crate) const MAX_BODY_BYTES: usize = 16 * 1024;

/// `POST /api/receipts`: validate, issue and append a receipt; `201` with the stored record.
pub(crate) async fn create(req: Request, ctx: RouteContext<()>) -> worker::Result<Response> {
    respond(create_inner(req, ctx).await)
}

async fn create_inner(mut req: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let request: ReceiptRequest = read_json(&mut req).await?;
    let config = SiteConfig::bundled().map_err(|e| ApiError::Internal(e.to_string()))?;
    let db = ctx.d1("DB")?;
    let previous = latest_receipt_id(&db, &request.subject).await?;
    let receipt = Receipt::issue(
        &request,
        &config,
        runtime::random_uuid(),
        runtime::now(),
        previous,
    )?;
    let body = serde_json::to_string(&receipt).map_err(|e| ApiError::Internal(e.to_string()))?;
    db.prepare(
        "INSERT INTO receipts (receipt_id, subject, issued_at, body) VALUES (?1, ?2, ?3, ?4)",
    )
    .bind(&[
        JsValue::from(receipt.receipt_id.as_str()),
        JsValue::from(receipt.subject.as_str()),
        JsValue::from(receipt.issued_at.unix_timestamp().to_string()),
        JsValue::from(body.as_str()),
    ])?
    .run()
    .await?;
    Ok(Response::from_json(&receipt)?.with_status(201))
}

/// `GET /api/receipts/:id`: one stored receipt, or 404.
pub(crate) async fn show(_req: Request, ctx: RouteContext<()>) -> worker::Result<Response> {
    respond(show_inner(ctx).await)
}

async fn show_inner(ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let id = ctx.param("id").cloned().unwrap_or_default();
    let db = ctx.d1("DB")?;
    let row: Option<BodyRow> = db
        .prepare("SELECT body FROM receipts WHERE receipt_id = ?1")
        .bind(&[JsValue::from(id.as_str())])?
        .first(None)
        .await?;
    let row = row.ok_or_else(|| ApiError::NotFound(format!("no receipt with id `{id}`")))?;
    let mut response = Response::ok(row.body)?;
    response
        .headers_mut()
        .set("Content-Type", "application/json")?;
    Ok(response)
}

#[derive(Deserialize)]
struct BodyRow {
    body: String,
}

#[derive(Deserialize)]
struct IdRow {
    receipt_id: String,
}

async fn latest_receipt_id(db: &D1Database, subject: &str) -> Result<Option<String>, ApiError> {
    let row: Option<IdRow> = db
        .prepare(
            "SELECT receipt_id FROM receipts WHERE subject = ?1 \
             ORDER BY issued_at DESC, rowid DESC LIMIT 1",
        )
        .bind(&[JsValue::from(subject)])?
        .first(None)
        .await?;
    Ok(row.map(|r| r.receipt_id))
}

/// Read a size-capped JSON body, answering 415, 413 or 400 as appropriate.
async fn read_json<T: serde::de::DeserializeOwned>(req: &mut Request) -> Result<T, ApiError> {
    let content_type = req.headers().get("Content-Type")?.unwrap_or_default();
    let media_type = content_type.split(';').next().unwrap_or("").trim();
    if !media_type.eq_ignore_ascii_case("application/json") {
        return Err(ApiError::UnsupportedMediaType);
    }
    let declared = req
        .headers()
        .get("Content-Length")?
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES) {
        return Err(ApiError::PayloadTooLarge(MAX_BODY_BYTES));
    }
    let bytes = req.bytes().await?;
    if bytes.len() > MAX_BODY_BYTES {
        return Err(ApiError::PayloadTooLarge(MAX_BODY_BYTES));
    }
    serde_json::from_slice(&bytes).map_err(|e| ApiError::MalformedJson(e.to_string()))
}
