//! check: read every canonical cell (SPEC §3) and test the 勾稽 rules (SPEC §4).
//!
//! Cell rules, in the order they apply to the trimmed text (padding and invisible
//! characters removed, full-width digits folded):
//!
//! | text | value | anomaly |
//! |---|---|---|
//! | a number (`12`, `１２`, `1,234`) | the number | — |
//! | a negative count, a fraction in a count | the number | `invalid_value` (warning) |
//! | one figure with a note or a measure word (`22（其中修订16件）`, `3件`, `5人次`; see [`read_cell`]) | the figure | `annotated_value` (info), the note in `raw` |
//! | a decimal in `fees.amount` / `procurement.purchase_amount`, bare or in 万元 | the number, every digit kept | — |
//! | the same in 元, 千元 or 亿元 (`251000元`) | converted exactly to 万元 (`25.1`) | `unit_converted` (info) |
//! | a negative `change` (本年增/减, 2019) | the number | — |
//! | blank | `null` | `missing_cell` (warning); with `--blank-as-zero`: `0` and `blank_as_zero` (info) |
//! | `—` `——` `-` `－` `/` `无` | `0` | `placeholder_value` (info) |
//! | other text | `null` | `non_numeric_cell` (warning) |
//!
//! A cell of a found row that has no cell in the document (a short row) is `null` +
//! `missing_cell` with no `raw`; the cells of a missing row are `null` without a
//! per-cell anomaly (`missing_row` says it once).
//!
//! 勾稽 rules are computed exactly ([`Dec`]) on the values read, never written back:
//! each failure is one `sum_mismatch` (error) with `expected` = the computed side and
//! `actual` = the published side. A rule with a `null` operand is not evaluated.
//! When blanks are left `null` and every rule would hold with them read as 0, one
//! report-level note `blanks_consistent_as_zero` (info) says so. It goes to
//! [`Checked::notes`], not to the anomalies: the blanks are already reported one by one,
//! and the note is a reading of them, not another problem.

use rustc_hash::FxHashMap;

use crate::recognize::template::{self, APPLICANT_COLS, ColKind, REVIEW_COLS, REVIEW_ROWS};
use crate::recognize::{RawCell, Recognized};
use crate::report::{Anomaly, AnomalyCode, CellRecord, Location, Severity, Template};
use crate::text::{Dec, Reading, read_cell, trim_cell};

#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// `--blank-as-zero`: read blank cells as 0 (with an info anomaly) instead of `null`.
    pub blank_as_zero: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Checked {
    /// Every canonical cell, in template order (tables, their rows, their columns): the
    /// report's `tables` object is a view of them ([`crate::report::Report::tables`]).
    pub cells: Vec<CellRecord>,
    pub anomalies: Vec<Anomaly>,
    /// Report-level observations that are not problems (`blanks_consistent_as_zero`).
    pub notes: Vec<Anomaly>,
}

impl Checked {
    /// The report's `tables` object, made from [`Checked::cells`].
    pub fn tables(&self) -> serde_json::Map<String, serde_json::Value> {
        crate::report::tables_of(&self.cells)
    }
}

/// A cell's value as read, and whether it was blank (for the blanks-as-zero note).
#[derive(Debug, Clone, Copy)]
struct Read<'a> {
    value: Option<Dec>,
    blank: bool,
    /// The published text and where it is, for a `sum_mismatch` on this cell.
    raw: Option<&'a str>,
    location: Option<Location>,
}

type Key = (&'static str, &'static str, &'static str);

/// The values the rules see: every cell in template order, and where each (table, row)
/// has its cells.
///
/// A rule takes a row once and finds its columns among the row's few cells: looking
/// up every operand by (table, row, col) hashed three strings each time, and was
/// half of `check`. Keys are the template's own `&'static str`s, so the map uses Fx
/// hashing: SipHash's protection against chosen keys buys nothing here.
struct Values<'a> {
    cells: Vec<(&'static str, Read<'a>)>,
    rows: FxHashMap<(&'static str, &'static str), std::ops::Range<usize>>,
    /// Read blanks as 0 (to test whether the rules would hold).
    blanks_as_zero: bool,
}

/// One row's cells, as a rule reads them.
#[derive(Clone, Copy)]
struct RowValues<'v, 'a> {
    cells: &'v [(&'static str, Read<'a>)],
    blanks_as_zero: bool,
}

