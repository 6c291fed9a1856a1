//! metadata: the title in each place, each date form, the agency's full form.

use super::*;
use crate::model::{Block, Document};
use crate::recognize::testdoc::{build_in_layout, make_table};
use pretty_assertions::assert_eq;

pub(super) fn doc(paragraphs: &[&str]) -> Document {
    Document {
        blocks: paragraphs
            .iter()
            .map(|p| Block::Paragraph(p.to_string()))
            .collect(),
        ..Document::default()
    }
}

pub(super) fn meta(agency: &str, year: i32, published: &str) -> Metadata {
    Metadata {
        agency: Some(agency.to_owned()),
        year: Some(year),
        published: Some(published.to_owned()),
    }
}

/// The seed's opening and closing lines, verbatim.
const SEED: &[&str] = &[
    "康家会镇2021年政府信息公开年度报告",
    "",
    "根据国务院办公厅政府信息与政务公开办公室关于印发《中华人民共和国政府信息公开工作年度报告格式》的通知（国办公开办函〔2021〕30号）和忻州市人民政府办公室《关于认真做好政府信息公开工作年报的督办通知》要求，静乐县康家会镇认真贯彻落实《中华人民共和国政府信息公开条例》，现将我镇2021年政府信息公开情况报告如下：",
    "1、 政府信息公开总体情况",
    "2021年以来，我镇认真贯彻落实上级部门有关政府信息公开工作规定。",
    "二是加强政府信息公开督查考核工作。根据省市考核标准和要求，制定《康家会镇人民政府信息公开工作考核办法》。",
    "",
    "",
    "康家会镇人民政府",
    "2022年1月20日",
];

#[test]
fn seed_report() {
    assert_eq!(
        metadata(&doc(SEED), None),
        meta("静乐县康家会镇人民政府", 2021, "2022-01-20")
    );
}

#[test]
fn date_forms() {
    let cases = [
        ("2022年1月20日", "2022-01-20"),
        ("２０２２年１月２０日", "2022-01-20"),
        ("二〇二二年一月二十日", "2022-01-20"),
        ("二○二二年十二月三十一日", "2022-12-31"),
        ("2022-01-20", "2022-01-20"),
        ("2022.1.20", "2022-01-20"),
        ("2022/1/20", "2022-01-20"),
        ("\u{3000}\u{3000}2022年 1 月 20 日\u{a0}", "2022-01-20"),
        ("（2022年1月20日）", "2022-01-20"),
        ("康家会镇人民政府  2022年1月20日", "2022-01-20"),
        ("发布日期：2022年1月20日", "2022-01-20"),
    ];
    for (line, want) in cases {
        let d = doc(&[
            "康家会镇2021年政府信息公开年度报告",
            "正文。",
            "康家会镇人民政府",
            line,
        ]);
        assert_eq!(
            metadata(&d, None).published.as_deref(),
            Some(want),
            "{line:?}"
        );
    }
}

#[test]
fn last_date_line_wins_and_sentences_are_not_dates() {
    let d = doc(&[
        "康家会镇2021年政府信息公开年度报告",
        "2021年3月1日",
        "本报告中所列数据的统计期限自2021年1月1日起至2021年12月31日止。",
        "康家会镇人民政府",
        "2022年1月20日",
        "（此件公开发布）",
    ]);
    assert_eq!(metadata(&d, None).published.as_deref(), Some("2022-01-20"));
}

#[test]
fn title_in_each_place() {
    let closing = ["静乐县教育局", "2022年1月18日"];
    // a body paragraph, year first
    let d = doc(&[
        "2021年静乐县教育局政府信息公开工作年度报告",
        closing[0],
        closing[1],
    ]);
    assert_eq!(metadata(&d, None), meta("静乐县教育局", 2021, "2022-01-18"));

    // a title table cell
    let mut d = doc(&["正文。", closing[0], closing[1]]);
    d.tables.push(make_table(
        0,
        &vec![vec![
            "静乐县教育局\n2021年度政府信息公开工作年度报告".to_string(),
        ]],
        None,
    ));
    d.blocks.insert(0, Block::Table(0));
    assert_eq!(metadata(&d, None), meta("静乐县教育局", 2021, "2022-01-18"));

    // a text box: the reader puts its paragraphs into blocks
    let d = doc(&[
        "（文本框）",
        "静乐县教育局2021年政府信息公开工作年度报告",
        "正文。",
    ]);
    assert_eq!(metadata(&d, None).agency.as_deref(), Some("静乐县教育局"));

    // docProps/core.xml only
    let core = r#"<?xml version="1.0"?><cp:coreProperties xmlns:cp="x" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>静乐县教育局2021年政府信息公开工作年度报告</dc:title></cp:coreProperties>"#;
    let d = doc(&["正文。"]);
    assert_eq!(
        metadata(&d, Some(core.as_bytes())),
        Metadata {
            agency: Some("静乐县教育局".into()),
            year: Some(2021),
            published: None
        }
    );

    // the whole report in a one-cell layout table
    let d = build_in_layout(
        &[],
        &[
            "康家会镇2021年政府信息公开年度报告",
            "正文，静乐县康家会镇。",
            "康家会镇人民政府",
            "2022年1月20日",
        ],
    );
    assert_eq!(
        metadata(&d, None),
        meta("静乐县康家会镇人民政府", 2021, "2022-01-20")
    );
}

