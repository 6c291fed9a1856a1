//! Reader quirks (issue 3, SPEC §1): one test per OOXML construct real reports carry.
//!
//! Each test builds its document with `testdocs` (raw XML unless said otherwise), runs it
//! through the whole pipeline (`extract_bytes`) and asserts every value of the three
//! tables, every anomaly (all fields but the message) and the report metadata. Most start
//! from `testdocs::corpus::clean_2021()`, whose figures are non-zero and balance, so a
//! quirk that loses, doubles or garbles a figure shows up both as a wrong value and as a
//! `sum_mismatch`.

use std::collections::BTreeMap;

mod common;
use common::values_out;

use nianbao::extract::{Options, extract_bytes};
use nianbao::report::Report;
use pretty_assertions::assert_eq;
use testdocs::raw::{self, Package};
use testdocs::{
    Block, Cell, Doc, HMerge, Inline, Loc, Para, Run, RunItem, Table, Template, Wrap, corpus, keys,
};

// ---------------------------------------------------------------- helpers

/// A value as SPEC §3 reads it: `Some(n)` for a number (placeholders read 0), `None`
/// for blank or text.
fn spec_value(raw: &str) -> Option<f64> {
    let t: String = raw
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{200b}' && *c != '\u{feff}')
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap(),
            '．' => '.',
            '，' | ',' => '\0',
            '－' => '-',
            c => c,
        })
        .filter(|c| *c != '\0')
        .collect();
    match t.as_str() {
        "—" | "——" | "-" | "/" | "无" => Some(0.0),
        "" => None,
        s => s.parse().ok(),
    }
}

/// Every canonical cell of a testdocs report with the value SPEC §3 gives its raw text.
fn values_of(r: &testdocs::Report) -> BTreeMap<String, Option<f64>> {
    keys(r.template)
        .into_iter()
        .map(|k| {
            (
                format!("{}.{}.{}", k.table, k.row, k.col),
                spec_value(r.get(k.table, k.row, k.col)),
            )
        })
        .collect()
}

/// An anomaly without its message (the sentence is the checker's to word).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct A {
    code: String,
    severity: String,
    table: Option<String>,
    rule: Option<String>,
    row: Option<String>,
    col: Option<String>,
    expected: Option<String>,
    actual: Option<String>,
    raw: Option<String>,
    location: Option<(usize, usize, usize)>,
}

fn anomalies_out(rep: &Report) -> Vec<A> {
    // Report-level notes are asserted with the anomalies: same shape, same rigour.
    let mut v: Vec<A> = rep
        .anomalies
        .iter()
        .chain(&rep.notes)
        .map(|a| A {
            code: a.code.as_str().to_owned(),
            severity: a.severity.as_str().to_owned(),
            table: a.table.clone(),
            rule: a.rule.clone(),
            row: a.row.clone(),
            col: a.col.clone(),
            expected: a.expected.as_ref().map(|n| n.to_string()),
            actual: a.actual.as_ref().map(|n| n.to_string()),
            raw: a.raw.clone(),
            location: a.location.map(|l| (l.table, l.row, l.cell)),
        })
        .collect();
    v.sort();
    v
}

/// A cell anomaly (`missing_cell`, `non_numeric_cell`, `placeholder_value` …).
fn cell_anomaly(code: &str, severity: &str, key: &str, raw: &str, at: Loc) -> A {
    let mut parts = key.split('.');
    A {
        code: code.into(),
        severity: severity.into(),
        table: parts.next().map(Into::into),
        rule: None,
        row: parts.next().map(Into::into),
        col: parts.next().map(Into::into),
        expected: None,
        actual: None,
        raw: Some(raw.into()),
        location: Some((at.table, at.row, at.cell)),
    }
}

/// The report-level note that every rule holds with the blank cells read as 0 (the
/// checker adds it when blanks kept some rule from being evaluated).
fn blanks_note() -> A {
    A {
        code: "blanks_consistent_as_zero".into(),
        severity: "info".into(),
        table: None,
        rule: None,
        row: None,
        col: None,
        expected: None,
        actual: None,
        raw: None,
        location: None,
    }
}

fn run(name: &str, bytes: Vec<u8>) -> Report {
    let rep = extract_bytes(name, bytes, &Options::default());
    assert_eq!(rep.error, None, "{name}: read as an error");
    rep
}

/// The extracted report has exactly `r`'s figures (as SPEC §3 reads them), exactly
/// the `anomalies` given, the template, and the metadata of `Report::new_2021/2019`.
fn assert_report(rep: &Report, r: &testdocs::Report, anomalies: Vec<A>) {
    assert_eq!(values_out(rep), values_of(r), "values");
    let mut want = anomalies;
    want.sort();
    assert_eq!(anomalies_out(rep), want, "anomalies");
    let template = match r.template {
        Template::T2021 => "2021",
        Template::T2019 => "2019",
    };
    assert_eq!(rep.template.map(|t| t.as_str()), Some(template), "template");
}

fn assert_metadata(rep: &Report, agency: &str, year: i32, published: &str) {
    assert_eq!(
        (
            rep.report.agency.as_deref(),
            rep.report.year,
            rep.report.published.as_deref()
        ),
        (Some(agency), Some(year), Some(published)),
        "metadata"
    );
}

/// The default metadata of `Report::new_2021()` (and clean_2021).
fn assert_metadata_2021(rep: &Report) {
    assert_metadata(rep, "静乐县人民政府办公室", 2021, "2022-01-25");
}

/// The raw text nianbao traced for `table.row.col`.
fn raw_out(rep: &Report, table: &str, row: &str, col: &str) -> Option<String> {
    rep.cells
        .iter()
        .find(|c| c.table == table && c.row == row && c.col == col)
        .and_then(|c| c.raw.clone())
}

fn raw_write(doc: &Doc) -> Vec<u8> {
    raw::write(doc, &Package::default())
}

