//! corpus tests: the other corpus reports — clean, unbalanced, placeholders, the 2019
//! template and its blanks, units and decimals, the series, the quirk documents, the
//! varied family — each giving the values and exactly the anomalies it was built with.

use super::*;
use pretty_assertions::assert_eq;

#[test]
fn clean_report_has_its_figures_and_no_anomaly() {
    let rep = extract("clean-2021.docx");
    let r = corpus::clean_2021();
    assert_eq!(
        values_out(&rep),
        values_want(&r, |_, _, _, raw| plain_number(raw))
    );
    assert_eq!(anomalies(&rep), vec![]);
    // Its overview states nine figures, each as the tables have it (SPEC §7).
    assert_eq!(
        (
            rep.narrative.statements,
            rep.narrative.compared,
            rep.narrative.differing
        ),
        (9, 9, 0)
    );
    assert_eq!(
        metadata(&rep),
        (
            Some("云河市清源区人民政府办公室"),
            Some(2021),
            Some("2022-01-25")
        )
    );
}

/// The five failing rules documented on `testdocs::corpus::unbalanced_2021`.
#[test]
fn unbalanced_report_fails_exactly_its_rules() {
    let rep = extract("unbalanced-2021.docx");
    let r = corpus::unbalanced_2021();
    assert_eq!(
        metadata(&rep),
        (
            Some("云河市清源区卫生健康局"),
            Some(2021),
            Some("2022-01-28")
        )
    );
    assert_eq!(
        values_out(&rep),
        values_want(&r, |_, _, _, raw| plain_number(raw))
    );
    let app = "applications";
    assert_eq!(
        anomalies(&rep),
        sorted(vec![
            sum_a(
                &r,
                app,
                "row_total",
                (Some("received"), None),
                ("15", "16"),
                Some(("received", "total"))
            ),
            sum_a(
                &r,
                app,
                "row_total",
                (Some("granted"), None),
                ("10", "9"),
                Some(("granted", "total"))
            ),
            sum_a(
                &r,
                app,
                "results_total",
                (None, Some("research")),
                ("2", "1"),
                Some(("results_total", "research")),
            ),
            // Located at the column's （七）总计 cell, no raw: the published side is two
            // cells (results_total + carried_forward, issue 14).
            {
                let mut a = sum_a(
                    &r,
                    app,
                    "column_balance",
                    (None, Some("total")),
                    ("19", "18"),
                    None,
                );
                a.9 = at(r.locate(app, "results_total", "total"));
                a
            },
            sum_a(
                &r,
                "review_litigation",
                "row_total",
                (Some("review"), None),
                ("2", "3"),
                Some(("review", "total")),
            ),
            // clean-2021's overview beside the changed figures (SPEC §7).
            narrative_a("received", ("15", "16"), corpus::NARRATIVE_2021[0]),
            narrative_a("review", ("2", "3"), corpus::NARRATIVE_2021[1]),
        ])
    );
    let paragraphs: Vec<Option<usize>> = rep
        .anomalies
        .iter()
        .filter(|a| a.code == AnomalyCode::NarrativeMismatch)
        .map(|a| a.paragraph)
        .collect();
    assert_eq!(paragraphs, [Some(4), Some(5)]);
    assert_eq!(
        (
            rep.narrative.statements,
            rep.narrative.compared,
            rep.narrative.differing
        ),
        (9, 9, 2)
    );
}

/// A `narrative_mismatch` of `row` (its `total`): the text states `expected`, the table
/// has `actual`; `raw` is the sentence, the paragraph's second (after its heading).
fn narrative_a(row: &str, (expected, actual): (&str, &str), paragraph: &str) -> A {
    let table = if row == "review" {
        "review_litigation"
    } else {
        "applications"
    };
    let sentence = paragraph.split_once('。').map_or(paragraph, |(_, s)| s);
    let sentence = match sentence.find('；') {
        Some(at) if row == "received" => &sentence[..at + '；'.len_utf8()],
        _ => sentence,
    };
    (
        "narrative_mismatch".into(),
        "warning".into(),
        s(table),
        None,
        s(row),
        s("total"),
        s(expected),
        s(actual),
        s(sentence),
        None,
    )
}

