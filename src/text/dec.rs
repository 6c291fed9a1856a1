//! [`Dec`], the exact decimal figures are read into and summed in: no float ever
//! touches a published figure.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use serde_json::Number;

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
    pub(super) fn from_digits(neg: bool, int: impl Iterator<Item = u8>, frac: &str) -> Option<Dec> {
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
