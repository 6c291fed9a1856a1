//! sniff: what a file is, from its bytes (SPEC §6) — never from its name alone.
//!
//! Sites serve web pages named `.doc`, and `.doc` files that are really .docx, so the
//! name only breaks ties the bytes leave open (a Word binary saved by WPS Office as
//! `.wps`, a text file named `.html` with no markup in its head). The tests are cheap:
//! the first [`HEAD`] bytes, plus, for a zip, its central directory and at most
//! `CONTENT_TYPES_MAX` bytes of one part, and, for an OLE compound file, its
//! directory sectors.
//!
//! | bytes | [`Format`] |
//! |---|---|
//! | zip whose `[Content_Types].xml` names a WordprocessingML main part, or holding `word/document.xml` | `Docx` |
//! | zip whose first entry is ODF's `mimetype` = `application/vnd.oasis.opendocument.text` (or `-template`) | `Odt` |
//! | OLE compound file with an `EncryptedPackage` stream (an encrypted OOXML package) | `Docx` |
//! | OLE compound file with a `WordDocument` stream | `Doc` (`Wps` when named `.wps`/`.wpt`: WPS Office writes Word's binary format) |
//! | OLE compound file with a `CONTENTS` stream (Microsoft Works / old WPS) | `Wps` |
//! | `{\rtf` | `Rtf` |
//! | `%PDF-` in the first 1024 bytes (as PDF readers accept) | `Pdf` |
//! | a MIME header block with `MIME-Version` or `Content-Type: multipart/related` | `Mht` |
//! | markup: after a BOM, whitespace, `<?xml …?>`, comments and a doctype, a tag WHATWG MIME sniffing takes for HTML (`<html`, `<head`, `<body`, `<table`, …) or `<meta` | `Html` |
//!
//! Anything else — an image, a spreadsheet, a zip of other things, an empty file — is
//! `None`: not a report format.

use std::io::{Cursor, Read, Seek};

use zip::ZipArchive;

use super::ole::{OLE_MAGIC, ole_find_stream, ole_sector_size};

/// How much of a file's head the non-container tests look at: a page's BOM, doctype,
/// comments and first tag, a MIME header block, the PDF header.
pub const HEAD: usize = 8 << 10;

/// The most of `[Content_Types].xml` inflated to find the main part's content type
/// (Word writes about 1.5 KB).
const CONTENT_TYPES_MAX: u64 = 1 << 20;

/// A report format (SPEC §6), what `source.format` says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// Office Open XML WordprocessingML (`.docx`, `.docm`, `.dotx`, `.wps` saved as OOXML).
    Docx,
    /// An HTML page, read directly.
    Html,
    /// A single-file web page (MIME multipart: `.mht`, Word's "single file web page").
    Mht,
    /// Word 97–2003 binary (OLE), converted by LibreOffice.
    Doc,
    /// WPS Office / Works (OLE), converted by LibreOffice.
    Wps,
    /// Rich Text Format, converted by LibreOffice.
    Rtf,
    /// ODF text, converted by LibreOffice.
    Odt,
    /// PDF: recognized, not read (`unsupported_format`).
    Pdf,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Docx => "docx",
            Format::Html => "html",
            Format::Mht => "mht",
            Format::Doc => "doc",
            Format::Wps => "wps",
            Format::Rtf => "rtf",
            Format::Odt => "odt",
            Format::Pdf => "pdf",
        }
    }

    /// Read only after LibreOffice converts it to .docx.
    pub fn needs_conversion(self) -> bool {
        matches!(self, Format::Doc | Format::Wps | Format::Rtf | Format::Odt)
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The extensions (lowercase, without the dot) reports are published under. A folder's
/// file named so gets a record even when its bytes are of no report format (an empty
/// `.docx` is `empty_file`, not silently skipped).
pub const REPORT_EXTENSIONS: &[&str] = &[
    "docx", "docm", "dotx", "dotm", "doc", "dot", "wps", "wpt", "rtf", "odt", "ott", "html", "htm",
    "shtml", "xhtml", "mht", "mhtml", "pdf",
];

/// Whether `ext` (any case) is one of [`REPORT_EXTENSIONS`].
pub fn is_report_extension(ext: &str) -> bool {
    REPORT_EXTENSIONS
        .iter()
        .any(|e| e.eq_ignore_ascii_case(ext))
}

/// What `bytes` (the whole file) are; `name_ext` (the file name's extension, without the
/// dot, any case) only breaks ties. `None`: not a report format.
pub fn sniff(bytes: &[u8], name_ext: Option<&str>) -> Option<Format> {
    let ext = name_ext.map(str::to_ascii_lowercase);
    let ext = ext.as_deref();
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return match ZipArchive::new(Cursor::new(bytes)) {
            Ok(mut zip) => zip_format(&mut zip),
            // A damaged zip: ODF's `mimetype` is stored first and uncompressed, so it is
            // in the head even when the central directory is lost; any other damaged zip
            // is left to the .docx reader, which says how it is damaged.
            Err(_) if odf_mimetype_in_head(bytes) => Some(Format::Odt),
            Err(_) => Some(Format::Docx),
        };
    }
    if bytes.starts_with(&OLE_MAGIC) {
        return ole_format(bytes, ext);
    }
    head_format(&bytes[..bytes.len().min(HEAD)], ext)
}

