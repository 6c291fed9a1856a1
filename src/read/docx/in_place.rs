//! The in-place shortcuts of the main-part reader: what follows in a paragraph or a row
//! is read from the part's bytes, as long as it is runs of text alone or cells of them,
//! and handed to the state machine as its events would have been.

use quick_xml::Reader;

use crate::xml::{CellPiece, PropsRead, Scope, plain_cell, starts_element, whole_plain_run};

use super::frames::{Frame, MAX_BACKOFF};
use super::machine::Machine;

/// What the reader reads in place, from the bytes of the part, instead of tokenizing
/// it: runs of text alone in a paragraph, cells of such runs in a row.
pub(super) struct InPlace<'x> {
    /// The whole part; `base` is where quick-xml's positions start in it (after a BOM).
    pub(super) xml: &'x [u8],
    pub(super) base: u64,
    /// The children read from each property container ([`Frame::jumpable`]): met on
    /// the way, they make an element be tokenized.
    pub(super) read: PropsRead<'static>,
    /// The pieces of the cell being read ([`plain_cell`]), one buffer for the part.
    pub(super) pieces: Vec<CellPiece<'x>>,
}

impl<'x> InPlace<'x> {
    /// After an element starts or ends (outside skipped subtrees): what follows in a
    /// paragraph or a row is read in place as long as it can be.
    pub(super) fn take(&mut self, m: &mut Machine, r: &mut Reader<&[u8]>, scope: &Scope) {
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
