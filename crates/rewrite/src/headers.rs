//! The proxy's header policy, both ways: what of the visitor's request reaches the site's
//! origin (nothing of Samtycke's own: no `Authorization`, none of its cookies), and what of
//! the origin's response reaches the browser (its real type, no `Link` preload or `Refresh` to
//! a service the visitor has not granted, no cookie of a category not granted), and how a page
//! the rewriter changes is cached and held to its policies.

use samtycke_visitor::csp::{CspNeeds, extend};
use samtycke_visitor::gate::Gate;
use samtycke_visitor::own_storage;

use crate::Plan;

/// Request headers that are Samtycke's to read, never the origin's.
const OWN_REQUEST_HEADERS: [&str; 2] = ["authorization", "proxy-authorization"];

/// Whether a request header passes to the origin.
pub fn forwards_request_header(name: &str) -> bool {
    !OWN_REQUEST_HEADERS
        .iter()
        .any(|own| own.eq_ignore_ascii_case(name))
}

/// Whether a cookie is one of Samtycke's credentials (its sessions), which the origin must
/// never see nor set. The consent cookie itself is the site's to read: it says what the
/// visitor chose, nothing more.
pub fn is_own_credential(cookie_name: &str) -> bool {
    own_storage::COOKIES
        .iter()
        .filter(|name| **name != samtycke_visitor::cookie::CONSENT_COOKIE)
        .any(|name| name.eq_ignore_ascii_case(cookie_name))
        || cookie_name
            .to_ascii_lowercase()
            .starts_with("__host-samtycke")
}

/// A `Cookie` request header without Samtycke's credentials; `None` when nothing is left.
pub fn forwarded_cookies(cookie: &str) -> Option<String> {
    let kept: Vec<&str> = cookie
        .split(';')
        .map(str::trim)
        .filter(|pair| !pair.is_empty())
        .filter(|pair| {
            let name = pair.split_once('=').map_or(*pair, |(name, _)| name).trim();
            !is_own_credential(name)
        })
        .collect();
    (!kept.is_empty()).then(|| kept.join("; "))
}

/// Whether a `Set-Cookie` from the origin would set one of Samtycke's own cookies: a
/// credential, or the consent cookie, which only the visitor's decision sets (an origin that
/// set it would record a consent nobody gave).
pub fn sets_own_cookie(set_cookie: &str) -> bool {
    let name = set_cookie
        .split(';')
        .next()
        .and_then(|pair| pair.split_once('='))
        .map_or("", |(name, _)| name.trim());
    is_own_credential(name) || name == samtycke_visitor::cookie::CONSENT_COOKIE
}

/// What the browser will take a response for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocumentType {
    /// An HTML document, with the charset its type names, if any.
    Html {
        /// The `charset` parameter.
        charset: Option<String>,
    },
    /// An XML document (XHTML, SVG, any `+xml`): it can run scripts, but the HTML rewriter
    /// cannot read it; it is served under the lockdown policy.
    Xml,
    /// No type, or one browsers sniff: the body's first bytes decide (see [`sniff`]).
    Unknown,
    /// Anything else (scripts, images, JSON, …): passed on as it is.
    Other,
}

/// The type of a response from its `Content-Type` values (several headers, or one joined by
/// commas), as the Fetch standard extracts a MIME type: the last valid one wins.
pub fn document_type(content_type: Option<&str>) -> DocumentType {
    let Some(value) = content_type else {
        return DocumentType::Unknown;
    };
    let mut essence: Option<String> = None;
    let mut charset: Option<String> = None;
    for one in value.split(',') {
        let mut parts = one.split(';');
        let media = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let Some((kind, sub)) = media.split_once('/') else {
            continue;
        };
        if kind.is_empty() || sub.is_empty() || media == "*/*" {
            continue;
        }
        let this_charset = parts.find_map(|param| {
            let (name, value) = param.split_once('=')?;
            name.trim()
                .eq_ignore_ascii_case("charset")
                .then(|| value.trim().trim_matches('"').to_owned())
        });
        // The Fetch standard keeps an earlier charset when a later value repeats the type.
        if essence.as_deref() != Some(media.as_str()) || this_charset.is_some() {
            charset = this_charset;
        }
        essence = Some(media);
    }
    match essence.as_deref() {
        None | Some("unknown/unknown" | "application/unknown") => DocumentType::Unknown,
        Some("text/html") => DocumentType::Html { charset },
        Some(t) if t == "text/xml" || t == "application/xml" || t.ends_with("+xml") => {
            DocumentType::Xml
        }
        Some(_) => DocumentType::Other,
    }
}

