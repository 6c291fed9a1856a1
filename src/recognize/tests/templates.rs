//! recognize tests: which template a report is read in, table by table, and what is not
//! a report at all (no template table, hostile grid values).

use super::*;
use pretty_assertions::assert_eq;

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
