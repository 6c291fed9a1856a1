//! Real shapes (issue 11): for each class of what real reports do to the template, a
//! document built in code that reproduces the shape — never a copy of a real file —
//! named after the class. `tests/realshapes.rs` extracts each and checks every value
//! and anomaly; [`crate::corpus`] writes one of each into `corpus/`.
//!
//! | class | builder | the shape |
//! |---|---|---|
//! | annotated figures | [`annotated_figures`] | figures with a note or a measure word (`22（其中修订16件）`, `3件`), beside text that is not one figure (`约20`, `3/5`) |
//! | amount units | [`amount_units`] | 本年收费金额 typed in 元 (`15000元`) where the template asks 万元 |
//! | mixed forms | [`mixed_forms`] | a 2021 table 二 beside table 三's single 2019 （六）其他处理 row |
//! | split tables | [`split_table`], [`split_libreoffice`] | table 三 split by a page break, the continuation's label columns empty cells (LibreOffice) or merge continues, a header repeated or none, starting mid-group |
//! | label variants | [`label_variants`] | numbered items of table 三 printed with typos (`2.其他法律行政止公开`) |
//! | titles | [`title_cases`], [`titles_corpus`] | a title over two or three paragraphs, in a text box (Word, WPS, VML) or a layout table's cell; the agency only in a `本报告由…根据…` sentence, or only in the signature |
//! | nested layout tables | [`nested_layout`] | the whole report inside N nested one-cell tables (issue 15) |
//! | continuation joined with 四 | [`continuation_with_review`] | table 三's rows after a page break and table 四 in one `w:tbl` |
//!
//! Every builder starts from [`clean_2021`] (every 勾稽 rule holding), so what a class
//! changes is all a test has to look at.

use crate::corpus::clean_2021;
use crate::model::{Block, Cell, Row, Table};
use crate::report::{Continuation, Report};

/// Annotated figures (SPEC §3): each cell below holds [`clean_2021`]'s figure, written
/// with a note or a measure word as county reports write them, so every 勾稽 rule still
/// holds once the leading figure is read:
///
/// | cell | text |
/// |---|---|
/// | `active_disclosure.rules.in_force` | `5（其中修订2件）` |
/// | `active_disclosure.normative_docs.in_force` | `12（含自然失效3件）` |
/// | `active_disclosure.licensing.decisions` | `235件` |
/// | `applications.received.total` | `15 项` |
/// | `applications.granted.natural_person` | `5人次` |
/// | `applications.unable_not_held.total` | `3件（其中2件已告知申请人）` |
///
/// and five cells of `litigation_after_review` (all 0 in clean_2021) that are not one
/// figure and stay `null` + `non_numeric_cell`: `见附件`, `N/A`, `约0`, `0/0`, `0 0`.
pub fn annotated_figures() -> Report {
    let mut r = clean_2021();
    for (table, row, col, text) in ANNOTATED {
        r.set(table, row, col, *text);
    }
    for (col, text) in NOT_ONE_FIGURE {
        r.set("review_litigation", "litigation_after_review", col, *text);
    }
    r
}

/// The annotated cells of [`annotated_figures`]: (table, row, col, text).
pub const ANNOTATED: &[(&str, &str, &str, &str)] = &[
    ("active_disclosure", "rules", "in_force", "5（其中修订2件）"),
    (
        "active_disclosure",
        "normative_docs",
        "in_force",
        "12（含自然失效3件）",
    ),
    ("active_disclosure", "licensing", "decisions", "235件"),
    ("applications", "received", "total", "15 项"),
    ("applications", "granted", "natural_person", "5人次"),
    (
        "applications",
        "unable_not_held",
        "total",
        "3件（其中2件已告知申请人）",
    ),
];

/// The cells of [`annotated_figures`] that hold no single figure: (col of
/// `litigation_after_review`, text).
pub const NOT_ONE_FIGURE: &[(&str, &str)] = &[
    ("upheld", "见附件"),
    ("corrected", "N/A"),
    ("other", "约0"),
    ("pending", "0/0"),
    ("total", "0 0"),
];