/// Placeholders read 0 with `placeholder_value` (info); text reads `null` with
/// `non_numeric_cell` (warning); rules with a `null` operand are not evaluated.
#[test]
fn placeholders_and_text_in_number_cells() {
    let rep = extract("placeholders-2021.docx");
    let r = corpus::placeholders_2021();
    assert_eq!(
        metadata(&rep),
        (
            Some("云河市清源区东关镇人民政府"),
            Some(2021),
            Some("2022-01-20")
        )
    );
    let texts = ["见附件", "N/A"];
    assert_eq!(
        values_out(&rep),
        values_want(&r, |_, _, _, raw| if texts.contains(&raw) {
            None
        } else {
            plain_number(raw).or(Some(0.0))
        })
    );
    let ph = |key| cell_a("placeholder_value", "info", &r, key);
    let text = |key| cell_a("non_numeric_cell", "warning", &r, key);
    assert_eq!(
        anomalies(&rep),
        sorted(vec![
            ph("active_disclosure.licensing.decisions"),
            ph("active_disclosure.penalty.decisions"),
            ph("active_disclosure.coercion.decisions"),
            text("active_disclosure.fees.amount"),
            ph("applications.received.natural_person"),
            ph("applications.carried_over.other_org"),
            text("review_litigation.review.pending"),
        ])
    );
}

#[test]
fn template_2019_report() {
    let rep = extract("template-2019.docx");
    let r = corpus::template_2019();
    assert_eq!(rep.template.map(|t| t.as_str()), Some("2019"));
    assert_eq!(
        values_out(&rep),
        values_want(&r, |_, _, _, raw| plain_number(raw))
    );
    assert_eq!(anomalies(&rep), vec![]);
    assert_eq!(
        metadata(&rep),
        (Some("云河市清源区民政局"), Some(2020), Some("2021-01-22"))
    );
    let apps = serde_json::to_value(&rep.tables()["applications"]).unwrap();
    assert!(
        apps.get("other").is_some() && apps.get("other_other").is_none(),
        "one （六）其他处理 row"
    );
}

/// Every zero left blank, even the 总计 of all-zero result rows (issue 4, as
/// 上海市人民政府办公厅's 2019 report): each blank is `null` + `missing_cell` with its
/// empty raw text and location, no rule is failed (those with a blank operand are not
/// evaluated), and the report-level note `blanks_consistent_as_zero` says that every
/// rule holds with the blanks read as 0.
#[test]
fn blanks_2019_every_zero_left_blank() {
    let rep = extract("blanks-2019.docx");
    let r = corpus::blanks_2019();
    assert_eq!(rep.template.map(|t| t.as_str()), Some("2019"));
    assert_eq!(
        metadata(&rep),
        (Some("云河市人民政府办公厅"), Some(2019), Some("2020-01-20"))
    );
    assert_eq!(
        values_out(&rep),
        values_want(&r, |_, _, _, raw| plain_number(raw))
    );
    let blanks: Vec<String> = keys(r.template)
        .into_iter()
        .filter(|k| r.get(k.table, k.row, k.col).is_empty())
        .map(|k| format!("{}.{}.{}", k.table, k.row, k.col))
        .collect();
    assert_eq!((blanks.len(), keys(r.template).len()), (128, 198));
    for key in [
        "applications.denied_state_secret.total",
        "applications.unprocessed_confirmation.total",
        "applications.results_total.social_welfare",
        "review_litigation.litigation_after_review.total",
        "active_disclosure.licensing.change",
    ] {
        assert!(blanks.iter().any(|b| b == key), "{key} is blank");
    }
    assert_eq!(
        anomalies(&rep),
        sorted(
            blanks
                .iter()
                .map(|k| cell_a("missing_cell", "warning", &r, k))
                .collect()
        )
    );
    let notes: Vec<(&str, &str)> = rep
        .notes
        .iter()
        .map(|n| (n.code.as_str(), n.severity.as_str()))
        .collect();
    assert_eq!(notes, vec![("blanks_consistent_as_zero", "info")]);
    let j = serde_json::to_value(&rep).unwrap();
    assert_eq!(
        j["tables"]["applications"]["denied_state_secret"]["total"],
        Value::Null
    );
    assert_eq!(j["notes"][0]["code"], json!("blanks_consistent_as_zero"));
}

/// The JSON text nianbao writes for a report (`reports/R.json`).
fn json_text(rep: &Report) -> String {
    String::from_utf8(nianbao::write::report_json(rep)).unwrap()
}

