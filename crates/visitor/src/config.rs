//! Site configuration: the consent categories a site asks about, and their validation.

use serde::{Deserialize, Serialize};

use crate::consent_csp::CspMode;

pub use crate::language::Language;

/// A text given in several languages (`{ "sv": "…", "en": "…" }`), in the order written.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Texts(Vec<(Language, String)>);

impl Texts {
    /// A text from `(language, text)` pairs; a later pair for the same language replaces it.
    pub fn new(pairs: impl IntoIterator<Item = (Language, String)>) -> Self {
        let mut texts = Self::default();
        for (language, text) in pairs {
            texts.insert(language, text);
        }
        texts
    }

    /// Set the text in `language`.
    pub fn insert(&mut self, language: Language, text: String) {
        match self.0.iter_mut().find(|(l, _)| *l == language) {
            Some(slot) => slot.1 = text,
            None => self.0.push((language, text)),
        }
    }

    /// The text in `language` exactly, if given.
    pub fn exact(&self, language: Language) -> Option<&str> {
        self.0
            .iter()
            .find(|(l, _)| *l == language)
            .map(|(_, text)| text.as_str())
    }

    /// The text in `language`; else in the same primary language; else the first one written
    /// (validation makes sure every language a site offers is given).
    pub fn get(&self, language: Language) -> &str {
        crate::language::closest(language, &self.0, |(l, _)| *l)
            .or_else(|| self.0.first())
            .map_or("", |(_, text)| text.as_str())
    }

    /// The languages given, in the order written.
    pub fn languages(&self) -> impl Iterator<Item = Language> + '_ {
        self.0.iter().map(|(l, _)| *l)
    }
}

impl Serialize for Texts {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (language, text) in &self.0 {
            map.serialize_entry(language, text)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Texts {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Texts;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(
                    "an object of texts by language tag, e.g. { \"sv\": \"…\", \"en\": \"…\" }",
                )
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Texts, A::Error> {
                let mut texts = Texts::default();
                while let Some((language, text)) = map.next_entry::<Language, String>()? {
                    if texts.exact(language).is_some() {
                        return Err(serde::de::Error::custom(format!(
                            "language `{language}` is given twice"
                        )));
                    }
                    texts.0.push((language, text));
                }
                Ok(texts)
            }
        }
        deserializer.deserialize_map(Visitor)
    }
}

/// The organisation responsible for the processing (GDPR Art. 4(7)).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Controller {
    /// Legal name.
    pub name: String,
    /// Swedish organisation number.
    pub organisation_number: String,
    /// Where people reach the controller about their data.
    pub contact: String,
}

/// One cookie a service sets: an exact name or a pattern ending in `*`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CookieSpec {
    /// Cookie name, or a prefix followed by `*`.
    pub name: String,
    /// Domain the cookie is set on; empty means the current host.
    #[serde(default)]
    pub domain: String,
    /// How long the cookie lives.
    pub lifetime_days: u32,
}

/// A third- or first-party service that runs in a category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Service {
    /// Stable identifier.
    pub id: String,
    /// Name shown to visitors.
    pub name: String,
    /// Cookies the service sets.
    #[serde(default)]
    pub cookies: Vec<CookieSpec>,
    /// Hosts its scripts, frames, images and stylesheets load from: `cdn.example.com`, or
    /// `*.example.com` for the domain and every subdomain (ports are ignored).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hosts: Vec<String>,
    /// URL prefixes without the scheme (`example.com/pixel`), optionally ending in `*`, for a
    /// service that shares its host with others (or with the site itself).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub urls: Vec<String>,
    /// Text that marks an inline `<script>` as this service's snippet (`googletagmanager.com`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inline: Vec<String>,
}

/// A purpose the visitor can grant or deny as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    /// Stable identifier used in decisions and receipts (`necessary`, `analytics`, …).
    pub id: String,
    /// Always on; cannot be denied.
    #[serde(default)]
    pub required: bool,
    /// Term from the W3C Data Privacy Vocabulary naming the purpose.
    pub dpv_purpose: String,
    /// Short name.
    pub label: Texts,
    /// What the category is for.
    pub description: Texts,
    /// Services that run in the category.
    #[serde(default)]
    pub services: Vec<Service>,
    /// Google Consent Mode v2 signals granted with this category.
    #[serde(default)]
    pub consent_mode: Vec<String>,
}

