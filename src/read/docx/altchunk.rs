//! `w:altChunk`: content Word keeps as a part of another format (HTML or MHT pasted
//! from a web page) and draws where the altChunk stands. Each chunk read as its own
//! [`Document`] is spliced in there, as if its paragraphs and tables stood in the body:
//! its blocks go in at the altChunk's place, and every table is renumbered so that
//! `tables` (and so `location.table`) stays in document order — the main document's
//! tables before the chunk, the chunk's, then the rest.

use crate::model::{Block, Document, Embedded};

/// Splices `chunks` (altChunks of `doc` read, in document order) into `doc`.
pub fn splice(doc: &mut Document, chunks: Vec<(Embedded, Document)>) {
    if chunks.is_empty() {
        return;
    }
    let main_len = doc.tables.len();
    // Where the chunk's tables start in the new numbering.
    let mut bases = Vec::with_capacity(chunks.len());
    let mut inserted = 0;
    for (at, sub) in &chunks {
        bases.push(at.tables.min(main_len) + inserted);
        inserted += sub.tables.len();
    }
    // Each main table moves past the chunks that stand before it.
    let sizes: Vec<(usize, usize)> = chunks
        .iter()
        .map(|(at, sub)| (at.tables, sub.tables.len()))
        .collect();
    let main_new = |j: usize| {
        j + sizes
            .iter()
            .filter(|&&(at, _)| at <= j)
            .map(|&(_, n)| n)
            .sum::<usize>()
    };
    for n in &mut doc.notes {
        if let Some(c) = n.cell.as_mut() {
            c.table = main_new(c.table);
        }
    }
    let total = main_len + inserted;
    let mut slots: Vec<Option<crate::model::Table>> = (0..total).map(|_| None).collect();
    for mut t in std::mem::take(&mut doc.tables) {
        let new = main_new(t.index);
        renumber(&mut t, new, &main_new);
        if let Some(s) = slots.get_mut(new) {
            *s = Some(t);
        }
    }
    let mut chunk_blocks = Vec::with_capacity(chunks.len());
    for ((at, sub), base) in chunks.into_iter().zip(&bases) {
        let map = |k: usize| base + k;
        for mut t in sub.tables {
            let new = map(t.index);
            renumber(&mut t, new, &map);
            if let Some(s) = slots.get_mut(new) {
                *s = Some(t);
            }
        }
        doc.notes.extend(sub.notes.into_iter().map(|mut n| {
            if let Some(c) = n.cell.as_mut() {
                c.table = map(c.table);
            }
            n
        }));
        let blocks: Vec<Block> = sub
            .blocks
            .into_iter()
            .map(|b| match b {
                Block::Table(k) => Block::Table(map(k)),
                p => p,
            })
            .collect();
        chunk_blocks.push((at.block, blocks));
    }
    doc.tables = slots.into_iter().flatten().collect();
    let mut blocks = Vec::with_capacity(doc.blocks.len());
    let mut pending = chunk_blocks.into_iter().peekable();
    for (p, b) in std::mem::take(&mut doc.blocks).into_iter().enumerate() {
        while let Some((_, chunk)) = pending.next_if(|(at, _)| *at <= p) {
            blocks.extend(chunk);
        }
        blocks.push(match b {
            Block::Table(j) => Block::Table(main_new(j)),
            p => p,
        });
    }
    for (_, chunk) in pending {
        blocks.extend(chunk);
    }
    doc.blocks = blocks;
}

/// Gives table `t` the index `new` and maps its references to other tables of the
/// same document with `map`.
fn renumber(t: &mut crate::model::Table, new: usize, map: &dyn Fn(usize) -> usize) {
    t.index = new;
    if let Some(p) = t.parent.as_mut() {
        p.table = map(p.table);
    }
    for r in &mut t.rows {
        for c in &mut r.cells {
            for n in &mut c.nested {
                *n = map(*n);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CellRef, Table};

    fn table(index: usize, parent: Option<CellRef>) -> Table {
        Table {
            index,
            parent,
            ..Table::default()
        }
    }

    fn para(s: &str) -> Block {
        Block::Paragraph(s.into())
    }

    #[test]
    fn chunks_go_where_they_stand_and_tables_keep_document_order() {
        // main: p0, T0, [chunk A], p1, T1 (T2 nested in it), [chunk B]
        let mut doc = Document {
            blocks: vec![para("p0"), Block::Table(0), para("p1"), Block::Table(1)],
            tables: vec![
                table(0, None),
                table(1, None),
                table(
                    2,
                    Some(CellRef {
                        table: 1,
                        row: 0,
                        cell: 0,
                    }),
                ),
            ],
            ..Document::default()
        };
        let at = |block, tables| Embedded {
            id: "r".into(),
            block,
            tables,
            offset: 0,
            cell: None,
        };
        let a = Document {
            blocks: vec![para("a"), Block::Table(0)],
            tables: vec![
                table(0, None),
                table(
                    1,
                    Some(CellRef {
                        table: 0,
                        row: 0,
                        cell: 0,
                    }),
                ),
            ],
            ..Document::default()
        };
        let b = Document {
            blocks: vec![Block::Table(0), para("b")],
            tables: vec![table(0, None)],
            ..Document::default()
        };
        splice(&mut doc, vec![(at(2, 1), a), (at(4, 3), b)]);
        assert_eq!(
            doc.blocks,
            vec![
                para("p0"),
                Block::Table(0),
                para("a"),
                Block::Table(1),
                para("p1"),
                Block::Table(3),
                Block::Table(5),
                para("b"),
            ]
        );
        let idx: Vec<usize> = doc.tables.iter().map(|t| t.index).collect();
        assert_eq!(idx, vec![0, 1, 2, 3, 4, 5]);
        assert_eq!(doc.tables[2].parent.map(|p| p.table), Some(1));
        assert_eq!(doc.tables[4].parent.map(|p| p.table), Some(3));
    }
}
