//! The grid view of a table part: each physical cell with the grid columns it covers,
//! and — for labels only — the text a vertically merged cell shows.
//!
//! A `w:vMerge` continue cell is empty in the XML; Word shows the text of the restart
//! cell above. For a label that text matters (`（三）不予公开` spans eight rows), so
//! [`GCell::label`] carries it down; a value cell's raw text is always its own.
//! Parts of a table split by a page break are resolved as one run of rows, so the
//! second part's first rows (continue cells with no restart in their own table) still
//! inherit the label from the first part.

use std::borrow::Cow;

use crate::model::{CellRef, Merge, Table};
use crate::text::label_head_key;

/// A cell of the grid view, borrowing its text from the [`Table`] it was resolved from
/// (a figure's comparison form is its own text, borrowed too: most cells own nothing).
#[derive(Debug, Clone)]
pub struct GCell<'a> {
    /// First grid column covered.
    pub col: usize,
    /// Grid columns covered (≥ 1).
    pub span: usize,
    /// The physical cell's own text, verbatim.
    pub text: &'a str,
    /// For a vMerge continue cell with no text of its own, the comparison form of the
    /// text Word shows there: the restart cell's above it ([`GCell::label`]).
    pub inherited: Option<Cow<'a, str>>,
    /// Comparison form of the cell's own text, bracketed notes left out
    /// ([`label_head_key`]).
    pub own: Cow<'a, str>,
    pub vcont: bool,
    pub at: CellRef,
    /// The line of the cell's start tag in a page ([`crate::model::Cell::line`]).
    pub line: Option<u32>,
}

impl GCell<'_> {
    /// Comparison form of the text the cell shows: its own, or for a vMerge continue
    /// cell the restart cell's above it.
    pub fn label(&self) -> &str {
        self.inherited.as_deref().unwrap_or(&self.own)
    }

    pub fn covers(&self, g: usize) -> bool {
        g >= self.col && g - self.col < self.span
    }
}

#[derive(Debug, Clone)]
pub struct GRow<'a> {
    pub cells: Vec<GCell<'a>>,
}

impl<'a> GRow<'a> {
    /// The cell covering grid column `g`.
    pub fn at(&self, g: usize) -> Option<&GCell<'a>> {
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

    /// Appends all cells' comparison forms to `out`, `|`-joined (each after a `|` when
    /// `out` is not empty), for keyword tests on a whole row or table.
    pub fn push_key_text(&self, out: &mut String) {
        for c in &self.cells {
            if !out.is_empty() {
                out.push('|');
            }
            out.push_str(&c.own);
        }
    }

    /// Whether any cell's comparison form holds one of `words` (Chinese words: cells of
    /// ASCII text, figures, are passed over): a keyword test on the whole row (no word
    /// holds `|`, so none spans two cells of the joined text).
    pub fn says_any(&self, words: &[&str]) -> bool {
        self.cells
            .iter()
            .filter(|c| !c.own.is_ascii())
            .any(|c| words.iter().any(|w| c.own.contains(w)))
    }

    /// A caption row (`表三：收到和处理政府信息公开申请情况`): one physical cell with
    /// the table's title.
    pub fn is_caption(&self) -> bool {
        match self.cells.as_slice() {
            [only] => {
                !only.own.is_empty() && (only.own.starts_with('表') || only.own.ends_with("情况"))
            }
            _ => false,
        }
    }
}

/// The longest comparison form a vMerge continue cell copies from the cell above; row
/// labels are far shorter.
const MAX_INHERITED_COPY: usize = 1024;

/// Resolves `tables` (the consecutive parts of one logical table) into grid rows.
/// `prev` is the last row of the part before, for merges that continue across a split.
pub fn resolve<'a>(table: &'a Table, prev: Option<&GRow<'a>>) -> Vec<GRow<'a>> {
    let mut out: Vec<GRow> = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        let mut cells = Vec::with_capacity(row.cells.len());
        for c in &row.cells {
            let own = label_head_key(&c.text);
            let vcont = c.vmerge == Merge::Continue;
            let above = out.last().or(prev);
            let inherited = (vcont && own.is_empty()).then(|| {
                above
                    .and_then(|r| r.cells.iter().find(|a| a.col == c.col))
                    .map(|a| match &a.inherited {
                        Some(i) => i.clone(),
                        // A text longer than any label is carried down as written
                        // (borrowed), not as its comparison form: each of thousands of
                        // continue cells below would copy it (issue 15: 5.7 GB).
                        None if a.own.len() > MAX_INHERITED_COPY => Cow::Borrowed(a.text),
                        None => a.own.clone(),
                    })
                    .unwrap_or_default()
            });
            cells.push(GCell {
                col: c.col,
                span: c.span.max(1),
                text: &c.text,
                inherited,
                own,
                vcont,
                at: CellRef {
                    table: table.index,
                    row: row.index,
                    cell: c.index,
                },
                line: c.line,
            });
        }
        out.push(GRow { cells });
    }
    out
}
