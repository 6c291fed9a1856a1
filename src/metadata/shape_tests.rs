//! metadata, the shapes of issue 11 and 15: the lines of layout tables nested at any
//! depth, the agency of an opening `本报告由…根据…` sentence, the signature preferred to
//! another body's core.xml title.

use super::tests::{doc, meta};
use super::*;
use crate::model::{Block, Document};
use crate::recognize::testdoc::make_table;
use pretty_assertions::assert_eq;

/// Issue 15: the title and closing lines at the bottom of 10,000 nested one-cell tables
/// (far deeper than the reader lets a file go) are found, in one linear walk — no
/// recursion to overflow, no table read twice.
#[test]
fn lines_through_any_depth_of_layout_tables() {
    let depth = 10_000;
    let mut d = Document::default();
    d.blocks.push(Block::Table(0));
    for i in 0..depth {
        let parent = (i > 0).then(|| crate::model::CellRef {
            table: i - 1,
            row: 0,
            cell: 0,
        });
        let text = if i + 1 == depth {
            "云河市清源区林业局\n2021年政府信息公开工作年度报告\n正文。\n2022年1月15日"
        } else {
            ""
        };
        let mut t = make_table(i, &vec![vec![text.to_owned()]], parent);
        if i + 1 < depth {
            t.rows[0].cells[0].nested.push(i + 1);
        }
        d.tables.push(t);
    }
    let started = std::time::Instant::now();
    assert_eq!(
        metadata(&d, None),
        meta("云河市清源区林业局", 2021, "2022-01-15")
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(2));
    // a cell naming a table twice (never from the reader) still reads it once
    d.tables[0].rows[0].cells[0].nested.push(1);
    let n = lines(&d).iter().filter(|l| l.contains("林业局")).count();
    assert_eq!(n, 1);
}

/// The agency of an opening `本报告由…根据…` sentence, when the text has neither a
/// title's agency nor a signature; never before either of them.
#[test]
fn agency_from_the_opening_sentence() {
    let cases: &[(&[&str], Option<&str>)] = &[
        (
            &[
                "2021年政府信息公开工作年度报告",
                "本报告由云河市清源区林业局根据《中华人民共和国政府信息公开条例》要求编制。",
                "2022年1月15日",
            ],
            Some("云河市清源区林业局"),
        ),
        (
            &[
                "2021年政府信息公开工作年度报告",
                "本年度报告由云河市清源区水务局负责编制，所列数据的统计期限为2021年1月1日至2021年12月31日。",
            ],
            Some("云河市清源区水务局"),
        ),
        // the signature is preferred to the body that compiled the report
        (
            &[
                "2021年政府信息公开工作年度报告",
                "本报告由云河市清源区科学技术局办公室根据《条例》编制。",
                "云河市清源区科学技术局",
                "2022年1月12日",
            ],
            Some("云河市清源区科学技术局"),
        ),
        // so is the title's agency (洪泽区 2023: the government, not its office)
        (
            &[
                "淮安市洪泽区人民政府",
                "2023年政府信息公开工作年度报告",
                "本报告由淮安市洪泽区人民政府办公室根据《条例》要求编制此报告。",
            ],
            Some("淮安市洪泽区人民政府"),
        ),
        // a sentence whose subject is no organisation's name gives none
        (
            &[
                "2021年政府信息公开工作年度报告",
                "本报告由我局根据《条例》要求编制。",
            ],
            None,
        ),
    ];
    for (lines, want) in cases {
        assert_eq!(
            metadata(&doc(lines), None).agency.as_deref(),
            *want,
            "{lines:?}"
        );
    }
}

/// When the title lacks the agency, the signature is preferred to docProps/core.xml's
/// title of another body (a report started from someone else's file); a core title
/// that contains the signature's name still completes it.
#[test]
fn signature_preferred_to_another_bodys_core_title() {
    let core = |t: &str| {
        format!(
            r#"<?xml version="1.0"?><cp:coreProperties xmlns:cp="x" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{t}</dc:title></cp:coreProperties>"#
        )
    };
    let d = doc(&[
        "2021年政府信息公开工作年度报告",
        "正文。",
        "云河市清源区科学技术局",
        "2022年1月12日",
    ]);
    let other = core("静乐县人民政府办公室2020年政府信息公开工作年度报告");
    assert_eq!(
        metadata(&d, Some(other.as_bytes())),
        meta("云河市清源区科学技术局", 2021, "2022-01-12")
    );
    let d = doc(&[
        "2021年政府信息公开工作年度报告",
        "正文。",
        "清源区科学技术局",
        "2022年1月12日",
    ]);
    let fuller = core("云河市清源区科学技术局2021年政府信息公开工作年度报告");
    assert_eq!(
        metadata(&d, Some(fuller.as_bytes())),
        meta("云河市清源区科学技术局", 2021, "2022-01-12")
    );
}
