//! Files written by other office suites: the real blank 2021 template made in WPS Office
//! (`../shared/fixtures/wps-template-2021.docx`), filled in by editing the XML of its
//! value cells (their U+3000 padding kept), and the same report saved by LibreOffice
//! (`tests/data/libreoffice/wps-filled-roundtrip.docx`, made by
//! `soffice --headless --convert-to docx`; re-made and re-checked here when soffice is
//! installed). Also a report published as a web page (`tests/data/web/web-page-2021.html`,
//! tables with rowspan/colspan as government sites write them) opened and saved as .docx
//! by LibreOffice, as users do to get a .docx from a web report.

use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};

use pretty_assertions::assert_eq;
use serde_json::{Value, json};

use nianbao::extract::{Options, extract_bytes};
use nianbao::recognize::template::{self, APPLICANT_COLS};
use nianbao::report::{AnomalyCode, Report, Status, Template};

mod common;

/// The WPS template in `../shared/fixtures`; `None` (the test skipped, saying so) in a
/// clone of the repository alone.
fn fixture(test: &str) -> Option<PathBuf> {
    common::shared(test, "fixtures/wps-template-2021.docx")
}

/// The checked-in LibreOffice save of [`filled_wps`].
const SAMPLE: &str = "wps-filled-roundtrip.docx";

/// The 22 result rows of template 2021's table 三 and their total, in template order.
fn result_rows() -> Vec<&'static str> {
    let mut rows = template::result_rows(Template::T2021);
    rows.push("results_total");
    rows
}

/// A balanced filling of every value cell, in document order, with the expected
/// `tables` JSON. Each result row gets distinct figures; totals are their sums;
/// `received` = `results_total` + `carried_forward` − `carried_over`.
fn filling() -> (Vec<String>, Value) {
    let mut cells: Vec<String> = Vec::new();
    let active = json!({
        "rules": {"issued": 1, "repealed": 2, "in_force": 3},
        "normative_docs": {"issued": 4, "repealed": 5, "in_force": 6},
        "licensing": {"decisions": 7},
        "penalty": {"decisions": 8},
        "coercion": {"decisions": 9},
        "fees": {"amount": 10.5},
    });
    cells.extend(["1", "2", "3", "4", "5", "6", "7", "8", "9", "10.5"].map(String::from));

    // Result rows: row r, applicant column c → (r + c) % 5 (0 included, as real reports).
    let mut results: Vec<[i64; 7]> = Vec::new();
    for r in 0..21 {
        let mut row = [0i64; 7];
        for (c, v) in row[..6].iter_mut().enumerate() {
            *v = ((r + c) % 5) as i64;
        }
        row[6] = row[..6].iter().sum();
        results.push(row);
    }
    let mut total = [0i64; 7];
    for row in &results {
        for (t, v) in total.iter_mut().zip(row) {
            *t += v;
        }
    }
    let carried_over = [1i64, 0, 0, 0, 0, 0, 1];
    let carried_forward = [2i64, 1, 0, 0, 0, 0, 3];
    let received: Vec<i64> = (0..7)
        .map(|c| total[c] + carried_forward[c] - carried_over[c])
        .collect();

    let mut apps = serde_json::Map::new();
    let mut put = |key: &str, row: &[i64]| {
        cells.extend(row.iter().map(|v| v.to_string()));
        let obj: serde_json::Map<String, Value> = APPLICANT_COLS
            .iter()
            .zip(row)
            .map(|(k, v)| (k.to_string(), json!(v)))
            .collect();
        apps.insert(key.to_owned(), Value::Object(obj));
    };
    put("received", &received);
    put("carried_over", &carried_over);
    for (key, row) in result_rows()[..21].iter().zip(&results) {
        put(key, row);
    }
    put("results_total", &total);
    put("carried_forward", &carried_forward);

    let review = json!({
        "review": {"upheld": 1, "corrected": 2, "other": 0, "pending": 1, "total": 4},
        "litigation_direct": {"upheld": 0, "corrected": 1, "other": 1, "pending": 0, "total": 2},
        "litigation_after_review": {"upheld": 3, "corrected": 0, "other": 0, "pending": 0, "total": 3},
    });
    cells.extend(
        [
            "1", "2", "0", "1", "4", "0", "1", "1", "0", "2", "3", "0", "0", "0", "3",
        ]
        .map(String::from),
    );
    let tables = json!({
        "active_disclosure": active,
        "applications": Value::Object(apps),
        "review_litigation": review,
    });
    (cells, tables)
}