#[test]
fn title_broken_over_two_lines_and_chinese_year() {
    let d = doc(&[
        "康家会镇",
        "二〇二一年政府信息公开工作年度报告",
        "正文。",
        "二〇二二年一月二十日",
    ]);
    assert_eq!(
        metadata(&d, None),
        Metadata {
            agency: Some("康家会镇".into()),
            year: Some(2021),
            published: Some("2022-01-20".into())
        }
    );
}

#[test]
fn year_from_the_statistics_period() {
    let d = doc(&[
        "静乐县教育局政府信息公开工作年度报告",
        "本报告中所列数据的统计期限自２０２０年1月1日起至2020年12月31日止。",
        "静乐县教育局",
        "2021年1月20日",
    ]);
    assert_eq!(metadata(&d, None).year, Some(2020));
}

#[test]
fn agency_rules() {
    let cases: &[(&str, &str, &[&str], &str)] = &[
        // title longer than the signature
        (
            "静乐县康家会镇人民政府",
            "康家会镇人民政府",
            &[],
            "静乐县康家会镇人民政府",
        ),
        // signature longer than the title
        ("康家会镇", "康家会镇人民政府", &[], "康家会镇人民政府"),
        // title qualified, signature formal
        (
            "静乐县康家会镇",
            "康家会镇人民政府",
            &[],
            "静乐县康家会镇人民政府",
        ),
        // body qualifies, with a leading word stripped
        (
            "康家会镇",
            "康家会镇人民政府",
            &["根据静乐县康家会镇的安排。"],
            "静乐县康家会镇人民政府",
        ),
        // the body's first sentence names the agency with its city after 本报告由
        (
            "洪泽区人民政府",
            "洪泽区人民政府",
            &["本报告由淮安市洪泽区人民政府办公室根据《条例》要求编制此报告。"],
            "淮安市洪泽区人民政府",
        ),
        // unrelated signature: the title's agency
        ("静乐县教育局", "静乐县人民政府办公室", &[], "静乐县教育局"),
        // a title that says 关于印发
        ("静乐县教育局关于印发", "静乐县教育局", &[], "静乐县教育局"),
    ];
    for (title, sig, body, want) in cases {
        let mut p = vec![format!("{title}2021年政府信息公开工作年度报告")];
        p.extend(body.iter().map(|s| s.to_string()));
        p.push(sig.to_string());
        p.push("2022年1月20日".into());
        let refs: Vec<&str> = p.iter().map(String::as_str).collect();
        assert_eq!(
            metadata(&doc(&refs), None).agency.as_deref(),
            Some(*want),
            "{title} / {sig}"
        );
    }
}

#[test]
fn nothing_found() {
    assert_eq!(metadata(&doc(&["正文。"]), None), Metadata::default());
    assert_eq!(
        metadata(&Document::default(), Some(b"not xml")),
        Metadata::default()
    );
}

#[test]
fn year_at_the_end_of_the_title() {
    let d = doc(&[
        "静乐县教育局政府信息公开工作年度报告（2021年度）",
        "正文。",
        "2022年1月20日",
    ]);
    assert_eq!(metadata(&d, None), meta("静乐县教育局", 2021, "2022-01-20"));
}

