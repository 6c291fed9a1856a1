//! The `nianbao` binary end to end: flags, exit codes, the output folder's files and
//! their bytes. Documents come from `testdocs` (`corpus::varied(i)`: balanced 2021
//! reports written four ways) plus a few hand-made bad files.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use pretty_assertions::assert_eq;

fn nianbao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(args)
        .output()
        .expect("run nianbao")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A fresh, empty folder for one test under the target's scratch space.
fn scratch(name: &str) -> PathBuf {
    common::scratch("cli", name)
}

fn put(path: &Path, bytes: &[u8]) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, bytes).unwrap();
}

/// The batch of the tests below:
///
/// ```text
/// in/a.docx            varied(0)            in/sub/deeper/d.DOCX   varied(3)
/// in/b.docx            "not a zip" (bad)    in/sub/~$c.docx        Word lock file (skipped)
/// in/sub/c.docx        varied(2)            in/sub/notes.txt       not .docx (skipped)
/// in/empty.docx        0 bytes (bad)
/// ```
fn batch(root: &Path) -> PathBuf {
    let input = root.join("in");
    put(&input.join("a.docx"), &testdocs::corpus::varied(0));
    put(&input.join("b.docx"), b"not a zip");
    put(&input.join("empty.docx"), b"");
    put(&input.join("sub/c.docx"), &testdocs::corpus::varied(2));
    put(&input.join("sub/~$c.docx"), b"lock");
    put(&input.join("sub/notes.txt"), b"notes");
    put(
        &input.join("sub/deeper/d.DOCX"),
        &testdocs::corpus::varied(3),
    );
    input
}

/// Every file under `dir`, by `/`-separated relative path.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(dir: &Path, rel: &str, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in fs::read_dir(dir).unwrap() {
            let e = e.unwrap();
            let name = e.file_name().to_string_lossy().into_owned();
            let rel = if rel.is_empty() {
                name
            } else {
                format!("{rel}/{name}")
            };
            if e.file_type().unwrap().is_dir() {
                walk(&e.path(), &rel, out);
            } else {
                out.insert(rel, fs::read(e.path()).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, "", &mut out);
    out
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&fs::read(path).unwrap()).unwrap()
}

/// A CSV's rows (BOM checked and stripped), parsed.
fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    let bytes = fs::read(path).unwrap();
    assert!(
        bytes.starts_with("\u{feff}".as_bytes()),
        "{} has no BOM",
        path.display()
    );
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&bytes[3..])
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

fn run_ok(args: &[&str]) -> Output {
    let o = nianbao(args);
    assert!(
        o.status.success(),
        "nianbao {args:?} failed: {}",
        stderr(&o)
    );
    o
}

#[test]
fn help_explains_every_option() {
    let o = run_ok(&["--help"]);
    assert!(stdout(&o).contains("extract") && stdout(&o).contains("inspect"));
    let o = run_ok(&["extract", "--help"]);
    for flag in [
        "--out",
        "--jobs",
        "--quiet",
        "--blank-as-zero",
        "--max-part-mib",
        "INPUT",
    ] {
        assert!(stdout(&o).contains(flag), "extract --help lacks {flag}");
    }
    assert!(stdout(&o).contains("Exit status"));
    let o = run_ok(&["inspect", "--help"]);
    assert!(stdout(&o).contains("FILE"));
}

