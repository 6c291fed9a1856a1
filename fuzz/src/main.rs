//! nianbao-fuzz: a mutation fuzzer over `extract_bytes`, on stable Rust.
//!
//! No coverage-guided engine builds here (libFuzzer needs nightly flags), so this is the
//! next best thing for a reader of structured input: start from real documents, and
//! mutate them at the two levels where bugs hide —
//!
//! - the **zip bytes** (bit flips, overwritten fields, cut, spliced, duplicated spans),
//!   which exercises `open` and the zip crate under it;
//! - the **XML of a part** (`document.xml`, `styles.xml`, a rels part) mutated as bytes
//!   and as markup (OOXML tags from a dictionary inserted, spans deleted, duplicated,
//!   moved), then **re-zipped** with the other parts intact, which exercises `read`,
//!   `recognize` and `check` past the container.
//!
//! Web pages and single-file pages (MHT) are fuzzed too (`html.rs`): HTML seeds (the
//! built-in page, `corpus/web/`, `tests/data/web/`) mutated as markup, tables, encodings
//! and MIME, and a `.docx`'s `w:altChunk` page part mutated the same way before
//! re-zipping. Each input is named by its seed's kind (`fuzz.docx`, `fuzz.html`,
//! `fuzz.mht`), though what reads it is decided by its bytes, as in a batch.
//!
//! An input is kept in the working corpus when it produces an outcome not seen before
//! (status, error code, the first words of the message, template, anomaly codes): a
//! cheap stand-in for coverage feedback that steers mutation toward new paths.
//!
//! Findings, written to `fuzz/artifacts/` with the run's seed:
//! - `internal_error`: a panic caught by `extract_bytes` (a bug of ours);
//! - `slow`: one execution over `--slow-ms` (default 2000);
//! - `unlocated`: a `malformed_xml` error without its part and offset (SPEC §5 says
//!   where, not only what);
//! - `nondeterministic`: the same bytes read twice give two reports (checked on one
//!   execution in 16) — a batch must be reproducible;
//! - `hang`: one execution over `--hang-secs` (default 20) — the watchdog saves the
//!   input and aborts, since a stuck thread cannot be cancelled;
//! - a crash that kills the process (stack overflow, allocation failure under
//!   `make fuzz`'s memory limit): the input in flight is always in
//!   `last-input.docx` (whatever its kind; its first bytes tell), removed when a run
//!   ends normally.
//!
//! A finding is saved as `<kind>-<hash>.docx`, `.html` or `.mht` after its seed's kind.
//!
//! Usage: `nianbao-fuzz [--seconds N] [--seed N] [--seeds DIR]... [--out DIR]`.
//!
//! `--export DIR` instead writes the seed documents out for the libFuzzer targets
//! (`fuzz/libfuzzer`): each file to `DIR/extract/` (pages and MHTs among them: that
//! target reads bytes as a batch does), each .docx's main part to `DIR/document/`.

mod html;

use std::collections::HashSet;
use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use nianbao::extract::{Options, extract_bytes};
use nianbao::open::Limits;
use nianbao::report::{ErrorCode, Report, Status};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

