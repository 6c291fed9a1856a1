//! The checked-in corpus (`corpus/*.docx`): each document's builder and its one-line
//! description. `gen-corpus` writes them and `corpus/README.md` from [`corpus`];
//! `tests/corpus.rs` rebuilds them in memory and compares with the checked-in bytes.

use crate::model::*;
use crate::raw::{self, Package};
use crate::report::Report;
use crate::seed::seed_doc;

/// One corpus document.
pub struct CorpusDoc {
    /// File name inside `corpus/`.
    pub name: &'static str,
    /// What it exercises, one line (for `corpus/README.md`).
    pub about: &'static str,
    pub build: fn() -> Vec<u8>,
}

/// Every corpus document, in the order `corpus/README.md` lists them.
pub fn corpus() -> Vec<CorpusDoc> {
    vec![
        CorpusDoc {
            name: "seed-kangjiahui-2021.docx",
            about: "The real seed report (康家会镇 2021, 2021 template) rebuilt with docx-rs: every cell's real text (NBSP padding, two NBSP-only blank cells at denied_enforcement_file/other_org and unprocessed_excessive/legal_service), labels broken over lines, mixed section numbers 1、/二、/5、.",
            build: || crate::docxrs::write(&seed_doc()),
        },
        CorpusDoc {
            name: "clean-2021.docx",
            about: "2021 template with non-zero figures in every table; every 勾稽 rule holds (no anomaly expected). docx-rs.",
            build: || crate::docxrs::write(&clean_2021().doc()),
        },
        CorpusDoc {
            name: "unbalanced-2021.docx",
            about: "clean-2021 with three cells changed so that five 勾稽 rules fail (see testdocs::corpus::unbalanced_2021). docx-rs.",
            build: || crate::docxrs::write(&unbalanced_2021().doc()),
        },
        CorpusDoc {
            name: "placeholders-2021.docx",
            about: "2021 template with placeholders (—, ——, /, 无, －) and text (见附件, N/A) in number cells. docx-rs.",
            build: || crate::docxrs::write(&placeholders_2021().doc()),
        },
        CorpusDoc {
            name: "template-2019.docx",
            about: "2019 template (国办公开办函〔2019〕60号): table 二 in five blocks with 上一年项目数量/本年增/减, a negative change, 政府集中采购; single （六）其他处理 row. docx-rs.",
            build: || crate::docxrs::write(&template_2019().doc()),
        },
        CorpusDoc {
            name: "quirks-word-2021.docx",
            about: "clean-2021 figures behind Word quirks: rows and cells in w:sdt, runs in smartTag/hyperlink/fldSimple/customXml, w:ins and w:del, hidden runs, a =SUM(LEFT) field, split runs with proofErr/bookmarks, the title in a text box stored twice (mc:AlternateContent). Raw XML.",
            build: quirks_word_2021,
        },
        CorpusDoc {
            name: "quirks-converted-2021.docx",
            about: "clean-2021 figures as converters write them: ISO 29500 Strict namespaces, main part word/main.xml with an ns0: prefix, the report in a one-cell layout table, table 二 as four tables, table 三 with a caption row and split by a page break (bare w:vMerge), full-width digits, U+3000 padding. Raw XML.",
            build: quirks_converted_2021,
        },
    ]
}

/// Balanced applications figures of [`clean_2021`], by row, in column order
/// (自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计).
pub const CLEAN_APPLICATIONS: [(&str, [&str; 7]); 7] = [
    ("received", ["10", "3", "1", "1", "0", "0", "15"]),
    ("carried_over", ["2", "1", "0", "0", "0", "0", "3"]),
    ("granted", ["5", "2", "1", "1", "0", "0", "9"]),
    ("partly_granted", ["1", "0", "0", "0", "0", "0", "1"]),
    ("denied_state_secret", ["1", "0", "0", "0", "0", "0", "1"]),
    ("unable_not_held", ["2", "1", "0", "0", "0", "0", "3"]),
    ("unprocessed_duplicate", ["1", "0", "0", "0", "0", "0", "1"]),
];

/// A 2021 report with non-zero figures where every 勾稽 rule holds. Besides
/// [`CLEAN_APPLICATIONS`]: results_total = received (10, 3, 1, 1, 0, 0, 15),
/// carried_forward = carried_over (2, 1, 0, 0, 0, 0, 3); table 二 rules 1/0/5,
/// normative_docs 3/1/12, licensing 235, penalty 18, coercion 2, fees 1.5; table 四
/// review (1, 0, 0, 1, 2), litigation_direct (0, 1, 0, 0, 1), litigation_after_review 0s.
pub fn clean_2021() -> Report {
    let mut r = Report::new_2021();
    for (row, cells) in CLEAN_APPLICATIONS {
        r.set_app_row(row, cells);
    }
    r.set_app_row("results_total", ["10", "3", "1", "1", "0", "0", "15"]);
    r.set_app_row("carried_forward", ["2", "1", "0", "0", "0", "0", "3"]);
    for (row, col, v) in [
        ("rules", "issued", "1"),
        ("rules", "in_force", "5"),
        ("normative_docs", "issued", "3"),
        ("normative_docs", "repealed", "1"),
        ("normative_docs", "in_force", "12"),
        ("licensing", "decisions", "235"),
        ("penalty", "decisions", "18"),
        ("coercion", "decisions", "2"),
        ("fees", "amount", "1.5"),
    ] {
        r.set("active_disclosure", row, col, v);
    }
    for (row, col, v) in [
        ("review", "upheld", "1"),
        ("review", "pending", "1"),
        ("review", "total", "2"),
        ("litigation_direct", "corrected", "1"),
        ("litigation_direct", "total", "1"),
    ] {
        r.set("review_litigation", row, col, v);
    }
    r
}

