//! The text against the tables (SPEC §7, issue 12), through whole documents.
//!
//! - `testdocs::narrative::CASES` (one line per sentence: what must be read, the decoys
//!   that must not) as the body paragraphs of one report, as a .docx and as web pages,
//!   whose stated cells all hold 777: every statement read comes out as a `narrative_mismatch` with its figure,
//!   the sentence and its paragraph, and a decoy comes out as nothing.
//! - Reports built from `corpus::clean_2021()` with a narrative: all agree, one figure
//!   differs, two differ, a blank cell, litigation stated as one sum; and the counts in
//!   `summary.json`.

mod common;

use std::path::PathBuf;
use std::process::Command;

use nianbao::extract::{Options, extract_bytes};
use nianbao::report::{Anomaly, AnomalyCode, NarrativeCounts, Report, Severity};
use pretty_assertions::assert_eq;
use testdocs::narrative::CASES;

/// A statement as it comes out: `(paragraph, table.row.col, stated, table, sentence)`.
type Found = (usize, String, String, String, String);

fn found(rep: &Report) -> Vec<Found> {
    rep.anomalies
        .iter()
        .filter(|a| a.code == AnomalyCode::NarrativeMismatch)
        .map(|a| {
            assert_eq!(a.severity, Severity::Warning);
            assert_eq!(a.location, None, "a paragraph, not a cell");
            let key = format!(
                "{}.{}.{}",
                a.table.as_deref().unwrap_or(""),
                a.row.as_deref().unwrap_or(""),
                a.col.as_deref().unwrap_or("")
            );
            let n = |x: &Option<serde_json::Number>| x.as_ref().map(|n| n.to_string()).unwrap();
            (
                a.paragraph.expect("paragraph"),
                key,
                n(&a.expected),
                n(&a.actual),
                a.raw.clone().unwrap_or_default(),
            )
        })
        .collect()
}

/// Every cell a statement of the table names set to 777 (litigation: 777 in each row).
fn all_777(r: &mut testdocs::Report) {
    for (t, row, col) in [
        ("applications", "received", "total"),
        ("applications", "carried_over", "total"),
        ("applications", "granted", "total"),
        ("applications", "partly_granted", "total"),
        ("applications", "results_total", "total"),
        ("applications", "carried_forward", "total"),
        ("review_litigation", "review", "total"),
        ("review_litigation", "litigation_direct", "total"),
        ("review_litigation", "litigation_after_review", "total"),
        ("active_disclosure", "normative_docs", "issued"),
    ] {
        r.set(t, row, col, "777");
    }
}

/// What the table's documents must give: for each case, at its paragraph, each statement
/// as a mismatch against 777 (1554 for litigation), the sentence holding it.
fn check_cases(rep: &Report, first: usize, what: &str) {
    let got = found(rep);
    let mut wrong = Vec::new();
    for (i, (sentence, want)) in CASES.iter().enumerate() {
        let p = first + i;
        let here: Vec<&Found> = got.iter().filter(|f| f.0 == p).collect();
        let stated: Vec<(String, u64)> = here
            .iter()
            .map(|f| (f.1.clone(), f.2.parse().unwrap()))
            .collect();
        let want_stated: Vec<(String, u64)> =
            want.iter().map(|(k, n)| (k.to_string(), *n)).collect();
        if stated != want_stated {
            wrong.push(format!(
                "p{p} {sentence}\n  want {want_stated:?}\n  got  {stated:?}"
            ));
        }
        for f in here {
            let table = if f.1.ends_with(".litigation.total") {
                "1554"
            } else {
                "777"
            };
            assert_eq!(f.3, table, "{sentence}");
            assert!(
                !f.4.is_empty() && sentence.replace(' ', "").contains(&f.4.replace(' ', "")),
                "raw {:?} is a sentence of {sentence:?}",
                f.4
            );
        }
    }
    assert!(wrong.is_empty(), "{what}:\n{}", wrong.join("\n"));
    let n: usize = CASES.iter().map(|(_, w)| w.len()).sum();
    assert_eq!(
        got.len(),
        n,
        "{what}: nothing outside the table's paragraphs"
    );
    assert_eq!(
        rep.narrative,
        NarrativeCounts {
            statements: n,
            compared: n,
            differing: n
        }
    );
}

/// The table's sentences as the report's body, one paragraph each, after the title.
fn cases_report() -> testdocs::Report {
    let mut r = testdocs::Report::new_2021();
    r.intro = CASES.iter().map(|(s, _)| s.to_string()).collect();
    all_777(&mut r);
    r
}

#[test]
fn every_sentence_of_the_table_in_a_docx() {
    let r = cases_report();
    let bytes = testdocs::docxrs::write(&r.doc());
    let rep = extract_bytes("cases.docx", bytes, &Options::default());
    assert_eq!(rep.error, None);
    assert_eq!(rep.report.year, Some(2021));
    // Paragraph 0 is the title; the intro follows.
    check_cases(&rep, r.title.len(), "docx");
}

