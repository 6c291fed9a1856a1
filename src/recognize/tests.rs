//! recognize: each table shape, label variant and split the reports show.

use super::template::TABLES;
use super::testdoc::*;
use super::*;
use crate::model::Document;
use crate::report::AnomalyCode as C;
use pretty_assertions::assert_eq;

/// `table.row.col` → raw text, for every found cell.
fn raws(r: &Recognized) -> BTreeMap<String, Option<String>> {
    let mut m = BTreeMap::new();
    for t in &r.tables {
        for row in &t.rows {
            for c in &row.cells {
                m.insert(
                    format!("{}.{}.{}", t.key, row.key, c.col),
                    c.raw.map(str::to_owned),
                );
            }
        }
    }
    m
}

fn codes(r: &Recognized) -> Vec<(C, Option<String>, Option<String>)> {
    r.anomalies
        .iter()
        .map(|a| (a.code, a.row.clone(), a.raw.clone()))
        .collect()
}

/// A value per cell naming it, so every mapping is checked.
fn named(r: &str, c: &str) -> String {
    format!("{r}.{c}")
}

/// Asserts every canonical cell of every table holds its own name.
fn assert_named(r: &Recognized, tables: &[&str]) {
    let t = r.template.expect("template");
    let mut n = 0;
    for table in tables {
        let rt = r
            .tables
            .iter()
            .find(|x| x.key == *table)
            .unwrap_or_else(|| panic!("{table} missing"));
        for (row, cols) in template::rows(t, table) {
            let rr = rt.rows.iter().find(|x| x.key == row).expect("row");
            assert!(rr.found, "{table}.{row} not found");
            for c in cols {
                let cell = rr.cells.iter().find(|x| x.col == *c).expect("col");
                assert_eq!(cell.raw, Some(named(row, c).as_str()), "{table}.{row}.{c}");
                n += 1;
            }
        }
    }
    assert!(n > 0);
}

#[test]
fn wps_2021_template_maps_every_cell() {
    let r_doc = report_2021(&named);
    let r = recognize(&r_doc);
    assert_eq!(r.template, Some(Template::T2021));
    assert_eq!(codes(&r), vec![]);
    assert_named(&r, &TABLES);
    // location: table 2 (1-based), row 3 (received), cell 1 (自然人)
    let app = &r.tables[1];
    assert_eq!(
        app.rows[0].cells[0].location,
        Some(Location {
            table: 2,
            row: 3,
            cell: 1,
            line: None,
        })
    );
    // 1.属于国家秘密 sits in row 7 with three label cells before its values
    assert_eq!(app.rows[4].key, "denied_state_secret");
    assert_eq!(
        app.rows[4].cells[6].location,
        Some(Location {
            table: 2,
            row: 7,
            cell: 9,
            line: None,
        })
    );
    let rev = &r.tables[2];
    assert_eq!(
        rev.rows[2].cells[4].location,
        Some(Location {
            table: 3,
            row: 3,
            cell: 14,
            line: None,
        })
    );
}

#[test]
fn template_2019_every_shape() {
    let r_doc = report_2019(&named);
    let r = recognize(&r_doc);
    assert_eq!(r.template, Some(Template::T2019));
    assert_eq!(codes(&r), vec![]);
    assert_named(&r, &TABLES);
}

#[test]
fn template_2019_from_single_other_row_alone() {
    let v = |_: &str, _: &str| "1".to_string();
    let r_doc = build(&[applications(Template::T2019, &v), review(&v)]);
    let r = recognize(&r_doc);
    assert_eq!(r.template, Some(Template::T2019));
    assert_eq!(
        codes(&r),
        vec![(C::MissingTable, None, None)],
        "only table 二 is missing"
    );
    assert_eq!(
        r.tables.iter().map(|t| t.key).collect::<Vec<_>>(),
        ["applications", "review_litigation"]
    );
}

#[test]
fn no_template_table_is_not_a_report() {
    let doc = build(&[vec![
        vec!["姓名".into(), "电话".into()],
        vec!["张三".into(), "123".into()],
    ]]);
    assert_eq!(recognize(&doc), Recognized::default());
    let empty = Document::default();
    assert_eq!(recognize(&empty).template, None);
}

