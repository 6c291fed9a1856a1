//! forms_convert tests: the LibreOffice conversion itself — `.doc`/`.rtf`/`.odt`/`.wps`
//! read back as their .docx (real LibreOffice), `extract_bytes` with a converter, no
//! converter, an encrypted `.doc`, the converted forms in `corpus/`.

use super::*;
use pretty_assertions::assert_eq;

/// `.doc`, `.rtf`, `.odt` files LibreOffice made from two corpus reports, converted back
/// by nianbao in one batch: each record is the .docx's, value by value, anomaly by
/// anomaly, note by note and in its metadata (all but `source` and `location`), and says
/// what it was converted from and with which LibreOffice.
#[test]
fn converted_forms_give_the_docx_values() {
    if !soffice_or_skip("converted_forms_give_the_docx_values") {
        return;
    }
    let dir = scratch("converted");
    let tmp = dir.join("tmp");
    fs::create_dir_all(&tmp).unwrap();
    let input = root().join("tests/data/converted");
    let out = dir.join("out");
    let o = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["extract", "--quiet", "--out"])
        .arg(&out)
        .arg(&input)
        .env("TMPDIR", &tmp)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let version = String::from_utf8_lossy(
        &Command::new("soffice")
            .arg("--version")
            .output()
            .unwrap()
            .stdout,
    )
    .split_whitespace()
    .take(2)
    .collect::<Vec<_>>()
    .join(" ");
    // Report files in path order: .doc, .odt, .rtf of each report.
    let cases = [
        (
            "clean-2021.json",
            "clean-2021.doc",
            "doc",
            "clean-2021.docx",
        ),
        (
            "clean-2021~2.json",
            "clean-2021.odt",
            "odt",
            "clean-2021.docx",
        ),
        (
            "clean-2021~3.json",
            "clean-2021.rtf",
            "rtf",
            "clean-2021.docx",
        ),
        (
            "seed-kangjiahui-2021.json",
            "seed-kangjiahui-2021.doc",
            "doc",
            "seed-kangjiahui-2021.docx",
        ),
        (
            "seed-kangjiahui-2021~2.json",
            "seed-kangjiahui-2021.odt",
            "odt",
            "seed-kangjiahui-2021.docx",
        ),
        (
            "seed-kangjiahui-2021~3.json",
            "seed-kangjiahui-2021.rtf",
            "rtf",
            "seed-kangjiahui-2021.docx",
        ),
    ];
    for (file, path, from, docx) in cases {
        let got = json(&out.join("reports").join(file));
        assert_eq!(got["source"]["path"], path);
        assert_eq!(got["source"]["format"], from, "{path}");
        assert_eq!(
            got["source"]["converted"],
            serde_json::json!({"from": from, "with": version}),
            "{path}"
        );
        assert_eq!(got["status"], "ok", "{path}: {}", got["error"]);
        let want = docx_json(docx);
        assert!(
            want["tables"]["applications"]["received"]["total"].is_number(),
            "the .docx reads"
        );
        assert_eq!(
            common::across_forms(got, false),
            common::across_forms(want, false),
            "{path} against {docx}"
        );
    }
    // The copies and converted files lived in the temp folder, and are gone.
    let left: Vec<_> = fs::read_dir(&tmp).unwrap().collect();
    assert!(left.is_empty(), "temp folder not cleaned: {left:?}");
    let mut beside: Vec<String> = fs::read_dir(&input)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    beside.sort();
    assert_eq!(
        beside.len(),
        6,
        "nothing written beside the inputs: {beside:?}"
    );
}

/// A library caller converts one file through `extract_bytes` with a converter.
#[test]
fn extract_bytes_converts_with_a_converter() {
    if !soffice_or_skip("extract_bytes_converts_with_a_converter") {
        return;
    }
    let opts = nianbao::extract::Options {
        converter: nianbao::convert::Converter::find(None, Default::default()).ok(),
        ..Default::default()
    };
    let r = nianbao::extract::extract_bytes("a.rtf", converted("clean-2021.rtf"), &opts);
    let got: Value = serde_json::from_slice(&nianbao::write::report_json(&r)).unwrap();
    assert_eq!(got["source"]["converted"]["from"], "rtf");
    assert_eq!(
        common::across_forms(got, false),
        common::across_forms(docx_json("clean-2021.docx"), false)
    );
}

/// Without LibreOffice (`--soffice` naming nothing) a `.doc` is `needs_converter`, whose
/// message says how to install it; the other files are read as usual.
#[test]
fn needs_converter_without_libreoffice() {
    let dir = scratch("needs");
    let input = dir.join("in");
    fs::create_dir_all(&input).unwrap();
    fs::write(input.join("a.doc"), converted("clean-2021.doc")).unwrap();
    fs::write(input.join("b.docx"), corpus("clean-2021.docx")).unwrap();
    let out = dir.join("out");
    let o = common::extract_within(
        Duration::from_secs(60),
        &[&input],
        &out,
        &["--soffice", "/nonexistent/soffice"],
    );
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("/nonexistent/soffice"),
        "the run says the converter named is not there"
    );
    let a = json(&out.join("reports/a.json"));
    assert_eq!(a["source"]["format"], "doc");
    assert_eq!(a["source"]["converted"], Value::Null);
    assert_eq!(a["error"]["code"], "needs_converter");
    let message = a["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("apt-get install libreoffice-writer-nogui")
            && message.contains("--soffice"),
        "{message}"
    );
    assert_eq!(json(&out.join("reports/b.json"))["status"], "ok");
}

