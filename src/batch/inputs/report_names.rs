//! Report file names: `R` → `reports/…json`, each component fitted to a file system's
//! longest name, and the `~N` that keeps two inputs' report files apart. Its own file
//! because the rule for a clash (compared without case, the first `~N` no input owns)
//! is a job apart from finding the inputs.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::Inputs;

/// The longest file name, in bytes, of the file systems reports are written to (ext4,
/// XFS, btrfs, APFS: 255; NTFS: 255 UTF-16 units, which 255 bytes never exceed).
pub const MAX_NAME: usize = 255;

/// Give each input its report file, in order: its own name unless an earlier input took
/// it; then the first `~N` that is neither taken nor any input's own name.
///
/// Names are compared without case ([`name_key`]), through [`Names`]: a 64-bit hash of
/// each name with the input and `N` it is rebuilt from, so no name is held twice.
pub(super) fn name_reports(files: &mut Inputs) {
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
pub(super) fn json_name(rel: &str, n: usize) -> PathBuf {
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
pub(super) fn fit(stem: &str, suffix: &str) -> String {
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
