//! The app's dialogs: what each says, the answers it offers, and what each answer does.

use std::path::Path;

use eframe::egui::{self, Ui};

use super::document::Document;
use super::dose_confirmation::DoseDraft;
use super::import_preview::{ImportDraft, ImportKind, Read};
use super::recovery::Recovered;
use super::{MonitorApp, Tab};
use crate::interop::import::apply;
use crate::knowledge::{RuleId, pack};
use crate::record::{Decision, DecisionAction, OsUser};
use crate::rules::{self, Status};

/// What waits for the answer to "Save changes?".
#[derive(Debug, Clone, PartialEq)]
pub enum Pending {
    New,
    Open(Option<std::path::PathBuf>),
    /// A new patient from a FHIR Bundle.
    NewFromFhir,
    Close,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Modal {
    UnsavedChanges(Pending),
    /// A previous run left unsaved edits.
    Recover(Box<Recovered>),
    /// The file changed on disk since it was opened (another workstation saved it).
    ChangedOnDisk,
    /// An import, shown row by row (or entry by entry) before anything is written.
    ImportPreview(Box<ImportDraft>),
    /// The clinic's settings: the identifier system of its medical record numbers.
    Settings {
        mrn_system: String,
    },
    /// The clinician acknowledges or overrides a finding, with a reason.
    Decide(Box<DecisionDraft>),
    /// A dose against the advice, or with its checklist not all ticked.
    ConfirmDose(Box<DoseDraft>),
    Error {
        title: String,
        message: String,
    },
}

/// A decision being written: the finding, the action, and the reason and name being typed.
#[derive(Debug, Clone, PartialEq)]
pub struct DecisionDraft {
    pub rule: RuleId,
    pub detail: String,
    pub action: DecisionAction,
    pub reason: String,
    pub by: String,
    /// The status now, and what it would be with this decision (for an override).
    pub status_now: Status,
    pub status_after: Status,
}

impl DecisionDraft {
    /// A draft for the open record's finding, signed by the OS account's name by default.
    pub fn new(
        document: &super::Document,
        rule: RuleId,
        detail: String,
        action: DecisionAction,
    ) -> Self {
        let mut draft = DecisionDraft {
            rule,
            detail,
            action,
            reason: String::new(),
            by: OsUser::current().signature(),
            status_now: document.assessment().status,
            status_after: document.assessment().status,
        };
        let mut with_it = document.record().clone();
        with_it.decisions.push(draft.decision(document.today()));
        draft.status_after = rules::evaluate(&with_it, document.today()).status;
        draft
    }

    /// The decision as the file keeps it, dated `today`.
    pub fn decision(&self, today: chrono::NaiveDate) -> Decision {
        Decision {
            date: today,
            rule: self.rule,
            detail: self.detail.clone(),
            action: self.action,
            by: Some(self.by.trim().to_owned()).filter(|by| !by.is_empty()),
            reason: self.reason.trim().to_owned(),
        }
    }
}

/// The buttons of the dialogs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    AddResults,
    CreatePatient,
    SaveSettings,
    Restore,
    Save,
    SaveAs,
    Overwrite,
    Reload,
    RecordDecision,
    RecordDose,
    Discard,
    Cancel,
    Ok,
}

impl Answer {
    fn label(self) -> &'static str {
        match self {
            Answer::AddResults => "Add these results",
            Answer::CreatePatient => "Create the patient file",
            Answer::SaveSettings => "Save settings",
            Answer::Restore => "Restore",
            Answer::Save => "Save",
            Answer::SaveAs => "Save As…",
            Answer::Overwrite => "Overwrite",
            Answer::Reload => "Reload (discard my changes)",
            Answer::RecordDecision => "Record decision",
            Answer::RecordDose => "Record the dose",
            Answer::Discard => "Discard",
            Answer::Cancel => "Cancel",
            Answer::Ok => "OK",
        }
    }

    /// Whether the answer can be given yet: a decision needs its reason.
    fn ready(self, modal: &Modal) -> bool {
        match (self, modal) {
            (Answer::RecordDecision, Modal::Decide(draft)) => !draft.reason.trim().is_empty(),
            (Answer::RecordDose, Modal::ConfirmDose(draft)) => draft.ready(),
            (Answer::AddResults | Answer::CreatePatient, Modal::ImportPreview(draft)) => {
                draft.takes_anything()
            }
            _ => true,
        }
    }
}

