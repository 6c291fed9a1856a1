//! The per-report JSON (`reports/R.json`), written by hand into a reused buffer.

use serde::Serialize;
use serde_json::Number;

use crate::report::{
    Anomaly, CellRecord, ErrorRecord, Location, Metadata, Report, Source, table_runs,
};

use super::bytes::needs_json_escape;
use super::{push_i64, push_u64};

/// A report as the bytes of `reports/R.json` (see [`write_report_json`]).
pub fn report_json(report: &Report) -> Vec<u8> {
    let mut out = Vec::with_capacity(48 << 10);
    write_report_json(report, &mut out);
    out
}

/// Append a report as the bytes of `reports/R.json` to `out` (a buffer a worker reuses
/// from report to report): serde_json's pretty layout down to the level of a record,
/// each record on one line, non-ASCII written as is, ending with a newline.
///
/// ```text
/// {
///   "source": {
///     "path": "a.docx", …
///   },
///   …
///   "tables": {
///     "applications": {
///       "received": {"natural_person": 1, "total": null},   ← object 4 deep: one line
///       …
///     }
///   },
///   "cells": [
///     {"table": "applications", …, "location": {"table": 2, "row": 3, "cell": 1}},   ← array element 3 deep: one line
///   …
/// ```
///
/// A report reads and greps a row or a cell to a line, at a third of the bytes of full
/// pretty printing. Written by hand rather than through `Serialize`: strings, numbers
/// (their text as published, `arbitrary_precision`) and containers go straight into
/// `out`, with serde_json's escaping (`tests/cli/bytes/reference.rs` holds the serde version and checks
/// both write the same bytes); the enums go through their `Serialize` impl, so their
/// names stay those of `report.rs`.
pub fn write_report_json(report: &Report, out: &mut Vec<u8>) {
    let mut top = Json::pretty(out, b'{', 1);
    top.key(out, "source");
    let s = &report.source;
    let mut o = Json::pretty(out, b'{', 2);
    o.key(out, "path");
    json_str(out, &s.path);
    o.key(out, "sha256");
    json_str(out, &s.sha256);
    o.key(out, "bytes");
    push_u64(out, s.bytes);
    o.key(out, "format");
    match &s.format {
        None => out.extend_from_slice(b"null"),
        Some(f) => json_enum(out, f),
    }
    if let Some(c) = &s.converted {
        o.key(out, "converted");
        let mut conv = Json::pretty(out, b'{', 3);
        conv.key(out, "from");
        json_enum(out, &c.from);
        conv.key(out, "with");
        json_str(out, &c.with);
        conv.close(out, b'}');
    }
    if let Some(first) = &s.duplicate_of {
        o.key(out, "duplicate_of");
        json_str(out, first);
    }
    o.close(out, b'}');

    top.key(out, "status");
    json_enum(out, &report.status);
    top.key(out, "error");
    match &report.error {
        None => out.extend_from_slice(b"null"),
        Some(e) => {
            let mut o = Json::pretty(out, b'{', 2);
            o.key(out, "code");
            json_enum(out, &e.code);
            o.key(out, "message");
            json_str(out, &e.message);
            if let Some(part) = &e.part {
                o.key(out, "part");
                json_str(out, part);
            }
            if let Some(offset) = e.offset {
                o.key(out, "offset");
                push_u64(out, offset);
            }
            o.close(out, b'}');
        }
    }
    top.key(out, "template");
    match &report.template {
        None => out.extend_from_slice(b"null"),
        Some(t) => json_enum(out, t),
    }
    top.key(out, "report");
    let m = &report.report;
    let mut o = Json::pretty(out, b'{', 2);
    o.key(out, "agency");
    json_opt_str(out, m.agency.as_deref());
    o.key(out, "year");
    match m.year {
        None => out.extend_from_slice(b"null"),
        Some(y) => push_i64(out, y.into()),
    }
    o.key(out, "published");
    json_opt_str(out, m.published.as_deref());
    o.close(out, b'}');

    top.key(out, "tables");
    let mut o = Json::pretty(out, b'{', 2);
    for (table, rows) in table_runs(&report.cells) {
        o.key(out, table);
        let mut t = Json::pretty(out, b'{', 3);
        for (row, cells) in rows {
            t.key(out, row);
            let mut r = Json::inline(out, b'{');
            for c in cells {
                r.key(out, c.col);
                json_opt_num(out, c.value.as_ref());
            }
            r.close(out, b'}');
        }
        t.close(out, b'}');
    }
    o.close(out, b'}');

    top.key(out, "cells");
    let mut a = Json::pretty(out, b'[', 2);
    for c in &report.cells {
        a.next(out);
        // 200 a report, all with the same keys: each key with its punctuation in one piece.
        out.extend_from_slice(b"{\"table\": ");
        json_str(out, c.table);
        out.extend_from_slice(b", \"row\": ");
        json_str(out, c.row);
        out.extend_from_slice(b", \"col\": ");
        json_str(out, c.col);
        out.extend_from_slice(b", \"value\": ");
        json_opt_num(out, c.value.as_ref());
        out.extend_from_slice(b", \"raw\": ");
        json_opt_str(out, c.raw.as_deref());
        out.extend_from_slice(b", \"location\": ");
        json_location(out, c.location);
        out.push(b'}');
    }
    a.close(out, b']');

    for (key, list) in [("anomalies", &report.anomalies), ("notes", &report.notes)] {
        top.key(out, key);
        let mut a = Json::pretty(out, b'[', 2);
        for x in list {
            a.next(out);
            json_anomaly(out, x);
        }
        a.close(out, b']');
    }
    top.close(out, b'}');
    out.push(b'\n');
}

