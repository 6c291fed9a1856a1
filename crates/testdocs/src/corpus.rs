//! The checked-in corpus (`corpus/*.docx` and the three-year series
//! `corpus/series/*.docx`): each document's builder and its one-line description.
//! `gen-corpus` writes them and `corpus/README.md` from [`corpus`]; `tests/corpus.rs`
//! rebuilds them in memory and compares with the checked-in bytes, and `tests/series.rs`
//! runs the batch over them: the only findings across years are the series' one
//! broken link ([`series`]).

use crate::model::*;
use crate::raw::{self, Package};
use crate::report::{Report, Template};
use crate::seed::seed_doc;

/// One corpus document.
pub struct CorpusDoc {
    /// Path inside `corpus/` (`/`-separated; `series/…` for the three-year series).
    pub name: &'static str,
    /// What it exercises, one line (for `corpus/README.md`).
    pub about: &'static str,
    pub build: fn() -> Vec<u8>,
}

/// Who publishes each standalone sample: file, agency, report year, closing date.
///
/// Every sample has an agency of its own, and no agency's name ends another's (the
/// batch's cross-year checks match `康家会镇人民政府` with `静乐县康家会镇人民政府`), so
/// `nianbao extract corpus` compares no two samples across years; the only agency
/// with consecutive years is [`SERIES_AGENCY`]. The test builders ([`clean_2021`] …)
/// keep their own agency (静乐县人民政府办公室): the corpus re-publishes them with
/// [`Report::published_by`].
pub const PUBLISHERS: [(&str, &str, i32, &str); 14] = [
    (
        "clean-2021.docx",
        "云河市清源区人民政府办公室",
        2021,
        "2022年1月25日",
    ),
    (
        "unbalanced-2021.docx",
        "云河市清源区卫生健康局",
        2021,
        "2022年1月28日",
    ),
    (
        "placeholders-2021.docx",
        "云河市清源区东关镇人民政府",
        2021,
        "2022年1月20日",
    ),
    (
        "template-2019.docx",
        "云河市清源区民政局",
        2020,
        "2021年1月22日",
    ),
    (
        "quirks-word-2021.docx",
        "云河市清源区市场监督管理局",
        2021,
        "2022年1月26日",
    ),
    (
        "quirks-converted-2021.docx",
        "云河市清源区交通运输局",
        2021,
        "2022年1月27日",
    ),
    (
        "blanks-2019.docx",
        "云河市人民政府办公厅",
        2019,
        "2020年1月20日",
    ),
    (
        "procurement-unit-2019.docx",
        "云河市机关事务管理局",
        2019,
        "2020年1月21日",
    ),
    (
        "fees-decimals-2021.docx",
        "云河市自然资源和规划局",
        2021,
        "2022年1月24日",
    ),
    (
        "shape-annotated-figures-2021.docx",
        "云河市清源区司法局",
        2021,
        "2022年1月19日",
    ),
    (
        "shape-amount-units-2021.docx",
        "云河市清源区财政局",
        2021,
        "2022年1月21日",
    ),
    (
        "shape-mixed-forms-2021.docx",
        "云河市清源区水利局",
        2021,
        "2022年1月17日",
    ),
    (
        "shape-label-variants-2021.docx",
        "云河市清源区应急管理局",
        2021,
        "2022年1月14日",
    ),
    (
        "shape-split-tables-2021.docx",
        "云河市清源区住房和城乡建设局",
        2021,
        "2022年1月13日",
    ),
];

/// `r` as the corpus sample `name` publishes it (see [`PUBLISHERS`]).
pub fn published(name: &str, r: Report) -> Report {
    let (_, agency, year, date) = PUBLISHERS
        .iter()
        .find(|p| p.0 == name)
        .unwrap_or_else(|| panic!("{name} is not in PUBLISHERS"));
    r.published_by(agency, *year, date)
}

