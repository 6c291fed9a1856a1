//! A value cell read as SPEC §3 describes ([`read_cell`]): blank, a placeholder, one
//! figure (with a unit or measure word, and a bracketed note) or text.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;

use super::chars::{
    is_blank_char, is_invisible, is_nfkc_narrowed, is_word_char, narrow, trim_cell,
};
use super::dec::Dec;

/// What a value cell holds (SPEC §3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reading {
    /// Nothing visible.
    Blank,
    /// `—` `——` `-` `－` `/` `无` …: read as 0.
    Placeholder,
    /// One figure, as written: with the unit or measure word typed after it (`元`,
    /// `件`), and whether a bracketed note followed (`22（其中修订16件）`).
    Number {
        value: Dec,
        unit: Option<&'static str>,
        note: bool,
    },
    /// Anything else (`见附件`, `N/A`, `约20`, `3/5`).
    Text,
}

impl Reading {
    /// A bare figure: no unit, no note.
    fn bare(value: Dec) -> Reading {
        Reading::Number {
            value,
            unit: None,
            note: false,
        }
    }
}

/// Units an amount may carry in its cell, longest first; `check` converts them to the
/// template's 万元.
const UNITS: [&str; 5] = ["亿元", "万元", "千元", "元", "万"];

/// Measure words a count may carry in its cell (`3件`, `12 项`, `5人次`): the words of
/// the things the tables count, the two-character ones before their first character.
const COUNT_UNITS: [&str; 14] = [
    "人次", "件次", "件", "个", "项", "条", "次", "人", "家", "宗", "份", "起", "例", "篇",
];

fn is_placeholder(s: &str) -> bool {
    if s == "无" || s.chars().all(|c| c == '/' || c == '\\') {
        return true;
    }
    s.chars().all(|c| {
        matches!(
            c,
            '-' | '\u{2010}'
                ..='\u{2015}'
                    | '\u{2212}'
                    | '\u{2500}'
                    | '\u{2501}'
                    | '\u{FE58}'
                    | '\u{FE63}'
                    | '\u{30FC}'
        )
    })
}

/// The closing bracket of an opening one a note is written in (after NFKC, so `（` is
/// already `(`).
fn closing_bracket(open: char) -> Option<char> {
    Some(match open {
        '(' => ')',
        '[' => ']',
        '【' => '】',
        '〔' => '〕',
        '﹝' => '﹞',
        _ => return None,
    })
}

/// The text inside a note `(…)` that makes up all of `s` (one bracket pair, opened at
/// the start and closed at the very end, nested pairs allowed).
fn bracketed(s: &str) -> Option<&str> {
    let open = s.chars().next()?;
    let close = closing_bracket(open)?;
    let inner = &s[open.len_utf8()..];
    let mut depth = 1usize;
    for (i, c) in inner.char_indices() {
        if c == open {
            depth += 1;
        } else if c == close {
            depth -= 1;
            if depth == 0 {
                return (i + c.len_utf8() == inner.len()).then(|| &inner[..i]);
            }
        }
    }
    None
}

/// Whether the text in a note's brackets says something besides figures and units:
/// `其中修订16件` is a note, `5件` or `3/5` is a second figure.
fn is_note_text(s: &str) -> bool {
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if let Some(u) = COUNT_UNITS
            .iter()
            .chain(&UNITS)
            .find(|u| rest.starts_with(**u))
        {
            rest = &rest[u.len()..];
            continue;
        }
        if is_word_char(c) && !c.is_ascii_digit() {
            return true;
        }
        rest = &rest[c.len_utf8()..];
    }
    false
}