impl MonitorApp {
    /// Shows the dialog that is up, if any, and acts on its answer.
    pub(super) fn modal_ui(&mut self, ctx: &egui::Context) {
        let Some(mut modal) = self.modal.take() else {
            return;
        };
        let mut answer = None;
        egui::Modal::new(egui::Id::unique("modal")).show(ctx, |ui| {
            ui.set_max_width(520.0);
            let choices = self.modal_body(ui, &mut modal);
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                for &choice in choices {
                    let button = egui::Button::new(choice.label());
                    if ui.add_enabled(choice.ready(&modal), button).clicked() {
                        answer = Some(choice);
                    }
                }
            });
        });
        match answer {
            Some(answer) => {
                let asked_by = super::Action::Answer(modal.clone(), answer);
                self.answer(modal, answer, ctx);
                self.remember_if_asked(asked_by);
            }
            None => self.modal = Some(modal),
        }
    }

    /// What a dialog says, and the answers it offers.
    fn modal_body(&self, ui: &mut Ui, modal: &mut Modal) -> &'static [Answer] {
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
            Modal::ImportPreview(draft) => {
                draft.ui(ui, self.document.record());
                if draft.kind == ImportKind::NewPatient {
                    &[Answer::CreatePatient, Answer::Cancel]
                } else {
                    &[Answer::AddResults, Answer::Cancel]
                }
            }
            Modal::Settings { mrn_system } => {
                ui.heading("Clinic settings");
                ui.label(
                    "The identifier system of the clinic's medical record numbers (a URI). FHIR \
                     imports take a Patient whose identifier in this system is the file's \
                     patient ID, besides identifiers of type MR; FHIR exports write it.",
                );
                let label = ui.label("MRN system");
                ui.add(egui::TextEdit::singleline(mrn_system).desired_width(360.0))
                    .labelled_by(label.id);
                &[Answer::SaveSettings, Answer::Cancel]
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
            Modal::Decide(draft) => {
                decision_ui(ui, draft);
                &[Answer::RecordDecision, Answer::Cancel]
            }
            Modal::ConfirmDose(draft) => {
                draft.ui(ui);
                &[Answer::RecordDose, Answer::Cancel]
            }
            Modal::Error { title, message } => {
                ui.heading(title.as_str());
                ui.label(message.as_str());
                &[Answer::Ok]
            }
        }
    }

    /// Acts on the answer to a dialog.
    pub(super) fn answer(&mut self, modal: Modal, answer: Answer, ctx: &egui::Context) {
        match (modal, answer) {
            (Modal::UnsavedChanges(pending), Answer::Save) => {
                self.after_save = Some(pending);
                if self.save() {
                    self.saved_then_go_on(ctx);
                } else if self.modal.is_none() && !self.dialogs.waiting() {
                    // The Save As dialog was cancelled: ask again, the pending action kept.
                    self.modal = self.after_save.take().map(Modal::UnsavedChanges);
                }
            }
            (Modal::UnsavedChanges(pending), Answer::Discard) => self.proceed(pending, ctx),
            (Modal::ImportPreview(draft), Answer::AddResults) => {
                if let Some(lines) = draft.lines() {
                    self.document.edit(|record| {
                        apply(record, lines);
                    });
                }
            }
            (Modal::ImportPreview(draft), Answer::CreatePatient) => {
                if let Read::Lines { new: Some(new), .. } = draft.read {
                    self.replace_document(Document::unsaved(*new, self.today()));
                    self.tab = Tab::Patient;
                }
            }
            (Modal::Settings { mrn_system }, Answer::SaveSettings) => {
                let system = mrn_system.trim();
                self.prefs.mrn_system = (!system.is_empty()).then(|| system.to_owned());
            }
            (Modal::Recover(recovered), Answer::Restore) => {
                let path = recovered.path.clone();
                match Document::recovered(recovered.record.clone(), path.as_deref(), self.today()) {
                    Ok(document) => {
                        if let Some(recovery) = &mut self.recovery {
                            recovery.adopt(&recovered);
                        }
                        self.replace_document(document);
                    }
                    Err(error) => self.show_error(
                        "The recovered changes were not restored",
                        format!(
                            "{error}. The recovered changes are kept and offered again at the \
                             next start."
                        ),
                    ),
                }
            }
            (Modal::Recover(_), Answer::Discard) => {
                if let Some(recovery) = &mut self.recovery {
                    recovery.discard_left_over();
                }
            }
            (Modal::ChangedOnDisk, Answer::SaveAs) if self.save_as() => {
                self.saved_then_go_on(ctx);
            }
            (Modal::ChangedOnDisk, Answer::Overwrite) => {
                if let Some(path) = self.document.path().map(Path::to_owned)
                    && self.save_to(&path, true)
                {
                    self.saved_then_go_on(ctx);
                }
            }
            (Modal::ChangedOnDisk, Answer::Reload) => {
                // The other workstation's version replaces these edits: what waited for the
                // save (New, Open, Close) goes on, there being nothing unsaved left.
                let pending = self.after_save.take();
                if let Some(path) = self.document.path().map(Path::to_owned) {
                    self.open(&path);
                }
                if let Some(pending) = pending
                    && !self.document.is_dirty()
                {
                    self.proceed(pending, ctx);
                }
            }
            (Modal::ConfirmDose(draft), Answer::RecordDose) => {
                let (dose, decision) =
                    draft.confirmed(self.document.record(), self.document.today());
                self.record_dose(dose, decision);
            }
            (Modal::Decide(draft), Answer::RecordDecision) => {
                let decision = draft.decision(self.document.today());
                self.document.edit(|record| record.decisions.push(decision));
            }
            (Modal::Error { .. } | Modal::ChangedOnDisk, _)
                if self.modal.is_none() && !self.dialogs.waiting() =>
            {
                // A save the guard started did not complete: ask again, the action kept.
                self.modal = self.after_save.take().map(Modal::UnsavedChanges);
            }
            _ => {}
        }
    }
}

