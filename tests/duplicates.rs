//! The same file twice (SPEC §9), through the built binary: the corpus' three-year series
//! (`corpus/series/`, one broken link 2021 → 2022, see `tests/series.rs`) copied into
//! further folders. Each later copy is written with `source.duplicate_of` naming the
//! first copy and a `duplicate_of` note; the checks across years see each report once,
//! so `batch_anomalies.csv` holds the series' three findings, not one per pair of copies;
//! `summary.json` counts the copies; the outputs are the same bytes whatever `--jobs`.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use pretty_assertions::assert_eq;
use serde_json::Value;

const SERIES: [&str; 3] = [
    "education-2020.docx",
    "education-2021.docx",
    "education-2022.docx",
];

fn series_file(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("corpus/series")
        .join(name)
}

/// A fresh, empty folder for one test under the target's scratch space.
fn scratch(name: &str) -> PathBuf {
    common::scratch("duplicates", name)
}

/// `nianbao extract INPUT --out OUT --jobs N -q`, which must succeed; its summary line.
fn extract(input: &Path, out: &Path, jobs: usize) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .arg("extract")
        .arg(input)
        .arg("--out")
        .arg(out)
        .args(["--jobs", &jobs.to_string(), "-q"])
        .output()
        .expect("run nianbao");
    assert!(
        o.status.success(),
        "{:?}\n{}",
        o.status,
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

fn json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// A CSV's records after its BOM, the header first.
fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(path).unwrap();
    let body = bytes.strip_prefix("\u{feff}".as_bytes()).expect("BOM");
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body)
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

/// Every file under `dir` (relative path → bytes), for comparing two runs.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

/// `in/a/` holds the series; `in/b/` a copy of all three; `in/c/` the 2021 report twice
/// more under other names. Input order is path order: `a/…` first.
#[test]
fn later_copies_name_the_first_and_count_once_across_years() {
    let root = scratch("marked");
    let input = root.join("in");
    for dir in ["a", "b", "c"] {
        std::fs::create_dir_all(input.join(dir)).unwrap();
    }
    for name in SERIES {
        std::fs::copy(series_file(name), input.join("a").join(name)).unwrap();
        std::fs::copy(series_file(name), input.join("b").join(name)).unwrap();
    }
    for name in ["2021 (1).docx", "2021-copy.docx"] {
        std::fs::copy(series_file(SERIES[1]), input.join("c").join(name)).unwrap();
    }

    let out = root.join("out-1");
    let line = extract(&input, &out, 1);
    assert!(
        line.contains("files: 8 read, 0 failed") && line.contains("; duplicates: 5"),
        "{line}"
    );

    for name in SERIES {
        let first = json(&out.join("reports/a").join(name.replace(".docx", ".json")));
        assert_eq!(first["source"].get("duplicate_of"), None, "{name}");
        assert_eq!(first["notes"].as_array().unwrap().len(), 0, "{name}");
        let copy = json(&out.join("reports/b").join(name.replace(".docx", ".json")));
        let want = format!("a/{name}");
        assert_eq!(copy["source"]["duplicate_of"], want.as_str());
        assert_eq!(copy["source"]["sha256"], first["source"]["sha256"]);
        // Still read and written in full: the same tables as the first copy.
        assert_eq!(copy["tables"], first["tables"]);
        assert_eq!(copy["anomalies"], first["anomalies"]);
        let note = &copy["notes"][0];
        assert_eq!(note["code"], "duplicate_of");
        assert_eq!(note["severity"], "info");
        assert!(note["message"].as_str().unwrap().contains(&want), "{note}");
    }
    for name in ["2021 (1).json", "2021-copy.json"] {
        let copy = json(&out.join("reports/c").join(name));
        assert_eq!(copy["source"]["duplicate_of"], "a/education-2021.docx");
    }

    let reports = csv_rows(&out.join("reports.csv"));
    let col = |name: &str| reports[0].iter().position(|c| c == name).unwrap();
    let (path, dup, notes) = (col("path"), col("duplicate_of"), col("notes"));
    let got: Vec<(&str, &str, &str)> = reports[1..]
        .iter()
        .map(|r| (r[path].as_str(), r[dup].as_str(), r[notes].as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("a/education-2020.docx", "", ""),
            ("a/education-2021.docx", "", ""),
            ("a/education-2022.docx", "", ""),
            (
                "b/education-2020.docx",
                "a/education-2020.docx",
                "duplicate_of"
            ),
            (
                "b/education-2021.docx",
                "a/education-2021.docx",
                "duplicate_of"
            ),
            (
                "b/education-2022.docx",
                "a/education-2022.docx",
                "duplicate_of"
            ),
            ("c/2021 (1).docx", "a/education-2021.docx", "duplicate_of"),
            ("c/2021-copy.docx", "a/education-2021.docx", "duplicate_of"),
        ][..]
    );

    // The series' three findings, each between the first copies: without the rule, the
    // 2021 → 2022 link would be checked 4 × 2 times.
    let across = csv_rows(&out.join("batch_anomalies.csv"));
    let pairs: Vec<(&str, &str, &str)> = across[1..]
        .iter()
        .map(|r| (r[0].as_str(), r[2].as_str(), r[6].as_str()))
        .collect();
    let link = ("a/education-2022.docx", "a/education-2021.docx");
    assert_eq!(
        pairs,
        [
            (link.0, link.1, "carry_over_mismatch"),
            (link.0, link.1, "carry_over_mismatch"),
            (link.0, link.1, "in_force_mismatch"),
        ]
    );

    let summary = json(&out.join("summary.json"));
    assert_eq!(summary["files"], 8);
    assert_eq!(summary["duplicates"], 5);
    assert_eq!(summary["batch_anomalies"]["total"], 3);
    assert_eq!(summary["notes"]["duplicate_of"], 5);

    // The same bytes whatever the number of workers (which copy is first is decided by
    // input order, not by which worker finishes first).
    for jobs in [2, 5] {
        let again = root.join(format!("out-{jobs}"));
        extract(&input, &again, jobs);
        assert!(
            tree(&out) == tree(&again),
            "--jobs {jobs} wrote other bytes"
        );
    }
}

