//! Lab results and mipomersen doses from a FHIR R4 Bundle, ours or another system's: only this
//! patient's entries; the latest version of each resource; final, corrected and amended results
//! taken, entries in error removing what they void, everything else passed over with its reason.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde_json::Value;

use super::identity::{FhirOptions, Identity, Whose, unversioned};
use super::{
    FhirError, LOINC, codings, concept_text, event_of, means_mipomersen, route_of, site_of,
    symptom_of,
};
use crate::format::number;
use crate::interop::codes::{test_coded, test_named, unit_of};
use crate::interop::dates;
use crate::interop::import::{Fate, Item, Known, Place, Planned, censored, checked, checked_dose};
use crate::interop::values::{Censored, Reading};
use crate::knowledge::pack;
use crate::record::{Dose, DoseChecklist, Event, Lab, LabTest, LabUnit, Record, Sex, Symptom};

/// A Bundle read against a record: every entry's fate, and what was noticed.
#[derive(Debug, Clone, PartialEq)]
pub struct FhirImport {
    pub lines: Vec<Planned>,
    pub notes: Vec<String>,
}

/// One entry of the Bundle.
pub(super) struct Entry<'b> {
    pub index: usize,
    pub full_url: Option<&'b str>,
    pub resource: &'b Value,
}

impl Entry<'_> {
    /// The names this entry's result goes by, so a later version or correction finds it: its
    /// full URL (or type and id), and each identifier with the code it is for — labs give one
    /// accession number to every result of a panel, so an identifier alone names none of them.
    /// The first is the source recorded with the result.
    fn keys(&self) -> Vec<String> {
        let resource = self.resource;
        let kind = resource["resourceType"].as_str().unwrap_or_default();
        let code = codings(&resource["code"])
            .find_map(|coding| coding["code"].as_str())
            .unwrap_or(kind);
        let mut keys: Vec<String> = resource["identifier"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|identifier| {
                let value = identifier["value"].as_str()?;
                let system = identifier["system"].as_str().unwrap_or_default();
                Some(format!("{system}|{value}#{code}"))
            })
            .collect();
        match (self.full_url, resource["id"].as_str()) {
            (Some(url), _) => keys.push(unversioned(url).to_owned()),
            (None, Some(id)) => keys.push(format!("{kind}/{id}")),
            (None, None) => {}
        }
        keys
    }
}

/// Reads the Bundle's lab results and mipomersen doses for `record`'s patient.
pub fn read(
    bundle: &Value,
    record: &Record,
    options: &FhirOptions,
) -> Result<FhirImport, FhirError> {
    let entries = entries(bundle)?;
    let pairs: Vec<(Option<&str>, &Value)> =
        entries.iter().map(|e| (e.full_url, e.resource)).collect();
    let identity = Identity::of(&pairs, &record.patient.id, options);
    let whose: Vec<Option<Whose>> = entries
        .iter()
        .map(|entry| subject_of(entry.resource).map(|s| identity.whose(s, entry.full_url)))
        .collect();
    if !identity.found && !whose.contains(&Some(Whose::This)) {
        return Err(if identity.patients > 0 {
            FhirError::AnotherPatient {
                id: record.patient.id.clone(),
            }
        } else {
            FhirError::NoPatient {
                id: record.patient.id.clone(),
                references: references(&entries),
            }
        });
    }
    let latest = latest_versions(&entries, &whose);
    let reader = Reader {
        entries: &entries,
        sex: record.patient.sex,
    };
    let mut known = Known::new(record);
    let mut lines = Vec::new();
    for (entry, whose) in entries.iter().zip(&whose) {
        let kind = entry.resource["resourceType"]
            .as_str()
            .unwrap_or("(no resourceType)");
        let fate = match (kind, whose) {
            ("Patient", _) if is_this_patient(&identity, entry) => {
                Fate::PassOver("this file's patient: nothing to import from it".to_owned())
            }
            ("Medication", _) => Fate::PassOver("a medicine the doses refer to".to_owned()),
            ("Patient", _)
            | (
                "Observation" | "MedicationAdministration" | "Condition" | "MedicationStatement",
                Some(Whose::Another),
            ) => Fate::PassOver("another patient".to_owned()),
            (
                "Observation" | "MedicationAdministration" | "Condition" | "MedicationStatement",
                Some(Whose::Unknown) | None,
            ) => Fate::PassOver(
                "whose result it is cannot be told: its subject is not this file's patient"
                    .to_owned(),
            ),
            (_, _)
                if latest
                    .get(&entry.index)
                    .is_some_and(|&last| last != entry.index) =>
            {
                superseded(&entries[latest[&entry.index]])
            }
            ("Observation", Some(Whose::This)) => {
                for (part, fate) in reader.observation(entry, &mut known) {
                    lines.push(Planned::new(Place::Entry(entry.index, part), fate));
                }
                continue;
            }
            ("MedicationAdministration", Some(Whose::This)) => {
                reader.administration(entry, &mut known)
            }
            ("Condition", Some(Whose::This)) => symptom(entry.resource, &mut known),
            ("MedicationStatement", Some(Whose::This)) => reader.event(entry.resource, &mut known),
            (other, _) => Fate::PassOver(format!(
                "not imported: {other} (lab results, mipomersen doses, symptoms and the \
                 clinician's holds, resumptions and discontinuations are)"
            )),
        };
        lines.push(Planned::new(Place::Entry(entry.index, None), fate));
    }
    let mut notes = Vec::new();
    if !identity.found {
        notes.push(format!(
            "no Patient of the Bundle is {}: its entries were tied to this file by the subject \
             named for it",
            record.patient.id
        ));
    }
    Ok(FhirImport { lines, notes })
}

