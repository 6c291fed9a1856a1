//! The sentence reader on its own: one line per sentence, what it must read and what it
//! must leave alone. `tests/narrative.rs` runs the same table through whole documents.

use super::rules::{RECEIVED, RESULTS};
use super::*;

/// The report these sentences are from: its year and agency.
const YEAR: i32 = 2021;
const AGENCY: &str = "静乐县人民政府办公室";

fn read(p: &str) -> Vec<(Target, u64)> {
    statements([p], Some(YEAR), Some(AGENCY))
        .into_iter()
        .map(|s| (s.target, s.figure))
        .collect()
}

fn key(t: Target) -> String {
    let (table, row, col) = t.key();
    format!("{table}.{row}.{col}")
}

#[test]
fn every_sentence_of_the_table_reads_as_listed() {
    let cases = testdocs::narrative::CASES;
    let found = statements(cases.iter().map(|c| c.0), Some(YEAR), Some(AGENCY));
    let mut wrong = Vec::new();
    for (i, (sentence, want)) in cases.iter().enumerate() {
        let got: Vec<(String, u64)> = found
            .iter()
            .filter(|s| s.paragraph == i)
            .map(|s| (key(s.target), s.figure))
            .collect();
        let want: Vec<(String, u64)> = want.iter().map(|(k, n)| (k.to_string(), *n)).collect();
        if got != want {
            wrong.push(format!("{sentence}\n  want {want:?}\n  got  {got:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn chinese_numerals() {
    for (s, n) in [
        ("十二", Some(12)),
        ("十", Some(10)),
        ("一百零五", Some(105)),
        ("两", Some(2)),
        ("两百", Some(200)),
        ("二十三", Some(23)),
        ("一千零一", Some(1001)),
        ("一〇五", Some(105)),
        ("〇", Some(0)),
        ("零", Some(0)),
        ("三万五千", Some(35000)),
        ("十十", None),
        ("百十", None),
        ("三五十", None),
        ("1,234", Some(1234)),
    ] {
        assert_eq!(figure(s), n, "{s}");
    }
}

#[test]
fn the_sentence_is_kept_as_written_with_its_paragraph() {
    let found = statements(
        [
            "一、总体情况",
            "2021年，共收到政府信息公开申请　１５　件（含网上申请3件）；办结15件。",
        ],
        Some(YEAR),
        None,
    );
    assert_eq!(
        found,
        vec![
            Statement {
                paragraph: 1,
                target: RECEIVED,
                figure: 15,
                sentence: "2021年，共收到政府信息公开申请　１５　件（含网上申请3件）；".into(),
            },
            Statement {
                paragraph: 1,
                target: RESULTS,
                figure: 15,
                sentence: "办结15件。".into(),
            },
        ]
    );
}

#[test]
fn another_year_holds_for_the_paragraph_until_the_report_year_returns() {
    let p = "2020年，共收到政府信息公开申请5件。办结5件。2021年，共收到政府信息公开申请8件。";
    assert_eq!(read(p), vec![(RECEIVED, 8)]);
    // Without the report's year, a clause naming any year is not read.
    let found = statements(
        ["2021年共收到政府信息公开申请8件。全年办结8件。"],
        None,
        None,
    );
    assert_eq!(
        found
            .iter()
            .map(|s| (s.target, s.figure))
            .collect::<Vec<_>>(),
        vec![(RESULTS, 8)]
    );
}
