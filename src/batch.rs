//! batch: a run over many files — finding the inputs, reading them in parallel, writing
//! every output in input order, and the batch summary.
//!
//! ```text
//!  inputs ──► collect_inputs (sorted, relative paths R)
//!                 │
//!      rayon workers (--jobs)                     this thread
//!   ┌──────────────────────────────┐          ┌─────────────────────────────┐
//!   │ read file → extract_bytes →  │ (i,rows) │ reorder by i; append rows to │
//!   │ write reports/R.json;        │ ───────► │ reports/cells/wide/anomalies │
//!   │ format CSV rows, digest      │          │ .csv; tally; progress        │
//!   └──────────────────────────────┘          └─────────────────────────────┘
//!                 at most WINDOW files ahead of the writer
//!                                                 │
//!            after the pass: batch_anomalies(digests) → batch_anomalies.csv, summary.json
//! ```
//!
//! Workers take file indexes from one counter and never run more than a window ahead of
//! the writer, so memory holds at most a window of formatted rows whatever the batch size;
//! the only per-file data kept to the end is a [`ReportDigest`] (a few dozen bytes and
//! values) for the cross-report checks. The batch files are appended in index order, so
//! they are byte-identical whatever the number of threads.

use std::collections::{BTreeMap, HashSet};
use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, mpsc};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;
use serde_json::Number;
use sha2::{Digest, Sha256};

use crate::crossyear::{BatchAnomaly, YearSummary, crossyear};
use crate::extract::{Options, extract_bytes};
use crate::report::{
    AnomalyCode, ErrorCode, ErrorRecord, Report, Severity, Source, Status, Template,
};
use crate::text::label_key;
use crate::write::{self, BatchRows, CsvFile};

/// What a batch run is asked to do.
#[derive(Debug, Clone, Default)]
pub struct BatchOptions {
    /// Files and folders, as given on the command line.
    pub inputs: Vec<PathBuf>,
    /// The output folder `DIR`.
    pub out: PathBuf,
    /// Worker threads; 0 = one per core.
    pub jobs: usize,
    /// Draw a progress bar on stderr (the caller decides: a terminal and not `--quiet`).
    pub progress: bool,
    pub extract: Options,
}

/// Why a batch could not run. Bad input files are not errors: they get their report.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    #[error("input not found: {}", .0.display())]
    InputNotFound(PathBuf),
    #[error("no .docx file found in {}", list(.0))]
    NoInput(Vec<PathBuf>),
    #[error("{}: {source}", .path.display())]
    Io { path: PathBuf, source: io::Error },
    #[error("cannot start worker threads: {0}")]
    Threads(String),
}

fn list(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn io_at(path: &Path) -> impl FnOnce(io::Error) -> BatchError + '_ {
    move |source| BatchError::Io {
        path: path.to_owned(),
        source,
    }
}

/// One input file and the relative path `R` its outputs are named by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub path: PathBuf,
    /// `/`-separated; becomes `source.path` and names `reports/R.json`.
    pub rel: String,
}

/// Find the input files and name them.
///
/// - A folder is walked recursively for `*.docx` (extension in any case); Word's lock
///   files (`~$name.docx`) and hidden entries (`.name`) are skipped, symlinked folders
///   are not followed. A file given directly is read whatever its extension.
/// - `R` is the path relative to the folder given, or the file name of a file given
///   directly. When several inputs are given, files found in a folder get that folder's
///   name as first component (`nianbao extract 2021/ 2022/` → `2021/a.docx`,
///   `2022/a.docx`), so two folders' files cannot overwrite each other.
/// - If two inputs still map to the same output (`a.docx` given from two folders, or
///   `A.DOCX` beside `a.docx`), the later one in sorted order gets `~2`, `~3`… before its
///   extension. The same file reached twice is read once.
/// - The result is sorted by `R` (byte order), which is the order of every batch file.
pub fn collect_inputs(inputs: &[PathBuf]) -> Result<Vec<Input>, BatchError> {
    let several = inputs.len() > 1;
    let mut found: Vec<Input> = Vec::new();
    let mut seen = HashSet::new();
    for input in inputs {
        let meta = fs::metadata(input).map_err(|_| BatchError::InputNotFound(input.clone()))?;
        let mut here = Vec::new();
        if meta.is_dir() {
            let prefix = if several { Some(dir_name(input)) } else { None };
            walk(input, &mut Vec::new(), &mut here).map_err(io_at(input))?;
            here.sort();
            for parts in here {
                let path = parts.iter().fold(input.clone(), |p, s| p.join(s));
                let mut rel: Vec<&str> = prefix.iter().map(String::as_str).collect();
                rel.extend(parts.iter().map(String::as_str));
                found.push(Input {
                    path,
                    rel: rel.join("/"),
                });
            }
        } else {
            let name = input
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .ok_or_else(|| BatchError::InputNotFound(input.clone()))?;
            found.push(Input {
                path: input.clone(),
                rel: name,
            });
        }
    }
    // One folder walked once holds each file once; only several inputs can overlap.
    if several {
        found.retain(|i| seen.insert(fs::canonicalize(&i.path).unwrap_or_else(|_| i.path.clone())));
    }
    found.sort_by(|a, b| a.rel.cmp(&b.rel));
    // Output names compared without case: the folder may be copied to Windows or macOS.
    let mut taken = HashSet::new();
    for input in &mut found {
        let mut n = 1;
        let base = input.rel.clone();
        while !taken.insert(json_key(&input.rel)) {
            n += 1;
            input.rel = with_suffix(&base, n);
        }
    }
    if found.is_empty() {
        return Err(BatchError::NoInput(inputs.to_vec()));
    }
    Ok(found)
}

