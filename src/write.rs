//! write: the bytes nianbao puts on disk — the per-report JSON and the batch files —
//! and the atomic write that puts them there.
//!
//! # Output folder
//!
//! `nianbao extract INPUT... --out DIR` writes:
//!
//! | file | one row / line per | columns |
//! |---|---|---|
//! | `reports/R.json` | input file | the [`Report`](crate::report::Report) (SPEC §5), pretty JSON |
//! | `reports.csv` | input file | [`REPORTS_COLUMNS`] |
//! | `cells.csv` | canonical cell of an ok report | [`CELLS_COLUMNS`] |
//! | `wide.csv` | input file | [`WIDE_META_COLUMNS`] then one column per canonical cell ([`wide_cell_columns`]) |
//! | `anomalies.csv` | anomaly of a report | [`ANOMALIES_COLUMNS`] |
//! | `batch_anomalies.csv` | anomaly found across reports (cross-year checks) | [`BATCH_ANOMALIES_COLUMNS`] |
//! | `summary.json` | the batch | [`Summary`](crate::batch::Summary) |
//!
//! Every CSV is UTF-8 **with a BOM** (`EF BB BF`) so Excel opens the Chinese text intact;
//! pandas reads it with `encoding="utf-8-sig"`, DuckDB's `read_csv` skips the BOM itself.
//! Rows are in the order of `path` (the input order of the batch), so the files are
//! byte-identical whatever `--jobs` is. A `null` value is an empty field.
//!
//! # Atomic writes
//!
//! Every file is written to a temporary sibling (`.NAME.nianbao-tmp-PID-N`) and renamed
//! over its final name, so a run killed midway leaves each output either as the previous
//! run wrote it or as this run wrote it, never half-written. Nothing nianbao did not write
//! is ever removed.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::Serialize;
use serde_json::{Number, Value};

use crate::recognize::template;
use crate::report::{Anomaly, Report, Status, Template};

/// The byte-order mark every CSV starts with.
pub const BOM: &[u8] = "\u{feff}".as_bytes();

/// `reports.csv`: one row per input file.
///
/// - `path`: the input's relative path (`source.path`), `/`-separated; its JSON is
///   `reports/<path with .docx → .json>`
/// - `sha256`, `bytes`: of the input file
/// - `status`: `ok` or `error`
/// - `error_code`, `error_message`, `error_part`, `error_offset`: `error.*` (empty when ok)
/// - `template`: `2021` or `2019` (empty on error)
/// - `agency`, `year`, `published`: `report.*`
/// - `cells`, `cells_null`: canonical cells in the report, and how many of them are `null`
/// - `anomalies_info`, `anomalies_warning`, `anomalies_error`: anomaly counts by severity
/// - `notes`: the codes of the report-level notes (`report.notes`), `;`-separated
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
];

/// `cells.csv`: every canonical cell of every report, long form (`report.cells`).
///
/// - `path`: the report (`reports.csv` `path`)
/// - `table`, `row`, `col`: canonical keys (`applications`, `received`, `total`)
/// - `value`: the number, empty when `null`
/// - `raw`: the cell text verbatim, padding kept (empty when the row or cell is absent)
/// - `loc_table`, `loc_row`, `loc_cell`: where it was read, as `nianbao inspect` numbers
///   it (table 1-based, row and cell 0-based); empty when absent
pub const CELLS_COLUMNS: &[&str] = &[
    "path",
    "table",
    "row",
    "col",
    "value",
    "raw",
    "loc_table",
    "loc_row",
    "loc_cell",
];

