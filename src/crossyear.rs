//! crossyear: checks across the years of one agency within a batch (issue 4).
//!
//! A pure function over per-report summaries ([`YearSummary`], built from each
//! [`Report`] with [`YearSummary::from_report`]); its result ([`BatchAnomaly`]) is a
//! batch-level list, each entry naming both reports (source path and year).
//!
//! **Matching an agency across years.** Reports without an agency or a year are left
//! out. An agency's key is its name in comparison form ([`crate::text::label_key`]:
//! NFKC, whitespace and punctuation removed). Two keys are the same agency when they
//! are equal, or when the shorter (≥ 4 characters) ends the longer and is the end of
//! no other key in the batch — `康家会镇人民政府` and `静乐县康家会镇人民政府` match;
//! `人民政府办公室` (ending many) matches nothing. When an agency has several reports
//! for one year, every report of year Y is compared with every report of year Y+1.
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

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::Number;

use crate::recognize::template::APPLICANT_COLS;
use crate::report::{Anomaly, AnomalyCode, Report, Severity, Status, Template};
use crate::text::{Dec, label_key};

/// What the cross-year checks need from one report.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct YearSummary {
    /// `source.path`.
    pub source: String,
    pub agency: Option<String>,
    pub year: Option<i32>,
    pub template: Option<Template>,
    /// `applications.carried_over.<col>`, by column key.
    pub carried_over: BTreeMap<String, Number>,
    /// `applications.carried_forward.<col>`, by column key.
    pub carried_forward: BTreeMap<String, Number>,
    /// `active_disclosure.<rules|normative_docs>.<issued|repealed|in_force>`, by
    /// (row, col).
    pub active: BTreeMap<(String, String), Number>,
}

impl YearSummary {
    pub fn from_report(r: &Report) -> Self {
        let template = if r.status == Status::Ok {
            r.template
        } else {
            None
        };
        YearSummary::from_values(
            &r.source.path,
            r.report.agency.as_deref(),
            r.report.year,
            template,
            |key| {
                let mut k = key.splitn(3, '.');
                let (t, row, col) = (k.next()?, k.next()?, k.next()?);
                r.value(t, row, col).cloned()
            },
        )
    }

    /// From a report's identity and a lookup of `table.row.col` values (`None`: null or
    /// absent) — what a batch keeps of each report after writing it.
    pub fn from_values(
        source: &str,
        agency: Option<&str>,
        year: Option<i32>,
        template: Option<Template>,
        value: impl Fn(&str) -> Option<Number>,
    ) -> Self {
        let mut s = YearSummary {
            source: source.to_owned(),
            agency: agency.map(str::to_owned),
            year,
            template,
            ..Default::default()
        };
        for col in APPLICANT_COLS {
            if let Some(n) = value(&format!("applications.carried_over.{col}")) {
                s.carried_over.insert(col.to_owned(), n);
            }
            if let Some(n) = value(&format!("applications.carried_forward.{col}")) {
                s.carried_forward.insert(col.to_owned(), n);
            }
        }
        for row in ["rules", "normative_docs"] {
            for col in ["issued", "repealed", "in_force"] {
                if let Some(n) = value(&format!("active_disclosure.{row}.{col}")) {
                    s.active.insert((row.to_owned(), col.to_owned()), n);
                }
            }
        }
        s
    }

    fn active(&self, row: &str, col: &str) -> Option<Dec> {
        self.active
            .get(&(row.to_owned(), col.to_owned()))
            .and_then(Dec::from_number)
    }
}

/// One cross-year finding: two reports of one agency that disagree.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct BatchAnomaly {
    /// `carry_over_mismatch` or `in_force_mismatch`.
    pub code: AnomalyCode,
    pub severity: Severity,
    /// The agency as the later report writes it.
    pub agency: String,
    /// The matching key the two reports share (see the module doc).
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

