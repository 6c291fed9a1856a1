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
//! # Cost
//!
//! Every writer appends bytes to a buffer: no `String` per field, numbers written as their
//! digits or their published text, the JSON written by hand (see [`write_report_json`])
//! into a buffer each worker reuses. `tests/cli.rs` pins the bytes and checks them against
//! serde_json and the csv crate.
//!
//! # Atomic writes
//!
//! Every file is written to a temporary sibling (`.NAME.nianbao-tmp-PID-N`) and renamed
//! over its final name, so a run killed midway leaves each output either as the previous
//! run wrote it or as this run wrote it, never half-written. Nothing nianbao did not write
//! is ever removed.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::iter::Peekable;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::Serialize;
use serde_json::{Map, Number, Value};

use crate::recognize::template;
use crate::report::{
    Anomaly, CellRecord, ErrorRecord, Location, Metadata, Report, Source, Status, Template,
};

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

/// A `batch_anomalies.csv` row, appended to `out`.
pub fn batch_anomaly_row(out: &mut Vec<u8>, b: &crate::crossyear::BatchAnomaly) {
    let mut r = Record::new(out);
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
    &wide_layout().columns
}

/// `wide.csv`'s cell columns, as names and grouped by table and row for the lookups.
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

/// A report as the bytes of `reports/R.json` (see [`write_report_json`]).
pub fn report_json(report: &Report) -> Vec<u8> {
    let mut out = Vec::with_capacity(48 << 10);
    write_report_json(report, &mut out);
    out
}

/// Append a report as the bytes of `reports/R.json` to `out` (a buffer a worker reuses
/// from report to report): serde_json's pretty layout down to the level of a record,
/// each record on one line, non-ASCII written as is, ending with a newline.
///
/// ```text
/// {
///   "source": {
///     "path": "a.docx", …
///   },
///   …
///   "tables": {
///     "applications": {
///       "received": {"natural_person": 1, "total": null},   ← object 4 deep: one line
///       …
///     }
///   },
///   "cells": [
///     {"table": "applications", …, "location": {"table": 2, "row": 3, "cell": 1}},   ← array element 3 deep: one line
///   …
/// ```
///
/// A report reads and greps a row or a cell to a line, at a third of the bytes of full
/// pretty printing. Written by hand rather than through `Serialize`: strings, numbers
/// (their text as published, `arbitrary_precision`) and containers go straight into
/// `out`, with serde_json's escaping (`tests/cli.rs` holds the serde version and checks
/// both write the same bytes); the enums go through their `Serialize` impl, so their
/// names stay those of `report.rs`.
pub fn write_report_json(report: &Report, out: &mut Vec<u8>) {
    let mut top = Json::pretty(out, b'{', 1);
    top.key(out, "source");
    let s = &report.source;
    let mut o = Json::pretty(out, b'{', 2);
    o.key(out, "path");
    json_str(out, &s.path);
    o.key(out, "sha256");
    json_str(out, &s.sha256);
    o.key(out, "bytes");
    push_u64(out, s.bytes);
    o.close(out, b'}');

    top.key(out, "status");
    json_enum(out, &report.status);
    top.key(out, "error");
    match &report.error {
        None => out.extend_from_slice(b"null"),
        Some(e) => {
            let mut o = Json::pretty(out, b'{', 2);
            o.key(out, "code");
            json_enum(out, &e.code);
            o.key(out, "message");
            json_str(out, &e.message);
            if let Some(part) = &e.part {
                o.key(out, "part");
                json_str(out, part);
            }
            if let Some(offset) = e.offset {
                o.key(out, "offset");
                push_u64(out, offset);
            }
            o.close(out, b'}');
        }
    }
    top.key(out, "template");
    match &report.template {
        None => out.extend_from_slice(b"null"),
        Some(t) => json_enum(out, t),
    }
    top.key(out, "report");
    let m = &report.report;
    let mut o = Json::pretty(out, b'{', 2);
    o.key(out, "agency");
    json_opt_str(out, m.agency.as_deref());
    o.key(out, "year");
    match m.year {
        None => out.extend_from_slice(b"null"),
        Some(y) => push_i64(out, y.into()),
    }
    o.key(out, "published");
    json_opt_str(out, m.published.as_deref());
    o.close(out, b'}');

    top.key(out, "tables");
    let mut o = Json::pretty(out, b'{', 2);
    for (k, v) in &report.tables {
        o.key(out, k);
        json_value(out, v, 3, false);
    }
    o.close(out, b'}');

    top.key(out, "cells");
    let mut a = Json::pretty(out, b'[', 2);
    for c in &report.cells {
        a.next(out);
        // 200 a report, all with the same keys: each key with its punctuation in one piece.
        out.extend_from_slice(b"{\"table\": ");
        json_str(out, &c.table);
        out.extend_from_slice(b", \"row\": ");
        json_str(out, &c.row);
        out.extend_from_slice(b", \"col\": ");
        json_str(out, &c.col);
        out.extend_from_slice(b", \"value\": ");
        json_opt_num(out, c.value.as_ref());
        out.extend_from_slice(b", \"raw\": ");
        json_opt_str(out, c.raw.as_deref());
        out.extend_from_slice(b", \"location\": ");
        json_location(out, c.location);
        out.push(b'}');
    }
    a.close(out, b']');

    for (key, list) in [("anomalies", &report.anomalies), ("notes", &report.notes)] {
        top.key(out, key);
        let mut a = Json::pretty(out, b'[', 2);
        for x in list {
            a.next(out);
            json_anomaly(out, x);
        }
        a.close(out, b']');
    }
    top.close(out, b'}');
    out.push(b'\n');
}

