//! The reader's state machine: what is open ([`super::frames`]), the caps on what is
//! kept, and what each element's end finishes; what a start tag is, [`super::start`] decides.

use crate::model::{Block, Cell, CellRef, Document, Merge, ReadNote, Row};

use super::frames::{Container, Field, Frame, OpenCell, OpenPara, OpenRun, OpenTable};
use super::styles::Styles;
use super::{MAX_CELLS, MAX_NOTES, MAX_NOTES_PER_CELL, MAX_PARAGRAPHS};

pub(super) struct Machine {
    pub(super) doc: Document,
    pub(super) styles: Styles,
    /// `styles.hides_nothing()`, computed once: most documents hide nothing by style.
    pub(super) styles_hide: bool,
    pub(super) frames: Vec<Frame>,
    pub(super) containers: Vec<Container>,
    pub(super) tables: Vec<OpenTable>,
    pub(super) paras: Vec<OpenPara>,
    pub(super) runs: Vec<OpenRun>,
    pub(super) fields: Vec<Field>,
    /// Per open `mc:AlternateContent`: whether a branch has been read.
    pub(super) alternates: Vec<bool>,
    /// Per open `w:sdt`: whether it shows its placeholder (`w:showingPlcHdr`).
    pub(super) sdts: Vec<bool>,
    /// Rows and cells begun so far, over all tables ([`MAX_ROWS`](super::MAX_ROWS), [`MAX_CELLS`]).
    pub(super) rows: usize,
    pub(super) cells: usize,
    /// Body paragraphs kept ([`MAX_PARAGRAPHS`]).
    pub(super) paragraphs: usize,
    /// A cap passed: where, and which; the read stops at the next event.
    pub(super) over: Option<(u64, String)>,
    /// Notes not kept ([`MAX_NOTES`]), and the offset of the first of them.
    pub(super) notes_dropped: usize,
    pub(super) first_dropped: u64,
}

impl Machine {
    pub(super) fn new(styles: Styles) -> Self {
        let styles_hide = !styles.hides_nothing();
        Machine {
            doc: Document::default(),
            styles,
            styles_hide,
            frames: Vec::with_capacity(64),
            containers: Vec::new(),
            tables: Vec::new(),
            paras: Vec::new(),
            runs: Vec::new(),
            fields: Vec::new(),
            alternates: Vec::new(),
            sdts: Vec::new(),
            rows: 0,
            cells: 0,
            paragraphs: 0,
            over: None,
            notes_dropped: 0,
            first_dropped: 0,
        }
    }

    /// Whether `n` things already kept reach the cap `max`; if so the read is stopped
    /// (at the first such offset).
    pub(super) fn over_cap(&mut self, n: usize, max: usize, what: &str, offset: u64) -> bool {
        if n < max {
            return false;
        }
        if self.over.is_none() {
            self.over = Some((
                offset,
                format!(
                    "more than {max} {what}: not a report nianbao reads (a cap that bounds memory)"
                ),
            ));
        }
        true
    }

    pub(super) fn top(&self) -> Option<Frame> {
        self.frames.last().copied()
    }

    /// Inside a subtree skipped whole: its elements are only counted.
    pub(super) fn in_skip(&self) -> bool {
        self.top() == Some(Frame::Skip)
    }

    pub(super) fn in_text(&self) -> bool {
        self.top() == Some(Frame::Text)
    }

    pub(super) fn push_text(&mut self, s: &str) {
        // Text between a field's begin and separate is its instruction (`=SUM(LEFT)`),
        // never its result.
        if self.fields.iter().any(|f| f.in_instruction) {
            return;
        }
        if let Some(run) = self.runs.last() {
            // A run outside any paragraph of its own (malformed) has nowhere to go.
            if run.paras > 0
                && run.paras == self.paras.len()
                && let Some(p) = self.paras.last_mut()
            {
                p.text.push_str(s);
            }
        }
    }

    /// The innermost open cell, if the innermost container is a cell.
    pub(super) fn cell_mut(&mut self) -> Option<&mut OpenCell> {
        match self.containers.last() {
            Some(Container::Cell) => self.tables.last_mut()?.row.as_mut()?.cell.as_mut(),
            _ => None,
        }
    }

    pub(super) fn cell_ref(&self) -> Option<CellRef> {
        if !matches!(self.containers.last(), Some(Container::Cell)) {
            return None;
        }
        let t = self.tables.last()?;
        let row = t.row.as_ref()?;
        let cell = row.cell.as_ref()?;
        Some(CellRef {
            table: t.index,
            row: row.row.index,
            cell: cell.cell.index,
        })
    }

    /// Keeps a note, or counts it past the caps; `message` is made only for a note kept
    /// (millions of unknown elements cost no formatting).
    pub(super) fn note(&mut self, offset: u64, message: impl FnOnce() -> String) {
        let cell = self.cell_ref();
        let full = self.doc.notes.len() >= MAX_NOTES;
        let cell_full = match self.cell_mut() {
            Some(c) if !full && c.notes < MAX_NOTES_PER_CELL => {
                c.notes += 1;
                false
            }
            Some(_) => true,
            None => false,
        };
        if full || cell_full {
            if self.notes_dropped == 0 {
                self.first_dropped = offset;
            }
            self.notes_dropped += 1;
            return;
        }
        self.doc.notes.push(ReadNote {
            offset,
            cell,
            message: message(),
        });
    }

