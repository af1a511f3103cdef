//! The consent policy: a Content-Security-Policy computed from the visitor's decision, sent
//! with every page edge mode serves, so the browser itself refuses what the visitor has not
//! granted, however the page's markup is written.
//!
//! It is a second policy beside the origin's own (browsers apply every policy a response
//! carries, and a fetch must pass all of them), so it restricts only *where* things load
//! from and never relaxes or tightens the site's own rules for inline code: `'unsafe-inline'`
//! and `'unsafe-eval'` here leave those decisions to the site's policy, if it has one.

use serde::{Deserialize, Serialize};

use crate::config::{Service, SiteConfig};
use crate::decision::Decision;
use crate::gate::Gate;

/// How a site applies its consent policy.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CspMode {
    /// The browser refuses every source the decision does not grant (the default).
    #[default]
    Enforce,
    /// The browser only reports what it would refuse: a trial period while a site's
    /// services are being listed. The edge's rewriter still holds back every known tracker.
    ReportOnly,
}

/// The `<meta name>` the edge puts at the start of each page it rewrites, its `content` the
/// site's [`CspMode`]: the banner's app reads it to know that under `enforce` the browser
/// holds the page to the decision it was loaded with, so a new one takes effect on a reload.
pub const POLICY_META: &str = "samtycke-policy";

impl CspMode {
    /// The mode's name, as the configuration writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Enforce => "enforce",
            Self::ReportOnly => "report-only",
        }
    }

    /// The `<meta>` that tells the banner's app this mode (see [`POLICY_META`]).
    pub fn meta_tag(self) -> String {
        format!(r#"<meta name="{POLICY_META}" content="{}">"#, self.as_str())
    }

    /// The response header that carries the policy in this mode.
    pub fn header(self) -> &'static str {
        match self {
            Self::Enforce => "Content-Security-Policy",
            Self::ReportOnly => "Content-Security-Policy-Report-Only",
        }
    }

    /// Whether this is the default (left out when the configuration is serialized, so the
    /// hash receipts cite does not change for configurations that never name it).
    pub fn is_default(&self) -> bool {
        *self == Self::default()
    }
}

/// Where browsers send violation reports, relative to the page (Samtycke's own prefix).
pub const REPORT_PATH: &str = "/_samtycke/csp-reports";

/// The consent policy for `config` under `decision` (none yet: only required categories).
///
/// Every fetch directive is named, so none falls back to a directive the policy does not
/// control; `'self'` covers the site's own files and Samtycke's prefix on it.
pub fn consent_policy(config: &SiteConfig, decision: Option<&Decision>) -> String {
    let gate = Gate::new(config, decision);
    let mut granted: Vec<String> = Vec::new();
    for category in &config.categories {
        if !gate.grants(category) {
            continue;
        }
        for service in &category.services {
            for source in service_sources(service) {
                if !granted.contains(&source) {
                    granted.push(source);
                }
            }
        }
    }
    let hosts = granted.join(" ");
    let with = |fixed: &str| {
        if hosts.is_empty() {
            fixed.to_owned()
        } else {
            format!("{fixed} {hosts}")
        }
    };
    [
        format!("default-src {}", with("'self'")),
        format!(
            "script-src {}",
            with("'self' 'unsafe-inline' 'unsafe-eval' 'wasm-unsafe-eval'")
        ),
        format!("style-src {}", with("'self' 'unsafe-inline'")),
        format!("img-src {}", with("'self' data: blob:")),
        format!("media-src {}", with("'self' data: blob:")),
        format!("font-src {}", with("'self' data:")),
        format!("connect-src {}", with("'self'")),
        format!("frame-src {}", with("'self'")),
        format!("worker-src {}", with("'self' blob:")),
        format!("object-src {}", with("'self'")),
        format!("manifest-src {}", with("'self'")),
        format!("report-uri {REPORT_PATH}"),
    ]
    .join("; ")
}

/// The policy for a page the edge cannot read the way the browser will (a document type or
/// encoding it does not rewrite): only what is necessary loads, enforced whatever the site's
/// mode, since nothing else stands between its markup and the visitor.
pub fn lockdown_policy(config: &SiteConfig) -> String {
    consent_policy(config, None)
}

