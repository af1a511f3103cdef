//! Per-patient consent: one SQLite-backed Durable Object per patient, addressed by the
//! patient's subject id (a keyed hash of the personal identity number, never the number).
//!
//! The object is the single writer of the patient's history, so each transition is checked
//! against the current state and appended, with its signed receipt, in one step. Rows are
//! only ever added. The Worker reaches it through [`Client`].

// `#[durable_object]` generates undocumented glue methods.
#![allow(missing_docs)]

use consent::patient::{
    HistoryMark, PatientAction, PatientConsentState, change_allowed, expired_history,
    is_patient_subject, next_expiry, patient_receipt,
};
use consent::session::Session;
use consent::{Language, SignedReceipt};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use worker::{
    DurableObject, Env, Headers, Method, Request, RequestInit, Response, Result, ScheduledTime,
    SqlStorage, State, Storage, Stub, durable_object,
};

use crate::error::{ApiError, respond};
use crate::{bindings, runtime};

/// The patient's consent as it stands.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Status {
    /// Current state.
    pub(crate) state: PatientConsentState,
    /// When it took effect (RFC 3339), unless never asked.
    pub(crate) since: Option<String>,
    /// `material_revision` of the privacy notice the latest transition was made under.
    pub(crate) policy_revision: Option<u32>,
}

/// A transition asked of the object.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Transition {
    subject: String,
    action: PatientAction,
    language: Language,
}

/// One entry of the patient's history.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct HistoryEntry {
    /// State after the transition.
    pub(crate) state: PatientConsentState,
    /// When (RFC 3339).
    pub(crate) at: String,
    /// The signed receipt, verifiable with the published keys.
    pub(crate) receipt: Value,
}

#[derive(Deserialize)]
struct Row {
    state: String,
    at: String,
    receipt: String,
}

impl Row {
    fn state(&self) -> PatientConsentState {
        PatientConsentState::parse(&self.state).unwrap_or_default()
    }

    /// The stored signed receipt, read once.
    fn signed_receipt(&self) -> Option<SignedReceipt> {
        serde_json::from_str(&self.receipt).ok()
    }
}

/// The Durable Object class holding one patient's consent history.
#[durable_object]
pub struct PatientConsent {
    sql: SqlStorage,
    storage: Storage,
    env: Env,
}

impl DurableObject for PatientConsent {
    fn new(state: State, env: Env) -> Self {
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
        // Sessions that started at or before `floor_ms` (Unix milliseconds) were logged out.
        if let Err(e) = sql.exec(
            "CREATE TABLE IF NOT EXISTS logout_floor (
               id INTEGER PRIMARY KEY CHECK (id = 1),
               floor_ms INTEGER NOT NULL
             )",
            None,
        ) {
            worker::console_error!("patient store schema: {e}");
        }
        Self {
            sql,
            storage: state.storage(),
            env,
        }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        let started = req
            .headers()
            .get(SESSION_STARTED)?
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap_or(i64::MIN);
        if let Err(e) = self.check_session(started) {
            return respond(Err(e));
        }
        let outcome = match (req.method(), req.path().as_str()) {
            (Method::Post, "/logout") => self
                .log_out(runtime::now_millis())
                .and_then(|()| Ok(Response::from_json(&serde_json::json!({}))?)),
            (Method::Get, "/status") => self.status().and_then(|s| Ok(Response::from_json(&s)?)),
            (Method::Get, "/history") => self.history().and_then(|h| Ok(Response::from_json(&h)?)),
            (Method::Post, "/transition") => match req.json::<Transition>().await {
                Ok(t) => match self.transition(t) {
                    Ok(entry) => {
                        // Every transition may bring the next deletion closer (a withdrawal
                        // lets the whole history age out).
                        let scheduled = match bindings::patient_history_retention_days(&self.env) {
                            Ok(days) => self.schedule_retention(days).await,
                            Err(e) => Err(e.into()),
                        };
                        if let Err(e) = scheduled {
                            worker::console_error!("scheduling patient history retention: {e}");
                        }
                        Response::from_json(&entry).map_err(ApiError::from)
                    }
                    Err(e) => Err(e),
                },
                Err(e) => Err(ApiError::MalformedJson(e.to_string())),
            },
            _ => Err(ApiError::NotFound("no such patient operation".into())),
        };
        respond(outcome)
    }

    /// Retention: delete what is past `PATIENT_HISTORY_RETENTION_DAYS`, then wake up again
    /// when the next entry is due.
    async fn alarm(&self) -> Result<Response> {
        match self.apply_retention().await {
            Ok(deleted) => Response::from_json(&serde_json::json!({ "deleted": deleted })),
            Err(e) => {
                worker::console_error!("patient history retention: {e}");
                Response::error("retention failed", 500)
            }
        }
    }
}

