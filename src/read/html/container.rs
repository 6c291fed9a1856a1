//! Where the walk's text goes: a container (the page body, a cell, a caption) builds its
//! paragraph with whitespace collapsed as CSS `white-space: normal` does (`<pre>` kept),
//! and keeps its finished paragraphs and tables in order.

/// Body content, or a cell's, in order.
#[derive(Debug)]
pub(super) enum Item {
    Line(String),
    Table(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Body,
    Cell,
    Caption,
    /// Inside a table but outside its cells: text here is whitespace between rows.
    Void,
}

/// Where text goes: the paragraph being built and the finished ones.
#[derive(Debug)]
pub(super) struct Container {
    pub(super) kind: Kind,
    cur: String,
    /// A collapsible space is due before the next visible character.
    space: bool,
    pub(super) items: Vec<Item>,
    /// In site chrome (its paragraphs are dropped).
    pub(super) chrome: bool,
}

impl Container {
    pub(super) fn new(kind: Kind, chrome: bool) -> Self {
        Container {
            kind,
            cur: String::new(),
            space: false,
            items: Vec::new(),
            chrome,
        }
    }

    pub(super) fn text(&mut self, s: &str, pre: bool) {
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

    pub(super) fn line_break(&mut self) {
        self.cur.push('\n');
        self.space = false;
    }

    /// Ends the paragraph: a `<br>` just before a block's end makes no line of its own.
    pub(super) fn boundary(&mut self, in_chrome: bool) {
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