    /// A `w:tc` starts in the innermost open row: false when there is none to hold it
    /// (a cell outside a row, or inside another cell of it), and the cell is skipped.
    pub(super) fn begin_cell(&mut self, offset: u64) -> bool {
        if self.over_cap(self.cells, MAX_CELLS, "table cells", offset) {
            return false;
        }
        match self.tables.last_mut().and_then(|t| t.row.as_mut()) {
            Some(row) if row.cell.is_none() => {
                self.cells += 1;
                let index = row.row.cells.len();
                row.cell = Some(OpenCell {
                    cell: Cell {
                        index,
                        span: 1,
                        ..Cell::default()
                    },
                    paragraphs: 0,
                    notes: 0,
                });
                self.containers.push(Container::Cell);
                true
            }
            _ => false,
        }
    }

    /// A `w:p` starts, its start tag at `at` with a name of `name_len` bytes.
    pub(super) fn begin_para(&mut self, at: usize, name_len: usize) {
        // `<`, then the prefix and its colon, then `p`.
        let pfx = at + 1..at + name_len;
        self.paras.push(OpenPara {
            pfx,
            ..OpenPara::default()
        });
    }

    /// A `w:r` starts: its text will go into the innermost paragraph.
    pub(super) fn begin_run(&mut self) {
        let paras = self.paras.len();
        let mark = self.paras.last().map_or(0, |p| p.text.len());
        self.runs.push(OpenRun {
            paras,
            mark,
            vanish: None,
            style: None,
        });
    }

    /// Finishes what a frame built.
    pub(super) fn end(&mut self, f: Frame) {
        match f {
            Frame::Through | Frame::Skip | Frame::Text => {}
            Frame::ParaProps | Frame::RunProps | Frame::RowProps | Frame::CellProps => {}
            Frame::Alternate => {
                self.alternates.pop();
            }
            Frame::Sdt => {
                self.sdts.pop();
            }
            Frame::SdtProps => {}
            Frame::Story => {
                self.containers.pop();
            }
            Frame::Run => {
                let Some(run) = self.runs.pop() else { return };
                if run.paras == 0 || run.paras != self.paras.len() {
                    return;
                }
                let Some(para) = self.paras.last_mut() else {
                    return;
                };
                let hidden = match run.vanish {
                    Some(v) => v,
                    None if self.styles_hide => {
                        self.styles
                            .hidden(None, run.style.as_deref(), para.style.as_deref())
                    }
                    None => false,
                };
                if hidden {
                    para.text.truncate(run.mark);
                }
            }
            Frame::Para => {
                let Some(para) = self.paras.pop() else { return };
                match self.containers.last() {
                    Some(Container::Cell) => {
                        if let Some(c) = self.cell_mut() {
                            if c.paragraphs > 0 {
                                c.cell.text.push('\n');
                            }
                            c.cell.text.push_str(&para.text);
                            c.paragraphs += 1;
                        }
                    }
                    _ => {
                        if !para.text.is_empty() {
                            // `pfx` starts after the `<` of the paragraph's start tag.
                            let at = para.pfx.start.saturating_sub(1) as u64;
                            let n = self.paragraphs;
                            if !self.over_cap(n, MAX_PARAGRAPHS, "paragraphs", at) {
                                self.paragraphs += 1;
                                self.doc.blocks.push(Block::Paragraph(para.text));
                            }
                        }
                    }
                }
            }
            Frame::Cell => {
                self.containers.pop();
                if let Some(row) = self.tables.last_mut().and_then(|t| t.row.as_mut())
                    && let Some(c) = row.cell.take()
                {
                    row.row.cells.push(c.cell);
                }
            }
            Frame::Row => {
                if let Some(t) = self.tables.last_mut()
                    && let Some(open) = t.row.take()
                    && !open.deleted
                {
                    let mut row = open.row;
                    row.index = t.rows.len();
                    fold_hmerge(&mut row);
                    t.rows.push(row);
                }
            }
            Frame::Table => {
                if let Some(t) = self.tables.pop()
                    && let Some(slot) = self.doc.tables.get_mut(t.index)
                {
                    slot.rows = t.rows;
                }
            }
        }
    }
}

/// Legacy horizontal merges (`w:hMerge`, from old converted files): a restart cell
/// and the continue cells after it are one cell of the summed span, as Word shows it.
/// Every cell's grid column is then set from `w:gridBefore` and the spans before it.
fn fold_hmerge(row: &mut Row) {
    if row.cells.iter().any(|c| c.hmerge == Merge::Continue) {
        let mut cells: Vec<Cell> = Vec::with_capacity(row.cells.len());
        for c in row.cells.drain(..) {
            match cells.last_mut() {
                Some(prev) if c.hmerge == Merge::Continue && prev.hmerge != Merge::None => {
                    prev.span += c.span;
                    // A continue cell's own text is not shown by Word; keep it rather
                    // than lose it, after the restart cell's.
                    if !c.text.trim().is_empty() {
                        prev.text.push('\n');
                        prev.text.push_str(&c.text);
                    }
                }
                _ => cells.push(c),
            }
        }
        row.cells = cells;
    }
    let mut col = row.grid_before;
    for c in &mut row.cells {
        c.col = col;
        col += c.span;
    }
}
