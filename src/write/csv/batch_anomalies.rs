//! The rows of `batch_anomalies.csv` and `batch_anomalies.parquet`: the cross-year
//! findings, known only once every report is read, formatted as the per-report rows are.

use crate::write::parquet::{Chunk, parquet_columns};

use super::columns::BATCH_ANOMALIES_COLUMNS;
use super::record::Record;

/// A `batch_anomalies.csv` row, appended to `out`.
pub fn batch_anomaly_row(out: &mut Vec<u8>, b: &crate::crossyear::BatchAnomaly) {
    batch_anomaly_record(Record::new(out), b);
}

/// A `batch_anomalies.csv` row appended to `out`, and the same row to `typed` (a chunk of
/// `batch_anomalies.parquet`, [`batch_anomalies_chunk`]).
pub fn batch_anomaly_rows(
    out: &mut Vec<u8>,
    typed: &mut Chunk,
    b: &crate::crossyear::BatchAnomaly,
) {
    batch_anomaly_record(Record::with_typed(out, typed), b);
}

/// An empty chunk of `batch_anomalies.parquet` rows.
pub fn batch_anomalies_chunk() -> Chunk {
    Chunk::new(&parquet_columns(BATCH_ANOMALIES_COLUMNS))
}

fn batch_anomaly_record(mut r: Record, b: &crate::crossyear::BatchAnomaly) {
    r.str(&b.source)
        .int(b.year.into())
        .str(&b.prev_source)
        .int(b.prev_year.into())
        .str(&b.agency)
        .str(&b.agency_key)
        .str(b.code.as_str())
        .str(b.severity.as_str())
        .str(&b.table)
        .str(&b.row)
        .str(&b.col)
        .num(Some(&b.expected))
        .num(Some(&b.actual))
        .str(&b.message)
        .end();
}
