//! hostile tests: zips that are not a .docx (package relationships missing, pointing
//! nowhere or outside, malformed, with a DOCTYPE) and the container read right (main
//! part, styles and core properties found through relationships only).

use super::*;

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
