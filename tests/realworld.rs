//! Real-world variety, end to end: documents built part by part (as in
//! `tests/hostile/`) whose labels, layouts and closing lines take the forms seen in
//! published 政府信息公开工作年度报告 — each variant names the agency and year where it
//! was seen. The names and figures here are made up; the forms are not.
//!
//! | document | what it carries |
//! |---|---|
//! | `kept_2019_table_two` | a 2021 report over last year's file: the 2019 table 二 with truncated headers (`本年新`), bracketed notes and an extra row; table 三 with `其它`, `公益组织`, a split label, an extra empty column, a count typed `2件`, a note row; table 四 with a caption row and no 总计 columns |
//! | `appendix_copy` | the same table 三 again in an appendix, one row changed |
//! | `pasted_web_page` | a report pasted from its web page: breadcrumb, the page's header table (名称, 发布机构, 发布日期), a header line with the page's fields after the date, a statistics period ending the text, no closing lines |

use std::io::{Cursor, Write};

use nianbao::extract::{Options, extract_bytes};
use nianbao::report::{Report, Status};
use pretty_assertions::assert_eq;
use serde_json::Value;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

const PACKAGE_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

fn p(text: &str) -> String {
    let runs: Vec<String> = text
        .split('\n')
        .map(|l| format!("<w:p><w:r><w:t xml:space=\"preserve\">{l}</w:t></w:r></w:p>"))
        .collect();
    runs.concat()
}

