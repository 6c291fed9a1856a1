//! The templates' tables as the review pages draw them, with every label in Chinese as
//! printed in the template (SPEC §2; the same words as `recognize::template` and the
//! generator's layouts in `crates/testdocs/src/report.rs`), and the Chinese names of
//! statuses, severities, anomaly and error codes.
//!
//! This is the review's own copy, not the extractor's tables: the review reads only
//! the output folder, and a key it does not know is still drawn (under its key).

/// One block of table 二 (第二十条第（一）项 …): its columns and rows, key and label.
pub struct ActiveBlock {
    pub header: &'static str,
    pub cols: &'static [(&'static str, &'static str)],
    pub rows: &'static [(&'static str, &'static str)],
}

/// Table 二, template 2021 (国办公开办函〔2021〕30号).
pub const ACTIVE_2021: &[ActiveBlock] = &[
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

/// Table 二, template 2019 (国办公开办函〔2019〕60号).
pub const ACTIVE_2019: &[ActiveBlock] = &[
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
            ("purchase_amount", "采购总金额（单位：万元）"),
        ],
        rows: &[("procurement", "政府集中采购")],
    },
];

/// Table 三's columns: key and header label (自然人, then 法人或其他组织's five, 总计).
pub const APPLICANT_COLS: [(&str, &str); 7] = [
    ("natural_person", "自然人"),
    ("commercial", "商业企业"),
    ("research", "科研机构"),
    ("social_welfare", "社会公益组织"),
    ("legal_service", "法律服务机构"),
    ("other_org", "其他"),
    ("total", "总计"),
];

/// One row of table 三: its key, the merged labels it sits under and its own label.
#[derive(Debug, Clone, Copy)]
pub struct AppRow {
    pub key: &'static str,
    /// `三、本年度办理结果` for result rows; `None` for rows whose label spans the
    /// three label columns (一、二、四、).
    pub group: Option<&'static str>,
    /// `（三）不予公开` … for numbered sub-rows.
    pub sub: Option<&'static str>,
    pub label: &'static str,
}

const RESULTS: &str = "三、本年度办理结果";
const DENIED: &str = "（三）不予公开";
const UNABLE: &str = "（四）无法提供";
const UNPROCESSED: &str = "（五）不予处理";
const OTHER: &str = "（六）其他处理";

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

/// Every row table 三 has in either template, in the order the templates print them:
/// the three 2021 （六） rows and the single 2019 （六） row both sit before （七）总计,
/// so a report mixing the forms (SPEC §2, `template_mixed`) draws in place.
pub const APP_ROWS: [AppRow; 26] = [
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
    res("other", OTHER),
    res("results_total", "（七）总计"),
    top("carried_forward", "四、结转下年度继续办理"),
];

/// The template rows of table 三, both templates' in print order.
pub fn app_rows() -> &'static [AppRow] {
    &APP_ROWS
}

/// Table 四's columns and its three rows (行政复议, then 行政诉讼's two).
pub const REVIEW_COLS: [(&str, &str); 5] = [
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
    ("total", "总计"),
];
pub const REVIEW_ROWS: [(&str, &str); 3] = [
    ("review", "行政复议"),
    ("litigation_direct", "行政诉讼·未经复议直接起诉"),
    ("litigation_after_review", "行政诉讼·复议后起诉"),
];

/// The tables in output order, with their headings as printed.
pub const TABLES: [(&str, &str); 3] = [
    ("active_disclosure", "二、主动公开政府信息情况"),
    ("applications", "三、收到和处理政府信息公开申请情况"),
    (
        "review_litigation",
        "四、政府信息公开行政复议、行政诉讼情况",
    ),
];

pub fn table_label(table: &str) -> &str {
    TABLES.iter().find(|t| t.0 == table).map_or(table, |t| t.1)
}

