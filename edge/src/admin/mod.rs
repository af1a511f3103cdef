//! `/api/admin/*`: what maintainers use to demonstrate consent (GDPR Art. 7(1)): the receipts
//! of a period as NDJSON, paged by cursor, and a verification report. Bearer token only.

pub(crate) mod statistics;

use futures_util::future::join_all;
use samtycke_auth::admin::{
    ACCESS_HEADER, access_certs_url, page_size, presented_token, token_matches,
};
use samtycke_receipts::shard::Position;
use serde::Deserialize;
use serde_json::json;
use wasm_bindgen::JsValue;
use worker::{Request, Response, RouteContext, Url};

use crate::bindings;
use crate::http::error::{ApiError, respond};
use crate::receipts::shard::Append;
use crate::receipts::store::{ExportPage, Store};

/// Refuse with 401 unless the request carries the `ADMIN_TOKEN` secret as a bearer token,
/// or, when `ACCESS_TEAM_DOMAIN` and `ACCESS_AUD` are set, a valid Cloudflare Access token
/// for that application. Each refusal spends the client's admin budget (429 once it is used
/// up); an authorized request does not, so exporting a million receipts page by page is not
/// cut off, while the secret (32+ random characters) or an Access signature cannot be guessed.
pub(crate) async fn authorize(req: &Request, ctx: &RouteContext<()>) -> Result<(), ApiError> {
    let refused = match authenticate(req, ctx).await {
        Ok(()) => return Ok(()),
        Err(refused) => refused,
    };
    crate::http::rate_limit::spend_for(req, &ctx.env, crate::http::rate_limit::Budget::Admin)
        .await?;
    Err(refused)
}

async fn authenticate(req: &Request, ctx: &RouteContext<()>) -> Result<(), ApiError> {
    let expected = ctx
        .env
        .secret("ADMIN_TOKEN")
        .map(|s| s.to_string())
        .unwrap_or_default();
    if !expected.is_empty() && expected.len() < samtycke_auth::admin::MIN_TOKEN_LEN {
        worker::console_error!(
            "admin: ADMIN_TOKEN is shorter than {} characters and opens nothing",
            samtycke_auth::admin::MIN_TOKEN_LEN
        );
    }
    let header = req.headers().get("Authorization")?.unwrap_or_default();
    if presented_token(&header).is_some_and(|token| token_matches(&token, &expected)) {
        return Ok(());
    }
    if let Some(access) = bindings::access(&ctx.env)
        && let Some(token) = req.headers().get(ACCESS_HEADER)?
    {
        let expected = samtycke_auth::oidc::Expected {
            issuer: &access.team_domain,
            client_id: &access.audience,
            nonce: None,
            now: crate::runtime::now_secs(),
            authenticated_since: None,
            acr: None,
        };
        let certs = access_certs_url(&access.team_domain);
        return match crate::patient::identity_provider::verify(&token, &certs, &expected).await {
            Ok(_) => Ok(()),
            Err(e) => {
                worker::console_warn!("admin: Access token refused: {e}");
                Err(ApiError::Unauthorized)
            }
        };
    }
    Err(ApiError::Unauthorized)
}

/// Period and page of a request: `from`/`to` in Unix milliseconds, `cursor` (from the
/// previous page's `X-Next-Cursor`), `limit`.
struct Query {
    from: i64,
    to: i64,
    cursor: Option<Position>,
    limit: u32,
}

fn query(url: &Url) -> Result<Query, ApiError> {
    let get = |name: &str| {
        url.query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
    };
    let number = |name: &'static str, default: i64| -> Result<i64, ApiError> {
        match get(name) {
            None => Ok(default),
            Some(v) => v.parse::<i64>().map_err(|_| ApiError::BadRequest {
                code: "invalid_query",
                message: format!("`{name}` must be a whole number"),
            }),
        }
    };
    // Absent, empty or `0`: from the start.
    let cursor = match get("cursor").filter(|c| !c.is_empty() && c != "0") {
        None => None,
        Some(c) => Some(
            Position::from_cursor(&c).ok_or_else(|| ApiError::BadRequest {
                code: "invalid_cursor",
                message: "`cursor` must be a page's `X-Next-Cursor`".into(),
            })?,
        ),
    };
    Ok(Query {
        from: number("from", 0)?,
        to: number("to", 9_000_000_000_000_000)?,
        cursor,
        limit: page_size(get("limit").as_deref()),
    })
}

