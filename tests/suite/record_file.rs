//! The patient file v2: errors that name the entry in words, the version check and migration
//! from v1, unit handling, plausible ULNs, decisions,
//! load → save → load, and saves that never touch the file when they fail.

use mipomersen_monitor::record::{self, FileError, LabUnit, ParseError};

use crate::support::*;

/// The case file `new_patient_ready`'s record as JSON text, edited by `edit`.
fn text_with(edit: impl FnOnce(&mut serde_json::Value)) -> String {
    let mut value = serde_json::to_value(eligible()).expect("serializable");
    edit(&mut value);
    serde_json::to_string_pretty(&value).expect("serializable")
}

fn error_of(text: &str) -> String {
    record::parse(text)
        .expect_err("must be refused")
        .to_string()
}

#[test]
fn a_valid_file_parses() {
    let record = record::parse(&text_with(|_| {})).expect("valid");
    assert_eq!(record, eligible());
}

#[test]
fn an_unknown_field_is_refused_by_name() {
    let error = error_of(&text_with(|v| v["labs"][1]["flag"] = "H".into()));
    assert!(error.starts_with("AST of 2025-04-03 (flag)"), "{error}");
    assert!(error.contains("unknown field `flag`"), "{error}");
    let error = error_of(&text_with(|v| v["conditions"]["cirrhosis"] = true.into()));
    assert!(
        error.contains("conditions") && error.contains("cirrhosis"),
        "{error}"
    );
}

#[test]
fn an_unknown_enumeration_value_is_refused_by_entry() {
    let error = error_of(&text_with(|v| v["labs"][2]["test"] = "alkphos".into()));
    assert!(
        error.starts_with("lab result of 2025-04-03 (test): unknown variant `alkphos`"),
        "{error}"
    );
    let error = error_of(&text_with(|v| v["diagnosis"] = "FH".into()));
    assert!(
        error.starts_with("diagnosis: unknown variant `FH`"),
        "{error}"
    );
}

#[test]
fn a_negative_value_is_refused_by_entry() {
    let error = error_of(&text_with(|v| v["labs"][3]["value"] = (-30).into()));
    assert_eq!(
        error,
        "total bilirubin of 2025-04-03: −30 mg/dL is negative"
    );
}

#[test]
fn a_bad_date_is_refused_by_entry() {
    let error = error_of(&text_with(|v| v["labs"][0]["date"] = "2025-02-30".into()));
    assert!(error.starts_with("ALT of 2025-02-30 (date):"), "{error}");
    let error = error_of(&text_with(|v| {
        v["patient"]["birth_date"] = "10/03/1980".into();
    }));
    assert!(error.starts_with("birth date:"), "{error}");
}

#[test]
fn a_unit_the_test_is_not_reported_in_is_refused() {
    let error = error_of(&text_with(|v| v["labs"][0]["unit"] = "mmol/L".into()));
    assert_eq!(
        error,
        "ALT of 2025-04-03: ALT is not reported in mmol/L; use U/L or IU/L"
    );
    let error = error_of(&text_with(|v| v["labs"][0]["unit"] = "furlongs".into()));
    assert!(
        error.starts_with("ALT of 2025-04-03 (unit): unknown variant `furlongs`"),
        "{error}"
    );
}

#[test]
fn every_unit_spelling_of_the_spec_is_accepted() {
    for (index, unit, expected) in [
        (0, "IU/L", LabUnit::InternationalUnitsPerLitre),
        (3, "umol/L", LabUnit::UmolPerL),
        (3, "µmol/L", LabUnit::UmolPerL),
        (4, "mmol/L", LabUnit::MmolPerL),
    ] {
        let record = record::parse(&text_with(|v| {
            v["labs"][index]["unit"] = unit.into();
            v["labs"][index]["value"] = 1.0.into();
            v["labs"][index]["uln"] = serde_json::Value::Null;
        }))
        .expect("accepted");
        assert_eq!(record.labs[index].unit, expected, "{unit}");
    }
}

#[test]
fn several_problems_are_counted_after_the_first() {
    let error = error_of(&text_with(|v| {
        v["labs"][0]["value"] = (-1).into();
        v["labs"][1]["value"] = (-1).into();
        v["alcohol_drinks_per_day"] = (-2).into();
    }));
    assert_eq!(
        error,
        "alcohol use: −2 drinks/day is negative (and 2 more problems)"
    );
}