/// The Bundle's entries, numbered from 0.
pub(super) fn entries(bundle: &Value) -> Result<Vec<Entry<'_>>, FhirError> {
    if bundle["resourceType"] != "Bundle" {
        return Err(FhirError::NotABundle(bundle["resourceType"].to_string()));
    }
    Ok(bundle["entry"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
        .map(|(index, entry)| Entry {
            index,
            full_url: entry["fullUrl"].as_str(),
            resource: &entry["resource"],
        })
        .collect())
}

/// The reference to the patient an entry is about: `subject`, or an allergy's `patient`.
pub(super) fn subject_of(resource: &Value) -> Option<&Value> {
    ["subject", "patient"]
        .into_iter()
        .map(|field| &resource[field])
        .find(|subject| subject.is_object())
}

fn is_this_patient(identity: &Identity, entry: &Entry) -> bool {
    let by_url = entry
        .full_url
        .map(|url| serde_json::json!({"reference": url}));
    let by_id = entry.resource["id"]
        .as_str()
        .map(|id| serde_json::json!({"reference": format!("Patient/{id}")}));
    [by_url, by_id]
        .into_iter()
        .flatten()
        .any(|reference| identity.whose(&reference, entry.full_url) == Whose::This)
}

/// The patient references the Bundle's entries use, for the app to offer as the subject.
fn references(entries: &[Entry]) -> Vec<String> {
    let mut found: Vec<String> = entries
        .iter()
        .filter_map(|entry| subject_of(entry.resource)?["reference"].as_str())
        .map(|reference| unversioned(reference).to_owned())
        .collect();
    found.sort_unstable();
    found.dedup();
    found
}

/// For each entry that is one of several versions of a resource (the same full URL, id, or
/// identifier for the same code), the entry of the latest version: the highest
/// `meta.versionId`, then `meta.lastUpdated`, then the later entry. Only this patient's results
/// and doses are compared.
fn latest_versions(entries: &[Entry], whose: &[Option<Whose>]) -> HashMap<usize, usize> {
    let mut group_of: HashMap<String, usize> = HashMap::new();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (entry, whose) in entries.iter().zip(whose) {
        let kind = entry.resource["resourceType"].as_str().unwrap_or_default();
        if *whose != Some(Whose::This)
            || !matches!(kind, "Observation" | "MedicationAdministration")
        {
            continue;
        }
        let keys = entry.keys();
        let group = keys
            .iter()
            .find_map(|key| group_of.get(key).copied())
            .unwrap_or_else(|| {
                groups.push(Vec::new());
                groups.len() - 1
            });
        groups[group].push(entry.index);
        for key in keys {
            group_of.entry(key).or_insert(group);
        }
    }
    let version = |index: usize| {
        let meta = &entries[index].resource["meta"];
        (
            meta["versionId"]
                .as_str()
                .and_then(|v| v.parse::<u64>().ok())
                .unwrap_or(0),
            meta["lastUpdated"].as_str().unwrap_or_default().to_owned(),
            index,
        )
    };
    let mut latest = HashMap::new();
    for members in groups.iter().filter(|members| members.len() > 1) {
        let last = members
            .iter()
            .copied()
            .max_by_key(|&index| version(index))
            .unwrap_or(0);
        for &member in members {
            latest.insert(member, last);
        }
    }
    latest
}

