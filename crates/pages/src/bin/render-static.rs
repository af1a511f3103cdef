//! Renders, at build time, what Samtycke's own pages serve as static files, so the Worker
//! carries no notice parser, Markdown renderer or notice templates:
//!
//! - `static-banner/<language>.html`: the first-paint banner of `app/index.html` in each
//!   language the site offers, from the text catalogue and the bundled configuration
//!   (`scripts/inline-check.mjs` puts it into the page: the default language's at `/`, the
//!   others' as variants the Worker serves to browsers asking for them), so the static banner
//!   is never written by hand;
//! - `patient-shell/<language>.json`: the patient pages' first paint in each language (title,
//!   description, the main element the app mounts into, with its text for a browser without
//!   JavaScript);
//! - `notices/…`: every bundled privacy notice and breach notice, and the index, as HTML and
//!   JSON at their public paths under `notices/` (`/integritet/x` is
//!   `notices/integritet/x.html`, `/en/integritet/x.json` is `notices/en/integritet/x.json`);
//!   the Worker serves them with their headers. A notice's cookie table lists the
//!   configuration of the site it names (`site = "…"`: `config/sites/<site>.json`), or else
//!   the bundled one.
//!
//! Usage: `render-static <dir>` (scripts/build.sh: `dist`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use pages::banner::PageView;
use samtycke_visitor::{Language, SiteConfig};

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: render-static <dir>");
        return ExitCode::FAILURE;
    };
    match render(&dir) {
        Ok(count) => {
            eprintln!("render-static: {count} files in {}", dir.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("render-static: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `config/sites/<site>.json`, validated.
fn site_config(site: &str) -> Result<SiteConfig, String> {
    let file = format!("config/sites/{site}.json");
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(&file);
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("a notice names site `{site}`, but {file} cannot be read: {e}"))?;
    SiteConfig::parse(&file, &text).map_err(|e| e.to_string())
}

fn render(dir: &Path) -> Result<usize, String> {
    let config = samtycke_deployment::site_config().map_err(|e| e.to_string())?;
    let library = pages::library().map_err(|e| e.to_string())?;
    let mut files: Vec<(String, String)> = Vec::new();
    let banner = PageView {
        config: &config,
        decision: None,
        api: "",
        return_path: "/",
        gpc: false,
    };
    for lang in &config.languages {
        let banner_file = format!("static-banner/{lang}.html");
        files.push((banner_file, banner.static_markup(*lang)));
        files.push((format!("patient-shell/{lang}.json"), patient_shell(*lang)?));
    }
    for lang in [Language::SV, Language::EN] {
        let index = pages::render_index(library, lang).map_err(|e| e.to_string())?;
        let path = pages::path("integritet", "", lang);
        files.push((format!("notices{}.html", path.trim_end_matches('/')), index));
    }
    for (doc, version) in &library.policies {
        let path = pages::path("integritet", &doc.slug, doc.language);
        // The cookie table lists the configuration of the site the notice is published for.
        let site_config = match &doc.site {
            Some(site) => site_config(site)?,
            None => config.clone(),
        };
        let html = pages::render_policy(doc, version, &site_config).map_err(|e| e.to_string())?;
        files.push((format!("notices{path}.html"), html));
        files.push((format!("notices{path}.json"), json(doc, version)?));
    }
    for (doc, version) in &library.breaches {
        let path = pages::path("incident", &doc.slug, doc.language);
        let html = pages::render_breach(doc, version).map_err(|e| e.to_string())?;
        files.push((format!("notices{path}.html"), html));
        files.push((format!("notices{path}.json"), json(doc, version)?));
    }
    for (name, content) in &files {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        std::fs::write(&path, content).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(files.len())
}

/// The patient pages' shell in `lang` (in Swedish where the catalogue has no patient pages
/// in it): `{ lang, title, description, main }` for `scripts/inline-check.mjs`.
fn patient_shell(lang: Language) -> Result<String, String> {
    let t = samtycke_visitor::texts::patient(lang);
    let written_in = samtycke_visitor::texts::patient_languages()
        .find(|l| *l == lang)
        .unwrap_or(Language::SV);
    let escape = |text: &str| {
        text.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    let main = format!(
        "  <main id=\"main\">\n    <div id=\"patient\">\n      <h1>{}</h1>\n      <p>{}</p>\n      <noscript><p>{}</p></noscript>\n    </div>\n  </main>\n",
        escape(t.service),
        escape(t.loading),
        escape(t.needs_javascript)
    );
    serde_json::to_string(&serde_json::json!({
        "lang": written_in.as_str(),
        "title": format!("{} – Samtycke", t.service),
        "description": t.description,
        "main": main,
    }))
    .map_err(|e| e.to_string())
}

/// The JSON form of a document: its version and its fields.
fn json(doc: &impl serde::Serialize, version: &str) -> Result<String, String> {
    #[derive(serde::Serialize)]
    struct Versioned<'a, D> {
        version: &'a str,
        document: &'a D,
    }
    serde_json::to_string(&Versioned {
        version,
        document: doc,
    })
    .map_err(|e| e.to_string())
}
