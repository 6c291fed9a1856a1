//! xml: what every XML loop of nianbao shares — the reader configuration, namespace
//! classification by URI (never by prefix), attribute lookup, and text of a part.
//!
//! WordprocessingML comes in two namespaces: the transitional one Word, WPS and
//! LibreOffice write by default, and ISO 29500 Strict. Elements are matched by their
//! namespace URI, so a part written with `ns0:` instead of `w:` reads the same.

use std::borrow::Cow;

use memchr::memmem;

use quick_xml::XmlVersion;
use quick_xml::events::BytesStart;
use quick_xml::name::{Namespace, QName, ResolveResult};
use quick_xml::reader::Config;
use quick_xml::{NsReader, Reader};

/// WordprocessingML, transitional (ECMA-376).
pub const W_TRANSITIONAL: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
/// WordprocessingML, ISO 29500 Strict.
pub const W_STRICT: &str = "http://purl.oclc.org/ooxml/wordprocessingml/main";
/// Markup Compatibility (`mc:AlternateContent`).
pub const MC: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";

/// The namespace class of an element or attribute name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ns {
    /// WordprocessingML main (transitional or Strict).
    W,
    /// Markup Compatibility.
    Mc,
    /// No namespace (an unprefixed attribute, or a part without a default namespace).
    None,
    /// Anything else: DrawingML, VML, Word 2010+ extensions, unknown prefixes.
    Other,
}

pub fn classify(r: &ResolveResult<'_>) -> Ns {
    match r {
        ResolveResult::Bound(Namespace(uri)) => classify_uri(uri),
        ResolveResult::Unbound => Ns::None,
        ResolveResult::Unknown(_) => Ns::Other,
    }
}

/// The text of a part as UTF-8 (a leading byte-order mark dropped), or the byte offset
/// of the first invalid byte. OOXML parts are UTF-8 in every file Word, WPS and
/// LibreOffice write; a UTF-16 part is reported rather than guessed at.
pub fn part_text(bytes: &[u8]) -> Result<&str, u64> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| e.valid_up_to() as u64)
}

/// A namespace-aware reader over a whole part, configured as every loop needs it: text
/// never trimmed, end tags checked, empty elements kept as `Empty`.
pub fn reader(text: &str) -> NsReader<&[u8]> {
    let mut r = NsReader::from_str(text);
    configure(r.config_mut());
    r
}

/// A plain reader (no namespace resolution: pair it with a [`Scope`]), configured the
/// same way.
pub fn plain_reader(bytes: &[u8]) -> Reader<&[u8]> {
    let mut r = Reader::from_reader(bytes);
    configure(r.config_mut());
    r
}

/// Text is never trimmed (`w:t` keeps its padding whatever `xml:space` says), end tags
/// must match their start tags, and empty elements stay `Empty` events.
fn configure(config: &mut Config) {
    config.trim_text(false);
    config.check_end_names = true;
    config.expand_empty_elements = false;
}

