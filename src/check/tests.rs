//! check: every cell rule, every 勾稽 rule failing and passing, the 2019 shapes, one file
//! per topic; the report builders and anomaly filters they share are here.

use super::*;
use crate::recognize::testdoc::{self, APP_COLS, zeros};
use crate::recognize::{RecognizedRow, RecognizedTable, recognize};
use crate::report::AnomalyCode as C;
use pretty_assertions::assert_eq;
use serde_json::Value;
use std::str::FromStr;

mod blanks;
mod cells;
mod rules;

/// A Recognized with one cell.
fn one<'a>(
    table: &'static str,
    row: &'static str,
    col: &'static str,
    raw: &'a str,
) -> Recognized<'a> {
    Recognized {
        template: Some(Template::T2019),
        tables: vec![RecognizedTable {
            key: table,
            template: Template::T2019,
            rows: vec![RecognizedRow {
                key: row,
                found: true,
                cells: vec![RawCell {
                    col,
                    raw: Some(raw),
                    location: Some(Location {
                        table: 1,
                        row: 2,
                        cell: 3,
                        line: None,
                    }),
                }],
            }],
        }],
        anomalies: vec![],
    }
}

fn json(v: &Value) -> String {
    serde_json::to_string(v).expect("test data")
}

/// A 2021 report where every figure balances: received 3 (natural_person 2, commercial 1),
/// granted 2, denied_state_secret 1 (natural_person), review 1 upheld.
fn balanced(r: &str, c: &str) -> String {
    let v = match (r, c) {
        ("received", "natural_person") => 2,
        ("received", "commercial") => 1,
        ("received", "total") => 3,
        ("granted", "natural_person") => 1,
        ("granted", "commercial") => 1,
        ("granted", "total") => 2,
        ("denied_state_secret", "natural_person") => 1,
        ("denied_state_secret", "total") => 1,
        ("results_total", "natural_person") => 2,
        ("results_total", "commercial") => 1,
        ("results_total", "total") => 3,
        ("review" | "litigation_direct", "upheld" | "total") => 1,
        _ => 0,
    };
    v.to_string()
}

/// (table, rule, row, col, expected, actual) of each sum_mismatch.
type Mismatch = (
    String,
    String,
    Option<String>,
    Option<String>,
    String,
    String,
);

fn mismatches(got: &Checked) -> Vec<Mismatch> {
    got.anomalies
        .iter()
        .filter(|a| a.code == C::SumMismatch)
        .map(|a| {
            assert_eq!(a.severity, Severity::Error);
            (
                a.table.clone().expect("test data"),
                a.rule.clone().expect("test data"),
                a.row.clone(),
                a.col.clone(),
                a.expected.as_ref().expect("test data").to_string(),
                a.actual.as_ref().expect("test data").to_string(),
            )
        })
        .collect()
}

fn run(v: &dyn Fn(&str, &str) -> String, t: Template) -> Checked {
    let doc = match t {
        Template::T2021 => testdoc::report_2021(v),
        Template::T2019 => testdoc::report_2019(v),
    };
    check(&recognize(&doc), &CheckOptions::default())
}
