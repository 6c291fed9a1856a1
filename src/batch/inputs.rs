//! batch inputs: finding the files of a run and naming their records (`R`, written to
//! `source.path`) and their report files (`reports/…json`).
//!
//! Paths stay as the OS has them (`PathBuf`, bytes on Unix) from the command line to the
//! `open` call; only `R` is text, written with [`escape_os`] so that a name that is not
//! UTF-8 (`\xff.docx`) still names its own record, losslessly.

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::ffi::OsStr;
use std::fs;
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};

use sha2::{Digest, Sha256};

use super::{BatchError, io_at};
use crate::open::sniff::{self, HeadVerdict};

/// One input file, the relative path `R` its record is named by, and its report file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The file as the OS names it: read from here, never rebuilt from `rel`.
    pub path: PathBuf,
    /// `/`-separated, [`escape_os`]-escaped; becomes `source.path`. Never renamed to
    /// avoid a collision: that is `json`'s job.
    pub rel: String,
    /// The report file, relative to the output folder (`reports/a/b.json`): `rel` with
    /// its extension replaced by `.json`, `~2`, `~3`… before `.json` when two inputs would share
    /// it, and components too long for a file system hash-shortened ([`MAX_NAME`]).
    pub json: PathBuf,
}

impl Input {
    /// An input whose report file is named from `rel` alone (no other input to collide
    /// with): for callers that name their inputs themselves.
    pub fn new(path: PathBuf, rel: String) -> Input {
        let json = json_name(&rel, 1);
        Input { path, rel, json }
    }
}

/// A batch's inputs in input order, kept small for 100,000 files: every input's `R` in one
/// buffer, and the folder (or file) it was found under; the path read and the report
/// file are rebuilt from them when asked for ([`Inputs::path`], [`Inputs::json`]), and
/// kept only where they are not what the rule gives (a name that is not UTF-8 or holds
/// `\`, a `~N` report name). An [`Input`] a file was ~250 bytes in three allocations and
/// its slot (19 MB of the peak at 100,000 files); this is its `R` and 8 bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inputs {
    /// Every input's `R`, one after the other.
    names: String,
    /// Input `i`'s `R` ends at `ends[i]` in `names` (and starts where `i - 1`'s ends).
    ends: Vec<usize>,
    /// `(first input, base)`: the inputs from that one on, to the next run's first, were
    /// found under `bases[base]`.
    runs: Vec<(usize, u32)>,
    bases: Vec<Base>,
    /// Inputs whose path is not [`Base`]'s rule's: index → the path.
    paths: HashMap<u32, PathBuf>,
    /// Inputs whose report file is not `json_name(R, 1)`: index → the report file.
    jsons: HashMap<u32, PathBuf>,
}

/// Where inputs were found: a folder walked (an input's path is `path` joined with the
/// components of its `R` after the first `skip` bytes: the folder's label and `/`), or a
/// file given as is (`skip: None`: the path is `path`).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Base {
    path: PathBuf,
    skip: Option<usize>,
}

impl Inputs {
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Input `i`'s `R` (`source.path`).
    pub fn rel(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.names[start..self.ends[i]]
    }

    /// The index in `bases` of where input `i` was found.
    fn base_of(&self, i: usize) -> u32 {
        self.runs[self.runs.partition_point(|&(first, _)| first <= i) - 1].1
    }

    fn base(&self, i: usize) -> &Base {
        &self.bases[self.base_of(i) as usize]
    }

    /// The file to read, as the OS names it.
    pub fn path(&self, i: usize) -> PathBuf {
        if let Some(p) = self.paths.get(&(i as u32)) {
            return p.clone();
        }
        let base = self.base(i);
        rule_path(base, self.rel(i))
    }

    /// The report file, relative to the output folder (`reports/a/b.json`).
    pub fn json(&self, i: usize) -> PathBuf {
        match self.jsons.get(&(i as u32)) {
            Some(p) => p.clone(),
            None => json_name(self.rel(i), 1),
        }
    }

    /// Input `i` as an [`Input`].
    pub fn get(&self, i: usize) -> Input {
        Input {
            path: self.path(i),
            rel: self.rel(i).to_owned(),
            json: self.json(i),
        }
    }

