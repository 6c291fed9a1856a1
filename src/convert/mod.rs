//! convert: `.doc`, `.wps`, `.rtf`, `.odt` to .docx through LibreOffice (SPEC §6).
//!
//! ```text
//!  inputs (bytes) ──► temp dir: in/0.doc in/1.rtf …  (copies; never beside the user's files)
//!                        │
//!     soffice -env:UserInstallation=file:///tmp/…/profile --headless
//!             --convert-to docx:"MS Word 2007 XML" --outdir out in/0.doc in/1.rtf …
//!                        │   one process start for the whole chunk, its own profile
//!                        ├── ends in time ──► out/0.docx out/1.docx … (a missing one failed)
//!                        └── times out ───► kill the process group; each file again alone,
//!                                           with its own timeout: a hanging file fails alone
//! ```
//!
//! A process start costs seconds (a fresh profile more), a conversion a fraction of one,
//! so files are converted many per start ([`Converter::convert_many`]). Every run is
//! bounded by a timeout scaled by what it converts ([`Timeouts`]); on expiry the whole
//! process group is killed (`soffice` is a shell wrapper around `soffice.bin`, which may
//! start helpers). A profile folder is never used by two processes at once: LibreOffice
//! holds a lock in it, and a second instance would hand its work to the first.
//!
//! The batch driver converts all of a run's convertible inputs in a phase before the main
//! pass ([`prepass`]); [`crate::extract::extract_bytes`] converts a single file when its
//! [`crate::extract::Options`] carry a converter.

use std::ffi::OsString;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use crate::open::Format;

pub mod prepass;

/// How long LibreOffice may take. All scale with [`Timeouts::per_file`] (`--convert-timeout`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Timeouts {
    /// A file converted on its own (a retry after a chunk timed out, or a single
    /// conversion): this plus `Timeouts::per_mib` for each MiB of input.
    pub per_file: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            per_file: Duration::from_secs(60),
        }
    }
}

impl Timeouts {
    /// One MiB of input: a sixth of the per-file budget (10 s by default; a 2 MB .doc with
    /// pictures converts in about a second).
    fn per_mib(&self) -> Duration {
        self.per_file / 6
    }

    /// A single file of `bytes`.
    pub fn single(&self, bytes: u64) -> Duration {
        self.per_file + self.per_mib().mul_f64(bytes as f64 / (1 << 20) as f64)
    }

    /// A chunk: half the per-file budget for the start, a twentieth for each file (3 s by
    /// default, ten times what a report takes), and the per-MiB allowance for its bytes.
    pub fn chunk(&self, files: usize, bytes: u64) -> Duration {
        self.per_file / 2
            + (self.per_file / 20) * files as u32
            + self.per_mib().mul_f64(bytes as f64 / (1 << 20) as f64)
    }
}

/// A LibreOffice found; its version is asked once, when a file is first converted
/// (`soffice --version` takes half a second: a batch without such files never pays it).
#[derive(Debug, Clone)]
pub struct Converter {
    /// The `soffice` program (or `libreoffice`, the same binary under Debian's name).
    pub soffice: PathBuf,
    pub timeouts: Timeouts,
    version: Arc<OnceLock<Result<String, String>>>,
}

/// Why no converter could be set up.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FindError {
    #[error("no `soffice` (or `libreoffice`) found on PATH")]
    NotOnPath,
    #[error("`{}` cannot be run: {why}", .path.display())]
    NotRunnable { path: PathBuf, why: String },
}

/// One file to convert: its bytes and what they are.
#[derive(Debug, Clone, Copy)]
pub struct Job<'a> {
    pub bytes: &'a [u8],
    pub format: Format,
}

/// One file's conversion: the .docx's path in a temporary folder that lives as long as
/// the [`Scratch`] it was made in, or why there is none.
pub type Outcome = Result<PathBuf, String>;

impl Converter {
    /// `explicit` (`--soffice PATH`: an executable file), else `soffice` then
    /// `libreoffice` on `PATH`. Nothing is run yet.
    pub fn find(explicit: Option<&Path>, timeouts: Timeouts) -> Result<Converter, FindError> {
        let soffice = match explicit {
            Some(p) if is_executable(p) => p.to_owned(),
            Some(p) => {
                return Err(FindError::NotRunnable {
                    path: p.to_owned(),
                    why: "no executable file there".to_owned(),
                });
            }
            None => ["soffice", "libreoffice"]
                .iter()
                .find_map(|name| on_path(name))
                .ok_or(FindError::NotOnPath)?,
        };
        Ok(Converter {
            soffice,
            timeouts,
            version: Arc::new(OnceLock::new()),
        })
    }

