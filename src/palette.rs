//! The colours of the app and the printed summary, in one place (design tokens). Each is chosen
//! for WCAG AA contrast (4.5:1) against the background it is read on; `app::style` tests that.

use crate::knowledge::Severity;
use crate::rules::{Status, WeekState};

/// Red, green, blue: the one colour type, made an egui colour by `app::style` and a PDF one by
/// `report::render`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// The colour as a light wash over white paper: what `app::style::wash` draws translucent
    /// over a plot, mixed in advance for a page that has no translucency.
    #[must_use]
    pub fn washed(self) -> Rgb {
        let mix = |channel: u8| {
            let over = u16::from(channel) * u16::from(WASH_ALPHA);
            let white = 255 * u16::from(255 - WASH_ALPHA);
            u8::try_from((over + white) / 255).unwrap_or(u8::MAX)
        };
        Rgb(mix(self.0), mix(self.1), mix(self.2))
    }
}

/// How opaque a wash is (of 255): enough to see the period, not to hide the data under it.
pub const WASH_ALPHA: u8 = 40;

/// Printed text, and the hairlines that rule tables and frame charts (decoration, not text);
/// secondary printed text is [`LIGHT`]`.weak`.
pub const TEXT_ON_PAPER: Rgb = Rgb(0, 0, 0);
pub const HAIRLINE: Rgb = Rgb(190, 190, 190);

/// The background a colour is read on: the light theme (and paper), or the dark theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ground {
    Light,
    Dark,
}

/// Text on a status badge or a dose chip: every fill below is dark enough for it.
pub const ON_FILL: Rgb = Rgb(255, 255, 255);

/// A status as a fill behind [`ON_FILL`] text (badges), and as text on paper.
pub fn status(status: Status) -> Rgb {
    match status {
        Status::Ended => GREY_FILL,
        Status::Discontinue | Status::Contraindicated | Status::NotIndicated => RED_FILL,
        Status::Withhold => AMBER_FILL,
        Status::Confirm => Rgb(132, 92, 0),
        Status::LabsNeeded => Rgb(120, 60, 150),
        Status::BaselineNeeded => Rgb(32, 96, 176),
        Status::OkToStart | Status::Continue => GREEN_FILL,
    }
}

const RED_FILL: Rgb = Rgb(176, 32, 40);
const AMBER_FILL: Rgb = Rgb(168, 72, 0);
const GREEN_FILL: Rgb = Rgb(22, 116, 58);
const GREY_FILL: Rgb = Rgb(96, 96, 104);

/// The fills of the badges that are not statuses.
pub const DEMO_FILL: Rgb = Rgb(90, 60, 160);
pub const UNREADABLE_FILL: Rgb = GREY_FILL;

/// A week of the dose strip as the fill of its chip (which also carries the state's letter).
pub fn week_state(state: WeekState) -> Rgb {
    match state {
        WeekState::Given => GREEN_FILL,
        WeekState::Missed => RED_FILL,
        WeekState::Withheld => AMBER_FILL,
        WeekState::Scheduled | WeekState::Skipped | WeekState::BeforeTherapy => GREY_FILL,
        WeekState::Ended => status(Status::Ended),
    }
}

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
    /// The boxed warning's frame and heading.
    pub boxed_warning: Rgb,
}

pub const LIGHT: Inks = Inks {
    critical: Rgb(176, 32, 40),
    warning: Rgb(166, 72, 0),
    caution: Rgb(128, 96, 0),
    info: Rgb(32, 96, 176),
    weak: Rgb(100, 100, 100),
    alt: Rgb(0, 100, 170),
    ast: Rgb(120, 60, 170),
    bilirubin: Rgb(0, 120, 110),
    lipid: Rgb(0, 100, 170),
    doses: Rgb(22, 116, 58),
    repeat_line: Rgb(170, 95, 0),
    stop_line: Rgb(176, 32, 40),
    baseline_line: Rgb(96, 96, 104),
    withheld_shade: Rgb(168, 72, 0),
    boxed_warning: Rgb(176, 32, 40),
};

pub const DARK: Inks = Inks {
    critical: Rgb(255, 120, 120),
    warning: Rgb(255, 160, 70),
    caution: Rgb(230, 200, 80),
    info: Rgb(120, 170, 255),
    weak: Rgb(132, 132, 132),
    alt: Rgb(100, 180, 255),
    ast: Rgb(200, 150, 255),
    bilirubin: Rgb(80, 210, 190),
    lipid: Rgb(100, 180, 255),
    doses: Rgb(110, 210, 130),
    repeat_line: Rgb(240, 170, 60),
    stop_line: Rgb(255, 110, 110),
    baseline_line: Rgb(170, 170, 176),
    withheld_shade: Rgb(255, 160, 70),
    boxed_warning: Rgb(255, 120, 120),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wash_on_paper_mixes_the_colour_into_white_as_the_screen_does() {
        assert_eq!(Rgb(255, 255, 255).washed(), Rgb(255, 255, 255));
        assert_eq!(Rgb(0, 0, 0).washed(), Rgb(215, 215, 215));
        assert_eq!(LIGHT.withheld_shade.washed(), Rgb(241, 226, 215));
    }
}
