//! Per-patient consent: one SQLite-backed Durable Object per patient, addressed by the
//! patient's subject id (a keyed hash of the personal identity number, never the number).
//!
//! The object is the single writer of the patient's history and the only holder of the
//! patient's certificates, so a transition, its signed receipt and what follows from it (a
//! withdrawal erases the certificates and pending sends, with a signed erasure entry) happen
//! in one synchronous step: no request sees certificates without consent in force. History
//! rows are only ever added (retention aside). The Worker reaches it through [`Client`].

// `#[durable_object]` generates undocumented glue methods.
#![allow(missing_docs)]

pub(crate) mod call;
pub(crate) mod certificates;
pub(crate) mod schema;
pub(crate) mod sends;
mod sources;
mod statistics;

use samtycke_auth::session::Session;
use samtycke_care::Transitions;
use samtycke_care::disclosure::ErasureReason;
use samtycke_care::patient::{
    HistoryMark, PatientAction, PatientConsentState, change_allowed, expired_history,
    is_patient_subject, next_expiry, patient_receipt,
};
use samtycke_receipts::SignedReceipt;
use samtycke_visitor::Language;
use samtycke_wire::patient_api::{Held, HistoryEntry, KIND_CONSENT, SendView};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use worker::{
    DurableObject, Env, Request, Response, Result, ScheduledTime, SqlStorage, State, Storage, Stub,
    durable_object,
};

use crate::http::error::{ApiError, respond};
use crate::object_call::{self, reply};
use crate::object_sql::first_row;
use crate::{bindings, object_schema, runtime};
use call::Call;
use certificates::{Put, Stored, Which};
use sends::{Claim, Claimed, Done, Order};

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
pub(crate) struct Transition {
    /// The patient.
    subject: String,
    /// Grant or withdraw.
    action: PatientAction,
    /// The language the patient saw.
    language: Language,
}

