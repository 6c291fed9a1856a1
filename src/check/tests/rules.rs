//! check tests: the 勾稽 rules — holding on a balanced report, each failing alone, where a
//! mismatch points, and operands that are null.

use super::*;
use pretty_assertions::assert_eq;

#[test]
fn rules_hold_on_a_balanced_report() {
    let got = run(&balanced, Template::T2021);
    assert_eq!(got.anomalies, vec![]);
    assert_eq!(
        json(&got.tables()["applications"]["received"]["total"]),
        "3"
    );
    assert_eq!(got.cells.len(), 10 + 25 * 7 + 15);
}

#[test]
fn each_rule_fails_alone() {
    type Case = (
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        Vec<(
            &'static str,
            &'static str,
            Option<&'static str>,
            Option<&'static str>,
            &'static str,
            &'static str,
        )>,
    );
    let cases: Vec<Case> = vec![
        // a row total off by one: row_total only
        (
            "unable_not_held",
            "total",
            "1",
            "",
            vec![
                (
                    "applications",
                    "row_total",
                    Some("unable_not_held"),
                    None,
                    "0",
                    "1",
                ),
                (
                    "applications",
                    "results_total",
                    None,
                    Some("total"),
                    "4",
                    "3",
                ),
            ],
        ),
        // the results total of one column: results_total and column_balance for that column
        (
            "results_total",
            "total",
            "4",
            "",
            vec![
                (
                    "applications",
                    "row_total",
                    Some("results_total"),
                    None,
                    "3",
                    "4",
                ),
                (
                    "applications",
                    "column_balance",
                    None,
                    Some("total"),
                    "3",
                    "4",
                ),
                (
                    "applications",
                    "results_total",
                    None,
                    Some("total"),
                    "3",
                    "4",
                ),
            ],
        ),
        // carried forward published but not carried over: column_balance per column
        (
            "carried_forward",
            "natural_person",
            "1",
            "",
            vec![
                (
                    "applications",
                    "row_total",
                    Some("carried_forward"),
                    None,
                    "1",
                    "0",
                ),
                (
                    "applications",
                    "column_balance",
                    None,
                    Some("natural_person"),
                    "2",
                    "3",
                ),
            ],
        ),
        // table 四
        (
            "litigation_after_review",
            "pending",
            "2",
            "",
            vec![(
                "review_litigation",
                "row_total",
                Some("litigation_after_review"),
                None,
                "2",
                "0",
            )],
        ),
    ];
    for (row, col, val, _, want) in cases {
        let v = |r: &str, c: &str| {
            if (r, c) == (row, col) {
                val.to_string()
            } else {
                balanced(r, c)
            }
        };
        let got = run(&v, Template::T2021);
        let want: Vec<_> = want
            .into_iter()
            .map(|(t, rule, r, c, e, a)| {
                (
                    t.to_string(),
                    rule.to_string(),
                    r.map(str::to_string),
                    c.map(str::to_string),
                    e.to_string(),
                    a.to_string(),
                )
            })
            .collect();
        assert_eq!(mismatches(&got), want, "{row}.{col}");
        assert_eq!(got.anomalies.len(), want.len());
    }
}

#[test]
fn sum_mismatch_points_at_the_published_cell() {
    let v = |r: &str, c: &str| {
        if (r, c) == ("review", "total") {
            "5".into()
        } else {
            balanced(r, c)
        }
    };
    let got = run(&v, Template::T2021);
    let a = &got.anomalies[0];
    assert_eq!(a.raw.as_deref(), Some("5"));
    assert_eq!(
        a.location,
        Some(Location {
            table: 3,
            row: 3,
            cell: 4,
            line: None,
        })
    );
}

#[test]
fn null_operands_skip_the_rule() {
    let v = |r: &str, c: &str| match (r, c) {
        ("received", "commercial") => "见附件".into(),
        ("received", "total") => "99".into(),
        _ => balanced(r, c),
    };
    let got = run(&v, Template::T2021);
    assert_eq!(
        mismatches(&got),
        vec![(
            "applications".into(),
            "column_balance".into(),
            None,
            Some("total".into()),
            "99".into(),
            "3".into()
        )]
    );
    assert_eq!(
        got.anomalies
            .iter()
            .filter(|a| a.code == C::NonNumericCell)
            .count(),
        1
    );
}

/// `column_balance`'s published side is two cells: its location is the column's
/// （七）总计 cell (结转下年度 is the same column's cell of its row, in `cells`), no raw,
/// and its message is the rule's alone (no position: the same in every form).
#[test]
fn column_balance_points_at_its_published_cells() {
    let v = |r: &str, c: &str| {
        if (r, c) == ("carried_forward", "commercial") {
            "7".into()
        } else {
            balanced(r, c)
        }
    };
    let got = run(&v, Template::T2021);
    let a = got
        .anomalies
        .iter()
        .find(|a| a.rule.as_deref() == Some("column_balance"))
        .expect("a column_balance anomaly");
    assert_eq!(a.col.as_deref(), Some("commercial"));
    let cell = |row: &str| {
        got.cells
            .iter()
            .find(|c| c.table == "applications" && c.row == row && c.col == "commercial")
            .and_then(|c| c.location)
            .expect("located cell")
    };
    let (total, forward) = (cell("results_total"), cell("carried_forward"));
    assert_ne!(total, forward);
    assert_eq!(a.location, Some(total));
    assert_eq!(a.raw, None, "two cells: no one raw text");
    assert!(
        !a.message.contains(&format!("{}:", total.table)),
        "{}",
        a.message
    );
}