/// What resolves an attribute name's prefix to a namespace class: quick-xml's
/// [`NsReader`] (for the small parts) or a [`Scope`] (the main part's hot loop).
pub trait AttrNs {
    fn attr_ns(&self, key: QName<'_>) -> Ns;
}

impl AttrNs for NsReader<&[u8]> {
    fn attr_ns(&self, key: QName<'_>) -> Ns {
        classify(&self.resolver().resolve_attribute(key).0)
    }
}

/// The value of the attribute with local name `local` in the WordprocessingML namespace
/// (or unprefixed, as sloppy writers emit), with entities resolved.
pub fn w_attr<'a>(ns: &impl AttrNs, e: &'a BytesStart<'_>, local: &str) -> Option<Cow<'a, str>> {
    for attr in e.attributes().with_checks(false).flatten() {
        let key = attr.key;
        if key.local_name().as_ref() == local && matches!(ns.attr_ns(key), Ns::W | Ns::None) {
            return attr
                .normalized_value(XmlVersion::Implicit1_0)
                .ok()
                .map(|v| Cow::Owned(v.into_owned()));
        }
    }
    None
}

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

fn classify_uri(uri: &str) -> Ns {
    match uri {
        W_TRANSITIONAL | W_STRICT => Ns::W,
        MC => Ns::Mc,
        "" => Ns::None,
        _ => Ns::Other,
    }
}

/// Where the subtree of a start tag ends, found without tokenizing it: the byte offset
/// of its end tag's `<` in `part`, the subtree's content beginning at `from` (just after
/// the start tag `name`, its qualified name as written). `None` — tokenize it instead —
/// when the content holds a comment, CDATA section or processing instruction (markup
/// whose `<` is not a tag), a start tag of the same name (the first end tag found might
/// be the nested one's, as in `w:tcPrChange`'s own `w:tcPr`), an element whose local
/// name is in `wanted`, or no end tag at all (a truncated part, which the tokenizer then
/// reports). In well-formed XML every other `<` begins a tag: `<` cannot occur raw in
/// text or in attribute values.
///
/// The reader jumps over subtrees it would only count (`w:tblPr`, `w:sectPr`, a cell's
/// `w:tcPr` without merges or spans): their events were a fifth of a report's, all of
/// them tokenized, dispatched and dropped. What is jumped over is not checked for
/// well-formedness; everything the reader reads still is.
pub fn subtree_end(part: &[u8], from: usize, name: &[u8], wanted: &[&str]) -> Option<usize> {
    let rest = part.get(from..)?;
    for at in memchr::memchr_iter(b'<', rest) {
        let tag = &rest[at + 1..];
        match tag.first()? {
            b'!' | b'?' => return None,
            b'/' => {
                if tag[1..].starts_with(name)
                    && tag
                        .get(name.len() + 1)
                        .is_some_and(|&b| b == b'>' || is_xml_space(b))
                {
                    return Some(from + at);
                }
            }
            _ => {
                if tag.starts_with(name)
                    && tag
                        .get(name.len())
                        .is_none_or(|&b| b == b'>' || b == b'/' || is_xml_space(b))
                {
                    return None;
                }
                if wanted.is_empty() {
                    continue;
                }
                // The local name: after the first `:` of the name, up to its end (one
                // pass over a few bytes; a search call costs more).
                let (mut from, mut len) = (0, tag.len());
                for (i, &b) in tag.iter().enumerate() {
                    match b {
                        b':' if from == 0 => from = i + 1,
                        b'>' | b'/' => {
                            len = i;
                            break;
                        }
                        _ if is_xml_space(b) => {
                            len = i;
                            break;
                        }
                        _ => {}
                    }
                }
                let local = &tag[from.min(len)..len];
                if wanted.iter().any(|w| w.as_bytes() == local) {
                    return None;
                }
            }
        }
    }
    None
}

/// A run that holds nothing but its text — `<P:t …>text</P:t>`, after a `<P:rPr>` that
/// holds none of the elements named in `props_read` — read without tokenizing it: the
/// text, and the offset of the run's end tag `</P:r`. `from` is just after the run's
/// start tag, `pfx` its prefix with the colon (`w:`, or empty for the default
/// namespace).
///
/// Most runs of every report look so, and their three events (`w:t`, its text, its end
/// tag) were a quarter of a report's. Anything else is `None` and the run is tokenized:
/// another child (`w:tab`, a second `w:t`, a field character), whitespace between the
/// tags, an entity or a carriage return in the text (which quick-xml resolves or
/// normalizes), a `w:t` that declares a namespace, a comment, bytes that are not UTF-8,
/// a tag not closed where it should be. The tags read here are checked as quick-xml
/// checks them (names and nesting); the run's end tag is left to quick-xml.
pub fn plain_run<'p>(
    part: &'p [u8],
    from: usize,
    pfx: &[u8],
    props_read: &[&str],
    scope: &Scope,
) -> Option<(&'p str, usize)> {
    let at = past_props(part, from, pfx, b"rPr", props_read)?;
    let name_end = start_tag(part, at, pfx, b"t")?;
    let (text_start, empty) = tag_end(part, name_end)?;
    if empty || scope.declares_within(name_end, text_start) {
        return None;
    }
    let rest = part.get(text_start..)?;
    let lt = text_start + memchr::memchr(b'<', rest)?;
    let text = &part[text_start..lt];
    if memchr::memchr2(b'&', b'\r', text).is_some() {
        return None;
    }
    let text = std::str::from_utf8(text).ok()?;
    let after = end_tag(part, lt, pfx, b"t")?;
    start_of_end_tag(part, after, pfx, b"r").then_some((text, after))
}