/// The matching key of each agency name in the batch (see the module doc).
pub fn agency_keys<'a>(names: impl IntoIterator<Item = &'a str>) -> BTreeMap<String, String> {
    let keys: BTreeSet<String> = names
        .into_iter()
        .map(label_key)
        .filter(|k| !k.is_empty())
        .collect();
    let mut out = BTreeMap::new();
    for k in &keys {
        let longer: Vec<&String> = keys
            .iter()
            .filter(|o| o.len() > k.len() && o.ends_with(k.as_str()))
            .collect();
        let target = match longer.as_slice() {
            // the unique longer form; it must itself not be ambiguous
            [one] if k.chars().count() >= 4 => {
                let ends_other = keys
                    .iter()
                    .filter(|o| *o != *one && o.ends_with(one.as_str()) && o.len() > one.len())
                    .count();
                if ends_other == 0 {
                    (*one).clone()
                } else {
                    k.clone()
                }
            }
            _ => k.clone(),
        };
        out.insert(k.clone(), target);
    }
    out
}

/// Every cross-year anomaly of a batch, ordered by agency key, year, rule, row, column.
pub fn crossyear(reports: &[YearSummary]) -> Vec<BatchAnomaly> {
    let keys = agency_keys(reports.iter().filter_map(|r| r.agency.as_deref()));
    // agency key → year → reports
    let mut by: BTreeMap<&str, BTreeMap<i32, Vec<&YearSummary>>> = BTreeMap::new();
    for r in reports {
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
            .push(r);
    }
    let mut out = Vec::new();
    for (key, years) in &by {
        for (y, earlier) in years {
            let Some(later) = years.get(&(y + 1)) else {
                continue;
            };
            for p in earlier {
                for n in later {
                    compare(key, p, n, &mut out);
                }
            }
        }
    }
    out
}

