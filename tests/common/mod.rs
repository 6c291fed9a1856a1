//! What several test targets share: LibreOffice round trips and the checked-in samples
//! they are compared with, and a report's values in comparable form.

// Each test target compiles this module and uses part of it.
#![allow(dead_code)]

use std::collections::BTreeMap;

use nianbao::report::Report;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Whether a missing tool or `../shared` fails the test instead of skipping it:
/// `NIANBAO_REQUIRE_TOOLS=1`, which `.ci/run` exports.
pub fn tools_required() -> bool {
    std::env::var_os("NIANBAO_REQUIRE_TOOLS").is_some_and(|v| v == "1")
}

/// A test that cannot run here: a `SKIPPED: <test>: <why>` line on stderr (so a skip is
/// never silent), or a panic when [`tools_required`].
pub fn skip(test: &str, why: &str) {
    if tools_required() {
        panic!("{test}: {why} (NIANBAO_REQUIRE_TOOLS=1)");
    }
    // Straight to the stderr handle, not `eprintln!`, which the test harness captures
    // (and shows only for failing tests): a skip is seen in every `cargo test` run.
    use std::io::Write;
    let _ = std::io::stderr().write_all(format!("SKIPPED: {test}: {why}\n").as_bytes());
}

/// `../shared/REL` beside the repository (the spec's fixtures, real reports): what a
/// clone of the repository alone does not have. `None`, after [`skip`], when absent.
pub fn shared(test: &str, rel: &str) -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(rel);
    if p.exists() {
        Some(p)
    } else {
        skip(
            test,
            &format!("{} not present (outside the repository)", p.display()),
        );
        None
    }
}

/// `tests/data/libreoffice/NAME`: a document as LibreOffice saved it, checked in so the
/// tests run where soffice is not installed.
pub fn lo_sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/libreoffice")
        .join(name)
}

/// Saves each `(name, bytes)` document (a .docx, or a web page as .html) with LibreOffice (`soffice --headless
/// --convert-to "docx:MS Word 2007 XML"`, a throwaway profile) and returns the saved
/// bytes in the same order; `None`, with a line saying so, where soffice is not
/// installed. With `NIANBAO_UPDATE_LO_SAMPLE` set, the saves also replace the
/// checked-in samples of the same names.
pub fn libreoffice_resave(tag: &str, docs: &[(&str, Vec<u8>)]) -> Option<Vec<Vec<u8>>> {
    let soffice = ["soffice", "libreoffice"].into_iter().find(|b| {
        Command::new(b)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    let Some(soffice) = soffice else {
        eprintln!(
            "soffice not installed: LibreOffice saves checked on the checked-in samples only"
        );
        return None;
    };
    let dir = std::env::temp_dir().join(format!("nianbao-lo-{tag}-{}", std::process::id()));
    let (src, out) = (dir.join("in"), dir.join("out"));
    std::fs::create_dir_all(&src).expect("tmp");
    for (name, bytes) in docs {
        std::fs::write(src.join(name), bytes).expect("write");
    }
    let run = Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.join("profile").display()
        ))
        .args([
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
        ])
        .arg(&out)
        .args(docs.iter().map(|(n, _)| src.join(n)))
        .output()
        .expect("run soffice");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let saved: Vec<Vec<u8>> = docs
        .iter()
        .map(|(name, _)| {
            // LibreOffice names its output after the input's stem (`page.html` → `page.docx`).
            let saved = Path::new(name).with_extension("docx");
            let bytes = std::fs::read(out.join(&saved)).expect("converted");
            if std::env::var_os("NIANBAO_UPDATE_LO_SAMPLE").is_some() {
                std::fs::write(lo_sample(&saved.to_string_lossy()), &bytes).expect("update sample");
            }
            bytes
        })
        .collect();
    let _ = std::fs::remove_dir_all(&dir);
    Some(saved)
}

/// Every cell of an extracted report's `tables` as `table.row.col` → number (`None` for
/// null).
pub fn values_out(rep: &Report) -> BTreeMap<String, Option<f64>> {
    let mut out = BTreeMap::new();
    for (t, rows) in &rep.tables() {
        for (row, cols) in rows.as_object().into_iter().flatten() {
            for (col, v) in cols.as_object().into_iter().flatten() {
                out.insert(format!("{t}.{row}.{col}"), v.as_f64());
            }
        }
    }
    out
}

