//! open checks: what the zip crate reads past or hides, checked on the bytes — entries
//! of the central directory as stored (duplicates, names in a legacy code page), the
//! compression method of an entry, and what no XML part may hold (a DOCTYPE, characters
//! XML 1.0 forbids).

use zip::CompressionMethod;

use super::OpenError;
use crate::report::ErrorCode;

/// One central directory record, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct RawEntry {
    /// The name's bytes.
    pub name: Vec<u8>,
    /// General purpose flag bit 11: the name is UTF-8. Without it the name is in the
    /// writer's code page: CP437 by the zip specification, GBK from Chinese Windows tools.
    pub utf8: bool,
}

/// The central directory's records, walked from the end-of-central-directory record;
/// `None` when it cannot be walked (zip64, damaged: the zip crate's reading then stands
/// alone).
pub(super) fn central_entries(bytes: &[u8]) -> Option<Vec<RawEntry>> {
    let u16_at = |at: usize| -> Option<usize> {
        let b = bytes.get(at..at.checked_add(2)?)?;
        Some(u16::from_le_bytes([b[0], b[1]]) as usize)
    };
    let u32_at = |at: usize| -> Option<usize> {
        let b = bytes.get(at..at.checked_add(4)?)?;
        Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
    };
    // The EOCD record is 22 bytes plus a comment of at most 65,535.
    let from = bytes.len().saturating_sub(22 + 65_535);
    let eocd = from + memchr::memmem::rfind(&bytes[from..], b"PK\x05\x06")?;
    let count = u16_at(eocd + 10)?;
    let mut at = u32_at(eocd + 16)?;
    if count == 0xFFFF || at == 0xFFFF_FFFF {
        return None;
    }
    let mut out = Vec::with_capacity(count.min(super::MAX_ENTRIES + 1));
    for _ in 0..count.min(super::MAX_ENTRIES + 1) {
        if bytes.get(at..at + 4)? != b"PK\x01\x02" {
            return None;
        }
        let flags = u16_at(at + 8)?;
        let (name_len, extra, comment) = (u16_at(at + 28)?, u16_at(at + 30)?, u16_at(at + 32)?);
        let name = bytes.get(at + 46..at + 46 + name_len)?.to_vec();
        out.push(RawEntry {
            name,
            utf8: flags & (1 << 11) != 0,
        });
        at += 46 + name_len + extra + comment;
    }
    Some(out)
}

/// A stored name without the UTF-8 flag, read as Chinese tools write it: UTF-8 when it
/// is valid UTF-8 (many writers leave the flag off), else GBK; `None` for ASCII (the
/// zip crate's reading is the same) or bytes valid in neither.
pub(super) fn legacy_name(e: &RawEntry) -> Option<String> {
    if e.utf8 || e.name.is_ascii() {
        return None;
    }
    if let Ok(s) = std::str::from_utf8(&e.name) {
        return Some(s.to_owned());
    }
    encoding_rs::GBK
        .decode_without_bom_handling_and_without_replacement(&e.name)
        .map(|s| s.into_owned())
}

/// An entry compressed with a method nianbao does not inflate, named (`bzip2 (method
/// 12)`): `corrupt_zip`, or `encrypted` for WinZip AES (method 99). `None` for stored
/// and DEFLATE, what every .docx writer uses.
pub(super) fn unsupported_method(method: CompressionMethod, part: &str) -> Option<OpenError> {
    use CompressionMethod as M;
    if method == M::STORE || method == M::DEFLATE {
        return None;
    }
    if method == M::AES {
        return Some(
            OpenError::new(
                ErrorCode::Encrypted,
                format!("part `{part}` is encrypted inside the zip (WinZip AES, method 99)"),
            )
            .in_part(part),
        );
    }
    // The zip crate's named constants, with their APPNOTE method numbers.
    let known = [
        (M::SHRINK, "Shrink (method 1)"),
        (M::REDUCE_1, "Reduce (method 2)"),
        (M::REDUCE_2, "Reduce (method 3)"),
        (M::REDUCE_3, "Reduce (method 4)"),
        (M::REDUCE_4, "Reduce (method 5)"),
        (M::IMPLODE, "Implode (method 6)"),
        (M::DEFLATE64, "Deflate64 (method 9)"),
        (M::PKWARE_IMPLODE, "PKWARE DCL Implode (method 10)"),
        (M::BZIP2, "bzip2 (method 12)"),
        (M::LZMA, "LZMA (method 14)"),
        (M::IBM_ZOS_CMPSC, "IBM z/OS CMPSC (method 16)"),
        (M::IBM_TERSE, "IBM TERSE (method 18)"),
        (M::ZSTD_DEPRECATED, "Zstandard (method 20)"),
        (M::ZSTD, "Zstandard (method 93)"),
        (M::MP3, "MP3 (method 94)"),
        (M::XZ, "XZ (method 95)"),
        (M::JPEG, "JPEG (method 96)"),
        (M::WAVPACK, "WavPack (method 97)"),
        (M::PPMD, "PPMd (method 98)"),
    ];
    let name = known.iter().find(|(m, _)| *m == method).map_or_else(
        || format!("an unknown method ({method:?})"),
        |(_, n)| (*n).to_owned(),
    );
    Some(
        OpenError::new(
            ErrorCode::CorruptZip,
            format!(
                "part `{part}` is compressed with {name}, which no .docx writer uses and \
                 nianbao does not inflate (only stored and DEFLATE)"
            ),
        )
        .in_part(part),
    )
}

