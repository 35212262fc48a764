//! The app's hand-offs to the operating system — file dialogs and the PDF viewer — behind a
//! trait, so tests can script the answers (tests must never open a real dialog or viewer).

use std::path::{Path, PathBuf};

/// What a save dialog saves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Patient,
    Pdf,
    Csv,
    Bundle,
    Calendar,
}

impl FileKind {
    fn filter(self) -> (&'static str, &'static [&'static str]) {
        match self {
            FileKind::Patient => ("Patient file", &["json"]),
            FileKind::Pdf => ("PDF", &["pdf"]),
            FileKind::Csv => ("Lab results (CSV)", &["csv", "txt"]),
            FileKind::Bundle => ("FHIR Bundle (JSON)", &["json"]),
            FileKind::Calendar => ("Calendar", &["ics"]),
        }
    }
}

pub trait Dialogs {
    /// A file to open; `None` when cancelled.
    fn pick_open(&mut self, kind: FileKind) -> Option<PathBuf>;
    /// A folder (of patient files); `None` when cancelled.
    fn pick_folder(&mut self) -> Option<PathBuf>;
    /// Where to save; `None` when cancelled.
    fn pick_save(&mut self, kind: FileKind, suggested_name: &str) -> Option<PathBuf>;
    /// Opens a file in the system's viewer (which prints it).
    fn open_in_viewer(&mut self, path: &Path) -> Result<(), String>;
}

/// The operating system's dialogs (rfd).
pub struct NativeDialogs;

impl Dialogs for NativeDialogs {
    fn pick_open(&mut self, kind: FileKind) -> Option<PathBuf> {
        let (name, extensions) = kind.filter();
        rfd::FileDialog::new()
            .set_title(format!("Open {name}"))
            .add_filter(name, extensions)
            .pick_file()
    }

    fn pick_folder(&mut self) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title("Open clinic folder")
            .pick_folder()
    }

    fn pick_save(&mut self, kind: FileKind, suggested_name: &str) -> Option<PathBuf> {
        let (name, extensions) = kind.filter();
        rfd::FileDialog::new()
            .set_title(format!("Save {name}"))
            .add_filter(name, extensions)
            .set_file_name(suggested_name)
            .save_file()
    }

    fn open_in_viewer(&mut self, path: &Path) -> Result<(), String> {
        open::that_detached(path)
            .map_err(|error| format!("the PDF viewer could not be opened: {error}"))
    }
}

/// Answers every dialog with "cancel": for benchmarks and other headless runs.
pub struct NoDialogs;

impl Dialogs for NoDialogs {
    fn pick_open(&mut self, _kind: FileKind) -> Option<PathBuf> {
        None
    }

    fn pick_folder(&mut self) -> Option<PathBuf> {
        None
    }

    fn pick_save(&mut self, _kind: FileKind, _suggested_name: &str) -> Option<PathBuf> {
        None
    }

    fn open_in_viewer(&mut self, _path: &Path) -> Result<(), String> {
        Ok(())
    }
}