fn json_key(rel: &str) -> String {
    write::report_path(Path::new(""), rel)
        .to_string_lossy()
        .to_lowercase()
}

/// `a/b.docx` → `a/b~2.docx`.
fn with_suffix(rel: &str, n: usize) -> String {
    let (dir, name) = rel.rsplit_once('/').map_or(("", rel), |(d, f)| (d, f));
    let name = match name.rfind('.') {
        Some(dot) if dot > 0 => format!("{}~{n}{}", &name[..dot], &name[dot..]),
        _ => format!("{name}~{n}"),
    };
    if dir.is_empty() {
        name
    } else {
        format!("{dir}/{name}")
    }
}

fn dir_name(dir: &Path) -> String {
    let name = dir.file_name().map(|n| n.to_string_lossy().into_owned());
    name.or_else(|| {
        fs::canonicalize(dir)
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
    })
    .unwrap_or_else(|| "input".to_owned())
}

fn walk(dir: &Path, rel: &mut Vec<String>, out: &mut Vec<Vec<String>>) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name.starts_with("~$") {
            continue;
        }
        let ty = entry.file_type()?;
        if ty.is_dir() {
            rel.push(name);
            walk(&entry.path(), rel, out)?;
            rel.pop();
        } else if name.to_ascii_lowercase().ends_with(".docx")
            && (ty.is_file() || entry.path().is_file())
        {
            let mut parts = rel.clone();
            parts.push(name);
            out.push(parts);
        }
    }
    Ok(())
}

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
        let i = DIGEST_CELLS.iter().position(|k| *k == key)?;
        let text = self.values.split(',').nth(i)?;
        if text.is_empty() {
            None
        } else {
            text.parse().ok()
        }
    }
}

