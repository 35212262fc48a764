//! The open patient file: its record, where it lives, whether it is saved, the undo history,
//! and the assessment of the record as it stands (re-run on every change).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::record::{self, FileError, Fingerprint, Record};
use crate::rules::{self, Assessment};
use crate::trends::Trends;

/// How many edits undo remembers.
const UNDO_DEPTH: usize = 200;

pub struct Document {
    record: Record,
    /// Where it is saved; `None` for the demo and a new patient.
    path: Option<PathBuf>,
    /// The embedded demo patient, never saved over.
    is_demo: bool,
    /// The record as last loaded or saved, to know whether there are unsaved changes.
    saved: Record,
    undo: Vec<Record>,
    redo: Vec<Record>,
    assessment: Assessment,
    /// The series the plots draw, read with each assessment.
    trends: Trends,
    assessed_for: NaiveDate,
    /// The field of the last edit, while typing in it: its keystrokes make one undo step.
    typing_in: Option<&'static str>,
    /// The file's content as read or last written, to notice another workstation's save.
    on_disk: Option<Fingerprint>,
    /// Counts the changes to the record, so the app can tell that a frame made one.
    revision: u64,
}

impl Document {
    fn with(record: Record, path: Option<PathBuf>, is_demo: bool, today: NaiveDate) -> Self {
        let assessment = rules::evaluate(&record, today);
        let trends = Trends::new(&record, today);
        Document {
            saved: record.clone(),
            record,
            path,
            is_demo,
            undo: Vec::new(),
            redo: Vec::new(),
            assessment,
            trends,
            assessed_for: today,
            typing_in: None,
            on_disk: None,
            revision: 0,
        }
    }

    /// The embedded demo patient, its dates moved with `today`.
    pub fn demo(today: NaiveDate) -> Self {
        Self::with(crate::demo::patient(today), None, true, today)
    }

    /// A new patient: everything unknown.
    pub fn new_patient(today: NaiveDate) -> Self {
        Self::with(Record::new("NEW-PATIENT"), None, false, today)
    }

    /// A new patient made elsewhere (from an EHR's Bundle), not saved yet: all of it shows as
    /// unsaved, and Save asks where.
    pub fn unsaved(record: Record, today: NaiveDate) -> Self {
        let mut document = Self::with(Record::new(record.patient.id.clone()), None, false, today);
        document.edit(|blank| *blank = record);
        document
    }

    /// Opens a file; on failure nothing changes and the error names the problem.
    pub fn open(path: &Path, today: NaiveDate) -> Result<Self, FileError> {
        let (record, read) = record::load_checked(path)?;
        let mut document = Self::with(record, Some(path.to_owned()), false, today);
        document.on_disk = Some(read);
        Ok(document)
    }

    /// Edits recovered after a crash: the file is the saved state, so the recovered edits show
    /// as unsaved. A file that is gone leaves them as a patient not yet saved; one that no
    /// longer reads is an error, and nothing is restored over it.
    pub fn recovered(
        record: Record,
        path: Option<&Path>,
        today: NaiveDate,
    ) -> Result<Self, FileError> {
        let mut document = match path.map(|path| Self::open(path, today)) {
            Some(Ok(document)) => document,
            Some(Err(FileError::Read { source, .. }))
                if source.kind() == std::io::ErrorKind::NotFound =>
            {
                Self::with(Record::new("RECOVERED"), None, false, today)
            }
            Some(Err(error)) => return Err(error),
            None => Self::with(Record::new("RECOVERED"), None, false, today),
        };
        document.edit(|current| *current = record);
        Ok(document)
    }

    pub fn record(&self) -> &Record {
        &self.record
    }

    pub fn assessment(&self) -> &Assessment {
        &self.assessment
    }

