//! Small input widgets the panels share: a choice that includes "unknown", and text fields that
//! commit on Enter or when focus leaves, each labelled for screen readers.

use chrono::NaiveDate;
use eframe::egui::{self, Ui};

/// A drop-down of `options`; `None` is offered as "unknown". Returns the new value when the
/// user picks a different one: `Some(None)` is a change to unknown.
#[allow(clippy::option_option)]
pub fn choice<T: PartialEq + Copy>(
    ui: &mut Ui,
    label: &str,
    current: Option<T>,
    options: &[(T, &str)],
) -> Option<Option<T>> {
    let text_of = |value: Option<T>| {
        value
            .and_then(|value| options.iter().find(|(option, _)| *option == value))
            .map_or("unknown", |(_, text)| *text)
    };
    let mut picked = current;
    combo(ui, label, text_of(current), |ui| {
        ui.selectable_value(&mut picked, None, "unknown");
        for (value, text) in options {
            ui.selectable_value(&mut picked, Some(*value), *text);
        }
    });
    (picked != current).then_some(picked)
}

/// A drop-down with its label before it, the label also naming it for screen readers.
pub fn combo(ui: &mut Ui, label: &str, selected: &str, options: impl FnOnce(&mut Ui)) {
    let label = ui.label(label);
    egui::ComboBox::from_id_salt(label.id)
        .selected_text(selected)
        .show_ui(ui, options)
        .response
        .labelled_by(label.id);
}

/// Yes / no / unknown.
#[allow(clippy::option_option)] // see `choice`
pub fn yes_no(ui: &mut Ui, label: &str, current: Option<bool>) -> Option<Option<bool>> {
    choice(ui, label, current, &[(true, "yes"), (false, "no")])
}

/// A text field bound to a value of the record: shows the value, and hands back the text on
/// every change, so what is typed is in the record at once (saved with Ctrl+S, guarded on
/// close) even while the field still has focus.
#[derive(Default)]
pub struct TextField {
    text: String,
    synced: String,
}

impl TextField {
    /// Shows the field; `Some(text)` when the user changed it. While the field has focus it
    /// keeps what is typed ("1." on the way to "1.5"); it shows the record's value otherwise.
    pub fn show(&mut self, ui: &mut Ui, label: &str, current: &str, width: f32) -> Option<String> {
        let label = ui.label(label);
        let id = label.id.with("field");
        let focused = ui.memory(|memory| memory.has_focus(id));
        if !focused && self.synced != current {
            current.clone_into(&mut self.synced);
            current.clone_into(&mut self.text);
        }
        let response = ui
            .add(
                egui::TextEdit::singleline(&mut self.text)
                    .id(id)
                    .desired_width(width),
            )
            .labelled_by(label.id);
        response.changed().then(|| self.text.clone())
    }
}

/// A plain input for a form: label and text.
pub fn input(ui: &mut Ui, label: &str, text: &mut String, width: f32) {
    let label = ui.label(label);
    ui.add(egui::TextEdit::singleline(text).desired_width(width))
        .labelled_by(label.id);
}

/// Parses an ISO date typed into a form; empty is `None`.
pub fn parse_date(text: &str, what: &str) -> Result<Option<NaiveDate>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse()
        .map(Some)
        .map_err(|_| format!("{what}: \"{text}\" is not a date (YYYY-MM-DD)"))
}

/// Parses a number typed into a form; empty is `None`. Accepts a decimal comma.
pub fn parse_number(text: &str, what: &str) -> Result<Option<f64>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|value| value.is_finite())
        .map(Some)
        .ok_or_else(|| format!("{what}: \"{text}\" is not a number"))
}

/// A form's error line, in the theme's error colour.
pub fn error_line(ui: &mut Ui, error: Option<&String>) {
    if let Some(error) = error {
        ui.colored_label(ui.visuals().error_fg_color, error);
    }
}
