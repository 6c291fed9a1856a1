//! Labels into the form they are compared in ([`label_key`], [`label_head_key`]), and
//! the section number a label opens with ([`leading_number`]); see the module doc of
//! [`crate::text`].

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;

use super::chars::{is_blank_char, is_nfkc_narrowed, is_word_char, narrow};

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

pub(super) fn fold_chars(chars: impl Iterator<Item = char>) -> impl Iterator<Item = char> {
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
/// `strip_numbering` recognizes numbering: a numeral followed by a separator, or in
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
