//! The HTML reader on hand-written pages: text as a browser shows it, table grids,
//! what is skipped, layout tables.

use super::*;
use crate::model::{Block, CellRef, Merge};

fn read(page: &str) -> Document {
    read_html(page.as_bytes(), &Limits::default())
        .expect("page reads")
        .doc
}

fn texts(d: &Document, t: usize) -> Vec<Vec<&str>> {
    d.tables[t]
        .rows
        .iter()
        .map(|r| r.cells.iter().map(|c| c.text.as_str()).collect())
        .collect()
}

/// (col, span, merge) of each cell of table `t`.
fn grid(d: &Document, t: usize) -> Vec<Vec<(usize, usize, Merge)>> {
    d.tables[t]
        .rows
        .iter()
        .map(|r| r.cells.iter().map(|c| (c.col, c.span, c.vmerge)).collect())
        .collect()
}

#[test]
fn cell_text_as_a_browser_shows_it() {
    let d = read(
        "<table><tr><td>\n  a <b>b</b>\n\t c<br>d<p>e</p>&nbsp;1&amp;2 </td>\
         <td><p>商业</p><p>企业</p></td><td>x<br></td><td> &nbsp; </td><td><pre> 1  2 </pre></td></tr></table>",
    );
    assert_eq!(
        texts(&d, 0),
        vec![vec![
            "a b c\nd\ne\n\u{a0}1&2",
            "商业\n企业",
            "x",
            "\u{a0}",
            " 1  2 "
        ]]
    );
}

#[test]
fn what_a_browser_does_not_show_is_skipped() {
    let d = read(
        "<head><title>2019年报告</title><style>.x{display:none} @media print{.p{display:none}}</style></head>\
         <body><p>见<script>document.write('9')</script><!-- 9 -->到</p>\
         <p style='display: NONE'>9</p><p hidden>9</p><p class='a x'>9</p><p class=p>打印</p>\
         <p><span style='visibility:hidden'>9</span><span style=\"mso-hide:all\">9</span>止</p>\
         <template><p>9</p></template><noscript>9</noscript><select><option>9</option></select></body>",
    );
    assert_eq!(
        d.paragraphs().collect::<Vec<_>>(),
        vec!["见到", "打印", "止"]
    );
}

#[test]
fn word_html_is_read_as_shown() {
    // Word's conditional blocks: `<![if …]>` are bogus comments to a browser, so what is
    // between them shows; `<!--[if gte mso 9]>…<![endif]-->` is a comment.
    let d = read(
        "<html xmlns:o=\"urn:schemas-microsoft-com:office:office\"><body>\
         <!--[if gte mso 9]><xml><o:DocumentProperties><o:Title>假</o:Title></o:DocumentProperties></xml><![endif]-->\
         <p class=MsoListParagraph><![if !supportLists]><span style='mso-list:Ignore'>1.</span><![endif]>规章<o:p></o:p></p>\
         <table class=MsoTableGrid><tr><td><p class=MsoNormal><span lang=EN-US>12<o:p></o:p></span></p></td>\
         <td><p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p></td></tr></table></body></html>",
    );
    assert_eq!(d.paragraphs().collect::<Vec<_>>(), vec!["1.规章"]);
    assert_eq!(texts(&d, 0), vec![vec!["12", "\u{a0}"]]);
}

#[test]
fn rowspan_and_colspan_as_the_docx_grid() {
    let d = read(
        "<table>\
         <tr><td rowspan=3 colspan=2>a</td><td>b</td><td rowspan=2>c</td></tr>\
         <tr><td>d</td></tr>\
         <tr><td colspan=2>e</td></tr>\
         <tr><td>f</td><td rowspan=0>g</td><td colspan=0>h</td></tr>\
         <tr><td> 2x</td></tr></table>",
    );
    use Merge::*;
    assert_eq!(
        grid(&d, 0),
        vec![
            vec![(0, 2, Restart), (2, 1, None), (3, 1, Restart)],
            vec![(0, 2, Continue), (2, 1, None), (3, 1, Continue)],
            vec![(0, 2, Continue), (2, 2, None)],
            // rowspan=0: to the end of the row group; colspan=0 is 1
            vec![(0, 1, None), (1, 1, Restart), (2, 1, None)],
            vec![(0, 1, None), (1, 1, Continue)],
        ]
    );
    let cells = &d.tables[0].rows[1].cells;
    assert_eq!((cells[1].index, cells[1].text.as_str()), (1, "d"));
    assert_eq!(
        cells[0].text, "",
        "a covered slot is empty, as a w:vMerge continue cell"
    );
    assert_eq!(d.tables[0].rows[4].cells[0].text, "2x");
}