/// Every non-zero value cell of `r`.
fn nonzero_cells(r: &testdocs::Report) -> Vec<(Loc, String)> {
    keys(r.template)
        .into_iter()
        .filter(|k| r.get(k.table, k.row, k.col) != "0")
        .map(|k| {
            (
                r.locate(k.table, k.row, k.col),
                r.get(k.table, k.row, k.col).to_owned(),
            )
        })
        .collect()
}

/// Wrap the run of every non-zero value cell of the clean report in `w`; check the
/// figures come out unchanged.
fn run_wrapper_test(w: Wrap) {
    let r = corpus::clean_2021();
    let mut doc = r.doc();
    let cells = nonzero_cells(&r);
    assert!(cells.len() > 20);
    for (at, _) in &cells {
        doc.cell_mut(*at)
            .first_run_mut()
            .expect("value run")
            .wrap
            .push(w.clone());
    }
    let rep = run("wrapped.docx", raw_write(&doc));
    assert_report(&rep, &r, vec![]);
    assert_metadata_2021(&rep);
}

fn main_xml(bytes: &[u8]) -> String {
    let main = testdocs::main_part_of(bytes).expect("main part");
    testdocs::part_text(bytes, &main).expect("main part text")
}

// ---------------------------------------------------------------- baseline

/// The plain raw-XML clean report: the baseline every quirk below is a variation of.
#[test]
fn baseline_raw_clean_report() {
    let r = corpus::clean_2021();
    let rep = run("clean.docx", raw_write(&r.doc()));
    assert_report(&rep, &r, vec![]);
    assert_metadata_2021(&rep);
}

/// The same through docx-rs (a Word-like package with every part).
#[test]
fn baseline_docx_rs_clean_report() {
    let r = corpus::clean_2021();
    let rep = run("clean.docx", testdocs::docxrs::write(&r.doc()));
    assert_report(&rep, &r, vec![]);
    assert_metadata_2021(&rep);
}

// ---------------------------------------------------------------- content controls

/// `w:sdt` around table rows (three of table 三, table 四's value row) and `w:customXml`
/// around another row: the rows are read, in place.
#[test]
fn sdt_and_custom_xml_around_rows() {
    let r = corpus::clean_2021();
    let mut doc = r.doc();
    let t3 = r.locate("applications", "received", "total");
    for i in 0..3 {
        doc.table_mut(t3.table).rows[t3.row + i]
            .wrap
            .push(Wrap::Sdt);
    }
    let pr = r.locate("applications", "unable_not_held", "total");
    doc.table_mut(pr.table).rows[pr.row]
        .wrap
        .push(Wrap::CustomXml);
    let t4 = r.locate("review_litigation", "review", "total");
    doc.table_mut(t4.table).rows[t4.row].wrap.push(Wrap::Sdt);
    let rep = run("sdt-rows.docx", raw_write(&doc));
    assert_report(&rep, &r, vec![]);
}

/// `w:sdt` around single cells: the cells keep their place in the row.
#[test]
fn sdt_around_cells() {
    let r = corpus::clean_2021();
    let mut doc = r.doc();
    for (at, _) in nonzero_cells(&r) {
        doc.cell_mut(at).wrap.push(Wrap::Sdt);
    }
    let rep = run("sdt-cells.docx", raw_write(&doc));
    assert_report(&rep, &r, vec![]);
}

/// `w:sdt` around runs inside a paragraph.
#[test]
fn sdt_around_runs() {
    run_wrapper_test(Wrap::Sdt);
}

/// Block-level `w:sdt` around paragraphs (the title, the value paragraphs of cells) and
/// around a whole table (table 四).
#[test]
fn sdt_around_paragraphs_and_tables() {
    let r = corpus::clean_2021();
    let mut doc = r.doc();
    for (at, _) in nonzero_cells(&r) {
        let cell = doc.cell_mut(at);
        cell.content = vec![Block::Sdt(std::mem::take(&mut cell.content))];
    }
    let title = doc.body.remove(0);
    doc.body.insert(0, Block::Sdt(vec![title]));
    let t4 = doc
        .body
        .iter()
        .rposition(|b| matches!(b, Block::Table(_)))
        .unwrap();
    let table = doc.body.remove(t4);
    doc.body.insert(t4, Block::Sdt(vec![table]));
    let rep = run("sdt-paragraphs.docx", raw_write(&doc));
    assert_report(&rep, &r, vec![]);
    assert_metadata_2021(&rep);
}

// ---------------------------------------------------------------- run wrappers

#[test]
fn runs_inside_smart_tag() {
    run_wrapper_test(Wrap::SmartTag);
}

#[test]
fn runs_inside_custom_xml() {
    run_wrapper_test(Wrap::CustomXml);
}

#[test]
fn runs_inside_hyperlink() {
    run_wrapper_test(Wrap::Hyperlink);
}

#[test]
fn runs_inside_fld_simple() {
    run_wrapper_test(Wrap::FldSimple(" MERGEFIELD 数量 ".to_owned()));
}

/// Wrappers nested in each other (an sdt in a hyperlink in a smartTag).
#[test]
fn run_wrappers_nested() {
    let r = corpus::clean_2021();
    let mut doc = r.doc();
    for (at, _) in nonzero_cells(&r) {
        let run = doc.cell_mut(at).first_run_mut().unwrap();
        run.wrap = vec![Wrap::SmartTag, Wrap::Hyperlink, Wrap::Sdt, Wrap::Ins];
    }
    let rep = run("nested-wrappers.docx", raw_write(&doc));
    assert_report(&rep, &r, vec![]);
}

// ---------------------------------------------------------------- fields

