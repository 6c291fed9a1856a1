//! The HTML writer: a [`Doc`] as a web page, so a report published as a page and as a
//! .docx come from one description.
//!
//! Vertical merges become `rowspan` (a restart cell spans the continue cells below it
//! at its grid column, which are not written), `w:gridSpan` becomes `colspan`,
//! `w:gridBefore`/`w:gridAfter` leave the row short, nested tables nest. A cell's
//! paragraphs are `<p>`s (or `<br>`-joined lines in [`Style::Hand`]), NBSP is written as
//! `&nbsp;`, a hidden run (`vanish`) as a `display:none` span.
//!
//! [`Style::Word`] writes the page as Word's "Save as Web Page (filtered: no)" does:
//! `mso-` styles, `class=MsoNormal` paragraphs, `<o:p>` after each paragraph's text,
//! `<![if !supportLists]>` list numbers, an `<xml>` block in a conditional comment,
//! unquoted attributes and CRLF line ends. [`Page`] wraps the body in site chrome.

use crate::model::*;

/// How the page is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// As a person or a simple CMS writes it: `<p>`, `<table border="1">`, `<br>`.
    Hand,
    /// As Word saves a document as a web page.
    Word,
}

/// What surrounds the report's body on the page.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// The `<meta charset>` written (none when `None`).
    pub charset: Option<String>,
    /// Markup written before the body's content (site header, navigation, …).
    pub before: String,
    /// Markup written after it (related links, footer).
    pub after: String,
    /// Markup for `<head>` besides the meta (styles, scripts).
    pub head: String,
}

/// Writes `doc` as a page.
pub fn write(doc: &Doc, style: Style, page: &Page) -> String {
    let mut w = Writer {
        out: String::new(),
        style,
        nl: if style == Style::Word { "\r\n" } else { "\n" },
    };
    w.head(page);
    w.out.push_str(&page.before);
    for b in &doc.body {
        w.block(b, false);
    }
    w.out.push_str(&page.after);
    w.out.push_str(if style == Style::Word {
        "</div>\r\n\r\n</body>\r\n\r\n</html>\r\n"
    } else {
        "</body></html>\n"
    });
    w.out
}

struct Writer {
    out: String,
    style: Style,
    nl: &'static str,
}

impl Writer {
    fn head(&mut self, page: &Page) {
        let nl = self.nl;
        match self.style {
            Style::Hand => {
                self.out.push_str("<!DOCTYPE html>\n<html><head>");
                if let Some(c) = &page.charset {
                    self.out.push_str(&format!("<meta charset=\"{c}\">"));
                }
                self.out.push_str(&page.head);
                self.out.push_str("</head><body>\n");
            }
            Style::Word => {
                self.out.push_str(
                    "<html xmlns:v=\"urn:schemas-microsoft-com:vml\"\r\nxmlns:o=\"urn:schemas-microsoft-com:office:office\"\r\nxmlns:w=\"urn:schemas-microsoft-com:office:word\"\r\nxmlns=\"http://www.w3.org/TR/REC-html40\">\r\n\r\n<head>\r\n",
                );
                if let Some(c) = &page.charset {
                    self.out.push_str(&format!(
                        "<meta http-equiv=Content-Type content=\"text/html; charset={c}\">{nl}"
                    ));
                }
                self.out.push_str(
                    "<meta name=ProgId content=Word.Document>\r\n<meta name=Generator content=\"Microsoft Word 15\">\r\n<meta name=Originator content=\"Microsoft Word 15\">\r\n<!--[if gte mso 9]><xml>\r\n <o:DocumentProperties>\r\n  <o:Title>云河市2019年政府信息公开工作年度报告</o:Title>\r\n  <o:Author>admin</o:Author>\r\n </o:DocumentProperties>\r\n</xml><![endif]-->\r\n<style>\r\n<!--\r\n /* Font Definitions */\r\n @font-face\r\n\t{font-family:宋体;\r\n\tpanose-1:2 1 6 0 3 1 1 1 1 1;}\r\n /* Style Definitions */\r\n p.MsoNormal, li.MsoNormal, div.MsoNormal\r\n\t{mso-style-unhide:no;\r\n\tmargin:0cm;\r\n\tfont-size:10.5pt;\r\n\tfont-family:\"Calibri\",sans-serif;}\r\n@page WordSection1\r\n\t{size:595.3pt 841.9pt;}\r\ndiv.WordSection1\r\n\t{page:WordSection1;}\r\n-->\r\n</style>\r\n",
                );
                self.out.push_str(&page.head);
                self.out.push_str(
                    "</head>\r\n\r\n<body lang=ZH-CN style='tab-interval:21.0pt;text-justify-trim:punctuation'>\r\n\r\n<div class=WordSection1 style='layout-grid:15.6pt'>\r\n\r\n",
                );
            }
        }
    }

