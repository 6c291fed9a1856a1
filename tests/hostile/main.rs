//! Hostile and broken input (SPEC §5 error codes, issue 3): every way a file in a batch
//! can fail to be a report gets a test asserting the code *and where* — the part inside
//! the zip and the byte offset, when there is one.
//!
//! Documents are built here, part by part, with the `zip` writer: a test says exactly
//! which bytes it feeds in. A fuzz finding (`make fuzz` writes them under
//! `fuzz/artifacts/`) becomes a test here, its shape rebuilt by hand and named for it.
//!
//! One test binary (each target under tests/ is one more to link); its topics are the
//! modules below, the helpers they share are here.

use std::io::{Cursor, Write};

use nianbao::extract::{Options, extract_bytes};
use nianbao::open::{Limits, Package};
use nianbao::report::{ErrorCode, ErrorRecord, Report, Status};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

mod batch;
mod container;
mod package;
mod xml;

// ---------------------------------------------------------------------------
// Building documents

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

const PACKAGE_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

/// `_rels/.rels` pointing the officeDocument relationship at `target`.
fn package_rels(target: &str) -> String {
    PACKAGE_RELS.replace("word/document.xml", target)
}

/// A paragraph of text.
fn p(text: &str) -> String {
    format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
}

/// A table, one `&[&str]` a row.
fn tbl(rows: &[&[&str]]) -> String {
    let mut s = String::from("<w:tbl>");
    for row in rows {
        s.push_str("<w:tr>");
        for cell in *row {
            s.push_str(&format!("<w:tc>{}</w:tc>", p(cell)));
        }
        s.push_str("</w:tr>");
    }
    s.push_str("</w:tbl>");
    s
}

/// A main part around `body`.
fn document_xml(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    )
}

/// A small good report: a title, and table 二 of template 2021 with `n` in its cells
/// (so that each good file of a batch differs).
fn good_document_xml(n: u32) -> String {
    let n = n.to_string();
    let body = [
        p("某某县人民政府2021年政府信息公开工作年度报告"),
        p("二、主动公开政府信息情况"),
        tbl(&[
            &["第二十条第（一）项"],
            &["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
            &["规章", &n, "0", "3"],
            &["行政规范性文件", "2", "\u{a0}1", "10"],
            &["第二十条第（五）项"],
            &["信息内容", "本年处理决定数量"],
            &["行政许可", "100"],
            &["第二十条第（六）项"],
            &["信息内容", "本年处理决定数量"],
            &["行政处罚", "20"],
            &["行政强制", "3"],
            &["第二十条第（八）项"],
            &["信息内容", "本年收费金额（单位：万元）"],
            &["行政事业性收费", "1.5"],
        ]),
    ]
    .concat();
    document_xml(&body)
}

/// Zip `parts` (name, bytes) with DEFLATE, as Word does.
fn zip_parts(parts: &[(&str, &[u8])]) -> Vec<u8> {
    zip_parts_with(parts, CompressionMethod::Deflated)
}

fn zip_parts_with(parts: &[(&str, &[u8])], method: CompressionMethod) -> Vec<u8> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(method);
    for (name, bytes) in parts {
        w.start_file(*name, opts).expect("start part");
        w.write_all(bytes).expect("write part");
    }
    w.finish().expect("finish zip").into_inner()
}

/// A .docx holding `document` as `word/document.xml`.
fn docx(document: &str) -> Vec<u8> {
    zip_parts(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", PACKAGE_RELS.as_bytes()),
        ("word/document.xml", document.as_bytes()),
    ])
}

fn extract(bytes: Vec<u8>) -> Report {
    extract_bytes("test.docx", bytes, &Options::default())
}

fn extract_limited(bytes: Vec<u8>, max_part_bytes: u64) -> Report {
    let opts = Options {
        limits: Limits { max_part_bytes },
        ..Options::default()
    };
    extract_bytes("test.docx", bytes, &opts)
}

