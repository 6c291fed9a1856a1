//! recognize: find the template's tables by their labels and map every row and column
//! to its canonical key (SPEC §2).
//!
//! Tables are found by what they say, never by position:
//!
//! * every `w:tbl` of the document is considered, nested ones included; a layout table
//!   (one whose cells hold other tables, as when the whole report sits in a one-cell
//!   table) is skipped itself and its nested tables are read;
//! * each table is classified by its labels ([`labels::classify`]): table 二 may come as
//!   one table or as one table per block (four in 2021, five in 2019); table 三 may be
//!   split by a page break — a part without header rows that continues table 三's rows
//!   is joined to the part before, reusing its column map and its open vertical merges;
//!   a table holding table 三's rows and then table 四 (a writer joined the continuation
//!   with the table below it) is read as two parts, cut where table 四's header starts
//!   (`review_start`);
//! * caption rows (`表三：…`) are skipped; header rows give the column map (table 三:
//!   自然人 … 总计; table 四: two header levels, 行政复议 / 行政诉讼 × 结果维持 … 总计);
//! * row labels are matched on their comparison form ([`crate::text::label_key`]) in
//!   the context of their group (（三）…（六）), see [`labels`];
//! * value cells are found under their header's grid column; a table 三 row whose cells
//!   do not line up with that grid (a part with other column widths) or a part with no
//!   header at all reads its last seven cells; table 四 is read in the template's layout
//!   (header rows over one row of fifteen figures) or transposed (one labelled row per
//!   行政复议 / 未经复议直接起诉 / 复议后起诉).
//!
//! The template is decided from the labels: 本年制发件数 or the three （六） sub-rows →
//! `"2021"`; 本年新制作数量 (and the other 2019 columns and rows) or a single
//! （六）其他处理 row → `"2019"`; when only table 四 is found (the same in both), `"2021"`.
//! Tables 二 and 三 are weighed apart: the report's template is table 三's (its （六）
//! rows are what the 勾稽 rules sum), else table 二's; table 二 is read in the template
//! its own labels show, so a 2021 report that kept last year's 2019 table 二 keeps its
//! 2019 keys ([`RecognizedTable::template`]). The one exception is SPEC §2's mixed form
//! (a 2021 table 二, table 三 2019's only in its single （六） row): `"2021"`, with that
//! row kept as `other` in place of the three 2021 （六） rows and a `template_mixed`.
//!
//! Real-world labels, each seen in published reports: notes in brackets after a label
//! are left out of it ([`crate::text::label_head_key`]); `其它` is `其他`; applicant
//! columns by their distinctive word (企业, 科研, 公益, 法律服务); a label typed across
//! two label cells is read joined; a table 二 header cell that names no column
//! (`本年新`, its second line lost) takes the template column at its place in the block
//! when exactly one template's columns line up; 法人或其他组织 over five columns with its
//! sub-row lost reads as the five kinds; any `第…条` row of table 二 is a section row.
//!
//! Anomalies raised here: `missing_table` and `missing_row` (warning), `duplicate_row`
//! (warning, the first occurrence kept), `template_mixed` (warning), `unrecognized_row`
//! and `unrecognized_column` (info).

mod active;
mod applications;
mod finish;
pub mod grid;
pub mod labels;
mod review;
pub mod template;

use std::collections::BTreeMap;

use crate::model::Document;
use crate::report::{Anomaly, AnomalyCode, Location, Severity, Template};
use crate::text::{Reading, read_cell, trim_cell};
use grid::{GCell, GRow};
use labels::{Group, Kind};

/// What `recognize` found: the template, and for each template table found, each
/// canonical row with its canonical cells' raw text and location.
///
/// Cell texts are borrowed from the [`Document`] read: nothing is copied until `check`
/// writes the report.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Recognized<'a> {
    pub template: Option<Template>,
    pub tables: Vec<RecognizedTable<'a>>,
    /// `missing_table`, `missing_row`, `unrecognized_row`, … found while mapping.
    pub anomalies: Vec<Anomaly>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RecognizedTable<'a> {
    /// `active_disclosure`, `applications`, `review_litigation`.
    pub key: &'static str,
    /// The template whose rows and columns this table is read in: the report's
    /// ([`Recognized::template`]), except for a table 二 whose own labels show the other
    /// one (a 2021 report that kept the 2019 table 二).
    pub template: Template,
    /// Every canonical row of the template, in template order, found or not.
    pub rows: Vec<RecognizedRow<'a>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RecognizedRow<'a> {
    pub key: &'static str,
    /// False when the template row is absent from the table (`missing_row`).
    pub found: bool,
    /// Every canonical column of the row, in template order.
    pub cells: Vec<RawCell<'a>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RawCell<'a> {
    pub col: &'static str,
    /// The cell text verbatim; `None` when the row or the column is absent.
    pub raw: Option<&'a str>,
    pub location: Option<Location>,
}

/// One canonical row as found: its value cells by column key, or (table 二 without a
/// header row) by position.
#[derive(Debug, Clone)]
struct FoundRow<'a> {
    cells: Vec<(Option<&'static str>, &'a str, Location)>,
}

