//! convert prepass: a batch's convertible inputs converted before the main pass, many
//! files per LibreOffice start, on the batch's worker pool.
//!
//! The main pass reads files in input order with every worker; a `.doc` met there could
//! only be converted on its own (one process start, seconds, per file). So the batch
//! first finds its convertible inputs — a look at each file's head: an OLE compound file,
//! `{\rtf`, a zip whose first entry is ODF's `mimetype`; the candidates then read whole
//! and [`sniff`]ed — and converts them in chunks, one `soffice` process per chunk, each
//! worker thread with its own profile folder. The converted .docx files wait in a
//! [`Scratch`] folder until the main pass reads them; the folder goes with [`Prepared`].
//!
//! Outcomes are keyed by input index, so what the main pass writes, and in which order,
//! does not depend on how chunks were spread over threads.
//!
//! With `progress` (the batch's: stderr a terminal, no `--quiet`) a bar on stderr counts
//! the candidates as LibreOffice finishes them (its .docx files appearing, see
//! [`Converter::convert_many_counted`]), with the time spent and left: a prepass of a
//! thousand .doc files takes minutes before the main pass's own bar starts, and must not
//! look hung. The bar is cleared when the prepass ends.

use std::collections::HashMap;
use std::fs::{self, File};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use super::{Converter, Job, Outcome, Scratch};
use crate::batch::Inputs;
use crate::extract::extension;
use crate::open::sniff::{self, word_binary_encrypted};

/// The most files one `soffice` process is given: past this a chunk's timeout (and the
/// retries after one) grows long, while the start it saves is already small beside the
/// conversions.
pub const CHUNK_MAX: usize = 32;

/// The converted inputs of a batch: index → the .docx in [`Prepared::scratch_dir`], or why
/// there is none.
#[derive(Debug, Default)]
pub struct Prepared {
    outcomes: HashMap<usize, Outcome>,
    /// Holds the converted files; removed when this is dropped.
    scratch: Option<Scratch>,
}

impl Prepared {
    /// The conversion of input `i`, when it was one.
    pub fn outcome(&self, i: usize) -> Option<&Outcome> {
        self.outcomes.get(&i)
    }

    /// How many inputs were converted (or tried).
    pub fn len(&self) -> usize {
        self.outcomes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.outcomes.is_empty()
    }

    /// The temporary folder, while it exists.
    pub fn scratch_dir(&self) -> Option<&Path> {
        self.scratch.as_ref().map(Scratch::root)
    }
}

/// Convert the convertible ones of `inputs` on `pool`. Files larger than `max_bytes`,
/// unreadable or not regular are left to the main pass, which records why. `progress`:
/// draw a bar on stderr while converting.
pub fn prepass(
    inputs: &Inputs,
    converter: &Converter,
    pool: &rayon::ThreadPool,
    max_bytes: u64,
    progress: bool,
) -> Prepared {
    let candidates: Vec<usize> = pool.install(|| {
        (0..inputs.len())
            .into_par_iter()
            .filter(|&i| may_need_conversion(&inputs.path(i), max_bytes))
            .collect()
    });
    if candidates.is_empty() {
        return Prepared::default();
    }
    let scratch = match Scratch::new() {
        Ok(s) => s,
        Err(e) => {
            let why = format!("cannot make a temporary folder for LibreOffice: {e}");
            let outcomes = candidates
                .into_iter()
                .map(|i| (i, Err(why.clone())))
                .collect();
            return Prepared {
                outcomes,
                scratch: None,
            };
        }
    };
    let threads = pool.current_num_threads().max(1);
    let size = candidates.len().div_ceil(threads).clamp(1, CHUNK_MAX);
    let chunks: Vec<&[usize]> = candidates.chunks(size).collect();
    let bar = bar(candidates.len(), progress);
    let done: Vec<Vec<(usize, Outcome)>> = pool.install(|| {
        chunks
            .par_iter()
            .map(|chunk| convert_chunk(chunk, inputs, converter, &scratch, &bar))
            .collect()
    });
    bar.finish_and_clear();
    Prepared {
        outcomes: done.into_iter().flatten().collect(),
        scratch: Some(scratch),
    }
}

/// The prepass's bar over `files` candidates, or a hidden one without `progress`.
fn bar(files: usize, progress: bool) -> ProgressBar {
    if !progress {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(files as u64), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(
        "converting with LibreOffice {spinner} {bar:30} {pos}/{len} files  {elapsed} elapsed, ETA {eta}",
    ) {
        bar.set_style(style);
    }
    // The spinner and the elapsed time move while a chunk's first file converts (a
    // LibreOffice start takes seconds).
    bar.enable_steady_tick(Duration::from_millis(250));
    bar
}

/// One chunk on the current worker thread, with that thread's profile.
fn convert_chunk(
    chunk: &[usize],
    inputs: &Inputs,
    converter: &Converter,
    scratch: &Scratch,
    bar: &ProgressBar,
) -> Vec<(usize, Outcome)> {
    let profile = scratch.root().join(format!(
        "profile-{}",
        rayon::current_thread_index().unwrap_or(0)
    ));
    // Read whole and sniffed: the head only said "maybe".
    let mut files: Vec<(usize, Vec<u8>, sniff::Format)> = Vec::with_capacity(chunk.len());
    for &i in chunk {
        let Ok(bytes) = fs::read(inputs.path(i)) else {
            continue; // the main pass reads it again and records why it cannot
        };
        let Some(format) = sniff::sniff(&bytes, extension(inputs.rel(i))) else {
            continue;
        };
        if !format.needs_conversion() || word_binary_encrypted(&bytes).is_some() {
            continue;
        }
        files.push((i, bytes, format));
    }
    let jobs: Vec<Job<'_>> = files
        .iter()
        .map(|(_, bytes, format)| Job {
            bytes,
            format: *format,
        })
        .collect();
    // Candidates the whole file shows need no conversion: done already.
    bar.inc((chunk.len() - jobs.len()) as u64);
    let outcomes = converter.convert_many_counted(&jobs, scratch, &profile, &|n| bar.inc(n as u64));
    files.iter().map(|(i, _, _)| *i).zip(outcomes).collect()
}

/// The head test: could this file be a `.doc`, `.wps`, `.rtf` or `.odt`?
fn may_need_conversion(path: &PathBuf, max_bytes: u64) -> bool {
    // `metadata` opens nothing: a FIFO is never opened here.
    let Ok(meta) = fs::metadata(path) else {
        return false;
    };
    if !meta.is_file() || meta.len() > max_bytes || meta.len() == 0 {
        return false;
    }
    let Ok(file) = File::open(path) else {
        return false;
    };
    let mut head = Vec::with_capacity(128);
    if file.take(128).read_to_end(&mut head).is_err() {
        return false;
    }
    sniff::head_may_need_conversion(&head)
}
