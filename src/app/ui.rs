//! What the app draws each frame: the menus, the status header, the findings, the tabs and the
//! panel of the chosen tab. Panels read the document and push [`Command`]s; nothing here
//! decides anything clinical.

use eframe::egui::{self, Ui};

use super::MonitorApp;
use super::command::Command;
use super::panels::{self, Tab};
use crate::report::Paper;

impl MonitorApp {
    /// The whole window but the dialogs.
    pub(super) fn main_ui(&mut self, ui: &mut Ui) {
        egui::Panel::top("menu").show(ui, |ui| self.menu_ui(ui));
        egui::Panel::top("header").show(ui, |ui| panels::header_ui(ui, &self.document));
        // Resizable from narrow to wide, never so wide that the tabs and plots have no room.
        let width = ui.available_width();
        egui::Panel::right("findings")
            .resizable(true)
            .default_size(340.0_f32.min(width * 0.34))
            .size_range(200.0..=(width * 0.45).max(200.0))
            .show(ui, |ui| {
                if let Some(command) = panels::findings_ui(ui, self.document.assessment()) {
                    self.commands.push(command);
                }
            });
        if let Some(notice) = &self.notice {
            egui::Panel::bottom("notice").show(ui, |ui| {
                ui.label(notice);
            });
        }
        egui::CentralPanel::default_margins().show(ui, |ui| self.central_ui(ui));
    }

    /// The tabs and the panel of the chosen one (or the clinic worklist).
    fn central_ui(&mut self, ui: &mut Ui) {
        ui.horizontal_wrapped(|ui| {
            if self.worklist.is_some() {
                ui.selectable_value(&mut self.showing_worklist, true, "Worklist");
                ui.separator();
            }
            for tab in Tab::ALL {
                if ui
                    .selectable_label(!self.showing_worklist && self.tab == tab, tab.label())
                    .clicked()
                {
                    self.tab = tab;
                    self.showing_worklist = false;
                }
            }
        });
        ui.separator();
        if self.showing_worklist
            && let Some(view) = &mut self.worklist
        {
            if let Some(command) = panels::worklist_ui(ui, view) {
                self.showing_worklist = false;
                self.commands.push(command);
            }
            return;
        }
        let document = &mut self.document;
        let forms = &mut self.forms;
        let command = match self.tab {
            Tab::Patient => {
                panels::patient_ui(ui, document, &mut forms.patient);
                None
            }
            Tab::Labs => panels::labs_ui(ui, document, &mut forms.lab),
            Tab::Doses => panels::doses_ui(ui, document, &mut forms.dose),
            Tab::Medications => {
                panels::medications_ui(ui, document, &mut forms.medication);
                None
            }
            Tab::Checklists => {
                panels::checklists_ui(ui, document, &mut forms.supply, forms.dose.checklist_mut());
                None
            }
            Tab::Events => {
                panels::events_ui(ui, document, &mut forms.event);
                None
            }
        };
        self.commands.extend(command);
    }

    fn menu_ui(&mut self, ui: &mut Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| self.file_menu_ui(ui));
            ui.menu_button("Edit", |ui| {
                let undo = self.document.undo_label();
                ui.add_enabled_ui(undo.is_some(), |ui| {
                    self.menu_item_saying(
                        ui,
                        Command::Undo,
                        undo.map(|what| format!("Undo: {what}")),
                    );
                });
                let redo = self.document.redo_label();
                ui.add_enabled_ui(redo.is_some(), |ui| {
                    self.menu_item_saying(
                        ui,
                        Command::Redo,
                        redo.map(|what| format!("Redo: {what}")),
                    );
                });
            });
            ui.menu_button("View", |ui| self.view_menu_ui(ui));
        });
    }

    fn file_menu_ui(&mut self, ui: &mut Ui) {
        for command in [
            Command::New,
            Command::NewFromFhir,
            Command::Open,
            Command::OpenClinicFolder,
        ] {
            self.menu_item(ui, command);
        }
        ui.menu_button("Open recent", |ui| {
            if self.prefs.recent_files.is_empty() {
                ui.label("No recent files");
            }
            for path in self.prefs.recent_files.clone() {
                self.menu_item(ui, Command::OpenRecent(path));
            }
            // A path can carry a patient's name: the list can be emptied (docs/where-patient-data-goes.md).
            if !self.prefs.recent_files.is_empty() {
                ui.separator();
                if ui.button("Clear the list").clicked() {
                    self.prefs.recent_files.clear();
                }
            }
        });
        ui.menu_button("Recent clinic folders", |ui| {
            if self.prefs.recent_folders.is_empty() {
                ui.label("No recent clinic folders");
            }
            for folder in self.prefs.recent_folders.clone() {
                self.menu_item(ui, Command::OpenRecentFolder(folder));
            }
            if !self.prefs.recent_folders.is_empty() {
                ui.separator();
                if ui.button("Clear the folder list").clicked() {
                    self.prefs.recent_folders.clear();
                }
            }
        });
        ui.separator();
        for command in [Command::Save, Command::SaveAs] {
            self.menu_item(ui, command);
        }
        ui.separator();
        for command in [
            Command::ImportLabs,
            Command::ImportFhir,
            Command::ExportFhir { transaction: false },
            Command::ExportFhir { transaction: true },
            Command::ExportCalendar,
        ] {
            self.menu_item(ui, command);
        }
        ui.separator();
        for command in [
            Command::PrintSummary,
            Command::ExportSummary,
            Command::ExportHandout,
        ] {
            self.menu_item(ui, command);
        }
        ui.separator();
        self.menu_item(ui, Command::ClinicSettings);
        ui.separator();
        self.menu_item(ui, Command::Quit);
    }

    fn view_menu_ui(&mut self, ui: &mut Ui) {
        let paper = self.paper();
        for (choice, label) in [
            (Paper::A4, "Print on A4"),
            (Paper::Letter, "Print on US Letter"),
        ] {
            if ui.radio(paper == choice, label).clicked() {
                self.prefs.paper = Some(choice);
            }
        }
        ui.separator();
        // Ctrl + and Ctrl − as well; the layout reflows and the plots keep their height.
        egui::gui_zoom::zoom_menu_buttons(ui);
        ui.separator();
        let dark = ui.visuals().dark_mode;
        let label = if dark { "Light theme" } else { "Dark theme" };
        if ui.button(label).clicked() {
            ui.ctx().set_theme(if dark {
                egui::Theme::Light
            } else {
                egui::Theme::Dark
            });
            self.prefs.dark_mode = Some(!dark);
        }
    }

    fn menu_item(&mut self, ui: &mut Ui, command: Command) {
        self.menu_item_saying(ui, command, None);
    }

    /// A menu item with its own text (`None`: the command's).
    fn menu_item_saying(&mut self, ui: &mut Ui, command: Command, text: Option<String>) {
        let mut button = egui::Button::new(text.unwrap_or_else(|| command.label()));
        if let Some(shortcut) = command.shortcut() {
            button = button.shortcut_text(ui.ctx().format_shortcut(&shortcut));
        }
        if ui.add(button).clicked() {
            self.commands.push(command);
        }
    }

    /// Menu shortcuts, as commands.
    pub(super) fn shortcuts(&mut self, ctx: &egui::Context) {
        ctx.input_mut(|input| {
            for command in Command::WITH_SHORTCUTS {
                let pressed = [command.shortcut(), command.alternative_shortcut()]
                    .into_iter()
                    .flatten()
                    .any(|shortcut| input.consume_shortcut(&shortcut));
                if pressed {
                    self.commands.push(command);
                }
            }
        });
    }
}
