//! FHIR R4 (JSON): a patient file as a Bundle of type collection, and labs and mipomersen doses
//! read back from a Bundle — ours or another system's — passing over what this app does not use.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde_json::{Value, json};

use super::codes::{loinc, test_named, ucum, unit_named};
use crate::format;
use crate::record::{Diagnosis, Dose, DoseChecklist, Lab, LabTest, Record, Route, Site};

const LOINC: &str = "http://loinc.org";
const UCUM: &str = "http://unitsofmeasure.org";
const ATC: &str = "http://www.whocc.no/atc";
const SNOMED: &str = "http://snomed.info/sct";
const ICD10: &str = "http://hl7.org/fhir/sid/icd-10-cm";
const MIPOMERSEN_ATC: &str = "C10AX11";
const PATIENT_ID_SYSTEM: &str = "urn:mipomersen-monitor:patient-id";

/// The record as a FHIR R4 Bundle (type collection).
pub fn export(record: &Record) -> Value {
    let patient_ref = json!({"reference": "urn:uuid:patient"});
    let mut entries = vec![entry("patient", patient(record))];
    if let Some(condition) = condition(record, &patient_ref) {
        entries.push(entry("condition", condition));
    }
    if record.conditions.hypersensitivity == Some(true) {
        entries.push(entry("allergy", allergy(&patient_ref)));
    }
    for (index, lab) in record.labs.iter().enumerate() {
        entries.push(entry(
            &format!("lab-{index}"),
            observation(lab, &patient_ref),
        ));
    }
    for (index, dose) in record.doses.iter().enumerate() {
        entries.push(entry(
            &format!("dose-{index}"),
            administration(dose, &patient_ref),
        ));
    }
    for (index, medication) in record.medications.iter().enumerate() {
        let period = json!({
            "start": medication.start.map(|d| d.to_string()),
            "end": medication.stop.map(|d| d.to_string()),
        });
        let dosage = [
            medication
                .daily_dose_mg
                .map(|mg| format!("{} mg/day", format::number(mg))),
            medication
                .days_per_week
                .map(|days| format!("{days} days/week")),
        ];
        let dosage: Vec<String> = dosage.into_iter().flatten().collect();
        entries.push(entry(
            &format!("medication-{index}"),
            json!({
                "resourceType": "MedicationStatement",
                "status": if medication.stop.is_some() { "completed" } else { "active" },
                "medicationCodeableConcept": {"text": medication.name},
                "subject": patient_ref,
                "effectivePeriod": without_nulls(period),
                "dosage": if dosage.is_empty() { json!([]) } else { json!([{"text": dosage.join(", ")}]) },
            }),
        ));
    }
    json!({
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": chrono::Local::now().fixed_offset().to_rfc3339(),
        "entry": entries,
    })
}

fn entry(name: &str, resource: Value) -> Value {
    let mut entry = serde_json::Map::new();
    entry.insert(
        "fullUrl".to_owned(),
        Value::from(format!("urn:uuid:{name}")),
    );
    entry.insert("resource".to_owned(), resource);
    Value::Object(entry)
}

fn without_nulls(mut value: Value) -> Value {
    if let Value::Object(map) = &mut value {
        map.retain(|_, field| !field.is_null());
    }
    value
}

fn patient(record: &Record) -> Value {
    let patient = &record.patient;
    without_nulls(json!({
        "resourceType": "Patient",
        "identifier": [{"system": PATIENT_ID_SYSTEM, "value": patient.id}],
        "name": patient.name.as_ref().map(|name| json!([{"text": name}])),
        "birthDate": patient.birth_date.map(|d| d.to_string()),
        "gender": patient.sex.map(|sex| match sex {
            crate::record::Sex::Female => "female",
            crate::record::Sex::Male => "male",
        }),
    }))
}

fn condition(record: &Record, subject: &Value) -> Option<Value> {
    let text = match record.diagnosis? {
        Diagnosis::Hofh => "Homozygous familial hypercholesterolemia",
        Diagnosis::Hefh => "Heterozygous familial hypercholesterolemia",
        Diagnosis::Other | Diagnosis::Unknown => return None,
    };
    Some(json!({
        "resourceType": "Condition",
        "code": {
            "coding": [{"system": ICD10, "code": "E78.01", "display": "Familial hypercholesterolemia"}],
            "text": text,
        },
        "subject": subject,
    }))
}

fn allergy(patient: &Value) -> Value {
    json!({
        "resourceType": "AllergyIntolerance",
        "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", "code": "active"}]},
        "code": {"coding": [{"system": ATC, "code": MIPOMERSEN_ATC, "display": "mipomersen"}], "text": "Mipomersen"},
        "patient": patient,
    })
}

