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

use std::collections::HashSet;

use html5ever::{LocalName, local_name};

use super::sink::{Data, Dom, Element, Id};
use super::table::{Group, GroupKind, RawCell, RawRow, layout, span_attr};
use crate::model::{Block, CellRef, Document, Table};

/// Elements whose subtree the browser does not show as text (atoms compared: one
/// integer each).
fn not_shown(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("script")
            | local_name!("style")
            | local_name!("template")
            | local_name!("noscript")
            | local_name!("head")
            | local_name!("title")
            | local_name!("iframe")
            | local_name!("object")
            | local_name!("embed")
            | local_name!("select")
            | local_name!("textarea")
            | local_name!("img")
            | local_name!("video")
            | local_name!("audio")
            | local_name!("canvas")
            | local_name!("map")
            | local_name!("input")
            | local_name!("frameset")
            | local_name!("frame")
            | local_name!("param")
            | local_name!("source")
            | local_name!("track")
            | local_name!("datalist")
            | local_name!("dialog")
    )
}

/// Elements that start and end a block box (the HTML spec's rendering section).
fn is_block(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("address")
            | local_name!("article")
            | local_name!("aside")
            | local_name!("blockquote")
            | local_name!("body")
            | local_name!("center")
            | local_name!("dd")
            | local_name!("details")
            | local_name!("dir")
            | local_name!("div")
            | local_name!("dl")
            | local_name!("dt")
            | local_name!("fieldset")
            | local_name!("figcaption")
            | local_name!("figure")
            | local_name!("footer")
            | local_name!("form")
            | local_name!("h1")
            | local_name!("h2")
            | local_name!("h3")
            | local_name!("h4")
            | local_name!("h5")
            | local_name!("h6")
            | local_name!("header")
            | local_name!("hgroup")
            | local_name!("hr")
            | local_name!("html")
            | local_name!("legend")
            | local_name!("li")
            | local_name!("listing")
            | local_name!("main")
            | local_name!("menu")
            | local_name!("nav")
            | local_name!("ol")
            | local_name!("p")
            | local_name!("plaintext")
            | local_name!("pre")
            | local_name!("search")
            | local_name!("section")
            | local_name!("summary")
            | local_name!("ul")
            | local_name!("xmp")
    )
}

/// Words of a class or id that name site chrome (split on `-` and `_`, lowercased).
const CHROME_WORDS: &[&str] = &[
    "nav",
    "navbar",
    "navigation",
    "menu",
    "breadcrumb",
    "breadcrumbs",
    "crumb",
    "crumbs",
    "sidebar",
    "footer",
    "copyright",
    "related",
    "share",
    "banner",
];

/// ARIA roles of site chrome.
const CHROME_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "search",
    "menu",
    "menubar",
];

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

/// Body content, or a cell's, in order.
#[derive(Debug)]
enum Item {
    Line(String),
    Table(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Body,
    Cell,
    Caption,
    /// Inside a table but outside its cells: text here is whitespace between rows.
    Void,
}

/// Where text goes: the paragraph being built and the finished ones.
#[derive(Debug)]
struct Container {
    kind: Kind,
    cur: String,
    /// A collapsible space is due before the next visible character.
    space: bool,
    items: Vec<Item>,
    /// In site chrome (its paragraphs are dropped).
    chrome: bool,
}

impl Container {
    fn new(kind: Kind, chrome: bool) -> Self {
        Container {
            kind,
            cur: String::new(),
            space: false,
            items: Vec::new(),
            chrome,
        }
    }

    fn text(&mut self, s: &str, pre: bool) {
        if self.kind == Kind::Void {
            return;
        }
        if pre {
            self.cur.push_str(s);
            self.space = false;
            return;
        }
        // Runs of visible characters pushed whole (the whitespace is ASCII, never
        // inside a multi-byte character, so a byte scan finds the runs' ends).
        let ws = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0C');
        let mut rest = s;
        while !rest.is_empty() {
            let lead = rest.bytes().take_while(ws).count();
            if lead > 0 {
                self.space = true;
                rest = &rest[lead..];
                continue;
            }
            let end = rest.bytes().position(|b| ws(&b)).unwrap_or(rest.len());
            if self.space && !self.cur.is_empty() && !self.cur.ends_with('\n') {
                self.cur.push(' ');
            }
            self.space = false;
            self.cur.push_str(&rest[..end]);
            rest = &rest[end..];
        }
    }

    fn line_break(&mut self) {
        self.cur.push('\n');
        self.space = false;
    }

