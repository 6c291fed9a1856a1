//! Text into HTML safely: escaping (every string from a document — agency names, raw
//! cell text, sentences, messages, file names — goes through [`esc`]), padding made
//! visible, paths turned into relative, percent-encoded `href`s.

use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};

/// `s` escaped for HTML text and for attribute values in double or single quotes:
/// `& < > " '` become character references, so no document text can open a tag,
/// close an attribute or start an entity.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    esc_into(&mut out, s);
    out
}

pub fn esc_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// Raw cell text with its padding made visible, so `"0\u{a0}"` reads as `0⍽` on the
/// page: NBSP `⍽`, ideographic space U+3000 `□`, space `·`, tab `⇥`, line break `↵`,
/// and the invisible format characters SPEC §3 trims (U+200B …, U+FEFF) as
/// `‹U+200B›`. Not escaped: pass the result to [`esc`].
pub fn visible(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            '\u{a0}' => out.push('⍽'),
            '\u{3000}' => out.push('□'),
            ' ' => out.push('·'),
            '\t' => out.push('⇥'),
            '\n' | '\r' => out.push('↵'),
            '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{2064}' | '\u{feff}' | '\u{ad}' => {
                let _ = write!(out, "‹U+{:04X}›", c as u32);
            }
            c if c.is_whitespace() || c.is_control() => {
                let _ = write!(out, "‹U+{:04X}›", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// A `/`-separated relative path as an `href`: each byte outside the URL's unreserved
/// set percent-encoded (so `#`, `?`, `%`, spaces and Chinese names link to the file
/// they name), the separators kept.
pub fn href(rel: &str) -> String {
    let mut out = String::with_capacity(rel.len());
    for b in rel.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            b => {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    out
}

/// `../` repeated once per folder of `rel` (a `/`-separated path of a file), plus
/// `extra` more: from the file's folder back up to the folder `rel` is relative to.
pub fn up(rel: &str, extra: usize) -> String {
    "../".repeat(rel.matches('/').count() + extra)
}

/// The path from folder `from` to `to`, both made absolute and lexically normalized,
/// `/`-separated; `None` when they share no root (another drive) or a path is not
/// UTF-8.
pub fn relative(from: &Path, to: &Path) -> Option<String> {
    let from = normalize(&std::path::absolute(from).ok()?);
    let to = normalize(&std::path::absolute(to).ok()?);
    let (f, t): (Vec<_>, Vec<_>) = (from.components().collect(), to.components().collect());
    if f.first() != t.first() {
        return None;
    }
    let common = f.iter().zip(&t).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".into(); f.len() - common];
    for c in &t[common..] {
        parts.push(c.as_os_str().to_str()?.to_owned());
    }
    Some(parts.join("/"))
}

/// `a/b/../c` → `a/c` without touching the file system (a folder that is a link is
/// taken as named, as the user named it).
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}
