//! `make bench`: nianbao's throughput against the floor, measured in the same run.
//!
//! ```text
//! cargo bench --bench extract -- [N] [--jobs J] [--mix M] [--mix-only]
//! cargo bench --bench extract -- --mix M --mix-write DIR   (only write the mix into DIR)
//! ```
//!
//! (N default 2000, J default all cores, M default 3000). Last, and the headline: the
//! realistic mix of M documents end to end (`nianbao extract`) against its floor, in
//! [`mix`].
//!
//! 1. writes N reports with the project's generator (`testdocs::corpus::varied`: balanced
//!    2021 reports, written four ways in turn) under `target/bench/docs-N/` (kept between
//!    runs; rebuilt when missing);
//! 2. **floor**: per file, read it, find the main part through `_rels/.rels`, inflate it
//!    and tokenize it with quick-xml — the least any extractor must do;
//! 3. **extract**: per file, read it and `extract_bytes` (every stage; the report dropped);
//!    floor and extract are run in turn three times, the best pass of each reported;
//! 4. **outputs**: per file, extract (not timed), then format what the batch writes for
//!    it — the report's JSON, its rows of every batch CSV, its cross-year digest — with
//!    no filesystem: the output side's CPU cost, summed over the files, beside extract's;
//! 5. **batch**: `batch::run_inputs` into `target/bench/out/` — extract plus every output
//!    written (per-report JSON, the CSVs, summary), what `nianbao extract` does;
//! 6. **writes**: N files of the reports' mean JSON size created, written and renamed as
//!    `write` does — the filesystem's share of the batch, to read the batch line against;
//!
//! all on the same rayon pool of J threads, and prints docs/s, MB/s of input and each
//! time as a multiple of the floor's; then the process's peak resident memory (VmHWM).
//!
//! Output folders of earlier runs are moved aside first and deleted only after every
//! phase is timed: ext4 without a journal (this machine's) skips recently freed inodes
//! when it allocates new ones, so files deleted just before the batch would make every
//! file it creates cost a scan over them — an artifact of the bench, not of nianbao.
//! A benchmark, not a test: it asserts nothing (the goal, extract ≤ 1.5× floor and peak
//! memory < 100 MiB at 10,000 files, is read off its output).

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use quick_xml::Reader;
use quick_xml::events::Event;
use rayon::prelude::*;

use nianbao::batch::{BatchOptions, Input, run_inputs};

#[path = "extract/mix.rs"]
mod mix;
use nianbao::extract::{Options, extract_bytes};

/// Passes of floor and extract, the best of each reported.
const ROUNDS: usize = 3;

