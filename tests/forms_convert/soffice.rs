//! forms_convert tests: how nianbao runs LibreOffice, shown by a fake `soffice` — a
//! hanging conversion failing alone, the prepass's progress bar, many files per start,
//! headless, a profile of its own.

use super::*;
use pretty_assertions::assert_eq;

/// A converter that hangs on one file: the chunk times out, its files are retried one
/// at a time, the hanging one fails alone as `conversion_failed` within bounded time, and
/// the others' records are intact. The fake `soffice` (a shell script) answers
/// `--version`, "converts" each input by copying a real .docx to `--outdir`, and sleeps
/// on an input holding `HANG`.
#[cfg(unix)]
#[test]
fn a_hanging_conversion_fails_alone() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch("hang");
    let fake_docx = dir.join("fake.docx");
    fs::write(&fake_docx, corpus("clean-2021.docx")).unwrap();
    let fake = dir.join("soffice");
    fs::write(
        &fake,
        format!(
            r#"#!/bin/sh
for a in "$@"; do [ "$a" = --version ] && {{ echo "LibreOffice 9.9.9.9 fake"; exit 0; }}; done
out=""; next=0
for a in "$@"; do
  if [ "$next" = 1 ]; then out="$a"; next=0; fi
  [ "$a" = --outdir ] && next=1
done
for a in "$@"; do
  [ -f "$a" ] || continue
  if grep -q HANG "$a"; then sleep 600; fi
  b=$(basename "$a"); cp "{}" "$out/${{b%.*}}.docx"
done
"#,
            fake_docx.display()
        ),
    )
    .unwrap();
    fs::set_permissions(&fake, fs::Permissions::from_mode(0o755)).unwrap();
    let input = dir.join("in");
    fs::create_dir_all(&input).unwrap();
    let word = |tag: &[u8]| {
        let mut b = ole_file(&["WordDocument", "1Table"]);
        b.extend_from_slice(tag);
        b
    };
    fs::write(input.join("a.doc"), word(b"OK")).unwrap();
    fs::write(input.join("b.doc"), word(b"HANG")).unwrap();
    fs::write(input.join("c.doc"), word(b"OK, another")).unwrap();
    fs::write(input.join("d.docx"), corpus("clean-2021.docx")).unwrap();
    let out = dir.join("out");
    let o = common::extract_within(
        Duration::from_secs(60),
        &[&input],
        &out,
        &[
            "--jobs",
            "1",
            "--soffice",
            fake.to_str().unwrap(),
            "--convert-timeout",
            "2",
        ],
    );
    // Within the minute nianbao_within allows, against the fake's 600 s sleep: the chunk
    // (1 s + 0.1 s a file), then three single runs of at most 2 s each.
    let b = json(&out.join("reports/b.json"));
    assert_eq!(b["error"]["code"], "conversion_failed");
    let message = b["error"]["message"].as_str().unwrap();
    assert!(message.contains("did not finish within 2 s"), "{message}");
    let want = common::across_forms(docx_json("clean-2021.docx"), false);
    for name in ["a", "c"] {
        let r = json(&out.join(format!("reports/{name}.json")));
        assert_eq!(
            r["source"]["converted"],
            serde_json::json!({"from": "doc", "with": "LibreOffice 9.9.9.9"})
        );
        assert_eq!(common::across_forms(r, false), want, "{name}.doc");
    }
    assert_eq!(json(&out.join("reports/d.json"))["status"], "ok");
    let line = String::from_utf8_lossy(&o.stdout);
    assert!(
        line.starts_with("nianbao: files: 3 read, 1 failed (conversion_failed 1)"),
        "{line}"
    );
}