    pub fn to_vec(&self) -> Vec<Input> {
        (0..self.len()).map(|i| self.get(i)).collect()
    }

    /// Add an input found under `bases[base]`, read from `path` (kept only when the rule
    /// does not give it back).
    fn push(&mut self, base: u32, rel: &str, path: &Path) {
        let i = self.push_rel(base, rel);
        if rule_path(&self.bases[base as usize], rel).as_os_str() != path.as_os_str() {
            self.paths.insert(i as u32, path.to_owned());
        }
    }

    /// Append `R` found under `bases[base]`; its index.
    fn push_rel(&mut self, base: u32, rel: &str) -> usize {
        let i = self.len();
        if self.runs.last().is_none_or(|&(_, b)| b != base) {
            self.runs.push((i, base));
        }
        self.names.push_str(rel);
        self.ends.push(self.names.len());
        i
    }

    fn add_base(&mut self, path: PathBuf, skip: Option<usize>) -> u32 {
        self.bases.push(Base { path, skip });
        (self.bases.len() - 1) as u32
    }

    /// The inputs in the order `order` gives (indexes into `self`), the others dropped.
    fn reordered(&self, order: &[u32]) -> Inputs {
        let mut out = Inputs {
            bases: self.bases.clone(),
            ..Inputs::default()
        };
        out.names
            .reserve_exact(order.iter().map(|&i| self.rel(i as usize).len()).sum());
        out.ends.reserve_exact(order.len());
        for &i in order {
            let n = out.push_rel(self.base_of(i as usize), self.rel(i as usize));
            if let Some(p) = self.paths.get(&i) {
                out.paths.insert(n as u32, p.clone());
            }
            if let Some(p) = self.jsons.get(&i) {
                out.jsons.insert(n as u32, p.clone());
            }
        }
        out
    }
}

impl From<&[Input]> for Inputs {
    /// Inputs named by their callers, each read from its own path and written to its
    /// own report file.
    fn from(files: &[Input]) -> Inputs {
        let mut out = Inputs::default();
        for input in files {
            let base = out.add_base(input.path.clone(), None);
            out.push(base, &input.rel, &input.path);
            if input.json != json_name(&input.rel, 1) {
                out.jsons.insert((out.len() - 1) as u32, input.json.clone());
            }
        }
        out
    }
}

/// The path [`Base`]'s rule gives for `R`.
fn rule_path(base: &Base, rel: &str) -> PathBuf {
    let Some(skip) = base.skip else {
        return base.path.clone();
    };
    let mut p = base.path.clone();
    for part in rel.get(skip..).unwrap_or_default().split('/') {
        p.push(part);
    }
    p
}

/// What the inputs given hold: the files to read, the entries of their folders that
/// are not regular files, counted (`not_files` in `summary.json`), and the regular files
/// of no report format, counted by extension (`other_files`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Found {
    pub files: Inputs,
    /// Regular files inside input folders that are of no report format (SPEC §6: neither
    /// named as a report nor with a report's bytes): extension (lowercase, `(none)`
    /// without one) → count. Never given a record.
    pub other_files: BTreeMap<String, usize>,
    /// Entries inside input folders that are not regular files: FIFOs, sockets, devices,
    /// dangling symlinks, symlinks to anything but a regular file (symlinked folders are
    /// not followed). Never opened.
    pub not_files: usize,
}

/// The longest file name, in bytes, of the file systems reports are written to (ext4,
/// XFS, btrfs, APFS: 255; NTFS: 255 UTF-16 units, which 255 bytes never exceed).
pub const MAX_NAME: usize = 255;

/// Find the input files and name them. See [`find_inputs`]; this drops the count of
/// entries that are not files.
pub fn collect_inputs(inputs: &[PathBuf]) -> Result<Vec<Input>, BatchError> {
    find_inputs(inputs).map(|f| f.files.to_vec())
}

