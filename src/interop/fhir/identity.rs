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
    /// Full URLs of this patient's Patient entries, and of the others'.
    this_urls: HashSet<String>,
    other_urls: HashSet<String>,
    /// `Patient/{id}` of this patient's entries, and of the others' (the same id can name
    /// patients of two servers: then a relative reference that cannot be resolved is neither).
    this_ids: HashSet<String>,
    other_ids: HashSet<String>,
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
pub fn unversioned(reference: &str) -> &str {
    reference
        .split_once("/_history/")
        .map_or(reference, |(base, _)| base)
}

/// An MRN as written, compared as clinics write them: spaces and case aside.
fn same_id(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// A relative reference resolved against the full URL of the entry that makes it (FHIR's rule:
/// `Patient/1` in an entry from `https://a/fhir/Observation/9` is `https://a/fhir/Patient/1`).
fn absolute(reference: &str, from: Option<&str>) -> Option<String> {
    let from = unversioned(from?);
    let web = from.starts_with("http://") || from.starts_with("https://");
    if !web || reference.contains("://") || reference.starts_with("urn:") {
        return None;
    }
    // https://a/fhir / Observation / 9: the base is what comes before the type and the id.
    let mut segments = from.rsplitn(3, '/');
    let (_id, _type, base) = (segments.next()?, segments.next()?, segments.next()?);
    Some(format!("{base}/{reference}"))
}

impl Identity {
    /// The Bundle's patients as they relate to the file's patient ID `id`; `entries` are the
    /// Bundle's entries (full URL and resource).
    pub fn of(entries: &[(Option<&str>, &Value)], id: &str, options: &FhirOptions) -> Self {
        let mut identity = Identity {
            this_urls: HashSet::new(),
            other_urls: HashSet::new(),
            this_ids: HashSet::new(),
            other_ids: HashSet::new(),
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
            let url = full_url.map(|url| unversioned(url).to_owned());
            let relative = patient["id"].as_str().map(|id| format!("Patient/{id}"));
            if let Some(systems) = identity.is_this(patient, options) {
                identity.found = true;
                identity.mrn_systems.extend(systems);
                identity.this_urls.extend(url);
                identity.this_ids.extend(relative);
            } else {
                identity.other_urls.extend(url);
                identity.other_ids.extend(relative);
                for identifier in patient["identifier"].as_array().into_iter().flatten() {
                    if let (Some(system), Some(value)) =
                        (identifier["system"].as_str(), identifier["value"].as_str())
                    {
                        identity
                            .other_identifiers
                            .insert((system.to_owned(), value.trim().to_lowercase()));
                    }
                }
            }
        }
        identity
    }

    /// Whether a Patient is this file's patient, and the systems its MRN was found in. Its
    /// medical record numbers decide: one equal to the file's ID makes it this patient; only
    /// others make it another patient, whatever its resource id. With none, its resource id
    /// equal to the file's ID makes it this patient.
    fn is_this(&self, patient: &Value, options: &FhirOptions) -> Option<Vec<String>> {
        let numbers: Vec<&Value> = patient["identifier"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|identifier| {
                is_medical_record_number(identifier)
                    || options
                        .mrn_system
                        .as_deref()
                        .is_some_and(|system| identifier["system"] == system)
            })
            .collect();
        let matching: Vec<String> = numbers
            .iter()
            .filter(|identifier| {
                identifier["value"]
                    .as_str()
                    .is_some_and(|v| same_id(v, &self.id))
            })
            .map(|identifier| identifier["system"].as_str().unwrap_or_default().to_owned())
            .collect();
        if !matching.is_empty() {
            return Some(matching);
        }
        let by_resource_id = patient["id"].as_str().is_some_and(|v| same_id(v, &self.id));
        (numbers.is_empty() && by_resource_id).then(Vec::new)
    }

    /// Whose the entry with this `subject` (or `patient`) reference is; `from` is the full URL
    /// of the entry that makes the reference.
    pub fn whose(&self, subject: &Value, from: Option<&str>) -> Whose {
        if let Some(reference) = subject["reference"].as_str().map(unversioned) {
            let resolved = absolute(reference, from);
            for url in [Some(reference.to_owned()), resolved].into_iter().flatten() {
                if self.this_urls.contains(&url) {
                    return Whose::This;
                }
                if self.other_urls.contains(&url) {
                    return Whose::Another;
                }
            }
            let (this, other) = (
                self.this_ids.contains(reference),
                self.other_ids.contains(reference),
            );
            if self.subject.as_deref() == Some(reference) && !other {
                return Whose::This;
            }
            return match (this, other) {
                (true, false) => Whose::This,
                (false, true) => Whose::Another,
                _ => Whose::Unknown,
            };
        }
        let identifier = &subject["identifier"];
        if let Some(value) = identifier["value"].as_str() {
            let system = identifier["system"].as_str().unwrap_or_default();
            if same_id(value, &self.id)
                && (is_medical_record_number(identifier) || self.mrn_systems.contains(system))
            {
                return Whose::This;
            }
            if self
                .other_identifiers
                .contains(&(system.to_owned(), value.trim().to_lowercase()))
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
            identity.whose(&json!({"reference": "Patient/f001"}), None),
            Whose::This
        );
        assert_eq!(
            identity.whose(&json!({"reference": "Patient/p77"}), None),
            Whose::Another
        );
        assert_eq!(
            identity.whose(
                &json!({"identifier": {"system": "urn:oid:1.2.3", "value": "DEMO-0001"}}),
                None
            ),
            Whose::This
        );
        assert_eq!(
            identity.whose(&json!({"display": "Demo Patient"}), None),
            Whose::Unknown
        );
        assert_eq!(
            identity.whose(&json!({"reference": "Patient/xyz"}), None),
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
    fn a_resource_id_never_outweighs_a_medical_record_number() {
        let other = patient("DEMO-0001", &json!([mr("MRN-55123")]));
        let identity = Identity::of(&[(None, &other)], "DEMO-0001", &FhirOptions::default());
        assert!(!identity.found);
        let plain = patient("DEMO-0001", &json!([]));
        assert!(Identity::of(&[(None, &plain)], "DEMO-0001", &FhirOptions::default()).found);
    }

    #[test]
    fn relative_references_resolve_against_their_own_server() {
        let a = patient("1", &json!([mr("DEMO-0001")]));
        let b = patient("1", &json!([mr("MRN-55123")]));
        let entries = [
            (Some("http://a.example/fhir/Patient/1"), &a),
            (Some("http://b.example/fhir/Patient/1"), &b),
        ];
        let identity = Identity::of(&entries, "DEMO-0001", &FhirOptions::default());
        let subject = json!({"reference": "Patient/1"});
        assert_eq!(
            identity.whose(&subject, Some("http://b.example/fhir/Observation/o9")),
            Whose::Another
        );
        assert_eq!(
            identity.whose(&subject, Some("http://a.example/fhir/Observation/o1")),
            Whose::This
        );
        assert_eq!(identity.whose(&subject, None), Whose::Unknown, "ambiguous");
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
            identity.whose(&json!({"reference": "Patient/xyz-123"}), None),
            Whose::This
        );
        let without = Identity::of(&[(None, &clinic)], "DEMO-0001", &FhirOptions::default());
        assert!(!without.found);
    }
}
