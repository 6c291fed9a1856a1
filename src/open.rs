//! open: the .docx container. OWNED BY THE `open` HELPER — stub to be replaced.
//!
//! Contract used by `extract`:
//! - `Package::from_bytes(bytes, &Limits) -> Result<Package, OpenError>`
//! - `Package::main_part_name(&self) -> &str`  (resolved through `_rels/.rels`)
//! - `Package::read_main(&mut self) -> Result<Vec<u8>, OpenError>`
//! - `Package::read_styles(&mut self) -> Result<Option<Vec<u8>>, OpenError>` (through the main part's rels)
//! - `Package::read_core_props(&mut self) -> Result<Option<Vec<u8>>, OpenError>`

use crate::report::ErrorCode;

/// Size bounds applied while opening and inflating.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest inflated size of any one part we read (default 256 MiB).
    pub max_part_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_part_bytes: 256 << 20 }
    }
}

/// Why a file could not be opened as a .docx, located.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct OpenError {
    pub code: ErrorCode,
    pub message: String,
    pub part: Option<String>,
    pub offset: Option<u64>,
}

pub struct Package {
    _bytes: Vec<u8>,
}

impl Package {
    pub fn from_bytes(_bytes: Vec<u8>, _limits: &Limits) -> Result<Package, OpenError> {
        todo!("open helper")
    }
    pub fn main_part_name(&self) -> &str {
        "word/document.xml"
    }
    pub fn read_main(&mut self) -> Result<Vec<u8>, OpenError> {
        todo!("open helper")
    }
    pub fn read_styles(&mut self) -> Result<Option<Vec<u8>>, OpenError> {
        todo!("open helper")
    }
    pub fn read_core_props(&mut self) -> Result<Option<Vec<u8>>, OpenError> {
        todo!("open helper")
    }
}
