//! Preferences kept between runs through eframe's storage: the theme and recent files. Never
//! patient data (window geometry eframe keeps by itself).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::report::Paper;

const KEY: &str = "mipomersen-monitor-preferences";
const RECENT_FILES: usize = 8;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Preferences {
    pub dark_mode: Option<bool>,
    pub recent_files: Vec<PathBuf>,
    /// Clinic folders whose worklist was opened, most recent first.
    pub recent_folders: Vec<PathBuf>,
    /// The paper of printed summaries; A4 until chosen.
    pub paper: Option<Paper>,
    /// The identifier system of the clinic's medical record numbers (FHIR import and export).
    pub mrn_system: Option<String>,
}

impl Preferences {
    pub fn load(storage: Option<&dyn eframe::Storage>) -> Self {
        storage
            .and_then(|storage| eframe::get_value(storage, KEY))
            .unwrap_or_default()
    }

    pub fn store(&self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, KEY, self);
    }

    /// Puts `path` first in the recent files.
    pub fn opened(&mut self, path: &Path) {
        put_first(&mut self.recent_files, path);
    }

    /// Puts `folder` first in the recent clinic folders.
    pub fn opened_folder(&mut self, folder: &Path) {
        put_first(&mut self.recent_folders, folder);
    }
}

fn put_first(recent: &mut Vec<PathBuf>, path: &Path) {
    recent.retain(|known| known != path);
    recent.insert(0, path.to_owned());
    recent.truncate(RECENT_FILES);
}
