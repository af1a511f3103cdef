//! Holds a privacy notice's statements about patients against what the code and the
//! deployment's configuration do ([`samtycke_care::processing::Facts`]): the purposes and their legal
//! bases, how long each kind of data is kept, who receives certificates, and the kinds of data
//! held. `samtycke-check` runs it on every privacy notice, so a notice that promises one thing
//! while the code does another cannot be deployed.
//!
//! Only the audience with `id = "patients"` ([`PATIENTS`]) is checked, and of the one with
//! `id = "visitors"` ([`VISITORS`]) how long their choice and its receipts are kept; a notice
//! without either passes untouched. Such a notice that names no recipient outside the EU/EEA
//! promises that nothing leaves it, so the deployment must place every store of personal data
//! in the EU ([`processing::unplaced_stores`]). Every difference is reported, each naming the file, the field, what the
//! notice states and what the code does (and where in the code or configuration that is
//! decided).

use crate::{Audience, PATIENTS, PolicyDocument, VISITORS, is_eu_eea};
use samtycke_care::processing::{self, Facts, Kept, PurposeFact};
use samtycke_visitor::file_error::FileError;

/// Where a purpose's bases are decided in the code.
fn purpose_source(fact: &PurposeFact) -> String {
    [
        ("CERTIFICATES", processing::CERTIFICATES),
        ("STATISTICS", processing::STATISTICS),
        ("RECORDS", processing::RECORDS),
    ]
    .iter()
    .find(|(_, known)| known == fact)
    .map_or_else(
        || "samtycke_care::processing::PURPOSES".to_owned(),
        |(name, _)| format!("samtycke_care::processing::{name}"),
    )
}

/// What the code does with one kind of kept data, in words.
/// A publication rule as the notice writes it.
fn publication_text(p: &processing::Publication) -> String {
    format!(
        "{{ min_persons = {}, ended_months_only = {}, final_once_published = {} }}",
        p.min_persons, p.ended_months_only, p.final_once_published
    )
}

fn kept_text(kept: Kept, days_from: &str) -> String {
    match kept {
        Kept::WhileConsentInForce => {
            "keeps it only while consent is in force and erases it when consent is withdrawn \
             (samtycke_care::processing::retention)"
                .to_owned()
        }
        Kept::Days(days) => format!("keeps it {days} days after each entry ({days_from})"),
    }
}

/// Where the code decides that a kind of data is held, and what it covers.
fn category_source(id: &str) -> String {
    match samtycke_care::certificate::DATA_CATEGORIES
        .iter()
        .find(|(known, _)| *known == id)
    {
        Some((_, fields)) => {
            format!("samtycke_care::certificate::DATA_CATEGORIES, certificate fields {fields}")
        }
        None => "samtycke_care::processing::HISTORY_CATEGORIES".to_owned(),
    }
}

fn list(ids: impl IntoIterator<Item = impl AsRef<str>>) -> String {
    let ids: Vec<String> = ids.into_iter().map(|id| id.as_ref().to_owned()).collect();
    if ids.is_empty() {
        "none".to_owned()
    } else {
        ids.join(", ")
    }
}

struct Report<'a> {
    file: &'a str,
    errors: Vec<FileError>,
}

