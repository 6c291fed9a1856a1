//! A figure as a report writes it: ASCII digits (`1,234`) or Chinese numerals, positional
//! (一百零五) or digit by digit (一〇五), read exactly or not at all.

/// A figure as written: ASCII digits (`1,234`) or Chinese numerals (十二, 一百零五, 两,
/// 一〇五). `None` for what is no well-formed number.
pub fn figure(s: &str) -> Option<u64> {
    if s.bytes().all(|b| b.is_ascii_digit() || b == b',') {
        return s.replace(',', "").parse().ok();
    }
    chinese(s)
}

fn digit(c: char) -> Option<u64> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// Chinese numerals: positional (一百零五) or digit by digit (一〇五).
pub(super) fn chinese(s: &str) -> Option<u64> {
    if !s.contains(['十', '百', '千', '万']) {
        // 一〇五: digits in a row; one digit alone (三) too.
        return s
            .chars()
            .try_fold(0u64, |acc, c| acc.checked_mul(10)?.checked_add(digit(c)?));
    }
    let (mut total, mut section, mut pending) = (0u64, 0u64, None::<u64>);
    let mut last_unit = u64::MAX;
    for c in s.chars() {
        let unit = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            '万' => {
                let n = section + pending.take().unwrap_or(0);
                if n == 0 || total > 0 {
                    return None;
                }
                total = n * 10_000;
                section = 0;
                last_unit = u64::MAX;
                continue;
            }
            // 一百零五: 零 marks a skipped place.
            '零' | '〇' if pending.is_none() => continue,
            _ => {
                if pending.is_some() {
                    return None;
                }
                pending = Some(digit(c)?);
                continue;
            }
        };
        if unit >= last_unit {
            return None;
        }
        last_unit = unit;
        // 十二: a leading bare 十 is one ten; any other bare unit (百十) is no number.
        let d = match pending.take() {
            Some(d) => d,
            None if unit == 10 && section == 0 && total == 0 => 1,
            None => return None,
        };
        if d == 0 {
            return None;
        }
        section += d * unit;
    }
    // The last digit is the units (一百零五, 十二).
    Some(total + section + pending.unwrap_or(0))
}
