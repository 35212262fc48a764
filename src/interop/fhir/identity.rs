//! Whose an entry of a Bundle is, never guessed. A Patient is this file's patient when its own
//! id is the file's patient ID, or it carries that ID as a medical record number: an identifier
//! of type MR, or one in the clinic's MRN system. An SSN, a driver's licence or a passport that
//! happens to read the same never counts, and neither does a name. An entry is this patient's
//! when its subject refers to such a Patient (relatively, by full URL, or by identifier), or to
//! the reference the user named (`--subject`).

use std::collections::HashSet;

use serde_json::Value;

/// What the user and the clinic say about identity.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FhirOptions {
    /// The clinic's MRN system (`--mrn-system`, a preference in the app).
    pub mrn_system: Option<String>,
    /// A subject the user names as this patient's (`--subject Patient/f001`).
    pub subject: Option<String>,
}

/// The identifier type code of a medical record number (HL7 v2 table 0203).
const MEDICAL_RECORD_NUMBER: &str = "MR";
/// The systems of HL7 v2 table 0203: R4's, and the older one many systems still write.
const IDENTIFIER_TYPES: &[&str] = &[
    "http://terminology.hl7.org/CodeSystem/v2-0203",
    "http://hl7.org/fhir/v2/0203",
];

/// Whose an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Whose {
    This,
    Another,
    /// Its subject cannot be tied to any patient.
    Unknown,
}

/// The patients of a Bundle, sorted into this file's patient and the others.
pub struct Identity {
    /// References that mean this patient: "Patient/f001", its full URL.
    this: HashSet<String>,
    /// References of the Bundle's other Patients.
    others: HashSet<String>,
    /// Identifiers (system, value) of the other Patients, to see a subject given by identifier.
    other_identifiers: HashSet<(String, String)>,
    /// The systems in which this patient's MRN was found (a subject identifier in one counts).
    mrn_systems: HashSet<String>,
    id: String,
    subject: Option<String>,
    /// How many Patients the Bundle holds, and whether one of them is this patient.
    pub patients: usize,
    pub found: bool,
}

/// `Patient/f001/_history/3` → `Patient/f001`.
fn unversioned(reference: &str) -> &str {
    reference
        .split_once("/_history/")
        .map_or(reference, |(base, _)| base)
}

impl Identity {
    /// The Bundle's patients as they relate to the file's patient ID `id`; `entries` are the
    /// Bundle's entries (full URL and resource).
    pub fn of(entries: &[(Option<&str>, &Value)], id: &str, options: &FhirOptions) -> Self {
        let mut identity = Identity {
            this: HashSet::new(),
            others: HashSet::new(),
            other_identifiers: HashSet::new(),
            mrn_systems: options.mrn_system.iter().cloned().collect(),
            id: id.trim().to_owned(),
            subject: options.subject.clone(),
            patients: 0,
            found: false,
        };
        for (full_url, patient) in entries
            .iter()
            .filter(|(_, resource)| resource["resourceType"] == "Patient")
        {
            identity.patients += 1;
            let mut references: Vec<String> =
                full_url.iter().map(|url| (*url).to_owned()).collect();
            if let Some(resource_id) = patient["id"].as_str() {
                references.push(format!("Patient/{resource_id}"));
            }
            let systems = identity.mrn_match(patient, options);
            if systems.is_some() || patient["id"].as_str() == Some(identity.id.as_str()) {
                identity.found = true;
                identity.mrn_systems.extend(systems.into_iter().flatten());
                identity.this.extend(references);
            } else {
                identity.others.extend(references);
                for identifier in patient["identifier"].as_array().into_iter().flatten() {
                    if let (Some(system), Some(value)) =
                        (identifier["system"].as_str(), identifier["value"].as_str())
                    {
                        identity
                            .other_identifiers
                            .insert((system.to_owned(), value.to_owned()));
                    }
                }
            }
        }
        identity
    }

    /// The systems of the Patient's identifiers that carry the file's ID as an MRN, if any do.
    fn mrn_match(&self, patient: &Value, options: &FhirOptions) -> Option<Vec<String>> {
        let systems: Vec<String> = patient["identifier"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|identifier| {
                identifier["value"].as_str().map(str::trim) == Some(self.id.as_str())
            })
            .filter(|identifier| {
                is_medical_record_number(identifier)
                    || options
                        .mrn_system
                        .as_deref()
                        .is_some_and(|system| identifier["system"] == system)
            })
            .map(|identifier| identifier["system"].as_str().unwrap_or_default().to_owned())
            .collect();
        (!systems.is_empty()).then_some(systems)
    }

