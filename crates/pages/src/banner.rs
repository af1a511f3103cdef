//! The banner as the edge puts it into a site's own pages: markup, inlined styles and the
//! loader for a visitor who has not decided yet, only the reopen control for one who has, and
//! the Google Consent Mode defaults for the site's tags. The texts come from
//! `samtycke_visitor::texts` (and the site's own wording, where its configuration has one).

use askama::Template;
use samtycke_visitor::config::Texts;
use samtycke_visitor::csp::hash_source;
use samtycke_visitor::texts::{self, BannerView};
use samtycke_visitor::{Decision, Language, SiteConfig};

/// The banner's styles as written (`style/banner.css`).
const BANNER_CSS_SOURCE: &str = include_str!("../../../style/banner.css");
/// The loader that brings the wasm app in on the first interaction or when the browser is
/// idle after the first paint: `app/boot.js` minified, the one Samtycke's own pages inline.
const BANNER_BOOT_SOURCE: &str = include_str!("../../../app/boot.min.js");

/// The banner's styles as injected: comments and layout whitespace taken out.
pub fn banner_css() -> &'static str {
    static CSS: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    CSS.get_or_init(|| minify_css(BANNER_CSS_SOURCE))
}

/// The loader as injected: a classic script right after the banner, run as soon as the banner
/// is parsed; its names stay inside its function.
pub fn banner_boot_js() -> &'static str {
    BANNER_BOOT_SOURCE.trim()
}
/// The reopen control's few styles.
const REOPEN_CSS: &str = ".sc-reopen-corner{position:fixed;inset-inline-start:0;bottom:0;z-index:1000;margin:0;padding:.25rem .75rem;background:var(--sc-bg,#fff);border:0 solid var(--sc-accent,#0b5394);border-block-start-width:2px;border-inline-end-width:2px;font:1rem/1.5 system-ui,sans-serif}.sc-reopen-corner a{color:var(--sc-accent,#0b5394);text-decoration:underline}.sc-reopen-corner a:focus-visible{outline:3px solid var(--sc-focus,#b3261e);outline-offset:2px}";

/// One page view the banner goes into.
#[derive(Debug, Clone, Copy)]
pub struct PageView<'a> {
    /// The site's configuration.
    pub config: &'a SiteConfig,
    /// The visitor's current decision (from the consent cookie), if any.
    pub decision: Option<&'a Decision>,
    /// Where Samtycke's own routes are on the site (`/_samtycke`).
    pub api: &'a str,
    /// The page's path and query, where the no-JavaScript form returns to.
    pub return_path: &'a str,
    /// The browser sends `Sec-GPC: 1`.
    pub gpc: bool,
}

/// What goes into the page, and the CSP sources the inline pieces need.
#[derive(Debug, Clone, PartialEq)]
pub struct Injection {
    /// At the start of `<head>`: the Consent Mode defaults, before any of the site's tags.
    pub head_start: String,
    /// At the start of `<body>`, per offered language: the banner (empty once decided).
    pub body_start: Texts,
    /// Before `</body>`, per offered language: the reopen control (empty before a decision;
    /// the banner's app brings its own).
    pub body_end: Texts,
    /// `'sha256-…'` of every inline script.
    pub script_hashes: Vec<String>,
    /// `'sha256-…'` of every inline style.
    pub style_hashes: Vec<String>,
}

#[derive(Template)]
#[template(path = "banner.html")]
struct BannerTemplate<'a> {
    css: &'a str,
    open: bool,
    boot: bool,
    reopen_link: bool,
    boot_js: &'a str,
    api: &'a str,
    site: &'a str,
    lang: &'a str,
    dir: &'a str,
    languages: Vec<LanguageLink>,
    policy_url: &'a str,
    gpc: bool,
    return_path: &'a str,
    return_query: &'a str,
    t: BannerView<'a>,
}

