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

use std::borrow::Cow;
use std::io;
use std::path::Path;
use std::sync::OnceLock;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};
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

/// The workbook's name in the output folder.
pub const XLSX_FILE: &str = "nianbao.xlsx";

/// The most rows of an Excel sheet, its header included.
pub const MAX_SHEET_ROWS: u32 = 1_048_576;

/// Excel's longest text in a cell, in UTF-16 units.
const MAX_TEXT: usize = 32_767;

/// The workbook's creation date (`docProps/core.xml`): fixed, so two runs over the same
/// inputs write the same bytes.
pub const CREATED: (u16, u8, u8) = (2000, 1, 1);

/// Excel's serial day of 1970-01-01 (days from its 1900 epoch, leap bug included).
const EXCEL_1970: i64 = 25_569;

/// The Chinese header of a batch file's column (`reports`, `cells`, `anomalies`,
/// `batch_anomalies`, `codebook`); the column's own name when it has none.
pub fn header_zh(name: &str) -> &str {
    match name {
        "path" => "文件",
        "sha256" => "SHA-256",
        "bytes" => "字节数",
        "status" => "状态",
        "error_code" => "错误代码",
        "error_message" => "错误说明",
        "error_part" => "错误部件",
        "error_offset" => "错误位置",
        "template" => "模板",
        "agency" => "机关",
        "year" => "年度",
        "published" => "发布日期",
        "cells" => "单元格数",
        "cells_null" => "空值单元格数",
        "anomalies_info" => "提示数",
        "anomalies_warning" => "警告数",
        "anomalies_error" => "错误数",
        "notes" => "备注代码",
        "format" => "格式",
        "duplicate_of" => "重复于",
        "table" => "表",
        "row" => "行",
        "col" => "列",
        "value" => "数值",
        "raw" => "原文",
        "loc_table" => "位置·表",
        "loc_row" => "位置·行",
        "loc_cell" => "位置·格",
        "loc_line" => "位置·源码行",
        "loc_paragraph" => "位置·段落",
        "code" => "异常代码",
        "severity" => "级别",
        "rule" => "规则",
        "expected" => "应为",
        "actual" => "实为",
        "message" => "说明",
        "prev_path" => "上年文件",
        "prev_year" => "上年年度",
        "agency_key" => "比对机关名",
        "key" => "键",
        "table_zh" => "表名称",
        "row_zh" => "行名称",
        "col_zh" => "列名称",
        "templates" => "模板",
        "type" => "类型",
        "unit" => "单位",
        other => other,
    }
}

/// The header of a wide sheet's column for cell `table.row.col`: the table's number, the
/// row's and the column's template labels (the codebook's), e.g.
/// `表三 | 一、本年新收政府信息公开申请数量 | 申请人情况 自然人`.
pub fn cell_header(table: &str, row: &str, col: &str) -> String {
    let label = template::table_label(table);
    let number = label.split('、').next().unwrap_or(label);
    format!(
        "表{number} | {} | {}",
        row_label(table, row).unwrap_or(row),
        col_label(table, row, col).unwrap_or(col)
    )
}

/// `s` as an Excel cell takes it: cut at [`MAX_TEXT`] UTF-16 units, with `…`.
fn excel_text(s: &str) -> Cow<'_, str> {
    // Fast path: a UTF-8 string of n bytes has at most n UTF-16 units.
    if s.len() <= MAX_TEXT {
        return Cow::Borrowed(s);
    }
    let mut units = 0;
    for (i, c) in s.char_indices() {
        units += c.len_utf16();
        if units > MAX_TEXT - 1 {
            return Cow::Owned(format!("{}…", &s[..i]));
        }
    }
    Cow::Borrowed(s)
}

fn xl_err(e: XlsxError) -> io::Error {
    io::Error::other(format!("{XLSX_FILE}: {e}"))
}

/// One logical sheet: its worksheet now being filled (a continuation once full).
struct Sheet {
    name: &'static str,
    header: Vec<String>,
    /// Index of the worksheet being filled, in the workbook.
    index: usize,
    /// 1 for the first worksheet, 2 for `NAME (2)` …
    part: u32,
    next_row: u32,
}

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

