//! The headless commands of SPEC.md §5, behind the same core as the app.
//!
//! Exit codes: 0 when the command did its work (whatever the clinical status), 2 for input that
//! cannot be used (an invalid patient file, a bad argument), 1 when the output cannot be
//! written.

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{NaiveDate, NaiveTime};
use clap::{Parser, Subcommand};

mod imports;
mod text;

use crate::interop::csv_labs::CsvOptions;
use crate::interop::dates::DateOrder;
use crate::interop::fhir::FhirOptions;
use crate::interop::ics::{self, Audience};
use crate::interop::values::Decimal;
use crate::report::{self, Kind, Paper};
use crate::rules;
use crate::{record, worklist};
pub use text::text_report;
use text::worklist_table;

#[derive(Parser)]
#[command(
    name = "mipomersen-monitor",
    version,
    about = "Monitors mipomersen (Kynamro) therapy from the patient's file.",
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// A patient file to open in the app.
    file: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Assess a patient file: status, findings, due items and the next dose.
    Check {
        /// The patient file (JSON, format v2; v1 files are read too).
        file: PathBuf,
        /// Evaluate as of this date (YYYY-MM-DD); default: today's local date.
        #[arg(long, value_name = "YYYY-MM-DD")]
        today: Option<NaiveDate>,
        /// Print one JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Write the printed summary (PDF): the clinic summary, or with --handout the patient's.
    Summary {
        /// The patient file (JSON, format v2; v1 files are read too).
        file: PathBuf,
        /// Where to write the PDF.
        #[arg(short, long, value_name = "OUT.pdf")]
        output: PathBuf,
        /// Assess as of this date (YYYY-MM-DD); default: today's local date.
        #[arg(long, value_name = "YYYY-MM-DD")]
        today: Option<NaiveDate>,
        /// The patient handout instead of the clinic summary.
        #[arg(long)]
        handout: bool,
        /// Paper size.
        #[arg(long, value_enum, default_value = "a4")]
        paper: PaperArg,
    },
    /// Add lab results from a laboratory system's CSV export to a patient file; each row is
    /// reported with its line: taken (converted, censored, correcting), already recorded,
    /// passed over (another patient, cancelled, preliminary, not followed) or refused.
    ImportLabs {
        /// The CSV file (UTF-8 or Windows-1252; comma, semicolon or tab).
        csv: PathBuf,
        /// The patient file to add the results to (saved, its previous version kept as .bak).
        #[arg(long, value_name = "PATIENT.json")]
        into: PathBuf,
        /// The order of day and month in dates such as 03/02/2026, when the file cannot tell.
        #[arg(long, value_enum)]
        date_order: Option<DateOrderArg>,
        /// Numbers use a decimal comma (1.234,5), when the file cannot tell.
        #[arg(long, conflicts_with = "decimal_point")]
        decimal_comma: bool,
        /// Numbers use a decimal point (1,234.5), when the file cannot tell.
        #[arg(long)]
        decimal_point: bool,
    },
    /// Write the patient file as a FHIR R4 Bundle: a collection, or a transaction a FHIR
    /// server loads (each entry created unless the server holds it already).
    ExportFhir {
        /// The patient file (JSON, format v2; v1 files are read too).
        file: PathBuf,
        /// Where to write the Bundle.
        #[arg(short, long, value_name = "BUNDLE.json")]
        output: PathBuf,
        /// The Bundle's type.
        #[arg(long = "type", value_enum, default_value = "collection")]
        bundle_type: BundleType,
        /// The clinic's identifier system for medical record numbers (default
        /// urn:mipomersen-monitor:patient-id).
        #[arg(long, value_name = "URI")]
        mrn_system: Option<String>,
    },
    /// Merge this patient's lab results and mipomersen doses from a FHIR R4 Bundle into a
    /// patient file, or create a new patient file from the Bundle (--new); every entry is
    /// reported with what became of it.
    ImportFhir {
        /// The Bundle (JSON).
        bundle: PathBuf,
        /// The patient file to merge into (saved, its previous version kept as .bak).
        #[arg(
            long,
            value_name = "PATIENT.json",
            required_unless_present = "new",
            conflicts_with = "new"
        )]
        into: Option<PathBuf>,
        /// Create this new patient file from the Bundle's Patient, results, doses and
        /// medications (never over an existing file).
        #[arg(long, value_name = "PATIENT.json")]
        new: Option<PathBuf>,
        /// The clinic's identifier system for medical record numbers (besides type MR).
        #[arg(long, value_name = "URI")]
        mrn_system: Option<String>,
        /// The subject reference that is this patient, where the Bundle cannot tell
        /// (Patient/f001).
        #[arg(long, value_name = "REFERENCE")]
        subject: Option<String>,
    },
    /// Write the next 12 weeks of doses and the due lab dates as an iCalendar file; imported
    /// again, it replaces what an earlier export put in the calendar.
    ExportIcs {
        /// The patient file (JSON, format v2; v1 files are read too).
        file: PathBuf,
        /// Where to write the calendar.
        #[arg(short, long, value_name = "SCHEDULE.ics")]
        output: PathBuf,
        /// Assess as of this date (YYYY-MM-DD); default: today's local date.
        #[arg(long, value_name = "YYYY-MM-DD")]
        today: Option<NaiveDate>,
        /// The patient's own calendar: plain words, no record number, name or rule IDs.
        #[arg(long, conflicts_with = "with_name")]
        for_patient: bool,
        /// Put the patient's name in the clinic's calendar (its name and every event).
        #[arg(long)]
        with_name: bool,
        /// The time of day doses are given (local time): timed doses, with a reminder to take
        /// the syringe out of the refrigerator 30 minutes before; default: all-day doses.
        #[arg(long, value_name = "HH:MM")]
        dose_time: Option<String>,
    },
    /// Every patient file in a folder, most urgent first; unreadable files are listed too.
    Worklist {
        /// The folder of patient files.
        folder: PathBuf,
        /// Assess as of this date (YYYY-MM-DD); default: today's local date.
        #[arg(long, value_name = "YYYY-MM-DD")]
        today: Option<NaiveDate>,
        /// Print one JSON array instead of a table.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum DateOrderArg {
    /// Month first: 11/02/2026 is 2 November (US).
    Mdy,
    /// Day first: 11/02/2026 is 11 February.
    Dmy,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum PaperArg {
    A4,
    Letter,
}

/// What `main` should do after parsing: a headless command ran, or the app should open.
pub enum Launch {
    Done(ExitCode),
    App(Option<PathBuf>),
}

/// Parses the arguments and runs a headless command if one was given.
pub fn run(args: impl IntoIterator<Item = OsString>) -> Launch {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            let code = if error.use_stderr() { 2 } else { 0 };
            // Printing help or a usage error can only fail on a closed terminal.
            let _ = error.print();
            return Launch::Done(ExitCode::from(code));
        }
    };
    let Some(command) = cli.command else {
        return Launch::App(cli.file);
    };
    let outcome = match command {
        Command::Check { file, today, json } => check(&file, today, json),
        Command::Summary {
            file,
            output,
            today,
            handout,
            paper,
        } => {
            let kind = if handout {
                Kind::PatientHandout
            } else {
                Kind::ClinicSummary
            };
            let paper = match paper {
                PaperArg::A4 => Paper::A4,
                PaperArg::Letter => Paper::Letter,
            };
            summary(&file, &output, today, kind, paper)
        }
        Command::Worklist {
            folder,
            today,
            json,
        } => worklist(&folder, today, json),
        Command::ExportIcs {
            file,
            output,
            today,
            for_patient,
            with_name,
            dose_time,
        } => {
            let audience = if for_patient {
                Audience::Patient
            } else {
                Audience::Clinic { with_name }
            };
            export_ics(&file, &output, today, audience, dose_time.as_deref())
        }
        Command::ImportLabs {
            csv,
            into,
            date_order,
            decimal_comma,
            decimal_point,
        } => {
            let options = CsvOptions {
                date_order: date_order.map(|order| match order {
                    DateOrderArg::Mdy => DateOrder::MonthFirst,
                    DateOrderArg::Dmy => DateOrder::DayFirst,
                }),
                decimal: match (decimal_comma, decimal_point) {
                    (true, _) => Some(Decimal::Comma),
                    (_, true) => Some(Decimal::Point),
                    _ => None,
                },
            };
            imports::import_labs(&csv, &into, options)
        }
        Command::ExportFhir {
            file,
            output,
            bundle_type,
            mrn_system,
        } => export_fhir(&file, &output, bundle_type, mrn_system),
        Command::ImportFhir {
            bundle,
            into,
            new,
            mrn_system,
            subject,
        } => {
            let options = FhirOptions {
                mrn_system,
                subject,
            };
            match (into, new) {
                (Some(into), _) => imports::import_fhir(&bundle, &into, &options),
                (None, Some(new)) => imports::new_from_fhir(&bundle, &new, &options),
                (None, None) => Err(input_error(&"name the patient file: --into or --new")),
            }
        }
    };
    Launch::Done(outcome.unwrap_or_else(|failed| failed))
}