#[test]
fn table_two_as_four_tables() {
    let a = active_2021(&named);
    let parts: Vec<Spec> = vec![
        a[0..4].to_vec(),
        a[4..7].to_vec(),
        a[7..11].to_vec(),
        a[11..].to_vec(),
    ];
    let mut tables = parts;
    tables.push(applications(Template::T2021, &named));
    tables.push(review(&named));
    let r_doc = build(&tables);
    let r = recognize(&r_doc);
    assert_eq!(codes(&r), vec![]);
    assert_named(&r, &TABLES);
    let fees = &r.tables[0].rows[5];
    assert_eq!(
        fees.cells[0].location,
        Some(Location {
            table: 4,
            row: 2,
            cell: 1,
            line: None,
        })
    );
}

#[test]
fn table_three_split_by_page_break_is_joined() {
    let app = applications(Template::T2021, &named);
    // split inside （三）不予公开: the second part starts with continue cells
    for at in [9, 12, 16, 24, 26] {
        let (a, b) = app.split_at(at);
        let doc = build(&[active_2021(&named), a.to_vec(), b.to_vec(), review(&named)]);
        let r = recognize(&doc);
        assert_eq!(codes(&r), vec![], "split at {at}");
        assert_named(&r, &TABLES);
        let row = r.tables[1]
            .rows
            .iter()
            .find(|x| x.key == "other_other")
            .expect("test data");
        if at <= 25 {
            assert_eq!(row.cells[0].location.expect("test data").table, 3);
        }
    }
}

#[test]
fn caption_rows_are_skipped() {
    let mut app = applications(Template::T2021, &named);
    app.insert(0, vec!["{10}表三：收到和处理政府信息公开申请情况".into()]);
    let mut rev = review(&named);
    rev.insert(
        0,
        vec!["{15}表四：政府信息公开行政复议、行政诉讼情况".into()],
    );
    let r_doc = build(&[active_2021(&named), app, rev]);
    let r = recognize(&r_doc);
    assert_eq!(codes(&r), vec![]);
    assert_named(&r, &TABLES);
}

