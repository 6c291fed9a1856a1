//! Report names, the compact input list and the escaping of OS names. Finding inputs on
//! disk is tested through the binary (`tests/cli/`, `tests/files_from.rs`,
//! `tests/hostile_os.rs`).

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use super::report_names::{fit, json_name, name_reports};
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