struct Args {
    seconds: u64,
    seed: u64,
    seeds: Vec<PathBuf>,
    out: PathBuf,
    slow_ms: u128,
    hang_secs: u64,
    export: Option<PathBuf>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        seconds: 60,
        seed: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(1),
        seeds: Vec::new(),
        out: PathBuf::from("fuzz/artifacts"),
        slow_ms: 2000,
        hang_secs: 20,
        export: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--seconds" => args.seconds = value()?.parse().map_err(|e| format!("{e}"))?,
            "--seed" => args.seed = value()?.parse().map_err(|e| format!("{e}"))?,
            "--seeds" => args.seeds.push(PathBuf::from(value()?)),
            "--out" => args.out = PathBuf::from(value()?),
            "--slow-ms" => args.slow_ms = value()?.parse().map_err(|e| format!("{e}"))?,
            "--export" => args.export = Some(PathBuf::from(value()?)),
            "--hang-secs" => args.hang_secs = value()?.parse().map_err(|e| format!("{e}"))?,
            other => return Err(format!("unknown flag {other}")),
        }
    }
    Ok(args)
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("nianbao-fuzz: {e}");
            std::process::exit(2);
        }
    };
    // extract_bytes catches panics; the default hook would print each one as noise.
    std::panic::set_hook(Box::new(|_| {}));
    if let Err(e) = std::fs::create_dir_all(&args.out) {
        eprintln!("nianbao-fuzz: cannot create {}: {e}", args.out.display());
        std::process::exit(2);
    }

    let mut seeds = builtin_seeds();
    seeds.extend(html::builtin_seeds());
    for dir in &args.seeds {
        load_seeds(dir, &mut seeds);
    }
    if let Some(dir) = &args.export {
        match export(&seeds, dir) {
            Ok(n) => println!("nianbao-fuzz: exported {n} seeds to {}", dir.display()),
            Err(e) => {
                eprintln!("nianbao-fuzz: export to {}: {e}", dir.display());
                std::process::exit(2);
            }
        }
        return;
    }
    let pages = seeds.iter().filter(|(k, _)| *k != Kind::Docx).count();
    eprintln!(
        "nianbao-fuzz: seed {}, {} seed documents ({pages} pages and MHTs), {} s",
        args.seed,
        seeds.len(),
        args.seconds
    );

    let current: Arc<Mutex<Vec<u8>>> = Arc::new(Mutex::new(Vec::new()));
    let started_exec = Arc::new(AtomicU64::new(0));
    spawn_watchdog(
        current.clone(),
        started_exec.clone(),
        args.out.clone(),
        Duration::from_secs(args.hang_secs),
    );

    // A small limit keeps every execution fast; bombs are still refused at 256 MiB by
    // the same code path, which tests/hostile/ covers.
    let opts = Options {
        limits: Limits {
            max_part_bytes: 32 << 20,
        },
        ..Options::default()
    };
    let mut rng = Rng(args.seed | 1);
    let mut corpus: Vec<(Kind, Vec<u8>)> = seeds.clone();
    let mut seen: HashSet<String> = HashSet::new();
    let mut findings = 0u64;
    let mut execs = 0u64;
    let deadline = Instant::now() + Duration::from_secs(args.seconds);
    let mut last_status = Instant::now();

    let last_path = args.out.join("last-input.docx");
    let last = match std::fs::File::create(&last_path) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("nianbao-fuzz: cannot create {}: {e}", last_path.display());
            std::process::exit(2);
        }
    };

    while Instant::now() < deadline {
        // Half the time from a seed: kept inputs drift toward tiny broken zips that
        // stop early, and real documents are where the reader works.
        let base = if rng.chance(2) {
            &seeds[rng.below(seeds.len())]
        } else {
            &corpus[rng.below(corpus.len())]
        };
        let kind = base.0;
        let input = mutate(base, &seeds, &mut rng);
        if let Ok(mut c) = current.lock() {
            c.clone_from(&input);
        }
        // Two syscalls an execution, so that a crash that kills us leaves its input.
        {
            use std::os::unix::fs::FileExt;
            let _ = last.set_len(input.len() as u64);
            let _ = last.write_all_at(&input, 0);
        }
        started_exec.store(now_ms(), Ordering::SeqCst);
        let t = Instant::now();
        let report = extract_bytes(kind.name(), input.clone(), &opts);
        let took = t.elapsed();
        started_exec.store(0, Ordering::SeqCst);
        execs += 1;

        if let Some(err) = report
            .error
            .as_ref()
            .filter(|e| e.code == ErrorCode::InternalError)
        {
            findings += 1;
            let path = save(&args.out, "internal_error", kind, &input);
            eprintln!(
                "FINDING internal_error: {} -> {}",
                err.message,
                path.display()
            );
        }
        if let Some(err) = report.error.as_ref()
            && err.code == ErrorCode::MalformedXml
            && (err.part.is_none() || err.offset.is_none())
        {
            findings += 1;
            let path = save(&args.out, "unlocated", kind, &input);
            eprintln!(
                "FINDING unlocated malformed_xml: {err:?} -> {}",
                path.display()
            );
        }
        if execs.is_multiple_of(16) && extract_bytes(kind.name(), input.clone(), &opts) != report {
            findings += 1;
            let path = save(&args.out, "nondeterministic", kind, &input);
            eprintln!("FINDING nondeterministic report -> {}", path.display());
        }
        if took.as_millis() > args.slow_ms {
            findings += 1;
            let path = save(&args.out, "slow", kind, &input);
            eprintln!("FINDING slow ({took:?}) -> {}", path.display());
        }
        if seen.insert(outcome(&report)) && corpus.len() < 5000 {
            corpus.push((kind, input));
        }
        if last_status.elapsed() > Duration::from_secs(30) {
            eprintln!(
                "nianbao-fuzz: {execs} execs, {} outcomes, corpus {}, {findings} findings",
                seen.len(),
                corpus.len()
            );
            last_status = Instant::now();
        }
    }
    let _ = std::fs::remove_file(&last_path);
    println!(
        "nianbao-fuzz: {execs} executions in {} s, {} distinct outcomes, {findings} findings (seed {})",
        args.seconds,
        seen.len(),
        args.seed
    );
    if findings > 0 {
        std::process::exit(1);
    }
}

