//! Where personal data may be stored: the Durable Object jurisdiction rule.
//!
//! Every notice promises that data stays within the EU/EEA. Durable Objects are placed in a
//! jurisdiction by the namespace that creates them, so the Worker names one for every object
//! that holds personal data: the patients' consent objects (`PATIENT_JURISDICTION`) and the
//! visitors' receipt shards (a generation of `RECEIPT_SHARDS` ending in `:eu`). Only local
//! development, served on a loopback host, may run without one, since the local runtime has
//! no jurisdictions. D1 and the send queue are placed when they are created (see the README's
//! "Deploy"); nothing here can see that.

use thiserror::Error;

/// A jurisdiction Cloudflare places Durable Objects in and that keeps the notices' promise.
/// Only the EU does: `us` and `fedramp` exist, but are outside the EU/EEA.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Jurisdiction {
    /// The European Union (`eu`).
    Eu,
}

impl Jurisdiction {
    /// The name the runtime's `DurableObjectNamespace.jurisdiction()` takes.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Eu => "eu",
        }
    }

    /// Read a setting's jurisdiction name (`eu`).
    pub fn parse(name: &str) -> Result<Self, PlacementError> {
        match name.trim() {
            "eu" => Ok(Self::Eu),
            other => Err(PlacementError::Unknown(other.to_owned())),
        }
    }
}

/// Why personal data cannot be stored under this setting.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PlacementError {
    /// No jurisdiction for the patients' objects on a deployment that is not local
    /// development.
    #[error(
        "PATIENT_JURISDICTION is empty; set it to `eu` so patient data stays in the EU \
         (only local development on a loopback address may leave it empty)"
    )]
    Unset,
    /// A generation of receipt shards is not placed, on a deployment that is not local
    /// development.
    #[error(
        "RECEIPT_SHARDS generation {generation} is not placed in the EU; end it in `:eu` \
         (`<since unix ms>:<shards>:eu`) so visitors' receipts stay in the EU (only local \
         development on a loopback address may leave it unplaced)"
    )]
    ReceiptsUnplaced {
        /// Position of the generation, from 0.
        generation: usize,
    },
    /// A name that is not a jurisdiction inside the EU/EEA.
    #[error("`{0}` is not a jurisdiction inside the EU/EEA (use `eu`)")]
    Unknown(String),
}

/// Whether a request to `host` (without port) must store personal data in a jurisdiction:
/// everywhere but local development on this machine.
pub fn required(host: &str) -> bool {
    !is_loopback(host)
}

/// The jurisdiction patient objects go to for `setting` where placement is `required`
/// ([`required`] of the request's host): `Some(Eu)`, or `None` (no jurisdiction) for local
/// development only.
pub fn jurisdiction(setting: &str, required: bool) -> Result<Option<Jurisdiction>, PlacementError> {
    match setting.trim() {
        "" if required => Err(PlacementError::Unset),
        "" => Ok(None),
        name => Jurisdiction::parse(name).map(Some),
    }
}

/// Whether `host` (without port) names this machine.
fn is_loopback(host: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    host == "localhost"
        || host.ends_with(".localhost")
        || host == "[::1]"
        || host == "::1"
        || host
            .parse::<std::net::Ipv4Addr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deployment_without_a_jurisdiction_is_refused_outside_local_development() {
        assert_eq!(
            jurisdiction("", required("intyg.region.se")),
            Err(PlacementError::Unset)
        );
        assert_eq!(
            jurisdiction(" ", required("127.0.0.2.example")),
            Err(PlacementError::Unset)
        );
        for local in [
            "127.0.0.1",
            "localhost",
            "klinik.localhost",
            "[::1]",
            "127.9.9.9",
        ] {
            assert_eq!(jurisdiction("", required(local)), Ok(None), "{local}");
            assert!(!required(local), "{local}");
        }
        assert!(required("intyg.region.se"));
    }

    #[test]
    fn the_eu_applies_everywhere_and_jurisdictions_outside_it_are_refused() {
        assert_eq!(jurisdiction("eu", true), Ok(Some(Jurisdiction::Eu)));
        assert_eq!(jurisdiction("eu", false), Ok(Some(Jurisdiction::Eu)));
        for outside in ["se", "us", "fedramp", "EU "] {
            assert_eq!(
                jurisdiction(outside, true),
                Err(PlacementError::Unknown(outside.trim().into())),
                "{outside}"
            );
        }
    }
}
