//! Carrying out commands: files (new, open, save, print, export,
//! import, the clinic folder) and the clinician's decisions. Each error is shown once, in a
//! dialog, in words.

use std::path::Path;

use eframe::egui;

use super::command::Command;
use super::dialogs::FileKind;
use super::document::Document;
use super::dose_confirmation::DoseDraft;
use super::import_preview::{ImportDraft, ImportKind};
use super::modal::{DecisionDraft, Modal, Pending};
use super::output_error::OutputError;
use super::{Action, MonitorApp, Tab, panels};
use crate::record::{Decision, Dose, FileError};
use crate::report::{self, Kind, Paper};

impl MonitorApp {
    pub(super) fn run_command(&mut self, command: Command, ctx: &egui::Context) {
        match command {
            Command::New => self.guard(Pending::New, ctx),
            Command::Open => self.guard(Pending::Open(None), ctx),
            Command::OpenRecent(path) | Command::OpenPatient(path) => {
                self.guard(Pending::Open(Some(path)), ctx);
            }
            Command::Save => {
                self.save();
            }
            Command::SaveAs => {
                self.save_as();
            }
            Command::OpenClinicFolder => {
                if let Some(folder) = self.dialogs.pick_folder() {
                    self.open_clinic_folder(&folder);
                }
            }
            Command::OpenRecentFolder(folder) => self.open_clinic_folder(&folder),
            Command::ImportLabs => self.import(ImportKind::Csv),
            Command::ImportFhir => self.import(ImportKind::Fhir),
            Command::NewFromFhir => self.guard(Pending::NewFromFhir, ctx),
            Command::ClinicSettings => {
                self.modal = Some(Modal::Settings {
                    mrn_system: self.prefs.mrn_system.clone().unwrap_or_default(),
                });
            }
            Command::ExportCalendar => self.export_calendar(),
            Command::ExportFhir { transaction } => self.export_fhir(transaction),
            Command::PrintSummary => self.print(),
            Command::ExportSummary => self.export(Kind::ClinicSummary),
            Command::ExportHandout => self.export(Kind::PatientHandout),
            Command::Decide {
                rule,
                detail,
                action,
            } => {
                let draft = DecisionDraft::new(&self.document, rule, detail, action);
                self.modal = Some(Modal::Decide(Box::new(draft)));
            }
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
            Command::RecordDose(dose) => {
                match DoseDraft::needed(self.document.record(), *dose, self.document.today()) {
                    Ok(draft) => self.modal = Some(Modal::ConfirmDose(Box::new(draft))),
                    Err(dose) => self.record_dose(dose, None),
                }
            }
        }
    }

    /// The app's own file dialog has the answer the last action asked for: run that action
    /// again, and this time the dialog answers.
    pub(super) fn retry_after_dialog(&mut self, ctx: &egui::Context) {
        match self.asked_by.take() {
            Some(Action::Command(command)) => {
                let asked_by = Action::Command(command.clone());
                self.run_command(command, ctx);
                self.remember_if_asked(asked_by);
            }
            Some(Action::Answer(modal, answer)) => {
                let asked_by = Action::Answer(modal.clone(), answer);
                self.answer(modal, answer, ctx);
                self.remember_if_asked(asked_by);
            }
            None => {}
        }
        // An answer the action did not take is never given to a later one.
        self.dialogs.forget();
    }

    /// Another patient (or none yet) in the window: the forms start empty, so nothing typed or
    /// chosen for the last one (an entry being edited) is applied to this one.
    pub(super) fn replace_document(&mut self, document: Document) {
        self.document = document;
        self.forms = super::Forms::new(self.today());
    }

    /// Keeps `action` to run again if it opened the app's own file dialog.
    pub(super) fn remember_if_asked(&mut self, action: Action) {
        if self.dialogs.waiting() && self.asked_by.is_none() {
            self.asked_by = Some(action);
        }
    }

