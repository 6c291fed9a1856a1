//! What a character is to the extractor: blank (whitespace or an invisible format
//! character), a CJK ideograph, a word character, and the full-width forms NFKC narrows —
//! shared by the label keys ([`super::label`]) and the cell readings ([`super::cell`]).

use unicode_normalization::{IsNormalized, is_nfkc_quick};

/// Invisible format characters that Word, WPS and web pages leave in cell text.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF9}'..='\u{FFFB}'
    )
}

/// Whitespace (Unicode `White_Space`: NBSP, U+3000, …) or an invisible format character.
pub fn is_blank_char(c: char) -> bool {
    c.is_whitespace() || is_invisible(c)
}

/// The cell text with padding (whitespace and invisible characters) trimmed at both ends.
pub fn trim_cell(s: &str) -> &str {
    s.trim_matches(is_blank_char)
}

/// True when the text holds nothing visible.
pub fn is_blank(s: &str) -> bool {
    s.chars().all(is_blank_char)
}

/// CJK Unified Ideographs (U+4E00–U+9FFF): nearly every character of a report, each
/// in NFKC with combining class 0, and a letter.
fn is_cjk(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

/// A character as NFKC maps it when it is a full-width ASCII form (U+FF01–U+FF5E: `（`,
/// `１`, `：`) or the ideographic space (U+3000): the ASCII character, or a space. Every
/// other character is returned unchanged.
pub(super) fn narrow(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// Whether NFKC of `s` is `s` with [`narrow`] applied to each character, by the quick
/// check on the characters other than ASCII, CJK ideographs and those `narrow` maps.
/// Those are starters (combining class 0) whose NFKC is one starter, so: a `Yes` on the
/// rest means no character of `s` decomposes or composes with another beyond them
/// (the characters that might compose with the one before are `Maybe`), and leaving
/// starters out can turn a `Yes` into a `No`, never the other way. A `No` only costs
/// the full normalization. (perf: full-width brackets and digits sent most labels
/// through the full NFKC, which dominated label keying.)
pub(super) fn is_nfkc_narrowed(s: &str) -> bool {
    let others = s
        .chars()
        .filter(|&c| !(c.is_ascii() || is_cjk(c) || narrow(c) != c));
    is_nfkc_quick(others) == IsNormalized::Yes
}

/// A letter or digit, as `char::is_alphanumeric`, answered without its tables for
/// ASCII and CJK ideographs.
pub(super) fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        is_cjk(c) || c.is_alphanumeric()
    }
}
