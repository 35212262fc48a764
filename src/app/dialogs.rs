//! The app's hand-offs to the operating system — file dialogs and the PDF viewer — behind a
//! trait, so tests can script the answers (tests must never open a real dialog or viewer).

use super::output_error::ViewerError;
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
    pub(super) fn filter(self) -> (&'static str, &'static [&'static str]) {
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
    fn open_in_viewer(&mut self, path: &Path) -> Result<(), ViewerError>;
    /// Whether a dialog is still open in the window (the app's own), its answer to come.
    fn waiting(&self) -> bool {
        false
    }
    /// Draws a dialog open in the window; true once the user answered it, so that the action
    /// that asked runs again and gets the answer.
    fn show(&mut self, _ctx: &eframe::egui::Context) -> bool {
        false
    }
    /// Drops an answer no action took.
    fn forget(&mut self) {}
}

/// The system's viewer for `path`.
pub fn open_in_viewer(path: &Path) -> Result<(), ViewerError> {
    open::that_detached(path).map_err(|error| {
        if error.kind() == std::io::ErrorKind::NotFound {
            ViewerError::NoViewer
        } else {
            ViewerError::DidNotStart
        }
    })
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

    fn open_in_viewer(&mut self, path: &Path) -> Result<(), ViewerError> {
        open_in_viewer(path)
    }
}

/// The system's dialogs where they can be shown, else the app's own (and why, in its title).
/// `MIPOMERSEN_DIALOGS=in-app` chooses the app's own anywhere.
pub fn best_available() -> Box<dyn Dialogs> {
    let in_app = std::env::var("MIPOMERSEN_DIALOGS").is_ok_and(|choice| choice == "in-app");
    if in_app || !system_dialogs_available() {
        Box::new(super::in_app_dialogs::InAppDialogs::default())
    } else {
        Box::new(NativeDialogs)
    }
}

/// On Linux the system's dialog is the xdg desktop portal's file chooser, reached over the
/// session bus, or else zenity; without either, rfd fails silently.
#[cfg(all(unix, not(target_os = "macos")))]
fn system_dialogs_available() -> bool {
    let on_path = |program: &str| {
        std::env::var_os("PATH").is_some_and(|paths| {
            std::env::split_paths(&paths).any(|dir| dir.join(program).is_file())
        })
    };
    let session_bus = std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some()
        || std::env::var_os("XDG_RUNTIME_DIR")
            .is_some_and(|runtime| Path::new(&runtime).join("bus").exists());
    (session_bus && portal_file_chooser_installed()) || on_path("zenity")
}

/// Whether a portal backend that offers the file chooser is installed (each declares its
/// interfaces in a `.portal` file).
#[cfg(all(unix, not(target_os = "macos")))]
fn portal_file_chooser_installed() -> bool {
    let data_dirs = std::env::var("XDG_DATA_DIRS")
        .ok()
        .filter(|dirs| !dirs.is_empty())
        .unwrap_or_else(|| "/usr/local/share:/usr/share".to_owned());
    std::env::split_paths(&data_dirs)
        .filter_map(|dir| std::fs::read_dir(dir.join("xdg-desktop-portal/portals")).ok())
        .flatten()
        .flatten()
        .any(|entry| {
            std::fs::read_to_string(entry.path())
                .is_ok_and(|text| text.contains("org.freedesktop.impl.portal.FileChooser"))
        })
}

/// Windows and macOS always have their dialogs.
#[cfg(not(all(unix, not(target_os = "macos"))))]
fn system_dialogs_available() -> bool {
    true
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

    fn open_in_viewer(&mut self, _path: &Path) -> Result<(), ViewerError> {
        Ok(())
    }
}
