//! Sends of a certificate to a recipient, inside the patient's object: created when the
//! patient confirms, claimed by the send queue for each delivery attempt, and finished with a
//! signed disclosure receipt in the history once the recipient has accepted it.
//!
//! The object owns each send's progress: every queued send has the time by which its next
//! attempt is due (`next_attempt_ms`). A queue message can be lost (a local queue does not
//! survive a restart); the object's alarm then queues the send again, so a lost message delays
//! a delivery and never drops it. The recipient sees the same `Idempotency-Key` (the send's
//! id) on every attempt, so a send queued twice is still received once.

use samtycke_care::CertificateRules;
use samtycke_care::certificate::{Certificate, CertificateType};
use samtycke_care::disclosure::{
    CertificateRef, Delivery, RecipientRef, Superseded, disclosure, sign,
};
use samtycke_care::patient::PatientConsentState;
use samtycke_wire::patient_api::{KIND_DISCLOSURE, SendView, SentCopy};
use serde::{Deserialize, Serialize};
use worker::Response;

use super::PatientConsent;
use crate::http::error::ApiError;
use crate::object_sql::first_row;
use crate::{bindings, patient::send_queue, runtime};

/// The patient's confirmed order to send a certificate.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Order {
    /// The patient (to queue the send again if its message is lost).
    pub(crate) subject: String,
    /// The new send's id.
    pub(crate) send_id: String,
    /// Which certificate.
    pub(crate) certificate_key: String,
    /// The content hash the patient was shown: a certificate changed since is not sent.
    pub(crate) content_hash: String,
    /// To whom.
    pub(crate) recipient: RecipientRef,
    /// The types the recipient accepts.
    pub(crate) accepts: Vec<CertificateType>,
}

/// The queue asking to deliver send `send_id`.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Claim {
    /// The send.
    pub(crate) send_id: String,
}

/// What the queue should do with a send.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Claimed {
    /// Deliver this (attempt `attempts`).
    Deliver {
        /// Attempt number, from 1.
        attempts: u32,
        /// Recipient id.
        recipient_id: String,
        /// When the patient confirmed.
        requested_at: String,
        /// The certificate as confirmed.
        certificate: Box<Certificate>,
        /// Its content hash.
        content_hash: String,
        /// The earlier delivery it replaces, which the recipient is told about.
        #[serde(default)]
        supersedes: Option<Superseded>,
    },
    /// Nothing to deliver: already delivered, failed, cancelled, or unknown.
    Nothing,
}

/// The queue reporting how a send ended.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Done {
    /// The patient.
    pub(crate) subject: String,
    /// The send.
    pub(crate) send_id: String,
    /// Whether the recipient accepted it (otherwise: given up after the last attempt).
    pub(crate) delivered: bool,
    /// The recipient's reference, if it gave one.
    pub(crate) reference: Option<String>,
}

#[derive(Deserialize)]
struct Row {
    id: String,
    certificate_key: String,
    recipient_id: String,
    recipient_name: String,
    requested_at: String,
    status: String,
    attempts: f64,
    delivered_at: Option<String>,
    reference: Option<String>,
    content_hash: String,
    certificate_version: f64,
    body: String,
    next_attempt_ms: Option<f64>,
    supersedes: Option<String>,
}

impl Row {
    fn view(&self) -> SendView {
        SendView {
            id: self.id.clone(),
            recipient_id: self.recipient_id.clone(),
            recipient_name: self.recipient_name.clone(),
            requested_at: self.requested_at.clone(),
            status: self.status.clone(),
            attempts: self.attempts as u32,
            delivered_at: self.delivered_at.clone(),
            reference: self.reference.clone(),
            next_attempt_at: self
                .next_attempt_ms
                .filter(|_| self.status == "queued")
                .map(|ms| {
                    samtycke_visitor::instant::to_rfc3339(
                        samtycke_visitor::instant::from_unix_millis(ms),
                    )
                }),
            certificate_version: self.certificate_version as u32,
            supersedes: self.supersedes.clone(),
        }
    }
}

