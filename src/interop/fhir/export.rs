//! A patient file as a FHIR R4 Bundle an EHR can load: a collection, or a transaction whose
//! entries a server creates unless it holds them already (conditional create on identifier).
//! Every resource has an id, a UUID derived from the patient and the entry, so a re-export gives
//! each resource the id it had; no element is empty.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;
use serde_json::{Map, Value, json};
use uuid::Uuid;

use super::{
    ATC, EVENT_SYSTEM, ICD10, LOINC, MIPOMERSEN_ATC, OWN_IDENTIFIER_SYSTEM, SNOMED, UCUM,
    condition_category, event_status, route_code, symptom_coding,
};
use crate::format;
use crate::interop::codes::{export_code, ucum};
use crate::record::{Diagnosis, Dose, Event, Lab, Medication, Record, Sex, Symptom};

/// The identifier system of medical record numbers when the clinic has named none.
pub const DEFAULT_MRN_SYSTEM: &str = "urn:mipomersen-monitor:patient-id";

/// The namespace of the resource ids (UUID v5): fixed, so ids are the same on every export.
const ID_NAMESPACE: Uuid = Uuid::from_u128(0x9d2c_41a6_5f0e_4b7c_8a13_6e5b_2f9d_7c41);

/// What kind of Bundle, and the clinic's identifier system.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportOptions {
    /// A transaction (entries with conditional-create requests) rather than a collection.
    pub transaction: bool,
    /// The clinic's identifier system for medical record numbers.
    pub mrn_system: Option<String>,
}

/// The Bundle as the file holds it: pretty JSON ending in a newline.
pub fn export_text(record: &Record, options: &ExportOptions, now: DateTime<FixedOffset>) -> String {
    let mut text = serde_json::to_string_pretty(&export(record, options, now))
        .expect("a Bundle is plain JSON");
    text.push('\n');
    text
}

/// The record as a FHIR R4 Bundle, stamped `now`.
pub fn export(record: &Record, options: &ExportOptions, now: DateTime<FixedOffset>) -> Value {
    let mut bundle = Bundle::new(record, options);
    bundle.add(
        "Patient",
        "patient",
        patient(record, &bundle.mrn_system),
        None,
    );
    let subject = bundle.subject.clone();
    if let Some(condition) = diagnosis(record, &subject) {
        bundle.add("Condition", "diagnosis", condition, None);
    }
    if record.conditions.hypersensitivity == Some(true) {
        bundle.add("AllergyIntolerance", "mipomersen", allergy(&subject), None);
    }
    for lab in &record.labs {
        let key = format!("{}/{}", lab.date, name_of(lab.test));
        bundle.add(
            "Observation",
            &key,
            observation(lab, &subject),
            lab.source.as_deref(),
        );
    }
    for dose in &record.doses {
        let key = dose.date.to_string();
        let resource = administration(dose, &subject);
        bundle.add(
            "MedicationAdministration",
            &key,
            resource,
            dose.source.as_deref(),
        );
    }
    let today = now.date_naive();
    for medication in &record.medications {
        let key = format!(
            "{}/{}",
            medication.name.to_lowercase(),
            date_or_none(medication.start)
        );
        bundle.add(
            "MedicationStatement",
            &key,
            statement(medication, &subject, today),
            None,
        );
    }
    for symptom in &record.symptoms {
        let key = format!("symptom/{}/{}", symptom.date, name_of(symptom.kind));
        bundle.add(
            "Condition",
            &key,
            symptom_condition(symptom, &subject),
            None,
        );
    }
    for event in &record.events {
        let key = format!("event/{}/{}", event.date, name_of(event.kind));
        bundle.add(
            "MedicationStatement",
            &key,
            event_statement(event, &subject),
            None,
        );
    }
    json!({
        "resourceType": "Bundle",
        "type": if options.transaction { "transaction" } else { "collection" },
        "timestamp": now.to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
        "entry": bundle.entries,
    })
}

/// The Bundle being built: its entries, and how many entries each key has had so far (two
/// results of one test on one date are two entries).
struct Bundle<'r> {
    patient_id: &'r str,
    mrn_system: String,
    transaction: bool,
    subject: Value,
    entries: Vec<Value>,
    seen: HashMap<String, usize>,
}

impl<'r> Bundle<'r> {
    fn new(record: &'r Record, options: &ExportOptions) -> Self {
        let patient_id = record.patient.id.as_str();
        Bundle {
            patient_id,
            mrn_system: options
                .mrn_system
                .clone()
                .unwrap_or_else(|| DEFAULT_MRN_SYSTEM.to_owned()),
            transaction: options.transaction,
            subject: json!({"reference": urn(id_of(patient_id, "Patient", "patient", 0))}),
            entries: Vec::new(),
            seen: HashMap::new(),
        }
    }

