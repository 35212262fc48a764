//! Events & notes: the clinician's withheld / resumed / discontinued events, symptoms, and free
//! notes.

use eframe::egui::{self, Ui};

use crate::app::document::Document;
use crate::app::widgets::{choice, error_line, input, parse_date};
use crate::record::{Event, EventKind, Symptom, SymptomKind};

pub struct EventForm {
    date: String,
    kind: Option<EventKind>,
    note: String,
    symptom_date: String,
    symptom: Option<SymptomKind>,
    symptom_note: String,
    notes: String,
    notes_synced: Option<String>,
    error: Option<String>,
}

impl EventForm {
    pub fn new(today: chrono::NaiveDate) -> Self {
        EventForm {
            date: today.to_string(),
            kind: None,
            note: String::new(),
            symptom_date: today.to_string(),
            symptom: None,
            symptom_note: String::new(),
            notes: String::new(),
            notes_synced: None,
            error: None,
        }
    }
}

const SYMPTOMS: [(SymptomKind, &str); 14] = [
    (SymptomKind::Nausea, "nausea"),
    (SymptomKind::Vomiting, "vomiting"),
    (SymptomKind::AbdominalPain, "abdominal pain"),
    (SymptomKind::Fever, "fever"),
    (SymptomKind::Jaundice, "jaundice"),
    (SymptomKind::Lethargy, "lethargy"),
    (SymptomKind::FluLike, "flu-like symptoms"),
    (SymptomKind::DarkUrine, "dark urine"),
    (SymptomKind::LightStools, "light-coloured stools"),
    (
        SymptomKind::InjectionSiteReaction,
        "injection-site reaction",
    ),
    (SymptomKind::Angioedema, "angioedema"),
    (SymptomKind::Urticaria, "urticaria"),
    (SymptomKind::Rash, "rash"),
    (SymptomKind::Other, "other"),
];

pub fn events_ui(ui: &mut Ui, document: &mut Document, form: &mut EventForm) {
    egui::ScrollArea::vertical().show(ui, |ui| {
        ui.heading("Clinician events");
        ui.horizontal_wrapped(|ui| {
            input(ui, "Event date", &mut form.date, 90.0);
            let kinds = [
                (EventKind::Withheld, "withheld"),
                (EventKind::Resumed, "resumed"),
                (EventKind::Discontinued, "discontinued"),
            ];
            if let Some(kind) = choice(ui, "Event", form.kind, &kinds) {
                form.kind = kind;
            }
            input(ui, "Event note", &mut form.note, 260.0);
            if ui.button("Add event").clicked() {
                form.error = add_event(document, form).err();
            }
        });
        for event in document.record().events.iter().rev() {
            let kind = match event.kind {
                EventKind::Withheld => "withheld",
                EventKind::Resumed => "resumed",
                EventKind::Discontinued => "discontinued",
            };
            let note = event.note.as_deref().unwrap_or("");
            ui.label(format!("{}  {kind}  {note}", event.date));
        }

        ui.add_space(8.0);
        ui.heading("Symptoms");
        ui.horizontal_wrapped(|ui| {
            input(ui, "Symptom date", &mut form.symptom_date, 90.0);
            if let Some(kind) = choice(ui, "Symptom", form.symptom, &SYMPTOMS) {
                form.symptom = kind;
            }
            input(ui, "Symptom note", &mut form.symptom_note, 260.0);
            if ui.button("Add symptom").clicked() {
                form.error = add_symptom(document, form).err();
            }
        });
        for symptom in document.record().symptoms.iter().rev() {
            ui.label(format!(
                "{}  {}  {}",
                symptom.date,
                symptom.kind.label(),
                symptom.note.as_deref().unwrap_or("")
            ));
        }
        error_line(ui, form.error.as_ref());

        ui.add_space(8.0);
        ui.heading("Notes");
        notes_ui(ui, document, form);

        ui.add_space(8.0);
        ui.heading("Change history");
        if document.record().audit.is_empty() {
            ui.label("Not saved yet.");
        }
        for entry in document.record().audit.iter().rev() {
            ui.label(format!(
                "{}  {}  {}",
                entry.at.format("%Y-%m-%d %H:%M"),
                entry.user,
                entry.summary
            ));
        }
    });
}

fn add_event(document: &mut Document, form: &EventForm) -> Result<(), String> {
    let event = Event {
        date: parse_date(&form.date, "Event date")?.ok_or("Event date: enter the date")?,
        kind: form
            .kind
            .ok_or("Event: choose withheld, resumed or discontinued")?,
        note: Some(form.note.trim().to_owned()).filter(|note| !note.is_empty()),
    };
    super::checked_edit(document, |record| record.events.push(event))
}

fn add_symptom(document: &mut Document, form: &EventForm) -> Result<(), String> {
    let symptom = Symptom {
        date: parse_date(&form.symptom_date, "Symptom date")?
            .ok_or("Symptom date: enter the date")?,
        kind: form.symptom.ok_or("Symptom: choose one")?,
        note: Some(form.symptom_note.trim().to_owned()).filter(|note| !note.is_empty()),
    };
    super::checked_edit(document, |record| record.symptoms.push(symptom))
}

/// The free notes, in the record as they are typed (one undo step while typing).
fn notes_ui(ui: &mut Ui, document: &mut Document, form: &mut EventForm) {
    let current = document.record().notes.clone().unwrap_or_default();
    let id = ui.make_persistent_id("notes");
    let focused = ui.memory(|memory| memory.has_focus(id));
    if !focused && form.notes_synced.as_ref() != Some(&current) {
        form.notes.clone_from(&current);
        form.notes_synced = Some(current);
    }
    let response = ui.add(
        egui::TextEdit::multiline(&mut form.notes)
            .id(id)
            .desired_rows(6)
            .desired_width(f32::INFINITY)
            .hint_text("Notes"),
    );
    if response.changed() {
        let notes = Some(form.notes.clone()).filter(|notes| !notes.is_empty());
        document.type_into("notes", |record| record.notes = notes);
    }
}
