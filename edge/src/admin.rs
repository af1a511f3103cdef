//! `/api/admin/*`: what maintainers use to demonstrate consent (GDPR Art. 7(1)): the receipts
//! of a period as NDJSON, paged by cursor, and a verification report. Bearer token only.

use consent::admin::{ACCESS_HEADER, access_certs_url, page_size, presented_token, token_matches};
use serde::Deserialize;
use serde_json::{Value, json};
use wasm_bindgen::JsValue;
use worker::{Request, Response, RouteContext, Url};

use crate::bindings;
use crate::error::{ApiError, respond};

/// Refuse with 401 unless the request carries the `ADMIN_TOKEN` secret as a bearer token,
/// or, when `ACCESS_TEAM_DOMAIN` and `ACCESS_AUD` are set, a valid Cloudflare Access token
/// for that application. Each refusal spends the client's admin budget (429 once it is used
/// up); an authorized request does not, so exporting a million receipts page by page is not
/// cut off, while the secret (32+ random characters) or an Access signature cannot be guessed.
async fn authorize(req: &Request, ctx: &RouteContext<()>) -> Result<(), ApiError> {
    let refused = match authenticate(req, ctx).await {
        Ok(()) => return Ok(()),
        Err(refused) => refused,
    };
    crate::rate_limit::spend_for(req, &ctx.env, crate::rate_limit::Budget::Admin).await?;
    Err(refused)
}

async fn authenticate(req: &Request, ctx: &RouteContext<()>) -> Result<(), ApiError> {
    let expected = ctx
        .env
        .secret("ADMIN_TOKEN")
        .map(|s| s.to_string())
        .unwrap_or_default();
    if !expected.is_empty() && expected.len() < consent::admin::MIN_TOKEN_LEN {
        worker::console_error!(
            "admin: ADMIN_TOKEN is shorter than {} characters and opens nothing",
            consent::admin::MIN_TOKEN_LEN
        );
    }
    let header = req.headers().get("Authorization")?.unwrap_or_default();
    if presented_token(&header).is_some_and(|token| token_matches(&token, &expected)) {
        return Ok(());
    }
    if let Some(access) = bindings::access(&ctx.env)
        && let Some(token) = req.headers().get(ACCESS_HEADER)?
    {
        let expected = consent::oidc::Expected {
            issuer: &access.team_domain,
            client_id: &access.audience,
            nonce: None,
            now: crate::runtime::now_secs(),
            authenticated_since: None,
            acr: None,
        };
        let certs = access_certs_url(&access.team_domain);
        return match crate::identity_provider::verify(&token, &certs, &expected).await {
            Ok(_) => Ok(()),
            Err(e) => {
                worker::console_warn!("admin: Access token refused: {e}");
                Err(ApiError::Unauthorized)
            }
        };
    }
    Err(ApiError::Unauthorized)
}

/// Period and page of a request: `from`/`to` in Unix milliseconds, `cursor`, `limit`.
struct Query {
    from: f64,
    to: f64,
    cursor: f64,
    limit: u32,
}

fn query(url: &Url) -> Result<Query, ApiError> {
    let get = |name: &str| {
        url.query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
    };
    let number = |name: &'static str, default: f64| -> Result<f64, ApiError> {
        match get(name) {
            None => Ok(default),
            Some(v) => v
                .parse::<i64>()
                .map(|n| n as f64)
                .map_err(|_| ApiError::BadRequest {
                    code: "invalid_query",
                    message: format!("`{name}` must be a whole number"),
                }),
        }
    };
    Ok(Query {
        from: number("from", 0.0)?,
        to: number("to", 9e15)?,
        cursor: number("cursor", 0.0)?,
        limit: page_size(get("limit").as_deref()),
    })
}

#[derive(Deserialize)]
struct Row {
    seq: f64,
    body: String,
}