/// What a command ends with: its exit code, or (as `Err`) the code of a failure it has already
/// reported on stderr.
type Outcome = Result<ExitCode, ExitCode>;

/// A patient file, or exit 2 with the one-line reason.
pub(super) fn load(file: &std::path::Path) -> Result<record::Record, ExitCode> {
    record::load(file).map_err(|error| input_error(&error))
}

/// `--today`, else today's local date.
fn today_or_local(today: Option<NaiveDate>) -> NaiveDate {
    today.unwrap_or_else(|| chrono::Local::now().date_naive())
}

fn check(file: &std::path::Path, today: Option<NaiveDate>, json: bool) -> Outcome {
    let record = load(file)?;
    let today = today_or_local(today);
    let assessment = rules::evaluate(&record, today);
    let output = if json {
        let mut text = serde_json::to_string_pretty(&assessment)
            .expect("an assessment has only string keys and finite numbers");
        text.push('\n');
        text
    } else {
        text_report(&record, &assessment, today)
    };
    Ok(write_stdout(&output))
}

fn summary(
    file: &std::path::Path,
    output: &std::path::Path,
    today: Option<NaiveDate>,
    kind: Kind,
    paper: Paper,
) -> Outcome {
    let record = load(file)?;
    let now = chrono::Local::now().fixed_offset();
    let today = today.unwrap_or_else(|| now.date_naive());
    let assessment = rules::evaluate(&record, today);
    match report::pdf(kind, &record, &assessment, today, now, paper) {
        Ok(pdf) => Ok(write_file(output, file, &pdf)),
        Err(error) => {
            eprintln!("error: {error}");
            Err(ExitCode::from(1))
        }
    }
}