impl FoundRow<'_> {
    fn texts(&self) -> Vec<&str> {
        self.cells.iter().map(|(_, t, _)| trim_cell(t)).collect()
    }
}

/// Column map of a table part: grid column → canonical column.
type ColMap = Vec<(usize, &'static str)>;

#[derive(Default)]
struct State<'a> {
    found: BTreeMap<&'static str, BTreeMap<&'static str, FoundRow<'a>>>,
    anomalies: Vec<Anomaly>,
    /// Evidence for each template, (2021, 2019), from table 二's headers and rows…
    active_votes: (usize, usize),
    /// … and from table 三's （六） rows. The tables are weighed apart: a report may
    /// keep the previous template's table 二 beside the current table 三.
    app_votes: (usize, usize),
    /// Table 三 across parts: the column map and the open group.
    app_cols: Option<ColMap>,
    app_group: Option<Group>,
}

pub fn recognize(doc: &Document) -> Recognized<'_> {
    let mut st = State::default();
    let mut last_kind: Option<Kind> = None;
    let mut last_app_row: Option<GRow> = None;
    // Table 四's header rows when its part had no row of figures (see below).
    let mut pending_review: Option<Vec<GRow>> = None;
    // Every label of a table part, `|`-joined, for `labels::classify` (one buffer).
    let mut all = String::new();
    for table in &doc.tables {
        if table
            .rows
            .iter()
            .any(|r| r.cells.iter().any(|c| !c.nested.is_empty()))
        {
            continue;
        }
        let resolved = grid::resolve(table, None);
        all.clear();
        for r in &resolved {
            r.push_key_text(&mut all);
        }
        let whole = labels::classify(&all);
        // Table 三's rows and table 四 in one `w:tbl` (a writer joined table 三's
        // continuation after a page break with the table below it): each part is read
        // as a table of its own, table 四 from the row that starts it.
        let cut = match whole {
            Some(Kind::Applications | Kind::Review) => review_start(&resolved),
            _ => None,
        };
        let parts = split_rows(resolved, cut);
        let split = parts.len() > 1;
        let mut start = 0;
        for rows in parts {
            // the part's rows in the table
            let range = start..start + rows.len();
            start = range.end;
            let mut kind = if split {
                all.clear();
                for r in &rows {
                    r.push_key_text(&mut all);
                }
                labels::classify(&all)
            } else {
                whole
            };
            // A part of table 三 after a page break: no header rows, table 三's rows.
            let continues = last_kind == Some(Kind::Applications)
                && (kind == Some(Kind::Applications) || kind.is_none())
                && !rows.iter().any(is_app_header_row)
                && rows.iter().any(|r| {
                    // 总计 alone is too common a word to join a table on
                    r.cells.iter().any(|c| {
                        labels::app_top(&c.own).is_some_and(|k| k != "results_total")
                            || labels::app_sub(&c.own, None).is_some()
                            || labels::app_group(&c.own).is_some()
                    })
                });
            if continues {
                kind = Some(Kind::Applications);
            }
            // Table 四 split by a page break before its figures: the header part waits for
            // the next table, which joins it when it holds only a row of figures.
            if let Some(header) = pending_review.take() {
                if kind.is_none() && rows.iter().any(data_like) {
                    let joined: Vec<GRow> = header.into_iter().chain(rows).collect();
                    st.review(&joined);
                    last_kind = Some(Kind::Review);
                    continue;
                }
                st.review(&header);
            }
            match kind {
                Some(Kind::Applications) => {
                    st.found.entry("applications").or_default();
                    // Right after another part of table 三 (split by a page break, the
                    // header repeated or not): merges and the open group carry over.
                    let follows = last_kind == Some(Kind::Applications);
                    // Only a continuing part needs resolving again, with the merges above it.
                    let rows = match last_app_row.as_ref().filter(|_| follows) {
                        Some(prev) => {
                            let mut again = grid::resolve(table, Some(prev));
                            again.truncate(range.end);
                            again.drain(..range.start.min(again.len()));
                            again
                        }
                        None => rows,
                    };
                    if !follows {
                        st.app_cols = None;
                        st.app_group = None;
                    }
                    st.applications(&rows);
                    last_app_row = rows.last().cloned();
                }
                Some(Kind::Active) => {
                    st.found.entry("active_disclosure").or_default();
                    st.active(&rows);
                }
                Some(Kind::Review) => {
                    st.found.entry("review_litigation").or_default();
                    let has_figures = rows.iter().filter(|r| !r.is_caption()).any(data_like);
                    if has_figures {
                        st.review(&rows);
                    } else {
                        pending_review = Some(rows);
                    }
                }
                None => {}
            }
            if kind.is_some() {
                last_kind = kind;
            }
        }
    }
    if let Some(header) = pending_review {
        st.review(&header);
    }
    st.finish()
}

