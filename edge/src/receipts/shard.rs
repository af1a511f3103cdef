//! One shard of the cookie-consent receipt store: a SQLite-backed Durable Object holding the
//! receipts of the subjects that map to it (see `docs/capacity.md`), their idempotency keys,
//! counters kept as receipts are written, and its own retention alarm.
//!
//! The object is the single writer of its rows, so "the previous receipt is an earlier one of
//! the same subject" and "this idempotency key was not used" are checked and the receipt is
//! written in one step. Rows are only ever added, and deleted only by retention. The Worker
//! reaches shards through [`crate::receipts::store`].

// `#[durable_object]` generates undocumented glue methods.
#![allow(missing_docs)]

use samtycke_receipts::counts::{Count, CountKey};
use serde::{Deserialize, Serialize};
use worker::{
    DurableObject, Env, Request, Response, Result, ScheduledTime, SqlStorage, State, Storage,
    durable_object,
};

use crate::http::error::{ApiError, respond};
use crate::object_call::{self, reply};
use crate::object_schema::{self, Migration, Step};
use crate::object_sql::first_row;
use crate::{bindings, runtime};

/// What the Worker asks of a shard: one variant per operation, sent as JSON to the shard and
/// matched there by [`ReceiptShard::answer`]; [`crate::receipts::store::Store`] has one method
/// per variant.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Call {
    /// Store a receipt: [`Appended`].
    Append(Box<Append>),
    /// Store receipts moved in from D1, each once: how many were new.
    Import(Import),
    /// The stored body of receipt `id`, if the shard has it.
    Receipt {
        /// The receipt's id.
        id: String,
    },
    /// Whether the shard has any receipt of `subject`.
    Has {
        /// The subject.
        subject: String,
    },
    /// Up to `limit` of `subject`'s receipts after receipt `after`, oldest first.
    Subject {
        /// The subject.
        subject: String,
        /// The last receipt of the previous page.
        after: Option<String>,
        /// At most this many.
        limit: i64,
    },
    /// Receipts issued in `[from, to)` after `(after_at, after_id)`, in time order: [`TimedRow`]s.
    Export {
        /// From, Unix ms.
        from: i64,
        /// To (not included), Unix ms.
        to: i64,
        /// The position of the last row of the previous page.
        after_at: i64,
        /// The id at that position.
        after_id: String,
        /// At most this many.
        limit: i64,
    },
    /// Receipts and chain gaps in `[from, to)`: [`Totals`].
    Totals {
        /// From, Unix ms.
        from: i64,
        /// To (not included), Unix ms.
        to: i64,
    },
    /// The counters of the days `from..=to` (`YYYY-MM-DD`).
    Counts {
        /// First day.
        from: String,
        /// Last day.
        to: String,
    },
}

/// A receipt to store, as the Worker hands it to the shard.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Append {
    pub(crate) receipt_id: String,
    pub(crate) subject: String,
    /// Unix milliseconds.
    pub(crate) issued_at: i64,
    /// `<subject>:<Idempotency-Key>`, when the client sent one.
    pub(crate) idempotency_key: Option<String>,
    pub(crate) previous_receipt_id: Option<String>,
    /// The signed receipt's canonical JSON.
    pub(crate) body: String,
    /// The counters this receipt adds one to.
    pub(crate) counts: Vec<CountKey>,
}

/// Receipts moved in from today's D1 table, as stored there.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Import {
    pub(crate) rows: Vec<Append>,
}

/// The shard's answer to an append.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) enum Appended {
    /// Stored now.
    Stored,
    /// An earlier request with the same idempotency key stored this body.
    Replayed(String),
    /// The previous receipt named is not an earlier receipt of this subject.
    UnknownPrevious,
}

/// One stored receipt in time order.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct TimedRow {
    pub(crate) issued_at: i64,
    pub(crate) receipt_id: String,
    pub(crate) body: String,
}

/// Receipts of a period in one shard, and chain links among them that point at no earlier
/// receipt of the same subject.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct Totals {
    pub(crate) receipts: i64,
    pub(crate) chain_gaps: i64,
}

/// The Durable Object class holding one shard of receipts.
#[durable_object]
pub struct ReceiptShard {
    sql: SqlStorage,
    storage: Storage,
    env: Env,
}

