//! What Mina intyg actually does with patients' data, stated once in code: each purpose and
//! its legal bases, how long each kind of data is kept, the kinds of data held. Receipts are
//! made from these facts, and `samtycke-check` holds the privacy notice against them, so the
//! notice cannot promise one thing while the code does another.

use crate::care_network::{Provider, Recipient};
use samtycke_receipts::placement;
use samtycke_receipts::shard::{self, Layout};

/// A purpose patients' data is processed for, with its legal bases.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PurposeFact {
    /// Id the notice names it by (`id = "…"` on the purpose).
    pub id: &'static str,
    /// The W3C DPV purpose receipts name.
    pub dpv_purpose: &'static str,
    /// GDPR Art. 6 basis.
    pub legal_basis: &'static str,
    /// GDPR Art. 9(2) exception for health data, if the purpose processes health data.
    pub special_category_basis: Option<&'static str>,
    /// Whether the patient's consent covers it (it is in every consent receipt).
    pub by_consent: bool,
    /// For a purpose that publishes figures: the rule it publishes by, which the notice must
    /// state exactly.
    pub publication: Option<Publication>,
}

/// How a statistics purpose publishes, as the code applies it (and the notice states it:
/// `publication = { min_persons = 5, ended_months_only = true, final_once_published = true }`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Publication {
    /// The fewest distinct persons a published cell rests on.
    pub min_persons: u64,
    /// Only periods that have ended are published.
    pub ended_months_only: bool,
    /// A published period never changes (a later withdrawal does not move its figures).
    pub final_once_published: bool,
}

/// Showing the patient's own certificates, and handling them at the patient's request
/// (print, save, send on).
pub const CERTIFICATES: PurposeFact = PurposeFact {
    id: "certificates",
    dpv_purpose: "dpv:ServiceProvision",
    legal_basis: "GDPR Art. 6(1)(a)",
    special_category_basis: Some("GDPR Art. 9(2)(a)"),
    by_consent: true,
    publication: None,
};

/// Aggregate sick-leave statistics (`statistics`): only from patients whose consent is in
/// force, published by [`crate::statistics`]'s rule.
pub const STATISTICS: PurposeFact = PurposeFact {
    id: "statistics",
    dpv_purpose: "dpv:ResearchAndDevelopment",
    legal_basis: "GDPR Art. 6(1)(a)",
    special_category_basis: Some("GDPR Art. 9(2)(a)"),
    by_consent: true,
    publication: Some(Publication {
        min_persons: crate::statistics::MIN_PERSONS,
        ended_months_only: true,
        final_once_published: true,
    }),
};

/// Keeping signed receipts of consents, disclosures and erasures, to show what the patient
/// agreed to and what was done (GDPR Art. 7(1) and 5(2)).
pub const RECORDS: PurposeFact = PurposeFact {
    id: "consent_records",
    dpv_purpose: "dpv:RecordManagement",
    legal_basis: "GDPR Art. 6(1)(c)",
    special_category_basis: None,
    by_consent: false,
    publication: None,
};

/// Every purpose, those under consent first.
pub const PURPOSES: [PurposeFact; 3] = [CERTIFICATES, STATISTICS, RECORDS];

/// How long something is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kept {
    /// While the patient's consent is in force; erased when it is withdrawn.
    WhileConsentInForce,
    /// This many days after each entry.
    Days(u32),
}

