//! Samtycke's privacy-policy and breach-notice pages.
//!
//! The documents in `policies/` are compiled in, parsed and validated once by `consent`, and
//! rendered to static HTML with compile-time checked templates (askama). No page needs
//! JavaScript; Markdown prose is rendered inert (see [`markdown`]).

pub mod banner;
mod breach_page;
pub mod dashboard;
pub mod markdown;
pub mod placeholder;
mod policy_page;
pub mod settings_page;
pub mod statistics;

use std::sync::OnceLock;

use askama::Template;
use samtycke_policy::{BreachNotice, PolicyDocument, PolicyError};
use samtycke_visitor::Language;

use samtycke_visitor::texts::{Labels, labels};

pub use crate::breach_page::render_breach;
pub use crate::policy_page::render_policy;

/// The documents compiled into this build: `(file, TOML text)`, listed (and validated) by
/// `build.rs`.
const BUNDLED: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/bundled.rs"));

/// `(kind, slug, language, version)` of every bundled document, `kind` being its path segment
/// (`integritet` or `incident`): computed by `build.rs` from the validated documents.
const VERSIONS: &[(&str, &str, &str, &str)] = include!(concat!(env!("OUT_DIR"), "/versions.rs"));

/// The version of the bundled document `kind`/`slug` in `lang`, without parsing any document
/// (the Worker serves the pages rendered at build time and cites versions in receipts).
pub fn notice_version(kind: &str, slug: &str, lang: Language) -> Option<&'static str> {
    VERSIONS
        .iter()
        .find(|(k, s, l, _)| *k == kind && *s == slug && *l == lang.as_str())
        .map(|(_, _, _, version)| *version)
}

/// Every document, validated.
#[derive(Debug)]
pub struct Library {
    /// Privacy notices, each with its version.
    pub policies: Vec<(PolicyDocument, String)>,
    /// Breach notices, each with its version.
    pub breaches: Vec<(BreachNotice, String)>,
}

impl Library {
    /// Parse the given TOML files: names starting with `incident-` are breach notices.
    pub fn parse(files: &[(&str, &str)]) -> Result<Self, PolicyError> {
        let mut library = Self {
            policies: Vec::new(),
            breaches: Vec::new(),
        };
        for (file, text) in files {
            if samtycke_policy::is_breach_file(file) {
                let doc = BreachNotice::parse(file, text)?;
                let version = doc.version();
                library.breaches.push((doc, version));
            } else {
                let doc = PolicyDocument::parse(file, text)?;
                let version = doc.version();
                library.policies.push((doc, version));
            }
        }
        Ok(library)
    }

    /// The privacy notice `slug` in `lang`, with its version.
    pub fn policy(&self, slug: &str, lang: Language) -> Option<&(PolicyDocument, String)> {
        self.policies
            .iter()
            .find(|(d, _)| d.slug == slug && d.language == lang)
    }

    /// The breach notice `slug` in `lang`, with its version.
    pub fn breach(&self, slug: &str, lang: Language) -> Option<&(BreachNotice, String)> {
        self.breaches
            .iter()
            .find(|(d, _)| d.slug == slug && d.language == lang)
    }
}

static LIBRARY: OnceLock<Library> = OnceLock::new();

/// The bundled documents, parsed once.
pub fn library() -> Result<&'static Library, PolicyError> {
    if let Some(library) = LIBRARY.get() {
        return Ok(library);
    }
    let library = Library::parse(BUNDLED)?;
    Ok(LIBRARY.get_or_init(|| library))
}

/// Path of a document in `lang`: `/integritet/{slug}` or `/en/integritet/{slug}`.
pub fn path(kind: &str, slug: &str, lang: Language) -> String {
    format!("{}/{kind}/{slug}", labels(lang).prefix)
}

#[derive(Template)]
#[template(path = "index.html")]
struct IndexPage<'a> {
    l: &'static Labels,
    title: &'a str,
    other_href: String,
    settings_href: String,
    policies: Vec<(String, String)>,
    breaches: Vec<(String, String)>,
}

