//! hostile tests: the main part found but its XML broken or hostile (cut mid-element,
//! billion laughs), and zip bombs (past a limit, a declared size that lies, too many
//! entries).

use super::*;

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
