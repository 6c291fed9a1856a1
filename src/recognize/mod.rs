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

pub mod grid;
pub mod labels;
pub mod template;

use std::collections::BTreeMap;

use crate::model::Document;
use crate::report::{Anomaly, AnomalyCode, Location, Severity, Template};
use crate::text::{Reading, is_blank, read_cell, trim_cell};
use grid::{GCell, GRow};
use labels::{AppLabel, Group, Kind};
use template::{APPLICANT_COLS, REVIEW_COLS, TABLES};

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

/// The five kinds of 法人或其他组织, in the template's column order.
const ORG_COLS: [&str; 5] = [
    "commercial",
    "research",
    "social_welfare",
    "legal_service",
    "other_org",
];

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

    /// Table 三 (one part).
    fn applications(&mut self, rows: &[GRow<'a>]) {
        let mut i = 0;
        let mut header: Vec<&GRow> = Vec::new();
        while i < rows.len() && (rows[i].is_caption() || is_app_header_row(&rows[i])) {
            if !rows[i].is_caption() {
                header.push(&rows[i]);
            }
            i += 1;
        }
        if !header.is_empty() {
            let last = header.last().expect("non-empty");
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

    /// Table 二 (one table, or one block of it).
    fn active(&mut self, rows: &[GRow<'a>]) {
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

    /// Table 四: header rows (two levels, 行政复议 / 行政诉讼 × 结果维持 … 总计) over one
    /// data row; or transposed, one labelled data row per 行政复议 / 未经复议直接起诉 /
    /// 复议后起诉 under a header of 结果维持 … 总计.
    fn review(&mut self, rows: &[GRow<'a>]) {
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

    fn finish(mut self) -> Recognized<'a> {
        if self.found.is_empty() {
            return Recognized {
                template: None,
                tables: Vec::new(),
                anomalies: self.anomalies,
            };
        }
        // A single （六）其他处理 row, without the three 2021 sub-rows, is the 2019 table.
        if let Some(app) = self.found.get("applications")
            && app.contains_key("other")
            && !app.keys().any(|k| k.starts_with("other_"))
        {
            self.app_votes.1 += 1;
        }
        let pick = |(v2021, v2019): (usize, usize)| match v2019.cmp(&v2021) {
            std::cmp::Ordering::Greater => Some(Template::T2019),
            std::cmp::Ordering::Less => Some(Template::T2021),
            std::cmp::Ordering::Equal => None,
        };
        // The report's template is table 三's (the 勾稽 rules read its （六） rows), else
        // table 二's; table 二 is read in the template its own labels show.
        let app_t = pick(self.app_votes);
        let active_t = pick(self.active_votes);
        // SPEC §2's mixed form: table 二 in the 2021 form, table 三 2019's only in its
        // single （六） row. The report is 2021's, the row kept as `other` in place of
        // the three 2021 rows (so `template` and the keys written agree).
        let mixed = app_t == Some(Template::T2019)
            && self.app_votes.0 == 0
            && active_t == Some(Template::T2021);
        let t = if mixed {
            Template::T2021
        } else {
            app_t.or(active_t).unwrap_or(Template::T2021)
        };
        let mut tables = Vec::new();
        let mut anomalies = Vec::new();
        if mixed {
            let other = self
                .found
                .get("applications")
                .and_then(|a| a.get("other"))
                .and_then(|f| f.cells.first());
            anomalies.push(Anomaly {
                raw: other.map(|c| c.1.to_owned()),
                location: other.map(|c| c.2),
                ..Anomaly::new(
                    AnomalyCode::TemplateMixed,
                    Severity::Warning,
                    "表二为 2021 年模板，表三的（六）其他处理却是 2019 年模板的单独一行：按 2021 年模板读取，该行记为 other，代替 2021 年模板（六）的三行",
                )
                .at("applications", Some("other"), None)
            });
        }
        for table in TABLES {
            let Some(found) = self.found.get(table) else {
                anomalies.push(
                    Anomaly::new(
                        AnomalyCode::MissingTable,
                        Severity::Warning,
                        format!("文档中没有找到表格「{}」", template::table_label(table)),
                    )
                    .at(table, None, None),
                );
                continue;
            };
            let tt = match table {
                "active_disclosure" => active_t.unwrap_or(t),
                _ => t,
            };
            let mut def = if mixed && table == "applications" {
                template::applications_single_other()
            } else {
                template::rows(tt, table)
            };
            if table == "active_disclosure" {
                // A table 二 that mixes the templates' blocks (2019's 第（一）项 block over
                // 2021's others): a found row its template has no place for, or whose
                // figures its columns would drop, takes the other template's columns.
                let other = match tt {
                    Template::T2021 => Template::T2019,
                    Template::T2019 => Template::T2021,
                };
                for (rk, cols) in template::rows(other, table) {
                    let Some(f) = found.get(rk) else { continue };
                    let keyed: Vec<&str> = f.cells.iter().filter_map(|(k, _, _)| *k).collect();
                    let covers = |cs: &[&str]| keyed.iter().all(|k| cs.contains(k));
                    match def.iter_mut().find(|(d, _)| *d == rk) {
                        Some((_, mine)) if !covers(mine) && covers(cols) => *mine = cols,
                        Some(_) => {}
                        None => def.push((rk, cols)),
                    }
                }
            }
            let mut rows = Vec::new();
            for (rk, cols) in &def {
                let Some(f) = found.get(rk) else {
                    anomalies.push(
                        Anomaly::new(
                            AnomalyCode::MissingRow,
                            Severity::Warning,
                            format!("表格中没有模板的这一行（{rk}），其数值为 null"),
                        )
                        .at(table, Some(rk), None),
                    );
                    rows.push(RecognizedRow {
                        key: rk,
                        found: false,
                        cells: cols
                            .iter()
                            .map(|c| RawCell {
                                col: c,
                                raw: None,
                                location: None,
                            })
                            .collect(),
                    });
                    continue;
                };
                let positional = f.cells.iter().all(|(k, _, _)| k.is_none());
                let cells = cols
                    .iter()
                    .enumerate()
                    .map(|(i, c)| {
                        // Found cells mostly come in the template's column order:
                        // the i-th is tried before a search.
                        let hit = if positional {
                            f.cells.get(i)
                        } else {
                            f.cells
                                .get(i)
                                .filter(|(k, _, _)| *k == Some(*c))
                                .or_else(|| f.cells.iter().find(|(k, _, _)| *k == Some(*c)))
                        };
                        RawCell {
                            col: c,
                            raw: hit.map(|h| h.1),
                            location: hit.map(|h| h.2),
                        }
                    })
                    .collect();
                rows.push(RecognizedRow {
                    key: rk,
                    found: true,
                    cells,
                });
            }
            for (fk, f) in found {
                if def.iter().any(|(rk, _)| rk == fk) {
                    continue;
                }
                // A blank （六）其他处理 heading row of a 2021 table is only a heading.
                if *fk == "other" && f.texts().iter().all(|t| t.is_empty()) {
                    continue;
                }
                anomalies.push(Anomaly {
                    raw: Some(f.texts().join(" | ")),
                    location: f.cells.first().map(|c| c.2),
                    ..Anomaly::new(
                        AnomalyCode::UnrecognizedRow,
                        Severity::Info,
                        format!("行 {fk} 不属于 {} 模板，未读取", tt.as_str()),
                    )
                    .at(table, None, None)
                });
            }
            tables.push(RecognizedTable {
                key: table,
                template: tt,
                rows,
            });
        }
        anomalies.append(&mut self.anomalies);
        Recognized {
            template: Some(t),
            tables,
            anomalies,
        }
    }
}

#[cfg(test)]
pub(crate) mod testdoc;
#[cfg(test)]
mod tests;
