//! The checked-in corpus (`corpus/`): each file is exactly what `testdocs` builds (so
//! the corpus can't drift from its generator), and each extracts to what SPEC §2–§4 say,
//! the seed report cell by cell.

mod common;
use common::values_out;

use std::collections::BTreeMap;
use std::path::PathBuf;

use nianbao::extract::{Options, extract_bytes};
use nianbao::report::{AnomalyCode, Report};
use pretty_assertions::assert_eq;
use serde_json::{Value, json};
use testdocs::corpus::{self, CorpusDoc};
use testdocs::corpus_web;
use testdocs::seed::{SEED_APPLICATIONS, SEED_REVIEW, seed_report};
use testdocs::{Loc, keys};

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

fn checked_in(name: &str) -> Vec<u8> {
    let path = corpus_dir().join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn extract(name: &str) -> Report {
    let rep = extract_bytes(name, checked_in(name), &Options::default());
    assert_eq!(rep.error, None, "{name}");
    rep
}

/// An anomaly without its message, as `(code, severity, table, rule, row, col,
/// expected, actual, raw, location)`.
type A = (
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<(usize, usize, usize)>,
);

fn anomalies(rep: &Report) -> Vec<A> {
    let mut v: Vec<A> = rep
        .anomalies
        .iter()
        .map(|a| {
            (
                a.code.as_str().to_owned(),
                a.severity.as_str().to_owned(),
                a.table.clone(),
                a.rule.clone(),
                a.row.clone(),
                a.col.clone(),
                a.expected.as_ref().map(|n| n.to_string()),
                a.actual.as_ref().map(|n| n.to_string()),
                a.raw.clone(),
                a.location.map(|l| (l.table, l.row, l.cell)),
            )
        })
        .collect();
    v.sort();
    v
}

fn s(x: &str) -> Option<String> {
    Some(x.to_owned())
}

fn at(l: Loc) -> Option<(usize, usize, usize)> {
    Some((l.table, l.row, l.cell))
}

/// A cell anomaly at `key` (`table.row.col`) of report `r`.
fn cell_a(code: &str, severity: &str, r: &testdocs::Report, key: &str) -> A {
    let k: Vec<&str> = key.split('.').collect();
    (
        code.into(),
        severity.into(),
        s(k[0]),
        None,
        s(k[1]),
        s(k[2]),
        None,
        None,
        s(r.get(k[0], k[1], k[2])),
        at(r.locate(k[0], k[1], k[2])),
    )
}

/// A `sum_mismatch`; `total_cell` is the published total it concerns (raw + location).
fn sum_a(
    r: &testdocs::Report,
    table: &str,
    rule: &str,
    (row, col): (Option<&str>, Option<&str>),
    (expected, actual): (&str, &str),
    total_cell: Option<(&str, &str)>,
) -> A {
    (
        "sum_mismatch".into(),
        "error".into(),
        s(table),
        s(rule),
        row.map(Into::into),
        col.map(Into::into),
        s(expected),
        s(actual),
        total_cell.map(|(row, col)| r.get(table, row, col).to_owned()),
        total_cell.and_then(|(row, col)| at(r.locate(table, row, col))),
    )
}

fn sorted(mut v: Vec<A>) -> Vec<A> {
    v.sort();
    v
}

/// Expected values: every cell of the template as given by `f(table, row, col)`.
fn values_want(
    r: &testdocs::Report,
    f: impl Fn(&str, &str, &str, &str) -> Option<f64>,
) -> BTreeMap<String, Option<f64>> {
    keys(r.template)
        .into_iter()
        .map(|k| {
            let raw = r.get(k.table, k.row, k.col);
            (
                format!("{}.{}.{}", k.table, k.row, k.col),
                f(k.table, k.row, k.col, raw),
            )
        })
        .collect()
}

fn plain_number(raw: &str) -> Option<f64> {
    raw.trim().parse().ok()
}

fn metadata(rep: &Report) -> (Option<&str>, Option<i32>, Option<&str>) {
    (
        rep.report.agency.as_deref(),
        rep.report.year,
        rep.report.published.as_deref(),
    )
}

// ---------------------------------------------------------------- the corpus is the generator's

#[test]
fn corpus_files_are_what_the_generator_builds() {
    let docs: Vec<CorpusDoc> = corpus::corpus();
    for d in &docs {
        let built = (d.build)();
        assert!(
            built == checked_in(d.name),
            "corpus/{} differs from what testdocs builds: run `cargo run -p testdocs --bin gen-corpus -- corpus`",
            d.name
        );
    }
    let forms = corpus_web::web_forms();
    for f in &forms {
        assert!(
            (f.build)() == checked_in(f.name),
            "corpus/{} differs from what testdocs builds: run `cargo run -p testdocs --bin gen-corpus -- corpus`",
            f.name
        );
    }
    // Every file on disk is the generator's, or one of the checked-in converted forms.
    let mut on_disk = all_files(&corpus_dir(), "");
    on_disk.sort();
    let mut listed: Vec<String> = docs
        .iter()
        .map(|d| d.name)
        .chain(forms.iter().map(|f| f.name))
        .chain(corpus::OTHER_FORMS.iter().map(|(name, _)| *name))
        .chain(["README.md"])
        .map(str::to_owned)
        .collect();
    listed.sort();
    assert_eq!(
        on_disk, listed,
        "every corpus file comes from the generator or is listed in OTHER_FORMS"
    );
}

/// Every file under `dir`, as `/`-separated paths after `prefix`.
fn all_files(dir: &std::path::Path, prefix: &str) -> Vec<String> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        let name = format!("{prefix}{}", e.file_name().to_string_lossy());
        if e.file_type().unwrap().is_dir() {
            out.extend(all_files(&e.path(), &format!("{name}/")));
        } else {
            out.push(name);
        }
    }
    out
}

