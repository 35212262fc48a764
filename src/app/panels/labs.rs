//! Labs: a form to add a result (checked as the file would check it), the results newest first,
//! and the trend plots beside them.

use eframe::egui::{self, Ui};

use crate::app::command::Command;
use crate::app::document::Document;
use crate::app::widgets::{combo, error_line, input, parse_date, parse_number};
use crate::format;
use crate::record::{Lab, LabTest};

pub struct LabForm {
    date: String,
    test: LabTest,
    value: String,
    unit_index: usize,
    uln: String,
    error: Option<String>,
    pub plots: super::plots::PlotChoice,
}

impl LabForm {
    pub fn new(today: chrono::NaiveDate) -> Self {
        LabForm {
            date: today.to_string(),
            test: LabTest::Alt,
            value: String::new(),
            unit_index: 0,
            uln: default_uln_text(LabTest::Alt),
            error: None,
            plots: super::plots::PlotChoice::default(),
        }
    }
}

/// Below this width (points) the plots go under the table rather than beside it.
const SIDE_BY_SIDE_WIDTH: f32 = 820.0;

/// Plots are never shorter than this (points), however small the window or large the zoom.
const MIN_PLOT_HEIGHT: f32 = 180.0;

/// The Labs tab; the import command when the user asks to import results from a CSV file.
pub fn labs_ui(ui: &mut Ui, document: &mut Document, form: &mut LabForm) -> Option<Command> {
    let mut command = None;
    if ui.available_width() < SIDE_BY_SIDE_WIDTH {
        // Narrow: one column that scrolls, the table kept short so the plots follow it.
        egui::ScrollArea::vertical()
            .id_salt("labs column")
            .show(ui, |ui| {
                command = results_ui(ui, document, form, Some(150.0));
                ui.separator();
                super::plots::plots_ui(ui, document, &mut form.plots, MIN_PLOT_HEIGHT);
            });
    } else {
        egui::Panel::left("lab results")
            .resizable(true)
            .default_size(470.0)
            .size_range(320.0..=ui.available_width() * 0.6)
            .show(ui, |ui| {
                command = results_ui(ui, document, form, None);
            });
        egui::CentralPanel::default_margins().show(ui, |ui| {
            let height = ((ui.available_height() - 260.0) / 3.0).max(MIN_PLOT_HEIGHT);
            egui::ScrollArea::vertical()
                .id_salt("plots")
                .show(ui, |ui| {
                    super::plots::plots_ui(ui, document, &mut form.plots, height);
                });
        });
    }
    command
}

/// The form, the import button and the table (at most `table_height` high); the import
/// command when the user asked for it.
fn results_ui(
    ui: &mut Ui,
    document: &mut Document,
    form: &mut LabForm,
    table_height: Option<f32>,
) -> Option<Command> {
    add_result_ui(ui, document, form);
    let import = ui
        .button("Import lab results (CSV)…")
        .on_hover_text("Preview each row before anything is added")
        .clicked();
    ui.separator();
    table_ui(ui, document, table_height);
    import.then_some(Command::ImportLabs)
}

fn add_result_ui(ui: &mut Ui, document: &mut Document, form: &mut LabForm) {
    ui.heading("Add a result");
    ui.horizontal_wrapped(|ui| {
        input(ui, "Date", &mut form.date, 90.0);
        let before = form.test;
        combo(ui, "Test", form.test.label(), |ui| {
            for test in LabTest::ALL {
                ui.selectable_value(&mut form.test, test, test.label());
            }
        });
        if form.test != before {
            form.unit_index = 0;
            form.uln = default_uln_text(form.test);
        }
        input(ui, "Value", &mut form.value, 60.0);
        let units = form.test.accepted_units();
        form.unit_index = form.unit_index.min(units.len() - 1);
        combo(ui, "Unit", unit_text(units[form.unit_index]), |ui| {
            for (index, unit) in units.iter().enumerate() {
                ui.selectable_value(&mut form.unit_index, index, unit_text(*unit));
            }
        });
        if form.test.has_uln() {
            input(ui, "ULN", &mut form.uln, 50.0);
        }
        if ui.button("Add result").clicked() {
            form.error = add_result(document, form).err();
            if form.error.is_none() {
                form.value.clear();
            }
        }
    });
    error_line(ui, form.error.as_ref());
}

fn add_result(document: &mut Document, form: &LabForm) -> Result<(), String> {
    let date = parse_date(&form.date, "Date")?.ok_or("Date: enter the date of the result")?;
    let value = parse_number(&form.value, "Value")?.ok_or("Value: enter the result")?;
    let uln = if form.test.has_uln() {
        parse_number(&form.uln, "ULN")?
    } else {
        None
    };
    let lab = Lab {
        date,
        test: form.test,
        value,
        unit: form.test.accepted_units()[form.unit_index],
        uln,
        source: None,
    };
    super::checked_edit(document, |record| record.labs.push(lab))
}

/// The knowledge pack's default ULN for the test in the unit the form starts with (the first).
fn default_uln_text(test: LabTest) -> String {
    test.accepted_units()
        .first()
        .and_then(|&unit| test.default_uln(unit))
        .map(format::number)
        .unwrap_or_default()
}

fn unit_text(unit: crate::record::LabUnit) -> &'static str {
    match unit.symbol() {
        "" => "(ratio)",
        symbol => symbol,
    }
}

/// The results, newest first; only the visible rows are laid out.
fn table_ui(ui: &mut Ui, document: &mut Document, height: Option<f32>) {
    let record = document.record();
    let mut order: Vec<usize> = (0..record.labs.len()).collect();
    order.sort_by_key(|&index| std::cmp::Reverse(record.labs[index].date));
    let mut delete = None;
    ui.heading(format!("Results ({})", order.len()));
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    // Both ways: zoomed in at the smallest window the table is wider than its column, and
    // scrolls sideways rather than cutting off its Delete buttons.
    egui::ScrollArea::both()
        .id_salt("lab table")
        .max_height(height.unwrap_or(f32::INFINITY))
        .show_rows(ui, row_height, order.len(), |ui, rows| {
            egui::Grid::new("labs")
                .striped(true)
                .num_columns(6)
                .show(ui, |ui| {
                    for &index in &order[rows] {
                        let lab = &record.labs[index];
                        ui.label(lab.date.to_string());
                        ui.label(lab.test.label());
                        ui.label(format!(
                            "{} {}",
                            format::number(lab.value),
                            lab.unit.symbol()
                        ));
                        // The ×ULN the rules read, the policy default (R-ULN-1) said as such.
                        let reading = crate::rules::reading(lab);
                        match lab.uln {
                            Some(uln) if lab.test.has_uln() => {
                                ui.label(format!("ULN {}", format::number(uln)));
                            }
                            _ if reading.default_uln => {
                                ui.label("default ULN");
                            }
                            _ => {
                                ui.label("");
                            }
                        }
                        ui.label(if reading.x_uln.is_finite() {
                            format!("{}×ULN", format::ratio(reading.x_uln))
                        } else {
                            String::new()
                        });
                        if ui
                            .small_button("Delete")
                            .on_hover_text("Delete this result")
                            .clicked()
                        {
                            delete = Some(index);
                        }
                        ui.end_row();
                    }
                });
        });
    if let Some(index) = delete {
        document.edit(|record| {
            record.labs.remove(index);
        });
    }
}
