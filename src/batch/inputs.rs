//! batch inputs: finding the files of a run and naming their outputs (`R`).

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::{BatchError, io_at};
use crate::write;

/// One input file and the relative path `R` its outputs are named by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub path: PathBuf,
    /// `/`-separated; becomes `source.path` and names `reports/R.json`.
    pub rel: String,
}

/// Find the input files and name them.
///
/// - A folder is walked recursively for `*.docx` (extension in any case); Word's lock
///   files (`~$name.docx`) and hidden entries (`.name`) are skipped, symlinked folders
///   are not followed. A file given directly is read whatever its extension.
/// - `R` is the path relative to the folder given, or the file name of a file given
///   directly. When several inputs are given, files found in a folder get that folder's
///   name as first component (`nianbao extract 2021/ 2022/` → `2021/a.docx`,
///   `2022/a.docx`), so two folders' files cannot overwrite each other.
/// - If two inputs still map to the same output (`a.docx` given from two folders, or
///   `A.DOCX` beside `a.docx`), the later one in sorted order gets `~2`, `~3`… before its
///   extension. The same file reached twice is read once.
/// - The result is sorted by `R` (byte order), which is the order of every batch file.
pub fn collect_inputs(inputs: &[PathBuf]) -> Result<Vec<Input>, BatchError> {
    let several = inputs.len() > 1;
    let mut found: Vec<Input> = Vec::new();
    let mut seen = HashSet::new();
    for input in inputs {
        let meta = fs::metadata(input).map_err(|_| BatchError::InputNotFound(input.clone()))?;
        let mut here = Vec::new();
        if meta.is_dir() {
            let prefix = if several { Some(dir_name(input)) } else { None };
            walk(input, &mut Vec::new(), &mut here).map_err(io_at(input))?;
            here.sort();
            for parts in here {
                let path = parts.iter().fold(input.clone(), |p, s| p.join(s));
                let mut rel: Vec<&str> = prefix.iter().map(String::as_str).collect();
                rel.extend(parts.iter().map(String::as_str));
                found.push(Input {
                    path,
                    rel: rel.join("/"),
                });
            }
        } else {
            let name = input
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .ok_or_else(|| BatchError::InputNotFound(input.clone()))?;
            found.push(Input {
                path: input.clone(),
                rel: name,
            });
        }
    }
    // One folder walked once holds each file once; only several inputs can overlap.
    if several {
        found.retain(|i| seen.insert(fs::canonicalize(&i.path).unwrap_or_else(|_| i.path.clone())));
    }
    found.sort_by(|a, b| a.rel.cmp(&b.rel));
    // Output names compared without case: the folder may be copied to Windows or macOS.
    let mut taken = HashSet::new();
    for input in &mut found {
        let mut n = 1;
        let base = input.rel.clone();
        while !taken.insert(json_key(&input.rel)) {
            n += 1;
            input.rel = with_suffix(&base, n);
        }
    }
    if found.is_empty() {
        return Err(BatchError::NoInput(inputs.to_vec()));
    }
    Ok(found)
}

fn json_key(rel: &str) -> String {
    write::report_path(Path::new(""), rel)
        .to_string_lossy()
        .to_lowercase()
}

/// `a/b.docx` → `a/b~2.docx`.
fn with_suffix(rel: &str, n: usize) -> String {
    let (dir, name) = rel.rsplit_once('/').map_or(("", rel), |(d, f)| (d, f));
    let name = match name.rfind('.') {
        Some(dot) if dot > 0 => format!("{}~{n}{}", &name[..dot], &name[dot..]),
        _ => format!("{name}~{n}"),
    };
    if dir.is_empty() {
        name
    } else {
        format!("{dir}/{name}")
    }
}

fn dir_name(dir: &Path) -> String {
    let name = dir.file_name().map(|n| n.to_string_lossy().into_owned());
    name.or_else(|| {
        fs::canonicalize(dir)
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
    })
    .unwrap_or_else(|| "input".to_owned())
}

fn walk(dir: &Path, rel: &mut Vec<String>, out: &mut Vec<Vec<String>>) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name.starts_with("~$") {
            continue;
        }
        let ty = entry.file_type()?;
        if ty.is_dir() {
            rel.push(name);
            walk(&entry.path(), rel, out)?;
            rel.pop();
        } else if name.to_ascii_lowercase().ends_with(".docx")
            && (ty.is_file() || entry.path().is_file())
        {
            let mut parts = rel.clone();
            parts.push(name);
            out.push(parts);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffixes() {
        assert_eq!(with_suffix("a/b.docx", 2), "a/b~2.docx");
        assert_eq!(with_suffix("b.docx", 3), "b~3.docx");
        assert_eq!(with_suffix("a.b/c", 2), "a.b/c~2");
    }
}
