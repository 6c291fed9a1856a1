//! quirks tests: what wraps the report's content and must be read through or around —
//! content controls, run wrappers, fields, tracked changes, text boxes — after the baseline
//! of a clean report.

use super::*;
use pretty_assertions::assert_eq;

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
