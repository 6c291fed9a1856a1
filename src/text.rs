//! text: normalizing labels and reading numbers — the two ways the extractor looks at a
//! cell's text.
//!
//! * [`label_key`] turns a row or column label into the form labels are compared in:
//!   NFKC (full-width ASCII → ASCII), every whitespace character (NBSP, U+3000, line
//!   breaks) and invisible format character (U+200B, U+FEFF, U+00AD …) removed, leading
//!   section numbering (`1.` `1、` `（1）` `(一)` `一、`) removed, then every
//!   character that is not a letter or digit (ASCII and CJK punctuation, curly and
//!   straight quotes) removed. `3.危及“三安全一稳定”` and `（3）危及"三安全一稳定"`
//!   both become `危及三安全一稳定`.
//! * [`read_cell`] reads a value cell as SPEC §3 describes: blank, a placeholder, a
//!   number (full-width digits, thousands separators, a unit where one is allowed) or text.
//! * [`Dec`] is the exact decimal the sums are computed in: published figures keep every
//!   digit they were written with (`73802895.90`), so no float ever touches them.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use serde_json::Number;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

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
fn narrow(c: char) -> char {
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
fn is_nfkc_narrowed(s: &str) -> bool {
    let others = s
        .chars()
        .filter(|&c| !(c.is_ascii() || is_cjk(c) || narrow(c) != c));
    is_nfkc_quick(others) == IsNormalized::Yes
}

/// NFKC with all whitespace and invisible characters removed and quotes folded to `"`/`'`:
/// the text as it is compared, before numbering and punctuation are dropped.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    if is_nfkc_narrowed(s) {
        out.extend(fold_chars(s.chars().map(narrow)));
    } else {
        out.extend(fold_chars(s.nfkc()));
    }
    out
}

fn fold_chars(chars: impl Iterator<Item = char>) -> impl Iterator<Item = char> {
    chars.filter(|c| !is_blank_char(*c)).map(|c| match c {
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{300C}' | '\u{300D}'
        | '\u{300E}' | '\u{300F}' | '\u{FF02}' => '"',
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' => '\'',
        '\u{3001}' | '\u{FF64}' => '、',
        '\u{FF0E}' | '\u{3002}' => '.',
        other => other,
    })
}

/// A digit of section numbering: ASCII or a Chinese numeral.
fn is_numeral(c: char) -> bool {
    matches!(
        c,
        '0'..='9'
            | '一'
            | '二'
            | '三'
            | '四'
            | '五'
            | '六'
            | '七'
            | '八'
            | '九'
            | '十'
            | '〇'
            | '零'
            | '百'
    )
}

/// A letter or digit, as `char::is_alphanumeric`, answered without its tables for
/// ASCII and CJK ideographs.
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        is_cjk(c) || c.is_alphanumeric()
    }
}

/// Strips one or more leading section numbers from folded text: `1.` `1、` `(1)` `(一)`
/// `一、` `1)` — but never a numeral that is part of the label itself
/// (`三安全一稳定`, `三类内部事务`): a bare numeral is only numbering when a separator
/// follows it.
fn strip_numbering(mut s: &str) -> &str {
    loop {
        let before = s;
        // (1) (一) [1] 【一】
        if let Some(rest) = s.strip_prefix(['(', '[', '【', '〔']) {
            let n: usize = rest
                .chars()
                .take_while(|c| is_numeral(*c))
                .map(char::len_utf8)
                .sum();
            if n > 0
                && let Some(after) = rest[n..].strip_prefix([')', ']', '】', '〕'])
            {
                s = after.trim_start_matches(['、', '.', ':', ',']);
            }
        } else {
            let body = s;
            let n: usize = body
                .chars()
                .take_while(|c| is_numeral(*c))
                .map(char::len_utf8)
                .sum();
            if n > 0 {
                let after = &body[n..];
                if let Some(a) = after.strip_prefix(['、', '.', ')', ':', ',', '．']) {
                    s = a;
                }
            }
        }
        if s.len() == before.len() {
            return s;
        }
    }
}