#[test]
fn a_newer_version_is_refused_before_its_unknown_fields() {
    let error = record::parse(&text_with(|v| {
        v["version"] = 3.into();
        v["new_section"] = serde_json::json!({"x": 1});
    }))
    .expect_err("refused");
    assert!(matches!(error, ParseError::NewerVersion { found: 3 }));
    assert!(
        error
            .to_string()
            .contains("newer than this app understands")
    );
}

#[test]
fn format_and_version_must_be_there_and_right() {
    assert!(error_of(&text_with(|v| v["format"] = "fhir".into())).contains("not a patient file"));
    let no_format = text_with(|v| {
        v.as_object_mut().expect("object").remove("format");
    });
    assert!(error_of(&no_format).contains("format is missing"));
    assert!(error_of(&text_with(|v| v["version"] = 0.into())).starts_with("version:"));
    assert!(error_of(&text_with(|v| v["version"] = "1".into())).starts_with("version:"));
    assert!(error_of("[1, 2]").contains("not a patient file"));
    assert!(error_of("").contains("not a patient file"));
    let no_id = text_with(|v| {
        v["patient"].as_object_mut().expect("object").remove("id");
    });
    assert!(
        error_of(&no_id).contains("missing field `id`"),
        "{}",
        error_of(&no_id)
    );
}

#[test]
fn absent_fields_stay_absent_and_unknown() {
    let minimal = r#"{"format": "mipomersen-patient", "version": 1, "patient": {"id": "X-1"}}"#;
    let record = record::parse(minimal).expect("valid");
    assert_eq!(record.conditions.hypersensitivity, None);
    assert_eq!(record.rems.prescriber_certified, None);
    let again = record::parse(&record::to_text(&record)).expect("valid");
    assert_eq!(again, record);
}

#[test]
fn load_save_load_gives_the_same_record() {
    let folder = tempfile::tempdir().expect("a folder");
    let path = folder.path().join("patient.json");
    let mut original = on_therapy("2025-05-26");
    original.labs[3].value = 0.123_456_789_012_345_67;
    original.notes = Some("Ünïcode ✓ and \"quotes\"".to_owned());
    record::save(&original, &path).expect("saved");
    let loaded = record::load(&path).expect("loaded");
    assert_eq!(loaded, original);
    record::save(&loaded, &path).expect("saved again");
    assert_eq!(record::load(&path).expect("loaded"), original);
}

#[test]
fn a_failed_load_leaves_the_file_untouched() {
    let folder = tempfile::tempdir().expect("a folder");
    let path = folder.path().join("newer.json");
    let text = text_with(|v| v["version"] = 3.into());
    std::fs::write(&path, &text).expect("written");
    let error = record::load(&path).expect_err("refused");
    assert!(error.to_string().starts_with(&path.display().to_string()));
    assert_eq!(std::fs::read_to_string(&path).expect("still there"), text);
}

#[test]
fn an_oversized_file_is_refused_before_it_is_read() {
    let folder = tempfile::tempdir().expect("a folder");
    let path = folder.path().join("huge.json");
    let file = std::fs::File::create(&path).expect("created");
    file.set_len(200 * 1024 * 1024).expect("sparse 200 MB");
    let error = record::load(&path).expect_err("refused");
    assert!(matches!(error, FileError::TooLarge { .. }), "{error}");
    assert!(error.to_string().contains("too large"), "{error}");
}

#[test]
fn a_missing_file_names_the_path() {
    let error = record::load(std::path::Path::new("/no/such/patient.json")).expect_err("missing");
    assert!(matches!(error, FileError::Read { .. }));
    assert!(error.to_string().contains("/no/such/patient.json"));
}

#[test]
fn an_invalid_record_is_not_saved_and_the_old_file_stays() {
    let folder = tempfile::tempdir().expect("a folder");
    let path = folder.path().join("patient.json");
    record::save(&eligible(), &path).expect("saved");
    let before = std::fs::read(&path).expect("readable");
    let mut broken = eligible();
    broken.labs[0].value = f64::INFINITY;
    let error = record::save(&broken, &path).expect_err("refused");
    assert!(
        error
            .to_string()
            .contains("ALT of 2025-04-03: infinity is not a measured value"),
        "{error}"
    );
    assert_eq!(std::fs::read(&path).expect("readable"), before);
}

