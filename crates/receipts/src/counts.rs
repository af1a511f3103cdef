//! The counters the receipt store keeps as receipts are written, so the dashboard and the
//! report read a few rows a day instead of scanning every receipt.

use serde::{Deserialize, Serialize};

use crate::receipt::Receipt;

/// What one receipt adds one to, for each of its categories.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct CountKey {
    /// UTC day of issue, `YYYY-MM-DD`.
    pub day: String,
    /// The site's id; empty for Samtycke's own site.
    pub site: String,
    /// Category id; empty for the receipt itself (counted once per receipt, by method).
    pub category: String,
    /// Whether the category was granted.
    pub granted: bool,
    /// How the decision was made, as receipts name it (`accept-all`, `gpc`, …).
    pub method: String,
}

/// The counters `receipt` adds one to, issued for the site `site` (empty for Samtycke's own):
/// the receipt itself, then each of its categories.
pub fn keys_of(receipt: &Receipt, site: &str) -> Vec<CountKey> {
    let method = serde_json::to_value(receipt.method)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    let day = receipt.issued_at.date().to_string();
    let key = |category: &str, granted: bool| CountKey {
        day: day.clone(),
        site: site.to_owned(),
        category: category.to_owned(),
        granted,
        method: method.clone(),
    };
    std::iter::once(key("", false))
        .chain(receipt.purposes.iter().map(|p| key(&p.category, p.granted)))
        .collect()
}

/// A counter and its value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Count {
    /// What is counted.
    #[serde(flatten)]
    pub key: CountKey,
    /// How many.
    pub n: i64,
}

/// One category on one day: how many receipts granted it, of how many.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayRate {
    /// UTC day.
    pub day: String,
    /// Category id.
    pub category: String,
    /// Receipts that granted it.
    pub granted: i64,
    /// Receipts that answered it.
    pub total: i64,
}

/// Counters (from any number of shards, any sites) added up per day and category, in order.
pub fn day_rates(counts: &[Count]) -> Vec<DayRate> {
    let mut rates: std::collections::BTreeMap<(&str, &str), (i64, i64)> = Default::default();
    for c in counts.iter().filter(|c| !c.key.category.is_empty()) {
        let entry = rates.entry((&c.key.day, &c.key.category)).or_default();
        entry.1 += c.n;
        if c.key.granted {
            entry.0 += c.n;
        }
    }
    rates
        .into_iter()
        .map(|((day, category), (granted, total))| DayRate {
            day: day.to_owned(),
            category: category.to_owned(),
            granted,
            total,
        })
        .collect()
}

/// Receipts per method, most used first (ties by name).
pub fn method_totals(counts: &[Count]) -> Vec<(String, i64)> {
    let mut totals: std::collections::BTreeMap<&str, i64> = Default::default();
    for c in counts.iter().filter(|c| c.key.category.is_empty()) {
        *totals.entry(&c.key.method).or_default() += c.n;
    }
    let mut totals: Vec<(String, i64)> =
        totals.into_iter().map(|(m, n)| (m.to_owned(), n)).collect();
    totals.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    totals
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ReceiptRequest;
    use samtycke_visitor::{Language, Method};
    use time::macros::datetime;

    #[test]
    fn a_receipt_counts_once_per_category_on_its_utc_day() {
        let config = samtycke_deployment::site_config().unwrap();
        let request = ReceiptRequest {
            visitor_key: format!("vk_{}", "ab".repeat(16)),
            choices: config
                .categories
                .iter()
                .map(|c| (c.id.clone(), c.required))
                .collect(),
            method: Method::RejectAll,
            language: Language::SV,
            revision: config.revision,
            previous_receipt_id: None,
        };
        let at = datetime!(2026-11-28 23:59:59.999 UTC);
        let receipt = crate::receipt::issue(&request, &config, "r1".into(), at).unwrap();
        let keys = keys_of(&receipt, "klinik");
        assert_eq!(keys.len(), 1 + config.categories.len());
        assert_eq!(keys.iter().filter(|k| k.category.is_empty()).count(), 1);
        assert!(
            keys.iter()
                .all(|k| k.day == "2026-11-28" && k.site == "klinik" && k.method == "reject-all")
        );
        assert!(keys.iter().any(|k| k.category == "necessary" && k.granted));
        assert!(keys.iter().any(|k| k.category == "analytics" && !k.granted));
    }

    fn count(day: &str, site: &str, category: &str, granted: bool, method: &str, n: i64) -> Count {
        Count {
            key: CountKey {
                day: day.into(),
                site: site.into(),
                category: category.into(),
                granted,
                method: method.into(),
            },
            n,
        }
    }

    #[test]
    fn counters_from_several_shards_and_sites_add_up() {
        let counts = [
            count("2026-11-27", "", "", false, "accept-all", 2),
            count("2026-11-27", "", "analytics", true, "accept-all", 2),
            count("2026-11-27", "klinik", "", false, "reject-all", 1),
            count("2026-11-27", "klinik", "analytics", false, "reject-all", 1),
            count("2026-11-27", "", "", false, "accept-all", 3), // another shard
            count("2026-11-27", "", "analytics", true, "accept-all", 3),
            count("2026-11-28", "", "", false, "gpc", 1),
            count("2026-11-28", "", "analytics", false, "gpc", 1),
        ];
        assert_eq!(
            day_rates(&counts),
            vec![
                DayRate {
                    day: "2026-11-27".into(),
                    category: "analytics".into(),
                    granted: 5,
                    total: 6
                },
                DayRate {
                    day: "2026-11-28".into(),
                    category: "analytics".into(),
                    granted: 0,
                    total: 1
                },
            ]
        );
        assert_eq!(
            method_totals(&counts),
            vec![
                ("accept-all".into(), 5),
                ("gpc".into(), 1),
                ("reject-all".into(), 1)
            ]
        );
    }
}
