//! The batch CSVs: their columns (documented field by field) and their rows, appended
//! straight into byte buffers.

use std::io::{self, Write};
use std::path::Path;
use std::sync::OnceLock;

use serde_json::Number;

use crate::recognize::template;
use crate::report::{Anomaly, CellRecord, Location, Report, Status, Template};

use super::files::AtomicFile;
use super::parquet::{Chunk, Value, parquet_columns};
use super::{push_i64, push_u64};

/// The byte-order mark every CSV starts with.
pub const BOM: &[u8] = "\u{feff}".as_bytes();

/// `reports.csv`: one row per input file.
///
/// - `path`: the input's relative path (`source.path`), `/`-separated; its JSON is
///   `reports/<path with .docx → .json>`, except for a `~N` when two names collide or
///   a hash when a name is too long (README, "Bounds and safety")
/// - `sha256`, `bytes`: of the input file
/// - `status`: `ok` or `error`
/// - `error_code`, `error_message`, `error_part`, `error_offset`: `error.*` (empty when ok)
/// - `template`: `2021` or `2019` (empty on error)
/// - `agency`, `year`, `published`: `report.*`
/// - `cells`, `cells_null`: canonical cells in the report, and how many of them are `null`
/// - `anomalies_info`, `anomalies_warning`, `anomalies_error`: anomaly counts by severity
/// - `notes`: the codes of the report-level notes (`report.notes`), `;`-separated
/// - `format`: `source.format` (`docx`, `html`, `doc`, … ; empty when of no report format)
/// - `duplicate_of`: `source.duplicate_of`, the path of the earlier input with the same
///   bytes (empty for a first copy): `WHERE duplicate_of IS NULL` counts each report once
pub const REPORTS_COLUMNS: &[&str] = &[
    "path",
    "sha256",
    "bytes",
    "status",
    "error_code",
    "error_message",
    "error_part",
    "error_offset",
    "template",
    "agency",
    "year",
    "published",
    "cells",
    "cells_null",
    "anomalies_info",
    "anomalies_warning",
    "anomalies_error",
    "notes",
    "format",
    "duplicate_of",
];

/// `cells.csv`: every canonical cell of every report, long form (`report.cells`).
///
/// - `path`: the report (`reports.csv` `path`)
/// - `agency`, `year`, `template`: the report's (`reports.csv`), joined in for analyses
/// - `table`, `row`, `col`: canonical keys (`applications`, `received`, `total`)
/// - `value`: the number, empty when `null`
/// - `raw`: the cell text verbatim, padding kept (empty when the row or cell is absent)
/// - `loc_table`, `loc_row`, `loc_cell`: where it was read, as `nianbao inspect` numbers
///   it (table 1-based, row and cell 0-based); empty when absent
/// - `loc_line`: in a page (HTML, MHT), the line of the cell's start tag; empty otherwise
pub const CELLS_COLUMNS: &[&str] = &[
    "path",
    "agency",
    "year",
    "template",
    "table",
    "row",
    "col",
    "value",
    "raw",
    "loc_table",
    "loc_row",
    "loc_cell",
    "loc_line",
];

/// `anomalies.csv`: every anomaly of every report, one row each, in report order.
///
/// `path`, the report's `agency`, `year` and `template` (joined from `reports.csv`), then
/// the [`Anomaly`] fields (`code`, `severity`, `table`, `rule`, `row`, `col`,
/// `expected`, `actual`, `raw`, `message`) and its location (`loc_table`, `loc_row`,
/// `loc_cell`, and in a page `loc_line`; `loc_paragraph` for an anomaly about the body
/// text); a field that does not apply to the code is empty.
pub const ANOMALIES_COLUMNS: &[&str] = &[
    "path",
    "agency",
    "year",
    "template",
    "code",
    "severity",
    "table",
    "rule",
    "row",
    "col",
    "expected",
    "actual",
    "raw",
    "message",
    "loc_table",
    "loc_row",
    "loc_cell",
    "loc_line",
    "loc_paragraph",
];