/// [`clean_2021`] with three cells changed:
/// - `applications.received.total` 16 (was 15): `row_total` received fails
///   (expected 15, actual 16) and `column_balance` total fails (16 + 3 ≠ 15 + 3);
/// - `applications.granted.research` 2 (was 1): `row_total` granted fails (expected
///   10, actual 9) and `results_total` research fails (expected 2, actual 1);
///   `column_balance` research still holds (it reads the 总计 row, 1 + 0 = 1 + 0);
/// - `review_litigation.review.total` 3 (was 2): `row_total` review fails (expected
///   2, actual 3).
pub fn unbalanced_2021() -> Report {
    let mut r = clean_2021();
    r.set("applications", "received", "total", "16");
    r.set("applications", "granted", "research", "2");
    r.set("review_litigation", "review", "total", "3");
    r
}

/// An all-zero 2021 report with placeholders and text in number cells:
/// `—` licensing, `——` penalty, `/` coercion, `无` received.natural_person, `－`
/// carried_over.other_org, `见附件` fees.amount, `N/A` review.pending.
pub fn placeholders_2021() -> Report {
    let mut r = Report::new_2021();
    r.set("active_disclosure", "licensing", "decisions", "—");
    r.set("active_disclosure", "penalty", "decisions", "——");
    r.set("active_disclosure", "coercion", "decisions", "/");
    r.set("active_disclosure", "fees", "amount", "见附件");
    r.set("applications", "received", "natural_person", "无");
    r.set("applications", "carried_over", "other_org", "－");
    r.set("review_litigation", "review", "pending", "N/A");
    r
}

/// A 2019-template report (year 2020) with balanced figures: table 二 rules 0/0/3,
/// normative_docs 4/4/20, licensing 12/-2/310, other_services 30/1/85, penalty 25/0/7,
/// coercion 5/0/1, fees 3/0, procurement 2/25.1; applications received (3, 1, 0, 0, 0,
/// 0, 4) all granted; table 四 zeros.
pub fn template_2019() -> Report {
    let mut r = Report::new_2019();
    for (row, col, v) in [
        ("rules", "total_published", "3"),
        ("normative_docs", "new_made", "4"),
        ("normative_docs", "new_published", "4"),
        ("normative_docs", "total_published", "20"),
        ("licensing", "prev_items", "12"),
        ("licensing", "change", "-2"),
        ("licensing", "decisions", "310"),
        ("other_services", "prev_items", "30"),
        ("other_services", "change", "1"),
        ("other_services", "decisions", "85"),
        ("penalty", "prev_items", "25"),
        ("penalty", "decisions", "7"),
        ("coercion", "prev_items", "5"),
        ("coercion", "decisions", "1"),
        ("fees", "prev_items", "3"),
        ("procurement", "purchases", "2"),
        ("procurement", "purchase_amount", "25.1"),
    ] {
        r.set("active_disclosure", row, col, v);
    }
    for row in ["received", "granted", "results_total"] {
        r.set_app_row(row, ["3", "1", "0", "0", "0", "0", "4"]);
    }
    r
}