/// The offset of a `<!DOCTYPE` in the prolog of an XML part (after a BOM, the XML
/// declaration, comments, processing instructions and whitespace): the only place one
/// can stand. Package parts never carry one, and entity declarations are how an XML bomb
/// or an external entity gets in, so a part holding one is refused, whichever part it is.
pub(super) fn doctype_at(xml: &[u8]) -> Option<u64> {
    let mut at = if xml.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    loop {
        while xml.get(at).is_some_and(|b| b.is_ascii_whitespace()) {
            at += 1;
        }
        let rest = xml.get(at..)?;
        if rest.starts_with(b"<!DOCTYPE") {
            return Some(at as u64);
        }
        let end = if rest.starts_with(b"<?") {
            memchr::memmem::find(rest, b"?>")? + 2
        } else if rest.starts_with(b"<!--") {
            memchr::memmem::find(rest, b"-->")? + 3
        } else {
            return None;
        };
        at += end;
    }
}

/// The offset of the first character XML 1.0 forbids (§2.2: C0 controls other than tab,
/// line feed and carriage return — NUL, U+0001…U+0008, U+000B, U+000C, U+000E…U+001F),
/// as a raw byte in the part. In UTF-8 these are single bytes that never occur inside
/// another character's encoding, so a byte scan finds them all.
pub(super) fn illegal_char_at(xml: &[u8]) -> Option<(u64, u8)> {
    let bad = |b: u8| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r');
    // Each 64-byte chunk tested whole, without a branch per byte (the compiler makes it
    // vector code): a byte-at-a-time search cost 6% of a batch's time. Only the chunk
    // that holds one is searched for where.
    let mut at = 0;
    for chunk in xml.chunks(64) {
        if chunk.iter().fold(false, |any, &b| any | bad(b)) {
            let i = chunk.iter().position(|&b| bad(b))?;
            return Some(((at + i) as u64, chunk[i]));
        }
        at += chunk.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doctype_only_in_the_prolog() {
        assert_eq!(doctype_at(b"<!DOCTYPE x><x/>"), Some(0));
        assert_eq!(
            doctype_at(b"\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- c --> <!DOCTYPE x>"),
            Some(36)
        );
        assert_eq!(
            doctype_at(b"<?xml version=\"1.0\"?><x><!-- <!DOCTYPE --></x>"),
            None
        );
        assert_eq!(doctype_at(b"<x>&lt;!DOCTYPE</x>"), None);
        assert_eq!(doctype_at(b"<?xml unterminated"), None);
    }

    #[test]
    fn illegal_characters() {
        assert_eq!(illegal_char_at(b"<x>\t\r\n ok</x>"), None);
        assert_eq!(illegal_char_at(b"<x>a\x00b</x>"), Some((4, 0)));
        assert_eq!(illegal_char_at("<x>文\x0b</x>".as_bytes()), Some((6, 0x0b)));
        // Past the first 64-byte chunk, and at a chunk's last byte.
        let mut long = vec![b'a'; 200];
        long[130] = 0x1f;
        assert_eq!(illegal_char_at(&long), Some((130, 0x1f)));
        long[127] = 0;
        assert_eq!(illegal_char_at(&long), Some((127, 0)));
        assert_eq!(illegal_char_at(&[b'\n'; 129]), None);
    }

    #[test]
    fn legacy_names() {
        let gbk = RawEntry {
            name: vec![b'w', b'/', 0xCE, 0xC4, 0xB5, 0xB5, b'.', b'x'],
            utf8: false,
        };
        assert_eq!(legacy_name(&gbk).as_deref(), Some("w/文档.x"));
        let utf8 = RawEntry {
            name: "w/文档.x".as_bytes().to_vec(),
            utf8: false,
        };
        assert_eq!(legacy_name(&utf8).as_deref(), Some("w/文档.x"));
        let flagged = RawEntry { utf8: true, ..utf8 };
        assert_eq!(legacy_name(&flagged), None);
    }

    #[test]
    fn methods_are_named() {
        let e = unsupported_method(CompressionMethod::BZIP2, "word/document.xml").expect("refused");
        assert_eq!(e.code, ErrorCode::CorruptZip);
        assert!(e.message.contains("bzip2 (method 12)"), "{}", e.message);
        let e = unsupported_method(CompressionMethod::AES, "a").expect("refused");
        assert_eq!(e.code, ErrorCode::Encrypted);
        assert!(unsupported_method(CompressionMethod::Deflated, "a").is_none());
    }
}