    /// As `source.converted.with` says it (`LibreOffice 7.4.7.2`), from `soffice
    /// --version`, asked once for all threads; `Err`: the program is no LibreOffice
    /// that answers.
    pub fn version(&self) -> Result<&str, &str> {
        match self.version.get_or_init(|| version_of(&self.soffice)) {
            Ok(v) => Ok(v),
            Err(e) => Err(e),
        }
    }

    /// Convert `jobs` with as few process starts as the timeouts allow: all in one
    /// `soffice` run in `scratch` (with `profile`, which no other process may use at
    /// the same time); when that run times out, each file again alone. One outcome per
    /// job, in order.
    pub fn convert_many(
        &self,
        jobs: &[Job<'_>],
        scratch: &Scratch,
        profile: &Path,
    ) -> Vec<Outcome> {
        self.convert_many_counted(jobs, scratch, profile, &|_| {})
    }

    /// [`Converter::convert_many`], telling `done(n)` as LibreOffice finishes files: `n`
    /// more files converted or failed (the calls add up to `jobs.len()`), seen while the
    /// process runs as its .docx files appear in the output folder — a progress bar's
    /// feed, so a chunk of 32 files does not look hung for half a minute.
    pub fn convert_many_counted(
        &self,
        jobs: &[Job<'_>],
        scratch: &Scratch,
        profile: &Path,
        done: &dyn Fn(usize),
    ) -> Vec<Outcome> {
        // What was told so far, capped at the number of jobs: after a chunk times out its
        // files run again one by one, and outputs seen before are not told twice.
        let told = std::cell::Cell::new(0usize);
        let tell = |n: usize| {
            let n = n.min(jobs.len() - told.get());
            if n > 0 {
                told.set(told.get() + n);
                done(n);
            }
        };
        let outcomes = self.convert_many_inner(jobs, scratch, profile, &tell);
        tell(jobs.len());
        outcomes
    }

    fn convert_many_inner(
        &self,
        jobs: &[Job<'_>],
        scratch: &Scratch,
        profile: &Path,
        tell: &dyn Fn(usize),
    ) -> Vec<Outcome> {
        if jobs.is_empty() {
            return Vec::new();
        }
        if let Err(why) = self.version() {
            let why = format!(
                "`{}` is not a usable LibreOffice: {why}",
                self.soffice.display()
            );
            return jobs.iter().map(|_| Err(why.clone())).collect();
        }
        let bytes: u64 = jobs.iter().map(|j| j.bytes.len() as u64).sum();
        let chunk = self.run_once(
            jobs,
            scratch,
            profile,
            self.timeouts.chunk(jobs.len(), bytes),
            tell,
        );
        match chunk {
            Ok(outcomes) => outcomes,
            Err(RunError::TimedOut(_)) if jobs.len() > 1 => jobs
                .iter()
                .map(|job| {
                    let one = std::slice::from_ref(job);
                    let limit = self.timeouts.single(job.bytes.len() as u64);
                    match self.run_once(one, scratch, profile, limit, tell) {
                        Ok(mut o) => o.pop().unwrap_or_else(|| Err("no outcome".to_owned())),
                        Err(e) => Err(e.to_string()),
                    }
                })
                .collect(),
            Err(e) => {
                let why = e.to_string();
                jobs.iter().map(|_| Err(why.clone())).collect()
            }
        }
    }

    /// One `soffice` run over `jobs` within `limit`; `tell(n)` as `n` more of its .docx
    /// files appear.
    fn run_once(
        &self,
        jobs: &[Job<'_>],
        scratch: &Scratch,
        profile: &Path,
        limit: Duration,
        tell: &dyn Fn(usize),
    ) -> Result<Vec<Outcome>, RunError> {
        let run = scratch.fresh("run").map_err(RunError::Io)?;
        let (input, output) = (run.join("in"), run.join("out"));
        fs::create_dir_all(&input).map_err(RunError::Io)?;
        fs::create_dir_all(&output).map_err(RunError::Io)?;
        // Copies named by position: the user's names may be anything, and LibreOffice
        // names its output after the input's stem (`3.doc` → `3.docx`).
        let mut inputs = Vec::with_capacity(jobs.len());
        for (k, job) in jobs.iter().enumerate() {
            let path = input.join(format!("{k}.{}", job.format.as_str()));
            fs::write(&path, job.bytes).map_err(RunError::Io)?;
            inputs.push(path);
        }
        let log = run.join("soffice.log");
        let mut cmd = Command::new(&self.soffice);
        cmd.arg(profile_arg(profile))
            .args([
                "--headless",
                "--invisible",
                "--nologo",
                "--norestore",
                "--nodefault",
                "--nolockcheck",
                "--convert-to",
                "docx:MS Word 2007 XML",
                "--outdir",
            ])
            .arg(&output)
            .args(&inputs)
            .stdin(Stdio::null())
            .stdout(fs::File::create(&log).map_err(RunError::Io)?)
            .stderr(
                fs::File::options()
                    .append(true)
                    .open(&log)
                    .map_err(RunError::Io)?,
            );
        // LibreOffice converts the files in turn, writing each .docx when done: counting
        // them every quarter second (a directory listing) follows its progress.
        let mut seen = 0usize;
        let mut polls = 0u32;
        let mut watch = || {
            polls += 1;
            if !polls.is_multiple_of(10) {
                return;
            }
            let Ok(entries) = fs::read_dir(&output) else {
                return;
            };
            let now = entries
                .filter_map(Result::ok)
                .filter(|e| e.path().extension().is_some_and(|x| x == "docx"))
                .count();
            if now > seen {
                tell(now - seen);
                seen = now;
            }
        };
        let status = run_bounded(cmd, limit, &mut watch)?;
        let said = fs::read_to_string(&log).unwrap_or_default();
        let outcomes = (0..jobs.len())
            .map(|k| {
                let docx = output.join(format!("{k}.docx"));
                if docx.is_file() {
                    Ok(docx)
                } else {
                    Err(format!(
                        "LibreOffice wrote no .docx for it (exit status {status}){}",
                        said_about(&said, &inputs[k])
                    ))
                }
            })
            .collect();
        // The copies are no longer needed; the outputs stay until the scratch goes.
        let _ = fs::remove_dir_all(&input);
        Ok(outcomes)
    }
}

/// What soffice printed about `input` (it names the file in its error lines).
fn said_about(log: &str, input: &Path) -> String {
    let name = input.file_name().map(|n| n.to_string_lossy().into_owned());
    let line = log.lines().find(|l| {
        let lower = l.to_ascii_lowercase();
        lower.contains("error")
            && name
                .as_deref()
                .is_none_or(|n| l.contains(n) || !l.contains(".doc"))
    });
    match line {
        Some(l) => format!(": {}", l.trim().chars().take(300).collect::<String>()),
        None => String::new(),
    }
}

/// `-env:UserInstallation=file:///…`: the profile folder as a file URL (its path is
/// ours, under the temp folder: ASCII, no characters to escape).
fn profile_arg(profile: &Path) -> OsString {
    let mut arg = OsString::from("-env:UserInstallation=file://");
    arg.push(profile.as_os_str());
    arg
}

#[derive(Debug, thiserror::Error)]
enum RunError {
    #[error("LibreOffice did not finish within {} s (killed)", .0.as_secs())]
    TimedOut(Duration),
    #[error("LibreOffice could not be run: {0}")]
    Io(io::Error),
}

/// Run `cmd` in a process group of its own; kill the group when `limit` passes.
/// `poll` is called every 25 ms while it runs.
fn run_bounded(
    mut cmd: Command,
    limit: Duration,
    poll: &mut dyn FnMut(),
) -> Result<String, RunError> {
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        cmd.process_group(0);
    }
    let mut child = cmd.spawn().map_err(RunError::Io)?;
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) => {
                return Ok(status
                    .code()
                    .map_or_else(|| "killed by a signal".to_owned(), |c| c.to_string()));
            }
            Ok(None) => {}
            Err(e) => {
                kill_group(&mut child);
                return Err(RunError::Io(e));
            }
        }
        if start.elapsed() >= limit {
            kill_group(&mut child);
            return Err(RunError::TimedOut(limit));
        }
        poll();
        std::thread::sleep(Duration::from_millis(25));
    }
}

