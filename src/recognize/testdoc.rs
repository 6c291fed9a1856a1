//! Test documents as data: the template tables written as cell specs, built into
//! [`Document`] values the way the reader fills them (grid columns, spans, merges).
//!
//! A cell spec is its text with optional prefixes: `!` vMerge restart, `^` vMerge
//! continue, `{n}` gridSpan n (`"!{3}（本列…）"`, `"^{3}"`, `"{3}0"`).

use crate::model::{Block, Cell, CellRef, Document, Merge, Row, Table};
use crate::report::Template;

pub type Spec = Vec<Vec<String>>;

/// (row key, group label, sub label) of table 三 in template order; the group label is
/// written on the group's first row.
pub const APP_ROWS_2021: &[(&str, &str, &str)] = &[
    ("received", "", "一、本年新收政府信息公开申请数量"),
    ("carried_over", "", "二、上年结转政府信息公开申请数量"),
    ("granted", "三、本年度办理结果", "（一）予以公开"),
    (
        "partly_granted",
        "",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    ),
    ("denied_state_secret", "（三）不予公开", "1.属于国家秘密"),
    ("denied_law_prohibited", "", "2.其他法律行政法规禁止公开"),
    ("denied_safety_stability", "", "3.危及“三安全一稳定”"),
    ("denied_third_party", "", "4.保护第三方合法权益"),
    ("denied_internal_affairs", "", "5.属于三类内部事务信息"),
    ("denied_process_info", "", "6.属于四类过程性信息"),
    ("denied_enforcement_file", "", "7.属于行政执法案卷"),
    ("denied_admin_query", "", "8.属于行政查询事项"),
    (
        "unable_not_held",
        "（四）无法提供",
        "1.本机关不掌握相关政府信息",
    ),
    ("unable_needs_creation", "", "2.没有现成信息需要另行制作"),
    ("unable_unclear", "", "3.补正后申请内容仍不明确"),
    (
        "unprocessed_complaint",
        "（五）不予处理",
        "1.信访举报投诉类申请",
    ),
    ("unprocessed_duplicate", "", "2.重复申请"),
    ("unprocessed_publication", "", "3.要求提供公开出版物"),
    ("unprocessed_excessive", "", "4.无正当理由大量反复申请"),
    (
        "unprocessed_confirmation",
        "",
        "5.要求行政机关确认或重新出具已获取信息",
    ),
    (
        "other_overdue_correction",
        "（六）其他处理",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    ),
    (
        "other_overdue_fee",
        "",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    ),
    ("other_other", "", "3.其他"),
    ("results_total", "", "（七）总计"),
    ("carried_forward", "", "四、结转下年度继续办理"),
];

/// Table 三's columns, as the recognizer maps them.
pub use super::template::APPLICANT_COLS as APP_COLS;

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

/// Table 三 as the WPS 2021 template lays it out (or the 2019 one), values from `v`.
pub fn applications(t: Template, v: &dyn Fn(&str, &str) -> String) -> Spec {
    let mut out = vec![
        s(&[
            "!{3}（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
            "{7}申请人情况",
        ]),
        s(&["^{3}", "!自然人", "{5}法人或其他组织", "!总计"]),
        s(&[
            "^{3}",
            "^",
            "商业\n企业",
            "科研\n机构",
            "社会公益组织",
            "法律服务机构",
            "其他",
            "^",
        ]),
    ];
    let vals = |key: &str| APP_COLS.iter().map(|c| v(key, c)).collect::<Vec<_>>();
    let mut in_group = false;
    for (key, group, label) in APP_ROWS_2021 {
        if t == Template::T2019 && key.starts_with("other_") {
            if *key == "other_overdue_correction" {
                let mut r = s(&["^", "{2}（六）其他处理"]);
                r.extend(vals("other"));
                out.push(r);
            }
            in_group = false;
            continue;
        }
        let mut r = match (*key, *group) {
            ("received" | "carried_over" | "carried_forward", _) => vec![format!("{{3}}{label}")],
            (_, "三、本年度办理结果") => {
                vec![format!("!{group}"), format!("{{2}}{label}")]
            }
            (_, g) if !g.is_empty() => {
                in_group = true;
                vec!["^".into(), format!("!{g}"), label.to_string()]
            }
            ("partly_granted" | "results_total", _) => {
                in_group = false;
                vec!["^".into(), format!("{{2}}{label}")]
            }
            _ if in_group => vec!["^".into(), "^".into(), label.to_string()],
            _ => vec!["^".into(), format!("{{2}}{label}")],
        };
        r.extend(vals(key));
        out.push(r);
    }
    out
}