#[test]
fn report_inside_layout_table() {
    let doc = build_in_layout(
        &[
            active_2021(&named),
            applications(Template::T2021, &named),
            review(&named),
        ],
        &["康家会镇2021年政府信息公开年度报告"],
    );
    let r = recognize(&doc);
    assert_eq!(codes(&r), vec![]);
    assert_named(&r, &TABLES);
    assert_eq!(
        r.tables[1].rows[0].cells[0].location,
        Some(Location {
            table: 3,
            row: 3,
            cell: 1,
            line: None,
        })
    );
}

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
fn reordered_columns_follow_the_header() {
    let mut app = applications(Template::T2021, &named);
    // swap 科研机构 and 社会公益组织 in the header and in every data row
    app[2].swap(3, 4);
    for row in app.iter_mut().skip(3) {
        let n = row.len();
        row.swap(n - 5, n - 4);
    }
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
fn missing_tables_are_reported() {
    let r_doc = build(&[applications(Template::T2021, &zeros)]);
    let r = recognize(&r_doc);
    assert_eq!(r.template, Some(Template::T2021));
    assert_eq!(
        r.anomalies
            .iter()
            .map(|a| (a.code, a.table.clone().expect("test data")))
            .collect::<Vec<_>>(),
        vec![
            (C::MissingTable, "active_disclosure".into()),
            (C::MissingTable, "review_litigation".into())
        ]
    );
    assert_eq!(r.tables.len(), 1);
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
fn split_table_three_with_the_header_repeated() {
    let app = applications(Template::T2021, &named);
    for at in [9, 25] {
        let (a, b) = app.split_at(at);
        let mut b = b.to_vec();
        for (i, h) in app[..3].iter().enumerate() {
            b.insert(i, h.clone());
        }
        let r_doc = build(&[active_2021(&named), a.to_vec(), b, review(&named)]);
        let r = recognize(&r_doc);
        assert_eq!(codes(&r), vec![], "split at {at}");
        assert_named(&r, &TABLES);
    }
}

#[test]
fn template_2019_from_a_blank_single_other_row() {
    let blank = |_: &str, _: &str| String::new();
    let r_doc = build(&[applications(Template::T2019, &blank)]);
    let r = recognize(&r_doc);
    assert_eq!(r.template, Some(Template::T2019));
    let r_doc = build(&[applications(Template::T2021, &blank)]);
    let r = recognize(&r_doc);
    assert_eq!(r.template, Some(Template::T2021));
}

#[test]
fn review_table_transposed() {
    let leaf = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];
    let mut header = vec!["{2}".to_string()];
    header.extend(leaf.iter().map(|x| x.to_string()));
    let row = |label: Vec<&str>, base: usize| {
        let mut r: Vec<String> = label.into_iter().map(str::to_string).collect();
        r.extend((0..5).map(|i| (base + i).to_string()));
        r
    };
    let rev: Spec = vec![
        header,
        row(vec!["{2}行政复议"], 1),
        row(vec!["!行政诉讼", "未经复议直接起诉"], 11),
        row(vec!["^", "复议后起诉"], 21),
    ];
    let r_doc = build(&[rev]);
    let r = recognize(&r_doc);
    let got: Vec<(String, Option<String>)> = raws(&r).into_iter().collect();
    let mut want = Vec::new();
    for (key, base) in [
        ("litigation_after_review", 21),
        ("litigation_direct", 11),
        ("review", 1),
    ] {
        for (i, c) in ["corrected", "other", "pending", "total", "upheld"]
            .iter()
            .enumerate()
        {
            let i = [1, 2, 3, 4, 0][i];
            want.push((
                format!("review_litigation.{key}.{c}"),
                Some((base + i).to_string()),
            ));
        }
    }
    assert_eq!(got, want);
    assert_eq!(
        r.anomalies
            .iter()
            .map(|a| (a.code, a.table.clone()))
            .collect::<Vec<_>>(),
        vec![
            (C::MissingTable, Some("active_disclosure".into())),
            (C::MissingTable, Some("applications".into()))
        ]
    );
}

#[test]
fn review_table_with_zeros_and_caption() {
    let mut rev = review(&zeros);
    rev.insert(
        0,
        vec!["{15}表四：政府信息公开行政复议、行政诉讼情况".into()],
    );
    let r_doc = build(&[rev]);
    let r = recognize(&r_doc);
    assert_eq!(
        raws(&r)["review_litigation.litigation_after_review.total"],
        Some("0".into())
    );
    assert_eq!(
        r.tables[0].rows[2].cells[4].location,
        Some(Location {
            table: 1,
            row: 4,
            cell: 14,
            line: None,
        })
    );
}

#[test]
fn split_part_with_other_column_widths_reads_the_last_seven_cells() {
    let app = applications(Template::T2021, &named);
    let (a, b) = app.split_at(16);
    // the second part's label columns are one grid column narrower: "^{2}" is gone
    let b: Spec = b
        .iter()
        .map(|r| {
            let mut r = r.clone();
            if r[0] == "^" && r.len() == 10 {
                r.remove(0);
            } else if r[0] == "^" {
                r[0] = "^".into();
                r[1] = r[1].replace("{2}", "");
            } else {
                r[0] = r[0].replace("{3}", "{2}");
            }
            r
        })
        .collect();
    let r_doc = build(&[a.to_vec(), b]);
    let r = recognize(&r_doc);
    assert_eq!(
        codes(&r),
        vec![(C::MissingTable, None, None), (C::MissingTable, None, None)]
    );
    assert_named(&r, &["applications"]);
}

#[test]
fn an_unrelated_table_after_table_three_is_not_joined() {
    let other: Spec = vec![
        vec!["项目".into(), "金额".into()],
        vec!["总计".into(), "12".into()],
    ];
    let r_doc = build(&[applications(Template::T2021, &named), other]);
    let r = recognize(&r_doc);
    assert_eq!(
        codes(&r),
        vec![(C::MissingTable, None, None), (C::MissingTable, None, None)]
    );
    assert_named(&r, &["applications"]);
}

#[test]
fn hostile_grid_values_do_not_panic() {
    let mut doc = report_2021(&zeros);
    for t in &mut doc.tables {
        for r in &mut t.rows {
            for c in &mut r.cells {
                c.span = usize::MAX;
                c.col = usize::MAX - 1;
            }
        }
    }
    let r = recognize(&doc);
    let _ = crate::check::check(&r, &Default::default());
    let empty_rows = build(&[vec![vec![], vec![]], vec![]]);
    assert_eq!(recognize(&empty_rows).template, None);
}

// ---------------------------------------------------------------------------
// Variants seen in published reports (agency and year named; see tests/realworld.rs
// for the same variants end to end).

/// Replaces the first cell containing `from` (anywhere in the spec).
fn relabel(spec: &mut Spec, from: &str, to: &str) {
    let cell = spec
        .iter_mut()
        .flat_map(|r| r.iter_mut())
        .find(|c| c.contains(from))
        .unwrap_or_else(|| panic!("{from}"));
    *cell = cell.replace(from, to);
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
fn truncated_2019_headers_are_read_by_position() {
    // 两城镇人民政府 2020 (微山县), 会同县林业局 2020: the first block's header reads
    // 本年新 | 本年新 | 对外公开总数量 (the second line of each cell lost).
    let mut a = active_2019(&named);
    a[1] = vec![
        "信息内容".into(),
        "本年新".into(),
        "本年新".into(),
        "对外公开总数量".into(),
    ];
    let r_doc = build(&[a, applications(Template::T2019, &named), review(&named)]);
    let r = recognize(&r_doc);
    assert_eq!(r.template, Some(Template::T2019));
    assert_named(&r, &TABLES);
    let got: Vec<_> = r
        .anomalies
        .iter()
        .map(|a| (a.code, a.raw.clone(), a.message.clone()))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                C::UnrecognizedColumn,
                Some("本年新".into()),
                "列「本年新」不是模板的列名，按它在本块的位置读作 new_made".into()
            ),
            (
                C::UnrecognizedColumn,
                Some("本年新".into()),
                "列「本年新」不是模板的列名，按它在本块的位置读作 new_published".into()
            ),
        ]
    );
}

