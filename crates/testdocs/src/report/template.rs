//! The national templates' tables as data: table 二's blocks, table 三's rows, table 四's
//! columns and rows, and every canonical cell key a template has. Kept apart from the
//! layout code (`layout.rs`) so a template's rows and labels read as one list.

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
pub(super) fn keys_with(t: Template, apps: &[AppRow]) -> Vec<Key> {
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