/// A table from cell specs: `!` vMerge restart, `^` vMerge continue, `{n}` gridSpan n,
/// then the text (`\n` = a new paragraph in the cell).
fn tbl(rows: &[Vec<String>]) -> String {
    let mut s = String::from("<w:tbl>");
    for row in rows {
        s.push_str("<w:tr>");
        for spec in row {
            let mut rest = spec.as_str();
            let mut pr = String::new();
            if let Some(r) = rest.strip_prefix('!') {
                pr.push_str(r#"<w:vMerge w:val="restart"/>"#);
                rest = r;
            } else if let Some(r) = rest.strip_prefix('^') {
                pr.push_str("<w:vMerge/>");
                rest = r;
            }
            if let Some(r) = rest.strip_prefix('{')
                && let Some((n, t)) = r.split_once('}')
            {
                pr = format!(r#"<w:gridSpan w:val="{n}"/>{pr}"#);
                rest = t;
            }
            s.push_str(&format!("<w:tc><w:tcPr>{pr}</w:tcPr>{}</w:tc>", p(rest)));
        }
        s.push_str("</w:tr>");
    }
    s.push_str("</w:tbl>");
    s
}

fn docx(body: &str) -> Vec<u8> {
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, bytes) in [
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", PACKAGE_RELS.as_bytes()),
        ("word/document.xml", document.as_bytes()),
    ] {
        w.start_file(name, opts).expect("start part");
        w.write_all(bytes).expect("write part");
    }
    w.finish().expect("finish zip").into_inner()
}

fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

/// Table 二 of 2019, as 两城镇人民政府 2020 (微山县) and 会同县林业局 2020 published it:
/// the first block's headers cut to `本年新`, the notes 拖市镇 2020 (天门市) wrote in its
/// labels, and its extra 其他主动公开文件 row.
fn table_two_2019() -> String {
    tbl(&[
        row(&["{4}第二十条第（一）项"]),
        row(&["信息内容", "本年新", "本年新", "对外公开总数量"]),
        row(&[
            "规章（设区的市、自治州人民政府应提供相关数据）",
            "0",
            "0",
            "0",
        ]),
        row(&[
            "规范性文件（行政机关制定发布的决定、公告、通告、意见、通知等）",
            "3",
            "3",
            "12",
        ]),
        row(&[
            "其他主动公开文件（含除规范性文件以外的主动公开文件）",
            "5",
            "5",
            "40",
        ]),
        row(&["{4}第二十条第（五）项"]),
        row(&["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"]),
        row(&["行政许可", "12", "+2", "30"]),
        row(&["其他对外管理服务事项", "4", "-1", "6"]),
        row(&["{4}第二十条第（六）项"]),
        row(&["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"]),
        row(&["行政处罚", "20", "0", "7"]),
        row(&["行政强制", "2", "0", "0"]),
        row(&["{4}第二十条第（八）项"]),
        row(&["信息内容", "上一年项目数量", "{2}本年增/减"]),
        row(&["行政事业性收费", "1", "{2}0"]),
        row(&["{4}第二十条第（九）项"]),
        row(&["信息内容", "采购项目数量", "{2}采购总金额"]),
        row(&["政府集中采购", "2", "{2}251000元"]),
    ])
}

/// Table 三 of 2021 with the 2021 labels, figures `v(row)` in every applicant column
/// and the total `7 × v`, and one more, empty, grid column on the right.
fn table_three(v: &dyn Fn(&str) -> u32, count_unit_at: Option<&str>) -> String {
    let vals = |key: &str| -> Vec<String> {
        let n = v(key);
        let mut out: Vec<String> = (0..6).map(|_| n.to_string()).collect();
        if count_unit_at == Some(key) {
            out[0] = format!("{n}件");
        }
        out.push((6 * n).to_string());
        out.push(String::new());
        out
    };
    let mut rows = vec![
        row(&[
            "!{3}（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
            "{7}申请人情况",
            "!",
        ]),
        row(&["^{3}", "!自然人", "{5}法人或其它组织", "!总计", "^"]),
        row(&[
            "^{3}",
            "^",
            "商业\n企业",
            "科研\n机构",
            "公益组织",
            "法律服务机构",
            "其它",
            "^",
            "^",
        ]),
    ];
    let mut push = |labels: &[&str], key: &str| {
        let mut r = row(labels);
        r.extend(vals(key));
        rows.push(r);
    };
    // a label typed across two cells
    push(&["一、本年新收政府信息", "{2}公开申请数量"], "received");
    push(&["{3}二、上年结转政府信息公开申请数量"], "carried_over");
    push(&["!三、本年度办理结果", "{2}（一）予以公开"], "granted");
    push(
        &[
            "^",
            "{2}（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        ],
        "partly_granted",
    );
    let groups: [(&str, &[(&str, &str)]); 4] = [
        (
            "（三）不予公开",
            &[
                ("1.属于国家秘密", "denied_state_secret"),
                ("2.其他法律行政法规禁止公开", "denied_law_prohibited"),
                ("3.危及“三安全一稳定”", "denied_safety_stability"),
                ("4.保护第三方合法权益", "denied_third_party"),
                ("5.属于三类内部事务信息", "denied_internal_affairs"),
                ("6.属于四类过程性信息", "denied_process_info"),
                ("7.属于行政执法案卷", "denied_enforcement_file"),
                ("8.属于行政查询事项", "denied_admin_query"),
            ],
        ),
        (
            "（四）无法提供",
            &[
                ("1.本机关不掌握相关政府信息", "unable_not_held"),
                ("2.没有现成信息需要另行制作", "unable_needs_creation"),
                ("3.补正后申请内容仍不明确", "unable_unclear"),
            ],
        ),
        (
            "（五）不予处理",
            &[
                ("1.信访举报投诉类申请", "unprocessed_complaint"),
                ("2.重复申请", "unprocessed_duplicate"),
                ("3.要求提供公开出版物", "unprocessed_publication"),
                ("4.无正当理由大量反复申请", "unprocessed_excessive"),
                (
                    "5.要求行政机关确认或重新出具已获取信息",
                    "unprocessed_confirmation",
                ),
            ],
        ),
        (
            "（六）其它处理",
            &[
                (
                    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                    "other_overdue_correction",
                ),
                (
                    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                    "other_overdue_fee",
                ),
                ("3.其它", "other_other"),
            ],
        ),
    ];
    for (group, subs) in groups {
        for (i, (label, key)) in subs.iter().enumerate() {
            let g = if i == 0 {
                format!("!{group}")
            } else {
                "^".into()
            };
            push(&["^", &g, label], key);
        }
    }
    push(&["^", "{2}（七）总计"], "results_total");
    push(&["{3}四、结转下年度继续办理"], "carried_forward");
    // a note row under the table, and an empty trailing row
    rows.push(row(&["{11}注：本表数据统计期限为本年度1月1日至12月31日。"]));
    rows.push(vec![String::new(); 11]);
    tbl(&rows)
}

/// The figures of a balanced table 三: 2 received, 1 carried over, 1 granted, 1
/// unable_not_held, 1 carried forward.
fn balanced(key: &str) -> u32 {
    match key {
        "received" => 2,
        "carried_over" | "granted" | "unable_not_held" | "carried_forward" => 1,
        "results_total" => 2,
        _ => 0,
    }
}

/// Table 四 with a caption row (文登区信访局 2022's heading) and only the four result
/// columns under each kind: no 总计.
fn table_four_without_totals() -> String {
    let leaf = ["结果维持", "结果纠正", "其他结果", "尚未审结"];
    let mut r3 = row(&["^", "^", "^", "^"]);
    r3.extend(leaf.iter().chain(leaf.iter()).map(|x| x.to_string()));
    tbl(&[
        row(&["{12}四、因政府信息公开工作被申请行政复议、提起行政诉讼情况"]),
        row(&["{4}行政复议", "{8}行政诉讼"]),
        row(&[
            "!结果维持",
            "!结果纠正",
            "!其他结果",
            "!尚未审结",
            "{4}未经复议直接起诉",
            "{4}复议后起诉",
        ]),
        r3,
        row(&["1", "0", "0", "0", "0", "0", "0", "0", "0", "1", "0", "0"]),
    ])
}

fn value(r: &Report, path: &str) -> Value {
    let tables = r.tables();
    let mut v = &tables[path.split('.').next().unwrap()];
    for k in path.split('.').skip(1) {
        v = &v[k];
    }
    v.clone()
}

/// An anomaly as (code, row, col, raw).
type Found = (String, Option<String>, Option<String>, Option<String>);

fn anomalies(r: &Report) -> Vec<Found> {
    r.anomalies
        .iter()
        .map(|a| {
            (
                a.code.as_str().to_owned(),
                a.row.clone(),
                a.col.clone(),
                a.raw.clone(),
            )
        })
        .collect()
}

#[test]
fn kept_2019_table_two() {
    let body = [
        p("云河县清源镇人民政府2021年度政府信息公开工作年度报告"),
        p("二、主动公开政府信息情况"),
        table_two_2019(),
        p("三、收到和处理政府信息公开申请情况"),
        table_three(&balanced, Some("granted")),
        table_four_without_totals(),
        p("五、存在的主要问题及改进情况"),
        p("云河县清源镇人民政府"),
        p("二〇二二年一月十八日"),
    ]
    .concat();
    let r = extract_bytes("kept.docx", docx(&body), &Options::default());
    assert_eq!(r.status, Status::Ok, "{:?}", r.error);
    // table 三 is 2021's, so the report is; table 二 keeps its 2019 keys
    assert_eq!(r.template.map(|t| t.as_str()), Some("2021"));
    assert_eq!(r.report.agency.as_deref(), Some("云河县清源镇人民政府"));
    assert_eq!(r.report.year, Some(2021));
    assert_eq!(r.report.published.as_deref(), Some("2022-01-18"));
    for (path, want) in [
        ("active_disclosure.normative_docs.new_made", "3"),
        ("active_disclosure.normative_docs.new_published", "3"),
        ("active_disclosure.normative_docs.total_published", "12"),
        ("active_disclosure.licensing.change", "2"),
        ("active_disclosure.other_services.change", "-1"),
        // `251000元`: converted to the template's 万元 (SPEC §2)
        ("active_disclosure.procurement.purchase_amount", "25.1"),
        ("applications.received.total", "12"),
        ("applications.received.social_welfare", "2"),
        ("applications.received.other_org", "2"),
        // `1件`: one figure with a measure word, read as the figure (SPEC §3)
        ("applications.granted.natural_person", "1"),
        ("applications.other_other.other_org", "0"),
        ("applications.carried_forward.total", "6"),
        ("review_litigation.review.upheld", "1"),
        ("review_litigation.litigation_after_review.corrected", "1"),
        ("review_litigation.review.total", "null"),
    ] {
        assert_eq!(value(&r, path).to_string(), want, "{path}");
    }
    let s = |x: &str| Some(x.to_owned());
    assert_eq!(
        anomalies(&r),
        vec![
            // table 二: the extra row; the two cut headers, read by position (reported
            // when their block ends)
            (
                "unrecognized_row".into(),
                None,
                None,
                s("其他主动公开文件（含除规范性文件以外的主动公开文件）")
            ),
            ("unrecognized_column".into(), None, None, s("本年新")),
            ("unrecognized_column".into(), None, None, s("本年新")),
            // table 三: the note row
            (
                "unrecognized_row".into(),
                None,
                None,
                s("注：本表数据统计期限为本年度1月1日至12月31日。")
            ),
            // the amount typed in 元
            (
                "unit_converted".into(),
                s("procurement"),
                s("purchase_amount"),
                s("251000元")
            ),
            // the count typed with its measure word
            (
                "annotated_value".into(),
                s("granted"),
                s("natural_person"),
                s("1件")
            ),
            // table 四: no 总计 cells
            ("missing_cell".into(), s("review"), s("total"), None),
            (
                "missing_cell".into(),
                s("litigation_direct"),
                s("total"),
                None
            ),
            (
                "missing_cell".into(),
                s("litigation_after_review"),
                s("total"),
                None
            ),
        ]
    );
    // the 勾稽 rules hold on table 三, the row with the measure word included
    assert!(
        !r.anomalies
            .iter()
            .any(|a| a.code.as_str() == "sum_mismatch")
    );
}

#[test]
fn appendix_copy() {
    // Some reports repeat table 三 in an appendix (附表). The copy's differing row is a
    // duplicate_row; the figures of the first copy are kept.
    let changed = |key: &str| {
        if key == "carried_forward" {
            5
        } else {
            balanced(key)
        }
    };
    let body = [
        p("云河县清源镇人民政府2021年政府信息公开工作年度报告"),
        table_three(&balanced, None),
        p("附表"),
        table_three(&changed, None),
        p("2022年1月18日"),
    ]
    .concat();
    let r = extract_bytes("appendix.docx", docx(&body), &Options::default());
    let codes: Vec<_> = anomalies(&r)
        .into_iter()
        .filter(|a| a.0 != "unrecognized_row" && a.0 != "missing_table")
        .collect();
    assert_eq!(
        codes,
        vec![(
            "duplicate_row".into(),
            Some("carried_forward".into()),
            None,
            Some("5 | 5 | 5 | 5 | 5 | 5 | 30".into())
        )]
    );
    assert_eq!(
        value(&r, "applications.carried_forward.total").to_string(),
        "6"
    );
}

#[test]
fn pasted_web_page() {
    // A report saved from its web page: the breadcrumb (周湾镇 2021), the page's header
    // table with the title in its 名称 row (木岗镇 2019, 六枝特区; 吾合沙鲁乡 2025, 乌恰县),
    // the header line with the page's fields after the date (杨柳镇 2021, 宣州区), the
    // statistics period as the last dated sentence (泉州市统计局 2021), and no closing.
    let body = [
        p("首页/ 政府信息公开 / 政府信息公开年报 / 镇街 / 2021年 / 正文"),
        tbl(&[
            row(&["索引号：", "000014349/2022-0001", "主题分类：", ""]),
            row(&[
                "发布机构：",
                "云河县清源镇人民政府",
                "发布日期：",
                "2022-01-07 16:58",
            ]),
            row(&["名称：", "{3}清源镇2021年政府信息公开工作年度报告"]),
            row(&["文号：", "", "有效性：", ""]),
            row(&["来源：", "{3}云河县清源镇人民政府"]),
        ]),
        p("发布时间：2022-01-07 00:00 来源：云河县清源镇人民政府 字体：[ ]"),
        p("一、总体情况"),
        table_three(&balanced, None),
        p("本报告所列数据的期限从2021年1月1日至2021年12月31日。"),
    ]
    .concat();
    let r = extract_bytes("pasted.docx", docx(&body), &Options::default());
    assert_eq!(r.status, Status::Ok, "{:?}", r.error);
    assert_eq!(r.report.agency.as_deref(), Some("云河县清源镇人民政府"));
    assert_eq!(r.report.year, Some(2021));
    assert_eq!(r.report.published.as_deref(), Some("2022-01-07"));
}
