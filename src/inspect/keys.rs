//! What extraction made of each drawn cell: its canonical key, value and anomalies, for
//! the listing under each table and for `inspect --at TABLE:ROW:CELL`.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::model::{Document, Merge};
use crate::report::{Anomaly, CellRecord, Report, Status};

use super::InspectError;
use super::term::{visible, wrap};

/// A cell as `location` names it: table 1-based, row and cell 0-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct At {
    pub table: usize,
    pub row: usize,
    pub cell: usize,
}

impl std::str::FromStr for At {
    type Err = String;

    /// `TABLE:ROW:CELL`, e.g. `3:5:1` (as the CSVs' `loc_table`, `loc_row`, `loc_cell`).
    fn from_str(s: &str) -> Result<At, String> {
        let parts: Vec<&str> = s.split(':').collect();
        let n = |p: &str| p.trim().parse::<usize>().ok();
        match parts[..] {
            [t, r, c] => match (n(t), n(r), n(c)) {
                (Some(table @ 1..), Some(row), Some(cell)) => Ok(At { table, row, cell }),
                _ => Err(format!(
                    "{s}: TABLE:ROW:CELL takes three whole numbers, TABLE from 1 (e.g. 3:5:1)"
                )),
            },
            _ => Err(format!("{s}: not TABLE:ROW:CELL (e.g. 3:5:1)")),
        }
    }
}

impl std::fmt::Display for At {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.table, self.row, self.cell)
    }
}

/// A report's cells and anomalies by the document cell they were read from.
pub struct Keys<'a> {
    pub report: &'a Report,
    cells: BTreeMap<At, Vec<&'a CellRecord>>,
    anomalies: BTreeMap<At, Vec<&'a Anomaly>>,
    /// Anomalies and notes at no table cell (a missing row, a paragraph, the report).
    pub elsewhere: Vec<&'a Anomaly>,
}

fn at(l: crate::report::Location) -> At {
    At {
        table: l.table,
        row: l.row,
        cell: l.cell,
    }
}

