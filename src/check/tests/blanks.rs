//! check tests: reports that publish their zeros as blank cells, and the note saying the
//! blanks balance as zeros (or no note when they would not).

use super::*;
use pretty_assertions::assert_eq;

#[test]
fn seed_like_report_two_blanks() {
    // NBSP padding everywhere, two NBSP-only cells (as in the seed).
    let v = |r: &str, c: &str| match (r, c) {
        ("denied_enforcement_file", "other_org") | ("unprocessed_excessive", "legal_service") => {
            "\u{a0}".into()
        }
        _ if c.len().is_multiple_of(2) => "\u{a0}0".into(),
        _ => "0\u{a0}".into(),
    };
    let got = run(&v, Template::T2021);
    let codes: Vec<_> = got
        .anomalies
        .iter()
        .map(|a| (a.code, a.row.clone(), a.col.clone()))
        .collect();
    assert_eq!(
        codes,
        vec![
            (
                C::MissingCell,
                Some("denied_enforcement_file".into()),
                Some("other_org".into())
            ),
            (
                C::MissingCell,
                Some("unprocessed_excessive".into()),
                Some("legal_service".into())
            ),
        ]
    );
    let notes: Vec<_> = got.notes.iter().map(|a| (a.code, a.severity)).collect();
    assert_eq!(notes, vec![(C::BlanksConsistentAsZero, Severity::Info)]);
    assert_eq!(
        got.tables()["applications"]["denied_enforcement_file"]["other_org"],
        Value::Null
    );
    assert_eq!(json(&got.tables()["applications"]["granted"]["total"]), "0");
}

#[test]
fn template_2019_all_blank_zeros() {
    // 上海市人民政府办公厅 2019: every zero blank, even the 总计 of every result row.
    let v = |r: &str, c: &str| match (r, c) {
        ("received", "natural_person") => "10".into(),
        ("received", "total") => "10".into(),
        ("granted", "natural_person" | "total") => "7".into(),
        ("other", "natural_person" | "total") => "3".into(),
        ("results_total", "natural_person") => "10".into(),
        ("results_total", "total") => "10".into(),
        _ => String::new(),
    };
    let got = run(&v, Template::T2019);
    assert_eq!(mismatches(&got), vec![]);
    let notes: Vec<_> = got.notes.iter().map(|a| a.code).collect();
    assert_eq!(notes, vec![C::BlanksConsistentAsZero]);
    assert!(got.anomalies.iter().all(|a| a.code == C::MissingCell));
    assert_eq!(
        got.tables()["applications"]["partly_granted"]["total"],
        Value::Null
    );

    // with --blank-as-zero: every blank is 0, and results_total counts `other`
    let doc = testdoc::report_2019(&v);
    let got = check(
        &recognize(&doc),
        &CheckOptions {
            blank_as_zero: true,
        },
    );
    assert_eq!(mismatches(&got), vec![]);
    assert!(
        got.anomalies
            .iter()
            .all(|a| a.code == C::BlankAsZero && a.severity == Severity::Info)
    );
    assert_eq!(
        json(&got.tables()["applications"]["partly_granted"]["total"]),
        "0"
    );
    assert_eq!(
        json(&got.tables()["applications"]["other"]["natural_person"]),
        "3"
    );

    // 2019 results_total uses the single `other` row
    let w = |r: &str, c: &str| {
        if (r, c) == ("other", "natural_person") {
            "4".into()
        } else {
            v(r, c)
        }
    };
    let got = check(
        &recognize(&testdoc::report_2019(&w)),
        &CheckOptions {
            blank_as_zero: true,
        },
    );
    assert_eq!(
        mismatches(&got),
        vec![
            (
                "applications".into(),
                "row_total".into(),
                Some("other".into()),
                None,
                "4".into(),
                "3".into()
            ),
            (
                "applications".into(),
                "results_total".into(),
                None,
                Some("natural_person".into()),
                "11".into(),
                "10".into()
            ),
        ]
    );
}

#[test]
fn blanks_that_would_not_balance_get_no_note() {
    let v = |r: &str, c: &str| match (r, c) {
        ("received", "total") => "5".into(),
        _ => String::new(),
    };
    let got = run(&v, Template::T2021);
    assert!(got.anomalies.iter().all(|a| a.code == C::MissingCell));
    assert_eq!(got.notes, vec![]);
}