/// The fate of an older version of a resource whose latest version is `latest`.
fn superseded(latest: &Entry) -> Fate {
    if latest.resource["status"] == "entered-in-error" {
        Fate::PassOver(format!(
            "entered in error (entry {} voids it)",
            latest.index
        ))
    } else {
        Fate::PassOver(format!(
            "superseded by entry {} (a later version of the same result)",
            latest.index
        ))
    }
}

/// What an Observation or a `MedicationAdministration` needs from the rest of the Bundle and
/// the record.
struct Reader<'a, 'b> {
    entries: &'a [Entry<'b>],
    /// The patient's sex, for reference ranges given per sex.
    sex: Option<Sex>,
}

impl Reader<'_, '_> {
    /// An Observation's results: its own value and each of its components (a lipid panel).
    fn observation(&self, entry: &Entry, known: &mut Known) -> Vec<(Option<String>, Fate)> {
        let resource = entry.resource;
        let keys = entry.keys();
        let status = resource["status"].as_str().unwrap_or("(no status)");
        let passed = |reason: &str| vec![(None, Fate::PassOver(reason.to_owned()))];
        match status {
            "final" | "corrected" | "amended" | "appended" => {}
            "entered-in-error" => return vec![(None, known.remove(&keys))],
            "preliminary" => return passed("preliminary, not a final result"),
            "registered" => return passed("registered: ordered, no result yet"),
            "cancelled" => return passed("cancelled"),
            other => return passed(&format!("status {other}: not a final result")),
        }
        let (date, dated_by_issue) = match date_of(resource) {
            Ok(dated) => dated,
            Err(why) => return vec![(None, Fate::Refuse(why))],
        };
        let mut notes = Vec::new();
        if dated_by_issue {
            notes.push("dated by the report date (issued): no collection date is given".to_owned());
        }
        if matches!(status, "corrected" | "amended") {
            notes.push(format!("the lab's {status} result"));
        }
        let mut parts: Vec<(Option<String>, &Value)> = Vec::new();
        if !resource["valueQuantity"].is_null() || resource["component"].as_array().is_none() {
            parts.push((None, resource));
        }
        for (index, component) in resource["component"]
            .as_array()
            .into_iter()
            .flatten()
            .enumerate()
        {
            parts.push((Some(format!("component {}", index + 1)), component));
        }
        parts
            .into_iter()
            .map(|(part, value)| {
                let (source, aliases) = match &part {
                    None => (keys.first().cloned(), keys.clone()),
                    Some(name) => {
                        let own: Vec<String> =
                            keys.iter().map(|key| format!("{key}/{name}")).collect();
                        (own.first().cloned(), own)
                    }
                };
                let fate = match self.result(value, resource, date, source, &notes) {
                    Ok((lab, notes)) => known.take(Item::Lab(lab), notes, &aliases),
                    Err(fate) => fate,
                };
                (part, fate)
            })
            .collect()
    }

    /// One result of an Observation (or of one of its components): the code decides the
    /// test, the name is a fallback for uncoded results.
    fn result(
        &self,
        part: &Value,
        observation: &Value,
        date: NaiveDate,
        source: Option<String>,
        notes: &[String],
    ) -> Result<(Lab, Vec<String>), Fate> {
        let code = &part["code"];
        let loinc: Vec<&str> = codings(code)
            .filter(|coding| coding["system"] == LOINC)
            .filter_map(|coding| coding["code"].as_str())
            .collect();
        let name = concept_text(code);
        let test = if loinc.is_empty() {
            test_named(&name)
                .ok_or_else(|| Fate::PassOver(format!("not a test this app follows: {name}")))?
        } else {
            loinc
                .iter()
                .find_map(|code| test_coded(code))
                .ok_or_else(|| {
                    Fate::PassOver(format!(
                        "not a test this app follows: {name} (LOINC {})",
                        loinc.join(", ")
                    ))
                })?
        };
        let quantity = &part["valueQuantity"];
        let value = quantity["value"]
            .as_f64()
            .ok_or_else(|| Fate::PassOver(format!("{test} without a numeric value")))?;
        let refuse = Fate::Refuse;
        let printed = quantity_unit(quantity);
        let unit = unit_of(test, printed).map_err(refuse)?;
        let reading = Reading {
            value,
            censored: quantity["comparator"]
                .as_str()
                .and_then(Censored::from_fhir),
        };
        let mut notes = notes.to_vec();
        let uln = self
            .reference_high(observation, part, test, unit.unit, printed, &mut notes)
            .map_err(refuse)?;
        notes.extend(unit.conversion(value, printed));
        let in_unit = value * unit.factor;
        let written = format!(
            "{}{} {}",
            reading.censored.map_or("", Censored::symbol),
            number(value),
            printed
        );
        notes.extend(censored(test, reading, in_unit, &written, uln, unit.unit).map_err(refuse)?);
        let lab = checked(Lab {
            date,
            test,
            value: in_unit,
            unit: unit.unit,
            uln,
            source,
        })
        .map_err(refuse)?;
        Ok((lab, notes))
    }