/// What distinguishes one run's result from another's, coarsely.
fn outcome(r: &Report) -> String {
    match (&r.status, &r.error) {
        (Status::Error, Some(e)) => {
            let words: String = e
                .message
                .split_whitespace()
                .take(4)
                .collect::<Vec<_>>()
                .join(" ");
            format!("error {:?} {words} {:?}", e.code, e.part)
        }
        _ => {
            let mut codes: Vec<String> = r
                .anomalies
                .iter()
                .map(|a| format!("{:?}", a.code))
                .collect();
            codes.sort();
            codes.dedup();
            format!(
                "ok {:?} {:?} {} {}",
                r.source.format,
                r.template,
                r.tables().len(),
                codes.join(",")
            )
        }
    }
}

/// What a seed is, and so what its mutations are and how an input is named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Docx,
    Html,
    Mht,
}

impl Kind {
    /// The name an input of this kind is extracted under.
    fn name(self) -> &'static str {
        match self {
            Kind::Docx => "fuzz.docx",
            Kind::Html => "fuzz.html",
            Kind::Mht => "fuzz.mht",
        }
    }

    fn ext(self) -> &'static str {
        match self {
            Kind::Docx => "docx",
            Kind::Html => "html",
            Kind::Mht => "mht",
        }
    }

    /// From a file name's extension.
    fn of(path: &Path) -> Option<Kind> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "docx" => Some(Kind::Docx),
            "html" | "htm" | "shtml" | "xhtml" => Some(Kind::Html),
            "mht" | "mhtml" => Some(Kind::Mht),
            _ => None,
        }
    }
}

fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
        .max(1)
}

/// Save the input of an execution that never returns, then abort.
fn spawn_watchdog(
    current: Arc<Mutex<Vec<u8>>>,
    started: Arc<AtomicU64>,
    out: PathBuf,
    hang: Duration,
) {
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(Duration::from_millis(500));
            let s = started.load(Ordering::SeqCst);
            if s != 0 && now_ms().saturating_sub(s) > hang.as_millis() as u64 {
                let input = current.lock().map(|c| c.clone()).unwrap_or_default();
                let path = save(&out, "hang", Kind::Docx, &input);
                eprintln!("FINDING hang (> {hang:?}) -> {}", path.display());
                std::process::abort();
            }
        }
    });
}

fn save(dir: &Path, what: &str, kind: Kind, bytes: &[u8]) -> PathBuf {
    // FNV-1a: a stable short name for the same bytes.
    let h = bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
    });
    let path = dir.join(format!("{what}-{h:016x}.{}", kind.ext()));
    if let Err(e) = std::fs::write(&path, bytes) {
        eprintln!("nianbao-fuzz: cannot write {}: {e}", path.display());
    }
    path
}