/// `batch_anomalies.csv`: anomalies found by comparing reports with each other — the
/// cross-year checks of [`crate::crossyear`] (`carry_over_mismatch`, `in_force_mismatch`),
/// run after every report is read. One row per finding, ordered by agency, year, rule.
///
/// - `path`, `year`: the later report (whose published figure disagrees)
/// - `prev_path`, `prev_year`: the earlier report it was compared with
/// - `agency`: as the later report writes it; `agency_key`: the name both reports match on
/// - `code`, `severity`, `table`, `row`, `col`: as in `anomalies.csv`
/// - `expected`: the figure the earlier report implies; `actual`: the one published
/// - `message`
pub const BATCH_ANOMALIES_COLUMNS: &[&str] = &[
    "path",
    "year",
    "prev_path",
    "prev_year",
    "agency",
    "agency_key",
    "code",
    "severity",
    "table",
    "row",
    "col",
    "expected",
    "actual",
    "message",
];

/// A `batch_anomalies.csv` row, appended to `out`.
pub fn batch_anomaly_row(out: &mut Vec<u8>, b: &crate::crossyear::BatchAnomaly) {
    batch_anomaly_record(Record::new(out), b);
}

/// A `batch_anomalies.csv` row appended to `out`, and the same row to `typed` (a chunk of
/// `batch_anomalies.parquet`, [`batch_anomalies_chunk`]).
pub fn batch_anomaly_rows(
    out: &mut Vec<u8>,
    typed: &mut Chunk,
    b: &crate::crossyear::BatchAnomaly,
) {
    batch_anomaly_record(Record::with_typed(out, typed), b);
}

/// An empty chunk of `batch_anomalies.parquet` rows.
pub fn batch_anomalies_chunk() -> Chunk {
    Chunk::new(&parquet_columns(BATCH_ANOMALIES_COLUMNS))
}

fn batch_anomaly_record(mut r: Record, b: &crate::crossyear::BatchAnomaly) {
    r.str(&b.source)
        .int(b.year.into())
        .str(&b.prev_source)
        .int(b.prev_year.into())
        .str(&b.agency)
        .str(&b.agency_key)
        .str(b.code.as_str())
        .str(b.severity.as_str())
        .str(&b.table)
        .str(&b.row)
        .str(&b.col)
        .num(Some(&b.expected))
        .num(Some(&b.actual))
        .str(&b.message)
        .end();
}

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
pub(super) fn union_rows() -> &'static [(&'static str, RowCols)] {
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

/// One report's rows for each batch CSV, formatted (without BOM or header) by the worker
/// that read it, so the ordered writer only appends bytes.
#[derive(Debug, Default)]
pub struct BatchRows {
    pub reports: Vec<u8>,
    pub cells: Vec<u8>,
    /// The report's row of the wide file of its template ([`wide_file`]); empty for a
    /// report without a template (an error record).
    pub wide: Vec<u8>,
    pub template: Option<Template>,
    pub anomalies: Vec<u8>,
    /// The same rows, typed, for the Parquet files.
    pub typed: TypedRows,
}

/// One report's rows of `reports.parquet`, `cells.parquet` and `anomalies.parquet`.
#[derive(Debug, Clone)]
pub struct TypedRows {
    pub reports: Chunk,
    pub cells: Chunk,
    pub anomalies: Chunk,
}

impl TypedRows {
    fn new() -> TypedRows {
        TypedRows {
            reports: Chunk::new(&parquet_columns(REPORTS_COLUMNS)),
            cells: Chunk::new(&parquet_columns(CELLS_COLUMNS)),
            anomalies: Chunk::new(&parquet_columns(ANOMALIES_COLUMNS)),
        }
    }
}

impl Default for TypedRows {
    fn default() -> TypedRows {
        TypedRows::new()
    }
}

/// A CSV record being written straight into a byte buffer, quoted as the csv crate
/// quotes by default (`QuoteStyle::Necessary`): a field holding `,`, `"`, CR or LF is
/// put in quotes with its quotes doubled; a record ends with `\n`. No field is a `String`
/// of its own; numbers are written as their digits.
///
/// Text fields ([`Record::str`]) that a spreadsheet would take for a formula — starting
/// with `=`, `+`, `-`, `@`, a tab or a CR — get a leading `'` (the OWASP rule against CSV
/// injection: Excel and LibreOffice then show the text, never run `=HYPERLINK(…)`).
/// Number fields ([`Record::num`], [`Record::int`]) are written as they are: `-3` is a
/// number, not a formula.
pub(super) struct Record<'a> {
    out: &'a mut Vec<u8>,
    first: bool,
    typed: Option<&'a mut Chunk>,
}

