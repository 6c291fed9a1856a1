//! batch digests: what is kept of each report for the checks across reports, and those
//! checks run over the whole batch.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::Number;

use crate::crossyear::{BatchAnomaly, YearSummary, crossyear_each};
use crate::report::{Report, Template};
use crate::text::label_key;

/// The cells `ReportDigest::values` keeps, `table.row.col`: what the cross-year checks
/// compare (`carried_forward` of year Y against `carried_over` of Y+1; `in_force` against
/// the previous year's plus `issued` − `repealed`).
pub const DIGEST_CELLS: &[&str] = &[
    "applications.carried_over.natural_person",
    "applications.carried_over.commercial",
    "applications.carried_over.research",
    "applications.carried_over.social_welfare",
    "applications.carried_over.legal_service",
    "applications.carried_over.other_org",
    "applications.carried_over.total",
    "applications.carried_forward.natural_person",
    "applications.carried_forward.commercial",
    "applications.carried_forward.research",
    "applications.carried_forward.social_welfare",
    "applications.carried_forward.legal_service",
    "applications.carried_forward.other_org",
    "applications.carried_forward.total",
    "active_disclosure.rules.issued",
    "active_disclosure.rules.repealed",
    "active_disclosure.rules.in_force",
    "active_disclosure.normative_docs.issued",
    "active_disclosure.normative_docs.repealed",
    "active_disclosure.normative_docs.in_force",
];

/// What the batch keeps of each ok report after its outputs are written: enough for the
/// checks that compare reports (cross-year), small enough to keep for 100,000 files —
/// three allocations, about 200 bytes a report.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportDigest {
    /// `source.path`.
    pub path: Box<str>,
    pub agency: Option<Box<str>>,
    pub year: Option<i32>,
    pub template: Option<Template>,
    /// The values of [`DIGEST_CELLS`] as written in the JSON, `,`-separated in that
    /// order, empty for null or absent: one small string rather than twenty numbers.
    values: Box<str>,
}

impl ReportDigest {
    pub fn of(report: &Report) -> ReportDigest {
        let mut values = String::with_capacity(64);
        for (i, key) in DIGEST_CELLS.iter().enumerate() {
            if i > 0 {
                values.push(',');
            }
            let mut k = key.splitn(3, '.');
            let n = (|| {
                let (t, r, c) = (k.next()?, k.next()?, k.next()?);
                report.value(t, r, c)
            })();
            if let Some(n) = n {
                // The number's text as published (`arbitrary_precision`), not re-formatted.
                values.push_str(n.as_str());
            }
        }
        ReportDigest {
            path: report.source.path.as_str().into(),
            agency: report.report.agency.as_deref().map(Into::into),
            year: report.report.year,
            template: report.template,
            values: values.into(),
        }
    }

    /// The value of one of [`DIGEST_CELLS`] (`table.row.col`); `None` when null, absent
    /// or not a digest cell.
    pub fn value(&self, key: &str) -> Option<Number> {
        value_in(&self.values, key)
    }
}

/// The digests of a batch, as the batch keeps them to the end: per report its input's
/// index (the path is the input's), an agency number, year, template, and where its
/// values are in one shared text — 24 bytes and its values' text, no allocation of its
/// own; each agency's name once (a batch's reports are a few per agency: one a year).
/// A [`ReportDigest`] held per report was ~200 bytes in three allocations: 20 MB of the
/// peak at 100,000 files.
#[derive(Debug, Default)]
pub struct Digests {
    kept: Vec<Kept>,
    /// Every kept report's values, one after the other.
    values: String,
    /// Agency name → its number, the index in `names`.
    numbers: HashMap<Box<str>, u32>,
    names: Vec<Box<str>>,
}

#[derive(Debug)]
struct Kept {
    input: u32,
    /// Index in `Digests::names`; `u32::MAX` for none.
    agency: u32,
    year: Option<i32>,
    template: Option<Template>,
    /// `values[start..end]`.
    start: u32,
    end: u32,
}

impl Digests {
    /// Keep `d`, the digest of input `input` (whose path is `d.path`: the batch names it
    /// by its input's index only, and gives the paths back to [`Digests::check`]).
    pub fn push(&mut self, input: usize, d: &ReportDigest) {
        let agency = match d.agency.as_deref() {
            None => u32::MAX,
            Some(a) => match self.numbers.get(a) {
                Some(&n) => n,
                None => {
                    let n = self.names.len() as u32;
                    self.names.push(a.into());
                    self.numbers.insert(a.into(), n);
                    n
                }
            },
        };
        let start = self.values.len() as u32;
        self.values.push_str(&d.values);
        self.kept.push(Kept {
            input: input as u32,
            agency,
            year: d.year,
            template: d.template,
            start,
            end: self.values.len() as u32,
        });
    }

    pub fn len(&self) -> usize {
        self.kept.len()
    }

    pub fn is_empty(&self) -> bool {
        self.kept.is_empty()
    }

    fn agency(&self, k: &Kept) -> Option<&str> {
        self.names.get(k.agency as usize).map(|a| &**a)
    }

