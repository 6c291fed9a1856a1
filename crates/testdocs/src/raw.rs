//! The raw-XML writer: a [`Doc`] into a .docx whose every part is written by hand, so
//! that each quirk of the model ([`Wrap`], [`VMerge::Bare`], `w:hMerge`, hidden and
//! deleted text, text boxes, `xml:space` left out …) and of the package ([`Package`]:
//! main part name, namespace prefix, ISO 29500 Strict, styles) comes out exactly.
//!
//! Zip entries are written in a fixed order with a fixed timestamp (1980-01-01), so the
//! same `Doc` always gives the same bytes.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::model::*;

/// Transitional WordprocessingML namespace.
pub const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
/// ISO 29500 Strict WordprocessingML namespace.
pub const W_NS_STRICT: &str = "http://purl.oclc.org/ooxml/wordprocessingml/main";
const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const R_NS_STRICT: &str = "http://purl.oclc.org/ooxml/officeDocument/relationships";
const REL_OFFICE_DOC: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument";
const REL_OFFICE_DOC_STRICT: &str =
    "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument";
const REL_STYLES: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles";
const REL_STYLES_STRICT: &str = "http://purl.oclc.org/ooxml/officeDocument/relationships/styles";
const REL_CORE: &str =
    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties";

/// How the package around the main part is written.
#[derive(Debug, Clone, PartialEq)]
pub struct Package {
    /// Zip name of the main part (`word/document.xml`); `_rels/.rels` points at it and its
    /// relationships part is `<dir>/_rels/<name>.rels`.
    pub main_part: String,
    /// Namespace prefix of WordprocessingML in the main part (`w`; `ns0` as generic XML
    /// writers do; empty: elements in the default namespace, attributes still `w:`).
    pub prefix: String,
    /// ISO 29500 Strict namespaces and relationship types.
    pub strict: bool,
    /// Content of the styles part (`word/styles.xml`, beside the main part), written with
    /// `w:` and the transitional namespace (switched like the main part).
    pub styles: Option<String>,
    /// Content of `docProps/core.xml`.
    pub core: Option<String>,
}

impl Default for Package {
    fn default() -> Self {
        Package {
            main_part: "word/document.xml".to_owned(),
            prefix: "w".to_owned(),
            strict: false,
            styles: None,
            core: None,
        }
    }
}

