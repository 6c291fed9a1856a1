//! The docx-rs writer: a [`Doc`] without quirks into an ordinary .docx, as Word-like
//! writers produce it (docx-rs writes every part a Word document has: styles,
//! settings, font table, numbering, core and app properties).
//!
//! Only what docx-rs can express is accepted: plain runs, paragraph styles, tables
//! with `w:gridSpan`, `w:vMerge` restart / continue, `w:gridBefore` / `w:gridAfter` and
//! nested tables. Anything else (wrappers, bare `w:vMerge`, `w:hMerge`, hidden or
//! deleted text, text boxes, raw XML) panics: use [`crate::raw::write`] for those.
//!
//! docx-rs numbers paragraphs (`w14:paraId`) from a per-thread counter, so the package
//! is re-zipped with paragraph ids renumbered from 1 and fixed timestamps: the same
//! `Doc` gives the same bytes on any thread, in any order.

use std::io::{Cursor, Read};

use docx_rs::{
    BreakType, Docx, Paragraph, Run as DRun, Table as DTable, TableCell, TableRow, VMergeType,
    WidthType,
};

use crate::model::*;

/// Write `doc` with docx-rs. Panics on a quirk docx-rs cannot write.
pub fn write(doc: &Doc) -> Vec<u8> {
    let mut docx = Docx::new();
    for b in &doc.body {
        docx = match b {
            Block::Para(p) => docx.add_paragraph(para(p)),
            Block::Table(t) => docx.add_table(table(t)),
            other => panic!("docx-rs cannot write {other:?}; use raw::write"),
        };
    }
    let mut buf = Cursor::new(Vec::new());
    docx.build().pack(&mut buf).expect("docx-rs pack to memory");
    normalize(&buf.into_inner())
}

fn para(p: &Para) -> Paragraph {
    assert!(
        !p.mark_vanish,
        "docx-rs writer: paragraph-mark vanish; use raw::write"
    );
    let mut out = Paragraph::new();
    if let Some(s) = &p.style {
        out = out.style(s);
    }
    for i in &p.inlines {
        let Inline::Run(r) = i else {
            panic!("docx-rs writer: only plain runs, not {i:?}");
        };
        assert!(r.is_plain(), "docx-rs writer: run with quirks {r:?}");
        let mut run = DRun::new();
        for it in &r.items {
            run = match it {
                RunItem::Text(t) => run.add_text(t),
                RunItem::Tab => run.add_tab(),
                RunItem::Br => run.add_break(BreakType::TextWrapping),
                RunItem::PageBreak => run.add_break(BreakType::Page),
            };
        }
        out = out.add_run(run);
    }
    out
}

fn table(t: &Table) -> DTable {
    let rows = t
        .rows
        .iter()
        .map(|r| {
            assert!(r.wrap.is_empty(), "docx-rs writer: wrapped row");
            let mut col = r.grid_before;
            let cells = r
                .cells
                .iter()
                .map(|c| {
                    let width: u32 = t.grid.iter().skip(col).take(c.span.max(1)).sum();
                    col += c.span.max(1);
                    cell(c, width)
                })
                .collect();
            let mut row = TableRow::new(cells);
            if r.grid_before > 0 {
                row = row.grid_before(r.grid_before as u32);
            }
            if r.grid_after > 0 {
                row = row.grid_after(r.grid_after as u32);
            }
            row
        })
        .collect();
    DTable::new(rows).set_grid(t.grid.iter().map(|w| *w as usize).collect())
}

fn cell(c: &Cell, width: u32) -> TableCell {
    assert!(
        c.wrap.is_empty() && c.hmerge.is_none(),
        "docx-rs writer: cell quirks {c:?}"
    );
    let mut out = TableCell::new().width(width as usize, WidthType::Dxa);
    if c.span > 1 {
        out = out.grid_span(c.span);
    }
    match c.vmerge {
        Some(VMerge::Restart) => out = out.vertical_merge(VMergeType::Restart),
        Some(VMerge::Continue) => out = out.vertical_merge(VMergeType::Continue),
        Some(VMerge::Bare) => panic!("docx-rs writer: bare w:vMerge; use raw::write"),
        None => {}
    }
    for b in &c.content {
        out = match b {
            Block::Para(p) => out.add_paragraph(para(p)),
            Block::Table(t) => out.add_table(table(t)),
            other => panic!("docx-rs cannot write {other:?} in a cell; use raw::write"),
        };
    }
    if !matches!(c.content.last(), Some(Block::Para(_))) {
        out = out.add_paragraph(Paragraph::new());
    }
    out
}

/// Re-zip a package with fixed timestamps, entries in their original order, and the
/// `w14:paraId` / `w14:textId` values of every XML part renumbered in document order.
pub fn normalize(zip_bytes: &[u8]) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(Cursor::new(zip_bytes)).expect("docx-rs wrote a zip");
    let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).expect("zip entry");
        if f.is_dir() {
            continue;
        }
        let mut data = Vec::new();
        f.read_to_end(&mut data).expect("zip read");
        let name = f.name().expect("zip entry name").to_string();
        if name.ends_with(".xml")
            && let Ok(s) = String::from_utf8(data.clone())
        {
            data = renumber_ids(&s).into_bytes();
        }
        entries.push((name, data));
    }
    let refs: Vec<(String, &[u8])> = entries
        .iter()
        .map(|(n, d)| (n.clone(), d.as_slice()))
        .collect();
    crate::raw::zip_entries(&refs)
}

fn renumber_ids(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    let mut n = 0u32;
    loop {
        let next = ["w14:paraId=\"", "w14:textId=\""]
            .iter()
            .filter_map(|pat| rest.find(pat).map(|i| (i, pat.len())))
            .min();
        let Some((i, len)) = next else { break };
        out.push_str(&rest[..i + len]);
        rest = &rest[i + len..];
        let end = rest.find('"').unwrap_or(0);
        n += 1;
        out.push_str(&format!("{n:08X}"));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}
