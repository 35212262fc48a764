//! Charts on the printed summary: series over time against threshold lines, withheld periods
//! shaded, a legend beside them, and a description in words for those who cannot see them.

use chrono::NaiveDate;

use super::layout::{GREY, Layout, MARGIN, Op, Style, text_op};
use super::structure::{Block, Mark};
use crate::palette::{self, Rgb};

/// One line of a chart.
pub struct Series<'a> {
    pub name: &'a str,
    pub colour: Rgb,
    pub points: &'a [(NaiveDate, f64)],
}

/// A horizontal line: a threshold (3×ULN) or a baseline, in its palette colour.
pub struct Threshold {
    pub label: String,
    pub value: f64,
    pub colour: Rgb,
}

/// A chart: series over time against thresholds.
pub struct Chart<'a> {
    pub title: &'a str,
    pub unit: &'a str,
    pub series: Vec<Series<'a>>,
    /// Horizontal lines across the chart.
    pub thresholds: Vec<Threshold>,
    /// Shaded periods (withheld).
    pub shaded: Vec<(NaiveDate, NaiveDate)>,
    /// How a value reads in words: `1.1×ULN`, `276 mg/dL`.
    pub reading: fn(f64) -> String,
}

impl Chart<'_> {
    /// What the chart shows, for those who cannot see it: each series' count, latest and highest
    /// value, the threshold lines and the shaded periods.
    fn describe(&self, first: NaiveDate, last: NaiveDate) -> String {
        let mut sentences = vec![format!(
            "Chart of {} ({}) from {first} to {last}.",
            self.title, self.unit
        )];
        for series in &self.series {
            let highest = series.points.iter().max_by(|a, b| a.1.total_cmp(&b.1));
            sentences.push(match (series.points.last(), highest) {
                (Some(latest), Some(highest)) => format!(
                    "{}: {}, latest {} on {}, highest {} on {}.",
                    series.name,
                    crate::format::count(series.points.len(), "result", "results"),
                    (self.reading)(latest.1),
                    latest.0,
                    (self.reading)(highest.1),
                    highest.0,
                ),
                _ => format!("{}: no results.", series.name),
            });
        }
        if !self.thresholds.is_empty() {
            let labels: Vec<String> = self.thresholds.iter().map(|t| t.label.clone()).collect();
            sentences.push(format!("Lines at {}.", crate::format::list(&labels)));
        }
        if !self.shaded.is_empty() {
            // A period withheld for more than one reason is shaded over itself: said once.
            let mut periods = self.shaded.clone();
            periods.sort_unstable();
            periods.dedup();
            let periods: Vec<String> = periods
                .iter()
                .map(|(from, until)| format!("{from} to {until}"))
                .collect();
            sentences.push(format!("Shaded: {}.", crate::format::list(&periods)));
        }
        sentences.join(" ")
    }
}

impl Layout {
    /// A chart `height` points high, kept on one page with its title.
    pub fn chart(&mut self, chart: &Chart, height: f32) {
        let title = Style::new(9.5).bold();
        self.ensure(height + title.line_height() + 14.0);
        self.paragraph(&format!("{} ({})", chart.title, chart.unit), title, 0.0);
        let label = Style::new(7.0).colour(GREY);
        let (left, right) = (MARGIN + 30.0, self.width - MARGIN - 90.0);
        let (top, bottom) = (self.y + 4.0, self.y + 4.0 + height);

        let dates = chart
            .series
            .iter()
            .flat_map(|series| series.points.iter().map(|p| p.0));
        let (Some(first), Some(last)) = (dates.clone().min(), dates.max()) else {
            self.paragraph("No results to chart.", Style::new(9.0).colour(GREY), 0.0);
            return;
        };
        let values = chart
            .series
            .iter()
            .flat_map(|series| series.points.iter().map(|p| p.1))
            .chain(chart.thresholds.iter().map(|t| t.value));
        let top_value = values.fold(0.0_f64, f64::max) * 1.08;
        #[allow(clippy::cast_precision_loss)] // days of a record's span
        let span = ((last - first).num_days().max(1)) as f32;
        #[allow(clippy::cast_precision_loss)]
        let x_of = move |date: NaiveDate| {
            left + (right - left) * ((date - first).num_days() as f32) / span
        };
        #[allow(clippy::cast_possible_truncation)] // a value on a chart
        let y_of = move |value: f64| bottom - (bottom - top) * (value / top_value) as f32;

        let mut ops = Vec::new();
        for &(from, until) in &chart.shaded {
            let (x0, x1) = (x_of(from.max(first)), x_of(until.min(last)));
            if x1 > x0 {
                ops.push(Op::Rect {
                    x: x0,
                    y: top,
                    width: x1 - x0,
                    height: bottom - top,
                    fill: palette::LIGHT.withheld_shade.washed(),
                });
            }
        }
        ops.push(Op::Line {
            points: vec![(left, top), (left, bottom), (right, bottom)],
            width: 0.6,
            colour: GREY,
            dashed: false,
        });
        for threshold in &chart.thresholds {
            let y = y_of(threshold.value);
            ops.push(Op::Line {
                points: vec![(left, y), (right, y)],
                width: 0.6,
                colour: threshold.colour,
                dashed: true,
            });
            ops.push(text_op(
                left + 3.0,
                y - 2.0,
                label.colour(threshold.colour),
                threshold.label.clone(),
            ));
        }
        for (index, series) in chart.series.iter().enumerate() {
            draw_series(&mut ops, series, index, right, top, &x_of, &y_of);
        }
        let middle = crate::rules::calendar::add_days(first, (last - first).num_days() / 2);
        axis_labels(
            &mut ops,
            [
                (first, left),
                (middle, x_of(middle) - 20.0),
                (last, right - 40.0),
            ],
            (top, bottom),
            top_value,
        );
        let figure = self.content();
        self.blocks.push(Block::Figure {
            alt: chart.describe(first, last),
            content: figure,
        });
        for op in ops {
            self.draw(op, Mark::Figure(figure));
        }
        self.y = bottom + 14.0;
    }
}

