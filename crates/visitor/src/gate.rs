//! What may reach the visitor's browser under a decision: which script, frame, image or
//! stylesheet URL, which inline snippet and which `Set-Cookie` belong to a category the
//! visitor has not granted. The edge's rewriter and the app both ask these questions here.

use crate::config::{Category, Service, SiteConfig};
use crate::decision::Decision;

/// Marks a held frame whose `srcdoc` is Samtycke's placeholder (the edge puts it there), so
/// the app takes the placeholder away when the category is granted in the page.
pub const PLACEHOLDER_MARK: &str = "data-samtycke-placeholder";

/// The mark's value when the frame's `title` is the placeholder's too (the site gave none),
/// and goes with it.
pub const PLACEHOLDER_TITLED: &str = "titled";

/// The rules of one site applied to one visitor's decision (none yet: only `required`
/// categories are granted).
#[derive(Debug, Clone, Copy)]
pub struct Gate<'a> {
    config: &'a SiteConfig,
    decision: Option<&'a Decision>,
}

impl<'a> Gate<'a> {
    /// The gate for `config` under `decision`.
    pub fn new(config: &'a SiteConfig, decision: Option<&'a Decision>) -> Self {
        Self { config, decision }
    }

    /// Whether the visitor has granted `category` (required ones always are).
    pub fn grants(&self, category: &Category) -> bool {
        category.required || self.decision.is_some_and(|d| d.allows(&category.id))
    }

    /// The category of the service a URL belongs to, by host or URL prefix. `page_host` is the
    /// host the page is served on, to place relative URLs.
    pub fn url_category(&self, url: &str, page_host: &str) -> Option<&'a Category> {
        self.url_service(url, page_host)
            .map(|(category, _)| category)
    }

    /// The service a URL belongs to, with its category (see [`Self::url_category`]).
    pub fn url_service(&self, url: &str, page_host: &str) -> Option<(&'a Category, &'a Service)> {
        let (authority, rest) = split_url(url.trim(), page_host)?;
        let authority = authority.to_ascii_lowercase();
        let host = strip_port(&authority);
        let port = authority
            .get(host.len() + 1..)
            .and_then(|port| port.parse().ok());
        self.location_service(host, port, rest)
    }

    /// The service a parsed URL belongs to: its `host` (lower case, without the port), its
    /// `port` and its path with the query. The edge reads URLs with a WHATWG parser and asks
    /// here, so this is the one place hosts and URL prefixes are matched.
    pub fn location_service(
        &self,
        host: &str,
        port: Option<u16>,
        path: &str,
    ) -> Option<(&'a Category, &'a Service)> {
        let host = host.strip_suffix('.').unwrap_or(host);
        let with_port = match port {
            Some(port) => format!("{host}:{port}"),
            None => host.to_owned(),
        };
        let location = format!("{host}{path}");
        self.service_where(|service| {
            service
                .hosts
                .iter()
                .any(|pattern| host_matches(pattern, host))
                || service
                    .urls
                    .iter()
                    .any(|pattern| url_matches(pattern, &with_port, &location))
        })
    }

    /// `Some(category id)` when a parsed URL (see [`Self::location_service`]) belongs to a
    /// category not granted.
    pub fn blocks_location(&self, host: &str, port: Option<u16>, path: &str) -> Option<&'a str> {
        self.location_service(host, port, path)
            .map(|(category, _)| category)
            .filter(|c| !self.grants(c))
            .map(|c| c.id.as_str())
    }

    /// `Some(category id)` when code (an inline script, an event handler, an import map)
    /// belongs to a category not granted: by the services' `inline` markers, or because it
    /// names the host of such a service (a loader that builds the tracker's URL itself).
    pub fn blocks_code(&self, text: &str) -> Option<&'a str> {
        if let Some(category) = self.blocks_inline(text) {
            return Some(category);
        }
        let lower = text.to_ascii_lowercase();
        self.config
            .categories
            .iter()
            .filter(|category| !self.grants(category))
            .find(|category| {
                category.services.iter().any(|service| {
                    service.hosts.iter().any(|host| {
                        let name = host.strip_prefix("*.").unwrap_or(host);
                        name.contains('.') && lower.contains(name)
                    })
                })
            })
            .map(|category| category.id.as_str())
    }

    /// The first service that `matches`, with its category.
    fn service_where(
        &self,
        matches: impl Fn(&Service) -> bool,
    ) -> Option<(&'a Category, &'a Service)> {
        self.config.categories.iter().find_map(|category| {
            category
                .services
                .iter()
                .find(|service| matches(service))
                .map(|service| (category, service))
        })
    }

    /// The first category with a service that `matches`.
    fn category_where(&self, matches: impl Fn(&Service) -> bool) -> Option<&'a Category> {
        self.service_where(matches).map(|(category, _)| category)
    }

    /// The category to hold a resource back for: `Some(id)` when `url` belongs to a service
    /// of a category not granted.
    pub fn blocks_url(&self, url: &str, page_host: &str) -> Option<&'a str> {
        self.url_category(url, page_host)
            .filter(|c| !self.grants(c))
            .map(|c| c.id.as_str())
    }

    /// The category of an inline script, by the markers the services name.
    pub fn inline_category(&self, text: &str) -> Option<&'a Category> {
        self.category_where(|service| {
            service
                .inline
                .iter()
                .any(|marker| text.contains(marker.as_str()))
        })
    }

    /// `Some(id)` when an inline script belongs to a category not granted.
    pub fn blocks_inline(&self, text: &str) -> Option<&'a str> {
        self.inline_category(text)
            .filter(|c| !self.grants(c))
            .map(|c| c.id.as_str())
    }

    /// The category of a cookie, by the names and `prefix*` patterns of the services.
    pub fn cookie_category(&self, name: &str) -> Option<&'a Category> {
        self.cookie_service(name).map(|(category, _)| category)
    }

    /// The service a cookie belongs to, with its category (see [`Self::cookie_category`]).
    pub fn cookie_service(&self, name: &str) -> Option<(&'a Category, &'a Service)> {
        self.service_where(|service| service.cookies.iter().any(|cookie| cookie.matches(name)))
    }

    /// Whether a `Set-Cookie` header value sets a cookie of a category not granted (so the
    /// edge removes it). Cookies the configuration does not name pass: they are reported as
    /// drift by the scanner, not guessed at here.
    pub fn blocks_set_cookie(&self, set_cookie: &str) -> bool {
        let name = set_cookie
            .split(';')
            .next()
            .and_then(|pair| pair.split_once('='))
            .map_or("", |(name, _)| name.trim());
        self.cookie_category(name).is_some_and(|c| !self.grants(c))
    }
}

