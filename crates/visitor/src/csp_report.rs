//! Violation reports of the consent policy, as browsers send them (`application/csp-report`,
//! or the Reporting API's `application/reports+json`), reduced to what a maintainer needs and
//! nothing about the visitor: the refused third party's origin and what it was refused as,
//! kept only when no service of the site's configuration claims it (drift to classify).

use serde::Deserialize;

use crate::config::SiteConfig;
use crate::gate::Gate;

/// Most refusals one report body may add (a browser sends one per report).
pub const MAX_PER_BODY: usize = 8;

/// Days a day's drift counts are kept: a third party not refused for this long has gone from
/// the site (or been classified), and the retention job forgets it.
pub const KEPT_DAYS: i64 = 90;

/// The first day (`YYYY-MM-DD`) whose drift counts are kept at `now`.
pub fn kept_from(now: time::OffsetDateTime) -> String {
    (now.date() - time::Duration::days(KEPT_DAYS - 1)).to_string()
}

/// One third party a browser refused that the configuration does not know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drift {
    /// `scheme://host[:port]`, lower case: never a path, query or user name.
    pub origin: String,
    /// The directive that refused it (`script-src-elem`, `img-src`, …).
    pub directive: String,
}

/// Why a report body was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CspReportError {
    /// Not a CSP violation report of either format.
    #[error("not a CSP violation report: {0}")]
    Malformed(String),
}

#[derive(Deserialize)]
struct Legacy {
    #[serde(rename = "csp-report")]
    report: LegacyBody,
}

#[derive(Deserialize)]
struct LegacyBody {
    #[serde(rename = "blocked-uri", default)]
    blocked_uri: String,
    #[serde(rename = "effective-directive", default)]
    effective_directive: String,
    #[serde(rename = "violated-directive", default)]
    violated_directive: String,
}

#[derive(Deserialize)]
struct Reporting {
    #[serde(rename = "type", default)]
    kind: String,
    #[serde(default)]
    body: Option<ReportingBody>,
}

#[derive(Deserialize)]
struct ReportingBody {
    #[serde(rename = "blockedURL", default)]
    blocked_url: String,
    #[serde(rename = "effectiveDirective", default)]
    effective_directive: String,
}

/// The drift a report body tells of on `config`'s site (served on `page_host`).
pub fn drift(
    body: &str,
    config: &SiteConfig,
    page_host: &str,
) -> Result<Vec<Drift>, CspReportError> {
    let seen: Vec<(String, String)> = if body.trim_start().starts_with('[') {
        let reports: Vec<Reporting> =
            serde_json::from_str(body).map_err(|e| CspReportError::Malformed(e.to_string()))?;
        reports
            .into_iter()
            .filter(|r| r.kind == "csp-violation")
            .filter_map(|r| r.body)
            .map(|b| (b.blocked_url, b.effective_directive))
            .collect()
    } else {
        let legacy: Legacy =
            serde_json::from_str(body).map_err(|e| CspReportError::Malformed(e.to_string()))?;
        let directive = if legacy.report.effective_directive.is_empty() {
            legacy
                .report
                .violated_directive
                .split_ascii_whitespace()
                .next()
                .unwrap_or("")
                .to_owned()
        } else {
            legacy.report.effective_directive
        };
        vec![(legacy.report.blocked_uri, directive)]
    };
    let gate = Gate::new(config, None);
    let mut found: Vec<Drift> = Vec::new();
    for (blocked, directive) in seen.into_iter().take(MAX_PER_BODY) {
        let Some((origin, host)) = origin_of(&blocked) else {
            continue;
        };
        let directive: String = directive
            .chars()
            .filter(|c| c.is_ascii_lowercase() || *c == '-')
            .take(32)
            .collect();
        if host == page_host.split(':').next().unwrap_or(page_host)
            || gate.url_service(&origin, page_host).is_some()
            || directive.is_empty()
        {
            continue;
        }
        let drift = Drift { origin, directive };
        if !found.contains(&drift) {
            found.push(drift);
        }
    }
    Ok(found)
}

/// `(scheme://host[:port], host)` of an absolute http(s) or ws(s) URL; `None` for `inline`,
/// `eval`, `data`, and anything else without a host.
fn origin_of(url: &str) -> Option<(String, String)> {
    let (scheme, rest) = url.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if !matches!(scheme.as_str(), "http" | "https" | "ws" | "wss") {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next()?;
    let host_port = authority.rsplit('@').next()?.to_ascii_lowercase();
    let host = crate::gate::strip_port(&host_port).to_owned();
    let valid = !host.is_empty()
        && host_port
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'))
        && host_port.len() <= 255;
    valid.then(|| (format!("{scheme}://{host_port}"), host))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> SiteConfig {
        SiteConfig::parse(
            "klinik.json",
            include_str!("../../../config/sites/klinik.json"),
        )
        .expect("valid")
    }

    #[test]
    fn drift_is_kept_for_ninety_days_counting_today() {
        let now = time::macros::datetime!(2026-12-03 23:59 UTC);
        assert_eq!(kept_from(now), "2026-09-05");
    }

    #[test]
    fn an_unknown_third_party_is_drift_and_keeps_only_its_origin() {
        let body = r#"{"csp-report":{"document-uri":"http://127.0.0.1:8790/kontakt?pnr=191212121212",
            "blocked-uri":"http://visitor:secret@chat.localhost:8797/widget.js?uid=123",
            "effective-directive":"script-src-elem","violated-directive":"script-src-elem"}}"#;
        assert_eq!(
            drift(body, &config(), "127.0.0.1:8790"),
            Ok(vec![Drift {
                origin: "http://chat.localhost:8797".into(),
                directive: "script-src-elem".into()
            }])
        );
    }

    #[test]
    fn known_services_the_site_itself_and_inline_code_are_not_drift() {
        for blocked in [
            "http://analytics.localhost:8793/a.js",
            "http://pixel.localhost:8795/p.gif",
            "http://127.0.0.1:8790/x.js",
            "inline",
            "eval",
            "data",
        ] {
            let body = format!(
                r#"{{"csp-report":{{"blocked-uri":"{blocked}","violated-directive":"img-src 'self'"}}}}"#
            );
            assert_eq!(
                drift(&body, &config(), "127.0.0.1:8790"),
                Ok(vec![]),
                "{blocked}"
            );
        }
    }

    #[test]
    fn the_reporting_api_format_is_read_too() {
        let body = r#"[{"type":"csp-violation","age":1,"url":"http://127.0.0.1:8790/",
            "body":{"blockedURL":"https://new-vendor.example/t.gif","effectiveDirective":"img-src"}},
            {"type":"deprecation","body":{}}]"#;
        assert_eq!(
            drift(body, &config(), "127.0.0.1:8790"),
            Ok(vec![Drift {
                origin: "https://new-vendor.example".into(),
                directive: "img-src".into()
            }])
        );
    }

    #[test]
    fn anything_else_is_refused_or_ignored() {
        assert!(matches!(
            drift("not json", &config(), "x"),
            Err(CspReportError::Malformed(_))
        ));
        let odd = r#"{"csp-report":{"blocked-uri":"http://a b.example/<script>","effective-directive":"img-src"}}"#;
        assert_eq!(drift(odd, &config(), "x"), Ok(vec![]));
    }
}
