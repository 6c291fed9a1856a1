//! inspect: a document as the reader sees it, for a person — each table as a grid with
//! its row, grid-column and cell indexes, merges and nested tables marked, padding made
//! visible; then the body in order. What `nianbao inspect FILE.docx` prints.
//!
//! Numbers match `location` in the JSON: tables 1-based in the order their `w:tbl`
//! starts (nested ones included), rows and cells 0-based. Each cell is shown as
//! `cell:text`, so `location.cell` is read off directly even when `w:gridBefore` or a
//! `w:gridSpan` shifts cells against the grid columns of the header line.
//!
//! The document is also extracted as `extract` would, and under each table every cell
//! that became a canonical key is listed with its key, value and anomalies (`r5:1
//! applications.received.natural_person = 3`), anomalies at no cell after the body.
//! Output fits [`WIDTH`] terminal columns: grid columns narrowed (texts cut there are
//! listed in full below the grid, wrapped), a grid that cannot fit listed cell by cell,
//! long lines wrapped; `--wide` draws at full width instead. `--at TABLE:ROW:CELL`
//! prints one cell (`keys::render_at`).

use std::fmt::Write;
use std::path::Path;

use crate::model::{Block, Cell, Document, Merge, Table};
use crate::open::{Limits, Package};
use crate::read::read_document;

mod keys;

pub use keys::At;
use keys::Keys;

/// Widest line `inspect` prints without `--wide`, in terminal columns.
pub const WIDTH: usize = 120;

/// Narrowest a grid column is drawn when a table is fitted to [`WIDTH`].
const MIN_COL: usize = 4;

/// How `inspect` prints a file.
#[derive(Debug, Clone, Copy, Default)]
pub struct InspectOptions {
    /// `--wide`: no width limit (grid columns up to their cap, lines unwrapped).
    pub wide: bool,
    /// `--at TABLE:ROW:CELL`: that cell only.
    pub at: Option<At>,
}

/// The legend printed before the tables.
pub const LEGEND: &str = "\
legend: · U+00A0 no-break space   □ U+3000 ideographic space   ␣ space   → tab   ↵ line break
        ⟨U+200B⟩ other invisible character   ∅ empty cell
        ▼ vMerge restart (merged with the cells below)   ↑ vMerge continue (part of the cell above)
        ▶ hMerge restart   ← hMerge continue   ×N gridSpan N   ⊞N holds nested table N
        cells are `cell:marks text` (cell = location.cell); g0 g1 … are grid columns; long texts cut with …";

/// Widest a grid column is drawn, in terminal columns.
/// Widest grid drawn as columns; wider tables are listed cell by cell.
const MAX_GRID: usize = 256;

const MAX_WIDTH: usize = 24;

/// Widest a cut text is shown "in full" (a one-cell layout table holds the whole report).
const IN_FULL_WIDTH: usize = 400;

/// Why a file cannot be inspected.
#[derive(Debug, thiserror::Error)]
pub enum InspectError {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// `--at` names a cell the document does not have.
    #[error("{0}")]
    NoCell(String),
    #[error("{code}: {message}{}", located(.part, .offset))]
    Open {
        code: &'static str,
        message: String,
        part: Option<String>,
        offset: Option<u64>,
    },
}

fn located(part: &Option<String>, offset: &Option<u64>) -> String {
    match (part, offset) {
        (Some(p), Some(o)) => format!(" (in {p} at byte {o})"),
        (Some(p), None) => format!(" (in {p})"),
        (None, Some(o)) => format!(" (at byte {o})"),
        (None, None) => String::new(),
    }
}

/// Open, read and render `path` (at [`WIDTH`], every table).
pub fn inspect_file(path: &Path) -> Result<String, InspectError> {
    inspect_with(path, &InspectOptions::default())
}

