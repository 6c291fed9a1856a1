//! extract: one file through every stage, into its [`Report`]. Never panics out:
//! a panic in a stage becomes this file's `internal_error` record.
//!
//! What the bytes are ([`sniff()`], SPEC §6) picks the reader: a .docx (or bytes of no
//! report format, which the .docx reader's container checks then name: empty, not a
//! zip, …) goes through `open` → `read`; a web page or MHT through the HTML reader;
//! `.doc`/`.wps`/`.rtf`/`.odt` through LibreOffice then the .docx path; PDF is named
//! and not read.

pub(crate) mod html;

use std::panic::{AssertUnwindSafe, catch_unwind};

use sha2::{Digest, Sha256};

use crate::check::{CheckOptions, check};
use crate::convert::{Converter, convert_one};
use crate::metadata::metadata_with;
use crate::open::sniff::word_binary_encrypted;
use crate::open::{Format, Limits, OpenError, Package, sniff};
use crate::read::read_document;
use crate::recognize::recognize;
use crate::report::{
    Anomaly, AnomalyCode, Converted, ErrorCode, ErrorRecord, Location, Report, Severity, Source,
    Status,
};

/// Everything a run can set that changes how one file is read.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub limits: Limits,
    pub check: CheckOptions,
    /// LibreOffice, for `.doc`/`.wps`/`.rtf`/`.odt`; `None`: such files are
    /// `needs_converter`. A batch converts them in a prepass ([`crate::convert::prepass`]);
    /// [`extract_bytes`] converts one on its own.
    pub converter: Option<Converter>,
}

/// Extract one file's bytes. `path` is the relative path written to `source.path`.
pub fn extract_bytes(path: &str, bytes: Vec<u8>, opts: &Options) -> Report {
    let source = Source::new(
        path.to_owned(),
        hex(&Sha256::digest(&bytes)),
        bytes.len() as u64,
    );
    extract_source(source, bytes, opts)
}

/// [`extract_bytes`] with the `source`'s path, hash and size already known (the batch
/// hashes a file before reading it, to know early which inputs are copies of another).
pub fn extract_source(mut source: Source, bytes: Vec<u8>, opts: &Options) -> Report {
    source.format = sniff(&bytes, extension(&source.path));
    guarded(source, |source| dispatch(source, bytes, opts))
}

/// The extension of the last component of `path` (without the dot), if any.
pub fn extension(path: &str) -> Option<&str> {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    match name.rfind('.') {
        Some(dot) if dot > 0 && dot + 1 < name.len() => Some(&name[dot + 1..]),
        _ => None,
    }
}

/// The reader for the sniffed format.
fn dispatch(source: Source, bytes: Vec<u8>, opts: &Options) -> Result<Report, ErrorRecord> {
    match source.format {
        // Bytes of no report format go to the .docx reader too: its container checks
        // say what they are (empty_file, not_a_zip, corrupt_zip, legacy_doc).
        None | Some(Format::Docx) => run(source, bytes, opts),
        Some(Format::Html) => html::run(source, &bytes, opts),
        Some(Format::Mht) => html::run_mht(source, &bytes, opts),
        Some(Format::Pdf) => Err(ErrorRecord {
            code: ErrorCode::UnsupportedFormat,
            message: "a PDF file: nianbao does not read PDF; find the report's .docx, .doc or \
                      web page, or convert the PDF by another route"
                .to_owned(),
            part: None,
            offset: None,
        }),
        Some(f @ (Format::Doc | Format::Wps | Format::Rtf | Format::Odt)) => {
            if matches!(f, Format::Doc | Format::Wps)
                && let Some(at) = word_binary_encrypted(&bytes)
            {
                return Err(encrypted_word_binary(at));
            }
            match &opts.converter {
                None => Err(needs_converter(f)),
                Some(c) => {
                    let docx = convert_one(c, &bytes, f).map_err(conversion_failed)?;
                    drop(bytes);
                    let source = converted_source(source, f, c);
                    run(source, docx, opts)
                }
            }
        }
    }
}

