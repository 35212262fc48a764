//! Medications: add, stop or delete, each with its interaction warning from the knowledge pack
//! (the same matcher the rules use).

use std::fmt::Write as _;

use eframe::egui::{self, RichText, Ui};

use crate::app::document::Document;
use crate::app::style;
use crate::app::widgets::{error_line, input, parse_date, parse_number};
use crate::format;
use crate::knowledge::pack;
use crate::record::Medication;
use crate::rules::interaction_matches;

#[derive(Default)]
pub struct MedicationForm {
    name: String,
    start: String,
    /// The start date is not known, said explicitly (an empty Start is not taken as unknown).
    start_unknown: bool,
    stop: String,
    daily_dose_mg: String,
    days_per_week: String,
    error: Option<String>,
}

pub fn medications_ui(ui: &mut Ui, document: &mut Document, form: &mut MedicationForm) {
    ui.heading("Add a medication");
    ui.horizontal_wrapped(|ui| {
        input(ui, "Name", &mut form.name, 200.0);
        input(ui, "Start", &mut form.start, 90.0);
        ui.checkbox(&mut form.start_unknown, "start date unknown");
        input(ui, "Stop", &mut form.stop, 90.0);
        input(ui, "mg/day", &mut form.daily_dose_mg, 60.0);
        input(ui, "Days/week", &mut form.days_per_week, 30.0);
        if ui.button("Add medication").clicked() {
            form.error = add(document, form).err();
            if form.error.is_none() {
                *form = MedicationForm::default();
            }
        }
    });
    error_line(ui, form.error.as_ref());
    ui.separator();

    let today = document.today();
    let record = document.record().clone();
    let mut delete = None;
    egui::ScrollArea::vertical().show(ui, |ui| {
        for (index, medication) in record.medications.iter().enumerate() {
            let active = medication.active_on(today);
            ui.horizontal(|ui| {
                let name = RichText::new(&medication.name).strong();
                ui.label(if active { name } else { name.weak() });
                ui.label(describe(medication));
                if ui
                    .small_button("Delete")
                    .on_hover_text("Delete this medication")
                    .clicked()
                {
                    delete = Some(index);
                }
            });
            for found in interaction_matches(&medication.name) {
                let drug = found.interaction;
                let severity = pack().rule(drug.rule).severity;
                let when = if active { "" } else { " (not active today)" };
                ui.colored_label(
                    style::severity_colour(ui.visuals(), severity),
                    format!("    {} {}: {}{when}", drug.rule, drug.management, drug.text),
                );
            }
            ui.separator();
        }
    });
    if let Some(index) = delete {
        document.edit(|record| {
            record.medications.remove(index);
        });
    }
}

/// "2019-05-01 – ongoing, 80 mg/day, 7 days/week".
fn describe(medication: &Medication) -> String {
    let mut text = format!(
        "{} – {}",
        medication
            .start
            .map_or_else(|| "?".to_owned(), |d| d.to_string()),
        medication
            .stop
            .map_or_else(|| "ongoing".to_owned(), |d| d.to_string())
    );
    if let Some(mg) = medication.daily_dose_mg {
        let _ = write!(text, ", {} mg/day", format::number(mg));
    }
    if let Some(days) = medication.days_per_week {
        let _ = write!(text, ", {days} days/week");
    }
    text
}

fn add(document: &mut Document, form: &MedicationForm) -> Result<(), String> {
    let days_per_week = match form.days_per_week.trim() {
        "" => None,
        text => Some(
            text.parse::<u8>()
                .map_err(|_| format!("Days/week: \"{text}\" is not a whole number"))?,
        ),
    };
    let start = match (parse_date(&form.start, "Start")?, form.start_unknown) {
        (Some(_), true) => {
            return Err(
                "Start: a date is entered and \"start date unknown\" is ticked; keep one"
                    .to_owned(),
            );
        }
        (None, false) => {
            return Err(
                "Start: enter the date it was started, or tick \"start date unknown\" (it then counts as taken today)"
                    .to_owned(),
            );
        }
        (start, _) => start,
    };
    let medication = Medication {
        name: form.name.trim().to_owned(),
        start,
        stop: parse_date(&form.stop, "Stop")?,
        daily_dose_mg: parse_number(&form.daily_dose_mg, "mg/day")?,
        days_per_week,
    };
    super::checked_edit(document, |record| record.medications.push(medication))
}
