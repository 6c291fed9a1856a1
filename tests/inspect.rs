//! `nianbao inspect` on the corpus's generated reports: within 120 columns (or `--wide`),
//! each cell's canonical key, value and anomalies under its table, and `--at
//! TABLE:ROW:CELL` for one cell — checked against what `extract` makes of the same file.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use nianbao::inspect::display_width;
use nianbao::report::Report;

fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join(name)
}

fn inspect(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .arg("inspect")
        .args(args)
        .output()
        .expect("runs")
}

fn ok(args: &[&str]) -> String {
    let o = inspect(args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).expect("utf-8")
}

fn extracted(path: &Path) -> Report {
    let bytes = std::fs::read(path).expect("corpus file");
    nianbao::extract::extract_bytes("x.docx", bytes, &Default::default())
}

fn place(l: nianbao::report::Location) -> String {
    format!("{}:{}:{}", l.table, l.row, l.cell)
}

#[test]
fn inspect_fits_120_columns_and_lists_every_key_with_its_anomalies() {
    for name in [
        "unbalanced-2021.docx",
        "blanks-2019.docx",
        "seed-kangjiahui-2021.docx",
    ] {
        let path = corpus(name);
        let text = ok(&[path.to_str().unwrap()]);
        for line in text.lines() {
            assert!(
                display_width(line) <= 120,
                "{name}: {} columns: {line}",
                display_width(line)
            );
        }
        let report = extracted(&path);
        assert!(report.cells.len() > 150, "{name}");
        // Every located cell is listed under its table with its key and value.
        for c in &report.cells {
            let Some(l) = c.location else { continue };
            let value = c
                .value
                .as_ref()
                .map_or("null".to_owned(), |v| v.as_str().to_owned());
            let want = format!("r{}:{}", l.row, l.cell);
            let key = format!("{}.{}.{} = {value}", c.table, c.row, c.col);
            assert!(
                text.lines()
                    .any(|line| line.trim_start().starts_with(&want) && line.contains(&key)),
                "{name}: {want} {key} not listed"
            );
        }
        // Every anomaly is shown (by its code and the start of its message).
        for a in report.anomalies.iter() {
            let head: String = a.message.chars().take(20).collect();
            let line = format!("! {} ({})", a.code.as_str(), a.severity.as_str());
            assert!(text.contains(&line), "{name}: {line}");
            assert!(text.contains(&head), "{name}: {head}");
        }
        // --wide draws the same tables at full width: some line is longer.
        let wide = ok(&["--wide", path.to_str().unwrap()]);
        assert!(
            wide.lines().any(|l| display_width(l) > 120),
            "{name}: --wide"
        );
        assert!(wide.contains("applications.received.total = "), "{name}");
    }
}

#[test]
fn inspect_at_shows_one_cell_its_key_raw_and_anomalies() {
    let path = corpus("unbalanced-2021.docx");
    let report = extracted(&path);
    // A cell of a failed rule: the (七)总计 cell a sum_mismatch is located at.
    let a = report
        .anomalies
        .iter()
        .find(|a| a.location.is_some() && a.code.as_str() == "sum_mismatch")
        .expect("unbalanced has a located sum_mismatch");
    let l = a.location.unwrap();
    let cell = report
        .cells
        .iter()
        .find(|c| c.location.map(|x| (x.table, x.row, x.cell)) == Some((l.table, l.row, l.cell)))
        .expect("the anomaly's cell");
    let text = ok(&["--at", &place(l), path.to_str().unwrap()]);
    assert!(text.contains(&format!("cell {}", place(l))), "{text}");
    assert!(
        text.contains(&format!(
            "key:       {}.{}.{}",
            cell.table, cell.row, cell.col
        )),
        "{text}"
    );
    let value = cell
        .value
        .as_ref()
        .map_or("null".to_owned(), |v| v.as_str().to_owned());
    assert!(text.contains(&format!("value:     {value}")), "{text}");
    assert!(text.contains("raw:       「"), "{text}");
    assert!(text.contains(&format!("\"table\":{}", l.table)), "{text}");
    assert!(
        text.contains(&a.message.chars().take(20).collect::<String>()),
        "{text}"
    );
    assert!(!text.contains("legend:"), "one cell only: {text}");

    // column_balance, located at the （七）总计 cell, is listed at --at of its other
    // figures too: the same column's 结转下年度 cell.
    if let Some(cb) = report
        .anomalies
        .iter()
        .find(|a| a.rule.as_deref() == Some("column_balance"))
    {
        let col = cb.col.as_deref().unwrap();
        let fwd = report
            .cells
            .iter()
            .find(|c| c.row == "carried_forward" && c.col == col)
            .and_then(|c| c.location)
            .expect("carried_forward located");
        let text = ok(&["--at", &place(fwd), path.to_str().unwrap()]);
        assert!(text.contains("column_balance"), "{text}");
        assert!(text.contains("applications.carried_forward."), "{text}");
    }

    // A label cell: no key, said so.
    let text = ok(&["--at", "1:0:0", path.to_str().unwrap()]);
    assert!(text.contains("key:       none"), "{text}");
}

#[test]
fn inspect_at_a_cell_the_document_lacks_exits_2() {
    let path = corpus("unbalanced-2021.docx");
    let o = inspect(&["--at", "99:0:0", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("no cell 99:0:0") && err.contains("tables"),
        "{err}"
    );
    let o = inspect(&["--at", "3-5-1", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("TABLE:ROW:CELL"));
    let o = inspect(&["--at", "0:1:1", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
}
