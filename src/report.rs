//! The per-report record: what `write` serializes to `DIR/reports/R.json` (SPEC §5).
//!
//! Every JSON object of the output is one type here, documented field by field; the
//! README points users at this page. Fields that are `None` are left out of the JSON
//! (as in SPEC §5's example) except the top-level ones, which are always present.

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};
use serde_json::{Map, Number, Value};

/// One input file's result. Every input file gets exactly one.
///
/// Its JSON has a `tables` object besides `cells` (SPEC §5): the same values, by table,
/// row and column, made from `cells` when written ([`Report::tables`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub source: Source,
    pub status: Status,
    /// Why the file could not be read as a report; `null` when `status` is `ok`.
    pub error: Option<ErrorRecord>,
    /// `"2021"` or `"2019"`, recognized from the table labels; `null` on error.
    pub template: Option<Template>,
    pub report: Metadata,
    /// Every canonical cell with its raw text and where it was found, in template order
    /// (tables, their rows, their columns): the trace from each figure back to the
    /// document, and what `tables` in the JSON is made from.
    pub cells: Vec<CellRecord>,
    pub anomalies: Vec<Anomaly>,
    /// Report-level notes: readings of the report as a whole that are not problems
    /// (`blanks_consistent_as_zero`: every rule would hold with the blank cells read
    /// as 0, so the blanks most likely mean 0; `unknown_element`: the reader read
    /// through an element it does not know inside a cell). Same shape as an anomaly.
    pub notes: Vec<Anomaly>,
    /// What the text-against-tables check (SPEC §7) found: not written to the report's
    /// JSON (agreements are not listed), counted in `summary.json`.
    pub narrative: NarrativeCounts,
}

/// The narrative check of one report (SPEC §7): statements found in the body text,
/// compared with a table cell that has a value, and differing (each a
/// `narrative_mismatch`).
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
pub struct NarrativeCounts {
    pub statements: usize,
    pub compared: usize,
    pub differing: usize,
}

/// `tables` of a report's JSON from its cells (in template order): each table's rows,
/// each row's values by column.
pub fn tables_of(cells: &[CellRecord]) -> Map<String, Value> {
    let mut tables = Map::new();
    for (table, rows) in table_runs(cells) {
        let mut by_row = Map::new();
        for (row, cells) in rows {
            let cols = cells
                .iter()
                .map(|c| {
                    let v = c.value.clone().map_or(Value::Null, Value::Number);
                    (c.col.to_owned(), v)
                })
                .collect();
            by_row.insert(row.to_owned(), Value::Object(cols));
        }
        tables.insert(table.to_owned(), Value::Object(by_row));
    }
    tables
}

/// Cells in template order as runs of one table, each as runs of one row: the shape of
/// `tables`. In template order each table's and each row's cells are together.
pub fn table_runs(
    cells: &[CellRecord],
) -> impl Iterator<
    Item = (
        &'static str,
        impl Iterator<Item = (&'static str, &[CellRecord])>,
    ),
> {
    cells
        .chunk_by(|a, b| a.table == b.table)
        .filter_map(|cells| {
            let table = cells.first()?.table;
            let rows = cells
                .chunk_by(|a, b| a.row == b.row)
                .filter_map(|row| Some((row.first()?.row, row)));
            Some((table, rows))
        })
}

/// The fields in SPEC §5's order, `tables` made from `cells` (what the JSON writer of
/// `write` writes by hand; `tests/cli/bytes.rs` checks both give the same bytes).
impl Serialize for Report {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Report", 9)?;
        s.serialize_field("source", &self.source)?;
        s.serialize_field("status", &self.status)?;
        s.serialize_field("error", &self.error)?;
        s.serialize_field("template", &self.template)?;
        s.serialize_field("report", &self.report)?;
        s.serialize_field("tables", &self.tables())?;
        s.serialize_field("cells", &self.cells)?;
        s.serialize_field("anomalies", &self.anomalies)?;
        s.serialize_field("notes", &self.notes)?;
        s.end()
    }
}

