//! Page layout for the printed summaries: text that wraps, tables that continue on the next
//! page with their header repeated, charts, and page breaks. It lays content out into pages of
//! simple drawing operations; `render` draws them once the number of pages is known.
//!
//! Coordinates are PDF points (1/72 inch) from the page's top-left corner; text `y` is its
//! baseline.

use std::sync::LazyLock;

use chrono::NaiveDate;

/// The `DejaVu Sans` font (licence: `assets/fonts/LICENSE-DejaVu.txt`): covers ≥, ×, µ and °.
pub const FONT_REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
pub const FONT_BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

pub const MARGIN: f32 = 42.0;
/// Room kept at the top of each page for the header, and at the bottom for the footer.
pub const HEADER_HEIGHT: f32 = 30.0;
pub const FOOTER_HEIGHT: f32 = 24.0;
const LINE_SPACING: f32 = 1.3;
const CELL_PADDING: f32 = 3.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Paper {
    A4,
    Letter,
}

impl Paper {
    /// Width and height in points.
    pub fn size(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.28, 841.89),
            Paper::Letter => (612.0, 792.0),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

pub const BLACK: Rgb = Rgb(0, 0, 0);
pub const GREY: Rgb = Rgb(110, 110, 110);
pub const RULE: Rgb = Rgb(190, 190, 190);

/// One thing to draw.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    Text {
        x: f32,
        y: f32,
        size: f32,
        weight: Weight,
        colour: Rgb,
        text: String,
    },
    Line {
        points: Vec<(f32, f32)>,
        width: f32,
        colour: Rgb,
        dashed: bool,
    },
    Rect {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        fill: Rgb,
    },
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    pub ops: Vec<Op>,
}

/// How a run of text looks.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub size: f32,
    pub weight: Weight,
    pub colour: Rgb,
}

impl Style {
    pub const fn new(size: f32) -> Self {
        Style {
            size,
            weight: Weight::Regular,
            colour: BLACK,
        }
    }

    pub const fn bold(mut self) -> Self {
        self.weight = Weight::Bold;
        self
    }

    pub const fn colour(mut self, colour: Rgb) -> Self {
        self.colour = colour;
        self
    }

    fn line_height(self) -> f32 {
        self.size * LINE_SPACING
    }
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

/// The width of `text` in points, shaped as krilla shapes it.
pub fn text_width(text: &str, size: f32, weight: Weight) -> f32 {
    let face = match weight {
        Weight::Regular => &FACES.regular,
        Weight::Bold => &FACES.bold,
    };
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    let shaped = rustybuzz::shape(face, &[], buffer);
    let units: i32 = shaped.glyph_positions().iter().map(|p| p.x_advance).sum();
    // Advances of a line and the em size fit an f32 exactly.
    #[allow(clippy::cast_precision_loss)]
    let (units, em) = (units as f32, face.units_per_em() as f32);
    units * size / em
}

/// Breaks `text` into lines no wider than `width`: at spaces where it can, inside a word that is
/// itself too wide. Line breaks in the text are kept.
pub fn wrap(text: &str, width: f32, style: Style) -> Vec<String> {
    let fits = |line: &str| text_width(line, style.size, style.weight) <= width;
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if fits(&candidate) {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // A word wider than the line is broken between characters.
            for c in word.chars() {
                let mut longer = line.clone();
                longer.push(c);
                if !line.is_empty() && !fits(&longer) {
                    lines.push(std::mem::take(&mut line));
                }
                line.push(c);
            }
        }
        lines.push(line);
    }
    lines
}

/// The wrapped lines of a table row, cell by cell.
#[derive(Clone)]
struct Cells {
    lines: Vec<Vec<String>>,
    style: Style,
}

impl Cells {
    fn new<S: AsRef<str>>(cells: &[S], columns: &[f32], style: Style) -> Self {
        let lines = cells
            .iter()
            .zip(columns)
            .map(|(cell, width)| wrap(cell.as_ref(), width - 2.0 * CELL_PADDING, style))
            .collect();
        Cells { lines, style }
    }

    /// The lines of its tallest cell.
    fn height_lines(&self) -> usize {
        self.lines.iter().map(Vec::len).max().unwrap_or(0)
    }

    fn height(&self, lines: usize) -> f32 {
        Self::height_of(lines.max(self.height_lines().min(1)), self.style)
    }

    fn height_of(lines: usize, style: Style) -> f32 {
        #[allow(clippy::cast_precision_loss)] // lines on a page
        let lines = lines as f32;
        lines * style.line_height() + 2.0 * CELL_PADDING
    }
}

