//! Which character encoding a page is in, and its text decoded (SPEC §6).
//!
//! In order: a byte-order mark; the transport's charset (an MHT part's Content-Type,
//! as the HTML spec takes HTTP's); a `<meta charset>` or `<meta http-equiv="Content-Type"
//! content="…; charset=…">` found by the HTML spec's prescan ("prescan a byte stream to
//! determine its encoding") in the first 1024 bytes; UTF-8 when the bytes are valid
//! UTF-8; a `<meta>` further on (the prescan run over the first 64 KiB, as a browser
//! that meets the meta while parsing the head re-reads the page); else GB18030, which
//! covers GBK and GB2312, what many government sites still serve undeclared.
//!
//! Labels are resolved by encoding_rs as the WHATWG Encoding Standard says (`gb2312`
//! and `gbk` are GBK, whose decoder is GB18030's; `utf-16` in a meta means UTF-8, since
//! a page the prescan could read as ASCII is not UTF-16). Bytes not valid in the chosen
//! encoding become U+FFFD, counted, so the reader can say where (a bounded read).

use encoding_rs::{Encoding, GB18030, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252, X_USER_DEFINED};

/// How the page's encoding was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Bom,
    /// The Content-Type of the MIME part the page came in.
    Transport,
    Meta,
    /// No declaration; the bytes are valid UTF-8.
    ValidUtf8,
    /// No declaration and not UTF-8.
    Fallback,
}

/// A page's text and what its decoding met.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static Encoding,
    pub source: Source,
    /// Byte sequences not valid in `encoding` (each shown as U+FFFD).
    pub malformed: u64,
    /// Byte offset in the input of the first of them.
    pub first_malformed: Option<u64>,
}

/// How far the prescan looks first (the HTML spec's 1024 bytes), and then, when the
/// page is not UTF-8, how far a meta is still taken.
const PRESCAN: usize = 1024;
const LATE_META: usize = 64 * 1024;

/// Decodes `bytes` as SPEC §6 says.
pub fn decode(bytes: &[u8]) -> Decoded {
    decode_declared(bytes, None)
}

/// [`decode`], with the charset label the transport declares (unknown labels ignored).
pub fn decode_declared(bytes: &[u8], declared: Option<&str>) -> Decoded {
    let declared = declared.and_then(|l| Encoding::for_label(l.trim().as_bytes()));
    let (encoding, source, skip) = if let Some((enc, len)) = Encoding::for_bom(bytes) {
        (enc, Source::Bom, len)
    } else if let Some(enc) = declared {
        (enc, Source::Transport, 0)
    } else if let Some(enc) = prescan(&bytes[..bytes.len().min(PRESCAN)]) {
        (enc, Source::Meta, 0)
    } else if std::str::from_utf8(bytes).is_ok() {
        (UTF_8, Source::ValidUtf8, 0)
    } else if let Some(enc) = prescan(&bytes[..bytes.len().min(LATE_META)]) {
        (enc, Source::Meta, 0)
    } else {
        (GB18030, Source::Fallback, 0)
    };
    let (text, malformed, first) = decode_counting(encoding, &bytes[skip..]);
    Decoded {
        text,
        encoding,
        source,
        malformed,
        first_malformed: first.map(|f| f + skip as u64),
    }
}

/// Decodes with U+FFFD for each malformed sequence, counting them and noting where the
/// first starts (offsets in `bytes`).
fn decode_counting(encoding: &'static Encoding, bytes: &[u8]) -> (String, u64, Option<u64>) {
    if encoding == UTF_8
        && let Ok(s) = std::str::from_utf8(bytes)
    {
        return (s.to_owned(), 0, None);
    }
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(
        decoder
            .max_utf8_buffer_length_without_replacement(bytes.len())
            .unwrap_or(bytes.len()),
    );
    let (mut read, mut malformed, mut first) = (0usize, 0u64, None);
    loop {
        let (result, n) =
            decoder.decode_to_string_without_replacement(&bytes[read..], &mut out, true);
        read += n;
        match result {
            encoding_rs::DecoderResult::InputEmpty => break,
            encoding_rs::DecoderResult::OutputFull => {
                out.reserve(bytes.len().saturating_sub(read).max(16) * 3);
            }
            encoding_rs::DecoderResult::Malformed(bad, after) => {
                malformed += 1;
                // The bad sequence ended `after` bytes before the reader's position.
                let at = read.saturating_sub(usize::from(after) + usize::from(bad));
                first.get_or_insert(at as u64);
                out.push('\u{FFFD}');
            }
        }
    }
    (out, malformed, first)
}