    pub fn trends(&self) -> &Trends {
        &self.trends
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    pub fn is_demo(&self) -> bool {
        self.is_demo
    }

    pub fn is_dirty(&self) -> bool {
        self.record != self.saved
    }

    /// Changes the record as one undoable step and re-assesses it. An edit that changes
    /// nothing leaves no step.
    pub fn edit(&mut self, change: impl FnOnce(&mut Record)) {
        self.typing_in = None;
        self.change(change);
    }

    /// Changes the record as the user types in `field`: consecutive changes to the same field
    /// are one undo step, so undo takes back the whole word, not a letter.
    pub fn type_into(&mut self, field: &'static str, change: impl FnOnce(&mut Record)) {
        if self.typing_in == Some(field) && !self.undo.is_empty() {
            change(&mut self.record);
            self.redo.clear();
            self.reassess();
        } else {
            self.change(change);
            self.typing_in = Some(field);
        }
    }

    fn change(&mut self, change: impl FnOnce(&mut Record)) {
        let before = self.record.clone();
        change(&mut self.record);
        if self.record != before {
            self.undo.push(before);
            if self.undo.len() > UNDO_DEPTH {
                self.undo.remove(0);
            }
            self.redo.clear();
            self.reassess();
        }
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// What Undo takes back, in words ("added ALT 2026-11-24 160 U/L (ULN 40)").
    pub fn undo_label(&self) -> Option<String> {
        self.undo
            .last()
            .and_then(|previous| summary(record::changes(previous, &self.record)))
    }

    /// What Redo makes again, in words.
    pub fn redo_label(&self) -> Option<String> {
        self.redo
            .last()
            .and_then(|next| summary(record::changes(&self.record, next)))
    }

    pub fn undo(&mut self) {
        self.typing_in = None;
        if let Some(previous) = self.undo.pop() {
            self.restore(previous, false);
        }
    }

    pub fn redo(&mut self) {
        self.typing_in = None;
        if let Some(next) = self.redo.pop() {
            self.restore(next, true);
        }
    }

    /// Puts `version` back, keeping the change history: it only grows, with saves, and undo
    /// takes back edits, not saves.
    fn restore(&mut self, mut version: Record, redoing: bool) {
        version.audit.clone_from(&self.record.audit);
        let replaced = std::mem::replace(&mut self.record, version);
        if redoing {
            self.undo.push(replaced);
        } else {
            self.redo.push(replaced);
        }
        self.reassess();
    }

    /// Saves to `path` (atomically, under the file's lock), adding to the change history what
    /// this save changed; the document then lives there. Saving over its own file checks that
    /// nobody else changed it since it was read (`FileError::ChangedOnDisk`) unless
    /// `overwrite` says to replace their version.
    pub fn save_as(&mut self, path: &Path, overwrite: bool) -> Result<(), FileError> {
        let mut changes = record::changes(&self.saved, &self.record);
        if self.path.is_none() {
            changes.insert(0, "created".to_owned());
        }
        if changes.is_empty() {
            changes.push("saved unchanged".to_owned());
        }
        self.record
            .audit
            .push(record::audit_entry(changes.join("; ")));
        let own_file = self.path.as_deref() == Some(path);
        let expected = self.on_disk.filter(|_| own_file && !overwrite);
        match record::save_checked(&self.record, path, expected) {
            Ok(written) => {
                self.path = Some(path.to_owned());
                self.is_demo = false;
                self.saved = self.record.clone();
                self.on_disk = Some(written);
                Ok(())
            }
            Err(error) => {
                self.record.audit.pop();
                Err(error)
            }
        }
    }

    /// Re-assesses when the day has changed (the app stays open across midnight).
    pub fn assess_for(&mut self, today: NaiveDate) {
        if today != self.assessed_for {
            self.assessed_for = today;
            self.reassess();
        }
    }

    pub fn today(&self) -> NaiveDate {
        self.assessed_for
    }

    fn reassess(&mut self) {
        self.revision += 1;
        self.assessment = rules::evaluate(&self.record, self.assessed_for);
        self.trends = Trends::new(&self.record, self.assessed_for);
    }

    /// Counts the changes made so far: a different number means the record (or the day it is
    /// assessed for) changed.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// The window title: file name (or DEMO / new patient) and an unsaved marker.
    pub fn title(&self) -> String {
        let name = match (&self.path, self.is_demo) {
            (Some(path), _) => path.file_name().map_or_else(
                || path.display().to_string(),
                |name| name.to_string_lossy().into_owned(),
            ),
            (None, true) => "DEMO patient".to_owned(),
            (None, false) => "New patient".to_owned(),
        };
        let marker = if self.is_dirty() { " •" } else { "" };
        format!("{name}{marker} — Mipomersen Monitor")
    }
}

/// The first change, and how many more: "added ALT 2026-11-24 160 U/L (ULN 40) and 1 more".
fn summary(changes: Vec<String>) -> Option<String> {
    let more = changes.len().saturating_sub(1);
    let first = changes.into_iter().next()?;
    Some(if more == 0 {
        first
    } else {
        format!("{first} and {more} more")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).expect("valid")
    }

    #[test]
    fn edits_undo_and_redo_and_track_unsaved_changes() {
        let mut document = Document::demo(today());
        assert!(!document.is_dirty());
        document.edit(|record| record.notes = Some("changed".to_owned()));
        assert!(document.is_dirty());
        assert!(document.title().contains('•'));
        document.undo();
        assert!(!document.is_dirty());
        document.redo();
        assert_eq!(document.record().notes.as_deref(), Some("changed"));
    }

    #[test]
    fn typing_in_one_field_is_one_undo_step() {
        let mut document = Document::demo(today());
        for name in ["A", "Ad", "Ada"] {
            document.type_into("name", |record| record.patient.name = Some(name.to_owned()));
        }
        document.type_into("id", |record| record.patient.id = "X".to_owned());
        document.undo();
        assert_eq!(document.record().patient.name.as_deref(), Some("Ada"));
        document.undo();
        assert_eq!(
            document.record().patient.name.as_deref(),
            Some("Demo Patient (DEMO)")
        );
        assert!(!document.can_undo());
    }

    #[test]
    fn each_save_records_what_changed_and_undo_keeps_the_history() {
        let folder = tempfile::tempdir().expect("a folder");
        let path = folder.path().join("p.json");
        let mut document = Document::demo(today());
        document.edit(|record| record.notes = Some("first".to_owned()));
        document.save_as(&path, false).expect("saved");
        document.edit(|record| record.alcohol_drinks_per_day = Some(2.0));
        document.save_as(&path, false).expect("saved");
        let audit = &record::load(&path).expect("loads").audit;
        assert_eq!(audit.len(), 2);
        assert_eq!(audit[0].summary, "created; notes changed");
        assert_eq!(audit[1].summary, "alcohol use changed");
        assert!(!audit[1].user.is_empty());
        document.undo();
        assert_eq!(
            document.record().audit.len(),
            2,
            "undo takes back the edit, not the history"
        );
    }

    #[test]
    fn an_edit_that_changes_nothing_leaves_no_step() {
        let mut document = Document::demo(today());
        document.edit(|_| {});
        assert!(!document.can_undo());
    }

    #[test]
    fn a_failed_open_names_the_file() {
        let error = Document::open(Path::new("/no/such.json"), today())
            .err()
            .expect("fails");
        assert!(error.to_string().contains("/no/such.json"));
    }
}
