//! The page's DOM as html5ever builds it: an arena of nodes addressed by index, each
//! element with the line of its start tag.
//!
//! A tree sink of our own rather than `markup5ever_rcdom`: rcdom is published as "basic,
//! unsupported, for tests", keeps no line numbers, and is a tree of `Rc`s whose every
//! node is a separate allocation. Here a node is a few words in one `Vec`, links are
//! indexes, and dropping a 100,000-deep tree is freeing one vector (no recursion).
//!
//! Only what the reader uses is kept: element names (namespace and local name),
//! attributes, text, and where `<template>` contents live (apart from the tree, as the
//! HTML spec puts them, so the walk never meets them). Comments, doctypes and
//! processing instructions become [`Data::Other`] nodes that the walk passes over.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};

use html5ever::interface::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::tendril::StrTendril;
use html5ever::{Attribute, LocalName, Namespace, QualName};

/// A node's index in [`Dom::nodes`].
pub type Id = u32;

/// No node (an absent link).
const NONE: Id = Id::MAX;

/// One node of the tree.
#[derive(Debug)]
pub struct Node {
    parent: Id,
    first_child: Id,
    last_child: Id,
    prev: Id,
    next: Id,
    /// Ancestors when the node was inserted (the document's children: 1).
    depth: u32,
    pub data: Data,
}

#[derive(Debug)]
pub enum Data {
    Document,
    Element(Element),
    Text(StrTendril),
    /// A comment, doctype or processing instruction: never shown.
    Other,
}

#[derive(Debug)]
pub struct Element {
    pub ns: Namespace,
    pub local: LocalName,
    pub attrs: Vec<Attribute>,
    /// The 1-based line the parser was on when it made the element: the line of the
    /// start tag's end (`>`), or of the token that implied it.
    pub line: u32,
}

impl Element {
    /// The value of the attribute `name` (no namespace), if present: atoms compared,
    /// one integer each (`local_name!("style")`).
    pub fn attr(&self, name: LocalName) -> Option<&str> {
        self.attrs
            .iter()
            .find(|a| a.name.ns == html5ever::ns!() && a.name.local == name)
            .map(|a| &*a.value)
    }

    /// An HTML element (not SVG or MathML) named `local`.
    pub fn is(&self, local: &str) -> bool {
        self.ns == html5ever::ns!(html) && &*self.local == local
    }
}

/// The parsed page.
#[derive(Debug)]
pub struct Dom {
    pub nodes: Vec<Node>,
}

impl Dom {
    /// The document node (the root).
    pub const ROOT: Id = 0;

    pub fn node(&self, id: Id) -> Option<&Node> {
        self.nodes.get(id as usize)
    }

    pub fn element(&self, id: Id) -> Option<&Element> {
        match &self.node(id)?.data {
            Data::Element(e) => Some(e),
            _ => None,
        }
    }

    pub fn first_child(&self, id: Id) -> Option<Id> {
        self.node(id).map(|n| n.first_child).filter(|&c| c != NONE)
    }

    pub fn next_sibling(&self, id: Id) -> Option<Id> {
        self.node(id).map(|n| n.next).filter(|&c| c != NONE)
    }

    pub fn parent(&self, id: Id) -> Option<Id> {
        self.node(id).map(|n| n.parent).filter(|&c| c != NONE)
    }

    /// The children of `id`, in order.
    pub fn children(&self, id: Id) -> impl Iterator<Item = Id> + '_ {
        std::iter::successors(self.first_child(id), |&c| self.next_sibling(c))
    }
}

/// The tree sink html5ever drives. Its methods take `&self` (html5ever's interface), so
/// the arena is behind a `RefCell`; no borrow outlives a method.
pub struct Sink {
    nodes: RefCell<Vec<Node>>,
    line: Cell<u32>,
    /// The deepest insertion so far: html5ever's tree builder scans its stack of open
    /// elements on most start tags, so a page nested very deep costs the square of its
    /// depth, and the reader stops it early ([`Sink::deepest`]).
    deepest: Cell<u32>,
    /// `<td>` and `<th>` elements made (the reader bounds a page's cells while parsing).
    cells: Cell<usize>,
}

impl Default for Sink {
    fn default() -> Self {
        Sink {
            nodes: RefCell::new(vec![Node::new(Data::Document)]),
            line: Cell::new(1),
            deepest: Cell::new(0),
            cells: Cell::new(0),
        }
    }
}