/// The shard's migrations, oldest first ([`crate::object_schema`]). Add a migration at the
/// end; never change one that has shipped.
pub(crate) const MIGRATIONS: &[Migration] = &[Migration {
    name: "0001_receipts_and_counts",
    steps: &[
        Step::Sql(
            "CREATE TABLE IF NOT EXISTS receipts (
               receipt_id TEXT PRIMARY KEY,
               subject TEXT NOT NULL,
               issued_at INTEGER NOT NULL,
               idempotency_key TEXT UNIQUE,
               body TEXT NOT NULL
             )",
        ),
        Step::Sql(
            "CREATE INDEX IF NOT EXISTS receipts_by_subject ON receipts (subject, issued_at, receipt_id)",
        ),
        Step::Sql(
            "CREATE INDEX IF NOT EXISTS receipts_by_time ON receipts (issued_at, receipt_id)",
        ),
        Step::Sql(
            "CREATE TABLE IF NOT EXISTS counts (
               day TEXT NOT NULL,
               site TEXT NOT NULL,
               category TEXT NOT NULL,
               granted INTEGER NOT NULL,
               method TEXT NOT NULL,
               n INTEGER NOT NULL,
               PRIMARY KEY (day, site, category, granted, method)
             )",
        ),
    ],
}];

/// Latest instant a query bound takes (within JavaScript's safe integers, year 287 396).
const MAX_INSTANT_MS: i64 = 9_000_000_000_000_000;

/// A day in milliseconds.
const DAY_MS: i64 = 24 * 60 * 60 * 1000;

impl DurableObject for ReceiptShard {
    fn new(state: State, env: Env) -> Self {
        let sql = object_schema::open(&state, MIGRATIONS, "receipt shard");
        Self {
            sql,
            storage: state.storage(),
            env,
        }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        let outcome = async { self.answer(object_call::read(&mut req).await?).await };
        respond(outcome.await)
    }

    /// Retention: delete what is past `RECEIPT_RETENTION_DAYS`, then wake again when the next
    /// receipt falls due.
    async fn alarm(&self) -> Result<Response> {
        match self.apply_retention().await {
            Ok(deleted) => Response::from_json(&serde_json::json!({ "deleted": deleted })),
            Err(e) => {
                worker::console_error!("receipt shard retention: {e}");
                Response::error("retention failed", 500)
            }
        }
    }
}

#[derive(Deserialize)]
struct BodyRow {
    body: String,
}

impl ReceiptShard {
    /// Answer `call`: each operation of the shard, by its [`Call`] variant.
    async fn answer(&self, call: Call) -> std::result::Result<Response, ApiError> {
        match call {
            Call::Append(append) => reply(&self.append(*append).await?),
            Call::Import(import) => reply(&self.import(import).await?),
            Call::Receipt { id } => reply(&self.body_where("receipt_id", &id)?),
            Call::Has { subject } => reply(&self.has_subject(&subject)?),
            Call::Subject {
                subject,
                after,
                limit,
            } => reply(&self.subject_page(&subject, after.as_deref(), limit)?),
            Call::Export {
                from,
                to,
                after_at,
                after_id,
                limit,
            } => reply(&self.export_page(from, to, after_at, &after_id, limit)?),
            Call::Totals { from, to } => reply(&self.totals(from, to)?),
            Call::Counts { from, to } => reply(&self.counts(&from, &to)?),
        }
    }

    async fn append(&self, a: Append) -> std::result::Result<Appended, ApiError> {
        if let Some(key) = &a.idempotency_key
            && let Some(row) = first_row::<BodyRow>(
                &self.sql,
                "SELECT body FROM receipts WHERE idempotency_key = ?",
                vec![key.as_str().into()],
            )?
        {
            return Ok(Appended::Replayed(row.body));
        }
        if let Some(previous) = &a.previous_receipt_id
            && first_row::<BodyRow>(
                &self.sql,
                "SELECT body FROM receipts WHERE receipt_id = ? AND subject = ?",
                vec![previous.as_str().into(), a.subject.as_str().into()],
            )?
            .is_none()
        {
            return Ok(Appended::UnknownPrevious);
        }
        // No await between here and the end: the insert and its counters are one atomic write.
        self.sql.exec(
            "INSERT INTO receipts (receipt_id, subject, issued_at, idempotency_key, body) \
             VALUES (?, ?, ?, ?, ?)",
            row_values(&a),
        )?;
        self.count(&a.counts)?;
        self.schedule_retention().await?;
        Ok(Appended::Stored)
    }

