//! The `nianbao` binary end to end: flags, exit codes, the output folder's files and
//! their bytes. Documents come from `testdocs` (`corpus::varied(i)`: balanced 2021
//! reports written four ways) plus a few hand-made bad files.
//!
//! One test binary (each target under tests/ is one more to link); its topics are the
//! modules below, the helpers they share are here.

#[path = "../common/mod.rs"]
mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod bytes;
mod flags;
mod folders;

fn nianbao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(args)
        .output()
        .expect("run nianbao")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A fresh, empty folder for one test under the target's scratch space.
fn scratch(name: &str) -> PathBuf {
    common::scratch("cli", name)
}

fn put(path: &Path, bytes: &[u8]) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, bytes).unwrap();
}

/// The batch of the tests below:
///
/// ```text
/// in/a.docx            varied(0)            in/sub/deeper/d.DOCX   varied(3)
/// in/b.docx            "not a zip" (bad)    in/sub/~$c.docx        Word lock file (skipped)
/// in/sub/c.docx        varied(2)            in/sub/notes.txt       not .docx (skipped)
/// in/empty.docx        0 bytes (bad)
/// ```
fn batch(root: &Path) -> PathBuf {
    let input = root.join("in");
    put(&input.join("a.docx"), &testdocs::corpus::varied(0));
    put(&input.join("b.docx"), b"not a zip");
    put(&input.join("empty.docx"), b"");
    put(&input.join("sub/c.docx"), &testdocs::corpus::varied(2));
    put(&input.join("sub/~$c.docx"), b"lock");
    put(&input.join("sub/notes.txt"), b"notes");
    put(
        &input.join("sub/deeper/d.DOCX"),
        &testdocs::corpus::varied(3),
    );
    input
}

/// Every file under `dir`, by `/`-separated relative path.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(dir: &Path, rel: &str, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in fs::read_dir(dir).unwrap() {
            let e = e.unwrap();
            let name = e.file_name().to_string_lossy().into_owned();
            let rel = if rel.is_empty() {
                name
            } else {
                format!("{rel}/{name}")
            };
            if e.file_type().unwrap().is_dir() {
                walk(&e.path(), &rel, out);
            } else {
                out.insert(rel, fs::read(e.path()).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, "", &mut out);
    out
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&fs::read(path).unwrap()).unwrap()
}

/// A CSV's rows (BOM checked and stripped), parsed.
fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    let bytes = fs::read(path).unwrap();
    assert!(
        bytes.starts_with("\u{feff}".as_bytes()),
        "{} has no BOM",
        path.display()
    );
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&bytes[3..])
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

fn run_ok(args: &[&str]) -> Output {
    let o = nianbao(args);
    assert!(
        o.status.success(),
        "nianbao {args:?} failed: {}",
        stderr(&o)
    );
    o
}
