//! The two quirk documents of the corpus over a report's figures: what Word writes
//! (content controls, run wrappers, fields, tracked changes, a text box) and what converters
//! write (Strict namespaces, another main part and prefix, a layout table, split tables,
//! full-width digits), written by hand as raw XML.

use super::clean_2021;
use crate::model::*;
use crate::raw::{self, Package};
use crate::report::Report;

/// The Word quirks of the corpus document (see its line in [`corpus`](super::corpus)) over
/// [`clean_2021`], whose title `静乐县人民政府办公室2021年政府信息公开工作年度报告` goes
/// in a text box stored twice.
pub fn quirks_word_2021() -> Vec<u8> {
    quirks_word(clean_2021())
}

/// The Word quirks of `quirks-word-2021.docx` over `r` (figures as [`clean_2021`]: the
/// edited cells must hold its figures).
pub fn quirks_word(r: Report) -> Vec<u8> {
    let mut doc = r.doc();
    let at = |row: &str, col: &str| r.locate("applications", row, col);

    // The title paragraph becomes a text box (DrawingML + VML fallback).
    if let Block::Para(title) = &doc.body[0] {
        let title = title.clone();
        doc.body[0] = Block::Para(Para::of(vec![Inline::TextBox {
            content: vec![Block::Para(title)],
            alternate: true,
        }]));
    }
    // Rows received and carried_over inside content controls; one cell in customXml.
    let t3 = at("received", "total").table;
    let rrow = at("received", "total").row;
    doc.table_mut(t3).rows[rrow].wrap.push(Wrap::Sdt);
    doc.table_mut(t3).rows[rrow + 1].wrap.push(Wrap::Sdt);
    doc.cell_mut(at("granted", "natural_person"))
        .wrap
        .push(Wrap::Sdt);
    doc.cell_mut(at("granted", "commercial"))
        .wrap
        .push(Wrap::CustomXml);
    // Run wrappers on value runs.
    for (row, col, w) in [
        ("granted", "total", Wrap::SmartTag),
        ("partly_granted", "natural_person", Wrap::Hyperlink),
        (
            "unable_not_held",
            "natural_person",
            Wrap::FldSimple("QUOTE 2".to_owned()),
        ),
        ("unable_not_held", "total", Wrap::Ins),
    ] {
        if let Some(run) = doc.cell_mut(at(row, col)).first_run_mut() {
            run.wrap.push(w);
        }
    }
    // received.natural_person: "10" split over runs with proofErr and a bookmark.
    doc.cell_mut(at("received", "natural_person"))
        .set_inlines(vec![
            Inline::Raw(r#"<w:proofErr w:type="spellStart"/>"#.to_owned()),
            Run::text("1").into(),
            Inline::Raw(r#"<w:bookmarkStart w:id="90" w:name="_GoBack"/>"#.to_owned()),
            Run::text("0").into(),
            Inline::Raw(r#"<w:bookmarkEnd w:id="90"/><w:proofErr w:type="spellEnd"/>"#.to_owned()),
        ]);
    // received.total: a =SUM(LEFT) field whose result is 15.
    doc.cell_mut(at("received", "total"))
        .set_inlines(vec![Inline::Field {
            instr: " =SUM(LEFT) ".to_owned(),
            result: "15".to_owned(),
        }]);
    // carried_over.total: "3" with a deleted "5" and a hidden "7" beside it.
    doc.cell_mut(at("carried_over", "total")).set_inlines(vec![
        Run::deleted("5").into(),
        Run::text("3").wrapped(Wrap::Ins).into(),
        Run {
            vanish: Some(true),
            ..Run::text("7")
        }
        .into(),
    ]);
    raw::write(&doc, &Package::default())
}

/// The converter quirks of the corpus document (see its line in [`corpus`](super::corpus)) over
/// [`clean_2021`], some figures written in full-width digits or padded with U+3000.
pub fn quirks_converted_2021() -> Vec<u8> {
    quirks_converted(clean_2021())
}

/// The converter quirks of `quirks-converted-2021.docx` over `r` (figures as
/// [`clean_2021`]: the rewritten cells get its figures in full-width or padded form).
pub fn quirks_converted(mut r: Report) -> Vec<u8> {
    r.layout.layout_table = true;
    r.layout.active_split = true;
    r.layout.caption = Some("表三：收到和处理政府信息公开申请情况".to_owned());
    r.layout.split_applications_before = Some("denied_process_info".to_owned());
    r.set("applications", "received", "natural_person", "１０");
    r.set("applications", "received", "total", "\u{3000}15\u{3000}");
    r.set("active_disclosure", "licensing", "decisions", "２３５");
    raw::write(
        &r.doc(),
        &Package {
            main_part: "word/main.xml".to_owned(),
            prefix: "ns0".to_owned(),
            strict: true,
            ..Package::default()
        },
    )
}
