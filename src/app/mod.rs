//! The desktop app (eframe): one open patient file, its live assessment, and the panels.
//!
//! Every edit goes through the [`Document`], which re-runs the rules; menus and shortcuts both
//! issue [`Command`]s, run once at the end of the frame.

mod command;
mod dialogs;
mod document;
mod panels;
mod prefs;
mod recovery;
mod style;
mod widgets;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use eframe::egui::{self, Ui};

pub use command::Command;
pub use dialogs::{Dialogs, FileKind, NativeDialogs, NoDialogs};
pub use document::Document;
pub use panels::Tab;

use crate::interop::csv_labs;
use crate::report::{self, Kind, Paper};
use panels::Forms;
use prefs::Preferences;

/// What the app opens on start.
pub enum Start {
    Demo,
    File(PathBuf),
}

/// What waits for the answer to "Save changes?".
#[derive(Debug, Clone, PartialEq)]
enum Pending {
    New,
    Open(Option<PathBuf>),
    Close,
}

#[derive(Debug, Clone, PartialEq)]
enum Modal {
    UnsavedChanges(Pending),
    /// A previous run left unsaved edits.
    Recover(Box<recovery::Recovered>),
    /// The file changed on disk since it was opened (another workstation saved it).
    ChangedOnDisk,
    /// Lab results read from a CSV file, shown row by row before they are added.
    ImportPreview {
        file: String,
        lines: Vec<csv_labs::Line>,
    },
    Error {
        title: String,
        message: String,
    },
}

pub struct MonitorApp {
    document: Document,
    prefs: Preferences,
    dialogs: Box<dyn Dialogs>,
    modal: Option<Modal>,
    commands: Vec<Command>,
    tab: Tab,
    forms: Forms,
    /// A fixed "today" (tests); otherwise the local date, read every frame.
    fixed_today: Option<NaiveDate>,
    /// Set once the user agreed to close with unsaved changes.
    closing: bool,
    /// The clinic folder's worklist, once opened, and whether it is showing.
    worklist: Option<panels::WorklistView>,
    showing_worklist: bool,
    /// Where unsaved edits are kept against a crash; `None` without a data folder.
    recovery: Option<recovery::Recovery>,
    shown_title: String,
}

/// The name eframe keeps the preferences and the recovery file under.
const APP_ID: &str = "Mipomersen Monitor";

/// Opens the window.
pub fn run(start: Start) -> eframe::Result {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Mipomersen Monitor")
            .with_inner_size([1280.0, 820.0])
            .with_min_inner_size([820.0, 560.0]),
        ..Default::default()
    };
    eframe::run_native(
        APP_ID,
        options,
        Box::new(|cc| {
            Ok(Box::new(MonitorApp::new(
                cc,
                start,
                Box::new(NativeDialogs),
                None,
            )))
        }),
    )
}

impl MonitorApp {
    pub fn new(
        cc: &eframe::CreationContext<'_>,
        start: Start,
        dialogs: Box<dyn Dialogs>,
        fixed_today: Option<NaiveDate>,
    ) -> Self {
        let prefs = Preferences::load(cc.storage);
        if let Some(dark) = prefs.dark_mode {
            cc.egui_ctx.set_theme(if dark {
                egui::Theme::Dark
            } else {
                egui::Theme::Light
            });
        }
        let today = fixed_today.unwrap_or_else(local_today);
        let mut app = MonitorApp {
            document: Document::demo(today),
            prefs,
            dialogs,
            modal: None,
            commands: Vec::new(),
            tab: Tab::Labs,
            forms: Forms::new(today),
            fixed_today,
            closing: false,
            shown_title: String::new(),
            recovery: None,
            worklist: None,
            showing_worklist: false,
        };
        if let Start::File(path) = start {
            app.open(&path);
        }
        app
    }

    /// Keeps unsaved edits against a crash in `folder` (the app's data folder), and offers back
    /// what a previous run left there.
    #[must_use]
    pub fn with_recovery_folder(mut self, folder: &Path) -> Self {
        self.recovery = Some(recovery::Recovery::in_folder(folder));
        self.offer_recovery();
        self
    }

    /// Offers back what a previous run left unsaved.
    fn offer_recovery(&mut self) {
        if let Some(recovered) = self
            .recovery
            .as_ref()
            .and_then(recovery::Recovery::left_over)
        {
            self.modal = Some(Modal::Recover(Box::new(recovered)));
        }
    }