/// Seeds for the libFuzzer targets: whole files, and main parts found the way
/// `extract` finds them.
fn export(seeds: &[(Kind, Vec<u8>)], dir: &Path) -> std::io::Result<usize> {
    let (files, parts) = (dir.join("extract"), dir.join("document"));
    std::fs::create_dir_all(&files)?;
    std::fs::create_dir_all(&parts)?;
    for (i, (kind, bytes)) in seeds.iter().enumerate() {
        // Pages and MHTs too: the `extract` target sniffs its bytes as a batch does.
        std::fs::write(files.join(format!("seed-{i}.{}", kind.ext())), bytes)?;
        if *kind != Kind::Docx {
            continue;
        }
        let main = nianbao::open::Package::from_bytes(bytes.clone(), &Limits::default())
            .and_then(|mut p| p.read_main());
        if let Ok(xml) = main {
            std::fs::write(parts.join(format!("seed-{i}.xml")), xml)?;
        }
    }
    Ok(seeds.len())
}

fn load_seeds(dir: &Path, seeds: &mut Vec<(Kind, Vec<u8>)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        eprintln!("nianbao-fuzz: no seeds in {} (skipped)", dir.display());
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            load_seeds(&p, seeds);
        } else if let Some(kind) = Kind::of(&p)
            && let Ok(bytes) = std::fs::read(&p)
            && bytes.len() < 8 << 20
        {
            seeds.push((kind, bytes));
        }
    }
}

// ---------------------------------------------------------------------------
// Mutation

/// xorshift64*: deterministic from `--seed`, so a run can be replayed.
pub struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
    pub fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
}

fn mutate((kind, base): &(Kind, Vec<u8>), seeds: &[(Kind, Vec<u8>)], rng: &mut Rng) -> Vec<u8> {
    match kind {
        Kind::Html => {
            let mut b = base.clone();
            if rng.chance(10) {
                // Splice: the head of one page, the tail of another.
                let pages: Vec<&[u8]> = pages_of(seeds);
                let other = pages[rng.below(pages.len())];
                let (a, c) = (rng.below(b.len() + 1), rng.below(other.len() + 1));
                b = [&b[..a], &other[c..]].concat();
            }
            html::mutate_html(&mut b, rng);
            return b;
        }
        Kind::Mht => return html::mutate_mht(base, &pages_of(seeds), rng),
        Kind::Docx => {}
    }
    let base = base.as_slice();
    match rng.below(10) {
        0..=2 => {
            let mut b = base.to_vec();
            for _ in 0..1 + rng.below(4) {
                mutate_bytes(&mut b, rng, &[]);
            }
            b
        }
        3 => {
            // Splice: the head of one document, the tail of another.
            let other = &seeds[rng.below(seeds.len())].1;
            let cut_a = rng.below(base.len() + 1);
            let cut_b = rng.below(other.len() + 1);
            [&base[..cut_a], &other[cut_b..]].concat()
        }
        _ => mutate_part(base, rng).unwrap_or_else(|| {
            let mut b = base.to_vec();
            mutate_bytes(&mut b, rng, &[]);
            b
        }),
    }
}

/// Unzip, mutate the XML of one part, re-zip the rest unchanged.
fn mutate_part(base: &[u8], rng: &mut Rng) -> Option<Vec<u8>> {
    let mut zip = ZipArchive::new(Cursor::new(base)).ok()?;
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..zip.len().min(200) {
        let mut f = zip.by_index(i).ok()?;
        let name = f.name().ok()?.into_owned();
        let mut bytes = Vec::new();
        (&mut f).take(16 << 20).read_to_end(&mut bytes).ok()?;
        parts.push((name, bytes));
    }
    // document.xml most of the time: that is where the reader works hardest.
    let xml_parts: Vec<usize> = (0..parts.len())
        .filter(|&i| parts[i].0.ends_with(".xml") || parts[i].0.ends_with(".rels"))
        .collect();
    // An altChunk's page (`afchunk.htm`, `afchunk.mht`): a third of the time, when there.
    let page_part = parts.iter().position(|(n, _)| html::is_page_part(n));
    if let Some(p) = page_part
        && rng.chance(3)
    {
        let (name, part) = &mut parts[p];
        if name.to_ascii_lowercase().contains(".mht") {
            *part = html::mutate_mht(part, &[], rng);
        } else {
            html::mutate_html(part, rng);
        }
        return rezip(&parts, rng);
    }
    if xml_parts.is_empty() {
        return None;
    }
    let main = parts
        .iter()
        .position(|(n, _)| n.ends_with("document.xml") || n.ends_with("main.xml"));
    let target = match main {
        Some(m) if !rng.chance(4) => m,
        _ => xml_parts[rng.below(xml_parts.len())],
    };
    let part = &mut parts[target].1;
    for _ in 0..1 + rng.below(3) {
        if rng.chance(3) {
            mutate_bytes(part, rng, DICTIONARY);
        } else {
            mutate_markup(part, rng, DICTIONARY);
        }
    }
    if rng.chance(20) {
        // Drop a part, or rename one: the rels then point at nothing.
        let i = rng.below(parts.len());
        if rng.chance(2) {
            parts.remove(i);
        } else {
            parts[i].0.push('x');
        }
    }
    rezip(&parts, rng)
}

