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
//! the only per-file data kept to the end is its input's name and hash and its
//! [`Digests`] entry (24 bytes and its cross-year values' text) for the cross-report
//! checks. The batch files are appended in index order, so they are byte-identical
//! whatever the number of threads.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, mpsc};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use sha2::{Digest, Sha256};

use crate::convert::Outcome;
use crate::convert::prepass::{Prepared, prepass};
use crate::extract::{Options, extract_converted, extract_source, hex};
use crate::report::{Anomaly, AnomalyCode, Report, Severity, Source, Status, Template};
use crate::write::{self, BatchRows, CsvFile, ParquetFile};
use read::read_input;

mod digest;
mod duplicates;
mod inputs;
mod read;
mod rundir;
mod summary;

pub use digest::{DIGEST_CELLS, Digests, ReportDigest, batch_anomalies};
use duplicates::{Copies, Slot, parse_sha};
pub use inputs::{
    Found, Input, Inputs, MAX_NAME, collect_inputs, escape_os, find_inputs, find_listed,
    read_file_list,
};
use summary::Tally;
pub use summary::{AnomalyCounts, Summary};

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
    /// `inputs` are a file list's entries (`--files-from`): each named by its path as
    /// listed ([`find_listed`]), not by the components that tell it from the others.
    pub listed: bool,
    /// Also write `nianbao.xlsx` (`--xlsx`, [`write::XlsxFile`]).
    pub xlsx: bool,
}

/// Why a batch could not run. Bad input files are not errors: they get their report.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    #[error("input not found: {}", .0.display())]
    InputNotFound(PathBuf),
    #[error("no report file (.docx, .doc, .wps, .rtf, .odt, web page, PDF) found in {}", list(.0))]
    NoInput(Vec<PathBuf>),
    #[error("{}: {source}", .path.display())]
    Io { path: PathBuf, source: io::Error },
    #[error("cannot start worker threads: {0}")]
    Threads(String),
    /// Another run holds the output folder: two runs would mix their outputs.
    #[error(
        "{} is held by another nianbao run ({holder}): one run at a time writes an output \
         folder; wait for it to end, or use another --out",
        .path.parent().map(|p| p.display().to_string()).unwrap_or_default()
    )]
    Locked { path: PathBuf, holder: String },
}

fn list(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

pub(crate) fn io_at(path: &Path) -> impl FnOnce(io::Error) -> BatchError + '_ {
    move |source| BatchError::Io {
        path: path.to_owned(),
        source,
    }
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
    wide_2021: CsvFile,
    wide_2019: CsvFile,
    anomalies: CsvFile,
    /// Every row appended, in order: `summary.json`'s `run`.
    fingerprint: Sha256,
    reports_pq: ParquetFile,
    cells_pq: ParquetFile,
    anomalies_pq: ParquetFile,
    /// `nianbao.xlsx`, when asked for.
    xlsx: Option<write::XlsxFile>,
}

impl Outputs {
    fn create(out: &Path, xlsx: bool) -> Result<Outputs, BatchError> {
        let csv = |name: &str, cols: &[&str]| {
            let p = out.join(name);
            CsvFile::create(&p, cols).map_err(io_at(&p))
        };
        let pq = |name: &str, cols: &[&'static str]| {
            let p = out.join(name);
            ParquetFile::create(&p, &write::parquet_columns(cols)).map_err(io_at(&p))
        };
        let wide = |t: Template| {
            let mut cols: Vec<&str> = write::WIDE_META_COLUMNS.to_vec();
            cols.extend(write::wide_columns(t).iter().map(String::as_str));
            csv(write::wide_file(t), &cols)
        };
        Ok(Outputs {
            reports: csv("reports.csv", write::REPORTS_COLUMNS)?,
            cells: csv("cells.csv", write::CELLS_COLUMNS)?,
            wide_2021: wide(Template::T2021)?,
            wide_2019: wide(Template::T2019)?,
            anomalies: csv("anomalies.csv", write::ANOMALIES_COLUMNS)?,
            reports_pq: pq("reports.parquet", write::REPORTS_COLUMNS)?,
            cells_pq: pq("cells.parquet", write::CELLS_COLUMNS)?,
            anomalies_pq: pq("anomalies.parquet", write::ANOMALIES_COLUMNS)?,
            fingerprint: Sha256::new(),
            xlsx: match xlsx {
                true => {
                    let p = out.join(write::XLSX_FILE);
                    Some(write::XlsxFile::create(&p, out).map_err(io_at(&p))?)
                }
                false => None,
            },
        })
    }

