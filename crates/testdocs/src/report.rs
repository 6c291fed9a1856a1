//! A report as its author fills it in: the paragraphs around the tables and the raw
//! text of every value cell, keyed by SPEC §2's canonical names, laid out into a
//! [`Doc`] the way the national template's tables are built (the WPS template of
//! 国办公开办函〔2021〕30号, and its 2019 predecessor 国办公开办函〔2019〕60号).
//!
//! Table layouts (`span`: `w:gridSpan`; `v↓`: `w:vMerge` restart, `v·`: continue):
//!
//! ```text
//! 二 (grid 4), per block:  [第二十条第（一）项 span 4]
//!                          [信息内容][col label]…   1 col: span 3; 2 cols: 1 + span 2
//!                          [row label][value]…      spans as the header
//! 三 (grid 10):            [勾稽说明 span 3 v↓][申请人情况 span 7]
//!                          [v· span 3][自然人 v↓][法人或其他组织 span 5][总计 v↓]
//!                          [v· span 3][v·][商业\n企业][科研\n机构][社会公益组织][法律服务机构][其他][v·]
//!                          [一、本年新收… span 3][7 values]
//!                          [三、本年度办理结果 v↓][（一）予以公开 span 2][7 values]
//!                          [v·][（三）不予公开 v↓][1.属于国家秘密][7 values]   then [v·][v·][label][7 values]
//!                          [四、结转下年度继续办理 span 3][7 values]
//! 四 (grid 15):            [行政复议 span 5][行政诉讼 span 10]
//!                          [结果维持 v↓]…[总计 v↓][未经复议直接起诉 span 5][复议后起诉 span 5]
//!                          [v·]×5 [结果维持]…[总计]×2
//!                          [15 values]
//! ```
//!
//! The template's tables as data (blocks, rows, columns, canonical keys) are in
//! `report/template.rs`; laying a [`Report`] out into a [`Doc`] and noting where each
//! value cell lands is `report/layout.rs`.

use std::collections::BTreeMap;

use crate::model::*;

mod layout;
mod template;

use template::keys_with;
pub use template::{
    APPLICANT_COLS, ActiveBlock, AppRow, Key, REVIEW_COLS, REVIEW_ROWS, TABLES, Template,
    active_blocks, application_rows, keys,
};

/// How the tables are cut and wrapped, beyond the template's own layout.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layout {
    /// Table 二 as one table per block (four for 2021, five for 2019) instead of one.
    pub active_split: bool,
    /// A caption row (`表三：收到和处理政府信息公开申请情况`) as table 三's first row,
    /// spanning all ten columns.
    pub caption: Option<String>,
    /// Split table 三 before this applications row key (e.g. `denied_process_info`): the
    /// rows from it on go to a second `w:tbl`, without header rows, after a paragraph
    /// holding a page break; its first row continues the vertical merges of the label
    /// columns with bare `<w:vMerge/>`.
    pub split_applications_before: Option<String>,
    /// How the second part of a split table 三 is written (see
    /// [`Layout::split_applications_before`]).
    pub continuation: Continuation,
    /// The whole body inside a one-cell layout table.
    pub layout_table: bool,
    /// Write every vertical-merge continuation as a bare `<w:vMerge/>`.
    pub bare_vmerge: bool,
    /// Table 三's （六）其他处理 as the single 2019 row `other`, whatever the template
    /// (SPEC §2's mixed form, with a 2021 table 二).
    pub single_other: bool,
}

/// What a writer did to the second part of a split table 三.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Continuation {
    /// The label columns' merge continues written as plain empty cells, no `w:vMerge`
    /// (as LibreOffice re-saves a part whose merges have no restart in it).
    pub empty_labels: bool,
    /// Table 三's three header rows repeated at the top of the second part; the part's
    /// first data row then starts its label merges afresh (empty `restart` cells), as a
    /// continue under the header would merge with it.
    pub repeat_header: bool,
}

/// A report of one template, filled in.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub template: Template,
    /// Title paragraph(s).
    pub title: Vec<String>,
    /// Paragraphs between the title and the heading of table 二.
    pub intro: Vec<String>,
    /// The section headings written before tables 二, 三 and 四.
    pub headings: [String; 3],
    /// Paragraphs after table 四.
    pub outro: Vec<String>,
    /// Closing lines: agency, date.
    pub closing: Vec<String>,
    /// Raw text of value cells by canonical key; a key not set is written as `"0"`.
    pub values: BTreeMap<Key, String>,
    /// Label texts replaced wherever they are written (`结果纠正` → `结果\n纠正`).
    pub relabel: BTreeMap<String, String>,
    pub layout: Layout,
}

