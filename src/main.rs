//! The `nianbao` binary: flags, the batch, the summary line, the exit code. Everything
//! else is in the library (`nianbao::batch`, `nianbao::inspect`).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

use nianbao::batch::{BatchOptions, run};

/// mimalloc: a report is many small strings and vectors made and freed per file, on
/// every worker at once; glibc's malloc and free were an eighth of a batch's time.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// No transparent huge pages for this process (Linux): mimalloc takes the kernel's
/// `madvise` THP mode as leave to back its arenas with 2 MiB pages, and a huge page
/// partly in use stays resident whole — a 3,006-file batch of the mix peaked at 103–115
/// MiB resident with them and 55–57 MiB without (issue 16, README "Batch size"); CPU time
/// within this machine's noise (best of three, 5.40 s with, 5.61 s without). Set here,
/// before any work: the flag is the process's and covers mappings already made.
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes integer arguments and touches no memory of ours;
    // a kernel without it returns an error, which changes nothing.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

/// mimalloc's option `purge_delay`, in the v3 `mi_option_e` enum of `mimalloc.h` (the
/// version the mimalloc crate builds): the sys crate names only some of the options.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Freed memory back to the kernel after 50 ms instead of mimalloc's 1 s. A worker frees
/// every file's buffers (the file, its inflated parts, the page's tree) once its report is
/// written; at a thousand files a second, a second's worth of them stayed resident: a
/// 30,006-file batch of the mix peaked at 82–90 MiB with 1 s and 66–67 MiB with 50 ms,
/// for about 2.5% more CPU time (0 ms: 53 MiB for 15% more, in `madvise` calls and the
/// page faults after them; README "Batch size", issue 16). `MIMALLOC_PURGE_DELAY` in the environment still wins.
fn purge_sooner() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: sets one integer option; mimalloc reads it at its next purge.
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 50) }
    }
}

use nianbao::extract::Options;

