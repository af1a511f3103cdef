//! The consent cookie the edge can read, and which cookies a decision forces us to delete.

use time::{Duration, OffsetDateTime};

use crate::config::{Language, SiteConfig};
use crate::decision::{Choices, Decision, Method};

/// Name of the first-party cookie holding the decision.
pub const CONSENT_COOKIE: &str = "samtycke";

/// Format tag at the start of the cookie value.
const FORMAT: &str = "s2";

impl Decision {
    /// The decision as a cookie value:
    /// `s2.<revision>.<policy revision>.<unix seconds>.<method>.<language>.<granted…>`,
    /// granted categories joined by `+`. Only cookie-safe characters.
    pub fn to_cookie_value(&self) -> String {
        let granted: Vec<&str> = self
            .choices
            .iter()
            .filter(|(_, granted)| **granted)
            .map(|(id, _)| id.as_str())
            .collect();
        format!(
            "{FORMAT}.{}.{}.{}.{}.{}.{}",
            self.revision,
            self.policy_revision,
            self.decided_at.unix_timestamp(),
            method_tag(self.method),
            self.language,
            granted.join("+"),
        )
    }

    /// The `Set-Cookie` / `document.cookie` assignment that stores this decision at `now`:
    /// first-party, `SameSite=Lax`, `Secure`, living until the cookie lifetime (counted from
    /// the decision) or the decision itself ends, whichever is first. Set again later (as the
    /// edge does on every page), it never outlives the decision.
    pub fn cookie_assignment(&self, config: &SiteConfig, now: OffsetDateTime) -> String {
        let domain = match config.site.as_ref().map(|s| s.cookie_domain.as_str()) {
            Some(domain) if !domain.is_empty() => format!("; Domain={domain}"),
            _ => String::new(),
        };
        let cookie_ends = self.decided_at + Duration::days(i64::from(config.cookie_lifetime_days));
        let ends = cookie_ends.min(self.expires_at(config));
        let max_age = (ends - now).whole_seconds().max(0);
        format!(
            "{CONSENT_COOKIE}={}; Path=/; Max-Age={max_age}; SameSite=Lax; Secure{domain}",
            self.to_cookie_value(),
        )
    }

    /// The decision the consent cookie holds in `cookies` (a `Cookie` header or
    /// `document.cookie`); `None` (ask again) when there is none, or it is malformed, stale or
    /// expired.
    pub fn from_cookies(cookies: &str, config: &SiteConfig, now: OffsetDateTime) -> Option<Self> {
        find_cookie(cookies, CONSENT_COOKIE)
            .and_then(|value| Self::from_cookie_value(value, config, now))
    }

    /// Read a cookie value; `None` (ask again) when malformed, stale or expired.
    pub fn from_cookie_value(
        value: &str,
        config: &SiteConfig,
        now: OffsetDateTime,
    ) -> Option<Self> {
        let mut parts = value.split('.');
        if parts.next()? != FORMAT {
            return None;
        }
        let revision = parts.next()?.parse().ok()?;
        let policy_revision = parts.next()?.parse().ok()?;
        let decided_at = OffsetDateTime::from_unix_timestamp(parts.next()?.parse().ok()?).ok()?;
        let method = parse_method(parts.next()?)?;
        let language = Language::parse(parts.next()?).ok()?;
        let granted: Vec<&str> = parts.next()?.split('+').collect();
        if parts.next().is_some() || granted.iter().any(|id| config.category(id).is_none()) {
            return None;
        }
        let choices: Choices = crate::decision::choices(
            config
                .categories
                .iter()
                .map(|c| (c.id.clone(), granted.contains(&c.id.as_str()))),
        );
        Some(Self {
            choices,
            method,
            language,
            revision,
            policy_revision,
            decided_at,
        })
        .filter(|d| d.is_current(config, now))
    }
}

/// The `(name, value)` pairs of a `Cookie` header or `document.cookie` string.
fn cookie_pairs(cookies: &str) -> impl Iterator<Item = (&str, &str)> {
    cookies
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .filter(|(name, _)| !name.is_empty())
}

