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
        self.recent_files.retain(|recent| recent != path);
        self.recent_files.insert(0, path.to_owned());
        self.recent_files.truncate(RECENT_FILES);
    }
}
