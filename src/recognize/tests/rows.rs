//! recognize tests: rows found by their labels as authors write them (variants, notes,
//! rewordings, a label over two cells, unmerged groups), and rows that are not found:
//! unknown, missing, duplicated.

use super::*;
use pretty_assertions::assert_eq;

#[test]
fn label_variants_still_map() {
    let mut app = applications(Template::T2021, &named);
    let relabel = |app: &mut Spec, from: &str, to: &str| {
        let cell = app
            .iter_mut()
            .flat_map(|r| r.iter_mut())
            .find(|c| c.contains(from))
            .unwrap_or_else(|| panic!("{from}"));
        *cell = cell.replace(from, to);
    };
    relabel(&mut app, "1.属于国家秘密", "（1）属于国家\n秘密的");
    relabel(
        &mut app,
        "2.其他法律行政法规禁止公开",
        "2、其他法律、行政法规禁止公开",
    );
    relabel(&mut app, "3.危及“三安全一稳定”", "３．危及\"三安全一稳定\"");
    relabel(&mut app, "（一）予以公开", "(一)予以\u{a0}公开");
    relabel(
        &mut app,
        "一、本年新收政府信息公开申请数量",
        "1、本年新收政府信息\n公开申请数量",
    );
    relabel(&mut app, "3.其他", "（3）其他");
    relabel(&mut app, "（七）总计", "（七）总\u{3000}计");
    relabel(&mut app, "商业\n企业", "商业企业\u{a0}");
    // reorder two rows inside （五）
    let i = app
        .iter()
        .position(|r| r.iter().any(|c| c.contains("2.重复申请")))
        .expect("test data");
    app.swap(i, i + 1);
    let r_doc = build(&[active_2021(&named), app, review(&named)]);
    let r = recognize(&r_doc);
    assert_eq!(codes(&r), vec![]);
    assert_named(&r, &TABLES);
}

#[test]
fn unknown_rows_and_missing_rows() {
    let mut app = applications(Template::T2021, &named);
    let i = app
        .iter()
        .position(|r| r.iter().any(|c| c.contains("8.属于行政查询事项")))
        .expect("test data");
    let mut extra = vec!["^".to_string(), "^".into(), "9.其他不予公开情形".into()];
    extra.extend(APP_COLS.iter().map(|_| "1".to_string()));
    app.insert(i + 1, extra);
    let j = app
        .iter()
        .position(|r| r.iter().any(|c| c.contains("2.重复申请")))
        .expect("test data");
    app.remove(j);
    let r_doc = build(&[active_2021(&named), app, review(&named)]);
    let r = recognize(&r_doc);
    assert_eq!(
        codes(&r),
        vec![
            (C::MissingRow, Some("unprocessed_duplicate".into()), None),
            (C::UnrecognizedRow, None, Some("9.其他不予公开情形".into())),
        ]
    );
    let row = r.tables[1]
        .rows
        .iter()
        .find(|x| x.key == "unprocessed_duplicate")
        .expect("test data");
    assert!(!row.found);
    assert!(
        row.cells
            .iter()
            .all(|c| c.raw.is_none() && c.location.is_none())
    );
    let a = &r.anomalies[1];
    assert_eq!(a.severity, Severity::Info);
    assert_eq!(
        a.location,
        Some(Location {
            table: 2,
            row: 15,
            cell: 2,
            line: None,
        })
    );
}

#[test]
fn duplicate_rows_keep_the_first() {
    let mut app = applications(Template::T2021, &zeros);
    let mut dup = vec!["{3}二、上年结转政府信息公开申请数量".to_string()];
    dup.extend(APP_COLS.iter().map(|_| "5".to_string()));
    app.insert(5, dup);
    let r_doc = build(&[active_2021(&zeros), app, review(&zeros)]);
    let r = recognize(&r_doc);
    assert_eq!(
        codes(&r),
        vec![(
            C::DuplicateRow,
            Some("carried_over".into()),
            Some("5 | 5 | 5 | 5 | 5 | 5 | 5".into())
        )]
    );
    assert_eq!(
        raws(&r)["applications.carried_over.total"],
        Some("0".into())
    );
}

#[test]
fn unmerged_group_labels_use_the_running_group() {
    // Some authors repeat nothing: the group cell is blank, not a vMerge continue.
    let app: Spec = applications(Template::T2021, &named)
        .into_iter()
        .map(|r| {
            r.into_iter()
                .map(|c| {
                    if c == "^" {
                        String::new()
                    } else {
                        c.replace('!', "")
                    }
                })
                .collect()
        })
        .collect();
    let r_doc = build(&[active_2021(&named), app, review(&named)]);
    let r = recognize(&r_doc);
    assert_eq!(codes(&r), vec![]);
    assert_named(&r, &TABLES);
}

