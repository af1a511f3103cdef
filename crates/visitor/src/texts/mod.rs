//! The one text catalogue: every word the banner, the settings dialog, the patient pages, the
//! server-rendered pages and the edge show, per language.
//!
//! A language's texts for a surface are one struct literal ([`BannerTexts`], [`PatientTexts`],
//! [`Labels`]), so a missing translation is a build error. Which languages exist is data
//! ([`LANGUAGES`] and the per-surface tables): adding one is adding its file here, and a site
//! enables it in its configuration. Texts no one here could review are marked
//! [`LanguageInfo::draft`]: a translator approves them before a site enables them.
//!
//! Each surface has its own table, so a build links only the texts it shows (the banner app
//! carries no patient texts).

/// Declares a text set: a struct of `&'static str` fields, its list of keys (a site may
/// override a text by its key), and a view that lays a site's own wording over it.
macro_rules! text_set {
    (
        $(#[$meta:meta])*
        $name:ident, $view:ident {
            $( $(#[$field_meta:meta])* $field:ident, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug)]
        pub struct $name {
            $( $(#[$field_meta])* pub $field: &'static str, )*
        }

        impl $name {
            /// Every key, as a site's configuration names the texts it overrides.
            pub const KEYS: &'static [&'static str] = &[$(stringify!($field)),*];

            /// The text called `key`, if there is one.
            pub fn get(&self, key: &str) -> Option<&'static str> {
                match key {
                    $( stringify!($field) => Some(self.$field), )*
                    _ => None,
                }
            }
        }

        /// The texts in one language with the site's own wording (its configuration's
        /// `texts`) laid over them.
        #[derive(Debug, Clone, Copy)]
        pub struct $view<'a> {
            base: &'static $name,
            overrides: &'a std::collections::BTreeMap<String, Texts>,
            language: Language,
        }

        impl<'a> $view<'a> {
            /// `config`'s texts in `language`.
            pub fn new(config: &'a SiteConfig, language: Language) -> Self {
                Self {
                    base: super::banner_texts(language),
                    overrides: &config.texts,
                    language,
                }
            }

            /// The text called `key` (one of [`$name::KEYS`]), with the site's wording laid
            /// over it: how the app fills the elements the banner's template marks
            /// `data-sc-text="<key>"`.
            pub fn get(&self, key: &str) -> Option<&'a str> {
                self.base.get(key).map(|base| self.pick(key, base))
            }

            /// The language shown.
            pub fn language(&self) -> Language {
                self.language
            }

            fn pick(&self, key: &str, base: &'static str) -> &'a str {
                self.overrides
                    .get(key)
                    .and_then(|texts| texts.exact(self.language))
                    .unwrap_or(base)
            }

            $(
                $(#[$field_meta])*
                pub fn $field(&self) -> &'a str {
                    self.pick(stringify!($field), self.base.$field)
                }
            )*
        }
    };
}

mod ar;
mod banner;
mod en;
mod fi;
mod labels;
mod patient;
mod placeholder;
mod sv;

pub use banner::{BannerTexts, BannerView};
pub use labels::Labels;
pub use patient::PatientTexts;
pub use placeholder::{PlaceholderTexts, fill};

use crate::language::Language;

/// Which way a script runs: `dir="ltr"` or `dir="rtl"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Left to right (Latin, Cyrillic, …).
    Ltr,
    /// Right to left (Arabic, Hebrew, Persian, …).
    Rtl,
}

impl Direction {
    /// The value of the `dir` attribute.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ltr => "ltr",
            Self::Rtl => "rtl",
        }
    }
}

/// What the catalogue knows about a language.
#[derive(Debug, Clone, Copy)]
pub struct LanguageInfo {
    /// The language.
    pub language: Language,
    /// Its name in itself, as the language switch shows it (`Suomi`).
    pub name: &'static str,
    /// Which way it is written.
    pub direction: Direction,
    /// Written without a reviewer who reads the language: a translator must approve the texts
    /// before a site enables it.
    pub draft: bool,
}

/// Every language the catalogue has texts for, Swedish first.
pub const LANGUAGES: &[LanguageInfo] = &[
    LanguageInfo {
        language: Language::SV,
        name: "Svenska",
        direction: Direction::Ltr,
        draft: false,
    },
    LanguageInfo {
        language: Language::EN,
        name: "English",
        direction: Direction::Ltr,
        draft: false,
    },
    LanguageInfo {
        language: Language::FI,
        name: "Suomi",
        direction: Direction::Ltr,
        draft: true,
    },
    LanguageInfo {
        language: Language::AR,
        name: "العربية",
        direction: Direction::Rtl,
        draft: true,
    },
];

/// The banner and settings dialog: complete in every language of [`LANGUAGES`].
static BANNER: &[(Language, &BannerTexts)] = &[
    (Language::SV, &sv::BANNER),
    (Language::EN, &en::BANNER),
    (Language::FI, &fi::BANNER),
    (Language::AR, &ar::BANNER),
];

/// The patient pages.
static PATIENT: &[(Language, &PatientTexts)] = &[
    (Language::SV, &sv::PATIENT),
    (Language::EN, &en::PATIENT),
    (Language::FI, &fi::PATIENT),
];

