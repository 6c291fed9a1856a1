//! The statements held against the checked cells: each difference one
//! `narrative_mismatch` (warning) with the sentence and its paragraph, agreements only
//! counted. A `null` or absent cell is not compared; litigation is the sum of its two
//! rows and needs both.

use crate::report::{Anomaly, AnomalyCode, CellRecord, NarrativeCounts, Severity};
use crate::text::Dec;

use super::{Statement, Target};

/// Each statement against its cell.
pub fn compare(found: &[Statement], cells: &[CellRecord]) -> (Vec<Anomaly>, NarrativeCounts) {
    let value = |t: &str, r: &str, c: &str| {
        cells
            .iter()
            .find(|x| x.table == t && x.row == r && x.col == c)
            .and_then(|x| x.value.as_ref())
            .and_then(Dec::from_number)
    };
    let mut counts = NarrativeCounts {
        statements: found.len(),
        ..NarrativeCounts::default()
    };
    let mut out = Vec::new();
    for s in found {
        let actual = match s.target {
            Target::Cell(t, r, c) => value(t, r, c),
            Target::Litigation => {
                let direct = value("review_litigation", "litigation_direct", "total");
                let after = value("review_litigation", "litigation_after_review", "total");
                direct.zip(after).map(|(a, b)| a.plus(b))
            }
        };
        let Some(actual) = actual else { continue };
        counts.compared += 1;
        let stated = Dec {
            mant: i128::from(s.figure),
            scale: 0,
        };
        if stated.same_value(actual) {
            continue;
        }
        counts.differing += 1;
        let (table, row, col) = s.target.key();
        out.push(Anomaly {
            expected: Some(stated.to_number()),
            actual: Some(actual.to_number()),
            raw: Some(s.sentence.clone()),
            paragraph: Some(s.paragraph),
            ..Anomaly::new(
                AnomalyCode::NarrativeMismatch,
                Severity::Warning,
                format!(
                    "正文（段落 p{}）称 {}，表中为 {actual}",
                    s.paragraph, s.figure
                ),
            )
            .at(table, Some(row), Some(col))
        });
    }
    (out, counts)
}
