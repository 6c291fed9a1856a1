//! read: stream the main document part into tables of cells, as Word shows them.
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
pub mod html;
mod styles;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

pub use styles::Styles;

use crate::model::{Block, Cell, CellRef, Document, Embedded, Merge, ReadNote, Row, Table};
use crate::report::ErrorCode;
use crate::xml::{
    CellPiece, Ns, PropsRead, Scope, on_off, plain_cell, plain_reader, plain_run, starts_element,
    subtree_end, w_attr, whole_plain_run,
};

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

/// What the reader reads in place, from the bytes of the part, instead of tokenizing
/// it: runs of text alone in a paragraph, cells of such runs in a row.
struct InPlace<'x> {
    /// The whole part; `base` is where quick-xml's positions start in it (after a BOM).
    xml: &'x [u8],
    base: u64,
    /// The children read from each property container ([`Frame::jumpable`]): met on
    /// the way, they make an element be tokenized.
    read: PropsRead<'static>,
    /// The pieces of the cell being read ([`plain_cell`]), one buffer for the part.
    pieces: Vec<CellPiece<'x>>,
}

impl<'x> InPlace<'x> {
    /// After an element starts or ends (outside skipped subtrees): what follows in a
    /// paragraph or a row is read in place as long as it can be.
    fn take(&mut self, m: &mut Machine, r: &mut Reader<&[u8]>, scope: &Scope) {
        self.runs(m, r, scope);
        self.cells(m, r, scope);
    }

    /// Where the reader is: the offset in the part.
    fn at(&self, r: &Reader<&[u8]>) -> usize {
        (r.buffer_position() + self.base) as usize
    }

    /// Where the reader stands among a paragraph's children, before runs of text
    /// alone: each is read in place, start tag, text and end tag
    /// ([`crate::xml::whole_plain_run`]), as the events of a `w:r` with one `w:t` would
    /// be handled, and the reader moves past it. Stops at anything else, which is
    /// tokenized.
    fn runs(&mut self, m: &mut Machine, r: &mut Reader<&[u8]>, scope: &Scope) {
        let xml = self.xml;
        if m.top() != Some(Frame::Para) {
            return;
        }
        let Some(pfx) = m.paras.last().and_then(|p| xml.get(p.pfx.clone())) else {
            return;
        };
        loop {
            let at = self.at(r);
            let Some((text, after)) = whole_plain_run(xml, at, pfx, self.read.run, scope) else {
                return;
            };
            m.begin_run();
            m.push_text(text);
            m.end(Frame::Run);
            std::io::BufRead::consume(&mut r.stream(), after - at);
        }
    }

    /// Where the reader stands among a row's children, before cells of paragraphs of
    /// runs of text alone: each is read in place ([`crate::xml::plain_cell`]) and handed
    /// to the state machine as its events would have been, and the reader moves past
    /// it. Stops at anything else, which is tokenized.
    fn cells(&mut self, m: &mut Machine, r: &mut Reader<&[u8]>, scope: &Scope) {
        let xml = self.xml;
        if m.top() != Some(Frame::Row) {
            return;
        }
        let pfx = m
            .tables
            .last()
            .and_then(|t| t.row.as_ref())
            .map(|row| row.pfx.clone());
        let Some(pfx) = pfx.and_then(|p| xml.get(p)) else {
            return;
        };
        loop {
            let at = self.at(r);
            // Only a cell counts, not the end of the row or its properties.
            let at_cell = starts_element(xml, at, pfx, b"tc");
            if !at_cell {
                return;
            }
            if let Some(t) = m.tables.last_mut()
                && t.skip > 0
            {
                t.skip -= 1;
                return;
            }
            let Some(after) = plain_cell(xml, at, pfx, self.read, scope, &mut self.pieces) else {
                if let Some(t) = m.tables.last_mut() {
                    t.backoff = (t.backoff * 2).clamp(1, MAX_BACKOFF);
                    t.skip = t.backoff;
                }
                return;
            };
            if let Some(t) = m.tables.last_mut() {
                t.backoff = 0;
            }
            if !m.begin_cell(at as u64) {
                return;
            }
            for piece in &self.pieces {
                match *piece {
                    CellPiece::Para(p) => m.begin_para(p, pfx.len() + 1),
                    CellPiece::Run(text) => {
                        m.begin_run();
                        m.push_text(text);
                        m.end(Frame::Run);
                    }
                    CellPiece::ParaEnd => m.end(Frame::Para),
                }
            }
            m.end(Frame::Cell);
            std::io::BufRead::consume(&mut r.stream(), after - at);
        }
    }
}

