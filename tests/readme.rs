//! The README's loading recipes, run as written: every ```python and ```sql block of
//! README.md is taken from the file (so the README and this test cannot drift) and run
//! with python3 (pandas, pyarrow, DuckDB's Python module) in a folder whose `out/` is
//! what `nianbao extract` wrote for a batch of a few thousand generated reports (both
//! templates, the corpus's placeholders, blanks and unit conversions, unreadable files,
//! a file name a spreadsheet would run). The Python block must give typed frames (checked
//! here: dtypes, row counts against the CSVs; the `read_excel` block runs on a batch of
//! its own extracted with `--xlsx`); each SQL statement must run and return
//! what the batch's CSVs say it should (checked statement by statement). Skipped, with a
//! `SKIPPED:` line, where python3 or those modules are missing; required in CI
//! (`NIANBAO_REQUIRE_TOOLS=1`).

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

/// Reports generated for the batch (`NIANBAO_README_N` overrides).
const DEFAULT_N: u64 = 2000;

/// The README's code blocks of `lang`, in order.
fn blocks(readme: &str, lang: &str) -> Vec<String> {
    let open = format!("```{lang}\n");
    let mut out = Vec::new();
    let mut rest = readme;
    while let Some(i) = rest.find(&open) {
        let body = &rest[i + open.len()..];
        let end = body.find("```").expect("closed block");
        out.push(body[..end].to_owned());
        rest = &body[end..];
    }
    out
}

/// The Python run after the README's blocks: what they must have produced.
const PY_CHECKS: &str = r#"
import csv, json, sys
def csv_rows(name):
    with open(f"out/{name}", encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))[1:]
n_reports = len(csv_rows("reports.csv"))
n_cells = len(csv_rows("cells.csv"))
assert len(reports) == n_reports, (len(reports), n_reports)
assert len(cells) == n_cells and len(cells_csv) == n_cells and len(labelled) == n_cells
assert str(reports["year"].dtype) == "Int32", reports["year"].dtype
assert reports["year"].isna().sum() == 2  # bad.docx, empty.docx: <NA>, not 2019.0
for c in ["bytes", "cells", "anomalies_error"]:
    assert str(reports[c].dtype) == "Int64", (c, reports[c].dtype)
assert str(cells["value"].dtype) == "float64" and str(cells["value_int"].dtype) == "Int64"
assert str(cells["loc_table"].dtype) == "Int64"
assert str(cells_csv["year"].dtype) == "Int64" and str(cells_csv["value"].dtype) == "float64"
assert str(cells_csv["loc_line"].dtype) == "Int64"
# raw stays text: placeholders, blanks and NBSP-padded figures as written
raws = set(cells["raw"].dropna())
assert "—" in raws or "-" in raws, sorted(raws)[:20]
assert cells_csv["raw"].map(type).eq(str).all()
# Parquet text is verbatim, the CSV's has OWASP's quote
assert (reports["path"] == "=HYPERLINK(1).docx").sum() == 1
assert (cells_csv["path"] == "'=HYPERLINK(1).docx").sum() == (cells["path"] == "=HYPERLINK(1).docx").sum() > 0
# the labels joined
assert labelled["row_zh"].notna().all() and labelled["col_zh"].notna().all()
n_wide = sum(1 for r in csv_rows("reports.csv") if r[3] == "ok" and r[8] == "2021")
assert len(wide) == n_wide, (len(wide), n_wide)
print("python checks ok", n_reports, n_cells)
"#;

/// The Python run after the README's `read_excel` block: the sheets it loaded, typed.
const XLSX_CHECKS: &str = r#"
import csv
def csv_rows(name):
    with open(f"out/{name}", encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))[1:]
assert list(sheets)[:5] == ["报告", "单元格", "异常", "宽表2021", "宽表2019"], list(sheets)
assert len(sheets["单元格"]) == len(csv_rows("cells.csv")) == len(xl_cells)
assert len(sheets["报告"]) == len(csv_rows("reports.csv"))
assert str(xl_cells["数值"].dtype) == "float64" and str(xl_cells["位置·表"].dtype) == "int64"
assert xl_cells["原文"].dropna().map(type).eq(str).all()
assert (sheets["报告"]["文件"] == "=HYPERLINK(1).docx").sum() == 1
print("xlsx checks ok", len(xl_cells))
"#;

/// Runs each SQL statement of the README and checks it against the CSVs read here by
/// hand; one checker per statement, in order, so a statement added to the README without
/// its check fails the test.
const SQL_RUNNER: &str = r#"
import csv, duckdb, sys, re
from collections import Counter, defaultdict
def rows(name):
    with open(f"out/{name}", encoding="utf-8-sig", newline="") as f:
        r = csv.reader(f)
        head = next(r)
        return [dict(zip(head, x)) for x in r]
