//! The document model both writers take: body blocks, tables, rows, cells, runs, each
//! carrying the quirks (wrappers, merge marks, hidden or deleted text) it is written with.
//!
//! A [`crate::Report`] lays its template out into a [`Doc`]; a test then edits the
//! `Doc` (replace one cell's runs, wrap a row in `w:sdt` …) before writing it with
//! [`crate::raw::write`] or [`crate::docxrs::write`]. Every field is public on purpose:
//! a quirk is a plain edit of the model, and the raw writer turns each field into the
//! OOXML construct it names.

/// A body: paragraphs and tables in document order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Doc {
    pub body: Vec<Block>,
}

/// Body-level content (of the document body, a cell or a text box).
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Para(Para),
    Table(Table),
    /// Block-level XML written verbatim (raw writer only), with `w:` as the main prefix.
    Raw(String),
    /// Blocks inside one block-level `w:sdt` (a content control around paragraphs or tables).
    Sdt(Vec<Block>),
}

/// One `w:p`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Para {
    pub inlines: Vec<Inline>,
    /// `w:pPr/w:pStyle` (a style id of the styles part).
    pub style: Option<String>,
    /// `w:pPr/w:rPr/w:vanish`: hides the paragraph mark only, never the runs (WPS
    /// writes it on ordinary paragraphs). Raw writer only.
    pub mark_vanish: bool,
}

/// Paragraph content.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    Run(Run),
    /// Inline XML written verbatim between runs (`w:proofErr`, `w:bookmarkStart` …).
    Raw(String),
    /// A run holding a text box. `alternate`: stored twice as Word does, DrawingML in
    /// `mc:Choice` and VML in `mc:Fallback`; otherwise a lone VML `w:pict` text box.
    TextBox {
        content: Vec<Block>,
        alternate: bool,
    },
    /// A complex field: `w:fldChar` begin, `w:instrText` with `instr`, separate, one run
    /// with `result`, end, each in a run of its own.
    Field {
        instr: String,
        result: String,
    },
}

/// One `w:r`, and the wrappers it is written inside.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub items: Vec<RunItem>,
    /// `w:rPr/w:vanish`: `Some(true)` writes `<w:vanish/>`, `Some(false)` writes
    /// `<w:vanish w:val="0"/>`.
    pub vanish: Option<bool>,
    /// `w:rPr/w:rStyle` (a character style id).
    pub style: Option<String>,
    /// Write `xml:space="preserve"` on `w:t` (true by default; converters often omit it).
    pub preserve: bool,
    /// Write the text as `w:delText` (deleted text, inside [`Wrap::Del`] or [`Wrap::MoveFrom`]).
    pub deleted: bool,
    /// Elements the run is written inside, outermost first.
    pub wrap: Vec<Wrap>,
}

/// Run content.
#[derive(Debug, Clone, PartialEq)]
pub enum RunItem {
    Text(String),
    /// `w:tab`.
    Tab,
    /// `w:br` (a line break).
    Br,
    /// `w:br w:type="page"`.
    PageBreak,
}

/// An element written around a run, row, cell or table.
#[derive(Debug, Clone, PartialEq)]
pub enum Wrap {
    /// `w:sdt` / `w:sdtContent` (a content control).
    Sdt,
    /// `w:smartTag` (Word's recognized-data tags, common in pasted Chinese text).
    SmartTag,
    /// `w:customXml`.
    CustomXml,
    /// `w:hyperlink w:anchor="…"`.
    Hyperlink,
    /// `w:fldSimple w:instr="…"`: the run is the field's result.
    FldSimple(String),
    /// `w:ins` (tracked insertion: read).
    Ins,
    /// `w:del` (tracked deletion: not read; set [`Run::deleted`] too).
    Del,
    /// `w:moveTo` (read).
    MoveTo,
    /// `w:moveFrom` (not read).
    MoveFrom,
}

/// One `w:tbl`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    /// `w:tblGrid` column widths in twips.
    pub grid: Vec<u32>,
    pub rows: Vec<Row>,
}

/// One `w:tr`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Row {
    pub cells: Vec<Cell>,
    /// `w:trPr/w:gridBefore`.
    pub grid_before: usize,
    /// `w:trPr/w:gridAfter`.
    pub grid_after: usize,
    /// `w:trPr/w:tblHeader`.
    pub header: bool,
    /// Elements the row is written inside (`Sdt`, `CustomXml`), outermost first.
    pub wrap: Vec<Wrap>,
}