/// The parts zipped again, deflated or (one time in five) stored.
fn rezip(parts: &[(String, Vec<u8>)], rng: &mut Rng) -> Option<Vec<u8>> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let method = if rng.chance(5) {
        CompressionMethod::Stored
    } else {
        CompressionMethod::Deflated
    };
    let opts = SimpleFileOptions::default().compression_method(method);
    for (name, bytes) in parts {
        w.start_file(name.as_str(), opts).ok()?;
        w.write_all(bytes).ok()?;
    }
    Some(w.finish().ok()?.into_inner())
}

/// OOXML and XML fragments the reader has opinions about.
const DICTIONARY: &[&[u8]] = &[
    b"<w:tbl>", b"</w:tbl>", b"<w:tr>", b"</w:tr>", b"<w:tc>", b"</w:tc>", b"<w:p>", b"</w:p>",
    b"<w:r>", b"</w:r>", b"<w:t>", b"</w:t>", b"<w:t xml:space=\"preserve\">",
    b"<w:gridSpan w:val=\"3\"/>", b"<w:gridSpan w:val=\"0\"/>", b"<w:gridSpan w:val=\"99999999\"/>",
    b"<w:gridSpan w:val=\"-1\"/>", b"<w:vMerge w:val=\"restart\"/>", b"<w:vMerge/>",
    b"<w:vMerge w:val=\"continue\"/>", b"<w:hMerge w:val=\"restart\"/>", b"<w:hMerge/>",
    b"<w:gridBefore w:val=\"2\"/>", b"<w:gridAfter w:val=\"4294967295\"/>",
    b"<w:gridBefore w:val=\"18446744073709551615\"/>", b"<w:tcPr>", b"</w:tcPr>",
    b"<w:trPr>", b"</w:trPr>", b"<w:tblHeader/>", b"<w:sdt><w:sdtContent>",
    b"</w:sdtContent></w:sdt>", b"<w:smartTag>", b"</w:smartTag>", b"<w:customXml>",
    b"</w:customXml>", b"<w:hyperlink>", b"</w:hyperlink>", b"<w:fldSimple w:instr=\"=SUM(LEFT)\">",
    b"</w:fldSimple>", b"<w:fldChar w:fldCharType=\"begin\"/>",
    b"<w:fldChar w:fldCharType=\"separate\"/>", b"<w:fldChar w:fldCharType=\"end\"/>",
    b"<w:instrText>=SUM(ABOVE)</w:instrText>", b"<w:ins>", b"</w:ins>", b"<w:del>", b"</w:del>",
    b"<w:delText>9</w:delText>", b"<w:moveFrom>", b"</w:moveFrom>", b"<w:moveTo>", b"</w:moveTo>",
    b"<w:rPr><w:vanish/></w:rPr>", b"<w:vanish w:val=\"0\"/>", b"<w:proofErr w:type=\"gramStart\"/>",
    b"<w:bookmarkStart w:id=\"0\" w:name=\"a\"/>", b"<w:bookmarkEnd w:id=\"0\"/>",
    b"<mc:AlternateContent xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\"><mc:Choice Requires=\"wps\">",
    b"</mc:Choice><mc:Fallback>", b"</mc:Fallback></mc:AlternateContent>", b"<w:txbxContent>",
    b"</w:txbxContent>", b"<w:tab/>", b"<w:br/>", b"<w:cr/>", b"<w:pStyle w:val=\"Hidden\"/>",
    b"<w:rStyle w:val=\"a\"/>", b"<w:basedOn w:val=\"a\"/>", b"<w:style w:styleId=\"a\">",
    b"</w:style>", b"\xc2\xa0", b"\xe3\x80\x80", b"\xef\xbc\x91\xef\xbc\x92", b"\xe2\x80\x94",
    b"\xe2\x80\x8b", b"\xef\xbb\xbf", b"\xe6\x97\xa0", b"1,234", b"-5", b"0.5", b"99999999999999999999999",
    b"1e308", b"NaN", b"&amp;", b"&lt;", b"&#x0;", b"&#xD800;", b"&#1234567;", b"&lol;",
    b"<!DOCTYPE x [<!ENTITY lol \"lol\">]>", b"<![CDATA[12]]>", b"<?pi x?>", b"<!-- c -->",
    b"xmlns:w=\"http://purl.oclc.org/ooxml/wordprocessingml/main\"", b"xmlns=\"\"", b"ns0:",
    b"\x00", b"\xff\xfe", b"\xed\xa0\x80",
    "规章".as_bytes(), "本年制发件数".as_bytes(), "信息内容".as_bytes(), "（七）总计".as_bytes(),
    "一、本年新收政府信息公开申请数量".as_bytes(), "自然人".as_bytes(), "行政复议".as_bytes(),
    "本年新制作数量".as_bytes(), "（六）其他处理".as_bytes(), "2021年".as_bytes(),
];