/// `anomalies.csv`: every anomaly of every report, one row each, in report order.
///
/// `path`, then the [`Anomaly`] fields (`code`, `severity`, `table`, `rule`, `row`, `col`,
/// `expected`, `actual`, `raw`, `message`) and its location (`loc_table`, `loc_row`,
/// `loc_cell`); a field that does not apply to the code is empty.
pub const ANOMALIES_COLUMNS: &[&str] = &[
    "path",
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

/// A `batch_anomalies.csv` row.
pub fn batch_anomaly_fields(b: &crate::crossyear::BatchAnomaly) -> Vec<String> {
    vec![
        b.source.clone(),
        b.year.to_string(),
        b.prev_source.clone(),
        b.prev_year.to_string(),
        b.agency.clone(),
        b.agency_key.clone(),
        b.code.as_str().to_owned(),
        b.severity.as_str().to_owned(),
        b.table.clone(),
        b.row.clone(),
        b.col.clone(),
        b.expected.to_string(),
        b.actual.to_string(),
        b.message.clone(),
    ]
}

/// `wide.csv`: the first columns, before one column per canonical cell.
pub const WIDE_META_COLUMNS: &[&str] =
    &["path", "status", "template", "agency", "year", "published"];

/// The canonical-cell columns of `wide.csv`, `table.row.col`: the union of both templates'
/// cells, fixed whatever the batch holds. Tables in template order; within a table, rows
/// in template-2021 order with the rows only template 2019 has inserted after the row
/// that precedes them in template 2019; within a row, template 2021's columns then those
/// only template 2019 has. A cell a report's template lacks is empty. The keys come from
/// [`template::rows`], the lists `recognize` maps labels to.
pub fn wide_cell_columns() -> &'static [String] {
    static COLUMNS: OnceLock<Vec<String>> = OnceLock::new();
    COLUMNS.get_or_init(|| {
        let mut out = Vec::new();
        for table in template::TABLES {
            // Rows: 2021 order, each 2019-only row after its 2019 predecessor.
            let mut rows = template::rows(Template::T2021, table);
            let mut prev: Option<&str> = None;
            for (row, cols) in template::rows(Template::T2019, table) {
                match rows.iter_mut().find(|(r, _)| *r == row) {
                    Some((_, have)) => {
                        for c in cols {
                            if !have.contains(&c) {
                                have.push(c);
                            }
                        }
                    }
                    None => {
                        let at = prev
                            .and_then(|p| rows.iter().position(|(r, _)| *r == p))
                            .map_or(rows.len(), |i| i + 1);
                        rows.insert(at, (row, cols));
                    }
                }
                prev = Some(row);
            }
            for (row, cols) in rows {
                for col in cols {
                    out.push(format!("{table}.{row}.{col}"));
                }
            }
        }
        out
    })
}

/// A report as the bytes of `reports/R.json`: indented JSON with one line per table row,
/// per cell record and per anomaly (see [`LineFormatter`]), non-ASCII written as is,
/// ending with a newline.
pub fn report_json(report: &Report) -> Vec<u8> {
    let mut out = Vec::with_capacity(32 << 10);
    let mut ser = serde_json::Serializer::with_formatter(&mut out, LineFormatter::default());
    // Serializing our own types into a Vec cannot fail.
    report.serialize(&mut ser).expect("Report serializes");
    out.push(b'\n');
    out
}

/// serde_json's pretty layout down to the level of a record, each record on one line:
/// an object or array nested four deep (`tables.applications.received`), or three deep
/// as an array element (`cells[i]`, `anomalies[i]`), is written inline with `, ` and
/// `: `. A report reads and greps a row or a cell to a line, at a third of the bytes of
/// full pretty printing.
#[derive(Debug, Default)]
pub struct LineFormatter {
    depth: usize,
    /// The depth of the container that started inline writing, while inside it.
    inline_from: Option<usize>,
    /// The next container is an array element.
    array_element: bool,
    has_value: bool,
}

impl LineFormatter {
    fn open<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        let element = std::mem::take(&mut self.array_element);
        self.depth += 1;
        if self.inline_from.is_none() && (self.depth >= 4 || (self.depth == 3 && element)) {
            self.inline_from = Some(self.depth);
        }
        self.has_value = false;
        w.write_all(bracket)
    }

    fn close<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        if self.inline_from.is_none() && self.has_value {
            self.newline(w, self.depth - 1)?;
        }
        if self.inline_from == Some(self.depth) {
            self.inline_from = None;
        }
        self.depth -= 1;
        w.write_all(bracket)
    }

    fn newline<W: ?Sized + Write>(&self, w: &mut W, depth: usize) -> io::Result<()> {
        w.write_all(b"\n")?;
        for _ in 0..depth {
            w.write_all(b"  ")?;
        }
        Ok(())
    }

    fn item<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        if self.inline_from.is_some() {
            if !first {
                w.write_all(b", ")?;
            }
            Ok(())
        } else {
            if !first {
                w.write_all(b",")?;
            }
            self.newline(w, self.depth)
        }
    }
}

