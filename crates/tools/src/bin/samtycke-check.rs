//! `samtycke-check`: validates the site configuration and policy documents before a deploy,
//! with the same field-naming errors the build uses, and holds every privacy notice's
//! statements about patients against what the code and the Worker's configuration do.
//!
//! ```sh
//! cargo run -p samtycke-tools --bin samtycke-check -- config/site.json edge/wrangler.toml \
//!     policies/*.toml policies/examples/*.toml
//! ```
//! A file named `wrangler.toml` is the Worker's configuration: its `[vars]`
//! `PATIENT_HISTORY_RETENTION_DAYS`, `CERTIFICATE_RECIPIENTS`, `CARE_PROVIDERS`,
//! `PATIENT_JURISDICTION` and `RECEIPT_SHARDS` are read as the Worker reads
//! them (with the same defaults when unset), and a notice with an audience `id = "patients"`
//! must state exactly what [`samtycke_care::processing::facts`] says for them, and, when it names no
//! recipient outside the EU/EEA, find every store of personal data placed in the EU
//! ([`samtycke_policy::notice_check`]); such a notice without a `wrangler.toml` is an error. Every other
//! notice, like the examples in `policies/examples/` (which describe other organisations), is
//! checked by its own rules only: what GDPR Art. 13, 14, 22 and 26 ask it to say, and, for
//! instance, that a recipient outside the EU/EEA states the ground for the transfer.
//!
//! Exit status 0 when every file is valid, 1 otherwise, 2 on wrong usage.

use std::process::ExitCode;

use clap::Parser;

use samtycke_care::care_network::{parse_providers, parse_recipients};
use samtycke_care::processing::{self, Facts};
use samtycke_care::retention::{
    self, DEFAULT_PATIENT_HISTORY_DAYS, DEFAULT_RECEIPT_DAYS, RetentionError,
};
use samtycke_policy::notice_check::{check_notice, is_visitors, states_checked_facts};
use samtycke_policy::{BreachNotice, PolicyDocument, is_breach_file};
use samtycke_visitor::SiteConfig;
use samtycke_visitor::file_error::FileError;

/// A command line that checks a whole deployment, for the messages that ask for a file.
const USAGE: &str = "usage: samtycke-check config/site.json edge/wrangler.toml policies/*.toml";

/// Checks site configurations, the Worker's `wrangler.toml` and privacy and breach notices
/// before a deploy, and holds each notice about patients against what the code does.
#[derive(Parser)]
#[command(name = "samtycke-check")]
struct Args {
    /// The files: site configurations (`.json`), at most one `wrangler.toml`, notices (`.toml`).
    #[arg(required = true)]
    files: Vec<String>,
}

/// The Worker's configuration, when one was given.
enum Deployment {
    /// No `wrangler.toml` among the arguments.
    NotGiven,
    /// Given but unusable: the file's message.
    Invalid(String),
    /// What the code does with patients' data under this configuration.
    Valid {
        /// The `wrangler.toml` it came from.
        file: String,
        /// The facts notices are held against.
        facts: Facts,
        /// Summary for the ok line.
        summary: String,
    },
}

fn main() -> ExitCode {
    let files = Args::parse().files;
    let wranglers: Vec<&String> = files.iter().filter(|f| is_wrangler(f)).collect();
    if wranglers.len() > 1 {
        eprintln!("give one wrangler.toml, not {}", wranglers.len());
        return ExitCode::from(2);
    }
    let deployment = match wranglers.first() {
        None => Deployment::NotGiven,
        Some(file) => match read(file).and_then(|text| wrangler(file, &text)) {
            Ok((facts, summary)) => Deployment::Valid {
                file: (*file).clone(),
                facts,
                summary,
            },
            Err(message) => Deployment::Invalid(message),
        },
    };
    // The site configuration the notices without a `site` of their own belong to.
    let site_json = files
        .iter()
        .find(|f| f.ends_with(".json"))
        .map(String::as_str);
    let mut failed = 0;
    for file in &files {
        let result = if is_wrangler(file) {
            match &deployment {
                Deployment::Valid { summary, .. } => Ok(summary.clone()),
                Deployment::Invalid(message) => Err(message.clone()),
                Deployment::NotGiven => Err(format!("{file}: not read")),
            }
        } else {
            read(file).and_then(|text| check(file, &text, &deployment, site_json))
        };
        match result {
            Ok(what) => println!("ok       {file}  ({what})"),
            Err(message) => {
                failed += 1;
                println!("INVALID  {}", message.replace('\n', "\n         "));
            }
        }
    }
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        println!("{failed} of {} files invalid", files.len());
        ExitCode::from(1)
    }
}