#[derive(Deserialize)]
struct Row {
    kind: String,
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
        let sql = object_schema::open(&state, schema::MIGRATIONS, "patient store");
        Self {
            sql,
            storage: state.storage(),
            env,
        }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        // Consent that no longer covers processing is treated as withdrawn before anything
        // else is done: nothing is shown, sent or counted from it.
        if let Err(e) = self.lapse_if_due().await {
            worker::console_error!("lapsed consent: {e}");
            return respond(Err(e));
        }
        let call: Call = match object_call::read(&mut req).await {
            Ok(call) => call,
            Err(e) => return respond(Err(e)),
        };
        // Calls the Worker makes itself (intake, queue, sweeps) carry no patient's session.
        if !call.is_system() {
            let started = req
                .headers()
                .get(SESSION_STARTED)?
                .and_then(|v| v.parse::<i64>().ok())
                .unwrap_or(i64::MIN);
            if let Err(e) = self.check_session(started) {
                return respond(Err(e));
            }
        }
        respond(self.answer(call).await)
    }

    /// Retention: delete what is past `PATIENT_HISTORY_RETENTION_DAYS`, then wake up again
    /// when the next entry is due.
    async fn alarm(&self) -> Result<Response> {
        // A statistics update that failed earlier is retried first.
        if let Err(e) = self.sync_statistics_if_due().await {
            worker::console_error!("patient statistics: {e}");
        }
        // Consent that lapsed while the patient was away: its data goes.
        if let Err(e) = self.lapse_if_due().await {
            worker::console_error!("lapsed consent: {e}");
        }
        // A send whose queue message was lost is queued again.
        if let Err(e) = self.requeue_overdue_sends().await {
            worker::console_error!("patient sends: {e}");
        }
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
    /// Answer `call`: each operation of the object, by its [`Call`] variant.
    async fn answer(&self, call: Call) -> std::result::Result<Response, ApiError> {
        match call {
            Call::Logout => {
                self.log_out(runtime::now_millis())?;
                reply(&serde_json::json!({}))
            }
            Call::Status => reply(&self.status()?),
            Call::History | Call::SystemHistory => reply(&self.history()?),
            Call::Sources => reply(&self.source_ids()?),
            Call::Transition(t) => self.transition(t).await,
            Call::Certificates => self.list_certificates(),
            Call::Certificate(which) => self.show_certificate(which),
            Call::Send(order) => self.create_send(order).await,
            Call::PutCertificate(put) => self.put_certificate(*put).await,
            Call::ClaimSend(claim) => {
                let claimed = self.claim_send(claim);
                // The next attempt's deadline moved: so does the alarm.
                self.reschedule().await;
                claimed
            }
            Call::SendDone(done) => self.finish_send(done),
            // The lapse check before every call has run; the patient's row in
            // `patient_holdings` is brought up to date either way.
            Call::Lapse => {
                if let Some(subject) = self.subject()? {
                    self.sync_statistics(&subject).await;
                }
                reply(&self.status()?)
            }
        }
    }

    /// Refuse a session that started (Unix milliseconds) before the patient last logged out.
    fn check_session(&self, started_ms: i64) -> std::result::Result<(), ApiError> {
        #[derive(Deserialize)]
        struct Floor {
            floor_ms: i64,
        }
        let floor: Option<Floor> = first_row(
            &self.sql,
            "SELECT floor_ms FROM logout_floor WHERE id = 1",
            None,
        )?;
        match floor {
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
            kind: String,
            state: String,
            at: String,
        }
        let rows: Vec<Mark> = self
            .sql
            .exec(
                "SELECT seq, kind, state, at FROM consent_events ORDER BY seq",
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
                    is_consent: r.kind == KIND_CONSENT,
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
        let sources = self.expire_sources(days)?;
        self.schedule_retention(days).await?;
        Ok(expired.len() + sources)
    }

    /// Set the alarm for the next entry that will fall due, or sooner when a statistics
    /// update must be retried or a send's next attempt is due.
    async fn schedule_retention(&self, days: u32) -> std::result::Result<(), ApiError> {
        let due = [
            next_expiry(&self.marks()?, days),
            self.next_source_expiry(days)?,
        ]
        .into_iter()
        .flatten()
        .min()
        .map(samtycke_visitor::instant::to_unix_millis);
        let retry = self
            .statistics_dirty()?
            .then(|| (runtime::now_millis() + statistics::RETRY_MS) as f64);
        let next = [due, retry, self.next_send_due()?]
            .into_iter()
            .flatten()
            .reduce(f64::min);
        if let Some(millis) = next {
            self.storage
                .set_alarm(ScheduledTime::new(js_sys::Date::new(&millis.into())))
                .await?;
        }
        Ok(())
    }

    /// After a change: reschedule the alarm (a withdrawal lets the history age out; a failed
    /// statistics update needs a retry). A failure here is logged: the change itself stands.
    async fn reschedule(&self) {
        let scheduled = match bindings::patient_history_retention_days(&self.env) {
            Ok(days) => self.schedule_retention(days).await,
            Err(e) => Err(e.into()),
        };
        if let Err(e) = scheduled {
            worker::console_error!("scheduling patient history retention: {e}");
        }
    }

    fn latest(&self) -> std::result::Result<Option<Row>, ApiError> {
        first_row(
            &self.sql,
            "SELECT kind, state, at, receipt FROM consent_events WHERE kind = 'consent' \
             ORDER BY seq DESC LIMIT 1",
            None,
        )
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
                "SELECT kind, state, at, receipt FROM consent_events ORDER BY seq",
                None,
            )?
            .to_array()?;
        rows.into_iter()
            .map(|row| {
                Ok(HistoryEntry {
                    state: row.state(),
                    kind: row.kind.clone(),
                    receipt: serde_json::from_str(&row.receipt)
                        .map_err(|e| ApiError::Internal(format!("stored receipt: {e}")))?,
                    at: row.at,
                })
            })
            .collect()
    }

    /// The patient's subject id, from the latest consent receipt (none before any).
    fn subject(&self) -> std::result::Result<Option<String>, ApiError> {
        Ok(self
            .latest()?
            .and_then(|row| row.signed_receipt())
            .map(|r| r.receipt.subject))
    }

    /// If consent is given but under a notice that has since changed materially, it no longer
    /// covers processing: erase the certificates, the unsent copies and (in D1) the statistics
    /// rows, as on withdrawal, with a signed erasure entry citing the lapsed consent. Nothing
    /// happens when nothing is held, so it runs once per lapse.
    async fn lapse_if_due(&self) -> std::result::Result<(), ApiError> {
        let Some(latest) = self.latest()? else {
            return Ok(());
        };
        let Some(receipt) = latest.signed_receipt() else {
            return Ok(());
        };
        // Only a consent entry can lapse (a withdrawal has erased everything already).
        let lapsed = samtycke_care::patient::renewal_due(
            latest.state(),
            Some(receipt.receipt.policy.material_revision),
            bindings::config()?.policy_revision,
        );
        if !lapsed || !self.holds_certificates()? {
            return Ok(());
        }
        let subject = receipt.receipt.subject.clone();
        self.erase_all(
            &subject,
            ErasureReason::ConsentLapsed,
            &receipt.receipt.receipt_id,
            PatientConsentState::Given,
            runtime::now(),
        )?;
        self.sync_statistics(&subject).await;
        self.reschedule().await;
        Ok(())
    }

    /// Whether the patient's data may be processed now (consent given under the notice in
    /// force).
    fn processing_allowed(&self) -> std::result::Result<bool, ApiError> {
        let status = self.status()?;
        Ok(samtycke_care::patient::processing_allowed(
            status.state,
            status.policy_revision,
            bindings::config()?.policy_revision,
        ))
    }

    /// 403 unless the patient's data may be processed now.
    fn require_consent(&self) -> std::result::Result<(), ApiError> {
        if self.processing_allowed()? {
            Ok(())
        } else {
            Err(ApiError::ConsentRequired)
        }
    }

    /// Append a signed entry to the history.
    fn append(
        &self,
        kind: &str,
        state: PatientConsentState,
        at: &str,
        signed: &Value,
    ) -> std::result::Result<(), ApiError> {
        self.sql.exec(
            "INSERT INTO consent_events (kind, state, at, receipt) VALUES (?, ?, ?, ?)",
            vec![
                kind.into(),
                state.as_str().into(),
                at.into(),
                samtycke_receipts::canonical::to_canonical_string(signed).into(),
            ],
        )?;
        Ok(())
    }

    async fn transition(&self, t: Transition) -> std::result::Result<Response, ApiError> {
        let entry = self.record_transition(&t)?;
        if !entry.state.allows_processing() {
            // The erasure happened with the withdrawal; the statistics follow.
            self.sync_statistics(&t.subject).await;
        }
        self.reschedule().await;
        Ok(Response::from_json(&entry)?)
    }

    /// Check and record a transition; a withdrawal erases the patient's certificates and
    /// pending sends in the same step, with a signed erasure entry.
    fn record_transition(&self, t: &Transition) -> std::result::Result<HistoryEntry, ApiError> {
        if !is_patient_subject(&t.subject) {
            return Err(ApiError::Internal(
                "transition without a patient subject".into(),
            ));
        }
        let marks: Vec<_> = self.marks()?;
        if !change_allowed(&marks, runtime::now()) {
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
        let receipt_id = runtime::random_uuid();
        let receipt = patient_receipt(
            config,
            &t.subject,
            next,
            t.language,
            receipt_id.clone(),
            now,
            previous,
        )
        .map_err(|e| ApiError::Internal(format!("patient receipt: {e}")))?
        .with_policy_version(bindings::policy_version()?);
        let key = bindings::signing_key(&self.env)?;
        let signed = samtycke_receipts::receipt::sign(&receipt, key)
            .map_err(|e| ApiError::Internal(e.to_string()))?;
        let at = samtycke_visitor::instant::to_rfc3339(now);
        self.append(KIND_CONSENT, next, &at, &signed)?;
        if !next.allows_processing() {
            self.erase_all(
                &t.subject,
                ErasureReason::ConsentWithdrawn,
                &receipt_id,
                PatientConsentState::Withdrawn,
                now,
            )?;
        }
        Ok(HistoryEntry {
            kind: KIND_CONSENT.to_owned(),
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
        let mut client = Self::system(env, &session.subject)?;
        client.session_started = session.started_ms;
        Ok(client)
    }

    /// The object of patient `subject`, for the Worker's own calls (intake, the send queue),
    /// which only `/system/…` operations accept without a session.
    pub(crate) fn system(env: &Env, subject: &str) -> std::result::Result<Self, ApiError> {
        let stub = bindings::patient_consent(env)?
            .id_from_name(subject)?
            .get_stub()?;
        Ok(Self {
            stub,
            subject: subject.to_owned(),
            session_started: i64::MIN,
        })
    }

    /// The patient's subject id.
    pub(crate) fn subject(&self) -> &str {
        &self.subject
    }

    /// Send `call` to the patient's object and read its answer as `T`; an error answer comes
    /// back as the [`ApiError`] the object gave.
    async fn ask<T: serde::de::DeserializeOwned>(
        &self,
        call: &Call,
    ) -> std::result::Result<T, ApiError> {
        let started = self.session_started.to_string();
        let mut response =
            object_call::post(&self.stub, call, &[(SESSION_STARTED, &started)]).await?;
        match response.status_code() {
            200 | 201 => Ok(response.json().await?),
            status => {
                let body: Value = response.json().await.unwrap_or_default();
                let code = body["error"]["code"].as_str().unwrap_or("internal");
                let message = body["error"]["message"].as_str().unwrap_or_default();
                Err(match (status, code) {
                    (401, _) => ApiError::LoginRequired("logged out".into()),
                    (429, _) => ApiError::TooManyRequests,
                    (409, "consent_already_given") => {
                        samtycke_care::patient::TransitionError::AlreadyGiven.into()
                    }
                    (409, "consent_not_given") => {
                        samtycke_care::patient::TransitionError::NotGiven.into()
                    }
                    (403, "consent_required") => ApiError::ConsentRequired,
                    (400..=499, _) => ApiError::Relayed {
                        status,
                        code: code.to_owned(),
                        message: message.to_owned(),
                    },
                    _ => ApiError::Internal(format!(
                        "patient consent object answered {status}: {code}"
                    )),
                })
            }
        }
    }

    /// End every session of this patient so far (logging out).
    pub(crate) async fn log_out(&self) -> std::result::Result<(), ApiError> {
        self.ask::<Value>(&Call::Logout).await.map(|_| ())
    }

    /// Where the patient's consent stands.
    pub(crate) async fn status(&self) -> std::result::Result<Status, ApiError> {
        self.ask(&Call::Status).await
    }

    /// The whole history, oldest first.
    pub(crate) async fn history(&self) -> std::result::Result<Vec<HistoryEntry>, ApiError> {
        self.ask(&Call::History).await
    }

    /// The ids of the care providers that have sent the patient a certificate: the ones to ask
    /// when the patient consents.
    pub(crate) async fn certificate_sources(&self) -> std::result::Result<Vec<String>, ApiError> {
        self.ask(&Call::Sources).await
    }

    /// The whole history, oldest first, for the Worker's own use (a care system's export).
    pub(crate) async fn system_history(&self) -> std::result::Result<Vec<HistoryEntry>, ApiError> {
        self.ask(&Call::SystemHistory).await
    }

    /// Grant or withdraw; 409 when the state machine has no such step.
    pub(crate) async fn apply(
        &self,
        action: PatientAction,
        language: Language,
    ) -> std::result::Result<HistoryEntry, ApiError> {
        self.ask(&Call::Transition(Transition {
            subject: self.subject.clone(),
            action,
            language,
        }))
        .await
    }

    /// Every certificate held, newest first (403 unless consent is in force).
    pub(crate) async fn certificates(&self) -> std::result::Result<Vec<Held>, ApiError> {
        #[derive(Deserialize)]
        struct List {
            certificates: Vec<Held>,
        }
        let list: List = self.ask(&Call::Certificates).await?;
        Ok(list.certificates)
    }

    /// The held certificate `key`, with its sends (403 unless consent is in force).
    pub(crate) async fn certificate(&self, key: &str) -> std::result::Result<Held, ApiError> {
        self.ask(&Call::Certificate(Which {
            key: key.to_owned(),
        }))
        .await
    }

    /// Record the send the patient confirmed.
    pub(crate) async fn send(&self, order: Order) -> std::result::Result<SendView, ApiError> {
        self.ask(&Call::Send(order)).await
    }

    /// Hold a certificate from a care provider's system (409 unless consent is in force).
    pub(crate) async fn put_certificate(&self, put: Put) -> std::result::Result<Stored, ApiError> {
        self.ask(&Call::PutCertificate(Box::new(put))).await
    }

    /// Claim send `send_id`'s next delivery attempt, if it is still due.
    pub(crate) async fn claim_send(&self, send_id: &str) -> std::result::Result<Claimed, ApiError> {
        self.ask(&Call::ClaimSend(Claim {
            send_id: send_id.to_owned(),
        }))
        .await
    }

    /// Report how a delivery attempt ended.
    pub(crate) async fn send_done(&self, done: Done) -> std::result::Result<SendView, ApiError> {
        self.ask(&Call::SendDone(done)).await
    }

    /// The sweep after a material change: lapse consent given under the old notice.
    pub(crate) async fn lapse(&self) -> std::result::Result<Status, ApiError> {
        self.ask(&Call::Lapse).await
    }
}