/// Everything a site owner configures about consent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteConfig {
    /// Bump to ask every visitor again.
    pub revision: u32,
    /// Who is responsible.
    pub controller: Controller,
    /// Where the privacy policy lives.
    pub policy_url: String,
    /// How long a decision stays valid before the visitor is asked again.
    pub consent_lifetime_days: u32,
    /// Lifetime of the consent cookie.
    pub cookie_lifetime_days: u32,
    /// Language used when nothing else is known; one of `languages`.
    #[serde(default)]
    pub default_language: Language,
    /// The languages the banner and dialog are offered in, the switch lists them in this
    /// order. Each needs the catalogue's texts ([`crate::texts`]) or the site's own (`texts`).
    #[serde(default = "default_languages")]
    pub languages: Vec<Language>,
    /// The site's own wording of banner texts, by the catalogue's key
    /// ([`crate::texts::BannerTexts::KEYS`]) and language; read at run time, no rebuild.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub texts: std::collections::BTreeMap<String, Texts>,
    /// The categories, `necessary` first.
    pub categories: Vec<Category>,
    /// Where this configuration applies when one deployment serves many sites.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<SiteBinding>,
    /// [`Self::content_hash`]: set by whoever hashes the configuration (receipts cite it).
    #[serde(skip)]
    hash: String,
    /// `material_revision` of the privacy notice at `policy_url` (set for the bundled
    /// configuration at build time); a decision made under another one is asked again.
    #[serde(skip)]
    pub policy_revision: u32,
}

/// How a configuration is bound to a website: its hosts, its origin (edge mode), the pages
/// that may embed the banner (embed mode), its consent cookie's domain, its colours and texts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteBinding {
    /// Stable identifier (the embed tag's `data-site`, and the key it is published under).
    pub id: String,
    /// Host names (with `:port` where one is used) the Worker serves this site on.
    #[serde(default)]
    pub hostnames: Vec<String>,
    /// Edge mode: the site's own server (`https://origin.klinik.se`), which the Worker
    /// fetches every page from that is not one of Samtycke's own routes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    /// Embed mode: origins of the pages that may load the banner and post receipts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub embed_origins: Vec<String>,
    /// Share the consent cookie across this registrable domain's subdomains
    /// (`klinik.se`); empty keeps it on the one host.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub cookie_domain: String,
    /// Banner colours.
    #[serde(default)]
    pub theme: Theme,
    /// Edge mode: whether the consent policy (Content-Security-Policy from the visitor's
    /// decision) is enforced (the default) or only reported, for a trial period.
    #[serde(default, skip_serializing_if = "CspMode::is_default")]
    pub csp: CspMode,
}

/// The banner's colours, as CSS hex colours (`#0b5394`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Theme {
    /// Buttons, borders and links.
    pub accent: String,
    /// Banner background.
    pub background: String,
    /// Banner text.
    pub text: String,
}

impl Default for Theme {
    fn default() -> Self {
        Self {
            accent: "#0b5394".into(),
            background: "#ffffff".into(),
            text: "#1b1b1f".into(),
        }
    }
}

impl Theme {
    /// WCAG contrast ratio of two `#rrggbb` colours; `None` when one is not such a colour.
    pub fn contrast(a: &str, b: &str) -> Option<f64> {
        let (la, lb) = (relative_luminance(a)?, relative_luminance(b)?);
        let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
        Some((hi + 0.05) / (lo + 0.05))
    }
}

fn relative_luminance(hex: &str) -> Option<f64> {
    let hex = hex.strip_prefix('#')?;
    if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let channel = |i: usize| {
        let v = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0)) / 255.0;
        if v <= 0.039_28 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    Some(0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4))
}

impl CookieSpec {
    /// Whether a cookie called `name` is this one (exact name, or the `prefix*` pattern).
    pub fn matches(&self, name: &str) -> bool {
        match self.name.strip_suffix('*') {
            Some(prefix) => name.starts_with(prefix),
            None => name == self.name,
        }
    }
}

/// Longest consent the guidance accepts: about 13 months.
pub const MAX_LIFETIME_DAYS: u32 = 395;

/// Why a configuration file is unusable; names the field and what is wrong with it.
pub type ConfigError = crate::file_error::FileError;