    fn block(&mut self, b: &Block, in_cell: bool) {
        match b {
            Block::Para(p) => self.para(p, in_cell),
            Block::Table(t) => self.table(t),
            Block::Sdt(inner) => {
                for b in inner {
                    self.block(b, in_cell);
                }
            }
            Block::Raw(_) => panic!("html writer: raw OOXML has no page form"),
        }
    }

    fn para(&mut self, p: &Para, in_cell: bool) {
        let text = self.inlines(&p.inlines);
        let nl = self.nl;
        match self.style {
            Style::Hand => {
                self.out.push_str(&format!("<p>{text}</p>{nl}"));
            }
            Style::Word => {
                let indent = if in_cell { "  " } else { "" };
                // An empty paragraph keeps its height with an NBSP, as Word writes it.
                let body = if text.is_empty() {
                    "<span lang=EN-US><o:p>&nbsp;</o:p></span>".to_owned()
                } else {
                    format!(
                        "<span style='font-family:宋体;mso-bidi-font-family:宋体'>{text}<span lang=EN-US><o:p></o:p></span></span>"
                    )
                };
                self.out.push_str(&format!(
                    "{indent}<p class=MsoNormal style='mso-pagination:widow-orphan'>{body}</p>{nl}"
                ));
            }
        }
    }

    fn inlines(&self, inlines: &[Inline]) -> String {
        let mut s = String::new();
        for i in inlines {
            match i {
                Inline::Run(r) => {
                    assert!(
                        !r.deleted && r.wrap.is_empty() && r.style.is_none(),
                        "html writer: run with OOXML quirks {r:?}"
                    );
                    let mut t = String::new();
                    for it in &r.items {
                        match it {
                            RunItem::Text(x) => t.push_str(&esc(x)),
                            RunItem::Tab => t.push_str("&#9;"),
                            RunItem::Br | RunItem::PageBreak => t.push_str("<br>"),
                        }
                    }
                    if r.vanish == Some(true) {
                        let hide = match self.style {
                            Style::Hand => "display:none",
                            Style::Word => "display:none;mso-hide:all",
                        };
                        s.push_str(&format!("<span style='{hide}'>{t}</span>"));
                    } else {
                        s.push_str(&t);
                    }
                }
                Inline::Field { result, .. } => s.push_str(&esc(result)),
                other => panic!("html writer: {other:?} has no page form"),
            }
        }
        s
    }