impl<'a> Values<'a> {
    /// The row's cells; none when the table has no such row.
    fn row(&self, table: &'static str, row: &'static str) -> RowValues<'_, 'a> {
        let cells = self
            .rows
            .get(&(table, row))
            .and_then(|r| self.cells.get(r.clone()))
            .unwrap_or_default();
        RowValues {
            cells,
            blanks_as_zero: self.blanks_as_zero,
        }
    }

    fn read(&self, (table, row, col): Key) -> Option<&Read<'a>> {
        self.row(table, row).read(col)
    }
}

impl<'v, 'a> RowValues<'v, 'a> {
    fn read(&self, col: &str) -> Option<&'v Read<'a>> {
        self.cells.iter().find(|(c, _)| *c == col).map(|(_, r)| r)
    }

    fn get(&self, col: &str) -> Option<Dec> {
        let r = self.read(col)?;
        match r.value {
            Some(v) => Some(v),
            None if r.blank && self.blanks_as_zero => Some(Dec::ZERO),
            None => None,
        }
    }

    fn sum(&self, cols: &[&str]) -> Option<Dec> {
        cols.iter()
            .try_fold(Dec::ZERO, |acc, c| Some(acc.plus(self.get(c)?)))
    }
}

/// The sum of one column over `rows`.
fn column_sum(rows: &[RowValues], col: &str) -> Option<Dec> {
    rows.iter()
        .try_fold(Dec::ZERO, |acc, r| Some(acc.plus(r.get(col)?)))
}

pub fn check<'a>(rec: &Recognized<'a>, opts: &CheckOptions) -> Checked {
    let n: usize = rec
        .tables
        .iter()
        .flat_map(|t| &t.rows)
        .map(|r| r.cells.len())
        .sum();
    let mut out = Checked {
        cells: Vec::with_capacity(n),
        ..Checked::default()
    };
    let mut values = Values {
        cells: Vec::with_capacity(n),
        rows: FxHashMap::default(),
        blanks_as_zero: false,
    };
    let mut blanks = 0;
    for table in &rec.tables {
        for row in &table.rows {
            let start = values.cells.len();
            for cell in &row.cells {
                let key = (table.key, row.key, cell.col);
                let read = read_one(key, cell, row.found, opts, &mut out.anomalies);
                blanks += usize::from(read.blank && read.value.is_none());
                out.cells.push(CellRecord {
                    table: table.key,
                    row: row.key,
                    col: cell.col,
                    value: read.value.map(Dec::to_number),
                    raw: cell.raw.map(str::to_owned),
                    location: cell.location,
                });
                values.cells.push((cell.col, read));
            }
            values
                .rows
                .entry((table.key, row.key))
                .or_insert(start..values.cells.len());
        }
    }
    let template = rec.template.unwrap_or(Template::T2021);
    // Table 三's rows as recognized: the template's, or the mixed form's (SPEC §2: the
    // single `other` row summed in place of the three 2021 （六） rows).
    let app_rows: Vec<&'static str> = match rec.tables.iter().find(|t| t.key == "applications") {
        Some(t) => t.rows.iter().map(|r| r.key).collect(),
        None => template::rows(template, "applications")
            .into_iter()
            .map(|(r, _)| r)
            .collect(),
    };
    let (failed, evaluated) = rules(&values, &app_rows);
    out.anomalies.extend(failed);
    if blanks > 0 && !opts.blank_as_zero {
        // Only when reading the blanks as 0 lets some rule be tested at all.
        values.blanks_as_zero = true;
        let (failed, evaluated_as_zero) = rules(&values, &app_rows);
        if failed.is_empty() && evaluated_as_zero > evaluated {
            out.notes.push(Anomaly::new(
                AnomalyCode::BlanksConsistentAsZero,
                Severity::Info,
                format!("{blanks} 个空白单元格按 0 计算时，所有勾稽关系均成立：空白很可能表示 0"),
            ));
        }
    }
    out
}

fn cell_anomaly(
    code: AnomalyCode,
    sev: Severity,
    key: Key,
    cell: &RawCell,
    msg: String,
) -> Anomaly {
    Anomaly {
        raw: cell.raw.map(str::to_owned),
        location: cell.location,
        ..Anomaly::new(code, sev, msg).at(key.0, Some(key.1), Some(key.2))
    }
}

/// The factor (a power of ten) from an amount's written unit to the template's 万元,
/// and whether it is a conversion at all: 元 ÷ 10⁴, 千元 ÷ 10, 亿元 × 10⁴; 万元 (or
/// 万) is the template's own unit, and so is a bare figure (SPEC §2).
fn to_wan(unit: &str) -> i32 {
    match unit {
        "元" => -4,
        "千元" => -1,
        "亿元" => 4,
        _ => 0,
    }
}

