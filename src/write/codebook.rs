//! `codebook.csv`: every canonical cell key with the template's Chinese labels — what an
//! analyst needs to read `cells.csv`, `wide_2021.csv` and `wide_2019.csv` without the
//! template at hand. Written into every output folder, and checked in as
//! `docs/codebook.csv` (a test keeps the two identical).
//!
//! The keys come from [`template::rows`], the lists `recognize` fills, so the codebook
//! cannot list a key the extractor does not write or miss one it does; the labels are the
//! templates' own (国办公开办函〔2021〕30号 and 〔2019〕60号), and a test fails when a key
//! has none.

use crate::recognize::template::{self, ColKind};
use crate::report::Template;

use super::csv::Record;

/// The columns of `codebook.csv`.
///
/// - `key`: `table.row.col`, the `wide_*.csv` column name
/// - `table`, `row`, `col`: the keys of `cells.csv`
/// - `table_zh`, `row_zh`, `col_zh`: the template's labels (a row of table 三 under a
///   group — （三）不予公开 … — is written with its group: `（三）不予公开 1.属于国家秘密`)
/// - `templates`: `2021;2019`, `2021` or `2019`: the templates that have the cell
/// - `type`: `count` (a whole number ≥ 0), `signed_count` (a whole number that may be
///   negative: 本年增/减), `amount` (a decimal)
/// - `unit`: `万元` for amounts (the templates' unit), `件` for counts (items, cases,
///   decisions, applications — the templates' 数量), empty for neither
pub const CODEBOOK_COLUMNS: &[&str] = &[
    "key",
    "table",
    "row",
    "col",
    "table_zh",
    "row_zh",
    "col_zh",
    "templates",
    "type",
    "unit",
];

/// One codebook entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub table: &'static str,
    pub row: &'static str,
    pub col: &'static str,
    pub templates: Vec<Template>,
}

/// Every cell key of both templates, in the wide files' union order (tables in template
/// order, 2021's rows with 2019's own rows after their 2019 predecessor).
pub fn entries() -> Vec<Entry> {
    let mut out = Vec::new();
    for (table, rows) in super::csv::union_rows() {
        for (row, cols) in rows {
            for col in cols {
                let templates = [Template::T2021, Template::T2019]
                    .into_iter()
                    .filter(|t| {
                        template::rows(*t, table)
                            .iter()
                            .any(|(r, cs)| r == row && cs.contains(col))
                    })
                    .collect();
                out.push(Entry {
                    table,
                    row,
                    col,
                    templates,
                });
            }
        }
    }
    out
}

/// `codebook.csv`'s bytes: BOM, header, one row per key.
pub fn codebook_csv() -> Vec<u8> {
    let mut out = super::BOM.to_vec();
    let mut r = Record::new(&mut out);
    for c in CODEBOOK_COLUMNS {
        r.str(c);
    }
    r.end();
    for fields in rows() {
        let mut r = Record::new(&mut out);
        for f in &fields {
            r.str(f);
        }
        r.end();
    }
    out
}

/// The codebook's rows, one field per [`CODEBOOK_COLUMNS`] entry: `codebook.csv`'s
/// and the workbook's 代码表 sheet.
pub(super) fn rows() -> Vec<[String; 10]> {
    entries()
        .into_iter()
        .map(|e| {
            let kind = template::col_kind(e.table, e.row, e.col);
            let templates: Vec<&str> = e.templates.iter().map(|t| t.as_str()).collect();
            [
                format!("{}.{}.{}", e.table, e.row, e.col),
                e.table.to_owned(),
                e.row.to_owned(),
                e.col.to_owned(),
                template::table_label(e.table).to_owned(),
                row_label(e.table, e.row).unwrap_or("").to_owned(),
                col_label(e.table, e.row, e.col).unwrap_or("").to_owned(),
                templates.join(";"),
                match kind {
                    ColKind::Count => "count",
                    ColKind::SignedCount => "signed_count",
                    ColKind::Amount => "amount",
                }
                .to_owned(),
                match kind {
                    ColKind::Amount => "万元",
                    _ => "件",
                }
                .to_owned(),
            ]
        })
        .collect()
}

