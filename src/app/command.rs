//! Every action a menu item or shortcut can take, with its text and shortcut, so menus and
//! shortcuts can never disagree. Commands run once, at the end of the frame.

use std::path::PathBuf;

use eframe::egui::{Key, KeyboardShortcut, Modifiers};

use crate::knowledge::RuleId;
use crate::record::{DecisionAction, Dose};

#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub enum Command {
    New,
    Open,
    OpenRecent(PathBuf),
    /// A patient chosen in the clinic worklist.
    OpenPatient(PathBuf),
    OpenClinicFolder,
    /// A clinic folder from the recent ones.
    OpenRecentFolder(PathBuf),
    ImportLabs,
    ImportFhir,
    NewFromFhir,
    ClinicSettings,
    ExportCalendar,
    /// The patient as a FHIR R4 Bundle: a collection, or a transaction a server loads.
    ExportFhir {
        transaction: bool,
    },
    Save,
    SaveAs,
    PrintSummary,
    ExportSummary,
    ExportHandout,
    Undo,
    Redo,
    Quit,
    /// Record a dose from the Doses form (asking first when it goes against the advice).
    RecordDose(Box<Dose>),
    /// Acknowledge or override a finding (asks for the reason first).
    Decide {
        rule: RuleId,
        detail: String,
        action: DecisionAction,
    },
}

impl Command {
    /// The commands that have a shortcut, most specific first (Ctrl+Shift+S before Ctrl+S,
    /// since a shortcut also matches with Shift held).
    pub const WITH_SHORTCUTS: [Command; 7] = [
        Command::SaveAs,
        Command::Redo,
        Command::New,
        Command::Open,
        Command::Save,
        Command::PrintSummary,
        Command::Undo,
    ];

    pub fn label(&self) -> String {
        match self {
            Command::New => "New patient".to_owned(),
            Command::Open => "Open…".to_owned(),
            Command::OpenRecent(path)
            | Command::OpenPatient(path)
            | Command::OpenRecentFolder(path) => path.display().to_string(),
            Command::OpenClinicFolder => "Open clinic folder…".to_owned(),
            Command::ImportLabs => "Import lab results (CSV)…".to_owned(),
            Command::ImportFhir => "Import FHIR Bundle…".to_owned(),
            Command::NewFromFhir => "New patient from FHIR Bundle…".to_owned(),
            Command::ClinicSettings => "Clinic settings…".to_owned(),
            Command::ExportCalendar => "Export calendar (iCalendar)…".to_owned(),
            Command::ExportFhir { transaction: false } => "Export FHIR Bundle…".to_owned(),
            Command::ExportFhir { transaction: true } => {
                "Export FHIR transaction (for a server)…".to_owned()
            }
            Command::Save => "Save".to_owned(),
            Command::SaveAs => "Save As…".to_owned(),
            Command::PrintSummary => "Print summary…".to_owned(),
            Command::ExportSummary => "Export summary PDF…".to_owned(),
            Command::ExportHandout => "Export patient handout PDF…".to_owned(),
            Command::Undo => "Undo".to_owned(),
            Command::Redo => "Redo".to_owned(),
            Command::Quit => "Quit".to_owned(),
            Command::RecordDose(_) => "Record dose".to_owned(),
            Command::Decide { action, .. } => match action {
                DecisionAction::Acknowledged => "Acknowledge…".to_owned(),
                DecisionAction::Overridden => "Override…".to_owned(),
            },
        }
    }

    /// Cmd on macOS, Ctrl elsewhere (`Modifiers::COMMAND`).
    pub fn shortcut(&self) -> Option<KeyboardShortcut> {
        let command = Modifiers::COMMAND;
        let shifted = Modifiers::COMMAND | Modifiers::SHIFT;
        Some(match self {
            Command::New => KeyboardShortcut::new(command, Key::N),
            Command::Open => KeyboardShortcut::new(command, Key::O),
            Command::Save => KeyboardShortcut::new(command, Key::S),
            Command::SaveAs => KeyboardShortcut::new(shifted, Key::S),
            Command::PrintSummary => KeyboardShortcut::new(command, Key::P),
            Command::Undo => KeyboardShortcut::new(command, Key::Z),
            Command::Redo => KeyboardShortcut::new(shifted, Key::Z),
            Command::OpenRecent(_)
            | Command::OpenRecentFolder(_)
            | Command::OpenPatient(_)
            | Command::Decide { .. }
            | Command::RecordDose(_)
            | Command::OpenClinicFolder
            | Command::ImportLabs
            | Command::ImportFhir
            | Command::NewFromFhir
            | Command::ClinicSettings
            | Command::ExportCalendar
            | Command::ExportFhir { .. }
            | Command::ExportSummary
            | Command::ExportHandout
            | Command::Quit => return None,
        })
    }

    /// Ctrl+Y also redoes, as on Windows.
    pub fn alternative_shortcut(&self) -> Option<KeyboardShortcut> {
        (self == &Command::Redo).then(|| KeyboardShortcut::new(Modifiers::COMMAND, Key::Y))
    }
}
