//! `worklist DIR`: every file listed, most urgent first, unreadable ones with their error.

use assert_cmd::Command;
use mipomersen_monitor::record;
use serde_json::Value;

#[test]
fn the_worklist_lists_every_file_most_urgent_first() {
    let folder = tempfile::tempdir().expect("a folder");
    let demo = record::parse(mipomersen_monitor::DEMO_PATIENT).expect("valid");
    record::save(&demo, &folder.path().join("demo.json")).expect("saved");
    let mut contraindicated = demo.clone();
    contraindicated.patient.id = "CI-1".to_owned();
    contraindicated.conditions.hypersensitivity = Some(true);
    record::save(&contraindicated, &folder.path().join("ci.json")).expect("saved");
    std::fs::write(folder.path().join("broken.json"), "{\"format\": 1}").expect("written");

    let output = Command::cargo_bin("mipomersen-monitor")
        .expect("built")
        .args(["worklist", "--json", "--today", "2026-11-24"])
        .arg(folder.path())
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let entries: Vec<Value> = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(entries.len(), 3, "nothing skipped");
    assert!(
        entries[0]["error"]
            .as_str()
            .expect("an error")
            .contains("not a patient file")
    );
    assert_eq!(entries[1]["status"], "contraindicated");
    assert_eq!(entries[1]["most_severe"]["rule"], "R-CI-1");
    assert_eq!(entries[2]["status"], "continue");
    assert_eq!(entries[2]["next_dose"], "2026-11-24");
    assert_eq!(entries[2]["next_lab"], "2027-01-09");

    let table = Command::cargo_bin("mipomersen-monitor")
        .expect("built")
        .args(["worklist", "--today", "2026-11-24"])
        .arg(folder.path())
        .output()
        .expect("runs");
    let text = String::from_utf8(table.stdout).expect("UTF-8");
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[2].starts_with("UNREADABLE"), "{text}");
    assert!(lines[3].starts_with("CONTRAINDICATED"), "{text}");
    assert!(lines[4].starts_with("CONTINUE"), "{text}");
}

#[test]
fn a_missing_folder_exits_2() {
    let output = Command::cargo_bin("mipomersen-monitor")
        .expect("built")
        .args(["worklist", "/no/such/folder"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("/no/such/folder"));
}

/// Within a status the longest overdue comes first: a patient whose liver panel is months
/// overdue before one a few weeks overdue, whatever their file names.
#[test]
fn within_a_status_the_longest_overdue_comes_first() {
    let folder = tempfile::tempdir().expect("a folder");
    let today = crate::support::d("2025-12-01");
    // Liver tests last on the day of the last dose: seven months ago for one, two for the other.
    let long_ago = crate::support::monitored("2025-05-05");
    let mut months_ago = crate::support::monitored("2025-09-29");
    months_ago.patient.id = "MONTHS".to_owned();
    record::save(&months_ago, &folder.path().join("a-months.json")).expect("saved");
    let mut years = long_ago.clone();
    years.patient.id = "LONGEST".to_owned();
    record::save(&years, &folder.path().join("b-longest.json")).expect("saved");

    let entries = mipomersen_monitor::worklist::scan(folder.path(), today).expect("scanned");
    let patients: Vec<&mipomersen_monitor::worklist::Patient> = entries
        .iter()
        .map(|entry| match &entry.outcome {
            mipomersen_monitor::worklist::Outcome::Patient(patient) => patient.as_ref(),
            mipomersen_monitor::worklist::Outcome::Unreadable { error } => panic!("{error}"),
        })
        .collect();
    assert_eq!(patients[0].status, patients[1].status, "one status");
    assert_eq!(
        patients.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(),
        ["LONGEST", "MONTHS"]
    );
    assert!(patients[0].overdue_since < patients[1].overdue_since);
}