/// Each standalone sample has an agency of its own (so no two are compared across
/// years), and none is the seed's.
#[test]
fn standalone_samples_have_distinct_agencies() {
    let mut agencies: Vec<&str> = corpus::PUBLISHERS.iter().map(|p| p.1).collect();
    agencies.push("静乐县康家会镇人民政府");
    agencies.push(corpus::SERIES_AGENCY);
    for (i, a) in agencies.iter().enumerate() {
        for (j, b) in agencies.iter().enumerate() {
            assert!(
                i == j || !a.ends_with(b),
                "{a} ends with {b}: they would match"
            );
        }
    }
    let names: Vec<&str> = corpus::corpus().iter().map(|d| d.name).collect();
    for p in corpus::PUBLISHERS {
        assert!(names.contains(&p.0), "{} is not a corpus file", p.0);
    }
}

#[test]
fn corpus_readme_is_the_generators() {
    let readme = std::fs::read_to_string(corpus_dir().join("README.md")).unwrap();
    assert_eq!(readme, corpus::readme());
}

// ---------------------------------------------------------------- the seed report

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

// ---------------------------------------------------------------- the other corpus reports

#[test]
fn clean_report_has_its_figures_and_no_anomaly() {
    let rep = extract("clean-2021.docx");
    let r = corpus::clean_2021();
    assert_eq!(
        values_out(&rep),
        values_want(&r, |_, _, _, raw| plain_number(raw))
    );
    assert_eq!(anomalies(&rep), vec![]);
    // Its overview states nine figures, each as the tables have it (SPEC §7).
    assert_eq!(
        (
            rep.narrative.statements,
            rep.narrative.compared,
            rep.narrative.differing
        ),
        (9, 9, 0)
    );
    assert_eq!(
        metadata(&rep),
        (
            Some("云河市清源区人民政府办公室"),
            Some(2021),
            Some("2022-01-25")
        )
    );
}

