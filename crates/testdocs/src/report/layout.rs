//! Laying a [`Report`] out into a [`Doc`]: the paragraphs around the tables, table 二 in
//! one table or one per block, table 三 with its merged label columns (caption, split,
//! continuation), table 四, the optional layout table — and where each value cell lands
//! (the [`Loc`] that [`Report::locate`] returns). The cell layouts are drawn in the
//! parent module's doc.

use std::collections::BTreeMap;

use super::{APPLICANT_COLS, AppRow, Key, REVIEW_COLS, REVIEW_ROWS, Report, active_blocks};
use crate::model::*;

impl Report {
    fn label(&self, s: &str) -> String {
        self.relabel.get(s).cloned().unwrap_or_else(|| s.to_owned())
    }

    fn value_cell(&self, k: &Key) -> Cell {
        Cell::text(self.values.get(k).map(String::as_str).unwrap_or("0"))
    }

    fn cont(&self, span: usize) -> Cell {
        let m = if self.layout.bare_vmerge {
            VMerge::Bare
        } else {
            VMerge::Continue
        };
        Cell::cont(span).vmerge(m)
    }

    pub(super) fn build(&self) -> (Doc, BTreeMap<Key, Loc>) {
        let mut locs = BTreeMap::new();
        let mut body: Vec<Block> = Vec::new();
        let mut ordinal = usize::from(self.layout.layout_table);
        let para = |s: &String| Block::Para(Para::text(s));

        body.extend(self.title.iter().map(para));
        body.extend(self.intro.iter().map(para));

        body.push(para(&self.headings[0]));
        let active = self.active_tables(&mut ordinal, &mut locs);
        let n = active.len();
        for (i, t) in active.into_iter().enumerate() {
            body.push(Block::Table(t));
            if i + 1 < n {
                body.push(Block::Para(Para::default()));
            }
        }

        body.push(para(&self.headings[1]));
        for (i, t) in self
            .applications_tables(&mut ordinal, &mut locs)
            .into_iter()
            .enumerate()
        {
            if i > 0 {
                body.push(Block::Para(Para::page_break()));
            }
            body.push(Block::Table(t));
        }

        body.push(para(&self.headings[2]));
        body.push(Block::Table(self.review_table(&mut ordinal, &mut locs)));

        body.extend(self.outro.iter().map(para));
        body.push(Block::Para(Para::default()));
        body.extend(self.closing.iter().map(para));

        if self.layout.layout_table {
            let mut cell = Cell::text("");
            cell.content = body;
            let outer = Table {
                grid: vec![9000],
                rows: vec![Row {
                    cells: vec![cell],
                    ..Row::default()
                }],
            };
            body = vec![Block::Table(outer)];
        }
        (Doc { body }, locs)
    }

    fn active_tables(&self, ordinal: &mut usize, locs: &mut BTreeMap<Key, Loc>) -> Vec<Table> {
        let mut tables = Vec::new();
        let mut cur: Option<Table> = None;
        for b in active_blocks(self.template) {
            if self.layout.active_split || cur.is_none() {
                if let Some(t) = cur.take() {
                    tables.push(t);
                }
                *ordinal += 1;
                cur = Some(Table {
                    grid: vec![2400; 4],
                    rows: Vec::new(),
                });
            }
            let t = cur.as_mut().expect("table started");
            let spans: &[usize] = match b.cols.len() {
                1 => &[3],
                2 => &[1, 2],
                _ => &[1, 1, 1],
            };
            t.rows.push(Row {
                cells: vec![Cell::text(&self.label(b.header)).span(4)],
                ..Row::default()
            });
            let mut head = vec![Cell::text(&self.label("信息内容"))];
            for ((_, label), span) in b.cols.iter().zip(spans) {
                head.push(Cell::text(&self.label(label)).span(*span));
            }
            t.rows.push(Row {
                cells: head,
                ..Row::default()
            });
            for (row, label) in b.rows {
                let mut cells = vec![Cell::text(&self.label(label))];
                for (i, ((col, _), span)) in b.cols.iter().zip(spans).enumerate() {
                    let k = Key {
                        table: "active_disclosure",
                        row,
                        col,
                    };
                    locs.insert(
                        k.clone(),
                        Loc {
                            table: *ordinal,
                            row: t.rows.len(),
                            cell: i + 1,
                        },
                    );
                    cells.push(self.value_cell(&k).span(*span));
                }
                t.rows.push(Row {
                    cells,
                    ..Row::default()
                });
            }
        }
        tables.extend(cur);
        tables
    }