/// Table 二 of the 2021 template, one table (as WPS writes it).
pub fn active_2021(v: &dyn Fn(&str, &str) -> String) -> Spec {
    let w = |r: &str, c: &str| format!("{{3}}{}", v(r, c));
    vec![
        s(&["{4}第二十条第（一）项"]),
        s(&["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]),
        vec![
            "规章".into(),
            v("rules", "issued"),
            v("rules", "repealed"),
            v("rules", "in_force"),
        ],
        vec![
            "行政规范性文件".into(),
            v("normative_docs", "issued"),
            v("normative_docs", "repealed"),
            v("normative_docs", "in_force"),
        ],
        s(&["{4}第二十条第（五）项"]),
        s(&["信息内容", "{3}本年处理决定数量"]),
        vec!["行政许可".into(), w("licensing", "decisions")],
        s(&["{4}第二十条第（六）项"]),
        s(&["信息内容", "{3}本年处理决定数量"]),
        vec!["行政处罚".into(), w("penalty", "decisions")],
        vec!["行政强制".into(), w("coercion", "decisions")],
        s(&["{4}第二十条第（八）项"]),
        s(&["信息内容", "{3}本年收费金额（单位：万元）"]),
        vec!["行政事业性收费".into(), w("fees", "amount")],
    ]
}

/// Table 二 of the 2019 template: five blocks in one table.
pub fn active_2019(v: &dyn Fn(&str, &str) -> String) -> Spec {
    let three = |label: &str, r: &str, cols: [&str; 3]| {
        vec![
            label.to_string(),
            v(r, cols[0]),
            v(r, cols[1]),
            v(r, cols[2]),
        ]
    };
    let items = ["prev_items", "change", "decisions"];
    vec![
        s(&["{4}第二十条第（一）项"]),
        s(&[
            "信息内容",
            "本年新\n制作数量",
            "本年新\n公开数量",
            "对外公开总数量",
        ]),
        three(
            "规章",
            "rules",
            ["new_made", "new_published", "total_published"],
        ),
        three(
            "规范性文件",
            "normative_docs",
            ["new_made", "new_published", "total_published"],
        ),
        s(&["{4}第二十条第（五）项"]),
        s(&["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"]),
        three("行政许可", "licensing", items),
        three("其他对外管理服务事项", "other_services", items),
        s(&["{4}第二十条第（六）项"]),
        s(&["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"]),
        three("行政处罚", "penalty", items),
        three("行政强制", "coercion", items),
        s(&["{4}第二十条第（八）项"]),
        s(&["信息内容", "上一年项目数量", "{2}本年增/减"]),
        vec![
            "行政事业性收费".into(),
            v("fees", "prev_items"),
            format!("{{2}}{}", v("fees", "change")),
        ],
        s(&["{4}第二十条第（九）项"]),
        s(&["信息内容", "采购项目数量", "{2}采购总金额"]),
        vec![
            "政府集中采购".into(),
            v("procurement", "purchases"),
            format!("{{2}}{}", v("procurement", "purchase_amount")),
        ],
    ]
}

/// Table 四 (both templates).
pub fn review(v: &dyn Fn(&str, &str) -> String) -> Spec {
    let leaf = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];
    let mut r2 = s(&["^", "^", "^", "^", "^"]);
    r2.extend(leaf.iter().chain(leaf.iter()).map(|x| x.to_string()));
    let mut data = Vec::new();
    for r in ["review", "litigation_direct", "litigation_after_review"] {
        for c in ["upheld", "corrected", "other", "pending", "total"] {
            data.push(v(r, c));
        }
    }
    vec![
        s(&["{5}行政复议", "{10}行政诉讼"]),
        s(&[
            "!结果维持",
            "!结果纠正",
            "!其他结果",
            "!尚未审结",
            "!总计",
            "{5}未经复议直接起诉",
            "{5}复议后起诉",
        ]),
        r2,
        data,
    ]
}

fn parse_cell(spec: &str) -> (Merge, usize, String) {
    let mut rest = spec;
    let mut merge = Merge::None;
    if let Some(r) = rest.strip_prefix('!') {
        merge = Merge::Restart;
        rest = r;
    } else if let Some(r) = rest.strip_prefix('^') {
        merge = Merge::Continue;
        rest = r;
    }
    let mut span = 1;
    if let Some(r) = rest.strip_prefix('{')
        && let Some((n, t)) = r.split_once('}')
    {
        span = n.parse().expect("span");
        rest = t;
    }
    (merge, span, rest.to_string())
}

/// Builds a document whose body is the given tables, with paragraphs between.
pub fn build(tables: &[Spec]) -> Document {
    let mut doc = Document::default();
    for spec in tables {
        let idx = doc.tables.len();
        doc.blocks.push(Block::Table(idx));
        doc.tables.push(make_table(idx, spec, None));
    }
    doc
}

pub fn make_table(index: usize, spec: &Spec, parent: Option<CellRef>) -> Table {
    let rows = spec
        .iter()
        .enumerate()
        .map(|(ri, r)| {
            let mut col = 0;
            let cells = r
                .iter()
                .enumerate()
                .map(|(ci, c)| {
                    let (vmerge, span, text) = parse_cell(c);
                    let cell = Cell {
                        index: ci,
                        col,
                        span,
                        vmerge,
                        hmerge: Merge::None,
                        text,
                        nested: Vec::new(),
                        line: None,
                    };
                    col += span;
                    cell
                })
                .collect();
            Row {
                index: ri,
                grid_before: 0,
                grid_after: 0,
                header: false,
                cells,
            }
        })
        .collect();
    Table {
        index,
        parent,
        offset: 0,
        rows,
    }
}

/// The whole report inside a one-cell layout table: table 0 is the layout table, the
/// given tables are nested in its cell.
pub fn build_in_layout(tables: &[Spec], paragraphs: &[&str]) -> Document {
    let mut doc = Document::default();
    let mut layout = make_table(0, &vec![vec![paragraphs.join("\n")]], None);
    doc.blocks.push(Block::Table(0));
    for (i, spec) in tables.iter().enumerate() {
        let parent = CellRef {
            table: 0,
            row: 0,
            cell: 0,
        };
        doc.tables.push(make_table(i + 1, spec, Some(parent)));
        layout.rows[0].cells[0].nested.push(i + 1);
    }
    doc.tables.insert(0, layout);
    doc
}

/// Every value "0".
pub fn zeros(_: &str, _: &str) -> String {
    "0".into()
}

/// A full 2021 report with values from `v`.
pub fn report_2021(v: &dyn Fn(&str, &str) -> String) -> Document {
    build(&[active_2021(v), applications(Template::T2021, v), review(v)])
}

/// A full 2019 report with values from `v`.
pub fn report_2019(v: &dyn Fn(&str, &str) -> String) -> Document {
    build(&[active_2019(v), applications(Template::T2019, v), review(v)])
}