impl Sheet {
    fn new(name: &'static str, header: Vec<String>) -> Sheet {
        Sheet {
            name,
            header,
            index: 0,
            part: 1,
            next_row: 1,
        }
    }
}

/// A new worksheet `name` with `header` in bold on its first row, frozen; its index.
fn add_sheet(
    workbook: &mut Workbook,
    name: &str,
    header: &[String],
    bold: &Format,
) -> io::Result<usize> {
    let ws = workbook.add_worksheet_with_low_memory().map_err(xl_err)?;
    ws.set_name(name).map_err(xl_err)?;
    for (c, h) in header.iter().enumerate() {
        // Width from the header (a CJK character is two columns wide), within 8..40.
        let w: usize = h.chars().map(|ch| if ch.is_ascii() { 1 } else { 2 }).sum();
        ws.set_column_width(c as u16, (w + 2).clamp(8, 40) as f64)
            .map_err(xl_err)?;
        ws.write_string_with_format(0, c as u16, h, bold)
            .map_err(xl_err)?;
    }
    ws.set_freeze_panes(1, 0).map_err(xl_err)?;
    Ok(workbook.worksheets_mut().len() - 1)
}

/// The workbook's parts a row is written with.
struct Writer<'a> {
    workbook: &'a mut Workbook,
    bold: &'a Format,
    date: &'a Format,
    max_rows: u32,
}

