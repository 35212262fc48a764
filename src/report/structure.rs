//! What a laid-out document means, for the tagged PDF: its headings, paragraphs, lists, tables
//! and figures in reading order, and for everything drawn, which of them it shows or that it is
//! decoration a reader skips.

/// One piece of the document's content (a paragraph, a table cell, a chart), drawn in one place
/// or more: a paragraph can continue on the next page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContentId(pub usize);

/// What something drawn is to a reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Text of a piece of content.
    Text(ContentId),
    /// Part of a figure's drawing: its lines, areas and labels.
    Figure(ContentId),
    /// Not content: read by no one, left out of the structure.
    Artifact(Artifact),
}

/// The kinds of drawing that are not content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Artifact {
    /// Rules under headings and between table rows.
    Decoration,
    /// A table's header row drawn again on the page the table continues on.
    RepeatedHeader,
    /// The page header: the patient and the document.
    PageHeader,
    /// The page footer: when it was printed, the page number.
    PageFooter,
}

/// A heading's rank.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// The document's title (H1).
    Title,
    /// A section (H2).
    Section,
}

/// The mark before each item of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bullet {
    Dot,
    /// A box to tick on paper.
    Checkbox,
}

impl Bullet {
    pub fn glyph(self) -> &'static str {
        match self {
            Bullet::Dot => "•",
            Bullet::Checkbox => "☐",
        }
    }
}

/// Where something starts on the pages: page index, and x and y in points from the page's
/// top-left corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Anchor {
    pub page: usize,
    pub x: f32,
    pub y: f32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ListItem {
    pub label: ContentId,
    pub body: ContentId,
}

/// A block of the document, in reading order.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading {
        level: Level,
        text: String,
        content: ContentId,
        /// Where the outline entry leads.
        at: Anchor,
    },
    Paragraph(ContentId),
    List {
        bullet: Bullet,
        items: Vec<ListItem>,
    },
    Table {
        header: Vec<ContentId>,
        rows: Vec<Vec<ContentId>>,
    },
    Figure {
        /// What the figure shows, in words, for those who cannot see it.
        alt: String,
        content: ContentId,
    },
}