/// Whether a body without a usable type starts like HTML, by the MIME Sniffing standard's
/// HTML patterns (what browsers render it as).
pub fn sniff(head: &[u8]) -> bool {
    const PATTERNS: [&[u8]; 17] = [
        b"<!DOCTYPE HTML",
        b"<HTML",
        b"<HEAD",
        b"<SCRIPT",
        b"<IFRAME",
        b"<H1",
        b"<DIV",
        b"<FONT",
        b"<TABLE",
        b"<A",
        b"<STYLE",
        b"<TITLE",
        b"<B",
        b"<BODY",
        b"<BR",
        b"<P",
        b"<!--",
    ];
    let start = head
        .iter()
        .position(|b| !matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b' '))
        .unwrap_or(head.len());
    let head = &head[start..];
    PATTERNS.iter().any(|pattern| {
        head.len() > pattern.len()
            && head[..pattern.len()].eq_ignore_ascii_case(pattern)
            && matches!(head[pattern.len()], b' ' | b'>')
    }) || head.starts_with(b"<?xml")
}

/// The URLs of a `Link` header's entries (`<url>; rel=…, <url>; …`), each with its text.
pub fn link_entries(value: &str) -> Vec<(&str, &str)> {
    let mut entries = Vec::new();
    let mut rest = value;
    while let Some(open) = rest.find('<') {
        let Some(close) = rest[open..].find('>') else {
            break;
        };
        let url = &rest[open + 1..open + close];
        let end = rest[open + close..]
            .find(",")
            .map_or(rest.len(), |comma| open + close + comma);
        entries.push((url, rest[open..end].trim()));
        rest = rest.get(end + 1..).unwrap_or("");
    }
    entries
}

/// The URL of a `Refresh` header (`5; url=…`).
pub fn refresh_target(value: &str) -> Option<String> {
    crate::refresh_url(value)
}

/// A response's headers as name and value, in order; each `Set-Cookie` on its own.
pub type HeaderList = Vec<(String, String)>;

/// The origin's response headers as the visitor gets them. A redirect to the origin's own
/// address goes to the site's public one; a `Link` preload or a `Refresh` to a service the
/// visitor has not granted is left out (either would fetch it before any markup is read); a
/// `Set-Cookie` of a category not granted, or of one of Samtycke's own cookies, is left out.
/// Everything else passes as the origin sent it.
pub fn passed_on(
    origin_headers: &[(String, String)],
    plan: &Plan,
    gate: &Gate,
    origin: &str,
    public_origin: &str,
) -> HeaderList {
    let mut kept = HeaderList::new();
    for (name, value) in origin_headers {
        let value = match name.to_ascii_lowercase().as_str() {
            "set-cookie" if gate.blocks_set_cookie(value) || sets_own_cookie(value) => continue,
            "location" => local_location(value, origin, public_origin),
            "link" => {
                let entries: Vec<&str> = link_entries(value)
                    .into_iter()
                    .filter(|(target, _)| plan.blocks_url(target).is_none())
                    .map(|(_, entry)| entry)
                    .collect();
                if entries.is_empty() {
                    continue;
                }
                entries.join(", ")
            }
            "refresh" if refresh_target(value).is_some_and(|t| plan.blocks_url(&t).is_some()) => {
                continue;
            }
            _ => value.clone(),
        };
        kept.push((name.clone(), value));
    }
    kept
}

/// `list` with `name` set to `value` alone (any earlier values of it gone).
pub fn set(list: &mut HeaderList, name: &str, value: &str) {
    list.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
    list.push((name.to_owned(), value.to_owned()));
}

/// A redirect to the origin's own address goes to the site's public one instead.
pub fn local_location(location: &str, origin: &str, public_origin: &str) -> String {
    match location.strip_prefix(origin) {
        Some(rest) if rest.is_empty() || rest.starts_with(['/', '?', '#']) => {
            format!("{public_origin}{rest}")
        }
        _ => location.to_owned(),
    }
}

