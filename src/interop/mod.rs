//! Exchange with other systems: lab results from CSV exports and FHIR R4 Bundles in; FHIR and
//! iCalendar out. Imports say what became of every row or entry before anything is written.

pub mod codes;
pub mod csv_labs;
pub mod dates;
pub mod fhir;
pub mod ics;
pub mod import;
mod text;
pub mod values;
