//! A cookie database in the Open Cookie Database's CSV format
//! (<https://github.com/jkwakman/Open-Cookie-Database>, Apache-2.0): which platform sets a
//! cookie or storage key of a given name, and for what kind of purpose. `samtycke scan` uses it
//! to place what it finds that the site's configuration does not name.

use thiserror::Error;

/// The purpose the database gives an entry, mapped onto Samtycke's category ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DbCategory {
    /// "Functional" or "Security": needed for the site to work or to be safe.
    Necessary,
    /// "Preferences" or "Personalization".
    Preferences,
    /// "Analytics".
    Analytics,
    /// "Marketing".
    Marketing,
}

impl DbCategory {
    /// The id of the Samtycke category this purpose belongs in.
    pub(crate) fn category_id(self) -> &'static str {
        match self {
            Self::Necessary => "necessary",
            Self::Preferences => "preferences",
            Self::Analytics => "analytics",
            Self::Marketing => "marketing",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "functional" | "security" => Some(Self::Necessary),
            "preferences" | "personalization" | "personalisation" => Some(Self::Preferences),
            "analytics" => Some(Self::Analytics),
            "marketing" => Some(Self::Marketing),
            _ => None,
        }
    }
}

/// One cookie or storage key the database knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DbEntry {
    /// Who sets it ("Google Analytics").
    pub(crate) platform: String,
    /// What it is for.
    pub(crate) category: DbCategory,
    /// Its name, or the start of its name when `prefix` is set.
    pub(crate) name: String,
    /// Whether `name` is the start of the name only (the database's "Wildcard match").
    pub(crate) prefix: bool,
    /// The database's domain column (often a description such as "(3rd party)").
    pub(crate) domain: String,
    /// How long it is kept, in the database's words.
    pub(crate) retention: String,
}

impl DbEntry {
    /// Whether a cookie or key called `name` is this entry.
    pub(crate) fn matches(&self, name: &str) -> bool {
        if self.prefix {
            name.starts_with(&self.name)
        } else {
            name == self.name
        }
    }
}

/// Why a cookie database file cannot be read.
#[derive(Debug, Error)]
pub(crate) enum CookieDbError {
    /// The CSV itself is broken.
    #[error("{file}: {message}")]
    Csv {
        /// The file.
        file: String,
        /// What the CSV reader said.
        message: String,
    },
    /// A column the format needs is missing from the header.
    #[error("{file}: the header has no column {column:?}")]
    MissingColumn {
        /// The file.
        file: String,
        /// The column.
        column: &'static str,
    },
}

/// The entries of a cookie database, exact names first, then prefixes, longest first.
#[derive(Debug, Clone, Default)]
pub(crate) struct CookieDb {
    entries: Vec<DbEntry>,
}