/// `r` laid out and written by docx-rs (an ordinary Word-like file).
fn docxrs(r: Report) -> Vec<u8> {
    crate::docxrs::write(&r.doc())
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
            about: "云河市清源区人民政府办公室 2021: 2021 template with non-zero figures in every table; every 勾稽 rule holds, and the overview states nine of its figures, all as the tables have them (no anomaly expected). docx-rs.",
            build: || docxrs(with_narrative(published("clean-2021.docx", clean_2021()))),
        },
        CorpusDoc {
            name: "unbalanced-2021.docx",
            about: "云河市清源区卫生健康局 2021: clean-2021's figures with three cells changed so that five 勾稽 rules fail (see testdocs::corpus::unbalanced_2021); clean-2021's overview, so the text's 收到 15 and 行政复议 2 differ from the tables' 16 and 3 (two narrative_mismatch). docx-rs.",
            build: || {
                docxrs(with_narrative(published(
                    "unbalanced-2021.docx",
                    unbalanced_2021(),
                )))
            },
        },
        CorpusDoc {
            name: "placeholders-2021.docx",
            about: "云河市清源区东关镇人民政府 2021: 2021 template with placeholders (—, ——, /, 无, －) and text (见附件, N/A) in number cells. docx-rs.",
            build: || docxrs(published("placeholders-2021.docx", placeholders_2021())),
        },
        CorpusDoc {
            name: "template-2019.docx",
            about: "云河市清源区民政局 2020: 2019 template (国办公开办函〔2019〕60号): table 二 in five blocks with 上一年项目数量/本年增/减, a negative change, 政府集中采购; single （六）其他处理 row. docx-rs.",
            build: || docxrs(published("template-2019.docx", template_2019())),
        },
        CorpusDoc {
            name: "blanks-2019.docx",
            about: "云河市人民政府办公厅 2019: 2019 template with every zero left blank, 总计 of all-zero result rows and whole rows of table 三 and 四 included (as 上海市人民政府办公厅's 2019 report): null + missing_cell per blank, no sum_mismatch, the note blanks_consistent_as_zero. docx-rs.",
            build: || docxrs(blanks_2019()),
        },
        CorpusDoc {
            name: "procurement-unit-2019.docx",
            about: "云河市机关事务管理局 2019: 2019 template whose 采购总金额 carries its unit in the cell (73802895.90元), converted exactly to 7380.28959 万元 with the raw text kept and one unit_converted (info). docx-rs.",
            build: || docxrs(procurement_unit_2019()),
        },
        CorpusDoc {
            name: "fees-decimals-2021.docx",
            about: "云河市自然资源和规划局 2021: clean-2021's figures with 本年收费金额 24252.311082 (万元, six decimals), kept digit for digit. docx-rs.",
            build: || docxrs(fees_decimals_2021()),
        },
        CorpusDoc {
            name: "quirks-word-2021.docx",
            about: "云河市清源区市场监督管理局 2021: clean-2021 figures behind Word quirks: rows and cells in w:sdt, runs in smartTag/hyperlink/fldSimple/customXml, w:ins and w:del, hidden runs, a =SUM(LEFT) field, split runs with proofErr/bookmarks, the title in a text box stored twice (mc:AlternateContent). Raw XML.",
            build: || quirks_word(published("quirks-word-2021.docx", clean_2021())),
        },
        CorpusDoc {
            name: "quirks-converted-2021.docx",
            about: "云河市清源区交通运输局 2021: clean-2021 figures as converters write them: ISO 29500 Strict namespaces, main part word/main.xml with an ns0: prefix, the report in a one-cell layout table, table 二 as four tables, table 三 with a caption row and split by a page break (bare w:vMerge), full-width digits, U+3000 padding. Raw XML.",
            build: || quirks_converted(published("quirks-converted-2021.docx", clean_2021())),
        },
        CorpusDoc {
            name: "shape-annotated-figures-2021.docx",
            about: "云河市清源区司法局 2021, real shape \"annotated figures\" (testdocs::realshapes::annotated_figures): clean-2021's figures written with notes and measure words (5（其中修订2件）, 12（含自然失效3件）, 235件, 15 项, 5人次, 3件（其中…）) read as the leading figure with annotated_value (info); 见附件, N/A, 约0, 0/0, 0 0 stay null + non_numeric_cell. docx-rs.",
            build: || {
                docxrs(published(
                    "shape-annotated-figures-2021.docx",
                    crate::realshapes::annotated_figures(),
                ))
            },
        },
        CorpusDoc {
            name: "shape-amount-units-2021.docx",
            about: "云河市清源区财政局 2021, real shape \"amount units\" (testdocs::realshapes::amount_units): 本年收费金额 typed 15000元, converted exactly to 1.5 万元 with unit_converted (info), the raw text kept. docx-rs.",
            build: || {
                docxrs(published(
                    "shape-amount-units-2021.docx",
                    crate::realshapes::amount_units(),
                ))
            },
        },
        CorpusDoc {
            name: "shape-mixed-forms-2021.docx",
            about: "云河市清源区水利局 2021, real shape \"mixed forms\" (testdocs::realshapes::mixed_forms): a 2021 table 二 beside table 三's single 2019 （六）其他处理 row (1, 0, 0, 0, 0, 0, 1): template 2021, the row as applications.other, no missing_row for the three 2021 rows, one template_mixed (warning), results_total summing other. docx-rs.",
            build: || {
                docxrs(published(
                    "shape-mixed-forms-2021.docx",
                    crate::realshapes::mixed_forms(),
                ))
            },
        },
        CorpusDoc {
            name: "shape-label-variants-2021.docx",
            about: "云河市清源区应急管理局 2021, real shape \"label variants\" (testdocs::realshapes::label_variants): table 三 items printed with typos (2.其他法律行政止公开, 7.属于行政执法案件, 3.要求提供公开出板物) read as their rows with label_variant (info), figures (1, 0, 0, 0, 0, 0, 1) in the first, every 勾稽 rule tested and holding. docx-rs.",
            build: || {
                docxrs(published(
                    "shape-label-variants-2021.docx",
                    crate::realshapes::label_variants(),
                ))
            },
        },
        CorpusDoc {
            name: "shape-split-tables-2021.docx",
            about: "云河市清源区住房和城乡建设局 2021, real shape \"split tables\" (testdocs::realshapes::split_libreoffice): clean-2021 with table 三 split by a page break inside （三）不予公开, the continuation's label columns plain empty cells instead of vMerge continues (as LibreOffice re-saves it), no repeated header: the same figures as the unsplit table, no anomaly. Raw XML.",
            build: || {
                raw::write(
                    &published(
                        "shape-split-tables-2021.docx",
                        crate::realshapes::split_libreoffice(),
                    )
                    .doc(),
                    &Package::default(),
                )
            },
        },
        CorpusDoc {
            name: "shape-titles-2021.docx",
            about: "云河市清源区文化和旅游局 2021, real shape \"titles\" (testdocs::realshapes::titles_corpus): clean-2021's figures under a title over two paragraphs (清源区文化和旅游局 / 2021年政府信息公开工作年度报告) in a Word text box (DrawingML in mc:Choice, VML in mc:Fallback), the agency qualified by the opening 本报告由云河市清源区文化和旅游局根据… sentence, unsigned, a date alone at the end: agency 云河市清源区文化和旅游局, year 2021, published 2022-01-11, no anomaly. Raw XML.",
            build: crate::realshapes::titles_corpus,
        },
        CorpusDoc {
            name: "series/education-2020.docx",
            about: "云河市清源区教育局 2020, 2019 template: first of a three-year series (see testdocs::corpus::series); carried_forward (2, 1, 0, 0, 0, 0, 3). docx-rs.",
            build: || docxrs(series_2020()),
        },
        CorpusDoc {
            name: "series/education-2021.docx",
            about: "云河市清源区教育局 2021, 2021 template: carried_over = 2020's carried_forward (the link holds); carried_forward (3, 0, 0, 0, 1, 0, 4); in_force rules 2, normative_docs 15. docx-rs.",
            build: || docxrs(series_2021()),
        },
        CorpusDoc {
            name: "series/education-2022.docx",
            about: "云河市清源区教育局 2022, 2021 template: the one broken link — carried_over natural_person 4 and total 5 where 2021 carried forward 3 and 4; normative_docs in_force 18 where 15 + 4 − 2 = 17 (rules 2 + 1 − 0 = 3 holds). Each year is internally consistent. docx-rs.",
            build: || docxrs(series_2022()),
        },
    ]
}

