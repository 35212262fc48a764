//! Trend plots: ALT and AST as ×ULN with the 3× and 5× lines, total bilirubin ×ULN with the 2×
//! line, and a lipid in a chosen unit against its baseline; doses marked and withheld periods
//! shaded, over 1 year, 3 years or all. The series are `trends`', shared with the printed
//! charts; the ×ULN is the rules'.

use chrono::NaiveDate;
use eframe::egui::{self, Color32, Ui, accesskit::Role};
use egui_plot::{AxisHints, HLine, Line, LineStyle, MarkerShape, Plot, PlotPoints, Points, Span};

use super::plot_legend::{Entry, Swatch, legend_ui};
use super::plot_time::{GRID_GAP, LABEL_GAP, TimeSpan, date_marks, mark_label, x_of};
use crate::app::document::Document;
use crate::app::style;
use crate::app::widgets::combo;
use crate::format;
use crate::knowledge::{Quantity, pack};
use crate::record::{LabTest, LabUnit};
use crate::rules::WeekState;
use crate::trends::{LIPIDS, Reading, Trends};

pub struct PlotChoice {
    lipid: LabTest,
    unit: LabUnit,
    span: TimeSpan,
}

impl Default for PlotChoice {
    fn default() -> Self {
        PlotChoice {
            lipid: LabTest::LdlC,
            unit: LabUnit::MgPerDl,
            span: TimeSpan::default(),
        }
    }
}

/// The repeat line (3×ULN) in long dashes, the withhold and discontinue lines in short ones: the
/// dash tells them apart as well as the colour.
const REPEAT_DASH: LineStyle = LineStyle::Dashed { length: 12.0 };
const STOP_DASH: LineStyle = LineStyle::Dashed { length: 4.0 };
const BASELINE_DASH: LineStyle = LineStyle::Dashed { length: 8.0 };

/// One plotted point and what hovering it says beyond its series and date.
#[derive(Debug, Clone, PartialEq)]
struct Point {
    date: NaiveDate,
    y: f64,
    detail: String,
}

/// A named series of points.
#[derive(Clone)]
struct Series {
    name: String,
    colour: Color32,
    points: Vec<Point>,
}

struct Threshold {
    name: String,
    value: f64,
    colour: Color32,
    style: LineStyle,
}

/// A result as ×ULN, hovering to its value as recorded and the ×ULN.
fn ratio_point(reading: &Reading) -> Point {
    let value = format!(
        "{} {}",
        format::number(reading.value),
        reading.unit.symbol()
    );
    Point {
        date: reading.date,
        y: reading.x_uln,
        detail: format!("{}, {}×ULN", value.trim_end(), format::ratio(reading.x_uln)),
    }
}

/// What hovering the `index`th point of the series `name` shows: the series, the date, and the
/// value with its unit (and ×ULN where there is one).
fn hover_text(series: &[Series], name: &str, index: usize) -> Option<String> {
    let point = series
        .iter()
        .find(|series| series.name == name)?
        .points
        .get(index)?;
    Some(format!("{name}\n{}\n{}", point.date, point.detail))
}

/// The plots, each `height` high, in the caller's scroll area: the document's trends, read
/// with its assessment, drawn.
pub fn plots_ui(ui: &mut Ui, document: &Document, choice: &mut PlotChoice, height: f32) {
    let trends = document.trends();
    let thresholds = &pack().thresholds;
    let inks = style::inks(ui.visuals());
    let colour = |rgb| style::colour(rgb);
    let ratio = |name: &str, readings: &[Reading], ink| Series {
        name: name.to_owned(),
        colour: colour(ink),
        points: readings.iter().map(ratio_point).collect(),
    };
    let transaminases = vec![
        ratio(LabTest::Alt.label(), &trends.alt, inks.alt),
        ratio(LabTest::Ast.label(), &trends.ast, inks.ast),
    ];
    let bilirubin = vec![ratio(
        LabTest::Bilirubin.label(),
        &trends.bilirubin,
        inks.bilirubin,
    )];
    let doses = dose_series(trends, colour(inks.doses));

    ui.horizontal_wrapped(|ui| {
        ui.label("Show");
        for span in TimeSpan::ALL {
            ui.selectable_value(&mut choice.span, span, span.label());
        }
    });
    let shade = style::wash(inks.withheld_shade);
    let window = Window::new(document, choice.span, trends.earliest, doses, shade);

    ui.label(egui::RichText::new("ALT and AST (×ULN)").strong());
    let line = |threshold: &Quantity<f64>, ink, style| Threshold {
        name: threshold.text(),
        value: threshold.value,
        colour: colour(ink),
        style,
    };
    let transaminase_lines = [
        line(
            &thresholds.transaminase_repeat_x_uln,
            inks.repeat_line,
            REPEAT_DASH,
        ),
        line(
            &thresholds.transaminase_withhold_x_uln,
            inks.stop_line,
            STOP_DASH,
        ),
    ];
    window.chart_ui(
        ui,
        "ALT and AST",
        "×ULN",
        height,
        transaminases,
        &transaminase_lines,
    );

    ui.label(egui::RichText::new("Total bilirubin (×ULN)").strong());
    let bilirubin_line = [line(
        &thresholds.bilirubin_discontinue_x_uln,
        inks.stop_line,
        STOP_DASH,
    )];
    window.chart_ui(
        ui,
        "Total bilirubin",
        "×ULN",
        height,
        bilirubin,
        &bilirubin_line,
    );

    lipid_choice_ui(ui, choice);
    let (results, baseline) = trends.lipid(choice.lipid, choice.unit);
    let lipid = vec![lipid_series(results, choice, colour(inks.lipid))];
    // The response is the rules' (R-EFF-1), said once it is reviewed, and only for LDL-C.
    if let (LabTest::LdlC, Some(efficacy)) = (choice.lipid, document.assessment().efficacy) {
        ui.label(format!("{} (R-EFF-1)", efficacy.describe()));
    }
    let baseline_line: Vec<Threshold> = baseline
        .map(|value| Threshold {
            name: format!(
                "baseline {} {}",
                format::number(value),
                choice.unit.symbol()
            ),
            value,
            colour: colour(inks.baseline_line),
            style: BASELINE_DASH,
        })
        .into_iter()
        .collect();
    let name = choice.lipid.label();
    window.chart_ui(
        ui,
        name,
        choice.unit.symbol(),
        height,
        lipid,
        &baseline_line,
    );
}

