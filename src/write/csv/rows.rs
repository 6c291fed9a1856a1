//! One report's rows of every batch file — `reports`, `cells`, its template's wide file,
//! `anomalies`, CSV bytes and typed Parquet rows at once — formatted by the worker that
//! read the report, so the ordered writer only appends bytes.

use serde_json::Number;

use crate::recognize::template;
use crate::report::{Anomaly, CellRecord, Report, Status, Template};
use crate::write::parquet::{Chunk, Value, parquet_columns};

use super::columns::{ANOMALIES_COLUMNS, CELLS_COLUMNS, REPORTS_COLUMNS};
use super::record::Record;
use super::wide::wide_columns;

/// One report's rows for each batch CSV, formatted (without BOM or header) by the worker
/// that read it, so the ordered writer only appends bytes.
#[derive(Debug, Default)]
pub struct BatchRows {
    pub reports: Vec<u8>,
    pub cells: Vec<u8>,
    /// The report's row of the wide file of its template
    /// ([`wide_file`](super::wide_file)); empty for a report without a template (an
    /// error record).
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
    typed.cells.reserve_rows(report.cells.len());
    typed.anomalies.reserve_rows(report.anomalies.len());
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
