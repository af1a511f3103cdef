//! The patient's certificates inside the patient's object: held only while consent is in
//! force (intake for a patient without it is refused, so the provider keeps the certificate),
//! replaced by a higher version, and erased with a signed entry when consent is withdrawn.

use samtycke_care::CertificateRules;
use samtycke_care::certificate::{Certificate, certificate_key};
use samtycke_care::disclosure::{CertificateRef, ErasureReason, erasure, sign};
use samtycke_care::patient::PatientConsentState;
use samtycke_wire::patient_api::{Held, KIND_ERASURE};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use worker::Response;

use super::PatientConsent;
use crate::http::error::ApiError;
use crate::object_sql::first_row;
use crate::{bindings, runtime};

/// A certificate from a provider's system, for patient `subject`.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Put {
    /// The patient.
    pub(crate) subject: String,
    /// The provider whose key signed the request.
    pub(crate) provider: String,
    /// The validated certificate.
    pub(crate) certificate: Certificate,
}

/// What became of a certificate sent in.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Stored {
    /// `stored` (new), `replaced` (a higher version) or `unchanged` (the same sent again).
    pub(crate) status: String,
    /// Its key in Samtycke.
    pub(crate) key: String,
    /// The version now held.
    pub(crate) version: u32,
}

/// Which certificate to show.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Which {
    /// Its key.
    pub(crate) key: String,
}

#[derive(Deserialize)]
struct Row {
    key: String,
    provider: String,
    version: f64,
    content_hash: String,
    body: String,
    received_at: String,
}

impl Row {
    fn certificate(&self) -> Result<Certificate, ApiError> {
        serde_json::from_str(&self.body)
            .map_err(|e| ApiError::Internal(format!("stored certificate: {e}")))
    }
}

const COLUMNS: &str = "key, provider, version, content_hash, body, received_at";

impl PatientConsent {
    fn certificate_rows(&self, key: Option<&str>) -> Result<Vec<Row>, ApiError> {
        Ok(match key {
            Some(key) => self
                .sql
                .exec(
                    &format!("SELECT {COLUMNS} FROM certificates WHERE key = ?"),
                    vec![key.into()],
                )?
                .to_array()?,
            None => self
                .sql
                .exec(
                    &format!("SELECT {COLUMNS} FROM certificates ORDER BY issued_at DESC, key"),
                    None,
                )?
                .to_array()?,
        })
    }

    /// Every certificate held, as validated certificates (for statistics).
    pub(super) fn held_certificates(&self) -> Result<Vec<(String, Certificate)>, ApiError> {
        self.certificate_rows(None)?
            .into_iter()
            .map(|row| Ok((row.key.clone(), row.certificate()?)))
            .collect()
    }

    /// Certificate `key`, if held.
    pub(super) fn held_certificate(&self, key: &str) -> Result<Option<Certificate>, ApiError> {
        self.certificate_rows(Some(key))?
            .first()
            .map(Row::certificate)
            .transpose()
    }

    fn held(&self, row: Row) -> Result<Held, ApiError> {
        let certificate = row.certificate()?;
        let (sends, sent_copies) = self.sends_of(&row.key, certificate.version)?;
        Ok(Held {
            sent_copies,
            certificate,
            sends,
            key: row.key,
            provider: row.provider,
            received_at: row.received_at,
            content_hash: row.content_hash,
        })
    }