/// A complex field `=SUM(LEFT)` in the 总计 cells: the result (the cached figure) is
/// read, the instruction never reaches the cell.
#[test]
fn complex_field_result_read_instruction_skipped() {
    let r = corpus::clean_2021();
    let mut doc = r.doc();
    for row in [
        "received",
        "carried_over",
        "granted",
        "results_total",
        "carried_forward",
    ] {
        let at = r.locate("applications", row, "total");
        let result = r.get("applications", row, "total").to_owned();
        doc.cell_mut(at).set_inlines(vec![Inline::Field {
            instr: " =SUM(LEFT) ".to_owned(),
            result,
        }]);
    }
    let rep = run("field.docx", raw_write(&doc));
    assert_report(&rep, &r, vec![]);
    assert_eq!(
        raw_out(&rep, "applications", "received", "total").as_deref(),
        Some("15")
    );
}

// ---------------------------------------------------------------- tracked changes

/// `w:ins` and `w:moveTo` are part of the text: "1" inserted, "0" moved here → 10.
#[test]
fn tracked_insertions_and_moves_to_are_read() {
    let r = corpus::clean_2021();
    let mut doc = r.doc();
    let at = r.locate("applications", "received", "natural_person");
    doc.cell_mut(at).set_inlines(vec![
        Run::text("1").wrapped(Wrap::Ins).into(),
        Run::text("0").wrapped(Wrap::MoveTo).into(),
    ]);
    let at = r.locate("active_disclosure", "licensing", "decisions");
    doc.cell_mut(at)
        .first_run_mut()
        .unwrap()
        .wrap
        .push(Wrap::Ins);
    let rep = run("ins.docx", raw_write(&doc));
    assert_report(&rep, &r, vec![]);
    assert_eq!(
        raw_out(&rep, "applications", "received", "natural_person").as_deref(),
        Some("10")
    );
}

/// `w:del` / `w:delText` and `w:moveFrom` (with `w:delText`, and with a plain `w:t` as
/// some writers leave it) are not read.
#[test]
fn tracked_deletions_and_moves_from_are_skipped() {
    let r = corpus::clean_2021();
    let mut doc = r.doc();
    let at = r.locate("applications", "received", "natural_person");
    doc.cell_mut(at).set_inlines(vec![
        Run::deleted("9").into(),
        Run::text("10").into(),
        Run {
            deleted: true,
            ..Run::text("8")
        }
        .wrapped(Wrap::MoveFrom)
        .into(),
        Run::text("7").wrapped(Wrap::MoveFrom).into(),
    ]);
    let at = r.locate("review_litigation", "review", "total");
    doc.cell_mut(at)
        .set_inlines(vec![Run::deleted("3").into(), Run::text("2").into()]);
    let rep = run("del.docx", raw_write(&doc));
    assert_report(&rep, &r, vec![]);
    assert_eq!(
        raw_out(&rep, "applications", "received", "natural_person").as_deref(),
        Some("10")
    );
}

// ---------------------------------------------------------------- hidden text

/// `w:vanish` on a run: its text is not read.
#[test]
fn hidden_run_is_skipped() {
    let r = corpus::clean_2021();
    let mut doc = r.doc();
    for (at, text) in nonzero_cells(&r) {
        doc.cell_mut(at).set_inlines(vec![
            Run {
                vanish: Some(true),
                ..Run::text("9")
            }
            .into(),
            Run::text(text).into(),
        ]);
    }
    let rep = run("vanish.docx", raw_write(&doc));
    assert_report(&rep, &r, vec![]);
}

/// Hidden through a character style (`w:rStyle` → styles.xml `w:vanish`).
#[test]
fn hidden_by_character_style_is_skipped() {
    let r = corpus::clean_2021();
    let mut doc = r.doc();
    for (at, text) in nonzero_cells(&r) {
        doc.cell_mut(at).set_inlines(vec![
            Run::text(text).into(),
            Run {
                style: Some("HiddenChar".into()),
                ..Run::text("9")
            }
            .into(),
        ]);
    }
    let pkg = Package {
        styles: Some(raw::hidden_styles()),
        ..Package::default()
    };
    let rep = run("vanish-char-style.docx", raw::write(&doc, &pkg));
    assert_report(&rep, &r, vec![]);
}

/// Hidden through a paragraph style that inherits `w:vanish` through `w:basedOn`: a
/// hidden paragraph in value cells, and a hidden fake title before the real one.
#[test]
fn hidden_by_paragraph_style_based_on_is_skipped() {
    let r = corpus::clean_2021();
    let mut doc = r.doc();
    for (at, _) in nonzero_cells(&r) {
        let cell = doc.cell_mut(at);
        cell.content
            .insert(0, Block::Para(Para::text("99").with_style("HiddenPara")));
    }
    doc.body.insert(
        0,
        Block::Para(
            Para::text("某某县交通运输局2019年政府信息公开工作年度报告").with_style("HiddenPara"),
        ),
    );
    let pkg = Package {
        styles: Some(raw::hidden_styles()),
        ..Package::default()
    };
    let rep = run("vanish-para-style.docx", raw::write(&doc, &pkg));
    assert_report(&rep, &r, vec![]);
    assert_metadata_2021(&rep);
}

/// `w:vanish w:val="0"` / `"false"` turns hiding off: on the run itself, over a hidden
/// character style, and in a paragraph style based on a hidden one.
#[test]
fn vanish_turned_off_is_read() {
    let r = corpus::clean_2021();
    let mut doc = r.doc();
    let cells = nonzero_cells(&r);
    for (i, (at, text)) in cells.into_iter().enumerate() {
        let cell = doc.cell_mut(at);
        match i % 4 {
            0 => cell.set_inlines(vec![Run { vanish: Some(false), ..Run::text(text) }.into()]),
            1 => cell.set_inlines(vec![
                Run { vanish: Some(false), style: Some("HiddenChar".into()), ..Run::text(text) }.into(),
            ]),
            2 => cell.content = vec![Block::Para(Para::text(&text).with_style("ShownPara"))],
            _ => cell.set_inlines(vec![Inline::Raw(format!(
                r#"<w:r><w:rPr><w:rStyle w:val="HiddenChar"/><w:vanish w:val="false"/></w:rPr><w:t>{text}</w:t></w:r>"#
            ))]),
        }
    }
    let pkg = Package {
        styles: Some(raw::hidden_styles()),
        ..Package::default()
    };
    let rep = run("vanish-off.docx", raw::write(&doc, &pkg));
    assert_report(&rep, &r, vec![]);
}

