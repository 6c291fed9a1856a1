//! Part names and relationships: the rels parts (`_rels/.rels`, a part's own
//! `_rels/….rels`) parsed by namespace, their targets resolved as OPC part names
//! (relative to the source part, `..`, percent-encoding) and looked up in the zip's
//! index — never as file system paths — to find the main part and its related parts.

use std::borrow::Cow;

use quick_xml::NsReader;
use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;

use crate::report::ErrorCode;

use super::{OpenError, Package};

const REL_OFFICE_DOCUMENT: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument";
const REL_OFFICE_DOCUMENT_STRICT: &str =
    "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument";
/// The OPC relationships namespace; ISO 29500 Strict packages use it too.
const NS_RELATIONSHIPS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";

const PACKAGE_RELS: &str = "_rels/.rels";

impl Package {
    /// Resolve the officeDocument relationship of `_rels/.rels` to an existing part.
    pub(super) fn find_main(&mut self) -> Result<String, OpenError> {
        if !self.index.contains_key(&normalize_name(PACKAGE_RELS)) {
            return Err(OpenError::new(
                ErrorCode::NotADocx,
                "a zip without `_rels/.rels`: not an Office Open XML package",
            )
            .in_part(PACKAGE_RELS));
        }
        let is_office_document = |t: &str| {
            t.eq_ignore_ascii_case(REL_OFFICE_DOCUMENT)
                || t.eq_ignore_ascii_case(REL_OFFICE_DOCUMENT_STRICT)
        };
        let rels = self.read_rels(PACKAGE_RELS)?.unwrap_or_default();
        let Some(rel) = rels
            .iter()
            .find(|r| !r.external && is_office_document(&r.kind))
        else {
            return Err(OpenError::new(
                ErrorCode::NotADocx,
                "`_rels/.rels` has no officeDocument relationship: the package holds no \
                 main document",
            )
            .in_part(PACKAGE_RELS));
        };
        let resolved = resolve_target("", &rel.target);
        let found = resolved.as_deref().and_then(|name| self.entry_name(name));
        let target = rel.target.clone();
        self.package_rels = rels;
        match found {
            Some(name) => Ok(name),
            None => Err(OpenError::new(
                ErrorCode::NotADocx,
                format!(
                    "`_rels/.rels` names the main document `{target}`, which is not in the zip"
                ),
            )
            .in_part(PACKAGE_RELS)),
        }
    }

    /// The first non-external relationship of `rels_name` whose type `matches`,
    /// resolved against `source` to the zip entry name of an existing part.
    pub(super) fn find_relationship(
        &mut self,
        rels_name: &str,
        source: &str,
        matches: impl Fn(&str) -> bool,
    ) -> Result<Option<String>, OpenError> {
        let Some(rels) = self.read_rels(rels_name)? else {
            return Ok(None);
        };
        let found = rels
            .iter()
            .filter(|r| !r.external && matches(&r.kind))
            .filter_map(|r| resolve_target(source, &r.target))
            .find_map(|name| self.entry_name(&name));
        Ok(found)
    }

    /// The zip entry name stored for part `name`, if the zip holds it.
    pub(super) fn entry_name(&self, name: &str) -> Option<String> {
        let &i = self.index.get(&normalize_name(name))?;
        let raw = self.zip.name_for_index(i)?.ok()?;
        Some(raw.into_owned())
    }

    /// Parse a rels part; `None` when the zip lacks it.
    pub(super) fn read_rels(&mut self, name: &str) -> Result<Option<Vec<Relationship>>, OpenError> {
        let Some(xml) = self.read_xml_part(name)? else {
            return Ok(None);
        };
        parse_rels(&xml).map(Some).map_err(|e| e.in_part(name))
    }
}

/// One `<Relationship>` of a rels part.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Relationship {
    /// `Id`: what a part's `r:id` attributes name (an altChunk's).
    pub(super) id: String,
    pub(super) kind: String,
    pub(super) target: String,
    /// `TargetMode="External"`: a URI outside the package, never a part.
    pub(super) external: bool,
}

/// Read the `Relationship` elements of a rels part, matched by namespace and local
/// name. A DOCTYPE is refused: package parts never carry one, and entity declarations
/// are how an XML bomb gets in.
fn parse_rels(xml: &[u8]) -> Result<Vec<Relationship>, OpenError> {
    let mut reader = NsReader::from_reader(xml);
    let mut buf = Vec::new();
    let mut rels = Vec::new();
    let mut depth = 0usize;
    loop {
        let pos = reader.buffer_position();
        let event = reader.read_resolved_event_into(&mut buf);
        let malformed =
            |message: String, at: u64| OpenError::new(ErrorCode::MalformedXml, message).at(at);
        match event {
            Err(e) => {
                return Err(malformed(
                    format!("malformed XML: {e}"),
                    reader.error_position(),
                ));
            }
            Ok((_, Event::DocType(_))) => {
                return Err(malformed(
                    "a DOCTYPE declaration, which package parts never carry (entities are \
                     not expanded)"
                        .to_owned(),
                    pos,
                ));
            }
            Ok((ns, Event::Start(e))) => {
                depth += 1;
                if is_relationship(&ns, &e) {
                    rels.push(relationship(&e).map_err(|m| malformed(m, pos))?);
                }
            }
            Ok((ns, Event::Empty(e))) => {
                if is_relationship(&ns, &e) {
                    rels.push(relationship(&e).map_err(|m| malformed(m, pos))?);
                }
            }
            Ok((_, Event::End(_))) => depth = depth.saturating_sub(1),
            Ok((_, Event::Eof)) => {
                if depth > 0 {
                    return Err(malformed(
                        "the part ends before `</Relationships>`".to_owned(),
                        reader.buffer_position(),
                    ));
                }
                return Ok(rels);
            }
            Ok(_) => (),
        }
        buf.clear();
    }
}