/// The HTML spec's prescan of `bytes` for a `<meta>` naming an encoding.
pub fn prescan(bytes: &[u8]) -> Option<&'static Encoding> {
    let mut p = 0;
    while p < bytes.len() {
        let rest = &bytes[p..];
        if rest.starts_with(b"<!--") {
            // The comment ends at the first `-->` whose dashes may be the opener's own
            // (`<!-->` is a whole comment).
            p += 2 + memchr::memmem::find(&rest[2..], b"-->").map_or(rest.len(), |i| i + 3);
            continue;
        }
        if starts_with_ignore_case(rest, b"<meta")
            && rest.get(5).is_some_and(|&b| is_space(b) || b == b'/')
        {
            p += 5;
            if let Some(enc) = meta(bytes, &mut p) {
                return Some(enc);
            }
            continue;
        }
        let letter_at = |i: usize| rest.get(i).is_some_and(u8::is_ascii_alphabetic);
        if rest.starts_with(b"<") && (letter_at(1) || (rest.get(1) == Some(&b'/') && letter_at(2)))
        {
            // A tag: its name, then its attributes, so a `>` in a quoted value is not
            // taken as the tag's end.
            p += 1;
            while p < bytes.len() && !is_space(bytes[p]) && bytes[p] != b'>' {
                p += 1;
            }
            while attribute(bytes, &mut p).is_some() {}
            p += 1;
            continue;
        }
        if rest.starts_with(b"<!") || rest.starts_with(b"</") || rest.starts_with(b"<?") {
            p += memchr::memchr(b'>', rest).map_or(rest.len(), |i| i + 1);
            continue;
        }
        p += 1;
    }
    None
}

/// A `<meta>` tag's attributes, from just after `<meta`: the encoding it declares, if any
/// (the spec's "need pragma" rules: `content` counts only beside `http-equiv=content-type`).
fn meta(bytes: &[u8], p: &mut usize) -> Option<&'static Encoding> {
    let mut seen: Vec<Vec<u8>> = Vec::new();
    let (mut got_pragma, mut need_pragma, mut charset) = (false, None, None);
    while let Some((name, value)) = attribute(bytes, p) {
        if seen.contains(&name) {
            continue;
        }
        match name.as_slice() {
            b"http-equiv" if value.eq_ignore_ascii_case(b"content-type") => got_pragma = true,
            b"content" if charset.is_none() => {
                if let Some(c) = charset_in_content(&value) {
                    charset = Encoding::for_label(c);
                    need_pragma = Some(true);
                }
            }
            b"charset" => {
                charset = Encoding::for_label(&value);
                need_pragma = Some(false);
            }
            _ => {}
        }
        seen.push(name);
    }
    match need_pragma {
        None => None,
        Some(true) if !got_pragma => None,
        _ => charset.map(|c| {
            if c == UTF_16BE || c == UTF_16LE {
                UTF_8
            } else if c == X_USER_DEFINED {
                WINDOWS_1252
            } else {
                c
            }
        }),
    }
}

/// The spec's "get an attribute": the next attribute's lowercased name and its value,
/// or `None` at the tag's end (`p` then on the `>`).
fn attribute(bytes: &[u8], p: &mut usize) -> Option<(Vec<u8>, Vec<u8>)> {
    while *p < bytes.len() && (is_space(bytes[*p]) || bytes[*p] == b'/') {
        *p += 1;
    }
    if *p >= bytes.len() || bytes[*p] == b'>' {
        return None;
    }
    let mut name = Vec::new();
    loop {
        let b = *bytes.get(*p)?;
        if b == b'=' && !name.is_empty() {
            *p += 1;
            break;
        }
        if is_space(b) {
            while *p < bytes.len() && is_space(bytes[*p]) {
                *p += 1;
            }
            if bytes.get(*p) != Some(&b'=') {
                return Some((name, Vec::new()));
            }
            *p += 1;
            break;
        }
        if b == b'/' || b == b'>' {
            return Some((name, Vec::new()));
        }
        name.push(b.to_ascii_lowercase());
        *p += 1;
    }
    while *p < bytes.len() && is_space(bytes[*p]) {
        *p += 1;
    }
    let mut value = Vec::new();
    match bytes.get(*p) {
        None => return None,
        Some(&q @ (b'"' | b'\'')) => {
            *p += 1;
            loop {
                let b = *bytes.get(*p)?;
                *p += 1;
                if b == q {
                    return Some((name, value));
                }
                value.push(b.to_ascii_lowercase());
            }
        }
        Some(b'>') => return Some((name, value)),
        Some(_) => {}
    }
    while let Some(&b) = bytes.get(*p) {
        if is_space(b) || b == b'>' {
            break;
        }
        value.push(b.to_ascii_lowercase());
        *p += 1;
    }
    Some((name, value))
}

