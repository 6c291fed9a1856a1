//! A report page's model, before any HTML: each cell's value and raw text, which
//! cells an anomaly marks and with which severity, each failed 勾稽 rule as its
//! equation with the report's own figures (SPEC §4), narrative mismatches with their
//! sentence (SPEC §7), findings across years with the other year's record. The page
//! writer (`report_page`) only lays this out; the tests check it here.

use std::collections::HashMap;

use serde_json::Value;

use super::layout;
use super::load::{AnomalyDoc, CrossYearDoc, ReportDoc};

/// Severity, ordered: a cell with several anomalies shows the worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Sev {
    Info,
    Warning,
    Error,
}

impl Sev {
    /// An unknown severity is shown as a warning: it is something to look at.
    pub fn parse(s: &str) -> Sev {
        match s {
            "error" => Sev::Error,
            "info" => Sev::Info,
            _ => Sev::Warning,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Sev::Info => "info",
            Sev::Warning => "warning",
            Sev::Error => "error",
        }
    }
}

/// A canonical cell: table, row, column keys.
pub type Key = (String, String, String);

fn key(t: &str, r: &str, c: &str) -> Key {
    (t.to_owned(), r.to_owned(), c.to_owned())
}

/// One cell as the page shows it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CellView {
    /// The value as written in the JSON (a decimal keeps its digits); `None` = null.
    pub value: Option<String>,
    /// The cell's text verbatim; `None` when the row or cell is absent.
    pub raw: Option<String>,
    /// Indexes into [`PageModel::problems`] of the anomalies that mark this cell.
    pub problems: Vec<usize>,
    /// The worst severity among them.
    pub severity: Option<Sev>,
}

impl CellView {
    /// Whether the raw text says something the value does not (padding, a note, a
    /// placeholder, text): then the page shows it. A null from an empty cell does not.
    pub fn raw_differs(&self) -> bool {
        match (&self.raw, &self.value) {
            (Some(raw), Some(v)) => raw != v,
            (Some(raw), None) => !raw.is_empty(),
            (None, _) => false,
        }
    }
}

/// Where an entry of the problem list comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum Origin {
    /// `anomalies[]` of the record.
    Anomaly,
    /// `notes[]` of the record: readings that are not problems.
    Note,
    /// A row of `batch_anomalies.csv` naming this report.
    CrossYear(Box<CrossLink>),
}

/// A cross-year finding seen from one of its two reports.
#[derive(Debug, Clone, PartialEq)]
pub struct CrossLink {
    pub doc: CrossYearDoc,
    /// This report is the later year (`path` of the row), the other is `prev_path`.
    pub this_is_later: bool,
    /// The other report's record, relative to `reports/` (`series/a-2021.json`), when
    /// the output folder has it.
    pub other_json: Option<String>,
}

impl CrossLink {
    pub fn other_path(&self) -> &str {
        if self.this_is_later {
            &self.doc.prev_path
        } else {
            &self.doc.path
        }
    }
    pub fn other_year(&self) -> &str {
        if self.this_is_later {
            &self.doc.prev_year
        } else {
            &self.doc.year
        }
    }
}

/// One entry of the page's problem list.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub code: String,
    pub severity: Sev,
    pub message: String,
    pub table: Option<String>,
    /// The cell or row in words (`表三 › 一、本年新收政府信息公开申请数量 › 总计`).
    pub place: String,
    pub raw: Option<String>,
    /// The cells it marks.
    pub cells: Vec<Key>,
    pub origin: Origin,
}

/// One figure of an equation: the cell's label and its value (`None` = null).
#[derive(Debug, Clone, PartialEq)]
pub struct Operand {
    pub label: String,
    pub value: Option<String>,
}

/// A failed 勾稽 rule: `lhs` is the side the rule computes (`expected`), `rhs` the side
/// it is compared with (`actual`), as the extractor reports them (README).
#[derive(Debug, Clone, PartialEq)]
pub struct Equation {
    pub problem: usize,
    pub rule: String,
    pub place: String,
    pub lhs: Vec<Operand>,
    pub rhs: Vec<Operand>,
    pub expected: Option<String>,
    pub actual: Option<String>,
}

fn side(ops: &[Operand], sum: Option<&str>) -> String {
    let mut s = ops
        .iter()
        .map(|o| o.value.as_deref().unwrap_or("空"))
        .collect::<Vec<_>>()
        .join(" + ");
    if let (true, Some(sum)) = (ops.len() > 1, sum) {
        s.push_str(" = ");
        s.push_str(sum);
    }
    s
}

impl Equation {
    /// `12 + 3 = 15 ≠ 14 + 0 = 14`: each side's figures as published (a null as 空),
    /// then the extractor's sum of that side when it has several figures. Empty when
    /// the rule is not one this page knows how to lay out (the message says it all).
    pub fn text(&self) -> String {
        if self.lhs.is_empty() || self.rhs.is_empty() {
            return String::new();
        }
        format!(
            "{} ≠ {}",
            side(&self.lhs, self.expected.as_deref()),
            side(&self.rhs, self.actual.as_deref())
        )
    }
}

