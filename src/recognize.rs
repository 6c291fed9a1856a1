//! recognize: find the template's tables by their labels. OWNED BY THE `recognize` HELPER — stub.
//!
//! Contract used by `extract`: `recognize(&Document) -> Recognized`.

use crate::model::Document;
use crate::report::{Anomaly, Location, Template};

/// What `recognize` found: the template, and for each template table found, each
/// canonical row with its canonical cells' raw text and location.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Recognized {
    pub template: Option<Template>,
    pub tables: Vec<RecognizedTable>,
    /// `missing_table`, `missing_row`, `unrecognized_row`, … found while mapping.
    pub anomalies: Vec<Anomaly>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RecognizedTable {
    /// `active_disclosure`, `applications`, `review_litigation`.
    pub key: &'static str,
    /// Every canonical row of the template, in template order, found or not.
    pub rows: Vec<RecognizedRow>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RecognizedRow {
    pub key: &'static str,
    /// False when the template row is absent from the table (`missing_row`).
    pub found: bool,
    /// Every canonical column of the row, in template order.
    pub cells: Vec<RawCell>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RawCell {
    pub col: &'static str,
    /// The cell text verbatim; `None` when the row or the column is absent.
    pub raw: Option<String>,
    pub location: Option<Location>,
}

pub fn recognize(_doc: &Document) -> Recognized {
    Recognized::default()
}