async fn page(ctx: &RouteContext<()>, q: &Query) -> Result<Vec<Row>, ApiError> {
    Ok(bindings::db(&ctx.env)?
        .prepare(
            "SELECT rowid AS seq, body FROM receipts \
             WHERE rowid > ?1 AND issued_at >= ?2 AND issued_at < ?3 \
             ORDER BY rowid LIMIT ?4",
        )
        .bind(&[
            JsValue::from(q.cursor),
            JsValue::from(q.from),
            JsValue::from(q.to),
            JsValue::from(q.limit),
        ])?
        .all()
        .await?
        .results()?)
}

fn next_cursor(rows: &[Row], q: &Query) -> Option<String> {
    (rows.len() == q.limit as usize)
        .then(|| rows.last().map(|r| format!("{}", r.seq as i64)))
        .flatten()
}

/// `GET /api/admin/receipts`: one page of signed receipts, one per line; `X-Next-Cursor`
/// names the next page while there is one.
pub(crate) async fn export(req: Request, ctx: RouteContext<()>) -> worker::Result<Response> {
    respond(export_inner(req, ctx).await)
}

async fn export_inner(req: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    authorize(&req, &ctx).await?;
    let q = query(&req.url()?)?;
    let rows = page(&ctx, &q).await?;
    let mut body = String::new();
    for row in &rows {
        body.push_str(&row.body);
        body.push('\n');
    }
    let mut response = Response::ok(body)?;
    let headers = response.headers_mut();
    headers.set("Content-Type", "application/x-ndjson")?;
    if let Some(cursor) = next_cursor(&rows, &q) {
        headers.set("X-Next-Cursor", &cursor)?;
    }
    Ok(response)
}

/// `GET /api/admin/report`: for one page of a period, how many receipts carry a valid
/// signature (which are not), and, for the whole period, how many chain links point at
/// no earlier receipt of the same visitor.
pub(crate) async fn report(req: Request, ctx: RouteContext<()>) -> worker::Result<Response> {
    respond(report_inner(req, ctx).await)
}

async fn report_inner(req: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    authorize(&req, &ctx).await?;
    let q = query(&req.url()?)?;
    let keys = bindings::key_set(&ctx.env)?;
    let rows = page(&ctx, &q).await?;
    let mut invalid = Vec::new();
    for row in &rows {
        // Strict: a stored body that names a member twice is invalid whatever it signs.
        if consent::verify_json(&row.body, &keys).is_err() {
            let document: Value = serde_json::from_str(&row.body).unwrap_or(Value::Null);
            invalid.push(document.get("receipt_id").cloned().unwrap_or(Value::Null));
        }
    }
    #[derive(Deserialize)]
    struct Totals {
        total: f64,
        chain_gaps: f64,
    }
    let totals: Option<Totals> = bindings::db(&ctx.env)?
        .prepare(
            "SELECT COUNT(*) AS total, \
               COALESCE(SUM(CASE WHEN json_extract(r.body, '$.previous_receipt_id') IS NOT NULL \
                 AND NOT EXISTS (SELECT 1 FROM receipts p \
                   WHERE p.receipt_id = json_extract(r.body, '$.previous_receipt_id') \
                   AND p.subject = r.subject) THEN 1 ELSE 0 END), 0) AS chain_gaps \
             FROM receipts r WHERE r.issued_at >= ?1 AND r.issued_at < ?2",
        )
        .bind(&[JsValue::from(q.from), JsValue::from(q.to)])?
        .first(None)
        .await?;
    let totals = totals.unwrap_or(Totals {
        total: 0.0,
        chain_gaps: 0.0,
    });
    Ok(Response::from_json(&json!({
        "receipts_in_period": totals.total as i64,
        "chain_gaps_in_period": totals.chain_gaps as i64,
        "checked": rows.len(),
        "valid_signatures": rows.len() - invalid.len(),
        "invalid": invalid,
        "next_cursor": next_cursor(&rows, &q),
    }))?)
}

