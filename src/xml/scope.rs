//! The namespace scope of a part read without quick-xml's namespace resolution: the
//! main part's hot loop reads with a plain reader and asks a [`Scope`] for an element's
//! namespace class only where it matters, which costs far less than resolving every
//! event.

use memchr::memmem;

use quick_xml::XmlVersion;
use quick_xml::events::BytesStart;
use quick_xml::name::QName;

use super::{AttrNs, Ns, classify_uri};

/// The namespace bindings in scope while a part is read with a plain quick-xml
/// [`quick_xml::Reader`]. quick-xml's `NsReader` resolves every event, text and end
/// tags included, which was a fifth of nianbao's time on a typical report; this scope
/// parses attributes only on elements that declare `xmlns`, and resolves a prefix only
/// when asked, the last answer cached (nearly every element of a main part is `w:`).
#[derive(Debug)]
pub struct Scope {
    /// (prefix, namespace class, depth of the declaring element); `""` is the default.
    bindings: Vec<(String, Ns, u32)>,
    depth: u32,
    cache: Option<(String, Ns)>,
    /// Byte offsets of every `xmlns` in the part, ascending, found in one pass over the
    /// whole part; `next` is the first not yet behind the element being opened. A start
    /// tag's attributes are parsed only when one of them lies inside the tag: searching
    /// each tag's attributes instead was a sixth of the reader's own time.
    decls: Vec<u64>,
    next: usize,
}

impl Scope {
    /// The scope for reading `part` (its bytes, as the reader reads them).
    pub fn for_part(part: &[u8]) -> Scope {
        Scope {
            bindings: Vec::new(),
            depth: 0,
            cache: None,
            decls: memmem::find_iter(part, b"xmlns")
                .map(|at| at as u64)
                .collect(),
            next: 0,
        }
    }

    /// An element starts: its `xmlns` declarations come into scope. Its tag is the
    /// bytes `start..end` of the part.
    pub fn open(&mut self, e: &BytesStart<'_>, start: u64, end: u64) {
        self.depth += 1;
        // Occurrences before the tag were in text or in subtrees not opened.
        while self.decls.get(self.next).is_some_and(|&d| d < start) {
            self.next += 1;
        }
        if self.decls.get(self.next).is_none_or(|&d| d >= end) {
            return;
        }
        for attr in e.attributes().with_checks(false).flatten() {
            let key = attr.key.as_ref();
            let prefix = match key.strip_prefix("xmlns") {
                Some("") => "",
                Some(p) if p.starts_with(':') => &p[1..],
                _ => continue,
            };
            let uri = attr
                .normalized_value(XmlVersion::Implicit1_0)
                .unwrap_or_default();
            self.bindings
                .push((prefix.to_owned(), classify_uri(&uri), self.depth));
            self.cache = None;
        }
    }

    /// Whether a namespace declaration (`xmlns`) lies within the bytes `start..end`.
    pub fn declares_within(&self, start: usize, end: usize) -> bool {
        // Most parts declare everything on their root: nothing lies past the first tag.
        if self.decls.last().is_none_or(|&d| d < start as u64) {
            return false;
        }
        let i = self.decls.partition_point(|&d| d < start as u64);
        self.decls.get(i).is_some_and(|&d| d < end as u64)
    }

    /// The element opened last ends: its declarations go out of scope.
    pub fn close(&mut self) {
        while self.bindings.last().is_some_and(|b| b.2 == self.depth) {
            self.bindings.pop();
            self.cache = None;
        }
        self.depth = self.depth.saturating_sub(1);
    }

    /// The namespace class and the local name of an element name (an unprefixed name
    /// takes the default namespace): the name split once, at its first `:`.
    pub fn element<'n>(&mut self, name: QName<'n>) -> (Ns, &'n str) {
        let raw = name.0;
        let b = raw.as_bytes();
        // Nearly every element of a part has the prefix of the one before (`w:`): that
        // prefix and its colon are compared byte by byte, no search and no call.
        if let Some((p, ns)) = &self.cache {
            let p = p.as_bytes();
            if !p.is_empty()
                && b.len() > p.len()
                && b[p.len()] == b':'
                && b.iter().zip(p).all(|(x, y)| x == y)
            {
                return (*ns, &raw[p.len() + 1..]);
            }
        }
        let (prefix, local) = match memchr::memchr(b':', b) {
            Some(i) => (&raw[..i], &raw[i + 1..]),
            None => ("", raw),
        };
        let ns = self.lookup(prefix);
        self.cache = Some((prefix.to_owned(), ns));
        (ns, local)
    }

    fn lookup(&self, prefix: &str) -> Ns {
        match self.bindings.iter().rev().find(|b| b.0 == prefix) {
            Some(b) => b.1,
            None if prefix.is_empty() => Ns::None,
            None => Ns::Other,
        }
    }
}

impl AttrNs for Scope {
    /// Unprefixed attributes are in no namespace (they do not take the default one).
    fn attr_ns(&self, key: QName<'_>) -> Ns {
        match key.prefix() {
            None => Ns::None,
            Some(p) => self.lookup(p.into_inner()),
        }
    }
}