    fn applications_tables(
        &self,
        ordinal: &mut usize,
        locs: &mut BTreeMap<Key, Loc>,
    ) -> Vec<Table> {
        let grid = vec![750, 920, 3270, 690, 690, 690, 690, 690, 690, 690];
        let mut rows = Vec::new();
        if let Some(c) = &self.layout.caption {
            rows.push(Row {
                cells: vec![Cell::text(c).span(10)],
                ..Row::default()
            });
        }
        let col_label = |i: usize| self.label(APPLICANT_COLS[i].1);
        rows.push(Row {
            cells: vec![
                Cell::text(
                    &self.label(
                        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
                    ),
                )
                .span(3)
                .vmerge(VMerge::Restart),
                Cell::text(&self.label("申请人情况")).span(7),
            ],
            ..Row::default()
        });
        rows.push(Row {
            cells: vec![
                self.cont(3),
                Cell::text(&col_label(0)).vmerge(VMerge::Restart),
                Cell::text(&self.label("法人或其他组织")).span(5),
                Cell::text(&col_label(6)).vmerge(VMerge::Restart),
            ],
            ..Row::default()
        });
        let mut third = vec![self.cont(3), self.cont(1)];
        third.extend((1..6).map(|i| Cell::text(&col_label(i))));
        third.push(self.cont(1));
        rows.push(Row {
            cells: third,
            ..Row::default()
        });

        let mut split_at = None;
        let mut prev: Option<AppRow> = None;
        for r in self.application_rows() {
            if self.layout.split_applications_before.as_deref() == Some(r.key) {
                split_at = Some(rows.len());
            }
            let mut cells = Vec::new();
            match (r.group, r.sub) {
                (None, _) => cells.push(Cell::text(&self.label(r.label)).span(3)),
                (Some(g), sub) => {
                    if prev.and_then(|p| p.group) == Some(g) {
                        cells.push(self.cont(1));
                    } else {
                        cells.push(Cell::text(&self.label(g)).vmerge(VMerge::Restart));
                    }
                    match sub {
                        None => cells.push(Cell::text(&self.label(r.label)).span(2)),
                        Some(s) => {
                            if prev.and_then(|p| p.sub) == Some(s) {
                                cells.push(self.cont(1));
                            } else {
                                cells.push(Cell::text(&self.label(s)).vmerge(VMerge::Restart));
                            }
                            cells.push(Cell::text(&self.label(r.label)));
                        }
                    }
                }
            }
            for (col, _) in APPLICANT_COLS {
                let k = Key {
                    table: "applications",
                    row: r.key,
                    col,
                };
                locs.insert(
                    k.clone(),
                    Loc {
                        table: 0,
                        row: rows.len(),
                        cell: cells.len(),
                    },
                );
                cells.push(self.value_cell(&k));
            }
            rows.push(Row {
                cells,
                ..Row::default()
            });
            prev = Some(r);
        }

        *ordinal += 1;
        let first = *ordinal;
        let mut tables = vec![Table {
            grid: grid.clone(),
            rows,
        }];
        if let Some(at) = split_at {
            let mut second = tables[0].rows.split_off(at);
            let cont = &self.layout.continuation;
            if cont.empty_labels {
                // every label-column continue of the part: an empty cell of its own
                for row in &mut second {
                    for c in &mut row.cells {
                        if c.vmerge.is_some_and(|m| m != VMerge::Restart) {
                            c.vmerge = None;
                        }
                    }
                }
            } else if cont.repeat_header {
                // under a repeated header a continue would merge with the header's
                // cell above it: the part's first row starts its merges afresh
                for c in &mut second[0].cells {
                    if c.vmerge == Some(VMerge::Continue) {
                        c.vmerge = Some(VMerge::Restart);
                    }
                }
            } else {
                for c in &mut second[0].cells {
                    if c.vmerge == Some(VMerge::Continue) {
                        c.vmerge = Some(VMerge::Bare);
                    }
                }
            }
            let header_rows = if cont.repeat_header {
                let first_header = usize::from(self.layout.caption.is_some());
                let header: Vec<Row> = tables[0].rows[first_header..first_header + 3].to_vec();
                let n = header.len();
                second.splice(0..0, header);
                n
            } else {
                0
            };
            *ordinal += 1;
            let second_ord = *ordinal;
            for loc in locs.values_mut().filter(|l| l.table == 0) {
                if loc.row >= at {
                    *loc = Loc {
                        table: second_ord,
                        row: loc.row - at + header_rows,
                        cell: loc.cell,
                    };
                }
            }
            tables.push(Table { grid, rows: second });
        }
        for loc in locs.values_mut().filter(|l| l.table == 0) {
            loc.table = first;
        }
        tables
    }

    fn review_table(&self, ordinal: &mut usize, locs: &mut BTreeMap<Key, Loc>) -> Table {
        *ordinal += 1;
        let mut rows = vec![Row {
            cells: vec![
                Cell::text(&self.label("行政复议")).span(5),
                Cell::text(&self.label("行政诉讼")).span(10),
            ],
            ..Row::default()
        }];
        let mut second: Vec<Cell> = REVIEW_COLS
            .iter()
            .map(|(_, l)| Cell::text(&self.label(l)).vmerge(VMerge::Restart))
            .collect();
        second.push(Cell::text(&self.label("未经复议直接起诉")).span(5));
        second.push(Cell::text(&self.label("复议后起诉")).span(5));
        rows.push(Row {
            cells: second,
            ..Row::default()
        });
        let mut third: Vec<Cell> = (0..5).map(|_| self.cont(1)).collect();
        for _ in 0..2 {
            third.extend(REVIEW_COLS.iter().map(|(_, l)| Cell::text(&self.label(l))));
        }
        rows.push(Row {
            cells: third,
            ..Row::default()
        });
        let mut values = Vec::new();
        for row in REVIEW_ROWS {
            for (col, _) in REVIEW_COLS {
                let k = Key {
                    table: "review_litigation",
                    row,
                    col,
                };
                locs.insert(
                    k.clone(),
                    Loc {
                        table: *ordinal,
                        row: 3,
                        cell: values.len(),
                    },
                );
                values.push(self.value_cell(&k));
            }
        }
        rows.push(Row {
            cells: values,
            ..Row::default()
        });
        Table {
            grid: vec![600; 15],
            rows,
        }
    }
}
