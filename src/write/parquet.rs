//! The batch files as Parquet (`reports.parquet`, `cells.parquet`, `anomalies.parquet`,
//! `batch_anomalies.parquet`): the CSVs' rows with every column typed, so pandas and
//! DuckDB load them in one call with no arguments.
//!
//! The columns are the CSVs' own ([`super::csv`]'s lists), in the same order, and the
//! values are pushed by the same row code that writes the CSV fields (a [`Chunk`] rides
//! along with each CSV `Record`), so the two cannot disagree. A column's type comes from
//! its name ([`kind`]): counts and locations `INT64`, `year` `INT32`, `published` `DATE`,
//! `value`/`expected`/`actual` `DOUBLE`, everything else UTF-8 text; every column is
//! nullable (an empty CSV field is a Parquet null). `cells.parquet` has one column the CSV
//! has not: `value_int`, the value as an exact `INT64` when it is a whole number (every
//! count), beside `value` as `DOUBLE` (amounts are decimals: `73802895.90`).
//!
//! Text is verbatim here (no leading `'`: Parquet is not opened by spreadsheets as
//! formulas). A `pandas` metadata entry says which integer columns are pandas' nullable
//! `Int64`/`Int32`, so `pd.read_parquet` gives integers with `<NA>`, not floats.
//!
//! Memory stays flat: rows are buffered column by column and written as a row group every
//! [`ROW_GROUP_ROWS`] rows, with the low-level column writers of the `parquet` crate (no
//! Arrow), Snappy-compressed.

use std::io;
use std::path::Path;
use std::sync::Arc;

use bytes::Bytes;
use parquet::basic::{Compression, LogicalType, Repetition, Type as Physical};
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int32Type, Int64Type};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::{EnabledStatistics, WriterProperties};
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;
use serde_json::Number;

use super::files::AtomicFile;

/// The most rows of a row group.
pub const ROW_GROUP_ROWS: usize = 1 << 16;

/// The most bytes a file buffers before it writes them as a row group (the values as
/// [`Chunk`] holds them: text bytes, offsets, numbers, levels): whichever of this and
/// [`ROW_GROUP_ROWS`] comes first ends a row group. 65,536 rows of `cells.parquet` were
/// about 17 MiB buffered, of `anomalies.parquet` more (messages), and four files buffer at
/// once; at this bound a row group of `cells.parquet` is about 15,000 rows (~50 reports).
/// Where rows end a group depends only on the rows, in input order: the bytes are the
/// same whatever `--jobs`.
pub const ROW_GROUP_BYTES: usize = 4 << 20;

/// A Parquet column's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Int64,
    Int32,
    Double,
    /// `published`: an ISO date (`2022-01-20`) as days since 1970-01-01.
    Date,
}

/// The type of the column `name` (a CSV column name).
pub fn kind(name: &str) -> Kind {
    match name {
        "year" | "prev_year" => Kind::Int32,
        "published" => Kind::Date,
        "value" | "expected" | "actual" => Kind::Double,
        "bytes" | "error_offset" | "cells" | "cells_null" | "anomalies_info"
        | "anomalies_warning" | "anomalies_error" | "value_int" => Kind::Int64,
        n if n.starts_with("loc_") => Kind::Int64,
        _ => Kind::Text,
    }
}

