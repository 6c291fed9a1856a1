//! What the state machine keeps per open element: the [`Frame`] an element pushes, and
//! what an open table, row, cell, paragraph, run or field has built so far.

use crate::model::{Cell, Row};

/// What one open element is, and so what its end tag finishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Frame {
    /// An element read through: its children are read as if they were its parent's.
    Through,
    /// An element whose whole subtree is ignored (deleted text, properties we do not
    /// need, field instructions, the unchosen branch of `mc:AlternateContent`).
    Skip,
    /// `w:body` or `w:txbxContent`: a story whose paragraphs become [`Block`](crate::model::Block)s.
    Story,
    /// `w:tbl`: a table of its own, nested or not.
    Table,
    /// `w:tr`.
    Row,
    /// `w:tc`: a container of paragraphs.
    Cell,
    /// `w:p`.
    Para,
    /// `w:r`.
    Run,
    /// `w:t`: its character data is text.
    Text,
    /// `w:pPr`: only `w:pStyle` is read.
    ParaProps,
    /// `w:rPr` of a run: `w:rStyle` and `w:vanish` are read.
    RunProps,
    /// `w:trPr`: `w:gridBefore`, `w:gridAfter`, `w:tblHeader`, `w:del`.
    RowProps,
    /// `w:tcPr`: `w:gridSpan`, `w:vMerge`, `w:hMerge`.
    CellProps,
    /// `mc:AlternateContent`: the first branch is read, the others skipped.
    Alternate,
    /// `w:sdt`: a content control, read through unless it shows its placeholder.
    Sdt,
    /// `w:sdtPr` of a content control: `w:showingPlcHdr` is read.
    SdtProps,
}

impl Frame {
    /// For a frame whose subtree may be jumped over ([`subtree_end`](crate::xml::subtree_end)): the local names
    /// of the children [`Machine::start`](super::machine::Machine::start) reads in it (their presence means the subtree
    /// is tokenized). These lists and `start`'s match arms name the same elements.
    pub(super) fn jumpable(self) -> Option<&'static [&'static str]> {
        match self {
            Frame::Skip => Some(&[]),
            Frame::ParaProps => Some(&["pStyle"]),
            Frame::RunProps => Some(&["rStyle", "vanish"]),
            Frame::RowProps => Some(&["gridBefore", "gridAfter", "tblHeader", "del"]),
            Frame::CellProps => Some(&["gridSpan", "vMerge", "hMerge"]),
            Frame::SdtProps => Some(&["showingPlcHdr"]),
            _ => None,
        }
    }
}

/// Where a finished paragraph's text goes.
#[derive(Debug, Clone, Copy)]
pub(super) enum Container {
    Story,
    /// A cell of the innermost open table.
    Cell,
}

#[derive(Debug, Default)]
pub(super) struct OpenPara {
    pub(super) text: String,
    pub(super) style: Option<String>,
    /// Where the prefix of the paragraph's own name (`w` of `<w:p>`) lies in the part:
    /// its runs are named with it ([`InPlace::runs`](super::in_place::InPlace::runs)).
    pub(super) pfx: std::ops::Range<usize>,
}

/// A run's text goes straight into its paragraph (no buffer per run); a hidden run
/// is cut back out at its end, from `mark`.
#[derive(Debug, Default)]
pub(super) struct OpenRun {
    /// How many paragraphs were open when the run started: its own is the last of them.
    pub(super) paras: usize,
    /// Length of the paragraph's text when the run started.
    pub(super) mark: usize,
    pub(super) vanish: Option<bool>,
    pub(super) style: Option<String>,
}

#[derive(Debug)]
pub(super) struct OpenTable {
    pub(super) index: usize,
    pub(super) rows: Vec<Row>,
    pub(super) row: Option<OpenRow>,
    /// Cells [`InPlace::cells`](super::in_place::InPlace::cells) lets pass without trying, after one it could not read in
    /// place; doubled at each such cell in a row (up to [`MAX_BACKOFF`]), and back to
    /// none at one it could. A writer that gives every cell something not read in
    /// place (a paragraph style, say) would otherwise have each scanned twice.
    pub(super) skip: u16,
    pub(super) backoff: u16,
}

/// See [`OpenTable::skip`].
pub(super) const MAX_BACKOFF: u16 = 32;

#[derive(Debug, Default)]
pub(super) struct OpenRow {
    pub(super) row: Row,
    pub(super) deleted: bool,
    pub(super) cell: Option<OpenCell>,
    /// Where the prefix of the row's own name lies in the part ([`InPlace::cells`](super::in_place::InPlace::cells)).
    pub(super) pfx: std::ops::Range<usize>,
}

#[derive(Debug, Default)]
pub(super) struct OpenCell {
    pub(super) cell: Cell,
    pub(super) paragraphs: usize,
    /// Notes kept for this cell ([`MAX_NOTES_PER_CELL`](super::MAX_NOTES_PER_CELL)).
    pub(super) notes: usize,
}

/// A complex field (`w:fldChar`) being read: in its instruction until `separate`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Field {
    pub(super) in_instruction: bool,
}
