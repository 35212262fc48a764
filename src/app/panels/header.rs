//! The status header, always visible: who, the status badge and its reason, the next dose, what
//! is due, and the boxed warning.

use eframe::egui::{self, RichText, Ui};

use crate::app::document::Document;
use crate::app::style;
use crate::knowledge::pack;
use crate::rules::calendar::age_years;

pub fn header_ui(ui: &mut Ui, document: &Document) {
    let record = document.record();
    let assessment = document.assessment();
    ui.horizontal_wrapped(|ui| {
        if document.is_demo() {
            badge(ui, "DEMO", style::colour(crate::palette::DEMO_FILL));
        }
        let name = record
            .patient
            .name
            .as_deref()
            .unwrap_or("(name not recorded)");
        ui.heading(name);
        ui.label(format!("ID {}", record.patient.id));
        let age = record
            .patient
            .birth_date
            .and_then(|birth| age_years(birth, document.today()))
            .map_or_else(|| "age unknown".to_owned(), |age| format!("{age} years"));
        ui.label(age);
        ui.separator();
        badge(
            ui,
            assessment.status.label(),
            style::status_colour(assessment.status),
        );
        ui.label(&assessment.reason);
    });

    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new("Next dose:").strong());
        ui.label(assessment.next_dose_text());
        ui.separator();
        ui.label(RichText::new("Due:").strong());
        if assessment.due.is_empty() {
            ui.label("nothing");
        }
        for due in &assessment.due {
            let text = format!("{} {}", due.item.label(), due.due);
            if let Some(days) = due.days_overdue(document.today()) {
                let late = crate::format::count(usize::try_from(days).unwrap_or(0), "day", "days");
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    format!("{text} (overdue by {late})"),
                )
            } else {
                ui.label(text)
            }
            .on_hover_text(format!("{} — {}", due.item.description(), due.item.rule()));
        }
    });

    // At body size: the label says what the warning is, its text is read like any other.
    let warning = &pack().boxed_warning;
    let red = style::colour(style::inks(ui.visuals()).boxed_warning);
    egui::Frame::new()
        .stroke(egui::Stroke::new(1.5, red))
        .inner_margin(egui::Margin::symmetric(8, 4))
        .show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.label(
                    RichText::new(crate::knowledge::BOXED_WARNING)
                        .strong()
                        .color(red),
                );
                ui.label(&warning.text);
            });
        });
}

/// White text on a coloured, rounded background.
pub fn badge(ui: &mut Ui, text: &str, colour: egui::Color32) {
    egui::Frame::new()
        .fill(colour)
        .corner_radius(4.0)
        .inner_margin(egui::Margin::symmetric(8, 2))
        .show(ui, |ui| {
            ui.label(RichText::new(text).strong().color(style::ON_BADGE));
        });
}