/// Reads a value cell (SPEC §3). `allow_unit`: an amount column, where `251000元` reads
/// as 251000 with the unit `元` (the caller converts it); elsewhere a measure word after
/// the figure (`3件`, `2 项`) is read as the figure with the word in `unit`.
///
/// One figure with a note is, after trimming: one number as `parse_number` reads it,
/// at the start; then at most one unit (amounts) or measure word (counts); then at most
/// one bracketed note that ends the text and holds words besides figures and units
/// (`22（其中修订16件）`, `55（含自然失效29件）`, `3件`, `12 项`). Anything before the
/// figure (`约20`), a second figure (`3/5`, `3 5`, `3（5）`), text after it without
/// brackets (`20余`) is [`Reading::Text`]. In an amount column a note that is only a
/// unit (`96.8（万元）`) is the unit.
pub fn read_cell(raw: &str, allow_unit: bool) -> Reading {
    // Most value cells hold a bare figure (`0`, `12`): nothing to trim or normalize.
    if !raw.is_empty()
        && raw.bytes().all(|b| b.is_ascii_digit())
        && let Some(value) = Dec::from_digits(false, raw.bytes(), "")
    {
        return Reading::bare(value);
    }
    let trimmed = trim_cell(raw);
    let s: Cow<'_, str> = if !is_nfkc_narrowed(trimmed) {
        Cow::Owned(trimmed.nfkc().filter(|c| !is_invisible(*c)).collect())
    } else if trimmed.chars().any(|c| is_invisible(c) || narrow(c) != c) {
        let narrowed = trimmed.chars().map(narrow);
        Cow::Owned(narrowed.filter(|c| !is_invisible(*c)).collect())
    } else {
        Cow::Borrowed(trimmed)
    };
    let s = s.trim_matches(is_blank_char);
    if s.is_empty() {
        return Reading::Blank;
    }
    if is_placeholder(s) {
        return Reading::Placeholder;
    }
    let figure_len: usize = s
        .char_indices()
        .find(|(i, c)| {
            !(c.is_ascii_digit()
                || matches!(c, ',' | '.')
                || (*i == 0 && matches!(c, '-' | '+' | '\u{2212}')))
        })
        .map_or(s.len(), |(i, _)| i);
    let Some(value) = parse_number(&s[..figure_len]) else {
        return Reading::Text;
    };
    let mut rest = s[figure_len..].trim_start_matches(is_blank_char);
    let units: &[&'static str] = if allow_unit { &UNITS } else { &COUNT_UNITS };
    let mut unit = None;
    if let Some(u) = units.iter().find(|u| rest.starts_with(**u)) {
        rest = rest[u.len()..].trim_start_matches(is_blank_char);
        unit = Some(*u);
    }
    if rest.is_empty() {
        return Reading::Number {
            value,
            unit,
            note: false,
        };
    }
    let Some(inner) = bracketed(rest) else {
        return Reading::Text;
    };
    let inner = inner.trim_matches(is_blank_char);
    if allow_unit
        && unit.is_none()
        && let Some(u) = UNITS
            .iter()
            .find(|u| inner.trim_start_matches("单位:") == **u)
    {
        return Reading::Number {
            value,
            unit: Some(*u),
            note: false,
        };
    }
    if is_note_text(inner) {
        Reading::Number {
            value,
            unit,
            note: true,
        }
    } else {
        Reading::Text
    }
}

/// `1234`, `1,234`, `-3`, `0.5`, `24252.311082`: thousands separators only in groups of 3.
fn parse_number(s: &str) -> Option<Dec> {
    let (neg, body) = match s.strip_prefix(['-', '\u{2212}']) {
        Some(b) => (true, b),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let (int, frac) = match body.split_once('.') {
        Some((_, "")) => return None,
        Some((i, f)) => (i, f),
        None => (body, ""),
    };
    if int.is_empty() {
        return None;
    }
    if int.contains(',') {
        let mut groups = int.split(',');
        let first = groups.next().unwrap_or_default();
        if first.is_empty() || first.len() > 3 || !groups.all(|g| g.len() == 3) {
            return None;
        }
    }
    Dec::from_digits(neg, int.bytes().filter(|b| *b != b','), frac)
}
