//! The wide files' columns: one per canonical cell, in template order, derived from the
//! templates' lists (`recognize::template`) so a wide file and the reader can never
//! disagree on which cells a template has.

use std::sync::OnceLock;

use crate::recognize::template;
use crate::report::Template;

/// `wide_2021.csv` and `wide_2019.csv`: the first columns, before one column per canonical
/// cell of the file's template.
pub const WIDE_META_COLUMNS: &[&str] = &["path", "agency", "year", "published"];

/// The wide file of reports of template `t`: `wide_2021.csv` or `wide_2019.csv`.
pub fn wide_file(t: Template) -> &'static str {
    match t {
        Template::T2021 => "wide_2021.csv",
        Template::T2019 => "wide_2019.csv",
    }
}

/// The canonical-cell columns of template `t`'s wide file, `table.row.col` in template
/// order ([`template::rows`], the lists `recognize` fills): exactly the cells a report
/// of that template has, so an empty field is a blank (or unreadable) cell of the
/// document, never a cell the template lacks.
pub fn wide_columns(t: Template) -> &'static [String] {
    static COLUMNS: OnceLock<[Vec<String>; 2]> = OnceLock::new();
    let cols = COLUMNS.get_or_init(|| {
        [Template::T2021, Template::T2019].map(|t| {
            let mut cols = Vec::new();
            for table in template::TABLES {
                for (row, cs) in template::rows(t, table) {
                    for col in cs {
                        cols.push(format!("{table}.{row}.{col}"));
                    }
                }
            }
            cols
        })
    });
    match t {
        Template::T2021 => &cols[0],
        Template::T2019 => &cols[1],
    }
}

/// The union of both templates' cells, `table.row.col` (the codebook's order), fixed
/// whatever the batch holds. Tables in template order; within a table, rows
/// in template-2021 order with the rows only template 2019 has inserted after the row
/// that precedes them in template 2019; within a row, template 2021's columns then those
/// only template 2019 has. A cell a report's template lacks is empty. The keys come from
/// [`template::rows`], the lists `recognize` maps labels to.
pub fn wide_cell_columns() -> &'static [String] {
    &wide_layout().columns
}

/// Both templates' rows of each table, merged in the wide files' order (see
/// [`wide_cell_columns`]), with each row's columns.
pub(in crate::write) fn union_rows() -> &'static [(&'static str, RowCols)] {
    &wide_layout().tables
}

/// Both templates' cell keys as names and grouped by table and row.
struct WideLayout {
    columns: Vec<String>,
    /// Table → its rows → each row's columns, in column order.
    tables: Vec<(&'static str, RowCols)>,
}

type RowCols = Vec<(&'static str, Vec<&'static str>)>;

fn wide_layout() -> &'static WideLayout {
    static LAYOUT: OnceLock<WideLayout> = OnceLock::new();
    LAYOUT.get_or_init(|| {
        let mut columns = Vec::new();
        let mut tables = Vec::new();
        for table in template::TABLES {
            // Rows: 2021 order, each 2019-only row after its 2019 predecessor.
            let mut rows: RowCols = template::rows(Template::T2021, table)
                .into_iter()
                .map(|(r, cols)| (r, cols.to_vec()))
                .collect();
            let mut prev: Option<&str> = None;
            for (row, cols) in template::rows(Template::T2019, table) {
                match rows.iter_mut().find(|(r, _)| *r == row) {
                    Some((_, have)) => {
                        for c in cols {
                            if !have.contains(c) {
                                have.push(c);
                            }
                        }
                    }
                    None => {
                        let at = prev
                            .and_then(|p| rows.iter().position(|(r, _)| *r == p))
                            .map_or(rows.len(), |i| i + 1);
                        rows.insert(at, (row, cols.to_vec()));
                    }
                }
                prev = Some(row);
            }
            for (row, cols) in &rows {
                for col in cols {
                    columns.push(format!("{table}.{row}.{col}"));
                }
            }
            tables.push((table, rows));
        }
        WideLayout { columns, tables }
    })
}
