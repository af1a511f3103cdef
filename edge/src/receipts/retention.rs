//! The scheduled retention job: deletes cookie-consent receipts older than the configured
//! retention (`RECEIPT_RETENTION_DAYS`, default three years) and reports how many it deleted;
//! forgets spent logins and request nonces, and drift counts older than
//! [`samtycke_visitor::csp_report::KEPT_DAYS`]. The lapse sweep has a cron of its own
//! ([`crate::patient::lapse_sweep`]).
//! A setting that is not a number of days deletes nothing: the error is logged instead.

use samtycke_receipts::receipt::retention_cutoff;
use wasm_bindgen::JsValue;
use worker::{Env, ScheduledEvent};

use crate::{bindings, runtime};

/// One run of the retention job, for the cron `event`: every error is logged, and what one
/// step fails to delete does not keep the others from running.
pub(crate) async fn run(event: &ScheduledEvent, env: &Env) {
    // The run's own time (what the cron was scheduled for), so one run has one cutoff.
    let now = samtycke_visitor::instant::from_unix_millis(event.schedule());
    match bindings::receipt_retention_days(env) {
        Ok(days) => {
            let cutoff = retention_cutoff(now, days);
            match delete_older_than(env, cutoff).await {
                Ok(n) => worker::console_log!(
                    "retention ({}): deleted {n} receipts issued before {cutoff} (unix ms {}) ({days} days)",
                    event.cron(),
                    samtycke_visitor::instant::to_unix_millis(cutoff)
                ),
                Err(e) => worker::console_error!("retention ({}): failed: {e}", event.cron()),
            }
        }
        Err(e) => worker::console_error!(
            "retention ({}): nothing deleted, the setting is wrong: {e}",
            event.cron()
        ),
    }
    // Spent logins only matter while their login could still complete.
    let spent_before = runtime::now_secs() - samtycke_auth::oidc::LOGIN_TIMEOUT_SECS;
    if let Err(e) = forget(
        env,
        "DELETE FROM spent_logins WHERE started < ?1",
        spent_before,
    )
    .await
    {
        worker::console_error!("retention ({}): spent logins: {e}", event.cron());
    }
    // Drift counts of the consent policy's reports: a third party unseen for the kept days
    // has gone.
    let kept_from = samtycke_visitor::csp_report::kept_from(
        samtycke_visitor::instant::from_unix_millis(event.schedule()),
    );
    if let Err(e) = forget_text(env, "DELETE FROM csp_drift WHERE day < ?1", &kept_from).await {
        worker::console_error!("retention ({}): drift reports: {e}", event.cron());
    }
    // Spent request nonces only matter while their signature could still be accepted.
    let sql = "DELETE FROM spent_request_nonces WHERE expires < ?1";
    if let Err(e) = forget(env, sql, runtime::now_secs()).await {
        worker::console_error!("retention ({}): spent request nonces: {e}", event.cron());
    }
}

/// Run a `DELETE … < ?1` with `before` (Unix seconds).
async fn forget(env: &Env, sql: &str, before: i64) -> Result<(), String> {
    forget_value(env, sql, JsValue::from(before as f64)).await
}

/// Run a `DELETE … < ?1` with `before` (a `YYYY-MM-DD` day).
async fn forget_text(env: &Env, sql: &str, before: &str) -> Result<(), String> {
    forget_value(env, sql, JsValue::from(before)).await
}

async fn forget_value(env: &Env, sql: &str, before: JsValue) -> Result<(), String> {
    bindings::db(env)
        .map_err(|e| e.to_string())?
        .prepare(sql)
        .bind(&[before])
        .map_err(|e| e.to_string())?
        .run()
        .await
        .map_err(|e| e.to_string())?;
    Ok(())
}

async fn delete_older_than(env: &Env, cutoff: time::OffsetDateTime) -> Result<usize, String> {
    let db = bindings::db(env).map_err(|e| e.to_string())?;
    let result = db
        .prepare("DELETE FROM receipts WHERE issued_at < ?1")
        .bind(&[JsValue::from(samtycke_visitor::instant::to_unix_millis(
            cutoff,
        ))])
        .map_err(|e| e.to_string())?
        .run()
        .await
        .map_err(|e| e.to_string())?;
    Ok(result
        .meta()
        .map_err(|e| e.to_string())?
        .and_then(|m| m.changes)
        .unwrap_or(0))
}
