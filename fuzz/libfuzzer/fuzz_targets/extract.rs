#![no_main]
//! Any bytes as a .docx file: the container classification, `_rels`, inflating.
//! A panic anywhere (caught by `extract_bytes` as `internal_error`) is a finding.

use libfuzzer_sys::fuzz_target;
use nianbao::extract::{Options, extract_bytes};
use nianbao::open::Limits;
use nianbao::report::ErrorCode;

fuzz_target!(|data: &[u8]| {
    // A small part limit keeps each execution fast; the refusal path is the same.
    let opts = Options {
        limits: Limits {
            max_part_bytes: 32 << 20,
        },
        ..Options::default()
    };
    let report = extract_bytes("fuzz.docx", data.to_vec(), &opts);
    if let Some(e) = &report.error {
        assert!(e.code != ErrorCode::InternalError, "{}", e.message);
    }
});
