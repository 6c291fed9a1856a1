//! Hostile inputs as the operating system has them (issue 15): what is not a regular file
//! (FIFOs, sockets, devices, dangling links), names that are not UTF-8 or near the file
//! system's length limit, names that collide, folders that share a name, absurd `--jobs`.
//! Every case runs the `nianbao` binary on a real folder, under a timeout, and checks
//! each record against the file it names.

#![cfg(unix)]

mod common;

use std::ffi::OsStr;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

use pretty_assertions::assert_eq;
use sha2::{Digest, Sha256};

/// A fresh, empty folder for one test.
fn scratch(name: &str) -> PathBuf {
    common::scratch("hostile_os", name)
}

fn extract(inputs: &[&Path], out: &Path, extra: &[&str]) -> Output {
    common::extract_within(Duration::from_secs(60), inputs, out, extra)
}

fn json(path: &Path) -> serde_json::Value {
    let bytes = fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_slice(&bytes).unwrap()
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Every report file under `out/reports`, relative to `out`, with its record.
fn records(out: &Path) -> Vec<(PathBuf, serde_json::Value)> {
    fn walk(dir: &Path, out: &Path, acc: &mut Vec<(PathBuf, serde_json::Value)>) {
        for e in fs::read_dir(dir).unwrap() {
            let e = e.unwrap();
            if e.file_type().unwrap().is_dir() {
                walk(&e.path(), out, acc);
            } else {
                let rel = e.path().strip_prefix(out).unwrap().to_owned();
                acc.push((rel, json(&e.path())));
            }
        }
    }
    let mut acc = Vec::new();
    walk(&out.join("reports"), out, &mut acc);
    acc.sort_by(|a, b| a.0.cmp(&b.0));
    acc
}

fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo");
}

