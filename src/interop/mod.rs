//! Exchange with other systems: lab results from CSV exports, FHIR R4 bundles, iCalendar
//! schedules, and the
//! names and codes other systems use for tests and units.

pub mod codes;
pub mod csv_labs;
pub mod fhir;
pub mod ics;