/// One `w:tc`.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// Paragraphs and nested tables. Written with an empty paragraph when empty (a
    /// `w:tc` must end in a `w:p`).
    pub content: Vec<Block>,
    /// `w:gridSpan` (written when > 1).
    pub span: usize,
    pub vmerge: Option<VMerge>,
    /// Legacy `w:hMerge` (raw writer only).
    pub hmerge: Option<HMerge>,
    /// Elements the cell is written inside (`Sdt`, `CustomXml`), outermost first.
    pub wrap: Vec<Wrap>,
}

/// `w:vMerge`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VMerge {
    /// `w:val="restart"`.
    Restart,
    /// `w:val="continue"`.
    Continue,
    /// `<w:vMerge/>` without a value (the schema default: continue).
    Bare,
}

/// Legacy `w:hMerge`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HMerge {
    Restart,
    Continue,
}

impl Run {
    /// A run of plain text.
    pub fn text(s: impl Into<String>) -> Self {
        Run {
            items: vec![RunItem::Text(s.into())],
            vanish: None,
            style: None,
            preserve: true,
            deleted: false,
            wrap: Vec::new(),
        }
    }

    /// A run holding only a page break.
    pub fn page_break() -> Self {
        Run {
            items: vec![RunItem::PageBreak],
            ..Run::text("")
        }
    }

    /// The same run written inside `w`, outside the wrappers it already has.
    pub fn wrapped(mut self, w: Wrap) -> Self {
        self.wrap.insert(0, w);
        self
    }

    /// Deleted text: `w:del` around a run of `w:delText`.
    pub fn deleted(s: impl Into<String>) -> Self {
        Run {
            deleted: true,
            ..Run::text(s)
        }
        .wrapped(Wrap::Del)
    }

    /// The visible text of the run, as Word shows it (empty when hidden or deleted
    /// by its own properties; styles are not resolved).
    pub fn plain_text(&self) -> String {
        let mut s = String::new();
        for it in &self.items {
            match it {
                RunItem::Text(t) => s.push_str(t),
                RunItem::Tab => s.push('\t'),
                RunItem::Br | RunItem::PageBreak => s.push('\n'),
            }
        }
        s
    }

    /// True when nothing beyond text is asked of the writer (docx-rs can write it).
    pub fn is_plain(&self) -> bool {
        self.vanish.is_none()
            && self.style.is_none()
            && self.preserve
            && !self.deleted
            && self.wrap.is_empty()
    }
}

impl From<Run> for Inline {
    fn from(r: Run) -> Self {
        Inline::Run(r)
    }
}

impl Para {
    /// A paragraph; `\n` in `s` becomes a `w:br` line break.
    pub fn text(s: &str) -> Self {
        let mut items = Vec::new();
        for (i, line) in s.split('\n').enumerate() {
            if i > 0 {
                items.push(RunItem::Br);
            }
            if !line.is_empty() {
                items.push(RunItem::Text(line.to_owned()));
            }
        }
        if items.is_empty() {
            return Para::default();
        }
        Para {
            inlines: vec![Inline::Run(Run {
                items,
                ..Run::text("")
            })],
            ..Para::default()
        }
    }

    /// A paragraph of the given inlines.
    pub fn of(inlines: Vec<Inline>) -> Self {
        Para {
            inlines,
            ..Para::default()
        }
    }

    /// A paragraph holding only a page break (between the parts of a split table).
    pub fn page_break() -> Self {
        Para::of(vec![Run::page_break().into()])
    }

    pub fn with_style(mut self, style: &str) -> Self {
        self.style = Some(style.to_owned());
        self
    }
}

impl Cell {
    /// A cell of text; `\n` starts a new paragraph (as the template's broken labels
    /// `商业\n企业` are written).
    pub fn text(s: &str) -> Self {
        let content = s
            .split('\n')
            .map(|line| Block::Para(Para::text(line)))
            .collect();
        Cell {
            content,
            span: 1,
            vmerge: None,
            hmerge: None,
            wrap: Vec::new(),
        }
    }

    /// A cell holding one paragraph of the given inlines.
    pub fn of(inlines: Vec<Inline>) -> Self {
        Cell {
            content: vec![Block::Para(Para::of(inlines))],
            ..Cell::text("")
        }
    }

