//! crossyear: checks across the years of one agency within a batch (issue 4).
//!
//! A pure function over per-report summaries ([`YearSummary`], built from each
//! [`Report`](crate::report::Report) with [`YearSummary::from_report`]); its result ([`BatchAnomaly`]) is a
//! batch-level list, each entry naming both reports (source path and year).
//!
//! **Matching an agency across years.** Reports without an agency or a year are left
//! out. An agency's key is its name in comparison form ([`crate::text::label_key`]:
//! NFKC, whitespace and punctuation removed). Two keys are the same agency when they
//! are equal, or when the shorter (≥ 4 characters) ends the longer and is the end of
//! no other key in the batch — `康家会镇人民政府` and `静乐县康家会镇人民政府` match;
//! `人民政府办公室` (ending many) matches nothing.
//!
//! **Several reports of one agency and year** (distinct reports: copies of the same file
//! are left out before, SPEC §9 — a web page and its .docx attachment, a corrected
//! re-publication, two offices whose names reduce to one key): each report of year Y+1
//! is compared with **one** report of year Y, the one filed most like it — its path
//! with the years in it masked (`2021/甲县.docx` ~ `2022/甲县.docx`,
//! `甲县2021年报.html` ~ `甲县2022年报.html`) equal, else sharing the longest beginning;
//! on a tie, the first in input order. So findings are at most one per rule and column
//! per report, and the checks are linear in the number of reports (n log n), where
//! comparing every pair would make 1,500 reports of one agency for each of two years
//! 2.25 million comparisons.
//!
//! **Rules.**
//! * `carry_over_mismatch` (warning), per column of table 三: `carried_forward` of year
//!   Y ≠ `carried_over` of year Y+1 (`expected` = the earlier report's
//!   `carried_forward`, `actual` = the later report's `carried_over`). Both templates.
//! * `in_force_mismatch` (warning), for `rules` and `normative_docs` when both reports
//!   follow the 2021 template: `in_force`(Y) ≠ `in_force`(Y−1) + `issued`(Y) −
//!   `repealed`(Y) (`expected` = the computed figure, `actual` = the published one).
//!
//! A comparison with a `null` operand is not made.
//!
//! The module is split by job: `summary` holds what is kept of a report, `agency`
//! matches agencies, `filed` picks the report to compare with and `rules` makes the
//! findings; this file groups the reports by agency and year.

use std::collections::BTreeMap;

use crate::text::label_key;
use filed::Filed;
use rules::compare;

mod agency;
mod filed;
mod rules;
mod summary;

pub use agency::agency_keys;
pub use rules::BatchAnomaly;
pub use summary::YearSummary;

/// Every cross-year anomaly of a batch, ordered by agency key, year, the later report
/// (in input order), rule, row, column.
pub fn crossyear(reports: &[YearSummary]) -> Vec<BatchAnomaly> {
    let mut out = Vec::new();
    crossyear_each(reports, &mut |b| out.push(b));
    out
}

/// A report with its place in input order.
type Numbered<'a> = (usize, &'a YearSummary);

/// [`crossyear`], each finding handed to `found` as it is made instead of collected: the
/// batch streams them to `batch_anomalies.csv`, so memory does not grow with their number.
pub fn crossyear_each(reports: &[YearSummary], found: &mut dyn FnMut(BatchAnomaly)) {
    let keys = agency_keys(reports.iter().filter_map(|r| r.agency.as_deref()));
    // agency key → year → reports, with their input order
    let mut by: BTreeMap<&str, BTreeMap<i32, Vec<Numbered>>> = BTreeMap::new();
    for (i, r) in reports.iter().enumerate() {
        let (Some(a), Some(y)) = (&r.agency, r.year) else {
            continue;
        };
        let Some(k) = keys.get(&label_key(a)) else {
            continue;
        };
        by.entry(k.as_str())
            .or_default()
            .entry(y)
            .or_default()
            .push((i, r));
    }
    for (key, years) in &by {
        for (y, earlier) in years {
            let Some(later) = years.get(&(y + 1)) else {
                continue;
            };
            let earlier = Filed::new(earlier);
            for (_, n) in later {
                if let Some(p) = earlier.nearest(&n.source) {
                    compare(key, p, n, found);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