/// `GET /admin`: the dashboard of the last `days` (default 30) days, aggregated in SQL.
/// A browser asks for the token with its login prompt (any user name, the token as password).
pub(crate) async fn dashboard(req: Request, ctx: RouteContext<()>) -> worker::Result<Response> {
    let result = dashboard_inner(req, ctx).await;
    let unauthorized = matches!(result, Err(ApiError::Unauthorized));
    let mut response = respond(result)?;
    if unauthorized {
        response.headers_mut().set(
            "WWW-Authenticate",
            "Basic realm=\"Samtycke admin\", charset=\"UTF-8\"",
        )?;
    }
    Ok(response)
}

async fn dashboard_inner(req: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    authorize(&req, &ctx).await?;
    let url = req.url()?;
    let days = url
        .query_pairs()
        .find(|(k, _)| k == "days")
        .and_then(|(_, v)| v.parse::<u32>().ok())
        .map_or(30, |d| d.clamp(1, 366));
    let cutoff = consent::receipt::retention_cutoff(crate::runtime::now(), days);
    let since = consent::instant::to_unix_millis(cutoff);
    let db = bindings::db(&ctx.env)?;

    #[derive(Deserialize)]
    struct RateRow {
        day: String,
        category: String,
        granted: f64,
        total: f64,
    }
    let rates: Vec<RateRow> = db
        .prepare(
            "SELECT date(r.issued_at / 1000, 'unixepoch') AS day, \
                    json_extract(p.value, '$.category') AS category, \
                    SUM(json_extract(p.value, '$.granted')) AS granted, COUNT(*) AS total \
             FROM receipts r, json_each(r.body, '$.purposes') p \
             WHERE r.issued_at >= ?1 GROUP BY day, category ORDER BY day, category",
        )
        .bind(&[JsValue::from(since)])?
        .all()
        .await?
        .results()?;
    #[derive(Deserialize)]
    struct MethodRow {
        method: String,
        n: f64,
    }
    let methods: Vec<MethodRow> = db
        .prepare(
            "SELECT json_extract(body, '$.method') AS method, COUNT(*) AS n FROM receipts \
             WHERE issued_at >= ?1 GROUP BY method ORDER BY n DESC",
        )
        .bind(&[JsValue::from(since)])?
        .all()
        .await?
        .results()?;
    let rates: Vec<pages::dashboard::DayRate> = rates
        .into_iter()
        .map(|r| pages::dashboard::DayRate {
            day: r.day,
            category: r.category,
            granted: r.granted as u32,
            total: r.total as u32,
        })
        .collect();
    let methods: Vec<pages::dashboard::MethodCount> = methods
        .into_iter()
        .map(|m| pages::dashboard::MethodCount {
            method: m.method,
            count: m.n as u32,
        })
        .collect();
    #[derive(Deserialize)]
    struct PatientRow {
        day: String,
        grants: f64,
        withdrawals: f64,
    }
    let patients: Vec<PatientRow> = db
        .prepare(
            "SELECT day, \
                    SUM(CASE WHEN state = 'given' THEN n ELSE 0 END) AS grants, \
                    SUM(CASE WHEN state = 'withdrawn' THEN n ELSE 0 END) AS withdrawals \
             FROM patient_consent_days WHERE day >= ?1 GROUP BY day ORDER BY day",
        )
        .bind(&[JsValue::from(cutoff.date().to_string())])?
        .all()
        .await?
        .results()?;
    let patients: Vec<pages::dashboard::PatientDay> = patients
        .into_iter()
        .map(|p| pages::dashboard::PatientDay {
            day: p.day,
            grants: p.grants as u32,
            withdrawals: p.withdrawals as u32,
        })
        .collect();
    let html = pages::dashboard::render_dashboard(days, &rates, &methods, &patients)?;
    let mut response = Response::from_html(html)?;
    let headers = response.headers_mut();
    headers.set("Content-Security-Policy", crate::policy_pages::PAGE_CSP)?;
    headers.set("Cache-Control", "no-store")?;
    Ok(response)
}