/// Past a property container `<pfx local …>…</pfx local>` at `at` that holds none of
/// the elements named in `read` (jumped over as [`subtree_end`] does): the offset after
/// it, or `at` itself when there is none. `None` when it cannot be jumped over.
fn past_props(part: &[u8], at: usize, pfx: &[u8], local: &[u8], read: &[&str]) -> Option<usize> {
    let Some(name_end) = start_tag(part, at, pfx, local) else {
        return Some(at);
    };
    let (end, empty) = tag_end(part, name_end)?;
    if empty {
        return Some(end);
    }
    let close = subtree_end(part, end, &part[at + 1..name_end], read)?;
    end_tag(part, close, pfx, local)
}

/// A piece of a cell read in place ([`plain_cell`]), in document order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellPiece<'p> {
    /// A paragraph starts: its start tag's `<` is at this offset.
    Para(usize),
    /// A run of text alone, its text.
    Run(&'p str),
    /// The paragraph ends.
    ParaEnd,
}

/// The children read from each property container on the way ([`plain_cell`]).
#[derive(Debug, Clone, Copy)]
pub struct PropsRead<'w> {
    pub cell: &'w [&'w str],
    pub para: &'w [&'w str],
    pub run: &'w [&'w str],
}

/// A table cell of paragraphs of runs of text alone at `at` — `<P:tc>`, a `<P:tcPr>`
/// without the children read from it, then `<P:p>`s, each with a `<P:pPr>` likewise
/// and runs as [`whole_plain_run`], then `</P:tc>` — read without tokenizing it: its
/// pieces in `out`, and the offset after its end tag. `None` (and the cell tokenized)
/// for anything else: a nested table, a merge or span, a paragraph style, whitespace
/// between tags, a namespace declared anywhere in the cell.
///
/// Most cells of a report are such, and each was eleven events.
pub fn plain_cell<'p>(
    part: &'p [u8],
    at: usize,
    pfx: &[u8],
    read: PropsRead<'_>,
    scope: &Scope,
    out: &mut Vec<CellPiece<'p>>,
) -> Option<usize> {
    out.clear();
    let name_end = start_tag(part, at, pfx, b"tc")?;
    let (start, empty) = tag_end(part, name_end)?;
    if empty {
        return None;
    }
    let mut p = past_props(part, start, pfx, b"tcPr", read.cell)?;
    loop {
        if let Some(after) = end_tag(part, p, pfx, b"tc") {
            // Word writes at least one paragraph in every cell; a cell without one is
            // left to the tokenizer, as is one that declares a namespace.
            if out.is_empty() || scope.declares_within(at, after) {
                return None;
            }
            return Some(after);
        }
        let name_end = start_tag(part, p, pfx, b"p")?;
        let (content, empty) = tag_end(part, name_end)?;
        out.push(CellPiece::Para(p));
        p = content;
        if !empty {
            p = past_props(part, p, pfx, b"pPr", read.para)?;
            loop {
                if let Some(after) = end_tag(part, p, pfx, b"p") {
                    p = after;
                    break;
                }
                let (text, after) = whole_plain_run(part, p, pfx, read.run, scope)?;
                out.push(CellPiece::Run(text));
                p = after;
            }
        }
        out.push(CellPiece::ParaEnd);
    }
}