/// Reads one part of a zip.
fn part(zip: &[u8], name: &str) -> String {
    let mut z = zip::ZipArchive::new(Cursor::new(zip)).expect("zip");
    let mut s = String::new();
    z.by_name(name)
        .expect("part")
        .read_to_string(&mut s)
        .expect("utf-8");
    s
}

/// Rewrites the zip with `name` replaced by `text`, every other part copied as is.
fn replace_part(zip: &[u8], name: &str, text: &str) -> Vec<u8> {
    let mut src = zip::ZipArchive::new(Cursor::new(zip)).expect("zip");
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..src.len() {
        let mut f = src.by_index(i).expect("entry");
        let fname = f.name().expect("entry name").to_string();
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).expect("inflate");
        out.start_file(fname.as_str(), opts).expect("start");
        if fname == name {
            out.write_all(text.as_bytes()).expect("write");
        } else {
            out.write_all(&bytes).expect("write");
        }
    }
    out.finish().expect("finish").into_inner()
}

/// Fills the template's value cells: a `w:tc` without `w:vMerge` whose text is empty or
/// only U+3000 padding. The figure goes after the padding, in the cell's first run when
/// it has one (so the padding stays in the same `w:t`), or as a new run.
fn fill(xml: &str, values: &[String]) -> String {
    let mut out = String::with_capacity(xml.len() + values.len() * 40);
    let mut rest = xml;
    let mut next = values.iter();
    while let Some(start) = rest.find("<w:tc>") {
        let end = start + rest[start..].find("</w:tc>").expect("closed cell") + "</w:tc>".len();
        out.push_str(&rest[..start]);
        let cell = &rest[start..end];
        let text: String = cell
            .split("<w:t>")
            .skip(1)
            .filter_map(|s| s.split("</w:t>").next())
            .collect();
        let is_value = !cell.contains("<w:vMerge") && text.chars().all(|c| c == '\u{3000}');
        if is_value {
            let v = next.next().expect("a value for every value cell");
            if let Some(t) = cell.find("</w:t>") {
                out.push_str(&cell[..t]);
                out.push_str(v);
                out.push_str(&cell[t..]);
            } else {
                let p = cell.rfind("</w:p>").expect("cell paragraph");
                out.push_str(&cell[..p]);
                out.push_str(&format!("<w:r><w:t>{v}</w:t></w:r>"));
                out.push_str(&cell[p..]);
            }
        } else {
            out.push_str(cell);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    assert!(next.next().is_none(), "every value used");
    out
}

fn filled_wps(test: &str) -> Option<Vec<u8>> {
    let blank = std::fs::read(fixture(test)?).expect("the WPS fixture in ../shared/fixtures");
    let xml = part(&blank, "word/document.xml");
    let (values, _) = filling();
    Some(replace_part(
        &blank,
        "word/document.xml",
        &fill(&xml, &values),
    ))
}

fn assert_filled(report: &Report) {
    let (_, tables) = filling();
    assert_eq!(report.status, Status::Ok, "{:?}", report.error);
    assert_eq!(report.template.map(|t| t.as_str()), Some("2021"));
    assert_eq!(Value::Object(report.tables()), tables);
    assert_eq!(
        report.anomalies,
        vec![],
        "a balanced, fully filled report has no anomaly"
    );
}

#[test]
fn blank_wps_template_reads_as_blank_cells_not_zeros() {
    let Some(fixture) = fixture("blank_wps_template_reads_as_blank_cells_not_zeros") else {
        return;
    };
    let blank = std::fs::read(fixture).expect("fixture");
    let r = extract_bytes("wps-template-2021.docx", blank, &Options::default());
    assert_eq!(r.status, Status::Ok, "{:?}", r.error);
    // Every one of the 200 value cells is blank: null with missing_cell, never 0.
    let missing: Vec<_> = r
        .anomalies
        .iter()
        .filter(|a| a.code == AnomalyCode::MissingCell)
        .collect();
    assert_eq!(missing.len(), 200, "{:#?}", r.anomalies);
    assert!(r.cells.iter().all(|c| c.value.is_none()));
    // The U+3000 padding of the template's value cells is kept verbatim in raw.
    let rules_issued = r
        .cells
        .iter()
        .find(|c| c.row == "rules" && c.col == "issued")
        .expect("cell");
    assert_eq!(rules_issued.raw.as_deref(), Some("\u{3000}\u{3000}"));
}

#[test]
fn filled_wps_template_reads_back_exactly() {
    let Some(filled) = filled_wps("filled_wps_template_reads_back_exactly") else {
        return;
    };
    let r = extract_bytes("wps-filled.docx", filled, &Options::default());
    assert_filled(&r);
    let rules_issued = r
        .cells
        .iter()
        .find(|c| c.row == "rules" && c.col == "issued")
        .expect("cell");
    assert_eq!(
        rules_issued.raw.as_deref(),
        Some("\u{3000}\u{3000}1"),
        "padding kept in raw"
    );
}

#[test]
fn libreoffice_saved_report_reads_back_exactly() {
    let bytes = std::fs::read(common::lo_sample(SAMPLE)).expect("checked-in LibreOffice sample");
    // LibreOffice rewrites the whole package: its own rels ids, its own styles.
    assert!(
        part(&bytes, "docProps/app.xml").contains("LibreOffice"),
        "sample was saved by LibreOffice"
    );
    assert_filled(&extract_bytes("lo.docx", bytes, &Options::default()));
}

/// Re-makes the LibreOffice sample when soffice is installed (`apt-get install
/// libreoffice-writer-nogui`), so a LibreOffice upgrade that changes what it writes is
/// caught; skipped (with a line saying so) where it is not.
#[test]
fn libreoffice_roundtrip_when_soffice_is_present() {
    let Some(filled) = filled_wps("libreoffice_roundtrip_when_soffice_is_present") else {
        return;
    };
    let docs = [(SAMPLE, filled)];
    let Some(saved) = common::libreoffice_resave("wps", &docs) else {
        return;
    };
    for bytes in saved {
        assert_filled(&extract_bytes("lo.docx", bytes, &Options::default()));
    }
}

/// The web-page report's figures (see `tests/data/web/web-page-2021.html`): every other
/// cell is 0.
fn web_page_figures() -> Vec<(&'static str, i64)> {
    vec![
        ("active_disclosure.normative_docs.issued", 2),
        ("active_disclosure.normative_docs.repealed", 1),
        ("active_disclosure.normative_docs.in_force", 9),
        ("active_disclosure.licensing.decisions", 12),
        ("active_disclosure.penalty.decisions", 4),
        ("applications.received.natural_person", 5),
        ("applications.received.total", 5),
        ("applications.granted.natural_person", 3),
        ("applications.granted.total", 3),
        ("applications.unable_not_held.natural_person", 1),
        ("applications.unable_not_held.total", 1),
        ("applications.results_total.natural_person", 4),
        ("applications.results_total.total", 4),
        ("applications.carried_forward.natural_person", 1),
        ("applications.carried_forward.total", 1),
        ("review_litigation.review.upheld", 1),
        ("review_litigation.review.total", 1),
    ]
}

fn assert_web_page(report: &Report) {
    assert_eq!(report.status, Status::Ok, "{:?}", report.error);
    assert_eq!(report.template, Some(Template::T2021));
    let want: std::collections::BTreeMap<String, Option<f64>> = common::values_out(report)
        .into_keys()
        .map(|k| {
            let v = web_page_figures()
                .iter()
                .find(|(p, _)| *p == k)
                .map_or(0, |f| f.1);
            (k, Some(v as f64))
        })
        .collect();
    assert_eq!(common::values_out(report), want);
    assert_eq!(want.len(), 200, "every cell of the 2021 template");
    assert_eq!(report.anomalies, vec![]);
    assert_eq!(report.report.agency.as_deref(), Some("云河市文化和旅游局"));
    assert_eq!(report.report.year, Some(2021));
    assert_eq!(report.report.published.as_deref(), Some("2022-01-25"));
}

#[test]
fn web_page_saved_as_docx_by_libreoffice() {
    let bytes = std::fs::read(common::lo_sample("web-page-2021.docx")).expect("checked-in save");
    assert!(part(&bytes, "docProps/app.xml").contains("LibreOffice"));
    assert_web_page(&extract_bytes(
        "web-page-2021.docx",
        bytes,
        &Options::default(),
    ));
}

#[test]
fn web_page_roundtrip_when_soffice_is_present() {
    let page = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/web/web-page-2021.html");
    let html = std::fs::read(page).expect("the web page");
    let Some(saved) = common::libreoffice_resave("web", &[("web-page-2021.html", html)]) else {
        return;
    };
    for bytes in saved {
        assert_web_page(&extract_bytes(
            "web-page-2021.docx",
            bytes,
            &Options::default(),
        ));
    }
}
