//! The printing on built documents: padding made visible, a hostile grid listed rather
//! than drawn, a grid's indexes and merge marks.

use super::*;
use crate::model::{Cell, Merge, Row, Table};

#[test]
fn padding_is_visible() {
    assert_eq!(visible("\u{a0}0 \u{3000}\u{200b}"), "·0␣□⟨U+200B⟩");
}

#[test]
fn hostile_widths_are_listed_not_drawn() {
    // 2,000 cells of gridSpan 4096 each: 8,192,000 grid columns.
    let cells: Vec<Cell> = (0..2000)
        .map(|i| Cell {
            index: i,
            col: i * 4096,
            span: 4096,
            text: "x".into(),
            ..Cell::default()
        })
        .collect();
    let doc = Document {
        tables: vec![Table {
            rows: vec![Row {
                cells,
                ..Row::default()
            }],
            ..Table::default()
        }],
        ..Document::default()
    };
    let text = render(&doc);
    assert!(text.contains("8192000 grid columns"), "{}", &text[..400]);
    assert!(text.contains("too wide to draw"));
    assert!(text.contains("g4096 1:×4096 x"));
    assert!(
        text.len() < 100_000,
        "output bounded by the cells, not the grid"
    );
}

#[test]
fn grid_shows_indexes_and_merges() {
    let cell = |index, col, span, vmerge, text: &str| Cell {
        index,
        col,
        span,
        vmerge,
        text: text.to_owned(),
        ..Cell::default()
    };
    let doc = Document {
        tables: vec![Table {
            rows: vec![
                Row {
                    index: 0,
                    cells: vec![
                        cell(0, 0, 1, Merge::Restart, "信息内容"),
                        cell(1, 1, 2, Merge::None, "本年制发件数"),
                    ],
                    ..Row::default()
                },
                Row {
                    index: 1,
                    grid_before: 1,
                    cells: vec![
                        cell(0, 1, 1, Merge::None, "\u{a0}0"),
                        cell(1, 2, 1, Merge::None, ""),
                    ],
                    ..Row::default()
                },
            ],
            ..Table::default()
        }],
        ..Document::default()
    };
    let text = render(&doc);
    assert!(text.contains("table 1 — 2 rows, 3 grid columns"), "{text}");
    assert!(text.contains("0:▼ 信息内容"), "{text}");
    assert!(text.contains("1:×2 本年制发件数"), "{text}");
    assert!(text.contains("0:·0"), "{text}");
    assert!(text.contains("1:∅"), "{text}");
    assert!(text.contains("gridBefore 1"), "{text}");
}
