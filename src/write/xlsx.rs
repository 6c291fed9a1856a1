//! `nianbao.xlsx`: the batch as one workbook for people who work in Excel or WPS — the
//! batch files' rows with Chinese headers, typed, one sheet per file:
//!
//! | sheet | rows of | columns |
//! |---|---|---|
//! | 报告 | `reports.csv` | its columns ([`header_zh`]) |
//! | 单元格 | `cells.csv` | its columns, with 行名称 and 列名称 (the template's labels) after 列 |
//! | 异常 | `anomalies.csv` | its columns |
//! | 宽表2021, 宽表2019 | `wide_2021.csv`, `wide_2019.csv` | 文件, 机关, 年度, 发布日期, then one column per cell of the template, headed by its labels ([`cell_header`]) |
//! | 跨年异常 | `batch_anomalies.csv` | its columns |
//! | 代码表 | `codebook.csv` | its columns |
//!
//! The values are the Parquet files' ([`Chunk`]s, the same typed values): counts,
//! amounts, years and locations are numbers, `published` a date, text a string cell
//! written as it is — a string cell is never evaluated, so `=HYPERLINK(…)` in a file name
//! is shown, not run, and needs no `'` as the CSV's does — and an empty or null field an
//! empty cell. The header row is frozen.
//!
//! Excel's limits are kept, not crossed: a sheet holds 1,048,576 rows, so a sheet that
//! would pass it is continued on `单元格 (2)`, `单元格 (3)` … (added after the others), each
//! with the header; a text longer than Excel's 32,767 characters of a cell (UTF-16 units)
//! is cut there and ends with `…` (the CSV and JSON keep it whole).
//!
//! Memory stays flat: every sheet is a constant-memory sheet of `rust_xlsxwriter` (rows
//! go to a temporary file as they come, in the output folder's stage), strings shared.
//! The bytes are the same whatever `--jobs` (rows in input order, the file's creation
//! date fixed at [`CREATED`], zip entry times fixed by `rust_xlsxwriter`).
//!
//! The module is split by job: this file lays the batch's rows out on the sheets;
//! `sheet` writes rows into worksheets within Excel's limits, `headers` names the
//! columns in Chinese.

use std::io;
use std::path::Path;
use std::sync::OnceLock;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};
use rustc_hash::FxHashMap;

use super::codebook::{self, CODEBOOK_COLUMNS, col_label, row_label};
use super::csv::{
    ANOMALIES_COLUMNS, BATCH_ANOMALIES_COLUMNS, BatchRows, CELLS_COLUMNS, REPORTS_COLUMNS,
    WIDE_META_COLUMNS, wide_columns,
};
use super::files::AtomicFile;
use super::parquet::{Chunk, Field, parquet_columns};
use crate::recognize::template;
use crate::report::Template;

mod headers;
mod sheet;

pub use headers::{cell_header, header_zh};
use sheet::{Sheet, Writer, add_sheet, xl_err};

/// The workbook's name in the output folder.
pub const XLSX_FILE: &str = "nianbao.xlsx";

/// The most rows of an Excel sheet, its header included.
pub const MAX_SHEET_ROWS: u32 = 1_048_576;

/// The workbook's creation date (`docProps/core.xml`): fixed, so two runs over the same
/// inputs write the same bytes.
pub const CREATED: (u16, u8, u8) = (2000, 1, 1);

/// The workbook being written: rows appended in input order, saved by
/// [`XlsxFile::commit`] to `nianbao.xlsx` (atomically, as every batch file).
pub struct XlsxFile {
    workbook: Workbook,
    file: AtomicFile,
    bold: Format,
    date: Format,
    max_rows: u32,
    reports: Sheet,
    cells: Sheet,
    anomalies: Sheet,
    wide_2021: Sheet,
    wide_2019: Sheet,
    across: Sheet,
    /// Where the wide meta columns and the cell keys are in the typed rows.
    at: Columns,
}

