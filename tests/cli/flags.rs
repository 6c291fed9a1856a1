//! cli tests: the commands and flags themselves — `--help`, what cannot run (exit 2),
//! `--max-part-mib`, `inspect`, `extract --check`'s exit status.

use super::*;
use pretty_assertions::assert_eq;

#[test]
fn help_explains_every_option() {
    let o = run_ok(&["--help"]);
    assert!(stdout(&o).contains("extract") && stdout(&o).contains("inspect"));
    let o = run_ok(&["extract", "--help"]);
    for flag in [
        "--out",
        "--jobs",
        "--quiet",
        "--blank-as-zero",
        "--max-part-mib",
        "INPUT",
    ] {
        assert!(stdout(&o).contains(flag), "extract --help lacks {flag}");
    }
    assert!(stdout(&o).contains("Exit status"));
    let o = run_ok(&["inspect", "--help"]);
    assert!(stdout(&o).contains("FILE"));
}

#[test]
fn cannot_run_is_exit_2_with_a_message() {
    let root = scratch("cannot_run");
    let out = root.join("out");
    let out = out.to_str().unwrap();

    let o = nianbao(&[
        "extract",
        root.join("missing").to_str().unwrap(),
        "--out",
        out,
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("input not found"), "{}", stderr(&o));

    fs::create_dir_all(root.join("empty/sub")).unwrap();
    put(&root.join("empty/sub/x.doc.txt"), b"x");
    let o = nianbao(&[
        "extract",
        root.join("empty").to_str().unwrap(),
        "--out",
        out,
    ]);
    assert_eq!(o.status.code(), Some(2));
    // Issue #10: every file is looked at; a `.txt` holding "x" is no report.
    assert!(stderr(&o).contains("no report file"), "{}", stderr(&o));

    // DIR under a regular file cannot be created.
    let input = batch(&root);
    put(&root.join("file"), b"x");
    let o = nianbao(&[
        "extract",
        input.to_str().unwrap(),
        "--out",
        root.join("file/out").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).starts_with("nianbao: "), "{}", stderr(&o));

    let o = nianbao(&["extract", "--out", out]);
    assert_eq!(o.status.code(), Some(2), "no INPUT is a usage error");
}

#[test]
fn max_part_mib_makes_large_files_too_large() {
    let root = scratch("large");
    let mut big = testdocs::corpus::varied(0);
    big.resize((1 << 20) + 1, 0);
    put(&root.join("in/big.docx"), &big);
    let out = root.join("out");
    run_ok(&[
        "extract",
        root.join("in").to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--max-part-mib",
        "1",
    ]);
    let r = json(&out.join("reports/big.json"));
    assert_eq!(r["error"]["code"], "too_large");
    assert_eq!(r["source"]["bytes"], (1 << 20) + 1);
    assert_eq!(r["source"]["sha256"].as_str().unwrap().len(), 64);
}

#[test]
fn inspect_prints_tables_and_paragraphs() {
    let root = scratch("inspect");
    put(&root.join("a.docx"), &testdocs::corpus::varied(1));
    let o = run_ok(&["inspect", root.join("a.docx").to_str().unwrap()]);
    let text = stdout(&o);
    assert!(text.contains("legend:"), "{text}");
    assert!(text.contains("table 1 — "), "{text}");
    assert!(text.contains("r0 "), "{text}");
    assert!(text.contains("body:"), "{text}");

    put(&root.join("bad.docx"), b"not a zip");
    let o = nianbao(&["inspect", root.join("bad.docx").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not_a_zip"), "{}", stderr(&o));
}

/// `extract --check`: the summary line and an exit status, nothing written: 1 when a
/// file failed or an error anomaly was found, 0 for a clean batch; `--out` is not needed
/// and, when given, left untouched.
#[test]
fn check_mode_writes_nothing_and_says_by_exit_status() {
    let root = scratch("check");
    let clean = root.join("clean");
    put(&clean.join("a.docx"), &testdocs::corpus::varied(0));
    put(&clean.join("b.docx"), &testdocs::corpus::varied(1));
    let o = nianbao(&["extract", clean.to_str().unwrap(), "--check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let line = stdout(&o);
    assert!(
        line.starts_with(
            "nianbao: files: 2 read, 0 failed; anomalies: 0 errors, 0 warnings, 0 info;"
        ),
        "{line}"
    );
    assert!(line.contains("--check: nothing written"), "{line}");

    let input = batch(&root);
    let out = root.join("out");
    let o = nianbao(&[
        "extract",
        input.to_str().unwrap(),
        "--check",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "failed files: {}", stdout(&o));
    assert!(stdout(&o).starts_with("nianbao: files: 3 read, 2 failed"));
    assert!(!out.exists(), "--check wrote {}", out.display());

    let unbalanced = root.join("unbalanced");
    put(
        &unbalanced.join("u.docx"),
        &testdocs::raw::write(
            &testdocs::corpus::unbalanced_2021().doc(),
            &Default::default(),
        ),
    );
    let o = nianbao(&["extract", unbalanced.to_str().unwrap(), "--check"]);
    assert_eq!(o.status.code(), Some(1), "a sum_mismatch: {}", stdout(&o));
    assert!(stdout(&o).contains("files: 1 read, 0 failed; anomalies: "));
    assert!(
        !stdout(&o).contains("anomalies: 0 errors"),
        "{}",
        stdout(&o)
    );
}