/// The conversion prepass draws a bar on a terminal's stderr (issue 10): "converting
/// with LibreOffice", the files counted as they are converted, up to all of them — and
/// none under `--quiet`, none on stdout, none when stderr is not a terminal. The
/// terminal is a pseudo-terminal from util-linux `script`; the converter a fake one
/// taking 0.4 s a file, so the 6 files take seconds and the bar is drawn between.
#[cfg(unix)]
#[test]
fn conversion_prepass_shows_a_progress_bar_on_a_terminal_only() {
    let test = "conversion_prepass_shows_a_progress_bar_on_a_terminal_only";
    if Command::new("script").arg("--version").output().is_err() {
        // `script` is in util-linux (Debian's bsdutils, an essential package)
        assert!(
            std::env::var_os("NIANBAO_REQUIRE_TOOLS").is_none(),
            "{test}: util-linux `script` is required (NIANBAO_REQUIRE_TOOLS is set)"
        );
        eprintln!("SKIPPED: {test}: util-linux `script` (a pseudo-terminal) not on PATH");
        return;
    }
    let dir = scratch("progress");
    let docx = dir.join("fake.docx");
    fs::write(&docx, corpus("clean-2021.docx")).unwrap();
    let fake = fake_soffice(&dir, &docx, "0.4");
    let input = dir.join("in");
    fs::create_dir_all(&input).unwrap();
    for i in 0..6 {
        let mut b = ole_file(&["WordDocument", "1Table"]);
        b.extend_from_slice(format!("report {i}").as_bytes());
        fs::write(input.join(format!("r{i}.doc")), b).unwrap();
    }
    // `script -qec CMD /dev/null`: CMD on a pseudo-terminal (stdin, stdout and stderr),
    // what it writes to the terminal on script's stdout.
    let on_terminal = |extra: &str, redirect: &str| {
        let out = dir.join(format!("out{}", extra.len() + redirect.len()));
        let cmd = format!(
            "stty cols 160 rows 40 2>/dev/null; '{}' extract '{}' --out '{}' --jobs 1 --soffice '{}' {extra} {redirect}",
            env!("CARGO_BIN_EXE_nianbao"),
            input.display(),
            out.display(),
            fake.display()
        );
        let o = Command::new("script")
            .args(["-qec", &cmd, "/dev/null"])
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "{cmd}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        // every record converted: the fake's .docx read for each
        for i in 0..6 {
            let r = json(&out.join(format!("reports/r{i}.json")));
            assert_eq!(r["source"]["converted"]["from"], "doc", "r{i}");
        }
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let shown = on_terminal("", "");
    // the prepass bar's frames (each drawn after a carriage return), not the main pass's
    let frames: Vec<&str> = shown
        .split('\r')
        .filter(|f| f.contains("converting with LibreOffice"))
        .collect();
    assert!(!frames.is_empty(), "{shown:?}");
    // counted file by file as they appear (not only when the one chunk of 6 ends):
    // counts between 1 and 5 of the 6 are drawn
    let counts: Vec<usize> = (0..=6)
        .filter(|n| frames.iter().any(|f| f.contains(&format!(" {n}/6 files"))))
        .collect();
    assert!(
        counts.contains(&0) && counts.iter().filter(|n| (1..6).contains(*n)).count() >= 2,
        "{counts:?}: {frames:?}"
    );
    assert!(
        shown.contains("nianbao: files: 6 read, 0 failed"),
        "{shown:?}"
    );
    // --quiet: the summary line only
    let quiet = on_terminal("--quiet", "");
    assert!(!quiet.contains("converting"), "{quiet:?}");
    assert!(quiet.contains("nianbao: files: 6 read"), "{quiet:?}");
    // stderr elsewhere: nothing of the bar on the terminal (stdout)
    let piped = on_terminal("", "2>/dev/null");
    assert!(!piped.contains("converting"), "{piped:?}");
    assert!(piped.contains("nianbao: files: 6 read"), "{piped:?}");
}

/// SPEC §6's LibreOffice contract, as the process runs show it: many files per process
/// start (40 files with one worker: 2 runs, 32 + 8 files — not 40 starts), `--headless`,
/// `--convert-to docx`, a profile folder of its own under the run's temp folder, the
/// inputs as copies there (never the user's paths); with two workers two runs at once,
/// never sharing a profile; `soffice --version` asked once per run of nianbao.
#[cfg(unix)]
#[test]
fn libreoffice_starts_once_per_chunk_headless_with_a_profile_of_its_own() {
    let dir = scratch("starts");
    let docx = dir.join("fake.docx");
    fs::write(&docx, corpus("clean-2021.docx")).unwrap();
    let tmp = dir.join("tmp");
    fs::create_dir_all(&tmp).unwrap();
    for (jobs, files, pause) in [("1", 40, "0"), ("2", 6, "0.5")] {
        let _ = fs::remove_file(dir.join("calls.log"));
        let fake = fake_soffice(&dir, &docx, pause);
        let input = dir.join(format!("in-{jobs}"));
        word_binaries(&input, files);
        let out = dir.join(format!("out-{jobs}"));
        let o = Command::new(env!("CARGO_BIN_EXE_nianbao"))
            .args(["extract", "--quiet", "--jobs", jobs, "--soffice"])
            .arg(&fake)
            .arg("--out")
            .arg(&out)
            .arg(&input)
            .env("TMPDIR", &tmp)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let runs = soffice_runs(&dir);
        let (version, convert): (Vec<_>, Vec<_>) =
            runs.iter().partition(|r| r.2.contains("--version"));
        assert_eq!(version.len(), 1, "--version once: {runs:?}");
        let per_run: Vec<usize> = convert
            .iter()
            .map(|r| r.2.split(' ').filter(|a| a.ends_with(".doc")).count())
            .collect();
        match jobs {
            "1" => assert_eq!(per_run, [32, 8], "{runs:?}"),
            _ => assert_eq!(per_run, [3, 3], "{runs:?}"),
        }
        let mut profiles = Vec::new();
        for (_, _, args) in &convert {
            let a: Vec<&str> = args.split(' ').collect();
            assert!(a.contains(&"--headless"), "{args}");
            let to = a
                .iter()
                .position(|x| *x == "--convert-to")
                .expect("--convert-to");
            assert!(a[to + 1].starts_with("docx"), "{args}");
            let profile = a
                .iter()
                .find_map(|x| x.strip_prefix("-env:UserInstallation=file://"))
                .expect("a profile of its own");
            assert!(profile.starts_with(tmp.to_str().unwrap()), "{profile}");
            profiles.push(profile.to_owned());
            for file in a.iter().filter(|x| x.ends_with(".doc")) {
                assert!(
                    file.starts_with(tmp.to_str().unwrap()) && !file.contains("in-"),
                    "a copy in the temp folder, not the user's file: {file}"
                );
            }
        }
        if jobs == "2" {
            let (a, b) = (&convert[0], &convert[1]);
            assert!(a.0 < b.1 && b.0 < a.1, "two runs at once: {runs:?}");
            assert_ne!(
                profiles[0], profiles[1],
                "never one profile for two processes"
            );
        }
        for i in 0..files {
            let r = json(&out.join(format!("reports/r{i:02}.json")));
            assert_eq!(r["source"]["converted"]["from"], "doc");
            assert_eq!(r["status"], "ok");
        }
        assert_eq!(
            fs::read_dir(&tmp).unwrap().count(),
            0,
            "temp folder cleaned"
        );
    }
}
