//! Text for a terminal: padding and invisible characters made visible, widths in
//! terminal columns (East Asian wide characters count two), and padding, cutting and
//! wrapping by those widths — Chinese has no spaces, so nothing here breaks at words.

use std::fmt::Write;

/// `text` after `first`, in lines of at most `width` columns, each next line indented
/// by `indent` spaces. Chinese has no spaces to break at: lines break at any character.
pub(super) fn wrap(out: &mut String, first: &str, text: &str, indent: usize, width: usize) {
    out.push_str(first);
    let mut w = display_width(first);
    let room = width.max(indent + 8);
    for c in text.chars() {
        let cw = char_width(c);
        if w + cw > room {
            out.push('\n');
            out.extend(std::iter::repeat_n(' ', indent));
            w = indent;
        }
        out.push(c);
        w += cw;
    }
    out.push('\n');
}

/// Text with padding and invisible characters made visible (see [`LEGEND`](super::LEGEND)).
pub fn visible(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\u{00A0}' => s.push('·'),
            '\u{3000}' => s.push('□'),
            ' ' => s.push('␣'),
            '\t' => s.push('→'),
            '\n' | '\r' => s.push('↵'),
            c if is_invisible(c) => {
                let _ = write!(s, "⟨U+{:04X}⟩", c as u32);
            }
            c => s.push(c),
        }
    }
    s
}

/// Format characters and other whitespace a reader cannot see (U+200B, U+FEFF, …).
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{2000}'..='\u{200A}' | '\u{202F}'
        | '\u{205F}' | '\u{3164}' | '\u{FFA0}')
        || (c.is_control() && c != '\n' && c != '\t')
}

/// Terminal columns of `s`: East Asian wide and full-width characters count 2.
pub fn display_width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

fn char_width(c: char) -> usize {
    let u = c as u32;
    let wide = matches!(u,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD);
    if wide { 2 } else { 1 }
}

pub(super) fn pad(s: &str, width: usize) -> String {
    let w = display_width(s);
    let mut out = s.to_owned();
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(w)));
    out
}

/// `s` cut to `width` columns with a trailing `…`.
pub(super) fn clip(s: &str, width: usize) -> String {
    if display_width(s) <= width {
        return s.to_owned();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = char_width(c);
        if w + cw + 1 > width {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    out
}
