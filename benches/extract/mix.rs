//! The realistic mix (issue 16): what `nianbao extract` costs end to end on documents as
//! applications write them, against the floor in the same run.
//!
//! The mix, under `target/bench/mix-N/` (kept between runs; rebuilt when missing):
//! every `.docx` and page under `tests/data` and `../shared/fixtures` as they are
//! (`apps/`), then N documents of [`testdocs::mix::document`] (`gNNN/`): copies of those
//! files varied so that none shares bytes, and the generator's reports as Word-like,
//! raw, Word-quirk, converter-quirk .docx, web pages and pages saved as .docx
//! (`w:altChunk`). `.doc`/`.odt`/`.rtf` are left to `make bench-convert` (LibreOffice's
//! time, not ours).
//!
//! Measured, in turn, [`ROUNDS`] times each, the best pass of each kept:
//! - **floor**: per file, read it; a .docx: find the main part through `_rels/.rels`,
//!   inflate it and tokenize it (quick-xml), and any altChunk page in it (html5ever's
//!   tokenizer); a page: html5ever's tokenizer over its text — on this process's pool of
//!   J threads, wall time and CPU time (getrusage of this process);
//! - **in process**: per file, read it and `extract_bytes` (every stage, the report
//!   dropped, nothing formatted or written) on the same pool: what reading, recognizing
//!   and checking cost against the floor, the outputs left out;
//! - **cli**: `nianbao extract DIR --out OUT --quiet --jobs J`, every output written,
//!   OUT on tmpfs (`/dev/shm`) and, as a second line, on disk (`target/bench/`): wall time,
//!   CPU time and peak memory of the child (wait4's rusage);
//!
//! then one line for pages: our HTML reader (`read_html`, to its `Document`) against
//! html5ever's own parse of the same pages into its reference tree (markup5ever_rcdom).

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use html5ever::tendril::TendrilSink;
use html5ever::tokenizer::{
    BufferQueue, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use nianbao::extract::{Options, extract_bytes};
use rayon::prelude::*;

/// Passes of each measure, the best kept.
const ROUNDS: usize = 3;

/// Files a folder of the mix.
const PER_FOLDER: usize = 500;

/// Files real applications wrote: every .docx and page under `tests/data` and
/// `../shared/fixtures` (a SKIPPED line when that folder is absent), by name.
fn seeds() -> Vec<(String, Vec<u8>)> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared = manifest.join("../shared/fixtures");
    if !shared.is_dir() {
        println!(
            "SKIPPED: mix: {} not present: the WPS Office template is not in the mix",
            shared.display()
        );
    }
    let mut seeds = Vec::new();
    for (dir, label) in [
        (manifest.join("tests/data"), "tests/data"),
        (shared, "shared/fixtures"),
    ] {
        walk(&dir, &mut |p| {
            let name = p.to_string_lossy().to_ascii_lowercase();
            if [".docx", ".html", ".htm"].iter().any(|e| name.ends_with(e))
                && let Ok(bytes) = fs::read(p)
            {
                let rel = p.strip_prefix(&dir).unwrap_or(p).to_string_lossy();
                seeds.push((format!("{label}/{}", rel.replace('\\', "/")), bytes));
            }
        });
    }
    seeds.sort();
    seeds
}

/// Writes the mix of `n` documents into `dir` (the seeds under `apps/` included);
/// returns how many files it holds.
pub fn write(dir: &Path, n: usize) -> usize {
    // `generate` clears an incomplete folder: never one it did not write.
    assert!(
        !dir.exists() || dir.join(".complete").exists(),
        "{} exists and is not a mix: give a new folder",
        dir.display()
    );
    generate(dir, n, &seeds()).len()
}