impl<'a> Record<'a> {
    pub(super) fn new(out: &'a mut Vec<u8>) -> Record<'a> {
        Record {
            out,
            first: true,
            typed: None,
        }
    }

    /// A record whose fields also go, typed, to `typed` (the row of a Parquet file).
    fn with_typed(out: &'a mut Vec<u8>, typed: &'a mut Chunk) -> Record<'a> {
        Record {
            out,
            first: true,
            typed: Some(typed),
        }
    }

    fn sep(&mut self) {
        if !std::mem::replace(&mut self.first, false) {
            self.out.push(b',');
        }
    }

    /// The next typed column's value only (nothing in the CSV).
    fn typed_only(&mut self, v: Value) -> &mut Self {
        if let Some(t) = self.typed.as_deref_mut() {
            t.push(v);
        }
        self
    }

    /// A text field, made safe for spreadsheets (see [`formula_like`]); verbatim in the
    /// typed row.
    pub(super) fn str(&mut self, s: &str) -> &mut Self {
        self.typed_only(Value::Text(s));
        if formula_like(s) {
            self.sep();
            // `'` + the text: the text's own quoting rules still apply.
            let mut quoted = Vec::with_capacity(s.len() + 3);
            Record::new(&mut quoted).quote(s);
            let start = usize::from(quoted.first() == Some(&b'"'));
            quoted.insert(start, b'\'');
            self.out.extend_from_slice(&quoted);
            return self;
        }
        self.quote(s)
    }

    /// A field written as it is (quoted when it must be): numbers and codes.
    fn plain(&mut self, s: &str) -> &mut Self {
        self.typed_only(Value::Text(s));
        self.quote(s)
    }

    /// `s` as a CSV field, quoted when it must be.
    fn quote(&mut self, s: &str) -> &mut Self {
        self.sep();
        let b = s.as_bytes();
        if b.iter().any(|&c| matches!(c, b',' | b'"' | b'\r' | b'\n')) {
            self.out.reserve(b.len() + 2);
            self.out.push(b'"');
            for part in b.split_inclusive(|&c| c == b'"') {
                self.out.extend_from_slice(part);
                if part.ends_with(b"\"") {
                    self.out.push(b'"');
                }
            }
            self.out.push(b'"');
        } else {
            self.out.extend_from_slice(b);
        }
        self
    }

    /// Fields already quoted by [`Record::str`] (CSV only: their typed values are pushed
    /// by the caller).
    fn field(&mut self, quoted: &[u8]) -> &mut Self {
        self.sep();
        self.out.extend_from_slice(quoted);
        self
    }

    fn opt_str(&mut self, s: Option<&str>) -> &mut Self {
        self.str(s.unwrap_or(""))
    }

    fn null(&mut self) -> &mut Self {
        self.typed_only(Value::Null);
        self.quote("")
    }

    /// A number as published (`arbitrary_precision` keeps its text); empty when `None`.
    fn num(&mut self, n: Option<&Number>) -> &mut Self {
        match n {
            Some(n) => {
                self.typed_only(Value::Num(n));
                self.quote(n.as_str())
            }
            None => self.null(),
        }
    }

    fn opt_int(&mut self, n: Option<i64>) -> &mut Self {
        match n {
            Some(n) => self.int(n),
            None => self.null(),
        }
    }

    fn uint(&mut self, n: u64) -> &mut Self {
        self.typed_only(Value::Int(i64::try_from(n).unwrap_or(i64::MAX)));
        self.sep();
        push_u64(self.out, n);
        self
    }

