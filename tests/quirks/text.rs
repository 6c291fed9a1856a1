//! quirks tests: a cell's text as Word stores it — hidden runs and styles, text split over
//! runs, labels broken by breaks, unknown wrappers, full-width digits, padding, blanks.

use super::*;
use pretty_assertions::assert_eq;

// ---------------------------------------------------------------- hidden text

/// `w:vanish` on a run: its text is not read.
#[test]
fn hidden_run_is_skipped() {
    let r = corpus::clean_2021();
    let mut doc = r.doc();
    for (at, text) in nonzero_cells(&r) {
        doc.cell_mut(at).set_inlines(vec![
            Run {
                vanish: Some(true),
                ..Run::text("9")
            }
            .into(),
            Run::text(text).into(),
        ]);
    }
    let rep = run("vanish.docx", raw_write(&doc));
    assert_report(&rep, &r, vec![]);
}

/// Hidden through a character style (`w:rStyle` → styles.xml `w:vanish`).
#[test]
fn hidden_by_character_style_is_skipped() {
    let r = corpus::clean_2021();
    let mut doc = r.doc();
    for (at, text) in nonzero_cells(&r) {
        doc.cell_mut(at).set_inlines(vec![
            Run::text(text).into(),
            Run {
                style: Some("HiddenChar".into()),
                ..Run::text("9")
            }
            .into(),
        ]);
    }
    let pkg = Package {
        styles: Some(raw::hidden_styles()),
        ..Package::default()
    };
    let rep = run("vanish-char-style.docx", raw::write(&doc, &pkg));
    assert_report(&rep, &r, vec![]);
}

/// Hidden through a paragraph style that inherits `w:vanish` through `w:basedOn`: a
/// hidden paragraph in value cells, and a hidden fake title before the real one.
#[test]
fn hidden_by_paragraph_style_based_on_is_skipped() {
    let r = corpus::clean_2021();
    let mut doc = r.doc();
    for (at, _) in nonzero_cells(&r) {
        let cell = doc.cell_mut(at);
        cell.content
            .insert(0, Block::Para(Para::text("99").with_style("HiddenPara")));
    }
    doc.body.insert(
        0,
        Block::Para(
            Para::text("某某县交通运输局2019年政府信息公开工作年度报告").with_style("HiddenPara"),
        ),
    );
    let pkg = Package {
        styles: Some(raw::hidden_styles()),
        ..Package::default()
    };
    let rep = run("vanish-para-style.docx", raw::write(&doc, &pkg));
    assert_report(&rep, &r, vec![]);
    assert_metadata_2021(&rep);
}

/// `w:vanish w:val="0"` / `"false"` turns hiding off: on the run itself, over a hidden
/// character style, and in a paragraph style based on a hidden one.
#[test]
fn vanish_turned_off_is_read() {
    let r = corpus::clean_2021();
    let mut doc = r.doc();
    let cells = nonzero_cells(&r);
    for (i, (at, text)) in cells.into_iter().enumerate() {
        let cell = doc.cell_mut(at);
        match i % 4 {
            0 => cell.set_inlines(vec![Run { vanish: Some(false), ..Run::text(text) }.into()]),
            1 => cell.set_inlines(vec![
                Run { vanish: Some(false), style: Some("HiddenChar".into()), ..Run::text(text) }.into(),
            ]),
            2 => cell.content = vec![Block::Para(Para::text(&text).with_style("ShownPara"))],
            _ => cell.set_inlines(vec![Inline::Raw(format!(
                r#"<w:r><w:rPr><w:rStyle w:val="HiddenChar"/><w:vanish w:val="false"/></w:rPr><w:t>{text}</w:t></w:r>"#
            ))]),
        }
    }
    let pkg = Package {
        styles: Some(raw::hidden_styles()),
        ..Package::default()
    };
    let rep = run("vanish-off.docx", raw::write(&doc, &pkg));
    assert_report(&rep, &r, vec![]);
}

