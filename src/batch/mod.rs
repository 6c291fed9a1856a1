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

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, mpsc};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use sha2::{Digest, Sha256};

use crate::extract::{Options, extract_source, hex};
use crate::report::{
    Anomaly, AnomalyCode, ErrorCode, ErrorRecord, Report, Severity, Source, Status, Template,
};
use crate::write::{self, BatchRows, CsvFile};

mod digest;
mod duplicates;
mod inputs;
mod summary;

pub use digest::{DIGEST_CELLS, ReportDigest, batch_anomalies};
use duplicates::{Copies, Slot, parse_sha};
pub use inputs::{Found, Input, MAX_NAME, collect_inputs, escape_os, find_inputs};
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
}

impl Outputs {
    fn create(out: &Path) -> Result<Outputs, BatchError> {
        let csv = |name: &str, cols: &[&str]| {
            let p = out.join(name);
            CsvFile::create(&p, cols).map_err(io_at(&p))
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
        })
    }

    fn append(&mut self, out: &Path, rows: &BatchRows) -> Result<(), BatchError> {
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
            .map_err(io_at(&out.join("anomalies.csv")))
    }

    fn commit(self, out: &Path) -> Result<(), BatchError> {
        self.reports.commit().map_err(io_at(out))?;
        self.cells.commit().map_err(io_at(out))?;
        self.wide_2021.commit().map_err(io_at(out))?;
        self.wide_2019.commit().map_err(io_at(out))?;
        self.anomalies.commit().map_err(io_at(out))
    }
}

/// Run a batch: every input's `reports/R.json`, then the batch files and `summary.json`
/// in `opts.out`. Returns the summary; `Err` only when the batch could not run (no input,
/// an output that cannot be written).
pub fn run(opts: &BatchOptions) -> Result<Summary, BatchError> {
    let found = find_inputs(&opts.inputs)?;
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
    run_found(inputs, 0, BTreeMap::new(), opts)
}