/// Open, read and render `path` as `opts` say.
pub fn inspect_with(path: &Path, opts: &InspectOptions) -> Result<String, InspectError> {
    let bytes = std::fs::read(path)?;
    let width = if opts.wide { usize::MAX } else { WIDTH };
    // What extract makes of the same bytes: the keys, values and anomalies shown.
    let report = crate::extract::extract_bytes(
        &path.to_string_lossy(),
        bytes.clone(),
        &crate::extract::Options::default(),
    );
    let keys = Keys::of(&report);
    let (title, doc) = read_doc(path, bytes)?;
    if let Some(at) = opts.at {
        let mut out = title;
        out.push_str(&keys::render_at(&doc, &keys, at, width)?);
        return Ok(out);
    }
    let mut out = title;
    keys::summary(&keys, &mut out, width);
    out.push_str(&render_with(&doc, Some(&keys), width));
    Ok(out)
}

/// The document read as `extract` reads it, and the line that says how.
fn read_doc(path: &Path, bytes: Vec<u8>) -> Result<(String, Document), InspectError> {
    let open = |e: crate::open::OpenError| InspectError::Open {
        code: e.code.as_str(),
        message: e.message,
        part: e.part,
        offset: e.offset,
    };
    // A web page or single-file page (SPEC §6) is read by the HTML reader.
    let ext = path.extension().and_then(|e| e.to_str());
    let format = crate::open::sniff(&bytes, ext);
    if let Some(f @ (crate::open::Format::Html | crate::open::Format::Mht)) = format {
        return inspect_page(path, &bytes, f);
    }
    let mut pkg = Package::from_bytes(bytes, &Limits::default()).map_err(open)?;
    let main = pkg.read_main().map_err(open)?;
    let styles = pkg.read_styles().map_err(open)?;
    let part = pkg.main_part_name().to_owned();
    let mut doc =
        read_document(&part, &main, styles.as_deref()).map_err(|e| InspectError::Open {
            code: "malformed_xml",
            message: e.message,
            part: Some(e.part),
            offset: Some(e.offset),
        })?;
    // w:altChunk parts spliced in, as extract reads them
    crate::extract::html::embed(&mut pkg, &mut doc).map_err(record)?;
    Ok((format!("{} — main part {part}\n", path.display()), doc))
}

fn record(e: crate::report::ErrorRecord) -> InspectError {
    InspectError::Open {
        code: e.code.as_str(),
        message: e.message,
        part: e.part,
        offset: e.offset,
    }
}

/// A page (HTML, or an MHT's page part) read and rendered; `location`'s `line` is each
/// cell's tag line, which the grid does not show (see the report's JSON).
fn inspect_page(
    path: &Path,
    bytes: &[u8],
    f: crate::open::Format,
) -> Result<(String, Document), InspectError> {
    use crate::read::html;
    let limits = html::Limits::default();
    let too_large = |e: html::TooLarge| InspectError::Open {
        code: "too_large",
        message: e.message,
        part: None,
        offset: None,
    };
    let (page, what) = if f == crate::open::Format::Mht {
        let part = html::mht::html_part(bytes).map_err(|e| InspectError::Open {
            code: "not_a_report",
            message: e.0,
            part: None,
            offset: None,
        })?;
        let page = html::read_html_declared(&part.bytes, part.charset.as_deref(), &limits)
            .map_err(too_large)?;
        (page, "single-file web page (MHT), its text/html part")
    } else {
        (
            html::read_html(bytes, &limits).map_err(too_large)?,
            "web page",
        )
    };
    let title = format!("{} — {what}, read as {}\n", path.display(), page.encoding);
    Ok((title, page.doc))
}

/// Render a read document: legend, every table as a grid, the body in order, the
/// reader's notes; at [`WIDTH`], without extraction's keys.
pub fn render(doc: &Document) -> String {
    render_with(doc, None, WIDTH)
}

