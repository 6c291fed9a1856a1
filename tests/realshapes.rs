//! Real shapes (issue 11): one test per class of what real reports do to the template,
//! each on a document built in code that reproduces the shape
//! (`testdocs::realshapes`), named after the class. Every value and every anomaly (all
//! fields but the message) is checked.
//!
//! | test | the shape |
//! |---|---|
//! | `annotated_figures` | figures with a note or a measure word read as the leading figure (`annotated_value`); text that is not one figure stays `null` |
//! | `amount_units` | an amount in 元 / 千元 / 亿元 converted exactly to 万元 (`unit_converted`) |
//! | `label_variants` | numbered items printed with typos read as their row (`label_variant`); another label with the same number stays `unrecognized_row` |
//! | `split_tables` | table 三 split by a page break anywhere, the continuation as LibreOffice or pdf2docx leave it, with or without a header: as unsplit |
//! | `mixed_forms` | a 2021 table 二 with table 三's single 2019 （六） row: template 2021, `applications.other`, one `template_mixed` |
//! | `titles` | titles over two or three paragraphs, in a text box (Word, WPS, VML) or a layout cell, the agency only in a `本报告由…` sentence or a signature: agency, year, date each right |
//! | `metadata_through_nested_layout_tables` | the report inside 1, 3, 10, 100 nested layout tables: as flat (issue 15) |
//! | `continuation_joined_with_table_four` | table 三's continuation and table 四 in one `w:tbl`: as unsplit |

mod common;
use common::values_out;

use std::collections::BTreeMap;

use nianbao::extract::{Options, extract_bytes};
use nianbao::report::{Report, Status};
use pretty_assertions::assert_eq;
use testdocs::Loc;
use testdocs::realshapes;

fn extract(name: &str, bytes: Vec<u8>) -> Report {
    let rep = extract_bytes(name, bytes, &Options::default());
    assert_eq!(rep.status, Status::Ok, "{name}: {:?}", rep.error);
    rep
}

/// An anomaly without its message: (code, severity, table, row, col, raw, location).
type A = (
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<Loc>,
);

fn anomalies(rep: &Report) -> Vec<A> {
    rep.anomalies
        .iter()
        .map(|a| {
            (
                a.code.as_str().to_owned(),
                a.severity.as_str().to_owned(),
                a.table.clone(),
                a.row.clone(),
                a.col.clone(),
                a.raw.clone(),
                a.location.map(|l| Loc {
                    table: l.table,
                    row: l.row,
                    cell: l.cell,
                }),
            )
        })
        .collect()
}

/// A cell anomaly at `table.row.col` of `r`, its raw text as `r` wrote it.
fn cell_a(code: &str, severity: &str, r: &testdocs::Report, key: (&str, &str, &str)) -> A {
    let (t, row, col) = key;
    (
        code.into(),
        severity.into(),
        Some(t.into()),
        Some(row.into()),
        Some(col.into()),
        Some(r.get(t, row, col).to_owned()),
        Some(r.locate(t, row, col)),
    )
}

/// Every cell of `r`'s template: its text read as a plain number, or `f`'s answer.
fn want_values(
    r: &testdocs::Report,
    f: impl Fn(&str, &str, &str, &str) -> Option<Option<f64>>,
) -> BTreeMap<String, Option<f64>> {
    r.keys()
        .into_iter()
        .map(|k| {
            let raw = r.get(k.table, k.row, k.col);
            let v = f(k.table, k.row, k.col, raw).unwrap_or_else(|| raw.trim().parse().ok());
            (format!("{}.{}.{}", k.table, k.row, k.col), v)
        })
        .collect()
}

/// The leading figure of a text of the annotated shape (`22（其中…）` → 22).
fn leading_figure(s: &str) -> f64 {
    let n: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
    n.parse().expect("test data")
}