/// A whole run of text alone at `at` — its start tag `<P:r …>`, then as [`plain_run`],
/// then its end tag `</P:r>` — read without tokenizing it: the text, and the offset
/// after the run's end tag. `None` for anything else, including a start tag that
/// declares a namespace or is empty.
pub fn whole_plain_run<'p>(
    part: &'p [u8],
    at: usize,
    pfx: &[u8],
    props_read: &[&str],
    scope: &Scope,
) -> Option<(&'p str, usize)> {
    let name_end = start_tag(part, at, pfx, b"r")?;
    let (content, empty) = tag_end(part, name_end)?;
    if empty || scope.declares_within(name_end, content) {
        return None;
    }
    let (text, close) = plain_run(part, content, pfx, props_read, scope)?;
    Some((text, end_tag(part, close, pfx, b"r")?))
}

/// Whether `part[at..]` starts the element `<pfx local` (its name complete).
pub fn starts_element(part: &[u8], at: usize, pfx: &[u8], local: &[u8]) -> bool {
    start_tag(part, at, pfx, local).is_some()
}

/// Whether `part[at..]` starts the tag `<pfx local` (its name complete): the offset just
/// after its name.
fn start_tag(part: &[u8], at: usize, pfx: &[u8], local: &[u8]) -> Option<usize> {
    let rest = part.get(at..)?.strip_prefix(b"<")?;
    let rest = rest.strip_prefix(pfx)?.strip_prefix(local)?;
    let end = at + 1 + pfx.len() + local.len();
    matches!(rest.first(), Some(&b) if b == b'>' || b == b'/' || is_xml_space(b)).then_some(end)
}

/// Whether `part[at..]` starts the end tag `</pfx local` (its name complete).
fn start_of_end_tag(part: &[u8], at: usize, pfx: &[u8], local: &[u8]) -> bool {
    let name = at + 2;
    let end = name + pfx.len() + local.len();
    part.get(at..name) == Some(b"</")
        && part.get(name..name + pfx.len()) == Some(pfx)
        && part.get(name + pfx.len()..end) == Some(local)
        && part.get(end).is_some_and(|&b| b == b'>' || is_xml_space(b))
}

/// The end tag `</pfx local>` (spaces allowed before `>`) at `at`: the offset after it.
fn end_tag(part: &[u8], at: usize, pfx: &[u8], local: &[u8]) -> Option<usize> {
    if !start_of_end_tag(part, at, pfx, local) {
        return None;
    }
    let mut i = at + 2 + pfx.len() + local.len();
    while part.get(i).is_some_and(|&b| is_xml_space(b)) {
        i += 1;
    }
    (part.get(i) == Some(&b'>')).then_some(i + 1)
}

/// The end of a start tag whose name ends at `from`: the offset after its `>`, and
/// whether it is empty (`/>`). Attribute values are passed over whole (they may hold
/// `>` and `/`); a `<` before the end is malformed, and `None`.
fn tag_end(part: &[u8], from: usize) -> Option<(usize, bool)> {
    let mut quote = None;
    let mut i = from;
    while let Some(&b) = part.get(i) {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), b'<') | (None, b'<') => return None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => return Some((i + 1, part.get(i.wrapping_sub(1)) == Some(&b'/'))),
            (None, _) => {}
        }
        i += 1;
    }
    None
}

fn is_xml_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// An OOXML on/off value (`ST_OnOff`): absent attribute means on.
pub fn on_off(val: Option<&str>) -> bool {
    !matches!(val, Some("0" | "false" | "off" | "none"))
}

#[cfg(test)]
mod tests {
    use super::{CellPiece, PropsRead, Scope, plain_cell, plain_run, subtree_end, whole_plain_run};

    /// `subtree_end` on the content after `<w:tcPr>` (offset 8).
    fn end(xml: &str, wanted: &[&str]) -> Option<usize> {
        subtree_end(xml.as_bytes(), 8, b"w:tcPr", wanted)
    }

