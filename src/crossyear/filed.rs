//! Several reports of one agency and year: which of the earlier year's reports a later
//! report is compared with, the one filed most like it (its path with the years masked).

use super::YearSummary;

/// A report's path with every year in it (four digits, 1990–2099, not part of a longer
/// number) replaced by `#`: how reports of one agency are filed from year to year.
pub(super) fn filed_as(path: &str) -> String {
    let chars: Vec<char> = path.chars().collect();
    let digit = |c: char| {
        c.to_digit(10)
            .or_else(|| ('０'..='９').contains(&c).then(|| c as u32 - '０' as u32))
    };
    let mut out = String::with_capacity(path.len());
    let mut i = 0;
    while i < chars.len() {
        let run = chars[i..]
            .iter()
            .take_while(|c| digit(**c).is_some())
            .count();
        if run == 0 {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let value = chars[i..i + run].iter().fold(0u32, |v, c| {
            v.saturating_mul(10).saturating_add(digit(*c).unwrap_or(0))
        });
        if run == 4 && (1990..2100).contains(&value) {
            out.push('#');
        } else {
            out.extend(&chars[i..i + run]);
        }
        i += run;
    }
    out
}

/// The reports of one agency and year, to find the one filed most like another report
/// (see [`crate::crossyear`]): sorted by [`filed_as`], then input order.
pub(super) struct Filed<'a> {
    by_path: Vec<(String, usize, &'a YearSummary)>,
}

impl<'a> Filed<'a> {
    pub(super) fn new(reports: &[(usize, &'a YearSummary)]) -> Self {
        let mut by_path: Vec<_> = reports
            .iter()
            .map(|(i, r)| (filed_as(&r.source), *i, *r))
            .collect();
        by_path.sort_unstable_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
        Filed { by_path }
    }

    /// The report filed most like `path`: the same masked path (the first in input order),
    /// else the longer common beginning of the two neighbours in sorted order (the
    /// longest any report shares), the earlier in input order on a tie.
    pub(super) fn nearest(&self, path: &str) -> Option<&'a YearSummary> {
        let want = filed_as(path);
        let at = self
            .by_path
            .partition_point(|(p, _, _)| p.as_str() < want.as_str());
        let common = |p: &str| {
            p.chars()
                .zip(want.chars())
                .take_while(|(a, b)| a == b)
                .count()
        };
        let after = self.by_path.get(at);
        if let Some((p, _, r)) = after
            && *p == want
        {
            return Some(r);
        }
        let before = at.checked_sub(1).and_then(|i| self.by_path.get(i));
        match (before, after) {
            (Some(b), Some(a)) => {
                let (cb, ca) = (common(&b.0), common(&a.0));
                let b_first = cb > ca || (cb == ca && b.1 < a.1);
                Some(if b_first { b.2 } else { a.2 })
            }
            (Some(one), None) | (None, Some(one)) => Some(one.2),
            (None, None) => None,
        }
    }
}
