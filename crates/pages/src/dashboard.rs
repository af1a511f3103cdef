//! The maintainers' dashboard: consent rates per category per day and the share of each
//! way of deciding, drawn as accessible SVG with the same figures in tables.

use askama::Template;

/// Decisions on one category on one day (aggregated in SQL by the edge).
#[derive(Debug, Clone, PartialEq)]
pub struct DayRate {
    /// `YYYY-MM-DD`.
    pub day: String,
    /// Category id.
    pub category: String,
    /// Decisions that granted it.
    pub granted: u32,
    /// All decisions.
    pub total: u32,
}

impl DayRate {
    /// Granted share in whole percent.
    pub fn percent(&self) -> u32 {
        (self.granted * 100).checked_div(self.total).unwrap_or(0)
    }
}

/// How many decisions were made one way (`accept-all`, `reject-all`, …).
#[derive(Debug, Clone, PartialEq)]
pub struct MethodCount {
    /// The method.
    pub method: String,
    /// How many.
    pub count: u32,
}

/// Patients' consent transitions on one day (counted in SQL by the edge, no identities).
#[derive(Debug, Clone, PartialEq)]
pub struct PatientDay {
    /// `YYYY-MM-DD`.
    pub day: String,
    /// Consents given (first time or again); `None` when fewer than
    /// [`samtycke_care::statistics::MIN_PERSONS`] (not shown, as the statistics' cells are not).
    pub grants: Option<u32>,
    /// Consents withdrawn; `None` when fewer than the threshold.
    pub withdrawals: Option<u32>,
}

impl PatientDay {
    /// A day's counts as published: a count below [`samtycke_care::statistics::MIN_PERSONS`] is
    /// not shown.
    pub fn new(day: String, grants: u32, withdrawals: u32) -> Self {
        let shown = |n: u32| (u64::from(n) >= samtycke_care::statistics::MIN_PERSONS).then_some(n);
        Self {
            day,
            grants: shown(grants),
            withdrawals: shown(withdrawals),
        }
    }
}

/// A count as the page shows it: the number, or "färre än 5".
fn shown(count: Option<u32>) -> String {
    count.map_or_else(
        || format!("färre än {}", samtycke_care::statistics::MIN_PERSONS),
        |n| n.to_string(),
    )
}

/// One day's pair of bars in the patient chart.
struct PatientBars {
    x: u32,
    day: String,
    label: String,
    grants: String,
    grant_y: u32,
    grant_height: u32,
    withdrawals: String,
    withdrawal_y: u32,
    withdrawal_height: u32,
}

struct Bar {
    x: u32,
    y: u32,
    height: u32,
    label: String,
    percent: u32,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage<'a> {
    days: u32,
    rates: &'a [DayRate],
    methods: Vec<(String, u32, u32)>,
    charts: Vec<(String, Vec<Bar>, u32)>,
    patients: &'a [PatientDay],
    patient_bars: Vec<PatientBars>,
    patient_width: u32,
    patient_max: u32,
    drift: &'a [DriftHost],
}

/// A third party the visitors' browsers refused on a site's pages (its consent policy's
/// reports) that no service of the site's configuration claims: drift to classify.
#[derive(Debug, Clone, PartialEq)]
pub struct DriftHost {
    /// The site's id.
    pub site: String,
    /// The refused origin (`https://chat.example`), never a path or query.
    pub origin: String,
    /// What it was refused as (`script-src-elem`, `img-src`, …).
    pub directive: String,
    /// Reports of it in the period.
    pub reports: u32,
    /// The last day it was reported.
    pub last_seen: String,
}

impl DriftHost {
    /// A service entry for the site's configuration that would claim it, on one line.
    pub fn suggestion(&self) -> String {
        let host = self
            .origin
            .split_once("://")
            .map_or(self.origin.as_str(), |(_, rest)| rest);
        let host = samtycke_visitor::gate::strip_port(host);
        let id: String = host
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        format!(r#"{{ "id": "{id}", "name": "{host}", "hosts": ["{host}"] }}"#)
    }
}

const BAR_WIDTH: u32 = 28;
const CHART_HEIGHT: u32 = 120;

/// The patient chart: a grant bar and a withdrawal bar per day, scaled to the busiest day.
fn patient_bars(patients: &[PatientDay]) -> (Vec<PatientBars>, u32, u32) {
    let max = patients
        .iter()
        .map(|p| p.grants.unwrap_or(0).max(p.withdrawals.unwrap_or(0)))
        .max()
        .unwrap_or(0)
        .max(1);
    let bars: Vec<PatientBars> = patients
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let grant_height = p.grants.unwrap_or(0) * CHART_HEIGHT / max;
            let withdrawal_height = p.withdrawals.unwrap_or(0) * CHART_HEIGHT / max;
            PatientBars {
                x: 40 + i as u32 * (2 * BAR_WIDTH + 12),
                day: p.day.clone(),
                label: p.day.get(5..).unwrap_or(&p.day).to_owned(),
                grants: shown(p.grants),
                grant_y: 10 + CHART_HEIGHT - grant_height,
                grant_height,
                withdrawals: shown(p.withdrawals),
                withdrawal_y: 10 + CHART_HEIGHT - withdrawal_height,
                withdrawal_height,
            }
        })
        .collect();
    let width = 60 + bars.len() as u32 * (2 * BAR_WIDTH + 12);
    (bars, width, max)
}

