//! Table 二 (active_disclosure) mapped to its canonical keys: one table or one per
//! block, each block's header row giving its columns (or, when a header cell names none,
//! the template's column at its place), each labelled row its row key.

use crate::report::{Anomaly, AnomalyCode, Severity, Template};
use crate::text::{is_blank, trim_cell};

use super::grid::{GCell, GRow};
use super::labels;
use super::template;
use super::{ColMap, FoundRow, State, loc};

/// Columns of a table 二 row whose header cells name none (`本年新` | `本年新` |
/// `对外公开总数量`, the second line of two cells lost): the template's columns for
/// `row`, in grid order, when exactly one template's column list lines up with the
/// block — as many columns as the block has, and every named header at its own place.
/// Returns (grid column, canonical column) for the unnamed ones.
fn by_position(row: &str, named: &ColMap, unnamed: &[usize]) -> Vec<(usize, &'static str)> {
    if unnamed.is_empty() {
        return Vec::new();
    }
    let mut all: Vec<(usize, Option<&'static str>)> = named
        .iter()
        .map(|(g, k)| (*g, Some(*k)))
        .chain(unnamed.iter().map(|g| (*g, None)))
        .collect();
    all.sort_by_key(|(g, _)| *g);
    let fits: Vec<&'static [&'static str]> = [Template::T2021, Template::T2019]
        .into_iter()
        .filter_map(|t| {
            template::rows(t, "active_disclosure")
                .into_iter()
                .find(|(r, _)| *r == row)
                .map(|(_, cols)| cols)
        })
        .filter(|cols| {
            cols.len() == all.len()
                && all
                    .iter()
                    .zip(cols.iter())
                    .all(|((_, k), c)| k.is_none_or(|k| k == *c))
        })
        .collect();
    match fits.as_slice() {
        [cols] => all
            .iter()
            .zip(cols.iter())
            .filter(|((_, k), _)| k.is_none())
            .map(|((g, _), c)| (*g, *c))
            .collect(),
        _ => Vec::new(),
    }
}

impl<'a> State<'a> {
    /// Table 二 (one table, or one block of it).
    pub(super) fn active(&mut self, rows: &[GRow<'a>]) {
        let mut map: Option<ColMap> = None;
        // Header cells of the current block that name no column, and the column each
        // was read as by position (see [`by_position`]), reported when the block ends.
        let mut unknown: Vec<(GCell, Option<&'static str>)> = Vec::new();
        for row in rows {
            if row.is_caption() {
                continue;
            }
            let first = row.cells.iter().find(|c| !c.own.is_empty());
            if first.is_some_and(|c| labels::is_active_section(&c.own)) {
                continue;
            }
            let header: Vec<(usize, Option<&'static str>, &GCell)> = row
                .cells
                .iter()
                .map(|c| (c.col, labels::active_col(&c.own), c))
                .collect();
            if header.iter().any(|(_, k, _)| k.is_some())
                || row.cells.iter().any(|c| labels::has(&c.own, "信息内容"))
            {
                self.flush_unknown(&mut unknown);
                let mut m: ColMap = Vec::new();
                for (g, k, c) in &header {
                    match k {
                        Some(k) => {
                            match *k {
                                "issued" | "repealed" | "in_force" | "amount" => {
                                    self.active_votes.0 += 1
                                }
                                "decisions" => {}
                                _ => self.active_votes.1 += 1,
                            }
                            m.push((*g, k));
                        }
                        None if !c.own.is_empty() && !labels::has(&c.own, "信息内容") => {
                            unknown.push(((*c).clone(), None))
                        }
                        None => {}
                    }
                }
                map = Some(m);
                continue;
            }
            let start = map
                .as_ref()
                .and_then(|m| {
                    m.iter()
                        .map(|(g, _)| *g)
                        .chain(unknown.iter().map(|(c, _)| c.col))
                        .min()
                })
                .unwrap_or_else(|| {
                    row.cells
                        .first()
                        .map_or(0, |c| c.col.saturating_add(c.span))
                });
            let label_cells: Vec<&GCell> = row.cells.iter().filter(|c| c.col < start).collect();
            let Some(label) = label_cells.iter().find(|c| !c.own.is_empty()).copied() else {
                let vals = row.cells.iter().filter(|c| c.col >= start);
                if let Some(c) = vals.clone().find(|c| !is_blank(c.text)) {
                    self.unrecognized_row("active_disclosure", c);
                }
                continue;
            };
            let key_text: String = label_cells.iter().map(|c| &*c.own).collect();
            let Some(key) = labels::active_row(&key_text) else {
                self.unrecognized_row("active_disclosure", label);
                continue;
            };
            if matches!(key, "other_services" | "procurement") {
                self.active_votes.1 += 1;
            }
            let cells = match &map {
                Some(m) if !m.is_empty() || !unknown.is_empty() => {
                    let mut cells: Vec<_> = m
                        .iter()
                        .filter_map(|(g, k)| {
                            row.at(*g)
                                .filter(|c| c.col >= start)
                                .map(|c| (Some(*k), c.text, loc(c)))
                        })
                        .collect();
                    let unknown_cols: Vec<usize> = unknown.iter().map(|(c, _)| c.col).collect();
                    for (g, col) in by_position(key, m, &unknown_cols) {
                        if let Some(c) = row.at(g).filter(|c| c.col >= start) {
                            cells.push((Some(col), c.text, loc(c)));
                        }
                        if let Some(u) = unknown.iter_mut().find(|(c, _)| c.col == g) {
                            u.1.get_or_insert(col);
                        }
                    }
                    cells
                }
                _ => row
                    .cells
                    .iter()
                    .filter(|c| c.col >= start)
                    .map(|c| (None, c.text, loc(c)))
                    .collect(),
            };
            self.record("active_disclosure", key, FoundRow { cells }, label);
        }
        self.flush_unknown(&mut unknown);
    }

    /// Reports the header cells of a table 二 block that name no column: read by
    /// position, or not read.
    fn flush_unknown(&mut self, unknown: &mut Vec<(GCell, Option<&'static str>)>) {
        for (c, col) in unknown.drain(..) {
            match col {
                Some(col) => self.anomalies.push(Anomaly {
                    raw: Some(c.text.to_owned()),
                    location: Some(loc(&c)),
                    ..Anomaly::new(
                        AnomalyCode::UnrecognizedColumn,
                        Severity::Info,
                        format!(
                            "列「{}」不是模板的列名，按它在本块的位置读作 {col}",
                            trim_cell(c.text)
                        ),
                    )
                    .at("active_disclosure", None, None)
                }),
                None => self.unrecognized_column("active_disclosure", &c),
            }
        }
    }
}