/// The section number a label opens with (`2.` `2、` `（2）` `(二)` `二、`), as
/// [`strip_numbering`] recognizes numbering: a numeral followed by a separator, or in
/// brackets. `None` for an unnumbered label or a numeral that is part of the label.
pub fn leading_number(s: &str) -> Option<u32> {
    let f = fold(s);
    let (body, bracketed) = match f.strip_prefix(['(', '[', '【', '〔']) {
        Some(r) => (r, true),
        None => (f.as_str(), false),
    };
    let n: usize = body
        .chars()
        .take_while(|c| is_numeral(*c))
        .map(char::len_utf8)
        .sum();
    let after = &body[n..];
    let separated = if bracketed {
        after.starts_with([')', ']', '】', '〕'])
    } else {
        after.starts_with(['、', '.', ')', ':', ',', '．'])
    };
    if n == 0 || !separated {
        return None;
    }
    numeral_value(&body[..n])
}

/// `12` → 12, `七` → 7, `十` → 10, `十二` → 12, `二十` → 20.
fn numeral_value(s: &str) -> Option<u32> {
    if s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse().ok();
    }
    let digit = |c: char| {
        "〇一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|p| p as u32)
    };
    let cs: Vec<char> = s.chars().collect();
    match cs.as_slice() {
        [c] if *c == '十' => Some(10),
        [c] => digit(*c),
        ['十', u] => Some(10 + digit(*u)?),
        [t, '十'] => Some(10 * digit(*t)?),
        [t, '十', u] => Some(10 * digit(*t)? + digit(*u)?),
        _ => None,
    }
}

/// The comparison form of a label (see the module doc).
pub fn label_key(s: &str) -> String {
    let folded = fold(s);
    alnum(strip_numbering(&folded))
}

/// Letters and digits only, with the variant character 其它 folded to 其他 (both are
/// written for "other": 其它处理, 法人或其它组织, 3.其它).
fn alnum(s: &str) -> String {
    let out: String = s.chars().filter(|c| is_word_char(*c)).collect();
    if out.contains("其它") {
        out.replace("其它", "其他")
    } else {
        out
    }
}

/// The comparison form of a table label without the notes written in brackets after
/// its head: `规章（设区的市、自治州人民政府应提供相关数据）` → `规章`,
/// `现行有效件数（历史累计）` → `现行有效件数`,
/// `其他主动公开文件（含…除规范性文件以外的主动公开文件…）` → `其他主动公开文件` — a
/// note must not lend its words to the label (拖市镇 2020 wrote that last row in its
/// table 二, and its note's 规范性文件 made it a second 规范性文件 row). Numbering is
/// stripped first (`（一）予以公开`); a label that is all note
/// (`（本列数据的勾稽关系为：…）`) keeps its whole text; an unclosed bracket runs to
/// the end.
pub fn label_head_key(s: &str) -> Cow<'_, str> {
    // Most cells of a report hold a bare figure (`0`, `12`): that is its own comparison
    // form, borrowed; with padding (`\u{a0}12`) the digits alone, without the NFKC pass
    // (perf: label keys were a tenth of a batch).
    if s.bytes().all(|b| b.is_ascii_digit()) {
        return Cow::Borrowed(s);
    }
    if s.chars().all(|c| c.is_ascii_digit() || is_blank_char(c)) {
        return Cow::Owned(s.chars().filter(char::is_ascii_digit).collect());
    }
    // A batch meets the template's labels in every report: each thread keeps the keys
    // it made (a pure function of the text) for texts of label length, up to a number
    // past which it starts over, so the cache stays under a few MiB whatever the input.
    thread_local! {
        static KEYS: std::cell::RefCell<rustc_hash::FxHashMap<Box<str>, Box<str>>> =
            Default::default();
    }
    const KEYS_MAX: usize = 4096;
    const KEY_TEXT_MAX: usize = 512;
    if s.len() > KEY_TEXT_MAX {
        return Cow::Owned(label_head_key_of(s));
    }
    if let Some(k) = KEYS.with(|m| m.borrow().get(s).map(|k| String::from(&**k))) {
        return Cow::Owned(k);
    }
    let key = label_head_key_of(s);
    KEYS.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() >= KEYS_MAX {
            m.clear();
        }
        m.insert(s.into(), key.as_str().into());
    });
    Cow::Owned(key)
}