#[test]
fn a_save_into_a_missing_folder_fails_and_leaves_nothing_behind() {
    let folder = tempfile::tempdir().expect("a folder");
    let path = folder.path().join("no-such-folder").join("patient.json");
    let error = record::save(&eligible(), &path).expect_err("fails");
    assert!(matches!(error, FileError::Write { .. }));
    assert_eq!(
        std::fs::read_dir(folder.path()).expect("listable").count(),
        0
    );
}

#[cfg(unix)]
#[test]
fn a_save_into_a_read_only_folder_fails_and_leaves_the_original_intact() {
    use std::os::unix::fs::PermissionsExt;
    let folder = tempfile::tempdir().expect("a folder");
    let path = folder.path().join("patient.json");
    record::save(&eligible(), &path).expect("saved");
    let before = std::fs::read(&path).expect("readable");
    std::fs::set_permissions(folder.path(), std::fs::Permissions::from_mode(0o555)).expect("chmod");
    let result = record::save(&on_therapy("2025-05-26"), &path);
    std::fs::set_permissions(folder.path(), std::fs::Permissions::from_mode(0o755)).expect("chmod");
    // Root may write anyway; a user may not. Either way the file is whole.
    if result.is_err() {
        assert_eq!(std::fs::read(&path).expect("readable"), before);
    }
    assert!(record::load(&path).is_ok());
}

/// A version 1 file loads unchanged and is written back as version 2 only when saved.
#[test]
fn a_version_1_file_loads_and_is_written_as_version_2_when_saved() {
    let folder = tempfile::tempdir().expect("a folder");
    let path = folder.path().join("v1.json");
    let v1 = text_with(|v| {
        v["version"] = 1.into();
        v.as_object_mut().expect("object").remove("decisions");
    });
    std::fs::write(&path, &v1).expect("written");
    let loaded = record::load(&path).expect("a version 1 file loads");
    assert_eq!(loaded.version, 2);
    assert_eq!(
        std::fs::read_to_string(&path).expect("readable"),
        v1,
        "loading never writes"
    );
    record::save(&loaded, &path).expect("saved");
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("readable")).expect("JSON");
    assert_eq!(saved["version"], 2);
    assert_eq!(saved["decisions"], serde_json::json!([]));
}

/// A UTF-8 byte-order mark (Windows editors write one) is accepted, and not written back.
#[test]
fn a_byte_order_mark_is_accepted_and_not_written_back() {
    let folder = tempfile::tempdir().expect("a folder");
    let path = folder.path().join("bom.json");
    std::fs::write(&path, format!("\u{feff}{}", text_with(|_| {}))).expect("written");
    let record = record::load(&path).expect("loads");
    record::save(&record, &path).expect("saved");
    assert!(
        !std::fs::read(&path)
            .expect("readable")
            .starts_with(&[0xEF, 0xBB, 0xBF])
    );
}

/// A ULN outside the plausible bounds is refused on load, naming the entry.
#[test]
fn an_implausible_uln_is_refused_on_load() {
    let error = error_of(&text_with(|v| v["labs"][0]["uln"] = 400.into()));
    assert_eq!(
        error,
        "ALT of 2025-04-03: a ULN of 400 U/L is not plausible for ALT (10 to 200 U/L)"
    );
    assert!(record::parse(&text_with(|v| v["labs"][0]["uln"] = 200.into())).is_ok());
}

/// A decision needs its date, rule, action, detail and reason; its rule must be a rule.
#[test]
fn a_decision_without_what_it_needs_is_refused_in_words() {
    let decision = serde_json::json!({
        "date": "2025-05-07", "rule": "R-TOX-4", "detail": "ALT …",
        "action": "overridden", "by": "Dr B. Example", "reason": "injection reaction"
    });
    assert!(
        record::parse(&text_with(
            |v| v["decisions"] = serde_json::json!([decision.clone()])
        ))
        .is_ok()
    );
    let mut no_reason = decision.clone();
    no_reason.as_object_mut().expect("object").remove("reason");
    let error = error_of(&text_with(|v| {
        v["decisions"] = serde_json::json!([no_reason]);
    }));
    assert!(
        error.starts_with("decision on R-TOX-4 of 2025-05-07"),
        "{error}"
    );
    assert!(error.contains("missing field `reason`"), "{error}");
    let mut bad_rule = decision;
    bad_rule["rule"] = "R-TOX-9".into();
    let error = error_of(&text_with(|v| {
        v["decisions"] = serde_json::json!([bad_rule]);
    }));
    assert!(error.contains("unknown variant `R-TOX-9`"), "{error}");
}
