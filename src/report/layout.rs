//! Page layout for the printed summaries: text that wraps, tables that continue on the next
//! page with their header repeated, charts, and page breaks. It lays content out into pages of
//! simple drawing operations, each marked with what it is to a reader (`structure`), and records
//! the document's structure in reading order; `render` draws them once the number of pages is
//! known.
//!
//! Coordinates are PDF points (1/72 inch) from the page's top-left corner; text `y` is its
//! baseline.

pub use super::fonts::Weight;
use super::fonts::text_width;
use super::structure::{Anchor, Artifact, Block, Bullet, ContentId, Level, ListItem, Mark};
use crate::palette::{self, Rgb};

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

/// Secondary printed text: dates, labels, the page's furniture.
pub const GREY: Rgb = palette::LIGHT.weak;

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

/// A drawing operation and what it is to a reader.
#[derive(Debug, Clone, PartialEq)]
pub struct Drawn {
    pub op: Op,
    pub mark: Mark,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    pub ops: Vec<Drawn>,
}

/// The laid-out document: its pages, and its structure in reading order.
pub struct LaidOut {
    pub pages: Vec<Page>,
    pub blocks: Vec<Block>,
    /// How many pieces of content the marks refer to: `ContentId`s are below it.
    pub contents: usize,
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
            colour: palette::TEXT_ON_PAPER,
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

    pub(super) fn line_height(self) -> f32 {
        self.size * LINE_SPACING
    }
}

