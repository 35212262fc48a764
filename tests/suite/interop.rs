//! Exchange with other systems, read back as the other system would: FHIR R4 bundles (the
//! iCalendar schedule is `ics`).

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