/// The dashboard page for the last `days` days.
pub fn render_dashboard(
    days: u32,
    rates: &[DayRate],
    methods: &[MethodCount],
    patients: &[PatientDay],
    drift: &[DriftHost],
) -> Result<String, askama::Error> {
    let mut categories: Vec<&str> = rates.iter().map(|r| r.category.as_str()).collect();
    categories.dedup();
    categories.sort_unstable();
    categories.dedup();
    let charts = categories
        .into_iter()
        .filter(|c| *c != "necessary")
        .map(|category| {
            let bars: Vec<Bar> = rates
                .iter()
                .filter(|r| r.category == category)
                .enumerate()
                .map(|(i, r)| {
                    let height = r.percent() * CHART_HEIGHT / 100;
                    Bar {
                        x: 40 + i as u32 * (BAR_WIDTH + 8),
                        y: 10 + CHART_HEIGHT - height,
                        height,
                        label: r.day.get(5..).unwrap_or(&r.day).to_owned(),
                        percent: r.percent(),
                    }
                })
                .collect();
            let width = 60 + bars.len() as u32 * (BAR_WIDTH + 8);
            (category.to_owned(), bars, width)
        })
        .collect();
    let total: u32 = methods.iter().map(|m| m.count).sum();
    let methods = methods
        .iter()
        .map(|m| {
            let share = (m.count * 100).checked_div(total).unwrap_or(0);
            (m.method.clone(), m.count, share)
        })
        .collect();
    let (patient_bars, patient_width, patient_max) = patient_bars(patients);
    DashboardPage {
        days,
        rates,
        methods,
        charts,
        patients,
        patient_bars,
        patient_width,
        patient_max,
        drift,
    }
    .render()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drift_is_listed_with_a_line_of_configuration() {
        let drift = [DriftHost {
            site: "klinik".into(),
            origin: "http://chat.localhost:8797".into(),
            directive: "script-src-elem".into(),
            reports: 3,
            last_seen: "2026-12-03".into(),
        }];
        let html = render_dashboard(30, &[], &[], &[], &drift).unwrap();
        assert!(html.contains("http://chat.localhost:8797"), "{html}");
        assert!(
            html.contains(r#"{ &#34;id&#34;: &#34;chat-localhost&#34;, &#34;name&#34;: &#34;chat.localhost&#34;, &#34;hosts&#34;: [&#34;chat.localhost&#34;] }"#),
            "{html}"
        );
        let none = render_dashboard(30, &[], &[], &[], &[]).unwrap();
        assert!(none.contains("Inga okända tredjeparter"), "{none}");
    }

    #[test]
    fn dashboard_shows_rates_as_svg_and_tables() {
        let rates = vec![
            DayRate {
                day: "2026-11-22".into(),
                category: "analytics".into(),
                granted: 3,
                total: 4,
            },
            DayRate {
                day: "2026-11-22".into(),
                category: "necessary".into(),
                granted: 4,
                total: 4,
            },
            DayRate {
                day: "2026-11-23".into(),
                category: "analytics".into(),
                granted: 0,
                total: 2,
            },
        ];
        let methods = vec![
            MethodCount {
                method: "accept-all".into(),
                count: 3,
            },
            MethodCount {
                method: "reject-all".into(),
                count: 3,
            },
        ];
        let patients = vec![
            PatientDay::new("2026-11-22".into(), 9, 1),
            PatientDay::new("2026-11-23".into(), 5, 0),
        ];
        let html = render_dashboard(30, &rates, &methods, &patients, &[]).unwrap();
        // A count under five is not shown, as a statistics cell under five is not.
        assert!(
            html.contains("<td>2026-11-22</td><td>9</td><td>färre än 5</td>"),
            "{html}"
        );
        assert!(!html.contains("<td>1</td>"), "{html}");
        // The busiest day's grants fill the chart's full height.
        assert!(html.contains(r##"height="120" fill="#0b5394""##), "{html}");
        assert!(html.contains(r#"role="img""#));
        assert!(html.contains("75 %"), "{html}");
        assert!(
            html.contains("<td>accept-all</td><td>3</td><td>50 %</td>"),
            "{html}"
        );
        insta::assert_snapshot!(html);
    }

    #[test]
    fn empty_periods_render_without_dividing_by_zero() {
        let html = render_dashboard(30, &[], &[], &[], &[]).unwrap();
        assert!(html.contains("Inga samtycken eller återkallelser under perioden."));
        assert!(html.contains("<h1>"));
        assert_eq!(
            DayRate {
                day: "d".into(),
                category: "c".into(),
                granted: 0,
                total: 0
            }
            .percent(),
            0
        );
    }
}