/// `w:pPr/w:rPr/w:vanish` hides only the paragraph mark (WPS writes it on ordinary
/// paragraphs): the runs of the paragraph are read.
#[test]
fn paragraph_mark_vanish_does_not_hide_text() {
    let r = corpus::clean_2021();
    let mut doc = r.doc();
    for (at, _) in nonzero_cells(&r) {
        for b in &mut doc.cell_mut(at).content {
            if let Block::Para(p) = b {
                p.mark_vanish = true;
            }
        }
    }
    if let Block::Para(p) = &mut doc.body[0] {
        p.mark_vanish = true;
    }
    let rep = run("mark-vanish.docx", raw_write(&doc));
    assert_report(&rep, &r, vec![]);
    assert_metadata_2021(&rep);
}

// ---------------------------------------------------------------- text boxes

/// Moves body block `at` (the title paragraph, a table) into a text box in a paragraph
/// of its own; `alternate`: stored twice, as DrawingML `mc:Choice` and VML `mc:Fallback`.
fn in_text_box(doc: &mut testdocs::model::Doc, at: usize, alternate: bool) {
    let block = doc.body.remove(at);
    let content = vec![block];
    doc.body.insert(
        at,
        Block::Para(Para::of(vec![Inline::TextBox { content, alternate }])),
    );
}

/// Index of the last body table (table 四).
fn last_table(doc: &testdocs::model::Doc) -> usize {
    doc.body
        .iter()
        .rposition(|b| matches!(b, Block::Table(_)))
        .expect("a table")
}

/// `mc:AlternateContent` holding the title and table 四 in a text box, once as DrawingML
/// (`mc:Choice`) and once as VML (`mc:Fallback`): read once.
#[test]
fn alternate_content_text_box_read_once() {
    let r = corpus::clean_2021();
    let mut doc = r.doc();
    in_text_box(&mut doc, 0, true);
    let t4 = last_table(&doc);
    in_text_box(&mut doc, t4, true);
    let bytes = raw_write(&doc);
    let parsed =
        nianbao::read::read_document("word/document.xml", main_xml(&bytes).as_bytes(), None)
            .expect("reads");
    assert_eq!(parsed.tables.len(), 3, "table 四 read once");
    let titles = parsed
        .paragraphs()
        .filter(|p| p.contains("年度报告"))
        .count();
    assert_eq!(titles, 1, "title read once");
    let rep = run("alternate-content.docx", bytes);
    assert_report(&rep, &r, vec![]);
    assert_metadata_2021(&rep);
}

/// A VML text box (`w:pict`/`v:textbox`/`w:txbxContent`) holding the title: read.
#[test]
fn text_box_title_is_read() {
    let r = corpus::clean_2021();
    let mut doc = r.doc();
    in_text_box(&mut doc, 0, false);
    let rep = run("textbox.docx", raw_write(&doc));
    assert_report(&rep, &r, vec![]);
    assert_metadata_2021(&rep);
}

/// Table 四 inside a lone VML text box: the table is read.
#[test]
fn text_box_table_is_read() {
    let r = corpus::clean_2021();
    let mut doc = r.doc();
    let t4 = last_table(&doc);
    in_text_box(&mut doc, t4, false);
    let rep = run("textbox-table.docx", raw_write(&doc));
    assert_report(&rep, &r, vec![]);
}

// ---------------------------------------------------------------- merges and grid

/// Legacy `w:hMerge`: table 三's span-3 labels and table 四's top header written as
/// restart + continue cells instead of `w:gridSpan`.
#[test]
fn legacy_hmerge() {
    let r = corpus::clean_2021();
    let mut doc = r.doc();
    let hmerge = |cells: &mut Vec<Cell>, i: usize| {
        let n = cells[i].span;
        cells[i].span = 1;
        cells[i].hmerge = Some(HMerge::Restart);
        for k in 1..n {
            let mut c = Cell::text("");
            c.hmerge = Some(HMerge::Continue);
            c.vmerge = cells[i].vmerge;
            cells.insert(i + k, c);
        }
    };
    let mut blank_at = None;
    for row in ["received", "carried_over", "carried_forward"] {
        let at = r.locate("applications", row, "natural_person");
        let t = doc.table_mut(at.table);
        hmerge(&mut t.rows[at.row].cells, 0);
        blank_at.get_or_insert(Loc {
            table: at.table,
            row: at.row,
            cell: at.cell + 2 + 5,
        });
    }
    let t4 = r.locate("review_litigation", "review", "upheld").table;
    let t = doc.table_mut(t4);
    hmerge(&mut t.rows[0].cells, 1);
    hmerge(&mut t.rows[0].cells, 0);
    // A blank cell after the hMerge: its location counts the continue cells.
    let mut r2 = r.clone();
    r2.set("applications", "received", "other_org", "\u{a0}");
    let at = blank_at.unwrap();
    doc.cell_mut(at).set_text("\u{a0}");
    let rep = run("hmerge.docx", raw_write(&doc));
    assert_report(
        &rep,
        &r2,
        vec![
            blanks_note(),
            cell_anomaly(
                "missing_cell",
                "warning",
                "applications.received.other_org",
                "\u{a0}",
                at,
            ),
        ],
    );
}

