//! The app's colours, in one place: statuses and severities, readable on light and dark themes.

use eframe::egui::Color32;

use crate::knowledge::Severity;
use crate::rules::Status;

pub fn status_colour(status: Status) -> Color32 {
    match status {
        Status::Ended => Color32::from_rgb(96, 96, 104),
        Status::Discontinue | Status::Contraindicated | Status::NotIndicated => {
            Color32::from_rgb(176, 32, 40)
        }
        Status::Withhold => Color32::from_rgb(200, 90, 0),
        Status::Confirm => Color32::from_rgb(168, 120, 0),
        Status::BaselineNeeded => Color32::from_rgb(32, 96, 176),
        Status::OkToStart | Status::Continue => Color32::from_rgb(24, 128, 64),
    }
}

pub fn severity_colour(severity: Severity) -> Color32 {
    match severity {
        Severity::Critical => Color32::from_rgb(200, 40, 48),
        Severity::Warning => Color32::from_rgb(214, 110, 0),
        Severity::Caution => Color32::from_rgb(176, 136, 0),
        Severity::Info => Color32::from_rgb(64, 120, 200),
    }
}

/// Text on a coloured badge.
pub const ON_BADGE: Color32 = Color32::WHITE;
/// Shading of withheld periods in the plots.
pub const WITHHELD_SHADE: Color32 = Color32::from_rgba_premultiplied(48, 26, 0, 48);
pub const ALT_LINE: Color32 = Color32::from_rgb(214, 80, 40);
pub const AST_LINE: Color32 = Color32::from_rgb(120, 80, 200);
pub const THRESHOLD_LINE: Color32 = Color32::from_rgb(200, 40, 48);
pub const DOSE_MARK: Color32 = Color32::from_rgb(24, 128, 64);