#[test]
fn annotated_figures() {
    let r = realshapes::annotated_figures();
    let rep = extract("annotated.docx", testdocs::docxrs::write(&r.doc()));
    assert_eq!(
        values_out(&rep),
        want_values(&r, |t, row, col, raw| {
            if realshapes::ANNOTATED.contains(&(t, row, col, raw)) {
                Some(Some(leading_figure(raw)))
            } else if row == "litigation_after_review" {
                Some(None)
            } else {
                None
            }
        })
    );
    // the figures are clean_2021's: read as figures, every 勾稽 rule holds (the row
    // of text is not evaluated)
    let mut want: Vec<A> = Vec::new();
    for (t, row, col, _) in realshapes::ANNOTATED {
        want.push(cell_a("annotated_value", "info", &r, (t, row, col)));
    }
    for (col, _) in realshapes::NOT_ONE_FIGURE {
        want.push(cell_a(
            "non_numeric_cell",
            "warning",
            &r,
            ("review_litigation", "litigation_after_review", col),
        ));
    }
    assert_eq!(anomalies(&rep), want);
    // the note stays in the cell's raw text
    let cell = rep
        .cells
        .iter()
        .find(|c| c.row == "normative_docs" && c.col == "in_force")
        .expect("the cell");
    assert_eq!(cell.raw.as_deref(), Some("12（含自然失效3件）"));
    assert_eq!(
        cell.value.as_ref().map(|n| n.to_string()),
        Some("12".into())
    );
}

/// `15000元` in 本年收费金额 → 1.5 万元; and the other units, each exact.
#[test]
fn amount_units() {
    let r = realshapes::amount_units();
    let rep = extract("units.docx", testdocs::docxrs::write(&r.doc()));
    assert_eq!(
        values_out(&rep),
        want_values(&r, |_, _, col, _| (col == "amount").then_some(Some(1.5)))
    );
    assert_eq!(
        anomalies(&rep),
        vec![cell_a(
            "unit_converted",
            "info",
            &r,
            ("active_disclosure", "fees", "amount")
        )]
    );
    for (text, want, converted) in [
        ("15000元", "1.5", true),
        ("73802895.90元", "7380.28959", true),
        ("1.25亿元", "12500", true),
        ("3500千元", "350", true),
        ("96.8万元", "96.8", false),
        ("96.8", "96.8", false),
        ("251000（元）", "25.1", true),
    ] {
        let mut r = realshapes::amount_units();
        r.set("active_disclosure", "fees", "amount", text);
        let rep = extract("units.docx", testdocs::docxrs::write(&r.doc()));
        let v = &rep.tables()["active_disclosure"]["fees"]["amount"];
        assert_eq!(v.to_string(), want, "{text}");
        let codes: Vec<&str> = rep.anomalies.iter().map(|a| a.code.as_str()).collect();
        let expect: &[&str] = if converted { &["unit_converted"] } else { &[] };
        assert_eq!(codes, expect, "{text}");
        let cell = rep.cells.iter().find(|c| c.col == "amount").expect("cell");
        assert_eq!(cell.raw.as_deref(), Some(text), "raw kept");
    }
}

