//! One table drawn as a grid: a column per grid column, each cell as `cell:marks text`
//! so `location.cell` is read off even where `w:gridBefore` or `w:gridSpan` shift cells
//! against the columns; fitted to the width by narrowing columns, and listed cell by
//! cell when it cannot fit (or is too wide to be a real report's: the grid's size comes
//! from the file).

use std::fmt::Write;

use crate::model::{Cell, Merge, Table};

use super::term::{clip, display_width, pad, visible, wrap};

/// Narrowest a grid column is drawn when a table is fitted to [`WIDTH`](super::WIDTH).
const MIN_COL: usize = 4;

/// Widest grid drawn as columns; wider tables are listed cell by cell.
const MAX_GRID: usize = 256;

/// Widest a grid column is drawn, in terminal columns.
const MAX_WIDTH: usize = 24;

/// Widest a cut text is shown "in full" (a one-cell layout table holds the whole report).
const IN_FULL_WIDTH: usize = 400;

/// The text of one cell as drawn: `index:` marks, then the visible text.
fn cell_label(cell: &Cell) -> String {
    let mut s = format!("{}:", cell.index);
    match cell.vmerge {
        Merge::Restart => s.push('▼'),
        Merge::Continue => s.push('↑'),
        Merge::None => {}
    }
    match cell.hmerge {
        Merge::Restart => s.push('▶'),
        Merge::Continue => s.push('←'),
        Merge::None => {}
    }
    if cell.span > 1 {
        let _ = write!(s, "×{}", cell.span);
    }
    for n in &cell.nested {
        let _ = write!(s, "⊞{}", n + 1);
    }
    // A space (never part of the text: spaces there are ␣) ends the marks.
    if s.len() > format!("{}:", cell.index).len() {
        s.push(' ');
    }
    if cell.text.is_empty() {
        s.push('∅');
    } else {
        s.push_str(&visible(&cell.text));
    }
    s
}