    fn table(&mut self, t: &Table) {
        let nl = self.nl;
        // Grid column of each cell, and for each restart the rows it spans.
        let cols: Vec<Vec<usize>> = t
            .rows
            .iter()
            .map(|r| {
                let mut g = r.grid_before;
                r.cells
                    .iter()
                    .map(|c| {
                        let at = g;
                        g += c.span.max(1);
                        at
                    })
                    .collect()
            })
            .collect();
        let continues = |ri: usize, col: usize| {
            t.rows.get(ri).is_some_and(|r| {
                r.cells.iter().zip(&cols[ri]).any(|(c, &g)| {
                    g == col && matches!(c.vmerge, Some(VMerge::Continue | VMerge::Bare))
                })
            })
        };
        match self.style {
            Style::Hand => self.out.push_str(&format!("<table border=\"1\">{nl}")),
            Style::Word => self.out.push_str(&format!(
                "<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0{nl} style='border-collapse:collapse;border:none;mso-border-alt:solid windowtext .5pt;{nl} mso-yfti-tbllook:1184;mso-padding-alt:0cm 5.4pt 0cm 5.4pt'>{nl}"
            )),
        }
        for (ri, r) in t.rows.iter().enumerate() {
            match self.style {
                Style::Hand => self.out.push_str("<tr>"),
                Style::Word => self
                    .out
                    .push_str(&format!(" <tr style='mso-yfti-irow:{ri}'>{nl}")),
            }
            for (c, &g) in r.cells.iter().zip(&cols[ri]) {
                if matches!(c.vmerge, Some(VMerge::Continue | VMerge::Bare)) {
                    continue;
                }
                let mut attrs = String::new();
                if c.span > 1 {
                    attrs.push_str(&match self.style {
                        Style::Hand => format!(" colspan=\"{}\"", c.span),
                        Style::Word => format!(" colspan={}", c.span),
                    });
                }
                if c.vmerge == Some(VMerge::Restart) {
                    let mut n = 1;
                    while continues(ri + n, g) {
                        n += 1;
                    }
                    if n > 1 {
                        attrs.push_str(&match self.style {
                            Style::Hand => format!(" rowspan=\"{n}\""),
                            Style::Word => format!(" rowspan={n}"),
                        });
                    }
                }
                match self.style {
                    Style::Hand => {
                        self.out.push_str(&format!("<td{attrs}>"));
                        let mut first = true;
                        for b in &c.content {
                            match b {
                                Block::Para(p) => {
                                    if !first {
                                        self.out.push_str("<br>");
                                    }
                                    first = false;
                                    let text = self.inlines(&p.inlines);
                                    self.out.push_str(&text);
                                }
                                other => self.block(other, true),
                            }
                        }
                        self.out.push_str("</td>");
                    }
                    Style::Word => {
                        self.out.push_str(&format!(
                            "  <td width=57{attrs} valign=top style='width:42.5pt;border:solid windowtext 1.0pt;{nl}  mso-border-alt:solid windowtext .5pt;padding:0cm 5.4pt 0cm 5.4pt'>{nl}"
                        ));
                        for b in &c.content {
                            self.block(b, true);
                        }
                        self.out.push_str(&format!("  </td>{nl}"));
                    }
                }
            }
            match self.style {
                Style::Hand => self.out.push_str("</tr>\n"),
                Style::Word => self.out.push_str(&format!(" </tr>{nl}")),
            }
        }
        self.out.push_str(&format!("</table>{nl}"));
    }
}

/// A decoy table 三 whose figures are all 9 (every value of [`crate::corpus::clean_2021`]
/// set to 9), as a page writes it: read, it would change every value.
pub fn decoy_table() -> String {
    let mut doc = crate::corpus::clean_2021();
    for k in crate::keys(doc.template) {
        doc.set(k.table, k.row, k.col, "9");
    }
    let page = write(&doc.doc(), Style::Hand, &Page::default());
    let start = page.find("<table").expect("tables");
    let end = page.rfind("</table>").expect("tables") + "</table>".len();
    page[start..end].to_owned()
}

