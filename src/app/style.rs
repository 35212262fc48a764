//! The palette's colours as egui colours for the theme showing, and the themes' own text colours
//! set from the palette so every text reaches WCAG AA contrast.

use eframe::egui::{self, Color32, Visuals};

use crate::knowledge::Severity;
use crate::palette::{self, Ground, Inks, Rgb};
use crate::rules::Status;

pub const fn colour(Rgb(red, green, blue): Rgb) -> Color32 {
    Color32::from_rgb(red, green, blue)
}

/// A palette colour as a light wash over a plot (withheld periods), the data still showing
/// through.
pub fn wash(Rgb(red, green, blue): Rgb) -> Color32 {
    Color32::from_rgba_unmultiplied(red, green, blue, palette::WASH_ALPHA)
}

pub fn ground(visuals: &Visuals) -> Ground {
    if visuals.dark_mode {
        Ground::Dark
    } else {
        Ground::Light
    }
}

/// The colours for text and lines drawn on the theme's background.
pub fn inks(visuals: &Visuals) -> &'static Inks {
    palette::inks(ground(visuals))
}

/// A status badge's fill.
pub fn status_colour(status: Status) -> Color32 {
    colour(palette::status(status))
}

pub fn severity_colour(visuals: &Visuals, severity: Severity) -> Color32 {
    colour(palette::severity(severity, ground(visuals)))
}

/// Text on a coloured badge or chip.
pub const ON_BADGE: Color32 = colour(palette::ON_FILL);

/// Sets both themes' error, warning and secondary text colours from the palette (egui's own
/// red and orange are below 4.5:1 on its light background).
pub fn apply(ctx: &egui::Context) {
    for theme in [egui::Theme::Light, egui::Theme::Dark] {
        ctx.style_mut_of(theme, |style| themed(&mut style.visuals));
    }
}

fn themed(visuals: &mut Visuals) {
    let inks = inks(visuals);
    visuals.error_fg_color = colour(inks.critical);
    visuals.warn_fg_color = colour(inks.warning);
    visuals.weak_text_color = Some(colour(inks.weak));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::WeekState;

    /// WCAG 2 relative luminance of an sRGB colour.
    fn luminance(colour: Color32) -> f64 {
        let linear = |channel: u8| {
            let c = f64::from(channel) / 255.0;
            if c <= 0.040_45 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * linear(colour.r()) + 0.7152 * linear(colour.g()) + 0.0722 * linear(colour.b())
    }

    /// WCAG 2 contrast ratio, 1 to 21.
    fn contrast(a: Color32, b: Color32) -> f64 {
        let (a, b) = (luminance(a), luminance(b));
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    #[test]
    fn the_contrast_formula_gives_the_wcag_figures() {
        assert!((contrast(Color32::BLACK, Color32::WHITE) - 21.0).abs() < 1e-9);
        assert!((contrast(Color32::WHITE, Color32::WHITE) - 1.0).abs() < 1e-9);
        // WCAG's own example: #777 on white is 4.48:1, just short of AA.
        let grey = Color32::from_gray(0x77);
        assert!((contrast(grey, Color32::WHITE) - 4.48).abs() < 0.01);
    }

    /// Every colour pair the app shows text (or a plotted line) in, for one theme.
    fn pairs(visuals: &Visuals) -> Vec<(String, Color32, Color32)> {
        let inks = inks(visuals);
        let mut pairs = Vec::new();
        for (background, fill) in [
            ("panel", visuals.panel_fill),
            ("window", visuals.window_fill),
            ("plot/field", visuals.extreme_bg_color),
        ] {
            let mut on = |name: &str, ink: Color32| {
                pairs.push((format!("{name} on {background}"), ink, fill));
            };
            on("text", visuals.text_color());
            on("weak text", visuals.weak_text_color());
            on("error text", visuals.error_fg_color);
            on("warning text", visuals.warn_fg_color);
            for severity in Severity::ALL {
                on(severity.label(), severity_colour(visuals, severity));
            }
            for (name, ink) in [
                ("ALT line", inks.alt),
                ("AST line", inks.ast),
                ("bilirubin line", inks.bilirubin),
                ("lipid line", inks.lipid),
                ("dose marks", inks.doses),
                ("3×ULN line", inks.repeat_line),
                ("5×/2×ULN line", inks.stop_line),
                ("baseline line", inks.baseline_line),
                ("boxed warning", inks.boxed_warning),
            ] {
                on(name, colour(ink));
            }
        }
        pairs.push((
            "selected tab".to_owned(),
            visuals.selection.stroke.color,
            visuals.selection.bg_fill,
        ));
        for status in Status::ALL {
            pairs.push((
                format!("badge text on {status:?}"),
                ON_BADGE,
                status_colour(status),
            ));
        }
        for (name, fill) in [
            ("DEMO", palette::DEMO_FILL),
            ("UNREADABLE", palette::UNREADABLE_FILL),
        ] {
            pairs.push((format!("badge text on {name}"), ON_BADGE, colour(fill)));
        }
        for state in WeekState::ALL {
            let fill = colour(palette::week_state(state));
            pairs.push((format!("chip text on {}", state.label()), ON_BADGE, fill));
        }
        pairs
    }

    #[test]
    fn every_text_and_line_has_wcag_aa_contrast_in_both_themes() {
        let mut failures = Vec::new();
        for (theme, mut visuals) in [("light", Visuals::light()), ("dark", Visuals::dark())] {
            themed(&mut visuals);
            let pairs = pairs(&visuals);
            assert!(pairs.len() > 50, "all the pairs are checked");
            for (name, ink, background) in pairs {
                let ratio = contrast(ink, background);
                println!("{theme:5} {name:40} {ratio:5.2}:1");
                if ratio < 4.5 {
                    failures.push(format!("{theme}: {name} {ratio:.2}:1"));
                }
            }
        }
        assert!(failures.is_empty(), "below 4.5:1: {failures:#?}");
    }
}