/// The formats told by the head alone: RTF, PDF, MIME, HTML.
fn head_format(head: &[u8], ext: Option<&str>) -> Option<Format> {
    let pdf_window = &head[..head.len().min(1024)];
    if memchr::memmem::find(pdf_window, b"%PDF-").is_some() {
        return Some(Format::Pdf);
    }
    let text = ascii_view(head);
    let trimmed = text.trim_start_matches(|c: char| c.is_ascii_whitespace());
    if trimmed.starts_with("{\\rtf") {
        return Some(Format::Rtf);
    }
    if is_mime_multipart(trimmed) {
        return Some(Format::Mht);
    }
    if is_html(trimmed) {
        return Some(Format::Html);
    }
    // Text with no markup in its head, named as a page: the HTML reader reads it (a
    // page may start with plain text before its first tag).
    let is_text = !head.is_empty() && !head.contains(&0);
    match ext {
        Some("html" | "htm" | "shtml" | "xhtml") if is_text => Some(Format::Html),
        _ => None,
    }
}

/// The head as lowercase ASCII for the markup tests: a UTF-8 BOM dropped, UTF-16 (with
/// its BOM, as Word's "Unicode" web pages) narrowed to its low bytes, every non-ASCII
/// byte as U+0080 (matching no test).
fn ascii_view(head: &[u8]) -> String {
    // Generic, not `dyn`: the head is read a byte at a time, and a page's is 8 KiB.
    fn narrow(bytes: impl Iterator<Item = u8>, len: usize) -> String {
        let mut out = String::with_capacity(len);
        for b in bytes {
            out.push(if b.is_ascii() {
                b.to_ascii_lowercase() as char
            } else {
                '\u{80}'
            });
        }
        out
    }
    if let Some(rest) = head.strip_prefix(b"\xFF\xFE") {
        narrow(rest.iter().step_by(2).copied(), rest.len() / 2 + 1)
    } else if let Some(rest) = head.strip_prefix(b"\xFE\xFF") {
        narrow(rest.iter().skip(1).step_by(2).copied(), rest.len() / 2 + 1)
    } else {
        let rest = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
        narrow(rest.iter().copied(), rest.len())
    }
}

/// RFC 5322 header lines up to the first blank line, one of them `MIME-Version` or a
/// `Content-Type: multipart/…` (MHTML, RFC 2557: browsers write `From:`/`Subject:`
/// first, Word starts with `MIME-Version`).
fn is_mime_multipart(text: &str) -> bool {
    let mut seen = false;
    for line in text.lines().take(64) {
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            break;
        }
        if line.starts_with([' ', '\t']) {
            continue; // a folded header's continuation
        }
        let Some((name, value)) = line.split_once(':') else {
            return false;
        };
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_graphic()) {
            return false;
        }
        let value = value.trim();
        if name == "mime-version" || (name == "content-type" && value.starts_with("multipart/")) {
            seen = true;
        }
    }
    seen
}

