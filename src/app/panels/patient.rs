//! Patient & conditions: identity, reproduction, diagnosis, the conditions of the eligibility
//! rules, alcohol, REMS certification and the dosing weekday. "unknown" is always a choice.
//!
//! Laid out as a four-column grid: label, value, label, value.

use eframe::egui::{self, Ui};

use crate::app::document::Document;
use crate::app::widgets::{TextField, choice, error_line, parse_date, parse_number, yes_no};
use crate::format;
use crate::record::{ChildPugh, Diagnosis, DoseWeekday, Record, RenalImpairment, Sex};

#[derive(Default)]
pub struct PatientForm {
    name: TextField,
    id: TextField,
    birth_date: TextField,
    alcohol: TextField,
    error: Option<String>,
}

pub fn patient_ui(ui: &mut Ui, document: &mut Document, form: &mut PatientForm) {
    egui::ScrollArea::vertical().show(ui, |ui| {
        ui.heading("Patient");
        grid(ui, "patient", |ui| identity_ui(ui, document, form));
        error_line(ui, form.error.as_ref());
        ui.add_space(8.0);
        ui.heading("Diagnosis and conditions");
        grid(ui, "conditions", |ui| conditions_ui(ui, document));
        ui.add_space(8.0);
        ui.heading("Therapy and REMS");
        grid(ui, "therapy", |ui| therapy_ui(ui, document, form));
    });
}

fn grid(ui: &mut Ui, id: &str, contents: impl FnOnce(&mut Ui)) {
    egui::Grid::new(id)
        .num_columns(4)
        .spacing([16.0, 6.0])
        .show(ui, contents);
}

fn identity_ui(ui: &mut Ui, document: &mut Document, form: &mut PatientForm) {
    let patient = document.record().patient.clone();
    let name = patient.name.as_deref().unwrap_or("");
    if let Some(text) = form.name.show(ui, "Name", name, 220.0) {
        let name = Some(text.trim().to_owned()).filter(|name| !name.is_empty());
        commit(document, form, "name", |r| r.patient.name = name);
    }
    if let Some(text) = form.id.show(ui, "Patient ID", &patient.id, 140.0) {
        let id = text.trim().to_owned();
        commit(document, form, "id", |r| r.patient.id = id);
    }
    ui.end_row();
    let birth = patient
        .birth_date
        .map(|d| d.to_string())
        .unwrap_or_default();
    if let Some(text) = form
        .birth_date
        .show(ui, "Birth date (YYYY-MM-DD)", &birth, 100.0)
    {
        match parse_date(&text, "Birth date") {
            Ok(date) => commit(document, form, "birth date", |r| {
                r.patient.birth_date = date;
            }),
            Err(error) => form.error = Some(error),
        }
    }
    let sexes = Sex::ALL.map(|value| (value, value.label()));
    if let Some(value) = choice(ui, "Sex", patient.sex, &sexes) {
        document.edit(|r| r.patient.sex = value);
    }
    ui.end_row();
    if let Some(value) = yes_no(ui, "Can become pregnant", patient.reproductive_potential) {
        document.edit(|r| r.patient.reproductive_potential = value);
    }
    if let Some(value) = yes_no(
        ui,
        "Effective contraception",
        patient.effective_contraception,
    ) {
        document.edit(|r| r.patient.effective_contraception = value);
    }
    ui.end_row();
    if let Some(value) = yes_no(ui, "Pregnant", patient.pregnant) {
        document.edit(|r| r.patient.pregnant = value);
    }
    ui.end_row();
}

/// The diagnosis and the conditions the eligibility rules read.
fn conditions_ui(ui: &mut Ui, document: &mut Document) {
    let record = document.record().clone();
    let conditions = &record.conditions;
    let diagnoses = Diagnosis::ALL.map(|value| (value, value.label()));
    if let Some(value) = choice(ui, "Diagnosis", record.diagnosis, &diagnoses) {
        document.edit(|r| r.diagnosis = value);
    }
    let classes = ChildPugh::ALL.map(|value| (value, value.label()));
    if let Some(value) = choice(ui, "Hepatic impairment", conditions.child_pugh, &classes) {
        document.edit(|r| r.conditions.child_pugh = value);
    }
    ui.end_row();
    if let Some(value) = yes_no(
        ui,
        "Hypersensitivity to mipomersen",
        conditions.hypersensitivity,
    ) {
        document.edit(|r| r.conditions.hypersensitivity = value);
    }
    if let Some(value) = yes_no(ui, "Active liver disease", conditions.active_liver_disease) {
        document.edit(|r| r.conditions.active_liver_disease = value);
    }
    ui.end_row();
    if let Some(value) = yes_no(
        ui,
        "Unexplained persistent ALT/AST rise",
        conditions.unexplained_transaminase_elevation,
    ) {
        document.edit(|r| r.conditions.unexplained_transaminase_elevation = value);
    }
    let grades = RenalImpairment::ALL.map(|value| (value, value.label()));
    if let Some(value) = choice(ui, "Renal impairment", conditions.renal_impairment, &grades) {
        document.edit(|r| r.conditions.renal_impairment = value);
    }
    ui.end_row();
    if let Some(value) = yes_no(ui, "Hemodialysis", conditions.hemodialysis) {
        document.edit(|r| r.conditions.hemodialysis = value);
    }
    if let Some(value) = yes_no(ui, "Significant proteinuria", conditions.proteinuria) {
        document.edit(|r| r.conditions.proteinuria = value);
    }
    ui.end_row();
    if let Some(value) = yes_no(ui, "On LDL apheresis", conditions.ldl_apheresis) {
        document.edit(|r| r.conditions.ldl_apheresis = value);
    }
    ui.end_row();
}

fn therapy_ui(ui: &mut Ui, document: &mut Document, form: &mut PatientForm) {
    let record = document.record().clone();
    if let Some(value) = yes_no(
        ui,
        "Prescriber REMS-certified",
        record.rems.prescriber_certified,
    ) {
        document.edit(|r| r.rems.prescriber_certified = value);
    }
    if let Some(value) = yes_no(
        ui,
        "Pharmacy REMS-certified",
        record.rems.pharmacy_certified,
    ) {
        document.edit(|r| r.rems.pharmacy_certified = value);
    }
    ui.end_row();
    let days = DoseWeekday::ALL.map(|value| (value, value.label()));
    if let Some(value) = choice(ui, "Dosing day", record.therapy.dose_weekday, &days) {
        document.edit(|r| r.therapy.dose_weekday = value);
    }
    let alcohol = record
        .alcohol_drinks_per_day
        .map(format::number)
        .unwrap_or_default();
    if let Some(text) = form
        .alcohol
        .show(ui, "Alcohol (drinks/day)", &alcohol, 60.0)
    {
        match parse_number(&text, "Alcohol") {
            Ok(value) => commit(document, form, "alcohol", |r| {
                r.alcohol_drinks_per_day = value;
            }),
            Err(error) => form.error = Some(error),
        }
    }
    ui.end_row();
}

/// Applies what was typed into `field` if the record stays valid; otherwise shows why and keeps
/// the record (the field keeps the text, so nothing typed is lost from view).
fn commit(
    document: &mut Document,
    form: &mut PatientForm,
    field: &'static str,
    change: impl FnOnce(&mut Record),
) {
    form.error = super::checked_typing(document, field, change).err();
}