/// `source`: the input file.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Source {
    /// Path relative to the input root it was found under (`/`-separated), or the path
    /// as given for a file named directly.
    pub path: String,
    /// SHA-256 of the file's bytes, lowercase hex.
    pub sha256: String,
    pub bytes: u64,
    /// What the bytes are (SPEC §6: `docx`, `html`, `mht`, `doc`, `wps`, `rtf`, `odt`,
    /// `pdf`); `null` when they are of no report format (an empty file, text, a zip
    /// without a document), which the record's error then says.
    pub format: Option<crate::open::Format>,
    /// Present when the file was read through a conversion (LibreOffice, for `doc`,
    /// `wps`, `rtf`, `odt`): its `location`s refer to the converted .docx.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub converted: Option<Converted>,
    /// The path of the first input of the batch (in input order) with the same `sha256`:
    /// this file is that report again (SPEC §9), still read and written, but left out of
    /// the checks across reports. Absent from the JSON for the first (or only) copy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duplicate_of: Option<String>,
}

impl Source {
    /// A source with only path, hash and size known (no format yet).
    pub fn new(path: String, sha256: String, bytes: u64) -> Self {
        Source {
            path,
            sha256,
            bytes,
            format: None,
            converted: None,
            duplicate_of: None,
        }
    }
}

/// `source.converted`: `{"from": "doc", "with": "LibreOffice 7.4.7.2"}`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Converted {
    /// The format converted from (`source.format`).
    pub from: crate::open::Format,
    /// The converter and its version, as `soffice --version` names it.
    pub with: String,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Ok,
    Error,
}

/// `error`: a file that could not be read as a report.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ErrorRecord {
    pub code: ErrorCode,
    pub message: String,
    /// The part inside the zip the error is in (`word/document.xml`), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part: Option<String>,
    /// Byte offset in that part (or in the file, for container errors), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offset: Option<u64>,
}

/// `error.code`, SPEC §5.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    EmptyFile,
    NotAZip,
    CorruptZip,
    /// An OLE compound file that is no Word or WPS document (damaged, a spreadsheet …).
    LegacyDoc,
    Encrypted,
    NotADocx,
    MalformedXml,
    TooLarge,
    NotAReport,
    /// A report format nianbao does not read (PDF, SPEC §6).
    UnsupportedFormat,
    /// `.doc`, `.wps`, `.rtf`, `.odt` without LibreOffice to convert them.
    NeedsConverter,
    /// LibreOffice failed on the file, or did not finish in time.
    ConversionFailed,
    /// A FIFO, socket, device, folder or dangling symlink given as an input file: never
    /// opened for reading (a FIFO would block the run, a device never end).
    NotAFile,
    InternalError,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::EmptyFile => "empty_file",
            ErrorCode::NotAZip => "not_a_zip",
            ErrorCode::CorruptZip => "corrupt_zip",
            ErrorCode::LegacyDoc => "legacy_doc",
            ErrorCode::Encrypted => "encrypted",
            ErrorCode::NotADocx => "not_a_docx",
            ErrorCode::MalformedXml => "malformed_xml",
            ErrorCode::TooLarge => "too_large",
            ErrorCode::NotAReport => "not_a_report",
            ErrorCode::UnsupportedFormat => "unsupported_format",
            ErrorCode::NeedsConverter => "needs_converter",
            ErrorCode::ConversionFailed => "conversion_failed",
            ErrorCode::NotAFile => "not_a_file",
            ErrorCode::InternalError => "internal_error",
        }
    }
}

/// Which national template the tables follow (SPEC §1).
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Template {
    /// 国办公开办函〔2021〕30号, reports of 2021 onward.
    #[serde(rename = "2021")]
    T2021,
    /// 国办公开办函〔2019〕60号, reports of 2019 and 2020.
    #[serde(rename = "2019")]
    T2019,
}

impl Template {
    pub fn as_str(self) -> &'static str {
        match self {
            Template::T2021 => "2021",
            Template::T2019 => "2019",
        }
    }
}

/// `report`: who published it, for which year, when.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Metadata {
    /// The publishing body in its full form (静乐县康家会镇人民政府).
    pub agency: Option<String>,
    /// The year reported on.
    pub year: Option<i32>,
    /// Publication date from the closing date line, ISO `YYYY-MM-DD`.
    pub published: Option<String>,
}

/// One canonical cell: `tables.<table>.<row>.<col>` with its trace. The keys are the
/// template's own (`recognize::template`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CellRecord {
    pub table: &'static str,
    pub row: &'static str,
    pub col: &'static str,
    /// The value as in `tables` (`null` when blank or unreadable).
    pub value: Option<Number>,
    /// The cell's text verbatim (padding kept); `null` when the row or cell is absent.
    pub raw: Option<String>,
    /// Where the text was read; `null` when the row or cell is absent.
    pub location: Option<Location>,
}

