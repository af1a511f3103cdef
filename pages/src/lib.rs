//! Samtycke's privacy-policy and breach-notice pages.
//!
//! The documents in `policies/` are compiled in, parsed and validated once by `consent`, and
//! rendered to static HTML with compile-time checked templates (askama). No page needs
//! JavaScript; Markdown prose is rendered inert (see [`markdown`]).

pub mod banner;
pub mod dashboard;
pub mod labels;
pub mod markdown;
pub mod settings_page;
pub mod statistics;

use std::sync::OnceLock;

use askama::Template;
use consent::policy::{BreachNotice, PolicyDocument, PolicyError};
use consent::{Language, SiteConfig};

use crate::labels::{Labels, labels};

/// The documents compiled into this build: `(file, JSON text)`, made from the TOML files in
/// `policies/` by `build.rs`.
const BUNDLED: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/bundled.rs"));

/// The same documents as their owners wrote them, for the test that the two forms agree.
#[cfg(test)]
const BUNDLED_TOML: &[(&str, &str)] = &[
    (
        "policies/intygstjansten.sv.toml",
        include_str!("../../policies/intygstjansten.sv.toml"),
    ),
    (
        "policies/intygstjansten.en.toml",
        include_str!("../../policies/intygstjansten.en.toml"),
    ),
    (
        "policies/hudkliniken.sv.toml",
        include_str!("../../policies/hudkliniken.sv.toml"),
    ),
    (
        "policies/hudkliniken.en.toml",
        include_str!("../../policies/hudkliniken.en.toml"),
    ),
    (
        "policies/incident-2026-10.sv.toml",
        include_str!("../../policies/incident-2026-10.sv.toml"),
    ),
    (
        "policies/incident-2026-10.en.toml",
        include_str!("../../policies/incident-2026-10.en.toml"),
    ),
];

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
        Self::read(files, PolicyDocument::parse, BreachNotice::parse)
    }

    /// The same from the files' JSON form, as [`library`] bundles them.
    pub fn from_json(files: &[(&str, &str)]) -> Result<Self, PolicyError> {
        Self::read(files, PolicyDocument::from_json, BreachNotice::from_json)
    }

    fn read(
        files: &[(&str, &str)],
        policy: fn(&str, &str) -> Result<PolicyDocument, PolicyError>,
        breach: fn(&str, &str) -> Result<BreachNotice, PolicyError>,
    ) -> Result<Self, PolicyError> {
        let mut library = Self {
            policies: Vec::new(),
            breaches: Vec::new(),
        };
        for (file, text) in files {
            if consent::policy::is_breach_file(file) {
                let doc = breach(file, text)?;
                let version = doc.version();
                library.breaches.push((doc, version));
            } else {
                let doc = policy(file, text)?;
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
    let library = Library::from_json(BUNDLED)?;
    Ok(LIBRARY.get_or_init(|| library))
}

/// Path of a document in `lang`: `/integritet/{slug}` or `/en/integritet/{slug}`.
pub fn path(kind: &str, slug: &str, lang: Language) -> String {
    format!("{}/{kind}/{slug}", labels(lang).prefix)
}

struct PurposeView {
    purpose: String,
    legal_basis: String,
    special_category: Option<String>,
}

struct RetentionView {
    data: String,
    period: String,
}

struct RecipientView {
    name: String,
    role: &'static str,
    reason: String,
}

struct AudienceView {
    name: String,
    data_categories: Vec<String>,
    purposes: Vec<PurposeView>,
    retention: Vec<RetentionView>,
    recipients: Vec<RecipientView>,
}

/// One row of the cookie table, from the site configuration.
struct CookieRow {
    category: String,
    service: String,
    cookie: String,
    lifetime_days: u32,
}

#[derive(Template)]
#[template(path = "policy.html")]
struct PolicyPage<'a> {
    l: &'static Labels,
    title: &'a str,
    other_href: String,
    settings_href: String,
    doc: &'a PolicyDocument,
    version_short: &'a str,
    summary: String,
    audiences: Vec<AudienceView>,
    transfers: Option<String>,
    rights: Vec<(String, String)>,
    complaint: String,
    cookies: Option<Vec<CookieRow>>,
}

#[derive(Template)]
#[template(path = "breach.html")]
struct BreachPage<'a> {
    l: &'static Labels,
    title: &'a str,
    other_href: String,
    settings_href: String,
    doc: &'a BreachNotice,
    version_short: &'a str,
    what_happened: String,
    who_is_affected: String,
    consequences: String,
    measures: String,
    what_you_can_do: String,
    contact: String,
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
fn settings_href(lang: Language, here: &str) -> String {
    format!("/installningar?lang={}&return={here}", labels(lang).lang)
}

fn other(lang: Language) -> Language {
    match lang {
        Language::Sv => Language::En,
        Language::En => Language::Sv,
    }
}

fn short(version: &str) -> &str {
    version.get(..19).unwrap_or(version)
}

/// The HTML page of a privacy notice; the cookie section comes from `config`.
pub fn render_policy(
    doc: &PolicyDocument,
    version: &str,
    config: &SiteConfig,
) -> Result<String, askama::Error> {
    let md = markdown::to_html;
    let l = labels(doc.language);
    let audiences = doc
        .audiences
        .iter()
        .map(|a| AudienceView {
            name: a.name.clone(),
            data_categories: a
                .data_categories
                .iter()
                .map(|c| c.text().to_owned())
                .collect(),
            purposes: a
                .purposes
                .iter()
                .map(|p| PurposeView {
                    purpose: inline(&md(&p.purpose)),
                    legal_basis: p.legal_basis.clone(),
                    special_category: p.special_category_basis.clone(),
                })
                .collect(),
            retention: a
                .retention
                .iter()
                .map(|r| RetentionView {
                    data: r.data.clone(),
                    period: md(&r.period),
                })
                .collect(),
            recipients: a
                .recipients
                .iter()
                .map(|r| RecipientView {
                    name: r.name.clone(),
                    role: if r.role == "processor" {
                        l.processor
                    } else {
                        l.recipient
                    },
                    reason: r.reason.clone(),
                })
                .collect(),
        })
        .collect();
    let cookies = doc.cookies_section.then(|| {
        config
            .categories
            .iter()
            .flat_map(|c| {
                let category = format!(
                    "{} ({})",
                    c.label.get(doc.language),
                    if c.required {
                        l.always_on
                    } else {
                        l.needs_consent
                    }
                );
                c.services.iter().flat_map(move |s| {
                    let category = category.clone();
                    s.cookies.iter().map(move |cookie| CookieRow {
                        category: category.clone(),
                        service: s.name.clone(),
                        cookie: cookie.name.clone(),
                        lifetime_days: cookie.lifetime_days,
                    })
                })
            })
            .collect()
    });
    PolicyPage {
        l,
        title: &doc.title,
        other_href: path("integritet", &doc.slug, other(doc.language)),
        settings_href: settings_href(doc.language, &path("integritet", &doc.slug, doc.language)),
        doc,
        version_short: short(version),
        summary: md(&doc.summary),
        audiences,
        transfers: doc.transfers.as_deref().map(md),
        rights: doc
            .rights
            .iter()
            .map(|r| (r.title.clone(), md(&r.text)))
            .collect(),
        complaint: md(&doc.complaint),
        cookies,
    }
    .render()
}

/// The HTML page of a breach notice.
pub fn render_breach(doc: &BreachNotice, version: &str) -> Result<String, askama::Error> {
    let md = markdown::to_html;
    BreachPage {
        l: labels(doc.language),
        title: &doc.title,
        other_href: path("incident", &doc.slug, other(doc.language)),
        settings_href: settings_href(doc.language, &path("incident", &doc.slug, doc.language)),
        doc,
        version_short: short(version),
        what_happened: md(&doc.what_happened),
        who_is_affected: md(&doc.who_is_affected),
        consequences: md(&doc.consequences),
        measures: md(&doc.measures),
        what_you_can_do: md(&doc.what_you_can_do),
        contact: md(&doc.contact),
    }
    .render()
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
fn inline(html: &str) -> String {
    html.trim()
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
        .unwrap_or(html.trim())
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> SiteConfig {
        SiteConfig::bundled().unwrap()
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
    }

    /// What the Worker reads (JSON made at build time) is what the owners wrote (TOML): the
    /// same documents with the same versions.
    #[test]
    fn the_bundled_json_holds_the_toml_documents() {
        let from_toml = Library::parse(BUNDLED_TOML).unwrap();
        let bundled = library().unwrap();
        assert_eq!(bundled.policies, from_toml.policies);
        assert_eq!(bundled.breaches, from_toml.breaches);
        let files = |l: &[(&str, &str)]| l.iter().map(|(f, _)| f.to_string()).collect::<Vec<_>>();
        assert_eq!(files(BUNDLED), files(BUNDLED_TOML));
    }

    #[test]
    fn policy_pages_render_as_snapshots() {
        let library = library().unwrap();
        for (doc, version) in &library.policies {
            let html = render_policy(doc, version, &config()).unwrap();
            insta::assert_snapshot!(format!("policy-{}-{:?}", doc.slug, doc.language), html);
        }
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
    fn index_pages_render_as_snapshots() {
        let library = library().unwrap();
        insta::assert_snapshot!("index-sv", render_index(library, Language::Sv).unwrap());
        insta::assert_snapshot!("index-en", render_index(library, Language::En).unwrap());
    }

    #[test]
    fn cookie_section_lists_the_configured_cookies() {
        let library = library().unwrap();
        let (doc, version) = library.policy("intygstjansten", Language::Sv).unwrap();
        let html = render_policy(doc, version, &config()).unwrap();
        assert!(html.contains("<code>_pk_id.*</code>"));
        assert!(html.contains("Statistik (kräver samtycke)"));
    }

    #[test]
    fn script_in_a_document_is_rendered_inert() {
        let text = include_str!("../../policies/intygstjansten.sv.toml").replace(
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
        let text = include_str!("../../policies/intygstjansten.sv.toml");
        let before = Library::parse(&[("a.sv.toml", text)]).unwrap();
        let changed = text.replace("material_revision = 1", "material_revision = 2");
        let after = Library::parse(&[("a.sv.toml", &changed)]).unwrap();
        assert_ne!(before.policies[0].1, after.policies[0].1);
    }
}
