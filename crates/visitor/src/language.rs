//! Languages as data: a language is its BCP 47 tag (`sv`, `fi`, `ar`, `se`), not a closed
//! set. Which languages a site offers is configuration; which texts exist for a language is
//! the catalogue's business ([`crate::texts`]).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use tinystr::TinyAsciiStr;

/// A language, by its lowercase BCP 47 tag: a primary subtag of 2–3 letters, optionally
/// followed by `-` and subtags (`sv`, `en`, `fi`, `ar`, `sma`, `sv-fi`), at most 8 characters.
/// Small and `Copy`: it travels in decisions, receipts and cookies.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Language(TinyAsciiStr<8>);

/// Why a text is not a language tag we accept.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{0}` is not a language tag: write 2–3 lowercase letters, optionally followed by `-` and subtags (sv, en, fi, ar, sv-fi), at most 8 characters"
)]
pub struct LanguageError(pub String);

impl Language {
    /// Swedish.
    pub const SV: Self = Self::known("sv");
    /// English.
    pub const EN: Self = Self::known("en");
    /// Finnish, a national minority language of Sweden.
    pub const FI: Self = Self::known("fi");
    /// Arabic, written right to left.
    pub const AR: Self = Self::known("ar");

    const fn known(tag: &str) -> Self {
        match TinyAsciiStr::try_from_str(tag) {
            Ok(tag) => Self(tag),
            Err(_) => panic!("a known tag is short ASCII"),
        }
    }

    /// Read a tag, case-insensitively (`sv-FI` is `sv-fi`).
    pub fn parse(tag: &str) -> Result<Self, LanguageError> {
        let lower = tag.to_ascii_lowercase();
        let mut subtags = lower.split('-');
        let primary_ok = subtags.next().is_some_and(|p| {
            (2..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_lowercase())
        });
        let rest_ok = subtags
            .all(|s| (1..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric()));
        match TinyAsciiStr::try_from_str(&lower) {
            Ok(tiny) if primary_ok && rest_ok => Ok(Self(tiny)),
            _ => Err(LanguageError(tag.to_owned())),
        }
    }

    /// The tag, as `<html lang>` and `hreflang` take it.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// The primary subtag: `sv` for `sv-fi`.
    pub fn primary(&self) -> &str {
        self.as_str().split('-').next().unwrap_or_default()
    }
}

impl Default for Language {
    fn default() -> Self {
        Self::SV
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Language {
    type Err = LanguageError;

    fn from_str(tag: &str) -> Result<Self, Self::Err> {
        Self::parse(tag)
    }
}

impl Serialize for Language {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Language {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let tag = std::borrow::Cow::<str>::deserialize(deserializer)?;
        Self::parse(&tag).map_err(serde::de::Error::custom)
    }
}

/// The language to show a visitor: the first of their preferences (most preferred first, as
/// `navigator.languages` lists them) that the site offers, matched exactly or by primary
/// subtag; otherwise `default`.
pub fn choose<'a>(
    preferences: impl IntoIterator<Item = &'a str>,
    offered: &[Language],
    default: Language,
) -> Language {
    preferred(preferences, offered).unwrap_or(default)
}

/// The first of the visitor's preferences that the site offers (see [`choose`]), if any.
pub fn preferred<'a>(
    preferences: impl IntoIterator<Item = &'a str>,
    offered: &[Language],
) -> Option<Language> {
    preferences
        .into_iter()
        .filter_map(|wanted| Language::parse(wanted.trim()).ok())
        .find_map(|wanted| closest(wanted, offered, |l| *l).copied())
}

/// Of `items`, the one in `wanted` exactly, else the first in the same primary language
/// (`fi` for `fi-fi`, `sv-fi` for `sv`); `language_of` says which language an item is in.
pub fn closest<T>(
    wanted: Language,
    items: &[T],
    language_of: impl Fn(&T) -> Language,
) -> Option<&T> {
    items
        .iter()
        .find(|item| language_of(item) == wanted)
        .or_else(|| {
            items
                .iter()
                .find(|item| language_of(item).primary() == wanted.primary())
        })
}

/// The tags of an `Accept-Language` header (RFC 9110 §12.5.4), most preferred first: by
/// weight, then in the order written; `q=0` and `*` are left out.
pub fn accept_language(header: &str) -> Vec<&str> {
    // Ranked by insertion into an ordered map, heaviest first and then as written: a sort
    // here was a copy of the standard library's sort in the Worker of its own.
    let mut ranked = std::collections::BTreeMap::new();
    for (i, item) in header.split(',').enumerate() {
        let mut parts = item.split(';');
        let Some(tag) = parts.next().map(str::trim) else {
            continue;
        };
        let Some(weight) = parts
            .find_map(|p| p.trim().strip_prefix("q="))
            .map_or(Some(1000), parse_weight)
        else {
            continue;
        };
        if weight > 0 && !tag.is_empty() && tag != "*" {
            ranked.insert((std::cmp::Reverse(weight), i), tag);
        }
    }
    ranked.into_values().collect()
}

/// A `qvalue` in thousandths (`0.8` is 800); `None` when malformed.
fn parse_weight(q: &str) -> Option<u16> {
    let value: f32 = q.trim().parse().ok()?;
    (0.0..=1.0)
        .contains(&value)
        .then(|| (value * 1000.0).round() as u16)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_read_case_insensitively_and_checked() {
        assert_eq!(Language::parse("sv").unwrap(), Language::SV);
        assert_eq!(Language::parse("sv-FI").unwrap().as_str(), "sv-fi");
        assert_eq!(Language::parse("sma").unwrap().primary(), "sma");
        for bad in ["", "s", "svenska", "sv_se", "1v", "zh-hant-tw", "sv-"] {
            assert_eq!(Language::parse(bad), Err(LanguageError(bad.to_owned())));
        }
        let json: Language = serde_json::from_str("\"fi\"").unwrap();
        assert_eq!(json, Language::FI);
        let refused = serde_json::from_str::<Language>("\"x\"").unwrap_err();
        assert!(refused.to_string().contains("language tag"), "{refused}");
        assert_eq!(serde_json::to_string(&Language::AR).unwrap(), "\"ar\"");
    }

    #[test]
    fn the_first_offered_preference_wins_else_the_default() {
        let offered = [Language::SV, Language::EN, Language::FI, Language::AR];
        assert_eq!(
            choose(["fi-FI", "sv"], &offered, Language::SV),
            Language::FI
        );
        assert_eq!(
            choose(["de", "en-GB"], &offered, Language::SV),
            Language::EN
        );
        assert_eq!(choose(["de", "nb"], &offered, Language::SV), Language::SV);
        assert_eq!(choose(["ar-SE"], &offered[..2], Language::EN), Language::EN);
        assert_eq!(choose(["!!", "ar"], &offered, Language::SV), Language::AR);
    }

    #[test]
    fn accept_language_is_ranked_by_weight_then_order() {
        assert_eq!(
            accept_language("sv-SE,sv;q=0.9,en-US;q=0.8,en;q=0.7"),
            ["sv-SE", "sv", "en-US", "en"]
        );
        assert_eq!(
            accept_language("en;q=0.5, fi, *;q=0.1, de;q=0"),
            ["fi", "en"]
        );
        assert_eq!(accept_language("fi;q=x, ar"), ["ar"]);
        assert!(accept_language("").is_empty());
    }
}