/// The allocator the `nianbao` binary uses, so the bench measures what users run.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let all: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    if all.first().is_some_and(|a| a == mix::MEASURE) {
        mix::measure(&all[1..]);
    }
    let mut n = 2000usize;
    let mut jobs = 0usize;
    let mut mix_n = 3000usize;
    let mut mix_only = false;
    let mut mix_write = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--jobs" | "-j" => jobs = args.next().and_then(|j| j.parse().ok()).unwrap_or(0),
            "--mix" => mix_n = args.next().and_then(|j| j.parse().ok()).unwrap_or(mix_n),
            "--mix-only" => mix_only = true,
            "--mix-write" => mix_write = args.next().map(PathBuf::from),
            // `cargo bench` passes --bench; filters and other flags are not ours.
            s if s.starts_with('-') => {}
            s => n = s.parse().unwrap_or(n),
        }
    }
    let threads = if jobs == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        jobs
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("pool");

    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench");
    if let Some(dir) = mix_write {
        // scripts/bench-100k.sh: only write the mix, for a run measured from outside.
        let files = pool.install(|| mix::write(&dir, mix_n));
        println!("{} files written under {}", files, dir.display());
        return;
    }
    if mix_only {
        mix::run(&root, mix_n, threads, &pool);
        return;
    }
    let docs = root.join(format!("docs-{n}"));
    let t = Instant::now();
    let files = pool.install(|| generate(&docs, n));
    let bytes: u64 = files
        .iter()
        .map(|f| fs::metadata(f).map_or(0, |m| m.len()))
        .sum();
    println!(
        "nianbao bench: {n} reports, {:.1} MB, {threads} threads (prepared in {:.1} s)",
        bytes as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );
    let cpu = fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.to_owned())
        })
        .and_then(|l| l.split_once(':').map(|(_, m)| m.trim().to_owned()))
        .unwrap_or_else(|| "unknown CPU".to_owned());
    println!("machine: {cpu}, {} logical CPUs", num_cpus());

    // Warm the page cache so every phase reads from memory.
    pool.install(|| files.par_iter().for_each(|f| drop(fs::read(f))));

    // Floor and extract in turn, each the best of ROUNDS passes: this machine's
    // neighbours move a single pass by ±10%, and taking turns lets a slow spell slow
    // both, not one.
    let (mut floor, mut extract) = (Duration::MAX, Duration::MAX);
    for _ in 0..ROUNDS {
        floor = floor.min(time(|| {
            pool.install(|| {
                let events: u64 = files.par_iter().map(|f| floor_one(f)).sum();
                std::hint::black_box(events);
            })
        }));
        extract = extract.min(time(|| {
            pool.install(|| {
                files.par_iter().for_each(|f| {
                    let bytes = fs::read(f).expect("read");
                    std::hint::black_box(extract_bytes("bench.docx", bytes, &Options::default()));
                })
            })
        }));
    }
    let outputs = AtomicU64::new(0);
    pool.install(|| {
        // Each thread reuses one JSON buffer, as the batch's workers do.
        files.par_iter().for_each_init(Vec::new, |json, f| {
            let bytes = fs::read(f).expect("read");
            let report = extract_bytes("bench.docx", bytes, &Options::default());
            let t = Instant::now();
            json.clear();
            nianbao::write::write_report_json(&report, json);
            std::hint::black_box((
                &json,
                nianbao::write::batch_rows(&report),
                nianbao::batch::ReportDigest::of(&report),
            ));
            outputs.fetch_add(t.elapsed().as_nanos() as u64, Ordering::Relaxed);
        })
    });
    let outputs = Duration::from_nanos(outputs.into_inner());

    // A fresh output folder: a re-run over existing files costs the filesystem more
    // (ext4 flushes a file renamed over another), which is not what is measured here.
    // The earlier runs' folders are moved aside, and deleted once every phase is timed.
    let trash = root.join(format!("trash-{}", std::process::id()));
    let out = root.join("out");
    let scratch = root.join("write-floor");
    for old in [&out, &scratch] {
        if old.exists() {
            fs::create_dir_all(&trash).expect("trash folder");
            let name = old.file_name().expect("name");
            fs::rename(old, trash.join(name)).expect("move an old output folder aside");
        }
    }
    let inputs: Vec<Input> = files
        .iter()
        .map(|f| {
            Input::new(
                f.clone(),
                f.strip_prefix(&docs)
                    .unwrap_or(f)
                    .to_string_lossy()
                    .replace('\\', "/"),
            )
        })
        .collect();
    let opts = BatchOptions {
        out: out.clone(),
        jobs: threads,
        ..BatchOptions::default()
    };
    let mut summary = None;
    let batch = time(|| summary = Some(run_inputs(&inputs, &opts).expect("batch runs")));

    // What the filesystem alone costs for the per-report files: the same number of files
    // of the reports' mean size, created, written and renamed as `write` does.
    let json_bytes: u64 = inputs
        .iter()
        .map(|i| fs::metadata(nianbao::write::report_path(&out, &i.rel)).map_or(0, |m| m.len()))
        .sum();
    let blob = vec![b'x'; (json_bytes / n.max(1) as u64) as usize];
    let write_floor = time(|| {
        pool.install(|| {
            inputs.par_iter().enumerate().for_each(|(i, input)| {
                let dir = scratch.join(input.rel.rsplit_once('/').map_or("", |(d, _)| d));
                nianbao::write::write_atomic(&dir.join(format!("{i}.json")), &blob).expect("write");
            })
        })
    });

    let row = |name: &str, d: Duration| {
        let s = d.as_secs_f64();
        println!(
            "{name:<8} {:>8.3} s  {:>9.0} docs/s  {:>7.1} MB/s  {:>5.2}× floor",
            s,
            n as f64 / s,
            bytes as f64 / 1e6 / s,
            s / floor.as_secs_f64()
        );
    };
    row("floor", floor);
    row("extract", extract);
    stages(&files[..files.len().min(500)]);
    written_by_applications();
    // Summed over the threads: CPU time, compared with extract's (its wall time × J).
    println!(
        "outputs  {:>8.3} s  ({:.0} µs a report: JSON, CSV rows, digest formatted, no filesystem; \
         {:.1}% of extract's CPU time)",
        outputs.as_secs_f64(),
        outputs.as_secs_f64() * 1e6 / n.max(1) as f64,
        outputs.as_secs_f64() * 100.0 / (extract.as_secs_f64() * threads as f64)
    );
    row("batch", batch);
    println!(
        "writes   {:>8.3} s  ({} files of {:.1} KB: create, write, rename; the filesystem's share of batch)",
        write_floor.as_secs_f64(),
        n,
        json_bytes as f64 / n.max(1) as f64 / 1e3
    );
    if let Some(s) = summary {
        println!("batch summary: {}", s.line());
    }
    if let Some(peak) = peak_rss_kib() {
        println!(
            "peak memory (VmHWM, whole bench process): {:.1} MiB",
            peak as f64 / 1024.0
        );
    }
    // Deleted last, so no phase allocates inodes beside freshly freed ones.
    let _ = fs::remove_dir_all(&scratch);
    let _ = fs::remove_dir_all(&trash);
    let stale = fs::read_dir(&root).into_iter().flatten().flatten();
    for e in stale.filter(|e| e.file_name().to_string_lossy().starts_with("trash-")) {
        let _ = fs::remove_dir_all(e.path());
    }
    // The headline: the realistic mix, end to end, against its floor.
    mix::run(&root, mix_n, threads, &pool);
}

