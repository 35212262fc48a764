//! The desktop app (eframe): one open patient file, its live assessment, and the panels.
//!
//! Laid out as rerun's viewer is: this module holds the app's state and `eframe::App`;
//! `ui` draws the menus, tabs and panels; `modal` the dialogs and their answers;
//! `command_handling` carries out the [`Command`]s that menus, shortcuts and panels issue,
//! once, at the end of the frame. Every edit goes through the [`Document`], which re-runs the
//! rules.

mod command;
mod command_handling;
mod dialogs;
mod document;
mod dose_confirmation;
mod icon;
mod import_preview;
mod in_app_dialogs;
mod modal;
mod output_error;
mod panels;
mod prefs;
mod printing;
mod recovery;
mod style;
mod ui;
mod widgets;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use eframe::egui::{self, Ui};

pub use command::Command;
pub use dialogs::{Dialogs, FileKind, NativeDialogs, NoDialogs};
pub use document::Document;
pub use in_app_dialogs::InAppDialogs;
pub use output_error::{OutputError, ViewerError};
pub use panels::Tab;

use modal::Modal;
use panels::Forms;
use prefs::Preferences;

/// What the app opens on start.
pub enum Start {
    Demo,
    File(PathBuf),
}

/// What the user did that may ask for a file: a command, or the answer to a dialog.
#[derive(Debug, Clone)]
enum Action {
    Command(Command),
    Answer(Modal, modal::Answer),
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
    /// What waits for a save that the "Save changes?" guard started, so that a save that does
    /// not complete (changed on disk, a cancelled Save As) keeps it rather than dropping it.
    after_save: Option<modal::Pending>,
    /// The clinic folder's worklist, once opened, and whether it is showing.
    worklist: Option<panels::WorklistView>,
    showing_worklist: bool,
    /// Where unsaved edits are kept against a crash; `None` without a data folder.
    recovery: Option<recovery::Recovery>,
    /// Printed summaries, removed once the viewer has them.
    printing: printing::PrintJobs,
    /// What the last file action did ("Saved to …"), shown at the bottom of the window.
    notice: Option<String>,
    /// The last command or dialog answer, to run again once the app's own file dialog has the
    /// answer it asked for.
    asked_by: Option<Action>,
    shown_title: String,
}

/// The name eframe keeps the preferences and the recovery file under.
const APP_ID: &str = "Mipomersen Monitor";

/// Opens the window: the app as `cargo run --release` starts it, with crash recovery in the
/// app's data folder.
pub fn run(start: Start) -> eframe::Result {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Mipomersen Monitor")
            .with_inner_size([1280.0, 820.0])
            .with_min_inner_size([1024.0, 640.0])
            .with_icon(icon::window_icon()),
        ..Default::default()
    };
    eframe::run_native(
        APP_ID,
        options,
        Box::new(|cc| {
            let app = MonitorApp::new(cc, start, dialogs::best_available(), None);
            Ok(Box::new(match eframe::storage_dir(APP_ID) {
                Some(folder) => app.with_recovery_folder(&folder),
                None => app,
            }))
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
        style::apply(&cc.egui_ctx);
        if let Some(dark) = prefs.dark_mode {
            cc.egui_ctx.set_theme(if dark {
                egui::Theme::Dark
            } else {
                egui::Theme::Light
            });
        }
        let today = fixed_today.unwrap_or_else(local_today);
        printing::remove_left_over();
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
            after_save: None,
            shown_title: String::new(),
            recovery: None,
            printing: printing::PrintJobs::default(),
            notice: None,
            asked_by: None,
            worklist: None,
            showing_worklist: false,
        };
        if let Start::File(path) = start {
            app.open(&path);
        }
        app
    }

    /// Keeps unsaved edits against a crash in `folder` (the app's data folder, or a test's),
    /// and offers back what a previous run left there.
    #[must_use]
    pub fn with_recovery_folder(mut self, folder: &Path) -> Self {
        let recovery = recovery::Recovery::in_folder(folder);
        match recovery.left_over() {
            Ok(Some(recovered)) if self.modal.is_none() => {
                self.modal = Some(Modal::Recover(Box::new(recovered)));
            }
            Ok(_) => {}
            Err(message) => self.show_error("Unsaved changes were not restored", message),
        }
        self.recovery = Some(recovery);
        self
    }

    pub fn document(&self) -> &Document {
        &self.document
    }

    pub fn select_tab(&mut self, tab: Tab) {
        self.tab = tab;
    }

    /// Whether the app is offering to restore unsaved edits.
    pub fn offers_recovery(&self) -> bool {
        matches!(self.modal, Some(Modal::Recover(_)))
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
        matches!(self.modal, Some(Modal::ChangedOnDisk))
    }

    /// Whether the unsaved-changes question is showing.
    pub fn asks_to_save(&self) -> bool {
        matches!(self.modal, Some(Modal::UnsavedChanges(_)))
    }

    fn today(&self) -> NaiveDate {
        self.fixed_today.unwrap_or_else(local_today)
    }

    /// The window's close button asks about unsaved changes too; while a dialog is open it
    /// waits for its answer (a reason typed into it is not thrown away).
    fn close_request(&mut self, ctx: &egui::Context) {
        if ctx.input(|input| input.viewport().close_requested())
            && self.document.is_dirty()
            && !self.closing
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            if self.modal.is_some() {
                self.notice = Some("Answer the open dialog, then close the window".to_owned());
            } else {
                self.modal = Some(Modal::UnsavedChanges(modal::Pending::Close));
            }
        }
    }
}

fn local_today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

impl eframe::App for MonitorApp {
    /// Before anything is drawn: the day's assessment, shortcuts, the close request and the
    /// window title.
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        self.document.assess_for(self.today());
        self.printing.tidy();
        if self.printing.pending() {
            ctx.request_repaint_after(std::time::Duration::from_secs(30));
        }
        if self.modal.is_none() && !self.dialogs.waiting() {
            self.shortcuts(ctx);
        }
        self.close_request(ctx);
        let title = self.document.title();
        if title != self.shown_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.shown_title = title;
        }
    }

    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        let revision = self.document.revision();
        if self.dialogs.waiting() {
            // The app's own file dialog is open: nothing else is done until it is answered,
            // so that the action that asked is the one that gets the answer.
            ui.disable();
        }
        self.main_ui(ui);
        self.modal_ui(&ctx);
        for command in std::mem::take(&mut self.commands) {
            let asked_by = Action::Command(command.clone());
            self.run_command(command, &ctx);
            self.remember_if_asked(asked_by);
        }
        if self.dialogs.show(&ctx) {
            self.retry_after_dialog(&ctx);
        }
        if self.document.revision() != revision {
            // An edit (in a panel, an answer or a command) changes the status the header
            // already drew: draw the frame again, logic first, so the header and the title
            // show the status of this frame's edit.
            ctx.request_discard("an edit changed the assessment");
            ctx.request_repaint();
        }
        self.keep_unsaved(&ctx);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.prefs.store(storage);
    }
}
