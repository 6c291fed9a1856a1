//! One run at a time, whole after a crash (issue 15): a second run into a folder another
//! run holds exits 2 naming the holder; a lock left by a dead run is taken over; a run
//! killed (SIGKILL) at any point of a batch leaves the folder's outputs exactly the
//! earlier run's, and the next run's exactly its own, with nothing of the killed run
//! left behind.

#![cfg(unix)]

mod common;

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::Write;
use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

fn scratch(name: &str) -> PathBuf {
    common::scratch("hostile_runs", name)
}

fn spawn(input: &Path, out: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .arg("extract")
        .arg(input)
        .arg("--out")
        .arg(out)
        .args(["--quiet", "--jobs", "2"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run nianbao")
}

fn wait(child: Child) -> Output {
    child.wait_with_output().expect("wait")
}

fn extract(input: &Path, out: &Path) -> Output {
    let o = wait(spawn(input, out));
    assert!(
        o.status.success(),
        "nianbao failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

/// `n` reports, the `i`-th `testdocs::corpus::varied(i + seed)`, plus one bad file.
fn batch(dir: &Path, n: u64, seed: u64) {
    fs::create_dir_all(dir).unwrap();
    for i in 0..n {
        fs::write(
            dir.join(format!("r{i:04}.docx")),
            testdocs::corpus::varied(i + seed),
        )
        .unwrap();
    }
    fs::write(dir.join("bad.docx"), format!("not a zip {seed}")).unwrap();
}

/// Every file under `dir` by relative path, those of nianbao's own bookkeeping
/// (`.nianbao*`) left out unless `all`.
fn tree(dir: &Path, all: bool) -> BTreeMap<String, Vec<u8>> {
    fn walk(dir: &Path, rel: &str, all: bool, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in fs::read_dir(dir).unwrap() {
            let e = e.unwrap();
            let name = e.file_name().to_string_lossy().into_owned();
            if !all && name.starts_with(".nianbao") {
                continue;
            }
            let rel = if rel.is_empty() {
                name
            } else {
                format!("{rel}/{name}")
            };
            if e.file_type().unwrap().is_dir() {
                walk(&e.path(), &rel, all, out);
            } else {
                out.insert(rel, fs::read(e.path()).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, "", all, &mut out);
    out
}

/// Report files a run has written so far, in its stage.
fn staged_reports(out: &Path) -> usize {
    let Ok(entries) = fs::read_dir(out) else {
        return 0;
    };
    entries
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".nianbao-new-"))
        .filter_map(|e| fs::read_dir(e.path().join("reports")).ok())
        .map(|r| r.count())
        .sum()
}

/// Kill a run over an earlier run's folder at points through its batch: each time the
/// folder's outputs are the earlier run's (or, had the kill come after the commit, the
/// new run's), never a mix; the run that then completes leaves exactly its own outputs.
#[test]
fn a_killed_run_leaves_the_earlier_run_or_its_own_never_a_mix() {
    let root = scratch("killed");
    let (old_in, new_in) = (root.join("old"), root.join("new"));
    batch(&old_in, 60, 0);
    batch(&new_in, 150, 1000);
    let out = root.join("out");
    extract(&old_in, &out);
    let old = tree(&out, true);
    assert!(old.contains_key("summary.json") && old.contains_key("reports/r0059.json"));
    let reference = root.join("reference");
    extract(&new_in, &reference);
    let new = tree(&reference, true);
    assert_ne!(old, new);

    let mut cut_mid_batch = 0;
    for at in [1, 40, 120] {
        let mut child = spawn(&new_in, &out);
        let start = Instant::now();
        let mut ended = false;
        while staged_reports(&out) < at {
            if child.try_wait().unwrap().is_some() {
                ended = true;
                break;
            }
            assert!(start.elapsed() < Duration::from_secs(120), "run stuck");
            std::thread::sleep(Duration::from_millis(2));
        }
        if !ended {
            cut_mid_batch += 1;
        }
        child.kill().unwrap();
        let _ = child.wait();
        let now = tree(&out, false);
        assert!(
            now == old || now == new,
            "killed after {at} reports: the folder mixes runs ({} files; old {}, new {})",
            now.len(),
            old.len(),
            new.len()
        );
        if now == new {
            // Committed before the kill: the next rounds start from the new run.
            extract(&old_in, &out);
        }
    }
    assert!(
        cut_mid_batch >= 2,
        "only {cut_mid_batch} kills came mid-batch"
    );
    extract(&new_in, &out);
    assert!(
        tree(&out, true) == new,
        "the completed run's folder is not exactly its own"
    );
}

/// Hold `out`'s lock as a run would (flock on `.nianbao.lock`, saying who holds it).
fn hold_lock(out: &Path, holder: &str) -> File {
    fs::create_dir_all(out).unwrap();
    let mut f = File::create(out.join(".nianbao.lock")).unwrap();
    // SAFETY: flock on a descriptor we own.
    let r = unsafe { libc::flock(f.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
    assert_eq!(r, 0, "flock");
    f.write_all(holder.as_bytes()).unwrap();
    f
}

/// A second run into a held folder exits 2 at once, naming the holder, and touches no
/// output; once the holder is gone, a run goes ahead.
#[test]
fn a_second_run_into_a_held_folder_exits_2() {
    let root = scratch("held");
    let input = root.join("in");
    batch(&input, 3, 0);
    let out = root.join("out");
    extract(&input, &out);
    let before = tree(&out, false);
    let lock = hold_lock(&out, "pid 4242\nstarted 2026-12-01T21:00:00Z\n");
    let o = wait(spawn(&input, &out));
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("is held by another nianbao run (pid 4242, started 2026-12-01T21:00:00Z)"),
        "{err}"
    );
    assert!(tree(&out, false) == before);
    drop(lock);
    extract(&input, &out);
    assert!(!out.join(".nianbao.lock").exists());
}

/// Two real runs at once: the second, started while the first works, exits 2 naming the
/// first's pid; the first completes whole.
#[test]
fn two_runs_at_once_one_is_refused() {
    let root = scratch("concurrent");
    let input = root.join("in");
    batch(&input, 100, 0);
    let reference = root.join("reference");
    extract(&input, &reference);
    let out = root.join("out");
    let first = spawn(&input, &out);
    let pid = first.id();
    let start = Instant::now();
    while staged_reports(&out) < 5 {
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "first run stuck"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    let second = wait(spawn(&input, &out));
    let first = wait(first);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert_eq!(second.status.code(), Some(2));
    let err = String::from_utf8_lossy(&second.stderr);
    assert!(err.contains(&format!("(pid {pid}, started 20")), "{err}");
    assert!(tree(&out, true) == tree(&reference, true));
}

/// A lock file left by a run that died (no process holds it) is taken over.
#[test]
fn a_dead_runs_lock_is_taken_over() {
    let root = scratch("stale");
    let input = root.join("in");
    batch(&input, 2, 0);
    let out = root.join("out");
    fs::create_dir_all(&out).unwrap();
    fs::write(
        out.join(".nianbao.lock"),
        "pid 999999\nstarted 2020-01-01T00:00:00Z\n",
    )
    .unwrap();
    extract(&input, &out);
    let summary: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["files"], 3);
    assert_eq!(summary["run"].as_str().unwrap().len(), 16);
    assert!(!out.join(".nianbao.lock").exists());
}
