//! Peak memory flat in the batch size (issue 16 item 4): the same kind of batch at N and
//! at 4N files, each size's lowest peak resident memory over a few runs read from the
//! kernel (wait4's rusage); the larger may hold only a little more — what the batch keeps per file (its name,
//! its cross-year digest, its hash: well under 1 KiB) — not the rows, findings or
//! buffers that grow with the files.

#![cfg(unix)]

mod common;

use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, Stdio};

/// Generated reports of the small run; the large one has four times as many. Only past
/// ~200 reports is every buffer (a row group of `cells.parquet`, the rows in flight) at
/// its bound — 100 against 400 files measured the buffers filling, +6.6 MiB on a CI
/// machine — so the small run is past that and what differs is what grows with the files.
const N: u64 = 250;

/// Each size runs this many times and its lowest peak counts: one run's peak moves by up
/// to 5 MiB (how far the writer lags the workers when the allocator asks for pages), the
/// lowest of three by about 2 MiB (measured here: 1,000 files' lowest peak 1.0–3.5 MiB above
/// 250 files', over four tries).
const RUNS: usize = 3;

/// What 3N more files may add to the peak: the per-file state is ~0.5 KiB (~400 KiB for
/// 3N files); rows held to the end would be ~300 B a cell × ~330 cells a report
/// (~70 MiB), a row group held per file far more. Past 8 MiB the batch keeps over 10 KiB a
/// file, twenty times what it should.
const SLACK_KIB: i64 = 8 * 1024;

/// `nianbao extract IN --out OUT --quiet --jobs 2`: the peak resident memory in KiB.
// The child is waited for, by wait4 (for its rusage), which clippy does not see.
#[allow(clippy::zombie_processes)]
fn peak_kib(input: &Path, out: &Path) -> i64 {
    let child = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .arg("extract")
        .arg(input)
        .arg("--out")
        .arg(out)
        .args(["--quiet", "--jobs", "2"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("run nianbao");
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value; wait4 fills it for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = child.id() as libc::pid_t;
    // SAFETY: `pid` is our child, not yet waited for; the pointers are to live locals.
    let got = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(got, pid, "wait4: {}", std::io::Error::last_os_error());
    let status = std::process::ExitStatus::from_raw(status);
    assert!(
        status.success(),
        "nianbao extract {}: {status}",
        input.display()
    );
    usage.ru_maxrss
}

fn batch(dir: &Path, n: u64) -> std::path::PathBuf {
    let input = dir.join("in");
    std::fs::create_dir_all(&input).unwrap();
    for i in 0..n {
        std::fs::write(
            input.join(format!("v{i:05}.docx")),
            testdocs::corpus::varied(i),
        )
        .unwrap();
    }
    input
}

#[test]
fn peak_memory_does_not_grow_with_the_files() {
    let small = common::scratch("batch_memory", "small");
    let large = common::scratch("batch_memory", "large");
    let (small_in, large_in) = (batch(&small, N), batch(&large, 4 * N));
    let lowest = |input: &Path, dir: &Path| {
        (0..RUNS)
            .map(|run| {
                let out = dir.join(format!("out{run}"));
                let peak = peak_kib(input, &out);
                // The last run's outputs stay, for the count below.
                if run + 1 < RUNS {
                    let _ = std::fs::remove_dir_all(&out);
                }
                peak
            })
            .min()
            .unwrap_or(i64::MAX)
    };
    let a = lowest(&small_in, &small);
    let b = lowest(&large_in, &large);
    // The files are all read (every report written): the runs did the work measured.
    let reports = std::fs::read_dir(large.join(format!("out{}/reports", RUNS - 1)))
        .unwrap()
        .count() as u64;
    assert_eq!(reports, 4 * N);
    eprintln!(
        "peak memory, lowest of {RUNS} runs: {N} files {a} KiB, {} files {b} KiB",
        4 * N
    );
    assert!(
        b - a <= SLACK_KIB,
        "peak memory grew with the batch: {N} files {a} KiB, {} files {b} KiB (+{} KiB, at most \
         {SLACK_KIB} allowed)",
        4 * N,
        b - a
    );
    let _ = std::fs::remove_dir_all(&small);
    let _ = std::fs::remove_dir_all(&large);
}
