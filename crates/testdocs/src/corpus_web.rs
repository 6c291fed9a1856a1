//! The corpus's web forms (SPEC §6, issue 10): three corpus reports again, as a saved web
//! page with site chrome, as a single-file web page (MHT) and as a .docx holding tables
//! 三 and 四 in an HTML `w:altChunk`. Each is built from the same description as its
//! `.docx` twin in `corpus/` (see [`WebForm::twin`]), so `make extract` shows that the
//! form gives the same values. `gen-corpus` writes them under `corpus/web/`;
//! `tests/corpus/` checks the bytes on disk are these and that each reads as its twin.

use crate::corpus::{clean_2021, published, template_2019, unbalanced_2021, with_narrative};
use crate::html::{self, Chunk, Page, Style, Transfer};
use crate::model::{Block, Inline};
use crate::report::Report;

/// One corpus document in a web form.
pub struct WebForm {
    /// Path inside `corpus/` (`web/…`).
    pub name: &'static str,
    /// The corpus `.docx` holding the same report.
    pub twin: &'static str,
    /// What it is, one line (for `corpus/README.md`).
    pub about: &'static str,
    pub build: fn() -> Vec<u8>,
}

/// Every web form, in the order `corpus/README.md` lists them.
pub fn web_forms() -> Vec<WebForm> {
    vec![
        WebForm {
            name: "web/clean-2021.html",
            twin: "clean-2021.docx",
            about: "`clean-2021.docx` as its agency's site serves it: GBK bytes under a `gb2312` meta, the article inside full site chrome (navigation naming another report and date, the 索引号/发布机构 header table naming another office, related links, footer dates) and decoy tables whose figures are all 9 (in a script string, `display:none`, `<template>`, `hidden`, a comment, `<nav>`). Read directly by the HTML reader: the same values, anomalies and metadata as the .docx.",
            build: clean_page,
        },
        WebForm {
            name: "web/unbalanced-2021.mht",
            twin: "unbalanced-2021.docx",
            about: "`unbalanced-2021.docx` saved as Word's \"single file web page\": MIME multipart/related, the page as Word writes HTML (`mso-` styles, `<o:p>`, CRLF) in GBK, quoted-printable, with an image part. Its HTML part read directly: the same five sum_mismatch and two narrative_mismatch as the .docx.",
            build: unbalanced_mht,
        },
        WebForm {
            name: "web/template-2019-altchunk.docx",
            twin: "template-2019.docx",
            about: "`template-2019.docx` with everything from table 三's heading to the closing paragraphs pasted from a web page: a `w:altChunk` (relationship `aFChunk`) to a UTF-8 `text/html` part holding tables 三 and 四, read in document order as if its content stood there; the same values as the .docx.",
            build: template_2019_alt_chunk,
        },
    ]
}

/// `clean-2021.docx`'s report.
fn clean() -> Report {
    with_narrative(published("clean-2021.docx", clean_2021()))
}

fn clean_page() -> Vec<u8> {
    let r = clean();
    let page = Page {
        charset: Some("gb2312".into()),
        ..html::site_chrome(&r.title.concat())
    };
    gbk(&html::write(&r.doc(), Style::Hand, &page))
}

fn unbalanced_mht() -> Vec<u8> {
    let r = with_narrative(published("unbalanced-2021.docx", unbalanced_2021()));
    let page = Page {
        charset: Some("gb2312".into()),
        ..Page::default()
    };
    let bytes = gbk(&html::write(&r.doc(), Style::Word, &page));
    html::mht(&bytes, Some("gb2312"), Transfer::QuotedPrintable)
}

fn template_2019_alt_chunk() -> Vec<u8> {
    let r = published("template-2019.docx", template_2019());
    let doc = r.doc();
    let at = |text: &str| {
        doc.body
            .iter()
            .position(|b| matches!(b, Block::Para(p) if para_text(p) == text))
            .unwrap_or_else(|| panic!("template-2019: no paragraph {text}"))
    };
    let range = at(&r.headings[1])..at(&r.outro[0]);
    html::alt_chunk_docx(&doc, range, Chunk::Html)
}

/// A paragraph's text, its runs joined.
fn para_text(p: &crate::model::Para) -> String {
    p.inlines
        .iter()
        .filter_map(|i| match i {
            Inline::Run(r) => Some(r.plain_text()),
            _ => None,
        })
        .collect()
}

/// A page's text in GBK (what `gb2312` pages are served in); the corpus pages are all
/// GBK characters.
fn gbk(page: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(page);
    assert!(!unmappable, "a corpus page outside GBK");
    bytes.into_owned()
}
