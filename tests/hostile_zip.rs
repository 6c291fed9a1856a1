//! The smaller hostile cases of issue 15, on generated packages: a DOCTYPE in any part
//! read (styles, core properties, not only the main part and rels), characters XML 1.0
//! forbids, two entries of one name, compression methods nianbao does not inflate, a
//! part inflating past its declared size, a part name stored in GBK. Each asserts the
//! code, the part and the offset.

use std::io::{Cursor, Write};

use nianbao::extract::{Options, extract_bytes};
use nianbao::report::{ErrorCode, ErrorRecord, Report, Status};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

const PACKAGE_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:style w:type="character" w:styleId="H"><w:rPr><w:vanish/></w:rPr></w:style></w:styles>"#;

const CORE: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>某某县人民政府2021年政府信息公开工作年度报告</dc:title></cp:coreProperties>"#;

fn p(text: &str) -> String {
    format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
}

/// Table 二 of template 2021, after `title` (no title: the year comes from core.xml).
fn document(title: &str) -> String {
    let mut body = String::new();
    if !title.is_empty() {
        body.push_str(&p(title));
    }
    body.push_str(&p("二、主动公开政府信息情况"));
    body.push_str("<w:tbl>");
    for row in [
        &["第二十条第（一）项"][..],
        &["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        &["规章", "1", "0", "3"],
        &["行政规范性文件", "2", "1", "10"],
        &["第二十条第（五）项"],
        &["信息内容", "本年处理决定数量"],
        &["行政许可", "100"],
    ] {
        body.push_str("<w:tr>");
        for cell in row {
            body.push_str(&format!("<w:tc>{}</w:tc>", p(cell)));
        }
        body.push_str("</w:tr>");
    }
    body.push_str("</w:tbl>");
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    )
}

const TITLE: &str = "某某县人民政府2021年政府信息公开工作年度报告";