/// `w:gridBefore` / `w:gridAfter`: rows of （三）不予公开 written without the two merged
/// label cells (grid_before 2), table 三's first header row short by one column.
#[test]
fn grid_before_and_grid_after() {
    let r = corpus::clean_2021();
    let mut doc = r.doc();
    let first = r.locate("applications", "denied_law_prohibited", "total");
    let last = r.locate("applications", "denied_admin_query", "total");
    let t = doc.table_mut(first.table);
    for row in &mut t.rows[first.row..=last.row] {
        row.cells.drain(0..2);
        row.grid_before = 2;
    }
    t.rows[0].cells[1].span = 6;
    t.rows[0].grid_after = 1;
    let rep = run("grid-before-after.docx", raw_write(&doc));
    assert_report(&rep, &r, vec![]);
}

/// Every vertical-merge continuation written as a bare `<w:vMerge/>`.
#[test]
fn bare_vmerge() {
    let mut r = corpus::clean_2021();
    r.layout.bare_vmerge = true;
    let doc = r.doc();
    assert!(main_xml(&raw_write(&doc)).contains("<w:vMerge/>"));
    let rep = run("bare-vmerge.docx", raw_write(&doc));
    assert_report(&rep, &r, vec![]);
}

// ---------------------------------------------------------------- text

/// `w:t` with leading and trailing spaces but no `xml:space="preserve"` (as converters
/// write it): the text is kept verbatim in `raw`, the figure read.
#[test]
fn text_without_xml_space_kept_verbatim() {
    let r = corpus::clean_2021();
    let mut doc = r.doc();
    let at = r.locate("applications", "received", "natural_person");
    doc.cell_mut(at).set_inlines(vec![
        Run {
            preserve: false,
            ..Run::text("  10 ")
        }
        .into(),
    ]);
    let rep = run("no-xml-space.docx", raw_write(&doc));
    assert_report(&rep, &r, vec![]);
    assert_eq!(
        raw_out(&rep, "applications", "received", "natural_person").as_deref(),
        Some("  10 ")
    );
}

