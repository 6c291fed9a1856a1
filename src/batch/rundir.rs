//! batch run folder: one run at a time in an output folder, and the folder whole after a
//! crash — either the earlier run's outputs or the new run's, never a mix.
//!
//! ```text
//!  DIR/.nianbao.lock            flock'ed for the whole run; says who holds it
//!  DIR/.nianbao-new-ID/         the run writes everything here (reports/, CSVs, summary.json)
//!  DIR/.nianbao-commit          "ID": written when the run is done, removed when in place
//!  DIR/.nianbao-old-ID/         the earlier run's outputs, moved aside, then deleted
//! ```
//!
//! Commit: the marker is written, then each output of the stage (summary.json last) is
//! moved into `DIR`, the earlier one of the same name moved aside first; then the marker
//! is removed and what was moved aside deleted. Renames only, so the window between the
//! first and the last is milliseconds, and a run killed inside it leaves the marker: the
//! next run (under the lock) finishes the moves before anything else. A run killed before
//! the marker leaves only its stage, which the next run deletes; `DIR`'s outputs are the
//! earlier run's, untouched.
//!
//! The lock is an advisory `flock` on `DIR/.nianbao.lock`: the kernel releases it when
//! its process dies, however it dies, so a lock file left by a dead run is simply taken
//! over. After locking, the file is checked to still be the one at that path (a run
//! ending removes it), else the lock is taken again.

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use super::{BatchError, io_at};
use crate::write;

const LOCK: &str = ".nianbao.lock";
const MARKER: &str = ".nianbao-commit";
const STAGE: &str = ".nianbao-new-";
const TRASH: &str = ".nianbao-old-";

/// The output folder of a run, locked, with the stage the run writes to.
pub(super) struct RunDir {
    out: PathBuf,
    id: String,
    stage: PathBuf,
    committed: bool,
    _lock: Lock,
}

impl RunDir {
    /// Create `out` if needed, lock it (or say who holds it), finish or clear what an
    /// earlier run left, remove stale temporaries, and make a fresh stage with `reports/`.
    pub(super) fn open(out: &Path) -> Result<RunDir, BatchError> {
        fs::create_dir_all(out).map_err(io_at(out))?;
        let lock = Lock::take(&out.join(LOCK))?;
        recover(out).map_err(io_at(out))?;
        remove_stale_temporaries(out);
        let started = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let id = format!("{}-{started}", std::process::id());
        let stage = out.join(format!("{STAGE}{id}"));
        fs::create_dir_all(stage.join("reports")).map_err(io_at(&stage))?;
        Ok(RunDir {
            out: out.to_owned(),
            id,
            stage,
            committed: false,
            _lock: lock,
        })
    }

    /// Where the run writes its outputs.
    pub(super) fn stage(&self) -> &Path {
        &self.stage
    }

    /// Put the stage's outputs in place of the earlier run's (see the module doc).
    pub(super) fn commit(mut self) -> Result<(), BatchError> {
        let marker = self.out.join(MARKER);
        write::write_atomic(&marker, format!("{}\n", self.id).as_bytes())
            .map_err(io_at(&marker))?;
        self.committed = true;
        roll_forward(&self.out, &self.id).map_err(io_at(&self.out))
    }
}

impl Drop for RunDir {
    fn drop(&mut self) {
        // A run that failed leaves the earlier outputs as they were.
        if !self.committed {
            let _ = fs::remove_dir_all(&self.stage);
        }
    }
}

/// Move the outputs of stage `id` into `out`, each earlier one aside first; then remove
/// the marker, the stage and what was moved aside. Safe to run again after a crash
/// anywhere inside it: an output still in the stage is one not yet moved.
fn roll_forward(out: &Path, id: &str) -> io::Result<()> {
    let stage = out.join(format!("{STAGE}{id}"));
    let trash = out.join(format!("{TRASH}{id}"));
    if stage.is_dir() {
        fs::create_dir_all(&trash)?;
        let mut names: Vec<_> = fs::read_dir(&stage)?
            .map(|e| e.map(|e| e.file_name()))
            .collect::<io::Result<_>>()?;
        // summary.json last: while it is the earlier one, the folder reads as the earlier
        // run's to anyone who starts from the summary.
        names.sort_by_key(|n| (n == "summary.json", n.clone()));
        for name in names {
            let (new, old) = (stage.join(&name), out.join(&name));
            if fs::symlink_metadata(&old).is_ok() {
                fs::rename(&old, trash.join(&name))?;
            }
            fs::rename(&new, &old)?;
        }
        fs::remove_dir(&stage)?;
    }
    fs::remove_file(out.join(MARKER))?;
    fs::remove_dir_all(&trash).or_else(not_found_ok)
}

