//! The scan's reports: a table for the terminal, JSON for machines, and one self-contained
//! HTML file (no external resources) for people.

use crate::rules::{Finding, Phase, Totals};
use askama::Template;
use serde::Serialize;

/// What the report leads with.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Summary {
    /// The start URLs.
    pub(crate) urls: Vec<String>,
    /// Distinct pages scanned.
    pub(crate) pages: usize,
    /// Page loads (a page in each of its states).
    pub(crate) visits: usize,
    /// The counts.
    pub(crate) totals: Totals,
    /// Entries in the cookie database used (0: none given).
    pub(crate) cookie_db_entries: usize,
    /// Which configuration classified the findings (`None`: none was given or published).
    pub(crate) configured_by: Option<String>,
}

/// The base of a draft for a site without a configuration yet: only Samtycke's own
/// necessary category, for the found services to be added to.
pub(crate) const SKELETON: &str = r#"{
  "revision": 1,
  "controller": { "name": "UTKAST: organisationens namn", "organisation_number": "000000-0000", "contact": "dataskydd@example.se" },
  "policy_url": "/integritet",
  "consent_lifetime_days": 182,
  "cookie_lifetime_days": 182,
  "default_language": "sv",
  "categories": [
    {
      "id": "necessary",
      "required": true,
      "dpv_purpose": "dpv:ServiceProvision",
      "label": { "sv": "Nödvändiga", "en": "Necessary" },
      "description": {
        "sv": "UTKAST: beskriv vad de nödvändiga kakorna gör.",
        "en": "DRAFT: describe what the necessary cookies do."
      },
      "services": [
        { "id": "samtycke", "name": "Samtycke", "cookies": [{ "name": "samtycke", "domain": "", "lifetime_days": 182 }] }
      ]
    }
  ]
}"#;

fn verdict(f: &Finding) -> &'static str {
    match (f.violation, f.drift, f.refused) {
        (true, true, _) => "VIOLATION, drift",
        (true, false, _) => "VIOLATION",
        (false, true, true) => "drift, refused by CSP",
        (false, true, false) => "drift",
        (false, false, true) => "refused by CSP",
        (false, false, false) => "ok",
    }
}

fn phases(f: &Finding) -> String {
    f.phases
        .iter()
        .map(|p| Phase::label(*p))
        .collect::<Vec<_>>()
        .join(", ")
}

fn category(f: &Finding) -> String {
    let category = f.class.category.as_deref().unwrap_or("?");
    match &f.class.service {
        Some(service) => format!("{category} ({service})"),
        None => category.to_owned(),
    }
}

/// The findings as an aligned text table, violations first.
pub(crate) fn table(findings: &[Finding]) -> String {
    let rows: Vec<[String; 4]> = findings
        .iter()
        .map(|f| {
            [
                verdict(f).to_owned(),
                f.item.describe(),
                category(f),
                phases(f),
            ]
        })
        .collect();
    let header = ["verdict", "what", "category (service)", "seen in"].map(str::to_owned);
    let mut widths = header.clone().map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: &[String; 4]| {
        let mut out = String::new();
        for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
            if i + 1 == cells.len() {
                out.push_str(cell);
            } else {
                out.push_str(cell);
                out.push_str(&" ".repeat(w - cell.chars().count() + 2));
            }
        }
        out.trim_end().to_owned() + "\n"
    };
    let mut out = line(&header);
    for row in &rows {
        out.push_str(&line(row));
    }
    out
}

/// The summary and every finding as JSON.
pub(crate) fn json(summary: &Summary, findings: &[Finding]) -> String {
    #[derive(Serialize)]
    struct Report<'a> {
        summary: &'a Summary,
        findings: &'a [Finding],
    }
    serde_json::to_string_pretty(&Report { summary, findings }).unwrap_or_default() + "\n"
}

/// One row of the HTML report.
struct Row {
    verdict: &'static str,
    class: &'static str,
    what: String,
    category: String,
    source: String,
    seen_in: String,
    pages: Vec<String>,
    details: Vec<String>,
}

#[derive(Template)]
#[template(path = "report.html")]
struct Html<'a> {
    summary: &'a Summary,
    rows: Vec<Row>,
}

/// A self-contained HTML report (styles inline, no scripts, no external resources).
pub(crate) fn html(summary: &Summary, findings: &[Finding]) -> Result<String, askama::Error> {
    let rows = findings
        .iter()
        .map(|f| Row {
            verdict: verdict(f),
            class: match (f.violation, f.drift) {
                (true, _) => "violation",
                (false, true) => "drift",
                _ => "ok",
            },
            what: f.item.describe(),
            category: category(f),
            source: format!("{:?}", f.class.source),
            seen_in: phases(f),
            pages: f.pages.clone(),
            details: f
                .requests
                .iter()
                .map(|r| format!("{} {} (from {})", r.resource_type, r.url, r.initiator))
                .chain(
                    f.lifetime_secs
                        .map(|s| format!("lives {} days", (s + 86_399) / 86_400)),
                )
                .chain(f.set_by.map(|s| format!("set by {s:?}").to_lowercase()))
                .collect(),
        })
        .collect();
    Html { summary, rows }.render()
}