/// Title and closing forms of published reports (agency and year of the report the
/// form was seen in; the names here are made up).
#[test]
fn real_title_and_closing_forms() {
    let cases: &[(&[&str], Metadata)] = &[
        // 蠡县审计局 2022: a department title, the year written 年度
        (
            &[
                "云河县审计局2022年度政府信息公开工作年度报告",
                "正文。",
                "云河县审计局",
                "2023年1月16日",
            ],
            meta("云河县审计局", 2022, "2023-01-16"),
        ),
        // 泰安市人民政府办公室 style: 关于 between the agency and the year
        (
            &[
                "云河市人民政府办公室关于2021年政府信息公开工作年度报告",
                "正文。",
                "2022年1月28日",
            ],
            meta("云河市人民政府办公室", 2021, "2022-01-28"),
        ),
        // 迎宾路街道 2021: the year first, the signature's longer name wins, a zero-padded
        // month
        (
            &[
                "2021年清源路街道政府信息公开工作年度报告",
                "正文。",
                "清源路街道办事处",
                "2022年01月18日",
            ],
            meta("清源路街道办事处", 2021, "2022-01-18"),
        ),
        // 螺洋街道 2021: 年度信息公开年度报告
        (
            &[
                "清源街道2021年度信息公开年度报告",
                "正文。",
                "2022年1月14日",
            ],
            meta("清源街道", 2021, "2022-01-14"),
        ),
        // 会同县林业局 2020: no year in the title, the year from 统计时限
        (
            &[
                "云河县林业局信息公开工作年度报告",
                "本年报统计时限为2020年1月1日至2020年12月31日止。",
                "2021年1月15日",
            ],
            meta("云河县林业局", 2020, "2021-01-15"),
        ),
        // 太平乡 2020, 拖市镇 2020: a page pasted with its web header (发布时间 with a
        // time) and no closing date
        (
            &[
                "清源乡2020年度政府信息公开工作年度报告",
                "发布时间：2021-01-28 14:11 信息来源：清源乡政府",
                "发布时间：2021-01-28 14:11",
                "正文。",
            ],
            meta("清源乡", 2020, "2021-01-28"),
        ),
        // a date in the closing line after the agency, separated by spaces
        (
            &[
                "云河县民政局2021年政府信息公开工作年度报告",
                "正文。",
                "云河县民政局 2022年1月20日",
            ],
            meta("云河县民政局", 2021, "2022-01-20"),
        ),
    ];
    for (lines, want) in cases {
        assert_eq!(&metadata(&doc(lines), None), want, "{lines:?}");
    }
}

/// Round 2 of real forms (agency and year where each was seen; names made up).
#[test]
fn real_forms_round_two() {
    let cases: &[(&[&str], Metadata)] = &[
        // pasted web headers whose date is followed by the page's other fields, and no
        // closing date: 木场乡 2023 (镇康县), 安徽省统计局 2021, 乐清经济开发区管委会
        // 2022, 八楞乡 2021 (舟曲县)
        (
            &[
                "清源乡2023年度政府信息公开工作年度报告",
                "来源:清源乡人民政府 作者: 时间:2024-01-16 点击率:【 打印 】【 关闭 】",
                "正文。",
            ],
            meta("清源乡", 2023, "2024-01-16"),
        ),
        (
            &[
                "云河省统计局2021年政府信息公开工作年度报告",
                "信息来源:省统计局发布时间:2022-01-21 16:49被阅览数:",
                "正文。",
            ],
            meta("云河省统计局", 2021, "2022-01-21"),
        ),
        (
            &[
                "云河经济开发区管理委员会2022年政府信息公开工作年度报告",
                "发布日期: 2023- 01- 13 16 : 26 浏览次数: 字体:[ ]",
                "正文。",
            ],
            meta("云河经济开发区管理委员会", 2022, "2023-01-13"),
        ),
        (
            &[
                "清源乡人民政府2021年政府信息公开工作年度报告",
                "2022-01-20 作者:佚名 点击数:",
                "正文。",
            ],
            meta("清源乡人民政府", 2021, "2022-01-20"),
        ),
        // a zone's name on the line before its broken title and as its signature
        // (杭州钱江经济开发区 2022, 宜良工业园区管委会 2022)
        (
            &[
                "云河经济技术开发区",
                "2022年政府信息公开工作年度报告",
                "正文。",
                "云河经济技术开发区",
                "2023年1月10日",
            ],
            meta("云河经济技术开发区", 2022, "2023-01-10"),
        ),
        // 人民政府信息公开: the title's agency is …人民政府, not …人民
        (
            &[
                "2021年云河县人民政府信息公开工作年度报告",
                "正文。",
                "2022年1月20日",
            ],
            meta("云河县人民政府", 2021, "2022-01-20"),
        ),
        // a title broken mid-phrase, and one whose year has a line of its own
        (
            &[
                "云河县人民政府办公室2021年政府信息公开",
                "工作年度报告",
                "正文。",
                "2022年1月18日",
            ],
            meta("云河县人民政府办公室", 2021, "2022-01-18"),
        ),
        (
            &[
                "云河县民政局",
                "2021年度",
                "政府信息公开工作年度报告",
                "正文。",
                "2022年1月18日",
            ],
            meta("云河县民政局", 2021, "2022-01-18"),
        ),
        // 重庆市大足区人民政府外事办公室 2022: the year after 政府信息公开工作, the
        // agency on the line before
        (
            &[
                "云河市清源区人民政府外事办公室",
                "政府信息公开工作2022年度报告",
                "正文。",
                "2023年1月18日",
            ],
            meta("云河市清源区人民政府外事办公室", 2022, "2023-01-18"),
        ),
        (
            &[
                "云河市清源区人民政府外事办公室政府信息公开工作2022年度报告",
                "正文。",
            ],
            Metadata {
                agency: Some("云河市清源区人民政府外事办公室".into()),
                year: Some(2022),
                published: None,
            },
        ),
    ];
    for (lines, want) in cases {
        assert_eq!(&metadata(&doc(lines), None), want, "{lines:?}");
    }
}

