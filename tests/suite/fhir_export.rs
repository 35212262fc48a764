//! The FHIR R4 export as an EHR would load it: every Bundle (the demo, a ten-year record, molar
//! units, a sparse record, one with symptoms and the clinician's events) is checked against the
//! official R4 JSON schema by an independent validator, for FHIR's JSON rules (no empty
//! elements) and mad-1; ids are stable UUIDs; a transaction's requests are well-formed; and
//! export → import → export gives the same Bundle.

use std::sync::LazyLock;

use chrono::{DateTime, FixedOffset};
use mipomersen_monitor::interop::fhir::{self, ExportOptions, FhirOptions};
use mipomersen_monitor::record::{
    self, Diagnosis, Dose, Event, EventKind, Lab, LabTest, LabUnit, Medication, Record, Sex,
    Symptom, SymptomKind,
};
use mipomersen_monitor::synthetic::{self, Shape};
use serde_json::Value;

use crate::support::d;

/// The official FHIR R4 schema, compiled once.
static SCHEMA: LazyLock<jsonschema::Validator> = LazyLock::new(|| {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/fhir/fhir.schema.json"
    ))
    .expect("the R4 schema is in tests/fixtures/fhir");
    let schema: Value = serde_json::from_str(&text).expect("JSON");
    jsonschema::draft6::new(&schema).expect("the R4 schema compiles")
});

fn now() -> DateTime<FixedOffset> {
    "2026-11-28T10:00:00+01:00".parse().expect("a time")
}

fn export(record: &Record, options: &ExportOptions) -> Value {
    fhir::export(record, options, now())
}

/// Everything FHIR R4 asks of a Bundle that a schema can say, and the JSON rules it cannot.
#[track_caller]
fn assert_valid(name: &str, bundle: &Value) {
    let errors: Vec<String> = SCHEMA
        .iter_errors(bundle)
        .take(5)
        .map(|error| {
            let text = error.to_string();
            let end = text
                .char_indices()
                .nth(300)
                .map_or(text.len(), |(at, _)| at);
            format!("{} at {}", &text[..end], error.instance_path())
        })
        .collect();
    assert!(errors.is_empty(), "{name}: schema errors: {errors:#?}");
    let mut empty = Vec::new();
    find_empty(bundle, "$", &mut empty);
    assert!(
        empty.is_empty(),
        "{name}: empty or null elements (ele-1): {empty:?}"
    );
    for resource in resources(bundle) {
        if resource["resourceType"] == "MedicationAdministration" {
            assert!(
                resource["dosage"].is_null() || !resource["dosage"]["dose"].is_null(),
                "{name}: mad-1: a dosage without its dose: {resource}"
            );
        }
    }
}

/// FHIR JSON: no empty object, array or string, and no null.
fn find_empty(value: &Value, path: &str, found: &mut Vec<String>) {
    match value {
        Value::Null => found.push(path.to_owned()),
        Value::String(text) if text.is_empty() => found.push(path.to_owned()),
        Value::Array(items) if items.is_empty() => found.push(path.to_owned()),
        Value::Object(members) if members.is_empty() => found.push(path.to_owned()),
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                find_empty(item, &format!("{path}[{index}]"), found);
            }
        }
        Value::Object(members) => {
            for (key, member) in members {
                find_empty(member, &format!("{path}.{key}"), found);
            }
        }
        _ => {}
    }
}

fn resources(bundle: &Value) -> impl Iterator<Item = &Value> {
    bundle["entry"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|entry| &entry["resource"])
}

