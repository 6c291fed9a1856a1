//! The workbook's Chinese column headers: one per batch-file column, and for the wide
//! sheets one per cell from the template's own labels (the codebook's), so a reader of
//! the workbook sees the words of the printed tables, not the schema's keys.

use crate::recognize::template;
use crate::write::codebook::{col_label, row_label};

/// The Chinese header of a batch file's column (`reports`, `cells`, `anomalies`,
/// `batch_anomalies`, `codebook`); the column's own name when it has none.
pub fn header_zh(name: &str) -> &str {
    match name {
        "path" => "文件",
        "sha256" => "SHA-256",
        "bytes" => "字节数",
        "status" => "状态",
        "error_code" => "错误代码",
        "error_message" => "错误说明",
        "error_part" => "错误部件",
        "error_offset" => "错误位置",
        "template" => "模板",
        "agency" => "机关",
        "year" => "年度",
        "published" => "发布日期",
        "cells" => "单元格数",
        "cells_null" => "空值单元格数",
        "anomalies_info" => "提示数",
        "anomalies_warning" => "警告数",
        "anomalies_error" => "错误数",
        "notes" => "备注代码",
        "format" => "格式",
        "duplicate_of" => "重复于",
        "table" => "表",
        "row" => "行",
        "col" => "列",
        "value" => "数值",
        "raw" => "原文",
        "loc_table" => "位置·表",
        "loc_row" => "位置·行",
        "loc_cell" => "位置·格",
        "loc_line" => "位置·源码行",
        "loc_paragraph" => "位置·段落",
        "code" => "异常代码",
        "severity" => "级别",
        "rule" => "规则",
        "expected" => "应为",
        "actual" => "实为",
        "message" => "说明",
        "prev_path" => "上年文件",
        "prev_year" => "上年年度",
        "agency_key" => "比对机关名",
        "key" => "键",
        "table_zh" => "表名称",
        "row_zh" => "行名称",
        "col_zh" => "列名称",
        "templates" => "模板",
        "type" => "类型",
        "unit" => "单位",
        other => other,
    }
}

/// The header of a wide sheet's column for cell `table.row.col`: the table's number, the
/// row's and the column's template labels (the codebook's), e.g.
/// `表三 | 一、本年新收政府信息公开申请数量 | 申请人情况 自然人`.
pub fn cell_header(table: &str, row: &str, col: &str) -> String {
    let label = template::table_label(table);
    let number = label.split('、').next().unwrap_or(label);
    format!(
        "表{number} | {} | {}",
        row_label(table, row).unwrap_or(row),
        col_label(table, row, col).unwrap_or(col)
    )
}