fn run_found(
    inputs: &[Input],
    not_files: usize,
    other_files: BTreeMap<String, usize>,
    opts: &BatchOptions,
) -> Result<Summary, BatchError> {
    let out = opts.out.as_path();
    fs::create_dir_all(out.join("reports")).map_err(io_at(out))?;
    remove_stale_temporaries(out);
    let mut outputs = Outputs::create(out)?;

    let threads = threads_for(opts.jobs, inputs.len());
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
    let copies = Copies::default();
    let mut summary = Summary::new();
    summary.not_files = not_files;
    summary.other_files = other_files;
    let mut digests = Vec::new();

    let result = pool.in_place_scope(|scope| {
        let (tx, rx) = mpsc::channel::<(usize, io::Result<Done>)>();
        for _ in 0..threads {
            let tx = tx.clone();
            let (next, abort, written, copies) = (&next, &abort, &written, &copies);
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
                    let report = read_and_extract(&inputs[i], &opts.extract, &mut slot);
                    let sha = parse_sha(&report.source.sha256);
                    drop(slot);
                    let first = copies
                        .first_before(i, sha, abort)
                        .map(|f| inputs[f].rel.as_str());
                    let done = process(report, &inputs[i], first, out, &mut json);
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
                        path: out.join(&inputs[k].json),
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
                copies.wake();
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

    let path = out.join("batch_anomalies.csv");
    let mut csv = CsvFile::create(&path, write::BATCH_ANOMALIES_COLUMNS).map_err(io_at(&path))?;
    // Findings are appended as they are made, in 64 KiB writes (CsvFile buffers): none is
    // held. The first write error is kept and the rest skipped.
    let mut row = Vec::new();
    let mut failed = None;
    batch_anomalies(digests, &mut |b| {
        summary.batch_anomalies.add(b.code, b.severity);
        if failed.is_none() {
            row.clear();
            write::batch_anomaly_row(&mut row, &b);
            failed = csv.append(&row).err();
        }
    });
    if let Some(e) = failed {
        return Err(io_at(&path)(e));
    }
    csv.commit().map_err(io_at(&path))?;

    let path = out.join("codebook.csv");
    write::write_atomic(&path, &write::codebook_csv()).map_err(io_at(&path))?;

    write_summary(out, &summary)?;
    Ok(summary)
}

fn write_summary(out: &Path, summary: &Summary) -> Result<(), BatchError> {
    let path = out.join("summary.json");
    let mut json = serde_json::to_vec_pretty(summary).expect("Summary serializes");
    json.push(b'\n');
    write::write_atomic(&path, &json).map_err(io_at(&path))
}

/// The batch files' temporary siblings a killed run left in `out` (the per-report ones,
/// one per thread at most, are left in `reports/`: finding them means walking it).
fn remove_stale_temporaries(out: &Path) {
    const OURS: [&str; 9] = [
        "codebook.csv",
        "wide_2021.csv",
        "wide_2019.csv",
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

/// One file read and extracted; its hash published into `slot` as soon as it is known,
/// before the file is extracted (see [`duplicates`]).
fn read_and_extract(input: &Input, opts: &Options, slot: &mut Slot) -> Report {
    match read_input(&input.path, opts.limits.max_part_bytes) {
        Ok(bytes) => {
            let sha: [u8; 32] = Sha256::digest(&bytes).into();
            slot.publish(Some(sha));
            let source = Source::new(input.rel.clone(), hex(&sha), bytes.len() as u64);
            extract_source(source, bytes, opts)
        }
        Err(failed) => {
            let report = failed(input.rel.clone());
            slot.publish(parse_sha(&report.source.sha256));
            report
        }
    }
}

/// One file's record, marked as a copy of the input at path `first` when there is one
/// (SPEC §9): its JSON written (formatted into `json`, the worker's buffer), its rows
/// formatted. `Err` only when its JSON cannot be written (the batch stops: the output
/// folder is unusable).
fn process(
    mut report: Report,
    input: &Input,
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
    write::write_atomic(&out.join(&input.json), json)?;
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

type Failed = Box<dyn FnOnce(String) -> Report>;

/// The record of a file that could not be read, with what is known of its bytes.
fn failed(code: ErrorCode, message: String, sha256: String, bytes: u64) -> Failed {
    Box::new(move |rel| {
        Report::failed(
            Source::new(rel, sha256, bytes),
            ErrorRecord {
                code,
                message,
                part: None,
                offset: None,
            },
        )
    })
}

/// What a path that is not a regular file is, for its `not_a_file` message.
fn kind_of(meta: &fs::Metadata) -> &'static str {
    let ty = meta.file_type();
    if ty.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ty.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if ty.is_socket() {
            return "a socket";
        }
        if ty.is_char_device() {
            return "a character device";
        }
        if ty.is_block_device() {
            return "a block device";
        }
    }
    "not a regular file"
}

/// Open `path` for reading without ever blocking: with `O_NONBLOCK` on Unix, so a FIFO
/// put in place of a file after it was checked does not wait for a writer. A regular
/// file reads as usual with the flag set.
fn open_nonblocking(path: &Path) -> io::Result<File> {
    let mut opts = fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NONBLOCK);
    }
    opts.open(path)
}

/// The file's bytes, or the record of a file that cannot be read at all: not a regular
/// file (`not_a_file`: a FIFO, socket, device or dangling link is never read), larger
/// than the part limit (`too_large`, hashed without being held in memory) or unreadable.
///
/// The limit is applied to the bytes read (`take`), not only to the length the file
/// system states: a file that grows while it is read is cut at the limit all the same.
fn read_input(path: &Path, max_bytes: u64) -> Result<Vec<u8>, Failed> {
    let unreadable = |e: io::Error| -> Failed {
        failed(
            ErrorCode::InternalError,
            format!("cannot read the input file: {e}"),
            String::new(),
            0,
        )
    };
    let not_a_file = |what: &str| -> Failed {
        failed(
            ErrorCode::NotAFile,
            format!("{what}, not a regular file: not read"),
            String::new(),
            0,
        )
    };
    // `metadata` follows a symlink without opening anything.
    let meta = match fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound && fs::symlink_metadata(path).is_ok() => {
            return Err(not_a_file("a symbolic link whose target does not exist"));
        }
        Err(e) => return Err(unreadable(e)),
    };
    if !meta.is_file() {
        return Err(not_a_file(kind_of(&meta)));
    }
    let mut file = open_nonblocking(path).map_err(unreadable)?;
    // Checked again on what was opened: the path may have changed since.
    let meta = file.metadata().map_err(unreadable)?;
    if !meta.is_file() {
        return Err(not_a_file(kind_of(&meta)));
    }
    read_bounded(&mut file, meta.len(), max_bytes)
}

/// Read a file the file system says is `len` bytes long, holding at most `max_bytes` +
/// 1 bytes: the limit counts the bytes as they come, since a stated length can be wrong
/// (a file growing while read, a `/proc` file stated as 0 bytes). A file past the limit is
/// `too_large`, hashed in 64 KiB pieces to its end — unless it reads on past 4 × the larger
/// of its stated length and the limit, when it is not hashed at all: it may never end.
fn read_bounded(file: &mut impl Read, len: u64, max_bytes: u64) -> Result<Vec<u8>, Failed> {
    let unreadable = |e: io::Error| -> Failed {
        failed(
            ErrorCode::InternalError,
            format!("cannot read the input file: {e}"),
            String::new(),
            0,
        )
    };
    let mut hasher = Sha256::new();
    let mut bytes = Vec::new();
    if len <= max_bytes {
        bytes.reserve_exact(len as usize + 1);
        file.take(max_bytes + 1)
            .read_to_end(&mut bytes)
            .map_err(unreadable)?;
        if bytes.len() as u64 <= max_bytes {
            return Ok(bytes);
        }
        hasher.update(&bytes);
    }
    let mut read = bytes.len() as u64;
    drop(bytes);
    let bound = len.max(max_bytes).saturating_mul(4).saturating_add(1);
    let mut buf = vec![0; 1 << 16];
    let mut rest = file.take(bound - read);
    loop {
        match rest.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                hasher.update(&buf[..n]);
                read += n as u64;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(unreadable(e)),
        }
    }
    if read >= bound {
        return Err(failed(
            ErrorCode::TooLarge,
            format!(
                "the file reads on past {read} bytes (stated {len}), more than the limit of \
                 {max_bytes} (--max-part-mib): not read further, not hashed"
            ),
            String::new(),
            len,
        ));
    }
    if read <= max_bytes {
        // Stated past the limit, read within it: the file shrank while it was read.
        return Err(failed(
            ErrorCode::InternalError,
            format!("the file changed while it was read (stated {len} bytes, read {read})"),
            String::new(),
            0,
        ));
    }
    let sha256 = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Err(failed(
        ErrorCode::TooLarge,
        format!("the file is {read} bytes, more than the limit of {max_bytes} (--max-part-mib)"),
        sha256,
        read,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(r: Result<Vec<u8>, Failed>) -> Report {
        match r {
            Ok(bytes) => panic!("read {} bytes", bytes.len()),
            Err(f) => f("x".into()),
        }
    }

    /// An endless input stated as short is cut at the limit, never read to its end.
    #[test]
    fn endless_input_is_cut_at_the_limit() {
        for stated in [0, 10, 999] {
            let r = record(read_bounded(&mut io::repeat(7), stated, 1000));
            let e = r.error.expect("error");
            assert_eq!(e.code, ErrorCode::TooLarge);
            assert!(
                e.message.contains("reads on past 4001 bytes"),
                "{}",
                e.message
            );
            assert_eq!(r.source.sha256, "");
        }
    }

    /// A file that grows past the limit while read is `too_large` and hashed whole.
    #[test]
    fn input_growing_past_the_limit_is_too_large() {
        let data = vec![1u8; 1500];
        let r = record(read_bounded(&mut &data[..], 100, 1000));
        assert_eq!(r.error.expect("error").code, ErrorCode::TooLarge);
        assert_eq!(r.source.bytes, 1500);
        let want: String = Sha256::digest(&data)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(r.source.sha256, want);
    }

    #[test]
    fn input_within_the_limit_is_read_whatever_its_stated_length() {
        let data = vec![2u8; 700];
        for stated in [0, 700] {
            match read_bounded(&mut &data[..], stated, 1000) {
                Ok(b) => assert_eq!(b, data),
                Err(f) => panic!("{:?}", f("x".into()).error),
            }
        }
    }

    #[test]
    fn threads_are_bounded() {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        assert_eq!(threads_for(5000, 5), 5.min(cores * 4));
        assert_eq!(threads_for(5000, 100_000), cores * 4);
        assert_eq!(threads_for(0, 100_000), cores);
        assert_eq!(threads_for(3, 0), 1);
    }
}
