//! The no-JavaScript consent form's answer: which button, which categories, which language,
//! and where to send the visitor back — read from the decoded form fields.
//!
//! Fields: `choice` (`accept-all` | `reject-all` | `custom` | `allow`), one `granted` per
//! category switched on (for `custom`), the `category` to add to the visitor's current
//! decision (for `allow`: a blocked embed's "always allow"), `lang` and `return` (a path on
//! this site).

use thiserror::Error;
use time::OffsetDateTime;

use crate::config::{Language, SiteConfig};
use crate::decision::{Decision, Method};

/// What a submitted form decided.
#[derive(Debug, Clone, PartialEq)]
pub struct FormAnswer {
    /// The decision, with method `no-js`.
    pub decision: Decision,
    /// The language the form was shown in.
    pub language: Language,
    /// Where to send the visitor afterwards: always a path on this site.
    pub return_path: String,
}

/// Why a form cannot be recorded.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum FormError {
    /// `granted` names a category the site does not have.
    #[error("`{0}` is not a category of this site")]
    UnknownCategory(String),
    /// No `choice`, or one the form does not offer.
    #[error("choice must be accept-all, reject-all, custom or allow")]
    InvalidChoice,
    /// `allow` without a `category`, or with a required one (always on already).
    #[error("allow needs the category to allow")]
    MissingCategory,
}

/// Read the decoded `fields` of a submitted form under `config` at `now`; `current` is the
/// visitor's decision in force (from the consent cookie), which `allow` adds to.
pub fn read(
    fields: &[(String, String)],
    config: &SiteConfig,
    current: Option<&Decision>,
    now: OffsetDateTime,
) -> Result<FormAnswer, FormError> {
    let field = |name: &str| field(fields, name);
    let language = field("lang")
        .and_then(|tag| Language::parse(tag).ok())
        .filter(|language| config.languages.contains(language))
        .unwrap_or(config.default_language);
    let mut decision = match field("choice") {
        Some("accept-all") => Decision::accept_all(config, language, now),
        Some("reject-all") => Decision::reject_all(config, language, now),
        Some("custom") => {
            let granted: Vec<&str> = fields
                .iter()
                .filter(|(k, _)| k == "granted")
                .map(|(_, v)| v.as_str())
                .collect();
            if let Some(unknown) = granted.iter().find(|id| config.category(id).is_none()) {
                return Err(FormError::UnknownCategory((*unknown).to_owned()));
            }
            Decision::custom(config, &granted, language, now)
        }
        Some("allow") => {
            let category = field("category").ok_or(FormError::MissingCategory)?;
            match config.category(category) {
                None => return Err(FormError::UnknownCategory(category.to_owned())),
                Some(c) if c.required => return Err(FormError::MissingCategory),
                Some(_) => {}
            }
            // What was granted stays granted; nothing else is assumed.
            let granted: Vec<&str> = config
                .categories
                .iter()
                .map(|c| c.id.as_str())
                .filter(|id| *id == category || current.is_some_and(|d| d.allows(id)))
                .collect();
            Decision::custom(config, &granted, language, now)
        }
        _ => return Err(FormError::InvalidChoice),
    };
    decision.method = Method::NoJs;
    Ok(FormAnswer {
        decision,
        language,
        return_path: local_path(field("return")),
    })
}

/// The first value of the decoded form field `name`.
pub fn field<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// `value` if it is a path on this site, else `/`: never an open redirect.
pub fn local_path(value: Option<&str>) -> String {
    match value {
        Some(p)
            if p.starts_with('/')
                && !p.starts_with("//")
                && !p.contains('\\')
                && !p.chars().any(char::is_control) =>
        {
            p.to_owned()
        }
        _ => "/".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn config() -> SiteConfig {
        SiteConfig::bundled().expect("bundled")
    }

    #[test]
    fn each_button_gives_its_decision_with_method_no_js() {
        let now = datetime!(2026-11-28 12:00 UTC);
        let accept = read(
            &fields(&[("choice", "accept-all"), ("lang", "en")]),
            &config(),
            None,
            now,
        )
        .expect("reads");
        assert_eq!(accept.decision.method, Method::NoJs);
        assert_eq!(accept.language, Language::EN);
        assert_eq!(accept.decision.choices.get("analytics"), Some(&true));
        let custom = read(&fields(&[("choice", "custom")]), &config(), None, now).expect("reads");
        assert_eq!(custom.decision.choices.get("analytics"), Some(&false));
        assert_eq!(custom.decision.choices.get("necessary"), Some(&true));
        assert_eq!(
            read(
                &fields(&[("choice", "custom"), ("granted", "ads")]),
                &config(),
                None,
                now
            ),
            Err(FormError::UnknownCategory("ads".into()))
        );
        assert_eq!(
            read(&fields(&[("choice", "all")]), &config(), None, now),
            Err(FormError::InvalidChoice)
        );
    }

    #[test]
    fn allow_adds_one_category_to_what_the_visitor_already_granted() {
        let mut config = config();
        let mut media = config.categories[1].clone();
        media.id = "media".into();
        config.categories.push(media);
        let now = datetime!(2026-11-28 12:00 UTC);
        let allow = |current: Option<&Decision>, category: &str| {
            read(
                &fields(&[("choice", "allow"), ("category", category), ("lang", "sv")]),
                &config,
                current,
                now,
            )
        };
        let granted = |answer: &FormAnswer| {
            let mut ids: Vec<String> = answer
                .decision
                .choices
                .iter()
                .filter(|(_, granted)| **granted)
                .map(|(id, _)| id.clone())
                .collect();
            ids.sort_unstable();
            ids
        };
        // No decision yet: only the embed's category (and what is always on).
        let first = allow(None, "media").expect("reads");
        assert_eq!(granted(&first), ["media", "necessary"]);
        assert_eq!(first.decision.method, Method::NoJs);
        // Statistics granted before stays granted; nothing else is added.
        let before = Decision::custom(&config, &["analytics"], Language::SV, now);
        assert_eq!(
            granted(&allow(Some(&before), "media").expect("reads")),
            ["analytics", "media", "necessary"]
        );
        assert_eq!(
            allow(None, "ads"),
            Err(FormError::UnknownCategory("ads".into()))
        );
        assert_eq!(allow(None, "necessary"), Err(FormError::MissingCategory));
        assert_eq!(
            read(&fields(&[("choice", "allow")]), &config, None, now),
            Err(FormError::MissingCategory)
        );
    }

    #[test]
    fn the_return_path_stays_on_this_site() {
        for (sent, kept) in [
            (Some("/integritet?x=1"), "/integritet?x=1"),
            (Some("//evil.example/"), "/"),
            (Some("https://evil.example/"), "/"),
            (Some("/\\evil.example"), "/"),
            (Some("/a\nb"), "/"),
            (None, "/"),
        ] {
            assert_eq!(local_path(sent), kept, "{sent:?}");
        }
    }
}
