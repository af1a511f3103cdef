//! A site's languages and its own wording: which languages it offers, and that every text it
//! shows exists in each of them (the catalogue's, or the site's override). A configuration that
//! would leave an offered language incomplete is refused when it is read, so `samtycke-check`
//! and the Worker refuse it alike.

use crate::config::{ConfigError, SiteConfig, Texts};
use crate::texts::{self, BannerTexts};

fn invalid(file: &str, field: impl Into<String>, problem: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        file: file.to_owned(),
        field: field.into(),
        problem: problem.into(),
    }
}

fn offered(config: &SiteConfig) -> String {
    config
        .languages
        .iter()
        .map(|l| l.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The language list itself: not empty, no language twice, the default among them.
pub fn languages(config: &SiteConfig, file: &str) -> Result<(), ConfigError> {
    if config.languages.is_empty() {
        return Err(invalid(
            file,
            "languages",
            "must list at least one language",
        ));
    }
    for (i, language) in config.languages.iter().enumerate() {
        if config.languages[..i].contains(language) {
            return Err(invalid(
                file,
                format!("languages[{i}]"),
                format!("`{language}` is listed twice"),
            ));
        }
    }
    if !config.languages.contains(&config.default_language) {
        return Err(invalid(
            file,
            "default_language",
            format!(
                "`{}` must be one of the offered languages ({})",
                config.default_language,
                offered(config)
            ),
        ));
    }
    Ok(())
}

/// A configured text (a category's label or description) is given, not empty, in every
/// offered language; `field` names it in the error.
pub fn every_language(
    config: &SiteConfig,
    text: &Texts,
    field: &str,
    file: &str,
) -> Result<(), ConfigError> {
    for language in &config.languages {
        match text.exact(*language) {
            Some(t) if !t.trim().is_empty() => {}
            Some(_) => {
                return Err(invalid(
                    file,
                    format!("{field}.{language}"),
                    "must not be empty",
                ));
            }
            None => {
                return Err(invalid(
                    file,
                    format!("{field}.{language}"),
                    format!(
                        "is missing: the site offers {}, so every text needs each of them",
                        offered(config)
                    ),
                ));
            }
        }
    }
    for language in text.languages() {
        if !config.languages.contains(&language) {
            return Err(invalid(
                file,
                format!("{field}.{language}"),
                format!(
                    "`{language}` is not an offered language ({}); add it to `languages` or remove the text",
                    offered(config)
                ),
            ));
        }
    }
    Ok(())
}

/// The site's overrides name real banner texts and give each in every offered language; a
/// language the catalogue has no banner texts for is overridden in full.
pub fn validate(config: &SiteConfig, file: &str) -> Result<(), ConfigError> {
    for (key, text) in &config.texts {
        if !BannerTexts::KEYS.contains(&key.as_str()) {
            return Err(invalid(
                file,
                format!("texts.{key}"),
                format!(
                    "is not a banner text; the texts a site may word itself are {}",
                    BannerTexts::KEYS.join(", ")
                ),
            ));
        }
        every_language(config, text, &format!("texts.{key}"), file)?;
    }
    for language in &config.languages {
        if texts::has_banner(*language) {
            continue;
        }
        if let Some(key) = BannerTexts::KEYS
            .iter()
            .find(|key| !config.texts.contains_key(**key))
        {
            return Err(invalid(
                file,
                format!("texts.{key}.{language}"),
                format!(
                    "is missing: the catalogue has no banner texts in `{language}`, so a site that offers it gives every one of them ({})",
                    BannerTexts::KEYS.join(", ")
                ),
            ));
        }
    }
    Ok(())
}

/// The offered languages whose catalogue texts are drafts no translator has approved yet.
pub fn draft_languages(config: &SiteConfig) -> Vec<crate::Language> {
    config
        .languages
        .iter()
        .copied()
        .filter(|l| texts::info(*l).is_some_and(|info| info.draft))
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::SiteConfig;

    fn with(edit: impl FnOnce(&mut serde_json::Value)) -> Result<SiteConfig, String> {
        let mut value: serde_json::Value =
            serde_json::from_str(include_str!("../../../config/site.json")).expect("json");
        edit(&mut value);
        SiteConfig::parse("site.json", &value.to_string()).map_err(|e| e.to_string())
    }

    #[test]
    fn the_bundled_site_offers_four_languages_with_every_text() {
        let config = with(|_| {}).expect("valid");
        let tags: Vec<&str> = config.languages.iter().map(|l| l.as_str()).collect();
        assert_eq!(tags, ["sv", "en", "fi", "ar"]);
        assert_eq!(
            super::draft_languages(&config)
                .iter()
                .map(|l| l.as_str())
                .collect::<Vec<_>>(),
            ["fi", "ar"]
        );
    }

    #[test]
    fn a_category_text_missing_in_an_offered_language_is_refused_by_field() {
        let err = with(|v| {
            v["categories"][1]["label"]
                .as_object_mut()
                .expect("label")
                .remove("fi");
        })
        .unwrap_err();
        assert!(err.contains("categories[1].label.fi"), "{err}");
        assert!(err.contains("is missing"), "{err}");
    }

    #[test]
    fn an_override_must_name_a_banner_text_and_give_every_offered_language() {
        let err = with(|v| v["texts"] = serde_json::json!({ "accept_everything": { "sv": "Ja" } }))
            .unwrap_err();
        assert!(err.contains("texts.accept_everything"), "{err}");
        let err = with(|v| {
            v["texts"] = serde_json::json!({ "banner_title": { "sv": "Kakor", "en": "Cookies" } })
        })
        .unwrap_err();
        assert!(err.contains("texts.banner_title.fi"), "{err}");
        let ok = with(|v| {
            v["texts"] = serde_json::json!({ "banner_title": {
                "sv": "Kakor hos oss", "en": "Our cookies", "fi": "Evästeemme", "ar": "ملفاتنا"
            } })
        })
        .expect("complete override");
        let view = crate::texts::BannerView::new(&ok, crate::Language::FI);
        assert_eq!(view.banner_title(), "Evästeemme");
        assert_eq!(view.accept_all(), "Hyväksy kaikki");
    }

    #[test]
    fn a_language_without_catalogue_texts_needs_every_banner_text_from_the_site() {
        let err = with(|v| {
            v["languages"] = serde_json::json!(["sv", "de"]);
            for category in v["categories"].as_array_mut().expect("categories") {
                for key in ["label", "description"] {
                    category[key] = serde_json::json!({ "sv": "x", "de": "y" });
                }
            }
        })
        .unwrap_err();
        assert!(err.contains("texts.banner_title.de"), "{err}");
        assert!(err.contains("no banner texts in `de`"), "{err}");
    }

    #[test]
    fn the_default_language_must_be_offered_and_none_listed_twice() {
        let err = with(|v| v["default_language"] = "de".into()).unwrap_err();
        assert!(err.contains("default_language"), "{err}");
        let err = with(|v| v["languages"] = serde_json::json!(["sv", "en", "sv"])).unwrap_err();
        assert!(err.contains("languages[2]"), "{err}");
        let err = with(|v| v["languages"] = serde_json::json!(["sv", "e n"])).unwrap_err();
        assert!(err.contains("not a language tag"), "{err}");
    }
}