/// Find the input files and name them.
///
/// - A folder is walked recursively for every regular file; Word's lock files
///   (`~$name.docx`) and hidden entries (`.name`) are skipped, symlinked folders are not
///   followed, and entries that are not regular files are counted
///   ([`Found::not_files`]), never opened. A regular file is taken when it is named as a
///   report ([`sniff::REPORT_EXTENSIONS`], any case: an empty `.docx` still gets its
///   `empty_file` record) or its bytes are of a report format (a web page saved as
///   `.txt`); the others are counted by extension ([`Found::other_files`]). Only the
///   files not named as reports are opened here, and only their first
///   [`sniff::HEAD`] bytes are read — unless they are a zip or an OLE compound file,
///   which are read to their directory (`is_report_container`). A file given directly
///   is taken whatever its extension or kind: a FIFO or a device given on the command
///   line gets its `not_a_file` record when read.
/// - `R` is the path relative to the folder given, or the file name of a file given
///   directly. When several inputs are given, each is first named by as many trailing
///   components of its path as it takes to tell it from the others
///   (`nianbao extract 2021/ 2022/` → `2021/a.docx`, `2022/a.docx`;
///   `d1/sub d2/sub` → `d1/sub/a.docx`, `d2/sub/a.docx`). The same file reached twice is
///   read once.
/// - `R` is always the file's own path. When two inputs would still write the same report
///   file (`A.DOCX` beside `a.docx`: compared without case, as the folder may be copied to
///   Windows or macOS), the later one in sorted order gets `~2`, `~3`… before `.json` —
///   the first such number that no other input's own report name uses
///   (so `a~2.docx`'s report stays `a~2.json`).
/// - The result is sorted by `R` (byte order), which is the order of every batch file.
pub fn find_inputs(inputs: &[PathBuf]) -> Result<Found, BatchError> {
    let several = inputs.len() > 1;
    let labels = if several {
        labels(inputs)
    } else {
        vec![String::new()]
    };
    find_labelled(inputs, &labels, several)
}

/// Find the inputs a file list names (`--files-from`): each entry, a file or a folder,
/// is taken as on the command line, but named by its path **as listed** — `R` of
/// `2021/a.docx` is `2021/a.docx`, of a folder `d/`'s file `x.docx` is `d/x.docx` —
/// with `.` components and a leading `/` dropped; an entry holding `..` is named by its
/// absolute path instead (so no `R` climbs out of `reports/`). Names thus do not depend
/// on which other entries the list holds: the shards of a list split across machines
/// name each file as the whole list would.
pub fn find_listed(entries: &[PathBuf]) -> Result<Found, BatchError> {
    let labels: Vec<String> = entries
        .iter()
        .map(|p| {
            let p = if p.components().any(|c| c == Component::ParentDir) {
                own_path(p)
            } else {
                p.clone()
            };
            p.components()
                .filter_map(|c| match c {
                    Component::Normal(s) => Some(escape_os(s)),
                    _ => None,
                })
                .collect::<Vec<_>>()
                .join("/")
        })
        .collect();
    find_labelled(entries, &labels, true)
}

/// The entries of a file list: one path a line (`\n`, a `\r` before it dropped) or, with
/// `nul`, NUL-separated (`find -print0`); empty entries skipped, nothing else trimmed (a
/// name may end with a space). On Unix the bytes are the path's own, UTF-8 or not.
pub fn read_file_list(mut from: impl Read, nul: bool) -> io::Result<Vec<PathBuf>> {
    let mut bytes = Vec::new();
    from.read_to_end(&mut bytes)?;
    let sep = if nul { 0 } else { b'\n' };
    Ok(bytes
        .split(|&b| b == sep)
        .map(|e| {
            if nul {
                e
            } else {
                e.strip_suffix(b"\r").unwrap_or(e)
            }
        })
        .filter(|e| !e.is_empty())
        .map(|e| {
            #[cfg(unix)]
            let p = PathBuf::from(<std::ffi::OsStr as std::os::unix::ffi::OsStrExt>::from_bytes(e));
            #[cfg(not(unix))]
            let p = PathBuf::from(String::from_utf8_lossy(e).into_owned());
            p
        })
        .collect())
}

