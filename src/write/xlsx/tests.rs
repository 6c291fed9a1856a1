//! The workbook on its own: headers against `docs/schema.md`, Excel's text limit, and a
//! full sheet continued, read back from the saved zip.

use super::sheet::{MAX_TEXT, excel_text};
use super::*;
use crate::write::parquet::Value;

/// Every column of every sheet has a Chinese header, each sheet's headers are
/// distinct (pandas would rename a repeat), and `docs/schema.md` lists them.
#[test]
fn headers_are_chinese_distinct_and_documented() {
    let docs = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/schema.md"),
    )
    .expect("docs/schema.md");
    for cols in [
        REPORTS_COLUMNS,
        CELLS_COLUMNS,
        ANOMALIES_COLUMNS,
        BATCH_ANOMALIES_COLUMNS,
        CODEBOOK_COLUMNS,
    ] {
        let mut seen = std::collections::BTreeSet::new();
        for c in cols {
            let h = header_zh(c);
            assert!(h != *c || *c == "sha256", "{c} has no header");
            assert!(seen.insert(h), "{c}: header {h} twice");
            assert!(
                docs.contains(&format!("| `{c}` | {h} |")),
                "docs/schema.md: {c}"
            );
        }
    }
    for t in [Template::T2021, Template::T2019] {
        let mut seen = std::collections::BTreeSet::new();
        for key in wide_columns(t) {
            let k: Vec<&str> = key.split('.').collect();
            let h = cell_header(k[0], k[1], k[2]);
            assert!(!h.contains(k[1]) && !h.contains(k[2]), "{key}: {h}");
            assert!(seen.insert(h.clone()), "{key}: {h} twice");
        }
    }
    assert_eq!(WIDE_META_COLUMNS, ["path", "agency", "year", "published"]);
    assert_eq!(
        cell_header("applications", "received", "natural_person"),
        "表三 | 一、本年新收政府信息公开申请数量 | 申请人情况 自然人"
    );
}

#[test]
fn long_texts_are_cut_at_excels_limit() {
    assert_eq!(excel_text("短"), "短");
    let long = "报".repeat(40_000);
    let cut = excel_text(&long);
    assert_eq!(cut.encode_utf16().count(), MAX_TEXT);
    assert!(cut.ends_with('…'));
    // Astral characters count two UTF-16 units each.
    let astral = "𠀀".repeat(20_000);
    assert!(excel_text(&astral).encode_utf16().count() <= MAX_TEXT);
}

/// A sheet that would pass its row limit goes on in `NAME (2)`, `NAME (3)` …, each
/// with the header; every row is written once, in order.
#[test]
fn a_full_sheet_is_continued() {
    let dir = std::env::temp_dir().join(format!("nianbao-xlsx-unit-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    let path = dir.join(XLSX_FILE);
    let mut x = XlsxFile::with_max_rows(&path, &dir, 4).expect("create");
    let mut chunk = Chunk::new(&parquet_columns(BATCH_ANOMALIES_COLUMNS));
    for i in 0..7 {
        chunk.push(Value::Text(&format!("=p{i}")));
        chunk.push(Value::Int(2021));
        chunk.end_row();
    }
    x.append_batch_anomalies(&chunk).expect("rows");
    x.commit().expect("save");
    let bytes = std::fs::read(&path).expect("written");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut part = |name: &str| {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).expect(name), &mut s).expect("utf-8");
        s
    };
    let workbook = part("xl/workbook.xml");
    let names: Vec<&str> = workbook
        .split("<sheet name=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    assert_eq!(
        names,
        [
            "报告",
            "单元格",
            "异常",
            "宽表2021",
            "宽表2019",
            "跨年异常",
            "代码表",
            "跨年异常 (2)",
            "跨年异常 (3)"
        ]
    );
    // 3 rows a sheet under the header: p0-p2, p3-p5, p6; text as strings, never <f>.
    let strings = part("xl/sharedStrings.xml");
    for i in 0..7 {
        assert!(strings.contains(&format!("<t>=p{i}</t>")), "{strings}");
    }
    for (sheet, rows) in [(6, 4), (8, 4), (9, 2)] {
        let xml = part(&format!("xl/worksheets/sheet{sheet}.xml"));
        assert_eq!(xml.matches("<row ").count(), rows, "sheet{sheet}");
        assert!(!xml.contains("<f>"), "{xml}");
        assert!(xml.contains("<pane ySplit=\"1\""), "frozen header: {xml}");
    }
    let core = part("docProps/core.xml");
    assert!(core.contains("2000-01-01T00:00:00Z"), "{core}");
    let _ = std::fs::remove_dir_all(&dir);
}