/// The spec's "extract a character encoding from a meta element" on a `content` value.
fn charset_in_content(s: &[u8]) -> Option<&[u8]> {
    let mut p = 0;
    loop {
        let at = memchr::memmem::find(&s[p..], b"charset")?;
        p += at + 7;
        while s.get(p).is_some_and(|&b| is_space(b)) {
            p += 1;
        }
        if s.get(p) == Some(&b'=') {
            p += 1;
            break;
        }
    }
    while s.get(p).is_some_and(|&b| is_space(b)) {
        p += 1;
    }
    match s.get(p)? {
        &q @ (b'"' | b'\'') => {
            let end = memchr::memchr(q, &s[p + 1..])?;
            Some(&s[p + 1..p + 1 + end])
        }
        _ => {
            let end = s[p..]
                .iter()
                .position(|&b| is_space(b) || b == b';')
                .unwrap_or(s.len() - p);
            Some(&s[p..p + end]).filter(|v| !v.is_empty())
        }
    }
}

fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0C | b'\r' | b' ')
}

fn starts_with_ignore_case(s: &[u8], prefix: &[u8]) -> bool {
    s.len() >= prefix.len() && s[..prefix.len()].eq_ignore_ascii_case(prefix)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(page: &[u8]) -> (&'static str, Source) {
        let d = decode(page);
        (d.encoding.name(), d.source)
    }

    #[test]
    fn declarations_in_the_forms_pages_use() {
        for (page, want) in [
            (&b"<meta charset=\"gb2312\"><p>x"[..], "GBK"),
            (b"<META CHARSET=GBK>", "GBK"),
            (b"<meta charset='utf-8'/>", "UTF-8"),
            // Word's HTML: unquoted http-equiv, content quoted
            (
                b"<html xmlns:o=\"urn:schemas-microsoft-com:office:office\">\r\n<head>\r\n<meta http-equiv=Content-Type content=\"text/html; charset=gb2312\">",
                "GBK",
            ),
            (
                b"<meta content='text/html;charset=\"big5\"' http-equiv='content-type'>",
                "Big5",
            ),
            (b"<meta charset=gb18030>", "gb18030"),
            (b"<meta charset=utf-16le>", "UTF-8"),
        ] {
            assert_eq!(enc(page), (want, Source::Meta), "{}", String::from_utf8_lossy(page));
        }
    }

    #[test]
    fn what_does_not_declare() {
        // content without http-equiv; a meta in a comment; a charset in an attribute value
        for page in [
            &b"<meta content=\"text/html; charset=big5\">"[..],
            b"<!-- <meta charset=big5> --><p>x",
            b"<div title='<meta charset=big5>'>x</div>",
            b"<meta name=charset content=big5>",
        ] {
            assert_eq!(
                enc(page),
                ("UTF-8", Source::ValidUtf8),
                "{}",
                String::from_utf8_lossy(page)
            );
        }
    }

    #[test]
    fn bom_first_then_utf8_then_gb18030() {
        assert_eq!(
            enc(b"\xEF\xBB\xBF<meta charset=gbk>x"),
            ("UTF-8", Source::Bom)
        );
        assert_eq!(enc(b"\xFF\xFEx\x00"), ("UTF-16LE", Source::Bom));
        assert_eq!(enc("<p>总计</p>".as_bytes()), ("UTF-8", Source::ValidUtf8));
        let (gbk, _, _) = GB18030.encode("<p>总计</p>");
        let d = decode(&gbk);
        assert_eq!((d.encoding.name(), d.source), ("gb18030", Source::Fallback));
        assert_eq!(d.text, "<p>总计</p>");
    }

    #[test]
    fn a_late_meta_counts_when_the_page_is_not_utf8() {
        let mut page = format!("<!-- {} -->", "x".repeat(2000)).into_bytes();
        page.extend_from_slice(b"<meta charset=big5>");
        let (big5, _, _) = encoding_rs::BIG5.encode("總計");
        page.extend_from_slice(&big5);
        let d = decode(&page);
        assert_eq!((d.encoding.name(), d.source), ("Big5", Source::Meta));
        assert!(d.text.ends_with("總計"));
    }

    #[test]
    fn invalid_bytes_are_replaced_counted_and_located() {
        let mut page = b"<meta charset=utf-8><td>1".to_vec();
        page.extend_from_slice(b"\xFF\xFE2");
        let d = decode(&page);
        assert_eq!(d.malformed, 2);
        assert_eq!(d.first_malformed, Some(25));
        assert!(d.text.ends_with("1\u{FFFD}\u{FFFD}2"), "{:?}", d.text);
        let mut gbk = b"<meta charset=gbk>".to_vec();
        gbk.extend_from_slice(b"ab\x81");
        let d = decode(&gbk);
        assert_eq!((d.malformed, d.first_malformed), (1, Some(20)));
    }
}
