//! The page model and the writers' safety, on records stated as the extractor writes
//! them (SPEC §5's shape, with the fields §4 and §7 add).

use pretty_assertions::assert_eq;
use serde_json::json;

use super::html::{esc, href, relative, visible};
use super::load::{CrossYearDoc, ReportDoc, parse_report};
use super::model::{Origin, PageModel, Sev};
use super::page::Links;
use super::{cross_links, entry_of, index_page, report_page};

/// A record of `cells` (table, row, col, value as JSON text, raw) and `anomalies`.
fn record(
    cells: &[(&str, &str, &str, &str, Option<&str>)],
    anomalies: serde_json::Value,
) -> ReportDoc {
    let cells: Vec<String> = cells
        .iter()
        .map(|(t, r, c, v, raw)| {
            format!(
                r#"{{"table":"{t}","row":"{r}","col":"{c}","value":{v},"raw":{}}}"#,
                serde_json::to_string(raw).unwrap()
            )
        })
        .collect();
    let text = format!(
        r#"{{"source":{{"path":"a/r.docx","sha256":"00","bytes":1}},"status":"ok","error":null,"template":"2021",
        "report":{{"agency":"某局","year":2021,"published":null}},"tables":{{}},"cells":[{}],"anomalies":{},"notes":[]}}"#,
        cells.join(","),
        anomalies
    );
    parse_report(std::path::Path::new("r.json"), text.as_bytes()).unwrap()
}

