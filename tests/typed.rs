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
    let input = common::mixed_batch(&dir, 40);
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

fn extract(input: &Path, out: &Path, args: &[&str]) {
    let o = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .arg("extract")
        .arg(input)
        .arg("--out")
        .arg(out)
        .args(args)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// pandas' `read_excel` over the whole workbook, checked sheet by sheet against the CSVs
/// the same run wrote: every row and field, numbers as numbers, text as text (verbatim
/// where the CSV has OWASP's `'`), blank as empty; dates as dates; headers in Chinese and
/// frozen; a formula-like file name a string cell, never a formula.
const XLSX_CHECKS: &str = r#"
import csv, math, sys
import pandas as pd, openpyxl
def rows(name):
    with open(f"out/{name}", encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))
# As the README loads it; pandas reads a text "N/A" as missing unless told not to.
plain = pd.read_excel("out/nianbao.xlsx", sheet_name=None)
book = pd.read_excel("out/nianbao.xlsx", sheet_name=None, keep_default_na=False, na_values=[""])
assert list(plain) == list(book)
assert list(book) == ["报告", "单元格", "异常", "宽表2021", "宽表2019", "跨年异常", "代码表"], list(book)
def csv_text(s):
    return "'" + s if s[:1] in ("=", "+", "-", "@", "\t", "\r") else s
def same(sheet, name, drop=()):
    df = book[sheet].drop(columns=list(drop))
    want = rows(name)
    assert len(df) == len(want) - 1, (sheet, len(df), len(want) - 1)
    assert len(df.columns) == len(want[0]), (sheet, list(df.columns), want[0])
    for col, key in zip(df.columns, want[0]):
        got = df[col].tolist()
        for i, (g, w) in enumerate(zip(got, (r[want[0].index(key)] for r in want[1:]))):
            if w == "":
                assert g is None or (isinstance(g, float) and math.isnan(g)) or g is pd.NaT, (sheet, col, i, g)
            elif isinstance(g, str):
                assert csv_text(g) == w, (sheet, col, i, g, w)
            elif isinstance(g, pd.Timestamp):
                assert g.strftime("%Y-%m-%d") == w, (sheet, col, i, g, w)
            else:
                assert not isinstance(g, bool) and float(g) == float(w), (sheet, col, i, g, w)
    return df
reports = same("报告", "reports.csv")
cells = same("单元格", "cells.csv", drop=("行名称", "列名称"))
anomalies = same("异常", "anomalies.csv")
same("宽表2021", "wide_2021.csv")
same("宽表2019", "wide_2019.csv")
same("跨年异常", "batch_anomalies.csv")
same("代码表", "codebook.csv")
# Typed: numbers are numbers, the published date a date, raw text stays text.
for b in (plain, book):
    assert str(b["单元格"]["数值"].dtype) == "float64", b["单元格"].dtypes
    assert str(b["单元格"]["位置·表"].dtype) == "int64", b["单元格"].dtypes
    assert str(b["报告"]["字节数"].dtype) == "int64", b["报告"].dtypes
    assert str(b["报告"]["发布日期"].dtype).startswith("datetime64"), b["报告"].dtypes
assert cells["原文"].dropna().map(type).eq(str).all()
assert "12" in set(cells["原文"].dropna()) or "0" in set(cells["原文"].dropna())
# Chinese labels: the wide sheets' cell columns and the cells' row and column names.
wide = book["宽表2021"]
assert "表三 | 一、本年新收政府信息公开申请数量 | 申请人情况 自然人" in wide.columns, list(wide.columns)[:8]
assert list(wide.columns[:4]) == ["文件", "机关", "年度", "发布日期"]
assert book["单元格"]["行名称"].notna().all() and book["单元格"]["列名称"].notna().all()
# The formula-like name is a string cell (t="s"), shown as written.
wb = openpyxl.load_workbook("out/nianbao.xlsx", read_only=False)
ws = wb["报告"]
assert ws.freeze_panes == "A2", ws.freeze_panes
hits = [c for c in ws["A"] if c.value == "=HYPERLINK(1).docx"]
assert len(hits) == 1 and hits[0].data_type == "s", [(c.value, c.data_type) for c in hits]
assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
print("xlsx checks ok", len(reports), len(cells), len(anomalies))
"#;