const COLUMNS: &str = "id, certificate_key, recipient_id, recipient_name, requested_at, status, \
                       attempts, delivered_at, reference, content_hash, certificate_version, body, \
                       next_attempt_ms, supersedes";

/// Unix milliseconds `seconds` from now.
fn in_seconds(seconds: u32) -> f64 {
    (runtime::now_millis() + i64::from(seconds) * 1000) as f64
}

impl PatientConsent {
    fn send_rows(&self, filter: &str, value: &str) -> Result<Vec<Row>, ApiError> {
        Ok(self
            .sql
            .exec(
                &format!("SELECT {COLUMNS} FROM sends WHERE {filter} = ? ORDER BY requested_at"),
                vec![value.into()],
            )?
            .to_array()?)
    }

    /// The sends of certificate `key`, oldest first, and the delivered copies among them that
    /// carry an older version than `version` (the certificate was corrected since), read once.
    pub(super) fn sends_of(
        &self,
        key: &str,
        version: u32,
    ) -> Result<(Vec<SendView>, Vec<SentCopy>), ApiError> {
        let rows = self.send_rows("certificate_key", key)?;
        let views = rows.iter().map(Row::view).collect();
        let copies = rows
            .into_iter()
            .filter(|r| {
                r.status == "delivered"
                    && (r.certificate_version as u32) < version
                    && !r.body.is_empty()
            })
            .map(|r| {
                Ok(SentCopy {
                    certificate: serde_json::from_str(&r.body)
                        .map_err(|e| ApiError::Internal(format!("stored send: {e}")))?,
                    send_id: r.id,
                    recipient_id: r.recipient_id,
                    recipient_name: r.recipient_name,
                })
            })
            .collect::<Result<_, ApiError>>()?;
        Ok((views, copies))
    }

    /// The earlier delivery send `row` replaces, as the recipient and the receipt name it.
    fn superseded(&self, row: &Row) -> Result<Option<Superseded>, ApiError> {
        let Some(id) = row.supersedes.as_deref() else {
            return Ok(None);
        };
        Ok(self
            .send_rows("id", id)?
            .into_iter()
            .next()
            .map(|earlier| Superseded {
                send_id: earlier.id,
                version: earlier.certificate_version as u32,
                content_hash: earlier.content_hash,
                recipient_reference: earlier.reference,
            }))
    }

    /// `POST /sends`: record the patient's confirmed send (consent required). A send of a
    /// corrected version to a recipient that received an earlier one replaces that delivery.
    pub(super) async fn create_send(&self, order: Order) -> Result<Response, ApiError> {
        self.require_consent()?;
        let held = self
            .held_certificate(&order.certificate_key)?
            .ok_or_else(|| ApiError::NotFound("no such certificate".into()))?;
        if held.content_hash() != order.content_hash {
            return Err(ApiError::StateConflict {
                code: "certificate_changed",
                message: "the certificate has changed since it was shown; look at it again \
                          before sending"
                    .into(),
            });
        }
        if !order.accepts.contains(&held.kind) {
            return Err(ApiError::StateConflict {
                code: "not_accepted",
                message: format!(
                    "{} does not accept this kind of certificate",
                    order.recipient.name
                ),
            });
        }
        let earlier = self.send_rows("certificate_key", &order.certificate_key)?;
        if let Some(same) = earlier.iter().find(|s| {
            s.recipient_id == order.recipient.id
                && s.content_hash == order.content_hash
                && matches!(s.status.as_str(), "queued" | "delivered")
        }) {
            return Err(ApiError::StateConflict {
                code: "already_sent",
                message: format!(
                    "this certificate was already sent to {} ({})",
                    same.recipient_name, same.status
                ),
            });
        }
        // The latest delivery of an earlier version to the same recipient.
        let supersedes = earlier
            .iter()
            .rev()
            .find(|s| {
                s.recipient_id == order.recipient.id
                    && s.status == "delivered"
                    && (s.certificate_version as u32) < held.version
            })
            .map(|s| s.id.clone());
        let body = serde_json::to_string(&held).map_err(|e| ApiError::Internal(e.to_string()))?;
        let now = samtycke_visitor::instant::to_rfc3339(runtime::now());
        let (base, _) = bindings::send_retry(&self.env);
        self.sql.exec(
            "INSERT INTO sends (id, certificate_key, recipient_id, recipient_name, requested_at, \
             status, attempts, content_hash, certificate_version, body, subject, next_attempt_ms, \
             supersedes) VALUES (?, ?, ?, ?, ?, 'queued', 0, ?, ?, ?, ?, ?, ?)",
            vec![
                order.send_id.clone().into(),
                order.certificate_key.into(),
                order.recipient.id.into(),
                order.recipient.name.into(),
                now.into(),
                order.content_hash.into(),
                f64::from(held.version).into(),
                body.into(),
                order.subject.into(),
                in_seconds(send_queue::overdue_after(base)).into(),
                supersedes.into(),
            ],
        )?;
        let row = self
            .send_rows("id", &order.send_id)?
            .into_iter()
            .next()
            .ok_or_else(|| ApiError::Internal("send not stored".into()))?;
        // The alarm wakes the object if the first attempt does not happen in time.
        self.reschedule().await;
        Ok(Response::from_json(&row.view())?.with_status(201))
    }

