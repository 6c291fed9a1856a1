//! The reader's output: a document as Word shows it, before anything is recognized.
//!
//! `read` fills these types from the main part; `recognize` and `metadata` consume them.
//! Nothing here knows about the report template: a [`Table`] is rows of [`Cell`]s with
//! their text and their place in the table grid, a [`Block::Paragraph`] is a line of text.

use serde::Serialize;

/// One main document part, read.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Document {
    /// Body-level content in document order: paragraphs and (top-level or text-box)
    /// tables. Paragraphs inside table cells are not repeated here; they are in the cell.
    pub blocks: Vec<Block>,
    /// Every table of the document, nested ones included, in the order their `w:tbl`
    /// starts. `tables[i].index == i`.
    pub tables: Vec<Table>,
    /// Things the reader met and could not read as text, for a person to check
    /// (an unknown wrapper element inside a cell, say). Never silently dropped.
    pub notes: Vec<ReadNote>,
    /// `w:altChunk`s met, in document order: content kept as another part (HTML, MHT,
    /// RTF) that [`crate::read::altchunk`] reads and splices in where it stands.
    pub embedded: Vec<Embedded>,
}

/// A `w:altChunk`: where it stands and the relationship naming its part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Embedded {
    /// Its `r:id`, a relationship of the main part.
    pub id: String,
    /// How many [`Document::blocks`] come before it.
    pub block: usize,
    /// How many tables start before it.
    pub tables: usize,
    /// Byte offset of the `w:altChunk` in the main part.
    pub offset: u64,
    /// The cell it is in, if any.
    pub cell: Option<CellRef>,
}

/// A piece of body content, in document order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Block {
    /// The visible text of one `w:p` (runs joined; `w:tab` as `\t`, `w:br`/`w:cr` as `\n`).
    Paragraph(String),
    /// A table, by its index in [`Document::tables`].
    Table(usize),
}

/// One `w:tbl`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Table {
    /// 0-based index in [`Document::tables`] (document order of the `w:tbl` start tags).
    pub index: usize,
    /// For a nested table: the cell that holds it.
    pub parent: Option<CellRef>,
    /// Byte offset of the `<w:tbl>` start tag in the main part.
    pub offset: u64,
    /// Rows in document order (rows inside `w:sdt` and `w:customXml` included).
    pub rows: Vec<Row>,
}

/// Where a cell is: table index, row index in the table, cell index in the row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct CellRef {
    pub table: usize,
    pub row: usize,
    pub cell: usize,
}

/// One `w:tr`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Row {
    /// 0-based index of this row in its table.
    pub index: usize,
    /// `w:trPr/w:gridBefore`: grid columns skipped before the first cell.
    pub grid_before: usize,
    /// `w:trPr/w:gridAfter`: grid columns left empty after the last cell.
    pub grid_after: usize,
    /// `w:trPr/w:tblHeader`: the row repeats as a header on each page.
    pub header: bool,
    pub cells: Vec<Cell>,
}

/// One `w:tc`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Cell {
    /// 0-based index of this `w:tc` among the row's cells (physical, not grid).
    pub index: usize,
    /// First grid column the cell covers (0-based, after `w:gridBefore` and the spans
    /// of the cells before it).
    pub col: usize,
    /// Grid columns covered: `w:gridSpan` (1 when absent), or the run of a legacy
    /// `w:hMerge` restart and its continues when the reader folds them.
    pub span: usize,
    /// `w:vMerge`: `Restart` for `w:val="restart"`, `Continue` for `w:val="continue"`
    /// or a bare `<w:vMerge/>` (the schema default is continue).
    pub vmerge: Merge,
    /// Legacy `w:hMerge` as written (old converted files).
    pub hmerge: Merge,
    /// Visible text, verbatim: padding (NBSP, U+3000, spaces) kept; paragraphs joined
    /// with `\n`; `w:tab` as `\t`, `w:br`/`w:cr` as `\n`.
    pub text: String,
    /// Tables nested in this cell, by index in [`Document::tables`].
    pub nested: Vec<usize>,
    /// In a page (HTML): the 1-based line of the cell's `<td>`/`<th>` start tag (for a
    /// slot covered by a `rowspan` from above, the covering cell's). `None` for OOXML.
    pub line: Option<u32>,
}

/// A merge mark on a cell.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub enum Merge {
    #[default]
    None,
    Restart,
    Continue,
}

/// Something the reader met that it could not turn into text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReadNote {
    /// Byte offset in the main part.
    pub offset: u64,
    /// The cell it was in, if any.
    pub cell: Option<CellRef>,
    /// What it was, e.g. "unknown element {ns}name inside a run wrapper".
    pub message: String,
}

impl Document {
    /// The text of every body paragraph, in order (for metadata).
    pub fn paragraphs(&self) -> impl Iterator<Item = &str> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Paragraph(p) => Some(p.as_str()),
            Block::Table(_) => None,
        })
    }
}