/// A FIFO, a socket, a device and a dangling link given on the command line each get a
/// `not_a_file` record at once (a FIFO's open would block forever, `/dev/zero` never
/// ends); inside a folder they, a link to a device and a symlinked folder are counted in
/// `summary.json`, and the good report beside them is read.
#[test]
fn what_is_not_a_regular_file_is_never_read() {
    let root = scratch("not_files");
    let dir = root.join("in");
    fs::create_dir_all(dir.join("real")).unwrap();
    let good = testdocs::corpus::varied(0);
    fs::write(dir.join("good.docx"), &good).unwrap();
    mkfifo(&dir.join("pipe.docx"));
    let _socket = std::os::unix::net::UnixListener::bind(dir.join("sock.docx")).unwrap();
    std::os::unix::fs::symlink(root.join("nowhere.docx"), dir.join("dangling.docx")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.join("zero.docx")).unwrap();
    std::os::unix::fs::symlink(dir.join("real"), dir.join("linked")).unwrap();
    std::os::unix::fs::symlink(dir.join("good.docx"), dir.join("link.docx")).unwrap();

    let out = root.join("out");
    let o = extract(&[&dir], &out, &[]);
    let summary = json(&out.join("summary.json"));
    assert_eq!(summary["files"], 2, "{summary}");
    assert_eq!(summary["not_files"], 5, "{summary}");
    assert_eq!(summary["status"]["ok"], 2);
    let line = String::from_utf8_lossy(&o.stdout);
    assert!(line.contains("; 5 not regular files skipped"), "{line}");
    let recs = records(&out);
    let paths: Vec<&str> = recs
        .iter()
        .map(|(_, r)| r["source"]["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["good.docx", "link.docx"]);

    let out2 = root.join("out2");
    let direct = [
        (dir.join("pipe.docx"), "a FIFO (named pipe)"),
        (dir.join("sock.docx"), "a socket"),
        (
            dir.join("dangling.docx"),
            "a symbolic link whose target does not exist",
        ),
        (PathBuf::from("/dev/null"), "a character device"),
        (dir.join("zero.docx"), "a character device"),
    ];
    let inputs: Vec<&Path> = direct.iter().map(|(p, _)| p.as_path()).collect();
    extract(&inputs, &out2, &[]);
    let summary = json(&out2.join("summary.json"));
    assert_eq!(summary["files"], 5, "{summary}");
    assert_eq!(summary["error_codes"]["not_a_file"], 5, "{summary}");
    let recs = records(&out2);
    for (path, what) in &direct {
        let name = path.file_name().unwrap().to_str().unwrap();
        let (_, r) = recs
            .iter()
            .find(|(_, r)| r["source"]["path"] == name)
            .unwrap_or_else(|| panic!("no record for {name}: {recs:?}"));
        assert_eq!(r["status"], "error");
        assert_eq!(r["error"]["code"], "not_a_file", "{r}");
        assert_eq!(
            r["error"]["message"],
            format!("{what}, not a regular file: not read"),
            "{name}"
        );
        assert_eq!(r["source"]["bytes"], 0);
    }
}

/// `/proc` states its files as 0 bytes long: what is read counts, not what is stated.
#[test]
fn a_file_stated_empty_is_read_by_its_bytes() {
    let root = scratch("proc");
    let out = root.join("out");
    extract(&[Path::new("/proc/self/mountinfo")], &out, &[]);
    let r = json(&out.join("reports/mountinfo.json"));
    assert_eq!(r["error"]["code"], "not_a_zip", "{r}");
    assert!(r["source"]["bytes"].as_u64().unwrap() > 0, "{r}");
}

/// A name that is not UTF-8 is read from its own bytes and written with the `\xHH`
/// escape, in the folder and given directly, beside a name that holds a backslash.
#[test]
fn names_that_are_not_utf8_are_read_and_escaped() {
    let root = scratch("non_utf8");
    let dir = root.join("in");
    fs::create_dir_all(&dir).unwrap();
    let names: [(&[u8], &str, u64); 3] = [
        (b"\xff.docx", "\\xFF.docx", 0),
        (b"\xe5\xb9\xb4\xb1\xa8.docx", "年\\xB1\\xA8.docx", 1),
        (b"a\\xff.docx", "a\\\\xff.docx", 2),
    ];
    let mut want = Vec::new();
    for (raw, escaped, n) in names {
        let bytes = testdocs::corpus::varied(n);
        fs::write(dir.join(OsStr::from_bytes(raw)), &bytes).unwrap();
        want.push((escaped.to_owned(), sha256(&bytes)));
    }
    want.sort();
    let out = root.join("out");
    extract(&[&dir], &out, &[]);
    let got: Vec<(String, String)> = records(&out)
        .into_iter()
        .map(|(_, r)| {
            assert_eq!(r["status"], "ok", "{r}");
            (
                r["source"]["path"].as_str().unwrap().to_owned(),
                r["source"]["sha256"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let mut got = got;
    got.sort();
    assert_eq!(got, want);
    assert!(out.join("reports/\\xFF.json").is_file());

    let out2 = root.join("out2");
    extract(&[&dir.join(OsStr::from_bytes(b"\xff.docx"))], &out2, &[]);
    let r = json(&out2.join("reports/\\xFF.json"));
    assert_eq!(r["status"], "ok", "{r}");
    assert_eq!(r["source"]["path"], "\\xFF.docx");
}

/// Names at the file system's limit: a 254-byte `.docx` name (its temporary report file's
/// name would pass 255 bytes), a 255-byte name without `.docx` (its report name would
/// be 260), a non-UTF-8 name whose escape is four times as long. Every record is written,
/// every name fits, every record names its own file in full.
#[test]
fn long_names_are_shortened_never_fatal() {
    let root = scratch("long");
    let dir = root.join("in");
    fs::create_dir_all(&dir).unwrap();
    let chinese = format!("{}.docx", "某".repeat(83));
    let plain = format!("{}.doc", "x".repeat(251));
    let mut raw = vec![0xFFu8; 120];
    raw.extend_from_slice(b".docx");
    assert_eq!(chinese.len(), 254);
    assert_eq!(plain.len(), 255);
    let files: [(&OsStr, String, u64); 3] = [
        (OsStr::new(&chinese), chinese.clone(), 0),
        (OsStr::new(&plain), plain.clone(), 1),
        (
            OsStr::from_bytes(&raw),
            format!("{}.docx", "\\xFF".repeat(120)),
            2,
        ),
    ];
    let mut want = Vec::new();
    for (name, escaped, n) in &files {
        let bytes = testdocs::corpus::varied(*n);
        fs::write(dir.join(name), &bytes).unwrap();
        want.push((escaped.clone(), sha256(&bytes)));
    }
    want.sort();
    let out = root.join("out");
    let inputs: Vec<PathBuf> = files.iter().map(|(n, _, _)| dir.join(n)).collect();
    let inputs: Vec<&Path> = inputs.iter().map(PathBuf::as_path).collect();
    extract(&inputs, &out, &[]);
    let recs = records(&out);
    let mut got = Vec::new();
    for (path, r) in &recs {
        let name = path.file_name().unwrap().len();
        assert!(name <= 255, "{} is {name} bytes", path.display());
        got.push((
            r["source"]["path"].as_str().unwrap().to_owned(),
            r["source"]["sha256"].as_str().unwrap().to_owned(),
        ));
    }
    got.sort();
    assert_eq!(got, want);
    assert!(
        out.join(format!("reports/{}.json", "某".repeat(83)))
            .is_file()
    );
    let csv = fs::read_to_string(out.join("reports.csv")).unwrap();
    assert_eq!(csv.lines().count(), 4, "{csv}");
}

/// `a.docx`, `A.DOCX` and `a~2.docx` in one folder: three report files (compared without
/// case), each record holding the name and the bytes of its own file, and `a~2.docx`'s
/// report still `a~2.json`.
#[test]
fn colliding_names_never_take_another_files_name() {
    let root = scratch("collide");
    let dir = root.join("in");
    fs::create_dir_all(&dir).unwrap();
    let mut want = Vec::new();
    for (n, name) in ["a.docx", "A.DOCX", "a~2.docx", "a~3.DOCX"]
        .iter()
        .enumerate()
    {
        let bytes = testdocs::corpus::varied(n as u64);
        fs::write(dir.join(name), &bytes).unwrap();
        want.push((name.to_string(), sha256(&bytes)));
    }
    let out = root.join("out");
    extract(&[&dir], &out, &[]);
    let recs = records(&out);
    let by_file: Vec<(String, String)> = recs
        .iter()
        .map(|(p, r)| {
            (
                p.file_name().unwrap().to_str().unwrap().to_owned(),
                r["source"]["path"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let pairs = |v: &[(&str, &str)]| -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    };
    assert_eq!(
        by_file,
        pairs(&[
            ("A.json", "A.DOCX"),
            ("a~2.json", "a~2.docx"),
            ("a~3.json", "a~3.DOCX"),
            ("a~4.json", "a.docx"),
        ])
    );
    for (_, r) in &recs {
        let path = r["source"]["path"].as_str().unwrap();
        let (_, sha) = want.iter().find(|(n, _)| n == path).unwrap();
        assert_eq!(r["source"]["sha256"], sha.as_str(), "{path}");
    }
}

/// Two folders that end alike keep the components that tell them apart.
#[test]
fn folders_keep_their_own_prefix() {
    let root = scratch("prefix");
    for (i, d) in ["d1/sub", "d2/sub", "d3/x"].iter().enumerate() {
        let f = root.join(d).join("a.docx");
        fs::create_dir_all(f.parent().unwrap()).unwrap();
        fs::write(&f, testdocs::corpus::varied(i as u64)).unwrap();
    }
    let out = root.join("out");
    let (d1, d2, d3) = (root.join("d1/sub"), root.join("d2/sub"), root.join("d3/x"));
    extract(&[&d1, &d2, &d3], &out, &[]);
    let got: Vec<(String, String)> = records(&out)
        .into_iter()
        .map(|(p, r)| {
            (
                p.to_string_lossy().into_owned(),
                r["source"]["path"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let want: Vec<(String, String)> = [
        ("reports/d1/sub/a.json", "d1/sub/a.docx"),
        ("reports/d2/sub/a.json", "d2/sub/a.docx"),
        ("reports/x/a.json", "x/a.docx"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(got, want);
}

/// `--jobs 5000` on five files starts no more threads than there are files: it ends, as
/// `--jobs 1` does, with the same outputs.
#[test]
fn absurd_jobs_are_capped() {
    let root = scratch("jobs");
    let dir = root.join("in");
    fs::create_dir_all(&dir).unwrap();
    for i in 0..5 {
        fs::write(dir.join(format!("{i}.docx")), testdocs::corpus::varied(i)).unwrap();
    }
    let (one, many) = (root.join("one"), root.join("many"));
    extract(&[&dir], &one, &["--jobs", "1"]);
    extract(&[&dir], &many, &["--jobs", "5000"]);
    for name in ["reports.csv", "cells.csv", "summary.json"] {
        assert_eq!(
            fs::read(one.join(name)).unwrap(),
            fs::read(many.join(name)).unwrap(),
            "{name}"
        );
    }
}
