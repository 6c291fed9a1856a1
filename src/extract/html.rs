//! A web page through the stages: the HTML reader ([`crate::read::html`]) makes the
//! same document model a .docx gives, and the rest is [`super::report_of`].

use super::{Options, Read, open_err, report_of};
use crate::model::{Document, ReadNote};
use crate::open::{Format, Package, sniff};
use crate::read::html::{self, Page, TooLarge};
use crate::report::{Anomaly, AnomalyCode, ErrorCode, ErrorRecord, Report, Severity, Source};

/// What a page is called in records: the file itself (no part inside it).
const PAGE: &str = "page";

/// Reads an HTML page.
pub fn run(source: Source, bytes: &[u8], opts: &Options) -> Result<Report, ErrorRecord> {
    let page = html::read_html(bytes, &html::Limits::default()).map_err(too_large)?;
    report(source, &page, PAGE, opts)
}

/// Reads a single-file web page (MHT): its text/html part, as a page.
pub fn run_mht(source: Source, bytes: &[u8], opts: &Options) -> Result<Report, ErrorRecord> {
    let part = html::mht::html_part(bytes).map_err(|e| ErrorRecord {
        code: ErrorCode::NotAReport,
        message: e.0,
        part: None,
        offset: None,
    })?;
    let page = html::read_html_declared(
        &part.bytes,
        part.charset.as_deref(),
        &html::Limits::default(),
    )
    .map_err(|e| ErrorRecord {
        part: Some(mht_part_name(&part)),
        ..too_large(e)
    })?;
    report(source, &page, &mht_part_name(&part), opts)
}

/// How a record names the MHT's page part: its Content-Location, or where it starts.
fn mht_part_name(part: &html::mht::HtmlPart) -> String {
    match &part.location {
        Some(l) => l.clone(),
        None => format!("text/html part at byte {}", part.offset),
    }
}

/// The report of a page read (from a file, an MHT part, an altChunk), `part` naming
/// where it was.
pub fn report(
    source: Source,
    page: &Page,
    part: &str,
    opts: &Options,
) -> Result<Report, ErrorRecord> {
    let undecodable = undecodable(page);
    let hint = match &undecodable {
        Some(a) => format!("; {}", a.message),
        None => String::new(),
    };
    let read = Read {
        doc: &page.doc,
        part,
        what: "page",
        hint: &hint,
    };
    // A page has no core properties part: its title is its text's.
    let mut report = report_of(source, read, || Ok(None), opts)?;
    report.notes.extend(undecodable);
    Ok(report)
}

/// The note a page with bytes invalid in its encoding gets.
fn undecodable(page: &Page) -> Option<Anomaly> {
    let first = page.first_malformed?;
    Some(Anomaly::new(
        AnomalyCode::UndecodableBytes,
        Severity::Warning,
        format!(
            "{} byte sequence(s) of the page are not valid {} (the page's encoding, from its {}), \
             the first at byte {first}: each is read as U+FFFD",
            page.malformed,
            page.encoding,
            match page.encoding_source {
                html::encoding::Source::Bom => "byte-order mark",
                html::encoding::Source::Transport => "MIME part's Content-Type",
                html::encoding::Source::Meta => "<meta> charset",
                html::encoding::Source::ValidUtf8 => "bytes",
                html::encoding::Source::Fallback => "lack of a declaration: GB18030 assumed",
            }
        ),
    ))
}

pub fn too_large(e: TooLarge) -> ErrorRecord {
    ErrorRecord {
        code: ErrorCode::TooLarge,
        message: e.message,
        part: None,
        offset: None,
    }
}

/// Reads the `w:altChunk` parts of `doc` (HTML, or MHT) with the HTML reader and
/// splices each in where it stands ([`crate::read::altchunk`]). A chunk that cannot be
/// read (an RTF part, a relationship naming no part, one inside a table cell) is noted
/// in `doc.notes` and left out; returns whether any was. A chunk past the HTML
/// reader's bounds is the document's `too_large`, naming the part.
pub fn embed(pkg: &mut Package, doc: &mut Document) -> Result<bool, ErrorRecord> {
    let mut chunks = Vec::new();
    let mut unread = false;
    for at in std::mem::take(&mut doc.embedded) {
        let mut not_read = |why: String| {
            unread = true;
            doc.notes.push(ReadNote {
                offset: at.offset,
                cell: at.cell,
                message: format!("w:altChunk r:id=\"{}\": {why}, not read", at.id),
            });
        };
        if at.cell.is_some() {
            not_read("content embedded inside a table cell".to_owned());
            continue;
        }
        let Some((name, bytes)) = pkg.read_main_related(&at.id).map_err(open_err)? else {
            not_read("its relationship names no part of the package".to_owned());
            continue;
        };
        let ext = name.rsplit_once('.').map(|(_, e)| e);
        let limits = html::Limits::default();
        let page = match sniff(&bytes, ext) {
            Some(Format::Html) => html::read_html(&bytes, &limits),
            Some(Format::Mht) => match html::mht::html_part(&bytes) {
                Ok(part) => html::read_html_declared(&part.bytes, part.charset.as_deref(), &limits),
                Err(e) => {
                    not_read(format!("part {name}: {e}"));
                    continue;
                }
            },
            other => {
                not_read(format!(
                    "part {name} is {}",
                    other.map_or("of no format nianbao reads", |f| f.as_str())
                ));
                continue;
            }
        }
        .map_err(|e| ErrorRecord {
            part: Some(name.clone()),
            ..too_large(e)
        })?;
        chunks.push((at, page.doc));
    }
    crate::read::altchunk::splice(doc, chunks);
    Ok(unread)
}
