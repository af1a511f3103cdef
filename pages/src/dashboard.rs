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
}

const BAR_WIDTH: u32 = 28;
const CHART_HEIGHT: u32 = 120;

/// The dashboard page for the last `days` days.
pub fn render_dashboard(
    days: u32,
    rates: &[DayRate],
    methods: &[MethodCount],
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
    DashboardPage {
        days,
        rates,
        methods,
        charts,
    }
    .render()
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let html = render_dashboard(30, &rates, &methods).unwrap();
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
        let html = render_dashboard(30, &[], &[]).unwrap();
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
