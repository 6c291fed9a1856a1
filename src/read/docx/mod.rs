//! read::docx: stream the main document part into tables of cells, as Word shows them.
//!
//! One pass of quick-xml events over the part drives an explicit state machine: each
//! start tag pushes one `Frame`, each end tag pops one and finishes what the frame
//! built. Elements are matched by namespace URI ([`crate::xml::Ns`]) and local name.
//!
//! ```text
//!  body / txbxContent ──► Story ──p──► Para ──r──► Run ──t──► Text
//!        │                  │            ▲                      (w:tab \t, w:br/w:cr \n)
//!        │                 tbl           └──────── p ◄──────┐
//!        ▼                  ▼                               │
//!      Table ──tr──► Row ──tc──► Cell (a container: its paragraphs join with \n,
//!        ▲                        │    its w:tbl is a nested Table of its own)
//!        └──────── tbl ◄──────────┘
//!
//!  tcPr: w:gridSpan → span, w:vMerge restart | continue | bare (= continue), w:hMerge
//!  trPr: w:gridBefore / w:gridAfter → the cell's grid column; w:del → the row is dropped
//!  wrappers read through: w:sdt/w:sdtContent (not when w:showingPlcHdr), w:smartTag, w:customXml, w:hyperlink,
//!    w:fldSimple, w:ins, w:moveTo, w:dir, w:bdo, drawings down to w:txbxContent,
//!    mc:AlternateContent (the first mc:Choice, or mc:Fallback when no Choice was read)
//!  recorded, not read here: w:altChunk (its r:id and place, for `read::altchunk`)
//!  skipped: w:del, w:moveFrom, w:delText, w:instrText, text between a complex field's
//!    w:fldChar begin and separate, runs whose w:vanish is on (directly or by style)
//! ```
//!
//! Shortcuts keep the events handled few, each tried on the bytes and given up (the
//! element then tokenized as above) at anything unusual: a subtree that would be skipped
//! whole, or a property container without the children read from it, is jumped over
//! to its end tag ([`crate::xml::subtree_end`]); a run of text alone (`w:t`, after a
//! `w:rPr` without `w:rStyle`/`w:vanish`) has its text taken in place
//! ([`crate::xml::plain_run`], [`crate::xml::whole_plain_run`]); so has a cell of such
//! runs in paragraphs without a style, in a `w:tc` without spans or merges
//! ([`crate::xml::plain_cell`]). What is read in place goes through the same state
//! machine calls as its events would; quick-xml reads and checks what comes after.
//!
//! Unknown WordprocessingML elements outside tables are skipped with their subtree;
//! inside a cell they are read through and noted in [`Document::notes`], so a wrapper
//! we do not know never silently changes a figure. Entity declarations are refused:
//! a `<!DOCTYPE` in a main part is a malformed file, never expanded.
//!
//! What is kept is bounded, whatever the part holds (issue 15): at most [`MAX_NOTES`]
//! notes ([`MAX_NOTES_PER_CELL`] per cell), then one saying how many more there were;
//! past [`MAX_TABLES`] tables, [`MAX_ROWS`] rows, [`MAX_CELLS`] cells or
//! [`MAX_PARAGRAPHS`] body paragraphs the part is refused as `too_large`, so the
//! [`Document`] stays within the part's own size plus a fixed overhead.

pub mod altchunk;
mod frames;
mod in_place;
mod machine;
mod start;
mod styles;

use quick_xml::events::Event;

pub use styles::Styles;

use crate::model::{Document, ReadNote};
use crate::report::ErrorCode;
use crate::xml::{PropsRead, Scope, plain_reader, plain_run, subtree_end};

use frames::Frame;
use in_place::InPlace;
use machine::Machine;

/// Malformed XML in a part (`malformed_xml`), or a part past a cap of what is kept
/// (`too_large`), located.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{part}: {message} at byte {offset}")]
pub struct ReadError {
    pub part: String,
    pub offset: u64,
    pub message: String,
    /// `MalformedXml` or `TooLarge`.
    pub code: ErrorCode,
}