/// [`find_inputs`] with each input's name (`label`) given; `several`: more than one
/// input, so a file given directly is named by its label and overlaps are read once.
fn find_labelled(
    inputs: &[PathBuf],
    labels: &[String],
    several: bool,
) -> Result<Found, BatchError> {
    let mut found = Found::default();
    for (input, label) in inputs.iter().zip(labels) {
        // `symlink_metadata`: a dangling link given on the command line exists (and gets
        // its `not_a_file` record); only a path naming nothing is an error of the run.
        fs::symlink_metadata(input).map_err(|_| BatchError::InputNotFound(input.clone()))?;
        let is_dir = fs::metadata(input).is_ok_and(|m| m.is_dir());
        if is_dir {
            let skip = if label.is_empty() { 0 } else { label.len() + 1 };
            let base = found.files.add_base(input.clone(), Some(skip));
            let mut skipped = Skipped {
                not_files: &mut found.not_files,
                other_files: &mut found.other_files,
            };
            let files = &mut found.files;
            walk(input, &mut PathBuf::new(), &mut skipped, &mut |inner| {
                let rel = join_rel(label, &escape_path(inner));
                files.push(base, &rel, &input.join(inner));
            })
            .map_err(io_at(input))?;
        } else {
            let rel = if several {
                label.clone()
            } else {
                let name = input
                    .file_name()
                    .ok_or_else(|| BatchError::InputNotFound(input.clone()))?;
                escape_os(name)
            };
            let base = found.files.add_base(input.clone(), None);
            found.files.push(base, &rel, input);
        }
    }
    let files = &found.files;
    let mut order: Vec<u32> = (0..files.len() as u32).collect();
    // One folder walked once holds each file once; only several inputs can overlap.
    if several {
        let mut seen = HashSet::new();
        order.retain(|&i| {
            let path = files.path(i as usize);
            seen.insert(fs::canonicalize(&path).unwrap_or(path))
        });
    }
    order.sort_by(|&a, &b| files.rel(a as usize).cmp(files.rel(b as usize)));
    found.files = files.reordered(&order);
    name_reports(&mut found.files);
    if found.files.is_empty() {
        return Err(BatchError::NoInput(inputs.to_vec()));
    }
    Ok(found)
}

/// Give each input its report file, in order: its own name unless an earlier input took
/// it; then the first `~N` that is neither taken nor any input's own name.
///
/// Names are compared without case ([`name_key`]), through [`Names`]: a 64-bit hash of
/// each name with the input and `N` it is rebuilt from, so no name is held twice.
fn name_reports(files: &mut Inputs) {
    // The compared name of input `i`'s report file with `~n` (1: its own name).
    let key_of = |(i, n): (u32, u32)| name_key(&json_name(files.rel(i as usize), n as usize));
    let mut natural = Names::default();
    for i in 0..files.len() as u32 {
        natural.insert(&key_of((i, 1)), (i, 1), key_of);
    }
    let mut taken = Names::default();
    let mut jsons = Vec::new();
    for i in 0..files.len() as u32 {
        if taken.insert(&key_of((i, 1)), (i, 1), key_of) {
            continue;
        }
        let mut n = 2;
        loop {
            let k = key_of((i, n));
            if !natural.contains(&k, key_of) && taken.insert(&k, (i, n), key_of) {
                jsons.push((i, json_name(files.rel(i as usize), n as usize)));
                break;
            }
            n += 1;
        }
    }
    files.jsons.extend(jsons);
}

/// A report name as compared for clashes: without case, as the folder may be copied to
/// Windows or macOS.
fn name_key(p: &Path) -> String {
    p.to_string_lossy().to_lowercase()
}

/// A set of names, each held as its 64-bit hash and what rebuilds it (an input and a
/// `N`); a hash shared by two different names keeps the later ones whole in `clashes`,
/// so membership is exact.
#[derive(Default)]
struct Names {
    by_hash: HashMap<u64, (u32, u32)>,
    clashes: HashSet<String>,
}

impl Names {
    fn hash(name: &str) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::hash::DefaultHasher::new();
        name.hash(&mut h);
        h.finish()
    }

    /// Add `name`, rebuilt by `rebuild(who)`; whether it was not there yet.
    fn insert(
        &mut self,
        name: &str,
        who: (u32, u32),
        rebuild: impl Fn((u32, u32)) -> String,
    ) -> bool {
        match self.by_hash.entry(Self::hash(name)) {
            Entry::Vacant(e) => {
                e.insert(who);
                true
            }
            Entry::Occupied(e) => rebuild(*e.get()) != name && self.clashes.insert(name.to_owned()),
        }
    }

    fn contains(&self, name: &str, rebuild: impl Fn((u32, u32)) -> String) -> bool {
        match self.by_hash.get(&Self::hash(name)) {
            None => false,
            Some(&who) => rebuild(who) == name || self.clashes.contains(name),
        }
    }
}

