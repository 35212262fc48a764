//! FHIR R4 (JSON): a patient file as a Bundle, and lab results, mipomersen doses — or a whole
//! new patient — read from a Bundle, ours or another system's. An import takes only this
//! patient's entries, never guesses whose an entry is, and says what became of every entry.

mod export;
mod identity;
mod import;
mod new_patient;

pub use export::{DEFAULT_MRN_SYSTEM, ExportOptions, export, export_text};
pub use identity::FhirOptions;
pub use import::{FhirImport, read};
pub use new_patient::new_patient;

use serde_json::Value;

use serde_json::json;

use crate::record::{EventKind, Route, Site, SymptomKind};

const LOINC: &str = "http://loinc.org";
const UCUM: &str = "http://unitsofmeasure.org";
const ATC: &str = "http://www.whocc.no/atc";
const SNOMED: &str = "http://snomed.info/sct";
const ICD10: &str = "http://hl7.org/fhir/sid/icd-10-cm";
const MIPOMERSEN_ATC: &str = "C10AX11";
/// The identifier system of URIs (RFC 3986): each exported resource's own identifier is its
/// `urn:uuid:`, so a server can create it once (conditional create) and an import knows it again.
const OWN_IDENTIFIER_SYSTEM: &str = "urn:ietf:rfc:3986";
/// The code system of the clinician's events (why mipomersen's status changed).
const EVENT_SYSTEM: &str = "urn:mipomersen-monitor:event";
/// The code system of the symptoms the patient file records, beside SNOMED CT.
const SYMPTOM_SYSTEM: &str = "urn:mipomersen-monitor:symptom";

/// Why a Bundle as a whole cannot be imported; nothing is written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FhirError {
    #[error("not a FHIR Bundle (its resourceType is {0})")]
    NotABundle(String),
    #[error(
        "the Bundle is another patient's: none of its Patients has {id} as medical record number \
         (an identifier of type MR, or in the clinic's MRN system): nothing was imported"
    )]
    AnotherPatient { id: String },
    #[error(
        "the Bundle names no Patient that is {id}, so nothing shows whose results these are: \
         nothing was imported. If they are {id}'s, name their subject as the Bundle writes it \
         with --subject (its entries refer to {}; the references are not repeated here in case \
         they are another patient's)",
        crate::format::count(.references.len(), "subject", "different subjects")
    )]
    NoPatient { id: String, references: Vec<String> },
    #[error(
        "the Bundle holds {} patients: name the one to create with --subject (one of {})",
        .references.len(),
        .references.join(", ")
    )]
    WhichPatient { references: Vec<String> },
    #[error("the Bundle holds no Patient to create a patient file from")]
    NoPatientToCreate,
}

/// The SNOMED CT codes of the routes a dose can take.
fn route_code(route: Route) -> (&'static str, &'static str) {
    match route {
        Route::Subcutaneous => ("34206005", "Subcutaneous route"),
        Route::Intramuscular => ("78421000", "Intramuscular route"),
        Route::Intravenous => ("47625008", "Intravenous route"),
    }
}

/// A route from its SNOMED CT code, or from words ("subcutaneous", "SC").
fn route_of(route: &Value) -> Option<Route> {
    let coded = codings(route).find_map(|coding| {
        Route::ALL
            .into_iter()
            .find(|&route| coding["code"] == route_code(route).0)
    });
    coded.or_else(|| {
        let text = concept_text(route).to_lowercase();
        if text.contains("subcut") {
            Some(Route::Subcutaneous)
        } else if text.contains("intramusc") {
            Some(Route::Intramuscular)
        } else if text.contains("intraven") {
            Some(Route::Intravenous)
        } else {
            None
        }
    })
}

/// A site from its words: "Abdomen", "Left thigh", "Right upper arm"; another is "other".
fn site_of(site: &Value) -> Option<Site> {
    let text = concept_text(site).to_lowercase();
    if text.is_empty() {
        return None;
    }
    Some(if text.contains("abdom") || text.contains("belly") {
        Site::Abdomen
    } else if text.contains("thigh") {
        Site::Thigh
    } else if text.contains("arm") {
        Site::UpperArm
    } else {
        Site::Other
    })
}

