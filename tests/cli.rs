//! The `nianbao` binary end to end: flags, exit codes, the output folder's files and
//! their bytes. Documents come from `testdocs` (`corpus::varied(i)`: balanced 2021
//! reports written four ways) plus a few hand-made bad files.

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
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("cli")
        .join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
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
    assert!(stderr(&o).contains("no .docx file found"), "{}", stderr(&o));

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
    assert!(line.starts_with("nianbao: 5 files, "), "{line}");
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
            "batch_anomalies.csv",
            "cells.csv",
            "reports.csv",
            "reports/a.json",
            "reports/b.json",
            "reports/empty.json",
            "reports/sub/c.json",
            "reports/sub/deeper/d.json",
            "summary.json",
            "wide.csv",
        ]
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
    let wide = header("wide.csv");
    assert_eq!(&wide[..6], nianbao::write::WIDE_META_COLUMNS);
    assert_eq!(&wide[6..], nianbao::write::wide_cell_columns());
    assert!(wide.contains(&"applications.received.total".to_owned()));
    assert!(wide.contains(&"active_disclosure.procurement.purchase_amount".to_owned()));
    // One wide row per report, every row as long as the header.
    let rows = csv_rows(&out.join("wide.csv"));
    assert_eq!(rows.len(), 6);
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
    assert_eq!(
        second.remove("reports/old.json").as_deref(),
        Some(&b"{}"[..])
    );
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
    assert_eq!(one.len(), 25 + 6);
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
    assert_eq!(
        json(&out.join("reports/a~2.json"))["source"]["path"],
        "a~2.docx"
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
    let r = json(&out.join("reports/old.doc.json"));
    assert_eq!(r["source"]["path"], "old.doc");
    assert_eq!(r["status"], "error");
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