/// The server-rendered cookie settings (works without JavaScript), returning to `here`.
pub(crate) fn settings_href(lang: Language, here: &str) -> String {
    format!("/installningar?lang={}&return={here}", labels(lang).lang)
}

/// The pages are written in Swedish and English: the other one of the two.
pub(crate) fn other(lang: Language) -> Language {
    if lang == Language::EN {
        Language::SV
    } else {
        Language::EN
    }
}

pub(crate) fn short(version: &str) -> &str {
    version.get(..19).unwrap_or(version)
}

/// The index of every document in `lang`.
pub fn render_index(library: &Library, lang: Language) -> Result<String, askama::Error> {
    let l = labels(lang);
    IndexPage {
        l,
        title: l.index_title,
        other_href: format!("{}/integritet", labels(other(lang)).prefix),
        settings_href: settings_href(lang, &format!("{}/integritet", l.prefix)),
        policies: library
            .policies
            .iter()
            .filter(|(d, _)| d.language == lang)
            .map(|(d, _)| (path("integritet", &d.slug, lang), d.title.clone()))
            .collect(),
        breaches: library
            .breaches
            .iter()
            .filter(|(d, _)| d.language == lang)
            .map(|(d, _)| (path("incident", &d.slug, lang), d.title.clone()))
            .collect(),
    }
    .render()
}

