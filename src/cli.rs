//! The headless commands of SPEC.md §5, behind the same core as the app.
//!
//! Exit codes: 0 when the command did its work (whatever the clinical status), 2 for input that
//! cannot be used (an invalid patient file, a bad argument), 1 when the output cannot be
//! written.

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};

use crate::report::{self, Kind, Paper};
use crate::rules::{self, Assessment};
use crate::{atomic, record, worklist};

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
    /// reported as accepted, converted, already recorded or rejected, with its line.
    ImportLabs {
        /// The CSV file.
        csv: PathBuf,
        /// The patient file to add the results to (saved, its previous version kept as .bak).
        #[arg(long, value_name = "PATIENT.json")]
        into: PathBuf,
    },
    /// Write the patient file as a FHIR R4 Bundle (type collection).
    ExportFhir {
        /// The patient file (JSON, format v2; v1 files are read too).
        file: PathBuf,
        /// Where to write the Bundle.
        #[arg(short, long, value_name = "BUNDLE.json")]
        output: PathBuf,
    },
    /// Merge the lab results and mipomersen doses of a FHIR R4 Bundle into a patient file.
    ImportFhir {
        /// The Bundle (JSON).
        bundle: PathBuf,
        /// The patient file to merge into (saved, its previous version kept as .bak).
        #[arg(long, value_name = "PATIENT.json")]
        into: PathBuf,
    },
    /// Write the next 12 weeks of doses and the due lab dates as an iCalendar file.
    ExportIcs {
        /// The patient file (JSON, format v2; v1 files are read too).
        file: PathBuf,
        /// Where to write the calendar.
        #[arg(short, long, value_name = "SCHEDULE.ics")]
        output: PathBuf,
        /// Assess as of this date (YYYY-MM-DD); default: today's local date.
        #[arg(long, value_name = "YYYY-MM-DD")]
        today: Option<NaiveDate>,
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
        } => export_ics(&file, &output, today),
        Command::ImportLabs { csv, into } => import_labs(&csv, &into),
        Command::ExportFhir { file, output } => export_fhir(&file, &output),
        Command::ImportFhir { bundle, into } => import_fhir(&bundle, &into),
    };
    Launch::Done(outcome.unwrap_or_else(|failed| failed))
}

/// What a command ends with: its exit code, or (as `Err`) the code of a failure it has already
/// reported on stderr.
type Outcome = Result<ExitCode, ExitCode>;

/// A patient file, or exit 2 with the one-line reason.
fn load(file: &std::path::Path) -> Result<record::Record, ExitCode> {
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
    let now = chrono::Local::now().naive_local();
    let today = today.unwrap_or_else(|| now.date());
    let assessment = rules::evaluate(&record, today);
    match report::pdf(kind, &record, &assessment, today, now, paper) {
        Ok(pdf) => Ok(write_file(output, &pdf)),
        Err(error) => {
            eprintln!("error: {error}");
            Err(ExitCode::from(1))
        }
    }
}

fn import_labs(csv: &std::path::Path, into: &std::path::Path) -> Outcome {
    use std::fmt::Write as _;
    let mut patient = load(into)?;
    let text = std::fs::read_to_string(csv)
        .map_err(|error| input_error(&format!("cannot read {}: {error}", csv.display())))?;
    let lines = crate::interop::csv_labs::read(&text, &patient)
        .map_err(|error| input_error(&format!("{}: {error}", csv.display())))?;
    let mut report: String = lines.iter().map(|line| line.describe() + "\n").collect();
    let before = patient.clone();
    let added = crate::interop::csv_labs::apply(&mut patient, &lines);
    if added > 0 {
        save_import(&before, &mut patient, csv, into)?;
    }
    let _ = writeln!(report, "{added} result(s) added to {}", into.display());
    Ok(write_stdout(&report))
}

/// Saves an imported patient file, its change history saying what came from `source`.
fn save_import(
    before: &record::Record,
    patient: &mut record::Record,
    source: &std::path::Path,
    into: &std::path::Path,
) -> Result<(), ExitCode> {
    let name = source.file_name().unwrap_or_default().to_string_lossy();
    let summary = format!(
        "imported from {name}: {}",
        record::changes(before, patient).join("; ")
    );
    patient.audit.push(record::audit_entry(summary));
    record::save(patient, into).map_err(|error| {
        eprintln!("error: {error}");
        ExitCode::from(1)
    })
}

fn export_fhir(file: &std::path::Path, output: &std::path::Path) -> Outcome {
    let record = load(file)?;
    let mut bundle = serde_json::to_string_pretty(&crate::interop::fhir::export(&record))
        .expect("a Bundle is plain JSON");
    bundle.push('\n');
    Ok(write_file(output, bundle.as_bytes()))
}

fn import_fhir(bundle: &std::path::Path, into: &std::path::Path) -> Outcome {
    let mut patient = load(into)?;
    let value: serde_json::Value = std::fs::read_to_string(bundle)
        .map_err(|error| error.to_string())
        .and_then(|text| serde_json::from_str(&text).map_err(|error| error.to_string()))
        .map_err(|error| input_error(&format!("cannot read {}: {error}", bundle.display())))?;
    let imported = crate::interop::fhir::import(&value, &patient)
        .map_err(|error| input_error(&format!("{}: {error}", bundle.display())))?;
    let before = patient.clone();
    patient.labs.extend(imported.labs.iter().cloned());
    patient.doses.extend(imported.doses.iter().cloned());
    if patient != before {
        if let Some(problem) = record::validate(&patient).into_iter().next() {
            return Err(input_error(&format!(
                "{}: not imported, {problem}",
                bundle.display()
            )));
        }
        save_import(&before, &mut patient, bundle, into)?;
    }
    Ok(write_stdout(&format!("{}\n", imported.describe())))
}