/// A series as a line with its points marked, and its legend entry right of the chart.
fn draw_series(
    ops: &mut Vec<Op>,
    series: &Series,
    index: usize,
    right: f32,
    top: f32,
    x_of: &impl Fn(NaiveDate) -> f32,
    y_of: &impl Fn(f64) -> f32,
) {
    let (name, colour) = (series.name, &series.colour);
    let line: Vec<(f32, f32)> = series
        .points
        .iter()
        .map(|&(d, v)| (x_of(d), y_of(v)))
        .collect();
    if line.len() > 1 {
        ops.push(Op::Line {
            points: line.clone(),
            width: 1.2,
            colour: *colour,
            dashed: false,
        });
    }
    for &(x, y) in &line {
        ops.push(Op::Rect {
            x: x - 1.2,
            y: y - 1.2,
            width: 2.4,
            height: 2.4,
            fill: *colour,
        });
    }
    #[allow(clippy::cast_precision_loss)] // a few series
    let legend_y = top + 8.0 + 11.0 * index as f32;
    ops.push(Op::Rect {
        x: right + 6.0,
        y: legend_y - 6.0,
        width: 8.0,
        height: 6.0,
        fill: *colour,
    });
    ops.push(text_op(
        right + 18.0,
        legend_y,
        Style::new(8.0),
        (*name).to_owned(),
    ));
}

/// Dates under the x axis, and the top and bottom of the y axis.
fn axis_labels(
    ops: &mut Vec<Op>,
    dates: [(NaiveDate, f32); 3],
    (top, bottom): (f32, f32),
    top_value: f64,
) {
    let label = Style::new(7.0).colour(GREY);
    for (date, x) in dates {
        ops.push(text_op(x, bottom + 9.0, label, date.to_string()));
    }
    let rounded = if top_value >= 10.0 {
        top_value.round()
    } else {
        (top_value * 10.0).round() / 10.0
    };
    ops.push(text_op(
        MARGIN,
        top + 7.0,
        label,
        crate::format::number(rounded),
    ));
    ops.push(text_op(MARGIN, bottom, label, "0".to_owned()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_is_described_in_words() {
        let date = |text: &str| text.parse::<NaiveDate>().expect("a date");
        let points = [
            (date("2026-01-05"), 1.2),
            (date("2026-02-02"), 3.4),
            (date("2026-03-02"), 0.9),
        ];
        let withheld = (date("2026-02-02"), date("2026-02-16"));
        let chart = Chart {
            title: "ALT",
            unit: "×ULN",
            series: vec![Series {
                name: "ALT",
                colour: palette::TEXT_ON_PAPER,
                points: &points,
            }],
            thresholds: vec![Threshold {
                label: "3×ULN".to_owned(),
                value: 3.0,
                colour: palette::LIGHT.repeat_line,
            }],
            shaded: vec![withheld, withheld],
            reading: |ratio| format!("{ratio}×ULN"),
        };
        assert_eq!(
            chart.describe(date("2026-01-05"), date("2026-03-02")),
            "Chart of ALT (×ULN) from 2026-01-05 to 2026-03-02. ALT: 3 results, latest 0.9×ULN on \
             2026-03-02, highest 3.4×ULN on 2026-02-02. Lines at 3×ULN. Shaded: 2026-02-02 to \
             2026-02-16."
        );
    }
}