/// The chosen lipid's results in the chosen unit.
fn lipid_series(results: Vec<(NaiveDate, f64)>, choice: &PlotChoice, colour: Color32) -> Series {
    let unit = choice.unit.symbol();
    Series {
        name: choice.lipid.label().to_owned(),
        colour,
        points: results
            .into_iter()
            .map(|(date, value)| Point {
                date,
                y: value,
                detail: format!("{} {unit}", format::number(value)),
            })
            .collect(),
    }
}

/// The doses, along the bottom of each plot, hovering to the dose in mg.
fn dose_series(trends: &Trends, colour: Color32) -> Series {
    Series {
        name: "doses".to_owned(),
        colour,
        points: trends
            .doses
            .iter()
            .map(|&(date, dose_mg)| Point {
                date,
                y: 0.0,
                detail: dose_mg.map_or_else(
                    || "dose not recorded".to_owned(),
                    |mg| format!("{} mg", format::number(mg)),
                ),
            })
            .collect(),
    }
}

fn lipid_choice_ui(ui: &mut Ui, choice: &mut PlotChoice) {
    ui.horizontal_wrapped(|ui| {
        combo(ui, "Lipid", choice.lipid.label(), |ui| {
            for test in LIPIDS {
                ui.selectable_value(&mut choice.lipid, test, test.label());
            }
        });
        let units = choice.lipid.accepted_units();
        if !units.contains(&choice.unit) {
            choice.unit = units[0];
        }
        combo(ui, "Unit", choice.unit.symbol(), |ui| {
            for &unit in units {
                ui.selectable_value(&mut choice.unit, unit, unit.symbol());
            }
        });
    });
}

/// What every plot shares: the time span, the doses and the withheld periods.
struct Window {
    first_day: NaiveDate,
    x_range: (f64, f64),
    doses: Series,
    withheld: Vec<(f64, f64)>,
    withheld_shade: Color32,
}

impl Window {
    fn new(
        document: &Document,
        span: TimeSpan,
        earliest: Option<NaiveDate>,
        doses: Series,
        withheld_shade: Color32,
    ) -> Self {
        let today = document.today();
        let first_day = span.first_day(today, earliest);
        let withheld = document
            .assessment()
            .withheld
            .iter()
            .map(|period| {
                let until = period.until.unwrap_or(today);
                (x_of(period.from), x_of(until))
            })
            .collect();
        Window {
            first_day,
            x_range: span.x_range(today, earliest),
            doses: within(doses, first_day),
            withheld,
            withheld_shade,
        }
    }

    /// The legend: the series, the lines, the doses and (when there are any) the withheld
    /// periods.
    fn legend(&self, series: &[Series], lines: &[Threshold]) -> Vec<Entry> {
        let mut entries: Vec<Entry> = series
            .iter()
            .map(|series| Entry {
                name: series.name.clone(),
                colour: series.colour,
                swatch: Swatch::Series,
            })
            .collect();
        entries.extend(lines.iter().map(|line| Entry {
            name: line.name.clone(),
            colour: line.colour,
            swatch: Swatch::Line(line.style),
        }));
        entries.push(Entry {
            name: "doses".to_owned(),
            colour: self.doses.colour,
            swatch: Swatch::Marker,
        });
        if !self.withheld.is_empty() {
            entries.push(Entry {
                name: WeekState::Withheld.label().to_owned(),
                colour: self.withheld_shade,
                swatch: Swatch::Shade,
            });
        }
        entries
    }

