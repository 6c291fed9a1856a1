#![no_main]
//! The main part's XML, fuzzed past the container: `data` becomes `word/document.xml`
//! of an otherwise valid package (stored, so the bytes reach the reader as they are).
use std::io::{Cursor, Write};

use libfuzzer_sys::fuzz_target;
use nianbao::extract::{Options, extract_bytes};
use nianbao::report::ErrorCode;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

const RELS: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

fuzz_target!(|data: &[u8]| {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    w.start_file("_rels/.rels", opts).expect("in memory");
    w.write_all(RELS).expect("in memory");
    w.start_file("word/document.xml", opts).expect("in memory");
    w.write_all(data).expect("in memory");
    let zip = w.finish().expect("in memory").into_inner();
    let report = extract_bytes("fuzz.docx", zip, &Options::default());
    if let Some(e) = &report.error {
        assert!(e.code != ErrorCode::InternalError, "{}", e.message);
        // Where, not only what: malformed XML is located inside the part it is in.
        if e.code == ErrorCode::MalformedXml {
            assert_eq!(e.part.as_deref(), Some("word/document.xml"), "{e:?}");
            assert!(e.offset.is_some_and(|o| o <= data.len() as u64), "{e:?}");
        }
    }
});