    fn opt_uint(&mut self, n: Option<u64>) -> &mut Self {
        match n {
            Some(n) => self.uint(n),
            None => self.null(),
        }
    }

    fn int(&mut self, n: i64) -> &mut Self {
        self.typed_only(Value::Int(n));
        self.sep();
        push_i64(self.out, n);
        self
    }

    /// A location's four fields (`loc_table`, `loc_row`, `loc_cell`, `loc_line`), each
    /// empty when absent (`loc_line` is a page's only).
    fn location(&mut self, loc: Option<Location>) -> &mut Self {
        self.opt_uint(loc.map(|l| l.table as u64))
            .opt_uint(loc.map(|l| l.row as u64))
            .opt_uint(loc.map(|l| l.cell as u64))
            .opt_uint(loc.and_then(|l| l.line).map(u64::from))
    }

    /// The record terminator; the record is done.
    pub(super) fn end(&mut self) {
        self.out.push(b'\n');
        self.first = true;
        if let Some(t) = self.typed.as_deref_mut() {
            t.end_row();
        }
    }
}

/// Format `report`'s rows for every batch CSV.
pub fn batch_rows(report: &Report) -> BatchRows {
    let path = report.source.path.as_str();
    let status = match report.status {
        Status::Ok => "ok",
        Status::Error => "error",
    };
    let template = report.template.map_or("", Template::as_str);
    let meta = &report.report;

    let mut typed = TypedRows::new();
    let mut reports = Vec::with_capacity(256);
    let (info, warning, error) = report.severity_counts();
    let err = report.error.as_ref();
    let mut r = Record::with_typed(&mut reports, &mut typed.reports);
    r.str(path)
        .str(&report.source.sha256)
        .uint(report.source.bytes)
        .str(status)
        .str(err.map_or("", |e| e.code.as_str()))
        .str(err.map_or("", |e| e.message.as_str()))
        .opt_str(err.and_then(|e| e.part.as_deref()))
        .opt_uint(err.and_then(|e| e.offset))
        .str(template)
        .opt_str(meta.agency.as_deref());
    r.opt_int(meta.year.map(i64::from));
    r.opt_str(meta.published.as_deref())
        .uint(report.cells.len() as u64)
        .uint(report.cells.iter().filter(|c| c.value.is_none()).count() as u64)
        .uint(info as u64)
        .uint(warning as u64)
        .uint(error as u64);
    // The note codes, `;`-joined: codes are snake_case, nothing to quote.
    if report.notes.is_empty() {
        r.null();
    } else {
        let codes: Vec<&str> = report.notes.iter().map(|n| n.code.as_str()).collect();
        r.plain(&codes.join(";"));
    }
    r.str(report.source.format.map_or("", |f| f.as_str()));
    r.opt_str(report.source.duplicate_of.as_deref());
    r.end();

    // The report's fields begin every cells and anomalies row (path, agency, year,
    // template): quoted (when they must be) once.
    let mut joined = Vec::with_capacity(path.len() + 64);
    Record::new(&mut joined)
        .str(path)
        .opt_str(meta.agency.as_deref())
        .opt_int(meta.year.map(i64::from))
        .plain(template);
    let mut cells = Vec::with_capacity(report.cells.len() * (joined.len() + 72));
    let joined_typed = |r: &mut Record| {
        r.typed_only(Value::Text(path))
            .typed_only(meta.agency.as_deref().map_or(Value::Null, Value::Text))
            .typed_only(meta.year.map_or(Value::Null, |y| Value::Int(y.into())))
            .typed_only(Value::Text(template));
    };
    for c in &report.cells {
        let mut r = Record::with_typed(&mut cells, &mut typed.cells);
        r.field(&joined);
        joined_typed(&mut r);
        r.str(c.table)
            .str(c.row)
            .str(c.col)
            .num(c.value.as_ref())
            .typed_only(
                c.value
                    .as_ref()
                    .and_then(Number::as_i64)
                    .map_or(Value::Null, Value::Int),
            )
            .opt_str(c.raw.as_deref())
            .location(c.location)
            .end();
    }

    let mut wide = Vec::new();
    if let Some(t) = report.template {
        wide.reserve(path.len() + 128 + wide_columns(t).len() * 2);
        let mut r = Record::new(&mut wide);
        r.str(path)
            .opt_str(meta.agency.as_deref())
            .opt_int(meta.year.map(i64::from))
            .opt_str(meta.published.as_deref());
        let mut by_key = InOrder::new(&report.cells);
        for table in template::TABLES {
            for (row, cols) in template::rows(t, table) {
                for col in cols {
                    r.num(by_key.value(table, row, col));
                }
            }
        }
        r.end();
    }

    let mut anomalies = Vec::with_capacity(report.anomalies.len() * (joined.len() + 160));
    for a in &report.anomalies {
        let mut r = Record::with_typed(&mut anomalies, &mut typed.anomalies);
        r.field(&joined);
        joined_typed(&mut r);
        anomaly_fields(r, a);
    }

    BatchRows {
        reports,
        cells,
        wide,
        template: report.template,
        anomalies,
        typed,
    }
}

