//! Per-patient consent state: one SQLite-backed Durable Object per patient.
//!
//! The object holds the patient's append-only consent history; the flow that uses it
//! (login, grant, withdraw) is built on top of this class.

// `#[durable_object]` generates undocumented glue methods.
#![allow(missing_docs)]

use worker::{DurableObject, Env, Request, Response, Result, SqlStorage, State, durable_object};

/// The Durable Object class holding one patient's consent history.
#[durable_object]
pub struct PatientConsent {
    sql: SqlStorage,
}

impl DurableObject for PatientConsent {
    fn new(state: State, _env: Env) -> Self {
        let sql = state.storage().sql();
        if let Err(e) = sql.exec(
            "CREATE TABLE IF NOT EXISTS consent_events (
               seq INTEGER PRIMARY KEY AUTOINCREMENT,
               state TEXT NOT NULL,
               at TEXT NOT NULL,
               receipt TEXT NOT NULL
             )",
            None,
        ) {
            worker::console_error!("patient store schema: {e}");
        }
        Self { sql }
    }

    async fn fetch(&self, _req: Request) -> Result<Response> {
        #[derive(serde::Deserialize)]
        struct Count {
            n: i64,
        }
        let events: Vec<Count> = self
            .sql
            .exec("SELECT COUNT(*) AS n FROM consent_events", None)?
            .to_array()?;
        let n = events.first().map_or(0, |c| c.n);
        Response::from_json(&serde_json::json!({ "events": n }))
    }
}