/// SPEC §2's mixed form: `"template": "2021"`, table 三's rows the 2021 ones with the
/// single row as `other` in place of the three （六） rows (no `missing_row`), one
/// `template_mixed`, and `results_total` summing `other` — it holds only so.
#[test]
fn mixed_forms() {
    let r = realshapes::mixed_forms();
    let rep = extract("mixed.docx", testdocs::docxrs::write(&r.doc()));
    assert_eq!(rep.template.map(|t| t.as_str()), Some("2021"));
    assert_eq!(values_out(&rep), want_values(&r, |_, _, _, _| None));
    let apps = rep.tables()["applications"]
        .as_object()
        .expect("applications")
        .keys()
        .cloned()
        .collect::<Vec<_>>();
    let want_rows: Vec<String> = r
        .application_rows()
        .iter()
        .map(|a| a.key.to_owned())
        .collect();
    assert_eq!(apps, want_rows, "the mixed form's rows, in template order");
    assert!(apps.contains(&"other".to_owned()));
    assert!(!apps.iter().any(|k| k.starts_with("other_")));
    // table 二 keeps its 2021 keys
    let active = &rep.tables()["active_disclosure"];
    assert_eq!(active["rules"]["in_force"].to_string(), "5");
    assert_eq!(
        anomalies(&rep),
        vec![(
            "template_mixed".into(),
            "warning".into(),
            Some("applications".into()),
            Some("other".into()),
            None,
            Some("1".into()),
            Some(r.locate("applications", "other", "natural_person")),
        )]
    );
    // the rule reads the single row: change it and results_total fails at its column
    let mut r2 = realshapes::mixed_forms();
    r2.set("applications", "other", "natural_person", "2");
    r2.set("applications", "other", "total", "2");
    let rep2 = extract("mixed2.docx", testdocs::docxrs::write(&r2.doc()));
    let failed: Vec<(String, Option<String>, Option<String>)> = rep2
        .anomalies
        .iter()
        .filter(|a| a.code.as_str() == "sum_mismatch")
        .map(|a| {
            (
                a.rule.clone().unwrap_or_default(),
                a.col.clone(),
                a.expected.as_ref().map(|n| n.to_string()),
            )
        })
        .collect();
    assert_eq!(
        failed,
        vec![
            (
                "results_total".into(),
                Some("natural_person".into()),
                Some("11".into())
            ),
            (
                "results_total".into(),
                Some("total".into()),
                Some("16".into())
            ),
        ]
    );
    // a 2019 table 二 with the same table 三 is a plain 2019 report: no template_mixed
    let mut r3 = realshapes::mixed_forms();
    r3.template = testdocs::Template::T2019;
    let rep3 = extract("plain2019.docx", testdocs::docxrs::write(&r3.doc()));
    assert_eq!(rep3.template.map(|t| t.as_str()), Some("2019"));
    assert!(
        !rep3
            .anomalies
            .iter()
            .any(|a| a.code.as_str() == "template_mixed")
    );
}

/// Typos in numbered items: each read as its row with `label_variant` (info, the
/// printed label in `raw`, at the label cell), its figures read, `results_total`
/// tested on them.
#[test]
fn label_variants() {
    let r = realshapes::label_variants();
    let rep = extract("variants.docx", testdocs::docxrs::write(&r.doc()));
    assert_eq!(values_out(&rep), want_values(&r, |_, _, _, _| None));
    let label_at = |row: &str| {
        let l = r.locate("applications", row, "natural_person");
        Some(Loc {
            cell: l.cell - 1,
            ..l
        })
    };
    let variant = |row: &str, printed: &str| {
        (
            "label_variant".to_owned(),
            "info".to_owned(),
            Some("applications".to_owned()),
            Some(row.to_owned()),
            None,
            Some(printed.to_owned()),
            label_at(row),
        )
    };
    assert_eq!(
        anomalies(&rep),
        vec![
            variant("denied_law_prohibited", "2.其他法律行政止公开"),
            variant("denied_enforcement_file", "7.属于行政执法案件"),
            variant("unprocessed_publication", "3.要求提供公开出板物"),
        ]
    );
    // the rule reads the row: a changed figure in it fails results_total
    let mut r2 = realshapes::label_variants();
    r2.set(
        "applications",
        "denied_law_prohibited",
        "natural_person",
        "2",
    );
    r2.set("applications", "denied_law_prohibited", "total", "2");
    let rep2 = extract("variants2.docx", testdocs::docxrs::write(&r2.doc()));
    let rules: Vec<(String, Option<String>)> = rep2
        .anomalies
        .iter()
        .filter(|a| a.code.as_str() == "sum_mismatch")
        .map(|a| (a.rule.clone().unwrap_or_default(), a.col.clone()))
        .collect();
    assert_eq!(
        rules,
        vec![
            ("results_total".into(), Some("natural_person".into())),
            ("results_total".into(), Some("total".into())),
        ]
    );
    // the other side of the line: another label under the same number (a word of its
    // own, 许可 for 查询) is not that row — unrecognized_row, and the row missing
    let mut r3 = realshapes::label_variants();
    r3.relabel
        .insert("8.属于行政查询事项".into(), "8.属于行政许可事项".into());
    let rep3 = extract("variants3.docx", testdocs::docxrs::write(&r3.doc()));
    let found: Vec<(String, Option<String>, Option<String>)> = anomalies(&rep3)
        .into_iter()
        .filter(|a| a.0 != "label_variant")
        .map(|a| (a.0, a.3, a.5))
        .collect();
    assert_eq!(
        found,
        vec![
            (
                "missing_row".into(),
                Some("denied_admin_query".into()),
                None
            ),
            (
                "unrecognized_row".into(),
                None,
                Some("8.属于行政许可事项".into())
            ),
        ]
    );
    assert_eq!(
        rep3.tables()["applications"]["denied_admin_query"]["total"],
        serde_json::Value::Null
    );
}