/// Write `doc` as a .docx with the package settings `pkg`.
pub fn write(doc: &Doc, pkg: &Package) -> Vec<u8> {
    let mut x = String::new();
    x.push_str(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#);
    x.push_str(concat!(
        r#"<w:document xmlns:w="{W}" xmlns:r="{R}""#,
        r#" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006""#,
        r#" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing""#,
        r#" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main""#,
        r#" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape""#,
        r#" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office""#,
        r#" mc:Ignorable="wps"><w:body>"#
    ));
    let mut ids = Ids::default();
    blocks(&mut x, &doc.body, &mut ids);
    x.push_str(r#"<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>"#);
    let main = finish_part(&x, pkg);
    let styles = pkg.styles.as_deref().map(|s| finish_part(s, pkg));
    package(pkg, main.as_bytes(), styles.as_deref().map(str::as_bytes))
}

/// Namespaces and prefix of a WordprocessingML part as `pkg` asks.
fn finish_part(x: &str, pkg: &Package) -> String {
    let (w, r) = if pkg.strict {
        (W_NS_STRICT, R_NS_STRICT)
    } else {
        (W_NS, R_NS)
    };
    let mut s = x.replace("{W}", w).replace("{R}", r);
    if pkg.strict {
        s = s.replace(W_NS, W_NS_STRICT).replace(R_NS, R_NS_STRICT);
    }
    if pkg.prefix.is_empty() {
        // Elements in the default namespace; attributes keep a declared `w:` prefix
        // (unprefixed attributes would be in no namespace).
        let uri = if pkg.strict { W_NS_STRICT } else { W_NS };
        s = s
            .replace(
                &format!(r#"xmlns:w="{uri}""#),
                &format!(r#"xmlns="{uri}" xmlns:w="{uri}""#),
            )
            .replace("<w:", "<")
            .replace("</w:", "</");
    } else if pkg.prefix != "w" {
        let p = &pkg.prefix;
        s = s
            .replace("<w:", &format!("<{p}:"))
            .replace("</w:", &format!("</{p}:"))
            .replace(" w:", &format!(" {p}:"))
            .replace("xmlns:w=", &format!("xmlns:{p}="));
    }
    s
}

/// Write the zip around a main part (and optional styles part) that are already XML.
pub fn package(pkg: &Package, main: &[u8], styles: Option<&[u8]>) -> Vec<u8> {
    let main_part = pkg.main_part.trim_start_matches('/');
    let (dir, name) = match main_part.rsplit_once('/') {
        Some((d, n)) => (format!("{d}/"), n.to_owned()),
        None => (String::new(), main_part.to_owned()),
    };
    let (rel_doc, rel_styles) = if pkg.strict {
        (REL_OFFICE_DOC_STRICT, REL_STYLES_STRICT)
    } else {
        (REL_OFFICE_DOC, REL_STYLES)
    };

    let mut ct = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#,
        r#"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#,
        r#"<Default Extension="xml" ContentType="application/xml"/>"#
    ));
    ct.push_str(&format!(
        r#"<Override PartName="/{main_part}" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>"#
    ));
    if styles.is_some() {
        ct.push_str(&format!(
            r#"<Override PartName="/{dir}styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>"#
        ));
    }
    if pkg.core.is_some() {
        ct.push_str(r#"<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>"#);
    }
    ct.push_str("</Types>");

    let mut rels = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
    ));
    rels.push_str(&format!(
        r#"<Relationship Id="rId1" Type="{rel_doc}" Target="{main_part}"/>"#
    ));
    if pkg.core.is_some() {
        rels.push_str(&format!(
            r#"<Relationship Id="rId2" Type="{REL_CORE}" Target="docProps/core.xml"/>"#
        ));
    }
    rels.push_str("</Relationships>");

    let mut doc_rels = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
    ));
    if styles.is_some() {
        doc_rels.push_str(&format!(
            r#"<Relationship Id="rId1" Type="{rel_styles}" Target="styles.xml"/>"#
        ));
    }
    doc_rels.push_str("</Relationships>");

    let mut entries: Vec<(String, &[u8])> = vec![
        ("[Content_Types].xml".to_owned(), ct.as_bytes()),
        ("_rels/.rels".to_owned(), rels.as_bytes()),
        (main_part.to_owned(), main),
        (format!("{dir}_rels/{name}.rels"), doc_rels.as_bytes()),
    ];
    if let Some(s) = styles {
        entries.push((format!("{dir}styles.xml"), s));
    }
    if let Some(c) = &pkg.core {
        entries.push(("docProps/core.xml".to_owned(), c.as_bytes()));
    }
    zip_entries(&entries)
}

/// A zip of `entries` in order, deflated, every timestamp 1980-01-01 00:00:00.
pub fn zip_entries(entries: &[(String, &[u8])]) -> Vec<u8> {
    let mut zw = ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default());
    for (name, data) in entries {
        zw.start_file(name.as_str(), opts).expect("zip entry");
        zw.write_all(data).expect("zip write to memory");
    }
    zw.finish().expect("zip finish").into_inner()
}

/// Running ids for elements that need one (bookmarks, tracked changes, shapes).
#[derive(Default)]
struct Ids {
    next: u32,
}

impl Ids {
    fn next(&mut self) -> u32 {
        self.next += 1;
        self.next
    }
}

/// XML-escape text content and attribute values.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            _ => o.push(c),
        }
    }
    o
}

fn blocks(x: &mut String, bs: &[Block], ids: &mut Ids) {
    for b in bs {
        match b {
            Block::Para(p) => para(x, p, ids),
            Block::Table(t) => table(x, t, ids),
            Block::Raw(s) => x.push_str(s),
            Block::Sdt(inner) => {
                x.push_str(
                    r#"<w:sdt><w:sdtPr><w:alias w:val="内容控件"/></w:sdtPr><w:sdtContent>"#,
                );
                blocks(x, inner, ids);
                x.push_str("</w:sdtContent></w:sdt>");
            }
        }
    }
}

