//! Imports of lab exports and EHR Bundles as the world writes them (`tests/fixtures/imports/`,
//! described row by row in its `EXPECTED.md`): US and German exports, Excel's Windows-1252,
//! report headings, flags, censored values, corrections, several patients, doses not given.
//!
//! An import never puts another patient's result, a misread number, a superseded value or a
//! dose that was not given into a record, says why for everything it passes over, and leaves
//! the file byte-identical when it refuses the whole input. Each fixture's report is compared
//! with `tests/fixtures/imports/expected/` (`UPDATE_GOLDEN=1` rewrites them; read the diff).

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use mipomersen_monitor::record::{self, LabTest, LabUnit, Record};

const FIXTURES: &str = "tests/fixtures/imports";

/// The demo patient, DEMO-0001, without its labs and doses from 2026-10-01 on (the fixtures'
/// weeks), saved in `folder`.
fn patient_in(folder: &Path) -> PathBuf {
    let mut demo = record::parse(mipomersen_monitor::DEMO_PATIENT).expect("valid");
    let october = "2026-10-01".parse().expect("a date");
    demo.labs.retain(|lab| lab.date < october);
    demo.doses.retain(|dose| dose.date < october);
    let path = folder.join("patient.json");
    record::save(&demo, &path).expect("saved");
    path
}

/// Runs the binary; (exit code, stdout and stderr with the patient's path as PATIENT).
fn run(args: &[&str], patient: &Path) -> (i32, String) {
    let output = Command::cargo_bin("mipomersen-monitor")
        .expect("built")
        .args(args)
        .arg(patient)
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    (
        output.status.code().unwrap_or(-1),
        text.replace(&patient.display().to_string(), "PATIENT"),
    )
}

/// Imports a fixture (with extra options) into a fresh patient; the report and the record.
fn import(fixture: &str, options: &[&str]) -> (i32, String, Record, tempfile::TempDir) {
    let folder = tempfile::tempdir().expect("a folder");
    let patient = patient_in(folder.path());
    let file = format!("{FIXTURES}/{fixture}");
    let command = if Path::new(fixture)
        .extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("csv"))
    {
        "import-labs"
    } else {
        "import-fhir"
    };
    let mut args = vec![command, file.as_str()];
    args.extend_from_slice(options);
    args.push("--into");
    let (code, report) = run(&args, &patient);
    let record = record::load(&patient).expect("still a valid patient file");
    (code, report, record, folder)
}

/// The report matches the reviewed one.
#[track_caller]
fn matches_golden(name: &str, report: &str) {
    let path = Path::new(FIXTURES)
        .join("expected")
        .join(format!("{name}.txt"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("created");
        std::fs::write(&path, report).expect("written");
    }
    let expected =
        std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("{} missing", path.display()));
    assert_eq!(
        report,
        expected,
        "{name}: the report differs from {}",
        path.display()
    );
}

fn has(record: &Record, test: LabTest, date: &str, value: f64) -> bool {
    record.labs.iter().any(|lab| {
        lab.test == test && lab.date.to_string() == date && (lab.value - value).abs() < 1e-9
    })
}

#[test]
fn every_fixture_reports_each_row_and_entry_as_reviewed() {
    for (fixture, options) in [
        ("us-epic.csv", &[][..]),
        ("us-labcorp.csv", &["--date-order", "mdy"][..]),
        ("us-labcorp-unambiguous.csv", &[][..]),
        ("de-labor.csv", &[][..]),
        ("excel-cp1252.csv", &[][..]),
        ("preamble-flags.csv", &[][..]),
        ("comma-ambiguous.csv", &[][..]),
        ("fhir-two-patients.json", &[][..]),
        ("fhir-corrections.json", &[][..]),
        ("fhir-doses.json", &[][..]),
        (
            "fhir-no-patient.json",
            &["--subject", "Patient/xyz-123"][..],
        ),
    ] {
        let (code, report, _, _folder) = import(fixture, options);
        assert_eq!(code, 0, "{fixture}: {report}");
        matches_golden(fixture, &report);
    }
}