/// Notes kept per document ([`Document::notes`]); past it they are counted, and one
/// last note says how many were not listed. A report's notes are for a person to read.
pub const MAX_NOTES: usize = 100;
/// Notes kept per cell, within [`MAX_NOTES`]: one cell full of unknown wrappers does not
/// hide the others'.
pub const MAX_NOTES_PER_CELL: usize = 8;
/// Tables (nested ones included) a document may hold: a report has a handful, a long
/// document with appendices a few hundred.
pub const MAX_TABLES: usize = 10_000;
/// Rows, over all tables.
pub const MAX_ROWS: usize = 100_000;
/// Cells, over all tables: each costs a few hundred bytes through recognition, so this
/// bounds the document model at some 100 MB beyond its text.
pub const MAX_CELLS: usize = 200_000;
/// Body paragraphs with text (a paragraph of a cell is part of the cell's text).
pub const MAX_PARAGRAPHS: usize = 200_000;

/// Deeper element nesting than this is refused: Word's own files stay far below it,
/// and it bounds the reader's stack whatever the input.
pub const MAX_DEPTH: usize = 2_000;

/// Reads the main part `xml` (named `part`, for error locations), with `styles.xml`
/// when the package has one (for hidden text inherited from styles).
pub fn read_document(part: &str, xml: &[u8], styles: Option<&[u8]>) -> Result<Document, ReadError> {
    read_with(part, xml, styles, true)
}

