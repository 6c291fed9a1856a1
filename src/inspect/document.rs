//! A read document printed for a person: the legend, every table (drawn by `grid`, its
//! keys listed under it when extraction's are given), the body paragraphs numbered
//! (`p0` …, as a `narrative_mismatch` names its paragraph), and the reader's notes.

use std::fmt::Write;

use crate::model::{Block, Document};

use super::WIDTH;
use super::grid::render_table;
use super::keys::{self, Keys};
use super::term::{visible, wrap};

/// The legend printed before the tables.
pub const LEGEND: &str = "\
legend: · U+00A0 no-break space   □ U+3000 ideographic space   ␣ space   → tab   ↵ line break
        ⟨U+200B⟩ other invisible character   ∅ empty cell
        ▼ vMerge restart (merged with the cells below)   ↑ vMerge continue (part of the cell above)
        ▶ hMerge restart   ← hMerge continue   ×N gridSpan N   ⊞N holds nested table N
        cells are `cell:marks text` (cell = location.cell); g0 g1 … are grid columns; long texts cut with …";

/// Render a read document: legend, every table as a grid, the body in order, the
/// reader's notes; at [`WIDTH`], without extraction's keys.
pub fn render(doc: &Document) -> String {
    render_with(doc, None, WIDTH)
}

/// [`render`] within `width` columns, each table followed by its cells' keys and
/// anomalies when `keys` are given.
pub(super) fn render_with(doc: &Document, keys: Option<&Keys>, width: usize) -> String {
    let mut out = String::new();
    let paragraphs = doc.paragraphs().count();
    let _ = writeln!(
        out,
        "{} tables, {} body paragraphs\n{LEGEND}\n",
        doc.tables.len(),
        paragraphs
    );
    for table in &doc.tables {
        render_table(&mut out, table, width);
        if let Some(k) = keys {
            keys::render_table_keys(k, &mut out, table.index + 1, width);
        }
        out.push('\n');
    }
    out.push_str("body:\n");
    let mut p = 0;
    for block in &doc.blocks {
        match block {
            Block::Paragraph(text) => {
                wrap(&mut out, &format!("  p{p:<4} "), &visible(text), 8, width);
                p += 1;
            }
            Block::Table(i) => {
                let _ = writeln!(out, "  [table {}]", i + 1);
            }
        }
    }
    if !doc.notes.is_empty() {
        out.push_str("\nreader notes:\n");
        for n in &doc.notes {
            let at = n
                .cell
                .map(|c| format!(" table {} row {} cell {}", c.table + 1, c.row, c.cell))
                .unwrap_or_default();
            wrap(
                &mut out,
                "  ",
                &format!("byte {}{at}: {}", n.offset, n.message),
                4,
                width,
            );
        }
    }
    if let Some(k) = keys {
        keys::render_elsewhere(k, &mut out, width);
    }
    out
}