#[test]
fn us_epic_export_thousands_separators_corrections_and_censored_values() {
    let (_, report, record, _folder) = import("us-epic.csv", &[]);
    // 11/02/2026 is 2 November: 10/23 in the same file settles the order.
    assert!(
        has(&record, LabTest::Alt, "2026-11-02", 1234.0),
        "\"1,234\" is 1234 U/L"
    );
    assert!(has(&record, LabTest::Triglycerides, "2026-10-23", 1050.0));
    assert!(
        !record
            .labs
            .iter()
            .any(|lab| (lab.value - 260.0).abs() < 1e-9),
        "another patient's ALT"
    );
    assert!(
        has(&record, LabTest::Ast, "2026-11-02", 451.0),
        "the correction"
    );
    assert!(
        !has(&record, LabTest::Ast, "2026-11-02", 415.0),
        "the value it corrects"
    );
    assert!(
        has(&record, LabTest::Alt, "2026-11-09", 1000.0),
        ">1000 at its bound"
    );
    assert!(
        report.contains("censored >1000 U/L: taken as 1000 U/L"),
        "{report}"
    );
    assert!(
        !has(&record, LabTest::Alp, "2026-11-16", 142.0),
        "cancelled"
    );
    assert!(
        !has(&record, LabTest::Bilirubin, "2026-11-23", 1.4),
        "preliminary"
    );
    assert!(
        !report.contains("ZZZ-9999"),
        "a refusal never names the other patient"
    );
}

#[test]
fn ambiguous_dates_refuse_the_whole_file_and_name_the_option() {
    let folder = tempfile::tempdir().expect("a folder");
    let patient = patient_in(folder.path());
    let before = std::fs::read(&patient).expect("read");
    let (code, report) = run(
        &[
            "import-labs",
            &format!("{FIXTURES}/us-labcorp.csv"),
            "--into",
        ],
        &patient,
    );
    assert_eq!(code, 2, "{report}");
    assert!(report.contains("--date-order mdy"), "{report}");
    assert_eq!(report.lines().count(), 1);
    assert_eq!(
        std::fs::read(&patient).expect("read"),
        before,
        "byte-identical"
    );

    let (code, _, record, _folder) = import("us-labcorp.csv", &["--date-order", "mdy"]);
    assert_eq!(code, 0);
    assert!(
        has(&record, LabTest::Alt, "2026-11-02", 88.0),
        "88 H with mdy"
    );
}

#[test]
fn a_german_export_with_decimal_commas_and_katal() {
    let (_, _, record, _folder) = import("de-labor.csv", &[]);
    let alt = record
        .labs
        .iter()
        .find(|lab| lab.test == LabTest::Alt && lab.date.to_string() == "2026-11-03")
        .expect("GPT in µkat/l");
    assert_eq!(
        (alt.value, alt.unit, alt.uln),
        (75.0, LabUnit::UnitsPerLitre, Some(34.8))
    );
    assert!(has(&record, LabTest::Bilirubin, "2026-11-03", 17.5));
    assert!(
        has(&record, LabTest::Alt, "2026-11-10", 1234.0),
        "1.234 with decimal commas"
    );
    assert!(!has(&record, LabTest::Ast, "2026-11-03", 48.0), "storniert");
}

#[test]
fn excel_windows_1252_with_a_report_heading() {
    let (code, report, record, _folder) = import("excel-cp1252.csv", &[]);
    assert_eq!(code, 0, "{report}");
    assert!(report.contains("read as Windows-1252"), "{report}");
    let bilirubin = record
        .labs
        .iter()
        .find(|lab| lab.test == LabTest::Bilirubin && lab.date.to_string() == "2026-11-13")
        .expect("µmol/L in cp1252");
    assert_eq!(
        (bilirubin.unit, bilirubin.uln),
        (LabUnit::UmolPerL, Some(21.0))
    );
}

#[test]
fn an_ambiguous_thousands_separator_is_refused_and_can_be_named() {
    let (_, report, record, _folder) = import("comma-ambiguous.csv", &[]);
    assert!(
        report.contains("line 2: refused: \"1,234\" could be 1234 or 1.234"),
        "{report}"
    );
    assert!(
        !record
            .labs
            .iter()
            .any(|lab| lab.date.to_string() == "2026-11-12" && lab.test == LabTest::Alt)
    );
    let (_, _, record, _folder) = import("comma-ambiguous.csv", &["--decimal-point"]);
    assert!(has(&record, LabTest::Alt, "2026-11-12", 1234.0));
}

#[test]
fn a_bundle_with_two_patients_gives_only_this_patients_results() {
    let (_, report, record, _folder) = import("fhir-two-patients.json", &[]);
    assert!(has(&record, LabTest::Alt, "2026-11-19", 47.0));
    assert!(
        !record
            .labs
            .iter()
            .any(|lab| (lab.value - 260.0).abs() < 1e-9)
    );
    assert_eq!(
        report.matches("passed over: another patient").count(),
        4,
        "{report}"
    );
    for echoed in ["ZZZ-9999", "us-ssn", "passport", "f002"] {
        assert!(!report.contains(echoed), "{echoed} echoed: {report}");
    }
}