/// [`read_document`], jumping over skipped subtrees or (`jump` false, for the tests
/// that compare the two) tokenizing every one of them.
fn read_with(
    part: &str,
    xml: &[u8],
    styles: Option<&[u8]>,
    jump: bool,
) -> Result<Document, ReadError> {
    let err = |offset: u64, message: String| ReadError {
        part: part.to_owned(),
        offset,
        message,
        code: ErrorCode::MalformedXml,
    };
    // quick-xml drops a UTF-8 byte-order mark without counting it: it reads the bytes
    // after the mark, and every position it gives is moved by `base` to the part's own.
    let base = if xml.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    // Only hidden text needs the styles part; most documents never say `vanish` there,
    // and a Word styles part can be as large as the main part.
    let styles = styles
        .filter(|b| memchr::memmem::find(b, b"vanish").is_some())
        .map(Styles::parse)
        .unwrap_or_default();
    let mut m = Machine::new(styles);
    // No UTF-8 pass over the whole part first: quick-xml checks each event's bytes.
    let mut r = plain_reader(&xml[base as usize..]);
    let mut scope = Scope::for_part(xml);
    let mut in_place = InPlace {
        xml,
        base,
        read: PropsRead {
            cell: Frame::CellProps.jumpable().unwrap_or(&[]),
            para: Frame::ParaProps.jumpable().unwrap_or(&[]),
            run: Frame::RunProps.jumpable().unwrap_or(&[]),
        },
        pieces: Vec::new(),
    };
    loop {
        let offset = r.buffer_position() + base;
        if let Some((at, message)) = m.over.take() {
            return Err(ReadError {
                code: ErrorCode::TooLarge,
                ..err(at, message)
            });
        }
        // One match on the result: moving the event out first cost a copy of it on
        // every event.
        match r.read_event() {
            Err(e) => {
                // Bytes that are not UTF-8 are located exactly, on this error path only.
                if let Err(u) = std::str::from_utf8(xml) {
                    return Err(err(u.valid_up_to() as u64, "not UTF-8 text".to_owned()));
                }
                return Err(err(r.error_position() + base, e.to_string()));
            }
            Ok(Event::Start(e)) => {
                if m.frames.len() >= MAX_DEPTH {
                    return Err(err(
                        offset,
                        format!("elements nested deeper than {MAX_DEPTH}"),
                    ));
                }
                // Inside a skipped subtree nothing is resolved, so no scope is opened
                // (and none closed at its end tag, below).
                let f = if m.in_skip() {
                    Frame::Skip
                } else {
                    let end = r.buffer_position() + base;
                    scope.open(&e, offset, end);
                    let f = m.start(&mut scope, &e, offset);
                    // A subtree read only to be counted (or a property container
                    // without the children read from it) is jumped over to its end
                    // tag, which quick-xml then reads and checks as usual. Tried only
                    // at the top of a skipped subtree, so no byte is searched twice.
                    let qname = e.name();
                    let name = qname.as_ref().as_bytes();
                    if jump
                        && let Some(wanted) = f.jumpable()
                        && let Some(to) = subtree_end(xml, end as usize, name, wanted)
                    {
                        std::io::BufRead::consume(&mut r.stream(), to - end as usize);
                    }
                    // A run of text alone (most runs): its text is taken straight from
                    // the part and the reader moves on to the run's end tag, which
                    // quick-xml reads and checks; `end(Run)` then hides it or not.
                    if jump
                        && f == Frame::Run
                        && let Some(pfx) = name.strip_suffix(b"r")
                        && let Some((text, to)) =
                            plain_run(xml, end as usize, pfx, in_place.read.run, &scope)
                    {
                        m.push_text(text);
                        std::io::BufRead::consume(&mut r.stream(), to - end as usize);
                    }
                    f
                };
                m.frames.push(f);
                if jump {
                    in_place.take(&mut m, &mut r, &scope);
                }
            }
            Ok(Event::Empty(e)) => {
                if !m.in_skip() {
                    scope.open(&e, offset, r.buffer_position() + base);
                    let f = m.start(&mut scope, &e, offset);
                    m.end(f);
                    scope.close();
                    if jump {
                        in_place.take(&mut m, &mut r, &scope);
                    }
                }
            }
            Ok(Event::End(_)) => match m.frames.pop() {
                Some(f) => {
                    m.end(f);
                    // The scope was opened for this element unless its parent was skipped.
                    if !m.in_skip() {
                        scope.close();
                        if jump {
                            in_place.take(&mut m, &mut r, &scope);
                        }
                    }
                }
                None => return Err(err(offset, "end tag without a start tag".to_owned())),
            },
            Ok(Event::Text(t)) => {
                if m.in_text() {
                    m.push_text(&t.xml10_content());
                }
            }
            Ok(Event::CData(t)) => {
                if m.in_text() {
                    m.push_text(&t.xml10_content());
                }
            }
            Ok(Event::GeneralRef(g)) => {
                if m.in_text() {
                    let c = match g.resolve_char_ref() {
                        // XML 1.0 §2.2: a reference to a C0 control (other than tab, line
                        // feed, carriage return) or U+FFFE/U+FFFF is not a character.
                        Ok(Some(c))
                            if (c < ' ' && !matches!(c, '\t' | '\n' | '\r'))
                                || matches!(c, '\u{fffe}' | '\u{ffff}') =>
                        {
                            return Err(err(
                                offset,
                                format!(
                                    "character reference to U+{:04X}, which XML 1.0 does not allow",
                                    c as u32
                                ),
                            ));
                        }
                        Ok(Some(c)) => c,
                        Ok(None) => match &*g {
                            "amp" => '&',
                            "lt" => '<',
                            "gt" => '>',
                            "quot" => '"',
                            "apos" => '\'',
                            other => {
                                return Err(err(offset, format!("undeclared entity &{other};")));
                            }
                        },
                        Err(e) => return Err(err(offset, e.to_string())),
                    };
                    m.push_text(c.encode_utf8(&mut [0; 4]));
                }
            }
            Ok(Event::DocType(_)) => {
                return Err(err(
                    offset,
                    "DOCTYPE in a document part: entity declarations are refused, never expanded"
                        .to_owned(),
                ));
            }
            Ok(Event::Eof) => break,
            Ok(Event::Decl(_) | Event::PI(_) | Event::Comment(_)) => {}
        }
    }
    if let Some((at, message)) = m.over.take() {
        return Err(ReadError {
            code: ErrorCode::TooLarge,
            ..err(at, message)
        });
    }
    if !m.frames.is_empty() {
        return Err(err(
            xml.len() as u64,
            format!(
                "unexpected end of part: {} elements still open",
                m.frames.len()
            ),
        ));
    }
    let mut doc = m.doc;
    if m.notes_dropped > 0 {
        doc.notes.push(ReadNote {
            offset: m.first_dropped,
            cell: None,
            message: format!(
                "and {} more unknown elements not listed (the first {MAX_NOTES_PER_CELL} of \
                 each cell and {MAX_NOTES} in all are)",
                m.notes_dropped
            ),
        });
    }
    Ok(doc)
}

#[cfg(test)]
mod tests;