reports, cells, anomalies = rows("reports.csv"), rows("cells.csv"), rows("anomalies.csv")
templates = sorted(Counter(r["template"] for r in reports if r["status"] == "ok").items())
sums = defaultdict(float)
for c in cells:
    sums[(c["table"], c["row"], c["col"])] += float(c["value"]) if c["value"] else 0.0
codes = sorted(Counter(a["code"] for a in anomalies).items())
received = defaultdict(int)
for c in cells:
    if c["row"] == "received" and c["col"] == "total" and c["value"]:
        received[int(c["year"])] += int(c["value"])
def close(got, want):
    assert len(got) == len(want), (len(got), len(want))
    for g, (k, v) in zip(got, sorted(want.items())):
        assert tuple(g[:3]) == k and abs((g[3] or 0.0) - v) < 1e-6 * max(1.0, abs(v)), (g, k, v)
status = sorted(Counter(r["status"] for r in reports).items())
checks = [
    # the shards' recipe, over one shard (`out-1` → `out`)
    lambda got: sorted(got) == status or sys.exit(f"shard status {got} != {status}"),
    lambda got: len(got) == len(cells) or sys.exit(f"shard cells {len(got)} != {len(cells)}"),
    lambda got: got == templates or sys.exit(f"templates {got} != {templates}"),
    lambda got: close(got, sums),
    lambda got: got == codes or sys.exit(f"codes {got} != {codes}"),
    lambda got: got == sorted(received.items()) or sys.exit(f"received {got}"),
    lambda got: got == codes or sys.exit(f"csv codes {got} != {codes}"),
    lambda got: close(got, sums),
]
sql = open(sys.argv[1], encoding="utf-8").read()
sql = re.sub(r"--[^\n]*", "", sql)
stmts = [s.strip() for s in sql.split(";") if s.strip()]
assert len(stmts) == len(checks), f"{len(stmts)} statements in the README, {len(checks)} checks"
for s, check in zip(stmts, checks):
    got = [tuple(r) for r in duckdb.sql(s).fetchall()]
    check(got)
print("sql checks ok", len(stmts))
"#;

#[test]
fn readme_snippets_run_on_a_real_batch() {
    let probe = Command::new("python3")
        .args(["-c", "import pandas, pyarrow, duckdb, openpyxl"])
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        common::skip(
            "readme_snippets_run_on_a_real_batch",
            "python3 with pandas, pyarrow, duckdb and openpyxl not installed (pip install duckdb pandas pyarrow openpyxl)",
        );
        return;
    }
    let readme = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md");
    let python = blocks(&readme, "python");
    let sql = blocks(&readme, "sql");
    assert!(
        !python.is_empty() && !sql.is_empty(),
        "README has python and sql blocks"
    );

    let n = std::env::var("NIANBAO_README_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_N);
    let dir = std::env::temp_dir().join(format!("nianbao-readme-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    let input = common::mixed_batch(&dir, n);
    let o = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .arg("extract")
        .arg(&input)
        .arg("--out")
        .arg(dir.join("out"))
        .arg("-q")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    // The workbook's recipe runs on a batch of its own, extracted with --xlsx: small,
    // since pandas reads a workbook cell by cell (openpyxl), thousands of times slower
    // than Parquet.
    let (excel, python): (Vec<String>, Vec<String>) =
        python.into_iter().partition(|b| b.contains("read_excel"));
    assert!(!excel.is_empty(), "README has the read_excel recipe");
    let xdir = dir.join("xlsx");
    let xinput = common::mixed_batch(&xdir, 40);
    let o = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .arg("extract")
        .arg(&xinput)
        .arg("--out")
        .arg(xdir.join("out"))
        .args(["-q", "--xlsx"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let script = format!("import pandas as pd\n{}\n{XLSX_CHECKS}", excel.join("\n"));
    fs::write(xdir.join("snippets.py"), script).unwrap();
    common::python(&xdir, &["snippets.py"], "README read_excel block");

    let script = format!("{}\n{PY_CHECKS}", python.join("\n"));
    fs::write(dir.join("snippets.py"), script).unwrap();
    common::python(&dir, &["snippets.py"], "README python blocks");
    // The sharding recipe reads `out-*/`: one shard, the batch itself.
    std::os::unix::fs::symlink("out", dir.join("out-1")).unwrap();
    fs::write(dir.join("snippets.sql"), sql.join("\n")).unwrap();
    fs::write(dir.join("run_sql.py"), SQL_RUNNER).unwrap();
    common::python(&dir, &["run_sql.py", "snippets.sql"], "README sql blocks");
    let _ = fs::remove_dir_all(&dir);
}