    /// Whether the app is offering to restore unsaved edits.
    pub fn offers_recovery(&self) -> bool {
        matches!(self.modal, Some(Modal::Recover(_)))
    }

    /// Writes unsaved edits to the recovery file when due; removes it once there are none.
    fn keep_unsaved(&mut self, ctx: &egui::Context) {
        let Some(recovery) = &mut self.recovery else {
            return;
        };
        if matches!(self.modal, Some(Modal::Recover(_))) {
            return; // the left-over file is still on offer
        }
        if self.document.is_dirty() {
            let (now, focus_lost) = ctx.input(|input| {
                let lost = input
                    .events
                    .iter()
                    .any(|event| matches!(event, egui::Event::WindowFocused(false)));
                (input.time, lost)
            });
            recovery.keep(
                self.document.record(),
                self.document.path(),
                now,
                focus_lost,
            );
            ctx.request_repaint_after(recovery::INTERVAL);
        } else {
            recovery.clear();
        }
    }

    pub fn document(&self) -> &Document {
        &self.document
    }

    pub fn select_tab(&mut self, tab: Tab) {
        self.tab = tab;
    }

    /// The message of the error dialog, if one is showing.
    pub fn error_message(&self) -> Option<&str> {
        match &self.modal {
            Some(Modal::Error { message, .. }) => Some(message),
            _ => None,
        }
    }

    /// Whether the "changed on disk" question is showing.
    pub fn asks_about_disk_change(&self) -> bool {
        self.modal == Some(Modal::ChangedOnDisk)
    }

    /// Whether the unsaved-changes question is showing.
    pub fn asks_to_save(&self) -> bool {
        matches!(self.modal, Some(Modal::UnsavedChanges(_)))
    }

    fn today(&self) -> NaiveDate {
        self.fixed_today.unwrap_or_else(local_today)
    }

    fn run_command(&mut self, command: Command, ctx: &egui::Context) {
        match command {
            Command::New => self.guard(Pending::New, ctx),
            Command::Open => self.guard(Pending::Open(None), ctx),
            Command::OpenRecent(path) => self.guard(Pending::Open(Some(path)), ctx),
            Command::Save => {
                self.save();
            }
            Command::SaveAs => {
                self.save_as();
            }
            Command::OpenClinicFolder => self.open_clinic_folder(),
            Command::ImportLabs => self.import_labs(),
            Command::ExportCalendar => self.export_calendar(),
            Command::PrintSummary => self.print(),
            Command::ExportSummary => self.export(Kind::ClinicSummary),
            Command::ExportHandout => self.export(Kind::PatientHandout),
            // Focus leaves the text fields, so they show the record as restored.
            Command::Undo => {
                ctx.memory_mut(egui::Memory::stop_text_input);
                self.document.undo();
            }
            Command::Redo => {
                ctx.memory_mut(egui::Memory::stop_text_input);
                self.document.redo();
            }
            Command::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
        }
    }

    /// Does `pending` now, or first asks to save unsaved changes.
    fn guard(&mut self, pending: Pending, ctx: &egui::Context) {
        if self.document.is_dirty() {
            self.modal = Some(Modal::UnsavedChanges(pending));
        } else {
            self.proceed(pending, ctx);
        }
    }