/// A number split over runs with `w:proofErr` and a bookmark between them.
#[test]
fn number_split_over_runs_with_proof_err_and_bookmarks() {
    let r = corpus::clean_2021();
    let mut doc = r.doc();
    for (i, (at, text)) in nonzero_cells(&r).into_iter().enumerate() {
        let mut inlines = vec![Inline::Raw(r#"<w:proofErr w:type="spellStart"/>"#.into())];
        for (j, ch) in text.chars().enumerate() {
            if j > 0 {
                inlines.push(Inline::Raw(format!(
                    r#"<w:bookmarkStart w:id="{i}{j}" w:name="_Hlk{i}{j}"/><w:bookmarkEnd w:id="{i}{j}"/><w:proofErr w:type="gramEnd"/>"#
                )));
            }
            inlines.push(Run::text(ch.to_string()).into());
        }
        inlines.push(Inline::Raw(r#"<w:proofErr w:type="spellEnd"/>"#.into()));
        doc.cell_mut(at).set_inlines(inlines);
    }
    let rep = run("split-runs.docx", raw_write(&doc));
    assert_report(&rep, &r, vec![]);
    assert_eq!(
        raw_out(&rep, "active_disclosure", "licensing", "decisions").as_deref(),
        Some("235")
    );
}

/// Header labels broken over lines by `w:br` and `w:cr` inside one paragraph (instead
/// of two paragraphs): 商业/企业, 科研/机构, 法律服务/机构, and table 四's lower labels.
#[test]
fn labels_broken_by_br_and_cr() {
    let r = corpus::clean_2021();
    let mut doc = r.doc();
    let broken = |a: &str, b: &str| -> Vec<Inline> {
        vec![
            Run {
                items: vec![
                    RunItem::Text(a.into()),
                    RunItem::Br,
                    RunItem::Text(b.into()),
                ],
                ..Run::text("")
            }
            .into(),
        ]
    };
    let t3 = r.locate("applications", "received", "total").table;
    let t = doc.table_mut(t3);
    t.rows[2].cells[2].set_inlines(broken("商业", "企业"));
    t.rows[2].cells[3].set_inlines(vec![Inline::Raw(
        "<w:r><w:t>科研</w:t><w:cr/><w:t>机构</w:t></w:r>".into(),
    )]);
    t.rows[2].cells[5].set_inlines(broken("法律服务", "机构"));
    let t4 = r.locate("review_litigation", "review", "total").table;
    let t = doc.table_mut(t4);
    for (i, cell) in t.rows[2].cells.iter_mut().enumerate().skip(5) {
        let label = testdocs::report::REVIEW_COLS[(i - 5) % 5].1;
        let cut = label
            .char_indices()
            .nth(2)
            .map(|(b, _)| b)
            .unwrap_or(label.len());
        if cut < label.len() {
            cell.set_inlines(broken(&label[..cut], &label[cut..]));
        }
    }
    let rep = run("br-labels.docx", raw_write(&doc));
    assert_report(&rep, &r, vec![]);
}

/// A wrapper the reader does not know (a future or vendor element) around a figure in
/// a cell: read through, so the figure is kept, and noted with the cell's location so a
/// person can check it — never silently dropped.
#[test]
fn unknown_wrapper_in_a_cell_is_read_through_and_noted() {
    let r = corpus::clean_2021();
    let mut doc = r.doc();
    let at = r.locate("applications", "received", "total");
    let figure = r.get("applications", "received", "total").to_owned();
    doc.cell_mut(at).set_inlines(vec![Inline::Raw(format!(
        "<w:vendorWrap><w:r><w:t>{figure}</w:t></w:r></w:vendorWrap>"
    ))]);
    let rep = run("unknown-wrapper.docx", raw_write(&doc));
    assert_eq!(values_out(&rep), values_of(&r), "values");
    assert_eq!(rep.anomalies, vec![]);
    let notes: Vec<_> = rep
        .notes
        .iter()
        .map(|n| {
            (
                n.code.as_str(),
                n.severity.as_str(),
                n.location.map(|l| (l.table, l.row, l.cell)),
            )
        })
        .collect();
    assert_eq!(
        notes,
        vec![("unknown_element", "info", Some((at.table, at.row, at.cell)))]
    );
    assert!(
        rep.notes[0].message.contains("w:vendorWrap"),
        "{}",
        rep.notes[0].message
    );
}

/// Full-width digits (and a full-width decimal point) read as numbers.
#[test]
fn full_width_digits() {
    let mut r = corpus::clean_2021();
    r.set("applications", "received", "natural_person", "１０");
    r.set("applications", "received", "total", "１５");
    r.set("active_disclosure", "licensing", "decisions", "２３５");
    r.set("active_disclosure", "fees", "amount", "１．５");
    let rep = run("fullwidth.docx", raw_write(&r.doc()));
    assert_report(&rep, &r, vec![]);
    assert_eq!(
        raw_out(&rep, "applications", "received", "total").as_deref(),
        Some("１５")
    );
}

/// U+3000 ideographic-space and NBSP padding around figures.
#[test]
fn ideographic_space_and_nbsp_padding() {
    let mut r = corpus::clean_2021();
    r.set(
        "applications",
        "received",
        "natural_person",
        "\u{3000}\u{3000}10",
    );
    r.set("applications", "received", "total", "15\u{3000}");
    r.set("applications", "granted", "total", "\u{a0}9\u{a0}");
    r.set("review_litigation", "review", "total", "\u{3000}2\u{a0}");
    let rep = run("u3000.docx", raw_write(&r.doc()));
    assert_report(&rep, &r, vec![]);
    assert_eq!(
        raw_out(&rep, "applications", "received", "natural_person").as_deref(),
        Some("\u{3000}\u{3000}10")
    );
}

/// Cells holding only NBSP, only U+3000 or nothing: `null` + `missing_cell` (warning),
/// raw text verbatim, located. In an all-zero report so no rule is affected.
#[test]
fn blank_cells_nbsp_only() {
    let mut r = testdocs::Report::new_2021();
    let blanks = [
        (
            "applications",
            "denied_enforcement_file",
            "other_org",
            "\u{a0}",
        ),
        (
            "applications",
            "unprocessed_excessive",
            "legal_service",
            "\u{a0}\u{a0}",
        ),
        ("applications", "received", "natural_person", "\u{3000}"),
        ("active_disclosure", "penalty", "decisions", ""),
        ("review_litigation", "litigation_direct", "pending", " "),
    ];
    let mut want = vec![blanks_note()];
    for (t, row, col, raw_text) in blanks {
        r.set(t, row, col, raw_text);
        want.push(cell_anomaly(
            "missing_cell",
            "warning",
            &format!("{t}.{row}.{col}"),
            raw_text,
            r.locate(t, row, col),
        ));
    }
    let rep = run("blanks.docx", raw_write(&r.doc()));
    assert_report(&rep, &r, want);
    assert_metadata_2021(&rep);
}

// ---------------------------------------------------------------- namespaces and parts

/// A main part written with `ns0:` instead of `w:` (matched by namespace URI).
#[test]
fn ns0_prefix() {
    let r = corpus::clean_2021();
    let bytes = raw::write(
        &r.doc(),
        &Package {
            prefix: "ns0".into(),
            ..Package::default()
        },
    );
    assert!(main_xml(&bytes).contains("<ns0:tbl>"));
    let rep = run("ns0.docx", bytes);
    assert_report(&rep, &r, vec![]);
    assert_metadata_2021(&rep);
}

/// A main part whose elements are in the default namespace (`<document xmlns="…">`,
/// no prefix), attributes still `w:`-qualified.
#[test]
fn default_namespace_without_prefix() {
    let r = corpus::clean_2021();
    let bytes = raw::write(
        &r.doc(),
        &Package {
            prefix: String::new(),
            ..Package::default()
        },
    );
    assert!(main_xml(&bytes).contains("<tbl>"));
    let rep = run("default-ns.docx", bytes);
    assert_report(&rep, &r, vec![]);
    assert_metadata_2021(&rep);
}

/// The main part under another name (`word/main.xml`), found through `_rels/.rels`.
#[test]
fn main_part_under_another_name() {
    let r = corpus::clean_2021();
    let pkg = Package {
        main_part: "word/main.xml".into(),
        ..Package::default()
    };
    let bytes = raw::write(&r.doc(), &pkg);
    assert_eq!(
        testdocs::main_part_of(&bytes).as_deref(),
        Some("word/main.xml")
    );
    let rep = run("renamed.docx", bytes);
    assert_report(&rep, &r, vec![]);
    assert_metadata_2021(&rep);
}

/// ISO 29500 Strict: `http://purl.oclc.org/ooxml/wordprocessingml/main` and the Strict
/// officeDocument relationship type.
#[test]
fn strict_namespaces() {
    let r = corpus::clean_2021();
    let bytes = raw::write(
        &r.doc(),
        &Package {
            strict: true,
            ..Package::default()
        },
    );
    assert!(main_xml(&bytes).contains(testdocs::raw::W_NS_STRICT));
    let rep = run("strict.docx", bytes);
    assert_report(&rep, &r, vec![]);
    assert_metadata_2021(&rep);
}

/// Hidden text by a paragraph style in a Strict, ns0-prefixed, renamed package: styles
/// are found beside the renamed main part and matched by URI too.
#[test]
fn strict_renamed_prefixed_with_hidden_style() {
    let r = corpus::clean_2021();
    let mut doc = r.doc();
    let at = r.locate("applications", "received", "total");
    doc.cell_mut(at)
        .content
        .push(Block::Para(Para::text("99").with_style("HiddenPara")));
    let pkg = Package {
        main_part: "word/main.xml".into(),
        prefix: "ns0".into(),
        strict: true,
        styles: Some(raw::hidden_styles()),
        core: None,
    };
    let rep = run("strict-styles.docx", raw::write(&doc, &pkg));
    assert_report(&rep, &r, vec![]);
}

// ---------------------------------------------------------------- table structure

/// A table nested in a cell is a table of its own: tables 三 and 四 side by side in a
/// two-cell layout table; a blank cell of table 四 is located in the nested table.
#[test]
fn nested_tables_in_a_layout_table() {
    let mut r = corpus::clean_2021();
    r.set(
        "review_litigation",
        "litigation_after_review",
        "pending",
        "\u{a0}",
    );
    let mut doc = r.doc();
    let tables: Vec<usize> = doc
        .body
        .iter()
        .enumerate()
        .filter(|(_, b)| matches!(b, Block::Table(_)))
        .map(|(i, _)| i)
        .collect();
    let (i3, i4) = (tables[1], tables[2]);
    let t4 = doc.body.remove(i4);
    let t3 = doc.body.remove(i3);
    let mut left = Cell::text("");
    left.content = vec![t3];
    let mut right = Cell::text("");
    right.content = vec![t4];
    doc.body.insert(
        i3,
        Block::Table(Table {
            grid: vec![6000, 6000],
            rows: vec![testdocs::Row {
                cells: vec![left, right],
                ..Default::default()
            }],
        }),
    );
    let bytes = raw_write(&doc);
    let parsed =
        nianbao::read::read_document("word/document.xml", main_xml(&bytes).as_bytes(), None)
            .expect("reads");
    assert_eq!(parsed.tables.len(), 4);
    assert_eq!(
        parsed.tables[3].parent.map(|p| (p.table, p.row, p.cell)),
        Some((1, 0, 1))
    );
    let rep = run("nested.docx", bytes);
    // Table ordinals: 二 = 1, layout = 2, 三 = 3, 四 = 4.
    assert_report(
        &rep,
        &r,
        vec![
            blanks_note(),
            cell_anomaly(
                "missing_cell",
                "warning",
                "review_litigation.litigation_after_review.pending",
                "\u{a0}",
                Loc {
                    table: 4,
                    row: 3,
                    cell: 13,
                },
            ),
        ],
    );
}

/// The whole report inside a one-cell layout table: the three tables are still found.
#[test]
fn whole_report_in_one_cell_layout_table() {
    let mut r = corpus::clean_2021();
    r.layout.layout_table = true;
    r.set("applications", "denied_admin_query", "other_org", "\u{a0}");
    let at = r.locate("applications", "denied_admin_query", "other_org");
    assert_eq!(at.table, 3);
    let rep = run("layout-table.docx", raw_write(&r.doc()));
    assert_report(
        &rep,
        &r,
        vec![
            blanks_note(),
            cell_anomaly(
                "missing_cell",
                "warning",
                "applications.denied_admin_query.other_org",
                "\u{a0}",
                at,
            ),
        ],
    );
    assert_metadata_2021(&rep);
}

/// Table 三 split in two by a page break: the second `w:tbl` has no header rows and its
/// first row continues the label merges with bare `<w:vMerge/>`. A blank cell in the
/// second part is located there.
#[test]
fn table_split_by_page_break() {
    let mut r = corpus::clean_2021();
    r.layout.split_applications_before = Some("denied_process_info".into());
    r.set(
        "applications",
        "denied_internal_affairs",
        "research",
        "\u{a0}",
    );
    r.set("applications", "unable_unclear", "research", "\u{a0}");
    let mut want = vec![blanks_note()];
    for row in ["denied_internal_affairs", "unable_unclear"] {
        let at = r.locate("applications", row, "research");
        want.push(cell_anomaly(
            "missing_cell",
            "warning",
            &format!("applications.{row}.research"),
            "\u{a0}",
            at,
        ));
    }
    assert_eq!(
        r.locate("applications", "unable_unclear", "research").table,
        3
    );
    let doc = r.doc();
    assert_eq!(doc.table_count(), 4);
    let rep = run("split.docx", raw_write(&doc));
    assert_report(&rep, &r, want);
}

/// Table 四 split by a page break between its header rows and its row of figures: the
/// second part is a lone row of fifteen numbers, without a label, joined to the first.
#[test]
fn review_table_split_before_its_figures() {
    let r = corpus::clean_2021();
    let mut doc = r.doc();
    let t4 = last_table(&doc);
    let Block::Table(table) = &mut doc.body[t4] else {
        panic!("table 四 last")
    };
    let figures = table.rows.split_off(table.rows.len() - 1);
    let second = testdocs::model::Table {
        grid: table.grid.clone(),
        rows: figures,
    };
    doc.body.insert(t4 + 1, Block::Para(Para::page_break()));
    doc.body.insert(t4 + 2, Block::Table(second));
    let rep = run("review-split.docx", raw_write(&doc));
    assert_eq!(values_out(&rep), values_of(&r), "values");
    assert_eq!(anomalies_out(&rep), vec![]);
    let total = rep
        .cells
        .iter()
        .find(|c| c.row == "review" && c.col == "total")
        .and_then(|c| c.location)
        .expect("traced");
    assert_eq!(
        (total.table, total.row, total.cell),
        (4, 0, 4),
        "read from the second part"
    );
}

/// Tables absent from the document (issue 4): with some found, the found ones are
/// extracted and each absent one is a `missing_table` with no key in `tables`; with none
/// found, the file is `not_a_report`.
#[test]
fn absent_tables_and_no_tables() {
    let r = corpus::clean_2021();
    let mut doc = r.doc();
    // keep table 三 only (the second of table 二, 三, 四 in the body)
    let tables: Vec<usize> = (0..doc.body.len())
        .filter(|&i| matches!(doc.body[i], Block::Table(_)))
        .collect();
    assert_eq!(tables.len(), 3);
    doc.body.remove(tables[2]);
    doc.body.remove(tables[0]);
    let rep = run("only-table-three.docx", raw_write(&doc));
    assert_eq!(rep.template.map(|t| t.as_str()), Some("2021"));
    let tables = rep.tables();
    let keys: Vec<&str> = tables.keys().map(String::as_str).collect();
    assert_eq!(keys, vec!["applications"]);
    let missing: Vec<(&str, Option<&str>, &str)> = rep
        .anomalies
        .iter()
        .map(|a| (a.code.as_str(), a.table.as_deref(), a.severity.as_str()))
        .collect();
    assert_eq!(
        missing,
        vec![
            ("missing_table", Some("active_disclosure"), "warning"),
            ("missing_table", Some("review_litigation"), "warning"),
        ]
    );
    assert!(rep.cells.iter().all(|c| c.table == "applications"));

    doc.body.retain(|b| !matches!(b, Block::Table(_)));
    let rep = extract_bytes("no-tables.docx", raw_write(&doc), &Options::default());
    assert_eq!(rep.status, nianbao::report::Status::Error);
    let err = rep.error.expect("error record");
    assert_eq!(err.code.as_str(), "not_a_report");
    assert_eq!(err.part.as_deref(), Some("word/document.xml"));
    assert!(rep.cells.is_empty());
}

/// A caption row (表三：收到和处理政府信息公开申请情况) as table 三's first, merged row.
#[test]
fn caption_row_inside_table() {
    let mut r = corpus::clean_2021();
    r.layout.caption = Some("表三：收到和处理政府信息公开申请情况".into());
    r.set("applications", "received", "legal_service", "\u{a0}");
    let at = r.locate("applications", "received", "legal_service");
    assert_eq!((at.row, at.cell), (4, 5));
    let rep = run("caption.docx", raw_write(&r.doc()));
    assert_report(
        &rep,
        &r,
        vec![
            blanks_note(),
            cell_anomaly(
                "missing_cell",
                "warning",
                "applications.received.legal_service",
                "\u{a0}",
                at,
            ),
        ],
    );
}

/// Table 二 as four separate tables (one per 第二十条 block), 2021 template.
#[test]
fn active_disclosure_as_four_tables() {
    let mut r = corpus::clean_2021();
    r.layout.active_split = true;
    let doc = r.doc();
    assert_eq!(doc.table_count(), 6);
    let rep = run("active-split.docx", raw_write(&doc));
    assert_report(&rep, &r, vec![]);
}

/// The 2019 template with table 二 as five separate tables.
#[test]
fn active_disclosure_2019_as_five_tables() {
    let mut r = corpus::template_2019();
    r.layout.active_split = true;
    let doc = r.doc();
    assert_eq!(doc.table_count(), 7);
    let rep = run("active-split-2019.docx", raw_write(&doc));
    assert_report(&rep, &r, vec![]);
    assert_metadata(&rep, "静乐县人民政府办公室", 2020, "2021-01-22");
}

/// Everything at once: the converter corpus document (Strict, ns0, renamed part,
/// layout table, table 二 split, caption, table 三 split, full-width digits, U+3000).
#[test]
fn converter_quirks_all_at_once() {
    let mut r = corpus::clean_2021();
    r.set("applications", "received", "natural_person", "１０");
    r.set("applications", "received", "total", "\u{3000}15\u{3000}");
    r.set("active_disclosure", "licensing", "decisions", "２３５");
    let rep = run(
        "quirks-converted-2021.docx",
        corpus::quirks_converted_2021(),
    );
    assert_report(&rep, &r, vec![]);
    assert_metadata_2021(&rep);
}

/// Everything at once: the Word corpus document (sdt, wrappers, field, tracked changes,
/// hidden run, split runs, title in an mc:AlternateContent text box).
#[test]
fn word_quirks_all_at_once() {
    let r = corpus::clean_2021();
    let rep = run("quirks-word-2021.docx", corpus::quirks_word_2021());
    assert_report(&rep, &r, vec![]);
    assert_metadata_2021(&rep);
}

// ---------------------------------------------------------------- saved by LibreOffice

/// The two quirk corpus documents as LibreOffice saves them (its own table and
/// tracked-change markup, text boxes rewritten): clean-2021's figures, no anomaly.
fn assert_lo_saved(name: &str, bytes: Vec<u8>) {
    let mut r = corpus::clean_2021();
    if name.contains("converted") {
        r.set("applications", "received", "natural_person", "１０");
        r.set("applications", "received", "total", "\u{3000}15\u{3000}");
        r.set("active_disclosure", "licensing", "decisions", "２３５");
    }
    let rep = run(name, bytes);
    assert_report(&rep, &r, vec![]);
    assert_metadata_2021(&rep);
}

/// The checked-in LibreOffice saves (`tests/data/libreoffice/quirks-*.docx`, made by
/// `soffice --headless --convert-to "docx:MS Word 2007 XML"` from `corpus/`).
#[test]
fn libreoffice_saved_quirk_documents() {
    for name in ["quirks-word-2021.docx", "quirks-converted-2021.docx"] {
        let bytes = std::fs::read(common::lo_sample(name)).expect("checked-in LibreOffice sample");
        assert_lo_saved(name, bytes);
    }
}

/// Re-saves both quirk documents with LibreOffice when soffice is installed (a
/// LibreOffice upgrade that changes what it writes is caught); skipped, with a line
/// saying so, where it is not. `NIANBAO_UPDATE_LO_SAMPLE=1` rewrites the samples.
#[test]
fn libreoffice_roundtrip_of_quirk_documents_when_soffice_is_present() {
    let docs = [
        ("quirks-word-2021.docx", corpus::quirks_word_2021()),
        (
            "quirks-converted-2021.docx",
            corpus::quirks_converted_2021(),
        ),
    ];
    let Some(saved) = common::libreoffice_resave("quirks", &docs) else {
        return;
    };
    for ((name, _), bytes) in docs.iter().zip(saved) {
        assert_lo_saved(name, bytes);
    }
}
