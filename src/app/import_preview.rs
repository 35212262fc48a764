//! The import preview: every row of a lab CSV or entry of a FHIR Bundle with its fate and
//! reason before anything is written, the choices the file cannot make itself (the order of
//! day and month, the decimal separator, whose entries these are), and what accepting adds.

use eframe::egui::{self, RichText, Ui};

use super::widgets::combo;
use crate::interop::csv_labs::{self, CsvOptions};
use crate::interop::dates::DateOrder;
use crate::interop::fhir::{self, FhirError, FhirOptions};
use crate::interop::import::{Fate, Planned};
use crate::interop::values::Decimal;
use crate::record::Record;

/// What is being imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportKind {
    /// Lab results from a CSV into the open patient.
    Csv,
    /// This patient's results and doses from a FHIR Bundle into the open patient.
    Fhir,
    /// A new patient file from a FHIR Bundle.
    NewPatient,
}

/// The file as read with the choices made so far.
#[derive(Debug, Clone, PartialEq)]
pub enum Read {
    Lines {
        lines: Vec<Planned>,
        notes: Vec<String>,
        /// The new patient (for `NewPatient`).
        new: Option<Box<Record>>,
    },
    /// The file as a whole cannot be imported; with the references the user may name as this
    /// patient's, where that is what is missing.
    Failed {
        message: String,
        subjects: Vec<String>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct ImportDraft {
    pub kind: ImportKind,
    /// The file's name, for the heading.
    pub file: String,
    bytes: Vec<u8>,
    csv: CsvOptions,
    fhir: FhirOptions,
    pub read: Read,
}

impl ImportDraft {
    /// Reads `bytes` for `record` (the open patient), with the clinic's MRN system.
    pub fn new(
        kind: ImportKind,
        file: String,
        bytes: Vec<u8>,
        record: &Record,
        mrn_system: Option<String>,
    ) -> Self {
        let mut draft = ImportDraft {
            kind,
            file,
            bytes,
            csv: CsvOptions::default(),
            fhir: FhirOptions {
                mrn_system,
                subject: None,
            },
            read: Read::Failed {
                message: String::new(),
                subjects: Vec::new(),
            },
        };
        draft.reread(record);
        draft
    }

    /// Reads the file again with the choices made.
    fn reread(&mut self, record: &Record) {
        self.read = match self.kind {
            ImportKind::Csv => match csv_labs::read(&self.bytes, record, &self.csv) {
                Ok(import) => Read::Lines {
                    lines: import.lines,
                    notes: import.notes,
                    new: None,
                },
                Err(error) => failed(&error, Vec::new()),
            },
            ImportKind::Fhir | ImportKind::NewPatient => {
                let text = String::from_utf8_lossy(&self.bytes);
                match serde_json::from_str::<serde_json::Value>(text.trim_start_matches('\u{feff}'))
                {
                    Err(error) => failed(&format!("not JSON: {error}"), Vec::new()),
                    Ok(bundle) if self.kind == ImportKind::Fhir => {
                        match fhir::read(&bundle, record, &self.fhir) {
                            Ok(import) => Read::Lines {
                                lines: import.lines,
                                notes: import.notes,
                                new: None,
                            },
                            Err(error) => failed_fhir(&error),
                        }
                    }
                    Ok(bundle) => match fhir::new_patient(&bundle, &self.fhir) {
                        Ok((new, import)) => Read::Lines {
                            lines: import.lines,
                            notes: import.notes,
                            new: Some(Box::new(new)),
                        },
                        Err(error) => failed_fhir(&error),
                    },
                }
            }
        };
    }

    /// The lines to apply, once the file reads.
    pub fn lines(&self) -> Option<&[Planned]> {
        match &self.read {
            Read::Lines { lines, .. } => Some(lines),
            Read::Failed { .. } => None,
        }
    }

    /// Whether accepting would change anything.
    pub fn takes_anything(&self) -> bool {
        match &self.read {
            Read::Lines { new: Some(_), .. } => true,
            Read::Lines { lines, .. } => lines.iter().any(Planned::is_taken),
            Read::Failed { .. } => false,
        }
    }

    /// The preview: the heading, the choices, every line with its fate, and the notes.
    pub fn ui(&mut self, ui: &mut Ui, record: &Record) {
        let heading = match self.kind {
            ImportKind::Csv => format!("Lab results from {}", self.file),
            ImportKind::Fhir => format!("FHIR Bundle {}", self.file),
            ImportKind::NewPatient => format!("New patient from {}", self.file),
        };
        ui.heading(heading);
        if self.choices_ui(ui) {
            self.reread(record);
        }
        match &self.read {
            Read::Failed { message, .. } => {
                ui.colored_label(ui.visuals().error_fg_color, message);
            }
            Read::Lines { lines, notes, new } => {
                if let Some(new) = new {
                    ui.label(format!(
                        "Patient {} ({}), born {}",
                        new.patient.id,
                        new.patient.name.as_deref().unwrap_or("name not recorded"),
                        new.patient
                            .birth_date
                            .map_or_else(|| "on a date not recorded".to_owned(), |d| d.to_string())
                    ));
                }
                egui::ScrollArea::vertical()
                    .max_height(340.0)
                    .show(ui, |ui| {
                        for line in lines {
                            line_ui(ui, line);
                        }
                    });
                for note in notes {
                    ui.label(RichText::new(format!("Note: {note}")).italics());
                }
            }
        }
    }

    /// The choices the file could not make; true when one changed.
    fn choices_ui(&mut self, ui: &mut Ui) -> bool {
        let mut changed = false;
        match self.kind {
            ImportKind::Csv => {
                ui.horizontal_wrapped(|ui| {
                    let orders = [
                        (None, "as the file shows"),
                        (
                            Some(DateOrder::MonthFirst),
                            "month first (US: 11/02 is 2 November)",
                        ),
                        (
                            Some(DateOrder::DayFirst),
                            "day first (11/02 is 11 February)",
                        ),
                    ];
                    changed |= pick(ui, "Dates", &mut self.csv.date_order, &orders);
                    let decimals = [
                        (None, "as the file shows"),
                        (Some(Decimal::Point), Decimal::Point.label()),
                        (Some(Decimal::Comma), Decimal::Comma.label()),
                    ];
                    changed |= pick(ui, "Numbers", &mut self.csv.decimal, &decimals);
                });
            }
            ImportKind::Fhir | ImportKind::NewPatient => {
                if let Read::Failed { subjects, .. } = &self.read
                    && !subjects.is_empty()
                {
                    let subjects = subjects.clone();
                    ui.label(match self.kind {
                        ImportKind::NewPatient => "Create the patient file for:",
                        _ => "If you know these entries are this patient's, name their subject:",
                    });
                    ui.horizontal_wrapped(|ui| {
                        for subject in subjects {
                            if ui.button(&subject).clicked() {
                                self.fhir.subject = Some(subject);
                                changed = true;
                            }
                        }
                    });
                }
            }
        }
        changed
    }
}

/// A drop-down of choices; true when the user picked another.
fn pick<T: PartialEq + Copy>(
    ui: &mut Ui,
    label: &str,
    current: &mut T,
    choices: &[(T, &str)],
) -> bool {
    let before = *current;
    let text = choices
        .iter()
        .find(|(value, _)| value == current)
        .map_or("", |(_, text)| *text);
    combo(ui, label, text, |ui| {
        for (value, text) in choices {
            ui.selectable_value(current, *value, *text);
        }
    });
    *current != before
}

/// One line, coloured by its fate: taken plain, passed over weak, refused in the error colour.
fn line_ui(ui: &mut Ui, line: &Planned) {
    let text = line.describe();
    match line.fate {
        Fate::Refuse(_) => ui.colored_label(ui.visuals().error_fg_color, text),
        Fate::PassOver(_) | Fate::Already(_) => ui.weak(text),
        Fate::Take { .. } | Fate::Remove { .. } | Fate::Recorded(_) => ui.label(text),
    };
}

fn failed(error: &dyn std::fmt::Display, subjects: Vec<String>) -> Read {
    Read::Failed {
        message: error.to_string(),
        subjects,
    }
}

/// A Bundle that cannot be imported: where the user may name the subject, the references.
fn failed_fhir(error: &FhirError) -> Read {
    let subjects = match error {
        FhirError::NoPatient { references, .. } | FhirError::WhichPatient { references } => {
            references
                .iter()
                .filter(|reference| !reference.contains('<'))
                .cloned()
                .collect()
        }
        _ => Vec::new(),
    };
    failed(error, subjects)
}
