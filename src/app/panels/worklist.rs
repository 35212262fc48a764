//! The clinic worklist: every patient file of a folder, most urgent first, filterable; a
//! click opens the patient. Files that failed to load are listed with their error.

use std::path::PathBuf;

use eframe::egui::{self, RichText, Ui};

use crate::app::widgets::input;
use crate::app::{Command, style};
use crate::worklist::{Entry, Outcome};

pub struct WorklistView {
    pub folder: PathBuf,
    pub entries: Vec<Entry>,
    filter: String,
}

impl WorklistView {
    pub fn new(folder: PathBuf, entries: Vec<Entry>) -> Self {
        WorklistView {
            folder,
            entries,
            filter: String::new(),
        }
    }
}

/// Shows the worklist; the command to open the patient the user chose.
pub fn worklist_ui(ui: &mut Ui, view: &mut WorklistView) -> Option<Command> {
    ui.horizontal(|ui| {
        ui.heading(format!("Clinic folder {}", view.folder.display()));
        ui.label(format!("({} files)", view.entries.len()));
    });
    ui.horizontal(|ui| input(ui, "Filter", &mut view.filter, 240.0));
    let filter = view.filter.to_lowercase();
    let shown: Vec<&Entry> = view
        .entries
        .iter()
        .filter(|entry| filter.is_empty() || text_of(entry).to_lowercase().contains(&filter))
        .collect();
    let mut chosen = None;
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 10.0;
    egui::ScrollArea::vertical().show_rows(ui, row_height, shown.len(), |ui, rows| {
        egui::Grid::new("worklist")
            .striped(true)
            .num_columns(8)
            .show(ui, |ui| {
                for entry in &shown[rows] {
                    let name = entry.file.file_name().unwrap_or_default().to_string_lossy();
                    if ui.button(format!("Open {name}")).clicked() {
                        chosen = Some(Command::OpenPatient(entry.file.clone()));
                    }
                    match &entry.outcome {
                        Outcome::Unreadable { error } => {
                            super::header::badge(
                                ui,
                                crate::worklist::UNREADABLE,
                                style::colour(crate::palette::UNREADABLE_FILL),
                            );
                            // The file is on the button; the reason, clipped, keeps the columns narrow.
                            let reason = error.reason();
                            let short: String = reason.chars().take(48).collect();
                            let short = if short.len() < reason.len() {
                                format!("{short}…")
                            } else {
                                short
                            };
                            ui.label(RichText::new(short).color(ui.visuals().error_fg_color))
                                .on_hover_text(error.to_string());
                        }
                        Outcome::Patient(patient) => {
                            super::header::badge(
                                ui,
                                patient.status.label(),
                                style::status_colour(patient.status),
                            );
                            ui.label(format!(
                                "{}  ({})",
                                patient.name.as_deref().unwrap_or("(no name)"),
                                patient.id
                            ));
                            match &patient.most_severe {
                                Some(finding) => ui.colored_label(
                                    style::severity_colour(ui.visuals(), finding.severity),
                                    format!("{} {}", finding.rule, finding.title),
                                ),
                                None => ui.label("no findings"),
                            };
                            match patient.overdue_since {
                                Some(since) => {
                                    let items: Vec<String> = patient
                                        .overdue
                                        .iter()
                                        .map(|item| item.label().to_owned())
                                        .collect();
                                    ui.colored_label(
                                        ui.visuals().error_fg_color,
                                        format!(
                                            "overdue since {since}: {}",
                                            crate::format::list(&items)
                                        ),
                                    )
                                }
                                None => ui.label("nothing overdue"),
                            };
                            ui.label(
                                patient
                                    .next_dose
                                    .map_or_else(String::new, |d| format!("dose {d}")),
                            );
                            ui.label(
                                patient
                                    .next_lab
                                    .map_or_else(String::new, |d| format!("liver panel {d}")),
                            );
                        }
                    }
                    ui.end_row();
                }
            });
    });
    chosen
}

/// What the filter searches: name, ID, status, finding, file.
fn text_of(entry: &Entry) -> String {
    let file = entry.file.display().to_string();
    match &entry.outcome {
        Outcome::Unreadable { error } => format!("{file} unreadable {error}"),
        Outcome::Patient(patient) => format!(
            "{file} {} {} {} {}",
            patient.name.as_deref().unwrap_or(""),
            patient.id,
            patient.status.label(),
            patient
                .most_severe
                .as_ref()
                .map_or(String::new(), |f| format!("{} {}", f.rule, f.title))
        ),
    }
}