// The JSON is spelled out field by field: a field added to one of these types must be
// added to the writer too, so adding one fails to compile here (and `tests/cli.rs` checks
// the bytes against serde's output).
const _: fn(&Report, &CellRecord, &Anomaly, &ErrorRecord, &Location) = |r, c, a, e, l| {
    let Report {
        source: Source {
            path: _,
            sha256: _,
            bytes: _,
        },
        status: _,
        error: _,
        template: _,
        report:
            Metadata {
                agency: _,
                year: _,
                published: _,
            },
        tables: _,
        cells: _,
        anomalies: _,
        notes: _,
    } = r;
    let CellRecord {
        table: _,
        row: _,
        col: _,
        value: _,
        raw: _,
        location: _,
    } = c;
    let Anomaly {
        code: _,
        severity: _,
        table: _,
        rule: _,
        row: _,
        col: _,
        expected: _,
        actual: _,
        raw: _,
        message: _,
        location: _,
    } = a;
    let ErrorRecord {
        code: _,
        message: _,
        part: _,
        offset: _,
    } = e;
    let Location {
        table: _,
        row: _,
        cell: _,
    } = l;
};

/// An anomaly as one inline object; fields that are `None` are left out (as
/// `skip_serializing_if` says in `report.rs`), `message` always written.
fn json_anomaly(out: &mut Vec<u8>, x: &Anomaly) {
    let mut o = Json::inline(out, b'{');
    o.key(out, "code");
    json_enum(out, &x.code);
    o.key(out, "severity");
    json_enum(out, &x.severity);
    for (key, v) in [
        ("table", &x.table),
        ("rule", &x.rule),
        ("row", &x.row),
        ("col", &x.col),
    ] {
        if let Some(v) = v {
            o.key(out, key);
            json_str(out, v);
        }
    }
    for (key, v) in [("expected", &x.expected), ("actual", &x.actual)] {
        if let Some(v) = v {
            o.key(out, key);
            out.extend_from_slice(v.as_str().as_bytes());
        }
    }
    if let Some(raw) = &x.raw {
        o.key(out, "raw");
        json_str(out, raw);
    }
    o.key(out, "message");
    json_str(out, &x.message);
    if x.location.is_some() {
        o.key(out, "location");
        json_location(out, x.location);
    }
    o.close(out, b'}');
}

/// One JSON object or array being written: pretty (each member on its own line,
/// indented to its depth, the closing bracket on a line of its own) or inline (members
/// separated by `, `).
struct Json {
    /// Nesting depth (the top-level object is 1); 0 when inline.
    depth: usize,
    empty: bool,
}

impl Json {
    fn pretty(out: &mut Vec<u8>, open: u8, depth: usize) -> Json {
        out.push(open);
        Json { depth, empty: true }
    }

    fn inline(out: &mut Vec<u8>, open: u8) -> Json {
        out.push(open);
        Json {
            depth: 0,
            empty: true,
        }
    }

    /// Before each member.
    fn next(&mut self, out: &mut Vec<u8>) {
        let first = std::mem::replace(&mut self.empty, false);
        if self.depth == 0 {
            if !first {
                out.extend_from_slice(b", ");
            }
        } else {
            if !first {
                out.push(b',');
            }
            newline(out, self.depth);
        }
    }

    fn key(&mut self, out: &mut Vec<u8>, key: &str) {
        self.next(out);
        json_str(out, key);
        out.extend_from_slice(b": ");
    }

    fn close(self, out: &mut Vec<u8>, close: u8) {
        if self.depth > 0 && !self.empty {
            newline(out, self.depth - 1);
        }
        out.push(close);
    }
}

fn newline(out: &mut Vec<u8>, depth: usize) {
    out.push(b'\n');
    for _ in 0..depth {
        out.extend_from_slice(b"  ");
    }
}

