//! Prints SQL that loads the sample certificates of the test patients into local D1, each
//! under the patient's subject id (keyed with `IDENTITY_PEPPER`, as the edge computes it).
//! For local development and tests only: `scripts/seed-patients.sh` runs it.
//!
//! Usage: `IDENTITY_PEPPER=… seed-patients seed/test-patients.json`

use std::process::ExitCode;

use consent::certificate::{Certificate, CertificatePatient};
use consent::patient::subject_id;
use consent::personnummer::IdentityNumber;
use serde::Deserialize;
use serde_json::{Map, Value};

#[derive(Deserialize)]
struct SeedFile {
    patients: Vec<Patient>,
}

#[derive(Deserialize)]
struct Patient {
    personal_identity_number: String,
    given_name: String,
    family_name: String,
    address: String,
    certificates: Vec<Map<String, Value>>,
}

fn sql_text(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

fn run() -> Result<String, String> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: seed-patients SEED_FILE (with IDENTITY_PEPPER set)")?;
    let pepper = std::env::var("IDENTITY_PEPPER").map_err(|_| "IDENTITY_PEPPER is not set")?;
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?;
    let seed: SeedFile = serde_json::from_str(&text).map_err(|e| format!("{path}: {e}"))?;
    let mut sql = String::new();
    for patient in seed.patients {
        let number = IdentityNumber::parse(&patient.personal_identity_number)
            .map_err(|e| format!("{path}: {}: {e}", patient.given_name))?;
        let subject = subject_id(pepper.as_bytes(), &number);
        for mut certificate in patient.certificates {
            let id = certificate
                .get("id")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned();
            let issued_on = certificate
                .get("issued_on")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned();
            if id.is_empty() || issued_on.is_empty() {
                return Err(format!("{path}: a certificate needs `id` and `issued_on`"));
            }
            certificate.insert(
                "patient".into(),
                serde_json::to_value(CertificatePatient {
                    name: format!("{} {}", patient.given_name, patient.family_name),
                    personal_identity_number: number.as_str().to_owned(),
                    address: patient.address.clone(),
                })
                .map_err(|e| e.to_string())?,
            );
            // Every certificate must have the shape the app shows.
            let certificate: Certificate = serde_json::from_value(Value::Object(certificate))
                .map_err(|e| format!("{path}: certificate `{id}`: {e}"))?;
            let body = serde_json::to_string(&certificate).map_err(|e| e.to_string())?;
            sql.push_str(&format!(
                "INSERT OR REPLACE INTO certificates (subject, id, issued_on, body) VALUES ({}, {}, {}, {});\n",
                sql_text(&subject),
                sql_text(&id),
                sql_text(&issued_on),
                sql_text(&body)
            ));
        }
    }
    Ok(sql)
}

fn main() -> ExitCode {
    match run() {
        Ok(sql) => {
            print!("{sql}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("seed-patients: {message}");
            ExitCode::FAILURE
        }
    }
}
