//! Reader quirks (issue 3, SPEC §1): one test per OOXML construct real reports carry.
//!
//! Each test builds its document with `testdocs` (raw XML unless said otherwise), runs it
//! through the whole pipeline (`extract_bytes`) and asserts every value of the three
//! tables, every anomaly (all fields but the message) and the report metadata. Most start
//! from `testdocs::corpus::clean_2021()`, whose figures are non-zero and balance, so a
//! quirk that loses, doubles or garbles a figure shows up both as a wrong value and as a
//! `sum_mismatch`.
//!
//! One test binary (each target under tests/ is one more to link); its topics are the
//! modules below, the helpers they share are here.

use std::collections::BTreeMap;

#[path = "../common/mod.rs"]
mod common;
use common::values_out;

use nianbao::extract::{Options, extract_bytes};
use nianbao::report::Report;
use pretty_assertions::assert_eq;
use testdocs::raw::{self, Package};
use testdocs::{
    Block, Cell, Doc, HMerge, Inline, Loc, Para, Run, RunItem, Table, Template, Wrap, corpus, keys,
};

mod parts;
mod tables;
mod text;
mod wrappers;

// ---------------------------------------------------------------- helpers

/// A value as SPEC §3 reads it: `Some(n)` for a number (placeholders read 0), `None`
/// for blank or text.
fn spec_value(raw: &str) -> Option<f64> {
    let t: String = raw
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{200b}' && *c != '\u{feff}')
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap(),
            '．' => '.',
            '，' | ',' => '\0',
            '－' => '-',
            c => c,
        })
        .filter(|c| *c != '\0')
        .collect();
    match t.as_str() {
        "—" | "——" | "-" | "/" | "无" => Some(0.0),
        "" => None,
        s => s.parse().ok(),
    }
}

/// Every canonical cell of a testdocs report with the value SPEC §3 gives its raw text.
fn values_of(r: &testdocs::Report) -> BTreeMap<String, Option<f64>> {
    keys(r.template)
        .into_iter()
        .map(|k| {
            (
                format!("{}.{}.{}", k.table, k.row, k.col),
                spec_value(r.get(k.table, k.row, k.col)),
            )
        })
        .collect()
}

/// An anomaly without its message (the sentence is the checker's to word).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct A {
    code: String,
    severity: String,
    table: Option<String>,
    rule: Option<String>,
    row: Option<String>,
    col: Option<String>,
    expected: Option<String>,
    actual: Option<String>,
    raw: Option<String>,
    location: Option<(usize, usize, usize)>,
}

fn anomalies_out(rep: &Report) -> Vec<A> {
    // Report-level notes are asserted with the anomalies: same shape, same rigour.
    let mut v: Vec<A> = rep
        .anomalies
        .iter()
        .chain(&rep.notes)
        .map(|a| A {
            code: a.code.as_str().to_owned(),
            severity: a.severity.as_str().to_owned(),
            table: a.table.clone(),
            rule: a.rule.clone(),
            row: a.row.clone(),
            col: a.col.clone(),
            expected: a.expected.as_ref().map(|n| n.to_string()),
            actual: a.actual.as_ref().map(|n| n.to_string()),
            raw: a.raw.clone(),
            location: a.location.map(|l| (l.table, l.row, l.cell)),
        })
        .collect();
    v.sort();
    v
}

/// A cell anomaly (`missing_cell`, `non_numeric_cell`, `placeholder_value` …).
fn cell_anomaly(code: &str, severity: &str, key: &str, raw: &str, at: Loc) -> A {
    let mut parts = key.split('.');
    A {
        code: code.into(),
        severity: severity.into(),
        table: parts.next().map(Into::into),
        rule: None,
        row: parts.next().map(Into::into),
        col: parts.next().map(Into::into),
        expected: None,
        actual: None,
        raw: Some(raw.into()),
        location: Some((at.table, at.row, at.cell)),
    }
}

/// The report-level note that every rule holds with the blank cells read as 0 (the
/// checker adds it when blanks kept some rule from being evaluated).
fn blanks_note() -> A {
    A {
        code: "blanks_consistent_as_zero".into(),
        severity: "info".into(),
        table: None,
        rule: None,
        row: None,
        col: None,
        expected: None,
        actual: None,
        raw: None,
        location: None,
    }
}

fn run(name: &str, bytes: Vec<u8>) -> Report {
    let rep = extract_bytes(name, bytes, &Options::default());
    assert_eq!(rep.error, None, "{name}: read as an error");
    rep
}

/// The extracted report has exactly `r`'s figures (as SPEC §3 reads them), exactly
/// the `anomalies` given, the template, and the metadata of `Report::new_2021/2019`.
fn assert_report(rep: &Report, r: &testdocs::Report, anomalies: Vec<A>) {
    assert_eq!(values_out(rep), values_of(r), "values");
    let mut want = anomalies;
    want.sort();
    assert_eq!(anomalies_out(rep), want, "anomalies");
    let template = match r.template {
        Template::T2021 => "2021",
        Template::T2019 => "2019",
    };
    assert_eq!(rep.template.map(|t| t.as_str()), Some(template), "template");
}

fn assert_metadata(rep: &Report, agency: &str, year: i32, published: &str) {
    assert_eq!(
        (
            rep.report.agency.as_deref(),
            rep.report.year,
            rep.report.published.as_deref()
        ),
        (Some(agency), Some(year), Some(published)),
        "metadata"
    );
}

/// The default metadata of `Report::new_2021()` (and clean_2021).
fn assert_metadata_2021(rep: &Report) {
    assert_metadata(rep, "静乐县人民政府办公室", 2021, "2022-01-25");
}

/// The raw text nianbao traced for `table.row.col`.
fn raw_out(rep: &Report, table: &str, row: &str, col: &str) -> Option<String> {
    rep.cells
        .iter()
        .find(|c| c.table == table && c.row == row && c.col == col)
        .and_then(|c| c.raw.clone())
}

fn raw_write(doc: &Doc) -> Vec<u8> {
    raw::write(doc, &Package::default())
}

/// Every non-zero value cell of `r`.
fn nonzero_cells(r: &testdocs::Report) -> Vec<(Loc, String)> {
    keys(r.template)
        .into_iter()
        .filter(|k| r.get(k.table, k.row, k.col) != "0")
        .map(|k| {
            (
                r.locate(k.table, k.row, k.col),
                r.get(k.table, k.row, k.col).to_owned(),
            )
        })
        .collect()
}

/// Wrap the run of every non-zero value cell of the clean report in `w`; check the
/// figures come out unchanged.
fn run_wrapper_test(w: Wrap) {
    let r = corpus::clean_2021();
    let mut doc = r.doc();
    let cells = nonzero_cells(&r);
    assert!(cells.len() > 20);
    for (at, _) in &cells {
        doc.cell_mut(*at)
            .first_run_mut()
            .expect("value run")
            .wrap
            .push(w.clone());
    }
    let rep = run("wrapped.docx", raw_write(&doc));
    assert_report(&rep, &r, vec![]);
    assert_metadata_2021(&rep);
}

fn main_xml(bytes: &[u8]) -> String {
    let main = testdocs::main_part_of(bytes).expect("main part");
    testdocs::part_text(bytes, &main).expect("main part text")
}

/// Index of the last body table (table 四).
fn last_table(doc: &testdocs::model::Doc) -> usize {
    doc.body
        .iter()
        .rposition(|b| matches!(b, Block::Table(_)))
        .expect("a table")
}