/// What one open element is, and so what its end tag finishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Frame {
    /// An element read through: its children are read as if they were its parent's.
    Through,
    /// An element whose whole subtree is ignored (deleted text, properties we do not
    /// need, field instructions, the unchosen branch of `mc:AlternateContent`).
    Skip,
    /// `w:body` or `w:txbxContent`: a story whose paragraphs become [`Block`]s.
    Story,
    /// `w:tbl`: a table of its own, nested or not.
    Table,
    /// `w:tr`.
    Row,
    /// `w:tc`: a container of paragraphs.
    Cell,
    /// `w:p`.
    Para,
    /// `w:r`.
    Run,
    /// `w:t`: its character data is text.
    Text,
    /// `w:pPr`: only `w:pStyle` is read.
    ParaProps,
    /// `w:rPr` of a run: `w:rStyle` and `w:vanish` are read.
    RunProps,
    /// `w:trPr`: `w:gridBefore`, `w:gridAfter`, `w:tblHeader`, `w:del`.
    RowProps,
    /// `w:tcPr`: `w:gridSpan`, `w:vMerge`, `w:hMerge`.
    CellProps,
    /// `mc:AlternateContent`: the first branch is read, the others skipped.
    Alternate,
    /// `w:sdt`: a content control, read through unless it shows its placeholder.
    Sdt,
    /// `w:sdtPr` of a content control: `w:showingPlcHdr` is read.
    SdtProps,
}

impl Frame {
    /// For a frame whose subtree may be jumped over ([`subtree_end`]): the local names
    /// of the children [`Machine::start`] reads in it (their presence means the subtree
    /// is tokenized). These lists and `start`'s match arms name the same elements.
    fn jumpable(self) -> Option<&'static [&'static str]> {
        match self {
            Frame::Skip => Some(&[]),
            Frame::ParaProps => Some(&["pStyle"]),
            Frame::RunProps => Some(&["rStyle", "vanish"]),
            Frame::RowProps => Some(&["gridBefore", "gridAfter", "tblHeader", "del"]),
            Frame::CellProps => Some(&["gridSpan", "vMerge", "hMerge"]),
            Frame::SdtProps => Some(&["showingPlcHdr"]),
            _ => None,
        }
    }
}

/// Where a finished paragraph's text goes.
#[derive(Debug, Clone, Copy)]
enum Container {
    Story,
    /// A cell of the innermost open table.
    Cell,
}

#[derive(Debug, Default)]
struct OpenPara {
    text: String,
    style: Option<String>,
    /// Where the prefix of the paragraph's own name (`w` of `<w:p>`) lies in the part:
    /// its runs are named with it ([`InPlace::runs`]).
    pfx: std::ops::Range<usize>,
}

/// A run's text goes straight into its paragraph (no buffer per run); a hidden run
/// is cut back out at its end, from `mark`.
#[derive(Debug, Default)]
struct OpenRun {
    /// How many paragraphs were open when the run started: its own is the last of them.
    paras: usize,
    /// Length of the paragraph's text when the run started.
    mark: usize,
    vanish: Option<bool>,
    style: Option<String>,
}

#[derive(Debug)]
struct OpenTable {
    index: usize,
    rows: Vec<Row>,
    row: Option<OpenRow>,
    /// Cells [`InPlace::cells`] lets pass without trying, after one it could not read in
    /// place; doubled at each such cell in a row (up to [`MAX_BACKOFF`]), and back to
    /// none at one it could. A writer that gives every cell something not read in
    /// place (a paragraph style, say) would otherwise have each scanned twice.
    skip: u16,
    backoff: u16,
}

/// See [`OpenTable::skip`].
const MAX_BACKOFF: u16 = 32;

#[derive(Debug, Default)]
struct OpenRow {
    row: Row,
    deleted: bool,
    cell: Option<OpenCell>,
    /// Where the prefix of the row's own name lies in the part ([`InPlace::cells`]).
    pfx: std::ops::Range<usize>,
}

#[derive(Debug, Default)]
struct OpenCell {
    cell: Cell,
    paragraphs: usize,
    /// Notes kept for this cell ([`MAX_NOTES_PER_CELL`]).
    notes: usize,
}

