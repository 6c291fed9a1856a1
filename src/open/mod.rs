//! open: the .docx container — from a file's bytes to the bytes of the parts we read.
//!
//! A .docx is an OPC package: a zip whose `_rels/.rels` names the main document part
//! (usually, not always, `word/document.xml`). This module owns everything about that
//! container and nothing about what the parts say:
//!
//! - classify what the bytes are before trusting them as a zip: empty, an OLE compound
//!   file (a legacy `.doc` renamed, or an Office-encrypted `.docx`, which Office stores
//!   inside OLE), something else that is not a zip, a damaged zip;
//! - find the main part *only* through `_rels/.rels`, and the styles part through the
//!   main part's own rels, resolving each target as a part name (relative to the rels'
//!   source part, `..`, percent-encoding) — never as a file system path: nothing read
//!   here ever touches the disk;
//! - inflate each part under [`Limits::max_part_bytes`], counting the bytes that really
//!   come out of the inflater (a zip's declared sizes are attacker-controlled: they may
//!   refuse a part early, never admit one, and never size a buffer).
//!
//! What a file is before any of that — .docx, a web page, a Word binary, PDF … — is
//! [`sniff`]'s (SPEC §6).
//!
//! Every failure is an [`OpenError`] with its SPEC §5 code, the part it concerns and,
//! where there is one, a byte offset (in the file for container errors, in the part
//! for XML errors).

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::NsReader;
use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use zip::ZipArchive;
use zip::result::ZipError;

use crate::report::ErrorCode;

mod checks;

pub mod sniff;

pub use sniff::{Format, sniff};

/// Size bounds applied while opening and inflating.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest inflated size of any one part we read (default 256 MiB).
    pub max_part_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_part_bytes: 256 << 20,
        }
    }
}

/// Why a file could not be opened as a .docx, located.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct OpenError {
    pub code: ErrorCode,
    pub message: String,
    /// The part inside the zip the error is in, when it concerns one.
    pub part: Option<String>,
    /// Byte offset: in the file for container errors (the entry's local header), in
    /// the part for XML errors.
    pub offset: Option<u64>,
}

impl OpenError {
    fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        OpenError {
            code,
            message: message.into(),
            part: None,
            offset: None,
        }
    }

    fn in_part(mut self, part: &str) -> Self {
        self.part = Some(part.to_owned());
        self
    }

    fn at(mut self, offset: u64) -> Self {
        self.offset = Some(offset);
        self
    }
}

/// More entries than any real .docx holds (Word writes a dozen or two; a report with
/// many pictures a few hundred). Past this the central directory is hostile or not a
/// document, and we stop before indexing it.
const MAX_ENTRIES: usize = 20_000;

/// OLE2 / Compound File Binary signature: a Word 97–2003 `.doc`, or the envelope
/// Office wraps around an encrypted OOXML package.
const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

const REL_OFFICE_DOCUMENT: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument";
const REL_OFFICE_DOCUMENT_STRICT: &str =
    "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument";
/// The OPC relationships namespace; ISO 29500 Strict packages use it too.
const NS_RELATIONSHIPS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";

const PACKAGE_RELS: &str = "_rels/.rels";

/// The most a part's buffer is sized from its declared size before any byte is inflated.
const PREALLOC_MAX: u64 = 4 << 20;

/// An opened .docx: the zip, an index of its part names, and the main part found
/// through `_rels/.rels`.
pub struct Package {
    zip: ZipArchive<Cursor<Vec<u8>>>,
    /// Normalized part name (see [`normalize_name`]) → zip entry index. OPC part names
    /// compare ASCII-case-insensitively, and some writers store `\` or a leading `/`.
    index: HashMap<String, usize>,
    /// The main part's zip entry name, as stored.
    main: String,
    /// `_rels/.rels`, read once to find the main part and kept for the core properties.
    package_rels: Vec<Relationship>,
    limits: Limits,
}

impl std::fmt::Debug for Package {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Package")
            .field("entries", &self.zip.len())
            .field("main", &self.main)
            .finish()
    }
}