    fn proceed(&mut self, pending: Pending, ctx: &egui::Context) {
        match pending {
            Pending::New => {
                self.document = Document::new_patient(self.today());
                self.tab = Tab::Patient;
            }
            Pending::Open(path) => {
                if let Some(path) = path.or_else(|| self.dialogs.pick_open(FileKind::Patient)) {
                    self.open(&path);
                }
            }
            Pending::Close => {
                self.closing = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }

    /// Opens a file; a file that fails to load leaves the open document untouched.
    fn open(&mut self, path: &Path) {
        match Document::open(path, self.today()) {
            Ok(document) => {
                self.document = document;
                self.prefs.opened(path);
            }
            Err(error) => {
                self.modal = Some(Modal::Error {
                    title: "The file was not opened".to_owned(),
                    message: error.to_string(),
                });
            }
        }
    }

    /// Saves where the document lives, or asks where; true when saved. If someone else changed
    /// the file meanwhile, asks first instead of overwriting their work.
    fn save(&mut self) -> bool {
        match self.document.path().map(Path::to_owned) {
            Some(_) if self.document.changed_on_disk() => {
                self.modal = Some(Modal::ChangedOnDisk);
                false
            }
            Some(path) if !self.document.is_demo() => self.save_to(&path),
            _ => self.save_as(),
        }
    }

    fn save_as(&mut self) -> bool {
        let suggested = format!("{}.json", self.document.record().patient.id);
        match self.dialogs.pick_save(FileKind::Patient, &suggested) {
            Some(path) => self.save_to(&path),
            None => false,
        }
    }

    fn save_to(&mut self, path: &Path) -> bool {
        match self.document.save_as(path) {
            Ok(()) => {
                self.prefs.opened(path);
                true
            }
            Err(error) => {
                self.modal = Some(Modal::Error {
                    title: "The file was not saved".to_owned(),
                    message: error.to_string(),
                });
                false
            }
        }
    }

    /// The PDF of the open patient as assessed now.
    fn pdf(&self, kind: Kind) -> Result<Vec<u8>, String> {
        let document = &self.document;
        let now = chrono::Local::now().naive_local();
        report::pdf(
            kind,
            document.record(),
            document.assessment(),
            document.today(),
            now,
            self.paper(),
        )
        .map_err(|error| error.to_string())
    }

    /// The chosen paper (View menu), A4 until one is chosen.
    fn paper(&self) -> Paper {
        self.prefs.paper.unwrap_or(Paper::A4)
    }

    /// Writes the clinic summary to a temporary file and opens it in the system's viewer.
    fn print(&mut self) {
        let result = self.pdf(Kind::ClinicSummary).and_then(|pdf| {
            let file = tempfile::Builder::new()
                .prefix("mipomersen-summary-")
                .suffix(".pdf")
                .tempfile()
                .and_then(|file| file.keep().map_err(|error| error.error))
                .map_err(|error| format!("the summary could not be written: {error}"))?;
            let (_, path) = file;
            crate::atomic::write(&path, &pdf)
                .map_err(|error| format!("the summary could not be written: {error}"))?;
            self.dialogs.open_in_viewer(&path)
        });
        if let Err(message) = result {
            self.show_error("The summary was not printed", message);
        }
    }

    fn export(&mut self, kind: Kind) {
        let name = match kind {
            Kind::ClinicSummary => "summary",
            Kind::PatientHandout => "handout",
        };
        let suggested = format!("{}-{name}.pdf", self.document.record().patient.id);
        let Some(path) = self.dialogs.pick_save(FileKind::Pdf, &suggested) else {
            return;
        };
        let result = self.pdf(kind).and_then(|pdf| {
            crate::atomic::write(&path, &pdf)
                .map_err(|error| format!("cannot write {}: {error}", path.display()))
        });
        if let Err(message) = result {
            self.show_error("The PDF was not saved", message);
        }
    }

    fn open_clinic_folder(&mut self) {
        let Some(folder) = self.dialogs.pick_folder() else {
            return;
        };
        match crate::worklist::scan(&folder, self.today()) {
            Ok(entries) => {
                self.worklist = Some(panels::WorklistView::new(folder, entries));
                self.showing_worklist = true;
            }
            Err(error) => self.show_error(
                "The folder was not opened",
                format!("cannot read {}: {error}", folder.display()),
            ),
        }
    }

    /// Reads a CSV of lab results and shows each row before anything is added.
    fn import_labs(&mut self) {
        let Some(path) = self.dialogs.pick_open(FileKind::Csv) else {
            return;
        };
        let read = std::fs::read_to_string(&path)
            .map_err(|error| error.to_string())
            .and_then(|text| {
                csv_labs::read(&text, self.document.record()).map_err(|error| error.to_string())
            });
        match read {
            Ok(lines) => {
                let file = path
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned();
                self.modal = Some(Modal::ImportPreview { file, lines });
            }
            Err(error) => self.show_error(
                "The lab results were not read",
                format!("{}: {error}", path.display()),
            ),
        }
    }

    fn export_calendar(&mut self) {
        let suggested = format!("{}-schedule.ics", self.document.record().patient.id);
        let Some(path) = self.dialogs.pick_save(FileKind::Calendar, &suggested) else {
            return;
        };
        let document = &self.document;
        let calendar = crate::interop::ics::schedule(
            document.record(),
            document.assessment(),
            document.today(),
        );
        if let Err(error) = crate::atomic::write(&path, calendar.as_bytes()) {
            self.show_error(
                "The calendar was not saved",
                format!("cannot write {}: {error}", path.display()),
            );
        }
    }

    fn show_error(&mut self, title: &str, message: String) {
        self.modal = Some(Modal::Error {
            title: title.to_owned(),
            message,
        });
    }

    fn shortcuts(&mut self, ctx: &egui::Context) {
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

    /// The window's close button asks about unsaved changes too.
    fn close_request(&mut self, ctx: &egui::Context) {
        if ctx.input(|input| input.viewport().close_requested())
            && self.document.is_dirty()
            && !self.closing
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.modal = Some(Modal::UnsavedChanges(Pending::Close));
        }
    }

    fn menu_ui(&mut self, ui: &mut Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                for command in [Command::New, Command::Open] {
                    self.menu_item(ui, command);
                }
                self.menu_item(ui, Command::OpenClinicFolder);
                ui.menu_button("Open recent", |ui| {
                    if self.prefs.recent_files.is_empty() {
                        ui.label("No recent files");
                    }
                    for path in self.prefs.recent_files.clone() {
                        self.menu_item(ui, Command::OpenRecent(path));
                    }
                });
                ui.separator();
                for command in [Command::Save, Command::SaveAs] {
                    self.menu_item(ui, command);
                }
                ui.separator();
                for command in [Command::ImportLabs, Command::ExportCalendar] {
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
                self.menu_item(ui, Command::Quit);
            });
            ui.menu_button("Edit", |ui| {
                ui.add_enabled_ui(self.document.can_undo(), |ui| {
                    self.menu_item(ui, Command::Undo);
                });
                ui.add_enabled_ui(self.document.can_redo(), |ui| {
                    self.menu_item(ui, Command::Redo);
                });
            });
            ui.menu_button("View", |ui| {
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
            });
        });
    }

    fn menu_item(&mut self, ui: &mut Ui, command: Command) {
        let mut button = egui::Button::new(command.label());
        if let Some(shortcut) = command.shortcut() {
            button = button.shortcut_text(ui.ctx().format_shortcut(&shortcut));
        }
        if ui.add(button).clicked() {
            self.commands.push(command);
        }
    }

    fn modal_ui(&mut self, ctx: &egui::Context) {
        let Some(modal) = self.modal.clone() else {
            return;
        };
        let mut answer = None;
        egui::Modal::new(egui::Id::unique("modal")).show(ctx, |ui| {
            ui.set_max_width(460.0);
            let choices = self.modal_body(ui, &modal);
            ui.horizontal(|ui| {
                for &choice in choices {
                    if ui.button(choice.label()).clicked() {
                        answer = Some(choice);
                    }
                }
            });
        });
        if let Some(answer) = answer {
            self.modal = None;
            self.answer(modal, answer, ctx);
        }
    }

    /// What a modal dialog says, and the answers it offers.
    fn modal_body(&self, ui: &mut Ui, modal: &Modal) -> &'static [Answer] {
        match modal {
            Modal::UnsavedChanges(_) => {
                ui.heading("Save changes?");
                ui.label(format!(
                    "{} has unsaved changes.",
                    self.document
                        .record()
                        .patient
                        .name
                        .as_deref()
                        .unwrap_or("This patient")
                ));
                &[Answer::Save, Answer::Discard, Answer::Cancel]
            }
            Modal::ChangedOnDisk => {
                ui.heading("The file changed on disk");
                ui.label(
                    "Someone else (another workstation?) saved this patient file after you \
                     opened it. Overwriting would lose their changes.",
                );
                &[
                    Answer::SaveAs,
                    Answer::Overwrite,
                    Answer::Reload,
                    Answer::Cancel,
                ]
            }
            Modal::ImportPreview { file, lines } => {
                ui.heading(format!("Lab results from {file}"));
                egui::ScrollArea::vertical()
                    .max_height(360.0)
                    .show(ui, |ui| {
                        for line in lines {
                            let text = line.describe();
                            match line.row {
                                csv_labs::Row::Rejected(_) => {
                                    ui.colored_label(ui.visuals().error_fg_color, text)
                                }
                                csv_labs::Row::Duplicate(_) => ui.weak(text),
                                _ => ui.label(text),
                            };
                        }
                    });
                &[Answer::AddResults, Answer::Cancel]
            }
            Modal::Recover(recovered) => {
                ui.heading("Unsaved changes were recovered");
                let whose = recovered
                    .record
                    .patient
                    .name
                    .as_deref()
                    .unwrap_or("a patient");
                let file = recovered.path.as_ref().map_or_else(
                    || "not saved to a file yet".to_owned(),
                    |p| p.display().to_string(),
                );
                ui.label(format!(
                    "The app closed without saving changes to {whose} ({file}). Restore them?"
                ));
                &[Answer::Restore, Answer::Discard]
            }
            Modal::Error { title, message } => {
                ui.heading(title);
                ui.label(message);
                &[Answer::Ok]
            }
        }
    }

    /// Acts on the answer to a modal dialog.
    fn answer(&mut self, modal: Modal, answer: Answer, ctx: &egui::Context) {
        match (modal, answer) {
            (Modal::UnsavedChanges(pending), Answer::Save) if self.save() => {
                self.proceed(pending, ctx);
            }
            (Modal::UnsavedChanges(pending), Answer::Discard) => self.proceed(pending, ctx),
            (Modal::ImportPreview { lines, .. }, Answer::AddResults) => {
                self.document.edit(|record| {
                    csv_labs::apply(record, &lines);
                });
            }
            (Modal::Recover(recovered), Answer::Restore) => {
                if let Some(recovery) = &mut self.recovery {
                    recovery.adopt(&recovered);
                }
                let path = recovered.path.clone();
                self.document =
                    Document::recovered(recovered.record, path.as_deref(), self.today());
            }
            (Modal::Recover(_), Answer::Discard) => {
                if let Some(recovery) = &mut self.recovery {
                    recovery.discard_left_over();
                }
            }
            (Modal::ChangedOnDisk, Answer::SaveAs) => {
                self.save_as();
            }
            (Modal::ChangedOnDisk, Answer::Overwrite) => {
                if let Some(path) = self.document.path().map(Path::to_owned) {
                    self.save_to(&path);
                }
            }
            (Modal::ChangedOnDisk, Answer::Reload) => {
                if let Some(path) = self.document.path().map(Path::to_owned) {
                    self.open(&path);
                }
            }
            _ => {}
        }
    }
}