/// The kinds of FHIR Bundle `export-fhir` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BundleType {
    Collection,
    Transaction,
}

fn export_fhir(
    file: &std::path::Path,
    output: &std::path::Path,
    bundle_type: BundleType,
    mrn_system: Option<String>,
) -> Outcome {
    let options = crate::interop::fhir::ExportOptions {
        transaction: bundle_type == BundleType::Transaction,
        mrn_system,
    };
    let record = load(file)?;
    let now = chrono::Local::now().fixed_offset();
    let bundle = crate::interop::fhir::export_text(&record, &options, now);
    Ok(write_file(output, file, bundle.as_bytes()))
}

fn export_ics(
    file: &std::path::Path,
    output: &std::path::Path,
    today: Option<NaiveDate>,
    audience: Audience,
    dose_time: Option<&str>,
) -> Outcome {
    let dose_time = dose_time
        .map(|text| time_of_day(text).map_err(|error| input_error(&error)))
        .transpose()?;
    let record = load(file)?;
    let today = today_or_local(today);
    let assessment = rules::evaluate(&record, today);
    let options = ics::Options {
        audience,
        dose_time,
    };
    let calendar = ics::schedule(&record, &assessment, today, options, chrono::Utc::now());
    Ok(write_file(output, file, calendar.as_bytes()))
}

/// `--dose-time` as a time of day, or a sentence saying what it should be.
fn time_of_day(text: &str) -> Result<NaiveTime, String> {
    NaiveTime::parse_from_str(text, "%H:%M").map_err(|_| {
        format!("--dose-time {text} is not a time of day: give it as HH:MM, from 00:00 to 23:59")
    })
}

/// Writes an output file whole, never over its input or a patient file; or says why not
/// (exit 2 for a refused name, 1 when it cannot be written).
fn write_file(output: &std::path::Path, input: &std::path::Path, bytes: &[u8]) -> ExitCode {
    match record::write_output(output, &[input], bytes) {
        Ok(()) => ExitCode::SUCCESS,
        Err(
            error @ (record::FileError::OutputIsInput { .. }
            | record::FileError::OutputIsPatientFile { .. }),
        ) => input_error(&error),
        Err(error) => {
            eprintln!("error: {}", clip(&error.to_string()));
            ExitCode::from(1)
        }
    }
}

fn worklist(folder: &std::path::Path, today: Option<NaiveDate>, json: bool) -> Outcome {
    let today = today_or_local(today);
    let entries = worklist::scan(folder, today).map_err(|error| {
        input_error(&format!(
            "cannot read the folder {}: {error}",
            folder.display()
        ))
    })?;
    let output = if json {
        let mut text = serde_json::to_string_pretty(&entries).expect("a worklist is plain data");
        text.push('\n');
        text
    } else {
        worklist_table(&entries, today)
    };
    Ok(write_stdout(&output))
}

/// One line on stderr naming the problem; exit 2.
pub(super) fn input_error(error: &dyn std::fmt::Display) -> ExitCode {
    eprintln!("error: {}", clip(&error.to_string()));
    ExitCode::from(2)
}

/// An error as one line of readable length: a 10 MB patient ID in a file is not echoed whole.
pub(super) fn clip(message: &str) -> String {
    const LONGEST: usize = 600;
    let line = message.replace(['\n', '\r'], " ");
    if line.chars().count() <= LONGEST {
        line
    } else {
        let mut clipped: String = line.chars().take(LONGEST - 1).collect();
        clipped.push('…');
        clipped
    }
}

pub(super) fn write_stdout(text: &str) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`| head`) is the reader's choice, not a failure.
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: cannot write the output: {error}");
            ExitCode::from(1)
        }
    }
}
