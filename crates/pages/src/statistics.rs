//! The maintainers' sick-leave statistics page: the published cells as a table and, per
//! published month, the sum of its cells as an SVG bar chart. A cell below the threshold is
//! not published, so it is not on the page at all.

use askama::Template;
use samtycke_care::statistics::{Cell, Published};

/// Height of the chart's bars at the busiest month.
const CHART_HEIGHT: u64 = 120;
/// Width of one bar.
const BAR_WIDTH: u32 = 40;

struct MonthBar {
    x: u32,
    y: u64,
    height: u64,
    label: String,
    count: u64,
}

#[derive(Template)]
#[template(path = "statistics.html")]
struct StatisticsPage<'a> {
    cells: &'a [Cell],
    months: usize,
    min_persons: u64,
    bars: Vec<MonthBar>,
    width: u32,
    max: u64,
}

/// The statistics page for `published`.
pub fn render_statistics(published: &Published) -> Result<String, askama::Error> {
    let max = published
        .by_month
        .iter()
        .map(|(_, n)| *n)
        .max()
        .unwrap_or(0)
        .max(1);
    let bars: Vec<MonthBar> = published
        .by_month
        .iter()
        .enumerate()
        .map(|(i, (month, count))| {
            let height = count * CHART_HEIGHT / max;
            MonthBar {
                x: 40 + i as u32 * (BAR_WIDTH + 12),
                y: 10 + CHART_HEIGHT - height,
                height,
                label: month.clone(),
                count: *count,
            }
        })
        .collect();
    StatisticsPage {
        cells: &published.cells,
        months: published.months.len(),
        min_persons: published.min_persons,
        width: 60 + bars.len() as u32 * (BAR_WIDTH + 12),
        bars,
        max,
    }
    .render()
}

#[cfg(test)]
mod tests {
    use super::*;
    use samtycke_care::statistics::{Contribution, publish_month, published};

    #[test]
    fn a_cell_below_the_threshold_is_not_on_the_page() {
        let cell = |chapter: &str| Contribution {
            month: "2026-10".into(),
            chapter: chapter.into(),
            degree: 50,
            duration: "15–30".into(),
        };
        let cells = publish_month([(cell("V"), 3), (cell("XII"), 6)]);
        let html = render_statistics(&published(cells, vec!["2026-10".into()])).unwrap();
        assert!(
            html.contains("<td>XII</td><td>50 %</td><td>15–30</td><td>6</td>"),
            "{html}"
        );
        assert!(!html.contains("<td>V</td>"), "{html}");
        assert!(html.contains("<svg"));
    }
}
