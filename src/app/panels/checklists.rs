//! Checklists: administration for the next dose, storage with the syringe supply.

use eframe::egui::{self, RichText, Ui};

use crate::app::document::Document;
use crate::app::widgets::{error_line, input, parse_date, yes_no};
use crate::knowledge::{ChecklistItem, pack};
use crate::record::Syringe;

#[derive(Default)]
pub struct SupplyForm {
    id: String,
    out_since: String,
    error: Option<String>,
}

pub fn checklists_ui(ui: &mut Ui, document: &mut Document, form: &mut SupplyForm) {
    egui::ScrollArea::vertical().show(ui, |ui| {
        let next = document.assessment().next_dose.map_or_else(
            || "the next dose".to_owned(),
            |date| format!("the dose of {date}"),
        );
        ui.heading(format!("Administration checklist for {next}"));
        checklist(ui, &pack().administration_checklist);
        ui.add_space(8.0);
        ui.heading("Storage checklist");
        checklist(ui, &pack().storage_checklist);
        ui.add_space(8.0);
        supply_ui(ui, document, form);
    });
}

fn checklist(ui: &mut Ui, items: &[ChecklistItem]) {
    for item in items {
        ui.horizontal_wrapped(|ui| {
            ui.label("•");
            ui.label(&item.text);
            ui.label(RichText::new(format!("({})", item.source)).weak());
        });
    }
}

fn supply_ui(ui: &mut Ui, document: &mut Document, form: &mut SupplyForm) {
    ui.heading("Syringe supply");
    let today = document.today();
    let record = document.record().clone();
    egui::Grid::new("supply")
        .striped(true)
        .num_columns(5)
        .show(ui, |ui| {
            for (index, syringe) in record.supply.iter().enumerate() {
                ui.label(&syringe.id);
                // Short, so the row fits beside the findings at the smallest window.
                ui.label(match syringe.out_of_fridge_since {
                    Some(since) => {
                        format!(
                            "out of fridge {since} ({} days)",
                            (today - since).num_days()
                        )
                    }
                    None => "in the fridge".to_owned(),
                });
                ui.push_id(index, |ui| {
                    if let Some(value) = yes_no(ui, "Above 30 °C", syringe.above_30c) {
                        document.edit(|r| r.supply[index].above_30c = value);
                    }
                });
                match syringe.used {
                    Some(used) => {
                        ui.label(format!("used {used}"));
                    }
                    None => {
                        if ui.button("Mark used today").clicked() {
                            document.edit(|r| r.supply[index].used = Some(today));
                        }
                    }
                }
                if ui
                    .small_button("Delete")
                    .on_hover_text("Delete this syringe")
                    .clicked()
                {
                    document.edit(|r| {
                        r.supply.remove(index);
                    });
                }
                ui.end_row();
            }
        });
    ui.horizontal_wrapped(|ui| {
        input(ui, "Syringe (lot)", &mut form.id, 120.0);
        input(ui, "Out of the fridge since", &mut form.out_since, 90.0);
        if ui.button("Add syringe").clicked() {
            form.error = parse_date(&form.out_since, "Out of the fridge since")
                .and_then(|since| {
                    let syringe = Syringe {
                        id: form.id.trim().to_owned(),
                        out_of_fridge_since: since,
                        above_30c: Some(false),
                        used: None,
                    };
                    super::checked_edit(document, |record| record.supply.push(syringe))
                })
                .err();
            if form.error.is_none() {
                *form = SupplyForm::default();
            }
        }
    });
    error_line(ui, form.error.as_ref());
}
