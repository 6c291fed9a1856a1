//! Whether a text holds one of a few bytes, eight bytes at a time: the test every JSON
//! string goes through before it is copied as is (most are), which a byte at a time
//! was most of `json_str`'s instructions. (CSV fields are mostly a few bytes, shorter
//! than a word: their test stays a byte at a time, which measured fewer instructions.)

const LO: u64 = u64::from_le_bytes([0x01; 8]);
const HI: u64 = u64::from_le_bytes([0x80; 8]);

/// Whether some byte of `x` is below `n` (`n` at most 0x80): the usual borrow trick,
/// exact for whether there is one (a borrow starts only at a byte below `n`).
fn has_below(x: u64, n: u8) -> bool {
    x.wrapping_sub(LO * u64::from(n)) & !x & HI != 0
}

/// Whether some byte of `x` is `b`.
fn has_byte(x: u64, b: u8) -> bool {
    has_below(x ^ (LO * u64::from(b)), 1)
}

/// Whether `bytes` holds a byte for which `is` holds, `chunk` telling the same of eight
/// bytes at once (a word of them, little-endian).
fn any(bytes: &[u8], chunk: impl Fn(u64) -> bool, is: impl Fn(u8) -> bool) -> bool {
    let (chunks, tail) = bytes.as_chunks::<8>();
    chunks.iter().any(|c| chunk(u64::from_le_bytes(*c))) || tail.iter().any(|&b| is(b))
}

/// Whether a JSON string of `bytes` needs an escape: a control character, `"` or `\`.
pub(super) fn needs_json_escape(bytes: &[u8]) -> bool {
    any(
        bytes,
        |x| has_below(x, 0x20) || has_byte(x, b'"') || has_byte(x, b'\\'),
        |b| b < 0x20 || b == b'"' || b == b'\\',
    )
}

#[cfg(test)]
mod tests {
    use super::needs_json_escape;

    /// Every byte value at every place of texts up to three words long, among ASCII
    /// letters or UTF-8 continuation bytes: the same answers as a byte at a time.
    #[test]
    fn eight_at_a_time_as_one_at_a_time() {
        let json = |s: &[u8]| s.iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\');
        for fill in [b'a', 0x80, 0xBF, 0xFF, 0x20, 0x7F] {
            for len in 0..26 {
                let mut s = vec![fill; len];
                assert_eq!(needs_json_escape(&s), json(&s), "{s:?}");
                for at in 0..len {
                    for b in 0..=255u8 {
                        s[at] = b;
                        assert_eq!(needs_json_escape(&s), json(&s), "{s:?}");
                    }
                    s[at] = fill;
                }
            }
        }
    }
}
