//! The cross-year checks on summaries made by hand: matching agencies, choosing the report
//! to compare with, the two rules, and null operands left alone.

use std::collections::BTreeSet;
use std::str::FromStr;

use pretty_assertions::assert_eq;
use serde_json::Number;

use super::filed::filed_as;
use super::*;
use crate::recognize::template::APPLICANT_COLS;
use crate::report::{AnomalyCode, CellRecord, Report, Severity, Status, Template};

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