/// A complex field (`w:fldChar`) being read: in its instruction until `separate`.
#[derive(Debug, Clone, Copy)]
struct Field {
    in_instruction: bool,
}

struct Machine {
    doc: Document,
    styles: Styles,
    /// `styles.hides_nothing()`, computed once: most documents hide nothing by style.
    styles_hide: bool,
    frames: Vec<Frame>,
    containers: Vec<Container>,
    tables: Vec<OpenTable>,
    paras: Vec<OpenPara>,
    runs: Vec<OpenRun>,
    fields: Vec<Field>,
    /// Per open `mc:AlternateContent`: whether a branch has been read.
    alternates: Vec<bool>,
    /// Per open `w:sdt`: whether it shows its placeholder (`w:showingPlcHdr`).
    sdts: Vec<bool>,
    /// Rows and cells begun so far, over all tables ([`MAX_ROWS`], [`MAX_CELLS`]).
    rows: usize,
    cells: usize,
    /// Body paragraphs kept ([`MAX_PARAGRAPHS`]).
    paragraphs: usize,
    /// A cap passed: where, and which; the read stops at the next event.
    over: Option<(u64, String)>,
    /// Notes not kept ([`MAX_NOTES`]), and the offset of the first of them.
    notes_dropped: usize,
    first_dropped: u64,
}

impl Machine {
    fn new(styles: Styles) -> Self {
        let styles_hide = !styles.hides_nothing();
        Machine {
            doc: Document::default(),
            styles,
            styles_hide,
            frames: Vec::with_capacity(64),
            containers: Vec::new(),
            tables: Vec::new(),
            paras: Vec::new(),
            runs: Vec::new(),
            fields: Vec::new(),
            alternates: Vec::new(),
            sdts: Vec::new(),
            rows: 0,
            cells: 0,
            paragraphs: 0,
            over: None,
            notes_dropped: 0,
            first_dropped: 0,
        }
    }

    /// Whether `n` things already kept reach the cap `max`; if so the read is stopped
    /// (at the first such offset).
    fn over_cap(&mut self, n: usize, max: usize, what: &str, offset: u64) -> bool {
        if n < max {
            return false;
        }
        if self.over.is_none() {
            self.over = Some((
                offset,
                format!(
                    "more than {max} {what}: not a report nianbao reads (a cap that bounds memory)"
                ),
            ));
        }
        true
    }

    fn top(&self) -> Option<Frame> {
        self.frames.last().copied()
    }

    /// Inside a subtree skipped whole: its elements are only counted.
    fn in_skip(&self) -> bool {
        self.top() == Some(Frame::Skip)
    }

    fn in_text(&self) -> bool {
        self.top() == Some(Frame::Text)
    }

    fn push_text(&mut self, s: &str) {
        // Text between a field's begin and separate is its instruction (`=SUM(LEFT)`),
        // never its result.
        if self.fields.iter().any(|f| f.in_instruction) {
            return;
        }
        if let Some(run) = self.runs.last() {
            // A run outside any paragraph of its own (malformed) has nowhere to go.
            if run.paras > 0
                && run.paras == self.paras.len()
                && let Some(p) = self.paras.last_mut()
            {
                p.text.push_str(s);
            }
        }
    }

    /// The innermost open cell, if the innermost container is a cell.
    fn cell_mut(&mut self) -> Option<&mut OpenCell> {
        match self.containers.last() {
            Some(Container::Cell) => self.tables.last_mut()?.row.as_mut()?.cell.as_mut(),
            _ => None,
        }
    }

    fn cell_ref(&self) -> Option<CellRef> {
        if !matches!(self.containers.last(), Some(Container::Cell)) {
            return None;
        }
        let t = self.tables.last()?;
        let row = t.row.as_ref()?;
        let cell = row.cell.as_ref()?;
        Some(CellRef {
            table: t.index,
            row: row.row.index,
            cell: cell.cell.index,
        })
    }

    /// Keeps a note, or counts it past the caps; `message` is made only for a note kept
    /// (millions of unknown elements cost no formatting).
    fn note(&mut self, offset: u64, message: impl FnOnce() -> String) {
        let cell = self.cell_ref();
        let full = self.doc.notes.len() >= MAX_NOTES;
        let cell_full = match self.cell_mut() {
            Some(c) if !full && c.notes < MAX_NOTES_PER_CELL => {
                c.notes += 1;
                false
            }
            Some(_) => true,
            None => false,
        };
        if full || cell_full {
            if self.notes_dropped == 0 {
                self.first_dropped = offset;
            }
            self.notes_dropped += 1;
            return;
        }
        self.doc.notes.push(ReadNote {
            offset,
            cell,
            message: message(),
        });
    }