pub fn run(root: &Path, n: usize, threads: usize, pool: &rayon::ThreadPool) {
    let seeds = seeds();
    let dir = root.join(format!("mix-{n}"));
    let t = Instant::now();
    let files = pool.install(|| generate(&dir, n, &seeds));
    let bytes: u64 = files
        .iter()
        .map(|f| fs::metadata(f).map_or(0, |m| m.len()))
        .sum();
    let pages = files.iter().filter(|f| is_page(f)).count();
    let alt = files
        .iter()
        .filter(|f| f.to_string_lossy().contains("altchunk"))
        .count();
    println!();
    println!(
        "mix: {} files, {:.1} MB ({} from tests/data and ../shared/fixtures as they are, {} copies \
         of them varied, {} web pages, {} pages saved as .docx, the rest the generator's .docx \
         as Word, raw, Word quirks, converter quirks), {threads} threads (prepared in {:.1} s)",
        files.len(),
        bytes as f64 / 1e6,
        seeds.len(),
        (0..n as u64)
            .filter(|i| i % 10 < 3 && !seeds.is_empty())
            .count(),
        pages,
        alt,
        t.elapsed().as_secs_f64()
    );
    pool.install(|| files.par_iter().for_each(|f| drop(fs::read(f))));

    // NIANBAO_BENCH_BIN: another build's binary (an earlier commit's) on the same mix.
    let exe = std::env::var_os("NIANBAO_BENCH_BIN").map_or_else(
        || PathBuf::from(env!("CARGO_BIN_EXE_nianbao")),
        PathBuf::from,
    );
    println!("mix cli       {}", exe.display());
    let shm = Path::new("/dev/shm");
    let tmpfs_root = shm
        .is_dir()
        .then(|| shm.join(format!("nianbao-bench-{}", std::process::id())));
    let disk_root = root.join(format!("mix-out-{}", std::process::id()));
    let mut floor = Best::default();
    let mut inproc = Best::default();
    let mut tmpfs = Best::default();
    let mut disk = Best::default();
    let mut sizes = None;
    for round in 0..ROUNDS {
        let cpu0 = self_cpu();
        let at = Instant::now();
        pool.install(|| {
            let events: u64 = files.par_iter().map(|f| floor_one(f)).sum();
            std::hint::black_box(events);
        });
        floor.add(at.elapsed(), self_cpu() - cpu0, 0);
        let cpu0 = self_cpu();
        let at = Instant::now();
        pool.install(|| {
            files.par_iter().for_each(|f| {
                let bytes = fs::read(f).expect("read");
                let name = f.to_string_lossy();
                std::hint::black_box(extract_bytes(&name, bytes, &Options::default()));
            })
        });
        inproc.add(at.elapsed(), self_cpu() - cpu0, 0);
        if let Some(t) = &tmpfs_root {
            let out = t.join(format!("out-{round}"));
            tmpfs.add_run(cli(&exe, &dir, &out, threads, round == 0));
            sizes.get_or_insert_with(|| output_size(&out));
        }
        let out = disk_root.join(format!("out-{round}"));
        disk.add_run(cli(&exe, &dir, &out, threads, false));
    }
    let nf = files.len() as f64;
    let line = |name: &str, b: &Best| {
        let s = b.wall.as_secs_f64();
        let mut l = format!(
            "{name:<13} {:>7.3} s wall {:>7.3} s CPU  {:>6.0} docs/s  {:>5.1} MB/s",
            s,
            b.cpu.as_secs_f64(),
            nf / s,
            bytes as f64 / 1e6 / s,
        );
        if !std::ptr::eq(b, &floor) {
            l.push_str(&format!(
                "  {:.2}× floor wall, {:.2}× floor CPU",
                s / floor.wall.as_secs_f64(),
                b.cpu.as_secs_f64() / floor.cpu.as_secs_f64(),
            ));
        }
        if b.peak_kib > 0 {
            l.push_str(&format!(
                ", peak memory {:.1} MiB",
                b.peak_kib as f64 / 1024.0
            ));
        }
        println!("{l}");
    };
    line("mix floor", &floor);
    line("mix in proc", &inproc);
    match &tmpfs_root {
        Some(_) => line("mix cli tmpfs", &tmpfs),
        None => println!("SKIPPED: mix cli tmpfs: /dev/shm not present"),
    }
    line("mix cli disk", &disk);
    if let Some((files, bytes)) = sizes {
        println!(
            "mix outputs   {files} files, {:.1} MB (reports/*.json, the CSVs and Parquet, summary)",
            bytes as f64 / 1e6
        );
    }
    html_line(&files);
    if let Some(t) = &tmpfs_root {
        let _ = fs::remove_dir_all(t);
    }
    let _ = fs::remove_dir_all(&disk_root);
}

#[derive(Default)]
struct Best {
    wall: Duration,
    cpu: Duration,
    peak_kib: u64,
}

impl Best {
    fn add(&mut self, wall: Duration, cpu: Duration, peak_kib: u64) {
        if self.wall.is_zero() || wall < self.wall {
            self.wall = wall;
        }
        if self.cpu.is_zero() || cpu < self.cpu {
            self.cpu = cpu;
        }
        self.peak_kib = self.peak_kib.max(peak_kib);
    }