    /// Whose the entry with this `subject` (or `patient`) reference is.
    pub fn whose(&self, subject: &Value) -> Whose {
        if let Some(reference) = subject["reference"].as_str().map(unversioned) {
            if self.this.contains(reference) {
                return Whose::This;
            }
            if self.others.contains(reference) {
                return Whose::Another;
            }
            if self.subject.as_deref() == Some(reference)
                || reference == format!("Patient/{}", self.id)
            {
                return Whose::This;
            }
            return Whose::Unknown;
        }
        let identifier = &subject["identifier"];
        if let Some(value) = identifier["value"].as_str() {
            let system = identifier["system"].as_str().unwrap_or_default();
            if value.trim() == self.id
                && (is_medical_record_number(identifier) || self.mrn_systems.contains(system))
            {
                return Whose::This;
            }
            if self
                .other_identifiers
                .contains(&(system.to_owned(), value.to_owned()))
            {
                return Whose::Another;
            }
        }
        Whose::Unknown
    }
}

/// Whether an identifier is typed as a medical record number.
fn is_medical_record_number(identifier: &Value) -> bool {
    identifier["type"]["coding"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|coding| {
            coding["code"] == MEDICAL_RECORD_NUMBER
                && coding["system"]
                    .as_str()
                    .is_none_or(|system| IDENTIFIER_TYPES.contains(&system))
        })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn patient(id: &str, identifiers: &Value) -> Value {
        json!({"resourceType": "Patient", "id": id, "identifier": identifiers})
    }

    fn mr(value: &str) -> Value {
        json!({"type": {"coding": [{"system": IDENTIFIER_TYPES[0], "code": "MR"}]}, "system": "urn:oid:1.2.3", "value": value})
    }

    #[test]
    fn only_a_medical_record_number_ties_a_patient_to_the_file() {
        let ssn = json!({"type": {"coding": [{"system": IDENTIFIER_TYPES[0], "code": "SS"}]}, "system": "http://hl7.org/fhir/sid/us-ssn", "value": "DEMO-0001"});
        let this = patient("f001", &json!([mr("DEMO-0001")]));
        let other = patient("p77", &json!([mr("MRN-55123"), ssn]));
        let entries = [(None, &this), (None, &other)];
        let identity = Identity::of(&entries, "DEMO-0001", &FhirOptions::default());
        assert!(identity.found);
        assert_eq!(
            identity.whose(&json!({"reference": "Patient/f001"})),
            Whose::This
        );
        assert_eq!(
            identity.whose(&json!({"reference": "Patient/p77"})),
            Whose::Another
        );
        assert_eq!(
            identity
                .whose(&json!({"identifier": {"system": "urn:oid:1.2.3", "value": "DEMO-0001"}})),
            Whose::This
        );
        assert_eq!(
            identity.whose(&json!({"display": "Demo Patient"})),
            Whose::Unknown
        );
        assert_eq!(
            identity.whose(&json!({"reference": "Patient/xyz"})),
            Whose::Unknown
        );
    }

    #[test]
    fn an_ssn_that_reads_the_file_id_is_not_the_patient() {
        let ssn = json!({"system": "http://hl7.org/fhir/sid/us-ssn", "value": "DEMO-0001"});
        let other = patient("p77", &json!([mr("MRN-55123"), ssn]));
        let identity = Identity::of(&[(None, &other)], "DEMO-0001", &FhirOptions::default());
        assert!(!identity.found);
    }

    #[test]
    fn the_clinics_mrn_system_and_a_named_subject_count() {
        let clinic = patient(
            "x",
            &json!([{"system": "urn:clinic:mrn", "value": "DEMO-0001"}]),
        );
        let options = FhirOptions {
            mrn_system: Some("urn:clinic:mrn".to_owned()),
            subject: Some("Patient/xyz-123".to_owned()),
        };
        let identity = Identity::of(&[(None, &clinic)], "DEMO-0001", &options);
        assert!(identity.found);
        assert_eq!(
            identity.whose(&json!({"reference": "Patient/xyz-123"})),
            Whose::This
        );
        let without = Identity::of(&[(None, &clinic)], "DEMO-0001", &FhirOptions::default());
        assert!(!without.found);
    }
}
