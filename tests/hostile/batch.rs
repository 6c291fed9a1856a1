//! hostile tests: bad files in a batch change nothing for the good ones; external
//! entities never resolved, deep nesting without a stack overflow, core properties read
//! only when the text lacks the title.

use super::*;

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
