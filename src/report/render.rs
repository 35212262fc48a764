//! Draws laid-out pages into a tagged, accessible PDF (PDF/UA-1) with krilla: every page gets
//! the header (patient name, ID, birth date) and the footer (print date and time, app version,
//! "page X of Y") as page furniture, and the document its title, language, creation date,
//! outline and structure. krilla checks PDF/UA-1 as it writes and refuses a document that breaks
//! it, so what is written conforms as far as a machine can tell.

use std::borrow::Cow;

use chrono::{DateTime, Datelike, FixedOffset, Timelike};
use krilla::color::rgb;
use krilla::configure::{Accessibility, ConfigurationBuilder};
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::{self, Metadata};
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule, Stroke, StrokeDash};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use krilla::{Document, SerializeSettings};

use super::fonts::{FONT_BOLD, FONT_REGULAR, Weight, legible, printable, text_width};
use super::layout::{Drawn, GREY, HEADER_HEIGHT, LaidOut, MARGIN, Op, Paper};
use super::structure::{Artifact, Mark};
use super::tags::{self, Tagger};
use crate::palette::{self, Rgb};

/// What every page says at its top and bottom.
pub struct Frame {
    pub title: String,
    /// The header line: patient name, ID, birth date.
    pub patient: String,
    /// The left of the footer: when it was printed, by which version.
    pub printed: String,
}

/// What the PDF says about itself.
pub struct Properties {
    /// The title a viewer shows for it: which document, whose, of which day.
    pub title: String,
    /// The application that made it, with its version.
    pub creator: String,
    pub created: DateTime<FixedOffset>,
}

/// The language the documents are written in.
const LANGUAGE: &str = "en";

/// Why a PDF could not be made; each says it in words, after "the PDF could not be written".
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("the PDF could not be written: the paper size is not one a page can have")]
    Paper,
    #[error("the PDF could not be written: the bundled font could not be read")]
    Font,
    #[error("the PDF could not be written: the accessible (PDF/UA-1) settings were refused")]
    Settings,
    /// The document as a whole (krilla's validation or serialisation), in its words.
    #[error("the PDF could not be written: {0}")]
    Document(String),
}

pub fn render(
    laid_out: &LaidOut,
    paper: Paper,
    frame: &Frame,
    properties: &Properties,
) -> Result<Vec<u8>, RenderError> {
    let fonts = Fonts::load()?;
    let (width, height) = paper.size();
    let settings = PageSettings::from_wh(width, height).ok_or(RenderError::Paper)?;

    let mut document = Document::new_with(accessible()?);
    document.set_metadata(
        Metadata::new()
            .title(properties.title.clone())
            .language(LANGUAGE.to_owned())
            .creator(properties.creator.clone())
            .producer(properties.creator.clone())
            .creation_date(pdf_date(properties.created)),
    );
    let mut tagger = Tagger::new(laid_out.contents);
    let total = laid_out.pages.len();
    for (index, page) in laid_out.pages.iter().enumerate() {
        let mut pdf_page = document.start_page_with(settings.clone());
        let mut surface = pdf_page.surface();
        let furniture = frame_ops(frame, index + 1, total, width, height);
        for drawn in page.ops.iter().chain(&furniture) {
            draw(&mut surface, &mut tagger, &fonts, drawn);
        }
        tagger.close(&mut surface);
        surface.finish();
        pdf_page.finish();
    }
    document.set_outline(tags::outline(&laid_out.blocks));
    document.set_tag_tree(tagger.tree(&laid_out.blocks));
    document
        .finish()
        .map_err(|error| RenderError::Document(error.to_string()))
}

/// Settings for a tagged PDF that krilla validates against PDF/UA-1.
fn accessible() -> Result<SerializeSettings, RenderError> {
    let configuration = ConfigurationBuilder::new()
        .with_accessibility_validator(Accessibility::UA1)
        .finish()
        // Only a PDF version outside PDF/UA-1's range could be refused: none is set.
        .map_err(|_| RenderError::Settings)?;
    Ok(SerializeSettings {
        configuration,
        ..SerializeSettings::default()
    })
}

/// The creation date with its offset from UTC, as the PDF's metadata holds it.
fn pdf_date(at: DateTime<FixedOffset>) -> metadata::DateTime {
    let offset_minutes = at.offset().local_minus_utc() / 60;
    // Months, days, hours, minutes and seconds fit a byte, and offsets from UTC are under a day.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let date = metadata::DateTime::new(u16::try_from(at.year()).unwrap_or_default())
        .month(at.month() as u8)
        .day(at.day() as u8)
        .hour(at.hour() as u8)
        .minute(at.minute() as u8)
        .second(at.second() as u8)
        .utc_offset_hour((offset_minutes / 60) as i8)
        .utc_offset_minute((offset_minutes.abs() % 60) as u8);
    date
}

struct Fonts {
    regular: Font,
    bold: Font,
}

impl Fonts {
    fn load() -> Result<Self, RenderError> {
        let font = |data: &'static [u8]| Font::new(data.into(), 0).ok_or(RenderError::Font);
        Ok(Fonts {
            regular: font(FONT_REGULAR)?,
            bold: font(FONT_BOLD)?,
        })
    }

    fn of(&self, weight: Weight) -> &Font {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }
}

fn draw(surface: &mut Surface, tagger: &mut Tagger, fonts: &Fonts, drawn: &Drawn) {
    match &drawn.op {
        Op::Text {
            x,
            y,
            size,
            weight,
            colour,
            text,
        } => {
            let shown = printable(text, *weight);
            let read = match shown {
                Cow::Borrowed(_) => None,
                Cow::Owned(_) => Some(legible(text)).filter(|read| *read != shown),
            };
            tagger.mark(surface, drawn.mark, read.as_deref());
            surface.set_stroke(None);
            surface.set_fill(Some(fill(*colour)));
            surface.draw_text(
                Point::from_xy(*x, *y),
                fonts.of(*weight).clone(),
                *size,
                &shown,
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
                tagger.mark(surface, drawn.mark, None);
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
                tagger.mark(surface, drawn.mark, None);
                surface.set_stroke(None);
                surface.set_fill(Some(fill(*colour)));
                surface.draw_path(&path);
            }
        }
    }
}

/// The header and footer of page `number` of `total`.
fn frame_ops(frame: &Frame, number: usize, total: usize, width: f32, height: f32) -> Vec<Drawn> {
    let text = |x: f32, y: f32, size: f32, weight: Weight, colour: Rgb, text: String| Op::Text {
        x,
        y,
        size,
        weight,
        colour,
        text,
    };
    let page = format!("page {number} of {total}");
    let page_x = width - MARGIN - text_width(&page, 8.0, Weight::Regular);
    let footer_y = height - MARGIN + 6.0;
    let header_rule = MARGIN + HEADER_HEIGHT - 10.0;
    let header = [
        text(
            MARGIN,
            MARGIN + 6.0,
            10.0,
            Weight::Bold,
            palette::TEXT_ON_PAPER,
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
            colour: palette::HAIRLINE,
            dashed: false,
        },
    ];
    let footer = [
        Op::Line {
            points: vec![(MARGIN, footer_y - 10.0), (width - MARGIN, footer_y - 10.0)],
            width: 0.6,
            colour: palette::HAIRLINE,
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
    ];
    let marked = |artifact| {
        move |op| Drawn {
            op,
            mark: Mark::Artifact(artifact),
        }
    };
    header
        .into_iter()
        .map(marked(Artifact::PageHeader))
        .chain(footer.into_iter().map(marked(Artifact::PageFooter)))
        .collect()
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
