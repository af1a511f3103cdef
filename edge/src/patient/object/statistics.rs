//! The patient's contribution to the sick-leave statistics: one coarse row per certificate
//! held, written to D1 (`certificate_statistics`) when a certificate is stored, and removed
//! when they are erased. With them goes the patient's row in `patient_holdings` (held
//! anything, under which notice revision), which the lapse sweep reads. A write that fails
//! leaves the rows owed; the next change or the object's alarm then rewrites all of the
//! patient's rows.

use samtycke_care::certificate::Certificate;
use samtycke_care::statistics::contribution;
use worker::{D1Database, D1PreparedStatement};

use super::PatientConsent;
use crate::bindings;
use crate::http::error::ApiError;
use crate::object_sql::first_row;

/// How soon a failed statistics write is retried.
pub(super) const RETRY_MS: i64 = 30_000;

impl PatientConsent {
    /// Whether a statistics write is still owed.
    pub(super) fn statistics_dirty(&self) -> Result<bool, ApiError> {
        #[derive(serde::Deserialize)]
        struct Flag {
            dirty: f64,
        }
        let flag: Option<Flag> = first_row(
            &self.sql,
            "SELECT dirty FROM statistics_sync WHERE id = 1",
            None,
        )?;
        Ok(flag.is_some_and(|f| f.dirty > 0.0))
    }

    fn mark_statistics(&self, subject: &str, dirty: bool) -> Result<(), ApiError> {
        self.sql.exec(
            "INSERT INTO statistics_sync (id, subject, dirty) VALUES (1, ?, ?) \
             ON CONFLICT (id) DO UPDATE SET subject = excluded.subject, dirty = excluded.dirty",
            vec![subject.into(), f64::from(u8::from(dirty)).into()],
        )?;
        Ok(())
    }

    /// Replace the patient's rows in D1 with what the certificates held now contribute
    /// (none after an erasure). On failure the flag stays set and the alarm retries.
    pub(super) async fn sync_statistics(&self, subject: &str) {
        let outcome = async {
            self.mark_statistics(subject, true)?;
            self.write_statistics(subject).await?;
            self.mark_statistics(subject, false)
        };
        if let Err(e) = outcome.await {
            worker::console_error!("patient statistics write (will retry): {e}");
        }
    }

    /// After certificate `key` was stored: write its row alone, or all of the patient's rows
    /// when an earlier write is still owed.
    pub(super) async fn count_certificate(
        &self,
        subject: &str,
        key: &str,
        certificate: &Certificate,
    ) {
        let outcome = async {
            let owed = self.statistics_dirty()?;
            self.mark_statistics(subject, true)?;
            if owed {
                self.write_statistics(subject).await?;
            } else {
                let db = bindings::db(&self.env)?;
                let statement = match contribution(certificate) {
                    Some(row) => insert_row(&db, subject, key, row)?,
                    None => db
                        .prepare(
                            "DELETE FROM certificate_statistics \
                             WHERE subject = ?1 AND certificate_key = ?2",
                        )
                        .bind(&[subject.into(), key.into()])?,
                };
                db.batch(vec![statement, self.holdings_row(&db, subject, true)?])
                    .await?;
            }
            self.mark_statistics(subject, false)
        };
        if let Err(e) = outcome.await {
            worker::console_error!("patient statistics write (will retry): {e}");
        }
    }

    /// The alarm's retry of a failed write.
    pub(super) async fn sync_statistics_if_due(&self) -> Result<(), ApiError> {
        #[derive(serde::Deserialize)]
        struct Owed {
            subject: String,
        }
        let owed: Option<Owed> = first_row(
            &self.sql,
            "SELECT subject FROM statistics_sync WHERE id = 1 AND dirty > 0",
            None,
        )?;
        if let Some(owed) = owed {
            self.write_statistics(&owed.subject).await?;
            self.mark_statistics(&owed.subject, false)?;
        }
        Ok(())
    }

    async fn write_statistics(&self, subject: &str) -> Result<(), ApiError> {
        let db = bindings::db(&self.env)?;
        let mut batch: Vec<D1PreparedStatement> = vec![
            db.prepare("DELETE FROM certificate_statistics WHERE subject = ?1")
                .bind(&[subject.into()])?,
        ];
        let held = self.held_certificates()?;
        batch.push(self.holdings_row(&db, subject, !held.is_empty())?);
        for (key, certificate) in held {
            if let Some(row) = contribution(&certificate) {
                batch.push(insert_row(&db, subject, &key, row)?);
            }
        }
        db.batch(batch).await?;
        Ok(())
    }

    /// The statement that records (`holds`) or forgets the patient in `patient_holdings`,
    /// with the revision the current consent was given under.
    fn holdings_row(
        &self,
        db: &D1Database,
        subject: &str,
        holds: bool,
    ) -> Result<D1PreparedStatement, ApiError> {
        Ok(if holds {
            let revision = self.status()?.policy_revision.unwrap_or(0);
            db.prepare(
                "INSERT INTO patient_holdings (subject, revision) VALUES (?1, ?2) \
                 ON CONFLICT (subject) DO UPDATE SET revision = excluded.revision",
            )
            .bind(&[subject.into(), f64::from(revision).into()])?
        } else {
            db.prepare("DELETE FROM patient_holdings WHERE subject = ?1")
                .bind(&[subject.into()])?
        })
    }
}

/// The statement that writes (or rewrites) one certificate's row.
fn insert_row(
    db: &D1Database,
    subject: &str,
    key: &str,
    row: samtycke_care::statistics::Contribution,
) -> Result<D1PreparedStatement, ApiError> {
    Ok(db
        .prepare(
            "INSERT OR REPLACE INTO certificate_statistics \
             (subject, certificate_key, month, chapter, degree, duration) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )
        .bind(&[
            subject.into(),
            key.into(),
            row.month.into(),
            row.chapter.into(),
            f64::from(row.degree).into(),
            row.duration.into(),
        ])?)
}
