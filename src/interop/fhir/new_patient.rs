//! A new patient file from an EHR's Bundle: the Patient (medical record number, name, birth
//! date, sex), the diagnosis where a code means homozygous FH, a mipomersen allergy, the lab
//! results, the mipomersen doses and the medications.

use serde_json::Value;

use super::identity::{FhirOptions, Identity, Whose};
use super::import::{FhirImport, entries, read};
use super::{FhirError, SNOMED, codings, concept_text, means_mipomersen};
use crate::interop::dates;
use crate::interop::import::{Fate, Place, Planned, apply};
use crate::record::{Diagnosis, Medication, Record, Sex};

/// Codes that mean homozygous familial hypercholesterolemia itself. ICD-10-CM E78.01
/// ("familial hypercholesterolemia") covers heterozygous FH too, so it is not one.
const HOFH_CODES: &[(&str, &str, &str)] = &[
    ("http://snomed.info/sct", "238078005", "SNOMED CT"),
    ("http://www.orpha.net", "391665", "Orphanet"),
    ("http://www.orpha.net", "ORPHA:391665", "Orphanet"),
];
const FH_CODES: &[&str] = &["E78.01", "E78.0", "E78.00"];
/// SNOMED CT's heterozygous familial hypercholesterolemia.
const HEFH_SNOMED: &str = "238079002";

/// The new patient's record and what became of every entry. With several Patients in the
/// Bundle, `options.subject` names the one.
pub fn new_patient(
    bundle: &Value,
    options: &FhirOptions,
) -> Result<(Record, FhirImport), FhirError> {
    let entries = entries(bundle)?;
    let patients: Vec<_> = entries
        .iter()
        .filter(|entry| entry.resource["resourceType"] == "Patient")
        .collect();
    let reference = |entry: &&super::import::Entry| {
        entry.resource["id"]
            .as_str()
            .map(|id| format!("Patient/{id}"))
            .or_else(|| entry.full_url.map(str::to_owned))
            .unwrap_or_default()
    };
    let chosen = match (&options.subject, patients.as_slice()) {
        (Some(subject), _) => patients
            .iter()
            .find(|entry| reference(entry) == *subject || entry.full_url == Some(subject.as_str())),
        (None, [one]) => Some(one),
        (None, []) => None,
        (None, several) => {
            return Err(FhirError::WhichPatient {
                references: several.iter().map(reference).collect(),
            });
        }
    }
    .ok_or(FhirError::NoPatientToCreate)?;
    let patient = chosen.resource;
    let mut notes = Vec::new();
    let id = medical_record_number(patient, options).unwrap_or_else(|| {
        notes.push(
            "the Patient has no medical record number (an identifier of type MR): the file's \
             ID is the Patient's resource id"
                .to_owned(),
        );
        patient["id"].as_str().unwrap_or("NEW-PATIENT").to_owned()
    });
    let mut record = Record::new(id);
    record.patient.name = name(patient);
    record.patient.birth_date = patient["birthDate"].as_str().and_then(|text| {
        let date = dates::parse(text, None);
        if date.is_err() {
            // FHIR allows a year or a month alone: not a date of birth the rules can use.
            notes.push(format!(
                "the Patient's birth date \"{text}\" is not a full date: it is left unknown"
            ));
        }
        date.ok()
    });
    record.patient.sex = match patient["gender"].as_str() {
        Some("female") => Some(Sex::Female),
        Some("male") => Some(Sex::Male),
        _ => None,
    };

    let options = FhirOptions {
        subject: Some(reference(chosen)),
        ..options.clone()
    };
    let mut import = read(bundle, &record, &options)?;
    apply(&mut record, &import.lines);
    let pairs: Vec<(Option<&str>, &Value)> =
        entries.iter().map(|e| (e.full_url, e.resource)).collect();
    let identity = Identity::of(&pairs, &record.patient.id, &options);
    for entry in &entries {
        let resource = entry.resource;
        let subject = &resource[if resource["resourceType"] == "AllergyIntolerance" {
            "patient"
        } else {
            "subject"
        }];
        let read_already = import
            .lines
            .iter()
            .any(|line| line.place == Place::Entry(entry.index, None) && line.is_taken());
        if read_already || identity.whose(subject, entry.full_url) != Whose::This {
            continue;
        }
        let fate = match resource["resourceType"].as_str() {
            Some("Condition") => condition(resource, &mut record),
            Some("AllergyIntolerance") => allergy(resource, &mut record),
            Some("MedicationStatement") => statement(resource, &mut record),
            _ => continue,
        };
        if let Some(line) = import
            .lines
            .iter_mut()
            .find(|line| line.place == Place::Entry(entry.index, None))
        {
            *line = Planned::new(Place::Entry(entry.index, None), fate);
        }
    }
    import.notes.splice(0..0, notes);
    Ok((record, import))
}

/// The Patient's medical record number: an identifier of type MR, or in the clinic's system.
fn medical_record_number(patient: &Value, options: &FhirOptions) -> Option<String> {
    patient["identifier"]
        .as_array()?
        .iter()
        .find_map(|identifier| {
            let typed = codings(&identifier["type"]).any(|coding| coding["code"] == "MR");
            let clinic = options
                .mrn_system
                .as_deref()
                .is_some_and(|system| identifier["system"] == system);
            (typed || clinic)
                .then(|| {
                    identifier["value"]
                        .as_str()
                        .map(|value| value.trim().to_owned())
                })
                .flatten()
        })
}