/// Byte-level mutations, with `dict` fragments inserted when given.
pub fn mutate_bytes(b: &mut Vec<u8>, rng: &mut Rng, dict: &[&[u8]]) {
    if b.is_empty() {
        b.push(rng.next() as u8);
        return;
    }
    let at = rng.below(b.len());
    match rng.below(if dict.is_empty() { 8 } else { 10 }) {
        0 => b[at] ^= 1 << rng.below(8),
        1 => b[at] = rng.next() as u8,
        2 => {
            // An interesting value over a field: sizes, counts, offsets.
            let vals: [u32; 7] = [0, 1, 0x7F, 0xFF, 0xFFFF, 0xFFFF_FFFF, 0x8000_0000];
            let v = vals[rng.below(vals.len())].to_le_bytes();
            let n = [1, 2, 4][rng.below(3)];
            for (k, byte) in v.iter().take(n).enumerate() {
                if let Some(slot) = b.get_mut(at + k) {
                    *slot = *byte;
                }
            }
        }
        3 => b.truncate(at),
        4 => {
            let end = (at + 1 + rng.below(64)).min(b.len());
            b.drain(at..end);
        }
        5 => {
            let end = (at + 1 + rng.below(256)).min(b.len());
            let span = b[at..end].to_vec();
            let to = rng.below(b.len());
            b.splice(to..to, span);
        }
        6 => {
            // Zip structure: land on a signature and damage what follows.
            let sigs: [&[u8]; 3] = [b"PK\x03\x04", b"PK\x01\x02", b"PK\x05\x06"];
            let sig = sigs[rng.below(3)];
            if let Some(pos) = b.windows(4).skip(at).position(|w| w == sig) {
                let field = at + pos + 4 + rng.below(42);
                if let Some(slot) = b.get_mut(field) {
                    *slot = rng.next() as u8;
                }
            }
        }
        7 => {
            let n = rng.below(16);
            let bytes: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
            b.splice(at..at, bytes);
        }
        _ => {
            let frag = dict[rng.below(dict.len())];
            b.splice(at..at, frag.iter().copied());
        }
    }
}

