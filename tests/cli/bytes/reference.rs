//! The report JSON and batch rows as nianbao wrote them before they were made cheaper
//! (commit 98b2e75): serde_json with the line formatter, one `String` per CSV field.

use std::io::{self, Write};

use nianbao::report::{Anomaly, Report, Status};
use serde::Serialize;
use serde_json::Number;

pub fn report_json(report: &Report) -> Vec<u8> {
    let mut out = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(&mut out, LineFormatter::default());
    report.serialize(&mut ser).unwrap();
    out.push(b'\n');
    out
}

#[derive(Default)]
struct LineFormatter {
    depth: usize,
    inline_from: Option<usize>,
    array_element: bool,
    has_value: bool,
}

impl LineFormatter {
    fn open<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        let element = std::mem::take(&mut self.array_element);
        self.depth += 1;
        if self.inline_from.is_none() && (self.depth >= 4 || (self.depth == 3 && element)) {
            self.inline_from = Some(self.depth);
        }
        self.has_value = false;
        w.write_all(bracket)
    }
    fn close<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        if self.inline_from.is_none() && self.has_value {
            self.newline(w, self.depth - 1)?;
        }
        if self.inline_from == Some(self.depth) {
            self.inline_from = None;
        }
        self.depth -= 1;
        w.write_all(bracket)
    }
    fn newline<W: ?Sized + Write>(&self, w: &mut W, depth: usize) -> io::Result<()> {
        w.write_all(b"\n")?;
        for _ in 0..depth {
            w.write_all(b"  ")?;
        }
        Ok(())
    }
    fn item<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        if self.inline_from.is_some() {
            if !first {
                w.write_all(b", ")?;
            }
            Ok(())
        } else {
            if !first {
                w.write_all(b",")?;
            }
            self.newline(w, self.depth)
        }
    }
}

impl serde_json::ser::Formatter for LineFormatter {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"[")
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"]")
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.item(w, first)?;
        self.array_element = true;
        Ok(())
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.array_element = false;
        self.has_value = true;
        Ok(())
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"{")
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"}")
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.item(w, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

fn csv_writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new())
}

fn num(n: &Option<Number>) -> String {
    n.as_ref().map(Number::to_string).unwrap_or_default()
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(T::to_string).unwrap_or_default()
}

/// A text field as a spreadsheet must see it: a leading `'` before `=`, `+`, `-`, `@`,
/// tab or CR (OWASP's rule against CSV injection).
fn safe(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_owned(),
    }
}

fn safe_opt(v: &Option<String>) -> String {
    safe(v.as_deref().unwrap_or(""))
}

/// reports, cells, wide, anomalies.
pub fn batch_rows(report: &Report) -> [Vec<u8>; 4] {
    let path = report.source.path.as_str();
    let (info, warning, error) = report.severity_counts();
    let err = report.error.as_ref();
    let template = report.template.map(|t| t.as_str()).unwrap_or("");
    let status = match report.status {
        Status::Ok => "ok",
        Status::Error => "error",
    };
    let meta = &report.report;

    let mut w = csv_writer();
    let rec: [String; 20] = [
        safe(path),
        report.source.sha256.clone(),
        report.source.bytes.to_string(),
        status.to_owned(),
        err.map(|e| e.code.as_str().to_owned()).unwrap_or_default(),
        safe(err.map(|e| e.message.as_str()).unwrap_or_default()),
        safe(err.and_then(|e| e.part.as_deref()).unwrap_or_default()),
        err.and_then(|e| e.offset)
            .map(|o| o.to_string())
            .unwrap_or_default(),
        template.to_owned(),
        safe_opt(&meta.agency),
        opt(&meta.year),
        safe_opt(&meta.published),
        report.cells.len().to_string(),
        report
            .cells
            .iter()
            .filter(|c| c.value.is_none())
            .count()
            .to_string(),
        info.to_string(),
        warning.to_string(),
        error.to_string(),
        report
            .notes
            .iter()
            .map(|n| n.code.as_str())
            .collect::<Vec<_>>()
            .join(";"),
        report
            .source
            .format
            .map(|f| f.as_str().to_owned())
            .unwrap_or_default(),
        safe_opt(&report.source.duplicate_of),
    ];
    w.write_record(&rec).unwrap();
    let reports = w.into_inner().unwrap();

    let joined = [
        safe(path),
        safe_opt(&meta.agency),
        opt(&meta.year),
        template.to_owned(),
    ];
    let mut w = csv_writer();
    for c in &report.cells {
        let loc = c.location;
        let mut rec = joined.to_vec();
        rec.extend([
            c.table.to_owned(),
            c.row.to_owned(),
            c.col.to_owned(),
            num(&c.value),
            safe_opt(&c.raw),
            opt(&loc.map(|l| l.table)),
            opt(&loc.map(|l| l.row)),
            opt(&loc.map(|l| l.cell)),
            opt(&loc.and_then(|l| l.line)),
        ]);
        w.write_record(&rec).unwrap();
    }
    let cells = w.into_inner().unwrap();

    let mut w = csv_writer();
    if let Some(t) = report.template {
        let mut wide: Vec<String> = vec![
            safe(path),
            safe_opt(&meta.agency),
            opt(&meta.year),
            safe_opt(&meta.published),
        ];
        for key in nianbao::write::wide_columns(t) {
            let mut parts = key.splitn(3, '.');
            let (t, r, c) = (parts.next(), parts.next(), parts.next());
            let v = match (t, r, c) {
                (Some(t), Some(r), Some(c)) => report
                    .value(t, r, c)
                    .map(Number::to_string)
                    .unwrap_or_default(),
                _ => String::new(),
            };
            wide.push(v);
        }
        w.write_record(&wide).unwrap();
    }
    let wide = w.into_inner().unwrap();

    let mut w = csv_writer();
    for a in &report.anomalies {
        let mut rec = joined.to_vec();
        rec.extend(anomaly_fields(a));
        w.write_record(rec).unwrap();
    }
    let anomalies = w.into_inner().unwrap();
    [reports, cells, wide, anomalies]
}

fn anomaly_fields(a: &Anomaly) -> Vec<String> {
    let loc = a.location;
    vec![
        a.code.as_str().to_owned(),
        a.severity.as_str().to_owned(),
        safe_opt(&a.table),
        safe_opt(&a.rule),
        safe_opt(&a.row),
        safe_opt(&a.col),
        num(&a.expected),
        num(&a.actual),
        safe_opt(&a.raw),
        safe(&a.message),
        opt(&loc.map(|l| l.table)),
        opt(&loc.map(|l| l.row)),
        opt(&loc.map(|l| l.cell)),
        opt(&loc.and_then(|l| l.line)),
        opt(&a.paragraph),
    ]
}

/// The digest cells' values, for an ok report with agency and year.
pub fn digest(report: &Report) -> Option<Vec<Option<Number>>> {
    if report.status != Status::Ok || report.report.agency.is_none() || report.report.year.is_none()
    {
        return None;
    }
    Some(
        nianbao::batch::DIGEST_CELLS
            .iter()
            .map(|key| {
                let mut k = key.splitn(3, '.');
                let (t, r, c) = (k.next()?, k.next()?, k.next()?);
                report.value(t, r, c).cloned()
            })
            .collect(),
    )
}