/// A row's label in `table` (the key itself when unknown).
pub fn row_label<'a>(table: &str, row: &'a str) -> &'a str {
    let found = match table {
        "active_disclosure" => ACTIVE_2021
            .iter()
            .chain(ACTIVE_2019)
            .flat_map(|b| b.rows)
            .find(|r| r.0 == row)
            .map(|r| r.1),
        "applications" => app_rows().iter().find(|r| r.key == row).map(|r| r.label),
        "review_litigation" => REVIEW_ROWS.iter().find(|r| r.0 == row).map(|r| r.1),
        _ => None,
    };
    match (table, row) {
        // SPEC §7: a narrative figure of 行政诉讼 compares the sum of table 四's two rows.
        ("review_litigation", "litigation") => "行政诉讼（两项合计）",
        _ => found.unwrap_or(row),
    }
}

/// A column's label in `table` (the key itself when unknown).
pub fn col_label<'a>(table: &str, col: &'a str) -> &'a str {
    let found = match table {
        "active_disclosure" => ACTIVE_2021
            .iter()
            .chain(ACTIVE_2019)
            .flat_map(|b| b.cols)
            .find(|c| c.0 == col)
            .map(|c| c.1),
        "applications" => APPLICANT_COLS.iter().find(|c| c.0 == col).map(|c| c.1),
        "review_litigation" => REVIEW_COLS.iter().find(|c| c.0 == col).map(|c| c.1),
        _ => None,
    };
    found.unwrap_or(col)
}

pub fn status_label(status: &str) -> &str {
    match status {
        "ok" => "已读取",
        "error" => "无法读取",
        s => s,
    }
}

pub fn severity_label(sev: &str) -> &str {
    match sev {
        "error" => "错误",
        "warning" => "警告",
        "info" => "提示",
        s => s,
    }
}

/// What each anomaly code means, in a few words, for the chart and the lists.
pub fn code_label(code: &str) -> &str {
    match code {
        "missing_cell" => "空白单元格",
        "placeholder_value" => "占位符按 0",
        "non_numeric_cell" => "非数字内容",
        "invalid_value" => "无效数值",
        "annotated_value" => "数字带注释",
        "label_variant" => "行标签有出入",
        "unit_converted" => "金额单位换算",
        "template_mixed" => "新旧模板混用",
        "missing_row" => "缺少行",
        "missing_table" => "缺少表格",
        "duplicate_row" => "重复行",
        "unrecognized_row" => "未识别的行",
        "unrecognized_column" => "未识别的列",
        "sum_mismatch" => "勾稽关系不符",
        "narrative_mismatch" => "正文与表格不符",
        "blank_as_zero" => "空白按 0 计",
        "blanks_consistent_as_zero" => "空白按 0 时勾稽成立",
        "unknown_element" => "单元格内有未知元素",
        "carry_over_mismatch" => "跨年：结转数不衔接",
        "in_force_mismatch" => "跨年：现行有效件数不衔接",
        c => c,
    }
}

/// Why a file could not be read, for the error page and the index's list.
pub fn error_label(code: &str) -> &str {
    match code {
        "empty_file" => "空文件",
        "not_a_zip" => "不是 zip 格式（不是 .docx）",
        "corrupt_zip" => "zip 文件已损坏",
        "legacy_doc" => "旧版 Word 97–2003 .doc 文件",
        "encrypted" => "文件已加密",
        "not_a_docx" => "zip 中没有 Word 文档正文",
        "malformed_xml" => "文档 XML 格式错误",
        "too_large" => "文件或其部件过大",
        "not_a_report" => "未找到年度报告的模板表格",
        "unsupported_format" => "暂不支持的格式",
        "needs_converter" => "需要 LibreOffice 转换",
        "conversion_failed" => "格式转换失败",
        "not_a_file" => "不是普通文件",
        "internal_error" => "程序内部错误",
        c => c,
    }
}

/// 勾稽 rules (SPEC §4) by name.
pub fn rule_label(rule: &str) -> &str {
    match rule {
        "row_total" => "行合计",
        "column_balance" => "列平衡（新收 + 结转 = 办结 + 结转下年）",
        "results_total" => "办理结果总计",
        r => r,
    }
}
