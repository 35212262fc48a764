//! Mipomersen Monitor: the patient file, the rules of SPEC.md and the headless commands.
//!
//! Data flows one way: file → [`record`] → [`rules::evaluate`] → assessment → CLI (and, later,
//! the app and the printed summary).

#[cfg(feature = "gui")]
pub mod app;
pub mod atomic;
pub mod cli;
pub mod demo;
pub mod format;
pub mod interop;
pub mod knowledge;
pub mod palette;
pub mod record;
pub mod report;
pub mod rules;
pub mod synthetic;
pub mod trends;
pub mod worklist;

pub use demo::DEMO_PATIENT;