/// The five failing rules documented on `testdocs::corpus::unbalanced_2021`.
#[test]
fn unbalanced_report_fails_exactly_its_rules() {
    let rep = extract("unbalanced-2021.docx");
    let r = corpus::unbalanced_2021();
    assert_eq!(
        metadata(&rep),
        (
            Some("云河市清源区卫生健康局"),
            Some(2021),
            Some("2022-01-28")
        )
    );
    assert_eq!(
        values_out(&rep),
        values_want(&r, |_, _, _, raw| plain_number(raw))
    );
    let app = "applications";
    assert_eq!(
        anomalies(&rep),
        sorted(vec![
            sum_a(
                &r,
                app,
                "row_total",
                (Some("received"), None),
                ("15", "16"),
                Some(("received", "total"))
            ),
            sum_a(
                &r,
                app,
                "row_total",
                (Some("granted"), None),
                ("10", "9"),
                Some(("granted", "total"))
            ),
            sum_a(
                &r,
                app,
                "results_total",
                (None, Some("research")),
                ("2", "1"),
                Some(("results_total", "research")),
            ),
            // Located at the column's （七）总计 cell, no raw: the published side is two
            // cells (results_total + carried_forward, issue 14).
            {
                let mut a = sum_a(
                    &r,
                    app,
                    "column_balance",
                    (None, Some("total")),
                    ("19", "18"),
                    None,
                );
                a.9 = at(r.locate(app, "results_total", "total"));
                a
            },
            sum_a(
                &r,
                "review_litigation",
                "row_total",
                (Some("review"), None),
                ("2", "3"),
                Some(("review", "total")),
            ),
            // clean-2021's overview beside the changed figures (SPEC §7).
            narrative_a("received", ("15", "16"), corpus::NARRATIVE_2021[0]),
            narrative_a("review", ("2", "3"), corpus::NARRATIVE_2021[1]),
        ])
    );
    let paragraphs: Vec<Option<usize>> = rep
        .anomalies
        .iter()
        .filter(|a| a.code == AnomalyCode::NarrativeMismatch)
        .map(|a| a.paragraph)
        .collect();
    assert_eq!(paragraphs, [Some(4), Some(5)]);
    assert_eq!(
        (
            rep.narrative.statements,
            rep.narrative.compared,
            rep.narrative.differing
        ),
        (9, 9, 2)
    );
}

/// A `narrative_mismatch` of `row` (its `total`): the text states `expected`, the table
/// has `actual`; `raw` is the sentence, the paragraph's second (after its heading).
fn narrative_a(row: &str, (expected, actual): (&str, &str), paragraph: &str) -> A {
    let table = if row == "review" {
        "review_litigation"
    } else {
        "applications"
    };
    let sentence = paragraph.split_once('。').map_or(paragraph, |(_, s)| s);
    let sentence = match sentence.find('；') {
        Some(at) if row == "received" => &sentence[..at + '；'.len_utf8()],
        _ => sentence,
    };
    (
        "narrative_mismatch".into(),
        "warning".into(),
        s(table),
        None,
        s(row),
        s("total"),
        s(expected),
        s(actual),
        s(sentence),
        None,
    )
}

/// Placeholders read 0 with `placeholder_value` (info); text reads `null` with
/// `non_numeric_cell` (warning); rules with a `null` operand are not evaluated.
#[test]
fn placeholders_and_text_in_number_cells() {
    let rep = extract("placeholders-2021.docx");
    let r = corpus::placeholders_2021();
    assert_eq!(
        metadata(&rep),
        (
            Some("云河市清源区东关镇人民政府"),
            Some(2021),
            Some("2022-01-20")
        )
    );
    let texts = ["见附件", "N/A"];
    assert_eq!(
        values_out(&rep),
        values_want(&r, |_, _, _, raw| if texts.contains(&raw) {
            None
        } else {
            plain_number(raw).or(Some(0.0))
        })
    );
    let ph = |key| cell_a("placeholder_value", "info", &r, key);
    let text = |key| cell_a("non_numeric_cell", "warning", &r, key);
    assert_eq!(
        anomalies(&rep),
        sorted(vec![
            ph("active_disclosure.licensing.decisions"),
            ph("active_disclosure.penalty.decisions"),
            ph("active_disclosure.coercion.decisions"),
            text("active_disclosure.fees.amount"),
            ph("applications.received.natural_person"),
            ph("applications.carried_over.other_org"),
            text("review_litigation.review.pending"),
        ])
    );
}