/// Table 三's row `row` with the seven figures given (JSON texts; `null` allowed).
fn app_row(
    row: &'static str,
    v: [&'static str; 7],
) -> Vec<(
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
)> {
    [
        "natural_person",
        "commercial",
        "research",
        "social_welfare",
        "legal_service",
        "other_org",
        "total",
    ]
    .into_iter()
    .zip(v)
    .map(|(c, v)| ("applications", row, c, v, (v != "null").then_some(v)))
    .collect()
}

#[test]
fn cells_are_marked_by_their_worst_anomaly() {
    let mut cells = app_row("received", ["1", "2", "3", "4", "5", "null", "16"]);
    cells.push((
        "review_litigation",
        "litigation_direct",
        "total",
        "1",
        Some("1"),
    ));
    cells.push((
        "review_litigation",
        "litigation_after_review",
        "total",
        "0",
        Some("0"),
    ));
    cells.push(("applications", "granted", "total", "0", Some("—")));
    let doc = record(
        &cells,
        json!([
            {"code":"missing_cell","severity":"warning","table":"applications","row":"received","col":"other_org","raw":"\u{a0}","message":"单元格为空"},
            {"code":"placeholder_value","severity":"info","table":"applications","row":"received","col":"total","raw":"16","message":"x"},
            {"code":"sum_mismatch","severity":"error","table":"applications","rule":"row_total","row":"received","expected":15,"actual":16,"message":"总计为 16"},
            {"code":"narrative_mismatch","severity":"warning","table":"review_litigation","row":"litigation","col":"total","expected":2,"actual":1,"raw":"行政诉讼2件。","message":"m","location":{"paragraph":4}},
            {"code":"missing_table","severity":"warning","table":"active_disclosure","message":"缺表"}
        ]),
    );
    let m = PageModel::build(&doc, &[]);
    let sev = |t: &str, r: &str, c: &str| m.cells[&(t.into(), r.into(), c.into())].severity;
    let probs =
        |t: &str, r: &str, c: &str| m.cells[&(t.into(), r.into(), c.into())].problems.clone();
    assert_eq!(
        sev("applications", "received", "other_org"),
        Some(Sev::Warning)
    );
    // info and the row_total error on the same published 总计: the worst shows.
    assert_eq!(sev("applications", "received", "total"), Some(Sev::Error));
    assert_eq!(probs("applications", "received", "total"), vec![1, 2]);
    assert_eq!(sev("applications", "received", "natural_person"), None);
    // The narrative's 行政诉讼 is both litigation rows' total.
    assert_eq!(
        sev("review_litigation", "litigation_direct", "total"),
        Some(Sev::Warning)
    );
    assert_eq!(
        sev("review_litigation", "litigation_after_review", "total"),
        Some(Sev::Warning)
    );
    // A raw that only repeats the value is not shown; a placeholder is.
    assert!(!m.cells[&("applications".into(), "received".into(), "total".into())].raw_differs());
    assert!(m.cells[&("applications".into(), "granted".into(), "total".into())].raw_differs());
    assert_eq!(m.problems[4].cells, vec![]);
    assert_eq!(
        m.problems[0].place,
        "表三 › 一、本年新收政府信息公开申请数量 › 其他"
    );
    assert_eq!(m.narrative.len(), 1);
    assert_eq!(m.narrative[0].paragraph, Some(4));
    assert_eq!(m.narrative[0].sentence.as_deref(), Some("行政诉讼2件。"));
    assert_eq!(m.narrative[0].expected.as_deref(), Some("2"));
    assert_eq!(m.counts(), [1, 3, 1]);
}

#[test]
fn column_balance_marks_its_four_figures_and_reads_as_its_equation() {
    let mut cells = app_row("received", ["9", "2", "1", "0", "0", "0", "12"]);
    cells.extend(app_row("carried_over", ["3", "0", "0", "0", "0", "0", "3"]));
    cells.extend(app_row("granted", ["9", "2", "1", "0", "0", "0", "12"]));
    cells.extend(app_row("other_other", ["2", "0", "0", "0", "0", "0", "2"]));
    cells.extend(app_row(
        "results_total",
        ["11", "2", "1", "0", "0", "0", "14"],
    ));
    cells.extend(app_row(
        "carried_forward",
        ["0", "0", "0", "0", "0", "0", "0"],
    ));
    let doc = record(
        &cells,
        json!([
            {"code":"sum_mismatch","severity":"error","table":"applications","rule":"column_balance","col":"total","expected":15,"actual":14,"message":"m"},
            {"code":"sum_mismatch","severity":"error","table":"applications","rule":"results_total","col":"natural_person","expected":11,"actual":11,"message":"m"}
        ]),
    );
    let m = PageModel::build(&doc, &[]);
    for row in [
        "received",
        "carried_over",
        "results_total",
        "carried_forward",
    ] {
        let c = &m.cells[&("applications".into(), row.into(), "total".into())];
        assert_eq!((row, c.severity), (row, Some(Sev::Error)));
    }
    let granted = &m.cells[&("applications".into(), "granted".into(), "total".into())];
    assert_eq!(granted.severity, None);
    assert_eq!(m.equations[0].text(), "12 + 3 = 15 ≠ 14 + 0 = 14");
    assert_eq!(
        m.equations[0].lhs[1].label,
        "二、上年结转政府信息公开申请数量"
    );
    // results_total sums the result rows the record has (here 予以公开 and 3.其他).
    assert_eq!(m.equations[1].text(), "9 + 2 = 11 ≠ 11");
    assert_eq!(m.equations[1].rhs[0].label, "（七）总计");
}

#[test]
fn row_total_equations_show_nulls_and_keep_decimals_as_written() {
    let mut cells = app_row("received", ["1", "null", "3", "4", "5", "0.50", "16"]);
    for (c, v) in [
        ("upheld", "1"),
        ("corrected", "0"),
        ("other", "0"),
        ("pending", "1"),
        ("total", "3"),
    ] {
        cells.push(("review_litigation", "review", c, v, Some(v)));
    }
    let doc = record(
        &cells,
        // As JSON text: `json!` would read 13.50 as a float and drop its digit.
        serde_json::from_str(
            r#"[
            {"code":"sum_mismatch","severity":"error","table":"applications","rule":"row_total","row":"received","expected":13.50,"actual":16,"message":"m"},
            {"code":"sum_mismatch","severity":"error","table":"review_litigation","rule":"row_total","row":"review","expected":2,"actual":3,"message":"m"},
            {"code":"sum_mismatch","severity":"error","table":"applications","rule":"some_new_rule","message":"新规则"}
        ]"#,
        )
        .unwrap(),
    );
    let m = PageModel::build(&doc, &[]);
    assert_eq!(
        m.equations[0].text(),
        "1 + 空 + 3 + 4 + 5 + 0.50 = 13.50 ≠ 16"
    );
    assert_eq!(m.equations[0].lhs[1].label, "商业企业");
    assert_eq!(m.equations[1].text(), "1 + 0 + 0 + 1 = 2 ≠ 3");
    // A rule this page does not know: no equation text, the message stands alone.
    assert_eq!(m.equations[2].text(), "");
}

