//! hostile tests: files that are not a zip at all (empty, random bytes, OLE Word files
//! with and without an encrypted package) and zips that are broken (truncated, CRC and
//! inflate errors naming the part).

use super::*;

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