/// One line of a chart.
pub struct Series<'a> {
    pub name: &'a str,
    pub colour: Rgb,
    pub points: &'a [(NaiveDate, f64)],
}

/// A chart: series over time against thresholds.
pub struct Chart<'a> {
    pub title: &'a str,
    pub unit: &'a str,
    pub series: Vec<Series<'a>>,
    /// Horizontal lines: label, value.
    pub thresholds: Vec<(String, f64)>,
    /// Shaded periods (withheld).
    pub shaded: Vec<(NaiveDate, NaiveDate)>,
}

pub struct Layout {
    width: f32,
    height: f32,
    pages: Vec<Page>,
    y: f32,
}

impl Layout {
    pub fn new(paper: Paper) -> Self {
        let (width, height) = paper.size();
        Layout {
            width,
            height,
            pages: vec![Page::default()],
            y: MARGIN + HEADER_HEIGHT,
        }
    }

    pub fn content_width(&self) -> f32 {
        self.width - 2.0 * MARGIN
    }

    fn bottom(&self) -> f32 {
        self.height - MARGIN - FOOTER_HEIGHT
    }

    fn page(&mut self) -> &mut Page {
        self.pages.last_mut().expect("there is always a page")
    }

    pub fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = MARGIN + HEADER_HEIGHT;
    }

    /// Starts a new page unless `height` more fits on this one.
    pub fn ensure(&mut self, height: f32) {
        if self.y + height > self.bottom() && self.y > MARGIN + HEADER_HEIGHT {
            self.new_page();
        }
    }

    pub fn gap(&mut self, height: f32) {
        self.y += height;
    }

    /// A wrapped paragraph, indented by `indent`.
    pub fn paragraph(&mut self, text: &str, style: Style, indent: f32) {
        for line in wrap(text, self.content_width() - indent, style) {
            self.ensure(style.line_height());
            self.y += style.size;
            let (x, y) = (MARGIN + indent, self.y);
            self.page().ops.push(Op::Text {
                x,
                y,
                size: style.size,
                weight: style.weight,
                colour: style.colour,
                text: line,
            });
            self.y += style.line_height() - style.size;
        }
    }

    /// A heading, kept with at least `keep` points of what follows it.
    pub fn heading(&mut self, text: &str, keep: f32) {
        let style = Style::new(12.5).bold();
        self.gap(6.0);
        self.ensure(style.line_height() + keep);
        self.paragraph(text, style, 0.0);
        self.rule();
        self.gap(3.0);
    }

    /// A thin line across the page.
    pub fn rule(&mut self) {
        let (left, right, y) = (MARGIN, self.width - MARGIN, self.y + 1.0);
        self.page().ops.push(Op::Line {
            points: vec![(left, y), (right, y)],
            width: 0.5,
            colour: RULE,
            dashed: false,
        });
        self.y += 2.0;
    }

    /// A table: `widths` are fractions of the content width. Cells wrap; a table that does not
    /// fit continues on the next page with its header repeated, and so does a row taller than
    /// what is left of the page.
    pub fn table(&mut self, headers: &[&str], widths: &[f32], rows: &[Vec<String>], style: Style) {
        let columns: Vec<f32> = widths.iter().map(|w| w * self.content_width()).collect();
        let header = Cells::new(headers, &columns, style.bold());
        let first = rows
            .first()
            .map_or(0, |row| Cells::new(row, &columns, style).height_lines());
        self.ensure(header.height(1) + Cells::height_of(first.min(3), style));
        self.cells(header.clone(), &columns, None);
        for row in rows {
            self.cells(Cells::new(row, &columns, style), &columns, Some(&header));
        }
    }

    /// Draws a row, breaking it across pages (under `header`) where it does not fit.
    fn cells(&mut self, mut cells: Cells, columns: &[f32], header: Option<&Cells>) {
        loop {
            let room = self.bottom() - self.y - 2.0 * CELL_PADDING;
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // lines on a page
            let fitting = (room / cells.style.line_height()).floor().max(0.0) as usize;
            let needed = cells.height_lines();
            let fresh_page = self.y <= MARGIN + HEADER_HEIGHT;
            if fitting == 0 || (fitting < needed.min(3) && !fresh_page) {
                self.new_page();
                if let Some(header) = header {
                    self.cells(header.clone(), columns, None);
                }
                continue;
            }
            let take = needed.min(fitting).max(1);
            let top = self.y;
            let mut x = MARGIN;
            let style = cells.style;
            for (lines, width) in cells.lines.iter_mut().zip(columns) {
                let mut y = top + CELL_PADDING;
                for line in lines.drain(..take.min(lines.len())) {
                    y += style.size;
                    self.page()
                        .ops
                        .push(text_op(x + CELL_PADDING, y, style, line));
                    y += style.line_height() - style.size;
                }
                x += width;
            }
            self.y = top + Cells::height_of(take, style);
            let (left, right, y) = (MARGIN, self.width - MARGIN, self.y);
            self.page().ops.push(Op::Line {
                points: vec![(left, y), (right, y)],
                width: 0.3,
                colour: RULE,
                dashed: false,
            });
            if cells.height_lines() == 0 {
                return;
            }
            self.new_page();
            if let Some(header) = header {
                self.cells(header.clone(), columns, None);
            }
        }
    }

    /// A time chart `height` points tall, drawn as vectors.
    pub fn chart(&mut self, chart: &Chart, height: f32) {
        let title = Style::new(9.5).bold();
        self.ensure(height + title.line_height() + 14.0);
        self.paragraph(&format!("{} ({})", chart.title, chart.unit), title, 0.0);
        let label = Style::new(7.0).colour(GREY);
        let (left, right) = (MARGIN + 30.0, self.width - MARGIN - 90.0);
        let (top, bottom) = (self.y + 4.0, self.y + 4.0 + height);

        let dates = chart
            .series
            .iter()
            .flat_map(|series| series.points.iter().map(|p| p.0));
        let (Some(first), Some(last)) = (dates.clone().min(), dates.max()) else {
            self.paragraph("No results to chart.", Style::new(9.0).colour(GREY), 0.0);
            return;
        };
        let values = chart
            .series
            .iter()
            .flat_map(|series| series.points.iter().map(|p| p.1))
            .chain(chart.thresholds.iter().map(|t| t.1));
        let top_value = values.fold(0.0_f64, f64::max) * 1.08;
        #[allow(clippy::cast_precision_loss)] // days of a record's span
        let span = ((last - first).num_days().max(1)) as f32;
        #[allow(clippy::cast_precision_loss)]
        let x_of = move |date: NaiveDate| {
            left + (right - left) * ((date - first).num_days() as f32) / span
        };
        #[allow(clippy::cast_possible_truncation)] // a value on a chart
        let y_of = move |value: f64| bottom - (bottom - top) * (value / top_value) as f32;

        let ops = &mut self.pages.last_mut().expect("a page").ops;
        for &(from, until) in &chart.shaded {
            let (x0, x1) = (x_of(from.max(first)), x_of(until.min(last)));
            if x1 > x0 {
                ops.push(Op::Rect {
                    x: x0,
                    y: top,
                    width: x1 - x0,
                    height: bottom - top,
                    fill: Rgb(250, 226, 200),
                });
            }
        }
        ops.push(Op::Line {
            points: vec![(left, top), (left, bottom), (right, bottom)],
            width: 0.6,
            colour: GREY,
            dashed: false,
        });
        for (name, value) in &chart.thresholds {
            let y = y_of(*value);
            ops.push(Op::Line {
                points: vec![(left, y), (right, y)],
                width: 0.6,
                colour: Rgb(200, 40, 48),
                dashed: true,
            });
            ops.push(text_op(
                left + 3.0,
                y - 2.0,
                label.colour(Rgb(200, 40, 48)),
                name.clone(),
            ));
        }
        for (index, series) in chart.series.iter().enumerate() {
            draw_series(ops, series, index, right, top, &x_of, &y_of);
        }
        let middle = crate::rules::calendar::add_days(first, (last - first).num_days() / 2);
        axis_labels(
            ops,
            [
                (first, left),
                (middle, x_of(middle) - 20.0),
                (last, right - 40.0),
            ],
            (top, bottom),
            top_value,
        );
        self.y = bottom + 14.0;
    }

    pub fn finish(self) -> Vec<Page> {
        self.pages
    }
}

