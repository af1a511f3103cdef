//! Which pages to scan: the site's `sitemap.xml` when it has one, else the links found on
//! the pages scanned so far, same-site only, each page once, at most N.

use std::collections::{HashSet, VecDeque};

use url::Url;

use crate::browser::site_of;

/// The pages still to scan, in order, and those already taken.
pub(crate) struct Frontier {
    site: String,
    queue: VecDeque<String>,
    seen: HashSet<String>,
    limit: usize,
    taken: usize,
}

impl Frontier {
    /// A crawl of at most `limit` pages of the site of `start` (every URL given on the
    /// command line is scanned, up to the limit).
    pub(crate) fn new(start: &[String], limit: usize) -> Self {
        let site = start
            .first()
            .map(|u| site_of(&crate::browser::host_of(u)))
            .unwrap_or_default();
        let mut frontier = Self {
            site,
            queue: VecDeque::new(),
            seen: HashSet::new(),
            limit,
            taken: 0,
        };
        for url in start {
            frontier.offer(url);
        }
        frontier
    }

    /// Add a page if it is on the site, an HTML page by its look, and new.
    pub(crate) fn offer(&mut self, url: &str) {
        let Some(url) = normalise(url) else {
            return;
        };
        if site_of(&crate::browser::host_of(&url)) != self.site {
            return;
        }
        if self.seen.insert(url.clone()) {
            self.queue.push_back(url);
        }
    }

    /// The next page to scan, while the limit allows.
    pub(crate) fn next_page(&mut self) -> Option<String> {
        if self.taken >= self.limit {
            return None;
        }
        let next = self.queue.pop_front()?;
        self.taken += 1;
        Some(next)
    }

    /// How many pages the crawl will scan at most, as far as is known now.
    pub(crate) fn planned(&self) -> usize {
        (self.taken + self.queue.len()).min(self.limit)
    }
}

/// `http(s)` URLs without their fragment; files that are not pages are left out.
fn normalise(url: &str) -> Option<String> {
    let mut url = Url::parse(url).ok()?;
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    url.set_fragment(None);
    let path = url.path().to_ascii_lowercase();
    const NOT_PAGES: [&str; 12] = [
        ".pdf", ".jpg", ".jpeg", ".png", ".gif", ".svg", ".webp", ".zip", ".css", ".js", ".xml",
        ".ico",
    ];
    if NOT_PAGES.iter().any(|ext| path.ends_with(ext)) {
        return None;
    }
    Some(url.to_string())
}

/// The page URLs a `sitemap.xml` lists (`<url><loc>`); a sitemap index's child sitemaps are
/// returned separately, to be fetched in turn.
pub(crate) fn sitemap_locations(xml: &str) -> (Vec<String>, Vec<String>) {
    let Ok(doc) = roxmltree::Document::parse(xml) else {
        return (Vec::new(), Vec::new());
    };
    let root = doc.root_element();
    let locs = |parent: &str| -> Vec<String> {
        root.children()
            .filter(|n| n.tag_name().name() == parent)
            .filter_map(|n| n.children().find(|c| c.tag_name().name() == "loc"))
            .filter_map(|loc| loc.text())
            .map(|t| t.trim().to_owned())
            .collect()
    };
    match root.tag_name().name() {
        "urlset" => (locs("url"), Vec::new()),
        "sitemapindex" => (Vec::new(), locs("sitemap")),
        _ => (Vec::new(), Vec::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_new_same_site_pages_are_taken_up_to_the_limit() {
        let mut frontier = Frontier::new(&["https://www.klinik.se/".into()], 3);
        frontier.offer("https://www.klinik.se/#main");
        frontier.offer("https://boka.klinik.se/tider");
        frontier.offer("https://www.annan.se/");
        frontier.offer("https://www.klinik.se/broschyr.pdf");
        frontier.offer("mailto:info@klinik.se");
        frontier.offer("https://www.klinik.se/om-oss");
        frontier.offer("https://www.klinik.se/kontakt");
        let pages: Vec<_> = std::iter::from_fn(|| frontier.next_page()).collect();
        assert_eq!(
            pages,
            [
                "https://www.klinik.se/",
                "https://boka.klinik.se/tider",
                "https://www.klinik.se/om-oss"
            ]
        );
    }

    #[test]
    fn a_sitemap_and_a_sitemap_index_are_read() {
        let set = r#"<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
            <url><loc> https://www.klinik.se/ </loc></url><url><loc>https://www.klinik.se/om-oss</loc></url></urlset>"#;
        assert_eq!(
            sitemap_locations(set),
            (
                vec![
                    "https://www.klinik.se/".into(),
                    "https://www.klinik.se/om-oss".into()
                ],
                vec![]
            )
        );
        let index = r#"<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>https://www.klinik.se/s1.xml</loc></sitemap></sitemapindex>"#;
        assert_eq!(
            sitemap_locations(index),
            (vec![], vec!["https://www.klinik.se/s1.xml".into()])
        );
        assert_eq!(sitemap_locations("not xml"), (vec![], vec![]));
    }
}
