//! Sick-leave statistics that identify no one. Each certificate held (only while its
//! patient's consent is in force) contributes one row of coarse facts, kept with the patient's
//! pseudonymous subject so that people, not certificates, are counted. A month is published
//! once it has ended, and then once for all: a cell appears only when at least
//! [`MIN_PERSONS`] distinct patients stand behind it, cells below that are left out entirely
//! (not listed, not counted in any total), and a published month does not change when a
//! patient later withdraws, so comparing two readings singles no one out.

use crate::certificate::CertificateRules;
use serde::{Deserialize, Serialize};
use time::Date;

use crate::certificate::{Certificate, icd10_chapter};

/// The fewest distinct patients a published cell may rest on.
pub const MIN_PERSONS: u64 = 5;

/// How long the sick leave lasts in all, in bands.
pub const DURATION_BANDS: [(u32, &str); 6] = [
    (14, "1–14"),
    (30, "15–30"),
    (90, "31–90"),
    (180, "91–180"),
    (365, "181–365"),
    (u32::MAX, "366–"),
];

/// What one certificate contributes: nothing that names or dates a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contribution {
    /// Month the sick leave began, `YYYY-MM`.
    pub month: String,
    /// ICD-10 chapter of the main diagnosis (roman numeral).
    pub chapter: String,
    /// The highest sick-leave degree in the certificate.
    pub degree: u8,
    /// Days of sick leave in all, as a band of [`DURATION_BANDS`].
    pub duration: String,
}

/// The band of [`DURATION_BANDS`] `days` falls in.
pub fn duration_band(days: u32) -> &'static str {
    DURATION_BANDS
        .iter()
        .find(|(upto, _)| days <= *upto)
        .map_or("366–", |(_, band)| band)
}

/// What a validated certificate contributes (`None` if its periods or diagnosis are
/// unreadable, which validation rules out).
pub fn contribution(certificate: &Certificate) -> Option<Contribution> {
    let (first, last): (Date, Date) = certificate.sick_leave_span()?;
    let days = u32::try_from((last - first).whole_days() + 1).ok()?;
    let chapter = icd10_chapter(&certificate.diagnoses.first()?.code)?;
    Some(Contribution {
        month: format!("{:04}-{:02}", first.year(), u8::from(first.month())),
        chapter: chapter.number.to_owned(),
        degree: certificate.sick_leave.iter().map(|p| p.degree).max()?,
        duration: duration_band(days).to_owned(),
    })
}

/// One published cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cell {
    /// Month, `YYYY-MM`.
    pub month: String,
    /// ICD-10 chapter.
    pub chapter: String,
    /// Sick-leave degree.
    pub degree: u8,
    /// Duration band.
    pub duration: String,
    /// Distinct patients behind the cell: at least [`MIN_PERSONS`].
    pub patients: u64,
}

/// The published statistics: the cells of every month published so far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Published {
    /// The published cells, in key order.
    pub cells: Vec<Cell>,
    /// The months published, oldest first (a month without any cell that reached the
    /// threshold is published all the same, empty).
    pub months: Vec<String>,
    /// The threshold applied.
    pub min_persons: u64,
    /// Per month, the sum of its published cells (a patient in two cells counts in both),
    /// for the chart.
    pub by_month: Vec<(String, u64)>,
}

/// The cells of one month as published: only those with at least [`MIN_PERSONS`] distinct
/// patients (`counted` gives each cell's distinct patients).
pub fn publish_month(counted: impl IntoIterator<Item = (Contribution, u64)>) -> Vec<Cell> {
    let mut cells: Vec<Cell> = counted
        .into_iter()
        .filter(|(_, patients)| *patients >= MIN_PERSONS)
        .map(|(c, patients)| Cell {
            month: c.month,
            chapter: c.chapter,
            degree: c.degree,
            duration: c.duration,
            patients,
        })
        .collect();
    in_order(&mut cells);
    cells
}

/// Cells by month, chapter, degree and duration: one function, so one copy of the sort.
fn in_order(cells: &mut [Cell]) {
    cells.sort_by(|a, b| key(a).cmp(&key(b)));
}

fn key(cell: &Cell) -> (&str, &str, u8, &str) {
    (&cell.month, &cell.chapter, cell.degree, &cell.duration)
}

/// The published statistics from the cells stored for the `months` published so far.
pub fn published(mut cells: Vec<Cell>, months: Vec<String>) -> Published {
    cells.retain(|c| c.patients >= MIN_PERSONS);
    in_order(&mut cells);
    // In order and once each, by insertion (a sort of strings would be one more copy).
    let mut distinct = std::collections::BTreeSet::new();
    distinct.extend(months);
    let months: Vec<String> = distinct.into_iter().collect();
    let by_month = months
        .iter()
        .map(|month| {
            let sum = cells
                .iter()
                .filter(|c| &c.month == month)
                .map(|c| c.patients)
                .sum();
            (month.clone(), sum)
        })
        .collect();
    Published {
        cells,
        months,
        min_persons: MIN_PERSONS,
        by_month,
    }
}

/// The month (`YYYY-MM`) of `day`.
pub fn month_of(day: Date) -> String {
    format!("{:04}-{:02}", day.year(), u8::from(day.month()))
}

/// Whether `month` (`YYYY-MM`) has ended on `today`: only ended months are published.
pub fn has_ended(month: &str, today: Date) -> bool {
    month < month_of(today).as_str()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(month: &str, chapter: &str) -> Contribution {
        Contribution {
            month: month.into(),
            chapter: chapter.into(),
            degree: 50,
            duration: "15–30".into(),
        }
    }

    #[test]
    fn a_cell_needs_five_people_and_one_below_is_not_even_listed() {
        let cells = publish_month([
            (key("2026-10", "XII"), 7),
            (key("2026-10", "V"), 4),
            (key("2026-10", "X"), 5),
            (key("2026-10", "XIII"), 1),
        ]);
        let shown: Vec<_> = cells
            .iter()
            .map(|c| (c.chapter.as_str(), c.patients))
            .collect();
        assert_eq!(shown, [("X", 5), ("XII", 7)]);
        let published = published(cells, vec!["2026-10".into(), "2026-09".into()]);
        assert_eq!(
            published.by_month,
            [("2026-09".to_owned(), 0), ("2026-10".to_owned(), 12)]
        );
        assert_eq!(published.months, ["2026-09", "2026-10"]);
        // Nothing in the answer names a cell that did not reach the threshold.
        let json = serde_json::to_string(&published).expect("json");
        assert!(!json.contains("\"V\"") && !json.contains("XIII"), "{json}");
    }

    #[test]
    fn only_an_ended_month_is_published() {
        let today = time::macros::date!(2026 - 12 - 03);
        assert!(has_ended("2026-11", today));
        assert!(has_ended("2025-12", today));
        assert!(!has_ended("2026-12", today));
        assert!(!has_ended("2031-01", today));
        assert_eq!(month_of(today), "2026-12");
    }

    #[test]
    fn a_certificate_contributes_coarse_facts_only() {
        let c = crate::certificate::tests::sample();
        let row = contribution(&c).unwrap();
        assert_eq!(
            row,
            Contribution {
                month: "2026-10".into(),
                chapter: "XII".into(),
                degree: 100,
                duration: "15–30".into(),
            }
        );
        assert_eq!(duration_band(1), "1–14");
        assert_eq!(duration_band(14), "1–14");
        assert_eq!(duration_band(15), "15–30");
        assert_eq!(duration_band(365), "181–365");
        assert_eq!(duration_band(366), "366–");
    }
}