async fn page(req: &Request, ctx: &RouteContext<()>, q: &Query) -> Result<ExportPage, ApiError> {
    Store::new(&ctx.env, req)?
        .export_page(q.from, q.to, q.cursor.as_ref(), q.limit as usize)
        .await
}

/// `GET /api/admin/receipts`: one page of signed receipts, one per line; `X-Next-Cursor`
/// names the next page while there is one.
pub(crate) async fn export(req: Request, ctx: RouteContext<()>) -> worker::Result<Response> {
    respond(export_inner(req, ctx).await)
}

async fn export_inner(req: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    authorize(&req, &ctx).await?;
    let q = query(&req.url()?)?;
    let page = page(&req, &ctx, &q).await?;
    let mut body = String::new();
    for row in &page.rows {
        body.push_str(&row.body);
        body.push('\n');
    }
    let mut response = Response::ok(body)?;
    let headers = response.headers_mut();
    headers.set("Content-Type", "application/x-ndjson")?;
    if let Some(next) = &page.next {
        headers.set("X-Next-Cursor", &next.to_cursor())?;
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
    let page = page(&req, &ctx, &q).await?;
    let mut invalid = Vec::new();
    for row in &page.rows {
        // Strict: a stored body that names a member twice is invalid whatever it signs.
        if samtycke_receipts::verify_json(&row.body, &keys).is_err() {
            invalid.push(row.receipt_id.clone());
        }
    }
    let totals = Store::new(&ctx.env, &req)?.totals(q.from, q.to).await?;
    Ok(Response::from_json(&json!({
        "receipts_in_period": totals.receipts,
        "chain_gaps_in_period": totals.chain_gaps,
        "checked": page.rows.len(),
        "valid_signatures": page.rows.len() - invalid.len(),
        "invalid": invalid,
        "next_cursor": page.next.as_ref().map(Position::to_cursor),
    }))?)
}

/// `GET /admin`: the dashboard of the last `days` (default 30) days, aggregated in SQL.
/// A browser asks for the token with its login prompt (any user name, the token as password).
pub(crate) async fn dashboard(req: Request, ctx: RouteContext<()>) -> worker::Result<Response> {
    respond_page(dashboard_inner(req, ctx).await)
}

/// An admin HTML page's outcome as a response; a refusal asks the browser for the token with
/// its login prompt (any user name, the token as password).
pub(crate) fn respond_page(result: Result<Response, ApiError>) -> worker::Result<Response> {
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
    let cutoff = samtycke_receipts::receipt::retention_cutoff(crate::runtime::now(), days);
    let counts = Store::new(&ctx.env, &req)?
        .counts(&cutoff.date().to_string(), "9999-12-31")
        .await?;
    let rates: Vec<pages::dashboard::DayRate> = samtycke_receipts::counts::day_rates(&counts)
        .into_iter()
        .map(|r| pages::dashboard::DayRate {
            day: r.day,
            category: r.category,
            granted: r.granted as u32,
            total: r.total as u32,
        })
        .collect();
    let methods: Vec<pages::dashboard::MethodCount> =
        samtycke_receipts::counts::method_totals(&counts)
            .into_iter()
            .map(|(method, count)| pages::dashboard::MethodCount {
                method,
                count: count as u32,
            })
            .collect();
    let db = bindings::db(&ctx.env)?;
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
             FROM patient_consent_days WHERE day >= ?1 AND day < ?2 GROUP BY day ORDER BY day",
        )
        .bind(&[
            JsValue::from(cutoff.date().to_string()),
            // Closed days only (UTC, as the days are counted), as the statistics publish
            // ended months only.
            JsValue::from(crate::runtime::now().date().to_string()),
        ])?
        .all()
        .await?
        .results()?;
    let patients: Vec<pages::dashboard::PatientDay> = patients
        .into_iter()
        .map(|p| pages::dashboard::PatientDay::new(p.day, p.grants as u32, p.withdrawals as u32))
        .collect();
    let drift = drift_since(&db, &cutoff.date().to_string()).await?;
    let html = pages::dashboard::render_dashboard(days, &rates, &methods, &patients, &drift)?;
    admin_page(html)
}

/// A maintainers' page: held to the pages' policy, and never stored by a cache.
pub(crate) fn admin_page(html: String) -> Result<Response, ApiError> {
    let mut response = Response::from_html(html)?;
    let headers = response.headers_mut();
    headers.set(
        "Content-Security-Policy",
        crate::visitor::policy_pages::PAGE_CSP,
    )?;
    headers.set("Cache-Control", "no-store")?;
    Ok(response)
}