/// Extract a file LibreOffice has already converted (the batch prepass): `source` as in
/// [`extract_source`], `bytes` the input's own, `outcome` the converted .docx or why there
/// is none.
/// A file whose bytes are no longer convertible (changed since the prepass) is read as
/// [`extract_bytes`] reads it.
pub fn extract_converted(
    mut source: Source,
    bytes: Vec<u8>,
    outcome: Result<Vec<u8>, String>,
    opts: &Options,
) -> Report {
    source.format = sniff(&bytes, extension(&source.path));
    let (Some(format), Some(converter)) = (source.format, &opts.converter) else {
        return guarded(source, |source| dispatch(source, bytes, opts));
    };
    if !format.needs_conversion() {
        return guarded(source, |source| dispatch(source, bytes, opts));
    }
    drop(bytes);
    let source = converted_source(source, format, converter);
    guarded(source, |source| {
        let docx = outcome.map_err(conversion_failed)?;
        run(source, docx, opts)
    })
}

/// `source.converted` set: from `format`, with the converter's version (left unset when
/// the converter could not say it: then nothing was converted).
fn converted_source(mut source: Source, format: Format, c: &Converter) -> Source {
    if let Ok(with) = c.version() {
        source.converted = Some(Converted {
            from: format,
            with: with.to_owned(),
        });
    }
    source
}

fn conversion_failed(why: String) -> ErrorRecord {
    ErrorRecord {
        code: ErrorCode::ConversionFailed,
        message: format!("LibreOffice could not convert the file to .docx: {why}"),
        part: None,
        offset: None,
    }
}

/// A Word binary file whose FIB says it is password-protected: no converter opens it
/// without the password.
pub fn encrypted_word_binary(entry: usize) -> ErrorRecord {
    ErrorRecord {
        code: ErrorCode::Encrypted,
        message: "a password-protected Word 97–2003 document (fEncrypted set in the File \
                  Information Block of its `WordDocument` stream): it opens only with its password"
            .to_owned(),
        part: Some("WordDocument".to_owned()),
        offset: Some(entry as u64),
    }
}

/// The record of a file LibreOffice would convert, in a run without it.
pub fn needs_converter(f: Format) -> ErrorRecord {
    ErrorRecord {
        code: ErrorCode::NeedsConverter,
        message: format!(
            "a .{f} file, read after LibreOffice converts it to .docx, and no LibreOffice was \
             found: install it (Debian/Ubuntu: `apt-get install libreoffice-writer-nogui`) so \
             that `soffice` is on PATH, or name it with `--soffice PATH`"
        ),
        part: None,
        offset: None,
    }
}

/// Runs one file's stages so that nothing escapes: an error becomes the file's error
/// record, and a panic — a bug of ours — becomes `internal_error` for this file alone,
/// so the rest of the batch goes on.
pub fn guarded(
    source: Source,
    stages: impl FnOnce(Source) -> Result<Report, ErrorRecord>,
) -> Report {
    match catch_unwind(AssertUnwindSafe(|| stages(source.clone()))) {
        Ok(Ok(report)) => report,
        Ok(Err(e)) => Report::failed(source, e),
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_owned());
            Report::failed(
                source,
                ErrorRecord {
                    code: ErrorCode::InternalError,
                    message: format!("nianbao bug while reading this file: {what}"),
                    part: None,
                    offset: None,
                },
            )
        }
    }
}

