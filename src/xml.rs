//! xml: what every XML loop of nianbao shares — the reader configuration, namespace
//! classification by URI (never by prefix), attribute lookup, and text of a part.
//!
//! WordprocessingML comes in two namespaces: the transitional one Word, WPS and
//! LibreOffice write by default, and ISO 29500 Strict. Elements are matched by their
//! namespace URI, so a part written with `ns0:` instead of `w:` reads the same.
//!
//! The module is split by job: this file is the configuration and the names; `scope`
//! resolves namespace prefixes for the plain reader of the main part's hot loop;
//! `in_place` reads the commonest shapes (a plain run, a plain cell, a subtree only
//! counted) straight from the part's bytes, without tokenizing them.

use std::borrow::Cow;

use quick_xml::XmlVersion;
use quick_xml::events::BytesStart;
use quick_xml::name::{Namespace, QName, ResolveResult};
use quick_xml::reader::Config;
use quick_xml::{NsReader, Reader};

mod in_place;
mod scope;

pub use in_place::{
    CellPiece, PropsRead, plain_cell, plain_run, starts_element, subtree_end, whole_plain_run,
};
pub use scope::Scope;

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

fn classify_uri(uri: &str) -> Ns {
    match uri {
        W_TRANSITIONAL | W_STRICT => Ns::W,
        MC => Ns::Mc,
        "" => Ns::None,
        _ => Ns::Other,
    }
}

/// An OOXML on/off value (`ST_OnOff`): absent attribute means on.
pub fn on_off(val: Option<&str>) -> bool {
    !matches!(val, Some("0" | "false" | "off" | "none"))
}

#[cfg(test)]
mod tests;
