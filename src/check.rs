//! check: cell rules (SPEC §3) and 勾稽 rules (SPEC §4). OWNED BY THE `recognize` HELPER — stub.
//!
//! Contract used by `extract`: `check(&Recognized, &CheckOptions) -> Checked`.

use crate::recognize::Recognized;
use crate::report::{Anomaly, CellRecord};
use serde_json::{Map, Value};

#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// `--blank-as-zero`: read blank cells as 0 (with an info anomaly) instead of `null`.
    pub blank_as_zero: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Checked {
    /// `tables.<table>.<row>.<col>`, in template order.
    pub tables: Map<String, Value>,
    pub cells: Vec<CellRecord>,
    pub anomalies: Vec<Anomaly>,
}

pub fn check(_rec: &Recognized, _opts: &CheckOptions) -> Checked {
    Checked::default()
}