/// `table` as a grid within `limit` columns (or listed cell by cell when it cannot be
/// drawn there), then the texts the grid cut, in full.
pub(super) fn render_table(out: &mut String, table: &Table, limit: usize) {
    let grid = table
        .rows
        .iter()
        .map(|r| {
            let cells_end = r
                .cells
                .iter()
                .map(|c| c.col + c.span.max(1))
                .max()
                .unwrap_or(0);
            cells_end.max(r.grid_before) + r.grid_after
        })
        .max()
        .unwrap_or(0);
    let where_ = match table.parent {
        Some(p) => format!(
            "nested in table {} row {} cell {}",
            p.table + 1,
            p.row,
            p.cell
        ),
        None => "top level".to_owned(),
    };
    let _ = writeln!(
        out,
        "table {} — {} rows, {grid} grid columns, {where_}, at byte {}",
        table.index + 1,
        table.rows.len(),
        table.offset
    );
    if grid == 0 {
        return;
    }
    if grid > MAX_GRID {
        // A grid this wide is no real report (spans come from the file, up to 4096
        // each): list the cells instead of drawing columns nobody can read, so a
        // hostile file cannot make inspect allocate per grid column.
        let _ = writeln!(out, "(too wide to draw: cells listed per row)");
        list_cells(out, table, limit);
        return;
    }
    // Column widths: from the cells spanning one column, then widened so each spanning
    // cell fits its columns (capped).
    let labels: Vec<Vec<String>> = table
        .rows
        .iter()
        .map(|r| r.cells.iter().map(cell_label).collect())
        .collect();
    let mut width = vec![2usize; grid];
    for (g, w) in width.iter_mut().enumerate() {
        *w = (*w).max(format!("g{g}").len());
    }
    for (row, labels) in table.rows.iter().zip(&labels) {
        for (cell, label) in row.cells.iter().zip(labels) {
            if cell.span.max(1) == 1 && cell.col < grid {
                width[cell.col] = width[cell.col].max(display_width(label).min(MAX_WIDTH));
            }
        }
    }
    let row_w = format!("r{}", table.rows.len()).len().max(3);
    // Fitted to `limit`: the widest column narrowed a column at a time; a grid that does
    // not fit even so is listed cell by cell.
    let total = |width: &[usize]| row_w + 2 + width.iter().map(|w| w + 3).sum::<usize>();
    while total(&width) > limit {
        let Some((g, w)) = width
            .iter()
            .enumerate()
            .max_by_key(|(g, w)| (**w, usize::MAX - g))
        else {
            break;
        };
        if *w <= MIN_COL {
            break;
        }
        width[g] -= 1;
    }
    if total(&width) > limit {
        let _ = writeln!(
            out,
            "(too wide for {limit} columns: cells listed per row; --wide draws it)"
        );
        list_cells(out, table, limit);
        return;
    }
    let mut line = format!("{:row_w$} │", "");
    for (g, w) in width.iter().enumerate() {
        line.push(' ');
        line.push_str(&pad(&format!("g{g}"), *w));
        line.push_str(" │");
    }
    let _ = writeln!(out, "{}", line.trim_end());
    let rule: String = std::iter::once("─".repeat(row_w + 1))
        .chain(width.iter().map(|w| format!("┼{}", "─".repeat(w + 2))))
        .collect::<String>()
        + "┤";
    let _ = writeln!(out, "{rule}");
    for (row, labels) in table.rows.iter().zip(&labels) {
        let mut line = pad(&format!("r{}", row.index), row_w);
        line.push_str(" │");
        let mut g = 0;
        let blank = |line: &mut String, from: usize, to: usize, fill: &str| {
            for w in &width[from.min(grid)..to.min(grid)] {
                line.push(' ');
                line.push_str(&pad(fill, *w));
                line.push_str(" │");
            }
        };
        // gridBefore columns and any gap before a cell are drawn as `·`-less blanks.
        for (cell, label) in row.cells.iter().zip(labels) {
            if cell.col > g {
                blank(
                    &mut line,
                    g,
                    cell.col,
                    if g < row.grid_before { "-" } else { "" },
                );
            }
            let span = cell.span.max(1);
            let end = (cell.col + span).min(grid);
            if cell.col >= grid {
                break;
            }
            let w: usize = width[cell.col..end].iter().sum::<usize>() + 3 * (end - cell.col - 1);
            line.push(' ');
            line.push_str(&pad(&clip(label, w), w));
            line.push_str(" │");
            g = end;
        }
        if g < grid {
            blank(&mut line, g, grid, "-");
        }
        let mut notes = Vec::new();
        if row.grid_before > 0 {
            notes.push(format!("gridBefore {}", row.grid_before));
        }
        if row.grid_after > 0 {
            notes.push(format!("gridAfter {}", row.grid_after));
        }
        if row.header {
            notes.push("header row".to_owned());
        }
        if !notes.is_empty() {
            let notes = notes.join(", ");
            if display_width(&line) + 1 + display_width(&notes) <= limit {
                let _ = write!(line, " {notes}");
            } else {
                line.push_str("\n    ↳ ");
                line.push_str(&notes);
            }
        }
        let _ = writeln!(out, "{line}");
    }
    // The texts cut in the grid, in full.
    let mut cut = Vec::new();
    for (row, labels) in table.rows.iter().zip(&labels) {
        for (cell, label) in row.cells.iter().zip(labels) {
            let span = cell.span.max(1);
            let end = (cell.col + span).min(grid);
            if cell.col < grid {
                let w: usize =
                    width[cell.col..end].iter().sum::<usize>() + 3 * (end - cell.col - 1);
                if display_width(label) > w {
                    cut.push(format!("  r{} {}", row.index, clip(label, IN_FULL_WIDTH)));
                }
            }
        }
    }
    if !cut.is_empty() {
        let _ = writeln!(out, "in full:");
        for c in cut {
            wrap(out, "", &c, 6, limit);
        }
    }
}

/// Every cell of `table`, row by row (`rN│ gCOL cell:text │ …`), lines kept within
/// `limit` by starting a new one (indented) before a cell that would not fit.
fn list_cells(out: &mut String, table: &Table, limit: usize) {
    for (r, row) in table.rows.iter().enumerate() {
        let mut line = format!("r{r:<3}│");
        let mut w = display_width(&line);
        for c in &row.cells {
            let cell = clip(&format!("g{} {}", c.col, cell_label(c)), MAX_WIDTH);
            let cw = display_width(&cell) + 3;
            if w + cw > limit && w > 5 {
                out.push_str(&line);
                out.push('\n');
                line = "    │".to_owned();
                w = 5;
            }
            line.push(' ');
            line.push_str(&cell);
            line.push_str(" │");
            w += cw;
        }
        out.push_str(&line);
        out.push('\n');
    }
}