/// "Ana Sofía Rivera": the name's text, else its given names and family name.
fn name(patient: &Value) -> Option<String> {
    let name = patient["name"].as_array()?.first()?;
    if let Some(text) = name["text"].as_str() {
        return Some(text.to_owned());
    }
    let mut parts: Vec<&str> = name["given"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    parts.extend(name["family"].as_str());
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// Whether a clinical resource still stands: not resolved, refuted or entered in error.
fn stands(resource: &Value) -> bool {
    let clinical = codings(&resource["clinicalStatus"]).find_map(|c| c["code"].as_str());
    let verified = codings(&resource["verificationStatus"]).find_map(|c| c["code"].as_str());
    !matches!(clinical, Some("inactive" | "resolved" | "remission"))
        && !matches!(verified, Some("refuted" | "entered-in-error"))
}

/// The diagnosis, only from a code that means homozygous FH.
fn condition(resource: &Value, record: &mut Record) -> Fate {
    if !stands(resource) {
        return Fate::PassOver(
            "a condition that is resolved, refuted or entered in error".to_owned(),
        );
    }
    let code = &resource["code"];
    if let Some((_, code, system)) = HOFH_CODES.iter().find(|(system, value, _)| {
        codings(code).any(|coding| coding["system"] == *system && coding["code"] == *value)
    }) {
        record.diagnosis = Some(Diagnosis::Hofh);
        return Fate::Recorded(format!(
            "diagnosis homozygous familial hypercholesterolemia ({system} {code})"
        ));
    }
    if codings(code).any(|coding| coding["system"] == SNOMED && coding["code"] == HEFH_SNOMED) {
        record.diagnosis = Some(Diagnosis::Hefh);
        return Fate::Recorded(format!(
            "diagnosis heterozygous familial hypercholesterolemia (SNOMED CT {HEFH_SNOMED})"
        ));
    }
    if codings(code).any(|coding| {
        coding["code"]
            .as_str()
            .is_some_and(|c| FH_CODES.contains(&c))
    }) {
        return Fate::PassOver(
            "ICD-10-CM E78.01 covers every familial hypercholesterolemia, heterozygous too: it \
             does not say homozygous, so the diagnosis is left unknown"
                .to_owned(),
        );
    }
    Fate::PassOver(format!(
        "not a condition the patient file records: {}",
        concept_text(code)
    ))
}

/// Hypersensitivity to mipomersen; any other allergy is not the patient file's.
fn allergy(resource: &Value, record: &mut Record) -> Fate {
    let code = &resource["code"];
    let text = concept_text(code);
    if means_mipomersen(code) && stands(resource) {
        record.conditions.hypersensitivity = Some(true);
        Fate::Recorded("hypersensitivity to mipomersen".to_owned())
    } else {
        Fate::PassOver(format!("an allergy to {text}, not to mipomersen"))
    }
}

/// A medication the patient takes or took, with the dates it was taken.
fn statement(resource: &Value, record: &mut Record) -> Fate {
    let name = concept_text(&resource["medicationCodeableConcept"]);
    let name = if name.is_empty() {
        resource["medicationReference"]["display"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    } else {
        name
    };
    if name.is_empty() {
        return Fate::PassOver("a medication without a name".to_owned());
    }
    if name.to_lowercase().contains("mipomersen") || name.to_lowercase().contains("kynamro") {
        return Fate::PassOver("mipomersen itself: its doses are what the file records".to_owned());
    }
    let period = &resource["effectivePeriod"];
    let mut unreadable = Vec::new();
    let mut date = |field: &str| {
        let text = period[field].as_str()?;
        let date = dates::parse(text, None);
        if date.is_err() {
            unreadable.push(format!("{field} \"{text}\""));
        }
        date.ok()
    };
    let (start, stop) = (date("start"), date("end"));
    match resource["status"].as_str().unwrap_or("active") {
        "active" | "intended" | "on-hold" => {}
        "completed" | "stopped" if stop.is_some() => {}
        "completed" | "stopped" => {
            return Fate::PassOver(format!("{name}: stopped, with no date it stopped"));
        }
        other => return Fate::PassOver(format!("{name}: {other}")),
    }
    let (daily_dose_mg, days_per_week) = daily_dose(&resource["dosage"][0]);
    record.medications.push(Medication {
        name: name.clone(),
        start,
        stop,
        daily_dose_mg,
        days_per_week,
    });
    let since = start
        .map(|start| format!(" since {start}"))
        .unwrap_or_default();
    let until = stop
        .map(|stop| format!(", stopped {stop}"))
        .unwrap_or_default();
    let unread = if unreadable.is_empty() {
        String::new()
    } else {
        format!(
            "; its {} could not be read as a date and is recorded as unknown",
            crate::format::list(&unreadable)
        )
    };
    Fate::Recorded(format!("medication {name}{since}{until}{unread}"))
}

/// The daily amount in mg and the days a week, from a dose and a daily or weekly timing; either
/// may be given without the other.
fn daily_dose(dosage: &Value) -> (Option<f64>, Option<u8>) {
    let dose = &dosage["doseAndRate"][0]["doseQuantity"];
    let mg = dose["value"].as_f64().filter(|_| {
        matches!(
            dose["code"].as_str().or_else(|| dose["unit"].as_str()),
            Some("mg")
        )
    });
    let repeat = &dosage["timing"]["repeat"];
    let frequency = repeat["frequency"].as_f64().unwrap_or(1.0);
    let period = repeat["period"].as_f64().unwrap_or(1.0);
    let once = (period - 1.0).abs() < f64::EPSILON;
    match repeat["periodUnit"].as_str() {
        Some("d") if once => (mg.map(|mg| mg * frequency), Some(7)),
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // at most 7 days
        Some("wk") if once && (1.0..=7.0).contains(&frequency) => (mg, Some(frequency as u8)),
        None => (mg, None),
        Some(_) => (None, None),
    }
}