fn label_head_key_of(s: &str) -> String {
    let folded = fold(s);
    let body = strip_numbering(&folded);
    // The head's letters and digits, as `alnum` keeps them, in one pass.
    let mut head = String::with_capacity(body.len());
    let mut depth = 0usize;
    for c in body.chars() {
        match c {
            '(' | '[' | '【' | '〔' | '﹝' => depth += 1,
            ')' | ']' | '】' | '〕' | '﹞' => depth = depth.saturating_sub(1),
            _ if depth == 0 && is_word_char(c) => head.push(c),
            _ => {}
        }
    }
    if head.is_empty() {
        alnum(body)
    } else if head.contains("其它") {
        head.replace("其它", "其他")
    } else {
        head
    }
}

/// An exact decimal: `mant × 10^-scale`. The scale is the number of fraction digits the
/// figure was written with, so `73802895.90` prints back as `73802895.90`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Dec {
    pub mant: i128,
    pub scale: u32,
}

impl Dec {
    pub const ZERO: Dec = Dec { mant: 0, scale: 0 };

    /// Parses `-?digits(.digits)?` (ASCII only, no separators).
    pub fn parse(s: &str) -> Option<Dec> {
        let (neg, body) = match s.strip_prefix('-') {
            Some(b) => (true, b),
            None => (false, s.strip_prefix('+').unwrap_or(s)),
        };
        let (int, frac) = match body.split_once('.') {
            Some((_, "")) => return None,
            Some((i, f)) => (i, f),
            None if body.is_empty() => return None,
            None => (body, ""),
        };
        Dec::from_digits(neg, int.bytes(), frac)
    }

    /// The decimal `±int.frac` from its ASCII digits (leading zeros allowed), without a
    /// string built for it: `None` when a byte is not a digit or past the bounds below.
    fn from_digits(neg: bool, int: impl Iterator<Item = u8>, frac: &str) -> Option<Dec> {
        // Bounded so that any sum of a report's figures, rescaled to a common number of
        // fraction digits, stays far inside i128: 20 digits, 15 after the point.
        const DIGITS: usize = 20;
        const SCALE: usize = 15;
        if frac.len() > SCALE {
            return None;
        }
        let mut mant: i128 = 0;
        let mut significant = 0usize;
        for b in int {
            if !b.is_ascii_digit() {
                return None;
            }
            if significant == 0 && b == b'0' {
                continue;
            }
            significant += 1;
            if significant > DIGITS {
                return None;
            }
            mant = mant * 10 + i128::from(b - b'0');
        }
        if significant + frac.len() > DIGITS {
            return None;
        }
        for b in frac.bytes() {
            if !b.is_ascii_digit() {
                return None;
            }
            mant = mant * 10 + i128::from(b - b'0');
        }
        Some(Dec {
            mant: if neg { -mant } else { mant },
            scale: frac.len() as u32,
        })
    }

    fn rescale(self, scale: u32) -> i128 {
        self.mant * 10i128.pow(scale - self.scale)
    }

    pub fn plus(self, o: Dec) -> Dec {
        let scale = self.scale.max(o.scale);
        Dec {
            mant: self.rescale(scale) + o.rescale(scale),
            scale,
        }
    }

    pub fn minus(self, o: Dec) -> Dec {
        let scale = self.scale.max(o.scale);
        Dec {
            mant: self.rescale(scale) - o.rescale(scale),
            scale,
        }
    }

    /// The same amount × 10^`exp` (a unit conversion: 元 → 万元 is `-4`), written with
    /// no trailing fraction zeros (`251000` → `25.1`, `73802895.90` → `7380.28959`);
    /// `None` past the bounds figures are read within (20 digits, 15 decimals).
    pub fn times_pow10(self, exp: i32) -> Option<Dec> {
        let mut d = self;
        if exp >= 0 {
            d.mant = d
                .mant
                .checked_mul(10i128.checked_pow(exp.unsigned_abs())?)?;
        } else {
            d.scale = d.scale.checked_add(exp.unsigned_abs())?;
        }
        while d.scale > 0 && d.mant % 10 == 0 {
            d.mant /= 10;
            d.scale -= 1;
        }
        let digits = d.mant.unsigned_abs().checked_ilog10().map_or(1, |n| n + 1);
        (d.scale <= 15 && digits <= 20).then_some(d)
    }