/// The generator's documents hold little markup besides the tables, so tokenizing them
/// is cheap and the floor low. Beside them, the same two measures on documents real
/// applications wrote (the WPS Office template in `../shared/fixtures`, the LibreOffice
/// saves in `tests/data/libreoffice`), one thread, best of many passes: what the ratio is
/// on files as users have them.
fn written_by_applications() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dirs = [
        manifest.join("../shared/fixtures"),
        manifest.join("tests/data/libreoffice"),
    ];
    let files: Vec<PathBuf> = dirs
        .iter()
        .flat_map(|d| fs::read_dir(d).into_iter().flatten().flatten())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "docx"))
        .collect();
    if files.is_empty() {
        return;
    }
    let (mut floor, mut extract) = (Duration::MAX, Duration::MAX);
    for _ in 0..100 {
        floor = floor.min(time(|| {
            for f in &files {
                std::hint::black_box(floor_one(f));
            }
        }));
        extract = extract.min(time(|| {
            for f in &files {
                let bytes = fs::read(f).expect("read");
                std::hint::black_box(extract_bytes("app.docx", bytes, &Options::default()));
            }
        }));
    }
    let n = files.len() as f64;
    println!(
        "apps     {} documents written by WPS Office and LibreOffice, one thread: floor {:.0} µs, \
         extract {:.0} µs a document, {:.2}× floor",
        files.len(),
        floor.as_secs_f64() * 1e6 / n,
        extract.as_secs_f64() * 1e6 / n,
        extract.as_secs_f64() / floor.as_secs_f64()
    );
}