/// Any value under `tables`, laid out by the rule of [`write_report_json`]: a container
/// `depth` deep is inline from depth 4, or from depth 3 as an array element.
fn json_value(out: &mut Vec<u8>, v: &Value, depth: usize, element: bool) {
    let inline = depth >= 4 || (depth == 3 && element);
    let open = |out: &mut Vec<u8>, bracket| {
        if inline {
            Json::inline(out, bracket)
        } else {
            Json::pretty(out, bracket, depth)
        }
    };
    match v {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Value::Number(n) => out.extend_from_slice(n.as_str().as_bytes()),
        Value::String(s) => json_str(out, s),
        Value::Array(items) => {
            let mut a = open(out, b'[');
            for item in items {
                a.next(out);
                json_value(out, item, depth + 1, true);
            }
            a.close(out, b']');
        }
        Value::Object(members) => {
            let mut o = open(out, b'{');
            for (k, item) in members {
                o.key(out, k);
                json_value(out, item, depth + 1, false);
            }
            o.close(out, b'}');
        }
    }
}

fn json_location(out: &mut Vec<u8>, loc: Option<Location>) {
    let Some(l) = loc else {
        out.extend_from_slice(b"null");
        return;
    };
    out.extend_from_slice(b"{\"table\": ");
    push_u64(out, l.table as u64);
    out.extend_from_slice(b", \"row\": ");
    push_u64(out, l.row as u64);
    out.extend_from_slice(b", \"cell\": ");
    push_u64(out, l.cell as u64);
    out.push(b'}');
}

fn json_opt_num(out: &mut Vec<u8>, n: Option<&Number>) {
    match n {
        None => out.extend_from_slice(b"null"),
        Some(n) => out.extend_from_slice(n.as_str().as_bytes()),
    }
}

fn json_opt_str(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        None => out.extend_from_slice(b"null"),
        Some(s) => json_str(out, s),
    }
}

/// A unit enum (`status`, `code`, …) as its `Serialize` impl names it.
fn json_enum<T: Serialize>(out: &mut Vec<u8>, v: &T) {
    // Serializing our own types into a Vec cannot fail.
    serde_json::to_writer(&mut *out, v).expect("enum serializes");
}

/// A JSON string. Most texts need no escape and are copied in one go; the others go
/// through serde_json, so the escapes are its own (`\n`, `\"`, `\u0001`; non-ASCII and
/// U+2028 as is).
fn json_str(out: &mut Vec<u8>, s: &str) {
    if s.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\') {
        serde_json::to_writer(&mut *out, s).expect("a str serializes");
    } else {
        out.reserve(s.len() + 2);
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    }
}

/// `n` in decimal.
fn push_u64(out: &mut Vec<u8>, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
}

