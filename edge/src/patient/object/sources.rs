//! Which care providers have sent the patient a certificate: their ids and when each last did,
//! nothing else. Kept through withdrawal and erasure (the notice's `certificate_sources`), so
//! that renewed consent asks those providers, and no one else, to send the certificates again.
//! A provider that tried to send one before the patient consented counts too: it holds a
//! certificate for the patient. Each id is deleted the history's retention after the last
//! certificate from that provider.

use serde::Deserialize;
use time::OffsetDateTime;

use super::PatientConsent;
use crate::http::error::ApiError;
use crate::runtime;

#[derive(Deserialize)]
struct Source {
    provider: String,
    last_at: String,
}

fn parse(at: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(at, &time::format_description::well_known::Rfc3339).ok()
}

impl PatientConsent {
    /// Remember that `provider` sent (or tried to send) the patient a certificate now.
    pub(super) fn note_source(&self, provider: &str) -> Result<(), ApiError> {
        self.sql.exec(
            "INSERT INTO certificate_sources (provider, last_at) VALUES (?, ?) \
             ON CONFLICT (provider) DO UPDATE SET last_at = excluded.last_at",
            vec![
                provider.into(),
                samtycke_visitor::instant::to_rfc3339(runtime::now()).into(),
            ],
        )?;
        Ok(())
    }

    fn sources(&self) -> Result<Vec<Source>, ApiError> {
        Ok(self
            .sql
            .exec(
                "SELECT provider, last_at FROM certificate_sources ORDER BY provider",
                None,
            )?
            .to_array()?)
    }

    /// The ids of the providers that have sent the patient a certificate.
    pub(super) fn source_ids(&self) -> Result<Vec<String>, ApiError> {
        Ok(self.sources()?.into_iter().map(|s| s.provider).collect())
    }

    /// Delete the ids whose last certificate is more than `days` old; how many went.
    pub(super) fn expire_sources(&self, days: u32) -> Result<usize, ApiError> {
        let cutoff = samtycke_receipts::receipt::retention_cutoff(runtime::now(), days);
        let mut deleted = 0;
        for source in self.sources()? {
            if parse(&source.last_at).is_some_and(|at| at < cutoff) {
                self.sql.exec(
                    "DELETE FROM certificate_sources WHERE provider = ?",
                    vec![source.provider.into()],
                )?;
                deleted += 1;
            }
        }
        Ok(deleted)
    }

    /// When the next id falls due for deletion, if any will.
    pub(super) fn next_source_expiry(&self, days: u32) -> Result<Option<OffsetDateTime>, ApiError> {
        Ok(self
            .sources()?
            .iter()
            .filter_map(|s| parse(&s.last_at))
            .map(|at| at + time::Duration::days(i64::from(days)))
            .min())
    }
}
