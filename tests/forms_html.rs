//! A report published as a web page reads as the same report as .docx (SPEC §6): each
//! page here is written by `testdocs::html` from the same description as the .docx it
//! is compared with, value by value, anomaly by anomaly, note by note and metadata,
//! everything but `source` and `location`. Then what pages add: rowspan/colspan
//! grids, encodings, site chrome and decoys, Word's HTML, line numbers, hostile pages.

mod common;

use nianbao::extract::{Options, extract_bytes};
use nianbao::report::{Anomaly, ErrorCode, Report, Status};
use pretty_assertions::assert_eq;
use testdocs::html::{self, Page, Style};
use testdocs::{Report as Described, corpus, docxrs};

fn extract(name: &str, bytes: Vec<u8>) -> Report {
    extract_bytes(name, bytes, &Options::default())
}

/// An anomaly without its location, its raw text as a page shows it: what must agree
/// between forms.
fn unlocated(a: &Anomaly) -> Anomaly {
    Anomaly {
        location: None,
        raw: a.raw.as_deref().map(common::shown),
        ..a.clone()
    }
}

/// Asserts `page` is the report `docx` is, but for `source` and `location`.
#[track_caller]
fn assert_same_report(docx: &Report, page: &Report) {
    assert_eq!(docx.status, Status::Ok, "{:?}", docx.error);
    assert_eq!(page.status, Status::Ok, "{:?}", page.error);
    assert_eq!(page.template, docx.template);
    assert_eq!(page.report, docx.report);
    let cells = |r: &Report| {
        r.cells
            .iter()
            .map(|c| {
                (
                    c.table,
                    c.row,
                    c.col,
                    c.value.clone(),
                    c.raw.as_deref().map(common::shown),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(cells(page), cells(docx));
    let all = |v: &[Anomaly]| v.iter().map(unlocated).collect::<Vec<_>>();
    assert_eq!(all(&page.anomalies), all(&docx.anomalies));
    assert_eq!(all(&page.notes), all(&docx.notes));
    assert_eq!(page.narrative, docx.narrative);
}

/// The reports compared in every form: figures everywhere, failing rules, placeholders
/// and text in number cells, the 2019 template, and the real seed (NBSP blanks,
/// labels broken over lines).
fn described() -> Vec<(&'static str, Described)> {
    vec![
        ("clean", corpus::clean_2021()),
        ("unbalanced", corpus::unbalanced_2021()),
        ("placeholders", corpus::placeholders_2021()),
        ("template-2019", corpus::template_2019()),
        ("seed", testdocs::seed::seed_report()),
    ]
}

fn utf8_page() -> Page {
    Page {
        charset: Some("utf-8".into()),
        ..Page::default()
    }
}

#[test]
fn hand_written_pages_read_as_their_docx() {
    for (name, r) in described() {
        let doc = r.doc();
        let docx = extract(&format!("{name}.docx"), docxrs::write(&doc));
        let page = html::write(&doc, Style::Hand, &utf8_page());
        assert!(page.contains("rowspan=\"") && page.contains("colspan=\""));
        let got = extract(&format!("{name}.html"), page.into_bytes());
        assert_eq!(
            got.source.format.map(|f| f.as_str()),
            Some("html"),
            "{name}"
        );
        assert_same_report(&docx, &got);
    }
}

/// Encodes a page's text in GBK (what `gb2312` pages are served in).
fn gbk(page: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(page);
    assert!(!unmappable, "the test page is all GBK");
    bytes.into_owned()
}

#[test]
fn gbk_pages_with_a_gb2312_meta_and_without_any() {
    for (name, r) in described() {
        let doc = r.doc();
        let docx = extract(&format!("{name}.docx"), docxrs::write(&doc));
        let declared = Page {
            charset: Some("gb2312".into()),
            ..Page::default()
        };
        let bytes = gbk(&html::write(&doc, Style::Hand, &declared));
        assert!(std::str::from_utf8(&bytes).is_err());
        assert_same_report(&docx, &extract(&format!("{name}-gbk.html"), bytes));
        // undeclared: not UTF-8, so GB18030 (which reads GBK)
        let bytes = gbk(&html::write(&doc, Style::Hand, &Page::default()));
        assert_same_report(&docx, &extract(&format!("{name}-undeclared.htm"), bytes));
    }
}

#[test]
fn pages_as_word_saves_them() {
    for (name, r) in described() {
        let doc = r.doc();
        let docx = extract(&format!("{name}.docx"), docxrs::write(&doc));
        let word = Page {
            charset: Some("gb2312".into()),
            ..Page::default()
        };
        let page = html::write(&doc, Style::Word, &word);
        assert!(page.contains("<o:p></o:p>") && page.contains("class=MsoNormal"));
        assert!(page.contains("\r\n") && page.contains("rowspan="));
        assert_same_report(&docx, &extract(&format!("{name}.htm"), gbk(&page)));
    }
}

#[test]
fn a_web_page_named_doc_is_read_as_a_page() {
    let r = corpus::unbalanced_2021();
    let doc = r.doc();
    let docx = extract("a.docx", docxrs::write(&doc));
    let got = extract(
        "attachments/report.doc",
        html::write(&doc, Style::Word, &utf8_page()).into_bytes(),
    );
    assert_eq!(got.source.format.map(|f| f.as_str()), Some("html"));
    assert_same_report(&docx, &got);
}

#[test]
fn site_chrome_and_decoys_do_not_change_the_report() {
    for (name, r) in described() {
        let doc = r.doc();
        let docx = extract(&format!("{name}.docx"), docxrs::write(&doc));
        let page = html::write(&doc, Style::Hand, &html::site_chrome(&r.title.concat()));
        let got = extract(&format!("{name}.shtml"), page.into_bytes());
        assert_same_report(&docx, &got);
    }
}

#[test]
fn locations_number_cells_as_the_docx_does_plus_the_line_of_the_tag() {
    for (name, r) in described() {
        let doc = r.doc();
        let docx = extract(&format!("{name}.docx"), docxrs::write(&doc));
        for style in [Style::Hand, Style::Word] {
            let page = html::write(&doc, style, &utf8_page());
            let lines: Vec<&str> = page.lines().collect();
            let got = extract(&format!("{name}.html"), page.clone().into_bytes());
            assert_eq!(got.cells.len(), docx.cells.len());
            for (p, d) in got.cells.iter().zip(&docx.cells) {
                let (Some(pl), Some(dl)) = (p.location, d.location) else {
                    assert_eq!(p.location, d.location);
                    continue;
                };
                // covered slots count as cells, as .docx's w:vMerge continue cells do
                assert_eq!((pl.table, pl.row, pl.cell), (dl.table, dl.row, dl.cell));
                assert_eq!(dl.line, None);
                let line = pl.line.expect("a page's cell has its line") as usize;
                let at = lines[line - 1];
                // Hand: a row a line; Word: the <td …> tag ends on the line after its start
                let tag = match style {
                    Style::Hand => at,
                    Style::Word => lines[line - 2],
                };
                assert!(tag.contains("<td"), "{name} {style:?} line {line}: {at}");
                if let Some(raw) = p.raw.as_deref().filter(|r| !r.trim().is_empty()) {
                    let text = html::esc(raw.trim_matches(' '));
                    let near = lines[line - 1..(line + 2).min(lines.len())].concat();
                    assert!(
                        near.contains(&text),
                        "{name} {style:?} line {line}: {near} ∌ {text}"
                    );
                }
            }
        }
    }
}

/// A hostile page is an error record (or a bounded read), never a hang: each must
/// finish within `secs` even in a debug build on a loaded two-core machine (the bounds
/// are hang guards, ten times what an idle debug run takes, not speed goals).
#[track_caller]
fn bounded(name: &str, bytes: Vec<u8>, secs: u64) -> Report {
    let t = std::time::Instant::now();
    let r = extract(name, bytes);
    assert!(
        t.elapsed() < std::time::Duration::from_secs(secs),
        "{name} took {:?}",
        t.elapsed()
    );
    r
}

#[track_caller]
fn assert_too_large(r: &Report, says: &str) {
    assert_eq!(r.status, Status::Error);
    let e = r.error.as_ref().expect("error record");
    assert_eq!(e.code, ErrorCode::TooLarge, "{}", e.message);
    assert!(e.message.contains(says), "{}", e.message);
}

#[test]
fn deep_nesting_is_refused_quickly() {
    let n = 100_000;
    let divs = format!(
        "<meta charset=utf-8>{}x{}",
        "<div>".repeat(n),
        "</div>".repeat(n)
    );
    assert_too_large(
        &bounded("divs.html", divs.into_bytes(), 120),
        "nested deeper than 2000",
    );
    let tables = format!("<table><tr><td>{}x", "<table><tr><td>".repeat(n));
    assert_too_large(
        &bounded("tables.html", tables.into_bytes(), 120),
        "nested deeper than 2000 (by line 1",
    );
    // unclosed inline elements nest too (html5ever keeps each open)
    let spans = format!("<p>{}", "<span>x".repeat(n));
    assert_too_large(
        &bounded("spans.html", spans.into_bytes(), 120),
        "nested deeper",
    );
}

#[test]
fn a_million_cell_table_is_refused_while_parsing() {
    let row = format!("<tr>{}</tr>\n", "<td>1</td>".repeat(1000));
    let page = format!("<table>{}</table>", row.repeat(1000));
    let r = bounded("cells.html", page.into_bytes(), 300);
    assert_too_large(&r, "more than 100000 table cells in the page (by line 10");
}

#[test]
fn rowspans_cannot_multiply_cells_past_the_cap() {
    // 1000 cells each spanning 60000 rows, then 60000 empty rows: 60 million slots
    let page = format!(
        "<table><tr>{}</tr>{}</table>",
        "<td rowspan=60000>1</td>".repeat(1000),
        "<tr></tr>".repeat(60_000)
    );
    let r = bounded("spans.html", page.into_bytes(), 300);
    assert_too_large(&r, "slots rowspans cover");
}

#[test]
fn a_50_mb_page_is_read_within_bounds() {
    let r = corpus::clean_2021();
    let doc = r.doc();
    let docx = extract("clean.docx", docxrs::write(&doc));
    let filler = format!("<p>{}</p>\n", "政府信息公开工作".repeat(40));
    let page = Page {
        charset: Some("utf-8".into()),
        after: filler.repeat(50 * 1024 * 1024 / filler.len()),
        ..Page::default()
    };
    let bytes = html::write(&doc, Style::Hand, &page).into_bytes();
    assert!(bytes.len() > 50 * 1000 * 1000);
    let got = bounded("big.html", bytes, 900);
    assert_same_report(&docx, &got);
}

#[test]
fn invalid_bytes_in_the_declared_charset_are_located() {
    let r = corpus::clean_2021();
    let doc = r.doc();
    let page = html::write(
        &doc,
        Style::Hand,
        &Page {
            charset: Some("gbk".into()),
            ..Page::default()
        },
    );
    // received/natural_person is "1" in clean-2021: its cell gets a byte GBK lacks
    let mut bytes = gbk(&page);
    let cell = gbk("一、本年新收政府信息公开申请数量</td><td>");
    let at = bytes
        .windows(cell.len())
        .position(|w| w == cell.as_slice())
        .expect("the row")
        + cell.len();
    bytes.insert(at, 0xFF);
    let got = bounded("bad-bytes.html", bytes, 120);
    assert_eq!(got.status, Status::Ok, "{:?}", got.error);
    let c = got
        .cells
        .iter()
        .find(|c| c.row == "received" && c.col == "natural_person")
        .expect("cell");
    assert_eq!(c.value, None);
    assert!(
        c.raw.as_deref().is_some_and(|r| r.starts_with('\u{FFFD}')),
        "{:?}",
        c.raw
    );
    let note = got
        .notes
        .iter()
        .find(|n| n.code.as_str() == "undecodable_bytes")
        .expect("the note");
    assert!(
        note.message.contains(&format!("first at byte {at}")) && note.message.contains("GBK"),
        "{}",
        note.message
    );
    // A GBK page that declares UTF-8: nothing reads, and the record says why.
    let lying = gbk(&html::write(&doc, Style::Hand, &utf8_page()));
    let got = bounded("lying.html", lying, 120);
    assert_eq!(
        got.error.as_ref().map(|e| e.code),
        Some(ErrorCode::NotAReport)
    );
    let msg = &got.error.as_ref().expect("error").message;
    assert!(msg.contains("not valid UTF-8"), "{msg}");
}

#[test]
fn single_file_web_pages_mht_and_word_saved_as_doc() {
    use html::Transfer::*;
    for (name, r) in described() {
        let doc = r.doc();
        let docx = extract(&format!("{name}.docx"), docxrs::write(&doc));
        let word = Page {
            charset: Some("gb2312".into()),
            ..Page::default()
        };
        let page = gbk(&html::write(&doc, Style::Word, &word));
        // as Word writes it: quoted-printable GBK with its charset, named .mht and .doc
        let mht = html::mht(&page, Some("gb2312"), QuotedPrintable);
        assert!(mht.windows(3).any(|w| w == b"=\r\n"), "soft line breaks");
        for file in [format!("{name}.mht"), format!("{name}.doc")] {
            let got = extract(&file, mht.clone());
            assert_eq!(got.source.format.map(|f| f.as_str()), Some("mht"), "{file}");
            assert_same_report(&docx, &got);
        }
        // base64, and no charset in the part's Content-Type: the page's meta decides
        let b64 = html::mht(&page, None, Base64);
        assert_same_report(&docx, &extract(&format!("{name}.mhtml"), b64));
        // the part's charset outranks the page's meta (a UTF-8 page saved as GBK's)
        let utf8 = html::write(&doc, Style::Hand, &word).into_bytes();
        let got = extract(
            &format!("{name}-utf8.mht"),
            html::mht(&utf8, Some("utf-8"), Base64),
        );
        assert_same_report(&docx, &got);
    }
}

#[test]
fn an_mht_without_a_page_says_so() {
    let mht = b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0K\r\n--b--\r\n";
    let got = extract("empty.mht", mht.to_vec());
    let e = got.error.expect("error record");
    assert_eq!(e.code, ErrorCode::NotAReport);
    assert!(e.message.contains("none is text/html"), "{}", e.message);
}

#[test]
fn docx_with_an_html_or_mht_alt_chunk_reads_as_if_it_stood_there() {
    use html::Chunk;
    for (name, r) in described() {
        let doc = r.doc();
        let docx = extract(&format!("{name}.docx"), docxrs::write(&doc));
        // the heading of table 三 and what follows up to the closing lines: tables 三
        // and 四 in the chunk, table 二 before it (so the chunk's tables are renumbered
        // after it), the outro and signature after it
        let heading = |h: &str| {
            doc.body
                .iter()
                .position(|b| matches!(b, testdocs::Block::Para(p) if para_text(p) == *h))
                .unwrap_or_else(|| panic!("{name}: no paragraph {h}"))
        };
        let from = heading(&r.headings[1]);
        let to = heading(&r.outro[0]);
        for chunk in [Chunk::Html, Chunk::Mht] {
            let bytes = html::alt_chunk_docx(&doc, from..to, chunk);
            let main = testdocs::part_text(&bytes, "word/document.xml").expect("main part");
            assert!(main.contains("<w:altChunk r:id=\"htmlChunk1\"/>"));
            assert_eq!(
                main.matches("<w:tbl>").count(),
                doc_tables_before(&doc, from)
            );
            let got = extract(&format!("{name}-altchunk.docx"), bytes);
            assert_eq!(got.source.format.map(|f| f.as_str()), Some("docx"));
            assert_same_report(&docx, &got);
            // tables numbered in document order: the chunk's after the body's before it
            let loc = |r: &Report| {
                r.cells
                    .iter()
                    .map(|c| c.location.map(|l| (l.table, l.row, l.cell)))
                    .collect::<Vec<_>>()
            };
            assert_eq!(loc(&got), loc(&docx), "{name} {chunk:?}");
        }
    }
}

fn para_text(p: &testdocs::Para) -> String {
    p.inlines
        .iter()
        .filter_map(|i| match i {
            testdocs::Inline::Run(r) => Some(r.plain_text()),
            _ => None,
        })
        .collect()
}

fn doc_tables_before(doc: &testdocs::Doc, at: usize) -> usize {
    doc.body[..at]
        .iter()
        .filter(|b| matches!(b, testdocs::Block::Table(_)))
        .count()
}

#[test]
fn inspect_reads_pages_mht_and_alt_chunks() {
    let dir = std::env::temp_dir().join(format!("nianbao-inspect-html-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let r = corpus::clean_2021();
    let doc = r.doc();
    let word = Page {
        charset: Some("gb2312".into()),
        ..Page::default()
    };
    let page = gbk(&html::write(&doc, Style::Word, &word));
    let files = [
        ("page.doc", page.clone(), "web page, read as GBK"),
        (
            "page.mht",
            html::mht(&page, Some("gb2312"), html::Transfer::QuotedPrintable),
            "single-file web page (MHT)",
        ),
        (
            "chunk.docx",
            html::alt_chunk_docx(&doc, 3..doc.body.len(), html::Chunk::Html),
            "main part word/document.xml",
        ),
    ];
    for (name, bytes, says) in files {
        let path = dir.join(name);
        std::fs::write(&path, bytes).expect("write");
        let out = nianbao::inspect::inspect_file(&path).expect("inspects");
        assert!(out.contains(says), "{name}: {out}");
        // every table of the report is drawn: table 三's header cells among them
        assert!(
            out.contains("3 tables") || out.contains("tables,"),
            "{name}: {out}"
        );
        assert!(
            out.contains("法律服务机构") && out.contains("尚未审结"),
            "{name}: {out}"
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}

/// A page's `i`-th `<table border="1">…</table>` (a report table, as [`Style::Hand`]
/// writes it, one row a line), as `(start, end)` byte offsets.
fn hand_table(page: &str, i: usize) -> (usize, usize) {
    let start = page
        .match_indices("<table border=\"1\">")
        .nth(i)
        .unwrap_or_else(|| panic!("table {i}"))
        .0;
    // the report tables do not nest here: the first </table> after it closes it
    let end = start + page[start..].find("</table>").expect("closed") + "</table>".len();
    (start, end)
}

/// Rows in row groups, as CMS editors and browsers' "save as" write them (SPEC §6:
/// rows inside `thead`/`tbody`/`tfoot`): table 二's header row in `<thead>`, every
/// table's other rows in `<tbody>`, and table 四's value row in a `<tfoot>` written
/// before the body (HTML 4's order), which a browser shows last. The same report as the
/// .docx, value by value.
#[test]
fn rows_in_thead_tbody_and_an_early_tfoot_read_as_their_docx() {
    for (name, r) in described() {
        let doc = r.doc();
        let docx = extract(&format!("{name}.docx"), docxrs::write(&doc));
        let mut page = html::write(&doc, Style::Hand, &utf8_page());
        let tables = page.matches("<table border=\"1\">").count();
        assert!(tables >= 3, "{name}: {tables} tables");
        // from the last table back, so earlier offsets stay valid
        for i in (0..tables).rev() {
            let (start, end) = hand_table(&page, i);
            let open = "<table border=\"1\">\n";
            let rows: Vec<&str> = page[start + open.len()..end - "</table>".len()]
                .lines()
                .collect();
            assert!(
                rows.iter().all(|r| r.starts_with("<tr>")),
                "{name}: {rows:?}"
            );
            let group = if i == 0 {
                format!(
                    "<thead>\n{}\n</thead><tbody>\n{}\n</tbody>",
                    rows[0],
                    rows[1..].join("\n")
                )
            } else if i == tables - 1 {
                let (body, last) = rows.split_at(rows.len() - 1);
                format!(
                    "<tfoot>{}</tfoot>\n<tbody>\n{}\n</tbody>",
                    last[0],
                    body.join("\n")
                )
            } else {
                format!("<tbody>\n{}\n</tbody>", rows.join("\n"))
            };
            page.replace_range(start..end, &format!("{open}{group}\n</table>"));
        }
        assert!(page.contains("<thead>") && page.contains("<tfoot><tr>"));
        let got = extract(&format!("{name}-groups.html"), page.into_bytes());
        assert_same_report(&docx, &got);
    }
}

/// Tables 三 and 四 side by side in a two-cell layout table, and the whole report in a
/// one-cell layout table (as CMS pages lay articles out): nested `<table>`s, read as
/// the .docx with the same nesting is read — values, anomalies (a NBSP blank in each)
/// and metadata.
#[test]
fn nested_layout_tables_read_as_their_docx() {
    use testdocs::{Block, Cell, Row, Table};
    // the whole body in one cell
    let mut whole = corpus::clean_2021();
    whole.layout.layout_table = true;
    whole.set("applications", "denied_admin_query", "other_org", "\u{a0}");
    // tables 三 and 四 in the two cells of a layout table
    let mut side = corpus::unbalanced_2021();
    side.set(
        "review_litigation",
        "litigation_after_review",
        "pending",
        "\u{a0}",
    );
    let mut side_doc = side.doc();
    let at: Vec<usize> = side_doc
        .body
        .iter()
        .enumerate()
        .filter(|(_, b)| matches!(b, Block::Table(_)))
        .map(|(i, _)| i)
        .collect();
    let t4 = side_doc.body.remove(at[2]);
    let t3 = side_doc.body.remove(at[1]);
    let mut left = Cell::text("");
    left.content = vec![t3];
    let mut right = Cell::text("");
    right.content = vec![t4];
    side_doc.body.insert(
        at[1],
        Block::Table(Table {
            grid: vec![6000, 6000],
            rows: vec![Row {
                cells: vec![left, right],
                ..Default::default()
            }],
        }),
    );
    for (name, doc) in [("whole", whole.doc()), ("side", side_doc)] {
        let docx = extract(&format!("{name}.docx"), docxrs::write(&doc));
        assert!(
            docx.anomalies
                .iter()
                .any(|a| a.code.as_str() == "missing_cell"),
            "{name}: the blank is found"
        );
        let page = html::write(&doc, Style::Hand, &utf8_page());
        // the layout table and the three report tables, nested in it
        assert_eq!(page.matches("<table").count(), 4, "{name}");
        // a report table opens inside a cell (after its <td> or the cell's text)
        assert!(
            page.lines()
                .any(|l| l.contains("<table") && !l.starts_with("<table")),
            "{name}: nested"
        );
        assert_same_report(&docx, &extract(&format!("{name}.html"), page.into_bytes()));
    }
}

/// Every name SPEC §6 gives a page (`.html` `.htm` `.shtml` `.xhtml`, and any other):
/// the page is read as a page, the same report whatever it is called.
#[test]
fn a_page_reads_the_same_under_every_name() {
    let r = corpus::template_2019();
    let doc = r.doc();
    let docx = extract("t.docx", docxrs::write(&doc));
    let page = html::write(&doc, Style::Hand, &utf8_page());
    for name in [
        "t.html", "t.htm", "t.shtml", "t.xhtml", "t.HTML", "t.asp", "t",
    ] {
        let got = extract(name, page.clone().into_bytes());
        assert_eq!(
            got.source.format.map(|f| f.as_str()),
            Some("html"),
            "{name}"
        );
        assert_same_report(&docx, &got);
    }
}