fn read(file: &str) -> Result<String, String> {
    std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))
}

/// Whether `file` is the Worker's configuration.
fn is_wrangler(file: &str) -> bool {
    std::path::Path::new(file)
        .file_name()
        .is_some_and(|name| name == "wrangler.toml")
}

/// How long the site a notice belongs to keeps a visitor's choice before asking again: its
/// `config/sites/<site>.json` beside the `config/site.json` given, for a notice with `site`;
/// that file itself otherwise.
fn choice_days(file: &str, doc: &PolicyDocument, site_json: Option<&str>) -> Result<u32, String> {
    let Some(given) = site_json else {
        return Err(format!(
            "{file}: how long visitors' choices are kept is checked against the site's \
             configuration: pass config/site.json too ({USAGE})"
        ));
    };
    let path = match &doc.site {
        Some(site) => std::path::Path::new(given)
            .with_file_name("sites")
            .join(format!("{site}.json")),
        None => std::path::PathBuf::from(given),
    };
    let name = path.display().to_string();
    let config = SiteConfig::parse(&name, &read(&name)?).map_err(|e| e.to_string())?;
    Ok(config.consent_lifetime_days)
}

/// `facts` with the visitors' retention of the notice's site, when it states one.
fn site_facts(
    facts: &Facts,
    file: &str,
    doc: &PolicyDocument,
    site_json: Option<&str>,
) -> Result<Facts, String> {
    if doc.audiences.iter().any(is_visitors) {
        Ok(facts.for_site(choice_days(file, doc, site_json)?))
    } else {
        Ok(facts.clone())
    }
}

fn check(
    file: &str,
    text: &str,
    deployment: &Deployment,
    site_json: Option<&str>,
) -> Result<String, String> {
    if file.ends_with(".json") {
        let config = SiteConfig::parse(file, text).map_err(|e| e.to_string())?;
        let languages: Vec<&str> = config.languages.iter().map(|l| l.as_str()).collect();
        let drafts = samtycke_visitor::site_texts::draft_languages(&config);
        let note = if drafts.is_empty() {
            String::new()
        } else {
            let drafts: Vec<&str> = drafts.iter().map(|l| l.as_str()).collect();
            format!(
                "; DRAFT texts in {}: a translator must approve them before the site enables them",
                drafts.join(", ")
            )
        };
        Ok(format!(
            "revision {}, {} categories, languages {}{note}",
            config.revision,
            config.categories.len(),
            languages.join(", ")
        ))
    } else if is_breach_file(file) {
        let doc = BreachNotice::parse(file, text).map_err(|e| e.to_string())?;
        Ok(format!("breach notice, version {}", &doc.version()[..19]))
    } else {
        let doc = PolicyDocument::parse(file, text).map_err(|e| e.to_string())?;
        let version = format!("privacy notice, version {}", &doc.version()[..19]);
        if !states_checked_facts(&doc) {
            return Ok(version);
        }
        match deployment {
            Deployment::NotGiven => Err(format!(
                "{file}: its audiences id = \"patients\" and id = \"visitors\" are checked \
                 against what the code does under the Worker's configuration: pass \
                 edge/wrangler.toml too ({USAGE})"
            )),
            Deployment::Invalid(_) => Err(format!(
                "{file}: not checked against the code: the wrangler.toml given is invalid"
            )),
            Deployment::Valid {
                file: wrangler,
                facts,
                ..
            } => match site_facts(facts, file, &doc, site_json)
                .map(|facts| (check_notice(file, &doc, &facts), facts))?
            {
                (Ok(()), facts) => Ok(format!("{version}, matches the code: {}", matched(&facts))),
                (Err(errors), _) => Err(format!(
                    "{}\n{} difference{} from the code under {wrangler}",
                    errors
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("\n"),
                    errors.len(),
                    if errors.len() == 1 { "" } else { "s" }
                )),
            },
        }
    }
}