/// The headers of a page the rewriter changes, from the origin's (after [`passed_on`]): the
/// site's own policies extended by what the injected banner needs, the consent policy
/// (`policy_header: policy`) beside them, and caching for a page that now differs by the
/// consent cookie and is no longer the origin's bytes.
pub fn rewritten_page(
    mut headers: HeaderList,
    needs: &CspNeeds,
    policy_header: &str,
    policy: String,
) -> HeaderList {
    for (name, value) in &mut headers {
        if name.eq_ignore_ascii_case("content-security-policy")
            || name.eq_ignore_ascii_case("content-security-policy-report-only")
        {
            *value = extend(value, needs);
        }
    }
    headers.retain(|(name, _)| {
        !["content-length", "etag", "last-modified", "cache-control"]
            .iter()
            .any(|gone| name.eq_ignore_ascii_case(gone))
    });
    headers.push((policy_header.to_owned(), policy));
    headers.push(("Cache-Control".to_owned(), "private, no-cache".to_owned()));
    headers.push(("Vary".to_owned(), "Cookie".to_owned()));
    headers
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samtyckes_credentials_never_reach_the_origin() {
        assert!(!forwards_request_header("Authorization"));
        assert!(!forwards_request_header("proxy-authorization"));
        assert!(forwards_request_header("Accept-Language"));
        assert_eq!(
            forwarded_cookies("klinik_session=1; __Host-samtycke-session=abc; samtycke=s2.x; __Host-samtycke-login=z")
                .as_deref(),
            Some("klinik_session=1; samtycke=s2.x")
        );
        assert_eq!(forwarded_cookies("__Host-samtycke-session=abc"), None);
        assert!(sets_own_cookie(
            "__Host-samtycke-session=evil; Path=/; Secure"
        ));
        assert!(!sets_own_cookie("klinik_session=1"));
        // Only the visitor's decision sets the consent cookie, never the origin.
        assert!(sets_own_cookie(
            "samtycke=s2.1.1.0.accept-all.sv.necessary+statistics; Path=/"
        ));
        assert!(!sets_own_cookie("samtycke_theme=dark"));
    }

    #[test]
    fn the_type_is_the_last_valid_content_type() {
        assert_eq!(
            document_type(Some("text/html; charset=utf-8")),
            DocumentType::Html {
                charset: Some("utf-8".into())
            }
        );
        assert_eq!(
            document_type(Some("text/plain, text/html")),
            DocumentType::Html { charset: None }
        );
        assert_eq!(
            document_type(Some("text/html;charset=gbk, text/html")),
            DocumentType::Html {
                charset: Some("gbk".into())
            }
        );
        assert_eq!(
            document_type(Some("text/html, bogus")),
            DocumentType::Html { charset: None }
        );
        assert_eq!(
            document_type(Some("application/xhtml+xml")),
            DocumentType::Xml
        );
        assert_eq!(document_type(Some("image/svg+xml")), DocumentType::Xml);
        assert_eq!(document_type(Some("text/xml")), DocumentType::Xml);
        assert_eq!(document_type(None), DocumentType::Unknown);
        assert_eq!(
            document_type(Some("unknown/unknown")),
            DocumentType::Unknown
        );
        assert_eq!(document_type(Some("*/*")), DocumentType::Unknown);
        assert_eq!(document_type(Some("application/json")), DocumentType::Other);
    }

    #[test]
    fn html_is_sniffed_as_browsers_do() {
        assert!(sniff(b"  <!doctype html><p>"));
        assert!(sniff(b"<script src=x>"));
        assert!(sniff(b"<p>hej"));
        assert!(!sniff(b"{\"a\":1}"));
        assert!(!sniff(b"<pre>"));
    }

    #[test]
    fn link_and_refresh_headers_are_read() {
        assert_eq!(
            link_entries(
                "</s.css>; rel=preload; as=style, <http://pixel.localhost/p.gif>; rel=preload; as=image"
            ),
            vec![
                ("/s.css", "</s.css>; rel=preload; as=style"),
                (
                    "http://pixel.localhost/p.gif",
                    "<http://pixel.localhost/p.gif>; rel=preload; as=image"
                ),
            ]
        );
        assert_eq!(
            refresh_target("0; url=http://x.example/").as_deref(),
            Some("http://x.example/")
        );
        assert_eq!(refresh_target("5").as_deref(), None);
    }
}
