//! The `check` command as a user runs it: text and JSON output, exit codes, one-line errors.

use assert_cmd::Command;
use mipomersen_monitor::record;
use serde_json::Value;

use crate::support::*;

fn saved(record: &record::Record) -> (tempfile::TempDir, std::path::PathBuf) {
    let folder = tempfile::tempdir().expect("a folder");
    let path = folder.path().join("patient.json");
    record::save(record, &path).expect("saved");
    (folder, path)
}

/// The keys of a JSON object, sorted (`serde_json::Value` does not keep their order).
fn keys(value: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = value
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    keys
}

fn binary() -> Command {
    Command::cargo_bin("mipomersen-monitor").expect("built")
}

#[test]
fn check_json_has_exactly_the_keys_of_the_spec() {
    let mut record = on_therapy("2025-05-19");
    add_alt_x(&mut record, "2025-05-05", 1.0);
    let (_folder, path) = saved(&record);
    let output = binary()
        .args(["check", "--json", "--today", "2025-05-28"])
        .arg(&path)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let json: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(
        keys(&json),
        [
            "due",
            "efficacy",
            "findings",
            "missed_dose",
            "next_dose",
            "status"
        ]
    );
    assert_eq!(
        keys(&json["findings"][0]),
        ["detail", "rule", "severity", "source", "title"]
    );
    assert_eq!(json["missed_dose"]["action"], "give_now");
    assert_eq!(json["missed_dose"]["give_by"], "2025-05-30");
    assert_eq!(keys(&json["due"][0]), ["due", "item", "overdue"]);
}

#[test]
fn check_text_puts_the_status_first_and_findings_most_severe_first() {
    let mut record = on_therapy("2025-05-05");
    add_alt_x(&mut record, "2025-05-05", 5.5);
    record.alcohol_drinks_per_day = None;
    let (_folder, path) = saved(&record);
    let output = binary()
        .args(["check", "--today", "2025-05-06"])
        .arg(&path)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).expect("UTF-8");
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[1].starts_with("STATUS: WITHHOLD"), "{text}");
    assert!(lines[1].contains("R-TOX-3"), "{text}");
    let critical = text.find("CRITICAL  R-TOX-3").expect("R-TOX-3 listed");
    let info = text.find("INFO      R-DDI-4").expect("R-DDI-4 listed");
    assert!(critical < info, "{text}");
    assert!(
        text.contains("Source: Dosing: Adjustment for Toxicity"),
        "{text}"
    );
    assert!(
        text.contains("Next dose: none while the status is WITHHOLD"),
        "{text}"
    );
    assert!(
        text.contains("2025-05-05  hepatic work-up (total bilirubin, ALP, INR) (R-TOX-5)  OVERDUE"),
        "{text}"
    );
    assert!(text.contains("Not recorded: alcohol use"), "{text}");
}

#[test]
fn an_invalid_file_exits_2_with_one_line_naming_the_entry() {
    let folder = tempfile::tempdir().expect("a folder");
    let path = folder.path().join("bad.json");
    let mut value = serde_json::to_value(eligible()).expect("serializable");
    value["labs"][3]["value"] = (-30).into();
    std::fs::write(&path, value.to_string()).expect("written");
    let output = binary().arg("check").arg(&path).output().expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8(output.stderr).expect("UTF-8");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("total bilirubin of 2025-04-03: −30 mg/dL is negative"),
        "{stderr}"
    );
}

#[test]
fn hostile_input_never_panics() {
    let folder = tempfile::tempdir().expect("a folder");
    for (name, bytes) in [
        ("binary", vec![0xff, 0xfe, 0x00, 0x12]),
        ("deep", "[".repeat(100_000).into_bytes()),
        (
            "huge-number",
            br#"{"format":"mipomersen-patient","version":1e999}"#.to_vec(),
        ),
        (
            "nested-version",
            br#"{"format":"mipomersen-patient","version":{"a":1}}"#.to_vec(),
        ),
    ] {
        let path = folder.path().join(name);
        std::fs::write(&path, bytes).expect("written");
        let output = binary().arg("check").arg(&path).output().expect("runs");
        assert_eq!(output.status.code(), Some(2), "{name}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(stderr.lines().count(), 1, "{name}: {stderr}");
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
    }
}

#[test]
fn a_missing_file_and_a_bad_date_exit_2() {
    let missing = binary()
        .args(["check", "/no/such/file.json"])
        .output()
        .expect("runs");
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("/no/such/file.json"));
    let (_folder, path) = saved(&eligible());
    let bad_date = binary()
        .args(["check", "--today", "2025-13-01"])
        .arg(&path)
        .output()
        .expect("runs");
    assert_eq!(bad_date.status.code(), Some(2));
}