fn push_i64(out: &mut Vec<u8>, n: i64) {
    if n < 0 {
        out.push(b'-');
    }
    push_u64(out, n.unsigned_abs());
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
    // Unbuffered: the bytes are already in one piece, a buffer would only copy them.
    let mut f = AtomicFile::with_buffer(path, 0)?;
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
        AtomicFile::with_buffer(path, 64 << 10)
    }

    fn with_buffer(path: &Path, capacity: usize) -> io::Result<AtomicFile> {
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|e| with_path(e, dir))?;
        }
        let tmp = temp_beside(path);
        let file = File::create(&tmp).map_err(|e| with_path(e, &tmp))?;
        Ok(AtomicFile {
            tmp,
            path: path.to_owned(),
            file: Some(BufWriter::with_capacity(capacity, file)),
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

/// A CSV record being written straight into a byte buffer, quoted as the csv crate
/// quotes by default (`QuoteStyle::Necessary`): a field holding `,`, `"`, CR or LF is
/// put in quotes with its quotes doubled; a record ends with `\n`. No field is a `String`
/// of its own; numbers are written as their digits.
struct Record<'a> {
    out: &'a mut Vec<u8>,
    first: bool,
}

impl<'a> Record<'a> {
    fn new(out: &'a mut Vec<u8>) -> Record<'a> {
        Record { out, first: true }
    }

    fn sep(&mut self) {
        if !std::mem::replace(&mut self.first, false) {
            self.out.push(b',');
        }
    }

    fn str(&mut self, s: &str) -> &mut Self {
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

    /// A field already quoted by [`Record::str`].
    fn field(&mut self, quoted: &[u8]) -> &mut Self {
        self.sep();
        self.out.extend_from_slice(quoted);
        self
    }

    fn opt_str(&mut self, s: Option<&str>) -> &mut Self {
        self.str(s.unwrap_or(""))
    }

    /// A number as published (`arbitrary_precision` keeps its text); empty when `None`.
    fn num(&mut self, n: Option<&Number>) -> &mut Self {
        self.str(n.map_or("", Number::as_str))
    }

    fn uint(&mut self, n: u64) -> &mut Self {
        self.sep();
        push_u64(self.out, n);
        self
    }

    fn opt_uint(&mut self, n: Option<u64>) -> &mut Self {
        match n {
            Some(n) => self.uint(n),
            None => self.str(""),
        }
    }

    fn int(&mut self, n: i64) -> &mut Self {
        self.sep();
        push_i64(self.out, n);
        self
    }

    /// A location's three fields (`loc_table`, `loc_row`, `loc_cell`), empty when absent.
    fn location(&mut self, loc: Option<Location>) -> &mut Self {
        self.opt_uint(loc.map(|l| l.table as u64))
            .opt_uint(loc.map(|l| l.row as u64))
            .opt_uint(loc.map(|l| l.cell as u64))
    }

    /// The record terminator; the record is done.
    fn end(&mut self) {
        self.out.push(b'\n');
        self.first = true;
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

    let mut reports = Vec::with_capacity(256);
    let (info, warning, error) = report.severity_counts();
    let err = report.error.as_ref();
    let mut r = Record::new(&mut reports);
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
    match meta.year {
        Some(y) => r.int(y.into()),
        None => r.str(""),
    };
    r.opt_str(meta.published.as_deref())
        .uint(report.cells.len() as u64)
        .uint(report.cells.iter().filter(|c| c.value.is_none()).count() as u64)
        .uint(info as u64)
        .uint(warning as u64)
        .uint(error as u64);
    // The note codes, `;`-joined: codes are snake_case, nothing to quote.
    r.str("");
    for (i, n) in report.notes.iter().enumerate() {
        if i > 0 {
            r.out.push(b';');
        }
        r.out.extend_from_slice(n.code.as_str().as_bytes());
    }
    r.end();

    // The path begins every row: quoted (when it must be) once.
    let mut path_field = Vec::with_capacity(path.len() + 2);
    Record::new(&mut path_field).str(path);
    let mut cells = Vec::with_capacity(report.cells.len() * (path_field.len() + 72));
    for c in &report.cells {
        let mut r = Record::new(&mut cells);
        r.field(&path_field)
            .str(&c.table)
            .str(&c.row)
            .str(&c.col)
            .num(c.value.as_ref())
            .opt_str(c.raw.as_deref())
            .location(c.location)
            .end();
    }

    let layout = wide_layout();
    let mut wide = Vec::with_capacity(path.len() + 128 + layout.columns.len() * 2);
    let mut r = Record::new(&mut wide);
    r.str(path)
        .str(status)
        .str(template)
        .opt_str(meta.agency.as_deref());
    match meta.year {
        Some(y) => r.int(y.into()),
        None => r.str(""),
    };
    r.opt_str(meta.published.as_deref());
    let mut tables = InOrder::new(Some(&report.tables));
    for (table, rows) in &layout.tables {
        let mut rows_in = InOrder::new(tables.get(table).and_then(Value::as_object));
        for (row, cols) in rows {
            let mut cols_in = InOrder::new(rows_in.get(row).and_then(Value::as_object));
            for col in cols {
                r.num(cols_in.get(col).and_then(Value::as_number));
            }
        }
    }
    r.end();

    let mut anomalies = Vec::with_capacity(report.anomalies.len() * (path.len() + 160));
    for a in &report.anomalies {
        anomaly_row(&mut anomalies, path, a);
    }

    BatchRows {
        reports,
        cells,
        wide,
        anomalies,
    }
}

/// Lookups in a JSON object by keys that mostly come in the object's own order (a
/// report's tables, rows and columns are in template order, as is `wide.csv`): the next
/// entry is tried first, so most keys are found by one comparison instead of a hash.
struct InOrder<'a> {
    map: Option<(&'a Map<String, Value>, Peekable<serde_json::map::Iter<'a>>)>,
    /// Every entry so far was found in order: once they are all found, a key not yet
    /// asked for (the keys asked are distinct) cannot be in the map.
    in_order: bool,
}

impl<'a> InOrder<'a> {
    fn new(map: Option<&'a Map<String, Value>>) -> InOrder<'a> {
        InOrder {
            map: map.map(|m| (m, m.iter().peekable())),
            in_order: true,
        }
    }

    fn get(&mut self, key: &str) -> Option<&'a Value> {
        let (map, next) = self.map.as_mut()?;
        match next.peek() {
            Some((k, _)) if k.as_str() == key => next.next().map(|(_, v)| v),
            None if self.in_order => None,
            _ => {
                self.in_order = false;
                map.get(key)
            }
        }
    }
}

/// An `anomalies.csv` row.
fn anomaly_row(out: &mut Vec<u8>, path: &str, a: &Anomaly) {
    let mut r = Record::new(out);
    r.str(path)
        .str(a.code.as_str())
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
        .end();
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
            r.str(c);
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
