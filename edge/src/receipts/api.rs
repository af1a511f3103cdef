//! `/api/receipts`: issues signed consent receipts, stores them in the sharded receipt store,
//! reads them back.

use samtycke_receipts::{Receipt, ReceiptError, shard, visitor};
use samtycke_visitor::SiteConfig;
use samtycke_wire::ReceiptRequest;
use serde::Deserialize;
use serde_json::Value;
use wasm_bindgen::JsValue;
use worker::{D1Database, Env, Request, Response, RouteContext};

use crate::http::error::{ApiError, respond};
use crate::http::rate_limit::{self, Budget};
use crate::receipts::shard::{Append, Appended};
use crate::receipts::store::Store;
use crate::{bindings, http::body, runtime, sites};

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
    // The limiter's round trip runs while the body is read; nothing is written before both
    // are done.
    let config = sites::for_request(&req, &ctx.env).await?;
    let (allowed, request) = futures_util::future::join(
        rate_limit::spend(&ctx.env, Budget::Writes, client),
        body::read_json::<ReceiptRequest>(&mut req),
    )
    .await;
    allowed?;
    match record(
        &ctx.env,
        &req,
        &request?,
        &config,
        idempotency_key.as_deref(),
    )
    .await?
    {
        Recorded::New { body, .. } => json_response(&body, 201),
        Recorded::Replayed(body) => json_response(&body, 200),
    }
}

/// What recording a receipt came to.
pub(crate) enum Recorded {
    /// Stored now.
    New {
        /// Its id.
        receipt_id: String,
        /// The signed receipt's canonical JSON.
        body: String,
    },
    /// An earlier request with the same idempotency key stored this one.
    Replayed(String),
}

/// Validate, issue, sign and store the receipt of `request` in its subject's home shard.
/// `idempotency_key` is the client's `Idempotency-Key`, scoped here to the subject.
pub(crate) async fn record(
    env: &Env,
    req: &Request,
    request: &ReceiptRequest,
    config: &SiteConfig,
    idempotency_key: Option<&str>,
) -> Result<Recorded, ApiError> {
    samtycke_receipts::receipt::validate(request, config)?;
    let subject = visitor::subject_for(&request.visitor_key);
    let store = Store::new(env, req)?;
    let now = runtime::now();
    let now_ms = samtycke_visitor::instant::to_unix_millis(now) as i64;
    let home = store.home_of(&subject, now_ms).await?;
    let receipt_id = shard::receipt_id(home, runtime::random_bytes()?);
    let (receipt, body) = issue_signed(request, config, env, receipt_id, now)?;
    let site = config.site.as_ref().map_or("", |s| s.id.as_str());
    let append = Append {
        receipt_id: receipt.receipt_id.clone(),
        idempotency_key: idempotency_key.map(|k| format!("{subject}:{k}")),
        subject,
        issued_at: now_ms,
        previous_receipt_id: receipt.previous_receipt_id.clone(),
        counts: samtycke_receipts::counts::keys_of(&receipt, site),
        body,
    };
    match store.append(home, &append).await? {
        Appended::Stored => Ok(Recorded::New {
            receipt_id: append.receipt_id,
            body: append.body,
        }),
        Appended::Replayed(body) => Ok(Recorded::Replayed(body)),
        Appended::UnknownPrevious => Err(ReceiptError::UnknownPrevious.into()),
    }
}

/// Issue and sign the receipt for a validated request under the site's configuration. A
/// receipt of Samtycke's own site cites the exact version of its bundled privacy notice; a
/// published site's notice lives on that site, so its receipt cites the URL and the
/// configuration's hash.
fn issue_signed(
    request: &ReceiptRequest,
    config: &SiteConfig,
    env: &Env,
    receipt_id: String,
    now: time::OffsetDateTime,
) -> Result<(Receipt, String), ApiError> {
    let mut receipt = samtycke_receipts::receipt::issue(request, config, receipt_id, now)?;
    if config.site.is_none() {
        receipt = receipt.with_policy_version(bindings::policy_version()?);
    }
    let signed = samtycke_receipts::receipt::sign(&receipt, bindings::signing_key(env)?)
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok((
        receipt,
        samtycke_receipts::canonical::to_canonical_string(&signed),
    ))
}

/// `GET /api/receipts/:id`: one signed receipt, or `404`.
pub(crate) async fn show(req: Request, ctx: RouteContext<()>) -> worker::Result<Response> {
    respond(show_inner(req, ctx).await)
}

async fn show_inner(req: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let id = ctx.param("id").cloned().unwrap_or_default();
    let body = match shard::shard_of_receipt_id(&id) {
        Some(_) => Store::new(&ctx.env, &req)?.receipt(&id).await?,
        // Receipts from before the shards (version-4 ids) are where they always were.
        None => body_where(&bindings::db(&ctx.env)?, "receipt_id", &id)
            .await?
            .map(|row| row.body),
    };
    let body = body.ok_or_else(|| ApiError::NotFound(format!("no receipt with id `{id}`")))?;
    json_response(&body, 200)
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
    if !samtycke_visitor::visitor_key::is_key(&key) {
        return Err(ReceiptError::InvalidVisitorKey.into());
    }
    let subject = visitor::subject_for(&key);
    let url = req.url()?;
    let mut after = None;
    let mut limit = PAGE_LIMIT;
    for (name, value) in url.query_pairs() {
        match &*name {
            "after" if samtycke_receipts::receipt::is_receipt_id(&value) => {
                after = Some(value.into_owned())
            }
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
    // Keyset pagination on (issued_at, receipt_id) in the subject's home shard: complete and
    // stable while receipts are added.
    let mut rows = Store::new(&ctx.env, &req)?
        .subject_page(&subject, after.as_deref(), limit + 1)
        .await?;
    let more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    let receipts = rows
        .iter()
        .map(|body| serde_json::from_str::<Value>(body))
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