    /// [`batch_anomalies`] over the kept digests; `path(i)` is input `i`'s path.
    pub fn check<'p>(self, path: impl Fn(usize) -> &'p str, found: &mut dyn FnMut(BatchAnomaly)) {
        let keys = crate::crossyear::agency_keys(self.names.iter().map(|a| &**a));
        // Each agency number's key, computed once.
        let key_of: Vec<Option<&str>> = self
            .names
            .iter()
            .map(|a| keys.get(&label_key(a)).map(String::as_str))
            .collect();
        let mut groups: BTreeMap<&str, Vec<&Kept>> = BTreeMap::new();
        for k in &self.kept {
            if let Some(Some(key)) = key_of.get(k.agency as usize) {
                groups.entry(key).or_default().push(k);
            }
        }
        for (_, group) in groups {
            let years: HashSet<i32> = group.iter().filter_map(|d| d.year).collect();
            if !years.iter().any(|y| years.contains(&(y + 1))) {
                continue;
            }
            let summaries: Vec<YearSummary> = group
                .into_iter()
                .map(|k| {
                    let values = &self.values[k.start as usize..k.end as usize];
                    YearSummary::from_values(
                        path(k.input as usize),
                        self.agency(k),
                        k.year,
                        k.template,
                        |key| value_in(values, key),
                    )
                })
                .collect();
            crossyear_each(&summaries, found);
        }
    }
}

/// One of [`DIGEST_CELLS`] from a digest's values text.
fn value_in(values: &str, key: &str) -> Option<Number> {
    let i = DIGEST_CELLS.iter().position(|k| *k == key)?;
    let text = values.split(',').nth(i)?;
    if text.is_empty() {
        None
    } else {
        text.parse().ok()
    }
}

/// The checks that need the whole batch, run after every report is written: the
/// cross-year checks of [`crate::crossyear`] over the digests. Only digests with an agency
/// and a year are kept (the others can be matched with nothing).
///
/// `crossyear` compares only reports whose agencies share a key of
/// [`crate::crossyear::agency_keys`] over the batch's names, and lists its findings by that key;
/// so the digests are grouped by key and each group turned into [`YearSummary`]s and
/// checked on its own, in key order — the same findings in the same order as one call
/// over the whole batch, with only one agency's summaries in memory at a time. Each
/// finding goes to `found` as it is made (the batch appends it to `batch_anomalies.csv`):
/// none is held. The batch keeps its digests as [`Digests`] and calls [`Digests::check`].
pub fn batch_anomalies(digests: Vec<ReportDigest>, found: &mut dyn FnMut(BatchAnomaly)) {
    let mut kept = Digests::default();
    for (i, d) in digests.iter().enumerate() {
        kept.push(i, d);
    }
    kept.check(|i| &digests[i].path, found);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crossyear::crossyear;
    use crate::report::{CellRecord, ErrorCode, ErrorRecord, Source};

    #[test]
    fn digest_keeps_the_cross_year_cells() {
        let mut r = Report::failed(
            Source::new("a.docx".into(), String::new(), 0),
            ErrorRecord {
                code: ErrorCode::InternalError,
                message: String::new(),
                part: None,
                offset: None,
            },
        );
        r.cells = vec![
            CellRecord::stated("applications", "carried_over", "total", Some("3")),
            CellRecord::stated("applications", "carried_over", "natural_person", None),
            CellRecord::stated("active_disclosure", "rules", "in_force", Some("4.50")),
        ];
        let d = ReportDigest::of(&r);
        assert_eq!(d.value("applications.carried_over.total"), Some(3.into()));
        assert_eq!(d.value("applications.carried_over.natural_person"), None);
        assert_eq!(d.value("active_disclosure.rules.repealed"), None);
        assert_eq!(
            d.value("active_disclosure.rules.in_force")
                .expect("test data")
                .to_string(),
            "4.50"
        );
        assert_eq!(d.value("applications.received.total"), None);
    }

    /// Grouping by agency key finds what one `crossyear` call over the batch finds.
    #[test]
    fn grouped_cross_year_checks_match_one_call() {
        let names = [
            "静乐县康家会镇人民政府",
            "康家会镇人民政府",
            "人民政府办公室",
            "甲县人民政府办公室",
            "乙县人民政府办公室",
            "静乐县教育局",
        ];
        let mut digests = Vec::new();
        for i in 0..60u32 {
            let name = names[(i * 7 % 6) as usize];
            let year = 2019 + (i * 5 % 4) as i32;
            let over = i % 3;
            let forward = i * 11 % 4;
            let mut values = vec![String::new(); DIGEST_CELLS.len()];
            values[6] = over.to_string();
            values[13] = forward.to_string();
            values[14] = (i % 2).to_string();
            values[15] = "0".into();
            values[16] = (i % 5).to_string();
            digests.push(ReportDigest {
                path: format!("{i}.docx").into(),
                agency: Some(name.into()),
                year: Some(year),
                template: Some(Template::T2021),
                values: values.join(",").into(),
            });
        }
        let all: Vec<YearSummary> = digests
            .iter()
            .map(|d| {
                YearSummary::from_values(&d.path, d.agency.as_deref(), d.year, d.template, |k| {
                    d.value(k)
                })
            })
            .collect();
        let want = crossyear(&all);
        assert!(want.len() > 10, "{}", want.len());
        let mut got = Vec::new();
        batch_anomalies(digests, &mut |b| got.push(b));
        assert_eq!(got, want);
    }
}