/// One entry of the language switch: a link to the no-JavaScript settings page in that
/// language, which the app turns into an in-place switch.
pub struct LanguageLink {
    /// The language's tag.
    pub tag: &'static str,
    /// Its name in itself.
    pub name: &'static str,
    /// The link.
    pub href: String,
    /// Whether it is the language shown.
    pub current: bool,
}

/// The language switch's entries for `config` while `shown` is shown; empty when the site
/// offers one language. `settings` is the settings page's path, `return_query` the encoded
/// return path.
pub fn language_links(
    config: &SiteConfig,
    shown: Language,
    settings: &str,
    return_query: &str,
) -> Vec<LanguageLink> {
    if config.languages.len() < 2 {
        return Vec::new();
    }
    config
        .languages
        .iter()
        .filter_map(|language| {
            let info = texts::info(*language)?;
            Some(LanguageLink {
                tag: info.language.as_str(),
                name: info.name,
                href: format!("{settings}?lang={}&return={return_query}", language),
                current: *language == shown,
            })
        })
        .collect()
}

#[derive(Template)]
#[template(path = "reopen.html")]
struct ReopenTemplate<'a> {
    css: &'a str,
    api: &'a str,
    lang: &'a str,
    dir: &'a str,
    return_query: &'a str,
    t: BannerView<'a>,
}

impl PageView<'_> {
    /// Everything the edge puts into this page.
    ///
    /// `visitor` is the visitor's language when their browser asked for one the site offers:
    /// the banner is rendered in it alone. Without it, it is rendered in every offered
    /// language, and the rewriter picks by the page's `<html lang>`.
    pub fn injection(&self, visitor: Option<Language>) -> Injection {
        let defaults = consent_mode_defaults(self.config, self.decision);
        let mut script_hashes = vec![hash_source(&defaults)];
        let head_start = format!("<script>{defaults}</script>");
        let theme = theme_css(self.config);
        let (body_start, body_end, style) = if self.decision.is_some() {
            let css = format!("{REOPEN_CSS}{theme}");
            (
                self.each_language(visitor, |_| String::new()),
                self.each_language(visitor, |lang| self.reopen(lang, &css)),
                css,
            )
        } else {
            script_hashes.push(hash_source(banner_boot_js()));
            let css = format!("{}{theme}", banner_css());
            (
                self.each_language(visitor, |lang| self.banner(lang, &css)),
                self.each_language(visitor, |_| String::new()),
                css,
            )
        };
        Injection {
            head_start,
            body_start,
            body_end,
            script_hashes,
            style_hashes: vec![hash_source(&style)],
        }
    }

    /// Embed mode: `(css, html)` for the shadow root the embed script makes: the banner's
    /// root, with the banner in it while the visitor has not decided (the app brings the
    /// reopen control). The styles go in as a constructed stylesheet, which the embedding
    /// page's CSP does not govern; scripts do not run from there, so the embed script loads
    /// the app itself.
    pub fn embed_markup(&self, lang: Language) -> (String, String) {
        let css = format!("{}{}", banner_css(), theme_css(self.config));
        (
            css,
            self.render_banner(lang, "", self.decision.is_none(), false),
        )
    }

    fn each_language(
        &self,
        visitor: Option<Language>,
        render: impl Fn(Language) -> String,
    ) -> Texts {
        match visitor {
            Some(language) => Texts::new([(language, render(language))]),
            None => Texts::new(self.config.languages.iter().map(|l| (*l, render(*l)))),
        }
    }

    fn banner(&self, lang: Language, css: &str) -> String {
        self.render_banner(lang, css, true, true)
    }

    /// Samtycke's own pages (the demo site, the patient pages' shell): the banner as static
    /// first-paint markup in `lang`, styled by the page's own stylesheet, with a reopen link
    /// that works without JavaScript; the app takes it over when it loads.
    /// `scripts/inline-check.mjs` puts it into `index.html` at build time.
    pub fn static_markup(&self, lang: Language) -> String {
        self.render(lang, "", true, false, true)
    }

    fn render_banner(&self, lang: Language, css: &str, open: bool, boot: bool) -> String {
        self.render(lang, css, open, boot, false)
    }

    fn render(
        &self,
        lang: Language,
        css: &str,
        open: bool,
        boot: bool,
        reopen_link: bool,
    ) -> String {
        let site = self.config.site.as_ref();
        let return_query = url_encode(self.return_path);
        BannerTemplate {
            css,
            open,
            boot,
            reopen_link,
            boot_js: banner_boot_js(),
            api: self.api,
            site: site.map_or("", |s| s.id.as_str()),
            lang: lang.as_str(),
            dir: texts::direction(lang).as_str(),
            languages: language_links(
                self.config,
                lang,
                &format!("{}/installningar", self.api),
                &return_query,
            ),
            policy_url: &self.config.policy_url,
            gpc: self.gpc,
            return_path: self.return_path,
            return_query: &return_query,
            t: BannerView::new(self.config, lang),
        }
        .render()
        .unwrap_or_default()
    }

    fn reopen(&self, lang: Language, css: &str) -> String {
        let return_query: String = url_encode(self.return_path);
        ReopenTemplate {
            css,
            api: self.api,
            lang: lang.as_str(),
            dir: texts::direction(lang).as_str(),
            return_query: &return_query,
            t: BannerView::new(self.config, lang),
        }
        .render()
        .unwrap_or_default()
    }
}

