//! Table 三 (applications) mapped to its canonical keys: the column map from the header
//! rows, each row's label (across label cells, in its group, a numbered variant close to
//! the template's) to its row key, and its seven applicant columns.

use crate::report::{Anomaly, AnomalyCode, Severity};
use crate::text::{is_blank, trim_cell};

use super::grid::{GCell, GRow};
use super::labels::{self, AppLabel, Group};
use super::template::APPLICANT_COLS;
use super::{ColMap, FoundRow, State, header_label, is_app_header_row, loc};

/// The five kinds of 法人或其他组织, in the template's column order.
const ORG_COLS: [&str; 5] = [
    "commercial",
    "research",
    "social_welfare",
    "legal_service",
    "other_org",
];

impl<'a> State<'a> {
    /// Table 三 (one part).
    pub(super) fn applications(&mut self, rows: &[GRow<'a>]) {
        let mut i = 0;
        let mut header: Vec<&GRow> = Vec::new();
        while i < rows.len() && (rows[i].is_caption() || is_app_header_row(&rows[i])) {
            if !rows[i].is_caption() {
                header.push(&rows[i]);
            }
            i += 1;
        }
        if let Some(&last) = header.last() {
            let mut map: ColMap = Vec::new();
            let mut unmapped = Vec::new();
            for c in &last.cells {
                let label = header_label(&header, c.col);
                if labels::has(label, "勾稽") {
                    continue;
                }
                match labels::app_col(label) {
                    Some(k) if !map.iter().any(|(_, m)| *m == k) => map.push((c.col, k)),
                    Some(_) => {}
                    // 法人或其他组织 over five columns with its sub-header row lost: the
                    // five kinds, in the template's order.
                    None if labels::has(label, "法人") && c.span == ORG_COLS.len() => {
                        map.extend(ORG_COLS.iter().enumerate().map(|(j, k)| (c.col + j, *k)))
                    }
                    None if !label.is_empty() => unmapped.push(c.clone()),
                    None => {}
                }
            }
            if let Some(first) = map.iter().map(|(g, _)| *g).min() {
                for c in unmapped.iter().filter(|c| c.col > first) {
                    self.unrecognized_column("applications", c);
                }
                self.app_cols = Some(map);
            }
        }
        for row in &rows[i..] {
            if row.is_caption() {
                continue;
            }
            self.application_row(row);
        }
    }

    fn application_row(&mut self, row: &GRow<'a>) {
        // Label cells are left of the first value column; value cells are found by
        // the header's grid columns, or (no header seen) are the last seven cells.
        let (label_cells, values): (Vec<&GCell>, Vec<(&'static str, Option<&GCell>)>) =
            match &self.app_cols {
                // A row whose cells do not line up with the header's grid (a part
                // after a page break with its own column widths) falls back to the
                // last seven cells. A row with a cell starting at each mapped column
                // lines up, whatever it has besides (an empty column on the right).
                Some(map)
                    if map
                        .iter()
                        .all(|(g, _)| row.cells.iter().any(|c| c.col == *g))
                        || row.cells.len() <= APPLICANT_COLS.len()
                        || map.len() != APPLICANT_COLS.len()
                        || row
                            .cells
                            .iter()
                            .filter(|c| c.col >= map.iter().map(|(g, _)| *g).min().unwrap_or(0))
                            .count()
                            == map.len() =>
                {
                    let start = map.iter().map(|(g, _)| *g).min().unwrap_or(0);
                    let labels = row.cells.iter().filter(|c| c.col < start).collect();
                    let values = APPLICANT_COLS
                        .iter()
                        .map(|k| {
                            let cell = map
                                .iter()
                                .find(|(_, m)| m == k)
                                .and_then(|(g, _)| row.at(*g))
                                .filter(|c| c.col >= start);
                            (*k, cell)
                        })
                        .collect();
                    (labels, values)
                }
                _ => {
                    let n = row.cells.len().saturating_sub(APPLICANT_COLS.len());
                    let labels = row.cells[..n].iter().collect();
                    let values = APPLICANT_COLS
                        .iter()
                        .enumerate()
                        .map(|(j, k)| (*k, row.cells.get(n + j)))
                        .collect();
                    (labels, values)
                }
            };
        let blank_values = values
            .iter()
            .all(|(_, c)| c.is_none_or(|c| is_blank(c.text)));
        for c in &label_cells {
            if let Some(g) = labels::app_group(c.label()) {
                self.app_group = Some(g);
            }
        }
        let leaf = label_cells
            .iter()
            .rev()
            .find(|c| !c.own.is_empty())
            .copied();
        let Some(leaf) = leaf else {
            if !blank_values && let Some(first) = row.cells.first() {
                self.unrecognized_row("applications", first);
            }
            return;
        };
        // A label typed across two label cells (`一、本年新收政府信息` | `公开申请数量`):
        // when the last one alone names nothing, the row's label cells read together.
        let mut named = labels::app_label(&leaf.own, self.app_group);
        if named.is_none() {
            let joined: String = label_cells
                .iter()
                .filter(|c| !c.vcont)
                .map(|c| &*c.own)
                .collect();
            named = labels::app_label(&joined, self.app_group);
        }
        // A numbered item whose words name no row, printed close to the template's label
        // of its number in its group (`2.其他法律行政止公开`): that row, reported.
        let mut variant = None;
        if named.is_none()
            && let Some(g) = self.app_group
            && let Some(n) = crate::text::leading_number(leaf.text)
            && let Some(k) = labels::close_item(&leaf.own, g, n)
        {
            named = Some(AppLabel::Sub(k));
            variant = Some(k);
        }
        let key = match named {
            Some(AppLabel::Top(k)) => {
                self.app_group = None;
                Some(k)
            }
            Some(AppLabel::Sub(k)) => {
                if k.starts_with("other_") {
                    self.app_votes.0 += 1;
                }
                Some(k)
            }
            // 2019: （六）其他处理 is one row with its own figures.
            Some(AppLabel::Group(Group::Other)) => Some("other"),
            Some(AppLabel::Group(_)) | None => None,
        };
        let Some(key) = key else {
            let heading =
                labels::app_group(&leaf.own).is_some() || labels::has(&leaf.own, "办理结果");
            if !(heading && blank_values) {
                self.unrecognized_row("applications", leaf);
            }
            return;
        };
        if let Some(k) = variant {
            self.anomalies.push(Anomaly {
                raw: Some(leaf.text.to_owned()),
                location: Some(loc(leaf)),
                ..Anomaly::new(
                    AnomalyCode::LabelVariant,
                    Severity::Info,
                    format!(
                        "行「{}」不是模板的文字，按其编号和相近的文字读作「{}」",
                        trim_cell(leaf.text),
                        labels::item_label(k).unwrap_or(k)
                    ),
                )
                .at("applications", Some(k), None)
            });
        }
        let cells = values
            .into_iter()
            .filter_map(|(k, c)| c.map(|c| (Some(k), c.text, loc(c))))
            .collect();
        self.record("applications", key, FoundRow { cells }, leaf);
    }
}
