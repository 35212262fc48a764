//! The import commands: lab results from a CSV and entries from a FHIR Bundle into a patient
//! file, and a new patient file from a Bundle. Each prints what became of every row or entry,
//! then what changed; the file changes only by what was reported as taken.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use super::{Outcome, input_error, load, write_stdout};
use crate::interop::csv_labs::{self, CsvOptions};
use crate::interop::fhir::{self, FhirOptions};
use crate::interop::import::{Planned, apply};
use crate::record::{self, Record};

pub fn import_labs(csv: &Path, into: &Path, options: CsvOptions) -> Outcome {
    let mut patient = load(into)?;
    let bytes = read_input(csv)?;
    let import = csv_labs::read(&bytes, &patient, &options)
        .map_err(|error| input_error(&format!("{}: {error}", csv.display())))?;
    finish(&mut patient, &import.lines, &import.notes, csv, into)
}

pub fn import_fhir(bundle: &Path, into: &Path, options: &FhirOptions) -> Outcome {
    let mut patient = load(into)?;
    let value = read_bundle(bundle)?;
    let import = fhir::read(&value, &patient, options)
        .map_err(|error| input_error(&format!("{}: {error}", bundle.display())))?;
    finish(&mut patient, &import.lines, &import.notes, bundle, into)
}

/// A new patient file from a Bundle; never over an existing file.
pub fn new_from_fhir(bundle: &Path, new: &Path, options: &FhirOptions) -> Outcome {
    if new.exists() {
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
    record::save(&patient, new).map_err(|error| {
        eprintln!("error: {error}");
        ExitCode::from(1)
    })?;
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

/// Applies what the import took, saves if anything changed, and prints the report.
fn finish(
    patient: &mut Record,
    lines: &[Planned],
    notes: &[String],
    source: &Path,
    into: &Path,
) -> Outcome {
    let mut report = describe(lines, notes);
    let before = patient.clone();
    let applied = apply(patient, lines);
    if applied.changed() {
        let name = source.file_name().unwrap_or_default().to_string_lossy();
        let summary = format!(
            "imported from {name}: {}",
            record::changes(&before, patient).join("; ")
        );
        patient.audit.push(record::audit_entry(summary));
        record::save(patient, into).map_err(|error| {
            eprintln!("error: {error}");
            ExitCode::from(1)
        })?;
        let _ = writeln!(report, "{} to {}", applied.describe(), into.display());
    } else {
        let _ = writeln!(report, "nothing was added to {}", into.display());
    }
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
    let text =
        String::from_utf8_lossy(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes)).into_owned();
    serde_json::from_str(&text)
        .map_err(|error| input_error(&format!("{} is not JSON: {error}", path.display())))
}