/// `(host[:port], path-and-rest)` of an absolute, protocol-relative or relative URL; `None`
/// for URLs that load nothing from a host (`data:`, `blob:`, `javascript:`, fragments).
fn split_url<'u>(url: &'u str, page_host: &'u str) -> Option<(&'u str, &'u str)> {
    let lower_scheme = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let after = if lower_scheme.starts_with("https://") {
        &url[8..]
    } else if lower_scheme.starts_with("http://") {
        &url[7..]
    } else if let Some(rest) = url.strip_prefix("//") {
        rest
    } else if url.starts_with('/') {
        return Some((page_host, url));
    } else {
        return None;
    };
    let end = after.find(['/', '?', '#']).unwrap_or(after.len());
    let authority = &after[..end];
    let host = authority.rsplit('@').next().unwrap_or(authority);
    if host.is_empty() {
        return None;
    }
    Some((host, &after[end..]))
}

/// `host[:port]` without its port (IPv6 literals keep their brackets).
pub fn strip_port(host: &str) -> &str {
    if host.starts_with('[') {
        return host.find(']').map_or(host, |end| &host[..=end]);
    }
    host.rsplit_once(':')
        .filter(|(_, port)| port.bytes().all(|b| b.is_ascii_digit()))
        .map_or(host, |(h, _)| h)
}

fn host_matches(pattern: &str, host: &str) -> bool {
    match pattern.strip_prefix("*.") {
        Some(domain) => {
            host == domain
                || host
                    .strip_suffix(domain)
                    .is_some_and(|sub| sub.ends_with('.'))
        }
        None => host == pattern,
    }
}