impl serde_json::ser::Formatter for LineFormatter {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"[")
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"]")
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.item(w, first)?;
        self.array_element = true;
        Ok(())
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.array_element = false;
        self.has_value = true;
        Ok(())
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"{")
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"}")
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.item(w, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// `R` (`a/b.docx`) → `reports/a/b.json` under `out`: `.docx` (any case) replaced by
/// `.json`, any other name gets `.json` appended.
pub fn report_path(out: &Path, rel: &str) -> PathBuf {
    let mut p = out.join("reports");
    for part in rel.split('/') {
        p.push(part);
    }
    let name = p
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let lower = name.to_ascii_lowercase();
    let json = match lower.strip_suffix(".docx") {
        Some(_) => format!("{}.json", &name[..name.len() - 5]),
        None => format!("{name}.json"),
    };
    p.set_file_name(json);
    p
}

/// What follows the final name in a temporary file's name (`.NAME.nianbao-tmp-PID-N`).
pub const TEMP_MARK: &str = ".nianbao-tmp-";

static TMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// A fresh temporary name beside `path`, in the same directory so the rename is atomic.
fn temp_beside(path: &Path) -> PathBuf {
    let n = TMP_COUNTER.fetch_add(1, Ordering::Relaxed);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}{TEMP_MARK}{}-{n}", std::process::id()))
}

/// Write `bytes` to `path` atomically: a temporary sibling, then a rename over `path`.
/// Creates the parent directories.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut f = AtomicFile::create(path)?;
    f.write_all(bytes)?;
    f.commit()
}

/// A file written under a temporary name and renamed over its final name by
/// [`AtomicFile::commit`]; dropped uncommitted, the temporary file is removed and the
/// final name untouched.
pub struct AtomicFile {
    tmp: PathBuf,
    path: PathBuf,
    file: Option<BufWriter<File>>,
}

impl AtomicFile {
    pub fn create(path: &Path) -> io::Result<AtomicFile> {
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|e| with_path(e, dir))?;
        }
        let tmp = temp_beside(path);
        let file = File::create(&tmp).map_err(|e| with_path(e, &tmp))?;
        Ok(AtomicFile {
            tmp,
            path: path.to_owned(),
            file: Some(BufWriter::with_capacity(64 << 10, file)),
        })
    }

    /// Flush and rename over the final name.
    pub fn commit(mut self) -> io::Result<()> {
        let file = self.file.take().expect("committed once");
        file.into_inner()
            .map_err(|e| with_path(e.into_error(), &self.tmp))?;
        fs::rename(&self.tmp, &self.path).map_err(|e| with_path(e, &self.path))
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file.as_mut().expect("not committed").write(buf)
    }
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.file.as_mut().expect("not committed").write_all(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.file.as_mut().expect("not committed").flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            let _ = fs::remove_file(&self.tmp);
        }
    }
}

fn with_path(e: io::Error, path: &Path) -> io::Error {
    io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

/// One report's rows for each batch CSV, formatted (without BOM or header) by the worker
/// that read it, so the ordered writer only appends bytes.
#[derive(Debug, Default)]
pub struct BatchRows {
    pub reports: Vec<u8>,
    pub cells: Vec<u8>,
    pub wide: Vec<u8>,
    pub anomalies: Vec<u8>,
}

fn csv_writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new())
}

fn finish(w: csv::Writer<Vec<u8>>) -> Vec<u8> {
    // A Vec never fails to take the flushed bytes.
    w.into_inner().expect("flush into Vec")
}

fn num(n: &Option<Number>) -> String {
    n.as_ref().map(Number::to_string).unwrap_or_default()
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(T::to_string).unwrap_or_default()
}

