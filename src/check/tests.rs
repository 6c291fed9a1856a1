//! check: every cell rule, every 勾稽 rule failing and passing, the 2019 shapes.

use super::*;
use crate::recognize::testdoc::{self, APP_COLS, zeros};
use crate::recognize::{RecognizedRow, RecognizedTable, recognize};
use crate::report::AnomalyCode as C;
use pretty_assertions::assert_eq;
use serde_json::Value;
use std::str::FromStr;

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

#[test]
fn cell_rules() {
    use Severity::*;
    type Case<'a> = (
        &'a str,
        &'a str,
        &'a str,
        &'a str,
        &'a str,
        &'a [(C, Severity)],
    );
    let cases: Vec<Case> = vec![
        ("applications", "received", "total", "12", "12", &[]),
        ("applications", "received", "total", "\u{a0}0", "0", &[]),
        ("applications", "received", "total", "0\u{a0}", "0", &[]),
        (
            "applications",
            "received",
            "total",
            "\u{3000}3\u{3000}",
            "3",
            &[],
        ),
        (
            "applications",
            "received",
            "total",
            "\u{200b}4\u{feff}",
            "4",
            &[],
        ),
        ("applications", "received", "total", "１２", "12", &[]),
        ("applications", "received", "total", "1,234", "1234", &[]),
        ("applications", "received", "total", "3.00", "3", &[]),
        (
            "applications",
            "received",
            "total",
            "",
            "null",
            &[(C::MissingCell, Warning)],
        ),
        (
            "applications",
            "received",
            "total",
            "\u{a0}",
            "null",
            &[(C::MissingCell, Warning)],
        ),
        (
            "applications",
            "received",
            "total",
            "—",
            "0",
            &[(C::PlaceholderValue, Info)],
        ),
        (
            "applications",
            "received",
            "total",
            "——",
            "0",
            &[(C::PlaceholderValue, Info)],
        ),
        (
            "applications",
            "received",
            "total",
            "-",
            "0",
            &[(C::PlaceholderValue, Info)],
        ),
        (
            "applications",
            "received",
            "total",
            "－",
            "0",
            &[(C::PlaceholderValue, Info)],
        ),
        (
            "applications",
            "received",
            "total",
            "/",
            "0",
            &[(C::PlaceholderValue, Info)],
        ),
        (
            "applications",
            "received",
            "total",
            "无",
            "0",
            &[(C::PlaceholderValue, Info)],
        ),
        (
            "applications",
            "received",
            "total",
            "见附件",
            "null",
            &[(C::NonNumericCell, Warning)],
        ),
        (
            "applications",
            "received",
            "total",
            "N/A",
            "null",
            &[(C::NonNumericCell, Warning)],
        ),
        (
            "applications",
            "received",
            "total",
            "-2",
            "-2",
            &[(C::InvalidValue, Warning)],
        ),
        (
            "applications",
            "received",
            "total",
            "1.5",
            "1.5",
            &[(C::InvalidValue, Warning)],
        ),
        ("active_disclosure", "licensing", "change", "-3", "-3", &[]),
        (
            "active_disclosure",
            "licensing",
            "change",
            "0.5",
            "0.5",
            &[(C::InvalidValue, Warning)],
        ),
        (
            "active_disclosure",
            "licensing",
            "decisions",
            "-3",
            "-3",
            &[(C::InvalidValue, Warning)],
        ),
        (
            "active_disclosure",
            "fees",
            "amount",
            "24252.311082",
            "24252.311082",
            &[],
        ),
        ("active_disclosure", "fees", "amount", "0.5", "0.5", &[]),
        (
            "active_disclosure",
            "fees",
            "amount",
            "-0.5",
            "-0.5",
            &[(C::InvalidValue, Warning)],
        ),
        (
            "active_disclosure",
            "procurement",
            "purchase_amount",
            "251000元",
            "25.1",
            &[(C::UnitConverted, Info)],
        ),
        (
            "active_disclosure",
            "procurement",
            "purchase_amount",
            "73802895.90元",
            "7380.28959",
            &[(C::UnitConverted, Info)],
        ),
        (
            "active_disclosure",
            "procurement",
            "purchase_amount",
            "１２.５万元",
            "12.5",
            &[],
        ),
        (
            "active_disclosure",
            "procurement",
            "purchases",
            // a count with a measure word (seen in township reports that type the
            // figure as they would write it in a sentence): SPEC §3's one figure with
            // a note
            "12个",
            "12",
            &[(C::AnnotatedValue, Info)],
        ),
        (
            "applications",
            "granted",
            "natural_person",
            "3件",
            "3",
            &[(C::AnnotatedValue, Info)],
        ),
        (
            "review_litigation",
            "review",
            "total",
            "0 件",
            "0",
            &[(C::AnnotatedValue, Info)],
        ),
        (
            "active_disclosure",
            "licensing",
            "change",
            "-2项",
            "-2",
            &[(C::AnnotatedValue, Info)],
        ),
        ("active_disclosure", "licensing", "change", "+21", "21", &[]),
        (
            "applications",
            "granted",
            "natural_person",
            "5元",
            "null",
            &[(C::NonNumericCell, Warning)],
        ),
        (
            "applications",
            "received",
            "total",
            "22（其中修订16件）",
            "22",
            &[(C::AnnotatedValue, Info)],
        ),
        (
            "active_disclosure",
            "normative_docs",
            "in_force",
            "55（含自然失效29件）",
            "55",
            &[(C::AnnotatedValue, Info)],
        ),
        (
            "applications",
            "received",
            "total",
            "12 项",
            "12",
            &[(C::AnnotatedValue, Info)],
        ),
        (
            "applications",
            "received",
            "total",
            "5人次",
            "5",
            &[(C::AnnotatedValue, Info)],
        ),
        (
            "applications",
            "received",
            "total",
            "-2件",
            "-2",
            &[(C::AnnotatedValue, Info), (C::InvalidValue, Warning)],
        ),
        (
            "applications",
            "received",
            "total",
            "约20",
            "null",
            &[(C::NonNumericCell, Warning)],
        ),
        (
            "applications",
            "received",
            "total",
            "3/5",
            "null",
            &[(C::NonNumericCell, Warning)],
        ),
        (
            "applications",
            "received",
            "total",
            "3 5",
            "null",
            &[(C::NonNumericCell, Warning)],
        ),
        // amounts: a bare figure and 万元 are the template's unit; 元, 千元, 亿元 are
        // converted exactly
        (
            "active_disclosure",
            "fees",
            "amount",
            "96.8万元",
            "96.8",
            &[],
        ),
        (
            "active_disclosure",
            "fees",
            "amount",
            "1.25亿元",
            "12500",
            &[(C::UnitConverted, Info)],
        ),
        (
            "active_disclosure",
            "fees",
            "amount",
            "3500千元",
            "350",
            &[(C::UnitConverted, Info)],
        ),
        (
            "active_disclosure",
            "fees",
            "amount",
            "5元",
            "0.0005",
            &[(C::UnitConverted, Info)],
        ),
        (
            "active_disclosure",
            "fees",
            "amount",
            "251000元（含代收）",
            "25.1",
            &[(C::UnitConverted, Info), (C::AnnotatedValue, Info)],
        ),
        (
            "active_disclosure",
            "fees",
            "amount",
            "-251000元",
            "-25.1",
            &[(C::UnitConverted, Info), (C::InvalidValue, Warning)],
        ),
        (
            "active_disclosure",
            "fees",
            "amount",
            "0.123456789012345元",
            "null",
            &[(C::NonNumericCell, Warning)],
        ),
    ];
    for (table, row, col, raw, want, anomaly) in cases {
        let got = check(&one(table, row, col, raw), &CheckOptions::default());
        let v = &got.tables()[table][row][col];
        assert_eq!(json(v), want, "{raw:?}");
        let codes: Vec<_> = got.anomalies.iter().map(|a| (a.code, a.severity)).collect();
        assert_eq!(codes, anomaly.to_vec(), "{raw:?}");
        for a in &got.anomalies {
            assert_eq!(
                (
                    a.table.as_deref(),
                    a.row.as_deref(),
                    a.col.as_deref(),
                    a.raw.as_deref()
                ),
                (Some(table), Some(row), Some(col), Some(raw))
            );
            assert_eq!(
                a.location,
                Some(Location {
                    table: 1,
                    row: 2,
                    cell: 3,
                    line: None,
                })
            );
        }
        assert_eq!(got.cells[0].raw.as_deref(), Some(raw));
        assert_eq!(
            serde_json::to_string(&got.cells[0].value).expect("test data"),
            want
        );
    }
}