fn zip_with(parts: &[(&str, &[u8])], method: CompressionMethod) -> Vec<u8> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(method);
    for (name, bytes) in parts {
        w.start_file(*name, opts).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// A package of `document`, with styles and core properties.
fn package(document: &str, styles: &str, core: &str) -> Vec<u8> {
    zip_with(
        &[
            ("_rels/.rels", PACKAGE_RELS.as_bytes()),
            ("word/document.xml", document.as_bytes()),
            ("word/_rels/document.xml.rels", DOCUMENT_RELS.as_bytes()),
            ("word/styles.xml", styles.as_bytes()),
            ("docProps/core.xml", core.as_bytes()),
        ],
        CompressionMethod::Deflated,
    )
}

fn extract(bytes: Vec<u8>) -> Report {
    extract_bytes("t.docx", bytes, &Options::default())
}

fn error(r: &Report, code: ErrorCode, part: &str) -> ErrorRecord {
    let e = r
        .error
        .clone()
        .unwrap_or_else(|| panic!("no error: {:?}", r.status));
    assert_eq!(e.code, code, "{e:?}");
    assert_eq!(e.part.as_deref(), Some(part), "{e:?}");
    e
}

fn find(hay: &[u8], needle: &[u8]) -> usize {
    hay.windows(needle.len())
        .position(|w| w == needle)
        .expect("needle")
}

#[test]
fn the_packages_read_as_reports_unhurt() {
    let r = extract(package(&document(TITLE), STYLES, CORE));
    assert_eq!(r.status, Status::Ok, "{:?}", r.error);
    let r = extract(package(&document(""), STYLES, CORE));
    assert_eq!(r.status, Status::Ok, "{:?}", r.error);
    assert_eq!(r.report.year, Some(2021));
}

/// A DOCTYPE is refused in styles.xml and core.xml as in the main part and rels: an
/// entity declared in core.xml ended up in the agency's name.
#[test]
fn a_doctype_is_refused_in_every_part_read() {
    let dtd = "<!DOCTYPE x [<!ENTITY a \"某某县\">]>";
    let with_dtd = |xml: &str| xml.replacen("?>\n", &format!("?>\n{dtd}"), 1);
    let styles = with_dtd(STYLES);
    let e = error(
        &extract(package(&document(TITLE), &styles, CORE)),
        ErrorCode::MalformedXml,
        "word/styles.xml",
    );
    assert_eq!(e.offset, Some(find(styles.as_bytes(), b"<!DOCTYPE") as u64));
    assert!(e.message.contains("DOCTYPE"), "{}", e.message);
    // core.xml is read only when the text lacks the title.
    let core = with_dtd(CORE).replace("某某县", "&a;");
    let e = error(
        &extract(package(&document(""), STYLES, &core)),
        ErrorCode::MalformedXml,
        "docProps/core.xml",
    );
    assert_eq!(e.offset, Some(find(core.as_bytes(), b"<!DOCTYPE") as u64));
    let rels = with_dtd(DOCUMENT_RELS);
    let zip = zip_with(
        &[
            ("_rels/.rels", PACKAGE_RELS.as_bytes()),
            ("word/document.xml", document(TITLE).as_bytes()),
            ("word/_rels/document.xml.rels", rels.as_bytes()),
        ],
        CompressionMethod::Deflated,
    );
    let e = error(
        &extract(zip),
        ErrorCode::MalformedXml,
        "word/_rels/document.xml.rels",
    );
    assert_eq!(e.offset, Some(find(rels.as_bytes(), b"<!DOCTYPE") as u64));
}

/// NUL and the other C0 controls XML 1.0 forbids, raw or as character references, are
/// `malformed_xml` at their offset, never copied into a value.
#[test]
fn characters_xml_forbids_are_refused() {
    for (raw, part) in [
        ("1\u{0}2", "word/document.xml"),
        ("1\u{b}", "word/document.xml"),
        ("\u{1f}", "word/document.xml"),
    ] {
        let doc = document(TITLE).replace(">100<", &format!(">{raw}<"));
        let e = error(
            &extract(package(&doc, STYLES, CORE)),
            ErrorCode::MalformedXml,
            part,
        );
        let at = doc
            .bytes()
            .position(|b| b < 0x20 && !b"\t\n\r".contains(&b));
        assert_eq!(e.offset, at.map(|a| a as u64), "{raw:?}");
        assert!(e.message.contains("XML 1.0"), "{}", e.message);
    }
    let core = CORE.replace("某某县", "某\u{1}县");
    let e = error(
        &extract(package(&document(""), STYLES, &core)),
        ErrorCode::MalformedXml,
        "docProps/core.xml",
    );
    assert_eq!(e.offset, Some(find(core.as_bytes(), b"\x01") as u64));
    for reference in ["&#0;", "&#x1;", "&#11;", "&#xFFFE;"] {
        let doc = document(TITLE).replace(">100<", &format!(">1{reference}<"));
        let e = error(
            &extract(package(&doc, STYLES, CORE)),
            ErrorCode::MalformedXml,
            "word/document.xml",
        );
        assert_eq!(
            e.offset,
            Some(find(doc.as_bytes(), reference.as_bytes()) as u64)
        );
    }
    // Tab, line feed and carriage return are characters.
    let doc = document(TITLE).replace(">100<", ">1&#9;00&#10;&#13;<");
    assert_eq!(extract(package(&doc, STYLES, CORE)).status, Status::Ok);
}

/// Replace every occurrence of `from` by `to` (same length) in the zip's bytes: its
/// local headers and central directory alike.
fn rename_all(zip: &mut [u8], from: &[u8], to: &[u8]) {
    assert_eq!(from.len(), to.len());
    let mut i = 0;
    while i + from.len() <= zip.len() {
        if &zip[i..i + from.len()] == from {
            zip[i..i + from.len()].copy_from_slice(to);
        }
        i += 1;
    }
}

/// Two entries of one name (or of one part name, differing in case): which copy a
/// reader takes depends on the reader, so the file is refused naming both.
#[test]
fn duplicate_entries_are_refused() {
    let good = document(TITLE);
    let other = document("另一个人民政府2021年政府信息公开工作年度报告");
    let mut zip = zip_with(
        &[
            ("_rels/.rels", PACKAGE_RELS.as_bytes()),
            ("word/document.xml", good.as_bytes()),
            ("word/documenX.xml", other.as_bytes()),
        ],
        CompressionMethod::Deflated,
    );
    rename_all(&mut zip, b"word/documenX.xml", b"word/document.xml");
    let e = error(&extract(zip), ErrorCode::CorruptZip, "word/document.xml");
    assert_eq!(
        e.message,
        "the zip holds two entries named `word/document.xml` (entries 1 and 2 of its central \
         directory); which one a reader takes depends on the reader"
    );
    let zip = zip_with(
        &[
            ("_rels/.rels", PACKAGE_RELS.as_bytes()),
            ("word/document.xml", good.as_bytes()),
            ("Word/Document.XML", other.as_bytes()),
        ],
        CompressionMethod::Deflated,
    );
    let e = error(&extract(zip), ErrorCode::CorruptZip, "Word/Document.XML");
    assert!(
        e.message
            .contains("two entries for one part: `word/document.xml` and `Word/Document.XML`"),
        "{}",
        e.message
    );
}

/// The offset of `name`'s local header, and of its central directory record.
fn headers_of(zip: &[u8], name: &str) -> (usize, usize) {
    // The name where it follows a header of its own: the same bytes may also stand in a
    // stored part's data (the rels naming it).
    let header = |sig: &[u8], before: usize| {
        (before..zip.len() - name.len())
            .find(|&i| {
                &zip[i..i + name.len()] == name.as_bytes()
                    && &zip[i - before..i - before + 4] == sig
            })
            .map(|i| i - before)
            .expect("header")
    };
    (header(b"PK\x03\x04", 30), header(b"PK\x01\x02", 46))
}

/// bzip2, LZMA, Zstandard: named, `corrupt_zip` at the entry's local header; WinZip AES
/// (method 99) is `encrypted`.
#[test]
fn compression_methods_are_named() {
    for (method, code, words) in [
        (12u16, ErrorCode::CorruptZip, "bzip2 (method 12)"),
        (14, ErrorCode::CorruptZip, "LZMA (method 14)"),
        (93, ErrorCode::CorruptZip, "Zstandard (method 93)"),
        (99, ErrorCode::Encrypted, "WinZip AES, method 99"),
    ] {
        let doc = document(TITLE);
        let mut zip = zip_with(
            &[
                ("_rels/.rels", PACKAGE_RELS.as_bytes()),
                ("word/document.xml", doc.as_bytes()),
            ],
            CompressionMethod::Stored,
        );
        let (local, central) = headers_of(&zip, "word/document.xml");
        zip[local + 8..local + 10].copy_from_slice(&method.to_le_bytes());
        zip[central + 10..central + 12].copy_from_slice(&method.to_le_bytes());
        let e = error(&extract(zip), code, "word/document.xml");
        assert!(e.message.contains(words), "{}", e.message);
        assert_eq!(e.offset, Some(local as u64));
    }
}

/// A part whose header declares fewer bytes than its data inflates to: a forged bomb,
/// `too_large`, whether or not it also passes the part limit.
#[test]
fn a_part_inflating_past_its_declared_size_is_too_large() {
    let mut doc = document(TITLE).into_bytes();
    doc.extend(std::iter::repeat_n(b' ', 100_000));
    let mut zip = zip_with(
        &[
            ("_rels/.rels", PACKAGE_RELS.as_bytes()),
            ("word/document.xml", &doc),
        ],
        CompressionMethod::Deflated,
    );
    let (local, central) = headers_of(&zip, "word/document.xml");
    let forged = 1000u32.to_le_bytes();
    zip[local + 22..local + 26].copy_from_slice(&forged);
    zip[central + 24..central + 28].copy_from_slice(&forged);
    let e = error(&extract(zip), ErrorCode::TooLarge, "word/document.xml");
    assert_eq!(
        e.message,
        format!(
            "part `word/document.xml` declares 1000 bytes inflated but inflates to more ({} \
             bytes or more): a zip bomb's forged header",
            doc.len()
        )
    );
    assert_eq!(e.offset, Some(local as u64));
}

/// A main part named in GBK without the UTF-8 flag (Chinese Windows zip tools) is found
/// by the name its relationship gives in UTF-8.
#[test]
fn a_part_name_in_gbk_is_found() {
    let rels = PACKAGE_RELS.replace("word/document.xml", "word/文档.xml");
    let mut zip = zip_with(
        &[
            ("_rels/.rels", rels.as_bytes()),
            ("word/wdwd.xml", document(TITLE).as_bytes()),
        ],
        CompressionMethod::Deflated,
    );
    // 文档 in GBK: CE C4 B5 B5, four bytes as the placeholder.
    rename_all(&mut zip, b"word/wdwd.xml", b"word/\xCE\xC4\xB5\xB5.xml");
    let r = extract(zip);
    assert_eq!(r.status, Status::Ok, "{:?}", r.error);
    assert_eq!(r.report.year, Some(2021));
}