    /// Store receipts moved in from D1 as they are (ids, times, idempotency keys kept), each
    /// once: a receipt already here is skipped, so a move can be run again. The number new.
    async fn import(&self, import: Import) -> std::result::Result<usize, ApiError> {
        let mut imported = 0;
        for a in &import.rows {
            let written = self
                .sql
                .exec(
                    "INSERT INTO receipts (receipt_id, subject, issued_at, idempotency_key, body) \
                     VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    row_values(a),
                )?
                .rows_written();
            if written > 0 {
                imported += 1;
                self.count(&a.counts)?;
            }
        }
        if imported > 0 {
            self.schedule_retention().await?;
        }
        Ok(imported)
    }

    fn count(&self, counts: &[CountKey]) -> std::result::Result<(), ApiError> {
        for c in counts {
            self.sql.exec(
                "INSERT INTO counts (day, site, category, granted, method, n) \
                 VALUES (?, ?, ?, ?, ?, 1) \
                 ON CONFLICT (day, site, category, granted, method) DO UPDATE SET n = n + 1",
                vec![
                    c.day.as_str().into(),
                    c.site.as_str().into(),
                    c.category.as_str().into(),
                    i32::from(c.granted).into(),
                    c.method.as_str().into(),
                ],
            )?;
        }
        Ok(())
    }

    fn body_where(
        &self,
        column: &'static str,
        value: &str,
    ) -> std::result::Result<Option<String>, ApiError> {
        Ok(first_row::<BodyRow>(
            &self.sql,
            &format!("SELECT body FROM receipts WHERE {column} = ?"),
            vec![value.into()],
        )?
        .map(|r| r.body))
    }

    fn has_subject(&self, subject: &str) -> std::result::Result<bool, ApiError> {
        #[derive(Deserialize)]
        struct One {
            #[allow(dead_code)]
            one: i64,
        }
        Ok(first_row::<One>(
            &self.sql,
            "SELECT 1 AS one FROM receipts WHERE subject = ? LIMIT 1",
            vec![subject.into()],
        )?
        .is_some())
    }

    /// A subject's receipts after `after` (a receipt id of theirs), oldest first.
    fn subject_page(
        &self,
        subject: &str,
        after: Option<&str>,
        limit: i64,
    ) -> std::result::Result<Vec<String>, ApiError> {
        let rows: Vec<BodyRow> = self
            .sql
            .exec(
                "SELECT body FROM receipts WHERE subject = ?1 AND (?2 IS NULL OR \
                   (issued_at, receipt_id) > (SELECT issued_at, receipt_id FROM receipts \
                     WHERE receipt_id = ?2 AND subject = ?1)) \
                 ORDER BY issued_at, receipt_id LIMIT ?3",
                vec![subject.into(), after.into(), limit.clamp(1, 1001).into()],
            )?
            .to_array()?;
        Ok(rows.into_iter().map(|r| r.body).collect())
    }

    /// Receipts issued in `[from, to)` after the position `(after_at, after_id)`, in
    /// `(issued_at, receipt_id)` order.
    fn export_page(
        &self,
        from: i64,
        to: i64,
        after_at: i64,
        after_id: &str,
        limit: i64,
    ) -> std::result::Result<Vec<TimedRow>, ApiError> {
        Ok(self
            .sql
            .exec(
                "SELECT issued_at, receipt_id, body FROM receipts \
                 WHERE issued_at >= ?1 AND issued_at < ?2 AND (issued_at, receipt_id) > (?3, ?4) \
                 ORDER BY issued_at, receipt_id LIMIT ?5",
                vec![
                    from.into(),
                    to.min(MAX_INSTANT_MS).into(),
                    after_at.max(-1).into(),
                    after_id.into(),
                    limit.clamp(1, 1000).into(),
                ],
            )?
            .to_array()?)
    }

    fn totals(&self, from: i64, to: i64) -> std::result::Result<Totals, ApiError> {
        Ok(first_row::<Totals>(
            &self.sql,
            "SELECT COUNT(*) AS receipts, \
               COALESCE(SUM(CASE WHEN json_extract(r.body, '$.previous_receipt_id') IS NOT NULL \
                 AND NOT EXISTS (SELECT 1 FROM receipts p \
                   WHERE p.receipt_id = json_extract(r.body, '$.previous_receipt_id') \
                   AND p.subject = r.subject) THEN 1 ELSE 0 END), 0) AS chain_gaps \
             FROM receipts r WHERE r.issued_at >= ? AND r.issued_at < ?",
            vec![from.into(), to.min(MAX_INSTANT_MS).into()],
        )?
        .unwrap_or_default())
    }