impl<'a> Keys<'a> {
    pub fn of(report: &'a Report) -> Keys<'a> {
        let mut cells: BTreeMap<At, Vec<&CellRecord>> = BTreeMap::new();
        for c in &report.cells {
            if let Some(l) = c.location {
                cells.entry(at(l)).or_default().push(c);
            }
        }
        let mut anomalies: BTreeMap<At, Vec<&Anomaly>> = BTreeMap::new();
        let mut elsewhere = Vec::new();
        for a in report.anomalies.iter().chain(&report.notes) {
            match a.location {
                Some(l) => anomalies.entry(at(l)).or_default().push(a),
                None => elsewhere.push(a),
            }
        }
        Keys {
            report,
            cells,
            anomalies,
            elsewhere,
        }
    }

    fn cells_at(&self, a: At) -> &[&'a CellRecord] {
        self.cells.get(&a).map_or(&[], Vec::as_slice)
    }

    fn anomalies_at(&self, a: At) -> &[&'a Anomaly] {
        self.anomalies.get(&a).map_or(&[], Vec::as_slice)
    }

    /// The cells of table `table` (1-based) that became a key or have an anomaly.
    fn in_table(&self, table: usize) -> Vec<At> {
        let from = At {
            table,
            row: 0,
            cell: 0,
        };
        let to = At {
            table: table + 1,
            row: 0,
            cell: 0,
        };
        let mut all: Vec<At> = self
            .cells
            .range(from..to)
            .map(|(a, _)| *a)
            .chain(self.anomalies.range(from..to).map(|(a, _)| *a))
            .collect();
        all.sort();
        all.dedup();
        all
    }
}

/// The line saying what the report was read as.
pub fn summary(keys: &Keys, out: &mut String, width: usize) {
    let r = keys.report;
    let line = match r.status {
        Status::Error => match &r.error {
            Some(e) => format!(
                "extract reads it as an error: {} — {}",
                e.code.as_str(),
                e.message
            ),
            None => "extract reads it as an error".to_owned(),
        },
        Status::Ok => {
            let (info, warning, error) = r.severity_counts();
            format!(
                "extract reads it as: template {}, agency {}, year {}; {} cells, {} anomalies ({error} error, {warning} warning, {info} info), listed under each table",
                r.template.map_or("?", |t| t.as_str()),
                r.report.agency.as_deref().unwrap_or("?"),
                r.report.year.map_or("?".to_owned(), |y| y.to_string()),
                r.cells.len(),
                r.anomalies.len(),
            )
        }
    };
    wrap(out, "", &line, 2, width);
}

fn value_text(c: &CellRecord) -> String {
    c.value
        .as_ref()
        .map_or("null".to_owned(), |v| v.as_str().to_owned())
}

fn key(c: &CellRecord) -> String {
    format!("{}.{}.{}", c.table, c.row, c.col)
}

fn anomaly_line(a: &Anomaly) -> String {
    let mut s = format!("! {} ({})", a.code.as_str(), a.severity.as_str());
    if let Some(rule) = &a.rule {
        let _ = write!(s, " {rule}");
    }
    let _ = write!(s, ": {}", a.message);
    s
}

/// Under table `table`: each of its cells that became a key (key = value) or has an
/// anomaly, one line each, its anomalies under it.
pub fn render_table_keys(keys: &Keys, out: &mut String, table: usize, width: usize) {
    let list = keys.in_table(table);
    if list.is_empty() {
        return;
    }
    let _ = writeln!(out, "cells read (rROW:CELL key = value; ! anomaly):");
    for a in list {
        let place = format!("  r{}:{}", a.row, a.cell);
        let cells = keys.cells_at(a);
        let head = if cells.is_empty() {
            "(no key)".to_owned()
        } else {
            cells
                .iter()
                .map(|c| format!("{} = {}", key(c), value_text(c)))
                .collect::<Vec<_>>()
                .join("; ")
        };
        wrap(out, &format!("{place:<9} "), &head, 12, width);
        for an in keys.anomalies_at(a) {
            wrap(out, "            ", &anomaly_line(an), 14, width);
        }
    }
}

/// The anomalies at no table cell, after the body.
pub fn render_elsewhere(keys: &Keys, out: &mut String, width: usize) {
    if keys.elsewhere.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nanomalies and notes at no table cell:");
    for a in &keys.elsewhere {
        let mut what = String::new();
        if let Some(p) = a.paragraph {
            let _ = write!(what, "p{p} ");
        }
        let place: Vec<&str> = [&a.table, &a.row, &a.col]
            .into_iter()
            .filter_map(|x| x.as_deref())
            .collect();
        if !place.is_empty() {
            let _ = write!(what, "{} ", place.join("."));
        }
        wrap(out, "  ", &format!("{what}{}", anomaly_line(a)), 4, width);
    }
}

/// `inspect --at`: one cell — its text, where it is in the grid, the key it became, its
/// value and raw text, its anomalies.
pub fn render_at(doc: &Document, keys: &Keys, a: At, width: usize) -> Result<String, InspectError> {
    let no = |why: String| InspectError::NoCell(format!("no cell {a}: {why}"));
    let table = doc
        .tables
        .get(a.table - 1)
        .ok_or_else(|| no(format!("the document has {} tables", doc.tables.len())))?;
    let row = table
        .rows
        .iter()
        .find(|r| r.index == a.row)
        .ok_or_else(|| {
            no(format!(
                "table {} has {} rows (r0…)",
                a.table,
                table.rows.len()
            ))
        })?;
    let cell = row
        .cells
        .iter()
        .find(|c| c.index == a.cell)
        .ok_or_else(|| no(format!("row {} has {} cells (0…)", a.row, row.cells.len())))?;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "cell {a} (table {}, row {}, cell {})",
        a.table, a.row, a.cell
    );
    let text = if cell.text.is_empty() {
        "∅ (empty)".to_owned()
    } else {
        visible(&cell.text)
    };
    wrap(&mut out, "text:      ", &text, 11, width);
    let mut grid = format!("grid column g{}", cell.col);
    if cell.span > 1 {
        let _ = write!(grid, ", gridSpan {}", cell.span);
    }
    match cell.vmerge {
        Merge::Restart => grid.push_str(", vMerge restart"),
        Merge::Continue => grid.push_str(", vMerge continue (part of the cell above)"),
        Merge::None => {}
    }
    match cell.hmerge {
        Merge::Restart => grid.push_str(", hMerge restart"),
        Merge::Continue => grid.push_str(", hMerge continue"),
        Merge::None => {}
    }
    for n in &cell.nested {
        let _ = write!(grid, ", holds nested table {}", n + 1);
    }
    if let Some(line) = cell.line {
        let _ = write!(grid, ", tag on line {line}");
    }
    wrap(&mut out, "layout:    ", &grid, 11, width);
    let cells = keys.cells_at(a);
    if cells.is_empty() {
        let _ = writeln!(out, "key:       none (extract read no canonical cell here)");
    }
    for c in cells {
        let _ = writeln!(out, "key:       {}", key(c));
        let _ = writeln!(out, "value:     {}", value_text(c));
        let raw = c
            .raw
            .as_deref()
            .map_or("(none)".to_owned(), |r| format!("「{}」", visible(r)));
        wrap(&mut out, "raw:       ", &raw, 11, width);
        if let Some(l) = c.location {
            let json = serde_json::to_string(&l).unwrap_or_default();
            let _ = writeln!(out, "location:  {json}");
        }
    }
    let list = keys.anomalies_at(a);
    // column_balance is located at the （七）总计 cell; its other figures (the column's
    // 新收, 结转, 结转下年度 cells) are listed with it too, as the rule reads them.
    let named: Vec<&Anomaly> = keys
        .report
        .anomalies
        .iter()
        .filter(|an| {
            !list.iter().any(|l| std::ptr::eq(*l, *an))
                && an.rule.as_deref() == Some("column_balance")
                && cells.iter().any(|c| {
                    c.table == "applications"
                        && Some(c.col) == an.col.as_deref()
                        && matches!(
                            c.row,
                            "received" | "carried_over" | "results_total" | "carried_forward"
                        )
                })
        })
        .collect();
    if list.is_empty() && named.is_empty() {
        let _ = writeln!(out, "anomalies: none");
    } else {
        let _ = writeln!(out, "anomalies:");
        for an in list.iter().chain(&named) {
            wrap(&mut out, "  ", &anomaly_line(an), 4, width);
        }
    }
    Ok(out)
}