/// `R` → `reports/R` with its extension (`.docx`, `.html`, …) replaced by `.json` (or
/// `.json` appended when it has none), `~n` before it when `n > 1`, each component
/// fitted to [`MAX_NAME`].
fn json_name(rel: &str, n: usize) -> PathBuf {
    let mut p = PathBuf::from("reports");
    let mut parts = rel.split('/').peekable();
    while let Some(part) = parts.next() {
        if parts.peek().is_some() {
            p.push(fit(part, ""));
            continue;
        }
        let stem = match part.rfind('.') {
            Some(dot) if dot > 0 && dot + 1 < part.len() => &part[..dot],
            _ => part,
        };
        let suffix = if n > 1 {
            format!("~{n}.json")
        } else {
            ".json".to_owned()
        };
        p.push(fit(stem, &suffix));
    }
    p
}

/// `stem` + `suffix`, or, when that passes [`MAX_NAME`] bytes, as much of `stem` as fits
/// (cut at a character) + `~` + 16 hex digits of the whole stem's SHA-256 + `suffix`:
/// still unique, still readable, and the full name is in the record's `source.path`.
fn fit(stem: &str, suffix: &str) -> String {
    if stem.len() + suffix.len() <= MAX_NAME {
        return format!("{stem}{suffix}");
    }
    let hash: String = Sha256::digest(stem.as_bytes())[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let mut cut = MAX_NAME - suffix.len() - 1 - hash.len();
    while !stem.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}~{hash}{suffix}", &stem[..cut])
}

/// An OS string as text, losslessly: valid UTF-8 as is, except that `\` is written `\\`;
/// each byte that is not part of valid UTF-8 as `\xHH` (two uppercase hex digits). So
/// `\xff.docx` (the byte FF, then `.docx`) is written `\xFF.docx`, and the file's name
/// can always be rebuilt from its record.
pub fn escape_os(s: &OsStr) -> String {
    #[cfg(unix)]
    let bytes = std::os::unix::ffi::OsStrExt::as_bytes(s);
    #[cfg(not(unix))]
    let owned = s.to_string_lossy();
    #[cfg(not(unix))]
    let bytes = owned.as_bytes();
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            if c == '\\' {
                out.push_str("\\\\");
            } else {
                out.push(c);
            }
        }
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02X}"));
        }
    }
    out
}

/// A relative path's components, escaped, `/`-separated.
fn escape_path(p: &Path) -> String {
    p.components()
        .map(|c| escape_os(c.as_os_str()))
        .collect::<Vec<_>>()
        .join("/")
}

fn join_rel(label: &str, inner: &str) -> String {
    if label.is_empty() {
        inner.to_owned()
    } else {
        format!("{label}/{inner}")
    }
}

/// Each input's name as a prefix of its files' `R`: the fewest trailing components of its
/// absolute path that no other input shares.
fn labels(inputs: &[PathBuf]) -> Vec<String> {
    let comps: Vec<Vec<String>> = inputs
        .iter()
        .map(|p| {
            let abs = own_path(p);
            let c: Vec<String> = abs
                .components()
                .filter_map(|c| match c {
                    Component::Normal(s) => Some(escape_os(s)),
                    _ => None,
                })
                .collect();
            if c.is_empty() {
                vec!["input".to_owned()]
            } else {
                c
            }
        })
        .collect();
    let label = |c: &[String], k: usize| c[c.len() - k.min(c.len())..].join("/");
    let mut k = vec![1; inputs.len()];
    // Each round lengthens the labels that still clash; bounded by the deepest path.
    let deepest = comps.iter().map(Vec::len).max().unwrap_or(1);
    for _ in 0..deepest {
        let mut groups: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, c) in comps.iter().enumerate() {
            groups.entry(label(c, k[i])).or_default().push(i);
        }
        let mut changed = false;
        for members in groups.values() {
            // The same path given twice is one input (read once), not a clash.
            let distinct: HashSet<&Vec<String>> = members.iter().map(|&i| &comps[i]).collect();
            if distinct.len() > 1 {
                for &i in members {
                    if k[i] < comps[i].len() {
                        k[i] += 1;
                        changed = true;
                    }
                }
            }
        }
        if !changed {
            break;
        }
    }
    comps.iter().zip(k).map(|(c, k)| label(c, k)).collect()
}