/// Table 三 split by a page break, whatever the writer did to the continuation: at
/// every kind of place (between top rows, mid-group, at a group's first or last item,
/// before 总计), the continuation's label columns as merge continues or as empty cells
/// (LibreOffice), the header repeated or not, and every merge of the table as plain
/// cells with its text centered (pdf2docx): the same values and anomalies as the
/// unsplit table, for both templates and the mixed form.
#[test]
fn split_tables() {
    let raw = |r: &testdocs::Report| testdocs::raw::write(&r.doc(), &Default::default());
    let mut failed = Vec::new();
    for (name, r) in [
        ("clean_2021", testdocs::corpus::clean_2021()),
        ("template_2019", testdocs::corpus::template_2019()),
        ("mixed_forms", realshapes::mixed_forms()),
    ] {
        let whole = extract("whole.docx", raw(&r));
        // every kind of place: between top rows, at a group's first, middle and last
        // item, inside （六）, before 总计 and before 四、结转下年度继续办理
        let rows: Vec<&str> = r.application_rows().iter().map(|a| a.key).collect();
        let places = [
            "carried_over",
            "denied_state_secret",
            "denied_process_info",
            "unable_not_held",
            "unable_unclear",
            "unprocessed_publication",
            "unprocessed_confirmation",
            "other_overdue_fee",
            "other",
            "results_total",
            "carried_forward",
        ];
        for before in places.iter().filter(|p| rows.contains(p)) {
            for (empty_labels, repeat_header, centered) in [
                (false, false, false),
                (true, false, false),
                (false, true, false),
                (true, true, false),
                (false, false, true),
                (false, true, true),
            ] {
                let cont = testdocs::Continuation {
                    empty_labels,
                    repeat_header,
                };
                let bytes = realshapes::split_table(r.clone(), before, cont, centered);
                let rep = extract("split.docx", bytes);
                let codes = |rep: &Report| -> Vec<(String, Option<String>, Option<String>)> {
                    anomalies(rep)
                        .into_iter()
                        .map(|a| (a.0, a.3, a.4))
                        .collect()
                };
                if values_out(&rep) != values_out(&whole) || codes(&rep) != codes(&whole) {
                    failed.push((
                        name,
                        *before,
                        empty_labels,
                        repeat_header,
                        centered,
                        codes(&rep),
                    ));
                }
            }
        }
    }
    assert_eq!(failed, vec![]);
}