impl SiteConfig {
    /// Parse and validate a configuration; `file` names it in errors.
    pub fn parse(file: &str, text: &str) -> Result<Self, ConfigError> {
        let config = Self::read_validated(file, text)?;
        config.validate(file)?;
        Ok(config)
    }

    /// Read a configuration that [`Self::parse`] has already validated where it came from: the
    /// Worker's `/config.json` (the Worker parses every configuration it serves) or the
    /// deployment's own file (validated when it is built). Only its syntax is checked here: the
    /// banner's app reads configurations this way, so the validation rules are not part of its
    /// download.
    pub fn read_validated(file: &str, text: &str) -> Result<Self, ConfigError> {
        serde_json::from_str(text).map_err(|e| ConfigError::Syntax {
            file: file.to_owned(),
            message: e.to_string(),
        })
    }

    /// `sha256:` and the hex digest of the configuration's canonical JSON, once
    /// [`Self::set_content_hash`] has recorded it; empty before.
    pub fn content_hash(&self) -> &str {
        &self.hash
    }

    /// Record the configuration's content hash (`samtycke_receipts::receipt::config_hash`).
    pub fn set_content_hash(&mut self, hash: String) {
        self.hash = hash;
    }

    /// The category with this id.
    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    fn validate(&self, file: &str) -> Result<(), ConfigError> {
        let invalid = |field: String, problem: &str| ConfigError::Invalid {
            file: file.to_owned(),
            field,
            problem: problem.to_owned(),
        };
        if self.revision == 0 {
            return Err(invalid("revision".into(), "must be 1 or more"));
        }
        if self.consent_lifetime_days == 0 || self.consent_lifetime_days > MAX_LIFETIME_DAYS {
            return Err(invalid(
                "consent_lifetime_days".into(),
                "must be between 1 and 395 days (13 months)",
            ));
        }
        if self.cookie_lifetime_days == 0 || self.cookie_lifetime_days > MAX_LIFETIME_DAYS {
            return Err(invalid(
                "cookie_lifetime_days".into(),
                "must be between 1 and 395 days (13 months)",
            ));
        }
        if self.controller.name.trim().is_empty() {
            return Err(invalid("controller.name".into(), "must not be empty"));
        }
        if self.policy_url.trim().is_empty() {
            return Err(invalid("policy_url".into(), "must not be empty"));
        }
        crate::site_texts::languages(self, file)?;
        match self.categories.first() {
            Some(first) if first.id == "necessary" && first.required => {}
            _ => {
                return Err(invalid(
                    "categories[0]".into(),
                    "must be the `necessary` category with `required: true`",
                ));
            }
        }
        for (i, category) in self.categories.iter().enumerate() {
            let field = |name: &str| format!("categories[{i}].{name}");
            if !is_identifier(&category.id) {
                return Err(invalid(
                    field("id"),
                    "must be lowercase letters, digits or `_`, 1–32 characters",
                ));
            }
            if self.categories[..i].iter().any(|c| c.id == category.id) {
                return Err(invalid(field("id"), "is used by an earlier category"));
            }
            if i > 0 && category.required {
                return Err(invalid(
                    field("required"),
                    "only `necessary` may be required; every other purpose needs consent",
                ));
            }
            if !category.dpv_purpose.starts_with("dpv:") {
                return Err(invalid(field("dpv_purpose"), "must be a `dpv:` term"));
            }
            crate::site_texts::every_language(self, &category.label, &field("label"), file)?;
            crate::site_texts::every_language(
                self,
                &category.description,
                &field("description"),
                file,
            )?;
            for (n, signal) in category.consent_mode.iter().enumerate() {
                if !crate::consent_mode::SIGNALS.contains(&signal.as_str()) {
                    return Err(invalid(
                        field(&format!("consent_mode[{n}]")),
                        "must be ad_storage, ad_user_data, ad_personalization or analytics_storage",
                    ));
                }
            }
            for (s, service) in category.services.iter().enumerate() {
                let at = field(&format!("services[{s}]"));
                for (h, host) in service.hosts.iter().enumerate() {
                    let bare = host.strip_prefix("*.").unwrap_or(host);
                    if bare.is_empty() || !bare.bytes().all(is_host_byte) {
                        return Err(invalid(
                            format!("{at}.hosts[{h}]"),
                            "must be a host name, optionally starting with `*.`",
                        ));
                    }
                }
                for (u, url) in service.urls.iter().enumerate() {
                    let prefix = url.strip_suffix('*').unwrap_or(url);
                    if prefix.contains("://")
                        || !prefix.contains('/')
                        || prefix.contains('*')
                        || !prefix.bytes().all(is_url_byte)
                    {
                        return Err(invalid(
                            format!("{at}.urls[{u}]"),
                            "must be `host/path` without the scheme, optionally ending in `*`",
                        ));
                    }
                }
                for (n, marker) in service.inline.iter().enumerate() {
                    if marker.trim().len() < 4 {
                        return Err(invalid(
                            format!("{at}.inline[{n}]"),
                            "must be at least 4 characters, so it marks only this snippet",
                        ));
                    }
                }
                for (c, cookie) in service.cookies.iter().enumerate() {
                    let at = field(&format!("services[{s}].cookies[{c}]"));
                    let pattern = cookie.name.strip_suffix('*').unwrap_or(&cookie.name);
                    if pattern.is_empty() || pattern.contains('*') {
                        return Err(invalid(
                            format!("{at}.name"),
                            "must be a cookie name, optionally ending in a single `*`",
                        ));
                    }
                    if cookie.lifetime_days > MAX_LIFETIME_DAYS {
                        return Err(invalid(
                            format!("{at}.lifetime_days"),
                            "must be at most 395 days (13 months)",
                        ));
                    }
                }
            }
        }
        if let Some(site) = &self.site {
            site.validate(file)?;
        }
        crate::site_texts::validate(self, file)
    }
}

