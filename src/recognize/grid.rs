//! The grid view of a table part: each physical cell with the grid columns it covers,
//! and — for labels only — the text a vertically merged cell shows.
//!
//! A `w:vMerge` continue cell is empty in the XML; Word shows the text of the restart
//! cell above. For a label that text matters (`（三）不予公开` spans eight rows), so
//! [`GCell::label`] carries it down; a value cell's raw text is always its own.
//! Parts of a table split by a page break are resolved as one run of rows, so the
//! second part's first rows (continue cells with no restart in their own table) still
//! inherit the label from the first part.

use crate::model::{CellRef, Merge, Table};
use crate::text::label_head_key;

#[derive(Debug, Clone)]
pub struct GCell {
    /// First grid column covered.
    pub col: usize,
    /// Grid columns covered (≥ 1).
    pub span: usize,
    /// The physical cell's own text, verbatim.
    pub text: String,
    /// Comparison form of the text the cell shows: its own, or for a vMerge continue
    /// cell the restart cell's above it.
    pub label: String,
    /// Comparison form of the cell's own text, bracketed notes left out
    /// ([`label_head_key`]).
    pub own: String,
    pub vcont: bool,
    pub at: CellRef,
}

impl GCell {
    pub fn covers(&self, g: usize) -> bool {
        g >= self.col && g - self.col < self.span
    }
}

#[derive(Debug, Clone)]
pub struct GRow {
    pub cells: Vec<GCell>,
}

impl GRow {
    /// The cell covering grid column `g`.
    pub fn at(&self, g: usize) -> Option<&GCell> {
        self.cells.iter().find(|c| c.covers(g))
    }

    /// Grid width of the row (last covered column + 1).
    pub fn width(&self) -> usize {
        self.cells
            .iter()
            .map(|c| c.col.saturating_add(c.span))
            .max()
            .unwrap_or(0)
    }

    /// All cells' comparison forms joined, for keyword tests on the whole row.
    pub fn key_text(&self) -> String {
        self.cells
            .iter()
            .map(|c| c.own.as_str())
            .collect::<Vec<_>>()
            .join("|")
    }

    /// A caption row (`表三：收到和处理政府信息公开申请情况`): one physical cell with
    /// the table's title.
    pub fn is_caption(&self) -> bool {
        let nonblank: Vec<&GCell> = self.cells.iter().filter(|c| !c.own.is_empty()).collect();
        self.cells.len() == 1
            && nonblank.len() == 1
            && (nonblank[0].own.starts_with('表') || nonblank[0].own.ends_with("情况"))
    }
}

/// Resolves `tables` (the consecutive parts of one logical table) into grid rows.
/// `prev` is the last row of the part before, for merges that continue across a split.
pub fn resolve(table: &Table, prev: Option<&GRow>) -> Vec<GRow> {
    let mut out: Vec<GRow> = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        let mut cells = Vec::with_capacity(row.cells.len());
        for c in &row.cells {
            let own = label_head_key(&c.text);
            let vcont = c.vmerge == Merge::Continue;
            let above = out.last().or(prev);
            let label = if vcont && own.is_empty() {
                above
                    .and_then(|r| r.cells.iter().find(|a| a.col == c.col))
                    .map(|a| a.label.clone())
                    .unwrap_or_default()
            } else {
                own.clone()
            };
            cells.push(GCell {
                col: c.col,
                span: c.span.max(1),
                text: c.text.clone(),
                label,
                own,
                vcont,
                at: CellRef {
                    table: table.index,
                    row: row.index,
                    cell: c.index,
                },
            });
        }
        out.push(GRow { cells });
    }
    out
}