/// The overview paragraphs [`with_narrative`] adds: nine figures of [`clean_2021`] as a
/// report's text states them (received 15, carried_over 3, granted 9, partly 1,
/// results 15, carried_forward 3; review 2, litigation 1 + 0; normative_docs issued 3).
pub const NARRATIVE_2021: [&str; 3] = [
    "（一）依申请公开情况。2021年，本机关共收到政府信息公开申请15件，上年结转3件；予以公开9件，部分公开1件，办结15件，结转下年度继续办理3件，均在法定期限内答复。",
    "（二）行政复议、行政诉讼情况。全年发生政府信息公开行政复议2件，行政诉讼1件。",
    "（三）规范性文件。本年制发规范性文件3件，废止1件。",
];

/// `r` with [`NARRATIVE_2021`] after its overview paragraph (body paragraphs 4 to 6, the
/// title being 0).
pub fn with_narrative(mut r: Report) -> Report {
    r.intro.extend(NARRATIVE_2021.iter().map(|s| s.to_string()));
    r
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

/// A 2019-template report of 静乐县人民政府办公室 for 2020 with balanced figures: table 二 rules 0/0/3,
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

/// Every value cell of `r` still `"0"` left blank (an empty cell), as some authors
/// publish their zeros.
pub fn blank_zeros(r: &mut Report) {
    for k in crate::report::keys(r.template) {
        if r.get(k.table, k.row, k.col) == "0" {
            r.set(k.table, k.row, k.col, "");
        }
    }
}

/// `blanks-2019.docx`: a 2019-template report of 云河市人民政府办公厅 for 2019 whose
/// every zero is an empty cell, even the 总计 of result rows that are all zero (as
/// 上海市人民政府办公厅's 2019 report). With the blanks read as 0 every 勾稽 rule holds:
/// received (152, 9, 2, 0, 4, 1, 168) + carried_over (6, 0, 0, 0, 1, 0, 7) =
/// results_total (148, 8, 2, 0, 5, 1, 164) + carried_forward (10, 1, 0, 0, 0, 0, 11),
/// the fourteen non-zero result rows summing to results_total; review (2, 0, 0, 1, 3),
/// litigation_direct (1, 0, 0, 0, 1); table 二 normative_docs 8/8/46, licensing 21/0/312,
/// procurement 3/96.8. Blank: 128 of the 198 value cells.
pub fn blanks_2019() -> Report {
    let mut r = Report::new(
        Template::T2019,
        "云河市人民政府办公厅",
        2019,
        "2020年1月20日",
    );
    for (row, col, v) in [
        ("normative_docs", "new_made", "8"),
        ("normative_docs", "new_published", "8"),
        ("normative_docs", "total_published", "46"),
        ("licensing", "prev_items", "21"),
        ("licensing", "decisions", "312"),
        ("procurement", "purchases", "3"),
        ("procurement", "purchase_amount", "96.8"),
    ] {
        r.set("active_disclosure", row, col, v);
    }
    for (row, cells) in [
        ("received", ["152", "9", "2", "0", "4", "1", "168"]),
        ("carried_over", ["6", "0", "0", "0", "1", "0", "7"]),
        ("granted", ["60", "3", "1", "0", "2", "0", "66"]),
        ("partly_granted", ["12", "1", "0", "0", "0", "0", "13"]),
        (
            "denied_safety_stability",
            ["1", "0", "0", "0", "0", "0", "1"],
        ),
        ("denied_third_party", ["3", "1", "0", "0", "0", "0", "4"]),
        (
            "denied_internal_affairs",
            ["2", "0", "0", "0", "0", "0", "2"],
        ),
        ("denied_process_info", ["5", "0", "0", "0", "1", "0", "6"]),
        ("denied_admin_query", ["4", "0", "0", "0", "0", "0", "4"]),
        ("unable_not_held", ["38", "2", "1", "0", "1", "1", "43"]),
        ("unable_needs_creation", ["6", "0", "0", "0", "0", "0", "6"]),
        ("unable_unclear", ["3", "0", "0", "0", "0", "0", "3"]),
        ("unprocessed_complaint", ["7", "1", "0", "0", "0", "0", "8"]),
        ("unprocessed_duplicate", ["4", "0", "0", "0", "1", "0", "5"]),
        ("unprocessed_excessive", ["2", "0", "0", "0", "0", "0", "2"]),
        ("other", ["1", "0", "0", "0", "0", "0", "1"]),
        ("results_total", ["148", "8", "2", "0", "5", "1", "164"]),
        ("carried_forward", ["10", "1", "0", "0", "0", "0", "11"]),
    ] {
        r.set_app_row(row, cells);
    }
    for (row, col, v) in [
        ("review", "upheld", "2"),
        ("review", "pending", "1"),
        ("review", "total", "3"),
        ("litigation_direct", "upheld", "1"),
        ("litigation_direct", "total", "1"),
    ] {
        r.set("review_litigation", row, col, v);
    }
    blank_zeros(&mut r);
    r
}

/// `procurement-unit-2019.docx`: a balanced 2019-template report of 云河市机关事务管理局
/// for 2019 whose 政府集中采购 reads 57 purchases for `73802895.90元` (the unit typed
/// in the cell); applications received (3, 1, 0, 0, 0, 0, 4): granted (2, 1, …, 3),
/// unable_not_held (1, 0, …, 1).
pub fn procurement_unit_2019() -> Report {
    let mut r = Report::new(
        Template::T2019,
        "云河市机关事务管理局",
        2019,
        "2020年1月21日",
    );
    for (row, col, v) in [
        ("normative_docs", "new_made", "2"),
        ("normative_docs", "new_published", "2"),
        ("normative_docs", "total_published", "9"),
        ("other_services", "prev_items", "6"),
        ("other_services", "change", "1"),
        ("other_services", "decisions", "140"),
        ("procurement", "purchases", "57"),
        ("procurement", "purchase_amount", "73802895.90元"),
    ] {
        r.set("active_disclosure", row, col, v);
    }
    for (row, cells) in [
        ("received", ["3", "1", "0", "0", "0", "0", "4"]),
        ("granted", ["2", "1", "0", "0", "0", "0", "3"]),
        ("unable_not_held", ["1", "0", "0", "0", "0", "0", "1"]),
        ("results_total", ["3", "1", "0", "0", "0", "0", "4"]),
    ] {
        r.set_app_row(row, cells);
    }
    r
}

/// `fees-decimals-2021.docx`: [`clean_2021`]'s figures published by 云河市自然资源和规划局
/// with 本年收费金额 `24252.311082` (万元, to the yuan and below: six decimals).
pub fn fees_decimals_2021() -> Report {
    let mut r = published("fees-decimals-2021.docx", clean_2021());
    r.set("active_disclosure", "fees", "amount", "24252.311082");
    r
}

/// The agency of the three-year series in `corpus/series/`.
pub const SERIES_AGENCY: &str = "云河市清源区教育局";

/// The three-year series of [`SERIES_AGENCY`] (`corpus/series/education-{2020,2021,2022}.docx`):
/// 2020 on the 2019 template, 2021 and 2022 on the 2021 template. Each report is
/// internally consistent (every 勾稽 rule holds); across years exactly one link breaks,
/// 2021 → 2022:
///
/// | check | 2020 → 2021 | 2021 → 2022 |
/// |---|---|---|
/// | carried_forward(Y) = carried_over(Y+1) | holds: (2, 1, 0, 0, 0, 0, 3) both | breaks at `natural_person` (3 → 4) and `total` (4 → 5); `legal_service` 1 = 1 holds |
/// | rules in_force | not made (2020 is template 2019) | holds: 2 + 1 − 0 = 3 |
/// | normative_docs in_force | not made | breaks: 15 + 4 − 2 = 17, published 18 |
///
/// So `nianbao extract corpus/series` writes three `batch_anomalies.csv` rows, all
/// for `education-2022.docx` against `education-2021.docx`: `carry_over_mismatch`
/// natural_person (expected 3, actual 4), `carry_over_mismatch` total (4, 5),
/// `in_force_mismatch` normative_docs (17, 18).
pub fn series() -> [Report; 3] {
    [series_2020(), series_2021(), series_2022()]
}

/// 2020 (template 2019): received (8, 3, 0, 0, 1, 0, 12) + carried_over (1, 0, …, 1) =
/// results_total (7, 2, 0, 0, 1, 0, 10) + carried_forward (2, 1, 0, 0, 0, 0, 3); results
/// granted (4, 1, …, 5), partly_granted (1, …, 1), unable_not_held (2, 0, 0, 0, 1, 0, 3),
/// other (0, 1, …, 1).
pub fn series_2020() -> Report {
    let mut r = Report::new(Template::T2019, SERIES_AGENCY, 2020, "2021年1月25日");
    for (row, col, v) in [
        ("normative_docs", "new_made", "3"),
        ("normative_docs", "new_published", "3"),
        ("normative_docs", "total_published", "12"),
        ("licensing", "prev_items", "5"),
        ("licensing", "decisions", "40"),
        ("fees", "prev_items", "1"),
        ("fees", "change", "-1"),
        ("procurement", "purchases", "4"),
        ("procurement", "purchase_amount", "126.5"),
    ] {
        r.set("active_disclosure", row, col, v);
    }
    for (row, cells) in [
        ("received", ["8", "3", "0", "0", "1", "0", "12"]),
        ("carried_over", ["1", "0", "0", "0", "0", "0", "1"]),
        ("granted", ["4", "1", "0", "0", "0", "0", "5"]),
        ("partly_granted", ["1", "0", "0", "0", "0", "0", "1"]),
        ("unable_not_held", ["2", "0", "0", "0", "1", "0", "3"]),
        ("other", ["0", "1", "0", "0", "0", "0", "1"]),
        ("results_total", ["7", "2", "0", "0", "1", "0", "10"]),
        ("carried_forward", ["2", "1", "0", "0", "0", "0", "3"]),
    ] {
        r.set_app_row(row, cells);
    }
    for (col, v) in [("upheld", "1"), ("total", "1")] {
        r.set("review_litigation", "review", col, v);
    }
    r
}

/// 2021: carried_over (2, 1, 0, 0, 0, 0, 3) = 2020's carried_forward; received (10, 2,
/// 1, 0, 1, 0, 14) + carried_over = results_total (9, 3, 1, 0, 0, 0, 13) +
/// carried_forward (3, 0, 0, 0, 1, 0, 4); rules 0/0/2, normative_docs 3/1/15.
pub fn series_2021() -> Report {
    let mut r = Report::new(Template::T2021, SERIES_AGENCY, 2021, "2022年1月21日");
    for (row, col, v) in [
        ("rules", "in_force", "2"),
        ("normative_docs", "issued", "3"),
        ("normative_docs", "repealed", "1"),
        ("normative_docs", "in_force", "15"),
        ("licensing", "decisions", "52"),
        ("penalty", "decisions", "6"),
    ] {
        r.set("active_disclosure", row, col, v);
    }
    for (row, cells) in [
        ("received", ["10", "2", "1", "0", "1", "0", "14"]),
        ("carried_over", ["2", "1", "0", "0", "0", "0", "3"]),
        ("granted", ["5", "2", "1", "0", "0", "0", "8"]),
        ("partly_granted", ["1", "0", "0", "0", "0", "0", "1"]),
        ("denied_third_party", ["1", "0", "0", "0", "0", "0", "1"]),
        ("unable_not_held", ["2", "1", "0", "0", "0", "0", "3"]),
        ("results_total", ["9", "3", "1", "0", "0", "0", "13"]),
        ("carried_forward", ["3", "0", "0", "0", "1", "0", "4"]),
    ] {
        r.set_app_row(row, cells);
    }
    for (col, v) in [("upheld", "1"), ("pending", "1"), ("total", "2")] {
        r.set("review_litigation", "review", col, v);
    }
    r
}

/// 2022: carried_over (4, 0, 0, 0, 1, 0, 5) — 2021 carried forward 3 and 4 in all, the
/// break; received (12, 3, 0, 1, 0, 1, 17) + carried_over = results_total (15, 3, 0, 1,
/// 1, 1, 21) + carried_forward (1, 0, …, 1); rules 1/0/3 (2 + 1 − 0, holds),
/// normative_docs 4/2/18 (15 + 4 − 2 = 17, the other break).
pub fn series_2022() -> Report {
    let mut r = Report::new(Template::T2021, SERIES_AGENCY, 2022, "2023年1月18日");
    for (row, col, v) in [
        ("rules", "issued", "1"),
        ("rules", "in_force", "3"),
        ("normative_docs", "issued", "4"),
        ("normative_docs", "repealed", "2"),
        ("normative_docs", "in_force", "18"),
        ("licensing", "decisions", "61"),
        ("penalty", "decisions", "4"),
        ("fees", "amount", "0.85"),
    ] {
        r.set("active_disclosure", row, col, v);
    }
    for (row, cells) in [
        ("received", ["12", "3", "0", "1", "0", "1", "17"]),
        ("carried_over", ["4", "0", "0", "0", "1", "0", "5"]),
        ("granted", ["7", "2", "0", "1", "0", "0", "10"]),
        ("partly_granted", ["2", "0", "0", "0", "0", "0", "2"]),
        ("denied_process_info", ["1", "0", "0", "0", "0", "0", "1"]),
        ("unable_not_held", ["3", "1", "0", "0", "1", "0", "5"]),
        ("unprocessed_duplicate", ["1", "0", "0", "0", "0", "0", "1"]),
        ("other_other", ["1", "0", "0", "0", "0", "1", "2"]),
        ("results_total", ["15", "3", "0", "1", "1", "1", "21"]),
        ("carried_forward", ["1", "0", "0", "0", "0", "0", "1"]),
    ] {
        r.set_app_row(row, cells);
    }
    for (col, v) in [("corrected", "1"), ("total", "1")] {
        r.set("review_litigation", "litigation_direct", col, v);
    }
    r
}

/// The Word quirks of the corpus document (see its line in [`corpus`]) over
/// [`clean_2021`], whose title `静乐县人民政府办公室2021年政府信息公开工作年度报告` goes
/// in a text box stored twice.
pub fn quirks_word_2021() -> Vec<u8> {
    quirks_word(clean_2021())
}

/// The Word quirks of `quirks-word-2021.docx` over `r` (figures as [`clean_2021`]: the
/// edited cells must hold its figures).
pub fn quirks_word(r: Report) -> Vec<u8> {
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

/// The converter quirks of the corpus document (see its line in [`corpus`]) over
/// [`clean_2021`], some figures written in full-width digits or padded with U+3000.
pub fn quirks_converted_2021() -> Vec<u8> {
    quirks_converted(clean_2021())
}

/// The converter quirks of `quirks-converted-2021.docx` over `r` (figures as
/// [`clean_2021`]: the rewritten cells get its figures in full-width or padded form).
pub fn quirks_converted(mut r: Report) -> Vec<u8> {
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
    s.push_str(concat!(
        "\n## Web forms (generated)\n\n",
        "Each is a corpus report again, built from the same description as its `.docx` twin;\n",
        "`tests/corpus.rs` checks each reads as the twin (values, anomalies, notes, metadata).\n\n",
        "| file | twin | what it is |\n|---|---|---|\n",
    ));
    for f in crate::corpus_web::web_forms() {
        s.push_str(&format!("| `{}` | `{}` | {} |\n", f.name, f.twin, f.about));
    }
    s.push_str(concat!(
        "\n## Other forms (checked in, not generated)\n\n",
        "| file | what it is |\n|---|---|\n",
    ));
    for (name, about) in OTHER_FORMS {
        s.push_str(&format!("| `{name}` | {about} |\n"));
    }
    s
}

/// Corpus files in other forms than .docx, made by other programs and checked in (SPEC
/// §6): `make extract` shows each read as the report it holds.
pub const OTHER_FORMS: &[(&str, &str)] = &[
    (
        "converted/seed-kangjiahui-2021.doc",
        "`seed-kangjiahui-2021.docx` saved as Word 97–2003 by LibreOffice 7.4 (`soffice --headless --convert-to doc:\"MS Word 97\"`); read through LibreOffice, the same values as the .docx.",
    ),
    (
        "converted/clean-2021.rtf",
        "`clean-2021.docx` saved as RTF by LibreOffice 7.4 (`--convert-to \"rtf:Rich Text Format\"`).",
    ),
    (
        "converted/clean-2021.odt",
        "`clean-2021.docx` saved as ODF text by LibreOffice 7.4 (`--convert-to odt:writer8`).",
    ),
];

/// Report number `i` of a deterministic family for benchmarks and batch tests:
/// [`clean_2021`]'s figures times `1 + i % 7` (so every 勾稽 rule still holds), written
/// four ways in turn: docx-rs; raw XML; raw XML with table 三 split and captioned and
/// table 二 in four tables; Strict namespaces with an `ns0:` prefix in `word/main.xml`.
///
/// The bytes depend on `i % 28` only (7 scales × 4 writers), so each of the 28 is built
/// once per process and copied after: batch tests in the debug build write thousands of
/// these, and building them again each time was half of `make test`'s longest test.
pub fn varied(i: u64) -> Vec<u8> {
    static BUILT: [std::sync::OnceLock<Vec<u8>>; VARIED_PERIOD as usize] =
        [const { std::sync::OnceLock::new() }; VARIED_PERIOD as usize];
    BUILT[(i % VARIED_PERIOD) as usize]
        .get_or_init(|| build_varied(i % VARIED_PERIOD))
        .clone()
}

/// How many distinct documents [`varied`] makes: its scale repeats every 7, its writer
/// every 4.
pub const VARIED_PERIOD: u64 = 28;

fn build_varied(i: u64) -> Vec<u8> {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The cache in [`varied`] is only sound while the bytes depend on `i % VARIED_PERIOD`
    /// alone: a later change to the family (a figure taken from `i` itself) fails here.
    #[test]
    fn varied_repeats_with_its_period() {
        for i in [0, 3, 6, 13, 27] {
            let fresh = build_varied(i + VARIED_PERIOD);
            assert_eq!(
                fresh,
                build_varied(i),
                "varied({i}) and varied({i} + period)"
            );
            assert_eq!(varied(i + 2 * VARIED_PERIOD), fresh);
        }
        assert_ne!(varied(0), varied(1));
    }
}