    /// Decides what a start tag is. For an empty element the caller calls [`end`] at once.
    fn start(&mut self, scope: &mut Scope, e: &BytesStart<'_>, offset: u64) -> Frame {
        let top = self.top();
        if top == Some(Frame::Skip) {
            return Frame::Skip;
        }
        let (ns, local) = scope.element(e.name());
        let r: &Scope = scope;
        // Property containers read a few children and skip the rest (including their
        // `*PrChange` revision records, which hold old, not current, formatting).
        match top {
            Some(Frame::SdtProps) => {
                if ns == Ns::W
                    && local == "showingPlcHdr"
                    && on_off(w_attr(r, e, "val").as_deref())
                    && let Some(p) = self.sdts.last_mut()
                {
                    *p = true;
                }
                return Frame::Skip;
            }
            Some(Frame::ParaProps) => {
                if ns == Ns::W
                    && local == "pStyle"
                    && let Some(p) = self.paras.last_mut()
                {
                    p.style = w_attr(r, e, "val").map(|v| v.into_owned());
                }
                return Frame::Skip;
            }
            Some(Frame::RunProps) => {
                if ns == Ns::W {
                    match local {
                        "rStyle" => {
                            if let Some(run) = self.runs.last_mut() {
                                run.style = w_attr(r, e, "val").map(|v| v.into_owned());
                            }
                        }
                        "vanish" => {
                            if let Some(run) = self.runs.last_mut() {
                                run.vanish = Some(on_off(w_attr(r, e, "val").as_deref()));
                            }
                        }
                        _ => {}
                    }
                }
                return Frame::Skip;
            }
            Some(Frame::RowProps) => {
                if ns == Ns::W {
                    let row = self.tables.last_mut().and_then(|t| t.row.as_mut());
                    if let Some(row) = row {
                        match local {
                            "gridBefore" => {
                                row.row.grid_before = count(w_attr(r, e, "val").as_deref())
                            }
                            "gridAfter" => {
                                row.row.grid_after = count(w_attr(r, e, "val").as_deref())
                            }
                            "tblHeader" => row.row.header = on_off(w_attr(r, e, "val").as_deref()),
                            // A row deleted with change tracking on: Word no longer shows it.
                            "del" => row.deleted = true,
                            _ => {}
                        }
                    }
                }
                return Frame::Skip;
            }
            Some(Frame::CellProps) => {
                if ns == Ns::W {
                    let cell = self
                        .tables
                        .last_mut()
                        .and_then(|t| t.row.as_mut())
                        .and_then(|row| row.cell.as_mut());
                    if let Some(c) = cell {
                        match local {
                            "gridSpan" => {
                                c.cell.span = count(w_attr(r, e, "val").as_deref()).max(1)
                            }
                            "vMerge" => c.cell.vmerge = merge(w_attr(r, e, "val").as_deref()),
                            "hMerge" => c.cell.hmerge = merge(w_attr(r, e, "val").as_deref()),
                            _ => {}
                        }
                    }
                }
                return Frame::Skip;
            }
            _ => {}
        }
        match ns {
            Ns::W => self.start_w(r, local, e, offset),
            Ns::Mc => match local {
                "AlternateContent" => {
                    self.alternates.push(false);
                    Frame::Alternate
                }
                "Choice" | "Fallback" if top == Some(Frame::Alternate) => {
                    match self.alternates.last_mut() {
                        Some(taken @ false) => {
                            *taken = true;
                            Frame::Through
                        }
                        // Word stores a text box twice (DrawingML Choice, VML Fallback):
                        // read one branch only, or the title would come out twice.
                        _ => Frame::Skip,
                    }
                }
                _ => Frame::Skip,
            },
            // DrawingML, VML and extension namespaces: read through, since the way to a
            // text box (`w:txbxContent`) runs through wp:anchor, a:graphic, wps:txbx,
            // v:shape and v:textbox. Their own text (a:t) is not WordprocessingML text.
            Ns::Other | Ns::None => {
                if self.frames.is_empty() {
                    Frame::Through
                } else {
                    self.through_or_skip_outside()
                }
            }
        }
    }