#[test]
fn template_2019_report() {
    let rep = extract("template-2019.docx");
    let r = corpus::template_2019();
    assert_eq!(rep.template.map(|t| t.as_str()), Some("2019"));
    assert_eq!(
        values_out(&rep),
        values_want(&r, |_, _, _, raw| plain_number(raw))
    );
    assert_eq!(anomalies(&rep), vec![]);
    assert_eq!(
        metadata(&rep),
        (Some("云河市清源区民政局"), Some(2020), Some("2021-01-22"))
    );
    let apps = serde_json::to_value(&rep.tables()["applications"]).unwrap();
    assert!(
        apps.get("other").is_some() && apps.get("other_other").is_none(),
        "one （六）其他处理 row"
    );
}

/// Every zero left blank, even the 总计 of all-zero result rows (issue 4, as
/// 上海市人民政府办公厅's 2019 report): each blank is `null` + `missing_cell` with its
/// empty raw text and location, no rule is failed (those with a blank operand are not
/// evaluated), and the report-level note `blanks_consistent_as_zero` says that every
/// rule holds with the blanks read as 0.
#[test]
fn blanks_2019_every_zero_left_blank() {
    let rep = extract("blanks-2019.docx");
    let r = corpus::blanks_2019();
    assert_eq!(rep.template.map(|t| t.as_str()), Some("2019"));
    assert_eq!(
        metadata(&rep),
        (Some("云河市人民政府办公厅"), Some(2019), Some("2020-01-20"))
    );
    assert_eq!(
        values_out(&rep),
        values_want(&r, |_, _, _, raw| plain_number(raw))
    );
    let blanks: Vec<String> = keys(r.template)
        .into_iter()
        .filter(|k| r.get(k.table, k.row, k.col).is_empty())
        .map(|k| format!("{}.{}.{}", k.table, k.row, k.col))
        .collect();
    assert_eq!((blanks.len(), keys(r.template).len()), (128, 198));
    for key in [
        "applications.denied_state_secret.total",
        "applications.unprocessed_confirmation.total",
        "applications.results_total.social_welfare",
        "review_litigation.litigation_after_review.total",
        "active_disclosure.licensing.change",
    ] {
        assert!(blanks.iter().any(|b| b == key), "{key} is blank");
    }
    assert_eq!(
        anomalies(&rep),
        sorted(
            blanks
                .iter()
                .map(|k| cell_a("missing_cell", "warning", &r, k))
                .collect()
        )
    );
    let notes: Vec<(&str, &str)> = rep
        .notes
        .iter()
        .map(|n| (n.code.as_str(), n.severity.as_str()))
        .collect();
    assert_eq!(notes, vec![("blanks_consistent_as_zero", "info")]);
    let j = serde_json::to_value(&rep).unwrap();
    assert_eq!(
        j["tables"]["applications"]["denied_state_secret"]["total"],
        Value::Null
    );
    assert_eq!(j["notes"][0]["code"], json!("blanks_consistent_as_zero"));
}

/// The JSON text nianbao writes for a report (`reports/R.json`).
fn json_text(rep: &Report) -> String {
    String::from_utf8(nianbao::write::report_json(rep)).unwrap()
}