#[test]
fn bracketed_notes_do_not_lend_their_words() {
    // 拖市镇 2020 (天门市), 武汉市生态环境局 2020 — Hubei's 2020 form: table 二 of 2019
    // with notes in its labels and headers, an extra row whose note names 规范性文件,
    // and a 其他对外管理服务事项 note that names 行政许可 and 行政处罚;
    // 保康县农业农村局 2021: 规章（县级无此项）.
    let mut a = active_2019(&named);
    relabel(
        &mut a,
        "其他对外管理服务事项",
        "其他对外管理服务事项（指行政许可以外的政务服务事项，含行政确认、行政处罚、行政强制和公共服务事项）",
    );
    for row in a.iter_mut() {
        for c in row.iter_mut() {
            if c.ends_with("上一年项目数量") {
                *c = c.replace("上一年项目数量", "上一年项目数量（指2019年事项数）");
            } else if c.ends_with("本年增/减") {
                *c = c.replace(
                    "本年增/减",
                    "本年增/减（指2020年增加或减少的事项数，减用负值表示，如-8）",
                );
            } else if c == "处理决定数量" {
                *c = "处理决定数量（指2020年办件量）".into();
            }
        }
    }
    relabel(
        &mut a,
        "规章",
        "规章（设区的市、自治州人民政府应提供相关数据）",
    );
    relabel(
        &mut a,
        "规范性文件",
        "规范性文件（行政机关制定发布的决定、公告、通告、意见、通知，以及标题采用“规定”“办法”等字样的公文）",
    );
    a.insert(
        4,
        vec![
            "其他主动公开文件（含以本单位名义正式签发的、除规范性文件以外的主动公开文件）".into(),
            "7".into(),
            "7".into(),
            "7".into(),
        ],
    );
    let r_doc = build(&[a, applications(Template::T2019, &named), review(&named)]);
    let r = recognize(&r_doc);
    assert_eq!(r.template, Some(Template::T2019));
    assert_eq!(
        codes(&r),
        vec![(
            C::UnrecognizedRow,
            None,
            Some(
                "其他主动公开文件（含以本单位名义正式签发的、除规范性文件以外的主动公开文件）"
                    .into()
            )
        )]
    );
    assert_named(&r, &TABLES);
}

#[test]
fn qita_written_other_ways() {
    // 其它 for 其他 (common in county reports: 其它处理, 法人或其它组织, 3.其它) and
    // 公益组织 for 社会公益组织.
    let mut app = applications(Template::T2021, &named);
    relabel(&mut app, "{5}法人或其他组织", "{5}法人或其它组织");
    relabel(&mut app, "社会公益组织", "公益组织");
    app[2][6] = "其它".into();
    relabel(&mut app, "（六）其他处理", "（六）其它处理");
    relabel(&mut app, "3.其他", "3.其它");
    let r_doc = build(&[active_2021(&named), app, review(&named)]);
    let r = recognize(&r_doc);
    assert_eq!(codes(&r), vec![]);
    assert_named(&r, &TABLES);
}

#[test]
fn label_split_over_two_cells() {
    // The label of a top row typed across two cells of the label columns.
    let mut app = applications(Template::T2021, &named);
    let i = app
        .iter()
        .position(|r| r[0].contains("一、本年新收"))
        .expect("test data");
    let mut row = vec![
        "一、本年新收政府信息".to_string(),
        "{2}公开申请数量".to_string(),
    ];
    row.extend(APP_COLS.iter().map(|c| named("received", c)));
    app[i] = row;
    let r_doc = build(&[active_2021(&named), app, review(&named)]);
    let r = recognize(&r_doc);
    assert_eq!(codes(&r), vec![]);
    assert_named(&r, &TABLES);
}

#[test]
fn article_rows_of_table_two_are_sections() {
    // Section rows name the article the block reports on, in several forms.
    for section in [
        "第十九条",
        "第二十条第（一）项",
        "第20条第(五)项",
        "第二十一条",
    ] {
        let mut a = active_2021(&named);
        a[0] = vec![format!("{{4}}{section}")];
        let r_doc = build(&[a, applications(Template::T2021, &named), review(&named)]);
        let r = recognize(&r_doc);
        assert_eq!(codes(&r), vec![], "{section}");
        assert_named(&r, &TABLES);
    }
    assert!(!labels::is_active_section("第三方"));
}

#[test]
fn reworded_row_labels() {
    // Row labels reworded around their distinctive words.
    let mut app = applications(Template::T2021, &named);
    relabel(
        &mut app,
        "一、本年新收政府信息公开申请数量",
        "一、本年收到政府信息公开申请数量",
    );
    relabel(
        &mut app,
        "二、上年结转政府信息公开申请数量",
        "二、上年度结转的政府信息公开申请数量",
    );
    relabel(&mut app, "7.属于行政执法案卷", "7.属于行政执法卷宗");
    relabel(&mut app, "8.属于行政查询事项", "8.属于行政查询类事项");
    relabel(&mut app, "2.重复申请", "2.重复提出的申请");
    relabel(
        &mut app,
        "四、结转下年度继续办理",
        "四、结转下一年度继续办理",
    );
    let r_doc = build(&[active_2021(&named), app, review(&named)]);
    let r = recognize(&r_doc);
    assert_eq!(codes(&r), vec![]);
    assert_named(&r, &TABLES);
}
