//! quirks tests: table structure — legacy and grid merges, nested and layout tables, tables
//! split, absent, captioned or cut into blocks, every quirk at once.

use super::*;
use pretty_assertions::assert_eq;

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