    pub fn is_negative(self) -> bool {
        self.mant < 0
    }

    /// True when the fraction digits are all zero (`3`, `3.00`).
    pub fn is_integral(self) -> bool {
        self.mant % 10i128.pow(self.scale) == 0
    }

    /// Numeric comparison, ignoring how many fraction digits were written.
    pub fn same_value(self, o: Dec) -> bool {
        self.cmp_value(o) == Ordering::Equal
    }

    pub fn cmp_value(self, o: Dec) -> Ordering {
        let scale = self.scale.max(o.scale);
        self.rescale(scale).cmp(&o.rescale(scale))
    }

    /// As a JSON number, digits as written.
    pub fn to_number(self) -> Number {
        // A whole number (nearly every figure) formats straight into the Number.
        if self.scale == 0
            && let Ok(n) = i64::try_from(self.mant)
        {
            return Number::from(n);
        }
        Number::from_str(&self.to_string()).expect("a decimal literal is a JSON number")
    }

    /// From a JSON number (as this crate writes them).
    pub fn from_number(n: &Number) -> Option<Dec> {
        Dec::parse(&n.to_string())
    }
}

impl fmt::Display for Dec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let neg = self.mant < 0;
        let digits = self.mant.unsigned_abs().to_string();
        let scale = self.scale as usize;
        let digits = if digits.len() <= scale {
            format!("{}{digits}", "0".repeat(scale + 1 - digits.len()))
        } else {
            digits
        };
        let (int, frac) = digits.split_at(digits.len() - scale);
        if neg {
            f.write_str("-")?;
        }
        f.write_str(int)?;
        if scale > 0 {
            write!(f, ".{frac}")?;
        }
        Ok(())
    }
}

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
/// One figure with a note is, after trimming: one number as [`parse_number`] reads it,
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

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    /// The narrowed fast path of `fold` and `read_cell` against full NFKC, on strings
    /// mixing what reports hold (CJK, ASCII, full-width forms, U+3000) with what must
    /// take the full path (combining marks after narrowed letters, half-width katakana
    /// and its sound marks, compatibility ideographs, ligatures, circled digits).
    #[test]
    fn narrowed_fast_path_is_nfkc() {
        let pool: Vec<char> = "A1 （）１２３：，。、“”「」一二十规章其它\u{3000}\u{a0}\u{200b}\u{301}\u{308}\u{ff76}\u{ff9e}\u{f900}\u{fb01}\u{2460}\u{ff21}\u{ff41}\u{ff5e}\u{ff5f}\u{ff0e}\u{ff02}\u{1100}\u{1161}e"
            .chars()
            .collect();
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..5000 {
            let mut text = String::new();
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            for _ in 0..(seed >> 60) {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                text.push(pool[(seed >> 33) as usize % pool.len()]);
            }
            let reference: String = fold_chars(text.nfkc()).collect();
            assert_eq!(fold(&text), reference, "{text:?}");
            let trimmed = trim_cell(&text);
            let full: String = trimmed.nfkc().filter(|c| !is_invisible(*c)).collect();
            let want = read_cell(&full, true);
            assert_eq!(read_cell(&text, true), want, "{text:?}");
        }
    }

    #[test]
    fn label_keys() {
        let cases = [
            ("1.属于国家秘密", "属于国家秘密"),
            ("1、属于国家秘密", "属于国家秘密"),
            ("（1）属于国家秘密", "属于国家秘密"),
            ("(一)予以公开", "予以公开"),
            ("（一）予以公开", "予以公开"),
            (
                "一、本年新收政府信息公开申请数量",
                "本年新收政府信息公开申请数量",
            ),
            ("3.危及“三安全一稳定”", "危及三安全一稳定"),
            ("3.危及\"三安全一稳定\"", "危及三安全一稳定"),
            ("5.属于三类内部事务信息", "属于三类内部事务信息"),
            ("商业\n企业", "商业企业"),
            ("\u{a0}自然人\u{3000}", "自然人"),
            ("本年增/减", "本年增减"),
            ("第二十条第（一）项", "第二十条第一项"),
            ("三安全", "三安全"),
            ("3.其他", "其他"),
            ("（七）总计", "总计"),
            ("四、结转下年度继续办理", "结转下年度继续办理"),
            ("５．重复申请", "重复申请"),
            ("规\u{200b}章", "规章"),
            ("（六）其它处理", "其他处理"),
            ("法人或其它组织", "法人或其他组织"),
        ];
        for (input, want) in cases {
            assert_eq!(label_key(input), want, "{input:?}");
        }
    }

    #[test]
    fn leading_numbers() {
        let cases = [
            ("2.其他法律行政止公开", Some(2)),
            ("2、其他", Some(2)),
            ("（2）其他", Some(2)),
            ("(二)其他", Some(2)),
            ("十二、其他", Some(12)),
            ("２．重复申请", Some(2)),
            ("三安全一稳定", None),
            ("属于国家秘密", None),
            ("3其他", None),
        ];
        for (input, want) in cases {
            assert_eq!(leading_number(input), want, "{input:?}");
        }
    }

    #[test]
    fn label_heads_drop_bracketed_notes() {
        let cases = [
            ("规章（设区的市、自治州人民政府应提供相关数据）", "规章"),
            ("规章(县级无此项)", "规章"),
            ("现行有效件数 (历史累计)", "现行有效件数"),
            (
                "其他主动公开文件（含以本单位名义签发的、除规范性文件以外的主动公开文件）",
                "其他主动公开文件",
            ),
            (
                "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
                "部分公开",
            ),
            ("本年收费金额（单位：万元）", "本年收费金额"),
            (
                "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
                "本列数据的勾稽关系为第一项加第二项之和等于第三项加第四项之和",
            ),
            ("（一）予以公开", "予以公开"),
            ("3.危及“三安全一稳定”", "危及三安全一稳定"),
            ("规范性文件（未闭合", "规范性文件"),
            ("3.其它", "其他"),
        ];
        // Twice: made, then from the thread's cache.
        for _ in 0..2 {
            for (input, want) in cases {
                assert_eq!(label_head_key(input), want, "{input:?}");
            }
        }
        // A text too long to keep is keyed all the same.
        let long = format!("（一）{}（注）", "规章".repeat(200));
        assert_eq!(label_head_key(&long), "规章".repeat(200));
    }

    fn num(s: &str, unit: Option<&'static str>) -> Reading {
        Reading::Number {
            value: Dec::parse(s).expect("test data"),
            unit,
            note: false,
        }
    }

    fn noted(s: &str, unit: Option<&'static str>) -> Reading {
        Reading::Number {
            value: Dec::parse(s).expect("test data"),
            unit,
            note: true,
        }
    }

    #[test]
    fn cells() {
        let cases = [
            ("0", false, num("0", None)),
            ("\u{a0}0", false, num("0", None)),
            ("0\u{a0}", false, num("0", None)),
            ("\u{3000}12\u{3000}", false, num("12", None)),
            ("\u{200b}7\u{feff}", false, num("7", None)),
            ("１２", false, num("12", None)),
            ("1,234", false, num("1234", None)),
            ("1，234", false, num("1234", None)),
            ("12,34", false, Reading::Text),
            ("-3", false, num("-3", None)),
            ("0.5", false, num("0.5", None)),
            ("007", false, num("7", None)),
            ("", false, Reading::Blank),
            ("\u{a0}", false, Reading::Blank),
            ("\u{3000}\n", false, Reading::Blank),
            ("—", false, Reading::Placeholder),
            ("——", false, Reading::Placeholder),
            ("-", false, Reading::Placeholder),
            ("－", false, Reading::Placeholder),
            ("/", false, Reading::Placeholder),
            ("／", false, Reading::Placeholder),
            ("无", false, Reading::Placeholder),
            ("见附件", false, Reading::Text),
            ("N/A", false, Reading::Text),
            ("251000元", false, Reading::Text),
            ("251000元", true, num("251000", Some("元"))),
            ("73802895.90元", true, num("73802895.90", Some("元"))),
            ("24252.311082", true, num("24252.311082", None)),
            ("12.5万元", true, num("12.5", Some("万元"))),
            // counts with a measure word: the number, the word kept as the unit
            ("3件", false, num("3", Some("件"))),
            ("12\u{a0}项", false, num("12", Some("项"))),
            ("０个", false, num("0", Some("个"))),
            ("5人次", false, num("5", Some("人次"))),
            ("+21", false, num("21", None)),
            ("件", false, Reading::Text),
            ("3件", true, Reading::Text),
            ("5元", false, Reading::Text),
            ("12件次", false, num("12", Some("件次"))),
            // one figure with a note (SPEC §3)
            ("22（其中修订16件）", false, noted("22", None)),
            ("55（含自然失效29件）", false, noted("55", None)),
            ("55 (含自然失效29件)", false, noted("55", None)),
            ("3件（其中2件已办结）", false, noted("3", Some("件"))),
            ("4【含转办】", false, noted("4", None)),
            ("0（无）", false, noted("0", None)),
            ("12（其中（一）项5件）", false, noted("12", None)),
            ("25.1（含追加）", true, noted("25.1", None)),
            ("96.8（万元）", true, num("96.8", Some("万元"))),
            ("251000（元）", true, num("251000", Some("元"))),
            ("251000（单位：元）", true, num("251000", Some("元"))),
            // still text: something before the figure, a second figure, a note that is
            // only figures, text after without brackets, an unclosed or early-closed note
            ("约20", false, Reading::Text),
            ("3/5", false, Reading::Text),
            ("3 5", false, Reading::Text),
            ("3、5", false, Reading::Text),
            ("3（5）", false, Reading::Text),
            ("3（5件）", false, Reading::Text),
            ("20余", false, Reading::Text),
            ("20多件", false, Reading::Text),
            ("22（其中修订16件", false, Reading::Text),
            ("22（其中）修订", false, Reading::Text),
            ("22（其中）（另）", false, Reading::Text),
            ("3件5件", false, Reading::Text),
            ("（其中修订16件）22", false, Reading::Text),
            ("3.", false, Reading::Text),
            ("96.8（万元）", false, Reading::Text),
        ];
        for (input, unit, want) in cases {
            assert_eq!(read_cell(input, unit), want, "{input:?}");
        }
    }

    #[test]
    fn decimals_keep_digits() {
        for s in ["73802895.90", "24252.311082", "0.05", "-3", "0", "100"] {
            let d = Dec::parse(s).expect("test data");
            assert_eq!(d.to_string(), s);
            assert_eq!(serde_json::to_string(&d.to_number()).expect("test data"), s);
        }
        let a = Dec::parse("1.5").expect("test data");
        let b = Dec::parse("2.25").expect("test data");
        assert_eq!(a.plus(b).to_string(), "3.75");
        assert_eq!(a.minus(b).to_string(), "-0.75");
        assert!(
            Dec::parse("3.00")
                .expect("test data")
                .same_value(Dec::parse("3").expect("test data"))
        );
        assert!(Dec::parse("3.00").expect("test data").is_integral());
        assert!(!Dec::parse("3.01").expect("test data").is_integral());
        let conv = |s: &str, e: i32| {
            Dec::parse(s)
                .expect("test data")
                .times_pow10(e)
                .map(|d| d.to_string())
        };
        assert_eq!(conv("251000", -4).as_deref(), Some("25.1"));
        assert_eq!(conv("73802895.90", -4).as_deref(), Some("7380.28959"));
        assert_eq!(conv("1.5", 4).as_deref(), Some("15000"));
        assert_eq!(conv("0", -4).as_deref(), Some("0"));
        assert_eq!(conv("5", -4).as_deref(), Some("0.0005"));
        assert_eq!(conv("12000", -1).as_deref(), Some("1200"));
        assert_eq!(conv("0.123456789012345", -4), None);
        assert_eq!(conv("12345678901234567890", 4), None);
        assert_eq!(Dec::parse("123456789012345678901"), None);
        assert_eq!(Dec::parse("0.1234567890123456"), None);
        assert_eq!(read_cell("123456789012345678901", false), Reading::Text);
    }
}