/// `73802895.90元` in 采购总金额: converted exactly to the template's 万元 (SPEC §2,
/// issue 14: one unit per column) — 7380.28959, no float touching a digit — with the raw
/// text kept and one `unit_converted` (info) at the cell.
#[test]
fn procurement_amount_with_its_unit_is_converted_to_wan() {
    let rep = extract("procurement-unit-2019.docx");
    let r = corpus::procurement_unit_2019();
    assert_eq!(rep.template.map(|t| t.as_str()), Some("2019"));
    assert_eq!(
        metadata(&rep),
        (Some("云河市机关事务管理局"), Some(2019), Some("2020-01-21"))
    );
    assert_eq!(
        values_out(&rep),
        values_want(&r, |_, _, col, raw| match col {
            "purchase_amount" => Some(7380.28959),
            _ => plain_number(raw),
        })
    );
    assert_eq!(
        anomalies(&rep),
        vec![cell_a(
            "unit_converted",
            "info",
            &r,
            "active_disclosure.procurement.purchase_amount"
        )]
    );
    let amount = &rep.tables()["active_disclosure"]["procurement"]["purchase_amount"];
    assert_eq!(amount.to_string(), "7380.28959");
    let text = json_text(&rep);
    assert!(
        text.contains(r#""purchase_amount": 7380.28959}"#),
        "the table value in 万元, exact"
    );
    assert!(
        text.contains(r#""value": 7380.28959, "raw": "73802895.90元""#),
        "the cell record keeps value and raw text"
    );
}

/// 本年收费金额 `24252.311082` (万元, six decimals) keeps every digit in the JSON.
#[test]
fn fees_with_six_decimals_keep_every_digit() {
    let rep = extract("fees-decimals-2021.docx");
    let r = corpus::fees_decimals_2021();
    assert_eq!(
        metadata(&rep),
        (
            Some("云河市自然资源和规划局"),
            Some(2021),
            Some("2022-01-24")
        )
    );
    assert_eq!(
        values_out(&rep),
        values_want(&r, |_, _, _, raw| plain_number(raw))
    );
    assert_eq!(anomalies(&rep), vec![]);
    assert_eq!(
        rep.tables()["active_disclosure"]["fees"]["amount"].to_string(),
        "24252.311082"
    );
    assert!(json_text(&rep).contains(r#""fees": {"amount": 24252.311082}"#));
}

/// The three reports of `corpus/series/` (see `testdocs::corpus::series`): each has
/// its figures, its template and metadata, and no anomaly of its own — the series'
/// breaks are across years only (`tests/series.rs`).
#[test]
fn series_reports_are_each_consistent() {
    let want = [
        ("series/education-2020.docx", "2019", 2020, "2021-01-25"),
        ("series/education-2021.docx", "2021", 2021, "2022-01-21"),
        ("series/education-2022.docx", "2021", 2022, "2023-01-18"),
    ];
    for ((name, template, year, published), r) in want.into_iter().zip(corpus::series()) {
        let rep = extract(name);
        assert_eq!(rep.template.map(|t| t.as_str()), Some(template), "{name}");
        assert_eq!(
            metadata(&rep),
            (Some(corpus::SERIES_AGENCY), Some(year), Some(published)),
            "{name}"
        );
        assert_eq!(
            values_out(&rep),
            values_want(&r, |_, _, _, raw| plain_number(raw)),
            "{name}"
        );
        assert_eq!(anomalies(&rep), vec![], "{name}");
        assert!(rep.notes.is_empty(), "{name}");
    }
}

/// Both quirk documents give clean-2021's figures (full-width and U+3000 padded in the
/// converted one) without any anomaly.
#[test]
fn quirk_documents_give_the_clean_figures() {
    let clean = corpus::clean_2021();
    let want = values_want(&clean, |_, _, _, raw| plain_number(raw));
    for (name, agency, published) in [
        (
            "quirks-word-2021.docx",
            "云河市清源区市场监督管理局",
            "2022-01-26",
        ),
        (
            "quirks-converted-2021.docx",
            "云河市清源区交通运输局",
            "2022-01-27",
        ),
    ] {
        let rep = extract(name);
        assert_eq!(values_out(&rep), want, "{name}");
        assert_eq!(anomalies(&rep), vec![], "{name}");
        assert_eq!(
            metadata(&rep),
            (Some(agency), Some(2021), Some(published)),
            "{name}"
        );
    }
}

/// The benchmark family `testdocs::corpus::varied`: each of its four writings extracts
/// to clean-2021's figures times its factor, without anomaly.
#[test]
fn varied_family_extracts_clean() {
    for i in 0..8u64 {
        let k = (1 + i % 7) as f64;
        let rep = extract_bytes("varied.docx", corpus::varied(i), &Options::default());
        assert_eq!(rep.error, None, "varied({i})");
        let want = values_want(&corpus::clean_2021(), |_, _, _, raw| {
            plain_number(raw).map(|n| n * k)
        });
        assert_eq!(values_out(&rep), want, "varied({i})");
        assert_eq!(anomalies(&rep), vec![], "varied({i})");
    }
}
