//! Exchange with other systems, read back as the other system would: the iCalendar schedule and
//! FHIR R4 bundles.

use std::str::FromStr;

use assert_cmd::Command;
use icalendar::{Calendar, CalendarComponent, Component, DatePerhapsTime};

#[test]
fn the_schedule_parses_back_with_12_weeks_of_doses_and_the_due_tests() {
    let folder = tempfile::tempdir().expect("a folder");
    let output = folder.path().join("schedule.ics");
    let run = Command::cargo_bin("mipomersen-monitor")
        .expect("built")
        .args([
            "export-ics",
            "assets/examples/demo-patient.json",
            "--today",
            "2026-11-24",
            "-o",
        ])
        .arg(&output)
        .output()
        .expect("runs");
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let text = std::fs::read_to_string(&output).expect("written");
    let calendar = Calendar::from_str(&text).expect("valid iCalendar");
    let events: Vec<_> = calendar
        .components
        .iter()
        .filter_map(|component| match component {
            CalendarComponent::Event(event) => Some(event),
            _ => None,
        })
        .collect();
    let day = |date: &str| Some(DatePerhapsTime::Date(date.parse().expect("a date")));
    let doses: Vec<_> = events
        .iter()
        .filter(|event| {
            event
                .get_summary()
                .is_some_and(|s| s.starts_with("Mipomersen injection"))
        })
        .collect();
    // The missed dose today, then the Monday schedule for the rest of the 12 weeks.
    assert_eq!(doses.len(), 13);
    assert_eq!(doses[0].get_start(), day("2026-11-24"));
    assert_eq!(
        doses[0].get_end(),
        day("2026-11-25"),
        "all-day: the end is the next day"
    );
    assert_eq!(doses[1].get_start(), day("2026-11-30"));
    assert_eq!(doses[12].get_start(), day("2027-02-15"));
    let liver = events
        .iter()
        .find(|event| {
            event
                .get_summary()
                .is_some_and(|s| s.contains("liver panel"))
        })
        .expect("the liver panel");
    assert_eq!(liver.get_start(), day("2027-01-09"));
    let mut uids: Vec<_> = events.iter().filter_map(|event| event.get_uid()).collect();
    uids.sort_unstable();
    uids.dedup();
    assert_eq!(uids.len(), events.len(), "every event has its own UID");
}

#[test]
fn no_doses_are_scheduled_while_withheld() {
    let folder = tempfile::tempdir().expect("a folder");
    let mut demo =
        mipomersen_monitor::record::parse(mipomersen_monitor::DEMO_PATIENT).expect("valid");
    demo.conditions.hypersensitivity = Some(true);
    let patient = folder.path().join("p.json");
    mipomersen_monitor::record::save(&demo, &patient).expect("saved");
    let output = folder.path().join("schedule.ics");
    Command::cargo_bin("mipomersen-monitor")
        .expect("built")
        .args(["export-ics", "--today", "2026-11-24", "-o"])
        .arg(&output)
        .arg(&patient)
        .assert()
        .success();
    let text = std::fs::read_to_string(&output).expect("written");
    assert!(!text.contains("Mipomersen injection"));
    assert!(text.contains("liver panel"));
}

mod fhir {
    use std::path::Path;

    use assert_cmd::Command;
    use mipomersen_monitor::record;

    use crate::support::demo_in;

    fn run(args: &[&str], paths: &[&Path]) -> (i32, String) {
        let output = Command::cargo_bin("mipomersen-monitor")
            .expect("built")
            .args(args)
            .args(paths)
            .output()
            .expect("runs");
        let text = String::from_utf8_lossy(&output.stdout).into_owned()
            + &String::from_utf8_lossy(&output.stderr);
        (output.status.code().unwrap_or(-1), text)
    }

    #[test]
    fn export_writes_the_resources_with_their_codes() {
        let folder = tempfile::tempdir().expect("a folder");
        let patient = demo_in(folder.path());
        let bundle = folder.path().join("bundle.json");
        let (code, text) = run(&["export-fhir"], &[&patient, Path::new("-o"), &bundle]);
        assert_eq!(code, 0, "{text}");
        let value: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&bundle).expect("written"))
                .expect("JSON");
        assert_eq!(value["type"], "collection");
        let resources: Vec<&serde_json::Value> = value["entry"]
            .as_array()
            .expect("entries")
            .iter()
            .map(|e| &e["resource"])
            .collect();
        let count = |kind: &str| {
            resources
                .iter()
                .filter(|r| r["resourceType"] == kind)
                .count()
        };
        let demo = record::load(&patient).expect("valid");
        assert_eq!(count("Patient"), 1);
        assert_eq!(count("Condition"), 1 + demo.symptoms.len());
        assert_eq!(count("Observation"), demo.labs.len());
        assert_eq!(count("MedicationAdministration"), demo.doses.len());
        assert_eq!(
            count("MedicationStatement"),
            demo.medications.len() + demo.events.len()
        );
        let condition = resources
            .iter()
            .find(|r| r["resourceType"] == "Condition")
            .expect("one");
        assert_eq!(condition["code"]["coding"][0]["code"], "238078005");
        assert_eq!(condition["code"]["coding"][1]["code"], "E78.01");
        let alt = resources
            .iter()
            .find(|r| r["code"]["coding"][0]["code"] == "1742-6")
            .expect("an ALT");
        assert_eq!(alt["valueQuantity"]["system"], "http://unitsofmeasure.org");
        assert_eq!(alt["referenceRange"][0]["high"]["value"], 40.0);
        let dose = resources
            .iter()
            .find(|r| r["resourceType"] == "MedicationAdministration")
            .expect("a dose");
        assert_eq!(
            dose["medicationCodeableConcept"]["coding"][0]["code"],
            "C10AX11"
        );
        assert_eq!(dose["dosage"]["route"]["coding"][0]["code"], "34206005");
    }
}