/// Data held about patients, by the id the notice names it with, and how long it is kept:
/// certificate copies and statistics rows only while consent is in force; the signed history
/// (consents, disclosures, erasures) `history_days` after each entry; which care providers
/// sent the patient a certificate (their ids only, so that renewed consent asks them and no
/// one else) `history_days` after the last certificate from each.
pub fn retention(history_days: u32) -> [(&'static str, Kept); 4] {
    [
        ("certificates", Kept::WhileConsentInForce),
        ("statistics", Kept::WhileConsentInForce),
        ("consent_history", Kept::Days(history_days)),
        (CERTIFICATE_SOURCES, Kept::Days(history_days)),
    ]
}

/// A website visitor's choice about cookies, kept in their browser until the site asks again
/// (the site configuration's `consent_lifetime_days`).
pub const VISITOR_CHOICE: &str = "choice";
/// The signed receipts of a visitor's choices, kept at the edge (`RECEIPT_RETENTION_DAYS`).
pub const VISITOR_RECEIPTS: &str = "receipts";

/// How long what is kept about a website visitor is kept: the choice `choice_days` (the
/// site's configuration), its receipts `receipt_days` (the Worker's configuration).
pub fn visitor_retention(choice_days: u32, receipt_days: u32) -> [(&'static str, Kept); 2] {
    [
        (VISITOR_CHOICE, Kept::Days(choice_days)),
        (VISITOR_RECEIPTS, Kept::Days(receipt_days)),
    ]
}

/// The kind of data naming the care providers that sent a patient a certificate.
pub const CERTIFICATE_SOURCES: &str = "certificate_sources";

/// Kinds of data held about a patient besides the certificates' own
/// ([`crate::certificate::DATA_CATEGORIES`]): the signed history, and who sent certificates.
pub const HISTORY_CATEGORIES: [&str; 3] = ["consent_history", "disclosures", CERTIFICATE_SOURCES];

/// Every kind of personal data held about patients, by id.
pub fn data_categories() -> Vec<&'static str> {
    crate::certificate::DATA_CATEGORIES
        .iter()
        .map(|(id, _)| *id)
        .chain(HISTORY_CATEGORIES)
        .collect()
}

/// Everything the notice is checked against, for one deployment's configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    /// Purposes with their bases.
    pub purposes: Vec<PurposeFact>,
    /// Retention per kind of data.
    pub retention: Vec<(&'static str, Kept)>,
    /// Who may receive certificates (the patient's own action sends them), by id and name.
    pub recipients: Vec<(String, String)>,
    /// Care providers that receive a patient's personal identity number (asked to send the
    /// certificates they sent before again, when the patient consents), by id and name.
    pub providers: Vec<(String, String)>,
    /// Kinds of data held.
    pub data_categories: Vec<&'static str>,
    /// Retention per kind of data about website visitors ([`visitor_retention`]); empty until
    /// [`Facts::for_site`] names the site.
    pub visitors: Vec<(&'static str, Kept)>,
    /// Days the edge keeps a visitor's receipts (`RECEIPT_RETENTION_DAYS`).
    pub receipt_days: u32,
    /// The stores of personal data the deployment leaves outside the EU, each as the
    /// variable that places it and why ([`unplaced_stores`]); empty when all are placed.
    pub unplaced: Vec<(&'static str, String)>,
}

impl Facts {
    /// These facts for the notice of a site whose configuration asks visitors again after
    /// `choice_days`.
    pub fn for_site(&self, choice_days: u32) -> Self {
        Self {
            visitors: visitor_retention(choice_days, self.receipt_days).to_vec(),
            ..self.clone()
        }
    }
}

/// The facts of a deployment keeping patients' history `history_days` and visitors' receipts
/// `receipt_days`, sending to `recipients` and receiving certificates from `providers`.
pub fn facts(
    history_days: u32,
    receipt_days: u32,
    recipients: &[Recipient],
    providers: &[Provider],
) -> Facts {
    Facts {
        visitors: Vec::new(),
        unplaced: Vec::new(),
        receipt_days,
        purposes: PURPOSES.to_vec(),
        retention: retention(history_days).to_vec(),
        recipients: recipients
            .iter()
            .map(|r| (r.id.clone(), r.name.clone()))
            .collect(),
        providers: providers
            .iter()
            .map(|p| (p.id.clone(), p.name.clone()))
            .collect(),
        data_categories: data_categories(),
    }
}

/// The stores of personal data a deployment with these variables (`None` when unset) leaves
/// outside the EU, read as the Worker reads them outside local development: the patients'
/// objects (`PATIENT_JURISDICTION`) and the visitors' receipt shards (`RECEIPT_SHARDS`), each
/// as the variable and why. D1 and the send queue are placed when they are created, which no
/// variable shows.
pub fn unplaced_stores(
    patient_jurisdiction: Option<&str>,
    receipt_shards: Option<&str>,
) -> Vec<(&'static str, String)> {
    let mut unplaced = Vec::new();
    if let Err(e) = placement::jurisdiction(patient_jurisdiction.unwrap_or(""), true) {
        unplaced.push(("PATIENT_JURISDICTION", e.to_string()));
    }
    let layout = receipt_shards.unwrap_or(shard::DEFAULT_LAYOUT);
    if let Err(why) = Layout::parse(layout)
        .map_err(|e| e.to_string())
        .and_then(|layout| layout.check_placed(true).map_err(|e| e.to_string()))
    {
        unplaced.push(("RECEIPT_SHARDS", why));
    }
    unplaced
}

/// The legal basis as a receipt states it: `GDPR Art. 6(1)(a), Art. 9(2)(a)`.
pub fn receipt_basis(purpose: &PurposeFact) -> String {
    match purpose.special_category_basis {
        Some(special) => format!(
            "{}, {}",
            purpose.legal_basis,
            special.trim_start_matches("GDPR ")
        ),
        None => purpose.legal_basis.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stores_a_deployment_leaves_outside_the_eu_are_named() {
        assert_eq!(
            unplaced_stores(Some("eu"), Some("0:16:eu,1000:64:eu")),
            vec![]
        );
        // Unset: the Worker's defaults (no patient jurisdiction; 16 shards in the EU).
        let unset = unplaced_stores(None, None);
        assert_eq!(unset.len(), 1, "{unset:?}");
        assert_eq!(unset[0].0, "PATIENT_JURISDICTION");
        let names = |stores: Vec<(&'static str, String)>| {
            stores.into_iter().map(|(name, _)| name).collect::<Vec<_>>()
        };
        assert_eq!(
            names(unplaced_stores(Some("us"), Some("0:16:eu,1000:64"))),
            ["PATIENT_JURISDICTION", "RECEIPT_SHARDS"]
        );
        assert_eq!(
            names(unplaced_stores(Some("eu"), Some("0:16:fedramp"))),
            ["RECEIPT_SHARDS"]
        );
    }

    #[test]
    fn receipts_state_both_bases_of_a_health_data_purpose() {
        assert_eq!(
            receipt_basis(&CERTIFICATES),
            "GDPR Art. 6(1)(a), Art. 9(2)(a)"
        );
        assert_eq!(receipt_basis(&RECORDS), "GDPR Art. 6(1)(c)");
    }

    #[test]
    fn every_kind_of_data_has_one_id() {
        let ids = data_categories();
        let mut unique = ids.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), ids.len());
        assert!(ids.contains(&"diagnosis") && ids.contains(&"disclosures"));
    }
}
