//! quirks tests: the package — namespaces and prefixes, the main part under another name,
//! Strict — and the quirk documents as LibreOffice saves them.

use super::*;
use pretty_assertions::assert_eq;

// ---------------------------------------------------------------- namespaces and parts

/// A main part written with `ns0:` instead of `w:` (matched by namespace URI).
#[test]
fn ns0_prefix() {
    let r = corpus::clean_2021();
    let bytes = raw::write(
        &r.doc(),
        &Package {
            prefix: "ns0".into(),
            ..Package::default()
        },
    );
    assert!(main_xml(&bytes).contains("<ns0:tbl>"));
    let rep = run("ns0.docx", bytes);
    assert_report(&rep, &r, vec![]);
    assert_metadata_2021(&rep);
}

/// A main part whose elements are in the default namespace (`<document xmlns="…">`,
/// no prefix), attributes still `w:`-qualified.
#[test]
fn default_namespace_without_prefix() {
    let r = corpus::clean_2021();
    let bytes = raw::write(
        &r.doc(),
        &Package {
            prefix: String::new(),
            ..Package::default()
        },
    );
    assert!(main_xml(&bytes).contains("<tbl>"));
    let rep = run("default-ns.docx", bytes);
    assert_report(&rep, &r, vec![]);
    assert_metadata_2021(&rep);
}

/// The main part under another name (`word/main.xml`), found through `_rels/.rels`.
#[test]
fn main_part_under_another_name() {
    let r = corpus::clean_2021();
    let pkg = Package {
        main_part: "word/main.xml".into(),
        ..Package::default()
    };
    let bytes = raw::write(&r.doc(), &pkg);
    assert_eq!(
        testdocs::main_part_of(&bytes).as_deref(),
        Some("word/main.xml")
    );
    let rep = run("renamed.docx", bytes);
    assert_report(&rep, &r, vec![]);
    assert_metadata_2021(&rep);
}

/// ISO 29500 Strict: `http://purl.oclc.org/ooxml/wordprocessingml/main` and the Strict
/// officeDocument relationship type.
#[test]
fn strict_namespaces() {
    let r = corpus::clean_2021();
    let bytes = raw::write(
        &r.doc(),
        &Package {
            strict: true,
            ..Package::default()
        },
    );
    assert!(main_xml(&bytes).contains(testdocs::raw::W_NS_STRICT));
    let rep = run("strict.docx", bytes);
    assert_report(&rep, &r, vec![]);
    assert_metadata_2021(&rep);
}

/// Hidden text by a paragraph style in a Strict, ns0-prefixed, renamed package: styles
/// are found beside the renamed main part and matched by URI too.
#[test]
fn strict_renamed_prefixed_with_hidden_style() {
    let r = corpus::clean_2021();
    let mut doc = r.doc();
    let at = r.locate("applications", "received", "total");
    doc.cell_mut(at)
        .content
        .push(Block::Para(Para::text("99").with_style("HiddenPara")));
    let pkg = Package {
        main_part: "word/main.xml".into(),
        prefix: "ns0".into(),
        strict: true,
        styles: Some(raw::hidden_styles()),
        core: None,
    };
    let rep = run("strict-styles.docx", raw::write(&doc, &pkg));
    assert_report(&rep, &r, vec![]);
}

// ---------------------------------------------------------------- saved by LibreOffice

/// The two quirk corpus documents as LibreOffice saves them (its own table and
/// tracked-change markup, text boxes rewritten): clean-2021's figures, no anomaly.
fn assert_lo_saved(name: &str, bytes: Vec<u8>) {
    let mut r = corpus::clean_2021();
    if name.contains("converted") {
        r.set("applications", "received", "natural_person", "１０");
        r.set("applications", "received", "total", "\u{3000}15\u{3000}");
        r.set("active_disclosure", "licensing", "decisions", "２３５");
    }
    let rep = run(name, bytes);
    assert_report(&rep, &r, vec![]);
    assert_metadata_2021(&rep);
}

/// The checked-in LibreOffice saves (`tests/data/libreoffice/quirks-*.docx`, made by
/// `soffice --headless --convert-to "docx:MS Word 2007 XML"` from `corpus/`).
#[test]
fn libreoffice_saved_quirk_documents() {
    for name in ["quirks-word-2021.docx", "quirks-converted-2021.docx"] {
        let bytes = std::fs::read(common::lo_sample(name)).expect("checked-in LibreOffice sample");
        assert_lo_saved(name, bytes);
    }
}

/// Re-saves both quirk documents with LibreOffice when soffice is installed (a
/// LibreOffice upgrade that changes what it writes is caught); skipped, with a line
/// saying so, where it is not. `NIANBAO_UPDATE_LO_SAMPLE=1` rewrites the samples.
#[test]
fn libreoffice_roundtrip_of_quirk_documents_when_soffice_is_present() {
    let docs = [
        ("quirks-word-2021.docx", corpus::quirks_word_2021()),
        (
            "quirks-converted-2021.docx",
            corpus::quirks_converted_2021(),
        ),
    ];
    let Some(saved) = common::libreoffice_resave("quirks", &docs) else {
        return;
    };
    for ((name, _), bytes) in docs.iter().zip(saved) {
        assert_lo_saved(name, bytes);
    }
}