/// `host/path` prefixes; the pattern's host may carry a port, then it must match too.
fn url_matches(pattern: &str, host_with_port: &str, location_without_port: &str) -> bool {
    let prefix = pattern.strip_suffix('*').unwrap_or(pattern);
    let pattern_host = prefix.split('/').next().unwrap_or("");
    if pattern_host.contains(':') {
        let path = &prefix[pattern_host.len()..];
        let location_path = &location_without_port[strip_port(host_with_port).len()..];
        pattern_host == host_with_port && location_path.starts_with(path)
    } else {
        location_without_port.starts_with(prefix)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Language;
    use time::macros::datetime;

    fn config() -> SiteConfig {
        let mut value: serde_json::Value =
            serde_json::from_str(include_str!("../../../config/site.json")).expect("json");
        value["categories"][1]["services"][0]["hosts"] = serde_json::json!(["*.stats.example"]);
        value["categories"][1]["services"][0]["urls"] =
            serde_json::json!(["www.klinik.se/matomo/*", "127.0.0.1:8790/px"]);
        value["categories"][1]["services"][0]["inline"] = serde_json::json!(["_paq.push"]);
        SiteConfig::parse("site.json", &value.to_string()).expect("valid")
    }

    const NOW: time::OffsetDateTime = datetime!(2026-11-23 12:00 UTC);

    #[test]
    fn third_party_urls_of_an_ungranted_category_are_held_back() {
        let config = config();
        let gate = Gate::new(&config, None);
        for url in [
            "https://cdn.stats.example/m.js",
            "//stats.example/m.js",
            "HTTPS://A.STATS.EXAMPLE:8443/x?y",
            "https://user@stats.example/",
            "/matomo/piwik.js",
            "http://127.0.0.1:8790/px?id=1",
        ] {
            let page = if url.starts_with("/matomo") {
                "www.klinik.se"
            } else {
                "other.example"
            };
            assert_eq!(gate.blocks_url(url, page), Some("analytics"), "{url}");
        }
        for url in [
            "https://notstats.example/m.js",
            "https://stats.example.evil.com/m.js",
            "/app.js",
            "data:text/javascript,1",
            "javascript:void(0)",
            "#top",
            "http://127.0.0.1:8791/px",
        ] {
            assert_eq!(gate.blocks_url(url, "www.klinik.se"), None, "{url}");
        }
    }

    #[test]
    fn a_granted_category_passes() {
        let config = config();
        let accepted = Decision::accept_all(&config, Language::SV, NOW);
        let rejected = Decision::reject_all(&config, Language::SV, NOW);
        let url = "https://cdn.stats.example/m.js";
        assert_eq!(
            Gate::new(&config, Some(&accepted)).blocks_url(url, "x"),
            None
        );
        assert_eq!(
            Gate::new(&config, Some(&rejected)).blocks_url(url, "x"),
            Some("analytics")
        );
        assert_eq!(
            Gate::new(&config, Some(&rejected)).blocks_inline("var _paq=[];_paq.push(['a'])"),
            Some("analytics")
        );
        assert_eq!(
            Gate::new(&config, Some(&accepted)).blocks_inline("_paq.push(1)"),
            None
        );
        assert_eq!(
            Gate::new(&config, None).blocks_inline("console.log(1)"),
            None
        );
    }

    #[test]
    fn set_cookie_of_an_ungranted_category_is_refused() {
        let config = config();
        let gate = Gate::new(&config, None);
        assert!(gate.blocks_set_cookie("_pk_id.1.ab=xyz; Path=/; Max-Age=100"));
        assert!(gate.blocks_set_cookie(" _pk_ses.1.ab = 1"));
        assert!(!gate.blocks_set_cookie("session=abc; HttpOnly"));
        assert!(!gate.blocks_set_cookie("samtycke=s2.1; Path=/"));
        assert!(!gate.blocks_set_cookie("garbage without equals"));
        let accepted = Decision::accept_all(&config, Language::SV, NOW);
        assert!(!Gate::new(&config, Some(&accepted)).blocks_set_cookie("_pk_id.1=1"));
    }
}
