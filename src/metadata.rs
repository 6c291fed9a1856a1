//! metadata: agency, year and publication date. OWNED BY THE `recognize` HELPER — stub.
//!
//! Contract used by `extract`: `metadata(&Document, core_props: Option<&[u8]>) -> Metadata`.

use crate::model::Document;
use crate::report::Metadata;

pub fn metadata(_doc: &Document, _core_props: Option<&[u8]>) -> Metadata {
    Metadata::default()
}