/// Site chrome as government portals have it around an article titled `title` (UTF-8
/// meta): a header, navigation with another report's title and a date, a breadcrumb,
/// the 索引号/发布机构 header table naming another office, related links, an aside table,
/// a footer with dates; and decoys a browser does not show — [`decoy_table`] in a
/// script string, a `display:none` class, an inline `display: none`, `<template>`,
/// `hidden`, a comment and `<nav>`.
pub fn site_chrome(title: &str) -> Page {
    let decoy = decoy_table();
    Page {
        charset: Some("utf-8".into()),
        head: format!(
            "<title>云河市教育局2020年政府信息公开工作年度报告_云河市人民政府</title>\
             <style>.hide {{ display: none }} @media print {{ .noprint {{ display: none }} }}</style>\
             <script>var t = '{}'; document.write('<table><tr><td>2019年</td></tr></table>');</script>",
            decoy.replace('\n', " ").replace('\'', "\\'")
        ),
        before: format!(
            "<header><div class=\"logo\">云河市人民政府门户网站</div></header>\n\
             <div class=\"main-nav\"><ul><li><a href=\"/\">首页</a></li><li><a>政务公开</a></li>\
             <li><a>云河市教育局2020年政府信息公开工作年度报告</a> 2021-01-20</li></ul></div>\n\
             <div class=\"breadcrumb\">首页 &gt; 政务公开 &gt; 年度报告</div>\n\
             <table class=\"xxgk\"><tr><td>索引号：</td><td>11000000/2022-00012</td><td>分类：</td><td>年度报告</td></tr>\
             <tr><td>发布机构：</td><td>云河市人民政府办公室</td><td>发文日期：</td><td>2022-01-26</td></tr>\
             <tr><td>名称：</td><td colspan=\"3\">{title}</td></tr></table>\n\
             <div class=\"hide\">{decoy}</div>\n<div style=\"DISPLAY: none !important\">{decoy}</div>\n\
             <template>{decoy}</template>\n<div hidden>{decoy}</div>\n<!-- {decoy} -->\n\
             <article><div class=\"noprint\">打印本页</div>\n"
        ),
        after: format!(
            "</article>\n<div class=\"related\"><h3>相关链接</h3><ul>\
             <li><a>云河市清源区人民政府办公室2020年政府信息公开工作年度报告</a></li>\
             <li>2023-03-01</li></ul></div>\n\
             <aside><table><tr><td>热点</td></tr><tr><td>2023年5月1日</td></tr></table></aside>\n\
             <footer><p>主办：云河市人民政府办公室</p><p>2023年12月31日</p></footer>\n\
             <nav>{decoy}</nav>\n<div id=\"footer\"><p>版权所有：云河市人民政府</p><p>2024-01-01</p></div>\n"
        ),
    }
}

/// Text as HTML: `&`, `<`, `>` escaped, NBSP as `&nbsp;`.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '\u{a0}' => o.push_str("&nbsp;"),
            c => o.push(c),
        }
    }
    o
}

/// How an MHT's page part is transfer-encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transfer {
    /// What Word writes.
    QuotedPrintable,
    Base64,
}

/// A single-file web page (MHT) holding `page` (bytes in `charset`) as Word's "single
/// file web page" is written: a multipart/related message with a preamble, the page
/// part (Content-Location, transfer encoding, `charset` in its Content-Type unless
/// `None`), and an image part.
pub fn mht(page: &[u8], charset: Option<&str>, transfer: Transfer) -> Vec<u8> {
    let boundary = "----=_NextPart_01DA1F2E.5C3B9A70";
    let mut out = Vec::new();
    out.extend_from_slice(
        format!(
            "MIME-Version: 1.0\r\nX-Document-Type: Word\r\nContent-Type: multipart/related; boundary=\"{boundary}\"\r\n\r\n"
        )
        .as_bytes(),
    );
    out.extend_from_slice("此文档为“单个文件网页”，也称为“Web 档案”文件。\r\n\r\n".as_bytes());
    let ctype = match charset {
        Some(c) => format!("text/html; charset=\"{c}\""),
        None => "text/html".to_owned(),
    };
    let (name, body) = match transfer {
        Transfer::QuotedPrintable => ("quoted-printable", quoted_printable(page)),
        Transfer::Base64 => ("base64", base64(page)),
    };
    out.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Location: file:///C:/8F2A1C40/report.htm\r\nContent-Transfer-Encoding: {name}\r\nContent-Type: {ctype}\r\n\r\n"
        )
        .as_bytes(),
    );
    out.extend_from_slice(&body);
    out.extend_from_slice(
        format!(
            "\r\n\r\n--{boundary}\r\nContent-Location: file:///C:/8F2A1C40/report.files/image001.png\r\nContent-Transfer-Encoding: base64\r\nContent-Type: image/png\r\n\r\n"
        )
        .as_bytes(),
    );
    out.extend_from_slice(&base64(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"));
    out.extend_from_slice(format!("\r\n\r\n--{boundary}--\r\n").as_bytes());
    out
}

/// RFC 2045 quoted-printable: CRLF kept as line ends, lines cut at 76 with soft breaks.
pub fn quoted_printable(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() * 2);
    let mut line = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
            out.extend_from_slice(b"\r\n");
            line = 0;
            i += 2;
            continue;
        }
        let enc: Vec<u8> = if (b == b'\t' || (32..127).contains(&b)) && b != b'=' {
            vec![b]
        } else {
            format!("={b:02X}").into_bytes()
        };
        if line + enc.len() > 75 {
            out.extend_from_slice(b"=\r\n");
            line = 0;
        }
        line += enc.len();
        out.extend_from_slice(&enc);
        i += 1;
    }
    out
}