#[test]
fn cannot_run_is_exit_2_with_a_message() {
    let root = scratch("cannot_run");
    let out = root.join("out");
    let out = out.to_str().unwrap();

    let o = nianbao(&[
        "extract",
        root.join("missing").to_str().unwrap(),
        "--out",
        out,
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("input not found"), "{}", stderr(&o));

    fs::create_dir_all(root.join("empty/sub")).unwrap();
    put(&root.join("empty/sub/x.doc.txt"), b"x");
    let o = nianbao(&[
        "extract",
        root.join("empty").to_str().unwrap(),
        "--out",
        out,
    ]);
    assert_eq!(o.status.code(), Some(2));
    // Issue #10: every file is looked at; a `.txt` holding "x" is no report.
    assert!(stderr(&o).contains("no report file"), "{}", stderr(&o));

    // DIR under a regular file cannot be created.
    let input = batch(&root);
    put(&root.join("file"), b"x");
    let o = nianbao(&[
        "extract",
        input.to_str().unwrap(),
        "--out",
        root.join("file/out").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).starts_with("nianbao: "), "{}", stderr(&o));

    let o = nianbao(&["extract", "--out", out]);
    assert_eq!(o.status.code(), Some(2), "no INPUT is a usage error");
}

#[test]
fn folder_with_subfolders_and_bad_files() {
    let root = scratch("folder");
    let input = batch(&root);
    let out = root.join("out");
    let o = run_ok(&[
        "extract",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let line = stdout(&o);
    // 3 readable reports, the empty and the not-a-zip file failed.
    assert!(
        line.starts_with("nianbao: files: 3 read, 2 failed"),
        "{line}"
    );
    assert!(
        line.contains("empty_file 1") && line.contains("not_a_zip 1"),
        "{line}"
    );
    assert!(
        stderr(&o).is_empty(),
        "no progress bar when stderr is not a terminal"
    );

    let files: Vec<String> = tree(&out).into_keys().collect();
    assert_eq!(
        files,
        [
            "anomalies.csv",
            "anomalies.parquet",
            "batch_anomalies.csv",
            "batch_anomalies.parquet",
            "cells.csv",
            "cells.parquet",
            "codebook.csv",
            "reports.csv",
            "reports.parquet",
            "reports/a.json",
            "reports/b.json",
            "reports/empty.json",
            "reports/sub/c.json",
            "reports/sub/deeper/d.json",
            "summary.json",
            "wide_2019.csv",
            "wide_2021.csv",
        ]
    );

    // The codebook in every output folder is the one documented in docs/.
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/codebook.csv");
    assert_eq!(
        fs::read(out.join("codebook.csv")).unwrap(),
        fs::read(docs).unwrap()
    );

    let b = json(&out.join("reports/b.json"));
    assert_eq!(b["source"]["path"], "b.docx");
    assert_eq!(b["status"], "error");
    assert_eq!(b["error"]["code"], "not_a_zip");
    assert_eq!(
        json(&out.join("reports/empty.json"))["error"]["code"],
        "empty_file"
    );
    let d = json(&out.join("reports/sub/deeper/d.json"));
    assert_eq!(d["source"]["path"], "sub/deeper/d.DOCX");
    assert_eq!(d["source"]["bytes"], testdocs::corpus::varied(3).len());
    let keys: Vec<&str> = d.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "source",
            "status",
            "error",
            "template",
            "report",
            "tables",
            "cells",
            "anomalies",
            "notes"
        ]
    );
    let raw = fs::read_to_string(out.join("reports/a.json")).unwrap();
    assert!(raw.ends_with("}\n") && raw.starts_with("{\n  \"source\""));

    let reports = csv_rows(&out.join("reports.csv"));
    let paths: Vec<&str> = reports[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        paths,
        [
            "a.docx",
            "b.docx",
            "empty.docx",
            "sub/c.docx",
            "sub/deeper/d.DOCX"
        ]
    );
    assert_eq!(reports[2][3], "error");
    assert_eq!(reports[2][4], "not_a_zip");

    let summary = json(&out.join("summary.json"));
    assert_eq!(summary["files"], 5);
    assert_eq!(summary["error_codes"]["not_a_zip"], 1);
    assert_eq!(summary["error_codes"]["empty_file"], 1);
    let by_status =
        summary["status"]["ok"].as_u64().unwrap() + summary["status"]["error"].as_u64().unwrap();
    assert_eq!(by_status, 5);
}

#[test]
fn csvs_have_bom_and_headers() {
    let root = scratch("csv");
    let input = batch(&root);
    let out = root.join("out");
    run_ok(&[
        "extract",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "-q",
    ]);
    let header = |name: &str| csv_rows(&out.join(name)).remove(0);
    assert_eq!(header("reports.csv"), nianbao::write::REPORTS_COLUMNS);
    assert_eq!(header("cells.csv"), nianbao::write::CELLS_COLUMNS);
    assert_eq!(header("anomalies.csv"), nianbao::write::ANOMALIES_COLUMNS);
    assert_eq!(
        header("batch_anomalies.csv"),
        nianbao::write::BATCH_ANOMALIES_COLUMNS
    );
    let wide = header("wide_2021.csv");
    assert_eq!(&wide[..4], nianbao::write::WIDE_META_COLUMNS);
    assert_eq!(
        &wide[4..],
        nianbao::write::wide_columns(nianbao::report::Template::T2021)
    );
    assert!(wide.contains(&"applications.received.total".to_owned()));
    assert!(wide.contains(&"applications.other_other.total".to_owned()));
    // Only the template's own keys: 2019's procurement and single （六） row are not here.
    assert!(!wide.contains(&"active_disclosure.procurement.purchase_amount".to_owned()));
    assert!(!wide.contains(&"applications.other.total".to_owned()));
    assert_eq!(wide.len(), 4 + 200);
    let wide19 = header("wide_2019.csv");
    assert_eq!(
        &wide19[4..],
        nianbao::write::wide_columns(nianbao::report::Template::T2019)
    );
    assert!(wide19.contains(&"active_disclosure.procurement.purchase_amount".to_owned()));
    assert!(!wide19.contains(&"active_disclosure.rules.issued".to_owned()));
    // One wide row per ok report of the template, every row as long as the header;
    // error records are in reports.csv only.
    let rows = csv_rows(&out.join("wide_2021.csv"));
    let reports = csv_rows(&out.join("reports.csv"));
    let ok_2021 = reports
        .iter()
        .filter(|r| r[3] == "ok" && r[8] == "2021")
        .count();
    assert_eq!(rows.len(), 1 + ok_2021);
    assert!(ok_2021 >= 3, "{reports:?}");
    assert!(rows.iter().all(|r| r.len() == wide.len()));
    // Every cells.csv row names a report of reports.csv.
    let reports: Vec<String> = csv_rows(&out.join("reports.csv"))[1..]
        .iter()
        .map(|r| r[0].clone())
        .collect();
    for row in &csv_rows(&out.join("cells.csv"))[1..] {
        assert!(reports.contains(&row[0]), "{row:?}");
    }
}

#[test]
fn rerun_replaces_cleanly_and_keeps_foreign_files() {
    let root = scratch("rerun");
    let input = batch(&root);
    let out = root.join("out");
    let args = [
        "extract",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    run_ok(&args);
    let first = tree(&out);
    put(&out.join("mine.txt"), b"keep");
    put(&out.join("reports/old.json"), b"{}");
    // What a killed run leaves: a batch file's temporary sibling.
    put(&out.join(".cells.csv.nianbao-tmp-1-2"), b"half");
    // A stale output is replaced, not appended to.
    put(&out.join("reports.csv"), b"garbage");
    run_ok(&args);
    let mut second = tree(&out);
    assert_eq!(second.remove("mine.txt").as_deref(), Some(&b"keep"[..]));
    // reports/ is the run's own and replaced as a whole (issue 15: a folder is one run's
    // outputs, never a mix), so a report of no current input does not linger.
    assert!(!second.contains_key("reports/old.json"));
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    assert!(first == second, "a re-run wrote different bytes");
    assert!(
        !second.keys().any(|k| k.contains("nianbao-tmp")),
        "temporary files left"
    );
}

#[test]
fn same_bytes_with_1_and_4_threads() {
    let root = scratch("jobs");
    let input = root.join("in");
    for i in 0..24u64 {
        put(
            &input.join(format!("y{}/r{i:02}.docx", i % 3)),
            &testdocs::corpus::varied(i),
        );
    }
    put(&input.join("y1/bad.docx"), b"PK\x03\x04 truncated");
    let run = |jobs: &str| {
        let out = root.join(format!("out{jobs}"));
        run_ok(&[
            "extract",
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--jobs",
            jobs,
        ]);
        tree(&out)
    };
    let one = run("1");
    let four = run("4");
    // 25 reports, 6 CSVs, 4 Parquet files, the codebook, summary.json.
    assert_eq!(one.len(), 25 + 12);
    assert!(one == four, "outputs differ between --jobs 1 and --jobs 4");
}

#[test]
fn several_inputs_do_not_overwrite_each_other() {
    let root = scratch("several");
    put(&root.join("x/a.docx"), &testdocs::corpus::varied(0));
    put(&root.join("y/a.docx"), &testdocs::corpus::varied(1));
    put(&root.join("z/a.docx"), &testdocs::corpus::varied(2));
    put(&root.join("z/A.DOCX"), &testdocs::corpus::varied(3));
    let out = root.join("out");
    let p = |s: &str| root.join(s).to_str().unwrap().to_owned();
    run_ok(&[
        "extract",
        &p("x"),
        &p("y"),
        &p("z/a.docx"),
        &p("z/A.DOCX"),
        "--out",
        &p("out"),
    ]);
    let reports: Vec<String> = tree(&out.join("reports")).into_keys().collect();
    assert_eq!(reports, ["A.json", "a~2.json", "x/a.json", "y/a.json"]);
    // The record keeps the file's own name; only its report file is renamed.
    assert_eq!(
        json(&out.join("reports/a~2.json"))["source"]["path"],
        "a.docx"
    );
    assert_eq!(
        json(&out.join("reports/A.json"))["source"]["path"],
        "A.DOCX"
    );
    assert_eq!(
        json(&out.join("reports/y/a.json"))["source"]["path"],
        "y/a.docx"
    );
}

#[test]
fn a_file_given_directly_is_read_whatever_its_name() {
    let root = scratch("direct");
    put(
        &root.join("old.doc"),
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 legacy",
    );
    let out = root.join("out");
    run_ok(&[
        "extract",
        root.join("old.doc").to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    // Issue #10: any extension is replaced by .json (was old.doc.json).
    let r = json(&out.join("reports/old.json"));
    assert_eq!(r["source"]["path"], "old.doc");
    assert_eq!(r["status"], "error");
    assert_eq!(r["error"]["code"], "legacy_doc");
}

#[test]
fn max_part_mib_makes_large_files_too_large() {
    let root = scratch("large");
    let mut big = testdocs::corpus::varied(0);
    big.resize((1 << 20) + 1, 0);
    put(&root.join("in/big.docx"), &big);
    let out = root.join("out");
    run_ok(&[
        "extract",
        root.join("in").to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--max-part-mib",
        "1",
    ]);
    let r = json(&out.join("reports/big.json"));
    assert_eq!(r["error"]["code"], "too_large");
    assert_eq!(r["source"]["bytes"], (1 << 20) + 1);
    assert_eq!(r["source"]["sha256"].as_str().unwrap().len(), 64);
}

#[test]
fn inspect_prints_tables_and_paragraphs() {
    let root = scratch("inspect");
    put(&root.join("a.docx"), &testdocs::corpus::varied(1));
    let o = run_ok(&["inspect", root.join("a.docx").to_str().unwrap()]);
    let text = stdout(&o);
    assert!(text.contains("legend:"), "{text}");
    assert!(text.contains("table 1 — "), "{text}");
    assert!(text.contains("r0 "), "{text}");
    assert!(text.contains("body:"), "{text}");

    put(&root.join("bad.docx"), b"not a zip");
    let o = nianbao(&["inspect", root.join("bad.docx").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not_a_zip"), "{}", stderr(&o));
}

#[test]
fn cross_year_findings_go_to_batch_anomalies() {
    use testdocs::{Report, Template};
    let root = scratch("crossyear");
    let y2021 = testdocs::corpus::clean_2021();
    let mut y2022 = Report::new(Template::T2021, "静乐县人民政府办公室", 2022, "2023-01-20");
    y2022.values = y2021.values.clone();
    // 2021 carried forward 2 (natural_person) and 3 in all; 2022 says it carried over 3 and 4.
    y2022.set("applications", "carried_over", "natural_person", "3");
    y2022.set("applications", "carried_over", "total", "4");
    put(
        &root.join("in/2021.docx"),
        &testdocs::docxrs::write(&y2021.doc()),
    );
    put(
        &root.join("in/2022.docx"),
        &testdocs::docxrs::write(&y2022.doc()),
    );
    let out = root.join("out");
    let o = run_ok(&[
        "extract",
        root.join("in").to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let rows = csv_rows(&out.join("batch_anomalies.csv"));
    assert_eq!(rows[0], nianbao::write::BATCH_ANOMALIES_COLUMNS);
    let carry: Vec<(&str, &str, &str, &str, &str)> = rows[1..]
        .iter()
        .filter(|r| r[6] == "carry_over_mismatch")
        .map(|r| {
            (
                r[0].as_str(),
                r[2].as_str(),
                r[10].as_str(),
                r[11].as_str(),
                r[12].as_str(),
            )
        })
        .collect();
    assert_eq!(
        carry,
        [
            ("2022.docx", "2021.docx", "natural_person", "2", "3"),
            ("2022.docx", "2021.docx", "total", "3", "4"),
        ]
    );
    let summary = json(&out.join("summary.json"));
    assert_eq!(
        summary["batch_anomalies"]["by_code"]["carry_over_mismatch"],
        2
    );
    assert!(stdout(&o).contains("across reports: "), "{}", stdout(&o));
}

/// A report with every shape the writers meet: text to escape in JSON and to quote in
/// CSV (quote, comma, CR, LF, tab, control, backslash, U+2028, non-BMP), decimals kept
/// as written, nulls, an empty table and row, anomalies with and without every field,
/// a note, digest cells; and beside it a report of a file that could not be read.
fn tricky_reports() -> [nianbao::report::Report; 2] {
    use nianbao::report::*;
    let num = |s: &str| s.parse::<serde_json::Number>().unwrap();
    let loc = |table, row, cell| {
        Some(Location {
            table,
            row,
            cell,
            line: None,
        })
    };
    let cell_in = |table: &'static str,
                   row: &'static str,
                   col: &'static str,
                   value: Option<&str>,
                   raw: Option<&str>,
                   location| CellRecord {
        table,
        row,
        col,
        value: value.map(num),
        raw: raw.map(Into::into),
        location,
    };
    let cell =
        |row, col, value, raw, location| cell_in("applications", row, col, value, raw, location);
    let active = |row, col, value: &str| {
        cell_in(
            "active_disclosure",
            row,
            col,
            Some(value),
            Some(value),
            loc(1, 1, 1),
        )
    };
    let ok = Report {
        source: Source {
            format: Some(nianbao::open::Format::Doc),
            converted: Some(nianbao::report::Converted {
                from: nianbao::open::Format::Doc,
                with: "LibreOffice 7.4.7.2".into(),
            }),
            ..Source::new(
                "2021/静乐 \"县\",a.docx".into(),
                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08".into(),
                12345,
            )
        },
        status: Status::Ok,
        error: None,
        template: Some(Template::T2021),
        report: Metadata {
            agency: Some("静乐县康家会镇人民政府".into()),
            year: Some(2021),
            published: Some("2022-01-25".into()),
        },
        cells: vec![
            active("rules", "issued", "2"),
            active("rules", "repealed", "0"),
            active("rules", "in_force", "4.50"),
            active("fees", "amount", "73802895.90"),
            cell(
                "received",
                "natural_person",
                Some("1"),
                Some("\u{a0}1 "),
                loc(2, 3, 1),
            ),
            cell(
                "received",
                "commercial",
                None,
                Some("a,\"b\"\r\nc\td\u{1}\\e\u{2028}😀"),
                loc(2, 3, 2),
            ),
            cell("received", "total", Some("-3"), None, None),
            cell(
                "carried_over",
                "total",
                Some("12"),
                Some(""),
                loc(10, 0, 11),
            ),
            cell("carried_over", "natural_person", None, None, None),
        ],
        anomalies: vec![
            Anomaly {
                rule: Some("row_total".into()),
                expected: Some(num("73802895.90")),
                actual: Some(num("-3")),
                raw: Some("\"—\"".into()),
                // as a page gives it: with the line of the cell's tag
                location: loc(2, 3, 8).map(|l| Location { line: Some(7), ..l }),
                ..Anomaly::new(
                    AnomalyCode::SumMismatch,
                    Severity::Error,
                    "总计 ≠ 各项之和, \"line\"\nnext",
                )
                .at("applications", Some("received"), Some("total"))
            },
            Anomaly::new(AnomalyCode::MissingTable, Severity::Warning, "no table").at(
                "review_litigation",
                None,
                None,
            ),
            Anomaly::new(AnomalyCode::UnrecognizedRow, Severity::Info, ""),
            Anomaly {
                expected: Some(num("15")),
                actual: Some(num("-3")),
                raw: Some("共收到申请15件，\"其中\"…".into()),
                paragraph: Some(4),
                ..Anomaly::new(AnomalyCode::NarrativeMismatch, Severity::Warning, "正文").at(
                    "applications",
                    Some("received"),
                    Some("total"),
                )
            },
        ],
        notes: vec![Anomaly::new(
            AnomalyCode::BlanksConsistentAsZero,
            Severity::Info,
            "blanks read as 0",
        )],
        narrative: NarrativeCounts {
            statements: 2,
            compared: 1,
            differing: 1,
        },
    };
    let failed = Report::failed(
        Source::new("bad.docx".into(), String::new(), 0),
        ErrorRecord {
            code: ErrorCode::MalformedXml,
            message: "expected `</w:tbl>`, found \"EOF\"\tat end".into(),
            part: Some("word/document.xml".into()),
            offset: Some(18446744073709551615),
        },
    );
    [ok, failed]
}

/// The exact bytes of a report's JSON and of its rows in each batch CSV, pinned before
/// the writers were made cheaper: they must keep them byte for byte. The wide row is
/// spelled through `wide_cell_columns`, so a template column added elsewhere does not
/// move it.
#[test]
fn one_reports_output_bytes_are_pinned() {
    let [ok, failed] = tricky_reports();
    let lines = |l: &[&str]| l.iter().map(|l| format!("{l}\n")).collect::<String>();
    let wide = |meta: &str, cells: &[(&str, &str)]| {
        let mut row = meta.to_owned();
        for col in nianbao::write::wide_columns(nianbao::report::Template::T2021) {
            row.push(',');
            if let Some((_, v)) = cells.iter().find(|(c, _)| c == col) {
                row.push_str(v);
            }
        }
        row + "\n"
    };
    let text = |b: Vec<u8>| String::from_utf8(b).unwrap();

    assert_eq!(text(nianbao::write::report_json(&ok)), lines(OK_JSON));
    let rows = nianbao::write::batch_rows(&ok);
    assert_eq!(text(rows.reports), lines(OK_REPORTS));
    assert_eq!(text(rows.cells), lines(OK_CELLS));
    assert_eq!(
        text(rows.wide),
        wide(
            "\"2021/静乐 \"\"县\"\",a.docx\",静乐县康家会镇人民政府,2021,2022-01-25",
            &[
                ("active_disclosure.rules.issued", "2"),
                ("active_disclosure.rules.repealed", "0"),
                ("active_disclosure.rules.in_force", "4.50"),
                ("active_disclosure.fees.amount", "73802895.90"),
                ("applications.received.natural_person", "1"),
                ("applications.received.total", "-3"),
                ("applications.carried_over.total", "12"),
            ]
        )
    );
    assert_eq!(text(rows.anomalies), lines(OK_ANOMALIES));

    assert_eq!(
        text(nianbao::write::report_json(&failed)),
        lines(FAILED_JSON)
    );
    let rows = nianbao::write::batch_rows(&failed);
    assert_eq!(text(rows.reports), lines(FAILED_REPORTS));
    assert!(rows.wide.is_empty() && rows.template.is_none());
    assert!(rows.cells.is_empty() && rows.anomalies.is_empty());

    let digest = nianbao::batch::ReportDigest::of(&ok);
    let values: Vec<String> = nianbao::batch::DIGEST_CELLS
        .iter()
        .map(|k| digest.value(k).map(|n| n.to_string()).unwrap_or_default())
        .collect();
    assert_eq!(values.join(","), ",,,,,,12,,,,,,,,2,0,4.50,,,");
}

/// Text a spreadsheet would run as a formula gets a leading `'` in every CSV; numbers,
/// negative ones included, do not; the JSON keeps the text verbatim.
#[test]
fn formula_like_text_is_made_safe_for_spreadsheets() {
    let [mut r, _] = tricky_reports();
    r.source.path = "=HYPERLINK(\"http://x\",\"y\").docx".into();
    r.report.agency = Some("@SUM(A1)".into());
    r.cells[0].raw = Some("-".into());
    r.cells[1].raw = Some("+1".into());
    r.cells[4].raw = Some("\t=1".into());
    r.anomalies[0].message = "-3 ≠ 2".into();
    let rows = nianbao::write::batch_rows(&r);
    let text = |b: &[u8]| String::from_utf8(b.to_vec()).unwrap();
    let cells = text(&rows.cells);
    let joined = "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\").docx\",'@SUM(A1),2021,2021,";
    let first: Vec<&str> = cells.lines().take(2).collect();
    assert_eq!(
        first,
        [
            format!("{joined}active_disclosure,rules,issued,2,'-,1,1,1,"),
            format!("{joined}active_disclosure,rules,repealed,0,'+1,1,1,1,"),
        ]
    );
    assert!(cells.contains(",1,'\t=1,2,3,1,\n"), "{cells}");
    // received.total is -3: a number, written as it is.
    assert!(
        cells.contains("applications,received,total,-3,,"),
        "{cells}"
    );
    let anomalies = text(&rows.anomalies);
    assert!(
        anomalies.starts_with(&format!(
            "{joined}sum_mismatch,error,applications,row_total,received,total,73802895.90,-3,"
        )),
        "{anomalies}"
    );
    assert!(anomalies.contains(",'-3 ≠ 2,2,3,8,7,\n"), "{anomalies}");
    assert!(text(&rows.reports).starts_with("\"'=HYPERLINK("));
    assert!(text(&rows.wide).starts_with("\"'=HYPERLINK("));
    // JSON: verbatim.
    let json = text(&nianbao::write::report_json(&r));
    assert!(json.contains("\"raw\": \"-\""), "{json}");
    assert!(json.contains("\"agency\": \"@SUM(A1)\""), "{json}");
}

/// The writers against the code they replaced — serde_json with a line formatter, the
/// csv crate fed one `String` per field — over the pinned reports, every checked-in
/// corpus document, generated reports and unreadable files: the same bytes.
#[test]
fn writers_match_the_serde_and_csv_reference() {
    let mut reports: Vec<nianbao::report::Report> = tricky_reports().into();
    // Texts to escape in every field, and other shapes.
    let mut odd = reports[0].clone();
    odd.cells[0].raw = Some("\u{7f}\u{1f}\u{8}\u{c}\u{0}/".into());
    odd.cells[1].raw = Some("carriage\rreturn".into());
    odd.anomalies[1].message = "quote\"d".into();
    odd.error = reports[1].error.clone();
    odd.template = Some(nianbao::report::Template::T2019);
    odd.report.year = Some(-7);
    odd.source.duplicate_of = Some("2021/a \"b\",c.docx".into());
    reports.push(odd);
    // Texts a spreadsheet would run (OWASP's CSV-injection starts), numbers that are not.
    let mut formulas = reports[0].clone();
    formulas.source.path = "=HYPERLINK(\"http://x\",\"y\").docx".into();
    formulas.report.agency = Some("+cmd|' /C calc'!A0".into());
    formulas.report.published = Some("@SUM(1)".into());
    formulas.cells[0].raw = Some("-".into());
    formulas.cells[1].raw = Some("\t=1+1".into());
    formulas.cells[2].raw = Some("\r0".into());
    formulas.anomalies[0].message = "-2+3".into();
    formulas.anomalies[0].raw = Some("=A1".into());
    reports.push(formulas);
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let inputs = nianbao::batch::collect_inputs(&[corpus]).unwrap();
    assert!(inputs.len() >= 6, "{inputs:?}");
    let mut blank_as_zero = nianbao::extract::Options::default();
    blank_as_zero.check.blank_as_zero = true;
    for (i, input) in inputs.iter().enumerate() {
        let bytes = fs::read(&input.path).unwrap();
        for opts in [&nianbao::extract::Options::default(), &blank_as_zero] {
            reports.push(nianbao::extract::extract_bytes(
                &input.rel,
                bytes.clone(),
                opts,
            ));
        }
        let mut cut = bytes.clone();
        cut.truncate(bytes.len() * (i + 1) / (inputs.len() + 2));
        reports.push(nianbao::extract::extract_bytes(
            &input.rel,
            cut,
            opts_default(),
        ));
    }
    for i in 0..8 {
        let bytes = testdocs::corpus::varied(i);
        reports.push(nianbao::extract::extract_bytes(
            &format!("v/{i}.docx"),
            bytes,
            opts_default(),
        ));
    }
    for bad in [&b""[..], b"not a zip", b"PK\x03\x04 truncated"] {
        reports.push(nianbao::extract::extract_bytes(
            "bad,\"1\".docx",
            bad.to_vec(),
            opts_default(),
        ));
    }
    assert!(
        reports
            .iter()
            .any(|r| !r.anomalies.is_empty() && r.status == nianbao::report::Status::Ok)
    );
    for r in &reports {
        let path = &r.source.path;
        let want = reference::batch_rows(r);
        let got = nianbao::write::batch_rows(r);
        assert_eq!(
            String::from_utf8(nianbao::write::report_json(r)).unwrap(),
            String::from_utf8(reference::report_json(r)).unwrap(),
            "{path}"
        );
        for (name, got, want) in [
            ("reports", got.reports, want[0].clone()),
            ("cells", got.cells, want[1].clone()),
            ("wide", got.wide, want[2].clone()),
            ("anomalies", got.anomalies, want[3].clone()),
        ] {
            assert_eq!(
                String::from_utf8(got).unwrap(),
                String::from_utf8(want).unwrap(),
                "{path}: {name}.csv"
            );
        }
        if let Some(values) = reference::digest(r) {
            let d = nianbao::batch::ReportDigest::of(r);
            assert_eq!(d.path.as_ref(), path.as_str());
            let got: Vec<Option<serde_json::Number>> = nianbao::batch::DIGEST_CELLS
                .iter()
                .map(|k| d.value(k))
                .collect();
            assert_eq!(got, values, "{path}: digest");
        }
    }
}

/// `batch_anomalies.csv` rows and a CSV header against the csv crate.
#[test]
fn batch_anomaly_rows_match_the_csv_reference() {
    use nianbao::report::{AnomalyCode, Severity};
    let b = nianbao::crossyear::BatchAnomaly {
        code: AnomalyCode::CarryOverMismatch,
        severity: Severity::Warning,
        agency: "静乐县, \"康家会\"镇".into(),
        agency_key: "康家会镇".into(),
        table: "applications".into(),
        row: "carried_over".into(),
        col: "total".into(),
        prev_year: -1,
        prev_source: "a\r\nb.docx".into(),
        year: 2022,
        source: "2022.docx".into(),
        expected: "3.50".parse().unwrap(),
        actual: "-4".parse().unwrap(),
        message: "2021 结转 3.50, 2022 上年结转 -4".into(),
    };
    let mut got = Vec::new();
    nianbao::write::batch_anomaly_row(&mut got, &b);
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    w.write_record([
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
    ])
    .unwrap();
    assert_eq!(
        String::from_utf8(got).unwrap(),
        String::from_utf8(w.into_inner().unwrap()).unwrap()
    );

    let dir = scratch("header");
    let path = dir.join("h.csv");
    let file = nianbao::write::CsvFile::create(&path, nianbao::write::ANOMALIES_COLUMNS).unwrap();
    file.commit().unwrap();
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    w.write_record(nianbao::write::ANOMALIES_COLUMNS).unwrap();
    assert_eq!(fs::read(&path).unwrap(), w.into_inner().unwrap());
}

fn opts_default() -> &'static nianbao::extract::Options {
    static OPTS: std::sync::OnceLock<nianbao::extract::Options> = std::sync::OnceLock::new();
    OPTS.get_or_init(Default::default)
}

/// The report JSON and batch rows as nianbao wrote them before they were made cheaper
/// (commit 98b2e75): serde_json with the line formatter, one `String` per CSV field.
mod reference {
    use std::io::{self, Write};

    use nianbao::report::{Anomaly, Report, Status};
    use serde::Serialize;
    use serde_json::Number;

    pub fn report_json(report: &Report) -> Vec<u8> {
        let mut out = Vec::new();
        let mut ser = serde_json::Serializer::with_formatter(&mut out, LineFormatter::default());
        report.serialize(&mut ser).unwrap();
        out.push(b'\n');
        out
    }

    #[derive(Default)]
    struct LineFormatter {
        depth: usize,
        inline_from: Option<usize>,
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
        fn begin_array_value<W: ?Sized + Write>(
            &mut self,
            w: &mut W,
            first: bool,
        ) -> io::Result<()> {
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
        fn begin_object_key<W: ?Sized + Write>(
            &mut self,
            w: &mut W,
            first: bool,
        ) -> io::Result<()> {
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

    fn csv_writer() -> csv::Writer<Vec<u8>> {
        csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(Vec::new())
    }

    fn num(n: &Option<Number>) -> String {
        n.as_ref().map(Number::to_string).unwrap_or_default()
    }

    fn opt<T: ToString>(v: &Option<T>) -> String {
        v.as_ref().map(T::to_string).unwrap_or_default()
    }

    /// A text field as a spreadsheet must see it: a leading `'` before `=`, `+`, `-`, `@`,
    /// tab or CR (OWASP's rule against CSV injection).
    fn safe(s: &str) -> String {
        match s.chars().next() {
            Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
            _ => s.to_owned(),
        }
    }

    fn safe_opt(v: &Option<String>) -> String {
        safe(v.as_deref().unwrap_or(""))
    }

    /// reports, cells, wide, anomalies.
    pub fn batch_rows(report: &Report) -> [Vec<u8>; 4] {
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
        let rec: [String; 20] = [
            safe(path),
            report.source.sha256.clone(),
            report.source.bytes.to_string(),
            status.to_owned(),
            err.map(|e| e.code.as_str().to_owned()).unwrap_or_default(),
            safe(err.map(|e| e.message.as_str()).unwrap_or_default()),
            safe(err.and_then(|e| e.part.as_deref()).unwrap_or_default()),
            err.and_then(|e| e.offset)
                .map(|o| o.to_string())
                .unwrap_or_default(),
            template.to_owned(),
            safe_opt(&meta.agency),
            opt(&meta.year),
            safe_opt(&meta.published),
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
            report
                .source
                .format
                .map(|f| f.as_str().to_owned())
                .unwrap_or_default(),
            safe_opt(&report.source.duplicate_of),
        ];
        w.write_record(&rec).unwrap();
        let reports = w.into_inner().unwrap();

        let joined = [
            safe(path),
            safe_opt(&meta.agency),
            opt(&meta.year),
            template.to_owned(),
        ];
        let mut w = csv_writer();
        for c in &report.cells {
            let loc = c.location;
            let mut rec = joined.to_vec();
            rec.extend([
                c.table.to_owned(),
                c.row.to_owned(),
                c.col.to_owned(),
                num(&c.value),
                safe_opt(&c.raw),
                opt(&loc.map(|l| l.table)),
                opt(&loc.map(|l| l.row)),
                opt(&loc.map(|l| l.cell)),
                opt(&loc.and_then(|l| l.line)),
            ]);
            w.write_record(&rec).unwrap();
        }
        let cells = w.into_inner().unwrap();

        let mut w = csv_writer();
        if let Some(t) = report.template {
            let mut wide: Vec<String> = vec![
                safe(path),
                safe_opt(&meta.agency),
                opt(&meta.year),
                safe_opt(&meta.published),
            ];
            for key in nianbao::write::wide_columns(t) {
                let mut parts = key.splitn(3, '.');
                let (t, r, c) = (parts.next(), parts.next(), parts.next());
                let v = match (t, r, c) {
                    (Some(t), Some(r), Some(c)) => report
                        .value(t, r, c)
                        .map(Number::to_string)
                        .unwrap_or_default(),
                    _ => String::new(),
                };
                wide.push(v);
            }
            w.write_record(&wide).unwrap();
        }
        let wide = w.into_inner().unwrap();

        let mut w = csv_writer();
        for a in &report.anomalies {
            let mut rec = joined.to_vec();
            rec.extend(anomaly_fields(a));
            w.write_record(rec).unwrap();
        }
        let anomalies = w.into_inner().unwrap();
        [reports, cells, wide, anomalies]
    }

    fn anomaly_fields(a: &Anomaly) -> Vec<String> {
        let loc = a.location;
        vec![
            a.code.as_str().to_owned(),
            a.severity.as_str().to_owned(),
            safe_opt(&a.table),
            safe_opt(&a.rule),
            safe_opt(&a.row),
            safe_opt(&a.col),
            num(&a.expected),
            num(&a.actual),
            safe_opt(&a.raw),
            safe(&a.message),
            opt(&loc.map(|l| l.table)),
            opt(&loc.map(|l| l.row)),
            opt(&loc.map(|l| l.cell)),
            opt(&loc.and_then(|l| l.line)),
            opt(&a.paragraph),
        ]
    }

    /// The digest cells' values, for an ok report with agency and year.
    pub fn digest(report: &Report) -> Option<Vec<Option<Number>>> {
        if report.status != Status::Ok
            || report.report.agency.is_none()
            || report.report.year.is_none()
        {
            return None;
        }
        Some(
            nianbao::batch::DIGEST_CELLS
                .iter()
                .map(|key| {
                    let mut k = key.splitn(3, '.');
                    let (t, r, c) = (k.next()?, k.next()?, k.next()?);
                    report.value(t, r, c).cloned()
                })
                .collect(),
        )
    }
}

const OK_JSON: &[&str] = &[
    "{",
    "  \"source\": {",
    "    \"path\": \"2021/静乐 \\\"县\\\",a.docx\",",
    "    \"sha256\": \"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\",",
    "    \"bytes\": 12345,",
    "    \"format\": \"doc\",",
    "    \"converted\": {",
    "      \"from\": \"doc\",",
    "      \"with\": \"LibreOffice 7.4.7.2\"",
    "    }",
    "  },",
    "  \"status\": \"ok\",",
    "  \"error\": null,",
    "  \"template\": \"2021\",",
    "  \"report\": {",
    "    \"agency\": \"静乐县康家会镇人民政府\",",
    "    \"year\": 2021,",
    "    \"published\": \"2022-01-25\"",
    "  },",
    "  \"tables\": {",
    "    \"active_disclosure\": {",
    "      \"rules\": {\"issued\": 2, \"repealed\": 0, \"in_force\": 4.50},",
    "      \"fees\": {\"amount\": 73802895.90}",
    "    },",
    "    \"applications\": {",
    "      \"received\": {\"natural_person\": 1, \"commercial\": null, \"total\": -3},",
    "      \"carried_over\": {\"total\": 12, \"natural_person\": null}",
    "    }",
    "  },",
    "  \"cells\": [",
    "    {\"table\": \"active_disclosure\", \"row\": \"rules\", \"col\": \"issued\", \"value\": 2, \"raw\": \"2\", \"location\": {\"table\": 1, \"row\": 1, \"cell\": 1}},",
    "    {\"table\": \"active_disclosure\", \"row\": \"rules\", \"col\": \"repealed\", \"value\": 0, \"raw\": \"0\", \"location\": {\"table\": 1, \"row\": 1, \"cell\": 1}},",
    "    {\"table\": \"active_disclosure\", \"row\": \"rules\", \"col\": \"in_force\", \"value\": 4.50, \"raw\": \"4.50\", \"location\": {\"table\": 1, \"row\": 1, \"cell\": 1}},",
    "    {\"table\": \"active_disclosure\", \"row\": \"fees\", \"col\": \"amount\", \"value\": 73802895.90, \"raw\": \"73802895.90\", \"location\": {\"table\": 1, \"row\": 1, \"cell\": 1}},",
    "    {\"table\": \"applications\", \"row\": \"received\", \"col\": \"natural_person\", \"value\": 1, \"raw\": \"\u{a0}1 \", \"location\": {\"table\": 2, \"row\": 3, \"cell\": 1}},",
    "    {\"table\": \"applications\", \"row\": \"received\", \"col\": \"commercial\", \"value\": null, \"raw\": \"a,\\\"b\\\"\\r\\nc\\td\\u0001\\\\e\u{2028}😀\", \"location\": {\"table\": 2, \"row\": 3, \"cell\": 2}},",
    "    {\"table\": \"applications\", \"row\": \"received\", \"col\": \"total\", \"value\": -3, \"raw\": null, \"location\": null},",
    "    {\"table\": \"applications\", \"row\": \"carried_over\", \"col\": \"total\", \"value\": 12, \"raw\": \"\", \"location\": {\"table\": 10, \"row\": 0, \"cell\": 11}},",
    "    {\"table\": \"applications\", \"row\": \"carried_over\", \"col\": \"natural_person\", \"value\": null, \"raw\": null, \"location\": null}",
    "  ],",
    "  \"anomalies\": [",
    "    {\"code\": \"sum_mismatch\", \"severity\": \"error\", \"table\": \"applications\", \"rule\": \"row_total\", \"row\": \"received\", \"col\": \"total\", \"expected\": 73802895.90, \"actual\": -3, \"raw\": \"\\\"—\\\"\", \"message\": \"总计 ≠ 各项之和, \\\"line\\\"\\nnext\", \"location\": {\"table\": 2, \"row\": 3, \"cell\": 8, \"line\": 7}},",
    "    {\"code\": \"missing_table\", \"severity\": \"warning\", \"table\": \"review_litigation\", \"message\": \"no table\"},",
    "    {\"code\": \"unrecognized_row\", \"severity\": \"info\", \"message\": \"\"},",
    "    {\"code\": \"narrative_mismatch\", \"severity\": \"warning\", \"table\": \"applications\", \"row\": \"received\", \"col\": \"total\", \"expected\": 15, \"actual\": -3, \"raw\": \"共收到申请15件，\\\"其中\\\"…\", \"message\": \"正文\", \"location\": {\"paragraph\": 4}}",
    "  ],",
    "  \"notes\": [",
    "    {\"code\": \"blanks_consistent_as_zero\", \"severity\": \"info\", \"message\": \"blanks read as 0\"}",
    "  ]",
    "}",
];

const OK_REPORTS: &[&str] = &[
    "\"2021/静乐 \"\"县\"\",a.docx\",9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08,12345,ok,,,,,2021,静乐县康家会镇人民政府,2021,2022-01-25,9,2,1,2,1,blanks_consistent_as_zero,doc,",
];

const OK_CELLS: &[&str] = &[
    "\"2021/静乐 \"\"县\"\",a.docx\",静乐县康家会镇人民政府,2021,2021,active_disclosure,rules,issued,2,2,1,1,1,",
    "\"2021/静乐 \"\"县\"\",a.docx\",静乐县康家会镇人民政府,2021,2021,active_disclosure,rules,repealed,0,0,1,1,1,",
    "\"2021/静乐 \"\"县\"\",a.docx\",静乐县康家会镇人民政府,2021,2021,active_disclosure,rules,in_force,4.50,4.50,1,1,1,",
    "\"2021/静乐 \"\"县\"\",a.docx\",静乐县康家会镇人民政府,2021,2021,active_disclosure,fees,amount,73802895.90,73802895.90,1,1,1,",
    "\"2021/静乐 \"\"县\"\",a.docx\",静乐县康家会镇人民政府,2021,2021,applications,received,natural_person,1,\u{a0}1 ,2,3,1,",
    "\"2021/静乐 \"\"县\"\",a.docx\",静乐县康家会镇人民政府,2021,2021,applications,received,commercial,,\"a,\"\"b\"\"\r",
    "c\td\u{1}\\e\u{2028}😀\",2,3,2,",
    "\"2021/静乐 \"\"县\"\",a.docx\",静乐县康家会镇人民政府,2021,2021,applications,received,total,-3,,,,,",
    "\"2021/静乐 \"\"县\"\",a.docx\",静乐县康家会镇人民政府,2021,2021,applications,carried_over,total,12,,10,0,11,",
    "\"2021/静乐 \"\"县\"\",a.docx\",静乐县康家会镇人民政府,2021,2021,applications,carried_over,natural_person,,,,,,",
];

const OK_ANOMALIES: &[&str] = &[
    "\"2021/静乐 \"\"县\"\",a.docx\",静乐县康家会镇人民政府,2021,2021,sum_mismatch,error,applications,row_total,received,total,73802895.90,-3,\"\"\"—\"\"\",\"总计 ≠ 各项之和, \"\"line\"\"",
    "next\",2,3,8,7,",
    "\"2021/静乐 \"\"县\"\",a.docx\",静乐县康家会镇人民政府,2021,2021,missing_table,warning,review_litigation,,,,,,,no table,,,,,",
    "\"2021/静乐 \"\"县\"\",a.docx\",静乐县康家会镇人民政府,2021,2021,unrecognized_row,info,,,,,,,,,,,,,",
    "\"2021/静乐 \"\"县\"\",a.docx\",静乐县康家会镇人民政府,2021,2021,narrative_mismatch,warning,applications,,received,total,15,-3,\"共收到申请15件，\"\"其中\"\"…\",正文,,,,,4",
];

const FAILED_JSON: &[&str] = &[
    "{",
    "  \"source\": {",
    "    \"path\": \"bad.docx\",",
    "    \"sha256\": \"\",",
    "    \"bytes\": 0,",
    "    \"format\": null",
    "  },",
    "  \"status\": \"error\",",
    "  \"error\": {",
    "    \"code\": \"malformed_xml\",",
    "    \"message\": \"expected `</w:tbl>`, found \\\"EOF\\\"\\tat end\",",
    "    \"part\": \"word/document.xml\",",
    "    \"offset\": 18446744073709551615",
    "  },",
    "  \"template\": null,",
    "  \"report\": {",
    "    \"agency\": null,",
    "    \"year\": null,",
    "    \"published\": null",
    "  },",
    "  \"tables\": {},",
    "  \"cells\": [],",
    "  \"anomalies\": [],",
    "  \"notes\": []",
    "}",
];

const FAILED_REPORTS: &[&str] = &[
    "bad.docx,,0,error,malformed_xml,\"expected `</w:tbl>`, found \"\"EOF\"\"\tat end\",word/document.xml,18446744073709551615,,,,,0,0,0,0,0,,,",
];

/// `extract --check`: the summary line and an exit status, nothing written: 1 when a
/// file failed or an error anomaly was found, 0 for a clean batch; `--out` is not needed
/// and, when given, left untouched.
#[test]
fn check_mode_writes_nothing_and_says_by_exit_status() {
    let root = scratch("check");
    let clean = root.join("clean");
    put(&clean.join("a.docx"), &testdocs::corpus::varied(0));
    put(&clean.join("b.docx"), &testdocs::corpus::varied(1));
    let o = nianbao(&["extract", clean.to_str().unwrap(), "--check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let line = stdout(&o);
    assert!(
        line.starts_with(
            "nianbao: files: 2 read, 0 failed; anomalies: 0 errors, 0 warnings, 0 info;"
        ),
        "{line}"
    );
    assert!(line.contains("--check: nothing written"), "{line}");

    let input = batch(&root);
    let out = root.join("out");
    let o = nianbao(&[
        "extract",
        input.to_str().unwrap(),
        "--check",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "failed files: {}", stdout(&o));
    assert!(stdout(&o).starts_with("nianbao: files: 3 read, 2 failed"));
    assert!(!out.exists(), "--check wrote {}", out.display());

    let unbalanced = root.join("unbalanced");
    put(
        &unbalanced.join("u.docx"),
        &testdocs::raw::write(
            &testdocs::corpus::unbalanced_2021().doc(),
            &Default::default(),
        ),
    );
    let o = nianbao(&["extract", unbalanced.to_str().unwrap(), "--check"]);
    assert_eq!(o.status.code(), Some(1), "a sum_mismatch: {}", stdout(&o));
    assert!(stdout(&o).contains("files: 1 read, 0 failed; anomalies: "));
    assert!(
        !stdout(&o).contains("anomalies: 0 errors"),
        "{}",
        stdout(&o)
    );
}