/// `1 recipient`, `3 purposes`.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// What a notice was found to match.
fn matched(facts: &Facts) -> String {
    format!(
        "{}, {}, {}, {}",
        count(facts.purposes.len(), "purpose", "purposes"),
        count(
            facts.retention.len(),
            "retention period",
            "retention periods"
        ),
        count(
            facts.recipients.len() + facts.providers.len(),
            "recipient",
            "recipients"
        ),
        count(
            facts.data_categories.len(),
            "data category",
            "data categories"
        )
    ) + &if facts.visitors.is_empty() {
        String::new()
    } else {
        format!(
            ", {} for visitors",
            count(
                facts.visitors.len(),
                "retention period",
                "retention periods"
            )
        )
    }
}

/// The facts of the deployment `wrangler.toml` configures, with a summary for the ok line.
fn wrangler(file: &str, text: &str) -> Result<(Facts, String), String> {
    facts_of(file, text).map_err(|e| e.to_string())
}

fn facts_of(file: &str, text: &str) -> Result<(Facts, String), FileError> {
    let invalid = |field: String, problem: String| FileError::Invalid {
        file: file.to_owned(),
        field,
        problem,
    };
    let table: toml::Table = toml::from_str(text).map_err(|e| FileError::Syntax {
        file: file.to_owned(),
        message: e.to_string().trim().to_owned(),
    })?;
    let empty = toml::Table::new();
    let vars = match table.get("vars") {
        None => &empty,
        Some(toml::Value::Table(vars)) => vars,
        Some(_) => return Err(invalid("vars".into(), "must be a table".into())),
    };
    // The Worker reads its variables as text, and falls back to the defaults when unset.
    let var = |name: &str| match vars.get(name) {
        None => Ok(None),
        Some(toml::Value::String(value)) => Ok(Some(value.as_str())),
        Some(_) => Err(invalid(
            format!("vars.{name}"),
            "must be a string: the Worker reads its variables as text".into(),
        )),
    };

    // A retention in days, read as the Worker reads it, and whether it was left unset.
    let days_of = |name: &'static str, default: u32| {
        let value = var(name)?;
        let unset = value.is_none();
        retention::days(name, value, default)
            .map(|days| (days, unset))
            .map_err(|e| {
                let problem = match e {
                    RetentionError::NotDays { value, .. } => {
                        format!("must be a whole number of days, not {value}")
                    }
                    RetentionError::TooLong { .. } => {
                        format!("is longer than {} days", retention::MAX_DAYS)
                    }
                };
                invalid(format!("vars.{name}"), problem)
            })
    };
    let days_name = "PATIENT_HISTORY_RETENTION_DAYS";
    let (days, days_unset) = days_of(days_name, DEFAULT_PATIENT_HISTORY_DAYS)?;
    let (receipt_days, receipt_days_unset) =
        days_of("RECEIPT_RETENTION_DAYS", DEFAULT_RECEIPT_DAYS)?;

    // A list variable's error, named as the maintainer finds it: `vars.NAME` and the field.
    let list_error = |name: &str, what: &str| {
        let invalid = &invalid;
        let (name, what) = (name.to_owned(), what.to_owned());
        move |e: FileError| match e {
            FileError::Syntax { message, .. } => invalid(
                format!("vars.{name}"),
                format!("is not a JSON list of {what}: {message}"),
            ),
            FileError::Invalid { field, problem, .. } => {
                invalid(format!("vars.{name}{field}"), problem)
            }
        }
    };
    let recipients_name = "CERTIFICATE_RECIPIENTS";
    let recipients_var = var(recipients_name)?;
    let recipients = parse_recipients(recipients_name, recipients_var.unwrap_or("[]"))
        .map_err(list_error(recipients_name, "recipients"))?;
    let providers_name = "CARE_PROVIDERS";
    let providers = parse_providers(providers_name, var(providers_name)?.unwrap_or("[]"))
        .map_err(list_error(providers_name, "care providers"))?;

    let ids: Vec<&str> = recipients.iter().map(|r| r.id.as_str()).collect();
    let summary = format!(
        "patient history kept {days} days{}, {}{}",
        if days_unset {
            format!(" ({days_name} unset: the Worker's default)")
        } else {
            String::new()
        },
        count(
            recipients.len(),
            "certificate recipient",
            "certificate recipients"
        ),
        if recipients_var.is_none() {
            format!(" ({recipients_name} unset)")
        } else if ids.is_empty() {
            String::new()
        } else {
            format!(": {}", ids.join(", "))
        }
    );
    let summary = format!(
        "{summary}, {}",
        count(providers.len(), "care provider", "care providers")
    );
    let summary = format!(
        "{summary}, visitors' receipts kept {receipt_days} days{}",
        if receipt_days_unset {
            " (RECEIPT_RETENTION_DAYS unset: the Worker's default)"
        } else {
            ""
        }
    );
    let unplaced =
        processing::unplaced_stores(var("PATIENT_JURISDICTION")?, var("RECEIPT_SHARDS")?);
    let summary = format!(
        "{summary}, {}",
        if unplaced.is_empty() {
            "patients' objects and receipt shards placed in the EU".to_owned()
        } else {
            let names: Vec<&str> = unplaced.iter().map(|(name, _)| *name).collect();
            format!("NOT placed in the EU: {}", names.join(", "))
        }
    );
    let facts = Facts {
        unplaced,
        ..processing::facts(days, receipt_days, &recipients, &providers)
    };
    Ok((facts, summary))
}