#[test]
fn cross_year_findings_link_both_years() {
    let a = record(
        &app_row("carried_forward", ["3", "0", "0", "0", "0", "0", "3"]),
        json!([]),
    );
    let mut b = a.clone();
    b.source.path = "s/b-2022.docx".into();
    let mut a = a;
    a.source.path = "s/a-2021.docx".into();
    let entries = vec![entry_of("s/a-2021.json", &a), entry_of("s/b-2022.json", &b)];
    let row = CrossYearDoc {
        path: "s/b-2022.docx".into(),
        year: "2022".into(),
        prev_path: "s/a-2021.docx".into(),
        prev_year: "2021".into(),
        code: "carry_over_mismatch".into(),
        severity: "warning".into(),
        table: "applications".into(),
        row: "carried_over".into(),
        col: "total".into(),
        ..CrossYearDoc::default()
    };
    let links = cross_links(&entries, std::slice::from_ref(&row));
    let earlier = &links["s/a-2021.json"];
    assert_eq!(earlier.len(), 1);
    assert!(!earlier[0].this_is_later);
    assert_eq!(earlier[0].other_json.as_deref(), Some("s/b-2022.json"));
    assert_eq!(
        links["s/b-2022.json"][0].other_json.as_deref(),
        Some("s/a-2021.json")
    );
    // On the earlier page the finding marks its 结转下年度 cell.
    let m = PageModel::build(&a, earlier);
    let c = &m.cells[&(
        "applications".into(),
        "carried_forward".into(),
        "total".into(),
    )];
    assert_eq!(c.severity, Some(Sev::Warning));
    assert!(matches!(&m.problems[0].origin, Origin::CrossYear(l) if !l.this_is_later));
    let html = report_page::render(
        &a,
        &m,
        &Links {
            up_to_pages: "../".into(),
            ..Links::default()
        },
    );
    assert!(html.contains("href=\"../s/b-2022.html\""), "{html}");
}

#[test]
fn escaping_and_visible_padding() {
    assert_eq!(
        esc(r#"<a href="x">&'"#),
        "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
    );
    assert_eq!(visible("\u{a0}0\u{3000}1 \u{200b}\n"), "⍽0□1·‹U+200B›↵");
    assert_eq!(href("报告 #1?.docx"), "%E6%8A%A5%E5%91%8A%20%231%3F.docx");
    assert_eq!(
        relative(
            std::path::Path::new("/w/out/review/reports/series"),
            std::path::Path::new("/w/corpus/./series/x.docx")
        )
        .as_deref(),
        Some("../../../../corpus/series/x.docx")
    );
    let js = index_page::data_js(&[index_page::Entry {
        json: "a.json".into(),
        agency: Some("局\u{2028}</script>".into()),
        ..Default::default()
    }]);
    assert!(js.contains("局\\u2028</script>"), "{js}");
}

/// Text from a document — an agency name, a cell's raw text, a message, a sentence,
/// a path — never becomes markup on a page.
#[test]
fn document_text_cannot_inject_markup() {
    let evil = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'";
    let mut doc = record(
        &[("applications", "received", "total", "1", Some(evil))],
        json!([
            {"code":"non_numeric_cell","severity":"warning","table":"applications","row":"received","col":"total","raw":evil,"message":evil},
            {"code":"narrative_mismatch","severity":"warning","table":"applications","row":"received","col":"total","expected":2,"actual":1,"raw":evil,"message":evil,"location":{"paragraph":0}},
            {"code":evil,"severity":evil,"message":evil}
        ]),
    );
    doc.report.agency = Some(evil.into());
    doc.source.path = evil.into();
    let m = PageModel::build(&doc, &[]);
    let html = report_page::render(&doc, &m, &Links::default());
    for bad in ["<script>alert", "<img", "onerror=alert(2)>"] {
        assert!(!html.contains(bad), "{bad} in page");
    }
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    let entry = entry_of(evil, &doc);
    let index = index_page::render(evil, &[entry], &[], None, None);
    assert!(!index.contains("<img"));
    assert!(!index.contains("<script>alert"));
}

#[test]
fn an_error_record_gets_a_page_saying_why() {
    let text = r#"{"source":{"path":"bad.docx","sha256":"ab","bytes":3},"status":"error",
        "error":{"code":"not_a_zip","message":"文件不是 zip","offset":0},"template":null,
        "report":{"agency":null,"year":null,"published":null},"tables":{},"cells":[],"anomalies":[],"notes":[]}"#;
    let doc = parse_report(std::path::Path::new("bad.json"), text.as_bytes()).unwrap();
    let m = PageModel::build(&doc, &[]);
    let html = report_page::render(&doc, &m, &Links::default());
    assert!(html.contains("此文件无法作为报告读取"));
    assert!(html.contains("不是 zip 格式（不是 .docx）（<code>not_a_zip</code>）"));
    assert!(html.contains("<dt>字节位置</dt><dd>0</dd>"));
    assert!(!html.contains("class=\"grid"));
}