/// An empty scratch folder `GROUP/NAME` under Cargo's per-target temporary folder,
/// emptied first so a test never sees an earlier run's files.
pub fn scratch(group: &str, name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(group)
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs the `nianbao` binary with `args` and its output captured, killed (and the test
/// failed) once it has run for `limit`: a hang is a failure, not a stuck test run.
pub fn nianbao_within<S: AsRef<OsStr> + std::fmt::Debug>(limit: Duration, args: &[S]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run nianbao");
    let start = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            return child.wait_with_output().expect("output");
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("nianbao {args:?} still running after {limit:?}: killed");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// `nianbao extract INPUTS… --out OUT --quiet EXTRA…`, killed past `limit` (see
/// [`nianbao_within`]); the run must succeed (exit 0), its stderr shown if not.
pub fn extract_within(limit: Duration, inputs: &[&Path], out: &Path, extra: &[&str]) -> Output {
    let mut args: Vec<&OsStr> = vec![OsStr::new("extract")];
    args.extend(inputs.iter().map(|p| p.as_os_str()));
    args.extend([OsStr::new("--out"), out.as_os_str(), OsStr::new("--quiet")]);
    args.extend(extra.iter().map(OsStr::new));
    let o = nianbao_within(limit, &args);
    assert!(
        o.status.success(),
        "nianbao {args:?} failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

/// Text as a page shows it: a page's ASCII spaces collapse (CSS `white-space: normal`:
/// runs are one space, none at a line's ends), so the .docx's raw `" 0\u{a0}"` is the
/// page's `"0\u{a0}"`; NBSP and U+3000 are kept.
pub fn shown(s: &str) -> String {
    s.split('\n')
        .map(|line| {
            line.split([' ', '\t'])
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A report's JSON as compared across forms: `source` dropped and every `location`
/// removed (it refers to the document read: the page, the converted file); with `page`,
/// every `raw` as a page shows it ([`shown`]).
pub fn across_forms(mut v: serde_json::Value, page: bool) -> serde_json::Value {
    use serde_json::Value;
    fn strip(v: &mut Value, page: bool) {
        match v {
            Value::Object(m) => {
                m.remove("location");
                if page && let Some(Value::String(raw)) = m.get_mut("raw") {
                    *raw = shown(raw);
                }
                m.values_mut().for_each(|v| strip(v, page));
            }
            Value::Array(a) => a.iter_mut().for_each(|v| strip(v, page)),
            _ => {}
        }
    }
    if let Value::Object(m) = &mut v {
        m.remove("source");
    }
    strip(&mut v, page);
    v
}

/// A batch with every kind of row: corpus documents (2019 and 2021, placeholders, blanks,
/// unbalanced, a three-year series for cross-year findings), generated reports, bad files.
pub fn mixed_batch(dir: &Path, varied: u64) -> PathBuf {
    let input = dir.join("in");
    std::fs::create_dir_all(input.join("series")).unwrap();
    // Names are `series/…` for the three-year series.
    for doc in testdocs::corpus::corpus() {
        std::fs::write(input.join(doc.name), (doc.build)()).unwrap();
    }
    for i in 0..varied {
        std::fs::write(
            input.join(format!("v{i:05}.docx")),
            testdocs::corpus::varied(i),
        )
        .unwrap();
    }
    std::fs::write(
        input.join("=HYPERLINK(1).docx"),
        testdocs::corpus::varied(5),
    )
    .unwrap();
    std::fs::write(input.join("bad.docx"), b"not a zip").unwrap();
    std::fs::write(input.join("empty.docx"), b"").unwrap();
    input
}

/// `python3 ARGS…` run in `dir`; panics, with what it printed, unless it exits 0. `what`
/// names the script in the message (which README block, which check).
pub fn python(dir: &Path, args: &[&str], what: &str) {
    let o = Command::new("python3")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run python3");
    assert!(
        o.status.success(),
        "{what}: {}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}