/// `p` absolute, its folders resolved but not its last component: a symlink given on the
/// command line is named by its own name, not its target's (`zero.docx` → `/dev/zero`).
fn own_path(p: &Path) -> PathBuf {
    let resolved = match (p.parent(), p.file_name()) {
        (Some(parent), Some(name)) => {
            let parent = if parent.as_os_str().is_empty() {
                Path::new(".")
            } else {
                parent
            };
            fs::canonicalize(parent).map(|d| d.join(name))
        }
        _ => fs::canonicalize(p),
    };
    resolved
        .or_else(|_| std::path::absolute(p))
        .unwrap_or_else(|_| p.to_owned())
}

/// What a walk counts instead of taking.
struct Skipped<'a> {
    not_files: &'a mut usize,
    other_files: &'a mut BTreeMap<String, usize>,
}

/// Give `found` each report file under `dir` (its path relative to the walk's root, in
/// `rel`), counting the entries that are not regular files and the files of no report
/// format.
fn walk(
    dir: &Path,
    rel: &mut PathBuf,
    skipped: &mut Skipped<'_>,
    found: &mut dyn FnMut(&Path),
) -> io::Result<()> {
    let mut entries: Vec<fs::DirEntry> = fs::read_dir(dir)?.collect::<io::Result<_>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name();
        let text = name.to_string_lossy();
        if text.starts_with('.') || text.starts_with("~$") {
            continue;
        }
        let ty = entry.file_type()?;
        if ty.is_dir() {
            rel.push(&name);
            walk(&entry.path(), rel, skipped, found)?;
            rel.pop();
            continue;
        }
        // A symlink is taken when it leads to a regular file; `metadata` follows it
        // without opening anything (a FIFO's open would block).
        let regular = ty.is_file()
            || (ty.is_symlink() && fs::metadata(entry.path()).is_ok_and(|m| m.is_file()));
        if !regular {
            *skipped.not_files += 1;
            continue;
        }
        let ext = extension_of(&text);
        if ext.as_deref().is_some_and(sniff::is_report_extension)
            || is_report_bytes(&entry.path(), ext.as_deref())
        {
            found(&rel.join(&name));
        } else {
            let key = ext.unwrap_or_else(|| "(none)".to_owned());
            *skipped.other_files.entry(key).or_default() += 1;
        }
    }
    Ok(())
}

/// A file name's extension, lowercase, without the dot (`None` for `README`, `.bashrc`).
fn extension_of(name: &str) -> Option<String> {
    match name.rfind('.') {
        Some(dot) if dot > 0 && dot + 1 < name.len() => Some(name[dot + 1..].to_lowercase()),
        _ => None,
    }
}

/// The most of a zip or OLE file not named as a report that is read to tell whether it
/// holds a document: past this it is taken as a report (its record then says what it is).
const CONTAINER_READ_MAX: u64 = 64 << 20;

/// Whether a file not named as a report has a report format's bytes. A file that cannot
/// be read is taken (its record says why) rather than silently counted.
fn is_report_bytes(path: &Path, ext: Option<&str>) -> bool {
    let Ok(mut file) = fs::File::open(path) else {
        return true;
    };
    let mut head = Vec::with_capacity(sniff::HEAD);
    if (&mut file)
        .take(sniff::HEAD as u64)
        .read_to_end(&mut head)
        .is_err()
    {
        return true;
    }
    match sniff::head_says(&head, ext) {
        HeadVerdict::Is(_) => true,
        HeadVerdict::Not => false,
        HeadVerdict::Container => is_report_container(file, head, ext),
    }
}