    /// One plot with its legend above it: `series` within the span, `lines` across it, the
    /// doses along the bottom and the withheld periods shaded.
    fn chart_ui(
        &self,
        ui: &mut Ui,
        name: &str,
        unit: &str,
        height: f32,
        series: Vec<Series>,
        lines: &[Threshold],
    ) {
        let mut series: Vec<Series> = series
            .into_iter()
            .map(|series| within(series, self.first_day))
            .collect();
        legend_ui(ui, &self.legend(&series, lines));

        let lines: Vec<HLine> = lines
            .iter()
            .map(|line| {
                HLine::new(line.name.as_str(), line.value)
                    .color(line.colour)
                    .style(line.style)
                    .width(1.5)
            })
            .collect();
        let items: Vec<(Line<'static>, Points<'static>)> =
            series.iter().map(line_and_markers).collect();
        let dose_marks = Points::new(self.doses.name.clone(), coordinates(&self.doses))
            .color(self.doses.colour)
            .shape(MarkerShape::Up)
            .filled(true)
            .radius(4.0);
        // Hovering reads the doses as it reads the results.
        series.push(self.doses.clone());
        let withheld = self.withheld.clone();
        let shade = self.withheld_shade;
        let (min, max) = self.x_range;
        let response = Plot::new(name.to_owned())
            .height(height)
            .allow_drag(false)
            .allow_zoom(false)
            .allow_scroll(false)
            .allow_boxed_zoom(false)
            .allow_double_click_reset(false)
            .default_x_bounds(min, max)
            .include_y(0.0)
            .grid_spacing(egui::Rangef::new(GRID_GAP, 300.0))
            .x_grid_spacer(|input| {
                date_marks(input.bounds, input.base_step_size / f64::from(GRID_GAP))
            })
            .custom_x_axes(vec![
                AxisHints::new_x()
                    .formatter(|mark, _| mark_label(mark))
                    .label_spacing(LABEL_GAP - 1.0..=LABEL_GAP),
            ])
            .y_axis_label(unit.to_owned())
            .label_formatter(move |hover| match hover {
                egui_plot::HoverPosition::NearDataPoint {
                    plot_name, index, ..
                } => hover_text(&series, plot_name, *index),
                egui_plot::HoverPosition::Elsewhere { .. } => None,
            })
            .show(ui, move |plot_ui| {
                for (from, until) in withheld {
                    // Unnamed: a name would be cut to "wit…" in a short period; the legend says it.
                    plot_ui.span(Span::new("", from..=until).fill(shade));
                }
                for line in lines {
                    plot_ui.hline(line);
                }
                plot_ui.points(dose_marks);
                for (line, points) in items {
                    plot_ui.line(line);
                    plot_ui.points(points);
                }
            });
        let label = format!("{name} trend ({unit})");
        response
            .response
            .widget_info(|| egui::WidgetInfo::labeled(Role::Image, true, &label));
    }
}

fn coordinates(series: &Series) -> PlotPoints<'static> {
    PlotPoints::new(
        series
            .points
            .iter()
            .map(|point| [x_of(point.date), point.y])
            .collect(),
    )
}

/// A series as a solid line with a marker at each result.
fn line_and_markers(series: &Series) -> (Line<'static>, Points<'static>) {
    (
        Line::new(series.name.clone(), coordinates(series))
            .color(series.colour)
            .width(2.0),
        Points::new(series.name.clone(), coordinates(series))
            .color(series.colour)
            .radius(3.0),
    )
}

/// The series' points from `first_day` on.
fn within(mut series: Series, first_day: NaiveDate) -> Series {
    series.points.retain(|point| point.date >= first_day);
    series
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().expect("a date")
    }

    #[test]
    fn hovering_a_result_shows_its_date_value_unit_and_x_uln() {
        let reading = Reading {
            date: day("2026-11-20"),
            value: 168.0,
            unit: LabUnit::UnitsPerLitre,
            x_uln: 4.2,
        };
        let series = [Series {
            name: "ALT".to_owned(),
            colour: Color32::BLACK,
            points: vec![ratio_point(&reading)],
        }];
        assert_eq!(
            hover_text(&series, "ALT", 0).as_deref(),
            Some("ALT\n2026-11-20\n168 U/L, 4.2×ULN")
        );
        assert_eq!(hover_text(&series, "ALT", 1), None);
        assert_eq!(hover_text(&series, "AST", 0), None);
    }

    #[test]
    fn the_span_keeps_the_newest_points_and_drops_the_older() {
        let point = |date: &str| Point {
            date: day(date),
            y: 1.0,
            detail: String::new(),
        };
        let series = Series {
            name: "ALT".to_owned(),
            colour: Color32::BLACK,
            points: vec![
                point("2021-01-05"),
                point("2025-12-01"),
                point("2026-11-20"),
            ],
        };
        let today = day("2026-11-24");
        let first_day = TimeSpan::OneYear.first_day(today, Some(day("2021-01-05")));
        let kept: Vec<NaiveDate> = within(series, first_day)
            .points
            .iter()
            .map(|point| point.date)
            .collect();
        assert_eq!(kept, [day("2025-12-01"), day("2026-11-20")]);
        let (min, max) = TimeSpan::OneYear.x_range(today, None);
        assert!((min..=max).contains(&x_of(day("2026-11-20"))));
    }
}
