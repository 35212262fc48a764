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
    /// The event or symptom being edited, as it was, and where it was in the record.
    editing_event: Option<(usize, Event)>,
    editing_symptom: Option<(usize, Symptom)>,
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
            editing_event: None,
            editing_symptom: None,
            error: None,
        }
    }
}

pub fn events_ui(ui: &mut Ui, document: &mut Document, form: &mut EventForm) {
    egui::ScrollArea::vertical().show(ui, |ui| {
        events_section(ui, document, form);
        ui.add_space(8.0);
        symptoms_section(ui, document, form);
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

/// The clinician's events, with the form that adds or edits one.
fn events_section(ui: &mut Ui, document: &mut Document, form: &mut EventForm) {
    ui.heading("Clinician events");
    ui.horizontal_wrapped(|ui| {
        input(ui, "Event date", &mut form.date, 90.0);
        let kinds = EventKind::ALL.map(|kind| (kind, kind.label()));
        if let Some(kind) = choice(ui, "Event", form.kind, &kinds) {
            form.kind = kind;
        }
        input(ui, "Event note", &mut form.note, 260.0);
        let add = if form.editing_event.is_some() {
            "Save event"
        } else {
            "Add event"
        };
        if ui.button(add).clicked() {
            form.error = add_event(document, form).err();
        }
        if form.editing_event.is_some() && ui.button("Cancel editing").clicked() {
            *form = EventForm::new(document.today());
        }
    });
    let events: Vec<(usize, String)> = document
        .record()
        .events
        .iter()
        .enumerate()
        .rev()
        .map(|(index, event)| {
            let note = event.note.as_deref().unwrap_or("");
            (
                index,
                format!("{}  {}  {note}", event.date, event.kind.label()),
            )
        })
        .collect();
    if let Some(row) = rows_ui(ui, "events", &events) {
        match row {
            Row::Edit(index) => {
                let event = &document.record().events[index];
                form.date = event.date.to_string();
                form.kind = Some(event.kind);
                form.note = event.note.clone().unwrap_or_default();
                form.editing_event = Some((index, event.clone()));
            }
            Row::Delete(index) => {
                document.edit(|record| {
                    record.events.remove(index);
                });
                form.editing_event = None;
            }
        }
    }
}

/// The symptoms, with the form that adds or edits one.
fn symptoms_section(ui: &mut Ui, document: &mut Document, form: &mut EventForm) {
    ui.heading("Symptoms");
    ui.horizontal_wrapped(|ui| {
        input(ui, "Symptom date", &mut form.symptom_date, 90.0);
        let kinds = SymptomKind::ALL.map(|kind| (kind, kind.label()));
        if let Some(kind) = choice(ui, "Symptom", form.symptom, &kinds) {
            form.symptom = kind;
        }
        input(ui, "Symptom note", &mut form.symptom_note, 260.0);
        let add = if form.editing_symptom.is_some() {
            "Save symptom"
        } else {
            "Add symptom"
        };
        if ui.button(add).clicked() {
            form.error = add_symptom(document, form).err();
        }
        if form.editing_symptom.is_some() && ui.button("Cancel editing").clicked() {
            *form = EventForm::new(document.today());
        }
    });
    let symptoms: Vec<(usize, String)> = document
        .record()
        .symptoms
        .iter()
        .enumerate()
        .rev()
        .map(|(index, symptom)| {
            let note = symptom.note.as_deref().unwrap_or("");
            (
                index,
                format!("{}  {}  {note}", symptom.date, symptom.kind.label()),
            )
        })
        .collect();
    if let Some(row) = rows_ui(ui, "symptoms", &symptoms) {
        match row {
            Row::Edit(index) => {
                let symptom = &document.record().symptoms[index];
                form.symptom_date = symptom.date.to_string();
                form.symptom = Some(symptom.kind);
                form.symptom_note = symptom.note.clone().unwrap_or_default();
                form.editing_symptom = Some((index, symptom.clone()));
            }
            Row::Delete(index) => {
                document.edit(|record| {
                    record.symptoms.remove(index);
                });
                form.editing_symptom = None;
            }
        }
    }
}

/// What the user asked of a row.
enum Row {
    Edit(usize),
    Delete(usize),
}

/// Rows of (index in the record, text), each with Edit and Delete.
fn rows_ui(ui: &mut Ui, id: &str, rows: &[(usize, String)]) -> Option<Row> {
    let mut asked = None;
    egui::Grid::new(id)
        .striped(true)
        .num_columns(3)
        .show(ui, |ui| {
            for (index, text) in rows {
                ui.label(text);
                if ui
                    .small_button("Edit")
                    .on_hover_text(format!("Edit {text}"))
                    .clicked()
                {
                    asked = Some(Row::Edit(*index));
                }
                if ui
                    .small_button("Delete")
                    .on_hover_text(format!("Delete {text}"))
                    .clicked()
                {
                    asked = Some(Row::Delete(*index));
                }
                ui.end_row();
            }
        });
    asked
}

fn add_event(document: &mut Document, form: &mut EventForm) -> Result<(), String> {
    let event = Event {
        date: parse_date(&form.date, "Event date")?.ok_or("Event date: enter the date")?,
        kind: form.kind.ok_or_else(|| {
            let kinds = EventKind::ALL.map(|kind| kind.label().to_owned());
            format!("Event: choose {}", crate::format::list_or(&kinds))
        })?,
        note: Some(form.note.trim().to_owned()).filter(|note| !note.is_empty()),
    };
    let at = match &form.editing_event {
        Some((index, was)) => Some(
            super::still_at(&document.record().events, *index, was).ok_or(
                "The event being edited is no longer in the record (undone?): add it again",
            )?,
        ),
        None => None,
    };
    super::checked_edit(document, |record| match at {
        Some(index) => record.events[index] = event,
        None => record.events.push(event),
    })?;
    form.editing_event = None;
    Ok(())
}

fn add_symptom(document: &mut Document, form: &mut EventForm) -> Result<(), String> {
    let symptom = Symptom {
        date: parse_date(&form.symptom_date, "Symptom date")?
            .ok_or("Symptom date: enter the date")?,
        kind: form.symptom.ok_or("Symptom: choose one")?,
        note: Some(form.symptom_note.trim().to_owned()).filter(|note| !note.is_empty()),
    };
    let at = match &form.editing_symptom {
        Some((index, was)) => Some(
            super::still_at(&document.record().symptoms, *index, was).ok_or(
                "The symptom being edited is no longer in the record (undone?): add it again",
            )?,
        ),
        None => None,
    };
    super::checked_edit(document, |record| match at {
        Some(index) => record.symptoms[index] = symptom,
        None => record.symptoms.push(symptom),
    })?;
    form.editing_symptom = None;
    Ok(())
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
