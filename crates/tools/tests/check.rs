//! `samtycke-check` as the maintainer runs it: a privacy notice that states another legal basis,
//! another retention or another statistics rule than the code and configuration, or leaves out a
//! care provider that receives personal identity numbers, fails, naming the file and the field,
//! and so does one with a recipient outside the EU/EEA and no ground for the transfer, or one
//! that keeps data in the EU/EEA under a deployment that stores it outside the EU; the
//! bundled notices pass against `edge/wrangler.toml`, and the examples beside them.
#![cfg(not(target_arch = "wasm32"))]

use std::process::Command;

const FIXTURES: &str = "tests/fixtures/notices";

/// Runs `samtycke-check` from the workspace root: exit code and standard output.
fn check(args: &[&str]) -> (i32, String) {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let output = Command::new(env!("CARGO_BIN_EXE_samtycke-check"))
        .args(args)
        .current_dir(root)
        .output()
        .expect("samtycke-check runs");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8 output");
    let stderr = String::from_utf8_lossy(&output.stderr);
    (
        output.status.code().unwrap_or(-1),
        format!("{stdout}{stderr}"),
    )
}

#[test]
fn a_notice_stating_another_legal_basis_than_the_code_fails() {
    let notice = format!("{FIXTURES}/wrong-legal-basis.sv.toml");
    let (code, out) = check(&[&format!("{FIXTURES}/wrangler.toml"), &notice]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(&format!(
            "INVALID  {notice}: field `audiences[0].purposes[1].legal_basis`: states GDPR Art. \
             6(1)(e), but the code records consent for it: GDPR Art. 6(1)(a) \
             (samtycke_care::processing::STATISTICS)"
        )),
        "{out}"
    );
    assert!(out.contains("1 difference from the code"), "{out}");
}

#[test]
fn a_notice_stating_another_retention_than_the_configuration_fails() {
    let notice = format!("{FIXTURES}/wrong-retention.sv.toml");
    let (code, out) = check(&[&format!("{FIXTURES}/wrangler.toml"), &notice]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(&format!(
            "INVALID  {notice}: field `audiences[0].retention[2].days`: states 1095 days, but the \
             code keeps it 3650 days after each entry"
        )),
        "{out}"
    );
    assert!(out.contains("PATIENT_HISTORY_RETENTION_DAYS"), "{out}");
}

#[test]
fn a_notice_stating_another_statistics_rule_than_the_code_fails() {
    let notice = format!("{FIXTURES}/wrong-statistics-rule.sv.toml");
    let (code, out) = check(&[&format!("{FIXTURES}/wrangler.toml"), &notice]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(&format!(
            "INVALID  {notice}: field `audiences[0].purposes[1].publication`: states \
             {{ min_persons = 3, ended_months_only = true, final_once_published = true }}, but \
             the code publishes by {{ min_persons = 5, ended_months_only = true, \
             final_once_published = true }} (samtycke_care::statistics)"
        )),
        "{out}"
    );
    assert!(out.contains("1 difference from the code"), "{out}");
}

#[test]
fn a_notice_that_omits_a_care_provider_as_recipient_fails() {
    let notice = format!("{FIXTURES}/missing-care-provider.sv.toml");
    let (code, out) = check(&[&format!("{FIXTURES}/wrangler.toml"), &notice]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(&format!(
            "INVALID  {notice}: field `audiences[0].recipients`: does not state the care \
             provider `exempelregionen` (Region Exempel), to which the code sends the patient's \
             personal identity number"
        )),
        "{out}"
    );
    assert!(out.contains("1 difference from the code"), "{out}");
}