#[test]
fn bundles_that_are_not_this_patients_are_refused_and_nothing_changes() {
    for (fixture, says) in [
        ("fhir-ssn-collision.json", "the Bundle is another patient's"),
        (
            "fhir-no-patient.json",
            "with --subject (its entries refer to 1 subject",
        ),
        ("fhir-new-patient.json", "the Bundle is another patient's"),
        ("fhir-e7801-only.json", "the Bundle is another patient's"),
    ] {
        let folder = tempfile::tempdir().expect("a folder");
        let patient = patient_in(folder.path());
        let before = std::fs::read(&patient).expect("read");
        let (code, report) = run(
            &["import-fhir", &format!("{FIXTURES}/{fixture}"), "--into"],
            &patient,
        );
        assert_eq!(code, 2, "{fixture}: {report}");
        assert!(report.contains(says), "{fixture}: {report}");
        for echoed in ["MRN-55123", "312", "NEW-4242", "NEW-5151"] {
            assert!(
                !report.contains(echoed),
                "{fixture} echoes {echoed}: {report}"
            );
        }
        assert_eq!(
            std::fs::read(&patient).expect("read"),
            before,
            "{fixture}: byte-identical"
        );
    }
}

#[test]
fn corrections_replace_entries_in_error_remove_and_urine_is_not_serum() {
    let (_, report, record, _folder) = import("fhir-corrections.json", &[]);
    assert!(has(&record, LabTest::Alt, "2026-11-20", 41.0));
    assert!(
        !has(&record, LabTest::Alt, "2026-11-20", 999.0),
        "the preliminary value"
    );
    assert!(!has(&record, LabTest::Ast, "2026-11-13", 77.0), "voided");
    assert!(
        !has(&record, LabTest::Bilirubin, "2026-11-13", 4.0),
        "urine bilirubin"
    );
    assert!(
        !has(&record, LabTest::Bilirubin, "2026-11-13", 3.9),
        "cancelled"
    );
    let bilirubin = record
        .labs
        .iter()
        .find(|lab| lab.test == LabTest::Bilirubin && lab.date.to_string() == "2026-11-20")
        .expect("serum bilirubin");
    assert_eq!(
        (bilirubin.unit, bilirubin.uln),
        (LabUnit::UmolPerL, Some(21.0)),
        "ULN in its own unit"
    );
    assert!(
        has(&record, LabTest::Inr, "2026-11-13", 1.3),
        "version 2 wins wherever it stands"
    );
    assert!(
        has(&record, LabTest::LdlC, "2026-11-06", 447.0),
        "a lipid panel component"
    );
    assert!(
        report.contains("dated by the report date (issued)"),
        "{report}"
    );
}