/// The checks that need the whole batch, run after every report is written: the
/// cross-year checks of [`crossyear`] over the digests. Only digests with an agency and a
/// year are kept (the others can be matched with nothing).
///
/// `crossyear` compares only reports whose agencies share a key of
/// [`crate::crossyear::agency_keys`] over the batch's names, and lists its findings by that key;
/// so the digests are grouped by key and each group turned into [`YearSummary`]s and
/// checked on its own, in key order — the same findings in the same order as one call
/// over the whole batch, with only one agency's summaries in memory at a time.
pub fn batch_anomalies(digests: Vec<ReportDigest>) -> Vec<BatchAnomaly> {
    let keys = crate::crossyear::agency_keys(digests.iter().filter_map(|d| d.agency.as_deref()));
    let mut groups: BTreeMap<&str, Vec<ReportDigest>> = BTreeMap::new();
    for d in digests {
        let key = d.agency.as_deref().and_then(|a| keys.get(&label_key(a)));
        if let Some(key) = key {
            groups.entry(key.as_str()).or_default().push(d);
        }
    }
    let mut out = Vec::new();
    for (_, group) in groups {
        let years: HashSet<i32> = group.iter().filter_map(|d| d.year).collect();
        if !years.iter().any(|y| years.contains(&(y + 1))) {
            continue;
        }
        let summaries: Vec<YearSummary> = group
            .into_iter()
            .map(|d| {
                YearSummary::from_values(&d.path, d.agency.as_deref(), d.year, d.template, |k| {
                    d.value(k)
                })
            })
            .collect();
        out.extend(crossyear(&summaries));
    }
    out
}

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

    fn add(&mut self, code: AnomalyCode, severity: Severity) {
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
/// {"nianbao": "0.1.0", "files": 6,
///  "status": {"error": 1, "ok": 5},
///  "error_codes": {"not_a_zip": 1},
///  "templates": {"2019": 1, "2021": 4},
///  "reports_with_errors": 2,
///  "anomalies": {"total": 6, "by_severity": {"error": 1, "info": 3, "warning": 2},
///                "by_code": {"missing_cell": 2, "…": 1}},
///  "batch_anomalies": {"total": 0, "by_severity": {…}, "by_code": {}},
///  "notes": {"blanks_consistent_as_zero": 1}}
/// ```
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Summary {
    /// The version of nianbao that wrote the batch.
    pub nianbao: &'static str,
    /// Input files, each with its report.
    pub files: usize,
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
}

impl Summary {
    fn new() -> Self {
        Summary {
            nianbao: env!("CARGO_PKG_VERSION"),
            files: 0,
            status: [("ok", 0), ("error", 0)].into_iter().collect(),
            error_codes: BTreeMap::new(),
            templates: BTreeMap::new(),
            reports_with_errors: 0,
            anomalies: AnomalyCounts::new(),
            batch_anomalies: AnomalyCounts::new(),
            notes: BTreeMap::new(),
        }
    }

    pub fn ok(&self) -> usize {
        self.status.get("ok").copied().unwrap_or(0)
    }

    pub fn errors(&self) -> usize {
        self.status.get("error").copied().unwrap_or(0)
    }

    fn add(&mut self, t: &Tally) {
        self.files += 1;
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
    }

    /// The one line printed at the end of a run, e.g.
    /// `nianbao: 6 files, 5 ok, 1 error (not_a_zip 1); anomalies: 3 info, 2 warning, 1 error`.
    pub fn line(&self) -> String {
        let mut s = format!(
            "nianbao: {} files, {} ok, {} error",
            self.files,
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
        let a = &self.anomalies;
        s.push_str(&format!(
            "; anomalies: {} info, {} warning, {} error",
            a.severity(Severity::Info),
            a.severity(Severity::Warning),
            a.severity(Severity::Error)
        ));
        if self.batch_anomalies.total > 0 {
            s.push_str(&format!("; across reports: {}", self.batch_anomalies.total));
        }
        s
    }
}

/// What the writer needs of one report beyond its formatted rows.
struct Tally {
    status: Status,
    error: Option<ErrorCode>,
    template: Option<Template>,
    anomalies: Vec<(AnomalyCode, Severity)>,
    notes: Vec<AnomalyCode>,
}

/// One file, done by a worker.
struct Done {
    rows: BatchRows,
    tally: Tally,
    digest: Option<ReportDigest>,
}

/// The batch files being appended to, in `DIR`.
struct Outputs {
    reports: CsvFile,
    cells: CsvFile,
    wide: CsvFile,
    anomalies: CsvFile,
}

impl Outputs {
    fn create(out: &Path) -> Result<Outputs, BatchError> {
        let csv = |name: &str, cols: &[&str]| {
            let p = out.join(name);
            CsvFile::create(&p, cols).map_err(io_at(&p))
        };
        let mut wide_cols: Vec<&str> = write::WIDE_META_COLUMNS.to_vec();
        wide_cols.extend(write::wide_cell_columns().iter().map(String::as_str));
        Ok(Outputs {
            reports: csv("reports.csv", write::REPORTS_COLUMNS)?,
            cells: csv("cells.csv", write::CELLS_COLUMNS)?,
            wide: csv("wide.csv", &wide_cols)?,
            anomalies: csv("anomalies.csv", write::ANOMALIES_COLUMNS)?,
        })
    }

    fn append(&mut self, out: &Path, rows: &BatchRows) -> Result<(), BatchError> {
        self.reports
            .append(&rows.reports)
            .map_err(io_at(&out.join("reports.csv")))?;
        self.cells
            .append(&rows.cells)
            .map_err(io_at(&out.join("cells.csv")))?;
        self.wide
            .append(&rows.wide)
            .map_err(io_at(&out.join("wide.csv")))?;
        self.anomalies
            .append(&rows.anomalies)
            .map_err(io_at(&out.join("anomalies.csv")))
    }

    fn commit(self, out: &Path) -> Result<(), BatchError> {
        self.reports.commit().map_err(io_at(out))?;
        self.cells.commit().map_err(io_at(out))?;
        self.wide.commit().map_err(io_at(out))?;
        self.anomalies.commit().map_err(io_at(out))
    }
}

/// Run a batch: every input's `reports/R.json`, then the batch files and `summary.json`
/// in `opts.out`. Returns the summary; `Err` only when the batch could not run (no input,
/// an output that cannot be written).
pub fn run(opts: &BatchOptions) -> Result<Summary, BatchError> {
    let inputs = collect_inputs(&opts.inputs)?;
    run_inputs(&inputs, opts)
}

/// [`run`] on inputs already collected.
pub fn run_inputs(inputs: &[Input], opts: &BatchOptions) -> Result<Summary, BatchError> {
    let out = opts.out.as_path();
    fs::create_dir_all(out.join("reports")).map_err(io_at(out))?;
    remove_stale_temporaries(out);
    let mut outputs = Outputs::create(out)?;

    let threads = if opts.jobs == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        opts.jobs
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("nianbao-{i}"))
        .build()
        .map_err(|e| BatchError::Threads(e.to_string()))?;
    let window = (threads * 8).max(32);

    let bar = if opts.progress {
        let bar =
            ProgressBar::with_draw_target(Some(inputs.len() as u64), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template(
            "{bar:30} {pos}/{len} files  {rate}  {elapsed} elapsed, ETA {eta}",
        ) {
            bar.set_style(style.with_key(
                "rate",
                |s: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = write!(w, "{:.0} files/s", s.per_sec());
                },
            ));
        }
        bar
    } else {
        ProgressBar::hidden()
    };

    let next = AtomicUsize::new(0);
    let abort = AtomicBool::new(false);
    let written = (Mutex::new(0usize), Condvar::new());
    let mut summary = Summary::new();
    let mut digests = Vec::new();

    let result = pool.in_place_scope(|scope| {
        let (tx, rx) = mpsc::channel::<(usize, io::Result<Done>)>();
        for _ in 0..threads {
            let tx = tx.clone();
            let (next, abort, written) = (&next, &abort, &written);
            scope.spawn(move |_| {
                // One JSON buffer per worker, reused from report to report.
                let mut json = Vec::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= inputs.len() {
                        break;
                    }
                    {
                        let (lock, cv) = written;
                        let mut w = lock.lock().unwrap_or_else(|e| e.into_inner());
                        while i >= *w + window && !abort.load(Ordering::Relaxed) {
                            w = cv.wait(w).unwrap_or_else(|e| e.into_inner());
                        }
                    }
                    if abort.load(Ordering::Relaxed) {
                        break;
                    }
                    let done = process(&inputs[i], out, &opts.extract, &mut json);
                    if tx.send((i, done)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);

        let mut pending = BTreeMap::new();
        let mut k = 0;
        let mut failed = None;
        for (i, done) in rx {
            pending.insert(i, done);
            while let Some(done) = pending.remove(&k) {
                let step = done
                    .map_err(|source| BatchError::Io {
                        path: write::report_path(out, &inputs[k].rel),
                        source,
                    })
                    .and_then(|d| {
                        outputs.append(out, &d.rows)?;
                        summary.add(&d.tally);
                        digests.extend(d.digest);
                        Ok(())
                    });
                if let Err(e) = step {
                    failed = Some(e);
                    break;
                }
                k += 1;
                bar.inc(1);
                let (lock, cv) = &written;
                *lock.lock().unwrap_or_else(|e| e.into_inner()) = k;
                cv.notify_all();
            }
            if failed.is_some() {
                abort.store(true, Ordering::Relaxed);
                written.1.notify_all();
                break;
            }
        }
        match failed {
            Some(e) => Err(e),
            None => Ok(()),
        }
    });
    bar.finish_and_clear();
    result?;
    outputs.commit(out)?;

    let across = batch_anomalies(digests);
    let path = out.join("batch_anomalies.csv");
    let mut csv = CsvFile::create(&path, write::BATCH_ANOMALIES_COLUMNS).map_err(io_at(&path))?;
    let mut row = Vec::new();
    for b in &across {
        summary.batch_anomalies.add(b.code, b.severity);
        row.clear();
        write::batch_anomaly_row(&mut row, b);
        csv.append(&row).map_err(io_at(&path))?;
    }
    csv.commit().map_err(io_at(&path))?;

    let path = out.join("summary.json");
    let mut json = serde_json::to_vec_pretty(&summary).expect("Summary serializes");
    json.push(b'\n');
    write::write_atomic(&path, &json).map_err(io_at(&path))?;
    Ok(summary)
}

/// The batch files' temporary siblings a killed run left in `out` (the per-report ones,
/// one per thread at most, are left in `reports/`: finding them means walking it).
fn remove_stale_temporaries(out: &Path) {
    const OURS: [&str; 6] = [
        "reports.csv",
        "cells.csv",
        "wide.csv",
        "anomalies.csv",
        "batch_anomalies.csv",
        "summary.json",
    ];
    let Ok(entries) = fs::read_dir(out) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let stale = OURS
            .iter()
            .any(|o| name.starts_with(&format!(".{o}{}", write::TEMP_MARK)));
        if stale && e.file_type().is_ok_and(|t| t.is_file()) {
            let _ = fs::remove_file(e.path());
        }
    }
}

/// One file: read, extract, write its JSON (formatted into `json`, the worker's buffer),
/// format its rows. `Err` only when its JSON cannot be written (the batch stops: the
/// output folder is unusable).
fn process(input: &Input, out: &Path, opts: &Options, json: &mut Vec<u8>) -> io::Result<Done> {
    let report = match read_input(&input.path, opts.limits.max_part_bytes) {
        Ok(bytes) => extract_bytes(&input.rel, bytes, opts),
        Err(failed) => failed(input.rel.clone()),
    };
    json.clear();
    write::write_report_json(&report, json);
    write::write_atomic(&write::report_path(out, &input.rel), json)?;
    Ok(Done {
        rows: write::batch_rows(&report),
        tally: Tally {
            status: report.status,
            error: report.error.as_ref().map(|e| e.code),
            template: report.template,
            anomalies: report
                .anomalies
                .iter()
                .map(|a| (a.code, a.severity))
                .collect(),
            notes: report.notes.iter().map(|a| a.code).collect(),
        },
        digest: (report.status == Status::Ok
            && report.report.agency.is_some()
            && report.report.year.is_some())
        .then(|| ReportDigest::of(&report)),
    })
}

type Failed = Box<dyn FnOnce(String) -> Report>;

/// The file's bytes, or the record of a file that cannot be read at all: larger than the
/// part limit (`too_large`, hashed without being held in memory) or unreadable.
fn read_input(path: &Path, max_bytes: u64) -> Result<Vec<u8>, Failed> {
    let unreadable = |e: io::Error| -> Failed {
        let message = format!("cannot read the input file: {e}");
        Box::new(move |rel| {
            Report::failed(
                Source {
                    path: rel,
                    sha256: String::new(),
                    bytes: 0,
                },
                ErrorRecord {
                    code: ErrorCode::InternalError,
                    message,
                    part: None,
                    offset: None,
                },
            )
        })
    };
    let mut file = File::open(path).map_err(unreadable)?;
    let len = file.metadata().map_err(unreadable)?.len();
    if len > max_bytes {
        let mut hasher = Sha256::new();
        let mut buf = vec![0; 1 << 16];
        loop {
            match file.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => hasher.update(&buf[..n]),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(unreadable(e)),
            }
        }
        let sha256 = hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        return Err(Box::new(move |rel| {
            Report::failed(
                Source {
                    path: rel,
                    sha256,
                    bytes: len,
                },
                ErrorRecord {
                    code: ErrorCode::TooLarge,
                    message: format!(
                        "the file is {len} bytes, more than the limit of {max_bytes} (--max-part-mib)"
                    ),
                    part: None,
                    offset: None,
                },
            )
        }));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    file.read_to_end(&mut bytes).map_err(unreadable)?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::CellRecord;

    #[test]
    fn digest_keeps_the_cross_year_cells() {
        let mut r = Report::failed(
            Source {
                path: "a.docx".into(),
                sha256: String::new(),
                bytes: 0,
            },
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
        assert_eq!(batch_anomalies(digests), want);
    }

    #[test]
    fn suffixes() {
        assert_eq!(with_suffix("a/b.docx", 2), "a/b~2.docx");
        assert_eq!(with_suffix("b.docx", 3), "b~3.docx");
        assert_eq!(with_suffix("a.b/c", 2), "a.b/c~2");
    }
}