/// `w:pPr/w:rPr/w:vanish` hides only the paragraph mark (WPS writes it on ordinary
/// paragraphs): the runs of the paragraph are read.
#[test]
fn paragraph_mark_vanish_does_not_hide_text() {
    let r = corpus::clean_2021();
    let mut doc = r.doc();
    for (at, _) in nonzero_cells(&r) {
        for b in &mut doc.cell_mut(at).content {
            if let Block::Para(p) = b {
                p.mark_vanish = true;
            }
        }
    }
    if let Block::Para(p) = &mut doc.body[0] {
        p.mark_vanish = true;
    }
    let rep = run("mark-vanish.docx", raw_write(&doc));
    assert_report(&rep, &r, vec![]);
    assert_metadata_2021(&rep);
}

// ---------------------------------------------------------------- text

/// `w:t` with leading and trailing spaces but no `xml:space="preserve"` (as converters
/// write it): the text is kept verbatim in `raw`, the figure read.
#[test]
fn text_without_xml_space_kept_verbatim() {
    let r = corpus::clean_2021();
    let mut doc = r.doc();
    let at = r.locate("applications", "received", "natural_person");
    doc.cell_mut(at).set_inlines(vec![
        Run {
            preserve: false,
            ..Run::text("  10 ")
        }
        .into(),
    ]);
    let rep = run("no-xml-space.docx", raw_write(&doc));
    assert_report(&rep, &r, vec![]);
    assert_eq!(
        raw_out(&rep, "applications", "received", "natural_person").as_deref(),
        Some("  10 ")
    );
}

