//! Comparison Worker for `bench/receipts.sh`: the product's request path minus validation
//! and signing. Same runtime (workers-rs, same router, same profile), same table, a real
//! signed receipt body, the product's own statement (conflict and chain-existence checks).
//! Not part of the product.

/// A signed receipt as the product stores one.
const BODY: &str = include_str!("../../../crates/receipts/tests/fixtures/receipt-before-jcs.json");

use serde::Deserialize;
use wasm_bindgen::JsValue;
use worker::{Context, Env, Request, Response, Result, RouteContext, Router, event};

#[derive(Deserialize)]
struct Input {
    visitor_key: String,
}

#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    Router::new()
        .post_async("/api/receipts", insert)
        .run(req, env)
        .await
}

async fn insert(mut req: Request, ctx: RouteContext<()>) -> Result<Response> {
    let input: Input = req.json().await?;
    let id = format!("{:x}", (js_sys::Math::random() * 1e15) as u64);
    let body = BODY.trim_end();
    ctx.env
        .d1("DB")?
        .prepare(
            "INSERT INTO receipts (receipt_id, subject, issued_at, idempotency_key, body) \
             SELECT ?1, ?2, ?3, ?4, ?5 \
             WHERE ?6 IS NULL \
                OR EXISTS (SELECT 1 FROM receipts WHERE receipt_id = ?6 AND subject = ?2) \
             ON CONFLICT (idempotency_key) DO NOTHING",
        )
        .bind(&[
            JsValue::from(id.as_str()),
            JsValue::from(input.visitor_key.as_str()),
            JsValue::from(js_sys::Date::now()),
            JsValue::NULL,
            JsValue::from(body),
            JsValue::NULL,
        ])?
        .run()
        .await?;
    let mut response = Response::ok(body)?.with_status(201);
    response
        .headers_mut()
        .set("Content-Type", "application/json")?;
    Ok(response)
}