    /// `POST /system/sends/claim`: the next delivery attempt, if the send is still due and
    /// consent is still in force (a withdrawal cancels it; so does consent that has lapsed).
    /// The attempt after this one is due once its backoff and the grace have passed.
    pub(super) fn claim_send(&self, claim: Claim) -> Result<Response, ApiError> {
        let row = self.send_rows("id", &claim.send_id)?.into_iter().next();
        let claimed = match row {
            Some(row) if row.status == "queued" && !self.processing_allowed()? => {
                self.sql.exec(
                    "UPDATE sends SET status = 'cancelled', next_attempt_ms = NULL WHERE id = ?",
                    vec![row.id.into()],
                )?;
                Claimed::Nothing
            }
            Some(row) if row.status == "queued" => {
                let attempts = row.attempts as u32 + 1;
                let (base, _) = bindings::send_retry(&self.env);
                let due = send_queue::backoff(base, attempts) + send_queue::overdue_after(base);
                self.sql.exec(
                    "UPDATE sends SET attempts = ?, next_attempt_ms = ? WHERE id = ?",
                    vec![
                        f64::from(attempts).into(),
                        in_seconds(due).into(),
                        row.id.clone().into(),
                    ],
                )?;
                Claimed::Deliver {
                    supersedes: self.superseded(&row)?,
                    attempts,
                    recipient_id: row.recipient_id,
                    requested_at: row.requested_at,
                    certificate: Box::new(
                        serde_json::from_str(&row.body)
                            .map_err(|e| ApiError::Internal(format!("stored send: {e}")))?,
                    ),
                    content_hash: row.content_hash,
                }
            }
            _ => Claimed::Nothing,
        };
        Ok(Response::from_json(&claimed)?)
    }

