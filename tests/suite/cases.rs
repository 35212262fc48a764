//! The example clinical cases of `shared/cases` (copied to `tests/cases`), each run through the
//! real binary as `check --json`, and every expectation of each case checked.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn case_files() -> Vec<PathBuf> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
        .expect("tests/cases exists")
        .map(|entry| entry.expect("readable").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    files
}

/// Runs `check --json` on the case's record (or raw text) and returns (exit code, stdout, stderr).
///
/// A decision whose `detail` is `"*"` stands for the program's own detail text of that
/// finding (the cases' README): it is filled in from a run without the decision first.
fn run_case(case: &Value) -> (i32, String, String) {
    let mut case = case.clone();
    if case["record"]["decisions"]
        .as_array()
        .is_some_and(|decisions| decisions.iter().any(|d| d["detail"] == "*"))
    {
        let mut undecided = case.clone();
        undecided["record"]["decisions"] = Value::Array(Vec::new());
        let (_, stdout, _) = run_case(&undecided);
        let result: Value = serde_json::from_str(&stdout).expect("check --json prints JSON");
        for decision in case["record"]["decisions"]
            .as_array_mut()
            .expect("a list")
            .iter_mut()
            .filter(|decision| decision["detail"] == "*")
        {
            let finding = result["findings"]
                .as_array()
                .expect("findings")
                .iter()
                .find(|finding| finding["rule"] == decision["rule"])
                .unwrap_or_else(|| panic!("no finding of {} to decide on", decision["rule"]));
            decision["detail"] = finding["detail"].clone();
        }
    }
    let folder = tempfile::tempdir().expect("a temporary folder");
    let path = folder.path().join("patient.json");
    let text = match (&case["raw"], &case["record"]) {
        (Value::String(raw), _) => raw.clone(),
        (_, record) => serde_json::to_string_pretty(record).expect("serializable"),
    };
    std::fs::write(&path, text).expect("written");
    let today = case["today"].as_str().expect("a case has today");
    let output = Command::cargo_bin("mipomersen-monitor")
        .expect("the binary is built")
        .args(["check", "--json", "--today", today])
        .arg(&path)
        .output()
        .expect("runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Every mismatch between a case's expectations and the assessment.
fn mismatches(expect: &Value, result: &Value) -> Vec<String> {
    let mut wrong = Vec::new();
    let rules: Vec<&str> = result["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|finding| finding["rule"].as_str().expect("rule"))
        .collect();
    let due = |item: &str| {
        result["due"]
            .as_array()
            .expect("due")
            .iter()
            .find(|due| due["item"] == item)
            .cloned()
    };
    let expect = expect.as_object().expect("expect is an object");
    for (key, wanted) in expect {
        match key.as_str() {
            "status" | "next_dose" => {
                if &result[key] != wanted {
                    wrong.push(format!("{key}: {} is not {wanted}", result[key]));
                }
            }
            "rules" | "absent" => {
                for rule in wanted.as_array().expect("a list") {
                    let rule = rule.as_str().expect("a rule id");
                    if rules.contains(&rule) != (key == "rules") {
                        wrong.push(format!("{key}: {rule} among {rules:?}"));
                    }
                }
            }
            "severity" => {
                for (rule, severity) in wanted.as_object().expect("a map") {
                    let found = result["findings"]
                        .as_array()
                        .expect("findings")
                        .iter()
                        .find(|finding| finding["rule"] == rule.as_str());
                    if found.map(|finding| &finding["severity"]) != Some(severity) {
                        wrong.push(format!("severity of {rule}: {found:?}"));
                    }
                }
            }
            "missed_action" | "missed_give_by" => {
                let field = if key == "missed_action" {
                    "action"
                } else {
                    "give_by"
                };
                if &result["missed_dose"][field] != wanted {
                    wrong.push(format!("{key}: {}", result["missed_dose"]));
                }
            }
            "due" => {
                for (item, date) in wanted.as_object().expect("a map") {
                    if due(item).map(|due| due["due"].clone()) != Some(date.clone()) {
                        wrong.push(format!("due {item}: {:?}", due(item)));
                    }
                }
            }
            "overdue" => {
                for item in wanted.as_array().expect("a list") {
                    let item = item.as_str().expect("an item");
                    if due(item).map(|due| due["overdue"].clone()) != Some(Value::Bool(true)) {
                        wrong.push(format!("overdue {item}: {:?}", due(item)));
                    }
                }
            }
            "efficacy_pct" => {
                let found = result["efficacy"]["percent_change"].as_f64();
                let wanted = wanted.as_f64().expect("a number");
                if found.is_none_or(|found| (found - wanted).abs() > 0.15) {
                    wrong.push(format!("efficacy_pct: {found:?} is not {wanted}"));
                }
            }
            "exit" => {}
            other => wrong.push(format!("the test does not know the expectation {other:?}")),
        }
    }
    wrong
}

#[test]
fn every_example_case_gives_its_expected_answer() {
    let files = case_files();
    assert!(files.len() >= 18, "the shared cases are copied: {files:?}");
    let mut failures = Vec::new();
    for file in &files {
        let case: Value =
            serde_json::from_str(&std::fs::read_to_string(file).expect("readable")).expect("JSON");
        let (code, stdout, stderr) = run_case(&case);
        let name = file.file_name().expect("a name").to_string_lossy();
        if let Some(exit) = case["expect"]["exit"].as_i64() {
            let one_line = stderr.trim_end().lines().count() == 1;
            if i64::from(code) != exit || !one_line || !stdout.is_empty() {
                failures.push(format!("{name}: exit {code}, stderr {stderr:?}"));
            }
            continue;
        }
        if code != 0 {
            failures.push(format!("{name}: exit {code}: {stderr}"));
            continue;
        }
        let result: Value = serde_json::from_str(&stdout).expect("check --json prints JSON");
        for wrong in mismatches(&case["expect"], &result) {
            failures.push(format!("{name}: {wrong}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The copies are the shared cases, byte for byte. CI always has `../shared` beside the
/// repository; elsewhere set `MIPOMERSEN_NO_SHARED=1` to skip this one test knowingly: a
/// missing folder fails it rather than passing it unseen.
#[test]
fn the_copied_cases_match_the_shared_ones() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/cases");
    if std::env::var_os("MIPOMERSEN_NO_SHARED").is_some() {
        eprintln!("SKIPPED: MIPOMERSEN_NO_SHARED is set; the copies were not compared");
        return;
    }
    let entries = std::fs::read_dir(&shared).unwrap_or_else(|error| {
        panic!(
            "{} cannot be read ({error}): the shared cases are compared with their copies; \
             set MIPOMERSEN_NO_SHARED=1 to skip this test knowingly",
            shared.display()
        )
    });
    for entry in entries {
        let path = entry.expect("readable").path();
        if path.extension().is_some_and(|ext| ext == "json") {
            let copy = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/cases")
                .join(path.file_name().expect("a name"));
            assert_eq!(
                std::fs::read(&path).expect("readable"),
                std::fs::read(&copy).unwrap_or_default(),
                "{} is not copied into tests/cases (or differs)",
                path.display()
            );
        }
    }
}