// The JSON is spelled out field by field: a field added to one of these types must be
// added to the writer too, so adding one fails to compile here (and `tests/cli/bytes.rs` checks
// the bytes against serde's output).
const _: fn(&Report, &CellRecord, &Anomaly, &ErrorRecord, &Location) = |r, c, a, e, l| {
    let Report {
        source:
            Source {
                path: _,
                sha256: _,
                bytes: _,
                format: _,
                converted: _,
                duplicate_of: _,
            },
        status: _,
        error: _,
        template: _,
        report:
            Metadata {
                agency: _,
                year: _,
                published: _,
            },
        cells: _,
        anomalies: _,
        notes: _,
        // Counted in summary.json, not written per report.
        narrative: _,
    } = r;
    let CellRecord {
        table: _,
        row: _,
        col: _,
        value: _,
        raw: _,
        location: _,
    } = c;
    let Anomaly {
        code: _,
        severity: _,
        table: _,
        rule: _,
        row: _,
        col: _,
        expected: _,
        actual: _,
        raw: _,
        message: _,
        location: _,
        paragraph: _,
    } = a;
    let ErrorRecord {
        code: _,
        message: _,
        part: _,
        offset: _,
    } = e;
    let Location {
        table: _,
        row: _,
        cell: _,
        line: _,
    } = l;
};

/// An anomaly as one inline object; fields that are `None` are left out (as
/// `skip_serializing_if` says in `report.rs`), `message` always written.
fn json_anomaly(out: &mut Vec<u8>, x: &Anomaly) {
    let mut o = Json::inline(out, b'{');
    o.key(out, "code");
    json_enum(out, &x.code);
    o.key(out, "severity");
    json_enum(out, &x.severity);
    for (key, v) in [
        ("table", &x.table),
        ("rule", &x.rule),
        ("row", &x.row),
        ("col", &x.col),
    ] {
        if let Some(v) = v {
            o.key(out, key);
            json_str(out, v);
        }
    }
    for (key, v) in [("expected", &x.expected), ("actual", &x.actual)] {
        if let Some(v) = v {
            o.key(out, key);
            out.extend_from_slice(v.as_str().as_bytes());
        }
    }
    if let Some(raw) = &x.raw {
        o.key(out, "raw");
        json_str(out, raw);
    }
    o.key(out, "message");
    json_str(out, &x.message);
    if x.location.is_some() {
        o.key(out, "location");
        json_location(out, x.location);
    }
    if let Some(p) = x.paragraph {
        o.key(out, "location");
        out.extend_from_slice(b"{\"paragraph\": ");
        push_u64(out, p as u64);
        out.push(b'}');
    }
    o.close(out, b'}');
}

