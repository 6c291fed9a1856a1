//! batch summary: counts of a run (`summary.json`) and its one closing line.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::report::{AnomalyCode, ErrorCode, NarrativeCounts, Severity, Status, Template};

/// Anomaly counts.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct AnomalyCounts {
    pub total: usize,
    /// `info`, `warning`, `error`, always all three.
    pub by_severity: BTreeMap<&'static str, usize>,
    /// Anomaly code → count, codes that occur only, sorted.
    pub by_code: BTreeMap<&'static str, usize>,
}

impl AnomalyCounts {
    fn new() -> Self {
        let by_severity = [Severity::Info, Severity::Warning, Severity::Error]
            .into_iter()
            .map(|s| (s.as_str(), 0))
            .collect();
        AnomalyCounts {
            total: 0,
            by_severity,
            by_code: BTreeMap::new(),
        }
    }

    pub(super) fn add(&mut self, code: AnomalyCode, severity: Severity) {
        self.total += 1;
        *self.by_severity.entry(severity.as_str()).or_default() += 1;
        *self.by_code.entry(code.as_str()).or_default() += 1;
    }

    pub fn severity(&self, s: Severity) -> usize {
        self.by_severity.get(s.as_str()).copied().unwrap_or(0)
    }
}

/// `summary.json`: the batch in counts. Holds nothing that varies between runs of the same
/// inputs (no times, no absolute paths), so a re-run writes the same bytes.
///
/// ```json
/// {"nianbao": "0.1.0", "run": "3f9a0c21d4e5b677", "files": 6, "not_files": 0,
///  "other_files": {"png": 2, "txt": 1}, "duplicates": 0,
///  "status": {"error": 1, "ok": 5},
///  "error_codes": {"not_a_zip": 1},
///  "templates": {"2019": 1, "2021": 4},
///  "reports_with_errors": 2,
///  "anomalies": {"total": 6, "by_severity": {"error": 1, "info": 3, "warning": 2},
///                "by_code": {"missing_cell": 2, "…": 1}},
///  "batch_anomalies": {"total": 0, "by_severity": {…}, "by_code": {}},
///  "notes": {"blanks_consistent_as_zero": 1},
///  "narrative": {"statements": 9, "compared": 8, "differing": 2}}
/// ```
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Summary {
    /// The version of nianbao that wrote the batch.
    pub nianbao: &'static str,
    /// The finished run these counts belong to: 16 hex digits of the SHA-256 of every
    /// row the run wrote to its batch CSVs, in the order written (headers left out). Two
    /// folders with the same `run` hold the same rows; it is written last, only once the
    /// run's files are whole.
    pub run: String,
    /// Input files, each with its report.
    pub files: usize,
    /// Entries inside input folders that are not regular files (FIFOs, sockets, devices,
    /// dangling symlinks, symlinks to folders or special files): not read, counted here.
    pub not_files: usize,
    /// Regular files inside input folders of no report format (SPEC §6), by extension
    /// (lowercase; `(none)` for a name without one): not read, counted here.
    pub other_files: BTreeMap<String, usize>,
    /// Input files that are a copy of an earlier one (`source.duplicate_of`, SPEC §9):
    /// `files − duplicates` distinct reports.
    pub duplicates: usize,
    /// `ok` / `error` → count, both always present.
    pub status: BTreeMap<&'static str, usize>,
    /// `error.code` → count, for the files with status `error`.
    pub error_codes: BTreeMap<&'static str, usize>,
    /// `template` → count, for the ok files.
    pub templates: BTreeMap<&'static str, usize>,
    /// Ok reports with at least one anomaly of severity `error` (a 勾稽 rule failing, …).
    pub reports_with_errors: usize,
    /// Every anomaly of every report (`anomalies.csv`).
    pub anomalies: AnomalyCounts,
    /// Anomalies across reports (`batch_anomalies.csv`).
    pub batch_anomalies: AnomalyCounts,
    /// Report-level note code (`report.notes`) → reports carrying it.
    pub notes: BTreeMap<&'static str, usize>,
    /// The text-against-tables check (SPEC §7), summed over the reports: figures the
    /// text states, those compared (the cell has a value), those differing (each a
    /// `narrative_mismatch`).
    pub narrative: NarrativeCounts,
}