/// The same report as a web page, as a person writes it and as Word saves it: the same
/// statements at the same paragraphs (the page's body paragraphs numbered as the
/// document's).
#[test]
fn every_sentence_of_the_table_in_a_web_page() {
    use testdocs::html::{self, Page, Style};
    let r = cases_report();
    for style in [Style::Hand, Style::Word] {
        let page = html::write(&r.doc(), style, &Page::default());
        let rep = extract_bytes("cases.html", page.into_bytes(), &Options::default());
        assert_eq!(rep.error, None, "{style:?}");
        assert_eq!(rep.report.year, Some(2021), "{style:?}");
        check_cases(&rep, r.title.len(), &format!("{style:?} page"));
    }
}

// ------------------------------------------------------------ whole reports

/// clean-2021's figures (received 15, carried_over 3, granted 9, partly 1, results 15,
/// carried_forward 3, normative_docs issued 3, review 2, litigation 1 + 0) with `text`
/// as the overview paragraph.
fn clean_with(text: &[&str]) -> testdocs::Report {
    let mut r = testdocs::corpus::clean_2021();
    r.intro.truncate(2); // the statistics period, 一、总体情况
    r.intro.extend(text.iter().map(|s| s.to_string()));
    r
}

const AGREES: &str = "2021年，本机关共收到政府信息公开申请15件，上年结转3件；予以公开9件，部分公开1件，办结15件，结转下年度继续办理3件。";
const AGREES_2: &str = "本年制发规范性文件3件。全年发生政府信息公开行政复议2件，行政诉讼1件。";

fn extract(r: &testdocs::Report) -> Report {
    let rep = extract_bytes(
        "r.docx",
        testdocs::docxrs::write(&r.doc()),
        &Options::default(),
    );
    assert_eq!(rep.error, None);
    rep
}

/// The mismatch of `key` stated `expected` against `actual` in paragraph `p`.
fn mismatch(key: &str, expected: u64, actual: u64, sentence: &str, p: usize) -> Anomaly {
    let mut k = key.split('.');
    let (t, row, col) = (k.next().unwrap(), k.next(), k.next());
    Anomaly {
        expected: Some(expected.into()),
        actual: Some(actual.into()),
        raw: Some(sentence.into()),
        paragraph: Some(p),
        ..Anomaly::new(AnomalyCode::NarrativeMismatch, Severity::Warning, "").at(t, row, col)
    }
}

fn without_message(rep: &Report) -> Vec<Anomaly> {
    rep.anomalies
        .iter()
        .map(|a| Anomaly {
            message: String::new(),
            ..a.clone()
        })
        .collect()
}

#[test]
fn every_statement_agrees_no_anomaly() {
    let rep = extract(&clean_with(&[AGREES, AGREES_2]));
    assert_eq!(rep.anomalies, vec![]);
    assert_eq!(
        rep.narrative,
        NarrativeCounts {
            statements: 9,
            compared: 9,
            differing: 0
        }
    );
}

#[test]
fn one_figure_differs() {
    let text = "2021年，本机关共收到政府信息公开申请14件，办结15件。";
    let rep = extract(&clean_with(&[text]));
    // title, statistics period, 一、总体情况, the text
    assert_eq!(
        without_message(&rep),
        vec![mismatch("applications.received.total", 14, 15, text, 3)]
    );
    let a = &rep.anomalies[0];
    assert!(
        a.message.contains("14") && a.message.contains("15"),
        "{}",
        a.message
    );
    assert_eq!(rep.narrative.differing, 1);
    assert_eq!(rep.narrative.compared, 2);
}

#[test]
fn two_figures_differ_in_two_paragraphs() {
    let (a, b) = (
        "予以公开8件、部分公开1件；结转下年度继续办理3件。",
        "本年度发生政府信息公开行政复议3起。",
    );
    let rep = extract(&clean_with(&[AGREES, a, b]));
    assert_eq!(
        without_message(&rep),
        vec![
            mismatch(
                "applications.granted.total",
                8,
                9,
                "予以公开8件、部分公开1件；",
                4
            ),
            mismatch("review_litigation.review.total", 3, 2, b, 5),
        ]
    );
    assert_eq!(
        rep.narrative,
        NarrativeCounts {
            statements: 10,
            compared: 10,
            differing: 2
        }
    );
}

