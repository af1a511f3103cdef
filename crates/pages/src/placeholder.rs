//! The placeholder the edge shows in place of an embed (a video, a map) whose category the
//! visitor has not granted: a small document put into the frame itself (`srcdoc`), so it
//! keeps the size, place and styling the site gave the frame, and the site's CSS cannot
//! reach it. It names the service and its category, and offers "show once" (this embed, this
//! page view, nothing recorded) and "always allow" (a decision for the category, with its
//! receipt): plain forms that post to Samtycke's routes on the site, with or without
//! JavaScript.

use askama::Template;
use samtycke_visitor::config::{Category, Service};
use samtycke_visitor::csp::hash_source;
use samtycke_visitor::texts::{self, fill};
use samtycke_visitor::{Language, SiteConfig};

/// The placeholder's styles before the site's colours.
const PLACEHOLDER_CSS: &str = "html{height:100%}body{box-sizing:border-box;min-height:100%;margin:0;padding:.75rem;display:flex;align-items:center;justify-content:center;overflow:auto;background:var(--b);color:var(--f);font:1rem/1.45 system-ui,sans-serif;border:2px dashed currentColor}main{max-width:36rem}p{margin:0 0 .6rem}.a{display:flex;flex-wrap:wrap;gap:.5rem}form{margin:0}button{min-height:2.75rem;padding:.5rem .9rem;border:2px solid var(--a);border-radius:.25rem;background:var(--b);color:var(--a);font:inherit;font-weight:600;cursor:pointer}button:hover{background:var(--a);color:var(--b)}button:focus-visible{outline:3px solid var(--f);outline-offset:2px}@media (max-width:20rem){body{padding:.5rem;font-size:.875rem}}";

/// One held embed, as the rewriter found it.
#[derive(Debug, Clone, Copy)]
pub struct HeldEmbed<'a> {
    /// The category it belongs to.
    pub category: &'a Category,
    /// The service it loads from.
    pub service: &'a Service,
    /// Its URL, as the browser would have loaded it.
    pub url: &'a str,
    /// The page's language.
    pub language: Language,
}

/// What every placeholder of one page shares.
#[derive(Debug, Clone, Copy)]
pub struct PlaceholderPage<'a> {
    /// The site's configuration.
    pub config: &'a SiteConfig,
    /// Where Samtycke's own routes are on the site (`/_samtycke`).
    pub api: &'a str,
    /// The page's path and query, where the forms return to.
    pub return_path: &'a str,
}

#[derive(Template)]
#[template(path = "placeholder.html")]
struct PlaceholderTemplate<'a> {
    css: &'a str,
    lang: &'a str,
    dir: &'a str,
    label: &'a str,
    service: &'a str,
    category: &'a str,
    category_id: &'a str,
    message: &'a str,
    show_once: &'a str,
    allow_always: &'a str,
    api: &'a str,
    url: &'a str,
    return_path: &'a str,
}

impl PlaceholderPage<'_> {
    /// The placeholder's styles with the site's colours: one text for every placeholder of
    /// the site, so one hash lets it through a site's own CSP ([`Self::style_hash`]).
    pub fn css(&self) -> String {
        let (accent, background, text) =
            self.config
                .site
                .as_ref()
                .map_or(("#0b5394", "#ffffff", "#1b1b1f"), |site| {
                    (
                        site.theme.accent.as_str(),
                        site.theme.background.as_str(),
                        site.theme.text.as_str(),
                    )
                });
        format!(":root{{--a:{accent};--b:{background};--f:{text}}}{PLACEHOLDER_CSS}")
    }

    /// `'sha256-…'` of the placeholder's `<style>`: a frame's `srcdoc` document is held to
    /// the page's policies.
    pub fn style_hash(&self) -> String {
        hash_source(&self.css())
    }

    /// The placeholder document for `embed` (HTML, to go into the frame's `srcdoc`).
    pub fn document(&self, embed: &HeldEmbed<'_>) -> String {
        let t = texts::placeholder(embed.language);
        let lang = embed.language;
        let category = embed.category.label.get(lang);
        let service = embed.service.name.as_str();
        let template = PlaceholderTemplate {
            css: &self.css(),
            lang: lang.as_str(),
            dir: texts::direction(lang).as_str(),
            label: &fill(t.label, service, category),
            service,
            category,
            category_id: &embed.category.id,
            message: &fill(t.message, service, category),
            show_once: t.show_once,
            allow_always: &fill(t.allow_always, service, category),
            api: self.api,
            url: embed.url,
            return_path: self.return_path,
        };
        template.render().unwrap_or_default()
    }

    /// The frame's accessible name when the site gave it none.
    pub fn frame_title(&self, embed: &HeldEmbed<'_>) -> String {
        let lang = embed.language;
        fill(
            texts::placeholder(lang).label,
            &embed.service.name,
            embed.category.label.get(lang),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> SiteConfig {
        let mut config = samtycke_deployment::site_config().expect("bundled");
        let category = &mut config.categories[1];
        category.services[0].name = "Film & \"Co\"".into();
        config
    }

    #[test]
    fn the_placeholder_names_service_and_category_and_escapes_them() {
        let config = config();
        let page = PlaceholderPage {
            config: &config,
            api: "/_samtycke",
            return_path: "/om?a=1&b=\"2\"",
        };
        let category = &config.categories[1];
        let embed = HeldEmbed {
            category,
            service: &category.services[0],
            url: "https://video.example/embed/1?x=1&y=2",
            language: Language::SV,
        };
        let html = page.document(&embed);
        assert!(
            html.contains("<strong>Film &#38; &#34;Co&#34;</strong>"),
            "{html}"
        );
        assert!(html.contains(r#"name="category" value="analytics""#));
        assert!(html.contains(r#"value="https://video.example/embed/1?x=1&#38;y=2""#));
        assert!(html.contains(r#"value="/om?a=1&#38;b=&#34;2&#34;""#));
        assert!(html.contains(r#"action="/_samtycke/show-once" target="_top""#));
        assert!(html.contains(">Visa en gång</button>"));
        assert!(html.contains(&format!("<style>{}</style>", page.css())));
        assert_eq!(page.style_hash(), hash_source(&page.css()));
        assert_eq!(
            page.frame_title(&embed),
            "Blockerat innehåll från Film & \"Co\""
        );
        assert!(html.contains("som hör till statistik."), "{html}");
    }

    #[test]
    fn every_language_the_catalogue_has_renders_right_to_left_where_it_is_written_so() {
        let config = config();
        let page = PlaceholderPage {
            config: &config,
            api: "/_samtycke",
            return_path: "/",
        };
        let category = &config.categories[1];
        for info in texts::LANGUAGES {
            let html = page.document(&HeldEmbed {
                category,
                service: &category.services[0],
                url: "https://video.example/",
                language: info.language,
            });
            let t = texts::placeholder(info.language);
            assert!(html.contains(t.show_once), "{}", info.language);
            assert!(
                html.contains(&format!(r#"dir="{}""#, info.direction.as_str())),
                "{}",
                info.language
            );
        }
    }
}