/// A record with every kind of entry the export writes, sparse where it may be.
fn eventful() -> Record {
    let mut record = Record::new("MRN 77/ä");
    record.patient.name = Some("Ana Sofía Rivera".to_owned());
    record.patient.sex = Some(Sex::Female);
    record.diagnosis = Some(Diagnosis::Hefh);
    record.conditions.hypersensitivity = Some(true);
    record.labs.push(Lab {
        date: d("2026-02-28"),
        test: LabTest::Bilirubin,
        value: 41.0,
        unit: LabUnit::UmolPerL,
        uln: Some(20.5),
        source: Some("urn:oid:2.16.840.1.113883.3.1|ACC-1#14631-6".to_owned()),
    });
    record.labs.push(Lab {
        date: d("2026-02-28"),
        test: LabTest::LdlC,
        value: 6.2,
        unit: LabUnit::MmolPerL,
        uln: None,
        source: None,
    });
    record.doses.push(Dose {
        date: d("2026-02-28"),
        dose_mg: None,
        route: Some(record::Route::Subcutaneous),
        site: Some(record::Site::Thigh),
        checklist: record::DoseChecklist::default(),
        source: None,
    });
    record.medications.push(Medication {
        name: "Tylenol 500 mg".to_owned(),
        start: None,
        stop: None,
        daily_dose_mg: None,
        days_per_week: Some(3),
    });
    record.medications.push(Medication {
        name: "Atorvastatin 80 mg".to_owned(),
        start: Some(d("2024-01-31")),
        stop: Some(d("2026-03-01")),
        daily_dose_mg: Some(80.0),
        days_per_week: Some(7),
    });
    for (date, kind) in [
        ("2026-03-01", SymptomKind::Jaundice),
        ("2026-03-01", SymptomKind::LightStools),
    ] {
        record.symptoms.push(Symptom {
            date: d(date),
            kind,
            note: None,
        });
    }
    record.symptoms[0].note = Some("yellow sclerae".to_owned());
    for (date, kind) in [
        ("2026-03-02", EventKind::Withheld),
        ("2026-03-30", EventKind::Resumed),
        ("2026-06-01", EventKind::Discontinued),
    ] {
        record.events.push(Event {
            date: d(date),
            kind,
            note: Some(format!("{} by the clinic", kind.label())),
        });
    }
    record
}

fn records() -> Vec<(&'static str, Record)> {
    vec![
        (
            "demo",
            record::parse(mipomersen_monitor::DEMO_PATIENT).expect("valid"),
        ),
        ("ten years", synthetic::record(Shape::TEN_YEARS, 7)),
        ("eventful, molar units", eventful()),
        ("sparse", Record::new("ID-ONLY")),
    ]
}

#[test]
fn every_exported_bundle_is_valid_r4() {
    for (name, record) in records() {
        for transaction in [false, true] {
            let options = ExportOptions {
                transaction,
                mrn_system: transaction.then(|| "urn:oid:1.2.36.146.595.217.0.1".to_owned()),
            };
            assert_valid(name, &export(&record, &options));
        }
    }
}

/// The validator is not a rubber stamp: the faults users found fail it.
#[test]
fn the_validator_catches_the_faults_users_found() {
    let bundle = export(&eventful(), &ExportOptions::default());
    let mut empty_dosage = bundle.clone();
    empty_dosage["entry"][1]["resource"]["dosage"] = serde_json::json!([]);
    let mut found = Vec::new();
    find_empty(&empty_dosage, "$", &mut found);
    assert!(!found.is_empty());
    let mut bad_status = bundle.clone();
    bad_status["entry"][4]["resource"]["status"] = Value::from("done");
    assert!(SCHEMA.iter_errors(&bad_status).next().is_some(), "status");
    let mut bad_date = bundle;
    bad_date["entry"][4]["resource"]["effectiveDateTime"] = Value::from("28/02/2026");
    assert!(SCHEMA.iter_errors(&bad_date).next().is_some(), "date");
}

#[test]
fn ids_are_uuids_derived_from_the_patient_and_the_entry() {
    let record = eventful();
    let first = export(&record, &ExportOptions::default());
    let again = export(&record, &ExportOptions::default());
    assert_eq!(first, again, "a re-export gives every resource its id");
    let mut ids = std::collections::HashSet::new();
    for entry in first["entry"].as_array().expect("entries") {
        let id = entry["resource"]["id"].as_str().expect("an id");
        assert!(uuid_shaped(id), "{id} is not a UUID");
        assert_eq!(entry["fullUrl"], format!("urn:uuid:{id}"));
        assert!(ids.insert(id.to_owned()), "{id} twice");
    }
    let mut other = record.clone();
    other.patient.id = "ANOTHER".to_owned();
    let theirs = export(&other, &ExportOptions::default());
    for resource in resources(&theirs) {
        assert!(!ids.contains(resource["id"].as_str().expect("an id")));
    }
}

