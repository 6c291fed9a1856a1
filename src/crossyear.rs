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
///
/// The keys that end with a key `k` are, reversed, the ones that begin with `k` reversed:
/// one run of the reversed keys in sorted order, found by binary search — so a batch of
/// 100,000 agencies costs n log n, not n².
pub fn agency_keys<'a>(names: impl IntoIterator<Item = &'a str>) -> BTreeMap<String, String> {
    let keys: BTreeSet<String> = names
        .into_iter()
        .map(label_key)
        .filter(|k| !k.is_empty())
        .collect();
    let mut reversed: Vec<(String, &String)> = keys
        .iter()
        .map(|k| (k.chars().rev().collect(), k))
        .collect();
    reversed.sort_unstable();
    // The keys ending with `k` other than `k`, at most `limit` of them.
    let ending_with = |k: &str, limit: usize| -> Vec<&String> {
        let r: String = k.chars().rev().collect();
        let from = reversed.partition_point(|(o, _)| o.as_str() < r.as_str());
        reversed[from..]
            .iter()
            .take_while(|(o, _)| o.starts_with(r.as_str()))
            .filter(|(_, o)| o.as_str() != k)
            .take(limit)
            .map(|(_, o)| *o)
            .collect()
    };
    let mut out = BTreeMap::new();
    for k in &keys {
        let target = match ending_with(k, 2).as_slice() {
            // the unique longer form; it must itself not be ambiguous
            [one] if k.chars().count() >= 4 && ending_with(one, 1).is_empty() => (*one).clone(),
            _ => k.clone(),
        };
        out.insert(k.clone(), target);
    }
    out
}

