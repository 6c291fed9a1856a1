//! read::html: a web page (HTML) into the same [`Document`] the OOXML reader makes, so
//! `recognize`, `check` and `write` read a page as they read a .docx (SPEC §6).
//!
//! ```text
//!  bytes ──encoding──► text ──html5ever──► Dom ──walk──► Document
//!        (BOM, meta,         (the browser's       (paragraphs, tables; table
//!         UTF-8, GB18030)     tree; sink.rs)       grids in table.rs)
//! ```
//!
//! The page is parsed by html5ever, the HTML5 parser of Servo, exactly as a browser
//! builds its tree (implied tbody, foster-parented text, Word's `<![if …]>` read as the
//! bogus comments they are), into an arena of our own (`sink`) that keeps each
//! element's line. Everything is bounded: the page is fed in chunks and refused as
//! `too_large` past [`Limits::max_nodes`] nodes, the walk is iterative, and the cells of
//! all tables together are capped at [`Limits::max_cells`].

mod container;
mod elements;
pub mod encoding;
pub mod mht;
mod sink;
mod table;
mod walk;

#[cfg(test)]
mod tests;

use html5ever::tendril::{StrTendril, TendrilSink};

pub use sink::Dom;

use crate::model::Document;

/// Bounds on what one page may make.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Nodes of the page's tree (elements, text runs, comments).
    pub max_nodes: usize,
    /// Cells of all its tables, slots covered by a rowspan counted.
    pub max_cells: usize,
    /// Element nesting (html5ever's tree builder costs the square of it).
    pub max_depth: u32,
}

impl Default for Limits {
    /// Far above any real report page (a few thousand nodes, a few hundred cells), far
    /// below what would exhaust memory: a node is ~70 bytes, a cell ~100.
    fn default() -> Self {
        Limits {
            max_nodes: 8_000_000,
            max_cells: 100_000,
            max_depth: 2_000,
        }
    }
}

/// A page read.
#[derive(Debug)]
pub struct Page {
    pub doc: Document,
    /// The encoding the page was decoded with (encoding_rs's name: `UTF-8`, `GBK` …).
    pub encoding: &'static str,
    pub encoding_source: encoding::Source,
    /// Byte sequences not valid in that encoding (shown as U+FFFD), and where the
    /// first one starts in the page.
    pub malformed: u64,
    pub first_malformed: Option<u64>,
}

/// Why a page could not be read: it would pass a [`Limits`] bound. The message says
/// where (the page's line).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct TooLarge {
    pub message: String,
}

/// Reads a page's bytes.
pub fn read_html(bytes: &[u8], limits: &Limits) -> Result<Page, TooLarge> {
    read_html_declared(bytes, None, limits)
}

/// Reads a page's bytes whose transport (an MHT part's Content-Type) declares the
/// charset `declared` (a label).
pub fn read_html_declared(
    bytes: &[u8],
    declared: Option<&str>,
    limits: &Limits,
) -> Result<Page, TooLarge> {
    let decoded = encoding::decode_declared(bytes, declared);
    let dom = parse(&decoded.text, limits)?;
    let doc = walk::document(&dom, limits.max_cells).map_err(|message| TooLarge { message })?;
    Ok(Page {
        doc,
        encoding: decoded.encoding.name(),
        encoding_source: decoded.source,
        malformed: decoded.malformed,
        first_malformed: decoded.first_malformed,
    })
}

/// How much text the parser is given at a time: between chunks the tree's size and
/// depth are checked, so a page past a bound costs at most one chunk more (4 KiB nest
/// at most ~800 levels deeper).
const CHUNK: usize = 4 * 1024;

/// Parses `text` into its tree, as a browser would, within `limits`' nodes and depth.
pub fn parse(text: &str, limits: &Limits) -> Result<Dom, TooLarge> {
    let mut parser = html5ever::parse_document(sink::Sink::default(), Default::default());
    let mut at = 0;
    while at < text.len() {
        let mut end = (at + CHUNK).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        parser.process(StrTendril::from_slice(&text[at..end]));
        at = end;
        let sink = &parser.tokenizer.sink.sink;
        let (depth, line) = sink.deepest();
        if sink.len() > limits.max_nodes {
            return Err(TooLarge {
                message: format!(
                    "the page makes more than {} elements and text runs (by line {line})",
                    limits.max_nodes
                ),
            });
        }
        if sink.cells() > limits.max_cells {
            return Err(TooLarge {
                message: format!(
                    "more than {} table cells in the page (by line {line})",
                    limits.max_cells
                ),
            });
        }
        if depth > limits.max_depth {
            return Err(TooLarge {
                message: format!(
                    "elements nested deeper than {} (by line {line} of the page)",
                    limits.max_depth
                ),
            });
        }
    }
    Ok(parser.finish())
}