/// A zip or OLE file (a spreadsheet, an archive, or a .docx or .doc under another name):
/// [`sniff::sniff`] over the whole file, read up to [`CONTAINER_READ_MAX`].
fn is_report_container(mut file: fs::File, mut bytes: Vec<u8>, ext: Option<&str>) -> bool {
    let len = file.metadata().map_or(0, |m| m.len());
    if len > CONTAINER_READ_MAX {
        return true;
    }
    if (&mut file)
        .take(CONTAINER_READ_MAX)
        .read_to_end(&mut bytes)
        .is_err()
    {
        return true;
    }
    sniff::sniff(&bytes, ext).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_names() {
        assert_eq!(json_name("a/b.docx", 2), Path::new("reports/a/b~2.json"));
        assert_eq!(json_name("b.DOCX", 3), Path::new("reports/b~3.json"));
        assert_eq!(json_name("a.b/c", 2), Path::new("reports/a.b/c~2.json"));
        // Any extension is replaced (issue #10: a.html → a.json), only the last one.
        assert_eq!(json_name("x.doc", 1), Path::new("reports/x.json"));
        assert_eq!(json_name("x.doc.html", 1), Path::new("reports/x.doc.json"));
        assert_eq!(json_name("d/.docx", 1), Path::new("reports/d/.docx.json"));
        // A name ending in a multi-byte character just before `.docx`'s length.
        assert_eq!(json_name("文档", 1), Path::new("reports/文档.json"));
    }

    /// Report names as before `Inputs` (a name per input held three times): the later of
    /// two clashing names gets the first `~N` no input has as its own name; the paths are
    /// rebuilt from the folder and `R`, or kept when they cannot be.
    #[test]
    fn inputs_name_their_reports_and_paths() {
        let mut files = Inputs::default();
        let base = files.add_base(PathBuf::from("/in/d"), Some(2));
        for rel in ["x/a.docx", "x/A.DOCX", "x/a~2.docx", "x/a.html", "x/b.docx"] {
            files.push(base, rel, &Path::new("/in/d").join(&rel[2..]));
        }
        files.push(base, "x/odd", Path::new("/in/d/od\\d"));
        let order: Vec<u32> = vec![1, 0, 3, 2, 4, 5];
        let mut files = files.reordered(&order);
        name_reports(&mut files);
        let got: Vec<(String, String)> = (0..files.len())
            .map(|i| (files.rel(i).to_owned(), files.json(i).display().to_string()))
            .collect();
        let want = [
            ("x/A.DOCX", "reports/x/A.json"),
            ("x/a.docx", "reports/x/a~3.json"),
            ("x/a.html", "reports/x/a~4.json"),
            ("x/a~2.docx", "reports/x/a~2.json"),
            ("x/b.docx", "reports/x/b.json"),
            ("x/odd", "reports/x/odd.json"),
        ];
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(got, want);
        assert_eq!(files.path(0), Path::new("/in/d/A.DOCX"));
        assert_eq!(files.path(4), Path::new("/in/d/b.docx"));
        assert_eq!(files.path(5), Path::new("/in/d/od\\d"));
        assert_eq!(Inputs::from(&files.to_vec()[..]).to_vec(), files.to_vec());
    }

    #[test]
    fn long_names_fit_and_stay_apart() {
        let a = "报".repeat(100);
        let b = format!("{}告", "报".repeat(99));
        let (fa, fb) = (fit(&a, ".json"), fit(&b, ".json"));
        assert!(fa.len() <= MAX_NAME && fb.len() <= MAX_NAME, "{fa} {fb}");
        assert_ne!(fa, fb);
        assert!(fa.starts_with("报报") && fa.ends_with(".json"));
        assert_eq!(fit("short", ".json"), "short.json");
    }

    #[cfg(unix)]
    #[test]
    fn escape_is_lossless() {
        use std::os::unix::ffi::OsStrExt;
        let cases: [(&[u8], &str); 4] = [
            (b"\xff.docx", "\\xFF.docx"),
            (b"a\\xff.docx", "a\\\\xff.docx"),
            ("文档.docx".as_bytes(), "文档.docx"),
            (b"\xe6\x96.docx", "\\xE6\\x96.docx"),
        ];
        for (raw, want) in cases {
            assert_eq!(escape_os(OsStr::from_bytes(raw)), want);
        }
    }
}
