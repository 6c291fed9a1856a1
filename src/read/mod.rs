//! read: one reader per form, each in its folder, each making the same
//! [`crate::model::Document`] that `recognize`, `check` and `write` take.
//!
//! [`docx`] streams a WordprocessingML main part (with its styles and `w:altChunk`
//! parts); [`html`] builds a web page's tree, as a browser would, and walks it. The
//! .docx reader's items are re-exported here, so callers keep naming them
//! `read::read_document`, `read::MAX_DEPTH`, `read::altchunk`.

pub mod docx;
pub mod html;

pub use docx::{
    MAX_CELLS, MAX_DEPTH, MAX_NOTES, MAX_NOTES_PER_CELL, MAX_PARAGRAPHS, MAX_ROWS, MAX_TABLES,
    ReadError, Styles, altchunk, read_document,
};