fn para(x: &mut String, p: &Para, ids: &mut Ids) {
    x.push_str("<w:p>");
    if p.style.is_some() || p.mark_vanish {
        x.push_str("<w:pPr>");
        if let Some(s) = &p.style {
            x.push_str(&format!(r#"<w:pStyle w:val="{}"/>"#, esc(s)));
        }
        if p.mark_vanish {
            x.push_str("<w:rPr><w:vanish/></w:rPr>");
        }
        x.push_str("</w:pPr>");
    }
    for i in &p.inlines {
        match i {
            Inline::Run(r) => run(x, r, ids),
            Inline::Raw(s) => x.push_str(s),
            Inline::TextBox { content, alternate } => textbox(x, content, *alternate, ids),
            Inline::Field { instr, result } => {
                x.push_str(r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r>"#);
                x.push_str(&format!(
                    r#"<w:r><w:instrText xml:space="preserve">{}</w:instrText></w:r>"#,
                    esc(instr)
                ));
                x.push_str(r#"<w:r><w:fldChar w:fldCharType="separate"/></w:r>"#);
                x.push_str(&format!(
                    r#"<w:r><w:t xml:space="preserve">{}</w:t></w:r>"#,
                    esc(result)
                ));
                x.push_str(r#"<w:r><w:fldChar w:fldCharType="end"/></w:r>"#);
            }
        }
    }
    x.push_str("</w:p>");
}

fn open_wrap(x: &mut String, w: &Wrap, ids: &mut Ids) {
    let id = ids.next();
    let attrs = format!(r#"w:id="{id}" w:author="审核人" w:date="2022-01-18T09:00:00Z""#);
    match w {
        Wrap::Sdt => x.push_str(&format!(
            r#"<w:sdt><w:sdtPr><w:id w:val="{id}"/></w:sdtPr><w:sdtContent>"#
        )),
        Wrap::SmartTag => x.push_str(
            r#"<w:smartTag w:uri="urn:schemas-microsoft-com:office:smarttags" w:element="chmetcnv"><w:smartTagPr><w:attr w:name="UnitName" w:val="件"/></w:smartTagPr>"#,
        ),
        Wrap::CustomXml => {
            x.push_str(r#"<w:customXml w:uri="urn:nianbao:test" w:element="figure"><w:customXmlPr/>"#)
        }
        Wrap::Hyperlink => x.push_str(&format!(r#"<w:hyperlink w:anchor="_Link{id}" w:history="1">"#)),
        Wrap::FldSimple(instr) => x.push_str(&format!(r#"<w:fldSimple w:instr="{}">"#, esc(instr))),
        Wrap::Ins => x.push_str(&format!("<w:ins {attrs}>")),
        Wrap::Del => x.push_str(&format!("<w:del {attrs}>")),
        Wrap::MoveTo => x.push_str(&format!("<w:moveTo {attrs}>")),
        Wrap::MoveFrom => x.push_str(&format!("<w:moveFrom {attrs}>")),
    }
}

fn close_wrap(x: &mut String, w: &Wrap) {
    x.push_str(match w {
        Wrap::Sdt => "</w:sdtContent></w:sdt>",
        Wrap::SmartTag => "</w:smartTag>",
        Wrap::CustomXml => "</w:customXml>",
        Wrap::Hyperlink => "</w:hyperlink>",
        Wrap::FldSimple(_) => "</w:fldSimple>",
        Wrap::Ins => "</w:ins>",
        Wrap::Del => "</w:del>",
        Wrap::MoveTo => "</w:moveTo>",
        Wrap::MoveFrom => "</w:moveFrom>",
    });
}

fn run(x: &mut String, r: &Run, ids: &mut Ids) {
    for w in &r.wrap {
        open_wrap(x, w, ids);
    }
    x.push_str("<w:r>");
    if r.vanish.is_some() || r.style.is_some() {
        x.push_str("<w:rPr>");
        if let Some(s) = &r.style {
            x.push_str(&format!(r#"<w:rStyle w:val="{}"/>"#, esc(s)));
        }
        match r.vanish {
            Some(true) => x.push_str("<w:vanish/>"),
            Some(false) => x.push_str(r#"<w:vanish w:val="0"/>"#),
            None => {}
        }
        x.push_str("</w:rPr>");
    }
    let tag = if r.deleted { "w:delText" } else { "w:t" };
    for it in &r.items {
        match it {
            RunItem::Text(t) if r.preserve => x.push_str(&format!(
                r#"<{tag} xml:space="preserve">{}</{tag}>"#,
                esc(t)
            )),
            RunItem::Text(t) => x.push_str(&format!("<{tag}>{}</{tag}>", esc(t))),
            RunItem::Tab => x.push_str("<w:tab/>"),
            RunItem::Br => x.push_str("<w:br/>"),
            RunItem::PageBreak => x.push_str(r#"<w:br w:type="page"/>"#),
        }
    }
    x.push_str("</w:r>");
    for w in r.wrap.iter().rev() {
        close_wrap(x, w);
    }
}

fn textbox(x: &mut String, content: &[Block], alternate: bool, ids: &mut Ids) {
    let mut inner = String::new();
    blocks(&mut inner, content, ids);
    let id = ids.next();
    let vml = format!(
        concat!(
            r##"<w:pict><v:shape id="TextBox{id}" o:spid="_x0000_s{id}" type="#_x0000_t202" style="width:400pt;height:40pt">"##,
            r#"<v:textbox><w:txbxContent>{inner}</w:txbxContent></v:textbox></v:shape></w:pict>"#
        ),
        id = id,
        inner = inner
    );
    x.push_str("<w:r>");
    if alternate {
        x.push_str(&format!(
            concat!(
                r#"<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>"#,
                r#"<wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="5080000" cy="508000"/>"#,
                r#"<wp:docPr id="{id}" name="文本框 {id}"/>"#,
                r#"<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">"#,
                r#"<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr/><wps:txbx><w:txbxContent>{inner}</w:txbxContent></wps:txbx>"#,
                r#"<wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:inline></w:drawing></mc:Choice>"#,
                r#"<mc:Fallback>{vml}</mc:Fallback></mc:AlternateContent>"#
            ),
            id = id,
            inner = inner,
            vml = vml
        ));
    } else {
        x.push_str(&vml);
    }
    x.push_str("</w:r>");
}

fn table(x: &mut String, t: &Table, ids: &mut Ids) {
    x.push_str(concat!(
        r#"<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblBorders>"#,
        r#"<w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/>"#,
        r#"<w:left w:val="single" w:sz="4" w:space="0" w:color="auto"/>"#,
        r#"<w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/>"#,
        r#"<w:right w:val="single" w:sz="4" w:space="0" w:color="auto"/>"#,
        r#"<w:insideH w:val="single" w:sz="4" w:space="0" w:color="auto"/>"#,
        r#"<w:insideV w:val="single" w:sz="4" w:space="0" w:color="auto"/>"#,
        r#"</w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>"#
    ));
    for w in &t.grid {
        x.push_str(&format!(r#"<w:gridCol w:w="{w}"/>"#));
    }
    x.push_str("</w:tblGrid>");
    for r in &t.rows {
        row(x, r, &t.grid, ids);
    }
    x.push_str("</w:tbl>");
}

fn row(x: &mut String, r: &Row, grid: &[u32], ids: &mut Ids) {
    for w in &r.wrap {
        open_wrap(x, w, ids);
    }
    x.push_str("<w:tr>");
    if r.grid_before > 0 || r.grid_after > 0 || r.header {
        x.push_str("<w:trPr>");
        if r.grid_before > 0 {
            x.push_str(&format!(r#"<w:gridBefore w:val="{}"/>"#, r.grid_before));
        }
        if r.grid_after > 0 {
            x.push_str(&format!(r#"<w:gridAfter w:val="{}"/>"#, r.grid_after));
        }
        if r.header {
            x.push_str("<w:tblHeader/>");
        }
        x.push_str("</w:trPr>");
    }
    let mut col = r.grid_before;
    for c in &r.cells {
        let width: u32 = grid.iter().skip(col).take(c.span.max(1)).sum();
        col += c.span.max(1);
        cell(x, c, width, ids);
    }
    x.push_str("</w:tr>");
    for w in r.wrap.iter().rev() {
        close_wrap(x, w);
    }
}

fn cell(x: &mut String, c: &Cell, width: u32, ids: &mut Ids) {
    for w in &c.wrap {
        open_wrap(x, w, ids);
    }
    x.push_str(&format!(
        r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>"#
    ));
    if c.span > 1 {
        x.push_str(&format!(r#"<w:gridSpan w:val="{}"/>"#, c.span));
    }
    match c.hmerge {
        Some(HMerge::Restart) => x.push_str(r#"<w:hMerge w:val="restart"/>"#),
        Some(HMerge::Continue) => x.push_str(r#"<w:hMerge w:val="continue"/>"#),
        None => {}
    }
    match c.vmerge {
        Some(VMerge::Restart) => x.push_str(r#"<w:vMerge w:val="restart"/>"#),
        Some(VMerge::Continue) => x.push_str(r#"<w:vMerge w:val="continue"/>"#),
        Some(VMerge::Bare) => x.push_str("<w:vMerge/>"),
        None => {}
    }
    x.push_str(r#"<w:vAlign w:val="center"/></w:tcPr>"#);
    blocks(x, &c.content, ids);
    // A w:tc must end in a paragraph (ECMA-376 §17.4.66): after a nested table too.
    if !matches!(c.content.last(), Some(Block::Para(_))) {
        x.push_str("<w:p/>");
    }
    x.push_str("</w:tc>");
    for w in c.wrap.iter().rev() {
        close_wrap(x, w);
    }
}

/// A styles part for the hidden-text quirks: character style `HiddenChar` (vanish),
/// paragraph style `HiddenBase` (vanish) and `HiddenPara` based on it (inherits
/// vanish through `w:basedOn`), and `ShownPara` based on `HiddenBase` with
/// `<w:vanish w:val="0"/>` (turned off again).
pub fn hidden_styles() -> String {
    concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        r#"<w:styles xmlns:w="{W}">"#,
        r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>"#,
        r#"<w:style w:type="character" w:styleId="HiddenChar"><w:name w:val="Hidden Char"/><w:rPr><w:vanish/></w:rPr></w:style>"#,
        r#"<w:style w:type="paragraph" w:styleId="HiddenBase"><w:name w:val="Hidden Base"/><w:basedOn w:val="Normal"/><w:rPr><w:vanish/></w:rPr></w:style>"#,
        r#"<w:style w:type="paragraph" w:styleId="HiddenPara"><w:name w:val="Hidden Para"/><w:basedOn w:val="HiddenBase"/><w:pPr><w:jc w:val="center"/></w:pPr></w:style>"#,
        r#"<w:style w:type="paragraph" w:styleId="ShownPara"><w:name w:val="Shown Para"/><w:basedOn w:val="HiddenBase"/><w:rPr><w:vanish w:val="0"/></w:rPr></w:style>"#,
        r#"</w:styles>"#
    )
    .to_owned()
}

/// A `docProps/core.xml` with a title and fixed dates.
pub fn core_props(title: &str) -> String {
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
            r#"<dc:title>{}</dc:title><dc:creator>testdocs</dc:creator>"#,
            r#"<dcterms:created xsi:type="dcterms:W3CDTF">2022-01-20T00:00:00Z</dcterms:created>"#,
            r#"<dcterms:modified xsi:type="dcterms:W3CDTF">2022-01-20T00:00:00Z</dcterms:modified>"#,
            r#"</cp:coreProperties>"#
        ),
        esc(title)
    )
}