/// A one-paragraph Markdown rendering without its `<p>` wrapper, for use inside a list item.
pub(crate) fn inline(html: &str) -> String {
    html.trim()
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
        .unwrap_or(html.trim())
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use samtycke_visitor::SiteConfig;

    /// The examples in `policies/examples/`: parsed, validated and rendered by the tests only,
    /// never bundled for the Worker.
    const EXAMPLES: &[(&str, &str)] = &[
        (
            "policies/examples/halsoplattform.sv.toml",
            include_str!("../../../policies/examples/halsoplattform.sv.toml"),
        ),
        (
            "policies/examples/veterinarsystem.sv.toml",
            include_str!("../../../policies/examples/veterinarsystem.sv.toml"),
        ),
        (
            "policies/examples/hudlakargrupp.sv.toml",
            include_str!("../../../policies/examples/hudlakargrupp.sv.toml"),
        ),
    ];

    /// The JSON form as the edge serves it at `….json`.
    fn json_form<D: serde::Serialize>(doc: &D, version: &str) -> String {
        serde_json::to_string_pretty(&serde_json::json!({ "version": version, "document": doc }))
            .unwrap()
    }

    fn config() -> SiteConfig {
        samtycke_deployment::site_config().unwrap()
    }

    #[test]
    fn every_bundled_document_validates_in_both_languages() {
        let library = library().unwrap();
        for (doc, _) in &library.policies {
            let other_lang = other(doc.language);
            assert!(
                library.policy(&doc.slug, other_lang).is_some(),
                "{} lacks {:?}",
                doc.slug,
                other_lang
            );
        }
        assert_eq!(library.policies.len(), 4);
        assert_eq!(library.breaches.len(), 2);
        // The table the Worker reads agrees with the documents as parsed.
        for (doc, version) in &library.policies {
            let listed = notice_version("integritet", &doc.slug, doc.language);
            assert_eq!(listed, Some(version.as_str()), "{}", doc.slug);
        }
        for (doc, version) in &library.breaches {
            let listed = notice_version("incident", &doc.slug, doc.language);
            assert_eq!(listed, Some(version.as_str()), "{}", doc.slug);
        }
        assert_eq!(VERSIONS.len(), 6);
    }

    /// The configuration a bundled notice's cookie table lists, as render-static picks it.
    fn config_for(doc: &PolicyDocument) -> SiteConfig {
        match doc.site.as_deref() {
            None => config(),
            Some("hudkliniken") => SiteConfig::parse(
                "config/sites/hudkliniken.json",
                include_str!("../../../config/sites/hudkliniken.json"),
            )
            .unwrap(),
            Some(other) => panic!("no test configuration for site {other}"),
        }
    }

    #[test]
    fn policy_pages_render_as_snapshots() {
        let library = library().unwrap();
        for (doc, version) in &library.policies {
            let html = render_policy(doc, version, &config_for(doc)).unwrap();
            insta::assert_snapshot!(format!("policy-{}-{:?}", doc.slug, doc.language), html);
        }
    }

    #[test]
    fn each_notice_lists_the_cookies_of_the_site_it_is_published_for() {
        let library = library().unwrap();
        let html = |slug: &str| {
            let (doc, version) = library
                .policies
                .iter()
                .find(|(d, _)| d.slug == slug && d.language == Language::SV)
                .unwrap();
            render_policy(doc, version, &config_for(doc)).unwrap()
        };
        // The clinic's site: its own analytics, no patient login, and the edge's cookie.
        let clinic = html("hudkliniken");
        assert!(clinic.contains("_pk_id*") && clinic.contains("hk_bokning"));
        assert!(!clinic.contains(samtycke_visitor::own_storage::SESSION_COOKIE));
        assert!(clinic.contains(samtycke_visitor::own_storage::SHOWN_ONCE_COOKIE));
        // The certificate service: the patient login's cookies, not the clinic's.
        let service = html("intygstjansten");
        assert!(service.contains(samtycke_visitor::own_storage::SESSION_COOKIE));
        assert!(!service.contains("_pk_id*"));
        assert!(!service.contains(samtycke_visitor::own_storage::SHOWN_ONCE_COOKIE));
    }

    #[test]
    fn breach_pages_render_as_snapshots() {
        let library = library().unwrap();
        for (doc, version) in &library.breaches {
            let html = render_breach(doc, version).unwrap();
            insta::assert_snapshot!(format!("breach-{}-{:?}", doc.slug, doc.language), html);
        }
    }

    #[test]
    fn breach_notices_in_json_carry_every_field() {
        let library = library().unwrap();
        for (doc, version) in &library.breaches {
            insta::assert_snapshot!(
                format!("breach-{}-{:?}-json", doc.slug, doc.language),
                json_form(doc, version)
            );
        }
    }

    #[test]
    fn the_examples_parse_validate_and_render() {
        let library = Library::parse(EXAMPLES).unwrap();
        assert_eq!(library.policies.len(), EXAMPLES.len());
        for (doc, version) in &library.policies {
            // The published JSON form reads back as the same notice.
            let json = serde_json::to_string(doc).unwrap();
            assert_eq!(&serde_json::from_str::<PolicyDocument>(&json).unwrap(), doc);
            let html = render_policy(doc, version, &config()).unwrap();
            insta::assert_snapshot!(format!("example-{}", doc.slug), html);
            insta::assert_snapshot!(
                format!("example-{}-json", doc.slug),
                json_form(doc, version)
            );
        }
    }

    #[test]
    fn examples_are_not_bundled_for_the_worker() {
        let library = library().unwrap();
        for (file, _) in EXAMPLES {
            assert!(BUNDLED.iter().all(|(bundled, _)| bundled != file), "{file}");
        }
        assert!(library.policy("halsoplattform", Language::SV).is_none());
    }

    #[test]
    fn a_recipient_outside_the_eu_eea_shows_its_country_and_safeguard() {
        let text = include_str!("../../../policies/hudkliniken.sv.toml").replacen(
            "country = \"SE\"",
            "country = \"US\"\nsafeguard = { kind = \"standard_contractual_clauses\", details \
             = \"kommissionens beslut (EU) 2021/914\", copy = \"Skriv till \
             [integritet@hudkliniken.example](mailto:integritet@hudkliniken.example).\" }",
            1,
        );
        let library = Library::parse(&[("h.sv.toml", &text)]).unwrap();
        let (doc, version) = &library.policies[0];
        let html = render_policy(doc, version, &config()).unwrap();
        assert!(
            html.contains(
                "Land: US, utanför EU/EES. Skyddsåtgärd: standardavtalsklausuler (GDPR Art. \
             46(2)(c)), kommissionens beslut (EU) 2021/914. Kopia av skyddsåtgärderna: Skriv till \
             <a href=\"mailto:integritet@hudkliniken.example\">"
            ),
            "{html}"
        );
        assert!(html.contains(
            "<li>Journalsystemets leverantör (US): standardavtalsklausuler (GDPR Art. \
             46(2)(c))</li>"
        ));
        // Without a `transfers` text and with every recipient in the EU/EEA, the page says so.
        let inside = include_str!("../../../policies/hudkliniken.sv.toml")
            .replace("transfers = \"All behandling sker inom EU/EES.\"\n", "");
        let library = Library::parse(&[("h.sv.toml", &inside)]).unwrap();
        let (doc, version) = &library.policies[0];
        let html = render_policy(doc, version, &config()).unwrap();
        assert!(html.contains(
            "<h2 id=\"transfers-title\">Överföring utanför EU/EES</h2>\n      <p>Vi för inte över \
             personuppgifter till länder utanför EU/EES.</p>"
        ), "{html}");
    }

    #[test]
    fn headings_do_not_skip_a_level() {
        let examples = Library::parse(EXAMPLES).unwrap();
        let library = library().unwrap();
        let pages = library
            .policies
            .iter()
            .chain(&examples.policies)
            .map(|(doc, version)| render_policy(doc, version, &config()).unwrap())
            .chain(
                library
                    .breaches
                    .iter()
                    .map(|(doc, version)| render_breach(doc, version).unwrap()),
            );
        for html in pages {
            let mut level = 1;
            for (i, _) in html.match_indices("<h") {
                let Some(next) = html[i + 2..].chars().next().and_then(|c| c.to_digit(10)) else {
                    continue;
                };
                assert!(
                    next <= level + 1,
                    "h{next} after h{level}: {}",
                    &html[i..i + 60]
                );
                level = next;
            }
        }
    }

    #[test]
    fn index_pages_render_as_snapshots() {
        let library = library().unwrap();
        insta::assert_snapshot!("index-sv", render_index(library, Language::SV).unwrap());
        insta::assert_snapshot!("index-en", render_index(library, Language::EN).unwrap());
    }

    #[test]
    fn cookie_section_lists_the_configured_cookies() {
        let library = library().unwrap();
        let (doc, version) = library.policy("intygstjansten", Language::SV).unwrap();
        let html = render_policy(doc, version, &config()).unwrap();
        assert!(html.contains("<code>_pk_id.*</code>"));
        assert!(html.contains("Statistik (kräver samtycke)"));
    }

    #[test]
    fn script_in_a_document_is_rendered_inert() {
        let text = include_str!("../../../policies/intygstjansten.sv.toml").replace(
            "Intygstjänsten låter dig",
            "<script>alert('x')</script> Intygstjänsten låter dig",
        );
        let library = Library::parse(&[("evil.sv.toml", &text)]).unwrap();
        let (doc, version) = &library.policies[0];
        let html = render_policy(doc, version, &config()).unwrap();
        assert!(!html.contains("<script>alert"), "script must not survive");
        assert!(html.contains("&lt;script&gt;alert"));
    }

    #[test]
    fn a_material_change_changes_the_version() {
        let text = include_str!("../../../policies/intygstjansten.sv.toml");
        let before = Library::parse(&[("a.sv.toml", text)]).unwrap();
        let changed = text.replace("material_revision = 1", "material_revision = 2");
        let after = Library::parse(&[("a.sv.toml", &changed)]).unwrap();
        assert_ne!(before.policies[0].1, after.policies[0].1);
    }
}