    #[test]
    fn subtree_ends_at_its_own_end_tag() {
        let xml = "<w:tcPr><w:tcW w:w=\"1\"/><w:shd a=\">\"></w:shd></w:tcPrX></w:tcPr\t></w:tc>";
        assert_eq!(end(xml, &[]), xml.find("</w:tcPr\t"));
        assert_eq!(end("<w:tcPr></w:tcPr>", &[]), Some(8));
    }

    #[test]
    fn subtree_is_tokenized_when_a_jump_could_be_wrong() {
        for xml in [
            "<w:tcPr><!-- </w:tcPr> --></w:tcPr>",
            "<w:tcPr><![CDATA[</w:tcPr>]]></w:tcPr>",
            "<w:tcPr><?x </w:tcPr>?></w:tcPr>",
            "<w:tcPr><w:tcPr/></w:tcPr>",
            "<w:tcPr><w:tcPrChange><w:tcPr></w:tcPr></w:tcPrChange></w:tcPr>",
            "<w:tcPr><w:tcW/>",
            "<w:tcPr><w:tcW/></w:tcPr",
        ] {
            assert_eq!(end(xml, &[]), None, "{xml}");
        }
        let merged = "<w:tcPr><w:tcW/><x:vMerge/></w:tcPr>";
        assert_eq!(end(merged, &["gridSpan", "vMerge"]), None);
        assert_eq!(end(merged, &["gridSpan"]), merged.find("</w:tcPr>"));
    }

    /// `plain_run` on a part holding one run (its content after `<w:r>`).
    fn run(content: &str) -> Option<(String, usize)> {
        let part = format!("<w:r>{content}</w:r>");
        let scope = Scope::for_part(part.as_bytes());
        plain_run(part.as_bytes(), 5, b"w:", &["rStyle", "vanish"], &scope)
            .map(|(t, to)| (t.to_owned(), to))
    }

    #[test]
    fn plain_runs_are_read_in_place() {
        let end = |c: &str| 5 + c.len();
        for (content, text) in [
            ("<w:t>5</w:t>", "5"),
            ("<w:t xml:space=\"preserve\"> 1 2 </w:t>", " 1 2 "),
            ("<w:t a='x>y' b=\"/>\">q</w:t >", "q"),
            (
                "<w:rPr><w:b/><w:sz w:val=\"24\"/></w:rPr><w:t>七</w:t>",
                "七",
            ),
            ("<w:rPr/><w:t></w:t>", ""),
            ("<w:rPr><w:b/></w:rPr ><w:t>1</w:t>", "1"),
        ] {
            assert_eq!(
                run(content),
                Some((text.to_owned(), end(content))),
                "{content}"
            );
        }
        let part = "<r><rPr/><t>9</t></r>";
        let scope = Scope::for_part(part.as_bytes());
        assert_eq!(
            plain_run(part.as_bytes(), 3, b"", &[], &scope),
            Some(("9", part.len() - 4)),
            "the default namespace"
        );
    }

    #[test]
    fn other_runs_are_tokenized() {
        for content in [
            "<w:rPr><w:vanish/></w:rPr><w:t>x</w:t>",
            "<w:rPr><w:rStyle w:val=\"H\"/></w:rPr><w:t>x</w:t>",
            "<w:t>a&amp;b</w:t>",
            "<w:t>a\r\nb</w:t>",
            "<w:t/>",
            "<w:t>1</w:t><w:t>2</w:t>",
            "<w:t>1</w:t><w:tab/>",
            "<w:tab/><w:t>1</w:t>",
            "<w:t>1</w:t> ",
            " <w:t>1</w:t>",
            "<w:t xmlns:w=\"urn:x\">1</w:t>",
            "<w:t>1<!-- c --></w:t>",
            "<w:t>1</w:tx>",
            "<w:tx>1</w:tx>",
            "<w:t>1</w:t></w:rx>",
            "<w:t <w:t>1</w:t>",
            "<w:rPr><!-- --></w:rPr><w:t>1</w:t>",
            "<w:rPr><w:rPrChange><w:rPr><w:b/></w:rPr></w:rPrChange></w:rPr><w:t>x</w:t>",
            "<w:instrText>SUM</w:instrText>",
        ] {
            assert_eq!(run(content), None, "{content}");
        }
        let bad = b"<w:r><w:t>\xff</w:t></w:r>";
        let scope = Scope::for_part(bad);
        assert_eq!(plain_run(bad, 5, b"w:", &[], &scope), None, "not UTF-8");
    }