/// Where extract's time goes: each stage timed apart on this thread over `files`
/// (their bytes read first), µs a report, beside the floor's tokenizing of the main part.
fn stages(files: &[PathBuf]) {
    use nianbao::open::{Limits, Package};
    let docs: Vec<Vec<u8>> = files.iter().map(|f| fs::read(f).expect("read")).collect();
    let names = [
        "open + inflate main part",
        "styles part",
        "tokenize only (floor's share)",
        "read (the reader, to its Document)",
        "recognize",
        "check",
        "metadata",
        "narrative (text against tables)",
    ];
    let mut t = [Duration::ZERO; 8];
    // The narrative step's regexes are compiled once a process, on first use: not a
    // report's cost.
    std::hint::black_box(nianbao::check::narrative::statements(
        ["2021年共受理政府信息公开申请1件，未发生行政复议。"],
        Some(2021),
        None,
    ));
    let mut lap = |i: usize, at: &mut Instant| {
        let now = Instant::now();
        t[i] += now - *at;
        *at = now;
    };
    for bytes in &docs {
        let mut at = Instant::now();
        let Ok(mut pkg) = Package::from_bytes(bytes.clone(), &Limits::default()) else {
            continue;
        };
        let Ok(main) = pkg.read_main() else { continue };
        lap(0, &mut at);
        let styles = pkg.read_styles().ok().flatten();
        lap(1, &mut at);
        let mut reader = Reader::from_reader(main.as_slice());
        while !matches!(reader.read_event(), Ok(Event::Eof) | Err(_)) {}
        lap(2, &mut at);
        let Ok(doc) = nianbao::read::read_document("main", &main, styles.as_deref()) else {
            continue;
        };
        lap(3, &mut at);
        let rec = nianbao::recognize::recognize(&doc);
        lap(4, &mut at);
        let checked = std::hint::black_box(nianbao::check::check(&rec, &Default::default()));
        lap(5, &mut at);
        let meta = nianbao::metadata::metadata_with(&doc, || pkg.read_core_props()).ok();
        lap(6, &mut at);
        if let Some(meta) = std::hint::black_box(meta) {
            std::hint::black_box(nianbao::check::narrative::check(
                &doc,
                &checked.cells,
                &meta,
            ));
        }
        lap(7, &mut at);
    }
    let n = docs.len().max(1) as f64;
    let parts: Vec<String> = names
        .iter()
        .zip(t)
        .map(|(name, d)| format!("{name} {:.0}", d.as_secs_f64() * 1e6 / n))
        .collect();
    println!(
        "stages   µs a report, one thread, {} reports: {}",
        docs.len(),
        parts.join(", ")
    );
    // The generator's reports say little in their text; the narrative step on a body of
    // the sentences its tests read (testdocs::narrative::CASES, each a paragraph).
    let body: Vec<&str> = testdocs::narrative::CASES.iter().map(|c| c.0).collect();
    let at = Instant::now();
    for _ in 0..docs.len() {
        std::hint::black_box(nianbao::check::narrative::statements(
            body.iter().copied(),
            Some(2021),
            Some("静乐县人民政府办公室"),
        ));
    }
    println!(
        "narrative µs a report of {} narrative paragraphs, one thread: {:.0}",
        body.len(),
        at.elapsed().as_secs_f64() * 1e6 / docs.len().max(1) as f64
    );
}

fn num_cpus() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

fn time(f: impl FnOnce()) -> Duration {
    let t = Instant::now();
    f();
    t.elapsed()
}

/// `dir/gNNN/rNNNNN.docx`, 500 a folder; written once, reused while complete.
fn generate(dir: &Path, n: usize) -> Vec<PathBuf> {
    let files: Vec<PathBuf> = (0..n)
        .map(|i| {
            dir.join(format!("g{:03}", i / 500))
                .join(format!("r{i:05}.docx"))
        })
        .collect();
    let done = dir.join(".complete");
    if !done.exists() {
        let _ = fs::remove_dir_all(dir);
        files.par_iter().enumerate().for_each(|(i, f)| {
            fs::create_dir_all(f.parent().expect("parent")).expect("mkdir");
            fs::write(f, testdocs::corpus::varied(i as u64)).expect("write doc");
        });
        fs::write(&done, b"").expect("marker");
    }
    files
}

/// The floor for one file: read, open the zip, resolve the main part through
/// `_rels/.rels`, inflate it, tokenize it. Returns the number of XML events.
fn floor_one(path: &Path) -> u64 {
    let bytes = fs::read(path).expect("read");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    floor_main_part(&mut zip, path)
}

/// The floor's work inside an opened package (the mix's floor too): resolve the main
/// part through `_rels/.rels`, inflate it, tokenize it; the number of XML events.
fn floor_main_part(zip: &mut zip::ZipArchive<std::io::Cursor<Vec<u8>>>, path: &Path) -> u64 {
    let mut rels = String::new();
    zip.by_name("_rels/.rels")
        .expect("rels")
        .read_to_string(&mut rels)
        .expect("rels text");
    let main = main_target(&rels).unwrap_or_else(|| "word/document.xml".to_owned());
    let mut part = zip.by_name(&main).expect("main part");
    let mut xml = Vec::with_capacity(part.size() as usize);
    part.read_to_end(&mut xml).expect("inflate");
    let mut reader = Reader::from_reader(xml.as_slice());
    let mut events = 0;
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(_) => events += 1,
            Err(e) => panic!("{}: {e}", path.display()),
        }
    }
    events
}

/// The `officeDocument` relationship's target in `_rels/.rels`.
fn main_target(rels: &str) -> Option<String> {
    let at = rels.find("/officeDocument\"")?;
    let start = rels[..at].rfind("<Relationship")?;
    let rel = &rels[start..];
    let t = &rel[rel.find("Target=\"")? + 8..];
    Some(t[..t.find('"')?].trim_start_matches('/').to_owned())
}

/// Peak resident set size of this process, KiB (Linux).
fn peak_rss_kib() -> Option<u64> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
