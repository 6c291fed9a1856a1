//! The typed outputs against the CSVs they mirror: the built binary over a batch of
//! generated reports (both templates, placeholders, blanks, unreadable files, a file name
//! a spreadsheet would run) writes `reports/cells/anomalies/batch_anomalies.parquet`
//! whose every row and field equals the CSV's — text verbatim where the CSV has OWASP's
//! leading `'`, numbers as numbers, an empty CSV field a Parquet null — with each
//! column's type as documented (`write::kind`).

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;

fn scratch(name: &str) -> PathBuf {
    common::scratch("typed", name)
}

/// A batch with every kind of row: corpus documents (2019 and 2021, placeholders, blanks,
/// unbalanced, a three-year series for cross-year findings), generated reports, bad files.
pub fn mixed_batch(dir: &Path, varied: u64) -> PathBuf {
    let input = dir.join("in");
    fs::create_dir_all(input.join("series")).unwrap();
    // Names are `series/…` for the three-year series.
    for doc in testdocs::corpus::corpus() {
        fs::write(input.join(doc.name), (doc.build)()).unwrap();
    }
    for i in 0..varied {
        fs::write(
            input.join(format!("v{i:05}.docx")),
            testdocs::corpus::varied(i),
        )
        .unwrap();
    }
    fs::write(
        input.join("=HYPERLINK(1).docx"),
        testdocs::corpus::varied(5),
    )
    .unwrap();
    fs::write(input.join("bad.docx"), b"not a zip").unwrap();
    fs::write(input.join("empty.docx"), b"").unwrap();
    input
}

fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    let bytes = fs::read(path).unwrap();
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&bytes[3..]);
    r.records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

/// The CSV field of a Parquet text value: OWASP's `'` before a formula-like start.
fn csv_text(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_owned(),
    }
}

fn check_file(out: &Path, stem: &str) -> usize {
    let csv = csv_rows(&out.join(format!("{stem}.csv")));
    let header = &csv[0];
    let file = fs::File::open(out.join(format!("{stem}.parquet"))).unwrap();
    let reader = SerializedFileReader::new(file).unwrap();
    let schema = reader.metadata().file_metadata().schema_descr();
    let names: Vec<String> = schema
        .columns()
        .iter()
        .map(|c| c.name().to_owned())
        .collect();
    let mut want: Vec<String> = Vec::new();
    for h in header {
        want.push(h.clone());
        if h == "value" {
            want.push("value_int".into());
        }
    }
    assert_eq!(
        names, want,
        "{stem}: the CSV's columns, value_int after value"
    );
    // Every column's physical type is the documented kind.
    for c in schema.columns() {
        use parquet::basic::Type as P;
        let want = match nianbao::write::kind(c.name()) {
            nianbao::write::Kind::Text => P::BYTE_ARRAY,
            nianbao::write::Kind::Int64 => P::INT64,
            nianbao::write::Kind::Int32 | nianbao::write::Kind::Date => P::INT32,
            nianbao::write::Kind::Double => P::DOUBLE,
        };
        assert_eq!(c.physical_type(), want, "{stem}.{}", c.name());
    }
    let rows: Vec<_> = reader
        .get_row_iter(None)
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(rows.len(), csv.len() - 1, "{stem}: one row per CSV row");
    for (row, line) in rows.iter().zip(&csv[1..]) {
        let mut fields = line.iter();
        let mut value: Option<f64> = None;
        for (name, field) in row.get_column_iter() {
            if name == "value_int" {
                // The value, exactly, when it is a whole number.
                match field {
                    Field::Long(n) => assert_eq!(Some(*n as f64), value, "{stem} {line:?}"),
                    Field::Null => assert!(
                        value.is_none_or(|v| v.fract() != 0.0 || v.abs() > 9e15),
                        "{stem} {line:?}"
                    ),
                    f => panic!("{stem}.value_int: {f:?}"),
                }
                continue;
            }
            let text = fields.next().unwrap();
            match field {
                Field::Null => assert_eq!(text, "", "{stem}.{name} {line:?}"),
                Field::Str(s) => assert_eq!(text, &csv_text(s), "{stem}.{name}"),
                Field::Long(n) => assert_eq!(text, &n.to_string(), "{stem}.{name}"),
                Field::Int(n) => assert_eq!(text, &n.to_string(), "{stem}.{name}"),
                Field::Double(x) => {
                    let csv: f64 = text.parse().unwrap();
                    assert_eq!(csv, *x, "{stem}.{name} {line:?}");
                    if name == "value" {
                        value = Some(*x);
                    }
                }
                Field::Date(_) => assert_eq!(text, &field.to_string(), "{stem}.{name}"),
                f => panic!("{stem}.{name}: unexpected {f:?}"),
            }
        }
        assert!(fields.next().is_none(), "{stem}: as many fields as the CSV");
    }
    rows.len()
}

#[test]
fn parquet_files_hold_the_csv_rows_typed() {
    let dir = scratch("rows");
    let input = mixed_batch(&dir, 40);
    let out = dir.join("out");
    let o = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .arg("extract")
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .arg("-q")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let reports = check_file(&out, "reports");
    let cells = check_file(&out, "cells");
    let anomalies = check_file(&out, "anomalies");
    let across = check_file(&out, "batch_anomalies");
    assert!(reports > 50, "{reports}");
    assert!(cells > 200 * 40, "{cells}");
    assert!(anomalies > 100, "{anomalies}");
    assert!(across >= 1, "the series has cross-year findings");
    let _ = fs::remove_dir_all(&dir);
}
