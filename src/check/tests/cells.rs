//! check tests: each cell rule (a raw text to a value or null and its anomaly), the
//! blank-as-zero option, missing rows and cells, and the 2019 table 二's cell shapes.

use super::*;
use pretty_assertions::assert_eq;

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
