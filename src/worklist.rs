//! A clinic's folder of patient files, most urgent first: each file loaded and assessed, and
//! every file that fails to load listed with its error, never skipped.

use std::cmp::Reverse;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;

use crate::knowledge::{RuleId, Severity};
use crate::record;
use crate::rules::{self, DueKind, Status};

/// One patient file of the folder.
#[derive(Debug, Serialize)]
pub struct Entry {
    pub file: PathBuf,
    /// The patient, or why the file could not be read.
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// How a file that could not be read is marked in the list, on screen and in the CLI's text.
pub const UNREADABLE: &str = "UNREADABLE";

#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum Outcome {
    Patient(Box<Patient>),
    Unreadable {
        #[serde(serialize_with = "as_text")]
        error: record::FileError,
    },
}

/// An error as its message, for `worklist --json`.
fn as_text<S: serde::Serializer>(
    error: &record::FileError,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_str(error)
}

/// What the worklist shows of a patient.
#[derive(Debug, Clone, Serialize)]
pub struct Patient {
    pub name: Option<String>,
    pub id: String,
    pub status: Status,
    pub most_severe: Option<TopFinding>,
    pub overdue: Vec<DueKind>,
    /// When the longest-overdue item fell due.
    pub overdue_since: Option<NaiveDate>,
    pub next_dose: Option<NaiveDate>,
    pub next_lab: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TopFinding {
    pub rule: RuleId,
    pub severity: Severity,
    pub title: String,
}

/// Loads and assesses every `*.json` entry of `folder` (not its subfolders), most urgent
/// first. Whatever is not a readable patient file — a link to a share that is not mounted, a
/// folder, a pipe — is listed as unreadable with its reason: no patient silently drops off.
pub fn scan(folder: &Path, today: NaiveDate) -> std::io::Result<Vec<Entry>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            path.extension()
                .is_some_and(|ext| ext.eq_ignore_ascii_case("json"))
        })
        .collect();
    files.sort();

    // Loading is most of the work; each core takes a share of the files.
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let share = files.len().div_ceil(threads).max(1);
    let mut entries: Vec<Entry> = std::thread::scope(|scope| {
        let workers: Vec<_> = files
            .chunks(share)
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .iter()
                        .map(|file| entry(file, today))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| worker.join().unwrap_or_default())
            .collect()
    });
    entries.sort_by_cached_key(urgency);
    Ok(entries)
}

fn entry(file: &Path, today: NaiveDate) -> Entry {
    let outcome = match record::load(file) {
        Ok(record) => {
            let assessment = rules::evaluate(&record, today);
            Outcome::Patient(Box::new(Patient {
                name: record.patient.name.clone(),
                id: record.patient.id.clone(),
                status: assessment.status,
                most_severe: assessment.findings.first().map(|finding| TopFinding {
                    rule: finding.rule,
                    severity: finding.severity,
                    title: finding.title.clone(),
                }),
                overdue: assessment
                    .due
                    .iter()
                    .filter(|due| due.overdue)
                    .map(|due| due.item)
                    .collect(),
                overdue_since: assessment
                    .due
                    .iter()
                    .filter(|due| due.overdue)
                    .map(|due| due.due)
                    .min(),
                next_dose: assessment.next_dose,
                next_lab: assessment.due_date(DueKind::LiverPanel),
            }))
        }
        Err(error) => Outcome::Unreadable { error },
    };
    Entry {
        file: file.to_owned(),
        outcome,
    }
}

/// Sorts most urgent first (see [`urgency`]).
type Urgency = (
    u8,
    Reverse<Option<Status>>,
    Reverse<bool>,
    NaiveDate,
    Reverse<Option<Severity>>,
    Option<NaiveDate>,
    Option<String>,
    PathBuf,
);

/// Most urgent first: unreadable files (nobody knows their state), then the most severe
/// status; within a status a critical finding first, then the longest overdue (a patient 10
/// years overdue before one 9 months overdue), then the most severe finding, the soonest dose;
/// then by name.
fn urgency(entry: &Entry) -> Urgency {
    match &entry.outcome {
        Outcome::Unreadable { .. } => (
            0,
            Reverse(None),
            Reverse(false),
            NaiveDate::MAX,
            Reverse(None),
            None,
            None,
            entry.file.clone(),
        ),
        Outcome::Patient(patient) => (
            1,
            Reverse(Some(patient.status)),
            Reverse(
                patient
                    .most_severe
                    .as_ref()
                    .is_some_and(|finding| finding.severity == Severity::Critical),
            ),
            patient.overdue_since.unwrap_or(NaiveDate::MAX),
            Reverse(patient.most_severe.as_ref().map(|finding| finding.severity)),
            Some(patient.next_dose.unwrap_or(NaiveDate::MAX)),
            patient.name.clone(),
            entry.file.clone(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{Lab, LabTest, LabUnit};

    #[test]
    fn unreadable_files_come_first_then_the_most_urgent() {
        let folder = tempfile::tempdir().expect("a folder");
        let today: NaiveDate = "2026-11-24".parse().expect("a date");
        let demo = record::parse(crate::DEMO_PATIENT).expect("valid");
        record::save(&demo, &folder.path().join("a-continue.json")).expect("saved");
        let mut withheld = demo.clone();
        withheld.patient.name = Some("Withheld Patient".to_owned());
        withheld.labs.push(Lab {
            date: today,
            test: LabTest::Alt,
            value: 400.0,
            unit: LabUnit::UnitsPerLitre,
            uln: Some(40.0),
            source: None,
        });
        record::save(&withheld, &folder.path().join("b-withhold.json")).expect("saved");
        std::fs::write(folder.path().join("c-broken.json"), "{").expect("written");
        std::fs::write(folder.path().join("notes.txt"), "not a patient").expect("written");

        let entries = scan(folder.path(), today).expect("scanned");
        let files: Vec<_> = entries
            .iter()
            .map(|e| {
                e.file
                    .file_name()
                    .expect("a name")
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(
            files,
            ["c-broken.json", "b-withhold.json", "a-continue.json"]
        );
        assert!(
            matches!(&entries[0].outcome, Outcome::Unreadable { error } if error.to_string().contains("c-broken.json"))
        );
    }
}