impl Package {
    /// Classify `bytes`, open them as a zip and find the main part. Reads (inflates)
    /// only `_rels/.rels`.
    pub fn from_bytes(bytes: Vec<u8>, limits: &Limits) -> Result<Package, OpenError> {
        if bytes.is_empty() {
            return Err(OpenError::new(
                ErrorCode::EmptyFile,
                "the file is empty (0 bytes)",
            ));
        }
        if bytes.starts_with(&OLE_MAGIC) {
            return Err(classify_ole(&bytes));
        }
        let looks_like_zip = bytes.starts_with(b"PK");
        // A failed open consumes the bytes; keep the head to say what the file is.
        let head = bytes[..bytes.len().min(512)].to_vec();
        let len = bytes.len() as u64;
        // The central directory as stored: the zip crate keeps one of two entries of the
        // same name, and reads names without the UTF-8 flag as CP437 only.
        let raw = checks::central_entries(&bytes);
        let zip = match ZipArchive::new(Cursor::new(bytes)) {
            Ok(zip) => zip,
            Err(e) if looks_like_zip => {
                return Err(OpenError::new(
                    ErrorCode::CorruptZip,
                    format!(
                        "starts like a zip but its central directory cannot be read ({}): \
                         truncated or damaged",
                        zip_error_text(&e)
                    ),
                ));
            }
            Err(_) => return Err(not_a_zip(&head, len)),
        };
        if zip.len() > MAX_ENTRIES {
            return Err(OpenError::new(
                ErrorCode::TooLarge,
                format!(
                    "the zip holds {} entries, more than the {MAX_ENTRIES} any .docx would",
                    zip.len()
                ),
            ));
        }
        if let Some(raw) = &raw
            && raw.len() > zip.len()
        {
            return Err(duplicate_entries(raw));
        }
        let mut index = HashMap::with_capacity(zip.len());
        for (i, name) in zip.file_names().enumerate() {
            // A name that is not valid in its declared encoding cannot be a part we look
            // for; skip it rather than fail the file.
            let Ok(name) = name else { continue };
            // OPC part names compare without ASCII case: two entries that are one part
            // name are a package a reader reads either way (ISO 29500-2 §6.3.5).
            if let Some(&j) = index.get(&normalize_name(&name))
                && zip.name_for_index(j).and_then(Result::ok).as_deref() != Some(&*name)
            {
                let first = zip
                    .name_for_index(j)
                    .and_then(Result::ok)
                    .map(Cow::into_owned)
                    .unwrap_or_default();
                return Err(OpenError::new(
                    ErrorCode::CorruptZip,
                    format!(
                        "the zip holds two entries for one part: `{first}` and `{name}` (part \
                         names compare without case); which one a reader takes depends on the \
                         reader"
                    ),
                )
                .in_part(&name));
            }
            index.entry(normalize_name(&name)).or_insert(i);
            // A name in a legacy code page (GBK, from Chinese Windows tools) is found by
            // its real characters too.
            if let Some(alias) = raw
                .as_ref()
                .and_then(|r| r.get(i))
                .and_then(checks::legacy_name)
            {
                index.entry(normalize_name(&alias)).or_insert(i);
            }
            // Zip item names may keep OPC's percent-encoding or store it decoded.
            if name.contains('%')
                && let Some(decoded) = percent_decode(&name)
            {
                index.entry(normalize_name(&decoded)).or_insert(i);
            }
        }
        let mut pkg = Package {
            zip,
            index,
            main: String::new(),
            package_rels: Vec::new(),
            limits: limits.clone(),
        };
        pkg.main = pkg.find_main()?;
        Ok(pkg)
    }

    /// The main document part's name inside the zip (`word/document.xml` for most files).
    pub fn main_part_name(&self) -> &str {
        &self.main
    }

    /// The main document part, inflated.
    pub fn read_main(&mut self) -> Result<Vec<u8>, OpenError> {
        let main = self.main.clone();
        match self.read_xml_part(&main)? {
            Some(bytes) => Ok(bytes),
            // from_bytes checked it exists; kept typed all the same.
            None => Err(
                OpenError::new(ErrorCode::NotADocx, "the main document part is missing")
                    .in_part(&main),
            ),
        }
    }

