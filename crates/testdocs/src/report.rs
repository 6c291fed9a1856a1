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

use std::collections::BTreeMap;

use crate::model::*;

/// Which national template the tables follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Template {
    /// 国办公开办函〔2021〕30号 (reports of 2021 onward).
    T2021,
    /// 国办公开办函〔2019〕60号 (reports of 2019 and 2020).
    T2019,
}

/// Canonical table keys, in document order.
pub const TABLES: [&str; 3] = ["active_disclosure", "applications", "review_litigation"];

/// The columns of `applications`: key and header label.
pub const APPLICANT_COLS: [(&str, &str); 7] = [
    ("natural_person", "自然人"),
    ("commercial", "商业\n企业"),
    ("research", "科研\n机构"),
    ("social_welfare", "社会公益组织"),
    ("legal_service", "法律服务机构"),
    ("other_org", "其他"),
    ("total", "总计"),
];

/// The columns of `review_litigation`: key and header label.
pub const REVIEW_COLS: [(&str, &str); 5] = [
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
    ("total", "总计"),
];

/// The rows of `review_litigation`, in the order their five cells sit in the value row.
pub const REVIEW_ROWS: [&str; 3] = ["review", "litigation_direct", "litigation_after_review"];

/// One block of table 二: header (第二十条第（一）项), columns, rows.
#[derive(Debug, Clone, Copy)]
pub struct ActiveBlock {
    pub header: &'static str,
    pub cols: &'static [(&'static str, &'static str)],
    pub rows: &'static [(&'static str, &'static str)],
}

const ACTIVE_2021: [ActiveBlock; 4] = [
    ActiveBlock {
        header: "第二十条第（一）项",
        cols: &[
            ("issued", "本年制发件数"),
            ("repealed", "本年废止件数"),
            ("in_force", "现行有效件数"),
        ],
        rows: &[("rules", "规章"), ("normative_docs", "行政规范性文件")],
    },
    ActiveBlock {
        header: "第二十条第（五）项",
        cols: &[("decisions", "本年处理决定数量")],
        rows: &[("licensing", "行政许可")],
    },
    ActiveBlock {
        header: "第二十条第（六）项",
        cols: &[("decisions", "本年处理决定数量")],
        rows: &[("penalty", "行政处罚"), ("coercion", "行政强制")],
    },
    ActiveBlock {
        header: "第二十条第（八）项",
        cols: &[("amount", "本年收费金额（单位：万元）")],
        rows: &[("fees", "行政事业性收费")],
    },
];

const COLS_2019_ITEMS: &[(&str, &str)] = &[
    ("prev_items", "上一年项目数量"),
    ("change", "本年增/减"),
    ("decisions", "处理决定数量"),
];

const ACTIVE_2019: [ActiveBlock; 5] = [
    ActiveBlock {
        header: "第二十条第（一）项",
        cols: &[
            ("new_made", "本年新制作数量"),
            ("new_published", "本年新公开数量"),
            ("total_published", "对外公开总数量"),
        ],
        rows: &[("rules", "规章"), ("normative_docs", "规范性文件")],
    },
    ActiveBlock {
        header: "第二十条第（五）项",
        cols: COLS_2019_ITEMS,
        rows: &[
            ("licensing", "行政许可"),
            ("other_services", "其他对外管理服务事项"),
        ],
    },
    ActiveBlock {
        header: "第二十条第（六）项",
        cols: COLS_2019_ITEMS,
        rows: &[("penalty", "行政处罚"), ("coercion", "行政强制")],
    },
    ActiveBlock {
        header: "第二十条第（八）项",
        cols: &[("prev_items", "上一年项目数量"), ("change", "本年增/减")],
        rows: &[("fees", "行政事业性收费")],
    },
    ActiveBlock {
        header: "第二十条第（九）项",
        cols: &[
            ("purchases", "采购项目数量"),
            ("purchase_amount", "采购总金额"),
        ],
        rows: &[("procurement", "政府集中采购")],
    },
];

