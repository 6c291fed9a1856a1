//! inspect: a document as the reader sees it, for a person — each table as a grid with
//! its row, grid-column and cell indexes, merges and nested tables marked, padding made
//! visible; then the body in order. What `nianbao inspect FILE.docx` prints.
//!
//! Numbers match `location` in the JSON: tables 1-based in the order their `w:tbl`
//! starts (nested ones included), rows and cells 0-based. Each cell is shown as
//! `cell:text`, so `location.cell` is read off directly even when `w:gridBefore` or a
//! `w:gridSpan` shifts cells against the grid columns of the header line.
//!
//! The document is also extracted as `extract` would, and under each table every cell
//! that became a canonical key is listed with its key, value and anomalies (`r5:1
//! applications.received.natural_person = 3`), anomalies at no cell after the body.
//! Output fits [`WIDTH`] terminal columns: grid columns narrowed (texts cut there are
//! listed in full below the grid, wrapped), a grid that cannot fit listed cell by cell,
//! long lines wrapped; `--wide` draws at full width instead. `--at TABLE:ROW:CELL`
//! prints one cell (`keys::render_at`).
//!
//! The module is split by job: this file is the subcommand (open, read, extract, and
//! what can go wrong); `document` prints a read document, `grid` draws one table,
//! `keys` lists what extraction made of each cell, `term` measures, pads, cuts and
//! wraps text for a terminal.

use std::path::Path;

use crate::model::Document;
use crate::open::{Limits, Package};
use crate::read::read_document;

mod document;
mod grid;
mod keys;
mod term;

use document::render_with;
pub use document::{LEGEND, render};
pub use keys::At;
use keys::Keys;
pub use term::{display_width, visible};

/// Widest line `inspect` prints without `--wide`, in terminal columns.
pub const WIDTH: usize = 120;

/// How `inspect` prints a file.
#[derive(Debug, Clone, Copy, Default)]
pub struct InspectOptions {
    /// `--wide`: no width limit (grid columns up to their cap, lines unwrapped).
    pub wide: bool,
    /// `--at TABLE:ROW:CELL`: that cell only.
    pub at: Option<At>,
}

/// Why a file cannot be inspected.
#[derive(Debug, thiserror::Error)]
pub enum InspectError {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// `--at` names a cell the document does not have.
    #[error("{0}")]
    NoCell(String),
    #[error("{code}: {message}{}", located(.part, .offset))]
    Open {
        code: &'static str,
        message: String,
        part: Option<String>,
        offset: Option<u64>,
    },
}

fn located(part: &Option<String>, offset: &Option<u64>) -> String {
    match (part, offset) {
        (Some(p), Some(o)) => format!(" (in {p} at byte {o})"),
        (Some(p), None) => format!(" (in {p})"),
        (None, Some(o)) => format!(" (at byte {o})"),
        (None, None) => String::new(),
    }
}

/// Open, read and render `path` (at [`WIDTH`], every table).
pub fn inspect_file(path: &Path) -> Result<String, InspectError> {
    inspect_with(path, &InspectOptions::default())
}

/// Open, read and render `path` as `opts` say.
pub fn inspect_with(path: &Path, opts: &InspectOptions) -> Result<String, InspectError> {
    let bytes = std::fs::read(path)?;
    let width = if opts.wide { usize::MAX } else { WIDTH };
    // What extract makes of the same bytes: the keys, values and anomalies shown.
    let report = crate::extract::extract_bytes(
        &path.to_string_lossy(),
        bytes.clone(),
        &crate::extract::Options::default(),
    );
    let keys = Keys::of(&report);
    let (title, doc) = read_doc(path, bytes)?;
    if let Some(at) = opts.at {
        let mut out = title;
        out.push_str(&keys::render_at(&doc, &keys, at, width)?);
        return Ok(out);
    }
    let mut out = title;
    keys::summary(&keys, &mut out, width);
    out.push_str(&render_with(&doc, Some(&keys), width));
    Ok(out)
}

/// The document read as `extract` reads it, and the line that says how.
fn read_doc(path: &Path, bytes: Vec<u8>) -> Result<(String, Document), InspectError> {
    let open = |e: crate::open::OpenError| InspectError::Open {
        code: e.code.as_str(),
        message: e.message,
        part: e.part,
        offset: e.offset,
    };
    // A web page or single-file page (SPEC §6) is read by the HTML reader.
    let ext = path.extension().and_then(|e| e.to_str());
    let format = crate::open::sniff(&bytes, ext);
    if let Some(f @ (crate::open::Format::Html | crate::open::Format::Mht)) = format {
        return inspect_page(path, &bytes, f);
    }
    let mut pkg = Package::from_bytes(bytes, &Limits::default()).map_err(open)?;
    let main = pkg.read_main().map_err(open)?;
    let styles = pkg.read_styles().map_err(open)?;
    let part = pkg.main_part_name().to_owned();
    let mut doc =
        read_document(&part, &main, styles.as_deref()).map_err(|e| InspectError::Open {
            code: "malformed_xml",
            message: e.message,
            part: Some(e.part),
            offset: Some(e.offset),
        })?;
    // w:altChunk parts spliced in, as extract reads them
    crate::extract::html::embed(&mut pkg, &mut doc).map_err(record)?;
    Ok((format!("{} — main part {part}\n", path.display()), doc))
}

fn record(e: crate::report::ErrorRecord) -> InspectError {
    InspectError::Open {
        code: e.code.as_str(),
        message: e.message,
        part: e.part,
        offset: e.offset,
    }
}

/// A page (HTML, or an MHT's page part) read and rendered; `location`'s `line` is each
/// cell's tag line, which the grid does not show (see the report's JSON).
fn inspect_page(
    path: &Path,
    bytes: &[u8],
    f: crate::open::Format,
) -> Result<(String, Document), InspectError> {
    use crate::read::html;
    let limits = html::Limits::default();
    let too_large = |e: html::TooLarge| InspectError::Open {
        code: "too_large",
        message: e.message,
        part: None,
        offset: None,
    };
    let (page, what) = if f == crate::open::Format::Mht {
        let part = html::mht::html_part(bytes).map_err(|e| InspectError::Open {
            code: "not_a_report",
            message: e.0,
            part: None,
            offset: None,
        })?;
        let page = html::read_html_declared(&part.bytes, part.charset.as_deref(), &limits)
            .map_err(too_large)?;
        (page, "single-file web page (MHT), its text/html part")
    } else {
        (
            html::read_html(bytes, &limits).map_err(too_large)?,
            "web page",
        )
    };
    let title = format!("{} — {what}, read as {}\n", path.display(), page.encoding);
    Ok((title, page.doc))
}

#[cfg(test)]
mod tests;
