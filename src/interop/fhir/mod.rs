//! FHIR R4 (JSON): a patient file as a Bundle, and lab results, mipomersen doses — or a whole
//! new patient — read from a Bundle, ours or another system's. An import takes only this
//! patient's entries, never guesses whose an entry is, and says what became of every entry.

mod export;
mod identity;
mod import;
mod new_patient;

pub use export::export;
pub use identity::FhirOptions;
pub use import::{FhirImport, read};
pub use new_patient::new_patient;

use serde_json::Value;

use crate::record::{Route, Site};

const LOINC: &str = "http://loinc.org";
const UCUM: &str = "http://unitsofmeasure.org";
const ATC: &str = "http://www.whocc.no/atc";
const SNOMED: &str = "http://snomed.info/sct";
const ICD10: &str = "http://hl7.org/fhir/sid/icd-10-cm";
const MIPOMERSEN_ATC: &str = "C10AX11";

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