fn quantity(value: f64, unit: crate::record::LabUnit) -> Value {
    let symbol = match unit.symbol() {
        "" => "1",
        symbol => symbol,
    };
    json!({"value": value, "unit": symbol, "system": UCUM, "code": ucum(unit)})
}

fn observation(lab: &Lab, subject: &Value) -> Value {
    let mut observation = json!({
        "resourceType": "Observation",
        "status": "final",
        "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "laboratory"}]}],
        "code": {"coding": [{"system": LOINC, "code": loinc(lab.test)[0], "display": lab.test.label()}], "text": lab.test.label()},
        "subject": subject,
        "effectiveDateTime": lab.date.to_string(),
        "valueQuantity": quantity(lab.value, lab.unit),
    });
    if let Some(uln) = lab.uln {
        observation["referenceRange"] = json!([{"high": quantity(uln, lab.unit)}]);
    }
    observation
}

fn route_code(route: Route) -> (&'static str, &'static str) {
    match route {
        Route::Subcutaneous => ("34206005", "Subcutaneous route"),
        Route::Intramuscular => ("78421000", "Intramuscular route"),
        Route::Intravenous => ("47625008", "Intravenous route"),
    }
}

fn administration(dose: &Dose, subject: &Value) -> Value {
    let mut dosage = serde_json::Map::new();
    if let Some(route) = dose.route {
        let (code, display) = route_code(route);
        dosage.insert(
            "route".into(),
            json!({"coding": [{"system": SNOMED, "code": code, "display": display}]}),
        );
    }
    if let Some(site) = dose.site {
        dosage.insert("site".into(), json!({"text": site.label()}));
    }
    if let Some(mg) = dose.dose_mg {
        dosage.insert(
            "dose".into(),
            json!({"value": mg, "unit": "mg", "system": UCUM, "code": "mg"}),
        );
    }
    json!({
        "resourceType": "MedicationAdministration",
        "status": "completed",
        "medicationCodeableConcept": {
            "coding": [{"system": ATC, "code": MIPOMERSEN_ATC, "display": "mipomersen"}],
            "text": "Mipomersen (Kynamro) 200 mg/mL",
        },
        "subject": subject,
        "effectiveDateTime": dose.date.to_string(),
        "dosage": dosage,
    })
}

/// What an import took and passed over.
#[derive(Debug, Default)]
pub struct Imported {
    pub labs: Vec<Lab>,
    pub doses: Vec<Dose>,
    /// Results and doses already in the record.
    pub already: usize,
    /// Resources passed over, by kind and reason: "Encounter", "Observation (not followed: Heart rate)".
    pub passed_over: BTreeMap<String, usize>,
}

impl Imported {
    /// "took 3 lab results and 2 doses; 1 already recorded; passed over: Encounter 2, …".
    pub fn describe(&self) -> String {
        let mut text = format!(
            "took {} lab result(s) and {} dose(s); {} already recorded",
            self.labs.len(),
            self.doses.len(),
            self.already
        );
        if !self.passed_over.is_empty() {
            let passed: Vec<String> = self
                .passed_over
                .iter()
                .map(|(what, count)| format!("{what} {count}"))
                .collect();
            text.push_str("; passed over: ");
            text.push_str(&passed.join(", "));
        }
        text
    }
}

/// Reads a Bundle's labs and mipomersen doses that `record` does not have yet. A Bundle that
/// names another patient is refused: its results must not land in this file.
pub fn import(bundle: &Value, record: &Record) -> Result<Imported, String> {
    if bundle["resourceType"] != "Bundle" {
        return Err(format!(
            "not a FHIR Bundle (resourceType {})",
            bundle["resourceType"]
        ));
    }
    let resources: Vec<&Value> = bundle["entry"]
        .as_array()
        .map(|entries| entries.iter().map(|entry| &entry["resource"]).collect())
        .unwrap_or_default();
    check_patient(&resources, &record.patient.id)?;

    let mut imported = Imported::default();
    let mut pass = |what: String| *imported.passed_over.entry(what).or_insert(0) += 1;
    let mut labs = Vec::new();
    let mut doses = Vec::new();
    for resource in resources {
        let kind = resource["resourceType"]
            .as_str()
            .unwrap_or("(no resourceType)");
        match kind {
            "Observation" => match lab(resource) {
                Ok(lab) => labs.push(lab),
                Err(why) => pass(format!("Observation ({why})")),
            },
            "MedicationAdministration" => match dose(resource) {
                Ok(dose) => doses.push(dose),
                Err(why) => pass(format!("MedicationAdministration ({why})")),
            },
            other => pass(other.to_owned()),
        }
    }
    let mut known_labs = record.labs.clone();
    for lab in labs {
        if known_labs
            .iter()
            .any(|known| super::csv_labs::same_result(known, &lab))
        {
            imported.already += 1;
        } else {
            known_labs.push(lab.clone());
            imported.labs.push(lab);
        }
    }
    let mut known_doses = record.doses.clone();
    for dose in doses {
        if known_doses
            .iter()
            .any(|known| known.date == dose.date && known.dose_mg == dose.dose_mg)
        {
            imported.already += 1;
        } else {
            known_doses.push(dose.clone());
            imported.doses.push(dose);
        }
    }
    Ok(imported)
}