/// Markup that makes a page: skip `<?xml …?>`, comments, `<!doctype …>` (and the
/// whitespace between), then the first tag must be one WHATWG MIME sniffing (§7.1,
/// "identifying a resource with an unknown MIME type") takes for HTML, or `<meta`
/// (pasted fragments and Word's saved pages may begin with it), or the doctype says
/// `html`.
fn is_html(mut text: &str) -> bool {
    const TAGS: &[&str] = &[
        "html", "head", "body", "table", "meta", "script", "iframe", "h1", "div", "font", "a",
        "style", "title", "b", "br", "p", "link",
    ];
    for _ in 0..64 {
        text = text.trim_start_matches(|c: char| c.is_ascii_whitespace());
        if let Some(rest) = text.strip_prefix("<!--") {
            match rest.find("-->") {
                Some(end) => text = &rest[end + 3..],
                None => return false,
            }
        } else if let Some(rest) = text.strip_prefix("<?") {
            match rest.find("?>") {
                Some(end) => text = &rest[end + 2..],
                None => return false,
            }
        } else if let Some(rest) = text.strip_prefix("<!doctype") {
            if rest.trim_start().starts_with("html") {
                return true;
            }
            match rest.find('>') {
                Some(end) => text = &rest[end + 1..],
                None => return false,
            }
        } else if let Some(rest) = text.strip_prefix('<') {
            return TAGS.iter().any(|tag| {
                rest.strip_prefix(tag).is_some_and(|after| {
                    // The tag name ends at a space or `>` (or `/`, `<br/>`).
                    after.starts_with([' ', '\t', '\n', '\r', '\x0c', '>', '/'])
                })
            });
        } else {
            return false;
        }
    }
    false
}

/// A zip opened: Docx, Odt or neither.
fn zip_format<R: Read + Seek>(zip: &mut ZipArchive<R>) -> Option<Format> {
    if let Ok(mut entry) = zip.by_name("mimetype") {
        let mut mime = Vec::new();
        let _ = (&mut entry).take(256).read_to_end(&mut mime);
        return is_odt_mimetype(&mime).then_some(Format::Odt);
    }
    // Names not valid in their declared encoding are none we look for.
    let names: Vec<String> = zip
        .file_names()
        .map(|n| n.map(|n| n.to_ascii_lowercase()).unwrap_or_default())
        .collect();
    if names
        .iter()
        .any(|n| n.trim_start_matches('/') == "word/document.xml")
    {
        return Some(Format::Docx);
    }
    let ct = names
        .iter()
        .position(|n| n.trim_start_matches('/') == "[content_types].xml")?;
    let mut entry = zip.by_index(ct).ok()?;
    let mut xml = Vec::new();
    let _ = (&mut entry).take(CONTENT_TYPES_MAX).read_to_end(&mut xml);
    // The main part's content type: `…wordprocessingml.document.main+xml`, `.template.`,
    // or the macro-enabled `application/vnd.ms-word.document.macroEnabled.main+xml`.
    let xml = String::from_utf8_lossy(&xml).to_ascii_lowercase();
    (xml.contains("wordprocessingml.document.main")
        || xml.contains("wordprocessingml.template.main")
        || xml.contains("application/vnd.ms-word."))
    .then_some(Format::Docx)
}

fn is_odt_mimetype(mime: &[u8]) -> bool {
    let mime = String::from_utf8_lossy(mime);
    let mime = mime.trim();
    mime == "application/vnd.oasis.opendocument.text"
        || mime == "application/vnd.oasis.opendocument.text-template"
}

/// ODF 1.2 §3.3: `mimetype` is the first entry, stored, so its name sits at byte 30 of
/// the file and its content right after the name.
fn odf_mimetype_in_head(bytes: &[u8]) -> bool {
    bytes.get(30..38) == Some(b"mimetype".as_slice())
        && bytes
            .get(38..38 + 46)
            .is_some_and(|b| b.starts_with(b"application/vnd.oasis.opendocument.text"))
}

/// An OLE compound file: which program's, from its stream names.
fn ole_format(bytes: &[u8], ext: Option<&str>) -> Option<Format> {
    if ole_find_stream(bytes, "EncryptedPackage").is_some() {
        return Some(Format::Docx);
    }
    if ole_find_stream(bytes, "WordDocument").is_some() {
        return match ext {
            Some("wps" | "wpt") => Some(Format::Wps),
            _ => Some(Format::Doc),
        };
    }
    if ole_find_stream(bytes, "CONTENTS").is_some() {
        return Some(Format::Wps);
    }
    None
}