/// Markup-level mutations: move whole elements around, so most results still parse
/// and reach the table reader; `dict` fragments (OOXML or HTML) inserted.
pub fn mutate_markup(b: &mut Vec<u8>, rng: &mut Rng, dict: &[&[u8]]) {
    let tags: Vec<usize> = b
        .iter()
        .enumerate()
        .filter(|&(_, &c)| c == b'<')
        .map(|(i, _)| i)
        .collect();
    if tags.len() < 2 {
        mutate_bytes(b, rng, dict);
        return;
    }
    let i = rng.below(tags.len() - 1);
    let j = i + 1 + rng.below((tags.len() - i - 1).min(40));
    let (from, to) = (tags[i], tags[j]);
    match rng.below(5) {
        0 => {
            b.drain(from..to);
        }
        1 => {
            let span = b[from..to].to_vec();
            b.splice(from..from, span);
        }
        2 => {
            let span: Vec<u8> = b.drain(from..to).collect();
            let at = tags[rng.below(tags.len())].min(b.len());
            b.splice(at..at, span);
        }
        3 => {
            let frag = dict[rng.below(dict.len())];
            b.splice(from..from, frag.iter().copied());
        }
        _ => {
            // Replace a text run's content by a number-like token.
            let tokens: [&[u8]; 8] = [
                b"0",
                b"12",
                b"\xef\xbc\x91",
                b"-",
                b"\xe2\x80\x94",
                b"",
                b"3.5",
                b"1,000",
            ];
            if let Some(gt) = b[from..to].iter().position(|&c| c == b'>') {
                let start = from + gt + 1;
                let tok = tokens[rng.below(tokens.len())];
                b.splice(start..to, tok.iter().copied());
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Built-in seeds: small documents with the constructs of SPEC §1, so the fuzzer has
// something to chew on even where no corpus has been generated.

const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"#;

const MAIN_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:style w:type="character" w:styleId="Hidden"><w:rPr><w:vanish/></w:rPr></w:style><w:style w:type="character" w:styleId="Child"><w:basedOn w:val="Hidden"/></w:style></w:styles>"#;

const CORE: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"><dc:title>2021年政府信息公开工作年度报告</dc:title><dcterms:created>2022-01-20T00:00:00Z</dcterms:created></cp:coreProperties>"#;

fn cell(text: &str, props: &str) -> String {
    format!("<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>")
}

/// A cell whose paragraph holds `runs` verbatim.
fn raw_cell(runs: &str) -> String {
    format!("<w:tc><w:p>{runs}</w:p></w:tc>")
}

fn row(cells: &[&str]) -> String {
    let mut s = String::from("<w:tr>");
    for c in cells {
        s.push_str(&cell(c, ""));
    }
    s.push_str("</w:tr>");
    s
}

/// Table 三's applicant columns, as the template heads them (the seed document's table and
/// the HTML seed page's).
const APPLICANT_COLUMNS: [&str; 7] = [
    "自然人",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
    "总计",
];

fn applications_table() -> String {
    let cols = APPLICANT_COLUMNS;
    let labels = [
        "一、本年新收政府信息公开申请数量",
        "二、上年结转政府信息公开申请数量",
        "（一）予以公开",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        "1.属于国家秘密",
        "2.其他法律行政法规禁止公开",
        "1.本机关不掌握相关政府信息",
        "1.信访举报投诉类申请",
        "3.其他",
        "（七）总计",
        "四、结转下年度继续办理",
    ];
    let mut s = String::from("<w:tbl>");
    s.push_str(&format!(
        "<w:tr>{}{}{}</w:tr>",
        cell(
            "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
            "<w:gridSpan w:val=\"3\"/><w:vMerge w:val=\"restart\"/>"
        ),
        cell("申请人情况", "<w:gridSpan w:val=\"7\"/>"),
        ""
    ));
    let mut header = String::from("<w:tr>");
    header.push_str(&cell("", "<w:gridSpan w:val=\"3\"/><w:vMerge/>"));
    for c in cols {
        header.push_str(&cell(c, ""));
    }
    header.push_str("</w:tr>");
    s.push_str(&header);
    for (k, l) in labels.iter().enumerate() {
        let n = (k * 7 % 5).to_string();
        let mut r = format!("<w:tr>{}", cell(l, "<w:gridSpan w:val=\"3\"/>"));
        for (c, _) in cols.iter().enumerate() {
            let text = match c {
                1 => "\u{a0}0".to_owned(),
                2 => "\u{3000}".to_owned(),
                3 => "１２".to_owned(),
                _ => n.clone(),
            };
            r.push_str(&cell(&text, ""));
        }
        r.push_str("</w:tr>");
        if k == 4 {
            s.push_str(&format!("<w:sdt><w:sdtContent>{r}</w:sdtContent></w:sdt>"));
        } else {
            s.push_str(&r);
        }
    }
    s.push_str("</w:tbl>");
    s
}

fn seed_document(ns: &str, nested: bool) -> String {
    let split_row = format!(
        "<w:tr>{}<w:tc><w:p><w:r><w:t>1</w:t></w:r><w:del><w:r><w:delText>9</w:delText></w:r></w:del><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText>=SUM(LEFT)</w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>2</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p></w:tc>{}{}</w:tr>",
        cell("行政规范性文件", ""),
        cell("见附件", ""),
        raw_cell("<w:r><w:rPr><w:rStyle w:val=\"Child\"/></w:rPr><w:t>7</w:t></w:r>")
    );
    let t2 = format!(
        "<w:tbl>{}{}{split_row}{}</w:tbl>",
        row(&["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]),
        row(&["规章", "1", "—", "3"]),
        row(&["行政事业性收费", "1,234.5"]),
    );
    let t4 = format!(
        "<w:tbl>{}{}{}</w:tbl>",
        row(&["行政复议", "", "", "", "", "", "", ""]),
        row(&[
            "结果维持",
            "结果纠正",
            "其他结果",
            "尚未审结",
            "总计",
            "未经复议直接起诉",
            "复议后起诉"
        ]),
        row(&["1", "0", "0", "0", "1", "2", "0"]),
    );
    let body = format!(
        "<w:p><w:r><w:t>某某县人民政府2021年政府信息公开工作年度报告</w:t></w:r></w:p><w:p><w:r><mc:AlternateContent xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\"><mc:Choice Requires=\"wps\"><w:txbxContent><w:p><w:r><w:t>标题</w:t></w:r></w:p></w:txbxContent></mc:Choice><mc:Fallback><w:txbxContent><w:p><w:r><w:t>标题</w:t></w:r></w:p></w:txbxContent></mc:Fallback></mc:AlternateContent></w:r></w:p>{t2}<w:p><w:r><w:t>三、收到和处理政府信息公开申请情况</w:t></w:r></w:p>{}{t4}<w:p><w:r><w:t>2022年1月20日</w:t></w:r></w:p>",
        applications_table()
    );
    let body = if nested {
        format!("<w:tbl><w:tr><w:tc>{body}<w:p/></w:tc></w:tr></w:tbl>")
    } else {
        body
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"{ns}\"><w:body>{body}</w:body></w:document>"
    )
}

/// The pages among the seeds (HTML seeds, for splicing and wrapping in an MHT).
fn pages_of(seeds: &[(Kind, Vec<u8>)]) -> Vec<&[u8]> {
    seeds
        .iter()
        .filter(|(k, _)| *k == Kind::Html)
        .map(|(_, b)| b.as_slice())
        .collect()
}

fn builtin_seeds() -> Vec<(Kind, Vec<u8>)> {
    let transitional = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    let strict = "http://purl.oclc.org/ooxml/wordprocessingml/main";
    [(transitional, false), (transitional, true), (strict, false)]
        .into_iter()
        .filter_map(|(ns, nested)| {
            let doc = seed_document(ns, nested);
            let mut w = ZipWriter::new(Cursor::new(Vec::new()));
            let opts = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
            for (name, bytes) in [
                ("_rels/.rels", RELS.as_bytes()),
                ("word/document.xml", doc.as_bytes()),
                ("word/_rels/document.xml.rels", MAIN_RELS.as_bytes()),
                ("word/styles.xml", STYLES.as_bytes()),
                ("docProps/core.xml", CORE.as_bytes()),
            ] {
                w.start_file(name, opts).ok()?;
                w.write_all(bytes).ok()?;
            }
            Some((Kind::Docx, w.finish().ok()?.into_inner()))
        })
        .collect()
}