/// The value of cookie `name` in a `Cookie` header or `document.cookie` string.
pub fn find_cookie<'a>(cookies: &'a str, name: &str) -> Option<&'a str> {
    cookie_pairs(cookies)
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// Every cookie name in a `Cookie` header or `document.cookie` string.
pub fn cookie_names(cookies: &str) -> Vec<&str> {
    cookie_pairs(cookies).map(|(name, _)| name).collect()
}

fn method_tag(method: Method) -> &'static str {
    match method {
        Method::AcceptAll => "accept-all",
        Method::RejectAll => "reject-all",
        Method::Custom => "custom",
        Method::Gpc => "gpc",
        Method::NoJs => "no-js",
        Method::EId => "e-id",
    }
}

fn parse_method(tag: &str) -> Option<Method> {
    [
        Method::AcceptAll,
        Method::RejectAll,
        Method::Custom,
        Method::Gpc,
        Method::NoJs,
    ]
    .into_iter()
    .find(|m| method_tag(*m) == tag)
}

/// Names among `present` (the cookies the browser has) that belong to categories the
/// decision denies, matched by exact name or by a `prefix*` pattern from the configuration.
/// With no decision in force (none yet, or one made under an earlier configuration or
/// privacy notice), every category but the required ones is denied: what an earlier consent
/// let be stored does not outlive it.
pub fn cookies_to_delete(
    decision: Option<&Decision>,
    config: &SiteConfig,
    present: &[&str],
) -> Vec<String> {
    let gate = crate::gate::Gate::new(config, decision);
    present
        .iter()
        .filter(|name| {
            gate.cookie_category(name).is_some_and(|category| {
                !category.required && !decision.is_some_and(|d| d.allows(&category.id))
            })
        })
        .map(|name| (*name).to_owned())
        .collect()
}