fn check_patient(resources: &[&Value], id: &str) -> Result<(), String> {
    let patients: Vec<&&Value> = resources
        .iter()
        .filter(|r| r["resourceType"] == "Patient")
        .collect();
    if patients.is_empty() {
        return Ok(());
    }
    let names_id = |patient: &Value| {
        patient["id"] == id
            || patient["identifier"].as_array().is_some_and(|identifiers| {
                identifiers
                    .iter()
                    .any(|identifier| identifier["value"] == id)
            })
    };
    if patients.iter().any(|patient| names_id(patient)) {
        Ok(())
    } else {
        let theirs: Vec<String> = patients
            .iter()
            .flat_map(|patient| {
                patient["identifier"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
            })
            .filter_map(|identifier| identifier["value"].as_str().map(str::to_owned))
            .collect();
        Err(format!(
            "the Bundle is for patient {}, not {id}: nothing was imported",
            if theirs.is_empty() {
                "(no identifier)".to_owned()
            } else {
                theirs.join(" / ")
            }
        ))
    }
}

/// The date of a resource: `effectiveDateTime` (a date or a date-time), else the period's start.
fn date(resource: &Value) -> Option<NaiveDate> {
    let text = resource["effectiveDateTime"]
        .as_str()
        .or_else(|| resource["effectivePeriod"]["start"].as_str())?;
    NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok()
}

fn lab(observation: &Value) -> Result<Lab, String> {
    if matches!(
        observation["status"].as_str(),
        Some("entered-in-error" | "cancelled")
    ) {
        return Err("entered in error or cancelled".to_owned());
    }
    let code = &observation["code"];
    let by_loinc = code["coding"]
        .as_array()
        .into_iter()
        .flatten()
        .find_map(|coding| {
            (coding["system"] == LOINC)
                .then(|| coding["code"].as_str().and_then(test_named))
                .flatten()
        });
    let name = code["text"]
        .as_str()
        .or_else(|| code["coding"][0]["display"].as_str())
        .unwrap_or("no code");
    let test: LabTest = by_loinc
        .or_else(|| test_named(name))
        .ok_or_else(|| format!("not followed: {name}"))?;
    let quantity = &observation["valueQuantity"];
    let value = quantity["value"]
        .as_f64()
        .ok_or_else(|| format!("{test} without a numeric value"))?;
    let unit_text = quantity["code"]
        .as_str()
        .or_else(|| quantity["unit"].as_str())
        .unwrap_or("");
    let unit = unit_named(&unit_text.replace("[iU]", "IU"))
        .or_else(|| (test == LabTest::Inr).then_some(crate::record::LabUnit::Ratio))
        .filter(|unit| test.accepted_units().contains(unit))
        .ok_or_else(|| format!("{test} in an unknown unit: {unit_text}"))?;
    let date = date(observation).ok_or_else(|| format!("{test} without a date"))?;
    let uln = observation["referenceRange"][0]["high"]["value"]
        .as_f64()
        .filter(|_| test.has_uln());
    Ok(Lab {
        date,
        test,
        value,
        unit,
        uln,
        source: None,
    })
}

fn dose(administration: &Value) -> Result<Dose, String> {
    let medication = &administration["medicationCodeableConcept"];
    let is_mipomersen = medication["coding"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|coding| coding["code"] == MIPOMERSEN_ATC)
        || medication["text"]
            .as_str()
            .is_some_and(|text| text.to_lowercase().contains("mipomersen"));
    if !is_mipomersen {
        return Err("not mipomersen".to_owned());
    }
    let date = date(administration).ok_or("a dose without a date")?;
    let dosage = &administration["dosage"];
    let route = dosage["route"]["coding"]
        .as_array()
        .into_iter()
        .flatten()
        .find_map(|coding| {
            [
                Route::Subcutaneous,
                Route::Intramuscular,
                Route::Intravenous,
            ]
            .into_iter()
            .find(|&route| coding["code"] == route_code(route).0)
        });
    let site = dosage["site"]["text"].as_str().and_then(|text| {
        [Site::Abdomen, Site::Thigh, Site::UpperArm, Site::Other]
            .into_iter()
            .find(|site| site.label() == text)
    });
    Ok(Dose {
        date,
        dose_mg: dosage["dose"]["value"].as_f64(),
        route,
        site,
        checklist: DoseChecklist::default(),
        source: None,
    })
}