/// The template's label of a row (SPEC §2; 2019's names where only 2019 has the row).
pub fn row_label(table: &str, row: &str) -> Option<&'static str> {
    Some(match (table, row) {
        ("active_disclosure", "rules") => "规章",
        // 2021: 行政规范性文件; 2019: 规范性文件.
        ("active_disclosure", "normative_docs") => "行政规范性文件（2019：规范性文件）",
        ("active_disclosure", "licensing") => "行政许可",
        ("active_disclosure", "other_services") => "其他对外管理服务事项",
        ("active_disclosure", "penalty") => "行政处罚",
        ("active_disclosure", "coercion") => "行政强制",
        ("active_disclosure", "fees") => "行政事业性收费",
        ("active_disclosure", "procurement") => "政府集中采购",
        ("applications", r) => application_row_label(r)?,
        ("review_litigation", "review") => "行政复议",
        ("review_litigation", "litigation_direct") => "行政诉讼 未经复议直接起诉",
        ("review_litigation", "litigation_after_review") => "行政诉讼 复议后起诉",
        _ => return None,
    })
}

fn application_row_label(row: &str) -> Option<&'static str> {
    Some(match row {
        "received" => "一、本年新收政府信息公开申请数量",
        "carried_over" => "二、上年结转政府信息公开申请数量",
        "granted" => "三、本年度办理结果 （一）予以公开",
        "partly_granted" => "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        "denied_state_secret" => "（三）不予公开 1.属于国家秘密",
        "denied_law_prohibited" => "（三）不予公开 2.其他法律行政法规禁止公开",
        "denied_safety_stability" => "（三）不予公开 3.危及“三安全一稳定”",
        "denied_third_party" => "（三）不予公开 4.保护第三方合法权益",
        "denied_internal_affairs" => "（三）不予公开 5.属于三类内部事务信息",
        "denied_process_info" => "（三）不予公开 6.属于四类过程性信息",
        "denied_enforcement_file" => "（三）不予公开 7.属于行政执法案卷",
        "denied_admin_query" => "（三）不予公开 8.属于行政查询事项",
        "unable_not_held" => "（四）无法提供 1.本机关不掌握相关政府信息",
        "unable_needs_creation" => "（四）无法提供 2.没有现成信息需要另行制作",
        "unable_unclear" => "（四）无法提供 3.补正后申请内容仍不明确",
        "unprocessed_complaint" => "（五）不予处理 1.信访举报投诉类申请",
        "unprocessed_duplicate" => "（五）不予处理 2.重复申请",
        "unprocessed_publication" => "（五）不予处理 3.要求提供公开出版物",
        "unprocessed_excessive" => "（五）不予处理 4.无正当理由大量反复申请",
        "unprocessed_confirmation" => "（五）不予处理 5.要求行政机关确认或重新出具已获取信息",
        "other_overdue_correction" => {
            "（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
        }
        "other_overdue_fee" => {
            "（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
        }
        "other_other" => "（六）其他处理 3.其他",
        "other" => "（六）其他处理",
        "results_total" => "（七）总计",
        "carried_forward" => "四、结转下年度继续办理",
        _ => return None,
    })
}