/// A report's path with every year in it (four digits, 1990–2099, not part of a longer
/// number) replaced by `#`: how reports of one agency are filed from year to year.
fn filed_as(path: &str) -> String {
    let chars: Vec<char> = path.chars().collect();
    let digit = |c: char| {
        c.to_digit(10)
            .or_else(|| ('０'..='９').contains(&c).then(|| c as u32 - '０' as u32))
    };
    let mut out = String::with_capacity(path.len());
    let mut i = 0;
    while i < chars.len() {
        let run = chars[i..]
            .iter()
            .take_while(|c| digit(**c).is_some())
            .count();
        if run == 0 {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let value = chars[i..i + run].iter().fold(0u32, |v, c| {
            v.saturating_mul(10).saturating_add(digit(*c).unwrap_or(0))
        });
        if run == 4 && (1990..2100).contains(&value) {
            out.push('#');
        } else {
            out.extend(&chars[i..i + run]);
        }
        i += run;
    }
    out
}

/// The reports of one agency and year, to find the one filed most like another report
/// (see the module doc): sorted by [`filed_as`], then input order.
struct Filed<'a> {
    by_path: Vec<(String, usize, &'a YearSummary)>,
}

impl<'a> Filed<'a> {
    fn new(reports: &[(usize, &'a YearSummary)]) -> Self {
        let mut by_path: Vec<_> = reports
            .iter()
            .map(|(i, r)| (filed_as(&r.source), *i, *r))
            .collect();
        by_path.sort_unstable_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
        Filed { by_path }
    }

    /// The report filed most like `path`: the same masked path (the first in input order),
    /// else the longer common beginning of the two neighbours in sorted order (the
    /// longest any report shares), the earlier in input order on a tie.
    fn nearest(&self, path: &str) -> Option<&'a YearSummary> {
        let want = filed_as(path);
        let at = self
            .by_path
            .partition_point(|(p, _, _)| p.as_str() < want.as_str());
        let common = |p: &str| {
            p.chars()
                .zip(want.chars())
                .take_while(|(a, b)| a == b)
                .count()
        };
        let after = self.by_path.get(at);
        if let Some((p, _, r)) = after
            && *p == want
        {
            return Some(r);
        }
        let before = at.checked_sub(1).and_then(|i| self.by_path.get(i));
        match (before, after) {
            (Some(b), Some(a)) => {
                let (cb, ca) = (common(&b.0), common(&a.0));
                let b_first = cb > ca || (cb == ca && b.1 < a.1);
                Some(if b_first { b.2 } else { a.2 })
            }
            (Some(one), None) | (None, Some(one)) => Some(one.2),
            (None, None) => None,
        }
    }
}

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

fn compare(key: &str, prev: &YearSummary, next: &YearSummary, out: &mut dyn FnMut(BatchAnomaly)) {
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

    fn at(path: &str, mut s: YearSummary) -> YearSummary {
        s.source = path.to_owned();
        s
    }

    /// A web page and its .docx attachment each year (distinct files): each 2022 report is
    /// compared with the 2021 report filed like it, not with both.
    #[test]
    fn several_reports_a_year_each_compared_with_the_one_filed_alike() {
        let a = "静乐县教育局";
        let series = vec![
            at("2021/教育局.docx", year(a, 2021, 0, 2, (0, 0, 0))),
            at("2021/教育局.html", year(a, 2021, 0, 5, (0, 0, 0))),
            at("2022/教育局.html", year(a, 2022, 3, 0, (0, 0, 0))),
            at("2022/教育局.docx", year(a, 2022, 2, 0, (0, 0, 0))),
            // filed like none: `#/教育局-更正.docx` sorts before both masked 2021 paths, so
            // its nearest neighbour, `#/教育局.docx`, is the one
            at("2022/教育局-更正.docx", year(a, 2022, 9, 0, (0, 0, 0))),
        ];
        let got = crossyear(&series);
        let pairs: Vec<(&str, &str, String, String)> = got
            .iter()
            .map(|b| {
                (
                    b.source.as_str(),
                    b.prev_source.as_str(),
                    b.expected.to_string(),
                    b.actual.to_string(),
                )
            })
            .collect();
        assert_eq!(
            pairs,
            [
                (
                    "2022/教育局.html",
                    "2021/教育局.html",
                    "5".into(),
                    "3".into()
                ),
                (
                    "2022/教育局-更正.docx",
                    "2021/教育局.docx",
                    "2".into(),
                    "9".into()
                ),
            ]
        );
    }

    /// 1,500 distinct reports of one agency for each of two years, every link broken: one
    /// finding per later report (each against the report of its own number), not 2.25
    /// million.
    #[test]
    fn many_reports_of_one_agency_a_year_give_one_finding_each() {
        let a = "静乐县教育局";
        let mut reports = Vec::new();
        for y in [2021, 2022] {
            for i in 0..1500 {
                let (over, forward) = if y == 2021 { (0, i) } else { (i + 1, 0) };
                reports.push(at(
                    &format!("{y}年/第{i:04}号.docx"),
                    year(a, y, over, forward, (0, 0, 0)),
                ));
            }
        }
        let mut n = 0;
        crossyear_each(&reports, &mut |b| {
            assert_eq!(b.source.replace("2022", "2021"), b.prev_source);
            assert_eq!(
                b.expected.as_i64().expect("int") + 1,
                b.actual.as_i64().expect("int")
            );
            n += 1;
        });
        assert_eq!(n, 1500);
    }

    #[test]
    fn years_in_paths_are_masked() {
        assert_eq!(
            filed_as("2021年/甲县2021年报-0001.docx"),
            "#年/甲县#年报-0001.docx"
        );
        assert_eq!(
            filed_as("２０２２/a12021b/1989.docx"),
            "#/a12021b/1989.docx"
        );
    }

    /// The binary-searched keys equal the rule checked against every pair of names.
    #[test]
    fn agency_keys_match_the_pairwise_rule() {
        let mut names = vec![
            "康家会镇人民政府".to_owned(),
            "静乐县康家会镇人民政府".into(),
            "人民政府办公室".into(),
            "政府".into(),
        ];
        for county in ["甲县", "乙县", "丙县丁"] {
            for office in ["人民政府办公室", "教育局", "康家会镇人民政府", "财政局"]
            {
                names.push(format!("{county}{office}"));
            }
        }
        let keys: BTreeSet<String> = names.iter().map(|n| label_key(n)).collect();
        let got = agency_keys(names.iter().map(String::as_str));
        for k in &keys {
            let longer: Vec<&String> = keys
                .iter()
                .filter(|o| o.len() > k.len() && o.ends_with(k.as_str()))
                .collect();
            let want = match longer.as_slice() {
                [one]
                    if k.chars().count() >= 4
                        && !keys
                            .iter()
                            .any(|o| o.len() > one.len() && o.ends_with(one.as_str())) =>
                {
                    (*one).clone()
                }
                _ => k.clone(),
            };
            assert_eq!(got[k], want, "{k}");
        }
        // three counties' 康家会镇人民政府 besides 静乐县's: no longer one to match
        assert_eq!(got["康家会镇人民政府"], "康家会镇人民政府");
        assert_eq!(got["丙县丁教育局"], "丙县丁教育局");
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
