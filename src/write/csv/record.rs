//! One CSV record written straight into a byte buffer, quoted as the csv crate quotes,
//! text made safe for spreadsheets, and the same fields typed for the Parquet row: every
//! batch file's rows go through it, so quoting and the formula rule live in one place.

use serde_json::Number;

use crate::report::Location;
use crate::write::parquet::{Chunk, Value};
use crate::write::{push_i64, push_u64};

/// A CSV record being written straight into a byte buffer, quoted as the csv crate
/// quotes by default (`QuoteStyle::Necessary`): a field holding `,`, `"`, CR or LF is
/// put in quotes with its quotes doubled; a record ends with `\n`. No field is a `String`
/// of its own; numbers are written as their digits.
///
/// Text fields ([`Record::str`]) that a spreadsheet would take for a formula — starting
/// with `=`, `+`, `-`, `@`, a tab or a CR — get a leading `'` (the OWASP rule against CSV
/// injection: Excel and LibreOffice then show the text, never run `=HYPERLINK(…)`).
/// Number fields ([`Record::num`], [`Record::int`]) are written as they are: `-3` is a
/// number, not a formula.
pub(in crate::write) struct Record<'a> {
    out: &'a mut Vec<u8>,
    first: bool,
    typed: Option<&'a mut Chunk>,
}

impl<'a> Record<'a> {
    pub(in crate::write) fn new(out: &'a mut Vec<u8>) -> Record<'a> {
        Record {
            out,
            first: true,
            typed: None,
        }
    }

    /// A record whose fields also go, typed, to `typed` (the row of a Parquet file).
    pub(super) fn with_typed(out: &'a mut Vec<u8>, typed: &'a mut Chunk) -> Record<'a> {
        Record {
            out,
            first: true,
            typed: Some(typed),
        }
    }

    fn sep(&mut self) {
        if !std::mem::replace(&mut self.first, false) {
            self.out.push(b',');
        }
    }

    /// The next typed column's value only (nothing in the CSV).
    pub(super) fn typed_only(&mut self, v: Value) -> &mut Self {
        if let Some(t) = self.typed.as_deref_mut() {
            t.push(v);
        }
        self
    }

    /// A text field, made safe for spreadsheets (see [`formula_like`]); verbatim in the
    /// typed row.
    pub(in crate::write) fn str(&mut self, s: &str) -> &mut Self {
        self.typed_only(Value::Text(s));
        if formula_like(s) {
            self.sep();
            // `'` + the text: the text's own quoting rules still apply.
            let mut quoted = Vec::with_capacity(s.len() + 3);
            Record::new(&mut quoted).quote(s);
            let start = usize::from(quoted.first() == Some(&b'"'));
            quoted.insert(start, b'\'');
            self.out.extend_from_slice(&quoted);
            return self;
        }
        self.quote(s)
    }

    /// A field written as it is (quoted when it must be): numbers and codes.
    pub(super) fn plain(&mut self, s: &str) -> &mut Self {
        self.typed_only(Value::Text(s));
        self.quote(s)
    }

    /// `s` as a CSV field, quoted when it must be.
    fn quote(&mut self, s: &str) -> &mut Self {
        self.sep();
        let b = s.as_bytes();
        if b.iter().any(|&c| matches!(c, b',' | b'"' | b'\r' | b'\n')) {
            self.out.reserve(b.len() + 2);
            self.out.push(b'"');
            for part in b.split_inclusive(|&c| c == b'"') {
                self.out.extend_from_slice(part);
                if part.ends_with(b"\"") {
                    self.out.push(b'"');
                }
            }
            self.out.push(b'"');
        } else {
            self.out.extend_from_slice(b);
        }
        self
    }

    /// Fields already quoted by [`Record::str`] (CSV only: their typed values are pushed
    /// by the caller).
    pub(super) fn field(&mut self, quoted: &[u8]) -> &mut Self {
        self.sep();
        self.out.extend_from_slice(quoted);
        self
    }

    pub(super) fn opt_str(&mut self, s: Option<&str>) -> &mut Self {
        self.str(s.unwrap_or(""))
    }

    pub(super) fn null(&mut self) -> &mut Self {
        self.typed_only(Value::Null);
        self.quote("")
    }

    /// A number as published (`arbitrary_precision` keeps its text); empty when `None`.
    pub(super) fn num(&mut self, n: Option<&Number>) -> &mut Self {
        match n {
            Some(n) => {
                self.typed_only(Value::Num(n));
                self.quote(n.as_str())
            }
            None => self.null(),
        }
    }

    pub(super) fn opt_int(&mut self, n: Option<i64>) -> &mut Self {
        match n {
            Some(n) => self.int(n),
            None => self.null(),
        }
    }

    pub(super) fn uint(&mut self, n: u64) -> &mut Self {
        self.typed_only(Value::Int(i64::try_from(n).unwrap_or(i64::MAX)));
        self.sep();
        push_u64(self.out, n);
        self
    }

    pub(super) fn opt_uint(&mut self, n: Option<u64>) -> &mut Self {
        match n {
            Some(n) => self.uint(n),
            None => self.null(),
        }
    }

    pub(super) fn int(&mut self, n: i64) -> &mut Self {
        self.typed_only(Value::Int(n));
        self.sep();
        push_i64(self.out, n);
        self
    }

    /// A location's four fields (`loc_table`, `loc_row`, `loc_cell`, `loc_line`), each
    /// empty when absent (`loc_line` is a page's only).
    pub(super) fn location(&mut self, loc: Option<Location>) -> &mut Self {
        self.opt_uint(loc.map(|l| l.table as u64))
            .opt_uint(loc.map(|l| l.row as u64))
            .opt_uint(loc.map(|l| l.cell as u64))
            .opt_uint(loc.and_then(|l| l.line).map(u64::from))
    }

    /// The record terminator; the record is done.
    pub(in crate::write) fn end(&mut self) {
        self.out.push(b'\n');
        self.first = true;
        if let Some(t) = self.typed.as_deref_mut() {
            t.end_row();
        }
    }
}

/// Whether a text field would be read as a formula by a spreadsheet: it starts with `=`,
/// `+`, `-`, `@` (what Excel and LibreOffice evaluate), a tab or a CR (what the OWASP
/// rule adds: leading whitespace a spreadsheet may strip before evaluating).
pub fn formula_like(s: &str) -> bool {
    matches!(
        s.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    )
}
