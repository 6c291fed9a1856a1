//! Reading without tokenizing: the shapes most of a report's main part is made of — a
//! property subtree the reader only counts, a run of text alone, a cell of plain
//! paragraphs — recognized and read straight from the part's bytes, each `None` (and
//! the part tokenized as usual) for anything else. Their events were most of a
//! report's reading time.

use super::Scope;

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
    // The subtree's own prefix with its colon (`w:`), empty for the default namespace.
    let pfx = memchr::memchr(b':', name).map_or(&name[..0], |i| &name[..=i]);
    for at in memchr::memchr_iter(b'<', rest) {
        let tag = &rest[at + 1..];
        match tag.first()? {
            b'!' | b'?' => return None,
            b'/' => {
                // The byte after the name first: it tells most other end tags apart
                // without comparing names.
                if tag
                    .get(name.len() + 1)
                    .is_some_and(|&b| b == b'>' || is_xml_space(b))
                    && starts_with(&tag[1..], name)
                {
                    return Some(from + at);
                }
            }
            _ => {
                if tag.get(name.len()).is_none_or(|&b| ends_name(b)) && starts_with(tag, name) {
                    return None;
                }
                if wanted.is_empty() {
                    continue;
                }
                // A child of the subtree's own prefix (nearly all): its local name
                // follows the prefix, compared with each wanted name in place.
                if !pfx.is_empty() && starts_with(tag, pfx) {
                    let local = &tag[pfx.len()..];
                    let is = |w: &&str| {
                        local.get(w.len()).is_none_or(|&b| ends_name(b))
                            && starts_with(local, w.as_bytes())
                    };
                    if wanted.iter().any(is) {
                        return None;
                    }
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
                if wanted.iter().any(|w| same(w.as_bytes(), local)) {
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
    let end = at + 1 + pfx.len() + local.len();
    if !(starts_with(rest, pfx) && starts_with(&rest[pfx.len()..], local)) {
        return None;
    }
    let rest = &rest[pfx.len() + local.len()..];
    matches!(rest.first(), Some(&b) if b == b'>' || b == b'/' || is_xml_space(b)).then_some(end)
}

/// Whether `part[at..]` starts the end tag `</pfx local` (its name complete).
fn start_of_end_tag(part: &[u8], at: usize, pfx: &[u8], local: &[u8]) -> bool {
    let name = at + 2;
    let end = name + pfx.len() + local.len();
    part.get(at..name) == Some(b"</")
        && part.get(end).is_some_and(|&b| b == b'>' || is_xml_space(b))
        && same(&part[name..name + pfx.len()], pfx)
        && same(&part[name + pfx.len()..end], local)
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

/// Whether `a` and `b` are the same bytes, compared inline: the names compared here
/// are a few bytes long, and a `memcmp` call for each (what `==` on slices makes) cost
/// more than the comparison itself — they were most of the reader's `memcmp` time. Up
/// to eight bytes are compared as two (overlapping) four-byte words.
#[inline]
fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    if a.len() > 8 {
        return a == b;
    }
    match (a.first_chunk::<4>(), b.first_chunk::<4>()) {
        (Some(a0), Some(b0)) => a0 == b0 && a.last_chunk::<4>() == b.last_chunk::<4>(),
        _ => a.iter().zip(b).all(|(x, y)| x == y),
    }
}

/// Whether `b` ends a tag's name (`>`, `/` or a space).
fn ends_name(b: u8) -> bool {
    b == b'>' || b == b'/' || is_xml_space(b)
}

/// Whether `bytes` starts with `prefix`, compared as [`same`] compares.
#[inline]
fn starts_with(bytes: &[u8], prefix: &[u8]) -> bool {
    bytes
        .get(..prefix.len())
        .is_some_and(|head| same(head, prefix))
}

fn is_xml_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}