fn kill_group(child: &mut Child) {
    #[cfg(unix)]
    if let Ok(pid) = libc::pid_t::try_from(child.id()) {
        // SAFETY: kill(2) with a negative pid signals the process group we created for
        // this child (`process_group(0)` makes its pid the group id); no memory is touched.
        unsafe {
            libc::kill(-pid, libc::SIGKILL);
        }
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// `soffice --version` → `LibreOffice 7.4.7.2` (its first two words: the product and
/// the version, without the build hash).
fn version_of(soffice: &Path) -> Result<String, String> {
    let dir = Scratch::new().map_err(|e| e.to_string())?;
    let log = dir.root().join("version.txt");
    let mut cmd = Command::new(soffice);
    // Its own profile: `--version` with the user's may wait on a running instance.
    cmd.arg(profile_arg(&dir.root().join("profile")))
        .arg("--version")
        .stdin(Stdio::null())
        .stdout(fs::File::create(&log).map_err(|e| e.to_string())?)
        .stderr(Stdio::null());
    match run_bounded(cmd, Duration::from_secs(60), &mut || {}) {
        Ok(status) if status == "0" => {}
        Ok(status) => return Err(format!("`--version` exited with status {status}")),
        Err(e) => return Err(e.to_string()),
    }
    let said = fs::read_to_string(&log).unwrap_or_default();
    let words: Vec<&str> = said.split_whitespace().take(2).collect();
    if words.len() == 2 && words[1].starts_with(|c: char| c.is_ascii_digit()) {
        Ok(words.join(" "))
    } else {
        Err(format!(
            "`--version` said {:?}, not a LibreOffice version",
            said.trim()
        ))
    }
}

/// `name` in a folder of `PATH`, as a shell finds it.
fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| is_executable(p))
}