    fn append(&mut self, out: &Path, rows: &BatchRows) -> Result<(), BatchError> {
        for part in [&rows.reports, &rows.cells, &rows.wide, &rows.anomalies] {
            self.fingerprint.update(part);
        }
        self.reports
            .append(&rows.reports)
            .map_err(io_at(&out.join("reports.csv")))?;
        self.cells
            .append(&rows.cells)
            .map_err(io_at(&out.join("cells.csv")))?;
        if let Some(t) = rows.template {
            let wide = match t {
                Template::T2021 => &mut self.wide_2021,
                Template::T2019 => &mut self.wide_2019,
            };
            wide.append(&rows.wide)
                .map_err(io_at(&out.join(write::wide_file(t))))?;
        }
        self.anomalies
            .append(&rows.anomalies)
            .map_err(io_at(&out.join("anomalies.csv")))?;
        self.reports_pq
            .append(&rows.typed.reports)
            .map_err(io_at(&out.join("reports.parquet")))?;
        self.cells_pq
            .append(&rows.typed.cells)
            .map_err(io_at(&out.join("cells.parquet")))?;
        self.anomalies_pq
            .append(&rows.typed.anomalies)
            .map_err(io_at(&out.join("anomalies.parquet")))?;
        match &mut self.xlsx {
            Some(x) => x.append(rows).map_err(io_at(&out.join(write::XLSX_FILE))),
            None => Ok(()),
        }
    }

    /// Closes the files; returns the fingerprint so far (the workbook, still open for the
    /// cross-year findings, is taken out first).
    fn commit(self, out: &Path) -> Result<Sha256, BatchError> {
        self.reports.commit().map_err(io_at(out))?;
        self.cells.commit().map_err(io_at(out))?;
        self.wide_2021.commit().map_err(io_at(out))?;
        self.wide_2019.commit().map_err(io_at(out))?;
        self.anomalies.commit().map_err(io_at(out))?;
        self.reports_pq.commit().map_err(io_at(out))?;
        self.cells_pq.commit().map_err(io_at(out))?;
        self.anomalies_pq.commit().map_err(io_at(out))?;
        Ok(self.fingerprint)
    }
}

/// Run a batch: every input's `reports/R.json`, then the batch files and `summary.json`
/// in `opts.out`. Returns the summary; `Err` only when the batch could not run (no input,
/// an output that cannot be written).
pub fn run(opts: &BatchOptions) -> Result<Summary, BatchError> {
    let found = if opts.listed {
        find_listed(&opts.inputs)?
    } else {
        find_inputs(&opts.inputs)?
    };
    run_found(&found.files, found.not_files, found.other_files, opts)
}

/// The most worker threads a run starts: four per core. More only add memory (each holds
/// a file) and start-up time — `--jobs 5000` took a minute on five files.
fn threads_for(jobs: usize, files: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let wanted = if jobs == 0 { cores } else { jobs };
    wanted.min(cores * 4).min(files).max(1)
}

/// [`run`] on inputs already collected.
pub fn run_inputs(inputs: &[Input], opts: &BatchOptions) -> Result<Summary, BatchError> {
    run_found(&Inputs::from(inputs), 0, BTreeMap::new(), opts)
}

