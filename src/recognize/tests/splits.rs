//! recognize tests: a template table cut into parts, captioned, wrapped in a layout table
//! or repeated, read as the one table it is (and an unrelated table not joined to it).

use super::*;
use pretty_assertions::assert_eq;

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
