//! The checked-in corpus (`corpus/`): each file is exactly what `testdocs` builds (so
//! the corpus can't drift from its generator), and each extracts to what SPEC §2–§4 say,
//! the seed report cell by cell.
//!
//! One test binary (each target under tests/ is one more to link); its topics are the
//! modules below, the helpers they share are here.

#[path = "../common/mod.rs"]
mod common;

use common::values_out;

use std::collections::BTreeMap;
use std::path::PathBuf;

use nianbao::extract::{Options, extract_bytes};
use nianbao::report::{AnomalyCode, Report};
use serde_json::{Value, json};
use testdocs::corpus::{self, CorpusDoc};
use testdocs::corpus_web;
use testdocs::seed::{SEED_APPLICATIONS, SEED_REVIEW, seed_report};
use testdocs::{Loc, keys};

mod generator;
mod reports;
mod seed;
mod web;

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

fn checked_in(name: &str) -> Vec<u8> {
    let path = corpus_dir().join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn extract(name: &str) -> Report {
    let rep = extract_bytes(name, checked_in(name), &Options::default());
    assert_eq!(rep.error, None, "{name}");
    rep
}

/// An anomaly without its message, as `(code, severity, table, rule, row, col,
/// expected, actual, raw, location)`.
type A = (
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<(usize, usize, usize)>,
);

fn anomalies(rep: &Report) -> Vec<A> {
    let mut v: Vec<A> = rep
        .anomalies
        .iter()
        .map(|a| {
            (
                a.code.as_str().to_owned(),
                a.severity.as_str().to_owned(),
                a.table.clone(),
                a.rule.clone(),
                a.row.clone(),
                a.col.clone(),
                a.expected.as_ref().map(|n| n.to_string()),
                a.actual.as_ref().map(|n| n.to_string()),
                a.raw.clone(),
                a.location.map(|l| (l.table, l.row, l.cell)),
            )
        })
        .collect();
    v.sort();
    v
}

fn s(x: &str) -> Option<String> {
    Some(x.to_owned())
}

fn at(l: Loc) -> Option<(usize, usize, usize)> {
    Some((l.table, l.row, l.cell))
}

/// A cell anomaly at `key` (`table.row.col`) of report `r`.
fn cell_a(code: &str, severity: &str, r: &testdocs::Report, key: &str) -> A {
    let k: Vec<&str> = key.split('.').collect();
    (
        code.into(),
        severity.into(),
        s(k[0]),
        None,
        s(k[1]),
        s(k[2]),
        None,
        None,
        s(r.get(k[0], k[1], k[2])),
        at(r.locate(k[0], k[1], k[2])),
    )
}

/// A `sum_mismatch`; `total_cell` is the published total it concerns (raw + location).
fn sum_a(
    r: &testdocs::Report,
    table: &str,
    rule: &str,
    (row, col): (Option<&str>, Option<&str>),
    (expected, actual): (&str, &str),
    total_cell: Option<(&str, &str)>,
) -> A {
    (
        "sum_mismatch".into(),
        "error".into(),
        s(table),
        s(rule),
        row.map(Into::into),
        col.map(Into::into),
        s(expected),
        s(actual),
        total_cell.map(|(row, col)| r.get(table, row, col).to_owned()),
        total_cell.and_then(|(row, col)| at(r.locate(table, row, col))),
    )
}

fn sorted(mut v: Vec<A>) -> Vec<A> {
    v.sort();
    v
}

/// Expected values: every cell of the template as given by `f(table, row, col)`.
fn values_want(
    r: &testdocs::Report,
    f: impl Fn(&str, &str, &str, &str) -> Option<f64>,
) -> BTreeMap<String, Option<f64>> {
    keys(r.template)
        .into_iter()
        .map(|k| {
            let raw = r.get(k.table, k.row, k.col);
            (
                format!("{}.{}.{}", k.table, k.row, k.col),
                f(k.table, k.row, k.col, raw),
            )
        })
        .collect()
}

fn plain_number(raw: &str) -> Option<f64> {
    raw.trim().parse().ok()
}

fn metadata(rep: &Report) -> (Option<&str>, Option<i32>, Option<&str>) {
    (
        rep.report.agency.as_deref(),
        rep.report.year,
        rep.report.published.as_deref(),
    )
}