impl Writer<'_> {
    /// Every row of `chunk`, leaving out column `skip`.
    fn rows(&mut self, sheet: &mut Sheet, chunk: &Chunk, skip: usize) -> io::Result<()> {
        let mut failed = None;
        chunk.for_each_row(|f| {
            if failed.is_none() {
                let fields = f
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != skip)
                    .map(|(_, v)| *v);
                failed = self.row(sheet, fields).err();
            }
        });
        failed.map_or(Ok(()), Err)
    }

    /// One row of `sheet`, on a continuation worksheet when the sheet is full.
    fn row<'f>(
        &mut self,
        sheet: &mut Sheet,
        fields: impl Iterator<Item = Field<'f>>,
    ) -> io::Result<()> {
        if sheet.next_row >= self.max_rows {
            sheet.part += 1;
            let name = format!("{} ({})", sheet.name, sheet.part);
            sheet.index = add_sheet(self.workbook, &name, &sheet.header, self.bold)?;
            sheet.next_row = 1;
        }
        let r = sheet.next_row;
        sheet.next_row += 1;
        let ws = self
            .workbook
            .worksheet_from_index(sheet.index)
            .map_err(xl_err)?;
        for (c, f) in fields.enumerate() {
            let c = c as u16;
            match f {
                Field::Null | Field::Text("") => {}
                Field::Text(s) => {
                    ws.write_string(r, c, excel_text(s)).map_err(xl_err)?;
                }
                Field::Int(n) => {
                    ws.write_number(r, c, n as f64).map_err(xl_err)?;
                }
                Field::Double(x) => {
                    ws.write_number(r, c, x).map_err(xl_err)?;
                }
                Field::Date(d) => {
                    ws.write_number_with_format(r, c, (d + EXCEL_1970) as f64, self.date)
                        .map_err(xl_err)?;
                }
            }
        }
        Ok(())
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
mod tests {
    use super::*;
    use crate::write::parquet::Value;

    /// Every column of every sheet has a Chinese header, each sheet's headers are
    /// distinct (pandas would rename a repeat), and `docs/schema.md` lists them.
    #[test]
    fn headers_are_chinese_distinct_and_documented() {
        let docs = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/schema.md"),
        )
        .expect("docs/schema.md");
        for cols in [
            REPORTS_COLUMNS,
            CELLS_COLUMNS,
            ANOMALIES_COLUMNS,
            BATCH_ANOMALIES_COLUMNS,
            CODEBOOK_COLUMNS,
        ] {
            let mut seen = std::collections::BTreeSet::new();
            for c in cols {
                let h = header_zh(c);
                assert!(h != *c || *c == "sha256", "{c} has no header");
                assert!(seen.insert(h), "{c}: header {h} twice");
                assert!(
                    docs.contains(&format!("| `{c}` | {h} |")),
                    "docs/schema.md: {c}"
                );
            }
        }
        for t in [Template::T2021, Template::T2019] {
            let mut seen = std::collections::BTreeSet::new();
            for key in wide_columns(t) {
                let k: Vec<&str> = key.split('.').collect();
                let h = cell_header(k[0], k[1], k[2]);
                assert!(!h.contains(k[1]) && !h.contains(k[2]), "{key}: {h}");
                assert!(seen.insert(h.clone()), "{key}: {h} twice");
            }
        }
        assert_eq!(WIDE_META_COLUMNS, ["path", "agency", "year", "published"]);
        assert_eq!(
            cell_header("applications", "received", "natural_person"),
            "表三 | 一、本年新收政府信息公开申请数量 | 申请人情况 自然人"
        );
    }

    #[test]
    fn long_texts_are_cut_at_excels_limit() {
        assert_eq!(excel_text("短"), "短");
        let long = "报".repeat(40_000);
        let cut = excel_text(&long);
        assert_eq!(cut.encode_utf16().count(), MAX_TEXT);
        assert!(cut.ends_with('…'));
        // Astral characters count two UTF-16 units each.
        let astral = "𠀀".repeat(20_000);
        assert!(excel_text(&astral).encode_utf16().count() <= MAX_TEXT);
    }

    /// A sheet that would pass its row limit goes on in `NAME (2)`, `NAME (3)` …, each
    /// with the header; every row is written once, in order.
    #[test]
    fn a_full_sheet_is_continued() {
        let dir = std::env::temp_dir().join(format!("nianbao-xlsx-unit-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("tmp");
        let path = dir.join(XLSX_FILE);
        let mut x = XlsxFile::with_max_rows(&path, &dir, 4).expect("create");
        let mut chunk = Chunk::new(&parquet_columns(BATCH_ANOMALIES_COLUMNS));
        for i in 0..7 {
            chunk.push(Value::Text(&format!("=p{i}")));
            chunk.push(Value::Int(2021));
            chunk.end_row();
        }
        x.append_batch_anomalies(&chunk).expect("rows");
        x.commit().expect("save");
        let bytes = std::fs::read(&path).expect("written");
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
        let mut part = |name: &str| {
            let mut s = String::new();
            std::io::Read::read_to_string(&mut zip.by_name(name).expect(name), &mut s)
                .expect("utf-8");
            s
        };
        let workbook = part("xl/workbook.xml");
        let names: Vec<&str> = workbook
            .split("<sheet name=\"")
            .skip(1)
            .filter_map(|s| s.split('"').next())
            .collect();
        assert_eq!(
            names,
            [
                "报告",
                "单元格",
                "异常",
                "宽表2021",
                "宽表2019",
                "跨年异常",
                "代码表",
                "跨年异常 (2)",
                "跨年异常 (3)"
            ]
        );
        // 3 rows a sheet under the header: p0-p2, p3-p5, p6; text as strings, never <f>.
        let strings = part("xl/sharedStrings.xml");
        for i in 0..7 {
            assert!(strings.contains(&format!("<t>=p{i}</t>")), "{strings}");
        }
        for (sheet, rows) in [(6, 4), (8, 4), (9, 2)] {
            let xml = part(&format!("xl/worksheets/sheet{sheet}.xml"));
            assert_eq!(xml.matches("<row ").count(), rows, "sheet{sheet}");
            assert!(!xml.contains("<f>"), "{xml}");
            assert!(xml.contains("<pane ySplit=\"1\""), "frozen header: {xml}");
        }
        let core = part("docProps/core.xml");
        assert!(core.contains("2000-01-01T00:00:00Z"), "{core}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