    /// The styles part, found through the main part's rels (relationship type ending
    /// `/styles`, transitional or Strict). `None` when the main part has no rels, no
    /// styles relationship, or its target is absent: a document reads without styles.
    pub fn read_styles(&mut self) -> Result<Option<Vec<u8>>, OpenError> {
        let rels = rels_part_name(&self.main);
        let Some(target) =
            self.find_relationship(&rels, &self.main.clone(), |t| t.ends_with("/styles"))?
        else {
            return Ok(None);
        };
        self.read_xml_part(&target)
    }

    /// The part the main part's relationship `id` names (a `w:altChunk`'s `r:id`): its
    /// zip entry name and bytes. `None` when there is no such non-external relationship
    /// or its target is not in the zip.
    pub fn read_main_related(&mut self, id: &str) -> Result<Option<(String, Vec<u8>)>, OpenError> {
        let rels = rels_part_name(&self.main);
        let Some(list) = self.read_rels(&rels)? else {
            return Ok(None);
        };
        let main = self.main.clone();
        let Some(name) = list
            .iter()
            .filter(|r| !r.external && r.id == id)
            .filter_map(|r| resolve_target(&main, &r.target))
            .find_map(|name| self.entry_name(&name))
        else {
            return Ok(None);
        };
        Ok(self.read_part(&name)?.map(|bytes| (name, bytes)))
    }

    /// The core properties part (`docProps/core.xml`), through `_rels/.rels`
    /// (relationship type ending `/core-properties`). `None` when absent.
    pub fn read_core_props(&mut self) -> Result<Option<Vec<u8>>, OpenError> {
        let target = self
            .package_rels
            .iter()
            .filter(|r| !r.external && r.kind.ends_with("/core-properties"))
            .filter_map(|r| resolve_target("", &r.target))
            .find_map(|name| self.entry_name(&name));
        match target {
            Some(target) => self.read_xml_part(&target),
            None => Ok(None),
        }
    }