#[cfg(test)]
impl CellRecord {
    /// A cell as a test states it: its key and its text, read as the number it spells
    /// (`None`: an absent cell, value `null`), with no location.
    pub(crate) fn stated(
        table: &'static str,
        row: &'static str,
        col: &'static str,
        raw: Option<&str>,
    ) -> CellRecord {
        CellRecord {
            table,
            row,
            col,
            value: raw.map(|r| r.parse().expect("test data is a number")),
            raw: raw.map(str::to_owned),
            location: None,
        }
    }
}

/// `location`: a physical place in the document, as `nianbao inspect` numbers it.
/// `table` is the table's ordinal in the document (1 = first `w:tbl`, nested tables
/// counted in the order they start); `row` and `cell` are 0-based indexes of the `w:tr`
/// in that table and the `w:tc` in that row. A page (HTML, MHT) numbers its `<table>`,
/// `<tr>` and cells the same way and adds `line`.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    pub table: usize,
    pub row: usize,
    pub cell: usize,
    /// In a page: the 1-based line of the cell's start tag (`<td>`, `<th>`), as the
    /// HTML parser reports it; absent for OOXML.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
}

impl Location {
    /// From the reader's 0-based [`crate::model::CellRef`].
    pub fn from_ref(r: crate::model::CellRef) -> Self {
        Location {
            table: r.table + 1,
            row: r.row,
            cell: r.cell,
            line: None,
        }
    }
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// `anomalies[].code`.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "snake_case")]
pub enum AnomalyCode {
    /// A blank cell (SPEC §3): value `null`.
    MissingCell,
    /// `—`, `/`, `无` …: value 0 (SPEC §3).
    PlaceholderValue,
    /// Text where a number belongs: value `null`.
    NonNumericCell,
    /// A negative count or a fraction in a count: value kept.
    InvalidValue,
    /// A template row absent from the table: its values `null`.
    MissingRow,
    /// A template table absent from the document.
    MissingTable,
    /// A 勾稽 rule that fails (SPEC §4).
    SumMismatch,
    /// A row label in a recognized table that maps to no canonical row.
    UnrecognizedRow,
    /// A column header in a recognized table that maps to no canonical column.
    UnrecognizedColumn,
    /// `--blank-as-zero`: a blank cell read as 0.
    BlankAsZero,
    /// Report-level note: every rule would hold with the blank cells read as 0.
    BlanksConsistentAsZero,
    /// Across years: `carried_forward` (Y) ≠ `carried_over` (Y+1).
    CarryOverMismatch,
    /// Across years: `in_force` (Y) ≠ `in_force` (Y−1) + `issued` (Y) − `repealed` (Y).
    InForceMismatch,
    /// The same canonical cell found twice with different text (kept: the first).
    DuplicateRow,
    /// Report-level note: the reader met an element it does not know inside a cell and
    /// read through it (the cell's text may hold more than Word shows).
    UnknownElement,
    /// Report-level note: bytes of a page not valid in its encoding (each read as
    /// U+FFFD): a cell holding one reads as text, not as its figure.
    UndecodableBytes,
    /// One figure with a note or a measure word (`22（其中修订16件）`, `3件`): the
    /// leading figure read, the note kept in `raw` (SPEC §3).
    AnnotatedValue,
    /// An amount written in 元, 千元 or 亿元, converted to the template's 万元 (SPEC §2).
    UnitConverted,
    /// A row label that is not the template's but plainly that row (a typo, dropped
    /// characters), read as that row; the printed label in `raw` (SPEC §3).
    LabelVariant,
    /// Table 二 in the 2021 form beside table 三's single 2019 （六）其他处理 row (SPEC §2).
    TemplateMixed,
    /// A figure the report's text states differs from its table cell (SPEC §7).
    NarrativeMismatch,
    /// Report-level note: an earlier input of the batch has the same bytes (SHA-256); the
    /// message names its path (SPEC §9).
    DuplicateOf,
}

impl AnomalyCode {
    pub fn as_str(self) -> &'static str {
        match self {
            AnomalyCode::MissingCell => "missing_cell",
            AnomalyCode::PlaceholderValue => "placeholder_value",
            AnomalyCode::NonNumericCell => "non_numeric_cell",
            AnomalyCode::InvalidValue => "invalid_value",
            AnomalyCode::MissingRow => "missing_row",
            AnomalyCode::MissingTable => "missing_table",
            AnomalyCode::SumMismatch => "sum_mismatch",
            AnomalyCode::UnrecognizedRow => "unrecognized_row",
            AnomalyCode::UnrecognizedColumn => "unrecognized_column",
            AnomalyCode::BlankAsZero => "blank_as_zero",
            AnomalyCode::BlanksConsistentAsZero => "blanks_consistent_as_zero",
            AnomalyCode::CarryOverMismatch => "carry_over_mismatch",
            AnomalyCode::InForceMismatch => "in_force_mismatch",
            AnomalyCode::DuplicateRow => "duplicate_row",
            AnomalyCode::UnknownElement => "unknown_element",
            AnomalyCode::UndecodableBytes => "undecodable_bytes",
            AnomalyCode::AnnotatedValue => "annotated_value",
            AnomalyCode::UnitConverted => "unit_converted",
            AnomalyCode::LabelVariant => "label_variant",
            AnomalyCode::TemplateMixed => "template_mixed",
            AnomalyCode::NarrativeMismatch => "narrative_mismatch",
            AnomalyCode::DuplicateOf => "duplicate_of",
        }
    }
}

