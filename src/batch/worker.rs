//! What a worker does with one file: read it, extract it (or take the prepass's
//! conversion), mark it as a copy of an earlier input, write its JSON into the stage and
//! format its rows — everything that can run in parallel, handed to the writer as
//! [`Done`].

use std::io;
use std::path::Path;

use sha2::{Digest, Sha256};

use super::ReportDigest;
use super::duplicates::{Slot, parse_sha};
use super::read::read_input;
use super::summary::Tally;
use crate::convert::Outcome;
use crate::extract::{Options, extract_converted, extract_source, hex};
use crate::report::{Anomaly, AnomalyCode, Report, Severity, Source, Status};
use crate::write::{self, BatchRows};

/// One file, done by a worker.
pub(super) struct Done {
    pub(super) rows: BatchRows,
    pub(super) tally: Tally,
    pub(super) digest: Option<ReportDigest>,
}

/// One file read and extracted; its hash published into `slot` as soon as it is known,
/// before the file is extracted (see [`duplicates`](super::duplicates)).
///
/// `converted`: the prepass's conversion of this input, when it was one.
pub(super) fn read_and_extract(
    path: &Path,
    rel: &str,
    opts: &Options,
    converted: Option<&Outcome>,
    slot: &mut Slot,
) -> Report {
    match read_input(path, opts.limits.max_part_bytes) {
        Ok(bytes) => {
            let sha: [u8; 32] = Sha256::digest(&bytes).into();
            slot.publish(Some(sha));
            let source = Source::new(rel.to_owned(), hex(&sha), bytes.len() as u64);
            match converted {
                None => extract_source(source, bytes, opts),
                Some(outcome) => {
                    let docx = outcome.clone().and_then(|p| {
                        let docx = std::fs::read(&p)
                            .map_err(|e| format!("cannot read the converted .docx: {e}"));
                        // Read once: the temporary folder need not hold a batch's worth.
                        let _ = std::fs::remove_file(&p);
                        docx
                    });
                    extract_converted(source, bytes, docx, opts)
                }
            }
        }
        Err(failed) => {
            let report = failed(rel.to_owned());
            slot.publish(parse_sha(&report.source.sha256));
            report
        }
    }
}

/// One file's record, marked as a copy of the input at path `first` when there is one
/// (SPEC §9): its JSON written to `json_file` (formatted into `json`, the worker's
/// buffer), its rows formatted. `Err` only when its JSON cannot be written (the batch stops: the output
/// folder is unusable).
pub(super) fn process(
    mut report: Report,
    json_file: &Path,
    first: Option<&str>,
    out: &Path,
    json: &mut Vec<u8>,
) -> io::Result<Done> {
    if let Some(first) = first {
        report.source.duplicate_of = Some(first.to_owned());
        report.notes.insert(
            0,
            Anomaly::new(
                AnomalyCode::DuplicateOf,
                Severity::Info,
                format!(
                    "与 {first} 内容完全相同（SHA-256 一致）：同一份报告，跨年度核对只用 {first}"
                ),
            ),
        );
    }
    json.clear();
    write::write_report_json(&report, json);
    // Into the stage: the whole folder is put in place by renames at commit (rundir).
    write::write_new(&out.join(json_file), json)?;
    Ok(Done {
        rows: write::batch_rows(&report),
        tally: Tally {
            status: report.status,
            error: report.error.as_ref().map(|e| e.code),
            template: report.template,
            anomalies: report
                .anomalies
                .iter()
                .map(|a| (a.code, a.severity))
                .collect(),
            notes: report.notes.iter().map(|a| a.code).collect(),
            narrative: report.narrative,
            duplicate: report.source.duplicate_of.is_some(),
        },
        // A copy is left out of the checks across reports: its first copy is in them.
        digest: (report.status == Status::Ok
            && report.source.duplicate_of.is_none()
            && report.report.agency.is_some()
            && report.report.year.is_some())
        .then(|| ReportDigest::of(&report)),
    })
}