impl CookieDb {
    /// Read a database in the Open Cookie Database's CSV format; `file` names it in errors.
    /// Rows with a purpose the format does not define are left out.
    pub(crate) fn parse_csv(file: &str, text: &str) -> Result<Self, CookieDbError> {
        let csv_error = |e: csv::Error| CookieDbError::Csv {
            file: file.to_owned(),
            message: e.to_string(),
        };
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(text.as_bytes());
        let header = reader.headers().map_err(csv_error)?.clone();
        let column = |name: &'static str| {
            header
                .iter()
                .position(|h| h.trim().eq_ignore_ascii_case(name))
                .ok_or(CookieDbError::MissingColumn {
                    file: file.to_owned(),
                    column: name,
                })
        };
        let (platform, category, name, domain, retention, wildcard) = (
            column("Platform")?,
            column("Category")?,
            column("Cookie / Data Key name")?,
            column("Domain")?,
            column("Retention period")?,
            column("Wildcard match")?,
        );
        let mut entries = Vec::new();
        for record in reader.records() {
            let record = record.map_err(csv_error)?;
            let field = |i: usize| record.get(i).unwrap_or("").trim().to_owned();
            let Some(category) = DbCategory::parse(&field(category)) else {
                continue;
            };
            let entry_name = field(name);
            if entry_name.is_empty() {
                continue;
            }
            entries.push(DbEntry {
                platform: field(platform),
                category,
                name: entry_name,
                prefix: field(wildcard) == "1",
                domain: field(domain),
                retention: field(retention),
            });
        }
        // Exact names before prefixes; among prefixes the longest (most specific) first.
        entries.sort_by(|a, b| {
            a.prefix
                .cmp(&b.prefix)
                .then(b.name.len().cmp(&a.name.len()))
        });
        Ok(Self { entries })
    }

    /// The entry for a cookie or storage key called `name`, if the database knows it.
    pub(crate) fn lookup(&self, name: &str) -> Option<&DbEntry> {
        self.entries.iter().find(|e| e.matches(name))
    }

    /// The entry whose domain column names `host` or a domain above it (for third-party
    /// requests: a platform's own host).
    pub(crate) fn lookup_host(&self, host: &str) -> Option<&DbEntry> {
        self.entries.iter().find(|e| {
            let domain = e.domain.trim_start_matches('.');
            !domain.is_empty()
                && !domain.contains(' ')
                && domain.contains('.')
                && (host == domain
                    || host
                        .strip_suffix(domain)
                        .is_some_and(|sub| sub.ends_with('.')))
        })
    }

    /// How many entries it has.
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "ID,Platform,Category,Cookie / Data Key name,Domain,Description,Retention period,Data Controller,User Privacy & GDPR Rights Portals,Wildcard match
1,Google Analytics,Analytics,_ga,google-analytics.com,\"ID used to identify users, for 2 years\",2 years,Google,https://example.invalid,0
2,Google Analytics,Analytics,_gac_,google-analytics.com,Campaign,90 days,Google,,1
3,Hotjar,Analytics,_hjSession_,(3rd party),Session,30 minutes,Hotjar,,1
4,Example,Marketing,_gac_gb_,ads.example.com,More specific,90 days,Example,,1
5,Cloudflare,Security,__cf_bm,cloudflare.com,Bot management,30 minutes,Cloudflare,,0
6,Nobody,Unknown purpose,mystery,,,,,,0
";

    #[test]
    fn entries_are_read_by_header_and_matched_by_name_or_prefix() {
        let db = CookieDb::parse_csv("ocd.csv", SAMPLE).unwrap();
        assert_eq!(db.len(), 5, "the row with an unknown purpose is left out");
        let ga = db.lookup("_ga").unwrap();
        assert_eq!(
            (ga.platform.as_str(), ga.category),
            ("Google Analytics", DbCategory::Analytics)
        );
        assert_eq!(db.lookup("_ga_XYZ"), None, "`_ga` is an exact name");
        assert_eq!(
            db.lookup("_gac_UA123").unwrap().platform,
            "Google Analytics"
        );
        assert_eq!(
            db.lookup("_gac_gb_1").unwrap().platform,
            "Example",
            "the longest prefix wins"
        );
        assert_eq!(
            db.lookup("__cf_bm").unwrap().category.category_id(),
            "necessary"
        );
        assert_eq!(db.lookup("mystery"), None);
    }

    #[test]
    fn a_host_is_found_by_the_domain_column_only_when_it_is_a_domain() {
        let db = CookieDb::parse_csv("ocd.csv", SAMPLE).unwrap();
        assert_eq!(
            db.lookup_host("www.google-analytics.com").unwrap().platform,
            "Google Analytics"
        );
        assert_eq!(db.lookup_host("notgoogle-analytics.com"), None);
        assert_eq!(db.lookup_host("party"), None);
    }

    #[test]
    fn a_file_without_the_needed_columns_is_refused_by_name() {
        let err = CookieDb::parse_csv("x.csv", "Name,Category\n_ga,Analytics\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "x.csv: the header has no column \"Platform\""
        );
    }
}