/// The Consent Mode v2 defaults as the decision sets them, for tags the site loads itself
/// (the script's text; [`Injection::head_start`] wraps it).
fn consent_mode_defaults(config: &SiteConfig, decision: Option<&Decision>) -> String {
    let signals: Vec<String> = samtycke_visitor::consent_mode::signals(decision, config)
        .into_iter()
        .map(|(signal, value)| format!("{signal}:\"{value}\""))
        .collect();
    format!(
        "window.dataLayer=window.dataLayer||[];window.gtag=window.gtag||function(){{dataLayer.push(arguments)}};gtag(\"consent\",\"default\",{{{}}});",
        signals.join(",")
    )
}

/// The site's colours on the banner's custom properties (validated `#rrggbb` values); empty
/// for Samtycke's own site.
pub fn theme_css(config: &SiteConfig) -> String {
    config.site.as_ref().map_or_else(String::new, |site| {
        format!(
            "#samtycke,#samtycke-reopen,.sc-theme{{--sc-accent:{};--sc-bg:{};--sc-fg:{}}}",
            site.theme.accent, site.theme.background, site.theme.text
        )
    })
}

/// CSS without comments and with whitespace folded; spaces next to `{`, `}`, `;` and `,` go
/// (a space before `:` stays: it is a descendant combinator there).
fn minify_css(css: &str) -> String {
    let mut without_comments = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        without_comments.push_str(&rest[..start]);
        rest = rest[start + 2..]
            .find("*/")
            .map_or("", |end| &rest[start + 2 + end + 2..]);
    }
    without_comments.push_str(rest);
    let folded = without_comments
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let mut out = String::with_capacity(folded.len());
    let chars: Vec<char> = folded.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let tight = |c: Option<&char>| c.is_some_and(|c| matches!(c, '{' | '}' | ';' | ','));
        if c == ' '
            && (tight(chars.get(i + 1)) || tight(i.checked_sub(1).and_then(|j| chars.get(j))))
        {
            continue;
        }
        out.push(c);
    }
    out
}