/// One JSON object or array being written: pretty (each member on its own line,
/// indented to its depth, the closing bracket on a line of its own) or inline (members
/// separated by `, `).
struct Json {
    /// Nesting depth (the top-level object is 1); 0 when inline.
    depth: usize,
    empty: bool,
}

impl Json {
    fn pretty(out: &mut Vec<u8>, open: u8, depth: usize) -> Json {
        out.push(open);
        Json { depth, empty: true }
    }

    fn inline(out: &mut Vec<u8>, open: u8) -> Json {
        out.push(open);
        Json {
            depth: 0,
            empty: true,
        }
    }

    /// Before each member.
    fn next(&mut self, out: &mut Vec<u8>) {
        let first = std::mem::replace(&mut self.empty, false);
        if self.depth == 0 {
            if !first {
                out.extend_from_slice(b", ");
            }
        } else {
            if !first {
                out.push(b',');
            }
            newline(out, self.depth);
        }
    }

    fn key(&mut self, out: &mut Vec<u8>, key: &str) {
        self.next(out);
        json_str(out, key);
        out.extend_from_slice(b": ");
    }

    fn close(self, out: &mut Vec<u8>, close: u8) {
        if self.depth > 0 && !self.empty {
            newline(out, self.depth - 1);
        }
        out.push(close);
    }
}

fn newline(out: &mut Vec<u8>, depth: usize) {
    out.push(b'\n');
    for _ in 0..depth {
        out.extend_from_slice(b"  ");
    }
}

fn json_location(out: &mut Vec<u8>, loc: Option<Location>) {
    let Some(l) = loc else {
        out.extend_from_slice(b"null");
        return;
    };
    out.extend_from_slice(b"{\"table\": ");
    push_u64(out, l.table as u64);
    out.extend_from_slice(b", \"row\": ");
    push_u64(out, l.row as u64);
    out.extend_from_slice(b", \"cell\": ");
    push_u64(out, l.cell as u64);
    if let Some(line) = l.line {
        out.extend_from_slice(b", \"line\": ");
        push_u64(out, u64::from(line));
    }
    out.push(b'}');
}

fn json_opt_num(out: &mut Vec<u8>, n: Option<&Number>) {
    match n {
        None => out.extend_from_slice(b"null"),
        Some(n) => out.extend_from_slice(n.as_str().as_bytes()),
    }
}

fn json_opt_str(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        None => out.extend_from_slice(b"null"),
        Some(s) => json_str(out, s),
    }
}

/// A unit enum (`status`, `code`, …) as its `Serialize` impl names it.
fn json_enum<T: Serialize>(out: &mut Vec<u8>, v: &T) {
    // Serializing our own types into a Vec cannot fail.
    serde_json::to_writer(&mut *out, v).expect("enum serializes");
}

/// A JSON string. Most texts need no escape and are copied in one go; the others go
/// through serde_json, so the escapes are its own (`\n`, `\"`, `\u0001`; non-ASCII and
/// U+2028 as is).
fn json_str(out: &mut Vec<u8>, s: &str) {
    if needs_json_escape(s.as_bytes()) {
        serde_json::to_writer(&mut *out, s).expect("a str serializes");
    } else {
        out.reserve(s.len() + 2);
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    }
}