#[cfg(test)]
mod tests {
    use super::*;

    const VARS: &str = r#"
[vars]
PATIENT_JURISDICTION = "eu"
PATIENT_HISTORY_RETENTION_DAYS = "3650"
CERTIFICATE_RECIPIENTS = '[{"id":"forsakringskassan","name":"Försäkringskassan","intake_url":"https://intyg.forsakringskassan.example/api/intake","accepts":["sjukpenning"]}]'
"#;

    #[test]
    fn the_workers_variables_make_the_facts() {
        let (facts, summary) = wrangler("edge/wrangler.toml", VARS).unwrap();
        assert_eq!(
            facts.retention[2],
            ("consent_history", processing::Kept::Days(3650))
        );
        assert_eq!(
            facts.recipients,
            [(
                "forsakringskassan".to_owned(),
                "Försäkringskassan".to_owned()
            )]
        );
        assert_eq!(
            summary,
            "patient history kept 3650 days, 1 certificate recipient: forsakringskassan, 0 care \
             providers, visitors' receipts kept 1095 days (RECEIPT_RETENTION_DAYS unset: the \
             Worker's default), patients' objects and receipt shards placed in the EU"
        );
        assert_eq!(facts.receipt_days, 1095);
        assert_eq!(
            matched(&facts),
            "3 purposes, 4 retention periods, 1 recipient, 10 data categories"
        );
    }

    #[test]
    fn unset_variables_are_read_as_the_worker_reads_them() {
        let (facts, summary) = wrangler("w/wrangler.toml", "name = \"x\"\n").unwrap();
        assert_eq!(
            facts.retention[2],
            (
                "consent_history",
                processing::Kept::Days(DEFAULT_PATIENT_HISTORY_DAYS)
            )
        );
        assert!(facts.recipients.is_empty());
        assert!(summary.contains("unset"), "{summary}");
    }

    #[test]
    fn bad_variables_name_the_file_and_field() {
        let days = VARS.replace("\"3650\"", "\"tio år\"");
        assert_eq!(
            wrangler("edge/wrangler.toml", &days).unwrap_err(),
            "edge/wrangler.toml: field `vars.PATIENT_HISTORY_RETENTION_DAYS`: must be a whole \
             number of days, not \"tio år\""
        );
        let number = VARS.replace("\"3650\"", "3650");
        assert!(
            wrangler("w", &number)
                .unwrap_err()
                .contains("must be a string")
        );
        let url = VARS.replace("https://intyg", "http://intyg");
        assert_eq!(
            wrangler("edge/wrangler.toml", &url).unwrap_err(),
            "edge/wrangler.toml: field `vars.CERTIFICATE_RECIPIENTS[0].intake_url`: must be an \
             https:// URL"
        );
        let json = VARS.replace("'[{", "'[{,");
        assert!(
            wrangler("w", &json)
                .unwrap_err()
                .starts_with("w: field `vars.CERTIFICATE_RECIPIENTS`: is not a JSON list")
        );
    }

    #[test]
    fn wrangler_toml_is_known_by_its_name() {
        assert!(is_wrangler("edge/wrangler.toml"));
        assert!(is_wrangler("wrangler.toml"));
        assert!(!is_wrangler("edge/.wrangler-bench.toml"));
        assert!(!is_wrangler("policies/wrangler.toml.sv"));
    }
}
