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
//!
//! The module is split by job: `inputs` finds the files, `read` reads one, `worker` does
//! one file's work, `duplicates` tells a copy of an earlier input, `outputs` holds the
//! batch files, `digest` keeps what the cross-year checks need, `progress` draws the bar,
//! `rundir` stages the outputs and `summary` counts; this file runs the pass.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, mpsc};

use sha2::Digest;

use crate::convert::prepass::{Prepared, prepass};
use crate::extract::Options;
use crate::write::{self, CsvFile, ParquetFile};
use outputs::{Outputs, write_summary};
use progress::Phases;
use worker::{Done, process, read_and_extract};

mod digest;
mod duplicates;
mod inputs;
mod outputs;
mod progress;
mod read;
mod rundir;
mod summary;
mod worker;

pub use digest::{DIGEST_CELLS, Digests, ReportDigest, batch_anomalies};
use duplicates::{Copies, Slot, parse_sha};
pub use inputs::{
    Found, Input, Inputs, MAX_NAME, collect_inputs, escape_os, find_inputs, find_listed,
    read_file_list,
};
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

    // After the last file the bar says which step runs (and is cleared however the run
    // ends): the cross-year checks and the workbook can take as long as the reading.
    let bar = Phases::new(inputs.len(), opts.progress);

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
#[cfg(test)]
mod tests;