impl Report<'_> {
    fn fail(&mut self, field: String, problem: String) {
        self.errors.push(FileError::Invalid {
            file: self.file.to_owned(),
            field,
            problem,
        });
    }

    /// The entry of `ids` (the notice's, by index) stating `id`, reporting entries that state
    /// it again; `None` when none does.
    fn find_once(&mut self, at: &str, what: &str, ids: &[Option<&str>], id: &str) -> Option<usize> {
        let mut found = ids
            .iter()
            .enumerate()
            .filter(|(_, stated)| **stated == Some(id))
            .map(|(i, _)| i);
        let first = found.next()?;
        for again in found {
            self.fail(
                format!("{at}[{again}].id"),
                format!("states {what} `{id}` a second time (first at {at}[{first}])"),
            );
        }
        Some(first)
    }

    fn purposes(&mut self, at: &str, audience: &Audience, facts: &Facts) {
        let at = format!("{at}.purposes");
        let ids: Vec<Option<&str>> = audience.purposes.iter().map(|p| p.id.as_deref()).collect();
        let known = list(facts.purposes.iter().map(|p| p.id));
        for (i, id) in ids.iter().enumerate() {
            match id {
                None => self.fail(
                    format!("{at}[{i}].id"),
                    format!(
                        "is missing: every purpose for patients must name the code's purpose it \
                         describes ({known}; samtycke_care::processing::PURPOSES)"
                    ),
                ),
                Some(id) if !facts.purposes.iter().any(|p| p.id == *id) => self.fail(
                    format!("{at}[{i}].id"),
                    format!(
                        "states the purpose `{id}`, which the code does not process patients' \
                         data for (samtycke_care::processing::PURPOSES: {known})"
                    ),
                ),
                Some(_) => {}
            }
        }
        for fact in &facts.purposes {
            let source = purpose_source(fact);
            let Some(i) = self.find_once(&at, "the purpose", &ids, fact.id) else {
                self.fail(
                    at.clone(),
                    format!(
                        "does not state the purpose `{}`, which the code processes patients' data \
                         for under {} ({source}): add a purpose with id = \"{}\"",
                        fact.id,
                        processing::receipt_basis(fact),
                        fact.id
                    ),
                );
                continue;
            };
            let stated = &audience.purposes[i];
            if stated.legal_basis != fact.legal_basis {
                let code = if fact.by_consent {
                    format!("the code records consent for it: {}", fact.legal_basis)
                } else {
                    format!(
                        "the code processes it without consent, under {}",
                        fact.legal_basis
                    )
                };
                self.fail(
                    format!("{at}[{i}].legal_basis"),
                    format!("states {}, but {code} ({source})", stated.legal_basis),
                );
            }
            match (&stated.special_category_basis, fact.special_category_basis) {
                (Some(stated), Some(code)) if stated != code => self.fail(
                    format!("{at}[{i}].special_category_basis"),
                    format!(
                        "states {stated}, but the code processes health data for it under \
                         {code} ({source})"
                    ),
                ),
                (None, Some(code)) => self.fail(
                    format!("{at}[{i}].special_category_basis"),
                    format!(
                        "is missing, but the code processes health data for it under {code} \
                         ({source})"
                    ),
                ),
                (Some(stated), None) => self.fail(
                    format!("{at}[{i}].special_category_basis"),
                    format!(
                        "states {stated}, but the code processes no health data for it and \
                         states no Art. 9(2) exception ({source})"
                    ),
                ),
                _ => {}
            }
            match (&stated.publication, &fact.publication) {
                (Some(stated), Some(code)) if stated != code => self.fail(
                    format!("{at}[{i}].publication"),
                    format!(
                        "states {}, but the code publishes by {} (samtycke_care::statistics)",
                        publication_text(stated),
                        publication_text(code)
                    ),
                ),
                (None, Some(code)) => self.fail(
                    format!("{at}[{i}].publication"),
                    format!(
                        "is missing, but the code publishes figures for it by a rule the notice \
                         must state: publication = {} (samtycke_care::statistics)",
                        publication_text(code)
                    ),
                ),
                (Some(stated), None) => self.fail(
                    format!("{at}[{i}].publication"),
                    format!(
                        "states {}, but the code publishes nothing for it ({source})",
                        publication_text(stated)
                    ),
                ),
                _ => {}
            }
        }
    }

    /// The audience's retention entries against `kept` (what the code keeps about `whom`, how
    /// long; days set where `days_from` says).
    fn retention(
        &mut self,
        at: &str,
        audience: &Audience,
        (whom, kept, days_from): (&str, &[(&'static str, Kept)], &str),
    ) {
        let at = format!("{at}.retention");
        let ids: Vec<Option<&str>> = audience.retention.iter().map(|r| r.id.as_deref()).collect();
        let known = list(kept.iter().map(|(id, _)| id));
        for (i, id) in ids.iter().enumerate() {
            match id {
                None => self.fail(
                    format!("{at}[{i}].id"),
                    format!(
                        "is missing: every retention period for {whom} must name the kind of \
                         data the code keeps ({known}; {days_from})"
                    ),
                ),
                Some(id) if !kept.iter().any(|(known, _)| known == id) => self.fail(
                    format!("{at}[{i}].id"),
                    format!(
                        "states how long `{id}` is kept, which the code does not keep \
                         ({days_from}: {known})"
                    ),
                ),
                Some(_) => {}
            }
        }
        for &(id, kept) in kept {
            let code = kept_text(kept, days_from);
            let Some(i) = self.find_once(&at, "the retention of", &ids, id) else {
                self.fail(
                    at.clone(),
                    format!(
                        "does not state how long `{id}` is kept; the code {code}: add an entry \
                         with id = \"{id}\""
                    ),
                );
                continue;
            };
            let stated = &audience.retention[i];
            match kept {
                Kept::Days(days) => {
                    if stated.while_consent {
                        self.fail(
                            format!("{at}[{i}].while_consent"),
                            format!(
                                "states it is kept while consent is in force, but the code \
                                 {code}: write days = {days}"
                            ),
                        );
                    } else if stated.days != Some(days) {
                        let states = stated
                            .days
                            .map_or_else(|| "no days".to_owned(), |d| format!("{d} days"));
                        self.fail(
                            format!("{at}[{i}].days"),
                            format!("states {states}, but the code {code}"),
                        );
                    }
                }
                Kept::WhileConsentInForce => {
                    if let Some(days) = stated.days {
                        self.fail(
                            format!("{at}[{i}].days"),
                            format!(
                                "states {days} days, but the code {code}: remove days and write \
                                 while_consent = true"
                            ),
                        );
                    } else if !stated.while_consent {
                        self.fail(
                            format!("{at}[{i}].while_consent"),
                            format!("is not set, but the code {code}: write while_consent = true"),
                        );
                    }
                }
            }
        }
    }

    fn recipients(&mut self, at: &str, audience: &Audience, facts: &Facts) {
        let at = format!("{at}.recipients");
        let known = list(
            facts
                .recipients
                .iter()
                .chain(&facts.providers)
                .map(|(id, _)| id),
        );
        let ids: Vec<Option<&str>> = audience
            .recipients
            .iter()
            .map(|r| (r.role == "recipient").then_some(r.id.as_deref()).flatten())
            .collect();
        let configured = |id: &str| {
            facts
                .recipients
                .iter()
                .chain(&facts.providers)
                .any(|(known, _)| known == id)
        };
        for (i, recipient) in audience.recipients.iter().enumerate() {
            if recipient.role != "recipient" {
                continue;
            }
            match recipient.id.as_deref() {
                None => self.fail(
                    format!("{at}[{i}].id"),
                    format!(
                        "is missing: a recipient of patients' data must name the configured \
                         recipient or care provider it is (CERTIFICATE_RECIPIENTS, \
                         CARE_PROVIDERS: {known})"
                    ),
                ),
                Some(id) if !configured(id) => self.fail(
                    format!("{at}[{i}].id"),
                    format!(
                        "states the recipient `{id}`, but the code sends patients' data to no \
                         one by that id (CERTIFICATE_RECIPIENTS, CARE_PROVIDERS: {known})"
                    ),
                ),
                Some(_) => {}
            }
        }
        for (id, name) in &facts.recipients {
            if self.find_once(&at, "the recipient", &ids, id).is_none() {
                self.fail(
                    at.clone(),
                    format!(
                        "does not state the recipient `{id}` ({name}), to whom the code sends a \
                         certificate when the patient chooses to (CERTIFICATE_RECIPIENTS): add a \
                         recipient with role = \"recipient\" and id = \"{id}\""
                    ),
                );
            }
        }
        for (id, name) in &facts.providers {
            if self.find_once(&at, "the recipient", &ids, id).is_none() {
                self.fail(
                    at.clone(),
                    format!(
                        "does not state the care provider `{id}` ({name}), to which the code \
                         sends the patient's personal identity number when a patient it sent a \
                         certificate to consents (CARE_PROVIDERS): add a recipient with role = \
                         \"recipient\" and id = \"{id}\""
                    ),
                );
            }
        }
    }

    fn data_categories(&mut self, at: &str, audience: &Audience, facts: &Facts) {
        let at = format!("{at}.data_categories");
        let known = list(&facts.data_categories);
        let ids: Vec<Option<&str>> = audience.data_categories.iter().map(|c| c.id()).collect();
        for (i, category) in audience.data_categories.iter().enumerate() {
            match category.id() {
                None => self.fail(
                    format!("{at}[{i}]"),
                    format!(
                        "is plain text (\"{}\"): give it an id, written {{ id = \"…\", text = \
                         \"…\" }}, naming the kind of data the code holds \
                         (samtycke_care::processing::data_categories: {known})",
                        category.text()
                    ),
                ),
                Some(id) if !facts.data_categories.contains(&id) => self.fail(
                    format!("{at}[{i}].id"),
                    format!(
                        "states `{id}`, a kind of data the code does not hold about patients \
                         (samtycke_care::processing::data_categories: {known})"
                    ),
                ),
                Some(_) => {}
            }
        }
        for id in &facts.data_categories {
            if self.find_once(&at, "the kind of data", &ids, id).is_none() {
                self.fail(
                    at.clone(),
                    format!(
                        "does not state `{id}`, which the code holds about patients ({}): add \
                         {{ id = \"{id}\", text = \"…\" }}",
                        category_source(id)
                    ),
                );
            }
        }
    }
}

/// Checks the patients' audience of notice `doc` (from `file`) against `facts`: every
/// difference between what the notice states and what the code does, or `Ok` when there is
/// none (or the notice has no audience with `id = "patients"`).
pub fn check_notice(file: &str, doc: &PolicyDocument, facts: &Facts) -> Result<(), Vec<FileError>> {
    let mut report = Report {
        file,
        errors: Vec::new(),
    };
    for (a, audience) in doc.audiences.iter().enumerate() {
        let at = format!("audiences[{a}]");
        if is_visitors(audience) {
            report.retention(
                &at,
                audience,
                (
                    "visitors",
                    &facts.visitors,
                    "samtycke_care::processing::visitor_retention, days from the site configuration's \
                     consent_lifetime_days and RECEIPT_RETENTION_DAYS",
                ),
            );
        }
        if !is_patients(audience) {
            continue;
        }
        report.purposes(&at, audience, facts);
        report.retention(
            &at,
            audience,
            (
                "patients",
                &facts.retention,
                "samtycke_care::processing::retention, days from PATIENT_HISTORY_RETENTION_DAYS",
            ),
        );
        report.recipients(&at, audience, facts);
        report.data_categories(&at, audience, facts);
    }
    if keeps_data_in_eu_eea(doc) {
        let field = if doc.transfers.is_some() {
            "transfers"
        } else {
            "audiences"
        };
        for (variable, why) in &facts.unplaced {
            report.fail(
                field.to_owned(),
                format!(
                    "names no recipient outside the EU/EEA, so it promises that no data leaves \
                     it, but the deployment stores personal data outside the EU: {variable}: {why}"
                ),
            );
        }
    }
    if report.errors.is_empty() {
        Ok(())
    } else {
        Err(report.errors)
    }
}

/// Whether notice `doc` names no recipient outside the EU/EEA: every recipient or processor
/// that states a country states one inside it (one outside must also state a safeguard, which
/// the notice's own validation requires).
fn keeps_data_in_eu_eea(doc: &PolicyDocument) -> bool {
    doc.audiences
        .iter()
        .flat_map(|a| &a.recipients)
        .all(|r| r.country.as_deref().is_none_or(is_eu_eea))
}

/// Whether `audience` is the patients' one, which [`check_notice`] checks.
pub fn is_patients(audience: &Audience) -> bool {
    audience.id.as_deref() == Some(PATIENTS)
}

/// Whether `audience` is the site's visitors', whose retention [`check_notice`] checks.
pub fn is_visitors(audience: &Audience) -> bool {
    audience.id.as_deref() == Some(VISITORS)
}

/// Whether notice `doc` states anything [`check_notice`] checks: about patients, or how long
/// visitors' data is kept.
pub fn states_checked_facts(doc: &PolicyDocument) -> bool {
    doc.audiences
        .iter()
        .any(|a| is_patients(a) || is_visitors(a))
}

#[cfg(test)]
mod tests {
    use super::*;
    use samtycke_care::care_network::{Provider, Recipient};
    use samtycke_care::certificate::CertificateType;

    const NOTICE: &str = include_str!("../../../policies/intygstjansten.sv.toml");
    const OTHER: &str = include_str!("../../../policies/hudkliniken.sv.toml");
    const FILE: &str = "policies/intygstjansten.sv.toml";

    fn facts() -> Facts {
        let recipient = Recipient {
            id: "forsakringskassan".into(),
            name: "Försäkringskassan".into(),
            intake_url: "https://intyg.forsakringskassan.example/api/intake".into(),
            accepts: vec![CertificateType::Sjukpenning],
        };
        let provider = Provider {
            id: "exempelregionen".into(),
            name: "Region Exempel".into(),
            keys: Vec::new(),
            resend_url: "https://journal.exempelregionen.example/resend".into(),
        };
        processing::facts(3650, 1095, &[recipient], &[provider]).for_site(182)
    }

    fn doc(text: &str) -> PolicyDocument {
        PolicyDocument::parse(FILE, text).expect("the notice parses")
    }

    /// The `(field, problem)` of every difference `text` has from [`facts`].
    fn differences(text: &str) -> Vec<(String, String)> {
        check_notice(FILE, &doc(text), &facts())
            .expect_err("the notice should differ from the code")
            .into_iter()
            .map(|e| match e {
                FileError::Invalid {
                    file,
                    field,
                    problem,
                } => {
                    assert_eq!(file, FILE);
                    (field, problem)
                }
                other => panic!("expected a field error, got {other:?}"),
            })
            .collect()
    }

    #[test]
    fn a_notice_keeping_data_in_the_eu_needs_every_store_placed_there() {
        assert_eq!(check_notice(FILE, &doc(NOTICE), &facts()), Ok(()));
        let unplaced = Facts {
            unplaced: processing::unplaced_stores(Some("eu"), Some("0:16")),
            ..facts()
        };
        let errors = check_notice(FILE, &doc(NOTICE), &unplaced).expect_err("unplaced shards");
        assert_eq!(errors.len(), 1, "{errors:#?}");
        let FileError::Invalid { field, problem, .. } = &errors[0] else {
            panic!("expected a field error, got {errors:?}");
        };
        assert_eq!(field, "transfers");
        assert!(
            problem.contains("promises that no data leaves it")
                && problem.contains("RECEIPT_SHARDS: RECEIPT_SHARDS generation 0 is not placed"),
            "{problem}"
        );
        // A notice naming a recipient outside the EU/EEA (with its safeguard) promises no such
        // thing, and is not held to it.
        let abroad = edit(
            "name = \"Försäkringskassan\"\nrole = \"recipient\"\ncountry = \"SE\"",
            "name = \"Försäkringskassan\"\nrole = \"recipient\"\ncountry = \"US\"\n\
             safeguard = { kind = \"adequacy\", details = \"EU-US Data Privacy Framework\" }",
        );
        assert_eq!(check_notice(FILE, &doc(&abroad), &unplaced), Ok(()));
    }

    /// `text` with `old` replaced once (it must be there).
    fn edit(old: &str, new: &str) -> String {
        assert!(
            NOTICE.contains(old),
            "the notice no longer contains {old:?}"
        );
        NOTICE.replacen(old, new, 1)
    }

    #[test]
    fn a_statistics_rule_other_than_the_codes_or_none_fails() {
        let rule = "publication = { min_persons = 5, ended_months_only = true, final_once_published = true }";
        let weaker = differences(&edit(
            rule,
            &rule.replace("min_persons = 5", "min_persons = 3"),
        ));
        assert_eq!(weaker.len(), 1, "{weaker:?}");
        assert!(weaker[0].0.ends_with(".publication"), "{weaker:?}");
        assert!(
            weaker[0].1.contains("min_persons = 3") && weaker[0].1.contains("min_persons = 5"),
            "{weaker:?}"
        );
        let live = differences(&edit(
            rule,
            &rule.replace(
                "final_once_published = true",
                "final_once_published = false",
            ),
        ));
        assert_eq!(live.len(), 1, "{live:?}");
        let silent = differences(&edit(&format!("{rule}\n"), ""));
        assert_eq!(silent.len(), 1, "{silent:?}");
        assert!(silent[0].1.starts_with("is missing"), "{silent:?}");
    }

    #[test]
    fn the_bundled_notices_match_the_code() {
        check_notice(FILE, &doc(NOTICE), &facts()).unwrap();
        let en = include_str!("../../../policies/intygstjansten.en.toml");
        check_notice("en.toml", &doc(en), &facts()).unwrap();
    }

    #[test]
    fn a_notice_without_patients_or_visitors_passes_untouched() {
        let other = doc(OTHER);
        assert!(!states_checked_facts(&other));
        check_notice("hudkliniken.sv.toml", &other, &facts()).unwrap();
        let unnamed = NOTICE.replace("id = \"patients\"", "id = \"besokare\"");
        check_notice(FILE, &doc(&unnamed), &facts()).unwrap();
    }

    #[test]
    fn another_legal_basis_than_the_code_fails() {
        let mut notice = doc(NOTICE);
        let i = notice.audiences[0]
            .purposes
            .iter()
            .position(|p| p.id.as_deref() == Some("statistics"))
            .unwrap();
        notice.audiences[0].purposes[i].legal_basis = "GDPR Art. 6(1)(e)".into();
        notice.audiences[0].purposes[i].special_category_basis = Some("GDPR Art. 9(2)(j)".into());
        let errors: Vec<String> = check_notice(FILE, &notice, &facts())
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            errors,
            [
                format!(
                    "{FILE}: field `audiences[0].purposes[{i}].legal_basis`: states GDPR Art. \
                     6(1)(e), but the code records consent for it: GDPR Art. 6(1)(a) \
                     (samtycke_care::processing::STATISTICS)"
                ),
                format!(
                    "{FILE}: field `audiences[0].purposes[{i}].special_category_basis`: states \
                     GDPR Art. 9(2)(j), but the code processes health data for it under GDPR \
                     Art. 9(2)(a) (samtycke_care::processing::STATISTICS)"
                ),
            ]
        );
    }

    #[test]
    fn a_purpose_without_consent_names_its_basis_and_health_data_is_checked_both_ways() {
        let mut notice = doc(NOTICE);
        let i = notice.audiences[0]
            .purposes
            .iter()
            .position(|p| p.id.as_deref() == Some("consent_records"))
            .unwrap();
        notice.audiences[0].purposes[i].legal_basis = "GDPR Art. 6(1)(f)".into();
        notice.audiences[0].purposes[i].special_category_basis = Some("GDPR Art. 9(2)(f)".into());
        notice.audiences[0].purposes[0].special_category_basis = None;
        let errors = check_notice(FILE, &notice, &facts()).unwrap_err();
        let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(text.len(), 3, "{text:#?}");
        assert!(text[0].contains("purposes[0].special_category_basis`: is missing, but"));
        assert!(text[1].contains(&format!("purposes[{i}].legal_basis`: states GDPR Art. 6(1)(f), but the code processes it without consent, under GDPR Art. 6(1)(c) (samtycke_care::processing::RECORDS)")));
        assert!(text[2].contains("processes no health data for it"));
    }

    #[test]
    fn every_purpose_of_the_code_is_stated_once_and_no_other() {
        let missing = differences(&edit("id = \"statistics\"", "id = \"marketing\""));
        assert_eq!(missing.len(), 2, "{missing:#?}");
        assert!(missing[0].0.ends_with("].id"));
        assert!(
            missing[0]
                .1
                .starts_with("states the purpose `marketing`, which the code does not")
        );
        assert_eq!(missing[1].0, "audiences[0].purposes");
        assert!(
            missing[1]
                .1
                .starts_with("does not state the purpose `statistics`")
        );
        assert!(missing[1].1.contains("GDPR Art. 6(1)(a), Art. 9(2)(a)"));

        let twice = differences(&edit("id = \"statistics\"", "id = \"certificates\""));
        assert!(twice.iter().any(|(field, problem)| field.ends_with("].id")
            && problem.contains("a second time (first at audiences[0].purposes[0])")));

        let unnamed = differences(&edit("id = \"statistics\"\n", ""));
        assert!(
            unnamed
                .iter()
                .any(|(_, p)| p.starts_with("is missing: every purpose"))
        );
    }

    #[test]
    fn another_retention_than_the_configuration_fails() {
        let text = edit("days = 3650", "days = 1095");
        let errors = differences(&text);
        assert_eq!(errors.len(), 1, "{errors:#?}");
        let (field, problem) = &errors[0];
        assert!(field.starts_with("audiences[0].retention[") && field.ends_with("].days"));
        assert_eq!(
            problem,
            "states 1095 days, but the code keeps it 3650 days after each entry \
             (samtycke_care::processing::retention, days from PATIENT_HISTORY_RETENTION_DAYS)"
        );
        // And the other way: the configuration changed, the notice did not.
        let mut shorter = facts();
        shorter.retention = processing::retention(1825).to_vec();
        let errors = check_notice(FILE, &doc(NOTICE), &shorter).unwrap_err();
        // The history and the certificate sources are both kept that long.
        assert_eq!(errors.len(), 2);
        assert!(errors.iter().all(|e| {
            e.to_string()
                .contains("states 3650 days, but the code keeps it 1825 days")
        }));
    }

    #[test]
    fn how_long_a_visitors_choice_and_its_receipts_are_kept_is_held_against_the_configuration() {
        // The site asks again after 90 days; the Worker keeps receipts 730 days.
        let mut changed = facts();
        changed.receipt_days = 730;
        let errors: Vec<String> = check_notice(FILE, &doc(NOTICE), &changed.for_site(90))
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(errors.len(), 2, "{errors:#?}");
        assert!(errors[0].contains("states 182 days, but the code keeps it 90 days"));
        assert!(errors[0].contains("consent_lifetime_days"));
        assert!(errors[1].contains("states 1095 days, but the code keeps it 730 days"));
        // An entry that names no kind of data, and a kind left out, fail too.
        let unnamed = edit("id = \"receipts\"\n", "");
        let errors = differences(&unnamed);
        assert!(errors.iter().any(|(field, problem)| field.ends_with("].id")
            && problem.starts_with("is missing: every retention period for visitors")));
        assert!(
            errors
                .iter()
                .any(|(_, problem)| problem
                    .starts_with("does not state how long `receipts` is kept"))
        );
    }

    #[test]
    fn data_kept_while_consent_is_in_force_must_say_so() {
        let kept_for_days = edit(
            "id = \"statistics\"\nwhile_consent = true",
            "id = \"statistics\"\ndays = 30",
        );
        let errors = differences(&kept_for_days);
        assert_eq!(errors.len(), 1, "{errors:#?}");
        assert!(errors[0].0.ends_with("].days"));
        assert!(
            errors[0]
                .1
                .starts_with("states 30 days, but the code keeps it only while consent")
        );

        let unsaid = differences(&edit(
            "id = \"certificates\"\nwhile_consent = true\n",
            "id = \"certificates\"\n",
        ));
        assert!(unsaid[0].0.ends_with("].while_consent"), "{unsaid:#?}");
        assert!(
            unsaid[0]
                .1
                .starts_with("is not set, but the code keeps it only while consent")
        );

        let history_while_consent = edit("days = 3650", "while_consent = true");
        let errors = differences(&history_while_consent);
        assert!(errors[0].0.ends_with("].while_consent"), "{errors:#?}");
        assert!(
            errors[0].1.contains("keeps it 3650 days after each entry")
                && errors[0].1.ends_with(": write days = 3650")
        );
    }

    #[test]
    fn every_kind_of_kept_data_is_stated_and_no_other() {
        let errors = differences(&edit(
            "id = \"consent_history\"\ndays",
            "id = \"receipts\"\ndays",
        ));
        assert_eq!(errors.len(), 2, "{errors:#?}");
        assert!(
            errors[0]
                .1
                .starts_with("states how long `receipts` is kept, which the code does not keep")
        );
        assert_eq!(errors[1].0, "audiences[0].retention");
        assert!(errors[1].1.starts_with(
            "does not state how long `consent_history` is kept; the code keeps it 3650 days"
        ));
    }

    #[test]
    fn recipients_are_the_configured_ones() {
        let unknown = differences(&edit(
            "id = \"forsakringskassan\"",
            "id = \"pensionsmyndigheten\"",
        ));
        assert_eq!(unknown.len(), 2, "{unknown:#?}");
        assert!(
            unknown[0].0.starts_with("audiences[0].recipients[") && unknown[0].0.ends_with("].id")
        );
        assert!(unknown[0].1.contains(
            "CERTIFICATE_RECIPIENTS, CARE_PROVIDERS: forsakringskassan, exempelregionen"
        ));
        assert_eq!(unknown[1].0, "audiences[0].recipients");
        assert!(
            unknown[1].1.starts_with(
                "does not state the recipient `forsakringskassan` (Försäkringskassan)"
            )
        );

        let unnamed = differences(&edit("id = \"forsakringskassan\"\n", ""));
        assert!(
            unnamed[0]
                .1
                .starts_with("is missing: a recipient of patients' data")
        );

        // The name may differ from the configured one; processors are not checked.
        let mut renamed = facts();
        renamed.recipients[0].1 = "FK".into();
        check_notice(FILE, &doc(NOTICE), &renamed).unwrap();
        let mut none = facts();
        none.recipients.clear();
        let errors = check_notice(FILE, &doc(NOTICE), &none).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0]
                .to_string()
                .contains("CERTIFICATE_RECIPIENTS, CARE_PROVIDERS: exempelregionen")
        );
    }

    #[test]
    fn every_care_provider_asked_for_certificates_is_a_stated_recipient() {
        // A provider receives the personal identity number: leaving it out fails, naming it.
        let start = NOTICE
            .find("id = \"exempelregionen\"")
            .expect("the notice states it");
        let entry_start = NOTICE[..start].rfind("[[audiences.recipients]]").unwrap();
        let entry_end = NOTICE[start..]
            .find("\n[[")
            .map_or(NOTICE.len(), |end| start + end + 1);
        let without = format!("{}{}", &NOTICE[..entry_start], &NOTICE[entry_end..]);
        let errors = differences(&without);
        assert_eq!(errors.len(), 1, "{errors:#?}");
        assert_eq!(errors[0].0, "audiences[0].recipients");
        assert!(
            errors[0]
                .1
                .starts_with("does not state the care provider `exempelregionen` (Region Exempel)"),
            "{}",
            errors[0].1
        );
        // A deployment without that provider: the notice names someone the code never asks.
        let mut none = facts();
        none.providers.clear();
        let errors = check_notice(FILE, &doc(NOTICE), &none).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0]
                .to_string()
                .contains("states the recipient `exempelregionen`")
        );
    }

    #[test]
    fn data_categories_are_exactly_the_codes() {
        // The purposes name the category too: rename it there as well.
        let missing = differences(&NOTICE.replace("\"disclosures\"", "\"photos\""));
        assert_eq!(missing.len(), 2, "{missing:#?}");
        assert!(missing[0].0.ends_with("].id"));
        assert!(
            missing[0]
                .1
                .starts_with("states `photos`, a kind of data the code does not hold")
        );
        assert_eq!(missing[1].0, "audiences[0].data_categories");
        assert!(missing[1].1.starts_with("does not state `disclosures`, which the code holds about patients (samtycke_care::processing::HISTORY_CATEGORIES)"));

        let mut notice = doc(NOTICE);
        let i = notice.audiences[0]
            .data_categories
            .iter()
            .position(|c| c.id() == Some("diagnosis"))
            .unwrap();
        notice.audiences[0].data_categories[i] = crate::DataCategory::Text("Diagnos".into());
        let errors = check_notice(FILE, &notice, &facts()).unwrap_err();
        let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(text.len(), 2, "{text:#?}");
        assert!(text[0].contains(&format!(
            "data_categories[{i}]`: is plain text (\"Diagnos\"): give it an id"
        )));
        assert!(text[1].contains("does not state `diagnosis`"));
        assert!(text[1].contains("certificate fields diagnoses, course"));
    }
}
