//! Where a recipient is and on what ground personal data may go there: the ISO 3166-1 alpha-2
//! country codes, the EU/EEA among them, and the grounds of GDPR Chapter V for a transfer to
//! any other country (Art. 45–49).

use serde::{Deserialize, Serialize};

/// The member states of the EU and the other states of the EEA (Iceland, Liechtenstein,
/// Norway), as ISO 3166-1 alpha-2 codes (Greece is `GR`, not the EU's `EL`). Data may go to
/// these without a Chapter V ground.
pub const EU_EEA: [&str; 30] = [
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT",
    "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", "IS", "LI", "NO",
];

/// Every officially assigned ISO 3166-1 alpha-2 code (249), written one after the other.
pub const COUNTRY_CODES: &str = concat!(
    "ADAEAFAGAIALAMAOAQARASATAUAWAXAZ",
    "BABBBDBEBFBGBHBIBJBLBMBNBOBQBRBSBTBVBWBYBZ",
    "CACCCDCFCGCHCICKCLCMCNCOCRCUCVCWCXCYCZ",
    "DEDJDKDMDODZ",
    "ECEEEGEHERESET",
    "FIFJFKFMFOFR",
    "GAGBGDGEGFGGGHGIGLGMGNGPGQGRGSGTGUGWGY",
    "HKHMHNHRHTHU",
    "IDIEILIMINIOIQIRISIT",
    "JEJMJOJP",
    "KEKGKHKIKMKNKPKRKWKYKZ",
    "LALBLCLILKLRLSLTLULVLY",
    "MAMCMDMEMFMGMHMKMLMMMNMOMPMQMRMSMTMUMVMWMXMYMZ",
    "NANCNENFNGNINLNONPNRNUNZ",
    "OM",
    "PAPEPFPGPHPKPLPMPNPRPSPTPWPY",
    "QA",
    "RERORSRURW",
    "SASBSCSDSESGSHSISJSKSLSMSNSOSRSSSTSVSXSYSZ",
    "TCTDTFTGTHTJTKTLTMTNTOTRTTTVTWTZ",
    "UAUGUMUSUYUZ",
    "VAVCVEVGVIVNVU",
    "WFWS",
    "YEYT",
    "ZAZMZW",
);

/// Whether `code` is an ISO 3166-1 alpha-2 country code, in capitals.
pub fn is_country(code: &str) -> bool {
    code.len() == 2
        && code.bytes().all(|b| b.is_ascii_uppercase())
        && COUNTRY_CODES
            .as_bytes()
            .chunks(2)
            .any(|pair| pair == code.as_bytes())
}

/// Whether `code` is a state of the EU/EEA ([`EU_EEA`]).
pub fn is_eu_eea(code: &str) -> bool {
    EU_EEA.contains(&code)
}

/// The ground a transfer outside the EU/EEA rests on (GDPR Art. 45–49).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SafeguardKind {
    /// The Commission has decided that the country protects data adequately (Art. 45).
    Adequacy,
    /// A legally binding instrument between public authorities (Art. 46(2)(a)).
    PublicAuthorityInstrument,
    /// Binding corporate rules approved under Art. 47 (Art. 46(2)(b)).
    BindingCorporateRules,
    /// The Commission's standard contractual clauses (Art. 46(2)(c)).
    StandardContractualClauses,
    /// An approved code of conduct with binding commitments (Art. 46(2)(e)).
    CodeOfConduct,
    /// An approved certification with binding commitments (Art. 46(2)(f)).
    Certification,
    /// Contractual clauses authorised by the supervisory authority (Art. 46(3)(a)).
    AdHocClauses,
    /// A derogation for a specific situation, e.g. explicit consent (Art. 49(1)).
    Derogation,
}

impl SafeguardKind {
    /// The article it rests on, written as the notices write legal bases.
    pub fn article(self) -> &'static str {
        match self {
            Self::Adequacy => "GDPR Art. 45",
            Self::PublicAuthorityInstrument => "GDPR Art. 46(2)(a)",
            Self::BindingCorporateRules => "GDPR Art. 46(2)(b), 47",
            Self::StandardContractualClauses => "GDPR Art. 46(2)(c)",
            Self::CodeOfConduct => "GDPR Art. 46(2)(e)",
            Self::Certification => "GDPR Art. 46(2)(f)",
            Self::AdHocClauses => "GDPR Art. 46(3)(a)",
            Self::Derogation => "GDPR Art. 49(1)",
        }
    }

    /// Whether the notice must say where a copy of the safeguards can be had (GDPR Art.
    /// 13(1)(f), 14(1)(f)): for every safeguard of Art. 46 and 47.
    pub fn needs_copy(self) -> bool {
        !matches!(self, Self::Adequacy | Self::Derogation)
    }
}

/// The ground for transferring to a recipient's country outside the EU/EEA.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Safeguard {
    /// Which kind of ground.
    pub kind: SafeguardKind,
    /// Which decision, clauses or derogation, e.g. `EU–US Data Privacy Framework, beslut (EU)
    /// 2023/1795`; required for a derogation (which point of Art. 49(1)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<String>,
    /// Where a copy of the safeguards can be had (Markdown); required for the safeguards of
    /// Art. 46 and 47 ([`SafeguardKind::needs_copy`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copy: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_country_list_is_iso_3166_and_holds_the_eu_eea() {
        assert_eq!(COUNTRY_CODES.len(), 2 * 249);
        let mut codes: Vec<&[u8]> = COUNTRY_CODES.as_bytes().chunks(2).collect();
        let listed = codes.clone();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes, listed, "sorted, each once");
        assert!(EU_EEA.iter().all(|c| is_country(c)));
        for code in ["US", "GB", "CH", "IE", "SE"] {
            assert!(is_country(code), "{code}");
        }
        for code in ["UK", "EL", "us", "S", "SWE", "XK"] {
            assert!(!is_country(code), "{code}");
        }
        assert!(is_eu_eea("NO") && is_eu_eea("GR") && !is_eu_eea("CH") && !is_eu_eea("GB"));
    }

    #[test]
    fn safeguards_of_art_46_and_47_need_a_copy() {
        assert!(SafeguardKind::StandardContractualClauses.needs_copy());
        assert!(SafeguardKind::BindingCorporateRules.needs_copy());
        assert!(!SafeguardKind::Adequacy.needs_copy());
        assert!(!SafeguardKind::Derogation.needs_copy());
    }
}