/// `make corpus` writes one report of each class (`corpus/shape-<class>-<year>.docx`),
/// and each shows its class's anomaly when extracted from the checked-in file.
#[test]
fn corpus_has_one_report_per_class() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    for (class, code) in [
        ("annotated-figures", "annotated_value"),
        ("amount-units", "unit_converted"),
        ("mixed-forms", "template_mixed"),
        ("label-variants", "label_variant"),
        ("split-tables", ""),
        ("titles", ""),
    ] {
        let docs: Vec<_> = testdocs::corpus::corpus()
            .into_iter()
            .filter(|d| d.name.starts_with(&format!("shape-{class}-")))
            .collect();
        assert_eq!(docs.len(), 1, "one corpus report of class {class}");
        let path = dir.join(docs[0].name);
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let rep = extract(docs[0].name, bytes);
        match code {
            // a split table reads as the unsplit one, a title as any: no anomaly at all
            "" => assert_eq!(anomalies(&rep), vec![], "{}", docs[0].name),
            _ => assert!(
                rep.anomalies.iter().any(|a| a.code.as_str() == code),
                "{}: no {code}",
                docs[0].name
            ),
        }
    }
}

/// The metadata of a report as (agency, year, published).
fn meta_of(rep: &Report) -> (Option<String>, Option<i32>, Option<String>) {
    (
        rep.report.agency.clone(),
        rep.report.year,
        rep.report.published.clone(),
    )
}

/// Titles and agencies as reports write them (`testdocs::realshapes::title_cases`):
/// over two or three paragraphs, in a text box as Word, WPS and VML store it, in a
/// layout table's cell, the agency only in the opening `本报告由…根据…` sentence or only
/// in the signature (preferred to another body's docProps title). Each gives its
/// agency, year and date, and the clean figures with no anomaly; the corpus report is
/// read from its checked-in file too.
#[test]
fn titles() {
    let mut failed = Vec::new();
    let corpus =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/shape-titles-2021.docx");
    for case in realshapes::title_cases() {
        let mut inputs = vec![(case.name.to_owned(), case.bytes.clone())];
        if case.name == "corpus" {
            let bytes =
                std::fs::read(&corpus).unwrap_or_else(|e| panic!("{}: {e}", corpus.display()));
            inputs.push(("checked-in shape-titles-2021.docx".to_owned(), bytes));
        }
        for (name, bytes) in inputs {
            let rep = extract(&format!("{name}.docx"), bytes);
            let want = (
                Some(case.agency.to_owned()),
                Some(case.year),
                case.published.map(str::to_owned),
            );
            if meta_of(&rep) != want {
                failed.push((name.clone(), meta_of(&rep), want));
            }
            assert_eq!(
                values_out(&rep),
                want_values(&case.report, |_, _, _, _| None),
                "{name}"
            );
            assert_eq!(anomalies(&rep), vec![], "{name}");
        }
    }
    assert_eq!(failed, vec![]);
}