    /// Non-W elements are read through only below the body (never, e.g., in a
    /// document-level `w:background`).
    fn through_or_skip_outside(&self) -> Frame {
        if self.containers.is_empty() {
            Frame::Skip
        } else {
            Frame::Through
        }
    }

    fn start_w(&mut self, r: &Scope, local: &str, e: &BytesStart<'_>, offset: u64) -> Frame {
        match local {
            "document" if self.frames.is_empty() => Frame::Through,
            "body" if self.containers.is_empty() => {
                self.containers.push(Container::Story);
                Frame::Story
            }
            _ if self.containers.is_empty() => Frame::Skip,
            "txbxContent" => {
                self.containers.push(Container::Story);
                Frame::Story
            }
            "tbl" => {
                let index = self.doc.tables.len();
                if self.over_cap(index, MAX_TABLES, "tables", offset) {
                    return Frame::Skip;
                }
                let parent = self.cell_ref();
                match self.containers.last() {
                    Some(Container::Cell) => {
                        if let Some(c) = self.cell_mut() {
                            c.cell.nested.push(index);
                        }
                    }
                    _ => self.doc.blocks.push(Block::Table(index)),
                }
                self.doc.tables.push(Table {
                    index,
                    parent,
                    offset,
                    rows: Vec::new(),
                });
                self.tables.push(OpenTable {
                    index,
                    rows: Vec::new(),
                    row: None,
                    skip: 0,
                    backoff: 0,
                });
                Frame::Table
            }
            "tr" if self.over_cap(self.rows, MAX_ROWS, "table rows", offset) => Frame::Skip,
            "tr" => match self.tables.last_mut() {
                Some(t) if t.row.is_none() => {
                    self.rows += 1;
                    let index = t.rows.len();
                    // Rows of a table mostly have as many cells as the one before.
                    let cells = Vec::with_capacity(t.rows.last().map_or(0, |r| r.cells.len()));
                    // `<` at `offset`, then the prefix and its colon, then `tr`.
                    let name = offset as usize + 1;
                    t.row = Some(OpenRow {
                        row: Row {
                            index,
                            cells,
                            ..Row::default()
                        },
                        pfx: name..name + e.name().as_ref().len() - 2,
                        ..OpenRow::default()
                    });
                    Frame::Row
                }
                _ => Frame::Skip,
            },
            "tc" => {
                if self.begin_cell(offset) {
                    Frame::Cell
                } else {
                    Frame::Skip
                }
            }
            "trPr" => Frame::RowProps,
            "tcPr" => Frame::CellProps,
            "p" => {
                self.begin_para(offset as usize, e.name().as_ref().len());
                Frame::Para
            }
            "pPr" => Frame::ParaProps,
            "r" => {
                self.begin_run();
                Frame::Run
            }
            "rPr" if self.top() == Some(Frame::Run) => Frame::RunProps,
            "t" if self.top() == Some(Frame::Run) => Frame::Text,
            "tab" | "ptab" if self.top() == Some(Frame::Run) => {
                self.push_text("\t");
                Frame::Skip
            }
            "br" | "cr" if self.top() == Some(Frame::Run) => {
                self.push_text("\n");
                Frame::Skip
            }
            "noBreakHyphen" if self.top() == Some(Frame::Run) => {
                self.push_text("-");
                Frame::Skip
            }
            "fldChar" => {
                match w_attr(r, e, "fldCharType").as_deref() {
                    Some("begin") => self.fields.push(Field {
                        in_instruction: true,
                    }),
                    Some("separate") => {
                        if let Some(f) = self.fields.last_mut() {
                            f.in_instruction = false;
                        }
                    }
                    Some("end") => {
                        self.fields.pop();
                    }
                    _ => {}
                }
                Frame::Skip
            }
            // Content Word imports from another part at render time (HTML or MHT pasted
            // from a web page, RTF): nianbao reads WordprocessingML only, so it says so.
            // Content Word imports from another part at render time (HTML or MHT pasted
            // from a web page, RTF): recorded where it stands, for `read::altchunk` to
            // read that part and splice it in.
            "altChunk" => {
                let id = e
                    .attributes()
                    .with_checks(false)
                    .flatten()
                    .find(|a| a.key.local_name().as_ref() == "id")
                    .map(|a| a.value.to_string())
                    .unwrap_or_default();
                let cell = self.cell_ref();
                self.doc.embedded.push(Embedded {
                    id,
                    block: self.doc.blocks.len(),
                    tables: self.doc.tables.len(),
                    offset,
                    cell,
                });
                Frame::Skip
            }
            // Read through: content controls, smart tags, custom XML, links, simple
            // fields (their runs are the result), inserted and moved-here text,
            // bidi wrappers, ruby base text, and drawings on the way to text boxes.
            "sdt" => {
                self.sdts.push(false);
                Frame::Sdt
            }
            "sdtPr" if self.top() == Some(Frame::Sdt) => Frame::SdtProps,
            // A content control showing its placeholder (单击或点击此处输入文字。) holds
            // the template's prompt, not a figure: the cell reads as blank.
            "sdtContent" if self.top() == Some(Frame::Sdt) && self.sdts.last() == Some(&true) => {
                Frame::Skip
            }
            "sdtContent" | "smartTag" | "customXml" | "hyperlink" | "fldSimple" | "ins"
            | "moveTo" | "dir" | "bdo" | "ruby" | "rubyBase" | "drawing" | "pict" | "object" => {
                Frame::Through
            }
            // Skipped on purpose: deleted and moved-away text, field instructions,
            // properties we do not need, ruby annotations, section properties.
            "del"
            | "moveFrom"
            | "delText"
            | "instrText"
            | "delInstrText"
            | "sdtPr"
            | "sdtEndPr"
            | "smartTagPr"
            | "customXmlPr"
            | "tblPr"
            | "tblGrid"
            | "tblPrEx"
            | "sectPr"
            | "rt"
            | "rPr"
            | "fldData"
            | "bookmarkStart"
            | "bookmarkEnd"
            | "proofErr"
            | "permStart"
            | "permEnd"
            | "commentRangeStart"
            | "commentRangeEnd"
            | "commentReference"
            | "moveFromRangeStart"
            | "moveFromRangeEnd"
            | "moveToRangeStart"
            | "moveToRangeEnd"
            | "customXmlInsRangeStart"
            | "customXmlInsRangeEnd"
            | "customXmlDelRangeStart"
            | "customXmlDelRangeEnd"
            | "lastRenderedPageBreak"
            | "softHyphen"
            | "sym"
            | "footnoteReference"
            | "endnoteReference"
            | "annotationRef"
            | "footnoteRef"
            | "endnoteRef"
            | "separator"
            | "continuationSeparator"
            | "pgNum"
            | "dayShort"
            | "monthShort"
            | "yearShort"
            | "dayLong"
            | "monthLong"
            | "yearLong"
            | "contentPart"
            | "oMath"
            | "oMathPara"
            | "t"
            | "tab"
            | "br"
            | "cr"
            | "noBreakHyphen"
            | "ptab" => Frame::Skip,
            other => {
                if matches!(self.containers.last(), Some(Container::Cell)) {
                    // Inside a cell a wrapper we do not know might carry a figure: read
                    // through it, and say so.
                    self.note(offset, || {
                        format!("unknown element w:{other} inside a cell, read through")
                    });
                    Frame::Through
                } else {
                    Frame::Skip
                }
            }
        }
    }