/// `POST /api/admin/move-receipts?after=<row>&limit=<n>`: move the next rows of today's D1
/// `receipts` table (by row number, at most 500) into the shard store, each into its
/// subject's home shard with its counters; rows already moved are skipped, so the move can
/// be stopped and run again (`scripts/move-receipts.sh` follows `next_after` to the end).
/// The D1 table is left as it is: receipts with version-4 ids are still found there by id.
pub(crate) async fn move_receipts(req: Request, ctx: RouteContext<()>) -> worker::Result<Response> {
    respond(move_inner(req, ctx).await)
}

async fn move_inner(req: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    authorize(&req, &ctx).await?;
    let url = req.url()?;
    let get = |name: &str| {
        url.query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
    };
    let after: i64 = get("after").and_then(|v| v.parse().ok()).unwrap_or(0);
    let limit: i64 = get("limit")
        .and_then(|v| v.parse().ok())
        .unwrap_or(500)
        .clamp(1, 500);
    #[derive(Deserialize)]
    struct Row {
        seq: f64,
        receipt_id: String,
        subject: String,
        issued_at: f64,
        idempotency_key: Option<String>,
        body: String,
    }
    let rows: Vec<Row> = bindings::db(&ctx.env)?
        .prepare(
            "SELECT rowid AS seq, receipt_id, subject, issued_at, idempotency_key, body \
             FROM receipts WHERE rowid > ?1 ORDER BY rowid LIMIT ?2",
        )
        .bind(&[JsValue::from(after as f64), JsValue::from(limit as f64)])?
        .all()
        .await?
        .results()?;
    let store = Store::new(&ctx.env, &req)?;
    let now = crate::runtime::now_millis();
    let mut by_shard: std::collections::BTreeMap<
        String,
        (samtycke_receipts::shard::ShardId, Vec<Append>),
    > = Default::default();
    for row in &rows {
        let home = store.home_of(&row.subject, now).await?;
        // Counted as their receipts say; a moved receipt's site is not recorded, so it counts
        // under Samtycke's own.
        let counts = serde_json::from_str::<samtycke_receipts::SignedReceipt>(&row.body)
            .map(|signed| samtycke_receipts::counts::keys_of(&signed.receipt, ""))
            .unwrap_or_default();
        by_shard
            .entry(home.object_name())
            .or_insert_with(|| (home, Vec::new()))
            .1
            .push(Append {
                receipt_id: row.receipt_id.clone(),
                subject: row.subject.clone(),
                issued_at: row.issued_at as i64,
                idempotency_key: row.idempotency_key.clone(),
                previous_receipt_id: None,
                body: row.body.clone(),
                counts,
            });
    }
    // The shards import at the same time, each its own rows.
    let imports = by_shard
        .into_values()
        .map(|(shard, appends)| store.import(shard, appends));
    let mut moved = 0;
    for imported in join_all(imports).await {
        moved += imported?;
    }
    let next_after = (rows.len() as i64 == limit)
        .then(|| rows.last().map(|r| r.seq as i64))
        .flatten();
    Ok(Response::from_json(&json!({
        "read": rows.len(),
        "moved": moved,
        "next_after": next_after,
    }))?)
}

/// Third parties the sites' visitors' browsers refused since `day` that no service claims
/// (`csp_reports`), busiest first.
pub(crate) async fn drift_since(
    db: &worker::D1Database,
    day: &str,
) -> Result<Vec<pages::dashboard::DriftHost>, ApiError> {
    #[derive(Deserialize)]
    struct Row {
        site_id: String,
        origin: String,
        directive: String,
        reports: f64,
        last_seen: String,
    }
    let rows: Vec<Row> = db
        .prepare(
            "SELECT site_id, origin, directive, SUM(reports) AS reports, MAX(day) AS last_seen \
             FROM csp_drift WHERE day >= ?1 GROUP BY site_id, origin, directive \
             ORDER BY reports DESC, origin LIMIT 100",
        )
        .bind(&[JsValue::from(day)])?
        .all()
        .await?
        .results()?;
    Ok(rows
        .into_iter()
        .map(|r| pages::dashboard::DriftHost {
            site: r.site_id,
            origin: r.origin,
            directive: r.directive,
            reports: r.reports as u32,
            last_seen: r.last_seen,
        })
        .collect())
}
