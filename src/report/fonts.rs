//! The bundled fonts: how wide a text is as krilla shapes it, and the text they can show.

use std::borrow::Cow;
use std::sync::LazyLock;

/// The `DejaVu Sans` font (licence: `assets/fonts/LICENSE-DejaVu.txt`): covers ≥, ×, µ and °.
pub const FONT_REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
pub const FONT_BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

/// The fonts' shapes, parsed once.
struct Faces {
    regular: rustybuzz::Face<'static>,
    bold: rustybuzz::Face<'static>,
}

static FACES: LazyLock<Faces> = LazyLock::new(|| Faces {
    regular: rustybuzz::Face::from_slice(FONT_REGULAR, 0).expect("the bundled font parses"),
    bold: rustybuzz::Face::from_slice(FONT_BOLD, 0).expect("the bundled font parses"),
});

fn face(weight: Weight) -> &'static rustybuzz::Face<'static> {
    match weight {
        Weight::Regular => &FACES.regular,
        Weight::Bold => &FACES.bold,
    }
}

/// The width of `text` in points, as [`printable`] shows it and krilla shapes it.
pub fn text_width(text: &str, size: f32, weight: Weight) -> f32 {
    let face = face(weight);
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(&printable(text, weight));
    let shaped = rustybuzz::shape(face, &[], buffer);
    let units: i32 = shaped.glyph_positions().iter().map(|p| p.x_advance).sum();
    // Advances of a line and the em size fit an f32 exactly.
    #[allow(clippy::cast_precision_loss)]
    let (units, em) = (units as f32, face.units_per_em() as f32);
    units * size / em
}

/// `text` as the font can show it. An accessible PDF (PDF/UA) may not draw a character the font
/// has no glyph for, nor one that reads as nothing, so a name or note in another script still
/// prints: invisible and control characters are left out, a space the font lacks becomes a
/// plain space and any other missing character the replacement character (�). Where that
/// changes more than invisible characters, the PDF gives the [`legible`] text to those who read
/// it aloud or copy it (see `tags`).
pub fn printable(text: &str, weight: Weight) -> Cow<'_, str> {
    let face = face(weight);
    // The fonts have every printable ASCII character (a test checks): most text needs no lookup.
    let shown = |c: char| {
        c == ' ' || c.is_ascii_graphic() || (face.glyph_index(c).is_some() && !invisible(c))
    };
    if text.chars().all(shown) {
        return Cow::Borrowed(text);
    }
    let replacement = if shown('\u{FFFD}') { '\u{FFFD}' } else { '?' };
    Cow::Owned(
        text.chars()
            .filter(|&c| !invisible(c))
            .map(|c| match c {
                c if shown(c) => c,
                c if c.is_whitespace() => ' ',
                _ => replacement,
            })
            .collect(),
    )
}

/// `text` without the characters that draw nothing: what a reader gets of it.
pub fn legible(text: &str) -> Cow<'_, str> {
    if text.chars().any(invisible) {
        Cow::Owned(text.chars().filter(|&c| !invisible(c)).collect())
    } else {
        Cow::Borrowed(text)
    }
}

/// Control characters other than spaces (a tab is a space) and Unicode's default-ignorable code
/// points: they draw nothing, and a PDF may not map a glyph to some of them (U+FEFF, U+FFFE).
fn invisible(c: char) -> bool {
    (c.is_control() && !c.is_whitespace())
        || matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{061C}'
                | '\u{115F}'..='\u{1160}'
                | '\u{17B4}'..='\u{17B5}'
                | '\u{180B}'..='\u{180F}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{FFF0}'..='\u{FFF8}'
                | '\u{FFFE}'..='\u{FFFF}'
                | '\u{1BCA0}'..='\u{1BCA3}'
                | '\u{1D173}'..='\u{1D17A}'
                | '\u{E0000}'..='\u{E0FFF}'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_the_fonts_cover_is_shown_as_it_is() {
        for text in [
            "Demo Patient",
            "≥5×ULN",
            "2 °C to 8 °C",
            "µmol/L",
            "☐ •",
            "Zoë Ångström",
        ] {
            assert!(matches!(printable(text, Weight::Regular), Cow::Borrowed(_)));
            assert!(matches!(printable(text, Weight::Bold), Cow::Borrowed(_)));
        }
    }

    #[test]
    fn the_fonts_have_every_printable_ascii_character() {
        for weight in [Weight::Regular, Weight::Bold] {
            assert!((' '..='~').all(|c| face(weight).glyph_index(c).is_some()));
        }
    }

    #[test]
    fn what_the_fonts_cannot_show_is_replaced_or_left_out() {
        let text = "王\u{200B}芳\tA\u{1}\u{FEFF}";
        assert_eq!(printable(text, Weight::Regular), "\u{FFFD}\u{FFFD} A");
        assert_eq!(legible(text), "王芳\tA");
    }
}