impl PatientConsent {
    /// Refuse a session that started (Unix milliseconds) before the patient last logged out.
    fn check_session(&self, started_ms: i64) -> std::result::Result<(), ApiError> {
        #[derive(Deserialize)]
        struct Floor {
            floor_ms: i64,
        }
        let floors: Vec<Floor> = self
            .sql
            .exec("SELECT floor_ms FROM logout_floor WHERE id = 1", None)?
            .to_array()?;
        match floors.first() {
            Some(f) if started_ms <= f.floor_ms => {
                Err(ApiError::LoginRequired("logged out".into()))
            }
            _ => Ok(()),
        }
    }

    /// End every session of this patient that started up to `now_ms`.
    fn log_out(&self, now_ms: i64) -> std::result::Result<(), ApiError> {
        self.sql.exec(
            "INSERT INTO logout_floor (id, floor_ms) VALUES (1, ?) \
             ON CONFLICT (id) DO UPDATE SET floor_ms = max(floor_ms, excluded.floor_ms)",
            vec![now_ms.into()],
        )?;
        Ok(())
    }

    fn marks(&self) -> std::result::Result<Vec<HistoryMark>, ApiError> {
        #[derive(Deserialize)]
        struct Mark {
            seq: i64,
            state: String,
            at: String,
        }
        let rows: Vec<Mark> = self
            .sql
            .exec(
                "SELECT seq, state, at FROM consent_events ORDER BY seq",
                None,
            )?
            .to_array()?;
        Ok(rows
            .into_iter()
            .filter_map(|r| {
                Some(HistoryMark {
                    seq: r.seq,
                    at: time::OffsetDateTime::parse(
                        &r.at,
                        &time::format_description::well_known::Rfc3339,
                    )
                    .ok()?,
                    state: PatientConsentState::parse(&r.state)?,
                })
            })
            .collect())
    }

    /// Delete expired history and schedule the next run; the number of entries deleted.
    async fn apply_retention(&self) -> std::result::Result<usize, ApiError> {
        // A wrong setting deletes nothing (and says so in the log).
        let days = bindings::patient_history_retention_days(&self.env)?;
        let expired = expired_history(&self.marks()?, runtime::now(), days);
        for seq in &expired {
            self.sql.exec(
                "DELETE FROM consent_events WHERE seq = ?",
                vec![(*seq).into()],
            )?;
        }
        self.schedule_retention(days).await?;
        Ok(expired.len())
    }

    /// Set the alarm for the next entry that will fall due, if any.
    async fn schedule_retention(&self, days: u32) -> std::result::Result<(), ApiError> {
        if let Some(due) = next_expiry(&self.marks()?, days) {
            let millis = consent::instant::to_unix_millis(due);
            self.storage
                .set_alarm(ScheduledTime::new(js_sys::Date::new(&millis.into())))
                .await?;
        }
        Ok(())
    }

    fn latest(&self) -> std::result::Result<Option<Row>, ApiError> {
        let rows: Vec<Row> = self
            .sql
            .exec(
                "SELECT state, at, receipt FROM consent_events ORDER BY seq DESC LIMIT 1",
                None,
            )?
            .to_array()?;
        Ok(rows.into_iter().next())
    }

    fn status(&self) -> std::result::Result<Status, ApiError> {
        Ok(match self.latest()? {
            Some(row) => Status {
                state: row.state(),
                policy_revision: row
                    .signed_receipt()
                    .map(|r| r.receipt.policy.material_revision),
                since: Some(row.at),
            },
            None => Status {
                state: PatientConsentState::None,
                since: None,
                policy_revision: None,
            },
        })
    }

    fn history(&self) -> std::result::Result<Vec<HistoryEntry>, ApiError> {
        let rows: Vec<Row> = self
            .sql
            .exec(
                "SELECT state, at, receipt FROM consent_events ORDER BY seq",
                None,
            )?
            .to_array()?;
        rows.into_iter()
            .map(|row| {
                Ok(HistoryEntry {
                    state: row.state(),
                    receipt: serde_json::from_str(&row.receipt)
                        .map_err(|e| ApiError::Internal(format!("stored receipt: {e}")))?,
                    at: row.at,
                })
            })
            .collect()
    }

