//! The cookie settings as a plain server-rendered form: how a visitor without JavaScript
//! changes or withdraws a decision (GDPR Art. 7(3)), reached from every page's reopen
//! control and the banner's "Settings".

use askama::Template;
use samtycke_visitor::texts::{self, BannerView};
use samtycke_visitor::{Decision, Language, SiteConfig};

use crate::banner::{LanguageLink, language_links, url_encode};

/// One category as the form shows it.
struct CategoryRow<'a> {
    id: &'a str,
    label: &'a str,
    description: &'a str,
    required: bool,
    granted: bool,
}

#[derive(Template)]
#[template(path = "settings.html")]
struct SettingsTemplate<'a> {
    lang: &'a str,
    dir: &'a str,
    languages: Vec<LanguageLink>,
    api: &'a str,
    return_path: &'a str,
    policy_url: &'a str,
    theme: &'a str,
    current: Option<String>,
    categories: Vec<CategoryRow<'a>>,
    t: BannerView<'a>,
}

/// The settings page for `config`, showing `decision` (if any), posting to `api`/consent
/// and returning to `return_path`. `theme` is the site's colours as CSS (see
/// [`crate::banner::theme_css`]); its hash goes into the page's CSP.
pub fn render(
    config: &SiteConfig,
    decision: Option<&Decision>,
    lang: Language,
    api: &str,
    return_path: &str,
    theme: &str,
) -> Result<String, askama::Error> {
    let t = BannerView::new(config, lang);
    let current = decision.map(|d| {
        config
            .categories
            .iter()
            .filter(|c| d.allows(&c.id))
            .map(|c| c.label.get(lang))
            .collect::<Vec<_>>()
            .join(", ")
    });
    SettingsTemplate {
        lang: lang.as_str(),
        dir: texts::direction(lang).as_str(),
        languages: language_links(
            config,
            lang,
            &format!("{api}/installningar"),
            &url_encode(return_path),
        ),
        api,
        return_path,
        policy_url: &config.policy_url,
        theme,
        current,
        categories: config
            .categories
            .iter()
            .map(|c| CategoryRow {
                id: &c.id,
                label: c.label.get(lang),
                description: c.description.get(lang),
                required: c.required,
                granted: c.required || decision.is_some_and(|d| d.allows(&c.id)),
            })
            .collect(),
        t,
    }
    .render()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn shows_each_category_with_the_current_choice_checked() {
        let config = samtycke_deployment::site_config().expect("bundled");
        let decision = Decision::accept_all(&config, Language::SV, datetime!(2026-11-23 12:00 UTC));
        let html = render(
            &config,
            Some(&decision),
            Language::SV,
            "/_samtycke",
            "/a?b=1",
            "",
        )
        .expect("renders");
        assert!(html.contains(r#"<form method="post" action="/_samtycke/consent">"#));
        assert!(
            html.contains(
                r#"name="granted" value="analytics" aria-describedby="sc-d-analytics" checked>"#
            ),
            "{html}"
        );
        assert!(
            html.contains(
                r#"value="necessary" aria-describedby="sc-d-necessary" checked disabled>"#
            ),
            "{html}"
        );
        assert!(
            html.contains("Ditt nuvarande val: Nödvändiga, Statistik"),
            "{html}"
        );
        let none = render(&config, None, Language::EN, "/_samtycke", "/", "").expect("renders");
        assert!(
            none.contains(r#"value="analytics" aria-describedby="sc-d-analytics">"#),
            "{none}"
        );
        assert!(none.contains("You have not chosen anything yet."));
    }
}
