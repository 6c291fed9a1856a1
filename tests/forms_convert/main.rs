//! Every form a report comes in (SPEC §6, issue #10), the parts that are not the HTML
//! reader: what a file is from its bytes (`sniff`, table-driven over real files), the
//! folder walk that gives every report-format file a record and counts the others, and
//! the LibreOffice conversion of `.doc`/`.rtf`/`.odt` (files made by LibreOffice from
//! corpus reports, checked in under `tests/data/converted/`), compared value by value
//! and anomaly by anomaly with the same report as .docx.
//!
//! One test binary (each target under tests/ is one more to link); its topics are the
//! modules below, the helpers they share are here.

#[path = "../common/mod.rs"]
mod common;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::Value;

use nianbao::open::{Format, sniff};

mod convert;
mod detect;
mod soffice;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn corpus(name: &str) -> Vec<u8> {
    fs::read(root().join("corpus").join(name)).expect("corpus file")
}

fn converted(name: &str) -> Vec<u8> {
    fs::read(root().join("tests/data/converted").join(name)).expect("converted sample")
}

/// A fresh, empty folder for one test.
fn scratch(name: &str) -> PathBuf {
    common::scratch("forms_convert", name)
}

fn json(path: &Path) -> Value {
    serde_json::from_slice(&fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
        .unwrap()
}

/// A minimal PDF 1.4 with one empty page, written by hand (objects, xref, trailer).
const MINIMAL_PDF: &[u8] = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n\
1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n\
2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n\
3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\n\
xref\n0 4\n0000000000 65535 f \n0000000015 00000 n \n0000000064 00000 n \n0000000121 00000 n \n\
trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n196\n%%EOF\n";

/// An OLE compound file (version 3, 512-byte sectors) whose directory holds `streams`,
/// each empty: enough for what a file is to be told by its stream names.
fn ole_file(streams: &[&str]) -> Vec<u8> {
    const FREE: u32 = 0xFFFF_FFFF;
    const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
    const FAT_SECTOR: u32 = 0xFFFF_FFFD;
    let mut f = vec![0u8; 512 * 3];
    f[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    f[0x18..0x1A].copy_from_slice(&0x003Eu16.to_le_bytes());
    f[0x1A..0x1C].copy_from_slice(&3u16.to_le_bytes());
    f[0x1C..0x1E].copy_from_slice(&0xFFFEu16.to_le_bytes());
    f[0x1E..0x20].copy_from_slice(&9u16.to_le_bytes());
    f[0x20..0x22].copy_from_slice(&6u16.to_le_bytes());
    f[0x2C..0x30].copy_from_slice(&1u32.to_le_bytes());
    f[0x30..0x34].copy_from_slice(&1u32.to_le_bytes());
    f[0x38..0x3C].copy_from_slice(&4096u32.to_le_bytes());
    f[0x3C..0x40].copy_from_slice(&END_OF_CHAIN.to_le_bytes());
    f[0x44..0x48].copy_from_slice(&END_OF_CHAIN.to_le_bytes());
    for i in 0..109 {
        let v = if i == 0 { 0 } else { FREE };
        f[0x4C + 4 * i..0x50 + 4 * i].copy_from_slice(&v.to_le_bytes());
    }
    for i in 0..128 {
        let v = match i {
            0 => FAT_SECTOR,
            1 => END_OF_CHAIN,
            _ => FREE,
        };
        f[512 + 4 * i..512 + 4 * i + 4].copy_from_slice(&v.to_le_bytes());
    }
    let names: Vec<(&str, u8)> = std::iter::once(("Root Entry", 5))
        .chain(streams.iter().map(|s| (*s, 2)))
        .collect();
    for (k, (name, kind)) in names.into_iter().enumerate() {
        let e = 1024 + 128 * k;
        let utf16: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
        f[e..e + utf16.len()].copy_from_slice(&utf16);
        f[e + 64..e + 66].copy_from_slice(&(utf16.len() as u16 + 2).to_le_bytes());
        f[e + 66] = kind;
        f[e + 68..e + 80].copy_from_slice(&[0xFF; 12]);
        f[e + 116..e + 120].copy_from_slice(&END_OF_CHAIN.to_le_bytes());
    }
    f
}

/// A zip with the given entries (stored), as a spreadsheet or an archive would be.
fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        w.start_file(
            *name,
            zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Stored),
        )
        .unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn web_page() -> Vec<u8> {
    fs::read(root().join("tests/data/web/web-page-2021.html")).expect("web page sample")
}

/// Whether LibreOffice is installed; when it is not, says which test is skipped (and
/// fails instead under `NIANBAO_REQUIRE_TOOLS=1`, as CI sets).
fn soffice_or_skip(test: &str) -> bool {
    let found = nianbao::convert::Converter::find(None, Default::default()).is_ok();
    if !found {
        assert!(
            std::env::var_os("NIANBAO_REQUIRE_TOOLS").is_none(),
            "{test}: soffice is required (NIANBAO_REQUIRE_TOOLS is set) but not on PATH"
        );
        eprintln!("SKIPPED: {test}: soffice (LibreOffice) not on PATH");
    }
    found
}

/// The same report as .docx, through the library, as JSON.
fn docx_json(name: &str) -> Value {
    let r =
        nianbao::extract::extract_bytes(name, corpus(name), &nianbao::extract::Options::default());
    serde_json::from_slice(&nianbao::write::report_json(&r)).unwrap()
}

/// A fake `soffice` (a shell script): answers `--version`, "converts" each input by
/// copying `docx` to `--outdir` after `pause` seconds (a LibreOffice taking its time).
/// Each run's arguments are logged to `dir/calls.log`, one line a run (`start <epoch
/// seconds> <args>`), then `end <epoch seconds>`.
#[cfg(unix)]
fn fake_soffice(dir: &Path, docx: &Path, pause: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let fake = dir.join("soffice");
    let log = dir.join("calls.log");
    fs::write(
        &fake,
        format!(
            r#"#!/bin/sh
echo "start $(date +%s.%N) $*" >> "{log}"
trap 'echo "end $(date +%s.%N)" >> "{log}"' EXIT
for a in "$@"; do [ "$a" = --version ] && {{ echo "LibreOffice 9.9.9.9 fake"; exit 0; }}; done
out=""; next=0
for a in "$@"; do
  if [ "$next" = 1 ]; then out="$a"; next=0; fi
  [ "$a" = --outdir ] && next=1
done
for a in "$@"; do
  [ -f "$a" ] || continue
  sleep {pause}
  b=$(basename "$a"); cp "{docx}" "$out/${{b%.*}}.docx"
done
"#,
            log = log.display(),
            docx = docx.display()
        ),
    )
    .unwrap();
    fs::set_permissions(&fake, fs::Permissions::from_mode(0o755)).unwrap();
    fake
}

/// The runs `fake_soffice` logged: `(start, end, args)` of each, in start order.
#[cfg(unix)]
fn soffice_runs(dir: &Path) -> Vec<(f64, f64, String)> {
    let log = fs::read_to_string(dir.join("calls.log")).unwrap_or_default();
    let mut runs: Vec<(f64, f64, String)> = Vec::new();
    let mut open: Vec<(f64, String)> = Vec::new();
    for line in log.lines() {
        let mut w = line.splitn(3, ' ');
        let (what, t) = (w.next().unwrap(), w.next().unwrap().parse::<f64>().unwrap());
        match what {
            "start" => open.push((t, w.next().unwrap_or("").to_owned())),
            // runs end in any order: an end closes the earliest run still open (good
            // enough for overlap: each run's end is logged after its start)
            _ => {
                let (s, args) = open.remove(0);
                runs.push((s, t, args));
            }
        }
    }
    runs.sort_by(|a, b| a.0.total_cmp(&b.0));
    runs
}

/// `n` Word binaries (OLE with a `WordDocument` stream), distinct bytes, in `dir`.
fn word_binaries(dir: &Path, n: usize) {
    fs::create_dir_all(dir).unwrap();
    for i in 0..n {
        let mut b = ole_file(&["WordDocument", "1Table"]);
        b.extend_from_slice(format!("report {i}").as_bytes());
        fs::write(dir.join(format!("r{i:02}.doc")), b).unwrap();
    }
}
