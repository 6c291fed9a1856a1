//! `nianbao review DIR`: pages a person reads, made from an output folder alone (SPEC
//! §8). It reads only what `extract` wrote — `reports/**/*.json`, `summary.json`,
//! `batch_anomalies.csv` — so the review proves the output contract explains every
//! report, and writes `DIR/review/`:
//!
//! ```text
//! review/index.html          the batch: counts, chart, unreadable files, the list
//! review/index-data.js       the list's rows (a script: file:// pages can't fetch)
//! review/reports/R.html      one page per reports/R.json
//! ```
//!
//! Two passes over the records, each in parallel: the first reads what the index and
//! the cross-year links need (which record is which source file), the second reads
//! each record again and writes its page, so memory does not grow with the batch.
//!
//! - `load`: reading the output folder; `layout`: the templates' tables and labels;
//! - `model`: a report page before HTML; `report_page` (with `tables`, the template
//!   grids), `index_page`: the two kinds of page; `page`: what they share; `html`:
//!   escaping, visible padding, links.

pub mod html;
pub mod index_page;
pub mod layout;
pub mod load;
pub mod model;
pub mod page;
pub mod report_page;
pub mod tables;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use index_page::{Entry, Unparsed};
use load::{CrossYearDoc, LoadError, ReportDoc};
use model::{CrossLink, PageModel};
use page::Links;

/// What `nianbao review` is given.
#[derive(Debug, Clone)]
pub struct Options {
    /// The output folder of `nianbao extract`.
    pub dir: PathBuf,
    /// The input folder the batch was extracted from: source links are made relative
    /// to it. Without it a page links to `source.path` as the record gives it (relative
    /// to an input folder the output does not name) and says so.
    pub source_root: Option<PathBuf>,
}

/// What a run wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub reports: usize,
    /// Records with `status: error`.
    pub errors: usize,
    /// Records that could not be parsed as JSON (listed on the index, no page).
    pub unparsed: usize,
    pub pages: usize,
    /// `DIR/review/index.html`.
    pub index: PathBuf,
}

