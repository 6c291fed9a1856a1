//! The batch CSVs: their columns (documented field by field) and their rows, appended
//! straight into byte buffers.
//!
//! The module is split by job: `columns` documents each file's columns field by field,
//! `wide` derives the wide files' columns from the templates, `record` quotes one CSV
//! record (and its typed twin) into a buffer, `rows` formats one report's rows of every
//! file and `batch_anomalies` the cross-year findings' rows; this file writes the files.

use std::io::{self, Write};
use std::path::Path;

use super::files::AtomicFile;

mod batch_anomalies;
mod columns;
mod record;
mod rows;
mod wide;

pub use batch_anomalies::{batch_anomalies_chunk, batch_anomaly_row, batch_anomaly_rows};
pub use columns::{ANOMALIES_COLUMNS, BATCH_ANOMALIES_COLUMNS, CELLS_COLUMNS, REPORTS_COLUMNS};
pub(super) use record::Record;
pub use record::formula_like;
pub use rows::{BatchRows, TypedRows, batch_rows};
pub(super) use wide::union_rows;
pub use wide::{WIDE_META_COLUMNS, wide_cell_columns, wide_columns, wide_file};

/// The byte-order mark every CSV starts with.
pub const BOM: &[u8] = "\u{feff}".as_bytes();

/// A batch CSV being written: BOM and header first, then rows appended in order;
/// [`CsvFile::commit`] renames it into place.
pub struct CsvFile {
    file: AtomicFile,
}

impl CsvFile {
    pub fn create(path: &Path, columns: &[&str]) -> io::Result<CsvFile> {
        let mut file = AtomicFile::create(path)?;
        let mut head = BOM.to_vec();
        let mut r = Record::new(&mut head);
        for c in columns {
            r.plain(c);
        }
        r.end();
        file.write_all(&head)?;
        Ok(CsvFile { file })
    }

    /// Append rows already formatted by [`batch_rows`] or [`batch_anomaly_row`].
    pub fn append(&mut self, rows: &[u8]) -> io::Result<()> {
        self.file.write_all(rows)
    }

    pub fn commit(self) -> io::Result<()> {
        self.file.commit()
    }
}
