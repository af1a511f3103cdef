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
    /// Category id.
    pub category: String,
    /// Whether the category was granted.
    pub granted: bool,
    /// How the decision was made, as receipts name it (`accept-all`, `gpc`, …).
    pub method: String,
}

/// The counters `receipt` adds one to, issued for the site `site` (empty for Samtycke's own).
pub fn keys_of(receipt: &Receipt, site: &str) -> Vec<CountKey> {
    let method = serde_json::to_value(receipt.method)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    let day = receipt.issued_at.date().to_string();
    receipt
        .purposes
        .iter()
        .map(|p| CountKey {
            day: day.clone(),
            site: site.to_owned(),
            category: p.category.clone(),
            granted: p.granted,
            method: method.clone(),
        })
        .collect()
}

#[cfg(all(test, feature = "jcs"))]
mod tests {
    use super::*;
    use crate::{Language, Method, ReceiptRequest, SiteConfig};
    use time::macros::datetime;

    #[test]
    fn a_receipt_counts_once_per_category_on_its_utc_day() {
        let config = SiteConfig::bundled().unwrap();
        let request = ReceiptRequest {
            visitor_key: format!("vk_{}", "ab".repeat(16)),
            choices: config.categories.iter().map(|c| (c.id.clone(), c.required)).collect(),
            method: Method::RejectAll,
            language: Language::Sv,
            revision: config.revision,
            previous_receipt_id: None,
        };
        let at = datetime!(2026-11-28 23:59:59.999 UTC);
        let receipt = Receipt::issue(&request, &config, "r1".into(), at).unwrap();
        let keys = keys_of(&receipt, "klinik");
        assert_eq!(keys.len(), config.categories.len());
        assert!(keys.iter().all(|k| k.day == "2026-11-28" && k.site == "klinik" && k.method == "reject-all"));
        assert!(keys.iter().any(|k| k.category == "necessary" && k.granted));
        assert!(keys.iter().any(|k| k.category == "analytics" && !k.granted));
    }
}
