//! check: read every canonical cell (SPEC §3) and test the 勾稽 rules (SPEC §4).
//!
//! Cell rules, in the order they apply to the trimmed text (padding and invisible
//! characters removed, full-width digits folded):
//!
//! | text | value | anomaly |
//! |---|---|---|
//! | a number (`12`, `１２`, `1,234`) | the number | — |
//! | a negative count, a fraction in a count | the number | `invalid_value` (warning) |
//! | a count with a measure word (`3件`, `2项`, `5人次`) | `null` | `non_numeric_cell` (warning), the figure in the message |
//! | a decimal in `fees.amount` / `procurement.purchase_amount`, with or without a unit (`251000元`) | the number, every digit kept, in the unit written | — |
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

/// The values the rules see, by (table, row, col).
///
/// Keys are the template's own `&'static str`s, so the maps use Fx hashing: SipHash's
/// protection against chosen keys buys nothing here and cost 5% of a batch.
struct Values<'a> {
    cells: FxHashMap<Key, Read<'a>>,
    /// Read blanks as 0 (to test whether the rules would hold).
    blanks_as_zero: bool,
}

impl Values<'_> {
    fn get(&self, table: &'static str, row: &'static str, col: &'static str) -> Option<Dec> {
        let r = self.cells.get(&(table, row, col))?;
        match r.value {
            Some(v) => Some(v),
            None if r.blank && self.blanks_as_zero => Some(Dec::ZERO),
            None => None,
        }
    }

    fn sum(&self, table: &'static str, cells: &[(&'static str, &'static str)]) -> Option<Dec> {
        cells.iter().try_fold(Dec::ZERO, |acc, (r, c)| {
            Some(acc.plus(self.get(table, r, c)?))
        })
    }
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
        cells: FxHashMap::with_capacity_and_hasher(n, Default::default()),
        blanks_as_zero: false,
    };
    let mut blanks = 0;
    for table in &rec.tables {
        for row in &table.rows {
            for cell in &row.cells {
                let key = (table.key, row.key, cell.col);
                let (read, anomaly) = read_one(key, cell, row.found, opts);
                blanks += usize::from(read.blank && read.value.is_none());
                out.cells.push(CellRecord {
                    table: table.key,
                    row: row.key,
                    col: cell.col,
                    value: read.value.map(Dec::to_number),
                    raw: cell.raw.map(str::to_owned),
                    location: cell.location,
                });
                out.anomalies.extend(anomaly);
                values.cells.insert(key, read);
            }
        }
    }
    let template = rec.template.unwrap_or(Template::T2021);
    let (failed, evaluated) = rules(&values, template);
    out.anomalies.extend(failed);
    if blanks > 0 && !opts.blank_as_zero {
        // Only when reading the blanks as 0 lets some rule be tested at all.
        values.blanks_as_zero = true;
        let (failed, evaluated_as_zero) = rules(&values, template);
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

fn read_one<'a>(
    key: Key,
    cell: &RawCell<'a>,
    row_found: bool,
    opts: &CheckOptions,
) -> (Read<'a>, Option<Anomaly>) {
    let none = Read {
        value: None,
        blank: false,
        raw: cell.raw,
        location: cell.location,
    };
    let Some(raw) = cell.raw else {
        if !row_found {
            return (none, None);
        }
        let a = cell_anomaly(
            AnomalyCode::MissingCell,
            Severity::Warning,
            key,
            cell,
            "这一行没有该列的单元格".to_owned(),
        );
        return (none, Some(a));
    };
    let kind = template::col_kind(key.0, key.1, key.2);
    match read_cell(raw, kind == ColKind::Amount) {
        Reading::Blank if opts.blank_as_zero => {
            let a = cell_anomaly(
                AnomalyCode::BlankAsZero,
                Severity::Info,
                key,
                cell,
                "空白单元格按 0 读取（--blank-as-zero）".to_owned(),
            );
            (
                Read {
                    value: Some(Dec::ZERO),
                    blank: true,
                    ..none
                },
                Some(a),
            )
        }
        Reading::Blank => {
            let a = cell_anomaly(
                AnomalyCode::MissingCell,
                Severity::Warning,
                key,
                cell,
                "单元格为空".to_owned(),
            );
            (
                Read {
                    blank: true,
                    ..none
                },
                Some(a),
            )
        }
        Reading::Placeholder => {
            let a = cell_anomaly(
                AnomalyCode::PlaceholderValue,
                Severity::Info,
                key,
                cell,
                format!("占位符「{}」按 0 读取", trim_cell(raw)),
            );
            (
                Read {
                    value: Some(Dec::ZERO),
                    ..none
                },
                Some(a),
            )
        }
        Reading::Text => {
            let a = cell_anomaly(
                AnomalyCode::NonNumericCell,
                Severity::Warning,
                key,
                cell,
                format!("「{}」不是数字", trim_cell(raw)),
            );
            (none, Some(a))
        }
        // `3件` in a count: SPEC §3 reads anything but a bare figure as text, so the
        // value stays null; the message carries the figure for the person checking.
        Reading::Number {
            value,
            unit: Some(u),
        } if kind != ColKind::Amount => {
            let a = cell_anomaly(
                AnomalyCode::NonNumericCell,
                Severity::Warning,
                key,
                cell,
                format!(
                    "「{}」不是数字：件数带单位「{u}」（数字为 {value}）",
                    trim_cell(raw)
                ),
            );
            (none, Some(a))
        }
        Reading::Number { value, unit } => {
            let mut value = value;
            let problem = match kind {
                ColKind::Amount if value.is_negative() => Some("金额为负数".to_owned()),
                ColKind::Amount => None,
                _ if !value.is_integral() => Some("件数不是整数".to_owned()),
                ColKind::Count if value.is_negative() => Some("件数为负数".to_owned()),
                _ => unit.map(|u| format!("单位「{u}」")),
            };
            if kind != ColKind::Amount && value.is_integral() && value.scale > 0 {
                // `3.00` in a count: the count 3.
                value = Dec {
                    mant: value.mant / 10i128.pow(value.scale),
                    scale: 0,
                };
            }
            let a = problem.map(|p| {
                cell_anomaly(
                    AnomalyCode::InvalidValue,
                    Severity::Warning,
                    key,
                    cell,
                    format!("{p}：{}", trim_cell(raw)),
                )
            });
            (
                Read {
                    value: Some(value),
                    ..none
                },
                a,
            )
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
            .and_then(|k| v.cells.get(&k).and_then(|r| r.raw).map(str::to_owned)),
        location: at
            .published
            .and_then(|k| v.cells.get(&k).and_then(|r| r.location)),
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
/// `results_total` (per column), review_litigation `row_total` (per row).
/// Returns the failures and how many rules could be evaluated.
fn rules(v: &Values, t: Template) -> (Vec<Anomaly>, usize) {
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
    for (row, _) in template::rows(t, APP) {
        let parts: Vec<_> = applicants.iter().map(|c| (row, *c)).collect();
        let operands = (v.sum(APP, &parts), v.get(APP, row, "total"));
        o.test(v, row_site(APP, row), operands, |sum, total| {
            format!("总计为 {total}，六类申请人之和为 {sum}")
        });
    }
    let results = template::result_rows(t);
    for col in APPLICANT_COLS {
        let ins = v.sum(APP, &[("received", col), ("carried_over", col)]);
        let outs = v.sum(APP, &[("results_total", col), ("carried_forward", col)]);
        let site = Site {
            table: APP,
            rule: "column_balance",
            row: None,
            col: Some(col),
            published: None,
        };
        o.test(v, site, (ins, outs), |ins, outs| {
            format!("本年新收 + 上年结转 = {ins}，而办理结果总计 + 结转下年度 = {outs}")
        });
    }
    for col in APPLICANT_COLS {
        let parts: Vec<_> = results.iter().map(|r| (*r, col)).collect();
        let site = Site {
            table: APP,
            rule: "results_total",
            row: None,
            col: Some(col),
            published: Some((APP, "results_total", col)),
        };
        let operands = (v.sum(APP, &parts), v.get(APP, "results_total", col));
        o.test(v, site, operands, |sum, total| {
            format!("（七）总计为 {total}，各项办理结果之和为 {sum}")
        });
    }
    for row in REVIEW_ROWS {
        let parts: Vec<_> = REVIEW_COLS[..4].iter().map(|c| (row, *c)).collect();
        let operands = (v.sum(REV, &parts), v.get(REV, row, "total"));
        o.test(v, row_site(REV, row), operands, |sum, total| {
            format!("总计为 {total}，维持 + 纠正 + 其他结果 + 尚未审结 = {sum}")
        });
    }
    (o.failed, o.evaluated)
}

#[cfg(test)]
mod tests;