/// Amount units (SPEC §2): [`clean_2021`] with 本年收费金额 typed `15000元` (its 1.5
/// 万元 in 元), as township reports write what they collected.
pub fn amount_units() -> Report {
    let mut r = clean_2021();
    r.set("active_disclosure", "fees", "amount", "15000元");
    r
}

/// Mixed forms (SPEC §2): [`clean_2021`]'s 2021 table 二 beside a table 三 whose
/// （六）其他处理 is the single 2019 row, holding (1, 0, 0, 0, 0, 0, 1) — taken from
/// 予以公开's natural persons (4, total 8), so `results_total` holds only when it sums
/// the single row.
pub fn mixed_forms() -> Report {
    let mut r = clean_2021();
    r.layout.single_other = true;
    r.set_app_row("granted", ["4", "2", "1", "1", "0", "0", "8"]);
    r.set_app_row("other", ["1", "0", "0", "0", "0", "0", "1"]);
    r
}

/// Label variants (SPEC §3, issue 11 item 1): [`clean_2021`] with three numbered items
/// of table 三 printed with typos their words no longer name — a label that lost three
/// characters (`2.其他法律行政止公开`), one with a character replaced (`7.属于行政执法案件`,
/// `3.要求提供公开出板物`) — and [`clean_2021`]'s 属于国家秘密 figures moved to the
/// first of them (1, 0, 0, 0, 0, 0, 1), so `results_total` holds only when it is read.
pub fn label_variants() -> Report {
    let mut r = clean_2021();
    for (from, to) in LABEL_VARIANTS {
        r.relabel.insert((*from).to_owned(), (*to).to_owned());
    }
    r.set_app_row("denied_state_secret", ["0"; 7]);
    r.set_app_row("denied_law_prohibited", ["1", "0", "0", "0", "0", "0", "1"]);
    r
}

/// The relabelled items of [`label_variants`]: (template label, printed).
pub const LABEL_VARIANTS: &[(&str, &str)] = &[
    ("2.其他法律行政法规禁止公开", "2.其他法律行政止公开"),
    ("7.属于行政执法案卷", "7.属于行政执法案件"),
    ("3.要求提供公开出版物", "3.要求提供公开出板物"),
];

/// Split tables (issue 11 item 3): `r` with table 三 split by a page break before
/// `before`, the second part written as `cont` says — its label columns' merges as
/// empty cells (LibreOffice), the header repeated or not — and with `centered`, every
/// merge of table 三 rebuilt as plain cells with the text in the middle row
/// ([`unmerge_centered`]). Written by the raw writer (docx-rs cannot write a part that
/// starts mid-merge).
pub fn split_table(mut r: Report, before: &str, cont: Continuation, centered: bool) -> Vec<u8> {
    r.layout.split_applications_before = Some(before.to_owned());
    r.layout.continuation = cont;
    let mut doc = r.doc();
    if centered {
        let first = if r.layout.active_split { 5 } else { 2 };
        for n in [first, first + 1] {
            unmerge_centered(doc.table_mut(n));
        }
    }
    crate::raw::write(&doc, &crate::raw::Package::default())
}

/// The split of [`split_table`] the corpus holds: mid-group (inside （三）, before
/// 6.属于四类过程性信息), the continuation's label columns empty cells, no header.
pub fn split_libreoffice() -> Report {
    let mut r = clean_2021();
    r.layout.split_applications_before = Some("denied_process_info".to_owned());
    r.layout.continuation = Continuation {
        empty_labels: true,
        repeat_header: false,
    };
    r
}