#[test]
fn blank_as_zero_option() {
    let got = check(
        &one("applications", "received", "total", "\u{a0}"),
        &CheckOptions {
            blank_as_zero: true,
        },
    );
    assert_eq!(
        json(&got.tables()["applications"]["received"]["total"]),
        "0"
    );
    assert_eq!(
        got.anomalies
            .iter()
            .map(|a| (a.code, a.severity))
            .collect::<Vec<_>>(),
        [(C::BlankAsZero, Severity::Info)]
    );
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

#[test]
fn template_2019_table_two_shapes() {
    let v = |r: &str, c: &str| match (r, c) {
        ("licensing", "change") => "-3".into(),
        ("procurement", "purchase_amount") => "73802895.90元".into(),
        ("procurement", "purchases") => "12".into(),
        ("fees", "change") => "－".into(),
        _ => zeros(r, c),
    };
    let got = run(&v, Template::T2019);
    assert_eq!(
        got.anomalies
            .iter()
            .map(|a| (a.code, a.row.clone().expect("test data")))
            .collect::<Vec<_>>(),
        vec![
            (C::PlaceholderValue, "fees".into()),
            (C::UnitConverted, "procurement".into())
        ]
    );
    let t = &got.tables()["active_disclosure"];
    assert_eq!(
        json(&t["procurement"]),
        r#"{"purchases":12,"purchase_amount":7380.28959}"#
    );
    assert_eq!(
        json(&t["licensing"]),
        r#"{"prev_items":0,"change":-3,"decisions":0}"#
    );
    assert_eq!(json(&t["fees"]), r#"{"prev_items":0,"change":0}"#);
    let n = serde_json::Number::from_str("7380.28959").expect("test data");
    assert!(got.cells.iter().any(|c| c.value.as_ref() == Some(&n)));
}

#[test]
fn missing_rows_are_null_without_cell_anomalies() {
    let r = one("applications", "received", "total", "1");
    let mut r2 = r.clone();
    r2.tables[0].rows[0].found = false;
    r2.tables[0].rows[0].cells[0].raw = None;
    r2.tables[0].rows[0].cells[0].location = None;
    let got = check(&r2, &CheckOptions::default());
    assert_eq!(got.anomalies, vec![]);
    assert_eq!(
        got.tables()["applications"]["received"]["total"],
        Value::Null
    );
    // a found row without the cell (a short row)
    let mut r3 = r2.clone();
    r3.tables[0].rows[0].found = true;
    let got = check(&r3, &CheckOptions::default());
    assert_eq!(
        got.anomalies.iter().map(|a| a.code).collect::<Vec<_>>(),
        [C::MissingCell]
    );
    let _ = APP_COLS;
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