/// A series as a line with its points marked, and its legend entry right of the chart.
fn draw_series(
    ops: &mut Vec<Op>,
    series: &Series,
    index: usize,
    right: f32,
    top: f32,
    x_of: &impl Fn(NaiveDate) -> f32,
    y_of: &impl Fn(f64) -> f32,
) {
    let (name, colour) = (series.name, &series.colour);
    let line: Vec<(f32, f32)> = series
        .points
        .iter()
        .map(|&(d, v)| (x_of(d), y_of(v)))
        .collect();
    if line.len() > 1 {
        ops.push(Op::Line {
            points: line.clone(),
            width: 1.2,
            colour: *colour,
            dashed: false,
        });
    }
    for &(x, y) in &line {
        ops.push(Op::Rect {
            x: x - 1.2,
            y: y - 1.2,
            width: 2.4,
            height: 2.4,
            fill: *colour,
        });
    }
    #[allow(clippy::cast_precision_loss)] // a few series
    let legend_y = top + 8.0 + 11.0 * index as f32;
    ops.push(Op::Rect {
        x: right + 6.0,
        y: legend_y - 6.0,
        width: 8.0,
        height: 6.0,
        fill: *colour,
    });
    ops.push(text_op(
        right + 18.0,
        legend_y,
        Style::new(8.0),
        (*name).to_owned(),
    ));
}