fn export_ics(
    file: &std::path::Path,
    output: &std::path::Path,
    today: Option<NaiveDate>,
) -> Outcome {
    let record = load(file)?;
    let today = today_or_local(today);
    let assessment = rules::evaluate(&record, today);
    let calendar = crate::interop::ics::schedule(&record, &assessment, today);
    Ok(write_file(output, calendar.as_bytes()))
}

/// Writes an output file whole, or says why not (exit 1).
fn write_file(output: &std::path::Path, bytes: &[u8]) -> ExitCode {
    match atomic::write(output, bytes) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: cannot write {}: {error}", output.display());
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

/// The worklist as a table, most urgent first.
fn worklist_table(entries: &[worklist::Entry], today: NaiveDate) -> String {
    use std::fmt::Write as _;
    let mut out = format!(
        "{} patient files, most urgent first, assessed for {today}\n",
        entries.len()
    );
    let _ = writeln!(
        out,
        "{:<16} {:<24} {:<12} {:<34} {:<22} {:<11} {:<11}",
        "STATUS", "NAME", "ID", "MOST SEVERE FINDING", "OVERDUE", "NEXT DOSE", "NEXT LAB"
    );
    let date = |date: Option<NaiveDate>| date.map_or_else(|| "-".to_owned(), |d| d.to_string());
    for entry in entries {
        match &entry.outcome {
            worklist::Outcome::Unreadable { error } => {
                let _ = writeln!(out, "{:<16} {error}", "UNREADABLE");
            }
            worklist::Outcome::Patient(patient) => {
                let finding = patient.most_severe.as_ref().map_or_else(
                    || "-".to_owned(),
                    |f| {
                        format!(
                            "{} {} {}",
                            f.severity.as_str().to_uppercase(),
                            f.rule,
                            f.title
                        )
                    },
                );
                let overdue: Vec<&str> = patient.overdue.iter().map(|item| item.label()).collect();
                let _ = writeln!(
                    out,
                    "{:<16} {:<24} {:<12} {:<34} {:<22} {:<11} {:<11}",
                    patient.status.label(),
                    clip(patient.name.as_deref().unwrap_or("(no name)"), 24),
                    clip(&patient.id, 12),
                    clip(&finding, 34),
                    clip(
                        &if overdue.is_empty() {
                            "-".to_owned()
                        } else {
                            overdue.join(", ")
                        },
                        22
                    ),
                    date(patient.next_dose),
                    date(patient.next_lab),
                );
            }
        }
    }
    out
}

/// At most `width` characters, an ellipsis marking a cut.
fn clip(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_owned()
    } else {
        let mut clipped: String = text.chars().take(width - 1).collect();
        clipped.push('…');
        clipped
    }
}

/// One line on stderr naming the problem; exit 2.
fn input_error(error: &dyn std::fmt::Display) -> ExitCode {
    let line = error.to_string().replace(['\n', '\r'], " ");
    eprintln!("error: {line}");
    ExitCode::from(2)
}

fn write_stdout(text: &str) -> ExitCode {
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

/// The readable report: status and reason first, findings most severe first (those the
/// clinician has decided on after the rest, with the decision), then due items, the next dose
/// and what is unknown. In a clinician's words: no identifiers but the rule IDs.
pub fn text_report(record: &record::Record, assessment: &Assessment, today: NaiveDate) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let name = record
        .patient
        .name
        .as_deref()
        .unwrap_or("(name not recorded)");
    let _ = writeln!(out, "{name}  [{}]  assessed for {today}", record.patient.id);
    let _ = writeln!(
        out,
        "STATUS: {}  {}",
        assessment.status.label(),
        assessment.reason
    );

    let _ = writeln!(out, "\nFindings ({}):", assessment.findings.len());
    if assessment.findings.is_empty() {
        let _ = writeln!(out, "  none");
    }
    for finding in &assessment.findings {
        let _ = writeln!(
            out,
            "  {:<8}  {:<9}  {}",
            finding.severity.as_str().to_uppercase(),
            finding.rule,
            finding.title
        );
        let _ = writeln!(out, "{:>23}{}", "", finding.detail);
        let _ = writeln!(out, "{:>23}Source: {}", "", finding.source);
        if let Some(decision) = finding.decision_text() {
            let _ = writeln!(out, "{:>23}Decision: {decision}", "");
        }
    }
    for decision in &assessment.stale_decisions {
        let _ = writeln!(
            out,
            "  NO LONGER APPLIES  {} {} of {}: the finding now reads differently or is gone \
             (it read: \"{}\"; reason: {})",
            decision.rule,
            decision.action.label(),
            decision.date,
            decision.detail,
            decision.reason
        );
    }

    let _ = writeln!(out, "\nDue:");
    if assessment.due.is_empty() {
        let _ = writeln!(out, "  nothing");
    }
    for due in &assessment.due {
        let _ = writeln!(
            out,
            "  {}  {} ({}){}",
            due.due,
            due.item.description(),
            due.item.rule(),
            if due.overdue { "  OVERDUE" } else { "" }
        );
    }

    let _ = writeln!(out, "\nNext dose: {}", assessment.next_dose_text());
    if let Some(efficacy) = assessment.efficacy {
        let _ = writeln!(out, "{}.", efficacy.describe());
    }
    if !assessment.unknown.is_empty() {
        let _ = writeln!(out, "\nNot recorded: {}", assessment.unknown.join(", "));
    }
    out
}