fn compare(key: &str, prev: &YearSummary, next: &YearSummary, out: &mut Vec<BatchAnomaly>) {
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
            out.push(base(
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
                out.push(base(
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::CellRecord;
    use pretty_assertions::assert_eq;
    use std::str::FromStr;

    fn n(v: i64) -> Number {
        Number::from_str(&v.to_string()).expect("test data")
    }

    /// A 2021-template summary with every carried figure = `over`/`forward` in the
    /// total column only, and rules in_force / issued / repealed.
    fn year(agency: &str, y: i32, over: i64, forward: i64, rules: (i64, i64, i64)) -> YearSummary {
        let mut s = YearSummary {
            source: format!("{y}/{agency}.docx"),
            agency: Some(agency.to_owned()),
            year: Some(y),
            template: Some(Template::T2021),
            ..Default::default()
        };
        for col in APPLICANT_COLS {
            let (o, f) = if col == "total" {
                (over, forward)
            } else {
                (0, 0)
            };
            s.carried_over.insert(col.into(), n(o));
            s.carried_forward.insert(col.into(), n(f));
        }
        for (col, v) in [
            ("issued", rules.0),
            ("repealed", rules.1),
            ("in_force", rules.2),
        ] {
            s.active.insert(("rules".into(), col.into()), n(v));
        }
        s
    }

    fn brief(a: &[BatchAnomaly]) -> Vec<(AnomalyCode, i32, i32, String, String, String)> {
        a.iter()
            .map(|a| {
                (
                    a.code,
                    a.prev_year,
                    a.year,
                    a.col.clone(),
                    a.expected.to_string(),
                    a.actual.to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn three_years_with_one_break() {
        let series = vec![
            year("静乐县康家会镇人民政府", 2021, 0, 2, (1, 0, 5)),
            // agency written shorter, carried over matches, in_force 5 + 2 − 1 = 6 ✓
            year("康家会镇人民政府", 2022, 2, 3, (2, 1, 6)),
            // the break: carried over 1 ≠ 3, in_force 6 + 0 − 0 ≠ 7
            year("静乐县 康家会镇人民政府", 2023, 1, 0, (0, 0, 7)),
        ];
        let got = crossyear(&series);
        assert_eq!(
            brief(&got),
            vec![
                (
                    AnomalyCode::CarryOverMismatch,
                    2022,
                    2023,
                    "total".into(),
                    "3".into(),
                    "1".into()
                ),
                (
                    AnomalyCode::InForceMismatch,
                    2022,
                    2023,
                    "in_force".into(),
                    "6".into(),
                    "7".into()
                ),
            ]
        );
        assert_eq!(got[0].prev_source, "2022/康家会镇人民政府.docx");
        assert_eq!(got[0].source, "2023/静乐县 康家会镇人民政府.docx");
        assert_eq!(got[0].agency_key, "静乐县康家会镇人民政府");
        assert_eq!(got[0].severity, Severity::Warning);
        assert_eq!(
            (got[1].table.as_str(), got[1].row.as_str()),
            ("active_disclosure", "rules")
        );
    }

    #[test]
    fn order_of_input_does_not_matter_and_gaps_are_skipped() {
        let series = vec![
            year("静乐县教育局", 2023, 9, 0, (0, 0, 0)),
            year("静乐县教育局", 2021, 0, 2, (0, 0, 0)),
        ];
        assert_eq!(crossyear(&series), vec![]);
    }

    #[test]
    fn in_force_only_between_2021_templates() {
        let mut a = year("静乐县教育局", 2020, 0, 0, (0, 0, 5));
        a.template = Some(Template::T2019);
        let b = year("静乐县教育局", 2021, 0, 0, (0, 0, 9));
        assert_eq!(crossyear(&[a, b]), vec![]);
    }

    #[test]
    fn null_operands_are_not_compared() {
        let a = year("静乐县教育局", 2021, 0, 2, (0, 0, 0));
        let mut b = year("静乐县教育局", 2022, 5, 0, (0, 0, 0));
        b.carried_over.clear();
        assert_eq!(crossyear(&[a, b]), vec![]);
    }

    #[test]
    fn agency_matching() {
        let keys = agency_keys([
            "康家会镇人民政府",
            "静乐县康家会镇人民政府",
            "人民政府办公室",
            "甲县人民政府办公室",
            "乙县人民政府办公室",
        ]);
        assert_eq!(keys["康家会镇人民政府"], "静乐县康家会镇人民政府");
        assert_eq!(keys["人民政府办公室"], "人民政府办公室");
        assert_eq!(keys["甲县人民政府办公室"], "甲县人民政府办公室");
        let unrelated = vec![
            year("甲县教育局", 2021, 0, 2, (0, 0, 0)),
            year("乙县教育局", 2022, 5, 0, (0, 0, 0)),
        ];
        assert_eq!(crossyear(&unrelated), vec![]);
    }

    #[test]
    fn from_report_reads_the_tables() {
        use crate::report::{Metadata, Source};
        let mut r = Report::failed(
            Source::new("a.docx".into(), String::new(), 0),
            crate::report::ErrorRecord {
                code: crate::report::ErrorCode::InternalError,
                message: String::new(),
                part: None,
                offset: None,
            },
        );
        r.status = Status::Ok;
        r.error = None;
        r.template = Some(Template::T2021);
        r.report = Metadata {
            agency: Some("甲".into()),
            year: Some(2021),
            published: None,
        };
        r.cells = vec![
            CellRecord::stated("applications", "carried_over", "total", Some("3")),
            CellRecord::stated("applications", "carried_over", "natural_person", None),
            CellRecord::stated("active_disclosure", "rules", "in_force", Some("4")),
        ];
        let s = YearSummary::from_report(&r);
        assert_eq!(s.carried_over.get("total"), Some(&n(3)));
        assert_eq!(s.carried_over.get("natural_person"), None);
        assert_eq!(
            s.active.get(&("rules".into(), "in_force".into())),
            Some(&n(4))
        );
    }
}