/// `policy` (a consent policy) that also lets one frame load: `source` is a URL without its
/// query (`https://video.example/embed/1`, path characters percent-encoded where needed),
/// as "show once" asks for one embed on one page view. A source that could end its token or
/// the directive is not added.
pub fn with_frame(policy: &str, source: &str) -> String {
    let safe = !source.is_empty()
        && source.bytes().all(|b| {
            b.is_ascii_alphanumeric()
                || matches!(
                    b,
                    b'.' | b'-'
                        | b'_'
                        | b':'
                        | b'/'
                        | b'~'
                        | b'%'
                        | b'@'
                        | b'!'
                        | b'$'
                        | b'&'
                        | b'+'
                        | b'='
                        | b'('
                        | b')'
                        | b'*'
                )
        });
    if !safe {
        return policy.to_owned();
    }
    policy
        .split("; ")
        .map(|directive| match directive.strip_prefix("frame-src ") {
            Some(sources) => format!("frame-src {sources} {source}"),
            None => directive.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The CSP sources of one service: each host (with any port, as the configuration names
/// hosts without one) and each URL prefix. Anything that is not a plain host or path is left
/// out rather than risk a token that changes the policy's meaning.
fn service_sources(service: &Service) -> Vec<String> {
    let mut sources = Vec::new();
    for host in &service.hosts {
        if !is_source_text(host) {
            continue;
        }
        sources.push(format!("{host}:*"));
        // `*.example.org` in a configuration also means example.org itself; in CSP it does not.
        if let Some(apex) = host.strip_prefix("*.") {
            sources.push(format!("{apex}:*"));
        }
    }
    for url in &service.urls {
        let prefix = url.strip_suffix('*').unwrap_or(url);
        let Some((authority, path)) = prefix.split_once('/') else {
            continue;
        };
        // CSP matches a path ending in `/` as a prefix, any other exactly: a prefix that ends
        // mid-segment is widened to its folder.
        let folder = &path[..path.rfind('/').map_or(0, |i| i + 1)];
        let authority = if authority.contains(':') {
            authority.to_owned()
        } else {
            format!("{authority}:*")
        };
        let source = format!("{authority}/{folder}");
        if is_source_text(&source) {
            sources.push(source);
        }
    }
    sources
}

/// Characters a host or path source may hold without ending the token or the directive.
fn is_source_text(text: &str) -> bool {
    !text.is_empty()
        && text.bytes().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b'*' | b':' | b'/' | b'~')
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Language;
    use time::macros::datetime;

    const NOW: time::OffsetDateTime = datetime!(2026-12-03 12:00 UTC);

    #[test]
    fn one_frame_shown_once_is_allowed_by_its_exact_path_and_nothing_else_changes() {
        let config = config();
        let policy = consent_policy(&config, None);
        let once = with_frame(&policy, "http://video.localhost:8795/embed/intro");
        let frame_src = |p: &str| {
            p.split("; ")
                .find(|d| d.starts_with("frame-src "))
                .map(str::to_owned)
                .expect("frame-src")
        };
        assert_eq!(
            frame_src(&once),
            format!(
                "{} http://video.localhost:8795/embed/intro",
                frame_src(&policy)
            )
        );
        assert_eq!(
            once.replace(" http://video.localhost:8795/embed/intro", ""),
            policy
        );
        for unsafe_source in ["a; script-src *", "'unsafe-inline'", "a b", ""] {
            assert_eq!(
                with_frame(&policy, unsafe_source),
                policy,
                "{unsafe_source}"
            );
        }
    }

    fn config() -> SiteConfig {
        let mut value: serde_json::Value =
            serde_json::from_str(include_str!("../../../config/sites/klinik.json")).expect("json");
        value["categories"][0]["services"][0]["hosts"] =
            serde_json::json!(["fonts.necessary.example"]);
        value["categories"][1]["services"][0]["urls"] =
            serde_json::json!(["www.klinik.se/matomo/*", "127.0.0.1:8790/px/collect"]);
        value["categories"][2]["services"][0]["hosts"] = serde_json::json!(["*.video.example"]);
        SiteConfig::parse("klinik.json", &value.to_string()).expect("valid")
    }

    fn directive<'p>(policy: &'p str, name: &str) -> &'p str {
        policy
            .split(';')
            .map(str::trim)
            .find(|d| d.split_ascii_whitespace().next() == Some(name))
            .unwrap_or_else(|| panic!("{name} missing from {policy}"))
    }

    #[test]
    fn before_a_decision_only_self_and_necessary_third_parties_load() {
        let config = config();
        let policy = consent_policy(&config, None);
        for name in [
            "default-src",
            "script-src",
            "style-src",
            "img-src",
            "media-src",
            "font-src",
            "connect-src",
            "frame-src",
            "worker-src",
            "object-src",
        ] {
            let sources = directive(&policy, name);
            assert!(sources.contains("'self'"), "{sources}");
            assert!(sources.contains("fonts.necessary.example:*"), "{sources}");
            for tracker in [
                "analytics.localhost",
                "tags.localhost",
                "video",
                "pixel",
                "matomo",
            ] {
                assert!(!sources.contains(tracker), "{tracker} in {sources}");
            }
        }
        assert!(!directive(&policy, "frame-src").contains("data:"));
        assert!(!directive(&policy, "script-src").contains("data:"));
        assert_eq!(
            directive(&policy, "report-uri"),
            "report-uri /_samtycke/csp-reports"
        );
    }

    #[test]
    fn granted_categories_add_their_hosts_and_url_prefixes() {
        let config = config();
        let decision = Decision::custom(&config, &["analytics"], Language::SV, NOW);
        let policy = consent_policy(&config, Some(&decision));
        let script = directive(&policy, "script-src");
        assert!(script.contains("analytics.localhost:*"), "{script}");
        assert!(script.contains("tags.localhost:*"), "{script}");
        assert!(script.contains("www.klinik.se:*/matomo/"), "{script}");
        assert!(script.contains("127.0.0.1:8790/px/"), "{script}");
        assert!(!script.contains("video"), "media was not granted: {script}");
        assert!(
            !script.contains("pixel"),
            "marketing was not granted: {script}"
        );

        let all = Decision::accept_all(&config, Language::SV, NOW);
        let frames = directive(&consent_policy(&config, Some(&all)), "frame-src").to_owned();
        assert!(frames.contains("*.video.example:*"), "{frames}");
        assert!(
            frames.contains(" video.example:*"),
            "the apex too: {frames}"
        );
        assert!(frames.contains("pixel.localhost:*"), "{frames}");

        let rejected = Decision::reject_all(&config, Language::SV, NOW);
        assert_eq!(
            consent_policy(&config, Some(&rejected)),
            consent_policy(&config, None)
        );
    }

    #[test]
    fn inline_code_is_left_to_the_sites_own_policy() {
        // A hash or nonce in a policy switches 'unsafe-inline' off: the consent policy carries
        // neither, so it never refuses the site's inline scripts and styles by itself.
        let policy = consent_policy(&config(), None);
        assert!(!policy.contains("'sha256-"), "{policy}");
        assert!(!policy.contains("'nonce-"), "{policy}");
        assert!(!policy.contains("'strict-dynamic'"), "{policy}");
        assert!(directive(&policy, "script-src").contains("'unsafe-inline'"));
        assert!(directive(&policy, "style-src").contains("'unsafe-inline'"));
    }

    #[test]
    fn text_that_could_end_a_token_never_reaches_the_policy() {
        let mut config = config();
        config.categories[0].services[0].hosts =
            vec!["ok.example".into(), "x; script-src *".into()];
        config.categories[0].services[0].urls = vec!["a.example/p;x/*".into()];
        let policy = consent_policy(&config, None);
        assert!(policy.contains("ok.example:*"));
        assert!(!policy.contains("script-src *"), "{policy}");
        assert!(!policy.contains("a.example"), "{policy}");
    }

    #[test]
    fn lockdown_grants_only_what_is_necessary() {
        let config = config();
        assert_eq!(lockdown_policy(&config), consent_policy(&config, None));
    }

    #[test]
    fn the_mode_names_its_header_and_reads_from_the_configuration() {
        assert_eq!(CspMode::Enforce.header(), "Content-Security-Policy");
        assert_eq!(
            CspMode::ReportOnly.header(),
            "Content-Security-Policy-Report-Only"
        );
        let mode: CspMode = serde_json::from_str("\"report-only\"").expect("mode");
        assert_eq!(mode, CspMode::ReportOnly);
        for mode in [CspMode::Enforce, CspMode::ReportOnly] {
            assert_eq!(
                serde_json::to_string(&mode).expect("json"),
                format!("\"{}\"", mode.as_str())
            );
        }
        assert_eq!(
            CspMode::Enforce.meta_tag(),
            r#"<meta name="samtycke-policy" content="enforce">"#
        );
        let refused = serde_json::from_str::<CspMode>("\"off\"").unwrap_err();
        assert!(
            refused.to_string().contains("unknown variant `off`"),
            "{refused}"
        );
    }
}
