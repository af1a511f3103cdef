//! Whether a state-changing browser request comes from the site's own pages: the rule for the
//! no-JavaScript consent form, which a foreign page must not be able to submit for a visitor.

/// The request headers that say where a submission came from.
#[derive(Debug, Clone, Copy, Default)]
pub struct Provenance<'a> {
    /// `Sec-Fetch-Site` (every current browser sends it).
    pub sec_fetch_site: Option<&'a str>,
    /// `Origin` (sent on every cross-origin POST, and same-origin ones in most browsers).
    pub origin: Option<&'a str>,
    /// `Referer`, for old browsers that send neither of the above.
    pub referer: Option<&'a str>,
}

/// Whether a form submission with this provenance came from `own_origin`'s pages
/// (`https://www.klinik.se`). `Sec-Fetch-Site` decides when present (`same-origin`, or
/// `none` for a user's own navigation); else `Origin`; else a `Referer` on another origin
/// refuses. A request with none of them (an old browser with referrers switched off, or a
/// non-browser client, which holds no visitor's cookies) is let through.
pub fn from_own_pages(provenance: Provenance<'_>, own_origin: &str) -> bool {
    if let Some(site) = provenance.sec_fetch_site {
        return matches!(site.trim(), "same-origin" | "none");
    }
    if let Some(origin) = provenance.origin {
        return origin.trim().eq_ignore_ascii_case(own_origin);
    }
    match provenance.referer {
        Some(referer) => referer
            .strip_prefix(own_origin)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(['/', '?', '#'])),
        None => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OWN: &str = "https://www.klinik.se";

    fn with(
        sec_fetch_site: Option<&'static str>,
        origin: Option<&'static str>,
        referer: Option<&'static str>,
    ) -> bool {
        from_own_pages(
            Provenance {
                sec_fetch_site,
                origin,
                referer,
            },
            OWN,
        )
    }

    #[test]
    fn fetch_metadata_decides_when_sent() {
        assert!(with(Some("same-origin"), Some(OWN), None));
        assert!(with(Some("none"), None, None));
        assert!(!with(Some("cross-site"), Some(OWN), None));
        assert!(!with(Some("same-site"), None, None));
    }

    #[test]
    fn origin_then_referer_decide_for_older_browsers() {
        assert!(with(None, Some(OWN), None));
        assert!(!with(None, Some("https://evil.example"), None));
        assert!(!with(None, Some("null"), None));
        assert!(with(None, None, Some("https://www.klinik.se/kontakt")));
        assert!(!with(
            None,
            None,
            Some("https://www.klinik.se.evil.example/")
        ));
        assert!(!with(
            None,
            None,
            Some("https://evil.example/?https://www.klinik.se")
        ));
        assert!(with(None, None, None));
    }
}
