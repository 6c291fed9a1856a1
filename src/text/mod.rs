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

mod cell;
mod chars;
mod dec;
mod label;
#[cfg(test)]
mod tests;

pub use cell::{Reading, read_cell};
pub use chars::{is_blank, is_blank_char, is_invisible, trim_cell};
pub use dec::Dec;
pub use label::{fold, label_head_key, label_key, leading_number};
