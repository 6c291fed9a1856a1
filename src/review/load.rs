//! Reading an output folder: the per-report JSON records under `reports/`, the batch's
//! `summary.json` and `batch_anomalies.csv` (SPEC §5). Only what `extract` wrote is
//! read, through its documented shape, so the review proves the output contract is
//! enough to explain every report. Fields are read leniently (a field this reader does
//! not know is ignored, one it expects but is absent takes its empty value), so a
//! record from a newer or older nianbao still gets its page.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::{Number, Value};

/// One `reports/R.json`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ReportDoc {
    #[serde(default)]
    pub source: SourceDoc,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub error: Option<ErrorDoc>,
    #[serde(default)]
    pub template: Option<String>,
    #[serde(default)]
    pub report: MetaDoc,
    /// `tables.<table>.<row>.<col>`, in template order (serde_json keeps the order).
    #[serde(default)]
    pub tables: serde_json::Map<String, Value>,
    #[serde(default)]
    pub cells: Vec<CellDoc>,
    #[serde(default)]
    pub anomalies: Vec<AnomalyDoc>,
    #[serde(default)]
    pub notes: Vec<AnomalyDoc>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct SourceDoc {
    #[serde(default)]
    pub path: String,
    #[serde(default)]
    pub sha256: String,
    #[serde(default)]
    pub bytes: Option<u64>,
    /// SPEC §6 (`docx`, `html`, …), when the record has it.
    #[serde(default)]
    pub format: Option<String>,
    /// SPEC §9: the path of the first input with the same bytes.
    #[serde(default)]
    pub duplicate_of: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ErrorDoc {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub message: String,
    #[serde(default)]
    pub part: Option<String>,
    #[serde(default)]
    pub offset: Option<u64>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct MetaDoc {
    #[serde(default)]
    pub agency: Option<String>,
    #[serde(default)]
    pub year: Option<i64>,
    #[serde(default)]
    pub published: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct CellDoc {
    #[serde(default)]
    pub table: String,
    #[serde(default)]
    pub row: String,
    #[serde(default)]
    pub col: String,
    #[serde(default)]
    pub value: Option<Number>,
    #[serde(default)]
    pub raw: Option<String>,
}

/// An anomaly or a note: the fields SPEC §4, §5 and §7 give them.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct AnomalyDoc {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub severity: String,
    #[serde(default)]
    pub table: Option<String>,
    #[serde(default)]
    pub rule: Option<String>,
    #[serde(default)]
    pub row: Option<String>,
    #[serde(default)]
    pub col: Option<String>,
    #[serde(default)]
    pub expected: Option<Value>,
    #[serde(default)]
    pub actual: Option<Value>,
    #[serde(default)]
    pub raw: Option<String>,
    #[serde(default)]
    pub message: String,
    /// `{"table","row","cell"}` for a cell, `{"paragraph"}` for a sentence (SPEC §7).
    #[serde(default)]
    pub location: Option<Value>,
}

impl AnomalyDoc {
    /// `location.paragraph` (narrative_mismatch).
    pub fn paragraph(&self) -> Option<u64> {
        self.location.as_ref()?.get("paragraph")?.as_u64()
    }
}

/// One row of `batch_anomalies.csv`: a finding across an agency's years.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CrossYearDoc {
    pub path: String,
    pub year: String,
    pub prev_path: String,
    pub prev_year: String,
    pub agency: String,
    pub code: String,
    pub severity: String,
    pub table: String,
    pub row: String,
    pub col: String,
    pub expected: String,
    pub actual: String,
    pub message: String,
}

/// Why an output file could not be read, with where.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: line {line}, column {column}: {message}", path.display())]
    Json {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{}: {message}", path.display())]
    Csv { path: PathBuf, message: String },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> LoadError + '_ {
    move |source| LoadError::Io {
        path: path.to_owned(),
        source,
    }
}

/// Parses one record's bytes; `path` names it in the error.
pub fn parse_report(path: &Path, bytes: &[u8]) -> Result<ReportDoc, LoadError> {
    serde_json::from_slice(bytes).map_err(|e| LoadError::Json {
        path: path.to_owned(),
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })
}

pub fn read_report(path: &Path) -> Result<ReportDoc, LoadError> {
    let bytes = std::fs::read(path).map_err(io(path))?;
    parse_report(path, &bytes)
}

/// Every `*.json` under `reports_dir`, as `/`-separated paths relative to it, sorted
/// (the index's default order and the order pages are written in).
pub fn list_reports(reports_dir: &Path) -> Result<Vec<String>, LoadError> {
    let mut out = Vec::new();
    let mut stack = vec![(reports_dir.to_owned(), String::new())];
    while let Some((dir, rel)) = stack.pop() {
        for entry in std::fs::read_dir(&dir).map_err(io(&dir))? {
            let entry = entry.map_err(io(&dir))?;
            let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
                // The extractor writes UTF-8 names (they come from `source.path`);
                // anything else in the folder is not one of its records.
                continue;
            };
            let rel_name = if rel.is_empty() {
                name.clone()
            } else {
                format!("{rel}/{name}")
            };
            let kind = entry.file_type().map_err(io(&entry.path()))?;
            if kind.is_dir() {
                stack.push((entry.path(), rel_name));
            } else if kind.is_file() && name.ends_with(".json") && !name.starts_with('.') {
                out.push(rel_name);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// `summary.json` as written (`None` when the folder has none).
pub fn read_summary(path: &Path) -> Result<Option<Value>, LoadError> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| LoadError::Json {
                path: path.to_owned(),
                line: e.line(),
                column: e.column(),
                message: e.to_string(),
            }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(io(path)(e)),
    }
}

/// `batch_anomalies.csv` (UTF-8 with a BOM; columns found by their header names).
/// `None` when the folder has none.
pub fn read_cross_year(path: &Path) -> Result<Option<Vec<CrossYearDoc>>, LoadError> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io(path)(e)),
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let csv_err = |e: csv::Error| LoadError::Csv {
        path: path.to_owned(),
        message: e.to_string(),
    };
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: BTreeMap<String, usize> = rdr
        .headers()
        .map_err(csv_err)?
        .iter()
        .enumerate()
        .map(|(i, h)| (h.to_owned(), i))
        .collect();
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(csv_err)?;
        let get = |name: &str| {
            headers
                .get(name)
                .and_then(|&i| rec.get(i))
                .unwrap_or("")
                .to_owned()
        };
        out.push(CrossYearDoc {
            path: get("path"),
            year: get("year"),
            prev_path: get("prev_path"),
            prev_year: get("prev_year"),
            agency: get("agency"),
            code: get("code"),
            severity: get("severity"),
            table: get("table"),
            row: get("row"),
            col: get("col"),
            expected: get("expected"),
            actual: get("actual"),
            message: get("message"),
        });
    }
    Ok(Some(out))
}