#[test]
fn a_correction_imported_later_replaces_the_value_from_the_same_source() {
    let folder = tempfile::tempdir().expect("a folder");
    let patient = patient_in(folder.path());
    let bundle = |status: &str, value: f64| {
        serde_json::json!({"resourceType": "Bundle", "type": "collection", "entry": [
            {"resource": {"resourceType": "Patient", "id": "p", "identifier": [{"type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "MR"}]}, "value": "DEMO-0001"}]}},
            {"resource": {"resourceType": "Observation", "id": "alt-1", "status": status,
                "code": {"coding": [{"system": "http://loinc.org", "code": "1742-6"}]},
                "subject": {"reference": "Patient/p"}, "effectiveDateTime": "2026-11-20",
                "valueQuantity": {"value": value, "unit": "U/L", "system": "http://unitsofmeasure.org", "code": "U/L"},
                "referenceRange": [{"high": {"value": 40, "unit": "U/L", "system": "http://unitsofmeasure.org", "code": "U/L"}}]}}]})
    };
    let file = folder.path().join("bundle.json");
    for (status, value) in [("final", 999.0), ("corrected", 41.0)] {
        std::fs::write(&file, bundle(status, value).to_string()).expect("written");
        let (code, report) = run(
            &["import-fhir", file.to_str().expect("UTF-8"), "--into"],
            &patient,
        );
        assert_eq!(code, 0, "{report}");
    }
    let record = record::load(&patient).expect("valid");
    assert!(has(&record, LabTest::Alt, "2026-11-20", 41.0));
    assert!(
        !has(&record, LabTest::Alt, "2026-11-20", 999.0),
        "the false WITHHOLD is gone"
    );
    std::fs::write(&file, bundle("entered-in-error", 41.0).to_string()).expect("written");
    let (_, report) = run(
        &["import-fhir", file.to_str().expect("UTF-8"), "--into"],
        &patient,
    );
    assert!(report.contains("removes ALT 2026-11-20 41 U/L"), "{report}");
    assert!(!has(
        &record::load(&patient).expect("valid"),
        LabTest::Alt,
        "2026-11-20",
        41.0
    ));
}

#[test]
fn only_doses_given_are_doses_and_millilitres_and_grams_are_converted() {
    let (_, report, record, _folder) = import("fhir-doses.json", &[]);
    let dates: Vec<String> = record
        .doses
        .iter()
        .filter(|dose| dose.date.to_string().as_str() >= "2026-10-01")
        .map(|dose| format!("{} {}", dose.date, dose.dose_mg.unwrap_or(f64::NAN)))
        .collect();
    assert_eq!(
        dates,
        [
            "2026-10-05 200",
            "2026-10-12 200",
            "2026-10-19 200",
            "2026-11-02 200",
            "2026-11-09 200",
            "2026-11-23 200"
        ],
        "{report}"
    );
    assert!(report.contains("1 mL = 200 mg at 200 mg/mL"), "{report}");
    assert!(
        report.contains("passed over: not given (not-done"),
        "{report}"
    );
}

/// A partial birth date (FHIR allows "1988") or a medication date that is not a date is left
/// unknown, a result whose date is not one is refused, and the report says which and why.
#[test]
fn a_new_patient_with_dates_that_do_not_read_says_what_is_left_unknown() {
    use mipomersen_monitor::interop::fhir::{FhirOptions, new_patient};
    let text = std::fs::read_to_string(format!("{FIXTURES}/fhir-new-patient.json")).expect("read");
    let text = text
        .replace("\"birthDate\": \"1988-03-17\"", "\"birthDate\": \"1988\"")
        .replace("\"start\": \"2019-04-01\"", "\"start\": \"spring 2019\"")
        .replacen("2026-11-09T08:12:00-05:00", "2026-13-09", 1);
    let bundle: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let (record, import) = new_patient(&bundle, &FhirOptions::default()).expect("a new patient");
    assert_eq!(record.patient.birth_date, None);
    let notes = import.notes.join("\n");
    assert!(
        notes.contains("birth date \"1988\" is not a full date: it is left unknown"),
        "{notes}"
    );
    let lines: Vec<String> = import
        .lines
        .iter()
        .map(mipomersen_monitor::interop::import::Planned::describe)
        .collect();
    assert!(
        lines.iter().any(|line| line.contains(
            "its start \"spring 2019\" could not be read as a date and is recorded as unknown"
        )),
        "{lines:#?}"
    );
    assert_eq!(
        record
            .medications
            .iter()
            .filter(|m| m.start.is_none())
            .count(),
        1
    );
    assert!(
        lines.iter().any(|line| line
            .contains("refused: a result with an unreadable date: \"2026-13-09\" is not a date")),
        "{lines:#?}"
    );
}

#[test]
fn a_new_patient_file_from_an_ehr_bundle() {
    let folder = tempfile::tempdir().expect("a folder");
    let new = folder.path().join("new.json");
    let output = Command::cargo_bin("mipomersen-monitor")
        .expect("built")
        .args([
            "import-fhir",
            &format!("{FIXTURES}/fhir-new-patient.json"),
            "--new",
        ])
        .arg(&new)
        .output()
        .expect("runs");
    let report = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{report}");
    let record = record::load(&new).expect("a valid patient file");
    assert_eq!(record.patient.id, "NEW-4242");
    assert_eq!(record.patient.name.as_deref(), Some("Ana Sofía Rivera"));
    assert_eq!(record.diagnosis, Some(record::Diagnosis::Hofh));
    assert_eq!(
        record.conditions.hypersensitivity, None,
        "a penicillin allergy is not mipomersen's"
    );
    assert_eq!(
        (
            record.labs.len(),
            record.doses.len(),
            record.medications.len()
        ),
        (5, 2, 3)
    );
    let tylenol = record
        .medications
        .iter()
        .find(|m| m.name.contains("Tylenol"))
        .expect("Tylenol");
    assert_eq!(
        (tylenol.daily_dose_mg, tylenol.days_per_week),
        (Some(3000.0), Some(7))
    );
    let lomitapide = record
        .medications
        .iter()
        .find(|m| m.name.contains("Juxtapid"))
        .expect("kept");
    assert_eq!(
        lomitapide.stop.map(|d| d.to_string()).as_deref(),
        Some("2026-03-31")
    );

    // Never over an existing file.
    let before = std::fs::read(&new).expect("read");
    let again = Command::cargo_bin("mipomersen-monitor")
        .expect("built")
        .args([
            "import-fhir",
            &format!("{FIXTURES}/fhir-e7801-only.json"),
            "--new",
        ])
        .arg(&new)
        .output()
        .expect("runs");
    assert_eq!(again.status.code(), Some(2));
    assert_eq!(std::fs::read(&new).expect("read"), before);

    // E78.01 alone does not say homozygous.
    let other = folder.path().join("other.json");
    let output = Command::cargo_bin("mipomersen-monitor")
        .expect("built")
        .args([
            "import-fhir",
            &format!("{FIXTURES}/fhir-e7801-only.json"),
            "--new",
        ])
        .arg(&other)
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&output.stdout).contains("the diagnosis is left unknown"));
    assert_eq!(record::load(&other).expect("valid").diagnosis, None);
}

#[test]
fn the_hospital_export_and_the_loinc_export_still_read() {
    let (code, report, record, _folder) = import("../hospital-labs.csv", &[]);
    assert_eq!(code, 0, "{report}");
    assert!(
        report.contains("line 5: taken ALP 2026-11-20 108 U/L (ULN 120); 1.8 µkat/L = 108 U/L"),
        "{report}"
    );
    assert!(
        report.contains("line 8: taken INR 2026-11-20 1.1"),
        "{report}"
    );
    assert!(
        report.contains("line 9: already recorded ALT 2026-11-20 212 IU/L (ULN 56)"),
        "{report}"
    );
    assert!(has(&record, LabTest::LdlC, "2026-11-20", 290.0), "2.9 g/L");
    let (_, _, record, _folder) = import("../semicolon-loinc.csv", &[]);
    let bilirubin = record
        .labs
        .iter()
        .find(|lab| lab.test == LabTest::Bilirubin && lab.date.to_string() == "2026-11-21")
        .expect("added");
    assert_eq!(
        (bilirubin.value, bilirubin.unit, bilirubin.uln),
        (17.5, LabUnit::UmolPerL, Some(20.5))
    );
}

#[test]
fn fhir_export_then_import_adds_nothing_and_round_trips() {
    let folder = tempfile::tempdir().expect("a folder");
    let patient = crate::support::demo_in(folder.path());
    let bundle = folder.path().join("bundle.json");
    let (code, _) = run(
        &["export-fhir", "-o", bundle.to_str().expect("UTF-8")],
        &patient,
    );
    assert_eq!(code, 0);
    let original = record::load(&patient).expect("valid");
    let mut emptied = original.clone();
    emptied.labs.clear();
    emptied.doses.clear();
    record::save(&emptied, &patient).expect("saved");
    let (code, report) = run(
        &["import-fhir", bundle.to_str().expect("UTF-8"), "--into"],
        &patient,
    );
    assert_eq!(code, 0, "{report}");
    let back = record::load(&patient).expect("valid");
    assert_eq!(back.labs.len(), original.labs.len(), "{report}");
    assert_eq!(back.doses.len(), original.doses.len());
    let (_, again) = run(
        &["import-fhir", bundle.to_str().expect("UTF-8"), "--into"],
        &patient,
    );
    assert!(again.contains("nothing was added"), "{again}");
}

#[test]
fn a_fifo_or_a_folder_as_input_is_refused_unread() {
    let folder = tempfile::tempdir().expect("a folder");
    let patient = patient_in(folder.path());
    let (code, report) = run(
        &[
            "import-labs",
            folder.path().to_str().expect("UTF-8"),
            "--into",
        ],
        &patient,
    );
    assert_eq!(code, 2);
    assert!(report.contains("is not a file"), "{report}");
}

/// Inputs written to break an importer (a reviewer's); each must end safely.
#[test]
fn adversarial_inputs_end_safely() {
    for fixture in [
        "csv-censored-ukat.csv",
        "csv-correction-first.csv",
        "csv-patient-header.csv",
        "csv-sex-range.csv",
        "csv-unterminated-quote.csv",
        "fhir-no-patient-logical-id.json",
        "fhir-range-order.json",
        "fhir-same-logical-id.json",
        "fhir-shared-accession.json",
        "fhir-value-and-components.json",
    ] {
        let (code, report, _, _folder) = import(&format!("adversarial/{fixture}"), &[]);
        matches_golden(
            &format!("adversarial/{fixture}"),
            &format!("exit {code}\n{report}"),
        );
    }
}
