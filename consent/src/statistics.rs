//! Sick-leave statistics that identify no one: each certificate held (only while its patient's
//! consent is in force) contributes one row of coarse facts, and the published table
//! suppresses every cell smaller than [`MIN_CELL`], so no person can be singled out.
//!
//! Totals are sums of the published cells only: a total that included suppressed cells would
//! let a reader subtract their way to them.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::certificate::{Certificate, icd10_chapter};

/// The smallest count a published cell may show.
pub const MIN_CELL: u64 = 5;

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

/// One cell of the published table.
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
    /// Certificates, or `None` when fewer than [`MIN_CELL`] (suppressed).
    pub certificates: Option<u64>,
}

/// The published statistics.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Published {
    /// Every cell with at least one certificate, suppressed or not, in key order.
    pub cells: Vec<Cell>,
    /// Sum of the published (not suppressed) cells.
    pub published_total: u64,
    /// How many cells were suppressed.
    pub suppressed_cells: usize,
    /// The threshold applied.
    pub min_cell: u64,
    /// Published certificates per month (sums of published cells), for the chart.
    pub by_month: Vec<(String, u64)>,
}

/// Publish counted cells (`(contribution, count)`), suppressing those under [`MIN_CELL`].
pub fn publish(counted: impl IntoIterator<Item = (Contribution, u64)>) -> Published {
    let mut cells: Vec<Cell> = counted
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .map(|(c, n)| Cell {
            month: c.month,
            chapter: c.chapter,
            degree: c.degree,
            duration: c.duration,
            certificates: (n >= MIN_CELL).then_some(n),
        })
        .collect();
    cells.sort_by(|a, b| {
        (&a.month, &a.chapter, a.degree, &a.duration).cmp(&(
            &b.month,
            &b.chapter,
            b.degree,
            &b.duration,
        ))
    });
    let mut by_month: Vec<(String, u64)> = Vec::new();
    for cell in &cells {
        let n = cell.certificates.unwrap_or(0);
        match by_month.last_mut() {
            Some((month, total)) if *month == cell.month => *total += n,
            _ => by_month.push((cell.month.clone(), n)),
        }
    }
    Published {
        published_total: cells.iter().filter_map(|c| c.certificates).sum(),
        suppressed_cells: cells.iter().filter(|c| c.certificates.is_none()).count(),
        min_cell: MIN_CELL,
        by_month,
        cells,
    }
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
    fn cells_under_five_are_suppressed_and_left_out_of_every_total() {
        let published = publish([
            (key("2026-10", "XII"), 7),
            (key("2026-10", "V"), 4),
            (key("2026-11", "V"), 5),
            (key("2026-11", "XIII"), 1),
            (key("2026-12", "XIII"), 0),
        ]);
        let shown: Vec<_> = published
            .cells
            .iter()
            .map(|c| (c.month.as_str(), c.chapter.as_str(), c.certificates))
            .collect();
        assert_eq!(
            shown,
            [
                ("2026-10", "V", None),
                ("2026-10", "XII", Some(7)),
                ("2026-11", "V", Some(5)),
                ("2026-11", "XIII", None),
            ]
        );
        assert_eq!(published.published_total, 12);
        assert_eq!(published.suppressed_cells, 2);
        assert_eq!(
            published.by_month,
            [("2026-10".to_owned(), 7), ("2026-11".to_owned(), 5)]
        );
        // No published number is below the threshold.
        assert!(
            published
                .cells
                .iter()
                .filter_map(|c| c.certificates)
                .all(|n| n >= MIN_CELL)
        );
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
