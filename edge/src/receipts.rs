//! `/api/receipts`: issues signed consent receipts, appends them to D1, reads them back.

use consent::{Receipt, ReceiptError, ReceiptRequest, SiteConfig, visitor};
use serde::Deserialize;
use serde_json::Value;
use wasm_bindgen::JsValue;
use worker::{D1Database, Request, Response, RouteContext};

use crate::error::{ApiError, respond};
use crate::rate_limit::{self, Budget};
use crate::{bindings, body, runtime, sites};

/// Most receipts one page of `GET /api/receipts` holds; `next_after` leads to the rest.
const PAGE_LIMIT: u32 = 200;

/// `POST /api/receipts`: `201` with the new signed receipt, or `200` with the one an
/// earlier request with the same `Idempotency-Key` created.
pub(crate) async fn create(req: Request, ctx: RouteContext<()>) -> worker::Result<Response> {
    respond(create_inner(req, ctx).await)
}

async fn create_inner(mut req: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let idempotency_key = idempotency_key(&req)?;
    let client = rate_limit::client_key(&req)?;
    // The limiter's round trip runs while the body is read, validated and signed; nothing
    // is written before both are done.
    let config = sites::for_request(&req, &ctx.env).await?;
    let (allowed, issued) = futures_util::future::join(
        rate_limit::spend(&ctx.env, Budget::Writes, client),
        issue(&mut req, &config, &ctx),
    )
    .await;
    allowed?;
    let (receipt, body) = issued?;
    let scoped_key = idempotency_key.map(|k| format!("{}:{k}", receipt.subject));

    let db = bindings::db(&ctx.env)?;
    if append(&db, &receipt, &body, scoped_key.as_deref()).await? {
        return json_response(&body, 201);
    }
    if let Some(key) = scoped_key
        && let Some(row) = body_where(&db, "idempotency_key", &key).await?
    {
        return json_response(&row.body, 200);
    }
    Err(ReceiptError::UnknownPrevious.into())
}

/// Read the request, issue its receipt, sign it: the receipt and its canonical JSON.
async fn issue(
    req: &mut Request,
    config: &SiteConfig,
    ctx: &RouteContext<()>,
) -> Result<(Receipt, String), ApiError> {
    let request: ReceiptRequest = body::read_json(req).await?;
    issue_signed(&request, config, ctx)
}

/// Issue and sign the receipt for a validated request under the site's configuration. A
/// receipt of Samtycke's own site cites the exact version of its bundled privacy notice; a
/// published site's notice lives on that site, so its receipt cites the URL and the
/// configuration's hash.
pub(crate) fn issue_signed(
    request: &ReceiptRequest,
    config: &SiteConfig,
    ctx: &RouteContext<()>,
) -> Result<(Receipt, String), ApiError> {
    let mut receipt = Receipt::issue(request, config, runtime::random_uuid(), runtime::now())?;
    if config.site.is_none() {
        receipt = receipt.with_policy_version(bindings::policy_version()?);
    }
    let signed = receipt
        .sign(bindings::signing_key(&ctx.env)?)
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok((receipt, consent::canonical::to_canonical_string(&signed)))
}

/// Append a signed receipt; `false` when nothing was inserted (a replayed idempotency key,
/// or a chain link that is not an earlier receipt of the same subject).
pub(crate) async fn append(
    db: &D1Database,
    receipt: &Receipt,
    body: &str,
    scoped_idempotency_key: Option<&str>,
) -> Result<bool, ApiError> {
    // One statement: both conditions are checked by SQLite as part of the insert.
    let result = db
        .prepare(
            "INSERT INTO receipts (receipt_id, subject, issued_at, idempotency_key, body) \
             SELECT ?1, ?2, ?3, ?4, ?5 \
             WHERE ?6 IS NULL \
                OR EXISTS (SELECT 1 FROM receipts WHERE receipt_id = ?6 AND subject = ?2) \
             ON CONFLICT (idempotency_key) DO NOTHING",
        )
        .bind(&[
            JsValue::from(receipt.receipt_id.as_str()),
            JsValue::from(receipt.subject.as_str()),
            JsValue::from(consent::instant::to_unix_millis(receipt.issued_at)),
            scoped_idempotency_key.map_or(JsValue::NULL, JsValue::from),
            JsValue::from(body),
            receipt
                .previous_receipt_id
                .as_deref()
                .map_or(JsValue::NULL, JsValue::from),
        ])?
        .run()
        .await?;
    Ok(result.meta()?.and_then(|m| m.changes).unwrap_or(0) > 0)
}

