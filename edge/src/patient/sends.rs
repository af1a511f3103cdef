//! Sends of a certificate to a recipient, inside the patient's object: created when the
//! patient confirms, claimed by the send queue for each delivery attempt, and finished with a
//! signed disclosure receipt in the history once the recipient has accepted it.

use consent::certificate::{Certificate, CertificateType};
use consent::disclosure::{CertificateRef, Delivery, RecipientRef, disclosure, sign};
use consent::patient::PatientConsentState;
use serde::{Deserialize, Serialize};
use worker::Response;

use super::{KIND_DISCLOSURE, PatientConsent};
use crate::error::ApiError;
use crate::{bindings, runtime};

/// The sends table. A send's copy of the certificate (`body`) is what the patient confirmed;
/// it is emptied when consent is withdrawn before delivery.
pub(super) const SCHEMA: &str = "CREATE TABLE IF NOT EXISTS sends (
    id TEXT PRIMARY KEY,
    certificate_key TEXT NOT NULL,
    recipient_id TEXT NOT NULL,
    recipient_name TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    delivered_at TEXT,
    reference TEXT,
    content_hash TEXT NOT NULL,
    certificate_version INTEGER NOT NULL,
    body TEXT NOT NULL
)";

/// A send as the patient sees it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct SendView {
    /// The send's id.
    pub(crate) id: String,
    /// Recipient id.
    pub(crate) recipient_id: String,
    /// Recipient name.
    pub(crate) recipient_name: String,
    /// When the patient confirmed it (UTC, RFC 3339).
    pub(crate) requested_at: String,
    /// `queued`, `delivered`, `failed` or `cancelled`.
    pub(crate) status: String,
    /// Delivery attempts so far.
    pub(crate) attempts: u32,
    /// When the recipient accepted it.
    pub(crate) delivered_at: Option<String>,
    /// The recipient's reference.
    pub(crate) reference: Option<String>,
}

/// The patient's confirmed order to send a certificate.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Order {
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
        }
    }
}

const COLUMNS: &str = "id, certificate_key, recipient_id, recipient_name, requested_at, status, \
                       attempts, delivered_at, reference, content_hash, certificate_version, body";

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

    /// The sends of certificate `key`, oldest first.
    pub(super) fn sends_of(&self, key: &str) -> Result<Vec<SendView>, ApiError> {
        Ok(self
            .send_rows("certificate_key", key)?
            .iter()
            .map(Row::view)
            .collect())
    }

    /// `POST /sends`: record the patient's confirmed send (consent required).
    pub(super) fn create_send(&self, order: Order) -> Result<Response, ApiError> {
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
        let body = serde_json::to_string(&held).map_err(|e| ApiError::Internal(e.to_string()))?;
        let now = consent::instant::to_rfc3339(runtime::now());
        self.sql.exec(
            "INSERT INTO sends (id, certificate_key, recipient_id, recipient_name, requested_at, \
             status, attempts, content_hash, certificate_version, body) \
             VALUES (?, ?, ?, ?, ?, 'queued', 0, ?, ?, ?)",
            vec![
                order.send_id.clone().into(),
                order.certificate_key.into(),
                order.recipient.id.into(),
                order.recipient.name.into(),
                now.into(),
                order.content_hash.into(),
                f64::from(held.version).into(),
                body.into(),
            ],
        )?;
        let row = self
            .send_rows("id", &order.send_id)?
            .into_iter()
            .next()
            .ok_or_else(|| ApiError::Internal("send not stored".into()))?;
        Ok(Response::from_json(&row.view())?.with_status(201))
    }

    /// `POST /system/sends/claim`: the next delivery attempt, if the send is still due and
    /// consent is still in force (a withdrawal cancels it).
    pub(super) fn claim_send(&self, claim: Claim) -> Result<Response, ApiError> {
        let row = self.send_rows("id", &claim.send_id)?.into_iter().next();
        let claimed = match row {
            Some(row) if row.status == "queued" && self.processing_allowed()? => {
                let attempts = row.attempts as u32 + 1;
                self.sql.exec(
                    "UPDATE sends SET attempts = ? WHERE id = ?",
                    vec![f64::from(attempts).into(), row.id.clone().into()],
                )?;
                Claimed::Deliver {
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
                "UPDATE sends SET status = 'failed' WHERE id = ?",
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
                "UPDATE sends SET status = 'delivered', delivered_at = ?, reference = ? WHERE id = ?",
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
            "UPDATE sends SET status = 'cancelled' WHERE status = 'queued'",
            None,
        )?;
        self.sql.exec("UPDATE sends SET body = ''", None)?;
        Ok(())
    }
}