/// Format `report`'s rows for every batch CSV.
pub fn batch_rows(report: &Report) -> BatchRows {
    let path = report.source.path.as_str();
    let (info, warning, error) = report.severity_counts();
    let err = report.error.as_ref();
    let template = report.template.map(|t| t.as_str()).unwrap_or("");
    let status = match report.status {
        Status::Ok => "ok",
        Status::Error => "error",
    };
    let meta = &report.report;

    let mut w = csv_writer();
    let rec: [String; 18] = [
        path.to_owned(),
        report.source.sha256.clone(),
        report.source.bytes.to_string(),
        status.to_owned(),
        err.map(|e| e.code.as_str().to_owned()).unwrap_or_default(),
        err.map(|e| e.message.clone()).unwrap_or_default(),
        err.and_then(|e| e.part.clone()).unwrap_or_default(),
        err.and_then(|e| e.offset)
            .map(|o| o.to_string())
            .unwrap_or_default(),
        template.to_owned(),
        opt(&meta.agency),
        opt(&meta.year),
        opt(&meta.published),
        report.cells.len().to_string(),
        report
            .cells
            .iter()
            .filter(|c| c.value.is_none())
            .count()
            .to_string(),
        info.to_string(),
        warning.to_string(),
        error.to_string(),
        report
            .notes
            .iter()
            .map(|n| n.code.as_str())
            .collect::<Vec<_>>()
            .join(";"),
    ];
    w.write_record(&rec).expect("csv into Vec");
    let reports = finish(w);

    let mut w = csv_writer();
    for c in &report.cells {
        let loc = c.location;
        w.write_record([
            path,
            &c.table,
            &c.row,
            &c.col,
            &num(&c.value),
            c.raw.as_deref().unwrap_or(""),
            &opt(&loc.map(|l| l.table)),
            &opt(&loc.map(|l| l.row)),
            &opt(&loc.map(|l| l.cell)),
        ])
        .expect("csv into Vec");
    }
    let cells = finish(w);

    let mut w = csv_writer();
    let mut wide: Vec<String> = vec![
        path.to_owned(),
        status.to_owned(),
        template.to_owned(),
        opt(&meta.agency),
        opt(&meta.year),
        opt(&meta.published),
    ];
    for key in wide_cell_columns() {
        let mut parts = key.splitn(3, '.');
        let (t, r, c) = (parts.next(), parts.next(), parts.next());
        let v = match (t, r, c) {
            (Some(t), Some(r), Some(c)) => report
                .tables
                .get(t)
                .and_then(|rows| rows.get(r))
                .and_then(|cols| cols.get(c))
                .and_then(Value::as_number)
                .map(Number::to_string)
                .unwrap_or_default(),
            _ => String::new(),
        };
        wide.push(v);
    }
    w.write_record(&wide).expect("csv into Vec");
    let wide = finish(w);

    let mut w = csv_writer();
    for a in &report.anomalies {
        w.write_record(anomaly_fields(path, a))
            .expect("csv into Vec");
    }
    let anomalies = finish(w);

    BatchRows {
        reports,
        cells,
        wide,
        anomalies,
    }
}

/// The fields of an `anomalies.csv` row.
pub fn anomaly_fields(path: &str, a: &Anomaly) -> Vec<String> {
    let mut v = Vec::with_capacity(14);
    v.push(path.to_owned());
    let loc = a.location;
    v.extend([
        a.code.as_str().to_owned(),
        a.severity.as_str().to_owned(),
        opt(&a.table),
        opt(&a.rule),
        opt(&a.row),
        opt(&a.col),
        num(&a.expected),
        num(&a.actual),
        opt(&a.raw),
        a.message.clone(),
        opt(&loc.map(|l| l.table)),
        opt(&loc.map(|l| l.row)),
        opt(&loc.map(|l| l.cell)),
    ]);
    v
}

/// A batch CSV being written: BOM and header first, then rows appended in order;
/// [`CsvFile::commit`] renames it into place.
pub struct CsvFile {
    file: AtomicFile,
}

impl CsvFile {
    pub fn create(path: &Path, columns: &[&str]) -> io::Result<CsvFile> {
        let mut file = AtomicFile::create(path)?;
        file.write_all(BOM)?;
        let mut w = csv_writer();
        w.write_record(columns).expect("csv into Vec");
        file.write_all(&finish(w))?;
        Ok(CsvFile { file })
    }