fn run_found(
    inputs: &Inputs,
    not_files: usize,
    other_files: BTreeMap<String, usize>,
    opts: &BatchOptions,
) -> Result<Summary, BatchError> {
    // Everything is written to the run's stage, put in place of the earlier run's
    // outputs only once whole (`rundir`).
    let dir = rundir::RunDir::open(&opts.out)?;
    let out = dir.stage();
    let mut outputs = Outputs::create(out, opts.xlsx)?;

    let threads = threads_for(opts.jobs, inputs.len());
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("nianbao-{i}"))
        .build()
        .map_err(|e| BatchError::Threads(e.to_string()))?;
    let window = (threads * 8).max(32);
    // `.doc`/`.wps`/`.rtf`/`.odt` converted first, many per LibreOffice start (the
    // converted files live in a temporary folder until `prepared` is dropped).
    let prepared = match &opts.extract.converter {
        Some(c) => prepass(
            inputs,
            c,
            &pool,
            opts.extract.limits.max_part_bytes,
            opts.progress,
        ),
        None => Prepared::default(),
    };

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
    // After the last file the bar says which step runs (and is cleared however the run
    // ends): the cross-year checks and the workbook can take as long as the reading.
    let bar = Phases {
        bar,
        shown: opts.progress,
    };

    let next = AtomicUsize::new(0);
    let abort = AtomicBool::new(false);
    let written = (Mutex::new(0usize), Condvar::new());
    let copies = Copies::default();
    let mut summary = Summary::new();
    summary.not_files = not_files;
    summary.other_files = other_files;
    let mut digests = Digests::default();

    let result = pool.in_place_scope(|scope| {
        let (tx, rx) = mpsc::channel::<(usize, io::Result<Done>)>();
        for _ in 0..threads {
            let tx = tx.clone();
            let (next, abort, written, copies) = (&next, &abort, &written, &copies);
            let prepared = &prepared;
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
                    let mut slot = Slot::new(copies, i);
                    let converted = prepared.outcome(i);
                    let rel = inputs.rel(i);
                    let report =
                        read_and_extract(&inputs.path(i), rel, &opts.extract, converted, &mut slot);
                    let sha = parse_sha(&report.source.sha256);
                    drop(slot);
                    let first = copies.first_before(i, sha, abort).map(|f| inputs.rel(f));
                    let done = process(report, &inputs.json(i), first, out, &mut json);
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
                        path: out.join(inputs.json(k)),
                        source,
                    })
                    .and_then(|d| {
                        outputs.append(out, &d.rows)?;
                        summary.add(&d.tally);
                        if let Some(digest) = &d.digest {
                            digests.push(k, digest);
                        }
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
                copies.wake();
                break;
            }
        }
        match failed {
            Some(e) => Err(e),
            None => Ok(()),
        }
    });
    result?;
    bar.phase("closing the CSV and Parquet files");
    let mut xlsx = outputs.xlsx.take();
    let mut fingerprint = outputs.commit(out)?;
    bar.phase("cross-year checks");

    let path = out.join("batch_anomalies.csv");
    let mut csv = CsvFile::create(&path, write::BATCH_ANOMALIES_COLUMNS).map_err(io_at(&path))?;
    let pq_path = out.join("batch_anomalies.parquet");
    let mut pq = ParquetFile::create(
        &pq_path,
        &write::parquet_columns(write::BATCH_ANOMALIES_COLUMNS),
    )
    .map_err(io_at(&pq_path))?;
    // Findings are appended as they are made, in 64 KiB writes (CsvFile buffers) and row
    // groups of at most ROW_GROUP_ROWS rows or ROW_GROUP_BYTES (`Chunk::is_full`): none
    // is held. The first write error is kept and the rest skipped.
    let xlsx_path = out.join(write::XLSX_FILE);
    let mut row = Vec::new();
    let mut typed = write::batch_anomalies_chunk();
    let mut failed = None;
    digests.check(|i| inputs.rel(i), &mut |b| {
        summary.batch_anomalies.add(b.code, b.severity);
        if failed.is_none() {
            row.clear();
            write::batch_anomaly_rows(&mut row, &mut typed, &b);
            fingerprint.update(&row);
            failed = csv.append(&row).err().map(|e| (path.clone(), e));
            if failed.is_none() && typed.is_full() {
                failed = pq.append(&typed).err().map(|e| (pq_path.clone(), e));
                if let (None, Some(x)) = (&failed, &mut xlsx) {
                    failed = x
                        .append_batch_anomalies(&typed)
                        .err()
                        .map(|e| (xlsx_path.clone(), e));
                }
                typed = write::batch_anomalies_chunk();
            }
        }
    });
    if let Some((p, e)) = failed {
        return Err(io_at(&p)(e));
    }
    csv.commit().map_err(io_at(&path))?;
    pq.append(&typed).map_err(io_at(&pq_path))?;
    pq.commit().map_err(io_at(&pq_path))?;
    if let Some(mut x) = xlsx {
        bar.phase("writing nianbao.xlsx");
        x.append_batch_anomalies(&typed)
            .map_err(io_at(&xlsx_path))?;
        x.commit().map_err(io_at(&xlsx_path))?;
    }

    bar.phase("moving the outputs into place");
    let path = out.join("codebook.csv");
    write::write_atomic(&path, &write::codebook_csv()).map_err(io_at(&path))?;

    summary.run = fingerprint.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    write_summary(out, &summary)?;
    dir.commit()?;
    Ok(summary)
}