/// The placeholder of a blocked embed: in every language of [`LANGUAGES`], like the banner.
static PLACEHOLDER: &[(Language, &PlaceholderTexts)] = &[
    (Language::SV, &sv::PLACEHOLDER),
    (Language::EN, &en::PLACEHOLDER),
    (Language::FI, &fi::PLACEHOLDER),
    (Language::AR, &ar::PLACEHOLDER),
];

/// The server-rendered pages (the notices themselves are written per language by the site).
static LABELS: &[(Language, &Labels)] = &[(Language::SV, &sv::LABELS), (Language::EN, &en::LABELS)];

/// What the catalogue knows about `language`, if it has it.
pub fn info(language: Language) -> Option<&'static LanguageInfo> {
    LANGUAGES.iter().find(|l| l.language == language)
}

/// A number of days in words: `day` after 1, `days` after any other number ("1 dag",
/// "182 dagar").
pub fn count_days(count: u32, day: &str, days: &str) -> String {
    format!("{count} {}", if count == 1 { day } else { days })
}

/// Which way `language` is written (left to right when the catalogue does not know it).
pub fn direction(language: Language) -> Direction {
    info(language).map_or(Direction::Ltr, |l| l.direction)
}

fn find<T: ?Sized>(table: &[(Language, &'static T)], language: Language) -> Option<&'static T> {
    crate::language::closest(language, table, |(l, _)| *l).map(|(_, texts)| *texts)
}

/// The banner's texts in `language`, or Swedish when the catalogue has none (a site that
/// enables such a language overrides every text: `samtycke-check` holds it to that).
pub fn banner_texts(language: Language) -> &'static BannerTexts {
    find(BANNER, language).unwrap_or(&sv::BANNER)
}

/// Whether the catalogue has the banner in `language`.
pub fn has_banner(language: Language) -> bool {
    find(BANNER, language).is_some()
}

/// The patient pages' texts in `language`, or Swedish.
pub fn patient(language: Language) -> &'static PatientTexts {
    find(PATIENT, language).unwrap_or(&sv::PATIENT)
}

/// A blocked embed's placeholder texts in `language`, or Swedish.
pub fn placeholder(language: Language) -> &'static PlaceholderTexts {
    find(PLACEHOLDER, language).unwrap_or(&sv::PLACEHOLDER)
}

/// The languages the patient pages are written in.
pub fn patient_languages() -> impl Iterator<Item = Language> {
    PATIENT.iter().map(|(l, _)| *l)
}

/// The pages' headings in `language`, or Swedish.
pub fn labels(language: Language) -> &'static Labels {
    find(LABELS, language).unwrap_or(&sv::LABELS)
}

#[cfg(test)]
mod tests {

    #[test]
    fn one_day_is_a_day() {
        let sv = banner_texts(Language::SV);
        assert_eq!(count_days(1, sv.day, sv.days), "1 dag");
        assert_eq!(count_days(182, sv.day, sv.days), "182 dagar");
        let en = banner_texts(Language::EN);
        assert_eq!(count_days(1, en.day, en.days), "1 day");
    }

    use super::*;

    #[test]
    fn every_language_has_the_banner_and_no_text_is_empty() {
        for info in LANGUAGES {
            let texts = find(BANNER, info.language).expect("banner texts");
            for key in BannerTexts::KEYS {
                let text = texts.get(key).expect("key");
                assert!(!text.trim().is_empty(), "{} {key}", info.language);
            }
        }
        assert_eq!(BANNER.len(), LANGUAGES.len());
    }

    #[test]
    fn every_language_has_the_placeholder_and_it_names_the_service_and_category() {
        for info in LANGUAGES {
            let texts = find(PLACEHOLDER, info.language).expect("placeholder texts");
            assert!(
                texts.all().iter().all(|t| !t.trim().is_empty()),
                "{}",
                info.language
            );
            assert!(texts.label.contains("{service}"), "{}", info.language);
            assert!(texts.message.contains("{service}"), "{}", info.language);
            assert!(texts.message.contains("{category}"), "{}", info.language);
            assert!(
                texts.allow_always.contains("{category}"),
                "{}",
                info.language
            );
        }
        assert_eq!(PLACEHOLDER.len(), LANGUAGES.len());
    }

    #[test]
    fn only_reviewed_languages_are_not_drafts() {
        let reviewed: Vec<&str> = LANGUAGES
            .iter()
            .filter(|l| !l.draft)
            .map(|l| l.language.as_str())
            .collect();
        assert_eq!(reviewed, ["sv", "en"]);
        assert_eq!(direction(Language::AR), Direction::Rtl);
        assert_eq!(direction(Language::FI), Direction::Ltr);
    }

    #[test]
    fn a_regional_tag_finds_its_language_and_an_unknown_one_falls_back_to_swedish() {
        let fi_fi = Language::parse("fi-fi").unwrap();
        assert_eq!(banner_texts(fi_fi).accept_all, fi::BANNER.accept_all);
        let de = Language::parse("de").unwrap();
        assert!(!has_banner(de));
        assert_eq!(banner_texts(de).accept_all, sv::BANNER.accept_all);
        assert_eq!(patient(Language::AR).service, sv::PATIENT.service);
        assert_eq!(labels(Language::FI).contents, sv::LABELS.contents);
    }
}