fn not_found_ok(e: io::Error) -> io::Result<()> {
    if e.kind() == io::ErrorKind::NotFound {
        Ok(())
    } else {
        Err(e)
    }
}

/// What an earlier run left: a commit to finish (its marker), else stages and trash to
/// delete.
fn recover(out: &Path) -> io::Result<()> {
    let marker = out.join(MARKER);
    match fs::read_to_string(&marker) {
        Ok(id) => {
            let id = id.trim();
            // The id names a folder of ours: never a path.
            if id.is_empty() || id.contains(['/', '\\']) || id.contains("..") {
                fs::remove_file(&marker)?;
            } else {
                roll_forward(out, id)?;
            }
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    for e in fs::read_dir(out)?.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if (name.starts_with(STAGE) || name.starts_with(TRASH))
            && e.file_type().is_ok_and(|t| t.is_dir())
        {
            fs::remove_dir_all(e.path()).or_else(not_found_ok)?;
        }
    }
    Ok(())
}

/// Temporary files (`.NAME.nianbao-tmp-PID-N`) an earlier run — of this version, or of
/// one before it wrote to a stage — left in `out` and anywhere under `out/reports`.
fn remove_stale_temporaries(out: &Path) {
    fn walk(dir: &Path, depth: usize) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let Ok(ty) = e.file_type() else { continue };
            let name = e.file_name();
            let name = name.to_string_lossy();
            if ty.is_dir() && depth > 0 {
                walk(&e.path(), depth + 1);
            } else if ty.is_file() && name.starts_with('.') && name.contains(write::TEMP_MARK) {
                let _ = fs::remove_file(e.path());
            }
        }
    }
    walk(out, 0);
    walk(&out.join("reports"), 1);
}

/// The run's hold on `DIR/.nianbao.lock`; released (and the file removed) when dropped.
struct Lock {
    path: PathBuf,
    /// Held open: the `flock` lasts as long as the descriptor.
    _file: File,
}

impl Lock {
    fn take(path: &Path) -> Result<Lock, BatchError> {
        // A few rounds at most: another run ending between our open and our lock removes
        // the file we opened.
        for _ in 0..16 {
            let mut file = fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(path)
                .map_err(io_at(path))?;
            if !try_flock(&file).map_err(io_at(path))? {
                let mut holder = String::new();
                let _ = file.read_to_string(&mut holder);
                return Err(BatchError::Locked {
                    path: path.to_owned(),
                    holder: holder.trim().replace('\n', ", "),
                });
            }
            if !same_file(&file, path) {
                continue;
            }
            let now = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs());
            let text = format!("pid {}\nstarted {}\n", std::process::id(), utc(now));
            file.set_len(0).map_err(io_at(path))?;
            file.write_all(text.as_bytes()).map_err(io_at(path))?;
            return Ok(Lock {
                path: path.to_owned(),
                _file: file,
            });
        }
        Err(BatchError::Io {
            path: path.to_owned(),
            source: io::Error::other("the lock file keeps being replaced"),
        })
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed while still held: whoever opened it meanwhile finds it unlinked
        // (`same_file`) and takes a new one.
        let _ = fs::remove_file(&self.path);
    }
}

/// `flock(LOCK_EX | LOCK_NB)`: false when another process holds it.
#[cfg(unix)]
fn try_flock(file: &File) -> io::Result<bool> {
    use std::os::fd::AsRawFd;
    // SAFETY: flock on a descriptor we own, for as long as `file` lives.
    let r = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
    if r == 0 {
        return Ok(true);
    }
    let e = io::Error::last_os_error();
    if e.kind() == io::ErrorKind::WouldBlock {
        Ok(false)
    } else {
        Err(e)
    }
}

