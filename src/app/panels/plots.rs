//! Trend plots: ALT and AST as ×ULN with the 3× and 5× lines, total bilirubin ×ULN with the 2×
//! line, and a lipid in a chosen unit against its baseline; doses marked and withheld periods
//! shaded. The series are `trends`', shared with the printed charts.

use chrono::NaiveDate;
use eframe::egui::{self, Ui};
use egui_plot::{HLine, Legend, Line, Plot, PlotPoints, Points, Span};

use crate::app::document::Document;
use crate::app::style;
use crate::app::widgets::combo;
use crate::format;
use crate::knowledge::pack;
use crate::record::{LabTest, LabUnit};
use crate::rules::Facts;
use crate::trends::{LIPIDS, Point, baseline, ratio_series, value_series};

pub struct PlotChoice {
    lipid: LabTest,
    unit: LabUnit,
}

impl Default for PlotChoice {
    fn default() -> Self {
        PlotChoice {
            lipid: LabTest::LdlC,
            unit: LabUnit::MgPerDl,
        }
    }
}

/// Days since 1970-01-01: the x axis.
fn x_of(date: NaiveDate) -> f64 {
    #[allow(clippy::cast_precision_loss)] // days since 1970 fit an f64 exactly
    let days = (date - NaiveDate::default()).num_days() as f64;
    days
}

fn date_of(x: f64) -> String {
    #[allow(clippy::cast_possible_truncation)] // a plot coordinate, rounded to a day
    let days = x.round() as i64;
    crate::rules::calendar::add_days(NaiveDate::default(), days).to_string()
}

pub fn plots_ui(ui: &mut Ui, document: &Document, choice: &mut PlotChoice) {
    let facts = Facts::new(document.record(), document.today());
    let thresholds = &pack().thresholds;
    let height = ((ui.available_height() - 120.0) / 3.0).max(140.0);
    egui::ScrollArea::vertical()
        .id_salt("plots")
        .show(ui, |ui| {
            ui.label(egui::RichText::new("ALT and AST (×ULN)").strong());
            let series = |test| points(&ratio_series(&facts, test));
            plot(ui, document, "transaminases", height, "×ULN", |plot_ui| {
                plot_ui.hline(
                    HLine::new("3×ULN", thresholds.transaminase_repeat_x_uln.value)
                        .color(style::THRESHOLD_LINE),
                );
                plot_ui.hline(
                    HLine::new("5×ULN", thresholds.transaminase_withhold_x_uln.value)
                        .color(style::THRESHOLD_LINE),
                );
                plot_ui.line(
                    Line::new("ALT", PlotPoints::new(series(LabTest::Alt))).color(style::ALT_LINE),
                );
                plot_ui.line(
                    Line::new("AST", PlotPoints::new(series(LabTest::Ast))).color(style::AST_LINE),
                );
            });

            ui.label(egui::RichText::new("Total bilirubin (×ULN)").strong());
            plot(ui, document, "bilirubin", height, "×ULN", |plot_ui| {
                plot_ui.hline(
                    HLine::new("2×ULN", thresholds.bilirubin_discontinue_x_uln.value)
                        .color(style::THRESHOLD_LINE),
                );
                plot_ui.line(Line::new(
                    "total bilirubin",
                    PlotPoints::new(series(LabTest::Bilirubin)),
                ));
            });

            lipid_choice_ui(ui, choice);
            let lipid = points(&value_series(&facts, choice.lipid, choice.unit));
            let baseline = baseline(&facts, choice.lipid, choice.unit);
            if let (Some(baseline), Some(latest)) = (baseline, lipid.last()) {
                ui.label(format!(
                    "Baseline {} {unit}, latest {} {unit}: {:+.1}%",
                    format::number(baseline),
                    format::number(latest[1]),
                    (latest[1] - baseline) / baseline * 100.0,
                    unit = choice.unit.symbol()
                ));
            }
            let unit = choice.unit.symbol();
            plot(ui, document, "lipids", height, unit, |plot_ui| {
                if let Some(baseline) = baseline {
                    plot_ui.hline(HLine::new("baseline", baseline));
                }
                plot_ui.line(Line::new(choice.lipid.label(), PlotPoints::new(lipid)));
            });
        });
}

/// A series as plot points, dates on the x axis.
fn points(series: &[Point]) -> Vec<[f64; 2]> {
    series
        .iter()
        .map(|&(date, value)| [x_of(date), value])
        .collect()
}

fn lipid_choice_ui(ui: &mut Ui, choice: &mut PlotChoice) {
    ui.horizontal(|ui| {
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

/// A time plot with dates on the x axis, doses marked along the bottom and withheld periods
/// shaded; hovering shows the date and the value with its unit.
fn plot<'a>(
    ui: &mut Ui,
    document: &Document,
    id: &str,
    height: f32,
    unit: &'a str,
    contents: impl FnOnce(&mut egui_plot::PlotUi<'a>) + 'a,
) {
    let doses: Vec<[f64; 2]> = document
        .record()
        .doses
        .iter()
        .map(|dose| [x_of(dose.date), 0.0])
        .collect();
    let withheld: Vec<(f64, f64)> = document
        .assessment()
        .withheld
        .iter()
        .map(|period| {
            let until = period.until.unwrap_or_else(|| document.today());
            (x_of(period.from), x_of(until))
        })
        .collect();
    Plot::new(id.to_owned())
        .height(height)
        .legend(Legend::default())
        .allow_scroll(false)
        .x_axis_formatter(|mark, _| date_of(mark.value))
        .label_formatter(move |hover| match hover {
            egui_plot::HoverPosition::NearDataPoint {
                plot_name,
                position,
                ..
            } => Some(format!(
                "{plot_name}\n{}\n{} {unit}",
                date_of(position.x),
                format::number(position.y)
            )),
            egui_plot::HoverPosition::Elsewhere { .. } => None,
        })
        .show(ui, move |plot_ui| {
            for (from, until) in withheld {
                plot_ui.span(Span::new("withheld", from..=until).fill(style::WITHHELD_SHADE));
            }
            plot_ui.points(
                Points::new("doses", PlotPoints::new(doses))
                    .color(style::DOSE_MARK)
                    .radius(1.5),
            );
            contents(plot_ui);
        });
}
