//! xml: what every XML loop of nianbao shares — the reader configuration, namespace
//! classification by URI (never by prefix), attribute lookup, and text of a part.
//!
//! WordprocessingML comes in two namespaces: the transitional one Word, WPS and
//! LibreOffice write by default, and ISO 29500 Strict. Elements are matched by their
//! namespace URI, so a part written with `ns0:` instead of `w:` reads the same.

use std::borrow::Cow;

use quick_xml::NsReader;
use quick_xml::XmlVersion;
use quick_xml::events::BytesStart;
use quick_xml::name::{Namespace, ResolveResult};

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
        ResolveResult::Bound(Namespace(uri)) => match *uri {
            W_TRANSITIONAL | W_STRICT => Ns::W,
            MC => Ns::Mc,
            _ => Ns::Other,
        },
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

/// A namespace-aware reader over a whole part, configured once for every loop:
/// text is never trimmed (`w:t` keeps its padding whatever `xml:space` says) and end
/// tags must match their start tags.
pub fn reader(text: &str) -> NsReader<&[u8]> {
    let mut r = NsReader::from_str(text);
    let config = r.config_mut();
    config.trim_text(false);
    config.check_end_names = true;
    config.expand_empty_elements = false;
    r
}

/// The value of the attribute with local name `local` in the WordprocessingML namespace
/// (or unprefixed, as sloppy writers emit), unescaped.
pub fn w_attr<'a>(
    reader: &NsReader<&[u8]>,
    e: &'a BytesStart<'_>,
    local: &str,
) -> Option<Cow<'a, str>> {
    for attr in e.attributes().with_checks(false).flatten() {
        let (ns, name) = reader.resolver().resolve_attribute(attr.key);
        if name.as_ref() == local && matches!(classify(&ns), Ns::W | Ns::None) {
            return attr
                .normalized_value(XmlVersion::Implicit1_0)
                .ok()
                .map(|v| Cow::Owned(v.into_owned()));
        }
    }
    None
}

/// An OOXML on/off value (`ST_OnOff`): absent attribute means on.
pub fn on_off(val: Option<&str>) -> bool {
    !matches!(val, Some("0" | "false" | "off" | "none"))
}
