//! `R`, the text a record is named by: an OS name escaped into text losslessly, and
//! each input's label (the trailing components that tell it from the other inputs) that
//! its files' `R` begin with.

use std::collections::{HashMap, HashSet};
use std::ffi::OsStr;
use std::fs;
use std::path::{Component, Path, PathBuf};

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
pub(super) fn escape_path(p: &Path) -> String {
    p.components()
        .map(|c| escape_os(c.as_os_str()))
        .collect::<Vec<_>>()
        .join("/")
}

pub(super) fn join_rel(label: &str, inner: &str) -> String {
    if label.is_empty() {
        inner.to_owned()
    } else {
        format!("{label}/{inner}")
    }
}

/// Each input's name as a prefix of its files' `R`: the fewest trailing components of its
/// absolute path that no other input shares.
pub(super) fn labels(inputs: &[PathBuf]) -> Vec<String> {
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
pub(super) fn own_path(p: &Path) -> PathBuf {
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
