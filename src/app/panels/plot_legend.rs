//! A plot's legend, drawn above the plot rather than over its data: each entry shows the line's
//! colour and dash (or the marker, or the shading) beside its name.

use eframe::egui::{self, Color32, Sense, Shape, Stroke, Ui, accesskit::Role};
use egui_plot::LineStyle;

/// How an entry is drawn in the plot.
#[derive(Debug, Clone, Copy)]
pub enum Swatch {
    /// A solid line with a marker at each result.
    Series,
    /// A threshold line.
    Line(LineStyle),
    /// Markers only.
    Marker,
    /// A shaded period.
    Shade,
}

pub struct Entry {
    pub name: String,
    pub colour: Color32,
    pub swatch: Swatch,
}

const SWATCH_WIDTH: f32 = 30.0;

/// The entries in a row that wraps; each is one widget named for screen readers (and tests).
pub fn legend_ui(ui: &mut Ui, entries: &[Entry]) {
    ui.horizontal_wrapped(|ui| {
        for entry in entries {
            entry_ui(ui, entry);
            ui.add_space(8.0);
        }
    });
}

fn entry_ui(ui: &mut Ui, entry: &Entry) {
    let text_colour = ui.visuals().text_color();
    let font = egui::TextStyle::Body.resolve(ui.style());
    let galley = ui
        .painter()
        .layout_no_wrap(entry.name.clone(), font, text_colour);
    let gap = 4.0;
    let size = egui::vec2(
        SWATCH_WIDTH + gap + galley.size().x,
        galley.size().y.max(14.0),
    );
    let (rect, response) = ui.allocate_exact_size(size, Sense::hover());
    response.widget_info(|| egui::WidgetInfo::labeled(Role::ListItem, true, &entry.name));
    if !ui.is_rect_visible(rect) {
        return;
    }
    let painter = ui.painter();
    let y = rect.center().y;
    let (left, right) = (
        egui::pos2(rect.left(), y),
        egui::pos2(rect.left() + SWATCH_WIDTH, y),
    );
    let centre = egui::pos2(rect.left() + SWATCH_WIDTH / 2.0, y);
    match entry.swatch {
        Swatch::Series => {
            painter.line_segment([left, right], Stroke::new(2.0, entry.colour));
            painter.circle_filled(centre, 3.5, entry.colour);
        }
        Swatch::Line(style) => {
            let stroke = Stroke::new(2.0, entry.colour);
            match style {
                LineStyle::Dashed { length } => {
                    painter.extend(Shape::dashed_line(
                        &[left, right],
                        stroke,
                        length,
                        length / 2.0,
                    ));
                }
                LineStyle::Dotted { spacing } => {
                    painter.extend(Shape::dotted_line(
                        &[left, right],
                        entry.colour,
                        spacing,
                        1.5,
                    ));
                }
                LineStyle::Solid => {
                    painter.line_segment([left, right], stroke);
                }
            }
        }
        Swatch::Marker => {
            painter.add(Shape::convex_polygon(
                triangle(centre, 5.0),
                entry.colour,
                Stroke::NONE,
            ));
        }
        Swatch::Shade => {
            let shade = egui::Rect::from_center_size(centre, egui::vec2(SWATCH_WIDTH, size.y));
            painter.rect_filled(shade, 2.0, entry.colour);
        }
    }
    painter.galley(
        egui::pos2(rect.left() + SWATCH_WIDTH + gap, rect.top()),
        galley,
        text_colour,
    );
}

/// An upward triangle around `centre`: the dose marker, as the plot draws it.
fn triangle(centre: egui::Pos2, radius: f32) -> Vec<egui::Pos2> {
    vec![
        centre + egui::vec2(0.0, -radius),
        centre + egui::vec2(radius * 0.87, radius * 0.5),
        centre + egui::vec2(-radius * 0.87, radius * 0.5),
    ]
}