/// The template's label of a column (of `row` where it differs by row).
pub fn col_label(table: &str, row: &str, col: &str) -> Option<&'static str> {
    Some(match (table, col) {
        ("active_disclosure", "issued") => "本年制发件数",
        ("active_disclosure", "repealed") => "本年废止件数",
        ("active_disclosure", "in_force") => "现行有效件数",
        // 2021's single column of 行政许可/处罚/强制; 2019's third column.
        ("active_disclosure", "decisions") => "本年处理决定数量（2019：处理决定数量）",
        ("active_disclosure", "amount") if row == "fees" => "本年收费金额（单位：万元）",
        ("active_disclosure", "new_made") => "本年新制作数量",
        ("active_disclosure", "new_published") => "本年新公开数量",
        ("active_disclosure", "total_published") => "对外公开总数量",
        ("active_disclosure", "prev_items") => "上一年项目数量",
        ("active_disclosure", "change") => "本年增/减",
        ("active_disclosure", "purchases") => "采购项目数量",
        ("active_disclosure", "purchase_amount") => "采购总金额（万元）",
        ("applications", "natural_person") => "申请人情况 自然人",
        ("applications", "commercial") => "法人或其他组织 商业企业",
        ("applications", "research") => "法人或其他组织 科研机构",
        ("applications", "social_welfare") => "法人或其他组织 社会公益组织",
        ("applications", "legal_service") => "法人或其他组织 法律服务机构",
        ("applications", "other_org") => "法人或其他组织 其他",
        ("applications", "total") => "总计",
        ("review_litigation", "upheld") => "结果维持",
        ("review_litigation", "corrected") => "结果纠正",
        ("review_litigation", "other") => "其他结果",
        ("review_litigation", "pending") => "尚未审结",
        ("review_litigation", "total") => "总计",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every key either template has is in the codebook with all three labels, once,
    /// with the templates that have it.
    #[test]
    fn every_template_key_has_labels() {
        let entries = entries();
        for t in [Template::T2021, Template::T2019] {
            for table in template::TABLES {
                for (row, cols) in template::rows(t, table) {
                    for col in cols {
                        let e: Vec<_> = entries
                            .iter()
                            .filter(|e| e.table == table && e.row == row && e.col == *col)
                            .collect();
                        assert_eq!(e.len(), 1, "{table}.{row}.{col}");
                        assert!(e[0].templates.contains(&t), "{table}.{row}.{col}");
                        assert!(row_label(table, row).is_some(), "{table}.{row}");
                        assert!(col_label(table, row, col).is_some(), "{table}.{row}.{col}");
                    }
                }
            }
        }
        // 表二 2021: 3+3+1+1+1+1, 2019: 3×6+2+2; 表三 25 rows (2021) or 23 (2019) of 7;
        // 表四 3×5 in both. The 200 value cells of the blank 2021 template.
        let n = |t| entries.iter().filter(|e| e.templates.contains(&t)).count();
        assert_eq!(n(Template::T2021), 10 + 25 * 7 + 15);
        assert_eq!(n(Template::T2019), 22 + 23 * 7 + 15);
        assert_eq!(entries.len(), crate::write::wide_cell_columns().len());
    }

    #[test]
    fn codebook_rows_are_labelled_and_typed() {
        let bytes = codebook_csv();
        let text = std::str::from_utf8(&bytes[3..]).expect("utf-8");
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some(CODEBOOK_COLUMNS.join(",").as_str()));
        let rows: Vec<&str> = lines.collect();
        assert_eq!(rows.len(), entries().len());
        assert!(rows.contains(
            &"applications.denied_enforcement_file.other_org,applications,denied_enforcement_file,other_org,三、收到和处理政府信息公开申请情况,（三）不予公开 7.属于行政执法案卷,法人或其他组织 其他,2021;2019,count,件"
        ), "{text}");
        assert!(rows.contains(
            &"active_disclosure.procurement.purchase_amount,active_disclosure,procurement,purchase_amount,二、主动公开政府信息情况,政府集中采购,采购总金额（万元）,2019,amount,万元"
        ), "{text}");
        assert!(rows.contains(
            &"active_disclosure.licensing.change,active_disclosure,licensing,change,二、主动公开政府信息情况,行政许可,本年增/减,2019,signed_count,件"
        ), "{text}");
        assert!(rows.contains(
            &"active_disclosure.rules.issued,active_disclosure,rules,issued,二、主动公开政府信息情况,规章,本年制发件数,2021,count,件"
        ), "{text}");
    }

    /// `docs/codebook.csv` is the codebook as written: regenerate it with
    /// `NIANBAO_UPDATE_DOCS=1 cargo test --lib codebook`.
    #[test]
    fn docs_codebook_is_current() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/codebook.csv");
        let bytes = codebook_csv();
        if std::env::var_os("NIANBAO_UPDATE_DOCS").is_some() {
            std::fs::write(&path, &bytes).expect("write docs/codebook.csv");
        }
        let have = std::fs::read(&path).unwrap_or_default();
        assert!(
            have == bytes,
            "docs/codebook.csv is stale: NIANBAO_UPDATE_DOCS=1 cargo test --lib codebook"
        );
    }
}
