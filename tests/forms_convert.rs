//! Every form a report comes in (SPEC §6, issue #10), the parts that are not the HTML
//! reader: what a file is from its bytes (`sniff`, table-driven over real files), the
//! folder walk that gives every report-format file a record and counts the others, and
//! the LibreOffice conversion of `.doc`/`.rtf`/`.odt` (files made by LibreOffice from
//! corpus reports, checked in under `tests/data/converted/`), compared value by value
//! and anomaly by anomaly with the same report as .docx.

mod common;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use pretty_assertions::assert_eq;
use serde_json::Value;

use nianbao::open::{Format, sniff};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn corpus(name: &str) -> Vec<u8> {
    fs::read(root().join("corpus").join(name)).expect("corpus file")
}

fn converted(name: &str) -> Vec<u8> {
    fs::read(root().join("tests/data/converted").join(name)).expect("converted sample")
}

/// A fresh, empty folder for one test.
fn scratch(name: &str) -> PathBuf {
    common::scratch("forms_convert", name)
}

fn json(path: &Path) -> Value {
    serde_json::from_slice(&fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
        .unwrap()
}

/// A minimal PDF 1.4 with one empty page, written by hand (objects, xref, trailer).
const MINIMAL_PDF: &[u8] = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n\
1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n\
2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n\
3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\n\
xref\n0 4\n0000000000 65535 f \n0000000015 00000 n \n0000000064 00000 n \n0000000121 00000 n \n\
trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n196\n%%EOF\n";

/// An OLE compound file (version 3, 512-byte sectors) whose directory holds `streams`,
/// each empty: enough for what a file is to be told by its stream names.
fn ole_file(streams: &[&str]) -> Vec<u8> {
    const FREE: u32 = 0xFFFF_FFFF;
    const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
    const FAT_SECTOR: u32 = 0xFFFF_FFFD;
    let mut f = vec![0u8; 512 * 3];
    f[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    f[0x18..0x1A].copy_from_slice(&0x003Eu16.to_le_bytes());
    f[0x1A..0x1C].copy_from_slice(&3u16.to_le_bytes());
    f[0x1C..0x1E].copy_from_slice(&0xFFFEu16.to_le_bytes());
    f[0x1E..0x20].copy_from_slice(&9u16.to_le_bytes());
    f[0x20..0x22].copy_from_slice(&6u16.to_le_bytes());
    f[0x2C..0x30].copy_from_slice(&1u32.to_le_bytes());
    f[0x30..0x34].copy_from_slice(&1u32.to_le_bytes());
    f[0x38..0x3C].copy_from_slice(&4096u32.to_le_bytes());
    f[0x3C..0x40].copy_from_slice(&END_OF_CHAIN.to_le_bytes());
    f[0x44..0x48].copy_from_slice(&END_OF_CHAIN.to_le_bytes());
    for i in 0..109 {
        let v = if i == 0 { 0 } else { FREE };
        f[0x4C + 4 * i..0x50 + 4 * i].copy_from_slice(&v.to_le_bytes());
    }
    for i in 0..128 {
        let v = match i {
            0 => FAT_SECTOR,
            1 => END_OF_CHAIN,
            _ => FREE,
        };
        f[512 + 4 * i..512 + 4 * i + 4].copy_from_slice(&v.to_le_bytes());
    }
    let names: Vec<(&str, u8)> = std::iter::once(("Root Entry", 5))
        .chain(streams.iter().map(|s| (*s, 2)))
        .collect();
    for (k, (name, kind)) in names.into_iter().enumerate() {
        let e = 1024 + 128 * k;
        let utf16: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
        f[e..e + utf16.len()].copy_from_slice(&utf16);
        f[e + 64..e + 66].copy_from_slice(&(utf16.len() as u16 + 2).to_le_bytes());
        f[e + 66] = kind;
        f[e + 68..e + 80].copy_from_slice(&[0xFF; 12]);
        f[e + 116..e + 120].copy_from_slice(&END_OF_CHAIN.to_le_bytes());
    }
    f
}

/// A zip with the given entries (stored), as a spreadsheet or an archive would be.
fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        w.start_file(
            *name,
            zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Stored),
        )
        .unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn web_page() -> Vec<u8> {
    fs::read(root().join("tests/data/web/web-page-2021.html")).expect("web page sample")
}

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

// ---------------------------------------------------------------- conversion

/// Whether LibreOffice is installed; when it is not, says which test is skipped (and
/// fails instead under `NIANBAO_REQUIRE_TOOLS=1`, as CI sets).
fn soffice_or_skip(test: &str) -> bool {
    let found = nianbao::convert::Converter::find(None, Default::default()).is_ok();
    if !found {
        assert!(
            std::env::var_os("NIANBAO_REQUIRE_TOOLS").is_none(),
            "{test}: soffice is required (NIANBAO_REQUIRE_TOOLS is set) but not on PATH"
        );
        eprintln!("SKIPPED: {test}: soffice (LibreOffice) not on PATH");
    }
    found
}

/// The same report as .docx, through the library, as JSON.
fn docx_json(name: &str) -> Value {
    let r =
        nianbao::extract::extract_bytes(name, corpus(name), &nianbao::extract::Options::default());
    serde_json::from_slice(&nianbao::write::report_json(&r)).unwrap()
}

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

/// A converter that hangs on one file: the chunk times out, its files are retried one
/// at a time, the hanging one fails alone as `conversion_failed` within bounded time, and
/// the others' records are intact. The fake `soffice` (a shell script) answers
/// `--version`, "converts" each input by copying a real .docx to `--outdir`, and sleeps
/// on an input holding `HANG`.
#[cfg(unix)]
#[test]
fn a_hanging_conversion_fails_alone() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch("hang");
    let fake_docx = dir.join("fake.docx");
    fs::write(&fake_docx, corpus("clean-2021.docx")).unwrap();
    let fake = dir.join("soffice");
    fs::write(
        &fake,
        format!(
            r#"#!/bin/sh
for a in "$@"; do [ "$a" = --version ] && {{ echo "LibreOffice 9.9.9.9 fake"; exit 0; }}; done
out=""; next=0
for a in "$@"; do
  if [ "$next" = 1 ]; then out="$a"; next=0; fi
  [ "$a" = --outdir ] && next=1
done
for a in "$@"; do
  [ -f "$a" ] || continue
  if grep -q HANG "$a"; then sleep 600; fi
  b=$(basename "$a"); cp "{}" "$out/${{b%.*}}.docx"
done
"#,
            fake_docx.display()
        ),
    )
    .unwrap();
    fs::set_permissions(&fake, fs::Permissions::from_mode(0o755)).unwrap();
    let input = dir.join("in");
    fs::create_dir_all(&input).unwrap();
    let word = |tag: &[u8]| {
        let mut b = ole_file(&["WordDocument", "1Table"]);
        b.extend_from_slice(tag);
        b
    };
    fs::write(input.join("a.doc"), word(b"OK")).unwrap();
    fs::write(input.join("b.doc"), word(b"HANG")).unwrap();
    fs::write(input.join("c.doc"), word(b"OK, another")).unwrap();
    fs::write(input.join("d.docx"), corpus("clean-2021.docx")).unwrap();
    let out = dir.join("out");
    let o = common::extract_within(
        Duration::from_secs(60),
        &[&input],
        &out,
        &[
            "--jobs",
            "1",
            "--soffice",
            fake.to_str().unwrap(),
            "--convert-timeout",
            "2",
        ],
    );
    // Within the minute nianbao_within allows, against the fake's 600 s sleep: the chunk
    // (1 s + 0.1 s a file), then three single runs of at most 2 s each.
    let b = json(&out.join("reports/b.json"));
    assert_eq!(b["error"]["code"], "conversion_failed");
    let message = b["error"]["message"].as_str().unwrap();
    assert!(message.contains("did not finish within 2 s"), "{message}");
    let want = common::across_forms(docx_json("clean-2021.docx"), false);
    for name in ["a", "c"] {
        let r = json(&out.join(format!("reports/{name}.json")));
        assert_eq!(
            r["source"]["converted"],
            serde_json::json!({"from": "doc", "with": "LibreOffice 9.9.9.9"})
        );
        assert_eq!(common::across_forms(r, false), want, "{name}.doc");
    }
    assert_eq!(json(&out.join("reports/d.json"))["status"], "ok");
    let line = String::from_utf8_lossy(&o.stdout);
    assert!(
        line.starts_with("nianbao: files: 3 read, 1 failed (conversion_failed 1)"),
        "{line}"
    );
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

/// A fake `soffice` (a shell script): answers `--version`, "converts" each input by
/// copying `docx` to `--outdir` after `pause` seconds (a LibreOffice taking its time).
/// Each run's arguments are logged to `dir/calls.log`, one line a run (`start <epoch
/// seconds> <args>`), then `end <epoch seconds>`.
#[cfg(unix)]
fn fake_soffice(dir: &Path, docx: &Path, pause: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let fake = dir.join("soffice");
    let log = dir.join("calls.log");
    fs::write(
        &fake,
        format!(
            r#"#!/bin/sh
echo "start $(date +%s.%N) $*" >> "{log}"
trap 'echo "end $(date +%s.%N)" >> "{log}"' EXIT
for a in "$@"; do [ "$a" = --version ] && {{ echo "LibreOffice 9.9.9.9 fake"; exit 0; }}; done
out=""; next=0
for a in "$@"; do
  if [ "$next" = 1 ]; then out="$a"; next=0; fi
  [ "$a" = --outdir ] && next=1
done
for a in "$@"; do
  [ -f "$a" ] || continue
  sleep {pause}
  b=$(basename "$a"); cp "{docx}" "$out/${{b%.*}}.docx"
done
"#,
            log = log.display(),
            docx = docx.display()
        ),
    )
    .unwrap();
    fs::set_permissions(&fake, fs::Permissions::from_mode(0o755)).unwrap();
    fake
}

/// The conversion prepass draws a bar on a terminal's stderr (issue 10): "converting
/// with LibreOffice", the files counted as they are converted, up to all of them — and
/// none under `--quiet`, none on stdout, none when stderr is not a terminal. The
/// terminal is a pseudo-terminal from util-linux `script`; the converter a fake one
/// taking 0.4 s a file, so the 6 files take seconds and the bar is drawn between.
#[cfg(unix)]
#[test]
fn conversion_prepass_shows_a_progress_bar_on_a_terminal_only() {
    let test = "conversion_prepass_shows_a_progress_bar_on_a_terminal_only";
    if Command::new("script").arg("--version").output().is_err() {
        // `script` is in util-linux (Debian's bsdutils, an essential package)
        assert!(
            std::env::var_os("NIANBAO_REQUIRE_TOOLS").is_none(),
            "{test}: util-linux `script` is required (NIANBAO_REQUIRE_TOOLS is set)"
        );
        eprintln!("SKIPPED: {test}: util-linux `script` (a pseudo-terminal) not on PATH");
        return;
    }
    let dir = scratch("progress");
    let docx = dir.join("fake.docx");
    fs::write(&docx, corpus("clean-2021.docx")).unwrap();
    let fake = fake_soffice(&dir, &docx, "0.4");
    let input = dir.join("in");
    fs::create_dir_all(&input).unwrap();
    for i in 0..6 {
        let mut b = ole_file(&["WordDocument", "1Table"]);
        b.extend_from_slice(format!("report {i}").as_bytes());
        fs::write(input.join(format!("r{i}.doc")), b).unwrap();
    }
    // `script -qec CMD /dev/null`: CMD on a pseudo-terminal (stdin, stdout and stderr),
    // what it writes to the terminal on script's stdout.
    let on_terminal = |extra: &str, redirect: &str| {
        let out = dir.join(format!("out{}", extra.len() + redirect.len()));
        let cmd = format!(
            "stty cols 160 rows 40 2>/dev/null; '{}' extract '{}' --out '{}' --jobs 1 --soffice '{}' {extra} {redirect}",
            env!("CARGO_BIN_EXE_nianbao"),
            input.display(),
            out.display(),
            fake.display()
        );
        let o = Command::new("script")
            .args(["-qec", &cmd, "/dev/null"])
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "{cmd}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        // every record converted: the fake's .docx read for each
        for i in 0..6 {
            let r = json(&out.join(format!("reports/r{i}.json")));
            assert_eq!(r["source"]["converted"]["from"], "doc", "r{i}");
        }
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let shown = on_terminal("", "");
    // the prepass bar's frames (each drawn after a carriage return), not the main pass's
    let frames: Vec<&str> = shown
        .split('\r')
        .filter(|f| f.contains("converting with LibreOffice"))
        .collect();
    assert!(!frames.is_empty(), "{shown:?}");
    // counted file by file as they appear (not only when the one chunk of 6 ends):
    // counts between 1 and 5 of the 6 are drawn
    let counts: Vec<usize> = (0..=6)
        .filter(|n| frames.iter().any(|f| f.contains(&format!(" {n}/6 files"))))
        .collect();
    assert!(
        counts.contains(&0) && counts.iter().filter(|n| (1..6).contains(*n)).count() >= 2,
        "{counts:?}: {frames:?}"
    );
    assert!(
        shown.contains("nianbao: files: 6 read, 0 failed"),
        "{shown:?}"
    );
    // --quiet: the summary line only
    let quiet = on_terminal("--quiet", "");
    assert!(!quiet.contains("converting"), "{quiet:?}");
    assert!(quiet.contains("nianbao: files: 6 read"), "{quiet:?}");
    // stderr elsewhere: nothing of the bar on the terminal (stdout)
    let piped = on_terminal("", "2>/dev/null");
    assert!(!piped.contains("converting"), "{piped:?}");
    assert!(piped.contains("nianbao: files: 6 read"), "{piped:?}");
}

/// The runs `fake_soffice` logged: `(start, end, args)` of each, in start order.
#[cfg(unix)]
fn soffice_runs(dir: &Path) -> Vec<(f64, f64, String)> {
    let log = fs::read_to_string(dir.join("calls.log")).unwrap_or_default();
    let mut runs: Vec<(f64, f64, String)> = Vec::new();
    let mut open: Vec<(f64, String)> = Vec::new();
    for line in log.lines() {
        let mut w = line.splitn(3, ' ');
        let (what, t) = (w.next().unwrap(), w.next().unwrap().parse::<f64>().unwrap());
        match what {
            "start" => open.push((t, w.next().unwrap_or("").to_owned())),
            // runs end in any order: an end closes the earliest run still open (good
            // enough for overlap: each run's end is logged after its start)
            _ => {
                let (s, args) = open.remove(0);
                runs.push((s, t, args));
            }
        }
    }
    runs.sort_by(|a, b| a.0.total_cmp(&b.0));
    runs
}

/// `n` Word binaries (OLE with a `WordDocument` stream), distinct bytes, in `dir`.
fn word_binaries(dir: &Path, n: usize) {
    fs::create_dir_all(dir).unwrap();
    for i in 0..n {
        let mut b = ole_file(&["WordDocument", "1Table"]);
        b.extend_from_slice(format!("report {i}").as_bytes());
        fs::write(dir.join(format!("r{i:02}.doc")), b).unwrap();
    }
}

/// SPEC §6's LibreOffice contract, as the process runs show it: many files per process
/// start (40 files with one worker: 2 runs, 32 + 8 files — not 40 starts), `--headless`,
/// `--convert-to docx`, a profile folder of its own under the run's temp folder, the
/// inputs as copies there (never the user's paths); with two workers two runs at once,
/// never sharing a profile; `soffice --version` asked once per run of nianbao.
#[cfg(unix)]
#[test]
fn libreoffice_starts_once_per_chunk_headless_with_a_profile_of_its_own() {
    let dir = scratch("starts");
    let docx = dir.join("fake.docx");
    fs::write(&docx, corpus("clean-2021.docx")).unwrap();
    let tmp = dir.join("tmp");
    fs::create_dir_all(&tmp).unwrap();
    for (jobs, files, pause) in [("1", 40, "0"), ("2", 6, "0.5")] {
        let _ = fs::remove_file(dir.join("calls.log"));
        let fake = fake_soffice(&dir, &docx, pause);
        let input = dir.join(format!("in-{jobs}"));
        word_binaries(&input, files);
        let out = dir.join(format!("out-{jobs}"));
        let o = Command::new(env!("CARGO_BIN_EXE_nianbao"))
            .args(["extract", "--quiet", "--jobs", jobs, "--soffice"])
            .arg(&fake)
            .arg("--out")
            .arg(&out)
            .arg(&input)
            .env("TMPDIR", &tmp)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let runs = soffice_runs(&dir);
        let (version, convert): (Vec<_>, Vec<_>) =
            runs.iter().partition(|r| r.2.contains("--version"));
        assert_eq!(version.len(), 1, "--version once: {runs:?}");
        let per_run: Vec<usize> = convert
            .iter()
            .map(|r| r.2.split(' ').filter(|a| a.ends_with(".doc")).count())
            .collect();
        match jobs {
            "1" => assert_eq!(per_run, [32, 8], "{runs:?}"),
            _ => assert_eq!(per_run, [3, 3], "{runs:?}"),
        }
        let mut profiles = Vec::new();
        for (_, _, args) in &convert {
            let a: Vec<&str> = args.split(' ').collect();
            assert!(a.contains(&"--headless"), "{args}");
            let to = a
                .iter()
                .position(|x| *x == "--convert-to")
                .expect("--convert-to");
            assert!(a[to + 1].starts_with("docx"), "{args}");
            let profile = a
                .iter()
                .find_map(|x| x.strip_prefix("-env:UserInstallation=file://"))
                .expect("a profile of its own");
            assert!(profile.starts_with(tmp.to_str().unwrap()), "{profile}");
            profiles.push(profile.to_owned());
            for file in a.iter().filter(|x| x.ends_with(".doc")) {
                assert!(
                    file.starts_with(tmp.to_str().unwrap()) && !file.contains("in-"),
                    "a copy in the temp folder, not the user's file: {file}"
                );
            }
        }
        if jobs == "2" {
            let (a, b) = (&convert[0], &convert[1]);
            assert!(a.0 < b.1 && b.0 < a.1, "two runs at once: {runs:?}");
            assert_ne!(
                profiles[0], profiles[1],
                "never one profile for two processes"
            );
        }
        for i in 0..files {
            let r = json(&out.join(format!("reports/r{i:02}.json")));
            assert_eq!(r["source"]["converted"]["from"], "doc");
            assert_eq!(r["status"], "ok");
        }
        assert_eq!(
            fs::read_dir(&tmp).unwrap().count(),
            0,
            "temp folder cleaned"
        );
    }
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
