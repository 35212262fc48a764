//! A patient file as a FHIR R4 Bundle (JSON, type collection).

use serde_json::{Value, json};

use super::{ATC, ICD10, LOINC, MIPOMERSEN_ATC, SNOMED, UCUM, route_code};
use crate::format;
use crate::interop::codes::{export_code, ucum};
use crate::record::{Diagnosis, Dose, Lab, Record};

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
        "identifier": [{
            "use": "usual",
            "type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "MR", "display": "Medical record number"}]},
            "system": PATIENT_ID_SYSTEM,
            "value": patient.id,
        }],
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
        "code": {"coding": [{"system": LOINC, "code": export_code(lab.test, lab.unit).0, "display": export_code(lab.test, lab.unit).1}], "text": lab.test.label()},
        "subject": subject,
        "effectiveDateTime": lab.date.to_string(),
        "valueQuantity": quantity(lab.value, lab.unit),
    });
    if let Some(uln) = lab.uln {
        observation["referenceRange"] = json!([{"high": quantity(uln, lab.unit)}]);
    }
    observation
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