    /// The ULN of a result in the result's own unit: the upper limit of the reference range
    /// that applies — a normal range (not a treatment range), for the patient's sex where the
    /// ranges are given per sex — converted from the range's own unit. Where several apply, the
    /// lowest, which hides no elevation, and a note says so.
    fn reference_high(
        &self,
        observation: &Value,
        part: &Value,
        test: LabTest,
        unit: LabUnit,
        printed: &str,
        notes: &mut Vec<String>,
    ) -> Result<Option<f64>, String> {
        if !test.has_uln() {
            return Ok(None);
        }
        let ranges = part["referenceRange"]
            .as_array()
            .or_else(|| observation["referenceRange"].as_array());
        let mut limits = Vec::new();
        for range in ranges.into_iter().flatten() {
            let high = &range["high"];
            let Some(value) = high["value"].as_f64() else {
                continue;
            };
            if !normal_range(range) || !applies_to(range, self.sex) {
                continue;
            }
            let high_printed = match quantity_unit(high) {
                "" => printed,
                own => own,
            };
            let high_unit = unit_of(test, high_printed)?;
            let limit = test
                .convert(value * high_unit.factor, high_unit.unit, unit)
                .ok_or_else(|| format!("the reference range of {test} is in {high_printed}"))?;
            limits.push(limit);
        }
        let lowest = limits.iter().copied().reduce(f64::min);
        if limits.iter().any(|limit| Some(*limit) != lowest) {
            notes.push(format!(
                "several reference ranges apply: the lowest upper limit, {}, was taken (it hides \
                 no elevation)",
                number(lowest.unwrap_or_default())
            ));
        }
        Ok(lowest)
    }

    /// A `MedicationAdministration`: a mipomersen dose given, or why not.
    fn administration(&self, entry: &Entry, known: &mut Known) -> Fate {
        let resource = entry.resource;
        let medicine = match self.medicine(resource) {
            Ok(medicine) => medicine,
            Err(why) => return Fate::PassOver(why),
        };
        if !is_mipomersen(medicine) {
            let name = [&medicine["code"], &medicine["medicationCodeableConcept"]]
                .into_iter()
                .map(concept_text)
                .find(|name| !name.is_empty())
                .unwrap_or_default();
            return Fate::PassOver(format!("not mipomersen: {name}"));
        }
        let keys = entry.keys();
        match resource["status"].as_str().unwrap_or("(no status)") {
            "completed" => {}
            "entered-in-error" => return known.remove(&keys),
            "not-done" => {
                let why = concept_text(&resource["statusReason"][0]);
                return Fate::PassOver(if why.is_empty() {
                    "not given (not-done)".to_owned()
                } else {
                    format!("not given (not-done: {why})")
                });
            }
            other => return Fate::PassOver(format!("{other}: not documented as given")),
        }
        let fields = [
            &resource["effectiveDateTime"],
            &resource["effectivePeriod"]["start"],
        ];
        let date = match first_date(&fields, "a dose") {
            Ok(date) => date,
            Err(why) => return Fate::Refuse(why),
        };
        let dosage = &resource["dosage"];
        let (dose_mg, mut notes) = dose_mg(&dosage["dose"]);
        if dose_mg.is_none() && dosage["dose"].is_object() {
            notes.push("the amount was not read".to_owned());
        }
        // A dose whose amount was not recorded has no dosage (mad-1): its note says route
        // and site ("Amount not recorded. Route subcutaneous and site thigh.").
        let from_note = |field: &str| {
            note_of(resource).and_then(|note| {
                note.split(['.', ','])
                    .flat_map(|part| part.split(" and "))
                    .find_map(|part| {
                        let part = part.trim().to_lowercase();
                        part.strip_prefix(field)
                            .map(|rest| serde_json::json!({"text": rest.trim()}))
                    })
            })
        };
        let dose = Dose {
            date,
            dose_mg,
            route: route_of(&dosage["route"])
                .or_else(|| from_note("route ").as_ref().and_then(route_of)),
            site: site_of(&dosage["site"])
                .or_else(|| from_note("site ").as_ref().and_then(site_of)),
            checklist: DoseChecklist::default(),
            source: keys.first().cloned(),
        };
        match checked_dose(dose) {
            Ok(dose) => known.take(Item::Dose(dose), notes, &keys),
            Err(reason) => Fate::Refuse(reason),
        }
    }

