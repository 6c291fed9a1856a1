//! Peak memory flat in the batch size (issue 16 item 4): the same kind of batch at N and
//! at 4N files, each run's peak resident memory read from the kernel (wait4's rusage);
//! the larger may hold only a little more — what the batch keeps per file (its name,
//! its cross-year digest, its hash: well under 1 KiB) — not the rows, findings or
//! buffers that grow with the files.

#![cfg(unix)]

mod common;

use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, Stdio};

/// Generated reports of the small run; the large one has four times as many. Past
/// ~100 reports every buffer (a row group of `cells.parquet`, the rows in flight) is at
/// its bound, so what differs is mostly what grows with the files.
const N: u64 = 100;

/// What 3N more files may add to the peak: the per-file state is ~0.5 KiB (150 KiB for
/// 3N files); rows held to the end would be ~300 B a cell × ~330 cells a report
/// (~30 MiB), a row group held per file far more. Run to run the peak moves by ~2 MiB.
const SLACK_KIB: i64 = 6 * 1024;

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
    let a = peak_kib(&small_in, &small.join("out"));
    let b = peak_kib(&large_in, &large.join("out"));
    // The files are all read (every report written): the runs did the work measured.
    let reports = std::fs::read_dir(large.join("out/reports"))
        .unwrap()
        .count() as u64;
    assert_eq!(reports, 4 * N);
    eprintln!("peak memory: {N} files {a} KiB, {} files {b} KiB", 4 * N);
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