impl Report {
    /// A 2021-template report of 静乐县人民政府办公室 for 2021, published 2022-01-25,
    /// every value cell `"0"`.
    pub fn new_2021() -> Self {
        Report::new(
            Template::T2021,
            "静乐县人民政府办公室",
            2021,
            "2022年1月25日",
        )
    }

    /// A 2019-template report of 静乐县人民政府办公室 for 2020, published 2021-01-22.
    pub fn new_2019() -> Self {
        Report::new(
            Template::T2019,
            "静乐县人民政府办公室",
            2020,
            "2021年1月22日",
        )
    }

    /// A report with the template's default paragraphs, every value cell `"0"`.
    pub fn new(template: Template, agency: &str, year: i32, date: &str) -> Self {
        Report {
            template,
            title: vec![format!("{agency}{year}年政府信息公开工作年度报告")],
            intro: vec![
                format!(
                    "本报告根据《中华人民共和国政府信息公开条例》编制，所列数据的统计期限为{year}年1月1日至{year}年12月31日。"
                ),
                "一、总体情况".to_owned(),
                format!("{year}年，{agency}认真贯彻落实政府信息公开各项工作要求。"),
            ],
            headings: [
                "二、主动公开政府信息情况".to_owned(),
                "三、收到和处理政府信息公开申请情况".to_owned(),
                "四、政府信息公开行政复议、行政诉讼情况".to_owned(),
            ],
            outro: vec![
                "五、存在的主要问题及改进情况".to_owned(),
                "政府信息公开工作仍需加强。".to_owned(),
                "六、其他需要报告的事项".to_owned(),
                "无。".to_owned(),
            ],
            closing: vec![agency.to_owned(), date.to_owned()],
            values: BTreeMap::new(),
            relabel: BTreeMap::new(),
            layout: Layout::default(),
        }
    }

    /// The same report published by another agency for another year: the title, intro
    /// and closing lines rewritten as [`Report::new`] writes them; figures, headings,
    /// labels and layout kept.
    pub fn published_by(mut self, agency: &str, year: i32, date: &str) -> Self {
        let fresh = Report::new(self.template, agency, year, date);
        self.title = fresh.title;
        self.intro = fresh.intro;
        self.closing = fresh.closing;
        self
    }

    /// The canonical key `table.row.col` of this template, or a panic naming it.
    pub fn key(&self, table: &str, row: &str, col: &str) -> Key {
        self.keys()
            .into_iter()
            .find(|k| k.table == table && k.row == row && k.col == col)
            .unwrap_or_else(|| {
                panic!(
                    "no cell {table}.{row}.{col} in template {:?}",
                    self.template
                )
            })
    }

    /// Table 三's rows as this report lays them out (see [`Layout::single_other`]).
    pub fn application_rows(&self) -> Vec<AppRow> {
        if self.layout.single_other {
            application_rows(Template::T2019)
        } else {
            application_rows(self.template)
        }
    }

    /// Every canonical cell this report writes, in template order: [`keys`] of its
    /// template, with table 三's rows as [`Report::application_rows`] lays them out.
    pub fn keys(&self) -> Vec<Key> {
        keys_with(self.template, &self.application_rows())
    }

    /// Set the raw text of one value cell.
    pub fn set(&mut self, table: &str, row: &str, col: &str, text: impl Into<String>) -> &mut Self {
        let k = self.key(table, row, col);
        self.values.insert(k, text.into());
        self
    }

    /// Set a whole `applications` row: the seven cells in column order.
    pub fn set_app_row(&mut self, row: &str, cells: [&str; 7]) -> &mut Self {
        for ((col, _), text) in APPLICANT_COLS.iter().zip(cells) {
            self.set("applications", row, col, text);
        }
        self
    }

    /// The raw text of one value cell (`"0"` when not set).
    pub fn get(&self, table: &str, row: &str, col: &str) -> &str {
        self.values
            .get(&self.key(table, row, col))
            .map(String::as_str)
            .unwrap_or("0")
    }

    /// Where the value cell `table.row.col` is in the document [`Report::doc`] builds.
    pub fn locate(&self, table: &str, row: &str, col: &str) -> Loc {
        let k = self.key(table, row, col);
        let (_, locs) = self.build();
        locs[&k]
    }

    /// The report laid out as a document.
    pub fn doc(&self) -> Doc {
        self.build().0
    }
}
