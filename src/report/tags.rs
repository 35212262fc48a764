//! Tagged PDF: wraps what is drawn in marked content (the content of the document's structure,
//! or artifacts a reader skips), then builds krilla's tag tree and the outline from the
//! structure, in reading order.

use std::num::NonZeroU16;

use krilla::destination::XyzDestination;
use krilla::geom::Point;
use krilla::outline::{Outline, OutlineNode};
use krilla::surface::Surface;
use krilla::tagging::{
    ArtifactType, ContentTag, Identifier, ListNumbering, Node, SpanTag, TableHeaderScope, Tag,
    TagGroup, TagKind, TagTree,
};

use super::structure::{Artifact, Block, Bullet, ContentId, Level, Mark};

/// Marks what is drawn, page by page, and remembers which marked content shows which content.
pub struct Tagger {
    /// For each piece of content, its marked content on the pages, in order.
    shown: Vec<Vec<Identifier>>,
    /// The marked content being drawn into, and whether what follows with the same mark may join
    /// it.
    open: Option<(Mark, bool)>,
}

impl Tagger {
    /// A tagger for a document of `contents` pieces of content.
    pub fn new(contents: usize) -> Self {
        Tagger {
            shown: vec![Vec::new(); contents],
            open: None,
        }
    }

    /// Makes what is drawn next on `surface` marked as `mark`. Consecutive drawings with one mark
    /// share their marked content; text that is shown other than it reads (`read`, see
    /// `fonts::printable`) gets its own, which carries what it reads.
    pub fn mark(&mut self, surface: &mut Surface, mark: Mark, read: Option<&str>) {
        if read.is_none() && self.open == Some((mark, true)) {
            return;
        }
        self.close(surface);
        let identifier = match mark {
            Mark::Text(_) => {
                surface.start_tagged(ContentTag::Span(SpanTag::empty().with_actual_text(read)))
            }
            Mark::Figure(_) => surface.start_tagged(ContentTag::Other),
            Mark::Artifact(artifact) => surface.start_tagged(ContentTag::Artifact(
                krilla::tagging::Artifact::with_kind(artifact_type(artifact)),
            )),
        };
        if let Mark::Text(content) | Mark::Figure(content) = mark {
            self.shown[content.0].push(identifier);
        }
        self.open = Some((mark, read.is_none()));
    }

    /// Ends the marked content being drawn into: at the end of a page.
    pub fn close(&mut self, surface: &mut Surface) {
        if self.open.take().is_some() {
            surface.end_tagged();
        }
    }

    /// The tag tree of `blocks`, whose content this tagger marked.
    pub fn tree(mut self, blocks: &[Block]) -> TagTree {
        let mut tree = TagTree::new();
        for block in blocks {
            tree.push(self.group(block));
        }
        tree
    }

    fn group(&mut self, block: &Block) -> TagGroup {
        match block {
            Block::Heading {
                level,
                text,
                content,
                ..
            } => {
                let rank = match level {
                    Level::Title => NonZeroU16::MIN,
                    Level::Section => NonZeroU16::MIN.saturating_add(1),
                };
                self.leaf(Tag::Hn(rank, Some(text.clone())), *content)
            }
            Block::Paragraph(content) => self.leaf(Tag::P, *content),
            Block::List { bullet, items } => {
                let numbering = match bullet {
                    Bullet::Dot => ListNumbering::Disc,
                    Bullet::Checkbox => ListNumbering::None,
                };
                let items = items
                    .iter()
                    .map(|item| {
                        let parts = vec![
                            self.leaf(Tag::Lbl, item.label).into(),
                            self.leaf(Tag::LBody, item.body).into(),
                        ];
                        TagGroup::with_children(Tag::LI, parts).into()
                    })
                    .collect();
                TagGroup::with_children(Tag::L(numbering), items)
            }
            Block::Table { header, rows } => {
                let header = self.row(header, || Tag::TH(TableHeaderScope::Column).into());
                let mut table = vec![header.into()];
                for row in rows {
                    table.push(self.row(row, || Tag::TD.into()).into());
                }
                TagGroup::with_children(Tag::Table, table)
            }
            Block::Figure { alt, content } => self.leaf(Tag::Figure(Some(alt.clone())), *content),
        }
    }

    fn row(&mut self, cells: &[ContentId], cell: impl Fn() -> TagKind) -> TagGroup {
        let cells = cells
            .iter()
            .map(|&content| self.leaf(cell(), content).into())
            .collect();
        TagGroup::with_children(Tag::TR, cells)
    }

    /// A structure element of `content`'s marked content.
    fn leaf(&mut self, tag: impl Into<TagKind>, content: ContentId) -> TagGroup {
        let shown = std::mem::take(&mut self.shown[content.0]);
        TagGroup::with_children(tag, shown.into_iter().map(Node::from).collect())
    }
}

/// Page furniture as PDF knows it: running headers and footers are pagination artifacts.
fn artifact_type(artifact: Artifact) -> ArtifactType {
    match artifact {
        Artifact::Decoration => ArtifactType::Layout,
        Artifact::RepeatedHeader => ArtifactType::PaginationOther,
        Artifact::PageHeader => ArtifactType::Header,
        Artifact::PageFooter => ArtifactType::Footer,
    }
}

/// The outline (bookmarks): the title, and under it each section where its heading stands.
pub fn outline(blocks: &[Block]) -> Outline {
    let mut outline = Outline::new();
    let mut title: Option<OutlineNode> = None;
    for block in blocks {
        let Block::Heading {
            level, text, at, ..
        } = block
        else {
            continue;
        };
        let node = OutlineNode::new(
            text.clone(),
            XyzDestination::new(at.page, Point::from_xy(at.x, at.y)),
        );
        match level {
            Level::Title => {
                if let Some(previous) = title.replace(node.with_open(true)) {
                    outline.push_child(previous);
                }
            }
            Level::Section => match &mut title {
                Some(title) => title.push_child(node),
                None => outline.push_child(node),
            },
        }
    }
    if let Some(title) = title {
        outline.push_child(title);
    }
    outline
}
