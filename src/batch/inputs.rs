//! batch inputs: finding the files of a run and naming their records (`R`, written to
//! `source.path`) and their report files (`reports/…json`).
//!
//! Paths stay as the OS has them (`PathBuf`, bytes on Unix) from the command line to the
//! `open` call; only `R` is text, written with [`escape_os`] so that a name that is not
//! UTF-8 (`\xff.docx`) still names its own record, losslessly.
//!
//! The module is split by job: `list` holds the inputs compactly ([`Inputs`]), `walk`
//! walks an input folder and tells the reports in it, `rel` makes `R` (escaping, input
//! labels) and `report_names` names the report files; this file finds the inputs.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::io::{self, Read};
use std::path::{Component, PathBuf};

use super::{BatchError, io_at};
use rel::{escape_path, join_rel, labels, own_path};
use report_names::name_reports;
use walk::{Skipped, walk};

mod list;
mod rel;
mod report_names;
mod walk;

pub use list::{Input, Inputs};
pub use rel::escape_os;
pub use report_names::MAX_NAME;

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
///   report ([`sniff::REPORT_EXTENSIONS`](crate::open::sniff::REPORT_EXTENSIONS), any
///   case: an empty `.docx` still gets its `empty_file` record) or its bytes are of a
///   report format (a web page saved as `.txt`); the others are counted by extension
///   ([`Found::other_files`]). Only the files not named as reports are opened here, and
///   only their first [`sniff::HEAD`](crate::open::sniff::HEAD) bytes are read — unless
///   they are a zip or an OLE compound file, which are read to their directory
///   (`is_report_container`). A file given directly is taken whatever its extension or
///   kind: a FIFO or a device given on the command line gets its `not_a_file` record
///   when read.
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

#[cfg(test)]
mod tests;
