//! The patient file (SPEC.md §4): its types, units, validation, and loading and saving.

mod changes;
mod file;
mod types;
mod units;
mod user;
mod validate;
mod versions;

pub use changes::{audit_entry, changes};
pub use file::{FileError, ParseError, load, parse, read_input, read_text, save, to_text};
pub use types::*;
pub use units::{LabTest, LabUnit};
pub use user::OsUser;
pub use validate::{Problem, validate};