/// The progress bar, and after the last file the step the run is in; cleared when
/// dropped (hidden under `--quiet` or without a terminal: every call is a no-op then).
struct Phases {
    bar: ProgressBar,
    shown: bool,
}

impl Phases {
    fn inc(&self, n: u64) {
        self.bar.inc(n);
    }

    /// The files are all read: say what runs now (`{pos}/{len} files read; STEP…`).
    fn phase(&self, step: &'static str) {
        if !self.shown {
            return;
        }
        if let Ok(style) =
            ProgressStyle::with_template("{spinner} {pos}/{len} files read; {msg}…  {elapsed}")
        {
            self.bar.set_style(style);
        }
        self.bar.set_message(step);
        // Drawn now, past the draw rate limit: a step of a few milliseconds is still said.
        self.bar.force_draw();
        self.bar
            .enable_steady_tick(std::time::Duration::from_millis(120));
    }
}

impl Drop for Phases {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}

fn write_summary(out: &Path, summary: &Summary) -> Result<(), BatchError> {
    let path = out.join("summary.json");
    let mut json = serde_json::to_vec_pretty(summary).expect("Summary serializes");
    json.push(b'\n');
    write::write_atomic(&path, &json).map_err(io_at(&path))
}

/// One file read and extracted; its hash published into `slot` as soon as it is known,
/// before the file is extracted (see [`duplicates`]).
///
/// `converted`: the prepass's conversion of this input, when it was one.
fn read_and_extract(
    path: &Path,
    rel: &str,
    opts: &Options,
    converted: Option<&Outcome>,
    slot: &mut Slot,
) -> Report {
    match read_input(path, opts.limits.max_part_bytes) {
        Ok(bytes) => {
            let sha: [u8; 32] = Sha256::digest(&bytes).into();
            slot.publish(Some(sha));
            let source = Source::new(rel.to_owned(), hex(&sha), bytes.len() as u64);
            match converted {
                None => extract_source(source, bytes, opts),
                Some(outcome) => {
                    let docx = outcome.clone().and_then(|p| {
                        let docx = std::fs::read(&p)
                            .map_err(|e| format!("cannot read the converted .docx: {e}"));
                        // Read once: the temporary folder need not hold a batch's worth.
                        let _ = std::fs::remove_file(&p);
                        docx
                    });
                    extract_converted(source, bytes, docx, opts)
                }
            }
        }
        Err(failed) => {
            let report = failed(rel.to_owned());
            slot.publish(parse_sha(&report.source.sha256));
            report
        }
    }
}

/// One file's record, marked as a copy of the input at path `first` when there is one
/// (SPEC §9): its JSON written to `json_file` (formatted into `json`, the worker's
/// buffer), its rows formatted. `Err` only when its JSON cannot be written (the batch stops: the output
/// folder is unusable).
fn process(
    mut report: Report,
    json_file: &Path,
    first: Option<&str>,
    out: &Path,
    json: &mut Vec<u8>,
) -> io::Result<Done> {
    if let Some(first) = first {
        report.source.duplicate_of = Some(first.to_owned());
        report.notes.insert(
            0,
            Anomaly::new(
                AnomalyCode::DuplicateOf,
                Severity::Info,
                format!(
                    "与 {first} 内容完全相同（SHA-256 一致）：同一份报告，跨年度核对只用 {first}"
                ),
            ),
        );
    }
    json.clear();
    write::write_report_json(&report, json);
    // Into the stage: the whole folder is put in place by renames at commit (rundir).
    write::write_new(&out.join(json_file), json)?;
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
            narrative: report.narrative,
            duplicate: report.source.duplicate_of.is_some(),
        },
        // A copy is left out of the checks across reports: its first copy is in them.
        digest: (report.status == Status::Ok
            && report.source.duplicate_of.is_none()
            && report.report.agency.is_some()
            && report.report.year.is_some())
        .then(|| ReportDigest::of(&report)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threads_are_bounded() {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        assert_eq!(threads_for(5000, 5), 5.min(cores * 4));
        assert_eq!(threads_for(5000, 100_000), cores * 4);
        assert_eq!(threads_for(0, 100_000), cores);
        assert_eq!(threads_for(3, 0), 1);
    }
}
