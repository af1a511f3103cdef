//! URLs read the way the browser will fetch them: the attribute's character references
//! decoded, the result resolved against the page's address and its first `<base href>`, and
//! parsed by a WHATWG URL parser (the `url` crate), so `http:\\host`, `/\host`, `%2E` in a
//! host, a tab inside the scheme or `…\@other` all name the host the browser contacts.

use std::cell::RefCell;
use std::rc::Rc;

use url::{Position, Url};

use crate::char_refs::decode_attribute;

/// The addresses one page's relative URLs resolve against.
#[derive(Clone)]
pub(crate) struct PageUrls {
    /// The page's address; `None` if it was not an absolute URL (then only absolute URLs
    /// are read).
    page: Rc<Option<Url>>,
    base: Rc<RefCell<Option<Url>>>,
}

impl PageUrls {
    /// For the page at `page` (an absolute URL).
    pub(crate) fn new(page: &str) -> Self {
        Self {
            page: Rc::new(Url::parse(page).ok()),
            base: Rc::default(),
        }
    }

    /// A `<base href>`: the first one in the document sets the base, as in the browser.
    pub(crate) fn set_base(&self, raw_href: &str) {
        let mut base = self.base.borrow_mut();
        if base.is_none()
            && let Some(url) = parse(&decode_attribute(raw_href), self.page.as_ref().as_ref())
        {
            *base = Some(url);
        }
    }

    /// The URL an attribute's raw value makes the browser fetch.
    pub(crate) fn read(&self, raw: &str) -> Option<Url> {
        let decoded = decode_attribute(raw);
        match &*self.base.borrow() {
            Some(base) => parse(&decoded, Some(base)),
            None => parse(&decoded, self.page.as_ref().as_ref()),
        }
    }

    /// The URLs of a `srcset`/`imagesrcset` value (each candidate's URL, descriptors left out).
    pub(crate) fn read_srcset(&self, raw: &str) -> Vec<Url> {
        decode_attribute(raw)
            .split(',')
            .filter_map(|candidate| candidate.split_ascii_whitespace().next())
            .filter_map(|url| self.read(url))
            .collect()
    }
}

fn parse(text: &str, base: Option<&Url>) -> Option<Url> {
    Url::options().base_url(base).parse(text).ok()
}

impl PageUrls {
    /// The address relative URLs resolve against now (the base, else the page), for a
    /// document nested in this one (`<noscript>`, `srcdoc`).
    pub(crate) fn current(&self) -> String {
        match (&*self.base.borrow(), self.page.as_ref()) {
            (Some(base), _) | (None, Some(base)) => base.to_string(),
            (None, None) => String::new(),
        }
    }
}

/// `(host, port, path-and-query)` of a URL that is fetched from a host; `None` for `data:`,
/// `blob:`, `javascript:` and other URLs without one.
pub(crate) fn location(url: &Url) -> Option<(&str, Option<u16>, &str)> {
    let host = url.host_str()?;
    Some((
        host,
        url.port_or_known_default(),
        &url[Position::BeforePath..Position::AfterQuery],
    ))
}