/// Extract the tables of Chinese government information-disclosure annual reports
/// (政府信息公开工作年度报告, .docx) into canonical JSON and CSV, with every problem
/// listed as an anomaly.
#[derive(Parser)]
#[command(name = "nianbao", version, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read reports and write one JSON per report plus batch CSVs and a summary.
    ///
    /// For each input file at relative path R (relative to the folder given; for a file
    /// given directly, its name) writes DIR/reports/R with its extension replaced by .json
    /// (a.docx, a.doc, a.html → a.json). When
    /// several inputs are given, each is named by as many trailing components of its path
    /// as tell it from the others (2021/a.docx, 2022/a.docx); two inputs that would still
    /// share a report file get ~2, ~3… before .json, in path order (their records keep
    /// their own R), and a name too long for the file system is shortened with a hash.
    /// Besides reports/, DIR gets reports.csv, cells.csv, wide_2021.csv, wide_2019.csv,
    /// anomalies.csv, batch_anomalies.csv (cross-year checks), codebook.csv, the same
    /// tables as .parquet, and summary.json (nianbao.xlsx too with --xlsx);
    /// CSVs are UTF-8 with a BOM. Files that cannot be read still get a report with
    /// "status": "error". Exit status: 0 when the batch ran (even with bad files), 2 when
    /// it could not run (no input found, DIR not writable).
    #[command(verbatim_doc_comment)]
    Extract {
        /// Report files and folders. Folders are searched recursively for every file
        /// that is a report by its name (.docx .doc .wps .rtf .odt .html .htm .mht .pdf …)
        /// or by its bytes (a web page named .txt); other files are counted in the
        /// summary, Word lock files (~$…) and hidden entries skipped.
        #[arg(required_unless_present = "files_from", value_name = "INPUT")]
        inputs: Vec<PathBuf>,
        /// Read the inputs from LIST instead (`-`: standard input): one file or folder a
        /// line, each named in the outputs by its path as listed, so a list split into
        /// shards (`split -n l/4 LIST`) names every file as the whole list would.
        #[arg(long, value_name = "LIST", conflicts_with = "inputs")]
        files_from: Option<PathBuf>,
        /// With --files-from: entries are separated by NUL bytes (`find -print0`), not lines.
        #[arg(long, requires = "files_from")]
        null: bool,
        /// Output folder; created if needed. One run at a time (a second exits 2); the
        /// earlier run's outputs (reports/ as a whole, the CSVs, summary.json) are replaced
        /// together once the new run is complete, so a run killed midway leaves them as
        /// they were; nothing else in it is touched. Not needed with --check.
        #[arg(long, short, value_name = "DIR", required_unless_present = "check")]
        out: Option<PathBuf>,
        /// Check only: read every input and print the summary line, write nothing to DIR
        /// (the batch runs in a temporary folder, removed at the end). Exit status 1 when
        /// a file failed or an anomaly of severity error was found (in a report or across
        /// reports), 0 when none, 2 when the batch could not run.
        #[arg(long)]
        check: bool,
        /// Files read in parallel (worker threads); 0 = one per CPU core; at most 4 per
        /// core and one per file. Outputs are identical whatever the number.
        #[arg(long, short, value_name = "N", default_value_t = 0)]
        jobs: usize,
        /// No progress bar (it is drawn on stderr only when stderr is a terminal).
        #[arg(long, short)]
        quiet: bool,
        /// Read a blank number cell as 0 instead of null; each is then listed as a
        /// blank_as_zero anomaly (info) instead of missing_cell.
        #[arg(long)]
        blank_as_zero: bool,
        /// Largest size, in MiB, of a file and of any part inflated from it; a larger one
        /// is reported as too_large instead of being read.
        #[arg(long, value_name = "N", default_value_t = 256)]
        max_part_mib: u64,
        /// LibreOffice's soffice, to convert .doc, .wps, .rtf and .odt files to .docx
        /// (default: soffice or libreoffice on PATH). Without one such files get
        /// needs_converter. Install: apt-get install libreoffice-writer-nogui.
        #[arg(long, value_name = "PATH")]
        soffice: Option<PathBuf>,
        /// Seconds LibreOffice may take for one file converted alone (plus a sixth of
        /// it per MiB); a chunk of files gets half of it to start plus a twentieth per
        /// file. A file that takes longer is conversion_failed.
        #[arg(long, value_name = "SECS", default_value_t = 60)]
        convert_timeout: u64,
        /// Also write DIR/nianbao.xlsx: the batch files as one workbook (报告, 单元格, 异常,
        /// 宽表2021, 宽表2019, 跨年异常, 代码表), Chinese headers, typed cells. Off by
        /// default: it costs more than the rest of the batch files together.
        #[arg(long)]
        xlsx: bool,
    },
    /// Write pages a person reads from an output folder: DIR/review/index.html (the
    /// batch, a chart of anomalies, the unreadable files, every report in a list that
    /// sorts and filters) and one page per report with its tables, marked cells, failed
    /// 勾稽 rules as equations and cross-year findings. Offline: open index.html.
    ///
    /// Reads only DIR's outputs (reports/**/*.json, summary.json, batch_anomalies.csv).
    #[command(verbatim_doc_comment)]
    Review {
        /// The output folder of `nianbao extract`.
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// The input folder the batch was extracted from, so pages link to each source
        /// file; without it the link is the record's source.path as given.
        #[arg(long, value_name = "INPUT")]
        source_root: Option<PathBuf>,
    },
    /// Print a .docx's tables as grids (row and cell indexes, merges, nested tables,
    /// padding made visible) and its paragraphs: why a value came out as it did.
    ///
    /// Table numbers, row and cell indexes are those of "location" in the JSON.
    #[command(verbatim_doc_comment)]
    Inspect {
        /// The .docx file.
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Draw at full width (grid columns up to 24, lines unwrapped) instead of within
        /// 120 columns.
        #[arg(long)]
        wide: bool,
        /// Print one cell only: its text, layout, the key it became, value, raw text,
        /// location and anomalies. TABLE:ROW:CELL as in `location` and the CSVs'
        /// loc_table:loc_row:loc_cell (table from 1, row and cell from 0), e.g. 3:5:1.
        #[arg(long, value_name = "TABLE:ROW:CELL")]
        at: Option<nianbao::inspect::At>,
    },
}

