//! Where outputs go, and the atomic write (temporary sibling, then rename) that puts them there.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// `R` (`a/b.docx`) → `reports/a/b.json` under `out`: `.docx` (any case) replaced by
/// `.json`, any other name gets `.json` appended.
pub fn report_path(out: &Path, rel: &str) -> PathBuf {
    let mut p = out.join("reports");
    for part in rel.split('/') {
        p.push(part);
    }
    let name = p
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let lower = name.to_ascii_lowercase();
    let json = match lower.strip_suffix(".docx") {
        Some(_) => format!("{}.json", &name[..name.len() - 5]),
        None => format!("{name}.json"),
    };
    p.set_file_name(json);
    p
}

/// What follows the final name in a temporary file's name (`.NAME.nianbao-tmp-PID-N`).
pub const TEMP_MARK: &str = ".nianbao-tmp-";

static TMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// A fresh temporary name beside `path`, in the same directory so the rename is atomic:
/// `.NAME.nianbao-tmp-PID-N`, with NAME cut (at a character) so that the whole stays
/// within 255 bytes, the longest file name of common file systems — a final name near
/// that length must not make its temporary one fail.
fn temp_beside(path: &Path) -> PathBuf {
    let n = TMP_COUNTER.fetch_add(1, Ordering::Relaxed);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tail = format!("{TEMP_MARK}{}-{n}", std::process::id());
    let mut cut = name.len().min(255 - 1 - tail.len());
    while !name.is_char_boundary(cut) {
        cut -= 1;
    }
    path.with_file_name(format!(".{}{tail}", &name[..cut]))
}

/// Write `bytes` to `path` atomically: a temporary sibling, then a rename over `path`.
/// Creates the parent directories.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    // Unbuffered: the bytes are already in one piece, a buffer would only copy them.
    let mut f = AtomicFile::with_buffer(path, 0)?;
    f.write_all(bytes)?;
    f.commit()
}

/// Write `bytes` to a new file at `path` with one `write`, creating the parent
/// directories only when the create says they are missing. For files inside a run's
/// stage (`batch::rundir`), which no reader sees before the run commits and which a run
/// that fails removes whole: the temporary name and rename of [`write_atomic`] would buy
/// nothing there, and cost a third of a report's filesystem time.
pub fn write_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut f = match File::create(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if let Some(dir) = path.parent() {
                fs::create_dir_all(dir).map_err(|e| with_path(e, dir))?;
            }
            File::create(path).map_err(|e| with_path(e, path))?
        }
        Err(e) => return Err(with_path(e, path)),
    };
    f.write_all(bytes).map_err(|e| with_path(e, path))
}

/// A file written under a temporary name and renamed over its final name by
/// [`AtomicFile::commit`]; dropped uncommitted, the temporary file is removed and the
/// final name untouched.
pub struct AtomicFile {
    tmp: PathBuf,
    path: PathBuf,
    file: Option<BufWriter<File>>,
}

impl AtomicFile {
    pub fn create(path: &Path) -> io::Result<AtomicFile> {
        AtomicFile::with_buffer(path, 64 << 10)
    }

    fn with_buffer(path: &Path, capacity: usize) -> io::Result<AtomicFile> {
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|e| with_path(e, dir))?;
        }
        let tmp = temp_beside(path);
        let file = File::create(&tmp).map_err(|e| with_path(e, &tmp))?;
        Ok(AtomicFile {
            tmp,
            path: path.to_owned(),
            file: Some(BufWriter::with_capacity(capacity, file)),
        })
    }

    /// Flush and rename over the final name.
    pub fn commit(mut self) -> io::Result<()> {
        let file = self.file.take().expect("committed once");
        file.into_inner()
            .map_err(|e| with_path(e.into_error(), &self.tmp))?;
        fs::rename(&self.tmp, &self.path).map_err(|e| with_path(e, &self.path))
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file.as_mut().expect("not committed").write(buf)
    }
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.file.as_mut().expect("not committed").write_all(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.file.as_mut().expect("not committed").flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            let _ = fs::remove_file(&self.tmp);
        }
    }
}

fn with_path(e: io::Error, path: &Path) -> io::Error {
    io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}