impl Sink {
    /// How many nodes the tree holds so far (the reader bounds it between chunks).
    pub fn len(&self) -> usize {
        self.nodes.borrow().len()
    }

    /// `<td>` and `<th>` elements made so far.
    pub fn cells(&self) -> usize {
        self.cells.get()
    }

    /// The deepest any node was inserted, and the line the parser was on then.
    pub fn deepest(&self) -> (u32, u32) {
        (self.deepest.get(), self.line.get())
    }

    /// Records the depth of `id` once it is linked under `parent_depth`'s node.
    fn deepen(&self, nodes: &mut [Node], id: Id, depth: u32) {
        if let Some(n) = nodes.get_mut(id as usize) {
            n.depth = depth;
        }
        if depth > self.deepest.get() {
            self.deepest.set(depth);
        }
    }

    fn push(&self, data: Data) -> Id {
        let mut nodes = self.nodes.borrow_mut();
        // Past u32::MAX - 1 nodes the ids would wrap: the reader stops long before
        // (its node cap), and this keeps the arena sound whatever the caller does.
        let id = Id::try_from(nodes.len()).unwrap_or(NONE - 1);
        nodes.push(Node::new(data));
        id
    }
}

impl Node {
    fn new(data: Data) -> Self {
        Node {
            parent: NONE,
            first_child: NONE,
            last_child: NONE,
            prev: NONE,
            next: NONE,
            depth: 0,
            data,
        }
    }
}

/// Unlinks `id` from its parent and siblings.
fn detach(nodes: &mut [Node], id: Id) {
    let Some(n) = nodes.get(id as usize) else {
        return;
    };
    let (parent, prev, next) = (n.parent, n.prev, n.next);
    if let Some(p) = nodes.get_mut(prev as usize) {
        p.next = next;
    } else if let Some(p) = nodes.get_mut(parent as usize) {
        p.first_child = next;
    }
    if let Some(nx) = nodes.get_mut(next as usize) {
        nx.prev = prev;
    } else if let Some(p) = nodes.get_mut(parent as usize) {
        p.last_child = prev;
    }
    if let Some(n) = nodes.get_mut(id as usize) {
        n.parent = NONE;
        n.prev = NONE;
        n.next = NONE;
    }
}

/// Links `child` as the last child of `parent`.
fn append(nodes: &mut [Node], parent: Id, child: Id) {
    detach(nodes, child);
    let Some(last) = nodes.get(parent as usize).map(|p| p.last_child) else {
        return;
    };
    if let Some(l) = nodes.get_mut(last as usize) {
        l.next = child;
    } else if let Some(p) = nodes.get_mut(parent as usize) {
        p.first_child = child;
    }
    if let Some(p) = nodes.get_mut(parent as usize) {
        p.last_child = child;
    }
    if let Some(c) = nodes.get_mut(child as usize) {
        c.parent = parent;
        c.prev = last;
    }
}

/// Links `child` just before `sibling`.
fn insert_before(nodes: &mut [Node], sibling: Id, child: Id) {
    detach(nodes, child);
    let Some((parent, prev)) = nodes.get(sibling as usize).map(|s| (s.parent, s.prev)) else {
        return;
    };
    if let Some(p) = nodes.get_mut(prev as usize) {
        p.next = child;
    } else if let Some(p) = nodes.get_mut(parent as usize) {
        p.first_child = child;
    }
    if let Some(s) = nodes.get_mut(sibling as usize) {
        s.prev = child;
    }
    if let Some(c) = nodes.get_mut(child as usize) {
        c.parent = parent;
        c.prev = prev;
        c.next = sibling;
    }
}

/// An element's name as html5ever asks for it: owned (atoms are cheap to clone), so no
/// borrow of the arena is held while the tree builder goes on.
#[derive(Debug)]
pub struct Name {
    ns: Namespace,
    local: LocalName,
}

impl html5ever::interface::tree_builder::ElemName for Name {
    fn ns(&self) -> &Namespace {
        &self.ns
    }
    fn local_name(&self) -> &LocalName {
        &self.local
    }
}

impl TreeSink for Sink {
    type Handle = Id;
    type Output = Dom;
    type ElemName<'a> = Name;

    fn finish(self) -> Dom {
        Dom {
            nodes: self.nodes.into_inner(),
        }
    }

    // A page is read as the browser shows it, whatever its errors.
    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> Id {
        Dom::ROOT
    }

    fn set_current_line(&self, line: u64) {
        self.line.set(u32::try_from(line).unwrap_or(u32::MAX));
    }

