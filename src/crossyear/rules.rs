//! The rules between two reports of one agency, a year apart (`carry_over_mismatch`,
//! `in_force_mismatch`), and the finding they make ([`BatchAnomaly`]).

use serde::Serialize;
use serde_json::Number;

use super::YearSummary;
use crate::recognize::template::APPLICANT_COLS;
use crate::report::{Anomaly, AnomalyCode, Severity, Template};
use crate::text::Dec;

/// One cross-year finding: two reports of one agency that disagree.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct BatchAnomaly {
    /// `carry_over_mismatch` or `in_force_mismatch`.
    pub code: AnomalyCode,
    pub severity: Severity,
    /// The agency as the later report writes it.
    pub agency: String,
    /// The matching key the two reports share (see [`crate::crossyear`]).
    pub agency_key: String,
    /// Canonical table, row and column of the later report's published figure.
    pub table: String,
    pub row: String,
    pub col: String,
    /// The earlier report.
    pub prev_year: i32,
    pub prev_source: String,
    /// The later report.
    pub year: i32,
    pub source: String,
    /// The figure the earlier report implies.
    pub expected: Number,
    /// The figure the later report publishes.
    pub actual: Number,
    pub message: String,
}

impl BatchAnomaly {
    /// As a report-style [`Anomaly`] about the later report (`source`); the message names
    /// the earlier report's year and path.
    pub fn to_anomaly(&self) -> Anomaly {
        Anomaly {
            expected: Some(self.expected.clone()),
            actual: Some(self.actual.clone()),
            ..Anomaly::new(
                self.code,
                self.severity,
                format!(
                    "{}（对照 {} 年报告 {}）",
                    self.message, self.prev_year, self.prev_source
                ),
            )
            .at(&self.table, Some(&self.row), Some(&self.col))
        }
    }
}

/// The rules on two reports of agency `key`, `prev` of year Y and `next` of Y+1 (see
/// [`crate::crossyear`]): each finding handed to `out`.
pub(super) fn compare(
    key: &str,
    prev: &YearSummary,
    next: &YearSummary,
    out: &mut dyn FnMut(BatchAnomaly),
) {
    let (Some(py), Some(ny)) = (prev.year, next.year) else {
        return;
    };
    let base =
        |code, table: &str, row: &str, col: &str, expected: Dec, actual: Dec, message: String| {
            BatchAnomaly {
                code,
                severity: Severity::Warning,
                agency: next.agency.clone().unwrap_or_default(),
                agency_key: key.to_owned(),
                table: table.to_owned(),
                row: row.to_owned(),
                col: col.to_owned(),
                prev_year: py,
                prev_source: prev.source.clone(),
                year: ny,
                source: next.source.clone(),
                expected: expected.to_number(),
                actual: actual.to_number(),
                message,
            }
        };
    for col in APPLICANT_COLS {
        let f = prev.carried_forward.get(col).and_then(Dec::from_number);
        let o = next.carried_over.get(col).and_then(Dec::from_number);
        if let (Some(f), Some(o)) = (f, o)
            && !f.same_value(o)
        {
            out(base(
                AnomalyCode::CarryOverMismatch,
                "applications",
                "carried_over",
                col,
                f,
                o,
                format!("{py} 年报告结转下年度 {f} 件，{ny} 年报告上年结转 {o} 件"),
            ));
        }
    }
    if prev.template == Some(Template::T2021) && next.template == Some(Template::T2021) {
        for row in ["rules", "normative_docs"] {
            let (Some(before), Some(issued), Some(repealed), Some(now)) = (
                prev.active(row, "in_force"),
                next.active(row, "issued"),
                next.active(row, "repealed"),
                next.active(row, "in_force"),
            ) else {
                continue;
            };
            let expected = before.plus(issued).minus(repealed);
            if !expected.same_value(now) {
                out(base(
                    AnomalyCode::InForceMismatch,
                    "active_disclosure",
                    row,
                    "in_force",
                    expected,
                    now,
                    format!(
                        "{py} 年现行有效 {before} + {ny} 年制发 {issued} − 废止 {repealed} = {expected}，而 {ny} 年报告现行有效 {now}"
                    ),
                ));
            }
        }
    }
}
