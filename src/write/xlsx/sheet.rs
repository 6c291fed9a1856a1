//! Rows into worksheets: a logical sheet continued on `NAME (2)`, `NAME (3)` … when Excel's
//! row limit is reached, each typed field written as the cell Excel expects (text cut at
//! its limit, dates as serial days), headers bold and frozen. Kept apart from the layout
//! of the sheets (`xlsx`), which decides what goes on which sheet.

use std::borrow::Cow;
use std::io;

use rust_xlsxwriter::{Format, Workbook, XlsxError};

use super::XLSX_FILE;
use crate::write::parquet::{Chunk, Field};

/// Excel's longest text in a cell, in UTF-16 units.
pub(super) const MAX_TEXT: usize = 32_767;

/// Excel's serial day of 1970-01-01 (days from its 1900 epoch, leap bug included).
const EXCEL_1970: i64 = 25_569;

/// `s` as an Excel cell takes it: cut at [`MAX_TEXT`] UTF-16 units, with `…`.
pub(super) fn excel_text(s: &str) -> Cow<'_, str> {
    // Fast path: a UTF-8 string of n bytes has at most n UTF-16 units.
    if s.len() <= MAX_TEXT {
        return Cow::Borrowed(s);
    }
    let mut units = 0;
    for (i, c) in s.char_indices() {
        units += c.len_utf16();
        if units > MAX_TEXT - 1 {
            return Cow::Owned(format!("{}…", &s[..i]));
        }
    }
    Cow::Borrowed(s)
}

pub(super) fn xl_err(e: XlsxError) -> io::Error {
    io::Error::other(format!("{XLSX_FILE}: {e}"))
}

/// One logical sheet: its worksheet now being filled (a continuation once full).
pub(super) struct Sheet {
    pub(super) name: &'static str,
    pub(super) header: Vec<String>,
    /// Index of the worksheet being filled, in the workbook.
    pub(super) index: usize,
    /// 1 for the first worksheet, 2 for `NAME (2)` …
    part: u32,
    next_row: u32,
}

impl Sheet {
    pub(super) fn new(name: &'static str, header: Vec<String>) -> Sheet {
        Sheet {
            name,
            header,
            index: 0,
            part: 1,
            next_row: 1,
        }
    }
}

/// A new worksheet `name` with `header` in bold on its first row, frozen; its index.
pub(super) fn add_sheet(
    workbook: &mut Workbook,
    name: &str,
    header: &[String],
    bold: &Format,
) -> io::Result<usize> {
    let ws = workbook.add_worksheet_with_low_memory().map_err(xl_err)?;
    ws.set_name(name).map_err(xl_err)?;
    for (c, h) in header.iter().enumerate() {
        // Width from the header (a CJK character is two columns wide), within 8..40.
        let w: usize = h.chars().map(|ch| if ch.is_ascii() { 1 } else { 2 }).sum();
        ws.set_column_width(c as u16, (w + 2).clamp(8, 40) as f64)
            .map_err(xl_err)?;
        ws.write_string_with_format(0, c as u16, h, bold)
            .map_err(xl_err)?;
    }
    ws.set_freeze_panes(1, 0).map_err(xl_err)?;
    Ok(workbook.worksheets_mut().len() - 1)
}

/// The workbook's parts a row is written with.
pub(super) struct Writer<'a> {
    pub(super) workbook: &'a mut Workbook,
    pub(super) bold: &'a Format,
    pub(super) date: &'a Format,
    pub(super) max_rows: u32,
}

impl Writer<'_> {
    /// Every row of `chunk`, leaving out column `skip`.
    pub(super) fn rows(&mut self, sheet: &mut Sheet, chunk: &Chunk, skip: usize) -> io::Result<()> {
        let mut failed = None;
        chunk.for_each_row(|f| {
            if failed.is_none() {
                let fields = f
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != skip)
                    .map(|(_, v)| *v);
                failed = self.row(sheet, fields).err();
            }
        });
        failed.map_or(Ok(()), Err)
    }

    /// One row of `sheet`, on a continuation worksheet when the sheet is full.
    pub(super) fn row<'f>(
        &mut self,
        sheet: &mut Sheet,
        fields: impl Iterator<Item = Field<'f>>,
    ) -> io::Result<()> {
        if sheet.next_row >= self.max_rows {
            sheet.part += 1;
            let name = format!("{} ({})", sheet.name, sheet.part);
            sheet.index = add_sheet(self.workbook, &name, &sheet.header, self.bold)?;
            sheet.next_row = 1;
        }
        let r = sheet.next_row;
        sheet.next_row += 1;
        let ws = self
            .workbook
            .worksheet_from_index(sheet.index)
            .map_err(xl_err)?;
        for (c, f) in fields.enumerate() {
            let c = c as u16;
            match f {
                Field::Null | Field::Text("") => {}
                Field::Text(s) => {
                    ws.write_string(r, c, excel_text(s)).map_err(xl_err)?;
                }
                Field::Int(n) => {
                    ws.write_number(r, c, n as f64).map_err(xl_err)?;
                }
                Field::Double(x) => {
                    ws.write_number(r, c, x).map_err(xl_err)?;
                }
                Field::Date(d) => {
                    ws.write_number_with_format(r, c, (d + EXCEL_1970) as f64, self.date)
                        .map_err(xl_err)?;
                }
            }
        }
        Ok(())
    }
}
