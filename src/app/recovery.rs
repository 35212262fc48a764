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

    /// What a previous run left unsaved, if anything (an unreadable file is not offered).
    pub fn left_over(&self) -> Option<Recovered> {
        let text = std::fs::read_to_string(&self.file).ok()?;
        serde_json::from_str(&text).ok()
    }

    /// Writes `record` if it is due: `now` is 30 s past the last write, or `now_too` (focus
    /// lost). Failures are kept quiet: recovery is a safety net, the patient file is the record.
    pub fn keep(&mut self, record: &Record, path: Option<&Path>, now: f64, now_too: bool) {
        let due = now_too || now - self.last_write >= INTERVAL.as_secs_f64();
        if !due || self.written.as_ref() == Some(record) {
            return;
        }
        let recovered = Recovered {
            path: path.map(Path::to_owned),
            record: record.clone(),
        };
        let written = serde_json::to_vec_pretty(&recovered)
            .ok()
            .is_some_and(|bytes| {
                self.file
                    .parent()
                    .is_some_and(|folder| std::fs::create_dir_all(folder).is_ok())
                    && crate::atomic::write(&self.file, &bytes).is_ok()
            });
        if written {
            self.written = Some(record.clone());
            self.last_write = now;
        }
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
            recovery.keep(
                self.document.record(),
                self.document.path(),
                now,
                focus_lost,
            );
            ctx.request_repaint_after(INTERVAL);
        } else {
            recovery.clear();
        }
    }
}