/// Swedish and English, for a configuration that does not list its languages.
fn default_languages() -> Vec<Language> {
    vec![Language::SV, Language::EN]
}

impl SiteBinding {
    fn validate(&self, file: &str) -> Result<(), ConfigError> {
        let invalid = |field: String, problem: &str| ConfigError::Invalid {
            file: file.to_owned(),
            field: format!("site.{field}"),
            problem: problem.to_owned(),
        };
        if !(1..=64).contains(&self.id.len())
            || !self
                .id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            return Err(invalid(
                "id".into(),
                "must be lowercase letters, digits or `-`, 1–64 characters",
            ));
        }
        for (i, host) in self.hostnames.iter().enumerate() {
            if host.is_empty() || !host.bytes().all(|b| is_host_byte(b) || b == b':') {
                return Err(invalid(
                    format!("hostnames[{i}]"),
                    "must be a host name, optionally with `:port`",
                ));
            }
        }
        if let Some(origin) = &self.origin {
            if !is_origin(origin) {
                return Err(invalid(
                    "origin".into(),
                    "must be `https://host` or `http://host:port`, without a path",
                ));
            }
            if self.hostnames.is_empty() {
                return Err(invalid(
                    "hostnames".into(),
                    "edge mode (an `origin`) needs the host names the Worker serves the site on",
                ));
            }
        }
        for (i, origin) in self.embed_origins.iter().enumerate() {
            if !is_origin(origin) {
                return Err(invalid(
                    format!("embed_origins[{i}]"),
                    "must be `https://host` or `http://host:port`, without a path",
                ));
            }
        }
        if !self.cookie_domain.is_empty()
            && (!self.cookie_domain.contains('.') || !self.cookie_domain.bytes().all(is_host_byte))
        {
            return Err(invalid(
                "cookie_domain".into(),
                "must be a registrable domain such as `klinik.se`, or empty",
            ));
        }
        for (name, colour) in [
            ("accent", &self.theme.accent),
            ("background", &self.theme.background),
            ("text", &self.theme.text),
        ] {
            if relative_luminance(colour).is_none() {
                return Err(invalid(
                    format!("theme.{name}"),
                    "must be a `#rrggbb` colour",
                ));
            }
        }
        // WCAG 2.1 AA: 4.5:1 for text on the banner, and for button text on the accent.
        let text = Theme::contrast(&self.theme.text, &self.theme.background).unwrap_or(0.0);
        let accent = Theme::contrast(&self.theme.accent, &self.theme.background).unwrap_or(0.0);
        if text < 4.5 {
            return Err(invalid(
                "theme.text".into(),
                "must contrast 4.5:1 or more with theme.background (WCAG 2.1 AA)",
            ));
        }
        if accent < 4.5 {
            return Err(invalid(
                "theme.accent".into(),
                "must contrast 4.5:1 or more with theme.background (WCAG 2.1 AA)",
            ));
        }
        Ok(())
    }
}

