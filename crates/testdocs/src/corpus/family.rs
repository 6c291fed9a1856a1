//! [`varied`]: a deterministic family of reports for benchmarks and batch tests, built
//! once per process for each of its [`VARIED_PERIOD`] distinct documents.

use super::clean_2021;
use crate::raw::{self, Package};

/// Report number `i` of a deterministic family for benchmarks and batch tests:
/// [`clean_2021`]'s figures times `1 + i % 7` (so every 勾稽 rule still holds), written
/// four ways in turn: docx-rs; raw XML; raw XML with table 三 split and captioned and
/// table 二 in four tables; Strict namespaces with an `ns0:` prefix in `word/main.xml`.
///
/// The bytes depend on `i % 28` only (7 scales × 4 writers), so each of the 28 is built
/// once per process and copied after: batch tests in the debug build write thousands of
/// these, and building them again each time was half of `make test`'s longest test.
pub fn varied(i: u64) -> Vec<u8> {
    static BUILT: [std::sync::OnceLock<Vec<u8>>; VARIED_PERIOD as usize] =
        [const { std::sync::OnceLock::new() }; VARIED_PERIOD as usize];
    BUILT[(i % VARIED_PERIOD) as usize]
        .get_or_init(|| build_varied(i % VARIED_PERIOD))
        .clone()
}

/// How many distinct documents [`varied`] makes: its scale repeats every 7, its writer
/// every 4.
pub const VARIED_PERIOD: u64 = 28;

fn build_varied(i: u64) -> Vec<u8> {
    let k = (1 + i % 7) as f64;
    let mut r = clean_2021();
    for v in r.values.values_mut() {
        if let Ok(n) = v.parse::<f64>() {
            *v = format!("{}", n * k);
        }
    }
    match i % 4 {
        0 => crate::docxrs::write(&r.doc()),
        1 => raw::write(&r.doc(), &Package::default()),
        2 => {
            r.layout.active_split = true;
            r.layout.caption = Some("表三：收到和处理政府信息公开申请情况".to_owned());
            r.layout.split_applications_before = Some("unable_not_held".to_owned());
            raw::write(&r.doc(), &Package::default())
        }
        _ => raw::write(
            &r.doc(),
            &Package {
                main_part: "word/main.xml".to_owned(),
                prefix: "ns0".to_owned(),
                strict: true,
                ..Package::default()
            },
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cache in [`varied`] is only sound while the bytes depend on `i % VARIED_PERIOD`
    /// alone: a later change to the family (a figure taken from `i` itself) fails here.
    #[test]
    fn varied_repeats_with_its_period() {
        for i in [0, 3, 6, 13, 27] {
            let fresh = build_varied(i + VARIED_PERIOD);
            assert_eq!(
                fresh,
                build_varied(i),
                "varied({i}) and varied({i} + period)"
            );
            assert_eq!(varied(i + 2 * VARIED_PERIOD), fresh);
        }
        assert_ne!(varied(0), varied(1));
    }
}