#[test]
fn a_blank_table_cell_is_not_compared() {
    let mut r = clean_with(&["2021年共收到政府信息公开申请14件，办结15件。"]);
    r.set("applications", "received", "total", "");
    let rep = extract(&r);
    let codes: Vec<AnomalyCode> = rep.anomalies.iter().map(|a| a.code).collect();
    assert!(
        !codes.contains(&AnomalyCode::NarrativeMismatch),
        "{codes:?}"
    );
    assert!(codes.contains(&AnomalyCode::MissingCell), "{codes:?}");
    assert_eq!(
        rep.narrative,
        NarrativeCounts {
            statements: 2,
            compared: 1,
            differing: 0
        }
    );
}

#[test]
fn litigation_is_stated_as_one_sum() {
    let mut r = testdocs::corpus::clean_2021();
    // 未经复议直接起诉 1 (already), 复议后起诉 2: litigation 3.
    r.set(
        "review_litigation",
        "litigation_after_review",
        "upheld",
        "2",
    );
    r.set("review_litigation", "litigation_after_review", "total", "2");
    r.intro.truncate(2);
    let agrees = "政府信息公开行政诉讼3件。";
    let differs = "因政府信息公开被提起行政诉讼1起。";
    r.intro.extend([agrees.to_owned(), differs.to_owned()]);
    let rep = extract(&r);
    assert_eq!(
        without_message(&rep),
        vec![mismatch(
            "review_litigation.litigation.total",
            1,
            3,
            differs,
            4
        )]
    );
    // Without a litigation_after_review total, the sum is not known: no comparison.
    r.set("review_litigation", "litigation_after_review", "total", "");
    let rep = extract(&r);
    assert!(
        rep.anomalies
            .iter()
            .all(|a| a.code != AnomalyCode::NarrativeMismatch)
    );
    assert_eq!(rep.narrative.compared, 0);
}

#[test]
fn the_decoys_beside_a_table_they_do_not_match_raise_nothing() {
    // The sub-unit sentence of a real report, beside a table of 95 received.
    let mut r = clean_with(&[
        "2021年，区政府办代表区政府受理政府信息公开申请17件，均已在法定期限内予以答复。",
        "共受理申请15件，其中区政府办受理7件，各部门受理8件。",
        "2020年收到政府信息公开申请5件，办结5件。",
        "主动公开政府信息1136条。",
        "受理申请同比增长20%，办结率100%。",
    ]);
    r.set_app_row("received", ["10", "3", "1", "1", "0", "0", "15"]);
    let rep = extract(&r);
    assert_eq!(rep.anomalies, vec![]);
    assert_eq!(
        rep.narrative,
        NarrativeCounts {
            statements: 1,
            compared: 1,
            differing: 0
        }
    );
}

// ------------------------------------------------------------ the batch

fn scratch(name: &str) -> PathBuf {
    let dir = common::scratch("narrative", name);
    std::fs::create_dir_all(dir.join("in")).unwrap();
    dir
}

#[test]
fn summary_counts_statements_compared_and_differing_and_the_csv_has_the_paragraph() {
    let dir = scratch("summary");
    let agrees = clean_with(&[AGREES, AGREES_2]);
    let differs = clean_with(&["2021年共收到政府信息公开申请14件，办结15件。"]);
    for (name, r) in [("a.docx", &agrees), ("b.docx", &differs)] {
        std::fs::write(dir.join("in").join(name), testdocs::docxrs::write(&r.doc())).unwrap();
    }
    let out = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["extract", "-q", "--out"])
        .arg(dir.join("out"))
        .arg(dir.join("in"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("out/summary.json")).unwrap()).unwrap();
    assert_eq!(
        summary["narrative"],
        serde_json::json!({"statements": 11, "compared": 11, "differing": 1})
    );
    assert_eq!(summary["anomalies"]["by_code"]["narrative_mismatch"], 1);

    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("out/reports/b.json")).unwrap()).unwrap();
    assert_eq!(
        json["anomalies"][0],
        serde_json::json!({
            "code": "narrative_mismatch", "severity": "warning",
            "table": "applications", "row": "received", "col": "total",
            "expected": 14, "actual": 15,
            "raw": "2021年共收到政府信息公开申请14件，办结15件。",
            "message": json["anomalies"][0]["message"],
            "location": {"paragraph": 3}
        })
    );
    let csv = std::fs::read_to_string(dir.join("out/anomalies.csv")).unwrap();
    let mut lines = csv.trim_start_matches('\u{feff}').lines();
    // loc_paragraph is the last column, after the cell-shaped location's.
    assert!(
        lines
            .next()
            .unwrap()
            .ends_with(",loc_cell,loc_line,loc_paragraph")
    );
    let row = lines.next().unwrap();
    // After the report's joined fields (path, agency, year, template).
    assert!(row.starts_with("b.docx,"), "{row}");
    assert!(
        row.contains(",2021,narrative_mismatch,warning,applications,,received,total,14,15,"),
        "{row}"
    );
    assert!(row.ends_with(",,,,,3"), "{row}");
    assert_eq!(lines.next(), None);
}