/// Issue 15: a report whose title, text and tables sit inside 1, 3, 10 and 100 nested
/// one-cell layout tables, as a .docx and as a web page, gives the same metadata,
/// figures and anomalies as the report itself; the reader's nesting cap (`read::MAX_DEPTH` elements) still refuses a
/// deeper file as a whole, with a located error rather than a crash.
#[test]
fn metadata_through_nested_layout_tables() {
    // the title is the only place the agency and year are written (no 统计期限
    // sentence, no signature), so each must come from the innermost cell's title
    let mut r = testdocs::corpus::clean_2021();
    r.intro[0] = "本报告根据《中华人民共和国政府信息公开条例》编制。".to_owned();
    r.intro[2] = "本年度，我办认真贯彻落实政府信息公开各项工作要求。".to_owned();
    r.closing = vec!["2022年1月25日".to_owned()];
    let flat = extract(
        "flat.docx",
        testdocs::raw::write(&r.doc(), &Default::default()),
    );
    assert_eq!(
        meta_of(&flat),
        (
            Some("静乐县人民政府办公室".to_owned()),
            Some(2021),
            Some("2022-01-25".to_owned())
        )
    );
    let codes = |rep: &Report| -> Vec<(String, Option<String>, Option<String>)> {
        anomalies(rep)
            .into_iter()
            .map(|a| (a.0, a.3, a.4))
            .collect()
    };
    for depth in [1, 3, 10, 100] {
        let rep = extract("nested.docx", realshapes::nested_layout(&r, depth));
        assert_eq!(meta_of(&rep), meta_of(&flat), "depth {depth}");
        assert_eq!(values_out(&rep), values_out(&flat), "depth {depth}");
        assert_eq!(codes(&rep), codes(&flat), "depth {depth}");
        // the same report as a web page: `<table>`s nested as deep
        let page = testdocs::html::write(
            &realshapes::nested_layout_doc(&r, depth),
            testdocs::html::Style::Hand,
            &testdocs::html::Page {
                charset: Some("utf-8".into()),
                ..Default::default()
            },
        );
        let rep = extract("nested.html", page.into_bytes());
        assert_eq!(meta_of(&rep), meta_of(&flat), "page, depth {depth}");
        assert_eq!(values_out(&rep), values_out(&flat), "page, depth {depth}");
        assert_eq!(codes(&rep), codes(&flat), "page, depth {depth}");
    }
    // three elements a level (w:tbl, w:tr, w:tc): one level past the cap; built on a
    // thread with room for the writer's recursion
    let too_deep = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || {
            let bytes = realshapes::nested_layout(&r, nianbao::read::MAX_DEPTH / 3 + 1);
            extract_bytes("too-deep.docx", bytes, &Options::default())
        })
        .expect("thread")
        .join()
        .expect("no panic");
    assert_eq!(too_deep.status, Status::Error);
    let e = too_deep.error.expect("an error record");
    assert!(e.message.contains("nested deeper"), "{e:?}");
}

/// Table 三 split by a page break and its continuation joined with table 四 into one
/// `w:tbl` (the heading between them gone, or kept as a row): the same values and
/// anomalies as the unsplit report, for both templates and the mixed form, unsplit
/// table 三 joined whole and at every kind of split place, the continuation written as merge continues or as LibreOffice's
/// empty cells, with or without a repeated header.
#[test]
fn continuation_joined_with_table_four() {
    let raw = |r: &testdocs::Report| testdocs::raw::write(&r.doc(), &Default::default());
    let mut failed = Vec::new();
    for (name, r) in [
        ("clean_2021", testdocs::corpus::clean_2021()),
        ("template_2019", testdocs::corpus::template_2019()),
        ("mixed_forms", realshapes::mixed_forms()),
    ] {
        let whole = extract("whole.docx", raw(&r));
        let rows: Vec<&str> = r.application_rows().iter().map(|a| a.key).collect();
        // None: table 三 unsplit, joined whole with table 四
        let places = [
            None,
            Some("carried_over"),
            Some("denied_process_info"),
            Some("unable_unclear"),
            Some("other_overdue_fee"),
            Some("other"),
            Some("results_total"),
            Some("carried_forward"),
        ];
        for before in places
            .iter()
            .filter(|p| p.is_none_or(|p| rows.contains(&p)))
        {
            for (empty_labels, repeat_header) in [(false, false), (true, false), (false, true)] {
                for heading_row in [false, true] {
                    let cont = testdocs::Continuation {
                        empty_labels,
                        repeat_header,
                    };
                    let bytes =
                        realshapes::continuation_with_review(r.clone(), *before, cont, heading_row);
                    let rep = extract("joined.docx", bytes);
                    let codes = |rep: &Report| -> Vec<(String, Option<String>, Option<String>)> {
                        anomalies(rep)
                            .into_iter()
                            .map(|a| (a.0, a.3, a.4))
                            .collect()
                    };
                    if values_out(&rep) != values_out(&whole) || codes(&rep) != codes(&whole) {
                        failed.push((
                            name,
                            *before,
                            empty_labels,
                            repeat_header,
                            heading_row,
                            codes(&rep),
                        ));
                    }
                }
            }
        }
    }
    assert_eq!(failed, vec![]);
}