/// The error record of a report that must have failed with `code`.
#[track_caller]
fn error_of(report: &Report, code: ErrorCode) -> ErrorRecord {
    assert_eq!(
        report.status,
        Status::Error,
        "expected {code:?}, got {report:#?}"
    );
    let err = report
        .error
        .clone()
        .expect("an error report has an error record");
    assert_eq!(err.code, code, "{err:#?}");
    assert!(!err.message.is_empty());
    assert!(report.tables().is_empty() && report.anomalies.is_empty());
    err
}

const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// A minimal OLE2 compound file (version 3, 512-byte sectors): the header, sector 0 =
/// the FAT, sector 1 = the directory (Root Entry + one stream entry per name, no data),
/// as Office lays out an encrypted package's envelope.
fn ole_file(streams: &[&str]) -> Vec<u8> {
    const FREE: u32 = 0xFFFF_FFFF;
    const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
    const FAT_SECTOR: u32 = 0xFFFF_FFFD;
    let mut f = vec![0u8; 512 * 3];
    f[..8].copy_from_slice(&OLE_MAGIC);
    f[0x18..0x1A].copy_from_slice(&0x003Eu16.to_le_bytes()); // minor version
    f[0x1A..0x1C].copy_from_slice(&3u16.to_le_bytes()); // major version 3
    f[0x1C..0x1E].copy_from_slice(&0xFFFEu16.to_le_bytes()); // little-endian
    f[0x1E..0x20].copy_from_slice(&9u16.to_le_bytes()); // 2^9 = 512-byte sectors
    f[0x20..0x22].copy_from_slice(&6u16.to_le_bytes()); // 64-byte mini sectors
    f[0x2C..0x30].copy_from_slice(&1u32.to_le_bytes()); // one FAT sector
    f[0x30..0x34].copy_from_slice(&1u32.to_le_bytes()); // directory starts at sector 1
    f[0x38..0x3C].copy_from_slice(&4096u32.to_le_bytes()); // mini stream cutoff
    f[0x3C..0x40].copy_from_slice(&END_OF_CHAIN.to_le_bytes()); // no mini FAT
    f[0x44..0x48].copy_from_slice(&END_OF_CHAIN.to_le_bytes()); // no DIFAT sectors
    for i in 0..109 {
        let v = if i == 0 { 0 } else { FREE };
        f[0x4C + 4 * i..0x50 + 4 * i].copy_from_slice(&v.to_le_bytes());
    }
    // Sector 0 (file offset 512): the FAT.
    let fat = 512;
    for i in 0..128 {
        let v = match i {
            0 => FAT_SECTOR,
            1 => END_OF_CHAIN,
            _ => FREE,
        };
        f[fat + 4 * i..fat + 4 * i + 4].copy_from_slice(&v.to_le_bytes());
    }
    // Sector 1 (file offset 1024): the directory, four 128-byte entries.
    let dir = 1024;
    let names: Vec<(&str, u8)> = std::iter::once(("Root Entry", 5))
        .chain(streams.iter().map(|s| (*s, 2)))
        .collect();
    assert!(names.len() <= 4, "one directory sector holds four entries");
    for (k, (name, kind)) in names.into_iter().enumerate() {
        let e = dir + 128 * k;
        let utf16: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
        f[e..e + utf16.len()].copy_from_slice(&utf16);
        f[e + 64..e + 66].copy_from_slice(&(utf16.len() as u16 + 2).to_le_bytes());
        f[e + 66] = kind;
        f[e + 68..e + 80].copy_from_slice(&[0xFF; 12]); // no siblings, no child
        f[e + 116..e + 120].copy_from_slice(&END_OF_CHAIN.to_le_bytes());
    }
    f
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// File offset of the local header of entry `name` (the first one, as we write them).
fn local_header_of(zip: &[u8], name: &str) -> u64 {
    let mut at = 0;
    while let Some(i) = find(&zip[at..], b"PK\x03\x04") {
        let h = at + i;
        let name_len = u16::from_le_bytes([zip[h + 26], zip[h + 27]]) as usize;
        if zip.get(h + 30..h + 30 + name_len) == Some(name.as_bytes()) {
            return h as u64;
        }
        at = h + 4;
    }
    panic!("no local header for {name}");
}