/// Where table 四 starts inside a table that holds table 三's rows before it: the
/// first row, after a row of figures labelled as one of table 三's, that is no row of figures and
/// names table 四's header (行政复议, 行政诉讼, 结果维持…) or its heading
/// (`四、政府信息公开行政复议、行政诉讼情况` as a row of its own). None of table 三's
/// labels holds those words, so a table of one kind is never cut.
fn review_start(rows: &[GRow]) -> Option<usize> {
    // a row of figures under a label of table 三's (总计 alone is also table 四's)
    let first_app = rows.iter().position(|r| {
        r.cells.iter().any(|c| {
            labels::app_top(&c.own).is_some_and(|k| k != "results_total")
                || labels::app_sub(&c.own, None).is_some()
                || labels::app_group(&c.own).is_some()
        }) && data_like(r)
    })?;
    rows.iter()
        .enumerate()
        .skip(first_app + 1)
        .find(|(_, r)| {
            r.says_any(&["行政复议", "行政诉讼", "结果维持", "尚未审结"]) && !data_like(r)
        })
        .map(|(i, _)| i)
}

/// `rows` as one part, or two cut at `cut`.
fn split_rows(mut rows: Vec<GRow<'_>>, cut: Option<usize>) -> Vec<Vec<GRow<'_>>> {
    match cut {
        Some(k) if k > 0 && k < rows.len() => {
            let rest = rows.split_off(k);
            vec![rows, rest]
        }
        _ => vec![rows],
    }
}

fn is_app_header_row(r: &GRow) -> bool {
    r.says_any(&labels::APP_HEADER) || r.says_any(&["勾稽"])
}

/// Text a value cell may hold: blank, a placeholder or a number.
fn is_value_text(s: &str) -> bool {
    !matches!(read_cell(s, true), Reading::Text)
}

/// A row of figures: at least half of its own (not vertically continued) cells hold
/// value text. Header rows hold labels.
fn data_like(r: &GRow) -> bool {
    let (mut own, mut values) = (0, 0);
    for c in r.cells.iter().filter(|c| !c.vcont) {
        own += 1;
        values += usize::from(is_value_text(c.text));
    }
    own > 0 && values * 2 >= own
}

fn loc(c: &GCell) -> Location {
    Location {
        line: c.line,
        ..Location::from_ref(c.at)
    }
}

/// The label a header cell shows, or the nearest non-empty one above it.
fn header_label<'h>(header: &[&'h GRow], g: usize) -> &'h str {
    header
        .iter()
        .rev()
        .filter_map(|r| r.at(g))
        .map(|c| c.label())
        .find(|l| !l.is_empty())
        .unwrap_or_default()
}

impl<'a> State<'a> {
    fn unrecognized_row(&mut self, table: &str, label: &GCell) {
        let text = format!(
            "行「{}」不对应模板中的任何一行，未读取",
            trim_cell(label.text)
        );
        self.label_note(AnomalyCode::UnrecognizedRow, table, label, text);
    }

    fn unrecognized_column(&mut self, table: &str, c: &GCell) {
        let text = format!("列「{}」不对应模板中的任何一列，未读取", trim_cell(c.text));
        self.label_note(AnomalyCode::UnrecognizedColumn, table, c, text);
    }

    /// An info anomaly about a label cell, with its raw text and location.
    fn label_note(&mut self, code: AnomalyCode, table: &str, c: &GCell, message: String) {
        self.anomalies.push(Anomaly {
            raw: Some(c.text.to_owned()),
            location: Some(loc(c)),
            ..Anomaly::new(code, Severity::Info, message).at(table, None, None)
        });
    }

    /// Records a canonical row; a second occurrence is kept out and reported when its
    /// text differs from the first.
    fn record(&mut self, table: &'static str, key: &'static str, row: FoundRow<'a>, at: &GCell) {
        let rows = self.found.entry(table).or_default();
        if let Some(first) = rows.get(key) {
            if first.texts() != row.texts() {
                let raw = row.texts().join(" | ");
                self.anomalies.push(Anomaly {
                    raw: Some(raw),
                    location: Some(loc(at)),
                    ..Anomaly::new(
                        AnomalyCode::DuplicateRow,
                        Severity::Warning,
                        format!(
                            "行「{}」出现两次且数值不同，保留第一次出现的数值",
                            trim_cell(at.text)
                        ),
                    )
                    .at(table, Some(key), None)
                });
            }
            return;
        }
        rows.insert(key, row);
    }
}

#[cfg(test)]
pub(crate) mod testdoc;
#[cfg(test)]
mod tests;