/// A number split over runs with `w:proofErr` and a bookmark between them.
#[test]
fn number_split_over_runs_with_proof_err_and_bookmarks() {
    let r = corpus::clean_2021();
    let mut doc = r.doc();
    for (i, (at, text)) in nonzero_cells(&r).into_iter().enumerate() {
        let mut inlines = vec![Inline::Raw(r#"<w:proofErr w:type="spellStart"/>"#.into())];
        for (j, ch) in text.chars().enumerate() {
            if j > 0 {
                inlines.push(Inline::Raw(format!(
                    r#"<w:bookmarkStart w:id="{i}{j}" w:name="_Hlk{i}{j}"/><w:bookmarkEnd w:id="{i}{j}"/><w:proofErr w:type="gramEnd"/>"#
                )));
            }
            inlines.push(Run::text(ch.to_string()).into());
        }
        inlines.push(Inline::Raw(r#"<w:proofErr w:type="spellEnd"/>"#.into()));
        doc.cell_mut(at).set_inlines(inlines);
    }
    let rep = run("split-runs.docx", raw_write(&doc));
    assert_report(&rep, &r, vec![]);
    assert_eq!(
        raw_out(&rep, "active_disclosure", "licensing", "decisions").as_deref(),
        Some("235")
    );
}

/// Header labels broken over lines by `w:br` and `w:cr` inside one paragraph (instead
/// of two paragraphs): 商业/企业, 科研/机构, 法律服务/机构, and table 四's lower labels.
#[test]
fn labels_broken_by_br_and_cr() {
    let r = corpus::clean_2021();
    let mut doc = r.doc();
    let broken = |a: &str, b: &str| -> Vec<Inline> {
        vec![
            Run {
                items: vec![
                    RunItem::Text(a.into()),
                    RunItem::Br,
                    RunItem::Text(b.into()),
                ],
                ..Run::text("")
            }
            .into(),
        ]
    };
    let t3 = r.locate("applications", "received", "total").table;
    let t = doc.table_mut(t3);
    t.rows[2].cells[2].set_inlines(broken("商业", "企业"));
    t.rows[2].cells[3].set_inlines(vec![Inline::Raw(
        "<w:r><w:t>科研</w:t><w:cr/><w:t>机构</w:t></w:r>".into(),
    )]);
    t.rows[2].cells[5].set_inlines(broken("法律服务", "机构"));
    let t4 = r.locate("review_litigation", "review", "total").table;
    let t = doc.table_mut(t4);
    for (i, cell) in t.rows[2].cells.iter_mut().enumerate().skip(5) {
        let label = testdocs::report::REVIEW_COLS[(i - 5) % 5].1;
        let cut = label
            .char_indices()
            .nth(2)
            .map(|(b, _)| b)
            .unwrap_or(label.len());
        if cut < label.len() {
            cell.set_inlines(broken(&label[..cut], &label[cut..]));
        }
    }
    let rep = run("br-labels.docx", raw_write(&doc));
    assert_report(&rep, &r, vec![]);
}

/// A wrapper the reader does not know (a future or vendor element) around a figure in
/// a cell: read through, so the figure is kept, and noted with the cell's location so a
/// person can check it — never silently dropped.
#[test]
fn unknown_wrapper_in_a_cell_is_read_through_and_noted() {
    let r = corpus::clean_2021();
    let mut doc = r.doc();
    let at = r.locate("applications", "received", "total");
    let figure = r.get("applications", "received", "total").to_owned();
    doc.cell_mut(at).set_inlines(vec![Inline::Raw(format!(
        "<w:vendorWrap><w:r><w:t>{figure}</w:t></w:r></w:vendorWrap>"
    ))]);
    let rep = run("unknown-wrapper.docx", raw_write(&doc));
    assert_eq!(values_out(&rep), values_of(&r), "values");
    assert_eq!(rep.anomalies, vec![]);
    let notes: Vec<_> = rep
        .notes
        .iter()
        .map(|n| {
            (
                n.code.as_str(),
                n.severity.as_str(),
                n.location.map(|l| (l.table, l.row, l.cell)),
            )
        })
        .collect();
    assert_eq!(
        notes,
        vec![("unknown_element", "info", Some((at.table, at.row, at.cell)))]
    );
    assert!(
        rep.notes[0].message.contains("w:vendorWrap"),
        "{}",
        rep.notes[0].message
    );
}

/// Full-width digits (and a full-width decimal point) read as numbers.
#[test]
fn full_width_digits() {
    let mut r = corpus::clean_2021();
    r.set("applications", "received", "natural_person", "１０");
    r.set("applications", "received", "total", "１５");
    r.set("active_disclosure", "licensing", "decisions", "２３５");
    r.set("active_disclosure", "fees", "amount", "１．５");
    let rep = run("fullwidth.docx", raw_write(&r.doc()));
    assert_report(&rep, &r, vec![]);
    assert_eq!(
        raw_out(&rep, "applications", "received", "total").as_deref(),
        Some("１５")
    );
}

/// U+3000 ideographic-space and NBSP padding around figures.
#[test]
fn ideographic_space_and_nbsp_padding() {
    let mut r = corpus::clean_2021();
    r.set(
        "applications",
        "received",
        "natural_person",
        "\u{3000}\u{3000}10",
    );
    r.set("applications", "received", "total", "15\u{3000}");
    r.set("applications", "granted", "total", "\u{a0}9\u{a0}");
    r.set("review_litigation", "review", "total", "\u{3000}2\u{a0}");
    let rep = run("u3000.docx", raw_write(&r.doc()));
    assert_report(&rep, &r, vec![]);
    assert_eq!(
        raw_out(&rep, "applications", "received", "natural_person").as_deref(),
        Some("\u{3000}\u{3000}10")
    );
}

/// Cells holding only NBSP, only U+3000 or nothing: `null` + `missing_cell` (warning),
/// raw text verbatim, located. In an all-zero report so no rule is affected.
#[test]
fn blank_cells_nbsp_only() {
    let mut r = testdocs::Report::new_2021();
    let blanks = [
        (
            "applications",
            "denied_enforcement_file",
            "other_org",
            "\u{a0}",
        ),
        (
            "applications",
            "unprocessed_excessive",
            "legal_service",
            "\u{a0}\u{a0}",
        ),
        ("applications", "received", "natural_person", "\u{3000}"),
        ("active_disclosure", "penalty", "decisions", ""),
        ("review_litigation", "litigation_direct", "pending", " "),
    ];
    let mut want = vec![blanks_note()];
    for (t, row, col, raw_text) in blanks {
        r.set(t, row, col, raw_text);
        want.push(cell_anomaly(
            "missing_cell",
            "warning",
            &format!("{t}.{row}.{col}"),
            raw_text,
            r.locate(t, row, col),
        ));
    }
    let rep = run("blanks.docx", raw_write(&r.doc()));
    assert_report(&rep, &r, want);
    assert_metadata_2021(&rep);
}
