//! Hostile and broken input (SPEC §5 error codes, issue 3): every way a file in a batch
//! can fail to be a report gets a test asserting the code *and where* — the part inside
//! the zip and the byte offset, when there is one.
//!
//! Documents are built here, part by part, with the `zip` writer: a test says exactly
//! which bytes it feeds in. Fuzz findings are kept at the bottom as named regressions,
//! their bytes under `tests/data/hostile/`.

use std::io::{Cursor, Write};

use nianbao::extract::{Options, extract_bytes};
use nianbao::open::{Limits, Package};
use nianbao::report::{ErrorCode, ErrorRecord, Report, Status};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

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

// ---------------------------------------------------------------------------
// Not a zip at all

#[test]
fn empty_file() {
    let report = extract(Vec::new());
    let err = error_of(&report, ErrorCode::EmptyFile);
    assert_eq!(report.source.bytes, 0);
    assert_eq!((err.part, err.offset), (None, None));
}

#[test]
fn not_a_zip() {
    let cases: [(&str, Vec<u8>); 3] = [
        (
            "plain text",
            "这不是一个文档\nnot a document\n".repeat(20).into_bytes(),
        ),
        ("one byte", vec![b'P']),
        (
            "random bytes",
            (0..4096u32)
                .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
                .collect(),
        ),
    ];
    for (what, bytes) in cases {
        let err = error_of(&extract(bytes), ErrorCode::NotAZip);
        assert_eq!(err.part, None, "{what}");
    }
    // A PDF is a report format nianbao names but does not read (SPEC §6; issue #10
    // moved it from not_a_zip to unsupported_format).
    let pdf =
        extract(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n".to_vec());
    assert_eq!(pdf.source.format, Some(nianbao::open::Format::Pdf));
    let err = error_of(&pdf, ErrorCode::UnsupportedFormat);
    assert!(err.message.contains("PDF"), "{}", err.message);
    // RTF saved as .docx: read through LibreOffice, absent here.
    let rtf = extract(b"{\\rtf1\\ansi\\deff0 {\\fonttbl}}".to_vec());
    assert_eq!(rtf.source.format, Some(nianbao::open::Format::Rtf));
    error_of(&rtf, ErrorCode::NeedsConverter);
}

#[test]
fn legacy_doc_is_an_ole_file_without_encrypted_package() {
    // A Word 97–2003 file renamed .docx: an OLE header, directory without EncryptedPackage.
    // Since issue #10 such a file is format `doc`, read through LibreOffice: without
    // one configured it is `needs_converter`. `legacy_doc` is left for OLE files that are
    // no Word or WPS document (damaged, or a spreadsheet) under a report's name.
    let doc = extract(ole_file(&[
        "WordDocument",
        "1Table",
        "\u{5}SummaryInformation",
    ]));
    assert_eq!(doc.source.format, Some(nianbao::open::Format::Doc));
    let err = error_of(&doc, ErrorCode::NeedsConverter);
    assert!(
        err.message.contains("libreoffice-writer-nogui"),
        "{}",
        err.message
    );
    let err = error_of(&extract(ole_file(&["Workbook"])), ErrorCode::LegacyDoc);
    assert_eq!(err.offset, Some(0));
    // Even the bare 8-byte signature (a truncated .doc) is an OLE file, not "not a zip".
    let err = error_of(&extract(OLE_MAGIC.to_vec()), ErrorCode::LegacyDoc);
    assert_eq!(err.offset, Some(0));
}

#[test]
fn encrypted_is_an_ole_file_holding_encrypted_package() {
    let ole = ole_file(&["EncryptionInfo", "EncryptedPackage", "\u{6}DataSpaces"]);
    let err = error_of(&extract(ole.clone()), ErrorCode::Encrypted);
    assert_eq!(err.part.as_deref(), Some("EncryptedPackage"));
    // Located at its directory entry: sector 1 (file offset 1024), third slot.
    assert_eq!(err.offset, Some(1024 + 2 * 128));

    // With a damaged directory chain (first directory sector out of the file), the
    // entry is still found by its 128-byte slot.
    let mut broken = ole;
    broken[0x30..0x34].copy_from_slice(&0x00FF_FFFFu32.to_le_bytes());
    error_of(&extract(broken), ErrorCode::Encrypted);
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

// ---------------------------------------------------------------------------
// A zip, but broken

#[test]
fn corrupt_zip_truncated_anywhere() {
    let good = docx(&good_document_xml(1));
    let len = good.len();
    for cut in [4, 30, 100, len / 3, len / 2, len - 30, len - 22, len - 1] {
        let err = error_of(&extract(good[..cut].to_vec()), ErrorCode::CorruptZip);
        assert_eq!(
            err.part, None,
            "cut at {cut}: the central directory is what is lost"
        );
    }
}

#[test]
fn corrupt_zip_crc_error_names_the_part() {
    let xml = good_document_xml(1);
    let zip = zip_parts_with(
        &[
            ("_rels/.rels", PACKAGE_RELS.as_bytes()),
            ("word/document.xml", xml.as_bytes()),
        ],
        CompressionMethod::Stored,
    );
    // Flip one byte of the stored document.xml text: the CRC no longer matches.
    let at = find(&zip, "规章".as_bytes()).expect("stored text is in the zip");
    let mut bad = zip.clone();
    bad[at] ^= 0x01;
    let err = error_of(&extract(bad), ErrorCode::CorruptZip);
    assert_eq!(err.part.as_deref(), Some("word/document.xml"));
    // The offset is that entry's local header in the file.
    let local = local_header_of(&zip, "word/document.xml");
    assert_eq!(err.offset, Some(local));
}

#[test]
fn corrupt_zip_inflate_error_names_the_part() {
    let xml = good_document_xml(1).repeat(3);
    let zip = docx(&xml);
    let local = local_header_of(&zip, "word/document.xml");
    // Garble the middle of document.xml's compressed data.
    let data = local as usize + 30 + "word/document.xml".len();
    let mut bad = zip.clone();
    for b in &mut bad[data + 10..data + 60] {
        *b = 0xFF;
    }
    let err = error_of(&extract(bad), ErrorCode::CorruptZip);
    assert_eq!(err.part.as_deref(), Some("word/document.xml"));
    assert_eq!(err.offset, Some(local));
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

// ---------------------------------------------------------------------------
// A zip, but not a .docx

#[test]
fn not_a_docx_without_package_rels() {
    let zip = zip_parts(&[("word/document.xml", good_document_xml(1).as_bytes())]);
    let err = error_of(&extract(zip), ErrorCode::NotADocx);
    assert_eq!(err.part.as_deref(), Some("_rels/.rels"));
}

#[test]
fn not_a_docx_when_rels_point_to_a_missing_part() {
    let zip = zip_parts(&[
        ("_rels/.rels", package_rels("word/missing.xml").as_bytes()),
        ("word/document.xml", good_document_xml(1).as_bytes()),
    ]);
    let err = error_of(&extract(zip), ErrorCode::NotADocx);
    assert_eq!(err.part.as_deref(), Some("_rels/.rels"));
    assert!(err.message.contains("word/missing.xml"), "{}", err.message);
}

#[test]
fn not_a_docx_without_office_document_relationship() {
    // An .xlsx-like package: rels exist, but name no word main part… nor any officeDocument.
    let rels = PACKAGE_RELS.replace("relationships/officeDocument", "relationships/thumbnail");
    let zip = zip_parts(&[
        ("_rels/.rels", rels.as_bytes()),
        ("word/document.xml", good_document_xml(1).as_bytes()),
    ]);
    let err = error_of(&extract(zip), ErrorCode::NotADocx);
    assert_eq!(err.part.as_deref(), Some("_rels/.rels"));
    // An empty zip is a zip, and not a .docx.
    let err = error_of(&extract(zip_parts(&[])), ErrorCode::NotADocx);
    assert_eq!(err.part.as_deref(), Some("_rels/.rels"));
}

#[test]
fn targets_never_leave_the_package() {
    // Names are part names, never paths: `..` above the root, an absolute file path or
    // a URI resolve to nothing, whatever exists on disk.
    for target in [
        "../../../../etc/passwd",
        "/../etc/hostname",
        "file:///etc/passwd",
    ] {
        let zip = zip_parts(&[
            ("_rels/.rels", package_rels(target).as_bytes()),
            ("word/document.xml", good_document_xml(1).as_bytes()),
        ]);
        let err = error_of(&extract(zip), ErrorCode::NotADocx);
        assert_eq!(err.part.as_deref(), Some("_rels/.rels"), "{target}");
    }
}

#[test]
fn malformed_package_rels() {
    let rels = &PACKAGE_RELS[..PACKAGE_RELS.len() - 40];
    let zip = zip_parts(&[
        ("_rels/.rels", rels.as_bytes()),
        ("word/document.xml", good_document_xml(1).as_bytes()),
    ]);
    let err = error_of(&extract(zip), ErrorCode::MalformedXml);
    assert_eq!(err.part.as_deref(), Some("_rels/.rels"));
    let offset = err.offset.expect("an XML error has an offset");
    assert!(offset <= rels.len() as u64, "{offset} within the part");
}

#[test]
fn package_rels_with_a_doctype_are_refused() {
    let rels = PACKAGE_RELS.replace(
        "<Relationships",
        "<!DOCTYPE r [<!ENTITY a \"word/document.xml\">]><Relationships",
    );
    let zip = zip_parts(&[
        ("_rels/.rels", rels.as_bytes()),
        ("word/document.xml", good_document_xml(1).as_bytes()),
    ]);
    let err = error_of(&extract(zip), ErrorCode::MalformedXml);
    assert_eq!(err.part.as_deref(), Some("_rels/.rels"));
    assert_eq!(
        err.offset,
        Some(find(rels.as_bytes(), b"<!DOCTYPE").unwrap() as u64)
    );
}

// ---------------------------------------------------------------------------
// The main part found, its XML broken or hostile

#[test]
fn malformed_xml_cut_mid_element() {
    let xml = good_document_xml(1);
    let cut = find(xml.as_bytes(), "行政许可".as_bytes()).unwrap() - 12;
    let err = error_of(&extract(docx(&xml[..cut])), ErrorCode::MalformedXml);
    assert_eq!(err.part.as_deref(), Some("word/document.xml"));
    let offset = err.offset.expect("located");
    assert!(
        offset <= cut as u64 && offset > 0,
        "offset {offset} within the cut part ({cut})"
    );
}

#[test]
fn malformed_xml_in_a_main_part_under_another_name() {
    let xml = good_document_xml(1);
    let cut = xml.len() - 30;
    let zip = zip_parts(&[
        ("_rels/.rels", package_rels("/word/main.xml").as_bytes()),
        ("word/main.xml", &xml.as_bytes()[..cut]),
    ]);
    let err = error_of(&extract(zip), ErrorCode::MalformedXml);
    assert_eq!(err.part.as_deref(), Some("word/main.xml"));
    assert!(err.offset.is_some());
}

#[test]
fn billion_laughs_refused_fast() {
    let mut dtd = String::from("<!DOCTYPE w:document [\n<!ENTITY lol0 \"lol\">\n");
    for i in 1..10 {
        let prev = format!("&lol{};", i - 1);
        dtd.push_str(&format!("<!ENTITY lol{i} \"{}\">\n", prev.repeat(10)));
    }
    dtd.push_str("]>\n");
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
{dtd}<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{}</w:body></w:document>"#,
        tbl(&[&["&lol9;", "规章"]])
    );
    // Refused at the DTD, before any entity is expanded (10^9 "lol"s would be 3 GB; the
    // memory bound is hostile_memory.rs's to measure, not a clock's here).
    let err = error_of(&extract(docx(&xml)), ErrorCode::MalformedXml);
    assert_eq!(err.part.as_deref(), Some("word/document.xml"));
    assert!(err.offset.is_some());
}

// ---------------------------------------------------------------------------
// Too large: zip bombs

#[test]
fn too_large_past_a_small_limit() {
    // 8 MiB of zeros deflate to a few KiB: refused at a 1 MiB limit.
    let zeros = vec![0u8; 8 << 20];
    let zip = zip_parts(&[
        ("_rels/.rels", PACKAGE_RELS.as_bytes()),
        ("word/document.xml", &zeros),
    ]);
    assert!(zip.len() < 64 << 10);
    let err = error_of(&extract_limited(zip.clone(), 1 << 20), ErrorCode::TooLarge);
    assert_eq!(err.part.as_deref(), Some("word/document.xml"));
    assert_eq!(err.offset, Some(local_header_of(&zip, "word/document.xml")));
}

#[test]
fn too_large_when_the_declared_size_lies() {
    // The same bomb with its declared sizes forged small (central directory and local
    // header): only the bytes really inflated count, so it is still refused.
    let zeros = vec![0u8; 8 << 20];
    let mut zip = zip_parts(&[
        ("_rels/.rels", PACKAGE_RELS.as_bytes()),
        ("word/document.xml", &zeros),
    ]);
    let forged = 1000u32.to_le_bytes();
    let local = local_header_of(&zip, "word/document.xml") as usize;
    zip[local + 22..local + 26].copy_from_slice(&forged);
    let central = find(&zip, b"PK\x01\x02").unwrap();
    let central = central + find(&zip[central..], b"word/document.xml").unwrap() - 46;
    zip[central + 24..central + 28].copy_from_slice(&forged);
    let report = extract_limited(zip, 1 << 20);
    // Refused either way: past the limit while inflating, or the inflated bytes no longer
    // match the entry (the reader stops at the declared size and the CRC fails).
    let err = report.error.expect("refused");
    assert!(
        matches!(err.code, ErrorCode::TooLarge | ErrorCode::CorruptZip),
        "{err:?}"
    );
    assert_eq!(err.part.as_deref(), Some("word/document.xml"));
}

#[test]
fn too_large_past_the_default_limit_refused() {
    // 257 MiB of zeros streamed into the zip writer, 1 MiB at a time.
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(1));
    w.start_file("_rels/.rels", opts).unwrap();
    w.write_all(PACKAGE_RELS.as_bytes()).unwrap();
    w.start_file("word/document.xml", opts).unwrap();
    let chunk = vec![0u8; 1 << 20];
    for _ in 0..257 {
        w.write_all(&chunk).unwrap();
    }
    let zip = w.finish().unwrap().into_inner();
    assert!(zip.len() < 4 << 20, "a bomb: {} bytes", zip.len());
    let err = error_of(&extract(zip), ErrorCode::TooLarge);
    assert_eq!(err.part.as_deref(), Some("word/document.xml"));
}

#[test]
fn too_many_entries() {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    w.start_file("_rels/.rels", opts).unwrap();
    w.write_all(PACKAGE_RELS.as_bytes()).unwrap();
    for i in 0..20_001 {
        w.start_file(format!("x/{i}"), opts).unwrap();
    }
    let zip = w.finish().unwrap().into_inner();
    let err = error_of(&extract(zip), ErrorCode::TooLarge);
    assert!(err.message.contains("entries"), "{}", err.message);
}

// ---------------------------------------------------------------------------
// The container read right: main part, styles and core properties found by relationship

const STRICT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<pr:Relationships xmlns:pr="http://schemas.openxmlformats.org/package/2006/relationships"><pr:Relationship Id="rId3" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><pr:Relationship Id="rId1" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument" Target="/Word/Main%20Doc.xml"/></pr:Relationships>"#;

const MAIN_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId9" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/styles" Target="../shared/styles.xml"/></Relationships>"#;

#[test]
fn parts_are_found_through_relationships_only() {
    let zip = zip_parts(&[
        ("_rels/.rels", STRICT_RELS.as_bytes()),
        // A decoy under the usual name: never read, since the rels name another part.
        ("word/document.xml", b"<decoy/>"),
        ("word/Main Doc.xml", b"<main/>"),
        ("word/_rels/Main Doc.xml.rels", MAIN_RELS.as_bytes()),
        ("shared/styles.xml", b"<styles/>"),
        ("docProps/core.xml", b"<core/>"),
    ]);
    let mut pkg = Package::from_bytes(zip, &Limits::default()).expect("opens");
    assert_eq!(pkg.main_part_name(), "word/Main Doc.xml");
    assert_eq!(pkg.read_main().unwrap(), b"<main/>");
    assert_eq!(
        pkg.read_styles().unwrap().as_deref(),
        Some(&b"<styles/>"[..])
    );
    assert_eq!(
        pkg.read_core_props().unwrap().as_deref(),
        Some(&b"<core/>"[..])
    );
}

#[test]
fn optional_parts_absent_are_none() {
    let mut pkg = Package::from_bytes(docx("<main/>"), &Limits::default()).expect("opens");
    assert_eq!(pkg.main_part_name(), "word/document.xml");
    assert_eq!(pkg.read_styles().unwrap(), None);
    assert_eq!(pkg.read_core_props().unwrap(), None);
}

#[test]
fn malformed_main_rels_is_located() {
    let zip = zip_parts(&[
        ("_rels/.rels", PACKAGE_RELS.as_bytes()),
        ("word/document.xml", b"<main/>"),
        (
            "word/_rels/document.xml.rels",
            b"<Relationships><Relationship Type=\"x/styles\" Target=\"s.xml\"",
        ),
    ]);
    let mut pkg = Package::from_bytes(zip, &Limits::default()).expect("opens");
    let err = pkg.read_styles().expect_err("broken rels");
    assert_eq!(err.code, ErrorCode::MalformedXml);
    assert_eq!(err.part.as_deref(), Some("word/_rels/document.xml.rels"));
    assert!(err.offset.is_some());
}

// ---------------------------------------------------------------------------
// A batch

#[test]
fn bad_files_change_nothing_for_the_good_ones() {
    let dir = std::env::temp_dir().join(format!("nianbao-hostile-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let good: Vec<(String, Vec<u8>)> = (1..=3)
        .map(|n| (format!("good{n}.docx"), docx(&good_document_xml(n))))
        .collect();
    let bad: Vec<(String, Vec<u8>)> = vec![
        ("a_empty.docx".into(), Vec::new()),
        ("b_text.docx".into(), b"hello".to_vec()),
        ("c_legacy.docx".into(), ole_file(&["WordDocument"])),
        (
            "d_truncated.docx".into(),
            good[0].1[..good[0].1.len() / 2].to_vec(),
        ),
        ("e_cut.docx".into(), docx(&good_document_xml(9)[..300])),
        (
            "f_bomb.docx".into(),
            zip_parts(&[
                ("_rels/.rels", PACKAGE_RELS.as_bytes()),
                ("word/document.xml", &vec![0u8; 4 << 20]),
            ]),
        ),
    ];

    let run = |files: &[(String, Vec<u8>)]| -> Vec<(String, Report)> {
        for (name, bytes) in files {
            std::fs::write(dir.join(name), bytes).unwrap();
        }
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        let opts = Options {
            limits: Limits {
                max_part_bytes: 1 << 20,
            },
            ..Options::default()
        };
        let reports = names
            .iter()
            .map(|n| {
                (
                    n.clone(),
                    extract_bytes(n, std::fs::read(dir.join(n)).unwrap(), &opts),
                )
            })
            .collect();
        for n in &names {
            std::fs::remove_file(dir.join(n)).unwrap();
        }
        reports
    };

    let alone = run(&good);
    let mixed = run(&[good.clone(), bad].concat());
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(mixed.len(), good.len() + 6, "every file gets its report");
    let mixed_good: Vec<_> = mixed
        .iter()
        .filter(|(n, _)| n.starts_with("good"))
        .cloned()
        .collect();
    assert_eq!(alone, mixed_good);
    for (n, (name, report)) in (1..).zip(&alone) {
        assert_eq!(report.status, Status::Ok, "{name}: {:?}", report.error);
        let tables = report.tables();
        let issued = &tables["active_disclosure"]["rules"]["issued"];
        assert_eq!(issued.as_u64(), Some(n), "{name}");
    }
    let codes: Vec<(&str, ErrorCode)> = mixed
        .iter()
        .filter(|(n, _)| !n.starts_with("good"))
        .map(|(n, r)| {
            (
                n.as_str(),
                r.error
                    .as_ref()
                    .map_or(ErrorCode::InternalError, |e| e.code),
            )
        })
        .collect();
    assert_eq!(
        codes,
        [
            ("a_empty.docx", ErrorCode::EmptyFile),
            ("b_text.docx", ErrorCode::NotAZip),
            // A Word binary: converted when LibreOffice is configured (issue #10).
            ("c_legacy.docx", ErrorCode::NeedsConverter),
            ("d_truncated.docx", ErrorCode::CorruptZip),
            ("e_cut.docx", ErrorCode::MalformedXml),
            ("f_bomb.docx", ErrorCode::TooLarge),
        ]
    );
}

#[test]
fn external_entities_are_never_resolved() {
    // XXE: a DOCTYPE naming a file on this machine. Refused before anything is resolved.
    let xml = document_xml(&tbl(&[&["&xxe;", "规章"]])).replace(
        "<w:document",
        "<!DOCTYPE w:document [<!ENTITY xxe SYSTEM \"file:///etc/hostname\">]>\n<w:document",
    );
    let err = error_of(&extract(docx(&xml)), ErrorCode::MalformedXml);
    assert_eq!(err.part.as_deref(), Some("word/document.xml"));
}

#[test]
fn deeply_nested_tables_do_not_overflow_the_stack() {
    // A stack overflow aborts the whole batch (it is no panic to catch): nesting depth
    // must cost heap, not stack.
    let depth = 50_000;
    let open = "<w:tbl><w:tr><w:tc>".repeat(depth);
    let close = "<w:p/></w:tc></w:tr></w:tbl>".repeat(depth);
    let xml = document_xml(&format!(
        "{open}<w:p><w:r><w:t>规章</w:t></w:r></w:p>{close}"
    ));
    let report = extract(docx(&xml));
    // Read, then no template table found; or refused as too deep. Never a crash.
    let err = report.error.expect("not a report");
    assert!(
        matches!(err.code, ErrorCode::NotAReport | ErrorCode::MalformedXml),
        "{err:?}"
    );
}

#[test]
fn deeply_nested_elements_do_not_overflow_the_stack() {
    let depth = 200_000;
    let xml = document_xml(&format!(
        "<w:p>{}<w:t>1</w:t>{}</w:p>",
        "<w:r><w:sdt><w:sdtContent>".repeat(depth),
        "</w:sdtContent></w:sdt></w:r>".repeat(depth)
    ));
    let report = extract(docx(&xml));
    let err = report.error.expect("not a report");
    assert!(
        matches!(err.code, ErrorCode::NotAReport | ErrorCode::MalformedXml),
        "{err:?}"
    );
}

/// `docProps/core.xml` is read only when the report's text lacks its title's agency or
/// year: a core part too large to read fails only a report that needs it, and one that
/// reads fills in what the text lacks.
#[test]
fn core_properties_read_only_when_the_text_lacks_the_title() {
    const CORE_REL: &str = r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"#;
    let rels = PACKAGE_RELS.replace("</Relationships>", CORE_REL);
    let package = |document: &str, core: &[u8]| {
        zip_parts(&[
            ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
            ("_rels/.rels", rels.as_bytes()),
            ("word/document.xml", document.as_bytes()),
            ("docProps/core.xml", core),
        ])
    };
    let huge = vec![b' '; 2 << 20];
    let titled = good_document_xml(7);
    // The title is the first paragraph of the good report: without it, only the table.
    let untitled = titled.replace(&p("某某县人民政府2021年政府信息公开工作年度报告"), "");
    assert_ne!(titled, untitled);

    let report = extract_limited(package(&titled, &huge), 1 << 20);
    assert_eq!(report.status, Status::Ok, "{:?}", report.error);
    assert_eq!(report.report.agency.as_deref(), Some("某某县人民政府"));
    assert_eq!(report.report.year, Some(2021));

    let err = error_of(
        &extract_limited(package(&untitled, &huge), 1 << 20),
        ErrorCode::TooLarge,
    );
    assert_eq!(err.part.as_deref(), Some("docProps/core.xml"));

    let core = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>某某县人民政府2020年政府信息公开工作年度报告</dc:title></cp:coreProperties>"#;
    let report = extract(package(&untitled, core.as_bytes()));
    assert_eq!(report.status, Status::Ok, "{:?}", report.error);
    assert_eq!(report.report.agency.as_deref(), Some("某某县人民政府"));
    assert_eq!(report.report.year, Some(2020));
}