/// Reads one canonical cell: its value, and its anomalies pushed to `out`.
fn read_one<'a>(
    key: Key,
    cell: &RawCell<'a>,
    row_found: bool,
    opts: &CheckOptions,
    out: &mut Vec<Anomaly>,
) -> Read<'a> {
    let none = Read {
        value: None,
        blank: false,
        raw: cell.raw,
        location: cell.location,
    };
    let mut push = |code, sev, msg: String| out.push(cell_anomaly(code, sev, key, cell, msg));
    let Some(raw) = cell.raw else {
        if row_found {
            push(
                AnomalyCode::MissingCell,
                Severity::Warning,
                "这一行没有该列的单元格".to_owned(),
            );
        }
        return none;
    };
    let kind = template::col_kind(key.0, key.1, key.2);
    match read_cell(raw, kind == ColKind::Amount) {
        Reading::Blank if opts.blank_as_zero => {
            push(
                AnomalyCode::BlankAsZero,
                Severity::Info,
                "空白单元格按 0 读取（--blank-as-zero）".to_owned(),
            );
            Read {
                value: Some(Dec::ZERO),
                blank: true,
                ..none
            }
        }
        Reading::Blank => {
            push(
                AnomalyCode::MissingCell,
                Severity::Warning,
                "单元格为空".to_owned(),
            );
            Read {
                blank: true,
                ..none
            }
        }
        Reading::Placeholder => {
            push(
                AnomalyCode::PlaceholderValue,
                Severity::Info,
                format!("占位符「{}」按 0 读取", trim_cell(raw)),
            );
            Read {
                value: Some(Dec::ZERO),
                ..none
            }
        }
        Reading::Text => {
            push(
                AnomalyCode::NonNumericCell,
                Severity::Warning,
                format!("「{}」不是数字", trim_cell(raw)),
            );
            none
        }
        Reading::Number {
            mut value,
            unit,
            note,
        } => {
            let shown = trim_cell(raw);
            if kind == ColKind::Amount
                && let Some(u) = unit
                && to_wan(u) != 0
            {
                let Some(converted) = value.times_pow10(to_wan(u)) else {
                    push(
                        AnomalyCode::NonNumericCell,
                        Severity::Warning,
                        format!("「{shown}」换算为万元后超出可读的位数"),
                    );
                    return none;
                };
                value = converted;
                push(
                    AnomalyCode::UnitConverted,
                    Severity::Info,
                    format!("「{shown}」以「{u}」为单位，换算为 {value} 万元"),
                );
            }
            // `3件`, `22（其中修订16件）`: the figure the cell leads with (SPEC §3), the
            // note kept in `raw` for the person checking.
            if note || (kind != ColKind::Amount && unit.is_some()) {
                let what = if note { "带注释" } else { "带量词" };
                push(
                    AnomalyCode::AnnotatedValue,
                    Severity::Info,
                    format!("「{shown}」{what}，读作 {value}"),
                );
            }
            let problem = match kind {
                ColKind::Amount if value.is_negative() => Some("金额为负数"),
                ColKind::Amount => None,
                _ if !value.is_integral() => Some("件数不是整数"),
                ColKind::Count if value.is_negative() => Some("件数为负数"),
                _ => None,
            };
            if kind != ColKind::Amount && value.is_integral() && value.scale > 0 {
                // `3.00` in a count: the count 3.
                value = Dec {
                    mant: value.mant / 10i128.pow(value.scale),
                    scale: 0,
                };
            }
            if let Some(p) = problem {
                push(
                    AnomalyCode::InvalidValue,
                    Severity::Warning,
                    format!("{p}：{shown}"),
                );
            }
            Read {
                value: Some(value),
                ..none
            }
        }
    }
}

/// Where a 勾稽 rule applies: its table and name, the row or column it concerns, and
/// the published cell it checks (if one cell).
struct Site {
    table: &'static str,
    rule: &'static str,
    row: Option<&'static str>,
    col: Option<&'static str>,
    published: Option<Key>,
}

/// One failing 勾稽 rule.
fn mismatch(v: &Values, at: Site, expected: Dec, actual: Dec, message: String) -> Anomaly {
    Anomaly {
        rule: Some(at.rule.to_owned()),
        expected: Some(expected.to_number()),
        actual: Some(actual.to_number()),
        raw: at
            .published
            .and_then(|k| v.read(k).and_then(|r| r.raw).map(str::to_owned)),
        location: at
            .published
            .and_then(|k| v.read(k).and_then(|r| r.location)),
        ..Anomaly::new(AnomalyCode::SumMismatch, Severity::Error, message)
            .at(at.table, at.row, at.col)
    }
}