/// Domains a cookie may have been set on from `host`: none for an IP address or a
/// single-label host (host-only cookies), else the host and each parent with two or more
/// labels (`www.region.se` → `www.region.se`, `region.se`).
pub fn deletion_domains(host: &str) -> Vec<String> {
    let is_ip = host.parse::<std::net::IpAddr>().is_ok() || host.starts_with('[');
    let labels: Vec<&str> = host.split('.').collect();
    if is_ip || labels.len() < 2 {
        return Vec::new();
    }
    (0..=labels.len() - 2)
        .map(|i| labels[i..].join("."))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-11-23 12:00 UTC);

    fn config() -> SiteConfig {
        SiteConfig::bundled().unwrap()
    }

    #[test]
    fn cookie_value_round_trips() {
        let config = config();
        for d in [
            Decision::accept_all(&config, Language::SV, NOW),
            Decision::reject_all(&config, Language::EN, NOW),
        ] {
            let value = d.to_cookie_value();
            assert!(
                value
                    .bytes()
                    .all(|b| b.is_ascii_graphic() && b != b';' && b != b',')
            );
            assert_eq!(Decision::from_cookie_value(&value, &config, NOW), Some(d));
        }
        assert_eq!(
            Decision::reject_all(&config, Language::SV, NOW).to_cookie_value(),
            format!("s2.1.1.{}.reject-all.sv.necessary", NOW.unix_timestamp())
        );
    }

    #[test]
    fn cookie_assignment_is_first_party_lax_secure_with_the_configured_lifetime() {
        let config = config();
        let d = Decision::reject_all(&config, Language::SV, NOW);
        assert_eq!(
            d.cookie_assignment(&config, NOW),
            format!(
                "samtycke={}; Path=/; Max-Age={}; SameSite=Lax; Secure",
                d.to_cookie_value(),
                u64::from(config.cookie_lifetime_days) * 86_400
            )
        );
    }

    #[test]
    fn set_again_later_the_cookie_never_outlives_the_decision() {
        let mut config = config();
        let d = Decision::accept_all(&config, Language::SV, NOW);
        let max_age = |config: &SiteConfig, now| {
            let assignment = d.cookie_assignment(config, now);
            let (_, rest) = assignment.split_once("Max-Age=").expect("max-age");
            rest.split(';')
                .next()
                .expect("value")
                .parse::<i64>()
                .expect("seconds")
        };
        let ten_days = time::Duration::days(10);
        assert_eq!(
            max_age(&config, NOW + ten_days),
            i64::from(config.cookie_lifetime_days - 10) * 86_400
        );
        // A cookie lifetime longer than the decision's: the decision's end wins.
        config.consent_lifetime_days = 30;
        config.cookie_lifetime_days = 395;
        assert_eq!(max_age(&config, NOW + ten_days), 20 * 86_400);
        assert_eq!(max_age(&config, NOW + time::Duration::days(31)), 0);
    }

    #[test]
    fn a_site_sharing_consent_across_subdomains_sets_the_cookie_on_its_domain() {
        let mut config = config();
        let mut site: crate::config::SiteBinding = serde_json::from_value(serde_json::json!({
            "id": "region", "hostnames": ["www.region.se"], "cookie_domain": "region.se"
        }))
        .expect("binding");
        config.site = Some(site.clone());
        let d = Decision::reject_all(&config, Language::SV, NOW);
        assert!(
            d.cookie_assignment(&config, NOW)
                .ends_with("; Secure; Domain=region.se")
        );
        site.cookie_domain.clear();
        config.site = Some(site);
        assert!(d.cookie_assignment(&config, NOW).ends_with("; Secure"));
    }

    #[test]
    fn the_decision_is_found_among_the_other_cookies() {
        let config = config();
        let d = Decision::reject_all(&config, Language::SV, NOW);
        let header = format!(
            "klinik_session=1; {CONSENT_COOKIE}={}; _ga=x",
            d.to_cookie_value()
        );
        assert_eq!(Decision::from_cookies(&header, &config, NOW), Some(d));
        assert_eq!(
            Decision::from_cookies("klinik_session=1", &config, NOW),
            None
        );
    }

    #[test]
    fn bad_or_stale_cookie_means_ask_again() {
        let config = config();
        let ok = Decision::accept_all(&config, Language::SV, NOW).to_cookie_value();
        let stale = ok.replacen("s2.1.", "s2.0.", 1);
        let old_policy = ok.replacen("s2.1.1.", "s2.1.0.", 1);
        let unknown = format!("{ok}+marketing");
        let no_necessary = ok.replace("analytics+necessary", "analytics");
        for value in [
            "",
            "s2",
            "s1.1.0.custom.sv.necessary",
            &stale,
            &old_policy,
            &unknown,
            &no_necessary,
        ] {
            assert_eq!(
                Decision::from_cookie_value(value, &config, NOW),
                None,
                "{value}"
            );
        }
    }

    #[test]
    fn denied_categories_lose_their_cookies_by_name_or_pattern() {
        let config = config();
        let present = ["_pk_id.1.abcd", "_pk_ses.1.abcd", "samtycke", "_pk_other"];
        let rejected = Decision::reject_all(&config, Language::SV, NOW);
        assert_eq!(
            cookies_to_delete(Some(&rejected), &config, &present),
            vec!["_pk_id.1.abcd", "_pk_ses.1.abcd"]
        );
        let accepted = Decision::accept_all(&config, Language::SV, NOW);
        assert!(cookies_to_delete(Some(&accepted), &config, &present).is_empty());
    }

    #[test]
    fn without_a_decision_in_force_only_necessary_cookies_stay() {
        let config = config();
        let present = ["_pk_id.1.abcd", "samtycke", "_pk_other"];
        assert_eq!(
            cookies_to_delete(None, &config, &present),
            vec!["_pk_id.1.abcd"]
        );
    }

    #[test]
    fn finds_a_cookie_among_others() {
        let header = "a=1; samtycke=s1.1.2.custom.sv.necessary; samtycke_x=3";
        assert_eq!(
            find_cookie(header, "samtycke"),
            Some("s1.1.2.custom.sv.necessary")
        );
        assert_eq!(find_cookie(header, "missing"), None);
        assert_eq!(cookie_names(header), vec!["a", "samtycke", "samtycke_x"]);
    }

    #[test]
    fn deletion_domains_cover_host_and_parents() {
        assert_eq!(
            deletion_domains("www.region.se"),
            vec!["www.region.se", "region.se"]
        );
        assert!(deletion_domains("127.0.0.1").is_empty());
        assert!(deletion_domains("localhost").is_empty());
    }
}