/// The buttons of the modal dialogs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Answer {
    AddResults,
    Restore,
    Save,
    SaveAs,
    Overwrite,
    Reload,
    Discard,
    Cancel,
    Ok,
}

impl Answer {
    fn label(self) -> &'static str {
        match self {
            Answer::AddResults => "Add these results",
            Answer::Restore => "Restore",
            Answer::Save => "Save",
            Answer::SaveAs => "Save As…",
            Answer::Overwrite => "Overwrite",
            Answer::Reload => "Reload (discard my changes)",
            Answer::Discard => "Discard",
            Answer::Cancel => "Cancel",
            Answer::Ok => "OK",
        }
    }
}

fn local_today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

impl eframe::App for MonitorApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        self.document.assess_for(self.today());
        if self.modal.is_none() {
            self.shortcuts(&ctx);
        }
        self.close_request(&ctx);

        egui::Panel::top("menu").show(ui, |ui| self.menu_ui(ui));
        egui::Panel::top("header").show(ui, |ui| panels::header_ui(ui, &self.document));
        egui::Panel::right("findings")
            .resizable(true)
            .default_size(340.0)
            .show(ui, |ui| panels::findings_ui(ui, self.document.assessment()));
        egui::CentralPanel::default_margins().show(ui, |ui| {
            ui.horizontal(|ui| {
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
                if let Some(file) = panels::worklist_ui(ui, view) {
                    self.showing_worklist = false;
                    self.commands.push(Command::OpenRecent(file));
                }
                return;
            }
            let document = &mut self.document;
            let forms = &mut self.forms;
            match self.tab {
                Tab::Patient => panels::patient_ui(ui, document, &mut forms.patient),
                Tab::Labs => {
                    if panels::labs_ui(ui, document, &mut forms.lab) {
                        self.commands.push(Command::ImportLabs);
                    }
                }
                Tab::Doses => panels::doses_ui(ui, document, &mut forms.dose),
                Tab::Medications => panels::medications_ui(ui, document, &mut forms.medication),
                Tab::Checklists => panels::checklists_ui(ui, document, &mut forms.supply),
                Tab::Events => panels::events_ui(ui, document, &mut forms.event),
            }
        });

        self.modal_ui(&ctx);
        for command in std::mem::take(&mut self.commands) {
            self.run_command(command, &ctx);
        }
        self.keep_unsaved(&ctx);
        let title = self.document.title();
        if title != self.shown_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.shown_title = title;
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.prefs.store(storage);
    }
}