    /// Resolve the officeDocument relationship of `_rels/.rels` to an existing part.
    fn find_main(&mut self) -> Result<String, OpenError> {
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
    fn find_relationship(
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
    fn entry_name(&self, name: &str) -> Option<String> {
        let &i = self.index.get(&normalize_name(name))?;
        let raw = self.zip.name_for_index(i)?.ok()?;
        Some(raw.into_owned())
    }

    /// Parse a rels part; `None` when the zip lacks it.
    fn read_rels(&mut self, name: &str) -> Result<Option<Vec<Relationship>>, OpenError> {
        let Some(xml) = self.read_xml_part(name)? else {
            return Ok(None);
        };
        parse_rels(&xml).map(Some).map_err(|e| e.in_part(name))
    }

    /// Inflate one part under the size limit; `None` when the zip has no such part.
    ///
    /// The limit is enforced on the bytes the inflater actually yields (`take(limit + 1)`):
    /// a declared size above the limit refuses the part at once, but a small declared
    /// size proves nothing; the buffer is sized from a declaration only up to [`PREALLOC_MAX`].
    fn read_part(&mut self, name: &str) -> Result<Option<Vec<u8>>, OpenError> {
        let Some(&i) = self.index.get(&normalize_name(name)) else {
            return Ok(None);
        };
        let limit = self.limits.max_part_bytes;
        let mut file = match self.zip.by_index(i) {
            Ok(f) => f,
            Err(e) => return Err(entry_error(&e, name, None)),
        };
        let part = file
            .name()
            .map(|n| n.into_owned())
            .unwrap_or_else(|_| name.to_owned());
        let header = file.header_start();
        if let Some(e) = checks::unsupported_method(file.compression(), &part) {
            return Err(e.at(header));
        }
        if file.size() > limit {
            return Err(too_large(&part, limit, Some(file.size())).at(header));
        }
        // Sized from the declared size, so a part inflates without the buffer growing
        // and copying itself; but never more than PREALLOC_MAX from a declaration alone
        // (a zip can declare anything): past it, the buffer grows with the data.
        let declared = file.size().min(limit).min(PREALLOC_MAX) as usize;
        let mut out = Vec::with_capacity(declared.saturating_add(1));
        let declared_size = file.size();
        let mut bounded = (&mut file).take(limit.saturating_add(1));
        if let Err(e) = bounded.read_to_end(&mut out) {
            drop(file);
            // The zip crate stops at the declared size and fails on the CRC: a bomb whose
            // header lies is named for what it is when its data inflates past it.
            if let Some(real) = self.inflates_past(i, declared_size) {
                return Err(OpenError::new(
                    ErrorCode::TooLarge,
                    format!(
                        "part `{part}` declares {declared_size} bytes inflated but inflates to \
                         more ({real} bytes or more): a zip bomb's forged header"
                    ),
                )
                .in_part(&part)
                .at(header));
            }
            return Err(OpenError::new(
                ErrorCode::CorruptZip,
                format!("cannot inflate part `{part}`: {e}"),
            )
            .in_part(&part)
            .at(header));
        }
        if out.len() as u64 > limit {
            return Err(too_large(&part, limit, None).at(header));
        }
        Ok(Some(out))
    }
}

impl Package {
    /// [`Package::read_part`] for an XML part (main, styles, core properties, rels),
    /// refused as `malformed_xml` when its prolog holds a DOCTYPE — in whichever part: an
    /// entity declared in `core.xml` would end up in the agency's name — or it holds a
    /// character XML 1.0 forbids (NUL, C0 controls), which would be copied into outputs.
    fn read_xml_part(&mut self, name: &str) -> Result<Option<Vec<u8>>, OpenError> {
        let Some(xml) = self.read_part(name)? else {
            return Ok(None);
        };
        let part = self.entry_name(name).unwrap_or_else(|| name.to_owned());
        if let Some(at) = checks::doctype_at(&xml) {
            return Err(OpenError::new(
                ErrorCode::MalformedXml,
                "a DOCTYPE declaration, which package parts never carry (entities are not \
                 expanded)",
            )
            .in_part(&part)
            .at(at));
        }
        if let Some((at, b)) = checks::illegal_char_at(&xml) {
            return Err(OpenError::new(
                ErrorCode::MalformedXml,
                format!(
                    "character U+{b:04X}, which XML 1.0 does not allow in a document (a \
                     control character)"
                ),
            )
            .in_part(&part)
            .at(at));
        }
        Ok(Some(xml))
    }

    /// How far entry `i`'s raw DEFLATE data inflates, when past `declared` bytes (counted
    /// up to the part limit, nothing kept); `None` when it does not, or is not DEFLATE.
    fn inflates_past(&mut self, i: usize, declared: u64) -> Option<u64> {
        let raw = self.zip.by_index_raw(i).ok()?;
        if raw.compression() != zip::CompressionMethod::Deflated {
            return None;
        }
        let mut inflater = flate2::read::DeflateDecoder::new(raw)
            .take(self.limits.max_part_bytes.saturating_add(1));
        let real = std::io::copy(&mut inflater, &mut std::io::sink()).ok()?;
        (real > declared).then_some(real)
    }
}

/// The first name the central directory holds twice, as a `corrupt_zip` naming both.
fn duplicate_entries(raw: &[checks::RawEntry]) -> OpenError {
    let mut seen: HashMap<&[u8], usize> = HashMap::new();
    for (i, e) in raw.iter().enumerate() {
        if let Some(&j) = seen.get(e.name.as_slice()) {
            let name = String::from_utf8_lossy(&e.name);
            return OpenError::new(
                ErrorCode::CorruptZip,
                format!(
                    "the zip holds two entries named `{name}` (entries {j} and {i} of its \
                     central directory); which one a reader takes depends on the reader"
                ),
            )
            .in_part(&name);
        }
        seen.insert(&e.name, i);
    }
    OpenError::new(
        ErrorCode::CorruptZip,
        "the central directory lists more entries than the zip holds",
    )
}

/// One `<Relationship>` of a rels part.
#[derive(Debug, Clone, Default, PartialEq)]
struct Relationship {
    /// `Id`: what a part's `r:id` attributes name (an altChunk's).
    id: String,
    kind: String,
    target: String,
    /// `TargetMode="External"`: a URI outside the package, never a part.
    external: bool,
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
fn rels_part_name(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((dir, file)) => format!("{dir}/_rels/{file}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

/// Resolve a relationship target against its source part (`""` for the package
/// itself) into a part name without leading `/`. `None` for a target that is not a
/// part of this package (an absolute URI, or `..` above the root).
fn resolve_target(source: &str, target: &str) -> Option<String> {
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
fn percent_decode(s: &str) -> Option<String> {
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
fn normalize_name(name: &str) -> String {
    name.replace('\\', "/")
        .trim_start_matches('/')
        .to_ascii_lowercase()
}

fn too_large(part: &str, limit: u64, declared: Option<u64>) -> OpenError {
    let message = match declared {
        Some(size) => {
            format!("part `{part}` declares {size} bytes inflated, over the limit of {limit} bytes")
        }
        None => format!(
            "part `{part}` inflates past the limit of {limit} bytes (refused while \
             inflating)"
        ),
    };
    OpenError::new(ErrorCode::TooLarge, message).in_part(part)
}

/// An error opening a zip entry for reading.
fn entry_error(e: &ZipError, part: &str, offset: Option<u64>) -> OpenError {
    let code = match e {
        ZipError::UnsupportedArchive(m) if m.contains("assword") => ErrorCode::Encrypted,
        ZipError::InvalidPassword => ErrorCode::Encrypted,
        _ => ErrorCode::CorruptZip,
    };
    let message = match code {
        ErrorCode::Encrypted => format!("part `{part}` is password-protected inside the zip"),
        _ => format!("cannot read part `{part}`: {}", zip_error_text(e)),
    };
    let err = OpenError::new(code, message).in_part(part);
    match offset {
        Some(o) => err.at(o),
        None => err,
    }
}

fn zip_error_text(e: &ZipError) -> String {
    match e {
        ZipError::CompressionMethodNotSupported(m) => {
            format!("compression method {m}, which .docx writers never use")
        }
        other => other.to_string(),
    }
}

/// Not a zip at all: say what it looks like, since a person will open the file next.
fn not_a_zip(head: &[u8], len: u64) -> OpenError {
    let text = String::from_utf8_lossy(head)
        .trim_start_matches('\u{feff}')
        .trim_start()
        .to_ascii_lowercase();
    let looks_like = if head.starts_with(b"%PDF") {
        "a PDF file"
    } else if text.starts_with("{\\rtf") {
        "an RTF file (Word can save .doc as RTF)"
    } else if text.starts_with("<?xml") || text.starts_with('<') {
        "XML or HTML: a web page, or a Word 2003 XML document, renamed"
    } else if text.starts_with("mime-version") {
        "a web archive (.mht) renamed"
    } else {
        "no known format"
    };
    OpenError::new(
        ErrorCode::NotAZip,
        format!("not a zip ({len} bytes, looks like {looks_like}): a .docx is a zip package"),
    )
}

/// An OLE2 compound file: an Office-encrypted `.docx` when its directory holds an
/// `EncryptedPackage` stream, otherwise `legacy_doc`. (A Word or WPS binary never gets
/// here: `sniff` names it `doc`/`wps` and it goes to the converter.)
fn classify_ole(bytes: &[u8]) -> OpenError {
    match ole_find_stream(bytes, "EncryptedPackage") {
        // The offset is that directory entry's, in the file.
        Some(at) => OpenError::new(
            ErrorCode::Encrypted,
            "an Office-encrypted document (OLE container holding an `EncryptedPackage` \
             stream): it opens only with its password",
        )
        .in_part("EncryptedPackage")
        .at(at as u64),
        None => OpenError::new(
            ErrorCode::LegacyDoc,
            "an OLE2 compound file that is no Word or WPS document nianbao knows (no \
             `WordDocument` stream found: damaged, or another program's file, a spreadsheet \
             or a presentation)",
        )
        .at(0),
    }
}

/// Bound on the directory sectors and FAT lookups walked in an OLE file: real
/// documents have a handful of directory sectors; a loop or a forged chain stops here.
const OLE_MAX_DIR_SECTORS: usize = 4096;

/// File offset of the directory entry of the stream `name` in an OLE compound file.
///
/// Walks the directory sector chain through the FAT (header DIFAT, then DIFAT
/// sectors), bounded. A directory entry is 128 bytes: the UTF-16LE name (64 bytes),
/// its byte length with the NUL at 64, the object type at 66 (2 = stream). When the
/// chain cannot be walked (a damaged header), every 128-byte-aligned slot of the file
/// is tried instead — directory entries always sit at such offsets.
fn ole_find_stream(bytes: &[u8], name: &str) -> Option<usize> {
    let wanted: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let is_entry = |at: usize| {
        bytes.get(at..at + 128).is_some_and(|slot| {
            usize::from(u16::from_le_bytes([slot[64], slot[65]])) == wanted.len() + 2
                && slot[66] == 2
                && slot[..wanted.len()].eq_ignore_ascii_case(&wanted)
        })
    };
    match ole_directory_sectors(bytes) {
        Some(sectors) => {
            let per_sector = ole_sector_size(bytes) / 128;
            sectors
                .iter()
                .flat_map(|&start| (0..per_sector).map(move |k| start + 128 * k))
                .find(|&at| is_entry(at))
        }
        None => (512..bytes.len()).step_by(128).find(|&at| is_entry(at)),
    }
}

fn ole_sector_size(bytes: &[u8]) -> usize {
    let shift = bytes
        .get(0x1E..0x20)
        .map(|b| u16::from_le_bytes([b[0], b[1]]))
        .unwrap_or(9);
    // Version 3 files use 512-byte sectors, version 4 4096; nothing else exists.
    if shift == 12 { 4096 } else { 512 }
}

/// File offsets of the directory sectors, following the FAT chain; `None` when the
/// header or the chain is damaged.
fn ole_directory_sectors(bytes: &[u8]) -> Option<Vec<usize>> {
    const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
    let u32_at = |at: usize| -> Option<u32> {
        let b = bytes.get(at..at.checked_add(4)?)?;
        Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    let sector = ole_sector_size(bytes);
    let offset_of = |s: u32| -> Option<usize> { (s as usize).checked_add(1)?.checked_mul(sector) };
    // The FAT sectors: 109 in the header, the rest in the DIFAT sector chain.
    let mut fat_sectors: Vec<u32> = (0..109)
        .filter_map(|i| u32_at(0x4C + 4 * i))
        .filter(|&s| s < 0xFFFF_FFFA)
        .collect();
    let mut difat = u32_at(0x44)?;
    let per_difat = sector / 4 - 1;
    let mut steps = 0;
    while difat < 0xFFFF_FFFA && steps < OLE_MAX_DIR_SECTORS {
        let at = offset_of(difat)?;
        fat_sectors.extend(
            (0..per_difat)
                .filter_map(|i| u32_at(at + 4 * i))
                .filter(|&s| s < 0xFFFF_FFFA),
        );
        difat = u32_at(at + 4 * per_difat)?;
        steps += 1;
    }
    let per_fat = sector / 4;
    let next = |s: u32| -> Option<u32> {
        let fat = *fat_sectors.get(s as usize / per_fat)?;
        u32_at(offset_of(fat)? + 4 * (s as usize % per_fat))
    };
    let mut dir = u32_at(0x30)?;
    let mut sectors = Vec::new();
    while dir != END_OF_CHAIN {
        if sectors.len() >= OLE_MAX_DIR_SECTORS {
            return None;
        }
        let at = offset_of(dir)?;
        if at >= bytes.len() {
            return None;
        }
        sectors.push(at);
        dir = next(dir)?;
    }
    Some(sectors)
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