/// Column indexes in the typed rows ([`parquet_columns`]).
struct Columns {
    reports: [usize; 4],
    cell_key: [usize; 3],
    cell_value: usize,
    cell_value_int: usize,
}

fn position(cols: &[&str], name: &str) -> usize {
    cols.iter().position(|c| *c == name).unwrap_or(usize::MAX)
}

impl XlsxFile {
    /// A workbook at `path`, its temporary sheet files in `tmp` (the run's stage).
    pub fn create(path: &Path, tmp: &Path) -> io::Result<XlsxFile> {
        XlsxFile::with_max_rows(path, tmp, MAX_SHEET_ROWS)
    }

    fn with_max_rows(path: &Path, tmp: &Path, max_rows: u32) -> io::Result<XlsxFile> {
        let mut workbook = Workbook::new();
        workbook.set_tempdir(tmp).map_err(xl_err)?;
        let (y, m, d) = CREATED;
        let created = ExcelDateTime::from_ymd(y, m, d).map_err(xl_err)?;
        workbook.set_properties(
            &DocProperties::new()
                .set_creation_datetime(&created)
                .set_author("nianbao"),
        );
        let bold = Format::new().set_bold();
        let date = Format::new().set_num_format("yyyy-mm-dd");
        let file = AtomicFile::create(path)?;
        let labels = |cols: &[&str]| -> Vec<String> {
            cols.iter().map(|c| header_zh(c).to_owned()).collect()
        };
        let cells_cols = parquet_columns(CELLS_COLUMNS);
        let mut cells_header = Vec::new();
        for c in CELLS_COLUMNS {
            cells_header.push(header_zh(c).to_owned());
            if *c == "col" {
                cells_header.extend(["行名称".to_owned(), "列名称".to_owned()]);
            }
        }
        let wide = |t: Template| {
            let mut h = labels(WIDE_META_COLUMNS);
            for key in wide_columns(t) {
                let mut parts = key.splitn(3, '.');
                let (tb, r, c) = (
                    parts.next().unwrap_or(""),
                    parts.next().unwrap_or(""),
                    parts.next().unwrap_or(""),
                );
                h.push(cell_header(tb, r, c));
            }
            h
        };
        let reports_cols = parquet_columns(REPORTS_COLUMNS);
        let at = Columns {
            reports: ["path", "agency", "year", "published"].map(|c| position(&reports_cols, c)),
            cell_key: ["table", "row", "col"].map(|c| position(&cells_cols, c)),
            cell_value: position(&cells_cols, "value"),
            cell_value_int: position(&cells_cols, "value_int"),
        };
        let mut x = XlsxFile {
            workbook,
            file,
            bold,
            date,
            max_rows,
            reports: Sheet::new("报告", labels(REPORTS_COLUMNS)),
            cells: Sheet::new("单元格", cells_header),
            anomalies: Sheet::new("异常", labels(ANOMALIES_COLUMNS)),
            wide_2021: Sheet::new("宽表2021", wide(Template::T2021)),
            wide_2019: Sheet::new("宽表2019", wide(Template::T2019)),
            across: Sheet::new("跨年异常", labels(BATCH_ANOMALIES_COLUMNS)),
            at,
        };
        for s in [
            &mut x.reports,
            &mut x.cells,
            &mut x.anomalies,
            &mut x.wide_2021,
            &mut x.wide_2019,
            &mut x.across,
        ] {
            s.index = add_sheet(&mut x.workbook, s.name, &s.header, &x.bold)?;
        }
        // The codebook: known now, written whole.
        let code = add_sheet(
            &mut x.workbook,
            "代码表",
            &labels(CODEBOOK_COLUMNS),
            &x.bold,
        )?;
        let ws = x.workbook.worksheet_from_index(code).map_err(xl_err)?;
        for (r, fields) in codebook::rows().iter().enumerate() {
            for (c, f) in fields.iter().enumerate() {
                ws.write_string(r as u32 + 1, c as u16, f).map_err(xl_err)?;
            }
        }
        Ok(x)
    }