fn run(source: Source, bytes: Vec<u8>, opts: &Options) -> Result<Report, ErrorRecord> {
    let mut pkg = Package::from_bytes(bytes, &opts.limits).map_err(open_err)?;
    let main = pkg.read_main().map_err(open_err)?;
    let styles = pkg.read_styles().map_err(open_err)?;
    let part = pkg.main_part_name().to_owned();
    let mut doc = read_document(&part, &main, styles.as_deref()).map_err(|e| ErrorRecord {
        code: e.code,
        message: e.message,
        part: Some(e.part),
        offset: Some(e.offset),
    })?;
    // Content pasted from a web page (w:altChunk parts) is read where it stands.
    let unread = html::embed(&mut pkg, &mut doc)?;
    let hint = if unread {
        "; the document embeds content that nianbao could not read (w:altChunk: an RTF part, or one missing)"
    } else {
        ""
    };
    let read = Read {
        doc: &doc,
        part: &part,
        what: "document",
        hint,
    };
    let mut report = report_of(source, read, || pkg.read_core_props(), opts)?;
    // What the reader read through without knowing it is said, never dropped.
    report.notes.extend(doc.notes.iter().map(|n| Anomaly {
        location: n.cell.map(Location::from_ref),
        ..Anomaly::new(
            AnomalyCode::UnknownElement,
            Severity::Info,
            format!("{} (byte {} of {part})", n.message, n.offset),
        )
    }));
    Ok(report)
}

/// A document read, whatever its form, for [`report_of`].
pub(crate) struct Read<'a> {
    pub doc: &'a crate::model::Document,
    /// The part or file it was read from (for the `not_a_report` record).
    pub part: &'a str,
    /// What to call it in messages: "document", "page".
    pub what: &'a str,
    /// Said after `not_a_report`'s message (why the tables may be missing).
    pub hint: &'a str,
}

/// The stages after reading, the same for every form a report comes in: recognize,
/// check, metadata (`core_props` read only when the text lacks the title), the
/// narrative against the tables.
pub(crate) fn report_of(
    source: Source,
    read: Read<'_>,
    core_props: impl FnOnce() -> Result<Option<Vec<u8>>, OpenError>,
    opts: &Options,
) -> Result<Report, ErrorRecord> {
    let doc = read.doc;
    let recognized = recognize(doc);
    let Some(template) = recognized.template else {
        return Err(ErrorRecord {
            code: ErrorCode::NotAReport,
            message: format!(
                "no table of the disclosure-report template found among the {}'s {} tables{}",
                read.what,
                doc.tables.len(),
                read.hint
            ),
            part: Some(read.part.to_owned()),
            offset: None,
        });
    };
    let checked = check(&recognized, &opts.check);
    let meta = metadata_with(doc, core_props).map_err(open_err)?;
    let mut anomalies = recognized.anomalies;
    anomalies.extend(checked.anomalies);
    // SPEC §7: the body text against the tables just read (needs the report's year).
    let (mismatches, narrative) = crate::check::narrative::check(doc, &checked.cells, &meta);
    anomalies.extend(mismatches);
    Ok(Report {
        source,
        status: Status::Ok,
        error: None,
        template: Some(template),
        report: meta,
        cells: checked.cells,
        anomalies,
        notes: checked.notes,
        narrative,
    })
}

fn open_err(e: OpenError) -> ErrorRecord {
    ErrorRecord {
        code: e.code,
        message: e.message,
        part: e.part,
        offset: e.offset,
    }
}

/// Lowercase hex, as `source.sha256` is written.
pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source() -> Source {
        Source::new("a.docx".into(), "00".into(), 0)
    }

    #[test]
    fn a_panic_becomes_this_files_internal_error() {
        let r = guarded(source(), |_| -> Result<Report, ErrorRecord> {
            let cells: Vec<u8> = Vec::new();
            // an out-of-bounds index, as a recognizer bug would make
            let i = cells.len() + 3;
            panic!("index {i} out of range")
        });
        assert_eq!(r.status, Status::Error);
        assert_eq!(r.source, source());
        let e = r.error.expect("error record");
        assert_eq!(e.code, ErrorCode::InternalError);
        assert!(e.message.contains("index 3 out of range"), "{}", e.message);
    }

    #[test]
    fn an_error_becomes_the_files_error_record() {
        let err = ErrorRecord {
            code: ErrorCode::NotAReport,
            message: "none".into(),
            part: Some("word/document.xml".into()),
            offset: None,
        };
        let r = guarded(source(), |_| Err(err.clone()));
        assert_eq!(r.error, Some(err));
        assert_eq!(r.status, Status::Error);
    }
}