    /// A `w:tc` starts in the innermost open row: false when there is none to hold it
    /// (a cell outside a row, or inside another cell of it), and the cell is skipped.
    fn begin_cell(&mut self, offset: u64) -> bool {
        if self.over_cap(self.cells, MAX_CELLS, "table cells", offset) {
            return false;
        }
        match self.tables.last_mut().and_then(|t| t.row.as_mut()) {
            Some(row) if row.cell.is_none() => {
                self.cells += 1;
                let index = row.row.cells.len();
                row.cell = Some(OpenCell {
                    cell: Cell {
                        index,
                        span: 1,
                        ..Cell::default()
                    },
                    paragraphs: 0,
                    notes: 0,
                });
                self.containers.push(Container::Cell);
                true
            }
            _ => false,
        }
    }

    /// A `w:p` starts, its start tag at `at` with a name of `name_len` bytes.
    fn begin_para(&mut self, at: usize, name_len: usize) {
        // `<`, then the prefix and its colon, then `p`.
        let pfx = at + 1..at + name_len;
        self.paras.push(OpenPara {
            pfx,
            ..OpenPara::default()
        });
    }

    /// A `w:r` starts: its text will go into the innermost paragraph.
    fn begin_run(&mut self) {
        let paras = self.paras.len();
        let mark = self.paras.last().map_or(0, |p| p.text.len());
        self.runs.push(OpenRun {
            paras,
            mark,
            vanish: None,
            style: None,
        });
    }

