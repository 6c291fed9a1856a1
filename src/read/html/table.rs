//! A `<table>`'s rows and cells as the browser lays them out, into the model's grid
//! (the HTML spec's "forming a table" algorithm, for what the reader needs).
//!
//! ```text
//!  <thead> rows (the first thead)  ─┐
//!  <tbody> rows, in order           ├─► model rows, in that order (as CSS draws them)
//!  <tfoot> rows (the first tfoot)  ─┘
//!
//!  each <td>/<th>: col = the first grid slot of its row not covered from above,
//!                  span = colspan (0 → 1, at most 1000)
//!  rowspan = k > 1 (0: to the end of its row group; never past it, at most 65534):
//!      the cell is Merge::Restart, and each slot it covers in the k − 1 rows below
//!      gets a Merge::Continue cell of the same col and span, empty, in grid order —
//!      the w:tc a .docx of the same table has there, so `recognize` reads both alike
//! ```
//!
//! Model cell indexes count those covered slots as cells (as .docx counts its
//! continue cells), so a page and the same report as .docx give the same `location`.

use crate::model::{Cell, Merge, Row};

/// The widest grid a table may have: far past any real page (browsers cap colspan at
/// 1000), and it bounds the per-column bookkeeping below.
pub const MAX_GRID_WIDTH: usize = 16_384;

/// A `<tr>` as the walk found it.
#[derive(Debug, Default)]
pub struct RawRow {
    pub cells: Vec<RawCell>,
    pub header: bool,
}

/// A `<td>` or `<th>` as the walk found it.
#[derive(Debug, Default)]
pub struct RawCell {
    pub colspan: usize,
    /// 0: to the end of the row group (HTML spec).
    pub rowspan: usize,
    pub line: u32,
    pub text: String,
    /// Tables inside it, by index in the document.
    pub nested: Vec<usize>,
}

/// A row group: `<thead>`, `<tbody>` or `<tfoot>`.
#[derive(Debug, Default)]
pub struct Group {
    pub kind: GroupKind,
    pub rows: Vec<RawRow>,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub enum GroupKind {
    Head,
    #[default]
    Body,
    Foot,
}

/// `colspan` / `rowspan` by the HTML spec's "rules for parsing non-negative integers":
/// leading whitespace, then digits; anything else gives `default`.
pub fn span_attr(v: Option<&str>, default: usize, zero_ok: bool, max: usize) -> usize {
    let Some(v) = v else {
        return default;
    };
    let digits: String = v
        .trim_start_matches(|c: char| c.is_ascii_whitespace())
        .chars()
        .take_while(char::is_ascii_digit)
        .take(8)
        .collect();
    match digits.parse::<usize>() {
        Ok(0) if zero_ok => 0,
        Ok(0) | Err(_) => default,
        Ok(n) => n.min(max),
    }
}

/// A slot covered from above: by the cell at `col`, `span` wide, down to row `until`
/// (exclusive), whose start tag is on `line`.
struct Cover {
    col: usize,
    span: usize,
    until: usize,
    line: u32,
}

/// Lays `groups` out as model rows, or says why not: the grid would pass `max_cells`
/// cells (`cells` counts those of the document's tables before) or [`MAX_GRID_WIDTH`]
/// columns.
pub fn layout(
    mut groups: Vec<Group>,
    cells: &mut usize,
    max_cells: usize,
) -> Result<Vec<Row>, String> {
    // CSS draws the first header group first and the first footer group last; any
    // other thead or tfoot is an ordinary row group where it stands.
    let head = groups.iter().position(|g| g.kind == GroupKind::Head);
    let foot = groups.iter().position(|g| g.kind == GroupKind::Foot);
    let mut order: Vec<usize> = head.into_iter().collect();
    order.extend((0..groups.len()).filter(|&i| Some(i) != head && Some(i) != foot));
    order.extend(foot);

    let mut rows: Vec<Row> = Vec::new();
    for gi in order {
        let group = std::mem::take(&mut groups[gi]);
        let group_end = rows.len() + group.rows.len();
        let mut covers: Vec<Cover> = Vec::new();
        // Per grid column, the row up to which a cell from above covers it.
        let mut busy: Vec<usize> = Vec::new();
        for raw in group.rows {
            let r = rows.len();
            covers.retain(|c| c.until > r);
            // Each cell with whether it stands in the page (false: a covered slot).
            let mut out: Vec<(Cell, bool)> = Vec::with_capacity(raw.cells.len() + covers.len());
            for c in &covers {
                out.push((
                    Cell {
                        col: c.col,
                        span: c.span,
                        vmerge: Merge::Continue,
                        line: Some(c.line),
                        ..Cell::default()
                    },
                    false,
                ));
            }
            let mut x = 0usize;
            for c in raw.cells {
                while busy.get(x).is_some_and(|&u| u > r) {
                    x += 1;
                }
                let span = c.colspan.max(1);
                if x + span > MAX_GRID_WIDTH {
                    return Err(format!(
                        "a table wider than {MAX_GRID_WIDTH} grid columns (row {r})"
                    ));
                }
                let down = if c.rowspan == 0 {
                    group_end - r
                } else {
                    c.rowspan.min(group_end - r)
                };
                if down > 1 {
                    if busy.len() < x + span {
                        busy.resize(x + span, 0);
                    }
                    for b in &mut busy[x..x + span] {
                        *b = r + down;
                    }
                    covers.push(Cover {
                        col: x,
                        span,
                        until: r + down,
                        line: c.line,
                    });
                }
                out.push((
                    Cell {
                        col: x,
                        span,
                        vmerge: if down > 1 {
                            Merge::Restart
                        } else {
                            Merge::None
                        },
                        text: c.text,
                        nested: c.nested,
                        line: Some(c.line),
                        ..Cell::default()
                    },
                    true,
                ));
                x += span;
            }
            *cells += out.len();
            if *cells > max_cells {
                return Err(format!(
                    "more than {max_cells} table cells in the page (counting the slots rowspans cover)"
                ));
            }
            // Grid order; a covered slot before the cell that stands at the same column
            // (a table that overlaps itself: both kept, as the browser draws both).
            out.sort_by_key(|&(ref c, real)| (c.col, real));
            let mut row = Row {
                index: r,
                header: raw.header,
                ..Row::default()
            };
            for (i, (mut c, _)) in out.into_iter().enumerate() {
                c.index = i;
                row.cells.push(c);
            }
            rows.push(row);
        }
    }
    Ok(rows)
}