/// A statistics period is never the published date, and its wordings give the year.
#[test]
fn statistics_period_wordings() {
    let cases = [
        // 泉州市统计局 2021: 期限 without 统计, ending the sentence with a date
        "本报告所列数据的期限从2021年1月1日至2021年12月31日。",
        // 木场乡 2023 (镇康县): the two ends joined by a dash
        "本报告数据统计时间为2021年1月1日——2021年12月31日。",
        // 溪下乡 2023 (永嘉县): 到 … 止
        "本年度报告中所列数据统计期限从2021年1月1日到12月31日止。",
        "所列数据的统计时限自2021年1月1日起至2021年12月31日止。",
    ];
    for line in cases {
        let d = doc(&["云河县民政局政府信息公开工作年度报告", line]);
        let m = metadata(&d, None);
        assert_eq!((m.year, m.published), (Some(2021), None), "{line}");
    }
}

#[test]
fn a_date_line_before_the_title_is_not_half_of_it() {
    let d = doc(&[
        "发布日期：2022年01月20日",
        "云河县民政局2021年政府信息公开工作年度报告",
        "正文。",
    ]);
    assert_eq!(metadata(&d, None), meta("云河县民政局", 2021, "2022-01-20"));
}

#[test]
fn title_in_a_pasted_page_header_table() {
    // 木岗镇 2019 (六枝特区): the page's header table (索引号, 文号, 发布机构, 名称, 内容概述)
    // pasted with the report, the title in its 名称 row
    let mut d = doc(&["一、总体情况", "正文。"]);
    let rows: Vec<Vec<String>> = [
        ["索引号：", "000014349/2020-0001"],
        ["文号：", ""],
        ["发布机构：", ""],
        ["名称：", "清源镇人民政府2019年政府信息公开工作年度报告"],
        ["内容概述：", ""],
    ]
    .iter()
    .map(|r| r.iter().map(|c| c.to_string()).collect())
    .collect();
    d.tables.push(make_table(0, &rows, None));
    d.blocks.insert(0, Block::Table(0));
    let m = metadata(&d, None);
    assert_eq!(
        (m.agency.as_deref(), m.year),
        (Some("清源镇人民政府"), Some(2019))
    );
    // the field and the title in one cell
    let d = doc(&[
        "名称：清源镇人民政府2019年政府信息公开工作年度报告",
        "正文。",
    ]);
    assert_eq!(metadata(&d, None).agency.as_deref(), Some("清源镇人民政府"));
}

#[test]
fn a_breadcrumb_is_not_the_agency() {
    // pasted pages open with their breadcrumb (马水镇 2019, 耒阳市: `首页 > … > 马水镇 >
    // 信息公开年度报告`); one ending in a place name is no agency line
    let d = doc(&[
        "首页 > 部门信息公开目录 > 清源区",
        "2019年政府信息公开工作年度报告",
        "正文。",
    ]);
    assert_eq!(metadata(&d, None).agency, None);
    // 周湾镇 2021: a breadcrumb with a year in it, right above the title
    let d = doc(&[
        "首页/ 政府信息公开 / 政府信息公开年报 / 镇街 / 2021年 / 正文",
        "清源镇2021年政府信息公开工作年度报告",
        "正文。",
    ]);
    let m = metadata(&d, None);
    assert_eq!((m.agency.as_deref(), m.year), (Some("清源镇"), Some(2021)));
}

/// A title over two paragraphs (agency, then year and name), the agency qualified by the
/// first sentence's 本报告由…: the shape of a district government's published report.
#[test]
fn title_over_two_paragraphs_qualified_by_the_opening_sentence() {
    let m = metadata(
        &doc(&[
            "洪泽区人民政府",
            "2023 年政府信息公开工作年度报告",
            "本报告由淮安市洪泽区人民政府办公室根据《中华人民共和国政府信息公开条例》要求编制此报告。",
            "一、总体情况",
            "淮安市洪泽区人民政府",
            "2024年1月18日",
        ]),
        None,
    );
    assert_eq!(m, meta("淮安市洪泽区人民政府", 2023, "2024-01-18"));
}