    /// `POST /system/sends/done`: a delivery accepted (a signed disclosure receipt is added to
    /// the history, once) or given up.
    pub(super) fn finish_send(&self, done: Done) -> Result<Response, ApiError> {
        let Some(row) = self.send_rows("id", &done.send_id)?.into_iter().next() else {
            return Err(ApiError::NotFound("no such send".into()));
        };
        if row.status == "delivered" {
            return Ok(Response::from_json(&row.view())?);
        }
        if !done.delivered {
            self.sql.exec(
                "UPDATE sends SET status = 'failed', next_attempt_ms = NULL WHERE id = ?",
                vec![row.id.clone().into()],
            )?;
        } else {
            let now = runtime::now();
            let (provider, id) = row.certificate_key.split_once('~').unwrap_or_default();
            let receipt = disclosure(
                &done.subject,
                runtime::random_uuid(),
                now,
                Delivery {
                    send_id: &row.id,
                    certificate: CertificateRef {
                        provider: provider.to_owned(),
                        id: id.to_owned(),
                        version: row.certificate_version as u32,
                        content_hash: row.content_hash.clone(),
                    },
                    recipient: RecipientRef {
                        id: row.recipient_id.clone(),
                        name: row.recipient_name.clone(),
                    },
                    requested_at: time::OffsetDateTime::parse(
                        &row.requested_at,
                        &time::format_description::well_known::Rfc3339,
                    )
                    .unwrap_or(now),
                    reference: done.reference.clone(),
                    supersedes: self.superseded(&row)?,
                },
            );
            let signed = sign(&receipt, bindings::signing_key(&self.env)?)
                .map_err(|e| ApiError::Internal(e.to_string()))?;
            let state = self.status()?.state;
            let state = if state == PatientConsentState::None {
                PatientConsentState::Given
            } else {
                state
            };
            self.append(KIND_DISCLOSURE, state, &receipt.issued_at, &signed)?;
            self.sql.exec(
                "UPDATE sends SET status = 'delivered', delivered_at = ?, reference = ?, \
                 next_attempt_ms = NULL WHERE id = ?",
                vec![
                    receipt.delivered_at.clone().into(),
                    done.reference.into(),
                    row.id.clone().into(),
                ],
            )?;
        }
        let row = self
            .send_rows("id", &done.send_id)?
            .into_iter()
            .next()
            .ok_or_else(|| ApiError::Internal("send vanished".into()))?;
        Ok(Response::from_json(&row.view())?)
    }

    /// Withdrawal: sends not yet delivered are cancelled, and every send's copy of the
    /// certificate is emptied (what was delivered stays recorded in the history).
    pub(super) fn cancel_pending_sends(&self) -> Result<(), ApiError> {
        self.sql.exec(
            "UPDATE sends SET status = 'cancelled', next_attempt_ms = NULL WHERE status = 'queued'",
            None,
        )?;
        self.sql.exec("UPDATE sends SET body = ''", None)?;
        Ok(())
    }

    /// When the earliest queued send's next attempt is due (Unix milliseconds), if any is
    /// queued.
    pub(super) fn next_send_due(&self) -> Result<Option<f64>, ApiError> {
        #[derive(Deserialize)]
        struct Due {
            due: Option<f64>,
        }
        let due: Option<Due> = first_row(
            &self.sql,
            "SELECT min(next_attempt_ms) AS due FROM sends WHERE status = 'queued'",
            None,
        )?;
        Ok(due.and_then(|r| r.due))
    }

    /// The alarm: queue again every send whose attempt is overdue (its message was lost), and
    /// give it a new deadline. A queue that cannot be reached is tried again at that deadline.
    pub(super) async fn requeue_overdue_sends(&self) -> Result<usize, ApiError> {
        #[derive(Deserialize)]
        struct Overdue {
            id: String,
            subject: String,
        }
        let now = runtime::now_millis() as f64;
        let overdue: Vec<Overdue> = self
            .sql
            .exec(
                "SELECT id, subject FROM sends WHERE status = 'queued' AND next_attempt_ms <= ?",
                vec![now.into()],
            )?
            .to_array()?;
        let (base, _) = bindings::send_retry(&self.env);
        for send in &overdue {
            self.sql.exec(
                "UPDATE sends SET next_attempt_ms = ? WHERE id = ?",
                vec![
                    in_seconds(send_queue::overdue_after(base)).into(),
                    send.id.clone().into(),
                ],
            )?;
            match send_queue::enqueue(&self.env, &send.subject, &send.id).await {
                Ok(()) => worker::console_log!("send {}: overdue, queued again", send.id),
                Err(e) => worker::console_error!("send {}: queueing again failed: {e}", send.id),
            }
        }
        Ok(overdue.len())
    }
}