    /// Append rows already formatted by [`batch_rows`].
    pub fn append(&mut self, rows: &[u8]) -> io::Result<()> {
        self.file.write_all(rows)
    }

    pub fn append_record(&mut self, fields: &[String]) -> io::Result<()> {
        let mut w = csv_writer();
        w.write_record(fields).expect("csv into Vec");
        self.file.write_all(&finish(w))
    }

    pub fn commit(self) -> io::Result<()> {
        self.file.commit()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_columns_are_the_union_in_template_order() {
        let cols = wide_cell_columns();
        let pos = |k: &str| {
            cols.iter()
                .position(|c| c == k)
                .unwrap_or_else(|| panic!("{k}"))
        };
        assert!(pos("active_disclosure.rules.issued") < pos("active_disclosure.rules.new_made"));
        assert!(
            pos("active_disclosure.licensing.change")
                < pos("active_disclosure.other_services.prev_items")
        );
        assert!(
            pos("active_disclosure.other_services.decisions")
                < pos("active_disclosure.penalty.decisions")
        );
        assert!(pos("applications.other.total") < pos("applications.results_total.natural_person"));
        assert!(
            pos("active_disclosure.procurement.purchase_amount")
                < pos("applications.received.natural_person")
        );
        let mut dedup = cols.to_vec();
        dedup.sort();
        dedup.dedup();
        assert_eq!(dedup.len(), cols.len());
        // 2021: 6+6+1+1+1+1 = 16 ad, 25×7 ap, 15 rl; 2019 adds 6+3+3+2+2 ad-only cells… counted.
        assert_eq!(
            cols.iter()
                .filter(|c| c.starts_with("review_litigation."))
                .count(),
            15
        );
        assert_eq!(
            cols.iter()
                .filter(|c| c.starts_with("applications."))
                .count(),
            26 * 7
        );
    }

    #[test]
    fn report_json_is_the_report_one_record_a_line() {
        use crate::report::*;
        let mut tables = serde_json::Map::new();
        tables.insert(
            "applications".into(),
            serde_json::json!({"received": {"natural_person": 1, "total": null}}),
        );
        let loc = Some(Location {
            table: 2,
            row: 3,
            cell: 1,
        });
        let report = Report {
            source: Source {
                path: "a/b.docx".into(),
                sha256: "00".into(),
                bytes: 3,
            },
            status: Status::Ok,
            error: None,
            template: Some(Template::T2021),
            report: Metadata {
                agency: Some("康家会镇".into()),
                year: Some(2021),
                published: None,
            },
            tables,
            cells: vec![CellRecord {
                table: "applications".into(),
                row: "received".into(),
                col: "natural_person".into(),
                value: Some(1.into()),
                raw: Some("\u{a0}1".into()),
                location: loc,
            }],
            anomalies: vec![Anomaly {
                location: loc,
                ..Anomaly::new(AnomalyCode::MissingCell, Severity::Warning, "空").at(
                    "applications",
                    Some("received"),
                    Some("total"),
                )
            }],
            notes: vec![],
        };
        let bytes = report_json(&report);
        let text = std::str::from_utf8(&bytes).unwrap();
        let back: Value = serde_json::from_str(text).unwrap();
        assert_eq!(back, serde_json::to_value(&report).unwrap());
        assert!(text.ends_with("}\n") && text.contains("康家会镇"), "{text}");
        assert!(
            text.contains("\n      \"received\": {\"natural_person\": 1, \"total\": null}\n"),
            "{text}"
        );
        assert!(text.contains(
            "\n    {\"table\": \"applications\", \"row\": \"received\", \"col\": \"natural_person\", \"value\": 1, \"raw\": \"\u{a0}1\", \"location\": {\"table\": 2, \"row\": 3, \"cell\": 1}}\n"
        ), "{text}");
        assert!(text.contains("\n  \"notes\": []\n}"), "{text}");
    }

    #[test]
    fn report_paths() {
        let out = Path::new("/o");
        assert_eq!(
            report_path(out, "a/b.DOCX"),
            Path::new("/o/reports/a/b.json")
        );
        assert_eq!(
            report_path(out, "x.doc"),
            Path::new("/o/reports/x.doc.json")
        );
    }
}
