//! The checked-in corpus (`corpus/*.docx` and the three-year series
//! `corpus/series/*.docx`): each document's builder and its one-line description.
//! `gen-corpus` writes them and `corpus/README.md` from [`corpus`]; `tests/corpus/`
//! rebuilds them in memory and compares with the checked-in bytes, and `tests/series.rs`
//! runs the batch over them: the only findings across years are the series' one
//! broken link ([`series`]).
//!
//! This file holds the list ([`corpus`], [`PUBLISHERS`], `corpus/README.md`); the reports
//! themselves are in `corpus/samples.rs` (the standalone samples' figures),
//! `corpus/three_years.rs` (the series), `corpus/quirks.rs` (Word and converter quirks
//! over a report) and `corpus/family.rs` ([`varied`], the benchmarks' family).

use crate::raw::{self, Package};
use crate::report::Report;
use crate::seed::seed_doc;

mod family;
mod quirks;
mod samples;
mod three_years;

pub use family::{VARIED_PERIOD, varied};
pub use quirks::{quirks_converted, quirks_converted_2021, quirks_word, quirks_word_2021};
pub use samples::{
    CLEAN_APPLICATIONS, NARRATIVE_2021, blank_zeros, blanks_2019, clean_2021, fees_decimals_2021,
    placeholders_2021, procurement_unit_2019, template_2019, unbalanced_2021, with_narrative,
};
pub use three_years::{SERIES_AGENCY, series, series_2020, series_2021, series_2022};

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

/// `corpus/README.md`: one line per document, from [`corpus`].
pub fn readme() -> String {
    let mut s = String::from(concat!(
        "# corpus\n\n",
        "Sample reports written by the project's own generator (`crates/testdocs`).\n",
        "Rebuild them with `cargo run -p testdocs --bin gen-corpus -- corpus` (same bytes every\n",
        "run); `tests/corpus/` fails when a file here differs from what the generator builds.\n",
        "This file is written by gen-corpus too.\n\n",
        "| file | what it exercises |\n|---|---|\n",
    ));
    for d in corpus() {
        s.push_str(&format!("| `{}` | {} |\n", d.name, d.about));
    }
    s.push_str(concat!(
        "\n## Web forms (generated)\n\n",
        "Each is a corpus report again, built from the same description as its `.docx` twin;\n",
        "`tests/corpus/` checks each reads as the twin (values, anomalies, notes, metadata).\n\n",
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
