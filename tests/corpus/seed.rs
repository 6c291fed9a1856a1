//! corpus tests: the seed report, cell by cell.

use super::*;
use pretty_assertions::assert_eq;

/// The seed's JSON, cell by cell: all 175 `applications` and 15 `review_litigation`
/// cells 0 except `null` + `missing_cell` at the two NBSP-only cells; table 二 all 0;
/// raw text and location of every cell traced; agency / year / date; nothing else.
#[test]
fn seed_report_cell_by_cell() {
    let rep = extract("seed-kangjiahui-2021.docx");
    let r = seed_report();
    let j = serde_json::to_value(&rep).unwrap();
    assert_eq!(j["status"], json!("ok"));
    assert_eq!(j["template"], json!("2021"));
    assert_eq!(
        j["report"],
        json!({"agency": "静乐县康家会镇人民政府", "year": 2021, "published": "2022-01-20"})
    );

    let blanks = [
        ("denied_enforcement_file", "other_org"),
        ("unprocessed_excessive", "legal_service"),
    ];
    let apps = &j["tables"]["applications"];
    let mut n = 0;
    for (row, texts) in SEED_APPLICATIONS {
        for ((col, _), text) in testdocs::report::APPLICANT_COLS.iter().zip(texts) {
            n += 1;
            let want = if blanks.contains(&(row, col)) {
                Value::Null
            } else {
                json!(0)
            };
            assert_eq!((row, *col, &apps[row][col]), (row, *col, &want));
            assert_eq!(
                (row, *col, raw_of(&rep, "applications", row, col)),
                (row, *col, Some(text.to_string())),
                "raw text traced verbatim"
            );
            let loc = rep
                .cells
                .iter()
                .find(|c| c.table == "applications" && c.row == row && c.col == *col)
                .and_then(|c| c.location)
                .map(|l| (l.table, l.row, l.cell));
            assert_eq!(
                (row, *col, loc),
                (row, *col, at(r.locate("applications", row, col)))
            );
        }
    }
    assert_eq!(n, 175);
    assert_eq!(apps.as_object().unwrap().len(), 25);

    let rev = &j["tables"]["review_litigation"];
    let rows = ["review", "litigation_direct", "litigation_after_review"];
    let cols = ["upheld", "corrected", "other", "pending", "total"];
    for (i, text) in SEED_REVIEW.iter().enumerate() {
        let (row, col) = (rows[i / 5], cols[i % 5]);
        assert_eq!((row, col, &rev[row][col]), (row, col, &json!(0)));
        assert_eq!(
            raw_of(&rep, "review_litigation", row, col).as_deref(),
            Some(*text)
        );
    }
    assert_eq!(rev.as_object().unwrap().len(), 3);

    let active = j["tables"]["active_disclosure"].as_object().unwrap();
    let mut active_cells = 0;
    for (row, cols) in active {
        for (col, v) in cols.as_object().unwrap() {
            active_cells += 1;
            assert_eq!(
                (row.as_str(), col.as_str(), v),
                (row.as_str(), col.as_str(), &json!(0))
            );
        }
    }
    assert_eq!(active_cells, 10);

    let want: Vec<A> = sorted(
        blanks
            .iter()
            .map(|(row, col)| {
                cell_a(
                    "missing_cell",
                    "warning",
                    &r,
                    &format!("applications.{row}.{col}"),
                )
            })
            .collect(),
    );
    assert_eq!(anomalies(&rep), want);
    assert_eq!(
        want.iter().map(|a| a.9).collect::<Vec<_>>(),
        vec![Some((2, 13, 8)), Some((2, 21, 7))]
    );
    assert_eq!(j["anomalies"][0]["raw"], json!("\u{a0}"));
    // The two blanks are consistent with 0: a report-level note, not an anomaly.
    let notes: Vec<&str> = rep.notes.iter().map(|n| n.code.as_str()).collect();
    assert_eq!(notes, vec!["blanks_consistent_as_zero"]);
}

fn raw_of(rep: &Report, table: &str, row: &str, col: &str) -> Option<String> {
    rep.cells
        .iter()
        .find(|c| c.table == table && c.row == row && c.col == col)
        .and_then(|c| c.raw.clone())
}
