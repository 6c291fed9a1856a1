//! recognize: each table shape, label variant and split the reports show, one file
//! per topic; the helpers they share (a cell's raw text by key, the anomaly codes, a value
//! per cell naming it, `relabel`) are here. Tests naming an agency and a year reproduce a
//! variant seen in a published report (tests/realworld.rs has the same variants end to end).

use super::template::TABLES;
use super::testdoc::*;
use super::*;
use crate::model::Document;
use crate::report::AnomalyCode as C;
use pretty_assertions::assert_eq;

mod columns;
mod rows;
mod splits;
mod templates;

/// `table.row.col` → raw text, for every found cell.
fn raws(r: &Recognized) -> BTreeMap<String, Option<String>> {
    let mut m = BTreeMap::new();
    for t in &r.tables {
        for row in &t.rows {
            for c in &row.cells {
                m.insert(
                    format!("{}.{}.{}", t.key, row.key, c.col),
                    c.raw.map(str::to_owned),
                );
            }
        }
    }
    m
}

fn codes(r: &Recognized) -> Vec<(C, Option<String>, Option<String>)> {
    r.anomalies
        .iter()
        .map(|a| (a.code, a.row.clone(), a.raw.clone()))
        .collect()
}

/// A value per cell naming it, so every mapping is checked.
fn named(r: &str, c: &str) -> String {
    format!("{r}.{c}")
}

/// Asserts every canonical cell of every table holds its own name.
fn assert_named(r: &Recognized, tables: &[&str]) {
    let t = r.template.expect("template");
    let mut n = 0;
    for table in tables {
        let rt = r
            .tables
            .iter()
            .find(|x| x.key == *table)
            .unwrap_or_else(|| panic!("{table} missing"));
        for (row, cols) in template::rows(t, table) {
            let rr = rt.rows.iter().find(|x| x.key == row).expect("row");
            assert!(rr.found, "{table}.{row} not found");
            for c in cols {
                let cell = rr.cells.iter().find(|x| x.col == *c).expect("col");
                assert_eq!(cell.raw, Some(named(row, c).as_str()), "{table}.{row}.{c}");
                n += 1;
            }
        }
    }
    assert!(n > 0);
}

/// Replaces the first cell containing `from` (anywhere in the spec).
fn relabel(spec: &mut Spec, from: &str, to: &str) {
    let cell = spec
        .iter_mut()
        .flat_map(|r| r.iter_mut())
        .find(|c| c.contains(from))
        .unwrap_or_else(|| panic!("{from}"));
    *cell = cell.replace(from, to);
}
