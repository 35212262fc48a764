//! The printed summary and handout (`summary`), read back as a person would: the PDF parses,
//! says who and what, names every finding's rule, numbers its pages, and prints ≥ × µ °C.
//! Text is extracted with poppler's `pdftotext` (`.ci/run` installs poppler-utils).

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use mipomersen_monitor::synthetic::{self, Shape};
use mipomersen_monitor::{record, rules};

use crate::pdf_tools::{self, text};

pub const DEMO: &str = "assets/examples/demo-patient.json";

fn binary() -> Command {
    Command::cargo_bin("mipomersen-monitor").expect("built")
}

/// Runs `summary` and returns the PDF's path.
pub fn summary(patient: &Path, folder: &Path, extra: &[&str]) -> PathBuf {
    let output = folder.join("out.pdf");
    let run = binary()
        .arg("summary")
        .arg(patient)
        .arg("-o")
        .arg(&output)
        .args(extra)
        .output()
        .expect("runs");
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    output
}

fn page_count(pdf: &Path) -> usize {
    pdf_tools::info(pdf)["Pages"].parse().expect("a page count")
}

#[test]
fn the_summary_names_the_patient_the_status_and_every_finding() {
    let folder = tempfile::tempdir().expect("a folder");
    let pdf = summary(Path::new(DEMO), folder.path(), &["--today", "2026-11-24"]);
    let all = text(&pdf, None);
    assert!(all.contains("Demo Patient (DEMO)"), "{all}");
    assert!(all.contains("DEMO-0001"));
    assert!(all.contains("Status: CONTINUE"));
    let record = record::load(Path::new(DEMO)).expect("valid");
    let assessment = rules::evaluate(&record, "2026-11-24".parse().expect("a date"));
    assert!(!assessment.findings.is_empty());
    for finding in &assessment.findings {
        assert!(
            all.contains(finding.rule.as_str()),
            "{} missing",
            finding.rule
        );
    }
    assert!(all.contains("BOXED WARNING"));
    assert!(all.contains("Reviewed by:"));
}

#[test]
fn special_characters_print_as_themselves() {
    let folder = tempfile::tempdir().expect("a folder");
    let pdf = summary(Path::new(DEMO), folder.path(), &["--today", "2026-11-24"]);
    let all = text(&pdf, None);
    for wanted in ["×ULN", "µmol/L", "2 °C to 8 °C", "3×ULN"] {
        assert!(all.contains(wanted), "{wanted} missing");
    }
    let withhold = folder.path().join("withhold.json");
    let mut demo = record::load(Path::new(DEMO)).expect("valid");
    demo.labs.push(record::Lab {
        date: "2026-11-24".parse().expect("a date"),
        test: record::LabTest::Alt,
        value: 260.0,
        unit: record::LabUnit::UnitsPerLitre,
        uln: Some(40.0),
        source: None,
    });
    record::save(&demo, &withhold).expect("saved");
    let pdf = summary(&withhold, folder.path(), &["--today", "2026-11-24"]);
    let all = text(&pdf, None);
    assert!(all.contains("≥5×ULN"), "the R-TOX-3 title");
    assert!(all.contains("Status: WITHHOLD"));
}

#[test]
fn a_three_year_record_runs_over_pages_numbered_x_of_y() {
    let folder = tempfile::tempdir().expect("a folder");
    let shape = Shape {
        weekly_doses: 156,
        liver_panels: 39,
        medications: 10,
        symptoms: 15,
    };
    let path = folder.path().join("three-years.json");
    record::save(&synthetic::record(shape, 3), &path).expect("saved");
    let today = synthetic::assessed_on(shape).to_string();
    let pdf = summary(&path, folder.path(), &["--today", &today]);
    let pages = page_count(&pdf);
    assert!(pages >= 3, "{pages} pages");
    for page in 1..=pages {
        let text = text(&pdf, Some(page));
        assert!(
            text.contains(&format!("page {page} of {pages}")),
            "page {page}"
        );
        assert!(
            text.contains("Synthetic Patient 3"),
            "the header on page {page}"
        );
    }
}

#[test]
fn the_handout_gives_the_next_dose_and_blood_test_in_plain_language() {
    let folder = tempfile::tempdir().expect("a folder");
    let pdf = summary(
        Path::new(DEMO),
        folder.path(),
        &["--today", "2026-11-24", "--handout", "--paper", "letter"],
    );
    let all = text(&pdf, None);
    assert!(
        all.contains("Your next injection: Tuesday 24 November 2026"),
        "{all}"
    );
    assert!(all.contains("Your next liver blood test: Saturday 9 January 2027"));
    assert!(all.contains("yellow skin or eyes"));
    assert!(
        pdf_tools::info(&pdf)["Page size"].starts_with("612 x 792"),
        "US Letter"
    );
}

#[test]
fn an_invalid_patient_file_writes_no_pdf_and_exits_2() {
    let folder = tempfile::tempdir().expect("a folder");
    let bad = folder.path().join("bad.json");
    std::fs::write(&bad, "{\"format\": \"mipomersen-patient\", \"version\": 9}").expect("written");
    let output = folder.path().join("out.pdf");
    let run = binary()
        .arg("summary")
        .arg(&bad)
        .arg("-o")
        .arg(&output)
        .output()
        .expect("runs");
    assert_eq!(run.status.code(), Some(2));
    assert!(!output.exists());
}
