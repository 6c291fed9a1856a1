//! Table 四 (review_litigation) mapped to its canonical keys, in the template's layout
//! (two header levels over one row of fifteen figures) or transposed (one labelled row
//! per 行政复议 / 未经复议直接起诉 / 复议后起诉).

use crate::report::Location;
use crate::text::is_blank;

use super::grid::{GCell, GRow};
use super::labels;
use super::template::{self, REVIEW_COLS};
use super::{FoundRow, State, data_like, header_label, loc};

impl<'a> State<'a> {
    /// Table 四: header rows (two levels, 行政复议 / 行政诉讼 × 结果维持 … 总计) over one
    /// data row; or transposed, one labelled data row per 行政复议 / 未经复议直接起诉 /
    /// 复议后起诉 under a header of 结果维持 … 总计.
    pub(super) fn review(&mut self, rows: &[GRow<'a>]) {
        let body: Vec<&GRow> = rows.iter().filter(|r| !r.is_caption()).collect();
        let split = body
            .iter()
            .position(|r| data_like(r) || !r.says_any(&labels::REVIEW_HEADER))
            .unwrap_or(body.len());
        let header = &body[..split];
        let data = &body[split..];
        // columns from the lowest header label over each grid column
        let mut cols: Vec<(&'static str, usize, &GCell)> = Vec::new();
        let mut unmapped: Vec<&GCell> = Vec::new();
        if let Some(last) = header.last() {
            for c in &last.cells {
                let leaf = header_label(header, c.col);
                match labels::review_col(leaf) {
                    Some(k) if !cols.iter().any(|(m, _, _)| *m == k) => cols.push((k, c.col, c)),
                    Some(_) => {}
                    None if !leaf.is_empty() => unmapped.push(c),
                    None => {}
                }
            }
        }
        let start = cols.iter().map(|(_, g, _)| *g).min().unwrap_or(0);
        let labelled: Vec<(&GRow, &'static str, &GCell)> = data
            .iter()
            .filter_map(|r| {
                let labels: Vec<&GCell> = r.cells.iter().filter(|c| c.col < start).collect();
                let path: String = labels
                    .iter()
                    .map(|c| c.label())
                    .collect::<Vec<_>>()
                    .join("|");
                let anchor = labels.iter().rev().find(|c| !c.label().is_empty())?;
                labels::review_row(&path).map(|k| (*r, k, *anchor))
            })
            .collect();
        if !labelled.is_empty() {
            // transposed: one labelled row per 行政复议 / 未经复议直接起诉 / 复议后起诉
            for c in unmapped.into_iter().filter(|c| c.col > start) {
                self.unrecognized_column("review_litigation", c);
            }
            for (row, key, anchor) in labelled {
                let cells = cols
                    .iter()
                    .filter_map(|(k, g, _)| {
                        row.at(*g)
                            .filter(|c| c.col >= start)
                            .map(|c| (Some(*k), c.text, loc(c)))
                    })
                    .collect();
                self.record("review_litigation", key, FoundRow { cells }, anchor);
            }
            return;
        }
        // (row, col) → grid column
        let mut map: Vec<(&'static str, &'static str, usize)> = Vec::new();
        if let Some(last) = header.last() {
            for c in &last.cells {
                let path: String = header
                    .iter()
                    .filter_map(|h| h.at(c.col))
                    .map(|h| h.label())
                    .collect::<Vec<_>>()
                    .join("|");
                let leaf = header_label(header, c.col);
                match (labels::review_row(&path), labels::review_col(leaf)) {
                    (Some(r), Some(k)) if !map.iter().any(|(mr, mk, _)| (*mr, *mk) == (r, k)) => {
                        map.push((r, k, c.col))
                    }
                    (Some(_), Some(_)) => {}
                    _ if !leaf.is_empty() => self.unrecognized_column("review_litigation", c),
                    _ => {}
                }
            }
        }
        let Some(first) = data.first() else { return };
        for extra in &data[1..] {
            if let Some(c) = extra.cells.iter().find(|c| !is_blank(c.text)) {
                self.unrecognized_row("review_litigation", c);
            }
        }
        let Some(anchor) = first.cells.first() else {
            return;
        };
        for (j, r) in template::REVIEW_ROWS.iter().enumerate() {
            let cells: Vec<(Option<&'static str>, &str, Location)> = if map.is_empty() {
                // no header recognized: the fifteen cells in template order
                REVIEW_COLS
                    .iter()
                    .enumerate()
                    .filter_map(|(i, k)| {
                        first
                            .cells
                            .get(j * REVIEW_COLS.len() + i)
                            .map(|c| (Some(*k), c.text, loc(c)))
                    })
                    .collect()
            } else {
                map.iter()
                    .filter(|(mr, _, _)| mr == r)
                    .filter_map(|(_, k, g)| first.at(*g).map(|c| (Some(*k), c.text, loc(c))))
                    .collect()
            };
            if !cells.is_empty() {
                self.record("review_litigation", r, FoundRow { cells }, anchor);
            }
        }
    }
}
