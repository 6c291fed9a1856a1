//! Every form a report comes in (SPEC §6, issue #10), the parts that are not the HTML
//! reader: what a file is from its bytes (`sniff`, table-driven over real files), the
//! folder walk that gives every report-format file a record and counts the others, and
//! the LibreOffice conversion of `.doc`/`.rtf`/`.odt` (files made by LibreOffice from
//! corpus reports, checked in under `tests/data/converted/`), compared value by value
//! and anomaly by anomaly with the same report as .docx.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

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
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("forms_convert")
        .join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// Run `nianbao` with `args`; a run still going after `limit` is killed and fails.
fn nianbao_within(limit: Duration, args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run nianbao");
    let start = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            return child.wait_with_output().expect("output");
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("nianbao {args:?} still running after {limit:?}: killed");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
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
    let o = nianbao_within(
        Duration::from_secs(120),
        &[
            "extract",
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--quiet",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
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