    /// A save the "Save changes?" guard started has completed: do what waited for it.
    pub(super) fn saved_then_go_on(&mut self, ctx: &egui::Context) {
        if let Some(pending) = self.after_save.take() {
            self.proceed(pending, ctx);
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

    pub(super) fn proceed(&mut self, pending: Pending, ctx: &egui::Context) {
        match pending {
            Pending::New => {
                self.replace_document(Document::new_patient(self.today()));
                self.tab = Tab::Patient;
            }
            Pending::Open(path) => {
                if let Some(path) = path.or_else(|| self.dialogs.pick_open(FileKind::Patient)) {
                    self.open(&path);
                }
            }
            Pending::NewFromFhir => self.import(ImportKind::NewPatient),
            Pending::Close => {
                self.closing = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }

    /// Opens a file; a file that fails to load leaves the open document untouched.
    pub(super) fn open(&mut self, path: &Path) {
        match Document::open(path, self.today()) {
            Ok(document) => {
                self.replace_document(document);
                self.prefs.opened(path);
                self.notice = Some(format!("Opened {}", path.display()));
            }
            Err(error) => self.show_error("The file was not opened", error.to_string()),
        }
    }

    /// Saves where the document lives, or asks where; true when saved. If someone else changed
    /// the file meanwhile, asks first instead of overwriting their work.
    pub(super) fn save(&mut self) -> bool {
        match self.document.path().map(Path::to_owned) {
            Some(path) if !self.document.is_demo() => self.save_to(&path, false),
            _ => self.save_as(),
        }
    }

    pub(super) fn save_as(&mut self) -> bool {
        // The suggested name carries no patient data (the recent-files list keeps it).
        match self.dialogs.pick_save(FileKind::Patient, "patient.json") {
            Some(path) => self.save_to(&path, false),
            None => false,
        }
    }

    /// Saves to `path`; `overwrite` replaces another workstation's version of the file.
    pub(super) fn save_to(&mut self, path: &Path, overwrite: bool) -> bool {
        match self.document.save_as(path, overwrite) {
            Ok(()) => {
                self.prefs.opened(path);
                self.notice = Some(format!("Saved to {}", path.display()));
                true
            }
            Err(crate::record::FileError::ChangedOnDisk { .. }) => {
                self.modal = Some(Modal::ChangedOnDisk);
                false
            }
            Err(error) => {
                self.show_error("The file was not saved", error.to_string());
                false
            }
        }
    }

    /// The PDF of the open patient as assessed now.
    fn pdf(&self, kind: Kind) -> Result<Vec<u8>, OutputError> {
        let document = &self.document;
        let now = chrono::Local::now().fixed_offset();
        report::pdf(
            kind,
            document.record(),
            document.assessment(),
            document.today(),
            now,
            self.paper(),
        )
        .map_err(OutputError::from)
    }

    /// The chosen paper (View menu), A4 until one is chosen.
    pub(super) fn paper(&self) -> Paper {
        self.prefs.paper.unwrap_or(Paper::A4)
    }

    /// Writes the clinic summary to a temporary file and opens it in the system's viewer; the
    /// file is removed once the viewer has it (see `printing`).
    fn print(&mut self) {
        let result = self.pdf(Kind::ClinicSummary).and_then(|pdf| {
            let path = self.printing.write(&pdf)?;
            Ok(self.dialogs.open_in_viewer(path)?)
        });
        match result {
            Ok(()) => self.notice = Some("The summary went to the PDF viewer to print".to_owned()),
            Err(error) => self.show_error("The summary was not printed", error.to_string()),
        }
    }

    fn export(&mut self, kind: Kind) {
        let name = match kind {
            Kind::ClinicSummary => "summary.pdf",
            Kind::PatientHandout => "handout.pdf",
        };
        let Some(path) = self.dialogs.pick_save(FileKind::Pdf, name) else {
            return;
        };
        let result = self
            .pdf(kind)
            .and_then(|pdf| Ok(self.write_export(&path, &pdf)?));
        if let Err(error) = result {
            self.show_error("The PDF was not saved", error.to_string());
        }
    }

    fn open_clinic_folder(&mut self, folder: &Path) {
        match crate::worklist::scan(folder, self.today()) {
            Ok(entries) => {
                self.prefs.opened_folder(folder);
                self.worklist = Some(panels::WorklistView::new(folder.to_owned(), entries));
                self.showing_worklist = true;
            }
            Err(error) => self.show_error(
                "The folder was not opened",
                format!("cannot read {}: {error}", folder.display()),
            ),
        }
    }

    /// Reads a lab CSV or a FHIR Bundle and shows what would become of each row or entry;
    /// nothing is written until the user accepts.
    fn import(&mut self, kind: ImportKind) {
        let file_kind = match kind {
            ImportKind::Csv => FileKind::Csv,
            ImportKind::Fhir | ImportKind::NewPatient => FileKind::Bundle,
        };
        let Some(path) = self.dialogs.pick_open(file_kind) else {
            return;
        };
        match crate::record::read_input(&path) {
            Ok(bytes) => {
                let file = path
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned();
                let draft = ImportDraft::new(
                    kind,
                    file,
                    bytes,
                    self.document.record(),
                    self.prefs.mrn_system.clone(),
                );
                self.modal = Some(Modal::ImportPreview(Box::new(draft)));
            }
            Err(error) => self.show_error("The file was not read", error.to_string()),
        }
    }

    fn export_calendar(&mut self) {
        let Some(path) = self.dialogs.pick_save(FileKind::Calendar, "schedule.ics") else {
            return;
        };
        let document = &self.document;
        let calendar = crate::interop::ics::schedule(
            document.record(),
            document.assessment(),
            document.today(),
            crate::interop::ics::Options::default(),
            chrono::Utc::now(),
        );
        if let Err(error) = self.write_export(&path, calendar.as_bytes()) {
            self.show_error("The calendar was not saved", error.to_string());
        }
    }

    /// The Bundle under the clinic's identifier system (Clinic settings).
    fn export_fhir(&mut self, transaction: bool) {
        let Some(path) = self.dialogs.pick_save(FileKind::Bundle, "bundle.json") else {
            return;
        };
        let options = crate::interop::fhir::ExportOptions {
            transaction,
            mrn_system: self.prefs.mrn_system.clone(),
        };
        let now = chrono::Local::now().fixed_offset();
        let bundle = crate::interop::fhir::export_text(self.document.record(), &options, now);
        if let Err(error) = self.write_export(&path, bundle.as_bytes()) {
            self.show_error("The FHIR Bundle was not saved", error.to_string());
        }
    }

    /// Adds the dose, with the decision on the advice it went against, as one edit.
    pub(super) fn record_dose(&mut self, dose: Dose, decision: Option<Decision>) {
        let result = panels::checked_edit(&mut self.document, |record| {
            record.doses.push(dose);
            record.decisions.extend(decision);
        });
        self.forms
            .dose
            .recorded(self.document.today(), result.err());
    }

    /// Writes an export whole, never over the open patient's file or any patient file.
    fn write_export(&mut self, path: &Path, bytes: &[u8]) -> Result<(), FileError> {
        let inputs: Vec<&Path> = self.document.path().into_iter().collect();
        crate::record::write_output(path, &inputs, bytes)?;
        self.notice = Some(format!("Exported to {}", path.display()));
        Ok(())
    }

    pub(super) fn show_error(&mut self, title: &str, message: String) {
        self.modal = Some(Modal::Error {
            title: title.to_owned(),
            message,
        });
    }
}
