//! The list of a batch's inputs, kept small for 100,000 files: every input's `R` in one
//! buffer with where it was found, the path read and the report file rebuilt from them
//! when asked for. One job: holding the inputs; finding them and naming their report
//! files are the siblings' jobs.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::report_names::json_name;

/// One input file, the relative path `R` its record is named by, and its report file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The file as the OS names it: read from here, never rebuilt from `rel`.
    pub path: PathBuf,
    /// `/`-separated, [`escape_os`](super::escape_os)-escaped; becomes `source.path`.
    /// Never renamed to avoid a collision: that is `json`'s job.
    pub rel: String,
    /// The report file, relative to the output folder (`reports/a/b.json`): `rel` with
    /// its extension replaced by `.json`, `~2`, `~3`… before `.json` when two inputs
    /// would share it, and components too long for a file system hash-shortened
    /// ([`MAX_NAME`](super::MAX_NAME)).
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
    pub(super) jsons: HashMap<u32, PathBuf>,
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
    pub(super) fn push(&mut self, base: u32, rel: &str, path: &Path) {
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

    pub(super) fn add_base(&mut self, path: PathBuf, skip: Option<usize>) -> u32 {
        self.bases.push(Base { path, skip });
        (self.bases.len() - 1) as u32
    }

    /// The inputs in the order `order` gives (indexes into `self`), the others dropped.
    pub(super) fn reordered(&self, order: &[u32]) -> Inputs {
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
