//! What a start tag is: [`Machine::start`] decides the [`Frame`] an element pushes,
//! reading the few property children the reader needs and opening tables, rows, cells,
//! paragraphs and runs.

use quick_xml::events::BytesStart;

use crate::model::{Block, Embedded, Merge, Row, Table};
use crate::xml::{Ns, Scope, on_off, w_attr};

use super::frames::{Container, Field, Frame, OpenRow, OpenTable};
use super::machine::Machine;
use super::{MAX_ROWS, MAX_TABLES};

impl Machine {
    /// Decides what a start tag is. For an empty element the caller calls
    /// [`Machine::end`] at once.
    pub(super) fn start(&mut self, scope: &mut Scope, e: &BytesStart<'_>, offset: u64) -> Frame {
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
            // from a web page, RTF): its r:id recorded with where it stands (how many
            // blocks and tables come before it, its offset, the cell holding it) and its
            // subtree skipped. Extraction then reads an HTML or MHT part and
            // `read::altchunk` splices it in there; an RTF part, or a chunk inside a table
            // cell, is noted as not read.
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