/// The rules tested so far: their failures, and how many could be evaluated.
#[derive(Default)]
struct Outcome {
    failed: Vec<Anomaly>,
    evaluated: usize,
}

impl Outcome {
    /// One rule at one site: `expected` (computed) against `actual` (published). Not
    /// evaluated when an operand is `null`; a failure is one `sum_mismatch`.
    fn test(
        &mut self,
        v: &Values,
        site: Site,
        (expected, actual): (Option<Dec>, Option<Dec>),
        message: impl FnOnce(Dec, Dec) -> String,
    ) {
        let (Some(expected), Some(actual)) = (expected, actual) else {
            return;
        };
        self.evaluated += 1;
        if !expected.same_value(actual) {
            let m = message(expected, actual);
            self.failed.push(mismatch(v, site, expected, actual, m));
        }
    }
}

/// SPEC §4, in order: applications `row_total` (per row), `column_balance` and
/// `results_total` (per column), review_litigation `row_total` (per row). `app_rows`:
/// table 三's rows in order; the result rows are those but the four outside
/// 予以公开 … 其他处理. Returns the failures and how many rules could be evaluated.
fn rules(v: &Values, app_rows: &[&'static str]) -> (Vec<Anomaly>, usize) {
    let mut o = Outcome::default();
    const APP: &str = "applications";
    const REV: &str = "review_litigation";
    let applicants = &APPLICANT_COLS[..6];
    let row_site = |table, row| Site {
        table,
        rule: "row_total",
        row: Some(row),
        col: None,
        published: Some((table, row, "total")),
    };
    for &row in app_rows {
        let r = v.row(APP, row);
        let operands = (r.sum(applicants), r.get("total"));
        o.test(v, row_site(APP, row), operands, |sum, total| {
            format!("总计为 {total}，六类申请人之和为 {sum}")
        });
    }
    let ins = [v.row(APP, "received"), v.row(APP, "carried_over")];
    let outs = [v.row(APP, "results_total"), v.row(APP, "carried_forward")];
    for col in APPLICANT_COLS {
        // The published side is two cells and an anomaly has one `location`: the
        // column's （七）总计 (results_total) cell — carried_forward's when that is the
        // only one located. The other is the same column's cell of the other row, which
        // `cells` locates by its key. `raw` stays empty: no one cell's text is the
        // published figure. (Positions are kept out of the message, which stays the same
        // whatever form the report came in.)
        let site = Site {
            table: APP,
            rule: "column_balance",
            row: None,
            col: Some(col),
            published: None,
        };
        let at = |row| v.read((APP, row, col)).and_then(|r| r.location);
        let (total_at, forward_at) = (at("results_total"), at("carried_forward"));
        let before = o.failed.len();
        let operands = (column_sum(&ins, col), column_sum(&outs, col));
        o.test(v, site, operands, |ins, outs| {
            format!("本年新收 + 上年结转 = {ins}，而办理结果总计 + 结转下年度 = {outs}")
        });
        if let Some(a) = o.failed.get_mut(before) {
            a.location = total_at.or(forward_at);
        }
    }
    let results: Vec<RowValues> = app_rows
        .iter()
        .filter(|r| {
            !matches!(
                **r,
                "received" | "carried_over" | "results_total" | "carried_forward"
            )
        })
        .map(|r| v.row(APP, r))
        .collect();
    let total = v.row(APP, "results_total");
    for col in APPLICANT_COLS {
        let site = Site {
            table: APP,
            rule: "results_total",
            row: None,
            col: Some(col),
            published: Some((APP, "results_total", col)),
        };
        let operands = (column_sum(&results, col), total.get(col));
        o.test(v, site, operands, |sum, total| {
            format!("（七）总计为 {total}，各项办理结果之和为 {sum}")
        });
    }
    for row in REVIEW_ROWS {
        let r = v.row(REV, row);
        let operands = (r.sum(&REVIEW_COLS[..4]), r.get("total"));
        o.test(v, row_site(REV, row), operands, |sum, total| {
            format!("总计为 {total}，维持 + 纠正 + 其他结果 + 尚未审结 = {sum}")
        });
    }
    (o.failed, o.evaluated)
}

pub mod narrative;

#[cfg(test)]
mod tests;