#[test]
fn xlsx_workbook_holds_the_csv_rows_typed_and_labelled() {
    let probe = Command::new("python3")
        .args(["-c", "import pandas, openpyxl"])
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        common::skip(
            "xlsx_workbook_holds_the_csv_rows_typed_and_labelled",
            "python3 with pandas and openpyxl not installed (pip install pandas openpyxl)",
        );
        return;
    }
    let dir = scratch("xlsx");
    let input = common::mixed_batch(&dir, 12);
    extract(&input, &dir.join("out"), &["-q", "--xlsx"]);
    fs::write(dir.join("check.py"), XLSX_CHECKS).unwrap();
    common::python(&dir, &["check.py"], "the workbook's checks");
    let _ = fs::remove_dir_all(&dir);
}

/// The workbook's bytes are the same whatever `--jobs` and from run to run (its creation
/// date is fixed, `write::CREATED`); without `--xlsx` there is none.
#[test]
fn xlsx_bytes_do_not_depend_on_jobs() {
    let dir = scratch("xlsx-jobs");
    let input = common::mixed_batch(&dir, 30);
    extract(&input, &dir.join("a"), &["-q", "--xlsx", "--jobs", "1"]);
    extract(&input, &dir.join("b"), &["-q", "--xlsx", "--jobs", "2"]);
    extract(&input, &dir.join("c"), &["-q"]);
    let a = fs::read(dir.join("a/nianbao.xlsx")).unwrap();
    let b = fs::read(dir.join("b/nianbao.xlsx")).unwrap();
    assert!(
        a.starts_with(b"PK\x03\x04") && a.len() > 10_000,
        "{}",
        a.len()
    );
    assert!(a == b, "nianbao.xlsx differs between --jobs 1 and --jobs 2");
    assert!(!dir.join("c/nianbao.xlsx").exists(), "--xlsx is opt-in");
    // The stage's temporary sheet files are gone with the stage.
    let left: Vec<_> = fs::read_dir(dir.join("a"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.') && !n.starts_with(".nianbao.lock"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    let _ = fs::remove_dir_all(&dir);
}

/// On a terminal the bar says, after the last file, which step runs (the workbook can
/// take longer than the reading); `--quiet` draws nothing. The terminal is `script`'s.
#[test]
fn progress_says_what_runs_after_the_last_file() {
    if Command::new("script").arg("--version").output().is_err() {
        common::skip(
            "progress_says_what_runs_after_the_last_file",
            "script (util-linux) not installed: no terminal to draw on",
        );
        return;
    }
    let dir = scratch("progress");
    let input = common::mixed_batch(&dir, 8);
    let tty = |out: &str, extra: &str| {
        let cmd = format!(
            "{} extract {} --out {} --xlsx {extra}",
            env!("CARGO_BIN_EXE_nianbao"),
            input.display(),
            dir.join(out).display()
        );
        let o = Command::new("script")
            .args(["-qec", &cmd, "/dev/null"])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let drawn = tty("a", "");
    let n = fs::read_dir(&input).unwrap().count() - 1 + 3; // series/ holds three
    for step in [
        "files read; cross-year checks…",
        "files read; writing nianbao.xlsx…",
        "files read; moving the outputs into place…",
    ] {
        assert!(
            drawn.contains(&format!("{n}/{n} {step}")),
            "{step}: {drawn}"
        );
    }
    assert!(drawn.contains("nianbao: files: "), "{drawn}");
    let quiet = tty("b", "-q");
    assert!(
        !quiet.contains("files read;") && !quiet.contains("files/s"),
        "{quiet}"
    );
    assert!(quiet.contains("nianbao: files: "), "{quiet}");
    let _ = fs::remove_dir_all(&dir);
}
