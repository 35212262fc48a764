//! `import-labs`: a CSV in the style of a hospital lab system's export, read row by row.

use std::path::Path;

use assert_cmd::Command;
use mipomersen_monitor::record::{self, LabTest, LabUnit};

use crate::support::demo_in;

fn import(csv: &str, patient: &Path) -> (i32, String) {
    let output = Command::cargo_bin("mipomersen-monitor")
        .expect("built")
        .args(["import-labs", csv, "--into"])
        .arg(patient)
        .output()
        .expect("runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned()
            + &String::from_utf8_lossy(&output.stderr),
    )
}

#[test]
fn every_row_is_accepted_converted_or_rejected_with_its_line_and_reason() {
    let folder = tempfile::tempdir().expect("a folder");
    let patient = demo_in(folder.path());
    let before = record::load(&patient).expect("valid").labs.len();
    let (code, report) = import("tests/fixtures/hospital-labs.csv", &patient);
    assert_eq!(code, 0, "{report}");
    let lines: Vec<&str> = report.lines().collect();
    assert_eq!(
        lines[0],
        "line 2: accepted ALT 2026-11-20 212 IU/L (ULN 56)"
    );
    assert_eq!(lines[1], "line 3: accepted AST 2026-11-20 98 U/L (ULN 40)");
    assert_eq!(
        lines[2],
        "line 4: accepted total bilirubin 2026-11-20 17 µmol/L (ULN 21)"
    );
    assert_eq!(
        lines[3],
        "line 5: converted ALP 2026-11-20 108 U/L (ULN 120) (1.8 µkat/L = 108 U/L)"
    );
    assert!(
        lines[4].starts_with("line 6: rejected: \"Glucose\" is not a test"),
        "{}",
        lines[4]
    );
    assert_eq!(
        lines[5],
        "line 7: converted LDL-C 2026-11-20 290 mg/dL (2.9 g/L = 290 mg/dL)"
    );
    assert!(
        lines[6].starts_with("line 8: rejected: the date \"20/11/2026\""),
        "{}",
        lines[6]
    );
    assert_eq!(
        lines[7],
        "line 9: already recorded ALT 2026-11-20 212 IU/L (ULN 56)"
    );
    assert!(
        lines[8].starts_with("line 10: rejected: the value \"pending\""),
        "{}",
        lines[8]
    );
    assert!(lines[9].starts_with("5 result(s) added"), "{}", lines[9]);

    let after = record::load(&patient).expect("valid");
    assert_eq!(after.labs.len(), before + 5);
    assert!(
        after
            .audit
            .last()
            .expect("an audit entry")
            .summary
            .starts_with("imported from hospital-labs.csv: ALT 2026-11-20 added: 212 IU/L")
    );
    assert!(
        mipomersen_monitor::atomic::backup_path(&patient).exists(),
        "the previous version is kept"
    );

    // The same file again adds nothing.
    let (code, report) = import("tests/fixtures/hospital-labs.csv", &patient);
    assert_eq!(code, 0);
    assert!(report.contains("0 result(s) added"), "{report}");
    assert_eq!(
        record::load(&patient).expect("valid").labs.len(),
        before + 5
    );
}

#[test]
fn a_semicolon_export_coded_by_loinc_with_decimal_commas_is_read() {
    let folder = tempfile::tempdir().expect("a folder");
    let patient = demo_in(folder.path());
    let (code, report) = import("tests/fixtures/semicolon-loinc.csv", &patient);
    assert_eq!(code, 0, "{report}");
    let labs = record::load(&patient).expect("valid").labs;
    let bilirubin = labs
        .iter()
        .rev()
        .find(|lab| lab.test == LabTest::Bilirubin)
        .expect("added");
    assert_eq!(
        (bilirubin.value, bilirubin.unit, bilirubin.uln),
        (17.5, LabUnit::UmolPerL, Some(20.5))
    );
    assert!(
        labs.iter()
            .any(|lab| lab.test == LabTest::Alt && (lab.value - 190.0).abs() < 1e-9)
    );
}

#[test]
fn a_file_without_the_needed_columns_is_refused_and_nothing_changes() {
    let folder = tempfile::tempdir().expect("a folder");
    let patient = demo_in(folder.path());
    let before = std::fs::read(&patient).expect("read");
    let csv = folder.path().join("other.csv");
    std::fs::write(&csv, "name,phone\nAda,123\n").expect("written");
    let (code, report) = import(csv.to_str().expect("UTF-8"), &patient);
    assert_eq!(code, 2);
    assert!(report.contains("no date column"), "{report}");
    assert_eq!(std::fs::read(&patient).expect("read"), before);
}