    /// Finishes what a frame built.
    fn end(&mut self, f: Frame) {
        match f {
            Frame::Through | Frame::Skip | Frame::Text => {}
            Frame::ParaProps | Frame::RunProps | Frame::RowProps | Frame::CellProps => {}
            Frame::Alternate => {
                self.alternates.pop();
            }
            Frame::Sdt => {
                self.sdts.pop();
            }
            Frame::SdtProps => {}
            Frame::Story => {
                self.containers.pop();
            }
            Frame::Run => {
                let Some(run) = self.runs.pop() else { return };
                if run.paras == 0 || run.paras != self.paras.len() {
                    return;
                }
                let Some(para) = self.paras.last_mut() else {
                    return;
                };
                let hidden = match run.vanish {
                    Some(v) => v,
                    None if self.styles_hide => {
                        self.styles
                            .hidden(None, run.style.as_deref(), para.style.as_deref())
                    }
                    None => false,
                };
                if hidden {
                    para.text.truncate(run.mark);
                }
            }
            Frame::Para => {
                let Some(para) = self.paras.pop() else { return };
                match self.containers.last() {
                    Some(Container::Cell) => {
                        if let Some(c) = self.cell_mut() {
                            if c.paragraphs > 0 {
                                c.cell.text.push('\n');
                            }
                            c.cell.text.push_str(&para.text);
                            c.paragraphs += 1;
                        }
                    }
                    _ => {
                        if !para.text.is_empty() {
                            // `pfx` starts after the `<` of the paragraph's start tag.
                            let at = para.pfx.start.saturating_sub(1) as u64;
                            let n = self.paragraphs;
                            if !self.over_cap(n, MAX_PARAGRAPHS, "paragraphs", at) {
                                self.paragraphs += 1;
                                self.doc.blocks.push(Block::Paragraph(para.text));
                            }
                        }
                    }
                }
            }
            Frame::Cell => {
                self.containers.pop();
                if let Some(row) = self.tables.last_mut().and_then(|t| t.row.as_mut())
                    && let Some(c) = row.cell.take()
                {
                    row.row.cells.push(c.cell);
                }
            }
            Frame::Row => {
                if let Some(t) = self.tables.last_mut()
                    && let Some(open) = t.row.take()
                    && !open.deleted
                {
                    let mut row = open.row;
                    row.index = t.rows.len();
                    fold_hmerge(&mut row);
                    t.rows.push(row);
                }
            }
            Frame::Table => {
                if let Some(t) = self.tables.pop()
                    && let Some(slot) = self.doc.tables.get_mut(t.index)
                {
                    slot.rows = t.rows;
                }
            }
        }
    }
}

/// Legacy horizontal merges (`w:hMerge`, from old converted files): a restart cell
/// and the continue cells after it are one cell of the summed span, as Word shows it.
/// Every cell's grid column is then set from `w:gridBefore` and the spans before it.
fn fold_hmerge(row: &mut Row) {
    if row.cells.iter().any(|c| c.hmerge == Merge::Continue) {
        let mut cells: Vec<Cell> = Vec::with_capacity(row.cells.len());
        for c in row.cells.drain(..) {
            match cells.last_mut() {
                Some(prev) if c.hmerge == Merge::Continue && prev.hmerge != Merge::None => {
                    prev.span += c.span;
                    // A continue cell's own text is not shown by Word; keep it rather
                    // than lose it, after the restart cell's.
                    if !c.text.trim().is_empty() {
                        prev.text.push('\n');
                        prev.text.push_str(&c.text);
                    }
                }
                _ => cells.push(c),
            }
        }
        row.cells = cells;
    }
    let mut col = row.grid_before;
    for c in &mut row.cells {
        c.col = col;
        col += c.span;
    }
}

/// A decimal count attribute (`w:val` of gridSpan, gridBefore …); absent or unreadable
/// is 0, capped so a hostile value cannot size anything.
fn count(val: Option<&str>) -> usize {
    val.and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(0)
        .min(4096)
}

/// `w:vMerge` / `w:hMerge`: `restart`, or `continue` (also the default when `w:val` is
/// absent, ECMA-376 §17.4.85).
fn merge(val: Option<&str>) -> Merge {
    match val {
        Some("restart") => Merge::Restart,
        _ => Merge::Continue,
    }
}

#[cfg(test)]
mod tests;