    /// A mipomersen `MedicationStatement` that records a clinician's hold, resumption or
    /// discontinuation; other medications are taken only into a new patient file (`--new`).
    fn event(&self, resource: &Value, known: &mut Known) -> Fate {
        match self.medicine(resource) {
            Ok(medicine) if is_mipomersen(medicine) => {}
            Ok(_) => {
                return Fate::PassOver(
                    "a medication: medications are taken only into a new patient file".to_owned(),
                );
            }
            Err(why) => return Fate::PassOver(why),
        }
        let Some(kind) = event_of(resource) else {
            return Fate::PassOver(
                "mipomersen itself, with no hold, resumption or discontinuation: its doses are \
                 what the file records"
                    .to_owned(),
            );
        };
        let fields = [
            &resource["effectiveDateTime"],
            &resource["effectivePeriod"]["start"],
            &resource["dateAsserted"],
        ];
        let date = match first_date(&fields, &format!("mipomersen {}", kind.label())) {
            Ok(date) => date,
            Err(why) => return Fate::Refuse(why),
        };
        let event = Event {
            date,
            kind,
            note: note_of(resource).map(str::to_owned),
        };
        known.take(Item::Event(event), Vec::new(), &[])
    }

    /// The medicine an administration names: its concept, or the Medication it refers to (in
    /// the Bundle, or contained in it); or why it cannot be found.
    fn medicine<'r>(&'r self, resource: &'r Value) -> Result<&'r Value, String> {
        // An administration that names its medicine by a concept stands for it.
        if resource["medicationCodeableConcept"].is_object() {
            return Ok(resource);
        }
        let Some(reference) = resource["medicationReference"]["reference"].as_str() else {
            return Err("no medicine named".to_owned());
        };
        let reference = unversioned(reference);
        let found = if let Some(id) = reference.strip_prefix('#') {
            resource["contained"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|contained| contained["id"] == id)
        } else {
            self.entries
                .iter()
                .find(|entry| {
                    entry.full_url.map(unversioned) == Some(reference)
                        || entry.resource["id"]
                            .as_str()
                            .is_some_and(|id| reference == format!("Medication/{id}"))
                })
                .map(|entry| entry.resource)
        };
        found.ok_or_else(|| format!("the medicine it refers to ({reference}) is not in the Bundle"))
    }
}

/// A Condition that is a symptom the file records (by its own code or SNOMED CT), with the
/// date it began; any other condition is read only into a new patient file (the diagnosis).
fn symptom(resource: &Value, known: &mut Known) -> Fate {
    let Some(kind) = symptom_of(&resource["code"]) else {
        return Fate::PassOver(format!(
            "a condition, not a symptom the file records: {}",
            concept_text(&resource["code"])
        ));
    };
    let verified = codings(&resource["verificationStatus"]).find_map(|c| c["code"].as_str());
    if matches!(verified, Some("refuted" | "entered-in-error")) {
        return Fate::PassOver(format!("{}: refuted or entered in error", kind.label()));
    }
    let fields = [
        &resource["onsetDateTime"],
        &resource["onsetPeriod"]["start"],
        &resource["recordedDate"],
    ];
    let date = match first_date(&fields, kind.label()) {
        Ok(date) => date,
        Err(why) => return Fate::Refuse(why),
    };
    let symptom = Symptom {
        date,
        kind,
        note: note_of(resource).map(str::to_owned),
    };
    known.take(Item::Symptom(symptom), Vec::new(), &[])
}

