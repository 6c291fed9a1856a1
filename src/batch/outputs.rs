//! The files a batch appends to as its reports come in, in `DIR`: the CSVs, their Parquet
//! twins, the optional workbook and the fingerprint of every row (`summary.json`'s
//! `run`); and `summary.json` itself. One job: where each report's rows go and how the
//! files are closed; the order they come in is the run's.

use std::path::Path;

use sha2::{Digest, Sha256};

use super::{BatchError, Summary, io_at};
use crate::report::Template;
use crate::write::{self, BatchRows, CsvFile, ParquetFile};

/// The batch files being appended to, in `DIR`.
pub(super) struct Outputs {
    reports: CsvFile,
    cells: CsvFile,
    wide_2021: CsvFile,
    wide_2019: CsvFile,
    anomalies: CsvFile,
    /// Every row appended, in order: `summary.json`'s `run`.
    fingerprint: Sha256,
    reports_pq: ParquetFile,
    cells_pq: ParquetFile,
    anomalies_pq: ParquetFile,
    /// `nianbao.xlsx`, when asked for.
    pub(super) xlsx: Option<write::XlsxFile>,
}

impl Outputs {
    pub(super) fn create(out: &Path, xlsx: bool) -> Result<Outputs, BatchError> {
        let csv = |name: &str, cols: &[&str]| {
            let p = out.join(name);
            CsvFile::create(&p, cols).map_err(io_at(&p))
        };
        let pq = |name: &str, cols: &[&'static str]| {
            let p = out.join(name);
            ParquetFile::create(&p, &write::parquet_columns(cols)).map_err(io_at(&p))
        };
        let wide = |t: Template| {
            let mut cols: Vec<&str> = write::WIDE_META_COLUMNS.to_vec();
            cols.extend(write::wide_columns(t).iter().map(String::as_str));
            csv(write::wide_file(t), &cols)
        };
        Ok(Outputs {
            reports: csv("reports.csv", write::REPORTS_COLUMNS)?,
            cells: csv("cells.csv", write::CELLS_COLUMNS)?,
            wide_2021: wide(Template::T2021)?,
            wide_2019: wide(Template::T2019)?,
            anomalies: csv("anomalies.csv", write::ANOMALIES_COLUMNS)?,
            reports_pq: pq("reports.parquet", write::REPORTS_COLUMNS)?,
            cells_pq: pq("cells.parquet", write::CELLS_COLUMNS)?,
            anomalies_pq: pq("anomalies.parquet", write::ANOMALIES_COLUMNS)?,
            fingerprint: Sha256::new(),
            xlsx: match xlsx {
                true => {
                    let p = out.join(write::XLSX_FILE);
                    Some(write::XlsxFile::create(&p, out).map_err(io_at(&p))?)
                }
                false => None,
            },
        })
    }

    pub(super) fn append(&mut self, out: &Path, rows: &BatchRows) -> Result<(), BatchError> {
        for part in [&rows.reports, &rows.cells, &rows.wide, &rows.anomalies] {
            self.fingerprint.update(part);
        }
        self.reports
            .append(&rows.reports)
            .map_err(io_at(&out.join("reports.csv")))?;
        self.cells
            .append(&rows.cells)
            .map_err(io_at(&out.join("cells.csv")))?;
        if let Some(t) = rows.template {
            let wide = match t {
                Template::T2021 => &mut self.wide_2021,
                Template::T2019 => &mut self.wide_2019,
            };
            wide.append(&rows.wide)
                .map_err(io_at(&out.join(write::wide_file(t))))?;
        }
        self.anomalies
            .append(&rows.anomalies)
            .map_err(io_at(&out.join("anomalies.csv")))?;
        self.reports_pq
            .append(&rows.typed.reports)
            .map_err(io_at(&out.join("reports.parquet")))?;
        self.cells_pq
            .append(&rows.typed.cells)
            .map_err(io_at(&out.join("cells.parquet")))?;
        self.anomalies_pq
            .append(&rows.typed.anomalies)
            .map_err(io_at(&out.join("anomalies.parquet")))?;
        match &mut self.xlsx {
            Some(x) => x.append(rows).map_err(io_at(&out.join(write::XLSX_FILE))),
            None => Ok(()),
        }
    }

    /// Closes the files; returns the fingerprint so far (the workbook, still open for the
    /// cross-year findings, is taken out first).
    pub(super) fn commit(self, out: &Path) -> Result<Sha256, BatchError> {
        self.reports.commit().map_err(io_at(out))?;
        self.cells.commit().map_err(io_at(out))?;
        self.wide_2021.commit().map_err(io_at(out))?;
        self.wide_2019.commit().map_err(io_at(out))?;
        self.anomalies.commit().map_err(io_at(out))?;
        self.reports_pq.commit().map_err(io_at(out))?;
        self.cells_pq.commit().map_err(io_at(out))?;
        self.anomalies_pq.commit().map_err(io_at(out))?;
        Ok(self.fingerprint)
    }
}

pub(super) fn write_summary(out: &Path, summary: &Summary) -> Result<(), BatchError> {
    let path = out.join("summary.json");
    let mut json = serde_json::to_vec_pretty(summary).expect("Summary serializes");
    json.push(b'\n');
    write::write_atomic(&path, &json).map_err(io_at(&path))
}
