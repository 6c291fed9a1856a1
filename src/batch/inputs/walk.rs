//! Walking an input folder: which entries are taken as reports (named as one, or with a
//! report format's bytes), which are counted instead (not regular files, files of no
//! report format). Its own file because telling a report by its bytes opens files,
//! which nothing else in finding the inputs does.

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use crate::open::sniff::{self, HeadVerdict};

/// What a walk counts instead of taking.
pub(super) struct Skipped<'a> {
    pub(super) not_files: &'a mut usize,
    pub(super) other_files: &'a mut BTreeMap<String, usize>,
}

/// Give `found` each report file under `dir` (its path relative to the walk's root, in
/// `rel`), counting the entries that are not regular files and the files of no report
/// format.
pub(super) fn walk(
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