    fn add_run(&mut self, r: Option<(Duration, Duration, u64)>) {
        if let Some((w, c, p)) = r {
            self.add(w, c, p);
        }
    }
}

/// One `nianbao extract` run into a fresh `out`: wall time, CPU time and peak resident
/// memory (KiB) of the child, from its own rusage — measured by [`measure`] in a fresh
/// process of this bench binary, not here: Linux carries the spawning process's
/// high-water mark into the child's `ru_maxrss` (at `exec`, the old image's peak is
/// kept), and this process holds the mix in memory, so a child spawned from here "peaked"
/// at this process's size (97 MiB for a 48 MiB run).
fn cli(
    exe: &Path,
    dir: &Path,
    out: &Path,
    threads: usize,
    first: bool,
) -> Option<(Duration, Duration, u64)> {
    let _ = fs::remove_dir_all(out);
    let me = std::env::current_exe()
        .map_err(|e| println!("mix cli: cannot find the bench binary: {e}"))
        .ok()?;
    let run = Command::new(me)
        .arg(MEASURE)
        .arg(exe)
        .arg("extract")
        .arg(dir)
        .arg("--out")
        .arg(out)
        .args(["--quiet", "--jobs", &threads.to_string()])
        .output()
        .map_err(|e| println!("mix cli: cannot start {}: {e}", exe.display()))
        .ok()?;
    let said = String::from_utf8_lossy(&run.stdout);
    // The last line is `measure`'s: wall µs, CPU µs, peak KiB; the child's before it.
    let (child, last) = said.trim_end().rsplit_once('\n').unwrap_or(("", &said));
    if first {
        println!("mix cli says  {child}");
    }
    let f: Vec<u64> = last
        .split_whitespace()
        .filter_map(|x| x.parse().ok())
        .collect();
    match (run.status.success(), f.as_slice()) {
        (true, &[wall, cpu, peak]) => Some((
            Duration::from_micros(wall),
            Duration::from_micros(cpu),
            peak,
        )),
        _ => {
            println!("mix cli: nianbao extract failed ({}): {said}", run.status);
            None
        }
    }
}

/// The argument that makes this bench binary [`measure`] a command instead of benching.
pub const MEASURE: &str = "--measure-child";

/// Run `args` (a program and its arguments), pass its standard output through, then
/// print one line: its wall time and CPU time in µs and its peak resident memory in KiB
/// (its own rusage, from `wait4`). Exits 1 when it fails. Run as a fresh process by
/// [`cli`], so the child's peak is its own (see there).
pub fn measure(args: &[std::ffi::OsString]) -> ! {
    let Some((exe, rest)) = args.split_first() else {
        std::process::exit(2)
    };
    let at = Instant::now();
    let child = match Command::new(exe)
        .args(rest)
        .stdout(std::process::Stdio::piped())
        .spawn()
    {
        Ok(c) => c,
        Err(e) => {
            println!("cannot start {}: {e}", exe.to_string_lossy());
            std::process::exit(1)
        }
    };
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value of the plain C struct.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child, writing into our own locals.
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut ru) };
    let wall = at.elapsed();
    // The summary line (a few hundred bytes: the pipe never fills before the exit).
    let mut said = String::new();
    if let Some(mut e) = child.stdout {
        let _ = e.read_to_string(&mut said);
    }
    print!("{said}");
    if pid <= 0 || !libc::WIFEXITED(status) || libc::WEXITSTATUS(status) > 1 {
        println!("wait status {status}");
        std::process::exit(1)
    }
    let cpu = tv(ru.ru_utime) + tv(ru.ru_stime);
    println!("{} {} {}", wall.as_micros(), cpu.as_micros(), ru.ru_maxrss);
    std::process::exit(0)
}

fn tv(t: libc::timeval) -> Duration {
    Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
}

/// CPU time (user + system) of this process so far.
fn self_cpu() -> Duration {
    // SAFETY: as in `cli`.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: getrusage writes into our local.
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut ru) };
    tv(ru.ru_utime) + tv(ru.ru_stime)
}

/// Files and bytes under `dir`.
fn output_size(dir: &Path) -> (u64, u64) {
    let (mut n, mut b) = (0, 0);
    walk(dir, &mut |p| {
        n += 1;
        b += fs::metadata(p).map_or(0, |m| m.len());
    });
    (n, b)
}