/// Whether a Word binary file (`Doc`/`Wps` by [`sniff`]) is password-protected: the
/// File Information Block at the start of the `WordDocument` stream ([MS-DOC] 2.5.2,
/// `FibBase`) has `fEncrypted` (bit 8 of the flags at byte 10) set. `Some(offset)` of
/// the stream's directory entry when it is.
pub fn word_binary_encrypted(bytes: &[u8]) -> Option<usize> {
    let entry = ole_find_stream(bytes, "WordDocument")?;
    let u32_at = |at: usize| -> Option<u32> {
        let b = bytes.get(at..at.checked_add(4)?)?;
        Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    let start = u32_at(entry + 116)?;
    let size = u32_at(entry + 120)?;
    // Below the mini stream cutoff (4096) the stream would live in the mini stream; a
    // WordDocument stream never is that small (its FIB alone is over 1 KB).
    if size < 4096 {
        return None;
    }
    let sector = ole_sector_size(bytes);
    let at = (start as usize).checked_add(1)?.checked_mul(sector)?;
    let fib = bytes.get(at..at.checked_add(12)?)?;
    let ident = u16::from_le_bytes([fib[0], fib[1]]);
    let flags = u16::from_le_bytes([fib[10], fib[11]]);
    (ident == 0xA5EC && flags & 0x0100 != 0).then_some(entry)
}

/// What the folder walk asks of a file that is not named as a report: could its first
/// [`HEAD`] bytes be a report format? A zip or OLE file is then read whole and
/// [`sniff`]ed (its parts or directory can lie anywhere in it).
pub fn head_says(head: &[u8], name_ext: Option<&str>) -> HeadVerdict {
    if head.starts_with(b"PK\x03\x04")
        || head.starts_with(b"PK\x05\x06")
        || head.starts_with(&OLE_MAGIC)
    {
        return HeadVerdict::Container;
    }
    let ext = name_ext.map(str::to_ascii_lowercase);
    match head_format(head, ext.as_deref()) {
        Some(f) => HeadVerdict::Is(f),
        None => HeadVerdict::Not,
    }
}

/// Whether a file whose first bytes are `head` (128 are enough) may be of a format read
/// through LibreOffice: an OLE compound file (a Word or WPS binary, or not), RTF, or a
/// zip whose first entry is ODF's `mimetype` for a text document. [`sniff`] over the
/// whole file decides.
pub fn head_may_need_conversion(head: &[u8]) -> bool {
    head.starts_with(&OLE_MAGIC)
        || odf_mimetype_in_head(head)
        || ascii_view(&head[..head.len().min(64)])
            .trim_start_matches(|c: char| c.is_ascii_whitespace())
            .starts_with("{\\rtf")
}

/// [`head_says`]'s answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeadVerdict {
    /// A report format, told by the head.
    Is(Format),
    /// A zip or OLE file: the whole file decides.
    Container,
    /// No report format.
    Not,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads() {
        let cases: &[(&[u8], Option<&str>, Option<Format>)] = &[
            (b"", None, None),
            (b"{\\rtf1\\ansi", Some("doc"), Some(Format::Rtf)),
            (b"%PDF-1.7\n", None, Some(Format::Pdf)),
            (
                b"\xEF\xBB\xBF  <!DOCTYPE html><html>",
                Some("doc"),
                Some(Format::Html),
            ),
            (
                b"<!-- saved --><?xml version=\"1.0\"?>\n<HTML xmlns:o=\"urn\">",
                None,
                Some(Format::Html),
            ),
            (b"<meta charset=gbk><table>", None, Some(Format::Html)),
            (b"<table border=1>", Some("txt"), Some(Format::Html)),
            (b"<tablet>", None, None),
            (b"<!DOCTYPE note><note/>", None, None),
            (
                b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"x\"\r\n\r\n--x",
                Some("doc"),
                Some(Format::Mht),
            ),
            (
                b"From: <Saved by Blink>\r\nSubject: a\r\nMIME-Version: 1.0\r\n\r\n",
                None,
                Some(Format::Mht),
            ),
            (b"Subject: hello\r\n\r\nbody", None, None),
            (b"plain words", Some("htm"), Some(Format::Html)),
            (b"plain words", Some("txt"), None),
            (b"\xFF\xFE<\0h\0t\0m\0l\0>\0", None, Some(Format::Html)),
            (b"\x89PNG\r\n\x1a\n", Some("png"), None),
        ];
        for (bytes, ext, want) in cases {
            assert_eq!(
                sniff(bytes, *ext),
                *want,
                "{:?}",
                String::from_utf8_lossy(bytes)
            );
        }
    }

    #[test]
    fn as_str_names() {
        let all = [
            Format::Docx,
            Format::Html,
            Format::Mht,
            Format::Doc,
            Format::Wps,
            Format::Rtf,
            Format::Odt,
            Format::Pdf,
        ];
        let names: Vec<&str> = all.iter().map(|f| f.as_str()).collect();
        assert_eq!(
            names,
            ["docx", "html", "mht", "doc", "wps", "rtf", "odt", "pdf"]
        );
        for f in all {
            assert_eq!(serde_json::to_value(f).ok(), Some(f.as_str().into()));
        }
    }
}