    /// Adds a resource with its id and, but for the Patient (known by its medical record
    /// number), its identifiers: the one it was imported by, if any, then its own.
    fn add(&mut self, kind: &str, key: &str, mut resource: Value, source: Option<&str>) {
        let count = self.seen.entry(format!("{kind}/{key}")).or_default();
        let id = id_of(self.patient_id, kind, key, *count);
        *count += 1;
        resource["id"] = Value::from(id.to_string());
        let search = if kind == "Patient" {
            format!("{}|{}", self.mrn_system, self.patient_id)
        } else {
            let own = json!({"system": OWN_IDENTIFIER_SYSTEM, "value": urn(id)});
            let mut identifiers: Vec<Value> =
                source.and_then(source_identifier).into_iter().collect();
            identifiers.push(own);
            resource["identifier"] = Value::Array(identifiers);
            format!("{OWN_IDENTIFIER_SYSTEM}|{}", urn(id))
        };
        let mut entry = Map::new();
        entry.insert("fullUrl".into(), Value::from(urn(id)));
        entry.insert("resource".into(), resource);
        if self.transaction {
            entry.insert(
                "request".into(),
                json!({"method": "POST", "url": kind, "ifNoneExist": format!("identifier={}", query_value(&search))}),
            );
        }
        self.entries.push(Value::Object(entry));
    }
}

/// The id of the `count`th entry of `kind` and `key` of this patient.
fn id_of(patient_id: &str, kind: &str, key: &str, count: usize) -> Uuid {
    // The unit separator cannot occur in an id, a date or a name: no two inputs run together.
    Uuid::new_v5(
        &ID_NAMESPACE,
        format!("{patient_id}\u{1f}{kind}\u{1f}{key}\u{1f}{count}").as_bytes(),
    )
}

fn urn(id: Uuid) -> String {
    format!("urn:uuid:{id}")
}

/// A search value as a URL carries it: reserved characters percent-encoded, the `|` between
/// system and value kept as FHIR writes it.
fn query_value(value: &str) -> String {
    const KEEP: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~')
        .remove(b':')
        .remove(b'/')
        .remove(b'|');
    percent_encoding::utf8_percent_encode(value, KEEP).to_string()
}

/// The identifier an entry was imported by (`system|value#code`, as `import` records it), so
/// the EHR that sent it knows it again; none for a lab's accession number or a URL.
fn source_identifier(source: &str) -> Option<Value> {
    let (identifier, _code) = source.rsplit_once('#')?;
    let (system, value) = identifier.split_once('|')?;
    (!system.is_empty() && !value.is_empty() && system != OWN_IDENTIFIER_SYSTEM)
        .then(|| json!({"system": system, "value": value}))
}

/// A value's name in the patient file (`"alt"`, `"withheld"`), for keys.
fn name_of(value: impl Serialize) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|name| name.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn date_or_none(date: Option<NaiveDate>) -> String {
    date.map_or_else(|| "-".to_owned(), |date| date.to_string())
}

/// An object without its null and empty members: FHIR JSON has no empty elements (ele-1).
fn present(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(_, member)| match member {
                    Value::Null => false,
                    Value::Array(items) => !items.is_empty(),
                    Value::Object(members) => !members.is_empty(),
                    Value::String(text) => !text.is_empty(),
                    _ => true,
                })
                .collect(),
        ),
        other => other,
    }
}

fn patient(record: &Record, mrn_system: &str) -> Value {
    let patient = &record.patient;
    present(json!({
        "resourceType": "Patient",
        "identifier": [{
            "use": "usual",
            "type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "MR", "display": "Medical record number"}]},
            "system": mrn_system,
            "value": patient.id,
        }],
        "name": patient.name.as_ref().map(|name| json!([{"text": name}])),
        "birthDate": patient.birth_date.map(|d| d.to_string()),
        "gender": patient.sex.map(|sex| match sex {
            Sex::Female => "female",
            Sex::Male => "male",
        }),
    }))
}