#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    #[error("{}: no reports/ folder: not an output folder of nianbao extract", .0.display())]
    NotAnOutput(PathBuf),
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error("{}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Writes `bytes` to `path` through a temporary sibling renamed into place, so a page
/// is never seen half-written.
fn write_file(path: &Path, bytes: &[u8]) -> Result<(), ReviewError> {
    let err = |source| ReviewError::Write {
        path: path.to_owned(),
        source,
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(err)?;
    }
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp~");
    let tmp = PathBuf::from(tmp);
    std::fs::write(&tmp, bytes).map_err(err)?;
    std::fs::rename(&tmp, path).map_err(err)
}

/// The index's facts about one record.
fn entry_of(json: &str, doc: &ReportDoc) -> Entry {
    let mut counts = [0usize; 3];
    let mut narrative = 0;
    let codes = doc
        .anomalies
        .iter()
        .map(|a| {
            counts[model::Sev::parse(&a.severity) as usize] += 1;
            narrative += usize::from(a.code == "narrative_mismatch");
            (a.code.clone(), a.severity.clone())
        })
        .collect();
    Entry {
        json: json.to_owned(),
        source_path: doc.source.path.clone(),
        agency: doc.report.agency.clone(),
        year: doc.report.year,
        template: doc.template.clone(),
        status: doc.status.clone(),
        error_code: doc.error.as_ref().map(|e| e.code.clone()),
        error_message: doc.error.as_ref().map(|e| e.message.clone()),
        counts,
        narrative,
        cross: 0,
        codes,
    }
}

/// Each record's cross-year findings, seen from both of its years.
fn cross_links(entries: &[Entry], rows: &[CrossYearDoc]) -> HashMap<String, Vec<CrossLink>> {
    let mut by_source: HashMap<&str, &str> = HashMap::new();
    for e in entries {
        by_source.entry(&e.source_path).or_insert(&e.json);
    }
    let mut out: HashMap<String, Vec<CrossLink>> = HashMap::new();
    for row in rows {
        let later = by_source.get(row.path.as_str()).copied();
        let earlier = by_source.get(row.prev_path.as_str()).copied();
        for (this, other, this_is_later) in [(later, earlier, true), (earlier, later, false)] {
            if let Some(this) = this {
                out.entry(this.to_owned()).or_default().push(CrossLink {
                    doc: row.clone(),
                    this_is_later,
                    other_json: other.map(str::to_owned),
                });
            }
        }
    }
    out
}

/// The links of the page of record `json` (`reports/`-relative).
fn links_of(opts: &Options, json: &str, doc: &ReportDoc) -> Links {
    let stem = json.strip_suffix(".json").unwrap_or(json);
    // review/reports/<stem>.html → up to review/reports/, review/, DIR.
    let up_pages = html::up(stem, 0);
    let (source, source_note) = match &opts.source_root {
        Some(root) => {
            let page_dir = opts
                .dir
                .join("review/reports")
                .join(stem)
                .parent()
                .map(Path::to_owned)
                .unwrap_or_default();
            match html::relative(&page_dir, &root.join(&doc.source.path)) {
                Some(rel) => (html::href(&rel), None),
                None => (
                    html::href(&doc.source.path),
                    Some("无法算出相对于本页的路径，链接按记录中的路径给出".to_owned()),
                ),
            }
        }
        None => (
            html::href(&doc.source.path),
            Some(
                "路径相对于提取时的输入文件夹；生成本页时未给出输入文件夹（review --source-root），链接可能打不开"
                    .to_owned(),
            ),
        ),
    };
    Links {
        index: format!("{up_pages}../index.html"),
        up_to_pages: up_pages.clone(),
        json: format!("{up_pages}../../reports/{}", html::href(json)),
        json_label: format!("reports/{json}"),
        source,
        source_note,
    }
}

/// Reads `opts.dir`'s outputs and writes `opts.dir/review/`.
pub fn run(opts: &Options) -> Result<Outcome, ReviewError> {
    let reports_dir = opts.dir.join("reports");
    if !reports_dir.is_dir() {
        return Err(ReviewError::NotAnOutput(opts.dir.clone()));
    }
    let list = load::list_reports(&reports_dir)?;
    let first: Vec<Result<Entry, Unparsed>> = list
        .par_iter()
        .map(|json| match load::read_report(&reports_dir.join(json)) {
            Ok(doc) => Ok(entry_of(json, &doc)),
            Err(e) => Err(Unparsed {
                json: json.clone(),
                error: e.to_string(),
            }),
        })
        .collect();
    let (mut entries, mut unparsed) = (Vec::new(), Vec::new());
    for r in first {
        match r {
            Ok(e) => entries.push(e),
            Err(u) => unparsed.push(u),
        }
    }
    let summary = load::read_summary(&opts.dir.join("summary.json"))?;
    let cross = load::read_cross_year(&opts.dir.join("batch_anomalies.csv"))?;
    let links = cross_links(&entries, cross.as_deref().unwrap_or(&[]));
    for e in &mut entries {
        e.cross = links.get(&e.json).map_or(0, Vec::len);
    }

    let review = opts.dir.join("review");
    let none = Vec::new();
    let written: Vec<Result<bool, ReviewError>> = entries
        .par_iter()
        .map(|e| {
            // The record is read again rather than kept from the first pass: memory
            // stays that of one record per worker whatever the batch's size.
            let doc = match load::read_report(&reports_dir.join(&e.json)) {
                Ok(doc) => doc,
                Err(_) => return Ok(false),
            };
            let model = PageModel::build(&doc, links.get(&e.json).unwrap_or(&none));
            let html = report_page::render(&doc, &model, &links_of(opts, &e.json, &doc));
            let stem = e.json.strip_suffix(".json").unwrap_or(&e.json);
            write_file(
                &review.join("reports").join(format!("{stem}.html")),
                html.as_bytes(),
            )?;
            Ok(true)
        })
        .collect();
    let mut pages = 0;
    for w in written {
        pages += usize::from(w?);
    }
    let index = review.join("index.html");
    write_file(
        &review.join("index-data.js"),
        index_page::data_js(&entries).as_bytes(),
    )?;
    let dir_label = opts.dir.display().to_string();
    let html = index_page::render(
        &dir_label,
        &entries,
        &unparsed,
        cross.as_deref(),
        summary.as_ref(),
    );
    write_file(&index, html.as_bytes())?;
    Ok(Outcome {
        reports: entries.len(),
        errors: entries.iter().filter(|e| e.status == "error").count(),
        unparsed: unparsed.len(),
        pages,
        index,
    })
}