    /// An empty cell continuing a vertical merge.
    pub fn cont(span: usize) -> Self {
        Cell {
            span,
            vmerge: Some(VMerge::Continue),
            ..Cell::text("")
        }
    }

    pub fn span(mut self, n: usize) -> Self {
        self.span = n;
        self
    }

    pub fn vmerge(mut self, m: VMerge) -> Self {
        self.vmerge = Some(m);
        self
    }

    /// Replace the cell's content by one paragraph of `inlines`.
    pub fn set_inlines(&mut self, inlines: Vec<Inline>) {
        self.content = vec![Block::Para(Para::of(inlines))];
    }

    /// Replace the cell's content by plain text (`\n` starts a new paragraph).
    pub fn set_text(&mut self, s: &str) {
        self.content = Cell::text(s).content;
    }

    /// The cell's first run, for in-place edits (`vanish`, `preserve`, `wrap` …).
    pub fn first_run_mut(&mut self) -> Option<&mut Run> {
        self.content.iter_mut().find_map(|b| match b {
            Block::Para(p) => p.inlines.iter_mut().find_map(|i| match i {
                Inline::Run(r) => Some(r),
                _ => None,
            }),
            _ => None,
        })
    }
}

impl Doc {
    /// The `n`-th table (1-based, as `location.table` counts: every `w:tbl` in the order
    /// its start tag appears, nested ones included).
    pub fn table_mut(&mut self, n: usize) -> &mut Table {
        let mut counter = 0;
        find_table(&mut self.body, n, &mut counter)
            .unwrap_or_else(|| panic!("the document has no table {n} (it has {counter})"))
    }

    /// The cell at a 1-based table ordinal, 0-based row and cell (a report `location`).
    pub fn cell_mut(&mut self, loc: Loc) -> &mut Cell {
        let t = self.table_mut(loc.table);
        let row = t
            .rows
            .get_mut(loc.row)
            .unwrap_or_else(|| panic!("table {} has no row {}", loc.table, loc.row));
        row.cells.get_mut(loc.cell).unwrap_or_else(|| {
            panic!(
                "table {} row {} has no cell {}",
                loc.table, loc.row, loc.cell
            )
        })
    }

    /// How many `w:tbl` the document holds, nested ones included.
    pub fn table_count(&self) -> usize {
        fn count(blocks: &[Block]) -> usize {
            blocks
                .iter()
                .map(|b| match b {
                    Block::Table(t) => {
                        1 + t
                            .rows
                            .iter()
                            .flat_map(|r| &r.cells)
                            .map(|c| count(&c.content))
                            .sum::<usize>()
                    }
                    Block::Sdt(inner) => count(inner),
                    Block::Para(p) => p
                        .inlines
                        .iter()
                        .map(|i| match i {
                            Inline::TextBox { content, .. } => count(content),
                            _ => 0,
                        })
                        .sum(),
                    Block::Raw(_) => 0,
                })
                .sum()
        }
        count(&self.body)
    }
}

fn find_table<'a>(blocks: &'a mut [Block], n: usize, counter: &mut usize) -> Option<&'a mut Table> {
    for b in blocks {
        match b {
            Block::Table(t) => {
                *counter += 1;
                if *counter == n {
                    return Some(t);
                }
                for row in &mut t.rows {
                    for cell in &mut row.cells {
                        if let Some(found) = find_table(&mut cell.content, n, counter) {
                            return Some(found);
                        }
                    }
                }
            }
            Block::Sdt(inner) => {
                if let Some(found) = find_table(inner, n, counter) {
                    return Some(found);
                }
            }
            Block::Para(p) => {
                for i in &mut p.inlines {
                    if let Inline::TextBox { content, .. } = i
                        && let Some(found) = find_table(content, n, counter)
                    {
                        return Some(found);
                    }
                }
            }
            Block::Raw(_) => {}
        }
    }
    None
}

/// A physical place in a document, numbered as nianbao's `location`: `table` is the
/// 1-based ordinal of the `w:tbl` in document order (nested tables counted where they
/// start), `row` and `cell` the 0-based `w:tr` and `w:tc` indexes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Loc {
    pub table: usize,
    pub row: usize,
    pub cell: usize,
}