/// The diagnosis: SNOMED CT says homozygous or heterozygous FH; ICD-10-CM E78.01 (which does
/// not tell them apart) is there for billing systems.
fn diagnosis(record: &Record, subject: &Value) -> Option<Value> {
    let (snomed, text) = match record.diagnosis? {
        Diagnosis::Hofh => ("238078005", "Homozygous familial hypercholesterolemia"),
        Diagnosis::Hefh => ("238079002", "Heterozygous familial hypercholesterolemia"),
        Diagnosis::Other | Diagnosis::Unknown => return None,
    };
    Some(json!({
        "resourceType": "Condition",
        "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "active"}]},
        "category": [condition_category("problem-list-item")],
        "code": {
            "coding": [
                {"system": SNOMED, "code": snomed, "display": text},
                {"system": ICD10, "code": "E78.01", "display": "Familial hypercholesterolemia"},
            ],
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

fn mipomersen() -> Value {
    json!({
        "coding": [{"system": ATC, "code": MIPOMERSEN_ATC, "display": "mipomersen"}],
        "text": "Mipomersen (Kynamro) 200 mg/mL",
    })
}

/// A result, coded by LOINC for the unit it is in (molar codes for µmol/L and mmol/L).
fn observation(lab: &Lab, subject: &Value) -> Value {
    let (code, display) = export_code(lab.test, lab.unit);
    present(json!({
        "resourceType": "Observation",
        "status": "final",
        "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "laboratory"}]}],
        "code": {"coding": [{"system": LOINC, "code": code, "display": display}], "text": lab.test.label()},
        "subject": subject,
        "effectiveDateTime": lab.date.to_string(),
        "valueQuantity": quantity(lab.value, lab.unit),
        "referenceRange": lab.uln.map(|uln| json!([{"high": quantity(uln, lab.unit)}])),
    }))
}

/// A dose given. A dosage needs its amount (mad-1): a dose whose amount was not recorded says
/// its route and site in a note instead.
fn administration(dose: &Dose, subject: &Value) -> Value {
    let route = dose.route.map(|route| {
        let (code, display) = route_code(route);
        json!({"coding": [{"system": SNOMED, "code": code, "display": display}], "text": route.label()})
    });
    let site = dose.site.map(|site| json!({"text": site.label()}));
    let (dosage, note) = if let Some(mg) = dose.dose_mg {
        let dosage = present(json!({
            "route": route,
            "site": site,
            "dose": {"value": mg, "unit": "mg", "system": UCUM, "code": "mg"},
        }));
        (Some(dosage), None)
    } else {
        let how: Vec<String> = [
            dose.route.map(|route| format!("route {}", route.label())),
            dose.site.map(|site| format!("site {}", site.label())),
        ]
        .into_iter()
        .flatten()
        .collect();
        let text = format!(
            "Amount not recorded. {}",
            format::sentence(&format::list(&how))
        );
        (None, Some(json!([{"text": text.trim_end()}])))
    };
    present(json!({
        "resourceType": "MedicationAdministration",
        "status": "completed",
        "medicationCodeableConcept": mipomersen(),
        "subject": subject,
        "effectiveDateTime": dose.date.to_string(),
        "dosage": dosage,
        "note": note,
    }))
}

/// Another drug the patient takes or took: its dates, and its amount on the days it is taken.
fn statement(medication: &Medication, subject: &Value, today: NaiveDate) -> Value {
    let stopped = medication.stop.is_some_and(|stop| stop < today);
    let dose = medication.daily_dose_mg.map(
        |mg| json!([{"doseQuantity": {"value": mg, "unit": "mg", "system": UCUM, "code": "mg"}}]),
    );
    let timing = medication
        .days_per_week
        .map(|days| json!({"repeat": {"frequency": days, "period": 1, "periodUnit": "wk"}}));
    let text: Vec<String> = [
        medication
            .daily_dose_mg
            .map(|mg| format!("{} mg a day", format::number(mg))),
        medication
            .days_per_week
            .map(|days| format!("on {days} days a week")),
    ]
    .into_iter()
    .flatten()
    .collect();
    let dosage = present(json!({"text": text.join(" "), "timing": timing, "doseAndRate": dose}));
    present(json!({
        "resourceType": "MedicationStatement",
        "status": if stopped { "completed" } else { "active" },
        "medicationCodeableConcept": {"text": medication.name},
        "subject": subject,
        "effectivePeriod": present(json!({
            "start": medication.start.map(|d| d.to_string()),
            "end": medication.stop.map(|d| d.to_string()),
        })),
        "dosage": if dosage.as_object().is_some_and(Map::is_empty) { Value::Null } else { json!([dosage]) },
    }))
}

/// A symptom as the Condition an EHR lists it as: coded, with the date it began. It is
/// reported, not a diagnosis of the problem list, so it carries no clinical status.
fn symptom_condition(symptom: &Symptom, subject: &Value) -> Value {
    present(json!({
        "resourceType": "Condition",
        "category": [condition_category("encounter-diagnosis")],
        "code": {"coding": symptom_coding(symptom.kind), "text": symptom.kind.label()},
        "subject": subject,
        "onsetDateTime": symptom.date.to_string(),
        "note": annotation(symptom.note.as_deref()),
    }))
}

/// A clinician's hold, resumption or discontinuation as the change of mipomersen's status an
/// EHR shows on its medication list (on-hold, active, stopped).
fn event_statement(event: &Event, subject: &Value) -> Value {
    present(json!({
        "resourceType": "MedicationStatement",
        "status": event_status(event.kind),
        "statusReason": [{"coding": [{"system": EVENT_SYSTEM, "code": name_of(event.kind), "display": event.kind.label()}], "text": event.kind.label()}],
        "medicationCodeableConcept": mipomersen(),
        "subject": subject,
        "effectiveDateTime": event.date.to_string(),
        "note": annotation(event.note.as_deref()),
    }))
}

/// A note as FHIR keeps it; none for an empty one.
fn annotation(note: Option<&str>) -> Value {
    match note.map(str::trim) {
        Some(text) if !text.is_empty() => json!([{ "text": text }]),
        _ => Value::Null,
    }
}