/// A narrative mismatch: the sentence, the figure it states and the table's.
#[derive(Debug, Clone, PartialEq)]
pub struct Narrative {
    pub problem: usize,
    pub place: String,
    pub expected: Option<String>,
    pub actual: Option<String>,
    pub sentence: Option<String>,
    pub paragraph: Option<u64>,
}

/// Everything a report page shows.
#[derive(Debug, Clone, Default)]
pub struct PageModel {
    pub cells: HashMap<Key, CellView>,
    /// Canonical cells in the record's order (template order): what is drawn.
    pub order: Vec<Key>,
    pub problems: Vec<Problem>,
    pub equations: Vec<Equation>,
    pub narrative: Vec<Narrative>,
}

/// A JSON scalar as the page writes it (a number keeps its digits).
pub fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        v => Some(v.to_string()),
    }
}

/// Short table names for places in lists (the headings are long).
pub fn table_short(table: &str) -> &str {
    match table {
        "active_disclosure" => "表二",
        "applications" => "表三",
        "review_litigation" => "表四",
        t => t,
    }
}

/// `表三 › 行 › 列` with the parts known.
pub fn place(table: Option<&str>, row: Option<&str>, col: Option<&str>) -> String {
    let Some(t) = table else {
        return String::new();
    };
    let mut parts = vec![table_short(t).to_owned()];
    parts.extend(row.map(|r| layout::row_label(t, r).to_owned()));
    parts.extend(col.map(|c| layout::col_label(t, c).to_owned()));
    parts.join(" › ")
}

/// The applications rows that are no result (the rest of table 三's rows are summed
/// by `results_total`, whichever of the forms the report has, SPEC §2).
const NOT_RESULTS: [&str; 4] = [
    "received",
    "carried_over",
    "results_total",
    "carried_forward",
];

impl PageModel {
    /// The model of `doc`, with the cross-year findings that name it.
    pub fn build(doc: &ReportDoc, cross: &[CrossLink]) -> PageModel {
        let mut m = PageModel::default();
        for c in &doc.cells {
            let k = key(&c.table, &c.row, &c.col);
            m.order.push(k.clone());
            m.cells.insert(
                k,
                CellView {
                    value: c.value.as_ref().map(|n| n.to_string()),
                    raw: c.raw.clone(),
                    ..CellView::default()
                },
            );
        }
        // A record without `cells` (another writer, an older version) still has
        // `tables`: the values without their raw text.
        if doc.cells.is_empty() {
            for (t, rows) in &doc.tables {
                for (r, cols) in rows.as_object().into_iter().flatten() {
                    for (c, v) in cols.as_object().into_iter().flatten() {
                        let k = key(t, r, c);
                        m.order.push(k.clone());
                        let view = CellView {
                            value: scalar(v),
                            ..CellView::default()
                        };
                        m.cells.insert(k, view);
                    }
                }
            }
        }
        for a in &doc.anomalies {
            m.add_anomaly(a, Origin::Anomaly);
        }
        for a in &doc.notes {
            m.add_anomaly(a, Origin::Note);
        }
        for link in cross {
            m.add_cross_year(link);
        }
        m
    }

    /// The value of a cell as the page shows it (`None`: null or absent).
    pub fn value(&self, t: &str, r: &str, c: &str) -> Option<String> {
        self.cells.get(&key(t, r, c))?.value.clone()
    }

    fn operand(&self, t: &str, r: &str, c: &str, label: String) -> Operand {
        Operand {
            label,
            value: self.value(t, r, c),
        }
    }

    /// The rows of `table` in the record, in order.
    fn rows_of(&self, table: &str) -> Vec<&str> {
        let mut rows: Vec<&str> = Vec::new();
        for (t, r, _) in &self.order {
            if t == table && rows.last() != Some(&r.as_str()) && !rows.contains(&r.as_str()) {
                rows.push(r);
            }
        }
        rows
    }

    fn cols_of(&self, table: &str, row: &str) -> Vec<String> {
        self.order
            .iter()
            .filter(|(t, r, _)| t == table && r == row)
            .map(|k| k.2.clone())
            .collect()
    }

    /// Which cells an anomaly marks: its own cell; for a 勾稽 rule the published
    /// figure it checks (the row's 总计, the （七）总计 cell) or, for `column_balance`,
    /// the column's four figures; for a row-level anomaly (`missing_row`) the row's
    /// cells; for the narrative's 行政诉讼 both litigation rows.
    fn marked(&self, a: &AnomalyDoc) -> Vec<Key> {
        let Some(t) = a.table.as_deref() else {
            return Vec::new();
        };
        let (row, col) = (a.row.as_deref(), a.col.as_deref());
        if a.code == "sum_mismatch" {
            return match (a.rule.as_deref(), row, col) {
                (Some("row_total"), Some(r), _) => vec![key(t, r, "total")],
                (Some("results_total"), _, Some(c)) => vec![key(t, "results_total", c)],
                (Some("column_balance"), _, Some(c)) => {
                    NOT_RESULTS.iter().map(|r| key(t, r, c)).collect()
                }
                _ => Vec::new(),
            };
        }
        match (row, col) {
            (Some("litigation"), Some(c)) if t == "review_litigation" => vec![
                key(t, "litigation_direct", c),
                key(t, "litigation_after_review", c),
            ],
            (Some(r), Some(c)) => vec![key(t, r, c)],
            (Some(r), None) => self
                .cols_of(t, r)
                .into_iter()
                .map(|c| key(t, r, &c))
                .collect(),
            _ => Vec::new(),
        }
    }