/// The decision dialog: the finding, what the decision does, the reason (required) and who.
fn decision_ui(ui: &mut Ui, draft: &mut DecisionDraft) {
    let meta = pack().rule(draft.rule);
    let verb = match draft.action {
        DecisionAction::Acknowledged => "Acknowledge",
        DecisionAction::Overridden => "Override",
    };
    ui.heading(format!("{verb} {}", draft.rule));
    ui.label(egui::RichText::new(&meta.title).strong());
    ui.label(&draft.detail);
    ui.label(egui::RichText::new(format!("Source: {}", meta.source)).italics());
    ui.separator();
    match draft.action {
        DecisionAction::Acknowledged => {
            ui.label("The finding stays, marked as seen; the status does not change.");
        }
        DecisionAction::Overridden => {
            ui.label(format!(
                "{} will no longer set the status: it becomes {} instead of {}. The finding stays, \
                 marked overridden with your reason, and the printed summary shows it.",
                draft.rule,
                draft.status_after.label(),
                draft.status_now.label()
            ));
        }
    }
    let label = ui.label("Reason (required)");
    ui.add(
        egui::TextEdit::multiline(&mut draft.reason)
            .desired_rows(3)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(label.id);
    ui.horizontal(|ui| {
        let label = ui.label("Clinician");
        ui.add(egui::TextEdit::singleline(&mut draft.by).desired_width(240.0))
            .labelled_by(label.id);
    });
}