    /// Ends the paragraph: a `<br>` just before a block's end makes no line of its own.
    fn boundary(&mut self, in_chrome: bool) {
        if self.cur.ends_with('\n') {
            self.cur.pop();
        }
        self.space = false;
        if self.cur.is_empty() {
            return;
        }
        let line = std::mem::take(&mut self.cur);
        // Chrome's paragraphs are dropped on the page body; a cell keeps its text
        // wherever its table is (its figures are never lost).
        if !(self.kind == Kind::Body && (in_chrome || self.chrome)) {
            self.items.push(Item::Line(line));
        }
    }
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
        let mut exits: Vec<Exit> = Vec::new();
        if let Some(table) = self.table_part(id, el)? {
            exits.push(table);
        } else {
            if is_block(&el.local) {
                self.boundary();
                exits.push(Exit::Block);
            }
            if matches!(name, "article" | "main") || el.attr(local_name!("role")) == Some("main") {
                self.article += 1;
                exits.push(Exit::Article);
            }
            if self.is_chrome(el) {
                self.boundary();
                self.chrome += 1;
                exits.push(Exit::Chrome);
            }
            if matches!(name, "pre" | "listing" | "xmp" | "plaintext") {
                self.pre += 1;
                exits.push(Exit::Pre);
            }
        }
        // Exits run in reverse order of entry, after the children.
        stack.extend(exits.into_iter().map(Step::Exit));
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

/// Whether an inline `style` hides the element: `display: none`, `visibility: hidden` or
/// `collapse`, or Word's `mso-hide: all` (hidden text saved as HTML).
pub fn style_hides(style: &str) -> bool {
    // Only a declaration of one of the three properties hides: a style that names none
    // of them (most of Word's `mso-…` styles) is passed over without being split.
    let b = style.as_bytes();
    let at = |i: usize, p: &[u8]| {
        b.get(i..i + p.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(p))
    };
    let names = |i: usize| match b[i] | 0x20 {
        b'd' => at(i, b"display"),
        b'v' => at(i, b"visibility"),
        b'm' => at(i, b"mso-hide"),
        _ => false,
    };
    if !(0..b.len()).any(names) {
        return false;
    }
    style.split(';').any(|decl| {
        let Some((prop, value)) = decl.split_once(':') else {
            return false;
        };
        let value = value.trim();
        let value = value.strip_suffix("!important").unwrap_or(value).trim();
        // ASCII case ignored, nothing allocated: Word's pages carry a style on most
        // elements.
        let (prop, is) = (prop.trim(), |v: &str| value.eq_ignore_ascii_case(v));
        if prop.eq_ignore_ascii_case("display") {
            is("none")
        } else if prop.eq_ignore_ascii_case("visibility") {
            is("hidden") || is("collapse")
        } else if prop.eq_ignore_ascii_case("mso-hide") {
            is("all")
        } else {
            false
        }
    })
}

/// Classes and ids a page's own `<style>` hides.
#[derive(Debug, Default)]
struct Hidden {
    classes: HashSet<String>,
    ids: HashSet<String>,
}

/// The classes and ids that a `<style>` element's rules hide (`.hide{display:none}`,
/// `#tpl, .x { visibility: hidden }`, `div.hide{…}`): rules of simple selectors only,
/// outside `@media` and other at-rules (a print stylesheet hides nothing on screen).
fn hidden_selectors(dom: &Dom) -> Hidden {
    let mut h = Hidden::default();
    for (i, n) in dom.nodes.iter().enumerate() {
        let Data::Element(e) = &n.data else { continue };
        if !e.is("style") {
            continue;
        }
        let mut css = String::new();
        for c in dom.children(i as Id) {
            if let Some(Data::Text(t)) = dom.node(c).map(|n| &n.data) {
                css.push_str(t);
            }
        }
        rules(&css, &mut h);
    }
    h
}

fn rules(css: &str, h: &mut Hidden) {
    let css = strip_comments(css);
    let mut rest = css.as_str();
    while let Some(open) = rest.find('{') {
        let selectors = rest[..open].trim();
        let body_start = open + 1;
        // the block's end, nested braces (an at-rule's rules) counted
        let mut depth = 1usize;
        let mut end = rest.len();
        for (i, c) in rest[body_start..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = body_start + i;
                        break;
                    }
                }
                _ => {}
            }
        }
        let body = &rest[body_start..end];
        if !selectors.starts_with('@') && style_hides(body) {
            for sel in selectors.split(',') {
                let sel = sel.trim();
                let simple = |s: &str| {
                    !s.is_empty()
                        && s.chars()
                            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
                };
                let tail = sel.trim_start_matches(|c: char| c.is_ascii_alphanumeric());
                if let Some(class) = tail.strip_prefix('.').filter(|c| simple(c)) {
                    h.classes.insert(class.to_owned());
                } else if let Some(id) = tail.strip_prefix('#').filter(|c| simple(c)) {
                    h.ids.insert(id.to_owned());
                }
            }
        }
        rest = rest.get(end + 1..).unwrap_or("");
    }
}

fn strip_comments(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(i) = rest.find("/*") {
        out.push_str(&rest[..i]);
        rest = rest[i + 2..]
            .find("*/")
            .map_or("", |j| &rest[i + 2 + j + 2..]);
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::style_hides;

    /// The shortcut over styles that name no hiding property keeps every answer.
    #[test]
    fn style_hides_as_before() {
        for (style, hides) in [
            ("display:none", true),
            ("DISPLAY : None !important", true),
            ("font-family:宋体;mso-hide:all", true),
            ("mso-hide: ALL;x:y", true),
            ("visibility:collapse", true),
            ("visibility: visible; display: block", false),
            ("mso-bidi-font-size:10.5pt;font-family:宋体", false),
            ("displa", false),
            ("", false),
            ("d", false),
            ("color:red;display", false),
        ] {
            assert_eq!(style_hides(style), hides, "{style:?}");
        }
    }
}