/// `GET /api/receipts/:id`: one signed receipt, or `404`.
pub(crate) async fn show(_req: Request, ctx: RouteContext<()>) -> worker::Result<Response> {
    respond(show_inner(ctx).await)
}

async fn show_inner(ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let id = ctx.param("id").cloned().unwrap_or_default();
    let db = bindings::db(&ctx.env)?;
    let row = body_where(&db, "receipt_id", &id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no receipt with id `{id}`")))?;
    json_response(&row.body, 200)
}

/// `GET /api/receipts` with `Authorization: Bearer <visitor key>`: the key holder's receipts,
/// oldest first, a page at a time (`?limit=` up to 200, `?after=<receipt id>` for the next
/// page; `next_after` is `null` on the last page). The subject alone opens nothing.
pub(crate) async fn list(req: Request, ctx: RouteContext<()>) -> worker::Result<Response> {
    respond(list_inner(req, ctx).await)
}

async fn list_inner(req: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let key = req
        .headers()
        .get("Authorization")?
        .and_then(|v| v.strip_prefix("Bearer ").map(str::to_owned))
        .ok_or(ApiError::VisitorKeyRequired)?;
    if !visitor::is_key(&key) {
        return Err(ReceiptError::InvalidVisitorKey.into());
    }
    let subject = visitor::subject_for(&key);
    let url = req.url()?;
    let mut after = None;
    let mut limit = PAGE_LIMIT;
    for (name, value) in url.query_pairs() {
        match &*name {
            "after" if consent::receipt::is_receipt_id(&value) => after = Some(value.into_owned()),
            "limit" => {
                limit = value
                    .parse()
                    .ok()
                    .filter(|n| (1..=PAGE_LIMIT).contains(n))
                    .ok_or_else(|| ApiError::BadRequest {
                        code: "invalid_limit",
                        message: format!("limit must be a whole number from 1 to {PAGE_LIMIT}"),
                    })?;
            }
            "after" => {
                return Err(ApiError::BadRequest {
                    code: "invalid_after",
                    message: "after must be a receipt id from `next_after`".into(),
                });
            }
            _ => {}
        }
    }
    let db = bindings::db(&ctx.env)?;
    // Keyset pagination on (issued_at, rowid): complete and stable while receipts are added.
    let mut rows: Vec<BodyRow> = db
        .prepare(
            "SELECT body FROM receipts WHERE subject = ?1 AND (?2 IS NULL OR (issued_at, rowid) > \
               (SELECT issued_at, rowid FROM receipts WHERE receipt_id = ?2 AND subject = ?1)) \
             ORDER BY issued_at, rowid LIMIT ?3",
        )
        .bind(&[
            JsValue::from(subject.as_str()),
            after.as_deref().map_or(JsValue::NULL, JsValue::from),
            JsValue::from(limit + 1),
        ])?
        .all()
        .await?
        .results()?;
    let more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    let receipts = rows
        .iter()
        .map(|r| serde_json::from_str::<Value>(&r.body))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| ApiError::Internal(format!("stored receipt is not JSON: {e}")))?;
    let next_after = more
        .then(|| receipts.last())
        .flatten()
        .and_then(|r| r.get("receipt_id").cloned());
    let mut response = Response::from_json(
        &serde_json::json!({ "subject": subject, "receipts": receipts, "next_after": next_after }),
    )?;
    response.headers_mut().set("Cache-Control", "no-store")?;
    Ok(response)
}

#[derive(Deserialize)]
struct BodyRow {
    body: String,
}

async fn body_where(
    db: &D1Database,
    column: &'static str,
    value: &str,
) -> Result<Option<BodyRow>, ApiError> {
    Ok(db
        .prepare(format!("SELECT body FROM receipts WHERE {column} = ?1"))
        .bind(&[JsValue::from(value)])?
        .first(None)
        .await?)
}

fn json_response(body: &str, status: u16) -> Result<Response, ApiError> {
    let mut response = Response::ok(body)?.with_status(status);
    response
        .headers_mut()
        .set("Content-Type", "application/json")?;
    Ok(response)
}

/// The optional `Idempotency-Key` header: 8–128 visible ASCII characters.
fn idempotency_key(req: &Request) -> Result<Option<String>, ApiError> {
    let Some(key) = req.headers().get("Idempotency-Key")? else {
        return Ok(None);
    };
    if (8..=128).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_graphic()) {
        Ok(Some(key))
    } else {
        Err(ApiError::BadRequest {
            code: "invalid_idempotency_key",
            message: "Idempotency-Key must be 8–128 visible ASCII characters".into(),
        })
    }
}
