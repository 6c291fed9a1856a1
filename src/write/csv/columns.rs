//! The batch CSVs' columns, documented field by field beside their lists: the lists are
//! the files' headers, the Parquet files' columns and the workbook's sheets, so this is
//! the one place a column is added or renamed.

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
/// the [`Anomaly`](crate::report::Anomaly) fields (`code`, `severity`, `table`, `rule`,
/// `row`, `col`, `expected`, `actual`, `raw`, `message`) and its location (`loc_table`,
/// `loc_row`, `loc_cell`, and in a page `loc_line`; `loc_paragraph` for an anomaly about
/// the body text); a field that does not apply to the code is empty.
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
