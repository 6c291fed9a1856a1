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
//! | `wide_2021.csv`, `wide_2019.csv` | report of that template | [`WIDE_META_COLUMNS`] then one column per canonical cell of the template ([`wide_columns`]) |
//! | `anomalies.csv` | anomaly of a report | [`ANOMALIES_COLUMNS`] |
//! | `batch_anomalies.csv` | anomaly found across reports (cross-year checks) | [`BATCH_ANOMALIES_COLUMNS`] |
//! | `codebook.csv` | canonical cell key | [`CODEBOOK_COLUMNS`]: the template's labels, type and unit of each key |
//! | `reports.parquet`, `cells.parquet`, `anomalies.parquet`, `batch_anomalies.parquet` | as the CSV | the CSV's columns typed ([`kind`]; `cells.parquet` adds `value_int`) |
//! | `summary.json` | the batch | [`Summary`](crate::batch::Summary) |
//! | `nianbao.xlsx` (`--xlsx` only) | a sheet per file above | the same rows typed, Chinese headers ([`XlsxFile`]) |
//!
//! Every CSV is UTF-8 **with a BOM** (`EF BB BF`) so Excel opens the Chinese text intact;
//! pandas reads it with `encoding="utf-8-sig"`, DuckDB's `read_csv` skips the BOM itself.
//! Text fields a spreadsheet would run as a formula get a leading `'`
//! ([`formula_like`]); the JSON keeps every text verbatim.
//! Rows are in the order of `path` (the input order of the batch), so the files are
//! byte-identical whatever `--jobs` is. A `null` value is an empty field.
//!
//! # Cost
//!
//! Every writer appends bytes to a buffer: no `String` per field, numbers written as their
//! digits or their published text, the JSON written by hand (see [`write_report_json`])
//! into a buffer each worker reuses. `tests/cli/bytes.rs` pins the bytes and checks them against
//! serde_json and the csv crate.
//!
//! # Atomic writes
//!
//! Every file is written to a temporary sibling (`.NAME.nianbao-tmp-PID-N`) and renamed
//! over its final name, so a run killed midway leaves each output either as the previous
//! run wrote it or as this run wrote it, never half-written. Nothing nianbao did not write
//! is ever removed.
//!
//! The module is split by job: `json` writes a report's JSON, `csv` the batch files'
//! rows and columns, `files` where outputs go and the atomic write.

mod bytes;
mod codebook;
mod csv;
mod files;
mod json;
mod parquet;
mod xlsx;

pub use codebook::{CODEBOOK_COLUMNS, codebook_csv, col_label, row_label};
pub use csv::{
    ANOMALIES_COLUMNS, BATCH_ANOMALIES_COLUMNS, BOM, BatchRows, CELLS_COLUMNS, CsvFile,
    REPORTS_COLUMNS, TypedRows, WIDE_META_COLUMNS, batch_anomalies_chunk, batch_anomaly_row,
    batch_anomaly_rows, batch_rows, formula_like, wide_cell_columns, wide_columns, wide_file,
};
pub use files::{AtomicFile, TEMP_MARK, report_path, write_atomic, write_new};
pub use json::{report_json, write_report_json};
pub use parquet::{Chunk, Field, Kind, ParquetFile, ROW_GROUP_ROWS, kind, parquet_columns};
pub use xlsx::{CREATED, MAX_SHEET_ROWS, XLSX_FILE, XlsxFile, cell_header, header_zh};

/// `n` in decimal.
fn push_u64(out: &mut Vec<u8>, mut n: u64) {
    // One digit (most figures of a report are 0 or a few): one byte pushed, where the
    // digits' slice below is a `memcpy` call.
    if n < 10 {
        out.push(b'0' + n as u8);
        return;
    }
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

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde_json::Value;

    use super::*;

    /// Decimal as `to_string` writes it, one digit or many, at both ends of the range.
    #[test]
    fn integers_in_decimal() {
        let mut out = Vec::new();
        for n in (0..=1000).chain([u64::MAX - 1, u64::MAX, 10u64.pow(19)]) {
            out.clear();
            push_u64(&mut out, n);
            assert_eq!(out, n.to_string().as_bytes());
        }
        for n in (-1000..=1000).chain([i64::MIN, i64::MIN + 1, i64::MAX]) {
            out.clear();
            push_i64(&mut out, n);
            assert_eq!(out, n.to_string().as_bytes());
        }
    }

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
        let loc = Some(Location {
            table: 2,
            row: 3,
            cell: 1,
            line: None,
        });
        let report = Report {
            source: Source::new("a/b.docx".into(), "00".into(), 3),
            status: Status::Ok,
            error: None,
            template: Some(Template::T2021),
            report: Metadata {
                agency: Some("康家会镇".into()),
                year: Some(2021),
                published: None,
            },
            cells: vec![
                CellRecord {
                    table: "applications",
                    row: "received",
                    col: "natural_person",
                    value: Some(1.into()),
                    raw: Some("\u{a0}1".into()),
                    location: loc,
                },
                CellRecord {
                    table: "applications",
                    row: "received",
                    col: "total",
                    value: None,
                    raw: Some(String::new()),
                    location: loc,
                },
            ],
            anomalies: vec![Anomaly {
                location: loc,
                ..Anomaly::new(AnomalyCode::MissingCell, Severity::Warning, "空").at(
                    "applications",
                    Some("received"),
                    Some("total"),
                )
            }],
            notes: vec![],
            narrative: NarrativeCounts::default(),
        };
        let bytes = report_json(&report);
        let text = std::str::from_utf8(&bytes).expect("test data");
        let back: Value = serde_json::from_str(text).expect("test data");
        assert_eq!(back, serde_json::to_value(&report).expect("test data"));
        assert!(text.ends_with("}\n") && text.contains("康家会镇"), "{text}");
        assert!(
            text.contains("\n      \"received\": {\"natural_person\": 1, \"total\": null}\n"),
            "{text}"
        );
        assert!(text.contains(
            "\n    {\"table\": \"applications\", \"row\": \"received\", \"col\": \"natural_person\", \"value\": 1, \"raw\": \"\u{a0}1\", \"location\": {\"table\": 2, \"row\": 3, \"cell\": 1}},\n"
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