/// The Word-quirk corpus document (see its line in [`corpus`]). Figures as
/// [`clean_2021`]; title `静乐县人民政府办公室2021年政府信息公开工作年度报告` in a text
/// box stored twice.
pub fn quirks_word_2021() -> Vec<u8> {
    let r = clean_2021();
    let mut doc = r.doc();
    let at = |row: &str, col: &str| r.locate("applications", row, col);

    // The title paragraph becomes a text box (DrawingML + VML fallback).
    if let Block::Para(title) = &doc.body[0] {
        let title = title.clone();
        doc.body[0] = Block::Para(Para::of(vec![Inline::TextBox {
            content: vec![Block::Para(title)],
            alternate: true,
        }]));
    }
    // Rows received and carried_over inside content controls; one cell in customXml.
    let t3 = at("received", "total").table;
    let rrow = at("received", "total").row;
    doc.table_mut(t3).rows[rrow].wrap.push(Wrap::Sdt);
    doc.table_mut(t3).rows[rrow + 1].wrap.push(Wrap::Sdt);
    doc.cell_mut(at("granted", "natural_person"))
        .wrap
        .push(Wrap::Sdt);
    doc.cell_mut(at("granted", "commercial"))
        .wrap
        .push(Wrap::CustomXml);
    // Run wrappers on value runs.
    for (row, col, w) in [
        ("granted", "total", Wrap::SmartTag),
        ("partly_granted", "natural_person", Wrap::Hyperlink),
        (
            "unable_not_held",
            "natural_person",
            Wrap::FldSimple("QUOTE 2".to_owned()),
        ),
        ("unable_not_held", "total", Wrap::Ins),
    ] {
        if let Some(run) = doc.cell_mut(at(row, col)).first_run_mut() {
            run.wrap.push(w);
        }
    }
    // received.natural_person: "10" split over runs with proofErr and a bookmark.
    doc.cell_mut(at("received", "natural_person"))
        .set_inlines(vec![
            Inline::Raw(r#"<w:proofErr w:type="spellStart"/>"#.to_owned()),
            Run::text("1").into(),
            Inline::Raw(r#"<w:bookmarkStart w:id="90" w:name="_GoBack"/>"#.to_owned()),
            Run::text("0").into(),
            Inline::Raw(r#"<w:bookmarkEnd w:id="90"/><w:proofErr w:type="spellEnd"/>"#.to_owned()),
        ]);
    // received.total: a =SUM(LEFT) field whose result is 15.
    doc.cell_mut(at("received", "total"))
        .set_inlines(vec![Inline::Field {
            instr: " =SUM(LEFT) ".to_owned(),
            result: "15".to_owned(),
        }]);
    // carried_over.total: "3" with a deleted "5" and a hidden "7" beside it.
    doc.cell_mut(at("carried_over", "total")).set_inlines(vec![
        Run::deleted("5").into(),
        Run::text("3").wrapped(Wrap::Ins).into(),
        Run {
            vanish: Some(true),
            ..Run::text("7")
        }
        .into(),
    ]);
    raw::write(&doc, &Package::default())
}

/// The converter-quirk corpus document (see its line in [`corpus`]). Figures as
/// [`clean_2021`], some written in full-width digits or padded with U+3000.
pub fn quirks_converted_2021() -> Vec<u8> {
    let mut r = clean_2021();
    r.layout.layout_table = true;
    r.layout.active_split = true;
    r.layout.caption = Some("表三：收到和处理政府信息公开申请情况".to_owned());
    r.layout.split_applications_before = Some("denied_process_info".to_owned());
    r.set("applications", "received", "natural_person", "１０");
    r.set("applications", "received", "total", "\u{3000}15\u{3000}");
    r.set("active_disclosure", "licensing", "decisions", "２３５");
    raw::write(
        &r.doc(),
        &Package {
            main_part: "word/main.xml".to_owned(),
            prefix: "ns0".to_owned(),
            strict: true,
            ..Package::default()
        },
    )
}

/// `corpus/README.md`: one line per document, from [`corpus`].
pub fn readme() -> String {
    let mut s = String::from(concat!(
        "# corpus\n\n",
        "Sample reports written by the project's own generator (`crates/testdocs`).\n",
        "Rebuild them with `cargo run -p testdocs --bin gen-corpus -- corpus` (same bytes every\n",
        "run); `tests/corpus.rs` fails when a file here differs from what the generator builds.\n",
        "This file is written by gen-corpus too.\n\n",
        "| file | what it exercises |\n|---|---|\n",
    ));
    for d in corpus() {
        s.push_str(&format!("| `{}` | {} |\n", d.name, d.about));
    }
    s
}

/// Report number `i` of a deterministic family for benchmarks and batch tests:
/// [`clean_2021`]'s figures times `1 + i % 7` (so every 勾稽 rule still holds), written
/// four ways in turn: docx-rs; raw XML; raw XML with table 三 split and captioned and
/// table 二 in four tables; Strict namespaces with an `ns0:` prefix in `word/main.xml`.
pub fn varied(i: u64) -> Vec<u8> {
    let k = (1 + i % 7) as f64;
    let mut r = clean_2021();
    for v in r.values.values_mut() {
        if let Ok(n) = v.parse::<f64>() {
            *v = format!("{}", n * k);
        }
    }
    match i % 4 {
        0 => crate::docxrs::write(&r.doc()),
        1 => raw::write(&r.doc(), &Package::default()),
        2 => {
            r.layout.active_split = true;
            r.layout.caption = Some("表三：收到和处理政府信息公开申请情况".to_owned());
            r.layout.split_applications_before = Some("unable_not_held".to_owned());
            raw::write(&r.doc(), &Package::default())
        }
        _ => raw::write(
            &r.doc(),
            &Package {
                main_part: "word/main.xml".to_owned(),
                prefix: "ns0".to_owned(),
                strict: true,
                ..Package::default()
            },
        ),
    }
}