#[test]
fn extra_empty_column_and_empty_trailing_rows() {
    // A table 三 with one more (empty) grid column on the right and two empty rows at
    // the end, as tables pasted from web pages come.
    let mut app = applications(Template::T2021, &named);
    for (i, row) in app.iter_mut().enumerate() {
        row.push(if i == 0 { "^".into() } else { String::new() });
    }
    app[0][2] = "!".into();
    for _ in 0..2 {
        app.push(vec![String::new(); 11]);
    }
    let mut rv = review(&named);
    rv.push(vec![String::new(); 15]);
    let r_doc = build(&[active_2021(&named), app, rv]);
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
fn table_four_without_total_columns() {
    // Only the four result columns under each of the three kinds: the totals are
    // missing cells, nothing else shifts.
    let leaf = ["结果维持", "结果纠正", "其他结果", "尚未审结"];
    let mut r2 = vec!["^".to_string(); 4];
    r2.extend(leaf.iter().chain(leaf.iter()).map(|x| x.to_string()));
    let mut data = Vec::new();
    for r in ["review", "litigation_direct", "litigation_after_review"] {
        for c in ["upheld", "corrected", "other", "pending"] {
            data.push(named(r, c));
        }
    }
    let rv: Spec = vec![
        vec!["{4}行政复议".into(), "{8}行政诉讼".into()],
        vec![
            "!结果维持".into(),
            "!结果纠正".into(),
            "!其他结果".into(),
            "!尚未审结".into(),
            "{4}未经复议直接起诉".into(),
            "{4}复议后起诉".into(),
        ],
        r2,
        data,
    ];
    let r_doc = build(&[
        active_2021(&named),
        applications(Template::T2021, &named),
        rv,
    ]);
    let r = recognize(&r_doc);
    assert_eq!(codes(&r), vec![]);
    let m = raws(&r);
    for row in ["review", "litigation_direct", "litigation_after_review"] {
        assert_eq!(m[&format!("review_litigation.{row}.total")], None);
        assert_eq!(
            m[&format!("review_litigation.{row}.pending")],
            Some(named(row, "pending"))
        );
    }
}

#[test]
fn a_second_copy_of_table_three() {
    // The same table 三 again in an appendix: identical, it adds nothing; with other
    // figures, each differing row is a duplicate_row and the first copy is kept.
    let same_doc = build(&[
        active_2021(&named),
        applications(Template::T2021, &named),
        review(&named),
        applications(Template::T2021, &named),
    ]);
    let same = recognize(&same_doc);
    assert_eq!(codes(&same), vec![]);
    assert_named(&same, &TABLES);
    let other = |r: &str, c: &str| {
        if r == "granted" {
            "9".into()
        } else {
            named(r, c)
        }
    };
    let differs_doc = build(&[
        active_2021(&named),
        applications(Template::T2021, &named),
        review(&named),
        applications(Template::T2021, &other),
    ]);
    let differs = recognize(&differs_doc);
    assert_eq!(
        codes(&differs),
        vec![(
            C::DuplicateRow,
            Some("granted".into()),
            Some("9 | 9 | 9 | 9 | 9 | 9 | 9".into())
        )]
    );
    assert_named(&differs, &TABLES);
}

#[test]
fn a_2021_report_that_kept_the_2019_table_two() {
    // Reports of 2021 written over the previous year's file keep the 2019 table 二
    // (本年新制作数量 …) beside the 2021 table 三. Each table is read in the template its
    // own labels show; the report's template is table 三's, which the 勾稽 rules use.
    let r_doc = build(&[
        active_2019(&named),
        applications(Template::T2021, &named),
        review(&named),
    ]);
    let r = recognize(&r_doc);
    assert_eq!(r.template, Some(Template::T2021));
    assert_eq!(
        r.tables
            .iter()
            .map(|t| (t.key, t.template))
            .collect::<Vec<_>>(),
        vec![
            ("active_disclosure", Template::T2019),
            ("applications", Template::T2021),
            ("review_litigation", Template::T2021),
        ]
    );
    assert_eq!(codes(&r), vec![]);
    let m = raws(&r);
    assert_eq!(
        m["active_disclosure.procurement.purchase_amount"],
        Some(named("procurement", "purchase_amount"))
    );
    assert_eq!(
        m["applications.other_other.total"],
        Some(named("other_other", "total"))
    );
    // and the other way round: a 2019 table 三 with a 2021 table 二 — SPEC §2's mixed
    // form: the report is 2021's, the single （六） row kept as `other` (issue 11
    // replaced the "2019" this used to give beside 2021 keys)
    let r_doc = build(&[
        active_2021(&named),
        applications(Template::T2019, &named),
        review(&named),
    ]);
    let r = recognize(&r_doc);
    assert_eq!(r.template, Some(Template::T2021));
    assert_eq!(r.tables[0].template, Template::T2021);
    assert_eq!(
        codes(&r),
        vec![(
            C::TemplateMixed,
            Some("other".into()),
            Some(named("other", "natural_person"))
        )]
    );
    let rows: Vec<&str> = r.tables[1].rows.iter().map(|r| r.key).collect();
    assert!(rows.contains(&"other") && !rows.iter().any(|k| k.starts_with("other_")));
    assert!(r.tables[1].rows.iter().all(|r| r.found));
    assert_eq!(
        raws(&r)["active_disclosure.rules.in_force"],
        Some(named("rules", "in_force"))
    );
    assert_eq!(
        raws(&r)["applications.other.total"],
        Some(named("other", "total"))
    );
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
fn legal_person_header_without_its_sub_row() {
    // Table 三 whose header row of the five 法人或其他组织 kinds was lost (pasted from
    // a web page): 法人或其他组织 spanning five columns reads as the five kinds in the
    // template's order. One 法人或其他组织 column instead of five cannot be split: it
    // is reported and the five kinds are missing cells.
    let mut app = applications(Template::T2021, &named);
    app.remove(2);
    app[1] = vec![
        "^{3}".into(),
        "自然人".into(),
        "{5}法人或其他组织".into(),
        "总计".into(),
    ];
    let r_doc = build(&[active_2021(&named), app, review(&named)]);
    let r = recognize(&r_doc);
    assert_eq!(codes(&r), vec![]);
    assert_named(&r, &TABLES);

    let collapsed: Spec = applications(Template::T2021, &named)
        .into_iter()
        .enumerate()
        .filter(|(i, _)| *i != 2)
        .map(|(i, mut row)| {
            match i {
                0 => row[1] = "{3}申请人情况".into(),
                1 => row[2] = "法人或其他组织".into(),
                _ => {
                    // keep the labels, natural_person, one org figure and the total
                    let n = row.len();
                    let total = row[n - 1].clone();
                    row.truncate(n - 6);
                    row.push("org".into());
                    row.push(total);
                }
            }
            row
        })
        .collect();
    let r_doc = build(&[active_2021(&named), collapsed, review(&named)]);
    let r = recognize(&r_doc);
    assert_eq!(
        codes(&r),
        vec![(C::UnrecognizedColumn, None, Some("法人或其他组织".into()))]
    );
    let m = raws(&r);
    assert_eq!(
        m["applications.received.natural_person"],
        Some(named("received", "natural_person"))
    );
    assert_eq!(
        m["applications.received.total"],
        Some(named("received", "total"))
    );
    assert_eq!(m["applications.received.commercial"], None);
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

#[test]
fn table_two_mixing_the_templates_blocks() {
    // A district education bureau's 2021 report: table 二's first block in the 2019
    // form (本年新制作数量 …), the other blocks in the 2021 form (本年处理决定数量,
    // 本年收费金额). The table reads as 2019 (most of its named columns); the fees
    // row keeps its 2021 amount instead of losing it.
    let a21 = active_2021(&named);
    let a19 = active_2019(&named);
    let mut a: Spec = a19[..4].to_vec();
    a.extend(a21[4..].iter().cloned());
    let r_doc = build(&[a, applications(Template::T2021, &named), review(&named)]);
    let r = recognize(&r_doc);
    assert_eq!(r.template, Some(Template::T2021));
    assert_eq!(r.tables[0].template, Template::T2019);
    assert_eq!(
        codes(&r),
        vec![
            (C::MissingRow, Some("other_services".into()), None),
            (C::MissingRow, Some("procurement".into()), None),
        ]
    );
    let m = raws(&r);
    assert_eq!(
        m["active_disclosure.fees.amount"],
        Some(named("fees", "amount"))
    );
    assert_eq!(
        m["active_disclosure.licensing.decisions"],
        Some(named("licensing", "decisions"))
    );
    assert_eq!(m["active_disclosure.licensing.prev_items"], None);
    assert_eq!(
        m["active_disclosure.rules.new_made"],
        Some(named("rules", "new_made"))
    );
}

#[test]
fn one_value_cell_over_all_columns() {
    // 凤凰镇 2021 (柞水县) shape: a row whose figure cell spans the seven value columns.
    // Word shows one `0` across the row; each column reads that cell (same raw, same
    // location), so `check` sees seven zeros and the 勾稽 rules still apply.
    let mut app = applications(Template::T2021, &named);
    let i = app
        .iter()
        .position(|r| r[0].contains("二、上年结转"))
        .expect("test data");
    app[i] = vec!["{3}二、上年结转政府信息公开申请数量".into(), "{7}0".into()];
    let r_doc = build(&[active_2021(&named), app, review(&named)]);
    let r = recognize(&r_doc);
    assert_eq!(codes(&r), vec![]);
    let row = r.tables[1]
        .rows
        .iter()
        .find(|x| x.key == "carried_over")
        .expect("test data");
    assert!(row.cells.iter().all(|c| c.raw == Some("0")));
    let locs: std::collections::BTreeSet<_> = row.cells.iter().map(|c| c.location).collect();
    assert_eq!(locs.len(), 1);
}
