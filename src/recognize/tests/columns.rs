//! recognize tests: value columns found by their headers — reordered, truncated, extra,
//! missing, collapsed, one cell over all columns — and table 四 in other shapes
//! (transposed, without totals).

use super::*;
use pretty_assertions::assert_eq;

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