    fn transition(&self, t: Transition) -> std::result::Result<HistoryEntry, ApiError> {
        if !is_patient_subject(&t.subject) {
            return Err(ApiError::Internal(
                "transition without a patient subject".into(),
            ));
        }
        if !change_allowed(&self.marks()?, runtime::now()) {
            return Err(ApiError::TooManyRequests);
        }
        let latest = self.latest()?;
        let current = latest
            .as_ref()
            .map_or(PatientConsentState::None, Row::state);
        let stored = latest.as_ref().and_then(Row::signed_receipt);
        let config = bindings::config()?;
        let given_under = stored.as_ref().map(|r| r.receipt.policy.material_revision);
        let next = current.apply_under(t.action, given_under, config.policy_revision)?;
        let previous = stored.map(|r| r.receipt.receipt_id);
        let now = runtime::now();
        let receipt = patient_receipt(
            config,
            &t.subject,
            next,
            t.language,
            runtime::random_uuid(),
            now,
            previous,
        )
        .map_err(|e| ApiError::Internal(format!("patient receipt: {e}")))?
        .with_policy_version(bindings::policy_version()?);
        let signed = receipt
            .sign(bindings::signing_key(&self.env)?)
            .map_err(|e| ApiError::Internal(e.to_string()))?;
        let at = consent::instant::to_rfc3339(now);
        self.sql.exec(
            "INSERT INTO consent_events (state, at, receipt) VALUES (?, ?, ?)",
            vec![
                next.as_str().into(),
                at.clone().into(),
                consent::canonical::to_canonical_string(&signed).into(),
            ],
        )?;
        Ok(HistoryEntry {
            state: next,
            at,
            receipt: signed,
        })
    }
}

/// Header carrying the session's start to the object, which refuses logged-out sessions.
const SESSION_STARTED: &str = "X-Session-Started";

/// The Worker's handle on one patient's object, for one session.
pub(crate) struct Client {
    stub: Stub,
    subject: String,
    session_started: i64,
}

impl Client {
    /// The object of the session's patient.
    pub(crate) fn new(env: &Env, session: &Session) -> std::result::Result<Self, ApiError> {
        let stub = bindings::patient_consent(env)?
            .id_from_name(&session.subject)?
            .get_stub()?;
        Ok(Self {
            stub,
            subject: session.subject.clone(),
            session_started: session.started_ms,
        })
    }

    async fn call<T: serde::de::DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<String>,
    ) -> std::result::Result<T, ApiError> {
        let mut init = RequestInit::new();
        let headers = Headers::new();
        headers.set(SESSION_STARTED, &self.session_started.to_string())?;
        if let Some(body) = body {
            headers.set("Content-Type", "application/json")?;
            init.with_body(Some(body.into()));
        }
        init.with_method(method).with_headers(headers);
        let request = Request::new_with_init(&format!("https://patient-consent{path}"), &init)?;
        let mut response = self.stub.fetch_with_request(request).await?;
        match response.status_code() {
            200 => Ok(response.json().await?),
            401 => Err(ApiError::LoginRequired("logged out".into())),
            429 => Err(ApiError::TooManyRequests),
            409 => {
                let body: Value = response.json().await?;
                Err(match body["error"]["code"].as_str() {
                    Some("consent_already_given") => {
                        consent::patient::TransitionError::AlreadyGiven.into()
                    }
                    _ => consent::patient::TransitionError::NotGiven.into(),
                })
            }
            status => Err(ApiError::Internal(format!(
                "patient consent object answered {status}: {}",
                response.text().await.unwrap_or_default()
            ))),
        }
    }

    /// End every session of this patient so far (logging out).
    pub(crate) async fn log_out(&self) -> std::result::Result<(), ApiError> {
        self.call::<Value>(Method::Post, "/logout", None)
            .await
            .map(|_| ())
    }

    /// Where the patient's consent stands.
    pub(crate) async fn status(&self) -> std::result::Result<Status, ApiError> {
        self.call(Method::Get, "/status", None).await
    }

    /// The whole history, oldest first.
    pub(crate) async fn history(&self) -> std::result::Result<Vec<HistoryEntry>, ApiError> {
        self.call(Method::Get, "/history", None).await
    }

    /// Grant or withdraw; 409 when the state machine has no such step.
    pub(crate) async fn apply(
        &self,
        action: PatientAction,
        language: Language,
    ) -> std::result::Result<HistoryEntry, ApiError> {
        let body = serde_json::to_string(&Transition {
            subject: self.subject.clone(),
            action,
            language,
        })
        .map_err(|e| ApiError::Internal(e.to_string()))?;
        self.call(Method::Post, "/transition", Some(body)).await
    }
}
