//! cli tests: the output folder of a batch — nested inputs with bad files, the CSVs' BOM and
//! headers, re-runs, threads, colliding inputs, a file given directly, cross-year findings.

use super::*;
use pretty_assertions::assert_eq;

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