/// A resource's first note.
fn note_of(resource: &Value) -> Option<&str> {
    resource["note"][0]["text"]
        .as_str()
        .filter(|note| !note.is_empty())
}

/// Whether a reference range is a normal range (not a treatment or therapeutic one).
fn normal_range(range: &Value) -> bool {
    codings(&range["type"])
        .find_map(|coding| coding["code"].as_str())
        .is_none_or(|code| matches!(code, "normal" | "recommended"))
}

/// Whether a reference range applies to a patient of this sex (ranges for the other sex do
/// not; where the sex is not recorded, every range does).
fn applies_to(range: &Value, sex: Option<Sex>) -> bool {
    let Some(sex) = sex else { return true };
    range["appliesTo"]
        .as_array()
        .into_iter()
        .flatten()
        .all(|concept| {
            let words = format!(
                "{} {}",
                concept_text(concept).to_lowercase(),
                codings(concept)
                    .filter_map(|coding| coding["code"].as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            );
            // SNOMED CT: 248152002 female, 248153007 male.
            let female = words.contains("female") || words.contains("248152002");
            let male = !female && (words.contains("male") || words.contains("248153007"));
            match sex {
                Sex::Female => !male,
                Sex::Male => !female,
            }
        })
}

/// The date of a result: when the specimen was collected, as written (`effective[x]`), else
/// when it was reported (`issued`, then said so); or why there is none.
fn date_of(resource: &Value) -> Result<(NaiveDate, bool), String> {
    let effective = [
        &resource["effectiveDateTime"],
        &resource["effectivePeriod"]["start"],
        &resource["effectiveInstant"],
    ];
    if effective.iter().any(|field| field.is_string()) {
        return first_date(&effective, "a result").map(|date| (date, false));
    }
    first_date(&[&resource["issued"]], "a result").map(|date| (date, true))
}

/// The first of `fields` that is given, read as a date; or the refusal of `what` (the entry in
/// words): without a date, or with one that is not a date (said as written).
fn first_date(fields: &[&Value], what: &str) -> Result<NaiveDate, String> {
    let Some(text) = fields.iter().find_map(|field| field.as_str()) else {
        return Err(format!("{what} without a date"));
    };
    dates::parse(text, None).map_err(|why| format!("{what} with an unreadable date: {why}"))
}

/// A quantity's unit: its UCUM code, else its printed unit.
fn quantity_unit(quantity: &Value) -> &str {
    quantity["code"]
        .as_str()
        .or_else(|| quantity["unit"].as_str())
        .unwrap_or("")
}

/// Whether a medicine (a Medication, or an administration with its own concept) is
/// mipomersen: by ATC code, or by name (mipomersen, Kynamro), in its code or ingredients.
fn is_mipomersen(medicine: &Value) -> bool {
    let concepts = [&medicine["code"], &medicine["medicationCodeableConcept"]]
        .into_iter()
        .chain(
            medicine["ingredient"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|ingredient| &ingredient["itemCodeableConcept"]),
        );
    concepts.into_iter().any(means_mipomersen)
}

/// A dose in mg from its quantity: mg, g or µg as they are; mL at the one strength sold
/// (200 mg/mL). Anything else is not read, and said.
fn dose_mg(quantity: &Value) -> (Option<f64>, Vec<String>) {
    let Some(value) = quantity["value"].as_f64() else {
        return (None, Vec::new());
    };
    let unit = quantity_unit(quantity).to_lowercase();
    let concentration = pack().thresholds.concentration_mg_per_ml.value;
    match unit.as_str() {
        "mg" => (Some(value), Vec::new()),
        "g" => (
            Some(value * 1000.0),
            vec![format!(
                "{} g = {} mg",
                number(value),
                number(value * 1000.0)
            )],
        ),
        "ug" | "µg" | "mcg" => (Some(value / 1000.0), Vec::new()),
        "ml" => (
            Some(value * concentration),
            vec![format!(
                "{} mL = {} mg at {} mg/mL",
                number(value),
                number(value * concentration),
                number(concentration)
            )],
        ),
        other => (
            None,
            vec![format!(
                "the amount {} {other} is not a mass or volume",
                number(value)
            )],
        ),
    }
}
