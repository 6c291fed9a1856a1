//! The page's DOM into the model: paragraphs and tables, with the text a browser shows.
//!
//! One explicit walk over the tree (a stack of steps, never recursion, so a page nested
//! 100,000 deep costs a deep vector, not a deep call stack). Entering an element decides
//! what it is:
//!
//! ```text
//!  not shown: script style template noscript head iframe object embed select textarea
//!     svg math img …, [hidden], style display:none / visibility:hidden / mso-hide:all,
//!     a class or id a <style> rule hides          → skipped with its subtree
//!  landmark chrome: nav aside footer, header outside article/main, ARIA roles of
//!     chrome (navigation, banner, contentinfo …) → skipped with its subtree
//!  chrome by name: a class/id word of chrome (nav, menu, footer, breadcrumb, sidebar …)
//!                                                  → its text is no paragraph; its tables
//!                                                    are read (figures are never lost to
//!                                                    a guess) but are not body blocks
//!  block (p div li h1 …) → a paragraph boundary;  <br> → a line break in the paragraph
//!  <table> → a table of its own (nested or not); <thead>/<tbody>/<tfoot> → row groups;
//!     <tr> → a row; <td>/<th> → a cell, a container of paragraphs joined by "\n"
//!  <caption> → a paragraph before its table
//! ```
//!
//! Text is collapsed as CSS `white-space: normal` does (runs of ASCII whitespace are one
//! space, none at a line's start or end; `<pre>` keeps its own), and NBSP is never
//! whitespace here: `&nbsp;` stays U+00A0 in the cell's text, as the raw text keeps it.
//!
//! A layout table — one whose cells hold tables, or a lone cell around content — is body
//! content on a page: its cells' paragraphs and tables go into [`Document::blocks`] in
//! order (the table itself stays in [`Document::tables`], as in .docx, where `recognize`
//! passes over it).

use html5ever::local_name;

use super::container::{Container, Item, Kind};
use super::elements::{
    CHROME_ROLES, CHROME_WORDS, Hidden, hidden_selectors, is_block, not_shown, style_hides,
};
use super::sink::{Data, Dom, Element, Id};
use super::table::{Group, GroupKind, RawCell, RawRow, layout, span_attr};
use crate::model::{Block, CellRef, Document, Table};

/// What an element's end finishes.
#[derive(Debug, Clone, Copy)]
enum Exit {
    /// A block: the paragraph ends.
    Block,
    Chrome,
    Article,
    Pre,
    Table,
    Group,
    Row,
    Cell,
    Caption,
}

#[derive(Debug, Clone, Copy)]
enum Step {
    Enter(Id),
    Exit(Exit),
}

#[derive(Debug)]
struct OpenTable {
    id: Id,
    index: usize,
    chrome: bool,
    groups: Vec<Group>,
    group: Option<(Id, Group)>,
    row: Option<(Id, RawRow)>,
    cell: Option<RawCell>,
    /// The finished cells' paragraphs and tables, in document order.
    items: Vec<Item>,
}

/// Reads `dom` into a [`Document`]; `Err` (a `too_large` message) when its tables would
/// pass `max_cells` cells.
pub fn document(dom: &Dom, max_cells: usize) -> Result<Document, String> {
    let mut w = Walker {
        dom,
        doc: Document::default(),
        containers: vec![Container::new(Kind::Body, false)],
        tables: Vec::new(),
        chrome: 0,
        article: 0,
        pre: 0,
        cells: 0,
        grid_cells: 0,
        max_cells,
        hidden: hidden_selectors(dom),
    };
    let mut stack = vec![Step::Enter(Dom::ROOT)];
    while let Some(step) = stack.pop() {
        match step {
            Step::Enter(id) => w.enter(id, &mut stack)?,
            Step::Exit(e) => w.exit(e)?,
        }
    }
    let mut body = w
        .containers
        .pop()
        .unwrap_or_else(|| Container::new(Kind::Body, false));
    body.boundary(false);
    let mut doc = w.doc;
    doc.blocks = body
        .items
        .into_iter()
        .map(|i| match i {
            Item::Line(l) => Block::Paragraph(l),
            Item::Table(t) => Block::Table(t),
        })
        .collect();
    Ok(doc)
}