/// Every vertical merge of `t` written as plain cells, the merged text in the middle
/// row of its run (the upper one of two): a table rebuilt from a page (pdf2docx, and
/// LibreOffice after it) places a merged label where the page shows it, vertically
/// centered, and leaves the other rows of the run empty.
pub fn unmerge_centered(t: &mut crate::model::Table) {
    use crate::model::VMerge;
    let cols = |row: &crate::model::Row| {
        let mut g = row.grid_before;
        row.cells
            .iter()
            .map(|c| {
                let at = g;
                g += c.span.max(1);
                at
            })
            .collect::<Vec<usize>>()
    };
    let grid: Vec<Vec<usize>> = t.rows.iter().map(cols).collect();
    // the cell of row `i` starting at grid column `g`
    let find = |i: usize, g: usize| grid.get(i).and_then(|r| r.iter().position(|x| *x == g));
    for (i, row_grid) in grid.iter().enumerate() {
        for (k, &g) in row_grid.iter().enumerate() {
            if t.rows[i].cells[k].vmerge != Some(VMerge::Restart) {
                continue;
            }
            let mut run = 1;
            while let Some(c) = find(i + run, g) {
                if t.rows[i + run].cells[c]
                    .vmerge
                    .is_none_or(|m| m == VMerge::Restart)
                {
                    break;
                }
                run += 1;
            }
            let content =
                std::mem::replace(&mut t.rows[i].cells[k].content, Cell::text("").content);
            let mid = i + (run - 1) / 2;
            if let Some(c) = find(mid, g) {
                t.rows[mid].cells[c].content = content;
            }
            for j in i..i + run {
                if let Some(c) = find(j, g) {
                    t.rows[j].cells[c].vmerge = None;
                }
            }
        }
    }
}

mod titles;
pub use titles::*;

// ------------------------------------------------------ nested layout tables (issue 15)

/// `r` inside `depth` nested one-cell layout tables (issue 15: a report inside ten of
/// them lost its metadata). Written by the raw writer.
pub fn nested_layout(r: &Report, depth: usize) -> Vec<u8> {
    crate::raw::write(
        &nested_layout_doc(r, depth),
        &crate::raw::Package::default(),
    )
}

/// The document of [`nested_layout`], for the other writers (a web page nests its
/// `<table>`s the same way).
pub fn nested_layout_doc(r: &Report, depth: usize) -> crate::model::Doc {
    let mut doc = r.doc();
    for _ in 0..depth {
        let mut cell = Cell::text("");
        cell.content = std::mem::take(&mut doc.body);
        doc.body = vec![Block::Table(Table {
            grid: vec![9000],
            rows: vec![Row {
                cells: vec![cell],
                ..Row::default()
            }],
        })];
    }
    doc
}

// ------------------------------------------- table 三's continuation joined with 四

/// Table 三 split by a page break before `before`, its continuation (written as `cont`
/// says) and table 四 one `w:tbl`: a writer joined the tables after the break (with
/// `before` `None`, table 三 unsplit and joined whole with table 四). The heading
/// `四、政府信息公开行政复议、行政诉讼情况` between them is gone, or with `heading_row`
/// kept as a row of the joined table spanning its width. Raw writer.
pub fn continuation_with_review(
    mut r: Report,
    before: Option<&str>,
    cont: Continuation,
    heading_row: bool,
) -> Vec<u8> {
    r.layout.split_applications_before = before.map(str::to_owned);
    r.layout.continuation = cont;
    let mut doc = r.doc();
    let heading = r.headings[2].clone();
    let at = doc
        .body
        .iter()
        .position(|b| matches!(b, Block::Para(p) if para_text(p) == heading))
        .expect("the heading of table 四");
    let Block::Table(review) = doc.body.remove(at + 1) else {
        panic!("table 四 follows its heading")
    };
    doc.body.remove(at);
    let Some(Block::Table(part)) = doc.body.get_mut(at - 1) else {
        panic!("table 三's continuation precedes the heading of table 四")
    };
    let width = part.grid.len().max(review.grid.len());
    if heading_row {
        part.rows.push(Row {
            cells: vec![Cell::text(&heading).span(width)],
            ..Row::default()
        });
    }
    part.rows.extend(review.rows);
    if review.grid.len() > part.grid.len() {
        part.grid = review.grid;
    }
    crate::raw::write(&doc, &crate::raw::Package::default())
}

/// The text of a paragraph of the model.
fn para_text(p: &crate::model::Para) -> String {
    p.inlines
        .iter()
        .filter_map(|i| match i {
            crate::model::Inline::Run(r) => Some(r.plain_text()),
            _ => None,
        })
        .collect()
}
