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
//! [`sniff`](mod@sniff)'s (SPEC §6).
//!
//! Every failure is an [`OpenError`] with its SPEC §5 code, the part it concerns and,
//! where there is one, a byte offset (in the file for container errors, in the part
//! for XML errors).

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{Cursor, Read};

use zip::ZipArchive;
use zip::result::ZipError;

use crate::report::ErrorCode;

mod checks;
mod ole;
mod rels;

pub mod sniff;

pub use sniff::{Format, sniff};

use ole::{OLE_MAGIC, classify_ole};
use rels::{Relationship, normalize_name, percent_decode, rels_part_name, resolve_target};

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