    fn push(&mut self, p: Problem) -> usize {
        let i = self.problems.len();
        for k in &p.cells {
            if let Some(cell) = self.cells.get_mut(k) {
                cell.problems.push(i);
                cell.severity = cell.severity.max(Some(p.severity));
            }
        }
        self.problems.push(p);
        i
    }

    fn add_anomaly(&mut self, a: &AnomalyDoc, origin: Origin) {
        let cells = self.marked(a);
        let place = place(a.table.as_deref(), a.row.as_deref(), a.col.as_deref());
        let i = self.push(Problem {
            code: a.code.clone(),
            severity: Sev::parse(&a.severity),
            message: a.message.clone(),
            table: a.table.clone(),
            place: place.clone(),
            raw: a.raw.clone(),
            cells,
            origin,
        });
        let expected = a.expected.as_ref().and_then(scalar);
        let actual = a.actual.as_ref().and_then(scalar);
        match a.code.as_str() {
            "sum_mismatch" => {
                let eq = self.equation(a, i, place, expected, actual);
                self.equations.push(eq);
            }
            "narrative_mismatch" => self.narrative.push(Narrative {
                problem: i,
                place,
                expected,
                actual,
                sentence: a.raw.clone(),
                paragraph: a.paragraph(),
            }),
            _ => {}
        }
    }

    /// The equation of a failed rule, its operands read from the report's own cells
    /// as SPEC §4 defines the rule.
    fn equation(
        &self,
        a: &AnomalyDoc,
        problem: usize,
        place: String,
        expected: Option<String>,
        actual: Option<String>,
    ) -> Equation {
        let t = a.table.as_deref().unwrap_or("");
        let rule = a.rule.clone().unwrap_or_default();
        let col_op = |r: &str, c: &str| self.operand(t, r, c, layout::row_label(t, r).to_owned());
        let row_op = |r: &str, c: &str| self.operand(t, r, c, layout::col_label(t, c).to_owned());
        let (lhs, rhs) = match (rule.as_str(), t, a.row.as_deref(), a.col.as_deref()) {
            ("row_total", "applications", Some(r), _) => (
                layout::APPLICANT_COLS[..6]
                    .iter()
                    .map(|c| row_op(r, c.0))
                    .collect(),
                vec![row_op(r, "total")],
            ),
            ("row_total", "review_litigation", Some(r), _) => (
                layout::REVIEW_COLS[..4]
                    .iter()
                    .map(|c| row_op(r, c.0))
                    .collect(),
                vec![row_op(r, "total")],
            ),
            ("column_balance", "applications", _, Some(c)) => (
                vec![col_op("received", c), col_op("carried_over", c)],
                vec![col_op("results_total", c), col_op("carried_forward", c)],
            ),
            ("results_total", "applications", _, Some(c)) => (
                self.rows_of(t)
                    .into_iter()
                    .filter(|r| !NOT_RESULTS.contains(r))
                    .map(|r| col_op(r, c))
                    .collect(),
                vec![col_op("results_total", c)],
            ),
            _ => (Vec::new(), Vec::new()),
        };
        Equation {
            problem,
            rule,
            place,
            lhs,
            rhs,
            expected,
            actual,
        }
    }

    fn add_cross_year(&mut self, link: &CrossLink) {
        let d = &link.doc;
        let row = if !link.this_is_later && d.code == "carry_over_mismatch" {
            // The earlier year's side of the link is its 结转下年度 row.
            "carried_forward"
        } else {
            d.row.as_str()
        };
        let cells = if d.table.is_empty() || row.is_empty() || d.col.is_empty() {
            Vec::new()
        } else {
            vec![key(&d.table, row, &d.col)]
        };
        fn opt(s: &str) -> Option<&str> {
            (!s.is_empty()).then_some(s)
        }
        self.push(Problem {
            code: d.code.clone(),
            severity: Sev::parse(&d.severity),
            message: d.message.clone(),
            table: opt(&d.table).map(str::to_owned),
            place: place(opt(&d.table), opt(row), opt(&d.col)),
            raw: None,
            cells,
            origin: Origin::CrossYear(Box::new(link.clone())),
        });
    }

    /// How many problems of each severity the record lists (notes and cross-year
    /// findings not counted).
    pub fn counts(&self) -> [usize; 3] {
        let mut n = [0; 3];
        for p in self.problems.iter().filter(|p| p.origin == Origin::Anomaly) {
            n[p.severity as usize] += 1;
        }
        n
    }
}
