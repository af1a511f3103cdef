//! Where patients' consent objects may live: the Durable Object jurisdiction rule.
//!
//! Patient data stays in the EU: a deployment names its jurisdiction (`PATIENT_JURISDICTION`,
//! `eu` as shipped). Only local development, served on a loopback host, may run without
//! one, since the local runtime has no jurisdictions.

use thiserror::Error;

/// The jurisdictions Cloudflare places Durable Objects in.
const JURISDICTIONS: [&str; 2] = ["eu", "fedramp"];

/// Why patient objects cannot be created under this setting.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PlacementError {
    /// No jurisdiction set on a deployment that is not local development.
    #[error(
        "PATIENT_JURISDICTION is empty; set it to `eu` so patient data stays in the EU \
         (only local development on a loopback address may leave it empty)"
    )]
    Unset,
    /// A value Cloudflare does not know.
    #[error("PATIENT_JURISDICTION `{0}` is not a jurisdiction (use `eu`)")]
    Unknown(String),
}

/// The jurisdiction patient objects go to for `setting` on a request to `host`: `Some("eu")`,
/// or `None` (no jurisdiction) for local development only.
pub fn jurisdiction<'a>(setting: &'a str, host: &str) -> Result<Option<&'a str>, PlacementError> {
    match setting.trim() {
        "" if is_loopback(host) => Ok(None),
        "" => Err(PlacementError::Unset),
        known if JURISDICTIONS.contains(&known) => Ok(Some(known)),
        other => Err(PlacementError::Unknown(other.to_owned())),
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
            jurisdiction("", "intyg.region.se"),
            Err(PlacementError::Unset)
        );
        assert_eq!(
            jurisdiction(" ", "127.0.0.2.example"),
            Err(PlacementError::Unset)
        );
        for local in [
            "127.0.0.1",
            "localhost",
            "klinik.localhost",
            "[::1]",
            "127.9.9.9",
        ] {
            assert_eq!(jurisdiction("", local), Ok(None), "{local}");
        }
    }

    #[test]
    fn known_jurisdictions_apply_everywhere_and_unknown_ones_are_refused() {
        assert_eq!(jurisdiction("eu", "intyg.region.se"), Ok(Some("eu")));
        assert_eq!(jurisdiction("eu", "127.0.0.1"), Ok(Some("eu")));
        assert_eq!(
            jurisdiction("se", "intyg.region.se"),
            Err(PlacementError::Unknown("se".into()))
        );
    }
}
