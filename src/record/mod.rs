//! The patient file (SPEC.md §4): its types, units, validation, and loading and saving.

mod changes;
mod file;
mod lock;
mod types;
mod units;
mod user;
mod validate;
mod versions;

pub use changes::{audit_entry, changes};
pub use file::{
    FileError, Fingerprint, ParseError, is_patient_file, load, load_checked, parse, read_input,
    read_text, save, save_checked, to_text, update, write_output,
};
pub use lock::lock_path;
pub use types::*;
pub use units::{LabTest, LabUnit};
pub use user::OsUser;
pub use validate::{Problem, validate};