fn is_executable(p: &Path) -> bool {
    let Ok(meta) = fs::metadata(p) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.is_file() && meta.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        meta.is_file()
    }
}

/// A temporary folder of ours (`$TMPDIR/nianbao-convert-<pid>-<n>`), removed with
/// everything in it when dropped: the copies of the inputs, the converted .docx files,
/// the profiles.
#[derive(Debug)]
pub struct Scratch {
    root: PathBuf,
    next: AtomicU64,
}

static SCRATCHES: AtomicU64 = AtomicU64::new(0);

impl Scratch {
    pub fn new() -> io::Result<Scratch> {
        let n = SCRATCHES.fetch_add(1, Ordering::Relaxed);
        let root = std::env::temp_dir().join(format!("nianbao-convert-{}-{n}", std::process::id()));
        // A folder left by an earlier process with our pid (a crash) is not reused.
        let _ = fs::remove_dir_all(&root);
        fs::create_dir_all(&root)?;
        Ok(Scratch {
            root,
            next: AtomicU64::new(0),
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// A new, empty subfolder `<what>-<n>`.
    pub fn fresh(&self, what: &str) -> io::Result<PathBuf> {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        let dir = self.root.join(format!("{what}-{n}"));
        fs::create_dir_all(&dir)?;
        Ok(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.root);
    }
}

/// Convert one file on its own (a library caller's [`crate::extract::extract_bytes`]):
/// the .docx's bytes, or why there are none.
pub fn convert_one(converter: &Converter, bytes: &[u8], format: Format) -> Result<Vec<u8>, String> {
    if let Err(why) = converter.version() {
        return Err(format!(
            "`{}` is not a usable LibreOffice: {why}",
            converter.soffice.display()
        ));
    }
    let scratch = Scratch::new().map_err(|e| format!("cannot make a temporary folder: {e}"))?;
    let profile = scratch.root().join("profile");
    let job = Job { bytes, format };
    let limit = converter.timeouts.single(bytes.len() as u64);
    let outcome = converter
        .run_once(&[job], &scratch, &profile, limit, &|_| {})
        .map_err(|e| e.to_string())?
        .pop()
        .unwrap_or_else(|| Err("no outcome".to_owned()))?;
    fs::read(&outcome).map_err(|e| format!("cannot read LibreOffice's .docx: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeouts_scale_with_the_work() {
        let t = Timeouts::default();
        assert_eq!(t.single(0), Duration::from_secs(60));
        assert_eq!(t.single(3 << 20), Duration::from_secs(90));
        assert_eq!(t.chunk(10, 0), Duration::from_secs(60));
        assert_eq!(t.chunk(20, 6 << 20), Duration::from_secs(150));
    }

    #[test]
    fn a_missing_program_is_not_runnable() {
        let e = Converter::find(Some(Path::new("/nonexistent/soffice")), Timeouts::default());
        assert!(matches!(e, Err(FindError::NotRunnable { .. })), "{e:?}");
    }
}
