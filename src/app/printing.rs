//! Printing: the clinic summary goes to a temporary PDF that the system's viewer opens and
//! prints. The file holds the whole record, so it does not outlive its use: it is removed once
//! the viewer has surely read it, at the latest when the app closes, and a start removes any a
//! crashed run left behind.

use std::path::Path;
use std::time::{Duration, Instant, SystemTime};

use tempfile::TempPath;

/// Long enough for any viewer to have opened the file.
const VIEWER_READS_WITHIN: Duration = Duration::from_mins(2);
/// Summaries older than this in the temporary folder were left by a run that crashed.
const LEFT_BY_A_CRASH: Duration = Duration::from_hours(1);
const PREFIX: &str = "mipomersen-summary-";

#[derive(Default)]
pub struct PrintJobs {
    /// Each printed file, removed when dropped, and when it was handed to the viewer.
    files: Vec<(TempPath, Instant)>,
}

impl PrintJobs {
    /// Writes the PDF to a new temporary file and returns its path, kept until it is removed.
    pub fn write(&mut self, pdf: &[u8]) -> std::io::Result<&Path> {
        let mut file = tempfile::Builder::new()
            .prefix(PREFIX)
            .suffix(".pdf")
            .tempfile()?;
        std::io::Write::write_all(&mut file, pdf)?;
        file.as_file().sync_all()?;
        self.files.push((file.into_temp_path(), Instant::now()));
        Ok(&self.files.last().expect("pushed above").0)
    }

    /// Removes the files every viewer has read by now.
    pub fn tidy(&mut self) {
        self.files
            .retain(|(_, handed)| handed.elapsed() < VIEWER_READS_WITHIN);
    }

    /// Whether files wait to be removed (so the app wakes to remove them).
    pub fn pending(&self) -> bool {
        !self.files.is_empty()
    }
}

/// Removes summaries that a run which crashed left in the temporary folder.
pub fn remove_left_over() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let old = entry
            .metadata()
            .and_then(|metadata| metadata.modified())
            .ok()
            .and_then(|modified| SystemTime::now().duration_since(modified).ok())
            .is_some_and(|age| age > LEFT_BY_A_CRASH);
        let pdf = Path::new(&name)
            .extension()
            .is_some_and(|ext| ext.eq_ignore_ascii_case("pdf"));
        if name.starts_with(PREFIX) && pdf && old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_printed_file_is_removed_when_the_jobs_are_dropped() {
        let mut jobs = PrintJobs::default();
        let path = jobs.write(b"%PDF-1.7").expect("written").to_owned();
        assert!(path.exists());
        jobs.tidy();
        assert!(path.exists(), "the viewer may still be reading it");
        drop(jobs);
        assert!(!path.exists());
    }
}
