//! The app's colours, in one place: statuses and severities, readable on light and dark themes.

use eframe::egui::Color32;

use crate::knowledge::Severity;
use crate::palette;
use crate::rules::Status;

pub fn status_colour(status: Status) -> Color32 {
    colour(palette::status(status))
}

pub fn severity_colour(severity: Severity) -> Color32 {
    colour(palette::severity(severity))
}

fn colour((red, green, blue): palette::Rgb) -> Color32 {
    Color32::from_rgb(red, green, blue)
}

/// Text on a coloured badge.
pub const ON_BADGE: Color32 = Color32::WHITE;
/// Shading of withheld periods in the plots.
pub const WITHHELD_SHADE: Color32 = Color32::from_rgba_premultiplied(48, 26, 0, 48);
pub const ALT_LINE: Color32 = Color32::from_rgb(214, 80, 40);
pub const AST_LINE: Color32 = Color32::from_rgb(120, 80, 200);
pub const THRESHOLD_LINE: Color32 = Color32::from_rgb(200, 40, 48);
pub const DOSE_MARK: Color32 = Color32::from_rgb(24, 128, 64);
