//! The integration tests, in one binary so they link once.

mod accessible_pdf;
#[cfg(feature = "gui")]
mod app;
mod baseline;
mod calendar_store;
mod cases;
mod cli;
mod crash;
mod decisions;
mod dose_advice;
mod dosing;
mod eligibility;
mod events;
mod fhir_export;
mod hepatic;
mod hostile;
mod ics;
mod imports;
mod interactions;
mod interop;
mod monitoring;
mod pdf_tools;
mod properties;
mod record_file;
mod shared_drive;
#[cfg(feature = "gui")]
mod shipped_app;
mod strip;
mod summary;
mod supply_and_reactions;
mod support;
mod worklist;