/// The Parquet columns of a CSV: its columns, with `value_int` after `value`.
pub fn parquet_columns(csv: &[&'static str]) -> Vec<&'static str> {
    let mut cols = Vec::with_capacity(csv.len() + 1);
    for c in csv {
        cols.push(*c);
        if *c == "value" {
            cols.push("value_int");
        }
    }
    cols
}

/// A value pushed into a column; converted to the column's [`Kind`].
#[derive(Debug, Clone, Copy)]
pub enum Value<'a> {
    Null,
    Text(&'a str),
    Int(i64),
    Num(&'a Number),
}

/// A value read back from a [`Chunk`] ([`Chunk::for_each_row`]), as its column's kind.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Field<'a> {
    Null,
    Text(&'a str),
    Int(i64),
    Double(f64),
    /// Days since 1970-01-01.
    Date(i64),
}

/// One column's buffered values: definition levels (1 = a value, 0 = null) for every
/// row, and the values of the non-null rows only.
#[derive(Debug, Clone)]
struct Column {
    kind: Kind,
    def: Vec<i16>,
    /// Text: the bytes of every value, one after the other, and where each ends.
    text: Vec<u8>,
    ends: Vec<usize>,
    ints: Vec<i64>,
    doubles: Vec<f64>,
}

impl Column {
    fn new(kind: Kind) -> Column {
        Column {
            kind,
            def: Vec::new(),
            text: Vec::new(),
            ends: Vec::new(),
            ints: Vec::new(),
            doubles: Vec::new(),
        }
    }

    fn null(&mut self) {
        self.def.push(0);
    }

    fn push(&mut self, v: Value) {
        match (self.kind, v) {
            (_, Value::Null) => self.null(),
            (Kind::Text, Value::Text("")) => self.null(),
            (Kind::Text, Value::Text(s)) => self.text_value(s.as_bytes()),
            (Kind::Text, Value::Int(n)) => self.text_value(n.to_string().as_bytes()),
            (Kind::Text, Value::Num(n)) => self.text_value(n.as_str().as_bytes()),
            (Kind::Int64 | Kind::Int32, v) => {
                let n = match v {
                    Value::Int(n) => Some(n),
                    Value::Num(n) => n.as_i64(),
                    Value::Text(s) => s.parse().ok(),
                    Value::Null => None,
                };
                let n = n.filter(|n| self.kind == Kind::Int64 || i32::try_from(*n).is_ok());
                self.int_value(n);
            }
            (Kind::Double, v) => {
                let x = match v {
                    Value::Int(n) => Some(n as f64),
                    Value::Num(n) => n.as_f64(),
                    Value::Text(s) => s.parse().ok(),
                    Value::Null => None,
                };
                match x {
                    Some(x) => {
                        self.def.push(1);
                        self.doubles.push(x);
                    }
                    None => self.null(),
                }
            }
            (Kind::Date, Value::Text(s)) => self.int_value(iso_days(s)),
            (Kind::Date, _) => self.null(),
        }
    }

    fn text_value(&mut self, b: &[u8]) {
        self.def.push(1);
        self.text.extend_from_slice(b);
        self.ends.push(self.text.len());
    }

    fn int_value(&mut self, n: Option<i64>) {
        match n {
            Some(n) => {
                self.def.push(1);
                self.ints.push(n);
            }
            None => self.null(),
        }
    }

    /// Room for `rows` more rows' levels and values (not their text bytes, whose size
    /// is not known).
    fn reserve(&mut self, rows: usize) {
        self.def.reserve(rows);
        match self.kind {
            Kind::Text => self.ends.reserve(rows),
            Kind::Int64 | Kind::Int32 | Kind::Date => self.ints.reserve(rows),
            Kind::Double => self.doubles.reserve(rows),
        }
    }

    fn extend(&mut self, other: &Column) {
        self.def.extend_from_slice(&other.def);
        let base = self.text.len();
        self.text.extend_from_slice(&other.text);
        self.ends.extend(other.ends.iter().map(|e| e + base));
        self.ints.extend_from_slice(&other.ints);
        self.doubles.extend_from_slice(&other.doubles);
    }

    /// The bytes this column buffers (as [`ROW_GROUP_BYTES`] counts them).
    fn bytes(&self) -> usize {
        self.def.len() * 2
            + self.text.len()
            + (self.ends.len() + self.ints.len() + self.doubles.len()) * 8
    }

    fn clear(&mut self) {
        self.def.clear();
        self.text.clear();
        self.ends.clear();
        self.ints.clear();
        self.doubles.clear();
    }
}

/// Days from 1970-01-01 to an ISO date `YYYY-MM-DD` (proleptic Gregorian); `None` when
/// the text is not one.
fn iso_days(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y: i64 = s.get(0..4)?.parse().ok()?;
    let m: i64 = s.get(5..7)?.parse().ok()?;
    let d: i64 = s.get(8..10)?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// Rows of one Parquet file, column by column: what a worker formats for one report,
/// and what the file buffers until a row group is full.
#[derive(Debug, Clone)]
pub struct Chunk {
    columns: Vec<Column>,
    at: usize,
    rows: usize,
}

impl Chunk {
    /// An empty chunk for the columns `names`.
    pub fn new(names: &[&str]) -> Chunk {
        Chunk {
            columns: names.iter().map(|n| Column::new(kind(n))).collect(),
            at: 0,
            rows: 0,
        }
    }

    /// Room for `rows` more rows in every column: a report's cells and anomalies are
    /// counted before they are pushed, and each column's vectors grew by doubling from
    /// empty for every report (a tenth of the batch's allocation instructions).
    pub fn reserve_rows(&mut self, rows: usize) {
        for c in &mut self.columns {
            c.reserve(rows);
        }
    }

    /// The next column's value of the row being pushed.
    pub fn push(&mut self, v: Value) {
        if let Some(c) = self.columns.get_mut(self.at) {
            c.push(v);
        }
        self.at += 1;
    }

    /// The row is complete. A row that pushed fewer values than there are columns gets
    /// nulls for the rest (a CSV column added without its Parquet twin stays loadable).
    pub fn end_row(&mut self) {
        for c in self.columns.iter_mut().skip(self.at) {
            c.null();
        }
        self.at = 0;
        self.rows += 1;
    }

    pub fn rows(&self) -> usize {
        self.rows
    }

    /// The bytes buffered, as `ROW_GROUP_BYTES` counts them.
    pub fn bytes(&self) -> usize {
        self.columns.iter().map(Column::bytes).sum()
    }

    /// Enough rows for a row group: [`ROW_GROUP_ROWS`] rows or `ROW_GROUP_BYTES` bytes.
    pub fn is_full(&self) -> bool {
        self.rows >= ROW_GROUP_ROWS || self.bytes() >= ROW_GROUP_BYTES
    }

    /// The chunk's rows, each as one [`Field`] per column, in order: what the workbook
    /// (`nianbao.xlsx`) writes from the same typed values the Parquet files get.
    pub fn for_each_row<'s>(&'s self, mut f: impl FnMut(&[Field<'s>])) {
        // Each column's next value: rows are read in order, so one cursor per column.
        let mut at: Vec<usize> = vec![0; self.columns.len()];
        let mut row: Vec<Field<'s>> = Vec::with_capacity(self.columns.len());
        for r in 0..self.rows {
            row.clear();
            for (c, i) in self.columns.iter().zip(at.iter_mut()) {
                if c.def.get(r) != Some(&1) {
                    row.push(Field::Null);
                    continue;
                }
                let k = *i;
                *i += 1;
                row.push(match c.kind {
                    Kind::Text => {
                        let start = k.checked_sub(1).map_or(0, |p| c.ends[p]);
                        let bytes = &c.text[start..c.ends[k]];
                        // Pushed from a `&str`, whole: always UTF-8.
                        Field::Text(std::str::from_utf8(bytes).unwrap_or(""))
                    }
                    Kind::Int64 | Kind::Int32 => Field::Int(c.ints[k]),
                    Kind::Date => Field::Date(c.ints[k]),
                    Kind::Double => Field::Double(c.doubles[k]),
                });
            }
            f(&row);
        }
    }

    fn extend(&mut self, other: &Chunk) {
        for (a, b) in self.columns.iter_mut().zip(&other.columns) {
            a.extend(b);
        }
        self.rows += other.rows;
    }

    fn clear(&mut self) {
        self.columns.iter_mut().for_each(Column::clear);
        self.rows = 0;
        self.at = 0;
    }
}

/// A Parquet file being written: rows appended as chunks, a row group written when the
/// buffer [`Chunk::is_full`], renamed into place by [`ParquetFile::commit`].
pub struct ParquetFile {
    writer: SerializedFileWriter<AtomicFile>,
    buf: Chunk,
    /// `buf.bytes()`, kept as chunks are appended.
    bytes: usize,
}

fn pq_err(e: parquet::errors::ParquetError) -> io::Error {
    io::Error::other(e.to_string())
}

impl ParquetFile {
    pub fn create(path: &Path, columns: &[&str]) -> io::Result<ParquetFile> {
        let fields = columns
            .iter()
            .map(|name| {
                let (physical, logical) = match kind(name) {
                    Kind::Text => (Physical::BYTE_ARRAY, Some(LogicalType::String)),
                    Kind::Int64 => (Physical::INT64, None),
                    Kind::Int32 => (Physical::INT32, None),
                    Kind::Double => (Physical::DOUBLE, None),
                    Kind::Date => (Physical::INT32, Some(LogicalType::Date)),
                };
                Type::primitive_type_builder(name, physical)
                    .with_repetition(Repetition::OPTIONAL)
                    .with_logical_type(logical)
                    .build()
                    .map(Arc::new)
            })
            .collect::<Result<Vec<_>, _>>()
            .map_err(pq_err)?;
        let schema = Type::group_type_builder("schema")
            .with_fields(fields)
            .build()
            .map_err(pq_err)?;
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_statistics_enabled(EnabledStatistics::Chunk)
            // No offset index (a page's place, for readers that skip pages by a column
            // index we do not write): the writer holds every chunk's until the footer,
            // about 1.5 MiB at 100,000 files (issue 16's memory); DuckDB and pandas read
            // the row groups without it.
            .set_offset_index_disabled(true)
            .set_created_by(format!("nianbao {}", env!("CARGO_PKG_VERSION")))
            .set_key_value_metadata(Some(vec![KeyValue::new(
                "pandas".to_owned(),
                pandas_metadata(columns),
            )]))
            .build();
        let file = AtomicFile::create(path)?;
        let writer =
            SerializedFileWriter::new(file, Arc::new(schema), Arc::new(props)).map_err(pq_err)?;
        Ok(ParquetFile {
            writer,
            buf: Chunk::new(columns),
            bytes: 0,
        })
    }

    pub fn append(&mut self, rows: &Chunk) -> io::Result<()> {
        self.buf.extend(rows);
        self.bytes += rows.bytes();
        if self.buf.rows >= ROW_GROUP_ROWS || self.bytes >= ROW_GROUP_BYTES {
            self.flush()?;
        }
        Ok(())
    }

    /// Write the buffered rows as one row group.
    fn flush(&mut self) -> io::Result<()> {
        if self.buf.rows == 0 {
            return Ok(());
        }
        let mut group = self.writer.next_row_group().map_err(pq_err)?;
        for col in &mut self.buf.columns {
            let Some(mut w) = group.next_column().map_err(pq_err)? else {
                break;
            };
            let def = Some(&col.def[..]);
            match col.kind {
                Kind::Text => {
                    let data = Bytes::from(std::mem::take(&mut col.text));
                    let mut start = 0;
                    let values: Vec<ByteArray> = col
                        .ends
                        .iter()
                        .map(|&end| {
                            let v = ByteArray::from(data.slice(start..end));
                            start = end;
                            v
                        })
                        .collect();
                    w.typed::<ByteArrayType>()
                        .write_batch(&values, def, None)
                        .map_err(pq_err)?;
                }
                Kind::Int64 => {
                    w.typed::<Int64Type>()
                        .write_batch(&col.ints, def, None)
                        .map_err(pq_err)?;
                }
                Kind::Int32 | Kind::Date => {
                    let ints: Vec<i32> = col
                        .ints
                        .iter()
                        .map(|&n| i32::try_from(n).unwrap_or(i32::MAX))
                        .collect();
                    w.typed::<Int32Type>()
                        .write_batch(&ints, def, None)
                        .map_err(pq_err)?;
                }
                Kind::Double => {
                    w.typed::<DoubleType>()
                        .write_batch(&col.doubles, def, None)
                        .map_err(pq_err)?;
                }
            }
            w.close().map_err(pq_err)?;
        }
        group.close().map_err(pq_err)?;
        self.buf.clear();
        self.bytes = 0;
        Ok(())
    }

    pub fn commit(mut self) -> io::Result<()> {
        self.flush()?;
        let file = self.writer.into_inner().map_err(pq_err)?;
        file.commit()
    }
}

/// The `pandas` metadata pyarrow reads to rebuild a DataFrame's dtypes: integer columns
/// as pandas' nullable `Int64`/`Int32` (with `<NA>`), not floats.
fn pandas_metadata(columns: &[&str]) -> String {
    let cols: Vec<serde_json::Value> = columns
        .iter()
        .map(|name| {
            let (pandas_type, numpy_type) = match kind(name) {
                Kind::Text => ("unicode", "object"),
                Kind::Int64 => ("int64", "Int64"),
                Kind::Int32 => ("int32", "Int32"),
                Kind::Double => ("float64", "float64"),
                Kind::Date => ("date", "object"),
            };
            serde_json::json!({
                "name": name,
                "field_name": name,
                "pandas_type": pandas_type,
                "numpy_type": numpy_type,
                "metadata": null,
            })
        })
        .collect();
    serde_json::json!({
        "index_columns": [],
        "column_indexes": [],
        "columns": cols,
        "creator": {"library": "nianbao", "version": env!("CARGO_PKG_VERSION")},
        "pandas_version": "2.2.0",
    })
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_are_days_since_the_epoch() {
        assert_eq!(iso_days("1970-01-01"), Some(0));
        assert_eq!(iso_days("2022-01-20"), Some(19012));
        assert_eq!(iso_days("2000-03-01"), Some(11017));
        assert_eq!(iso_days("2022-1-20"), None);
        assert_eq!(iso_days("2022-13-01"), None);
        assert_eq!(iso_days(""), None);
    }

    #[test]
    fn values_are_converted_to_the_column_kind() {
        let n = |s: &str| Number::from_string_unchecked(s.to_owned());
        let mut c = Chunk::new(&["value", "value_int", "raw", "year", "published"]);
        let (a, b) = (n("73802895.90"), n("-3"));
        for v in [
            Value::Num(&a),
            Value::Num(&a),
            Value::Text("=1"),
            Value::Int(2021),
        ] {
            c.push(v);
        }
        c.push(Value::Text("2022-01-20"));
        c.end_row();
        c.push(Value::Num(&b));
        c.push(Value::Num(&b));
        c.push(Value::Text(""));
        c.end_row();
        assert_eq!(c.rows(), 2);
        let [value, value_int, raw, year, published] = &c.columns[..] else {
            panic!("5 columns");
        };
        assert_eq!(value.doubles, [73802895.9, -3.0]);
        assert_eq!(value_int.def, [0, 1]);
        assert_eq!(value_int.ints, [-3]);
        assert_eq!(
            (raw.def.as_slice(), raw.text.as_slice()),
            (&[1, 0][..], &b"=1"[..])
        );
        assert_eq!(
            (year.def.as_slice(), year.ints.as_slice()),
            (&[1, 0][..], &[2021][..])
        );
        assert_eq!(published.ints, [19012]);
    }
}