fn main() -> ExitCode {
    no_huge_pages();
    purge_sooner();
    match Cli::parse().command {
        Command::Extract {
            mut inputs,
            files_from,
            null,
            out,
            jobs,
            quiet,
            blank_as_zero,
            max_part_mib,
            check,
            soffice,
            convert_timeout,
            xlsx,
        } => {
            // --check: a throwaway folder, so DIR (if given) is never written.
            let scratch = check.then(|| {
                std::env::temp_dir().join(format!("nianbao-check-{}", std::process::id()))
            });
            let Some(out) = scratch.clone().or(out) else {
                eprintln!("nianbao: --out DIR is required (or --check)");
                return ExitCode::from(2);
            };
            let mut extract = Options::default();
            let timeouts = nianbao::convert::Timeouts {
                per_file: std::time::Duration::from_secs(convert_timeout.max(1)),
            };
            extract.converter =
                match nianbao::convert::Converter::find(soffice.as_deref(), timeouts) {
                    Ok(c) => Some(c),
                    // Not on PATH: said per file (needs_converter), not here.
                    Err(nianbao::convert::FindError::NotOnPath) => None,
                    Err(e) => {
                        eprintln!(
                            "nianbao: --soffice: {e}; .doc/.wps/.rtf/.odt files get needs_converter"
                        );
                        None
                    }
                };
            extract.limits.max_part_bytes = max_part_mib.saturating_mul(1 << 20);
            extract.check.blank_as_zero = blank_as_zero;
            if let Some(list) = &files_from {
                let read = if list.as_os_str() == "-" {
                    nianbao::batch::read_file_list(std::io::stdin().lock(), null)
                } else {
                    std::fs::File::open(list).and_then(|f| nianbao::batch::read_file_list(f, null))
                };
                match read {
                    Ok(entries) if entries.is_empty() => {
                        eprintln!(
                            "nianbao: --files-from {}: the list is empty",
                            list.display()
                        );
                        return ExitCode::from(2);
                    }
                    Ok(entries) => inputs = entries,
                    Err(e) => {
                        eprintln!("nianbao: --files-from {}: {e}", list.display());
                        return ExitCode::from(2);
                    }
                }
            }
            let opts = BatchOptions {
                listed: files_from.is_some(),
                inputs,
                out: out.clone(),
                jobs,
                progress: !quiet && std::io::stderr().is_terminal(),
                extract,
                xlsx,
            };
            let start = Instant::now();
            let result = run(&opts);
            if let Some(dir) = &scratch {
                let _ = std::fs::remove_dir_all(dir);
            }
            match result {
                Ok(summary) if check => {
                    println!(
                        "{}; {:.2} s (--check: nothing written)",
                        summary.line(),
                        start.elapsed().as_secs_f64()
                    );
                    let errors = summary.errors() > 0
                        || summary.anomalies.severity(nianbao::report::Severity::Error) > 0
                        || summary
                            .batch_anomalies
                            .severity(nianbao::report::Severity::Error)
                            > 0;
                    ExitCode::from(u8::from(errors))
                }
                Ok(summary) => {
                    println!(
                        "{}; {:.2} s → {}",
                        summary.line(),
                        start.elapsed().as_secs_f64(),
                        out.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("nianbao: {e}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Review { dir, source_root } => {
            let start = Instant::now();
            match nianbao::review::run(&nianbao::review::Options { dir, source_root }) {
                Ok(o) => {
                    println!(
                        "nianbao review: {} reports ({} unreadable{}), {} pages; {:.2} s → {}",
                        o.reports,
                        o.errors,
                        if o.unparsed > 0 {
                            format!(", {} records not parsed", o.unparsed)
                        } else {
                            String::new()
                        },
                        o.pages,
                        start.elapsed().as_secs_f64(),
                        o.index.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("nianbao review: {e}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Inspect { file, wide, at } => match nianbao::inspect::inspect_with(
            &file,
            &nianbao::inspect::InspectOptions { wide, at },
        ) {
            Ok(text) => {
                print!("{text}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("nianbao: {}: {e}", file.display());
                ExitCode::from(2)
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Option 15 is the purge delay: the only option whose default is 1000 (ms); a
    /// mimalloc whose enum moved fails here instead of setting some other option.
    #[test]
    fn the_option_set_is_mimallocs_purge_delay() {
        // SAFETY: reads and sets one integer option.
        let get = || unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
        match std::env::var("MIMALLOC_PURGE_DELAY") {
            Ok(v) => assert_eq!(get().to_string(), v),
            Err(_) => {
                assert_eq!(get(), 1000);
                purge_sooner();
                assert_eq!(get(), 50);
            }
        }
    }
}