/// Breaks `text` into lines no wider than `width`: at spaces where it can, inside a word that is
/// itself too wide. Line breaks in the text are kept. A line that ends between words ends with a
/// space, which is drawn as nothing and not measured: text read out of a tagged PDF has its
/// words apart only where a space says so.
pub fn wrap(text: &str, width: f32, style: Style) -> Vec<String> {
    let fits = |line: &str| text_width(line, style.size, style.weight) <= width;
    let mut lines: Vec<String> = Vec::new();
    for paragraph in text.split('\n') {
        if let Some(previous) = lines.last_mut() {
            previous.push(' ');
        }
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
                lines.push(std::mem::take(&mut line) + " ");
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

/// The wrapped lines of a table row, cell by cell, and what each cell is to a reader.
#[derive(Clone)]
struct Cells {
    lines: Vec<Vec<String>>,
    style: Style,
    marks: Vec<Mark>,
}

impl Cells {
    fn new<S: AsRef<str>>(cells: &[S], columns: &[f32], style: Style, marks: Vec<Mark>) -> Self {
        Cells {
            lines: wrap_cells(cells, columns, style),
            style,
            marks,
        }
    }

    /// The same cells drawn again where the table continues: decoration, not content read twice.
    fn repeated(&self) -> Self {
        Cells {
            marks: vec![Mark::Artifact(Artifact::RepeatedHeader); self.marks.len()],
            ..self.clone()
        }
    }

    /// The lines of its tallest cell.
    fn height_lines(&self) -> usize {
        tallest(&self.lines)
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

fn wrap_cells<S: AsRef<str>>(cells: &[S], columns: &[f32], style: Style) -> Vec<Vec<String>> {
    cells
        .iter()
        .zip(columns)
        .map(|(cell, width)| wrap(cell.as_ref(), width - 2.0 * CELL_PADDING, style))
        .collect()
}

fn tallest(lines: &[Vec<String>]) -> usize {
    lines.iter().map(Vec::len).max().unwrap_or(0)
}

pub struct Layout {
    pub(super) width: f32,
    height: f32,
    pages: Vec<Page>,
    pub(super) y: f32,
    pub(super) blocks: Vec<Block>,
    contents: usize,
}

impl Layout {
    pub fn new(paper: Paper) -> Self {
        let (width, height) = paper.size();
        Layout {
            width,
            height,
            pages: vec![Page::default()],
            y: MARGIN + HEADER_HEIGHT,
            blocks: Vec::new(),
            contents: 0,
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

    pub(super) fn draw(&mut self, op: Op, mark: Mark) {
        self.page().ops.push(Drawn { op, mark });
    }

    /// A new piece of content for the structure.
    pub(super) fn content(&mut self) -> ContentId {
        self.contents += 1;
        ContentId(self.contents - 1)
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

    /// Moves down a line of `style`, onto the next page if it does not fit there; returns where
    /// the line starts and its baseline.
    fn next_line(&mut self, style: Style, indent: f32) -> (Anchor, f32) {
        self.ensure(style.line_height());
        let top = Anchor {
            page: self.pages.len() - 1,
            x: MARGIN + indent,
            y: self.y,
        };
        self.y += style.size;
        let baseline = self.y;
        self.y += style.line_height() - style.size;
        (top, baseline)
    }

    /// Draws `lines` as the text of `content`; returns where the first starts.
    fn lines(
        &mut self,
        lines: Vec<String>,
        style: Style,
        indent: f32,
        content: ContentId,
    ) -> Anchor {
        let mut first = None;
        for line in lines {
            let (top, baseline) = self.next_line(style, indent);
            first.get_or_insert(top);
            self.draw(text_op(top.x, baseline, style, line), Mark::Text(content));
        }
        first.unwrap_or(Anchor {
            page: self.pages.len() - 1,
            x: MARGIN + indent,
            y: self.y,
        })
    }

    /// A wrapped paragraph, indented by `indent`.
    pub fn paragraph(&mut self, text: &str, style: Style, indent: f32) {
        let content = self.content();
        self.blocks.push(Block::Paragraph(content));
        let lines = wrap(text, self.content_width() - indent, style);
        self.lines(lines, style, indent, content);
    }

    /// The document's title.
    pub fn title(&mut self, text: &str, style: Style) {
        self.heading_text(Level::Title, text, style);
    }

    /// A heading, kept with at least `keep` points of what follows it.
    pub fn heading(&mut self, text: &str, keep: f32) {
        let style = Style::new(12.5).bold();
        self.gap(6.0);
        self.ensure(style.line_height() + keep);
        self.heading_text(Level::Section, text, style);
        self.rule();
        self.gap(3.0);
    }

    /// A section's heading in `style`, with no rule or space around it: a label over what
    /// follows, such as the boxed warning's.
    pub fn label(&mut self, text: &str, style: Style) {
        self.heading_text(Level::Section, text, style);
    }

    fn heading_text(&mut self, level: Level, text: &str, style: Style) {
        let content = self.content();
        let lines = wrap(text, self.content_width(), style);
        let at = self.lines(lines, style, 0.0, content);
        self.blocks.push(Block::Heading {
            level,
            text: text.to_owned(),
            content,
            at,
        });
    }

    /// A list indented by `indent`, `spacing` points after each item. Each item's first line
    /// starts with the bullet.
    pub fn list<S: AsRef<str>>(
        &mut self,
        bullet: Bullet,
        items: &[S],
        style: Style,
        indent: f32,
        spacing: f32,
    ) {
        let glyph = bullet.glyph();
        let mut listed = Vec::new();
        for item in items {
            let (label, body) = (self.content(), self.content());
            listed.push(ListItem { label, body });
            let mut lines = wrap(
                &format!("{glyph}  {}", item.as_ref()),
                self.content_width() - indent,
                style,
            );
            // The bullet is drawn on its own, where it stands in the line, so that it is tagged
            // as the item's label.
            let first = lines.remove(0);
            let (top, baseline) = self.next_line(style, indent);
            self.draw(
                text_op(top.x, baseline, style, glyph.to_owned()),
                Mark::Text(label),
            );
            let rest = first.strip_prefix(glyph).unwrap_or(&first).trim_start();
            if !rest.is_empty() {
                let x = top.x + text_width(&format!("{glyph} "), style.size, style.weight);
                self.draw(
                    text_op(x, baseline, style, rest.to_owned()),
                    Mark::Text(body),
                );
            }
            self.lines(lines, style, indent, body);
            self.gap(spacing);
        }
        self.blocks.push(Block::List {
            bullet,
            items: listed,
        });
    }

    /// A thin line across the page.
    pub fn rule(&mut self) {
        let (left, right, y) = (MARGIN, self.width - MARGIN, self.y + 1.0);
        self.draw(
            Op::Line {
                points: vec![(left, y), (right, y)],
                width: 0.5,
                colour: palette::HAIRLINE,
                dashed: false,
            },
            Mark::Artifact(Artifact::Decoration),
        );
        self.y += 2.0;
    }

    /// A table: `widths` are fractions of the content width. Cells wrap; a table that does not
    /// fit continues on the next page with its header repeated, and so does a row taller than
    /// what is left of the page.
    pub fn table(&mut self, headers: &[&str], widths: &[f32], rows: &[Vec<String>], style: Style) {
        let columns: Vec<f32> = widths.iter().map(|w| w * self.content_width()).collect();
        let header_cells: Vec<ContentId> = headers.iter().map(|_| self.content()).collect();
        let header = Cells::new(
            headers,
            &columns,
            style.bold(),
            header_cells.iter().copied().map(Mark::Text).collect(),
        );
        let first = rows
            .first()
            .map_or(0, |row| tallest(&wrap_cells(row, &columns, style)));
        self.ensure(header.height(1) + Cells::height_of(first.min(3), style));
        self.cells(header.clone(), &columns, None);
        let mut row_cells = Vec::new();
        for row in rows {
            let cells: Vec<ContentId> = row.iter().map(|_| self.content()).collect();
            let marks = cells.iter().copied().map(Mark::Text).collect();
            self.cells(
                Cells::new(row, &columns, style, marks),
                &columns,
                Some(&header),
            );
            row_cells.push(cells);
        }
        self.blocks.push(Block::Table {
            header: header_cells,
            rows: row_cells,
        });
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
                    self.cells(header.repeated(), columns, None);
                }
                continue;
            }
            let take = needed.min(fitting).max(1);
            let top = self.y;
            let mut x = MARGIN;
            let style = cells.style;
            for ((lines, width), mark) in cells.lines.iter_mut().zip(columns).zip(&cells.marks) {
                let mut y = top + CELL_PADDING;
                for line in lines.drain(..take.min(lines.len())) {
                    y += style.size;
                    self.draw(text_op(x + CELL_PADDING, y, style, line), *mark);
                    y += style.line_height() - style.size;
                }
                x += width;
            }
            self.y = top + Cells::height_of(take, style);
            let (left, right, y) = (MARGIN, self.width - MARGIN, self.y);
            self.draw(
                Op::Line {
                    points: vec![(left, y), (right, y)],
                    width: 0.3,
                    colour: palette::HAIRLINE,
                    dashed: false,
                },
                Mark::Artifact(Artifact::Decoration),
            );
            if cells.height_lines() == 0 {
                return;
            }
            self.new_page();
            if let Some(header) = header {
                self.cells(header.repeated(), columns, None);
            }
        }
    }

    /// A time chart `height` points tall, drawn as vectors: a figure, described in words.
    pub fn finish(self) -> LaidOut {
        LaidOut {
            pages: self.pages,
            blocks: self.blocks,
            contents: self.contents,
        }
    }
}

pub(super) fn text_op(x: f32, y: f32, style: Style, text: String) -> Op {
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
                .all(|line| text_width(line.trim_end(), 10.0, Weight::Regular) <= 150.0)
        );
        assert_eq!(
            lines.concat(),
            text,
            "every word, and the spaces between them"
        );
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
        let pages = layout.finish().pages;
        assert!(pages.len() > 1);
        let bottom = Paper::A4.size().1 - MARGIN - FOOTER_HEIGHT;
        let mut text = String::new();
        for page in &pages {
            for drawn in &page.ops {
                if let Op::Text { y, text: line, .. } = &drawn.op {
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
        let laid_out = layout.finish();
        let pages = &laid_out.pages;
        assert!(pages.len() > 2, "{} pages", pages.len());
        for (index, page) in pages.iter().enumerate() {
            let first_text = page.ops.iter().find_map(|drawn| match &drawn.op {
                Op::Text { text, .. } => Some((text.as_str(), drawn.mark)),
                _ => None,
            });
            let header = if index == 0 {
                Mark::Text(ContentId(0))
            } else {
                Mark::Artifact(Artifact::RepeatedHeader)
            };
            assert_eq!(first_text, Some(("Date", header)), "page {}", index + 1);
            let bottom = Paper::A4.size().1 - MARGIN - FOOTER_HEIGHT;
            assert!(
                page.ops
                    .iter()
                    .all(|drawn| !matches!(drawn.op, Op::Text { y, .. } if y > bottom))
            );
        }
        let [Block::Table { header, rows }] = laid_out.blocks.as_slice() else {
            panic!("one table: {:?}", laid_out.blocks);
        };
        assert_eq!(header.len(), 2, "one header row, however many pages");
        assert_eq!(rows.len(), 200);
    }

    #[test]
    fn content_is_marked_as_what_it_is_and_rules_as_decoration() {
        let mut layout = Layout::new(Paper::A4);
        layout.title("Summary", Style::new(16.0).bold());
        layout.heading("Findings", 20.0);
        layout.paragraph("No findings.", Style::new(9.5), 0.0);
        let laid_out = layout.finish();
        let marks: Vec<Mark> = laid_out.pages[0].ops.iter().map(|d| d.mark).collect();
        assert_eq!(
            marks,
            [
                Mark::Text(ContentId(0)),
                Mark::Text(ContentId(1)),
                Mark::Artifact(Artifact::Decoration),
                Mark::Text(ContentId(2)),
            ]
        );
        assert!(matches!(
            laid_out.blocks.as_slice(),
            [
                Block::Heading {
                    level: Level::Title,
                    ..
                },
                Block::Heading {
                    level: Level::Section,
                    ..
                },
                Block::Paragraph(ContentId(2)),
            ]
        ));
        assert_eq!(laid_out.contents, 3);
    }

    #[test]
    fn a_list_item_draws_its_bullet_apart_and_its_text_where_the_line_had_it() {
        let style = Style::new(13.0);
        let item = "Signs of liver problems: dark urine, feeling very tired, not feeling hungry, \
                    nausea, belly pain, light-colored stools, vomiting, or yellow skin or eyes.";
        let mut layout = Layout::new(Paper::A4);
        layout.list(Bullet::Dot, &[item], style, 8.0, 3.0);
        let laid_out = layout.finish();
        let texts: Vec<(f32, &str, Mark)> = laid_out.pages[0]
            .ops
            .iter()
            .filter_map(|drawn| match &drawn.op {
                Op::Text { x, text, .. } => Some((*x, text.as_str(), drawn.mark)),
                _ => None,
            })
            .collect();
        let (label, body) = (Mark::Text(ContentId(0)), Mark::Text(ContentId(1)));
        assert_eq!(texts[0], (MARGIN + 8.0, "•", label));
        let after_bullet = MARGIN + 8.0 + text_width("• ", 13.0, Weight::Regular);
        assert_eq!((texts[1].0, texts[1].2), (after_bullet, body));
        assert!(
            texts[2..]
                .iter()
                .all(|t| t.0 == MARGIN + 8.0 && t.2 == body)
        );
        let read: String = texts[1..].iter().map(|t| t.1).collect();
        assert_eq!(read, item);
    }
}