    /// Counters of the days `from..=to` (`YYYY-MM-DD`).
    fn counts(&self, from: &str, to: &str) -> std::result::Result<Vec<Count>, ApiError> {
        #[derive(Deserialize)]
        struct Row {
            day: String,
            site: String,
            category: String,
            granted: i64,
            method: String,
            n: i64,
        }
        let rows: Vec<Row> = self
            .sql
            .exec(
                "SELECT day, site, category, granted, method, n FROM counts \
                 WHERE day >= ? AND day <= ? ORDER BY day, site, category, granted, method",
                vec![from.into(), to.into()],
            )?
            .to_array()?;
        Ok(rows
            .into_iter()
            .map(|r| Count {
                key: CountKey {
                    day: r.day,
                    site: r.site,
                    category: r.category,
                    granted: r.granted != 0,
                    method: r.method,
                },
                n: r.n,
            })
            .collect())
    }

    /// Set the alarm for when the oldest receipt here falls out of the retention period
    /// (at once if it already has), unless an earlier alarm is set. A wrong retention setting
    /// sets none (retention then logs why it deleted nothing when it next runs).
    async fn schedule_retention(&self) -> std::result::Result<(), ApiError> {
        let Ok(days) = bindings::receipt_retention_days(&self.env) else {
            return Ok(());
        };
        #[derive(Deserialize)]
        struct Oldest {
            oldest: Option<i64>,
        }
        let Some(oldest) = first_row::<Oldest>(
            &self.sql,
            "SELECT MIN(issued_at) AS oldest FROM receipts",
            vec![],
        )?
        .and_then(|o| o.oldest) else {
            return Ok(());
        };
        let due = oldest + i64::from(days) * DAY_MS + 1;
        match self.storage.get_alarm().await? {
            Some(set) if set <= due => Ok(()),
            // An absolute time (`ScheduledTime::from(i64)` would be an offset from now).
            _ => Ok(self
                .storage
                .set_alarm(ScheduledTime::new(js_sys::Date::new(&(due as f64).into())))
                .await?),
        }
    }

    /// Delete what is past `RECEIPT_RETENTION_DAYS` now, then set the next alarm.
    async fn apply_retention(&self) -> std::result::Result<usize, ApiError> {
        // A wrong setting deletes nothing (and says so in the log).
        let days = bindings::receipt_retention_days(&self.env)
            .map_err(|e| ApiError::Internal(e.to_string()))?;
        let cutoff = samtycke_receipts::receipt::retention_cutoff(runtime::now(), days);
        let cutoff_ms = samtycke_visitor::instant::to_unix_millis(cutoff) as i64;
        let deleted = self
            .sql
            .exec(
                "DELETE FROM receipts WHERE issued_at < ?",
                vec![cutoff_ms.into()],
            )?
            .rows_written();
        worker::console_log!(
            "receipt shard retention: deleted {deleted} receipts issued before {cutoff} (unix ms {cutoff_ms}) ({days} days)"
        );
        self.schedule_retention().await?;
        Ok(deleted)
    }
}

/// The bound values of a receipt row, in the column order both inserts name:
/// `receipt_id, subject, issued_at, idempotency_key, body`.
fn row_values(a: &Append) -> Vec<worker::SqlStorageValue> {
    vec![
        a.receipt_id.as_str().into(),
        a.subject.as_str().into(),
        a.issued_at.into(),
        a.idempotency_key.as_deref().into(),
        a.body.as_str().into(),
    ]
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::MIGRATIONS;
    use crate::object_schema::migrate;
    use crate::object_schema::testing::database;

    #[test]
    fn a_receipt_shard_gets_its_tables_and_keeps_them() {
        let db = database();
        migrate(&db, MIGRATIONS).expect("creates");
        db.execute_batch(
            "INSERT INTO receipts (receipt_id, subject, issued_at, body) VALUES ('r', 'v_s', 1, '{}')",
        )
        .expect("a receipt");
        migrate(&db, MIGRATIONS).expect("opens again");
        let n: i64 = db
            .query_row("SELECT count(*) FROM receipts", [], |r| r.get(0))
            .expect("count");
        assert_eq!(n, 1);
    }
}