fn is_relationship(ns: &ResolveResult<'_>, e: &BytesStart<'_>) -> bool {
    // Some hand-rolled writers drop the xmlns; an unbound `Relationship` is still one.
    let in_ns = match ns {
        ResolveResult::Bound(n) => n.as_ref() == NS_RELATIONSHIPS,
        ResolveResult::Unbound => true,
        ResolveResult::Unknown(_) => false,
    };
    in_ns && e.local_name().as_ref() == "Relationship"
}

fn relationship(e: &BytesStart<'_>) -> Result<Relationship, String> {
    let mut rel = Relationship::default();
    for attr in e.attributes() {
        let attr = attr.map_err(|err| format!("malformed attribute: {err}"))?;
        // The rels attributes are unqualified (no namespace); a prefixed one is not ours.
        let key = attr.key.as_ref();
        let value = || {
            attr.normalized_value(XmlVersion::Implicit1_0)
                .map(Cow::into_owned)
                .map_err(|err| format!("malformed attribute value: {err}"))
        };
        match key {
            "Id" => rel.id = value()?.trim().to_owned(),
            "Type" => rel.kind = value()?.trim().to_owned(),
            "Target" => rel.target = value()?.trim().to_owned(),
            "TargetMode" => rel.external = value()?.trim().eq_ignore_ascii_case("External"),
            _ => (),
        }
    }
    Ok(rel)
}

/// The rels part of `part`: `word/document.xml` → `word/_rels/document.xml.rels`.
pub(super) fn rels_part_name(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((dir, file)) => format!("{dir}/_rels/{file}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

/// Resolve a relationship target against its source part (`""` for the package
/// itself) into a part name without leading `/`. `None` for a target that is not a
/// part of this package (an absolute URI, or `..` above the root).
pub(super) fn resolve_target(source: &str, target: &str) -> Option<String> {
    // A fragment or query never names a part.
    let target = target.split(['#', '?']).next().unwrap_or("");
    if target.is_empty() || target.contains("://") {
        return None;
    }
    let target = percent_decode(target)?;
    let target = target.replace('\\', "/");
    let mut segments: Vec<&str> = Vec::new();
    let relative = if let Some(abs) = target.strip_prefix('/') {
        abs
    } else {
        // Relative to the folder of the source part.
        if let Some((dir, _)) = source.trim_start_matches('/').rsplit_once('/') {
            segments.extend(dir.split('/').filter(|s| !s.is_empty()));
        }
        &target
    };
    for seg in relative.split('/') {
        match seg {
            "" | "." => (),
            ".." => {
                segments.pop()?;
            }
            s => segments.push(s),
        }
    }
    if segments.is_empty() {
        None
    } else {
        Some(segments.join("/"))
    }
}

/// `%XX` decoding of a part name; `None` when the result is not UTF-8.
pub(super) fn percent_decode(s: &str) -> Option<String> {
    if !s.contains('%') {
        return Some(s.to_owned());
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(&h), Some(&l)) = (bytes.get(i + 1), bytes.get(i + 2))
            && let (Some(h), Some(l)) = (hex(h), hex(l))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Key for part lookup: `/`-separated, no leading `/`, ASCII lowercase (OPC part
/// names are case-insensitive in ASCII).
pub(super) fn normalize_name(name: &str) -> String {
    name.replace('\\', "/")
        .trim_start_matches('/')
        .to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_as_part_names() {
        let cases = [
            ("", "word/document.xml", Some("word/document.xml")),
            ("", "/word/document.xml", Some("word/document.xml")),
            ("", "./word/document2.xml", Some("word/document2.xml")),
            ("word/document.xml", "styles.xml", Some("word/styles.xml")),
            (
                "word/document.xml",
                "../customXml/item1.xml",
                Some("customXml/item1.xml"),
            ),
            (
                "word/document.xml",
                "/word/styles.xml",
                Some("word/styles.xml"),
            ),
            (
                "word/document.xml",
                "my%20styles.xml",
                Some("word/my styles.xml"),
            ),
            (
                "word/document.xml",
                "%E6%96%87%E6%A1%A3.xml",
                Some("word/文档.xml"),
            ),
            ("", "../../etc/passwd", None),
            ("", "http://example.com/x.xml", None),
            ("", "", None),
        ];
        for (source, target, want) in cases {
            assert_eq!(
                resolve_target(source, target).as_deref(),
                want,
                "{source} + {target}"
            );
        }
    }

    #[test]
    fn rels_part_of_a_part() {
        assert_eq!(
            rels_part_name("word/document.xml"),
            "word/_rels/document.xml.rels"
        );
        assert_eq!(rels_part_name("main.xml"), "_rels/main.xml.rels");
    }

    #[test]
    fn rels_are_matched_by_namespace_not_prefix() {
        let xml = br#"<?xml version="1.0"?>
<r:Relationships xmlns:r="http://schemas.openxmlformats.org/package/2006/relationships">
  <r:Relationship Id="a" Type="t1" Target="x&amp;y.xml"/>
  <Relationship xmlns="urn:other" Id="b" Type="t2" Target="no.xml"/>
  <r:Relationship Id="c" Type="t3" Target="http://x" TargetMode="External"/>
</r:Relationships>"#;
        let rels = parse_rels(xml).expect("parses");
        assert_eq!(rels.len(), 2);
        assert_eq!(rels[0].target, "x&y.xml");
        assert!(rels[1].external);
    }
}