    #[test]
    fn whole_runs_with_their_tags() {
        let whole = |xml: &str| {
            let scope = Scope::for_part(xml.as_bytes());
            whole_plain_run(xml.as_bytes(), 0, b"w:", &["vanish"], &scope)
                .map(|(t, at)| (t.to_owned(), at))
        };
        let run = "<w:r w:rsidR=\"00A1\"><w:rPr><w:b/></w:rPr><w:t>12</w:t></w:r >";
        assert_eq!(
            whole(&format!("{run}<w:r>")),
            Some(("12".to_owned(), run.len()))
        );
        for xml in [
            "<w:r/><w:t>1</w:t></w:r>",
            "<w:r xmlns:w=\"urn:x\"><w:t>1</w:t></w:r>",
            "<w:r><w:t>1</w:t></w:rx>",
            "<w:r><w:t>1</w:t></w:r",
            "<w:rPr><w:t>1</w:t></w:rPr>",
            "<w:r><w:rPr><w:vanish/></w:rPr><w:t>1</w:t></w:r>",
            " <w:r><w:t>1</w:t></w:r>",
        ] {
            assert_eq!(whole(xml), None, "{xml}");
        }
    }

    #[test]
    fn cells_of_plain_paragraphs_are_read_in_place() {
        fn cell(xml: &str) -> Option<(usize, Vec<CellPiece<'_>>)> {
            let read = PropsRead {
                cell: &["gridSpan", "vMerge", "hMerge"],
                para: &["pStyle"],
                run: &["rStyle", "vanish"],
            };
            let scope = Scope::for_part(xml.as_bytes());
            let mut out = Vec::new();
            plain_cell(xml.as_bytes(), 0, b"w:", read, &scope, &mut out).map(|at| (at, out))
        }
        let xml = "<w:tc><w:tcPr><w:tcW w:w=\"1\"/></w:tcPr><w:p w14:paraId=\"1\"><w:pPr><w:jc w:val=\"center\"/></w:pPr>\
                   <w:r><w:t>1</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>2</w:t></w:r></w:p><w:p/><w:p></w:p></w:tc>";
        let p2 = xml.find("<w:p/>").expect("second paragraph");
        let p3 = xml.find("<w:p></w:p>").expect("third paragraph");
        assert_eq!(
            cell(&format!("{xml}<w:tc>")),
            Some((
                xml.len(),
                vec![
                    CellPiece::Para(xml.find("<w:p ").expect("first paragraph")),
                    CellPiece::Run("1"),
                    CellPiece::Run("2"),
                    CellPiece::ParaEnd,
                    CellPiece::Para(p2),
                    CellPiece::ParaEnd,
                    CellPiece::Para(p3),
                    CellPiece::ParaEnd,
                ]
            ))
        );
        for xml in [
            "<w:tc><w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr><w:p/></w:tc>",
            "<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>",
            "<w:tc><w:p><w:pPr><w:pStyle w:val=\"a\"/></w:pPr></w:p></w:tc>",
            "<w:tc><w:tbl/><w:p/></w:tc>",
            "<w:tc></w:tc>",
            "<w:tc/>",
            "<w:tc><w:p/> </w:tc>",
            "<w:tc><w:p><w:r><w:tab/></w:r></w:p></w:tc>",
            "<w:tc><w:p xmlns:v=\"urn:v\"/></w:tc>",
            "<w:tc><w:sdt><w:sdtContent><w:p/></w:sdtContent></w:sdt></w:tc>",
            "<w:tc><w:p/></w:tc",
        ] {
            assert_eq!(cell(xml), None, "{xml}");
        }
    }
}
