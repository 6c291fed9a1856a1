//! testdocs: writes nianbao's test, corpus and benchmark documents.
//!
//! The pieces, in the order a document goes through them:
//!
//! ```text
//! Report (template, paragraphs, raw text of every value cell by canonical key)
//!    │  Report::doc()                report/layout.rs: the template's table layouts
//!    ▼
//! Doc (blocks, tables, rows, cells, runs; every quirk a field)    model.rs
//!    │  edit it: wrap a row in w:sdt, split a number over runs, hide a run …
//!    ▼
//! docxrs::write(&doc)  — an ordinary Word-like .docx (docx-rs)    docxrs.rs
//! raw::write(&doc, &Package) — every part by hand: quirks, Strict namespaces,
//!                       another main part name, another prefix    raw.rs
//! ```
//!
//! [`Report::locate`] says where a value cell lands (`location` as nianbao reports it),
//! and [`Doc::cell_mut`] takes that place to edit the cell. [`seed`] rebuilds the real
//! seed report; [`corpus`] lists the checked-in corpus documents and builds each,
//! [`corpus_web`] the corpus's web forms (a page, an MHT, an altChunk .docx); [`html`]
//! writes a [`Doc`] as a web page.
//!
//! ```
//! use testdocs::{Report, Run, Wrap, raw};
//! let mut r = Report::new_2021();
//! r.set("applications", "received", "natural_person", "\u{a0}3");
//! let mut doc = r.doc();
//! let at = r.locate("applications", "received", "natural_person");
//! doc.cell_mut(at).first_run_mut().expect("test data").wrap.push(Wrap::SmartTag);
//! let bytes = raw::write(&doc, &raw::Package::default());
//! assert_eq!(&bytes[..2], b"PK");
//! ```
//!
//! Every writer is deterministic: same input, same bytes (fixed zip timestamps,
//! paragraph ids renumbered).

pub mod corpus;
pub mod corpus_web;
pub mod docxrs;
pub mod html;
pub mod mix;
pub mod model;
pub mod narrative;
pub mod raw;
pub mod realshapes;
pub mod report;
pub mod seed;

pub use model::*;
pub use report::{Continuation, Key, Layout, Report, Template, keys};

/// The main part a package's `_rels/.rels` points at (the `officeDocument`
/// relationship, transitional or Strict), for tests of the writers.
pub fn main_part_of(docx: &[u8]) -> Option<String> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).ok()?;
    let mut rels = String::new();
    zip.by_name("_rels/.rels")
        .ok()?
        .read_to_string(&mut rels)
        .ok()?;
    let at = rels.find("/officeDocument\"")?;
    let rel = &rels[rels[..at].rfind("<Relationship ")?..];
    let target = &rel[rel.find("Target=\"")? + 8..];
    Some(
        target[..target.find('"')?]
            .trim_start_matches('/')
            .to_owned(),
    )
}

/// One part of a package, as text.
pub fn part_text(docx: &[u8], name: &str) -> Option<String> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).ok()?;
    let mut s = String::new();
    zip.by_name(name).ok()?.read_to_string(&mut s).ok()?;
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_docs() -> Vec<(String, Vec<u8>)> {
        let mut v: Vec<(String, Vec<u8>)> = corpus::corpus()
            .into_iter()
            .map(|c| (c.name.to_owned(), (c.build)()))
            .collect();
        v.push((
            "raw default".into(),
            raw::write(&Report::new_2021().doc(), &raw::Package::default()),
        ));
        v.extend((0..4).map(|i| (format!("varied({i})"), corpus::varied(i))));
        v.push((
            "raw 2019".into(),
            raw::write(&Report::new_2019().doc(), &raw::Package::default()),
        ));
        v
    }

    #[test]
    fn every_document_is_a_zip_whose_rels_point_at_its_main_part() {
        for (name, bytes) in all_docs() {
            let main =
                main_part_of(&bytes).unwrap_or_else(|| panic!("{name}: no officeDocument rel"));
            let xml = part_text(&bytes, &main).unwrap_or_else(|| panic!("{name}: no part {main}"));
            assert!(
                xml.contains("document"),
                "{name}: {main} is not a main part"
            );
            assert!(
                part_text(&bytes, "[Content_Types].xml")
                    .expect("test data")
                    .contains(&format!("/{main}"))
            );
        }
    }

    #[test]
    fn writers_are_deterministic_in_any_order_and_thread() {
        let first = all_docs();
        let again = std::thread::spawn(|| {
            let mut v = all_docs();
            v.reverse();
            v.reverse();
            v
        })
        .join()
        .expect("test data");
        assert_eq!(first, again);
    }

    #[test]
    fn renamed_strict_prefixed_main_part() {
        let bytes = corpus::quirks_converted_2021();
        assert_eq!(main_part_of(&bytes).as_deref(), Some("word/main.xml"));
        let xml = part_text(&bytes, "word/main.xml").expect("test data");
        assert!(xml.contains(r#"xmlns:ns0="http://purl.oclc.org/ooxml/wordprocessingml/main""#));
        assert!(!xml.contains("<w:"));
        assert!(
            part_text(&bytes, "_rels/.rels")
                .expect("test data")
                .contains("http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument")
        );
    }

    #[test]
    fn locate_matches_the_seed_location() {
        let r = seed::seed_report();
        assert_eq!(
            r.locate("applications", "denied_enforcement_file", "other_org"),
            Loc {
                table: 2,
                row: 13,
                cell: 8
            }
        );
        assert_eq!(
            r.locate("applications", "unprocessed_excessive", "legal_service"),
            Loc {
                table: 2,
                row: 21,
                cell: 7
            }
        );
        assert_eq!(
            r.locate("review_litigation", "litigation_after_review", "total"),
            Loc {
                table: 3,
                row: 3,
                cell: 14
            }
        );
    }

    #[test]
    fn split_and_caption_shift_locations() {
        let mut r = Report::new_2021();
        r.layout.caption = Some("表三".into());
        r.layout.split_applications_before = Some("denied_process_info".into());
        r.layout.active_split = true;
        // 4 tables for 二, then 三 in two parts.
        assert_eq!(
            r.locate("applications", "received", "natural_person"),
            Loc {
                table: 5,
                row: 4,
                cell: 1
            }
        );
        assert_eq!(
            r.locate("applications", "denied_process_info", "total"),
            Loc {
                table: 6,
                row: 0,
                cell: 9
            }
        );
        assert_eq!(r.locate("review_litigation", "review", "upheld").table, 7);
        let doc = r.doc();
        assert_eq!(doc.table_count(), 7);
    }
}