/// `73802895.90元` in 采购总金额: converted exactly to the template's 万元 (SPEC §2,
/// issue 14: one unit per column) — 7380.28959, no float touching a digit — with the raw
/// text kept and one `unit_converted` (info) at the cell.
#[test]
fn procurement_amount_with_its_unit_is_converted_to_wan() {
    let rep = extract("procurement-unit-2019.docx");
    let r = corpus::procurement_unit_2019();
    assert_eq!(rep.template.map(|t| t.as_str()), Some("2019"));
    assert_eq!(
        metadata(&rep),
        (Some("云河市机关事务管理局"), Some(2019), Some("2020-01-21"))
    );
    assert_eq!(
        values_out(&rep),
        values_want(&r, |_, _, col, raw| match col {
            "purchase_amount" => Some(7380.28959),
            _ => plain_number(raw),
        })
    );
    assert_eq!(
        anomalies(&rep),
        vec![cell_a(
            "unit_converted",
            "info",
            &r,
            "active_disclosure.procurement.purchase_amount"
        )]
    );
    let amount = &rep.tables()["active_disclosure"]["procurement"]["purchase_amount"];
    assert_eq!(amount.to_string(), "7380.28959");
    let text = json_text(&rep);
    assert!(
        text.contains(r#""purchase_amount": 7380.28959}"#),
        "the table value in 万元, exact"
    );
    assert!(
        text.contains(r#""value": 7380.28959, "raw": "73802895.90元""#),
        "the cell record keeps value and raw text"
    );
}

/// 本年收费金额 `24252.311082` (万元, six decimals) keeps every digit in the JSON.
#[test]
fn fees_with_six_decimals_keep_every_digit() {
    let rep = extract("fees-decimals-2021.docx");
    let r = corpus::fees_decimals_2021();
    assert_eq!(
        metadata(&rep),
        (
            Some("云河市自然资源和规划局"),
            Some(2021),
            Some("2022-01-24")
        )
    );
    assert_eq!(
        values_out(&rep),
        values_want(&r, |_, _, _, raw| plain_number(raw))
    );
    assert_eq!(anomalies(&rep), vec![]);
    assert_eq!(
        rep.tables()["active_disclosure"]["fees"]["amount"].to_string(),
        "24252.311082"
    );
    assert!(json_text(&rep).contains(r#""fees": {"amount": 24252.311082}"#));
}

/// The three reports of `corpus/series/` (see `testdocs::corpus::series`): each has
/// its figures, its template and metadata, and no anomaly of its own — the series'
/// breaks are across years only (`tests/series.rs`).
#[test]
fn series_reports_are_each_consistent() {
    let want = [
        ("series/education-2020.docx", "2019", 2020, "2021-01-25"),
        ("series/education-2021.docx", "2021", 2021, "2022-01-21"),
        ("series/education-2022.docx", "2021", 2022, "2023-01-18"),
    ];
    for ((name, template, year, published), r) in want.into_iter().zip(corpus::series()) {
        let rep = extract(name);
        assert_eq!(rep.template.map(|t| t.as_str()), Some(template), "{name}");
        assert_eq!(
            metadata(&rep),
            (Some(corpus::SERIES_AGENCY), Some(year), Some(published)),
            "{name}"
        );
        assert_eq!(
            values_out(&rep),
            values_want(&r, |_, _, _, raw| plain_number(raw)),
            "{name}"
        );
        assert_eq!(anomalies(&rep), vec![], "{name}");
        assert!(rep.notes.is_empty(), "{name}");
    }
}

/// Both quirk documents give clean-2021's figures (full-width and U+3000 padded in the
/// converted one) without any anomaly.
#[test]
fn quirk_documents_give_the_clean_figures() {
    let clean = corpus::clean_2021();
    let want = values_want(&clean, |_, _, _, raw| plain_number(raw));
    for (name, agency, published) in [
        (
            "quirks-word-2021.docx",
            "云河市清源区市场监督管理局",
            "2022-01-26",
        ),
        (
            "quirks-converted-2021.docx",
            "云河市清源区交通运输局",
            "2022-01-27",
        ),
    ] {
        let rep = extract(name);
        assert_eq!(values_out(&rep), want, "{name}");
        assert_eq!(anomalies(&rep), vec![], "{name}");
        assert_eq!(
            metadata(&rep),
            (Some(agency), Some(2021), Some(published)),
            "{name}"
        );
    }
}

/// The benchmark family `testdocs::corpus::varied`: each of its four writings extracts
/// to clean-2021's figures times its factor, without anomaly.
#[test]
fn varied_family_extracts_clean() {
    for i in 0..8u64 {
        let k = (1 + i % 7) as f64;
        let rep = extract_bytes("varied.docx", corpus::varied(i), &Options::default());
        assert_eq!(rep.error, None, "varied({i})");
        let want = values_want(&corpus::clean_2021(), |_, _, _, raw| {
            plain_number(raw).map(|n| n * k)
        });
        assert_eq!(values_out(&rep), want, "varied({i})");
        assert_eq!(anomalies(&rep), vec![], "varied({i})");
    }
}

// ---------------------------------------------------------------- the web forms

/// A report as compared across forms: everything but `source` and `location`, raw text
/// as a page shows it.
fn across_forms(rep: &Report) -> Value {
    common::across_forms(serde_json::to_value(rep).unwrap(), true)
}

/// Each web form in `corpus/web/` (a page with site chrome, an MHT, an altChunk .docx)
/// reads as its `.docx` twin: every value and raw text, every anomaly and note, the
/// metadata and the narrative — all but `source` and `location`; and it is read as the
/// form it is (`source.format`), with the figures its twin's description has.
#[test]
fn web_forms_read_as_their_docx_twins() {
    let forms = corpus_web::web_forms();
    let formats: Vec<&str> = forms
        .iter()
        .map(|f| {
            let rep = extract(f.name);
            let twin = extract(f.twin);
            assert_eq!(rep.status, nianbao::report::Status::Ok, "{}", f.name);
            assert_eq!(
                across_forms(&rep),
                across_forms(&twin),
                "{} against {}",
                f.name,
                f.twin
            );
            assert_eq!(values_out(&rep), values_out(&twin), "{}", f.name);
            assert!(
                rep.report.agency.is_some() && rep.report.year.is_some(),
                "{}",
                f.name
            );
            rep.source.format.map_or("none", |f| f.as_str())
        })
        .collect();
    assert_eq!(formats, ["html", "mht", "docx"]);

    // What each form holds, so none is a .docx in disguise.
    let page = checked_in("web/clean-2021.html");
    assert!(std::str::from_utf8(&page).is_err(), "GBK, not UTF-8");
    let (text, _, bad) = encoding_rs::GBK.decode(&page);
    assert!(!bad);
    assert!(text.contains("<meta charset=\"gb2312\">") && text.contains("发布机构"));
    assert!(text.contains("rowspan=\"") && text.contains("display: none"));
    let mht = checked_in("web/unbalanced-2021.mht");
    assert!(mht.starts_with(b"MIME-Version: 1.0\r\n"));
    assert!(String::from_utf8_lossy(&mht).contains("Content-Transfer-Encoding: quoted-printable"));
    let alt = checked_in("web/template-2019-altchunk.docx");
    let main = testdocs::part_text(&alt, "word/document.xml").expect("main part");
    assert!(main.contains("<w:altChunk r:id=\"htmlChunk1\"/>"));
    assert_eq!(
        main.matches("<w:tbl>").count(),
        1,
        "only table 二 outside the chunk"
    );
    let chunk = testdocs::part_text(&alt, "word/afchunk.htm").expect("the chunk");
    assert_eq!(
        chunk.matches("<table").count(),
        2,
        "tables 三 and 四 in the chunk"
    );

    // The twins' own findings come through: unbalanced's five failing rules and two
    // narrative mismatches, template-2019's negative change.
    let mht = extract("web/unbalanced-2021.mht");
    let codes = |r: &Report| {
        let mut v: Vec<&str> = r.anomalies.iter().map(|a| a.code.as_str()).collect();
        v.sort();
        v
    };
    assert_eq!(
        codes(&mht),
        [
            "narrative_mismatch",
            "narrative_mismatch",
            "sum_mismatch",
            "sum_mismatch",
            "sum_mismatch",
            "sum_mismatch",
            "sum_mismatch"
        ]
    );
    let page = extract("web/clean-2021.html");
    assert_eq!(codes(&page), Vec::<&str>::new());
    assert_eq!(
        metadata(&page),
        (
            Some("云河市清源区人民政府办公室"),
            Some(2021),
            Some("2022-01-25")
        )
    );
    // every cell located on the page's line, as SPEC §6 adds for pages
    assert!(
        page.cells
            .iter()
            .all(|c| c.location.is_none_or(|l| l.line.is_some()))
    );
}