/// Percent-encode a path for a query value (unreserved characters and `/` stay).
pub fn url_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn view<'a>(config: &'a SiteConfig, decision: Option<&'a Decision>) -> PageView<'a> {
        PageView {
            config,
            decision,
            api: "/_samtycke",
            return_path: "/kontakt?x=1&y=\"2\"",
            gpc: false,
        }
    }

    #[test]
    fn an_undecided_visitor_gets_the_banner_as_a_working_form() {
        let config = samtycke_deployment::site_config().expect("bundled");
        let injection = view(&config, None).injection(None);
        let sv = &injection.body_start.get(Language::SV);
        assert!(
            sv.contains(r#"<form method="post" action="/_samtycke/consent">"#),
            "{sv}"
        );
        assert!(sv.contains(r#"<button type="submit" class="sc-btn" name="choice" value="accept-all" data-sc-text="accept_all">Godkänn alla</button>"#));
        assert!(sv.contains(r#"<button type="submit" class="sc-btn" name="choice" value="reject-all" data-sc-text="reject_all">Endast nödvändiga</button>"#));
        assert!(
            sv.contains(r#"name="return" value="/kontakt?x=1&#38;y=&#34;2&#34;""#),
            "{sv}"
        );
        assert!(
            injection
                .body_start
                .get(Language::EN)
                .contains("Accept all")
        );
        assert!(injection.body_end.get(Language::SV).is_empty());
        assert!(
            injection
                .head_start
                .contains("analytics_storage:\"denied\"")
        );
        assert_eq!(injection.script_hashes.len(), 2);
        assert_eq!(injection.style_hashes.len(), 1);
        assert!(!sv.contains(r#"class="sc-gpc""#));
        let gpc = PageView {
            gpc: true,
            ..view(&config, None)
        }
        .injection(None);
        assert!(
            gpc.body_start
                .get(Language::SV)
                .contains("Global Privacy Control")
        );
    }

    /// The app adopts the rendered banner and switches its language by the keys the template
    /// marks: each must name a text of the catalogue, and hold that text as rendered.
    #[test]
    fn every_marked_element_holds_the_catalogue_text_its_key_names() {
        let config = samtycke_deployment::site_config().expect("bundled");
        let gpc = PageView {
            gpc: true,
            ..view(&config, None)
        };
        let injection = gpc.injection(None);
        for &language in &config.languages {
            let html = injection.body_start.get(language);
            let texts = BannerView::new(&config, language);
            let mut marked = Vec::new();
            for (attribute, content) in [("data-sc-text", true), ("data-sc-label", false)] {
                for (at, _) in html.match_indices(&format!(r#"{attribute}=""#)) {
                    let rest = &html[at + attribute.len() + 2..];
                    let key = &rest[..rest.find('"').expect("quoted")];
                    let text = texts
                        .get(key)
                        .unwrap_or_else(|| panic!("unknown key {key}"));
                    let rendered = if content {
                        let body = &rest[rest.find('>').expect("tag") + 1..];
                        &body[..body.find('<').expect("closed")]
                    } else {
                        let tag_start = html[..at].rfind('<').expect("tag");
                        let tag = &html[tag_start..at + rest.find('>').expect("tag")];
                        let label = &tag[tag.find(r#"aria-label=""#).expect("label") + 12..];
                        &label[..label.find('"').expect("quoted")]
                    };
                    assert_eq!(rendered, escaped(text), "{key} in {language:?}");
                    marked.push(key.to_owned());
                }
            }
            marked.sort();
            assert_eq!(
                marked,
                [
                    "accept_all",
                    "banner_body",
                    "banner_title",
                    "gpc_note",
                    "languages",
                    "policy_link",
                    "reject_all",
                    "settings"
                ],
                "{language:?}"
            );
        }
    }

    /// `text` as the templates escape it.
    fn escaped(text: &str) -> String {
        text.replace('&', "&#38;")
            .replace('<', "&#60;")
            .replace('>', "&#62;")
            .replace('"', "&#34;")
            .replace('\'', "&#39;")
    }

    #[test]
    fn a_decided_visitor_gets_only_the_reopen_control_within_a_kilobyte() {
        let config = samtycke_deployment::site_config().expect("bundled");
        let decision = Decision::accept_all(&config, Language::SV, datetime!(2026-11-23 12:00 UTC));
        let injection = view(&config, Some(&decision)).injection(None);
        assert!(injection.body_start.get(Language::SV).is_empty());
        let added = injection.head_start.len() + injection.body_end.get(Language::SV).len();
        assert!(added <= 1024, "{added} bytes");
        assert!(injection.body_end.get(Language::SV).contains(
            r#"href="/_samtycke/installningar?lang=sv&amp;return=/kontakt%3Fx%3D1%26y%3D%222%22""#
        ), "{}", injection.body_end.get(Language::SV));
        assert!(
            injection
                .head_start
                .contains("analytics_storage:\"granted\"")
        );
        assert_eq!(injection.script_hashes.len(), 1);
    }

    #[test]
    fn hashes_match_the_inline_pieces() {
        let config = samtycke_deployment::site_config().expect("bundled");
        let injection = view(&config, None).injection(None);
        let script = injection
            .head_start
            .strip_prefix("<script>")
            .and_then(|s| s.strip_suffix("</script>"))
            .expect("one script");
        assert_eq!(injection.script_hashes[0], hash_source(script));
        let style = injection
            .body_start
            .get(Language::SV)
            .strip_prefix("<style>")
            .and_then(|s| s.split("</style>").next())
            .expect("style first");
        assert_eq!(injection.style_hashes[0], hash_source(style));
        assert!(
            injection
                .body_start
                .get(Language::SV)
                .contains(&format!("<script>{}</script>", banner_boot_js()))
        );
    }

    #[test]
    fn the_static_banner_is_the_catalogue_s_in_the_default_language_with_every_language_offered() {
        let config = samtycke_deployment::site_config().expect("bundled");
        let view = PageView {
            api: "",
            return_path: "/",
            ..view(&config, None)
        };
        let html = view.static_markup(Language::SV);
        let t = texts::banner_texts(Language::SV);
        assert!(
            html.starts_with(r#"<div id="samtycke" lang="sv" dir="ltr">"#),
            "{html}"
        );
        for text in [
            t.banner_title,
            t.accept_all,
            t.reject_all,
            t.settings,
            t.reopen,
        ] {
            assert!(html.contains(text), "{text} in {html}");
        }
        for (tag, name) in [
            ("sv", "Svenska"),
            ("en", "English"),
            ("fi", "Suomi"),
            ("ar", "العربية"),
        ] {
            assert!(
                html.contains(&format!(r#"lang="{tag}" hreflang="{tag}""#)) && html.contains(name),
                "{tag} in {html}"
            );
        }
        assert!(
            html.contains(r#"<a class="sc-reopen" href="/installningar?return=/">"#),
            "{html}"
        );
        assert!(!html.contains("<style>") && !html.contains("<script>"));
    }

    #[test]
    fn a_visitor_whose_language_is_known_gets_the_banner_rendered_in_it_alone() {
        let config = samtycke_deployment::site_config().expect("bundled");
        let injection = view(&config, None).injection(Some(Language::FI));
        let languages: Vec<Language> = injection.body_start.languages().collect();
        assert_eq!(languages, [Language::FI]);
        let fi = injection.body_start.get(Language::FI);
        assert!(
            fi.contains(texts::banner_texts(Language::FI).accept_all),
            "{fi}"
        );
        let every = view(&config, None).injection(None);
        assert_eq!(every.body_start.languages().count(), config.languages.len());
    }

    #[test]
    fn an_arabic_banner_runs_right_to_left() {
        let config = samtycke_deployment::site_config().expect("bundled");
        let injection = view(&config, None).injection(None);
        let ar = injection.body_start.get(Language::AR);
        assert!(ar.contains(r#"lang="ar" dir="rtl""#), "{ar}");
        assert!(ar.contains(texts::banner_texts(Language::AR).accept_all));
        assert!(
            ar.contains(r#"<a class="sc-lang" href="/_samtycke/installningar?lang=sv&#38;return="#),
            "{ar}"
        );
    }

    #[test]
    fn css_is_minified_without_changing_selectors() {
        assert_eq!(
            minify_css(
                "/* x */\n.a :focus-visible, .b {\n  color: red;\n  font: 1rem \"Segoe UI\";\n}\n"
            ),
            ".a :focus-visible,.b{color: red;font: 1rem \"Segoe UI\";}"
        );
        assert!(banner_css().len() < BANNER_CSS_SOURCE.len());
    }
}
