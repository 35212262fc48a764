//! Draws laid-out pages into a PDF with krilla: every page gets the header (patient name, ID,
//! birth date) and the footer (print date and time, app version, "page X of Y").

use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule, Stroke, StrokeDash};
use krilla::text::{Font, TextDirection};

use super::layout::{
    FONT_BOLD, FONT_REGULAR, GREY, HEADER_HEIGHT, MARGIN, Op, Page, Paper, RULE, Rgb, Weight,
};

/// What every page says at its top and bottom.
pub struct Frame {
    pub title: String,
    /// The header line: patient name, ID, birth date.
    pub patient: String,
    /// The left of the footer: when it was printed, by which version.
    pub printed: String,
}

#[derive(Debug, thiserror::Error)]
#[error("the PDF could not be written: {0}")]
pub struct RenderError(String);

pub fn render(pages: &[Page], paper: Paper, frame: &Frame) -> Result<Vec<u8>, RenderError> {
    let font = |data: &'static [u8]| {
        Font::new(data.into(), 0).ok_or_else(|| RenderError("the bundled font".to_owned()))
    };
    let (regular, bold) = (font(FONT_REGULAR)?, font(FONT_BOLD)?);
    let (width, height) = paper.size();
    let settings = PageSettings::from_wh(width, height)
        .ok_or_else(|| RenderError("the paper size".to_owned()))?;

    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(frame.title.clone())
            .creator(format!("Mipomersen Monitor {}", env!("CARGO_PKG_VERSION"))),
    );
    let total = pages.len();
    for (index, page) in pages.iter().enumerate() {
        let mut pdf_page = document.start_page_with(settings.clone());
        let mut surface = pdf_page.surface();
        let mut draw = |op: &Op| match op {
            Op::Text {
                x,
                y,
                size,
                weight,
                colour,
                text,
            } => {
                surface.set_stroke(None);
                surface.set_fill(Some(fill(*colour)));
                let font = if *weight == Weight::Bold {
                    &bold
                } else {
                    &regular
                };
                surface.draw_text(
                    Point::from_xy(*x, *y),
                    font.clone(),
                    *size,
                    text,
                    false,
                    TextDirection::Auto,
                );
            }
            Op::Line {
                points,
                width,
                colour,
                dashed,
            } => {
                let mut path = PathBuilder::new();
                for (i, &(x, y)) in points.iter().enumerate() {
                    if i == 0 {
                        path.move_to(x, y);
                    } else {
                        path.line_to(x, y);
                    }
                }
                if let Some(path) = path.finish() {
                    surface.set_fill(None);
                    surface.set_stroke(Some(Stroke {
                        paint: colour_of(*colour).into(),
                        width: *width,
                        dash: dashed.then(|| StrokeDash {
                            array: vec![3.0, 2.0],
                            offset: 0.0,
                        }),
                        ..Stroke::default()
                    }));
                    surface.draw_path(&path);
                }
            }
            Op::Rect {
                x,
                y,
                width,
                height,
                fill: colour,
            } => {
                let mut path = PathBuilder::new();
                if let Some(rect) = Rect::from_xywh(*x, *y, *width, *height) {
                    path.push_rect(rect);
                }
                if let Some(path) = path.finish() {
                    surface.set_stroke(None);
                    surface.set_fill(Some(fill(*colour)));
                    surface.draw_path(&path);
                }
            }
        };
        for op in &page.ops {
            draw(op);
        }
        for op in frame_ops(frame, index + 1, total, width, height) {
            draw(&op);
        }
        surface.finish();
        pdf_page.finish();
    }
    document
        .finish()
        .map_err(|error| RenderError(format!("{error:?}")))
}

/// The header and footer of page `number` of `total`.
fn frame_ops(frame: &Frame, number: usize, total: usize, width: f32, height: f32) -> Vec<Op> {
    let text = |x: f32, y: f32, size: f32, weight: Weight, colour: Rgb, text: String| Op::Text {
        x,
        y,
        size,
        weight,
        colour,
        text,
    };
    let page = format!("page {number} of {total}");
    let page_x = width - MARGIN - super::layout::text_width(&page, 8.0, Weight::Regular);
    let footer_y = height - MARGIN + 6.0;
    let header_rule = MARGIN + HEADER_HEIGHT - 10.0;
    vec![
        text(
            MARGIN,
            MARGIN + 6.0,
            10.0,
            Weight::Bold,
            Rgb(0, 0, 0),
            frame.patient.clone(),
        ),
        text(
            MARGIN,
            MARGIN + 16.0,
            7.5,
            Weight::Regular,
            GREY,
            frame.title.clone(),
        ),
        Op::Line {
            points: vec![(MARGIN, header_rule), (width - MARGIN, header_rule)],
            width: 0.6,
            colour: RULE,
            dashed: false,
        },
        Op::Line {
            points: vec![(MARGIN, footer_y - 10.0), (width - MARGIN, footer_y - 10.0)],
            width: 0.6,
            colour: RULE,
            dashed: false,
        },
        text(
            MARGIN,
            footer_y,
            8.0,
            Weight::Regular,
            GREY,
            frame.printed.clone(),
        ),
        text(page_x, footer_y, 8.0, Weight::Regular, GREY, page),
    ]
}

fn colour_of(colour: Rgb) -> rgb::Color {
    rgb::Color::new(colour.0, colour.1, colour.2)
}

fn fill(colour: Rgb) -> Fill {
    Fill {
        paint: colour_of(colour).into(),
        opacity: NormalizedF32::ONE,
        rule: FillRule::default(),
    }
}