fn walk(dir: &Path, f: &mut dyn FnMut(&Path)) {
    let Ok(rd) = fs::read_dir(dir) else { return };
    let mut entries: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, f);
        } else {
            f(&p);
        }
    }
}

fn is_page(p: &Path) -> bool {
    let n = p.to_string_lossy().to_ascii_lowercase();
    n.ends_with(".html") || n.ends_with(".htm")
}

/// `dir/apps/…` (the seeds as they are) and `dir/gNNN/…`; written once, reused while complete.
fn generate(dir: &Path, n: usize, seeds: &[(String, Vec<u8>)]) -> Vec<PathBuf> {
    let done = dir.join(".complete");
    if !done.exists() {
        let _ = fs::remove_dir_all(dir);
        for (rel, bytes) in seeds {
            let p = dir.join("apps").join(rel.replace('/', "_"));
            fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
            fs::write(&p, bytes).expect("write seed");
        }
        (0..n).into_par_iter().for_each(|i| {
            let (name, bytes) = testdocs::mix::document(i as u64, seeds);
            let p = dir.join(format!("g{:03}", i / PER_FOLDER)).join(name);
            fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
            fs::write(&p, bytes).expect("write doc");
        });
        fs::write(&done, b"").expect("marker");
    }
    let mut files = Vec::new();
    walk(dir, &mut |p| {
        if !p.ends_with(".complete") {
            files.push(p.to_owned());
        }
    });
    files
}

/// The floor for one file (see the module doc); the number of tokens.
fn floor_one(path: &Path) -> u64 {
    let bytes = fs::read(path).expect("read");
    if !bytes.starts_with(b"PK") {
        return tokenize_html(&String::from_utf8_lossy(&bytes));
    }
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut events = super::floor_main_part(&mut zip, path);
    let chunks: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .filter(|n| n.ends_with(".htm") || n.ends_with(".html"))
        .collect();
    for c in chunks {
        let mut text = String::new();
        if let Ok(mut part) = zip.by_name(&c) {
            let _ = part.read_to_string(&mut text);
        }
        events += tokenize_html(&text);
    }
    events
}

/// Counts tokens, keeps none.
struct Count(std::cell::Cell<u64>);

impl TokenSink for Count {
    type Handle = ();
    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        std::hint::black_box(&token);
        self.0.set(self.0.get() + 1);
        TokenSinkResult::Continue
    }
}

/// html5ever's tokenizer over `text`, no tree: the least an HTML reader does.
fn tokenize_html(text: &str) -> u64 {
    let tok = Tokenizer::new(Count(std::cell::Cell::new(0)), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(text.into());
    let _ = tok.feed(&input);
    tok.end();
    tok.sink.0.get()
}

/// Pages a second, one thread: our reader to its `Document` against html5ever's parse
/// into RcDom, over every page of the mix, best of [`ROUNDS`] × 2 passes each.
fn html_line(files: &[PathBuf]) {
    let pages: Vec<Vec<u8>> = files
        .iter()
        .filter(|f| is_page(f))
        .filter_map(|f| fs::read(f).ok())
        .collect();
    if pages.is_empty() {
        return;
    }
    let limits = nianbao::read::html::Limits::default();
    let (mut ours, mut theirs) = (Duration::MAX, Duration::MAX);
    for _ in 0..ROUNDS * 2 {
        let at = Instant::now();
        for p in &pages {
            std::hint::black_box(nianbao::read::html::read_html(p, &limits).ok());
        }
        ours = ours.min(at.elapsed());
        let at = Instant::now();
        for p in &pages {
            let dom =
                html5ever::parse_document(markup5ever_rcdom::RcDom::default(), Default::default())
                    .from_utf8()
                    .one(p.as_slice());
            std::hint::black_box(dom);
        }
        theirs = theirs.min(at.elapsed());
    }
    let n = pages.len() as f64;
    println!(
        "html          {} pages, one thread: our reader {:.0} pages/s (encoding, html5ever into \
         our tree, walk to a Document), html5ever into RcDom {:.0} pages/s: {:.2}× html5ever's own parse",
        pages.len(),
        n / ours.as_secs_f64(),
        n / theirs.as_secs_f64(),
        ours.as_secs_f64() / theirs.as_secs_f64()
    );
}
