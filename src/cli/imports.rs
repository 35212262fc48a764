//! The import commands: lab results from a CSV and entries from a FHIR Bundle into a patient
//! file, and a new patient file from a Bundle. Each prints what became of every row or entry,
//! then what changed; the file changes only by what was reported as taken. The patient file is
//! read, changed and written under its lock, so an import never loses another writer's work.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use super::{Outcome, input_error, write_stdout};
use crate::interop::csv_labs::{self, CsvOptions};
use crate::interop::fhir::{self, FhirOptions};
use crate::interop::import::{Planned, apply};
use crate::record::{self, FileError, Record};

/// Why an import stopped: the input cannot be used, or the patient file cannot be read or
/// written.
enum Failure {
    Input(String),
    File(FileError),
}

impl From<FileError> for Failure {
    fn from(error: FileError) -> Self {
        Failure::File(error)
    }
}

impl Failure {
    /// Exit 2 for input that cannot be used, 1 when the file cannot be written.
    fn report(self) -> ExitCode {
        match self {
            Failure::Input(message) => input_error(&message),
            Failure::File(
                error @ (FileError::Write { .. }
                | FileError::ChangedOnDisk { .. }
                | FileError::WouldBeTooLarge { .. }),
            ) => {
                eprintln!("error: {}", super::clip(&error.to_string()));
                ExitCode::from(1)
            }
            Failure::File(error) => input_error(&error),
        }
    }
}

pub fn import_labs(csv: &Path, into: &Path, options: CsvOptions) -> Outcome {
    let bytes = read_input(csv)?;
    merge(into, csv, |patient| {
        csv_labs::read(&bytes, patient, &options)
            .map(|import| (import.lines, import.notes))
            .map_err(|error| format!("{}: {error}", csv.display()))
    })
}

pub fn import_fhir(bundle: &Path, into: &Path, options: &FhirOptions) -> Outcome {
    let value = read_bundle(bundle)?;
    merge(into, bundle, |patient| {
        fhir::read(&value, patient, options)
            .map(|import| (import.lines, import.notes))
            .map_err(|error| format!("{}: {error}", bundle.display()))
    })
}

/// A new patient file from a Bundle; never over an existing file.
pub fn new_from_fhir(bundle: &Path, new: &Path, options: &FhirOptions) -> Outcome {
    if std::fs::symlink_metadata(new).is_ok() {
        return Err(input_error(&format!(
            "{} exists already: a new patient file is never written over another; import into \
             it with --into",
            new.display()
        )));
    }
    let value = read_bundle(bundle)?;
    let (mut patient, import) = fhir::new_patient(&value, options)
        .map_err(|error| input_error(&format!("{}: {error}", bundle.display())))?;
    let name = bundle.file_name().unwrap_or_default().to_string_lossy();
    patient
        .audit
        .push(record::audit_entry(format!("created from {name}")));
    record::save(&patient, new).map_err(|error| Failure::File(error).report())?;
    let mut report = describe(&import.lines, &import.notes);
    let _ = writeln!(
        report,
        "created {} for patient {}: {} lab results, {} doses, {} medications",
        new.display(),
        patient.patient.id,
        patient.labs.len(),
        patient.doses.len(),
        patient.medications.len()
    );
    Ok(write_stdout(&report))
}

/// Reads `into` under its lock, plans the import against it as it is now, applies what was
/// taken, saves, and prints the report.
fn merge(
    into: &Path,
    source: &Path,
    mut plan: impl FnMut(&Record) -> Result<(Vec<Planned>, Vec<String>), String>,
) -> Outcome {
    let name = source.file_name().unwrap_or_default().to_string_lossy();
    let report = record::update(into, |patient| {
        let (lines, notes) = plan(patient).map_err(Failure::Input)?;
        let mut report = describe(&lines, &notes);
        let before = patient.clone();
        let applied = apply(patient, &lines);
        if !applied.changed() {
            let _ = writeln!(report, "nothing was added to {}", into.display());
            return Ok((report, None));
        }
        let _ = writeln!(report, "{} to {}", applied.describe(), into.display());
        let summary = format!(
            "imported from {name}: {}",
            record::changes(&before, patient).join("; ")
        );
        Ok((report, Some(summary)))
    })
    .map_err(Failure::report)?;
    Ok(write_stdout(&report))
}

/// Every line of the plan, then the notes about the file.
fn describe(lines: &[Planned], notes: &[String]) -> String {
    let mut report: String = lines.iter().map(|line| line.describe() + "\n").collect();
    for note in notes {
        let _ = writeln!(report, "note: {note}");
    }
    report
}

/// An input file's bytes (a regular file of bounded size), or exit 2 naming it.
fn read_input(path: &Path) -> Result<Vec<u8>, ExitCode> {
    record::read_input(path).map_err(|error| input_error(&error))
}

/// A Bundle's JSON, or exit 2 naming the file and the problem.
fn read_bundle(path: &Path) -> Result<serde_json::Value, ExitCode> {
    let bytes = read_input(path)?;
    let text = String::from_utf8_lossy(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes));
    serde_json::from_str(&text)
        .map_err(|error| input_error(&format!("{} is not JSON: {error}", path.display())))
}
