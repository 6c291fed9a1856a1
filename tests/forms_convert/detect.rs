//! forms_convert tests: what a file is from its bytes (`sniff` over real files, OOXML
//! under every name) and the folder walk's records and counts.

use super::*;
use pretty_assertions::assert_eq;

#[test]
fn what_a_file_is_comes_from_its_bytes() {
    let docx = corpus("clean-2021.docx");
    let random: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let xlsx = zip_of(&[
        ("[Content_Types].xml", br#"<Types><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>"#),
        ("xl/workbook.xml", b"<workbook/>"),
    ]);
    let cases: Vec<(&str, Vec<u8>, &str, Option<Format>)> =
        vec![
        ("a .docx", docx.clone(), "docx", Some(Format::Docx)),
        ("a .docx named .doc", docx.clone(), "doc", Some(Format::Docx)),
        ("a web page named .doc", web_page(), "doc", Some(Format::Html)),
        ("a web page", web_page(), "html", Some(Format::Html)),
        (
            "a .doc made by LibreOffice",
            converted("clean-2021.doc"),
            "doc",
            Some(Format::Doc),
        ),
        (
            "the same .doc named .docx",
            converted("clean-2021.doc"),
            "docx",
            Some(Format::Doc),
        ),
        (
            "an .rtf made by LibreOffice",
            converted("clean-2021.rtf"),
            "rtf",
            Some(Format::Rtf),
        ),
        (
            "an .odt made by LibreOffice",
            converted("clean-2021.odt"),
            "odt",
            Some(Format::Odt),
        ),
        (
            "the .odt named .docx",
            converted("clean-2021.odt"),
            "docx",
            Some(Format::Odt),
        ),
        ("a PDF", MINIMAL_PDF.to_vec(), "pdf", Some(Format::Pdf)),
        (
            "a Word binary saved by WPS (.wps)",
            ole_file(&["WordDocument", "1Table"]),
            "wps",
            Some(Format::Wps),
        ),
        (
            "a Works/WPS OLE file",
            ole_file(&["CONTENTS", "SPELLING"]),
            "wps",
            Some(Format::Wps),
        ),
        (
            "an encrypted .docx (OLE)",
            ole_file(&["EncryptionInfo", "EncryptedPackage"]),
            "docx",
            Some(Format::Docx),
        ),
        ("an .xls (OLE)", ole_file(&["Workbook"]), "xls", None),
        ("an .xlsx", xlsx, "xlsx", None),
        (
            "an MHT",
            b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"b\"\r\n\r\n--b\r\n"
                .to_vec(),
            "mht",
            Some(Format::Mht),
        ),
        ("random bytes", random, "bin", None),
        ("empty", Vec::new(), "docx", None),
        ("text", "年度报告\n".repeat(10).into_bytes(), "txt", None),
    ];
    for (what, bytes, ext, want) in cases {
        assert_eq!(sniff(&bytes, Some(ext)), want, "{what}");
    }
}

/// The walk: every regular file is looked at; report-format files get a record (named
/// `R` with its extension replaced by `.json`, `~2` on a collision), the others are
/// counted by extension in `summary.json` and named in the summary line.
#[test]
fn folder_walk_records_reports_and_counts_the_rest() {
    let dir = scratch("walk");
    let input = dir.join("in");
    fs::create_dir_all(input.join("sub")).unwrap();
    let docx = corpus("clean-2021.docx");
    let put = |name: &str, bytes: &[u8]| fs::write(input.join(name), bytes).unwrap();
    put("a.docx", &docx);
    put("a.html", &web_page());
    put("sub/renamed.bin", &docx); // a .docx under another name: its bytes say so
    put(
        "page.txt",
        b"<!DOCTYPE html><html><body><table></table></body></html>",
    );
    put("empty.docx", b"");
    put("report.pdf", MINIMAL_PDF);
    put("b.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    put("sub/c.PNG", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    put("notes.txt", "备忘\n".as_bytes());
    put("README", b"what these are\n");
    put(
        "sheet.xlsx",
        &zip_of(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("xl/workbook.xml", b"<w/>"),
        ]),
    );
    put("~$a.docx", b"lock");
    put(".hidden.docx", &docx);
    let out = dir.join("out");
    let o = common::extract_within(Duration::from_secs(120), &[&input], &out, &[]);
    let line = String::from_utf8_lossy(&o.stdout);
    assert!(
        line.contains("; 5 other files skipped: 2 .png, 1 without extension, 1 .txt, 1 .xlsx"),
        "{line}"
    );
    assert!(line.starts_with("nianbao: files: "), "{line}");

    let summary = json(&out.join("summary.json"));
    assert_eq!(
        summary["other_files"],
        serde_json::json!({"(none)": 1, "png": 2, "txt": 1, "xlsx": 1})
    );
    assert_eq!(summary["files"], 6);

    // Each record: its report file, its path and its format.
    let records = [
        ("a.json", "a.docx", "docx"),
        ("a~2.json", "a.html", "html"),
        ("empty.json", "empty.docx", ""),
        ("page.json", "page.txt", "html"),
        ("report.json", "report.pdf", "pdf"),
        ("sub/renamed.json", "sub/renamed.bin", "docx"),
    ];
    for (file, path, format) in records {
        let r = json(&out.join("reports").join(file));
        assert_eq!(r["source"]["path"], path, "{file}");
        let want = if format.is_empty() {
            Value::Null
        } else {
            Value::from(format)
        };
        assert_eq!(r["source"]["format"], want, "{file}");
    }
    assert_eq!(json(&out.join("reports/a.json"))["status"], "ok");
    assert_eq!(
        json(&out.join("reports/sub/renamed.json"))["status"],
        "ok",
        "a .docx named .bin is read as the .docx it is"
    );
    assert_eq!(
        json(&out.join("reports/empty.json"))["error"]["code"],
        "empty_file"
    );
    assert_eq!(
        json(&out.join("reports/report.json"))["error"]["code"],
        "unsupported_format"
    );
    // reports.csv: one row per record, the format last but duplicate_of (empty here).
    let csv = fs::read_to_string(out.join("reports.csv")).unwrap();
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 7, "{csv}");
    assert!(
        rows[0].ends_with(",notes,format,duplicate_of"),
        "{}",
        rows[0]
    );
    assert!(rows[1].starts_with("a.docx,") && rows[1].ends_with(",docx,"));
    assert!(rows[2].starts_with("a.html,") && rows[2].ends_with(",html,"));
}