/// One problem found in a report, for a person to check. Fields that do not apply
/// to the code are left out of the JSON.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Anomaly {
    pub code: AnomalyCode,
    pub severity: Severity,
    /// Canonical table key (`applications`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table: Option<String>,
    /// For `sum_mismatch`: the rule (`row_total`, `column_balance`, `results_total`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// Canonical row key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<String>,
    /// Canonical column key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub col: Option<String>,
    /// The value a rule computes (`sum_mismatch`); the figure the text states
    /// (`narrative_mismatch`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<Number>,
    /// The value as published (`sum_mismatch`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actual: Option<Number>,
    /// The cell's text verbatim.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub raw: Option<String>,
    /// A sentence for the person checking the report.
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// For an anomaly about the body text (`narrative_mismatch`): the 0-based body
    /// paragraph, written `"location": {"paragraph": N}` (an anomaly has this or
    /// `location`, never both).
    #[serde(
        rename = "location",
        skip_serializing_if = "Option::is_none",
        serialize_with = "paragraph_location"
    )]
    pub paragraph: Option<usize>,
}

/// `{"paragraph": N}`.
fn paragraph_location<S: Serializer>(p: &Option<usize>, s: S) -> Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    struct Paragraph {
        paragraph: Option<usize>,
    }
    Paragraph { paragraph: *p }.serialize(s)
}

impl Anomaly {
    /// An anomaly with only code, severity and message set; fill the rest with struct
    /// update syntax or the setters below.
    pub fn new(code: AnomalyCode, severity: Severity, message: impl Into<String>) -> Self {
        Anomaly {
            code,
            severity,
            table: None,
            rule: None,
            row: None,
            col: None,
            expected: None,
            actual: None,
            raw: None,
            message: message.into(),
            location: None,
            paragraph: None,
        }
    }

    pub fn at(mut self, table: &str, row: Option<&str>, col: Option<&str>) -> Self {
        self.table = Some(table.to_owned());
        self.row = row.map(str::to_owned);
        self.col = col.map(str::to_owned);
        self
    }
}

impl Report {
    /// `tables.<table>.<row>.<col>` = number or `null`, in template order, as the JSON
    /// has it: `cells` grouped by table and row ([`tables_of`]). A table the document
    /// lacks is absent (and a `missing_table` anomaly says so).
    pub fn tables(&self) -> Map<String, Value> {
        tables_of(&self.cells)
    }

    /// The value of the canonical cell `table.row.col`; `None` when it is `null` or the
    /// report has no such cell.
    pub fn value(&self, table: &str, row: &str, col: &str) -> Option<&Number> {
        self.cells
            .iter()
            .find(|c| c.table == table && c.row == row && c.col == col)?
            .value
            .as_ref()
    }

    /// The record of a file that could not be read as a report.
    pub fn failed(source: Source, error: ErrorRecord) -> Self {
        Report {
            source,
            status: Status::Error,
            error: Some(error),
            template: None,
            report: Metadata::default(),
            cells: Vec::new(),
            anomalies: Vec::new(),
            notes: Vec::new(),
            narrative: NarrativeCounts::default(),
        }
    }

    /// Anomaly counts as (info, warning, error).
    pub fn severity_counts(&self) -> (usize, usize, usize) {
        let mut c = (0, 0, 0);
        for a in &self.anomalies {
            match a.severity {
                Severity::Info => c.0 += 1,
                Severity::Warning => c.1 += 1,
                Severity::Error => c.2 += 1,
            }
        }
        c
    }
}