    /// One report's rows (formatted by [`super::batch_rows`]).
    pub fn append(&mut self, rows: &BatchRows) -> io::Result<()> {
        let XlsxFile {
            workbook,
            bold,
            date,
            max_rows,
            at,
            ..
        } = self;
        let mut w = Writer {
            workbook,
            bold,
            date,
            max_rows: *max_rows,
        };
        w.rows(&mut self.reports, &rows.typed.reports, usize::MAX)?;
        // 单元格: value_int left out (Excel's numbers are all doubles); the labels after col.
        let (vi, col) = (at.cell_value_int, at.cell_key[2]);
        let [kt, kr, kc] = at.cell_key;
        let mut failed = None;
        rows.typed.cells.for_each_row(|f| {
            if failed.is_some() {
                return;
            }
            let text = |i: usize| match f.get(i) {
                Some(Field::Text(s)) => *s,
                _ => "",
            };
            let (t, r, c) = (text(kt), text(kr), text(kc));
            let labels = [
                Field::Text(row_label(t, r).unwrap_or("")),
                Field::Text(col_label(t, r, c).unwrap_or("")),
            ];
            let fields = f
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != vi)
                .flat_map(|(i, v)| {
                    let extra: &[Field] = if i == col { &labels } else { &[] };
                    std::iter::once(*v).chain(extra.iter().copied())
                });
            failed = w.row(&mut self.cells, fields).err();
        });
        if let Some(e) = failed {
            return Err(e);
        }
        w.rows(&mut self.anomalies, &rows.typed.anomalies, usize::MAX)?;
        if let Some(t) = rows.template {
            let sheet = match t {
                Template::T2021 => &mut self.wide_2021,
                Template::T2019 => &mut self.wide_2019,
            };
            let mut meta = [Field::Null; 4];
            rows.typed.reports.for_each_row(|f| {
                meta = at.reports.map(|i| f.get(i).copied().unwrap_or(Field::Null));
            });
            let keys: &FxHashMap<(&str, &str, &str), usize> = wide_positions(t);
            let mut values = vec![Field::Null; wide_columns(t).len()];
            rows.typed.cells.for_each_row(|f| {
                let text = |i: usize| match f.get(i) {
                    Some(Field::Text(s)) => *s,
                    _ => "",
                };
                if let Some(&k) = keys.get(&(text(kt), text(kr), text(kc))) {
                    values[k] = f.get(at.cell_value).copied().unwrap_or(Field::Null);
                }
            });
            w.row(sheet, meta.into_iter().chain(values))?;
        }
        Ok(())
    }

    /// Rows of `batch_anomalies.parquet` (the cross-year findings).
    pub fn append_batch_anomalies(&mut self, rows: &Chunk) -> io::Result<()> {
        let mut w = Writer {
            workbook: &mut self.workbook,
            bold: &self.bold,
            date: &self.date,
            max_rows: self.max_rows,
        };
        w.rows(&mut self.across, rows, usize::MAX)
    }

    /// Assemble the workbook and rename it into place.
    pub fn commit(mut self) -> io::Result<()> {
        self.workbook
            .save_to_writer(&mut self.file)
            .map_err(xl_err)?;
        self.file.commit()
    }
}

/// Cell key → its column among template `t`'s wide cell columns.
fn wide_positions(
    t: Template,
) -> &'static FxHashMap<(&'static str, &'static str, &'static str), usize> {
    type Map = FxHashMap<(&'static str, &'static str, &'static str), usize>;
    static MAPS: OnceLock<[Map; 2]> = OnceLock::new();
    let maps = MAPS.get_or_init(|| {
        [Template::T2021, Template::T2019].map(|t| {
            let mut m = Map::default();
            for table in template::TABLES {
                for (row, cols) in template::rows(t, table) {
                    for col in cols {
                        let n = m.len();
                        m.insert((table, row, *col), n);
                    }
                }
            }
            m
        })
    });
    match t {
        Template::T2021 => &maps[0],
        Template::T2019 => &maps[1],
    }
}

#[cfg(test)]
mod tests;
