//! "Show once": the one blocked embed a visitor asked to see on the next page view, without
//! granting its category. The edge keeps the embed's URL in a short-lived cookie of its own
//! (never sent to the origin), lets only a frame with exactly that URL through on the next
//! page, allows exactly that URL in the consent policy's `frame-src`, and clears the cookie.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use samtycke_visitor::SiteConfig;
use samtycke_visitor::gate::Gate;
use thiserror::Error;
use url::Url;

use samtycke_visitor::own_storage::{SHOWN_ONCE_COOKIE, SHOWN_ONCE_SECS};

/// Characters kept as they are in the cookie value (the rest is percent-encoded).
const COOKIE_SAFE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/')
    .remove(b':');

/// Why a frame cannot be shown once.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ShownOnceError {
    /// Not an absolute `http(s)` URL.
    #[error("url must be an absolute http or https URL")]
    NotHttp,
    /// No service of the site's configuration loads from there: "show once" is for the
    /// embeds the site declares, not a way to open any address.
    #[error("no service of this site loads from that address")]
    NotAService,
}

/// The embed to show once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownOnce {
    url: Url,
}

impl ShownOnce {
    /// The embed at `raw` (as a placeholder's form sends it back), if one of the site's
    /// services loads from there.
    pub fn request(raw: &str, config: &SiteConfig) -> Result<Self, ShownOnceError> {
        let url = Url::parse(raw.trim()).map_err(|_| ShownOnceError::NotHttp)?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(ShownOnceError::NotHttp);
        }
        let (host, port, path) =
            crate::url_reading::location(&url).ok_or(ShownOnceError::NotHttp)?;
        Gate::new(config, None)
            .location_service(host, port, path)
            .ok_or(ShownOnceError::NotAService)?;
        Ok(Self { url })
    }

    /// From the cookie's value; `None` when it is not one this module wrote.
    pub fn from_cookie_value(value: &str) -> Option<Self> {
        let text = percent_decode_str(value).decode_utf8().ok()?;
        let url = Url::parse(&text).ok()?;
        matches!(url.scheme(), "http" | "https").then_some(Self { url })
    }

    /// The `Set-Cookie` that asks the next page to show this embed.
    pub fn cookie_assignment(&self) -> String {
        format!(
            "{SHOWN_ONCE_COOKIE}={}; Path=/; Max-Age={SHOWN_ONCE_SECS}; HttpOnly; SameSite=Lax; Secure",
            utf8_percent_encode(self.url.as_str(), COOKIE_SAFE)
        )
    }

    /// The `Set-Cookie` that clears the request once a page has used it.
    pub fn clearing_assignment() -> String {
        format!("{SHOWN_ONCE_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax; Secure")
    }

    /// Whether a frame's URL (read as the browser reads it) is this embed's.
    pub(crate) fn is(&self, url: &Url) -> bool {
        let without_fragment = |u: &Url| u[..url::Position::AfterQuery].to_owned();
        without_fragment(&self.url) == without_fragment(url)
    }

    /// The `frame-src` source that allows exactly this URL (its scheme, host, port and
    /// path; CSP does not match queries), or `None` if it cannot be written as one.
    pub fn csp_source(&self) -> Option<String> {
        let host = self.url.host_str()?;
        let port = self
            .url
            .port()
            .map_or_else(String::new, |port| format!(":{port}"));
        // A source's path is percent-decoded before it is compared, so `;` and `,` (which
        // would end the source or the policy) can be written encoded.
        let path = self.url.path().replace(';', "%3B").replace(',', "%2C");
        let source = format!("{}://{host}{port}{path}", self.url.scheme());
        source
            .bytes()
            .all(|b| b.is_ascii_graphic() && b != b'\'')
            .then_some(source)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> SiteConfig {
        let mut config = samtycke_deployment::site_config().expect("bundled");
        config.categories[1].services[0].hosts = vec!["video.example".into()];
        config
    }

    #[test]
    fn only_an_embed_of_a_declared_service_can_be_shown_once() {
        let config = config();
        assert!(ShownOnce::request("https://video.example/embed/1?t=3", &config).is_ok());
        assert_eq!(
            ShownOnce::request("https://evil.example/", &config),
            Err(ShownOnceError::NotAService)
        );
        assert_eq!(
            ShownOnce::request("javascript:alert(1)", &config),
            Err(ShownOnceError::NotHttp)
        );
        assert_eq!(
            ShownOnce::request("/embed/1", &config),
            Err(ShownOnceError::NotHttp)
        );
    }

    #[test]
    fn the_cookie_carries_the_url_through_and_nothing_else() {
        let once = ShownOnce::request("https://video.example/embed/a b;c?x=1,2", &config())
            .expect("declared");
        let assignment = once.cookie_assignment();
        let value = assignment
            .strip_prefix(&format!("{SHOWN_ONCE_COOKIE}="))
            .and_then(|rest| rest.split(';').next())
            .expect("value");
        assert!(
            value
                .bytes()
                .all(|b| b.is_ascii_graphic() && b != b',' && b != b';')
        );
        assert_eq!(ShownOnce::from_cookie_value(value), Some(once.clone()));
        assert!(assignment.contains("HttpOnly") && assignment.contains("Max-Age=120"));
        assert_eq!(ShownOnce::from_cookie_value("not%20a%20url"), None);
        assert_eq!(ShownOnce::from_cookie_value("data:text/html,x"), None);
    }

    #[test]
    fn the_policy_source_is_exactly_that_path() {
        let once = ShownOnce::request("https://video.example:8443/embed/a;b,c?x=1", &config())
            .expect("declared");
        assert_eq!(
            once.csp_source().as_deref(),
            Some("https://video.example:8443/embed/a%3Bb%2Cc")
        );
        let same = Url::parse("https://video.example:8443/embed/a;b,c?x=1#t=2").expect("url");
        let other = Url::parse("https://video.example:8443/embed/a;b,c?x=2").expect("url");
        assert!(once.is(&same));
        assert!(!once.is(&other));
    }
}