/// Many copies of one series: a file per copy is still written, and the checks across
/// years stay at the series' three findings — linear in the distinct reports, not
/// quadratic in the copies. (Issue 16 asks 10,000 copies in seconds with a release
/// build; the debug build of the tests runs 600 files.)
#[test]
fn many_copies_of_one_series_are_checked_once() {
    const COPIES: usize = 200;
    let root = scratch("many");
    let input = root.join("in");
    std::fs::create_dir_all(&input).unwrap();
    let bytes: Vec<Vec<u8>> = SERIES
        .iter()
        .map(|n| std::fs::read(series_file(n)).unwrap())
        .collect();
    for i in 0..COPIES {
        for (name, b) in SERIES.iter().zip(&bytes) {
            std::fs::write(input.join(format!("{i:04}-{name}")), b).unwrap();
        }
    }
    let out = root.join("out");
    let line = extract(&input, &out, 0);
    let files = COPIES * SERIES.len();
    assert!(
        line.contains(&format!("files: {files} read, 0 failed")),
        "{line}"
    );
    let summary = json(&out.join("summary.json"));
    assert_eq!(summary["files"], files);
    assert_eq!(summary["duplicates"], files - SERIES.len());
    assert_eq!(summary["batch_anomalies"]["total"], 3);
    let across = csv_rows(&out.join("batch_anomalies.csv"));
    assert_eq!(across.len(), 1 + 3);
    assert_eq!(across[1][0], "0000-education-2022.docx");
    assert_eq!(across[1][2], "0000-education-2021.docx");
    let last = json(&out.join(format!("reports/{:04}-education-2020.json", COPIES - 1)));
    assert_eq!(last["source"]["duplicate_of"], "0000-education-2020.docx");
}
