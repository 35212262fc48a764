//! The colours of the app and the printed summary, in one place (design tokens). Each is chosen
//! for WCAG AA contrast (4.5:1) against the background it is read on; `app::style` tests that.

use crate::knowledge::Severity;
use crate::rules::Status;

/// Red, green, blue.
pub type Rgb = (u8, u8, u8);

/// The background a colour is read on: the light theme (and paper), or the dark theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ground {
    Light,
    Dark,
}

/// Text on a status badge or a dose chip: every fill below is dark enough for it.
pub const ON_FILL: Rgb = (255, 255, 255);

/// A status as a fill behind [`ON_FILL`] text (badges), and as text on paper.
pub fn status(status: Status) -> Rgb {
    match status {
        Status::Ended => GREY_FILL,
        Status::Discontinue | Status::Contraindicated | Status::NotIndicated => RED_FILL,
        Status::Withhold => AMBER_FILL,
        Status::Confirm => (132, 92, 0),
        Status::LabsNeeded => (120, 60, 150),
        Status::BaselineNeeded => (32, 96, 176),
        Status::OkToStart | Status::Continue => GREEN_FILL,
    }
}

const RED_FILL: Rgb = (176, 32, 40);
const AMBER_FILL: Rgb = (168, 72, 0);
const GREEN_FILL: Rgb = (22, 116, 58);
const GREY_FILL: Rgb = (96, 96, 104);

/// The fills of the badges that are not statuses.
pub const DEMO_FILL: Rgb = (90, 60, 160);
pub const UNREADABLE_FILL: Rgb = GREY_FILL;

/// The dose strip's chips: given, missed, withheld, scheduled (each also carries a letter).
pub const DOSE_GIVEN_FILL: Rgb = GREEN_FILL;
pub const DOSE_MISSED_FILL: Rgb = RED_FILL;
pub const DOSE_WITHHELD_FILL: Rgb = AMBER_FILL;
pub const DOSE_SCHEDULED_FILL: Rgb = GREY_FILL;

/// Colours read directly on the window's background, one set per theme.
#[derive(Debug, Clone, Copy)]
pub struct Inks {
    pub critical: Rgb,
    pub warning: Rgb,
    pub caution: Rgb,
    pub info: Rgb,
    /// Secondary text.
    pub weak: Rgb,
    /// The plotted series: solid lines with a marker at each result.
    pub alt: Rgb,
    pub ast: Rgb,
    pub bilirubin: Rgb,
    pub lipid: Rgb,
    pub doses: Rgb,
    /// Threshold lines (dashed): the repeat line and the withhold / discontinue lines, in
    /// colours no series uses.
    pub repeat_line: Rgb,
    pub stop_line: Rgb,
    pub baseline_line: Rgb,
    /// Withheld periods in the plots (drawn translucent).
    pub withheld_shade: Rgb,
}

pub const LIGHT: Inks = Inks {
    critical: (176, 32, 40),
    warning: (166, 72, 0),
    caution: (128, 96, 0),
    info: (32, 96, 176),
    weak: (100, 100, 100),
    alt: (0, 100, 170),
    ast: (120, 60, 170),
    bilirubin: (0, 120, 110),
    lipid: (0, 100, 170),
    doses: (22, 116, 58),
    repeat_line: (170, 95, 0),
    stop_line: (176, 32, 40),
    baseline_line: (96, 96, 104),
    withheld_shade: (168, 72, 0),
};

pub const DARK: Inks = Inks {
    critical: (255, 120, 120),
    warning: (255, 160, 70),
    caution: (230, 200, 80),
    info: (120, 170, 255),
    weak: (132, 132, 132),
    alt: (100, 180, 255),
    ast: (200, 150, 255),
    bilirubin: (80, 210, 190),
    lipid: (100, 180, 255),
    doses: (110, 210, 130),
    repeat_line: (240, 170, 60),
    stop_line: (255, 110, 110),
    baseline_line: (170, 170, 176),
    withheld_shade: (255, 160, 70),
};

pub fn inks(ground: Ground) -> &'static Inks {
    match ground {
        Ground::Light => &LIGHT,
        Ground::Dark => &DARK,
    }
}

/// A severity as text on `ground`.
pub fn severity(severity: Severity, ground: Ground) -> Rgb {
    let inks = inks(ground);
    match severity {
        Severity::Critical => inks.critical,
        Severity::Warning => inks.warning,
        Severity::Caution => inks.caution,
        Severity::Info => inks.info,
    }
}
