//! What the cross-year checks keep of one report ([`YearSummary`]): its identity and the
//! carried-over, carried-forward and in-force figures, from a whole report or from a
//! lookup of its values (what a batch keeps after writing the report).

use std::collections::BTreeMap;

use serde_json::Number;

use crate::recognize::template::APPLICANT_COLS;
use crate::report::{Report, Status, Template};
use crate::text::Dec;

/// What the cross-year checks need from one report.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct YearSummary {
    /// `source.path`.
    pub source: String,
    pub agency: Option<String>,
    pub year: Option<i32>,
    pub template: Option<Template>,
    /// `applications.carried_over.<col>`, by column key.
    pub carried_over: BTreeMap<String, Number>,
    /// `applications.carried_forward.<col>`, by column key.
    pub carried_forward: BTreeMap<String, Number>,
    /// `active_disclosure.<rules|normative_docs>.<issued|repealed|in_force>`, by
    /// (row, col).
    pub active: BTreeMap<(String, String), Number>,
}

impl YearSummary {
    pub fn from_report(r: &Report) -> Self {
        let template = if r.status == Status::Ok {
            r.template
        } else {
            None
        };
        YearSummary::from_values(
            &r.source.path,
            r.report.agency.as_deref(),
            r.report.year,
            template,
            |key| {
                let mut k = key.splitn(3, '.');
                let (t, row, col) = (k.next()?, k.next()?, k.next()?);
                r.value(t, row, col).cloned()
            },
        )
    }

    /// From a report's identity and a lookup of `table.row.col` values (`None`: null or
    /// absent) — what a batch keeps of each report after writing it.
    pub fn from_values(
        source: &str,
        agency: Option<&str>,
        year: Option<i32>,
        template: Option<Template>,
        value: impl Fn(&str) -> Option<Number>,
    ) -> Self {
        let mut s = YearSummary {
            source: source.to_owned(),
            agency: agency.map(str::to_owned),
            year,
            template,
            ..Default::default()
        };
        for col in APPLICANT_COLS {
            if let Some(n) = value(&format!("applications.carried_over.{col}")) {
                s.carried_over.insert(col.to_owned(), n);
            }
            if let Some(n) = value(&format!("applications.carried_forward.{col}")) {
                s.carried_forward.insert(col.to_owned(), n);
            }
        }
        for row in ["rules", "normative_docs"] {
            for col in ["issued", "repealed", "in_force"] {
                if let Some(n) = value(&format!("active_disclosure.{row}.{col}")) {
                    s.active.insert((row.to_owned(), col.to_owned()), n);
                }
            }
        }
        s
    }

    pub(super) fn active(&self, row: &str, col: &str) -> Option<Dec> {
        self.active
            .get(&(row.to_owned(), col.to_owned()))
            .and_then(Dec::from_number)
    }
}