/// One row of table 三: key, the merged group label it sits under (三、本年度办理结果 /
/// （三）不予公开 …), and its own label.
#[derive(Debug, Clone, Copy)]
pub struct AppRow {
    pub key: &'static str,
    /// Level-1 group (`三、本年度办理结果`) for result rows, `None` for rows spanning the
    /// three label columns.
    pub group: Option<&'static str>,
    /// Level-2 group (`（三）不予公开`) for numbered sub-rows.
    pub sub: Option<&'static str>,
    pub label: &'static str,
}

const RESULTS: &str = "三、本年度办理结果";

const fn top(key: &'static str, label: &'static str) -> AppRow {
    AppRow {
        key,
        group: None,
        sub: None,
        label,
    }
}
const fn res(key: &'static str, label: &'static str) -> AppRow {
    AppRow {
        key,
        group: Some(RESULTS),
        sub: None,
        label,
    }
}
const fn sub(key: &'static str, sub: &'static str, label: &'static str) -> AppRow {
    AppRow {
        key,
        group: Some(RESULTS),
        sub: Some(sub),
        label,
    }
}

const DENIED: &str = "（三）不予公开";
const UNABLE: &str = "（四）无法提供";
const UNPROCESSED: &str = "（五）不予处理";
const OTHER: &str = "（六）其他处理";

const APP_HEAD: [AppRow; 20] = [
    top("received", "一、本年新收政府信息公开申请数量"),
    top("carried_over", "二、上年结转政府信息公开申请数量"),
    res("granted", "（一）予以公开"),
    res(
        "partly_granted",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    ),
    sub("denied_state_secret", DENIED, "1.属于国家秘密"),
    sub(
        "denied_law_prohibited",
        DENIED,
        "2.其他法律行政法规禁止公开",
    ),
    sub("denied_safety_stability", DENIED, "3.危及“三安全一稳定”"),
    sub("denied_third_party", DENIED, "4.保护第三方合法权益"),
    sub("denied_internal_affairs", DENIED, "5.属于三类内部事务信息"),
    sub("denied_process_info", DENIED, "6.属于四类过程性信息"),
    sub("denied_enforcement_file", DENIED, "7.属于行政执法案卷"),
    sub("denied_admin_query", DENIED, "8.属于行政查询事项"),
    sub("unable_not_held", UNABLE, "1.本机关不掌握相关政府信息"),
    sub(
        "unable_needs_creation",
        UNABLE,
        "2.没有现成信息需要另行制作",
    ),
    sub("unable_unclear", UNABLE, "3.补正后申请内容仍不明确"),
    sub("unprocessed_complaint", UNPROCESSED, "1.信访举报投诉类申请"),
    sub("unprocessed_duplicate", UNPROCESSED, "2.重复申请"),
    sub(
        "unprocessed_publication",
        UNPROCESSED,
        "3.要求提供公开出版物",
    ),
    sub(
        "unprocessed_excessive",
        UNPROCESSED,
        "4.无正当理由大量反复申请",
    ),
    sub(
        "unprocessed_confirmation",
        UNPROCESSED,
        "5.要求行政机关确认或重新出具已获取信息",
    ),
];

const APP_OTHER_2021: [AppRow; 3] = [
    sub(
        "other_overdue_correction",
        OTHER,
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    ),
    sub(
        "other_overdue_fee",
        OTHER,
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    ),
    sub("other_other", OTHER, "3.其他"),
];

const APP_TAIL: [AppRow; 2] = [
    res("results_total", "（七）总计"),
    top("carried_forward", "四、结转下年度继续办理"),
];

/// The blocks of table 二 for `t`.
pub fn active_blocks(t: Template) -> &'static [ActiveBlock] {
    match t {
        Template::T2021 => &ACTIVE_2021,
        Template::T2019 => &ACTIVE_2019,
    }
}