impl Summary {
    pub(super) fn new() -> Self {
        Summary {
            nianbao: env!("CARGO_PKG_VERSION"),
            run: String::new(),
            files: 0,
            not_files: 0,
            other_files: BTreeMap::new(),
            duplicates: 0,
            status: [("ok", 0), ("error", 0)].into_iter().collect(),
            error_codes: BTreeMap::new(),
            templates: BTreeMap::new(),
            reports_with_errors: 0,
            anomalies: AnomalyCounts::new(),
            batch_anomalies: AnomalyCounts::new(),
            notes: BTreeMap::new(),
            narrative: NarrativeCounts::default(),
        }
    }

    pub fn ok(&self) -> usize {
        self.status.get("ok").copied().unwrap_or(0)
    }

    pub fn errors(&self) -> usize {
        self.status.get("error").copied().unwrap_or(0)
    }

    pub(super) fn add(&mut self, t: &Tally) {
        self.files += 1;
        self.duplicates += usize::from(t.duplicate);
        match t.status {
            Status::Ok => *self.status.entry("ok").or_default() += 1,
            Status::Error => *self.status.entry("error").or_default() += 1,
        }
        if let Some(code) = t.error {
            *self.error_codes.entry(code.as_str()).or_default() += 1;
        }
        if let Some(template) = t.template {
            *self.templates.entry(template.as_str()).or_default() += 1;
        }
        if t.anomalies.iter().any(|(_, s)| *s == Severity::Error) {
            self.reports_with_errors += 1;
        }
        for &(code, severity) in &t.anomalies {
            self.anomalies.add(code, severity);
        }
        for code in &t.notes {
            *self.notes.entry(code.as_str()).or_default() += 1;
        }
        self.narrative.statements += t.narrative.statements;
        self.narrative.compared += t.narrative.compared;
        self.narrative.differing += t.narrative.differing;
    }

    /// The one line printed at the end of a run, e.g.
    /// `nianbao: files: 5 read, 1 failed (not_a_zip 1); anomalies: 1 error, 2 warnings, 3 info`.
    pub fn line(&self) -> String {
        // Files first (read = a record with status ok, failed = an error record), then
        // the anomalies, most severe first: "0 failed" beside "5 errors" never reads as
        // one count.
        let mut s = format!(
            "nianbao: files: {} read, {} failed",
            self.ok(),
            self.errors()
        );
        if !self.error_codes.is_empty() {
            let codes: Vec<String> = self
                .error_codes
                .iter()
                .map(|(c, n)| format!("{c} {n}"))
                .collect();
            s.push_str(&format!(" ({})", codes.join(", ")));
        }
        if self.not_files > 0 {
            s.push_str(&format!("; {} not regular files skipped", self.not_files));
        }
        let others: usize = self.other_files.values().sum();
        if others > 0 {
            // Most frequent first (then by name): what the user most wonders about.
            let mut by_count: Vec<(&String, &usize)> = self.other_files.iter().collect();
            by_count.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            let list: Vec<String> = by_count
                .iter()
                .map(|(ext, n)| match ext.as_str() {
                    "(none)" => format!("{n} without extension"),
                    ext => format!("{n} .{ext}"),
                })
                .collect();
            let files = if others == 1 { "file" } else { "files" };
            s.push_str(&format!(
                "; {others} other {files} skipped: {}",
                list.join(", ")
            ));
        }
        let a = &self.anomalies;
        let n =
            |k: usize, one: &str, many: &str| format!("{k} {}", if k == 1 { one } else { many });
        s.push_str(&format!(
            "; anomalies: {}, {}, {} info",
            n(a.severity(Severity::Error), "error", "errors"),
            n(a.severity(Severity::Warning), "warning", "warnings"),
            a.severity(Severity::Info),
        ));
        if self.duplicates > 0 {
            s.push_str(&format!("; duplicates: {}", self.duplicates));
        }
        if self.batch_anomalies.total > 0 {
            s.push_str(&format!("; across reports: {}", self.batch_anomalies.total));
        }
        s
    }
}

/// What the writer needs of one report beyond its formatted rows.
pub(super) struct Tally {
    pub(super) status: Status,
    pub(super) error: Option<ErrorCode>,
    pub(super) template: Option<Template>,
    pub(super) anomalies: Vec<(AnomalyCode, Severity)>,
    pub(super) notes: Vec<AnomalyCode>,
    pub(super) narrative: NarrativeCounts,
    /// A copy of an earlier input (`source.duplicate_of`).
    pub(super) duplicate: bool,
}
