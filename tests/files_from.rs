//! `--files-from LIST` through the built binary: inputs read from a list (a file, or `-`
//! for standard input; lines or, with `--null`, NUL-separated), each named by its path as
//! listed, so the shards of a list name every file as the whole list does and their
//! outputs concatenate to the whole run's.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use pretty_assertions::assert_eq;

fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// A fresh, empty folder for one test under the target's scratch space.
fn scratch(name: &str) -> PathBuf {
    common::scratch("files_from", name)
}

/// `nianbao ARGS` run in `cwd`, `stdin` fed to it.
fn nianbao(cwd: &Path, args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .current_dir(cwd)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run nianbao");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn ok(o: Output) -> Output {
    assert!(
        o.status.success(),
        "{:?}\n{}",
        o.status,
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

/// The records of a CSV after its BOM and header.
fn body(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    text.trim_start_matches('\u{feff}')
        .lines()
        .skip(1)
        .map(str::to_owned)
        .collect()
}

/// `in/` holds corpus files in two year folders and a folder of others.
fn inputs(root: &Path) {
    for (dir, names) in [
        (
            "2021",
            &["clean-2021.docx", "series/education-2021.docx"][..],
        ),
        ("2022", &["series/education-2022.docx"][..]),
        ("misc", &["template-2019.docx", "blanks-2019.docx"][..]),
    ] {
        std::fs::create_dir_all(root.join("in").join(dir)).unwrap();
        for name in names {
            let file = Path::new(name).file_name().unwrap();
            std::fs::copy(corpus().join(name), root.join("in").join(dir).join(file)).unwrap();
        }
    }
}

#[test]
fn entries_are_named_as_listed() {
    let root = scratch("named");
    inputs(&root);
    std::fs::write(
        root.join("list.txt"),
        "in/2021/clean-2021.docx\r\n./in/2022/education-2022.docx\n\nin/misc\n",
    )
    .unwrap();
    ok(nianbao(
        &root,
        &["extract", "--files-from", "list.txt", "--out", "out", "-q"],
        b"",
    ));
    let paths: Vec<String> = body(&root.join("out/reports.csv"))
        .iter()
        .map(|r| r.split(',').next().unwrap().to_owned())
        .collect();
    assert_eq!(
        paths,
        [
            "in/2021/clean-2021.docx",
            "in/2022/education-2022.docx",
            "in/misc/blanks-2019.docx",
            "in/misc/template-2019.docx",
        ]
    );
    assert!(root.join("out/reports/in/misc/blanks-2019.json").is_file());

    // The same from standard input, NUL-separated, with a `..` entry named by its
    // absolute path.
    let sub = root.join("in/misc");
    let list = b"../2021/clean-2021.docx\0blanks-2019.docx\0";
    ok(nianbao(
        &sub,
        &[
            "extract",
            "--files-from",
            "-",
            "--null",
            "--out",
            "../../out-stdin",
            "-q",
        ],
        list,
    ));
    let paths: Vec<String> = body(&root.join("out-stdin/reports.csv"))
        .iter()
        .map(|r| r.split(',').next().unwrap().to_owned())
        .collect();
    let abs = std::fs::canonicalize(root.join("in/2021")).unwrap();
    let abs = abs.to_str().unwrap().trim_start_matches('/');
    assert_eq!(
        paths,
        [
            "blanks-2019.docx".to_owned(),
            format!("{abs}/clean-2021.docx")
        ]
    );
}

/// A list split in two: each shard's rows are the whole run's rows for its files, so the
/// shards' CSVs concatenate to the whole run's (the list sorted, split in contiguous
/// parts). Cross-year checks see only their own shard: the 2021 → 2022 link split across
/// shards is found only by the whole run.
#[test]
fn shards_concatenate_to_the_whole_run() {
    let root = scratch("shards");
    inputs(&root);
    let all = [
        "in/2021/clean-2021.docx",
        "in/2021/education-2021.docx",
        "in/2022/education-2022.docx",
        "in/misc/blanks-2019.docx",
        "in/misc/template-2019.docx",
    ];
    let list = |entries: &[&str]| entries.iter().map(|e| format!("{e}\n")).collect::<String>();
    std::fs::write(root.join("all.txt"), list(&all)).unwrap();
    std::fs::write(root.join("shard-0.txt"), list(&all[..2])).unwrap();
    std::fs::write(root.join("shard-1.txt"), list(&all[2..])).unwrap();
    for (l, out) in [
        ("all.txt", "out"),
        ("shard-0.txt", "out-0"),
        ("shard-1.txt", "out-1"),
    ] {
        ok(nianbao(
            &root,
            &["extract", "--files-from", l, "--out", out, "-q"],
            b"",
        ));
    }
    // Every per-report CSV the run writes (reports, cells, anomalies, the wide ones…);
    // not batch_anomalies.csv (below) nor the codebook (one per run, the same in each).
    let mut csvs: Vec<String> = std::fs::read_dir(root.join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".csv") && n != "batch_anomalies.csv" && n != "codebook.csv")
        .collect();
    csvs.sort();
    assert!(
        csvs.len() >= 4 && csvs.contains(&"cells.csv".to_owned()),
        "{csvs:?}"
    );
    for csv in &csvs {
        let mut shards = body(&root.join("out-0").join(csv));
        shards.extend(body(&root.join("out-1").join(csv)));
        assert_eq!(shards, body(&root.join("out").join(csv)), "{csv}");
    }
    for json in ["in/2021/education-2021.json", "in/misc/blanks-2019.json"] {
        let shard = if json.contains("2021") {
            "out-0"
        } else {
            "out-1"
        };
        assert_eq!(
            std::fs::read(root.join(shard).join("reports").join(json)).unwrap(),
            std::fs::read(root.join("out/reports").join(json)).unwrap(),
            "{json}"
        );
    }
    assert_eq!(body(&root.join("out/batch_anomalies.csv")).len(), 3);
    assert_eq!(body(&root.join("out-0/batch_anomalies.csv")).len(), 0);
    assert_eq!(body(&root.join("out-1/batch_anomalies.csv")).len(), 0);
}

#[test]
fn a_missing_or_empty_list_stops_the_run() {
    let root = scratch("bad");
    let o = nianbao(
        &root,
        &["extract", "--files-from", "nope.txt", "--out", "out"],
        b"",
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--files-from nope.txt"));
    let o = nianbao(
        &root,
        &["extract", "--files-from", "-", "--out", "out"],
        b"\n\n",
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("the list is empty"));
    // Both a list and command-line inputs: which names apply would be unclear.
    let o = nianbao(
        &root,
        &["extract", "x.docx", "--files-from", "-", "--out", "out"],
        b"",
    );
    assert_eq!(o.status.code(), Some(2));
}