#[test]
fn a_notice_about_patients_needs_the_workers_configuration() {
    let (code, out) = check(&["policies/intygstjansten.sv.toml"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("pass edge/wrangler.toml too"), "{out}");
    // A notice without a patients' audience is checked as before.
    let (code, out) = check(&["policies/hudkliniken.sv.toml"]);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn the_bundled_notices_match_the_workers_configuration() {
    let (code, out) = check(&[
        "config/site.json",
        "edge/wrangler.toml",
        "policies/intygstjansten.sv.toml",
        "policies/intygstjansten.en.toml",
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains(
            "matches the code: 3 purposes, 4 retention periods, 2 recipients, 10 data \
             categories, 2 retention periods for visitors"
        ),
        "{out}"
    );
}

#[test]
fn a_notice_keeping_visitors_receipts_another_time_than_the_worker_fails() {
    let dir = std::env::temp_dir().join(format!("samtycke-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temporary directory");
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let notice = std::fs::read_to_string(format!("{root}/policies/intygstjansten.sv.toml"))
        .expect("the notice")
        .replace(
            "id = \"receipts\"\ndays = 1095",
            "id = \"receipts\"\ndays = 365",
        );
    let file = dir.join("intygstjansten.sv.toml");
    std::fs::write(&file, notice).expect("written");
    let file = file.display().to_string();
    let (code, out) = check(&["config/site.json", "edge/wrangler.toml", &file]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("field `audiences[1].retention[1].days`: states 365 days, but the code keeps it 1095 days"),
        "{out}"
    );
    assert!(out.contains("RECEIPT_RETENTION_DAYS"), "{out}");
    // Without the site's configuration, how long a choice is kept cannot be checked.
    let (code, out) = check(&["edge/wrangler.toml", "policies/intygstjansten.sv.toml"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("pass config/site.json too"), "{out}");
}

#[test]
fn a_notice_keeping_data_in_the_eu_eea_fails_under_a_deployment_that_stores_it_outside() {
    // The bundled notice names no recipient outside the EU/EEA; this deployment adds a
    // generation of receipt shards without `:eu`.
    let notice = "policies/intygstjansten.sv.toml";
    let wrangler = format!("{FIXTURES}/unplaced/wrangler.toml");
    let (code, out) = check(&["config/site.json", &wrangler, notice]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(&format!(
            "INVALID  {notice}: field `transfers`: names no recipient outside the EU/EEA, so it \
             promises that no data leaves it, but the deployment stores personal data outside \
             the EU: RECEIPT_SHARDS: RECEIPT_SHARDS generation 1 is not placed in the EU"
        )),
        "{out}"
    );
    assert!(
        out.contains("NOT placed in the EU: RECEIPT_SHARDS"),
        "{out}"
    );
    assert!(
        out.contains(&format!("1 difference from the code under {wrangler}")),
        "{out}"
    );
}

#[test]
fn a_recipient_outside_the_eu_eea_without_a_safeguard_fails() {
    // Not about patients, so it needs no wrangler.toml: the notice's own rules reject it.
    let notice = format!("{FIXTURES}/outside-eea-no-safeguard.sv.toml");
    let (code, out) = check(&["policies/hudkliniken.sv.toml", &notice]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("ok       policies/hudkliniken.sv.toml"),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "INVALID  {notice}: field `audiences[0].recipients[0].safeguard`: is missing: \
             Journalsystemets leverantör is in `US`, outside the EU/EEA, so the transfer needs a \
             ground in GDPR Art. 45–49"
        )),
        "{out}"
    );
    assert!(out.contains("1 of 2 files invalid"), "{out}");
}

#[test]
fn the_examples_pass_beside_the_bundled_notices() {
    // The examples describe other organisations: none has an audience `id = "patients"`, so
    // they are validated but not held against this deployment's code.
    let (code, out) = check(&[
        "config/site.json",
        "edge/wrangler.toml",
        "policies/intygstjansten.sv.toml",
        "policies/incident-2026-10.sv.toml",
        "policies/examples/halsoplattform.sv.toml",
        "policies/examples/veterinarsystem.sv.toml",
        "policies/examples/hudlakargrupp.sv.toml",
    ]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        out.matches("privacy notice, version sha256:").count(),
        4,
        "{out}"
    );
    assert!(
        out.contains("ok       policies/examples/veterinarsystem.sv.toml  (privacy notice"),
        "{out}"
    );
}

#[test]
fn a_site_whose_own_wording_leaves_an_offered_language_without_a_text_fails() {
    let site = "tests/fixtures/sites/override-missing-finnish.json";
    let (code, out) = check(&[site]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(&format!(
            "INVALID  {site}: field `texts.banner_body.fi`: is missing"
        )),
        "{out}"
    );
    let (code, out) = check(&["config/site.json"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("languages sv, en, fi, ar; DRAFT texts in fi, ar: a translator must approve"),
        "{out}"
    );
}