/// A byte a `host/path` prefix may hold: visible ASCII that cannot end a policy token.
fn is_url_byte(b: u8) -> bool {
    b.is_ascii_graphic() && !matches!(b, b';' | b',' | b'\'' | b'"')
}

fn is_host_byte(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.'
}

fn is_origin(origin: &str) -> bool {
    let Some(rest) = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))
    else {
        return false;
    };
    !rest.is_empty() && rest.bytes().all(|b| is_host_byte(b) || b == b':')
}

fn is_identifier(id: &str) -> bool {
    (1..=32).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// The deployment's configuration (`config/site.json`), for the tests of this crate: the
/// deployment's own is loaded by `samtycke-deployment`, not by the rules.
#[cfg(test)]
pub(crate) const EXAMPLE: &str = include_str!("../../../config/site.json");

#[cfg(test)]
impl SiteConfig {
    /// [`EXAMPLE`], parsed, under material revision 1 of its privacy notice.
    pub(crate) fn bundled() -> Result<Self, ConfigError> {
        let mut config = Self::parse("config/site.json", EXAMPLE)?;
        config.policy_revision = 1;
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundled_json() -> serde_json::Value {
        serde_json::from_str(EXAMPLE).expect("bundled config is JSON")
    }

    fn parse_value(value: serde_json::Value) -> Result<SiteConfig, ConfigError> {
        SiteConfig::parse("site.json", &value.to_string())
    }

    #[test]
    fn bundled_config_is_valid() {
        let config = SiteConfig::bundled().expect("bundled config validates");
        assert_eq!(config.categories[0].id, "necessary");
        assert!(config.category("analytics").is_some());
    }

    #[test]
    fn syntax_error_names_file_and_position() {
        let err = SiteConfig::parse("site.json", "{\"revision\": }").unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("site.json: "), "{text}");
        assert!(text.contains("line 1"), "{text}");
    }

    #[test]
    fn lifetime_over_thirteen_months_is_refused() {
        let mut v = bundled_json();
        v["consent_lifetime_days"] = 400.into();
        assert_eq!(
            parse_value(v).unwrap_err(),
            ConfigError::Invalid {
                file: "site.json".into(),
                field: "consent_lifetime_days".into(),
                problem: "must be between 1 and 395 days (13 months)".into(),
            }
        );
    }

    #[test]
    fn only_necessary_may_be_required() {
        let mut v = bundled_json();
        v["categories"][1]["required"] = true.into();
        let err = parse_value(v).unwrap_err();
        assert!(
            matches!(err, ConfigError::Invalid { ref field, .. } if field == "categories[1].required")
        );
    }

    #[test]
    fn duplicate_and_malformed_ids_are_named() {
        let mut v = bundled_json();
        v["categories"][1]["id"] = "necessary".into();
        let err = parse_value(v).unwrap_err();
        assert!(
            matches!(err, ConfigError::Invalid { ref field, ref problem, .. }
            if field == "categories[1].id" && problem.contains("earlier"))
        );

        let mut v = bundled_json();
        v["categories"][1]["id"] = "Analytics!".into();
        let err = parse_value(v).unwrap_err();
        assert!(
            matches!(err, ConfigError::Invalid { ref field, .. } if field == "categories[1].id")
        );
    }

    #[test]
    fn necessary_must_come_first() {
        let mut v = bundled_json();
        let categories = v["categories"].as_array_mut().expect("array");
        categories.reverse();
        let err = parse_value(v).unwrap_err();
        assert!(matches!(err, ConfigError::Invalid { ref field, .. } if field == "categories[0]"));
    }

    #[test]
    fn cookie_patterns_allow_one_trailing_star() {
        let mut v = bundled_json();
        v["categories"][1]["services"][0]["cookies"][0]["name"] = "_pk*id*".into();
        let err = parse_value(v).unwrap_err();
        assert!(matches!(err, ConfigError::Invalid { ref field, .. }
            if field == "categories[1].services[0].cookies[0].name"));
    }
}