/// [`render`] within `width` columns, each table followed by its cells' keys and
/// anomalies when `keys` are given.
fn render_with(doc: &Document, keys: Option<&Keys>, width: usize) -> String {
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

/// `text` after `first`, in lines of at most `width` columns, each next line indented
/// by `indent` spaces. Chinese has no spaces to break at: lines break at any character.
fn wrap(out: &mut String, first: &str, text: &str, indent: usize, width: usize) {
    out.push_str(first);
    let mut w = display_width(first);
    let room = width.max(indent + 8);
    for c in text.chars() {
        let cw = char_width(c);
        if w + cw > room {
            out.push('\n');
            out.extend(std::iter::repeat_n(' ', indent));
            w = indent;
        }
        out.push(c);
        w += cw;
    }
    out.push('\n');
}

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

fn render_table(out: &mut String, table: &Table, limit: usize) {
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

/// Text with padding and invisible characters made visible (see [`LEGEND`]).
pub fn visible(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\u{00A0}' => s.push('·'),
            '\u{3000}' => s.push('□'),
            ' ' => s.push('␣'),
            '\t' => s.push('→'),
            '\n' | '\r' => s.push('↵'),
            c if is_invisible(c) => {
                let _ = write!(s, "⟨U+{:04X}⟩", c as u32);
            }
            c => s.push(c),
        }
    }
    s
}

/// Format characters and other whitespace a reader cannot see (U+200B, U+FEFF, …).
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{2000}'..='\u{200A}' | '\u{202F}'
        | '\u{205F}' | '\u{3164}' | '\u{FFA0}')
        || (c.is_control() && c != '\n' && c != '\t')
}

/// Terminal columns of `s`: East Asian wide and full-width characters count 2.
pub fn display_width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

fn char_width(c: char) -> usize {
    let u = c as u32;
    let wide = matches!(u,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD);
    if wide { 2 } else { 1 }
}

fn pad(s: &str, width: usize) -> String {
    let w = display_width(s);
    let mut out = s.to_owned();
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(w)));
    out
}

/// `s` cut to `width` columns with a trailing `…`.
fn clip(s: &str, width: usize) -> String {
    if display_width(s) <= width {
        return s.to_owned();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = char_width(c);
        if w + cw + 1 > width {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Row;

    #[test]
    fn padding_is_visible() {
        assert_eq!(visible("\u{a0}0 \u{3000}\u{200b}"), "·0␣□⟨U+200B⟩");
    }

    #[test]
    fn hostile_widths_are_listed_not_drawn() {
        // 2,000 cells of gridSpan 4096 each: 8,192,000 grid columns.
        let cells: Vec<Cell> = (0..2000)
            .map(|i| Cell {
                index: i,
                col: i * 4096,
                span: 4096,
                text: "x".into(),
                ..Cell::default()
            })
            .collect();
        let doc = Document {
            tables: vec![Table {
                rows: vec![Row {
                    cells,
                    ..Row::default()
                }],
                ..Table::default()
            }],
            ..Document::default()
        };
        let text = render(&doc);
        assert!(text.contains("8192000 grid columns"), "{}", &text[..400]);
        assert!(text.contains("too wide to draw"));
        assert!(text.contains("g4096 1:×4096 x"));
        assert!(
            text.len() < 100_000,
            "output bounded by the cells, not the grid"
        );
    }

    #[test]
    fn grid_shows_indexes_and_merges() {
        let cell = |index, col, span, vmerge, text: &str| Cell {
            index,
            col,
            span,
            vmerge,
            text: text.to_owned(),
            ..Cell::default()
        };
        let doc = Document {
            tables: vec![Table {
                rows: vec![
                    Row {
                        index: 0,
                        cells: vec![
                            cell(0, 0, 1, Merge::Restart, "信息内容"),
                            cell(1, 1, 2, Merge::None, "本年制发件数"),
                        ],
                        ..Row::default()
                    },
                    Row {
                        index: 1,
                        grid_before: 1,
                        cells: vec![
                            cell(0, 1, 1, Merge::None, "\u{a0}0"),
                            cell(1, 2, 1, Merge::None, ""),
                        ],
                        ..Row::default()
                    },
                ],
                ..Table::default()
            }],
            ..Document::default()
        };
        let text = render(&doc);
        assert!(text.contains("table 1 — 2 rows, 3 grid columns"), "{text}");
        assert!(text.contains("0:▼ 信息内容"), "{text}");
        assert!(text.contains("1:×2 本年制发件数"), "{text}");
        assert!(text.contains("0:·0"), "{text}");
        assert!(text.contains("1:∅"), "{text}");
        assert!(text.contains("gridBefore 1"), "{text}");
    }
}