#[test]
fn row_groups_head_first_foot_last_spans_within_their_group() {
    let d = read(
        "<table><tfoot><tr><td>foot</td></tr></tfoot>\
         <tbody><tr><td rowspan=5>b1</td></tr><tr></tr></tbody>\
         <thead><tr><th>head</th></tr></thead><tr><td>b3</td></tr></table>",
    );
    assert_eq!(
        texts(&d, 0),
        vec![vec!["head"], vec!["b1"], vec![""], vec!["b3"], vec!["foot"]]
    );
    assert!(d.tables[0].rows[0].header && !d.tables[0].rows[1].header);
    assert_eq!(d.tables[0].rows[1].cells[0].vmerge, Merge::Restart);
    // the rowspan stops at its tbody's end
    assert_eq!(d.tables[0].rows[3].cells[0].vmerge, Merge::None);
}

#[test]
fn lines_are_those_of_the_start_tags() {
    let d =
        read("<table>\n<tr>\n<td>a</td>\n<td\nrowspan=2>b</td></tr>\n<tr><td>c</td></tr></table>");
    let lines: Vec<Vec<Option<u32>>> = d.tables[0]
        .rows
        .iter()
        .map(|r| r.cells.iter().map(|c| c.line).collect())
        .collect();
    // a tag over two lines is at the line of its `>`; a covered slot at its cell's
    assert_eq!(lines, vec![vec![Some(3), Some(5)], vec![Some(6), Some(5)]]);
}

#[test]
fn nested_tables_and_layout_tables() {
    let d = read(
        "<table><tr><td><p>标题</p><table><tr><td>1</td><td>2</td></tr></table><p>落款</p></td>\
         <td>side</td></tr></table>\
         <table><tr><td><p>单格</p><p>正文</p></td></tr></table>\
         <table><tr><td>x</td><td>y</td></tr></table>",
    );
    assert_eq!(d.tables.len(), 4);
    assert_eq!(
        d.tables[1].parent,
        Some(CellRef {
            table: 0,
            row: 0,
            cell: 0
        })
    );
    assert_eq!(d.tables[0].rows[0].cells[0].nested, vec![1]);
    assert_eq!(d.tables[0].rows[0].cells[0].text, "标题\n落款");
    // the layout tables' content is body content; the table of figures is a block
    assert_eq!(
        d.blocks,
        vec![
            Block::Paragraph("标题".into()),
            Block::Table(1),
            Block::Paragraph("落款".into()),
            Block::Paragraph("side".into()),
            Block::Paragraph("单格".into()),
            Block::Paragraph("正文".into()),
            Block::Table(3),
        ]
    );
}

#[test]
fn bounds_are_errors_not_hangs() {
    let tight = Limits {
        max_nodes: 50,
        max_cells: 10,
        max_depth: 20,
    };
    let e = read_html("<p>x</p>".repeat(100).as_bytes(), &tight).expect_err("nodes");
    assert!(e.message.contains("more than 50 elements"), "{e}");
    let e = read_html("<div>".repeat(30).as_bytes(), &tight).expect_err("depth");
    assert!(e.message.contains("nested deeper than 20"), "{e}");
    let e = read_html(
        format!("<table><tr>{}", "<td>1".repeat(11)).as_bytes(),
        &tight,
    )
    .expect_err("cells");
    assert!(e.message.contains("more than 10 table cells"), "{e}");
}
