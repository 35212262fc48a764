//! Native file dialogs, behind a trait so tests can script the answers (tests must never open
//! a real dialog).

use std::path::PathBuf;

pub trait Dialogs {
    /// A patient file to open; `None` when cancelled.
    fn pick_open(&mut self) -> Option<PathBuf>;
    /// Where to save; `None` when cancelled.
    fn pick_save(&mut self, suggested_name: &str) -> Option<PathBuf>;
}

/// The operating system's dialogs (rfd).
pub struct NativeDialogs;

impl Dialogs for NativeDialogs {
    fn pick_open(&mut self) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title("Open patient file")
            .add_filter("Patient file", &["json"])
            .pick_file()
    }

    fn pick_save(&mut self, suggested_name: &str) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title("Save patient file")
            .add_filter("Patient file", &["json"])
            .set_file_name(suggested_name)
            .save_file()
    }
}

/// Answers every dialog with "cancel": for benchmarks and other headless runs.
pub struct NoDialogs;

impl Dialogs for NoDialogs {
    fn pick_open(&mut self) -> Option<PathBuf> {
        None
    }

    fn pick_save(&mut self, _suggested_name: &str) -> Option<PathBuf> {
        None
    }
}