    fn elem_name(&self, target: &Id) -> Name {
        match self.nodes.borrow().get(*target as usize).map(|n| &n.data) {
            Some(Data::Element(e)) => Name {
                ns: e.ns.clone(),
                local: e.local.clone(),
            },
            // html5ever asks only for elements' names; anything else has none.
            _ => Name {
                ns: html5ever::ns!(),
                local: html5ever::local_name!(""),
            },
        }
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> Id {
        if name.ns == html5ever::ns!(html)
            && (name.local == html5ever::local_name!("td")
                || name.local == html5ever::local_name!("th"))
        {
            self.cells.set(self.cells.get() + 1);
        }
        let id = self.push(Data::Element(Element {
            ns: name.ns,
            local: name.local,
            attrs,
            line: self.line.get(),
        }));
        if flags.template {
            // The contents fragment: a node of its own, outside the tree (HTML spec
            // "template contents"), at the next index, which get_template_contents finds.
            self.push(Data::Document);
        }
        id
    }

    fn create_comment(&self, _text: StrTendril) -> Id {
        self.push(Data::Other)
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> Id {
        self.push(Data::Other)
    }

    fn append(&self, parent: &Id, child: NodeOrText<Id>) {
        let id = match child {
            NodeOrText::AppendNode(n) => n,
            NodeOrText::AppendText(text) => {
                let mut nodes = self.nodes.borrow_mut();
                let last = nodes.get(*parent as usize).map_or(NONE, |p| p.last_child);
                if let Some(Node {
                    data: Data::Text(t),
                    ..
                }) = nodes.get_mut(last as usize)
                {
                    t.push_tendril(&text);
                    return;
                }
                drop(nodes);
                self.push(Data::Text(text))
            }
        };
        let mut nodes = self.nodes.borrow_mut();
        let depth = nodes.get(*parent as usize).map_or(0, |p| p.depth + 1);
        append(&mut nodes, *parent, id);
        self.deepen(&mut nodes, id, depth);
    }

    fn append_before_sibling(&self, sibling: &Id, child: NodeOrText<Id>) {
        let id = match child {
            NodeOrText::AppendNode(n) => n,
            NodeOrText::AppendText(text) => {
                let mut nodes = self.nodes.borrow_mut();
                let prev = nodes.get(*sibling as usize).map_or(NONE, |s| s.prev);
                if let Some(Node {
                    data: Data::Text(t),
                    ..
                }) = nodes.get_mut(prev as usize)
                {
                    t.push_tendril(&text);
                    return;
                }
                drop(nodes);
                self.push(Data::Text(text))
            }
        };
        let mut nodes = self.nodes.borrow_mut();
        let depth = nodes.get(*sibling as usize).map_or(0, |s| s.depth);
        insert_before(&mut nodes, *sibling, id);
        self.deepen(&mut nodes, id, depth);
    }

    fn append_based_on_parent_node(&self, element: &Id, prev_element: &Id, child: NodeOrText<Id>) {
        let has_parent = self
            .nodes
            .borrow()
            .get(*element as usize)
            .is_some_and(|n| n.parent != NONE);
        if has_parent {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev_element, child);
        }
    }

    fn append_doctype_to_document(&self, _: StrTendril, _: StrTendril, _: StrTendril) {
        let id = self.push(Data::Other);
        append(&mut self.nodes.borrow_mut(), Dom::ROOT, id);
    }

    fn get_template_contents(&self, target: &Id) -> Id {
        target.saturating_add(1)
    }

    fn same_node(&self, x: &Id, y: &Id) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn add_attrs_if_missing(&self, target: &Id, attrs: Vec<Attribute>) {
        if let Some(Node {
            data: Data::Element(e),
            ..
        }) = self.nodes.borrow_mut().get_mut(*target as usize)
        {
            for a in attrs {
                if !e.attrs.iter().any(|b| b.name == a.name) {
                    e.attrs.push(a);
                }
            }
        }
    }

    fn remove_from_parent(&self, target: &Id) {
        detach(&mut self.nodes.borrow_mut(), *target);
    }

    fn reparent_children(&self, node: &Id, new_parent: &Id) {
        let mut nodes = self.nodes.borrow_mut();
        let mut child = nodes.get(*node as usize).map_or(NONE, |n| n.first_child);
        while child != NONE {
            let next = nodes.get(child as usize).map_or(NONE, |n| n.next);
            append(&mut nodes, *new_parent, child);
            child = next;
        }
    }
}