/// Dates under the x axis, and the top and bottom of the y axis.
fn axis_labels(
    ops: &mut Vec<Op>,
    dates: [(NaiveDate, f32); 3],
    (top, bottom): (f32, f32),
    top_value: f64,
) {
    let label = Style::new(7.0).colour(GREY);
    for (date, x) in dates {
        ops.push(text_op(x, bottom + 9.0, label, date.to_string()));
    }
    let rounded = if top_value >= 10.0 {
        top_value.round()
    } else {
        (top_value * 10.0).round() / 10.0
    };
    ops.push(text_op(
        MARGIN,
        top + 7.0,
        label,
        crate::format::number(rounded),
    ));
    ops.push(text_op(MARGIN, bottom, label, "0".to_owned()));
}

fn text_op(x: f32, y: f32, style: Style, text: String) -> Op {
    Op::Text {
        x,
        y,
        size: style.size,
        weight: style.weight,
        colour: style.colour,
        text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_lines_fit_and_keep_every_word() {
        let text = "Transaminase elevation with signs of liver injury: discontinue mipomersen for good and investigate the probable cause.";
        let style = Style::new(10.0);
        let lines = wrap(text, 150.0, style);
        assert!(lines.len() > 2);
        assert!(
            lines
                .iter()
                .all(|line| text_width(line, 10.0, Weight::Regular) <= 150.0)
        );
        assert_eq!(lines.join(" "), text);
    }

    #[test]
    fn a_word_wider_than_the_line_is_broken_not_overflowing() {
        let word = "x".repeat(200);
        let lines = wrap(&word, 50.0, Style::new(10.0));
        assert!(lines.len() > 1);
        assert!(
            lines
                .iter()
                .all(|line| text_width(line, 10.0, Weight::Regular) <= 50.0)
        );
        assert_eq!(lines.concat(), word);
    }

    #[test]
    fn a_row_taller_than_a_page_continues_on_the_next_and_nothing_is_lost() {
        let mut layout = Layout::new(Paper::A4);
        let long = (0..900)
            .map(|i| format!("2025-01-{i:03}"))
            .collect::<Vec<_>>()
            .join(", ");
        layout.table(
            &["Rule", "Detail"],
            &[0.2, 0.8],
            &[vec!["R-DOSE-5".to_owned(), long.clone()]],
            Style::new(9.0),
        );
        let pages = layout.finish();
        assert!(pages.len() > 1);
        let bottom = Paper::A4.size().1 - MARGIN - FOOTER_HEIGHT;
        let mut text = String::new();
        for page in &pages {
            for op in &page.ops {
                if let Op::Text { y, text: line, .. } = op {
                    assert!(*y <= bottom, "text below the footer line");
                    if line != "Rule" && line != "Detail" && line != "R-DOSE-5" {
                        text.push_str(line);
                        text.push(' ');
                    }
                }
            }
        }
        assert_eq!(
            text.split_whitespace().count(),
            long.split_whitespace().count()
        );
    }

    #[test]
    fn a_long_table_continues_on_the_next_page_with_its_header() {
        let mut layout = Layout::new(Paper::A4);
        let rows: Vec<Vec<String>> = (0..200)
            .map(|i| vec![format!("row {i}"), "value".to_owned()])
            .collect();
        layout.table(&["Date", "Value"], &[0.5, 0.5], &rows, Style::new(9.0));
        let pages = layout.finish();
        assert!(pages.len() > 2, "{} pages", pages.len());
        for page in &pages {
            let first_text = page.ops.iter().find_map(|op| match op {
                Op::Text { text, .. } => Some(text.as_str()),
                _ => None,
            });
            assert_eq!(first_text, Some("Date"));
            let bottom = Paper::A4.size().1 - MARGIN - FOOTER_HEIGHT;
            assert!(
                page.ops
                    .iter()
                    .all(|op| !matches!(op, Op::Text { y, .. } if *y > bottom))
            );
        }
    }
}
