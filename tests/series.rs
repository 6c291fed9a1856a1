//! The three-year series `corpus/series/` (云河市清源区教育局 2020–2022, see
//! `testdocs::corpus::series`) through the built binary: its `batch_anomalies.csv` holds
//! exactly the one broken link, 2021 → 2022 (carry-over of natural_person and total,
//! in_force of normative_docs), and a run over the whole corpus (`make extract`) finds
//! nothing across years besides it — the standalone samples are distinct agencies.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use nianbao::write::BATCH_ANOMALIES_COLUMNS;
use pretty_assertions::assert_eq;

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// A fresh, empty folder for one test under the target's scratch space.
fn scratch(name: &str) -> PathBuf {
    common::scratch("series", name)
}

/// `nianbao extract INPUT --out OUT`, which must succeed (exit 0: no report fails to read).
fn extract(input: &Path, out: &Path) {
    let o = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .arg("extract")
        .arg(input)
        .arg("--out")
        .arg(out)
        .output()
        .expect("run nianbao");
    assert!(
        o.status.success(),
        "nianbao extract {}: {:?}\n{}",
        input.display(),
        o.status,
        String::from_utf8_lossy(&o.stderr)
    );
}

/// `batch_anomalies.csv`: BOM, the documented header, then one record per finding,
/// each without its message (checked apart: it names both years).
fn batch_anomalies(out: &Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(out.join("batch_anomalies.csv")).unwrap();
    let body = bytes
        .strip_prefix("\u{feff}".as_bytes())
        .expect("batch_anomalies.csv starts with a UTF-8 BOM");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(body);
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(header, BATCH_ANOMALIES_COLUMNS);
    let message = header.iter().position(|c| c == "message").unwrap();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            let msg = &r[message];
            let (year, prev_year) = (&r[1], &r[3]);
            assert!(
                msg.contains(year) && msg.contains(prev_year),
                "the message names both years: {msg}"
            );
            r.iter()
                .enumerate()
                .filter(|(i, _)| *i != message)
                .map(|(_, f)| f.to_owned())
                .collect()
        })
        .collect()
}

/// The intended breaks, each as the columns of `batch_anomalies.csv` before `message`:
/// path, year, prev_path, prev_year, agency, agency_key, code, severity, table, row,
/// col, expected, actual. `dir` is the series' folder as the batch names it.
fn intended(dir: &str) -> Vec<Vec<String>> {
    let agency = testdocs::corpus::SERIES_AGENCY;
    let row = |code, table, row, col, expected, actual| -> Vec<String> {
        [
            &format!("{dir}education-2022.docx"),
            "2022",
            &format!("{dir}education-2021.docx"),
            "2021",
            agency,
            agency,
            code,
            "warning",
            table,
            row,
            col,
            expected,
            actual,
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    };
    vec![
        // 2021 carried 3 forward (自然人), 4 in all; 2022 says it carried over 4 and 5.
        row(
            "carry_over_mismatch",
            "applications",
            "carried_over",
            "natural_person",
            "3",
            "4",
        ),
        row(
            "carry_over_mismatch",
            "applications",
            "carried_over",
            "total",
            "4",
            "5",
        ),
        // 15 in force at the end of 2021, 4 issued and 2 repealed in 2022: 17, not 18.
        row(
            "in_force_mismatch",
            "active_disclosure",
            "normative_docs",
            "in_force",
            "17",
            "18",
        ),
    ]
}

/// The series alone: exactly the three findings of the 2021 → 2022 link. The 2020 →
/// 2021 carry-over holds (no row for 2021), rules' in_force chain holds (no row for
/// `rules`), and 2020 → 2021 has no in_force check (2020 is template 2019).
#[test]
fn series_breaks_exactly_one_link() {
    let out = scratch("alone");
    extract(&corpus_dir().join("series"), &out);
    assert_eq!(batch_anomalies(&out), intended(""));
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["batch_anomalies"]["total"], 3);
}

/// The whole corpus, as `make extract` reads it: the standalone samples (one agency
/// each) and the seed add no cross-year finding; only the series' three rows remain,
/// named by their path under `corpus/`.
#[test]
fn whole_corpus_has_no_cross_year_finding_but_the_series() {
    let out = scratch("corpus");
    extract(&corpus_dir(), &out);
    assert_eq!(batch_anomalies(&out), intended("series/"));
}