    /// `POST /system/certificates`: hold a certificate from a provider, if consent is in force.
    pub(super) async fn put_certificate(&self, put: Put) -> Result<Response, ApiError> {
        // Whether it is taken or not, this provider holds a certificate for the patient.
        self.note_source(&put.provider)?;
        if !self.processing_allowed()? {
            // Its id is deleted in time: the alarm must be set.
            self.reschedule().await;
            return Err(ApiError::StateConflict {
                code: "patient_consent_missing",
                message: "the patient has not consented to having certificates shown here; \
                          keep the certificate: Samtycke asks for it again when the patient \
                          consents"
                    .into(),
            });
        }
        let certificate = put.certificate;
        let key = certificate_key(&put.provider, &certificate.id);
        let hash = certificate.content_hash();
        let existing = self.certificate_rows(Some(&key))?.into_iter().next();
        let status = match &existing {
            Some(old) if old.version as u32 > certificate.version => {
                return Err(ApiError::StateConflict {
                    code: "stale_version",
                    message: format!(
                        "version {} is held; a certificate is replaced only by a higher version",
                        old.version
                    ),
                });
            }
            Some(old) if old.version as u32 == certificate.version => {
                if old.content_hash != hash {
                    return Err(ApiError::StateConflict {
                        code: "version_conflict",
                        message: "this version is held with other content; send a correction \
                                  with a higher version"
                            .into(),
                    });
                }
                "unchanged"
            }
            Some(_) => "replaced",
            None => "stored",
        };
        if status != "unchanged" {
            let body = serde_json::to_string(&certificate)
                .map_err(|e| ApiError::Internal(e.to_string()))?;
            self.sql.exec(
                "INSERT OR REPLACE INTO certificates \
                 (key, provider, version, issued_at, content_hash, body, received_at) \
                 VALUES (?, ?, ?, ?, ?, ?, ?)",
                vec![
                    key.clone().into(),
                    put.provider.into(),
                    f64::from(certificate.version).into(),
                    certificate.issued_at.clone().into(),
                    hash.into(),
                    body.into(),
                    samtycke_visitor::instant::to_rfc3339(runtime::now()).into(),
                ],
            )?;
            self.count_certificate(&put.subject, &key, &certificate)
                .await;
            // The history did not change: the alarm moves only when a write is owed.
            if self.statistics_dirty().unwrap_or(true) {
                self.reschedule().await;
            }
        }
        let stored = Stored {
            status: status.to_owned(),
            key,
            version: certificate.version,
        };
        let code = if status == "stored" { 201 } else { 200 };
        Ok(Response::from_json(&stored)?.with_status(code))
    }

    /// `GET /certificates`: every certificate held, newest first (consent required).
    pub(super) fn list_certificates(&self) -> Result<Response, ApiError> {
        self.require_consent()?;
        let list = self
            .certificate_rows(None)?
            .into_iter()
            .map(|row| self.held(row))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Response::from_json(
            &serde_json::json!({ "certificates": list }),
        )?)
    }

    /// `POST /certificate`: one certificate (consent required; 404 for any other key).
    pub(super) fn show_certificate(&self, which: Which) -> Result<Response, ApiError> {
        self.require_consent()?;
        let row = self
            .certificate_rows(Some(&which.key))?
            .into_iter()
            .next()
            .ok_or_else(|| ApiError::NotFound("no such certificate".into()))?;
        Ok(Response::from_json(&self.held(row)?)?)
    }

    /// Whether any certificate is held.
    pub(super) fn holds_certificates(&self) -> Result<bool, ApiError> {
        #[derive(Deserialize)]
        struct Count {
            n: f64,
        }
        let count: Option<Count> =
            first_row(&self.sql, "SELECT count(*) AS n FROM certificates", None)?;
        Ok(count.is_some_and(|c| c.n > 0.0))
    }

    /// Erase every certificate and every unsent copy in a send, for `reason`, after the entry
    /// with receipt `ended_by` (the withdrawal, or the consent that lapsed), and record it as
    /// a signed erasure entry; the consent state recorded with it is `state`.
    pub(super) fn erase_all(
        &self,
        subject: &str,
        reason: ErasureReason,
        ended_by: &str,
        state: PatientConsentState,
        now: OffsetDateTime,
    ) -> Result<(), ApiError> {
        let erased = self
            .certificate_rows(None)?
            .into_iter()
            .map(|row| Ok(CertificateRef::to(&row.provider, &row.certificate()?)))
            .collect::<Result<Vec<_>, ApiError>>()?;
        self.sql.exec("DELETE FROM certificates", None)?;
        self.cancel_pending_sends()?;
        let entry = erasure(
            subject,
            runtime::random_uuid(),
            now,
            reason,
            ended_by,
            erased,
        );
        let signed = sign(&entry, bindings::signing_key(&self.env)?)
            .map_err(|e| ApiError::Internal(e.to_string()))?;
        self.append(KIND_ERASURE, state, &entry.issued_at, &signed)
    }
}