/// Without `flock` (not Unix) runs are not locked against each other.
#[cfg(not(unix))]
fn try_flock(_: &File) -> io::Result<bool> {
    Ok(true)
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &File, path: &Path) -> bool {
    path.exists()
}

/// Seconds since the epoch as `YYYY-MM-DDTHH:MM:SSZ` (days to a civil date: Howard
/// Hinnant's algorithm).
fn utc(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("nianbao-rundir-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("scratch");
        dir
    }

    fn put(path: &Path, text: &str) {
        fs::create_dir_all(path.parent().expect("parent")).expect("dir");
        fs::write(path, text).expect("write");
    }

    fn read(path: &Path) -> String {
        fs::read_to_string(path).unwrap_or_else(|e| format!("{}: {e}", path.display()))
    }

    #[test]
    fn dates() {
        assert_eq!(utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(utc(1_764_625_845), "2025-12-01T21:50:45Z");
    }

    /// A commit killed after any number of its moves is finished by the next run.
    #[test]
    fn a_commit_cut_anywhere_is_finished() {
        for moved in 0..=3 {
            let out = scratch(&format!("cut{moved}"));
            for name in ["reports/a.json", "cells.csv", "summary.json"] {
                put(&out.join(name), "old");
            }
            put(&out.join("reports/gone.json"), "old");
            put(&out.join("review/index.html"), "not ours");
            let stage = out.join(format!("{STAGE}7-1"));
            for name in ["reports/a.json", "cells.csv", "summary.json"] {
                put(&stage.join(name), "new");
            }
            put(&out.join(MARKER), "7-1\n");
            let trash = out.join(format!("{TRASH}7-1"));
            fs::create_dir_all(&trash).expect("trash");
            // The moves in commit order, the first `moved` of them done.
            for name in ["cells.csv", "reports", "summary.json"].iter().take(moved) {
                fs::rename(out.join(name), trash.join(name)).expect("aside");
                fs::rename(stage.join(name), out.join(name)).expect("in place");
            }
            recover(&out).expect("recover");
            assert_eq!(read(&out.join("reports/a.json")), "new", "{moved}");
            assert_eq!(read(&out.join("cells.csv")), "new");
            assert_eq!(read(&out.join("summary.json")), "new");
            assert!(!out.join("reports/gone.json").exists());
            assert_eq!(read(&out.join("review/index.html")), "not ours");
            let left: Vec<String> = fs::read_dir(&out)
                .expect("dir")
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with('.'))
                .collect();
            assert!(left.is_empty(), "{left:?}");
            let _ = fs::remove_dir_all(&out);
        }
    }

    /// A run killed before its commit: its stage goes, the earlier outputs stay.
    #[test]
    fn a_run_cut_before_its_commit_leaves_the_earlier_outputs() {
        let out = scratch("uncommitted");
        put(&out.join("summary.json"), "old");
        put(&out.join(format!("{STAGE}9-9/summary.json")), "new");
        put(&out.join("reports/.a.json.nianbao-tmp-9-0"), "half");
        put(&out.join("reports/x/.b.json.nianbao-tmp-9-1"), "half");
        put(&out.join(".cells.csv.nianbao-tmp-9-2"), "half");
        let dir = RunDir::open(&out).expect("open");
        assert_eq!(read(&out.join("summary.json")), "old");
        assert!(!out.join(format!("{STAGE}9-9")).exists());
        assert!(!out.join("reports/.a.json.nianbao-tmp-9-0").exists());
        assert!(!out.join("reports/x/.b.json.nianbao-tmp-9-1").exists());
        assert!(!out.join(".cells.csv.nianbao-tmp-9-2").exists());
        // A second open while the first holds the lock says who holds it.
        match RunDir::open(&out) {
            Err(BatchError::Locked { holder, .. }) => {
                assert!(
                    holder.starts_with(&format!("pid {}, started 20", std::process::id())),
                    "{holder}"
                );
            }
            Err(e) => panic!("{e}"),
            Ok(_) => panic!("locked twice"),
        }
        drop(dir);
        assert!(!out.join(LOCK).exists());
        let _ = fs::remove_dir_all(&out);
    }
}