/// The rows of table 三 for `t`, in template order (25 for 2021, 23 for 2019).
pub fn application_rows(t: Template) -> Vec<AppRow> {
    let mut rows: Vec<AppRow> = APP_HEAD.to_vec();
    match t {
        Template::T2021 => rows.extend(APP_OTHER_2021),
        Template::T2019 => rows.push(res("other", OTHER)),
    }
    rows.extend(APP_TAIL);
    rows
}

/// A canonical cell: table, row and column keys.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key {
    pub table: &'static str,
    pub row: &'static str,
    pub col: &'static str,
}

/// Every canonical cell of template `t`, in template order (table, row, column).
pub fn keys(t: Template) -> Vec<Key> {
    keys_with(t, &application_rows(t))
}

/// Every canonical cell of template `t` with `apps` as table 三's rows.
fn keys_with(t: Template, apps: &[AppRow]) -> Vec<Key> {
    let mut out = Vec::new();
    for b in active_blocks(t) {
        for (row, _) in b.rows {
            for (col, _) in b.cols {
                out.push(Key {
                    table: "active_disclosure",
                    row,
                    col,
                });
            }
        }
    }
    for r in apps {
        for (col, _) in APPLICANT_COLS {
            out.push(Key {
                table: "applications",
                row: r.key,
                col,
            });
        }
    }
    for row in REVIEW_ROWS {
        for (col, _) in REVIEW_COLS {
            out.push(Key {
                table: "review_litigation",
                row,
                col,
            });
        }
    }
    out
}

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

    fn label(&self, s: &str) -> String {
        self.relabel.get(s).cloned().unwrap_or_else(|| s.to_owned())
    }

    fn value_cell(&self, k: &Key) -> Cell {
        Cell::text(self.values.get(k).map(String::as_str).unwrap_or("0"))
    }

    fn cont(&self, span: usize) -> Cell {
        let m = if self.layout.bare_vmerge {
            VMerge::Bare
        } else {
            VMerge::Continue
        };
        Cell::cont(span).vmerge(m)
    }

    fn build(&self) -> (Doc, BTreeMap<Key, Loc>) {
        let mut locs = BTreeMap::new();
        let mut body: Vec<Block> = Vec::new();
        let mut ordinal = usize::from(self.layout.layout_table);
        let para = |s: &String| Block::Para(Para::text(s));

        body.extend(self.title.iter().map(para));
        body.extend(self.intro.iter().map(para));

        body.push(para(&self.headings[0]));
        let active = self.active_tables(&mut ordinal, &mut locs);
        let n = active.len();
        for (i, t) in active.into_iter().enumerate() {
            body.push(Block::Table(t));
            if i + 1 < n {
                body.push(Block::Para(Para::default()));
            }
        }

        body.push(para(&self.headings[1]));
        for (i, t) in self
            .applications_tables(&mut ordinal, &mut locs)
            .into_iter()
            .enumerate()
        {
            if i > 0 {
                body.push(Block::Para(Para::page_break()));
            }
            body.push(Block::Table(t));
        }

        body.push(para(&self.headings[2]));
        body.push(Block::Table(self.review_table(&mut ordinal, &mut locs)));

        body.extend(self.outro.iter().map(para));
        body.push(Block::Para(Para::default()));
        body.extend(self.closing.iter().map(para));

        if self.layout.layout_table {
            let mut cell = Cell::text("");
            cell.content = body;
            let outer = Table {
                grid: vec![9000],
                rows: vec![Row {
                    cells: vec![cell],
                    ..Row::default()
                }],
            };
            body = vec![Block::Table(outer)];
        }
        (Doc { body }, locs)
    }

    fn active_tables(&self, ordinal: &mut usize, locs: &mut BTreeMap<Key, Loc>) -> Vec<Table> {
        let mut tables = Vec::new();
        let mut cur: Option<Table> = None;
        for b in active_blocks(self.template) {
            if self.layout.active_split || cur.is_none() {
                if let Some(t) = cur.take() {
                    tables.push(t);
                }
                *ordinal += 1;
                cur = Some(Table {
                    grid: vec![2400; 4],
                    rows: Vec::new(),
                });
            }
            let t = cur.as_mut().expect("table started");
            let spans: &[usize] = match b.cols.len() {
                1 => &[3],
                2 => &[1, 2],
                _ => &[1, 1, 1],
            };
            t.rows.push(Row {
                cells: vec![Cell::text(&self.label(b.header)).span(4)],
                ..Row::default()
            });
            let mut head = vec![Cell::text(&self.label("信息内容"))];
            for ((_, label), span) in b.cols.iter().zip(spans) {
                head.push(Cell::text(&self.label(label)).span(*span));
            }
            t.rows.push(Row {
                cells: head,
                ..Row::default()
            });
            for (row, label) in b.rows {
                let mut cells = vec![Cell::text(&self.label(label))];
                for (i, ((col, _), span)) in b.cols.iter().zip(spans).enumerate() {
                    let k = Key {
                        table: "active_disclosure",
                        row,
                        col,
                    };
                    locs.insert(
                        k.clone(),
                        Loc {
                            table: *ordinal,
                            row: t.rows.len(),
                            cell: i + 1,
                        },
                    );
                    cells.push(self.value_cell(&k).span(*span));
                }
                t.rows.push(Row {
                    cells,
                    ..Row::default()
                });
            }
        }
        tables.extend(cur);
        tables
    }

    fn applications_tables(
        &self,
        ordinal: &mut usize,
        locs: &mut BTreeMap<Key, Loc>,
    ) -> Vec<Table> {
        let grid = vec![750, 920, 3270, 690, 690, 690, 690, 690, 690, 690];
        let mut rows = Vec::new();
        if let Some(c) = &self.layout.caption {
            rows.push(Row {
                cells: vec![Cell::text(c).span(10)],
                ..Row::default()
            });
        }
        let col_label = |i: usize| self.label(APPLICANT_COLS[i].1);
        rows.push(Row {
            cells: vec![
                Cell::text(
                    &self.label(
                        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
                    ),
                )
                .span(3)
                .vmerge(VMerge::Restart),
                Cell::text(&self.label("申请人情况")).span(7),
            ],
            ..Row::default()
        });
        rows.push(Row {
            cells: vec![
                self.cont(3),
                Cell::text(&col_label(0)).vmerge(VMerge::Restart),
                Cell::text(&self.label("法人或其他组织")).span(5),
                Cell::text(&col_label(6)).vmerge(VMerge::Restart),
            ],
            ..Row::default()
        });
        let mut third = vec![self.cont(3), self.cont(1)];
        third.extend((1..6).map(|i| Cell::text(&col_label(i))));
        third.push(self.cont(1));
        rows.push(Row {
            cells: third,
            ..Row::default()
        });

        let mut split_at = None;
        let mut prev: Option<AppRow> = None;
        for r in self.application_rows() {
            if self.layout.split_applications_before.as_deref() == Some(r.key) {
                split_at = Some(rows.len());
            }
            let mut cells = Vec::new();
            match (r.group, r.sub) {
                (None, _) => cells.push(Cell::text(&self.label(r.label)).span(3)),
                (Some(g), sub) => {
                    if prev.and_then(|p| p.group) == Some(g) {
                        cells.push(self.cont(1));
                    } else {
                        cells.push(Cell::text(&self.label(g)).vmerge(VMerge::Restart));
                    }
                    match sub {
                        None => cells.push(Cell::text(&self.label(r.label)).span(2)),
                        Some(s) => {
                            if prev.and_then(|p| p.sub) == Some(s) {
                                cells.push(self.cont(1));
                            } else {
                                cells.push(Cell::text(&self.label(s)).vmerge(VMerge::Restart));
                            }
                            cells.push(Cell::text(&self.label(r.label)));
                        }
                    }
                }
            }
            for (col, _) in APPLICANT_COLS {
                let k = Key {
                    table: "applications",
                    row: r.key,
                    col,
                };
                locs.insert(
                    k.clone(),
                    Loc {
                        table: 0,
                        row: rows.len(),
                        cell: cells.len(),
                    },
                );
                cells.push(self.value_cell(&k));
            }
            rows.push(Row {
                cells,
                ..Row::default()
            });
            prev = Some(r);
        }

        *ordinal += 1;
        let first = *ordinal;
        let mut tables = vec![Table {
            grid: grid.clone(),
            rows,
        }];
        if let Some(at) = split_at {
            let mut second = tables[0].rows.split_off(at);
            let cont = &self.layout.continuation;
            if cont.empty_labels {
                // every label-column continue of the part: an empty cell of its own
                for row in &mut second {
                    for c in &mut row.cells {
                        if c.vmerge.is_some_and(|m| m != VMerge::Restart) {
                            c.vmerge = None;
                        }
                    }
                }
            } else if cont.repeat_header {
                // under a repeated header a continue would merge with the header's
                // cell above it: the part's first row starts its merges afresh
                for c in &mut second[0].cells {
                    if c.vmerge == Some(VMerge::Continue) {
                        c.vmerge = Some(VMerge::Restart);
                    }
                }
            } else {
                for c in &mut second[0].cells {
                    if c.vmerge == Some(VMerge::Continue) {
                        c.vmerge = Some(VMerge::Bare);
                    }
                }
            }
            let header_rows = if cont.repeat_header {
                let first_header = usize::from(self.layout.caption.is_some());
                let header: Vec<Row> = tables[0].rows[first_header..first_header + 3].to_vec();
                let n = header.len();
                second.splice(0..0, header);
                n
            } else {
                0
            };
            *ordinal += 1;
            let second_ord = *ordinal;
            for loc in locs.values_mut().filter(|l| l.table == 0) {
                if loc.row >= at {
                    *loc = Loc {
                        table: second_ord,
                        row: loc.row - at + header_rows,
                        cell: loc.cell,
                    };
                }
            }
            tables.push(Table { grid, rows: second });
        }
        for loc in locs.values_mut().filter(|l| l.table == 0) {
            loc.table = first;
        }
        tables
    }

    fn review_table(&self, ordinal: &mut usize, locs: &mut BTreeMap<Key, Loc>) -> Table {
        *ordinal += 1;
        let mut rows = vec![Row {
            cells: vec![
                Cell::text(&self.label("行政复议")).span(5),
                Cell::text(&self.label("行政诉讼")).span(10),
            ],
            ..Row::default()
        }];
        let mut second: Vec<Cell> = REVIEW_COLS
            .iter()
            .map(|(_, l)| Cell::text(&self.label(l)).vmerge(VMerge::Restart))
            .collect();
        second.push(Cell::text(&self.label("未经复议直接起诉")).span(5));
        second.push(Cell::text(&self.label("复议后起诉")).span(5));
        rows.push(Row {
            cells: second,
            ..Row::default()
        });
        let mut third: Vec<Cell> = (0..5).map(|_| self.cont(1)).collect();
        for _ in 0..2 {
            third.extend(REVIEW_COLS.iter().map(|(_, l)| Cell::text(&self.label(l))));
        }
        rows.push(Row {
            cells: third,
            ..Row::default()
        });
        let mut values = Vec::new();
        for row in REVIEW_ROWS {
            for (col, _) in REVIEW_COLS {
                let k = Key {
                    table: "review_litigation",
                    row,
                    col,
                };
                locs.insert(
                    k.clone(),
                    Loc {
                        table: *ordinal,
                        row: 3,
                        cell: values.len(),
                    },
                );
                values.push(self.value_cell(&k));
            }
        }
        rows.push(Row {
            cells: values,
            ..Row::default()
        });
        Table {
            grid: vec![600; 15],
            rows,
        }
    }
}