fn uuid_shaped(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.iter().map(|group| group.len()).eq([8, 4, 4, 4, 12])
        && groups
            .iter()
            .all(|group| group.chars().all(|c| c.is_ascii_hexdigit()))
}

#[test]
fn a_transaction_creates_each_entry_unless_the_server_holds_it() {
    let options = ExportOptions {
        transaction: true,
        mrn_system: Some("urn:oid:1.2.36.146.595.217.0.1".to_owned()),
    };
    let bundle = export(&eventful(), &options);
    assert_eq!(bundle["type"], "transaction");
    for entry in bundle["entry"].as_array().expect("entries") {
        let request = &entry["request"];
        assert_eq!(request["method"], "POST");
        assert_eq!(request["url"], entry["resource"]["resourceType"]);
        let search = request["ifNoneExist"].as_str().expect("conditional");
        let identifier = search.strip_prefix("identifier=").expect("by identifier");
        assert!(
            !identifier.contains(' ') && !identifier.contains('ä'),
            "{search}"
        );
    }
    let patient = &bundle["entry"][0];
    assert_eq!(
        patient["request"]["ifNoneExist"],
        "identifier=urn:oid:1.2.36.146.595.217.0.1|MRN%2077/%C3%A4"
    );
    assert_eq!(
        patient["resource"]["identifier"][0]["system"],
        "urn:oid:1.2.36.146.595.217.0.1"
    );
}

#[test]
fn molar_results_carry_molar_loinc_codes_and_ldl_is_method_neutral() {
    let bundle = export(&eventful(), &ExportOptions::default());
    let code_of = |unit: &str| {
        resources(&bundle)
            .find(|r| r["valueQuantity"]["code"] == unit)
            .map(|r| r["code"]["coding"][0]["code"].clone())
    };
    assert_eq!(code_of("umol/L"), Some(Value::from("14631-6")));
    assert_eq!(code_of("mmol/L"), Some(Value::from("22748-8")));
    let demo = export(&records()[0].1, &ExportOptions::default());
    let ldl: Vec<&Value> = resources(&demo)
        .filter(|r| r["code"]["text"] == "LDL-C")
        .map(|r| &r["code"]["coding"][0]["code"])
        .collect();
    assert!(
        !ldl.is_empty() && ldl.iter().all(|code| **code == "2089-1"),
        "{ldl:?}"
    );
}

#[test]
fn the_diagnosis_symptoms_and_events_are_in_resources_an_ehr_reads() {
    let bundle = export(&eventful(), &ExportOptions::default());
    let of = |kind: &str| -> Vec<&Value> {
        resources(&bundle)
            .filter(|r| r["resourceType"] == kind)
            .collect()
    };
    let conditions = of("Condition");
    assert_eq!(conditions[0]["code"]["coding"][0]["code"], "238079002");
    assert_eq!(conditions[0]["code"]["coding"][1]["code"], "E78.01");
    let jaundice = conditions[1];
    assert_eq!(jaundice["onsetDateTime"], "2026-03-01");
    assert!(
        jaundice["code"]["coding"]
            .as_array()
            .expect("codings")
            .iter()
            .any(|c| c["code"] == "18165001")
    );
    let statuses: Vec<&Value> = of("MedicationStatement")
        .into_iter()
        .filter(|s| s["medicationCodeableConcept"]["coding"][0]["code"] == "C10AX11")
        .map(|s| &s["status"])
        .collect();
    assert_eq!(statuses, ["on-hold", "active", "stopped"]);
}

#[test]
fn export_import_export_gives_the_same_bundle() {
    for (name, record) in records() {
        let options = ExportOptions::default();
        let first = export(&record, &options);
        let (copy, report) =
            fhir::new_patient(&first, &FhirOptions::default()).expect("a new patient");
        let second = export(&copy, &options);
        assert_eq!(
            first,
            second,
            "{name}: {:#?}",
            report
                .lines
                .iter()
                .map(mipomersen_monitor::interop::import::Planned::describe)
                .collect::<Vec<_>>()
        );

        // Into the record it came from, nothing is new.
        let import = fhir::read(&first, &record, &FhirOptions::default()).expect("its own");
        let mut same = record.clone();
        let applied = mipomersen_monitor::interop::import::apply(&mut same, &import.lines);
        assert!(!applied.changed(), "{name}: {}", applied.describe());
    }
}