/// The codings of a `CodeableConcept`.
fn codings(concept: &Value) -> impl Iterator<Item = &Value> {
    concept["coding"].as_array().into_iter().flatten()
}

/// A `CodeableConcept`'s words: its text, else its codings' displays.
fn concept_text(concept: &Value) -> String {
    match concept["text"].as_str() {
        Some(text) => text.to_owned(),
        None => codings(concept)
            .filter_map(|coding| coding["display"].as_str())
            .collect::<Vec<_>>()
            .join(" "),
    }
}

/// A Condition's category (`problem-list-item`, `encounter-diagnosis`).
fn condition_category(code: &str) -> Value {
    json!({"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-category", "code": code}]})
}

/// The SNOMED CT finding of a symptom, where one means exactly it.
fn symptom_snomed(kind: SymptomKind) -> Option<(&'static str, &'static str)> {
    Some(match kind {
        SymptomKind::Nausea => ("422587007", "Nausea"),
        SymptomKind::Vomiting => ("422400008", "Vomiting"),
        SymptomKind::AbdominalPain => ("21522001", "Abdominal pain"),
        SymptomKind::Fever => ("386661006", "Fever"),
        SymptomKind::Jaundice => ("18165001", "Jaundice"),
        SymptomKind::Lethargy => ("214264003", "Lethargy"),
        SymptomKind::Angioedema => ("41291007", "Angioedema"),
        SymptomKind::Urticaria => ("126485001", "Urticaria"),
        SymptomKind::Rash => ("271807003", "Eruption of skin"),
        _ => return None,
    })
}

/// A symptom's codings: the patient file's own code, and SNOMED CT's where one means it.
fn symptom_coding(kind: SymptomKind) -> Value {
    let own = serde_json::to_value(kind).unwrap_or_default();
    let mut codings = vec![json!({"system": SYMPTOM_SYSTEM, "code": own, "display": kind.label()})];
    if let Some((code, display)) = symptom_snomed(kind) {
        codings.push(json!({"system": SNOMED, "code": code, "display": display}));
    }
    Value::Array(codings)
}

/// The symptom a Condition's code means: the patient file's own code, else a SNOMED CT code.
fn symptom_of(code: &Value) -> Option<SymptomKind> {
    codings(code).find_map(|coding| {
        let code = coding["code"].as_str()?;
        if coding["system"] == SYMPTOM_SYSTEM {
            serde_json::from_value(json!(code)).ok()
        } else if coding["system"] == SNOMED {
            SymptomKind::ALL
                .into_iter()
                .find(|&kind| symptom_snomed(kind).is_some_and(|(snomed, _)| snomed == code))
        } else {
            None
        }
    })
}

/// Mipomersen's status after a clinician's event.
fn event_status(kind: EventKind) -> &'static str {
    match kind {
        EventKind::Withheld => "on-hold",
        EventKind::Resumed => "active",
        EventKind::Discontinued => "stopped",
    }
}

/// The event a mipomersen `MedicationStatement` records: our own reason code, else its status
/// (on hold, stopped); an EHR's plain "active" is no event.
fn event_of(statement: &Value) -> Option<EventKind> {
    let coded = statement["statusReason"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(codings)
        .filter(|coding| coding["system"] == EVENT_SYSTEM)
        .find_map(|coding| serde_json::from_value(coding["code"].clone()).ok());
    coded.or(match statement["status"].as_str()? {
        "on-hold" => Some(EventKind::Withheld),
        "stopped" => Some(EventKind::Discontinued),
        _ => None,
    })
}

/// Whether a concept means mipomersen: its ATC code, or its name or brand in the words.
fn means_mipomersen(concept: &Value) -> bool {
    let text = concept_text(concept).to_lowercase();
    codings(concept).any(|coding| coding["code"] == MIPOMERSEN_ATC)
        || text.contains("mipomersen")
        || text.contains("kynamro")
}
