//! Crash recovery: unsaved edits are written to a recovery file in the app's data folder —
//! never over the patient file — every 30 seconds and when the window loses focus. On the next
//! start the app offers them back; a save or a discard removes the file.

use std::path::{Path, PathBuf};
use std::time::Duration;

use eframe::egui;
use serde::{Deserialize, Serialize};

use crate::record::Record;

/// How often unsaved edits are written while they last.
pub const INTERVAL: Duration = Duration::from_secs(30);
const FILE_NAME: &str = "unsaved-patient.json";
/// Where a left-over file this version cannot read is moved (one written by a newer version,
/// say), so the next write does not replace it: that version can still restore it.
const UNREADABLE_NAME: &str = "unsaved-patient-unreadable.json";

/// What the recovery file holds: the edited record and the file it belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recovered {
    pub path: Option<PathBuf>,
    pub record: Record,
}

pub struct Recovery {
    file: PathBuf,
    /// What was last written, so an unchanged record is not written again.
    written: Option<Record>,
    /// Seconds (egui's clock) of the last write.
    last_write: f64,
}

impl Recovery {
    /// Recovery in `folder` (the app's data folder, or a test's).
    pub fn in_folder(folder: &Path) -> Self {
        Recovery {
            file: folder.join(FILE_NAME),
            written: None,
            last_write: 0.0,
        }
    }

    /// What a previous run left unsaved, if anything. A file that cannot be read is moved
    /// aside, never written over, and the error says where it is.
    pub fn left_over(&self) -> Result<Option<Recovered>, String> {
        let text = match std::fs::read_to_string(&self.file) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(error) => return Err(self.set_aside(&error.to_string())),
        };
        serde_json::from_str(&text).map_err(|error| self.set_aside(&error.to_string()))
    }

    fn set_aside(&self, why: &str) -> String {
        let aside = self.file.with_file_name(UNREADABLE_NAME);
        match std::fs::rename(&self.file, &aside) {
            Ok(()) => format!(
                "Unsaved changes left by an earlier run could not be read ({why}). They are kept \
                 in {}; the version of the app that wrote them may restore them.",
                aside.display()
            ),
            Err(error) => format!(
                "Unsaved changes left by an earlier run could not be read ({why}), nor moved \
                 aside ({error}). They are in {}.",
                self.file.display()
            ),
        }
    }

    /// Writes `record` if it is due: `now` is 30 s past the last write, or `now_too` (focus
    /// lost). A write that fails is said (the clinician should know the safety net is not
    /// there) and tried again at the next interval.
    pub fn keep(
        &mut self,
        record: &Record,
        path: Option<&Path>,
        now: f64,
        now_too: bool,
    ) -> Result<(), String> {
        let due = now_too || now - self.last_write >= INTERVAL.as_secs_f64();
        if !due || self.written.as_ref() == Some(record) {
            return Ok(());
        }
        let recovered = Recovered {
            path: path.map(Path::to_owned),
            record: record.clone(),
        };
        self.last_write = now;
        let bytes = serde_json::to_vec_pretty(&recovered).map_err(|error| error.to_string())?;
        if let Some(folder) = self.file.parent() {
            std::fs::create_dir_all(folder).map_err(|error| error.to_string())?;
        }
        crate::atomic::write(&self.file, &bytes).map_err(|error| error.to_string())?;
        self.written = Some(record.clone());
        Ok(())
    }

    /// Removes the recovery file this run wrote: the edits were saved or discarded.
    pub fn clear(&mut self) {
        if self.written.take().is_some() {
            let _ = std::fs::remove_file(&self.file);
        }
    }

    /// Takes over what a previous run left, once restored: it is this run's to keep up to date
    /// and to remove when the edits are saved or discarded.
    pub fn adopt(&mut self, recovered: &Recovered) {
        self.written = Some(recovered.record.clone());
    }

    /// Removes what a previous run left: the user declined to restore it.
    pub fn discard_left_over(&mut self) {
        self.written = None;
        let _ = std::fs::remove_file(&self.file);
    }
}

impl super::MonitorApp {
    /// Writes unsaved edits to the recovery file when due; removes it once there are none.
    pub(super) fn keep_unsaved(&mut self, ctx: &egui::Context) {
        if self.offers_recovery() {
            return; // the left-over file is still on offer
        }
        let Some(recovery) = &mut self.recovery else {
            return;
        };
        if self.document.is_dirty() {
            let (now, focus_lost) = ctx.input(|input| {
                let lost = input
                    .events
                    .iter()
                    .any(|event| matches!(event, egui::Event::WindowFocused(false)));
                (input.time, lost)
            });
            let kept = recovery.keep(
                self.document.record(),
                self.document.path(),
                now,
                focus_lost,
            );
            if let Err(error) = kept {
                self.notice = Some(format!(
                    "Unsaved changes could not be kept against a crash ({error}): save soon"
                ));
            }
            ctx.request_repaint_after(INTERVAL);
        } else {
            recovery.clear();
        }
    }
}