/// Lookups of a report's cells by key, the keys asked in its wide file's order: a
/// report's cells come in its template's order, which the wide file follows, so the cell
/// after the last one found is tried first and most keys are found by one comparison;
/// any other key (a table read in the other template) by a scan.
struct InOrder<'a> {
    cells: &'a [CellRecord],
    next: usize,
}

impl<'a> InOrder<'a> {
    fn new(cells: &'a [CellRecord]) -> InOrder<'a> {
        InOrder { cells, next: 0 }
    }

    /// The value of cell `table.row.col`: `None` when it is `null` or absent.
    fn value(&mut self, table: &str, row: &str, col: &str) -> Option<&'a Number> {
        let is = |c: &CellRecord| c.col == col && c.row == row && c.table == table;
        let at = match self.cells.get(self.next) {
            Some(c) if is(c) => self.next,
            _ => self.cells.iter().position(is)?,
        };
        self.next = at + 1;
        self.cells[at].value.as_ref()
    }
}

/// An `anomalies.csv` row's fields after the report's (path, agency, year, template).
fn anomaly_fields(mut r: Record, a: &Anomaly) {
    r.str(a.code.as_str())
        .str(a.severity.as_str())
        .opt_str(a.table.as_deref())
        .opt_str(a.rule.as_deref())
        .opt_str(a.row.as_deref())
        .opt_str(a.col.as_deref())
        .num(a.expected.as_ref())
        .num(a.actual.as_ref())
        .opt_str(a.raw.as_deref())
        .str(&a.message)
        .location(a.location)
        .opt_uint(a.paragraph.map(|p| p as u64))
        .end();
}

/// Whether a text field would be read as a formula by a spreadsheet: it starts with `=`,
/// `+`, `-`, `@` (what Excel and LibreOffice evaluate), a tab or a CR (what the OWASP
/// rule adds: leading whitespace a spreadsheet may strip before evaluating).
pub fn formula_like(s: &str) -> bool {
    matches!(
        s.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    )
}

/// A batch CSV being written: BOM and header first, then rows appended in order;
/// [`CsvFile::commit`] renames it into place.
pub struct CsvFile {
    file: AtomicFile,
}

impl CsvFile {
    pub fn create(path: &Path, columns: &[&str]) -> io::Result<CsvFile> {
        let mut file = AtomicFile::create(path)?;
        let mut head = BOM.to_vec();
        let mut r = Record::new(&mut head);
        for c in columns {
            r.plain(c);
        }
        r.end();
        file.write_all(&head)?;
        Ok(CsvFile { file })
    }

    /// Append rows already formatted by [`batch_rows`] or [`batch_anomaly_row`].
    pub fn append(&mut self, rows: &[u8]) -> io::Result<()> {
        self.file.write_all(rows)
    }

    pub fn commit(self) -> io::Result<()> {
        self.file.commit()
    }
}