/// SPEC §6's first row under each of its names: a WordprocessingML package is read as
/// .docx whatever it is called and whichever main-part content type it declares —
/// `.docm` (macro-enabled), `.dotx` (a template), a `.wps` and a `.doc` that WPS or a
/// site saved as OOXML — the same report, no conversion.
#[test]
fn ooxml_under_every_name_reads_as_docx() {
    use std::io::Read;
    let docx = corpus("clean-2021.docx");
    let want = common::across_forms(docx_json("clean-2021.docx"), false);
    let with_type = |ctype: &str| {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&docx)).unwrap();
        let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
        for i in 0..zip.len() {
            let mut f = zip.by_index(i).unwrap();
            let mut b = Vec::new();
            f.read_to_end(&mut b).unwrap();
            entries.push((f.name().unwrap().into_owned(), b));
        }
        for (name, b) in &mut entries {
            if name == "[Content_Types].xml" {
                let text = String::from_utf8(b.clone()).unwrap();
                let main = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";
                assert!(text.contains(main), "{text}");
                *b = text.replace(main, ctype).into_bytes();
            }
        }
        let refs: Vec<(&str, &[u8])> = entries
            .iter()
            .map(|(n, b)| (n.as_str(), b.as_slice()))
            .collect();
        zip_of(&refs)
    };
    let cases = [
        (
            "a.docm",
            with_type("application/vnd.ms-word.document.macroEnabled.main+xml"),
        ),
        (
            "a.dotx",
            with_type(
                "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
            ),
        ),
        ("a.wps", docx.clone()),
        ("a.doc", docx.clone()),
    ];
    for (name, bytes) in cases {
        let r = nianbao::extract::extract_bytes(name, bytes, &Default::default());
        let got: Value = serde_json::from_slice(&nianbao::write::report_json(&r)).unwrap();
        assert_eq!(got["source"]["format"], "docx", "{name}");
        assert_eq!(got["source"]["converted"], Value::Null, "{name}");
        assert_eq!(common::across_forms(got, false), want, "{name}");
    }
}