/// The text a `data:` URL holds (percent-decoded, and base64-decoded when it says so), as
/// the document or script it is would be read; `None` for other URLs.
pub(crate) fn data_text(url: &Url) -> Option<String> {
    if url.scheme() != "data" {
        return None;
    }
    let body = &url[Position::BeforePath..];
    let (header, payload) = body.split_once(',')?;
    let bytes: Vec<u8> = percent_encoding::percent_decode_str(payload).collect();
    let bytes = if header.trim_end().to_ascii_lowercase().ends_with(";base64") {
        use base64::Engine;
        let compact: Vec<u8> = bytes
            .into_iter()
            .filter(|b| !b.is_ascii_whitespace())
            .collect();
        base64::engine::general_purpose::STANDARD
            .decode(&compact)
            .or_else(|_| base64::engine::general_purpose::STANDARD_NO_PAD.decode(&compact))
            .ok()?
    } else {
        bytes
    };
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host(page: &PageUrls, raw: &str) -> Option<String> {
        page.read(raw).and_then(|u| u.host_str().map(str::to_owned))
    }

    /// Each form browsers fetch from `analytics.localhost`, as the WHATWG URL standard (and
    /// its test suite, urltestdata.json) parses it.
    #[test]
    fn every_spelling_of_a_host_is_read_as_the_browser_reads_it() {
        let page = PageUrls::new("http://127.0.0.1:8790/kontakt/");
        for raw in [
            "http://analytics.localhost:8793/a.js",
            "http://analytics&#46;localhost:8793/a.js",
            "http:&#x2F;&#x2F;analytics.localhost/a.js",
            "http:///analytics.localhost/a.js",
            "/\\analytics.localhost/a.js",
            "http:\\\\analytics.localhost/a.js",
            "ht\ttp://analytics.localhost/a.js",
            "ht&Tab;tp://analytics.localhost/a.js",
            "http://analytics%2Elocalhost/a.js",
            "http://analytics.localhost\\@127.0.0.1/a.js",
            "//analytics.localhost/a.js",
            "  HTTP://ANALYTICS.LOCALHOST./a.js",
            "http://user:pw@analytics.localhost/",
            "\u{0}http://analytics.localhost/",
        ] {
            let read = host(&page, raw);
            assert!(
                read.as_deref()
                    .is_some_and(|h| h.trim_end_matches('.') == "analytics.localhost"),
                "{raw:?} read as {read:?}"
            );
        }
    }

    #[test]
    fn userinfo_does_not_hide_the_real_host() {
        let page = PageUrls::new("https://www.klinik.se/");
        assert_eq!(
            host(&page, "https://analytics.localhost@127.0.0.1/").as_deref(),
            Some("127.0.0.1")
        );
    }

    #[test]
    fn relative_urls_follow_the_first_base() {
        let page = PageUrls::new("https://www.klinik.se/a/b");
        assert_eq!(host(&page, "x.js").as_deref(), Some("www.klinik.se"));
        page.set_base("http://analytics.localhost:8793/");
        page.set_base("https://ignored.example/");
        let read = page.read("a.js").expect("url");
        assert_eq!(read.as_str(), "http://analytics.localhost:8793/a.js");
        assert_eq!(
            location(&read),
            Some(("analytics.localhost", Some(8793), "/a.js"))
        );
    }

    #[test]
    fn urls_without_a_host_load_from_none() {
        let page = PageUrls::new("https://www.klinik.se/");
        for raw in [
            "data:text/javascript,1",
            "javascript:void(0)",
            "blob:https://www.klinik.se/x",
            "about:blank",
        ] {
            assert_eq!(page.read(raw).as_ref().and_then(location), None, "{raw}");
        }
        assert_eq!(host(&page, "#top").as_deref(), Some("www.klinik.se"));
    }

    #[test]
    fn a_data_url_is_read_as_the_text_it_holds() {
        let page = PageUrls::new("https://www.klinik.se/");
        let text = |raw: &str| page.read(raw).as_ref().and_then(data_text);
        assert_eq!(
            text("data:text/html,&lt;img src='http://pixel.localhost/p.gif?a=1#x'&gt;").as_deref(),
            Some("<img src='http://pixel.localhost/p.gif?a=1#x'>")
        );
        assert_eq!(text("data:text/html,%3Cp%3Ehej").as_deref(), Some("<p>hej"));
        // base64 of `<img src=http://pixel.localhost/>`
        assert_eq!(
            text("data:text/html;base64,PGltZyBzcmM9aHR0cDovL3BpeGVsLmxvY2FsaG9zdC8+").as_deref(),
            Some("<img src=http://pixel.localhost/>")
        );
        assert_eq!(text("https://www.klinik.se/"), None);
    }

    #[test]
    fn srcset_candidates_are_each_read() {
        let page = PageUrls::new("https://www.klinik.se/");
        let urls = page.read_srcset("/a.png 1x, http://pixel&#46;localhost/p.png 2x");
        let hosts: Vec<_> = urls.iter().filter_map(Url::host_str).collect();
        assert_eq!(hosts, ["www.klinik.se", "pixel.localhost"]);
    }
}
