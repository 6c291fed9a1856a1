//! A memory budget per file (issue 15): documents small on disk that inflate into
//! millions of elements — unknown elements in cells (each once a note), one-cell tables,
//! empty paragraphs, empty rows — run through the `nianbao` binary under an address-space
//! limit (`ulimit -v`), so a regression is a failed run, not a slow test or a swapping
//! machine. Each document is generated here; each run is also bounded in time.

#![cfg(unix)]

mod common;

use std::fs;
use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

/// The part limit most runs below use. Each run gets as address space the binary's own
/// needs (code, thread stacks, the allocator's reservations: under 200 MiB for a debug
/// build) plus the budget the README documents: 6 × the part limit.
const PART_MIB: u64 = 64;

fn limit_kib(part_mib: u64) -> u64 {
    (200 + 6 * part_mib) * 1024
}

fn scratch(name: &str) -> PathBuf {
    common::scratch("hostile_memory", name)
}

/// A good report (`testdocs::corpus::varied(0)`) with `extra` inserted at the start of
/// its body: the tables of the report are still found, so whatever the reader keeps of
/// `extra` reaches the report.
fn report_with(extra: &str) -> Vec<u8> {
    let good = testdocs::corpus::varied(0);
    let main = testdocs::main_part_of(&good).expect("main part");
    let mut zip = ZipArchive::new(Cursor::new(&good)).unwrap();
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().into_owned();
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).unwrap();
        if name == main {
            let xml = String::from_utf8(bytes).unwrap();
            let at = xml.find("<w:body>").expect("a w:body") + "<w:body>".len();
            bytes = format!("{}{extra}{}", &xml[..at], &xml[at..]).into_bytes();
        }
        w.start_file(name, opts).unwrap();
        w.write_all(&bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// Run `nianbao extract FILE --out OUT` on one worker under the address-space limit
/// for `--max-part-mib part_mib`; killed (and the test failed) past two minutes.
fn extract_limited(file: &Path, out: &Path, part_mib: u64) -> Output {
    let limit = limit_kib(part_mib);
    let script = format!(
        "ulimit -v {limit} && exec \"$0\" extract \"$1\" --out \"$2\" --quiet --jobs 1 --max-part-mib {part_mib}"
    );
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_nianbao"))
        .arg(file)
        .arg(out)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run sh");
    let start = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!(
                "nianbao on {} still running after 2 minutes",
                file.display()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let o = child.wait_with_output().expect("output");
    assert!(
        o.status.success(),
        "nianbao on {} under ulimit -v {limit}: {:?}\n{}",
        file.display(),
        o.status,
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

fn record(out: &Path, name: &str) -> serde_json::Value {
    let path = out.join("reports").join(name);
    serde_json::from_slice(&fs::read(&path).unwrap()).unwrap()
}

fn notes_with(r: &serde_json::Value, code: &str) -> Vec<serde_json::Value> {
    r["notes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["code"] == code)
        .cloned()
        .collect()
}

/// 1,000 cells each holding 2,000 elements the reader does not know (2 million, 12 MB
/// of XML in a docx of 70 KB): each was one `unknown_element` note, 1.4 GB of memory here
/// and 8 GB with a 2.4 GB JSON for the 299 KB file. Now the first notes per cell and
/// per report are kept and one note says how many more there were.
#[test]
fn many_unknown_elements_are_noted_within_the_budget() {
    let cell = format!("<w:tc><w:p>{}</w:p></w:tc>", "<w:zz/>".repeat(2_000));
    let row = format!("<w:tr>{}</w:tr>", cell.repeat(20));
    let doc = report_with(&format!("<w:tbl>{}</w:tbl>", row.repeat(50)));
    assert!(doc.len() < 1_000_000, "{} bytes", doc.len());
    let root = scratch("unknown");
    fs::write(root.join("u.docx"), &doc).unwrap();
    let out = root.join("out");
    extract_limited(&root.join("u.docx"), &out, PART_MIB);
    let r = record(&out, "u.json");
    assert_eq!(r["status"], "ok", "{}", r["error"]);
    let notes = notes_with(&r, "unknown_element");
    let (kept, more): (Vec<_>, Vec<_>) = notes
        .iter()
        .partition(|n| !n["message"].as_str().unwrap().contains("not listed"));
    assert_eq!(kept.len(), nianbao::read::MAX_NOTES, "{}", kept.len());
    // The first cell: its first notes, then one saying how many more it held.
    let first_cell: Vec<_> = kept
        .iter()
        .filter(|n| n["location"]["row"] == 0 && n["location"]["cell"] == 0)
        .collect();
    assert_eq!(first_cell.len(), nianbao::read::MAX_NOTES_PER_CELL);
    assert_eq!(more.len(), 1, "{more:?}");
    let total = 1_000 * 2_000;
    let want = format!(
        "and {} more unknown elements not listed (the first {} of each cell and {} in all are)",
        total - nianbao::read::MAX_NOTES,
        nianbao::read::MAX_NOTES_PER_CELL,
        nianbao::read::MAX_NOTES
    );
    let message = more[0]["message"].as_str().unwrap();
    assert!(message.starts_with(&want), "{message}");
    let json = fs::metadata(out.join("reports/u.json")).unwrap().len();
    assert!(json < 200_000, "the report is {json} bytes");
}

/// A million one-cell tables (45 MB of XML, under a megabyte zipped): 5.9 GB for the
/// issue's file. Past the cap on tables the file is `too_large`, at once and located.
#[test]
fn a_million_tables_are_too_large_within_the_budget() {
    let one = "<w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>";
    let doc = report_with(&one.repeat(1_000_000));
    let root = scratch("tables");
    fs::write(root.join("t.docx"), &doc).unwrap();
    let out = root.join("out");
    extract_limited(&root.join("t.docx"), &out, PART_MIB);
    let r = record(&out, "t.json");
    assert_eq!(r["error"]["code"], "too_large", "{r}");
    let max = nianbao::read::MAX_TABLES;
    assert_eq!(
        r["error"]["message"],
        format!("more than {max} tables: not a report nianbao reads (a cap that bounds memory)")
    );
    assert_eq!(r["error"]["part"], "word/document.xml");
    // The table past the cap: the body's start, then `max` tables before it.
    let offset = r["error"]["offset"].as_u64().unwrap();
    let main = testdocs::part_text(&doc, "word/document.xml").unwrap();
    let body = main.find("<w:body>").unwrap() + "<w:body>".len();
    assert_eq!(offset as usize, body + max * one.len());
}

/// Many cells in one table, empty rows, empty paragraphs: each capped the same way.
#[test]
fn cells_rows_and_paragraphs_are_capped() {
    let cases = [
        (
            "cells",
            format!(
                "<w:tbl>{}</w:tbl>",
                format!("<w:tr>{}</w:tr>", "<w:tc><w:p/></w:tc>".repeat(1_000)).repeat(1_000)
            ),
            format!("more than {} table cells", nianbao::read::MAX_CELLS),
        ),
        (
            "rows",
            format!("<w:tbl>{}</w:tbl>", "<w:tr/>".repeat(3_000_000)),
            format!("more than {} table rows", nianbao::read::MAX_ROWS),
        ),
        (
            "paragraphs",
            "<w:p><w:r><w:t>x</w:t></w:r></w:p>".repeat(250_000),
            format!("more than {} paragraphs", nianbao::read::MAX_PARAGRAPHS),
        ),
    ];
    for (name, extra, want) in cases {
        let root = scratch(name);
        fs::write(root.join("x.docx"), report_with(&extra)).unwrap();
        let out = root.join("out");
        extract_limited(&root.join("x.docx"), &out, PART_MIB);
        let r = record(&out, "x.json");
        assert_eq!(r["error"]["code"], "too_large", "{name}: {r}");
        let message = r["error"]["message"].as_str().unwrap();
        assert!(message.starts_with(&want), "{name}: {message}");
    }
}

/// Documents that fill their part limit (16 MiB here) with what a reader keeps — cells of
/// text up to the cap, one cell of 15 MB, paragraphs, a vertically merged label of 60 KB
/// above 22,000 continue cells (each once copied it: 5.7 GB at 64 MiB) — are read
/// within the budget, as reports.
#[test]
fn documents_at_the_part_limit_stay_within_the_budget() {
    let text = "某".repeat(100);
    let run = |t: &str| format!("<w:p><w:r><w:t>{t}</w:t></w:r></w:p>");
    let cases = [
        (
            "cells",
            format!(
                "<w:tbl>{}</w:tbl>",
                format!(
                    "<w:tr>{}</w:tr>",
                    format!("<w:tc>{}</w:tc>", run(&text)).repeat(100)
                )
                .repeat(470)
            ),
        ),
        (
            "one_cell",
            format!(
                "<w:tbl><w:tr><w:tc>{}</w:tc></w:tr></w:tbl>",
                run(&"某 ".repeat(3_700_000))
            ),
        ),
        ("paragraphs", run(&text).repeat(47_000)),
        (
            "vmerge",
            format!(
                "<w:tbl><w:tr><w:tc><w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr>{}</w:tc></w:tr>{}</w:tbl>",
                run(&"某 ".repeat(20_000)),
                "<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr>".repeat(22_000)
            ),
        ),
    ];
    for (name, extra) in cases {
        assert!(extra.len() < 16 << 20, "{name}: {} bytes", extra.len());
        let root = scratch(name);
        fs::write(root.join("x.docx"), report_with(&extra)).unwrap();
        let out = root.join("out");
        extract_limited(&root.join("x.docx"), &out, 16);
        let r = record(&out, "x.json");
        assert_eq!(r["status"], "ok", "{name}: {}", r["error"]);
        assert_eq!(r["template"], "2021", "{name}");
    }
}
