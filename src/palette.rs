//! The colours of statuses and severities, shared by the app and the printed summary so both
//! say the same thing the same way. Readable on light and dark backgrounds.

use crate::knowledge::Severity;
use crate::rules::Status;

/// Red, green, blue.
pub type Rgb = (u8, u8, u8);

pub fn status(status: Status) -> Rgb {
    match status {
        Status::Ended => (96, 96, 104),
        Status::Discontinue | Status::Contraindicated | Status::NotIndicated => (176, 32, 40),
        Status::Withhold => (200, 90, 0),
        Status::Confirm => (168, 120, 0),
        Status::LabsNeeded => (120, 60, 150),
        Status::BaselineNeeded => (32, 96, 176),
        Status::OkToStart | Status::Continue => (24, 128, 64),
    }
}

pub fn severity(severity: Severity) -> Rgb {
    match severity {
        Severity::Critical => (200, 40, 48),
        Severity::Warning => (214, 110, 0),
        Severity::Caution => (176, 136, 0),
        Severity::Info => (64, 120, 200),
    }
}
