//! Checklists: administration for the next dose, storage with the syringe supply.

use eframe::egui::{self, RichText, Ui};

use crate::app::document::Document;
use crate::app::widgets::{error_line, input, parse_date, yes_no};
use crate::knowledge::{ChecklistItem, pack};
use crate::record::{DoseChecklist, Syringe};

#[derive(Default)]
pub struct SupplyForm {
    id: String,
    out_since: String,
    /// Today's storage check, item by item (the file keeps no storage check).
    storage_checked: Vec<bool>,
    error: Option<String>,
}

/// `dose_checklist` is the Doses form's: ticked here or there, it is recorded with the dose.
pub fn checklists_ui(
    ui: &mut Ui,
    document: &mut Document,
    form: &mut SupplyForm,
    dose_checklist: &mut DoseChecklist,
) {
    egui::ScrollArea::vertical().show(ui, |ui| {
        let next = document.assessment().next_dose.map_or_else(
            || "the next dose".to_owned(),
            |date| format!("the dose of {date}"),
        );
        ui.heading(format!("Administration checklist for {next}"));
        ui.label("Ticked here or on the Doses tab; recorded with the dose.");
        super::doses::checklist_ui(ui, dose_checklist);
        ui.add_space(8.0);
        ui.heading("Storage checklist");
        ui.label("Today's check, for the nurse; the patient file does not keep it.");
        storage_checklist(ui, &pack().storage_checklist, &mut form.storage_checked);
        ui.add_space(8.0);
        supply_ui(ui, document, form);
    });
}

fn storage_checklist(ui: &mut Ui, items: &[ChecklistItem], checked: &mut Vec<bool>) {
    checked.resize(items.len(), false);
    for (item, ticked) in items.iter().zip(checked.iter_mut()) {
        ui.horizontal_wrapped(|ui| {
            ui.checkbox(ticked, item.text.as_str());
            ui.label(RichText::new(format!("({})", item.source)).weak());
        });
    }
}

fn supply_ui(ui: &mut Ui, document: &mut Document, form: &mut SupplyForm) {
    ui.heading("Syringe supply");
    let today = document.today();
    let record = document.record().clone();
    // The storage limit as the pack (and R-STO-2) has it.
    let above = format!(
        "Above {}",
        pack().thresholds.storage_max_temperature_c.text()
    );
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
                            crate::rules::calendar::days_between(since, today)
                        )
                    }
                    None => "in the fridge".to_owned(),
                });
                ui.push_id(index, |ui| {
                    if let Some(value) = yes_no(ui, &above, syringe.above_30c) {
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
                // A syringe out of the fridge too long, or too warm, is thrown away: it leaves
                // the supply (the change history keeps it).
                if ui
                    .small_button("Discarded")
                    .on_hover_text(format!("{}: discarded, remove from the supply", syringe.id))
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