struct Walker<'d> {
    dom: &'d Dom,
    doc: Document,
    containers: Vec<Container>,
    tables: Vec<OpenTable>,
    chrome: usize,
    article: usize,
    pre: usize,
    /// Cells met in the page, and cells of the laid-out grids (covered slots counted).
    cells: usize,
    grid_cells: usize,
    max_cells: usize,
    hidden: Hidden,
}

impl Walker<'_> {
    fn top(&mut self) -> Option<&mut Container> {
        self.containers.last_mut()
    }

    fn boundary(&mut self) {
        let chrome = self.chrome > 0;
        if let Some(c) = self.top() {
            c.boundary(chrome);
        }
    }

    fn enter(&mut self, id: Id, stack: &mut Vec<Step>) -> Result<(), String> {
        let Some(node) = self.dom.node(id) else {
            return Ok(());
        };
        let push_children = |stack: &mut Vec<Step>| {
            let first = stack.len();
            stack.extend(self.dom.children(id).map(Step::Enter));
            stack[first..].reverse();
        };
        let el = match &node.data {
            Data::Document => {
                push_children(stack);
                return Ok(());
            }
            Data::Text(t) => {
                let pre = self.pre > 0;
                if let Some(c) = self.top() {
                    c.text(t, pre);
                }
                return Ok(());
            }
            Data::Other => return Ok(()),
            Data::Element(e) => e,
        };
        if el.ns != html5ever::ns!(html)
            || not_shown(&el.local)
            || self.hides(el)
            || self.is_landmark_chrome(el)
        {
            return Ok(());
        }
        let name = &*el.local;
        if name == "br" {
            if let Some(c) = self.top() {
                c.line_break();
            }
            return Ok(());
        }
        // Exits run in reverse order of entry, after the children: each is pushed as
        // it is entered, under the children pushed last (no vector of them an element).
        if let Some(table) = self.table_part(id, el)? {
            stack.push(Step::Exit(table));
        } else {
            if is_block(&el.local) {
                self.boundary();
                stack.push(Step::Exit(Exit::Block));
            }
            if matches!(name, "article" | "main") || el.attr(local_name!("role")) == Some("main") {
                self.article += 1;
                stack.push(Step::Exit(Exit::Article));
            }
            if self.is_chrome(el) {
                self.boundary();
                self.chrome += 1;
                stack.push(Step::Exit(Exit::Chrome));
            }
            if matches!(name, "pre" | "listing" | "xmp" | "plaintext") {
                self.pre += 1;
                stack.push(Step::Exit(Exit::Pre));
            }
        }
        push_children(stack);
        Ok(())
    }

    /// Table structure: `<table>`, its row groups, rows, cells and caption, each only
    /// where the table model puts it (a `<td>` elsewhere is an ordinary element).
    fn table_part(&mut self, id: Id, el: &Element) -> Result<Option<Exit>, String> {
        let parent = self.dom.parent(id);
        let name = &*el.local;
        if name == "table" {
            self.boundary();
            let index = self.doc.tables.len();
            self.doc.tables.push(Table {
                index,
                ..Table::default()
            });
            // A table in a cell is nested in it: the cell notes it (its place in the grid
            // is known when its own table ends).
            if let Some(t) = self.tables.last_mut()
                && let Some(cell) = t.cell.as_mut()
                && self.containers.last().is_some_and(|c| c.kind == Kind::Cell)
            {
                cell.nested.push(index);
            }
            self.tables.push(OpenTable {
                id,
                index,
                chrome: self.chrome > 0,
                groups: Vec::new(),
                group: None,
                row: None,
                cell: None,
                items: Vec::new(),
            });
            self.containers
                .push(Container::new(Kind::Void, self.chrome > 0));
            return Ok(Some(Exit::Table));
        }
        let Some(t) = self.tables.last_mut() else {
            return Ok(None);
        };
        match name {
            "thead" | "tbody" | "tfoot" if parent == Some(t.id) && t.group.is_none() => {
                let kind = match name {
                    "thead" => GroupKind::Head,
                    "tfoot" => GroupKind::Foot,
                    _ => GroupKind::Body,
                };
                t.group = Some((
                    id,
                    Group {
                        kind,
                        rows: Vec::new(),
                    },
                ));
                Ok(Some(Exit::Group))
            }
            "tr" if t.row.is_none()
                && (parent == Some(t.id)
                    || parent.is_some() && parent == t.group.as_ref().map(|g| g.0)) =>
            {
                if t.group.is_none() {
                    // a row straight in <table> (html5ever puts one in a tbody; kept for
                    // any tree that does not)
                    t.group = Some((t.id, Group::default()));
                }
                let header = t
                    .group
                    .as_ref()
                    .is_some_and(|g| g.1.kind == GroupKind::Head);
                t.row = Some((
                    id,
                    RawRow {
                        cells: Vec::new(),
                        header,
                    },
                ));
                Ok(Some(Exit::Row))
            }
            "td" | "th"
                if t.cell.is_none()
                    && parent.is_some()
                    && parent == t.row.as_ref().map(|r| r.0) =>
            {
                t.cell = Some(RawCell {
                    colspan: span_attr(el.attr(local_name!("colspan")), 1, false, 1000),
                    rowspan: span_attr(el.attr(local_name!("rowspan")), 1, true, 65534),
                    line: el.line,
                    ..RawCell::default()
                });
                self.cells += 1;
                if self.cells > self.max_cells {
                    return Err(format!(
                        "more than {} table cells in the page",
                        self.max_cells
                    ));
                }
                let chrome = self.chrome > 0;
                self.containers.push(Container::new(Kind::Cell, chrome));
                Ok(Some(Exit::Cell))
            }
            "caption" if parent == Some(t.id) => {
                let chrome = self.chrome > 0;
                self.containers.push(Container::new(Kind::Caption, chrome));
                Ok(Some(Exit::Caption))
            }
            _ => Ok(None),
        }
    }

    fn exit(&mut self, e: Exit) -> Result<(), String> {
        match e {
            Exit::Block => self.boundary(),
            Exit::Chrome => {
                self.boundary();
                self.chrome = self.chrome.saturating_sub(1);
            }
            Exit::Article => self.article = self.article.saturating_sub(1),
            Exit::Pre => self.pre = self.pre.saturating_sub(1),
            Exit::Caption => {
                let Some(mut c) = self.containers.pop() else {
                    return Ok(());
                };
                c.boundary(false);
                // shown above the table: paragraphs of the container the table is in
                let n = self.containers.len();
                if let Some(outer) = n.checked_sub(2).and_then(|i| self.containers.get_mut(i))
                    && !(outer.kind == Kind::Body && (c.chrome || outer.chrome))
                {
                    outer.items.extend(c.items);
                }
            }
            Exit::Cell => {
                let Some(mut c) = self.containers.pop() else {
                    return Ok(());
                };
                c.boundary(false);
                let text = c
                    .items
                    .iter()
                    .filter_map(|i| match i {
                        Item::Line(l) => Some(l.as_str()),
                        Item::Table(_) => None,
                    })
                    .collect::<Vec<_>>()
                    .join("\n");
                if let Some(t) = self.tables.last_mut()
                    && let Some(mut cell) = t.cell.take()
                {
                    cell.text = text;
                    if let Some((_, row)) = t.row.as_mut() {
                        row.cells.push(cell);
                    }
                    // kept for when the table turns out to be a layout table
                    t.items.extend(c.items);
                }
            }
            Exit::Row => {
                if let Some(t) = self.tables.last_mut()
                    && let Some((_, row)) = t.row.take()
                    && let Some((_, g)) = t.group.as_mut()
                {
                    g.rows.push(row);
                    // a row straight in <table> closes its implied group
                    if t.group.as_ref().is_some_and(|g| g.0 == t.id)
                        && let Some((_, g)) = t.group.take()
                    {
                        t.groups.push(g);
                    }
                }
            }
            Exit::Group => {
                if let Some(t) = self.tables.last_mut()
                    && let Some((_, g)) = t.group.take()
                {
                    t.groups.push(g);
                }
            }
            Exit::Table => self.end_table()?,
        }
        Ok(())
    }

    fn end_table(&mut self) -> Result<(), String> {
        let Some(mut t) = self.tables.pop() else {
            return Ok(());
        };
        self.containers.pop();
        if let Some((_, g)) = t.group.take() {
            t.groups.push(g);
        }
        let rows = layout(t.groups, &mut self.grid_cells, self.max_cells)?;
        let mut real = 0usize;
        let mut holds_tables = false;
        for r in &rows {
            for c in &r.cells {
                real += usize::from(c.line.is_some() && c.vmerge != crate::model::Merge::Continue);
                for &n in &c.nested {
                    holds_tables = true;
                    if let Some(nt) = self.doc.tables.get_mut(n) {
                        nt.parent = Some(CellRef {
                            table: t.index,
                            row: r.index,
                            cell: c.index,
                        });
                    }
                }
            }
        }
        if let Some(slot) = self.doc.tables.get_mut(t.index) {
            slot.rows = rows;
        }
        let Some(outer) = self.containers.last_mut() else {
            return Ok(());
        };
        // Figures in chrome are still read (the table is in `tables`), but nothing of
        // it is body content.
        if outer.kind == Kind::Body && (t.chrome || outer.chrome) {
            return Ok(());
        }
        if holds_tables || real == 1 {
            // A layout table: what its cells hold is content where the table stands.
            outer.items.extend(t.items);
        } else {
            outer.items.push(Item::Table(t.index));
        }
        Ok(())
    }

    fn hides(&self, el: &Element) -> bool {
        if el.attr(local_name!("hidden")).is_some() {
            return true;
        }
        if el.attr(local_name!("style")).is_some_and(style_hides) {
            return true;
        }
        if !self.hidden.classes.is_empty()
            && el.attr(local_name!("class")).is_some_and(|c| {
                c.split_ascii_whitespace()
                    .any(|c| self.hidden.classes.contains(c))
            })
        {
            return true;
        }
        el.attr(local_name!("id"))
            .is_some_and(|i| self.hidden.ids.contains(i))
    }

    /// Chrome the page itself marks as such (HTML's sectioning elements for navigation,
    /// asides and footers; a header outside the article; ARIA landmark roles): skipped
    /// whole, tables and all, as no report is published inside them.
    fn is_landmark_chrome(&self, el: &Element) -> bool {
        let name = &*el.local;
        if matches!(name, "nav" | "aside" | "footer") || (name == "header" && self.article == 0) {
            return true;
        }
        el.attr(local_name!("role"))
            .is_some_and(|r| CHROME_ROLES.iter().any(|c| r.eq_ignore_ascii_case(c)))
    }

    /// Chrome by a class or id word (`main-nav`, `footer`, `breadcrumb`): a guess from
    /// the site's names, so only its text is kept out of the paragraphs; a table in it
    /// is still read (figures are never lost to a guess).
    fn is_chrome(&self, el: &Element) -> bool {
        let words = |v: &str| {
            v.split(|c: char| c.is_ascii_whitespace() || c == '-' || c == '_')
                .any(|w| CHROME_WORDS.iter().any(|c| w.eq_ignore_ascii_case(c)))
        };
        el.attr(local_name!("class")).is_some_and(words)
            || el.attr(local_name!("id")).is_some_and(words)
    }
}