/// `corpus/` holds one report in each converted form, listed in its README: the same
/// bytes as `tests/data/converted/`'s, which `converted_forms_give_the_docx_values`
/// converts and compares with their .docx twins value by value.
#[test]
fn corpus_holds_each_converted_form() {
    let mut formats: Vec<Format> = testdocs::corpus::OTHER_FORMS
        .iter()
        .filter(|(name, _)| name.starts_with("converted/"))
        .map(|(name, _)| {
            let ext = name.rsplit('.').next();
            let file = name.trim_start_matches("converted/");
            assert!(
                corpus(name) == converted(file),
                "{name} ≠ tests/data/converted/{file}"
            );
            sniff(&corpus(name), ext).unwrap_or_else(|| panic!("{name}: no report format"))
        })
        .collect();
    formats.sort();
    assert_eq!(formats, [Format::Doc, Format::Rtf, Format::Odt]);
}

/// An encrypted `.doc` (the File Information Block's `fEncrypted`, [MS-DOC] 2.5.2) is
/// `encrypted`, located at its `WordDocument` stream, and no conversion is tried: the
/// converter is never asked to convert it (a password prompt in a headless LibreOffice
/// would only time out).
#[cfg(unix)]
#[test]
fn an_encrypted_doc_is_encrypted_and_never_converted() {
    let dir = scratch("encrypted");
    let docx = dir.join("fake.docx");
    fs::write(&docx, corpus("clean-2021.docx")).unwrap();
    let fake = fake_soffice(&dir, &docx, "0");
    let mut doc = converted("clean-2021.doc");
    assert_eq!(nianbao::open::sniff::word_binary_encrypted(&doc), None);
    // The FIB starts the WordDocument stream, at a sector boundary: wIdent 0xA5EC.
    let fib = (0..doc.len() - 12)
        .step_by(512)
        .find(|&at| doc[at..at + 2] == [0xEC, 0xA5])
        .expect("the FIB");
    doc[fib + 11] |= 0x01; // flags at byte 10, fEncrypted = bit 8
    assert!(nianbao::open::sniff::word_binary_encrypted(&doc).is_some());
    let input = dir.join("in");
    fs::create_dir_all(&input).unwrap();
    fs::write(input.join("secret.doc"), &doc).unwrap();
    fs::write(input.join("open.doc"), converted("clean-2021.doc")).unwrap();
    let out = dir.join("out");
    common::extract_within(
        Duration::from_secs(60),
        &[&input],
        &out,
        &["--soffice", fake.to_str().unwrap()],
    );
    let r = json(&out.join("reports/secret.json"));
    assert_eq!(r["source"]["format"], "doc");
    assert_eq!(r["source"]["converted"], Value::Null);
    assert_eq!(r["error"]["code"], "encrypted", "{}", r["error"]);
    assert_eq!(r["error"]["part"], "WordDocument", "{}", r["error"]);
    // the other .doc converted (by the fake) in one run holding only it
    let open = json(&out.join("reports/open.json"));
    assert_eq!(open["source"]["converted"]["from"], "doc");
    let runs = soffice_runs(&dir);
    let converting: Vec<&String> = runs
        .iter()
        .map(|r| &r.2)
        .filter(|a| a.contains("--convert-to"))
        .collect();
    assert_eq!(converting.len(), 1, "{runs:?}");
    assert_eq!(
        converting[0].matches(".doc").count(),
        1,
        "{}",
        converting[0]
    );
}

/// A `.wps` (WPS Office's Word binary: the bytes of a Word 97–2003 file under WPS's
/// name) converted by the real LibreOffice: `source.format` and `converted.from` say
/// `wps`, and the report is the .docx's.
#[test]
fn a_wps_file_is_converted_as_wps() {
    if !soffice_or_skip("a_wps_file_is_converted_as_wps") {
        return;
    }
    let dir = scratch("wps");
    let input = dir.join("in");
    fs::create_dir_all(&input).unwrap();
    fs::write(input.join("clean-2021.wps"), converted("clean-2021.doc")).unwrap();
    let out = dir.join("out");
    common::extract_within(Duration::from_secs(300), &[&input], &out, &[]);
    let got = json(&out.join("reports/clean-2021.json"));
    assert_eq!(got["source"]["format"], "wps");
    assert_eq!(got["source"]["converted"]["from"], "wps");
    assert!(
        got["source"]["converted"]["with"]
            .as_str()
            .is_some_and(|w| w.starts_with("LibreOffice ")),
        "{}",
        got["source"]
    );
    assert_eq!(
        common::across_forms(got, false),
        common::across_forms(docx_json("clean-2021.docx"), false)
    );
}