/// Base64 in lines of 76.
pub fn base64(bytes: &[u8]) -> Vec<u8> {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    for (n, chunk) in bytes.chunks(3).enumerate() {
        if n > 0 && n % 19 == 0 {
            out.extend_from_slice(b"\r\n");
        }
        let v = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(A[((v >> (18 - 6 * k)) & 63) as usize]);
            } else {
                out.push(b'=');
            }
        }
    }
    out
}

/// How a .docx holds an altChunk part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chunk {
    /// `afchunk.htm`, text/html (UTF-8).
    Html,
    /// `afchunk.mht`, message/rfc822: quoted-printable GBK, as Word's single file page.
    Mht,
}

/// A .docx whose body is `doc`'s with the blocks `range` taken out and put, as a page,
/// in a `w:altChunk` part standing in their place (as HTML-to-Word exporters and
/// pasted-web-page documents have it; relationship type `aFChunk`).
pub fn alt_chunk_docx(doc: &Doc, range: std::ops::Range<usize>, chunk: Chunk) -> Vec<u8> {
    const MARK: &str = "ALTCHUNK-STANDS-HERE";
    let mut body = doc.body.clone();
    let inner: Vec<Block> = body
        .splice(range.clone(), [Block::Para(Para::text(MARK))])
        .collect();
    let main_doc = Doc { body };
    let docx = crate::raw::write(&main_doc, &crate::raw::Package::default());
    let xml = crate::part_text(&docx, "word/document.xml").expect("main part");
    let at = xml.find(MARK).expect("marker");
    let start = xml[..at]
        .rfind("<w:p>")
        .or_else(|| xml[..at].rfind("<w:p "))
        .expect("marker paragraph");
    let end = at + xml[at..].find("</w:p>").expect("marker paragraph end") + "</w:p>".len();
    let main = format!(
        "{}<w:altChunk r:id=\"htmlChunk1\"/>{}",
        &xml[..start],
        &xml[end..]
    );
    let chunk_doc = Doc { body: inner };
    let (name, ctype, bytes) = match chunk {
        Chunk::Html => (
            "afchunk.htm",
            "text/html",
            write(
                &chunk_doc,
                Style::Hand,
                &Page {
                    charset: Some("utf-8".into()),
                    ..Page::default()
                },
            )
            .into_bytes(),
        ),
        Chunk::Mht => {
            let page = write(
                &chunk_doc,
                Style::Word,
                &Page {
                    charset: Some("gb2312".into()),
                    ..Page::default()
                },
            );
            let (gbk, _, _) = encoding_rs::GBK.encode(&page);
            (
                "afchunk.mht",
                "message/rfc822",
                mht(&gbk, Some("gb2312"), Transfer::QuotedPrintable),
            )
        }
    };
    let ct = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/><Override PartName=\"/word/{name}\" ContentType=\"{ctype}\"/></Types>"
    );
    let rels = crate::part_text(&docx, "_rels/.rels").expect("package rels");
    let doc_rels = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"htmlChunk1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk\" Target=\"{name}\"/></Relationships>"
    );
    crate::raw::zip_entries(&[
        ("[Content_Types].xml".to_owned(), ct.as_bytes()),
        ("_rels/.rels".to_owned(), rels.as_bytes()),
        ("word/document.xml".to_owned(), main.as_bytes()),
        (
            "word/_rels/document.xml.rels".to_owned(),
            doc_rels.as_bytes(),
        ),
        (format!("word/{name}"), &bytes),
    ])
}
