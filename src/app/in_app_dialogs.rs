//! The app's own file dialog (`egui_file`), for a desktop where the system's cannot be shown: a
//! Linux without the xdg desktop portal's file chooser or zenity, where the native dialog would
//! fail silently. Immediate mode cannot wait for an answer, so a request first opens the dialog
//! and answers "not yet"; once the user picks or cancels, the app runs the same action again
//! and this time the request is answered (see `MonitorApp::retry_after_dialog`).

use std::path::{Path, PathBuf};

use eframe::egui;
use egui_file::{DialogType, FileDialog, State};

use super::dialogs::{Dialogs, FileKind, open_in_viewer};
use super::output_error::ViewerError;

/// What was asked for: the same request, asked again, gets the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Request {
    Open(FileKind),
    Folder,
    Save(FileKind),
}

#[derive(Default)]
pub struct InAppDialogs {
    /// Where the dialogs start; the working folder when `None`.
    folder: Option<PathBuf>,
    showing: Option<(Request, FileDialog)>,
    /// The answer to the last request once given: a path, or `None` when cancelled.
    answered: Option<(Request, Option<PathBuf>)>,
}

impl InAppDialogs {
    /// Dialogs that start in `folder`.
    pub fn starting_in(folder: &Path) -> Self {
        InAppDialogs {
            folder: Some(folder.to_owned()),
            ..InAppDialogs::default()
        }
    }

    /// The answer to `request` if the user gave it; otherwise opens the dialog for it.
    fn ask(&mut self, request: Request, suggested_name: Option<&str>) -> Option<PathBuf> {
        if let Some((asked, answer)) = self.answered.take()
            && asked == request
        {
            return answer;
        }
        let (what, extensions) = match request {
            Request::Open(kind) | Request::Save(kind) => kind.filter(),
            Request::Folder => ("clinic folder", &[][..]),
        };
        let mut dialog = match request {
            Request::Open(_) => FileDialog::open_file(),
            Request::Folder => FileDialog::select_folder(),
            Request::Save(_) => FileDialog::save_file(),
        };
        let verb = match request {
            Request::Save(_) => "Save",
            Request::Open(_) | Request::Folder => "Open",
        };
        dialog = dialog
            .title(&format!("{verb} {what} (no system dialog: the app's own)"))
            .show_rename(false)
            .default_size([640.0, 420.0]);
        if let Some(folder) = &self.folder {
            dialog = dialog.initial_path(folder);
        }
        if let Some(name) = suggested_name {
            dialog = dialog.default_filename(name);
        }
        if !extensions.is_empty() && dialog.dialog_type() == DialogType::OpenFile {
            let extensions: Vec<String> = extensions.iter().map(|e| (*e).to_owned()).collect();
            dialog = dialog.show_files_filter(Box::new(move |path: &Path| {
                path.extension().is_some_and(|ext| {
                    extensions
                        .iter()
                        .any(|wanted| ext.eq_ignore_ascii_case(wanted))
                })
            }));
        }
        dialog.open();
        self.showing = Some((request, dialog));
        None
    }
}

impl Dialogs for InAppDialogs {
    fn pick_open(&mut self, kind: FileKind) -> Option<PathBuf> {
        self.ask(Request::Open(kind), None)
    }

    fn pick_folder(&mut self) -> Option<PathBuf> {
        self.ask(Request::Folder, None)
    }

    fn pick_save(&mut self, kind: FileKind, suggested_name: &str) -> Option<PathBuf> {
        self.ask(Request::Save(kind), Some(suggested_name))
    }

    fn open_in_viewer(&mut self, path: &Path) -> Result<(), ViewerError> {
        open_in_viewer(path)
    }

    fn forget(&mut self) {
        self.answered = None;
    }

    fn waiting(&self) -> bool {
        self.showing.is_some()
    }

    fn show(&mut self, ctx: &egui::Context) -> bool {
        let Some((request, dialog)) = &mut self.showing else {
            return false;
        };
        let answer = match dialog.show(ctx).state() {
            State::Open => return false,
            State::Selected => dialog.path().map(Path::to_owned),
            State::Cancelled | State::Closed => None,
        };
        self.answered = Some((*request, answer));
        self.showing = None;
        true
    }
}
